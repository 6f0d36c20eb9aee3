/* tz-chart-text.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-text"

#include "config.h"

#include "tz-chart-private.h"

struct _TzChartText
{
  PangoContext         *context;
  guint                 serial;
  PangoFontDescription *font;
  PangoFontDescription *fonts[TZ_CHART_N_FONTS];
  GHashTable           *layouts[TZ_CHART_N_FONTS];
  int                   line_heights[TZ_CHART_N_FONTS];
};

/* Labels use the font as given; ticks, values and notes a little smaller;
 * the title larger and bold. */
TzChartText *
_tz_chart_text_new (PangoContext               *context,
                    const PangoFontDescription *font)
{
  TzChartText *self = g_new0 (TzChartText, 1);
  int size;

  self->context = g_object_ref (context);
  self->serial = pango_context_get_serial (context);
  self->font = pango_font_description_copy (font);

  size = pango_font_description_get_size (font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;

  for (guint i = 0; i < TZ_CHART_N_FONTS; i++)
    {
      self->fonts[i] = pango_font_description_copy (font);
      self->layouts[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      self->line_heights[i] = -1;
    }

  pango_font_description_set_size (self->fonts[TZ_CHART_FONT_BODY], size);
  pango_font_description_set_size (self->fonts[TZ_CHART_FONT_SMALL], size * 9 / 10);
  pango_font_description_set_size (self->fonts[TZ_CHART_FONT_TITLE], size * 5 / 4);
  pango_font_description_set_weight (self->fonts[TZ_CHART_FONT_TITLE], PANGO_WEIGHT_BOLD);

  return self;
}

void
_tz_chart_text_free (TzChartText *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < TZ_CHART_N_FONTS; i++)
    {
      g_hash_table_unref (self->layouts[i]);
      pango_font_description_free (self->fonts[i]);
    }
  pango_font_description_free (self->font);
  g_object_unref (self->context);
  g_free (self);
}

gboolean
_tz_chart_text_is_valid_for (TzChartText                *self,
                             PangoContext               *context,
                             const PangoFontDescription *font)
{
  return self->context == context
         && self->serial == pango_context_get_serial (context)
         && pango_font_description_equal (self->font, font);
}

static PangoLayout *
create_layout (TzChartText *self,
               TzChartFont  font,
               const char  *text)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[font]);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/**
 * _tz_chart_text_get:
 *
 * Returns: (transfer full): @text on one line, shaped once per cache
 */
PangoLayout *
_tz_chart_text_get (TzChartText *self,
                    TzChartFont  font,
                    const char  *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->layouts[font], text);

  if (layout == NULL)
    {
      layout = create_layout (self, font, text);
      g_hash_table_insert (self->layouts[font], g_strdup (text), layout);
    }

  return g_object_ref (layout);
}

/**
 * _tz_chart_text_get_fitted:
 * @max_width: in pixels
 *
 * Returns: (transfer full): @text, ellipsized at the end if it is wider
 *   than @max_width
 */
PangoLayout *
_tz_chart_text_get_fitted (TzChartText *self,
                           TzChartFont  font,
                           const char  *text,
                           int          max_width)
{
  g_autoptr(PangoLayout) layout = _tz_chart_text_get (self, font, text);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (logical.width <= max_width)
    return g_steal_pointer (&layout);

  g_clear_object (&layout);
  layout = create_layout (self, font, text);
  pango_layout_set_width (layout, MAX (max_width, 1) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  return g_steal_pointer (&layout);
}

int
_tz_chart_text_get_line_height (TzChartText *self,
                                TzChartFont  font)
{
  if (self->line_heights[font] < 0)
    {
      g_autoptr(PangoLayout) layout = create_layout (self, font, "Ag国");
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      self->line_heights[font] = logical.height;
    }

  return self->line_heights[font];
}
