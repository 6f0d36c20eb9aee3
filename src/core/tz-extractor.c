/* tz-extractor.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-extractor"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tz-text-private.h"
#include "tz-article-private.h"
#include "tz-decoder.h"
#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-gazetteer.h"
#include "tz-metric-private.h"
#include "tz-metric-scanner.h"
#include "tz-reflow.h"
#include "tz-region.h"
#include "tz-segmenter.h"
#include "tz-sha256.h"
#include "tz-subject.h"

struct _TzExtractor
{
  GObject      parent_instance;

  TzGazetteer *gazetteer;
  char        *date;
  int          date_year;
};

G_DEFINE_FINAL_TYPE (TzExtractor, tz_extractor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ------------------------------------------------------------------ */
/* Code-point offsets                                                  */
/* ------------------------------------------------------------------ */

/* Offsets are asked for in increasing order, so we count forward from the
 * last answer instead of from the start of the text every time. */
typedef struct
{
  const char *text;
  gsize       byte;
  guint       cp;
} CpCounter;

static guint
cp_at (CpCounter *c,
       gsize      byte)
{
  if (byte < c->byte)
    {
      c->byte = 0;
      c->cp = 0;
    }

  c->cp += tz_utf8_count_chars (c->text + c->byte, byte - c->byte);
  c->byte = byte;

  return c->cp;
}

/* ------------------------------------------------------------------ */
/* Small text helpers                                                  */
/* ------------------------------------------------------------------ */

static gboolean
is_sentence_end (gunichar ch)
{
  return ch == 0x3002 || ch == 0xFF01 || ch == 0xFF1F || ch == 0xFF1B ||
         ch == '!' || ch == '?' || ch == ';' || ch == 0x2026;
}

static void
sentence_bounds (const char *text,
                 gsize       para_start,
                 gsize       para_end,
                 gsize       pos,
                 gsize      *start,
                 gsize      *end)
{
  const char *lo = text + para_start;
  const char *hi = text + para_end;
  const char *p = text + pos;
  const char *q = text + pos;

  while (p > lo)
    {
      const char *prev = tz_text_prev (lo, p);

      if (prev == NULL || is_sentence_end (tz_text_get_char (prev)))
        break;
      p = prev;
    }

  while (q < hi && !is_sentence_end (tz_text_get_char (q)))
    q = g_utf8_next_char (q);

  *start = p - text;
  *end = q - text;
}

/* Where each sentence of [@start, @end) begins, plus @end: figures look up
 * their sentence here instead of scanning for it. */
static void
split_sentences (const char *text,
                 gsize       start,
                 gsize       end,
                 GArray     *bounds)
{
  const char *p = text + start;
  const char *hi = text + end;

  g_array_set_size (bounds, 0);
  g_array_append_val (bounds, start);

  while (p < hi)
    {
      const char *next = g_utf8_next_char (p);
      guchar c = (guchar)*p;

      /* The lead bytes of 。 (E3), ！？； (EF) and … (E2): ideographs
       * (E4–E9) need no look. */
      if (c == 0xE2 || c == 0xE3 || c == 0xEF || c == '!' || c == '?' || c == ';')
        {
          if (is_sentence_end (tz_text_get_char (p)))
            {
              gsize b = next - text;
              g_array_append_val (bounds, b);
            }
        }
      p = next;
    }

  g_array_append_val (bounds, end);
}

/* The sentence around @pos, as sentence_bounds() finds it. */
static void
lookup_sentence (const char   *text,
                 const GArray *bounds,
                 gsize         pos,
                 gsize        *start,
                 gsize        *end)
{
  guint lo = 0, hi = bounds->len - 1;

  /* bounds[lo] <= pos < bounds[hi] */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (bounds, gsize, mid) <= pos)
        lo = mid;
      else
        hi = mid;
    }

  *start = g_array_index (bounds, gsize, lo);
  *end = g_array_index (bounds, gsize, hi);
  /* The sentence proper stops before its final punctuation. */
  if (hi < bounds->len - 1)
    *end = tz_text_prev (text + *start, text + *end) - text;
}

/* A run of text with no full stop for thousands of characters (a table
 * flattened into one line, a list without stops) is no sentence anyone
 * reads a figure in. Such a "sentence" is cut to the clauses within half
 * of this many bytes of the figure, on either side: each figure then costs
 * the same however long the run (rather than the run's length, which made
 * a 1 MB line take minutes and gigabytes, a copy per figure), and the
 * sentence kept with the figure stays readable. Real sentences are far
 * shorter: this never changes them. */
#define MAX_SENTENCE_BYTES 1536

static gboolean
is_clause_mark (gunichar ch)
{
  return ch == 0xFF0C || ch == ',' || ch == 0x3001 || ch == 0xFF1A || ch == ':';
}

static void
clip_sentence (const char     *text,
               const TzFigure *fig,
               gsize          *start,
               gsize          *end)
{
  const gsize half = MAX_SENTENCE_BYTES / 2;

  if (*end - *start <= MAX_SENTENCE_BYTES)
    return;

  if (fig->start - *start > half)
    {
      const char *lo = text + fig->start - half;
      const char *stop = text + fig->start;

      while (((guchar)*lo & 0xC0) == 0x80)
        lo++;
      for (const char *p = lo; p < stop; p = g_utf8_next_char (p))
        if (is_clause_mark (tz_text_get_char (p)))
          {
            lo = g_utf8_next_char (p);
            break;
          }
      *start = lo - text;
    }

  if (*end > fig->end && *end - fig->end > half)
    {
      const char *after = text + fig->end;
      const char *hi = after + half;
      const char *p;

      while (hi > after && ((guchar)*hi & 0xC0) == 0x80)
        hi--;
      for (p = hi; p > after; )
        {
          const char *prev = tz_text_prev (after, p);

          if (prev == NULL)
            break;
          if (is_clause_mark (tz_text_get_char (prev)))
            {
              hi = prev;
              break;
            }
          p = prev;
        }
      *end = hi - text;
    }
}

static char *
strip_heading_marks (const char *text,
                     gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && (*p == '#' || *p == ' '))
    p++;

  return g_strndup (p, end - p);
}

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

typedef enum
{
  TIME_NONE,
  TIME_FIXED,    /* 2022年举办…, 截至2021年底 */
  TIME_RELATIVE, /* 今年, 去年, 截至目前, 2019年以来: the report's date decides */
  TIME_EVERY,    /* 每年, 年均: no single year */
} TimeKind;

