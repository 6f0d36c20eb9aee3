/* tz-metric-table.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-enums.h"
#include "tz-filter.h"

G_BEGIN_DECLS

/* The columns of every stored metric that lists filter, sort and group
 * by, packed in memory (about 48 bytes a metric), so that the Ledger view
 * and the charts answer in milliseconds on half a million metrics, where
 * SQLite needs a scan and a sort of the table for most of them. TzStore
 * fills it from its tables and throws it away when they change; it answers
 * exactly as the SQL queries of tz-store.c do (same rows, same order, ties
 * broken by id), and tests hold the two side by side.
 *
 * Not thread-safe: it belongs to the store's thread. */

typedef struct _TzMetricTable TzMetricTable;

/* Takes the next @len bytes of a table being written (tz_metric_table_write()). */
typedef gboolean (*TzMetricTableWriteFunc) (const void  *data,
                                            gsize        len,
                                            gpointer     user_data,
                                            GError     **error);

/* The columns of a stored metric the table holds (TABLE_COLUMNS in
 * tz-store.c); the strings are only read. */
typedef struct
{
  gint64      id;
  gint64      document_id;
  gint64      article_id;
  gint64      start;
  double      value;
  const char *unit;
  int         category;
  const char *subject;
  const char *region_code;
  const char *province_code;
  const char *prefecture_code;
  int         year;
  gboolean    not_metric;
} TzMetricColumns;

TzMetricTable *tz_metric_table_new            (void);
void           tz_metric_table_free           (TzMetricTable  *table);

/* Loading, in id order: documents first, then metrics. FALSE when a value
 * does not fit the packed row (the store then keeps to SQL). */
gboolean       tz_metric_table_add_document   (TzMetricTable  *table,
                                               gint64          id,
                                               const char     *name,
                                               gint64          imported_at);
gboolean       tz_metric_table_add_metric     (TzMetricTable  *table,
                                               const TzMetricColumns *metric);
void           tz_metric_table_seal           (TzMetricTable  *table);
gboolean       tz_metric_table_update_metric  (TzMetricTable  *table,
                                               const TzMetricColumns *metric);
void           tz_metric_table_truncate       (TzMetricTable  *table,
                                               guint           n_documents,
                                               guint           n_rows);

/* @filter_level: the level of the filter's region code
 * @articles: (nullable) (element-type gint64): the article ids a search
 *   matched, for a filter with one */
guint          tz_metric_table_get_n_rows     (TzMetricTable  *table);
guint          tz_metric_table_get_n_documents (TzMetricTable *table);
gint64         tz_metric_table_get_last_id    (TzMetricTable  *table);
gboolean       tz_metric_table_write          (TzMetricTable  *table,
                                               guint64         key,
                                               TzMetricTableWriteFunc write,
                                               gpointer        user_data,
                                               GError        **error);
TzMetricTable *tz_metric_table_deserialize    (GBytes         *bytes,
                                               guint64        *key);
GArray        *tz_metric_table_query_ids      (TzMetricTable  *table,
                                               TzFilter       *filter,
                                               TzRegionLevel   filter_level,
                                               GHashTable     *articles);
GArray        *tz_metric_table_aggregate      (TzMetricTable  *table,
                                               TzFilter       *filter,
                                               TzRegionLevel   filter_level,
                                               GHashTable     *articles,
                                               TzGroupBy       group_by,
                                               TzRegionLevel   level,
                                               TzAggregate     aggregate);
GPtrArray     *tz_metric_table_subject_counts (TzMetricTable  *table,
                                               guint           limit,
                                               GArray        **counts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TzMetricTable, tz_metric_table_free)

G_END_DECLS
