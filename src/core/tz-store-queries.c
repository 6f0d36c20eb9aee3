/* tz-store-queries.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz-article-private.h"
#include "tz-fts-tokenizer.h"
#include "tz-sha256.h"
#include "tz-store-internal.h"
#include "tz-text-private.h"

/* ------------------------------------------------------------------------
 * Words searched for in article text without the full-text index
 *
 * tz_text_has (document_id, start, end, word) is what
 * instr (lower (body), lower (word)) > 0 was over the article_text view:
 * whether characters start..end of the document's text hold @word, ASCII
 * letters in either case (SQLite's lower() folds no others). The view
 * reads and lowers the whole text again for every article, minutes for a
 * report of a few thousand; here a text is read once a statement, and
 * where the word is in it is kept with the statement, as SQLite's
 * auxiliary data of the word argument.
 * --------------------------------------------------------------------- */

typedef struct
{
  gint64  document_id;
  glong   word_chars;
  GArray *offsets;      /* glong: where @word starts, in characters */
} WordHits;

static void
word_hits_free (gpointer data)
{
  WordHits *hits = data;

  g_array_unref (hits->offsets);
  g_free (hits);
}

static WordHits *
find_word (TzStore     *self,
           gint64       document_id,
           const char  *word,
           GError     **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_SEARCH_TEXT, error);
  WordHits *hits;
  g_autofree char *lower_word = g_ascii_strdown (word, -1);
  g_autofree char *lower_text = NULL;
  const char *counted, *hit;
  gboolean found;
  glong chars = 0;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return NULL;

  hits = g_new0 (WordHits, 1);
  hits->document_id = document_id;
  hits->word_chars = g_utf8_strlen (lower_word, -1);
  hits->offsets = g_array_new (FALSE, FALSE, sizeof (glong));
  if (!found || *lower_word == '\0' || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return hits;

  lower_text = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_bytes (stmt, 0));
  /* Every place, overlapping ones too ("aa" in "aaa" twice). */
  for (counted = hit = lower_text; (hit = strstr (hit, lower_word)) != NULL; hit++)
    {
      chars += tz_text_count_chars (counted, hit - counted);
      counted = hit;
      g_array_append_val (hits->offsets, chars);
    }

  return hits;
}

/* Whether a place of the word lies within characters @lo..@hi. */
static gboolean
word_within (const WordHits *hits,
             glong           lo,
             glong           hi)
{
  guint first = 0, last = hits->offsets->len;

  if (hits->word_chars == 0)
    return TRUE;
  while (first < last)
    {
      guint mid = first + (last - first) / 2;

      if (g_array_index (hits->offsets, glong, mid) < lo)
        first = mid + 1;
      else
        last = mid;
    }

  return first < hits->offsets->len
         && g_array_index (hits->offsets, glong, first) + hits->word_chars <= hi;
}

