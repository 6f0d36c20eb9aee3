/* test-lazy-list.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tz-core.h"
#include "tz-document-list.h"

/* The lazy list models agree with a plain query for every filter, change
 * with one items-changed, and fill their placeholders in place. */

typedef struct
{
  char     *dir;
  char     *db;
  TzLedger *ledger;
  guint     n_changes;
  guint     last_removed;
  guint     last_added;
} Fixture;

static void
ledger_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;

  f->ledger = tz_ledger_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const names[] = { "basic", "regions", "years", "numerals", "layout", "reflow" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();

  f->dir = g_dir_make_tmp ("tz-lazy-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "ledger.db", NULL);

  store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".txt", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
      g_autoptr(GBytes) bytes = g_mapped_file_get_bytes (mapped);
      g_autoptr(TzDocument) document = tz_read_report (extractor, file, bytes, &error);

      g_assert_no_error (error);
      g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      g_assert_no_error (error);
    }
  g_clear_object (&store);

  tz_ledger_new_async (f->db, TZ_STORE_OPEN_DEFAULT, NULL, ledger_ready_cb, f);
  while (f->ledger == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* Cancelled queries and page loads still come back once; let them. */
  while (G_OBJECT (f->ledger)->ref_count > 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_finalize_object (f->ledger);
  g_unlink (f->db);
  {
    g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->n_changes++;
  f->last_removed = removed;
  f->last_added = added;
}

static void
wait_until_loaded (TzLazyList *list)
{
  /* A refresh is queued from an idle; then the query runs on the ledger. */
  while (g_main_context_pending (NULL) || tz_lazy_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
}

static GArray *
plain_query (Fixture  *f,
             TzFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);
  GArray *ids;

  g_assert_no_error (error);
  ids = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);
  return ids;
}

static void
assert_same_ids (TzLazyList *list,
                 GArray     *ids)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (tz_lazy_list_get_id (list, i), ==, g_array_index (ids, gint64, i));
}

static void
test_filters_agree (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(TzMetricList) list = tz_metric_list_new (f->ledger, filter);
  g_autoptr(GArray) all = NULL;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);
  wait_until_loaded (TZ_LAZY_LIST (list));
  all = plain_query (f, filter);
  g_assert_cmpuint (all->len, >, 50);
  assert_same_ids (TZ_LAZY_LIST (list), all);
  g_assert_cmpuint (f->n_changes, ==, 1);

  /* Each filter field, one at a time and together. */
  {
    g_object_set (filter, "region-code", "330000", NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, <, all->len); }

    g_object_set (filter, "region-code", NULL, "year-from", 2021, "year-to", 2023, NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, >, 0); }

    g_object_set (filter, "year-from", 0, "year-to", 0, "category", TZ_CATEGORY_PEOPLE, NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, >, 0); }

    g_object_set (filter, "category", TZ_FILTER_ANY_CATEGORY, "unit", "家", NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, >, 0); }

    g_object_set (filter, "unit", NULL, "subject", "企业", NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, >, 0); }

    g_object_set (filter, "subject", NULL, "search", "工匠", NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, >, 0); }

    g_object_set (filter, "search", NULL, "sort-key", TZ_SORT_VALUE, "descending", TRUE, NULL);
    wait_until_loaded (TZ_LAZY_LIST (list));
    { g_autoptr(GArray) ids = plain_query (f, filter); assert_same_ids (TZ_LAZY_LIST (list), ids); g_assert_cmpuint (ids->len, ==, all->len); }

  }
}

/* One change of the filter is one items-changed, however many properties
 * it sets. */
static void
test_one_change (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(TzMetricList) list = tz_metric_list_new (f->ledger, filter);

  wait_until_loaded (TZ_LAZY_LIST (list));
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_object_set (filter, "region-code", "330000", "unit", "人", "year-from", 2000, NULL);
  wait_until_loaded (TZ_LAZY_LIST (list));
  g_assert_cmpuint (f->n_changes, ==, 1);
}

static void
text_notify_cb (GObject    *object,
                GParamSpec *pspec,
                gboolean   *filled)
{
  *filled = TRUE;
}

