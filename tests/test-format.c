/* test-format.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tz-core.h"

static const struct
{
  const char    *value;
  TzNumberStyle  style;
  const char    *expected;
} decimal_cases[] = {
  { "215045", TZ_NUMBER_STYLE_CHINESE, "21.5045万" },
  { "1640000000", TZ_NUMBER_STYLE_CHINESE, "16.4亿" },
  { "18250000", TZ_NUMBER_STYLE_CHINESE, "1825万" },
  { "10000", TZ_NUMBER_STYLE_CHINESE, "1万" },
  { "26.3", TZ_NUMBER_STYLE_CHINESE, "26.3" },
  { "9999", TZ_NUMBER_STYLE_CHINESE, "9999" },
  { "123456789", TZ_NUMBER_STYLE_CHINESE, "1.23亿" },
  { "215045", TZ_NUMBER_STYLE_GROUPED, "215,045" },
  { "1234.5", TZ_NUMBER_STYLE_GROUPED, "1,234.5" },
  { "0.5", TZ_NUMBER_STYLE_GROUPED, "0.5" },
  { "100", TZ_NUMBER_STYLE_GROUPED, "100" },
  { "1640000000", TZ_NUMBER_STYLE_GROUPED, "1,640,000,000" },
};

static void
test_decimals (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (decimal_cases); i++)
    {
      TzDecimal value;
      g_autofree char *text = NULL;

      g_assert_true (tz_decimal_parse (decimal_cases[i].value, &value));
      text = tz_format_decimal (&value, decimal_cases[i].style);
      g_assert_cmpstr (text, ==, decimal_cases[i].expected);
    }
}

static void
test_numbers (void)
{
  g_autofree char *a = tz_format_number (23000000, TZ_NUMBER_STYLE_CHINESE);
  g_autofree char *b = tz_format_number (230000000, TZ_NUMBER_STYLE_CHINESE);
  g_autofree char *c = tz_format_number (2.5, TZ_NUMBER_STYLE_CHINESE);
  g_autofree char *d = tz_format_number (1234567, TZ_NUMBER_STYLE_GROUPED);
  g_autofree char *e = tz_format_number (-45000, TZ_NUMBER_STYLE_CHINESE);

  g_assert_cmpstr (a, ==, "2300万");
  g_assert_cmpstr (b, ==, "2.3亿");
  g_assert_cmpstr (c, ==, "2.5");
  g_assert_cmpstr (d, ==, "1,234,567");
  g_assert_cmpstr (e, ==, "-4.5万");
}

static void
test_quantities (void)
{
  TzDecimal value;
  g_autofree char *people = NULL;
  g_autofree char *percent = NULL;

  g_assert_true (tz_decimal_parse ("215045", &value));
  people = tz_format_quantity (&value, "人", TZ_NUMBER_STYLE_CHINESE);
  g_assert_cmpstr (people, ==, "21.5045万人");

  g_assert_true (tz_decimal_parse ("26.3", &value));
  percent = tz_format_quantity (&value, "%", TZ_NUMBER_STYLE_GROUPED);
  g_assert_cmpstr (percent, ==, "26.3%");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/format/decimals", test_decimals);
  g_test_add_func ("/taizhang/format/numbers", test_numbers);
  g_test_add_func ("/taizhang/format/quantities", test_quantities);

  return g_test_run ();
}
