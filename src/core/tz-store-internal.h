/* tz-store-internal.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* What the files of TzStore share: the instance, its statements and the
 * helpers every part of it uses. Only tz-store*.c include this. */

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tz-metric.h"
#include "tz-metric-table.h"
#include "tz-region.h"
#include "tz-store.h"
#include "tz-store-private.h"

G_BEGIN_DECLS

/* The first schema with ledger_state. */
#define SCHEMA_GENERATION 4

/* The first schema whose full-text index holds bigrams, not trigrams. */
#define SCHEMA_BIGRAMS 5

/* Corrections that are not a TzField, kept in the same table. */
enum {
  CORRECTION_NOT_METRIC  = 100, /* "true" */
  CORRECTION_USER_METRIC = 101, /* the whole record, as JSON */
};

/* Parameters of a figure's row (see STMT_INSERT_METRIC), and the most
 * rows one statement writes: 1 << MAX_METRIC_ROWS_LEVEL. */
#define N_METRIC_PARAMS       25
#define MAX_METRIC_ROWS_LEVEL 5

/* The statements kept prepared; their SQL is stmt_sql[] in tz-store.c. */
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
  /* 1, 2, 4 … 32 rows of figures a statement: STMT_INSERT_METRICS_1 + k
   * writes 1 << k. */
  STMT_INSERT_METRICS_1,
  STMT_INSERT_METRICS_2,
  STMT_INSERT_METRICS_4,
  STMT_INSERT_METRICS_8,
  STMT_INSERT_METRICS_16,
  STMT_INSERT_METRICS_32,
  STMT_FTS_ARTICLES,
  STMT_FTS_INSERT,
  STMT_FTS_DELETE,
  STMT_IS_PENDING,
  STMT_MARK_PENDING,
  STMT_HAS_PENDING,
  STMT_UNMARK_PENDING,
  STMT_LIST_PENDING,
  STMT_DELETE_PENDING,
  STMT_DELETE_DOCUMENT,
  STMT_DELETE_ARTICLES,
  STMT_UPDATE_DOCUMENT_TEXT,
  STMT_DOCUMENT_SHA,
  STMT_DOCUMENT_TEXT,
  STMT_SEARCH_TEXT,
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
  /* The text the last load sliced sentences from, kept for the next one
   * (an export asks for a long report's figures a page at a time), with
   * what the ledger was then: changes here and PRAGMA data_version. */
  struct TextCursor *text_cache;
  gint64         text_cache_id;
  sqlite3_int64  text_cache_changes;
  int            text_cache_version;
  guint64        n_commits;
  guint64        table_commits;
  guint          n_table_loads;
  guint          n_text_reads;
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
  /* tz_store_tune_for_import(): foreign keys are not enforced until a
   * delete needs their cascades (need_cascades()). */
  guint          foreign_keys_off : 1;
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

/* One store, one thread: SQLite connections and our statement cache are
 * not shared. */
#define CHECK_THREAD(self) g_assert ((self)->thread == g_thread_self ())

/* Borrowed statements are reset, not finalized, when they go out of scope. */
typedef sqlite3_stmt CachedStmt;

static inline void
release_stmt (CachedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CachedStmt, release_stmt)

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

