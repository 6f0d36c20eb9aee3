/* test-charts-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-application.h"
#include "tz-charts-view.h"
#include "tz-chart-widget.h"
#include "tz-ledger-view.h"
#include "tz-test-ui.h"
#include "tz-window.h"

/* The Charts view over a ledger of the fixtures and the sample reports:
 * its controls, a chart that agrees with a plain aggregation, hover and
 * click, export, and a chart that follows the ledger. */

/* Left out of the ledger, to be added while the view watches. */
#define LATE_SAMPLE "2025-liaoning-yingkou.txt"

static TzApplication *app;

typedef struct
{
  char          *dir;
  char          *db;
  TzLedger      *ledger;
  GtkWidget     *window;
  TzChartsView  *view;
  TzChartWidget *chart_widget;
  TzFilter      *shown;
  guint          n_shown;
  gboolean       exported;
  GError        *export_error;
  guint          n_mixed_charts;  /* charts drawn of figures in any unit */
} Fixture;

static GObject *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), TZ_TYPE_CHARTS_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static TzChart *
chart_of (Fixture *f)
{
  return tz_chart_widget_get_chart (f->chart_widget);
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

  g_error ("“%s” is not offered", text);
  return 0;
}

static void
select_text (Fixture    *f,
             const char *dropdown,
             const char *text)
{
  GtkDropDown *widget = GTK_DROP_DOWN (child (f, dropdown));

  gtk_drop_down_set_selected (widget, position_of (widget, text));
}

static const char *
selected_text (Fixture    *f,
               const char *dropdown)
{
  GtkDropDown *widget = GTK_DROP_DOWN (child (f, dropdown));

  return gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (widget)));
}

/* Stores the sample reports (samples/NAME.txt), all but @except. */
static void
add_samples (const char *db,
             const char *only,
             const char *except)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (db, TZ_STORE_OPEN_DEFAULT, &error);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autofree char *samples = g_test_build_filename (G_TEST_DIST, "..", "samples", NULL);
  g_autoptr(GDir) dir = g_dir_open (samples, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (samples, name, NULL);
      g_autoptr(GMappedFile) mapped = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(TzDocument) document = NULL;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      if ((only != NULL && !g_str_equal (name, only)) || (except != NULL && g_str_equal (name, except)))
        continue;

      mapped = g_mapped_file_new (path, FALSE, &error);
      g_assert_no_error (error);
      bytes = g_mapped_file_get_bytes (mapped);
      document = tz_read_report (extractor, name, bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      g_assert_no_error (error);
      n++;
    }

  g_assert_cmpuint (n, >, 0);
}

static TzStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

static GArray *
plain_aggregate (Fixture   *f,
                 TzFilter  *filter,
                 TzGroupBy  group_by)
{
  g_autoptr(TzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  GArray *rows = tz_store_aggregate (store, filter, group_by, TZ_REGION_LEVEL_PROVINCE, TZ_AGGREGATE_SUM, &error);

  g_assert_no_error (error);
  return rows;
}

static gboolean
chart_ready (gpointer data)
{
  Fixture *f = data;
  TzChartLayout *layout = tz_chart_get_layout (chart_of (f));

  return !tz_charts_view_get_loading (f->view)
         && tz_chart_get_rows (chart_of (f)) != NULL
         && layout != NULL
         && tz_chart_layout_get_width (layout) == gtk_widget_get_width (GTK_WIDGET (f->chart_widget))
         && tz_chart_layout_get_height (layout) == gtk_widget_get_height (GTK_WIDGET (f->chart_widget));
}

/* Waits for the chart to show the choices made, laid out on screen. */
static TzChartLayout *
wait_for_chart (Fixture *f)
{
  g_assert_true (tz_test_wait_until (chart_ready, f, 10000));
  /* The title may still learn its unit: let that settle and lay out. */
  tz_test_iterate (50);
  g_assert_true (tz_test_wait_until (chart_ready, f, 10000));
  return tz_chart_get_layout (chart_of (f));
}

static gboolean
units_listed (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (child (f, "unit_dropdown")))) > 1;
}

static gboolean
subjects_listed (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (child (f, "subject_dropdown")))) > 1;
}

