/* test-chart.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "tz-chart.h"
#include "tz-core.h"

/* The chart renderer on cairo image surfaces, its exports, and
 * `taizhang-cli chart` end to end. No display needed. */

typedef struct
{
  const char *code;
  int         year;
  double      value;
  guint       n_records;
} Row;

static GArray *
make_rows (const Row *rows,
           guint      n_rows)
{
  GArray *array = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));

  for (guint i = 0; i < n_rows; i++)
    {
      TzAggregateRow row = { { 0 }, rows[i].year, rows[i].value, rows[i].n_records };

      g_strlcpy (row.region_code, rows[i].code, sizeof row.region_code);
      g_array_append_val (array, row);
    }

  return array;
}

static TzChartStyle *
test_style (TzNumberStyle numbers)
{
  TzChartStyle *style = tz_chart_style_new ();
  PangoFontDescription *font = pango_font_description_from_string ("Sans 10");

  tz_chart_style_set_font (style, font);
  tz_chart_style_set_number_style (style, numbers);
  pango_font_description_free (font);

  return style;
}

static TzChart *
make_chart (TzGroupBy    group_by,
            TzChartKind  kind,
            GArray      *rows)
{
  g_autoptr(TzChartStyle) style = test_style (TZ_NUMBER_STYLE_GROUPED);
  TzChart *chart = tz_chart_new ();

  tz_chart_set_group_by (chart, group_by);
  tz_chart_set_kind (chart, kind);
  tz_chart_set_style (chart, style);
  tz_chart_set_rows (chart, rows);

  return chart;
}

static cairo_surface_t *
render (TzChart *chart,
        int      width,
        int      height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  tz_chart_draw (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* Pixels as 0xRRGGBB, for opaque surfaces. */
static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *)(gconstpointer)(data + y * stride + x * 4) & 0xffffff;
}

static guint32
rgb_of (const TzChartColor *color)
{
  return ((guint32)lround (color->red * 255) << 16)
         | ((guint32)lround (color->green * 255) << 8)
         | (guint32)lround (color->blue * 255);
}

static int
channel_distance (guint32 a,
                  guint32 b)
{
  int d = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    d = MAX (d, ABS ((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)));

  return d;
}

/* Like strstr, through the NUL bytes of binary files. */
static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
rect_inside (const cairo_rectangle_t *inner,
             const cairo_rectangle_t *outer)
{
  return inner->x >= outer->x - 0.01
         && inner->y >= outer->y - 0.01
         && inner->x + inner->width <= outer->x + outer->width + 0.01
         && inner->y + inner->height <= outer->y + outer->height + 0.01;
}

/* Scale and tick labels */

static void
check_ticks (double              max,
             double              step,
             double              top,
             const char * const *chinese,
             const char * const *grouped)
{
  TzChartScale scale;

  tz_chart_scale_init (&scale, max, 5, FALSE);
  g_assert_cmpfloat_with_epsilon (scale.step, step, step * 1e-9);
  g_assert_cmpfloat_with_epsilon (scale.top, top, top * 1e-9);
  g_assert_cmpuint (scale.n_ticks, ==, g_strv_length ((char **)chinese));
  g_assert_cmpfloat (scale.top, >=, max);

  for (guint i = 0; i < scale.n_ticks; i++)
    {
      g_autofree char *c = tz_chart_scale_format_tick (&scale, i, TZ_NUMBER_STYLE_CHINESE);
      g_autofree char *g = tz_chart_scale_format_tick (&scale, i, TZ_NUMBER_STYLE_GROUPED);

      g_assert_cmpstr (c, ==, chinese[i]);
      g_assert_cmpstr (g, ==, grouped[i]);
    }
}

static void
test_scale_ticks (void)
{
  TzChartScale scale;

  check_ticks (7, 2, 8,
               (const char *[]) { "0", "2", "4", "6", "8", NULL },
               (const char *[]) { "0", "2", "4", "6", "8", NULL });
  check_ticks (100, 20, 100,
               (const char *[]) { "0", "20", "40", "60", "80", "100", NULL },
               (const char *[]) { "0", "20", "40", "60", "80", "100", NULL });
  check_ticks (2.3e8, 5e7, 2.5e8,
               (const char *[]) { "0", "5000万", "1亿", "1.5亿", "2亿", "2.5亿", NULL },
               (const char *[]) { "0", "50,000,000", "100,000,000", "150,000,000",
                                  "200,000,000", "250,000,000", NULL });

  /* Every step is 1, 2, 2.5 or 5 × 10ⁿ, and the top covers the max. */
  for (double max = 0.37; max < 1e10; max *= 1.7)
    for (guint intervals = 2; intervals <= 8; intervals++)
      {
        double mantissa;

        tz_chart_scale_init (&scale, max, intervals, FALSE);
        mantissa = scale.step / pow (10, floor (log10 (scale.step) + 1e-9));
        g_assert_true (fabs (mantissa - 1) < 1e-6 || fabs (mantissa - 2) < 1e-6
                       || fabs (mantissa - 2.5) < 1e-6 || fabs (mantissa - 5) < 1e-6);
        g_assert_cmpfloat (scale.top, >=, max * (1 - 1e-9));
        g_assert_cmpuint (scale.n_ticks - 1, <=, intervals);
      }

  /* Counts never get a tick between whole numbers. */
  tz_chart_scale_init (&scale, 3, 8, TRUE);
  g_assert_cmpfloat (scale.step, ==, 1);
  tz_chart_scale_init (&scale, 10, 4, TRUE);
  g_assert_cmpfloat (scale.step, ==, 5);
  tz_chart_scale_init (&scale, 10, 4, FALSE);
  g_assert_cmpfloat (scale.step, ==, 2.5);

  /* Nothing to show still gives an axis. */
  tz_chart_scale_init (&scale, 0, 5, FALSE);
  g_assert_cmpfloat (scale.top, >, 0);
}

