/* tz-store.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-enums.h"
#include "tz-filter.h"
#include "tz-types.h"

G_BEGIN_DECLS

/* TzStore is one connection to a ledger file. It is used from one thread
 * at a time (the thread that opened it; checked in debug builds): the CLI
 * uses it on its main thread, the importer on its writer thread, and the
 * app only through TzLedger, which owns a store on a thread of its own.
 * The UI thread never touches SQLite. */

#define TZ_STORE_ERROR (tz_store_error_quark ())

typedef enum
{
  TZ_STORE_ERROR_FAILED,
  TZ_STORE_ERROR_DUPLICATE,    /* a document with the same sha256 is stored */
  TZ_STORE_ERROR_NOT_FOUND,
  TZ_STORE_ERROR_READ_ONLY,    /* the file or its folder cannot be written */
  TZ_STORE_ERROR_NEWER_SCHEMA, /* written by a newer Taizhang; left untouched */
  TZ_STORE_ERROR_CORRUPT,      /* not a ledger, or damaged */
  TZ_STORE_ERROR_BUSY,         /* locked by another process past the timeout */
  TZ_STORE_ERROR_FULL,         /* the disk is full */
  TZ_STORE_ERROR_INVALID,      /* a correction or user figure does not fit */
} TzStoreError;

typedef enum
{
  TZ_STORE_OPEN_DEFAULT   = 0,
  TZ_STORE_OPEN_READ_ONLY = 1 << 0,
} TzStoreOpenFlags;

/* A field the user can correct on a metric. The values are stored in
 * ledger files: never renumber them, only append. */
typedef enum
{
  TZ_FIELD_VALUE,
  TZ_FIELD_UNIT,
  TZ_FIELD_APPROX,
  TZ_FIELD_SUBJECT,
  TZ_FIELD_REGION,   /* a GB/T 2260 code, or "" for none */
  TZ_FIELD_YEAR,     /* "2023", or "" for none */
  TZ_FIELD_TARGET,   /* "true" / "false" */
} TzField;

/* One group of an aggregation: a region (code at the requested level, ""
 * for figures with no region), a year (0 when grouping by region only, or
 * for figures without a year), the combined value, and how many stored
 * records went into it. */
typedef struct
{
  char    region_code[8];
  int     year;
  double  value;
  guint   n_records;
} TzAggregateRow;

typedef struct
{
  guint64 n_documents;
  guint64 n_articles;
  guint64 n_metrics;
  guint64 n_corrections;
  guint64 text_bytes;  /* normalized text stored */
  guint64 file_bytes;  /* size of the ledger file (with its WAL) */
  guint64 n_unindexed; /* documents whose full-text rows are pending */
  int     schema_version;
} TzStoreStats;

#define TZ_TYPE_STORE (tz_store_get_type ())

G_DECLARE_FINAL_TYPE (TzStore, tz_store, TZ, STORE, GObject)

GQuark        tz_store_error_quark          (void);
char         *tz_store_default_path         (void);

TzStore      *tz_store_open                 (const char        *path,
                                             TzStoreOpenFlags   flags,
                                             GError           **error);
const char   *tz_store_get_path             (TzStore           *self);
gboolean      tz_store_is_read_only         (TzStore           *self);
int           tz_store_get_schema_version   (TzStore           *self);
gboolean      tz_store_get_stats            (TzStore           *self,
                                             TzStoreStats      *stats,
                                             GError           **error);
/* While set, a cancelled @cancellable interrupts the running statement:
 * the call fails with G_IO_ERROR_CANCELLED and its transaction is rolled
 * back. */
void          tz_store_set_cancellable      (TzStore           *self,
                                             GCancellable      *cancellable);

/* Documents. tz_store_add_document() writes the document, its articles,
 * metrics and full-text rows in ONE transaction, then applies any
 * corrections already stored for the same sha256; on error nothing is
 * left behind. Sets the ids on the objects it stored. */
gboolean      tz_store_has_document         (TzStore           *self,
                                             const char        *sha256,
                                             gint64            *id);
gint64        tz_store_add_document         (TzStore           *self,
                                             TzDocument        *document,
                                             GError           **error);
TzDocument   *tz_store_load_document        (TzStore           *self,
                                             gint64             id,
                                             gboolean           with_articles,
                                             GError           **error);
gboolean      tz_store_delete_document      (TzStore           *self,
                                             gint64             id,
                                             GError           **error);
GArray       *tz_store_list_outdated        (TzStore           *self,
                                             int                extractor_version,
                                             GError           **error);
gboolean      tz_store_replace_extraction   (TzStore           *self,
                                             gint64             id,
                                             TzDocument        *document,
                                             GError           **error);
void          tz_store_set_defer_indexing   (TzStore           *self,
                                             gboolean           defer);
gboolean      tz_store_tune_for_import      (TzStore           *self,
                                             GError           **error);
void          tz_store_follow_imports       (TzStore           *self);
gboolean      tz_store_index_pending        (TzStore           *self,
                                             guint              limit,
                                             guint             *n_indexed,
                                             GError           **error);
gboolean      tz_store_begin_batch          (TzStore           *self,
                                             GError           **error);
gboolean      tz_store_commit_batch         (TzStore           *self,
                                             GError           **error);
void          tz_store_abort_batch          (TzStore           *self);

/* Corrections live apart from extracted values (keyed by the document's
 * sha256 and the figure's span), so re-extraction and re-import never
 * lose them. */
gboolean      tz_store_correct_metric       (TzStore           *self,
                                             gint64             metric_id,
                                             TzField            field,
                                             const char        *value,
                                             GError           **error);
gboolean      tz_store_set_not_metric       (TzStore           *self,
                                             gint64             metric_id,
                                             gboolean           not_metric,
                                             GError           **error);
gboolean      tz_store_restore_metric       (TzStore           *self,
                                             gint64             metric_id,
                                             GError           **error);
gint64        tz_store_add_user_metric      (TzStore           *self,
                                             gint64             article_id,
                                             TzMetric          *metric,
                                             GError           **error);

/* Queries. Ids come back in the filter's order. */
GArray       *tz_store_query_metric_ids     (TzStore           *self,
                                             TzFilter          *filter,
                                             GError           **error);
GArray       *tz_store_query_article_ids    (TzStore           *self,
                                             TzFilter          *filter,
                                             GError           **error);
GArray       *tz_store_query_document_ids   (TzStore           *self,
                                             GError           **error);
GPtrArray    *tz_store_load_metrics         (TzStore           *self,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             GError           **error);
GPtrArray    *tz_store_load_articles        (TzStore           *self,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             GError           **error);
GPtrArray    *tz_store_load_article_rows    (TzStore           *self,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             GError           **error);
GPtrArray    *tz_store_load_documents       (TzStore           *self,
                                             const gint64      *ids,
                                             guint              n_ids,
                                             GError           **error);
GArray       *tz_store_aggregate            (TzStore           *self,
                                             TzFilter          *filter,
                                             TzGroupBy          group_by,
                                             TzRegionLevel      level,
                                             TzAggregate        aggregate,
                                             GError           **error);
GPtrArray    *tz_store_list_subjects        (TzStore           *self,
                                             guint              limit,
                                             GError           **error);
/* The same, with @counts (guint) filled in parallel to the strings. */
GPtrArray    *tz_store_list_subject_counts  (TzStore           *self,
                                             guint              limit,
                                             GArray           **counts,
                                             GError           **error);

G_END_DECLS