typedef struct
{
  TimeKind kind;
  int      year;   /* for TIME_FIXED */
  int      offset; /* for TIME_RELATIVE: years from the report's date */
  gsize    pos;    /* where the phrase starts, in bytes */
  guint    before; /* index of the last earlier mark that is not TIME_EVERY,
                    * or G_MAXUINT: lets nearest_in() answer without a walk */
} TimeMark;

typedef struct
{
  const char *word;
  TimeKind    kind;
  int         offset;
} RelativeWord;

static const RelativeWord relative_words[] = {
  { "截至目前", TIME_RELATIVE, 0 },
  { "今年", TIME_RELATIVE, 0 },
  { "本年度", TIME_RELATIVE, 0 },
  { "去年", TIME_RELATIVE, -1 },
  { "上年度", TIME_RELATIVE, -1 },
  { "前年", TIME_RELATIVE, -2 },
  { "明年", TIME_RELATIVE, 1 },
  { "目前", TIME_RELATIVE, 0 },
  { "当前", TIME_RELATIVE, 0 },
  { "如今", TIME_RELATIVE, 0 },
  { "至今", TIME_RELATIVE, 0 },
  { "以来", TIME_RELATIVE, 0 },
  { "年来", TIME_RELATIVE, 0 },
  { "过去一年", TIME_RELATIVE, 0 },
  { "近年", TIME_RELATIVE, 0 },
  { "每年", TIME_EVERY, 0 },
  { "年均", TIME_EVERY, 0 },
  { "每季", TIME_EVERY, 0 },
  { "每月", TIME_EVERY, 0 },
};

/* The first characters of the relative words, to skip the rest fast. */
static const TzCharSet *
relative_first_chars (void)
{
  static TzCharSet set;
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (relative_words); i++)
        tz_char_set_add (&set, tz_text_get_char (relative_words[i].word));
      g_once_init_leave (&ready, 1);
    }

  return &set;
}

/* Reads a year at @p (four digits, 1950–2099) if one stands there. */
static gboolean
read_year (const char *text,
           const char *p,
           const char *end,
           int        *year)
{
  int y = 0;

  if (end - p < 4)
    return FALSE;
  if (p > text && g_ascii_isdigit (p[-1]))
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      y = y * 10 + (p[i] - '0');
    }
  if (p + 4 < end && g_ascii_isdigit (p[4]))
    return FALSE;
  if (y < 1950 || y > 2099)
    return FALSE;

  *year = y;
  return TRUE;
}

/* Classifies the year written at @p: a fixed year, a cumulative start
 * (自2014年…以来, 2019年以来), a baseline (较2018年底) or a period. */
static TimeKind
classify_year (const char *lo,
               const char *p,
               const char *end,
               gboolean   *skip)
{
  const char *q = p + 4;

  *skip = FALSE;

  /* 较2018年底增加32%: a baseline is not the figure's year. */
  if (tz_text_has_before (lo, p, "较") || tz_text_has_before (lo, p, "比") || tz_text_has_before (lo, p, "同比") ||
      tz_text_has_before (lo, p, "与") || tz_text_has_before (lo, p, "较上"))
    {
      *skip = TRUE;
      return TIME_NONE;
    }

  /* 2021—2025年, 2021-2025: a period. */
  if (tz_text_has_at (q, end, "—") || tz_text_has_at (q, end, "－") || tz_text_has_at (q, end, "至") ||
      tz_text_has_at (q, end, "~") || tz_text_has_at (q, end, "-") || tz_text_has_at (q, end, "到"))
    return TIME_RELATIVE;
  if (tz_text_has_before (lo, p, "—") || tz_text_has_before (lo, p, "－") || tz_text_has_before (lo, p, "-") ||
      tz_text_has_before (lo, p, "~"))
    return TIME_RELATIVE;

  if (tz_text_has_before (lo, p, "自") || tz_text_has_before (lo, p, "从") || tz_text_has_before (lo, p, "自从"))
    return TIME_RELATIVE;

  if (!tz_text_has_at (q, end, "年"))
    return TIME_NONE;
  q += strlen ("年");
  if (tz_text_has_at (q, end, "底") || tz_text_has_at (q, end, "末") || tz_text_has_at (q, end, "初") ||
      tz_text_has_at (q, end, "度"))
    q += 3;

  /* 2023年2月, 2023年11月6日 */
  while (q < end && g_ascii_isdigit (*q))
    q++;
  if (tz_text_has_at (q, end, "月"))
    q += 3;
  while (q < end && g_ascii_isdigit (*q))
    q++;
  if (tz_text_has_at (q, end, "日"))
    q += 3;

  if (tz_text_has_at (q, end, "以来") || tz_text_has_at (q, end, "至今") || tz_text_has_at (q, end, "起") ||
      tz_text_has_at (q, end, "开始") || tz_text_has_at (q, end, "来"))
    return TIME_RELATIVE;

  return TIME_FIXED;
}

static void
add_mark (GArray   *marks,
          TimeMark  mark)
{
  mark.before = G_MAXUINT;
  if (marks->len > 0)
    {
      const TimeMark *last = &g_array_index (marks, TimeMark, marks->len - 1);

      mark.before = last->kind != TIME_EVERY ? marks->len - 1 : last->before;
    }
  g_array_append_val (marks, mark);
}

/* Every time phrase in [@start, @stop), in text order. */
static void
collect_times (const char *text,
               gsize       start,
               gsize       stop,
               GArray     *marks)
{
  const char *lo = text + start;
  const char *end = text + stop;
  const TzCharSet *relative_firsts = relative_first_chars ();

  for (const char *p = lo; p < end; )
    {
      int year;

      if (g_ascii_isdigit (*p))
        {
          if (read_year (text, p, end, &year))
            {
              gboolean skip;
              TimeKind kind = classify_year (lo, p, end, &skip);

              if (kind != TIME_NONE)
                {
                  TimeMark mark = { kind, year, 0, p - text, 0 };
                  add_mark (marks, mark);
                }
              p += 4;
              continue;
            }
          p++;
          continue;
        }

      if ((guchar)*p >= 0x80)
        {
          if (!tz_char_set_has (relative_firsts, tz_text_get_char (p)))
            {
              p = g_utf8_next_char (p);
              continue;
            }

          for (guint i = 0; i < G_N_ELEMENTS (relative_words); i++)
            {
              if (tz_text_has_at (p, end, relative_words[i].word))
                {
                  TimeMark mark = { relative_words[i].kind, 0, relative_words[i].offset, p - text, 0 };

                  add_mark (marks, mark);
                  p += strlen (relative_words[i].word) - 1;
                  break;
                }
            }
          p = g_utf8_next_char (p);
          continue;
        }

      p++;
    }
}

