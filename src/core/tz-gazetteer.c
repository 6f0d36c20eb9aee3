/* tz-gazetteer.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-gazetteer"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "tz-core-resources.h"
#include "tz-gazetteer.h"
#include "tz-region.h"

/* The gazetteer knows every province, prefecture and county of China and
 * finds them in running text.  All names (official, former, short and
 * informal) go into one trie keyed by Unicode characters; a text is read
 * once, walking the trie from each character that together with the next
 * can begin a name (a bitset knows those pairs), and the raw matches are
 * then weighed the way a Chinese reader would: a short form such as 崇川
 * only counts with something that confirms it, a name shared by several
 * places is resolved through the places named around it, and generic
 * names such as 城区 only count right after their city.
 *
 * The tables are built once and never change afterwards, so one instance
 * is shared by all threads without locking. */

#define RESOURCE_PATH "/io/github/taizhang/Taizhang/gazetteer/"

/* More places than this under one name would be a broken table; the
 * largest real group (经开区) has fewer than 50. */
#define MAX_CANDIDATES 128

typedef enum
{
  NAME_FULL,
  NAME_RENAMED,
  NAME_SHORT,
  NAME_ZONE,
} NameKind;

typedef enum
{
  ENTRY_GENERIC = 1 << 0, /* 城区, 新城区: a common word unless its city precedes */
  ENTRY_RISKY   = 1 << 1, /* 和县, 范县, 海城市: also a piece of common words */
  ENTRY_DENY    = 1 << 2, /* a short form that is a word (中山, 安康, 和平) */
  ENTRY_TINY    = 1 << 3, /* a two-character X县: 县级, 县域 follow it in prose */
} EntryFlags;

typedef enum
{
  DIVISION_COMMON_STEM = 1 << 0, /* its short form is a word: 东方市场 */
} DivisionFlags;

typedef struct
{
  const char *code;
  const char *name;
  guint       parent;
  guint8      level;
  guint8      flags;
} Division;

/* One reading of a name; the entries of a trie node form a list. */
typedef struct
{
  guint  division;
  guint  next;
  guint8 kind;
  guint8 flags;
} Entry;

typedef struct
{
  guint64 key; /* node << 21 | character; 0 marks a free slot */
  guint   child;
} Edge;

struct _TzGazetteer
{
  char     *division_text;
  char     *alias_text;

  Division *divisions;    /* [0] is TZ_DIVISION_NONE and unused */
  guint     n_divisions;  /* including [0] */

  Entry    *entries;      /* [0] terminates lists */
  guint     n_entries;

  guint    *node_entries; /* first entry of each trie node, 0 for none */
  guint     n_nodes;

  Edge     *edges;
  guint     edge_bits;

  /* Most positions of a text start no name.  A bitset over a hash of the
   * first two characters of every name rules them out before the trie is
   * consulted; it only ever answers "no" or "maybe".  A name of one
   * character has no pair, and if there is one every position is tried. */
  guint32  *pair_filter;
  gboolean  has_one_char_names;

  /* Regions are immutable: each is made once and shared (every document
   * asked for its own, at 4,000 instructions each). */
  GMutex     region_lock;
  TzRegion **regions;
};

/* 2^17 bits (16 KiB, well inside L1) for some 3,000 pairs: about one
 * position in forty passes by accident. */
#define PAIR_FILTER_BITS 17

/* Full names that are everyday words or only make sense inside a city:
 * "城区" is "the urban area" of any town.  Besides these, any full name of
 * two characters ending in 区 is treated the same way. */
static const char * const generic_names[] = {
  "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区", "市中区",
  "市辖区", "新城区", "老城区", "新市区", "城中区", "城东区", "城西区",
  "城南区", "城北区",
};

/* Full names that are also pieces of common phrases: 示范县 contains 范县,
 * 各市和县 contains 和县, 沿海城市 contains 海城市, 振兴县域 contains 兴县.
 * They need the same confirmation as a short form. */
static const char * const risky_names[] = {
  "和县", "范县", "费县", "单县", "开县", "新县", "易县", "容县", "叶县",
  "礼县", "宾县", "滑县", "临县", "义县", "代县", "佳县", "兴县", "冠县",
  "南县", "古县", "吉县", "唐县", "夏县", "威县", "宁县", "富县", "寿县",
  "应县", "康县", "息县", "成县", "房县", "文县", "朗县", "洋县", "温县",
  "理县", "环县", "道县", "青县", "高县", "随县", "荣县", "献县", "忠县",
  "索县", "云县", "凤县", "丰县", "渠县", "沧县",
  "海城市", "兴城市", "宜城市", "应城市",
};

/* Short forms that are ordinary words, slogans, landmarks or brand names
 * (中方表示, 大兴调查研究, 惠民活动, 西湖).  They only count with the city
 * right before them, as a headline of their own or through the caller's
 * context: neither "X工会" nor the full name elsewhere is enough, since
 * 光明区 in one sentence says nothing about 光明日报 in the next. */
static const char * const deny_short_forms[] = {
  /* prefectures */
  "中山", "大同", "安康", "黄山", "白山", "三明", "泰安", "朝阳", "四平",
  "长治", "大庆", "黑河", "来宾", "白银", "阿里", "日照", "新乡", "文山",
  "玉树", "兴安",
  /* counties and districts */
  "平安", "长寿", "和平", "光明", "东方", "红旗", "前进", "新华", "新建",
  "振兴", "富裕", "合作", "互助", "通道", "延长", "方正", "万年", "和顺",
  "安宁", "太和", "永安", "长安", "新兴", "大通", "新城", "老城", "城关",
  "城中", "城东", "城西", "城北", "市中", "市北", "市南", "江北", "江南",
  "河东", "河西", "南山", "青山", "金山", "白云", "宝山", "普陀", "向阳",
  "友好", "爱民", "东风", "解放", "海港", "港口", "太湖", "泰山", "峨眉山",
  "武夷山", "井冈山", "庐山", "韶山", "三江", "太平", "安定", "公安",
  "共和", "会同", "高明", "大方", "平原", "东山", "西山", "南岸", "温泉",
  "安居", "乐业", "武功", "山城", "兴隆", "新民", "沙河", "工农", "回民",
  "站前", "路北", "路南", "上街", "小店", "平房", "天桥", "元宝", "宏伟",
  "友谊", "复兴", "前锋", "同心", "同德", "同仁", "富民", "惠民", "惠农",
  "中原", "中方", "南部", "东海", "南海", "东湖", "西湖", "南湖", "清水",
  "古城", "平和", "丰满", "大兴", "大城", "上党", "阳春", "牡丹", "芙蓉",
  "二道",
};

/* Words that, right after a short form, show the short form is a real
 * reference to the place: 崇川总工会, 柯桥区委, 江西籍. */
