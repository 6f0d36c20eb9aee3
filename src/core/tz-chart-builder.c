/* tz-chart-builder.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-builder"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tz-chart-private.h"
#include "tz-gazetteer.h"
#include "tz-store.h"

/* Turns aggregated rows into a TzChartLayout: geometry and shaped text,
 * nothing painted. Everything is measured in pixels of the target, so
 * rectangles are snapped to whole pixels and 1-pixel lines to their
 * centres, which keeps bars crisp and their lengths exact. */

#define MAX_SERIES 8
#define LABEL_SHARE 0.28  /* of the width, at most, for region labels */

typedef struct
{
  const char *code;
  const char *name;        /* static or interned */
  double      total;       /* combined over the years: ranks, and sizes bars */
  guint       n_records;
  int         latest_year;
  guint       slot;        /* index before sorting */
} Region;

typedef struct
{
  const TzChartSpec  *spec;
  const TzChartStyle *style;
  TzChartText        *text;
  TzChartLayout      *layout;
  TzNumberStyle       number_style;
  int                 width;
  int                 height;

  double              body_h;
  double              small_h;
  double              gap;
  double              pad;

  TzChartColor        fg;
  TzChartColor        bg;
  TzChartColor        muted;
  TzChartColor        grid;
  TzChartColor        axis;
  TzChartColor        empty;

  /* The box left for the chart below the title. */
  double              x0;
  double              y0;
  double              x1;
  double              y1;

  GPtrArray          *notes;

  GArray             *regions;    /* Region, largest first */
  GArray             *years;      /* int, ascending */
  double             *values;     /* regions × years, in sorted order */
  guint              *counts;     /* records per cell; 0 for no figures */
  guint               n_records;
  guint               n_yearless;
  gboolean            integral;
} Builder;

static TzChartColor
with_alpha (const TzChartColor *color,
            float               alpha)
{
  TzChartColor c = *color;

  c.alpha *= alpha;
  return c;
}

/* Text on a filled shape: near-black on light fills, white on dark. */
static TzChartColor
contrast_color (const TzChartColor *fill)
{
  double luminance = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;
  TzChartColor c = { 0, 0, 0, 0.87f };

  if (luminance < 0.55)
    c = (TzChartColor) { 1, 1, 1, 1 };

  return c;
}

static void
text_size (PangoLayout *layout,
           int         *width,
           int         *height)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = logical.width;
  if (height != NULL)
    *height = logical.height;
}

static int
text_width (Builder     *b,
            TzChartFont  font,
            const char  *text)
{
  g_autoptr(PangoLayout) layout = _tz_chart_text_get (b->text, font, text);
  int width;

  text_size (layout, &width, NULL);
  return width;
}

static double
crisp (double v)
{
  return floor (v) + 0.5;
}

static char *
format_value (Builder *b,
              double   value)
{
  return tz_format_number (value, b->number_style);
}

static void
add_note (Builder *b,
          char    *note)
{
  g_ptr_array_add (b->notes, note);
}

/* Region names */

static const char *
region_name (TzGazetteer   *gazetteer,
             const char    *code,
             TzRegionLevel  level,
             guint         *id)
{
  *id = TZ_DIVISION_NONE;

  /* By city, figures for a whole province (or none) have no city. */
  if (code == NULL || *code == '\0')
    return level == TZ_REGION_LEVEL_PREFECTURE ? _("No city") : _("No region");

  *id = tz_gazetteer_lookup_code (gazetteer, code);
  if (*id == TZ_DIVISION_NONE)
    return g_intern_string (code);

  return tz_gazetteer_get_name (gazetteer, *id);
}

/* Counties share names across the country (there are several 鼓楼区);
 * shown side by side they get their city in front, as addresses are
 * written: 南京市鼓楼区, 福州市鼓楼区. */
static void
disambiguate_names (Builder *b,
                    guint    n_shown)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n_shown; i++)
    {
      Region *region = &g_array_index (b->regions, Region, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, region->name));

      g_hash_table_insert (seen, (gpointer)region->name, GUINT_TO_POINTER (n + 1));
    }

  for (guint i = 0; i < n_shown; i++)
    {
      Region *region = &g_array_index (b->regions, Region, i);
      guint id, parent;

      if (GPOINTER_TO_UINT (g_hash_table_lookup (seen, region->name)) < 2)
        continue;

      id = tz_gazetteer_lookup_code (gazetteer, region->code);
      parent = id != TZ_DIVISION_NONE ? tz_gazetteer_get_parent (gazetteer, id) : TZ_DIVISION_NONE;
      if (parent != TZ_DIVISION_NONE && parent != TZ_DIVISION_NATION)
        {
          g_autofree char *full = g_strconcat (tz_gazetteer_get_name (gazetteer, parent),
                                               tz_gazetteer_get_name (gazetteer, id), NULL);
          region->name = g_intern_string (full);
        }
    }
}

/* Data */

static gboolean
kind_needs_years (TzChartKind kind)
{
  return kind != TZ_CHART_KIND_BARS;
}

static void
combine (TzAggregate  aggregate,
         Region      *region,
         const TzAggregateRow *row)
{
  switch (aggregate)
    {
    case TZ_AGGREGATE_MAX:
      if (region->n_records == 0 || row->value > region->total)
        region->total = row->value;
      break;

    case TZ_AGGREGATE_LATEST:
      if (region->n_records == 0 || row->year >= region->latest_year)
        {
          region->total = row->value;
          region->latest_year = row->year;
        }
      break;

    case TZ_AGGREGATE_SUM:
    case TZ_AGGREGATE_COUNT:
    default:
      region->total += row->value;
      break;
    }
  region->n_records += row->n_records;
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const Region *ra = a;
  const Region *rb = b;

  if (ra->total != rb->total)
    return ra->total > rb->total ? -1 : 1;
  return strcmp (ra->code, rb->code);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *)a - *(const int *)b;
}

