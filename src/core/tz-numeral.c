/* tz-numeral.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-numeral"

#include "config.h"

#include <string.h>

#include "tz-numeral.h"

/* Code points the scanner looks at. */
#define CH_LING0   0x3007 /* 〇 */
#define CH_LING    0x96F6 /* 零 */
#define CH_YI1     0x4E00 /* 一 */
#define CH_ER      0x4E8C /* 二 */
#define CH_SAN     0x4E09 /* 三 */
#define CH_SI      0x56DB /* 四 */
#define CH_WU      0x4E94 /* 五 */
#define CH_LIU     0x516D /* 六 */
#define CH_QI      0x4E03 /* 七 */
#define CH_BA      0x516B /* 八 */
#define CH_JIU     0x4E5D /* 九 */
#define CH_LIANG   0x4E24 /* 两 */
#define CH_SHI     0x5341 /* 十 */
#define CH_BAI     0x767E /* 百 */
#define CH_QIAN    0x5343 /* 千 */
#define CH_WAN     0x4E07 /* 万 */
#define CH_YI      0x4EBF /* 亿 */
#define CH_F_YI    0x58F9 /* 壹 */
#define CH_F_ER    0x8D30 /* 贰 */
#define CH_F_SAN   0x53C1 /* 叁 */
#define CH_F_SI    0x8086 /* 肆 */
#define CH_F_WU    0x4F0D /* 伍 */
#define CH_F_LIU   0x9646 /* 陆 */
#define CH_F_QI    0x67D2 /* 柒 */
#define CH_F_BA    0x634C /* 捌 */
#define CH_F_JIU   0x7396 /* 玖 */
#define CH_F_SHI   0x62FE /* 拾 */
#define CH_F_BAI   0x4F70 /* 佰 */
#define CH_F_QIAN  0x4EDF /* 仟 */
#define CH_YU      0x4F59 /* 余 */
#define CH_DUO     0x591A /* 多 */
#define CH_SHANG   0x4E0A /* 上 */
#define CH_GUO     0x8FC7 /* 过 */
#define CH_DIAN    0x70B9 /* 点 */
#define CH_FEN     0x5206 /* 分 */
#define CH_ZHI     0x4E4B /* 之 */
#define CH_JI      0x51E0 /* 几 */
#define CH_SHU     0x6570 /* 数 */
#define CH_CHENG   0x6210 /* 成 */
#define CH_ZHI4    0x81F3 /* 至 */
#define CH_DAO     0x5230 /* 到 */
#define CH_EMDASH  0x2014 /* — */
#define CH_ENDASH  0x2013 /* – */
#define CH_FWTILDE 0xFF5E /* ～ */
#define CH_WDASH   0x301C /* 〜 */
#define CH_FWMINUS 0xFF0D /* － */

/* Finer than this is never a reported figure, and it keeps every scale a
 * power of ten that fits in a gint64. */
#define MAX_SCAN_SCALE    12
#define MAX_DECIMAL_SCALE 18

/* Longest run of Chinese numeral characters looked at; real figures are far
 * shorter, and a bound keeps the token buffer on the stack. */
#define TOK_MAX 40

static const gint64 pow10_table[MAX_DECIMAL_SCALE + 1] = {
  G_GINT64_CONSTANT (1),
  G_GINT64_CONSTANT (10),
  G_GINT64_CONSTANT (100),
  G_GINT64_CONSTANT (1000),
  G_GINT64_CONSTANT (10000),
  G_GINT64_CONSTANT (100000),
  G_GINT64_CONSTANT (1000000),
  G_GINT64_CONSTANT (10000000),
  G_GINT64_CONSTANT (100000000),
  G_GINT64_CONSTANT (1000000000),
  G_GINT64_CONSTANT (10000000000),
  G_GINT64_CONSTANT (100000000000),
  G_GINT64_CONSTANT (1000000000000),
  G_GINT64_CONSTANT (10000000000000),
  G_GINT64_CONSTANT (100000000000000),
  G_GINT64_CONSTANT (1000000000000000),
  G_GINT64_CONSTANT (10000000000000000),
  G_GINT64_CONSTANT (100000000000000000),
  G_GINT64_CONSTANT (1000000000000000000),
};

