/* tz-metric-scanner.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-metric-scanner"

#include "config.h"

#include <string.h>

#include "tz-text-private.h"
#include "tz-metric-scanner.h"

typedef struct
{
  const char *written;
  const char *unit;
  TzCategory  category;
  /* Characters that, right after the measure word, show it is part of
   * another word: 人才, 家庭, 项目, 集团, 本报 … */
  const char *not_before;
} Unit;

/* Longest spellings first where one is a prefix of another. */
static const Unit units[] = {
  { "平方米", "平方米", TZ_CATEGORY_AREA, NULL },
  { "人次", "人次", TZ_CATEGORY_PERSON_TIMES, NULL },
  { "场次", "场", TZ_CATEGORY_EVENTS, NULL },
  { "批次", "批次", TZ_CATEGORY_EVENTS, NULL },
  { "人", "人", TZ_CATEGORY_PEOPLE, "才员民口均大社力工生事文身物心间们士选数气群格性情手类" },
  { "名", "人", TZ_CATEGORY_PEOPLE, "单称额义录牌片字誉声望胜次校企气列" },
  { "位", "人", TZ_CATEGORY_PEOPLE, "于置次数列" },
  { "户", "户", TZ_CATEGORY_HOUSEHOLDS, "外籍口型主均" },
  { "家", "家", TZ_CATEGORY_ORGANIZATIONS, "庭长属政园乡里境务电具居风人底" },
  { "元", "元", TZ_CATEGORY_MONEY, "旦素月宵老首" },
  { "%", "%", TZ_CATEGORY_PERCENT, NULL },
  { "场", "场", TZ_CATEGORY_EVENTS, "所地景馆面合长域站" },
  { "期", "期", TZ_CATEGORY_EVENTS, "间待望限末初满" },
  { "次", "次", TZ_CATEGORY_EVENTS, "日年要序级生" },
  { "轮", "轮", TZ_CATEGORY_EVENTS, "流换胎椅" },
  { "个", "个", TZ_CATEGORY_ITEMS, "月人体性案别头小星" },
  { "项", "项", TZ_CATEGORY_ITEMS, "目" },
  { "件", "件", TZ_CATEGORY_ITEMS, NULL },
  { "篇", "篇", TZ_CATEGORY_ITEMS, "章幅" },
  { "种", "种", TZ_CATEGORY_ITEMS, "类植子田养族" },
  { "门", "门", TZ_CATEGORY_ITEMS, "类槛户口店诊" },
  { "集", "集", TZ_CATEGORY_ITEMS, "团体中聚成合市资约镇结" },
  { "台", "台", TZ_CATEGORY_ITEMS, "阶账湾风州" },
  { "处", "处", TZ_CATEGORY_ITEMS, "理于置长罚分境室级" },
  { "条", "条", TZ_CATEGORY_ITEMS, "件例款幅" },
  { "份", "份", TZ_CATEGORY_ITEMS, "额" },
  { "本", "本", TZ_CATEGORY_ITEMS, "报领科地职次届年级市县区身人土着部色质期" },
  { "册", "册", TZ_CATEGORY_ITEMS, NULL },
  { "套", "套", TZ_CATEGORY_ITEMS, "餐路" },
  { "所", "所", TZ_CATEGORY_ITEMS, "有在以属得谓需长" },
  { "座", "座", TZ_CATEGORY_ITEMS, "谈位右" },
  { "支", "支", TZ_CATEGORY_ITEMS, "持部援付出撑柱行" },
  { "辆", "辆", TZ_CATEGORY_ITEMS, NULL },
  { "类", "类", TZ_CATEGORY_ITEMS, "型别似" },
  { "批", "批", TZ_CATEGORY_ITEMS, "准复评判发量示" },
};

typedef struct
{
  const char *word;
  TzApprox    approx;
} Qualifier;

/* Before the number; longest first so 不少于 wins over 不. */
static const Qualifier prefixes[] = {
  { "不少于", TZ_APPROX_AT_LEAST },
  { "不低于", TZ_APPROX_AT_LEAST },
  { "不超过", TZ_APPROX_LESS_THAN },
  { "将近", TZ_APPROX_ABOUT },
  { "大约", TZ_APPROX_ABOUT },
  { "接近", TZ_APPROX_ABOUT },
  { "不足", TZ_APPROX_LESS_THAN },
  { "不到", TZ_APPROX_LESS_THAN },
  { "至少", TZ_APPROX_AT_LEAST },
  { "超过", TZ_APPROX_MORE_THAN },
  { "突破", TZ_APPROX_MORE_THAN },
  { "约", TZ_APPROX_ABOUT },
  { "近", TZ_APPROX_ABOUT },
  { "超", TZ_APPROX_MORE_THAN },
  { "逾", TZ_APPROX_MORE_THAN },
};

