/* tz-format.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-numeral.h"

G_BEGIN_DECLS

typedef enum
{
  TZ_NUMBER_STYLE_AUTO,     /* 万/亿 in Chinese locales, separators elsewhere */
  TZ_NUMBER_STYLE_CHINESE,  /* 21.5万, 1.64亿 */
  TZ_NUMBER_STYLE_GROUPED,  /* 215,045 */
} TzNumberStyle;

char     *tz_format_number      (double           value,
                                 TzNumberStyle    style);
char     *tz_format_decimal     (const TzDecimal *value,
                                 TzNumberStyle    style);
char     *tz_format_quantity    (const TzDecimal *value,
                                 const char      *unit,
                                 TzNumberStyle    style);
gboolean  tz_locale_is_chinese  (void);

G_END_DECLS
