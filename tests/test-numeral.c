/* test-numeral.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-numeral.h"

#define AR    TZ_NUMBER_ARABIC
#define CN    TZ_NUMBER_CHINESE
#define RANGE TZ_NUMBER_RANGE
#define PCT   TZ_NUMBER_PERCENT
#define ONE   TZ_NUMBER_LONE_ONE
#define BARE  TZ_NUMBER_BARE_MAGNITUDE
#define PAIR  TZ_NUMBER_PAIR

#define EXACT TZ_APPROX_EXACT
#define MORE  TZ_APPROX_MORE_THAN
#define ABOUT TZ_APPROX_ABOUT

/* Offsets are in bytes: every CJK character here takes three. */
typedef struct
{
  const char *input;
  gsize       offset;
  gboolean    ok;
  const char *value;
  const char *low;
  TzApprox    approx;
  guint       flags;
  const char *consumed;
} ScanCase;

#define NO(input, offset) { input, offset, FALSE, NULL, NULL, EXACT, 0, NULL }

static const ScanCase scan_cases[] = {
  /* Arabic integers and decimals */
  { "43", 0, TRUE, "43", "43", EXACT, AR, "43" },
  { "21.5045", 0, TRUE, "21.5045", "21.5045", EXACT, AR, "21.5045" },
  { "3873.91元", 0, TRUE, "3873.91", "3873.91", EXACT, AR, "3873.91" },
  { "0.5", 0, TRUE, "0.5", "0.5", EXACT, AR, "0.5" },
  { "1.50", 0, TRUE, "1.5", "1.5", EXACT, AR, "1.50" },
  { "005号", 0, TRUE, "5", "5", EXACT, AR, "005" },
  { "80%", 0, TRUE, "80", "80", EXACT, AR, "80" },
  { "3点", 0, TRUE, "3", "3", EXACT, AR, "3" },
  { "3.", 0, TRUE, "3", "3", EXACT, AR, "3" },
  { "13800138000", 0, TRUE, "13800138000", "13800138000", EXACT, AR, "13800138000" },
  { "3+X", 0, TRUE, "3", "3", EXACT, AR, "3" },

  /* Thousands separators */
  { "1,000名", 0, TRUE, "1000", "1000", EXACT, AR, "1,000" },
  { "1,180人", 0, TRUE, "1180", "1180", EXACT, AR, "1,180" },
  { "12,345,678元", 0, TRUE, "12345678", "12345678", EXACT, AR, "12,345,678" },
  { "1,234.5万", 0, TRUE, "12345000", "12345000", EXACT, AR, "1,234.5万" },
  { "2,3", 0, TRUE, "2", "2", EXACT, AR, "2" },
  { "1,2345", 0, TRUE, "1", "1", EXACT, AR, "1" },
  { "1234,567", 0, TRUE, "1234", "1234", EXACT, AR, "1234" },
  { "1,000,00", 0, TRUE, "1000", "1000", EXACT, AR, "1,000" },
  { "成立两年来,坚持", 6, TRUE, "2", "2", EXACT, CN, "两" },

  /* Multipliers after Arabic digits, folded in exactly */
  { "21.5045万", 0, TRUE, "215045", "215045", EXACT, AR, "21.5045万" },
  { "16.4亿", 0, TRUE, "1640000000", "1640000000", EXACT, AR, "16.4亿" },
  { "1.14亿", 0, TRUE, "114000000", "114000000", EXACT, AR, "1.14亿" },
  { "5.3亿元", 0, TRUE, "530000000", "530000000", EXACT, AR, "5.3亿" },
  { "49.5万", 0, TRUE, "495000", "495000", EXACT, AR, "49.5万" },
  { "3千", 0, TRUE, "3000", "3000", EXACT, AR, "3千" },
  { "3千万", 0, TRUE, "30000000", "30000000", EXACT, AR, "3千万" },
  { "2万亿", 0, TRUE, "2000000000000", "2000000000000", EXACT, AR, "2万亿" },
  { "0.0001万", 0, TRUE, "1", "1", EXACT, AR, "0.0001万" },

  /* 余 / 多 inside the numeral */
  { "30余", 0, TRUE, "30", "30", MORE, AR, "30余" },
  { "1825万余", 0, TRUE, "18250000", "18250000", MORE, AR, "1825万余" },
  { "20余万", 0, TRUE, "200000", "200000", MORE, AR, "20余万" },
  { "40多", 0, TRUE, "40", "40", MORE, AR, "40多" },
  { "40多万人", 0, TRUE, "400000", "400000", MORE, AR, "40多万" },
  { "4.5万余", 0, TRUE, "45000", "45000", MORE, AR, "4.5万余" },
  { "百余家", 0, TRUE, "100", "100", MORE, CN | BARE, "百余" },
  { "千余", 0, TRUE, "1000", "1000", MORE, CN | BARE, "千余" },
  { "两千多", 0, TRUE, "2000", "2000", MORE, CN, "两千多" },
  { "四十多年", 0, TRUE, "40", "40", MORE, CN, "四十多" },
  { "三十余万", 0, TRUE, "300000", "300000", MORE, CN, "三十余万" },
  { "一千多万", 0, TRUE, "10000000", "10000000", MORE, CN, "一千多万" },
  { "十余人", 0, TRUE, "10", "10", MORE, CN, "十余" },

  /* 上 / 过 + magnitude */
  { "上万名", 0, TRUE, "10000", "10000", MORE, CN | BARE, "上万" },
  { "上千", 0, TRUE, "1000", "1000", MORE, CN | BARE, "上千" },
  { "上百", 0, TRUE, "100", "100", MORE, CN | BARE, "上百" },
  { "过万", 0, TRUE, "10000", "10000", MORE, CN | BARE, "过万" },
  { "过亿", 0, TRUE, "100000000", "100000000", MORE, CN | BARE, "过亿" },
  { "上百万", 0, TRUE, "1000000", "1000000", MORE, CN | BARE, "上百万" },
  NO ("上海", 0),
  NO ("以上", 3),
  NO ("上十", 0),
  NO ("成千上万", 3),
  NO ("成千上万", 6),
  { "完成千万元投资", 6, TRUE, "10000000", "10000000", EXACT, CN | BARE, "千万" },

  /* Chinese numerals */
  { "十三", 0, TRUE, "13", "13", EXACT, CN, "十三" },
  { "二十", 0, TRUE, "20", "20", EXACT, CN, "二十" },
  { "一百二十", 0, TRUE, "120", "120", EXACT, CN, "一百二十" },
  { "三千五百万元", 0, TRUE, "35000000", "35000000", EXACT, CN, "三千五百万" },
  { "一万二", 0, TRUE, "12000", "12000", EXACT, CN, "一万二" },
  { "三千五", 0, TRUE, "3500", "3500", EXACT, CN, "三千五" },
  { "两", 0, TRUE, "2", "2", EXACT, CN, "两" },
  { "两千", 0, TRUE, "2000", "2000", EXACT, CN, "两千" },
  { "十", 0, TRUE, "10", "10", EXACT, CN, "十" },
  { "百", 0, TRUE, "100", "100", EXACT, CN | BARE, "百" },
  { "千", 0, TRUE, "1000", "1000", EXACT, CN | BARE, "千" },
  { "万家企业", 0, TRUE, "10000", "10000", EXACT, CN | BARE, "万" },
  { "亿", 0, TRUE, "100000000", "100000000", EXACT, CN | BARE, "亿" },
  { "百万", 0, TRUE, "1000000", "1000000", EXACT, CN | BARE, "百万" },
  { "万亿", 0, TRUE, "1000000000000", "1000000000000", EXACT, CN | BARE, "万亿" },
  { "一名", 0, TRUE, "1", "1", EXACT, CN | ONE, "一" },
  { "二〇二三年", 0, TRUE, "2023", "2023", EXACT, CN, "二〇二三" },
  { "一千零五", 0, TRUE, "1005", "1005", EXACT, CN, "一千零五" },
  { "一万零三百", 0, TRUE, "10300", "10300", EXACT, CN, "一万零三百" },
  { "八成", 0, TRUE, "8", "8", EXACT, CN, "八" },
  { "十万", 0, TRUE, "100000", "100000", EXACT, CN, "十万" },
  { "三十五万", 0, TRUE, "350000", "350000", EXACT, CN, "三十五万" },
  { "一亿二千万", 0, TRUE, "120000000", "120000000", EXACT, CN, "一亿二千万" },
  { "三万亿", 0, TRUE, "3000000000000", "3000000000000", EXACT, CN, "三万亿" },
  { "十二家", 0, TRUE, "12", "12", EXACT, CN, "十二" },
  { "十四五", 0, TRUE, "14", "14", EXACT, CN, "十四" },
  { "零", 0, TRUE, "0", "0", EXACT, CN, "零" },
  { "壹佰万元", 0, TRUE, "1000000", "1000000", EXACT, CN, "壹佰万" },
  { "伍拾", 0, TRUE, "50", "50", EXACT, CN, "伍拾" },
  NO ("队伍", 3),
  NO ("陆续", 0),

  /* Chinese decimal point */
  { "三点五", 0, TRUE, "3.5", "3.5", EXACT, CN, "三点五" },
  { "零点五", 0, TRUE, "0.5", "0.5", EXACT, CN, "零点五" },
  { "三点五万", 0, TRUE, "35000", "35000", EXACT, CN, "三点五万" },
  { "十点", 0, TRUE, "10", "10", EXACT, CN, "十" },
  { "两点", 0, TRUE, "2", "2", EXACT, CN, "两" },

  /* Vague and non-numbers */
  NO ("十几", 0),
  NO ("二十几万", 0),
  NO ("十几万", 6),
  NO ("数十", 3),
  NO ("数百名", 3),
  NO ("数十万", 6),
  NO ("亿万", 3),
  NO ("一万二千万", 12),
  NO ("几十", 3),
  NO ("20几", 0),
  NO ("十分重要", 0),
  NO ("三分之一", 0),
  NO ("2.5个百分点", 6),
  NO ("5G", 0),
  NO ("A380", 1),
  NO ("COVID19", 5),
  NO ("10kg", 0),
  NO ("1.2.3", 0),
  NO ("2021.05.30", 0),
  NO ("123456789012345678901234567890", 0),
  NO ("0.1234567890123", 0),
  NO ("123", 1),
  NO ("3.5", 2),
  NO ("约", 0),
  NO ("", 0),

  /* Pairs */
  { "五六", 0, TRUE, "5", "5", ABOUT, CN | PAIR, "五六" },
  { "三四十人", 0, TRUE, "30", "30", ABOUT, CN | PAIR, "三四十" },
  { "七八百", 0, TRUE, "700", "700", ABOUT, CN | PAIR, "七八百" },
  { "五六万", 0, TRUE, "50000", "50000", ABOUT, CN | PAIR, "五六万" },
  { "一两个", 0, TRUE, "1", "1", ABOUT, CN | PAIR, "一两" },
  { "三五个", 0, TRUE, "3", "3", ABOUT, CN | PAIR, "三五" },
  { "十一", 0, TRUE, "11", "11", EXACT, CN, "十一" },
  NO ("一一对应", 0),
  NO ("两两", 0),

  /* Percent */
  { "百分之三十", 0, TRUE, "30", "30", EXACT, CN | PCT, "百分之三十" },
  { "百分之30", 0, TRUE, "30", "30", EXACT, AR | PCT, "百分之30" },
  { "百分之八十五点五", 0, TRUE, "85.5", "85.5", EXACT, CN | PCT, "百分之八十五点五" },
  { "百分之百", 0, TRUE, "100", "100", EXACT, CN | PCT, "百分之百" },
  { "百分之一", 0, TRUE, "1", "1", EXACT, CN | PCT, "百分之一" },
  { "百分之九十以上", 0, TRUE, "90", "90", EXACT, CN | PCT, "百分之九十" },
  NO ("百分之", 0),
  NO ("百分点", 0),

  /* Ranges */
  { "1至2", 0, TRUE, "2", "1", ABOUT, AR | RANGE, "1至2" },
  { "1-2", 0, TRUE, "2", "1", ABOUT, AR | RANGE, "1-2" },
  { "1~2", 0, TRUE, "2", "1", ABOUT, AR | RANGE, "1~2" },
  { "1到2", 0, TRUE, "2", "1", ABOUT, AR | RANGE, "1到2" },
  { "1～2", 0, TRUE, "2", "1", ABOUT, AR | RANGE, "1～2" },
  { "20万至50万", 0, TRUE, "500000", "200000", ABOUT, AR | RANGE, "20万至50万" },
  { "20至50万", 0, TRUE, "500000", "200000", ABOUT, AR | RANGE, "20至50万" },
  { "1.5至2亿", 0, TRUE, "200000000", "150000000", ABOUT, AR | RANGE, "1.5至2亿" },
  { "三至五", 0, TRUE, "5", "3", ABOUT, CN | RANGE, "三至五" },
  { "三十至五十万", 0, TRUE, "500000", "300000", ABOUT, CN | RANGE, "三十至五十万" },
  { "2021—2025年", 0, TRUE, "2025", "2021", ABOUT, AR | RANGE, "2021—2025" },
  { "百分之三十至四十", 0, TRUE, "40", "30", ABOUT, CN | PCT | RANGE, "百分之三十至四十" },
  { "2021-05-30", 0, TRUE, "2021", "2021", EXACT, AR, "2021" },
  { "5-3", 0, TRUE, "5", "5", EXACT, AR, "5" },
  { "1-2G", 0, TRUE, "1", "1", EXACT, AR, "1" },
  { "20至", 0, TRUE, "20", "20", EXACT, AR, "20" },
  { "2至上万", 0, TRUE, "2", "2", EXACT, AR, "2" },
  { "30至少", 0, TRUE, "30", "30", EXACT, AR, "30" },
  { "13-15岁", 0, TRUE, "15", "13", ABOUT, AR | RANGE, "13-15" },
  { "0371-12345678", 0, TRUE, "371", "371", EXACT, AR, "0371" },
  { "400-800-1234", 0, TRUE, "400", "400", EXACT, AR, "400" },
  { "400-800-1234", 4, TRUE, "800", "800", EXACT, AR, "800" },

  /* Offsets inside running text */
  { "共有30人", 6, TRUE, "30", "30", EXACT, AR, "30" },
  { "全市百余家企业", 6, TRUE, "100", "100", MORE, CN | BARE, "百余" },
  { "近千名青年职工", 3, TRUE, "1000", "1000", EXACT, CN | BARE, "千" },
  { "投入资金三千五百万元", 12, TRUE, "35000000", "35000000", EXACT, CN, "三千五百万" },
  { "培训职工约2.4万人次", 15, TRUE, "24000", "24000", EXACT, AR, "2.4万" },
  { "巡回指导2至3次", 12, TRUE, "3", "2", ABOUT, AR | RANGE, "2至3" },
  { "吸引上万名职工", 6, TRUE, "10000", "10000", MORE, CN | BARE, "上万" },
  { "GDP一万亿", 3, TRUE, "1000000000000", "1000000000000", EXACT, CN, "一万亿" },
};

