/* tz-text-private.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* Small matchers shared by the extraction passes. They run for nearly every
 * character of every report, so they compare byte by byte and stop at the
 * first difference instead of calling strlen() and memcmp(). */

/* Does @word start at @p (and end before @end)? */
static inline gboolean
tz_text_has_at (const char *p,
                const char *end,
                const char *word)
{
  for (; *word; p++, word++)
    if (p >= end || *p != *word)
      return FALSE;
  return TRUE;
}

/* Does @word end right before @p (and start at or after @start)? */
static inline gboolean
tz_text_has_before (const char *start,
                    const char *p,
                    const char *word)
{
  gsize n = strlen (word);

  return (gsize)(p - start) >= n && tz_text_has_at (p - n, p, word);
}

/* The first @needle in the @len bytes at @text, or %NULL. */
static inline const char *
tz_text_find (const char *text,
              gsize       len,
              const char *needle)
{
  const char *end = text + len;
  const char *p = text;

  if (*needle == '\0')
    return text;

  while (p < end && (p = memchr (p, *needle, end - p)) != NULL)
    {
      if (tz_text_has_at (p, end, needle))
        return p;
      p++;
    }

  return NULL;
}

/* Unicode characters in @len bytes of valid UTF-8. */
static inline gsize
tz_text_count_chars (const char *text,
                     gsize       len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    n += ((guchar)text[i] & 0xC0) != 0x80;

  return n;
}

/* Are there more than @n characters in the @len bytes at @text? Stops
 * counting as soon as it knows. */
static inline gboolean
tz_text_longer_than (const char *text,
                     gsize       len,
                     gsize       n)
{
  gsize count = 0;

  if (len <= n)
    return FALSE;
  if (len > 4 * n)
    return TRUE;

  for (gsize i = 0; i < len; i++)
    if (((guchar)text[i] & 0xC0) != 0x80 && ++count > n)
      return TRUE;

  return FALSE;
}

/* The code point at @p, which must be valid UTF-8 (our texts are). */
static inline gunichar
tz_text_get_char (const char *p)
{
  const guchar *s = (const guchar *)p;

  if (s[0] < 0x80)
    return s[0];
  if (s[0] < 0xE0)
    return ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
  if (s[0] < 0xF0)
    return ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
  return ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* The start of the character before @p, or %NULL at @start. Like
 * g_utf8_find_prev_char(), but inline: it runs for every character of
 * every sentence we look back through. */
static inline const char *
tz_text_prev (const char *start,
              const char *p)
{
  if (p <= start)
    return NULL;
  p--;
  while (p > start && ((guchar)*p & 0xC0) == 0x80)
    p--;
  return p;
}

/* A set of characters of the Basic Multilingual Plane, one bit each. */
typedef struct
{
  guint32 bits[2048];
} TzCharSet;

static inline void
tz_char_set_add (TzCharSet *set,
                 gunichar   ch)
{
  if (ch < 0x10000)
    set->bits[ch >> 5] |= 1u << (ch & 31);
}

static inline gboolean
tz_char_set_has (const TzCharSet *set,
                 gunichar         ch)
{
  return ch < 0x10000 && ((set->bits[ch >> 5] >> (ch & 31)) & 1);
}

/* A list of words with the set of their first characters, so that the
 * common case — no word starts here — costs one bit test. */
typedef struct
{
  const char * const *words;
  guint               n_words;
  gsize               ready;
  TzCharSet           first;
} TzWordList;

#define TZ_WORD_LIST(array) { (array), G_N_ELEMENTS (array), 0, { { 0 } } }

static inline void
tz_word_list_prepare (TzWordList *list)
{
  if (g_once_init_enter (&list->ready))
    {
      for (guint i = 0; i < list->n_words; i++)
        tz_char_set_add (&list->first, tz_text_get_char (list->words[i]));
      g_once_init_leave (&list->ready, 1);
    }
}

/* Does one of the words start at @p? The first listed wins. */
static inline gboolean
tz_word_list_match (TzWordList *list,
                    const char *p,
                    const char *end,
                    gsize      *len)
{
  if (p >= end)
    return FALSE;

  tz_word_list_prepare (list);
  if (!tz_char_set_has (&list->first, tz_text_get_char (p)))
    return FALSE;

  for (guint i = 0; i < list->n_words; i++)
    {
      if (tz_text_has_at (p, end, list->words[i]))
        {
          if (len != NULL)
            *len = strlen (list->words[i]);
          return TRUE;
        }
    }

  return FALSE;
}

G_END_DECLS
