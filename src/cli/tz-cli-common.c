/* tz-cli-common.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

GOptionContext *
tz_cli_context_new (const char *parameters,
                    const char *summary)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);

  return context;
}

GOptionGroup *
tz_cli_ledger_group (TzCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &options->db,
      N_("The ledger file (default: $XDG_DATA_HOME/taizhang/ledger.db)"), N_("PATH") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("ledger", _("Ledger options:"),
                                            _("Show ledger options"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

GOptionGroup *
tz_cli_filter_group (TzCliOptions *options)
{
  const GOptionEntry entries[] = {
    { "region", 'r', 0, G_OPTION_ARG_STRING, &options->region,
      N_("Only figures in this region: a GB/T 2260 code or a name, at any level (江苏省, 南通市, 320613)"),
      N_("REGION") },
    { "year", 'y', 0, G_OPTION_ARG_INT, &options->year, N_("Only figures of this year"), N_("YEAR") },
    { "year-from", 0, 0, G_OPTION_ARG_INT, &options->year_from, N_("Only figures of this year or later"), N_("YEAR") },
    { "year-to", 0, 0, G_OPTION_ARG_INT, &options->year_to, N_("Only figures of this year or earlier"), N_("YEAR") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &options->category,
      N_("Only one category: people, person_times, households, organizations, money, percent, events, items, area"),
      N_("CATEGORY") },
    { "unit", 'u', 0, G_OPTION_ARG_STRING, &options->unit, N_("Only figures in this unit (人, 家, 元, % …)"), N_("UNIT") },
    { "subject", 's', 0, G_OPTION_ARG_STRING, &options->subject,
      N_("Only figures whose subject contains TEXT"), N_("TEXT") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &options->search,
      N_("Only figures of articles whose text contains TEXT"), N_("TEXT") },
    { "document", 0, 0, G_OPTION_ARG_INT64, &options->document, N_("Only figures of this document id"), N_("ID") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &options->sort,
      N_("Order: text (default), value, unit, subject, region, year, document"), N_("KEY") },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &options->descending, N_("Reverse the order"), NULL },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("filter", _("Filter options:"),
                                            _("Show filter options"), NULL, NULL);

  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_group_add_entries (group, entries);
  return group;
}

void
tz_cli_options_clear (TzCliOptions *options)
{
  g_clear_pointer (&options->db, g_free);
  g_clear_pointer (&options->region, g_free);
  g_clear_pointer (&options->category, g_free);
  g_clear_pointer (&options->unit, g_free);
  g_clear_pointer (&options->subject, g_free);
  g_clear_pointer (&options->search, g_free);
  g_clear_pointer (&options->sort, g_free);
}

char *
tz_cli_ledger_path (TzCliOptions *options)
{
  if (options->db != NULL)
    return g_strdup (options->db);
  return tz_store_default_path ();
}

TzStore *
tz_cli_open_store (TzCliOptions     *options,
                   TzStoreOpenFlags  flags,
                   const char       *command)
{
  g_autofree char *path = tz_cli_ledger_path (options);
  g_autoptr(GError) error = NULL;
  TzStore *store;

  store = tz_store_open (path, flags, &error);
  if (store == NULL)
    fprintf (stderr, "taizhang-cli %s: %s\n", command, error->message);

  return store;
}

int
tz_cli_usage_error (const char *command,
                    const char *message)
{
  fprintf (stderr, "taizhang-cli %s: %s\n", command, message);
  return TZ_CLI_EXIT_USAGE;
}

static char *
resolve_region (const char  *region,
                GError     **error)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id;

  if (region == NULL || *region == '\0')
    return NULL;

  id = tz_gazetteer_lookup_code (gazetteer, region);
  if (id == TZ_DIVISION_NONE)
    id = tz_gazetteer_lookup_name (gazetteer, region, TZ_DIVISION_NONE);
  if (id == TZ_DIVISION_NONE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not a region Taizhang knows, or it names several (add the province or city)"),
                   region);
      return NULL;
    }

  return g_strdup (tz_gazetteer_get_code (gazetteer, id));
}

TzFilter *
tz_cli_make_filter (TzCliOptions  *options,
                    GError       **error)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();

  if (options->region != NULL)
    {
      g_autofree char *code = resolve_region (options->region, error);

      if (code == NULL)
        return NULL;
      tz_filter_set_region_code (filter, code);
    }

  if (options->year != 0)
    {
      options->year_from = options->year;
      options->year_to = options->year;
    }
  if (options->year_from < 0 || options->year_from > 9999 || options->year_to < 0 || options->year_to > 9999)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _("Years are written like 2023"));
      return NULL;
    }
  tz_filter_set_year_from (filter, options->year_from);
  tz_filter_set_year_to (filter, options->year_to);

  if (options->category != NULL)
    {
      TzCategory category;

      if (!tz_category_from_string (options->category, &category))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown category “%s”"), options->category);
          return NULL;
        }
      tz_filter_set_category (filter, category);
    }

  if (options->sort != NULL)
    {
      TzSortKey key;

      if (!tz_sort_key_from_string (options->sort, &key))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Unknown sort key “%s”"), options->sort);
          return NULL;
        }
      tz_filter_set_sort_key (filter, key);
    }

  tz_filter_set_unit (filter, options->unit);
  tz_filter_set_subject (filter, options->subject);
  tz_filter_set_search (filter, options->search);
  tz_filter_set_document_id (filter, options->document);
  tz_filter_set_descending (filter, options->descending);

  return g_steal_pointer (&filter);
}
