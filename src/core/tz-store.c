/* tz-store.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "tz-article-private.h"
#include "tz-fts-tokenizer.h"
#include "tz-gazetteer.h"
#include "tz-sha256.h"
#include "tz-store-internal.h"

/* ------------------------------------------------------------------------
 * Schema
 *
 * Ids are AUTOINCREMENT: the UI holds ids across refreshes, and an id must
 * never come back as another record after a delete.
 *
 * Each script takes the ledger from version N to N + 1 and ends by setting
 * user_version itself, so that the bump is part of the script's single
 * transaction. Schema 2 is one more entry; never edit a released entry.
 * --------------------------------------------------------------------- */

static const char * const migrations[] = {
  /* 0 → 1 */
  "CREATE TABLE documents ("
  "  id                INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  sha256            TEXT NOT NULL UNIQUE,"
  "  name              TEXT NOT NULL,"
  "  path              TEXT,"
  "  encoding          TEXT,"
  "  size              INTEGER NOT NULL DEFAULT 0,"
  "  report_date       TEXT,"
  "  imported_at       INTEGER NOT NULL,"
  "  extractor_version INTEGER NOT NULL,"
  "  text_bytes        INTEGER NOT NULL,"
  "  text              TEXT NOT NULL"
  ");"
  "CREATE TABLE articles ("
  "  id              INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  document_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  ordinal         INTEGER NOT NULL,"
  "  title           TEXT,"
  "  subtitles       TEXT,"              /* a JSON array of strings */
  "  column_label    TEXT,"
  "  byline          TEXT,"
  "  source          TEXT,"
  "  author          TEXT,"
  "  region_code     TEXT,"
  "  province_code   TEXT,"
  "  prefecture_code TEXT,"
  "  year            INTEGER,"
  "  start           INTEGER NOT NULL,"
  "  end             INTEGER NOT NULL,"
  "  UNIQUE (document_id, ordinal)"
  ");"
  "CREATE INDEX articles_region ON articles (region_code);"
  "CREATE INDEX articles_province ON articles (province_code);"
  "CREATE INDEX articles_prefecture ON articles (prefecture_code);"
  "CREATE INDEX articles_year ON articles (year);"
  "CREATE TABLE metrics ("
  "  id              INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  document_id     INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,"
  "  article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
  "  ordinal         INTEGER NOT NULL,"
  "  text            TEXT NOT NULL,"
  "  start           INTEGER NOT NULL,"
  "  end             INTEGER NOT NULL,"
  "  value           TEXT NOT NULL,"     /* exact decimal */
  "  value_num       REAL NOT NULL,"     /* for sorting and sums */
  "  unit            TEXT NOT NULL,"
  "  category        INTEGER NOT NULL,"
  "  approx          INTEGER NOT NULL,"
  "  subject         TEXT,"
  "  region_code     TEXT,"
  "  province_code   TEXT,"
  "  prefecture_code TEXT,"
  "  year            INTEGER,"
  "  year_source     INTEGER NOT NULL,"
  "  target          INTEGER NOT NULL,"
  "  sentence        TEXT,"              /* only when not in the text: */
  "  sentence_start  INTEGER,"           /* else its span in the document */
  "  sentence_end    INTEGER,"
  "  not_metric      INTEGER NOT NULL DEFAULT 0,"
  "  corrected       INTEGER NOT NULL DEFAULT 0,"
  "  user_added      INTEGER NOT NULL DEFAULT 0,"
  "  extracted       TEXT"               /* JSON of the fields as extracted,
                                          * kept from the first correction */
  ");"
  "CREATE INDEX metrics_region ON metrics (region_code);"
  "CREATE INDEX metrics_province ON metrics (province_code);"
  "CREATE INDEX metrics_prefecture ON metrics (prefecture_code);"
  "CREATE INDEX metrics_year ON metrics (year);"
  "CREATE INDEX metrics_category ON metrics (category);"
  "CREATE INDEX metrics_subject ON metrics (subject);"
  "CREATE INDEX metrics_article ON metrics (article_id);"
  "CREATE INDEX metrics_position ON metrics (document_id, start);"
  /* No foreign key: corrections outlive their document so that a file
   * deleted and imported again keeps them. */
  "CREATE TABLE corrections ("
  "  id              INTEGER PRIMARY KEY,"
  "  document_sha256 TEXT NOT NULL,"
  "  start           INTEGER NOT NULL,"
  "  end             INTEGER NOT NULL,"
  "  field           INTEGER NOT NULL,"
  "  value           TEXT NOT NULL,"
  "  span_text       TEXT NOT NULL,"     /* the text at start..end then */
  "  created_at      INTEGER NOT NULL,"
  "  UNIQUE (document_sha256, start, end, field)"
  ");"
  /* Article bodies are slices of the document text, not copies. */
  "CREATE VIEW article_text (id, document_id, title, body) AS"
  "  SELECT a.id, a.document_id, a.title,"
  "         substr (d.text, a.start + 1, a.end - a.start)"
  "  FROM articles a JOIN documents d ON d.id = a.document_id;"
  "CREATE VIRTUAL TABLE article_fts USING fts5 ("
  "  title, body, content='article_text', content_rowid='id',"
  "  tokenize='trigram');"
  "PRAGMA user_version = 1;",

  /* 1 → 2: pages of documents read from PDF, and of their figures. */
  "ALTER TABLE documents ADD COLUMN pages TEXT;"    /* a JSON array of where
                                                     * each page starts */
  "ALTER TABLE metrics ADD COLUMN page INTEGER;"
  "PRAGMA user_version = 2;",

  /* 2 → 3: documents whose full-text rows are still to be written (an
   * import writes them a batch of documents at a time, see
   * tz_store_set_defer_indexing()); indexes that answer the stats and the
   * list of articles without reading every row; and no more indexes on
   * the columns of metrics that lists, filters and charts use: those read
   * the metrics in memory now (see ensure_table()), and each of these
   * indexes cost every imported metric a B-tree page written per commit
   * (an import of 1,000 reports took half again as long with them). */
  "CREATE TABLE fts_pending ("
  "  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE"
  ");"
  "CREATE INDEX metrics_not_metric ON metrics (not_metric) WHERE not_metric <> 0;"
  "CREATE INDEX documents_text_bytes ON documents (text_bytes);"
  "CREATE INDEX articles_position ON articles (document_id, start);"
  "DROP INDEX metrics_region;"
  "DROP INDEX metrics_province;"
  "DROP INDEX metrics_prefecture;"
  "DROP INDEX metrics_year;"
  "DROP INDEX metrics_category;"
  "DROP INDEX metrics_subject;"
  "PRAGMA user_version = 3;",

  /* 3 → 4: a number every change to the ledger raises (see
   * _tz_store_commit()), so that a cache of the metrics in memory knows it
   * is still the ledger's.
   * Taizhang before schema 4 never opens the ledger again to change it
   * behind the number's back. */
  "CREATE TABLE ledger_state ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  generation INTEGER NOT NULL,"
  "  ledger_id  INTEGER NOT NULL"       /* random: this ledger, not another */
  ");"                                  /* one at the same path */
  "INSERT INTO ledger_state (id, generation, ledger_id) VALUES (1, 0, random ());"
  "PRAGMA user_version = 4;",

  /* 4 → 5: the full-text index holds bigrams (see tz-fts-tokenizer.c), a
   * third the time to write and words of two characters found too. Every
   * document is pending until tz_store_index_pending() writes it again:
   * a few at the open, the rest by TzLedger while idle or by the next
   * import; searches read the text of pending documents meanwhile. */
  "DROP TABLE article_fts;"
  "CREATE VIRTUAL TABLE article_fts USING fts5 ("
  "  title, body, content='article_text', content_rowid='id',"
  "  tokenize='" TZ_FTS_TOKENIZER "');"
  "INSERT OR IGNORE INTO fts_pending (document_id) SELECT id FROM documents;"
  "PRAGMA user_version = 5;",
};

