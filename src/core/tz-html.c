/* tz-html.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-html"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "tz-decoder.h"
#include "tz-html.h"

/* How far into the page we look for <meta charset>. The HTML standard says
 * 1024 bytes, but Chinese CMS pages often put long comments or scripts
 * first; a larger window costs nothing. */
#define META_SCAN_LIMIT 8192

/* A page whose bytes are UTF-8 but for a few bad ones is UTF-8 with a
 * blemish, not GB18030 (which would turn all of it into mojibake). */
#define UTF8_GOOD_PER_BAD 20

/* Above one control character in this many bytes, it is not a page. A
 * binary shows itself early; NULs are looked for everywhere. */
#define CONTROL_RATIO  50
#define CONTROL_MIN    4
#define CONTROL_SAMPLE (64 * 1024)

/* libxml2 looks for each unmatched end tag through every open element, so
 * a page that never closes its tags and then closes others costs depth ×
 * end tags. Past this depth the parse starts afresh where it stopped. */
#define MAX_DEPTH 1024

/* After a fresh start, the page is fed in chunks of this size. */
#define PUSH_CHUNK (64 * 1024)

/* libxml2 compares each attribute of a tag with all those before it; past
 * this many, attributes are blanked out before parsing. */
#define MAX_ATTRIBUTES 256

/* Element flags are cached by libxml2's interned name pointer */
#define ELEMENT_CACHE_SIZE 64

/* A table cell with more paragraphs than this is a layout cell holding
 * running text, not a data cell: its row is not joined into one line. */
#define MAX_CELL_PARAGRAPHS 3

/* Signatures of the files most often given an .html name by mistake. A
 * NUL byte anywhere refuses most other binaries. */
typedef struct
{
  const char *magic;
  guint8      len;
  const char *what;
} Signature;

