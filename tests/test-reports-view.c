/* test-reports-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-document-list.h"
#include "tz-metric-popover.h"
#include "tz-reports-view.h"
#include "tz-test-ui.h"

/* The Reports view over a ledger of the fixtures: the list shows the
 * documents, an article shows with one tag per figure, corrections made in
 * the popover reach the ledger and outlive it, "Not a Figure" and Add
 * Figure work, and show_metric() finds its way. */

typedef struct
{
  char          *dir;
  char          *db;
  TzLedger      *ledger;
  GtkWidget     *window;
  TzReportsView *view;
} Fixture;

static GObject *
child (Fixture    *f,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (f->view), TZ_TYPE_REPORTS_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *it = gtk_widget_get_first_child (root); it != NULL; it = gtk_widget_get_next_sibling (it))
    {
      GtkWidget *found = find_named (it, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static TzMetricPopover *
popover_of (Fixture *f)
{
  GtkWidget *popover = find_named (GTK_WIDGET (f->view), "metric-popover");

  g_assert_true (TZ_IS_METRIC_POPOVER (popover));
  return TZ_METRIC_POPOVER (popover);
}

static GtkWidget *
popover_child (Fixture    *f,
               const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (popover_of (f)), name);

  g_assert_nonnull (widget);
  return widget;
}

static GtkSingleSelection *
selection_of (Fixture *f)
{
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (child (f, "list_view")));

  g_assert_true (GTK_IS_SINGLE_SELECTION (model));
  return GTK_SINGLE_SELECTION (model);
}

static GtkTreeListModel *
tree_of (Fixture *f)
{
  GListModel *model = gtk_single_selection_get_model (selection_of (f));

  g_assert_true (GTK_IS_TREE_LIST_MODEL (model));
  return GTK_TREE_LIST_MODEL (model);
}

static GtkTextBuffer *
buffer_of (Fixture *f)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (child (f, "text_view")));
}

static TzStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  return store;
}

/* The stored article, with its figures, read past the ledger. */
static TzArticle *
stored_article (Fixture *f,
                gint64   document_id,
                gint64   article_id)
{
  g_autoptr(TzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = tz_store_load_document (store, document_id, TRUE, &error);
  guint n_articles;
  TzArticle * const *articles;

  g_assert_no_error (error);
  articles = tz_document_peek_articles (document, &n_articles);
  for (guint i = 0; i < n_articles; i++)
    if (tz_article_get_id (articles[i]) == article_id)
      return g_object_ref (articles[i]);

  g_assert_not_reached ();
  return NULL;
}

static TzMetric *
stored_metric (Fixture *f,
               gint64   id)
{
  g_autoptr(TzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = tz_store_load_metrics (store, &id, 1, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, 1);
  return g_object_ref (g_ptr_array_index (metrics, 0));
}

static GtkTextTag *
figure_tag (Fixture *f,
            gint64   metric_id)
{
  g_autofree char *name = g_strdup_printf ("figure:%" G_GINT64_FORMAT, metric_id);

  return gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer_of (f)), name);
}

/* The text under @tag, asserting that it covers one range only. */
static char *
tagged_text (GtkTextBuffer *buffer,
             GtkTextTag    *tag,
             guint         *offset)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_starts_tag (&start, tag))
    g_assert_true (gtk_text_iter_forward_to_tag_toggle (&start, tag));
  g_assert_true (gtk_text_iter_starts_tag (&start, tag));
  end = start;
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&end, tag));
  g_assert_true (gtk_text_iter_ends_tag (&end, tag));

  {
    GtkTextIter more = end;

    g_assert_false (gtk_text_iter_forward_to_tag_toggle (&more, tag) &&
                    !gtk_text_iter_is_end (&more));
  }

  if (offset != NULL)
    *offset = gtk_text_iter_get_offset (&start);
  return gtk_text_iter_get_slice (&start, &end);
}

static void
count_figure_tag (GtkTextTag *tag,
                  gpointer    data)
{
  g_autofree char *name = NULL;

  g_object_get (tag, "name", &name, NULL);
  if (name != NULL && g_str_has_prefix (name, "figure:"))
    (*(guint *) data)++;
}

static guint
n_figure_tags (Fixture *f)
{
  guint n = 0;

  gtk_text_tag_table_foreach (gtk_text_buffer_get_tag_table (buffer_of (f)), count_figure_tag, &n);
  return n;
}

/* ------------------------------------------------------------------ */
/* Waiting                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  Fixture *f;
  gint64   id;
  gpointer object;
} Wait;

/* The ledger's thread drops the last reference to a finished request,
 * which wakes nobody on this side: poll instead of blocking. */
