/* test-extract.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tz-article-private.h"
#include "tz-core.h"
#include "tz-reflow.h"

/* Each fixture under tests/fixtures/ comes with NAME.expected.json, written
 * by hand: every metric the report states (exhaustively, in text order), the
 * articles, and strings that must not come out as metrics. */

static const char * const fixtures[] = {
  "basic", "reflow", "numerals", "regions", "years", "layout",
};

static char *
fixture_path (const char *name,
              const char *suffix)
{
  g_autofree char *file = g_strconcat (name, suffix, NULL);
  return g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
}

static TzDocument *
extract_file (const char *path,
              const char *date)
{
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_path_get_basename (path);
  TzDocument *document;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  tz_extractor_set_date (extractor, date);
  document = tz_extractor_extract_bytes (extractor, name, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

static GPtrArray *
all_metrics (TzDocument *document)
{
  GPtrArray *metrics = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *articles = tz_document_get_articles (document);

  for (guint a = 0; a < g_list_model_get_n_items (articles); a++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
      GListModel *list = tz_article_get_metrics (article);

      for (guint m = 0; m < g_list_model_get_n_items (list); m++)
        g_ptr_array_add (metrics, g_list_model_get_item (list, m));
    }

  return metrics;
}

/* The metrics extracted from @text, a report of our own written inline. */
static GPtrArray *
metrics_of_text (const char *text)
{
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = tz_extractor_extract_text (extractor, "inline.txt", text);

  return all_metrics (document);
}

/* The spec's scorer accepts a subject that contains the expected phrase
 * with little else around it, or is most of it (see shared/eval). */
static char *
strip_marks (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; p && *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_ispunct (ch) || g_unichar_isspace (ch) || ch == 0x201C || ch == 0x201D)
        continue;
      g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

static gboolean
subject_acceptable (const char *predicted,
                    JsonArray  *accepted)
{
  g_autofree char *p = strip_marks (predicted);
  glong plen = g_utf8_strlen (p, -1);

  if (plen == 0)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (accepted); i++)
    {
      g_autofree char *g = strip_marks (json_array_get_string_element (accepted, i));
      glong glen = g_utf8_strlen (g, -1);

      if (glen == 0)
        continue;
      if (g_str_equal (p, g))
        return TRUE;
      if (strstr (p, g) != NULL && plen <= 2 * glen + 2)
        return TRUE;
      if (strstr (g, p) != NULL && plen >= MAX (2, glen / 2))
        return TRUE;
    }

  return FALSE;
}

static gboolean
same_value (TzMetric *metric,
            JsonNode *expected)
{
  TzDecimal value, want;
  g_autofree char *repr = NULL;

  tz_metric_get_value (metric, &value);
  if (json_node_get_value_type (expected) == G_TYPE_INT64)
    repr = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (expected));
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      repr = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6f", json_node_get_double (expected)));
    }

  g_assert_true (tz_decimal_parse (repr, &want));
  return tz_decimal_compare (&value, &want) == 0;
}

static const char *
region_code (TzRegion *region)
{
  return region ? tz_region_get_code (region) : NULL;
}

static void
check_articles (TzDocument *document,
                JsonArray  *expected)
{
  GListModel *articles = tz_document_get_articles (document);

  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, json_array_get_length (expected));

  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *want = json_array_get_object_element (expected, i);
      const char *title = json_object_get_string_member (want, "title");
      gboolean found = FALSE;

      for (guint a = 0; a < g_list_model_get_n_items (articles) && !found; a++)
        {
          g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
          const char * const *subtitles = tz_article_get_subtitles (article);
          gboolean titled = g_strcmp0 (tz_article_get_title (article), title) == 0 ||
                            (subtitles && g_strv_contains (subtitles, title));

          if (titled)
            {
              found = TRUE;
              g_assert_cmpstr (region_code (tz_article_get_region (article)), ==,
                               json_object_get_string_member_with_default (want, "region", NULL));
            }
        }

      if (!found)
        g_error ("no article titled “%s”", title);
    }
}