/* The laid-out axis of a real chart carries the same labels. */
static void
test_layout_ticks (void)
{
  const Row rows[] = { { "320000", 0, 2.3e8, 3 }, { "330000", 0, 1.1e8, 2 } };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  g_autoptr(TzChartStyle) style = test_style (TZ_NUMBER_STYLE_CHINESE);
  cairo_surface_t *surface;
  TzChartLayout *layout;
  const TzChartScale *scale;
  gboolean found = FALSE;

  tz_chart_set_style (chart, style);
  surface = render (chart, 800, 500);
  layout = tz_chart_get_layout (chart);
  scale = tz_chart_layout_get_scale (layout);

  g_assert_cmpfloat (scale->top, >=, 2.3e8);
  for (guint i = 0; i < scale->n_ticks; i++)
    if (g_str_equal (tz_chart_layout_get_tick_label (layout, i), "1亿"))
      found = TRUE;
  g_assert_true (found);
  g_assert_cmpstr (tz_chart_layout_get_tick_label (layout, scale->n_ticks - 1), ==, "2.5亿");

  cairo_surface_destroy (surface);
}

/* Bars */

static void
test_bar_lengths (void)
{
  const Row rows[] = {
    { "320000", 0, 1000, 10 }, { "330000", 0, 730, 7 }, { "440000", 0, 500, 5 },
    { "510000", 0, 250, 2 }, { "370000", 0, 100, 1 }, { "130000", 0, 12, 1 },
  };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  const TzChartStyle *style = tz_chart_get_style (chart);
  guint32 bar = rgb_of (tz_chart_style_get_series_color (style, 0));
  cairo_surface_t *surface = render (chart, 900, 600);
  TzChartLayout *layout = tz_chart_get_layout (chart);
  cairo_rectangle_t plot;
  double lengths[G_N_ELEMENTS (rows)];

  g_assert_nonnull (layout);
  g_assert_null (tz_chart_layout_get_message (layout));
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, G_N_ELEMENTS (rows));
  tz_chart_layout_get_plot_area (layout, &plot);

  /* Measure each bar on the image: from the plot's left edge to the last
   * pixel of the bar colour in its middle row. */
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const TzChartItem *item = tz_chart_layout_get_item (layout, i);
      int y = (int)(item->area.y + item->area.height / 2);
      int first = -1, last = -1;

      g_assert_cmpint (item->kind, ==, TZ_CHART_ITEM_BAR);
      g_assert_cmpstr (item->region_code, ==, rows[i].code);
      g_assert_cmpfloat (item->value, ==, rows[i].value);
      g_assert_cmpuint (item->n_records, ==, rows[i].n_records);

      for (int x = 0; x < 900; x++)
        {
          if (channel_distance (pixel_at (surface, x, y), bar) <= 2)
            {
              if (first < 0)
                first = x;
              last = x;
            }
        }
      g_assert_cmpint (first, ==, (int)plot.x);
      lengths[i] = last - first + 1;
      g_assert_cmpfloat (fabs (lengths[i] - item->area.width), <=, 1);
    }

  for (guint i = 1; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpfloat (fabs (lengths[i] - lengths[0] * rows[i].value / rows[0].value), <=, 2);

  /* The largest bar is scaled against the axis top, not the plot width. */
  g_assert_cmpfloat (fabs (lengths[0] - plot.width * 1000 / tz_chart_layout_get_scale (layout)->top), <=, 1);

  cairo_surface_destroy (surface);
}

static void
test_bars_top_n (void)
{
  g_autoptr(GArray) array = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(TzChart) chart = NULL;
  cairo_surface_t *surface;
  TzChartLayout *layout;

  /* Every province, smallest value first: the chart sorts. */
  for (guint id = 2, n = 0; id < tz_gazetteer_get_n_divisions (gazetteer); id++)
    {
      TzAggregateRow row = { { 0 }, 0, 0, 1 };

      if (tz_gazetteer_get_level (gazetteer, id) != TZ_REGION_LEVEL_PROVINCE)
        continue;
      g_strlcpy (row.region_code, tz_gazetteer_get_code (gazetteer, id), sizeof row.region_code);
      row.value = ++n * 10;
      g_array_append_val (array, row);
    }
  g_assert_cmpuint (array->len, >, 30);

  chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_AUTO, array);
  tz_chart_set_top_n (chart, 10);
  surface = render (chart, 800, 600);
  layout = tz_chart_get_layout (chart);

  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, 10);
  for (guint i = 1; i < 10; i++)
    g_assert_cmpfloat (tz_chart_layout_get_item (layout, i - 1)->value, >, tz_chart_layout_get_item (layout, i)->value);
  g_assert_nonnull (strstr (tz_chart_layout_get_subtitle (layout), "Top 10 of"));
  cairo_surface_destroy (surface);

  /* Without a top, as many as have room for their labels. */
  tz_chart_set_top_n (chart, 0);
  surface = render (chart, 800, 300);
  layout = tz_chart_get_layout (chart);
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), >, 3);
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), <, 15);
  for (guint i = 1; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *a = tz_chart_layout_get_item (layout, i - 1);
      const TzChartItem *b = tz_chart_layout_get_item (layout, i);

      g_assert_cmpfloat (a->label_area.y + a->label_area.height, <=, b->label_area.y + 0.01);
    }
  cairo_surface_destroy (surface);
}

