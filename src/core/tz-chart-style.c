/* tz-chart-style.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-style"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tz-chart-style.h"

#define MAX_PALETTE 16
#define MAX_RAMP    16

struct _TzChartStyle
{
  TzChartColor          foreground;
  TzChartColor          background;
  PangoFontDescription *font;
  TzNumberStyle         number_style;
  guint                 n_palette;
  guint                 n_ramp;
  TzChartColor          palette[MAX_PALETTE];
  TzChartColor          ramp[MAX_RAMP];
};

G_DEFINE_BOXED_TYPE (TzChartStyle, tz_chart_style, tz_chart_style_copy, tz_chart_style_free)

/* Okabe & Ito's palette, which readers with any common colour-vision
 * deficiency can tell apart. Each theme leaves out the colour that vanishes
 * on its background (yellow on white, black on dark) and puts the colours
 * that stand out most from it first; a neutral grey readable on both
 * takes the eighth place. */
static const char * const light_palette[] = {
  "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#000000", "#999999",
};
static const char * const dark_palette[] = {
  "#56b4e9", "#e69f00", "#009e73", "#f0e442", "#d55e00", "#cc79a7", "#0072b2", "#999999",
};

/* Viridis, sampled at nine points: perceptually uniform, readable in grey
 * and by colour-blind readers, and light at the top so large values stand
 * out on either theme. */
static const char * const viridis[] = {
  "#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725",
};

gboolean
tz_chart_color_parse (TzChartColor *color,
                      const char   *spec)
{
  guint channels[4] = { 0, 0, 0, 255 };
  gsize len;

  g_return_val_if_fail (color != NULL, FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);

  if (spec[0] != '#')
    return FALSE;
  spec++;
  len = strlen (spec);
  if (len != 6 && len != 8)
    return FALSE;

  for (guint i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (spec[2 * i]);
      int lo = g_ascii_xdigit_value (spec[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      channels[i] = hi * 16 + lo;
    }

  color->red = channels[0] / 255.f;
  color->green = channels[1] / 255.f;
  color->blue = channels[2] / 255.f;
  color->alpha = channels[3] / 255.f;
  return TRUE;
}

gboolean
tz_chart_color_equal (const TzChartColor *a,
                      const TzChartColor *b)
{
  return a->red == b->red && a->green == b->green && a->blue == b->blue && a->alpha == b->alpha;
}

static void
set_colors (TzChartColor       *colors,
            guint              *n_colors,
            const char * const *specs,
            guint               n_specs)
{
  for (guint i = 0; i < n_specs; i++)
    tz_chart_color_parse (&colors[i], specs[i]);
  *n_colors = n_specs;
}

TzChartStyle *
tz_chart_style_new (void)
{
  TzChartStyle *self = g_new0 (TzChartStyle, 1);

  tz_chart_color_parse (&self->foreground, "#1e1e1e");
  tz_chart_color_parse (&self->background, "#ffffff");
  self->font = pango_font_description_from_string ("Sans 10");
  self->number_style = TZ_NUMBER_STYLE_AUTO;
  set_colors (self->palette, &self->n_palette, light_palette, G_N_ELEMENTS (light_palette));
  set_colors (self->ramp, &self->n_ramp, viridis, G_N_ELEMENTS (viridis));

  return self;
}

/**
 * tz_chart_style_new_dark:
 *
 * Returns: (transfer full): a style for dark themes (Adwaita's dark
 *   window colours)
 */
TzChartStyle *
tz_chart_style_new_dark (void)
{
  TzChartStyle *self = tz_chart_style_new ();

  tz_chart_color_parse (&self->foreground, "#ffffff");
  tz_chart_color_parse (&self->background, "#242424");
  set_colors (self->palette, &self->n_palette, dark_palette, G_N_ELEMENTS (dark_palette));

  return self;
}

TzChartStyle *
tz_chart_style_copy (const TzChartStyle *self)
{
  TzChartStyle *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->font = pango_font_description_copy (self->font);

  return copy;
}

void
tz_chart_style_free (TzChartStyle *self)
{
  if (self == NULL)
    return;

  pango_font_description_free (self->font);
  g_free (self);
}

gboolean
tz_chart_style_equal (const TzChartStyle *a,
                      const TzChartStyle *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (!tz_chart_color_equal (&a->foreground, &b->foreground)
      || !tz_chart_color_equal (&a->background, &b->background)
      || a->number_style != b->number_style
      || a->n_palette != b->n_palette
      || a->n_ramp != b->n_ramp
      || !pango_font_description_equal (a->font, b->font))
    return FALSE;

  for (guint i = 0; i < a->n_palette; i++)
    if (!tz_chart_color_equal (&a->palette[i], &b->palette[i]))
      return FALSE;
  for (guint i = 0; i < a->n_ramp; i++)
    if (!tz_chart_color_equal (&a->ramp[i], &b->ramp[i]))
      return FALSE;

  return TRUE;
}

const TzChartColor *
tz_chart_style_get_foreground (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->foreground;
}

void
tz_chart_style_set_foreground (TzChartStyle       *self,
                               const TzChartColor *color)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (color != NULL);

  self->foreground = *color;
}

const TzChartColor *
tz_chart_style_get_background (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->background;
}

void
tz_chart_style_set_background (TzChartStyle       *self,
                               const TzChartColor *color)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (color != NULL);

  self->background = *color;
}