/* The oldest schema this version reads without updating it first. */
#define SCHEMA_READABLE 3

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

#define BUSY_TIMEOUT_MS 5000

/* Documents whose full-text rows an open writes at most. */
#define OPEN_INDEX_LIMIT 256

/* ------------------------------------------------------------------------
 * Statements: prepared on first use, kept for the connection's life
 * --------------------------------------------------------------------- */

#define METRIC_COLUMNS \
  "id, document_id, article_id, text, start, end, value, unit, category, " \
  "approx, subject, region_code, year, year_source, target, sentence, " \
  "corrected, user_added, sentence_start, sentence_end, page"

/* What the metrics in memory hold of each (see ensure_table()). */
#define TABLE_COLUMNS \
  "id, document_id, article_id, start, value_num, unit, category, " \
  "subject, region_code, province_code, prefecture_code, year, not_metric"

/* The last column counts the article's figures for list rows; the
 * metrics_article index answers it. */
#define ARTICLE_COLUMNS \
  "id, document_id, title, subtitles, column_label, byline, source, " \
  "author, region_code, year, start, end, " \
  "(SELECT count(*) FROM metrics m WHERE m.article_id = articles.id" \
  " AND m.not_metric = 0)"

/* OR FAIL: a statement that fails leaves the rows it wrote, for the
 * transaction or savepoint around it to roll back (every caller's does),
 * so SQLite keeps no journal to undo the statement alone. Those journals
 * cost every statement a little; in the importer, which keeps them in
 * memory (tz_store_tune_for_import()), once a batch outgrew the page
 * cache each statement walked all that its document's savepoint had kept
 * before it: the second report of 8 MB in a batch took five times as
 * long as the first. */
#define METRIC_INSERT \
  "INSERT OR FAIL INTO metrics (document_id, article_id, ordinal, text, start, end," \
  " value, value_num, unit, category, approx, subject, region_code," \
  " province_code, prefecture_code, year, year_source, target, sentence," \
  " corrected, user_added, extracted, sentence_start, sentence_end, page)" \
  " VALUES "
#define METRIC_ROW \
  "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define METRIC_ROWS_2  METRIC_ROW ", " METRIC_ROW