static void
test_long_labels (void)
{
  /* Long CJK names: 新疆维吾尔自治区, 克孜勒苏柯尔克孜自治州 … and a code
   * nobody knows. */
  const Row rows[] = {
    { "650000", 0, 900, 9 }, { "653000", 0, 800, 8 }, { "150000", 0, 700, 7 },
    { "450000", 0, 600, 6 }, { "990099", 0, 500, 5 }, { "", 0, 400, 4 },
  };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  const int widths[] = { 260, 400, 1000 };

  tz_chart_set_region_level (chart, TZ_REGION_LEVEL_PREFECTURE);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      cairo_surface_t *surface = render (chart, widths[w], 360);
      TzChartLayout *layout = tz_chart_get_layout (chart);
      cairo_rectangle_t column, plot;

      tz_chart_layout_get_label_column (layout, &column);
      tz_chart_layout_get_plot_area (layout, &plot);
      g_assert_cmpfloat (column.width, <=, widths[w] * 0.28 + 0.5);
      g_assert_cmpfloat (column.x + column.width, <=, plot.x);
      g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, G_N_ELEMENTS (rows));

      for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
        {
          const TzChartItem *item = tz_chart_layout_get_item (layout, i);
          cairo_rectangle_t band = { column.x, column.y, column.width, column.height };

          g_assert_cmpfloat (item->label_area.width, >, 0);
          g_assert_true (rect_inside (&item->label_area, &band));
          g_assert_nonnull (item->region_name);
        }

      /* The region without a code and the unknown code still get names. */
      g_assert_cmpstr (tz_chart_layout_get_item (layout, 4)->region_name, ==, "990099");
      g_assert_cmpstr (tz_chart_layout_get_item (layout, 5)->region_name, ==, "No city");

      cairo_surface_destroy (surface);
    }
}

/* No data, light and dark */

static gboolean
surface_is_blank (cairo_surface_t *surface,
                  guint32          background)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      if (pixel_at (surface, x, y) != background)
        return FALSE;

  return TRUE;
}

static void
test_no_data (void)
{
  g_autoptr(GArray) empty = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  const Row yearless[] = { { "320000", 0, 5, 2 } };
  g_autoptr(GArray) no_years = make_rows (yearless, 1);
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, empty);
  guint32 background = rgb_of (tz_chart_style_get_background (tz_chart_get_style (chart)));
  cairo_surface_t *surface = render (chart, 600, 400);
  TzChartLayout *layout = tz_chart_get_layout (chart);
  cairo_rectangle_t plot;
  gboolean ink_in_middle = FALSE;

  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, 0);
  g_assert_cmpstr (tz_chart_layout_get_message (layout), ==, "No figures match this selection");
  g_assert_false (surface_is_blank (surface, background));
  tz_chart_layout_get_plot_area (layout, &plot);
  g_assert_cmpfloat (plot.width, ==, 0);

  /* The message is in the middle of the picture. */
  for (int x = 200; x < 400 && !ink_in_middle; x++)
    for (int y = 170; y < 230; y++)
      if (pixel_at (surface, x, y) != background)
        ink_in_middle = TRUE;
  g_assert_true (ink_in_middle);
  cairo_surface_destroy (surface);

  /* Nothing at all, not even an array. */
  tz_chart_set_rows (chart, NULL);
  surface = render (chart, 600, 400);
  g_assert_cmpuint (tz_chart_layout_get_n_items (tz_chart_get_layout (chart)), ==, 0);
  cairo_surface_destroy (surface);

  /* Figures without years cannot make a chart by year. */
  tz_chart_set_group_by (chart, TZ_GROUP_BY_REGION_YEAR);
  tz_chart_set_kind (chart, TZ_CHART_KIND_LINES);
  tz_chart_set_rows (chart, no_years);
  surface = render (chart, 600, 400);
  layout = tz_chart_get_layout (chart);
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, 0);
  g_assert_cmpstr (tz_chart_layout_get_message (layout), ==, "None of these figures has a year");
  cairo_surface_destroy (surface);

  /* A kind that cannot show the grouping says so. */
  tz_chart_set_group_by (chart, TZ_GROUP_BY_YEAR);
  tz_chart_set_kind (chart, TZ_CHART_KIND_HEATMAP);
  surface = render (chart, 600, 400);
  g_assert_nonnull (tz_chart_layout_get_message (tz_chart_get_layout (chart)));
  g_assert_cmpuint (tz_chart_layout_get_n_items (tz_chart_get_layout (chart)), ==, 0);
  cairo_surface_destroy (surface);

  /* Tiny sizes draw what they can without complaint. */
  tz_chart_set_kind (chart, TZ_CHART_KIND_AUTO);
  for (int size = 1; size < 120; size += 17)
    cairo_surface_destroy (render (chart, size, size));
}