static const Signature signatures[] = {
  { "\x89PNG\r\n\x1a\n", 8, N_("a PNG image") },
  { "\xff\xd8\xff", 3, N_("a JPEG image") },
  { "GIF87a", 6, N_("a GIF image") },
  { "GIF89a", 6, N_("a GIF image") },
  { "%PDF-", 5, N_("a PDF document") },
  { "PK\x03\x04", 4, N_("a ZIP archive or an Office document") },
  { "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, N_("an old Microsoft Office document") },
  { "\x7f" "ELF", 4, N_("a program") },
  { "\x1f\x8b", 2, N_("a compressed file") },
  { "\xfd" "7zXZ", 5, N_("a compressed file") },
  { "7z\xbc\xaf\x27\x1c", 6, N_("a compressed file") },
  { "Rar!\x1a\x07", 6, N_("a compressed file") },
};

/* Charset labels as pages write them. GB2312 and GBK pages are decoded as
 * GB18030, their superset: real "GB2312" pages use GBK characters freely.
 * A NULL iconv name means UTF-8 (a UTF-16 label in an ASCII-readable meta
 * is wrong by construction, as the HTML standard notes). */
typedef struct
{
  const char *label;
  const char *iconv_name;
  const char *name;
} Charset;

static const Charset charsets[] = {
  { "utf-8", NULL, "UTF-8" },
  { "utf8", NULL, "UTF-8" },
  { "unicode-1-1-utf-8", NULL, "UTF-8" },
  { "utf-16", NULL, "UTF-8" },
  { "utf-16le", NULL, "UTF-8" },
  { "utf-16be", NULL, "UTF-8" },
  { "gb2312", "GB18030", "GB18030" },
  { "gbk", "GB18030", "GB18030" },
  { "gb18030", "GB18030", "GB18030" },
  { "gb_2312", "GB18030", "GB18030" },
  { "gb_2312-80", "GB18030", "GB18030" },
  { "x-gbk", "GB18030", "GB18030" },
  { "cp936", "GB18030", "GB18030" },
  { "ms936", "GB18030", "GB18030" },
  { "windows-936", "GB18030", "GB18030" },
  { "euc-cn", "GB18030", "GB18030" },
  { "csgb2312", "GB18030", "GB18030" },
  { "chinese", "GB18030", "GB18030" },
  { "iso-ir-58", "GB18030", "GB18030" },
  { "big5", "BIG5-HKSCS", "Big5" },
  { "big5-hkscs", "BIG5-HKSCS", "Big5" },
  { "cn-big5", "BIG5-HKSCS", "Big5" },
  { "x-x-big5", "BIG5-HKSCS", "Big5" },
  { "csbig5", "BIG5-HKSCS", "Big5" },
  { "shift_jis", "CP932", "Shift_JIS" },
  { "sjis", "CP932", "Shift_JIS" },
  { "windows-31j", "CP932", "Shift_JIS" },
  { "euc-jp", "EUC-JP", "EUC-JP" },
  { "euc-kr", "CP949", "EUC-KR" },
  { "iso-8859-1", "WINDOWS-1252", "windows-1252" },
  { "iso8859-1", "WINDOWS-1252", "windows-1252" },
  { "latin1", "WINDOWS-1252", "windows-1252" },
  { "us-ascii", "WINDOWS-1252", "windows-1252" },
  { "ascii", "WINDOWS-1252", "windows-1252" },
  { "windows-1252", "WINDOWS-1252", "windows-1252" },
  { "cp1252", "WINDOWS-1252", "windows-1252" },
};

/* What an element is to the text of a report */
enum
{
  EL_BLOCK   = 1 << 0, /* its start and end break paragraphs */
  EL_SKIP    = 1 << 1, /* never report text: scripts, menus, forms… */
  EL_CHROME  = 1 << 2, /* page chrome unless inside article, main or section */
  EL_SECTION = 1 << 3, /* article, main, section */
  EL_PRE     = 1 << 4, /* keeps its line breaks */
  EL_H1      = 1 << 5,
  EL_H2      = 1 << 6,
  EL_TABLE   = 1 << 7,
  EL_ROW     = 1 << 8,
  EL_CELL    = 1 << 9,
};

typedef struct
{
  const char *name;
  guint       flags;
} Element;

/* Sorted by strcmp() for bsearch(). Elements not listed are inline. */
static const Element elements[] = {
  { "address", EL_BLOCK },
  { "applet", EL_SKIP },
  { "article", EL_BLOCK | EL_SECTION },
  { "aside", EL_SKIP },
  { "audio", EL_SKIP },
  { "blockquote", EL_BLOCK },
  { "body", EL_BLOCK },
  { "br", EL_BLOCK },
  { "button", EL_SKIP },
  { "canvas", EL_SKIP },
  { "caption", EL_BLOCK },
  { "center", EL_BLOCK },
  { "dd", EL_BLOCK },
  { "details", EL_BLOCK },
  { "dialog", EL_SKIP },
  { "dir", EL_BLOCK },
  { "div", EL_BLOCK },
  { "dl", EL_BLOCK },
  { "dt", EL_BLOCK },
  { "embed", EL_SKIP },
  { "fieldset", EL_BLOCK },
  { "figcaption", EL_BLOCK },
  { "figure", EL_BLOCK },
  { "footer", EL_BLOCK | EL_CHROME },
  { "form", EL_SKIP },
  { "frame", EL_SKIP },
  { "h1", EL_BLOCK | EL_H1 },
  { "h2", EL_BLOCK | EL_H2 },
  { "h3", EL_BLOCK },
  { "h4", EL_BLOCK },
  { "h5", EL_BLOCK },
  { "h6", EL_BLOCK },
  { "head", EL_SKIP },
  { "header", EL_BLOCK | EL_CHROME },
  { "hgroup", EL_BLOCK },
  { "hr", EL_BLOCK },
  { "html", EL_BLOCK },
  { "iframe", EL_SKIP },
  { "legend", EL_BLOCK },
  { "li", EL_BLOCK },
  { "listing", EL_BLOCK | EL_PRE },
  { "main", EL_BLOCK | EL_SECTION },
  { "map", EL_SKIP },
  { "math", EL_SKIP },
  { "menu", EL_SKIP },
  { "nav", EL_SKIP },
  { "noscript", EL_SKIP },
  { "object", EL_SKIP },
  { "ol", EL_BLOCK },
  { "p", EL_BLOCK },
  { "plaintext", EL_BLOCK | EL_PRE },
  { "pre", EL_BLOCK | EL_PRE },
  { "script", EL_SKIP },
  { "section", EL_BLOCK | EL_SECTION },
  { "select", EL_SKIP },
  { "style", EL_SKIP },
  { "summary", EL_BLOCK },
  { "svg", EL_SKIP },
  { "table", EL_BLOCK | EL_TABLE },
  { "tbody", EL_BLOCK },
  { "td", EL_BLOCK | EL_CELL },
  { "template", EL_SKIP },
  { "textarea", EL_SKIP },
  { "tfoot", EL_BLOCK },
  { "th", EL_BLOCK | EL_CELL },
  { "thead", EL_BLOCK },
  { "title", EL_SKIP },
  { "tr", EL_BLOCK | EL_ROW },
  { "ul", EL_BLOCK },
  { "video", EL_SKIP },
  { "xmp", EL_BLOCK | EL_PRE },
};

/* Words of a class or id that mark navigation, menus and ads. "footer"
 * is scoped like the element: an article's footer is kept. */
static const char * const chrome_words[] = {
  "nav", "navbar", "navigation", "menu", "menubar", "submenu",
  "breadcrumb", "breadcrumbs", "crumb", "crumbs",
  "sidebar", "share", "sharing",
  "ad", "ads", "advert", "adverts", "advertisement", "advertising",
};

static const char * const chrome_roles[] = {
  "navigation", "banner", "contentinfo", "complementary", "menu",
  "menubar", "search",
};

/* What to undo when an element ends */
enum
{
  FRAME_SKIP    = 1 << 0,
  FRAME_BLOCK   = 1 << 1,
  FRAME_SECTION = 1 << 2,
  FRAME_PRE     = 1 << 3,
  FRAME_HEADING = 1 << 4,
  FRAME_ROW     = 1 << 5,
};

typedef struct
{
  guint8 flags;
  guint8 prev_heading;
} Frame;

typedef struct
{
  gsize    start;        /* where the row began in the output */
  guint    n_paragraphs; /* in the current cell */
  gboolean new_cell;     /* a cell began and has no text yet */
  gboolean layout;       /* holds a table, a headline or long text */
} Row;

typedef struct
{
  const xmlChar *name;
  guint          flags;
} CachedElement;

typedef struct
{
  GString  *out;
  GArray   *frames;        /* of Frame, one per open element */
  GArray   *rows;          /* of Row, one per open table row */
  guint     skip_depth;    /* open elements whose text is dropped */
  guint     pre_depth;
  guint     section_depth;
  guint     heading;       /* 1 inside <h1>, 2 inside <h2>, else 0 */
  guint     pending_break; /* newlines owed before the next text: 0–2 */
  gboolean  pending_space; /* white space seen since the last text */
  gboolean  pending_eol;   /* … and it held a line break */
  gboolean  line_start;    /* nothing written on this line yet */
  gboolean  last_wide;     /* the last character written is CJK */

  htmlParserCtxtPtr ctxt;
  gsize     resume_at;     /* where to parse again after MAX_DEPTH, or 0 */
  CachedElement cache[ELEMENT_CACHE_SIZE];
} Extractor;

static inline gboolean
is_html_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Characters that sit next to each other without spaces: CJK scripts and
 * punctuation, full-width forms, and the quotes and dashes used with them.
 * A line break between two of them is an artifact of the source, not a
 * word gap. */
static inline gboolean
is_wide (gunichar c)
{
  return (c >= 0x2E80 && c <= 0xA4CF)
         || (c >= 0xAC00 && c <= 0xD7A3)
         || (c >= 0xF900 && c <= 0xFAFF)
         || (c >= 0xFE30 && c <= 0xFE4F)
         || (c >= 0xFF00 && c <= 0xFFEF)
         || (c >= 0x20000 && c <= 0x3FFFD)
         || (c >= 0x1100 && c <= 0x11FF)
         || (c >= 0x2018 && c <= 0x201F)
         || c == 0x2014 || c == 0x2026;
}

static int
compare_element (const void *key,
                 const void *elem)
{
  return strcmp (key, ((const Element *) elem)->name);
}

static guint
element_flags (Extractor     *ex,
               const xmlChar *name)
{
  CachedElement *cached;
  const Element *e;

  cached = &ex->cache[(GPOINTER_TO_SIZE (name) >> 3) % ELEMENT_CACHE_SIZE];
  if (cached->name == name)
    return cached->flags;

  e = bsearch (name, elements, G_N_ELEMENTS (elements), sizeof elements[0],
               compare_element);
  cached->name = name;
  cached->flags = e != NULL ? e->flags : 0;

  return cached->flags;
}

static gboolean
is_chrome_word (const char *word,
                gsize       len,
                guint       section_depth)
{
  if (len == 6 && memcmp (word, "footer", 6) == 0)
    return section_depth == 0;

  for (guint i = 0; i < G_N_ELEMENTS (chrome_words); i++)
    if (strlen (chrome_words[i]) == len && memcmp (chrome_words[i], word, len) == 0)
      return TRUE;

  return FALSE;
}

/* Splits a class or id into words at punctuation, between letters and
 * digits, and at camelCase humps ("mainNav", "ad_top", "share-box"), so
 * that "ad" matches "ad-box" but not "header" or "download". */
static gboolean
names_mark_chrome (const char *value,
                   guint       section_depth)
{
  char word[32];
  gsize len = 0;
  gboolean too_long = FALSE;

  for (const char *p = value;; p++)
    {
      char c = *p;
      gboolean boundary;

      if (c != '\0' && g_ascii_isalnum (c))
        {
          char prev = len > 0 ? word[len - 1] : '\0';

          boundary = len > 0
                     && ((g_ascii_islower (prev) && g_ascii_isupper (c))
                         || (g_ascii_isdigit (prev) != g_ascii_isdigit (c)));
        }
      else
        boundary = TRUE;

      if (boundary)
        {
          if (len > 0 && !too_long)
            {
              for (gsize i = 0; i < len; i++)
                word[i] = g_ascii_tolower (word[i]);
              if (is_chrome_word (word, len, section_depth))
                return TRUE;
            }
          len = 0;
          too_long = FALSE;
        }

      if (c == '\0')
        break;
      if (!g_ascii_isalnum (c))
        continue;

      if (len < sizeof word)
        word[len++] = c;
      else
        too_long = TRUE;
    }

  return FALSE;
}

/* Hidden elements (hidden, display: none) are kept on purpose: news
 * sites hide the rest of an article behind "展开全文" that way. */
static gboolean
attributes_mark_chrome (const xmlChar **atts,
                        guint           section_depth)
{
  if (atts == NULL)
    return FALSE;

  for (guint i = 0; atts[i] != NULL; i += 2)
    {
      const char *name = (const char *) atts[i];
      const char *value = (const char *) atts[i + 1];

      if (value == NULL)
        continue;

      if (strcmp (name, "class") == 0 || strcmp (name, "id") == 0)
        {
          if (names_mark_chrome (value, section_depth))
            return TRUE;
        }
      else if (strcmp (name, "role") == 0)
        {
          for (guint j = 0; j < G_N_ELEMENTS (chrome_roles); j++)
            if (g_ascii_strcasecmp (value, chrome_roles[j]) == 0)
              return TRUE;
        }
    }

  return FALSE;
}

static inline Row *
current_row (Extractor *ex)
{
  if (ex->rows->len == 0)
    return NULL;

  return &g_array_index (ex->rows, Row, ex->rows->len - 1);
}

static inline void
request_break (Extractor *ex,
               guint      n)
{
  ex->pending_break = MAX (ex->pending_break, n);
}

/* Writes a run of text without white space, first settling the breaks,
 * headline prefix or space it owes. */
static void
emit_text (Extractor    *ex,
           const guchar *s,
           gsize         n)
{
  const guchar *last;
  gboolean broke = FALSE;
  Row *row;

  if (ex->pending_break > 0)
    {
      if (ex->out->len > 0)
        {
          g_string_append_len (ex->out, "\n\n", ex->pending_break);
          broke = TRUE;
        }
      ex->pending_break = 0;
      ex->line_start = TRUE;
    }

  row = current_row (ex);
  if (row != NULL)
    {
      if (row->new_cell)
        {
          row->n_paragraphs = 1;
          row->new_cell = FALSE;
        }
      else if (broke && ++row->n_paragraphs > MAX_CELL_PARAGRAPHS)
        row->layout = TRUE;
    }

  if (ex->line_start)
    {
      if (ex->heading > 0)
        {
          /* "# " must be followed by the headline, not its indent */
          for (;;)
            {
              gsize skip = 0;

              if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
                skip = 2;
              else if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
                skip = 3;
              if (skip == 0)
                break;
              s += skip;
              n -= skip;
            }
          if (n == 0)
            return;

          g_string_append (ex->out, ex->heading == 1 ? "# " : "## ");
        }
    }
  else if (ex->pending_space
           && !(ex->pending_eol && ex->last_wide
                && is_wide (g_utf8_get_char ((const char *) s))))
    g_string_append_c (ex->out, ' ');

  g_string_append_len (ex->out, (const char *) s, n);

  last = (const guchar *) g_utf8_find_prev_char ((const char *) s,
                                                 (const char *) s + n);
  ex->last_wide = last != NULL && is_wide (g_utf8_get_char ((const char *) last));
  ex->line_start = FALSE;
  ex->pending_space = FALSE;
  ex->pending_eol = FALSE;
}

/* Collapses white space to one space as a browser does, and like CSS Text
 * 3 drops white space holding a line break between two CJK characters: a
 * line break in the middle of a Chinese sentence is an artifact of the
 * source. Spaces typed between CJK words stay (bylines such as "本报记者
 * 李某 通讯员 吕某" need them), and so does any space next to other text,
 * so "3.2万 5.6万" does not become one numeral. */
static void
on_characters (void          *user_data,
               const xmlChar *ch,
               int            len)
{
  Extractor *ex = user_data;
  const guchar *p = ch;
  const guchar *end = ch + len;

  if (ex->skip_depth > 0 || len <= 0)
    return;

  if (ex->pre_depth > 0)
    {
      while (p < end)
        {
          const guchar *q = p;

          while (q < end && *q != '\n' && *q != '\r')
            q++;
          if (q > p)
            emit_text (ex, p, q - p);
          if (q == end)
            break;

          if (*q == '\r' && q + 1 < end && q[1] == '\n')
            q++;
          ex->pending_break = MIN (ex->pending_break + 1, 2);
          p = q + 1;
        }
      return;
    }

  while (p < end)
    {
      const guchar *q = p;

      while (q < end && !is_html_space (*q))
        q++;
      if (q > p)
        emit_text (ex, p, q - p);

      for (p = q; p < end && is_html_space (*p); p++)
        {
          ex->pending_space = TRUE;
          if (*p == '\n' || *p == '\r')
            ex->pending_eol = TRUE;
        }
    }
}

/* Script and style bodies arrive here; they are never text. */
static void
on_cdata (void          *user_data,
          const xmlChar *ch,
          int            len)
{
}

/* Errors are expected on real pages and recovered from; this keeps
 * libxml2 from printing them. */
static void
on_error (void        *user_data,
          xmlErrorPtr  error)
{
}

static void
mark_row_layout (Extractor *ex)
{
  Row *row = current_row (ex);

  if (row != NULL)
    row->layout = TRUE;
}

static void
on_start_element (void           *user_data,
                  const xmlChar  *name,
                  const xmlChar **atts)
{
  Extractor *ex = user_data;
  Frame frame = { 0, ex->heading };
  guint flags;

  /* Past MAX_DEPTH open elements, stop just before the end of this tag
   * and let extract() parse afresh from there. Not at <script> or <style>:
   * libxml2 reads their bodies raw, a fresh parse would take them for
   * text. This element is dropped (libxml2 sends no end for it); the
   * fresh parse reads its contents. */
  if (ex->frames->len >= MAX_DEPTH && ex->resume_at == 0
      && strcmp ((const char *) name, "script") != 0
      && strcmp ((const char *) name, "style") != 0)
    {
      long consumed = xmlByteConsumed (ex->ctxt);

      if (consumed > 0)
        {
          ex->resume_at = consumed;
          xmlStopParser (ex->ctxt);
          return;
        }
    }

  if (ex->skip_depth > 0)
    {
      g_array_append_val (ex->frames, frame);
      return;
    }

  flags = element_flags (ex, name);

  if ((flags & EL_SKIP) != 0
      || ((flags & EL_CHROME) != 0 && ex->section_depth == 0)
      || attributes_mark_chrome (atts, ex->section_depth))
    {
      frame.flags = FRAME_SKIP;
      ex->skip_depth++;
      g_array_append_val (ex->frames, frame);
      return;
    }

  if (flags & EL_BLOCK)
    {
      frame.flags |= FRAME_BLOCK;
      request_break (ex, 2);
    }

  if (flags & EL_SECTION)
    {
      frame.flags |= FRAME_SECTION;
      ex->section_depth++;
    }

  if (flags & EL_PRE)
    {
      frame.flags |= FRAME_PRE;
      ex->pre_depth++;
    }

  if (flags & (EL_H1 | EL_H2))
    {
      frame.flags |= FRAME_HEADING;
      ex->heading = (flags & EL_H1) ? 1 : 2;
      mark_row_layout (ex);
    }

  if (flags & EL_TABLE)
    mark_row_layout (ex);

  if (flags & EL_ROW)
    {
      Row row = { ex->out->len, 0, FALSE, FALSE };

      frame.flags |= FRAME_ROW;
      g_array_append_val (ex->rows, row);
    }

  if (flags & EL_CELL)
    {
      Row *row = current_row (ex);

      if (row != NULL)
        row->new_cell = TRUE;
    }

  g_array_append_val (ex->frames, frame);
}

/* Joins the cells (and the paragraphs inside them) of the data row that
 * began at @start into one line, so "指标 2022年 2023年" stays together.
 * Rows never overlap here, as a row with a nested table is never joined,
 * so each byte is rewritten at most once. */
static void
join_row (GString *out,
          gsize    start)
{
  char *s = out->str;
  gsize i = start;
  gsize o;

  while (i < out->len && s[i] == '\n')
    i++;

  for (o = i; i < out->len; i++)
    {
      if (s[i] != '\n')
        s[o++] = s[i];
      else if (s[o - 1] != ' ')
        s[o++] = ' ';
    }

  g_string_truncate (out, o);
}

static void
on_end_element (void          *user_data,
                const xmlChar *name)
{
  Extractor *ex = user_data;
  Frame frame;

  /* libxml2 pairs every start with an end, closing what the page left
   * open; this only guards against a surprise. */
  if (ex->frames->len == 0)
    return;

  frame = g_array_index (ex->frames, Frame, ex->frames->len - 1);
  g_array_set_size (ex->frames, ex->frames->len - 1);

  if (frame.flags & FRAME_SKIP)
    {
      ex->skip_depth--;
      return;
    }

  if (frame.flags & FRAME_ROW)
    {
      Row row = g_array_index (ex->rows, Row, ex->rows->len - 1);

      g_array_set_size (ex->rows, ex->rows->len - 1);
      if (!row.layout)
        join_row (ex->out, row.start);
    }

  if (frame.flags & FRAME_BLOCK)
    request_break (ex, 2);
  if (frame.flags & FRAME_SECTION)
    ex->section_depth--;
  if (frame.flags & FRAME_PRE)
    ex->pre_depth--;
  if (frame.flags & FRAME_HEADING)
    ex->heading = frame.prev_heading;
}

static const char *
sniff_binary (const guchar *data,
              gsize         len)
{
  for (guint i = 0; i < G_N_ELEMENTS (signatures); i++)
    if (len >= signatures[i].len
        && memcmp (data, signatures[i].magic, signatures[i].len) == 0)
      return _(signatures[i].what);

  return NULL;
}

static gboolean
has_many_controls (const guchar *data,
                   gsize         len)
{
  gsize n = 0;

  len = MIN (len, CONTROL_SAMPLE);
  for (gsize i = 0; i < len; i++)
    {
      guchar c = data[i];

      if ((c < 0x20 && !is_html_space (c)) || c == 0x7F)
        n++;
    }

  return n >= CONTROL_MIN && n * CONTROL_RATIO > len;
}

static const Charset *
lookup_charset (const char *label,
                gsize       len)
{
  char buf[24];

  while (len > 0 && (is_html_space (*label) || *label == '"' || *label == '\''))
    label++, len--;
  while (len > 0 && (is_html_space (label[len - 1]) || label[len - 1] == '"'
                     || label[len - 1] == '\''))
    len--;
  if (len == 0 || len >= sizeof buf)
    return NULL;

  for (gsize i = 0; i < len; i++)
    buf[i] = g_ascii_tolower (label[i]);
  buf[len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (charsets); i++)
    if (strcmp (buf, charsets[i].label) == 0)
      return &charsets[i];

  return NULL;
}

static const char *
find_ascii_case (const char *p,
                 const char *end,
                 const char *needle)
{
  gsize n = strlen (needle);

  for (; end - p >= (gssize) n; p++)
    if (g_ascii_strncasecmp (p, needle, n) == 0)
      return p;

  return NULL;
}

/* The label after "charset=" in a Content-Type value */
static const Charset *
charset_from_content (const char *p,
                      const char *end)
{
  const char *start;

  p = find_ascii_case (p, end, "charset");
  if (p == NULL)
    return NULL;
  p += strlen ("charset");
  while (p < end && is_html_space (*p))
    p++;
  if (p == end || *p != '=')
    return NULL;
  p++;
  while (p < end && (is_html_space (*p) || *p == '"' || *p == '\''))
    p++;

  start = p;
  while (p < end && !is_html_space (*p) && *p != ';' && *p != '"' && *p != '\'')
    p++;

  return lookup_charset (start, p - start);
}

/* Reads the attributes of a <meta> tag from @p (after "<meta"); sets
 * *@next past the tag. */
static const Charset *
parse_meta (const char  *p,
            const char  *end,
            const char **next)
{
  const char *content = NULL;
  gsize content_len = 0;
  gboolean is_content_type = FALSE;
  const Charset *charset = NULL;

  while (p < end)
    {
      const char *name;
      gsize name_len;
      const char *value = NULL;
      gsize value_len = 0;

      while (p < end && (is_html_space (*p) || *p == '/'))
        p++;
      if (p == end || *p == '>')
        break;

      name = p;
      while (p < end && !is_html_space (*p) && *p != '=' && *p != '>' && *p != '/')
        p++;
      name_len = p - name;
      if (name_len == 0)
        {
          p++;
          continue;
        }

      while (p < end && is_html_space (*p))
        p++;
      if (p < end && *p == '=')
        {
          p++;
          while (p < end && is_html_space (*p))
            p++;
          if (p < end && (*p == '"' || *p == '\''))
            {
              const char *close = memchr (p + 1, *p, end - p - 1);

              if (close == NULL)
                break;
              value = p + 1;
              value_len = close - value;
              p = close + 1;
            }
          else
            {
              value = p;
              while (p < end && !is_html_space (*p) && *p != '>')
                p++;
              value_len = p - value;
            }
        }

      if (value == NULL)
        continue;

      if (name_len == 7 && g_ascii_strncasecmp (name, "charset", 7) == 0)
        {
          charset = lookup_charset (value, value_len);
          if (charset != NULL)
            break;
        }
      else if (name_len == 10 && g_ascii_strncasecmp (name, "http-equiv", 10) == 0)
        is_content_type = value_len == 12
                          && g_ascii_strncasecmp (value, "content-type", 12) == 0;
      else if (name_len == 7 && g_ascii_strncasecmp (name, "content", 7) == 0)
        {
          content = value;
          content_len = value_len;
        }
    }

  *next = p;

  if (charset == NULL && content != NULL && is_content_type)
    charset = charset_from_content (content, content + content_len);

  return charset;
}

/* The charset a page declares near its start: in an XML declaration (for
 * XHTML), <meta charset> or <meta http-equiv="Content-Type">. */
static const Charset *
prescan_charset (const char *data,
                 gsize       len)
{
  const char *end = data + MIN (len, META_SCAN_LIMIT);
  const char *p = data;

  if (end - p > 5 && memcmp (p, "<?xml", 5) == 0)
    {
      const char *close = find_ascii_case (p, end, "?>");
      const char *enc = close != NULL ? find_ascii_case (p, close, "encoding") : NULL;

      if (enc != NULL)
        {
          const char *start;
          char quote;

          enc += strlen ("encoding");
          while (enc < close && (is_html_space (*enc) || *enc == '='))
            enc++;
          if (enc < close && (*enc == '"' || *enc == '\''))
            {
              quote = *enc++;
              start = enc;
              while (enc < close && *enc != quote)
                enc++;
              if (lookup_charset (start, enc - start) != NULL)
                return lookup_charset (start, enc - start);
            }
        }
    }

  while (p < end)
    {
      p = memchr (p, '<', end - p);
      if (p == NULL)
        break;

      if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = find_ascii_case (p + 4, end, "-->");

          if (close == NULL)
            break;
          p = close + 3;
          continue;
        }

      if (end - p > 5 && g_ascii_strncasecmp (p, "<meta", 5) == 0
          && (is_html_space (p[5]) || p[5] == '/'))
        {
          const Charset *charset = parse_meta (p + 5, end, &p);

          if (charset != NULL)
            return charset;
          continue;
        }

      p++;
    }

  return NULL;
}