void
_tz_store_text_has_func (sqlite3_context  *context,
                         int               argc,
                         sqlite3_value   **argv)
{
  TzStore *self = sqlite3_user_data (context);
  gint64 document_id = sqlite3_value_int64 (argv[0]);
  gint64 start = sqlite3_value_int64 (argv[1]);
  gint64 end = sqlite3_value_int64 (argv[2]);
  const char *word = (const char *) sqlite3_value_text (argv[3]);
  WordHits *hits = sqlite3_get_auxdata (context, 3);
  gboolean within;

  g_assert (argc == 4);

  if (word == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  if (hits == NULL || hits->document_id != document_id)
    {
      g_autoptr(GError) error = NULL;

      hits = find_word (self, document_id, word, &error);
      if (hits == NULL)
        {
          sqlite3_result_error (context, error->message, -1);
          return;
        }
      /* substr() takes a negative length as the characters before. */
      within = word_within (hits, MAX (MIN (start, end), 0), MAX (start, end));
      /* SQLite may free it at once: it is not used after. */
      sqlite3_set_auxdata (context, 3, hits, word_hits_free);
    }
  else
    within = word_within (hits, MAX (MIN (start, end), 0), MAX (start, end));

  sqlite3_result_int (context, within);
}

/* ------------------------------------------------------------------------
 * Filtered queries
 *
 * The SQL is composed only from the fixed fragments below; every value
 * from the filter is a bound parameter.
 * --------------------------------------------------------------------- */

typedef struct
{
  gboolean  is_text;
  gint64    number;
  char     *text;
} Param;

typedef struct
{
  GString  *sql;
  GArray   *params;
  gboolean  bigram_index; /* the ledger's full-text index, see add_search() */
} Query;

static void
param_clear (gpointer data)
{
  Param *param = data;

  g_free (param->text);
}

static void
query_init (Query      *query,
            TzStore    *self,
            const char *head)
{
  query->bigram_index = self->schema_version >= SCHEMA_BIGRAMS;
  query->sql = g_string_new (head);
  query->params = g_array_new (FALSE, TRUE, sizeof (Param));
  g_array_set_clear_func (query->params, param_clear);
}

static void
query_clear (Query *query)
{
  if (query->sql != NULL)
    g_string_free (query->sql, TRUE);
  g_clear_pointer (&query->params, g_array_unref);
  query->sql = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Query, query_clear)

static void
query_add (Query      *query,
           const char *fragment)
{
  g_string_append (query->sql, fragment);
}

/* Appends "<alias>.<column>"; @alias is one of our fixed aliases. */
static void
query_add_column (Query      *query,
                  const char *alias,
                  const char *column)
{
  g_string_append (query->sql, alias);
  g_string_append_c (query->sql, '.');
  g_string_append (query->sql, column);
}

static void
query_param_int (Query  *query,
                 gint64  value)
{
  Param param = { FALSE, value, NULL };

  g_array_append_val (query->params, param);
}

static void
query_param_text (Query      *query,
                  const char *value)
{
  Param param = { TRUE, 0, g_strdup (value) };

  g_array_append_val (query->params, param);
}

static CachedStmt *
query_prepare (TzStore  *self,
               Query    *query,
               GError  **error)
{
  sqlite3_stmt *stmt = _tz_store_get_dynamic_stmt (self, query->sql->str, error);

  if (stmt == NULL)
    return NULL;

  g_assert ((guint) sqlite3_bind_parameter_count (stmt) == query->params->len);
  for (guint i = 0; i < query->params->len; i++)
    {
      Param *param = &g_array_index (query->params, Param, i);

      if (param->is_text)
        _tz_store_bind_text (stmt, i + 1, param->text);
      else
        sqlite3_bind_int64 (stmt, i + 1, param->number);
    }

  return stmt;
}

/* The filter's search, as conditions on an article id expression. Each
 * word is found with the full-text index where it can be (see
 * index_phrases()), and the text is read for what the index cannot tell:
 * words of one character, and whether the runs of a word found in an
 * article stand together as the word does. */
#define MAX_SEARCH_WORDS 16

static void
add_text_check (Query      *query,
                const char *word)
{
  query_add (query, " AND (tz_text_has (a.document_id, a.start, a.end, ?)"
                    " OR instr (lower (a.title), lower (?)) > 0)");
  query_param_text (query, word);
  query_param_text (query, word);
}

/* The quoted FTS5 phrases that find the articles holding @word, none if
 * the index cannot; @whole when they find exactly those. */
static GStrv
index_phrases (Query      *query,
               const char *word,
               gboolean   *whole)
{
  g_autoptr(GPtrArray) phrases = g_ptr_array_new_with_free_func (g_free);

  if (query->bigram_index)
    {
      g_auto(GStrv) runs = tz_fts_index_runs (word, whole);

      for (guint i = 0; runs[i] != NULL; i++)
        g_ptr_array_add (phrases, g_strconcat ("\"", runs[i], "\"", NULL));
    }
  else
    {
      /* A ledger of schema 3 or 4, read-only: trigrams, which find any
       * word of three characters or more. A quoted FTS5 string is one
       * phrase, with no operators inside. */
      *whole = TRUE;
      if (g_utf8_strlen (word, -1) >= 3)
        {
          g_auto(GStrv) parts = g_strsplit (word, "\"", -1);
          g_autofree char *escaped = g_strjoinv ("\"\"", parts);

          g_ptr_array_add (phrases, g_strconcat ("\"", escaped, "\"", NULL));
        }
    }

  g_ptr_array_add (phrases, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&phrases), FALSE);
}

static void
add_search (Query      *query,
            const char *id_column,
            const char *search)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (search, -1);
  g_autoptr(GPtrArray) indexed = g_ptr_array_new (); /* words the index finds */
  g_autoptr(GPtrArray) checked = g_ptr_array_new (); /* … not all alone */
  g_auto(GStrv) words = NULL;
  guint n_words = 0;

  /* Any space separates words, the ideographic one included. */
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isspace (ch))
        g_string_append_c (spaced, ' ');
      else
        g_string_append_unichar (spaced, ch);
    }

  words = g_strsplit (spaced->str, " ", -1);
  for (guint i = 0; words[i] != NULL && n_words < MAX_SEARCH_WORDS; i++)
    {
      const char *word = words[i];
      g_auto(GStrv) phrases = NULL;
      gboolean whole = FALSE;

      if (*word == '\0')
        continue;
      n_words++;

      phrases = index_phrases (query, word, &whole);
      if (phrases[0] == NULL)
        {
          query_add (query, " AND ");
          query_add (query, id_column);
          query_add (query, " IN (SELECT a.id FROM articles a WHERE 1");
          add_text_check (query, word);
          query_add (query, ")");
          continue;
        }

      for (guint j = 0; phrases[j] != NULL; j++)
        {
          if (match->len > 0)
            g_string_append_c (match, ' ');
          g_string_append (match, phrases[j]);
        }
      g_ptr_array_add (indexed, (gpointer) word);
      if (!whole)
        g_ptr_array_add (checked, (gpointer) word);
    }

  if (match->len == 0)
    return;

  query_add (query, " AND (");
  query_add (query, id_column);
  if (checked->len == 0)
    {
      query_add (query, " IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)");
      query_param_text (query, match->str);
    }
  else
    {
      query_add (query, " IN (SELECT a.id FROM articles a WHERE a.id IN"
                        " (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)");
      query_param_text (query, match->str);
      for (guint i = 0; i < checked->len; i++)
        add_text_check (query, g_ptr_array_index (checked, i));
      query_add (query, ")");
    }

  /* Documents whose full-text rows are still pending (an import is under
   * way, or a ledger's index is being made anew) are searched by their
   * text. CROSS JOIN keeps SQLite from reading every article to find the
   * few pending ones. */
  query_add (query, " OR ");
  query_add (query, id_column);
  query_add (query, " IN (SELECT a.id FROM fts_pending p"
                    " CROSS JOIN articles a ON a.document_id = p.document_id WHERE 1");
  for (guint i = 0; i < indexed->len; i++)
    add_text_check (query, g_ptr_array_index (indexed, i));
  query_add (query, "))");
}