/* The darkest or lightest text pixel of the title band: its ink. */
static guint32
title_ink (cairo_surface_t *surface,
           guint32          background)
{
  guint32 ink = background;
  int best = -1;

  for (int y = 0; y < 40; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        guint32 p = pixel_at (surface, x, y);
        int d = channel_distance (p, background);

        if (d > best)
          {
            best = d;
            ink = p;
          }
      }

  return ink;
}

static void
test_light_and_dark (void)
{
  const Row rows[] = { { "320000", 0, 300, 3 }, { "330000", 0, 200, 2 } };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  g_autoptr(TzChartStyle) light = test_style (TZ_NUMBER_STYLE_GROUPED);
  g_autoptr(TzChartStyle) dark = tz_chart_style_copy (light);
  g_autoptr(TzChartStyle) dark_defaults = tz_chart_style_new_dark ();
  cairo_surface_t *a, *b;
  guint32 light_bg, dark_bg, light_ink, dark_ink;

  tz_chart_style_set_foreground (dark, tz_chart_style_get_foreground (dark_defaults));
  tz_chart_style_set_background (dark, tz_chart_style_get_background (dark_defaults));
  light_bg = rgb_of (tz_chart_style_get_background (light));
  dark_bg = rgb_of (tz_chart_style_get_background (dark));

  tz_chart_set_style (chart, light);
  a = render (chart, 600, 300);
  tz_chart_set_style (chart, dark);
  b = render (chart, 600, 300);

  g_assert_cmphex (pixel_at (a, 0, 0), ==, light_bg);
  g_assert_cmphex (pixel_at (a, 599, 299), ==, light_bg);
  g_assert_cmphex (pixel_at (b, 0, 0), ==, dark_bg);
  g_assert_cmphex (pixel_at (b, 599, 299), ==, dark_bg);

  /* Text is drawn in the style's foreground: dark on light, light on dark. */
  light_ink = title_ink (a, light_bg);
  dark_ink = title_ink (b, dark_bg);
  g_assert_cmpint (channel_distance (light_ink, rgb_of (tz_chart_style_get_foreground (light))), <=, 40);
  g_assert_cmpint (channel_distance (dark_ink, rgb_of (tz_chart_style_get_foreground (dark))), <=, 40);
  g_assert_cmpint (channel_distance (light_ink, dark_ink), >, 150);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

/* The other kinds, and hit testing */

static void
test_kinds (void)
{
  g_autoptr(GArray) array = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  const char *codes[] = { "320000", "330000", "440000", "510000", "370000", "130000",
                          "210000", "420000", "110000", "310000" };
  g_autoptr(TzChart) chart = NULL;
  cairo_surface_t *surface;
  TzChartLayout *layout;
  guint n_points = 0, n_legend = 0;
  TzChartItem item;

  /* Ten provinces × 2019–2023; 2021 missing for the last one. */
  for (guint r = 0; r < G_N_ELEMENTS (codes); r++)
    for (int year = 2019; year <= 2023; year++)
      {
        TzAggregateRow row = { { 0 }, year, (G_N_ELEMENTS (codes) - r) * 100.0 + year % 7, 1 };

        if (r == G_N_ELEMENTS (codes) - 1 && year == 2021)
          continue;
        g_strlcpy (row.region_code, codes[r], sizeof row.region_code);
        g_array_append_val (array, row);
      }

  /* The default for region × year: a heat map, one cell per figure. */
  chart = make_chart (TZ_GROUP_BY_REGION_YEAR, TZ_CHART_KIND_AUTO, array);
  surface = render (chart, 900, 700);
  layout = tz_chart_get_layout (chart);
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, array->len);
  {
    const TzChartItem *cell = tz_chart_layout_get_item (layout, 0);

    g_assert_cmpint (cell->kind, ==, TZ_CHART_ITEM_CELL);
    g_assert_true (tz_chart_hit_test (chart, cell->area.x + 2, cell->area.y + 2, &item));
    g_assert_cmpstr (item.region_code, ==, cell->region_code);
    g_assert_cmpint (item.year, ==, cell->year);
    g_assert_cmpfloat (item.value, ==, cell->value);
  }
  g_assert_false (tz_chart_hit_test (chart, 1, 1, &item));
  g_assert_cmpint (item.kind, ==, TZ_CHART_ITEM_NONE);
  cairo_surface_destroy (surface);

  /* Lines: at most 8 series, the largest regions, with a legend. */
  tz_chart_set_kind (chart, TZ_CHART_KIND_LINES);
  surface = render (chart, 900, 600);
  layout = tz_chart_get_layout (chart);
  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *it = tz_chart_layout_get_item (layout, i);

      if (it->kind == TZ_CHART_ITEM_POINT)
        {
          n_points++;
          g_assert_cmpuint (it->series, <, 8);
          g_assert_true (tz_chart_hit_test (chart, it->area.x + it->area.width / 2 + 1,
                                            it->area.y + it->area.height / 2, &item));
          g_assert_cmpint (item.kind, ==, TZ_CHART_ITEM_POINT);
          g_assert_cmpint (item.year, ==, it->year);
        }
      else if (it->kind == TZ_CHART_ITEM_LEGEND)
        n_legend++;
    }
  g_assert_cmpuint (n_points, ==, 8 * 5);
  g_assert_cmpuint (n_legend, ==, 8);
  g_assert_nonnull (strstr (tz_chart_layout_get_subtitle (layout), "Top 8 of 10"));
  cairo_surface_destroy (surface);

  /* Grouped columns, three regions. */
  tz_chart_set_kind (chart, TZ_CHART_KIND_COLUMNS);
  tz_chart_set_top_n (chart, 3);
  surface = render (chart, 900, 600);
  layout = tz_chart_get_layout (chart);
  n_legend = 0;
  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *it = tz_chart_layout_get_item (layout, i);

      if (it->kind == TZ_CHART_ITEM_LEGEND)
        {
          n_legend++;
          continue;
        }
      g_assert_cmpint (it->kind, ==, TZ_CHART_ITEM_BAR);
      g_assert_cmpint (it->year, >=, 2019);
      g_assert_true (tz_chart_hit_test (chart, it->area.x + 1, it->area.y + it->area.height - 1, &item));
      g_assert_cmpstr (item.region_code, ==, it->region_code);
      g_assert_cmpint (item.year, ==, it->year);
    }
  g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, 3 * 5 + 3);
  g_assert_cmpuint (n_legend, ==, 3);
  cairo_surface_destroy (surface);

  /* Bars from region × year rows add the years up. */
  tz_chart_set_kind (chart, TZ_CHART_KIND_BARS);
  tz_chart_set_top_n (chart, 0);
  surface = render (chart, 900, 600);
  layout = tz_chart_get_layout (chart);
  g_assert_cmpstr (tz_chart_layout_get_item (layout, 0)->region_code, ==, "320000");
  g_assert_cmpuint (tz_chart_layout_get_item (layout, 0)->n_records, ==, 5);
  g_assert_cmpfloat (tz_chart_layout_get_item (layout, 0)->value, ==,
                     5 * 1000.0 + 2019 % 7 + 2020 % 7 + 2021 % 7 + 2022 % 7 + 2023 % 7);
  {
    const TzChartItem *first = tz_chart_layout_get_item (layout, 0);

    /* Anywhere along a bar's row answers for it. */
    g_assert_true (tz_chart_hit_test (chart, first->label_area.x + 1, first->area.y + 1, &item));
    g_assert_cmpstr (item.region_code, ==, "320000");
  }
  cairo_surface_destroy (surface);

  /* Every kind at sizes from tiny to narrow draws without complaint. */
  for (TzChartKind k = TZ_CHART_KIND_BARS; k <= TZ_CHART_KIND_HEATMAP; k++)
    for (int size = 1; size < 260; size += 37)
      {
        tz_chart_set_kind (chart, k);
        cairo_surface_destroy (render (chart, size, size / 2 + 1));
        cairo_surface_destroy (render (chart, size * 3, size));
      }

  /* By year, one series and no legend. */
  {
    const Row yearly[] = { { "", 2020, 5, 1 }, { "", 2021, 8, 2 }, { "", 2023, 3, 1 } };
    g_autoptr(GArray) by_year = make_rows (yearly, G_N_ELEMENTS (yearly));

    tz_chart_set_group_by (chart, TZ_GROUP_BY_YEAR);
    tz_chart_set_kind (chart, TZ_CHART_KIND_AUTO);
    tz_chart_set_rows (chart, by_year);
    surface = render (chart, 700, 400);
    layout = tz_chart_get_layout (chart);
    g_assert_cmpuint (tz_chart_layout_get_n_items (layout), ==, 3);
    g_assert_cmpint (tz_chart_layout_get_item (layout, 0)->kind, ==, TZ_CHART_ITEM_POINT);
    /* 2022 has no figure: its slot stays, so 2023 is two steps on. */
    {
      double x0 = tz_chart_layout_get_item (layout, 0)->area.x;
      double x1 = tz_chart_layout_get_item (layout, 1)->area.x;
      double x2 = tz_chart_layout_get_item (layout, 2)->area.x;

      g_assert_cmpfloat (fabs ((x2 - x1) - 2 * (x1 - x0)), <, 1);
    }
    cairo_surface_destroy (surface);
  }
}