/* Converts to UTF-8, putting U+FFFD for each byte that is not part of a
 * character in @from (pages are often slightly broken; one bad byte must
 * not lose the page). Returns NULL if iconv does not know @from. */
static char *
convert_lossy (const char *data,
               gsize       len,
               const char *from,
               gsize      *out_len,
               gsize      *n_bad)
{
  GIConv cd;
  char *inbuf = (char *) data;
  gsize inleft = len;
  gsize size = len + len / 2 + 16;
  char *buf;
  char *outbuf;
  gsize outleft;

  cd = g_iconv_open ("UTF-8", from);
  if (cd == (GIConv) -1)
    return NULL;

  buf = g_malloc (size);
  outbuf = buf;
  outleft = size - 1;
  *n_bad = 0;

  while (inleft > 0)
    {
      gsize done;

      if (g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft) != (gsize) -1)
        break;

      if (errno == E2BIG || outleft < 4)
        {
          done = outbuf - buf;
          size = size * 2;
          buf = g_realloc (buf, size);
          outbuf = buf + done;
          outleft = size - done - 1;
          continue;
        }

      /* EILSEQ, or EINVAL: a character cut by the end of the file */
      memcpy (outbuf, "\xef\xbf\xbd", 3);
      outbuf += 3;
      outleft -= 3;
      (*n_bad)++;
      if (errno == EINVAL)
        break;
      inbuf++;
      inleft--;
    }

  g_iconv_close (cd);

  *outbuf = '\0';
  *out_len = outbuf - buf;

  return buf;
}

