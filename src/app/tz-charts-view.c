/* tz-charts-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-charts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tz-charts-view.h"
#include "tz-chart-widget.h"
#include "tz-gtk-compat.h"
#include "tz-metric.h"
#include "tz-store.h"

/* Changes come in bursts (a control, then the units it brings; an import
 * writing file after file): wait this long for the burst to end. */
#define REFRESH_DELAY_MSEC 150
#define LEDGER_DELAY_MSEC  400
/* The subject list: enough to find any frequent subject, short enough to
 * scroll. */
#define MAX_SUBJECTS       500
/* How many selected figures to look at for their units, as the CLI does. */
#define UNIT_SAMPLE        2000
#define TOAST_SECONDS      6
#define EXPORT_WIDTH       1600
#define EXPORT_HEIGHT      1000

typedef enum
{
  REFRESH_CHART    = 1 << 0,
  REFRESH_SUBJECTS = 1 << 1,
  REFRESH_UNITS    = 1 << 2,
  REFRESH_ALL      = REFRESH_CHART | REFRESH_SUBJECTS | REFRESH_UNITS,
} RefreshFlags;

struct _TzChartsView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkDropDown    *subject_dropdown;
  GtkDropDown    *unit_dropdown;
  GtkDropDown    *group_dropdown;
  GtkDropDown    *level_dropdown;
  GtkDropDown    *aggregate_dropdown;
  GtkDropDown    *kind_dropdown;
  GtkStringList  *subjects;
  GtkStringList  *units;
  GtkStringList  *kinds;
  GtkSpinner     *spinner;
  GtkRevealer    *warning_revealer;
  GtkLabel       *warning_label;
  TzChartWidget  *chart_widget;
  GtkRevealer    *toast_revealer;
  GtkLabel       *toast_label;

  /* Owned references */
  TzLedger       *ledger;
  TzFilter       *filter;          /* the subject and unit chosen */
  TzFilter       *shown_filter;    /* what the chart's rows were selected with */
  GCancellable   *chart_cancellable;
  GCancellable   *subjects_cancellable;
  GCancellable   *units_cancellable;
  GCancellable   *cancellable;     /* everything else: export */
  GArray         *kind_values;     /* TzChartKind, parallel to @kinds */
  GPtrArray      *mixed_units;     /* units of the selection, most frequent first */

  guint           refresh_source;
  guint           toast_source;
  RefreshFlags    pending;

  /* The choices, kept for as long as the view lives. */
  TzGroupBy       group_by;
  TzRegionLevel   level;
  TzAggregate     aggregate;
  TzChartKind     kind_for[3];     /* the last kind chosen for each grouping */

  guint           updating : 1;    /* controls are being filled, not chosen */
  guint           loading : 1;
  /* "Any unit" chosen on purpose; otherwise a selection in several units
   * is charted in its most frequent one, and the chart waits for it. */
  guint           any_unit : 1;
  guint           chart_waits_for_units : 1;
  /* Asked to load while hidden, until the chart is drawn. */
  guint           load_hidden : 1;
};

G_DEFINE_FINAL_TYPE (TzChartsView, tz_charts_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_LOADING,
  N_PROPS
};

