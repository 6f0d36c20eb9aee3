/* tz-window.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-window"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tz-charts-view.h"
#include "tz-export.h"
#include "tz-format.h"
#include "tz-gtk-compat.h"
#include "tz-import-summary.h"
#include "tz-importer.h"
#include "tz-ledger-view.h"
#include "tz-reextract.h"
#include "tz-reports-view.h"
#include "tz-store.h"
#include "tz-window.h"

typedef enum
{
  BANNER_NONE,
  BANNER_SHOW_SUMMARY,
  BANNER_SHOW_REPORTS,
} BannerAction;

struct _TzWindow
{
  GtkApplicationWindow  parent_instance;

  /* Template widgets */
  GtkRevealer          *banner_revealer;
  GtkWidget            *banner;
  GtkLabel             *banner_label;
  GtkButton            *banner_button;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkStack             *main_stack;
  GtkSpinner           *spinner;
  GtkWidget            *empty_state;
  GtkLabel             *error_title;
  GtkLabel             *error_label;
  GtkWidget            *move_aside_button;
  GtkStack             *view_stack;
  TzReportsView        *reports_view;
  TzLedgerView         *ledger_view;
  TzChartsView         *charts_view;
  GtkWidget            *drop_highlight;

  /* Owned references */
  TzLedger             *ledger;
  GSettings            *settings;
  TzImporter           *importer;
  GCancellable         *cancellable;
  GCancellable         *import_cancellable;
  GPtrArray            *pending_files;
  GPtrArray            *last_outcomes;
  char                 *ledger_path;

  BannerAction          banner_action;
  guint                 hidden_views_tick;
  guint                 hidden_views_idle;
  gint64                hidden_views_since;
  guint                 read_only : 1;
};

G_DEFINE_FINAL_TYPE (TzWindow, tz_window, GTK_TYPE_APPLICATION_WINDOW)

static void open_ledger (TzWindow *self, TzStoreOpenFlags flags);

/* Async work holds the window weakly: a window closed while the ledger
 * answers is simply gone when the answer comes, never kept alive by it. */
static gpointer
weak_window (TzWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static TzWindow *
strong_window (gpointer data)
{
  GWeakRef *ref = data;
  TzWindow *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}
static void start_import (TzWindow *self);

/* ------------------------------------------------------------------ */
/* Banner                                                              */
/* ------------------------------------------------------------------ */

static void
show_banner (TzWindow     *self,
             const char   *message,
             const char   *button_label,
             BannerAction  action,
             gboolean      warning)
{
  gtk_label_set_text (self->banner_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (self->banner_button, button_label);
  gtk_button_set_use_underline (self->banner_button, TRUE);
  self->banner_action = action;

  if (warning)
    gtk_widget_add_css_class (self->banner, "warning");
  else
    gtk_widget_remove_css_class (self->banner, "warning");

  gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
}

static void
banner_close_clicked_cb (TzWindow *self)
{
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

static void
banner_button_clicked_cb (TzWindow *self)
{
  switch (self->banner_action)
    {
    case BANNER_SHOW_SUMMARY:
      if (self->last_outcomes != NULL)
        {
          GtkWindow *summary = tz_import_summary_new (GTK_WINDOW (self), self->last_outcomes);
          gtk_window_present (summary);
        }
      break;

    case BANNER_SHOW_REPORTS:
      tz_window_show_view (self, "reports");
      break;

    case BANNER_NONE:
    default:
      break;
    }

  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);
}

/* ------------------------------------------------------------------ */
/* Ledger                                                              */
/* ------------------------------------------------------------------ */

static void
update_actions (TzWindow *self)
{
  gboolean ready = self->ledger != NULL;
  gboolean importing = self->importer != NULL && tz_importer_get_running (self->importer);
  gboolean writable = ready && !self->read_only;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-folder", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-samples", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-chart", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-import", importing);
}

static void
stats_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(GError) error = NULL;
  TzStoreStats stats;

  if (self == NULL)
    return;

  if (!tz_ledger_get_stats_finish (TZ_LEDGER (object), result, &stats, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the ledger: %s", error->message);
      return;
    }

  /* First run: say what Taizhang does instead of showing empty lists. */
  if (stats.n_documents == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "empty");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "views");
    }
}

