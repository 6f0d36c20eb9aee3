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

/* The first @needle in the @len bytes at @text, or %NULL. In Chinese text
 * every third byte is one of a few lead bytes (E4–E9), so memchr() looks
 * for the needle's third byte, which is far rarer. */
static inline const char *
tz_text_find (const char *text,
              gsize       len,
              const char *needle)
{
  const char *end = text + len;
  gsize n = strlen (needle);
  gsize k = MIN (n, 3) - 1;

  if (n == 0)
    return text;
  if (n > len)
    return NULL;

  for (const char *p = text + k; p < end && (p = memchr (p, needle[k], end - p)) != NULL; p++)
    if ((gsize)(end - (p - k)) >= n && memcmp (p - k, needle, n) == 0)
      return p - k;

  return NULL;
}

/* The last @needle in the string @text, or %NULL, as g_strrstr() finds
 * it; GLib 2.74 compares byte by byte at every position, this looks at
 * the first byte before comparing the rest. */
static inline const char *
tz_text_find_last (const char *text,
                   const char *needle)
{
  gsize len = strlen (text);
  gsize n = strlen (needle);

  /* As g_strrstr(), an empty needle is found at the start. */
  if (n == 0)
    return text;
  if (n > len)
    return NULL;

  for (const char *p = text + len - n; ; p--)
    {
      if (*p == *needle && memcmp (p, needle, n) == 0)
        return p;
      if (p == text)
        return NULL;
    }
}

#define TZ_BYTES_ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define TZ_BYTES_HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Unicode characters in @len bytes of valid UTF-8: the bytes that are
 * not continuation bytes (10xxxxxx), eight at a time. The offsets of
 * every figure are counted so, a tenth of extraction byte by byte. */
static inline gsize
tz_text_count_chars (const char *text,
                     gsize       len)
{
  gsize n = 0;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;
      guint64 continuation;

      memcpy (&w, text + i, 8);
      /* Bit 7 of each byte whose bit 7 is set and bit 6 clear. */
      continuation = w & ~(w << 1) & TZ_BYTES_HIGHS;
      /* Their number: the sum of the bytes of (continuation >> 7). */
      n += 8 - (((continuation >> 7) * TZ_BYTES_ONES) >> 56);
    }
  for (; i < len; i++)
    n += ((guchar)text[i] & 0xC0) != 0x80;

  return n;
}

/* g_utf8_validate_len(), to the same answer and the same @end, at a few
 * instructions a byte instead of about a dozen: every report is
 * validated once before anything else. Refuses NUL, overlong forms,
 * surrogates and code points past U+10FFFF, as GLib does. */