/* A county name shared across cities gets its city. */
static void
test_same_names (void)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(GHashTable) first_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) array = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  g_autoptr(TzChart) chart = NULL;
  cairo_surface_t *surface;
  TzChartLayout *layout;
  const char *name = NULL;

  for (guint id = 2; id < tz_gazetteer_get_n_divisions (gazetteer) && name == NULL; id++)
    {
      const char *n = tz_gazetteer_get_name (gazetteer, id);
      gpointer other;

      if (tz_gazetteer_get_level (gazetteer, id) != TZ_REGION_LEVEL_COUNTY)
        continue;
      if (!g_hash_table_lookup_extended (first_by_name, n, NULL, &other))
        {
          g_hash_table_insert (first_by_name, (gpointer)n, GUINT_TO_POINTER (id));
          continue;
        }

      name = n;
      for (guint k = 0; k < 2; k++)
        {
          TzAggregateRow row = { { 0 }, 0, 10.0 - k, 1 };

          g_strlcpy (row.region_code, tz_gazetteer_get_code (gazetteer, k == 0 ? GPOINTER_TO_UINT (other) : id),
                     sizeof row.region_code);
          g_array_append_val (array, row);
        }
    }
  g_assert_nonnull (name);

  chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  tz_chart_set_region_level (chart, TZ_REGION_LEVEL_COUNTY);
  surface = render (chart, 800, 300);
  layout = tz_chart_get_layout (chart);
  g_assert_cmpstr (tz_chart_layout_get_item (layout, 0)->region_name, !=,
                   tz_chart_layout_get_item (layout, 1)->region_name);
  g_assert_true (g_str_has_suffix (tz_chart_layout_get_item (layout, 0)->region_name, name));
  g_assert_true (g_str_has_suffix (tz_chart_layout_get_item (layout, 1)->region_name, name));
  cairo_surface_destroy (surface);
}

