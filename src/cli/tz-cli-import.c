/* tz-cli-import.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-import"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <glib-unix.h>
#include <unistd.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *outcomes;
  GError    *error;
  gboolean   progress;
} ImportRun;

static void
progress_changed_cb (TzImporter *importer,
                     GParamSpec *pspec,
                     ImportRun  *run)
{
  guint total = tz_importer_get_n_files (importer);
  guint done = tz_importer_get_n_done (importer);
  double fraction = total ? (double)done / total : 0;
  char bar[31];
  guint filled = (guint)(fraction * 30);

  if (!run->progress)
    return;

  for (guint i = 0; i < 30; i++)
    bar[i] = i < filled ? '#' : '-';
  bar[30] = '\0';

  /* Translators: a progress line: files done of total, megabytes */
  fputc ('\r', stderr);
  fprintf (stderr, "[%s] ", bar);
  fprintf (stderr, _("%u/%u files, %.1f MB"), done, total,
           tz_importer_get_bytes_done (importer) / 1e6);
  fflush (stderr);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportRun *run = user_data;

  run->outcomes = tz_importer_import_finish (TZ_IMPORTER (object), result, &run->error);
  g_main_loop_quit (run->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
tz_cli_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzImporter) importer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *path = NULL;
  g_autofree char *date = NULL;
  g_auto(GStrv) inputs = NULL;
  TzCliOptions options = { 0 };
  ImportRun run = { 0 };
  guint imported = 0, duplicates = 0, failed = 0, articles = 0, metrics = 0;
  guint source;
  const GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date,
      N_("The reports’ date, so that 今年 and 截至目前 resolve to a year"), N_("YYYY-MM-DD") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, N_("PATH…") },
    { NULL }
  };

  context = tz_cli_context_new (_("PATH… — import report files and folders into the ledger"),
    _("Imports plain text, Markdown, HTML, PDF and Word (.docx) reports; folders are searched "
      "recursively. Every file is saved whole or not at all (a savepoint of its "
      "own), so a failure or Ctrl+C never leaves part of a document behind. A file whose "
      "bytes are already in the ledger is reported as a duplicate.\n\n"
      "The exit status is 1 if any file could not be imported."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, tz_cli_ledger_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tz_cli_usage_error ("import", error->message);
  if (inputs == NULL || inputs[0] == NULL)
    return tz_cli_usage_error ("import", _("no files or folders given"));
  if (date != NULL && !tz_date_is_valid (date))
    return tz_cli_usage_error ("import", _("the date must be written YYYY-MM-DD"));

  path = tz_cli_ledger_path (&options);
  tz_cli_options_clear (&options);

  for (guint i = 0; inputs[i]; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (inputs[i]));

  importer = tz_importer_new (path);
  tz_importer_set_date (importer, date);

  run.loop = g_main_loop_new (NULL, FALSE);
  run.progress = isatty (STDERR_FILENO);
  g_signal_connect (importer, "notify::n-done", G_CALLBACK (progress_changed_cb), &run);

  source = g_unix_signal_add (SIGINT, interrupted_cb, cancellable);
  tz_importer_import_async (importer, (GFile **)files->pdata, files->len, cancellable,
                            import_done_cb, &run);
  g_main_loop_run (run.loop);
  g_source_remove (source);
  g_main_loop_unref (run.loop);

  if (run.progress)
    fputc ('\n', stderr);

  if (run.outcomes == NULL)
    {
      fprintf (stderr, "taizhang-cli import: %s\n", run.error->message);
      g_clear_error (&run.error);
      return TZ_CLI_EXIT_FAILED;
    }

  for (guint i = 0; i < run.outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (run.outcomes, i);

      switch (tz_import_outcome_get_status (outcome))
        {
        case TZ_IMPORT_IMPORTED:
          imported++;
          articles += tz_import_outcome_get_n_articles (outcome);
          metrics += tz_import_outcome_get_n_metrics (outcome);
          break;

        case TZ_IMPORT_DUPLICATE:
          duplicates++;
          break;

        case TZ_IMPORT_UNSUPPORTED:
        case TZ_IMPORT_UNREADABLE:
        case TZ_IMPORT_DECODE_ERROR:
        case TZ_IMPORT_EMPTY:
        case TZ_IMPORT_TOO_LARGE:
        case TZ_IMPORT_FAILED:
        case TZ_IMPORT_CANCELLED:
        default:
          {
            g_autofree char *line = tz_import_outcome_describe (outcome);

            failed++;
            fprintf (stderr, "  %s\n", line);
          }
          break;
        }
    }

  /* Translators: the import summary */
  printf (_("Imported %u files (%u articles, %u figures), %u already in the ledger, %u failed.\n"),
          imported, articles, metrics, duplicates, failed);

  g_ptr_array_unref (run.outcomes);
  return failed > 0 ? TZ_CLI_EXIT_FAILED : TZ_CLI_EXIT_OK;
}
