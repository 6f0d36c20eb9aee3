/* tz-decoder.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-decoder"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tz-decoder.h"
#include "tz-text-private.h"

G_DEFINE_QUARK (tz-decode-error-quark, tz_decode_error)

/* Share of ordinary characters, in percent, that a text in a guessed
 * encoding must reach. */
#define PLAUSIBLE_PERCENT 85

/* Above one control character in this many bytes, it is not text. */
#define CONTROL_RATIO 50
#define CONTROL_MIN   4

/* Signatures of the files people most often pick by mistake. */
typedef struct
{
  const char *magic;
  guint8      len;
  guint8      offset;
  gboolean    needs_nul; /* the signature is plain letters: confirm with a NUL */
  const char *what;
} Signature;

static const Signature signatures[] = {
  { "\x89PNG\r\n\x1a\n", 8, 0, FALSE, N_("a PNG image") },
  { "\xff\xd8\xff", 3, 0, FALSE, N_("a JPEG image") },
  { "GIF87a", 6, 0, FALSE, N_("a GIF image") },
  { "GIF89a", 6, 0, FALSE, N_("a GIF image") },
  { "BM", 2, 0, TRUE, N_("a BMP image") },
  { "II*\0", 4, 0, FALSE, N_("a TIFF image") },
  { "MM\0*", 4, 0, FALSE, N_("a TIFF image") },
  { "%PDF-", 5, 0, FALSE, N_("a PDF document") },
  { "{\\rtf", 5, 0, FALSE, N_("an RTF document") },
  { "PK\x03\x04", 4, 0, FALSE, N_("a ZIP archive or an Office document") },
  { "PK\x05\x06", 4, 0, FALSE, N_("a ZIP archive or an Office document") },
  { "PK\x07\x08", 4, 0, FALSE, N_("a ZIP archive or an Office document") },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, 0, FALSE, N_("an old Microsoft Office document") },
  { "\x7f" "ELF", 4, 0, FALSE, N_("a program") },
  { "MZ", 2, 0, TRUE, N_("a program") },
  { "\xfe\xed\xfa\xce", 4, 0, FALSE, N_("a program") },
  { "\xfe\xed\xfa\xcf", 4, 0, FALSE, N_("a program") },
  { "\xce\xfa\xed\xfe", 4, 0, FALSE, N_("a program") },
  { "\xcf\xfa\xed\xfe", 4, 0, FALSE, N_("a program") },
  { "\xca\xfe\xba\xbe", 4, 0, FALSE, N_("a program") },
  { "\x1f\x8b", 2, 0, FALSE, N_("a compressed file") },
  { "\xfd" "7zXZ\0", 6, 0, FALSE, N_("a compressed file") },
  { "\x28\xb5\x2f\xfd", 4, 0, FALSE, N_("a compressed file") },
  { "BZh91AY&SY", 10, 0, FALSE, N_("a compressed file") },
  { "7z\xbc\xaf\x27\x1c", 6, 0, FALSE, N_("a compressed file") },
  { "Rar!\x1a\x07", 6, 0, FALSE, N_("a compressed file") },
  { "SQLite format 3\0", 16, 0, FALSE, N_("a database") },
  { "RIFF", 4, 0, TRUE, N_("a media file") },
  { "ftyp", 4, 4, FALSE, N_("a media file") },
  { "OggS", 4, 0, FALSE, N_("a media file") },
  { "fLaC", 4, 0, FALSE, N_("a media file") },
  { "ID3", 3, 0, TRUE, N_("a media file") },
  { "\x1a\x45\xdf\xa3", 4, 0, FALSE, N_("a media file") },
};

/* Bytes the normalizer acts on: controls (\t aside), DEL, and the lead
 * bytes of every character it replaces or removes. */
