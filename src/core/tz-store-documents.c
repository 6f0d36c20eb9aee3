/* tz-store-documents.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tz-article-private.h"
#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-store-internal.h"
#include "tz-text-private.h"

/* ------------------------------------------------------------------------
 * Documents
 * --------------------------------------------------------------------- */

static gboolean
find_document (TzStore     *self,
               const char  *sha256,
               gint64      *id,
               GError     **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_FIND_DOCUMENT, error);
  gboolean found;

  *id = 0;
  if (stmt == NULL)
    return FALSE;

  _tz_store_bind_text (stmt, 1, sha256);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return FALSE;
  if (found)
    *id = sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

/* Whether a document with @sha256 is stored, and its id. Errors count as
 * "no" (and are logged); tz_store_add_document() checks again anyway. */
gboolean
tz_store_has_document (TzStore    *self,
                       const char *sha256,
                       gint64     *id)
{
  g_autoptr(GError) error = NULL;
  gint64 found = 0;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  CHECK_THREAD (self);

  if (!find_document (self, sha256, &found, &error))
    g_warning ("%s", error->message);

  if (id != NULL)
    *id = found;

  return found != 0;
}

static void
append_json_string (GString    *json,
                    const char *s)
{
  g_string_append_c (json, '"');
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (json, "\\\"");
          break;
        case '\\':
          g_string_append (json, "\\\\");
          break;
        case '\n':
          g_string_append (json, "\\n");
          break;
        case '\r':
          g_string_append (json, "\\r");
          break;
        case '\t':
          g_string_append (json, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (json, "\\u%04x", *p);
          else
            g_string_append_c (json, *p);
        }
    }
  g_string_append_c (json, '"');
}

/* Written by hand: a JsonBuilder and a JsonGenerator took 12,000
 * instructions an article on an import's writer thread. */
static char *
strv_to_json (const char * const *strv)
{
  GString *json;

  if (strv == NULL)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_json_string (json, strv[i]);
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

char **
_tz_store_strv_from_json (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *s = json_array_get_string_element (array, i);

      if (s != NULL)
        g_strv_builder_add (builder, s);
    }

  return g_strv_builder_end (builder);
}

/* Page starts as stored: "[0,812,1633]", or NULL for a text without pages. */
static char *
pages_to_json (TzDocument *document)
{
  guint n_pages;
  const guint *starts = tz_document_get_page_starts (document, &n_pages);
  GString *json;

  if (n_pages == 0)
    return NULL;

  json = g_string_new ("[");
  for (guint i = 0; i < n_pages; i++)
    g_string_append_printf (json, i > 0 ? ",%u" : "%u", starts[i]);
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

void
_tz_store_pages_from_json (TzDocument *document,
                           const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GArray) starts = NULL;
  JsonNode *root;
  JsonArray *array;

  if (json == NULL)
    return;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, NULL))
    return;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  starts = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      guint start = (guint) json_array_get_int_element (array, i);

      g_array_append_val (starts, start);
    }
  tz_document_set_page_starts (document, (const guint *) starts->data, starts->len);
}

/* A row written by the current transaction for an object of the document
 * (or for metric @index of an article), given its id on commit. */
typedef struct
{
  GObject *object;
  gint64   id;
  gint64   article_id;
  int      index;
} Stored;

static void
stored_clear (gpointer data)
{
  Stored *stored = data;

  g_clear_object (&stored->object);
}

static GArray *
stored_new (void)
{
  GArray *stored = g_array_new (FALSE, TRUE, sizeof (Stored));

  g_array_set_clear_func (stored, stored_clear);
  return stored;
}

static void
stored_add (GArray   *stored,
            gpointer  object,
            gint64    id,
            gint64    article_id)
{
  Stored s = { g_object_ref (object), id, article_id, -1 };

  g_array_append_val (stored, s);
}

/* Metrics may not be objects yet (tz-article-private.h). */
static void
stored_add_metric (GArray    *stored,
                   TzArticle *article,
                   guint      index,
                   gint64     id,
                   gint64     article_id)
{
  Stored s = { g_object_ref (G_OBJECT (article)), id, article_id, index };

  g_array_append_val (stored, s);
}

static void
stored_assign (GArray *stored,
               gint64  document_id)
{
  for (guint i = 0; i < stored->len; i++)
    {
      Stored *s = &g_array_index (stored, Stored, i);

      if (s->index >= 0)
        tz_article_set_metric_ids (TZ_ARTICLE (s->object), s->index, s->id, s->article_id, document_id);
      else if (TZ_IS_ARTICLE (s->object))
        {
          tz_article_set_id (TZ_ARTICLE (s->object), s->id);
          tz_article_set_document_id (TZ_ARTICLE (s->object), document_id);
        }
      else if (TZ_IS_METRIC (s->object))
        {
          tz_metric_set_id (TZ_METRIC (s->object), s->id);
          tz_metric_set_article_id (TZ_METRIC (s->object), s->article_id);
          tz_metric_set_document_id (TZ_METRIC (s->object), document_id);
        }
    }
}

/* Where @sentence stands in the article text [@a, @b), which starts at
 * character @a_offset: the occurrence holding the figure at @figure
 * (character @figure_offset), else the first. FALSE if the sentence is not
 * there word for word.
 *
 * The occurrence holding the figure starts less than the sentence's length
 * before it, so only that stretch is searched, and offsets are counted from
 * the figure: searching and counting from the article's start for every
 * figure made a long article quadratic (minutes for a 500 KB one). */
static gboolean
locate_sentence (const char *a,
                 const char *b,
                 guint       a_offset,
                 const char *figure,
                 guint       figure_offset,
                 const char *sentence,
                 int        *start,
                 int        *end)
{
  const char *best = NULL;
  const char *from;
  gsize len;

  if (sentence == NULL || *sentence == '\0')
    return FALSE;

  len = strlen (sentence);
  from = (gsize) (figure - a) >= len ? figure - len + 1 : a;
  for (const char *p = from; p <= figure && p < b &&
       (p = g_strstr_len (p, MIN ((gsize) (b - p), len + (gsize) (figure - p)), sentence)) != NULL; p++)
    {
      if (p <= figure && figure < p + len)
        {
          *start = figure_offset - g_utf8_pointer_to_offset (p, figure);
          *end = *start + g_utf8_strlen (sentence, -1);
          return TRUE;
        }
    }

  /* Not around its figure (it should be): the first anywhere. */
  best = g_strstr_len (a, b - a, sentence);
  if (best == NULL)
    return FALSE;

  *start = a_offset + g_utf8_pointer_to_offset (a, best);
  *end = *start + g_utf8_strlen (sentence, -1);
  return TRUE;
}