/* Counts the valid multi-byte characters and the bytes that are not UTF-8 */
static void
utf8_census (const char *data,
             gsize       len,
             gsize      *n_multi,
             gsize      *n_bad)
{
  const char *p = data;
  const char *end = data + len;

  *n_multi = 0;
  *n_bad = 0;

  while (p < end)
    {
      const char *bad = NULL;
      const char *stop;

      stop = g_utf8_validate_len (p, end - p, &bad) ? end : bad;
      for (; p < stop; p++)
        if ((guchar) *p >= 0xC0)
          (*n_multi)++;

      if (p < end)
        {
          (*n_bad)++;
          p++;
        }
    }
}

static gboolean
is_ascii (const guchar *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] >= 0x80)
      return FALSE;

  return TRUE;
}

/* The page as UTF-8: either @data itself (*@owned NULL) or a converted
 * copy in *@owned. */
static const char *
page_to_utf8 (const guchar  *data,
              gsize          len,
              gsize         *out_len,
              char         **owned,
              const char   **encoding_name,
              const char    *name,
              GError       **error)
{
  const char *text = (const char *) data;
  const char *from = NULL;      /* iconv name, when converting */
  const char *from_name = NULL; /* … and what we call it */

  *owned = NULL;

  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      text += 3;
      len -= 3;
      *encoding_name = "UTF-8 BOM";
      if (!g_utf8_validate_len (text, len, NULL))
        {
          *owned = g_utf8_make_valid (text, len);
          len = strlen (*owned);
          text = *owned;
        }
    }
  else if (len >= 2 && (memcmp (data, "\xff\xfe", 2) == 0
                        || memcmp (data, "\xfe\xff", 2) == 0))
    {
      from = from_name = data[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
      text += 2;
      len -= 2;
    }
  else if (len >= 4 && data[0] == '<' && data[1] == 0 && data[2] != 0 && data[3] == 0)
    from = from_name = "UTF-16LE";
  else if (len >= 4 && data[0] == 0 && data[1] == '<' && data[2] == 0 && data[3] != 0)
    from = from_name = "UTF-16BE";
  else
    {
      const Charset *declared;

      if (memchr (data, 0, len) != NULL)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                       _("“%s” is not a web page (it contains binary data)"), name);
          return NULL;
        }

      declared = prescan_charset (text, len);

      /* Valid UTF-8 with any non-ASCII in it is UTF-8 whatever the page
       * says: GBK text is practically never valid UTF-8, while pages saved
       * again as UTF-8 keep their old "gb2312" meta. */
      if (g_utf8_validate_len (text, len, NULL))
        {
          /* Pure ASCII reads the same in what it declares */
          *encoding_name = declared != NULL && is_ascii (data, len)
                           ? declared->name : "UTF-8";
        }
      else if (declared != NULL && declared->iconv_name != NULL)
        {
          from = declared->iconv_name;
          from_name = declared->name;
        }
      else
        {
          gsize n_multi = 0;
          gsize n_bad = 0;

          utf8_census (text, len, &n_multi, &n_bad);
          if (n_multi >= n_bad * UTF8_GOOD_PER_BAD)
            {
              *owned = g_utf8_make_valid (text, len);
              len = strlen (*owned);
              text = *owned;
              *encoding_name = "UTF-8";
            }
          else
            from = from_name = "GB18030";
        }
    }

  if (from != NULL)
    {
      gsize n_bad = 0;

      *owned = convert_lossy (text, len, from, &len, &n_bad);
      if (*owned == NULL)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                       _("“%s” is in an encoding (%s) this system cannot read"),
                       name, from);
          return NULL;
        }
      text = *owned;
      *encoding_name = from_name;

      /* UTF-16 has no other way to say it is binary */
      if (memchr (text, 0, len) != NULL)
        {
          g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                       _("“%s” is not a web page (it contains binary data)"), name);
          g_clear_pointer (owned, g_free);
          return NULL;
        }
    }

  if (has_many_controls ((const guchar *) text, len))
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_BINARY,
                   _("“%s” is not a web page (it contains binary data)"), name);
      g_clear_pointer (owned, g_free);
      return NULL;
    }

  *out_len = len;

  return text;
}

