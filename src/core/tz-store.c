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
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "tz-article.h"
#include "tz-article-private.h"
#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-gazetteer.h"
#include "tz-metric.h"
#include "tz-metric-scanner.h"
#include "tz-metric-table.h"
#include "tz-region.h"
#include "tz-sha256.h"
#include "tz-store.h"
#include "tz-store-private.h"
#include "tz-text-private.h"

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

  /* 3 → 4: a number every change to the ledger raises (see commit()), so
   * that a cache of the metrics in memory knows it is still the ledger's.
   * Taizhang before schema 4 never opens the ledger again to change it
   * behind the number's back. */
  "CREATE TABLE ledger_state ("
  "  id         INTEGER PRIMARY KEY CHECK (id = 1),"
  "  generation INTEGER NOT NULL,"
  "  ledger_id  INTEGER NOT NULL"       /* random: this ledger, not another */
  ");"                                  /* one at the same path */
  "INSERT INTO ledger_state (id, generation, ledger_id) VALUES (1, 0, random ());"
  "PRAGMA user_version = 4;",
};

/* The first schema with ledger_state. */
#define SCHEMA_GENERATION 4

/* The oldest schema this version reads without updating it first. */
#define SCHEMA_READABLE 3

#define SCHEMA_VERSION ((int) G_N_ELEMENTS (migrations))

/* Corrections that are not a TzField, kept in the same table. */
enum {
  CORRECTION_NOT_METRIC  = 100, /* "true" */
  CORRECTION_USER_METRIC = 101, /* the whole record, as JSON */
};

#define BUSY_TIMEOUT_MS 5000

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

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_SAVEPOINT,
  STMT_RELEASE,
  STMT_BUMP_GENERATION,
  STMT_GENERATION,
  STMT_MAX_METRIC_ID,
  STMT_LAST_METRIC_ID,
  STMT_ROLLBACK_TO,
  STMT_FIND_DOCUMENT,
  STMT_INSERT_DOCUMENT,
  STMT_INSERT_ARTICLE,
  STMT_INSERT_METRIC,
  STMT_INDEX_ARTICLES,
  STMT_UNINDEX_ARTICLES,
  STMT_MARK_PENDING,
  STMT_HAS_PENDING,
  STMT_UNMARK_PENDING,
  STMT_INDEX_PENDING,
  STMT_DELETE_PENDING,
  STMT_DELETE_DOCUMENT,
  STMT_DELETE_ARTICLES,
  STMT_UPDATE_DOCUMENT_TEXT,
  STMT_DOCUMENT_SHA,
  STMT_DOCUMENT_TEXT,
  STMT_LOAD_DOCUMENT,
  STMT_LOAD_DOCUMENT_ARTICLES,
  STMT_LOAD_DOCUMENT_ROW,
  STMT_LOAD_ARTICLE,
  STMT_LOAD_ARTICLE_METRICS,
  STMT_LOAD_METRIC,
  STMT_METRIC_INFO,
  STMT_METRIC_FIELDS,
  STMT_UPDATE_METRIC_FIELDS,
  STMT_SET_NOT_METRIC,
  STMT_KEEP_EXTRACTED,
  STMT_UPSERT_CORRECTION,
  STMT_DELETE_CORRECTION,
  STMT_DELETE_SPAN_CORRECTIONS,
  STMT_LIST_CORRECTIONS,
  STMT_MOVE_CORRECTIONS,
  STMT_FIND_METRIC_AT,
  STMT_FIND_ARTICLE_AT,
  STMT_ARTICLE_SLICE,
  STMT_NEXT_METRIC_ORDINAL,
  STMT_LIST_DOCUMENTS,
  STMT_LIST_OUTDATED,
  STMT_STATS,
  STMT_LIST_SUBJECTS,
  STMT_DATA_VERSION,
  STMT_TABLE_DOCUMENTS,
  STMT_TABLE_METRICS,
  STMT_TABLE_METRIC,
  N_STMTS
} StmtId;

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
  /* The page comes from the document's page starts, so that figures the
   * user adds get theirs too. */
  [STMT_INSERT_METRIC] =
    "INSERT INTO metrics (document_id, article_id, ordinal, text, start, end,"
    " value, value_num, unit, category, approx, subject, region_code,"
    " province_code, prefecture_code, year, year_source, target, sentence,"
    " corrected, user_added, extracted, sentence_start, sentence_end, page)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
    " ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
    " CASE WHEN ?26 THEN ?25 ELSE"
    " (SELECT nullif (count(*), 0) FROM documents d, json_each (d.pages) p"
    "  WHERE d.id = ?1 AND p.value <= ?5) END)",
  [STMT_INDEX_ARTICLES] =
    "INSERT INTO article_fts (rowid, title, body)"
    " SELECT id, title, body FROM article_text WHERE document_id = ?1",
  /* External-content FTS5 forgets a row only when given what it indexed,
   * so this runs while the document text is still there, and never for a
   * document whose rows were not written yet. */
  [STMT_UNINDEX_ARTICLES] =
    "INSERT INTO article_fts (article_fts, rowid, title, body)"
    " SELECT 'delete', id, title, body FROM article_text WHERE document_id = ?1"
    " AND NOT EXISTS (SELECT 1 FROM fts_pending WHERE document_id = ?1)",
  [STMT_MARK_PENDING] = "INSERT OR IGNORE INTO fts_pending (document_id) VALUES (?1)",
  [STMT_HAS_PENDING] = "SELECT EXISTS (SELECT 1 FROM fts_pending)",
  [STMT_UNMARK_PENDING] = "DELETE FROM fts_pending WHERE document_id = ?1",
  /* The oldest @limit pending documents, in one transaction. */
  [STMT_INDEX_PENDING] =
    "INSERT INTO article_fts (rowid, title, body)"
    " SELECT id, title, body FROM article_text WHERE document_id IN"
    " (SELECT document_id FROM fts_pending ORDER BY document_id LIMIT ?1)",
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
    " (SELECT coalesce (sum (text_bytes), 0) FROM documents)",
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

struct _TzStore
{
  GObject        parent_instance;

  char          *path;
  char          *display_path;
  sqlite3       *db;
  GThread       *thread;
  GCancellable  *cancellable;
  sqlite3_stmt  *stmts[N_STMTS];
  GHashTable    *dynamic_stmts;
  int            schema_version;
  int            fail_after;
  /* The metrics in memory for lists and charts, and what the ledger was
   * when they were read: commits here and PRAGMA data_version for
   * commits by other connections. */
  TzMetricTable *table;
  guint64        n_commits;
  guint64        table_commits;
  guint          n_table_loads;
  char          *cache_path;     /* the metrics in memory, between runs */
  /* The table has news for the cache: kept at the next chance, or only
   * at close (after corrections, which come in bursts). */
  guint          cache_pending : 1;
  guint          cache_pending_at_close : 1;
  TzStoreYieldFunc yield_func;
  gpointer       yield_data;
  guint          yield_rows;
  int            table_data_version;
  guint          read_only : 1;
  guint          no_table : 1;
  guint          loading_table : 1;
  guint          defer_indexing : 1;
  /* Inside tz_store_begin_batch(): each change is a savepoint. */
  guint          in_batch : 1;
  /* tz_store_follow_imports(): the documents this connection adds go
   * into the table as they are written; it is sealed again before it
   * answers. A commit keeps the table current when every change of its
   * transaction was taken in (or touched no metric). */
  guint          table_follows : 1;
  guint          table_unsealed : 1;
  guint          txn_changes;
  guint          txn_followed;
};

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

/* One store, one thread: SQLite connections and our statement cache are
 * not shared. */
#define CHECK_THREAD(self) g_assert ((self)->thread == g_thread_self ())

/* Borrowed statements are reset, not finalized, when they go out of scope. */
typedef sqlite3_stmt CachedStmt;

