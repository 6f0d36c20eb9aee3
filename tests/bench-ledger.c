/* bench-ledger.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tz-core.h"

/* How long the Ledger view waits on a big ledger, measured the way the
 * view sees it: from setting a field or the sort key of the TzFilter of a
 * TzMetricList to the list's items-changed with the new ids, from asking
 * the TzLedger for chart data to getting it, and from a correction to the
 * list showing the figure in its new place (the figure is restored after:
 * the ledger is left as it was found). Each figure is the median of
 * several runs. Prints one JSON line; tools/bench runs it on a
 * ledger of the synthetic corpus. */

typedef struct
{
  gint64   started;
  gint64   finished;
  gint64   loaded;
  guint    idle;
  gboolean done;
} Wait;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Wait       *wait)
{
  if (wait->done)
    return;
  wait->finished = g_get_monotonic_time ();
  wait->done = TRUE;
}

/* A sort or filter that leaves the list as it was (sorting a ledger
 * imported in name order by document, say) changes no items: the query's
 * end, when the list stops loading, is when it is done then. The idle
 * runs after the items-changed that the same answer may still bring. */
static gboolean
unchanged_cb (gpointer data)
{
  Wait *wait = data;

  wait->idle = 0;
  if (!wait->done)
    {
      wait->finished = wait->loaded;
      wait->done = TRUE;
    }
  return G_SOURCE_REMOVE;
}

static void
loading_cb (TzLazyList *list,
            GParamSpec *pspec,
            Wait       *wait)
{
  gboolean loading;

  g_object_get (list, "loading", &loading, NULL);
  if (loading || wait->done)
    return;
  wait->loaded = g_get_monotonic_time ();
  if (wait->idle == 0)
    wait->idle = g_idle_add_full (G_PRIORITY_HIGH, unchanged_cb, wait, NULL);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @wait is done; -1 after 60 s. */
static double
wait_ms (Wait *wait)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (60, timeout_cb, &timed_out);

  while (!wait->done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    return -1;
  g_source_remove (source);

  return (wait->finished - wait->started) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  if (values->len == 0)
    return -1;
  if (values->len % 2 == 1)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static double
maximum (GArray *values)
{
  double max = -1;

  for (guint i = 0; i < values->len; i++)
    max = MAX (max, g_array_index (values, double, i));

  return max;
}

typedef struct
{
  const char *name;
  void      (*apply) (TzFilter *filter);
  void      (*reset) (TzFilter *filter);
} Change;

static void apply_province (TzFilter *f) { tz_filter_set_region_code (f, "320000"); }
static void reset_region (TzFilter *f) { tz_filter_set_region_code (f, NULL); }
static void apply_prefecture (TzFilter *f) { tz_filter_set_region_code (f, "440300"); }
static void apply_years (TzFilter *f) { tz_filter_set_year_from (f, 2020); tz_filter_set_year_to (f, 2021); }
static void reset_years (TzFilter *f) { tz_filter_set_year_from (f, 0); tz_filter_set_year_to (f, 0); }
static void apply_category (TzFilter *f) { tz_filter_set_category (f, TZ_CATEGORY_MONEY); }
static void reset_category (TzFilter *f) { tz_filter_set_category (f, TZ_FILTER_ANY_CATEGORY); }
static void apply_unit (TzFilter *f) { tz_filter_set_unit (f, "家"); }
static void reset_unit (TzFilter *f) { tz_filter_set_unit (f, NULL); }
static void apply_subject (TzFilter *f) { tz_filter_set_subject (f, "技能人才"); }
static void reset_subject (TzFilter *f) { tz_filter_set_subject (f, NULL); }
static void apply_search (TzFilter *f) { tz_filter_set_search (f, "职工书屋"); }
static void reset_search (TzFilter *f) { tz_filter_set_search (f, NULL); }

static const Change filter_changes[] = {
  { "province", apply_province, reset_region },
  { "prefecture", apply_prefecture, reset_region },
  { "years", apply_years, reset_years },
  { "category", apply_category, reset_category },
  { "unit", apply_unit, reset_unit },
  { "subject", apply_subject, reset_subject },
  { "search", apply_search, reset_search },
};

typedef struct
{
  void      (*change) (TzFilter *filter);
  TzSortKey   key;
  gboolean    descending;
} Step;

static double
time_step (TzMetricList *list,
           TzFilter     *filter,
           const Step   *step)
{
  Wait wait = { 0, };
  gulong handler, loading_handler;
  double ms;

  handler = g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &wait);
  loading_handler = g_signal_connect (list, "notify::loading", G_CALLBACK (loading_cb), &wait);
  wait.started = g_get_monotonic_time ();
  if (step->change != NULL)
    {
      step->change (filter);
    }
  else
    {
      /* Both at once, as a click on a column header does. */
      g_object_freeze_notify (G_OBJECT (filter));
      tz_filter_set_sort_key (filter, step->key);
      tz_filter_set_descending (filter, step->descending);
      g_object_thaw_notify (G_OBJECT (filter));
    }
  ms = wait_ms (&wait);
  g_signal_handler_disconnect (list, handler);
  g_signal_handler_disconnect (list, loading_handler);
  g_clear_handle_id (&wait.idle, g_source_remove);

  return ms;
}

static void
changed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (GPOINTER_TO_INT (user_data))
    ok = tz_ledger_correct_metric_finish (TZ_LEDGER (object), result, &error);
  else
    ok = tz_ledger_restore_metric_finish (TZ_LEDGER (object), result, &error);
  if (!ok)
    g_error ("bench-ledger: %s", error->message);
}