/* get_item() answers at once; the row fills in when its page arrives. */
static void
test_placeholders_fill (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TzMetricList) list = tz_metric_list_new (f->ledger, NULL);
  g_autoptr(TzArticleList) articles = tz_article_list_new (f->ledger, NULL);
  g_autoptr(TzMetric) metric = NULL;
  g_autoptr(TzArticle) article = NULL;
  gboolean filled = FALSE;

  wait_until_loaded (TZ_LAZY_LIST (list));
  metric = g_list_model_get_item (G_LIST_MODEL (list), 3);
  g_assert_nonnull (metric);
  g_assert_cmpint (tz_metric_get_id (metric), ==, tz_lazy_list_get_id (TZ_LAZY_LIST (list), 3));

  if (tz_metric_get_text (metric) == NULL)
    {
      g_signal_connect (metric, "notify::text", G_CALLBACK (text_notify_cb), &filled);
      while (!filled)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (tz_metric_get_text (metric));
  g_assert_nonnull (tz_metric_get_unit (metric));

  wait_until_loaded (TZ_LAZY_LIST (articles));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (articles)), >=, 6);
  article = g_list_model_get_item (G_LIST_MODEL (articles), 0);
  while (tz_article_get_document_id (article) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (tz_article_get_end (article), >, tz_article_get_start (article));

  /* The same position gives the same object while a view holds it. */
  {
    g_autoptr(TzMetric) again = g_list_model_get_item (G_LIST_MODEL (list), 3);
    g_assert_true (again == metric);
  }
}

static void
not_metric_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (tz_ledger_set_not_metric_finish (TZ_LEDGER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* A correction saved through the ledger refreshes the rows on show. */
static void
corrected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (tz_ledger_correct_metric_finish (TZ_LEDGER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_correction_updates_row (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TzMetricList) list = tz_metric_list_new (f->ledger, NULL);
  g_autoptr(TzMetric) metric = NULL;
  gboolean done = FALSE;

  wait_until_loaded (TZ_LAZY_LIST (list));
  metric = g_list_model_get_item (G_LIST_MODEL (list), 0);
  while (tz_metric_get_text (metric) == NULL)
    g_main_context_iteration (NULL, TRUE);

  tz_ledger_correct_metric_async (f->ledger, tz_metric_get_id (metric), TZ_FIELD_SUBJECT,
                                  "改过的主题", NULL, corrected_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  while (g_strcmp0 (tz_metric_get_subject (metric), "改过的主题") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (tz_metric_get_corrected (metric));
}

static void
name_notify_cb (GObject    *object,
                GParamSpec *pspec,
                gboolean   *filled)
{
  *filled = TRUE;
}

/* The Reports view's documents: every stored one, in import order, filled
 * in place without their text; a change to the ledger updates the counts. */
static void
test_document_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TzDocumentList) list = tz_document_list_new (f->ledger);
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean filled = FALSE;
  guint metric_count;

  {
    g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    ids = tz_store_query_document_ids (store, &error);
    g_assert_no_error (error);
  }

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);
  wait_until_loaded (TZ_LAZY_LIST (list));
  g_assert_cmpuint (f->n_changes, ==, 1);
  assert_same_ids (TZ_LAZY_LIST (list), ids);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == TZ_TYPE_DOCUMENT);

  document = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (tz_document_get_id (document), ==, g_array_index (ids, gint64, 0));
  if (tz_document_get_name (document) == NULL)
    {
      g_signal_connect (document, "notify::name", G_CALLBACK (name_notify_cb), &filled);
      while (!filled)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpstr (tz_document_get_name (document), ==, "basic.txt");
  g_assert_cmpuint (tz_document_get_article_count (document), ==, 3);
  g_assert_null (tz_document_get_text (document));
  metric_count = tz_document_get_metric_count (document);
  g_assert_cmpuint (metric_count, >, 0);

  /* A figure hidden through the ledger: the row's count follows. */
  {
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(TzMetricList) metrics = NULL;
    g_autoptr(TzMetric) metric = NULL;
    gboolean done = FALSE;

    tz_filter_set_document_id (filter, tz_document_get_id (document));
    metrics = tz_metric_list_new (f->ledger, filter);
    wait_until_loaded (TZ_LAZY_LIST (metrics));
    metric = g_list_model_get_item (G_LIST_MODEL (metrics), 0);

    tz_ledger_set_not_metric_async (f->ledger, tz_metric_get_id (metric), TRUE, NULL,
                                    not_metric_cb, &done);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    while (tz_document_get_metric_count (document) != metric_count - 1)
      g_main_context_iteration (NULL, TRUE);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/taizhang/lazy-list/filters-agree", Fixture, NULL,
              fixture_set_up, test_filters_agree, fixture_tear_down);
  g_test_add ("/taizhang/lazy-list/one-change", Fixture, NULL,
              fixture_set_up, test_one_change, fixture_tear_down);
  g_test_add ("/taizhang/lazy-list/placeholders-fill", Fixture, NULL,
              fixture_set_up, test_placeholders_fill, fixture_tear_down);
  g_test_add ("/taizhang/lazy-list/correction-updates-row", Fixture, NULL,
              fixture_set_up, test_correction_updates_row, fixture_tear_down);
  g_test_add ("/taizhang/lazy-list/document-list", Fixture, NULL,
              fixture_set_up, test_document_list, fixture_tear_down);

  return g_test_run ();
}