/* The time phrase nearest before @stop in [@start, @stop). */
static void
nearest_in (const GArray *marks,
            gsize         start,
            gsize         stop,
            TimeMark     *mark)
{
  const TimeMark *last, *fixed;
  guint lo = 0, hi = marks->len;

  mark->kind = TIME_NONE;
  mark->year = 0;
  mark->offset = 0;
  mark->pos = start;

  /* It runs for every figure, over marks of the whole paragraph: a binary
   * search for the last mark before @stop, not a walk, so that a long
   * paragraph is not quadratic. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (marks, TimeMark, mid).pos < stop)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return;
  last = &g_array_index (marks, TimeMark, lo - 1);
  if (last->pos < start)
    return;

  /* "到2025年,每年……不少于": 每年 says how often, not which year, so a
   * fixed year before a run of them in the range still answers. */
  fixed = last->kind == TIME_EVERY && last->before != G_MAXUINT
    ? &g_array_index (marks, TimeMark, last->before) : NULL;
  if (fixed != NULL && fixed->kind == TIME_FIXED && fixed->pos >= start)
    *mark = *fixed;
  else
    *mark = *last;
}

static void
nearest_time (const char *text,
              gsize       start,
              gsize       stop,
              TimeMark   *mark)
{
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (TimeMark));

  collect_times (text, start, stop, marks);
  nearest_in (marks, start, stop, mark);
}

/* A year that opens a headline line without 年: "2022辽宁省职工技能大赛". */
static int
headline_year (const char *text,
               gsize       len)
{
  TimeMark mark;
  int year;

  nearest_time (text, 0, len, &mark);
  if (mark.kind == TIME_FIXED)
    return mark.year;
  if (read_year (text, text, text + len, &year) && len > 4 && (guchar)text[4] >= 0x80)
    return year;

  return 0;
}

/* ------------------------------------------------------------------ */
/* Goals                                                               */
/* ------------------------------------------------------------------ */

/* 将 is a future marker before a verb and a preposition before a noun:
 * 上海市总将组织… (goal) against 将指导员划分10个工作小组 (fact). */
static const char * const future_verbs[] = {
  "组织", "安排", "命名", "推动", "指导", "建设", "开展", "实施", "举办", "培养", "建立",
  "完成", "达到", "新增", "投入", "打造", "推出", "提供", "启动", "继续", "进一步",
  "在", "于", "全面", "重点", "着力", "加快", "持续", "不断", "新建", "扩大", "提升",
  "覆盖", "陆续", "逐步", "力争", "围绕", "聚焦", "通过", "实现", "有", "选树", "评选",
  "表彰", "设立", "招募", "发放", "筹集", "资助", "帮助", "惠及", "服务", "建成", "培训",
  "创建", "引导", "带动", "安置", "吸纳", "累计", "再", "会", "要", "为", "向", "给",
  "对", "与", "从", "免费",
};

static gboolean
is_future_jiang (const char *lo,
                 const char *p,
                 const char *end)
{
  const char *after = p + strlen ("将");

  if (tz_text_has_before (lo, p, "还") || tz_text_has_before (lo, p, "也") || tz_text_has_before (lo, p, "即") ||
      tz_text_has_before (lo, p, "都") || tz_text_has_before (lo, p, "均") || tz_text_has_before (lo, p, "并") ||
      tz_text_has_before (lo, p, "又"))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (future_verbs); i++)
    {
      if (tz_text_has_at (after, end, future_verbs[i]))
        {
          const char *tail = after + strlen (future_verbs[i]);

          /* 指导员, 服务站: the "verb" is the start of a noun. */
          if (tz_text_has_at (tail, end, "员") || tz_text_has_at (tail, end, "者") || tz_text_has_at (tail, end, "站") ||
              tz_text_has_at (tail, end, "室") || tz_text_has_at (tail, end, "中心") || tz_text_has_at (tail, end, "费"))
            return FALSE;
          return TRUE;
        }
    }

  return FALSE;
}

/* Where the first of the words of time gone by (以来, 去年 …) ends in
 * [@lo, @hi), or @hi. */
static const char *
past_words_end (const char *lo,
                const char *hi)
{
  static const char * const past[] = { "以来", "截至", "截止", "近年来", "去年", "前年", "上年", "过去" };
  const char *first = hi;

  for (guint i = 0; i < G_N_ELEMENTS (past); i++)
    {
      const char *at = tz_text_find (lo, first - lo, past[i]);

      if (at != NULL)
        first = at + strlen (past[i]);
    }

  return first;
}

/* Where the sentence of the last figure starts and ends in code points. */
typedef struct
{
  gsize sent_start;
  gsize sent_end;
  guint start_cp;
  guint end_cp;
} CountedSentence;

/* How far is_target() has read a sentence for its words of intent. The
 * figures of a sentence come in turn, and what lies before one figure lies
 * before the next: each sentence is read once, not once a figure. */
typedef struct
{
  gsize       sent_start;
  gsize       sent_end;
  gsize       read_to;
  gboolean    found;
  const char *past_end;  /* see past_words_end(), once a sentence, if asked */
  const char *shi;       /* the first 使 of the clause read up to */
} IntentScan;

