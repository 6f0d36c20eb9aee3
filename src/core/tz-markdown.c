/* tz-markdown.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-markdown"

#include "config.h"

#include <string.h>

#include "tz-markdown.h"

/* Not a CommonMark renderer: it keeps the words of a report and what the
 * segmenter reads as structure (headlines as "# " lines, paragraphs, one
 * line per table row) and drops the syntax, one line at a time. Where
 * CommonMark and Chinese text disagree it sides with the text: emphasis
 * closes after CJK punctuation ("**“重点”**后"), "~" alone is a range
 * ("3~5万"), not a strikethrough, and "*" between digits is a product. */

#define NO_MATCH G_MAXUINT32

/* Bytes where inline syntax may start, or link text end */
static const guint8 inline_special[256] = {
  ['\\'] = 1, ['`'] = 1, ['!'] = 1, ['['] = 1, [']'] = 1, ['<'] = 1,
  ['*'] = 1, ['_'] = 1, ['~'] = 1,
};

typedef struct
{
  gsize    pos;   /* in the output */
  guint    len;
  char     ch;
  gboolean can_open;
  gboolean can_close;
  gboolean removed;
} Delim;

/* Link text is read in place: at @from (its closing ']'), reading jumps
 * to @to, past the destination. */
typedef struct
{
  gsize from;
  gsize to;
} Jump;

typedef struct
{
  GString  *out;

  /* Scratch for one line of inline text, kept across lines */
  GArray   *delims;  /* of Delim */
  GArray   *openers; /* of guint, indexes into delims */
  GArray   *match;   /* of guint32: closing ']' or ')' for each '[' or '(' */
  GArray   *jumps;   /* of Jump */

  gboolean  pending_break;   /* a blank line is owed before the next line */
  gboolean  in_paragraph;    /* the last line written goes on in the next */
  gboolean  plain_paragraph; /* … as running text, which "===" can underline */
  gsize     para_start;      /* where that paragraph began in the output */
  gboolean  in_table;
  gboolean  in_comment;      /* inside a <!-- --> spanning lines */
  guint     quote_depth;

  gboolean  in_fence;
  char      fence_char;
  gsize     fence_len;
  gsize     fence_indent;
} Md;

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

/* See is_wide() in tz-html.c: characters written without spaces between */
static inline gboolean
is_wide (gunichar c)
{
  return (c >= 0x2E80 && c <= 0xA4CF)
         || (c >= 0xAC00 && c <= 0xD7A3)
         || (c >= 0xF900 && c <= 0xFAFF)
         || (c >= 0xFE30 && c <= 0xFE4F)
         || (c >= 0xFF00 && c <= 0xFFEF)
         || (c >= 0x20000 && c <= 0x3FFFD)
         || (c >= 0x2018 && c <= 0x201F)
         || c == 0x2014 || c == 0x2026;
}

static inline gunichar
char_at (const char *p,
         const char *end)
{
  gunichar c;

  if (p >= end)
    return 0;
  c = g_utf8_get_char_validated (p, end - p);

  return c == (gunichar) -1 || c == (gunichar) -2 ? 0xFFFD : c;
}

static inline gunichar
char_before (const char *start,
             const char *p)
{
  const char *prev;

  if (p <= start)
    return 0;
  prev = g_utf8_find_prev_char (start, p);

  return prev != NULL ? char_at (prev, p) : 0xFFFD;
}

static inline gboolean
is_ascii_digit_char (gunichar c)
{
  return c >= '0' && c <= '9';
}

static inline gboolean
is_space_char (gunichar c)
{
  return c == 0 || g_unichar_isspace (c) || c == 0x3000;
}

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && is_blank (*p))
    p++;

  return p;
}

static const char *
trim_end (const char *start,
          const char *end)
{
  while (end > start && is_blank (end[-1]))
    end--;

  return end;
}

static void
request_break (Md *md)
{
  md->pending_break = TRUE;
  md->in_paragraph = FALSE;
}

/* Pairs '[' with ']' and '(' with ')' across the line in one pass, so that
 * a link is recognized without searching ahead from every bracket. */