static gboolean
wait_for_only_ref (gpointer object)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (G_OBJECT (object)->ref_count > 1 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }

  return G_OBJECT (object)->ref_count == 1;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
documents_filled (gpointer data)
{
  Fixture *f = data;
  GtkTreeListModel *tree = tree_of (f);
  guint n = g_list_model_get_n_items (gtk_tree_list_model_get_model (tree));

  if (n == 0)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, i);
      g_autoptr(TzDocument) document = gtk_tree_list_row_get_item (row);

      if (tz_document_get_name (document) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
children_loaded (gpointer data)
{
  GtkTreeListRow *row = data;
  GListModel *children = gtk_tree_list_row_get_children (row);

  return children != NULL &&
         !tz_lazy_list_get_loading (TZ_LAZY_LIST (children)) &&
         g_list_model_get_n_items (children) > 0;
}

static gboolean
article_shown (gpointer data)
{
  Wait *wait = data;

  return tz_reports_view_get_article_id (wait->f->view) == wait->id &&
         !tz_reports_view_get_loading (wait->f->view) &&
         gtk_text_buffer_get_char_count (buffer_of (wait->f)) > 0 &&
         g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (child (wait->f, "article_stack"))), "article") == 0;
}

static gboolean
popover_idle (gpointer data)
{
  Fixture *f = data;
  TzMetricPopover *popover = popover_of (f);

  return !tz_metric_popover_get_busy (popover) && !gtk_widget_get_visible (GTK_WIDGET (popover));
}

static gboolean
figure_corrected (gpointer data)
{
  Wait *wait = data;
  GtkTextTag *tag = figure_tag (wait->f, wait->id);
  GtkTextTag *corrected = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer_of (wait->f)),
                                                     "corrected");
  GtkTextIter iter;

  if (tag == NULL || tz_reports_view_get_loading (wait->f->view))
    return FALSE;

  gtk_text_buffer_get_start_iter (buffer_of (wait->f), &iter);
  if (!gtk_text_iter_starts_tag (&iter, tag) && !gtk_text_iter_forward_to_tag_toggle (&iter, tag))
    return FALSE;

  return gtk_text_iter_has_tag (&iter, corrected);
}

static gboolean
figure_gone (gpointer data)
{
  Wait *wait = data;

  return !tz_reports_view_get_loading (wait->f->view) && figure_tag (wait->f, wait->id) == NULL;
}

static gboolean
figure_present (gpointer data)
{
  Wait *wait = data;

  return !tz_reports_view_get_loading (wait->f->view) && figure_tag (wait->f, wait->id) != NULL;
}

static gboolean
article_selected (gpointer data)
{
  Wait *wait = data;
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection_of (wait->f));
  g_autoptr(GObject) item = NULL;

  if (row == NULL)
    return FALSE;
  item = gtk_tree_list_row_get_item (row);

  return TZ_IS_ARTICLE (item) && tz_article_get_id (TZ_ARTICLE (item)) == wait->id;
}

static gboolean
ledger_metric_loaded (gpointer data)
{
  return *(gpointer *) data != NULL;
}

static void
metrics_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GPtrArray **loaded = user_data;
  g_autoptr(GError) error = NULL;

  *loaded = tz_ledger_load_metrics_finish (TZ_LEDGER (object), result, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

static void
present_view (Fixture *f)
{
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1180, 720);
  f->view = TZ_REPORTS_VIEW (tz_reports_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  tz_reports_view_set_ledger (f->view, f->ledger);
  gtk_window_present (GTK_WINDOW (f->window));

  g_assert_true (tz_test_wait_until (is_mapped, f->view, 5000));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char * const fixtures[] = { "basic", "regions", "years", NULL };
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  f->dir = tz_test_make_dir ();
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  tz_test_fill_ledger (f->db, fixtures);
  f->ledger = tz_test_open_ledger (f->db);

  /* The application loads our style sheet; there is none here. */
  gtk_css_provider_load_from_resource (css, "/io/github/taizhang/Taizhang/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  present_view (f);
  g_assert_true (tz_test_wait_until (documents_filled, f, 5000));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));

  /* Cancelled loads come back once; let them. */
  g_assert_true (wait_for_only_ref (f->ledger));
  g_assert_finalize_object (f->ledger);

  tz_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* Selects the @index-th article of the @document-th document through the
 * list, as a click would, and waits until it shows. */
static TzArticle *
select_article (Fixture *f,
                guint    document,
                guint    index)
{
  GtkTreeListModel *tree = tree_of (f);
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, document);
  g_autoptr(GtkTreeListRow) article_row = NULL;
  g_autoptr(TzArticle) article = NULL;
  g_autoptr(TzDocument) doc = NULL;
  Wait wait = { f, 0, NULL };

  g_assert_nonnull (row);
  gtk_tree_list_row_set_expanded (row, TRUE);
  g_assert_true (tz_test_wait_until (children_loaded, row, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_tree_list_row_get_children (row)), >, index);

  article_row = gtk_tree_list_row_get_child_row (row, index);
  gtk_single_selection_set_selected (selection_of (f), gtk_tree_list_row_get_position (article_row));

  article = gtk_tree_list_row_get_item (article_row);
  wait.id = tz_article_get_id (article);
  g_assert_true (tz_test_wait_until (article_shown, &wait, 5000));

  doc = gtk_tree_list_row_get_item (row);
  g_assert_cmpint (tz_reports_view_get_document_id (f->view), ==, tz_document_get_id (doc));

  return stored_article (f, tz_document_get_id (doc), wait.id);
}

