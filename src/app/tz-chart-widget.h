/* tz-chart-widget.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-chart.h"

G_BEGIN_DECLS

#define TZ_TYPE_CHART_WIDGET (tz_chart_widget_get_type ())

G_DECLARE_FINAL_TYPE (TzChartWidget, tz_chart_widget, TZ, CHART_WIDGET, GtkWidget)

/* Shows a TzChart in the theme's colours. Hovering or moving the keyboard
 * highlight over a bar, point or cell describes it in a tooltip; clicking
 * it or pressing Enter emits "activate-item" with its region and year. */

GtkWidget *tz_chart_widget_new                 (void);
TzChart   *tz_chart_widget_get_chart           (TzChartWidget     *self);
void       tz_chart_widget_set_chart           (TzChartWidget     *self,
                                                TzChart           *chart);
gboolean   tz_chart_widget_get_highlight       (TzChartWidget     *self,
                                                TzChartItem       *item);
gboolean   tz_chart_widget_highlight_at        (TzChartWidget     *self,
                                                double             x,
                                                double             y);
char      *tz_chart_widget_dup_item_text       (TzChartWidget     *self,
                                                const TzChartItem *item);
char      *tz_chart_widget_dup_description     (TzChartWidget     *self);

G_END_DECLS