/* Regions with their totals, largest first, and when the chart runs over
 * years, the years and a dense regions × years grid of the values. */
static void
collect (Builder *b)
{
  const TzChartSpec *spec = b->spec;
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(GHashTable) by_code = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) year_set = g_hash_table_new (NULL, NULL);
  g_autofree guint *position = NULL;
  gboolean years = kind_needs_years (spec->kind);
  guint n_years;

  b->regions = g_array_new (FALSE, TRUE, sizeof (Region));
  b->years = g_array_new (FALSE, FALSE, sizeof (int));
  b->integral = TRUE;

  if (spec->rows == NULL)
    return;

  for (guint i = 0; i < spec->rows->len; i++)
    {
      const TzAggregateRow *row = &g_array_index (spec->rows, TzAggregateRow, i);
      gpointer slot;
      Region *region;

      if (years && row->year <= 0)
        {
          b->n_yearless += row->n_records;
          continue;
        }
      if (!isfinite (row->value))
        continue;

      if (!g_hash_table_lookup_extended (by_code, row->region_code, NULL, &slot))
        {
          Region fresh = { 0 };
          guint id;

          fresh.code = row->region_code;
          fresh.slot = b->regions->len;
          if (spec->group_by == TZ_GROUP_BY_YEAR)
            fresh.name = _("All regions");
          else
            fresh.name = region_name (gazetteer, row->region_code, spec->level, &id);
          slot = GUINT_TO_POINTER (b->regions->len);
          g_array_append_val (b->regions, fresh);
          g_hash_table_insert (by_code, (gpointer)row->region_code, slot);
        }

      region = &g_array_index (b->regions, Region, GPOINTER_TO_UINT (slot));
      combine (spec->aggregate, region, row);
      b->n_records += row->n_records;
      if (row->value != floor (row->value))
        b->integral = FALSE;

      if (years && !g_hash_table_contains (year_set, GINT_TO_POINTER (row->year)))
        {
          g_hash_table_add (year_set, GINT_TO_POINTER (row->year));
          g_array_append_val (b->years, row->year);
        }
    }

  g_array_sort (b->regions, compare_regions);
  g_array_sort (b->years, compare_ints);

  if (!years || b->regions->len == 0)
    return;

  n_years = b->years->len;
  position = g_new (guint, b->regions->len);
  for (guint i = 0; i < b->regions->len; i++)
    position[g_array_index (b->regions, Region, i).slot] = i;

  b->values = g_new0 (double, (gsize)b->regions->len * n_years);
  b->counts = g_new0 (guint, (gsize)b->regions->len * n_years);

  for (guint i = 0; i < spec->rows->len; i++)
    {
      const TzAggregateRow *row = &g_array_index (spec->rows, TzAggregateRow, i);
      gpointer slot;
      const int *found;
      gsize cell;

      if (row->year <= 0 || !isfinite (row->value)
          || !g_hash_table_lookup_extended (by_code, row->region_code, NULL, &slot))
        continue;

      found = bsearch (&row->year, b->years->data, n_years, sizeof (int), compare_ints);
      cell = (gsize)position[GPOINTER_TO_UINT (slot)] * n_years + (found - (const int *)(gpointer)b->years->data);
      b->values[cell] = row->value;
      b->counts[cell] = row->n_records;
    }
}

static double
max_value (Builder *b,
           guint    n_regions)
{
  double max = 0;

  if (b->values == NULL)
    {
      for (guint i = 0; i < n_regions; i++)
        max = MAX (max, g_array_index (b->regions, Region, i).total);
      return max;
    }

  for (gsize i = 0; i < (gsize)n_regions * b->years->len; i++)
    if (b->counts[i] > 0)
      max = MAX (max, b->values[i]);

  return max;
}

static void
note_regions (Builder *b,
              guint    n_shown)
{
  guint n_all = b->regions->len;

  if (b->spec->group_by == TZ_GROUP_BY_YEAR)
    return;

  if (n_shown < n_all)
    add_note (b, g_strdup_printf (_("Top %u of %u regions"), n_shown, n_all));
  else
    add_note (b, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u region", "%u regions", n_all), n_all));
}

/* Axes */

/* The value axis: a tick about every three lines of text, so the top
 * tick stays close above the largest value. Horizontal labels that would
 * touch are thinned out to every 2nd or 5th tick; the grid keeps them
 * all. Returns that stride. */
static guint
fit_scale (Builder      *b,
           double        max,
           double        length,
           gboolean      vertical,
           TzChartScale *scale)
{
  static const guint strides[] = { 1, 2, 5 };
  double per_line = vertical ? b->body_h * 3.2 : b->body_h * 2.6;
  guint intervals = (guint)CLAMP (length / per_line, vertical ? 1 : 2, vertical ? 6 : 8);
  double per_tick;
  int widest = 0;

  tz_chart_scale_init (scale, max, intervals, b->integral);
  _tz_chart_layout_set_scale (b->layout, scale, b->number_style);
  if (vertical)
    return 1;

  for (guint i = 0; i < scale->n_ticks; i++)
    widest = MAX (widest, text_width (b, TZ_CHART_FONT_SMALL, tz_chart_layout_get_tick_label (b->layout, i)));

  per_tick = length / MAX (scale->n_ticks - 1, 1);
  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    if (per_tick * strides[i] >= widest + b->body_h)
      return strides[i];

  return MAX (scale->n_ticks, 1);
}

static void
add_tick_label (Builder    *b,
                const char *label,
                double      x,
                double      y,
                double      min_x,
                double      max_x)
{
  g_autoptr(PangoLayout) layout = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, label);
  int w;

  text_size (layout, &w, NULL);
  x = CLAMP (round (x - w / 2.0), min_x, MAX (min_x, max_x - w));
  _tz_chart_layout_text (b->layout, layout, x, y, &b->muted, NULL);
}