static void
update_main_page (TzWindow *self)
{
  if (self->ledger == NULL)
    return;

  tz_ledger_get_stats_async (self->ledger, self->cancellable, stats_cb, weak_window (self));
}

static void
ledger_changed_cb (TzWindow *self)
{
  update_main_page (self);
}

/* Documents read by an older extractor are read again, off the UI thread
 * and through a connection of their own; the views refresh when it is done. */
static void
reextract_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || !tz_reextract_outdated (store, cancellable, &n, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_int (task, n);
}

static void
reextract_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);

  if (self == NULL)
    return;

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not update the records: %s", error->message);
      return;
    }

  if (n > 0 && self->ledger != NULL)
    tz_ledger_notify_external_change (self->ledger);
}

/* ------------------------------------------------------------------ */
/* The views not shown                                                 */
/* ------------------------------------------------------------------ */

static gboolean
shown_view_listed (TzWindow *self)
{
  GtkWidget *shown = gtk_stack_get_visible_child (self->view_stack);

  if (shown == GTK_WIDGET (self->reports_view))
    return tz_reports_view_get_listed (self->reports_view);
  if (shown == GTK_WIDGET (self->ledger_view))
    return tz_ledger_view_get_listed (self->ledger_view);
  if (shown == GTK_WIDGET (self->charts_view))
    return !tz_charts_view_get_loading (self->charts_view);
  return TRUE;
}

static gboolean
load_hidden_views_cb (gpointer data)
{
  TzWindow *self = data;

  self->hidden_views_idle = 0;
  tz_ledger_view_load (self->ledger_view);
  tz_charts_view_load (self->charts_view);
  return G_SOURCE_REMOVE;
}

/* Each frame until the view the window opened on has its first page;
 * after that frame is painted (a low-priority idle runs after the
 * frame), the other views load theirs, so that switching to them is
 * instant. Before, they would only slow that first page down. A tick
 * asks for frames: a ledger that takes ages to answer stops them. */
#define HIDDEN_VIEWS_WAIT_USEC (5 * G_USEC_PER_SEC)

static gboolean
hidden_views_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       data)
{
  TzWindow *self = TZ_WINDOW (widget);

  if (self->ledger != NULL && !shown_view_listed (self) &&
      gdk_frame_clock_get_frame_time (clock) - self->hidden_views_since < HIDDEN_VIEWS_WAIT_USEC)
    return G_SOURCE_CONTINUE;

  self->hidden_views_tick = 0;
  if (self->ledger == NULL)
    return G_SOURCE_REMOVE;
  if (self->hidden_views_idle == 0)
    self->hidden_views_idle = g_idle_add_full (G_PRIORITY_LOW, load_hidden_views_cb, self, NULL);
  return G_SOURCE_REMOVE;
}

static void
load_hidden_views_later (TzWindow *self)
{
  if (self->hidden_views_tick != 0)
    return;
  self->hidden_views_since = g_get_monotonic_time ();
  self->hidden_views_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), hidden_views_tick_cb,
                                                          NULL, NULL);
}

static void
set_ledger (TzWindow *self,
            TzLedger *ledger)
{
  g_set_object (&self->ledger, ledger);

  tz_reports_view_set_ledger (self->reports_view, ledger);
  tz_ledger_view_set_ledger (self->ledger_view, ledger);
  tz_charts_view_set_ledger (self->charts_view, ledger);

  g_signal_connect_object (ledger, "changed", G_CALLBACK (ledger_changed_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
  update_main_page (self);
  load_hidden_views_later (self);

  if (!self->read_only)
    {
      g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, reextract_cb, weak_window (self));

      g_task_set_source_tag (task, set_ledger);
      g_task_set_task_data (task, g_strdup (self->ledger_path), g_free);
      g_task_run_in_thread (task, reextract_thread);
    }

  if (self->pending_files->len > 0)
    start_import (self);
}

static void
show_error_page (TzWindow   *self,
                 const char *title,
                 const char *message,
                 gboolean    can_move_aside)
{
  gtk_label_set_text (self->error_title, title);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (self->move_aside_button, can_move_aside);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
ledger_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(TzLedger) ledger = NULL;
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  gtk_spinner_stop (self->spinner);
  ledger = tz_ledger_new_finish (result, &error);

  if (ledger != NULL)
    {
      if (self->read_only)
        show_banner (self, _("This ledger can only be read: you can browse and export, but not import or correct."),
                     NULL, BANNER_NONE, TRUE);
      set_ledger (self, ledger);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY) && !self->read_only)
    {
      self->read_only = TRUE;
      open_ledger (self, TZ_STORE_OPEN_READ_ONLY);
      return;
    }

  if (g_error_matches (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT))
    show_error_page (self, _("The Ledger Is Damaged"), error->message, TRUE);
  else if (g_error_matches (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA))
    show_error_page (self, _("The Ledger Needs a Newer Taizhang"), error->message, FALSE);
  else
    show_error_page (self, _("The Ledger Could Not Be Opened"), error->message, FALSE);
}