static const guint8 special_byte[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,  /* 00 */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 10 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 20 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 30 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 40 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 50 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 60 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  /* 70 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 80 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* 90 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* A0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* B0 */
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* C0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* D0 */
  0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,  /* E0 */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* F0 */
};

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any byte of @w is below @n (n <= 0x80); exact for "any" */
#define HAS_LESS(w, n) (((w) - ONES * (n)) & ~(w) & HIGHS)
#define HAS_ZERO(w)    HAS_LESS (w, 1)

/* Whether the 8 bytes in @w may hold a special byte. C2 E2 E3 are tested
 * together (as does C3, harmlessly), so this is four tests, not six. */
static inline gboolean
word_may_be_special (guint64 w)
{
  return (HAS_LESS (w, 0x20)
          | HAS_ZERO ((w | (ONES * 0x21)) ^ (ONES * 0xE3))
          | HAS_ZERO (w ^ (ONES * 0xEF))
          | HAS_ZERO (w ^ (ONES * 0x7F))) != 0;
}

typedef struct
{
  gsize n_c0; /* C0 controls other than \t \n \r \f, and DEL */
  gsize n_c1; /* U+0080–U+009F */
} NormalizeStats;

/* Stricter than "CJK": what a line of Chinese in UTF-8 is made of.
 * GB18030 bytes that happen to be valid UTF-8 decode to Latin, Greek,
 * Arabic… instead. */
static inline gboolean
is_cjk_char (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF)
         || (c >= 0x3000 && c <= 0x303F)
         || (c >= 0xFF00 && c <= 0xFFEF)
         || (c >= 0x2000 && c <= 0x206F);
}

static inline gunichar
decode_utf8_char (const guchar *p,
                  gsize         n)
{
  switch (n)
    {
    case 2:
      return ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
    case 3:
      return ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    case 4:
      return ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12)
             | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    default:
      return p[0];
    }
}

static inline gboolean
starts_with_digit (const guchar *p,
                   const guchar *end)
{
  if (p >= end)
    return FALSE;
  if (*p >= '0' && *p <= '9')
    return TRUE;

  /* Full-width ０-９ */
  return end - p >= 3 && p[0] == 0xEF && p[1] == 0xBC
         && p[2] >= 0x90 && p[2] <= 0x99;
}

/* Past the characters normalize_buffer() drops (BOM, zero-width spaces),
 * so that what it decides by looking ahead holds for its own output too:
 * "２．\u200b５" is 2.5 whether it is normalized once or twice. */
