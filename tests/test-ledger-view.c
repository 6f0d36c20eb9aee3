/* test-ledger-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tz-ledger-view.h"
#include "tz-test-ui.h"

/* The Ledger view over a ledger of the fixtures: its controls set the
 * filter, the list agrees with a plain query, headers sort through the
 * ledger, and rows open their figure. */

typedef struct
{
  char         *dir;
  char         *db;
  TzLedger     *ledger;
  GtkWidget    *window;
  TzLedgerView *view;
  TzMetric     *shown;
  guint         n_shown;
  guint         expected;
} Fixture;

static GObject *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), TZ_TYPE_LEDGER_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static TzLazyList *
list_of (Fixture *f)
{
  GListModel *model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (child (f, "selection")));

  g_assert_true (TZ_IS_LAZY_LIST (model));
  return TZ_LAZY_LIST (model);
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

static gboolean
list_has_expected (gpointer data)
{
  Fixture *f = data;
  TzLazyList *list = list_of (f);

  return !tz_lazy_list_get_loading (list) &&
         g_list_model_get_n_items (G_LIST_MODEL (list)) == f->expected;
}

/* Waits until the list shows what the store says the filter selects, in
 * the same order. */
static void
assert_list_agrees (Fixture *f)
{
  g_autoptr(TzFilter) filter = tz_filter_copy (tz_ledger_view_get_filter (f->view));
  g_autoptr(GArray) ids = plain_query (f, filter);
  TzLazyList *list;

  f->expected = ids->len;
  g_assert_true (tz_test_wait_until (list_has_expected, f, 5000));
  /* A refresh may still be queued behind the filter change. */
  tz_test_iterate (50);
  g_assert_true (tz_test_wait_until (list_has_expected, f, 5000));

  list = list_of (f);
  for (guint i = 0; i < ids->len; i++)
    g_assert_cmpint (tz_lazy_list_get_id (list, i), ==, g_array_index (ids, gint64, i));
}

static gboolean
first_row_filled (gpointer data)
{
  Fixture *f = data;
  g_autoptr(TzMetric) metric = g_list_model_get_item (G_LIST_MODEL (list_of (f)), 0);

  return metric != NULL && tz_metric_get_text (metric) != NULL;
}

static guint
position_of (GtkDropDown *dropdown,
             const char  *text)
{
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) string = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (string), text) == 0)
        return i;
    }

  g_assert_not_reached ();
  return 0;
}

static const char *
selected_text (GtkDropDown *dropdown)
{
  return gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (dropdown)));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const fixtures[] = { "basic", "regions", "years", "numerals", "layout", "reflow", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  f->dir = tz_test_make_dir ();
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  tz_test_fill_ledger (f->db, fixtures);
  f->ledger = tz_test_open_ledger (f->db);

  /* The application loads our style sheet; there is none here. */
  gtk_css_provider_load_from_resource (css, "/io/github/taizhang/Taizhang/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 640);
  f->view = TZ_LEDGER_VIEW (tz_ledger_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  tz_ledger_view_set_ledger (f->view, f->ledger);
  gtk_window_present (GTK_WINDOW (f->window));

  assert_list_agrees (f);
}

static gboolean
only_ref (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->shown);
  gtk_window_destroy (GTK_WINDOW (f->window));

  /* Cancelled queries and page loads come back once; let them. */
  g_assert_true (tz_test_wait_until (only_ref, f->ledger, 5000));
  g_assert_finalize_object (f->ledger);

  tz_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TzFilter) all = tz_filter_new ();
  g_autoptr(GArray) ids = plain_query (f, all);
  g_autofree char *number = tz_format_number (ids->len, TZ_NUMBER_STYLE_GROUPED);
  g_autofree char *expected = g_strdup_printf ("%s figures", number);

  g_assert_cmpuint (ids->len, >, 50);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "count_label"))), ==, expected);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "content_stack"))), ==, "table");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (f, "clear_button"))));
}