static void
open_ledger (TzWindow         *self,
             TzStoreOpenFlags  flags)
{
  gtk_stack_set_visible_child_name (self->main_stack, "loading");
  gtk_spinner_start (self->spinner);
  tz_ledger_new_async (self->ledger_path, flags, self->cancellable, ledger_opened_cb, weak_window (self));
}

/* A damaged ledger is never overwritten: it is renamed, and a new one
 * starts in its place. */
static void
move_ledger_aside_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", self->ledger_path, stamp);

  if (g_rename (self->ledger_path, aside) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not rename “%s”: %s"),
                                                  self->ledger_path, g_strerror (errno));
      show_error_page (self, _("The Ledger Is Damaged"), message, TRUE);
      return;
    }

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (self->ledger_path, i == 0 ? "-wal" : "-shm", NULL);
      g_autofree char *side_aside = g_strconcat (aside, i == 0 ? "-wal" : "-shm", NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        g_rename (side, side_aside);
    }

  open_ledger (self, TZ_STORE_OPEN_DEFAULT);

  {
    g_autofree char *message = g_strdup_printf (_("The damaged ledger was kept as “%s”."), aside);
    show_banner (self, message, NULL, BANNER_NONE, FALSE);
  }
}

/* ------------------------------------------------------------------ */
/* Import                                                              */
/* ------------------------------------------------------------------ */

static void
import_progress_cb (TzWindow *self)
{
  guint total = tz_importer_get_n_files (self->importer);
  guint done = tz_importer_get_n_done (self->importer);
  g_autofree char *text = NULL;
  g_autofree char *current = NULL;
  g_autofree char *all = NULL;

  if (total == 0)
    {
      gtk_label_set_text (self->progress_label, _("Looking for reports…"));
      gtk_progress_bar_pulse (self->progress_bar);
      return;
    }

  current = tz_format_number (MIN (done + 1, total), TZ_NUMBER_STYLE_GROUPED);
  all = tz_format_number (total, TZ_NUMBER_STYLE_GROUPED);
  /* Translators: files done of all files */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Importing %s of %s file…",
                                       "Importing %s of %s files…", total),
                          current, all);
  gtk_label_set_text (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double)done / total);
}