static void
add_region (Query      *query,
            const char *alias,
            const char *code)
{
  query_add (query, " AND ");
  switch (_tz_store_level_of_code (code))
    {
    case TZ_REGION_LEVEL_PROVINCE:
      query_add_column (query, alias, "province_code");
      break;

    case TZ_REGION_LEVEL_PREFECTURE:
      query_add_column (query, alias, "prefecture_code");
      break;

    case TZ_REGION_LEVEL_NATION:  /* national figures only */
    case TZ_REGION_LEVEL_COUNTY:
    default:
      query_add_column (query, alias, "region_code");
      break;
    }
  query_add (query, " = ?");
  query_param_text (query, code);
}

static void
add_year_range (Query    *query,
                const char *alias,
                TzFilter *filter)
{
  if (tz_filter_get_year_from (filter) > 0)
    {
      query_add (query, " AND ");
      query_add_column (query, alias, "year");
      query_add (query, " >= ?");
      query_param_int (query, tz_filter_get_year_from (filter));
    }
  if (tz_filter_get_year_to (filter) > 0)
    {
      query_add (query, " AND ");
      query_add_column (query, alias, "year");
      query_add (query, " <= ?");
      query_param_int (query, tz_filter_get_year_to (filter));
    }
}

/* The WHERE conditions on metrics "m" for every field of @filter. */
static void
add_metric_filter (Query    *query,
                   TzFilter *filter)
{
  const char *s;

  query_add (query, " WHERE m.not_metric = 0");

  if ((s = tz_filter_get_region_code (filter)) != NULL)
    add_region (query, "m", s);
  add_year_range (query, "m", filter);
  if (tz_filter_get_category (filter) != TZ_FILTER_ANY_CATEGORY)
    {
      query_add (query, " AND m.category = ?");
      query_param_int (query, tz_filter_get_category (filter));
    }
  if ((s = tz_filter_get_unit (filter)) != NULL)
    {
      query_add (query, " AND m.unit = ?");
      query_param_text (query, s);
    }
  if ((s = tz_filter_get_subject (filter)) != NULL)
    {
      query_add (query, " AND instr (m.subject, ?) > 0");
      query_param_text (query, s);
    }
  if (tz_filter_get_document_id (filter) != 0)
    {
      query_add (query, " AND m.document_id = ?");
      query_param_int (query, tz_filter_get_document_id (filter));
    }
  if (tz_filter_get_article_id (filter) != 0)
    {
      query_add (query, " AND m.article_id = ?");
      query_param_int (query, tz_filter_get_article_id (filter));
    }
  if ((s = tz_filter_get_search (filter)) != NULL)
    add_search (query, "m.article_id", s);
}

static void
add_order (Query      *query,
           const char *const *columns,
           gboolean    descending)
{
  query_add (query, " ORDER BY ");
  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (i > 0)
        query_add (query, ", ");
      query_add (query, columns[i]);
      query_add (query, descending ? " DESC" : " ASC");
    }
}

/* ------------------------------------------------------------------------
 * The metrics in memory
 *
 * Lists, sorts and charts over every metric would scan and sort the metrics
 * table (half a million rows for ten thousand reports, 0.2–2 s); the
 * columns they use are read once into a TzMetricTable and answered from
 * there, until this connection or another one commits a change.
 * --------------------------------------------------------------------- */

gboolean
_tz_store_read_data_version (TzStore  *self,
                             int      *version,
                             GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_DATA_VERSION, error);
  gboolean found;

  if (stmt == NULL || !_tz_store_first_row (self, stmt, &found, error))
    return FALSE;
  *version = sqlite3_column_int (stmt, 0);

  return TRUE;
}

typedef gboolean (*TableTake) (TzMetricTable         *table,
                               const TzMetricColumns *metric);