static void
check_fixture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *txt = fixture_path (name, ".txt");
  g_autofree char *json = fixture_path (name, ".expected.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autofree gboolean *used = NULL;
  JsonObject *root;
  JsonArray *expected;
  const char *text;

  json_parser_load_from_file (parser, json, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  document = extract_file (txt, NULL);
  metrics = all_metrics (document);
  used = g_new0 (gboolean, metrics->len);
  text = tz_document_get_text (document);

  check_articles (document, json_object_get_array_member (root, "articles"));

  expected = json_object_get_array_member (root, "metrics");
  for (guint i = 0; i < json_array_get_length (expected); i++)
    {
      JsonObject *want = json_array_get_object_element (expected, i);
      const char *want_text = json_object_get_string_member (want, "text");
      TzMetric *metric = NULL;
      JsonNode *year;

      for (guint m = 0; m < metrics->len; m++)
        {
          TzMetric *candidate = g_ptr_array_index (metrics, m);

          if (!used[m] &&
              g_strcmp0 (tz_metric_get_text (candidate), want_text) == 0 &&
              same_value (candidate, json_object_get_member (want, "value")))
            {
              used[m] = TRUE;
              metric = candidate;
              break;
            }
        }

      if (metric == NULL)
        g_error ("%s: metric “%s” was not extracted", name, want_text);

      g_test_message ("%s: %s", name, want_text);
      g_assert_cmpstr (tz_metric_get_unit (metric), ==, json_object_get_string_member (want, "unit"));
      g_assert_cmpstr (tz_approx_to_string (tz_metric_get_approx (metric)), ==,
                       json_object_get_string_member (want, "approx"));
      if (!subject_acceptable (tz_metric_get_subject (metric),
                               json_object_get_array_member (want, "subject")))
        g_error ("%s: “%s” has subject “%s”", name, want_text, tz_metric_get_subject (metric));
      g_assert_cmpstr (region_code (tz_metric_get_region (metric)), ==,
                       json_object_get_string_member_with_default (want, "region", NULL));
      year = json_object_get_member (want, "year");
      g_assert_cmpint (tz_metric_get_year (metric), ==, JSON_NODE_HOLDS_NULL (year) ? 0 : json_node_get_int (year));
      g_assert_cmpint (tz_metric_get_target (metric), ==, json_object_get_boolean_member (want, "target"));

      /* The span points at the figure in the normalized text. */
      {
        const char *a = g_utf8_offset_to_pointer (text, tz_metric_get_start (metric));
        const char *b = g_utf8_offset_to_pointer (text, tz_metric_get_end (metric));
        g_autofree char *span = g_strndup (a, b - a);

        g_assert_cmpstr (span, ==, want_text);
      }
    }

  for (guint m = 0; m < metrics->len; m++)
    if (!used[m])
      g_error ("%s: unexpected metric “%s” in “%s”", name,
               tz_metric_get_text (g_ptr_array_index (metrics, m)),
               tz_metric_get_sentence (g_ptr_array_index (metrics, m)));

  if (json_object_has_member (root, "not_metrics"))
    {
      JsonArray *nots = json_object_get_array_member (root, "not_metrics");

      for (guint i = 0; i < json_array_get_length (nots); i++)
        for (guint m = 0; m < metrics->len; m++)
          g_assert_cmpstr (tz_metric_get_text (g_ptr_array_index (metrics, m)), !=,
                           json_array_get_string_element (nots, i));
    }
}

/* The same report in every encoding we read gives the same records. */
static void
test_encodings (void)
{
  g_autofree char *txt = fixture_path ("basic", ".txt");
  g_autoptr(TzDocument) reference = extract_file (txt, NULL);
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autofree char *want = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  const struct { const char *charset; const char *bom; gsize bom_len; } variants[] = {
    { "UTF-8", "\xef\xbb\xbf", 3 },
    { "UTF-16LE", "\xff\xfe", 2 },
    { "UTF-16BE", "\xfe\xff", 2 },
    { "GB18030", "", 0 },
  };

  g_assert_true (g_file_get_contents (txt, &contents, &len, NULL));
  g_ptr_array_add (one, reference);
  want = tz_documents_to_tsv (one);

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(TzExtractor) extractor = tz_extractor_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *converted = NULL;
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      g_autoptr(GBytes) data = NULL;
      g_autoptr(TzDocument) document = NULL;
      g_autoptr(GPtrArray) list = g_ptr_array_new ();
      g_autofree char *got = NULL;
      gsize conv_len;

      converted = g_convert (contents, len, variants[i].charset, "UTF-8", NULL, &conv_len, &error);
      g_assert_no_error (error);
      g_byte_array_append (bytes, (const guint8 *)variants[i].bom, variants[i].bom_len);
      g_byte_array_append (bytes, (const guint8 *)converted, conv_len);
      data = g_byte_array_free_to_bytes (g_steal_pointer (&bytes));

      document = tz_extractor_extract_bytes (extractor, "basic.txt", data, &error);
      g_assert_no_error (error);
      g_ptr_array_add (list, document);
      got = tz_documents_to_tsv (list);
      g_assert_cmpstr (got, ==, want);
    }
}

