/* tz-chart-scale.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-scale"

#include "config.h"

#include <math.h>

#include "tz-chart-scale.h"

/**
 * tz_chart_scale_init:
 * @max: the largest value to show; anything not above 0 gives 0…1
 * @max_intervals: at most this many steps between 0 and the top (≥ 1)
 * @integral: the values are whole numbers (counts), so a step below 1 or
 *   of 2.5 would label ticks no value can have
 *
 * Picks the smallest nice step that covers @max in @max_intervals steps.
 */
void
tz_chart_scale_init (TzChartScale *scale,
                     double        max,
                     guint         max_intervals,
                     gboolean      integral)
{
  static const double multiples[] = { 1, 2, 2.5, 5, 10 };
  double raw;
  double magnitude;
  double step = 1;
  double n;

  g_return_if_fail (scale != NULL);

  if (max_intervals < 1)
    max_intervals = 1;
  if (!(max > 0) || !isfinite (max))
    max = 1;

  raw = max / max_intervals;
  magnitude = pow (10, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (multiples); i++)
    {
      step = multiples[i] * magnitude;
      if (integral && (step < 1 || (multiples[i] == 2.5 && step < 10)))
        continue;
      /* A hair of tolerance so 100 in 5 steps takes 20, not 25. */
      if (step * (1 + 1e-9) >= raw)
        break;
    }
  if (integral && step < 1)
    step = 1;

  n = ceil (max / step - 1e-9);
  if (n < 1)
    n = 1;

  scale->step = step;
  scale->n_ticks = (guint)n + 1;
  scale->top = n * step;
}

double
tz_chart_scale_get_tick (const TzChartScale *scale,
                         guint               index)
{
  g_return_val_if_fail (scale != NULL, 0);

  return index * scale->step;
}

/**
 * tz_chart_scale_format_tick:
 *
 * Returns: (transfer full): the label of tick @index: "1.5亿" or
 *   "150,000,000"
 */
char *
tz_chart_scale_format_tick (const TzChartScale *scale,
                            guint               index,
                            TzNumberStyle       style)
{
  g_return_val_if_fail (scale != NULL, NULL);

  return tz_format_number (index * scale->step, style);
}