/* A row of TABLE_COLUMNS into the table. */
static gboolean
table_take_row (TzMetricTable *table,
                sqlite3_stmt  *stmt,
                TableTake      take)
{
  TzMetricColumns metric = {
    .id = sqlite3_column_int64 (stmt, 0),
    .document_id = sqlite3_column_int64 (stmt, 1),
    .article_id = sqlite3_column_int64 (stmt, 2),
    .start = sqlite3_column_int64 (stmt, 3),
    .value = sqlite3_column_double (stmt, 4),
    .unit = _tz_store_column_text (stmt, 5),
    .category = sqlite3_column_int (stmt, 6),
    .subject = _tz_store_column_text (stmt, 7),
    .region_code = _tz_store_column_text (stmt, 8),
    .province_code = _tz_store_column_text (stmt, 9),
    .prefecture_code = _tz_store_column_text (stmt, 10),
    .year = sqlite3_column_int (stmt, 11),
    .not_metric = sqlite3_column_int (stmt, 12),
  };

  return take (table, &metric);
}

static gboolean
load_table (TzStore        *self,
            TzMetricTable  *table,
            GError        **error)
{
  g_autoptr(CachedStmt) documents = NULL;
  g_autoptr(CachedStmt) metrics = NULL;
  gboolean fits = TRUE;
  int rc;

  documents = _tz_store_get_stmt (self, STMT_TABLE_DOCUMENTS, error);
  if (documents == NULL)
    return FALSE;
  while ((rc = sqlite3_step (documents)) == SQLITE_ROW)
    fits &= tz_metric_table_add_document (table, sqlite3_column_int64 (documents, 0),
                                          _tz_store_column_text (documents, 1),
                                          sqlite3_column_int64 (documents, 2));
  if (rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  metrics = _tz_store_get_stmt (self, STMT_TABLE_METRICS, error);
  if (metrics == NULL)
    return FALSE;
  for (guint n = 1; fits && (rc = sqlite3_step (metrics)) == SQLITE_ROW; n++)
    {
      fits = table_take_row (table, metrics, tz_metric_table_add_metric);
      if (self->yield_func != NULL && n % self->yield_rows == 0)
        self->yield_func (self->yield_data);
    }
  if (fits && rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  /* Values too big for the packed rows (never seen in a real ledger):
   * this connection keeps to SQL. */
  if (!fits)
    {
      g_debug ("%s does not fit in memory; lists use SQL", self->display_path);
      self->no_table = TRUE;
    }

  return TRUE;
}

/* What the ledger is now, for the cache: its generation (see _tz_store_commit())
 * mixed with its random id, so that another ledger later at the same path
 * never matches. FALSE in @known for a ledger before schema 4, opened
 * read-only, which has none. */
static gboolean
read_cache_key (TzStore   *self,
                guint64   *key,
                gboolean  *known,
                GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  *key = 0;
  *known = FALSE;
  if (self->schema_version < SCHEMA_GENERATION)
    return TRUE;

  stmt = _tz_store_get_stmt (self, STMT_GENERATION, error);
  if (stmt == NULL || !_tz_store_first_row (self, stmt, known, error))
    return FALSE;
  if (*known)
    *key = (guint64) sqlite3_column_int64 (stmt, 0) ^ (guint64) sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

/* The metrics in memory as the cache holds them, if it holds this
 * generation of the ledger: a checksum, then the table's bytes. */
static TzMetricTable *
read_cache (TzStore *self,
            guint64  key)
{
  g_autoptr(TzMetricTable) table = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) whole = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *sum = NULL;
  const char *data;
  guint64 cached_key = 0;
  gboolean found;
  gsize size;

  if (self->cache_path == NULL)
    return NULL;

  mapped = g_mapped_file_new (self->cache_path, FALSE, NULL);
  if (mapped == NULL)
    return NULL;
  data = g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  if (size < 64)
    return NULL;

  whole = g_mapped_file_get_bytes (mapped);
  payload = g_bytes_new_from_bytes (whole, 64, size - 64);
  sum = tz_sha256_for_bytes (payload);
  if (memcmp (sum, data, 64) != 0)
    {
      g_debug ("The cache %s is damaged", self->cache_path);
      return NULL;
    }

  table = tz_metric_table_deserialize (payload, &cached_key);
  if (table == NULL || cached_key != key)
    return NULL;

  /* A ledger changed by other means than Taizhang (the sqlite3 shell)
   * keeps its generation; its metrics rarely keep their number. */
  stmt = _tz_store_get_stmt (self, STMT_MAX_METRIC_ID, NULL);
  if (stmt == NULL || !_tz_store_first_row (self, stmt, &found, NULL) || !found ||
      sqlite3_column_int64 (stmt, 0) != tz_metric_table_get_last_id (table) ||
      sqlite3_column_int64 (stmt, 1) != tz_metric_table_get_n_rows (table))
    return NULL;

  return g_steal_pointer (&table);
}

typedef struct
{
  int      fd;
  TzSha256 sha;
} CacheWriter;

static gboolean
write_all (int           fd,
           const void   *data,
           gsize         len,
           goffset       offset,
           GError      **error)
{
  const guint8 *p = data;

  while (len > 0)
    {
      gssize n = offset >= 0 ? pwrite (fd, p, len, offset) : write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : ENOSPC;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return FALSE;
        }
      p += n;
      len -= n;
      if (offset >= 0)
        offset += n;
    }

  return TRUE;
}

static gboolean
write_cache_part (const void  *data,
                  gsize        len,
                  gpointer     user_data,
                  GError     **error)
{
  CacheWriter *writer = user_data;

  tz_sha256_update (&writer->sha, data, len);
  return write_all (writer->fd, data, len, -1, error);
}

/* A writer killed half-way leaves its temporary file (the cache's name
 * and six characters); none takes an hour, so older ones are litter. */
#define STALE_TEMPORARY_USEC ((gint64) 60 * 60 * G_USEC_PER_SEC)

static void
remove_stale_temporaries (const char *cache_path)
{
  g_autofree char *dir_path = g_path_get_dirname (cache_path);
  g_autofree char *prefix = g_strconcat (cache_path, ".", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gint64 now = g_get_real_time ();
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf buf;

      if (!g_str_has_prefix (path, prefix) || strlen (path) != strlen (prefix) + 6 ||
          g_stat (path, &buf) != 0 || !S_ISREG (buf.st_mode) ||
          now - (gint64) buf.st_mtime * G_USEC_PER_SEC < STALE_TEMPORARY_USEC)
        continue;
      if (g_unlink (path) == 0)
        g_debug ("Removed %s, left by a writer that stopped", path);
    }
}

/* The table goes to a new file, written from the table itself (a copy
 * would be 27 MB for half a million metrics), which then takes the
 * cache's name: a connection that has the old one mapped keeps it whole.
 * No fsync: a cache lost or torn in a crash fails its checksum and is
 * made again. */
static void
write_cache (TzStore       *self,
             TzMetricTable *table,
             guint64        key)
{
  static const guint8 no_checksum[64] = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *temp_path = NULL;
  g_autofree char *sum = NULL;
  CacheWriter writer;
  gboolean ok;

  if (self->cache_path == NULL)
    return;

  remove_stale_temporaries (self->cache_path);
  dir = g_path_get_dirname (self->cache_path);
  temp_path = g_strconcat (self->cache_path, ".XXXXXX", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      (writer.fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600)) < 0)
    {
      g_debug ("Could not keep the metrics of %s in %s: %s", self->display_path,
               self->cache_path, g_strerror (errno));
      return;
    }

  /* The checksum of what follows goes in the 64 bytes at the start. */
  tz_sha256_init (&writer.sha);
  ok = write_all (writer.fd, no_checksum, sizeof no_checksum, -1, &error) &&
       tz_metric_table_write (table, key, write_cache_part, &writer, &error);
  sum = tz_sha256_finish (&writer.sha);
  ok = ok && write_all (writer.fd, sum, 64, 0, &error);
  ok = g_close (writer.fd, ok ? &error : NULL) && ok;
  if (ok && g_rename (temp_path, self->cache_path) != 0)
    {
      int saved_errno = errno;

      g_set_error_literal (&error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_debug ("Could not keep the metrics of %s in %s: %s", self->display_path,
               self->cache_path, error->message);
      g_unlink (temp_path);
    }
}

/* Ranks the strings the rows taken in since brought. */
static TzMetricTable *
sealed_table (TzStore *self)
{
  if (self->table != NULL && self->table_unsealed)
    {
      tz_metric_table_seal (self->table);
      self->table_unsealed = FALSE;
    }
  return self->table;
}

/* The metrics in memory, read again if the ledger changed since; NULL
 * (without @error) where SQL answers instead. They come from the cache
 * when it holds the ledger's generation, else from SQL (unless
 * @from_sql is FALSE: then NULL), and are then kept in the cache for the
 * next time. */
TzMetricTable *
_tz_store_ensure_table_from (TzStore   *self,
                             gboolean   from_sql,
                             GError   **error)
{
  g_autoptr(TzMetricTable) table = NULL;
  GCancellable *cancellable;
  gboolean loaded = TRUE;
  gboolean own_transaction;
  gboolean from_cache = FALSE;
  gboolean known = FALSE;
  guint64 key = 0;
  int version;

  if (self->no_table)
    return NULL;
  g_return_val_if_fail (!self->loading_table, NULL);
  if (!_tz_store_read_data_version (self, &version, error))
    return NULL;
  if (self->table != NULL && self->table_commits == self->n_commits &&
      self->table_data_version == version)
    return sealed_table (self);

  g_clear_pointer (&self->table, tz_metric_table_free);
  self->table_unsealed = FALSE;

  /* One read transaction: the generation, the documents and the metrics
   * are of one moment. */
  own_transaction = sqlite3_get_autocommit (self->db);
  if (own_transaction && !_tz_store_exec_script (self, "BEGIN", error))
    return NULL;

  if (!read_cache_key (self, &key, &known, error))
    loaded = FALSE;
  else if (known)
    table = read_cache (self, key);
  from_cache = table != NULL;

  if (loaded && !from_cache && !from_sql)
    {
      if (own_transaction)
        _tz_store_exec_script (self, "COMMIT", NULL);
      return NULL;
    }

  if (loaded && !from_cache)
    {
      /* The next query needs the table as much as this one: a cancelled
       * request does not stop it half-way. */
      cancellable = g_steal_pointer (&self->cancellable);
      table = tz_metric_table_new ();
      self->loading_table = TRUE;
      loaded = load_table (self, table, error);
      self->loading_table = FALSE;
      self->cancellable = cancellable;
    }

  if (own_transaction)
    _tz_store_exec_script (self, "COMMIT", NULL);
  if (!loaded || self->no_table)
    return NULL;

  if (!from_cache)
    {
      g_debug ("Read the metrics of %s from SQL", self->display_path);
      tz_metric_table_seal (table);
      self->n_table_loads++;
      self->cache_pending = known;
    }
  self->table = g_steal_pointer (&table);
  self->table_commits = self->n_commits;
  self->table_data_version = version;

  return self->table;
}

static TzMetricTable *
ensure_table (TzStore  *self,
              GError  **error)
{
  return _tz_store_ensure_table_from (self, TRUE, error);
}

/**
 * tz_store_save_cache:
 * @closing: whether the store is being closed
 *
 * Keeps the metrics in memory in the user's cache, if they changed since
 * they were last kept and are still the ledger's: the next connection to
 * the ledger reads them in a tenth of a second instead of reading every
 * metric from SQL. Writing takes about as long, so the ledger's thread
 * calls this when it has nothing else to do, and the store when it is
 * closed; the metrics a correction changed are only kept at close, so
 * that the list after each correction never waits for the cache.
 */
void
tz_store_save_cache (TzStore  *self,
                     gboolean  closing)
{
  gboolean known = FALSE;
  guint64 key = 0;
  int version;

  g_return_if_fail (TZ_IS_STORE (self));
  CHECK_THREAD (self);

  if (!(self->cache_pending || (closing && self->cache_pending_at_close)) || self->table == NULL)
    return;
  self->cache_pending = self->cache_pending_at_close = FALSE;

  /* Only what the ledger still is: nothing committed since by anyone. */
  if (self->table_commits != self->n_commits || !sqlite3_get_autocommit (self->db) ||
      !_tz_store_read_data_version (self, &version, NULL) || version != self->table_data_version ||
      !read_cache_key (self, &key, &known, NULL) || !known)
    return;

  write_cache (self, sealed_table (self), key);
}

/* This connection has just committed a change to one metric: the metrics
 * in memory take it in, instead of being read again at the next query
 * (0.4 s for half a million). Only if they were up to date before that
 * commit and no other connection has written since; else they are read
 * again as usual. */
void
_tz_store_table_follow_metric (TzStore *self,
                               gint64   metric_id)
{
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean found = FALSE;
  int version;

  if (self->table == NULL || self->table_commits + 1 != self->n_commits)
    return;
  if (!_tz_store_read_data_version (self, &version, NULL) || version != self->table_data_version)
    return;

  stmt = _tz_store_get_stmt (self, STMT_TABLE_METRIC, NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!_tz_store_first_row (self, stmt, &found, NULL) || !found)
    return;

  if (table_take_row (sealed_table (self), stmt, tz_metric_table_update_metric))
    {
      self->table_commits = self->n_commits;
      self->cache_pending_at_close = TRUE;
    }
  else
    g_clear_pointer (&self->table, tz_metric_table_free);
}

/* The articles @search finds, for the metrics in memory. */
static GHashTable *
search_articles (TzStore     *self,
                 const char  *search,
                 GError     **error)
{
  g_auto(Query) query = { 0, };
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GHashTable) articles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  int rc;

  query_init (&query, self, "SELECT a.id FROM articles a WHERE 1");
  add_search (&query, "a.id", search);
  stmt = query_prepare (self, &query, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (articles, g_memdup2 (&id, sizeof id));
    }
  if (rc != SQLITE_DONE)
    {
      _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&articles);
}

