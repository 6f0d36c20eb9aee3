/* tz-cli-export.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-export"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

int
tz_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  TzCliOptions options = { 0 };
  TzExportFormat export_format;
  int status = TZ_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("csv (UTF-8 with BOM for Excel and WPS, the default) or json (the extraction spec’s records)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = tz_cli_context_new (NULL, _("Exports the ledger’s records, all or those the filters select."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, tz_cli_ledger_group (&options));
  g_option_context_add_group (context, tz_cli_filter_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("export", error->message);
    }

  if (format == NULL || g_str_equal (format, "csv"))
    export_format = TZ_EXPORT_CSV;
  else if (g_str_equal (format, "json"))
    export_format = TZ_EXPORT_JSON;
  else
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("export", _("the format is csv or json"));
    }

  filter = tz_cli_make_filter (&options, &error);
  if (filter == NULL)
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("export", error->message);
    }

  store = tz_cli_open_store (&options, TZ_STORE_OPEN_READ_ONLY, "export");
  tz_cli_options_clear (&options);
  if (store == NULL)
    return TZ_CLI_EXIT_FAILED;

  if (output != NULL)
    {
      file = g_file_new_for_commandline_arg (output);
      out = tz_export_open_output (file, NULL, &error);
      if (out == NULL)
        {
          fprintf (stderr, "taizhang-cli export: %s\n", error->message);
          return TZ_CLI_EXIT_FAILED;
        }
    }
  else
    {
      out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);
    }

  if (!tz_export_records (store, filter, export_format, out, NULL, &error) ||
      !g_output_stream_close (out, NULL, &error))
    {
      fprintf (stderr, "taizhang-cli export: %s\n", error->message);
      status = TZ_CLI_EXIT_FAILED;
    }

  return status;
}
