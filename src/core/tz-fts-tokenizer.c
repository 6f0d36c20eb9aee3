/* tz-fts-tokenizer.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tz-fts-tokenizer.h"

/* ------------------------------------------------------------------------
 * Overlapping bigrams for the full-text index
 *
 * Chinese has no spaces between words, so the index holds every pair of
 * neighbouring letters or digits (Han characters, Latin letters, digits
 * of any script): 技能人才 is 技能 能人 人才. A search for a run of two
 * characters or more is the phrase of its bigrams, which matches exactly
 * where the run stands in the text: two neighbouring bigrams of a phrase
 * share a character, so they cannot come from either side of a comma,
 * and a separator token between runs where they could keeps 技能，能手
 * from matching 技能手. ASCII letters are folded to lower case, as
 * tz_text_has() and SQLite's lower() fold them; the search reads the
 * text itself for what bigrams cannot tell (tz_fts_index_runs()).
 *
 * FTS5's own trigram tokenizer indexed a token for every character,
 * punctuation and line breaks included, and its vocabulary of trigrams is
 * many times larger than that of bigrams: the hash table of pending terms
 * outgrew the processor's caches and made indexing an import's text its
 * slowest part. Trigrams also cannot find words of two characters, the
 * commonest in Chinese (工匠, 劳模).
 * --------------------------------------------------------------------- */

/* Between two runs where a phrase could otherwise span them; no run can
 * make it. */
static const char run_separator[] = "\x01";

static inline const char *
next_char (const char *p,
           const char *end,
           gunichar   *ch)
{
  guchar c = (guchar) *p;

  if (c < 0x80)
    {
      *ch = c;
      return p + 1;
    }
  if ((c & 0xf0) == 0xe0 && end - p >= 3
      && ((guchar) p[1] & 0xc0) == 0x80 && ((guchar) p[2] & 0xc0) == 0x80)
    {
      *ch = ((c & 0x0f) << 12) | (((guchar) p[1] & 0x3f) << 6) | ((guchar) p[2] & 0x3f);
      return p + 3;
    }

  *ch = g_utf8_get_char_validated (p, end - p);
  if (*ch >= (gunichar) -2)
    {
      /* Not UTF-8: a separator, one byte at a time. */
      *ch = 0;
      return p + 1;
    }
  return g_utf8_next_char (p);
}

static inline gboolean
is_index_char (gunichar ch)
{
  if (ch < 0x80)
    return g_ascii_isalnum (ch);
  if (ch >= 0x4e00 && ch <= 0x9fff)
    return TRUE;
  return g_unichar_isalnum (ch);
}

typedef int (*TokenFunc) (void       *ctx,
                          int         flags,
                          const char *token,
                          int         n_token,
                          int         start,
                          int         end);

static int
tokenize (Fts5Tokenizer *tokenizer,
          void          *ctx,
          int            flags,
          const char    *text,
          int            n_text,
          TokenFunc      token_cb)
{
  const char *end = text + n_text;
  const char *last = NULL;      /* the index character before, in this run */
  gunichar last_ch = 0;         /* … folded */
  gboolean last_upper = FALSE;
  gunichar tail = 0;            /* the second character of the last bigram */
  gboolean run_emitted = FALSE; /* a bigram in this run */
  int rc;

  for (const char *p = text; p < end;)
    {
      gunichar ch;
      const char *next = next_char (p, end, &ch);
      gboolean upper;

      if (!is_index_char (ch))
        {
          last = NULL;
          run_emitted = FALSE;
          p = next;
          continue;
        }
      upper = ch < 0x80 && g_ascii_isupper (ch);
      if (upper)
        ch = g_ascii_tolower (ch);

      if (last != NULL)
        {
          /* Neighbouring bigrams of a phrase share a character, so a
           * run's first bigram can only follow the last one before it in
           * a phrase if it starts where that one ends (技能，能手): only
           * then is the separator needed. */
          if (!run_emitted && tail == last_ch)
            {
              rc = token_cb (ctx, 0, run_separator, 1, last - text, last - text);
              if (rc != SQLITE_OK)
                return rc;
            }

          if (G_UNLIKELY (upper || last_upper))
            {
              char folded[8];
              int len = next - last;

              for (int i = 0; i < len; i++)
                folded[i] = g_ascii_tolower (last[i]);
              rc = token_cb (ctx, 0, folded, len, last - text, next - text);
            }
          else
            rc = token_cb (ctx, 0, last, next - last, last - text, next - text);
          if (rc != SQLITE_OK)
            return rc;
          tail = ch;
          run_emitted = TRUE;
        }
      last = p;
      last_ch = ch;
      last_upper = upper;
      p = next;
    }

  return SQLITE_OK;
}

static int
tokenizer_create (void           *data,
                  const char    **args,
                  int             n_args,
                  Fts5Tokenizer **out)
{
  if (n_args > 0)
    return SQLITE_ERROR;

  /* No state: any non-NULL pointer does. */
  *out = (Fts5Tokenizer *) run_separator;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
}

int
tz_fts_tokenizer_register (sqlite3 *db)
{
  static fts5_tokenizer tokenizer = { tokenizer_create, tokenizer_delete, tokenize };
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
  if (api == NULL || api->iVersion < 2)
    return SQLITE_ERROR;

  return api->xCreateTokenizer (api, TZ_FTS_TOKENIZER, NULL, &tokenizer, NULL);
}

static int
register_auto (sqlite3                           *db,
               char                             **message,
               const struct sqlite3_api_routines *api)
{
  return tz_fts_tokenizer_register (db);
}

void
tz_fts_tokenizer_register_everywhere (void)
{
  sqlite3_auto_extension ((void (*) (void)) register_auto);
}

GStrv
tz_fts_index_runs (const char *word,
                   gboolean   *whole)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_free);
  const char *end = word + strlen (word);
  const char *run = NULL;
  guint n_runs = 0, n_short = 0;
  gboolean separated = FALSE;

  for (const char *p = word;;)
    {
      gunichar ch = 0;
      const char *next = p < end ? next_char (p, end, &ch) : p;

      if (p < end && is_index_char (ch))
        {
          if (run == NULL)
            run = p;
        }
      else
        {
          if (run != NULL)
            {
              /* One character is no bigram: the text is checked for it. */
              if (g_utf8_strlen (run, p - run) >= 2)
                {
                  g_ptr_array_add (runs, g_strndup (run, p - run));
                  n_runs++;
                }
              else
                n_short++;
              run = NULL;
            }
          if (p >= end)
            break;
          separated = TRUE;
        }
      p = next;
    }

  *whole = n_runs == 1 && n_short == 0 && !separated;
  g_ptr_array_add (runs, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&runs), FALSE);
}