static void
match_brackets (Md         *md,
                const char *s,
                gsize       n)
{
  g_autoptr(GArray) squares = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) rounds = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 *match;

  g_array_set_size (md->match, n);
  match = (guint32 *) md->match->data;

  for (gsize i = 0; i < n; i++)
    {
      GArray *stack = NULL;
      guint32 open;

      match[i] = NO_MATCH;
      switch (s[i])
        {
        case '\\':
          if (i + 1 < n)
            match[++i] = NO_MATCH;
          continue;

        case '[':
        case '(':
          open = i;
          g_array_append_val (s[i] == '[' ? squares : rounds, open);
          continue;

        case ']':
          stack = squares;
          break;

        case ')':
          stack = rounds;
          break;

        default:
          continue;
        }

      if (stack->len > 0)
        {
          open = g_array_index (stack, guint32, stack->len - 1);
          g_array_set_size (stack, stack->len - 1);
          match[open] = i;
        }
    }
}

static inline gsize
matching (Md    *md,
          gsize  i)
{
  guint32 m = g_array_index (md->match, guint32, i);

  return m == NO_MATCH ? 0 : m;
}

/* The end of the link or image whose text opens with '[' at @open:
 * "[text](dest)", "[text][ref]" or "[text][]". 0 if it is no link. */
static gsize
link_end (Md         *md,
          const char *s,
          gsize       n,
          gsize       open,
          gsize      *close)
{
  gsize c = matching (md, open);
  gsize e;

  if (c == 0 || c + 1 >= n)
    return 0;
  if (s[c + 1] != '(' && s[c + 1] != '[')
    return 0;

  e = matching (md, c + 1);
  if (e == 0)
    return 0;

  *close = c;

  return e + 1;
}

static gboolean
is_scheme_autolink (const char *p,
                    const char *gt)
{
  const char *q = p;

  if (q >= gt || !g_ascii_isalpha (*q))
    return FALSE;
  while (q < gt && (g_ascii_isalnum (*q) || *q == '+' || *q == '.' || *q == '-'))
    q++;
  if (q == gt || *q != ':' || q - p < 2 || q - p > 32)
    return FALSE;
  for (; q < gt; q++)
    if ((guchar) *q <= ' ' || *q == '<')
      return FALSE;

  return TRUE;
}

static gboolean
is_email_autolink (const char *p,
                   const char *gt)
{
  const char *at;

  if (gt <= p)
    return FALSE;
  at = memchr (p, '@', gt - p);
  if (at == NULL || at == p || at + 1 == gt)
    return FALSE;
  for (const char *q = p; q < gt; q++)
    if ((guchar) *q <= ' ' || (guchar) *q >= 0x80 || *q == '<' || *q == '\\')
      return FALSE;

  return TRUE;
}

/* Whether "<…>" from @p to @gt is an HTML tag: <name attrs>, </name>. */
static gboolean
is_html_tag (const char *p,
             const char *gt)
{
  const char *q = p + 1;

  if (q < gt && *q == '/')
    q++;
  if (q >= gt || !g_ascii_isalpha (*q))
    return FALSE;
  while (q < gt && (g_ascii_isalnum (*q) || *q == '-' || *q == ':'))
    q++;
  if (q < gt && !is_blank (*q) && *q != '/')
    return FALSE;

  return memchr (p + 1, '<', gt - p - 1) == NULL;
}

/* Removes the emphasis markers that pair up, then squeezes them out of
 * the text written since @base. Markers are paired per character with a
 * stack each, so crossed pairs ("*a _b* c_") cost nothing extra. */
static void
resolve_emphasis (Md   *md,
                  gsize base)
{
  static const char chars[] = "*_~";
  GString *out = md->out;
  gsize o;
  gsize from;

  if (md->delims->len == 0)
    return;

  for (guint k = 0; k < 3; k++)
    {
      g_array_set_size (md->openers, 0);

      for (guint i = 0; i < md->delims->len; i++)
        {
          Delim *d = &g_array_index (md->delims, Delim, i);

          if (d->ch != chars[k])
            continue;

          if (d->can_close && md->openers->len > 0)
            {
              guint j = g_array_index (md->openers, guint, md->openers->len - 1);

              g_array_set_size (md->openers, md->openers->len - 1);
              g_array_index (md->delims, Delim, j).removed = TRUE;
              d->removed = TRUE;
            }
          else if (d->can_open)
            g_array_append_val (md->openers, i);
        }
    }

  o = from = base;
  for (guint i = 0; i < md->delims->len; i++)
    {
      Delim *d = &g_array_index (md->delims, Delim, i);

      if (!d->removed)
        continue;
      memmove (out->str + o, out->str + from, d->pos - from);
      o += d->pos - from;
      from = d->pos + d->len;
    }
  memmove (out->str + o, out->str + from, out->len - from);
  g_string_truncate (out, o + out->len - from);
}