static const char * const institution_words[] = {
  "人民政府", "总工会", "工会", "市总", "县总", "区总", "区委", "县委",
  "市委", "政府", "籍",
};

/* Words that, right after a short form, make it part of a longer name:
 * 江北新区, 中山路, 南京东路, 江苏银行, 河南大学. */
static const char * const blocking_suffixes[] = {
  "新区", "路", "街", "巷", "大道", "东路", "西路", "南路", "北路", "中路", "大学",
  "学院", "中学", "小学", "大厦", "公司", "集团", "银行", "医院", "大桥",
  "广场", "公园", "宾馆", "酒店", "饭店", "商场",
};

/* Products named after a place, and rivers or lakes whose name swallows the
 * first character of a province: 黄河南岸 is not 河南, 长江西岸 is not 江西. */
static const struct
{
  const char *name;
  const char *after;  /* blocks when one of these follows */
  const char *before; /* blocks when one of these precedes */
} blocking_pairs[] = {
  { "大理", "石", NULL },
  { "普洱", "茶", NULL },
  { "哈密", "瓜", NULL },
  { "和田", "玉", NULL },
  { "河南", NULL, "黄淮运" },
  { "河北", NULL, "黄淮运" },
  { "江西", NULL, "长珠" },
  { "江北", NULL, "长珠" },
  { "江南", NULL, "长珠" },
  { "湖南", NULL, "庭" },
  { "湖北", NULL, "庭" },
  { "山东", NULL, "泰行" },
  { "山西", NULL, "华行" },
};

/* ------------------------------------------------------------------------
 * Trie
 * --------------------------------------------------------------------- */

static inline gsize
edge_slot (guint64 key,
           guint   bits)
{
  return (gsize)((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> (64 - bits));
}

static inline guint
trie_child (const TzGazetteer *self,
            guint              node,
            gunichar           ch)
{
  guint64 key = ((guint64)node << 21) | ch;
  gsize mask = ((gsize)1 << self->edge_bits) - 1;
  gsize i = edge_slot (key, self->edge_bits);

  for (;;)
    {
      const Edge *edge = &self->edges[i];

      /* Free slots have key 0 and child 0, and the root is never a
       * child, so 0 means "no such edge". */
      if (edge->key == key || edge->key == 0)
        return edge->child;
      i = (i + 1) & mask;
    }
}

/* The filter sees a character as its UTF-8 bytes, the first in the lowest
 * byte of an integer: as unique as its code point and cheaper to get. */
static inline guint32
char_key (const char *p,
          const char *next)
{
  guint32 key = 0;

  for (const char *b = next; b > p; b--)
    key = key << 8 | (guchar)b[-1];
  return key;
}

static inline gboolean
test_bit (const guint32 *bits,
          gsize          i)
{
  return (bits[i / 32] >> (i % 32)) & 1;
}

static inline void
set_bit (guint32 *bits,
         gsize    i)
{
  bits[i / 32] |= (guint32)1 << (i % 32);
}

static inline gsize
pair_slot (guint32 first,
           guint32 second)
{
  return edge_slot (((guint64)first << 32) | second, PAIR_FILTER_BITS);
}

/* FALSE if no name begins with the characters @first then @second; TRUE
 * means "maybe", and the trie has the answer. */
static inline gboolean
may_start_name (const TzGazetteer *self,
                guint32            first,
                guint32            second)
{
  return test_bit (self->pair_filter, pair_slot (first, second));
}

typedef struct
{
  TzGazetteer *self;
  GArray      *node_entries;
  GArray      *entries;
  gsize        n_edges;
  gsize        max_edges;
} Builder;

static guint
builder_add_name (Builder    *b,
                  const char *name)
{
  TzGazetteer *self = b->self;
  gsize mask = ((gsize)1 << self->edge_bits) - 1;
  const char *second = g_utf8_next_char (name);
  guint node = 0;

  if (*second == '\0')
    self->has_one_char_names = TRUE;
  else
    set_bit (self->pair_filter, pair_slot (char_key (name, second),
                                           char_key (second, g_utf8_next_char (second))));

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      guint64 key = ((guint64)node << 21) | ch;
      gsize i = edge_slot (key, self->edge_bits);
      guint child = 0;

      for (;;)
        {
          Edge *edge = &self->edges[i];

          if (edge->key == key)
            {
              child = edge->child;
              break;
            }
          if (edge->key == 0)
            {
              guint zero = 0;

              /* The table was sized from the total length of all names,
               * which bounds the number of edges. */
              g_assert (b->n_edges < b->max_edges);
              child = b->node_entries->len;
              g_array_append_val (b->node_entries, zero);
              edge->key = key;
              edge->child = child;
              b->n_edges++;
              break;
            }
          i = (i + 1) & mask;
        }
      node = child;
    }

  return node;
}

static void
builder_add_entry (Builder    *b,
                   const char *name,
                   guint       division,
                   NameKind    kind,
                   guint8      flags)
{
  guint node;
  guint *first;
  Entry entry;

  if (name[0] == '\0')
    return;

  node = builder_add_name (b, name);
  first = &g_array_index (b->node_entries, guint, node);

  /* A name may be listed twice for one place (an alias equal to a full
   * name of the same division); keep the first. */
  for (guint e = *first; e != 0; e = g_array_index (b->entries, Entry, e).next)
    {
      if (g_array_index (b->entries, Entry, e).division == division)
        return;
    }

  entry.division = division;
  entry.next = *first;
  entry.kind = kind;
  entry.flags = flags;
  *first = b->entries->len;
  g_array_append_val (b->entries, entry);
}

/* ------------------------------------------------------------------------
 * Loading
 * --------------------------------------------------------------------- */

static char *
load_resource (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  char *copy;
  gsize size;

  bytes = g_resource_lookup_data (tz_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      g_critical ("Cannot load the gazetteer table %s: %s", path, error->message);
      return g_strdup ("");
    }

  /* A private, NUL-terminated copy, split in place into fields. */
  size = g_bytes_get_size (bytes);
  copy = g_malloc (size + 1);
  memcpy (copy, g_bytes_get_data (bytes, NULL), size);
  copy[size] = '\0';

  return copy;
}

/* Splits the next line of a TSV buffer into at most @max_fields fields,
 * in place.  Returns the number of fields, 0 at the end of the buffer. */
static guint
next_line (char       **cursor,
           char       **fields,
           guint        max_fields)
{
  char *line = *cursor;
  char *eol;
  guint n = 0;

  while (*line != '\0' && (*line == '#' || *line == '\n' || *line == '\r'))
    {
      /* Comments and blank lines. */
      eol = strchr (line, '\n');
      line = eol != NULL ? eol + 1 : line + strlen (line);
    }
  if (*line == '\0')
    {
      *cursor = line;
      return 0;
    }

  eol = strchr (line, '\n');
  if (eol != NULL)
    {
      *eol = '\0';
      *cursor = eol + 1;
      if (eol > line && eol[-1] == '\r')
        eol[-1] = '\0';
    }
  else
    *cursor = line + strlen (line);

  fields[n++] = line;
  for (char *p = line; *p != '\0' && n < max_fields; p++)
    {
      if (*p == '\t')
        {
          *p = '\0';
          fields[n++] = p + 1;
        }
    }

  return n;
}

