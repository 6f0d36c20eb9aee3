/* tz-chart-scale.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-format.h"

G_BEGIN_DECLS

/* A value axis from 0 to a round number at or above the largest value,
 * with ticks at a nice step: 1, 2, 2.5 or 5 × 10ⁿ. */
typedef struct
{
  double step;
  double top;      /* the last tick */
  guint  n_ticks;  /* from 0 to top, both included */
} TzChartScale;

void     tz_chart_scale_init         (TzChartScale       *scale,
                                      double              max,
                                      guint               max_intervals,
                                      gboolean            integral);
double   tz_chart_scale_get_tick     (const TzChartScale *scale,
                                      guint               index);
char    *tz_chart_scale_format_tick  (const TzChartScale *scale,
                                      guint               index,
                                      TzNumberStyle       style);

G_END_DECLS