enum {
  SHOW_RECORDS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The aggregate dropdown's items, in order. */
static const TzAggregate aggregates[] = {
  TZ_AGGREGATE_SUM, TZ_AGGREGATE_MAX, TZ_AGGREGATE_LATEST, TZ_AGGREGATE_COUNT,
};

/* A request to the ledger: the view, held weakly, and what was asked. */
typedef struct
{
  GWeakRef       view;
  TzFilter      *filter;
  TzGroupBy      group_by;
  TzRegionLevel  level;
  TzAggregate    aggregate;
} Request;

static void schedule_refresh (TzChartsView *self,
                              RefreshFlags  flags,
                              guint         delay);

static Request *
request_new (TzChartsView *self)
{
  Request *request = g_new0 (Request, 1);

  g_weak_ref_init (&request->view, self);
  request->filter = tz_filter_copy (self->filter);
  request->group_by = self->group_by;
  request->level = self->level;
  request->aggregate = self->aggregate;

  return request;
}

static void
request_free (Request *request)
{
  g_weak_ref_clear (&request->view);
  g_clear_object (&request->filter);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static TzChart *
get_chart (TzChartsView *self)
{
  return tz_chart_widget_get_chart (self->chart_widget);
}

static const char *
kind_label (TzChartKind kind)
{
  switch (kind)
    {
    case TZ_CHART_KIND_LINES:   return _("Lines");
    case TZ_CHART_KIND_COLUMNS: return _("Columns");
    case TZ_CHART_KIND_HEATMAP: return _("Heat map");
    case TZ_CHART_KIND_BARS:
    case TZ_CHART_KIND_AUTO:
    default:                    return _("Bars");
    }
}

static void
set_loading (TzChartsView *self,
             gboolean      loading)
{
  g_assert (TZ_IS_CHARTS_VIEW (self));

  loading = !!loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  /* The chart asked for while hidden is here; later changes wait. */
  if (!loading)
    self->load_hidden = FALSE;
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
toast_done_cb (gpointer data)
{
  TzChartsView *self = data;

  self->toast_source = 0;
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

static void
show_toast (TzChartsView *self,
            const char   *message)
{
  g_assert (TZ_IS_CHARTS_VIEW (self));

  gtk_label_set_text (self->toast_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->toast_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->toast_revealer, TRUE);
  g_clear_handle_id (&self->toast_source, g_source_remove);
  self->toast_source = g_timeout_add_once (TOAST_SECONDS * 1000, toast_done_cb, self);
}

/* The kinds that can show the grouping, the one that suits it first. */
static void
fill_kinds (TzChartsView *self)
{
  static const TzChartKind all[] = {
    TZ_CHART_KIND_BARS, TZ_CHART_KIND_LINES, TZ_CHART_KIND_COLUMNS, TZ_CHART_KIND_HEATMAP,
  };
  TzChartKind preferred = tz_chart_kind_for_group_by (self->group_by);
  TzChartKind chosen = self->kind_for[self->group_by];
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint selected = 0;

  g_assert (TZ_IS_CHARTS_VIEW (self));

  g_array_set_size (self->kind_values, 0);
  g_array_append_val (self->kind_values, preferred);
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (all[i] != preferred && tz_chart_kind_supports (all[i], self->group_by))
      g_array_append_val (self->kind_values, all[i]);

  for (guint i = 0; i < self->kind_values->len; i++)
    {
      TzChartKind kind = g_array_index (self->kind_values, TzChartKind, i);

      g_ptr_array_add (labels, (gpointer)kind_label (kind));
      if (kind == chosen)
        selected = i;
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (self->kinds, 0, g_list_model_get_n_items (G_LIST_MODEL (self->kinds)),
                          (const char * const *)labels->pdata);
  gtk_drop_down_set_selected (self->kind_dropdown, selected);
  self->updating = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), self->kind_values->len > 1);
}

static TzChartKind
selected_kind (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->kind_dropdown);

  if (position >= self->kind_values->len)
    return tz_chart_kind_for_group_by (self->group_by);
  return g_array_index (self->kind_values, TzChartKind, position);
}

/* The filter the chart names in its title: with "Any unit" and one unit
 * among the selected figures, that unit, so the title says what is
 * counted. */
static TzFilter *
display_filter (TzChartsView *self,
                TzFilter     *filter)
{
  TzFilter *copy = tz_filter_copy (filter);

  if (tz_filter_get_unit (copy) == NULL && self->mixed_units != NULL && self->mixed_units->len == 1)
    tz_filter_set_unit (copy, g_ptr_array_index (self->mixed_units, 0));

  return copy;
}

/* Adding up 人 and 元 makes no sense; say so when "Any unit" does it. */
static void
update_warning (TzChartsView *self)
{
  gboolean mixed = tz_filter_get_unit (self->filter) == NULL
                   && self->aggregate != TZ_AGGREGATE_COUNT
                   && self->mixed_units != NULL
                   && self->mixed_units->len > 1;

  g_assert (TZ_IS_CHARTS_VIEW (self));

  if (mixed)
    {
      g_autoptr(GPtrArray) shown = g_ptr_array_new ();
      g_autofree char *list = NULL;
      g_autofree char *text = NULL;

      for (guint i = 0; i < MIN (self->mixed_units->len, 5); i++)
        g_ptr_array_add (shown, g_ptr_array_index (self->mixed_units, i));
      if (self->mixed_units->len > 5)
        g_ptr_array_add (shown, (gpointer)"…");
      g_ptr_array_add (shown, NULL);
      list = g_strjoinv ("、", (char **)shown->pdata);

      text = g_strdup_printf (_("These figures come in several units (%s) and are added up as they are. "
                                "Pick one unit to compare like with like."), list);
      gtk_label_set_text (self->warning_label, text);
    }

  gtk_revealer_set_reveal_child (self->warning_revealer, mixed);
}

/* ------------------------------------------------------------------ */
/* Aggregation                                                         */
/* ------------------------------------------------------------------ */

static void
aggregated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TzChartsView) self = g_weak_ref_get (&request->view);
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) named = NULL;
  TzChart *chart;
  TzChartKind kind;

  rows = tz_ledger_aggregate_finish (TZ_LEDGER (object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* A newer request waits for its turn: keep spinning. */
  if (!(self->pending & REFRESH_CHART))
    set_loading (self, FALSE);
  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not draw the chart: %s"), error->message);

      show_toast (self, message);
      return;
    }

  g_set_object (&self->shown_filter, request->filter);

  /* Grouping, kind and rows change together, so the chart never draws
   * rows with a grouping they were not made for. */
  chart = get_chart (self);
  kind = request->group_by == self->group_by ? selected_kind (self) : tz_chart_kind_for_group_by (request->group_by);
  named = display_filter (self, request->filter);
  tz_chart_set_group_by (chart, request->group_by);
  tz_chart_set_region_level (chart, request->level);
  tz_chart_set_aggregate (chart, request->aggregate);
  tz_chart_set_kind (chart, kind);
  tz_chart_set_filter (chart, named);
  tz_chart_set_rows (chart, rows);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", TRUE);
}

