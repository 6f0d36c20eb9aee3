/* test-decoder.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-decoder.h"
#include "tz-text-private.h"

/* A short report: title, blank line, a paragraph indented with U+3000 and
 * a line with Markdown hard-break spaces. */
#define REPORT \
  "2023年全区工会工作报告\n" \
  "\n" \
  "\u3000\u3000全区共有职工３．５万人，占比８０％。各级工会组织积极开展“职工之家”建设活动，  \n" \
  "会员人数达到12345人（含农民工），比上年增长５．２％。\n"

#define REPORT_NORMALIZED \
  "2023年全区工会工作报告\n" \
  "\n" \
  "  全区共有职工3.5万人，占比80%。各级工会组织积极开展“职工之家”建设活动，\n" \
  "会员人数达到12345人（含农民工），比上年增长5.2%。\n"

#define NAME "报告.txt"

static GBytes *
bytes_concat (const char *a,
              gsize       a_len,
              const char *b,
              gsize       b_len)
{
  char *buf = g_malloc (a_len + b_len);

  memcpy (buf, a, a_len);
  memcpy (buf + a_len, b, b_len);

  return g_bytes_new_take (buf, a_len + b_len);
}

/* @text converted from UTF-8 to @charset, after the bytes @prefix */
static GBytes *
encode (const char *text,
        const char *charset,
        const char *prefix,
        gsize       prefix_len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *converted = NULL;
  gsize len = 0;

  converted = g_convert (text, -1, charset, "UTF-8", NULL, &len, &error);
  g_assert_no_error (error);

  return bytes_concat (prefix, prefix_len, converted, len);
}

static void
assert_decodes_to (GBytes     *bytes,
                   const char *expected,
                   const char *expected_encoding)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;

  text = tz_decode_text (bytes, NAME, &encoding, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (encoding, ==, expected_encoding);
}

