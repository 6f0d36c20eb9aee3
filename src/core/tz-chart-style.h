/* tz-chart-style.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <pango/pango.h>

#include "tz-format.h"

G_BEGIN_DECLS

/* A colour with straight (not premultiplied) alpha, each channel 0…1. It has
 * the layout of GdkRGBA, so the app can pass its theme colours through a
 * cast without the core knowing GTK. */
typedef struct
{
  float red;
  float green;
  float blue;
  float alpha;
} TzChartColor;

#define TZ_TYPE_CHART_STYLE (tz_chart_style_get_type ())

/* How a chart looks: colours, font, number style, the series palette and
 * the heat-map ramp. A plain value: the chart keeps a copy. */
typedef struct _TzChartStyle TzChartStyle;

GType                        tz_chart_style_get_type          (void) G_GNUC_CONST;
TzChartStyle                *tz_chart_style_new               (void);
TzChartStyle                *tz_chart_style_new_dark          (void);
TzChartStyle                *tz_chart_style_copy              (const TzChartStyle         *self);
void                         tz_chart_style_free              (TzChartStyle               *self);
gboolean                     tz_chart_style_equal             (const TzChartStyle         *a,
                                                               const TzChartStyle         *b);
const TzChartColor          *tz_chart_style_get_foreground    (const TzChartStyle         *self);
void                         tz_chart_style_set_foreground    (TzChartStyle               *self,
                                                               const TzChartColor         *color);
const TzChartColor          *tz_chart_style_get_background    (const TzChartStyle         *self);
void                         tz_chart_style_set_background    (TzChartStyle               *self,
                                                               const TzChartColor         *color);
const PangoFontDescription  *tz_chart_style_get_font          (const TzChartStyle         *self);
void                         tz_chart_style_set_font          (TzChartStyle               *self,
                                                               const PangoFontDescription *font);
TzNumberStyle                tz_chart_style_get_number_style  (const TzChartStyle         *self);
void                         tz_chart_style_set_number_style  (TzChartStyle               *self,
                                                               TzNumberStyle               number_style);
guint                        tz_chart_style_get_n_series_colors (const TzChartStyle       *self);
const TzChartColor          *tz_chart_style_get_series_color  (const TzChartStyle         *self,
                                                               guint                       index);
void                         tz_chart_style_set_palette       (TzChartStyle               *self,
                                                               const TzChartColor         *colors,
                                                               guint                       n_colors);
void                         tz_chart_style_set_ramp          (TzChartStyle               *self,
                                                               const TzChartColor         *stops,
                                                               guint                       n_stops);
void                         tz_chart_style_get_ramp_color    (const TzChartStyle         *self,
                                                               double                      t,
                                                               TzChartColor               *color);
guint                        tz_chart_style_get_n_ramp_stops  (const TzChartStyle         *self);
const TzChartColor          *tz_chart_style_get_ramp_stop     (const TzChartStyle         *self,
                                                               guint                       index);

gboolean                     tz_chart_color_parse             (TzChartColor               *color,
                                                               const char                 *spec);
gboolean                     tz_chart_color_equal             (const TzChartColor         *a,
                                                               const TzChartColor         *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TzChartStyle, tz_chart_style_free)

G_END_DECLS
