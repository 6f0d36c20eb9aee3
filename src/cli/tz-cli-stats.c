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

  printf (_("Ledger:       %s\n"), tz_store_get_path (store));
  printf (_("Documents:    %" G_GUINT64_FORMAT "\n"), stats.n_documents);
  printf (_("Articles:     %" G_GUINT64_FORMAT "\n"), stats.n_articles);
  printf (_("Figures:      %" G_GUINT64_FORMAT "\n"), stats.n_metrics);
  printf (_("Corrections:  %" G_GUINT64_FORMAT "\n"), stats.n_corrections);
  printf (_("Text:         %.1f MB\n"), stats.text_bytes / 1e6);
  printf (_("File size:    %.1f MB\n"), stats.file_bytes / 1e6);
  printf (_("Schema:       version %d\n"), stats.schema_version);

  return TZ_CLI_EXIT_OK;
}
