/* bench-app.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tz-application.h"
#include "tz-window.h"

/* How long the desktop app takes to open a ledger and show the first page
 * of each view, and how much memory it then holds. The window opens on the
 * ledger; we wait until the Reports list has its first rows filled in and
 * drawn, then switch to the Ledger view and wait the same for its table,
 * then to the Charts view (when the window has one) until its chart is
 * drawn. With --pause-ms, we first wait that long on the Reports view, as
 * a user reading it would. Run under a display (tools/bench uses Xvfb);
 * prints one JSON line with the times and the peak resident set (VmHWM). */

static gint64 started;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_until (gboolean  (*condition) (gpointer data),
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (120, timeout_cb, &timed_out);
  /* Replies from the ledger thread wake the context; a tick makes sure the
   * condition is looked at again after every frame, too. */
  guint tick = g_timeout_add (5, tick_cb, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (timed_out)
    g_error ("bench-app: timed out waiting for %s", what);
  g_source_remove (source);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Has the list's first row got its record? Rows show placeholders until
 * their page of records arrives from the ledger thread. */
static gboolean
first_row_filled (GListModel *model)
{
  g_autoptr(GObject) item = NULL;
  g_autofree char *text = NULL;

  if (model == NULL || g_list_model_get_n_items (model) == 0)
    return FALSE;

  item = g_list_model_get_item (model, 0);
  if (GTK_IS_TREE_LIST_ROW (item))
    {
      GObject *inner = gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item));

      g_object_unref (item);
      item = inner;
    }
  if (item == NULL)
    return FALSE;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (item), "name") != NULL)
    g_object_get (item, "name", &text, NULL);
  else if (g_object_class_find_property (G_OBJECT_GET_CLASS (item), "text") != NULL)
    g_object_get (item, "text", &text, NULL);

  return text != NULL && *text != '\0';
}

typedef struct
{
  GtkWidget     *view;
  gboolean       painted;
  gboolean       ready;
  gulong         handler;
  GdkFrameClock *clock;
} ViewWait;

static GListModel *
view_model (GtkWidget *view)
{
  GtkWidget *list;

  if ((list = find_descendant (view, GTK_TYPE_COLUMN_VIEW)) != NULL)
    return G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (list)));
  if ((list = find_descendant (view, GTK_TYPE_LIST_VIEW)) != NULL)
    return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  return NULL;
}

static gboolean
view_has_content (GtkWidget *view)
{
  if (!gtk_widget_get_mapped (view))
    return FALSE;

  /* The Charts view says when its chart data arrived (its lists are
   * those of its drop-downs). */
  if (g_strcmp0 (G_OBJECT_TYPE_NAME (view), "TzChartsView") == 0)
    {
      gboolean loading = TRUE;

      g_object_get (view, "loading", &loading, NULL);
      return !loading;
    }

  return first_row_filled (view_model (view));
}

static void
after_paint_cb (GdkFrameClock *clock,
                ViewWait      *wait)
{
  /* The first frame painted once the content is there shows it. */
  if (wait->ready)
    wait->painted = TRUE;
}

static gboolean
view_drawn (gpointer data)
{
  ViewWait *wait = data;

  if (!wait->ready && view_has_content (wait->view))
    {
      wait->ready = TRUE;
      gtk_widget_queue_draw (wait->view);
    }

  return wait->painted;
}

static double
show_view (TzWindow   *window,
           GtkWidget  *view,
           const char *name)
{
  ViewWait wait = { view, FALSE, FALSE, 0, NULL };
  gint64 begin = g_get_monotonic_time ();

  if (name != NULL)
    tz_window_show_view (window, name);

  wait.clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  wait.handler = g_signal_connect (wait.clock, "after-paint", G_CALLBACK (after_paint_cb), &wait);
  wait_until (view_drawn, &wait, name ? name : "the first view");
  g_signal_handler_disconnect (wait.clock, wait.handler);

  return (g_get_monotonic_time () - begin) / 1e6;
}

static gboolean
window_realized (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data)) && gtk_widget_get_frame_clock (GTK_WIDGET (data)) != NULL;
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;

  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TzApplication) app = NULL;
  GtkWidget *stack, *reports, *ledger, *charts;
  TzWindow *window;
  double first_view, ledger_s = 0, charts_s = 0, open_s;
  guint pause_ms = 0;
  const char *path;

  started = g_get_monotonic_time ();

  if (argc == 4 && g_str_equal (argv[1], "--pause-ms"))
    pause_ms = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  else if (argc != 2)
    {
      g_printerr ("usage: bench-app [--pause-ms N] LEDGER\n");
      return 2;
    }
  path = argv[argc - 1];

  gtk_init ();

  app = tz_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    return 1;
  tz_application_set_ledger_path (app, path);

  window = tz_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  wait_until (window_realized, window, "the window");

  stack = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), TZ_TYPE_WINDOW, "view_stack"));
  reports = gtk_stack_get_child_by_name (GTK_STACK (stack), "reports");
  ledger = gtk_stack_get_child_by_name (GTK_STACK (stack), "ledger");
  charts = gtk_stack_get_child_by_name (GTK_STACK (stack), "charts");
  g_assert (reports != NULL && ledger != NULL);

  tz_window_show_view (window, "reports");
  show_view (window, reports, NULL);
  first_view = (g_get_monotonic_time () - started) / 1e6;
  g_printerr ("bench-app: Reports view drawn %.3f s after start (peak RSS %.0f MB)\n",
              first_view, peak_rss_mb ());

  if (pause_ms > 0)
    {
      gboolean paused = FALSE;

      g_timeout_add (pause_ms, timeout_cb, &paused);
      while (!paused)
        g_main_context_iteration (NULL, TRUE);
    }

  ledger_s = show_view (window, ledger, "ledger");
  g_printerr ("bench-app: Ledger view drawn %.3f s after switching to it (peak RSS %.0f MB)\n",
              ledger_s, peak_rss_mb ());

  if (charts != NULL)
    {
      charts_s = show_view (window, charts, "charts");
      g_printerr ("bench-app: Charts view drawn %.3f s after switching to it (peak RSS %.0f MB)\n",
                  charts_s, peak_rss_mb ());
    }

  /* The user's pause is not the app's. */
  open_s = (g_get_monotonic_time () - started) / 1e6 - pause_ms / 1000.0;

  printf ("{\"open_s\": %.3f, \"reports_view_s\": %.3f, \"ledger_view_s\": %.3f, "
          "\"charts_view_s\": %.3f, \"has_charts_view\": %s, \"peak_rss_mb\": %.1f}\n",
          open_s, first_view, ledger_s, charts_s, charts != NULL ? "true" : "false",
          peak_rss_mb ());

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
