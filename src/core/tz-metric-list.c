/* tz-metric-list.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-metric-list"

#include "config.h"

#include "tz-metric.h"
#include "tz-metric-list.h"

/* The Ledger view's rows: every stored metric the filter selects, in the
 * filter's order, built a page at a time. */

struct _TzMetricList
{
  TzLazyList parent_instance;
};

G_DEFINE_FINAL_TYPE (TzMetricList, tz_metric_list, TZ_TYPE_LAZY_LIST)

static void
query_ids_async (TzLazyList          *list,
                 TzLedger            *ledger,
                 TzFilter            *filter,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  tz_ledger_query_metric_ids_async (ledger, filter, cancellable, callback, user_data);
}

static GArray *
query_ids_finish (TzLazyList    *list,
                  TzLedger      *ledger,
                  GAsyncResult  *result,
                  GError       **error)
{
  return tz_ledger_query_metric_ids_finish (ledger, result, error);
}

static void
load_async (TzLazyList          *list,
            TzLedger            *ledger,
            const gint64        *ids,
            guint                n_ids,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  tz_ledger_load_metrics_async (ledger, ids, n_ids, cancellable, callback, user_data);
}

static GPtrArray *
load_finish (TzLazyList    *list,
             TzLedger      *ledger,
             GAsyncResult  *result,
             GError       **error)
{
  return tz_ledger_load_metrics_finish (ledger, result, error);
}

static GObject *
new_placeholder (TzLazyList *list,
                 gint64      id)
{
  TzMetric *metric = tz_metric_new ();

  tz_metric_set_id (metric, id);
  return G_OBJECT (metric);
}

static gint64
get_id (TzLazyList *list,
        GObject    *item)
{
  return tz_metric_get_id (TZ_METRIC (item));
}

static void
fill (TzLazyList *list,
      GObject    *placeholder,
      GObject    *loaded)
{
  tz_metric_assign (TZ_METRIC (placeholder), TZ_METRIC (loaded));
}

static void
tz_metric_list_class_init (TzMetricListClass *klass)
{
  TzLazyListClass *list_class = TZ_LAZY_LIST_CLASS (klass);

  list_class->item_type = TZ_TYPE_METRIC;
  list_class->query_ids_async = query_ids_async;
  list_class->query_ids_finish = query_ids_finish;
  list_class->load_async = load_async;
  list_class->load_finish = load_finish;
  list_class->new_placeholder = new_placeholder;
  list_class->get_id = get_id;
  list_class->fill = fill;
}

static void
tz_metric_list_init (TzMetricList *self)
{
}

TzMetricList *
tz_metric_list_new (TzLedger *ledger,
                    TzFilter *filter)
{
  g_return_val_if_fail (TZ_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (filter == NULL || TZ_IS_FILTER (filter), NULL);

  return g_object_new (TZ_TYPE_METRIC_LIST, "ledger", ledger, "filter", filter, NULL);
}
