/* tz-subject.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-subject"

#include "config.h"

#include <string.h>

#include "tz-text-private.h"
#include "tz-gazetteer.h"
#include "tz-reflow.h"
#include "tz-subject.h"

/* The spec asks for the shortest noun phrase that says what is counted:
 * the noun after the measure word (43家直报企业), or else the topic of the
 * clause (技能人才达到21.5045万人). Chinese has no spaces, so we cut phrases
 * at punctuation and at a small vocabulary of verbs and function words. */

#define MAX_AFTER_CHARS   12
/* How far a 的-phrase after the measure word may run, and its noun. */
#define MAX_MODIFIER_CHARS 80
#define MAX_HEAD_CHARS     6
#define MAX_SUBJECT_CHARS 10
#define MAX_LONG_SUBJECT_CHARS 10

/* Words that end the noun after a measure word: 43家企业|被…, 5家行业协会|共同… */
static const char * const after_stops[] = {
  "被", "在", "于", "将", "已", "已经", "正", "也", "还", "都", "均", "先后", "分别",
  "纷纷", "积极", "主动", "共同", "紧密", "通过", "得到", "受到", "获得", "获评", "获",
  "接受", "参加", "参与", "入选", "当选", "加入", "入驻", "实现", "考取", "提供", "做", "熟悉",
  "签约", "签订", "开展", "进行", "成为", "组成", "涵盖", "覆盖", "用于", "不仅", "为",
  "是", "有", "走进", "来到", "完成", "达到", "达", "共", "累计", "合计", "从",
  "向", "对", "把", "与其他", "资助", "帮扶", "支持", "入库", "保持", "稳定在", "奖励", "补贴", "享受",
  "受益", "参赛", "报名", "同比", "较", "占", "提出", "申请", "领取", "因此", "增加", "提升",
  "提高", "扩大", "推行", "的", "申报", "决出", "分布", "集中", "承担", "服务于",
  "才", "即", "并", "和其他", "所", "得以", "可", "与", "来自", "就", "不久",
};

/* Stops that may also open a noun (获奖选手, 参赛队伍) only count later on;
 * these single words end the phrase even right after the measure word. */
static const char * const after_stops_at_start[] = {
  "被", "在", "于", "为", "是", "将", "已", "也", "都", "均", "共", "达", "即", "熟悉", "来自",
  "并", "才", "可", "占", "从", "向", "对", "把", "用于", "分别", "先后", "同比",
  "增加", "增长", "提升", "提高", "扩大", "减少", "下降", "达到", "实现", "提供", "获得",
  "参加", "参与", "通过", "得到", "受到", "成为", "进行", "开展", "完成", "入选", "涵盖",
};

/* Verbs after which the counted thing is named: 开展|技能人才培养4000余场次. */
static const char * const topic_verbs[] = {
  "开展", "举办", "组织", "推出", "开设", "建成", "建立", "培养", "取得", "创造", "发放",
  "拨付", "帮助", "惠及", "吸引", "拉动", "完成", "播放", "制作", "组建", "设立", "选树",
  "评选", "推荐", "获评", "获得", "表彰", "奖励", "选聘", "招募", "发表", "签订", "救助", "资助", "投入", "筹集", "募集", "捐赠", "新增", "新建", "共有", "拥有",
  "享受", "编写", "出版", "打造", "培育", "命名", "认定", "评定", "引进", "吸纳", "带动",
  "提供", "落实", "安排", "实施", "涌现", "产生", "汇集", "聚集", "创建", "成立", "收到",
  "受理", "办理", "调解", "化解", "解决", "接待", "征集", "开通", "发布", "出台", "制定",
  "印发", "召开", "参加", "参与", "建有", "设有", "配备", "达成", "录取", "招聘", "招收",
  "输送", "安置", "考取", "晋升", "关爱", "帮扶", "走进", "送出", "送达", "发动", "动员",
  /* 慰问 and 走访 are left out: 慰问演出, 走访调研 are things. */
  "使用", "提取", "争取", "兑现", "发展", "挂牌", "授予", "评出", "选拔", "表扬", "举行",
  "培训了", "覆盖", "带领", "选派", "派出", "累计", "共", "入库", "申报", "推行", "决出",
  "拿出", "配送", "排查", "整改", "带出", "开发", "扩展", "推动", "使", "承办", "攻克",
  "推广", "转化", "改造",
};

