/* tz-cli.c
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

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "extract", tz_cli_extract, N_("Extract records from report files and print them") },
  { "import", tz_cli_import, N_("Import report files and folders into the ledger") },
  { "export", tz_cli_export, N_("Export the ledger’s records as CSV or JSON") },
  { "search", tz_cli_search, N_("Find articles by their text") },
  { "query", tz_cli_query, N_("Sum up figures by region and year") },
  { "chart", tz_cli_chart, N_("Draw figures as a chart (PNG, SVG or PDF)") },
  { "stats", tz_cli_stats, N_("Show what the ledger holds") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: taizhang-cli COMMAND [OPTION…] [ARGUMENT…]"));
  fprintf (stream, "%s\n", _("Taizhang reads union reports and extracts their figures."));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “taizhang-cli COMMAND --help” for the options of a command."));
}

int
tz_cli_run (int    argc,
            char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return TZ_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return TZ_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return TZ_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, _("taizhang-cli: unknown command “%s”"), argv[1]);
  fputc ('\n', stderr);
  print_usage (stderr);
  return TZ_CLI_EXIT_USAGE;
}