static void
test_binary_refused (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;

  document = tz_extractor_extract_bytes (extractor, "photo.txt", bytes, &error);
  g_assert_null (document);
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "photo.txt"));
}

/* Form feed lines (the PDF reader's page breaks) leave no trace in the
 * text but say on which page each figure is. A page that starts with a
 * repeated paragraph starts where the text goes on; empty pages at the
 * end start at its end. */
static void
test_page_breaks (void)
{
  static const char text[] =
    "第一版要闻\n\n"
    "全市工会今年新建职工之家36个，覆盖职工1.8万人。\n"
    TZ_PAGE_BREAK "\n"
    "全市工会今年新建职工之家36个，覆盖职工1.8万人。\n\n"
    "另有15家企业建立了工会组织。\n"
    TZ_PAGE_BREAK "\n" TZ_PAGE_BREAK "\n";
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = tz_extractor_extract_text (extractor, "paged.txt", text);
  g_autoptr(TzDocument) plain = tz_extractor_extract_text (extractor, "plain.txt", "全市新增会员500人。\n");
  g_autoptr(GPtrArray) metrics = all_metrics (document);
  const char *body = tz_document_get_text (document);
  const guint *starts;
  guint n_pages;

  g_assert_null (strchr (body, '\f'));
  g_assert_cmpstr (body, ==, "第一版要闻\n全市工会今年新建职工之家36个，覆盖职工1.8万人。\n另有15家企业建立了工会组织。");

  starts = tz_document_get_page_starts (document, &n_pages);
  g_assert_cmpuint (n_pages, ==, 4);
  g_assert_cmpuint (starts[0], ==, 0);
  g_assert_cmpuint (starts[1], ==, g_utf8_pointer_to_offset (body, strstr (body, "另有")));
  g_assert_cmpuint (starts[2], ==, g_utf8_strlen (body, -1));
  g_assert_cmpuint (starts[3], ==, starts[2]);

  g_assert_cmpuint (metrics->len, ==, 3);
  g_assert_cmpint (tz_metric_get_page (g_ptr_array_index (metrics, 0)), ==, 1);
  g_assert_cmpint (tz_metric_get_page (g_ptr_array_index (metrics, 1)), ==, 1);
  g_assert_cmpint (tz_metric_get_page (g_ptr_array_index (metrics, 2)), ==, 2);

  /* A text without page breaks has no pages. */
  g_assert_null (tz_document_get_page_starts (plain, &n_pages));
  g_assert_cmpuint (n_pages, ==, 0);
  g_assert_cmpuint (tz_document_get_page_at (plain, 3), ==, 0);
}

/* .pdf and .docx are known by name; a build without their libraries says
 * it cannot read them rather than that they are not reports. */