static void
refresh_chart (TzChartsView *self)
{
  g_assert (TZ_IS_CHARTS_VIEW (self));

  g_cancellable_cancel (self->chart_cancellable);
  g_clear_object (&self->chart_cancellable);

  if (self->ledger == NULL)
    {
      set_loading (self, FALSE);
      return;
    }

  self->chart_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  tz_ledger_aggregate_async (self->ledger, self->filter, self->group_by, self->level, self->aggregate,
                             self->chart_cancellable, aggregated_cb, request_new (self));
}

/* ------------------------------------------------------------------ */
/* Subjects and units                                                  */
/* ------------------------------------------------------------------ */

static guint
find_string (GtkStringList *list,
             const char    *string)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), string) == 0)
      return i;

  return GTK_INVALID_LIST_POSITION;
}

/* Replaces the items after the first ("All …", "Any …") and selects
 * @keep again; FALSE when it is gone and the first item is selected. */
static gboolean
fill_list (TzChartsView  *self,
           GtkDropDown   *dropdown,
           GtkStringList *list,
           GPtrArray     *strings,
           const char    *keep)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  guint position;

  g_assert (TZ_IS_CHARTS_VIEW (self));

  for (guint i = 0; strings != NULL && i < strings->len; i++)
    g_ptr_array_add (items, g_ptr_array_index (strings, i));
  g_ptr_array_add (items, NULL);

  self->updating = TRUE;
  gtk_string_list_splice (list, 1, g_list_model_get_n_items (G_LIST_MODEL (list)) - 1,
                          (const char * const *)items->pdata);
  position = keep != NULL ? find_string (list, keep) : 0;
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (dropdown, 0);
  else
    gtk_drop_down_set_selected (dropdown, position);
  self->updating = FALSE;

  return keep == NULL || position != GTK_INVALID_LIST_POSITION;
}

static void
subjects_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TzChartsView) self = g_weak_ref_get (&request->view);
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GError) error = NULL;

  subjects = tz_ledger_list_subjects_finish (TZ_LEDGER (object), result, &error);
  if (self == NULL || subjects == NULL)
    {
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the subjects: %s", error->message);
      return;
    }

  /* A subject no longer in the ledger: back to all of them. */
  if (!fill_list (self, self->subject_dropdown, self->subjects, subjects, tz_filter_get_subject (self->filter)))
    {
      tz_filter_set_subject (self->filter, NULL);
      schedule_refresh (self, REFRESH_CHART | REFRESH_UNITS, 0);
    }
}

