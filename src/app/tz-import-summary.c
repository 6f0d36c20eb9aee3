/* tz-import-summary.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-import-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "tz-format.h"
#include "tz-import-outcome.h"
#include "tz-import-summary.h"

/* Every file of the last import with what became of it, failures first,
 * each with its reason in plain words. */

struct _TzImportSummary
{
  GtkWindow   parent_instance;

  GtkLabel   *heading;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (TzImportSummary, tz_import_summary, GTK_TYPE_WINDOW)

static const char *
status_icon (TzImportStatus status)
{
  switch (status)
    {
    case TZ_IMPORT_IMPORTED:
      return "emblem-ok-symbolic";
    case TZ_IMPORT_DUPLICATE:
      return "edit-copy-symbolic";
    case TZ_IMPORT_CANCELLED:
      return "process-stop-symbolic";
    case TZ_IMPORT_UNSUPPORTED:
    case TZ_IMPORT_UNREADABLE:
    case TZ_IMPORT_DECODE_ERROR:
    case TZ_IMPORT_EMPTY:
    case TZ_IMPORT_TOO_LARGE:
    case TZ_IMPORT_FAILED:
    default:
      return "dialog-warning-symbolic";
    }
}

/* The full path, asked for when the pointer rests on a row: setting a
 * tooltip text asks the X server where the pointer is, a round trip for
 * each of thousands of rows. */
static gboolean
path_query_tooltip_cb (GtkWidget  *row,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip,
                       const char *path)
{
  if (path == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, path);
  return TRUE;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TzImportOutcome *outcome = item;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (status_icon (tz_import_outcome_get_status (outcome)));
  GtkWidget *name = gtk_label_new (tz_import_outcome_get_name (outcome));
  g_autofree char *detail = NULL;
  GtkWidget *detail_label;

  if (tz_import_outcome_get_status (outcome) == TZ_IMPORT_IMPORTED)
    {
      g_autofree char *articles = tz_format_number (tz_import_outcome_get_n_articles (outcome),
                                                    TZ_NUMBER_STYLE_GROUPED);
      g_autofree char *figures = tz_format_number (tz_import_outcome_get_n_metrics (outcome),
                                                   TZ_NUMBER_STYLE_GROUPED);

      detail = g_strdup_printf (_("%s articles, %s figures"), articles, figures);
    }
  else if (tz_import_outcome_get_message (outcome) != NULL)
    detail = g_strdup_printf ("%s — %s", tz_import_status_to_string (tz_import_outcome_get_status (outcome)),
                              tz_import_outcome_get_message (outcome));
  else
    detail = g_strdup (tz_import_status_to_string (tz_import_outcome_get_status (outcome)));

  detail_label = gtk_label_new (detail);

  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
  gtk_label_set_wrap (GTK_LABEL (detail_label), TRUE);
  gtk_widget_add_css_class (detail_label, "dim-label");
  gtk_widget_add_css_class (detail_label, "tz-row-subtitle");
  gtk_widget_set_has_tooltip (row, TRUE);
  g_signal_connect_data (row, "query-tooltip", G_CALLBACK (path_query_tooltip_cb),
                         g_strdup (tz_import_outcome_get_path (outcome)),
                         (GClosureNotify) (void (*) (void)) g_free, 0);
  if (tz_import_outcome_is_failure (outcome))
    gtk_widget_add_css_class (icon, "warning");

  gtk_box_append (GTK_BOX (labels), name);
  gtk_box_append (GTK_BOX (labels), detail_label);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), labels);

  return row;
}

static int
failures_first (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  gboolean fa = tz_import_outcome_is_failure ((TzImportOutcome *)a);
  gboolean fb = tz_import_outcome_is_failure ((TzImportOutcome *)b);

  return fb - fa;
}

static void
tz_import_summary_class_init (TzImportSummaryClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taizhang/Taizhang/ui/tz-import-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, TzImportSummary, heading);
  gtk_widget_class_bind_template_child (widget_class, TzImportSummary, list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tz_import_summary_init (TzImportSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tz_import_summary_new:
 * @parent: the window it belongs to
 * @outcomes: (element-type TzImportOutcome): what became of each file
 *
 * Returns: (transfer none): the summary window; it is destroyed on close
 */
GtkWindow *
tz_import_summary_new (GtkWindow *parent,
                       GPtrArray *outcomes)
{
  TzImportSummary *self = g_object_new (TZ_TYPE_IMPORT_SUMMARY,
                                        "transient-for", parent,
                                        NULL);
  g_autoptr(GListStore) store = g_list_store_new (TZ_TYPE_IMPORT_OUTCOME);
  guint failed = 0;

  for (guint i = 0; i < outcomes->len; i++)
    {
      g_list_store_append (store, g_ptr_array_index (outcomes, i));
      failed += tz_import_outcome_is_failure (g_ptr_array_index (outcomes, i));
    }
  g_list_store_sort (store, failures_first, NULL);

  gtk_label_set_text (self->heading,
                      failed == 0 ? _("Every file was read.")
                                  : _("Some files could not be imported. Each shows why; the others were saved."));
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (store), create_row, NULL, NULL);

  return GTK_WINDOW (self);
}