static void
test_formats (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("%PDF-1.5\n", 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = NULL;

  g_assert_cmpint (tz_report_format_for_name ("第3版.PDF"), ==, TZ_REPORT_FORMAT_PDF);
  g_assert_cmpint (tz_report_format_for_name ("报告.docx"), ==, TZ_REPORT_FORMAT_DOCX);
  g_assert_cmpint (tz_report_format_for_name ("报告.doc"), ==, TZ_REPORT_FORMAT_UNSUPPORTED);

  document = tz_read_report (extractor, "版面.pdf", bytes, &error);
  g_assert_null (document);
#ifdef HAVE_POPPLER
  g_assert_nonnull (strstr (tz_report_format_patterns (), "*.pdf"));
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID);
#else
  g_assert_null (strstr (tz_report_format_patterns (), "*.pdf"));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "cannot read PDF"));
#endif
  g_assert_nonnull (strstr (error->message, "版面.pdf"));
  g_clear_error (&error);

  document = tz_read_report (extractor, "报告.docx", bytes, &error);
  g_assert_null (document);
#ifdef HAVE_GSF
  g_assert_nonnull (strstr (tz_report_format_patterns (), "*.docx"));
  g_assert_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID);
#else
  g_assert_null (strstr (tz_report_format_patterns (), "*.docx"));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "cannot read Word"));
#endif
  g_assert_nonnull (strstr (error->message, "报告.docx"));
}

/* 今年 and 截至目前 give no year on their own, and the report's date when
 * it is known. */
static void
test_report_date (void)
{
  static const char text[] = "某市工会动态\n\n本报讯 通讯员王某报道 今年以来,某市总工会开展技能培训36场。去年,全市新增会员1200名。\n";
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) undated = tz_extractor_extract_text (extractor, "a.txt", text);
  g_autoptr(TzDocument) dated = NULL;
  g_autoptr(GPtrArray) m1 = all_metrics (undated);
  g_autoptr(GPtrArray) m2 = NULL;

  g_assert_cmpuint (m1->len, ==, 2);
  g_assert_cmpint (tz_metric_get_year (g_ptr_array_index (m1, 0)), ==, 0);
  g_assert_cmpint (tz_metric_get_year (g_ptr_array_index (m1, 1)), ==, 0);

  tz_extractor_set_date (extractor, "2024-06-30");
  dated = tz_extractor_extract_text (extractor, "a.txt", text);
  m2 = all_metrics (dated);
  g_assert_cmpint (tz_metric_get_year (g_ptr_array_index (m2, 0)), ==, 2024);
  g_assert_cmpint (tz_metric_get_year (g_ptr_array_index (m2, 1)), ==, 2023);
  g_assert_cmpint (tz_metric_get_year_source (g_ptr_array_index (m2, 1)), ==, TZ_YEAR_SOURCE_DOCUMENT);
}

/* The JSON is the spec's: values are exact numbers, offsets code points. */
static void
test_json_shape (void)
{
  static const char text[] = "柯桥技能人才统计\n\n本报讯 截至目前,绍兴市柯桥区技能人才达到21.5045万人,占比26.3%。\n";
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = tz_extractor_extract_text (extractor, "k.txt", text);
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  JsonObject *metric;

  g_ptr_array_add (list, document);
  json = tz_documents_to_json (list, FALSE);
  g_assert_nonnull (strstr (json, "\"value\":215045,"));
  g_assert_nonnull (strstr (json, "\"value\":26.3,"));

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  metric = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (
        json_object_get_array_member (
          json_array_get_object_element (
            json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "documents"), 0),
          "articles"), 0),
      "metrics"), 0);
  g_assert_cmpstr (json_object_get_string_member (metric, "unit"), ==, "人");
  g_assert_cmpstr (json_object_get_string_member (metric, "category"), ==, "people");
  g_assert_cmpstr (json_object_get_string_member (metric, "year_source"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (metric, "region"), "code"), ==, "330603");
}

/* Stored documents are extracted again from their normalized text when the
 * extractor changes; that text must come back unchanged, with the same
 * records at the same offsets, or corrections would drift. */