static void
test_province (Fixture       *f,
               gconstpointer  data)
{
  GtkDropDown *province = GTK_DROP_DOWN (child (f, "province_dropdown"));
  GtkDropDown *city = GTK_DROP_DOWN (child (f, "city_dropdown"));
  GtkDropDown *county = GTK_DROP_DOWN (child (f, "county_dropdown"));
  TzFilter *filter = tz_ledger_view_get_filter (f->view);
  guint all = g_list_model_get_n_items (G_LIST_MODEL (list_of (f)));

  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (city)));
  g_assert_cmpstr (selected_text (province), ==, "All provinces");

  gtk_drop_down_set_selected (province, position_of (province, "浙江省"));
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "330000");
  assert_list_agrees (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), >, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (f, "clear_button"))));

  /* The cities of the province follow, "All cities" first. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (city)));
  g_assert_cmpstr (selected_text (city), ==, "All cities");
  gtk_drop_down_set_selected (city, position_of (city, "杭州市"));
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "330100");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (county)));
  gtk_drop_down_set_selected (county, position_of (county, "西湖区"));
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "330106");
  assert_list_agrees (f);

  /* Another province starts its cities over. */
  gtk_drop_down_set_selected (province, position_of (province, "江苏省"));
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "320000");
  g_assert_cmpstr (selected_text (city), ==, "All cities");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (county)));
  assert_list_agrees (f);

  gtk_drop_down_set_selected (province, position_of (province, "全国 (national)"));
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "000000");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (city)));
  assert_list_agrees (f);

  gtk_drop_down_set_selected (province, 0);
  g_assert_null (tz_filter_get_region_code (filter));
  assert_list_agrees (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), ==, all);
}

static void
test_filter_to_controls (Fixture       *f,
                         gconstpointer  data)
{
  TzFilter *filter = tz_ledger_view_get_filter (f->view);

  tz_filter_set_region_code (filter, "320613");
  tz_filter_set_year_from (filter, 2021);
  tz_filter_set_category (filter, TZ_CATEGORY_MONEY);
  tz_filter_set_subject (filter, "企业");

  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "province_dropdown"))), ==, "江苏省");
  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "city_dropdown"))), ==, "南通市");
  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "county_dropdown"))), ==, "崇川区");
  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "year_from_dropdown"))), ==, "2021");
  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "year_to_dropdown"))), ==, "Any year");
  g_assert_cmpstr (selected_text (GTK_DROP_DOWN (child (f, "category_dropdown"))), ==, "Money");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "search_entry"))), ==, "企业");
  /* Showing the filter must not change it. */
  g_assert_cmpstr (tz_filter_get_region_code (filter), ==, "320613");
  g_assert_cmpint (tz_filter_get_year_from (filter), ==, 2021);
  assert_list_agrees (f);
}

static void
test_years_and_category (Fixture       *f,
                         gconstpointer  data)
{
  GtkDropDown *from = GTK_DROP_DOWN (child (f, "year_from_dropdown"));
  GtkDropDown *to = GTK_DROP_DOWN (child (f, "year_to_dropdown"));
  GtkDropDown *category = GTK_DROP_DOWN (child (f, "category_dropdown"));
  TzFilter *filter = tz_ledger_view_get_filter (f->view);

  gtk_drop_down_set_selected (from, position_of (from, "2020"));
  gtk_drop_down_set_selected (to, position_of (to, "2023"));
  g_assert_cmpint (tz_filter_get_year_from (filter), ==, 2020);
  g_assert_cmpint (tz_filter_get_year_to (filter), ==, 2023);
  assert_list_agrees (f);

  gtk_drop_down_set_selected (category, position_of (category, "People"));
  g_assert_cmpint (tz_filter_get_category (filter), ==, TZ_CATEGORY_PEOPLE);
  gtk_drop_down_set_selected (category, position_of (category, "Area"));
  g_assert_cmpint (tz_filter_get_category (filter), ==, TZ_CATEGORY_AREA);
  gtk_drop_down_set_selected (category, position_of (category, "Money"));
  g_assert_cmpint (tz_filter_get_category (filter), ==, TZ_CATEGORY_MONEY);
  assert_list_agrees (f);

  gtk_drop_down_set_selected (from, 0);
  gtk_drop_down_set_selected (to, 0);
  gtk_drop_down_set_selected (category, 0);
  g_assert_true (tz_filter_is_empty (filter));
}

