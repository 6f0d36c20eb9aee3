/* test-pdf.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-core.h"
#include "tz-pdf.h"
#include "tz-reflow.h"
#include "tz-test-docs.h"

/* PDFs drawn here with cairo and pango must read as the same text typed
 * into a .txt: same articles, same figures. Page text is laid out the way
 * e-paper pages are: paragraphs wrapped to the column, a line's gap
 * between paragraphs. */

#define MARGIN 50.0
#define FULL_WIDTH 495.0
#define COLUMN_WIDTH 235.0
#define RIGHT_COLUMN (MARGIN + COLUMN_WIDTH + 25.0)

static const char one_column_title[] = "南京市总工会开展夏季送清凉活动";
static const char one_column_byline[] = "【本报南京记者王晓东】";
static const char one_column_body[] =
  "7月以来，南京市总工会走访慰问高温作业一线职工1.2万人次，发放防暑降温物资价值260万元。\n"
  "全市各级工会共建成户外劳动者服务站点412个，其中今年新建58个，覆盖环卫、快递、外卖等行业。";

/* The newspaper page: a banner over both columns, then one article in
 * each column. */
static const char banner[] = "【工会新闻·基层动态】";
static const char left_title[] = "南京职工书屋建设提速";
static const char left_byline[] = "【本报南京记者王晓东】";
static const char left_body[] =
  "今年以来，南京市总工会新建职工书屋120家，覆盖职工5.6万人，书屋数量和服务人数均创新高。\n"
  "全市工会还投入资金380万元，为一线职工配送图书2.4万册，并组织读书分享会46场。\n"
  "下一步，南京市总工会计划再建职工书屋50家，力争年底前实现规模以上企业全覆盖，让职工在家门口就能读好书。";
static const char right_title[] = "苏州工业园区技能竞赛热度不减";
static const char right_byline[] = "【本报苏州记者李明通讯员张华】";
static const char right_body[] =
  "苏州工业园区总工会今年举办职业技能竞赛36场，参赛职工8600人次，竞赛项目覆盖智能制造、生物医药等产业。\n"
  "据统计，园区已有1200名职工通过竞赛晋升技能等级，获奖职工平均增收12%。\n"
  "园区总工会表示，明年将把竞赛项目扩大到60个，带动更多青年职工岗位成才。";

static double
add_one_column_article (TzTestPdf *pdf,
                        double     y)
{
  y = tz_test_pdf_add_text (pdf, MARGIN, y, FULL_WIDTH, 20, FALSE, one_column_title);
  y = tz_test_pdf_add_text (pdf, MARGIN, y, FULL_WIDTH, 10, FALSE, one_column_byline);
  return tz_test_pdf_add_text (pdf, MARGIN, y, FULL_WIDTH, 10, FALSE, one_column_body);
}

static char *
one_column_text (void)
{
  return g_strjoin ("\n\n", one_column_title, one_column_byline, one_column_body, NULL);
}

typedef struct
{
  const char *title;
  const char *metrics; /* "text@page …" */
} Expected;

static void
assert_articles (TzDocument     *document,
                 const Expected *expected,
                 guint           n_expected)
{
  guint n_articles;
  TzArticle * const *articles = tz_document_peek_articles (document, &n_articles);

  g_assert_cmpuint (n_articles, ==, n_expected);
  for (guint a = 0; a < n_articles; a++)
    {
      GListModel *metrics = tz_article_get_metrics (articles[a]);
      g_autoptr(GString) got = g_string_new (NULL);

      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);

          g_string_append_printf (got, "%s%s@%d", m > 0 ? " " : "",
                                  tz_metric_get_text (metric), tz_metric_get_page (metric));
        }

      g_test_message ("%s: %s", tz_article_get_title (articles[a]), got->str);
      g_assert_cmpstr (tz_article_get_title (articles[a]), ==, expected[a].title);
      g_assert_cmpstr (got->str, ==, expected[a].metrics);
    }
}

static void
test_one_column (void)
{
  static const Expected expected[] = {
    { one_column_title, "1.2万人次@1 260万元@1 412个@1 58个@1" },
  };
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autofree char *text = one_column_text ();
  guint n_pages;

  add_one_column_article (pdf, MARGIN);
  bytes = tz_test_pdf_finish (pdf);
  document = tz_test_read_ok ("one-column.pdf", bytes);

  tz_test_assert_same_as_text (document, text);
  g_assert_cmpuint (tz_document_get_n_articles (document), ==, 1);
  g_assert_nonnull (tz_document_get_page_starts (document, &n_pages));
  g_assert_cmpuint (n_pages, ==, 1);

  /* One page and no page break: every figure is on page 1. */
  assert_articles (document, expected, G_N_ELEMENTS (expected));
}

/* Page 1 holds one article across the page; page 2 is a newspaper page
 * with a banner over two columns, one article in each. */