/* A correction as the figure popover makes it, or its undoing: from the
 * request to the list, sorted by value, showing the figure in its new
 * place. */
static double
time_correction (TzLedger     *ledger,
                 TzMetricList *list,
                 gint64        id,
                 gboolean      correct)
{
  Wait wait = { 0, };
  gulong handler;
  double ms;

  handler = g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &wait);
  wait.started = g_get_monotonic_time ();
  if (correct)
    tz_ledger_correct_metric_async (ledger, id, TZ_FIELD_VALUE, "900000000000", NULL,
                                    changed_cb, GINT_TO_POINTER (TRUE));
  else
    tz_ledger_restore_metric_async (ledger, id, NULL, changed_cb, GINT_TO_POINTER (FALSE));
  ms = wait_ms (&wait);
  g_signal_handler_disconnect (list, handler);

  return ms;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TzLedger **ledger = user_data;
  g_autoptr(GError) error = NULL;

  *ledger = tz_ledger_new_finish (result, &error);
  if (*ledger == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
}

typedef struct
{
  GArray *rows;
  gint64  finished;
} Aggregate;

static void
aggregated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Aggregate *aggregate = user_data;
  g_autoptr(GError) error = NULL;

  aggregate->rows = tz_ledger_aggregate_finish (TZ_LEDGER (object), result, &error);
  aggregate->finished = g_get_monotonic_time ();
  if (aggregate->rows == NULL)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
}

static double
time_aggregate (TzLedger   *ledger,
                const char *subject,
                TzGroupBy   group_by)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  Aggregate aggregate = { NULL, 0 };
  gint64 started;

  tz_filter_set_subject (filter, subject);
  started = g_get_monotonic_time ();
  tz_ledger_aggregate_async (ledger, filter, group_by, TZ_REGION_LEVEL_PROVINCE,
                             TZ_AGGREGATE_SUM, NULL, aggregated_cb, &aggregate);
  while (aggregate.rows == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_array_unref (aggregate.rows);

  return (aggregate.finished - started) / 1000.0;
}

