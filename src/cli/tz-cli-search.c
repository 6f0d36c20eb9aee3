/* tz-cli-search.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-cli-search"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tz-cli.h"
#include "tz-cli-common.h"

#define SNIPPET_CHARS 24

/* A few characters either side of the first match, on one line. */
static char *
snippet (const char *text,
         guint       start,
         guint       end,
         const char *query)
{
  const char *a = g_utf8_offset_to_pointer (text, start);
  const char *b = g_utf8_offset_to_pointer (text, end);
  const char *hit = g_strstr_len (a, b - a, query);
  const char *from, *to;
  g_autofree char *raw = NULL;

  if (hit == NULL)
    hit = a;

  from = hit;
  for (guint i = 0; i < SNIPPET_CHARS && from > a; i++)
    from = g_utf8_prev_char (from);
  to = hit + strlen (query);
  for (guint i = 0; i < SNIPPET_CHARS && to < b; i++)
    to = g_utf8_next_char (to);

  raw = g_strndup (from, to - from);
  g_strdelimit (raw, "\n\t", ' ');
  return g_strconcat (from > a ? "…" : "", raw, to < b ? "…" : "", NULL);
}

int
tz_cli_search (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) articles = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
  TzCliOptions options = { 0 };
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N articles (default 20)"), N_("N") },
    { NULL }
  };

  context = tz_cli_context_new (_("TEXT — find articles by their text"),
    _("Searches the text of every article in the ledger. Queries of one or two "
      "Chinese characters work too."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_group (context, tz_cli_ledger_group (&options));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("search", error->message);
    }
  for (int i = 1; i < argc; i++)
    {
      if (query->len)
        g_string_append_c (query, ' ');
      g_string_append (query, argv[i]);
    }
  if (query->len == 0)
    {
      tz_cli_options_clear (&options);
      return tz_cli_usage_error ("search", _("nothing to search for"));
    }

  store = tz_cli_open_store (&options, TZ_STORE_OPEN_READ_ONLY, "search");
  tz_cli_options_clear (&options);
  if (store == NULL)
    return TZ_CLI_EXIT_FAILED;

  filter = tz_filter_new ();
  tz_filter_set_search (filter, query->str);
  ids = tz_store_query_article_ids (store, filter, &error);
  if (ids == NULL)
    {
      fprintf (stderr, "taizhang-cli search: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  articles = tz_store_load_articles (store, (const gint64 *)ids->data, MIN ((guint)MAX (limit, 0), ids->len), &error);
  if (articles == NULL)
    {
      fprintf (stderr, "taizhang-cli search: %s\n", error->message);
      return TZ_CLI_EXIT_FAILED;
    }

  for (guint i = 0; i < articles->len; i++)
    {
      TzArticle *article = g_ptr_array_index (articles, i);
      g_autoptr(TzDocument) document = tz_store_load_document (store, tz_article_get_document_id (article),
                                                               FALSE, NULL);
      TzRegion *region = tz_article_get_region (article);
      g_autofree char *context_text = NULL;

      if (document == NULL)
        continue;

      context_text = snippet (tz_document_get_text (document), tz_article_get_start (article),
                              tz_article_get_end (article), query->str);
      printf ("%s\t%s\t%s\t%s\n", tz_document_get_name (document),
              tz_article_get_title (article) ? tz_article_get_title (article) : "",
              region ? tz_region_get_name (region) : "",
              context_text);
    }

  if (ids->len > articles->len)
    fprintf (stderr, _("%u more articles; use --limit to see them\n"), ids->len - articles->len);
  else if (ids->len == 0)
    fprintf (stderr, "%s\n", _("No article contains that text."));

  return TZ_CLI_EXIT_OK;
}