/* The page of a figure starting at @start, as the insert statement counts
 * it from the stored pages: how many pages start at or before it, 0 for
 * none. */
static guint
page_count_at (const guint *starts,
               guint        n_starts,
               guint        start)
{
  guint lo = 0, hi = n_starts;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (starts[mid] <= start)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Binds a figure's columns, in STMT_INSERT_METRIC's order, from parameter
 * @base + 1, all but its page (@base + N_METRIC_PARAMS). Strings are
 * bound without a copy: @value, @extracted, @province and @prefecture
 * must outlive the statement's release. @sentence_start is -1 when the
 * sentence is not found in the text and is stored as text. */
static void
bind_metric (sqlite3_stmt *stmt,
             int           base,
             gint64        document_id,
             gint64        article_id,
             guint         ordinal,
             const Record *record,
             const char   *value,
             const char   *province,
             const char   *prefecture,
             gboolean      user_added,
             const char   *extracted,
             int           sentence_start,
             int           sentence_end)
{
  sqlite3_bind_int64 (stmt, base + 1, document_id);
  sqlite3_bind_int64 (stmt, base + 2, article_id);
  sqlite3_bind_int (stmt, base + 3, ordinal);
  _tz_store_bind_static_text (stmt, base + 4, record->text != NULL ? record->text : "");
  sqlite3_bind_int (stmt, base + 5, record->start);
  sqlite3_bind_int (stmt, base + 6, record->end);
  _tz_store_bind_static_text (stmt, base + 7, value);
  sqlite3_bind_double (stmt, base + 8, tz_decimal_to_double (&record->value));
  _tz_store_bind_static_text (stmt, base + 9, record->unit != NULL ? record->unit : "");
  sqlite3_bind_int (stmt, base + 10, record->category);
  sqlite3_bind_int (stmt, base + 11, record->approx);
  _tz_store_bind_static_text (stmt, base + 12, record->subject);
  _tz_store_bind_static_text (stmt, base + 13, record->region_code);
  _tz_store_bind_static_text (stmt, base + 14, province);
  _tz_store_bind_static_text (stmt, base + 15, prefecture);
  _tz_store_bind_year (stmt, base + 16, record->year);
  sqlite3_bind_int (stmt, base + 17, record->year_source);
  sqlite3_bind_int (stmt, base + 18, record->target);
  if (sentence_start >= 0)
    {
      sqlite3_bind_null (stmt, base + 19);
      sqlite3_bind_int (stmt, base + 23, sentence_start);
      sqlite3_bind_int (stmt, base + 24, sentence_end);
    }
  else
    {
      _tz_store_bind_static_text (stmt, base + 19, record->sentence);
      sqlite3_bind_null (stmt, base + 23);
      sqlite3_bind_null (stmt, base + 24);
    }
  sqlite3_bind_int (stmt, base + 20, 0);
  sqlite3_bind_int (stmt, base + 21, user_added);
  _tz_store_bind_static_text (stmt, base + 22, extracted);
}

/* The page a figure of @document is on, 0 if it has no pages. */
static guint
page_of (TzDocument   *document,
         const Record *record)
{
  guint n_pages;
  const guint *starts = tz_document_get_page_starts (document, &n_pages);

  return page_count_at (starts, n_pages, record->start);
}

/* Puts a figure just written in the metrics in memory that follow the
 * ledger, as load_table() would read the row back. */
static void
follow_metric (TzStore      *self,
               gint64        metric_id,
               gint64        document_id,
               gint64        article_id,
               const Record *record,
               const char   *province,
               const char   *prefecture)
{
  TzMetricColumns columns = {
    .id = metric_id,
    .document_id = document_id,
    .article_id = article_id,
    .start = record->start,
    .value = tz_decimal_to_double (&record->value),
    .unit = record->unit != NULL ? record->unit : "",
    .category = record->category,
    .subject = record->subject,
    .region_code = record->region_code,
    .province_code = province,
    .prefecture_code = prefecture,
    .year = MAX (record->year, 0),
    .not_metric = FALSE,
  };

  if (_tz_store_table_following (self) == NULL)
    return;
  if (tz_metric_table_add_metric (self->table, &columns))
    self->table_unsealed = TRUE;
  else
    _tz_store_table_stop_following (self);
}

/* A figure written alone: one the user adds, or one whose correction
 * brings it back. Extracted figures keep no copy of their fields until
 * they are first corrected; a user's figure keeps its record. The
 * statement reads the figure's page from the document's row. */
gint64
_tz_store_insert_metric (TzStore       *self,
                         gint64         document_id,
                         gint64         article_id,
                         guint          ordinal,
                         const Record  *record,
                         gboolean       user_added,
                         int            sentence_start,
                         int            sentence_end,
                         gboolean       follow,
                         GError       **error)
{
  /* Released (reset, bindings cleared) before the strings are freed:
   * they are bound without a copy. */
  g_autofree char *value = NULL;
  g_autofree char *extracted = NULL;
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_INSERT_METRIC, error);
  const char *province, *prefecture;
  gint64 metric_id;

  if (stmt == NULL)
    return 0;

  value = tz_decimal_to_string (&record->value);
  if (user_added)
    extracted = _tz_store_record_to_json (record, TRUE);
  _tz_store_derive_codes (record->region_code, &province, &prefecture);

  bind_metric (stmt, 0, document_id, article_id, ordinal, record, value, province, prefecture,
               user_added, extracted, sentence_start, sentence_end);
  if (!_tz_store_run (self, stmt, error))
    return 0;
  metric_id = sqlite3_last_insert_rowid (self->db);

  if (follow)
    follow_metric (self, metric_id, document_id, article_id, record, province, prefecture);

  return metric_id;
}