/* Writes the text of inline Markdown: code spans and escapes literally,
 * link text without its destination, images and autolinks not at all,
 * HTML tags without the tags, emphasis without its markers. */
static void
inline_to_text (Md         *md,
                const char *s,
                gsize       n)
{
  GString *out = md->out;
  gsize base = out->len;
  const char *end = s + n;
  const char *gt = NULL;    /* the next '>' at or after i, cached */
  gboolean no_gt = FALSE;
  guint32 no_closer = 0;    /* backtick run lengths known to have none */
  gsize i = 0;

  g_array_set_size (md->delims, 0);
  g_array_set_size (md->jumps, 0);
  if (memchr (s, '[', n) != NULL)
    match_brackets (md, s, n);

  while (i < n)
    {
      char c;

      while (md->jumps->len > 0)
        {
          Jump *jump = &g_array_index (md->jumps, Jump, md->jumps->len - 1);

          /* A code span may have swallowed a link's ']' */
          if (i < jump->from)
            break;
          if (i == jump->from)
            i = jump->to;
          g_array_set_size (md->jumps, md->jumps->len - 1);
        }
      if (i >= n)
        break;

      c = s[i];
      switch (c)
        {
        case '\\':
          if (i + 1 < n && g_ascii_ispunct (s[i + 1]))
            {
              g_string_append_c (out, s[i + 1]);
              i += 2;
            }
          else
            {
              /* A backslash at the end is a hard line break */
              if (i + 1 < n)
                g_string_append_c (out, '\\');
              i++;
            }
          continue;

        case '`':
          {
            gsize k = 1;
            const char *p;
            const char *close = NULL;

            while (i + k < n && s[i + k] == '`')
              k++;

            /* A search that failed for a run length fails again later */
            if (k >= 32 || (no_closer & (1u << k)) == 0)
              {
                for (p = s + i + k; p < end; )
                  {
                    const char *q = memchr (p, '`', end - p);
                    gsize r = 1;

                    if (q == NULL)
                      break;
                    while (q + r < end && q[r] == '`')
                      r++;
                    if (r == k)
                      {
                        close = q;
                        break;
                      }
                    p = q + r;
                  }
                if (close == NULL && k < 32)
                  no_closer |= 1u << k;
              }

            if (close == NULL)
              {
                g_string_append_len (out, s + i, k);
                i += k;
              }
            else
              {
                const char *a = s + i + k;
                const char *b = close;

                /* "`` `x` ``": one space each side is padding */
                if (b - a >= 2 && a[0] == ' ' && b[-1] == ' ')
                  {
                    a++;
                    b--;
                  }
                g_string_append_len (out, a, b - a);
                i = close + k - s;
              }
          }
          continue;

        case '!':
          if (i + 1 < n && s[i + 1] == '[')
            {
              gsize close;
              gsize e = link_end (md, s, n, i + 1, &close);

              /* An image says nothing a report's figures need */
              if (e != 0)
                {
                  i = e;
                  continue;
                }
            }
          break;

        case '[':
          {
            gsize close = matching (md, i);
            gsize e;

            /* A footnote reference, [^1] */
            if (close > i + 1 && s[i + 1] == '^')
              {
                i = close + 1;
                continue;
              }

            e = link_end (md, s, n, i, &close);
            if (e != 0)
              {
                Jump jump = { close, e };

                g_array_append_val (md->jumps, jump);
                i++;
                continue;
              }
          }
          break;

        case '<':
          if (!no_gt && (gt == NULL || gt < s + i))
            {
              gt = memchr (s + i, '>', n - i);
              no_gt = gt == NULL;
            }
          if (i + 3 < n && memcmp (s + i, "<!--", 4) == 0)
            {
              const char *close = g_strstr_len (s + i + 4, n - i - 4, "-->");

              if (close == NULL)
                {
                  md->in_comment = TRUE;
                  i = n;
                }
              else
                i = close + 3 - s;
              continue;
            }
          if (gt != NULL
              && (is_scheme_autolink (s + i + 1, gt)
                  || is_email_autolink (s + i + 1, gt)
                  || is_html_tag (s + i, gt)))
            {
              i = gt + 1 - s;
              continue;
            }
          break;

        case '*':
        case '_':
        case '~':
          {
            gsize k = 1;
            gunichar prev;
            gunichar next;
            Delim d = { out->len, 0, c, FALSE, FALSE, FALSE };

            while (i + k < n && s[i + k] == c)
              k++;

            prev = char_before (s, s + i);
            next = char_at (s + i + k, end);
            d.len = k;
            d.can_open = !is_space_char (next);
            d.can_close = !is_space_char (prev);

            /* 3*4 is a product, 3~5 a range, snake_case a name. Unlike
             * CommonMark, CJK around '_' is not "inside a word": Chinese
             * has no spaces to put around __粗体__. */
            if ((is_ascii_digit_char (prev) && is_ascii_digit_char (next))
                || (c == '~' && k != 2)
                || (c == '_' && prev < 0x80 && next < 0x80
                    && g_ascii_isalnum (prev) && g_ascii_isalnum (next)))
              d.can_open = d.can_close = FALSE;

            if (d.can_open || d.can_close)
              g_array_append_val (md->delims, d);
            g_string_append_len (out, s + i, k);
            i += k;
          }
          continue;

        default:
          {
            gsize j = i + 1;

            /* Copy ordinary text in one go */
            while (j < n && !inline_special[(guchar) s[j]])
              j++;
            g_string_append_len (out, s + i, j - i);
            i = j;
          }
          continue;
        }

      g_string_append_c (out, c);
      i++;
    }

  resolve_emphasis (md, base);
}