/* Properties */

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
changed_cb (TzChart *chart,
            guint   *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(TzChart) chart = tz_chart_new ();
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  guint notified = 0, changed = 0;
  TzChartKind kind;

  g_signal_connect (chart, "notify::kind", G_CALLBACK (count_cb), &notified);
  g_signal_connect (chart, "changed", G_CALLBACK (changed_cb), &changed);

  tz_chart_set_kind (chart, TZ_CHART_KIND_HEATMAP);
  tz_chart_set_kind (chart, TZ_CHART_KIND_HEATMAP);
  g_object_set (chart, "kind", TZ_CHART_KIND_HEATMAP, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (changed, ==, 1);

  g_object_set (chart, "top-n", 5, "rows", rows, NULL);
  g_assert_cmpuint (tz_chart_get_top_n (chart), ==, 5);
  g_assert_true (tz_chart_get_rows (chart) == rows);

  /* The title follows the filter. */
  tz_filter_set_subject (filter, "技能人才");
  tz_filter_set_unit (filter, "人");
  tz_chart_set_filter (chart, filter);
  tz_chart_set_group_by (chart, TZ_GROUP_BY_REGION);
  g_assert_cmpstr (tz_chart_get_title (chart), ==, "技能人才 (人) — sum by province");
  changed = 0;
  tz_filter_set_unit (filter, "人次");
  g_assert_cmpuint (changed, ==, 1);
  tz_chart_set_aggregate (chart, TZ_AGGREGATE_MAX);
  tz_chart_set_region_level (chart, TZ_REGION_LEVEL_PREFECTURE);
  g_assert_cmpstr (tz_chart_get_title (chart), ==, "技能人才 (人次) — maximum by city");
  tz_chart_set_title (chart, "Mine");
  g_assert_cmpstr (tz_chart_get_title (chart), ==, "Mine");
  tz_chart_set_title (chart, NULL);
  tz_filter_set_subject (filter, NULL);
  tz_chart_set_group_by (chart, TZ_GROUP_BY_YEAR);
  g_assert_cmpstr (tz_chart_get_title (chart), ==, "Figures in 人次 — maximum by year");

  /* Strings for the command line. */
  g_assert_true (tz_chart_kind_from_string ("heatmap", &kind));
  g_assert_cmpint (kind, ==, TZ_CHART_KIND_HEATMAP);
  g_assert_true (tz_chart_kind_from_string ("Lines", &kind));
  g_assert_cmpint (kind, ==, TZ_CHART_KIND_LINES);
  g_assert_false (tz_chart_kind_from_string ("pie", &kind));
  g_assert_cmpstr (tz_chart_kind_to_string (TZ_CHART_KIND_COLUMNS), ==, "columns");
  g_assert_true (tz_chart_kind_supports (TZ_CHART_KIND_BARS, TZ_GROUP_BY_REGION_YEAR));
  g_assert_false (tz_chart_kind_supports (TZ_CHART_KIND_LINES, TZ_GROUP_BY_REGION));
  g_assert_false (tz_chart_kind_supports (TZ_CHART_KIND_HEATMAP, TZ_GROUP_BY_YEAR));

  g_object_unref (g_steal_pointer (&chart));
  /* The filter outlives the chart without calling into it. */
  tz_filter_set_unit (filter, "元");
}

/* A widget lays out with its own Pango context when allocated, then only
 * paints; other sizes and plain cairo targets get a layout of their own. */
static void
test_layout_reuse (void)
{
  const Row rows[] = { { "320000", 0, 300, 3 }, { "330000", 0, 200, 2 } };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzChart) chart = make_chart (TZ_GROUP_BY_REGION, TZ_CHART_KIND_BARS, array);
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 300);
  cairo_t *cr = cairo_create (surface);
  TzChartLayout *layout, *again;
  TzChartItem item;

  layout = tz_chart_update_layout (chart, context, 500, 300);
  g_assert_true (tz_chart_update_layout (chart, context, 500, 300) == layout);
  tz_chart_draw (chart, cr, 500, 300);
  g_assert_true (tz_chart_get_layout (chart) == layout);

  /* Hit testing answers for what was laid out. */
  g_assert_true (tz_chart_hit_test (chart, tz_chart_layout_get_item (layout, 1)->area.x + 1,
                                    tz_chart_layout_get_item (layout, 1)->area.y + 1, &item));
  g_assert_cmpstr (item.region_code, ==, "330000");
  g_assert_cmpstr (item.region_name, ==, "浙江省");

  /* Another size: laid out again, then kept from frame to frame. */
  tz_chart_draw (chart, cr, 400, 300);
  again = tz_chart_get_layout (chart);
  g_assert_true (again != layout);
  g_assert_cmpint (tz_chart_layout_get_width (again), ==, 400);
  tz_chart_draw (chart, cr, 400, 300);
  g_assert_true (tz_chart_get_layout (chart) == again);

  /* Any change drops it. */
  tz_chart_set_top_n (chart, 1);
  g_assert_null (tz_chart_get_layout (chart));
  g_assert_false (tz_chart_hit_test (chart, 10, 10, &item));

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_object_unref (context);
}

