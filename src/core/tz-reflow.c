/* tz-reflow.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-reflow"

#include "config.h"

#include <string.h>

#include "tz-numeral.h"
#include "tz-reflow.h"
#include "tz-text-private.h"

/* Paragraphs shorter than this may legitimately repeat (a subheading used
 * twice, "据介绍"), so only longer ones count as layout duplicates. */
#define MIN_DUPLICATE_CHARS 20

/* A paragraph this long that stops without punctuation was cut by the page. */
#define LONG_PARAGRAPH_CHARS 40

/* Headlines are short lines; longer ones are running text. */
#define MAX_HEADLINE_CHARS 40

typedef struct
{
  GString *text;
  GArray  *breaks; /* of gsize: where in @text pages start, or NULL */
  guint    dropped : 1;
  guint    terminated : 1;
} Para;

gsize
tz_utf8_count_chars (const char *text,
                     gsize       len)
{
  return tz_text_count_chars (text, len);
}

static gboolean
is_sentence_final (gunichar ch)
{
  switch (ch)
    {
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0xFF1B: /* ； */
    case 0x2026: /* … */
    case '!':
    case '?':
    case ';':
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
is_closing_mark (gunichar ch)
{
  switch (ch)
    {
    case 0x201D: /* ” */
    case 0x2019: /* ’ */
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
    case 0x300B: /* 》 */
    case 0x3011: /* 】 */
    case 0xFF09: /* ） */
    case ')':
    case '"':
      return TRUE;

    default:
      return FALSE;
    }
}

/* Does this paragraph end where a sentence ends ("…。", "…。”", "…——")? */
gboolean
tz_text_ends_sentence (const char *text,
                       gsize       len)
{
  const char *end = text + len;
  const char *p = end;

  while (p > text)
    {
      gunichar ch;

      p = tz_text_prev (text, p);
      if (p == NULL)
        return FALSE;
      ch = tz_text_get_char (p);

      if (ch == ' ' || ch == '\t')
        continue;
      if (is_sentence_final (ch))
        return TRUE;
      /* A kicker line ends with a dash: "……提升职工生活品质——". */
      if (ch == 0x2014 || ch == 0x2015)
        return TRUE;
      if (is_closing_mark (ch))
        continue;
      return FALSE;
    }

  return FALSE;
}

static gboolean
has_comma (const char *text,
           gsize       len)
{
  return memchr (text, ',', len) != NULL ||
         g_strstr_len (text, len, "\xef\xbc\x8c") != NULL; /* ， */
}

static gboolean
has_inner_stop (const char *text,
                gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar ch = tz_text_get_char (p);

      if (ch == 0x3002 || ch == 0xFF1F || ch == 0xFF1B || ch == '?' || ch == ';')
        return TRUE;
    }

  return FALSE;
}

/* Characters after which a Chinese sentence cannot stop: punctuation that
 * opens or continues, and the commonest function words. */
static gboolean
ends_with_continuation (const char *text,
                        gsize       len)
{
  const char *last;
  gunichar ch;

  if (len == 0)
    return FALSE;

  last = tz_text_prev (text, text + len);
  if (last == NULL)
    return FALSE;
  ch = tz_text_get_char (last);

  switch (ch)
    {
    case ',':
    case ':':
    case '(':
    case 0xFF0C: /* ， */
    case 0x3001: /* 、 */
    case 0xFF1A: /* ： */
    case 0x201C: /* “ */
    case 0x300A: /* 《 */
    case 0xFF08: /* （ */
    case 0x7684: /* 的 */
    case 0x4E86: /* 了 */
    case 0x548C: /* 和 */
    case 0x4E0E: /* 与 */
    case 0x53CA: /* 及 */
    case 0x5728: /* 在 */
    case 0x5C06: /* 将 */
    case 0x628A: /* 把 */
    case 0x88AB: /* 被 */
    case 0x5BF9: /* 对 */
    case 0x4ECE: /* 从 */
    case 0x5411: /* 向 */
    case 0x5E76: /* 并 */
    case 0x800C: /* 而 */
    case 0x6216: /* 或 */
    case 0x4E4B: /* 之 */
    case 0x5176: /* 其 */
    case 0x8FBE: /* 达 */
    case 0x4E3A: /* 为 */
      return TRUE;

    default:
      return FALSE;
    }
}

/* Short, no sentence punctuation, not cut off after a comma: a headline,
 * a subheading, a byline or a label, never the middle of running text. */
gboolean
tz_text_is_headline_like (const char *text,
                          gsize       len)
{
  if (len == 0)
    return FALSE;
  if (tz_text_longer_than (text, len, MAX_HEADLINE_CHARS))
    return FALSE;
  if (has_inner_stop (text, len))
    return FALSE;
  if (ends_with_continuation (text, len))
    return FALSE;
  return TRUE;
}

static gboolean
is_structural_line (const char *text,
                    gsize       len)
{
  /* Labels, bylines, Markdown headings and photo credits start blocks. */
  if (g_str_has_prefix (text, "\xe3\x80\x90") /* 【 */ || text[0] == '#')
    return TRUE;
  if (g_str_has_prefix (text, "本报") || g_str_has_prefix (text, "记者") ||
      g_str_has_prefix (text, "通讯员") || g_str_has_prefix (text, "小编说"))
    return TRUE;
  return tz_text_is_headline_like (text, len);
}

/* 达到59.1%。…: no paragraph opens with the verb that links a figure to
 * what it counts; the one before broke off at its topic. */
static gboolean
opens_with_link (const Para *para)
{
  static const char * const links[] = {
    "达到", "达", "增至", "增加到", "提高到", "提升到", "稳定在", "保持在", "超过", "突破",
  };
  const char *s = para->text->str;
  const char *end = s + para->text->len;

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      const char *after = s + strlen (links[i]);

      if (tz_text_has_at (s, end, links[i]))
        return after < end && tz_numeral_char_is_start (tz_text_get_char (after));
    }

  return FALSE;
}

