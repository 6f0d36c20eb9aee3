/* test-window.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tz-application.h"
#include "tz-charts-view.h"
#include "tz-import-summary.h"
#include "tz-ledger-view.h"
#include "tz-reports-view.h"
#include "tz-test-ui.h"
#include "tz-window.h"

/* The main window as a user meets it: first run, dropping files, the
 * import summary, remembering the view, and a damaged ledger. */

static TzApplication *app;

typedef struct
{
  char     *dir;
  char     *db;
  TzWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = tz_test_make_dir ();
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
}

static void
close_window (Fixture *f)
{
  if (f->window == NULL)
    return;

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  tz_test_iterate (50);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  close_window (f);
  tz_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static GtkWidget *
child (TzWindow   *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), TZ_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static const char *
main_page (TzWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (child (window, "main_stack")));
}

typedef struct
{
  TzWindow   *window;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (main_page (wait->window), wait->page) == 0;
}

static void
open_window (Fixture *f)
{
  tz_application_set_ledger_path (app, f->db);
  f->window = tz_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
wait_for_page (Fixture    *f,
               const char *page)
{
  PageWait wait = { f->window, page };

  if (!tz_test_wait_until (page_is, &wait, 10000))
    g_error ("the window shows “%s”, not “%s”", main_page (f->window), page);
}

static gboolean
import_done (gpointer data)
{
  return tz_window_get_last_outcomes (TZ_WINDOW (data)) != NULL;
}

static void
drop_files (TzWindow            *window,
            const char * const  *paths)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  GtkDropTarget *target = NULL;
  GSList *files = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free_full (files, g_object_unref);

  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_assert_true (accepted);
}

static char *
fixture_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

/* First run: an empty ledger shows what Taizhang does. */
static void
test_empty_state (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *shot = NULL;

  open_window (f);
  wait_for_page (f, "empty");
  tz_test_iterate (300);
  shot = tz_test_screenshot (GTK_WIDGET (f->window), "window-empty.png");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_is_visible (child (f->window, "empty_state")));
}

/* Dropping files imports them and fills the views. */
static void
test_drop_imports (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *basic = fixture_file ("basic.txt");
  g_autofree char *regions = fixture_file ("regions.txt");
  g_autofree char *years = fixture_file ("years.txt");
  const char *paths[] = { basic, regions, years, NULL };
  g_autofree char *shot1 = NULL;
  g_autofree char *shot2 = NULL;
  GPtrArray *outcomes;

  open_window (f);
  wait_for_page (f, "empty");

  drop_files (f->window, paths);
  g_assert_true (tz_test_wait_until (import_done, f->window, 20000));
  wait_for_page (f, "views");

  outcomes = tz_window_get_last_outcomes (f->window);
  g_assert_cmpuint (outcomes->len, ==, 3);
  for (guint i = 0; i < outcomes->len; i++)
    g_assert_cmpint (tz_import_outcome_get_status (g_ptr_array_index (outcomes, i)), ==, TZ_IMPORT_IMPORTED);

  /* The summary banner says what happened. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (child (f->window, "banner_label"))), "3"));

  tz_window_show_view (f->window, "reports");
  tz_test_iterate (600);
  shot1 = tz_test_screenshot (GTK_WIDGET (f->window), "window-reports.png");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-view", "s", "ledger");
  g_assert_cmpstr (tz_window_get_view (f->window), ==, "ledger");
  tz_test_iterate (600);
  shot2 = tz_test_screenshot (GTK_WIDGET (f->window), "window-ledger.png");
}

static gboolean
summary_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TZ_IS_IMPORT_SUMMARY (window))
        return TRUE;
    }

  return FALSE;
}

/* GTK 4.8 checks, when it allocates a widget, that its minimum height for
 * no width in particular is the least it may need at any width, which for
 * a banner of wrapping text is its height when nothing wraps (it asks for
 * a width of 1048576), and warns "Expect overlapping widgets" otherwise.
 * A box with a wrapping label and two buttons centred beside it measured
 * a pixel taller for any width than for none. */
static void
assert_height_for_width_consistent (GtkWidget *widget)
{
  int min_any;
  int min_wide;
  int nat_width;
  int min_natural;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &min_any, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, 1048576, &min_wide, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat_width, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, nat_width, &min_natural, NULL, NULL, NULL);
  g_assert_cmpint (min_any, >, 0);
  g_assert_cmpint (min_wide, ==, min_any);
  g_assert_cmpint (min_natural, ==, min_any);
}