static void
test_two_columns (void)
{
  static const Expected expected[] = {
    { one_column_title, "1.2万人次@1 260万元@1 412个@1 58个@1" },
    { left_title, "120家@2 5.6万人@2 380万元@2 2.4万册@2 46场@2 50家@2" },
    { right_title, "36场@2 8600人次@2 1200名@2 12%@2 60个@2" },
  };
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autofree char *first = one_column_text ();
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  TzArticle * const *articles;
  guint n_articles;
  double y, left_y, right_y;

  add_one_column_article (pdf, MARGIN);
  tz_test_pdf_next_page (pdf);

  y = tz_test_pdf_add_text (pdf, MARGIN, MARGIN, FULL_WIDTH, 22, TRUE, banner);
  left_y = tz_test_pdf_add_text (pdf, MARGIN, y, COLUMN_WIDTH, 16, FALSE, left_title);
  left_y = tz_test_pdf_add_text (pdf, MARGIN, left_y, COLUMN_WIDTH, 10, FALSE, left_byline);
  tz_test_pdf_add_text (pdf, MARGIN, left_y, COLUMN_WIDTH, 10, FALSE, left_body);
  /* The right column's lines sit between the left column's, as when the
   * columns are set independently. */
  right_y = tz_test_pdf_add_text (pdf, RIGHT_COLUMN, y + 4, COLUMN_WIDTH, 16, FALSE, right_title);
  right_y = tz_test_pdf_add_text (pdf, RIGHT_COLUMN, right_y, COLUMN_WIDTH, 10, FALSE, right_byline);
  tz_test_pdf_add_text (pdf, RIGHT_COLUMN, right_y, COLUMN_WIDTH, 10, FALSE, right_body);
  bytes = tz_test_pdf_finish (pdf);

  path = g_test_build_filename (G_TEST_BUILT, "two-column.pdf", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  g_test_message ("two-column page: %s", path);

  document = tz_test_read_ok ("two-column.pdf", bytes);

  /* Read as a person reads the page: the banner, then the left column,
   * then the right one. */
  text = g_strjoin ("\n\n", first, banner, left_title, left_byline, left_body,
                    right_title, right_byline, right_body, NULL);
  tz_test_assert_same_as_text (document, text);

  assert_articles (document, expected, G_N_ELEMENTS (expected));
  articles = tz_document_peek_articles (document, &n_articles);
  g_assert_cmpstr (tz_article_get_column (articles[1]), ==, "工会新闻·基层动态");
  g_assert_cmpstr (tz_article_get_byline (articles[1]), ==, "本报南京记者王晓东");
  g_assert_cmpstr (tz_article_get_byline (articles[2]), ==, "本报苏州记者李明通讯员张华");
  g_assert_cmpstr (tz_region_get_name (tz_article_get_region (articles[1])), ==, "南京市");
  g_assert_cmpstr (tz_region_get_name (tz_article_get_region (articles[2])), ==, "苏州工业园区");
}

/* A sentence that runs on to the next page is one sentence; the figures
 * after the page turn are on the next page, and a blank page counts. */
static void
test_pages (void)
{
  static const char page1[] =
    "市总工会劳模宣讲团走进企业\n"
    "今年上半年，全市工会共组织劳模工匠进企业宣讲活动85场，覆盖职工";
  static const char page2[] = "2.3万人次，收到合理化建议640条。";
  static const char page4[] =
    "工会驿站服务升级\n"
    "【本报记者陈静】\n"
    "全市新增工会驿站32个，累计服务户外劳动者15万人次。";
  static const Expected expected[] = {
    { "市总工会劳模宣讲团走进企业", "85场@1 2.3万人次@2 640条@2" },
    { "工会驿站服务升级", "32个@4 15万人次@4" },
  };
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autofree char *text = NULL;
  g_autofree char *raw = NULL;
  const guint *starts;
  guint n_pages;

  tz_test_pdf_add_text (pdf, MARGIN, 760, FULL_WIDTH, 10, FALSE, page1);
  tz_test_pdf_next_page (pdf);
  tz_test_pdf_add_text (pdf, MARGIN, MARGIN, FULL_WIDTH, 10, FALSE, page2);
  tz_test_pdf_next_page (pdf);
  tz_test_pdf_next_page (pdf);
  tz_test_pdf_add_text (pdf, MARGIN, MARGIN, FULL_WIDTH, 10, FALSE, page4);
  bytes = tz_test_pdf_finish (pdf);

  /* The reader's own text: pages apart, a form feed line between them. */
  raw = tz_pdf_extract_text (bytes, "pages.pdf", &n_pages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_nonnull (strstr (raw, "覆盖职工\n" TZ_PAGE_BREAK "\n2.3万人次"));
  g_assert_nonnull (strstr (raw, "640条。\n" TZ_PAGE_BREAK "\n\n" TZ_PAGE_BREAK "\n工会驿站"));

  document = tz_test_read_ok ("pages.pdf", bytes);
  text = g_strjoin ("\n\n", page1, page2, page4, NULL);
  tz_test_assert_same_as_text (document, text);
  assert_articles (document, expected, G_N_ELEMENTS (expected));

  /* Page 2 starts inside the joined sentence; the blank page 3 starts
   * where page 4 does. */
  starts = tz_document_get_page_starts (document, &n_pages);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_cmpuint (starts[0], ==, 0);
  g_assert_cmpuint (starts[1], ==, g_utf8_strlen (tz_document_get_text (document), -1) -
                                   g_utf8_strlen (strstr (tz_document_get_text (document), "2.3万人次"), -1));
  g_assert_cmpuint (starts[2], ==, starts[3]);
  g_assert_cmpuint (tz_document_get_page_at (document, starts[3]), ==, 4);
}

static void
test_scanned (void)
{
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;

  tz_test_pdf_add_rectangle (pdf, MARGIN, MARGIN, FULL_WIDTH, 700);
  tz_test_pdf_next_page (pdf);
  tz_test_pdf_add_rectangle (pdf, MARGIN, MARGIN, FULL_WIDTH, 300);
  bytes = tz_test_pdf_finish (pdf);

  document = tz_test_read ("scan.pdf", bytes, &error);
  g_assert_null (document);
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, "scan.pdf"));
  g_assert_nonnull (strstr (error->message, "no text layer (scanned PDF)"));
}