/* An extracted figure waiting to be written with others of its document. */
typedef struct
{
  Record     record;       /* its strings borrowed from the article */
  TzArticle *article;      /* borrowed: the document holds it */
  gint64     article_id;
  guint      ordinal;
  int        sentence_start;
  int        sentence_end;
} MetricRow;

/* Writes @n_rows extracted figures of @document, as many to a statement as
 * one takes. Rows are numbered in the order of their VALUES, so that the
 * ids of a statement's rows run up to the last one it inserted. */
static gboolean
insert_metric_rows (TzStore          *self,
                    TzDocument       *document,
                    gint64            document_id,
                    const MetricRow  *rows,
                    guint             n_rows,
                    GArray           *stored,
                    gboolean          follow,
                    GError          **error)
{
  /* An article's figures mostly share a place: its codes are looked up
   * once for all of them. */
  const char *last_code = NULL, *last_province = NULL, *last_prefecture = NULL;
  gboolean have_last = FALSE;

  for (guint done = 0; done < n_rows;)
    {
      guint level = MIN ((guint) g_bit_nth_msf (n_rows - done, -1), MAX_METRIC_ROWS_LEVEL);
      guint n = 1u << level;
      char *values[1u << MAX_METRIC_ROWS_LEVEL];
      const char *province[1u << MAX_METRIC_ROWS_LEVEL];
      const char *prefecture[1u << MAX_METRIC_ROWS_LEVEL];
      CachedStmt *stmt = _tz_store_get_stmt (self, STMT_INSERT_METRICS_1 + level, error);
      gboolean ok;
      gint64 first_id;

      if (stmt == NULL)
        return FALSE;

      for (guint r = 0; r < n; r++)
        {
          const MetricRow *row = &rows[done + r];
          int base = r * N_METRIC_PARAMS;
          guint page = page_of (document, &row->record);

          values[r] = tz_decimal_to_string (&row->record.value);
          if (!have_last || g_strcmp0 (row->record.region_code, last_code) != 0)
            {
              last_code = row->record.region_code;
              _tz_store_derive_codes (last_code, &last_province, &last_prefecture);
              have_last = TRUE;
            }
          province[r] = last_province;
          prefecture[r] = last_prefecture;
          bind_metric (stmt, base, document_id, row->article_id, row->ordinal, &row->record,
                       values[r], province[r], prefecture[r], FALSE, NULL,
                       row->sentence_start, row->sentence_end);
          if (page > 0)
            sqlite3_bind_int (stmt, base + N_METRIC_PARAMS, page);
          else
            sqlite3_bind_null (stmt, base + N_METRIC_PARAMS);
        }

      ok = _tz_store_run (self, stmt, error);
      first_id = sqlite3_last_insert_rowid (self->db) - (n - 1);
      /* The values were bound without a copy. */
      release_stmt (stmt);
      for (guint r = 0; r < n; r++)
        g_free (values[r]);
      if (!ok)
        return FALSE;

      for (guint r = 0; r < n; r++)
        {
          const MetricRow *row = &rows[done + r];

          stored_add_metric (stored, row->article, row->ordinal, first_id + r, row->article_id);
          if (follow)
            follow_metric (self, first_id + r, document_id, row->article_id, &row->record,
                           province[r], prefecture[r]);
        }
      done += n;
    }

  return TRUE;
}

/* Writes the full-text rows of a document's articles or, with @remove,
 * takes them out, from its text read once. Bodies are what the
 * article_text view gives (substr() in characters): the view would read
 * the whole text and count its characters from the start again for every
 * article, minutes for a report of a few thousand. */
