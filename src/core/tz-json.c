/* tz-json.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-json"

#include "config.h"

#include <string.h>

#include "tz-article.h"
#include "tz-document.h"
#include "tz-json.h"
#include "tz-metric.h"
#include "tz-region.h"

/* json-glib prints every double with 17 significant digits (26.3 becomes
 * 26.300000000000001). Our values are exact decimals, so we hand them to the
 * generator as marked strings and put the digits back unquoted afterwards. */
#define NUMBER_MARK "\x01"
#define NUMBER_MARK_ESCAPED "\"\\u0001"

static void
add_decimal (JsonBuilder     *builder,
             const TzDecimal *value)
{
  g_autofree char *digits = tz_decimal_to_string (value);
  g_autofree char *marked = g_strconcat (NUMBER_MARK, digits, NULL);

  json_builder_add_string_value (builder, marked);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_year (JsonBuilder *builder,
          int          year)
{
  json_builder_set_member_name (builder, "year");
  if (year > 0)
    json_builder_add_int_value (builder, year);
  else
    json_builder_add_null_value (builder);
}

void
tz_json_add_region (JsonBuilder *builder,
                    TzRegion    *region)
{
  const char * const *path;

  if (region == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, tz_region_get_code (region));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, tz_region_get_name (region));
  json_builder_set_member_name (builder, "path");
  json_builder_begin_array (builder);
  path = tz_region_get_path (region);
  for (guint i = 0; path != NULL && path[i] != NULL; i++)
    json_builder_add_string_value (builder, path[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
tz_json_add_metric (JsonBuilder *builder,
                    TzMetric    *metric)
{
  TzDecimal value;

  tz_metric_get_value (metric, &value);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "text", tz_metric_get_text (metric));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, tz_metric_get_start (metric));
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, tz_metric_get_end (metric));
  json_builder_set_member_name (builder, "value");
  add_decimal (builder, &value);
  add_string_or_null (builder, "unit", tz_metric_get_unit (metric));
  add_string_or_null (builder, "category", tz_category_to_string (tz_metric_get_category (metric)));
  add_string_or_null (builder, "approx", tz_approx_to_string (tz_metric_get_approx (metric)));
  add_string_or_null (builder, "subject", tz_metric_get_subject (metric));
  json_builder_set_member_name (builder, "region");
  tz_json_add_region (builder, tz_metric_get_region (metric));
  add_year (builder, tz_metric_get_year (metric));
  add_string_or_null (builder, "year_source", tz_year_source_to_string (tz_metric_get_year_source (metric)));
  json_builder_set_member_name (builder, "target");
  json_builder_add_boolean_value (builder, tz_metric_get_target (metric));
  add_string_or_null (builder, "sentence", tz_metric_get_sentence (metric));
  /* Only figures read from a paged document (PDF) know their page. */
  if (tz_metric_get_page (metric) > 0)
    {
      json_builder_set_member_name (builder, "page");
      json_builder_add_int_value (builder, tz_metric_get_page (metric));
    }
  json_builder_end_object (builder);
}

static void
add_article (JsonBuilder *builder,
             TzArticle   *article)
{
  const char * const *subtitles = tz_article_get_subtitles (article);
  GListModel *metrics = tz_article_get_metrics (article);
  guint n = g_list_model_get_n_items (metrics);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "title", tz_article_get_title (article));
  json_builder_set_member_name (builder, "subtitles");
  json_builder_begin_array (builder);
  for (guint i = 0; subtitles != NULL && subtitles[i] != NULL; i++)
    json_builder_add_string_value (builder, subtitles[i]);
  json_builder_end_array (builder);
  add_string_or_null (builder, "column", tz_article_get_column (article));
  add_string_or_null (builder, "byline", tz_article_get_byline (article));
  add_string_or_null (builder, "source", tz_article_get_source (article));
  add_string_or_null (builder, "author", tz_article_get_author (article));
  json_builder_set_member_name (builder, "region");
  tz_json_add_region (builder, tz_article_get_region (article));
  add_year (builder, tz_article_get_year (article));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, tz_article_get_start (article));
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, tz_article_get_end (article));
  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, i);
      tz_json_add_metric (builder, metric);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
tz_json_add_document (JsonBuilder *builder,
                      TzDocument  *document)
{
  GListModel *articles = tz_document_get_articles (document);
  guint n = g_list_model_get_n_items (articles);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "file", tz_document_get_name (document));
  add_string_or_null (builder, "sha256", tz_document_get_sha256 (document));
  add_string_or_null (builder, "encoding", tz_document_get_encoding (document));
  add_string_or_null (builder, "date", tz_document_get_date (document));
  json_builder_set_member_name (builder, "articles");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);
      add_article (builder, article);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