/* Where the page starts after its DOCTYPE. libxml2's HTML parser does not
 * understand an internal subset ("<!DOCTYPE html [<!ENTITY …>]>") and
 * would print its tail as text; the DOCTYPE tells us nothing anyway. */
static gsize
skip_doctype (const char *text,
              gsize       len)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end && is_html_space (*p))
    p++;

  if (end - p > 5 && memcmp (p, "<?xml", 5) == 0)
    {
      const char *close = find_ascii_case (p, MIN (end, p + 512), "?>");

      if (close == NULL)
        return 0;
      p = close + 2;
      while (p < end && is_html_space (*p))
        p++;
    }

  if (end - p < 9 || g_ascii_strncasecmp (p, "<!doctype", 9) != 0)
    return 0;

  for (p += 9; p < end; p++)
    {
      if (*p == '>')
        return p + 1 - text;

      if (*p == '[')
        {
          for (p++; p < end; p++)
            {
              const char *q;

              if (*p != ']')
                continue;
              for (q = p + 1; q < end && is_html_space (*q); q++)
                ;
              if (q < end && *q == '>')
                return q + 1 - text;
            }
          return 0;
        }
    }

  return 0;
}

/* Where the raw text of <script> or <style> at @p ends: the next "</name" */
static const char *
end_of_raw_text (const char *p,
                 const char *end,
                 const char *name)
{
  gsize n = strlen (name);

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      if (end - p > (gssize) n + 1 && p[1] == '/'
          && g_ascii_strncasecmp (p + 2, name, n) == 0)
        return p;
      p++;
    }

  return end;
}