static gboolean
write_fts_rows (TzStore  *self,
                gint64    document_id,
                gboolean  remove,
                GError  **error)
{
  g_autoptr(CachedStmt) text_stmt = _tz_store_get_stmt (self, STMT_DOCUMENT_TEXT, error);
  g_autoptr(CachedStmt) articles = NULL;
  const char *text;
  TextCursor cursor;
  gboolean found;
  int rc;

  if (text_stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (text_stmt, 1, document_id);
  if (!_tz_store_first_row (self, text_stmt, &found, error))
    return FALSE;
  if (!found)
    return TRUE;
  /* Valid until @text_stmt steps again, whatever else runs meanwhile. */
  text = _tz_store_column_text (text_stmt, 0);
  text_cursor_init (&cursor, text != NULL ? text : "");

  articles = _tz_store_get_stmt (self, STMT_FTS_ARTICLES, error);
  if (articles == NULL)
    return FALSE;
  sqlite3_bind_int64 (articles, 1, document_id);
  while ((rc = _tz_store_step (self, articles)) == SQLITE_ROW)
    {
      g_autoptr(CachedStmt) row = _tz_store_get_stmt (self, remove ? STMT_FTS_DELETE : STMT_FTS_INSERT, error);
      gint64 start = sqlite3_column_int64 (articles, 2);
      gint64 end = sqlite3_column_int64 (articles, 3);
      const char *body, *body_end;

      if (row == NULL)
        return FALSE;
      /* substr() takes a negative length as the characters before. */
      body_end = text_cursor_seek (&cursor, MAX (start, end));
      body = text_cursor_seek (&cursor, MIN (start, end));
      sqlite3_bind_int64 (row, 1, sqlite3_column_int64 (articles, 0));
      _tz_store_bind_static_text (row, 2, _tz_store_column_text (articles, 1));
      sqlite3_bind_text (row, 3, body, body_end - body, SQLITE_STATIC);
      if (!_tz_store_run (self, row, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

/* Takes out a document's full-text rows, unless they are still pending. */
static gboolean
remove_fts_rows (TzStore  *self,
                 gint64    document_id,
                 GError  **error)
{
  g_autoptr(CachedStmt) pending = _tz_store_get_stmt (self, STMT_IS_PENDING, error);
  gboolean found;

  if (pending == NULL)
    return FALSE;
  sqlite3_bind_int64 (pending, 1, document_id);
  if (!_tz_store_first_row (self, pending, &found, error))
    return FALSE;
  if (sqlite3_column_int (pending, 0) != 0)
    return TRUE;
  g_clear_pointer (&pending, release_stmt);

  return write_fts_rows (self, document_id, TRUE, error);
}

/* Writes the articles, metrics and full-text rows of an extraction. */
static gboolean
insert_extraction (TzStore     *self,
                   gint64       document_id,
                   TzDocument  *document,
                   GArray      *stored,
                   gboolean     follow,
                   GError     **error)
{
  GListModel *articles = tz_document_get_articles (document);
  guint n_articles = g_list_model_get_n_items (articles);
  const char *text = tz_document_get_text (document);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MetricRow));
  TextCursor cursor;

  text_cursor_init (&cursor, text != NULL ? text : "");

  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);
      guint n_metrics = tz_article_get_n_metrics (article);
      g_autofree char *subtitles = NULL;
      /* Released before @subtitles is freed: strings are bound uncopied. */
      g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_INSERT_ARTICLE, error);
      const char *code, *province, *prefecture;
      guint article_start = tz_article_get_start (article);
      const char *a, *b;
      TextCursor at;
      gint64 article_id;

      if (stmt == NULL)
        return FALSE;

      b = text_cursor_seek (&cursor, tz_article_get_end (article));
      a = text_cursor_seek (&cursor, article_start);
      /* Figures come in text order: a cursor of their own finds each one
       * from the last, not from the article's start. */
      at = cursor;
      subtitles = strv_to_json (tz_article_get_subtitles (article));
      code = _tz_store_region_code (tz_article_get_region (article));
      _tz_store_derive_codes (code, &province, &prefecture);

      sqlite3_bind_int64 (stmt, 1, document_id);
      sqlite3_bind_int (stmt, 2, i);
      _tz_store_bind_static_text (stmt, 3, tz_article_get_title (article));
      _tz_store_bind_static_text (stmt, 4, subtitles);
      _tz_store_bind_static_text (stmt, 5, tz_article_get_column (article));
      _tz_store_bind_static_text (stmt, 6, tz_article_get_byline (article));
      _tz_store_bind_static_text (stmt, 7, tz_article_get_source (article));
      _tz_store_bind_static_text (stmt, 8, tz_article_get_author (article));
      _tz_store_bind_static_text (stmt, 9, code);
      _tz_store_bind_static_text (stmt, 10, province);
      _tz_store_bind_static_text (stmt, 11, prefecture);
      _tz_store_bind_year (stmt, 12, tz_article_get_year (article));
      sqlite3_bind_int (stmt, 13, tz_article_get_start (article));
      sqlite3_bind_int (stmt, 14, tz_article_get_end (article));
      if (!_tz_store_run (self, stmt, error))
        return FALSE;

      article_id = sqlite3_last_insert_rowid (self->db);
      stored_add (stored, article, article_id, 0);

      for (guint j = 0; j < n_metrics; j++)
        {
          TzMetricFields fields;
          MetricRow row = { .article = article, .article_id = article_id, .ordinal = j };

          row.sentence_start = row.sentence_end = -1;

          tz_article_view_metric (article, j, &fields);
          _tz_store_record_view_fields (&row.record, &fields);
          /* The extractor knows where the sentence is; a metric changed
           * since is looked for. */
          if (fields.sentence_end > fields.sentence_start)
            {
              row.sentence_start = fields.sentence_start;
              row.sentence_end = fields.sentence_end;
            }
          else
            {
              const char *figure = text_cursor_seek (&at, CLAMP (row.record.start, article_start,
                                                                 tz_article_get_end (article)));

              locate_sentence (a, b, article_start, figure, at.offset, row.record.sentence,
                               &row.sentence_start, &row.sentence_end);
            }
          g_array_append_val (rows, row);
        }
    }

  if (!insert_metric_rows (self, document, document_id, (const MetricRow *) rows->data, rows->len,
                           stored, follow, error))
    return FALSE;

  /* In an import, the full-text rows wait for tz_store_index_pending(). */
  if (self->defer_indexing)
    return _tz_store_run_with (self, STMT_MARK_PENDING, document_id, error);

  if (!write_fts_rows (self, document_id, FALSE, error))
    return FALSE;

  /* A document extracted again while its rows were still pending. */
  return _tz_store_run_with (self, STMT_UNMARK_PENDING, document_id, error);
}

/* Character offsets into the document text. */
typedef struct
{
  const char *text;
  glong       n_chars;
} Text;

static gboolean
text_slice_equal (const Text *text,
                  guint       start,
                  guint       end,
                  const char *expected)
{
  const char *p;
  gsize len;

  if (expected == NULL || end < start || end > text->n_chars)
    return FALSE;

  p = g_utf8_offset_to_pointer (text->text, start);
  len = g_utf8_offset_to_pointer (p, end - start) - p;
  return strlen (expected) == len && memcmp (p, expected, len) == 0;
}

/* The occurrence of @needle nearest to @near, by character offset. */
static gboolean
text_find_nearest (const Text *text,
                   const char *needle,
                   guint       near,
                   guint      *start,
                   guint      *end)
{
  gsize needle_len;
  guint best = 0;
  guint best_distance = G_MAXUINT;
  guint offset = 0;

  if (needle == NULL || *needle == '\0')
    return FALSE;

  needle_len = strlen (needle);
  for (const char *p = text->text; *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      if (strncmp (p, needle, needle_len) == 0)
        {
          guint distance = offset > near ? offset - near : near - offset;

          if (distance < best_distance)
            {
              best = offset;
              best_distance = distance;
            }
        }
    }

  if (best_distance == G_MAXUINT)
    return FALSE;

  *start = best;
  *end = best + (guint) g_utf8_strlen (needle, -1);
  return TRUE;
}

typedef struct
{
  guint  start;
  guint  end;
  int    field;
  char  *value;
  char  *span_text;
} Correction;

static void
correction_clear (gpointer data)
{
  Correction *c = data;

  g_free (c->value);
  g_free (c->span_text);
}