/* Exports */

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tz-chart-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (dir);
}

static TzChart *
export_chart (void)
{
  const Row rows[] = { { "320000", 2021, 300, 3 }, { "330000", 2022, 200, 2 }, { "320000", 2022, 100, 1 } };
  g_autoptr(GArray) array = make_rows (rows, G_N_ELEMENTS (rows));
  g_autoptr(TzFilter) filter = tz_filter_new ();
  TzChart *chart = make_chart (TZ_GROUP_BY_REGION_YEAR, TZ_CHART_KIND_AUTO, array);

  tz_filter_set_subject (filter, "技能人才 & <工匠>");
  tz_filter_set_unit (filter, "人");
  tz_chart_set_filter (chart, filter);

  return chart;
}

static void
test_export_png (void)
{
  g_autoptr(TzChart) chart = export_chart ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.PNG", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *image;

  g_assert_true (tz_chart_export (chart, file, 640, 480, NULL, &error));
  g_assert_no_error (error);

  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 480);
  cairo_surface_destroy (image);

  /* Exporting leaves what the widget laid out alone. */
  g_assert_null (tz_chart_get_layout (chart));

  remove_dir (dir);
}

static void
test_export_svg (void)
{
  g_autoptr(TzChart) chart = export_chart ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) parser = NULL;
  g_autofree char *escaped = g_markup_escape_text (tz_chart_get_title (chart), -1);
  g_autofree char *title = g_strdup_printf ("<title>%s</title>", escaped);
  GMarkupParser no_op = { 0 };
  g_autofree char *svg = NULL;
  gsize len;

  g_assert_true (tz_chart_export (chart, file, 800, 600, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &svg, &len, &error));

  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  g_assert_nonnull (strstr (svg, "<svg"));
  g_assert_nonnull (strstr (svg, title));
  g_assert_nonnull (strstr (svg, "&amp;"));
  g_assert_cmpuint (len, >, 2000);

  /* Well formed: GMarkup accepts it whole. */
  parser = g_markup_parse_context_new (&no_op, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (parser, svg, len, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (parser, &error));
  g_assert_no_error (error);

  remove_dir (dir);
}

/* cairo writes a non-ASCII title as UTF-16BE in hex: <FEFF…>. */
static char *
pdf_hex_string (const char *text)
{
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, NULL, NULL);
  GString *hex = g_string_new ("<FEFF");

  for (guint i = 0; utf16[i] != 0; i++)
    g_string_append_printf (hex, "%04X", utf16[i]);
  g_string_append_c (hex, '>');

  return g_string_free (hex, FALSE);
}

static void
test_export_pdf (void)
{
  g_autoptr(TzChart) chart = export_chart ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "chart.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = pdf_hex_string (tz_chart_get_title (chart));
  g_autofree char *pdf = NULL;
  gsize len;

  g_assert_true (tz_chart_export (chart, file, 800, 600, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &pdf, &len, &error));

  g_assert_cmpuint (len, >, 1000);
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  while (len > 0 && g_ascii_isspace (pdf[len - 1]))
    len--;
  g_assert_cmpmem (pdf + len - 5, 5, "%%EOF", 5);
  g_assert_true (contains (pdf, len, "/Title"));
  g_assert_true (contains (pdf, len, hex));

  remove_dir (dir);
}

static void
test_export_errors (void)
{
  g_autoptr(TzChart) chart = export_chart ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *bad_type = g_build_filename (dir, "chart.gif", NULL);
  g_autofree char *no_dir = g_build_filename (dir, "missing", "chart.png", NULL);
  g_autofree char *kept = g_build_filename (dir, "kept.bmp.png", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *contents = NULL;

  file = g_file_new_for_path (bad_type);
  g_assert_false (tz_chart_export (chart, file, 100, 100, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "chart.gif"));
  g_assert_false (g_file_test (bad_type, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_clear_object (&file);

  file = g_file_new_for_path (no_dir);
  g_assert_false (tz_chart_export (chart, file, 100, 100, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, no_dir));
  g_clear_error (&error);
  g_clear_object (&file);

  /* A failed write leaves the old file as it was. */
  g_assert_true (g_file_set_contents (kept, "old", -1, NULL));
  file = g_file_new_for_path (kept);
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    g_assert_false (tz_chart_export (chart, file, 100, 100, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_nonnull (strstr (error->message, "kept.bmp.png"));
    g_clear_error (&error);
  }
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");

  /* Streams take any format. */
  stream = g_memory_output_stream_new_resizable ();
  g_assert_true (tz_chart_export_to_stream (chart, stream, TZ_CHART_FORMAT_PNG, 50, 50, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)), >, 8);
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)), 4, "\x89PNG", 4);

  remove_dir (dir);
}