/* Blanks out the attributes of any tag past MAX_ATTRIBUTES, reading tags
 * as libxml2 does (quoted values may hold '>'). Works in *@owned if @text
 * is it, else in a copy made at the first change. Returns the text. */
static char *
cap_attributes (const char  *text,
                gsize        len,
                char       **owned)
{
  const char *end = text + len;
  const char *p = text;
  char *w = text == *owned ? *owned : NULL;

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      const char *name;
      const char *blank_from = NULL;
      guint n_attributes = 0;
      gsize name_len;

      p++;
      if (end - p >= 3 && memcmp (p, "!--", 3) == 0)
        {
          p = find_ascii_case (p + 3, end, "-->");
          if (p == NULL)
            break;
          continue;
        }
      if (p == end || !g_ascii_isalpha (*p))
        continue;

      name = p;
      while (p < end && !is_html_space (*p) && *p != '>' && *p != '/')
        p++;
      name_len = p - name;

      while (p < end)
        {
          const char *attribute;

          while (p < end && (is_html_space (*p) || *p == '/'))
            p++;
          if (p == end || *p == '>')
            break;

          attribute = p;
          while (p < end && !is_html_space (*p) && *p != '=' && *p != '>' && *p != '/')
            p++;
          if (p == attribute)
            p++;
          if (++n_attributes > MAX_ATTRIBUTES && blank_from == NULL)
            blank_from = attribute;

          while (p < end && is_html_space (*p))
            p++;
          if (p == end || *p != '=')
            continue;
          for (p++; p < end && is_html_space (*p); p++)
            ;
          if (p < end && (*p == '"' || *p == '\''))
            {
              const char *close = memchr (p + 1, *p, end - p - 1);

              p = close != NULL ? close + 1 : end;
            }
          else
            while (p < end && !is_html_space (*p) && *p != '>')
              p++;
        }

      if (blank_from != NULL)
        {
          if (w == NULL)
            {
              *owned = w = g_malloc (len + 1);
              memcpy (w, text, len);
              w[len] = '\0';
            }
          memset (w + (blank_from - text), ' ', p - blank_from);
        }

      if (p == end)
        break;
      if ((name_len == 6 && g_ascii_strncasecmp (name, "script", 6) == 0)
          || (name_len == 5 && g_ascii_strncasecmp (name, "style", 5) == 0))
        {
          char raw[7];

          memcpy (raw, name, name_len);
          raw[name_len] = '\0';
          p = end_of_raw_text (p, end, raw);
        }
    }

  return w != NULL ? w : (char *) text;
}

