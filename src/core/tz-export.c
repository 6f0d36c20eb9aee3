/* tz-export.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-export"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tz-article.h"
#include "tz-document.h"
#include "tz-export.h"
#include "tz-json.h"
#include "tz-metric.h"
#include "tz-region.h"
#include "tz-store.h"

/* Exports page through the ledger (PAGE ids at a time) and write as they
 * go, so half a million records never sit in memory at once. */
#define PAGE 2000

static const char * const csv_columns[] = {
  "document", "article", "text", "value", "unit", "category", "approx", "subject",
  "region_code", "region", "region_path", "year", "year_source", "target",
  "start", "end", "corrected", "sentence", "page",
};

/* RFC 4180: quote a field when it holds a comma, a quote or a line break,
 * doubling the quotes inside. */
void
tz_csv_append_field (GString    *line,
                     const char *field)
{
  if (line->len > 0 && line->str[line->len - 1] != '\n')
    g_string_append_c (line, ',');

  if (field == NULL)
    return;

  if (strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (line, field);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
end_csv_line (GString *line)
{
  g_string_append (line, "\r\n");
}

typedef struct
{
  TzStore    *store;
  GHashTable *articles;  /* id → TzArticle (a row, without metrics) */
  GHashTable *documents; /* id → TzDocument (a row, without text) */
} Lookup;

/* Values may be NULL: ids no longer in the ledger. */
static void
clear_object (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
lookup_init (Lookup  *lookup,
             TzStore *store)
{
  lookup->store = store;
  lookup->articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, clear_object);
  lookup->documents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, clear_object);
}

static void
lookup_clear (Lookup *lookup)
{
  g_clear_pointer (&lookup->articles, g_hash_table_unref);
  g_clear_pointer (&lookup->documents, g_hash_table_unref);
}

/* Adds the articles and documents of @metrics that @lookup does not hold
 * yet, each kind in one call: loaded one at a time, every article would
 * read its document's text again. Rows only: the titles and names. */
static gboolean
lookup_fill (Lookup     *lookup,
             GPtrArray  *metrics,
             GError    **error)
{
  g_autoptr(GArray) article_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GPtrArray) documents = NULL;

  for (guint i = 0; i < metrics->len; i++)
    {
      TzMetric *metric = g_ptr_array_index (metrics, i);
      gint64 article_id = tz_metric_get_article_id (metric);
      gint64 document_id = tz_metric_get_document_id (metric);

      /* A placeholder until loaded, so that each id is asked for once. */
      if (!g_hash_table_contains (lookup->articles, &article_id))
        {
          g_hash_table_insert (lookup->articles, g_memdup2 (&article_id, sizeof article_id), NULL);
          g_array_append_val (article_ids, article_id);
        }
      if (!g_hash_table_contains (lookup->documents, &document_id))
        {
          g_hash_table_insert (lookup->documents, g_memdup2 (&document_id, sizeof document_id), NULL);
          g_array_append_val (document_ids, document_id);
        }
    }

  articles = tz_store_load_article_rows (lookup->store, (const gint64 *) article_ids->data,
                                         article_ids->len, error);
  if (articles == NULL)
    return FALSE;
  for (guint i = 0; i < articles->len; i++)
    {
      gint64 id = tz_article_get_id (articles->pdata[i]);

      g_hash_table_insert (lookup->articles, g_memdup2 (&id, sizeof id), g_object_ref (articles->pdata[i]));
    }

  documents = tz_store_load_documents (lookup->store, (const gint64 *) document_ids->data,
                                       document_ids->len, error);
  if (documents == NULL)
    return FALSE;
  for (guint i = 0; i < documents->len; i++)
    {
      gint64 id = tz_document_get_id (documents->pdata[i]);

      g_hash_table_insert (lookup->documents, g_memdup2 (&id, sizeof id), g_object_ref (documents->pdata[i]));
    }

  return TRUE;
}

static gboolean
write_string (GOutputStream  *out,
              GString        *s,
              GCancellable   *cancellable,
              GError        **error)
{
  gboolean ok = g_output_stream_write_all (out, s->str, s->len, NULL, cancellable, error);

  g_string_truncate (s, 0);
  return ok;
}

