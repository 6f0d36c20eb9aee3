/* tz-cli-stats.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-stats"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

static void
print_row (const char *label,
           const char *value)
{
  printf ("%-16s %s\n", label, value);
}

static void
print_count (const char *label,
             guint64     count)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT, count);
  print_row (label, text);
}

static void
print_megabytes (const char *label,
                 guint64     bytes)
{
  char text[32];

  g_snprintf (text, sizeof text, "%.1f MB", bytes / 1e6);
  print_row (label, text);
}

int
tz_cli_stats (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  TzCliOptions options = { 0 };
  TzStoreStats stats;

  context = tz_cli_context_new (NULL, _("Shows what the ledger holds."));
  g_option_context_add_group (context, tz_cli_ledger_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("stats", error->message);
    }

  store = tz_cli_open_store (&options, TZ_STORE_OPEN_READ_ONLY, "stats");
  tz_cli_options_clear (&options);
  if (store == NULL)
    return TZ_CLI_EXIT_FAILED;

  if (!tz_store_get_stats (store, &stats, &error))
    {
      fprintf (stderr, "taizhang-cli stats: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  /* Labels are translated on their own; numbers are formatted apart, so
   * translators never see printf conversions. */
  print_row (_("Ledger"), tz_store_get_path (store));
  print_count (_("Documents"), stats.n_documents);
  print_count (_("Articles"), stats.n_articles);
  print_count (_("Figures"), stats.n_metrics);
  print_count (_("Corrections"), stats.n_corrections);
  /* Only while some are: found by search all the same, only slower. */
  if (stats.n_unindexed > 0)
    print_count (_("Not yet indexed"), stats.n_unindexed);
  print_megabytes (_("Text"), stats.text_bytes);
  print_megabytes (_("File size"), stats.file_bytes);
  {
    char version[16];

    g_snprintf (version, sizeof version, "%d", stats.schema_version);
    print_row (_("Schema version"), version);
  }

  return TZ_CLI_EXIT_OK;
}
