/* tz-cli-query.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-query"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

static char *
region_label (const char *code)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id;

  if (code == NULL || *code == '\0')
    return g_strdup (_("(no region)"));

  id = tz_gazetteer_lookup_code (gazetteer, code);
  if (id == TZ_DIVISION_NONE)
    return g_strdup (code);

  {
    g_autoptr(TzRegion) region = tz_gazetteer_create_region (gazetteer, id);
    return tz_region_dup_display_path (region);
  }
}

int
tz_cli_query (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autofree char *by = NULL;
  g_autofree char *level = NULL;
  g_autofree char *agg = NULL;
  TzCliOptions options = { 0 };
  TzGroupBy group_by;
  TzRegionLevel region_level = TZ_REGION_LEVEL_PROVINCE;
  TzAggregate aggregate = TZ_AGGREGATE_SUM;
  const GOptionEntry entries[] = {
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by, N_("Group by region, year or region-year"), N_("GROUPING") },
    { "level", 'l', 0, G_OPTION_ARG_STRING, &level,
      N_("Region level: province (default), city or county"), N_("LEVEL") },
    { "agg", 'a', 0, G_OPTION_ARG_STRING, &agg, N_("sum (default), max, latest or count"), N_("AGGREGATE") },
    { NULL }
  };

  context = tz_cli_context_new (NULL,
    _("Sums up the selected figures by region, by year, or by region and year. "
      "Each line gives the group, the combined value and how many records went "
      "into it. Mixing units makes no sense: select a subject or a unit."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, tz_cli_ledger_group (&options));
  g_option_context_add_group (context, tz_cli_filter_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("query", error->message);
    }

  if (by == NULL || !tz_group_by_from_string (by, &group_by))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("query", _("--by must be region, year or region-year"));
    }
  if (level != NULL)
    {
      if (g_str_equal (level, "province"))
        region_level = TZ_REGION_LEVEL_PROVINCE;
      else if (g_str_equal (level, "city") || g_str_equal (level, "prefecture"))
        region_level = TZ_REGION_LEVEL_PREFECTURE;
      else if (g_str_equal (level, "county"))
        region_level = TZ_REGION_LEVEL_COUNTY;
      else
        {
          tz_cli_options_clear (&options);
          return tz_cli_usage_error ("query", _("--level must be province, city or county"));
        }
    }
  if (agg != NULL && !tz_aggregate_from_string (agg, &aggregate))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("query", _("--agg must be sum, max, latest or count"));
    }

  filter = tz_cli_make_filter (&options, &error);
  if (filter == NULL)
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("query", error->message);
    }

  store = tz_cli_open_store (&options, TZ_STORE_OPEN_READ_ONLY, "query");
  tz_cli_options_clear (&options);
  if (store == NULL)
    return TZ_CLI_EXIT_FAILED;

  rows = tz_store_aggregate (store, filter, group_by, region_level, aggregate, &error);
  if (rows == NULL)
    {
      fprintf (stderr, "taizhang-cli query: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  printf ("%s\t%s\t%s\t%s\n", _("region"), _("year"), tz_aggregate_to_string (aggregate), _("records"));
  for (guint i = 0; i < rows->len; i++)
    {
      const TzAggregateRow *row = &g_array_index (rows, TzAggregateRow, i);
      g_autofree char *region = group_by == TZ_GROUP_BY_YEAR ? g_strdup ("") : region_label (row->region_code);
      char year[16] = "";
      char value[G_ASCII_DTOSTR_BUF_SIZE];

      if (row->year > 0)
        g_snprintf (year, sizeof year, "%d", row->year);
      g_ascii_formatd (value, sizeof value, "%.15g", row->value);
      printf ("%s\t%s\t%s\t%u\n", region, year, value, row->n_records);
    }

  return TZ_CLI_EXIT_OK;
}