static gboolean
is_target (const char     *text,
           gsize           sent_start,
           gsize           sent_end,
           const TzFigure *fig,
           IntentScan     *scan)
{
  static const char * const plans[] = {
    "力争", "计划", "目标", "预计", "争取", "确保", "未来", "力求", "规划", "拟",
  };
  static TzWordList plan_list = TZ_WORD_LIST (plans);
  static TzCharSet intent_first;
  static gsize intent_ready;
  const char *lo = text + sent_start;
  const char *stop = text + fig->start;
  const char *hi = text + sent_end;
  const char *from = lo;

  if (scan->sent_start == sent_start && scan->sent_end == sent_end && scan->read_to <= fig->start)
    {
      if (scan->found)
        return TRUE;
      from = text + scan->read_to;
    }
  else
    {
      scan->past_end = NULL;
      scan->shi = NULL;
    }
  scan->sent_start = sent_start;
  scan->sent_end = sent_end;
  scan->read_to = fig->start;
  scan->found = TRUE;

  /* The characters a word of intent starts with, tested once. */
  if (g_once_init_enter (&intent_ready))
    {
      tz_word_list_prepare (&plan_list);
      intent_first = plan_list.first;
      tz_char_set_add (&intent_first, tz_text_get_char ("将"));
      tz_char_set_add (&intent_first, tz_text_get_char ("使"));
      tz_char_set_add (&intent_first, 0xFF0C); /* ， */
      tz_char_set_add (&intent_first, 0xFF1B); /* ； */
      g_once_init_leave (&intent_ready, 1);
    }

  for (const char *p = from; p < stop; p = g_utf8_next_char (p))
    {
      if ((guchar) *p >= 0x80 && !tz_char_set_has (&intent_first, tz_text_get_char (p)))
        continue;

      if ((guchar)*p < 0x80)
        {
          int year;

          if (*p == ',' || *p == ';')
            scan->shi = NULL;

          /* 到2025年 */
          if (read_year (text, p, stop, &year) &&
              (tz_text_has_before (lo, p, "到") || tz_text_has_before (lo, p, "至")) &&
              !tz_text_has_before (lo, p, "截至") && !tz_text_has_before (lo, p, "截止到") && !tz_text_has_before (lo, p, "截止至"))
            return TRUE;
          continue;
        }

      if (tz_word_list_match (&plan_list, p, stop, NULL))
        {
          /* 模拟 is not 拟. */
          if (!(tz_text_has_at (p, stop, "拟") &&
                (tz_text_has_before (lo, p, "模") || tz_text_has_before (lo, p, "虚"))))
            return TRUE;
        }

      if (tz_text_has_at (p, stop, "将") && is_future_jiang (lo, p, hi))
        return TRUE;

      /* 使成员中党员比例在50%以上: see below. */
      if (tz_text_has_at (p, hi, "，") || tz_text_has_at (p, hi, "；"))
        scan->shi = NULL;
      else if (scan->shi == NULL && tz_text_has_at (p, hi, "使") &&
               !tz_text_has_at (p + 3, hi, "用") && !tz_text_has_at (p + 3, hi, "命") && !tz_text_has_at (p + 3, hi, "者") &&
               !tz_text_has_before (lo, p, "即") && !tz_text_has_before (lo, p, "大") && !tz_text_has_before (lo, p, "行"))
        scan->shi = p;
    }
  scan->found = FALSE;

  /* A figure that 使 brings about in its own clause is a target, unless
   * the sentence tells of a time gone by (近年来…努力使全县技能人才达到
   * 2114名 is what was achieved). Unlike the words above, it holds for its
   * clause only: the pass keeps the first 使 of the clause it is in. */
  if (scan->shi != NULL)
    {
      if (scan->past_end == NULL)
        scan->past_end = past_words_end (lo, hi);
      if (scan->past_end > scan->shi)
        return TRUE;
    }

  /* 每年……不少于: a standing commitment. */
  if (fig->approx == TZ_APPROX_AT_LEAST)
    {
      for (const char *p = lo; p < stop; p = g_utf8_next_char (p))
        if (tz_text_has_at (p, stop, "每年"))
          return TRUE;
    }

  /* "…达到95%的目标" */
  for (const char *p = text + fig->end; p < hi && p < text + fig->end + 12; p = g_utf8_next_char (p))
    {
      gunichar ch = tz_text_get_char (p);

      if (ch == 0xFF0C || ch == ',')
        break;
      if (tz_text_has_at (p, hi, "目标"))
        return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Regions                                                             */
/* ------------------------------------------------------------------ */

/* The most specific division of the first chain named in @places. */
static guint
best_in_chain (TzGazetteer  *gaz,
               const GArray *places)
{
  guint best = TZ_DIVISION_NONE;

  for (guint i = 0; i < places->len; i++)
    {
      guint id = g_array_index (places, TzPlace, i).id;

      if (id == TZ_DIVISION_NONE)
        continue;
      if (best == TZ_DIVISION_NONE || best == TZ_DIVISION_NATION)
        best = id;
      else if (id != TZ_DIVISION_NATION && tz_gazetteer_is_ancestor (gaz, best, id))
        best = id;
    }

  return best;
}

/* The division most of an article's place names agree on. */
static guint
dominant_division (TzGazetteer  *gaz,
                   const GArray *places,
                   gsize         first_sentence_end,
                   gsize         first_para_end)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) weights = g_array_new (FALSE, FALSE, sizeof (double));
  guint best = TZ_DIVISION_NONE;
  double best_score = 0;

  for (guint i = 0; i < places->len; i++)
    {
      const TzPlace *place = &g_array_index (places, TzPlace, i);
      double w = place->start < first_sentence_end ? 3.0 : place->start < first_para_end ? 1.5 : 1.0;
      guint k;

      if (place->id == TZ_DIVISION_NONE || place->id == TZ_DIVISION_NATION)
        continue;

      /* "南通市港闸区" names one place, not two: count only the last. */
      if (i + 1 < places->len)
        {
          const TzPlace *next = &g_array_index (places, TzPlace, i + 1);

          if (next->start == place->end && next->id != TZ_DIVISION_NONE &&
              tz_gazetteer_is_ancestor (gaz, place->id, next->id))
            continue;
        }

      for (k = 0; k < ids->len; k++)
        if (g_array_index (ids, guint, k) == place->id)
          break;
      if (k == ids->len)
        {
          double zero = 0;
          g_array_append_val (ids, place->id);
          g_array_append_val (weights, zero);
        }
      g_array_index (weights, double, k) += w;
    }

  for (guint c = 0; c < ids->len; c++)
    {
      guint cid = g_array_index (ids, guint, c);
      double score = 0;

      for (guint m = 0; m < ids->len; m++)
        {
          guint mid = g_array_index (ids, guint, m);

          if (mid == cid || tz_gazetteer_is_ancestor (gaz, mid, cid) ||
              tz_gazetteer_is_ancestor (gaz, cid, mid))
            score += g_array_index (weights, double, m);
        }

      if (score > best_score + 1e-9 ||
          (score > best_score - 1e-9 && best != TZ_DIVISION_NONE &&
           tz_gazetteer_get_level (gaz, cid) > tz_gazetteer_get_level (gaz, best) &&
           tz_gazetteer_is_ancestor (gaz, best, cid)))
        {
          best = cid;
          best_score = score;
        }
    }

  return best;
}