static void
refresh_subjects (TzChartsView *self)
{
  g_assert (TZ_IS_CHARTS_VIEW (self));

  g_cancellable_cancel (self->subjects_cancellable);
  g_clear_object (&self->subjects_cancellable);

  if (self->ledger == NULL)
    return;

  self->subjects_cancellable = g_cancellable_new ();
  tz_ledger_list_subjects_async (self->ledger, MAX_SUBJECTS, self->subjects_cancellable,
                                 subjects_cb, request_new (self));
}

typedef struct
{
  const char *unit;
  guint       count;
} UnitCount;

static int
compare_unit_counts (gconstpointer a,
                     gconstpointer b)
{
  const UnitCount *ua = a;
  const UnitCount *ub = b;

  if (ua->count != ub->count)
    return ua->count > ub->count ? -1 : 1;
  return g_strcmp0 (ua->unit, ub->unit);
}

/* Without the units, the chart shows what it was asked for. */
static void
units_failed (TzChartsView *self,
              GError       *error)
{
  g_warning ("Could not read the units: %s", error->message);
  if (self->chart_waits_for_units)
    {
      self->chart_waits_for_units = FALSE;
      refresh_chart (self);
    }
}

static void
metrics_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TzChartsView) self = g_weak_ref_get (&request->view);
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GArray) sorted = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  TzChart *chart;

  metrics = tz_ledger_load_metrics_finish (TZ_LEDGER (object), result, &error);
  if (self == NULL || metrics == NULL)
    {
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        units_failed (self, error);
      return;
    }

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *unit = tz_metric_get_unit (g_ptr_array_index (metrics, i));

      if (unit != NULL && *unit != '\0')
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, unit));

          g_hash_table_replace (counts, g_strdup (unit), GUINT_TO_POINTER (n + 1));
        }
    }

  sorted = g_array_new (FALSE, FALSE, sizeof (UnitCount));
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_array_append_val (sorted, ((UnitCount) { key, GPOINTER_TO_UINT (value) }));
  g_array_sort (sorted, compare_unit_counts);

  units = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (units, g_strdup (g_array_index (sorted, UnitCount, i).unit));

  g_clear_pointer (&self->mixed_units, g_ptr_array_unref);
  self->mixed_units = g_ptr_array_ref (units);

  /* A unit the new subject does not come in would show nothing. */
  if (!fill_list (self, self->unit_dropdown, self->units, units, tz_filter_get_unit (self->filter)))
    {
      tz_filter_set_unit (self->filter, NULL);
      if (!self->chart_waits_for_units)
        schedule_refresh (self, REFRESH_CHART, 0);
    }

  /* Adding up 人 and 元 means nothing: unless the user asked for any
   * unit, chart the one most of these figures come in. */
  if (tz_filter_get_unit (self->filter) == NULL && !self->any_unit && units->len > 1)
    {
      const char *most = g_ptr_array_index (units, 0);

      tz_filter_set_unit (self->filter, most);
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->unit_dropdown, find_string (self->units, most));
      self->updating = FALSE;
      if (!self->chart_waits_for_units)
        schedule_refresh (self, REFRESH_CHART, 0);
    }

  if (self->chart_waits_for_units)
    {
      self->chart_waits_for_units = FALSE;
      refresh_chart (self);
    }

  update_warning (self);

  /* The title names the unit once we know there is only one. */
  chart = get_chart (self);
  if (self->shown_filter != NULL
      && g_strcmp0 (tz_filter_get_subject (self->shown_filter), tz_filter_get_subject (request->filter)) == 0
      && tz_filter_get_unit (self->shown_filter) == NULL)
    {
      g_autoptr(TzFilter) named = display_filter (self, self->shown_filter);

      if (g_strcmp0 (tz_filter_get_unit (named), tz_filter_get_unit (tz_chart_get_filter (chart))) != 0)
        tz_chart_set_filter (chart, named);
    }
}

static void
unit_ids_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(TzChartsView) self = g_weak_ref_get (&request->view);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = tz_ledger_query_metric_ids_finish (TZ_LEDGER (object), result, &error);
  if (self == NULL || ids == NULL)
    {
      if (self != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        units_failed (self, error);
      return;
    }

  tz_ledger_load_metrics_async (self->ledger, (const gint64 *)(gpointer)ids->data, MIN (ids->len, UNIT_SAMPLE),
                                self->units_cancellable, metrics_cb, g_steal_pointer (&request));
}

/* The units offered are those of the subject's figures, most frequent
 * first, from a sample of them. */