/* Which years to label when they do not all fit: every 1st, 2nd, 5th … */
static guint
year_stride (Builder *b,
             double   slot_width)
{
  static const guint strides[] = { 1, 2, 5, 10, 20, 50, 100 };
  double needed = text_width (b, TZ_CHART_FONT_SMALL, "2024") + b->gap;

  for (guint i = 0; i < G_N_ELEMENTS (strides); i++)
    if (strides[i] * slot_width >= needed)
      return strides[i];

  return 1000;
}

/* The value axis of the year charts, on the left: ticks, grid lines and
 * labels. Fills in the plot's x and width. */
static void
layout_value_axis (Builder           *b,
                   guint              n_series,
                   cairo_rectangle_t *plot,
                   TzChartScale      *scale)
{
  int widest = 0;

  fit_scale (b, max_value (b, n_series), plot->height, TRUE, scale);

  for (guint i = 0; i < scale->n_ticks; i++)
    widest = MAX (widest, text_width (b, TZ_CHART_FONT_SMALL, tz_chart_layout_get_tick_label (b->layout, i)));

  plot->x = b->x0 + widest + b->gap * 0.75;
  plot->width = b->x1 - plot->x;

  for (guint i = 0; i < scale->n_ticks; i++)
    {
      g_autoptr(PangoLayout) layout = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL,
                                                          tz_chart_layout_get_tick_label (b->layout, i));
      double y = plot->y + plot->height - tz_chart_scale_get_tick (scale, i) / scale->top * plot->height;
      int w, h;

      _tz_chart_layout_line (b->layout, plot->x, crisp (y), plot->x + plot->width, crisp (y), 1,
                             i == 0 ? &b->axis : &b->grid);
      text_size (layout, &w, &h);
      _tz_chart_layout_text (b->layout, layout, plot->x - b->gap * 0.75 - w, round (y - h / 2.0), &b->muted, NULL);
    }
}

/* Legend */

typedef struct
{
  PangoLayout *label;
  double       x;
  double       y;
} LegendEntry;

static double
legend_swatch_width (Builder  *b,
                     gboolean  lines)
{
  return lines ? b->body_h * 1.6 : b->body_h * 0.7;
}

/* Entries flow left to right and wrap; returns the height they need,
 * with the positions filled in relative to the legend's top. */
static double
flow_legend (Builder     *b,
             guint        n_series,
             gboolean     lines,
             LegendEntry *entries)
{
  double swatch = legend_swatch_width (b, lines);
  double row_h = b->body_h * 1.35;
  double x = b->x0;
  double y = 0;
  int max_label = (int)((b->x1 - b->x0) * 0.4);

  for (guint s = 0; s < n_series; s++)
    {
      const Region *region = &g_array_index (b->regions, Region, s);
      int w;

      entries[s].label = _tz_chart_text_get_fitted (b->text, TZ_CHART_FONT_BODY, region->name, max_label);
      text_size (entries[s].label, &w, NULL);

      if (x > b->x0 && x + swatch + b->gap * 0.5 + w > b->x1)
        {
          x = b->x0;
          y += row_h;
        }
      entries[s].x = x;
      entries[s].y = y;
      x += swatch + b->gap * 0.5 + w + b->gap * 2;
    }

  return y + row_h;
}

static void
place_legend (Builder     *b,
              guint        n_series,
              gboolean     lines,
              LegendEntry *entries,
              double       top)
{
  double swatch = legend_swatch_width (b, lines);

  for (guint s = 0; s < n_series; s++)
    {
      const Region *region = &g_array_index (b->regions, Region, s);
      const TzChartColor *color = tz_chart_style_get_series_color (b->style, s);
      double y = top + entries[s].y;
      double cy = y + b->body_h / 2.0;
      cairo_rectangle_t hit;
      TzChartItem *item;
      int w, h;

      if (lines)
        {
          _tz_chart_layout_line (b->layout, entries[s].x, cy, entries[s].x + swatch, cy,
                                 MAX (2, round (b->body_h / 7)), color);
          _tz_chart_layout_marker (b->layout, entries[s].x + swatch / 2, cy, MAX (4, round (b->body_h * 0.3)),
                                   s % TZ_CHART_N_MARKERS, color, &b->bg);
        }
      else
        {
          _tz_chart_layout_fill (b->layout, round (entries[s].x), round (cy - swatch / 2),
                                 round (swatch), round (swatch), color);
        }

      text_size (entries[s].label, &w, &h);
      _tz_chart_layout_text (b->layout, entries[s].label, round (entries[s].x + swatch + b->gap * 0.5),
                             round (cy - h / 2.0), &b->fg, NULL);

      hit = (cairo_rectangle_t) { entries[s].x, y, swatch + b->gap * 0.5 + w, b->body_h };
      item = _tz_chart_layout_add_item (b->layout, TZ_CHART_ITEM_LEGEND, &hit);
      g_strlcpy (item->region_code, region->code, sizeof item->region_code);
      item->region_name = region->name;
      item->value = region->total;
      item->n_records = region->n_records;
      item->series = s;
      item->area = hit;
    }
}

/* Horizontal bars by region */

