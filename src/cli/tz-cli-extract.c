/* tz-cli-extract.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-extract"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <stdio.h>

#include "tz-cli.h"
#include "tz-core.h"

/* As an import reads it: a FIFO named like a report would block forever
 * and a file truncated meanwhile would kill a mapping with SIGBUS. */
static GBytes *
read_file (const char  *path,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return tz_importer_read_file (file, error);
}

int
tz_cli_extract (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = NULL;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *date = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) files = NULL;
  g_autofree char *out = NULL;
  int status = TZ_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date,
      N_("The reports’ date, so that 今年, 去年 and 截至目前 resolve to a year"), N_("YYYY-MM-DD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Output format: json (the records of the extraction spec, default) or tsv (one line per figure)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — extract records from report files"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Reads report files (plain text in UTF-8, UTF-16 or GB18030, Markdown, HTML, PDF with "
      "a text layer, Word .docx), splits "
      "them into articles and prints every article’s headline, byline, region and "
      "year and every figure with its value, unit, approximation, subject, region "
      "and year, and for a PDF its page.\n\n"
      "A file that cannot be read is reported on standard error and the exit status "
      "is 1; the records of the other files are still printed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "taizhang-cli extract: %s\n", error->message);
      return TZ_CLI_EXIT_USAGE;
    }

  if (format == NULL)
    format = g_strdup ("json");
  if (!g_str_equal (format, "json") && !g_str_equal (format, "tsv"))
    {
      fprintf (stderr, _("taizhang-cli extract: unknown format “%s” (use json or tsv)"), format);
      fputc ('\n', stderr);
      return TZ_CLI_EXIT_USAGE;
    }
  if (date != NULL && !tz_date_is_valid (date))
    {
      fprintf (stderr, _("taizhang-cli extract: “%s” is not a date of the form YYYY-MM-DD"), date);
      fputc ('\n', stderr);
      return TZ_CLI_EXIT_USAGE;
    }
  if (files == NULL || files[0] == NULL)
    {
      fprintf (stderr, "%s\n", _("taizhang-cli extract: no files given"));
      return TZ_CLI_EXIT_USAGE;
    }

  extractor = tz_extractor_new ();
  tz_extractor_set_date (extractor, date);

  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autoptr(GError) file_error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = g_path_get_basename (files[i]);
      TzDocument *document;

      bytes = read_file (files[i], &file_error);
      if (bytes == NULL)
        {
          fprintf (stderr, "taizhang-cli extract: %s\n", file_error->message);
          status = TZ_CLI_EXIT_FAILED;
          continue;
        }

      document = tz_read_report (extractor, name, bytes, &file_error);
      if (document == NULL)
        {
          fprintf (stderr, "taizhang-cli extract: %s: %s\n", files[i], file_error->message);
          status = TZ_CLI_EXIT_FAILED;
          continue;
        }

      tz_document_set_path (document, files[i]);
      g_ptr_array_add (documents, document);
    }

  if (g_str_equal (format, "tsv"))
    out = tz_documents_to_tsv (documents);
  else
    out = tz_documents_to_json (documents, TRUE);

  if (output != NULL)
    {
      /* Not g_file_set_contents(): it renames a temporary file over its
       * target, which would turn /dev/null or a pipe into a regular file. */
      g_autoptr(GFile) target = g_file_new_for_commandline_arg (output);
      g_autoptr(GOutputStream) stream = tz_export_open_output (target, NULL, &error);

      if (stream == NULL ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (stream), out, strlen (out), NULL, NULL, &error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
        {
          fprintf (stderr, "taizhang-cli extract: %s\n", error->message);
          return TZ_CLI_EXIT_FAILED;
        }
    }
  else
    {
      fputs (out, stdout);
      fflush (stdout);
    }

  return status;
}