static void
refresh_units (TzChartsView *self)
{
  Request *request;

  g_assert (TZ_IS_CHARTS_VIEW (self));

  g_cancellable_cancel (self->units_cancellable);
  g_clear_object (&self->units_cancellable);

  if (self->ledger == NULL)
    return;

  self->units_cancellable = g_cancellable_new ();
  request = request_new (self);
  tz_filter_set_unit (request->filter, NULL);
  tz_ledger_query_metric_ids_async (self->ledger, request->filter, self->units_cancellable,
                                    unit_ids_cb, request);
}

static void
refresh_cb (gpointer data)
{
  TzChartsView *self = data;
  RefreshFlags flags = self->pending;

  self->refresh_source = 0;

  /* A view nobody sees asks nothing (while the window opens, the
   * visible view's first page comes first); it asks when shown, or
   * when the window says (tz_charts_view_load()). */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) && !self->load_hidden)
    return;

  self->pending = 0;

  if (flags & REFRESH_SUBJECTS)
    refresh_subjects (self);
  if (flags & REFRESH_UNITS)
    refresh_units (self);

  /* The unit is still to be chosen from the units that come back: one
   * chart, in that unit, rather than a meaningless sum first. */
  self->chart_waits_for_units = (flags & REFRESH_UNITS) && self->ledger != NULL &&
                                tz_filter_get_unit (self->filter) == NULL && !self->any_unit;
  if ((flags & REFRESH_CHART) && !self->chart_waits_for_units)
    refresh_chart (self);
}

/* Gathers what needs asking again and asks once the burst is over; a
 * delay of 0 asks on the next main loop iteration. */
static void
schedule_refresh (TzChartsView *self,
                  RefreshFlags  flags,
                  guint         delay)
{
  g_assert (TZ_IS_CHARTS_VIEW (self));

  self->pending |= flags;
  if (flags & REFRESH_CHART)
    set_loading (self, TRUE);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add_once (delay, refresh_cb, self);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */
/* ------------------------------------------------------------------ */

typedef struct
{
  TzChart *chart;
  GFile   *file;
  int      width;
  int      height;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->chart);
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
  g_autoptr(GError) error = NULL;

  if (!tz_chart_export (job->chart, job->file, job->width, job->height, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* A copy of the chart for the export thread, in the light style a page
 * or a slide wants whatever the theme, with type sized for the picture. */
static TzChart *
copy_chart_for_export (TzChartsView *self,
                       int           width)
{
  TzChart *chart = get_chart (self);
  g_autoptr(TzChartStyle) style = tz_chart_style_new ();
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans");
  g_autoptr(TzFilter) filter = NULL;

  pango_font_description_set_size (font, MAX (11, width / 100) * PANGO_SCALE);
  tz_chart_style_set_font (style, font);
  tz_chart_style_set_number_style (style, tz_chart_style_get_number_style (tz_chart_get_style (chart)));

  if (tz_chart_get_filter (chart) != NULL)
    filter = tz_filter_copy (tz_chart_get_filter (chart));

  return g_object_new (TZ_TYPE_CHART,
                       "kind", tz_chart_get_kind (chart),
                       "group-by", tz_chart_get_group_by (chart),
                       "region-level", tz_chart_get_region_level (chart),
                       "aggregate", tz_chart_get_aggregate (chart),
                       "top-n", tz_chart_get_top_n (chart),
                       "filter", filter,
                       "style", style,
                       "rows", tz_chart_get_rows (chart),
                       NULL);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TzChartsView *self = TZ_CHARTS_VIEW (object);
  g_autoptr(GError) error = NULL;
  GFile *file = user_data;
  g_autofree char *message = NULL;

  if (tz_charts_view_export_finish (self, result, &error))
    {
      g_autofree char *name = g_file_get_basename (file);

      message = g_strdup_printf (_("Saved the chart as “%s”."), name);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (error->message);

  if (message != NULL)
    show_toast (self, message);
  g_object_unref (file);
}

static void
chart_file_chosen_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(TzChartsView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = tz_gtk_choose_chart_file_finish (result, &error);
  g_autofree char *name = NULL;

  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }

  /* A name typed without an extension is saved as PNG. */
  name = g_file_get_basename (file);
  if (!tz_chart_format_for_filename (name, NULL))
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *with_png = g_strconcat (path, ".png", NULL);
      g_autoptr(GFile) png = g_file_new_for_path (with_png);

      g_set_object (&file, png);
    }

  tz_charts_view_export_async (self, file, EXPORT_WIDTH, EXPORT_HEIGHT, self->cancellable,
                               exported_cb, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TzChartsView *self = TZ_CHARTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  tz_gtk_choose_chart_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  _("Export Chart"), _("taizhang-chart.png"),
                                  self->cancellable, chart_file_chosen_cb, g_object_ref (self));
}

static void
dismiss_toast_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TzChartsView *self = TZ_CHARTS_VIEW (widget);

  g_clear_handle_id (&self->toast_source, g_source_remove);
  gtk_revealer_set_reveal_child (self->toast_revealer, FALSE);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static void
subject_selected_cb (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->subject_dropdown);

  if (self->updating)
    return;

  tz_filter_set_subject (self->filter, position == 0 || position == GTK_INVALID_LIST_POSITION
                                       ? NULL : gtk_string_list_get_string (self->subjects, position));
  schedule_refresh (self, REFRESH_CHART | REFRESH_UNITS, REFRESH_DELAY_MSEC);
}

static void
unit_selected_cb (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->unit_dropdown);

  if (self->updating)
    return;

  self->any_unit = position == 0;
  tz_filter_set_unit (self->filter, position == 0 || position == GTK_INVALID_LIST_POSITION
                                    ? NULL : gtk_string_list_get_string (self->units, position));
  update_warning (self);
  schedule_refresh (self, REFRESH_CHART, REFRESH_DELAY_MSEC);
}