#define METRIC_ROWS_4  METRIC_ROWS_2 ", " METRIC_ROWS_2
#define METRIC_ROWS_8  METRIC_ROWS_4 ", " METRIC_ROWS_4
#define METRIC_ROWS_16 METRIC_ROWS_8 ", " METRIC_ROWS_8

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_SAVEPOINT] = "SAVEPOINT tz_change",
  [STMT_BUMP_GENERATION] = "UPDATE ledger_state SET generation = generation + 1",
  [STMT_GENERATION] = "SELECT generation, ledger_id FROM ledger_state",
  [STMT_MAX_METRIC_ID] = "SELECT coalesce (max (id), 0), count (*) FROM metrics",
  [STMT_LAST_METRIC_ID] = "SELECT coalesce (max (id), 0) FROM metrics",
  [STMT_RELEASE] = "RELEASE tz_change",
  [STMT_ROLLBACK_TO] = "ROLLBACK TO tz_change",
  [STMT_FIND_DOCUMENT] = "SELECT id FROM documents WHERE sha256 = ?1",
  [STMT_INSERT_DOCUMENT] =
    "INSERT INTO documents (sha256, name, path, encoding, size, report_date,"
    " imported_at, extractor_version, text_bytes, text, pages)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_INSERT_ARTICLE] =
    "INSERT INTO articles (document_id, ordinal, title, subtitles,"
    " column_label, byline, source, author, region_code, province_code,"
    " prefecture_code, year, start, end)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
  /* A figure the user adds: its page comes from the document's page
   * starts. */
  [STMT_INSERT_METRIC] =
    "INSERT INTO metrics (document_id, article_id, ordinal, text, start, end,"
    " value, value_num, unit, category, approx, subject, region_code,"
    " province_code, prefecture_code, year, year_source, target, sentence,"
    " corrected, user_added, extracted, sentence_start, sentence_end, page)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
    " (SELECT nullif (count(*), 0) FROM documents d, json_each (d.pages) p"
    "  WHERE d.id = ?1 AND p.value <= ?5))",
  /* An extraction's figures, many rows to a statement: a statement's own
   * work (opening cursors on the table, its indexes and the tables its
   * foreign keys name; the sequence of ids) cost as much as its row. The
   * columns are STMT_INSERT_METRIC's, the page given (the writer knows
   * the document's pages). */
  [STMT_INSERT_METRICS_1] = METRIC_INSERT METRIC_ROW,
  [STMT_INSERT_METRICS_2] = METRIC_INSERT METRIC_ROWS_2,
  [STMT_INSERT_METRICS_4] = METRIC_INSERT METRIC_ROWS_4,
  [STMT_INSERT_METRICS_8] = METRIC_INSERT METRIC_ROWS_8,
  [STMT_INSERT_METRICS_16] = METRIC_INSERT METRIC_ROWS_16,
  [STMT_INSERT_METRICS_32] = METRIC_INSERT METRIC_ROWS_16 ", " METRIC_ROWS_16,
  /* A document's full-text rows are written from its text read once (see
   * write_fts_rows()): the article_text view slices the text again for
   * every article. External-content FTS5 forgets a row only when given
   * what it indexed, so rows are removed while the text is still there,
   * and never for a document whose rows were not written yet. */
  [STMT_FTS_ARTICLES] =
    "SELECT id, title, start, end FROM articles WHERE document_id = ?1"
    " ORDER BY start",
  [STMT_FTS_INSERT] = "INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
  [STMT_FTS_DELETE] =
    "INSERT INTO article_fts (article_fts, rowid, title, body)"
    " VALUES ('delete', ?1, ?2, ?3)",
  [STMT_IS_PENDING] = "SELECT EXISTS (SELECT 1 FROM fts_pending WHERE document_id = ?1)",
  [STMT_MARK_PENDING] = "INSERT OR IGNORE INTO fts_pending (document_id) VALUES (?1)",
  [STMT_HAS_PENDING] = "SELECT EXISTS (SELECT 1 FROM fts_pending)",
  [STMT_UNMARK_PENDING] = "DELETE FROM fts_pending WHERE document_id = ?1",
  /* The oldest @limit pending documents, in one transaction. */
  [STMT_LIST_PENDING] =
    "SELECT document_id FROM fts_pending ORDER BY document_id LIMIT ?1",
  [STMT_DELETE_PENDING] =
    "DELETE FROM fts_pending WHERE document_id IN"
    " (SELECT document_id FROM fts_pending ORDER BY document_id LIMIT ?1)",
  [STMT_DELETE_DOCUMENT] = "DELETE FROM documents WHERE id = ?1",
  [STMT_DELETE_ARTICLES] = "DELETE FROM articles WHERE document_id = ?1",
  [STMT_UPDATE_DOCUMENT_TEXT] =
    "UPDATE documents SET text = ?2, text_bytes = ?3, extractor_version = ?4,"
    " pages = ?5 WHERE id = ?1",
  [STMT_DOCUMENT_SHA] = "SELECT sha256 FROM documents WHERE id = ?1",
  [STMT_DOCUMENT_TEXT] = "SELECT text FROM documents WHERE id = ?1",
  /* For tz_text_has(), which reads it while a query runs. */
  [STMT_SEARCH_TEXT] = "SELECT text FROM documents WHERE id = ?1",
  [STMT_LOAD_DOCUMENT] =
    "SELECT id, sha256, name, path, encoding, size, report_date, imported_at,"
    " extractor_version, text, pages FROM documents WHERE id = ?1",
  /* A list row: everything but the text, with what it holds counted. */
  [STMT_LOAD_DOCUMENT_ROW] =
    "SELECT id, sha256, name, path, encoding, size, report_date, imported_at,"
    " extractor_version,"
    " (SELECT count(*) FROM articles a WHERE a.document_id = documents.id),"
    " (SELECT count(*) FROM metrics m WHERE m.document_id = documents.id"
    "  AND m.not_metric = 0)"
    " FROM documents WHERE id = ?1",
  [STMT_LOAD_DOCUMENT_ARTICLES] =
    "SELECT " ARTICLE_COLUMNS " FROM articles WHERE document_id = ?1"
    " ORDER BY ordinal",
  [STMT_LOAD_ARTICLE] = "SELECT " ARTICLE_COLUMNS " FROM articles WHERE id = ?1",
  [STMT_LOAD_ARTICLE_METRICS] =
    "SELECT " METRIC_COLUMNS " FROM metrics"
    " WHERE article_id = ?1 AND not_metric = 0 ORDER BY start, ordinal, id",
  [STMT_LOAD_METRIC] = "SELECT " METRIC_COLUMNS " FROM metrics WHERE id = ?1",
  [STMT_METRIC_INFO] =
    "SELECT m.document_id, d.sha256, m.start, m.end, m.user_added, m.extracted"
    " FROM metrics m JOIN documents d ON d.id = m.document_id WHERE m.id = ?1",
  [STMT_METRIC_FIELDS] =
    "SELECT value, unit, category, approx, subject, region_code, year,"
    " year_source, target FROM metrics WHERE id = ?1",
  [STMT_UPDATE_METRIC_FIELDS] =
    "UPDATE metrics SET value = ?2, value_num = ?3, unit = ?4, category = ?5,"
    " approx = ?6, subject = ?7, region_code = ?8, province_code = ?9,"
    " prefecture_code = ?10, year = ?11, year_source = ?12, target = ?13,"
    " corrected = ?14 WHERE id = ?1",
  [STMT_SET_NOT_METRIC] = "UPDATE metrics SET not_metric = ?2 WHERE id = ?1",
  [STMT_KEEP_EXTRACTED] =
    "UPDATE metrics SET extracted = ?2 WHERE id = ?1 AND extracted IS NULL",
  [STMT_UPSERT_CORRECTION] =
    "INSERT INTO corrections (document_sha256, start, end, field, value,"
    " span_text, created_at)"
    " SELECT ?1, ?2, ?3, ?4, ?5, substr (d.text, ?2 + 1, ?3 - ?2), ?6"
    " FROM documents d WHERE d.sha256 = ?1"
    " ON CONFLICT (document_sha256, start, end, field) DO UPDATE"
    " SET value = excluded.value, span_text = excluded.span_text,"
    " created_at = excluded.created_at",
  [STMT_DELETE_CORRECTION] =
    "DELETE FROM corrections"
    " WHERE document_sha256 = ?1 AND start = ?2 AND end = ?3 AND field = ?4",
  [STMT_DELETE_SPAN_CORRECTIONS] =
    "DELETE FROM corrections"
    " WHERE document_sha256 = ?1 AND start = ?2 AND end = ?3 AND field <> ?4",
  [STMT_LIST_CORRECTIONS] =
    "SELECT start, end, field, value, span_text FROM corrections"
    " WHERE document_sha256 = ?1 ORDER BY start, end, field DESC",
  [STMT_MOVE_CORRECTIONS] =
    "UPDATE OR IGNORE corrections SET start = ?4, end = ?5"
    " WHERE document_sha256 = ?1 AND start = ?2 AND end = ?3",
  [STMT_FIND_METRIC_AT] =
    "SELECT id FROM metrics WHERE document_id = ?1 AND start = ?2 AND end = ?3"
    " ORDER BY user_added, id LIMIT 1",
  /* The article holding an offset, else the first one. */
  [STMT_FIND_ARTICLE_AT] =
    "SELECT id FROM articles WHERE document_id = ?1"
    " ORDER BY start > ?2, abs (start - ?2) LIMIT 1",
  [STMT_ARTICLE_SLICE] =
    "SELECT a.document_id, d.sha256, substr (d.text, ?2 + 1, ?3 - ?2),"
    " length (d.text)"
    " FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?1",
  [STMT_NEXT_METRIC_ORDINAL] =
    "SELECT coalesce (max (ordinal), -1) + 1 FROM metrics WHERE article_id = ?1",
  [STMT_LIST_DOCUMENTS] = "SELECT id FROM documents ORDER BY id",
  [STMT_LIST_OUTDATED] =
    "SELECT id FROM documents WHERE extractor_version < ?1 ORDER BY id",
  /* Each count from an index: metrics_not_metric holds only the few
   * marked "not a metric", documents_text_bytes the sizes. */
  [STMT_STATS] =
    "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),"
    " (SELECT count(*) FROM metrics)"
    " - (SELECT count(*) FROM metrics WHERE not_metric <> 0),"
    " (SELECT count(*) FROM corrections),"
    " (SELECT coalesce (sum (text_bytes), 0) FROM documents),"
    " (SELECT count(*) FROM fts_pending)",
  [STMT_LIST_SUBJECTS] =
    "SELECT subject, count(*) AS n FROM metrics"
    " WHERE not_metric = 0 AND subject IS NOT NULL AND subject <> ''"
    " GROUP BY subject ORDER BY n DESC, subject LIMIT ?1",
  /* Changes by other connections; see ensure_table(). */
  [STMT_DATA_VERSION] = "PRAGMA data_version",
  [STMT_TABLE_DOCUMENTS] = "SELECT id, name, imported_at FROM documents ORDER BY id",
  [STMT_TABLE_METRICS] = "SELECT " TABLE_COLUMNS " FROM metrics ORDER BY id",
  [STMT_TABLE_METRIC] = "SELECT " TABLE_COLUMNS " FROM metrics WHERE id = ?1",
};