static inline const guchar *
skip_dropped (const guchar *p,
              const guchar *end)
{
  while (end - p >= 3
         && ((p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
             || (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x8B && p[2] <= 0x8D)))
    p += 3;

  return p;
}

static inline guchar *
trim_blanks (guchar *start,
             guchar *o)
{
  while (o > start && (o[-1] == ' ' || o[-1] == '\t'))
    o--;

  return o;
}

/* The one pass behind tz_normalize_text(). Nothing it does makes text
 * longer, so @out may be @in (in place), which spares the decoders a
 * second buffer. */
static gsize
normalize_buffer (const guchar   *in,
                  gsize           len,
                  guchar         *out,
                  NormalizeStats *stats)
{
  const guchar *p = in;
  const guchar *end = in + len;
  guchar *o = out;

  while (p < end)
    {
      const guchar *stop;
      guchar c;
      gsize n;

      /* Most text has nothing to change for many bytes: copy it a word at
       * a time. The word is loaded before it is stored, so in place is
       * fine. */
      while (end - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, 8);
          if (word_may_be_special (w))
            break;
          memcpy (o, &w, 8);
          p += 8;
          o += 8;
        }

      stop = end - p >= 8 ? p + 8 : end;
      while (p < stop && !special_byte[*p])
        *o++ = *p++;
      if (p == stop)
        continue;

      c = *p;
      switch (c)
        {
        case '\r':
          if (p + 1 < end && p[1] == '\n')
            p++;
          G_GNUC_FALLTHROUGH;
        case '\n':
        case '\f':
          o = trim_blanks (out, o);
          *o++ = '\n';
          p++;
          continue;

        default:
          break;
        }

      if (c < 0x80)
        {
          /* Kept as they are, but counted so that binary can be refused */
          if (stats != NULL)
            stats->n_c0++;
          *o++ = c;
          p++;
          continue;
        }

      /* Clamped, so that invalid input cannot make us read past the end */
      n = MIN ((gsize) g_utf8_skip[c], (gsize) (end - p));

      if (c == 0xC2 && n == 2)
        {
          if (p[1] == 0xA0)
            {
              *o++ = ' ';
              p += 2;
              continue;
            }
          if (p[1] < 0xA0 && stats != NULL)
            stats->n_c1++;
        }
      else if (c == 0xE2 && n == 3)
        {
          if (p[1] == 0x80 && p[2] <= 0x8D)
            {
              /* U+2000–U+200A are spaces, U+200B–U+200D zero-width */
              if (p[2] <= 0x8A)
                *o++ = ' ';
              p += 3;
              continue;
            }
          if ((p[1] == 0x80 && p[2] == 0xAF) || (p[1] == 0x81 && p[2] == 0x9F))
            {
              *o++ = ' ';
              p += 3;
              continue;
            }
        }
      else if (c == 0xE3 && n == 3)
        {
          if (p[1] == 0x80 && p[2] == 0x80)
            {
              *o++ = ' ';
              p += 3;
              continue;
            }
        }
      else if (c == 0xEF && n == 3)
        {
          if (p[1] == 0xBB && p[2] == 0xBF)
            {
              p += 3;
              continue;
            }
          if (p[1] == 0xBC)
            {
              guchar r = 0;

              if (p[2] >= 0x90 && p[2] <= 0x99)
                r = '0' + (p[2] - 0x90);
              else if (p[2] == 0x85)
                r = '%';
              else if (p[2] == 0x8E
                       && o > out && o[-1] >= '0' && o[-1] <= '9'
                       && starts_with_digit (skip_dropped (p + 3, end), end))
                r = '.';

              if (r != 0)
                {
                  *o++ = r;
                  p += 3;
                  continue;
                }
            }
        }

      /* Forward copy: safe in place, since o never passes p */
      for (gsize i = 0; i < n; i++)
        *o++ = *p++;
    }

  o = trim_blanks (out, o);

  return o - out;
}

char *
tz_normalize_text (const char *text,
                   gssize      len)
{
  gsize n;
  guchar *out;

  g_return_val_if_fail (text != NULL || len == 0, NULL);

  n = len < 0 ? strlen (text) : (gsize) len;
  out = g_malloc (n + 1);
  n = normalize_buffer ((const guchar *) text, n, out, NULL);
  out[n] = '\0';

  return (char *) out;
}

static const char *
sniff_binary (const guchar *data,
              gsize         len)
{
  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    {
      const Signature *sig = &signatures[i];

      if (len < sig->offset + sig->len
          || memcmp (data + sig->offset, sig->magic, sig->len) != 0)
        continue;

      /* "MZ", "BM"… may begin a real text; their headers hold NULs early */
      if (sig->needs_nul && memchr (data, 0, MIN (len, 64)) == NULL)
        continue;

      return _(sig->what);
    }

  return NULL;
}

static gsize
line_number (const guchar *data,
             const guchar *pos)
{
  gsize line = 1;

  for (const guchar *p = data; p < pos; p++)
    if (*p == '\n')
      line++;

  return line;
}

/* Whether the UTF-8 at @data is valid but for a character cut by the end
 * of the file. Unless @sure (there was a BOM), other non-ASCII characters
 * must show that it is UTF-8 and not some other encoding. */