static gboolean
subject_is (gpointer data)
{
  Fixture *f = data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (child (f, "search_entry")));

  return g_strcmp0 (tz_filter_get_subject (tz_ledger_view_get_filter (f->view)),
                    *text != '\0' ? text : NULL) == 0;
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *entry = GTK_WIDGET (child (f, "search_entry"));
  guint all = g_list_model_get_n_items (G_LIST_MODEL (list_of (f)));
  g_autofree char *subject = NULL;

  /* Search for a subject the ledger has. */
  g_assert_true (tz_test_wait_until (first_row_filled, f, 5000));
  {
    g_autoptr(TzMetric) first = g_list_model_get_item (G_LIST_MODEL (list_of (f)), 0);

    subject = g_strdup (tz_metric_get_subject (first));
  }
  g_assert_nonnull (subject);

  tz_ledger_view_focus_search (f->view);
  gtk_editable_set_text (GTK_EDITABLE (entry), subject);
  g_assert_true (tz_test_wait_until (subject_is, f, 5000));
  assert_list_agrees (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), <, all);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), >, 0);

  /* Escape clears the search. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_true (tz_test_wait_until (subject_is, f, 5000));
  g_assert_null (tz_filter_get_subject (tz_ledger_view_get_filter (f->view)));
  assert_list_agrees (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), ==, all);
}

static gboolean
stack_shows_empty (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "content_stack"))), "empty") == 0;
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  TzFilter *filter = tz_ledger_view_get_filter (f->view);

  tz_filter_set_subject (filter, "没有这种东西");
  assert_list_agrees (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list_of (f))), ==, 0);
  g_assert_true (tz_test_wait_until (stack_shows_empty, f, 5000));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "empty_title"))), ==,
                   "No figures match these filters");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (f, "empty_clear_button"))));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "count_label"))), ==, "0 figures");

  gtk_widget_activate_action (GTK_WIDGET (f->view), "ledger.clear-filters", NULL);
  g_assert_true (tz_filter_is_empty (filter));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f, "search_entry"))), ==, "");
  assert_list_agrees (f);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "content_stack"))), ==, "table");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (child (f, "clear_button"))));
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (child (f, "column_view"));
  TzFilter *filter = tz_ledger_view_get_filter (f->view);
  static const struct {
    const char *column;
    TzSortKey   key;
  } columns[] = {
    { "value_column", TZ_SORT_VALUE },
    { "subject_column", TZ_SORT_SUBJECT },
    { "region_column", TZ_SORT_REGION },
    { "year_column", TZ_SORT_YEAR },
  };

  g_assert_cmpint (tz_filter_get_sort_key (filter), ==, TZ_SORT_TEXT_ORDER);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkColumnViewColumn *column = GTK_COLUMN_VIEW_COLUMN (child (f, columns[i].column));

      gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
      g_assert_cmpint (tz_filter_get_sort_key (filter), ==, columns[i].key);
      g_assert_true (tz_filter_get_descending (filter));
      assert_list_agrees (f);

      gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
      g_assert_cmpint (tz_filter_get_sort_key (filter), ==, columns[i].key);
      g_assert_false (tz_filter_get_descending (filter));
      assert_list_agrees (f);
    }

  /* Sorting is not a filter: Clear Filters keeps it. */
  g_assert_true (tz_filter_is_empty (filter));

  gtk_column_view_sort_by_column (view, NULL, GTK_SORT_ASCENDING);
  g_assert_cmpint (tz_filter_get_sort_key (filter), ==, TZ_SORT_TEXT_ORDER);
  g_assert_false (tz_filter_get_descending (filter));
  assert_list_agrees (f);
}