static void
test_scan_case (gconstpointer data)
{
  const ScanCase *c = data;
  TzNumber number;
  TzDecimal expected;
  g_autofree char *value = NULL;
  g_autofree char *low = NULL;
  g_autofree char *consumed = NULL;
  gboolean ok;

  memset (&number, 0xAB, sizeof number);
  ok = tz_number_scan (c->input, strlen (c->input), c->offset, &number);
  g_assert_cmpint (ok, ==, c->ok);
  if (!c->ok)
    return;

  consumed = g_strndup (c->input + number.start, number.end - number.start);
  value = tz_decimal_to_string (&number.value);
  low = tz_decimal_to_string (&number.low);

  g_assert_cmpuint (number.start, ==, c->offset);
  g_assert_cmpstr (consumed, ==, c->consumed);
  g_assert_cmpstr (value, ==, c->value);
  g_assert_cmpstr (low, ==, c->low);
  g_assert_cmpstr (tz_approx_to_string (number.approx), ==,
                   tz_approx_to_string (c->approx));
  g_assert_cmphex (number.flags, ==, c->flags);

  /* The scanner hands out normalized decimals, so digits and scale match
   * exactly, not just numerically. */
  g_assert_true (tz_decimal_parse (c->value, &expected));
  g_assert_cmpint (number.value.digits, ==, expected.digits);
  g_assert_cmpuint (number.value.scale, ==, expected.scale);
  g_assert_true (tz_decimal_parse (c->low, &expected));
  g_assert_cmpint (number.low.digits, ==, expected.digits);
  g_assert_cmpuint (number.low.scale, ==, expected.scale);
}