/* Verbs that name the figure themselves when nothing follows: 累计演出212场次. */
static const char * const action_nouns[] = {
  "演出", "捐赠", "培训", "宣讲", "慰问", "帮扶", "救助", "资助", "走访", "调解", "投入",
  "服务", "展演", "义诊", "咨询",
};

/* Trailing words between the topic and the number: 签订率|达|98%. */
static const char * const trailing_links[] = {
  "均达到", "分别达到", "分别为", "分别", "均达", "达到", "已达", "高达", "多达", "达",
  "共计", "合计", "总计", "累计", "共有", "增至", "增加到", "增长到", "提高到", "提升到",
  "上升到", "上升至", "提高至", "提升至", "增长至", "扩大到", "扩大至", "下降到", "下降至", "降至",
  "减少到", "减少至", "占到", "占", "突破", "超过", "保持在", "稳定在", "维持在", "保持", "增长", "为", "是", "有",
  "在", "已", "共", "仅", "只有",
  "就", "即", "又", "再", "还", "均", "都", "约", "超", "逾", "近", "了",
};

/* Leading words that frame rather than name: 截至目前|, 其中|, 全区|. */
static const char * const leading_frames[] = {
  "确保", "力争", "争取", "保证", "计划", "此前", "此后", "随后", "近日", "日前", "近期",
  "据统计", "据了解", "据介绍", "据悉", "截至目前", "截至", "今年以来", "去年以来", "近年来", "目前", "如今", "当前", "其中",
  "另有", "同时", "此外", "另外", "全区", "全县", "全市", "全省", "全镇", "该区", "该县",
  "该市", "该省", "该镇", "该联盟", "该系统", "全年", "今年", "去年", "累计", "共计", "共",
  "已经", "已", "并", "还", "也", "均", "又", "仅", "在", "由", "对", "从", "经", "首批", "当年",
  "向", "为", "使", "让", "的", "了",
};

static gboolean
is_phrase_break (gunichar ch)
{
  switch (ch)
    {
    case ',': case ';': case ':': case '!': case '?': case '(': case ')':
    case '[': case ']': case '.': case '"': case '/':
    case 0xFF0C: case 0x3002: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F:
    case 0xFF08: case 0xFF09: case 0x3010: case 0x3011: case 0x300A: case 0x300B:
    case 0x2026: case 0x2014: case 0x3001: case 0x00B7: case '\n':
      return TRUE;

    default:
      return FALSE;
    }
}

static gboolean
is_clause_break (gunichar ch)
{
  return ch != 0x3001 && ch != 0x300A && ch != 0x300B && ch != 0x00B7 && is_phrase_break (ch);
}

static TzWordList after_stop_list = TZ_WORD_LIST (after_stops);
static TzWordList after_start_list = TZ_WORD_LIST (after_stops_at_start);
static TzWordList topic_verb_list = TZ_WORD_LIST (topic_verbs);
static TzWordList action_noun_list = TZ_WORD_LIST (action_nouns);
static TzWordList frame_list = TZ_WORD_LIST (leading_frames);

/* Words looked for at the end of a phrase, with the set of their last
 * characters: most phrases end in none of them. */
typedef struct
{
  const char * const *words;
  guint               n_words;
  gsize               ready;
  gsize              *lengths;
  TzCharSet           last;
} SuffixList;

#define SUFFIX_LIST(array) { (array), G_N_ELEMENTS (array), 0, NULL, { { 0 } } }

static void
suffix_list_prepare (SuffixList *list)
{
  if (g_once_init_enter (&list->ready))
    {
      list->lengths = g_new (gsize, list->n_words);
      for (guint i = 0; i < list->n_words; i++)
        {
          const char *word = list->words[i];

          list->lengths[i] = strlen (word);
          tz_char_set_add (&list->last, tz_text_get_char (tz_text_prev (word, word + list->lengths[i])));
        }
      g_once_init_leave (&list->ready, 1);
    }
}

/* Does [@start, @end) end with one of the words? The first listed wins. */
static gboolean
ends_with_any (const char *start,
               const char *end,
               SuffixList *list,
               gsize      *len)
{
  const char *last = tz_text_prev (start, end);

  suffix_list_prepare (list);
  if (last == NULL || !tz_char_set_has (&list->last, tz_text_get_char (last)))
    return FALSE;

  for (guint i = 0; i < list->n_words; i++)
    {
      gsize n = list->lengths[i];

      if ((gsize)(end - start) >= n && memcmp (end - n, list->words[i], n) == 0)
        {
          *len = n;
          return TRUE;
        }
    }

  return FALSE;
}