static void
assert_invalid (const char *name,
                GBytes     *bytes,
                const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = tz_test_read (name, bytes, &error);

  g_assert_null (document);
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, name));
  g_assert_nonnull (strstr (error->message, says));
}

static void
test_damaged (void)
{
  static const char not_pdf[] = "本报讯 这不是一个PDF文件";
  static const char cut[] = "%PDF-1.5\n1 0 obj\n<< /Type /Catalog";
  g_autoptr(GBytes) text = g_bytes_new_static (not_pdf, sizeof not_pdf - 1);
  g_autoptr(GBytes) truncated = g_bytes_new_static (cut, sizeof cut - 1);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;

  assert_invalid ("notes.pdf", text, "damaged or not a PDF");
  assert_invalid ("cut.pdf", truncated, "damaged or not a PDF");

  g_assert_null (tz_test_read ("empty.pdf", empty, &error));
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY);
}

/* A PDF that needs a password to open: the standard security handler
 * with a user password that is not empty. */
static void
test_encrypted (void)
{
  static const char trailer[] = "trailer\n<< /Size";
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) locked = NULL;
  g_autoptr(GString) data = NULL;
  gsize len;
  const char *p;
  gssize offset;

  tz_test_pdf_add_text (pdf, MARGIN, MARGIN, FULL_WIDTH, 10, FALSE, one_column_body);
  plain = tz_test_pdf_finish (pdf);

  /* The trailer is at the end, after streams that hold NUL bytes. */
  p = g_bytes_get_data (plain, &len);
  data = g_string_new_len (p, len);
  for (offset = len - strlen (trailer); offset >= 0; offset--)
    if (memcmp (data->str + offset, trailer, strlen (trailer)) == 0)
      break;
  g_assert_cmpint (offset, >=, 0);
  offset += strlen ("trailer\n<< ");
  g_string_insert (data, offset,
                   "/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40"
                   " /O <1111111111111111111111111111111111111111111111111111111111111111>"
                   " /U <2222222222222222222222222222222222222222222222222222222222222222>"
                   " /P -4 >>\n"
                   " /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]\n ");
  locked = g_bytes_new (data->str, data->len);

  assert_invalid ("locked.pdf", locked, "password");
}

/* The decoder still refuses a PDF named .txt: the reader picks the PDF
 * reader by name, never by sniffing. */
static void
test_routed_by_name (void)
{
  TzTestPdf *pdf = tz_test_pdf_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) upper = NULL;

  tz_test_pdf_add_text (pdf, MARGIN, MARGIN, FULL_WIDTH, 10, FALSE, one_column_body);
  bytes = tz_test_pdf_finish (pdf);

  g_assert_null (tz_test_read ("report.txt", bytes, &error));
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY);

  upper = tz_test_read_ok ("REPORT.PDF", bytes);
  g_assert_cmpuint (tz_document_get_n_metrics (upper), ==, 4);
  g_assert_cmpint (tz_report_format_for_name ("a.Pdf"), ==, TZ_REPORT_FORMAT_PDF);
  g_assert_nonnull (strstr (tz_report_format_patterns (), "*.pdf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/pdf/one-column", test_one_column);
  g_test_add_func ("/taizhang/pdf/two-columns", test_two_columns);
  g_test_add_func ("/taizhang/pdf/pages", test_pages);
  g_test_add_func ("/taizhang/pdf/scanned", test_scanned);
  g_test_add_func ("/taizhang/pdf/damaged", test_damaged);
  g_test_add_func ("/taizhang/pdf/encrypted", test_encrypted);
  g_test_add_func ("/taizhang/pdf/routed-by-name", test_routed_by_name);

  return g_test_run ();
}