static void
build_bars (Builder *b)
{
  guint n_all = b->regions->len;
  guint n = b->spec->top_n > 0 ? b->spec->top_n : 15;
  double axis_h = b->small_h + b->gap;
  double avail = b->y1 - b->y0 - axis_h;
  double band_min = b->body_h * 1.35;
  const TzChartColor *color = tz_chart_style_get_series_color (b->style, 0);
  TzChartColor on_bar = contrast_color (color);
  g_autoptr(GPtrArray) value_labels = g_ptr_array_new_with_free_func (g_object_unref);
  TzChartScale scale;
  cairo_rectangle_t plot, column;
  int label_w = 0, value_w = 0;
  double reserve, band, bar_h;
  guint stride;

  n = MIN (n, n_all);
  n = MIN (n, avail > 0 ? (guint)(avail / band_min) : 0);
  if (n == 0)
    return;
  disambiguate_names (b, n);
  note_regions (b, n);

  for (guint i = 0; i < n; i++)
    {
      const Region *region = &g_array_index (b->regions, Region, i);
      g_autofree char *value = format_value (b, region->total);
      PangoLayout *layout = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, value);
      int w;

      label_w = MAX (label_w, text_width (b, TZ_CHART_FONT_BODY, region->name));
      text_size (layout, &w, NULL);
      value_w = MAX (value_w, w);
      g_ptr_array_add (value_labels, layout);
    }
  label_w = MIN (label_w, (int)floor (b->width * LABEL_SHARE));

  plot.x = round (b->x0 + label_w + b->gap);
  reserve = MIN (value_w + b->gap, (b->x1 - plot.x) * 0.3);
  plot.width = floor (b->x1 - plot.x - reserve);
  if (plot.width < b->body_h * 2)
    return;
  /* Few bars spread over the height, but stay bars, not slabs. */
  band = MIN (avail / n, b->body_h * 4.2);
  plot.y = b->y0;
  plot.height = round (band * n);
  bar_h = MAX (1, round (MIN (band * 0.66, b->body_h * 1.9)));
  column = (cairo_rectangle_t) { b->x0, plot.y, label_w, plot.height };
  _tz_chart_layout_set_areas (b->layout, &plot, &column);

  stride = fit_scale (b, max_value (b, n), plot.width, FALSE, &scale);
  for (guint i = 0; i < scale.n_ticks; i++)
    {
      double x = plot.x + tz_chart_scale_get_tick (&scale, i) / scale.top * plot.width;

      if (i > 0)
        _tz_chart_layout_line (b->layout, crisp (x), plot.y, crisp (x), plot.y + plot.height, 1, &b->grid);
      if (i % stride == 0)
        add_tick_label (b, tz_chart_layout_get_tick_label (b->layout, i), x,
                        plot.y + plot.height + b->gap * 0.5, b->x0, b->x1);
    }

  for (guint i = 0; i < n; i++)
    {
      const Region *region = &g_array_index (b->regions, Region, i);
      PangoLayout *value_label = g_ptr_array_index (value_labels, i);
      g_autoptr(PangoLayout) label = _tz_chart_text_get_fitted (b->text, TZ_CHART_FONT_BODY, region->name, label_w);
      double center = plot.y + band * (i + 0.5);
      double y = round (center - bar_h / 2);
      double w = region->total > 0 ? round (region->total / scale.top * plot.width) : 0;
      cairo_rectangle_t hit = { b->x0, plot.y + band * i, b->x1 - b->x0, band };
      TzChartItem *item;
      int lw, lh, vw, vh;

      if (region->total > 0 && w < 1)
        w = 1;
      _tz_chart_layout_fill (b->layout, plot.x, y, w, bar_h, color);

      text_size (label, &lw, &lh);
      _tz_chart_layout_text (b->layout, label, plot.x - b->gap - lw, round (center - lh / 2.0), &b->fg, NULL);

      /* The value goes after the bar, or inside its end when the bar
       * reaches the edge, or nowhere when neither has room. */
      text_size (value_label, &vw, &vh);
      if (plot.x + w + b->gap * 0.5 + vw <= b->x1)
        _tz_chart_layout_text (b->layout, value_label, plot.x + w + round (b->gap * 0.5),
                               round (center - vh / 2.0), &b->fg, NULL);
      else if (w >= vw + b->gap)
        _tz_chart_layout_text (b->layout, value_label, plot.x + w - vw - round (b->gap * 0.5),
                               round (center - vh / 2.0), &on_bar, NULL);

      item = _tz_chart_layout_add_item (b->layout, TZ_CHART_ITEM_BAR, &hit);
      g_strlcpy (item->region_code, region->code, sizeof item->region_code);
      item->region_name = region->name;
      item->value = region->total;
      item->n_records = region->n_records;
      item->series = 0;
      item->area = (cairo_rectangle_t) { plot.x, y, w, bar_h };
      item->label_area = (cairo_rectangle_t) { plot.x - b->gap - lw, round (center - lh / 2.0), lw, lh };
    }

  _tz_chart_layout_line (b->layout, crisp (plot.x) - 1, plot.y, crisp (plot.x) - 1, plot.y + plot.height, 1, &b->axis);
}

/* Lines and columns by year */

static guint
year_series_count (Builder *b,
                   guint    fallback)
{
  guint n = b->spec->top_n > 0 ? b->spec->top_n : fallback;

  return MIN (MIN (n, MAX_SERIES), b->regions->len);
}