static gboolean
continues_into_next (Para       *para,
                     const Para *next)
{
  const char *s = para->text->str;
  gsize len = para->text->len;

  if (para->terminated)
    return FALSE;
  if (s[0] == '#')
    return FALSE;
  /* A column label such as 【主席之声】 stands alone; a byline in brackets
   * followed by the story's first words does not. */
  if (g_str_has_prefix (s, "\xe3\x80\x90") && g_str_has_suffix (s, "\xe3\x80\x91"))
    return FALSE;

  /* Running text cut by the layout: long, or already holding sentences or
   * clauses, or stopped right after a comma or a function word. */
  return tz_text_longer_than (s, len, LONG_PARAGRAPH_CHARS - 1) ||
         has_inner_stop (s, len) ||
         has_comma (s, len) ||
         ends_with_continuation (s, len) ||
         opens_with_link (next);
}

static void
add_breaks (GArray **breaks,
            gsize    offset,
            guint    n)
{
  if (n > 0 && *breaks == NULL)
    *breaks = g_array_new (FALSE, FALSE, sizeof (gsize));
  for (guint i = 0; i < n; i++)
    g_array_append_val (*breaks, offset);
}

/* Page breaks before a line belong to it; those after the last line are
 * counted in @n_trailing. */
static GPtrArray *
split_paragraphs (const char *text,
                  gsize       len,
                  guint      *n_trailing)
{
  GPtrArray *paras = g_ptr_array_new ();
  const char *end = text + len;
  const char *line = text;
  guint pending = 0;

  while (line < end)
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *line_end = nl ? nl : end;
      const char *start = line;
      const char *stop = line_end;

      while (start < stop && (*start == ' ' || *start == '\t'))
        start++;
      while (stop > start && (stop[-1] == ' ' || stop[-1] == '\t'))
        stop--;

      /* Blank lines, half of a report's, need no string. */
      if (stop - start == 1 && *start == TZ_PAGE_BREAK[0])
        pending++;
      else if (stop > start)
        {
          Para *para = g_new0 (Para, 1);

          para->text = g_string_new_len (start, stop - start);
          para->terminated = tz_text_ends_sentence (para->text->str, para->text->len);
          add_breaks (&para->breaks, 0, pending);
          pending = 0;
          g_ptr_array_add (paras, para);
        }

      line = nl ? nl + 1 : end;
    }

  *n_trailing = pending;
  return paras;
}

static GPtrArray *
join_broken (GPtrArray *paras)
{
  GPtrArray *joined = g_ptr_array_sized_new (paras->len);
  Para *current = NULL;

  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = g_ptr_array_index (paras, i);

      /* A sentence that runs on to the next page is joined too: the
       * page starts inside the joined paragraph. */
      if (current != NULL &&
          continues_into_next (current, para) &&
          !is_structural_line (para->text->str, para->text->len))
        {
          for (guint b = 0; para->breaks != NULL && b < para->breaks->len; b++)
            add_breaks (&current->breaks,
                        current->text->len + g_array_index (para->breaks, gsize, b), 1);
          g_string_append_len (current->text, para->text->str, para->text->len);
          current->terminated = para->terminated;
          g_clear_pointer (&para->breaks, g_array_unref);
          g_string_free (para->text, TRUE);
          g_free (para);
          continue;
        }

      g_ptr_array_add (joined, para);
      current = para;
    }

  return joined;
}

/* A repeated paragraph is kept once, at its first place. When the first
 * copy is a fragment that the layout cut short and a later copy goes on
 * where it stopped, the later, complete copy is the one to keep. */