static gboolean
utf8_is_cut (const guchar *data,
             gsize         len,
             const guchar *bad,
             gboolean      sure)
{
  gsize rest = data + len - bad;
  gsize need;

  if (rest == 0 || rest > 3 || bad[0] < 0xC2 || bad[0] > 0xF4)
    return FALSE;

  need = g_utf8_skip[bad[0]];
  if (rest >= need)
    return FALSE;

  for (gsize i = 1; i < rest; i++)
    if ((bad[i] & 0xC0) != 0x80)
      return FALSE;

  if (sure)
    return TRUE;

  for (const guchar *p = data; p < bad; p++)
    if (*p >= 0x80)
      return TRUE;

  return FALSE;
}

static gboolean
is_blank (const guchar *text,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\v')
      return FALSE;

  return TRUE;
}

/* Normalizes @len bytes of valid UTF-8 at @src into @buf (owned; may be
 * @src) and checks that the result is text worth reading. Frees @buf on
 * error. */
static char *
finish_text (const guchar *src,
             gsize         len,
             guchar       *buf,
             const char   *name,
             const char   *encoding_name,
             const char  **encoding,
             GError      **error)
{
  NormalizeStats stats = { 0, };
  gsize n_control;
  gsize n;

  n = normalize_buffer (src, len, buf, &stats);
  buf[n] = '\0';

  n_control = stats.n_c0 + stats.n_c1;
  if (n_control >= CONTROL_MIN && n_control * CONTROL_RATIO > len)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                   _("“%s” is not a text file (it contains binary data)"), name);
      g_free (buf);
      return NULL;
    }

  if (is_blank (buf, n))
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” is empty"), name);
      g_free (buf);
      return NULL;
    }

  /* Do not keep much more memory than the text needs (UTF-16 of mostly
   * ASCII shrinks to a third of its buffer) */
  if (len - n > 4096 && len - n > len / 4)
    buf = g_realloc (buf, n + 1);

  if (encoding != NULL)
    *encoding = encoding_name;

  return (char *) buf;
}

static char *
decode_utf8 (const guchar  *data,
             gsize          len,
             gboolean       with_bom,
             const char    *name,
             const char   **encoding,
             GError       **error)
{
  const char *bad;
  guchar *buf;

  /* Bytes without a BOM were validated by the caller already */
  if (with_bom && !tz_utf8_validate ((const char *) data, len, &bad))
    {
      if (utf8_is_cut (data, len, (const guchar *) bad, TRUE))
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_TRUNCATED,
                     _("“%s” ends in the middle of a character (truncated UTF-8)"),
                     name);
      else
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                     _("“%s” is marked as UTF-8 but line %lu is not valid UTF-8"),
                     name, (gulong) line_number (data, (const guchar *) bad));
      return NULL;
    }

  buf = g_malloc (len + 1);

  return finish_text (data, len, buf, name, with_bom ? "UTF-8 BOM" : "UTF-8",
                      encoding, error);
}

typedef enum
{
  UTF16_OK,
  UTF16_NUL,
  UTF16_INVALID,
  UTF16_TRUNCATED,
} Utf16Result;

static Utf16Result
utf16_to_utf8 (const guchar *in,
               gsize         len,
               gboolean      big_endian,
               guchar       *out,
               gsize        *out_len)
{
  gsize n_units = len / 2;
  guchar *o = out;
  int hi = big_endian ? 0 : 1;
  int lo = 1 - hi;

  for (gsize i = 0; i < n_units; i++)
    {
      const guchar *u = in + 2 * i;
      gunichar c = (u[hi] << 8) | u[lo];

      if (c < 0x80)
        {
          if (c == 0)
            return UTF16_NUL;
          *o++ = c;
        }
      else if (c < 0x800)
        {
          *o++ = 0xC0 | (c >> 6);
          *o++ = 0x80 | (c & 0x3F);
        }
      else if (c < 0xD800 || c > 0xDFFF)
        {
          *o++ = 0xE0 | (c >> 12);
          *o++ = 0x80 | ((c >> 6) & 0x3F);
          *o++ = 0x80 | (c & 0x3F);
        }
      else
        {
          gunichar c2;

          if (c >= 0xDC00)
            return UTF16_INVALID;
          if (i + 1 == n_units)
            return UTF16_TRUNCATED;

          u += 2;
          c2 = (u[hi] << 8) | u[lo];
          if (c2 < 0xDC00 || c2 > 0xDFFF)
            return UTF16_INVALID;
          i++;

          c = 0x10000 + ((c - 0xD800) << 10) + (c2 - 0xDC00);
          *o++ = 0xF0 | (c >> 18);
          *o++ = 0x80 | ((c >> 12) & 0x3F);
          *o++ = 0x80 | ((c >> 6) & 0x3F);
          *o++ = 0x80 | (c & 0x3F);
        }
    }

  if (len % 2 != 0)
    return UTF16_TRUNCATED;

  *out_len = o - out;

  return UTF16_OK;
}