static void
print_cases (GString    *json,
             const char *name,
             GPtrArray  *names,
             GPtrArray  *runs)
{
  g_string_append_printf (json, ", \"%s\": {", name);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (json, "%s\"%s\": %.1f", i > 0 ? ", " : "",
                            (const char *)g_ptr_array_index (names, i),
                            median (g_ptr_array_index (runs, i)));
  g_string_append_c (json, '}');
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("LEDGER");
  g_autoptr(GError) error = NULL;
  g_autoptr(TzLedger) ledger = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(TzMetricList) list = NULL;
  g_autoptr(GArray) filter_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sort_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) chart_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) correct_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) case_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) case_runs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) sort_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) sort_runs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GString) json = g_string_new (NULL);
  static const struct { const char *name; TzSortKey key; } sorts[] = {
    { "value", TZ_SORT_VALUE },
    { "unit", TZ_SORT_UNIT },
    { "subject", TZ_SORT_SUBJECT },
    { "region", TZ_SORT_REGION },
    { "year", TZ_SORT_YEAR },
    { "document", TZ_SORT_DOCUMENT },
  };
  int runs = 5;
  Wait first = { 0, };
  gulong handler;
  const GOptionEntry entries[] = {
    { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Runs of each change (default 5)", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("usage: bench-ledger [--runs N] LEDGER\n");
      return 2;
    }

  tz_ledger_new_async (argv[1], TZ_STORE_OPEN_DEFAULT, NULL, opened_cb, &ledger);
  while (ledger == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* The whole ledger in text order, as the view first shows it. */
  list = tz_metric_list_new (ledger, filter);
  handler = g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &first);
  first.started = g_get_monotonic_time ();
  wait_ms (&first);
  g_signal_handler_disconnect (list, handler);
  g_printerr ("bench-ledger: %u figures listed in %.0f ms\n",
              g_list_model_get_n_items (G_LIST_MODEL (list)),
              (first.finished - first.started) / 1000.0);

  /* Filters: setting one and clearing it again both count. */
  for (guint c = 0; c < G_N_ELEMENTS (filter_changes); c++)
    {
      GArray *these = g_array_new (FALSE, FALSE, sizeof (double));
      const Step apply = { filter_changes[c].apply, 0, FALSE };
      const Step reset = { filter_changes[c].reset, 0, FALSE };

      for (int r = 0; r < runs; r++)
        {
          double applied = time_step (list, filter, &apply);
          double cleared = time_step (list, filter, &reset);

          g_array_append_val (these, applied);
          g_array_append_val (filter_ms, applied);
          g_array_append_val (filter_ms, cleared);
        }
      g_ptr_array_add (case_names, (gpointer)filter_changes[c].name);
      g_ptr_array_add (case_runs, these);
      g_printerr ("bench-ledger: filter %s %.1f ms\n", filter_changes[c].name, median (these));
    }

  /* Sort keys, each way, on the whole ledger; back to text order between
   * runs so that every run changes the list. */
  for (guint s = 0; s < G_N_ELEMENTS (sorts); s++)
    {
      GArray *these = g_array_new (FALSE, FALSE, sizeof (double));

      for (int r = 0; r < runs; r++)
        {
          const Step sort = { NULL, sorts[s].key, r % 2 == 1 };
          const Step back = { NULL, TZ_SORT_TEXT_ORDER, FALSE };
          double sorted = time_step (list, filter, &sort);
          double unsorted = time_step (list, filter, &back);

          g_array_append_val (these, sorted);
          g_array_append_val (sort_ms, sorted);
          g_array_append_val (sort_ms, unsorted);
        }
      g_ptr_array_add (sort_names, (gpointer)sorts[s].name);
      g_ptr_array_add (sort_runs, these);
      g_printerr ("bench-ledger: sort by %s %.1f ms\n", sorts[s].name, median (these));
    }

  /* Chart data: a subject by province, and by year. */
  for (int r = 0; r < runs; r++)
    {
      double by_region = time_aggregate (ledger, "技能人才", TZ_GROUP_BY_REGION);
      double by_year = time_aggregate (ledger, "职工", TZ_GROUP_BY_YEAR);

      g_array_append_val (chart_ms, by_region);
      g_array_append_val (chart_ms, by_year);
    }
  g_printerr ("bench-ledger: chart data %.1f ms\n", median (chart_ms));

  /* A figure in the middle of the list, corrected to the biggest value
   * and restored: it moves to the top and back. */
  {
    const Step by_value = { NULL, TZ_SORT_VALUE, TRUE };
    gint64 id;

    time_step (list, filter, &by_value);
    id = tz_lazy_list_get_id (TZ_LAZY_LIST (list), g_list_model_get_n_items (G_LIST_MODEL (list)) / 2);
    for (int r = 0; r < runs; r++)
      {
        double corrected = time_correction (ledger, list, id, TRUE);
        double restored = time_correction (ledger, list, id, FALSE);

        g_array_append_val (correct_ms, corrected);
        g_array_append_val (correct_ms, restored);
      }
    g_printerr ("bench-ledger: correction %.1f ms\n", median (correct_ms));
  }

  g_string_append_printf (json, "{\"figures\": %u, \"first_list_ms\": %.1f, "
                          "\"filter_ms\": %.1f, \"filter_max_ms\": %.1f",
                          g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (first.finished - first.started) / 1000.0,
                          median (filter_ms), maximum (filter_ms));
  print_cases (json, "filter_cases_ms", case_names, case_runs);
  g_string_append_printf (json, ", \"sort_ms\": %.1f, \"sort_max_ms\": %.1f",
                          median (sort_ms), maximum (sort_ms));
  print_cases (json, "sort_cases_ms", sort_names, sort_runs);
  g_string_append_printf (json, ", \"chart_ms\": %.1f, \"chart_max_ms\": %.1f, "
                          "\"correct_ms\": %.1f, \"correct_max_ms\": %.1f}",
                          median (chart_ms), maximum (chart_ms),
                          median (correct_ms), maximum (correct_ms));
  printf ("%s\n", json->str);

  return 0;
}
