/* tz-metric-scanner.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-enums.h"
#include "tz-numeral.h"

G_BEGIN_DECLS

/* A figure found in running text: a number with its measure word and the
 * qualifiers around it. Offsets are bytes into the scanned text. */
typedef struct
{
  gsize       start;      /* the whole figure: 超过300家, 60%以上 */
  gsize       end;
  gsize       num_start;  /* the numeral itself */
  gsize       num_end;
  gsize       unit_end;   /* end of the measure word (before 以上/左右) */
  TzDecimal   value;
  TzApprox    approx;
  TzCategory  category;
  const char *unit;       /* canonical unit, a static string */
} TzFigure;

void  tz_scan_figures (const char *text,
                       gsize       start,
                       gsize       end,
                       GArray     *figures);

G_END_DECLS