/* Filtered queries are composed from fixed fragments; the few shapes in
 * use are kept prepared, keyed by their text. */
#define MAX_DYNAMIC_STMTS 64

G_DEFINE_FINAL_TYPE (TzStore, tz_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (tz-store-error-quark, tz_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_SCHEMA_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
close_connection (TzStore *self)
{
  g_clear_pointer (&self->table, tz_metric_table_free);
  _tz_store_drop_text_cache (self);
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_hash_table_remove_all (self->dynamic_stmts);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }
}

static void
tz_store_dispose (GObject *object)
{
  TzStore *self = (TzStore *)object;

  if (self->db != NULL && self->thread == g_thread_self ())
    tz_store_save_cache (self, TRUE);
  close_connection (self);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tz_store_parent_class)->dispose (object);
}

static void
tz_store_finalize (GObject *object)
{
  TzStore *self = (TzStore *)object;

  g_clear_pointer (&self->dynamic_stmts, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_path, g_free);
  g_clear_pointer (&self->cache_path, g_free);

  G_OBJECT_CLASS (tz_store_parent_class)->finalize (object);
}

static void
tz_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TzStore *self = TZ_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    case PROP_SCHEMA_VERSION:
      g_value_set_int (value, self->schema_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_store_class_init (TzStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tz_store_dispose;
  object_class->finalize = tz_store_finalize;

  /* SQLite's memory statistics take a global mutex on every allocation,
   * shared by the import's writer and the UI's reader; nothing reads them.
   * Only possible before SQLite starts, which nothing else here does. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
  object_class->get_property = tz_store_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE, ro);
  properties[PROP_SCHEMA_VERSION] =
    g_param_spec_int ("schema-version", NULL, NULL, 0, G_MAXINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_store_init (TzStore *self)
{
  self->fail_after = -1;
  self->dynamic_stmts = g_hash_table_new_full (g_str_hash, g_str_equal,
                                               g_free, finalize_stmt);
}

/* ------------------------------------------------------------------------
 * Errors
 * --------------------------------------------------------------------- */

gboolean
_tz_store_set_sqlite_error (TzStore  *self,
                            GError  **error,
                            int       rc)
{
  const char *file = self->display_path;

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_BUSY,
                   _("The ledger “%s” is locked by another program. Close other "
                     "copies of Taizhang or programs using it, then try again."),
                   file);
      break;

    case SQLITE_FULL:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FULL,
                   _("The disk holding the ledger “%s” is full, so nothing was "
                     "saved. Free some space, then try again."),
                   file);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY,
                   _("The ledger “%s” cannot be written. Check that you may "
                     "write to the file and its folder, or open it read-only."),
                   file);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT,
                   _("The ledger “%s” is damaged or is not a Taizhang ledger. It "
                     "was left as it is; restore it from a backup or choose "
                     "another file."),
                   file);
      break;

    case SQLITE_INTERRUPT:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The operation was cancelled"));
      break;

    default:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("Could not use the ledger “%s” (%s). Try again; if this "
                     "keeps happening, restore the file from a backup."),
                   file,
                   self->db != NULL && sqlite3_extended_errcode (self->db) == rc
                     ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      break;
    }

  return FALSE;
}