/* Writes one line of output: @prefix, then the inline text of @s. Returns
 * where the line begins, or -1 if it came out empty and was not written. */
static gssize
emit_inline (Md         *md,
             const char *prefix,
             const char *s,
             const char *end)
{
  GString *out = md->out;
  gsize mark = out->len;
  gsize line_start;
  gsize content;
  gsize lead = 0;

  if (out->len > 0)
    g_string_append (out, md->pending_break ? "\n\n" : "\n");
  line_start = out->len;
  if (prefix != NULL)
    g_string_append (out, prefix);
  content = out->len;

  inline_to_text (md, s, end - s);

  /* Tags and links may leave blanks at either end */
  while (content + lead < out->len && is_blank (out->str[content + lead]))
    lead++;
  if (lead > 0)
    g_string_erase (out, content, lead);
  while (out->len > content && is_blank (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);

  if (out->len == content)
    {
      g_string_truncate (out, mark);
      return -1;
    }

  md->pending_break = FALSE;

  return line_start;
}

static void
emit_verbatim (Md         *md,
               const char *s,
               const char *end)
{
  end = trim_end (s, end);
  if (end == s)
    {
      md->pending_break = TRUE;
      return;
    }

  if (md->out->len > 0)
    g_string_append (md->out, md->pending_break ? "\n\n" : "\n");
  g_string_append_len (md->out, s, end - s);
  md->pending_break = FALSE;
}

/* ```lang or ~~~ with up to three spaces before it */
static gboolean
is_fence (const char *p,
          const char *end,
          char       *fence_char,
          gsize      *fence_len)
{
  gsize k = 0;

  if (p == end || (*p != '`' && *p != '~'))
    return FALSE;
  while (p + k < end && p[k] == *p)
    k++;
  if (k < 3)
    return FALSE;
  if (*p == '`' && memchr (p + k, '`', end - p - k) != NULL)
    return FALSE;

  *fence_char = *p;
  *fence_len = k;

  return TRUE;
}

static gboolean
is_closing_fence (Md         *md,
                  const char *p,
                  const char *end)
{
  const char *q = skip_blanks (p, end);
  gsize k = 0;

  if (q - p > 3)
    return FALSE;
  while (q + k < end && q[k] == md->fence_char)
    k++;

  return k >= md->fence_len && skip_blanks (q + k, end) == end;
}

/* "***", "- - -", "___" */
static gboolean
is_thematic_break (const char *p,
                   const char *end)
{
  char c = *p;
  guint n = 0;

  if (c != '-' && c != '*' && c != '_')
    return FALSE;
  for (; p < end; p++)
    {
      if (*p == c)
        n++;
      else if (!is_blank (*p))
        return FALSE;
    }

  return n >= 3;
}

/* "===" or "---" under a paragraph: 1 or 2, else 0 */
static guint
setext_level (const char *p,
              const char *end)
{
  char c = *p;

  if (c != '=' && c != '-')
    return 0;
  while (p < end && *p == c)
    p++;

  return skip_blanks (p, end) == end ? (c == '=' ? 1 : 2) : 0;
}

/* Turns the paragraph just written into a headline: "# " before it, and
 * its lines joined (without a space between CJK characters). */
static void
make_setext_heading (Md    *md,
                     guint  level)
{
  GString *out = md->out;
  gsize o = md->para_start;

  for (gsize i = md->para_start; i < out->len; i++)
    {
      if (out->str[i] != '\n')
        {
          out->str[o++] = out->str[i];
          continue;
        }
      if (!(is_wide (char_before (out->str, out->str + o))
            && is_wide (char_at (out->str + i + 1, out->str + out->len))))
        out->str[o++] = ' ';
    }
  g_string_truncate (out, o);
  g_string_insert (out, md->para_start, level == 1 ? "# " : "## ");
}

static gboolean
is_delimiter_row (const char *p,
                  const char *end)
{
  gboolean pipe = FALSE;
  gboolean dash = FALSE;

  end = trim_end (p, end);
  for (p = skip_blanks (p, end); p < end; p++)
    {
      switch (*p)
        {
        case '|':
          pipe = TRUE;
          break;
        case '-':
          dash = TRUE;
          break;
        case ':':
        case ' ':
        case '\t':
          break;
        default:
          return FALSE;
        }
    }

  return pipe && dash;
}

static const char *
find_pipe (const char *p,
           const char *end)
{
  for (; p < end; p++)
    {
      if (*p == '\\' && p + 1 < end)
        p++;
      else if (*p == '|')
        return p;
    }

  return NULL;
}

/* One table row as one line, its cells joined by a space */
static void
emit_row (Md         *md,
          const char *p,
          const char *end)
{
  GString *out = md->out;
  gsize mark = out->len;
  gsize content;

  end = trim_end (p, end);
  p = skip_blanks (p, end);
  if (p < end && *p == '|')
    p++;
  if (end > p && end[-1] == '|' && !(end - p >= 2 && end[-2] == '\\'))
    end--;

  if (out->len > 0)
    g_string_append (out, md->pending_break ? "\n\n" : "\n");
  content = out->len;

  while (p <= end)
    {
      const char *bar = find_pipe (p, end);
      const char *cell_start = skip_blanks (p, bar != NULL ? bar : end);
      const char *cell_end = trim_end (cell_start, bar != NULL ? bar : end);
      gsize before = out->len;
      gsize cell;

      if (out->len > content)
        g_string_append_c (out, ' ');
      cell = out->len;
      inline_to_text (md, cell_start, cell_end - cell_start);
      while (out->len > cell && is_blank (out->str[out->len - 1]))
        g_string_truncate (out, out->len - 1);
      if (out->len == cell)
        g_string_truncate (out, before);

      if (bar == NULL)
        break;
      p = bar + 1;
    }

  if (out->len == content)
    g_string_truncate (out, mark);
  else
    md->pending_break = FALSE;
}

/* "- ", "* ", "+ ", "1. ", "1) ": where the item's text starts, or NULL */
static const char *
list_item_text (const char *p,
                const char *end)
{
  const char *q = p;

  if (*q == '-' || *q == '*' || *q == '+')
    q++;
  else
    {
      while (q < end && q - p < 9 && g_ascii_isdigit (*q))
        q++;
      if (q == p || q == end || (*q != '.' && *q != ')'))
        return NULL;
      q++;
    }

  if (q < end && !is_blank (*q))
    return NULL;
  q = skip_blanks (q, end);

  /* A task list box, "- [ ] " or "- [x] " */
  if (end - q >= 3 && q[0] == '[' && q[2] == ']'
      && (q[1] == ' ' || q[1] == 'x' || q[1] == 'X')
      && (end - q == 3 || is_blank (q[3])))
    q = skip_blanks (q + 3, end);

  return q;
}

/* "[label]: destination" lines only define links; "[^1]: text" is a
 * footnote and is text. A "destination" with CJK in it is a sentence that
 * happens to start with a bracket ("[1]: 数据来源…"), so it stays. */
static gboolean
is_link_definition (const char *p,
                    const char *end)
{
  const char *close;
  const char *dest;

  if (p + 1 >= end || p[1] == '^')
    return FALSE;
  close = memchr (p, ']', end - p);
  if (close == NULL || close == p + 1 || close + 1 >= end || close[1] != ':')
    return FALSE;

  dest = skip_blanks (close + 2, end);
  if (dest == end)
    return FALSE;
  for (const char *q = dest; q < end && !is_blank (*q); q = g_utf8_next_char (q))
    if (is_wide (char_at (q, end)))
      return FALSE;

  return TRUE;
}

static void
emit_paragraph_line (Md         *md,
                     const char *p,
                     const char *end)
{
  gssize start = emit_inline (md, NULL, p, end);

  if (start < 0)
    return;

  if (!md->in_paragraph)
    {
      md->in_paragraph = TRUE;
      md->plain_paragraph = TRUE;
      md->para_start = start;
    }
}

static void
process_line (Md         *md,
              const char *line,
              const char *end,
              const char *next,
              const char *next_end)
{
  const char *p = line;
  const char *q;
  const char *text;
  guint depth = 0;
  gsize indent;
  guint level;

  if (md->in_comment)
    {
      const char *close = g_strstr_len (p, end - p, "-->");

      if (close == NULL)
        return;
      md->in_comment = FALSE;
      p = close + 3;
    }

  if (md->in_fence)
    {
      if (is_closing_fence (md, p, end))
        {
          md->in_fence = FALSE;
          request_break (md);
          return;
        }
      for (gsize k = 0; k < md->fence_indent && p < end && *p == ' '; k++)
        p++;
      emit_verbatim (md, p, end);
      return;
    }

  /* Block quote markers, however deep */
  for (;;)
    {
      q = skip_blanks (p, end);
      if (q - p > 3 || q == end || *q != '>')
        break;
      depth++;
      p = q + 1;
      if (p < end && is_blank (*p))
        p++;
    }
  if (depth != md->quote_depth)
    {
      request_break (md);
      md->quote_depth = depth;
      md->in_table = FALSE;
    }

  q = skip_blanks (p, end);
  indent = q - p;
  end = trim_end (q, end);

  if (q == end)
    {
      request_break (md);
      md->in_table = FALSE;
      return;
    }

  if (indent <= 3 && is_fence (q, end, &md->fence_char, &md->fence_len))
    {
      md->in_fence = TRUE;
      md->fence_indent = indent;
      request_break (md);
      return;
    }

  if (indent <= 3 && md->in_paragraph && md->plain_paragraph
      && (level = setext_level (q, end)) != 0)
    {
      make_setext_heading (md, level);
      request_break (md);
      return;
    }

  if (indent <= 3 && is_thematic_break (q, end))
    {
      request_break (md);
      md->in_table = FALSE;
      return;
    }

  if (indent <= 3 && *q == '#')
    {
      const char *h = q;
      const char *t;

      while (h < end && *h == '#')
        h++;
      level = h - q;
      if (level <= 6 && (h == end || is_blank (*h)))
        {
          h = skip_blanks (h, end);

          /* A closing run of '#' after a space is decoration */
          for (t = end; t > h && t[-1] == '#'; t--)
            ;
          if (t == h)
            end = h;
          else if (is_blank (t[-1]))
            end = trim_end (h, t);

          request_break (md);
          emit_inline (md, level == 1 ? "# " : level == 2 ? "## " : "### ", h, end);
          request_break (md);
          md->in_table = FALSE;
          return;
        }
    }

  if (indent <= 3 && *q == '[')
    {
      if (is_link_definition (q, end))
        return;

      if (q + 1 < end && q[1] == '^')
        {
          const char *close = memchr (q, ']', end - q);

          if (close != NULL && close + 1 < end && close[1] == ':')
            {
              request_break (md);
              emit_inline (md, NULL, skip_blanks (close + 2, end), end);
              request_break (md);
              return;
            }
        }
    }

  if (find_pipe (q, end) != NULL
      && (md->in_table
          || (next != NULL && is_delimiter_row (next, next_end))
          || (*q == '|' && end[-1] == '|' && end - q >= 2)))
    {
      if (!md->in_table)
        {
          request_break (md);
          md->in_table = TRUE;
        }
      if (!is_delimiter_row (q, end))
        emit_row (md, q, end);
      md->in_paragraph = FALSE;
      return;
    }
  if (md->in_table)
    {
      request_break (md);
      md->in_table = FALSE;
    }

  text = list_item_text (q, end);
  if (text != NULL)
    {
      request_break (md);
      if (emit_inline (md, NULL, text, end) >= 0)
        {
          md->in_paragraph = TRUE;
          md->plain_paragraph = FALSE;
        }
      return;
    }

  emit_paragraph_line (md, q, end);
}

/* The end of a "---" … "---" block of YAML front matter at the start, or
 * @text if there is none. */
static const char *
skip_front_matter (const char *text,
                   const char *end)
{
  const char *p;

  if (end - text < 4 || memcmp (text, "---", 3) != 0
      || (text[3] != '\n' && text[3] != '\r'))
    return text;

  for (p = memchr (text, '\n', end - text); p != NULL && p + 1 < end;
       p = memchr (p + 1, '\n', end - p - 1))
    {
      const char *line = p + 1;
      const char *eol = memchr (line, '\n', end - line);
      const char *line_end = trim_end (line, eol != NULL ? eol : end);

      if (line_end > line && line_end[-1] == '\r')
        line_end--;
      if (line_end - line == 3
          && (memcmp (line, "---", 3) == 0 || memcmp (line, "...", 3) == 0))
        return eol != NULL ? eol + 1 : end;
    }

  return text;
}

static inline const char *
line_end_of (const char *line,
             const char *end,
             const char **next)
{
  const char *eol = memchr (line, '\n', end - line);
  const char *line_end = eol != NULL ? eol : end;

  *next = eol != NULL ? eol + 1 : end;
  if (line_end > line && line_end[-1] == '\r')
    line_end--;

  return line_end;
}

/**
 * tz_markdown_to_text:
 * @utf8_text: a Markdown report, decoded (see tz_decode_text())
 * @len: its length in bytes, or -1 if it ends with a NUL
 *
 * Strips Markdown syntax from a report and keeps its text and the
 * structure the extractor reads: headlines as "# " (h1), "## " (h2) and
 * "### " (deeper) lines, paragraphs separated by blank lines, list items
 * as paragraphs, table rows as lines of space-separated cells, code
 * blocks as plain lines. Link text stays; destinations, images,
 * autolinks, link definitions, HTML tags and rules go.
 *
 * Returns: (transfer full): the text, ending in a newline unless empty
 */
char *
tz_markdown_to_text (const char *utf8_text,
                     gssize      len)
{
  Md md = { 0, };
  const char *end;
  const char *line;

  g_return_val_if_fail (utf8_text != NULL || len == 0, NULL);

  if (len < 0)
    len = strlen (utf8_text);
  if (len == 0)
    return g_strdup ("");
  end = utf8_text + len;

  md.out = g_string_sized_new (len + 1);
  md.delims = g_array_new (FALSE, FALSE, sizeof (Delim));
  md.openers = g_array_new (FALSE, FALSE, sizeof (guint));
  md.match = g_array_new (FALSE, FALSE, sizeof (guint32));
  md.jumps = g_array_new (FALSE, FALSE, sizeof (Jump));

  line = skip_front_matter (utf8_text, end);
  while (line < end)
    {
      const char *next;
      const char *line_end = line_end_of (line, end, &next);
      const char *next_end = NULL;
      const char *after_next;

      /* Only a table needs to see ahead, one line */
      if (next < end)
        next_end = line_end_of (next, end, &after_next);

      process_line (&md, line, line_end, next < end ? next : NULL, next_end);
      line = next;
    }

  if (md.out->len > 0)
    g_string_append_c (md.out, '\n');

  g_array_unref (md.delims);
  g_array_unref (md.openers);
  g_array_unref (md.match);
  g_array_unref (md.jumps);

  return g_string_free (md.out, FALSE);
}