/* A bad file gets its reason in the summary; the others are saved. */
static void
test_import_summary (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *basic = fixture_file ("basic.txt");
  g_autofree char *bad = g_build_filename (f->dir, "scan.txt", NULL);
  const char *paths[] = { basic, bad, NULL };
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  const char *banner;

  g_assert_true (g_file_set_contents (bad, png, sizeof png - 1, NULL));

  open_window (f);
  wait_for_page (f, "empty");
  drop_files (f->window, paths);
  g_assert_true (tz_test_wait_until (import_done, f->window, 20000));

  banner = gtk_label_get_text (GTK_LABEL (child (f->window, "banner_label")));
  g_assert_nonnull (strstr (banner, "1"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (f->window, "banner_revealer"))));
  g_assert_true (gtk_widget_get_visible (child (f->window, "banner_button")));
  assert_height_for_width_consistent (child (f->window, "banner"));

  g_signal_emit_by_name (child (f->window, "banner_button"), "clicked");
  g_assert_true (tz_test_wait_until (summary_open, NULL, 5000));
  tz_test_iterate (300);

  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (TZ_IS_IMPORT_SUMMARY (window))
          {
            g_free (tz_test_screenshot (GTK_WIDGET (window), "import-summary.png"));
            gtk_window_destroy (GTK_WINDOW (window));
            break;
          }
      }
  }
}

/* The view a user left is the one they come back to. */
static void
test_remembers_view (Fixture       *f,
                     gconstpointer  data)
{
  const char *fixtures[] = { "basic", NULL };

  tz_test_fill_ledger (f->db, fixtures);
  open_window (f);
  wait_for_page (f, "views");
  tz_window_show_view (f->window, "ledger");
  gtk_window_close (GTK_WINDOW (f->window));
  f->window = NULL;
  tz_test_iterate (100);

  open_window (f);
  wait_for_page (f, "views");
  g_assert_cmpstr (tz_window_get_view (f->window), ==, "ledger");
  tz_window_show_view (f->window, "reports");
}

/* A damaged ledger is never overwritten: it can be moved aside. */
static void
test_damaged_ledger (Fixture       *f,
                     gconstpointer  data)
{
  static const char garbage[] = "SQLite format 3\0 but not really a database, just damaged bytes";
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gboolean kept = FALSE;

  g_assert_true (g_file_set_contents (f->db, garbage, sizeof garbage, NULL));

  open_window (f);
  wait_for_page (f, "error");
  g_assert_true (gtk_widget_get_visible (child (f->window, "move_aside_button")));
  tz_test_iterate (300);
  g_free (tz_test_screenshot (GTK_WIDGET (f->window), "window-damaged.png"));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.move-ledger-aside", NULL);
  wait_for_page (f, "empty");

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".damaged-") != NULL)
      kept = TRUE;
  g_assert_true (kept);
}

static GtkSingleSelection *
ledger_selection (TzWindow *window)
{
  GObject *object = gtk_widget_get_template_child (child (window, "ledger_view"),
                                                   TZ_TYPE_LEDGER_VIEW, "selection");

  g_assert_nonnull (object);
  return GTK_SINGLE_SELECTION (object);
}

static gboolean
ledger_listed (gpointer data)
{
  GListModel *model = gtk_single_selection_get_model (ledger_selection (data));

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
chart_drawn (gpointer data)
{
  return !tz_charts_view_get_loading (TZ_CHARTS_VIEW (child (data, "charts_view")));
}

typedef struct
{
  TzWindow *window;
  gboolean  reports_listed_first;
  gboolean  charts_waited;
  guint     n_lists;
} HiddenViews;

static void
ledger_list_made_cb (GtkSingleSelection *selection,
                     GParamSpec         *pspec,
                     HiddenViews        *hidden)
{
  TzReportsView *reports = TZ_REPORTS_VIEW (child (hidden->window, "reports_view"));
  TzChartsView *charts = TZ_CHARTS_VIEW (child (hidden->window, "charts_view"));

  if (gtk_single_selection_get_model (selection) == NULL)
    return;
  hidden->n_lists++;
  hidden->reports_listed_first = tz_reports_view_get_listed (reports);
  /* Asked for together, after the first view's list. */
  hidden->charts_waited = tz_charts_view_get_loading (charts);
}

/* The views the window does not show ask the ledger nothing until the
 * shown one has its first page; then they load theirs without being
 * shown, so that switching to them is instant. */
static void
test_hidden_views_wait (Fixture       *f,
                        gconstpointer  data)
{
  const char *fixtures[] = { "basic", "regions", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  HiddenViews hidden = { 0, };

  tz_test_fill_ledger (f->db, fixtures);
  g_settings_set_string (settings, "last-view", "reports");
  open_window (f);
  hidden.window = f->window;
  g_assert_null (gtk_single_selection_get_model (ledger_selection (f->window)));
  g_signal_connect (ledger_selection (f->window), "notify::model",
                    G_CALLBACK (ledger_list_made_cb), &hidden);
  wait_for_page (f, "views");
  g_assert_cmpstr (tz_window_get_view (f->window), ==, "reports");

  g_assert_true (tz_test_wait_until (ledger_listed, f->window, 10000));
  g_assert_true (tz_test_wait_until (chart_drawn, f->window, 10000));
  g_assert_cmpuint (hidden.n_lists, ==, 1);
  g_assert_true (hidden.reports_listed_first);
  g_assert_true (hidden.charts_waited);
  g_assert_cmpstr (tz_window_get_view (f->window), ==, "reports");
  g_assert_false (gtk_widget_get_mapped (child (f->window, "ledger_view")));
  g_assert_false (gtk_widget_get_mapped (child (f->window, "charts_view")));
  g_signal_handlers_disconnect_by_data (ledger_selection (f->window), &hidden);

  /* Shown, they are there at once. */
  tz_window_show_view (f->window, "ledger");
  g_assert_true (ledger_listed (f->window));
  tz_window_show_view (f->window, "charts");
  g_assert_true (chart_drawn (f->window));
}

/* The shortcut for @keyval with @modifiers among the window's shortcut
 * controllers (the application's accelerators are one of them), or NULL.
 * Returns: (transfer full) */
static GtkShortcut *
find_shortcut (GtkWidget       *widget,
               guint            keyval,
               GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return g_steal_pointer (&shortcut);
        }
    }

  return NULL;
}