static TzRegionLevel
level_from_code (const char *code)
{
  if (strcmp (code, "000000") == 0)
    return TZ_REGION_LEVEL_NATION;
  if (strcmp (code + 2, "0000") == 0)
    return TZ_REGION_LEVEL_PROVINCE;
  if (strcmp (code + 4, "00") == 0)
    return TZ_REGION_LEVEL_PREFECTURE;
  return TZ_REGION_LEVEL_COUNTY;
}

static guint
find_code (const TzGazetteer *self,
           const char        *code)
{
  guint lo = 1;
  guint hi = self->n_divisions;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (self->divisions[mid].code, code);

      if (cmp == 0)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return TZ_DIVISION_NONE;
}

static gboolean
is_code (const char *code)
{
  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }
  return code[6] == '\0';
}

static void
load_divisions (TzGazetteer *self)
{
  g_autoptr(GArray) divisions = g_array_new (FALSE, TRUE, sizeof (Division));
  Division none = { "", "", TZ_DIVISION_NONE, 0, 0 };
  char *cursor;
  char *fields[2];

  self->division_text = load_resource ("divisions.tsv");
  g_array_append_val (divisions, none);

  cursor = self->division_text;
  for (guint n; (n = next_line (&cursor, fields, 2)) != 0;)
    {
      Division division = { 0, };
      const Division *last = &g_array_index (divisions, Division, divisions->len - 1);

      /* Lookups bisect the table, so it must be sorted; the generator
       * writes it that way and anything else is a broken file. */
      if (n != 2 || !is_code (fields[0]) || strcmp (last->code, fields[0]) >= 0)
        {
          g_critical ("Malformed or unsorted line in divisions.tsv: %s", fields[0]);
          continue;
        }

      division.code = fields[0];
      division.name = fields[1];
      division.level = level_from_code (fields[0]);
      g_array_append_val (divisions, division);
    }

  self->n_divisions = divisions->len;
  self->divisions = (Division *)(void *)g_array_free (g_steal_pointer (&divisions), FALSE);

  if (self->n_divisions < 2 || strcmp (self->divisions[1].code, "000000") != 0)
    g_critical ("divisions.tsv does not start with 000000 全国");

  /* Parents follow from the code: the prefecture xxxx00 when it exists
   * (municipalities and directly administered counties have none), else
   * the province. */
  for (guint id = 1; id < self->n_divisions; id++)
    {
      Division *d = &self->divisions[id];
      char code[7];

      switch ((TzRegionLevel)d->level)
        {
        case TZ_REGION_LEVEL_NATION:
          d->parent = TZ_DIVISION_NONE;
          break;

        case TZ_REGION_LEVEL_PROVINCE:
          d->parent = TZ_DIVISION_NATION;
          break;

        case TZ_REGION_LEVEL_COUNTY:
          memcpy (code, d->code, 4);
          memcpy (code + 4, "00", 3);
          d->parent = find_code (self, code);
          if (d->parent != TZ_DIVISION_NONE)
            break;
          G_GNUC_FALLTHROUGH;

        case TZ_REGION_LEVEL_PREFECTURE:
        default:
          memcpy (code, d->code, 2);
          memcpy (code + 2, "0000", 5);
          d->parent = find_code (self, code);
          if (d->parent == TZ_DIVISION_NONE)
            d->parent = TZ_DIVISION_NATION;
          break;
        }
    }
}

/* Two characters ending in @suffix (three bytes each in UTF-8). */
static gboolean
is_tiny_name (const char *name,
              const char *suffix)
{
  return strlen (name) == 6 && g_utf8_strlen (name, -1) == 2 &&
         strcmp (name + 3, suffix) == 0;
}

/* Sets @flags on the entries of @name of the given kinds.  Walking the
 * word lists through the trie once is much cheaper than checking every
 * name against every list. */
static void
flag_entries (TzGazetteer *self,
              const char  *name,
              guint        kinds,
              guint8       flags)
{
  guint node = 0;

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      node = trie_child (self, node, g_utf8_get_char (p));
      if (node == 0)
        return;
    }

  for (guint e = self->node_entries[node]; e != 0; e = self->entries[e].next)
    {
      Entry *entry = &self->entries[e];

      if ((kinds & (1u << entry->kind)) == 0)
        continue;
      entry->flags |= flags;
      if (flags & ENTRY_DENY)
        self->divisions[entry->division].flags |= DIVISION_COMMON_STEM;
    }
}

static void
flag_special_names (TzGazetteer *self)
{
  const guint official = (1u << NAME_FULL) | (1u << NAME_RENAMED);

  for (gsize i = 0; i < G_N_ELEMENTS (generic_names); i++)
    flag_entries (self, generic_names[i], 1u << NAME_FULL, ENTRY_GENERIC);
  for (gsize i = 0; i < G_N_ELEMENTS (risky_names); i++)
    flag_entries (self, risky_names[i], official, ENTRY_RISKY);
  for (gsize i = 0; i < G_N_ELEMENTS (deny_short_forms); i++)
    flag_entries (self, deny_short_forms[i], 1u << NAME_SHORT, ENTRY_DENY);
}

/* An upper bound on the characters of the first field of every line:
 * the bytes that start a UTF-8 sequence. */
static gsize
count_name_chars (const char *text)
{
  gsize n = 0;
  gboolean in_name = TRUE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        in_name = TRUE;
      else if (*p == '\t')
        in_name = FALSE;
      else if (in_name && ((guchar)*p & 0xC0) != 0x80)
        n++;
    }
  return n;
}

