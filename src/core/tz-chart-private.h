/* tz-chart-private.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-chart.h"

G_BEGIN_DECLS

/* What the layout builder needs of a TzChart, resolved: no defaults left
 * (the kind is never AUTO) and the title and scope already written. */
typedef struct
{
  TzChartKind          kind;
  TzGroupBy            group_by;
  TzRegionLevel        level;
  TzAggregate          aggregate;
  guint                top_n;
  const char          *title;
  const char          *scope;   /* "江苏省 · 2021–2023", or NULL */
  GArray              *rows;    /* TzAggregateRow, or NULL */
  const TzChartStyle  *style;
} TzChartSpec;

typedef enum
{
  TZ_CHART_FONT_BODY,
  TZ_CHART_FONT_SMALL,
  TZ_CHART_FONT_TITLE,
  TZ_CHART_N_FONTS,
} TzChartFont;

/* Single-line Pango layouts by font and text, kept while the context and
 * the font stay the same, so relayouts (a resize, a hover redraw) do not
 * shape the same labels again. */
typedef struct _TzChartText TzChartText;

TzChartText   *_tz_chart_text_new            (PangoContext                *context,
                                              const PangoFontDescription  *font);
void           _tz_chart_text_free           (TzChartText                 *self);
gboolean       _tz_chart_text_is_valid_for   (TzChartText                 *self,
                                              PangoContext                *context,
                                              const PangoFontDescription  *font);
PangoLayout   *_tz_chart_text_get            (TzChartText                 *self,
                                              TzChartFont                  font,
                                              const char                  *text);
PangoLayout   *_tz_chart_text_get_fitted     (TzChartText                 *self,
                                              TzChartFont                  font,
                                              const char                  *text,
                                              int                          max_width);
int            _tz_chart_text_get_line_height (TzChartText                *self,
                                               TzChartFont                 font);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TzChartText, _tz_chart_text_free)

TzChartLayout *_tz_chart_build_layout        (const TzChartSpec           *spec,
                                              TzChartText                 *text,
                                              int                          width,
                                              int                          height);

/* Building a layout: a display list of marks in paint order, plus the
 * items hit testing reports. */
typedef enum
{
  TZ_CHART_MARKER_CIRCLE,
  TZ_CHART_MARKER_SQUARE,
  TZ_CHART_MARKER_DIAMOND,
  TZ_CHART_MARKER_TRIANGLE,
  TZ_CHART_MARKER_TRIANGLE_DOWN,
  TZ_CHART_N_MARKERS,
} TzChartMarker;

TzChartLayout *_tz_chart_layout_new          (int                          width,
                                              int                          height);
void           _tz_chart_layout_set_texts    (TzChartLayout               *self,
                                              const char                  *title,
                                              const char                  *subtitle,
                                              const char                  *message);
void           _tz_chart_layout_set_areas    (TzChartLayout               *self,
                                              const cairo_rectangle_t     *plot,
                                              const cairo_rectangle_t     *label_column);
void           _tz_chart_layout_set_scale    (TzChartLayout               *self,
                                              const TzChartScale          *scale,
                                              TzNumberStyle                number_style);
void           _tz_chart_layout_fill         (TzChartLayout               *self,
                                              double                       x,
                                              double                       y,
                                              double                       width,
                                              double                       height,
                                              const TzChartColor          *color);
void           _tz_chart_layout_line         (TzChartLayout               *self,
                                              double                       x0,
                                              double                       y0,
                                              double                       x1,
                                              double                       y1,
                                              double                       line_width,
                                              const TzChartColor          *color);
void           _tz_chart_layout_polyline     (TzChartLayout               *self,
                                              const double                *xy,
                                              guint                        n_points,
                                              double                       line_width,
                                              const TzChartColor          *color);
void           _tz_chart_layout_marker       (TzChartLayout               *self,
                                              double                       x,
                                              double                       y,
                                              double                       radius,
                                              TzChartMarker                shape,
                                              const TzChartColor          *color,
                                              const TzChartColor          *outline);
void           _tz_chart_layout_text         (TzChartLayout               *self,
                                              PangoLayout                 *layout,
                                              double                       x,
                                              double                       y,
                                              const TzChartColor          *color,
                                              const TzChartColor          *halo);
void           _tz_chart_layout_ramp         (TzChartLayout               *self,
                                              double                       x,
                                              double                       y,
                                              double                       width,
                                              double                       height,
                                              const TzChartStyle          *style);
TzChartItem   *_tz_chart_layout_add_item     (TzChartLayout               *self,
                                              TzChartItemKind              kind,
                                              const cairo_rectangle_t     *hit_area);

G_END_DECLS