static void
group_selected_cb (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->group_dropdown);

  if (self->updating || position > TZ_GROUP_BY_REGION_YEAR)
    return;

  self->group_by = position;
  gtk_widget_set_sensitive (GTK_WIDGET (self->level_dropdown), self->group_by != TZ_GROUP_BY_YEAR);
  fill_kinds (self);
  schedule_refresh (self, REFRESH_CHART, REFRESH_DELAY_MSEC);
}

static void
level_selected_cb (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->level_dropdown);

  if (self->updating || position == GTK_INVALID_LIST_POSITION)
    return;

  self->level = TZ_REGION_LEVEL_PROVINCE + position;
  schedule_refresh (self, REFRESH_CHART, REFRESH_DELAY_MSEC);
}

static void
aggregate_selected_cb (TzChartsView *self)
{
  guint position = gtk_drop_down_get_selected (self->aggregate_dropdown);

  if (self->updating || position >= G_N_ELEMENTS (aggregates))
    return;

  self->aggregate = aggregates[position];
  update_warning (self);
  schedule_refresh (self, REFRESH_CHART, REFRESH_DELAY_MSEC);
}

/* Another kind of the same grouping draws the same rows: no need to ask
 * the ledger. */
static void
kind_selected_cb (TzChartsView *self)
{
  TzChart *chart = get_chart (self);

  if (self->updating)
    return;

  self->kind_for[self->group_by] = selected_kind (self);
  if (tz_chart_get_group_by (chart) == self->group_by && tz_chart_get_rows (chart) != NULL)
    tz_chart_set_kind (chart, self->kind_for[self->group_by]);
}

static gboolean
activate_item_cb (TzChartsView  *self,
                  const char    *region_code,
                  int            year,
                  TzChartWidget *widget)
{
  g_autoptr(TzFilter) filter = tz_charts_view_dup_item_filter (self, region_code, year);

  if (filter == NULL)
    {
      show_toast (self, _("Figures without a region cannot be listed on their own."));
      return FALSE;
    }

  g_signal_emit (self, signals[SHOW_RECORDS], 0, filter);
  return TRUE;
}

static void
ledger_changed_cb (TzChartsView *self)
{
  schedule_refresh (self, REFRESH_ALL, LEDGER_DELAY_MSEC);
}