/* A quick hash of @len bytes, eight at a time: paragraphs are hashed once
 * each and g_str_hash() would walk them byte by byte, twice. */
static guint
hash_bytes (const char *s,
            gsize       len)
{
  guint64 h = 0x9E3779B97F4A7C15ull ^ len;
  gsize i = 0;

  for (; i + 8 <= len; i += 8)
    {
      guint64 w;

      memcpy (&w, s + i, 8);
      h = (h ^ w) * 0xFF51AFD7ED558CCDull;
      h ^= h >> 32;
    }
  for (; i < len; i++)
    h = (h ^ (guchar)s[i]) * 0x100000001B3ull;

  return (guint)(h ^ (h >> 29));
}

typedef struct
{
  const char *text;
  gsize       len;
  guint       hash;
} Key;

static guint
key_hash (gconstpointer data)
{
  return ((const Key *)data)->hash;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  const Key *ka = a, *kb = b;

  return ka->len == kb->len && memcmp (ka->text, kb->text, ka->len) == 0;
}

/* The first MIN_DUPLICATE_CHARS characters: a fragment and the complete
 * copy that continues it share them. */
static gsize
prefix_len (const char *s,
            gsize       len)
{
  const char *p = s;
  const char *end = s + len;

  for (guint n = 0; n < MIN_DUPLICATE_CHARS && p < end; n++)
    p = g_utf8_next_char (p);

  return p - s;
}

static void
drop_duplicates (GPtrArray *paras)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (key_hash, key_equal);
  g_autoptr(GHashTable) fragments = g_hash_table_new (key_hash, key_equal);
  g_autofree Key *keys = g_new (Key, 2 * paras->len);

  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = g_ptr_array_index (paras, i);
      const char *s = para->text->str;
      gsize len = para->text->len;
      Key *whole = &keys[2 * i];
      Key *prefix = &keys[2 * i + 1];
      Para *fragment;

      if (!tz_text_longer_than (s, len, MIN_DUPLICATE_CHARS - 1))
        continue;

      whole->text = s;
      whole->len = len;
      whole->hash = hash_bytes (s, len);
      if (!g_hash_table_add (seen, whole))
        {
          para->dropped = TRUE;
          continue;
        }

      prefix->text = s;
      prefix->len = prefix_len (s, len);
      prefix->hash = hash_bytes (s, prefix->len);
      fragment = g_hash_table_lookup (fragments, prefix);
      if (fragment != NULL &&
          len > fragment->text->len &&
          memcmp (s, fragment->text->str, fragment->text->len) == 0)
        {
          fragment->dropped = TRUE;
          g_hash_table_remove (fragments, prefix);
        }

      if (!para->terminated && !g_hash_table_contains (fragments, prefix))
        g_hash_table_insert (fragments, prefix, para);
    }
}

TzReflow *
tz_reflow_new (const char *normalized,
               gssize      len)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) paras = NULL;
  TzReflow *reflow;
  GString *out;
  guint trailing = 0;
  guint carried = 0;

  g_return_val_if_fail (normalized != NULL, NULL);

  if (len < 0)
    len = strlen (normalized);

  lines = split_paragraphs (normalized, len, &trailing);
  paras = join_broken (lines);
  drop_duplicates (paras);

  reflow = g_new0 (TzReflow, 1);
  reflow->paragraphs = g_array_new (FALSE, FALSE, sizeof (TzParagraph));
  out = g_string_sized_new (len + 1);

  for (guint i = 0; i < paras->len; i++)
    {
      Para *para = g_ptr_array_index (paras, i);

      if (!para->dropped)
        {
          TzParagraph p;

          if (out->len > 0)
            g_string_append_c (out, '\n');
          p.start = out->len;
          g_string_append_len (out, para->text->str, para->text->len);
          p.end = out->len;
          g_array_append_val (reflow->paragraphs, p);

          /* A page that started in a dropped copy starts here instead. */
          add_breaks (&reflow->pages, p.start, carried);
          carried = 0;
          for (guint b = 0; para->breaks != NULL && b < para->breaks->len; b++)
            add_breaks (&reflow->pages, p.start + g_array_index (para->breaks, gsize, b), 1);
        }
      else if (para->breaks != NULL)
        carried += para->breaks->len;

      g_clear_pointer (&para->breaks, g_array_unref);
      g_string_free (para->text, TRUE);
      g_free (para);
    }
  add_breaks (&reflow->pages, out->len, carried + trailing);

  reflow->len = out->len;
  reflow->text = g_string_free (out, FALSE);

  return reflow;
}

void
tz_reflow_free (TzReflow *reflow)
{
  if (reflow == NULL)
    return;

  g_free (reflow->text);
  g_array_unref (reflow->paragraphs);
  g_clear_pointer (&reflow->pages, g_array_unref);
  g_free (reflow);
}