/* A figure's region: the article's, unless the clause leads with a place
 * that says otherwise ("柯桥区技能人才达到…" inside a story about 绍兴). */
static guint
figure_region (TzGazetteer *gaz,
               guint        article_region,
               guint        leading)
{
  if (leading == TZ_DIVISION_NONE)
    return article_region;
  if (leading == TZ_DIVISION_NATION)
    return leading;
  if (article_region == TZ_DIVISION_NONE || article_region == TZ_DIVISION_NATION)
    return leading;
  if (tz_gazetteer_is_ancestor (gaz, leading, article_region))
    return article_region;

  return leading;
}

/* ------------------------------------------------------------------ */
/* Extraction                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  TzExtractor *self;
  const char  *text;
  TzReflow    *reflow;
  TzSegmentation *seg;
  CpCounter    cp;

  /* Scratch for each article in turn, kept so that their storage is
   * allocated once a document. */
  GArray      *places;    /* of TzPlace */
  GArray      *figures;   /* of TzFigure */
  GArray      *times;     /* of TimeMark */
  GArray      *sentences; /* of gsize */
} Run;

static void
paragraph_span (Run   *run,
                guint  i,
                gsize *start,
                gsize *end)
{
  const TzParagraph *p = &g_array_index (run->reflow->paragraphs, TzParagraph, i);

  *start = p->start;
  *end = p->end;
}

/* Which part of paragraph @i holds running text, if any. */
static gboolean
scannable_span (Run             *run,
                const TzSegment *seg,
                guint            i,
                gsize           *start,
                gsize           *end)
{
  guint8 role = run->seg->roles[i];
  gsize src_start, src_end;

  paragraph_span (run, i, start, end);

  switch (role)
    {
    case TZ_ROLE_BODY:
    case TZ_ROLE_NOTE:
    case TZ_ROLE_HEADLINE:
      break;

    case TZ_ROLE_BYLINE:
      if (i != seg->byline)
        break;
      *start = seg->byline_end;
      /* Step over the closing 】 of 【本报…记者…】. */
      if (tz_text_has_at (run->text + *start, run->text + *end, "】"))
        *start += strlen ("】");
      if (*start >= *end)
        return FALSE;
      break;

    case TZ_ROLE_COLUMN:
    case TZ_ROLE_AUTHOR:
    case TZ_ROLE_CREDIT:
    case TZ_ROLE_SOURCE:
    default:
      return FALSE;
    }

  if (tz_find_source (run->text + *start, *end - *start, &src_start, &src_end))
    {
      const char *cut = run->text + *start + src_start;

      /* Cut "来源:" / "(据" along with the name. */
      while (cut > run->text + *start)
        {
          const char *prev = tz_text_prev (run->text + *start, cut);
          gunichar ch = tz_text_get_char (prev);

          if (ch == 0x3002 || ch == 0xFF01)
            break;
          cut = prev;
          if (ch == 0x6765 /* 来 */ || ch == '(' || ch == 0xFF08)
            break;
        }
      *end = cut - run->text;
    }

  return *end > *start;
}

static void
find_places_in (TzGazetteer *gaz,
                const char  *text,
                gsize        start,
                gsize        end,
                guint        context,
                GArray      *out)
{
  g_autoptr(GArray) found = NULL;

  if (end <= start)
    return;

  found = tz_gazetteer_find_places (gaz, text + start, end - start, context);
  for (guint i = 0; i < found->len; i++)
    {
      TzPlace place = g_array_index (found, TzPlace, i);

      place.start += start;
      place.end += start;
      g_array_append_val (out, place);
    }
}

static void
article_headlines (Run             *run,
                   const TzSegment *seg,
                   TzArticle       *article,
                   guint           *region,
                   int             *year)
{
  TzGazetteer *gaz = run->self->gazetteer;
  g_autoptr(GPtrArray) subtitles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (TzPlace));
  g_autofree char *title = NULL;

  *region = TZ_DIVISION_NONE;
  *year = 0;

  for (guint k = 0; k < seg->headlines->len; k++)
    {
      guint i = g_array_index (seg->headlines, guint, k);
      gsize start, end;
      g_autofree char *line = NULL;
      glong n_chars;
      gboolean kicker;

      paragraph_span (run, i, &start, &end);
      line = strip_heading_marks (run->text + start, end - start);
      n_chars = g_utf8_strlen (line, -1);

      /* A kicker ("…提升职工生活品质——") or a place tag ("象山") sits above
       * the title proper. */
      kicker = n_chars <= 3 || g_str_has_suffix (line, "—");

      if (title == NULL && !kicker)
        title = g_steal_pointer (&line);
      else
        g_ptr_array_add (subtitles, g_steal_pointer (&line));

      find_places_in (gaz, run->text, start, end, TZ_DIVISION_NONE, places);
      if (*year == 0)
        *year = headline_year (run->text + start, end - start);
    }

  /* Stolen, not copied: the array no longer frees it. */
  if (title == NULL && subtitles->len > 0)
    title = g_ptr_array_steal_index (subtitles, 0);

  g_ptr_array_add (subtitles, NULL);
  tz_article_set_title (article, title);
  if (subtitles->len > 1)
    tz_article_set_subtitles (article, (const char * const *)subtitles->pdata);

  *region = best_in_chain (gaz, places);
}

static void
article_labels (Run             *run,
                const TzSegment *seg,
                TzArticle       *article,
                guint           *author_region)
{
  TzGazetteer *gaz = run->self->gazetteer;
  gsize start, end;

  *author_region = TZ_DIVISION_NONE;

  if (seg->column != TZ_NO_PARAGRAPH)
    {
      g_autofree char *label = NULL;

      paragraph_span (run, seg->column, &start, &end);
      /* 【主席之声】 without its brackets */
      label = g_strndup (run->text + start + 3, end - start - 6);
      tz_article_set_column (article, label);
    }

  if (seg->byline != TZ_NO_PARAGRAPH)
    {
      g_autofree char *byline = g_strndup (run->text + seg->byline_start,
                                           seg->byline_end - seg->byline_start);
      tz_article_set_byline (article, g_strstrip (byline));
    }

  if (seg->author != TZ_NO_PARAGRAPH)
    {
      g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (TzPlace));
      g_autofree char *author = NULL;

      paragraph_span (run, seg->author, &start, &end);
      author = g_strndup (run->text + start, end - start);
      tz_article_set_author (article, author);

      /* The signer's organisation names the place the piece is about. */
      find_places_in (gaz, run->text, start, end, TZ_DIVISION_NONE, places);
      *author_region = best_in_chain (gaz, places);
    }

  for (guint i = seg->first; i < seg->last; i++)
    {
      gsize s, e;

      paragraph_span (run, i, &start, &end);
      if (tz_find_source (run->text + start, end - start, &s, &e))
        {
          g_autofree char *source = g_strndup (run->text + start + s, e - s);

          /* (据《江苏工人报》) → 《江苏工人报》 */
          if (g_str_has_suffix (source, ")") || g_str_has_suffix (source, "）"))
            source[strlen (source) - (g_str_has_suffix (source, ")") ? 1 : 3)] = '\0';
          tz_article_set_source (article, source);
          break;
        }
    }
}