static void
build_trie (TzGazetteer *self)
{
  Builder b = { self, NULL, NULL, 0, 0 };
  gsize division_chars = 0;
  gsize max_edges;
  guint zero = 0;
  Entry sentinel = { 0, };
  char *cursor;
  char *fields[3];

  for (guint id = 1; id < self->n_divisions; id++)
    division_chars += g_utf8_strlen (self->divisions[id].name, -1);
  max_edges = division_chars + count_name_chars (self->alias_text);

  /* Keep the table at most half full so probes stay short. */
  self->edge_bits = 4;
  while (((gsize)1 << self->edge_bits) < 2 * max_edges + 16)
    self->edge_bits++;
  self->edges = g_new0 (Edge, (gsize)1 << self->edge_bits);
  self->pair_filter = g_new0 (guint32, ((gsize)1 << PAIR_FILTER_BITS) / 32);

  b.max_edges = max_edges;
  b.node_entries = g_array_sized_new (FALSE, FALSE, sizeof (guint), max_edges + 1);
  b.entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), self->n_divisions * 2);
  g_array_append_val (b.node_entries, zero);
  g_array_append_val (b.entries, sentinel);

  for (guint id = 1; id < self->n_divisions; id++)
    {
      const char *name = self->divisions[id].name;
      guint8 flags = 0;

      /* 城区, 矿区; 景县, 费县 */
      if (is_tiny_name (name, "区"))
        flags |= ENTRY_GENERIC;
      else if (is_tiny_name (name, "县"))
        flags |= ENTRY_TINY;
      builder_add_entry (&b, name, id, NAME_FULL, flags);
    }

  cursor = self->alias_text;
  for (guint n; (n = next_line (&cursor, fields, 3)) != 0;)
    {
      guint id;
      NameKind kind;
      guint8 flags = 0;

      if (n != 3 || (id = find_code (self, fields[1])) == TZ_DIVISION_NONE)
        {
          g_critical ("Malformed line in aliases.tsv: %s", fields[0]);
          continue;
        }

      if (strcmp (fields[2], "renamed") == 0)
        {
          kind = NAME_RENAMED;
          if (is_tiny_name (fields[0], "县"))
            flags |= ENTRY_TINY;
        }
      else if (strcmp (fields[2], "short") == 0)
        kind = NAME_SHORT;
      else if (strcmp (fields[2], "zone") == 0)
        kind = NAME_ZONE;
      else
        {
          g_critical ("Unknown alias kind in aliases.tsv: %s", fields[2]);
          continue;
        }

      builder_add_entry (&b, fields[0], id, kind, flags);
    }

  /* A name of one character has no second one to test. */
  if (self->has_one_char_names)
    memset (self->pair_filter, 0xFF, ((gsize)1 << PAIR_FILTER_BITS) / 8);

  self->n_nodes = b.node_entries->len;
  self->node_entries = (guint *)(void *)g_array_free (b.node_entries, FALSE);
  self->n_entries = b.entries->len;
  self->entries = (Entry *)(void *)g_array_free (b.entries, FALSE);

  flag_special_names (self);
}

static TzGazetteer *
tz_gazetteer_load (void)
{
  TzGazetteer *self = g_new0 (TzGazetteer, 1);
  gint64 begin = g_get_monotonic_time ();

  g_mutex_init (&self->region_lock);

  load_divisions (self);
  self->alias_text = load_resource ("aliases.tsv");
  build_trie (self);

  g_debug ("Loaded %u divisions, %u names in %u trie nodes in %.2f ms",
           self->n_divisions - 1, self->n_entries - 1, self->n_nodes,
           (g_get_monotonic_time () - begin) / 1000.0);

  return self;
}

/**
 * tz_gazetteer_get_default:
 *
 * Returns the gazetteer built from the tables compiled into the library.
 * It is loaded on first use, never freed, and may be used from any thread.
 *
 * Returns: (transfer none): the shared #TzGazetteer
 */
TzGazetteer *
tz_gazetteer_get_default (void)
{
  static TzGazetteer *instance;
  static gsize loaded;

  if (g_once_init_enter (&loaded))
    {
      instance = tz_gazetteer_load ();
      g_once_init_leave (&loaded, 1);
    }

  return instance;
}

/* ------------------------------------------------------------------------
 * The hierarchy
 * --------------------------------------------------------------------- */

static inline gboolean
valid_id (const TzGazetteer *self,
          guint              id)
{
  return id != TZ_DIVISION_NONE && id < self->n_divisions;
}

guint
tz_gazetteer_get_n_divisions (TzGazetteer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_divisions - 1;
}

/**
 * tz_gazetteer_lookup_code:
 * @code: a six-digit code such as "320613"
 *
 * Returns: the division id, or %TZ_DIVISION_NONE
 */
guint
tz_gazetteer_lookup_code (TzGazetteer *self,
                          const char  *code)
{
  g_return_val_if_fail (self != NULL, TZ_DIVISION_NONE);

  if (code == NULL || !is_code (code))
    return TZ_DIVISION_NONE;

  return find_code (self, code);
}

const char *
tz_gazetteer_get_code (TzGazetteer *self,
                       guint        id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (valid_id (self, id), NULL);

  return self->divisions[id].code;
}

const char *
tz_gazetteer_get_name (TzGazetteer *self,
                       guint        id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (valid_id (self, id), NULL);

  return self->divisions[id].name;
}

/**
 * tz_gazetteer_get_parent:
 *
 * Returns: the enclosing division (the nation for a province), or
 *   %TZ_DIVISION_NONE for the nation itself
 */
guint
tz_gazetteer_get_parent (TzGazetteer *self,
                         guint        id)
{
  g_return_val_if_fail (self != NULL, TZ_DIVISION_NONE);
  g_return_val_if_fail (valid_id (self, id), TZ_DIVISION_NONE);

  return self->divisions[id].parent;
}

TzRegionLevel
tz_gazetteer_get_level (TzGazetteer *self,
                        guint        id)
{
  g_return_val_if_fail (self != NULL, TZ_REGION_LEVEL_NATION);
  g_return_val_if_fail (valid_id (self, id), TZ_REGION_LEVEL_NATION);

  return self->divisions[id].level;
}

static inline gboolean
is_ancestor (const TzGazetteer *self,
             guint              ancestor,
             guint              id)
{
  if (!valid_id (self, ancestor) || !valid_id (self, id))
    return FALSE;

  for (guint p = self->divisions[id].parent; p != TZ_DIVISION_NONE; p = self->divisions[p].parent)
    {
      if (p == ancestor)
        return TRUE;
    }
  return FALSE;
}

/**
 * tz_gazetteer_is_ancestor:
 *
 * Returns: %TRUE if @ancestor strictly encloses @id (a division is not its
 *   own ancestor; the nation encloses every other division)
 */
gboolean
tz_gazetteer_is_ancestor (TzGazetteer *self,
                          guint        ancestor,
                          guint        id)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return is_ancestor (self, ancestor, id);
}

/**
 * tz_gazetteer_is_within:
 *
 * The usual question of a filter: is @id the division @area, or inside it?
 *
 * Returns: %TRUE if @id equals @area or @area is one of its ancestors
 */
gboolean
tz_gazetteer_is_within (TzGazetteer *self,
                        guint        id,
                        guint        area)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!valid_id (self, id) || !valid_id (self, area))
    return FALSE;

  return id == area || is_ancestor (self, area, id);
}