/* The window with any open popover drawn where it is, as the user sees
 * it: a widget snapshot leaves popovers (surfaces of their own) out. */
static char *
screenshot_with_popover (Fixture    *f,
                         const char *name)
{
  TzMetricPopover *popover = popover_of (f);
  g_autoptr(GdkPaintable) window_paintable = gtk_widget_paintable_new (f->window);
  g_autoptr(GdkPaintable) popover_paintable = gtk_widget_paintable_new (GTK_WIDGET (popover));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
  int width = gtk_widget_get_width (f->window);
  int height = gtk_widget_get_height (f->window);
  char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  double wx, wy;

  gdk_paintable_snapshot (window_paintable, GDK_SNAPSHOT (snapshot), width, height);
  if (surface != NULL && gtk_widget_get_mapped (GTK_WIDGET (popover)))
    {
      /* The popover's surface sits at its position relative to the
       * window's surface, which includes the window's shadow margin; it
       * may reach past the window's edge, so the picture grows. */
      double x, y;

      gtk_native_get_surface_transform (GTK_NATIVE (f->window), &wx, &wy);
      x = gdk_popup_get_position_x (GDK_POPUP (surface)) - wx;
      y = gdk_popup_get_position_y (GDK_POPUP (surface)) - wy;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
      gdk_paintable_snapshot (popover_paintable, GDK_SNAPSHOT (snapshot),
                              gdk_surface_get_width (surface), gdk_surface_get_height (surface));
      gtk_snapshot_restore (snapshot);
      width = MAX (width, (int) x + gdk_surface_get_width (surface));
      height = MAX (height, (int) y + gdk_surface_get_height (surface));
    }
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));

  g_test_message ("screenshot: %s", path);
  return path;
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */
/* ------------------------------------------------------------------ */

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;

  for (GtkWidget *it = gtk_widget_get_first_child (root); it != NULL; it = gtk_widget_get_next_sibling (it))
    if (has_label (it, text))
      return TRUE;

  return FALSE;
}

typedef struct
{
  Fixture *f;
  char    *text;
} Label;

static gboolean
list_has_label (gpointer data)
{
  Label *label = data;

  return has_label (GTK_WIDGET (child (label->f, "list_view")), label->text);
}

static gboolean
list_shows_basic (gpointer data)
{
  Fixture *f = data;

  return has_label (GTK_WIDGET (child (f, "list_view")), "basic.txt") &&
         has_label (GTK_WIDGET (child (f, "list_view")), "years.txt");
}