/* After the measure word. */
static const Qualifier suffixes[] = {
  { "以上", TZ_APPROX_MORE_THAN },
  { "左右", TZ_APPROX_ABOUT },
  { "以下", TZ_APPROX_LESS_THAN },
  { "以内", TZ_APPROX_LESS_THAN },
  { "多", TZ_APPROX_MORE_THAN },
  { "余", TZ_APPROX_MORE_THAN },
};

/* Set phrases built from numerals that count nothing. */
static const char * const idioms[] = {
  "千家万户", "万家灯火", "百家争鸣", "千方百计", "万众一心", "千军万马",
  "百花齐放", "千篇一律", "一心一意", "三心二意", "四面八方", "五湖四海",
};

static gboolean
char_in (gunichar    ch,
         const char *set)
{
  if (set == NULL || ch == 0)
    return FALSE;
  for (const char *s = set; *s; s = g_utf8_next_char (s))
    if (tz_text_get_char (s) == ch)
      return TRUE;
  return FALSE;
}

static gunichar
char_before (const char *text,
             const char *p)
{
  const char *prev;

  if (p <= text)
    return 0;
  prev = tz_text_prev (text, p);
  return prev ? tz_text_get_char (prev) : 0;
}

static gunichar
char_at (const char *p,
         const char *end)
{
  return p < end ? tz_text_get_char (p) : 0;
}

static gboolean
is_numeral_char (gunichar ch)
{
  return (ch >= '0' && ch <= '9') || (ch != 0 && g_utf8_strchr ("〇零一二三四五六七八九十百千万亿两", -1, ch) != NULL);
}

/* No quotation mark or full stop seen yet (see tz_scan_figures()). */
#define NO_MARK G_MAXSIZE

static gboolean
is_quote_mark (gunichar ch)
{
  return ch == 0x201C || ch == 0x201D ||                 /* “ ” */
         ch == 0x300A || ch == 0x300B ||                 /* 《 》 */
         ch == 0x300C || ch == 0x300D || ch == 0x3002;   /* 「 」 。 */
}

/* Is @pos inside a quotation or a book title on the same sentence? Numbers
 * in “1+6+N”, “四个敢”, 《2023年…方案》 are names, not figures. @mark is
 * the last quotation mark or full stop before @pos, within 40 characters
 * if it is to count. */
static gboolean
inside_quoted_name (const char *text,
                    gsize       mark,
                    gsize       pos,
                    gsize       end)
{
  gunichar ch;
  guint back;

  if (mark == NO_MARK || tz_text_longer_than (text + mark, pos - mark, 40))
    return FALSE;

  ch = tz_text_get_char (text + mark);
  if (ch == 0x201D || ch == 0x300B || ch == 0x300D || ch == 0x3002)
    return FALSE; /* ” 》 」 。: we are outside */
  if (ch == 0x300A) /* 《 */
    return TRUE;

  /* “ 「: short quotations are names or slogans; long ones are speech. */
  back = tz_text_count_chars (text + mark, pos - mark);
  {
    const char *q = text + pos;
    const char *hi = text + end;
    guint ahead = 0;

    while (q < hi && ahead < 16)
      {
        gunichar c = tz_text_get_char (q);

        if (c == 0x201D || c == 0x300D)
          return back + ahead <= 16;
        q = g_utf8_next_char (q);
        ahead++;
      }
  }

  return FALSE;
}

static gboolean
is_idiom_at (const char *text,
             gsize       start,
             gsize       pos,
             gsize       end)
{
  for (guint i = 0; i < G_N_ELEMENTS (idioms); i++)
    {
      gsize n = strlen (idioms[i]);

      /* The numeral may be the first or the third character. */
      for (gsize back = 0; back <= 6 && back <= pos - start; back += 3)
        if (pos - back + n <= end && memcmp (text + pos - back, idioms[i], n) == 0)
          return TRUE;
    }

  return FALSE;
}

/* The units, prefixes and suffixes are tried at nearly every number, so
 * they are looked up by their first (or, for prefixes, last) character
 * instead of one by one. */
typedef struct
{
  TzWordList  unit_list;
  TzWordList  suffix_list;
  const char *unit_words[G_N_ELEMENTS (units)];
  const char *suffix_words[G_N_ELEMENTS (suffixes)];
  gunichar    prefix_last[G_N_ELEMENTS (prefixes)];
  gsize       prefix_len[G_N_ELEMENTS (prefixes)];
} Lookup;