/**
 * tz_gazetteer_get_ancestor_at_level:
 *
 * Returns the province, prefecture … that contains @id, or @id itself when
 * it is at @level.  Districts of municipalities and directly administered
 * county-level cities have no prefecture, so asking for one gives
 * %TZ_DIVISION_NONE.
 *
 * Returns: a division id or %TZ_DIVISION_NONE
 */
guint
tz_gazetteer_get_ancestor_at_level (TzGazetteer   *self,
                                    guint          id,
                                    TzRegionLevel  level)
{
  g_return_val_if_fail (self != NULL, TZ_DIVISION_NONE);

  for (guint p = valid_id (self, id) ? id : TZ_DIVISION_NONE;
       p != TZ_DIVISION_NONE;
       p = self->divisions[p].parent)
    {
      if (self->divisions[p].level == level)
        return p;
      if (self->divisions[p].level < level)
        break;
    }

  return TZ_DIVISION_NONE;
}

/**
 * tz_gazetteer_list_children:
 * @id: a division, or %TZ_DIVISION_NATION for the provinces
 *
 * The divisions directly under @id: a province's prefectures together with
 * the counties it administers directly (a municipality's districts, 仙桃市),
 * a prefecture's counties.  Pickers fill their lists from this.
 *
 * Returns: (transfer full) (element-type guint): division ids sorted by
 *   code, empty for a county or an unknown id
 */
GArray *
tz_gazetteer_list_children (TzGazetteer *self,
                            guint        id)
{
  GArray *children;

  g_return_val_if_fail (self != NULL, NULL);

  children = g_array_new (FALSE, FALSE, sizeof (guint));
  if (!valid_id (self, id))
    return children;

  /* Ids follow the codes and a child's code sorts after its parent's, so
   * scanning on from @id finds them all, already in order. */
  for (guint child = id + 1; child < self->n_divisions; child++)
    {
      if (self->divisions[child].parent == id)
        g_array_append_val (children, child);
    }

  return children;
}

/* The level of the smallest division containing both, as a number:
 * 0 nation (or nothing shared), 1 province, 2 prefecture, 3 county. */
static guint
shared_depth (const TzGazetteer *self,
              guint              a,
              guint              b)
{
  if (!valid_id (self, b))
    return 0;

  /* The first of @a and its ancestors that is @b or one of its ancestors;
   * both chains are at most four long. */
  for (guint p = a; p != TZ_DIVISION_NONE; p = self->divisions[p].parent)
    {
      for (guint q = b; q != TZ_DIVISION_NONE; q = self->divisions[q].parent)
        {
          if (p == q)
            return self->divisions[p].level;
        }
    }
  return 0;
}

static TzRegion *
make_region (TzGazetteer *self,
             guint        id)
{
  const char *path[5] = { NULL, };
  guint depth = 0;
  guint n = 0;

  if (id == TZ_DIVISION_NATION)
    path[n++] = self->divisions[id].name;
  else
    {
      for (guint p = id; p != TZ_DIVISION_NONE && p != TZ_DIVISION_NATION; p = self->divisions[p].parent)
        depth++;
      g_assert (depth < G_N_ELEMENTS (path));
      n = depth;
      for (guint p = id; p != TZ_DIVISION_NONE && p != TZ_DIVISION_NATION; p = self->divisions[p].parent)
        path[--depth] = self->divisions[p].name;
    }

  return tz_region_new (self->divisions[id].code,
                        self->divisions[id].name,
                        path,
                        self->divisions[id].level);
}

/**
 * tz_gazetteer_create_region:
 *
 * Returns: (transfer full) (nullable): a #TzRegion with the path from the
 *   province down to @id (no 市辖区 or other placeholder levels), or %NULL
 *   for %TZ_DIVISION_NONE; a reference to the same region every time, from
 *   any thread
 */
TzRegion *
tz_gazetteer_create_region (TzGazetteer *self,
                            guint        id)
{
  TzRegion *region;

  g_return_val_if_fail (self != NULL, NULL);

  if (!valid_id (self, id))
    return NULL;

  g_mutex_lock (&self->region_lock);
  if (self->regions == NULL)
    self->regions = g_new0 (TzRegion *, self->n_divisions);
  if (self->regions[id] == NULL)
    self->regions[id] = make_region (self, id);
  region = g_object_ref (self->regions[id]);
  g_mutex_unlock (&self->region_lock);

  return region;
}

/* ------------------------------------------------------------------------
 * Reading text
 * --------------------------------------------------------------------- */

typedef struct
{
  gsize start;
  gsize end;
  guint node;
  int   blocked; /* is_blocked(), once asked: -1 until then */
} Match;

/* The names found in a text, by start then length.  Most texts are a
 * paragraph naming a few places: those need no allocation. */
typedef struct
{
  Match *items;
  guint  len;
  guint  size;
  Match  local[32];
} Matches;

static void
matches_init (Matches *matches)
{
  matches->items = matches->local;
  matches->len = 0;
  matches->size = G_N_ELEMENTS (matches->local);
}

static void
matches_clear (Matches *matches)
{
  if (matches->items != matches->local)
    g_free (matches->items);
  matches_init (matches);
}

static void
matches_add (Matches *matches,
             gsize    start,
             gsize    end,
             guint    node)
{
  Match *m;

  if (G_UNLIKELY (matches->len == matches->size))
    {
      if (matches->items == matches->local)
        {
          matches->items = g_new (Match, 2 * matches->size);
          memcpy (matches->items, matches->local, sizeof matches->local);
        }
      else
        matches->items = g_renew (Match, matches->items, 2 * matches->size);
      matches->size *= 2;
    }

  m = &matches->items[matches->len++];
  m->start = start;
  m->end = end;
  m->node = node;
  m->blocked = -1;
}

typedef struct
{
  const TzGazetteer *self;
  const char        *text;
  gsize              len;
  guint              context;
  gsize              trim_start;    /* the text without surrounding spaces */
  gsize              trim_end;
  /* The places settled in the first pass, as bitsets over division ids:
   * the places themselves, and those with every division enclosing one. */
  guint              n_evidence;
  guint32           *evidence;
  guint32           *evidence_area;
  gboolean           needs_evidence;
} Scan;

typedef struct
{
  guint    division;
  NameKind kind;
} Candidate;