static void
check_reextraction (gconstpointer data)
{
  const char *name = data;
  g_autofree char *txt = fixture_path (name, ".txt");
  g_autoptr(TzDocument) first = extract_file (txt, NULL);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) again = tz_extractor_extract_text (extractor, tz_document_get_name (first),
                                                           tz_document_get_text (first));
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GPtrArray) two = g_ptr_array_new ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmpstr (tz_document_get_text (again), ==, tz_document_get_text (first));

  g_ptr_array_add (one, first);
  g_ptr_array_add (two, again);
  a = tz_documents_to_tsv (one);
  b = tz_documents_to_tsv (two);
  g_assert_cmpstr (a, ==, b);
}

/* A sentence opening with a time frame (2015年以来, 自2016年以来,
 * 截至2019年6月底) and then a place sets the region of all its figures,
 * not only of the first. */
static void
test_region_after_time_frame (void)
{
  static const char * const frames[] = { "2015年以来，", "自2016年以来，", "截至2019年6月底，" };
  for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
    {
      g_autofree char *text = g_strdup_printf ("海东互助土族深化产改\n\n"
                                               "本报讯 %s循化撒拉族自治县委组织部累计解决技术难题10项，"
                                               "筹集创新奖励2004万元。",
                                               frames[f]);
      g_autoptr(GPtrArray) metrics = metrics_of_text (text);

      g_assert_cmpuint (metrics->len, ==, 2);
      for (guint i = 0; i < metrics->len; i++)
        g_assert_cmpstr (region_code (tz_metric_get_region (g_ptr_array_index (metrics, i))), ==, "630225");
    }
}

/* A figure 使 brings about in its own clause is a target, unless the
 * sentence tells of a time gone by; the clauses after it are not. */
static void
test_target_of_shi (void)
{
  static const char text[] =
    "区总工会推进产改\n\n"
    "本报讯 区总工会引导企业党组织发挥作用，使成员中党员比例在50%以上，培训职工300人。"
    "近年来，区总工会努力使全区技能人才达到2114名。";
  static const struct
  {
    const char *text;
    gboolean    target;
  } want[] = {
    { "50%以上", TRUE },
    { "300人", FALSE },
    { "2114名", FALSE },
  };
  g_autoptr(GPtrArray) metrics = metrics_of_text (text);

  g_assert_cmpuint (metrics->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < metrics->len; i++)
    {
      TzMetric *metric = g_ptr_array_index (metrics, i);

      g_assert_cmpstr (tz_metric_get_text (metric), ==, want[i].text);
      g_assert_cmpint (tz_metric_get_target (metric), ==, want[i].target);
    }
}

/* Place names that start with a numeral and a measure word (九台区,
 * 七台河市, 三门峡市, 三元区) hold no figures; the same characters
 * counting things (三门课程, 九台电脑) still do. */
static void
test_numbers_in_place_names (void)
{
  static const char text[] =
    "区总工会开展培训\n\n"
    "本报讯 长春市九台区总工会共培训产业工人735人。七台河市总工会已推动2240家企业参与活动。"
    "三门峡市总工会征集项目210项。三元区人力社保局共推动近百家企业参与。"
    "职工学校共开设三门课程，购置九台电脑。";
  static const char * const want[] = { "735人", "2240家", "210项", "近百家", "三门", "九台" };
  g_autoptr(GPtrArray) metrics = metrics_of_text (text);

  g_assert_cmpuint (metrics->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < metrics->len; i++)
    g_assert_cmpstr (tz_metric_get_text (g_ptr_array_index (metrics, i)), ==, want[i]);
  g_assert_cmpstr (tz_metric_get_subject (g_ptr_array_index (metrics, 4)), ==, "课程");
  g_assert_cmpstr (tz_metric_get_subject (g_ptr_array_index (metrics, 5)), ==, "电脑");
}

/* 推动全区…增至, 努力使全区…达到: what the verb brings about is the topic,
 * not the verb nor the body that does it; so is what 承办, 推广, 改造 … act
 * on. 超过 before a figure with a qualifier of its own (近千人) is no part
 * of the topic either, nor the body before an act (区委组织部培训…). */