static void
toast_revealed_cb (TzChartsView *self)
{
  /* Hidden, it would still take the pointer over the bottom of the chart. */
  if (!gtk_revealer_get_child_revealed (self->toast_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->toast_revealer), FALSE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_charts_view_dispose (GObject *object)
{
  TzChartsView *self = (TzChartsView *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->chart_cancellable);
  g_cancellable_cancel (self->subjects_cancellable);
  g_cancellable_cancel (self->units_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->toast_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), TZ_TYPE_CHARTS_VIEW);
  /* The toolbar and the separator have no id, so the template leaves them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->ledger != NULL)
    g_signal_handlers_disconnect_by_func (self->ledger, ledger_changed_cb, self);
  g_clear_object (&self->ledger);
  g_clear_object (&self->filter);
  g_clear_object (&self->shown_filter);
  g_clear_object (&self->chart_cancellable);
  g_clear_object (&self->subjects_cancellable);
  g_clear_object (&self->units_cancellable);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (tz_charts_view_parent_class)->dispose (object);
}

static void
tz_charts_view_finalize (GObject *object)
{
  TzChartsView *self = (TzChartsView *)object;

  g_clear_pointer (&self->kind_values, g_array_unref);
  g_clear_pointer (&self->mixed_units, g_ptr_array_unref);

  G_OBJECT_CLASS (tz_charts_view_parent_class)->finalize (object);
}

static void
tz_charts_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TzChartsView *self = TZ_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, tz_charts_view_get_ledger (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, tz_charts_view_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_charts_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TzChartsView *self = TZ_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      tz_charts_view_set_ledger (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/**
 * tz_charts_view_load:
 *
 * Asks for the chart now, though the view is hidden: the window does so
 * once the view it opened on has drawn its first page. Changes after that
 * wait again until the view is shown.
 */
void
tz_charts_view_load (TzChartsView *self)
{
  g_return_if_fail (TZ_IS_CHARTS_VIEW (self));

  if (self->pending == 0)
    return;
  self->load_hidden = TRUE;
  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_once (0, refresh_cb, self);
}

static void
tz_charts_view_map (GtkWidget *widget)
{
  TzChartsView *self = TZ_CHARTS_VIEW (widget);

  GTK_WIDGET_CLASS (tz_charts_view_parent_class)->map (widget);

  if (self->pending != 0 && self->refresh_source == 0)
    self->refresh_source = g_timeout_add_once (0, refresh_cb, self);
}

static void
tz_charts_view_class_init (TzChartsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_charts_view_dispose;
  object_class->finalize = tz_charts_view_finalize;
  object_class->get_property = tz_charts_view_get_property;
  object_class->set_property = tz_charts_view_set_property;

  widget_class->map = tz_charts_view_map;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL,
                         TZ_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* Whether the ledger is aggregating the figures for the chart. */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzChartsView::show-records:
   * @filter: selects exactly the figures of the clicked bar, point or
   *   cell: its region at the chart's level, its year, and the chart's
   *   subject and unit
   *
   * The user asked to see the records behind part of the chart.
   */
  signals[SHOW_RECORDS] =
    g_signal_new ("show-records",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TZ_TYPE_FILTER);

  g_type_ensure (TZ_TYPE_CHART_WIDGET);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/taizhang/Taizhang/ui/tz-charts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, subject_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, unit_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, group_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, aggregate_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, subjects);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, units);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, kinds);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, warning_label);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, chart_widget);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, toast_revealer);
  gtk_widget_class_bind_template_child (widget_class, TzChartsView, toast_label);
  gtk_widget_class_bind_template_callback (widget_class, subject_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, unit_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, group_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, level_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, aggregate_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_item_cb);

  gtk_widget_class_install_action (widget_class, "charts.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "charts.dismiss-toast", NULL, dismiss_toast_action);

  gtk_widget_class_set_css_name (widget_class, "tz-charts-view");
}