static char *
decode_utf16 (const guchar  *data,
              gsize          len,
              gboolean       big_endian,
              const char    *name,
              const char   **encoding,
              GError       **error)
{
  /* Each code unit becomes at most 3 bytes (a pair of them, 4) */
  guchar *buf = g_malloc (len / 2 * 3 + 1);
  gsize n = 0;

  switch (utf16_to_utf8 (data, len, big_endian, buf, &n))
    {
    case UTF16_OK:
      return finish_text (buf, n, buf, name,
                          big_endian ? "UTF-16BE" : "UTF-16LE", encoding, error);

    case UTF16_NUL:
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                   _("“%s” is not a text file (it contains binary data)"), name);
      break;

    case UTF16_TRUNCATED:
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_TRUNCATED,
                   _("“%s” ends in the middle of a character (truncated UTF-16)"),
                   name);
      break;

    case UTF16_INVALID:
    default:
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is marked as UTF-16 but is not valid UTF-16 (it contains a broken character)"),
                   name);
      break;
    }

  g_free (buf);

  return NULL;
}

typedef enum
{
  GB_OK,
  GB_BAD,
  GB_CUT,
} GbScan;

/* Checks the structure of GB18030 (iconv has the last word) and counts
 * the multi-byte characters from the GB2312 rows: our plausibility test.
 * "Mostly CJK ideographs" would not do, as UTF-8, Big5 or Shift-JIS read
 * as GB18030 give just that; but their byte pairs seldom land in the
 * GB2312 rows, which hold nearly all of real simplified-Chinese text.
 * The price: traditional Chinese saved as GBK is refused too. */
static GbScan
scan_gb18030 (const guchar *p,
              const guchar *end,
              gsize        *n_chars,
              gsize        *n_common)
{
  while (p < end)
    {
      guchar c = p[0];
      guchar t;

      if (c < 0x80)
        {
          p++;
          continue;
        }
      if (c == 0x80 || c == 0xFF)
        return GB_BAD;
      if (end - p < 2)
        return GB_CUT;

      t = p[1];
      if (t >= 0x30 && t <= 0x39)
        {
          if (end - p >= 3 && (p[2] < 0x81 || p[2] == 0xFF))
            return GB_BAD;
          if (end - p < 4)
            return GB_CUT;
          if (p[3] < 0x30 || p[3] > 0x39)
            return GB_BAD;
          (*n_chars)++;
          p += 4;
          continue;
        }
      if (t < 0x40 || t == 0x7F || t == 0xFF)
        return GB_BAD;

      (*n_chars)++;
      if (t >= 0xA1 && ((c >= 0xA1 && c <= 0xA9) || (c >= 0xB0 && c <= 0xF7)))
        (*n_common)++;
      p += 2;
    }

  return GB_OK;
}

static gboolean
utf8_looks_chinese (const guchar *p,
                    const guchar *end)
{
  gsize n = 0;
  gsize cjk = 0;

  while (p < end)
    {
      gsize len;

      if (*p < 0x80)
        {
          p++;
          continue;
        }

      len = g_utf8_skip[*p];
      n++;
      if (is_cjk_char (decode_utf8_char (p, len)))
        cjk++;
      p += len;
    }

  return cjk > 0 && cjk * 100 >= n * PLAUSIBLE_PERCENT;
}