/* Charts of 人, the unit most figures of the samples come in. */
static void
choose_people (Fixture *f)
{
  g_assert_true (tz_test_wait_until (units_listed, f, 10000));
  select_text (f, "unit_dropdown", "人");
  wait_for_chart (f);
  g_assert_cmpstr (tz_filter_get_unit (tz_chart_get_filter (chart_of (f))), ==, "人");
}

static const TzChartItem *
first_item_of_kind (TzChartLayout   *layout,
                    TzChartItemKind  kind)
{
  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    if (tz_chart_layout_get_item (layout, i)->kind == kind)
      return tz_chart_layout_get_item (layout, i);

  g_error ("the chart has no item of kind %d", kind);
  return NULL;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);
    }

  g_error ("no %s on the widget", g_type_name (type));
  return NULL;
}

static void
show_records_cb (TzChartsView *view,
                 TzFilter     *filter,
                 Fixture      *f)
{
  g_assert_true (TZ_IS_FILTER (filter));
  g_set_object (&f->shown, tz_filter_copy (filter));
  g_object_unref (f->shown);
  f->n_shown++;
}

static void
rows_notify_cb (TzChart    *chart,
                GParamSpec *pspec,
                Fixture    *f)
{
  if (tz_chart_get_rows (chart) != NULL && tz_chart_get_filter (chart) != NULL &&
      tz_filter_get_unit (tz_chart_get_filter (chart)) == NULL)
    f->n_mixed_charts++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const fixtures[] = { "basic", "regions", "years", "numerals", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  f->dir = tz_test_make_dir ();
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  tz_test_fill_ledger (f->db, fixtures);
  add_samples (f->db, NULL, LATE_SAMPLE);
  f->ledger = tz_test_open_ledger (f->db);

  /* The application loads our style sheet; there is none here. */
  gtk_css_provider_load_from_resource (css, "/io/github/taizhang/Taizhang/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 700);
  f->view = TZ_CHARTS_VIEW (tz_charts_view_new ());
  f->chart_widget = tz_charts_view_get_chart_widget (f->view);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  g_signal_connect (f->view, "show-records", G_CALLBACK (show_records_cb), f);
  g_signal_connect (tz_chart_widget_get_chart (f->chart_widget), "notify::rows",
                    G_CALLBACK (rows_notify_cb), f);
  tz_charts_view_set_ledger (f->view, f->ledger);
  gtk_window_present (GTK_WINDOW (f->window));

  wait_for_chart (f);
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
  g_clear_error (&f->export_error);
  gtk_window_destroy (GTK_WINDOW (f->window));

  /* Cancelled requests come back once; let them. */
  g_assert_true (tz_test_wait_until (only_ref, f->ledger, 10000));
  g_assert_finalize_object (f->ledger);

  tz_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* The subjects, most frequent first, after "All subjects". */
static void
test_subjects (Fixture       *f,
               gconstpointer  data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (child (f, "subject_dropdown"));
  g_autoptr(TzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GPtrArray) subjects = tz_store_list_subject_counts (store, 0, &counts, &error);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  g_assert_no_error (error);
  g_assert_true (tz_test_wait_until (subjects_listed, f, 10000));
  g_assert_cmpuint (subjects->len, >, 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, MIN (subjects->len, 500) + 1);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "All subjects");
  for (guint i = 0; i < MIN (subjects->len, 500); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), i + 1), ==,
                     g_ptr_array_index (subjects, i));
  for (guint i = 1; i < counts->len; i++)
    g_assert_cmpuint (g_array_index (counts, guint, i - 1), >=, g_array_index (counts, guint, i));
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==, 0);
  g_assert_true (gtk_drop_down_get_enable_search (dropdown));

  /* A subject sets the chart's filter, and the units follow it. */
  gtk_drop_down_set_selected (dropdown, 1);
  wait_for_chart (f);
  g_assert_cmpstr (tz_filter_get_subject (tz_chart_get_filter (chart_of (f))), ==, g_ptr_array_index (subjects, 0));
  g_assert_true (tz_test_wait_until (units_listed, f, 10000));
}

