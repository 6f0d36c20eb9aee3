/* tz-cli-chart.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tz-chart.h"
#include "tz-cli.h"
#include "tz-cli-common.h"

/* How many selected figures to look at for their units: enough to catch
 * a mix, few enough to stay instant on a large ledger. */
#define UNIT_SAMPLE 2000

/* Summing 人 with 人次 makes no sense, and a title should name its unit.
 * Without --unit we look at a sample of the selected figures: one unit
 * goes into the title, several get a warning. */
static char *
sample_unit (TzStore  *store,
             TzFilter *filter)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GHashTable) units = NULL;
  g_autoptr(GError) error = NULL;
  const char *unit = NULL;

  ids = tz_store_query_metric_ids (store, filter, &error);
  if (ids == NULL || ids->len == 0)
    return NULL;

  metrics = tz_store_load_metrics (store, (const gint64 *)(gpointer)ids->data, MIN (ids->len, UNIT_SAMPLE), &error);
  if (metrics == NULL)
    return NULL;

  units = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < metrics->len; i++)
    {
      const char *u = tz_metric_get_unit (g_ptr_array_index (metrics, i));

      if (u != NULL && *u != '\0')
        {
          g_hash_table_add (units, (gpointer)u);
          unit = u;
        }
    }

  if (g_hash_table_size (units) > 1)
    {
      g_autofree const char **list = (const char **)g_hash_table_get_keys_as_array (units, NULL);
      g_autofree char *joined = g_strjoinv ("、", (char **)list);

      fprintf (stderr, _("taizhang-cli chart: these figures come in several units (%s) and are combined "
                         "as they are; pick one with --unit\n"), joined);
      return NULL;
    }

  return g_strdup (unit);
}

static gboolean
parse_level (const char    *level,
             TzRegionLevel *region_level)
{
  if (level == NULL)
    return TRUE;
  if (g_str_equal (level, "province"))
    *region_level = TZ_REGION_LEVEL_PROVINCE;
  else if (g_str_equal (level, "city") || g_str_equal (level, "prefecture"))
    *region_level = TZ_REGION_LEVEL_PREFECTURE;
  else if (g_str_equal (level, "county"))
    *region_level = TZ_REGION_LEVEL_COUNTY;
  else
    return FALSE;
  return TRUE;
}