gboolean
_tz_store_set_read_only_error (TzStore  *self,
                               GError  **error)
{
  g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY,
               _("The ledger “%s” is open read-only, so changes cannot be saved. "
                 "Open it again with write access to change it."),
               self->display_path);
  return FALSE;
}

/* ------------------------------------------------------------------------
 * Statement helpers
 * --------------------------------------------------------------------- */

static int
progress_cb (gpointer user_data)
{
  TzStore *self = user_data;

  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

/* Every statement of the store steps through here, so the tests can make
 * any one of them fail. */
int
_tz_store_step (TzStore      *self,
                sqlite3_stmt *stmt)
{
  if (self->fail_after == 0)
    {
      self->fail_after = -1;
      return SQLITE_IOERR;
    }
  if (self->fail_after > 0)
    self->fail_after--;

  /* Statements short enough to never reach the progress handler still
   * notice a cancellation, before they start. */
  if (progress_cb (self))
    return SQLITE_INTERRUPT;

  return sqlite3_step (stmt);
}

static sqlite3_stmt *
prepare (TzStore     *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  return stmt;
}

CachedStmt *
_tz_store_get_stmt (TzStore     *self,
                    StmtId       id,
                    GError     **error)
{
  if (self->stmts[id] == NULL)
    self->stmts[id] = prepare (self, stmt_sql[id], error);

  return self->stmts[id];
}

CachedStmt *
_tz_store_get_dynamic_stmt (TzStore     *self,
                            const char  *sql,
                            GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->dynamic_stmts, sql);

  if (stmt != NULL)
    return stmt;

  stmt = prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  /* Only runaway combinations could fill it; starting over is fine. */
  if (g_hash_table_size (self->dynamic_stmts) >= MAX_DYNAMIC_STMTS)
    g_hash_table_remove_all (self->dynamic_stmts);
  g_hash_table_insert (self->dynamic_stmts, g_strdup (sql), stmt);

  return stmt;
}