static inline void
record_clear (Record *record)
{
  g_clear_pointer (&record->unit, g_free);
  g_clear_pointer (&record->subject, g_free);
  g_clear_pointer (&record->region_code, g_free);
  g_clear_pointer (&record->text, g_free);
  g_clear_pointer (&record->sentence, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Record, record_clear)

/* Walks a text by character offsets from wherever it last stopped, since
 * offsets mostly come in increasing order. Offsets past the end stop at
 * it: the text is not measured first, as a page of an export reads a long
 * document's text for the few figures it holds. */
typedef struct TextCursor
{
  const char *text;
  const char *ptr;
  glong       offset;
} TextCursor;

static inline void
text_cursor_init (TextCursor *cursor,
                  const char *text)
{
  cursor->text = cursor->ptr = text;
  cursor->offset = 0;
}

static inline const char *
text_cursor_seek (TextCursor *cursor,
                  glong       offset)
{
  offset = MAX (offset, 0);
  if (offset < cursor->offset / 2)
    {
      cursor->ptr = cursor->text;
      cursor->offset = 0;
    }
  if (offset < cursor->offset)
    {
      cursor->ptr = g_utf8_offset_to_pointer (cursor->ptr, offset - cursor->offset);
      cursor->offset = offset;
    }
  while (cursor->offset < offset && *cursor->ptr != '\0')
    {
      cursor->ptr = g_utf8_next_char (cursor->ptr);
      cursor->offset++;
    }

  return cursor->ptr;
}

/* tz-store.c */
gboolean       _tz_store_begin                (TzStore  *self,
                                               GError  **error);
void           _tz_store_bind_static_text     (sqlite3_stmt *stmt,
                                               int           index,
                                               const char   *value);
void           _tz_store_bind_text            (sqlite3_stmt *stmt,
                                               int           index,
                                               const char   *value);
void           _tz_store_bind_year            (sqlite3_stmt *stmt,
                                               int           index,
                                               int           year);
const char    *_tz_store_column_text          (sqlite3_stmt *stmt,
                                               int           column);
gboolean       _tz_store_commit               (TzStore  *self,
                                               GError  **error);
void           _tz_store_derive_codes         (const char  *code,
                                               const char **province,
                                               const char **prefecture);
gboolean       _tz_store_exec_script          (TzStore     *self,
                                               const char  *sql,
                                               GError     **error);
gboolean       _tz_store_first_row            (TzStore      *self,
                                               sqlite3_stmt *stmt,
                                               gboolean     *found,
                                               GError      **error);
CachedStmt    *_tz_store_get_dynamic_stmt     (TzStore     *self,
                                               const char  *sql,
                                               GError     **error);
CachedStmt    *_tz_store_get_stmt             (TzStore     *self,
                                               StmtId       id,
                                               GError     **error);
TzRegionLevel  _tz_store_level_of_code        (const char *code);
const char    *_tz_store_region_code          (TzRegion *region);
TzRegion      *_tz_store_region_for_code      (GHashTable *cache,
                                               const char *code);
void           _tz_store_rollback             (TzStore *self);
gboolean       _tz_store_run                  (TzStore      *self,
                                               sqlite3_stmt *stmt,
                                               GError      **error);
gboolean       _tz_store_run_with             (TzStore  *self,
                                               StmtId    which,
                                               gint64    value,
                                               GError  **error);
gboolean       _tz_store_set_read_only_error  (TzStore  *self,
                                               GError  **error);
gboolean       _tz_store_set_sqlite_error     (TzStore  *self,
                                               GError  **error,
                                               int       rc);
int            _tz_store_step                 (TzStore      *self,
                                               sqlite3_stmt *stmt);
TzMetricTable *_tz_store_table_following      (TzStore *self);
void           _tz_store_table_stop_following (TzStore *self);

/* tz-store-documents.c */
GArray        *_tz_store_collect_ids          (TzStore       *self,
                                               sqlite3_stmt  *stmt,
                                               GError       **error);
gint64         _tz_store_find_metric_at       (TzStore  *self,
                                               gint64    document_id,
                                               guint     start,
                                               guint     end,
                                               GError  **error);
gint64         _tz_store_insert_metric        (TzStore       *self,
                                               gint64         document_id,
                                               gint64         article_id,
                                               guint          ordinal,
                                               const Record  *record,
                                               gboolean       user_added,
                                               int            sentence_start,
                                               int            sentence_end,
                                               gboolean       follow,
                                               GError       **error);
guint          _tz_store_next_metric_ordinal  (TzStore  *self,
                                               gint64    article_id,
                                               GError  **error);
gint64         _tz_store_now_seconds          (void);
void           _tz_store_pages_from_json      (TzDocument *document,
                                               const char *json);
gboolean       _tz_store_set_not_metric_row   (TzStore  *self,
                                               gint64    metric_id,
                                               gboolean  not_metric,
                                               GError  **error);
char         **_tz_store_strv_from_json       (const char *json);

/* tz-store-corrections.c */
gboolean       _tz_store_keep_extracted       (TzStore       *self,
                                               gint64         metric_id,
                                               const Record  *current,
                                               GError       **error);
gboolean       _tz_store_load_record          (TzStore  *self,
                                               gint64    metric_id,
                                               Record   *record,
                                               GError  **error);
void           _tz_store_record_apply         (Record     *record,
                                               int         field,
                                               const char *value);
gboolean       _tz_store_record_from_json     (Record     *record,
                                               const char *json);
char          *_tz_store_record_to_json       (const Record *record,
                                               gboolean      whole);
void           _tz_store_record_view_fields   (Record               *record,
                                               const TzMetricFields *fields);
gboolean       _tz_store_write_record         (TzStore       *self,
                                               gint64         metric_id,
                                               const Record  *record,
                                               gboolean       corrected,
                                               GError       **error);

/* tz-store-objects.c */
void           _tz_store_drop_text_cache      (TzStore  *self);

/* tz-store-queries.c */
void           _tz_store_text_has_func        (sqlite3_context  *context,
                                               int               argc,
                                               sqlite3_value   **argv);
TzMetricTable *_tz_store_ensure_table_from    (TzStore   *self,
                                               gboolean   from_sql,
                                               GError   **error);
gboolean       _tz_store_read_data_version    (TzStore  *self,
                                               int      *version,
                                               GError  **error);
void           _tz_store_table_follow_metric  (TzStore *self,
                                               gint64   metric_id);

G_END_DECLS