/* Which encoding each line with non-ASCII bytes is in. Lines are safe
 * units: '\n' is never part of a multi-byte character in either. */
typedef struct
{
  gsize    n_utf8_lines;
  gsize    n_gb_lines;
  gsize    n_bad_lines;
  gsize    first_utf8_line; /* 1-based; 0 if none */
  gsize    first_gb_line;
  gsize    first_bad_line;
  gsize    n_gb_chars;      /* multi-byte characters on GB18030 lines */
  gsize    n_gb_common;     /* … of which from the GB2312 rows */
  gboolean gb_cut;          /* the last line ends inside a GB18030 character */
} Census;

static void
take_census (const guchar *data,
             gsize         len,
             Census       *census)
{
  const guchar *p = data;
  const guchar *end = data + len;
  gsize line = 0;

  memset (census, 0, sizeof *census);

  while (p < end)
    {
      const guchar *eol = memchr (p, '\n', end - p);
      const guchar *line_end = eol != NULL ? eol : end;
      const guchar *q = p;
      gboolean utf8;

      line++;
      p = eol != NULL ? eol + 1 : end;

      while (q < line_end && *q < 0x80)
        q++;
      if (q == line_end)
        continue;

      utf8 = tz_utf8_validate ((const char *) q, line_end - q, NULL);
      if (utf8 && utf8_looks_chinese (q, line_end))
        {
          if (census->n_utf8_lines++ == 0)
            census->first_utf8_line = line;
        }
      else
        {
          gsize n_chars = 0;
          gsize n_common = 0;
          GbScan scan = scan_gb18030 (q, line_end, &n_chars, &n_common);
          gboolean cut = scan == GB_CUT && eol == NULL;

          /* One rare character a line is forgiven, for short lines */
          if ((scan == GB_OK || cut)
              && (n_common + 1) * 100 >= n_chars * PLAUSIBLE_PERCENT)
            {
              if (census->n_gb_lines++ == 0)
                census->first_gb_line = line;
              census->n_gb_chars += n_chars;
              census->n_gb_common += n_common;
              census->gb_cut |= cut;
            }
          else if (utf8)
            {
              if (census->n_utf8_lines++ == 0)
                census->first_utf8_line = line;
            }
          else
            {
              if (census->n_bad_lines++ == 0)
                census->first_bad_line = line;
            }
        }
    }
}

static gboolean
mostly_control_bytes (const guchar *data,
                      gsize         len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
          || c == 0x7F)
        n++;
    }

  return n >= CONTROL_MIN && n * CONTROL_RATIO > len;
}

static guchar *
convert_gb18030 (const guchar *data,
                 gsize         len,
                 gsize        *out_len,
                 int          *err)
{
  GIConv cd;
  char *inbuf = (char *) data;
  gsize inleft = len;
  /* 2 bytes become at most 3, 4 at most 4 */
  gsize size = len + len / 2 + 4;
  guchar *buf;
  char *outbuf;
  gsize outleft;

  cd = g_iconv_open ("UTF-8", "GB18030");
  if (cd == (GIConv) -1)
    {
      *err = errno;
      return NULL;
    }

  buf = g_malloc (size);
  outbuf = (char *) buf;
  outleft = size - 1;

  if (g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft) == (gsize) -1)
    {
      *err = errno;
      g_iconv_close (cd);
      g_free (buf);
      return NULL;
    }

  g_iconv_close (cd);
  *out_len = (guchar *) outbuf - buf;

  return buf;
}

