/* tz-ledger.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-ledger"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tz-article.h"
#include "tz-document.h"
#include "tz-ledger.h"
#include "tz-metric.h"
#include "tz-store-private.h"

/* Like Epiphany's history service: requests wait in a queue and one thread
 * runs them against the store it opened, so SQLite is never used from the
 * UI thread and never from two threads. The queue carries GTasks; each
 * task's data is the Job describing it. */

typedef enum
{
  JOB_OPEN,
  JOB_QUERY_METRIC_IDS,
  JOB_QUERY_ARTICLE_IDS,
  JOB_QUERY_DOCUMENT_IDS,
  JOB_LOAD_METRICS,
  JOB_LOAD_ARTICLE_ROWS,
  JOB_LOAD_DOCUMENT,
  JOB_LOAD_DOCUMENTS,
  JOB_AGGREGATE,
  JOB_LIST_SUBJECTS,
  JOB_GET_STATS,
  JOB_CORRECT_METRIC,
  JOB_SET_NOT_METRIC,
  JOB_RESTORE_METRIC,
  JOB_ADD_USER_METRIC,
  JOB_DELETE_DOCUMENT,
} JobKind;

typedef struct
{
  JobKind        kind;
  TzFilter      *filter;
  GArray        *ids;
  gint64         id;
  TzField        field;
  char          *value;
  gboolean       flag;
  TzMetric      *metric;
  TzMetric      *original;
  TzGroupBy      group_by;
  TzRegionLevel  level;
  TzAggregate    aggregate;
  guint          limit;
} Job;

/* Shared by the ledger and its thread; whichever lets go last frees it. */
typedef struct
{
  GAsyncQueue      *queue;
  GMainContext     *context;
  GWeakRef          ledger;
  char             *path;
  TzStoreOpenFlags  flags;
  TzStore          *store;      /* only ever touched on the thread */
  int               quit;       /* atomic */
  int               read_only;  /* atomic */
  int               n_writes;   /* atomic: changes queued or running */
  gboolean          unindexed;  /* documents may lack their full-text rows */
} Worker;

struct _TzLedger
{
  GObject   parent_instance;

  Worker   *worker;
  GThread  *thread;
  GThread  *owner;   /* the thread that created it, never dereferenced */
  char     *path;
};