static void
press_shortcut (TzWindow        *window,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GtkShortcut) shortcut = find_shortcut (GTK_WIDGET (window), keyval, modifiers);
  g_autofree char *name = gtk_accelerator_name (keyval, modifiers);

  if (shortcut == NULL)
    g_error ("no shortcut for %s", name);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                               GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                               GTK_WIDGET (window),
                                               gtk_shortcut_get_arguments (shortcut)));
}

static GtkWidget *
find_dialog (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (gtk_window_get_title (window), title) == 0)
        return GTK_WIDGET (window);
    }

  return NULL;
}

static gboolean
export_chart_dialog_shown (gpointer data)
{
  return find_dialog ("Export Chart") != NULL;
}

static gboolean
import_folders_dialog_shown (gpointer data)
{
  return find_dialog ("Import Folders") != NULL;
}

/* Every action of the window's menu and of the shortcuts window has its
 * key, and the keys do what they say: Ctrl+Shift+E shows the chart and
 * asks where to export it, from whichever view; Ctrl+Shift+O asks for
 * folders to import. */
static void
test_shortcuts (Fixture       *f,
                gconstpointer  data)
{
  const char *fixtures[] = { "basic", "regions", NULL };
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  static const struct { guint keyval; GdkModifierType modifiers; } keys[] = {
    { GDK_KEY_o, GDK_CONTROL_MASK },
    { GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_e, GDK_CONTROL_MASK },
    { GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { GDK_KEY_f, GDK_CONTROL_MASK },
    { GDK_KEY_1, GDK_CONTROL_MASK },
    { GDK_KEY_2, GDK_CONTROL_MASK },
    { GDK_KEY_3, GDK_CONTROL_MASK },
    { GDK_KEY_question, GDK_CONTROL_MASK },
    { GDK_KEY_q, GDK_CONTROL_MASK },
  };
  GtkWidget *dialog;

  tz_test_fill_ledger (f->db, fixtures);
  g_settings_set_string (settings, "last-view", "ledger");
  open_window (f);
  wait_for_page (f, "views");
  g_assert_true (tz_test_wait_until (chart_drawn, f->window, 10000));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *name = gtk_accelerator_name (keys[i].keyval, keys[i].modifiers);
      g_autoptr(GtkShortcut) shortcut = find_shortcut (GTK_WIDGET (f->window), keys[i].keyval,
                                                       keys[i].modifiers);

      if (shortcut == NULL)
        g_error ("no shortcut for %s", name);
    }

  press_shortcut (f->window, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_cmpstr (tz_window_get_view (f->window), ==, "charts");
  g_assert_true (tz_test_wait_until (export_chart_dialog_shown, NULL, 10000));
  dialog = find_dialog ("Export Chart");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  tz_test_iterate (100);
  g_assert_null (find_dialog ("Export Chart"));

  press_shortcut (f->window, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  g_assert_true (tz_test_wait_until (import_folders_dialog_shown, NULL, 10000));
  dialog = find_dialog ("Import Folders");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  tz_test_iterate (100);
  g_assert_null (find_dialog ("Import Folders"));
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

  g_test_add ("/taizhang/window/empty-state", Fixture, NULL,
              fixture_set_up, test_empty_state, fixture_tear_down);
  g_test_add ("/taizhang/window/drop-imports", Fixture, NULL,
              fixture_set_up, test_drop_imports, fixture_tear_down);
  g_test_add ("/taizhang/window/import-summary", Fixture, NULL,
              fixture_set_up, test_import_summary, fixture_tear_down);
  g_test_add ("/taizhang/window/remembers-view", Fixture, NULL,
              fixture_set_up, test_remembers_view, fixture_tear_down);
  g_test_add ("/taizhang/window/damaged-ledger", Fixture, NULL,
              fixture_set_up, test_damaged_ledger, fixture_tear_down);
  g_test_add ("/taizhang/window/hidden-views-wait", Fixture, NULL,
              fixture_set_up, test_hidden_views_wait, fixture_tear_down);
  g_test_add ("/taizhang/window/shortcuts", Fixture, NULL,
              fixture_set_up, test_shortcuts, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