static char *
summarize (GPtrArray *outcomes,
           gboolean  *any_failed)
{
  guint imported = 0, duplicates = 0, failed = 0, metrics = 0;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *n_imported = NULL;
  g_autofree char *n_metrics = NULL;

  for (guint i = 0; i < outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (outcomes, i);

      switch (tz_import_outcome_get_status (outcome))
        {
        case TZ_IMPORT_IMPORTED:
          imported++;
          metrics += tz_import_outcome_get_n_metrics (outcome);
          break;

        case TZ_IMPORT_DUPLICATE:
          duplicates++;
          break;

        case TZ_IMPORT_UNSUPPORTED:
        case TZ_IMPORT_UNREADABLE:
        case TZ_IMPORT_DECODE_ERROR:
        case TZ_IMPORT_EMPTY:
        case TZ_IMPORT_TOO_LARGE:
        case TZ_IMPORT_FAILED:
        case TZ_IMPORT_CANCELLED:
        default:
          failed++;
          break;
        }
    }

  n_imported = tz_format_number (imported, TZ_NUMBER_STYLE_GROUPED);
  n_metrics = tz_format_number (metrics, TZ_NUMBER_STYLE_GROUPED);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Imported %s report with %s figures.",
                                             "Imported %s reports with %s figures.", imported),
                          n_imported, n_metrics);
  if (duplicates > 0)
    {
      g_autofree char *n = tz_format_number (duplicates, TZ_NUMBER_STYLE_GROUPED);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s was already in the ledger.",
                                                 "%s were already in the ledger.", duplicates),
                              n);
    }
  if (failed > 0)
    {
      g_autofree char *n = tz_format_number (failed, TZ_NUMBER_STYLE_GROUPED);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s could not be imported.",
                                                 "%s could not be imported.", failed),
                              n);
    }

  *any_failed = failed > 0;
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = NULL;
  g_autofree char *text = NULL;
  gboolean any_failed = FALSE;

  if (self == NULL)
    return;

  outcomes = tz_importer_import_finish (TZ_IMPORTER (object), result, &error);
  g_clear_object (&self->import_cancellable);
  gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);
  update_actions (self);

  if (outcomes == NULL)
    {
      show_banner (self, error->message, NULL, BANNER_NONE, TRUE);
      return;
    }

  g_clear_pointer (&self->last_outcomes, g_ptr_array_unref);
  self->last_outcomes = g_ptr_array_ref (outcomes);

  if (self->ledger != NULL)
    tz_ledger_notify_external_change (self->ledger);

  text = summarize (outcomes, &any_failed);
  show_banner (self, text, _("_Details"), BANNER_SHOW_SUMMARY, any_failed);

  if (self->pending_files->len > 0)
    start_import (self);
}

static void
start_import (TzWindow *self)
{
  g_autoptr(GPtrArray) files = NULL;

  if (self->ledger == NULL || self->read_only)
    return;
  if (self->importer != NULL && tz_importer_get_running (self->importer))
    return;

  files = g_steal_pointer (&self->pending_files);
  self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->importer == NULL)
    {
      self->importer = tz_importer_new (self->ledger_path);
      g_signal_connect_object (self->importer, "notify::n-done",
                               G_CALLBACK (import_progress_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->importer, "notify::n-files",
                               G_CALLBACK (import_progress_cb), self, G_CONNECT_SWAPPED);
    }

  self->import_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->progress_label, _("Looking for reports…"));
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  gtk_revealer_set_reveal_child (self->banner_revealer, FALSE);

  tz_importer_import_async (self->importer, (GFile **)files->pdata, files->len,
                            self->import_cancellable, import_done_cb, weak_window (self));
  update_actions (self);
}

/**
 * tz_window_import_files:
 * @self: a #TzWindow
 * @files: (array length=n_files): files and folders
 * @n_files: how many
 *
 * Imports report files in the background; the window shows progress and
 * a summary. Files given while the ledger opens or another import runs
 * wait their turn.
 */
void
tz_window_import_files (TzWindow  *self,
                        GFile    **files,
                        guint      n_files)
{
  g_return_if_fail (TZ_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->pending_files, g_object_ref (files[i]));

  start_import (self);
}

static void
chosen_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = tz_gtk_choose_open_finish (result, &error);

  if (self == NULL)
    return;

  if (files == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, error->message, NULL, BANNER_NONE, TRUE);
      return;
    }

  tz_window_import_files (self, (GFile **)files->pdata, files->len);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);
  TzChooseKind kind = g_str_equal (action_name, "win.import-folder") ? TZ_CHOOSE_FOLDERS : TZ_CHOOSE_FILES;

  tz_gtk_choose_open_async (GTK_WINDOW (self), kind, self->cancellable, chosen_cb, weak_window (self));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);

  g_cancellable_cancel (self->import_cancellable);
}

static void
open_samples_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);
  TzApplication *app = TZ_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *dir = tz_application_dup_samples_dir (app);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);

  tz_window_import_files (self, &folder, 1);
}

/* ------------------------------------------------------------------ */
/* Drag and drop                                                       */
/* ------------------------------------------------------------------ */

