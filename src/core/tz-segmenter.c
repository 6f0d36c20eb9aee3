/* tz-segmenter.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-segmenter"

#include "config.h"

#include <string.h>

#include "tz-text-private.h"
#include "tz-segmenter.h"

#define LBRACKET "\xe3\x80\x90" /* 【 */
#define RBRACKET "\xe3\x80\x91" /* 】 */

/* A byline states who wrote the story before its first sentence; it is
 * never longer than this many characters. */
#define MAX_BYLINE_CHARS 40

static gboolean
is_break_punct (gunichar ch)
{
  switch (ch)
    {
    case 0xFF0C: /* ， */
    case 0x3002: /* 。 */
    case 0xFF1B: /* ； */
    case 0xFF1A: /* ： */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case 0x201C: /* “ */
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
span_has_break_punct (const char *text,
                      gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    if (is_break_punct (tz_text_get_char (p)))
      return TRUE;

  return FALSE;
}

static gboolean
mentions_reporter (const char *text,
                   gsize       len)
{
  return tz_text_find (text, len, "记者") != NULL ||
         tz_text_find (text, len, "通讯员") != NULL ||
         tz_text_find (text, len, "本报") != NULL;
}

/* Where a byline starts and ends inside @text, a paragraph: 【本报南通记者
 * 黄某通讯员顾某】, 本报讯 通讯员王某报道, 记者杜某 通讯员项某报道, or a
 * whole short line such as 本报记者 李某 本报通讯员 吕某. */
gboolean
tz_find_byline (const char *text,
                gsize       len,
                gsize      *byline_start,
                gsize      *byline_end)
{
  const char *reported;
  gsize limit;

  if (tz_text_has_at (text, text + len, LBRACKET))
    {
      const char *close = tz_text_find (text, MIN (len, 3 * MAX_BYLINE_CHARS), RBRACKET);

      if (close == NULL)
        return FALSE;
      if (!mentions_reporter (text, close - text))
        return FALSE;

      *byline_start = strlen (LBRACKET);
      *byline_end = close - text;
      return TRUE;
    }

  if (!(tz_text_has_at (text, text + len, "本报") ||
        tz_text_has_at (text, text + len, "记者") ||
        tz_text_has_at (text, text + len, "通讯员") ||
        tz_text_has_at (text, text + len, "特约记者")))
    return FALSE;

  /* 本报讯（记者 某某） */
  if (tz_text_has_at (text, text + len, "本报讯"))
    {
      const char *after = text + strlen ("本报讯");
      gsize rest = len - strlen ("本报讯");

      while (rest > 0 && *after == ' ')
        after++, rest--;
      if (tz_text_has_at (after, after + rest, "\xef\xbc\x88") || tz_text_has_at (after, after + rest, "("))
        {
          const char *close = tz_text_find (after, MIN (rest, 3 * MAX_BYLINE_CHARS), "\xef\xbc\x89");

          if (close == NULL)
            close = tz_text_find (after, MIN (rest, 3 * MAX_BYLINE_CHARS), ")");
          if (close != NULL)
            {
              *byline_start = 0;
              *byline_end = close - text + (*close == ')' ? 1 : 3);
              return TRUE;
            }
        }
    }

  limit = MIN (len, 3 * MAX_BYLINE_CHARS);
  reported = tz_text_find (text, limit, "报道");
  if (reported != NULL && !span_has_break_punct (text, reported - text))
    {
      *byline_start = 0;
      *byline_end = reported - text + strlen ("报道");
      return TRUE;
    }

  if (tz_text_has_at (text, text + len, "本报讯"))
    {
      *byline_start = 0;
      *byline_end = strlen ("本报讯");
      return TRUE;
    }

  /* A line of names only. */
  if (!tz_text_longer_than (text, len, MAX_BYLINE_CHARS) &&
      !span_has_break_punct (text, len) &&
      tz_text_find (text, len, "\xe3\x80\x82") == NULL)
    {
      *byline_start = 0;
      *byline_end = len;
      return TRUE;
    }

  return FALSE;
}

/* (据《江苏工人报》), 来源:《工人日报》, 来源：工人日报 — as a line of its own or
 * at the end of the last paragraph. */
static gboolean tz_find_source_in (const char *text,
                                   gsize       len,
                                   gsize      *source_start,
                                   gsize      *source_end);

gboolean
tz_find_source (const char *text,
                gsize       len,
                gsize      *source_start,
                gsize      *source_end)
{
  /* A source stands at the end of a paragraph: look at its tail only. */
  gsize tail = len > 120 ? len - 120 : 0;

  while (tail > 0 && ((guchar)text[tail] & 0xC0) == 0x80)
    tail++;
  if (tail > 0)
    {
      if (!tz_find_source_in (text + tail, len - tail, source_start, source_end))
        return FALSE;
      *source_start += tail;
      *source_end += tail;
      return TRUE;
    }

  return tz_find_source_in (text, len, source_start, source_end);
}

static gboolean
tz_find_source_in (const char *text,
                   gsize       len,
                   gsize      *source_start,
                   gsize      *source_end)
{
  const char *p;

  p = tz_text_find (text, len, "来源");
  if (p != NULL)
    {
      const char *q = p + strlen ("来源");
      const char *end = text + len;

      if (q < end && (*q == ':' || tz_text_has_at (q, end, "\xef\xbc\x9a")))
        {
          q += (*q == ':') ? 1 : 3;
          while (q < end && *q == ' ')
            q++;
          if (end - q > 0 && !tz_text_longer_than (q, end - q, 20))
            {
              *source_start = q - text;
              *source_end = len;
              return TRUE;
            }
        }
    }

  p = tz_text_find (text, len, "据《");
  if (p != NULL)
    {
      const char *close = tz_text_find (p, text + len - p, "》");

      if (close != NULL && !tz_text_longer_than (p, close - p, 20))
        {
          const char *tail = close + strlen ("》");

          /* Only at the end of the paragraph: "(据《某报》)". */
          if (text + len - tail <= 3 && (p == text || p[-1] == '(' || p - text >= 3))
            {
              *source_start = p + strlen ("据") - text;
              *source_end = tail - text;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
is_column_label (const char *text,
                 gsize       len)
{
  if (!tz_text_has_at (text, text + len, LBRACKET))
    return FALSE;
  if (len < 6 || memcmp (text + len - 3, RBRACKET, 3) != 0)
    return FALSE;
  if (tz_text_longer_than (text, len, 12))
    return FALSE;
  return !mentions_reporter (text, len);
}

/* "本报通讯员 某某 摄", "某某 摄", and captions that end with the credit. */
static gboolean
ends_with_photo_credit (const char *text,
                        gsize       len)
{
  const char *p;
  guint n = 0;

  if (len < 3 || memcmp (text + len - 3, "摄", 3) != 0)
    return FALSE;

  p = text + len - 3;
  while (p > text && p[-1] == ' ')
    p--;
  if (p == text + len - 3)
    return FALSE; /* "拍摄" and friends need the space before 摄 */

  while (p > text)
    {
      const char *prev = tz_text_prev (text, p);
      gunichar ch = tz_text_get_char (prev);

      if (ch == 0x3002 || ch == 0xFF01 || ch == ')' || ch == 0xFF09)
        return n >= 2;
      if (is_break_punct (ch))
        return FALSE;
      if (++n > 16)
        return FALSE;
      p = prev;
    }

  return n >= 2;
}

static gboolean
is_credit_line (const char *text,
                gsize       len)
{
  return !tz_text_longer_than (text, len, 24) &&
         !span_has_break_punct (text, len) &&
         ends_with_photo_credit (text, len);
}

static gboolean
is_org_word_present (const char *text,
                     gsize       len)
{
  static const char * const words[] = {
    "工会", "主席", "书记", "委员", "局", "公司", "集团", "学院", "学校",
    "协会", "中心", "部长", "处长", "厂", "办公室", "研究院", "大学", "委",
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (tz_text_find (text, len, words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/* "无锡市新吴区总工会党组书记、副主席 夏同军": an organisation or post, a
 * space, then a personal name of two to four characters. */
static gboolean
is_author_line (const char *text,
                gsize       len)
{
  const char *space;
  glong name_chars;

  if (tz_text_longer_than (text, len, 40) || span_has_break_punct (text, len))
    return FALSE;

  space = NULL;
  for (const char *p = text + len; p > text; p--)
    {
      if (p[-1] == ' ')
        {
          space = p - 1;
          break;
        }
    }
  if (space == NULL || space == text)
    return FALSE;

  name_chars = tz_text_count_chars (space + 1, text + len - space - 1);
  if (name_chars < 2 || name_chars > 4)
    return FALSE;
  for (const char *p = space + 1; p < text + len; p = g_utf8_next_char (p))
    if (!g_unichar_isalpha (tz_text_get_char (p)) || (guchar)*p < 0x80)
      return FALSE;

  return is_org_word_present (text, space - text);
}

static gboolean
is_editor_note (const char *text,
                gsize       len)
{
  return tz_text_has_at (text, text + len, "小编说") ||
         tz_text_has_at (text, text + len, "编者按") ||
         tz_text_has_at (text, text + len, "编后");
}

static gboolean
is_source_line (const char *text,
                gsize       len)
{
  gsize s, e;

  if (tz_text_longer_than (text, len, 24))
    return FALSE;
  return tz_find_source (text, len, &s, &e);
}

static TzParagraphRole
classify (const char *text,
          gsize       len)
{
  gsize bs, be;

  if (is_column_label (text, len))
    return TZ_ROLE_COLUMN;
  /* Before bylines: "本报通讯员 某某 摄" credits a photo, not a story. */
  if (is_credit_line (text, len))
    return TZ_ROLE_CREDIT;
  if (tz_find_byline (text, len, &bs, &be))
    return TZ_ROLE_BYLINE;
  if (is_source_line (text, len))
    return TZ_ROLE_SOURCE;
  if (is_editor_note (text, len))
    return TZ_ROLE_NOTE;
  if (text[0] == '#')
    return TZ_ROLE_HEADLINE;
  if (is_author_line (text, len))
    return TZ_ROLE_AUTHOR;
  if (tz_text_is_headline_like (text, len))
    return TZ_ROLE_HEADLINE;
  return TZ_ROLE_BODY;
}

typedef struct
{
  const TzReflow *reflow;
  guint8         *roles;
  guint           n;
} Pass;

static const char *
para_text (const Pass *pass,
           guint       i,
           gsize      *len)
{
  const TzParagraph *p = &g_array_index (pass->reflow->paragraphs, TzParagraph, i);

  *len = p->end - p->start;
  return pass->reflow->text + p->start;
}

static gboolean
is_markdown_title (const Pass *pass,
                   guint       i)
{
  gsize len;
  const char *text = para_text (pass, i, &len);

  return len >= 2 && text[0] == '#' && text[1] == ' ';
}

static guint
headline_run_end (const Pass *pass,
                  guint       i)
{
  while (i < pass->n && pass->roles[i] == TZ_ROLE_HEADLINE)
    i++;
  return i;
}

static gboolean
para_is_short (const Pass *pass,
               guint       i)
{
  gsize len;
  const char *text = para_text (pass, i, &len);

  return !tz_text_longer_than (text, len, 60);
}

/* A photo story: a headline, one or two caption paragraphs, a credit. */
static gboolean
run_heads_photo (const Pass *pass,
                 guint       first,
                 guint       next)
{
  if (next - first > 2)
    return FALSE;

  for (guint k = next; k < pass->n && k < next + 3; k++)
    {
      gsize len;
      const char *text = para_text (pass, k, &len);

      if (pass->roles[k] == TZ_ROLE_CREDIT)
        return k > next;
      if (pass->roles[k] != TZ_ROLE_BODY)
        return FALSE;
      if (ends_with_photo_credit (text, len))
        return TRUE;
    }

  return FALSE;
}

/* Does the headline run [first, next) open an article of its own? */
static gboolean
run_starts_article (const Pass *pass,
                    guint       first,
                    guint       next)
{
  if (next < pass->n)
    {
      guint8 role = pass->roles[next];

      if (role == TZ_ROLE_BYLINE || role == TZ_ROLE_AUTHOR)
        return TRUE;
      /* A photo caption may sit between the headline and the byline. */
      if (role == TZ_ROLE_BODY && para_is_short (pass, next) &&
          next + 1 < pass->n && pass->roles[next + 1] == TZ_ROLE_BYLINE)
        return TRUE;
    }

  for (guint k = first; k < next; k++)
    if (is_markdown_title (pass, k))
      return TRUE;

  return run_heads_photo (pass, first, next);
}

/* A headline block printed after its own body (a layout artefact): it
 * is followed by nothing but its signature before the next article. */
static gboolean
run_closes_body (const Pass *pass,
                 guint       next)
{
  guint after;

  if (next >= pass->n || pass->roles[next] != TZ_ROLE_AUTHOR)
    return FALSE;

  after = next + 1;
  if (after >= pass->n)
    return TRUE;
  if (pass->roles[after] == TZ_ROLE_COLUMN)
    return TRUE;
  if (pass->roles[after] == TZ_ROLE_HEADLINE)
    return run_starts_article (pass, after, headline_run_end (pass, after));

  return FALSE;
}

static TzSegment *
open_segment (GArray *segments,
              guint   first)
{
  TzSegment seg = {
    .first = first,
    .last = first,
    .headlines = g_array_new (FALSE, FALSE, sizeof (guint)),
    .column = TZ_NO_PARAGRAPH,
    .author = TZ_NO_PARAGRAPH,
    .byline = TZ_NO_PARAGRAPH,
  };

  g_array_append_val (segments, seg);
  return &g_array_index (segments, TzSegment, segments->len - 1);
}

static void
add_headlines (TzSegment *seg,
               guint      first,
               guint      next)
{
  for (guint k = first; k < next; k++)
    g_array_append_val (seg->headlines, k);
}

static void
segment_free_contents (gpointer data)
{
  TzSegment *seg = data;

  g_clear_pointer (&seg->headlines, g_array_unref);
}

TzSegmentation *
tz_segment_articles (const TzReflow *reflow)
{
  TzSegmentation *result;
  TzSegment *cur = NULL;
  gboolean cur_has_body = FALSE;
  guint cur_body_paras = 0;
  Pass pass;
  guint i;

  g_return_val_if_fail (reflow != NULL, NULL);

  result = g_new0 (TzSegmentation, 1);
  result->segments = g_array_new (FALSE, TRUE, sizeof (TzSegment));
  g_array_set_clear_func (result->segments, segment_free_contents);

  pass.reflow = reflow;
  pass.n = reflow->paragraphs->len;
  pass.roles = result->roles = g_new0 (guint8, MAX (pass.n, 1));

  for (i = 0; i < pass.n; i++)
    {
      gsize len;
      const char *text = para_text (&pass, i, &len);

      pass.roles[i] = classify (text, len);
    }

  i = 0;
  while (i < pass.n)
    {
      guint8 role = pass.roles[i];

      if (role == TZ_ROLE_COLUMN)
        {
          cur = open_segment (result->segments, i);
          cur->column = i;
          cur_has_body = FALSE;
          cur_body_paras = 0;
          i++;
          continue;
        }

      if (role == TZ_ROLE_HEADLINE)
        {
          guint next = headline_run_end (&pass, i);

          if (cur != NULL && cur->headlines->len == 0 && !cur_has_body)
            {
              /* The headline right under a column label. */
              add_headlines (cur, i, next);
            }
          else if (cur != NULL && cur->headlines->len == 0 && run_closes_body (&pass, next))
            {
              add_headlines (cur, i, next);
            }
          else if (cur == NULL || run_starts_article (&pass, i, next))
            {
              cur = open_segment (result->segments, i);
              cur_has_body = FALSE;
              cur_body_paras = 0;
              add_headlines (cur, i, next);
            }
          else
            {
              /* A subheading inside the current article. */
              cur_has_body = TRUE;
            }

          i = next;
          continue;
        }

      if (cur == NULL)
        {
          cur = open_segment (result->segments, i);
          cur_has_body = FALSE;
          cur_body_paras = 0;
        }

      /* A short photo caption may come between the headline and the byline. */
      if (role == TZ_ROLE_BYLINE && cur->byline == TZ_NO_PARAGRAPH && cur_body_paras <= 1)
        {
          gsize len, bs = 0, be = 0;
          const char *text = para_text (&pass, i, &len);
          gsize base = g_array_index (reflow->paragraphs, TzParagraph, i).start;

          tz_find_byline (text, len, &bs, &be);
          cur->byline = i;
          cur->byline_start = base + bs;
          cur->byline_end = base + be;
          if (be + 3 < len)
            cur_has_body = TRUE;
        }
      else if (role == TZ_ROLE_AUTHOR && cur->author == TZ_NO_PARAGRAPH)
        {
          cur->author = i;
        }
      else if (role == TZ_ROLE_BODY || role == TZ_ROLE_NOTE)
        {
          cur_has_body = TRUE;
          cur_body_paras++;
        }
      else if (role == TZ_ROLE_BYLINE)
        {
          /* A second byline-looking line inside a story is body text. */
          pass.roles[i] = TZ_ROLE_BODY;
          cur_has_body = TRUE;
        }

      i++;
    }

  for (guint k = 0; k < result->segments->len; k++)
    {
      TzSegment *seg = &g_array_index (result->segments, TzSegment, k);

      seg->last = (k + 1 < result->segments->len)
                    ? g_array_index (result->segments, TzSegment, k + 1).first
                    : pass.n;
    }

  return result;
}

void
tz_segmentation_free (TzSegmentation *segmentation)
{
  if (segmentation == NULL)
    return;

  g_free (segmentation->roles);
  g_array_unref (segmentation->segments);
  g_free (segmentation);
}