/* By region, the chart draws bars, and each bar is the ledger's sum. */
static void
test_by_region (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) rows = NULL;
  g_autofree char *description = NULL;
  TzChartLayout *layout;
  guint n_bars = 0;

  /* First, the figures in the unit most of them come in, without a
   * warning: no sum of 人 and 元 is ever drawn on the way. */
  g_assert_true (tz_test_wait_until (units_listed, f, 10000));
  wait_for_chart (f);
  g_assert_cmpstr (tz_filter_get_unit (tz_chart_get_filter (chart_of (f))), ==, "人");
  g_assert_cmpstr (selected_text (f, "unit_dropdown"), ==, "人");
  g_assert_cmpuint (f->n_mixed_charts, ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "warning_revealer"))));

  /* "Any unit", chosen, adds up 人 and 元: the view says so. */
  select_text (f, "unit_dropdown", "Any unit");
  wait_for_chart (f);
  g_assert_null (tz_filter_get_unit (tz_chart_get_filter (chart_of (f))));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "warning_revealer"))));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (f, "warning_label"))), "人"));

  choose_people (f);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f, "warning_revealer"))));
  layout = wait_for_chart (f);
  g_assert_cmpint (tz_chart_get_group_by (chart_of (f)), ==, TZ_GROUP_BY_REGION);
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_BARS);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (child (f, "level_dropdown"))));

  tz_filter_set_unit (filter, "人");
  rows = plain_aggregate (f, filter, TZ_GROUP_BY_REGION);
  g_assert_cmpuint (rows->len, >, 3);

  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *item = tz_chart_layout_get_item (layout, i);
      gboolean found = FALSE;

      g_assert_cmpint (item->kind, ==, TZ_CHART_ITEM_BAR);
      for (guint r = 0; r < rows->len; r++)
        {
          const TzAggregateRow *row = &g_array_index (rows, TzAggregateRow, r);

          if (strcmp (row->region_code, item->region_code) != 0)
            continue;
          g_assert_cmpfloat_with_epsilon (item->value, row->value, 1e-6);
          g_assert_cmpuint (item->n_records, ==, row->n_records);
          found = TRUE;
        }
      g_assert_true (found);
      n_bars++;
    }
  g_assert_cmpuint (n_bars, ==, MIN (rows->len, n_bars));
  g_assert_cmpuint (n_bars, >, 3);
  /* Largest first, as the ledger orders them. */
  g_assert_cmpstr (tz_chart_layout_get_item (layout, 0)->region_code, ==,
                   g_array_index (rows, TzAggregateRow, 0).region_code);

  description = tz_chart_widget_dup_description (f->chart_widget);
  g_assert_true (g_str_has_prefix (description, "Bar chart of "));
  g_assert_nonnull (strstr (description, tz_chart_layout_get_item (layout, 0)->region_name));
}

/* By year, lines; columns draw the same rows without asking again. */
static void
test_by_year (Fixture       *f,
              gconstpointer  data)
{
  GtkDropDown *kind = GTK_DROP_DOWN (child (f, "kind_dropdown"));
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) rows = NULL;
  TzChartLayout *layout;
  GArray *shown_rows;
  guint n_points = 0;

  choose_people (f);
  select_text (f, "group_dropdown", "By year");
  g_assert_true (tz_charts_view_get_loading (f->view));
  layout = wait_for_chart (f);

  g_assert_cmpint (tz_chart_get_group_by (chart_of (f)), ==, TZ_GROUP_BY_YEAR);
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_LINES);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (child (f, "level_dropdown"))));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (kind)), ==, 2);
  g_assert_cmpuint (position_of (kind, "Lines"), ==, 0);
  position_of (kind, "Columns");

  tz_filter_set_unit (filter, "人");
  rows = plain_aggregate (f, filter, TZ_GROUP_BY_YEAR);
  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *item = tz_chart_layout_get_item (layout, i);

      if (item->kind != TZ_CHART_ITEM_POINT)
        continue;
      for (guint r = 0; r < rows->len; r++)
        if (g_array_index (rows, TzAggregateRow, r).year == item->year)
          g_assert_cmpfloat_with_epsilon (item->value, g_array_index (rows, TzAggregateRow, r).value, 1e-6);
      g_assert_cmpint (item->year, >, 2000);
      n_points++;
    }
  g_assert_cmpuint (n_points, >=, 3);

  shown_rows = tz_chart_get_rows (chart_of (f));
  select_text (f, "kind_dropdown", "Columns");
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_COLUMNS);
  g_assert_true (tz_chart_get_rows (chart_of (f)) == shown_rows);
  layout = wait_for_chart (f);
  g_assert_cmpint (first_item_of_kind (layout, TZ_CHART_ITEM_BAR)->year, >, 2000);

  /* Back by region and by year again: the view remembers Columns. */
  select_text (f, "group_dropdown", "By region");
  wait_for_chart (f);
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_BARS);
  select_text (f, "group_dropdown", "By year");
  wait_for_chart (f);
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_COLUMNS);

  /* Region × year offers every kind, a heat map first. */
  select_text (f, "group_dropdown", "Region × year");
  layout = wait_for_chart (f);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (kind)), ==, 4);
  g_assert_cmpint (tz_chart_get_kind (chart_of (f)), ==, TZ_CHART_KIND_HEATMAP);
  first_item_of_kind (layout, TZ_CHART_ITEM_CELL);
}