static inline gunichar
char_at (const char  *p,
         const char  *end,
         const char **next)
{
  const guchar *u = (const guchar *)p;
  gunichar ch;

  if (u[0] < 0x80)
    {
      *next = p + 1;
      return u[0];
    }

  /* Chinese text is almost all three-byte sequences: decode those here
   * rather than through a call into GLib.  The checks are the ones
   * g_utf8_get_char_validated() makes (continuation bytes, no overlong
   * form, no surrogate), so the result is the same. */
  if ((u[0] & 0xF0) == 0xE0 && end - p >= 3 &&
      (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80)
    {
      ch = ((gunichar)(u[0] & 0x0F) << 12) | ((gunichar)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
      if (ch >= 0x800 && (ch & 0xF800) != 0xD800)
        {
          *next = p + 3;
          return ch;
        }
    }

  ch = g_utf8_get_char_validated (p, end - p);
  if (G_UNLIKELY (ch == (gunichar)-1 || ch == (gunichar)-2))
    {
      /* Not UTF-8: step over the byte, it can never be part of a name. */
      *next = p + 1;
      return 0xFFFD;
    }

  *next = g_utf8_next_char (p);
  return ch;
}

static gunichar
char_before (const Scan *scan,
             gsize       pos)
{
  const char *prev;
  const char *next;

  if (pos == 0)
    return 0;

  prev = g_utf8_find_prev_char (scan->text, scan->text + pos);
  if (prev == NULL)
    return 0;

  return char_at (prev, scan->text + pos, &next);
}

static gboolean
has_prefix_at (const Scan *scan,
               gsize       pos,
               const char *word)
{
  /* Byte by byte: nearly every word differs from the text in its first
   * or second byte, and this runs for every word of the lists. */
  for (gsize i = 0; word[i] != '\0'; i++)
    {
      if (pos + i >= scan->len || scan->text[pos + i] != word[i])
        return FALSE;
    }
  return pos <= scan->len;
}

static gboolean
followed_by_any (const Scan         *scan,
                 gsize               pos,
                 const char * const *words,
                 gsize               n_words)
{
  for (gsize i = 0; i < n_words; i++)
    {
      if (has_prefix_at (scan, pos, words[i]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
match_is (const Scan  *scan,
          const Match *m,
          const char  *name)
{
  gsize n = m->end - m->start;
  gsize i;

  /* As has_prefix_at(): give up at the first byte that differs. */
  for (i = 0; i < n && name[i] != '\0'; i++)
    {
      if (scan->text[m->start + i] != name[i])
        return FALSE;
    }
  return i == n && name[i] == '\0';
}

static gboolean
only_spaces (const Scan *scan,
             gsize       from,
             gsize       to)
{
  const char *p = scan->text + from;
  const char *end = scan->text + to;

  while (p < end)
    {
      const char *next;

      if (!g_unichar_isspace (char_at (p, end, &next)))
        return FALSE;
      p = next;
    }
  return TRUE;
}

static gboolean
in_evidence (const Scan *scan,
             guint       id)
{
  return scan->evidence != NULL && id < scan->self->n_divisions &&
         test_bit (scan->evidence, id);
}

/* The caller says the text is about @context: accept what is that place,
 * its direct parent, or encloses it. */
static gboolean
context_confirms (const Scan *scan,
                  guint       id)
{
  const TzGazetteer *self = scan->self;

  if (!valid_id (self, scan->context) || scan->context == TZ_DIVISION_NATION)
    return FALSE;

  return scan->context == id ||
         scan->context == self->divisions[id].parent ||
         is_ancestor (self, id, scan->context);
}

static gboolean
is_blocked (const Scan  *scan,
            const Match *m)
{
  if (followed_by_any (scan, m->end, blocking_suffixes, G_N_ELEMENTS (blocking_suffixes)))
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (blocking_pairs); i++)
    {
      if (!match_is (scan, m, blocking_pairs[i].name))
        continue;

      if (blocking_pairs[i].after != NULL &&
          has_prefix_at (scan, m->end, blocking_pairs[i].after))
        return TRUE;

      if (blocking_pairs[i].before != NULL && m->start > 0)
        {
          gunichar before = char_before (scan, m->start);

          for (const char *p = blocking_pairs[i].before; *p != '\0'; p = g_utf8_next_char (p))
            {
              if (g_utf8_get_char (p) == before)
                return TRUE;
            }
        }
    }

  return FALSE;
}

typedef enum
{
  CONFIRM_BY_EVIDENCE    = 1 << 0, /* the full name elsewhere in the text */
  CONFIRM_BY_INSTITUTION = 1 << 1, /* 崇川总工会, 江西籍 */
  CONFIRM_RISKY          = 1 << 2, /* the word before may swallow it (各市和县) */
} ConfirmFlags;

#define CONFIRM_SHORT (CONFIRM_BY_EVIDENCE | CONFIRM_BY_INSTITUTION)

/* Does something around a short form (or a risky full name) show that it
 * means the place?  @prev is the place right before it, if any. */
static gboolean
confirmed (Scan         *scan,
           const Match  *m,
           guint         prev,
           guint         id,
           ConfirmFlags  flags)
{
  const TzGazetteer *self = scan->self;

  /* 南通崇川, 绍兴柯桥, 浙江象山 */
  if (prev != TZ_DIVISION_NATION && is_ancestor (self, prev, id))
    return TRUE;

  /* A headline that is just the place: "象山". */
  if (m->start == scan->trim_start && m->end == scan->trim_end)
    return TRUE;

  if (context_confirms (scan, id))
    return TRUE;

  if ((flags & CONFIRM_BY_EVIDENCE) == 0)
    return FALSE;

  /* The same place is named in full elsewhere in the text. */
  if (in_evidence (scan, id))
    return TRUE;

  if ((flags & CONFIRM_BY_INSTITUTION) &&
      followed_by_any (scan, m->end, institution_words, G_N_ELEMENTS (institution_words)))
    {
      if ((flags & CONFIRM_RISKY) == 0 || prev != TZ_DIVISION_NONE ||
          g_unichar_get_script (char_before (scan, m->start)) != G_UNICODE_SCRIPT_HAN)
        return TRUE;
    }

  /* Maybe the full name turns up later in the text. */
  scan->needs_evidence = TRUE;
  return FALSE;
}

static gboolean
accept_entry (Scan        *scan,
              Match       *m,
              guint        prev,
              const Entry *entry)
{
  const TzGazetteer *self = scan->self;
  const Division *d = &self->divisions[entry->division];

  switch ((NameKind)entry->kind)
    {
    case NAME_FULL:
    case NAME_RENAMED:
      if (entry->flags & ENTRY_GENERIC)
        return (prev != TZ_DIVISION_NONE && prev == d->parent) ||
               context_confirms (scan, entry->division);

      /* 东方市场 and 义乌市场 are markets, 南京市场监管局 is still 南京市. */
      if (has_prefix_at (scan, m->end, "场") && g_str_has_suffix (d->name, "市") &&
          (d->level == TZ_REGION_LEVEL_COUNTY || (d->flags & DIVISION_COMMON_STEM)))
        return FALSE;

      /* 费县 in 经费县级, 示范县域. */
      if ((entry->flags & ENTRY_RISKY) ||
          ((entry->flags & ENTRY_TINY) &&
           (has_prefix_at (scan, m->end, "级") || has_prefix_at (scan, m->end, "域"))))
        return confirmed (scan, m, prev, entry->division, CONFIRM_SHORT | CONFIRM_RISKY);

      return TRUE;

    case NAME_ZONE:
      return TRUE;

    case NAME_SHORT:
      /* The same for all entries of the name, and in both readings. */
      if (m->blocked < 0)
        m->blocked = is_blocked (scan, m);
      if (m->blocked)
        return FALSE;
      if (entry->flags & ENTRY_DENY)
        return confirmed (scan, m, prev, entry->division, 0);
      /* 江苏, 内蒙古, 南通, 包头: provinces and prefectures are known by
       * their short names. */
      if (d->level <= TZ_REGION_LEVEL_PREFECTURE)
        return TRUE;
      return confirmed (scan, m, prev, entry->division, CONFIRM_SHORT);

    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

/* Keeps the candidates whose score is highest, if that score is positive. */
static guint
keep_best (Candidate   *cands,
           guint        n,
           const guint *scores)
{
  guint best = 0;
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    best = MAX (best, scores[i]);
  if (best == 0)
    return n;

  for (guint i = 0; i < n; i++)
    {
      if (scores[i] == best)
        cands[kept++] = cands[i];
    }
  return kept;
}

/* Narrows several readings of one name down, most specific clue first:
 * the place right before it, places named elsewhere in the text, the
 * caller's context, and for short forms the larger division. */
static guint
resolve (const Scan *scan,
         Candidate  *cands,
         guint       n,
         guint       prev)
{
  const TzGazetteer *self = scan->self;
  guint scores[MAX_CANDIDATES];

  if (n > 1 && valid_id (self, prev) && prev != TZ_DIVISION_NATION)
    {
      for (guint i = 0; i < n; i++)
        scores[i] = is_ancestor (self, prev, cands[i].division) ? 1 : 0;
      n = keep_best (cands, n, scores);
    }

  if (n > 1 && scan->n_evidence > 0)
    {
      /* The level of the smallest division that encloses (or is) both the
       * candidate and some place of the evidence: going up from the
       * candidate, the first division in the area of the evidence. */
      for (guint i = 0; i < n; i++)
        {
          scores[i] = 0;
          for (guint p = cands[i].division; p != TZ_DIVISION_NONE; p = self->divisions[p].parent)
            {
              if (test_bit (scan->evidence_area, p))
                {
                  scores[i] = self->divisions[p].level;
                  break;
                }
            }
        }
      n = keep_best (cands, n, scores);
    }

  if (n > 1 && valid_id (self, scan->context) && scan->context != TZ_DIVISION_NATION)
    {
      for (guint i = 0; i < n; i++)
        scores[i] = shared_depth (self, cands[i].division, scan->context);
      n = keep_best (cands, n, scores);
    }

  if (n > 1)
    {
      gboolean all_short = TRUE;

      for (guint i = 0; i < n; i++)
        all_short = all_short && cands[i].kind == NAME_SHORT;

      /* 吉林 is the province unless it says 吉林市; 阜新 is the city. */
      if (all_short)
        {
          for (guint i = 0; i < n; i++)
            scores[i] = TZ_REGION_LEVEL_COUNTY + 1 - self->divisions[cands[i].division].level;
          n = keep_best (cands, n, scores);
        }
    }

  return n;
}

static TzPlaceFlags
kind_flags (NameKind kind)
{
  switch (kind)
    {
    case NAME_SHORT:
      return TZ_PLACE_SHORT_FORM;
    case NAME_RENAMED:
    case NAME_ZONE:
      return TZ_PLACE_ALIAS;
    case NAME_FULL:
    default:
      return 0;
    }
}

static gboolean
evaluate (Scan    *scan,
          Match   *m,
          guint    prev,
          TzPlace *place)
{
  const TzGazetteer *self = scan->self;
  Candidate cands[MAX_CANDIDATES];
  guint n = 0;
  guint n_all;

  for (guint e = self->node_entries[m->node]; e != 0; e = self->entries[e].next)
    {
      const Entry *entry = &self->entries[e];

      if (n < MAX_CANDIDATES && accept_entry (scan, m, prev, entry))
        {
          cands[n].division = entry->division;
          cands[n].kind = entry->kind;
          n++;
        }
    }

  if (n == 0)
    return FALSE;

  n_all = n;
  n = resolve (scan, cands, n, prev);

  place->start = m->start;
  place->end = m->end;

  if (n == 1)
    {
      place->id = cands[0].division;
      place->flags = kind_flags (cands[0].kind);
    }
  else
    {
      TzPlaceFlags common = kind_flags (cands[0].kind);

      /* Flag what all readings agree on (all short forms, say). */
      for (guint i = 1; i < n_all; i++)
        {
          if (kind_flags (cands[i].kind) != common)
            common = 0;
        }

      place->id = TZ_DIVISION_NONE;
      place->flags = common | TZ_PLACE_AMBIGUOUS;
      scan->needs_evidence = TRUE;
    }

  return TRUE;
}

/* Notes every name that starts at @p, by length. */
static void
match_at (const Scan *scan,
          const char *p,
          Matches    *matches)
{
  const TzGazetteer *self = scan->self;
  const char *end = scan->text + scan->len;
  const char *q;
  gunichar ch = char_at (p, end, &q);
  guint node = ch < 0x80 ? 0 : trie_child (self, 0, ch);

  /* Walk the trie as far as the text follows it, noting every name that
   * ends on the way. */
  while (node != 0)
    {
      if (self->node_entries[node] != 0)
        matches_add (matches, p - scan->text, q - scan->text, node);
      if (q >= end)
        break;
      ch = char_at (q, end, &q);
      node = trie_child (self, node, ch);
    }
}

/* Steps over the character at @p as char_at() does, and returns its key
 * for may_start_name(). */
static inline guint32
key_at (const char  *p,
        const char  *end,
        const char **next)
{
  if (G_LIKELY (end - p >= 4))
    {
      guint32 w;

      memcpy (&w, p, sizeof w);
      w = GUINT32_FROM_LE (w);

      /* 1110xxxx 10xxxxxx 10xxxxxx, nearly every character of a report.
       * Overlong forms and surrogates pass too, which char_at() would
       * step over byte by byte, but no name starts on those bytes. */
      if ((w & 0xC0C0F0) == 0x8080E0)
        {
          *next = p + 3;
          return w & 0xFFFFFF;
        }
      if ((w & 0x80) == 0)
        {
          *next = p + 1;
          return w & 0x7F;
        }
    }

  char_at (p, end, next);
  return char_key (p, *next);
}

static void
collect_matches (const Scan *scan,
                 Matches    *matches)
{
  const TzGazetteer *self = scan->self;
  const char *end = scan->text + scan->len;
  const char *p = scan->text;
  const char *last = p; /* the character before @p */
  guint32 last_key = 0;

  /* Every character is read once, and a name may start at the one before
   * it only if the two can begin a name.  Matches come out by start, then
   * length. */
  if (p < end)
    last_key = key_at (p, end, &p);

  while (p < end)
    {
      const char *next;
      guint32 key = key_at (p, end, &next);

      if (may_start_name (self, last_key, key))
        match_at (scan, last, matches);

      last = p;
      last_key = key;
      p = next;
    }

  /* A name of one character could still end the text. */
  if (self->has_one_char_names && last < end)
    match_at (scan, last, matches);
}

/* Leftmost, then longest: take the longest acceptable name starting at
 * each position not already covered. */
static void
select_places (Scan    *scan,
               Matches *matches,
               GArray  *places)
{
  gsize covered = 0;
  guint i = 0;

  g_array_set_size (places, 0);

  while (i < matches->len)
    {
      const Match *first = &matches->items[i];
      guint group_end = i;
      guint prev = TZ_DIVISION_NONE;

      while (group_end < matches->len &&
             matches->items[group_end].start == first->start)
        group_end++;

      if (first->start >= covered)
        {
          if (places->len > 0)
            {
              const TzPlace *last = &g_array_index (places, TzPlace, places->len - 1);

              if (only_spaces (scan, last->end, first->start))
                prev = last->id;
            }

          for (guint j = group_end; j > i; j--)
            {
              Match *m = &matches->items[j - 1];
              TzPlace place;

              if (evaluate (scan, m, prev, &place))
                {
                  g_array_append_val (places, place);
                  covered = m->end;
                  break;
                }
            }
        }

      i = group_end;
    }
}

guint
tz_places_lower_bound (const GArray *places,
                       gsize         offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (places != NULL, 0);

  hi = places->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (places, TzPlace, mid).start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * tz_gazetteer_find_places:
 * @text: UTF-8 text
 * @len: its length in bytes, or -1 if NUL-terminated
 * @context: a division the caller knows the text is about, or
 *   %TZ_DIVISION_NONE
 *
 * Finds the places named in @text, longest match first and without
 * overlaps.  A name shared by several places that nothing in the text or
 * @context resolves is returned with id %TZ_DIVISION_NONE and
 * %TZ_PLACE_AMBIGUOUS.
 *
 * Returns: (transfer full) (element-type TzPlace): the places, by start
 */
GArray *
tz_gazetteer_find_places (TzGazetteer *self,
                          const char  *text,
                          gssize       len,
                          guint        context)
{
  Scan scan = { 0, };
  Matches matches;
  GArray *places;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);

  if (text == NULL)
    return g_array_new (FALSE, FALSE, sizeof (TzPlace));

  scan.self = self;
  scan.text = text;
  scan.len = len < 0 ? strlen (text) : (gsize)len;
  scan.context = valid_id (self, context) ? context : TZ_DIVISION_NONE;

  scan.trim_start = 0;
  scan.trim_end = scan.len;
  while (scan.trim_start < scan.len)
    {
      const char *next;

      if (!g_unichar_isspace (char_at (text + scan.trim_start, text + scan.len, &next)))
        break;
      scan.trim_start = next - text;
    }
  while (scan.trim_end > scan.trim_start)
    {
      const char *prev = g_utf8_find_prev_char (text, text + scan.trim_end);
      const char *next;

      if (prev == NULL || !g_unichar_isspace (char_at (prev, text + scan.trim_end, &next)))
        break;
      scan.trim_end = prev - text;
    }

  matches_init (&matches);
  collect_matches (&scan, &matches);

  /* There are never more places than names found. */
  places = g_array_sized_new (FALSE, FALSE, sizeof (TzPlace), matches.len);
  if (matches.len > 0)
    select_places (&scan, &matches, places);

  /* A short form or a shared name may be settled by a place named further
   * on ("和平区 … 天津市"): read once more knowing every place the first
   * reading was sure of. */
  if (scan.needs_evidence && places->len > 0)
    {
      gsize n_words = (self->n_divisions + 31) / 32;
      g_autofree guint32 *bits = g_new0 (guint32, 2 * n_words);

      scan.evidence = bits;
      scan.evidence_area = bits + n_words;
      for (guint i = 0; i < places->len; i++)
        {
          guint id = g_array_index (places, TzPlace, i).id;

          if (id != TZ_DIVISION_NONE && id != TZ_DIVISION_NATION && !in_evidence (&scan, id))
            {
              set_bit (scan.evidence, id);
              for (guint p = id; p != TZ_DIVISION_NONE; p = self->divisions[p].parent)
                set_bit (scan.evidence_area, p);
              scan.n_evidence++;
            }
        }

      if (scan.n_evidence > 0)
        select_places (&scan, &matches, places);
    }

  matches_clear (&matches);

  return places;
}

/**
 * tz_gazetteer_lookup_name:
 * @name: a name on its own: "崇川区", "港闸区", "南通", "鼓楼区"
 * @context: a division that settles names shared by several places, or
 *   %TZ_DIVISION_NONE
 *
 * Looks up a name given on its own (a command-line option, a field of a
 * form).  Unlike tz_gazetteer_find_places() every known name counts, since
 * there is no prose around it to be confused with.
 *
 * Returns: the division id, or %TZ_DIVISION_NONE if the name is unknown or
 *   still ambiguous
 */
guint
tz_gazetteer_lookup_name (TzGazetteer *self,
                          const char  *name,
                          guint        context)
{
  Scan scan = { 0, };
  Candidate cands[MAX_CANDIDATES];
  guint node = 0;
  guint n = 0;
  gboolean any_full = FALSE;

  g_return_val_if_fail (self != NULL, TZ_DIVISION_NONE);

  if (name == NULL || *name == '\0' || !g_utf8_validate (name, -1, NULL))
    return TZ_DIVISION_NONE;

  for (const char *p = name; *p != '\0' && (p == name || node != 0); p = g_utf8_next_char (p))
    node = trie_child (self, node, g_utf8_get_char (p));
  if (node == 0)
    return TZ_DIVISION_NONE;

  for (guint e = self->node_entries[node]; e != 0; e = self->entries[e].next)
    any_full = any_full || self->entries[e].kind == NAME_FULL;

  /* An official name beats a short form that happens to be spelled the
   * same. */
  for (guint e = self->node_entries[node]; e != 0 && n < MAX_CANDIDATES; e = self->entries[e].next)
    {
      if (!any_full || self->entries[e].kind == NAME_FULL)
        {
          cands[n].division = self->entries[e].division;
          cands[n].kind = self->entries[e].kind;
          n++;
        }
    }

  scan.self = self;
  scan.context = valid_id (self, context) ? context : TZ_DIVISION_NONE;
  n = resolve (&scan, cands, n, TZ_DIVISION_NONE);

  return n == 1 ? cands[0].division : TZ_DIVISION_NONE;
}