static void
build_columns (Builder *b)
{
  guint n_series = year_series_count (b, 5);
  guint n_years = b->years->len;
  g_autofree LegendEntry *entries = g_new0 (LegendEntry, n_series);
  double legend_h = 0;
  double headroom = b->small_h + 2;
  cairo_rectangle_t plot;
  TzChartScale scale;
  double group_w, col_w, bottom;
  gboolean value_labels = TRUE;
  guint stride;

  disambiguate_names (b, n_series);
  note_regions (b, n_series);

  if (n_series > 1)
    legend_h = flow_legend (b, n_series, FALSE, entries) + b->gap;

  plot.y = round (b->y0 + headroom);
  plot.height = round (b->y1 - legend_h - b->small_h - b->gap * 0.75 - plot.y);
  if (plot.height < b->body_h * 2)
    goto out;

  layout_value_axis (b, n_series, &plot, &scale);
  _tz_chart_layout_set_areas (b->layout, &plot, NULL);

  group_w = plot.width / n_years;
  col_w = MIN (group_w * (n_series > 1 ? 0.8 : 0.6) / n_series, b->body_h * 3.5);
  bottom = plot.y + plot.height;
  stride = year_stride (b, group_w);

  /* Values over the columns only if every column has room for its own:
   * labels on some columns and not others read as a pattern. */
  for (gsize cell = 0; cell < (gsize)n_series * n_years && value_labels; cell++)
    {
      g_autofree char *text = NULL;

      if (b->counts[cell] == 0)
        continue;
      text = format_value (b, b->values[cell]);
      if (text_width (b, TZ_CHART_FONT_SMALL, text) + 2 > (n_series > 1 ? col_w : group_w * 0.9))
        value_labels = FALSE;
    }

  for (guint j = 0; j < n_years; j++)
    {
      int year = g_array_index (b->years, int, j);
      double start = plot.x + group_w * j + (group_w - col_w * n_series) / 2;

      for (guint s = 0; s < n_series; s++)
        {
          const Region *region = &g_array_index (b->regions, Region, s);
          gsize cell = (gsize)s * n_years + j;
          double value = b->values[cell];
          double x = round (start + col_w * s);
          double x2 = round (start + col_w * (s + 1)) - (col_w >= 6 && n_series > 1 ? 1 : 0);
          double h = value > 0 ? round (value / scale.top * plot.height) : 0;
          cairo_rectangle_t hit = { x, plot.y, MAX (x2 - x, 1), plot.height };
          TzChartItem *item;

          if (b->counts[cell] == 0)
            continue;
          if (value > 0 && h < 1)
            h = 1;

          _tz_chart_layout_fill (b->layout, x, bottom - h, x2 - x, h,
                                 tz_chart_style_get_series_color (b->style, s));

          if (value_labels)
            {
              g_autofree char *text = format_value (b, value);
              g_autoptr(PangoLayout) label = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, text);
              int vw, vh;

              text_size (label, &vw, &vh);
              _tz_chart_layout_text (b->layout, label, round ((x + x2 - vw) / 2), bottom - h - vh - 1, &b->fg, NULL);
            }

          item = _tz_chart_layout_add_item (b->layout, TZ_CHART_ITEM_BAR, &hit);
          g_strlcpy (item->region_code, region->code, sizeof item->region_code);
          item->region_name = region->name;
          item->year = year;
          item->value = value;
          item->n_records = b->counts[cell];
          item->series = s;
          item->area = (cairo_rectangle_t) { x, bottom - h, x2 - x, h };
        }

      if (j % stride == 0)
        {
          char label[16];

          g_snprintf (label, sizeof label, "%d", year);
          add_tick_label (b, label, plot.x + group_w * (j + 0.5), bottom + b->gap * 0.5, plot.x, b->x1);
        }
    }

  if (n_series > 1)
    place_legend (b, n_series, FALSE, entries, b->y1 - legend_h + b->gap);

out:
  for (guint s = 0; s < n_series; s++)
    g_clear_object (&entries[s].label);
}

static void
build_lines (Builder *b)
{
  guint n_series = year_series_count (b, MAX_SERIES);
  guint n_years = b->years->len;
  int first_year = g_array_index (b->years, int, 0);
  int last_year = g_array_index (b->years, int, n_years - 1);
  guint n_slots = last_year - first_year + 1;
  g_autofree LegendEntry *entries = g_new0 (LegendEntry, n_series);
  g_autofree double *xy = g_new (double, 2 * n_years);
  double radius = MAX (4, round (b->body_h * 0.3));
  double line_width = MAX (2, round (b->body_h / 7));
  double legend_h = 0;
  cairo_rectangle_t plot;
  TzChartScale scale;
  double slot_w, bottom;
  guint stride;

  disambiguate_names (b, n_series);
  note_regions (b, n_series);

  if (n_series > 1)
    legend_h = flow_legend (b, n_series, TRUE, entries) + b->gap;

  plot.y = round (b->y0 + b->small_h + radius + 2);
  plot.height = round (b->y1 - legend_h - b->small_h - b->gap * 0.75 - plot.y);
  if (plot.height < b->body_h * 2)
    goto out;

  layout_value_axis (b, n_series, &plot, &scale);
  _tz_chart_layout_set_areas (b->layout, &plot, NULL);

  slot_w = plot.width / n_slots;
  bottom = plot.y + plot.height;
  stride = year_stride (b, slot_w);

  for (guint k = 0; k < n_slots; k++)
    {
      int year = first_year + k;
      char label[16];

      if (year % stride != 0 && !(stride > 1 && k == 0 && n_slots <= stride))
        continue;
      g_snprintf (label, sizeof label, "%d", year);
      add_tick_label (b, label, plot.x + slot_w * (k + 0.5), bottom + b->gap * 0.5, plot.x, b->x1);
    }

  /* The largest region is drawn last, on top. */
  for (guint s = n_series; s > 0; s--)
    {
      const Region *region = &g_array_index (b->regions, Region, s - 1);
      const TzChartColor *color = tz_chart_style_get_series_color (b->style, s - 1);
      guint n_points = 0;
      guint n_line;

      for (guint j = 0; j < n_years; j++)
        {
          gsize cell = (gsize)(s - 1) * n_years + j;
          int year = g_array_index (b->years, int, j);

          if (b->counts[cell] == 0)
            continue;
          xy[2 * n_points] = plot.x + slot_w * (year - first_year + 0.5);
          xy[2 * n_points + 1] = bottom - MAX (b->values[cell], 0) / scale.top * plot.height;
          n_points++;
        }

      _tz_chart_layout_polyline (b->layout, xy, n_points, line_width, color);
      n_line = n_points;
      n_points = 0;
      for (guint j = 0; j < n_years; j++)
        {
          gsize cell = (gsize)(s - 1) * n_years + j;
          double x, y, reach = MAX (radius + 3, 8);
          cairo_rectangle_t hit;
          TzChartItem *item;

          if (b->counts[cell] == 0)
            continue;

          x = xy[2 * n_points];
          y = xy[2 * n_points + 1];
          n_points++;
          _tz_chart_layout_marker (b->layout, x, y, radius, (s - 1) % TZ_CHART_N_MARKERS, color, &b->bg);

          /* One line alone gets its values by the points, on the side
           * its segments leave free: over a peak, under a dip, and
           * beside a slope on the side it comes from. */
          if (n_series == 1)
            {
              g_autofree char *text = format_value (b, b->values[cell]);
              g_autoptr(PangoLayout) label = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, text);
              guint k = n_points - 1;
              gboolean prev_above = k > 0 && xy[2 * k - 1] < y;
              gboolean next_above = k + 1 < n_line && xy[2 * k + 3] < y;
              gboolean prev_below = k > 0 && xy[2 * k - 1] > y;
              gboolean next_below = k + 1 < n_line && xy[2 * k + 3] > y;
              double lx, ly;
              int vw, vh;

              text_size (label, &vw, &vh);
              lx = x - vw / 2.0;
              ly = y - radius - 2 - vh;
              if ((prev_above || next_above) && !prev_below && !next_below)
                ly = y + radius + 2;
              else if (next_above && prev_below)
                lx = x - radius - 2 - vw;
              else if (prev_above && next_below)
                lx = x + radius + 2;
              if (ly + vh > bottom)
                ly = y - radius - 2 - vh;

              if (vw + b->gap <= slot_w)
                _tz_chart_layout_text (b->layout, label, round (CLAMP (lx, plot.x, b->x1 - vw)), round (ly),
                                       &b->fg, &b->bg);
            }

          hit = (cairo_rectangle_t) { x - reach, y - reach, 2 * reach, 2 * reach };
          item = _tz_chart_layout_add_item (b->layout, TZ_CHART_ITEM_POINT, &hit);
          g_strlcpy (item->region_code, region->code, sizeof item->region_code);
          item->region_name = region->name;
          item->year = g_array_index (b->years, int, j);
          item->value = b->values[cell];
          item->n_records = b->counts[cell];
          item->series = s - 1;
          item->area = (cairo_rectangle_t) { x - radius, y - radius, 2 * radius, 2 * radius };
        }
    }

  if (n_series > 1)
    place_legend (b, n_series, TRUE, entries, b->y1 - legend_h + b->gap);