/* taizhang-cli chart, end to end */

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "src", "cli", "taizhang-cli", NULL);
}

static int
run_cli (const char * const  *args,
         char               **out,
         char               **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  /* English messages and grouped numbers, whatever the machine. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");

  g_ptr_array_add (argv, cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);

  return g_subprocess_get_exit_status (proc);
}

static void
test_cli (void)
{
  g_autofree char *cli = cli_path ();
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *fixtures = NULL;
  g_autofree char *png = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *data = NULL;
  cairo_surface_t *image;
  gsize len;

  if (!g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("taizhang-cli is not built");
      return;
    }

  dir = temp_dir ();
  db = g_build_filename (dir, "ledger.db", NULL);
  png = g_build_filename (dir, "x.png", NULL);
  svg = g_build_filename (dir, "x.svg", NULL);
  pdf = g_build_filename (dir, "x.pdf", NULL);
  fixtures = g_test_build_filename (G_TEST_DIST, "fixtures", NULL);

#define RUN(...) run_cli ((const char *[]) { __VA_ARGS__, NULL }, &out, &err)
#define CLEAR() G_STMT_START { g_clear_pointer (&out, g_free); g_clear_pointer (&err, g_free); } G_STMT_END

  g_assert_cmpint (RUN ("import", "--db", db, fixtures), ==, 0);
  CLEAR ();

  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--unit", "人", "--out", png), ==, 0);
  g_assert_cmpstr (g_strchomp (out), ==, png);
  CLEAR ();
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1200);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 800);
  cairo_surface_destroy (image);

  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "year", "--unit", "人", "--out", svg,
                        "--width", "900", "--height", "500"), ==, 0);
  CLEAR ();
  g_assert_true (g_file_get_contents (svg, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "<title>Figures in 人 — sum by year</title>"));
  g_clear_pointer (&data, g_free);

  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region-year", "--level", "city",
                        "--agg", "count", "--out", pdf), ==, 0);
  CLEAR ();
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_true (contains (data, len, "%%EOF"));
  g_clear_pointer (&data, g_free);

  /* Nothing selected still makes a chart that says so. */
  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--subject", "火星基地", "--out", png), ==, 0);
  CLEAR ();

  /* Usage errors exit 2 and say what is wrong. */
  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region"), ==, 2);
  g_assert_nonnull (strstr (err, "--out"));
  CLEAR ();
  g_assert_cmpint (RUN ("chart", "--db", db, "--out", png), ==, 2);
  g_assert_nonnull (strstr (err, "--by"));
  CLEAR ();
  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--kind", "lines", "--out", png), ==, 2);
  g_assert_nonnull (strstr (err, "year"));
  CLEAR ();
  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--out", "x.gif"), ==, 2);
  g_assert_nonnull (strstr (err, ".png"));
  CLEAR ();
  g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--kind", "pie", "--out", png), ==, 2);
  CLEAR ();

  /* Failures exit 1 and name the file. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "no", "such", "dir", "x.png", NULL);

    g_assert_cmpint (RUN ("chart", "--db", db, "--by", "region", "--out", nowhere), ==, 1);
    g_assert_nonnull (strstr (err, nowhere));
    CLEAR ();
  }

  g_assert_cmpint (RUN ("chart", "--help"), ==, 0);
  g_assert_nonnull (strstr (out, "--kind"));
  g_assert_nonnull (strstr (out, "--top"));
  CLEAR ();

#undef RUN
#undef CLEAR

  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/chart/scale/ticks", test_scale_ticks);
  g_test_add_func ("/taizhang/chart/scale/layout-ticks", test_layout_ticks);
  g_test_add_func ("/taizhang/chart/bars/lengths", test_bar_lengths);
  g_test_add_func ("/taizhang/chart/bars/top-n", test_bars_top_n);
  g_test_add_func ("/taizhang/chart/bars/long-labels", test_long_labels);
  g_test_add_func ("/taizhang/chart/bars/same-names", test_same_names);
  g_test_add_func ("/taizhang/chart/no-data", test_no_data);
  g_test_add_func ("/taizhang/chart/light-and-dark", test_light_and_dark);
  g_test_add_func ("/taizhang/chart/kinds", test_kinds);
  g_test_add_func ("/taizhang/chart/properties", test_properties);
  g_test_add_func ("/taizhang/chart/layout-reuse", test_layout_reuse);
  g_test_add_func ("/taizhang/chart/export/png", test_export_png);
  g_test_add_func ("/taizhang/chart/export/svg", test_export_svg);
  g_test_add_func ("/taizhang/chart/export/pdf", test_export_pdf);
  g_test_add_func ("/taizhang/chart/export/errors", test_export_errors);
  g_test_add_func ("/taizhang/chart/cli", test_cli);

  return g_test_run ();
}