static void
test_subject_after_causative (void)
{
  static const char text[] =
    "区总工会深化产改\n\n"
    "本报讯 今年以来，区人力社保局推动全区首席技师增至120人。"
    "区产改办努力使全区持证上岗率达到73%。"
    "区总工会承办技能竞赛12场，推广合理化建议300条，改造职工之家55所，"
    "全区技能人才超过近千人。区委组织部培训劳模工匠454名。";
  static const char * const want[] = {
    "首席技师", "持证上岗率", "技能竞赛", "合理化建议", "职工之家", "技能人才", "培训劳模工匠",
  };
  g_autoptr(GPtrArray) metrics = metrics_of_text (text);

  g_assert_cmpuint (metrics->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < metrics->len; i++)
    g_assert_cmpstr (tz_metric_get_subject (g_ptr_array_index (metrics, i)), ==, want[i]);
}

/* A figure that is the object of a verb done (选聘了40名…) counts the noun
 * its 的-phrase ends in, however long the phrase; a figure that does the
 * verb itself (12人获得了…的称号) does not take the noun after it. */
static void
test_subject_of_modified_noun (void)
{
  static const char text[] =
    "区总工会组建劳动争议调解员队伍\n\n"
    "本报讯 今年以来，区总工会从辖区企业中选聘了25名熟悉劳动法律法规、"
    "热心工会工作的同志，组建劳动争议调解员队伍。全区共有12人获得了省级劳动模范的称号。"
    "区总工会还培训了300名职工。";
  static const struct
  {
    const char *text, *subject;
    gboolean    equal;
  } want[] = {
    { "25名", "同志", TRUE },
    { "12人", "称号", FALSE },
    { "300名", "职工", TRUE },
  };
  g_autoptr(GPtrArray) metrics = metrics_of_text (text);

  g_assert_cmpuint (metrics->len, ==, G_N_ELEMENTS (want));
  for (guint i = 0; i < metrics->len; i++)
    {
      TzMetric *metric = g_ptr_array_index (metrics, i);

      g_assert_cmpstr (tz_metric_get_text (metric), ==, want[i].text);
      if (want[i].equal)
        g_assert_cmpstr (tz_metric_get_subject (metric), ==, want[i].subject);
      else
        g_assert_cmpstr (tz_metric_get_subject (metric), !=, want[i].subject);
    }
}

/* Extracted figures are plain fields until something asks for metric
 * objects (tz-article-private.h); both must read the same, in the same
 * order, ids included. */