/* The pointer over a bar highlights it, and its tooltip says where and
 * how much. */
static void
test_hover (Fixture       *f,
            gconstpointer  data)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (f->chart_widget), GTK_TYPE_EVENT_CONTROLLER_MOTION);
  g_autoptr(GtkTooltip) tooltip = NULL;
  const TzChartItem *bar;
  TzChartLayout *layout;
  TzChartItem highlight;
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  gboolean shown = FALSE;
  double x, y;

  choose_people (f);
  layout = wait_for_chart (f);
  bar = tz_chart_layout_get_item (layout, 1);
  x = bar->area.x + bar->area.width / 2;
  y = bar->area.y + bar->area.height / 2;

  /* The X pointer may rest over the window: start from outside. */
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (tz_chart_widget_get_highlight (f->chart_widget, NULL));
  g_signal_emit_by_name (motion, "motion", x, y);
  g_assert_true (tz_chart_widget_get_highlight (f->chart_widget, &highlight));
  g_assert_cmpstr (highlight.region_code, ==, bar->region_code);

  tooltip = g_object_ref_sink (g_object_new (GTK_TYPE_TOOLTIP, NULL));
  g_signal_emit_by_name (f->chart_widget, "query-tooltip", (int)x, (int)y, FALSE, tooltip, &shown);
  g_assert_true (shown);

  text = tz_chart_widget_dup_item_text (f->chart_widget, &highlight);
  value = tz_format_number (bar->value, tz_chart_style_get_number_style (tz_chart_get_style (chart_of (f))));
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (strstr (text, bar->region_name));
  g_assert_nonnull (strstr (text, value));
  g_assert_nonnull (strstr (text, "人"));
  g_assert_nonnull (strstr (text, "record"));

  /* Nothing under the pointer in the top left corner (the title). */
  g_signal_emit_by_name (motion, "motion", 2.0, 2.0);
  g_assert_false (tz_chart_widget_get_highlight (f->chart_widget, NULL));
  g_signal_emit_by_name (f->chart_widget, "query-tooltip", 2, 2, FALSE, tooltip, &shown);
  g_assert_false (shown);
}