out:
  for (guint s = 0; s < n_series; s++)
    g_clear_object (&entries[s].label);
}

/* Heat map of regions × years */

static void
build_heatmap (Builder *b)
{
  guint n_all = b->regions->len;
  guint n_years = b->years->len;
  gboolean explicit_top = b->spec->top_n > 0;
  guint n = explicit_top ? MIN (b->spec->top_n, n_all) : n_all;
  double ramp_h = round (b->body_h * 0.75);
  double legend_h = b->gap + ramp_h + b->gap * 0.4 + b->small_h;
  double grid_y = round (b->y0 + b->small_h + b->gap * 0.5);
  double avail = b->y1 - legend_h - grid_y;
  double row_min = b->body_h * 1.2;
  gboolean row_labels, cell_labels, any_empty = FALSE;
  int label_w = 0;
  double row_h, cell_w, grid_x, ramp_w, ramp_y;
  cairo_rectangle_t plot, column;
  TzChartScale scale;
  guint stride, tick_stride;

  if (!explicit_top && avail > 0 && n > (guint)(avail / row_min))
    n = (guint)(avail / row_min);
  if (n == 0 || avail < 1)
    return;

  /* Past what fits with names, rows get thin and lose their labels, but
   * the pattern still shows and every cell still answers the pointer. */
  row_h = MIN (avail / n, b->body_h * 2.2);
  row_labels = row_h >= b->body_h * 0.95;
  cell_labels = row_h >= b->small_h + 2;

  note_regions (b, n);
  if (row_labels)
    {
      disambiguate_names (b, n);
      for (guint i = 0; i < n; i++)
        label_w = MAX (label_w, text_width (b, TZ_CHART_FONT_BODY, g_array_index (b->regions, Region, i).name));
      label_w = MIN (label_w, (int)floor (b->width * LABEL_SHARE));
    }
  else
    add_note (b, g_strdup (_("too many rows to name them all")));

  grid_x = round (b->x0 + (label_w > 0 ? label_w + b->gap : 0));
  cell_w = MIN ((b->x1 - grid_x) / n_years, b->body_h * 10);
  plot = (cairo_rectangle_t) { grid_x, grid_y, round (cell_w * n_years), round (row_h * n) };
  column = (cairo_rectangle_t) { b->x0, grid_y, label_w, plot.height };
  _tz_chart_layout_set_areas (b->layout, &plot, &column);

  ramp_w = round (MIN (MAX (plot.width, b->body_h * 12), MIN (b->x1 - grid_x, b->body_h * 24)));
  tick_stride = fit_scale (b, max_value (b, n), ramp_w, FALSE, &scale);

  /* Values in every cell or in none, as with columns. */
  for (gsize cell = 0; cell < (gsize)n * n_years && cell_labels; cell++)
    {
      g_autofree char *text = NULL;

      if (b->counts[cell] == 0)
        continue;
      text = format_value (b, b->values[cell]);
      if (text_width (b, TZ_CHART_FONT_SMALL, text) + 5 > floor (cell_w) - 1)
        cell_labels = FALSE;
    }

  /* Empty cells first, so they paint as one path. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint r = 0; r < n; r++)
      {
        const Region *region = &g_array_index (b->regions, Region, r);
        double y = round (grid_y + r * row_h);
        double y2 = round (grid_y + (r + 1) * row_h);

        for (guint c = 0; c < n_years; c++)
          {
            gsize cell = (gsize)r * n_years + c;
            double x = round (grid_x + c * cell_w);
            double x2 = round (grid_x + (c + 1) * cell_w);
            double sep = (x2 - x >= 6 && y2 - y >= 6) ? 1 : 0;
            cairo_rectangle_t hit = { x, y, x2 - x, y2 - y };
            TzChartColor color;
            TzChartItem *item;

            if (b->counts[cell] == 0)
              {
                if (pass == 0)
                  {
                    _tz_chart_layout_fill (b->layout, x, y, x2 - x - sep, y2 - y - sep, &b->empty);
                    any_empty = TRUE;
                  }
                continue;
              }
            if (pass == 0)
              continue;

            tz_chart_style_get_ramp_color (b->style, b->values[cell] / scale.top, &color);
            _tz_chart_layout_fill (b->layout, x, y, x2 - x - sep, y2 - y - sep, &color);

            if (cell_labels)
              {
                g_autofree char *text = format_value (b, b->values[cell]);
                g_autoptr(PangoLayout) label = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, text);
                TzChartColor on_cell = contrast_color (&color);
                int vw, vh;

                text_size (label, &vw, &vh);
                _tz_chart_layout_text (b->layout, label, round ((x + x2 - sep - vw) / 2),
                                       round ((y + y2 - sep - vh) / 2), &on_cell, NULL);
              }

            item = _tz_chart_layout_add_item (b->layout, TZ_CHART_ITEM_CELL, &hit);
            g_strlcpy (item->region_code, region->code, sizeof item->region_code);
            item->region_name = region->name;
            item->year = g_array_index (b->years, int, c);
            item->value = b->values[cell];
            item->n_records = b->counts[cell];
            item->series = r;
            item->area = (cairo_rectangle_t) { x, y, x2 - x - sep, y2 - y - sep };
          }
      }

  if (row_labels)
    {
      g_autofree cairo_rectangle_t *label_areas = g_new (cairo_rectangle_t, n);

      for (guint r = 0; r < n; r++)
        {
          const Region *region = &g_array_index (b->regions, Region, r);
          g_autoptr(PangoLayout) label = _tz_chart_text_get_fitted (b->text, TZ_CHART_FONT_BODY, region->name, label_w);
          double center = grid_y + (r + 0.5) * row_h;
          int lw, lh;

          text_size (label, &lw, &lh);
          label_areas[r] = (cairo_rectangle_t) { grid_x - b->gap - lw, round (center - lh / 2.0), lw, lh };
          _tz_chart_layout_text (b->layout, label, label_areas[r].x, label_areas[r].y, &b->fg, NULL);
        }

      /* The row's label belongs to each of its cells. */
      for (guint i = 0; i < tz_chart_layout_get_n_items (b->layout); i++)
        {
          TzChartItem *item = (TzChartItem *)tz_chart_layout_get_item (b->layout, i);

          item->label_area = label_areas[item->series];
        }
    }

  stride = year_stride (b, cell_w);
  for (guint c = 0; c < n_years; c += stride)
    {
      char label[16];

      g_snprintf (label, sizeof label, "%d", g_array_index (b->years, int, c));
      add_tick_label (b, label, grid_x + cell_w * (c + 0.5), b->y0, grid_x, b->x1);
    }

  /* The colour scale, with the scale's ticks under it. */
  ramp_y = round (grid_y + plot.height + b->gap);
  _tz_chart_layout_ramp (b->layout, grid_x, ramp_y, ramp_w, ramp_h, b->style);
  for (guint i = 0; i < scale.n_ticks; i++)
    {
      double x = grid_x + tz_chart_scale_get_tick (&scale, i) / scale.top * ramp_w;

      if (i % tick_stride != 0)
        continue;
      _tz_chart_layout_line (b->layout, crisp (MIN (x, grid_x + ramp_w - 1)), ramp_y + ramp_h,
                             crisp (MIN (x, grid_x + ramp_w - 1)), ramp_y + ramp_h + b->gap * 0.3, 1, &b->axis);
      add_tick_label (b, tz_chart_layout_get_tick_label (b->layout, i), x,
                      ramp_y + ramp_h + b->gap * 0.4, b->x0, b->x1);
    }

  if (any_empty)
    {
      g_autoptr(PangoLayout) label = _tz_chart_text_get (b->text, TZ_CHART_FONT_SMALL, _("no figures"));
      double x = grid_x + ramp_w + b->gap * 2;
      int w, h;

      text_size (label, &w, &h);
      if (x + ramp_h + b->gap * 0.5 + w <= b->x1)
        {
          _tz_chart_layout_fill (b->layout, x, ramp_y, ramp_h, ramp_h, &b->empty);
          _tz_chart_layout_text (b->layout, label, round (x + ramp_h + b->gap * 0.5),
                                 round (ramp_y + (ramp_h - h) / 2), &b->muted, NULL);
        }
    }
}

