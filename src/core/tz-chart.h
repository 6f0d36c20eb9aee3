/* tz-chart.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

#include "tz-chart-layout.h"
#include "tz-chart-style.h"
#include "tz-enums.h"
#include "tz-filter.h"

G_BEGIN_DECLS

/* What a chart draws. AUTO picks from the grouping: bars by region, lines
 * by year, a heat map by region × year. */
typedef enum
{
  TZ_CHART_KIND_AUTO,
  TZ_CHART_KIND_BARS,     /* horizontal bars by region, largest first */
  TZ_CHART_KIND_LINES,    /* by year, one line per region */
  TZ_CHART_KIND_COLUMNS,  /* by year, grouped per region */
  TZ_CHART_KIND_HEATMAP,  /* regions × years */
} TzChartKind;

typedef enum
{
  TZ_CHART_FORMAT_PNG,
  TZ_CHART_FORMAT_SVG,
  TZ_CHART_FORMAT_PDF,
} TzChartFormat;

#define TZ_TYPE_CHART_KIND (tz_chart_kind_get_type ())
#define TZ_TYPE_CHART      (tz_chart_get_type ())

GType tz_chart_kind_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (TzChart, tz_chart, TZ, CHART, GObject)

const char          *tz_chart_kind_to_string       (TzChartKind          kind);
gboolean             tz_chart_kind_from_string     (const char          *str,
                                                    TzChartKind         *kind);
TzChartKind          tz_chart_kind_for_group_by    (TzGroupBy            group_by);
gboolean             tz_chart_kind_supports        (TzChartKind          kind,
                                                    TzGroupBy            group_by);
gboolean             tz_chart_format_for_filename  (const char          *filename,
                                                    TzChartFormat       *format);

TzChart             *tz_chart_new                  (void);
TzChartKind          tz_chart_get_kind             (TzChart             *self);
void                 tz_chart_set_kind             (TzChart             *self,
                                                    TzChartKind          kind);
TzGroupBy            tz_chart_get_group_by         (TzChart             *self);
void                 tz_chart_set_group_by         (TzChart             *self,
                                                    TzGroupBy            group_by);
TzRegionLevel        tz_chart_get_region_level     (TzChart             *self);
void                 tz_chart_set_region_level     (TzChart             *self,
                                                    TzRegionLevel        level);
TzAggregate          tz_chart_get_aggregate        (TzChart             *self);
void                 tz_chart_set_aggregate        (TzChart             *self,
                                                    TzAggregate          aggregate);
guint                tz_chart_get_top_n            (TzChart             *self);
void                 tz_chart_set_top_n            (TzChart             *self,
                                                    guint                top_n);
TzFilter            *tz_chart_get_filter           (TzChart             *self);
void                 tz_chart_set_filter           (TzChart             *self,
                                                    TzFilter            *filter);
const char          *tz_chart_get_title            (TzChart             *self);
void                 tz_chart_set_title            (TzChart             *self,
                                                    const char          *title);
char                *tz_chart_dup_display_title    (TzChart             *self);
const TzChartStyle  *tz_chart_get_style            (TzChart             *self);
void                 tz_chart_set_style            (TzChart             *self,
                                                    const TzChartStyle  *style);
GArray              *tz_chart_get_rows             (TzChart             *self);
void                 tz_chart_set_rows             (TzChart             *self,
                                                    GArray              *rows);

TzChartLayout       *tz_chart_update_layout        (TzChart             *self,
                                                    PangoContext        *context,
                                                    int                  width,
                                                    int                  height);
TzChartLayout       *tz_chart_get_layout           (TzChart             *self);
void                 tz_chart_draw                 (TzChart             *self,
                                                    cairo_t             *cr,
                                                    int                  width,
                                                    int                  height);
gboolean             tz_chart_hit_test             (TzChart             *self,
                                                    double               x,
                                                    double               y,
                                                    TzChartItem         *item);
gboolean             tz_chart_export_to_stream     (TzChart             *self,
                                                    GOutputStream       *stream,
                                                    TzChartFormat        format,
                                                    int                  width,
                                                    int                  height,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
gboolean             tz_chart_export               (TzChart             *self,
                                                    GFile               *file,
                                                    int                  width,
                                                    int                  height,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

G_END_DECLS
