/* tz-numeral.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-enums.h"

G_BEGIN_DECLS

/* An exact decimal: digits / 10^scale. Figures such as 16.4亿 or
 * 21.5045万 must be exact (1640000000, 215045), which doubles are not. */
typedef struct
{
  gint64 digits;
  guint  scale;
} TzDecimal;

typedef enum
{
  TZ_NUMBER_ARABIC         = 1 << 0, /* written with Arabic digits */
  TZ_NUMBER_CHINESE        = 1 << 1, /* written with Chinese numerals */
  TZ_NUMBER_RANGE          = 1 << 2, /* "1至2", "20万至50万": value is the upper bound */
  TZ_NUMBER_PERCENT        = 1 << 3, /* "百分之三十": value is in percent */
  TZ_NUMBER_LONE_ONE       = 1 << 4, /* just "一": an article, rarely a count */
  TZ_NUMBER_BARE_MAGNITUDE = 1 << 5, /* just 百/千/万/亿 ("万家企业", "近千") */
  TZ_NUMBER_PAIR           = 1 << 6, /* two adjacent digits "五六": about the lower */
} TzNumberFlags;

/* A number found in the text. Offsets are in bytes. */
typedef struct
{
  gsize         start;
  gsize         end;
  TzDecimal     value;
  TzDecimal     low;
  TzApprox      approx;
  TzNumberFlags flags;
} TzNumber;

gboolean   tz_number_scan             (const char      *text,
                                       gsize            len,
                                       gsize            pos,
                                       TzNumber        *number);
gboolean   tz_numeral_char_is_start   (gunichar         ch);

void       tz_decimal_normalize       (TzDecimal       *dec);
gboolean   tz_decimal_mul_pow10       (TzDecimal       *dec,
                                       int              exponent);
gboolean   tz_decimal_parse           (const char      *str,
                                       TzDecimal       *dec);
char      *tz_decimal_to_string       (const TzDecimal *dec);
double     tz_decimal_to_double       (const TzDecimal *dec);
int        tz_decimal_compare         (const TzDecimal *a,
                                       const TzDecimal *b);

G_END_DECLS
