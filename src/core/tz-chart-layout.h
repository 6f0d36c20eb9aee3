/* tz-chart-layout.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "tz-chart-scale.h"

G_BEGIN_DECLS

typedef enum
{
  TZ_CHART_ITEM_NONE,
  TZ_CHART_ITEM_BAR,     /* a horizontal bar or a column */
  TZ_CHART_ITEM_POINT,   /* a point on a line */
  TZ_CHART_ITEM_CELL,    /* a heat-map cell */
  TZ_CHART_ITEM_LEGEND,  /* a series' entry in the legend: its region only */
} TzChartItemKind;

/* Something drawn that stands for figures: what a tooltip describes and a
 * click filters by. @region_name is static (never freed). @area is the
 * bar, the cell, or a box around the point; @label_area is where its
 * own region label was drawn (bars and heat-map rows), empty otherwise. */
typedef struct
{
  TzChartItemKind    kind;
  char               region_code[8];  /* "" for no region, or grouped by year */
  const char        *region_name;
  int                year;            /* 0 when grouped by region */
  double             value;
  guint              n_records;
  guint              series;          /* series, or heat-map row */
  cairo_rectangle_t  area;
  cairo_rectangle_t  label_area;
} TzChartItem;

#define TZ_TYPE_CHART_LAYOUT (tz_chart_layout_get_type ())

G_DECLARE_FINAL_TYPE (TzChartLayout, tz_chart_layout, TZ, CHART_LAYOUT, GObject)

int                  tz_chart_layout_get_width        (TzChartLayout     *self);
int                  tz_chart_layout_get_height       (TzChartLayout     *self);
const char          *tz_chart_layout_get_title        (TzChartLayout     *self);
const char          *tz_chart_layout_get_subtitle     (TzChartLayout     *self);
const char          *tz_chart_layout_get_message      (TzChartLayout     *self);
void                 tz_chart_layout_get_plot_area    (TzChartLayout     *self,
                                                       cairo_rectangle_t *area);
void                 tz_chart_layout_get_label_column (TzChartLayout     *self,
                                                       cairo_rectangle_t *area);
const TzChartScale  *tz_chart_layout_get_scale        (TzChartLayout     *self);
const char          *tz_chart_layout_get_tick_label   (TzChartLayout     *self,
                                                       guint              index);
guint                tz_chart_layout_get_n_items      (TzChartLayout     *self);
const TzChartItem   *tz_chart_layout_get_item         (TzChartLayout     *self,
                                                       guint              index);
gboolean             tz_chart_layout_hit_test         (TzChartLayout     *self,
                                                       double             x,
                                                       double             y,
                                                       TzChartItem       *item);
void                 tz_chart_layout_paint            (TzChartLayout     *self,
                                                       cairo_t           *cr);

G_END_DECLS