static void
test_documents (Fixture       *f,
                gconstpointer  data)
{
  GtkTreeListModel *tree = tree_of (f);
  g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (tree, 0);
  g_autoptr(TzDocument) document = gtk_tree_list_row_get_item (row);

  /* One row per document, collapsed, with counts and no text. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tree)), ==, 3);
  g_assert_true (TZ_IS_DOCUMENT_LIST (gtk_tree_list_model_get_model (tree)));
  g_assert_cmpstr (tz_document_get_name (document), ==, "basic.txt");
  g_assert_cmpuint (tz_document_get_article_count (document), ==, 3);
  g_assert_cmpuint (tz_document_get_metric_count (document), >, 10);
  g_assert_null (tz_document_get_text (document));
  g_assert_false (gtk_tree_list_row_get_expanded (row));

  g_assert_true (tz_test_wait_until (list_shows_basic, f, 5000));
  {
    g_autoptr(GDateTime) imported = g_date_time_new_from_unix_local (tz_document_get_imported_at (document));
    g_autofree char *date = g_date_time_format (imported, "%Y-%m-%d");
    g_autofree char *subtitle = g_strdup_printf ("Imported %s · 3 articles", date);

    g_assert_true (has_label (GTK_WIDGET (child (f, "list_view")), subtitle));
  }

  /* Nothing chosen yet: the hint. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (f, "article_stack"))), ==, "empty");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (child (f, "hint_label"))));
}

static void
test_select_article (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TzArticle) article = select_article (f, 0, 0);
  GtkTextBuffer *buffer = buffer_of (f);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  guint n_metrics;
  TzMetric * const *metrics = tz_article_peek_metrics (article, &n_metrics);
  g_autofree char *headline = NULL;
  g_autofree char *subtitle = NULL;

  g_assert_cmpuint (n_metrics, >, 3);
  g_assert_cmpuint (n_figure_tags (f), ==, n_metrics);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), ==,
                   tz_article_get_end (article) - tz_article_get_start (article));

  /* One tag range per figure, over exactly its text, in its colour. */
  for (guint i = 0; i < n_metrics; i++)
    {
      GtkTextTag *tag = figure_tag (f, tz_metric_get_id (metrics[i]));
      g_autofree char *category = g_strdup_printf ("figure-%s",
                                                   tz_category_to_string (tz_metric_get_category (metrics[i])));
      g_autofree char *text = NULL;
      GtkTextIter iter;
      guint offset;

      g_assert_nonnull (tag);
      text = tagged_text (buffer, tag, &offset);
      g_assert_cmpstr (text, ==, tz_metric_get_text (metrics[i]));
      g_assert_cmpuint (offset, ==, tz_metric_get_start (metrics[i]) - tz_article_get_start (article));

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      g_assert_true (gtk_text_iter_has_tag (&iter, gtk_text_tag_table_lookup (table, category)));
    }

  headline = tagged_text (buffer, gtk_text_tag_table_lookup (table, "headline"), NULL);
  g_assert_cmpstr (headline, ==, tz_article_get_title (article));
  subtitle = tagged_text (buffer, gtk_text_tag_table_lookup (table, "subtitle"), NULL);
  g_assert_cmpstr (subtitle, ==, tz_article_get_subtitles (article)[0]);

  /* 武进 is named in the text. */
  {
    GtkTextIter iter;

    gtk_text_buffer_get_start_iter (buffer, &iter);
    g_assert_true (gtk_text_iter_forward_to_tag_toggle (&iter, gtk_text_tag_table_lookup (table, "region")));
  }

  /* Another article of the same report comes from the copy loaded. */
  {
    g_autoptr(TzArticle) second = select_article (f, 0, 1);
    g_autofree char *title = tagged_text (buffer, gtk_text_tag_table_lookup (table, "headline"), NULL);

    g_assert_cmpstr (title, ==, tz_article_get_title (second));
    g_assert_cmpuint (n_figure_tags (f), ==, tz_article_get_n_metrics (second));
  }
}

