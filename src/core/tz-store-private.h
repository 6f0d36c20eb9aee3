/* tz-store-private.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-ledger.h"
#include "tz-store.h"

G_BEGIN_DECLS

/* Hooks for the tests of the store and the ledger; nothing else calls them. */

/* Lets @n more statements run, then fails the next one once (as an I/O
 * error would); -1 turns it off. */
void         tz_store_set_fail_after_statements (TzStore  *self,
                                                 int       n);
void         tz_store_set_busy_timeout          (TzStore  *self,
                                                 guint     milliseconds);
GThread     *tz_store_get_owner_thread          (TzStore  *self);
/* Lists and charts come from the metrics in memory unless this is FALSE;
 * the tests hold the two side by side. */
void         tz_store_set_metric_table          (TzStore  *self,
                                                 gboolean  enabled);
/* How many times this connection has read the metrics into memory from
 * SQL (not from the cache, which is kept at the path given). */
guint        tz_store_get_n_table_loads         (TzStore  *self);
/* How many times this connection has read a document's text to slice
 * figures' sentences from. */
guint        tz_store_get_n_text_reads          (TzStore  *self);
const char  *tz_store_get_cache_path            (TzStore  *self);
void         tz_store_save_cache                (TzStore  *self,
                                                 gboolean  closing);

/* Called every @rows rows while the metrics are read into memory (half a
 * second for a big ledger), so that the ledger's thread can answer a view
 * waiting for a page of records in between. Only reads that do not need
 * the metrics in memory may run in it. */
typedef void (*TzStoreYieldFunc) (gpointer user_data);
void         tz_store_set_yield_func            (TzStore          *self,
                                                 guint             rows,
                                                 TzStoreYieldFunc  func,
                                                 gpointer          user_data);

/* The migration scripts: script @index takes a ledger from schema
 * @index to @index + 1. */
guint        tz_store_get_n_migrations          (void);
const char  *tz_store_get_migration             (guint     index);

/* The ledger's store and thread, only to check which thread uses what. */
TzStore     *tz_ledger_peek_store               (TzLedger *self);
GThread     *tz_ledger_get_thread               (TzLedger *self);

G_END_DECLS