static void
release_stmt (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, release_stmt)

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
close_connection (TzStore *self)
{
  g_clear_pointer (&self->table, tz_metric_table_free);
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

static gboolean
set_sqlite_error (TzStore  *self,
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

static gboolean
set_read_only_error (TzStore  *self,
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
static int
step (TzStore      *self,
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
      set_sqlite_error (self, error, rc);
      return NULL;
    }

  return stmt;
}

static CachedStmt *
get_stmt (TzStore     *self,
          StmtId       id,
          GError     **error)
{
  if (self->stmts[id] == NULL)
    self->stmts[id] = prepare (self, stmt_sql[id], error);

  return self->stmts[id];
}

static CachedStmt *
get_dynamic_stmt (TzStore     *self,
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
static gboolean
run (TzStore      *self,
     sqlite3_stmt *stmt,
     GError      **error)
{
  int rc;

  while ((rc = step (self, stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, rc);

  return TRUE;
}

/* Runs statement @which with @value as its one parameter (an id, most
 * often). */
static gboolean
run_with (TzStore  *self,
          StmtId    which,
          gint64    value,
          GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, which, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return run (self, stmt, error);
}

/* Steps to the first row: TRUE with *found set, or FALSE on error. */
static gboolean
first_row (TzStore      *self,
           sqlite3_stmt *stmt,
           gboolean     *found,
           GError      **error)
{
  int rc = step (self, stmt);

  *found = rc == SQLITE_ROW;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, error, rc);

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
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
static void
bind_static_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *value)
{
  if (value == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
}

static void
bind_year (sqlite3_stmt *stmt,
           int           index,
           int           year)
{
  if (year > 0)
    sqlite3_bind_int (stmt, index, year);
  else
    sqlite3_bind_null (stmt, index);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
begin (TzStore  *self,
       GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  if (self->read_only)
    return set_read_only_error (self, error);

  /* SQLite rolled the batch back: a savepoint now would start a
   * transaction of its own, and the batch must fail as a whole. */
  if (self->in_batch && sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FAILED,
                   _("The ledger “%s” rolled back a batch of changes"), self->display_path);
      return FALSE;
    }

  stmt = get_stmt (self, self->in_batch ? STMT_SAVEPOINT : STMT_BEGIN, error);
  if (stmt == NULL || !run (self, stmt, error))
    return FALSE;

  if (!self->in_batch)
    self->txn_changes = self->txn_followed = 0;
  self->txn_changes++;
  return TRUE;
}

static gboolean read_data_version (TzStore  *self,
                                   int      *version,
                                   GError  **error);

/* The table no longer follows this connection's changes, and is read
 * again when next needed. */
static void
table_stop_following (TzStore *self)
{
  self->table_follows = FALSE;
  g_clear_pointer (&self->table, tz_metric_table_free);
}

/* The table to take in the rows of the change under way: one that
 * follows, and was current when the transaction began. */
static TzMetricTable *
table_following (TzStore *self)
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
  if (!read_data_version (self, &version, NULL) || version != self->table_data_version)
    {
      table_stop_following (self);
      return;
    }

  self->table_commits = self->n_commits;
  self->cache_pending = TRUE;
}

static gboolean
commit (TzStore  *self,
        GError  **error)
{
  g_autoptr(CachedStmt) stmt = NULL;

  /* Every change raises the generation with it (a cache of the metrics
   * in memory is only good for the generation it was made from). */
  if (!self->in_batch && self->schema_version >= SCHEMA_GENERATION)
    {
      g_autoptr(CachedStmt) bump = get_stmt (self, STMT_BUMP_GENERATION, error);

      if (bump == NULL || !run (self, bump, error))
        return FALSE;
    }

  stmt = get_stmt (self, self->in_batch ? STMT_RELEASE : STMT_COMMIT, error);
  if (stmt == NULL || !run (self, stmt, error))
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
static void
rollback (TzStore *self)
{
  int saved = self->fail_after;
  gboolean ok = TRUE;

  if (sqlite3_get_autocommit (self->db))
    return;

  self->fail_after = -1;
  if (self->in_batch)
    {
      g_autoptr(CachedStmt) back = get_stmt (self, STMT_ROLLBACK_TO, NULL);
      g_autoptr(CachedStmt) release = NULL;

      ok = back != NULL && sqlite3_step (back) == SQLITE_DONE;
      g_clear_pointer (&back, release_stmt);
      release = get_stmt (self, STMT_RELEASE, NULL);
      ok = ok && release != NULL && sqlite3_step (release) == SQLITE_DONE;
    }
  else
    {
      g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_ROLLBACK, NULL);

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
static void
derive_codes (const char  *code,
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

static TzRegionLevel
level_of_code (const char *code)
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

static TzRegion *
region_for_code (GHashTable *cache,
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

static const char *
region_code (TzRegion *region)
{
  return region != NULL ? tz_region_get_code (region) : NULL;
}

/* ------------------------------------------------------------------------
 * Records: the fields of a metric a correction can change
 * --------------------------------------------------------------------- */

typedef struct
{
  TzDecimal     value;
  char         *unit;
  char         *subject;
  char         *region_code;
  TzCategory    category;
  TzApprox      approx;
  int           year;
  TzYearSource  year_source;
  gboolean      target;

  /* Only for user-added figures, whose JSON holds the whole record. */
  char         *text;
  char         *sentence;
  guint         start;
  guint         end;
} Record;

static void
record_clear (Record *record)
{
  g_clear_pointer (&record->unit, g_free);
  g_clear_pointer (&record->subject, g_free);
  g_clear_pointer (&record->region_code, g_free);
  g_clear_pointer (&record->text, g_free);
  g_clear_pointer (&record->sentence, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

static void
record_from_metric (Record   *record,
                    TzMetric *metric)
{
  tz_metric_get_value (metric, &record->value);
  record->unit = g_strdup (tz_metric_get_unit (metric));
  record->subject = g_strdup (tz_metric_get_subject (metric));
  record->region_code = g_strdup (region_code (tz_metric_get_region (metric)));
  record->category = tz_metric_get_category (metric);
  record->approx = tz_metric_get_approx (metric);
  record->year = tz_metric_get_year (metric);
  record->year_source = tz_metric_get_year_source (metric);
  record->target = tz_metric_get_target (metric);
  record->text = g_strdup (tz_metric_get_text (metric));
  record->sentence = g_strdup (tz_metric_get_sentence (metric));
  record->start = tz_metric_get_start (metric);
  record->end = tz_metric_get_end (metric);
}

/* A record borrowing the fields' strings: not to be cleared. */
static void
record_view_fields (Record               *record,
                    const TzMetricFields *fields)
{
  record->value = fields->value;
  record->unit = (char *) fields->unit;
  record->subject = fields->subject;
  record->region_code = (char *) region_code (fields->region);
  record->category = fields->category;
  record->approx = fields->approx;
  record->year = fields->year;
  record->year_source = fields->year_source;
  record->target = fields->target;
  record->text = fields->text;
  record->sentence = fields->sentence;
  record->start = fields->start;
  record->end = fields->end;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
record_to_json (const Record *record,
                gboolean      whole)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *value = tz_decimal_to_string (&record->value);

  json_builder_begin_object (builder);
  add_string_member (builder, "value", value);
  add_string_member (builder, "unit", record->unit);
  add_string_member (builder, "category", tz_category_to_string (record->category));
  add_string_member (builder, "approx", tz_approx_to_string (record->approx));
  add_string_member (builder, "subject", record->subject);
  add_string_member (builder, "region", record->region_code);
  json_builder_set_member_name (builder, "year");
  if (record->year > 0)
    json_builder_add_int_value (builder, record->year);
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "year_source", tz_year_source_to_string (record->year_source));
  json_builder_set_member_name (builder, "target");
  json_builder_add_boolean_value (builder, record->target);
  if (whole)
    {
      add_string_member (builder, "text", record->text);
      add_string_member (builder, "sentence", record->sentence);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, record->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, record->end);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int_member (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;

  return json_node_get_int (node);
}

static gboolean
record_from_json (Record     *record,
                  const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *node;
  TzCategory category = TZ_CATEGORY_ITEMS;
  TzApprox approx = TZ_APPROX_EXACT;
  TzYearSource year_source = TZ_YEAR_SOURCE_NONE;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);

  if (!tz_decimal_parse (get_string_member (object, "value"), &record->value))
    return FALSE;
  record->unit = g_strdup (get_string_member (object, "unit"));
  record->subject = g_strdup (get_string_member (object, "subject"));
  record->region_code = g_strdup (get_string_member (object, "region"));
  tz_category_from_string (get_string_member (object, "category"), &category);
  tz_approx_from_string (get_string_member (object, "approx"), &approx);
  tz_year_source_from_string (get_string_member (object, "year_source"), &year_source);
  record->category = category;
  record->approx = approx;
  record->year_source = year_source;
  record->year = (int) get_int_member (object, "year");
  node = json_object_get_member (object, "target");
  record->target = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
  record->text = g_strdup (get_string_member (object, "text"));
  record->sentence = g_strdup (get_string_member (object, "sentence"));
  record->start = (guint) get_int_member (object, "start");
  record->end = (guint) get_int_member (object, "end");

  return TRUE;
}

/* The category a unit implies, read off the metric scanner itself so the
 * two never disagree; @fallback when the unit is not a known measure word. */
static TzCategory
category_for_unit (const char *unit,
                   TzCategory  fallback)
{
  g_autofree char *probe = g_strconcat ("5", unit, NULL);
  g_autoptr(GArray) figures = g_array_new (FALSE, TRUE, sizeof (TzFigure));
  gsize len = strlen (probe);

  tz_scan_figures (probe, 0, len, figures);
  if (figures->len == 1 && g_array_index (figures, TzFigure, 0).unit_end == len)
    return g_array_index (figures, TzFigure, 0).category;

  return fallback;
}

static gboolean
parse_year (const char *value,
            int        *year)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 1900, 2100, &n, NULL))
    return FALSE;

  *year = (int) n;
  return TRUE;
}

/* Checks a correction's value and returns it in its stored spelling. */
static char *
normalize_correction (TzField      field,
                      const char  *value,
                      GError     **error)
{
  TzDecimal dec;
  TzApprox approx;
  int year;

  if (value == NULL)
    value = "";

  switch (field)
    {
    case TZ_FIELD_VALUE:
      if (tz_decimal_parse (value, &dec))
        return tz_decimal_to_string (&dec);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a number. Write it with digits, such as 1500 or 3.6."),
                   value);
      return NULL;

    case TZ_FIELD_UNIT:
      if (*value != '\0')
        return g_strdup (value);
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("A figure needs a unit, such as 人 or 元."));
      return NULL;

    case TZ_FIELD_APPROX:
      if (tz_approx_from_string (value, &approx))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a qualifier; use exact, more_than, about, "
                     "less_than or at_least."),
                   value);
      return NULL;

    case TZ_FIELD_SUBJECT:
      return g_strdup (value);

    case TZ_FIELD_REGION:
      if (*value == '\0' ||
          tz_gazetteer_lookup_code (tz_gazetteer_get_default (), value) != TZ_DIVISION_NONE)
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a known division code; choose a region from the list."),
                   value);
      return NULL;

    case TZ_FIELD_YEAR:
      if (*value == '\0' || parse_year (value, &year))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a year between 1900 and 2100."), value);
      return NULL;

    case TZ_FIELD_TARGET:
      if (g_str_equal (value, "true") || g_str_equal (value, "false"))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is neither true nor false."), value);
      return NULL;

    default:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("Field %d cannot be corrected."), (int) field);
      return NULL;
    }
}

