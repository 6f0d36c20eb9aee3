/* tz-format.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include "tz-format.h"

/* Chinese readers count in 万 (10⁴) and 亿 (10⁸); others read grouped
 * thousands. Tables, charts and exports of the app use these. */

gboolean
tz_locale_is_chinese (void)
{
  const char * const *names = g_get_language_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        continue;
      return g_str_has_prefix (names[i], "zh");
    }

  return FALSE;
}

/* Up to @digits decimals, without trailing zeros: 21.5045 → "21.50" → "21.5". */
static char *
trim_decimals (double value,
               int    digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *dot;
  gsize len;

  g_ascii_formatd (buf, sizeof buf, digits == 0 ? "%.0f" : digits == 1 ? "%.1f" : "%.2f", value);
  dot = strchr (buf, '.');
  if (dot != NULL)
    {
      len = strlen (buf);
      while (len > 0 && buf[len - 1] == '0')
        buf[--len] = '\0';
      if (len > 0 && buf[len - 1] == '.')
        buf[--len] = '\0';
    }

  return g_strdup (buf);
}

static char *
group_thousands (const char *digits)
{
  const char *dot = strchr (digits, '.');
  const char *start = digits[0] == '-' ? digits + 1 : digits;
  gsize int_len = (dot ? (gsize)(dot - start) : strlen (start));
  GString *out = g_string_new (digits[0] == '-' ? "-" : NULL);

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, start[i]);
    }
  if (dot != NULL)
    g_string_append (out, dot);

  return g_string_free (out, FALSE);
}

/**
 * tz_format_number:
 * @value: the number
 * @style: how to write it
 *
 * Returns: (transfer full): @value for people: "21.5万", "1.64亿",
 *   "215,045", "26.3"
 */
char *
tz_format_number (double        value,
                  TzNumberStyle style)
{
  double magnitude = fabs (value);

  if (style == TZ_NUMBER_STYLE_AUTO)
    style = tz_locale_is_chinese () ? TZ_NUMBER_STYLE_CHINESE : TZ_NUMBER_STYLE_GROUPED;

  if (style == TZ_NUMBER_STYLE_CHINESE)
    {
      g_autofree char *digits = NULL;

      if (magnitude >= 1e8)
        {
          digits = trim_decimals (value / 1e8, 2);
          return g_strconcat (digits, "亿", NULL);
        }
      if (magnitude >= 1e4)
        {
          digits = trim_decimals (value / 1e4, 2);
          return g_strconcat (digits, "万", NULL);
        }
      return trim_decimals (value, 2);
    }

  {
    g_autofree char *digits = trim_decimals (value, magnitude >= 1000 ? 0 : 2);
    return group_thousands (digits);
  }
}

/* Like tz_format_number(), but exact: 21.5045万 stays 21.5045万 and
 * 16.4亿 stays 16.4亿, as the report wrote them. */
char *
tz_format_decimal (const TzDecimal *value,
                   TzNumberStyle    style)
{
  double v = tz_decimal_to_double (value);

  if (style == TZ_NUMBER_STYLE_AUTO)
    style = tz_locale_is_chinese () ? TZ_NUMBER_STYLE_CHINESE : TZ_NUMBER_STYLE_GROUPED;

  if (style == TZ_NUMBER_STYLE_CHINESE && fabs (v) >= 1e4)
    {
      TzDecimal scaled = *value;
      int exponent = fabs (v) >= 1e8 ? 8 : 4;

      /* Shift the decimal point without rounding; keep it if it is short. */
      scaled.scale += exponent;
      tz_decimal_normalize (&scaled);
      if (scaled.scale <= 4)
        {
          g_autofree char *digits = tz_decimal_to_string (&scaled);
          return g_strconcat (digits, exponent == 8 ? "亿" : "万", NULL);
        }
      return tz_format_number (v, style);
    }

  {
    g_autofree char *exact = tz_decimal_to_string (value);
    return style == TZ_NUMBER_STYLE_GROUPED ? group_thousands (exact) : g_steal_pointer (&exact);
  }
}

/**
 * tz_format_quantity:
 *
 * Returns: (transfer full): value and unit: "21.5万人", "26.3%", "1,825 元"
 */
char *
tz_format_quantity (const TzDecimal *value,
                    const char      *unit,
                    TzNumberStyle    style)
{
  g_autofree char *number = tz_format_decimal (value, style);

  if (unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);

  return g_strconcat (number, unit, NULL);
}