static void
append_metric_csv (GString    *line,
                   TzMetric   *metric,
                   TzArticle  *article,
                   TzDocument *document)
{
  TzRegion *region = tz_metric_get_region (metric);
  TzDecimal value;
  g_autofree char *value_str = NULL;
  g_autofree char *path = NULL;
  char year[16] = "", start[16], end[16], page[16] = "";

  tz_metric_get_value (metric, &value);
  value_str = tz_decimal_to_string (&value);
  if (region != NULL)
    path = g_strjoinv ("/", (char **)tz_region_get_path (region));
  if (tz_metric_get_year (metric) > 0)
    g_snprintf (year, sizeof year, "%d", tz_metric_get_year (metric));
  g_snprintf (start, sizeof start, "%u", tz_metric_get_start (metric));
  g_snprintf (end, sizeof end, "%u", tz_metric_get_end (metric));
  if (tz_metric_get_page (metric) > 0)
    g_snprintf (page, sizeof page, "%d", tz_metric_get_page (metric));

  tz_csv_append_field (line, document ? tz_document_get_name (document) : NULL);
  tz_csv_append_field (line, article ? tz_article_get_title (article) : NULL);
  tz_csv_append_field (line, tz_metric_get_text (metric));
  tz_csv_append_field (line, value_str);
  tz_csv_append_field (line, tz_metric_get_unit (metric));
  tz_csv_append_field (line, tz_category_to_string (tz_metric_get_category (metric)));
  tz_csv_append_field (line, tz_approx_to_string (tz_metric_get_approx (metric)));
  tz_csv_append_field (line, tz_metric_get_subject (metric));
  tz_csv_append_field (line, region ? tz_region_get_code (region) : NULL);
  tz_csv_append_field (line, region ? tz_region_get_name (region) : NULL);
  tz_csv_append_field (line, path);
  tz_csv_append_field (line, year);
  tz_csv_append_field (line, tz_year_source_to_string (tz_metric_get_year_source (metric)));
  tz_csv_append_field (line, tz_metric_get_target (metric) ? "true" : "false");
  tz_csv_append_field (line, start);
  tz_csv_append_field (line, end);
  tz_csv_append_field (line, tz_metric_get_corrected (metric) ? "true" : "false");
  tz_csv_append_field (line, tz_metric_get_sentence (metric));
  tz_csv_append_field (line, page);
  end_csv_line (line);
}