/* Applies a stored (already normalized) correction to a record. */
static void
record_apply (Record     *record,
              int         field,
              const char *value)
{
  int year = 0;

  switch (field)
    {
    case TZ_FIELD_VALUE:
      tz_decimal_parse (value, &record->value);
      break;

    case TZ_FIELD_UNIT:
      g_free (record->unit);
      record->unit = g_strdup (value);
      record->category = category_for_unit (value, record->category);
      break;

    case TZ_FIELD_APPROX:
      tz_approx_from_string (value, &record->approx);
      break;

    case TZ_FIELD_SUBJECT:
      g_free (record->subject);
      record->subject = *value != '\0' ? g_strdup (value) : NULL;
      break;

    case TZ_FIELD_REGION:
      g_free (record->region_code);
      record->region_code = *value != '\0' ? g_strdup (value) : NULL;
      break;

    case TZ_FIELD_YEAR:
      /* The source says where an extracted year came from; a cleared year
       * has none, a typed one keeps the record's. */
      if (*value != '\0')
        parse_year (value, &year);
      record->year = year;
      if (year == 0)
        record->year_source = TZ_YEAR_SOURCE_NONE;
      break;

    case TZ_FIELD_TARGET:
      record->target = g_str_equal (value, "true");
      break;

    default:
      break;
    }
}

static gboolean
load_record (TzStore  *self,
             gint64    metric_id,
             Record   *record,
             GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_METRIC_FIELDS, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!first_row (self, stmt, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The figure is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return FALSE;
    }

  tz_decimal_parse (column_text (stmt, 0), &record->value);
  record->unit = g_strdup (column_text (stmt, 1));
  record->category = sqlite3_column_int (stmt, 2);
  record->approx = sqlite3_column_int (stmt, 3);
  record->subject = g_strdup (column_text (stmt, 4));
  record->region_code = g_strdup (column_text (stmt, 5));
  record->year = sqlite3_column_int (stmt, 6);
  record->year_source = sqlite3_column_int (stmt, 7);
  record->target = sqlite3_column_int (stmt, 8) != 0;

  return TRUE;
}

/* The first correction of an extracted figure keeps its fields as they
 * were, for tz_store_restore_metric(); later ones leave that copy alone.
 * Untouched figures need no copy: their row is what was extracted. */
static gboolean
keep_extracted (TzStore       *self,
                gint64         metric_id,
                const Record  *current,
                GError       **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_KEEP_EXTRACTED, error);
  g_autofree char *json = NULL;

  if (stmt == NULL)
    return FALSE;

  json = record_to_json (current, FALSE);
  sqlite3_bind_int64 (stmt, 1, metric_id);
  bind_text (stmt, 2, json);
  return run (self, stmt, error);
}

static gboolean
write_record (TzStore       *self,
              gint64         metric_id,
              const Record  *record,
              gboolean       corrected,
              GError       **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_UPDATE_METRIC_FIELDS, error);
  g_autofree char *value = NULL;
  const char *province, *prefecture;

  if (stmt == NULL)
    return FALSE;

  value = tz_decimal_to_string (&record->value);
  derive_codes (record->region_code, &province, &prefecture);

  sqlite3_bind_int64 (stmt, 1, metric_id);
  bind_text (stmt, 2, value);
  sqlite3_bind_double (stmt, 3, tz_decimal_to_double (&record->value));
  bind_text (stmt, 4, record->unit != NULL ? record->unit : "");
  sqlite3_bind_int (stmt, 5, record->category);
  sqlite3_bind_int (stmt, 6, record->approx);
  bind_text (stmt, 7, record->subject);
  bind_text (stmt, 8, record->region_code);
  bind_text (stmt, 9, province);
  bind_text (stmt, 10, prefecture);
  bind_year (stmt, 11, record->year);
  sqlite3_bind_int (stmt, 12, record->year_source);
  sqlite3_bind_int (stmt, 13, record->target);
  sqlite3_bind_int (stmt, 14, corrected);

  return run (self, stmt, error);
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

static gboolean
exec_script (TzStore     *self,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (self, error, rc);

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
    return set_sqlite_error (self, error, rc);

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
            ok = g_strcmp0 (column_text (stmt, 0), "ok") == 0;
        }
      sqlite3_finalize (stmt);

      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return set_sqlite_error (self, error, rc);
      if (!ok)
        return set_sqlite_error (self, error, SQLITE_CORRUPT);
    }

  return TRUE;
}