int
tz_cli_chart (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = NULL;
  g_autoptr(TzChart) chart = NULL;
  g_autoptr(TzChartStyle) style = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *by = NULL;
  g_autofree char *level = NULL;
  g_autofree char *agg = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *out = NULL;
  g_autofree char *title = NULL;
  g_autofree char *theme = NULL;
  g_autofree char *font = NULL;
  g_autofree char *numbers = NULL;
  g_autofree char *unit = NULL;
  TzCliOptions options = { 0 };
  TzGroupBy group_by;
  TzRegionLevel region_level = TZ_REGION_LEVEL_PROVINCE;
  TzAggregate aggregate = TZ_AGGREGATE_SUM;
  TzChartKind kind = TZ_CHART_KIND_AUTO;
  TzChartFormat format;
  int top = 0;
  int width = 1200;
  int height = 800;
  const GOptionEntry entries[] = {
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by, N_("Group by region, year or region-year (required)"), N_("GROUPING") },
    { "level", 'l', 0, G_OPTION_ARG_STRING, &level,
      N_("Region level: province (default), city or county"), N_("LEVEL") },
    { "agg", 'a', 0, G_OPTION_ARG_STRING, &agg, N_("sum (default), max, latest or count"), N_("AGGREGATE") },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_name,
      N_("bars, lines, columns or heatmap (default: bars by region, lines by year, heatmap by region-year)"),
      N_("KIND") },
    { "top", 'n', 0, G_OPTION_ARG_INT, &top,
      N_("Show the N largest regions (default: what fits; lines and columns at most 8)"), N_("N") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Write the chart here (required); .png, .svg or .pdf"), N_("FILE") },
    { "width", 'W', 0, G_OPTION_ARG_INT, &width, N_("Width in pixels, or points for SVG and PDF (default 1200)"), N_("W") },
    { "height", 'H', 0, G_OPTION_ARG_INT, &height, N_("Height (default 800)"), N_("H") },
    { "title", 't', 0, G_OPTION_ARG_STRING, &title, N_("Title (default: subject, unit, aggregate and grouping)"), N_("TEXT") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme, N_("light (default) or dark"), N_("THEME") },
    { "font", 0, 0, G_OPTION_ARG_STRING, &font, N_("Font, as Pango writes it (default “Sans 11”)"), N_("FONT") },
    { "numbers", 0, 0, G_OPTION_ARG_STRING, &numbers,
      N_("Number style: chinese (万/亿), grouped (1,234,567) or auto (from the locale, default)"), N_("STYLE") },
    { NULL }
  };

  context = tz_cli_context_new (NULL,
    _("Draws the selected figures as a chart and writes it as PNG, SVG or PDF: "
      "bars by region, lines or columns by year, or a heat map of regions by years. "
      "Select one subject and unit (--subject, --unit): figures in different units "
      "cannot be added up.\n\n"
      "Example:\n"
      "  taizhang-cli chart --subject 技能人才 --unit 人 --by region --out talent.png"));
  g_option_context_set_description (context,
    _("Which figures: the filter options (--subject, --unit, --region, --year, --year-from, "
      "--year-to, --category, --search), listed by --help-filter. Which ledger: --db, "
      "listed by --help-ledger.\n\n"
      "Exit status: 0 when the chart was written, 1 when it could not be, "
      "2 for a wrong command line."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, tz_cli_ledger_group (&options));
  g_option_context_add_group (context, tz_cli_filter_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("chart", error->message);
    }

#define USAGE(message) G_STMT_START { \
    tz_cli_options_clear (&options); \
    return tz_cli_usage_error ("chart", message); \
  } G_STMT_END

  if (argc > 1)
    USAGE (_("chart takes no file arguments; write the output file with --out"));
  if (by == NULL || !tz_group_by_from_string (by, &group_by))
    USAGE (_("--by must be region, year or region-year"));
  if (!parse_level (level, &region_level))
    USAGE (_("--level must be province, city or county"));
  if (agg != NULL && !tz_aggregate_from_string (agg, &aggregate))
    USAGE (_("--agg must be sum, max, latest or count"));
  if (kind_name != NULL && !tz_chart_kind_from_string (kind_name, &kind))
    USAGE (_("--kind must be bars, lines, columns or heatmap"));
  if (!tz_chart_kind_supports (kind, group_by))
    USAGE (kind == TZ_CHART_KIND_BARS ? _("bars show regions: use --by region or region-year")
           : kind == TZ_CHART_KIND_HEATMAP ? _("a heat map shows regions by years: use --by region-year")
           : _("lines and columns show years: use --by year or region-year"));
  if (top < 0)
    USAGE (_("--top must be a positive number"));
  if (out == NULL)
    USAGE (_("say where to write the chart with --out FILE.png, .svg or .pdf"));
  if (!tz_chart_format_for_filename (out, &format))
    USAGE (_("--out must end in .png, .svg or .pdf"));
  if (width < 100 || width > 8000 || height < 100 || height > 8000)
    USAGE (_("--width and --height must be between 100 and 8000"));
  if (theme != NULL && !g_str_equal (theme, "light") && !g_str_equal (theme, "dark"))
    USAGE (_("--theme must be light or dark"));
  if (numbers != NULL && !g_str_equal (numbers, "auto") && !g_str_equal (numbers, "chinese")
      && !g_str_equal (numbers, "grouped"))
    USAGE (_("--numbers must be chinese, grouped or auto"));

  filter = tz_cli_make_filter (&options, &error);
  if (filter == NULL)
    USAGE (error->message);

#undef USAGE

  store = tz_cli_open_store (&options, TZ_STORE_OPEN_READ_ONLY, "chart");
  tz_cli_options_clear (&options);
  if (store == NULL)
    return TZ_CLI_EXIT_FAILED;

  rows = tz_store_aggregate (store, filter, group_by, region_level, aggregate, &error);
  if (rows == NULL)
    {
      fprintf (stderr, "taizhang-cli chart: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  style = theme != NULL && g_str_equal (theme, "dark") ? tz_chart_style_new_dark () : tz_chart_style_new ();
  {
    g_autoptr(PangoFontDescription) description = pango_font_description_from_string (font != NULL ? font : "Sans 11");
    tz_chart_style_set_font (style, description);
  }
  if (numbers != NULL && g_str_equal (numbers, "chinese"))
    tz_chart_style_set_number_style (style, TZ_NUMBER_STYLE_CHINESE);
  else if (numbers != NULL && g_str_equal (numbers, "grouped"))
    tz_chart_style_set_number_style (style, TZ_NUMBER_STYLE_GROUPED);

  /* The unit only names things in the title; the figures stay selected
   * as the user asked. */
  if (tz_filter_get_unit (filter) == NULL && aggregate != TZ_AGGREGATE_COUNT)
    unit = sample_unit (store, filter);

  chart = g_object_new (TZ_TYPE_CHART,
                        "kind", kind,
                        "group-by", group_by,
                        "region-level", region_level,
                        "aggregate", aggregate,
                        "top-n", (guint)top,
                        "style", style,
                        "rows", rows,
                        NULL);
  if (unit != NULL)
    {
      g_autoptr(TzFilter) named = tz_filter_copy (filter);

      tz_filter_set_unit (named, unit);
      tz_chart_set_filter (chart, named);
    }
  else
    tz_chart_set_filter (chart, filter);
  if (title != NULL)
    tz_chart_set_title (chart, title);

  file = g_file_new_for_commandline_arg (out);
  if (!tz_chart_export (chart, file, width, height, NULL, &error))
    {
      fprintf (stderr, "taizhang-cli chart: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  printf ("%s\n", out);
  return TZ_CLI_EXIT_OK;
}