/* Clicking a bar asks for exactly its records. */
static void
test_click (Fixture       *f,
            gconstpointer  data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (f->chart_widget), GTK_TYPE_GESTURE_CLICK);
  g_autoptr(TzStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const TzChartItem *bar;
  TzChartLayout *layout;

  choose_people (f);
  layout = wait_for_chart (f);
  bar = tz_chart_layout_get_item (layout, 0);

  g_signal_emit_by_name (click, "released", 1, bar->area.x + 2, bar->area.y + bar->area.height / 2);
  g_assert_cmpuint (f->n_shown, ==, 1);
  g_assert_cmpstr (tz_filter_get_region_code (f->shown), ==, bar->region_code);
  g_assert_cmpstr (tz_filter_get_unit (f->shown), ==, "人");
  g_assert_null (tz_filter_get_subject (f->shown));
  g_assert_cmpint (tz_filter_get_year_from (f->shown), ==, 0);

  store = open_store (f);
  ids = tz_store_query_metric_ids (store, f->shown, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, bar->n_records);

  /* Enter on the highlighted item does the same. */
  gtk_widget_activate_action (GTK_WIDGET (f->chart_widget), "chart.activate-item", NULL);
  g_assert_cmpuint (f->n_shown, ==, 2);

  /* A point of a chart by year asks for its year. */
  select_text (f, "group_dropdown", "By year");
  layout = wait_for_chart (f);
  bar = first_item_of_kind (layout, TZ_CHART_ITEM_POINT);
  g_assert_true (tz_chart_widget_highlight_at (f->chart_widget, bar->area.x + bar->area.width / 2,
                                               bar->area.y + bar->area.height / 2));
  gtk_widget_activate_action (GTK_WIDGET (f->chart_widget), "chart.activate-item", NULL);
  g_assert_cmpuint (f->n_shown, ==, 3);
  g_assert_null (tz_filter_get_region_code (f->shown));
  g_assert_cmpint (tz_filter_get_year_from (f->shown), ==, bar->year);
  g_assert_cmpint (tz_filter_get_year_to (f->shown), ==, bar->year);
  g_clear_pointer (&ids, g_array_unref);
  ids = tz_store_query_metric_ids (store, f->shown, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, bar->n_records);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Fixture *f = user_data;

  f->exported = tz_charts_view_export_finish (TZ_CHARTS_VIEW (object), result, &f->export_error);
  g_assert_no_error (f->export_error);
  g_assert_true (f->exported);
}

static gboolean
export_done (gpointer data)
{
  return ((Fixture *)data)->exported;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  static const struct { const char *name; const char *magic; } formats[] = {
    { "chart.png", "\x89PNG" },
    { "chart.svg", "<?xml" },
    { "chart.pdf", "%PDF" },
  };

  choose_people (f);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      /* The PNG stays in the build directory, to be looked at. */
      g_autofree char *path = i == 0 ? g_test_build_filename (G_TEST_BUILT, "charts-view-export.png", NULL)
                                     : g_build_filename (f->dir, formats[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      f->exported = FALSE;
      tz_charts_view_export_async (f->view, file, 1600, 1000, NULL, exported_cb, f);
      g_assert_true (tz_test_wait_until (export_done, f, 10000));

      g_file_get_contents (path, &contents, &length, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (length, >, 1000);
      g_assert_true (g_str_has_prefix (contents, formats[i].magic));
      if (g_str_has_suffix (path, ".svg"))
        g_assert_nonnull (strstr (contents, "<title>Figures in 人 — sum by province</title>"));
    }
}

static guint
total_records (GArray *rows)
{
  guint n = 0;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    n += g_array_index (rows, TzAggregateRow, i).n_records;

  return n;
}

typedef struct
{
  Fixture *f;
  guint    before;
} Growth;

static gboolean
chart_grew (gpointer data)
{
  Growth *growth = data;

  return chart_ready (growth->f) && total_records (tz_chart_get_rows (chart_of (growth->f))) > growth->before;
}

/* A report imported elsewhere shows in the chart once the ledger says so. */
static void
test_follows_ledger (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) rows = NULL;
  Growth growth = { f, 0 };

  choose_people (f);
  growth.before = total_records (tz_chart_get_rows (chart_of (f)));
  g_assert_cmpuint (growth.before, >, 0);

  add_samples (f->db, LATE_SAMPLE, NULL);
  tz_ledger_notify_external_change (f->ledger);
  g_assert_true (tz_test_wait_until (chart_grew, &growth, 10000));

  tz_filter_set_unit (filter, "人");
  rows = plain_aggregate (f, filter, TZ_GROUP_BY_REGION);
  g_assert_cmpuint (total_records (tz_chart_get_rows (chart_of (f))), ==, total_records (rows));
  /* 辽宁省 came with the new report. */
  for (guint i = 0; i < tz_chart_layout_get_n_items (wait_for_chart (f)); i++)
    if (g_str_equal (tz_chart_layout_get_item (tz_chart_get_layout (chart_of (f)), i)->region_code, "210000"))
      return;
  g_error ("the new report's province is not charted");
}

static gboolean
painted (gpointer data)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (data);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (data), gtk_widget_get_height (data));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  return node != NULL;
}