void
tz_json_begin_report (JsonBuilder *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "generator");
  json_builder_add_string_value (builder, PACKAGE_NAME " " PACKAGE_VERSION);
  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
}

void
tz_json_end_report (JsonBuilder *builder)
{
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

char *
tz_json_to_string (JsonBuilder *builder,
                   gboolean     pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *raw = NULL;
  GString *out;
  const char *p;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  raw = json_generator_to_data (generator, NULL);

  out = g_string_sized_new (strlen (raw));
  p = raw;
  for (;;)
    {
      const char *mark = strstr (p, NUMBER_MARK_ESCAPED);
      const char *close;

      if (mark == NULL)
        break;
      g_string_append_len (out, p, mark - p);
      mark += strlen (NUMBER_MARK_ESCAPED);
      close = strchr (mark, '"');
      g_string_append_len (out, mark, close - mark);
      p = close + 1;
    }
  g_string_append (out, p);
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/**
 * tz_documents_to_json:
 * @documents: (element-type TzDocument): documents
 * @pretty: whether to indent
 *
 * Returns: (transfer full): the JSON of the extraction spec
 */
char *
tz_documents_to_json (GPtrArray *documents,
                      gboolean   pretty)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  tz_json_begin_report (builder);
  for (guint i = 0; i < documents->len; i++)
    tz_json_add_document (builder, g_ptr_array_index (documents, i));
  tz_json_end_report (builder);

  return tz_json_to_string (builder, pretty);
}

static void
append_field (GString    *out,
              const char *value,
              gboolean    last)
{
  /* Tabs and newlines cannot appear inside a TSV field. */
  for (const char *p = value ? value : ""; *p; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c (out, last ? '\n' : '\t');
}

/**
 * tz_documents_to_tsv:
 * @documents: (element-type TzDocument): documents
 *
 * One line per metric, with a header line, for spreadsheets and shell tools.
 *
 * Returns: (transfer full): the table
 */
char *
tz_documents_to_tsv (GPtrArray *documents)
{
  GString *out = g_string_new ("file\tarticle\ttext\tvalue\tunit\tcategory\tapprox\tsubject\t"
                               "region_code\tregion\tyear\tyear_source\ttarget\tstart\tend\tsentence\tpage\n");

  for (guint d = 0; d < documents->len; d++)
    {
      TzDocument *document = g_ptr_array_index (documents, d);
      GListModel *articles = tz_document_get_articles (document);

      for (guint a = 0; a < g_list_model_get_n_items (articles); a++)
        {
          g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
          GListModel *metrics = tz_article_get_metrics (article);

          for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
            {
              g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);
              TzRegion *region = tz_metric_get_region (metric);
              TzDecimal value;
              g_autofree char *value_str = NULL;
              g_autofree char *year = NULL;
              g_autofree char *start = NULL;
              g_autofree char *end = NULL;
              g_autofree char *page = NULL;

              tz_metric_get_value (metric, &value);
              value_str = tz_decimal_to_string (&value);
              year = tz_metric_get_year (metric) ? g_strdup_printf ("%d", tz_metric_get_year (metric)) : NULL;
              start = g_strdup_printf ("%u", tz_metric_get_start (metric));
              end = g_strdup_printf ("%u", tz_metric_get_end (metric));
              if (tz_metric_get_page (metric) > 0)
                page = g_strdup_printf ("%d", tz_metric_get_page (metric));

              append_field (out, tz_document_get_name (document), FALSE);
              append_field (out, tz_article_get_title (article), FALSE);
              append_field (out, tz_metric_get_text (metric), FALSE);
              append_field (out, value_str, FALSE);
              append_field (out, tz_metric_get_unit (metric), FALSE);
              append_field (out, tz_category_to_string (tz_metric_get_category (metric)), FALSE);
              append_field (out, tz_approx_to_string (tz_metric_get_approx (metric)), FALSE);
              append_field (out, tz_metric_get_subject (metric), FALSE);
              append_field (out, region ? tz_region_get_code (region) : NULL, FALSE);
              append_field (out, region ? tz_region_get_name (region) : NULL, FALSE);
              append_field (out, year, FALSE);
              append_field (out, tz_year_source_to_string (tz_metric_get_year_source (metric)), FALSE);
              append_field (out, tz_metric_get_target (metric) ? "true" : "false", FALSE);
              append_field (out, start, FALSE);
              append_field (out, end, FALSE);
              append_field (out, tz_metric_get_sentence (metric), FALSE);
              append_field (out, page, TRUE);
            }
        }
    }

  return g_string_free (out, FALSE);
}