static void
test_exact (void)
{
  const struct
  {
    const char *input;
    gint64      digits;
  } cases[] = {
    { "16.4亿", G_GINT64_CONSTANT (1640000000) },
    { "21.5045万", 215045 },
    { "1.14亿", 114000000 },
    { "5.3亿", 530000000 },
    { "0.3万", 3000 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TzNumber number;

      g_assert_true (tz_number_scan (cases[i].input, strlen (cases[i].input),
                                     0, &number));
      g_assert_cmpint (number.value.digits, ==, cases[i].digits);
      g_assert_cmpuint (number.value.scale, ==, 0);
    }
}

static void
test_scan_sequence (void)
{
  /* A caller walks the text; each scan must begin where the last ended. */
  const char *text = "全市工会投入技能培训资金三千五百万元，新增高级工1,000名，"
                     "培训职工约2.4万人次，两家企业，成立两年来,坚持。";
  const char *expected[] = { "三千五百万", "1,000", "2.4万", "两", "两" };
  gsize len = strlen (text);
  gsize pos = 0;
  guint n = 0;

  while (pos < len)
    {
      TzNumber number;
      gunichar ch = g_utf8_get_char (text + pos);

      if (tz_numeral_char_is_start (ch)
          && tz_number_scan (text, len, pos, &number))
        {
          g_autofree char *s = g_strndup (text + number.start,
                                          number.end - number.start);

          g_assert_cmpuint (n, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (s, ==, expected[n]);
          n++;
          pos = number.end;
        }
      else
        pos = g_utf8_next_char (text + pos) - text;
    }

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (expected));
}

static void
test_bounded (void)
{
  TzNumber number;
  const char *text = "30万人";

  /* @len cuts the text: nothing past it may be read or consumed. */
  g_assert_true (tz_number_scan (text, 2, 0, &number));
  g_assert_cmpuint (number.end, ==, 2);
  g_assert_cmpint (number.value.digits, ==, 30);

  /* A multiplier cut in the middle of its bytes is not read. */
  g_assert_true (tz_number_scan (text, 4, 0, &number));
  g_assert_cmpuint (number.end, ==, 2);

  g_assert_false (tz_number_scan (text, 2, 2, &number));
  g_assert_false (tz_number_scan (text, 0, 0, &number));
}

static void
test_char_is_start (void)
{
  const char *yes = "0123456789〇零一二三四五六七八九十百千万亿两"
                    "壹贰叁肆伍陆柒捌玖拾佰仟上过";
  const char *no = "a约近超余多点分几数至到成%人.-";

  for (const char *p = yes; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_true (tz_numeral_char_is_start (g_utf8_get_char (p)));
  for (const char *p = no; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (tz_numeral_char_is_start (g_utf8_get_char (p)));
}

static void
test_decimal_parse (void)
{
  const struct
  {
    const char *str;
    gboolean    ok;
    gint64      digits;
    guint       scale;
  } cases[] = {
    { "123.45", TRUE, 12345, 2 },
    { "-3", TRUE, -3, 0 },
    { "+7", TRUE, 7, 0 },
    { "0.50", TRUE, 5, 1 },
    { "26.300", TRUE, 263, 1 },
    { "0.000", TRUE, 0, 0 },
    { "9223372036854775807", TRUE, G_MAXINT64, 0 },
    { "9223372036854775808", FALSE, 0, 0 },
    { "99999999999999999999", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
    { "abc", FALSE, 0, 0 },
    { "1.", FALSE, 0, 0 },
    { ".5", FALSE, 0, 0 },
    { "1.2.3", FALSE, 0, 0 },
    { "12a", FALSE, 0, 0 },
    { "-", FALSE, 0, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TzDecimal dec = { 0, 0 };

      g_assert_cmpint (tz_decimal_parse (cases[i].str, &dec), ==, cases[i].ok);
      if (!cases[i].ok)
        continue;
      g_assert_cmpint (dec.digits, ==, cases[i].digits);
      g_assert_cmpuint (dec.scale, ==, cases[i].scale);
    }

  g_assert_false (tz_decimal_parse (NULL, &(TzDecimal) { 0, 0 }));
}

static void
test_decimal_to_string (void)
{
  const struct
  {
    TzDecimal   dec;
    const char *str;
  } cases[] = {
    { { 215045, 0 }, "215045" },
    { { 263, 1 }, "26.3" },
    { { 5, 1 }, "0.5" },
    { { -3, 0 }, "-3" },
    { { -5, 1 }, "-0.5" },
    { { 2600, 2 }, "26" },
    { { 5, 3 }, "0.005" },
    { { 0, 4 }, "0" },
    { { 1640000000, 0 }, "1640000000" },
    { { 12345, 2 }, "123.45" },
    { { G_MININT64, 0 }, "-9223372036854775808" },
    { { G_MAXINT64, 5 }, "92233720368547.75807" },
    { { G_MININT64, 19 }, "-0.9223372036854775808" },
    { { -7, 25 }, "-0.0000000000000000000000007" },
    { { 10, 1 }, "1" },
    { { 120, 0 }, "120" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *str = tz_decimal_to_string (&cases[i].dec);

      g_assert_cmpstr (str, ==, cases[i].str);
    }
}

static void
test_decimal_normalize (void)
{
  TzDecimal dec = { 2600, 2 };

  tz_decimal_normalize (&dec);
  g_assert_cmpint (dec.digits, ==, 26);
  g_assert_cmpuint (dec.scale, ==, 0);

  dec = (TzDecimal) { 0, 5 };
  tz_decimal_normalize (&dec);
  g_assert_cmpint (dec.digits, ==, 0);
  g_assert_cmpuint (dec.scale, ==, 0);

  /* Integers keep their zeros: normalizing only trims the fraction. */
  dec = (TzDecimal) { 1000, 0 };
  tz_decimal_normalize (&dec);
  g_assert_cmpint (dec.digits, ==, 1000);

  dec = (TzDecimal) { 2630, 2 };
  tz_decimal_normalize (&dec);
  g_assert_cmpint (dec.digits, ==, 263);
  g_assert_cmpuint (dec.scale, ==, 1);
}

static void
test_decimal_mul_pow10 (void)
{
  const struct
  {
    TzDecimal dec;
    int       exponent;
    gboolean  ok;
    TzDecimal result;
  } cases[] = {
    { { 164, 1 }, 8, TRUE, { 1640000000, 0 } },
    { { 215045, 4 }, 4, TRUE, { 215045, 0 } },
    { { 495, 1 }, 4, TRUE, { 495000, 0 } },
    { { 1, 0 }, 18, TRUE, { G_GINT64_CONSTANT (1000000000000000000), 0 } },
    { { 1, 0 }, 19, FALSE, { 1, 0 } },
    { { G_MAXINT64 / 2, 0 }, 1, FALSE, { G_MAXINT64 / 2, 0 } },
    { { -5, 0 }, 2, TRUE, { -500, 0 } },
    { { 5, 0 }, -1, TRUE, { 5, 1 } },
    { { 1000, 0 }, -3, TRUE, { 1, 0 } },
    { { 15, 0 }, -3, TRUE, { 15, 3 } },
    { { 7, 0 }, 0, TRUE, { 7, 0 } },
    { { 0, 3 }, 40, TRUE, { 0, 0 } },
    { { 1, 0 }, -19, FALSE, { 1, 0 } },
    { { 1, 0 }, G_MININT, FALSE, { 1, 0 } },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TzDecimal dec = cases[i].dec;

      g_assert_cmpint (tz_decimal_mul_pow10 (&dec, cases[i].exponent), ==,
                       cases[i].ok);
      /* On failure the decimal is left alone. */
      g_assert_cmpint (dec.digits, ==, cases[i].result.digits);
      g_assert_cmpuint (dec.scale, ==, cases[i].result.scale);
    }
}

static void
test_decimal_to_double (void)
{
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { 215045, 4 }), ==, 21.5045);
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { -3, 0 }), ==, -3.0);
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { 5, 1 }), ==, 0.5);
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { 387391, 2 }), ==, 3873.91);
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { 1640000000, 0 }), ==, 1.64e9);
  g_assert_cmpfloat (tz_decimal_to_double (&(TzDecimal) { 0, 0 }), ==, 0.0);
}