static TzRegion *
region_object (TzGazetteer *gaz,
               GHashTable  *cache,
               guint        id)
{
  TzRegion *region;

  if (id == TZ_DIVISION_NONE)
    return NULL;

  region = g_hash_table_lookup (cache, GUINT_TO_POINTER (id));
  if (region == NULL)
    {
      region = tz_gazetteer_create_region (gaz, id);
      g_hash_table_insert (cache, GUINT_TO_POINTER (id), region);
    }

  return region;
}

static guint
place_at (const GArray *places,
          gsize         start)
{
  guint k = tz_places_lower_bound (places, start);

  if (k < places->len && g_array_index (places, TzPlace, k).start == start)
    return g_array_index (places, TzPlace, k).id;

  return TZ_DIVISION_NONE;
}

/* The most specific place inside a sentence's opening "在…," phrase, when
 * it lies within @region: "在产业工人集中的贺兰县暖泉工业园区,市总工会…". */
static guint
locative_place (TzGazetteer  *gaz,
                const char   *text,
                gsize         start,
                gsize         stop,
                const GArray *places,
                guint         region)
{
  const char *p = text + start;
  const char *end = text + stop;
  const char *comma;
  guint found = TZ_DIVISION_NONE;

  if (region == TZ_DIVISION_NONE || region == TZ_DIVISION_NATION)
    return TZ_DIVISION_NONE;

  while (p < end && (*p == ' ' || tz_text_has_at (p, end, "\xe2\x80\x9c")))
    p++;
  if (!tz_text_has_at (p, end, "在"))
    return TZ_DIVISION_NONE;

  comma = p;
  while (comma < end && !tz_text_has_at (comma, end, "，") && *comma != ',')
    comma = g_utf8_next_char (comma);

  for (guint k = tz_places_lower_bound (places, p - text); k < places->len; k++)
    {
      const TzPlace *place = &g_array_index (places, TzPlace, k);

      if (place->end > (gsize)(comma - text))
        break;
      if (place->id != TZ_DIVISION_NONE && place->id != region &&
          tz_gazetteer_is_ancestor (gaz, region, place->id))
        found = place->id;
    }

  return found;
}

/* A paragraph that opens in a part of the article's region stays there:
 * "贺兰县…。园区内八成以上企业…". */
static guint
paragraph_place (TzGazetteer  *gaz,
                 const char   *text,
                 const GArray *sentences,
                 const GArray *places,
                 guint         region)
{
  gsize start = g_array_index (sentences, gsize, 0);
  gsize end = g_array_index (sentences, gsize, 1);
  gsize lead_start, lead_end;
  guint id;

  if (region == TZ_DIVISION_NONE || region == TZ_DIVISION_NATION)
    return TZ_DIVISION_NONE;

  if (tz_subject_leading_place (text, start, end, places, &lead_start, &lead_end))
    {
      id = place_at (places, lead_start);
      if (id != TZ_DIVISION_NONE && id != region && tz_gazetteer_is_ancestor (gaz, region, id))
        return id;
    }

  return locative_place (gaz, text, start, end, places, region);
}

static gboolean
clause_lists_items (const char *text,
                    gsize       from,
                    gsize       to)
{
  const char *p = text + from;
  const char *end = text + to;

  for (; p < end; p = g_utf8_next_char (p))
    if (tz_text_get_char (p) == 0x3001) /* 、 */
      return TRUE;

  return FALSE;
}

static void
resolve_year (Run            *run,
              const TimeMark *mark,
              TzYearSource    source,
              int             article_year,
              TzMetricFields *fields)
{
  int date_year = run->self->date_year;

  switch (mark->kind)
    {
    case TIME_FIXED:
      fields->year = mark->year;
      fields->year_source = source;
      return;

    case TIME_RELATIVE:
      if (date_year > 0)
        {
          fields->year = date_year + mark->offset;
          fields->year_source = TZ_YEAR_SOURCE_DOCUMENT;
        }
      return;

    case TIME_EVERY:
      return;

    case TIME_NONE:
    default:
      break;
    }

  if (article_year > 0)
    {
      fields->year = article_year;
      fields->year_source = TZ_YEAR_SOURCE_ARTICLE;
    }
}

/* A year opening a sentence ("2022年,…", "会议指出,2024年…") frames the
 * sentences after it in the paragraph; one deep inside a sentence does not. */
#define FRAMING_CHARS 12

/* Whether at most FRAMING_CHARS characters stand between the start of
 * its sentence and @pos. It looks back no further than that: the sentence
 * may be long, and this runs for every figure. */
static gboolean
opens_sentence (const char *text,
                gsize       para_start,
                gsize       pos)
{
  const char *lo = text + para_start;
  const char *p = text + pos;

  for (guint n = 0; p > lo; n++)
    {
      const char *prev = tz_text_prev (lo, p);

      if (prev == NULL || is_sentence_end (tz_text_get_char (prev)))
        return TRUE;
      if (n == FRAMING_CHARS)
        return FALSE;
      p = prev;
    }

  return TRUE;
}

static void
earlier_time (Run          *run,
              const GArray *marks,
              gsize         para_start,
              gsize         sentence_start,
              TimeMark     *mark)
{
  nearest_in (marks, para_start, sentence_start, mark);
  if (mark->kind != TIME_FIXED)
    return;

  if (!opens_sentence (run->text, para_start, mark->pos))
    mark->kind = TIME_NONE;
}