/* The noun right after the measure word: 43家|直报企业|被… */
static void
after_phrase (const char  *text,
              gsize        from,
              gsize        ceiling,
              const char **out_start,
              const char **out_end)
{
  const char *p = text + from;
  const char *end = text + ceiling;
  const char *start = p;
  guint n = 0;
  gboolean quoted = FALSE;

  *out_start = *out_end = start;

  while (p < end && n < MAX_AFTER_CHARS)
    {
      gunichar ch = tz_text_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (ch == 0x201C) /* “ */
        {
          quoted = TRUE;
          p = next;
          n++;
          continue;
        }
      if (ch == 0x201D) /* ” */
        {
          quoted = FALSE;
          p = next;
          n++;
          /* “新吴工匠”“平凡岗位不平凡员工”: the first name is enough. */
          if (p < end && tz_text_get_char (p) == 0x201C)
            break;
          continue;
        }
      if (is_phrase_break (ch) || (ch < 0x80 && g_ascii_isdigit (ch)) || ch == ' ')
        break;
      if (!quoted && p != start &&
          (tz_word_list_match (&after_stop_list, p, end, NULL) ||
           tz_word_list_match (&topic_verb_list, p, end, NULL)) &&
          !tz_text_has_at (p, end, "就业"))
        break;
      /* 员工|圆了: a verb followed by an aspect particle. */
      if (!quoted && p != start && next < end &&
          (tz_text_has_at (next, end, "了") || tz_text_has_at (next, end, "着")))
        break;
      if (!quoted && p == start &&
          (tz_word_list_match (&after_start_list, p, end, NULL) ||
           tz_word_list_match (&topic_verb_list, p, end, NULL)))
        return;

      p = next;
      n++;
    }

  /* "中" closes a container phrase: 22名代表中, 97名“先锋领队”成员中 */
  if (p - start >= 3 && (p == end || is_phrase_break (tz_text_get_char (p))) &&
      memcmp (p - 3, "中", 3) == 0)
    p -= 3;

  *out_start = start;
  *out_end = p;
}

static const char *
skip_leading (const char   *start,
              const char   *end,
              const GArray *places,
              const char   *text,
              TzSubject    *subject)
{
  gboolean progress = TRUE;

  while (progress && start < end)
    {
      gsize len;

      progress = FALSE;

      if (is_phrase_break (tz_text_get_char (start)) || *start == ' ')
        {
          start = g_utf8_next_char (start);
          progress = TRUE;
          continue;
        }

      if (tz_word_list_match (&frame_list, start, end, &len))
        {
          start += len;
          progress = TRUE;
          continue;
        }

      /* A year or a date frame: 2023年, 2023年11月, 12月, 6月底,
       * (自)2016年以来 */
      if (g_ascii_isdigit (*start) ||
          (tz_text_has_at (start, end, "自") && start + 3 < end && g_ascii_isdigit (start[3])))
        {
          const char *q = tz_text_has_at (start, end, "自") ? start + 3 : start;

          while (q < end && g_ascii_isdigit (*q))
            q++;
          if (tz_text_has_at (q, end, "年底") || tz_text_has_at (q, end, "年末"))
            q += 6;
          else if (tz_text_has_at (q, end, "年") || tz_text_has_at (q, end, "月") || tz_text_has_at (q, end, "日"))
            q += 3;
          else
            break;
          if (tz_text_has_at (q, end, "以来"))
            q += 6;
          else if (tz_text_has_at (q, end, "底") || tz_text_has_at (q, end, "末"))
            q += 3;
          start = q;
          progress = TRUE;
          continue;
        }

      if (places != NULL)
        {
          gsize off = start - text;

          /* From the first place at @off on, found by binary search:
           * this runs for every figure, and the places are the whole
           * article's. */
          for (guint i = tz_places_lower_bound (places, off); i < places->len; i++)
            {
              const TzPlace *place = &g_array_index (places, TzPlace, i);

              /* 全国技术能手, 省级劳模: the place is part of a title or rank. */
              if (place->start == off && text + place->end < end &&
                  place->id != TZ_DIVISION_NATION &&
                  !tz_text_has_at (text + place->end, end, "级"))
                {
                  if (place->id != TZ_DIVISION_NONE)
                    {
                      subject->place_start = place->start;
                      subject->place_end = place->end;
                    }
                  start = text + place->end;
                  progress = TRUE;
                  break;
                }
              if (place->start > off)
                break;
            }
        }
    }

  return start;
}