const PangoFontDescription *
tz_chart_style_get_font (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->font;
}

/**
 * tz_chart_style_set_font:
 * @font: the text font; labels use it as is, ticks a little smaller and
 *   the title larger and bold. Without a size, 10 points.
 */
void
tz_chart_style_set_font (TzChartStyle               *self,
                         const PangoFontDescription *font)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (font != NULL);

  pango_font_description_free (self->font);
  self->font = pango_font_description_copy (font);
}

TzNumberStyle
tz_chart_style_get_number_style (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, TZ_NUMBER_STYLE_AUTO);

  return self->number_style;
}

void
tz_chart_style_set_number_style (TzChartStyle  *self,
                                 TzNumberStyle  number_style)
{
  g_return_if_fail (self != NULL);

  self->number_style = number_style;
}

guint
tz_chart_style_get_n_series_colors (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_palette;
}

/* Series beyond the palette reuse its colours; charts tell them apart by
 * their marker shapes too. */
const TzChartColor *
tz_chart_style_get_series_color (const TzChartStyle *self,
                                 guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->palette[index % self->n_palette];
}

void
tz_chart_style_set_palette (TzChartStyle       *self,
                            const TzChartColor *colors,
                            guint               n_colors)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (colors != NULL);
  g_return_if_fail (n_colors > 0);

  self->n_palette = MIN (n_colors, MAX_PALETTE);
  memcpy (self->palette, colors, self->n_palette * sizeof *colors);
}

/**
 * tz_chart_style_set_ramp:
 * @stops: colours from the smallest to the largest value, evenly spaced
 * @n_stops: how many, at least 2
 */
void
tz_chart_style_set_ramp (TzChartStyle       *self,
                         const TzChartColor *stops,
                         guint               n_stops)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (stops != NULL);
  g_return_if_fail (n_stops >= 2);

  self->n_ramp = MIN (n_stops, MAX_RAMP);
  memcpy (self->ramp, stops, self->n_ramp * sizeof *stops);
}

guint
tz_chart_style_get_n_ramp_stops (const TzChartStyle *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_ramp;
}

const TzChartColor *
tz_chart_style_get_ramp_stop (const TzChartStyle *self,
                              guint               index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_ramp, NULL);

  return &self->ramp[index];
}

/**
 * tz_chart_style_get_ramp_color:
 * @t: where on the ramp, 0 (smallest) to 1 (largest); clamped
 */
void
tz_chart_style_get_ramp_color (const TzChartStyle *self,
                               double              t,
                               TzChartColor       *color)
{
  double pos;
  guint i;
  float f;

  g_return_if_fail (self != NULL);
  g_return_if_fail (color != NULL);

  if (!(t > 0))
    t = 0;
  if (t > 1)
    t = 1;

  pos = t * (self->n_ramp - 1);
  i = MIN ((guint)pos, self->n_ramp - 2);
  f = (float)(pos - i);

  color->red = self->ramp[i].red + f * (self->ramp[i + 1].red - self->ramp[i].red);
  color->green = self->ramp[i].green + f * (self->ramp[i + 1].green - self->ramp[i].green);
  color->blue = self->ramp[i].blue + f * (self->ramp[i + 1].blue - self->ramp[i].blue);
  color->alpha = self->ramp[i].alpha + f * (self->ramp[i + 1].alpha - self->ramp[i].alpha);
}