static inline gboolean
tz_utf8_validate (const char  *text,
                  gsize        len,
                  const char **end)
{
  const guchar *p = (const guchar *)text;
  const guchar *e = p + len;

  while (p < e)
    {
      guchar c = *p;

      /* Most of a report: the three-byte forms without a special range
       * for their second byte (U+1000–U+CFFF, U+E000–U+FFFF). */
      if (c >= 0xE1 && c <= 0xEF && c != 0xED)
        {
          if (e - p < 3 || (((p[1] ^ 0x80) | (p[2] ^ 0x80)) & 0xC0) != 0)
            goto invalid;
          p += 3;
        }
      else if (c < 0x80)
        {
          if (c == 0)
            goto invalid;
          p++;
          /* Runs of ASCII without NUL, eight bytes at a time. */
          while (e - p >= 8)
            {
              guint64 w;

              memcpy (&w, p, 8);
              if ((w & TZ_BYTES_HIGHS) != 0 || ((w - TZ_BYTES_ONES) & ~w & TZ_BYTES_HIGHS) != 0)
                break;
              p += 8;
            }
        }
      else if (c < 0xC2)
        goto invalid;
      else if (c < 0xE0)
        {
          if (e - p < 2 || (p[1] & 0xC0) != 0x80)
            goto invalid;
          p += 2;
        }
      else if (c < 0xF0)
        {
          /* E0 and ED: overlong forms and surrogates. */
          if (e - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
              (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            goto invalid;
          p += 3;
        }
      else if (c < 0xF5)
        {
          if (e - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80 ||
              (c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            goto invalid;
          p += 4;
        }
      else
        goto invalid;
    }

  if (end != NULL)
    *end = (const char *)p;
  return TRUE;

invalid:
  if (end != NULL)
    *end = (const char *)p;
  return FALSE;
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
 * common case — no word starts here — costs one bit test, and the words
 * grouped by first character, so that a match tries only the few that
 * start with the character found. */
typedef struct
{
  const char * const *words;
  guint               n_words;
  gsize               ready;
  TzCharSet           first;
  guint               n_chars;
  gunichar           *chars;    /* the first characters, ascending */
  guint16            *starts;   /* where each one's words start in order */
  guint16            *order;    /* word indices, by first character, then
                                 * as listed */
  guint16            *lengths;  /* of each word, in bytes */
} TzWordList;

#define TZ_WORD_LIST(array) { (array), G_N_ELEMENTS (array), 0, { { 0 } }, 0, NULL, NULL, NULL, NULL }

/* Builds the list's index; see tz_word_list_prepare(). Out of line, so
 * that the check for it is inlined wherever a list is matched. */
G_GNUC_NO_INLINE G_GNUC_UNUSED static void
tz_word_list_build (TzWordList *list)
{
  guint n = list->n_words;

  list->order = g_new (guint16, n);
  list->lengths = g_new (guint16, n);
  list->chars = g_new (gunichar, n);
  list->starts = g_new (guint16, n + 1);

  for (guint i = 0; i < n; i++)
    {
      tz_char_set_add (&list->first, tz_text_get_char (list->words[i]));
      list->lengths[i] = (guint16) strlen (list->words[i]);
      list->order[i] = (guint16) i;
    }

  /* A stable insertion sort by first character: the lists are short
   * and sorted once. */
  for (guint i = 1; i < n; i++)
    {
      guint16 w = list->order[i];
      gunichar ch = tz_text_get_char (list->words[w]);
      guint j = i;

      for (; j > 0 && tz_text_get_char (list->words[list->order[j - 1]]) > ch; j--)
        list->order[j] = list->order[j - 1];
      list->order[j] = w;
    }

  for (guint k = 0; k < n; k++)
    {
      gunichar ch = tz_text_get_char (list->words[list->order[k]]);

      if (list->n_chars == 0 || list->chars[list->n_chars - 1] != ch)
        {
          list->chars[list->n_chars] = ch;
          list->starts[list->n_chars] = (guint16) k;
          list->n_chars++;
        }
    }
  list->starts[list->n_chars] = (guint16) n;
}

static inline void
tz_word_list_prepare (TzWordList *list)
{
  if (g_once_init_enter (&list->ready))
    {
      tz_word_list_build (list);
      g_once_init_leave (&list->ready, 1);
    }
}

/* Which of the words starts at @p, or -1? The first listed wins. */
static inline int
tz_word_list_find (TzWordList *list,
                   const char *p,
                   const char *end)
{
  gunichar ch;
  guint lo, hi;

  if (p >= end)
    return -1;

  tz_word_list_prepare (list);
  ch = tz_text_get_char (p);
  if (!tz_char_set_has (&list->first, ch))
    return -1;

  lo = 0;
  hi = list->n_chars;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (list->chars[mid] < ch)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == list->n_chars || list->chars[lo] != ch)
    return -1;

  for (guint k = list->starts[lo]; k < list->starts[lo + 1]; k++)
    {
      guint w = list->order[k];

      if (tz_text_has_at (p, end, list->words[w]))
        return (int) w;
    }

  return -1;
}

/* Does one of the words start at @p? The first listed wins. */
static inline gboolean
tz_word_list_match (TzWordList *list,
                    const char *p,
                    const char *end,
                    gsize      *len)
{
  int w = tz_word_list_find (list, p, end);

  if (w < 0)
    return FALSE;
  if (len != NULL)
    *len = list->lengths[w];
  return TRUE;
}

G_END_DECLS