gint64
_tz_store_find_metric_at (TzStore  *self,
                          gint64    document_id,
                          guint     start,
                          guint     end,
                          GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_FIND_METRIC_AT, error);
  gboolean found;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return -1;

  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gint64
find_article_at (TzStore  *self,
                 gint64    document_id,
                 guint     offset,
                 GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_FIND_ARTICLE_AT, error);
  gboolean found;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, offset);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return -1;

  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}

guint
_tz_store_next_metric_ordinal (TzStore  *self,
                               gint64    article_id,
                               GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_NEXT_METRIC_ORDINAL, error);
  gboolean found;

  if (stmt == NULL)
    return G_MAXUINT;

  sqlite3_bind_int64 (stmt, 1, article_id);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return G_MAXUINT;

  return found ? (guint) sqlite3_column_int (stmt, 0) : 0;
}

static gboolean
move_corrections (TzStore     *self,
                  const char  *sha256,
                  guint        start,
                  guint        end,
                  guint        new_start,
                  guint        new_end,
                  GError     **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_MOVE_CORRECTIONS, error);

  if (stmt == NULL)
    return FALSE;

  _tz_store_bind_text (stmt, 1, sha256);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  sqlite3_bind_int (stmt, 4, new_start);
  sqlite3_bind_int (stmt, 5, new_end);
  return _tz_store_run (self, stmt, error);
}

gboolean
_tz_store_set_not_metric_row (TzStore  *self,
                              gint64    metric_id,
                              gboolean  not_metric,
                              GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_SET_NOT_METRIC, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  sqlite3_bind_int (stmt, 2, not_metric);
  return _tz_store_run (self, stmt, error);
}

/* Applies the corrections of one figure (one span) after an import or a
 * re-extraction. */
static gboolean
apply_span (TzStore     *self,
            gint64       document_id,
            const char  *sha256,
            const Text  *text,
            Correction  *group,
            guint        n,
            GError     **error)
{
  guint start = group[0].start;
  guint end = group[0].end;
  g_auto(Record) record = { 0, };
  gboolean have_record = FALSE;
  gboolean corrected = FALSE;
  gint64 metric_id;

  /* The text moved under the figure (a new reflow): follow its words to
   * the nearest place they now stand, or leave the corrections waiting. */
  if (!text_slice_equal (text, start, end, group[0].span_text))
    {
      guint new_start, new_end;

      if (!text_find_nearest (text, group[0].span_text, start, &new_start, &new_end))
        return TRUE;
      if (!move_corrections (self, sha256, start, end, new_start, new_end, error))
        return FALSE;
      start = new_start;
      end = new_end;
    }

  metric_id = _tz_store_find_metric_at (self, document_id, start, end, error);
  if (metric_id < 0)
    return FALSE;
  if (metric_id > 0)
    {
      if (!_tz_store_load_record (self, metric_id, &record, error) ||
          !_tz_store_keep_extracted (self, metric_id, &record, error))
        return FALSE;
      have_record = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      Correction *c = &group[i];

      if (c->field == CORRECTION_USER_METRIC)
        {
          g_auto(Record) user = { 0, };

          if (!_tz_store_record_from_json (&user, c->value))
            {
              g_warning ("Ignoring a damaged user figure in %s", self->display_path);
              continue;
            }
          user.start = start;
          user.end = end;

          if (metric_id != 0)
            {
              /* The extractor now finds it too: the user's fields win. */
              record_clear (&record);
              record = user;
              memset (&user, 0, sizeof user);
              have_record = corrected = TRUE;
            }
          else
            {
              gint64 article_id = find_article_at (self, document_id, start, error);
              guint ordinal;

              if (article_id < 0)
                return FALSE;
              if (article_id == 0)
                return TRUE;
              ordinal = _tz_store_next_metric_ordinal (self, article_id, error);
              if (ordinal == G_MAXUINT)
                return FALSE;
              metric_id = _tz_store_insert_metric (self, document_id, article_id, ordinal,
                                                   &user, TRUE, -1, -1, FALSE, error);
              if (metric_id == 0)
                return FALSE;
            }
          continue;
        }

      if (metric_id == 0)
        return TRUE;

      if (c->field == CORRECTION_NOT_METRIC)
        {
          if (!_tz_store_set_not_metric_row (self, metric_id, TRUE, error))
            return FALSE;
          continue;
        }

      if (!have_record)
        {
          if (!_tz_store_load_record (self, metric_id, &record, error))
            return FALSE;
          have_record = TRUE;
        }
      _tz_store_record_apply (&record, c->field, c->value);
      corrected = TRUE;
    }

  if (corrected)
    return _tz_store_write_record (self, metric_id, &record, TRUE, error);

  return TRUE;
}

/* @n_found: how many corrections the document had */
static gboolean
apply_corrections (TzStore     *self,
                   gint64       document_id,
                   const char  *sha256,
                   const char  *document_text,
                   guint       *n_found,
                   GError     **error)
{
  g_autoptr(GArray) corrections = g_array_new (FALSE, TRUE, sizeof (Correction));
  Text text = { document_text, 0 };
  guint first = 0;

  g_array_set_clear_func (corrections, correction_clear);

  /* Read them all first: applying them uses other statements. */
  {
    g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_LIST_CORRECTIONS, error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    _tz_store_bind_text (stmt, 1, sha256);
    while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
      {
        Correction c = {
          sqlite3_column_int (stmt, 0),
          sqlite3_column_int (stmt, 1),
          sqlite3_column_int (stmt, 2),
          g_strdup (_tz_store_column_text (stmt, 3)),
          g_strdup (_tz_store_column_text (stmt, 4)),
        };

        g_array_append_val (corrections, c);
      }
    if (rc != SQLITE_DONE)
      return _tz_store_set_sqlite_error (self, error, rc);
  }

  /* Nearly every document has none. */
  *n_found = corrections->len;
  if (corrections->len == 0)
    return TRUE;
  text.n_chars = tz_text_count_chars (document_text, strlen (document_text));

  /* Ordered by span, the user's own figure first. */
  for (guint i = 1; i <= corrections->len; i++)
    {
      Correction *c = &g_array_index (corrections, Correction, first);

      if (i < corrections->len)
        {
          Correction *next = &g_array_index (corrections, Correction, i);

          if (next->start == c->start && next->end == c->end)
            continue;
        }

      if (!apply_span (self, document_id, sha256, &text, c, i - first, error))
        return FALSE;
      first = i;
    }

  return TRUE;
}