static void
test_correct_metric (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TzArticle) article = select_article (f, 0, 0);
  guint n_metrics;
  TzMetric *metric = tz_article_peek_metrics (article, &n_metrics)[1];
  gint64 id = tz_metric_get_id (metric);
  TzMetricPopover *popover = popover_of (f);
  g_autoptr(TzMetric) stored = NULL;
  g_autofree char *shot = NULL;
  Wait wait = { f, id, NULL };

  g_assert_true (tz_reports_view_edit_metric (f->view, id));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_false (tz_metric_popover_get_adding (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_child (f, "subject-entry"))), ==,
                   tz_metric_get_subject (metric) ?: "");
  g_assert_false (gtk_widget_get_sensitive (popover_child (f, "restore-button")));

  gtk_editable_set_text (GTK_EDITABLE (popover_child (f, "subject-entry")), "技能培训职工");
  tz_test_iterate (300);
  shot = screenshot_with_popover (f, "reports-view-popover.png");

  gtk_widget_activate (popover_child (f, "save-button"));
  g_assert_true (tz_test_wait_until (popover_idle, f, 5000));
  g_assert_false (gtk_widget_get_visible (popover_child (f, "error-label")));

  stored = stored_metric (f, id);
  g_assert_cmpstr (tz_metric_get_subject (stored), ==, "技能培训职工");
  g_assert_true (tz_metric_get_corrected (stored));

  /* The view reloads and marks it corrected. */
  g_assert_true (tz_test_wait_until (figure_corrected, &wait, 5000));

  /* A value the ledger refuses is explained in the popover, which stays. */
  g_assert_true (tz_reports_view_edit_metric (f->view, id));
  g_assert_true (gtk_widget_get_sensitive (popover_child (f, "restore-button")));
  gtk_editable_set_text (GTK_EDITABLE (popover_child (f, "year-entry")), "1066");
  gtk_widget_activate (popover_child (f, "save-button"));
  {
    gboolean shown = FALSE;

    for (guint i = 0; i < 500 && !shown; i++)
      {
        g_main_context_iteration (NULL, TRUE);
        shown = gtk_widget_get_visible (popover_child (f, "error-label")) &&
                !tz_metric_popover_get_busy (popover);
      }
    g_assert_true (shown);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (popover_child (f, "error-label"))), "1066"));
  gtk_popover_popdown (GTK_POPOVER (popover));
  tz_test_iterate (50);

  /* An unknown region is refused before anything is sent. */
  g_assert_true (tz_reports_view_edit_metric (f->view, id));
  gtk_editable_set_text (GTK_EDITABLE (popover_child (f, "region-entry")), "不存在的地方");
  g_assert_true (gtk_widget_has_css_class (popover_child (f, "region-path-label"), "error"));
  gtk_editable_set_text (GTK_EDITABLE (popover_child (f, "region-entry")), "320412");
  g_assert_false (gtk_widget_has_css_class (popover_child (f, "region-path-label"), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (popover_child (f, "region-path-label"))), "武进区"));
  gtk_popover_popdown (GTK_POPOVER (popover));
  tz_test_iterate (50);

  /* The correction outlives the ledger: close it, open the file again. */
  tz_reports_view_set_ledger (f->view, NULL);
  g_assert_true (wait_for_only_ref (f->ledger));
  g_assert_finalize_object (f->ledger);
  f->ledger = tz_test_open_ledger (f->db);

  {
    g_autoptr(GPtrArray) loaded = NULL;

    tz_ledger_load_metrics_async (f->ledger, &id, 1, NULL, metrics_loaded_cb, &loaded);
    g_assert_true (tz_test_wait_until (ledger_metric_loaded, &loaded, 5000));
    g_assert_cmpuint (loaded->len, ==, 1);
    g_assert_cmpstr (tz_metric_get_subject (g_ptr_array_index (loaded, 0)), ==, "技能培训职工");
    g_assert_true (tz_metric_get_corrected (g_ptr_array_index (loaded, 0)));
  }

  tz_reports_view_set_ledger (f->view, f->ledger);
  g_assert_true (tz_test_wait_until (documents_filled, f, 5000));
  {
    g_autoptr(TzArticle) reopened = select_article (f, 0, 0);

    g_assert_true (tz_test_wait_until (figure_corrected, &wait, 5000));
    g_assert_true (tz_reports_view_edit_metric (f->view, id));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_child (f, "subject-entry"))), ==,
                     "技能培训职工");
    gtk_popover_popdown (GTK_POPOVER (popover_of (f)));
  }
}

/* The window's coordinates of the middle of the @offset-th character. */
static void
char_position (Fixture *f,
               guint    offset,
               int     *x,
               int     *y)
{
  GtkTextView *view = GTK_TEXT_VIEW (child (f, "text_view"));
  GtkTextIter iter;
  GdkRectangle rect;
  double wx, wy;
  int bx, by;

  gtk_text_buffer_get_iter_at_offset (buffer_of (f), &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + rect.width / 2, rect.y + rect.height / 2, &bx, &by);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (view), f->window, bx, by, &wx, &wy));
  *x = (int) wx;
  *y = (int) wy;
}

static void
xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool search --name taizhang-reports-test %s", args);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
popover_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (popover_of (data)));
}

/* Real pointer events, through the X server: a click on a figure opens its
 * record; dragging over text selects it for Add Figure instead. */
static void
test_click_figure (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TzArticle) article = NULL;
  g_autofree char *args = NULL;
  TzMetric *metric;
  guint n_metrics;
  int x, y, x2, y2;

  if (g_getenv ("DISPLAY") == NULL || g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("needs xdotool and an X display");
      return;
    }

  article = select_article (f, 0, 0);
  metric = tz_article_peek_metrics (article, &n_metrics)[1];
  gtk_window_set_title (GTK_WINDOW (f->window), "taizhang-reports-test");
  tz_test_iterate (300);

  char_position (f, tz_metric_get_start (metric) - tz_article_get_start (article), &x, &y);
  args = g_strdup_printf ("mousemove --window %%1 %d %d click 1", x, y);
  xdotool (args);
  g_assert_true (tz_test_wait_until (popover_visible, f, 5000));
  g_assert_cmpint (tz_metric_get_id (tz_metric_popover_get_metric (popover_of (f))), ==,
                   tz_metric_get_id (metric));
  gtk_popover_popdown (GTK_POPOVER (popover_of (f)));
  tz_test_iterate (100);

  /* Drag from the figure over the next characters. */
  char_position (f, tz_metric_get_start (metric) - tz_article_get_start (article) + 4, &x2, &y2);
  g_clear_pointer (&args, g_free);
  args = g_strdup_printf ("mousemove --window %%1 %d %d mousedown 1 mousemove --window %%1 %d %d "
                          "mousemove --window %%1 %d %d mouseup 1",
                          x, y, (x + x2) / 2, y2, x2, y2);
  xdotool (args);
  tz_test_iterate (300);
  g_assert_true (gtk_text_buffer_get_has_selection (buffer_of (f)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover_of (f))));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (child (f, "add_button"))));
}