/* Answers from the metrics in memory when it can: TRUE with @table set
 * (and @articles for a search), TRUE with @table NULL for SQL, FALSE on
 * an error. */
static gboolean
use_table (TzStore         *self,
           TzFilter        *filter,
           TzMetricTable  **table,
           GHashTable     **articles,
           TzRegionLevel   *level,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *s;

  *table = ensure_table (self, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (*table == NULL)
    return TRUE;

  *articles = NULL;
  if ((s = tz_filter_get_search (filter)) != NULL &&
      (*articles = search_articles (self, s, error)) == NULL)
    return FALSE;

  s = tz_filter_get_region_code (filter);
  *level = s != NULL ? _tz_store_level_of_code (s) : TZ_REGION_LEVEL_COUNTY;

  return TRUE;
}

/**
 * tz_store_query_metric_ids:
 *
 * The ids of the metrics @filter selects (never those marked "not a
 * metric"), in its order, ties broken by id in the same direction.
 *
 * Returns: (transfer full) (element-type gint64): the ids
 */
GArray *
tz_store_query_metric_ids (TzStore   *self,
                           TzFilter  *filter,
                           GError   **error)
{
  static const char * const text_order[] = { "m.document_id", "m.start", "m.id", NULL };
  static const char * const by_value[] = { "m.value_num", "m.id", NULL };
  static const char * const by_unit[] = { "m.unit", "m.id", NULL };
  static const char * const by_subject[] = { "m.subject", "m.id", NULL };
  static const char * const by_region[] = { "m.region_code", "m.id", NULL };
  static const char * const by_year[] = { "m.year", "m.id", NULL };
  static const char * const by_document[] = { "d.name", "m.id", NULL };
  g_auto(Query) query = { 0, };
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GHashTable) articles = NULL;
  const char * const *order;
  TzMetricTable *table;
  TzRegionLevel level;
  TzSortKey key;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (TZ_IS_FILTER (filter), NULL);
  CHECK_THREAD (self);

  if (!use_table (self, filter, &table, &articles, &level, error))
    return NULL;
  if (table != NULL)
    return tz_metric_table_query_ids (table, filter, level, articles);

  key = tz_filter_get_sort_key (filter);
  query_init (&query, self, "SELECT m.id FROM metrics m");
  if (key == TZ_SORT_DOCUMENT)
    query_add (&query, " JOIN documents d ON d.id = m.document_id");
  add_metric_filter (&query, filter);

  switch (key)
    {
    case TZ_SORT_VALUE: order = by_value; break;
    case TZ_SORT_UNIT: order = by_unit; break;
    case TZ_SORT_SUBJECT: order = by_subject; break;
    case TZ_SORT_REGION: order = by_region; break;
    case TZ_SORT_YEAR: order = by_year; break;
    case TZ_SORT_DOCUMENT: order = by_document; break;
    case TZ_SORT_TEXT_ORDER:
    default: order = text_order; break;
    }
  add_order (&query, order, tz_filter_get_descending (filter));

  stmt = query_prepare (self, &query, error);
  if (stmt == NULL)
    return NULL;

  return _tz_store_collect_ids (self, stmt, error);
}

