/* bench-extract.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "tz-core.h"

/* Single-thread extraction throughput: the given reports, extracted over and
 * over until at least --megabytes of input went through, or each once with
 * --once. Prints one JSON line, {"extract_mb_per_s": …}. Run with `meson
 * test --benchmark`, and by tools/bench. */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("FILE…");
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) files = NULL;
  double megabytes = 20;
  gboolean once = FALSE;
  guint64 total = 0;
  guint64 metrics = 0;
  gint64 begin, elapsed;
  const GOptionEntry entries[] = {
    { "megabytes", 'm', 0, G_OPTION_ARG_DOUBLE, &megabytes, "Input to process (default 20)", "MB" },
    { "once", 0, 0, G_OPTION_ARG_NONE, &once, "Extract each file once", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || files == NULL)
    {
      g_printerr ("usage: bench-extract [--megabytes MB | --once] FILE…\n");
      return 2;
    }

  for (guint i = 0; files[i]; i++)
    {
      char *data;
      gsize len;

      if (!g_file_get_contents (files[i], &data, &len, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_ptr_array_add (inputs, g_bytes_new_take (data, len));
    }

  /* Load the gazetteer before the clock starts. */
  tz_gazetteer_get_default ();

  begin = g_get_monotonic_time ();
  while (total < megabytes * 1e6 || (once && total == 0))
    {
      for (guint i = 0; i < inputs->len; i++)
        {
          GBytes *bytes = g_ptr_array_index (inputs, i);
          g_autoptr(TzDocument) document = tz_extractor_extract_bytes (extractor, "bench.txt", bytes, &error);

          if (document == NULL)
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
          total += g_bytes_get_size (bytes);
          metrics += tz_document_get_n_metrics (document);
        }
      if (once)
        break;
    }
  elapsed = g_get_monotonic_time () - begin;

  printf ("{\"extract_mb_per_s\": %.1f, \"megabytes\": %.1f, \"seconds\": %.3f, \"metrics\": %" G_GUINT64_FORMAT "}\n",
          total / 1e6 / (elapsed / 1e6), total / 1e6, elapsed / 1e6, metrics);

  return 0;
}