/* Real key presses, through the X server: with the text cursor on a
 * figure, Enter opens its record; with text selected, Ctrl+N adds it as a
 * figure. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TzArticle) article = NULL;
  GtkTextBuffer *buffer = buffer_of (f);
  TzMetricPopover *popover = popover_of (f);
  GtkTextIter iter, match_start, match_end;
  TzMetric *metric;
  guint n_metrics;

  if (g_getenv ("DISPLAY") == NULL || g_find_program_in_path ("xdotool") == NULL)
    {
      g_test_skip ("needs xdotool and an X display");
      return;
    }

  article = select_article (f, 0, 0);
  metric = tz_article_peek_metrics (article, &n_metrics)[1];
  gtk_window_set_title (GTK_WINDOW (f->window), "taizhang-reports-test");
  tz_test_iterate (300);

  gtk_widget_grab_focus (GTK_WIDGET (child (f, "text_view")));
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      tz_metric_get_start (metric) - tz_article_get_start (article) + 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  tz_test_iterate (100);
  xdotool ("windowfocus --sync %1 key Return");
  g_assert_true (tz_test_wait_until (popover_visible, f, 5000));
  g_assert_false (tz_metric_popover_get_adding (popover));
  g_assert_cmpint (tz_metric_get_id (tz_metric_popover_get_metric (popover)), ==,
                   tz_metric_get_id (metric));
  gtk_popover_popdown (GTK_POPOVER (popover));
  tz_test_iterate (100);

  /* "第五届" is an ordinal, which the extractor leaves out. */
  g_clear_object (&article);
  article = select_article (f, 0, 1);
  gtk_widget_grab_focus (GTK_WIDGET (child (f, "text_view")));
  gtk_text_buffer_get_start_iter (buffer, &iter);
  g_assert_true (gtk_text_iter_forward_search (&iter, "五届", GTK_TEXT_SEARCH_TEXT_ONLY,
                                               &match_start, &match_end, NULL));
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  tz_test_iterate (100);
  xdotool ("windowfocus --sync %1 key ctrl+n");
  g_assert_true (tz_test_wait_until (popover_visible, f, 5000));
  g_assert_true (tz_metric_popover_get_adding (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_child (f, "unit-entry"))), ==, "届");
  gtk_popover_popdown (GTK_POPOVER (popover));
  tz_test_iterate (100);
}

static void
test_not_a_figure (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TzArticle) article = select_article (f, 0, 1);
  guint n_metrics;
  TzMetric *metric = tz_article_peek_metrics (article, &n_metrics)[0];
  Wait wait = { f, tz_metric_get_id (metric), NULL };

  g_assert_nonnull (figure_tag (f, wait.id));
  g_assert_true (tz_reports_view_edit_metric (f->view, wait.id));
  gtk_widget_activate (popover_child (f, "not-metric-button"));
  g_assert_true (tz_test_wait_until (popover_idle, f, 5000));
  g_assert_true (tz_test_wait_until (figure_gone, &wait, 5000));
  g_assert_cmpuint (n_figure_tags (f), ==, n_metrics - 1);

  /* The list row counts one figure less. */
  {
    Label label = { f, NULL };

    label.text = g_strdup_printf ("%s · %u figures",
                                  tz_region_get_name (tz_article_get_region (article)), n_metrics - 1);
    g_assert_true (tz_test_wait_until (list_has_label, &label, 5000));
    g_free (label.text);
  }

  {
    g_autoptr(TzArticle) stored = stored_article (f, tz_article_get_document_id (article),
                                                  tz_article_get_id (article));

    g_assert_cmpuint (tz_article_get_n_metrics (stored), ==, n_metrics - 1);
    g_assert_cmpuint (tz_article_get_metric_count (stored), ==, n_metrics - 1);
  }
}