static void
test_decimal_compare (void)
{
  const struct
  {
    TzDecimal a;
    TzDecimal b;
    int       result;
  } cases[] = {
    { { 15, 1 }, { 150, 2 }, 0 },
    { { 15, 1 }, { 149, 2 }, 1 },
    { { 149, 2 }, { 15, 1 }, -1 },
    { { -5, 1 }, { 3, 1 }, -1 },
    { { 2, 0 }, { 10, 0 }, -1 },
    { { -15, 1 }, { -14, 1 }, -1 },
    { { 1640000000, 0 }, { 164, 1 }, 1 },
    { { 1, 18 }, { 1, 17 }, -1 },
    { { G_MAXINT64, 0 }, { G_MAXINT64, 18 }, 1 },
    { { G_MININT64, 0 }, { G_MAXINT64, 0 }, -1 },
    { { 0, 0 }, { 0, 5 }, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpint (tz_decimal_compare (&cases[i].a, &cases[i].b), ==,
                       cases[i].result);
      g_assert_cmpint (tz_decimal_compare (&cases[i].b, &cases[i].a), ==,
                       -cases[i].result);
    }
}

static void
test_throughput (void)
{
  const char *para = "全市工会投入技能培训资金三千五百万元，新增高级工1,000名，"
                     "培训职工约2.4万人次，开设线上课程200门左右，超过300家企业"
                     "建立职工创新工作室。全市每万名职工中高技能人才达到1,180人，"
                     "职工满意度达90%以上，百余家企业参与，近千名青年职工与师傅结对。";
  GString *text = g_string_new (NULL);
  GTimer *timer;
  gsize pos = 0, found = 0;
  double seconds;

  if (!g_test_perf ())
    {
      g_test_skip ("only with -m perf");
      g_string_free (text, TRUE);
      return;
    }

  while (text->len < 64 * 1024 * 1024)
    g_string_append (text, para);

  timer = g_timer_new ();
  while (pos < text->len)
    {
      TzNumber number;
      gunichar ch = g_utf8_get_char (text->str + pos);

      if (tz_numeral_char_is_start (ch)
          && tz_number_scan (text->str, text->len, pos, &number))
        {
          found++;
          pos = number.end;
        }
      else
        pos = g_utf8_next_char (text->str + pos) - text->str;
    }
  seconds = g_timer_elapsed (timer, NULL);

  g_test_minimized_result (seconds, "%.1f MB/s, %" G_GSIZE_FORMAT " numbers",
                           text->len / seconds / 1e6, found);
  g_timer_destroy (timer);
  g_string_free (text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (scan_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/taizhang/numeral/scan/%03" G_GSIZE_FORMAT,
                                               i);

      g_test_add_data_func (path, &scan_cases[i], test_scan_case);
    }

  g_test_add_func ("/taizhang/numeral/exact", test_exact);
  g_test_add_func ("/taizhang/numeral/sequence", test_scan_sequence);
  g_test_add_func ("/taizhang/numeral/bounded", test_bounded);
  g_test_add_func ("/taizhang/numeral/char-is-start", test_char_is_start);
  g_test_add_func ("/taizhang/numeral/decimal/parse", test_decimal_parse);
  g_test_add_func ("/taizhang/numeral/decimal/to-string", test_decimal_to_string);
  g_test_add_func ("/taizhang/numeral/decimal/normalize", test_decimal_normalize);
  g_test_add_func ("/taizhang/numeral/decimal/mul-pow10", test_decimal_mul_pow10);
  g_test_add_func ("/taizhang/numeral/decimal/to-double", test_decimal_to_double);
  g_test_add_func ("/taizhang/numeral/decimal/compare", test_decimal_compare);
  g_test_add_func ("/taizhang/numeral/throughput", test_throughput);

  return g_test_run ();
}