static GdkDragAction
drop_enter_cb (GtkDropTarget *target,
               double         x,
               double         y,
               TzWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, TRUE);
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget *target,
               TzWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, FALSE);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         TzWindow      *self)
{
  GSList *files;
  g_autoptr(GPtrArray) array = g_ptr_array_new ();

  gtk_widget_set_visible (self->drop_highlight, FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    g_ptr_array_add (array, l->data);
  g_slist_free (files);

  if (array->len == 0)
    return FALSE;

  tz_window_import_files (self, (GFile **)array->pdata, array->len);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  char           *ledger_path;
  TzFilter       *filter;
  GFile          *file;
  TzExportFormat  format;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->ledger_path);
  g_clear_object (&job->filter);
  g_clear_object (&job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  store = tz_store_open (job->ledger_path, TZ_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  out = tz_export_open_output (job->file, cancellable, &error);
  if (out == NULL ||
      !tz_export_records (store, job->filter, job->format, G_OUTPUT_STREAM (out), cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (self == NULL)
    return;

  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, error->message, NULL, BANNER_NONE, TRUE);
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (job->file);
    g_autofree char *message = g_strdup_printf (_("Exported the records to “%s”."), name);
    show_banner (self, message, NULL, BANNER_NONE, FALSE);
  }
}

static void
export_file_chosen_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TzWindow) self = strong_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = tz_gtk_choose_save_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  ExportJob *job;

  if (self == NULL)
    return;

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_banner (self, error->message, NULL, BANNER_NONE, TRUE);
      return;
    }

  name = g_file_get_basename (file);
  job = g_new0 (ExportJob, 1);
  job->ledger_path = g_strdup (self->ledger_path);
  job->file = g_object_ref (file);
  job->format = g_str_has_suffix (name, ".json") ? TZ_EXPORT_JSON : TZ_EXPORT_CSV;
  /* From the Ledger view, export what it shows; elsewhere everything. */
  if (g_strcmp0 (tz_window_get_view (self), "ledger") == 0)
    job->filter = tz_filter_copy (tz_ledger_view_get_filter (self->ledger_view));

  task = g_task_new (NULL, self->cancellable, exported_cb, weak_window (self));
  g_task_set_source_tag (task, export_file_chosen_cb);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);

  tz_gtk_choose_save_async (GTK_WINDOW (self), _("Export Records"), _("taizhang-records.csv"),
                            self->cancellable, export_file_chosen_cb, weak_window (self));
}

/* The chart is exported from the Charts view, which is shown first: the
 * user sees what the file will hold. With nothing to chart, the view says
 * why and there is nothing to export. */
static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);

  tz_window_show_view (self, "charts");
  gtk_widget_activate_action (GTK_WIDGET (self->charts_view), "charts.export", NULL);
}

/* ------------------------------------------------------------------ */
/* Views                                                               */
/* ------------------------------------------------------------------ */

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  tz_window_show_view (TZ_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TzWindow *self = TZ_WINDOW (widget);

  if (g_strcmp0 (tz_window_get_view (self), "ledger") == 0)
    tz_ledger_view_focus_search (self->ledger_view);
  else
    {
      tz_window_show_view (self, "reports");
      tz_reports_view_focus_search (self->reports_view);
    }
}

static void
show_metric_cb (TzWindow *self,
                TzMetric *metric)
{
  tz_window_show_view (self, "reports");
  tz_reports_view_show_metric (self->reports_view,
                               tz_metric_get_document_id (metric),
                               tz_metric_get_article_id (metric),
                               tz_metric_get_start (metric),
                               tz_metric_get_end (metric));
}

/* A click on a chart lists its figures: the Ledger view gets the chart's
 * selection, narrowed to the bar's region and year, as one change. */
