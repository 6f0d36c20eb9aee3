/* test-window-zh-cn.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tz-application.h"
#include "tz-test-ui.h"
#include "tz-window.h"

/* Under LANGUAGE=zh_CN (set by meson) the main window speaks Chinese: the
 * catalogue is the one this build compiled from po/zh_CN.po. */

static GtkWidget *
child (TzWindow   *window,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), TZ_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
has_ledger_page (gpointer data)
{
  GtkStack *stack = GTK_STACK (child (TZ_WINDOW (data), "main_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "empty") != 0
         && g_strcmp0 (gtk_stack_get_visible_child_name (stack), "loading") != 0;
}

static void
test_main_window_in_chinese (void)
{
  static const char * const fixtures[] = { "basic", "regions", "years", NULL };
  static const struct { const char *name; const char *title; } pages[] = {
    { "reports", "报告" },
    { "ledger", "台账" },
    { "charts", "图表" },
  };
  g_autofree char *dir = tz_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *png = NULL;
  g_autoptr(TzApplication) app = tz_application_new ();
  TzWindow *window;
  GtkStack *views;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  tz_test_fill_ledger (db, fixtures);
  tz_application_set_ledger_path (app, db);

  window = tz_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tz_test_wait_until (has_ledger_page, window, 10000));

  views = GTK_STACK (child (window, "view_stack"));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (views, pages[i].name);

      g_assert_nonnull (page);
      g_assert_cmpstr (gtk_stack_page_get_title (gtk_stack_get_page (views, page)), ==, pages[i].title);
    }

  /* A string from C code, not only from the templates. */
  g_assert_cmpstr (_("Reports"), ==, "报告");

  tz_window_show_view (window, "ledger");
  tz_test_iterate (600);
  png = tz_test_screenshot (GTK_WIDGET (window), "window-zh_CN.png");
  g_test_message ("screenshot: %s", png);

  gtk_window_destroy (GTK_WINDOW (window));
  tz_test_iterate (50);
  tz_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TZ_TEST_LOCALEDIR");

  /* glibc ignores LANGUAGE in the "C" locale, which is what CI runs in;
   * C.UTF-8 is always there and lets LANGUAGE choose the catalogue. */
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LANG", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() keeps tests in the C locale; this one wants the user's. */
  setlocale (LC_ALL, "");
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/taizhang/window/zh-cn", test_main_window_in_chinese);

  return g_test_run ();
}