static gboolean
migrate (TzStore  *self,
         GError  **error)
{
  for (int version = self->schema_version; version < SCHEMA_VERSION; version++)
    {
      int current = 0;

      if (!begin (self, error))
        return FALSE;

      /* Another copy may have migrated it while we waited for the lock. */
      if (!read_int (self, "PRAGMA user_version", &current, error))
        goto failed;
      if (current > version)
        {
          version = current - 1;
          if (!commit (self, error))
            goto failed;
          continue;
        }

      if (!exec_script (self, migrations[version], error))
        goto failed;
      if (!read_int (self, "PRAGMA user_version", &current, error))
        goto failed;
      g_assert (current == version + 1);
      if (!commit (self, error))
        goto failed;

      g_debug ("Migrated %s to schema %d", self->display_path, version + 1);
      continue;

    failed:
      rollback (self);
      return FALSE;
    }

  self->schema_version = SCHEMA_VERSION;
  return TRUE;
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
        set_sqlite_error (self, error, rc);
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
      if (!is_wal && !exec_script (self, "PRAGMA journal_mode = WAL", error))
        return NULL;
      if (!exec_script (self, "PRAGMA synchronous = NORMAL", error))
        return NULL;
    }
  if (!exec_script (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  self->schema_version = version;
  if (version < SCHEMA_VERSION)
    {
      /* Schema 4 only adds what the metrics cache is keyed by: a reader
       * of schema 3 does without the cache. */
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
   * documents without their full-text rows. */
  if (!read_only && !tz_store_index_pending (self, 0, NULL, error))
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

  stmt = get_stmt (self, STMT_STATS, error);
  if (stmt == NULL || !first_row (self, stmt, &found, error))
    return FALSE;

  stats->n_documents = sqlite3_column_int64 (stmt, 0);
  stats->n_articles = sqlite3_column_int64 (stmt, 1);
  stats->n_metrics = sqlite3_column_int64 (stmt, 2);
  stats->n_corrections = sqlite3_column_int64 (stmt, 3);
  stats->text_bytes = sqlite3_column_int64 (stmt, 4);
  stats->schema_version = self->schema_version;

  wal = g_strconcat (self->path, "-wal", NULL);
  stats->file_bytes = file_size (self->path) + file_size (wal);

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Documents
 * --------------------------------------------------------------------- */

static gboolean
find_document (TzStore     *self,
               const char  *sha256,
               gint64      *id,
               GError     **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_FIND_DOCUMENT, error);
  gboolean found;

  *id = 0;
  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, sha256);
  if (!first_row (self, stmt, &found, error))
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

static char *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (strv == NULL)
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);

  generator = json_generator_new ();
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char **
strv_from_json (const char *json)
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

static void
pages_from_json (TzDocument *document,
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

/* Walks a text by character offsets from wherever it last stopped, since
 * offsets mostly come in increasing order. */
typedef struct
{
  const char *text;
  const char *ptr;
  glong       offset;
  glong       n_chars;
} TextCursor;

static void
text_cursor_init (TextCursor *cursor,
                  const char *text)
{
  cursor->text = cursor->ptr = text;
  cursor->offset = 0;
  cursor->n_chars = g_utf8_strlen (text, -1);
}

static const char *
text_cursor_seek (TextCursor *cursor,
                  glong       offset)
{
  offset = CLAMP (offset, 0, cursor->n_chars);
  if (offset < cursor->offset / 2)
    {
      cursor->ptr = cursor->text;
      cursor->offset = 0;
    }
  cursor->ptr = g_utf8_offset_to_pointer (cursor->ptr, offset - cursor->offset);
  cursor->offset = offset;

  return cursor->ptr;
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

/* @sentence_start is -1 when the sentence is not found in the text and is
 * stored as text. Extracted figures keep no copy of their fields until
 * they are first corrected; a user's figure keeps its record. With
 * @document, the figure's page comes from its pages; without, the
 * statement reads them from the ledger (the document's row, past its
 * text: too slow for every figure of an import). */
static gint64
insert_metric (TzStore       *self,
               TzDocument    *document,
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
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_INSERT_METRIC, error);
  const char *province, *prefecture;
  gint64 metric_id;

  if (stmt == NULL)
    return 0;

  value = tz_decimal_to_string (&record->value);
  if (user_added)
    extracted = record_to_json (record, TRUE);
  derive_codes (record->region_code, &province, &prefecture);

  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, article_id);
  sqlite3_bind_int (stmt, 3, ordinal);
  bind_static_text (stmt, 4, record->text != NULL ? record->text : "");
  sqlite3_bind_int (stmt, 5, record->start);
  sqlite3_bind_int (stmt, 6, record->end);
  bind_static_text (stmt, 7, value);
  sqlite3_bind_double (stmt, 8, tz_decimal_to_double (&record->value));
  bind_static_text (stmt, 9, record->unit != NULL ? record->unit : "");
  sqlite3_bind_int (stmt, 10, record->category);
  sqlite3_bind_int (stmt, 11, record->approx);
  bind_static_text (stmt, 12, record->subject);
  bind_static_text (stmt, 13, record->region_code);
  bind_static_text (stmt, 14, province);
  bind_static_text (stmt, 15, prefecture);
  bind_year (stmt, 16, record->year);
  sqlite3_bind_int (stmt, 17, record->year_source);
  sqlite3_bind_int (stmt, 18, record->target);
  if (sentence_start >= 0)
    {
      sqlite3_bind_null (stmt, 19);
      sqlite3_bind_int (stmt, 23, sentence_start);
      sqlite3_bind_int (stmt, 24, sentence_end);
    }
  else
    {
      bind_static_text (stmt, 19, record->sentence);
      sqlite3_bind_null (stmt, 23);
      sqlite3_bind_null (stmt, 24);
    }
  sqlite3_bind_int (stmt, 20, 0);
  sqlite3_bind_int (stmt, 21, user_added);
  bind_static_text (stmt, 22, extracted);
  sqlite3_bind_int (stmt, 26, document != NULL);
  if (document != NULL)
    {
      guint n_pages;
      const guint *starts = tz_document_get_page_starts (document, &n_pages);
      guint page = page_count_at (starts, n_pages, record->start);

      if (page > 0)
        sqlite3_bind_int (stmt, 25, page);
      else
        sqlite3_bind_null (stmt, 25);
    }
  else
    sqlite3_bind_null (stmt, 25);

  if (!run (self, stmt, error))
    return 0;
  metric_id = sqlite3_last_insert_rowid (self->db);

  if (follow && table_following (self) != NULL)
    {
      /* As load_table() would read the row back. */
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

      if (tz_metric_table_add_metric (self->table, &columns))
        self->table_unsealed = TRUE;
      else
        table_stop_following (self);
    }

  return metric_id;
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
  TextCursor cursor;

  text_cursor_init (&cursor, text != NULL ? text : "");

  for (guint i = 0; i < n_articles; i++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);
      guint n_metrics = tz_article_get_n_metrics (article);
      g_autofree char *subtitles = NULL;
      /* Released before @subtitles is freed: strings are bound uncopied. */
      g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_INSERT_ARTICLE, error);
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
      code = region_code (tz_article_get_region (article));
      derive_codes (code, &province, &prefecture);

      sqlite3_bind_int64 (stmt, 1, document_id);
      sqlite3_bind_int (stmt, 2, i);
      bind_static_text (stmt, 3, tz_article_get_title (article));
      bind_static_text (stmt, 4, subtitles);
      bind_static_text (stmt, 5, tz_article_get_column (article));
      bind_static_text (stmt, 6, tz_article_get_byline (article));
      bind_static_text (stmt, 7, tz_article_get_source (article));
      bind_static_text (stmt, 8, tz_article_get_author (article));
      bind_static_text (stmt, 9, code);
      bind_static_text (stmt, 10, province);
      bind_static_text (stmt, 11, prefecture);
      bind_year (stmt, 12, tz_article_get_year (article));
      sqlite3_bind_int (stmt, 13, tz_article_get_start (article));
      sqlite3_bind_int (stmt, 14, tz_article_get_end (article));
      if (!run (self, stmt, error))
        return FALSE;

      article_id = sqlite3_last_insert_rowid (self->db);
      stored_add (stored, article, article_id, 0);

      for (guint j = 0; j < n_metrics; j++)
        {
          TzMetricFields fields;
          Record record;
          int sentence_start = -1, sentence_end = -1;
          const char *figure;
          gint64 metric_id;

          tz_article_view_metric (article, j, &fields);
          record_view_fields (&record, &fields);
          /* The extractor knows where the sentence is; a metric changed
           * since is looked for. */
          if (fields.sentence_end > fields.sentence_start)
            {
              sentence_start = fields.sentence_start;
              sentence_end = fields.sentence_end;
            }
          else
            {
              figure = text_cursor_seek (&at, CLAMP (record.start, article_start,
                                                     tz_article_get_end (article)));
              locate_sentence (a, b, article_start, figure, at.offset, record.sentence,
                               &sentence_start, &sentence_end);
            }
          metric_id = insert_metric (self, document, document_id, article_id, j, &record, FALSE,
                                     sentence_start, sentence_end, follow, error);
          if (metric_id == 0)
            return FALSE;
          stored_add_metric (stored, article, j, metric_id, article_id);
        }
    }

  /* In an import, the full-text rows wait for tz_store_index_pending(). */
  if (self->defer_indexing)
    return run_with (self, STMT_MARK_PENDING, document_id, error);

  if (!run_with (self, STMT_INDEX_ARTICLES, document_id, error))
    return FALSE;

  /* A document extracted again while its rows were still pending. */
  return run_with (self, STMT_UNMARK_PENDING, document_id, error);
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

static gint64
find_metric_at (TzStore  *self,
                gint64    document_id,
                guint     start,
                guint     end,
                GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_FIND_METRIC_AT, error);
  gboolean found;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  if (!first_row (self, stmt, &found, error))
    return -1;

  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}

static gint64
find_article_at (TzStore  *self,
                 gint64    document_id,
                 guint     offset,
                 GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_FIND_ARTICLE_AT, error);
  gboolean found;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, offset);
  if (!first_row (self, stmt, &found, error))
    return -1;

  return found ? sqlite3_column_int64 (stmt, 0) : 0;
}

