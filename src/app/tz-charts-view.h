/* tz-charts-view.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-chart-widget.h"
#include "tz-filter.h"
#include "tz-ledger.h"

G_BEGIN_DECLS

#define TZ_TYPE_CHARTS_VIEW (tz_charts_view_get_type ())

G_DECLARE_FINAL_TYPE (TzChartsView, tz_charts_view, TZ, CHARTS_VIEW, GtkWidget)

/* The Charts view: the ledger's figures as a chart, chosen by subject,
 * unit, grouping, region level, aggregate and kind in a toolbar. It
 * follows the ledger as it changes. Clicking a bar, point or cell emits
 * "show-records" with a filter selecting exactly its figures, so the
 * window can list them in the Ledger view. */

GtkWidget     *tz_charts_view_new               (void);
TzLedger      *tz_charts_view_get_ledger        (TzChartsView         *self);
void           tz_charts_view_set_ledger        (TzChartsView         *self,
                                                 TzLedger             *ledger);
gboolean       tz_charts_view_get_loading       (TzChartsView         *self);
void           tz_charts_view_load              (TzChartsView         *self);
TzChartWidget *tz_charts_view_get_chart_widget  (TzChartsView         *self);
TzFilter      *tz_charts_view_dup_item_filter   (TzChartsView         *self,
                                                 const char           *region_code,
                                                 int                   year);
void           tz_charts_view_export_async      (TzChartsView         *self,
                                                 GFile                *file,
                                                 int                   width,
                                                 int                   height,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       tz_charts_view_export_finish     (TzChartsView         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