/* One SAX parse of @text; returns where it stopped short, or 0.
 *
 * The first parse of a page reads it whole, as htmlReadMemory() does. A
 * fresh start after MAX_DEPTH pushes the rest in chunks instead: a memory
 * parser copies all it is given, so restarting one again and again on a
 * deeply nested page would be quadratic. (A static, uncopied input buffer
 * is no way out: libxml2 2.9.14's HTML parser reads such a buffer back
 * from near its start once it passes a few kilobytes.) */
static gsize
parse (Extractor  *ex,
       const char *text,
       gsize       len,
       gboolean    push)
{
  htmlSAXHandler sax;
  const int options = HTML_PARSE_RECOVER
                      | HTML_PARSE_NONET
                      | HTML_PARSE_NOERROR
                      | HTML_PARSE_NOWARNING
                      | HTML_PARSE_NODEFDTD
                      | HTML_PARSE_IGNORE_ENC;

  /* Only text and structure are handled: with no entity, DTD or subset
   * handlers, nothing the page names can be loaded. */
  memset (&sax, 0, sizeof sax);
  sax.startElement = on_start_element;
  sax.endElement = on_end_element;
  sax.characters = on_characters;
  sax.ignorableWhitespace = on_characters;
  sax.cdataBlock = on_cdata;
  sax.serror = on_error;
  sax.initialized = XML_SAX2_MAGIC;

  ex->resume_at = 0;

  /* Names are interned in each parser's dictionary: a new parser may
   * give another name an old address */
  memset (ex->cache, 0, sizeof ex->cache);

  /* The text is UTF-8 by now: the page's own charset is ignored, and no
   * encoder is set up (htmlCtxtReadMemory() with "UTF-8" would copy the
   * whole page through an identity converter). */
  if (!push)
    {
      ex->ctxt = htmlCreateMemoryParserCtxt (text, (int) len);
      if (ex->ctxt == NULL)
        g_error ("%s: out of memory", G_STRLOC);
      *ex->ctxt->sax = sax;
      ex->ctxt->userData = ex;
      htmlCtxtUseOptions (ex->ctxt, options);
      xmlSwitchEncoding (ex->ctxt, XML_CHAR_ENCODING_UTF8);
      htmlParseDocument (ex->ctxt);
    }
  else
    {
      ex->ctxt = htmlCreatePushParserCtxt (&sax, ex, NULL, 0, NULL,
                                           XML_CHAR_ENCODING_UTF8);
      if (ex->ctxt == NULL)
        g_error ("%s: out of memory", G_STRLOC);
      htmlCtxtUseOptions (ex->ctxt, options);

      for (gsize done = 0; done < len && ex->resume_at == 0; done += PUSH_CHUNK)
        {
          gsize n = MIN (PUSH_CHUNK, len - done);

          htmlParseChunk (ex->ctxt, text + done, (int) n, done + n == len);
        }
    }

  htmlFreeParserCtxt (ex->ctxt);
  ex->ctxt = NULL;

  /* libxml2 closes what the page left open; should it not have, the next
   * parse must not inherit an open <nav> or <h1>. */
  while (ex->frames->len > 0)
    on_end_element (ex, NULL);

  return ex->resume_at;
}