static guint
next_metric_ordinal (TzStore  *self,
                     gint64    article_id,
                     GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_NEXT_METRIC_ORDINAL, error);
  gboolean found;

  if (stmt == NULL)
    return G_MAXUINT;

  sqlite3_bind_int64 (stmt, 1, article_id);
  if (!first_row (self, stmt, &found, error))
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
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_MOVE_CORRECTIONS, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, sha256);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  sqlite3_bind_int (stmt, 4, new_start);
  sqlite3_bind_int (stmt, 5, new_end);
  return run (self, stmt, error);
}

static gboolean
set_not_metric_row (TzStore  *self,
                    gint64    metric_id,
                    gboolean  not_metric,
                    GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_SET_NOT_METRIC, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  sqlite3_bind_int (stmt, 2, not_metric);
  return run (self, stmt, error);
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

  metric_id = find_metric_at (self, document_id, start, end, error);
  if (metric_id < 0)
    return FALSE;
  if (metric_id > 0)
    {
      if (!load_record (self, metric_id, &record, error) ||
          !keep_extracted (self, metric_id, &record, error))
        return FALSE;
      have_record = TRUE;
    }

  for (guint i = 0; i < n; i++)
    {
      Correction *c = &group[i];

      if (c->field == CORRECTION_USER_METRIC)
        {
          g_auto(Record) user = { 0, };

          if (!record_from_json (&user, c->value))
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
              ordinal = next_metric_ordinal (self, article_id, error);
              if (ordinal == G_MAXUINT)
                return FALSE;
              metric_id = insert_metric (self, NULL, document_id, article_id, ordinal,
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
          if (!set_not_metric_row (self, metric_id, TRUE, error))
            return FALSE;
          continue;
        }

      if (!have_record)
        {
          if (!load_record (self, metric_id, &record, error))
            return FALSE;
          have_record = TRUE;
        }
      record_apply (&record, c->field, c->value);
      corrected = TRUE;
    }

  if (corrected)
    return write_record (self, metric_id, &record, TRUE, error);

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
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_LIST_CORRECTIONS, error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, 1, sha256);
    while ((rc = step (self, stmt)) == SQLITE_ROW)
      {
        Correction c = {
          sqlite3_column_int (stmt, 0),
          sqlite3_column_int (stmt, 1),
          sqlite3_column_int (stmt, 2),
          g_strdup (column_text (stmt, 3)),
          g_strdup (column_text (stmt, 4)),
        };

        g_array_append_val (corrections, c);
      }
    if (rc != SQLITE_DONE)
      return set_sqlite_error (self, error, rc);
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

static gint64
now_seconds (void)
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
    return set_read_only_error (self, error);

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

  imported_at = now_seconds ();
  version = tz_document_get_extractor_version (document);
  if (version <= 0)
    version = TZ_EXTRACTOR_VERSION;
  stored = stored_new ();
  pages = pages_to_json (document);

  if (table_following (self) != NULL)
    {
      n_table_documents = tz_metric_table_get_n_documents (self->table);
      n_table_rows = tz_metric_table_get_n_rows (self->table);
    }
  if (!begin (self, error))
    return 0;

  stmt = get_stmt (self, STMT_INSERT_DOCUMENT, error);
  if (stmt == NULL)
    goto failed;
  bind_text (stmt, 1, sha256);
  name = tz_document_get_name (document) != NULL ? tz_document_get_name (document) : "";
  bind_text (stmt, 2, name);
  bind_text (stmt, 3, tz_document_get_path (document));
  bind_text (stmt, 4, tz_document_get_encoding (document));
  sqlite3_bind_int64 (stmt, 5, (gint64) tz_document_get_size (document));
  bind_text (stmt, 6, tz_document_get_date (document));
  sqlite3_bind_int64 (stmt, 7, imported_at);
  sqlite3_bind_int64 (stmt, 8, version);
  sqlite3_bind_int64 (stmt, 9, (gint64) strlen (text));
  bind_static_text (stmt, 10, text);
  bind_text (stmt, 11, pages);
  if (!run (self, stmt, error))
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
  if (table_following (self) != NULL)
    {
      if (tz_metric_table_add_document (self->table, id, name, imported_at))
        self->table_unsealed = TRUE;
      else
        table_stop_following (self);
    }
  if (!insert_extraction (self, id, document, stored, TRUE, error) ||
      !apply_corrections (self, id, sha256, text, &n_corrections, error))
    goto failed;
  /* The corrections changed rows the table took in as extracted: rare
   * enough (a deleted file imported again) to read them all again. */
  if (n_corrections > 0 && table_following (self) != NULL)
    table_stop_following (self);
  /* Counted before the commit: commit() is what keeps the table current. */
  if (table_following (self) != NULL)
    {
      self->txn_followed++;
      counted = TRUE;
    }
  if (!commit (self, error))
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
  rollback (self);
  /* Rolled back on both sides; unless SQLite took the whole batch with
   * it, which tz_store_commit_batch() then reports. */
  if (table_following (self) != NULL)
    {
      tz_metric_table_truncate (self->table, n_table_documents, n_table_rows);
      if (self->in_batch && sqlite3_get_autocommit (self->db))
        table_stop_following (self);
      else if (!counted)
        self->txn_followed++;
    }
  return 0;
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

  if (!begin (self, error))
    return FALSE;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_DOCUMENT_SHA, error);
    gboolean found;

    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, id);
    if (!first_row (self, stmt, &found, error))
      goto failed;
    if (!found)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                     _("The document is no longer in the ledger “%s”. Import it again."),
                     self->display_path);
        goto failed;
      }
    sha256 = g_strdup (column_text (stmt, 0));
  }

  if (!run_with (self, STMT_UNINDEX_ARTICLES, id, error))
    goto failed;

  if (!run_with (self, STMT_DELETE_ARTICLES, id, error))
    goto failed;

  {
    g_autoptr(CachedStmt) update = get_stmt (self, STMT_UPDATE_DOCUMENT_TEXT, error);

    if (update == NULL)
      goto failed;
    sqlite3_bind_int64 (update, 1, id);
    bind_static_text (update, 2, text);
    sqlite3_bind_int64 (update, 3, (gint64) strlen (text));
    sqlite3_bind_int64 (update, 4, version);
    bind_text (update, 5, pages);
    if (!run (self, update, error))
      goto failed;
  }

  if (!insert_extraction (self, id, document, stored, FALSE, error) ||
      !apply_corrections (self, id, sha256, text, &n_corrections, error) ||
      !commit (self, error))
    goto failed;

  stored_assign (stored, id);
  tz_document_set_id (document, id);
  tz_document_set_sha256 (document, sha256);
  tz_document_set_extractor_version (document, version);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

gboolean
tz_store_delete_document (TzStore  *self,
                          gint64    id,
                          GError  **error)
{
  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!begin (self, error))
    return FALSE;

  if (!run_with (self, STMT_UNINDEX_ARTICLES, id, error))
    goto failed;

  if (!run_with (self, STMT_DELETE_DOCUMENT, id, error))
    goto failed;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The document is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      goto failed;
    }

  if (!commit (self, error))
    goto failed;

  return TRUE;

failed:
  rollback (self);
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
 * FTS5 trigram index affordable during an import (one transaction per
 * document indexed at about half the speed). Searches find pending
 * documents all the same (by scanning their text), and a ledger opened
 * for writing indexes whatever a crash left pending.
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
 * 5,000 reports). Also lets the full-text index grow in bigger steps.
 */
gboolean
tz_store_tune_for_import (TzStore  *self,
                          GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!exec_script (self, "PRAGMA cache_size = -32768; PRAGMA wal_autocheckpoint = 8192", error))
    return FALSE;

  /* Stored with the index, for every writer: FTS5 keeps up to 32 MB of
   * new rows in memory before it writes a segment, and merges segments
   * eight at a time instead of four. Indexing 20 MB of reports took 3.1 s
   * with the defaults and 1.9 s so; the memory is only used by the
   * transactions that index that much, which only imports do. */
  if (!exec_script (self,
                    "INSERT INTO article_fts (article_fts, rank) VALUES ('hashsize', 33554432);"
                    "INSERT INTO article_fts (article_fts, rank) VALUES ('automerge', 8);",
                    &local_error))
    g_debug ("Importing with FTS5's default merging: %s", local_error->message);
  return TRUE;
}