/* A loaded machine may not have painted the last change yet; until it
 * has, the window has no picture to take. */
static char *
screenshot (Fixture    *f,
            const char *name)
{
  g_assert_true (tz_test_wait_until (painted, f->window, 10000));
  return tz_test_screenshot (f->window, name);
}

/* Pictures of the view to look at: by region, and by year. */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *by_region = NULL;
  g_autofree char *by_year = NULL;

  /* "Any unit", and its warning. */
  g_assert_true (tz_test_wait_until (units_listed, f, 10000));
  select_text (f, "unit_dropdown", "Any unit");
  wait_for_chart (f);
  tz_test_iterate (300);
  g_free (screenshot (f, "charts-view-mixed.png"));

  choose_people (f);
  /* The pointer over the third bar. */
  {
    const TzChartItem *bar = tz_chart_layout_get_item (tz_chart_get_layout (chart_of (f)), 2);

    tz_chart_widget_highlight_at (f->chart_widget, bar->area.x + 1, bar->area.y + bar->area.height / 2);
  }
  tz_test_iterate (100);
  by_region = screenshot (f, "charts-view.png");
  g_assert_true (g_file_test (by_region, G_FILE_TEST_EXISTS));

  select_text (f, "group_dropdown", "By year");
  wait_for_chart (f);
  /* Hovering a point shows its highlight. */
  {
    TzChartLayout *layout = tz_chart_get_layout (chart_of (f));
    const TzChartItem *point = first_item_of_kind (layout, TZ_CHART_ITEM_POINT);

    tz_chart_widget_highlight_at (f->chart_widget, point->area.x + point->area.width / 2,
                                  point->area.y + point->area.height / 2);
  }
  tz_test_iterate (100);
  by_year = screenshot (f, "charts-view-year.png");
  g_assert_true (g_file_test (by_year, G_FILE_TEST_EXISTS));
}

static gboolean
style_is_dark (gpointer data)
{
  Fixture *f = data;
  const TzChartStyle *style = tz_chart_get_style (chart_of (f));

  return tz_chart_style_get_background (style)->red < 0.5 && tz_chart_style_get_foreground (style)->red > 0.5
         && chart_ready (f);
}

static gboolean
style_is_light (gpointer data)
{
  Fixture *f = data;
  const TzChartStyle *style = tz_chart_get_style (chart_of (f));

  return tz_chart_style_get_background (style)->red > 0.5 && tz_chart_style_get_foreground (style)->red < 0.5
         && chart_ready (f);
}

/* The chart follows the theme to dark and back. */
static void
test_dark (Fixture       *f,
           gconstpointer  data)
{
  GtkSettings *settings = gtk_widget_get_settings (f->window);
  g_autofree char *path = NULL;

  choose_people (f);
  g_assert_true (style_is_light (f));

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  g_assert_true (tz_test_wait_until (style_is_dark, f, 10000));
  tz_test_iterate (100);
  path = screenshot (f, "charts-view-dark.png");

  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  g_assert_true (tz_test_wait_until (style_is_light, f, 10000));
}

/* The view and its chart go away with their last reference, requests
 * still running or not. */
static void
test_finalize (void)
{
  g_autofree char *dir = tz_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "ledger.db", NULL);
  static const char * const fixtures[] = { "basic", NULL };
  TzLedger *ledger;
  GtkWidget *view;
  TzChart *chart;

  tz_test_fill_ledger (db, fixtures);
  ledger = tz_test_open_ledger (db);

  view = g_object_ref_sink (tz_charts_view_new ());
  chart = g_object_ref (tz_chart_widget_get_chart (tz_charts_view_get_chart_widget (TZ_CHARTS_VIEW (view))));
  tz_charts_view_set_ledger (TZ_CHARTS_VIEW (view), ledger);
  tz_test_iterate (20);
  g_assert_finalize_object (view);
  g_assert_finalize_object (chart);

  g_assert_true (tz_test_wait_until (only_ref, ledger, 10000));
  g_assert_finalize_object (ledger);
  tz_test_remove_tree (dir);
}

