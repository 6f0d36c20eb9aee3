/* tz-test-ui.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "tz-test-ui.h"

char *
tz_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tz-ui-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
tz_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        tz_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Stores the named fixtures (tests/fixtures/NAME.txt) in a ledger file. */
void
tz_test_fill_ledger (const char         *db,
                     const char * const *fixtures)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (db, TZ_STORE_OPEN_DEFAULT, &error);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();

  g_assert_no_error (error);

  for (guint i = 0; fixtures[i] != NULL; i++)
    {
      g_autofree char *file = g_strconcat (fixtures[i], ".txt", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
      g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(TzDocument) document = NULL;

      g_assert_no_error (error);
      bytes = g_mapped_file_get_bytes (mapped);
      document = tz_read_report (extractor, file, bytes, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      g_assert_no_error (error);
    }
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TzLedger **ledger = user_data;
  g_autoptr(GError) error = NULL;

  *ledger = tz_ledger_new_finish (result, &error);
  g_assert_no_error (error);
}

TzLedger *
tz_test_open_ledger (const char *db)
{
  TzLedger *ledger = NULL;

  tz_ledger_new_async (db, TZ_STORE_OPEN_DEFAULT, NULL, opened_cb, &ledger);
  while (ledger == NULL)
    g_main_context_iteration (NULL, TRUE);

  return ledger;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @condition holds; fails the test after
 * @timeout_ms. */
static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
tz_test_wait_until (gboolean (*condition) (gpointer data),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  /* Work finishing on another thread does not always wake this context;
   * a tick makes sure the condition is looked at again. */
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick);
  if (!timed_out)
    g_source_remove (source);

  return !timed_out;
}

/* Runs the main context for about @ms milliseconds (for drawing). */
void
tz_test_iterate (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * tz_test_screenshot:
 * @widget: a realized, mapped widget
 * @name: the file name, such as "reports-view.png"
 *
 * Renders @widget into a PNG in the build directory, to be looked at.
 *
 * Returns: (transfer full): the file written
 */
char *
tz_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget being laid out again has no picture until its next frame. */
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      if (tries > 0)
        tz_test_iterate (20);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  g_test_message ("screenshot: %s", path);
  return path;
}