/**
 * tz_store_query_article_ids:
 *
 * The ids of the articles whose region, year and text match @filter (and
 * its document and article ids), in text order or by document name.
 *
 * Returns: (transfer full) (element-type gint64): the ids
 */
GArray *
tz_store_query_article_ids (TzStore   *self,
                            TzFilter  *filter,
                            GError   **error)
{
  static const char * const text_order[] = { "a.document_id", "a.start", "a.id", NULL };
  static const char * const by_document[] = { "d.name", "a.document_id", "a.start", "a.id", NULL };
  g_auto(Query) query = { 0, };
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean by_name;
  const char *s;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (TZ_IS_FILTER (filter), NULL);
  CHECK_THREAD (self);

  by_name = tz_filter_get_sort_key (filter) == TZ_SORT_DOCUMENT;
  query_init (&query, self, "SELECT a.id FROM articles a");
  if (by_name)
    query_add (&query, " JOIN documents d ON d.id = a.document_id");
  query_add (&query, " WHERE 1");

  if ((s = tz_filter_get_region_code (filter)) != NULL)
    add_region (&query, "a", s);
  add_year_range (&query, "a", filter);
  if (tz_filter_get_document_id (filter) != 0)
    {
      query_add (&query, " AND a.document_id = ?");
      query_param_int (&query, tz_filter_get_document_id (filter));
    }
  if (tz_filter_get_article_id (filter) != 0)
    {
      query_add (&query, " AND a.id = ?");
      query_param_int (&query, tz_filter_get_article_id (filter));
    }
  if ((s = tz_filter_get_search (filter)) != NULL)
    add_search (&query, "a.id", s);

  add_order (&query, by_name ? by_document : text_order, tz_filter_get_descending (filter));

  stmt = query_prepare (self, &query, error);
  if (stmt == NULL)
    return NULL;

  return _tz_store_collect_ids (self, stmt, error);
}

