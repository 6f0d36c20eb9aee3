/* tz-gtk-compat.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-gtk-compat"

#include "config.h"

#include <glib/gi18n.h>

#include "tz-gtk-compat.h"
#include "tz-reader.h"

/* Newer-API branches are compiled only where the GTK we build against has
 * them; the version pins in meson.build stop them leaking elsewhere. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static GListModel *
report_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) reports = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_auto(GStrv) patterns = g_strsplit (tz_report_format_patterns (), " ", -1);

  gtk_file_filter_set_name (reports, _("Reports (text, Markdown, HTML, PDF, Word)"));
  for (guint i = 0; patterns[i]; i++)
    gtk_file_filter_add_suffix (reports, patterns[i] + 2);
  gtk_file_filter_add_mime_type (reports, "text/plain");
  gtk_file_filter_add_mime_type (reports, "text/markdown");
  gtk_file_filter_add_mime_type (reports, "text/html");
#ifdef HAVE_POPPLER
  gtk_file_filter_add_mime_type (reports, "application/pdf");
#endif
#ifdef HAVE_GSF
  gtk_file_filter_add_mime_type (reports, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
#endif

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_list_store_append (filters, reports);
  g_list_store_append (filters, all);

  return G_LIST_MODEL (filters);
}

static GListModel *
export_filters (void)
{
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();

  gtk_file_filter_set_name (csv, _("CSV for Excel and WPS"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_filter_set_name (json, _("JSON"));
  gtk_file_filter_add_suffix (json, "json");

  g_list_store_append (filters, csv);
  g_list_store_append (filters, json);

  return G_LIST_MODEL (filters);
}

static GListModel *
chart_filters (void)
{
  static const struct { const char *name; const char *suffix; const char *mime; } formats[] = {
    { N_("PNG image"), "png", "image/png" },
    { N_("SVG drawing"), "svg", "image/svg+xml" },
    { N_("PDF document"), "pdf", "application/pdf" },
  };
  GListStore *filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(formats[i].name));
      gtk_file_filter_add_suffix (filter, formats[i].suffix);
      gtk_file_filter_add_mime_type (filter, formats[i].mime);
      g_list_store_append (filters, filter);
    }

  return G_LIST_MODEL (filters);
}

#if GTK_CHECK_VERSION (4, 10, 0)

/* Callers see a dismissed dialog as G_IO_ERROR_CANCELLED on every GTK. */
static void
return_dismissed_or (GTask  *task,
                     GError *error)
{
  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED) ||
      g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
    {
      g_error_free (error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dismissed");
      return;
    }

  g_task_return_error (task, error);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TzChooseKind kind = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *array;

  if (kind == TZ_CHOOSE_FOLDERS)
    files = gtk_file_dialog_select_multiple_folders_finish (GTK_FILE_DIALOG (object), result, &error);
  else
    files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result, &error);

  if (files == NULL)
    {
      return_dismissed_or (task, g_steal_pointer (&error));
      return;
    }

  array = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  g_task_return_pointer (task, array, (GDestroyNotify)g_ptr_array_unref);
}

void
tz_gtk_choose_open_async (GtkWindow           *parent,
                          TzChooseKind         kind,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = report_filters ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_open_async);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);

  if (kind == TZ_CHOOSE_FOLDERS)
    {
      gtk_file_dialog_set_title (dialog, _("Import Folders"));
      gtk_file_dialog_select_multiple_folders (dialog, parent, cancellable, open_done_cb, task);
    }
  else
    {
      gtk_file_dialog_set_title (dialog, _("Import Reports"));
      gtk_file_dialog_set_filters (dialog, filters);
      gtk_file_dialog_open_multiple (dialog, parent, cancellable, open_done_cb, task);
    }
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    return_dismissed_or (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
tz_gtk_choose_save_async (GtkWindow           *parent,
                          const char          *title,
                          const char          *initial_name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = export_filters ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_save_async);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_initial_name (dialog, initial_name);
  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_save (dialog, parent, cancellable, save_done_cb, task);
}

void
tz_gtk_choose_chart_file_async (GtkWindow           *parent,
                                const char          *title,
                                const char          *initial_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GListModel) filters = chart_filters ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_chart_file_async);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_initial_name (dialog, initial_name);
  gtk_file_dialog_set_filters (dialog, filters);
  gtk_file_dialog_save (dialog, parent, cancellable, save_done_cb, task);
}

#else /* GTK 4.8 */

static void
native_open_response_cb (GtkNativeDialog *native,
                         int              response,
                         gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GListModel) files = NULL;
  GPtrArray *array;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dismissed");
      g_object_unref (native);
      return;
    }

  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
  array = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  g_task_return_pointer (task, array, (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (native);
}

void
tz_gtk_choose_open_async (GtkWindow           *parent,
                          TzChooseKind         kind,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_open_async);

  if (kind == TZ_CHOOSE_FOLDERS)
    native = gtk_file_chooser_native_new (_("Import Folders"), parent,
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                          _("_Import"), _("_Cancel"));
  else
    {
      g_autoptr(GListModel) filters = report_filters ();

      native = gtk_file_chooser_native_new (_("Import Reports"), parent,
                                            GTK_FILE_CHOOSER_ACTION_OPEN,
                                            _("_Import"), _("_Cancel"));
      for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
        {
          g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);
          gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
        }
    }

  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (native_open_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
native_save_response_cb (GtkNativeDialog *native,
                         int              response,
                         gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response != GTK_RESPONSE_ACCEPT)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Dismissed");
  else
    g_task_return_pointer (task, gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native)), g_object_unref);

  g_object_unref (native);
}

void
tz_gtk_choose_save_async (GtkWindow           *parent,
                          const char          *title,
                          const char          *initial_name,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GtkFileChooserNative *native;
  g_autoptr(GListModel) filters = export_filters ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_save_async);
  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (native_save_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
tz_gtk_choose_chart_file_async (GtkWindow           *parent,
                                const char          *title,
                                const char          *initial_name,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GtkFileChooserNative *native;
  g_autoptr(GListModel) filters = chart_filters ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_source_tag (task, tz_gtk_choose_chart_file_async);
  native = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  for (guint i = 0; i < g_list_model_get_n_items (filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (filters, i);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (native_save_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

/**
 * tz_gtk_choose_open_finish:
 *
 * Returns: (transfer full) (element-type GFile): the chosen files, or %NULL
 *   with @error set (G_IO_ERROR_CANCELLED when the user dismissed it)
 */
GPtrArray *
tz_gtk_choose_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tz_gtk_choose_save_finish:
 *
 * Returns: (transfer full): the file to write, or %NULL with @error set
 */
GFile *
tz_gtk_choose_save_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tz_gtk_choose_chart_file_finish:
 *
 * Returns: (transfer full): the file to write the chart to, or %NULL
 *   with @error set (G_IO_ERROR_CANCELLED when the user dismissed it)
 */
GFile *
tz_gtk_choose_chart_file_finish (GAsyncResult  *result,
                                 GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The widget's foreground colour: gtk_widget_get_color() from 4.10 on. */
void
tz_gtk_widget_get_color (GtkWidget *widget,
                         GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

/* A named colour of the theme (@theme_base_color …). GTK 4.10 deprecates
 * the lookup without a replacement, so it stays here; FALSE when the
 * theme does not define @name. */
gboolean
tz_gtk_widget_lookup_color (GtkWidget  *widget,
                            const char *name,
                            GdkRGBA    *color)
{
  return gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color);
}

G_GNUC_END_IGNORE_DEPRECATIONS
