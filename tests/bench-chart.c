/* bench-chart.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tz-chart.h"
#include "tz-core.h"

/* How long a heat map of 300 counties × 10 years takes to lay out and
 * paint on a 1600×1200 image, as the app does when its data changes
 * (layout + paint), and when it only repaints (paint). It has to fit a
 * frame at 60 Hz. Prints one JSON line, {"chart_ms": …}; exits 1 over
 * budget. Run with `meson test --benchmark`; `bench-chart FILE.png` also
 * writes the picture. */

#define N_REGIONS 300
#define N_YEARS   10
#define WIDTH     1600
#define HEIGHT    1200
#define ROUNDS    60
#define BUDGET_MS 16.0

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

static GArray *
make_rows (void)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  guint n_regions = 0;

  for (guint id = 1; id < tz_gazetteer_get_n_divisions (gazetteer) && n_regions < N_REGIONS; id++)
    {
      if (tz_gazetteer_get_level (gazetteer, id) != TZ_REGION_LEVEL_COUNTY)
        continue;

      for (guint y = 0; y < N_YEARS; y++)
        {
          TzAggregateRow row = { { 0 }, 2015 + y, 0, 1 + (id + y) % 7 };

          g_strlcpy (row.region_code, tz_gazetteer_get_code (gazetteer, id), sizeof row.region_code);
          row.value = 1000.0 + (double)((id * 7919u + y * 104729u) % 250000u);
          g_array_append_val (rows, row);
        }
      n_regions++;
    }

  return rows;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) rows = make_rows ();
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout_only = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paint_only = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TzChart) chart = tz_chart_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  TzChartLayout *layout;
  gint64 begin, cold;
  double chart_ms;

  tz_chart_set_group_by (chart, TZ_GROUP_BY_REGION_YEAR);
  tz_chart_set_region_level (chart, TZ_REGION_LEVEL_COUNTY);
  tz_chart_set_kind (chart, TZ_CHART_KIND_HEATMAP);
  tz_chart_set_top_n (chart, N_REGIONS);

  /* The first draw loads fonts and shapes the labels once: what a window
   * pays when it opens, reported apart. */
  begin = g_get_monotonic_time ();
  tz_chart_set_rows (chart, rows);
  tz_chart_draw (chart, cr, WIDTH, HEIGHT);
  cold = g_get_monotonic_time () - begin;

  layout = tz_chart_get_layout (chart);
  if (layout == NULL || tz_chart_layout_get_n_items (layout) != N_REGIONS * N_YEARS)
    {
      g_printerr ("bench-chart: expected %u cells, laid out %u\n", N_REGIONS * N_YEARS,
                  layout != NULL ? tz_chart_layout_get_n_items (layout) : 0);
      return 1;
    }

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 t0, t1, t2;
      double ms;

      /* New data: the layout is dropped and made again. */
      tz_chart_set_rows (chart, NULL);
      tz_chart_set_rows (chart, rows);

      t0 = g_get_monotonic_time ();
      tz_chart_draw (chart, cr, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      t1 = g_get_monotonic_time ();
      tz_chart_draw (chart, cr, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      t2 = g_get_monotonic_time ();

      ms = (t1 - t0) / 1000.0;
      g_array_append_val (full, ms);
      ms = (t2 - t1) / 1000.0;
      g_array_append_val (paint_only, ms);
      ms = ((t1 - t0) - (t2 - t1)) / 1000.0;
      g_array_append_val (layout_only, ms);
    }

  /* bench-chart FILE.png keeps the picture, to look at. */
  if (argc > 1)
    cairo_surface_write_to_png (surface, argv[1]);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  chart_ms = median (full);
  printf ("{\"chart_ms\": %.2f, \"layout_ms\": %.2f, \"paint_ms\": %.2f, \"first_draw_ms\": %.2f, "
          "\"cells\": %u, \"width\": %d, \"height\": %d, \"budget_ms\": %.0f}\n",
          chart_ms, median (layout_only), median (paint_only), cold / 1000.0,
          N_REGIONS * N_YEARS, WIDTH, HEIGHT, BUDGET_MS);

  return chart_ms < BUDGET_MS ? 0 : 1;
}