G_DEFINE_FINAL_TYPE (TzLedger, tz_ledger, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Pushed last by dispose: the thread stops when it pops it. */
static char quit_marker;

static gboolean
job_is_write (const Job *job)
{
  switch (job->kind)
    {
    case JOB_CORRECT_METRIC:
    case JOB_SET_NOT_METRIC:
    case JOB_RESTORE_METRIC:
    case JOB_ADD_USER_METRIC:
    case JOB_DELETE_DOCUMENT:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Pages of records a view waits on to draw its rows. */
static gboolean
job_is_load (const Job *job)
{
  switch (job->kind)
    {
    case JOB_LOAD_METRICS:
    case JOB_LOAD_ARTICLE_ROWS:
    case JOB_LOAD_DOCUMENT:
    case JOB_LOAD_DOCUMENTS:
      return TRUE;

    default:
      return FALSE;
    }
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->filter);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->value, g_free);
  g_clear_object (&job->metric);
  g_clear_object (&job->original);
  g_free (job);
}

static void
queue_item_free (gpointer item)
{
  if (item != &quit_marker)
    g_object_unref (item);
}

static void
worker_clear (gpointer data)
{
  Worker *worker = data;

  g_clear_pointer (&worker->queue, g_async_queue_unref);
  g_clear_pointer (&worker->context, g_main_context_unref);
  g_weak_ref_clear (&worker->ledger);
  g_clear_pointer (&worker->path, g_free);
  g_clear_object (&worker->store);
}

static Worker *
worker_ref (Worker *worker)
{
  return g_atomic_rc_box_acquire (worker);
}

static void
worker_unref (gpointer worker)
{
  g_atomic_rc_box_release_full (worker, worker_clear);
}

static gboolean
emit_changed_cb (gpointer data)
{
  Worker *worker = data;
  g_autoptr(TzLedger) ledger = g_weak_ref_get (&worker->ledger);

  if (ledger != NULL)
    g_signal_emit (ledger, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* Always through an idle source: g_main_context_invoke() would run the
 * handler right here when the ledger's context is the global default and
 * nobody iterates it at this moment. */
static void
worker_emit_changed (Worker *worker)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, emit_changed_cb, worker_ref (worker), worker_unref);
  g_source_set_static_name (source, "[tz-ledger] changed");
  g_source_attach (source, worker->context);
}

/* About 10 ms of reading the metrics into memory between two chances for
 * pages of records to go ahead. */
#define YIELD_ROWS 16384

static void worker_yield (gpointer data);

static void
worker_run (Worker *worker,
            GTask  *task)
{
  Job *job = g_task_get_task_data (task);
  TzStore *store = worker->store;
  GError *error = NULL;
  gpointer pointer = NULL;
  GDestroyNotify destroy = NULL;
  gboolean is_write = FALSE;
  gboolean ok = FALSE;

  if (job->kind == JOB_OPEN)
    {
      worker->store = tz_store_open (worker->path, worker->flags, &error);
      if (worker->store == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_atomic_int_set (&worker->read_only, tz_store_is_read_only (worker->store));
      worker->unindexed = !tz_store_is_read_only (worker->store);
      tz_store_set_yield_func (worker->store, YIELD_ROWS, worker_yield, worker);
      g_task_return_pointer (task, g_object_ref (g_task_get_source_object (task)), g_object_unref);
      return;
    }

  if (store == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The ledger is not open"));
      return;
    }

  /* The store was opened here; nothing else may use it. */
  g_assert (tz_store_get_owner_thread (store) == g_thread_self ());

  tz_store_set_cancellable (store, g_task_get_cancellable (task));

  /* Each result is computed before it is returned: the GError is only
   * set once the call has run. */
  switch (job->kind)
    {
    case JOB_QUERY_METRIC_IDS:
      pointer = tz_store_query_metric_ids (store, job->filter, &error);
      destroy = (GDestroyNotify) g_array_unref;
      break;

    case JOB_QUERY_ARTICLE_IDS:
      pointer = tz_store_query_article_ids (store, job->filter, &error);
      destroy = (GDestroyNotify) g_array_unref;
      break;

    case JOB_QUERY_DOCUMENT_IDS:
      pointer = tz_store_query_document_ids (store, &error);
      destroy = (GDestroyNotify) g_array_unref;
      break;

    case JOB_LOAD_METRICS:
      pointer = tz_store_load_metrics (store, (const gint64 *) (gpointer) job->ids->data,
                                       job->ids->len, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;

    case JOB_LOAD_ARTICLE_ROWS:
      pointer = tz_store_load_article_rows (store, (const gint64 *) (gpointer) job->ids->data,
                                            job->ids->len, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;

    case JOB_LOAD_DOCUMENT:
      pointer = tz_store_load_document (store, job->id, TRUE, &error);
      destroy = g_object_unref;
      break;

    case JOB_LOAD_DOCUMENTS:
      pointer = tz_store_load_documents (store, (const gint64 *) (gpointer) job->ids->data,
                                         job->ids->len, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;

    case JOB_AGGREGATE:
      pointer = tz_store_aggregate (store, job->filter, job->group_by, job->level,
                                    job->aggregate, &error);
      destroy = (GDestroyNotify) g_array_unref;
      break;

    case JOB_LIST_SUBJECTS:
      pointer = tz_store_list_subjects (store, job->limit, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;

    case JOB_GET_STATS:
      {
        TzStoreStats stats;

        if (tz_store_get_stats (store, &stats, &error))
          pointer = g_memdup2 (&stats, sizeof stats);
        destroy = g_free;
      }
      break;

    case JOB_CORRECT_METRIC:
      ok = tz_store_correct_metric (store, job->id, job->field, job->value, &error);
      is_write = TRUE;
      break;

    case JOB_SET_NOT_METRIC:
      ok = tz_store_set_not_metric (store, job->id, job->flag, &error);
      is_write = TRUE;
      break;

    case JOB_RESTORE_METRIC:
      ok = tz_store_restore_metric (store, job->id, &error);
      is_write = TRUE;
      break;

    case JOB_DELETE_DOCUMENT:
      ok = tz_store_delete_document (store, job->id, &error);
      is_write = TRUE;
      break;

    case JOB_ADD_USER_METRIC:
      {
        gint64 id = tz_store_add_user_metric (store, job->id, job->metric, &error);

        if (id > 0)
          {
            worker_emit_changed (worker);
            pointer = g_memdup2 (&id, sizeof id);
          }
        destroy = g_free;
      }
      break;

    case JOB_OPEN:
    default:
      g_assert_not_reached ();
    }

  tz_store_set_cancellable (store, NULL);

  if (is_write)
    {
      if (ok)
        {
          worker_emit_changed (worker);
          g_task_return_boolean (task, TRUE);
        }
      else
        g_task_return_error (task, error);
    }
  else if (pointer != NULL)
    g_task_return_pointer (task, pointer, destroy);
  else
    g_task_return_error (task, error);
}

/* While the store reads the metrics into memory, pages of records that
 * views wait on are read in between: the Reports view of a big ledger
 * draws while the Ledger view's first list is still being prepared. */
static void
worker_yield (gpointer data)
{
  Worker *worker = data;
  gpointer item;

  while ((item = g_async_queue_try_pop (worker->queue)) != NULL)
    {
      GTask *task = item;

      /* Page loads are queued at the front: the first other job ends it. */
      if (item == &quit_marker || !job_is_load (g_task_get_task_data (task)))
        {
          g_async_queue_push_front (worker->queue, item);
          return;
        }

      if (!g_task_return_error_if_cancelled (task))
        worker_run (worker, task);
      g_object_unref (task);
    }
}

/* The full-text rows an open left to write (see tz_store_open()), a few
 * documents at a time, so that a job arriving meanwhile waits for at
 * most one batch; searches find these documents all the same, by
 * reading their text, only slower. */
#define INDEX_BATCH 32

static void
worker_index_some (Worker *worker)
{
  g_autoptr(GError) error = NULL;
  guint n_indexed = 0;

  if (!tz_store_index_pending (worker->store, INDEX_BATCH, &n_indexed, &error))
    {
      /* Another program writing the ledger (an import, which indexes
       * what it leaves), or a read-only file system: not now. */
      g_debug ("Full-text rows left pending: %s", error->message);
      worker->unindexed = FALSE;
      return;
    }
  if (n_indexed < INDEX_BATCH)
    worker->unindexed = FALSE;
}

static gpointer
worker_main (gpointer data)
{
  Worker *worker = data;

  for (;;)
    {
      gpointer item;
      GTask *task;

      if (worker->store != NULL && worker->unindexed &&
          !g_atomic_int_get (&worker->quit))
        {
          if ((item = g_async_queue_try_pop (worker->queue)) == NULL)
            {
              worker_index_some (worker);
              continue;
            }
        }
      else
        item = g_async_queue_pop (worker->queue);

      if (item == &quit_marker)
        break;

      task = item;
      if (g_atomic_int_get (&worker->quit))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("The ledger was closed"));
      else if (!g_task_return_error_if_cancelled (task))
        worker_run (worker, task);

      if (job_is_write (g_task_get_task_data (task)))
        g_atomic_int_dec_and_test (&worker->n_writes);

      /* Nothing else to do: keep the metrics in memory for the next run. */
      if (worker->store != NULL && g_async_queue_length (worker->queue) == 0)
        tz_store_save_cache (worker->store, FALSE);

      /* This can drop the last reference to the ledger: its dispose then
       * sees it runs here and only asks us to stop. */
      g_object_unref (task);
    }

  /* Close the connection on the thread that used it. */
  g_clear_object (&worker->store);
  worker_unref (worker);

  return NULL;
}

static void
tz_ledger_dispose (GObject *object)
{
  TzLedger *self = (TzLedger *)object;

  if (self->worker != NULL)
    {
      g_atomic_int_set (&self->worker->quit, TRUE);
      g_async_queue_push (self->worker->queue, &quit_marker);

      if (self->thread == g_thread_self ())
        g_thread_unref (self->thread);
      else
        g_thread_join (self->thread);
      self->thread = NULL;

      g_clear_pointer (&self->worker, worker_unref);
    }

  G_OBJECT_CLASS (tz_ledger_parent_class)->dispose (object);
}

static void
tz_ledger_finalize (GObject *object)
{
  TzLedger *self = (TzLedger *)object;

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tz_ledger_parent_class)->finalize (object);
}

static void
tz_ledger_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TzLedger *self = TZ_LEDGER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, tz_ledger_is_read_only (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_ledger_class_init (TzLedgerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tz_ledger_dispose;
  object_class->finalize = tz_ledger_finalize;
  object_class->get_property = tz_ledger_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_READ_ONLY] = g_param_spec_boolean ("read-only", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzLedger::changed:
   *
   * The ledger's contents changed: through this ledger, or through another
   * connection that called tz_ledger_notify_external_change().
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tz_ledger_init (TzLedger *self)
{
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

/* Queues @job; the task completes on the caller's thread-default context. */
static void
submit (TzLedger            *self,
        Job                 *job,
        gpointer             source_tag,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, job_free);

  /* Once saved, a change must be reported as saved. */
  if (job_is_write (job))
    g_task_set_check_cancellable (task, FALSE);

  if (self->worker == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The ledger is closed"));
      return;
    }

  /* A view waiting for a page of rows should not wait for a long query
   * queued before it (the first list of a big ledger reads every metric),
   * but never goes ahead of a change. */
  if (job_is_write (job))
    g_atomic_int_inc (&self->worker->n_writes);
  if (job_is_load (job) && g_atomic_int_get (&self->worker->n_writes) == 0)
    g_async_queue_push_front (self->worker->queue, g_steal_pointer (&task));
  else
    g_async_queue_push (self->worker->queue, g_steal_pointer (&task));
}

/**
 * tz_ledger_new_async:
 * @path: (nullable): the ledger file, or %NULL for tz_store_default_path()
 *
 * Opens a ledger on a new thread (see tz_store_open()).
 */
void
tz_ledger_new_async (const char          *path,
                     TzStoreOpenFlags     flags,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(TzLedger) self = g_object_new (TZ_TYPE_LEDGER, NULL);
  Worker *worker;

  self->path = path != NULL ? g_strdup (path) : tz_store_default_path ();
  self->owner = g_thread_self ();

  worker = g_atomic_rc_box_new0 (Worker);
  worker->queue = g_async_queue_new_full (queue_item_free);
  worker->context = g_main_context_ref_thread_default ();
  g_weak_ref_init (&worker->ledger, self);
  worker->path = g_strdup (self->path);
  worker->flags = flags;

  self->worker = worker;
  self->thread = g_thread_new ("tz-ledger", worker_main, worker_ref (worker));

  submit (self, job_new (JOB_OPEN), tz_ledger_new_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_new_finish:
 *
 * Returns: (transfer full): the open ledger, or %NULL with @error set
 */
TzLedger *
tz_ledger_new_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tz_ledger_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
tz_ledger_get_path (TzLedger *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER (self), NULL);
  return self->path;
}

gboolean
tz_ledger_is_read_only (TzLedger *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER (self), TRUE);
  return self->worker != NULL && g_atomic_int_get (&self->worker->read_only);
}

/**
 * tz_ledger_notify_external_change:
 *
 * Says the ledger file was changed through another connection (the
 * importer's): emits "changed" at once when called on the thread that
 * created the ledger, else soon after on that thread's main context.
 */
void
tz_ledger_notify_external_change (TzLedger *self)
{
  g_return_if_fail (TZ_IS_LEDGER (self));

  if (g_thread_self () == self->owner)
    g_signal_emit (self, signals[CHANGED], 0);
  else if (self->worker != NULL)
    worker_emit_changed (self->worker);
}

static gboolean
check_result (TzLedger     *self,
              GAsyncResult *result,
              gpointer      source_tag)
{
  return g_task_is_valid (result, self) &&
         g_task_get_source_tag (G_TASK (result)) == source_tag;
}

void
tz_ledger_query_metric_ids_async (TzLedger            *self,
                                  TzFilter            *filter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (TZ_IS_FILTER (filter));

  job = job_new (JOB_QUERY_METRIC_IDS);
  job->filter = tz_filter_copy (filter);
  submit (self, job, tz_ledger_query_metric_ids_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_query_metric_ids_finish:
 *
 * Returns: (transfer full) (element-type gint64): see tz_store_query_metric_ids()
 */
GArray *
tz_ledger_query_metric_ids_finish (TzLedger      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_query_metric_ids_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_query_article_ids_async (TzLedger            *self,
                                   TzFilter            *filter,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (TZ_IS_FILTER (filter));

  job = job_new (JOB_QUERY_ARTICLE_IDS);
  job->filter = tz_filter_copy (filter);
  submit (self, job, tz_ledger_query_article_ids_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_query_article_ids_finish:
 *
 * Returns: (transfer full) (element-type gint64): see tz_store_query_article_ids()
 */
GArray *
tz_ledger_query_article_ids_finish (TzLedger      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_query_article_ids_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_query_document_ids_async (TzLedger            *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (TZ_IS_LEDGER (self));

  submit (self, job_new (JOB_QUERY_DOCUMENT_IDS), tz_ledger_query_document_ids_async,
          cancellable, callback, user_data);
}

/**
 * tz_ledger_query_document_ids_finish:
 *
 * Returns: (transfer full) (element-type gint64): every document, in import order
 */
GArray *
tz_ledger_query_document_ids_finish (TzLedger      *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_query_document_ids_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GArray *
copy_ids (const gint64 *ids,
          guint         n_ids)
{
  GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_ids);

  g_array_append_vals (copy, ids, n_ids);
  return copy;
}

void
tz_ledger_load_metrics_async (TzLedger            *self,
                              const gint64        *ids,
                              guint                n_ids,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  job = job_new (JOB_LOAD_METRICS);
  job->ids = copy_ids (ids, n_ids);
  submit (self, job, tz_ledger_load_metrics_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_load_metrics_finish:
 *
 * Returns: (transfer full) (element-type TzMetric): see tz_store_load_metrics()
 */
GPtrArray *
tz_ledger_load_metrics_finish (TzLedger      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_load_metrics_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_load_article_rows_async (TzLedger            *self,
                                   const gint64        *ids,
                                   guint                n_ids,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  job = job_new (JOB_LOAD_ARTICLE_ROWS);
  job->ids = copy_ids (ids, n_ids);
  submit (self, job, tz_ledger_load_article_rows_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_load_article_rows_finish:
 *
 * Returns: (transfer full) (element-type TzArticle): see tz_store_load_article_rows()
 */
GPtrArray *
tz_ledger_load_article_rows_finish (TzLedger      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_load_article_rows_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_load_document_async (TzLedger            *self,
                               gint64               id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_LOAD_DOCUMENT);
  job->id = id;
  submit (self, job, tz_ledger_load_document_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_load_document_finish:
 *
 * Returns: (transfer full): the document with its articles and metrics
 */
TzDocument *
tz_ledger_load_document_finish (TzLedger      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_load_document_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_load_documents_async (TzLedger            *self,
                                const gint64        *ids,
                                guint                n_ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  job = job_new (JOB_LOAD_DOCUMENTS);
  job->ids = copy_ids (ids, n_ids);
  submit (self, job, tz_ledger_load_documents_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_load_documents_finish:
 *
 * Returns: (transfer full) (element-type TzDocument): see tz_store_load_documents()
 */
GPtrArray *
tz_ledger_load_documents_finish (TzLedger      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_load_documents_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_aggregate_async (TzLedger            *self,
                           TzFilter            *filter,
                           TzGroupBy            group_by,
                           TzRegionLevel        level,
                           TzAggregate          aggregate,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (TZ_IS_FILTER (filter));

  job = job_new (JOB_AGGREGATE);
  job->filter = tz_filter_copy (filter);
  job->group_by = group_by;
  job->level = level;
  job->aggregate = aggregate;
  submit (self, job, tz_ledger_aggregate_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_aggregate_finish:
 *
 * Returns: (transfer full) (element-type TzAggregateRow): see tz_store_aggregate()
 */
GArray *
tz_ledger_aggregate_finish (TzLedger      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_aggregate_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_list_subjects_async (TzLedger            *self,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_LIST_SUBJECTS);
  job->limit = limit;
  submit (self, job, tz_ledger_list_subjects_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_list_subjects_finish:
 *
 * Returns: (transfer full) (element-type utf8): see tz_store_list_subjects()
 */
GPtrArray *
tz_ledger_list_subjects_finish (TzLedger      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_list_subjects_async), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tz_ledger_get_stats_async (TzLedger            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (TZ_IS_LEDGER (self));

  submit (self, job_new (JOB_GET_STATS), tz_ledger_get_stats_async,
          cancellable, callback, user_data);
}

gboolean
tz_ledger_get_stats_finish (TzLedger      *self,
                            GAsyncResult  *result,
                            TzStoreStats  *stats,
                            GError       **error)
{
  g_autofree TzStoreStats *found = NULL;

  g_return_val_if_fail (check_result (self, result, tz_ledger_get_stats_async), FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;

  *stats = *found;
  return TRUE;
}

void
tz_ledger_correct_metric_async (TzLedger            *self,
                                gint64               metric_id,
                                TzField              field,
                                const char          *value,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_CORRECT_METRIC);
  job->id = metric_id;
  job->field = field;
  job->value = g_strdup (value);
  submit (self, job, tz_ledger_correct_metric_async, cancellable, callback, user_data);
}

gboolean
tz_ledger_correct_metric_finish (TzLedger      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_correct_metric_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tz_ledger_set_not_metric_async (TzLedger            *self,
                                gint64               metric_id,
                                gboolean             not_metric,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_SET_NOT_METRIC);
  job->id = metric_id;
  job->flag = !!not_metric;
  submit (self, job, tz_ledger_set_not_metric_async, cancellable, callback, user_data);
}

gboolean
tz_ledger_set_not_metric_finish (TzLedger      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_set_not_metric_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tz_ledger_restore_metric_async (TzLedger            *self,
                                gint64               metric_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_RESTORE_METRIC);
  job->id = metric_id;
  submit (self, job, tz_ledger_restore_metric_async, cancellable, callback, user_data);
}

gboolean
tz_ledger_restore_metric_finish (TzLedger      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_restore_metric_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The thread gets its own copy: GObjects are not for sharing between
 * threads while one of them may still change it. */
static TzMetric *
copy_metric (TzMetric *metric)
{
  TzMetric *copy = tz_metric_new ();
  TzDecimal value;

  tz_metric_get_value (metric, &value);
  tz_metric_set_text (copy, tz_metric_get_text (metric));
  tz_metric_set_span (copy, tz_metric_get_start (metric), tz_metric_get_end (metric));
  tz_metric_set_value (copy, &value);
  tz_metric_set_unit (copy, tz_metric_get_unit (metric));
  tz_metric_set_category (copy, tz_metric_get_category (metric));
  tz_metric_set_approx (copy, tz_metric_get_approx (metric));
  tz_metric_set_subject (copy, tz_metric_get_subject (metric));
  tz_metric_set_region (copy, tz_metric_get_region (metric));
  tz_metric_set_year (copy, tz_metric_get_year (metric));
  tz_metric_set_year_source (copy, tz_metric_get_year_source (metric));
  tz_metric_set_target (copy, tz_metric_get_target (metric));
  tz_metric_set_sentence (copy, tz_metric_get_sentence (metric));

  return copy;
}

void
tz_ledger_add_user_metric_async (TzLedger            *self,
                                 gint64               article_id,
                                 TzMetric            *metric,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));
  g_return_if_fail (TZ_IS_METRIC (metric));

  job = job_new (JOB_ADD_USER_METRIC);
  job->id = article_id;
  job->metric = copy_metric (metric);
  /* Only _finish() touches it, on the caller's thread, to set its ids. */
  job->original = g_object_ref (metric);
  submit (self, job, tz_ledger_add_user_metric_async, cancellable, callback, user_data);
}

/**
 * tz_ledger_add_user_metric_finish:
 *
 * Returns: the new metric's id (also set on the metric given), or 0
 */
gint64
tz_ledger_add_user_metric_finish (TzLedger      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_autofree gint64 *id = NULL;
  Job *job;

  g_return_val_if_fail (check_result (self, result, tz_ledger_add_user_metric_async), 0);

  id = g_task_propagate_pointer (G_TASK (result), error);
  if (id == NULL)
    return 0;

  job = g_task_get_task_data (G_TASK (result));
  tz_metric_set_id (job->original, *id);
  tz_metric_set_article_id (job->original, tz_metric_get_article_id (job->metric));
  tz_metric_set_document_id (job->original, tz_metric_get_document_id (job->metric));
  tz_metric_set_user_added (job->original, TRUE);

  return *id;
}

void
tz_ledger_delete_document_async (TzLedger            *self,
                                 gint64               id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TZ_IS_LEDGER (self));

  job = job_new (JOB_DELETE_DOCUMENT);
  job->id = id;
  submit (self, job, tz_ledger_delete_document_async, cancellable, callback, user_data);
}

gboolean
tz_ledger_delete_document_finish (TzLedger      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (check_result (self, result, tz_ledger_delete_document_async), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------
 * Test hooks
 * --------------------------------------------------------------------- */

TzStore *
tz_ledger_peek_store (TzLedger *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER (self), NULL);
  return self->worker != NULL ? self->worker->store : NULL;
}

GThread *
tz_ledger_get_thread (TzLedger *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER (self), NULL);
  return self->thread;
}