/* 九台区, 七台河市, 三门峡, 三元区: place names that start with a number
 * and a measure word are no figures. A name only as long as the figure
 * (三门 of 三门县 in 三门课程) says nothing, and the figure stays. */
static void
drop_numbers_in_names (GArray       *figures,
                       const GArray *places)
{
  for (guint f = figures->len; f-- > 0;)
    {
      const TzFigure *fig = &g_array_index (figures, TzFigure, f);
      guint i = tz_places_lower_bound (places, fig->num_start + 1);
      const TzPlace *place;

      if (i == 0)
        continue;
      place = &g_array_index (places, TzPlace, i - 1);
      if (place->start <= fig->num_start && place->end > fig->unit_end)
        g_array_remove_index (figures, f);
    }
}

static void
extract_article (Run             *run,
                 const TzSegment *seg,
                 TzDocument      *document,
                 GHashTable      *regions)
{
  TzGazetteer *gaz = run->self->gazetteer;
  g_autoptr(TzArticle) article = tz_article_new ();
  GArray *places = run->places;
  GArray *figures = run->figures;
  GArray *times = run->times;
  GArray *sentences = run->sentences;
  guint para_place = TZ_DIVISION_NONE;
  const char *previous_subject = NULL; /* the article holds it */
  guint region = TZ_DIVISION_NONE;
  guint author_region;
  int article_year;
  gsize art_start, art_end, first_para_end = 0, first_sentence_end = 0;
  gboolean first = TRUE;

  g_array_set_size (places, 0);

  /* Offsets are counted forward through the text: take the article's start
   * before its figures. */
  paragraph_span (run, seg->first, &art_start, &art_end);
  art_start = cp_at (&run->cp, art_start);

  article_headlines (run, seg, article, &region, &article_year);
  article_labels (run, seg, article, &author_region);
  if (region == TZ_DIVISION_NONE)
    region = author_region;

  /* Place names in the running text; bylines and signatures are left out,
   * a reporter's station is not the story's region. */
  for (guint i = seg->first; i < seg->last; i++)
    {
      gsize s, e;

      if (scannable_span (run, seg, i, &s, &e))
        {
          find_places_in (gaz, run->text, s, e, region, places);
          /* The lead: the first paragraph of running text. */
          if (first && run->seg->roles[i] != TZ_ROLE_HEADLINE)
            {
              gsize ss;

              first_para_end = e;
              sentence_bounds (run->text, s, e, s, &ss, &first_sentence_end);
              first = FALSE;
            }
        }
    }

  if (region == TZ_DIVISION_NONE)
    region = dominant_division (gaz, places, first_sentence_end, first_para_end);

  /* No place but 全国 in the lead ("全国总工会近日发布…"): a national story. */
  if (region == TZ_DIVISION_NONE)
    {
      for (guint k = 0; k < places->len; k++)
        {
          const TzPlace *place = &g_array_index (places, TzPlace, k);

          if (place->start >= first_sentence_end)
            break;
          if (place->id == TZ_DIVISION_NATION)
            {
              region = TZ_DIVISION_NATION;
              break;
            }
        }
    }

  tz_article_set_region (article, region_object (gaz, regions, region));
  tz_article_set_year (article, article_year);

  for (guint i = seg->first; i < seg->last; i++)
    {
      IntentScan intent;
      CountedSentence counted;
      gsize ps, pe;

      if (!scannable_span (run, seg, i, &ps, &pe))
        continue;

      g_array_set_size (figures, 0);
      tz_scan_figures (run->text, ps, pe, figures);
      drop_numbers_in_names (figures, places);
      if (figures->len == 0)
        continue;

      g_array_set_size (times, 0);
      collect_times (run->text, ps, pe, times);
      split_sentences (run->text, ps, pe, sentences);
      para_place = paragraph_place (gaz, run->text, sentences, places, region);
      intent = (IntentScan){ G_MAXSIZE, 0, 0, FALSE, NULL, NULL };
      counted = (CountedSentence){ G_MAXSIZE, 0, 0, 0 };

      for (guint f = 0; f < figures->len; f++)
        {
          const TzFigure *fig = &g_array_index (figures, TzFigure, f);
          TzMetricFields fields = { NULL, };
          TzSubject subject;
          TimeMark mark;
          gsize ss, se;
          guint leading = TZ_DIVISION_NONE;
          gsize lead_start, lead_end;
          guint start_cp, end_cp;

          lookup_sentence (run->text, sentences, fig->start, &ss, &se);
          clip_sentence (run->text, fig, &ss, &se);

          tz_subject_find (run->text, ss,
                           (f > 0 && fig[-1].end > ss) ? fig[-1].end : ss,
                           se, fig, places, previous_subject, &subject);
          lead_start = subject.place_start;
          lead_end = subject.place_end;
          if (lead_end <= lead_start || clause_lists_items (run->text, lead_end, fig->start))
            {
              /* The sentence's own subject: "南通市港闸区总工会也曾…,带动区内19家企业…" */
              if (!tz_subject_leading_place (run->text, ss, fig->start, places, &lead_start, &lead_end))
                lead_start = lead_end = 0;
            }
          if (lead_end > lead_start)
            leading = place_at (places, lead_start);
          /* "在江津区双福工业园,……": a sentence set in a part of the
           * article's region, or a paragraph that opens so. */
          if (leading == TZ_DIVISION_NONE)
            leading = locative_place (gaz, run->text, ss, fig->start, places, region);
          if (leading == TZ_DIVISION_NONE)
            leading = para_place;

          start_cp = cp_at (&run->cp, fig->start);
          end_cp = start_cp + tz_text_count_chars (run->text + fig->start, fig->end - fig->start);

          fields.text = g_strndup (run->text + fig->start, fig->end - fig->start);
          fields.sentence = g_strndup (run->text + ss, se - ss);
          /* Counted back from the figure: figures of one sentence come in
           * turn, and the counter only runs forward. Counted once a
           * sentence, not once a figure. */
          if (ss != counted.sent_start || se != counted.sent_end)
            {
              counted.sent_start = ss;
              counted.sent_end = se;
              counted.start_cp = start_cp - tz_text_count_chars (run->text + ss, fig->start - ss);
              counted.end_cp = counted.start_cp + tz_text_count_chars (run->text + ss, se - ss);
            }
          fields.sentence_start = counted.start_cp;
          fields.sentence_end = counted.end_cp;
          fields.start = start_cp;
          fields.end = end_cp;
          fields.value = fig->value;
          fields.unit = fig->unit;
          fields.category = fig->category;
          fields.approx = fig->approx;
          fields.subject = g_steal_pointer (&subject.subject);
          fields.target = is_target (run->text, ss, se, fig, &intent);
          fields.region = region_object (gaz, regions, figure_region (gaz, region, leading));
          if (fields.region != NULL)
            g_object_ref (fields.region);

          nearest_in (times, ss, fig->start, &mark);
          if (mark.kind != TIME_NONE)
            resolve_year (run, &mark, TZ_YEAR_SOURCE_SENTENCE, article_year, &fields);
          else
            {
              earlier_time (run, times, ps, ss, &mark);
              resolve_year (run, &mark, TZ_YEAR_SOURCE_PARAGRAPH, article_year, &fields);
            }

          if (fields.subject != NULL)
            previous_subject = fields.subject;
          tz_article_add_extracted (article, &fields);
          tz_subject_clear (&subject);
        }
    }

  if (seg->last < run->reflow->paragraphs->len)
    {
      gsize next_start, next_end;

      paragraph_span (run, seg->last, &next_start, &next_end);
      /* Up to the newline before the next article. */
      art_end = cp_at (&run->cp, next_start - 1);
    }
  else
    {
      art_end = cp_at (&run->cp, run->reflow->len);
    }
  tz_article_set_span (article, art_start, art_end);

  tz_document_add_article (document, article);
}