static Lookup *
lookup (void)
{
  static Lookup lookup;
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (units); i++)
        lookup.unit_words[i] = units[i].written;
      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        lookup.suffix_words[i] = suffixes[i].word;
      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        {
          const char *word = prefixes[i].word;

          lookup.prefix_len[i] = strlen (word);
          lookup.prefix_last[i] = tz_text_get_char (tz_text_prev (word, word + lookup.prefix_len[i]));
        }
      lookup.unit_list = (TzWordList) TZ_WORD_LIST (lookup.unit_words);
      lookup.suffix_list = (TzWordList) TZ_WORD_LIST (lookup.suffix_words);
      g_once_init_leave (&ready, 1);
    }

  return &lookup;
}

static const Unit *
match_unit (const char *p,
            const char *end,
            gsize      *len)
{
  Lookup *table = lookup ();
  int i = tz_word_list_find (&table->unit_list, p, end);
  const char *after;

  if (i < 0)
    return NULL;

  after = p + table->unit_list.lengths[i];
  if (char_in (char_at (after, end), units[i].not_before))
    return NULL;
  /* 两个月, 三个小时, 5个百分点: durations and points. */
  if (strcmp (units[i].written, "个") == 0 &&
      (tz_text_has_at (after, end, "小时") || tz_text_has_at (after, end, "百分点") ||
       tz_text_has_at (after, end, "工作日") || tz_text_has_at (after, end, "季度")))
    return NULL;

  *len = table->unit_list.lengths[i];
  return &units[i];
}

/* 八成, 六成以上: a tenth. Only after one digit, and not in 成员, 成立 … */
static gboolean
match_tenths (const TzNumber *number,
              const char     *p,
              const char     *end)
{
  gunichar next;

  if (!tz_text_has_at (p, end, "成"))
    return FALSE;
  if (number->value.scale != 0 || number->value.digits < 1 || number->value.digits > 9)
    return FALSE;
  if (number->flags & (TZ_NUMBER_RANGE | TZ_NUMBER_PERCENT))
    return FALSE;

  next = char_at (p + strlen ("成"), end);
  return !char_in (next, "员立为果本就长功熟效绩型套品年交才都色绩");
}

static void
scan_one (const char *text,
          gsize       start,
          gsize       end,
          gsize       mark,
          TzNumber   *number,
          GArray     *figures)
{
  const char *lo = text + start;
  const char *hi = text + end;
  const char *num_start = text + number->start;
  const char *p = text + number->end;
  TzFigure fig = { 0 };
  const Unit *unit = NULL;
  gsize unit_len = 0;
  gunichar before = char_before (lo, num_start);
  gboolean tenths = FALSE;
  Lookup *table = lookup ();
  int suffix;

  /* 第三, 每万名, 前10名, 数十, 几百: ordinals, denominators, vague counts. */
  if (before != 0 && char_in (before, "第每前+"))
    return;
  if (before != 0 && char_in (before, "数几若") && (number->flags & TZ_NUMBER_CHINESE))
    return;
  if (number->flags & TZ_NUMBER_LONE_ONE)
    return;
  if (char_at (p, hi) == '+')
    return;

  if (number->flags & TZ_NUMBER_PERCENT)
    {
      fig.unit = "%";
      fig.category = TZ_CATEGORY_PERCENT;
    }
  else if (match_tenths (number, p, hi))
    {
      tenths = TRUE;
      unit_len = strlen ("成");
      fig.unit = "%";
      fig.category = TZ_CATEGORY_PERCENT;
    }
  else
    {
      unit = match_unit (p, hi, &unit_len);
      if (unit == NULL)
        return;
      fig.unit = unit->unit;
      fig.category = unit->category;
    }

  if ((number->flags & TZ_NUMBER_BARE_MAGNITUDE) &&
      (is_numeral_char (before) || is_idiom_at (text, start, number->start, end)))
    return;

  if (inside_quoted_name (text, mark, number->start, end))
    return;

  fig.value = number->value;
  if (tenths)
    tz_decimal_mul_pow10 (&fig.value, 1);
  fig.approx = number->approx;
  fig.num_start = number->start;
  fig.num_end = number->end;
  fig.start = number->start;
  fig.unit_end = number->end + unit_len;
  fig.end = fig.unit_end;

  /* Qualifiers after the measure word: 60%以上, 5%左右. 余/多 only count
   * right after the number ("300人多" is rare; "多名" after a unit is
   * another word). */
  suffix = tz_word_list_find (&table->suffix_list, text + fig.end, hi);
  if (suffix >= 0 && suffix < 4)
    {
      fig.approx = suffixes[suffix].approx;
      fig.end += table->suffix_list.lengths[suffix];
    }

  /* Qualifiers before the number: 超过300家, 约6477万人次. */
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (before == table->prefix_last[i] &&
          (gsize) (num_start - lo) >= table->prefix_len[i] &&
          memcmp (num_start - table->prefix_len[i], prefixes[i].word, table->prefix_len[i]) == 0)
        {
          const char *q = num_start - table->prefix_len[i];

          /* 最近, 附近, 接近 are handled: only 近 after these is no qualifier. */
          if (strcmp (prefixes[i].word, "近") == 0 &&
              (tz_text_has_before (lo, q, "最") || tz_text_has_before (lo, q, "附") || tz_text_has_before (lo, q, "临")))
            continue;
          fig.approx = prefixes[i].approx;
          fig.start = q - text;
          break;
        }
    }

  g_array_append_val (figures, fig);
}

