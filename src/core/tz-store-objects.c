/* tz-store-objects.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tz-article-private.h"
#include "tz-document.h"
#include "tz-store-internal.h"

/* ------------------------------------------------------------------------
 * Loading objects
 * --------------------------------------------------------------------- */

/* What building objects from rows needs: regions are shared between the
 * objects of one call, and sentences are sliced from document texts. */
typedef struct
{
  TzStore    *self;
  GHashTable *regions;  /* code → TzRegion */
  GHashTable *texts;    /* document id → TextCursor over an owned copy */
  gint64      last_text_id; /* the text to keep for the next load */
} Loader;

static void
free_text_cursor (gpointer data)
{
  TextCursor *cursor = data;

  g_free ((char *) cursor->text);
  g_free (cursor);
}

void
_tz_store_drop_text_cache (TzStore *self)
{
  g_clear_pointer (&self->text_cache, free_text_cursor);
}

static void
loader_init (Loader  *loader,
             TzStore *self)
{
  int version;

  loader->self = self;
  loader->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  loader->texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_text_cursor);
  loader->last_text_id = 0;

  /* The text the last load read, if the ledger is as it was then. */
  if (self->text_cache != NULL &&
      self->text_cache_changes == sqlite3_total_changes64 (self->db) &&
      _tz_store_read_data_version (self, &version, NULL) && version == self->text_cache_version)
    {
      g_hash_table_insert (loader->texts, g_memdup2 (&self->text_cache_id, sizeof (gint64)),
                           g_steal_pointer (&self->text_cache));
      /* Kept again even if this load needs no text. */
      loader->last_text_id = self->text_cache_id;
    }
  _tz_store_drop_text_cache (self);
}