/* Words after the topic that say when or against what, not what:
 * 覆盖率…提高到目前的, 工资较2020年增长. */
static const char * const trailing_times[] = {
  "目前", "今年", "去年", "当年", "年底", "年初",
};

/* Verbs that end a clause before its figure: 已发展到, 从12项扩展到. */
static const char * const trailing_verbs[] = {
  "成功进行", "进行", "发展", "扩展", "增加", "提高", "提升", "扩大", "增长", "上升", "下降",
  "减少", "达",
};

static SuffixList trailing_link_list = SUFFIX_LIST (trailing_links);
static SuffixList trailing_time_list = SUFFIX_LIST (trailing_times);
static SuffixList trailing_verb_list = SUFFIX_LIST (trailing_verbs);

static const char *
strip_baseline (const char *start,
                const char *end)
{
  /* 较2020年, 比上年: everything from the comparison on. */
  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      if ((tz_text_has_at (p, end, "较") || tz_text_has_at (p, end, "比")) && p > start)
        {
          const char *q = p + 3;

          if (q < end && (g_ascii_isdigit (*q) || tz_text_has_at (q, end, "上年") ||
                          tz_text_has_at (q, end, "去年") || tz_text_has_at (q, end, "同期")))
            return p;
        }
    }

  return end;
}

static const char *
strip_trailing (const char *start,
                const char *end)
{
  gboolean progress = TRUE;
  gsize len;

  end = strip_baseline (start, end);

  while (progress)
    {
      progress = FALSE;

      while (end > start &&
             ends_with_any (start, end, &trailing_link_list, &len) &&
             end - len > start)
        {
          end -= len;
          progress = TRUE;
        }

      if (ends_with_any (start, end, &trailing_time_list, &len) && end - len > start)
        {
          end -= len;
          progress = TRUE;
        }

      if ((tz_text_has_before (start, end, "到") || tz_text_has_before (start, end, "至")) &&
          end - 3 > start)
        {
          end -= 3;
          progress = TRUE;
        }

      if (ends_with_any (start, end, &trailing_verb_list, &len) && end - len > start)
        {
          end -= len;
          progress = TRUE;
        }
    }

  /* 骨干成员中90%以上, but not 其中 */
  if (end - start > 6 && memcmp (end - 3, "中", 3) == 0)
    end -= 3;
  while (end - start > 3 && memcmp (end - 3, "的", 3) == 0)
    end -= 3;

  return end;
}

/* 签订率, 培训人数, 服务站: a verb that is the first half of a noun. */
static gboolean
verb_starts_noun (const char *p,
                  const char *end)
{
  static const char * const suffixes[] = {
    "率", "数", "量", "额", "者", "员", "费", "金", "点", "站", "室", "中心", "单位", "基地",
  };
  static TzWordList suffix_list = TZ_WORD_LIST (suffixes);

  return tz_word_list_match (&suffix_list, p, end, NULL);
}

/* The clause before the number with its framing removed: 截至目前,柯桥区
 * 技能人才达到 → 技能人才; 开展各类普惠活动 → 各类普惠活动. */
