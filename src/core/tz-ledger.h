/* tz-ledger.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-enums.h"
#include "tz-filter.h"
#include "tz-store.h"
#include "tz-types.h"

G_BEGIN_DECLS

/* TzLedger is how the app uses a ledger: it owns one TzStore on a thread
 * of its own and runs every request there, in order — except that loading
 * a page of records goes ahead of the queries waiting (never of a change
 * waiting), so that a view draws its rows while a long query runs.
 * Results and the "changed" signal arrive on the main context that was
 * the thread default when the ledger was created. Disposing it stops the
 * thread; requests still waiting fail with G_IO_ERROR_CANCELLED. */

#define TZ_TYPE_LEDGER (tz_ledger_get_type ())

G_DECLARE_FINAL_TYPE (TzLedger, tz_ledger, TZ, LEDGER, GObject)

void          tz_ledger_new_async                 (const char           *path,
                                                   TzStoreOpenFlags      flags,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
TzLedger     *tz_ledger_new_finish                (GAsyncResult         *result,
                                                   GError              **error);
const char   *tz_ledger_get_path                  (TzLedger             *self);
gboolean      tz_ledger_is_read_only              (TzLedger             *self);
void          tz_ledger_notify_external_change    (TzLedger             *self);

/* Queries. The filter is copied when the call is made. */
void          tz_ledger_query_metric_ids_async    (TzLedger             *self,
                                                   TzFilter             *filter,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray       *tz_ledger_query_metric_ids_finish   (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_query_article_ids_async   (TzLedger             *self,
                                                   TzFilter             *filter,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray       *tz_ledger_query_article_ids_finish  (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_query_document_ids_async  (TzLedger             *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray       *tz_ledger_query_document_ids_finish (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_load_metrics_async        (TzLedger             *self,
                                                   const gint64         *ids,
                                                   guint                 n_ids,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *tz_ledger_load_metrics_finish       (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_load_article_rows_async   (TzLedger             *self,
                                                   const gint64         *ids,
                                                   guint                 n_ids,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *tz_ledger_load_article_rows_finish  (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_load_document_async       (TzLedger             *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
TzDocument   *tz_ledger_load_document_finish      (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* List rows: no text or articles, but their counts. */
void          tz_ledger_load_documents_async      (TzLedger             *self,
                                                   const gint64         *ids,
                                                   guint                 n_ids,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *tz_ledger_load_documents_finish     (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_aggregate_async           (TzLedger             *self,
                                                   TzFilter             *filter,
                                                   TzGroupBy             group_by,
                                                   TzRegionLevel         level,
                                                   TzAggregate           aggregate,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GArray       *tz_ledger_aggregate_finish          (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_list_subjects_async       (TzLedger             *self,
                                                   guint                 limit,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
GPtrArray    *tz_ledger_list_subjects_finish      (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_get_stats_async           (TzLedger             *self,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      tz_ledger_get_stats_finish          (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   TzStoreStats         *stats,
                                                   GError              **error);

/* Changes; each emits "changed" once it is saved. */
void          tz_ledger_correct_metric_async      (TzLedger             *self,
                                                   gint64                metric_id,
                                                   TzField               field,
                                                   const char           *value,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      tz_ledger_correct_metric_finish     (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_set_not_metric_async      (TzLedger             *self,
                                                   gint64                metric_id,
                                                   gboolean              not_metric,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      tz_ledger_set_not_metric_finish     (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_restore_metric_async      (TzLedger             *self,
                                                   gint64                metric_id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      tz_ledger_restore_metric_finish     (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
/* @metric is copied when the call is made; on success its ids are set. */
void          tz_ledger_add_user_metric_async     (TzLedger             *self,
                                                   gint64                article_id,
                                                   TzMetric             *metric,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gint64        tz_ledger_add_user_metric_finish    (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);
void          tz_ledger_delete_document_async     (TzLedger             *self,
                                                   gint64                id,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean      tz_ledger_delete_document_finish    (TzLedger             *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

G_END_DECLS