/* Bytes that are not UTF-8 and have no BOM: GB18030, if it holds up. */
static char *
decode_legacy (const guchar  *data,
               gsize          len,
               const guchar  *utf8_bad,
               const char    *name,
               const char   **encoding,
               GError       **error)
{
  Census census;

  if (utf8_is_cut (data, len, utf8_bad, FALSE))
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_TRUNCATED,
                   _("“%s” ends in the middle of a character (truncated UTF-8)"),
                   name);
      return NULL;
    }

  take_census (data, len, &census);

  if (census.n_utf8_lines > 0 && census.n_gb_lines > 0)
    {
      if (census.first_utf8_line < census.first_gb_line)
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                     _("“%s” mixes two encodings (line %lu is UTF-8, line %lu is GB18030); save it again in one encoding"),
                     name, (gulong) census.first_utf8_line,
                     (gulong) census.first_gb_line);
      else
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                     _("“%s” mixes two encodings (line %lu is GB18030, line %lu is UTF-8); save it again in one encoding"),
                     name, (gulong) census.first_gb_line,
                     (gulong) census.first_utf8_line);
      return NULL;
    }

  if (census.n_bad_lines == 0
      && census.n_gb_lines > 0
      && (census.n_gb_common + 1) * 100 >= census.n_gb_chars * PLAUSIBLE_PERCENT)
    {
      guchar *buf;
      gsize n = 0;
      int err = 0;

      if (census.gb_cut)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_TRUNCATED,
                       _("“%s” ends in the middle of a character (truncated GB18030)"),
                       name);
          return NULL;
        }

      buf = convert_gb18030 (data, len, &n, &err);
      if (buf != NULL)
        return finish_text (buf, n, buf, name, "GB18030", encoding, error);

      if (err == EINVAL)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_TRUNCATED,
                       _("“%s” ends in the middle of a character (truncated GB18030)"),
                       name);
          return NULL;
        }
    }

  if (mostly_control_bytes (data, len))
    g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                 _("“%s” is not a text file (it contains binary data)"), name);
  else if (census.first_bad_line > 0)
    g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                 _("“%s” is not valid UTF-8, UTF-16 or GB18030 text (line %lu cannot be read)"),
                 name, (gulong) census.first_bad_line);
  else
    g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                 _("“%s” is not valid UTF-8, UTF-16 or GB18030 text"), name);

  return NULL;
}

char *
tz_decode_text (GBytes      *bytes,
                const char  *display_name,
                const char **encoding,
                GError     **error)
{
  const guchar *data;
  const char *what;
  const char *bad;
  const char *name;
  gsize len = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = display_name != NULL ? display_name : _("unnamed file");
  if (encoding != NULL)
    *encoding = NULL;

  data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” is empty"), name);
      return NULL;
    }

  what = sniff_binary (data, len);
  if (what != NULL)
    {
      /* Translators: the second %s is a kind of file, e.g. "a PNG image" */
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                   _("“%s” is not a text file (it looks like %s)"), name, what);
      return NULL;
    }

  /* Checked before UTF-16: its BOM starts with the UTF-16LE one */
  if (len >= 4
      && (memcmp (data, "\xff\xfe\0\0", 4) == 0
          || memcmp (data, "\0\0\xfe\xff", 4) == 0))
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is UTF-32 text, which cannot be read; save it as UTF-8"),
                   name);
      return NULL;
    }

  if (len >= 2 && (memcmp (data, "\xff\xfe", 2) == 0
                   || memcmp (data, "\xfe\xff", 2) == 0))
    {
      if (len == 2)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                       _("“%s” is empty"), name);
          return NULL;
        }

      return decode_utf16 (data + 2, len - 2, data[0] == 0xfe,
                           name, encoding, error);
    }

  if (memchr (data, 0, len) != NULL)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                   _("“%s” is not a text file (it contains binary data)"), name);
      return NULL;
    }

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      if (len == 3)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                       _("“%s” is empty"), name);
          return NULL;
        }

      return decode_utf8 (data + 3, len - 3, TRUE, name, encoding, error);
    }

  if (tz_utf8_validate ((const char *) data, len, &bad))
    return decode_utf8 (data, len, FALSE, name, encoding, error);

  return decode_legacy (data, len, (const guchar *) bad, name, encoding, error);
}