static gboolean
set_duplicate_error (TzStore     *self,
                     TzDocument  *document,
                     GError     **error)
{
  g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_DUPLICATE,
               _("“%s” is already in the ledger “%s”. Delete it there first "
                 "to import it again."),
               tz_document_get_name (document), self->display_path);
  return FALSE;
}

gint64
_tz_store_now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * tz_store_add_document:
 *
 * Stores @document with its articles and metrics in one transaction, then
 * applies the corrections already stored for its sha256 (a file deleted
 * and imported again keeps them). On success the ids, import time and
 * extractor version are set on the objects; they keep their extracted
 * values (load the document back to see corrections).
 *
 * Returns: the document's id, or 0 with @error set
 */
gint64
tz_store_add_document (TzStore     *self,
                       TzDocument  *document,
                       GError     **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) stored = NULL;
  g_autofree char *computed_sha = NULL;
  g_autofree char *pages = NULL;
  const char *sha256;
  const char *text;
  const char *name;
  guint n_corrections = 0;
  guint n_table_documents = 0;
  guint n_table_rows = 0;
  gboolean counted = FALSE;
  gint64 existing = 0;
  gint64 imported_at;
  gint64 version;
  gint64 id;

  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  g_return_val_if_fail (TZ_IS_DOCUMENT (document), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);
  CHECK_THREAD (self);

  if (self->read_only)
    return _tz_store_set_read_only_error (self, error);

  text = tz_document_get_text (document);
  if (text == NULL)
    text = "";
  sha256 = tz_document_get_sha256 (document);
  if (sha256 == NULL)
    sha256 = computed_sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  if (!find_document (self, sha256, &existing, error))
    return 0;
  if (existing != 0)
    return set_duplicate_error (self, document, error);

  imported_at = _tz_store_now_seconds ();
  version = tz_document_get_extractor_version (document);
  if (version <= 0)
    version = TZ_EXTRACTOR_VERSION;
  stored = stored_new ();
  pages = pages_to_json (document);

  if (_tz_store_table_following (self) != NULL)
    {
      n_table_documents = tz_metric_table_get_n_documents (self->table);
      n_table_rows = tz_metric_table_get_n_rows (self->table);
    }
  if (!_tz_store_begin (self, error))
    return 0;

  stmt = _tz_store_get_stmt (self, STMT_INSERT_DOCUMENT, error);
  if (stmt == NULL)
    goto failed;
  _tz_store_bind_text (stmt, 1, sha256);
  name = tz_document_get_name (document) != NULL ? tz_document_get_name (document) : "";
  _tz_store_bind_text (stmt, 2, name);
  _tz_store_bind_text (stmt, 3, tz_document_get_path (document));
  _tz_store_bind_text (stmt, 4, tz_document_get_encoding (document));
  sqlite3_bind_int64 (stmt, 5, (gint64) tz_document_get_size (document));
  _tz_store_bind_text (stmt, 6, tz_document_get_date (document));
  sqlite3_bind_int64 (stmt, 7, imported_at);
  sqlite3_bind_int64 (stmt, 8, version);
  sqlite3_bind_int64 (stmt, 9, (gint64) strlen (text));
  _tz_store_bind_static_text (stmt, 10, text);
  _tz_store_bind_text (stmt, 11, pages);
  if (!_tz_store_run (self, stmt, error))
    {
      /* Another program imported it since we looked. */
      if (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE)
        {
          g_clear_error (error);
          set_duplicate_error (self, document, error);
        }
      goto failed;
    }
  g_clear_pointer (&stmt, release_stmt);

  id = sqlite3_last_insert_rowid (self->db);
  if (_tz_store_table_following (self) != NULL)
    {
      if (tz_metric_table_add_document (self->table, id, name, imported_at))
        self->table_unsealed = TRUE;
      else
        _tz_store_table_stop_following (self);
    }
  if (!insert_extraction (self, id, document, stored, TRUE, error) ||
      !apply_corrections (self, id, sha256, text, &n_corrections, error))
    goto failed;
  /* The corrections changed rows the table took in as extracted: rare
   * enough (a deleted file imported again) to read them all again. */
  if (n_corrections > 0 && _tz_store_table_following (self) != NULL)
    _tz_store_table_stop_following (self);
  /* Counted before the commit: _tz_store_commit() is what keeps the table current. */
  if (_tz_store_table_following (self) != NULL)
    {
      self->txn_followed++;
      counted = TRUE;
    }
  if (!_tz_store_commit (self, error))
    goto failed;

  stored_assign (stored, id);
  if (computed_sha != NULL)
    tz_document_set_sha256 (document, computed_sha);
  tz_document_set_id (document, id);
  tz_document_set_imported_at (document, imported_at);
  tz_document_set_extractor_version (document, version);

  return id;

failed:
  g_clear_pointer (&stmt, release_stmt);
  _tz_store_rollback (self);
  /* Rolled back on both sides; unless SQLite took the whole batch with
   * it, which tz_store_commit_batch() then reports. */
  if (_tz_store_table_following (self) != NULL)
    {
      tz_metric_table_truncate (self->table, n_table_documents, n_table_rows);
      if (self->in_batch && sqlite3_get_autocommit (self->db))
        _tz_store_table_stop_following (self);
      else if (!counted)
        self->txn_followed++;
    }
  return 0;
}

/* Deleting a document or its articles relies on the foreign keys'
 * cascades, which tz_store_tune_for_import() turned off: back on, outside
 * any transaction (SQLite ignores the pragma inside one). */
static gboolean
need_cascades (TzStore  *self,
               GError  **error)
{
  if (!self->foreign_keys_off)
    return TRUE;
  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

  if (!_tz_store_exec_script (self, "PRAGMA foreign_keys = ON", error))
    return FALSE;
  self->foreign_keys_off = FALSE;
  return TRUE;
}