static void
show_metric_cb (TzLedgerView *view,
                TzMetric     *metric,
                Fixture      *f)
{
  g_assert_true (TZ_IS_METRIC (metric));
  g_set_object (&f->shown, metric);
  f->n_shown++;
}

static gboolean
row_filled (gpointer data)
{
  Fixture *f = data;
  g_autoptr(TzMetric) metric = g_list_model_get_item (G_LIST_MODEL (list_of (f)), 3);

  return tz_metric_get_text (metric) != NULL;
}

static void
test_activate (Fixture       *f,
               gconstpointer  data)
{
  g_signal_connect (f->view, "show-metric", G_CALLBACK (show_metric_cb), f);

  g_assert_true (tz_test_wait_until (row_filled, f, 5000));
  g_signal_emit_by_name (child (f, "column_view"), "activate", 3);

  g_assert_cmpuint (f->n_shown, ==, 1);
  g_assert_cmpint (tz_metric_get_id (f->shown), ==, tz_lazy_list_get_id (list_of (f), 3));
  g_assert_cmpint (tz_metric_get_document_id (f->shown), >, 0);
  g_assert_nonnull (tz_metric_get_sentence (f->shown));
}

/* Every label of the value column that has text. */
static void
collect_values (GtkWidget *widget,
                GPtrArray *values)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "tz-ledger-value") &&
      gtk_widget_get_mapped (widget) && *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    g_ptr_array_add (values, g_strdup (gtk_label_get_label (GTK_LABEL (widget))));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_values (c, values);
}

static gboolean
rows_drawn (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  collect_values (GTK_WIDGET (f->view), values);
  return values->len >= 10;
}

/* The rows bind to the placeholders and fill in when their page loads;
 * then the window is drawn to a PNG to be looked at. */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = NULL;

  g_assert_true (tz_test_wait_until (rows_drawn, f, 5000));
  tz_test_iterate (200);

  path = tz_test_screenshot (f->window, "ledger-view.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* And the empty state. */
  tz_filter_set_subject (tz_ledger_view_get_filter (f->view), "没有这种东西");
  g_assert_true (tz_test_wait_until (stack_shows_empty, f, 5000));
  tz_test_iterate (200);
  g_free (path);
  path = tz_test_screenshot (f->window, "ledger-view-empty.png");

  /* And one province, biggest figures first. */
  gtk_widget_activate_action (GTK_WIDGET (f->view), "ledger.clear-filters", NULL);
  {
    GtkDropDown *province = GTK_DROP_DOWN (child (f, "province_dropdown"));

    gtk_drop_down_set_selected (province, position_of (province, "江苏省"));
  }
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (child (f, "column_view")),
                                  GTK_COLUMN_VIEW_COLUMN (child (f, "value_column")),
                                  GTK_SORT_DESCENDING);
  assert_list_agrees (f);
  g_assert_true (tz_test_wait_until (rows_drawn, f, 5000));
  tz_test_iterate (200);
  g_free (path);
  path = tz_test_screenshot (f->window, "ledger-view-filtered.png");
}

typedef struct
{
  guint static_tips;    /* cells with a tooltip text set */
  guint asked;          /* cells asked for a tooltip */
  guint given;          /* ... that gave one */
  guint inscriptions;   /* inscriptions with text, which must give one */
  guint inscriptions_given;
} Tips;

static void
collect_tips (GtkWidget *widget,
              Tips      *tips)
{
  if (gtk_widget_get_mapped (widget) && gtk_widget_get_tooltip_text (widget) != NULL &&
      !GTK_IS_IMAGE (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW) != NULL &&
      !GTK_IS_BUTTON (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_BUTTON) == NULL)
    tips->static_tips++;

  if (gtk_widget_get_mapped (widget) && gtk_widget_get_has_tooltip (widget) &&
      gtk_widget_get_tooltip_text (widget) == NULL &&
      gtk_widget_get_ancestor (widget, GTK_TYPE_COLUMN_VIEW) != NULL)
    {
      g_autoptr(GtkTooltip) tooltip = g_object_ref_sink (g_object_new (GTK_TYPE_TOOLTIP, NULL));
      gboolean shown = FALSE;

      g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
      tips->asked++;
      tips->given += shown;
      if (GTK_IS_INSCRIPTION (widget) && gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != NULL &&
          *gtk_inscription_get_text (GTK_INSCRIPTION (widget)) != '\0')
        {
          tips->inscriptions++;
          tips->inscriptions_given += shown;
        }
    }

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_tips (c, tips);
}