static void
assert_refused (GBytes     *bytes,
                const char *name,
                int         code1,
                int         code2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = "unset";

  text = tz_decode_text (bytes, name, &encoding, &error);
  g_assert_null (text);
  g_assert_null (encoding);
  g_assert_nonnull (error);
  g_assert_true (error->domain == TZ_DECODE_ERROR);
  if (error->code != code1 && error->code != code2)
    g_error ("unexpected error %d: %s", error->code, error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_test_message ("%s", error->message);
}

static void
test_encodings (void)
{
  g_autoptr(GBytes) utf8 = g_bytes_new_static (REPORT, strlen (REPORT));
  g_autoptr(GBytes) utf8_bom = bytes_concat ("\xef\xbb\xbf", 3, REPORT, strlen (REPORT));
  g_autoptr(GBytes) utf16le = encode (REPORT, "UTF-16LE", "\xff\xfe", 2);
  g_autoptr(GBytes) utf16be = encode (REPORT, "UTF-16BE", "\xfe\xff", 2);
  g_autoptr(GBytes) gb18030 = encode (REPORT, "GB18030", "", 0);
  g_autoptr(GBytes) gbk = encode (REPORT, "GBK", "", 0);

  assert_decodes_to (utf8, REPORT_NORMALIZED, "UTF-8");
  assert_decodes_to (utf8_bom, REPORT_NORMALIZED, "UTF-8 BOM");
  assert_decodes_to (utf16le, REPORT_NORMALIZED, "UTF-16LE");
  assert_decodes_to (utf16be, REPORT_NORMALIZED, "UTF-16BE");
  assert_decodes_to (gb18030, REPORT_NORMALIZED, "GB18030");
  assert_decodes_to (gbk, REPORT_NORMALIZED, "GB18030");
}

static void
test_gb2312 (void)
{
  /* Only characters GB2312 has, so the bytes are GB2312 too */
  static const char text[] = "工会会员人数为１２００人。\n";
  g_autoptr(GBytes) bytes = encode (text, "GB2312", "", 0);

  assert_decodes_to (bytes, "工会会员人数为1200人。\n", "GB18030");
}

static void
test_gb18030_four_byte (void)
{
  /* U+20000 and U+3400 take four bytes in GB18030; a few of them among
   * ordinary text must not make the text look implausible. */
  static const char text[] =
    "全区共有职工３．５万人，占比８０％。\U00020000\u3400各级工会组织积极开展建设活动。\n";
  g_autoptr(GBytes) bytes = encode (text, "GB18030", "", 0);

  assert_decodes_to (bytes,
                     "全区共有职工3.5万人，占比80%。\U00020000\u3400各级工会组织积极开展建设活动。\n",
                     "GB18030");
}

static void
test_line_endings (void)
{
  static const char crlf[] =
    "2023年全区工会工作报告\r\n"
    "\r\n"
    "\u3000\u3000全区共有职工３．５万人，占比８０％。各级工会组织积极开展“职工之家”建设活动，  \r\n"
    "会员人数达到12345人（含农民工），比上年增长５．２％。\r\n";
  static const char cr[] =
    "2023年全区工会工作报告\r"
    "\r"
    "\u3000\u3000全区共有职工３．５万人，占比８０％。各级工会组织积极开展“职工之家”建设活动，  \r"
    "会员人数达到12345人（含农民工），比上年增长５．２％。\r";
  g_autoptr(GBytes) crlf_utf8 = g_bytes_new_static (crlf, strlen (crlf));
  g_autoptr(GBytes) cr_utf8 = g_bytes_new_static (cr, strlen (cr));
  g_autoptr(GBytes) crlf_gb = encode (crlf, "GB18030", "", 0);
  g_autoptr(GBytes) crlf_utf16 = encode (crlf, "UTF-16LE", "\xff\xfe", 2);

  assert_decodes_to (crlf_utf8, REPORT_NORMALIZED, "UTF-8");
  assert_decodes_to (cr_utf8, REPORT_NORMALIZED, "UTF-8");
  assert_decodes_to (crlf_gb, REPORT_NORMALIZED, "GB18030");
  assert_decodes_to (crlf_utf16, REPORT_NORMALIZED, "UTF-16LE");
}

static void
test_normalize (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    /* Full-width digits and per cent, '．' only between digits */
    { "职工３．５万人", "职工3.5万人" },
    { "占比８０％", "占比80%" },
    { "增长12．5%", "增长12.5%" },
    { "３．５．６", "3.5.6" },
    { "第一．第二", "第一．第二" },
    { "共３．", "共3．" },
    { "．５", "．5" },
    { "Ａ．Ｂ", "Ａ．Ｂ" },
    /* Chinese punctuation and full-width letters stay */
    { "，。：；（）“”、！？《》【】", "，。：；（）“”、！？《》【】" },
    { "ＡＢＣａｂｃ", "ＡＢＣａｂｃ" },
    /* Spaces */
    { "a\u00a0b", "a b" },
    { "\u3000\u3000正文", "  正文" },
    { "a\u2000b\u2005c\u200ad\u202fe\u205ff", "a b c d e f" },
    { "a\u2028b", "a\u2028b" },
    /* Zero-width characters and BOMs anywhere */
    { "职\u200b工\u200c人\u200d数", "职工人数" },
    { "\ufeff标题\ufeff", "标题" },
    /* Line ends */
    { "a\r\nb\rc\nd", "a\nb\nc\nd" },
    { "a\r\r\nb", "a\n\nb" },
    { "a\fb", "a\nb" },
    { "hard break  \nnext", "hard break\nnext" },
    { "tabs\t \t\nx", "tabs\nx" },
    { "trailing ideographic\u3000\u3000\r\nx", "trailing ideographic\nx" },
    { "end of text  \t", "end of text" },
    { "  indented\n\tline", "  indented\n\tline" },
    { "", "" },
    /* Controls other than those are kept */
    { "a\x01" "b\x7f", "a\x01" "b\x7f" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = tz_normalize_text (cases[i].in, -1);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_normalize_length (void)
{
  /* An explicit length stops early, even in the middle of a CRLF */
  g_autofree char *a = tz_normalize_text ("１２３４", 6);
  g_autofree char *b = tz_normalize_text ("ab \r\ncd", 4);

  g_assert_cmpstr (a, ==, "12");
  g_assert_cmpstr (b, ==, "ab\n");
}

static void
test_binary (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
  static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0";
  static const char pdf[] = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  static const char zip[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
  static const char exe[] = "MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";
  static const char gzip[] = "\x1f\x8b\x08\0\0\0\0\0\0\x03";
  static const char with_nul[] = "全区共有职工\0\0\0万人";
  g_autoptr(GBytes) png_bytes = g_bytes_new_static (png, sizeof png - 1);
  g_autoptr(GBytes) elf_bytes = g_bytes_new_static (elf, sizeof elf - 1);
  g_autoptr(GBytes) pdf_bytes = g_bytes_new_static (pdf, sizeof pdf - 1);
  g_autoptr(GBytes) zip_bytes = g_bytes_new_static (zip, sizeof zip - 1);
  g_autoptr(GBytes) exe_bytes = g_bytes_new_static (exe, sizeof exe - 1);
  g_autoptr(GBytes) gzip_bytes = g_bytes_new_static (gzip, sizeof gzip - 1);
  g_autoptr(GBytes) nul_bytes = g_bytes_new_static (with_nul, sizeof with_nul - 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  assert_refused (png_bytes, "report.txt", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (elf_bytes, "a.out.txt", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (pdf_bytes, "report.pdf", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (zip_bytes, "report.docx", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (exe_bytes, "setup.exe", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (gzip_bytes, "data.gz", TZ_DECODE_ERROR_BINARY, -1);
  assert_refused (nul_bytes, NAME, TZ_DECODE_ERROR_BINARY, -1);

  /* The message says what the file seems to be */
  text = tz_decode_text (png_bytes, "report.txt", NULL, &error);
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "“report.txt”"));
  g_assert_nonnull (strstr (error->message, "PNG"));
}

static void
test_binary_lookalikes (void)
{
  /* Text that merely begins like a weak signature is still text */
  static const char mz[] = "MZ-2023 年度报告\n";
  static const char bm[] = "BM 工会\n";
  g_autoptr(GBytes) mz_bytes = g_bytes_new_static (mz, sizeof mz - 1);
  g_autoptr(GBytes) bm_bytes = g_bytes_new_static (bm, sizeof bm - 1);

  assert_decodes_to (mz_bytes, mz, "UTF-8");
  assert_decodes_to (bm_bytes, bm, "UTF-8");
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  guchar buf[4096];

  /* Any byte */
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 0, 256);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (buf, sizeof buf);
    assert_refused (bytes, "random.txt", TZ_DECODE_ERROR_BINARY, TZ_DECODE_ERROR_INVALID);
  }

  /* No NULs */
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 1, 256);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (buf, sizeof buf);
    assert_refused (bytes, "random.txt", TZ_DECODE_ERROR_BINARY, TZ_DECODE_ERROR_INVALID);
  }

  /* Only high bytes: no NULs or controls to give it away */
  for (guint i = 0; i < sizeof buf; i++)
    buf[i] = g_rand_int_range (rand, 0x80, 256);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (buf, sizeof buf);
    assert_refused (bytes, "random.txt", TZ_DECODE_ERROR_INVALID, -1);
  }

  /* Random but well-formed GBK pairs: iconv decodes them, the result is
   * mostly rare characters and must still be refused. */
  for (guint i = 0; i < sizeof buf; i += 2)
    {
      buf[i] = g_rand_int_range (rand, 0x81, 0xFF);
      do
        buf[i + 1] = g_rand_int_range (rand, 0x40, 0xFF);
      while (buf[i + 1] == 0x7F);
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new (buf, sizeof buf);
    assert_refused (bytes, "random.txt", TZ_DECODE_ERROR_INVALID, -1);
  }
}

static void
test_truncated_utf16 (void)
{
  /* U+20000 is a surrogate pair: D840 DC00 */
  static const char text[] = "全区职工\U00020000";
  g_autoptr(GBytes) le = encode (REPORT, "UTF-16LE", "\xff\xfe", 2);
  g_autoptr(GBytes) be = encode (REPORT, "UTF-16BE", "\xfe\xff", 2);
  g_autoptr(GBytes) pair_le = encode (text, "UTF-16LE", "\xff\xfe", 2);
  g_autoptr(GBytes) pair_be = encode (text, "UTF-16BE", "\xfe\xff", 2);
  g_autoptr(GBytes) odd_le = g_bytes_new_from_bytes (le, 0, g_bytes_get_size (le) - 1);
  g_autoptr(GBytes) odd_be = g_bytes_new_from_bytes (be, 0, g_bytes_get_size (be) - 1);
  g_autoptr(GBytes) cut_le = g_bytes_new_from_bytes (pair_le, 0, g_bytes_get_size (pair_le) - 2);
  g_autoptr(GBytes) cut_be = g_bytes_new_from_bytes (pair_be, 0, g_bytes_get_size (pair_be) - 2);
  g_autoptr(GBytes) cut3_le = g_bytes_new_from_bytes (pair_le, 0, g_bytes_get_size (pair_le) - 1);

  assert_decodes_to (pair_le, "全区职工\U00020000", "UTF-16LE");
  assert_decodes_to (pair_be, "全区职工\U00020000", "UTF-16BE");

  assert_refused (odd_le, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
  assert_refused (odd_be, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
  assert_refused (cut_le, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
  assert_refused (cut_be, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
  assert_refused (cut3_le, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
}

static void
test_invalid_utf16 (void)
{
  /* A lone low surrogate, and a high one followed by a letter */
  static const char lone_low[] = "\xff\xfe" "a\0" "\x00\xdc" "b\0";
  static const char lone_high[] = "\xfe\xff" "\0a" "\xd8\x40" "\0b";
  g_autoptr(GBytes) low = g_bytes_new_static (lone_low, sizeof lone_low - 1);
  g_autoptr(GBytes) high = g_bytes_new_static (lone_high, sizeof lone_high - 1);

  assert_refused (low, NAME, TZ_DECODE_ERROR_INVALID, -1);
  assert_refused (high, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_invalid (void)
{
  /* 0xFF and 0x80 start nothing in UTF-8 or GB18030 */
  static const char ff[] = "全区共有职工\xff\xfe万人\n";
  static const char x80[] = "abc\x80" "def\n";
  static const char bom_bad[] = "\xef\xbb\xbf" "第一行\n\xb9\xa4\xbb\xe1\n";
  static const char utf32[] = "\xff\xfe\0\0" "a\0\0\0";
  g_autoptr(GBytes) ff_bytes = g_bytes_new_static (ff, sizeof ff - 1);
  g_autoptr(GBytes) x80_bytes = g_bytes_new_static (x80, sizeof x80 - 1);
  g_autoptr(GBytes) bom_bytes = g_bytes_new_static (bom_bad, sizeof bom_bad - 1);
  g_autoptr(GBytes) utf32_bytes = g_bytes_new_static (utf32, sizeof utf32 - 1);

  assert_refused (ff_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
  assert_refused (x80_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
  /* A UTF-8 BOM says what the rest must be: no falling back to GB18030 */
  assert_refused (bom_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
  assert_refused (utf32_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_truncated_utf8 (void)
{
  /* The last character, 。, loses its last byte */
  g_autoptr(GBytes) full = g_bytes_new_static (REPORT, strlen (REPORT) - 1);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (full, 0, g_bytes_get_size (full) - 1);
  g_autoptr(GBytes) with_bom = bytes_concat ("\xef\xbb\xbf", 3, REPORT, strlen (REPORT) - 2);

  assert_refused (cut, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
  assert_refused (with_bom, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
}

static void
test_empty (void)
{
  static const char *const blanks[] = {
    "",
    "\xef\xbb\xbf",
    "\xff\xfe",
    "\xfe\xff",
    " \t\n\r\n  \f",
    "\xef\xbb\xbf\r\n\r\n",
    "\u3000\u00a0\u200b\ufeff\n",
  };
  static const char utf16_blank[] = "\xff\xfe \0\n\0\x00\x30";

  for (guint i = 0; i < G_N_ELEMENTS (blanks); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (blanks[i], strlen (blanks[i]));

      assert_refused (bytes, "empty.txt", TZ_DECODE_ERROR_EMPTY, -1);
    }

  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (utf16_blank, sizeof utf16_blank - 1);

    assert_refused (bytes, "empty.txt", TZ_DECODE_ERROR_EMPTY, -1);
  }
}

static void
test_mixed (void)
{
  static const char para1[] =
    "全区共有职工３．５万人，占比８０％。各级工会组织积极开展“职工之家”建设活动。\n";
  static const char para2[] =
    "会员人数达到12345人（含农民工），比上年增长５．２％。工会经费收入持续增长。\n";
  g_autoptr(GBytes) gb1 = encode (para1, "GB18030", "", 0);
  g_autoptr(GBytes) gb2 = encode (para2, "GB18030", "", 0);
  g_autoptr(GBytes) utf8_then_gb =
    bytes_concat (para1, strlen (para1), g_bytes_get_data (gb2, NULL), g_bytes_get_size (gb2));
  g_autoptr(GBytes) gb_then_utf8 =
    bytes_concat (g_bytes_get_data (gb1, NULL), g_bytes_get_size (gb1), para2, strlen (para2));
  g_autoptr(GString) mostly_gb = g_string_new (NULL);
  g_autoptr(GBytes) mostly_gb_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  assert_refused (utf8_then_gb, NAME, TZ_DECODE_ERROR_INVALID, -1);
  assert_refused (gb_then_utf8, NAME, TZ_DECODE_ERROR_INVALID, -1);

  /* The message points at both encodings */
  text = tz_decode_text (utf8_then_gb, NAME, NULL, &error);
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
  g_assert_nonnull (strstr (error->message, "GB18030"));

  /* One UTF-8 line in a long GB18030 text, where the share of odd
   * characters over the whole file stays small */
  for (guint i = 0; i < 50; i++)
    g_string_append_len (mostly_gb, g_bytes_get_data (gb1, NULL), g_bytes_get_size (gb1));
  g_string_append (mostly_gb, para2);
  for (guint i = 0; i < 50; i++)
    g_string_append_len (mostly_gb, g_bytes_get_data (gb2, NULL), g_bytes_get_size (gb2));
  mostly_gb_bytes = g_bytes_new (mostly_gb->str, mostly_gb->len);
  assert_refused (mostly_gb_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_mixed_in_line (void)
{
  /* Both encodings on one line, with no newline between them: the line is
   * neither, so the error names the line instead of both encodings.
   * Lines are the unit of the check: a lone UTF-8 character or two on a
   * GB18030 line may pass as GB18030 (the bytes are valid there too) and
   * come back garbled; whole UTF-8 lines are always caught. */
  static const char utf8_part[] = "全区共有职工３．５万人，";
  g_autoptr(GBytes) gb = encode ("各级工会组织积极开展建设活动。\n", "GB18030", "", 0);
  g_autoptr(GBytes) bytes =
    bytes_concat (utf8_part, strlen (utf8_part), g_bytes_get_data (gb, NULL), g_bytes_get_size (gb));

  assert_refused (bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_utf8_corrupt (void)
{
  /* A UTF-8 report with one byte lost in the middle: the rest happens to
   * be well-formed GB18030, but must not come back as mojibake. */
  g_autoptr(GString) s = g_string_new (REPORT);
  g_autoptr(GBytes) bytes = NULL;
  const char *p = strstr (s->str, "职工之家");

  g_string_erase (s, p - s->str + 1, 1);
  bytes = g_bytes_new (s->str, s->len);
  assert_refused (bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_other_legacy (void)
{
  /* Big5 and Shift-JIS are well-formed GB18030 more often than not, and
   * decode to CJK ideographs; they must be refused, not returned garbled */
  static const char big5[] = "全區共有職工３．５萬人，佔比８０％。各級工會組織積極開展建設活動。\n";
  static const char sjis[] = "全国の労働組合員数は前年より増加した。組合の活動を報告する。\n";
  g_autoptr(GBytes) big5_bytes = encode (big5, "BIG5", "", 0);
  g_autoptr(GBytes) sjis_bytes = encode (sjis, "SHIFT_JIS", "", 0);

  assert_refused (big5_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
  assert_refused (sjis_bytes, NAME, TZ_DECODE_ERROR_INVALID, -1);
}

static void
test_truncated_gb18030 (void)
{
  /* The final "。" (A1 A3) loses its second byte */
  g_autoptr(GBytes) gb = encode (REPORT, "GB18030", "", 0);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (gb, 0, g_bytes_get_size (gb) - 2);

  assert_refused (cut, NAME, TZ_DECODE_ERROR_TRUNCATED, -1);
}

static void
test_throughput (void)
{
  gsize target = 20 * 1024 * 1024;
  g_autoptr(GString) s = g_string_sized_new (target + strlen (REPORT));
  g_autoptr(GBytes) utf8 = NULL;
  g_autoptr(GBytes) gb = NULL;
  g_autoptr(GBytes) utf16 = NULL;
  struct {
    const char *name;
    GBytes     *bytes;
  } inputs[3];

  if (!g_test_perf ())
    {
      g_test_skip ("only with -m perf");
      return;
    }

  while (s->len < target)
    g_string_append (s, REPORT);

  utf8 = g_bytes_new (s->str, s->len);
  gb = encode (s->str, "GB18030", "", 0);
  utf16 = encode (s->str, "UTF-16LE", "\xff\xfe", 2);
  inputs[0].name = "UTF-8";
  inputs[0].bytes = utf8;
  inputs[1].name = "GB18030";
  inputs[1].bytes = gb;
  inputs[2].name = "UTF-16LE";
  inputs[2].bytes = utf16;

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      double best = G_MAXDOUBLE;
      gsize size = g_bytes_get_size (inputs[i].bytes);

      for (guint round = 0; round < 5; round++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *text = NULL;
          gint64 start = g_get_monotonic_time ();
          double secs;

          text = tz_decode_text (inputs[i].bytes, "bench.txt", NULL, &error);
          secs = (g_get_monotonic_time () - start) / 1e6;
          g_assert_no_error (error);
          best = MIN (best, secs);
        }

      g_test_message ("%s: %.1f MB in %.1f ms: %.0f MB/s of input",
                      inputs[i].name, size / 1e6, best * 1e3, size / 1e6 / best);
      if (i == 0)
        g_test_maximized_result (size / 1e6 / best, "UTF-8 MB/s");
    }
}

/* Random bytes, and valid UTF-8 (of every length of sequence) with a byte
 * changed or cut: tz_utf8_validate() must give GLib's answer and stop at
 * the same byte, and tz_text_count_chars() count as g_utf8_strlen(). */
static void
test_utf8_validate (void)
{
  static const char * const pieces[] = {
    "a", "Z", "\n", "é", "ß", "中", "人", "。", "，", "𠀀", "😀", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
    "\xed\x9f\xbf", "\xee\x80\x80",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);

  for (guint round = 0; round < 200000; round++)
    {
      char buf[64];
      gsize len = 0;
      const char *ours_end = NULL, *glib_end = NULL;
      gboolean ours, glib;

      if (round % 4 == 0)
        {
          len = g_rand_int_range (rand, 0, sizeof buf);
          for (gsize i = 0; i < len; i++)
            buf[i] = g_rand_int_range (rand, round % 8 == 0 ? 0x80 : 0, 256);
        }
      else
        {
          while (TRUE)
            {
              const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
              gsize n = strlen (piece);

              if (len + n > sizeof buf)
                break;
              memcpy (buf + len, piece, n);
              len += n;
            }
          if (round % 4 == 1 && len > 0)
            buf[g_rand_int_range (rand, 0, len)] = g_rand_int_range (rand, 0, 256);
          else if (round % 4 == 2 && len > 0)
            len = g_rand_int_range (rand, 0, len);
          else
            g_assert_cmpuint (tz_text_count_chars (buf, len), ==, g_utf8_strlen (buf, len));
        }

      ours = tz_utf8_validate (buf, len, &ours_end);
      glib = g_utf8_validate_len (buf, len, &glib_end);
      g_assert_cmpint (ours, ==, glib);
      g_assert_true (ours_end == glib_end);
      if (ours)
        g_assert_cmpuint (tz_text_count_chars (buf, len), ==, g_utf8_strlen (buf, len));
    }

  /* The forms GLib refuses, one by one. */
  g_assert_false (tz_utf8_validate ("ab\0cdefghijk", 13, NULL));
  g_assert_false (tz_utf8_validate ("\xc0\xaf", 2, NULL));
  g_assert_false (tz_utf8_validate ("\xe0\x80\xaf", 3, NULL));
  g_assert_false (tz_utf8_validate ("\xed\xa0\x80", 3, NULL));
  g_assert_false (tz_utf8_validate ("\xf4\x90\x80\x80", 4, NULL));
  g_assert_false (tz_utf8_validate ("\xf0\x8f\xbf\xbf", 4, NULL));
  g_assert_false (tz_utf8_validate ("\xf5\x80\x80\x80", 4, NULL));
  g_assert_true (tz_utf8_validate ("", 0, NULL));
}

/* tz_text_find_last() finds what g_strrstr() finds, in random Chinese,
 * Latin and mixed strings, for needles that are there and that are not. */
static void
test_find_last (void)
{
  static const char * const pieces[] = {
    "的", "等", "、", "企业", "工会", "以上", "a", "b", "中", "人", "", "的企",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261121);

  for (guint round = 0; round < 100000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      const char *needle = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];
      guint n = g_rand_int_range (rand, 0, 12);

      for (guint i = 0; i < n; i++)
        g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

      g_assert_true (tz_text_find_last (text->str, needle) == g_strrstr (text->str, needle));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/decoder/encodings", test_encodings);
  g_test_add_func ("/taizhang/decoder/gb2312", test_gb2312);
  g_test_add_func ("/taizhang/decoder/gb18030-four-byte", test_gb18030_four_byte);
  g_test_add_func ("/taizhang/decoder/line-endings", test_line_endings);
  g_test_add_func ("/taizhang/decoder/normalize", test_normalize);
  g_test_add_func ("/taizhang/decoder/normalize-length", test_normalize_length);
  g_test_add_func ("/taizhang/decoder/binary", test_binary);
  g_test_add_func ("/taizhang/decoder/binary-lookalikes", test_binary_lookalikes);
  g_test_add_func ("/taizhang/decoder/random", test_random);
  g_test_add_func ("/taizhang/decoder/truncated-utf16", test_truncated_utf16);
  g_test_add_func ("/taizhang/decoder/invalid-utf16", test_invalid_utf16);
  g_test_add_func ("/taizhang/decoder/invalid", test_invalid);
  g_test_add_func ("/taizhang/decoder/truncated-utf8", test_truncated_utf8);
  g_test_add_func ("/taizhang/decoder/empty", test_empty);
  g_test_add_func ("/taizhang/decoder/mixed", test_mixed);
  g_test_add_func ("/taizhang/decoder/mixed-in-line", test_mixed_in_line);
  g_test_add_func ("/taizhang/decoder/utf8-corrupt", test_utf8_corrupt);
  g_test_add_func ("/taizhang/decoder/other-legacy", test_other_legacy);
  g_test_add_func ("/taizhang/decoder/truncated-gb18030", test_truncated_gb18030);
  g_test_add_func ("/taizhang/decoder/utf8-validate", test_utf8_validate);
  g_test_add_func ("/taizhang/decoder/find-last", test_find_last);
  g_test_add_func ("/taizhang/decoder/throughput", test_throughput);

  return g_test_run ();
}