static void
extract (const char *text,
         gsize       len,
         GString    *out)
{
  Extractor ex = { 0, };
  static gsize initialized = 0;
  gsize done = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Must run once before any thread parses */
      xmlInitParser ();
      g_once_init_leave (&initialized, 1);
    }

  ex.out = out;
  ex.frames = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 64);
  ex.rows = g_array_new (FALSE, FALSE, sizeof (Row));
  ex.line_start = TRUE;

  /* A SAX parse, not a tree: libxml2 2.9 stops building a tree 256
   * elements deep and silently drops the rest of the page, while its
   * SAX parser goes on at any depth. Past MAX_DEPTH, it is stopped and
   * started again where it was, its open elements closed. */
  while (done < len)
    {
      gsize stopped = parse (&ex, text + done, len - done, done > 0);

      if (stopped == 0)
        break;
      done += stopped;

      /* It stopped inside a start tag, just before its end */
      if (len - done >= 2 && memcmp (text + done, "/>", 2) == 0)
        done += 2;
      else if (done < len && text[done] == '>')
        done++;
    }

  g_array_unref (ex.frames);
  g_array_unref (ex.rows);
}

/* Drops lines left empty by normalization (a paragraph of &nbsp;) and
 * keeps one blank line between paragraphs, in place. @text ends in '\n'. */
static gsize
tidy_lines (char *text)
{
  char *p = text;
  gsize o = 0;
  gboolean blank = FALSE;

  while (*p != '\0')
    {
      char *eol = strchr (p, '\n');
      gsize n = eol != NULL ? (gsize) (eol - p) : strlen (p);

      if (n == 0)
        blank = o > 0;
      else
        {
          if (o > 0)
            {
              text[o++] = '\n';
              if (blank)
                text[o++] = '\n';
            }
          memmove (text + o, p, n);
          o += n;
          blank = FALSE;
        }

      p += eol != NULL ? n + 1 : n;
    }

  if (o > 0)
    text[o++] = '\n';
  text[o] = '\0';

  return o;
}

/**
 * tz_html_extract_text:
 * @bytes: the page as read from disk
 * @display_name: (nullable): the file name for messages
 * @encoding: (out) (optional): the encoding used, a static string
 * @error: return location for a #TZ_DECODE_ERROR
 *
 * Turns an HTML page into the normalized text tz_decode_text() gives for
 * a .txt report: one paragraph per block, separated by blank lines, h1
 * and h2 headlines as "# " and "## " lines, table rows as lines, and page
 * chrome (scripts, menus, headers, footers, ads) left out. Nothing the
 * page refers to is ever fetched or opened.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
tz_html_extract_text (GBytes      *bytes,
                      const char  *display_name,
                      const char **encoding,
                      GError     **error)
{
  g_autofree char *owned = NULL;
  g_autoptr(GString) out = NULL;
  const guchar *data;
  const char *name;
  const char *what;
  const char *encoding_name = NULL;
  const char *text;
  char *result;
  gsize len = 0;
  gsize skip;

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
                   _("“%s” is not a web page (it looks like %s)"), name, what);
      return NULL;
    }

  text = page_to_utf8 (data, len, &len, &owned, &encoding_name, name, error);
  if (text == NULL)
    return NULL;

  /* libxml2 takes an int */
  if (len > G_MAXINT)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is too large to read as a web page"), name);
      return NULL;
    }

  text = cap_attributes (text, len, &owned);
  skip = skip_doctype (text, len);

  /* Text is usually a fraction of the markup */
  out = g_string_sized_new (len / 4 + 64);
  extract (text + skip, len - skip, out);
  g_clear_pointer (&owned, g_free);

  /* So that tidy_lines() can work in place: every line ends in '\n' */
  g_string_append_c (out, '\n');
  result = tz_normalize_text (out->str, out->len);

  if (tidy_lines (result) == 0)
    {
      g_free (result);
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” has no text"), name);
      return NULL;
    }

  if (encoding != NULL)
    *encoding = encoding_name;

  return result;
}