/**
 * tz_store_aggregate:
 *
 * Combines the values of the metrics @filter selects, grouped by region at
 * @level (province, prefecture, or the figure's own region for county),
 * by year, or by both. Region groups come by value, largest first; year
 * groups by year; region × year groups by region code, then year.
 *
 * Returns: (transfer full) (element-type TzAggregateRow): the groups
 */
GArray *
tz_store_aggregate (TzStore        *self,
                    TzFilter       *filter,
                    TzGroupBy       group_by,
                    TzRegionLevel   level,
                    TzAggregate     aggregate,
                    GError        **error)
{
  g_auto(Query) query = { 0, };
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GHashTable) articles = NULL;
  const char *region_expr = "''";
  const char *year_expr = "0";
  TzMetricTable *table;
  TzRegionLevel filter_level;
  int rc;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  g_return_val_if_fail (TZ_IS_FILTER (filter), NULL);
  CHECK_THREAD (self);

  if (!use_table (self, filter, &table, &articles, &filter_level, error))
    return NULL;
  if (table != NULL)
    return tz_metric_table_aggregate (table, filter, filter_level, articles, group_by, level, aggregate);

  if (group_by == TZ_GROUP_BY_REGION || group_by == TZ_GROUP_BY_REGION_YEAR)
    {
      switch (level)
        {
        case TZ_REGION_LEVEL_NATION:
          region_expr = "iif (m.region_code IS NULL, '', '000000')";
          break;

        case TZ_REGION_LEVEL_PROVINCE:
          region_expr = "coalesce (m.province_code, '')";
          break;

        case TZ_REGION_LEVEL_PREFECTURE:
          region_expr = "coalesce (m.prefecture_code, '')";
          break;

        case TZ_REGION_LEVEL_COUNTY:
        default:
          region_expr = "coalesce (m.region_code, '')";
          break;
        }
    }
  if (group_by == TZ_GROUP_BY_YEAR || group_by == TZ_GROUP_BY_REGION_YEAR)
    year_expr = "coalesce (m.year, 0)";

  if (aggregate == TZ_AGGREGATE_LATEST)
    {
      /* The value of the figure with the latest year, then the most
       * recently imported document. */
      query_init (&query, self, "SELECT gr, gy, v, n FROM (SELECT ");
      query_add (&query, region_expr);
      query_add (&query, " AS gr, ");
      query_add (&query, year_expr);
      query_add (&query, " AS gy, m.value_num AS v, count(*) OVER (PARTITION BY ");
      query_add (&query, region_expr);
      query_add (&query, ", ");
      query_add (&query, year_expr);
      query_add (&query, ") AS n, row_number () OVER (PARTITION BY ");
      query_add (&query, region_expr);
      query_add (&query, ", ");
      query_add (&query, year_expr);
      query_add (&query, " ORDER BY coalesce (m.year, 0) DESC, d.imported_at DESC,"
                         " m.document_id DESC, m.id DESC) AS rn"
                         " FROM metrics m JOIN documents d ON d.id = m.document_id");
      add_metric_filter (&query, filter);
      query_add (&query, ") WHERE rn = 1");
    }
  else
    {
      query_init (&query, self, "SELECT ");
      query_add (&query, region_expr);
      query_add (&query, " AS gr, ");
      query_add (&query, year_expr);
      switch (aggregate)
        {
        case TZ_AGGREGATE_MAX:
          query_add (&query, " AS gy, max (m.value_num) AS v");
          break;

        case TZ_AGGREGATE_COUNT:
          query_add (&query, " AS gy, count(*) AS v");
          break;

        case TZ_AGGREGATE_SUM:
        default:
          query_add (&query, " AS gy, sum (m.value_num) AS v");
          break;
        }
      query_add (&query, ", count(*) AS n FROM metrics m");
      add_metric_filter (&query, filter);
      query_add (&query, " GROUP BY gr, gy");
    }

  switch (group_by)
    {
    case TZ_GROUP_BY_YEAR:
      query_add (&query, " ORDER BY gy ASC");
      break;

    case TZ_GROUP_BY_REGION_YEAR:
      query_add (&query, " ORDER BY gr ASC, gy ASC");
      break;

    case TZ_GROUP_BY_REGION:
    default:
      query_add (&query, " ORDER BY v DESC, gr ASC");
      break;
    }

  stmt = query_prepare (self, &query, error);
  if (stmt == NULL)
    return NULL;

  rows = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    {
      TzAggregateRow row;

      memset (&row, 0, sizeof row);
      g_strlcpy (row.region_code, _tz_store_column_text (stmt, 0), sizeof row.region_code);
      row.year = sqlite3_column_int (stmt, 1);
      row.value = sqlite3_column_double (stmt, 2);
      row.n_records = sqlite3_column_int (stmt, 3);
      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/**
 * tz_store_list_subject_counts:
 * @limit: how many, or 0 for all
 * @counts: (out) (optional) (element-type guint): how many metrics have
 *   each subject
 *
 * Returns: (transfer full) (element-type utf8): the subjects of the stored
 *   metrics, most frequent first
 */
GPtrArray *
tz_store_list_subject_counts (TzStore   *self,
                              guint      limit,
                              GArray   **counts,
                              GError   **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GArray) n = NULL;
  int rc;

  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  CHECK_THREAD (self);

  {
    g_autoptr(GError) local_error = NULL;
    TzMetricTable *table = ensure_table (self, &local_error);

    if (local_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }
    if (table != NULL)
      return tz_metric_table_subject_counts (table, limit, counts);
  }

  stmt = _tz_store_get_stmt (self, STMT_LIST_SUBJECTS, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  subjects = g_ptr_array_new_with_free_func (g_free);
  n = g_array_new (FALSE, FALSE, sizeof (guint));
  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    {
      guint count = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (subjects, g_strdup (_tz_store_column_text (stmt, 0)));
      g_array_append_val (n, count);
    }
  if (rc != SQLITE_DONE)
    {
      _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  if (counts != NULL)
    *counts = g_steal_pointer (&n);

  return g_steal_pointer (&subjects);
}

/**
 * tz_store_list_subjects:
 *
 * Returns: (transfer full) (element-type utf8): the subjects of the stored
 *   metrics, most frequent first
 */
GPtrArray *
tz_store_list_subjects (TzStore  *self,
                        guint     limit,
                        GError  **error)
{
  return tz_store_list_subject_counts (self, limit, NULL, error);
}