/* The frame: background, title, subtitle, message */

/* Like an empty page in GNOME apps: a heading, and a hint under it. */
static void
place_message (Builder    *b,
               const char *message,
               const char *hint)
{
  g_autoptr(PangoLayout) heading = NULL;
  g_autoptr(PangoLayout) detail = NULL;
  int max_w = MAX (b->x1 - b->x0, 1);
  int w, h, dw = 0, dh = 0;
  double y;

  heading = _tz_chart_text_get_fitted (b->text, TZ_CHART_FONT_TITLE, message, max_w);
  text_size (heading, &w, &h);
  if (hint != NULL)
    {
      detail = _tz_chart_text_get_fitted (b->text, TZ_CHART_FONT_BODY, hint, max_w);
      text_size (detail, &dw, &dh);
    }

  y = round ((b->y0 + b->y1 - h - (dh > 0 ? dh + b->gap : 0)) / 2);
  _tz_chart_layout_text (b->layout, heading, round ((b->x0 + b->x1 - w) / 2), y, &b->fg, NULL);
  if (detail != NULL)
    _tz_chart_layout_text (b->layout, detail, round ((b->x0 + b->x1 - dw) / 2), y + h + b->gap, &b->muted, NULL);
}

static const char *
unsupported_message (const TzChartSpec *spec)
{
  if (tz_chart_kind_supports (spec->kind, spec->group_by))
    return NULL;

  switch (spec->kind)
    {
    case TZ_CHART_KIND_BARS:
      return _("Bars need figures grouped by region");

    case TZ_CHART_KIND_HEATMAP:
      return _("A heat map needs figures grouped by region and year");

    case TZ_CHART_KIND_LINES:
    case TZ_CHART_KIND_COLUMNS:
    case TZ_CHART_KIND_AUTO:
    default:
      return _("This chart needs figures grouped by year");
    }
}