/**
 * tz_store_replace_extraction:
 *
 * Replaces the articles and metrics of document @id with a new extraction
 * of the same file (after %TZ_EXTRACTOR_VERSION changed), then applies
 * its corrections again, all in one transaction.
 */
gboolean
tz_store_replace_extraction (TzStore     *self,
                             gint64       id,
                             TzDocument  *document,
                             GError     **error)
{
  g_autoptr(GArray) stored = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *pages = NULL;
  const char *text;
  guint n_corrections;
  gint64 version;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (TZ_IS_DOCUMENT (document), FALSE);
  CHECK_THREAD (self);

  text = tz_document_get_text (document);
  if (text == NULL)
    text = "";
  version = tz_document_get_extractor_version (document);
  if (version <= 0)
    version = TZ_EXTRACTOR_VERSION;
  stored = stored_new ();
  pages = pages_to_json (document);

  if (!need_cascades (self, error) || !_tz_store_begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_DOCUMENT_SHA, error);
    gboolean found;

    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, id);
    if (!_tz_store_first_row (self, stmt, &found, error))
      goto failed;
    if (!found)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                     _("The document is no longer in the ledger “%s”. Import it again."),
                     self->display_path);
        goto failed;
      }
    sha256 = g_strdup (_tz_store_column_text (stmt, 0));
  }

  if (!remove_fts_rows (self, id, error))
    goto failed;

  if (!_tz_store_run_with (self, STMT_DELETE_ARTICLES, id, error))
    goto failed;

  {
    g_autoptr(CachedStmt) update = _tz_store_get_stmt (self, STMT_UPDATE_DOCUMENT_TEXT, error);

    if (update == NULL)
      goto failed;
    sqlite3_bind_int64 (update, 1, id);
    _tz_store_bind_static_text (update, 2, text);
    sqlite3_bind_int64 (update, 3, (gint64) strlen (text));
    sqlite3_bind_int64 (update, 4, version);
    _tz_store_bind_text (update, 5, pages);
    if (!_tz_store_run (self, update, error))
      goto failed;
  }

  if (!insert_extraction (self, id, document, stored, FALSE, error) ||
      !apply_corrections (self, id, sha256, text, &n_corrections, error) ||
      !_tz_store_commit (self, error))
    goto failed;

  stored_assign (stored, id);
  tz_document_set_id (document, id);
  tz_document_set_sha256 (document, sha256);
  tz_document_set_extractor_version (document, version);
  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