static void
loader_clear (Loader *loader)
{
  TzStore *self = loader->self;
  gpointer key, cursor;
  int version;

  if (loader->texts != NULL && loader->last_text_id != 0 &&
      _tz_store_read_data_version (self, &version, NULL) &&
      g_hash_table_steal_extended (loader->texts, &loader->last_text_id, &key, &cursor))
    {
      _tz_store_drop_text_cache (self);
      self->text_cache = cursor;
      self->text_cache_id = loader->last_text_id;
      self->text_cache_changes = sqlite3_total_changes64 (self->db);
      self->text_cache_version = version;
      g_free (key);
    }

  g_clear_pointer (&loader->regions, g_hash_table_unref);
  g_clear_pointer (&loader->texts, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

static void
loader_add_text (Loader     *loader,
                 gint64      document_id,
                 const char *text)
{
  TextCursor *cursor = g_new0 (TextCursor, 1);

  text_cursor_init (cursor, g_strdup (text != NULL ? text : ""));
  g_hash_table_insert (loader->texts, g_memdup2 (&document_id, sizeof document_id), cursor);
}

static TextCursor *
loader_get_text (Loader  *loader,
                 gint64   document_id,
                 GError **error)
{
  TextCursor *cursor = g_hash_table_lookup (loader->texts, &document_id);
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean found;

  loader->last_text_id = document_id;
  if (cursor != NULL)
    return cursor;

  stmt = _tz_store_get_stmt (loader->self, STMT_DOCUMENT_TEXT, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_tz_store_first_row (loader->self, stmt, &found, error))
    return NULL;

  loader->self->n_text_reads++;
  loader_add_text (loader, document_id, found ? _tz_store_column_text (stmt, 0) : "");
  return g_hash_table_lookup (loader->texts, &document_id);
}

static TzMetric *
metric_from_row (Loader        *loader,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  g_autoptr(TzMetric) metric = tz_metric_new ();
  GHashTable *regions = loader->regions;
  TzDecimal value = { 0, 0 };

  tz_metric_set_id (metric, sqlite3_column_int64 (stmt, 0));
  tz_metric_set_document_id (metric, sqlite3_column_int64 (stmt, 1));
  tz_metric_set_article_id (metric, sqlite3_column_int64 (stmt, 2));
  tz_metric_set_text (metric, _tz_store_column_text (stmt, 3));
  tz_metric_set_span (metric, sqlite3_column_int (stmt, 4), sqlite3_column_int (stmt, 5));
  if (tz_decimal_parse (_tz_store_column_text (stmt, 6), &value))
    tz_metric_set_value (metric, &value);
  tz_metric_set_unit (metric, _tz_store_column_text (stmt, 7));
  tz_metric_set_category (metric, sqlite3_column_int (stmt, 8));
  tz_metric_set_approx (metric, sqlite3_column_int (stmt, 9));
  tz_metric_set_subject (metric, _tz_store_column_text (stmt, 10));
  tz_metric_set_region (metric, _tz_store_region_for_code (regions, _tz_store_column_text (stmt, 11)));
  tz_metric_set_year (metric, sqlite3_column_int (stmt, 12));
  tz_metric_set_year_source (metric, sqlite3_column_int (stmt, 13));
  tz_metric_set_target (metric, sqlite3_column_int (stmt, 14));
  tz_metric_set_corrected (metric, sqlite3_column_int (stmt, 16));
  tz_metric_set_user_added (metric, sqlite3_column_int (stmt, 17));
  tz_metric_set_page (metric, sqlite3_column_int (stmt, 20));

  if (sqlite3_column_type (stmt, 18) != SQLITE_NULL)
    {
      TextCursor *text = loader_get_text (loader, sqlite3_column_int64 (stmt, 1), error);
      const char *start, *end;

      if (text == NULL)
        return NULL;
      end = text_cursor_seek (text, sqlite3_column_int (stmt, 19));
      start = text_cursor_seek (text, sqlite3_column_int (stmt, 18));
      {
        g_autofree char *sentence = g_strndup (start, end - start);

        tz_metric_set_sentence (metric, sentence);
      }
    }
  else
    tz_metric_set_sentence (metric, _tz_store_column_text (stmt, 15));

  return g_steal_pointer (&metric);
}

static TzArticle *
article_from_row (Loader       *loader,
                  sqlite3_stmt *stmt)
{
  GHashTable *regions = loader->regions;
  TzArticle *article = tz_article_new ();
  g_auto(GStrv) subtitles = _tz_store_strv_from_json (_tz_store_column_text (stmt, 3));

  tz_article_set_id (article, sqlite3_column_int64 (stmt, 0));
  tz_article_set_document_id (article, sqlite3_column_int64 (stmt, 1));
  tz_article_set_title (article, _tz_store_column_text (stmt, 2));
  tz_article_set_subtitles (article, (const char * const *) subtitles);
  tz_article_set_column (article, _tz_store_column_text (stmt, 4));
  tz_article_set_byline (article, _tz_store_column_text (stmt, 5));
  tz_article_set_source (article, _tz_store_column_text (stmt, 6));
  tz_article_set_author (article, _tz_store_column_text (stmt, 7));
  tz_article_set_region (article, _tz_store_region_for_code (regions, _tz_store_column_text (stmt, 8)));
  tz_article_set_year (article, sqlite3_column_int (stmt, 9));
  tz_article_set_span (article, sqlite3_column_int (stmt, 10), sqlite3_column_int (stmt, 11));
  tz_article_set_metric_count (article, sqlite3_column_int (stmt, 12));

  return article;
}

static gboolean
load_article_metrics (Loader      *loader,
                      TzArticle   *article,
                      GError     **error)
{
  TzStore *self = loader->self;
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_LOAD_ARTICLE_METRICS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, tz_article_get_id (article));
  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    {
      g_autoptr(TzMetric) metric = NULL;

      /* Slicing a sentence reads through other statements, which is fine
       * while this one steps. */
      metric = metric_from_row (loader, stmt, error);
      if (metric == NULL)
        return FALSE;
      tz_article_add_metric (article, metric);
    }
  if (rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

/**
 * tz_store_load_document:
 * @with_articles: also load the articles and their metrics (those not
 *   marked as "not a metric")
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
TzDocument *
tz_store_load_document (TzStore  *self,
                        gint64    id,
                        gboolean  with_articles,
                        GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_auto(Loader) loader = { NULL, };
  gboolean found;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  CHECK_THREAD (self);

  stmt = _tz_store_get_stmt (self, STMT_LOAD_DOCUMENT, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The document is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return NULL;
    }

  document = tz_document_new (_tz_store_column_text (stmt, 2));
  tz_document_set_id (document, sqlite3_column_int64 (stmt, 0));
  tz_document_set_sha256 (document, _tz_store_column_text (stmt, 1));
  tz_document_set_path (document, _tz_store_column_text (stmt, 3));
  tz_document_set_encoding (document, _tz_store_column_text (stmt, 4));
  tz_document_set_size (document, sqlite3_column_int64 (stmt, 5));
  tz_document_set_date (document, _tz_store_column_text (stmt, 6));
  tz_document_set_imported_at (document, sqlite3_column_int64 (stmt, 7));
  tz_document_set_extractor_version (document, sqlite3_column_int64 (stmt, 8));
  tz_document_set_text (document, _tz_store_column_text (stmt, 9));
  _tz_store_pages_from_json (document, _tz_store_column_text (stmt, 10));
  g_clear_pointer (&stmt, release_stmt);

  if (!with_articles)
    return g_steal_pointer (&document);

  loader_init (&loader, self);
  loader_add_text (&loader, id, tz_document_get_text (document));
  {
    g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(CachedStmt) list = _tz_store_get_stmt (self, STMT_LOAD_DOCUMENT_ARTICLES, error);
    int rc;

    if (list == NULL)
      return NULL;
    sqlite3_bind_int64 (list, 1, id);
    while ((rc = _tz_store_step (self, list)) == SQLITE_ROW)
      g_ptr_array_add (articles, article_from_row (&loader, list));
    if (rc != SQLITE_DONE)
      {
        _tz_store_set_sqlite_error (self, error, rc);
        return NULL;
      }

    for (guint i = 0; i < articles->len; i++)
      {
        if (!load_article_metrics (&loader, articles->pdata[i], error))
          return NULL;
        tz_document_add_article (document, articles->pdata[i]);
      }
  }

  return g_steal_pointer (&document);
}

/* An object from the row @stmt is on; it may use other statements. */
typedef gpointer (*RowBuilder) (Loader        *loader,
                                sqlite3_stmt  *stmt,
                                GError       **error);

/* The objects of @ids, in that order, each from its row of @which (one
 * id bound); ids no longer in the ledger are skipped. */
static GPtrArray *
load_by_ids (TzStore       *self,
             StmtId         which,
             const gint64  *ids,
             guint          n_ids,
             RowBuilder     build,
             GError       **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_full (n_ids, g_object_unref);
  g_auto(Loader) loader = { NULL, };

  loader_init (&loader, self);
  for (guint i = 0; i < n_ids; i++)
    {
      g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, which, error);
      gpointer object;
      gboolean found;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!_tz_store_first_row (self, stmt, &found, error))
        return NULL;
      if (!found)
        continue;
      if ((object = build (&loader, stmt, error)) == NULL)
        return NULL;
      g_ptr_array_add (objects, object);
    }

  return g_steal_pointer (&objects);
}

/* A document's row, with its counts but without its text or articles. */
static gpointer
document_row_from_row (Loader        *loader,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  TzDocument *document = tz_document_new (_tz_store_column_text (stmt, 2));

  tz_document_set_id (document, sqlite3_column_int64 (stmt, 0));
  tz_document_set_sha256 (document, _tz_store_column_text (stmt, 1));
  tz_document_set_path (document, _tz_store_column_text (stmt, 3));
  tz_document_set_encoding (document, _tz_store_column_text (stmt, 4));
  tz_document_set_size (document, sqlite3_column_int64 (stmt, 5));
  tz_document_set_date (document, _tz_store_column_text (stmt, 6));
  tz_document_set_imported_at (document, sqlite3_column_int64 (stmt, 7));
  tz_document_set_extractor_version (document, sqlite3_column_int64 (stmt, 8));
  tz_document_set_article_count (document, sqlite3_column_int (stmt, 9));
  tz_document_set_metric_count (document, sqlite3_column_int (stmt, 10));
  return document;
}

static gpointer
metric_row (Loader        *loader,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  return metric_from_row (loader, stmt, error);
}

static gpointer
article_row (Loader        *loader,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  return article_from_row (loader, stmt);
}

static gpointer
article_with_metrics_from_row (Loader        *loader,
                               sqlite3_stmt  *stmt,
                               GError       **error)
{
  g_autoptr(TzArticle) article = article_from_row (loader, stmt);

  if (!load_article_metrics (loader, article, error))
    return NULL;
  return g_steal_pointer (&article);
}

/**
 * tz_store_load_article_rows:
 *
 * Builds the articles with the given ids, in that order, for list rows
 * and exports: without their metrics, but with their count
 * (tz_article_get_metric_count()); ids no longer in the ledger are
 * skipped.
 *
 * Returns: (transfer full) (element-type TzArticle): the articles
 */
GPtrArray *
tz_store_load_article_rows (TzStore       *self,
                            const gint64  *ids,
                            guint          n_ids,
                            GError       **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  CHECK_THREAD (self);

  return load_by_ids (self, STMT_LOAD_ARTICLE, ids, n_ids, article_row, error);
}

/**
 * tz_store_load_documents:
 *
 * Builds the documents with the given ids, in that order, for list rows:
 * without their text or articles, but with their article and figure
 * counts (tz_document_get_article_count()); ids no longer in the ledger
 * are skipped.
 *
 * Returns: (transfer full) (element-type TzDocument): the documents
 */
GPtrArray *
tz_store_load_documents (TzStore       *self,
                         const gint64  *ids,
                         guint          n_ids,
                         GError       **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  CHECK_THREAD (self);

  return load_by_ids (self, STMT_LOAD_DOCUMENT_ROW, ids, n_ids, document_row_from_row, error);
}

/**
 * tz_store_load_metrics:
 *
 * Builds the metrics with the given ids, in that order; ids no longer in
 * the ledger are skipped.
 *
 * Returns: (transfer full) (element-type TzMetric): the metrics
 */
GPtrArray *
tz_store_load_metrics (TzStore       *self,
                       const gint64  *ids,
                       guint          n_ids,
                       GError       **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  CHECK_THREAD (self);

  return load_by_ids (self, STMT_LOAD_METRIC, ids, n_ids, metric_row, error);
}

/**
 * tz_store_load_articles:
 *
 * Builds the articles with the given ids, in that order, each with its
 * metrics; ids no longer in the ledger are skipped.
 *
 * Returns: (transfer full) (element-type TzArticle): the articles
 */
GPtrArray *
tz_store_load_articles (TzStore       *self,
                        const gint64  *ids,
                        guint          n_ids,
                        GError       **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (ids != NULL || n_ids == 0, NULL);
  CHECK_THREAD (self);

  return load_by_ids (self, STMT_LOAD_ARTICLE, ids, n_ids, article_with_metrics_from_row, error);
}