TzChartLayout *
_tz_chart_build_layout (const TzChartSpec *spec,
                        TzChartText       *text,
                        int                width,
                        int                height)
{
  g_autoptr(TzChartLayout) layout = _tz_chart_layout_new (width, height);
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  const char *message;
  Builder b = { 0 };
  int title_h = 0;

  g_assert (spec->kind != TZ_CHART_KIND_AUTO);

  b.spec = spec;
  b.style = spec->style;
  b.text = text;
  b.layout = layout;
  b.notes = notes;
  b.width = width;
  b.height = height;
  b.number_style = tz_chart_style_get_number_style (spec->style);
  b.body_h = _tz_chart_text_get_line_height (text, TZ_CHART_FONT_BODY);
  b.small_h = _tz_chart_text_get_line_height (text, TZ_CHART_FONT_SMALL);
  b.gap = round (b.body_h * 0.5);
  b.pad = round (b.body_h * 0.9);

  b.fg = *tz_chart_style_get_foreground (spec->style);
  b.bg = *tz_chart_style_get_background (spec->style);
  b.muted = with_alpha (&b.fg, 0.7f);
  b.grid = with_alpha (&b.fg, 0.12f);
  b.axis = with_alpha (&b.fg, 0.45f);
  b.empty = with_alpha (&b.fg, 0.06f);

  _tz_chart_layout_fill (layout, 0, 0, width, height, &b.bg);

  b.x0 = b.pad;
  b.x1 = MAX (width - b.pad, b.x0);
  b.y0 = b.pad;
  b.y1 = MAX (height - b.pad, b.y0);

  if (spec->title != NULL && *spec->title != '\0')
    {
      title = _tz_chart_text_get_fitted (text, TZ_CHART_FONT_TITLE, spec->title, MAX (b.x1 - b.x0, 1));
      text_size (title, NULL, &title_h);
      _tz_chart_layout_text (layout, title, b.x0, b.y0, &b.fg, NULL);
      b.y0 += title_h + 2;
    }
  /* The subtitle's line is kept even before we know what it will say. */
  b.y0 += b.small_h + round (b.body_h * 0.8);
  b.y1 = MAX (b.y1, b.y0);

  if (spec->scope != NULL)
    add_note (&b, g_strdup (spec->scope));

  collect (&b);

  message = unsupported_message (spec);
  if (message != NULL)
    {
      place_message (&b, message, NULL);
    }
  else if (b.regions->len == 0)
    {
      if (b.n_yearless > 0)
        {
          message = _("None of these figures has a year");
          place_message (&b, message, _("Group them by region instead"));
        }
      else
        {
          message = _("No figures match this selection");
          place_message (&b, message, _("Try another subject or unit, or fewer filters"));
        }
    }
  else
    {
      guint n_notes = notes->len;
      g_autofree char *figures = format_value (&b, b.n_records);

      switch (spec->kind)
        {
        case TZ_CHART_KIND_BARS:
          build_bars (&b);
          break;

        case TZ_CHART_KIND_COLUMNS:
          build_columns (&b);
          break;

        case TZ_CHART_KIND_LINES:
          build_lines (&b);
          break;

        case TZ_CHART_KIND_HEATMAP:
          build_heatmap (&b);
          break;

        case TZ_CHART_KIND_AUTO:
        default:
          g_assert_not_reached ();
        }

      if (tz_chart_layout_get_n_items (layout) == 0)
        {
          message = _("Too small to draw this chart");
          place_message (&b, message, NULL);
        }

      g_ptr_array_insert (notes, n_notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s figure", "%s figures", b.n_records), figures));
      if (b.n_yearless > 0)
        add_note (&b, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "%u figure without a year left out",
                                                    "%u figures without a year left out",
                                                    b.n_yearless),
                                       b.n_yearless));
    }

  if (notes->len > 0)
    {
      g_autoptr(PangoLayout) line = NULL;

      g_ptr_array_add (notes, NULL);
      subtitle = g_strjoinv (" · ", (char **)notes->pdata);
      line = _tz_chart_text_get_fitted (text, TZ_CHART_FONT_SMALL, subtitle, MAX (b.x1 - b.x0, 1));
      _tz_chart_layout_text (layout, line, b.pad, b.pad + (title_h > 0 ? title_h + 2 : 0), &b.muted, NULL);
    }

  _tz_chart_layout_set_texts (layout, spec->title, subtitle, message);

  g_clear_pointer (&b.regions, g_array_unref);
  g_clear_pointer (&b.years, g_array_unref);
  g_clear_pointer (&b.values, g_free);
  g_clear_pointer (&b.counts, g_free);

  return g_steal_pointer (&layout);
}
