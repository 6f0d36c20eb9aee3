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

G_END_DECLS