static void
test_add_metric (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TzArticle) article = select_article (f, 0, 1);
  GtkTextBuffer *buffer = buffer_of (f);
  TzMetricPopover *popover = popover_of (f);
  GtkTextIter start, end, match_start, match_end;
  g_autoptr(TzArticle) stored = NULL;
  guint n_before = tz_article_get_n_metrics (article);
  TzMetric *added = NULL;
  guint n_metrics;
  TzMetric * const *metrics;
  Wait wait = { f, 0, NULL };

  /* "第五届" is an ordinal, which the extractor leaves out; the user adds
   * it anyway. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "五届", GTK_TEXT_SEARCH_TEXT_ONLY,
                                               &match_start, &match_end, NULL));
  gtk_text_buffer_select_range (buffer, &match_start, &match_end);
  tz_test_iterate (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "reports.add-metric", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (tz_metric_popover_get_adding (popover));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_child (f, "value-entry"))), ==, "5");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (popover_child (f, "unit-entry"))), ==, "届");
  g_assert_false (gtk_widget_get_visible (popover_child (f, "not-metric-button")));

  gtk_editable_set_text (GTK_EDITABLE (popover_child (f, "subject-entry")), "职工职业技能大赛");
  tz_test_iterate (300);
  g_free (screenshot_with_popover (f, "reports-view-add.png"));
  gtk_widget_activate (popover_child (f, "save-button"));
  g_assert_true (tz_test_wait_until (popover_idle, f, 5000));

  stored = stored_article (f, tz_article_get_document_id (article), tz_article_get_id (article));
  metrics = tz_article_peek_metrics (stored, &n_metrics);
  g_assert_cmpuint (n_metrics, ==, n_before + 1);
  for (guint i = 0; i < n_metrics; i++)
    if (tz_metric_get_user_added (metrics[i]))
      added = metrics[i];
  g_assert_nonnull (added);
  g_assert_cmpstr (tz_metric_get_text (added), ==, "五届");
  g_assert_cmpstr (tz_metric_get_unit (added), ==, "届");
  g_assert_cmpstr (tz_metric_get_subject (added), ==, "职工职业技能大赛");
  g_assert_cmpuint (tz_metric_get_start (added), ==,
                    tz_article_get_start (article) + gtk_text_iter_get_offset (&match_start));
  g_assert_cmpfloat (tz_metric_get_value_double (added), ==, 5);

  wait.id = tz_metric_get_id (added);
  g_assert_true (tz_test_wait_until (figure_present, &wait, 5000));
  g_assert_true (tz_test_wait_until (figure_corrected, &wait, 5000));

  /* Without a selection there is nothing to add. */
  gtk_text_buffer_get_start_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (child (f, "add_button"))));
}

static void
test_show_metric (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TzStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GArray) ids = tz_store_query_document_ids (store, &error);
  GtkTextBuffer *buffer = buffer_of (f);
  TzArticle *article;
  TzMetric *metric;
  guint n_articles, n_metrics;
  Wait wait = { f, 0, NULL };
  GtkTextIter cursor;

  g_assert_no_error (error);
  document = tz_store_load_document (store, g_array_index (ids, gint64, 2), TRUE, &error);
  g_assert_no_error (error);
  article = tz_document_peek_articles (document, &n_articles)[n_articles - 1];
  metric = tz_article_peek_metrics (article, &n_metrics)[n_metrics - 1];

  tz_reports_view_show_metric (f->view, tz_document_get_id (document), tz_article_get_id (article),
                               tz_metric_get_start (metric), tz_metric_get_end (metric));
  wait.id = tz_article_get_id (article);
  g_assert_true (tz_test_wait_until (article_shown, &wait, 5000));
  g_assert_true (tz_test_wait_until (article_selected, &wait, 5000));

  /* The cursor is on the figure, which is lit up for a moment. */
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpuint (gtk_text_iter_get_offset (&cursor), ==,
                    tz_metric_get_start (metric) - tz_article_get_start (article));
  g_assert_true (gtk_text_iter_has_tag (&cursor, gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                                             "flash")));
  g_assert_true (gtk_text_iter_has_tag (&cursor, figure_tag (f, tz_metric_get_id (metric))));

  /* Searching shows matching articles; clearing it goes back to the tree,
   * where the article stays selected. */
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "驿站");
  g_signal_emit_by_name (child (f, "search_entry"), "search-changed");
  {
    GListModel *model = gtk_single_selection_get_model (selection_of (f));
    GListModel *articles = gtk_tree_list_model_get_model (GTK_TREE_LIST_MODEL (model));

    g_assert_false (TZ_IS_DOCUMENT_LIST (articles));
    while (tz_lazy_list_get_loading (TZ_LAZY_LIST (articles)) || g_main_context_pending (NULL))
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (articles), >=, 1);
    tz_test_iterate (300);
    g_free (tz_test_screenshot (f->window, "reports-view-search.png"));

    /* A search row opens its article, even before its page came in. */
    {
      g_autoptr(TzArticle) found = g_list_model_get_item (articles, 0);
      Wait shown = { f, tz_article_get_id (found), NULL };

      gtk_single_selection_set_selected (selection_of (f), 0);
      g_assert_true (tz_test_wait_until (article_shown, &shown, 5000));
      g_assert_cmpint (tz_reports_view_get_document_id (f->view), ==, tz_article_get_document_id (found));
    }
  }
  gtk_editable_set_text (GTK_EDITABLE (child (f, "search_entry")), "");
  g_signal_emit_by_name (child (f, "search_entry"), "search-changed");
  g_assert_true (TZ_IS_DOCUMENT_LIST (gtk_tree_list_model_get_model (tree_of (f))));
  wait.id = tz_reports_view_get_article_id (f->view);
  g_assert_true (tz_test_wait_until (article_selected, &wait, 5000));
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (gtk_widget_get_mapped (widget) && gtk_widget_has_css_class (widget, "tz-reports-row"))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