/* Cells compute their tooltips when asked: a tooltip text set on each
 * cell asked the X server where the pointer was, once per cell, which
 * took half a second before the first page of a big ledger showed. */
static void
test_tooltips (Fixture       *f,
               gconstpointer  data)
{
  Tips tips = { 0, };

  g_assert_true (tz_test_wait_until (rows_drawn, f, 5000));
  tz_test_iterate (100);

  collect_tips (GTK_WIDGET (f->view), &tips);
  g_test_message ("%u cells asked, %u gave a tooltip; %u of %u inscriptions",
                  tips.asked, tips.given, tips.inscriptions_given, tips.inscriptions);
  g_assert_cmpuint (tips.static_tips, ==, 0);
  g_assert_cmpuint (tips.inscriptions, >=, 10);
  g_assert_cmpuint (tips.inscriptions_given, ==, tips.inscriptions);
  /* Regions, and the approximations that are not exact, too; exact
   * figures and cells without a region give none. */
  g_assert_cmpuint (tips.given, >, tips.inscriptions);
  g_assert_cmpuint (tips.given, <, tips.asked);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_ledger_property (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TzLedger) ledger = NULL;
  guint notified = 0;

  g_object_get (f->view, "ledger", &ledger, NULL);
  g_assert_true (ledger == f->ledger);

  g_signal_connect (f->view, "notify::ledger", G_CALLBACK (count_notify_cb), &notified);
  tz_ledger_view_set_ledger (f->view, f->ledger);
  g_assert_cmpuint (notified, ==, 0);

  tz_ledger_view_set_ledger (f->view, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_null (tz_ledger_view_get_ledger (f->view));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (child (f, "count_label"))), ==, "");

  tz_ledger_view_set_ledger (f->view, f->ledger);
  g_assert_cmpuint (notified, ==, 2);
  g_signal_handlers_disconnect_by_func (f->view, count_notify_cb, &notified);
  assert_list_agrees (f);
}

static void
test_finalize (void)
{
  g_autofree char *dir = tz_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "ledger.db", NULL);
  static const char * const fixtures[] = { "basic", NULL };
  TzLedger *ledger;
  GtkWidget *view;
  TzFilter *filter;

  tz_test_fill_ledger (db, fixtures);
  ledger = tz_test_open_ledger (db);

  view = g_object_ref_sink (tz_ledger_view_new ());
  filter = g_object_ref (tz_ledger_view_get_filter (TZ_LEDGER_VIEW (view)));
  tz_ledger_view_set_ledger (TZ_LEDGER_VIEW (view), ledger);
  tz_test_iterate (100);
  g_assert_finalize_object (view);
  g_assert_finalize_object (filter);

  g_assert_true (tz_test_wait_until (only_ref, ledger, 5000));
  g_assert_finalize_object (ledger);
  tz_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/taizhang/ledger-view/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("count", test_count);
  ADD ("province", test_province);
  ADD ("filter-to-controls", test_filter_to_controls);
  ADD ("years-and-category", test_years_and_category);
  ADD ("search", test_search);
  ADD ("empty", test_empty);
  ADD ("sort", test_sort);
  ADD ("activate", test_activate);
  ADD ("ledger-property", test_ledger_property);
  ADD ("tooltips", test_tooltips);
  ADD ("screenshot", test_screenshot);
  g_test_add_func ("/taizhang/ledger-view/finalize", test_finalize);

#undef ADD

  return g_test_run ();
}