static TzMetricTable *ensure_table_from (TzStore   *self,
                                         gboolean   from_sql,
                                         GError   **error);

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

  stmt = get_stmt (self, STMT_LAST_METRIC_ID, NULL);
  if (stmt == NULL || !first_row (self, stmt, &found, NULL) || !found)
    return;
  last_id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, release_stmt);

  self->table_follows =
    ensure_table_from (self, last_id <= FOLLOW_FROM_SQL_METRICS, NULL) != NULL;
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

  if (!begin (self, error))
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
  if (!commit (self, error))
    {
      rollback (self);
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
  rollback (self);
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
    g_autoptr(CachedStmt) any = get_stmt (self, STMT_HAS_PENDING, error);
    gboolean found;

    if (any == NULL || !first_row (self, any, &found, error))
      return FALSE;
    if (sqlite3_column_int (any, 0) == 0)
      return TRUE;
  }

  if (!begin (self, error))
    return FALSE;
  /* Full-text rows only: nothing the table holds. */
  self->txn_followed++;

  if (!run_with (self, STMT_INDEX_PENDING, bound, error))
    goto failed;

  if (!run_with (self, STMT_DELETE_PENDING, bound, error))
    goto failed;
  changes = sqlite3_changes (self->db);

  if (!commit (self, error))
    goto failed;

  if (n_indexed != NULL)
    *n_indexed = changes;
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

static GArray *
collect_ids (TzStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = step (self, stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc);
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

  stmt = get_stmt (self, STMT_LIST_OUTDATED, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, extractor_version);

  return collect_ids (self, stmt, error);
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

  stmt = get_stmt (self, STMT_LIST_DOCUMENTS, error);
  if (stmt == NULL)
    return NULL;

  return collect_ids (self, stmt, error);
}

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
} Loader;

static void
free_text_cursor (gpointer data)
{
  TextCursor *cursor = data;

  g_free ((char *) cursor->text);
  g_free (cursor);
}

static void
loader_init (Loader  *loader,
             TzStore *self)
{
  loader->self = self;
  loader->regions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  loader->texts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_text_cursor);
}

static void
loader_clear (Loader *loader)
{
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

  if (cursor != NULL)
    return cursor;

  stmt = get_stmt (loader->self, STMT_DOCUMENT_TEXT, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, document_id);
  if (!first_row (loader->self, stmt, &found, error))
    return NULL;

  loader_add_text (loader, document_id, found ? column_text (stmt, 0) : "");
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
  tz_metric_set_text (metric, column_text (stmt, 3));
  tz_metric_set_span (metric, sqlite3_column_int (stmt, 4), sqlite3_column_int (stmt, 5));
  if (tz_decimal_parse (column_text (stmt, 6), &value))
    tz_metric_set_value (metric, &value);
  tz_metric_set_unit (metric, column_text (stmt, 7));
  tz_metric_set_category (metric, sqlite3_column_int (stmt, 8));
  tz_metric_set_approx (metric, sqlite3_column_int (stmt, 9));
  tz_metric_set_subject (metric, column_text (stmt, 10));
  tz_metric_set_region (metric, region_for_code (regions, column_text (stmt, 11)));
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
    tz_metric_set_sentence (metric, column_text (stmt, 15));

  return g_steal_pointer (&metric);
}

static TzArticle *
article_from_row (Loader       *loader,
                  sqlite3_stmt *stmt)
{
  GHashTable *regions = loader->regions;
  TzArticle *article = tz_article_new ();
  g_auto(GStrv) subtitles = strv_from_json (column_text (stmt, 3));

  tz_article_set_id (article, sqlite3_column_int64 (stmt, 0));
  tz_article_set_document_id (article, sqlite3_column_int64 (stmt, 1));
  tz_article_set_title (article, column_text (stmt, 2));
  tz_article_set_subtitles (article, (const char * const *) subtitles);
  tz_article_set_column (article, column_text (stmt, 4));
  tz_article_set_byline (article, column_text (stmt, 5));
  tz_article_set_source (article, column_text (stmt, 6));
  tz_article_set_author (article, column_text (stmt, 7));
  tz_article_set_region (article, region_for_code (regions, column_text (stmt, 8)));
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
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_LOAD_ARTICLE_METRICS, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, tz_article_get_id (article));
  while ((rc = step (self, stmt)) == SQLITE_ROW)
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
    return set_sqlite_error (self, error, rc);

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

  stmt = get_stmt (self, STMT_LOAD_DOCUMENT, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!first_row (self, stmt, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The document is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return NULL;
    }

  document = tz_document_new (column_text (stmt, 2));
  tz_document_set_id (document, sqlite3_column_int64 (stmt, 0));
  tz_document_set_sha256 (document, column_text (stmt, 1));
  tz_document_set_path (document, column_text (stmt, 3));
  tz_document_set_encoding (document, column_text (stmt, 4));
  tz_document_set_size (document, sqlite3_column_int64 (stmt, 5));
  tz_document_set_date (document, column_text (stmt, 6));
  tz_document_set_imported_at (document, sqlite3_column_int64 (stmt, 7));
  tz_document_set_extractor_version (document, sqlite3_column_int64 (stmt, 8));
  tz_document_set_text (document, column_text (stmt, 9));
  pages_from_json (document, column_text (stmt, 10));
  g_clear_pointer (&stmt, release_stmt);

  if (!with_articles)
    return g_steal_pointer (&document);

  loader_init (&loader, self);
  loader_add_text (&loader, id, tz_document_get_text (document));
  {
    g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(CachedStmt) list = get_stmt (self, STMT_LOAD_DOCUMENT_ARTICLES, error);
    int rc;

    if (list == NULL)
      return NULL;
    sqlite3_bind_int64 (list, 1, id);
    while ((rc = step (self, list)) == SQLITE_ROW)
      g_ptr_array_add (articles, article_from_row (&loader, list));
    if (rc != SQLITE_DONE)
      {
        set_sqlite_error (self, error, rc);
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
      g_autoptr(CachedStmt) stmt = get_stmt (self, which, error);
      gpointer object;
      gboolean found;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, ids[i]);
      if (!first_row (self, stmt, &found, error))
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
  TzDocument *document = tz_document_new (column_text (stmt, 2));

  tz_document_set_id (document, sqlite3_column_int64 (stmt, 0));
  tz_document_set_sha256 (document, column_text (stmt, 1));
  tz_document_set_path (document, column_text (stmt, 3));
  tz_document_set_encoding (document, column_text (stmt, 4));
  tz_document_set_size (document, sqlite3_column_int64 (stmt, 5));
  tz_document_set_date (document, column_text (stmt, 6));
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

/* ------------------------------------------------------------------------
 * Corrections
 * --------------------------------------------------------------------- */

typedef struct
{
  gint64  document_id;
  char   *sha256;
  guint   start;
  guint   end;
  gboolean user_added;
  char   *extracted;
} MetricInfo;

static void
metric_info_clear (MetricInfo *info)
{
  g_clear_pointer (&info->sha256, g_free);
  g_clear_pointer (&info->extracted, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MetricInfo, metric_info_clear)

static gboolean
load_metric_info (TzStore     *self,
                  gint64       metric_id,
                  MetricInfo  *info,
                  GError     **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_METRIC_INFO, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!first_row (self, stmt, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The figure is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return FALSE;
    }

  info->document_id = sqlite3_column_int64 (stmt, 0);
  info->sha256 = g_strdup (column_text (stmt, 1));
  info->start = sqlite3_column_int (stmt, 2);
  info->end = sqlite3_column_int (stmt, 3);
  info->user_added = sqlite3_column_int (stmt, 4) != 0;
  info->extracted = g_strdup (column_text (stmt, 5));

  return TRUE;
}

static gboolean
upsert_correction (TzStore     *self,
                   const char  *sha256,
                   guint        start,
                   guint        end,
                   int          field,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_UPSERT_CORRECTION, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, sha256);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  sqlite3_bind_int (stmt, 4, field);
  bind_text (stmt, 5, value);
  sqlite3_bind_int64 (stmt, 6, now_seconds ());
  return run (self, stmt, error);
}

static void table_follow_metric (TzStore *self,
                                 gint64   metric_id);

/**
 * tz_store_correct_metric:
 * @value: the new value in its plain spelling: a decimal for
 *   %TZ_FIELD_VALUE, a division code or "" for %TZ_FIELD_REGION, a year or
 *   "" for %TZ_FIELD_YEAR, an approx name (tz_approx_to_string()),
 *   "true"/"false" for %TZ_FIELD_TARGET
 *
 * Records the correction and updates the metric; %TZ_STORE_ERROR_INVALID
 * when @value does not fit @field.
 */
gboolean
tz_store_correct_metric (TzStore     *self,
                         gint64       metric_id,
                         TzField      field,
                         const char  *value,
                         GError     **error)
{
  g_auto(MetricInfo) info = { 0, };
  g_auto(Record) record = { 0, };
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  normalized = normalize_correction (field, value, error);
  if (normalized == NULL)
    return FALSE;

  if (!begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error) ||
      !upsert_correction (self, info.sha256, info.start, info.end, field, normalized, error) ||
      !load_record (self, metric_id, &record, error) ||
      !keep_extracted (self, metric_id, &record, error))
    goto failed;

  record_apply (&record, field, normalized);
  if (!write_record (self, metric_id, &record, TRUE, error) ||
      !commit (self, error))
    goto failed;

  table_follow_metric (self, metric_id);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * tz_store_set_not_metric:
 *
 * Marks a metric as not a figure (or not anymore): it stays stored but
 * every query and load of a document leaves it out.
 */
gboolean
tz_store_set_not_metric (TzStore   *self,
                         gint64     metric_id,
                         gboolean   not_metric,
                         GError   **error)
{
  g_auto(MetricInfo) info = { 0, };

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error))
    goto failed;

  if (not_metric)
    {
      if (!upsert_correction (self, info.sha256, info.start, info.end,
                              CORRECTION_NOT_METRIC, "true", error))
        goto failed;
    }
  else
    {
      g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_DELETE_CORRECTION, error);

      if (stmt == NULL)
        goto failed;
      bind_text (stmt, 1, info.sha256);
      sqlite3_bind_int (stmt, 2, info.start);
      sqlite3_bind_int (stmt, 3, info.end);
      sqlite3_bind_int (stmt, 4, CORRECTION_NOT_METRIC);
      if (!run (self, stmt, error))
        goto failed;
    }

  if (!set_not_metric_row (self, metric_id, not_metric, error) ||
      !commit (self, error))
    goto failed;

  table_follow_metric (self, metric_id);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * tz_store_restore_metric:
 *
 * Forgets the corrections of a metric (and "not a metric") and puts back
 * the values it was extracted with, or for a figure the user added, the
 * values it was added with.
 */
