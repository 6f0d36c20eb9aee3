/* test-ledger.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "tz-core.h"
#include "tz-filter.h"
#include "tz-fts-tokenizer.h"
#include "tz-ledger.h"
#include "tz-store.h"
#include "tz-store-private.h"

static const char * const fixtures[] = {
  "basic", "regions", "years", "layout",
};

typedef struct
{
  char       *dir;
  char       *path;
  TzLedger   *ledger;
  GThread    *main_thread;
  guint       n_changed;
} Fixture;

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

static TzDocument *
extract_fixture (const char *name)
{
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  TzDocument *document;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  document = tz_extractor_extract_bytes (extractor, file, bytes, &error);
  g_assert_no_error (error);

  return document;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

/* Result of one async call, caught by a callback. */
typedef struct
{
  GAsyncResult *result;
  guint         n_calls;
} Caught;

static void
catch_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Caught *caught = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_clear_object (&caught->result);
  caught->result = g_object_ref (result);
  caught->n_calls++;
}

static GAsyncResult *
wait_for (Caught *caught)
{
  while (caught->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (caught->n_calls, ==, 1);
  caught->n_calls = 0;
  return g_steal_pointer (&caught->result);
}

static TzLedger *
open_ledger (const char        *path,
             TzStoreOpenFlags   flags,
             GError           **error)
{
  Caught caught = { NULL, 0 };
  g_autoptr(GAsyncResult) result = NULL;

  tz_ledger_new_async (path, flags, NULL, catch_result, &caught);
  result = wait_for (&caught);
  return tz_ledger_new_finish (result, error);
}

static void
on_changed (TzLedger *ledger,
            Fixture  *fixture)
{
  g_assert_true (g_thread_self () == fixture->main_thread);
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;

  fixture->main_thread = g_thread_self ();
  fixture->dir = g_dir_make_tmp ("tz-ledger-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "ledger.db", NULL);

  /* Filled through a connection of its own, as the importer would. */
  store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(TzDocument) document = extract_fixture (fixtures[i]);

      g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  fixture->ledger = open_ledger (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->ledger);
  g_signal_connect (fixture->ledger, "changed", G_CALLBACK (on_changed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->ledger);
  /* Let late idles (results, "changed") run and release their refs. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A store on this thread, over the same file, to compare results with. */
static TzStore *
reference_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_ids_equal (GArray *a,
                  GArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

static GArray *
ledger_metric_ids (TzLedger *ledger,
                   TzFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Caught caught = { NULL, 0 };
  GArray *ids;

  tz_ledger_query_metric_ids_async (ledger, filter, NULL, catch_result, &caught);
  result = wait_for (&caught);
  ids = tz_ledger_query_metric_ids_finish (ledger, result, &error);
  g_assert_no_error (error);

  return ids;
}

static GArray *
ledger_article_ids (TzLedger *ledger,
                    TzFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Caught caught = { NULL, 0 };
  GArray *ids;

  tz_ledger_query_article_ids_async (ledger, filter, NULL, catch_result, &caught);
  result = wait_for (&caught);
  ids = tz_ledger_query_article_ids_finish (ledger, result, &error);
  g_assert_no_error (error);

  return ids;
}

static TzMetric *
ledger_load_metric (TzLedger *ledger,
                    gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  Caught caught = { NULL, 0 };

  tz_ledger_load_metrics_async (ledger, &id, 1, NULL, catch_result, &caught);
  result = wait_for (&caught);
  metrics = tz_ledger_load_metrics_finish (ledger, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, 1);

  return g_object_ref (metrics->pdata[0]);
}

/* ------------------------------------------------------------------------
 * Tests
 * --------------------------------------------------------------------- */

static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  TzStore *store = tz_ledger_peek_store (fixture->ledger);
  g_autofree char *path = NULL;
  gboolean read_only = TRUE;

  g_assert_cmpstr (tz_ledger_get_path (fixture->ledger), ==, fixture->path);
  g_assert_false (tz_ledger_is_read_only (fixture->ledger));
  g_object_get (fixture->ledger, "path", &path, "read-only", &read_only, NULL);
  g_assert_cmpstr (path, ==, fixture->path);
  g_assert_false (read_only);

  /* The store belongs to the ledger's thread, which is not this one. */
  g_assert_nonnull (store);
  g_assert_nonnull (tz_ledger_get_thread (fixture->ledger));
  g_assert_true (tz_store_get_owner_thread (store) == tz_ledger_get_thread (fixture->ledger));
  g_assert_true (tz_store_get_owner_thread (store) != g_thread_self ());
}

static void
test_open_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tz-ledger-XXXXXX", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzLedger) ledger = NULL;

  g_file_set_contents (garbage, "not a ledger, just some words in a file", -1, &error);
  g_assert_no_error (error);

  ledger = open_ledger (garbage, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);
  g_assert_null (ledger);
  g_clear_error (&error);

  ledger = open_ledger (missing, TZ_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_assert_null (ledger);
  g_clear_error (&error);

  /* Cancelled before it ran. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GAsyncResult) result = NULL;
    Caught caught = { NULL, 0 };

    g_cancellable_cancel (cancellable);
    tz_ledger_new_async (missing, TZ_STORE_OPEN_DEFAULT, cancellable, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_null (tz_ledger_new_finish (result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (dir);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzLedger) ledger = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Caught caught = { NULL, 0 };

  ledger = open_ledger (fixture->path, TZ_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (tz_ledger_is_read_only (ledger));

  ids = ledger_metric_ids (ledger, filter);
  g_assert_cmpuint (ids->len, >, 0);

  tz_ledger_correct_metric_async (ledger, g_array_index (ids, gint64, 0), TZ_FIELD_VALUE, "1",
                                  NULL, catch_result, &caught);
  result = wait_for (&caught);
  g_assert_false (tz_ledger_correct_metric_finish (ledger, result, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
}

static void
test_queries (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TzStore) store = reference_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) expected = NULL;

  tz_filter_set_region_code (filter, "320000");
  tz_filter_set_sort_key (filter, TZ_SORT_VALUE);
  tz_filter_set_descending (filter, TRUE);

  ids = ledger_metric_ids (fixture->ledger, filter);
  expected = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 5);
  assert_ids_equal (ids, expected);

  /* Changing the filter after the call does not change the query. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) got = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_query_metric_ids_async (fixture->ledger, filter, NULL, catch_result, &caught);
    tz_filter_set_region_code (filter, "999900");
    result = wait_for (&caught);
    got = tz_ledger_query_metric_ids_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    assert_ids_equal (got, expected);
    tz_filter_set_region_code (filter, "320000");
  }

  /* Metrics by ids. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GPtrArray) metrics = NULL;
    g_autoptr(GPtrArray) reference = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_load_metrics_async (fixture->ledger, (gint64 *) (gpointer) ids->data, ids->len,
                                  NULL, catch_result, &caught);
    result = wait_for (&caught);
    metrics = tz_ledger_load_metrics_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    reference = tz_store_load_metrics (store, (gint64 *) (gpointer) ids->data, ids->len, &error);
    g_assert_cmpuint (metrics->len, ==, reference->len);
    for (guint i = 0; i < metrics->len; i++)
      {
        g_assert_cmpint (tz_metric_get_id (metrics->pdata[i]), ==, g_array_index (ids, gint64, i));
        g_assert_cmpstr (tz_metric_get_text (metrics->pdata[i]), ==, tz_metric_get_text (reference->pdata[i]));
        g_assert_cmpstr (tz_metric_get_subject (metrics->pdata[i]), ==, tz_metric_get_subject (reference->pdata[i]));
        g_assert_true (tz_region_equal (tz_metric_get_region (metrics->pdata[i]),
                                        tz_metric_get_region (reference->pdata[i])));
      }
  }

  /* Articles, documents. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) article_ids = NULL;
    g_autoptr(GArray) document_ids = NULL;
    g_autoptr(GPtrArray) articles = NULL;
    g_autoptr(TzDocument) document = NULL;
    g_autoptr(TzFilter) search = tz_filter_new ();
    Caught caught = { NULL, 0 };

    tz_filter_set_search (search, "职工");
    tz_ledger_query_article_ids_async (fixture->ledger, search, NULL, catch_result, &caught);
    result = wait_for (&caught);
    article_ids = tz_ledger_query_article_ids_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_clear_pointer (&expected, g_array_unref);
    expected = tz_store_query_article_ids (store, search, &error);
    assert_ids_equal (article_ids, expected);
    g_assert_cmpuint (article_ids->len, >, 3);
    g_clear_object (&result);

    /* Rows for the Reports list: without their figures, with their
     * count. */
    tz_ledger_load_article_rows_async (fixture->ledger, (gint64 *) (gpointer) article_ids->data,
                                       article_ids->len, NULL, catch_result, &caught);
    result = wait_for (&caught);
    articles = tz_ledger_load_article_rows_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (articles->len, ==, article_ids->len);
    {
      g_autoptr(GPtrArray) whole = tz_store_load_articles (store, (gint64 *) (gpointer) article_ids->data,
                                                           article_ids->len, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < articles->len; i++)
        {
          g_assert_cmpint (tz_article_get_id (articles->pdata[i]), ==, g_array_index (article_ids, gint64, i));
          g_assert_cmpstr (tz_article_get_title (articles->pdata[i]), ==, tz_article_get_title (whole->pdata[i]));
          g_assert_cmpuint (g_list_model_get_n_items (tz_article_get_metrics (articles->pdata[i])), ==, 0);
          g_assert_cmpuint (tz_article_get_metric_count (articles->pdata[i]), ==,
                            g_list_model_get_n_items (tz_article_get_metrics (whole->pdata[i])));
        }
    }
    g_clear_object (&result);

    tz_ledger_query_document_ids_async (fixture->ledger, NULL, catch_result, &caught);
    result = wait_for (&caught);
    document_ids = tz_ledger_query_document_ids_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (document_ids->len, ==, G_N_ELEMENTS (fixtures));
    g_clear_object (&result);

    tz_ledger_load_document_async (fixture->ledger, g_array_index (document_ids, gint64, 0),
                                   NULL, catch_result, &caught);
    result = wait_for (&caught);
    document = tz_ledger_load_document_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tz_document_get_name (document), ==, "basic.txt");
    g_assert_cmpuint (tz_document_get_n_articles (document), ==, 3);
    g_assert_cmpuint (tz_document_get_n_metrics (document), ==, 20);
    g_clear_object (&result);

    tz_ledger_load_document_async (fixture->ledger, 424242, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_null (tz_ledger_load_document_finish (fixture->ledger, result, &error));
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Aggregates, subjects, stats. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) rows = NULL;
    g_autoptr(GArray) reference = NULL;
    g_autoptr(GPtrArray) subjects = NULL;
    g_autoptr(GPtrArray) reference_subjects = NULL;
    g_autoptr(TzFilter) people = tz_filter_new ();
    TzStoreStats stats, reference_stats;
    Caught caught = { NULL, 0 };

    tz_filter_set_category (people, TZ_CATEGORY_PEOPLE);
    tz_ledger_aggregate_async (fixture->ledger, people, TZ_GROUP_BY_REGION, TZ_REGION_LEVEL_PROVINCE,
                               TZ_AGGREGATE_SUM, NULL, catch_result, &caught);
    result = wait_for (&caught);
    rows = tz_ledger_aggregate_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    reference = tz_store_aggregate (store, people, TZ_GROUP_BY_REGION, TZ_REGION_LEVEL_PROVINCE,
                                    TZ_AGGREGATE_SUM, &error);
    g_assert_cmpuint (rows->len, ==, reference->len);
    g_assert_cmpuint (rows->len, >, 2);
    for (guint i = 0; i < rows->len; i++)
      {
        TzAggregateRow *a = &g_array_index (rows, TzAggregateRow, i);
        TzAggregateRow *b = &g_array_index (reference, TzAggregateRow, i);

        g_assert_cmpstr (a->region_code, ==, b->region_code);
        g_assert_cmpint (a->year, ==, b->year);
        g_assert_cmpfloat (a->value, ==, b->value);
        g_assert_cmpuint (a->n_records, ==, b->n_records);
      }
    g_clear_object (&result);

    tz_ledger_list_subjects_async (fixture->ledger, 5, NULL, catch_result, &caught);
    result = wait_for (&caught);
    subjects = tz_ledger_list_subjects_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    reference_subjects = tz_store_list_subjects (store, 5, &error);
    g_assert_cmpuint (subjects->len, ==, 5);
    for (guint i = 0; i < subjects->len; i++)
      g_assert_cmpstr (subjects->pdata[i], ==, reference_subjects->pdata[i]);
    g_clear_object (&result);

    tz_ledger_get_stats_async (fixture->ledger, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_true (tz_ledger_get_stats_finish (fixture->ledger, result, &stats, &error));
    g_assert_no_error (error);
    g_assert_true (tz_store_get_stats (store, &reference_stats, &error));
    g_assert_cmpuint (stats.n_documents, ==, G_N_ELEMENTS (fixtures));
    g_assert_cmpuint (stats.n_metrics, ==, reference_stats.n_metrics);
    g_assert_cmpuint (stats.n_articles, ==, reference_stats.n_articles);
  }

  /* Reading never announces a change. */
  g_assert_cmpuint (fixture->n_changed, ==, 0);
}

static void
test_writes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TzMetric) metric = NULL;
  gint64 first;

  tz_filter_set_document_id (filter, 1);
  ids = ledger_metric_ids (fixture->ledger, filter);
  first = g_array_index (ids, gint64, 0);

  /* Correct. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    Caught caught = { NULL, 0 };
    TzDecimal value;

    tz_ledger_correct_metric_async (fixture->ledger, first, TZ_FIELD_VALUE, "60", NULL,
                                    catch_result, &caught);
    result = wait_for (&caught);
    g_assert_true (tz_ledger_correct_metric_finish (fixture->ledger, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fixture->n_changed, ==, 1);

    metric = ledger_load_metric (fixture->ledger, first);
    tz_metric_get_value (metric, &value);
    g_assert_cmpint (value.digits, ==, 60);
    g_assert_true (tz_metric_get_corrected (metric));
  }

  /* A refused change announces nothing. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_correct_metric_async (fixture->ledger, first, TZ_FIELD_YEAR, "1066", NULL,
                                    catch_result, &caught);
    result = wait_for (&caught);
    g_assert_false (tz_ledger_correct_metric_finish (fixture->ledger, result, &error));
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID);
    g_clear_error (&error);
    while (g_main_context_iteration (NULL, FALSE))
      ;
    g_assert_cmpuint (fixture->n_changed, ==, 1);
  }

  /* Hide, restore. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) after = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_set_not_metric_async (fixture->ledger, first, TRUE, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_true (tz_ledger_set_not_metric_finish (fixture->ledger, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fixture->n_changed, ==, 2);
    after = ledger_metric_ids (fixture->ledger, filter);
    g_assert_cmpuint (after->len, ==, ids->len - 1);
    g_clear_object (&result);
    g_clear_pointer (&after, g_array_unref);

    tz_ledger_restore_metric_async (fixture->ledger, first, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_true (tz_ledger_restore_metric_finish (fixture->ledger, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fixture->n_changed, ==, 3);
    after = ledger_metric_ids (fixture->ledger, filter);
    assert_ids_equal (after, ids);

    g_clear_object (&metric);
    metric = ledger_load_metric (fixture->ledger, first);
    g_assert_false (tz_metric_get_corrected (metric));
  }

  /* A figure of the user's own. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(TzDocument) document = NULL;
    g_autoptr(TzMetric) user = tz_metric_new ();
    g_autoptr(TzMetric) loaded = NULL;
    g_autoptr(TzArticle) article = NULL;
    Caught caught = { NULL, 0 };
    TzDecimal five = { 5, 0 };
    const char *text;
    guint start;
    gint64 id;

    tz_ledger_load_document_async (fixture->ledger, 1, NULL, catch_result, &caught);
    result = wait_for (&caught);
    document = tz_ledger_load_document_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_clear_object (&result);

    text = tz_document_get_text (document);
    start = g_utf8_pointer_to_offset (text, strstr (text, "第五届"));
    article = g_list_model_get_item (tz_document_get_articles (document), 1);
    tz_metric_set_text (user, "第五届");
    tz_metric_set_span (user, start, start + 3);
    tz_metric_set_value (user, &five);
    tz_metric_set_unit (user, "届");

    tz_ledger_add_user_metric_async (fixture->ledger, tz_article_get_id (article), user,
                                     NULL, catch_result, &caught);
    /* The ledger works on its own copy. */
    tz_metric_set_unit (user, "次");
    result = wait_for (&caught);
    id = tz_ledger_add_user_metric_finish (fixture->ledger, result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (id, >, 0);
    g_assert_cmpint (tz_metric_get_id (user), ==, id);
    g_assert_cmpint (tz_metric_get_article_id (user), ==, tz_article_get_id (article));
    g_assert_cmpint (tz_metric_get_document_id (user), ==, 1);
    g_assert_true (tz_metric_get_user_added (user));
    g_assert_cmpuint (fixture->n_changed, ==, 4);

    loaded = ledger_load_metric (fixture->ledger, id);
    g_assert_cmpstr (tz_metric_get_unit (loaded), ==, "届");
    g_assert_true (tz_metric_get_user_added (loaded));
  }

  /* Delete. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GArray) after = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_delete_document_async (fixture->ledger, 1, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_true (tz_ledger_delete_document_finish (fixture->ledger, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (fixture->n_changed, ==, 5);
    after = ledger_metric_ids (fixture->ledger, filter);
    g_assert_cmpuint (after->len, ==, 0);
  }
}

/* While the main thread is busy elsewhere (not iterating its context),
 * results and "changed" wait for it instead of running on the ledger's
 * thread. */
static void
test_main_thread_busy (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Caught caught = { NULL, 0 };

  tz_ledger_correct_metric_async (fixture->ledger, 1, TZ_FIELD_SUBJECT, "企业", NULL,
                                  catch_result, &caught);
  g_usleep (200 * 1000);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_null (caught.result);

  result = wait_for (&caught);
  g_assert_true (tz_ledger_correct_metric_finish (fixture->ledger, result, &error));
  g_assert_no_error (error);
  while (fixture->n_changed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
}

static gpointer
notify_from_thread (gpointer data)
{
  tz_ledger_notify_external_change (data);
  return NULL;
}

static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  GThread *thread;

  before = ledger_metric_ids (fixture->ledger, filter);

  /* The importer writes through its own connection … */
  {
    g_autoptr(TzStore) store = reference_store (fixture);
    g_autoptr(TzDocument) document = extract_fixture ("numerals");

    g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
    g_assert_no_error (error);
  }

  /* … and says so, from its thread. */
  thread = g_thread_new ("importer", notify_from_thread, fixture->ledger);
  g_thread_join (thread);
  while (fixture->n_changed == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  /* From the main thread it is immediate. */
  tz_ledger_notify_external_change (fixture->ledger);
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  after = ledger_metric_ids (fixture->ledger, filter);
  g_assert_cmpuint (after->len, >, before->len);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;

  /* Cancelled before the thread gets to it. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    Caught caught = { NULL, 0 };

    g_cancellable_cancel (cancellable);
    tz_ledger_query_metric_ids_async (fixture->ledger, filter, cancellable, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_null (tz_ledger_query_metric_ids_finish (fixture->ledger, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);

    tz_ledger_correct_metric_async (fixture->ledger, 1, TZ_FIELD_VALUE, "7", cancellable,
                                    catch_result, &caught);
    result = wait_for (&caught);
    g_assert_false (tz_ledger_correct_metric_finish (fixture->ledger, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (fixture->n_changed, ==, 0);
  }

  /* Cancelled while queued behind other work: each call completes once,
   * either with its result or cancelled, and nothing is left half done. */
  {
    Caught caught[20] = { { NULL, 0 }, };
    g_autoptr(GCancellable) late = g_cancellable_new ();
    guint n_cancelled = 0, n_done = 0;

    tz_filter_set_search (filter, "工");
    for (guint i = 0; i < G_N_ELEMENTS (caught); i++)
      tz_ledger_query_metric_ids_async (fixture->ledger, filter, i >= 10 ? late : NULL,
                                        catch_result, &caught[i]);
    g_cancellable_cancel (late);

    for (guint i = 0; i < G_N_ELEMENTS (caught); i++)
      {
        g_autoptr(GAsyncResult) result = wait_for (&caught[i]);
        g_autoptr(GArray) got = tz_ledger_query_metric_ids_finish (fixture->ledger, result, &error);

        if (got != NULL)
          n_done++;
        else
          {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
            g_assert_cmpuint (i, >=, 10);
            g_clear_error (&error);
            n_cancelled++;
          }
      }
    g_assert_cmpuint (n_done + n_cancelled, ==, 20);
    g_assert_cmpuint (n_done, >=, 10);
    g_test_message ("%u of 10 queued queries cancelled", n_cancelled);
  }

  ids = ledger_metric_ids (fixture->ledger, filter);
  g_assert_cmpuint (ids->len, >, 0);
}

static void
count_completion (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  guint *counts = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = tz_ledger_query_metric_ids_finish (TZ_LEDGER (source), result, &error);

  if (ids != NULL)
    counts[0]++;
  else
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      counts[1]++;
    }
}

static void
test_dispose_pending (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  guint counts[2] = { 0, 0 };
  guint n = 200;

  tz_filter_set_search (filter, "职工");
  for (guint i = 0; i < n; i++)
    tz_ledger_query_metric_ids_async (fixture->ledger, filter, NULL, count_completion, counts);

  /* The app quitting: the thread stops, the waiting calls are cancelled. */
  g_object_run_dispose (G_OBJECT (fixture->ledger));
  g_assert_null (tz_ledger_get_thread (fixture->ledger));
  g_assert_null (tz_ledger_peek_store (fixture->ledger));

  while (counts[0] + counts[1] < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts[0] + counts[1], ==, n);
  g_assert_cmpuint (counts[1], >, 0);
  g_test_message ("%u done, %u cancelled", counts[0], counts[1]);

  /* Calls after that fail at once, without a thread. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    Caught caught = { NULL, 0 };

    tz_ledger_query_metric_ids_async (fixture->ledger, filter, NULL, catch_result, &caught);
    result = wait_for (&caught);
    g_assert_null (tz_ledger_query_metric_ids_finish (fixture->ledger, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  }
}

/* Dropping the last reference with work queued: the calls hold the ledger
 * until they complete, then it goes away (possibly on its own thread). */
static void
test_unref_pending (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  TzLedger *ledger = g_steal_pointer (&fixture->ledger);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint counts[2] = { 0, 0 };
  guint n = 50;
  GWeakRef weak;

  g_weak_ref_init (&weak, ledger);
  for (guint i = 0; i < n; i++)
    tz_ledger_query_metric_ids_async (ledger, filter, NULL, count_completion, counts);
  g_object_unref (ledger);

  /* The last reference may go on the ledger's thread: poll. */
  for (;;)
    {
      g_autoptr(TzLedger) alive = g_weak_ref_get (&weak);

      if (alive == NULL && counts[0] + counts[1] == n)
        break;
      g_clear_object (&alive);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_weak_ref_clear (&weak);
  g_assert_cmpuint (counts[0], ==, n);
}

static guint64
ledger_n_unindexed (TzLedger *ledger)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Caught caught = { NULL, 0 };
  TzStoreStats stats;

  tz_ledger_get_stats_async (ledger, NULL, catch_result, &caught);
  result = wait_for (&caught);
  g_assert_true (tz_ledger_get_stats_finish (ledger, result, &stats, &error));
  g_assert_no_error (error);
  return stats.n_unindexed;
}

/* An open writes the full-text rows of a few documents left pending (by a
 * crash, or a new kind of index); the ledger writes the rest while it has
 * nothing else to do, and searches find every document meanwhile. */
static void
test_index_when_idle (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tz-ledger-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzLedger) ledger = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  const guint n_documents = 600; /* more than two opens index */
  gint64 deadline;

  {
    g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    tz_store_set_defer_indexing (store, TRUE);
    for (guint i = 0; i < n_documents; i++)
      {
        g_autofree char *name = g_strdup_printf ("r%u.txt", i);
        g_autofree char *text = g_strdup_printf ("全市第%u批职工书屋达到%u家。\n", i, i + 10);
        g_autoptr(TzDocument) document = tz_extractor_extract_text (extractor, name, text);

        g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
        g_assert_no_error (error);
      }
  }

  /* An open writes some, not all: it must not keep a window waiting. */
  {
    g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
    TzStoreStats stats;

    g_assert_no_error (error);
    g_assert_true (tz_store_get_stats (store, &stats, &error));
    g_assert_cmpuint (stats.n_unindexed, >, 0);
    g_assert_cmpuint (stats.n_unindexed, <, n_documents);
  }

  ledger = open_ledger (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  tz_filter_set_search (filter, "职工书屋");
  {
    g_autoptr(GArray) ids = ledger_article_ids (ledger, filter);

    g_assert_cmpuint (ids->len, ==, n_documents);
  }

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (ledger_n_unindexed (ledger) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }

  {
    g_autoptr(GArray) ids = ledger_article_ids (ledger, filter);

    g_assert_cmpuint (ids->len, ==, n_documents);
  }

  /* Every document is in the index itself now. Read beside the ledger's
   * connection: once let go, the ledger may still be closing its own on
   * its thread. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    sqlite3_busy_timeout (db, 10000);
    g_assert_cmpint (tz_fts_tokenizer_register (db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM article_fts WHERE article_fts MATCH '\"职工书屋\"'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, n_documents);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }

  g_clear_object (&ledger);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(name, func) \
  g_test_add ("/taizhang/ledger/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open", test_open);
  g_test_add_func ("/taizhang/ledger/open-errors", test_open_errors);
  g_test_add_func ("/taizhang/ledger/index-when-idle", test_index_when_idle);
  ADD ("read-only", test_read_only);
  ADD ("queries", test_queries);
  ADD ("writes", test_writes);
  ADD ("external-change", test_external_change);
  ADD ("main-thread-busy", test_main_thread_busy);
  ADD ("cancel", test_cancel);
  ADD ("dispose-pending", test_dispose_pending);
  ADD ("unref-pending", test_unref_pending);

#undef ADD

  return g_test_run ();
}