/* A row gives its title as its tooltip when asked, and sets none ahead:
 * setting one asks the X server where the pointer is, once per row. */
static void
test_row_tooltips (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TzArticle) article = select_article (f, 0, 0);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint given = 0;

  tz_test_iterate (200);
  collect_rows (GTK_WIDGET (f->view), rows);
  g_assert_cmpuint (rows->len, >=, 2);

  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];
      g_autoptr(GtkTooltip) tooltip = g_object_ref_sink (g_object_new (GTK_TYPE_TOOLTIP, NULL));
      gboolean shown = FALSE;

      g_assert_null (gtk_widget_get_tooltip_text (row));
      g_assert_true (gtk_widget_get_has_tooltip (row));
      g_signal_emit_by_name (row, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
      given += shown;
    }
  g_assert_cmpuint (given, ==, rows->len);
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TzArticle) article = NULL;
  g_autofree char *path = NULL;

  tz_test_iterate (300);
  path = tz_test_screenshot (f->window, "reports-view-empty.png");
  g_clear_pointer (&path, g_free);

  article = select_article (f, 0, 0);
  tz_test_iterate (300);
  path = tz_test_screenshot (f->window, "reports-view.png");
  g_clear_pointer (&path, g_free);

  /* The palette must read on a dark theme as well. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  tz_test_iterate (300);
  path = tz_test_screenshot (f->window, "reports-view-dark.png");
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);
  tz_test_iterate (100);
}

/* A ledger of ten thousand reports opens without building their rows. */
static void
test_many_documents (void)
{
  g_autoptr(GError) error = NULL;
  Fixture fixture = { NULL, };
  Fixture *f = &fixture;
  gint64 begin;
  guint n_rows = 0;

  f->dir = tz_test_make_dir ();
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  {
    g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < 10000; i++)
      {
        g_autofree char *name = g_strdup_printf ("report-%05u.txt", i);
        g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, name, -1);
        g_autoptr(TzDocument) document = tz_document_new (name);

        tz_document_set_sha256 (document, sha);
        tz_document_set_text (document, name);
        g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
        g_assert_no_error (error);
      }
  }

  f->ledger = tz_test_open_ledger (f->db);
  begin = g_get_monotonic_time ();
  present_view (f);
  {
    gboolean shown = FALSE;

    while (!shown && g_get_monotonic_time () - begin < 5 * G_USEC_PER_SEC)
      {
        g_main_context_iteration (NULL, TRUE);
        shown = has_label (GTK_WIDGET (child (f, "list_view")), "report-00000.txt");
      }
    g_assert_true (shown);
  }
  g_test_message ("first rows after %.0f ms", (g_get_monotonic_time () - begin) / 1000.0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tree_of (f))), ==, 10000);

  /* Only the rows around the visible ones exist (GTK 4.8 keeps about 200
   * list items), not ten thousand. */
  for (GtkWidget *it = gtk_widget_get_first_child (GTK_WIDGET (child (f, "list_view")));
       it != NULL; it = gtk_widget_get_next_sibling (it))
    n_rows++;
  g_assert_cmpuint (n_rows, <, 400);

  fixture_tear_down (f, NULL);
}

static void
test_finalize (void)
{
  GtkWidget *view = tz_reports_view_new ();

  g_object_ref_sink (view);
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/taizhang/reports-view/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)

  ADD ("documents", test_documents);
  ADD ("select-article", test_select_article);
  ADD ("correct-metric", test_correct_metric);
  ADD ("x-server/click-figure", test_click_figure);
  ADD ("x-server/keys", test_keys);
  ADD ("not-a-figure", test_not_a_figure);
  ADD ("add-metric", test_add_metric);
  ADD ("show-metric", test_show_metric);
  ADD ("row-tooltips", test_row_tooltips);
  ADD ("screenshot", test_screenshot);
  g_test_add_func ("/taizhang/reports-view/many-documents", test_many_documents);
  g_test_add_func ("/taizhang/reports-view/finalize", test_finalize);

  return g_test_run ();
}