/* Runs a statement that returns no rows (or whose rows do not matter). */
gboolean
_tz_store_run (TzStore      *self,
               sqlite3_stmt *stmt,
               GError      **error)
{
  int rc;

  while ((rc = _tz_store_step (self, stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

/* Runs statement @which with @value as its one parameter (an id, most
 * often). */
gboolean
_tz_store_run_with (TzStore  *self,
                    StmtId    which,
                    gint64    value,
                    GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, which, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return _tz_store_run (self, stmt, error);
}

/* Steps to the first row: TRUE with *found set, or FALSE on error. */
gboolean
_tz_store_first_row (TzStore      *self,
                     sqlite3_stmt *stmt,
                     gboolean     *found,
                     GError      **error)
{
  int rc = _tz_store_step (self, stmt);

  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

void
_tz_store_bind_text (sqlite3_stmt *stmt,
                     int           index,
                     const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

/* For strings that outlive the statement's use: its release (reset, bindings
 * cleared) comes before they are freed. No copy, as an import binds
 * millions. */
void
_tz_store_bind_static_text (sqlite3_stmt *stmt,
                            int           index,
                            const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

void
_tz_store_bind_year (sqlite3_stmt *stmt,
                     int           index,
                     int           year)
{
  if (year > 0)
    sqlite3_bind_int (stmt, index, year);
  else
    sqlite3_bind_null (stmt, index);
}

const char *
_tz_store_column_text (sqlite3_stmt *stmt,
                       int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

gboolean
_tz_store_begin (TzStore  *self,
                 GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  if (self->read_only)
    return _tz_store_set_read_only_error (self, error);

  /* SQLite rolled the batch back: a savepoint now would start a
   * transaction of its own, and the batch must fail as a whole. */
  if (self->in_batch && sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("The ledger “%s” rolled back a batch of changes"), self->display_path);
      return FALSE;
    }

  stmt = _tz_store_get_stmt (self, self->in_batch ? STMT_SAVEPOINT : STMT_BEGIN, error);
  if (stmt == NULL || !_tz_store_run (self, stmt, error))
    return FALSE;

  if (!self->in_batch)
    self->txn_changes = self->txn_followed = 0;
  self->txn_changes++;
  return TRUE;
}

/* The table no longer follows this connection's changes, and is read
 * again when next needed. */
void
_tz_store_table_stop_following (TzStore *self)
{
  self->table_follows = FALSE;
  g_clear_pointer (&self->table, tz_metric_table_free);
}

/* The table to take in the rows of the change under way: one that
 * follows, and was current when the transaction began. */
TzMetricTable *
_tz_store_table_following (TzStore *self)
{
  return self->table_follows && self->table_commits == self->n_commits ? self->table : NULL;
}

/* A transaction whose every change the table took in leaves it current. */
static void
table_after_commit (TzStore *self)
{
  int version;

  if (self->table == NULL || !self->table_follows || self->txn_changes == 0 ||
      self->txn_followed != self->txn_changes || self->table_commits + 1 != self->n_commits)
    return;
  /* Another connection wrote meanwhile: no use following any more. */
  if (!_tz_store_read_data_version (self, &version, NULL) || version != self->table_data_version)
    {
      _tz_store_table_stop_following (self);
      return;
    }

  self->table_commits = self->n_commits;
  self->cache_pending = TRUE;
}

gboolean
_tz_store_commit (TzStore  *self,
                  GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  /* Every change raises the generation with it (a cache of the metrics
   * in memory is only good for the generation it was made from). */
  if (!self->in_batch && self->schema_version >= SCHEMA_GENERATION)
    {
      g_autoptr(CachedStmt) bump = _tz_store_get_stmt (self, STMT_BUMP_GENERATION, error);

      if (bump == NULL || !_tz_store_run (self, bump, error))
        return FALSE;
    }

  stmt = _tz_store_get_stmt (self, self->in_batch ? STMT_RELEASE : STMT_COMMIT, error);
  if (stmt == NULL || !_tz_store_run (self, stmt, error))
    return FALSE;

  if (!self->in_batch)
    {
      self->n_commits++;
      table_after_commit (self);
    }
  return TRUE;
}

/* SQLite may already have rolled back (SQLITE_FULL, interrupts): in a
 * batch, that took the whole batch with it, which
 * tz_store_commit_batch() then reports. */
void
_tz_store_rollback (TzStore *self)
{
  int saved = self->fail_after;
  gboolean ok = TRUE;

  if (sqlite3_get_autocommit (self->db))
    return;

  self->fail_after = -1;
  if (self->in_batch)
    {
      g_autoptr(CachedStmt) back = _tz_store_get_stmt (self, STMT_ROLLBACK_TO, NULL);
      g_autoptr(CachedStmt) release = NULL;

      ok = back != NULL && sqlite3_step (back) == SQLITE_DONE;
      g_clear_pointer (&back, release_stmt);
      release = _tz_store_get_stmt (self, STMT_RELEASE, NULL);
      ok = ok && release != NULL && sqlite3_step (release) == SQLITE_DONE;
    }
  else
    {
      g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_ROLLBACK, NULL);

      ok = stmt != NULL && sqlite3_step (stmt) == SQLITE_DONE;
    }
  if (!ok)
    g_warning ("Could not roll back a transaction on %s: %s",
               self->display_path, sqlite3_errmsg (self->db));
  self->fail_after = saved;
}

/* ------------------------------------------------------------------------
 * Regions
 * --------------------------------------------------------------------- */

/* Province and prefecture of a code, so that a filter at any level is an
 * indexed equality. NULL where the division has none (national figures,
 * districts of municipalities) or the code is unknown. */
void
_tz_store_derive_codes (const char  *code,
                        const char **province,
                        const char **prefecture)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id = code != NULL ? tz_gazetteer_lookup_code (gazetteer, code) : TZ_DIVISION_NONE;
  guint p = tz_gazetteer_get_ancestor_at_level (gazetteer, id, TZ_REGION_LEVEL_PROVINCE);
  guint f = tz_gazetteer_get_ancestor_at_level (gazetteer, id, TZ_REGION_LEVEL_PREFECTURE);

  *province = p != TZ_DIVISION_NONE ? tz_gazetteer_get_code (gazetteer, p) : NULL;
  *prefecture = f != TZ_DIVISION_NONE ? tz_gazetteer_get_code (gazetteer, f) : NULL;
}

TzRegionLevel
_tz_store_level_of_code (const char *code)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id = tz_gazetteer_lookup_code (gazetteer, code);

  if (id != TZ_DIVISION_NONE)
    return tz_gazetteer_get_level (gazetteer, id);

  /* Unknown codes still say their level by their zeros. */
  if (g_str_equal (code, "000000"))
    return TZ_REGION_LEVEL_NATION;
  if (strlen (code) == 6 && g_str_has_suffix (code, "0000"))
    return TZ_REGION_LEVEL_PROVINCE;
  if (strlen (code) == 6 && g_str_has_suffix (code, "00"))
    return TZ_REGION_LEVEL_PREFECTURE;
  return TZ_REGION_LEVEL_COUNTY;
}

TzRegion *
_tz_store_region_for_code (GHashTable *cache,
                           const char *code)
{
  TzGazetteer *gazetteer;
  TzRegion *region;

  if (code == NULL)
    return NULL;

  region = g_hash_table_lookup (cache, code);
  if (region != NULL)
    return region;

  gazetteer = tz_gazetteer_get_default ();
  region = tz_gazetteer_create_region (gazetteer, tz_gazetteer_lookup_code (gazetteer, code));
  if (region == NULL)
    return NULL;

  g_hash_table_insert (cache, g_strdup (code), region);
  return region;
}

const char *
_tz_store_region_code (TzRegion *region)
{
  return region != NULL ? tz_region_get_code (region) : NULL;
}

/* ------------------------------------------------------------------------
 * Opening
 * --------------------------------------------------------------------- */

/**
 * tz_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/taizhang/ledger.db`
 */
char *
tz_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "taizhang", "ledger.db", NULL);
}

gboolean
_tz_store_exec_script (TzStore     *self,
                       const char  *sql,
                       GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

/* Reads one integer (a pragma, a count). */
static gboolean
read_int (TzStore     *self,
          const char  *sql,
          int         *value,
          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    return _tz_store_set_sqlite_error (self, error, rc);

  return TRUE;
}

/* Reading every page to check it takes seconds once a ledger holds
 * thousands of reports, and this runs at every start. Bigger ledgers have
 * their schema and the user's corrections checked; damage elsewhere is
 * reported when the damaged page is read (SQLITE_CORRUPT). */
#define FULL_CHECK_MAX_BYTES (32 * 1024 * 1024)

static gboolean
check_integrity (TzStore  *self,
                 int       version,
                 GError  **error)
{
  static const char * const whole[] = { "PRAGMA quick_check", NULL };
  static const char * const parts[] = {
    "PRAGMA quick_check (sqlite_schema)",
    "PRAGMA quick_check (corrections)",
    NULL
  };
  const char * const *checks = whole;
  GStatBuf st;

  if (version >= 1 && g_stat (self->path, &st) == 0 && st.st_size > FULL_CHECK_MAX_BYTES)
    checks = parts;

  for (guint i = 0; checks[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean ok = FALSE;
      int rc;

      rc = sqlite3_prepare_v2 (self->db, checks[i], -1, &stmt, NULL);
      if (rc == SQLITE_OK)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            ok = g_strcmp0 (_tz_store_column_text (stmt, 0), "ok") == 0;
        }
      sqlite3_finalize (stmt);

      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return _tz_store_set_sqlite_error (self, error, rc);
      if (!ok)
        return _tz_store_set_sqlite_error (self, error, SQLITE_CORRUPT);
    }

  return TRUE;
}

/* Schema 5 drops the trigram index: a hundred megabytes of pages for a
 * big ledger, which SQLite built with secure_delete (as Debian's is)
 * would zero one by one through the WAL. What they hold is the text the
 * ledger keeps anyway. */
static gboolean
set_secure_delete (TzStore  *self,
                   int       mode,      /* 0 off, 1 on, 2 fast, as read */
                   int      *old_mode,
                   GError  **error)
{
  if (old_mode != NULL && !read_int (self, "PRAGMA secure_delete", old_mode, error))
    return FALSE;
  switch (mode)
    {
    case 0:
      return _tz_store_exec_script (self, "PRAGMA secure_delete = 0", error);
    case 2:
      return _tz_store_exec_script (self, "PRAGMA secure_delete = FAST", error);
    default:
      return _tz_store_exec_script (self, "PRAGMA secure_delete = 1", error);
    }
}

static gboolean
migrate (TzStore  *self,
         GError  **error)
{
  int secure_delete = 1;

  if (self->schema_version < SCHEMA_BIGRAMS &&
      !set_secure_delete (self, 0, &secure_delete, error))
    return FALSE;

  for (int version = self->schema_version; version < SCHEMA_VERSION; version++)
    {
      int current = 0;

      if (!_tz_store_begin (self, error))
        return FALSE;

      /* Another copy may have migrated it while we waited for the lock. */
      if (!read_int (self, "PRAGMA user_version", &current, error))
        goto failed;
      if (current > version)
        {
          version = current - 1;
          if (!_tz_store_commit (self, error))
            goto failed;
          continue;
        }

      if (!_tz_store_exec_script (self, migrations[version], error))
        goto failed;
      if (!read_int (self, "PRAGMA user_version", &current, error))
        goto failed;
      g_assert (current == version + 1);
      if (!_tz_store_commit (self, error))
        goto failed;

      g_debug ("Migrated %s to schema %d", self->display_path, version + 1);
      continue;

    failed:
      _tz_store_rollback (self);
      set_secure_delete (self, secure_delete, NULL, NULL);
      return FALSE;
    }

  self->schema_version = SCHEMA_VERSION;
  return set_secure_delete (self, secure_delete, NULL, error);
}

/* Where the metrics of the ledger at @path are kept between runs: one
 * file per ledger in the user's cache, named by the ledger's path. */
static char *
cache_path_for (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *sum = tz_sha256_for_data ((const guint8 *)absolute, strlen (absolute));
  g_autofree char *name = g_strdup_printf ("metrics-%.32s.cache", sum);

  return g_build_filename (g_get_user_cache_dir (), "taizhang", name, NULL);
}

static gboolean
open_connection (TzStore     *self,
                 gboolean     read_only,
                 gboolean     immutable,
                 GError     **error)
{
  g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);
  g_autofree char *uri = NULL;
  int flags = SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX;
  int rc;

  uri = g_filename_to_uri (absolute, NULL, error);
  if (uri == NULL)
    return FALSE;
  if (immutable)
    {
      char *with = g_strconcat (uri, "?immutable=1", NULL);

      g_free (uri);
      uri = with;
    }

  flags |= read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  rc = sqlite3_open_v2 (uri, &self->db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("The ledger “%s” cannot be opened (%s). Check that the file "
                     "exists and that you may read it."),
                   self->display_path, sqlite3_errstr (rc));
      close_connection (self);
      return FALSE;
    }

  /* Extended codes tell a -shm that cannot be made from other refusals. */
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_progress_handler (self->db, 1000, progress_cb, self);
  sqlite3_create_function_v2 (self->db, "tz_text_has", 4, SQLITE_UTF8, self,
                              _tz_store_text_has_func, NULL, NULL, NULL);
  rc = tz_fts_tokenizer_register (self->db);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("The ledger “%s” cannot be opened: this SQLite has no "
                     "full-text search (%s)."),
                   self->display_path, sqlite3_errstr (rc));
      close_connection (self);
      return FALSE;
    }

  return TRUE;
}