static void
tz_extractor_finalize (GObject *object)
{
  TzExtractor *self = (TzExtractor *)object;

  g_clear_pointer (&self->date, g_free);

  G_OBJECT_CLASS (tz_extractor_parent_class)->finalize (object);
}

static void
tz_extractor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TzExtractor *self = TZ_EXTRACTOR (object);

  switch (prop_id)
    {
    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_extractor_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TzExtractor *self = TZ_EXTRACTOR (object);

  switch (prop_id)
    {
    case PROP_DATE:
      tz_extractor_set_date (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_extractor_class_init (TzExtractorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tz_extractor_finalize;
  object_class->get_property = tz_extractor_get_property;
  object_class->set_property = tz_extractor_set_property;

  /* The report's date (YYYY-MM-DD): relative phrases such as 今年 and
   * 截至目前 resolve against it. */
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_extractor_init (TzExtractor *self)
{
  self->gazetteer = tz_gazetteer_get_default ();
}

TzExtractor *
tz_extractor_new (void)
{
  return g_object_new (TZ_TYPE_EXTRACTOR, NULL);
}

const char *
tz_extractor_get_date (TzExtractor *self)
{
  g_return_val_if_fail (TZ_IS_EXTRACTOR (self), NULL);
  return self->date;
}

gboolean
tz_date_is_valid (const char *date)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;

  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);

  return g_date_valid_dmy (d, m, y);
}

void
tz_extractor_set_date (TzExtractor *self,
                       const char  *date)
{
  g_return_if_fail (TZ_IS_EXTRACTOR (self));
  g_return_if_fail (date == NULL || tz_date_is_valid (date));

  if (g_strcmp0 (self->date, date) == 0)
    return;

  g_free (self->date);
  self->date = g_strdup (date);
  self->date_year = date ? atoi (date) : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

/* A text read from pages (see TZ_PAGE_BREAK): the document learns where
 * each page starts, and each figure its page. */
static void
set_pages (Run        *run,
           TzDocument *document)
{
  GArray *pages = run->reflow->pages;
  g_autofree guint *starts = g_new (guint, pages->len + 1);

  starts[0] = 0;
  for (guint i = 0; i < pages->len; i++)
    starts[i + 1] = cp_at (&run->cp, g_array_index (pages, gsize, i));
  tz_document_set_page_starts (document, starts, pages->len + 1);
}

/**
 * tz_extractor_extract_text:
 * @self: a #TzExtractor
 * @name: the document's name
 * @text: normalized text (see tz_normalize_text())
 *
 * Splits @text into articles and extracts their records. Used for stored
 * text too, so that documents can be extracted again.
 *
 * Returns: (transfer full): the document
 */
TzDocument *
tz_extractor_extract_text (TzExtractor *self,
                           const char  *name,
                           const char  *text)
{
  g_autoptr(TzReflow) reflow = NULL;
  g_autoptr(TzSegmentation) seg = NULL;
  g_autoptr(GHashTable) regions = NULL;
  TzDocument *document;
  Run run;

  g_return_val_if_fail (TZ_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  reflow = tz_reflow_new (text, -1);
  seg = tz_segment_articles (reflow);
  regions = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  document = tz_document_new (name);
  tz_document_set_text (document, reflow->text);
  tz_document_set_date (document, self->date);

  run.self = self;
  run.text = reflow->text;
  run.reflow = reflow;
  run.seg = seg;
  run.cp.text = reflow->text;
  run.cp.byte = 0;
  run.cp.cp = 0;
  run.places = g_array_new (FALSE, FALSE, sizeof (TzPlace));
  run.figures = g_array_new (FALSE, FALSE, sizeof (TzFigure));
  run.times = g_array_new (FALSE, FALSE, sizeof (TimeMark));
  run.sentences = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint k = 0; k < seg->segments->len; k++)
    extract_article (&run, &g_array_index (seg->segments, TzSegment, k), document, regions);

  g_array_unref (run.places);
  g_array_unref (run.figures);
  g_array_unref (run.times);
  g_array_unref (run.sentences);

  if (reflow->pages != NULL)
    set_pages (&run, document);

  return document;
}

/**
 * tz_extractor_extract_bytes:
 * @self: a #TzExtractor
 * @name: the file name shown in messages and records
 * @bytes: the file's contents
 * @error: a #GError
 *
 * Decodes a report file (see tz_decode_text()) and extracts its records.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
TzDocument *
tz_extractor_extract_bytes (TzExtractor  *self,
                            const char   *name,
                            GBytes       *bytes,
                            GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  const char *encoding = NULL;
  TzDocument *document;

  g_return_val_if_fail (TZ_IS_EXTRACTOR (self), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  text = tz_decode_text (bytes, name, &encoding, error);
  if (text == NULL)
    return NULL;

  sha256 = tz_sha256_for_bytes (bytes);

  document = tz_extractor_extract_text (self, name, text);
  tz_document_set_sha256 (document, sha256);
  tz_document_set_encoding (document, encoding);
  tz_document_set_size (document, g_bytes_get_size (bytes));

  return document;
}