static void
test_lazy_metrics (void)
{
  g_autofree char *path = fixture_path ("basic", ".txt");
  g_autoptr(TzDocument) lazy = extract_file (path, "2024-03-01");
  g_autoptr(TzDocument) eager = extract_file (path, "2024-03-01");
  g_autoptr(GPtrArray) objects = all_metrics (eager);
  GListModel *articles = tz_document_get_articles (lazy);
  guint n_articles = g_list_model_get_n_items (articles);
  guint k = 0;

  g_assert_cmpuint (objects->len, >, 10);
  g_assert_cmpuint (tz_document_get_n_metrics (lazy), ==, objects->len);

  for (guint a = 0; a < n_articles; a++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
      guint n = tz_article_get_n_metrics (article);

      for (guint i = 0; i < n; i++, k++)
        {
          TzMetric *metric = objects->pdata[k];
          TzMetricFields view;
          TzDecimal value;

          tz_article_view_metric (article, i, &view);
          tz_metric_get_value (metric, &value);
          g_assert_cmpstr (view.text, ==, tz_metric_get_text (metric));
          g_assert_cmpstr (view.sentence, ==, tz_metric_get_sentence (metric));
          g_assert_cmpstr (view.unit, ==, tz_metric_get_unit (metric));
          g_assert_cmpstr (view.subject, ==, tz_metric_get_subject (metric));
          g_assert_true (tz_decimal_compare (&view.value, &value) == 0);
          g_assert_cmpint (view.value.scale, ==, value.scale);
          g_assert_cmpuint (view.start, ==, tz_metric_get_start (metric));
          g_assert_cmpuint (view.end, ==, tz_metric_get_end (metric));
          g_assert_cmpint (view.year, ==, tz_metric_get_year (metric));
          g_assert_cmpint (view.year_source, ==, tz_metric_get_year_source (metric));
          g_assert_cmpint (view.category, ==, tz_metric_get_category (metric));
          g_assert_cmpint (view.approx, ==, tz_metric_get_approx (metric));
          g_assert_cmpint (view.target, ==, tz_metric_get_target (metric));
          g_assert_cmpstr (view.region != NULL ? tz_region_get_code (view.region) : NULL, ==,
                           tz_metric_get_region (metric) != NULL
                             ? tz_region_get_code (tz_metric_get_region (metric)) : NULL);
          /* The extractor says where the sentence is, in code points. */
          {
            g_autofree char *at = g_utf8_substring (tz_document_get_text (lazy),
                                                    view.sentence_start, view.sentence_end);

            g_assert_cmpuint (view.sentence_end, >, view.sentence_start);
            g_assert_cmpstr (at, ==, view.sentence);
          }
          tz_article_set_metric_ids (article, i, 100 + k, 10 + a, 1);
        }

      /* A figure added by hand goes after the extracted ones, and making
       * the objects keeps the ids given to the fields. */
      if (a == 0 && n > 0)
        {
          g_autoptr(TzMetric) added = tz_metric_new ();
          g_autoptr(TzMetric) first = NULL;
          g_autoptr(TzMetric) last = NULL;
          GListModel *model;

          tz_metric_set_text (added, "5家");
          tz_article_add_metric (article, added);
          model = tz_article_get_metrics (article);
          g_assert_cmpuint (g_list_model_get_n_items (model), ==, n + 1);
          g_assert_cmpuint (tz_article_get_n_metrics (article), ==, n + 1);
          first = g_list_model_get_item (model, 0);
          last = g_list_model_get_item (model, n);
          g_assert_true (last == added);
          g_assert_cmpstr (tz_metric_get_text (first), ==, tz_metric_get_text (objects->pdata[0]));
          g_assert_cmpint (tz_metric_get_id (first), ==, 100);
          g_assert_cmpint (tz_metric_get_article_id (first), ==, 10);
          g_assert_cmpint (tz_metric_get_document_id (first), ==, 1);

          /* Once objects, the ids go to the objects. */
          tz_article_set_metric_ids (article, 0, 7, 8, 9);
          g_assert_cmpint (tz_metric_get_id (first), ==, 7);
          g_assert_cmpint (tz_metric_get_article_id (first), ==, 8);
          g_assert_cmpint (tz_metric_get_document_id (first), ==, 9);
        }
    }
  g_assert_cmpuint (k, ==, objects->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/taizhang/extract/fixture/%s", fixtures[i]);
      g_test_add_data_func (path, fixtures[i], check_fixture);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/taizhang/extract/reextract/%s", fixtures[i]);
      g_test_add_data_func (path, fixtures[i], check_reextraction);
    }
  g_test_add_func ("/taizhang/extract/encodings", test_encodings);
  g_test_add_func ("/taizhang/extract/binary-refused", test_binary_refused);
  g_test_add_func ("/taizhang/extract/page-breaks", test_page_breaks);
  g_test_add_func ("/taizhang/extract/formats", test_formats);
  g_test_add_func ("/taizhang/extract/report-date", test_report_date);
  g_test_add_func ("/taizhang/extract/json-shape", test_json_shape);
  g_test_add_func ("/taizhang/extract/lazy-metrics", test_lazy_metrics);
  g_test_add_func ("/taizhang/extract/subject-of-modified-noun", test_subject_of_modified_noun);
  g_test_add_func ("/taizhang/extract/subject-after-causative", test_subject_after_causative);
  g_test_add_func ("/taizhang/extract/numbers-in-place-names", test_numbers_in_place_names);
  g_test_add_func ("/taizhang/extract/target-of-shi", test_target_of_shi);
  g_test_add_func ("/taizhang/extract/region-after-time-frame", test_region_after_time_frame);

  return g_test_run ();
}