static char *
topic_phrase (const char   *text,
              const char   *clause,
              const char   *end,
              const GArray *places,
              TzSubject    *subject)
{
  const char *last_verb_end = NULL;
  const char *end_verb = NULL;
  guint back = 0;
  gsize len;

  end = strip_trailing (clause, end);
  if (end <= clause)
    return NULL;

  /* 高技能人才占比由三年前的41%: the thing precedes 由/从, found among
   * the last eight characters. */
  for (const char *p = end, *prev; p > clause && back < 8; p = prev, back++)
    {
      prev = tz_text_prev (clause, p);
      if ((tz_text_has_at (prev, end, "由") || tz_text_has_at (prev, end, "从")) && prev > clause)
        {
          end = strip_trailing (clause, prev);
          break;
        }
    }

  /* 职工已申报…, 累计培训…: what follows the adverb is the act and its
   * object. Where each adverb first occurs is noted on the same pass. */
  {
    static const char * const adverbs[] = { "已经", "已", "累计", "共计", "先后" };
    /* Only for the set of their first characters: most characters of a
     * clause start none of them. */
    static TzWordList adverb_list = TZ_WORD_LIST (adverbs);
    static TzCharSet either_first;
    static gsize either_ready;
    const char *first[G_N_ELEMENTS (adverbs)] = { NULL, };

    /* The characters a verb or an adverb starts with, tested once. */
    if (g_once_init_enter (&either_ready))
      {
        tz_word_list_prepare (&topic_verb_list);
        tz_word_list_prepare (&adverb_list);
        for (guint i = 0; i < G_N_ELEMENTS (either_first.bits); i++)
          either_first.bits[i] = topic_verb_list.first.bits[i] | adverb_list.first.bits[i];
        g_once_init_leave (&either_ready, 1);
      }

    for (const char *p = clause; p < end; p = g_utf8_next_char (p))
      {
        if (!tz_char_set_has (&either_first, tz_text_get_char (p)))
          continue;

        if (tz_word_list_match (&topic_verb_list, p, end, &len) &&
            !verb_starts_noun (p + len, end))
          {
            if (p + len < end)
              last_verb_end = p + len;
            else
              end_verb = p;
          }

        if ((guchar) *p >= 0x80 && tz_word_list_match (&adverb_list, p, end, NULL))
          for (guint i = 0; i < G_N_ELEMENTS (adverbs); i++)
            if (first[i] == NULL && tz_text_has_at (p, end, adverbs[i]))
              first[i] = p;
      }

    for (guint i = 0; i < G_N_ELEMENTS (adverbs); i++)
      {
        const char *q = first[i];

        if (q != NULL && q + strlen (adverbs[i]) < end &&
            (last_verb_end == NULL || q + strlen (adverbs[i]) > last_verb_end))
          {
            const char *after = q + strlen (adverbs[i]);

            /* Step over the verb right after it, if we know it. */
            if (tz_word_list_match (&topic_verb_list, after, end, &len) &&
                after + len < end)
              after += len;
            last_verb_end = after;
          }
      }
  }

  if (last_verb_end != NULL)
    {
      clause = last_verb_end;
      while (tz_text_has_at (clause, end, "了") || tz_text_has_at (clause, end, "出"))
        clause += 3;
    }
  else if (end_verb != NULL &&
           tz_word_list_match (&action_noun_list, end_verb, end, &len) &&
           end_verb + len == end)
    {
      return g_strndup (end_verb, len);
    }

  clause = skip_leading (clause, end, places, text, subject);
  if (end <= clause)
    return NULL;

  /* 陕西省委组织部培训劳模工匠: the body that acts is no part of what it
   * counts; the act stays, as in 共培训劳模工匠. */
  for (const char *p = g_utf8_next_char (clause); p < end; p = g_utf8_next_char (p))
    {
      if ((tz_text_has_before (clause, p, "会") || tz_text_has_before (clause, p, "办") ||
           tz_text_has_before (clause, p, "局") || tz_text_has_before (clause, p, "部")) &&
          tz_word_list_match (&action_noun_list, p, end, &len) && p + len < end)
        {
          clause = p;
          break;
        }
    }

  return g_strndup (clause, end - clause);
}

static gboolean
inside_quotes (const char *phrase,
               const char *p)
{
  gboolean open = FALSE;

  for (const char *q = phrase; q < p; q = g_utf8_next_char (q))
    {
      gunichar ch = tz_text_get_char (q);

      if (ch == 0x201C)
        open = TRUE;
      else if (ch == 0x201D)
        open = FALSE;
    }

  return open;
}

static char *
keep_tail (char       *phrase,
           const char *from)
{
  char *tail = g_strdup (from);

  g_free (phrase);
  return tail;
}

/* Chinese puts the head of a noun phrase last, so a long phrase is cut
 * from the left — at a word boundary we can see, never inside a quote. */