static gboolean
window_shows_views (gpointer data)
{
  GtkWidget *stack = GTK_WIDGET (gtk_widget_get_template_child (data, TZ_TYPE_WINDOW, "main_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "views") == 0;
}

typedef struct
{
  TzWindow     *window;
  TzChartsView *view;
} WindowWait;

static gboolean
window_chart_ready (gpointer data)
{
  WindowWait *wait = data;
  TzChartWidget *widget = tz_charts_view_get_chart_widget (wait->view);
  TzChart *chart = tz_chart_widget_get_chart (widget);
  TzChartLayout *layout = tz_chart_get_layout (chart);

  return !tz_charts_view_get_loading (wait->view)
         && tz_chart_get_rows (chart) != NULL
         && tz_chart_get_filter (chart) != NULL
         && g_strcmp0 (tz_filter_get_unit (tz_chart_get_filter (chart)), "人") == 0
         && layout != NULL
         && tz_chart_layout_get_width (layout) == gtk_widget_get_width (GTK_WIDGET (widget))
         && tz_chart_layout_get_n_items (layout) > 0;
}

static gboolean
unit_offered (gpointer data)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (data, TZ_TYPE_CHARTS_VIEW, "unit_dropdown"));

  return g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)) > 1;
}

/* In the window, Charts is the third view, and a click on a bar lists
 * its records in the Ledger view. */
static void
test_window (void)
{
  g_autofree char *dir = tz_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "ledger.db", NULL);
  static const char * const fixtures[] = { "regions", NULL };
  WindowWait wait = { 0 };
  TzWindow *window;
  TzLedgerView *ledger_view;
  TzFilter *ledger_filter;
  GtkDropDown *unit;
  TzChartLayout *layout;
  const TzChartItem *bar;
  gboolean handled = FALSE;

  tz_test_fill_ledger (db, fixtures);
  add_samples (db, NULL, NULL);
  tz_application_set_ledger_path (app, db);
  window = tz_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tz_test_wait_until (window_shows_views, window, 10000));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "charts");
  g_assert_cmpstr (tz_window_get_view (window), ==, "charts");

  wait.window = window;
  wait.view = TZ_CHARTS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), TZ_TYPE_WINDOW, "charts_view"));
  ledger_view = TZ_LEDGER_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), TZ_TYPE_WINDOW, "ledger_view"));
  g_assert_true (tz_charts_view_get_ledger (wait.view) == tz_window_get_ledger (window));

  g_assert_true (tz_test_wait_until (unit_offered, wait.view, 10000));
  unit = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (wait.view), TZ_TYPE_CHARTS_VIEW, "unit_dropdown"));
  gtk_drop_down_set_selected (unit, position_of (unit, "人"));
  g_assert_true (tz_test_wait_until (window_chart_ready, &wait, 10000));

  layout = tz_chart_get_layout (tz_chart_widget_get_chart (tz_charts_view_get_chart_widget (wait.view)));
  bar = tz_chart_layout_get_item (layout, 0);
  g_signal_emit_by_name (tz_charts_view_get_chart_widget (wait.view), "activate-item",
                         bar->region_code, 0, &handled);
  g_assert_true (handled);

  g_assert_cmpstr (tz_window_get_view (window), ==, "ledger");
  ledger_filter = tz_ledger_view_get_filter (ledger_view);
  g_assert_cmpstr (tz_filter_get_region_code (ledger_filter), ==, bar->region_code);
  g_assert_cmpstr (tz_filter_get_unit (ledger_filter), ==, "人");
  g_assert_null (tz_filter_get_subject (ledger_filter));

  gtk_window_destroy (GTK_WINDOW (window));
  tz_test_iterate (100);
  tz_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);

  app = tz_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

#define ADD(path, fn) \
  g_test_add ("/taizhang/charts-view/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("subjects", test_subjects);
  ADD ("by-region", test_by_region);
  ADD ("by-year", test_by_year);
  ADD ("hover", test_hover);
  ADD ("click", test_click);
  ADD ("export", test_export);
  ADD ("follows-ledger", test_follows_ledger);
  ADD ("screenshot", test_screenshot);
  ADD ("dark", test_dark);
  g_test_add_func ("/taizhang/charts-view/finalize", test_finalize);
  g_test_add_func ("/taizhang/charts-view/window", test_window);

#undef ADD

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