/* Reads the schema version, which also tells a ledger from any other file. */
static int
read_schema_version (TzStore *self,
                     int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (rc != SQLITE_ROW)
    return rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static gboolean
check_writable (TzStore  *self,
                gboolean  exists,
                GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  const char *what = NULL;
  int saved_errno = 0;

  if (!exists && g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      what = dir;
    }
  else if (exists && g_access (self->path, W_OK) != 0)
    {
      saved_errno = errno;
      what = self->path;
    }
  else if (g_access (dir, W_OK) != 0)
    {
      /* WAL mode writes its -wal and -shm files next to the ledger. */
      saved_errno = errno;
      what = dir;
    }

  if (what != NULL)
    {
      g_autofree char *display = g_filename_display_name (what);

      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY,
                   _("The ledger “%s” cannot be written: “%s”: %s. Check the "
                     "permissions of the file and its folder, or open the ledger "
                     "read-only."),
                   self->display_path, display, g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * tz_store_open:
 * @path: (nullable): the ledger file, or %NULL for tz_store_default_path()
 * @flags: %TZ_STORE_OPEN_READ_ONLY to open without writing
 *
 * Opens a ledger, creating it (and its folder, 0700) when missing, and
 * brings its schema up to date. Files that are not ledgers, are damaged or
 * come from a newer Taizhang are refused and left untouched. A ledger that
 * cannot be written is refused with %TZ_STORE_ERROR_READ_ONLY unless
 * @flags asks for read-only access.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
TzStore *
tz_store_open (const char        *path,
               TzStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(TzStore) self = NULL;
  g_autofree char *default_path = NULL;
  gboolean read_only = (flags & TZ_STORE_OPEN_READ_ONLY) != 0;
  gboolean exists;
  int version = 0;
  int rc;

  if (path == NULL)
    path = default_path = tz_store_default_path ();

  self = g_object_new (TZ_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->display_path = g_filename_display_name (path);
  self->cache_path = cache_path_for (path);
  self->thread = g_thread_self ();
  self->read_only = read_only;

  exists = g_file_test (path, G_FILE_TEST_EXISTS);
  if (exists && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT,
                   _("“%s” is not a ledger file (it is a folder or a device). "
                     "Choose another file."),
                   self->display_path);
      return NULL;
    }
  if (read_only && !exists)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("There is no ledger at “%s”. Check the file name, or open "
                     "it with write access to create it."),
                   self->display_path);
      return NULL;
    }
  if (!read_only && !check_writable (self, exists, error))
    return NULL;

  if (!open_connection (self, read_only, FALSE, error))
    return NULL;

  rc = read_schema_version (self, &version);
  if (read_only && ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY))
    {
      /* A WAL ledger in a folder we cannot write: its -shm file cannot be
       * made (SQLITE_READONLY_CANTINIT), so read it as a file nobody
       * changes. */
      close_connection (self);
      if (!open_connection (self, read_only, TRUE, error))
        return NULL;
      rc = read_schema_version (self, &version);
    }
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_CANTOPEN)
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                     _("The ledger “%s” cannot be read (%s). Check that you may "
                       "read the file and its folder."),
                     self->display_path, sqlite3_errstr (rc));
      else
        _tz_store_set_sqlite_error (self, error, rc);
      return NULL;
    }

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA,
                   _("The ledger “%s” was written by a newer version of Taizhang "
                     "(format %d; this version knows up to %d). It was left as it "
                     "is; update Taizhang to open it."),
                   self->display_path, version, SCHEMA_VERSION);
      return NULL;
    }

  if (!check_integrity (self, version, error))
    return NULL;

  if (!read_only)
    {
      int is_wal = 0;

      if (!read_int (self, "SELECT journal_mode = 'wal' FROM pragma_journal_mode", &is_wal, error))
        return NULL;
      if (!is_wal && !_tz_store_exec_script (self, "PRAGMA journal_mode = WAL", error))
        return NULL;
      if (!_tz_store_exec_script (self, "PRAGMA synchronous = NORMAL", error))
        return NULL;
    }
  if (!_tz_store_exec_script (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  self->schema_version = version;
  if (version < SCHEMA_VERSION)
    {
      /* Schema 4 only adds what the metrics cache is keyed by, and 5
       * changes how the full-text index is made: a reader of schema 3
       * does without the cache, and searches an older index as it was
       * made. */
      if (read_only && version >= SCHEMA_READABLE)
        return g_steal_pointer (&self);
      if (read_only)
        {
          g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY,
                       _("The ledger “%s” is in an older format and must be "
                         "updated, which needs write access. Open it once with "
                         "write access."),
                       self->display_path);
          return NULL;
        }
      if (!migrate (self, error))
        return NULL;
    }

  /* An import that stopped half-way (a crash, a kill) may have left
   * documents without their full-text rows; a new index (schema 5) leaves
   * them all. A few are written now; a whole ledger would keep the window
   * waiting for seconds, so TzLedger writes the rest while idle, and an
   * import at its end. */
  if (!read_only && !tz_store_index_pending (self, OPEN_INDEX_LIMIT, NULL, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
tz_store_get_path (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  return self->path;
}

gboolean
tz_store_is_read_only (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), TRUE);
  return self->read_only;
}

int
tz_store_get_schema_version (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  return self->schema_version;
}

void
tz_store_set_cancellable (TzStore      *self,
                          GCancellable *cancellable)
{
  g_return_if_fail (TZ_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  CHECK_THREAD (self);

  g_set_object (&self->cancellable, cancellable);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return (guint64) st.st_size;
}

gboolean
tz_store_get_stats (TzStore       *self,
                    TzStoreStats  *stats,
                    GError       **error)
{
  g_autoptr(CachedStmt) stmt = NULL;
  g_autofree char *wal = NULL;
  gboolean found;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);
  CHECK_THREAD (self);

  memset (stats, 0, sizeof *stats);

  stmt = _tz_store_get_stmt (self, STMT_STATS, error);
  if (stmt == NULL || !_tz_store_first_row (self, stmt, &found, error))
    return FALSE;

  stats->n_documents = sqlite3_column_int64 (stmt, 0);
  stats->n_articles = sqlite3_column_int64 (stmt, 1);
  stats->n_metrics = sqlite3_column_int64 (stmt, 2);
  stats->n_corrections = sqlite3_column_int64 (stmt, 3);
  stats->text_bytes = sqlite3_column_int64 (stmt, 4);
  stats->n_unindexed = sqlite3_column_int64 (stmt, 5);
  stats->schema_version = self->schema_version;

  wal = g_strconcat (self->path, "-wal", NULL);
  stats->file_bytes = file_size (self->path) + file_size (wal);

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Test hooks
 * --------------------------------------------------------------------- */

void
tz_store_set_fail_after_statements (TzStore *self,
                                    int      n)
{
  g_return_if_fail (TZ_IS_STORE (self));
  self->fail_after = n;
}

void
tz_store_set_busy_timeout (TzStore *self,
                           guint    milliseconds)
{
  g_return_if_fail (TZ_IS_STORE (self));
  sqlite3_busy_timeout (self->db, (int) milliseconds);
}

void
tz_store_set_metric_table (TzStore  *self,
                           gboolean  enabled)
{
  g_return_if_fail (TZ_IS_STORE (self));
  self->no_table = !enabled;
}

void
tz_store_set_yield_func (TzStore          *self,
                         guint             rows,
                         TzStoreYieldFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (TZ_IS_STORE (self));
  g_return_if_fail (rows > 0 || func == NULL);
  self->yield_rows = rows;
  self->yield_func = func;
  self->yield_data = user_data;
}

const char *
tz_store_get_cache_path (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  return self->cache_path;
}

guint
tz_store_get_n_table_loads (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  return self->n_table_loads;
}

guint
tz_store_get_n_text_reads (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  return self->n_text_reads;
}

GThread *
tz_store_get_owner_thread (TzStore *self)
{
  g_return_val_if_fail (TZ_IS_STORE (self), NULL);
  return self->thread;
}

guint
tz_store_get_n_migrations (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
tz_store_get_migration (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (migrations), NULL);
  return migrations[index];
}