/* Characters a number can start with, tested per character of the text. */
static const TzCharSet *
numeral_starts (void)
{
  static TzCharSet set;
  static gsize ready;

  if (g_once_init_enter (&ready))
    {
      for (gunichar ch = 0x80; ch < 0x10000; ch++)
        if (tz_numeral_char_is_start (ch))
          tz_char_set_add (&set, ch);
      g_once_init_leave (&ready, 1);
    }

  return &set;
}

/**
 * tz_scan_figures:
 * @text: normalized UTF-8 text
 * @start: byte offset where scanning starts
 * @end: byte offset where scanning stops
 * @figures: (element-type TzFigure): receives the figures, in text order
 *
 * Finds every number followed by a measure word, the figures a report
 * states, and leaves out dates, ages, durations, ordinals, names and
 * slogans (see the "not metrics" list of the extraction spec).
 */
/* "200元至500元": one range, not two figures. */
static void
merge_ranges (const char *text,
              GArray     *figures,
              guint       first)
{
  static const char * const dashes[] = { "至", "到", "-", "~", "～", "—", "－" };

  for (guint i = first; i + 1 < figures->len; )
    {
      TzFigure *a = &g_array_index (figures, TzFigure, i);
      TzFigure *b = &g_array_index (figures, TzFigure, i + 1);
      gboolean joined = FALSE;

      if (strcmp (a->unit, b->unit) == 0 && a->approx == TZ_APPROX_EXACT &&
          tz_decimal_compare (&a->value, &b->value) < 0)
        {
          for (guint d = 0; d < G_N_ELEMENTS (dashes); d++)
            {
              gsize n = strlen (dashes[d]);

              if (b->start == a->end + n && memcmp (text + a->end, dashes[d], n) == 0)
                {
                  joined = TRUE;
                  break;
                }
            }
        }

      if (!joined)
        {
          i++;
          continue;
        }

      b->start = a->start;
      b->num_start = a->num_start;
      if (b->approx == TZ_APPROX_EXACT)
        b->approx = TZ_APPROX_ABOUT;
      g_array_remove_index (figures, i);
    }
}

void
tz_scan_figures (const char *text,
                 gsize       start,
                 gsize       end,
                 GArray     *figures)
{
  gsize pos = start;
  guint first = figures->len;
  /* The last quotation mark or full stop: whether a number is quoted
   * depends on the nearest one before it, and numbers never hold one. */
  gsize mark = NO_MARK;
  const TzCharSet *starts = numeral_starts ();

  while (pos < end)
    {
      guchar c = (guchar)text[pos];
      gunichar ch;
      TzNumber number;

      if (c < 0x80)
        {
          if (c >= '0' && c <= '9')
            {
              if (tz_number_scan (text, end, pos, &number))
                {
                  scan_one (text, start, end, mark, &number, figures);
                  pos = MAX (number.end, pos + 1);
                  continue;
                }
              /* Skip the rest of a digit run we could not read. */
              while (pos < end && text[pos] >= '0' && text[pos] <= '9')
                pos++;
              continue;
            }
          pos++;
          continue;
        }

      ch = tz_text_get_char (text + pos);
      if (is_quote_mark (ch))
        mark = pos;
      else if (tz_char_set_has (starts, ch) &&
               tz_number_scan (text, end, pos, &number))
        {
          scan_one (text, start, end, mark, &number, figures);
          pos = MAX (number.end, pos + 1);
          continue;
        }

      pos = g_utf8_next_char (text + pos) - text;
    }

  merge_ranges (text, figures, first);
}