/* Every power of ten up to 10^22 is an exact double. */
static const double pow10_double[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* ------------------------------------------------------------------ */
/* TzDecimal                                                          */
/* ------------------------------------------------------------------ */

void
tz_decimal_normalize (TzDecimal *dec)
{
  g_return_if_fail (dec != NULL);

  if (dec->digits == 0)
    {
      dec->scale = 0;
      return;
    }

  while (dec->scale > 0 && dec->digits % 10 == 0)
    {
      dec->digits /= 10;
      dec->scale--;
    }
}

gboolean
tz_decimal_mul_pow10 (TzDecimal *dec,
                      int        exponent)
{
  TzDecimal d;

  g_return_val_if_fail (dec != NULL, FALSE);

  d = *dec;

  if (d.digits == 0)
    {
      dec->scale = 0;
      return TRUE;
    }

  if (exponent >= 0)
    {
      guint e = (guint) exponent;
      guint drop = MIN (e, d.scale);

      /* Consume the fraction first: 21.5045 × 10^4 only lowers the scale. */
      d.scale -= drop;
      e -= drop;
      if (e > 0)
        {
          gint64 f;

          if (e > MAX_DECIMAL_SCALE)
            return FALSE;
          f = pow10_table[e];
          if (d.digits > G_MAXINT64 / f || d.digits < G_MININT64 / f)
            return FALSE;
          d.digits *= f;
        }
    }
  else
    {
      /* Written so that G_MININT negates safely. */
      guint e = (guint) (-(exponent + 1)) + 1;

      while (e > 0 && d.scale == 0 && d.digits % 10 == 0)
        {
          d.digits /= 10;
          e--;
        }
      tz_decimal_normalize (&d);
      if (e > MAX_DECIMAL_SCALE || d.scale + e > MAX_DECIMAL_SCALE)
        return FALSE;
      d.scale += e;
    }

  tz_decimal_normalize (&d);
  *dec = d;
  return TRUE;
}

static inline gboolean
push_digit (gint64 *acc,
            guint   digit)
{
  if (*acc > (G_MAXINT64 - (gint64) digit) / 10)
    return FALSE;
  *acc = *acc * 10 + digit;
  return TRUE;
}

gboolean
tz_decimal_parse (const char *str,
                  TzDecimal  *dec)
{
  const char *p;
  gboolean negative = FALSE;
  gint64 digits = 0;
  guint scale = 0;

  g_return_val_if_fail (dec != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  p = str;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    if (!push_digit (&digits, (guint) (*p++ - '0')))
      return FALSE;

  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        {
          if (scale == MAX_DECIMAL_SCALE
              || !push_digit (&digits, (guint) (*p++ - '0')))
            return FALSE;
          scale++;
        }
    }

  if (*p != '\0')
    return FALSE;

  dec->digits = negative ? -digits : digits;
  dec->scale = scale;
  tz_decimal_normalize (dec);
  return TRUE;
}

char *
tz_decimal_to_string (const TzDecimal *dec)
{
  TzDecimal d;
  char buf[20]; /* G_MAXUINT64 has 20 digits */
  const char *first;
  char *result, *out;
  guint64 magnitude;
  gsize n = 0;

  g_return_val_if_fail (dec != NULL, NULL);

  d = *dec;
  tz_decimal_normalize (&d);

  /* Via guint64 so that G_MININT64 has a magnitude too. Written by hand:
   * an import formats every figure on its one writer thread, and
   * g_snprintf() and a GString took most of a thousand instructions. */
  magnitude = d.digits < 0 ? (guint64) 0 - (guint64) d.digits
                           : (guint64) d.digits;
  do
    {
      buf[sizeof buf - ++n] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude != 0);
  first = buf + sizeof buf - n;

  out = result = g_malloc ((d.digits < 0) + MAX (n, (gsize) d.scale + 1) + 2);
  if (d.digits < 0)
    *out++ = '-';

  if (d.scale == 0)
    {
      memcpy (out, first, n);
      out += n;
    }
  else if (n > d.scale)
    {
      memcpy (out, first, n - d.scale);
      out += n - d.scale;
      *out++ = '.';
      memcpy (out, first + n - d.scale, d.scale);
      out += d.scale;
    }
  else
    {
      *out++ = '0';
      *out++ = '.';
      memset (out, '0', d.scale - n);
      out += d.scale - n;
      memcpy (out, first, n);
      out += n;
    }
  *out = '\0';

  return result;
}

double
tz_decimal_to_double (const TzDecimal *dec)
{
  double result;
  guint scale;

  g_return_val_if_fail (dec != NULL, 0.0);

  result = (double) dec->digits;
  scale = dec->scale;

  /* Powers of ten up to 10^22 are exact doubles, so for every scale the
   * scanner produces this is a single correctly rounded division. */
  while (scale > 22)
    {
      result /= 1e22;
      scale -= 22;
    }

  return result / pow10_double[scale];
}

int
tz_decimal_compare (const TzDecimal *a,
                    const TzDecimal *b)
{
  TzDecimal x, y;
  gint64 xi, xf, yi, yf;
  guint s;

  g_return_val_if_fail (a != NULL, 0);
  g_return_val_if_fail (b != NULL, 0);

  x = *a;
  y = *b;
  tz_decimal_normalize (&x);
  tz_decimal_normalize (&y);

  if (x.scale > MAX_DECIMAL_SCALE || y.scale > MAX_DECIMAL_SCALE)
    {
      double dx = tz_decimal_to_double (&x);
      double dy = tz_decimal_to_double (&y);

      return (dx > dy) - (dx < dy);
    }

  /* Integer parts first, then fractions brought to a common scale; a
   * fraction is below 10^scale, so scaling it up cannot overflow. */
  xi = x.digits / pow10_table[x.scale];
  xf = x.digits % pow10_table[x.scale];
  yi = y.digits / pow10_table[y.scale];
  yf = y.digits % pow10_table[y.scale];

  if (xi != yi)
    return xi < yi ? -1 : 1;

  s = MAX (x.scale, y.scale);
  xf *= pow10_table[s - x.scale];
  yf *= pow10_table[s - y.scale];

  return (xf > yf) - (xf < yf);
}

/* ------------------------------------------------------------------ */
/* Characters                                                         */
/* ------------------------------------------------------------------ */

/* Decodes the character at @pos and sets *next past it. Returns 0 at the
 * end of the text and for malformed bytes: neither is part of a number. */
static inline gunichar
char_at (const char *text,
         gsize       len,
         gsize       pos,
         gsize      *next)
{
  const guchar *s = (const guchar *) text;
  guchar c;

  if (pos >= len)
    {
      *next = pos;
      return 0;
    }

  c = s[pos];
  if (c < 0x80)
    {
      *next = pos + 1;
      return c;
    }
  if ((c & 0xF0) == 0xE0 && pos + 2 < len
      && (s[pos + 1] & 0xC0) == 0x80 && (s[pos + 2] & 0xC0) == 0x80)
    {
      *next = pos + 3;
      return ((gunichar) (c & 0x0F) << 12)
             | ((gunichar) (s[pos + 1] & 0x3F) << 6)
             | (gunichar) (s[pos + 2] & 0x3F);
    }
  if ((c & 0xE0) == 0xC0 && pos + 1 < len && (s[pos + 1] & 0xC0) == 0x80)
    {
      *next = pos + 2;
      return ((gunichar) (c & 0x1F) << 6) | (gunichar) (s[pos + 1] & 0x3F);
    }
  if ((c & 0xF8) == 0xF0 && pos + 3 < len
      && (s[pos + 1] & 0xC0) == 0x80 && (s[pos + 2] & 0xC0) == 0x80
      && (s[pos + 3] & 0xC0) == 0x80)
    {
      *next = pos + 4;
      return ((gunichar) (c & 0x07) << 18)
             | ((gunichar) (s[pos + 1] & 0x3F) << 12)
             | ((gunichar) (s[pos + 2] & 0x3F) << 6)
             | (gunichar) (s[pos + 3] & 0x3F);
    }

  *next = pos + 1;
  return 0;
}

/* The character ending just before @pos; *prev is where it starts. */
static inline gunichar
char_before (const char *text,
             gsize       len,
             gsize       pos,
             gsize      *prev)
{
  const guchar *s = (const guchar *) text;
  gsize p, next;
  gunichar ch;

  if (pos == 0)
    {
      *prev = 0;
      return 0;
    }

  p = pos - 1;
  while (p > 0 && pos - p < 4 && (s[p] & 0xC0) == 0x80)
    p--;

  ch = char_at (text, len, p, &next);
  *prev = p;
  return next == pos ? ch : 0;
}

enum
{
  K_NONE,
  K_DIGIT,
  K_SMALL, /* 十 百 千: val is the power of ten */
  K_BIG,   /* 万 亿 */
  K_POINT, /* 点 between digits */
};

static inline int
classify (gunichar  ch,
          guint    *val,
          gboolean *financial)
{
  *financial = FALSE;

  switch (ch)
    {
    case CH_LING0:
    case CH_LING:   *val = 0; return K_DIGIT;
    case CH_YI1:    *val = 1; return K_DIGIT;
    case CH_ER:
    case CH_LIANG:  *val = 2; return K_DIGIT;
    case CH_SAN:    *val = 3; return K_DIGIT;
    case CH_SI:     *val = 4; return K_DIGIT;
    case CH_WU:     *val = 5; return K_DIGIT;
    case CH_LIU:    *val = 6; return K_DIGIT;
    case CH_QI:     *val = 7; return K_DIGIT;
    case CH_BA:     *val = 8; return K_DIGIT;
    case CH_JIU:    *val = 9; return K_DIGIT;
    case CH_SHI:    *val = 1; return K_SMALL;
    case CH_BAI:    *val = 2; return K_SMALL;
    case CH_QIAN:   *val = 3; return K_SMALL;
    case CH_WAN:    *val = 4; return K_BIG;
    case CH_YI:     *val = 8; return K_BIG;
    case CH_F_YI:   *val = 1; *financial = TRUE; return K_DIGIT;
    case CH_F_ER:   *val = 2; *financial = TRUE; return K_DIGIT;
    case CH_F_SAN:  *val = 3; *financial = TRUE; return K_DIGIT;
    case CH_F_SI:   *val = 4; *financial = TRUE; return K_DIGIT;
    case CH_F_WU:   *val = 5; *financial = TRUE; return K_DIGIT;
    case CH_F_LIU:  *val = 6; *financial = TRUE; return K_DIGIT;
    case CH_F_QI:   *val = 7; *financial = TRUE; return K_DIGIT;
    case CH_F_BA:   *val = 8; *financial = TRUE; return K_DIGIT;
    case CH_F_JIU:  *val = 9; *financial = TRUE; return K_DIGIT;
    case CH_F_SHI:  *val = 1; *financial = TRUE; return K_SMALL;
    case CH_F_BAI:  *val = 2; *financial = TRUE; return K_SMALL;
    case CH_F_QIAN: *val = 3; *financial = TRUE; return K_SMALL;
    default:
      return K_NONE;
    }
}

static inline gboolean
is_magnitude (gunichar ch)
{
  return ch == CH_SHI || ch == CH_BAI || ch == CH_QIAN || ch == CH_WAN
         || ch == CH_YI || ch == CH_F_SHI || ch == CH_F_BAI
         || ch == CH_F_QIAN;
}

gboolean
tz_numeral_char_is_start (gunichar ch)
{
  guint val;
  gboolean financial;

  if (ch < 0x80)
    return ch >= '0' && ch <= '9';

  return classify (ch, &val, &financial) != K_NONE
         || ch == CH_SHANG || ch == CH_GUO;
}

/* ------------------------------------------------------------------ */
/* Scanning                                                           */
/* ------------------------------------------------------------------ */

/* One number, before ranges are put together. */
typedef struct
{
  gsize         end;
  TzDecimal     value;
  TzDecimal     low;
  TzApprox      approx;
  TzNumberFlags flags;
  int           mult; /* power of ten of a trailing 万/亿 …, so "20至50万" can share it */
} Part;

static inline gboolean
followed_by_fen_zhi (const char *text,
                     gsize       len,
                     gsize       pos)
{
  gsize next;

  return char_at (text, len, pos, &next) == CH_FEN
         && char_at (text, len, next, &next) == CH_ZHI;
}

#define MULT_TEN   (1u << 0) /* 十 may lead: "三四十万" */
#define MULT_SMALL (1u << 1) /* 百/千 may lead: "3千", "七八百" */

/* Reads a multiplier such as 万, 亿, 千万 or 万亿 at @pos and returns its
 * power of ten, 0 if there is none. Big units must exceed @floor_exp, the
 * largest the number already has: "一千多万" reads on, "一亿多万" not. */
static int
scan_multiplier (const char *text,
                 gsize       len,
                 gsize       pos,
                 guint       allow,
                 int         floor_exp,
                 gsize      *end)
{
  gsize p = pos, next;
  gunichar ch;
  int exponent = 0;

  ch = char_at (text, len, p, &next);
  if (((allow & MULT_TEN) && ch == CH_SHI)
      || ((allow & MULT_SMALL) && (ch == CH_BAI || ch == CH_QIAN)))
    {
      gsize after;

      /* 百分之 / 百分点 start a percentage, they do not scale the number. */
      if (ch == CH_BAI && char_at (text, len, next, &after) == CH_FEN)
        {
          *end = pos;
          return 0;
        }
      exponent = ch == CH_SHI ? 1 : ch == CH_BAI ? 2 : 3;
      p = next;
      ch = char_at (text, len, p, &next);
    }
  if (ch == CH_WAN && floor_exp < 4)
    {
      exponent += 4;
      p = next;
      ch = char_at (text, len, p, &next);
    }
  if (ch == CH_YI && floor_exp < 8)
    {
      exponent += 8;
      p = next;
    }

  *end = p;
  return exponent;
}

/* 余/多 right after a number: "30余", "40多". */
static inline gboolean
scan_more (const char *text,
           gsize       len,
           gsize       pos,
           gsize      *end)
{
  gunichar ch = char_at (text, len, pos, end);

  return ch == CH_YU || ch == CH_DUO;
}

/* What may not follow any number: 几 makes it vague ("十几", "20几") and
 * 分之 makes it a fraction ("三分之一"). */
static inline gboolean
bad_follower (const char *text,
              gsize       len,
              gsize       pos)
{
  gsize next;

  return char_at (text, len, pos, &next) == CH_JI
         || followed_by_fen_zhi (text, len, pos);
}

static void
part_set (Part          *part,
          gsize          end,
          gint64         digits,
          guint          scale,
          TzApprox       approx,
          TzNumberFlags  flags,
          int            mult)
{
  part->end = end;
  part->value.digits = digits;
  part->value.scale = scale;
  tz_decimal_normalize (&part->value);
  part->low = part->value;
  part->approx = approx;
  part->flags = flags;
  part->mult = mult;
}

static gboolean
scan_arabic (const char *text,
             gsize       len,
             gsize       pos,
             Part       *part)
{
  const guchar *s = (const guchar *) text;
  gsize p = pos, q;
  gint64 digits = 0;
  guint scale = 0, n_int = 0;
  TzApprox approx = TZ_APPROX_EXACT;
  int mult;

  while (p < len && g_ascii_isdigit (s[p]))
    {
      if (!push_digit (&digits, (guint) (s[p] - '0')))
        return FALSE;
      p++;
      n_int++;
    }
  if (n_int == 0)
    return FALSE;

  /* Thousands separators: exactly three digits after each comma and no
   * digit after them, so "2,3" and list commas stay outside. */
  if (n_int <= 3)
    {
      while (p + 3 < len && s[p] == ','
             && g_ascii_isdigit (s[p + 1]) && g_ascii_isdigit (s[p + 2])
             && g_ascii_isdigit (s[p + 3])
             && (p + 4 >= len || !g_ascii_isdigit (s[p + 4])))
        {
          for (q = p + 1; q < p + 4; q++)
            if (!push_digit (&digits, (guint) (s[q] - '0')))
              return FALSE;
          p += 4;
        }
    }

  if (p + 1 < len && s[p] == '.' && g_ascii_isdigit (s[p + 1]))
    {
      p++;
      while (p < len && g_ascii_isdigit (s[p]))
        {
          if (scale == MAX_SCAN_SCALE
              || !push_digit (&digits, (guint) (s[p] - '0')))
            return FALSE;
          scale++;
          p++;
        }
      /* "1.2.3" and "2021.05.30" are section numbers and dates. */
      if (p + 1 < len && s[p] == '.' && g_ascii_isdigit (s[p + 1]))
        return FALSE;
    }

  /* "5G", "3D", "10kg": not a figure we understand. */
  if (p < len && g_ascii_isalpha (s[p]))
    return FALSE;
  if (bad_follower (text, len, p))
    return FALSE;

  if (scan_more (text, len, p, &q))
    {
      approx = TZ_APPROX_MORE_THAN;
      p = q;
      mult = scan_multiplier (text, len, p, 0, 0, &p);
    }
  else
    {
      mult = scan_multiplier (text, len, p, MULT_SMALL, 0, &p);
      if (scan_more (text, len, p, &q))
        {
          approx = TZ_APPROX_MORE_THAN;
          p = q;
        }
    }

  part_set (part, p, digits, scale, approx, TZ_NUMBER_ARABIC, mult);
  if (mult > 0)
    {
      if (!tz_decimal_mul_pow10 (&part->value, mult))
        return FALSE;
      part->low = part->value;
    }

  return TRUE;
}

/* 上万, 上千, 过万, 上百万, 过亿: more than a bare magnitude. */
static gboolean
scan_over (const char *text,
           gsize       len,
           gsize       pos,
           Part       *part)
{
  gsize p, next;
  int exponent;

  char_at (text, len, pos, &next);
  exponent = scan_multiplier (text, len, next, MULT_SMALL, 0, &p);
  if (exponent == 0 || bad_follower (text, len, p))
    return FALSE;

  part_set (part, p, 1, 0, TZ_APPROX_MORE_THAN,
            TZ_NUMBER_CHINESE | TZ_NUMBER_BARE_MAGNITUDE, 0);
  if (!tz_decimal_mul_pow10 (&part->value, exponent))
    return FALSE;
  part->low = part->value;
  return TRUE;
}

typedef struct
{
  guint8 kind;
  guint8 val;
  guint8 financial;
  guint8 liang;
  gsize  end;
} Tok;

/* Two adjacent digits "五六", "一两", or a digit string "二〇二三". */
static gboolean
scan_digit_run (const char *text,
                gsize       len,
                const Tok  *tok,
                guint       ntok,
                guint       n,
                Part       *part)
{
  gint64 digits = 0;
  gsize end;
  int exponent;

  for (guint i = 0; i < n; i++)
    if (tok[i].financial)
      return FALSE;

  if (n == 2)
    {
      guint a = tok[0].val, b = tok[1].val;

      /* "三五" is the common "three to five"; other gaps are codes
       * ("五一", "三一") or idioms ("一一", "两两"). */
      if (a == 0 || !(b == a + 1 || (a == 3 && b == 5)))
        return FALSE;

      exponent = scan_multiplier (text, len, tok[1].end,
                                  MULT_TEN | MULT_SMALL, 0, &end);
      if (bad_follower (text, len, end))
        return FALSE;
      part_set (part, end, a, 0, TZ_APPROX_ABOUT,
                TZ_NUMBER_CHINESE | TZ_NUMBER_PAIR, exponent);
      if (!tz_decimal_mul_pow10 (&part->value, exponent))
        return FALSE;
      part->low = part->value;
      return TRUE;
    }

  /* A digit string is read digit by digit, which makes no sense with a
   * magnitude or 两 in it. */
  if (n < ntok)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (tok[i].liang || !push_digit (&digits, tok[i].val))
      return FALSE;
  if (bad_follower (text, len, tok[n - 1].end))
    return FALSE;

  part_set (part, tok[n - 1].end, digits, 0, TZ_APPROX_EXACT,
            TZ_NUMBER_CHINESE, 0);
  return TRUE;
}

static gboolean
scan_chinese (const char *text,
              gsize       len,
              gsize       pos,
              Part       *part)
{
  Tok tok[TOK_MAX];
  guint ntok = 0, n_lead = 0, used = 0, i;
  gsize p = pos, next, end;
  gint64 yi = 0, wan = 0, sec = 0, pend_unit = 1, ival, frac = 0;
  int pend = -1, prev = K_NONE, max_big = 0, trailing_big = 0, mult = 0;
  guint last_small = 0, unit_prev = 0, frac_n = 0;
  gboolean pend_big = FALSE, saw_wan = FALSE, any_digit = FALSE;
  gboolean has_point = FALSE, prev_zero = FALSE;
  TzApprox approx = TZ_APPROX_EXACT;
  TzNumberFlags flags = TZ_NUMBER_CHINESE;
  TzDecimal value;

  while (ntok < TOK_MAX)
    {
      gunichar ch = char_at (text, len, p, &next);
      guint val;
      gboolean financial;
      int kind = classify (ch, &val, &financial);

      if (kind == K_NONE)
        {
          gsize after;
          gunichar digit_ch;

          /* 点 is a decimal point only between digits: "三点五". */
          if (ch != CH_DIAN || ntok == 0 || tok[ntok - 1].kind != K_DIGIT)
            break;
          digit_ch = char_at (text, len, next, &after);
          if (digit_ch == CH_LIANG
              || classify (digit_ch, &val, &financial) != K_DIGIT)
            break;
          kind = K_POINT;
          val = 0;
          financial = FALSE;
        }

      tok[ntok].kind = kind;
      tok[ntok].val = val;
      tok[ntok].financial = financial;
      tok[ntok].liang = ch == CH_LIANG;
      tok[ntok].end = next;
      ntok++;
      p = next;
    }

  if (ntok == 0)
    return FALSE;

  while (n_lead < ntok && tok[n_lead].kind == K_DIGIT)
    n_lead++;
  if (n_lead >= 2)
    return scan_digit_run (text, len, tok, ntok, n_lead, part);

  for (i = 0; i < ntok; i++)
    {
      const Tok *t = &tok[i];

      if (t->kind == K_DIGIT)
        {
          if (prev == K_DIGIT || (prev_zero && t->val == 0))
            break;
          if (t->val == 0 && prev != K_NONE)
            {
              /* A placeholder as in 一千零五; consumed with what follows. */
              prev_zero = TRUE;
              continue;
            }
          pend = t->val;
          /* Colloquial 一万二, 三千五: a final digit counts in the next
           * lower unit. After 零 it is a plain unit digit. */
          pend_big = !prev_zero && prev == K_BIG;
          pend_unit = (!prev_zero && (prev == K_SMALL || prev == K_BIG))
                      ? pow10_table[unit_prev - 1] : 1;
          any_digit = TRUE;
          prev = K_DIGIT;
          prev_zero = FALSE;
          trailing_big = 0;
          used = i + 1;
        }
      else if (t->kind == K_SMALL)
        {
          if (pend == 0 || (last_small != 0 && t->val >= last_small))
            break;
          /* Without a digit before it, only a leading 百/千/十 (or the 十
           * of 一千零十) means one of them; "万千" is an idiom. */
          if (pend < 0 && prev != K_NONE && !(prev_zero && t->val == 1))
            break;
          sec += (pend > 0 ? pend : 1) * pow10_table[t->val];
          pend = -1;
          pend_big = FALSE;
          last_small = t->val;
          unit_prev = t->val;
          prev = K_SMALL;
          prev_zero = FALSE;
          trailing_big = 0;
          used = i + 1;
        }
      else if (t->kind == K_BIG)
        {
          gint64 v = sec + (pend > 0 ? pend * pend_unit : 0);

          if (pend == 0 || pend_big || prev_zero)
            break;
          if (t->val == 4)
            {
              if (saw_wan)
                break;
              if (v == 0)
                {
                  if (prev != K_NONE)
                    break;
                  v = 1;
                }
              wan = v * 10000;
              saw_wan = TRUE;
            }
          else
            {
              if (yi != 0)
                break;
              v += wan;
              if (v == 0)
                {
                  if (prev != K_NONE)
                    break;
                  v = 1;
                }
              yi = v * 100000000;
              wan = 0;
              saw_wan = FALSE;
            }
          sec = 0;
          pend = -1;
          pend_big = FALSE;
          last_small = 0;
          unit_prev = t->val;
          prev = K_BIG;
          max_big = MAX (max_big, (int) t->val);
          trailing_big += t->val;
          used = i + 1;
        }
      else /* K_POINT */
        {
          guint j;

          if (prev != K_DIGIT || pend_big || max_big > 0)
            break;
          for (j = i + 1; j < ntok && tok[j].kind == K_DIGIT && !tok[j].liang; j++)
            {
              if (frac_n == MAX_SCAN_SCALE)
                return FALSE;
              frac = frac * 10 + tok[j].val;
              frac_n++;
            }
          has_point = TRUE;
          used = j;
          break;
        }
    }

  /* 壹, 伍, 陆, 拾 alone are mostly words (队伍, 陆续, 收拾). */
  if (used == 1 && tok[0].financial)
    return FALSE;

  end = tok[used - 1].end;

  /* 十分 (very), 百分点, 万分: a lone magnitude before 分 is no count. */
  if (used == 1 && tok[0].kind != K_DIGIT
      && char_at (text, len, end, &next) == CH_FEN)
    return FALSE;
  if (bad_follower (text, len, end))
    return FALSE;

  ival = yi + wan + sec + (pend > 0 ? pend * pend_unit : 0);
  value.digits = ival;
  value.scale = 0;
  if (has_point)
    {
      /* No 万/亿 before the point, so this stays far below overflow. */
      value.digits = ival * pow10_table[frac_n] + frac;
      value.scale = frac_n;
      mult = scan_multiplier (text, len, end, 0, 0, &end);
      if (mult > 0 && !tz_decimal_mul_pow10 (&value, mult))
        return FALSE;
      max_big = mult >= 8 ? 8 : mult;
    }
  else if (tok[used - 1].kind == K_BIG)
    mult = trailing_big;

  if (!any_digit && !(tok[0].kind == K_SMALL && tok[0].val == 1))
    flags |= TZ_NUMBER_BARE_MAGNITUDE;
  if (used == 1 && tok[0].kind == K_DIGIT && tok[0].val == 1 && !tok[0].liang)
    flags |= TZ_NUMBER_LONE_ONE;

  if (scan_more (text, len, end, &next))
    {
      int extra;

      approx = TZ_APPROX_MORE_THAN;
      end = next;
      /* "三十余万", "一千多万": the multiplier comes after 余/多. */
      extra = scan_multiplier (text, len, end, 0, max_big, &end);
      if (extra > 0)
        {
          if (!tz_decimal_mul_pow10 (&value, extra))
            return FALSE;
          mult = extra;
        }
    }

  part_set (part, end, value.digits, value.scale, approx, flags, mult);
  return TRUE;
}

/* 百分之三十, 百分之30, 百分之八十五点五 */
static gboolean
scan_percent (const char *text,
              gsize       len,
              gsize       pos,
              Part       *part)
{
  gsize p, next;
  gunichar ch;

  /* Skip 百分之 (three characters, checked by the caller). */
  p = pos + 9;
  ch = char_at (text, len, p, &next);
  if (ch >= '0' && ch <= '9')
    {
      if (!scan_arabic (text, len, p, part))
        return FALSE;
    }
  else if (!scan_chinese (text, len, p, part))
    return FALSE;

  part->flags &= ~(TZ_NUMBER_BARE_MAGNITUDE | TZ_NUMBER_LONE_ONE);
  part->flags |= TZ_NUMBER_PERCENT;
  return TRUE;
}

static gboolean
scan_single (const char *text,
             gsize       len,
             gsize       pos,
             Part       *part)
{
  gsize next;
  gunichar ch = char_at (text, len, pos, &next);

  if (ch >= '0' && ch <= '9')
    return scan_arabic (text, len, pos, part);
  if (ch == CH_SHANG || ch == CH_GUO)
    return scan_over (text, len, pos, part);
  if (ch == CH_BAI && followed_by_fen_zhi (text, len, next))
    return scan_percent (text, len, pos, part);
  return scan_chinese (text, len, pos, part);
}

/* Whether a number may start at @pos given what precedes it. */
static gboolean
starts_cleanly (const char *text,
                gsize       len,
                gsize       pos,
                gunichar    ch)
{
  gunichar prev;
  gsize p;

  if (pos == 0)
    return TRUE;

  prev = char_before (text, len, pos, &p);

  if (ch < 0x80)
    {
      /* Inside "A380", "COVID19", or the tail of a longer digit string. */
      if (prev < 0x80 && g_ascii_isalnum (prev))
        return FALSE;
      if (prev == '.' && p > 0 && g_ascii_isdigit (text[p - 1]))
        return FALSE;
      return TRUE;
    }

  if (prev == CH_JI)
    return FALSE;

  /* A magnitude right after 数 (数十, 数百), another magnitude or 上 (the
   * rest of 十几万, 亿万 or 成千上万 after a scan that stopped), or Arabic
   * digits whose scan failed, is no count of its own; nor is the 千 of
   * 成千上万, while 完成千万元 is. */
  if (is_magnitude (ch))
    {
      gsize next;

      if (prev == CH_CHENG)
        {
          char_at (text, len, pos, &next);
          return char_at (text, len, next, &next) != CH_SHANG;
        }
      return !(prev == CH_SHU || prev == CH_SHANG || prev == CH_GUO
               || is_magnitude (prev)
               || (prev < 0x80 && g_ascii_isdigit (prev)));
    }

  /* 成千上万, 成百上千 */
  if (ch == CH_SHANG || ch == CH_GUO)
    return !is_magnitude (prev);

  return TRUE;
}

/* 至, 到, -, ~, ～, —, —— between the two ends of a range. Returns where
 * the second number starts, or 0; *hyphen tells a hyphen, which also
 * joins phone numbers and dates. */
static gsize
skip_range_connector (const char *text,
                      gsize       len,
                      gsize       pos,
                      gboolean   *hyphen)
{
  gsize next, after;
  gunichar ch = char_at (text, len, pos, &next);

  *hyphen = FALSE;
  switch (ch)
    {
    case '-':
    case CH_ENDASH:
    case CH_FWMINUS:
      *hyphen = TRUE;
      return next;
    case '~':
    case CH_ZHI4:
    case CH_DAO:
    case CH_FWTILDE:
    case CH_WDASH:
      return next;
    case CH_EMDASH:
      return char_at (text, len, next, &after) == CH_EMDASH ? after : next;
    default:
      return 0;
    }
}

static inline gboolean
is_hyphen (gunichar ch)
{
  return ch == '-' || ch == CH_ENDASH || ch == CH_FWMINUS;
}

/* "0371-12345678", "400-800-1234", "2021-05-30": hyphenated codes, not
 * ranges. Looks at a leading zero and at hyphens before @first and after
 * @second_end. */
static gboolean
looks_like_code (const char *text,
                 gsize       len,
                 gsize       first,
                 gsize       second,
                 gsize       second_end)
{
  gsize p, next;

  if ((text[first] == '0' && first + 1 < len
       && g_ascii_isdigit (text[first + 1]))
      || (text[second] == '0' && second + 1 < len
          && g_ascii_isdigit (text[second + 1])))
    return TRUE;

  if (is_hyphen (char_before (text, len, first, &p))
      && p > 0 && g_ascii_isdigit (text[p - 1]))
    return TRUE;

  return is_hyphen (char_at (text, len, second_end, &next))
         && next < len && g_ascii_isdigit (text[next]);
}

/* Turns @first into the range first–@second if they make one. */
static gboolean
join_range (Part       *first,
            const Part *second)
{
  TzDecimal low = first->value;

  if (second->flags & (TZ_NUMBER_BARE_MAGNITUDE | TZ_NUMBER_PAIR))
    return FALSE;
  if ((second->flags & TZ_NUMBER_PERCENT) && !(first->flags & TZ_NUMBER_PERCENT))
    return FALSE;

  /* "20至50万": the multiplier written once covers both ends. */
  if (first->mult == 0 && second->mult > 0
      && !tz_decimal_mul_pow10 (&low, second->mult))
    return FALSE;

  if (tz_decimal_compare (&low, &second->value) >= 0)
    return FALSE;

  first->end = second->end;
  first->low = low;
  first->value = second->value;
  first->approx = TZ_APPROX_ABOUT;
  first->flags = ((first->flags | second->flags)
                  & (TZ_NUMBER_ARABIC | TZ_NUMBER_CHINESE | TZ_NUMBER_PERCENT))
                 | TZ_NUMBER_RANGE;
  first->mult = second->mult;
  return TRUE;
}

gboolean
tz_number_scan (const char *text,
                gsize       len,
                gsize       pos,
                TzNumber   *number)
{
  Part first, second;
  gsize next, q;
  gunichar ch;
  gboolean hyphen;

  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  ch = char_at (text, len, pos, &next);
  if (!tz_numeral_char_is_start (ch))
    return FALSE;
  if (!starts_cleanly (text, len, pos, ch))
    return FALSE;
  if (!scan_single (text, len, pos, &first))
    return FALSE;

  if (!(first.flags & (TZ_NUMBER_BARE_MAGNITUDE | TZ_NUMBER_PAIR))
      && (q = skip_range_connector (text, len, first.end, &hyphen)) != 0
      && tz_numeral_char_is_start (char_at (text, len, q, &next))
      && scan_single (text, len, q, &second)
      && !(hyphen && looks_like_code (text, len, pos, q, second.end)))
    join_range (&first, &second);

  number->start = pos;
  number->end = first.end;
  number->value = first.value;
  number->low = first.low;
  number->approx = first.approx;
  number->flags = first.flags;
  return TRUE;
}