gboolean
tz_store_restore_metric (TzStore  *self,
                         gint64    metric_id,
                         GError  **error)
{
  g_auto(MetricInfo) info = { 0, };
  g_auto(Record) record = { 0, };

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error))
    goto failed;

  /* Never corrected: the row holds the extracted values already. */
  if (info.extracted == NULL)
    {
      if (!load_record (self, metric_id, &record, error))
        goto failed;
    }
  else if (!record_from_json (&record, info.extracted))
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT,
                   _("The extracted values of this figure are missing from the "
                     "ledger “%s”. Extract the document again to restore them."),
                   self->display_path);
      goto failed;
    }

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_DELETE_SPAN_CORRECTIONS, error);

    if (stmt == NULL)
      goto failed;
    bind_text (stmt, 1, info.sha256);
    sqlite3_bind_int (stmt, 2, info.start);
    sqlite3_bind_int (stmt, 3, info.end);
    /* A user's own figure stays; only what was changed on it goes. */
    sqlite3_bind_int (stmt, 4, info.user_added ? CORRECTION_USER_METRIC : -1);
    if (!run (self, stmt, error))
      goto failed;
  }

  if (!write_record (self, metric_id, &record, FALSE, error) ||
      !set_not_metric_row (self, metric_id, FALSE, error) ||
      !commit (self, error))
    goto failed;

  table_follow_metric (self, metric_id);
  return TRUE;

failed:
  rollback (self);
  return FALSE;
}

/**
 * tz_store_add_user_metric:
 * @metric: a figure the user marked in the text: text, start and end must
 *   match the document text; value, unit, subject … as the user gave them
 *
 * Stores @metric in article @article_id, and keeps it as a correction so
 * that it survives re-import and re-extraction. Sets its ids on success.
 *
 * Returns: the metric's id, or 0 with @error set
 */
gint64
tz_store_add_user_metric (TzStore   *self,
                          gint64     article_id,
                          TzMetric  *metric,
                          GError   **error)
{
  g_auto(Record) record = { 0, };
  g_autofree char *json = NULL;
  g_autofree char *sha256 = NULL;
  gint64 document_id = 0;
  gint64 metric_id = 0;
  guint ordinal;

  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  g_return_val_if_fail (TZ_IS_METRIC (metric), 0);
  CHECK_THREAD (self);

  record_from_metric (&record, metric);
  if (record.text == NULL || *record.text == '\0' || record.end <= record.start)
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("Select the figure in the text first."));
      return 0;
    }
  if (record.unit == NULL || *record.unit == '\0')
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("A figure needs a unit, such as 人 or 元."));
      return 0;
    }

  if (!begin (self, error))
    return 0;

  {
    g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_ARTICLE_SLICE, error);
    gboolean found;

    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, article_id);
    sqlite3_bind_int (stmt, 2, record.start);
    sqlite3_bind_int (stmt, 3, record.end);
    if (!first_row (self, stmt, &found, error))
      goto failed;
    if (!found)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                     _("The article is no longer in the ledger “%s”. Refresh the list."),
                     self->display_path);
        goto failed;
      }
    if (record.end > (guint) sqlite3_column_int (stmt, 3) ||
        g_strcmp0 (column_text (stmt, 2), record.text) != 0)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                     _("“%s” is not what the document says at that place. Select "
                       "the figure in the text again."),
                     record.text);
        goto failed;
      }
    document_id = sqlite3_column_int64 (stmt, 0);
    sha256 = g_strdup (column_text (stmt, 1));
  }

  metric_id = find_metric_at (self, document_id, record.start, record.end, error);
  if (metric_id < 0)
    goto failed;
  if (metric_id > 0)
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("This figure is already in the ledger; correct it "
                             "instead, or restore it if it was hidden."));
      goto failed;
    }

  json = record_to_json (&record, TRUE);
  ordinal = next_metric_ordinal (self, article_id, error);
  if (ordinal == G_MAXUINT ||
      !upsert_correction (self, sha256, record.start, record.end,
                          CORRECTION_USER_METRIC, json, error))
    goto failed;

  metric_id = insert_metric (self, NULL, document_id, article_id, ordinal, &record, TRUE, -1, -1,
                             FALSE, error);
  if (metric_id == 0 || !commit (self, error))
    goto failed;
  table_follow_metric (self, metric_id);

  tz_metric_set_id (metric, metric_id);
  tz_metric_set_article_id (metric, article_id);
  tz_metric_set_document_id (metric, document_id);
  tz_metric_set_user_added (metric, TRUE);
  tz_metric_set_corrected (metric, FALSE);

  return metric_id;

failed:
  rollback (self);
  return 0;
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
  GString *sql;
  GArray  *params;
} Query;

static void
param_clear (gpointer data)
{
  Param *param = data;

  g_free (param->text);
}

static void
query_init (Query      *query,
            const char *head)
{
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
  sqlite3_stmt *stmt = get_dynamic_stmt (self, query->sql->str, error);

  if (stmt == NULL)
    return NULL;

  g_assert ((guint) sqlite3_bind_parameter_count (stmt) == query->params->len);
  for (guint i = 0; i < query->params->len; i++)
    {
      Param *param = &g_array_index (query->params, Param, i);

      if (param->is_text)
        bind_text (stmt, i + 1, param->text);
      else
        sqlite3_bind_int64 (stmt, i + 1, param->number);
    }

  return stmt;
}

/* The filter's search, as conditions on an article id expression: one FTS5
 * phrase for every word of three characters or more, a scan with instr()
 * for shorter words, which trigrams cannot match. */
#define MAX_SEARCH_WORDS 16