static gboolean
export_csv (TzStore        *store,
            TzFilter       *filter,
            GOutputStream  *out,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GString) buf = g_string_new (NULL);
  Lookup lookup;
  gboolean ok = TRUE;

  ids = tz_store_query_metric_ids (store, filter, error);
  if (ids == NULL)
    return FALSE;

  /* The byte order mark tells Excel and WPS the file is UTF-8. */
  if (!g_output_stream_write_all (out, "\xef\xbb\xbf", 3, NULL, cancellable, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    tz_csv_append_field (buf, csv_columns[i]);
  end_csv_line (buf);

  lookup_init (&lookup, store);

  for (guint first = 0; ok && first < ids->len; first += PAGE)
    {
      guint n = MIN (PAGE, ids->len - first);
      g_autoptr(GPtrArray) metrics = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      metrics = tz_store_load_metrics (store, &g_array_index (ids, gint64, first), n, error);
      if (metrics == NULL)
        {
          ok = FALSE;
          break;
        }

      if (!lookup_fill (&lookup, metrics, error))
        {
          ok = FALSE;
          break;
        }

      for (guint i = 0; i < metrics->len; i++)
        {
          TzMetric *metric = g_ptr_array_index (metrics, i);
          gint64 article_id = tz_metric_get_article_id (metric);
          gint64 document_id = tz_metric_get_document_id (metric);

          append_metric_csv (buf, metric, g_hash_table_lookup (lookup.articles, &article_id),
                             g_hash_table_lookup (lookup.documents, &document_id));
        }

      ok = ok && write_string (out, buf, cancellable, error);
    }

  if (ok)
    ok = write_string (out, buf, cancellable, error);

  lookup_clear (&lookup);
  return ok;
}

/* Writes one document as an element of the "documents" array. */
static gboolean
write_json_document (GOutputStream  *out,
                     TzDocument     *document,
                     gboolean        first,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *json = NULL;
  g_autoptr(GString) chunk = g_string_new (first ? "\n" : ",\n");

  tz_json_add_document (builder, document);
  json = tz_json_to_string (builder, TRUE);
  g_strchomp (json);
  g_string_append (chunk, json);

  return write_string (out, chunk, cancellable, error);
}

static gboolean
export_json_all (TzStore        *store,
                 GOutputStream  *out,
                 GCancellable   *cancellable,
                 GError        **error)
{
  g_autoptr(GArray) ids = tz_store_query_document_ids (store, error);

  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(TzDocument) document = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      document = tz_store_load_document (store, g_array_index (ids, gint64, i), TRUE, error);
      if (document == NULL ||
          !write_json_document (out, document, i == 0, cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/* With a filter, each document carries only its matching figures, grouped
 * under their articles. */
static gboolean
export_json_filtered (TzStore        *store,
                      TzFilter       *filter,
                      GOutputStream  *out,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(TzFilter) ordered = tz_filter_copy (filter);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TzDocument) current = NULL;
  TzArticle *current_article = NULL;
  gint64 current_document_id = 0;
  gint64 current_article_id = 0;
  gboolean first = TRUE;
  Lookup lookup;
  gboolean ok = TRUE;

  tz_filter_set_sort_key (ordered, TZ_SORT_TEXT_ORDER);
  tz_filter_set_descending (ordered, FALSE);
  ids = tz_store_query_metric_ids (store, ordered, error);
  if (ids == NULL)
    return FALSE;

  lookup_init (&lookup, store);

  for (guint page = 0; ok && page < ids->len; page += PAGE)
    {
      g_autoptr(GPtrArray) metrics = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }

      metrics = tz_store_load_metrics (store, &g_array_index (ids, gint64, page),
                                       MIN (PAGE, ids->len - page), error);
      if (metrics == NULL || !lookup_fill (&lookup, metrics, error))
        {
          ok = FALSE;
          break;
        }

      for (guint i = 0; ok && i < metrics->len; i++)
        {
          TzMetric *metric = g_ptr_array_index (metrics, i);
          gint64 document_id = tz_metric_get_document_id (metric);
          gint64 article_id = tz_metric_get_article_id (metric);

          /* Deleted by another connection since the metric was read. */
          if (g_hash_table_lookup (lookup.documents, &document_id) == NULL ||
              g_hash_table_lookup (lookup.articles, &article_id) == NULL)
            continue;

          if (current == NULL || document_id != current_document_id)
            {
              TzDocument *stored;

              if (current != NULL)
                {
                  ok = write_json_document (out, current, first, cancellable, error);
                  first = FALSE;
                  g_clear_object (&current);
                }
              if (!ok)
                break;

              current_document_id = document_id;
              stored = g_hash_table_lookup (lookup.documents, &document_id);
              current = tz_document_new (tz_document_get_name (stored));
              tz_document_set_sha256 (current, tz_document_get_sha256 (stored));
              tz_document_set_encoding (current, tz_document_get_encoding (stored));
              tz_document_set_date (current, tz_document_get_date (stored));
              current_article_id = 0;
            }

          if (article_id != current_article_id)
            {
              TzArticle *stored = g_hash_table_lookup (lookup.articles, &article_id);
              g_autoptr(TzArticle) copy = tz_article_new ();

              current_article_id = article_id;
              tz_article_set_title (copy, tz_article_get_title (stored));
              tz_article_set_subtitles (copy, tz_article_get_subtitles (stored));
              tz_article_set_column (copy, tz_article_get_column (stored));
              tz_article_set_byline (copy, tz_article_get_byline (stored));
              tz_article_set_source (copy, tz_article_get_source (stored));
              tz_article_set_author (copy, tz_article_get_author (stored));
              tz_article_set_region (copy, tz_article_get_region (stored));
              tz_article_set_year (copy, tz_article_get_year (stored));
              tz_article_set_span (copy, tz_article_get_start (stored), tz_article_get_end (stored));
              tz_document_add_article (current, copy);
              current_article = copy;
            }

          tz_article_add_metric (current_article, metric);
        }
    }

  if (ok && current != NULL)
    ok = write_json_document (out, current, first, cancellable, error);

  lookup_clear (&lookup);
  return ok;
}

static gboolean
export_json (TzStore        *store,
             TzFilter       *filter,
             GOutputStream  *out,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(GString) buf = g_string_new (NULL);
  gboolean ok;

  g_string_append (buf, "{\n  \"generator\" : \"" PACKAGE_NAME " " PACKAGE_VERSION "\",\n  \"documents\" : [");
  if (!write_string (out, buf, cancellable, error))
    return FALSE;

  if (filter == NULL || tz_filter_is_empty (filter))
    ok = export_json_all (store, out, cancellable, error);
  else
    ok = export_json_filtered (store, filter, out, cancellable, error);

  if (!ok)
    return FALSE;

  g_string_append (buf, "\n  ]\n}\n");
  return write_string (out, buf, cancellable, error);
}

/**
 * tz_export_records:
 * @store: the ledger
 * @filter: (nullable): which records; %NULL for all
 * @format: CSV or JSON
 * @out: where to write
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Writes the selected records. Must run on the thread that owns @store.
 *
 * Returns: %TRUE on success
 */
gboolean
tz_export_records (TzStore         *store,
                   TzFilter        *filter,
                   TzExportFormat   format,
                   GOutputStream   *out,
                   GCancellable    *cancellable,
                   GError         **error)
{
  g_autoptr(TzFilter) all = NULL;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (filter == NULL)
    filter = all = tz_filter_new ();

  if (format == TZ_EXPORT_CSV)
    return export_csv (store, filter, out, cancellable, error);

  return export_json (store, filter, out, cancellable, error);
}

/**
 * tz_export_open_output:
 *
 * A stream that writes @file: a regular file is replaced whole when the
 * stream closes (a new file renamed over it); a pipe or a device, such as
 * /dev/null or /dev/stdout, is written into where it is, never replaced
 * by a regular file (as root, a rename over /dev/null succeeds).
 */
GOutputStream *
tz_export_open_output (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  GFileType type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (type == G_FILE_TYPE_SPECIAL)
    return G_OUTPUT_STREAM (g_file_append_to (file, G_FILE_CREATE_NONE, cancellable, error));

  return G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error));
}