static void
show_records_cb (TzWindow *self,
                 TzFilter *filter)
{
  TzFilter *target = tz_ledger_view_get_filter (self->ledger_view);

  g_object_freeze_notify (G_OBJECT (target));
  tz_filter_set_region_code (target, tz_filter_get_region_code (filter));
  tz_filter_set_year_from (target, tz_filter_get_year_from (filter));
  tz_filter_set_year_to (target, tz_filter_get_year_to (filter));
  tz_filter_set_category (target, tz_filter_get_category (filter));
  tz_filter_set_unit (target, tz_filter_get_unit (filter));
  tz_filter_set_subject (target, tz_filter_get_subject (filter));
  tz_filter_set_search (target, tz_filter_get_search (filter));
  tz_filter_set_document_id (target, tz_filter_get_document_id (filter));
  tz_filter_set_article_id (target, tz_filter_get_article_id (filter));
  g_object_thaw_notify (G_OBJECT (target));

  tz_window_show_view (self, "ledger");
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static gboolean
tz_window_close_request (GtkWindow *window)
{
  TzWindow *self = TZ_WINDOW (window);

  if (self->settings != NULL && !gtk_window_is_maximized (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  g_cancellable_cancel (self->import_cancellable);

  return GTK_WINDOW_CLASS (tz_window_parent_class)->close_request (window);
}

/* "application" is not a construct property, so it arrives after
 * constructed(): open the ledger once the window knows its application. */
static void
application_notify_cb (TzWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->ledger_path != NULL || !TZ_IS_APPLICATION (app))
    return;

  self->ledger_path = g_strdup (tz_application_get_ledger_path (TZ_APPLICATION (app)));
  open_ledger (self, TZ_STORE_OPEN_DEFAULT);
}

static void
tz_window_dispose (GObject *object)
{
  TzWindow *self = (TzWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->import_cancellable);
  if (self->hidden_views_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->hidden_views_tick);
  self->hidden_views_tick = 0;
  g_clear_handle_id (&self->hidden_views_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), TZ_TYPE_WINDOW);

  g_clear_object (&self->ledger);
  g_clear_object (&self->settings);
  g_clear_object (&self->importer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->import_cancellable);

  G_OBJECT_CLASS (tz_window_parent_class)->dispose (object);
}

static void
tz_window_finalize (GObject *object)
{
  TzWindow *self = (TzWindow *)object;

  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  g_clear_pointer (&self->last_outcomes, g_ptr_array_unref);
  g_clear_pointer (&self->ledger_path, g_free);

  G_OBJECT_CLASS (tz_window_parent_class)->finalize (object);
}

static void
tz_window_class_init (TzWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tz_window_dispose;
  object_class->finalize = tz_window_finalize;

  window_class->close_request = tz_window_close_request;

  g_type_ensure (TZ_TYPE_REPORTS_VIEW);
  g_type_ensure (TZ_TYPE_LEDGER_VIEW);
  g_type_ensure (TZ_TYPE_CHARTS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/taizhang/Taizhang/ui/tz-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TzWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, empty_state);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, error_title);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, move_aside_button);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, reports_view);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, ledger_view);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, charts_view);
  gtk_widget_class_bind_template_child (widget_class, TzWindow, drop_highlight);
  gtk_widget_class_bind_template_callback (widget_class, banner_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, banner_close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_metric_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_records_cb);

  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.open-samples", NULL, open_samples_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-chart", NULL, export_chart_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.move-ledger-aside", NULL, move_ledger_aside_action);
}

static void
tz_window_init (TzWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);

  /* Remember size and view, when the schema is installed (it is in every
   * installed or Flatpak build; a bare build tree may lack it). */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_settings_bind (self->settings, "last-view", self->view_stack, "visible-child-name",
                       G_SETTINGS_BIND_DEFAULT);
    }
  else
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1100, 720);
    }

  g_signal_connect (self, "notify::application", G_CALLBACK (application_notify_cb), NULL);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "enter", G_CALLBACK (drop_enter_cb), self);
  g_signal_connect (target, "leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  update_actions (self);
}

TzWindow *
tz_window_new (TzApplication *application)
{
  return g_object_new (TZ_TYPE_WINDOW, "application", application, NULL);
}

/**
 * tz_window_get_ledger:
 *
 * Returns: (transfer none) (nullable): the open ledger, %NULL while it opens
 */
TzLedger *
tz_window_get_ledger (TzWindow *self)
{
  g_return_val_if_fail (TZ_IS_WINDOW (self), NULL);
  return self->ledger;
}

void
tz_window_show_view (TzWindow   *self,
                     const char *name)
{
  g_return_if_fail (TZ_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->view_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->view_stack, name);
}

const char *
tz_window_get_view (TzWindow *self)
{
  g_return_val_if_fail (TZ_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->view_stack);
}

/**
 * tz_window_get_last_outcomes:
 *
 * Returns: (transfer none) (nullable) (element-type TzImportOutcome): the
 *   outcomes of the last import
 */
GPtrArray *
tz_window_get_last_outcomes (TzWindow *self)
{
  g_return_val_if_fail (TZ_IS_WINDOW (self), NULL);
  return self->last_outcomes;
}