gboolean
tz_store_delete_document (TzStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!need_cascades (self, error) || !_tz_store_begin (self, error))
    return FALSE;

  if (!remove_fts_rows (self, id, error))
    goto failed;

  if (!_tz_store_run_with (self, STMT_DELETE_DOCUMENT, id, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The document is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      goto failed;
    }

  if (!_tz_store_commit (self, error))
    goto failed;

  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

/**
 * tz_store_set_defer_indexing:
 * @defer: whether to defer
 *
 * With @defer, tz_store_add_document() and tz_store_replace_extraction()
 * leave out the full-text rows of the document and mark it pending
 * instead: its transaction still holds the whole document, its articles
 * and metrics, and tz_store_index_pending() later writes the full-text
 * rows of many documents in one transaction, which is what makes the
 * FTS5 index affordable during an import (one transaction per document
 * indexed at about half the speed). Searches find pending documents all
 * the same (by scanning their text); a ledger opened for writing indexes
 * the first of whatever a crash left pending, and #TzLedger the rest
 * while it has nothing else to do.
 */
void
tz_store_set_defer_indexing (TzStore  *self,
                             gboolean  defer)
{
  g_return_if_fail (TZ_IS_STORE (self));
  self->defer_indexing = !!defer;
}

/**
 * tz_store_tune_for_import:
 *
 * Gives this connection a 32 MB page cache and lets the WAL grow to 32 MB
 * between checkpoints: an import writes many transactions in a row, the
 * B-tree pages they touch stay in memory, and a checkpoint copies each
 * page once instead of once every few documents (about a tenth faster on
 * 5,000 reports). Keeps what a savepoint needs to roll back in memory;
 * lets the full-text index grow in bigger steps; and adds rows without
 * checking their foreign keys until this store first deletes a document
 * or replaces its extraction.
 */
gboolean
tz_store_tune_for_import (TzStore  *self,
                          GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!_tz_store_exec_script (self, "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192", error))
    return FALSE;

  /* Each document of a batch is a savepoint, and SQLite keeps the pages
   * it changes as they were, to roll back to: past 64 KB, in a file. Of
   * the 1.05 GB an import of 4,000 reports wrote, 730 MB were those
   * files; kept in memory, they are dropped with each savepoint. */
  if (!_tz_store_exec_script (self, "PRAGMA temp_store = MEMORY", error))
    return FALSE;

  /* Checking that each figure's document and article exist was a tenth
   * of writing a document's rows, and an import only adds rows it has
   * just given those ids. Deletes need the cascades: need_cascades(). */
  if (!_tz_store_exec_script (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;
  self->foreign_keys_off = TRUE;

  /* Stored with the index, for every writer: FTS5 keeps up to 32 MB of
   * new rows in memory before it writes a segment, and merges segments
   * eight at a time instead of four. Indexing 20 MB of reports took 3.1 s
   * with the defaults and 1.9 s so; the memory is only used by the
   * transactions that index that much, which only imports do. */
  if (!_tz_store_exec_script (self,
                              "INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 33554432);"
                              "INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 8);",
                              &local_error))
    g_debug ("Importing with FTS5's default merging: %s", local_error->message);
  return TRUE;
}

/* Metrics read from SQL in about 40 ms: a start that costs an import of
 * a few files little more. */
#define FOLLOW_FROM_SQL_METRICS 65536

/**
 * tz_store_follow_imports:
 *
 * Keeps the metrics in memory in step with the documents this connection
 * adds (tz_store_add_document()), and in the cache when the store is
 * closed: the next window on the ledger then reads them from there in a
 * tenth of a second instead of from SQL (half a second for 10,000
 * reports). Only where starting costs an import little: the cache holds
 * the ledger as it is, or the ledger has few metrics to read.
 */
void
tz_store_follow_imports (TzStore *self)
{
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean found;
  gint64 last_id;

  g_return_if_fail (TZ_IS_STORE (self));
  CHECK_THREAD (self);

  if (self->read_only || self->no_table || self->cache_path == NULL ||
      self->schema_version < SCHEMA_GENERATION)
    return;

  stmt = _tz_store_get_stmt (self, STMT_LAST_METRIC_ID, NULL);
  if (stmt == NULL || !_tz_store_first_row (self, stmt, &found, NULL) || !found)
    return;
  last_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, release_stmt);

  self->table_follows =
    _tz_store_ensure_table_from (self, last_id <= FOLLOW_FROM_SQL_METRICS, NULL) != NULL;
}

/**
 * tz_store_begin_batch:
 *
 * Opens one transaction for the changes that follow, until
 * tz_store_commit_batch() or tz_store_abort_batch(). Each change in it
 * stays whole on its own: it is a savepoint, released when it succeeds
 * and rolled back alone when it fails, so a failed document leaves the
 * others of the batch as they were. A crash loses the batch, never a part
 * of a document. An import writes thousands of documents: one commit for
 * many of them writes each page they share (the tails of the tables and
 * indexes) once instead of once a document.
 */
gboolean
tz_store_begin_batch (TzStore  *self,
                      GError  **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  CHECK_THREAD (self);

  if (!_tz_store_begin (self, error))
    return FALSE;
  self->in_batch = TRUE;
  /* The batch itself changes nothing; its documents count. */
  self->txn_changes = self->txn_followed = 0;
  return TRUE;
}

/* The batch is lost with the rows the table took in from it. */
static void
table_drop_batch (TzStore *self)
{
  if (self->table_follows && self->txn_followed > 0)
    g_clear_pointer (&self->table, tz_metric_table_free);
}

/**
 * tz_store_commit_batch:
 *
 * Commits the batch. Fails, with nothing of the batch kept, when the
 * commit fails or SQLite had to roll the whole transaction back during
 * the batch (a full disk, say); the caller may then write the changes
 * again one by one to learn which of them fails.
 */
gboolean
tz_store_commit_batch (TzStore  *self,
                       GError  **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_batch, FALSE);
  CHECK_THREAD (self);

  self->in_batch = FALSE;
  if (sqlite3_get_autocommit (self->db))
    {
      table_drop_batch (self);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("The ledger “%s” rolled back a batch of changes"), self->display_path);
      return FALSE;
    }
  if (!_tz_store_commit (self, error))
    {
      _tz_store_rollback (self);
      table_drop_batch (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * tz_store_abort_batch:
 *
 * Rolls the whole batch back.
 */
void
tz_store_abort_batch (TzStore *self)
{
  g_return_if_fail (TZ_IS_STORE (self));
  g_return_if_fail (self->in_batch);
  CHECK_THREAD (self);

  self->in_batch = FALSE;
  _tz_store_rollback (self);
  table_drop_batch (self);
}

/**
 * tz_store_index_pending:
 * @limit: how many documents at most, or 0 for all
 * @n_indexed: (out) (optional): how many were indexed
 *
 * Writes the full-text rows of the documents pending since
 * tz_store_set_defer_indexing(), oldest first, in one transaction.
 */
gboolean
tz_store_index_pending (TzStore  *self,
                        guint     limit,
                        guint    *n_indexed,
                        GError  **error)
{
  gint64 bound = limit > 0 ? (gint64) limit : -1;
  int changes;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (n_indexed != NULL)
    *n_indexed = 0;

  /* Nothing pending, nearly always: no need for the write lock. */
  {
    g_autoptr(CachedStmt) any = _tz_store_get_stmt (self, STMT_HAS_PENDING, error);
    gboolean found;

    if (any == NULL || !_tz_store_first_row (self, any, &found, error))
      return FALSE;
    if (sqlite3_column_int (any, 0) == 0)
      return TRUE;
  }

  if (!_tz_store_begin (self, error))
    return FALSE;
  /* Full-text rows only: nothing the table holds. */
  self->txn_followed++;

  {
    g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(CachedStmt) list = _tz_store_get_stmt (self, STMT_LIST_PENDING, error);
    int rc;

    if (list == NULL)
      goto failed;
    sqlite3_bind_int64 (list, 1, bound);
    while ((rc = _tz_store_step (self, list)) == SQLITE_ROW)
      {
        gint64 id = sqlite3_column_int64 (list, 0);

        g_array_append_val (ids, id);
      }
    if (rc != SQLITE_DONE)
      {
        _tz_store_set_sqlite_error (self, error, rc);
        goto failed;
      }
    g_clear_pointer (&list, release_stmt);

    for (guint i = 0; i < ids->len; i++)
      if (!write_fts_rows (self, g_array_index (ids, gint64, i), FALSE, error))
        goto failed;
  }

  if (!_tz_store_run_with (self, STMT_DELETE_PENDING, bound, error))
    goto failed;
  changes = sqlite3_changes (self->db);

  if (!_tz_store_commit (self, error))
    goto failed;

  if (n_indexed != NULL)
    *n_indexed = changes;
  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

GArray *
_tz_store_collect_ids (TzStore       *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * tz_store_list_outdated:
 *
 * Returns: (transfer full) (element-type gint64): the ids of documents
 *   extracted by an extractor older than @extractor_version
 */
GArray *
tz_store_list_outdated (TzStore  *self,
                        int       extractor_version,
                        GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  CHECK_THREAD (self);

  stmt = _tz_store_get_stmt (self, STMT_LIST_OUTDATED, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, extractor_version);

  return _tz_store_collect_ids (self, stmt, error);
}

/**
 * tz_store_query_document_ids:
 *
 * Returns: (transfer full) (element-type gint64): every document, in the
 *   order they were imported
 */
GArray *
tz_store_query_document_ids (TzStore  *self,
                             GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  CHECK_THREAD (self);

  stmt = _tz_store_get_stmt (self, STMT_LIST_DOCUMENTS, error);
  if (stmt == NULL)
    return NULL;

  return _tz_store_collect_ids (self, stmt, error);
}