static void
add_search (Query      *query,
            const char *id_column,
            const char *search)
{
  g_autoptr(GString) match = g_string_new (NULL);
  g_autoptr(GString) spaced = g_string_new (NULL);
  g_autofree char *valid = g_utf8_make_valid (search, -1);
  g_autoptr(GPtrArray) phrases = g_ptr_array_new ();
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

      if (*word == '\0')
        continue;
      n_words++;

      if (g_utf8_strlen (word, -1) >= 3)
        {
          g_auto(GStrv) parts = g_strsplit (word, "\"", -1);
          g_autofree char *escaped = g_strjoinv ("\"\"", parts);

          /* A quoted FTS5 string is one phrase: no operators inside. */
          if (match->len > 0)
            g_string_append_c (match, ' ');
          g_string_append_c (match, '"');
          g_string_append (match, escaped);
          g_string_append_c (match, '"');
          g_ptr_array_add (phrases, (gpointer) word);
        }
      else
        {
          query_add (query, " AND ");
          query_add (query, id_column);
          query_add (query, " IN (SELECT id FROM article_text"
                            " WHERE instr (lower (body), lower (?)) > 0"
                            " OR instr (lower (title), lower (?)) > 0)");
          query_param_text (query, word);
          query_param_text (query, word);
        }
    }

  if (match->len > 0)
    {
      query_add (query, " AND (");
      query_add (query, id_column);
      query_add (query, " IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?)");
      query_param_text (query, match->str);

      /* Documents whose full-text rows are still pending (an import is
       * under way) are searched by their text. CROSS JOIN keeps SQLite
       * from reading every article to find the few pending ones. */
      query_add (query, " OR ");
      query_add (query, id_column);
      query_add (query, " IN (SELECT t.id FROM fts_pending p"
                        " CROSS JOIN article_text t ON t.document_id = p.document_id WHERE 1");
      for (guint i = 0; i < phrases->len; i++)
        {
          query_add (query, " AND (instr (lower (t.body), lower (?)) > 0"
                            " OR instr (lower (t.title), lower (?)) > 0)");
          query_param_text (query, g_ptr_array_index (phrases, i));
          query_param_text (query, g_ptr_array_index (phrases, i));
        }
      query_add (query, "))");
    }
}

static void
add_region (Query      *query,
            const char *alias,
            const char *code)
{
  query_add (query, " AND ");
  switch (level_of_code (code))
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

static gboolean
read_data_version (TzStore  *self,
                   int      *version,
                   GError  **error)
{
  g_autoptr(CachedStmt) stmt = get_stmt (self, STMT_DATA_VERSION, error);
  gboolean found;

  if (stmt == NULL || !first_row (self, stmt, &found, error))
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
    .unit = column_text (stmt, 5),
    .category = sqlite3_column_int (stmt, 6),
    .subject = column_text (stmt, 7),
    .region_code = column_text (stmt, 8),
    .province_code = column_text (stmt, 9),
    .prefecture_code = column_text (stmt, 10),
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

  documents = get_stmt (self, STMT_TABLE_DOCUMENTS, error);
  if (documents == NULL)
    return FALSE;
  while ((rc = sqlite3_step (documents)) == SQLITE_ROW)
    fits &= tz_metric_table_add_document (table, sqlite3_column_int64 (documents, 0),
                                          column_text (documents, 1),
                                          sqlite3_column_int64 (documents, 2));
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error, rc);

  metrics = get_stmt (self, STMT_TABLE_METRICS, error);
  if (metrics == NULL)
    return FALSE;
  for (guint n = 1; fits && (rc = sqlite3_step (metrics)) == SQLITE_ROW; n++)
    {
      fits = table_take_row (table, metrics, tz_metric_table_add_metric);
      if (self->yield_func != NULL && n % self->yield_rows == 0)
        self->yield_func (self->yield_data);
    }
  if (fits && rc != SQLITE_DONE)
    return set_sqlite_error (self, error, rc);

  /* Values too big for the packed rows (never seen in a real ledger):
   * this connection keeps to SQL. */
  if (!fits)
    {
      g_debug ("%s does not fit in memory; lists use SQL", self->display_path);
      self->no_table = TRUE;
    }

  return TRUE;
}

/* What the ledger is now, for the cache: its generation (see commit())
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

  stmt = get_stmt (self, STMT_GENERATION, error);
  if (stmt == NULL || !first_row (self, stmt, known, error))
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
  stmt = get_stmt (self, STMT_MAX_METRIC_ID, NULL);
  if (stmt == NULL || !first_row (self, stmt, &found, NULL) || !found ||
      sqlite3_column_int64 (stmt, 0) != tz_metric_table_get_last_id (table) ||
      sqlite3_column_int64 (stmt, 1) != tz_metric_table_get_n_rows (table))
    return NULL;

  return g_steal_pointer (&table);
}

static void
write_cache (TzStore       *self,
             TzMetricTable *table,
             guint64        key)
{
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sum = NULL;
  guint8 *data;
  gsize size;

  if (self->cache_path == NULL)
    return;

  /* The checksum goes in the 64 bytes left at the start. */
  contents = tz_metric_table_serialize (table, key, 64);
  data = (guint8 *) g_bytes_get_data (contents, &size);
  sum = tz_sha256_for_data (data + 64, size - 64);
  memcpy (data, sum, 64);

  /* No fsync: a cache lost or torn in a crash fails its checksum and is
   * made again. Removed first: GLib 2.74 writes over the old file without
   * truncating it, and a smaller table left the old one's tail behind (a
   * checksum failure, and the metrics read from SQL, at every start);
   * and a connection that has the old one mapped keeps it whole. */
  dir = g_path_get_dirname (self->cache_path);
  if (g_unlink (self->cache_path) != 0 && errno != ENOENT)
    g_debug ("Could not remove %s: %s", self->cache_path, g_strerror (errno));
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (self->cache_path, (const char *)data, size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not keep the metrics of %s in %s: %s", self->display_path, self->cache_path,
             error != NULL ? error->message : g_strerror (errno));
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
static TzMetricTable *
ensure_table_from (TzStore   *self,
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
  if (!read_data_version (self, &version, error))
    return NULL;
  if (self->table != NULL && self->table_commits == self->n_commits &&
      self->table_data_version == version)
    return sealed_table (self);

  g_clear_pointer (&self->table, tz_metric_table_free);
  self->table_unsealed = FALSE;

  /* One read transaction: the generation, the documents and the metrics
   * are of one moment. */
  own_transaction = sqlite3_get_autocommit (self->db);
  if (own_transaction && !exec_script (self, "BEGIN", error))
    return NULL;

  if (!read_cache_key (self, &key, &known, error))
    loaded = FALSE;
  else if (known)
    table = read_cache (self, key);
  from_cache = table != NULL;

  if (loaded && !from_cache && !from_sql)
    {
      if (own_transaction)
        exec_script (self, "COMMIT", NULL);
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
    exec_script (self, "COMMIT", NULL);
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
  return ensure_table_from (self, TRUE, error);
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
      !read_data_version (self, &version, NULL) || version != self->table_data_version ||
      !read_cache_key (self, &key, &known, NULL) || !known)
    return;

  write_cache (self, sealed_table (self), key);
}

/* This connection has just committed a change to one metric: the metrics
 * in memory take it in, instead of being read again at the next query
 * (0.4 s for half a million). Only if they were up to date before that
 * commit and no other connection has written since; else they are read
 * again as usual. */
static void
table_follow_metric (TzStore *self,
                     gint64   metric_id)
{
  g_autoptr(CachedStmt) stmt = NULL;
  gboolean found = FALSE;
  int version;

  if (self->table == NULL || self->table_commits + 1 != self->n_commits)
    return;
  if (!read_data_version (self, &version, NULL) || version != self->table_data_version)
    return;

  stmt = get_stmt (self, STMT_TABLE_METRIC, NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!first_row (self, stmt, &found, NULL) || !found)
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

  query_init (&query, "SELECT a.id FROM articles a WHERE 1");
  add_search (&query, "a.id", search);
  stmt = query_prepare (self, &query, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = step (self, stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (articles, g_memdup2 (&id, sizeof id));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc);
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
  *level = s != NULL ? level_of_code (s) : TZ_REGION_LEVEL_COUNTY;

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
  query_init (&query, "SELECT m.id FROM metrics m");
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

  return collect_ids (self, stmt, error);
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
  query_init (&query, "SELECT a.id FROM articles a");
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

  return collect_ids (self, stmt, error);
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
      query_init (&query, "SELECT gr, gy, v, n FROM (SELECT ");
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
      query_init (&query, "SELECT ");
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
  while ((rc = step (self, stmt)) == SQLITE_ROW)
    {
      TzAggregateRow row;

      memset (&row, 0, sizeof row);
      g_strlcpy (row.region_code, column_text (stmt, 0), sizeof row.region_code);
      row.year = sqlite3_column_int (stmt, 1);
      row.value = sqlite3_column_double (stmt, 2);
      row.n_records = sqlite3_column_int (stmt, 3);
      g_array_append_val (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc);
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

  stmt = get_stmt (self, STMT_LIST_SUBJECTS, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);

  subjects = g_ptr_array_new_with_free_func (g_free);
  n = g_array_new (FALSE, FALSE, sizeof (guint));
  while ((rc = step (self, stmt)) == SQLITE_ROW)
    {
      guint count = sqlite3_column_int (stmt, 1);

      g_ptr_array_add (subjects, g_strdup (column_text (stmt, 0)));
      g_array_append_val (n, count);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc);
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