static char *
shorten (char *phrase)
{
  static const char * const boundaries[] = {
    "的", "、", "和", "及", "与", "以上", "级", "为", "将", "对", "向", "把", "在", "企业", "工会",
  };
  const char *p;

  if (phrase == NULL)
    return NULL;

  /* 新就业形态劳动者权益保护手册、家庭教育书系等读物 → 读物 */
  p = tz_text_find_last (phrase, "等");
  if (p != NULL && g_utf8_strlen (p + 3, -1) >= 2 && !inside_quotes (phrase, p))
    phrase = keep_tail (phrase, p + 3);

  /* 首批加入的企业 → 企业: what follows 的 is the head noun. */
  p = tz_text_find_last (phrase, "的");
  if (p != NULL && g_utf8_strlen (p + 3, -1) >= 2 && !inside_quotes (phrase, p))
    phrase = keep_tail (phrase, p + 3);

  for (guint i = 0; i < G_N_ELEMENTS (boundaries) && g_utf8_strlen (phrase, -1) > MAX_SUBJECT_CHARS; i++)
    {
      p = tz_text_find_last (phrase, boundaries[i]);
      if (p != NULL && g_utf8_strlen (p + strlen (boundaries[i]), -1) >= 3 && !inside_quotes (phrase, p))
        phrase = keep_tail (phrase, p + strlen (boundaries[i]));
    }

  if (g_utf8_strlen (phrase, -1) > MAX_LONG_SUBJECT_CHARS)
    {
      glong n = g_utf8_strlen (phrase, -1);
      const char *cut = g_utf8_offset_to_pointer (phrase, n - MAX_SUBJECT_CHARS);

      /* Cut before the quotation rather than inside it. */
      while (cut > phrase && inside_quotes (phrase, cut))
        cut = tz_text_prev (phrase, cut);
      phrase = keep_tail (phrase, cut);
    }

  return phrase;
}

static const char *
clause_start (const char *text,
              gsize       floor,
              const char *p)
{
  const char *lo = text + floor;

  while (p > lo)
    {
      const char *prev;

      /* U+4000–U+9FFF, most of a Chinese clause, is never a break; p is
       * on a character boundary, so a lead byte three back starts the
       * character before it. */
      if (p - lo >= 3 && (guchar) p[-3] >= 0xE4 && (guchar) p[-3] <= 0xE9)
        {
          p -= 3;
          continue;
        }

      prev = tz_text_prev (lo, p);
      if (prev == NULL || is_clause_break (tz_text_get_char (prev)))
        break;
      p = prev;
    }

  return p;
}

static gboolean
only_marks (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = tz_text_get_char (p);

      if (ch != 0x201C && ch != 0x201D && ch != ' ')
        return FALSE;
    }

  return TRUE;
}

/**
 * tz_subject_find:
 * @text: the document text
 * @floor: where the figure's sentence starts (bytes)
 * @clause_floor: where the figure before it in the sentence ends, or @floor
 * @ceiling: where the sentence ends
 * @figure: the figure
 * @places: (element-type TzPlace) (nullable): places named in the text
 * @previous_subject: (nullable): the subject of the figure before, for
 *   shares such as "占技能人才总数的26.3%"
 * @subject: (out caller-allocates): the result
 */
/* 选聘了40名熟悉劳动法律法规政策、…、热心集体协商工作的同志,: the
 * figure is the object of a verb done (了), and what it counts is the noun
 * that the long 的-phrase right after the measure word ends in. Only the
 * first 的 counts, and only a short noun that ends at a break. */
static char *
modified_head (const char     *text,
               const char     *clause,
               gsize           from,
               gsize           ceiling,
               const TzFigure *figure)
{
  const char *end = text + ceiling;
  guint n = 0;

  if (!tz_text_has_before (clause, text + figure->start, "了") ||
      from >= ceiling || is_phrase_break (tz_text_get_char (text + from)))
    return NULL;

  for (const char *p = text + from; p < end && n < MAX_MODIFIER_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar ch = tz_text_get_char (p);
      const char *head, *q;
      guint len = 0;

      if (ch == 0x3002 || ch == 0xFF1B || ch == ';' || g_ascii_isdigit (ch) || ch == '\n')
        return NULL;
      if (ch != 0x7684) /* 的 */
        continue;

      head = q = p + strlen ("的");
      while (q < end && !is_phrase_break (tz_text_get_char (q)) && len <= MAX_HEAD_CHARS)
        {
          gunichar c = tz_text_get_char (q);

          /* 占技能人才总数的26.3%: a share, not a noun. */
          if (c < 0x4E00 || c > 0x9FFF)
            return NULL;
          q = g_utf8_next_char (q);
          len++;
        }
      if (len == 0 || len > MAX_HEAD_CHARS)
        return NULL;
      return g_strndup (head, q - head);
    }

  return NULL;
}