static void
tz_charts_view_init (TzChartsView *self)
{
  self->filter = tz_filter_new ();
  self->cancellable = g_cancellable_new ();
  self->kind_values = g_array_new (FALSE, FALSE, sizeof (TzChartKind));
  self->group_by = TZ_GROUP_BY_REGION;
  self->level = TZ_REGION_LEVEL_PROVINCE;
  self->aggregate = TZ_AGGREGATE_SUM;
  for (guint i = 0; i < G_N_ELEMENTS (self->kind_for); i++)
    self->kind_for[i] = tz_chart_kind_for_group_by (i);

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_kinds (self);
  gtk_widget_set_visible (GTK_WIDGET (self->toast_revealer), FALSE);
  g_signal_connect_object (self->toast_revealer, "notify::child-revealed",
                           G_CALLBACK (toast_revealed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", FALSE);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
tz_charts_view_new (void)
{
  return g_object_new (TZ_TYPE_CHARTS_VIEW, NULL);
}

/**
 * tz_charts_view_get_ledger:
 *
 * Returns: (transfer none) (nullable): the ledger charted
 */
TzLedger *
tz_charts_view_get_ledger (TzChartsView *self)
{
  g_return_val_if_fail (TZ_IS_CHARTS_VIEW (self), NULL);

  return self->ledger;
}

/**
 * tz_charts_view_set_ledger:
 * @ledger: (nullable): the ledger to chart
 *
 * Charts @ledger and follows its changes. The choices in the toolbar are
 * kept.
 */
void
tz_charts_view_set_ledger (TzChartsView *self,
                           TzLedger     *ledger)
{
  g_return_if_fail (TZ_IS_CHARTS_VIEW (self));
  g_return_if_fail (ledger == NULL || TZ_IS_LEDGER (ledger));

  if (self->ledger == ledger)
    return;

  if (self->ledger != NULL)
    g_signal_handlers_disconnect_by_func (self->ledger, ledger_changed_cb, self);
  g_set_object (&self->ledger, ledger);
  if (ledger != NULL)
    g_signal_connect_object (ledger, "changed", G_CALLBACK (ledger_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "charts.export", FALSE);
  g_clear_pointer (&self->mixed_units, g_ptr_array_unref);
  update_warning (self);
  tz_chart_set_rows (get_chart (self), NULL);
  if (ledger == NULL)
    {
      /* The choices stay, for the next ledger; the lists go. */
      fill_list (self, self->subject_dropdown, self->subjects, NULL, NULL);
      fill_list (self, self->unit_dropdown, self->units, NULL, NULL);
    }
  schedule_refresh (self, REFRESH_ALL, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
}

/**
 * tz_charts_view_get_loading:
 *
 * Returns: whether the chart's figures are being aggregated
 */
gboolean
tz_charts_view_get_loading (TzChartsView *self)
{
  g_return_val_if_fail (TZ_IS_CHARTS_VIEW (self), FALSE);

  return self->loading;
}

/**
 * tz_charts_view_get_chart_widget:
 *
 * Returns: (transfer none): the widget showing the chart
 */
TzChartWidget *
tz_charts_view_get_chart_widget (TzChartsView *self)
{
  g_return_val_if_fail (TZ_IS_CHARTS_VIEW (self), NULL);

  return self->chart_widget;
}

/**
 * tz_charts_view_dup_item_filter:
 * @region_code: a region code at the chart's level, "" for none
 * @year: a year, 0 for any
 *
 * Returns: (transfer full) (nullable): a filter selecting exactly the
 *   figures behind a bar, point or cell of the chart shown, or %NULL for
 *   figures without a region (a filter cannot select those alone)
 */
TzFilter *
tz_charts_view_dup_item_filter (TzChartsView *self,
                                const char   *region_code,
                                int           year)
{
  TzFilter *filter;
  TzGroupBy group_by;

  g_return_val_if_fail (TZ_IS_CHARTS_VIEW (self), NULL);

  group_by = tz_chart_get_group_by (get_chart (self));
  if (group_by != TZ_GROUP_BY_YEAR && (region_code == NULL || *region_code == '\0'))
    return NULL;

  filter = tz_filter_copy (self->shown_filter != NULL ? self->shown_filter : self->filter);

  g_object_freeze_notify (G_OBJECT (filter));
  if (region_code != NULL && *region_code != '\0')
    tz_filter_set_region_code (filter, region_code);
  if (year > 0)
    {
      tz_filter_set_year_from (filter, year);
      tz_filter_set_year_to (filter, year);
    }
  g_object_thaw_notify (G_OBJECT (filter));

  return filter;
}

/**
 * tz_charts_view_export_async:
 * @file: where to write the chart; .png, .svg or .pdf
 * @width: in pixels (PNG) or points
 * @height: likewise
 *
 * Writes the chart shown, in the light style, on a thread.
 */
void
tz_charts_view_export_async (TzChartsView        *self,
                             GFile               *file,
                             int                  width,
                             int                  height,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (TZ_IS_CHARTS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (width > 0 && height > 0);

  job = g_new0 (ExportJob, 1);
  job->chart = copy_chart_for_export (self, width);
  job->file = g_object_ref (file);
  job->width = width;
  job->height = height;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tz_charts_view_export_async);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
tz_charts_view_export_finish (TzChartsView  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (TZ_IS_CHARTS_VIEW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