void
tz_subject_find (const char     *text,
                 gsize           floor,
                 gsize           clause_floor,
                 gsize           ceiling,
                 const TzFigure *figure,
                 const GArray   *places,
                 const char     *previous_subject,
                 TzSubject      *subject)
{
  const char *a, *b;
  const char *clause;
  char *phrase = NULL;

  memset (subject, 0, sizeof *subject);

  after_phrase (text, figure->end, ceiling, &a, &b);
  if (b > a)
    {
      phrase = g_strndup (a, b - a);
      if (only_marks (phrase))
        g_clear_pointer (&phrase, g_free);
    }

  clause = clause_start (text, MAX (floor, clause_floor), text + figure->start);
  /* Note the place that leads the clause, whichever phrase names the thing. */
  skip_leading (clause, text + figure->start, places, text, subject);

  /* Shares and changes of the thing just counted: 占…的26.3%, 较2018年底增长15%. */
  if (phrase == NULL && previous_subject != NULL &&
      (tz_text_has_at (clause, text + figure->start, "占") ||
       tz_text_has_at (clause, text + figure->start, "较") ||
       tz_text_has_at (clause, text + figure->start, "比") ||
       tz_text_has_at (clause, text + figure->start, "同比")))
    phrase = g_strdup (previous_subject);

  if (phrase == NULL && a == b)
    phrase = modified_head (text, clause, figure->end, ceiling, figure);

  if (phrase == NULL)
    phrase = topic_phrase (text, clause, text + figure->start, places, subject);

  /* 其中九成以上为外来务工人员: a share with no topic names its whole
   * after 为/是. */
  if (phrase == NULL && figure->category == TZ_CATEGORY_PERCENT &&
      (tz_text_has_at (text + figure->end, text + ceiling, "为") ||
       tz_text_has_at (text + figure->end, text + ceiling, "是")))
    {
      after_phrase (text, figure->end + strlen ("为"), ceiling, &a, &b);
      if (b > a)
        phrase = g_strndup (a, b - a);
    }

  /* 由41%提升至58.2%, 53项,其中12项: right after another figure, the same thing. */
  if (phrase == NULL && previous_subject != NULL &&
      (clause == text + clause_floor || tz_text_has_at (clause, text + figure->start, "其中")))
    phrase = g_strdup (previous_subject);

  /* "确保60%以上用于…": the clause names nothing, the one before does. */
  if (phrase == NULL && clause > text + floor)
    {
      const char *prev_end = tz_text_prev (text + floor, clause);
      const char *prev = clause_start (text, floor, prev_end);

      phrase = topic_phrase (text, prev, prev_end, places, subject);
    }

  if (phrase != NULL && only_marks (phrase))
    g_clear_pointer (&phrase, g_free);

  subject->subject = shorten (phrase);
}

/**
 * tz_subject_leading_place:
 *
 * Finds the place that opens the text between @start and @end once framing
 * words (其中, 截至目前, 2023年 …) are skipped, as in "南通市港闸区总工会也
 * 曾…". A place followed by a list (浙江省建设建材工会、某集团…) names one
 * item of the list and does not count.
 *
 * Returns: %TRUE if there is one
 */
gboolean
tz_subject_leading_place (const char   *text,
                          gsize         start,
                          gsize         end,
                          const GArray *places,
                          gsize        *place_start,
                          gsize        *place_end)
{
  TzSubject probe = { 0 };
  const char *p;

  skip_leading (text + start, text + end, places, text, &probe);
  if (probe.place_end <= probe.place_start)
    return FALSE;

  for (p = text + probe.place_end; p < text + end; p = g_utf8_next_char (p))
    {
      gunichar ch = tz_text_get_char (p);

      if (ch == 0x3001) /* 、 */
        return FALSE;
      if (is_clause_break (ch))
        break;
    }

  *place_start = probe.place_start;
  *place_end = probe.place_end;
  return TRUE;
}

void
tz_subject_clear (TzSubject *subject)
{
  g_clear_pointer (&subject->subject, g_free);
}
