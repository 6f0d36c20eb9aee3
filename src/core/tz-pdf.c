/* tz-pdf.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-pdf"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <poppler.h>
#include <string.h>

#include "tz-decoder.h"
#include "tz-pdf.h"
#include "tz-reflow.h"

/* Distances are measured in ems of the type they separate, so that a
 * headline and a caption are judged alike. */

/* A horizontal gap this wide splits a row of glyphs into separate lines,
 * and one that runs down a block of lines is a column gutter. */
#define GUTTER_EMS 0.8

/* Latin words are set about a quarter em apart; closer glyphs touch. */
#define WORD_SPACE_EMS 0.15

/* A line indented this far starts a paragraph: Chinese paragraphs are
 * indented two characters. */
#define INDENT_EMS 1.5

/* Lines of one paragraph are the page's usual line spacing apart; this
 * much more starts a new paragraph. A page of one-line paragraphs has no
 * usual spacing to learn from, so no spacing looser than LOOSE_EMS counts
 * as usual: at worst the lines of a double-spaced paragraph come apart,
 * and the reflow joins them again. */
#define PARAGRAPH_GAP_EMS 0.4
#define LOOSE_EMS 1.6

/* Lines whose heights differ by more than this are set in different type,
 * such as a headline and its body. */
#define SIZE_CHANGE 0.2

typedef struct
{
  gunichar ch;
  double   x1, y1, x2, y2;
  gboolean space_before; /* the text layer has a space before it */
} Glyph;

/* A run of glyphs on one baseline with no gutter inside, in page points
 * with y growing downwards. */
typedef struct
{
  double   x1, y1, x2, y2;
  double   em;
  GString *text;
  gunichar first;
  gunichar last;
  gboolean space_before;
} Line;

typedef struct
{
  double x1, x2;
} Span;

typedef struct
{
  double     em_per_height; /* how the page's glyph boxes relate to its ems */
  double     em;            /* the page's usual type size, for gutters */
  double     spacing;       /* the usual baseline distance, in ems */
  GPtrArray *lines;         /* of Line: every line made, owned */
  GPtrArray *flows;         /* of GPtrArray of Line: columns in reading order */
} Page;

static void
line_free (Line *line)
{
  g_string_free (line->text, TRUE);
  g_free (line);
}

/* Chinese characters and punctuation: a line break between two of them is
 * only where the column ended. */
static gboolean
is_cjk (gunichar ch)
{
  return g_unichar_iswide (ch) || (ch >= 0x2000 && ch <= 0x206F);
}

/* Whether joining @before and @after needs a space: between Latin words,
 * but never inside a number cut by the line end, nor next to punctuation
 * (Chinese text often has ASCII commas and brackets). */
static gboolean
needs_space (gunichar before,
             gunichar after)
{
  if (is_cjk (before) || is_cjk (after))
    return FALSE;
  if (!g_unichar_isalnum (before) || !g_unichar_isalnum (after))
    return FALSE;
  return !(g_unichar_isdigit (before) && g_unichar_isdigit (after));
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (GArray *values,
        double  fallback)
{
  if (values->len == 0)
    return fallback;

  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

static double
glyph_em (const Page  *page,
          const Glyph *glyph)
{
  return (glyph->y2 - glyph->y1) * page->em_per_height;
}

static Line *
line_new (Page        *page,
          const Glyph *glyph)
{
  Line *line = g_new0 (Line, 1);

  line->x1 = glyph->x1;
  line->y1 = glyph->y1;
  line->x2 = glyph->x2;
  line->y2 = glyph->y2;
  line->em = glyph_em (page, glyph);
  line->text = g_string_new (NULL);
  g_string_append_unichar (line->text, glyph->ch);
  line->first = line->last = glyph->ch;
  line->space_before = glyph->space_before;
  g_ptr_array_add (page->lines, line);

  return line;
}

static void
line_add_glyph (Page        *page,
                Line        *line,
                const Glyph *glyph)
{
  /* Chinese words keep the spaces the text has ("本报记者 李玉波"), but
   * not those the layout adds between stretched characters. */
  if (glyph->x1 - line->x2 > WORD_SPACE_EMS * line->em &&
      (glyph->space_before || needs_space (line->last, glyph->ch)))
    g_string_append_c (line->text, ' ');
  g_string_append_unichar (line->text, glyph->ch);
  line->last = glyph->ch;
  line->x2 = MAX (line->x2, glyph->x2);
  line->y1 = MIN (line->y1, glyph->y1);
  line->y2 = MAX (line->y2, glyph->y2);
  line->em = MAX (line->em, glyph_em (page, glyph));
}

/* ------------------------------------------------------------------ */
/* Glyphs into lines                                                   */
/* ------------------------------------------------------------------ */

/* The glyphs of the text layer with their boxes; poppler gives one box for
 * each character of poppler_page_get_text(). Spaces and line ends are left
 * out, noted on the glyph after them: the gaps between boxes say more
 * about the layout than they do. */
static GArray *
collect_glyphs (PopplerPage *ppage)
{
  GArray *glyphs = g_array_new (FALSE, FALSE, sizeof (Glyph));
  g_autofree char *text = poppler_page_get_text (ppage);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  const char *p = text;
  gboolean space = FALSE;

  if (text == NULL || !poppler_page_get_text_layout (ppage, &rects, &n_rects))
    return glyphs;

  for (guint i = 0; i < n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      Glyph glyph = { ch, rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2, space };

      if (ch == '\n')
        space = FALSE;
      else if (g_unichar_isspace (ch))
        space = TRUE;
      if (g_unichar_isspace (ch) || g_unichar_iscntrl (ch) ||
          glyph.x2 <= glyph.x1 || glyph.y2 <= glyph.y1)
        continue;
      g_array_append_val (glyphs, glyph);
      space = FALSE;
    }

  g_free (rects);
  return glyphs;
}

/* Chinese glyphs are one em wide, which tells how tall the font's boxes
 * are in ems; Latin-only pages fall back to a common ratio. */
static void
measure_page (Page   *page,
              GArray *glyphs)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ems = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < glyphs->len; i++)
    {
      const Glyph *g = &g_array_index (glyphs, Glyph, i);

      if (g_unichar_get_script (g->ch) == G_UNICODE_SCRIPT_HAN)
        {
          double ratio = (g->x2 - g->x1) / (g->y2 - g->y1);

          g_array_append_val (ratios, ratio);
        }
    }
  page->em_per_height = median (ratios, 0.8);

  for (guint i = 0; i < glyphs->len; i++)
    {
      double em = glyph_em (page, &g_array_index (glyphs, Glyph, i));

      g_array_append_val (ems, em);
    }
  page->em = median (ems, 10.0);
}

static int
compare_glyph_rows (gconstpointer a,
                    gconstpointer b)
{
  const Glyph *ga = *(const Glyph * const *) a;
  const Glyph *gb = *(const Glyph * const *) b;
  double ca = ga->y1 + ga->y2, cb = gb->y1 + gb->y2;

  if (ca != cb)
    return (ca > cb) - (ca < cb);
  return (ga->x1 > gb->x1) - (ga->x1 < gb->x1);
}

static int
compare_glyph_x (gconstpointer a,
                 gconstpointer b)
{
  const Glyph *ga = *(const Glyph * const *) a;
  const Glyph *gb = *(const Glyph * const *) b;

  return (ga->x1 > gb->x1) - (ga->x1 < gb->x1);
}

/* Glyphs share a row when they overlap by half the smaller height. */
static gboolean
same_row (const Glyph *a,
          const Glyph *b)
{
  double overlap = MIN (a->y2, b->y2) - MAX (a->y1, b->y1);

  return overlap >= 0.5 * MIN (a->y2 - a->y1, b->y2 - b->y1);
}

/* A row runs across the whole page; gaps of a gutter's width cut it into
 * lines, which the layout then gives to their columns. */
static void
split_row (Page      *page,
           GPtrArray *row)
{
  Line *line = NULL;

  g_ptr_array_sort (row, compare_glyph_x);
  for (guint i = 0; i < row->len; i++)
    {
      const Glyph *g = g_ptr_array_index (row, i);

      if (line != NULL &&
          g->x1 - line->x2 < GUTTER_EMS * MIN (line->em, glyph_em (page, g)))
        line_add_glyph (page, line, g);
      else
        line = line_new (page, g);
    }
}

static void
build_lines (Page   *page,
             GArray *glyphs)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (glyphs->len);
  g_autoptr(GPtrArray) row = g_ptr_array_new ();
  const Glyph *first = NULL;

  for (guint i = 0; i < glyphs->len; i++)
    g_ptr_array_add (sorted, &g_array_index (glyphs, Glyph, i));
  g_ptr_array_sort (sorted, compare_glyph_rows);

  for (guint i = 0; i < sorted->len; i++)
    {
      const Glyph *g = g_ptr_array_index (sorted, i);

      if (first != NULL && !same_row (first, g))
        {
          split_row (page, row);
          g_ptr_array_set_size (row, 0);
          first = NULL;
        }
      if (first == NULL)
        first = g;
      g_ptr_array_add (row, (gpointer) g);
    }
  if (row->len > 0)
    split_row (page, row);
}

/* ------------------------------------------------------------------ */
/* Lines into columns                                                  */
/* ------------------------------------------------------------------ */

static int
compare_line_y (gconstpointer a,
                gconstpointer b)
{
  const Line *la = *(const Line * const *) a;
  const Line *lb = *(const Line * const *) b;

  if (la->y1 != lb->y1)
    return (la->y1 > lb->y1) - (la->y1 < lb->y1);
  return (la->x1 > lb->x1) - (la->x1 < lb->x1);
}

static int
compare_line_middle (gconstpointer a,
                     gconstpointer b)
{
  const Line *la = *(const Line * const *) a;
  const Line *lb = *(const Line * const *) b;
  double ma = la->y1 + la->y2, mb = lb->y1 + lb->y2;

  if (ma != mb)
    return (ma > mb) - (ma < mb);
  return (la->x1 > lb->x1) - (la->x1 < lb->x1);
}

static int
compare_line_x (gconstpointer a,
                gconstpointer b)
{
  const Line *la = *(const Line * const *) a;
  const Line *lb = *(const Line * const *) b;

  if (la->x1 != lb->x1)
    return (la->x1 > lb->x1) - (la->x1 < lb->x1);
  return (la->y1 > lb->y1) - (la->y1 < lb->y1);
}

/* Lines share a row when they overlap by half the smaller height. */
static gboolean
same_line_row (const Line *a,
               const Line *b)
{
  double overlap = MIN (a->y2, b->y2) - MAX (a->y1, b->y1);

  return overlap >= 0.5 * MIN (a->y2 - a->y1, b->y2 - b->y1);
}

/* The lines of one row, read left to right, as one line. They stand at
 * least a gutter apart, so Latin words get a space. */
static Line *
merge_row (Page  *page,
           Line **lines,
           guint  n)
{
  Line *merged;

  if (n == 1)
    return lines[0];

  qsort (lines, n, sizeof *lines, compare_line_x);
  merged = g_new0 (Line, 1);
  *merged = *lines[0];
  merged->text = g_string_new (lines[0]->text->str);
  g_ptr_array_add (page->lines, merged);

  for (guint i = 1; i < n; i++)
    {
      const Line *l = lines[i];

      if (l->space_before || needs_space (merged->last, l->first))
        g_string_append_c (merged->text, ' ');
      g_string_append (merged->text, l->text->str);
      merged->last = l->last;
      merged->x1 = MIN (merged->x1, l->x1);
      merged->x2 = MAX (merged->x2, l->x2);
      merged->y1 = MIN (merged->y1, l->y1);
      merged->y2 = MAX (merged->y2, l->y2);
      merged->em = MAX (merged->em, l->em);
    }

  return merged;
}

/* A region without columns: its rows, top to bottom. */
static void
add_flow (Page   *page,
          Line  **lines,
          guint   n)
{
  GPtrArray *flow = g_ptr_array_new ();
  guint first = 0;

  qsort (lines, n, sizeof *lines, compare_line_y);
  for (guint i = 1; i <= n; i++)
    {
      if (i < n && same_line_row (lines[first], lines[i]))
        continue;
      g_ptr_array_add (flow, merge_row (page, lines + first, i - first));
      first = i;
    }

  g_ptr_array_add (page->flows, flow);
}

static gboolean
is_one_row (Line  **lines,
            guint   n)
{
  for (guint i = 1; i < n; i++)
    if (!same_line_row (lines[0], lines[i]))
      return FALSE;

  return TRUE;
}

/* How many of @sorted (ascending) are below @x, or at most @x with
 * @inclusive. */
static guint
count_below (const double *sorted,
             guint         n,
             double        x,
             gboolean      inclusive)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (sorted[mid] < x || (inclusive && sorted[mid] == x))
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The best column gutter of a region: a vertical strip at least a gutter
 * wide with lines wholly on its left and wholly on its right. Lines that
 * cross it span the columns (a headline over two columns); the strip that
 * the fewest lines cross wins, then the widest. */
static gboolean
find_gutter (const Page  *page,
             Line       **lines,
             guint        n,
             Span        *gutter,
             guint       *n_crossing)
{
  g_autofree double *starts = g_new (double, n);
  g_autofree double *ends = g_new (double, n);
  g_autofree double *edges = g_new (double, 2 * n);
  guint best_crossing = G_MAXUINT;
  double best_width = 0;

  for (guint i = 0; i < n; i++)
    {
      starts[i] = edges[2 * i] = lines[i]->x1;
      ends[i] = edges[2 * i + 1] = lines[i]->x2;
    }
  qsort (starts, n, sizeof (double), compare_double);
  qsort (ends, n, sizeof (double), compare_double);
  qsort (edges, 2 * n, sizeof (double), compare_double);

  /* No line has an edge strictly between two neighbouring edges, so a
   * line not wholly on either side covers the whole strip. */
  for (guint k = 0; k + 1 < 2 * n; k++)
    {
      double a = edges[k], b = edges[k + 1];
      guint left, right, crossing;

      if (b - a < GUTTER_EMS * page->em)
        continue;

      left = count_below (ends, n, a, TRUE);
      right = n - count_below (starts, n, b, FALSE);
      if (left == 0 || right == 0)
        continue;

      crossing = n - left - right;
      if (crossing < best_crossing ||
          (crossing == best_crossing && b - a > best_width))
        {
          best_crossing = crossing;
          best_width = b - a;
          gutter->x1 = a;
          gutter->x2 = b;
        }
    }

  *n_crossing = best_crossing;
  return best_crossing != G_MAXUINT;
}

static gboolean
crosses (const Line *line,
         const Span *gutter)
{
  return line->x2 > gutter->x1 && line->x1 < gutter->x2;
}

/* Reads a region of the page: columns left to right, each top to bottom;
 * lines that span the columns cut the region into parts read in turn, so
 * a headline over two columns comes before them. */
static void
order_lines (Page   *page,
             Line  **lines,
             guint   n)
{
  Span gutter;
  guint n_crossing;
  guint n_left = 0;

  if (n == 0)
    return;

  /* A row with a wide gap (a spaced-out byline) is not two columns. */
  if (is_one_row (lines, n) || !find_gutter (page, lines, n, &gutter, &n_crossing))
    {
      add_flow (page, lines, n);
      return;
    }

  if (n_crossing == 0)
    {
      for (guint i = 0; i < n; i++)
        if (lines[i]->x2 <= gutter.x1)
          {
            Line *tmp = lines[n_left];

            lines[n_left++] = lines[i];
            lines[i] = tmp;
          }
      order_lines (page, lines, n_left);
      order_lines (page, lines + n_left, n - n_left);
      return;
    }

  /* Runs of spanning lines and runs of column lines, top to bottom. */
  qsort (lines, n, sizeof *lines, compare_line_middle);
  for (guint i = 0; i < n;)
    {
      gboolean spanning = crosses (lines[i], &gutter);
      guint j = i + 1;

      while (j < n && crosses (lines[j], &gutter) == spanning)
        j++;
      order_lines (page, lines + i, j - i);
      i = j;
    }
}

/* ------------------------------------------------------------------ */
/* Columns into paragraphs                                             */
/* ------------------------------------------------------------------ */

static gboolean
similar_size (const Line *a,
              const Line *b)
{
  double ha = a->y2 - a->y1, hb = b->y2 - b->y1;

  return fabs (ha - hb) <= SIZE_CHANGE * MAX (ha, hb);
}

/* From the top of one line to the top of the next, in ems. */
static double
line_distance (const Line *a,
               const Line *b)
{
  return (b->y1 - a->y1) / MIN (a->em, b->em);
}

/* The usual distance between lines of the same type: the median on the
 * page, but never looser than LOOSE_EMS. */
static void
measure_spacing (Page *page)
{
  g_autoptr(GArray) distances = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint f = 0; f < page->flows->len; f++)
    {
      GPtrArray *flow = g_ptr_array_index (page->flows, f);

      for (guint i = 1; i < flow->len; i++)
        {
          const Line *a = g_ptr_array_index (flow, i - 1);
          const Line *b = g_ptr_array_index (flow, i);

          if (similar_size (a, b))
            {
              double distance = line_distance (a, b);

              g_array_append_val (distances, distance);
            }
        }
    }

  page->spacing = MIN (median (distances, LOOSE_EMS), LOOSE_EMS);
}

static gboolean
starts_paragraph (const Page *page,
                  const Line *before,
                  const Line *line,
                  double      left)
{
  return line_distance (before, line) > page->spacing + PARAGRAPH_GAP_EMS ||
         !similar_size (before, line) ||
         line->x1 - left >= INDENT_EMS * line->em;
}

/* Paragraphs are separated by a blank line; the lines of one paragraph
 * are joined, without a space between Chinese characters. */
static void
write_flows (Page    *page,
             GString *out)
{
  for (guint f = 0; f < page->flows->len; f++)
    {
      GPtrArray *flow = g_ptr_array_index (page->flows, f);
      double left = G_MAXDOUBLE;

      for (guint i = 0; i < flow->len; i++)
        left = MIN (left, ((const Line *) g_ptr_array_index (flow, i))->x1);

      for (guint i = 0; i < flow->len; i++)
        {
          const Line *line = g_ptr_array_index (flow, i);
          const Line *before = i > 0 ? g_ptr_array_index (flow, i - 1) : NULL;

          if (before == NULL || starts_paragraph (page, before, line, left))
            {
              if (out->len > 0)
                g_string_append (out, "\n\n");
            }
          else if (needs_space (before->last, line->first))
            g_string_append_c (out, ' ');
          g_string_append (out, line->text->str);
        }
    }
}

/* The text of one page in reading order, normalized; "" for a page
 * without text. Sets @has_text when the page has a text layer. */
static char *
page_text (PopplerPage *ppage,
           gboolean    *has_text)
{
  g_autoptr(GArray) glyphs = collect_glyphs (ppage);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree Line **lines = NULL;
  Page page = { 0, };
  guint n;

  if (glyphs->len == 0)
    return g_strdup ("");
  *has_text = TRUE;

  page.lines = g_ptr_array_new_with_free_func ((GDestroyNotify) line_free);
  page.flows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  measure_page (&page, glyphs);
  build_lines (&page, glyphs);

  /* Merged lines are added to page.lines as the layout goes: order a
   * copy of the lines made so far. */
  n = page.lines->len;
  lines = g_memdup2 (page.lines->pdata, n * sizeof (Line *));
  order_lines (&page, lines, n);
  measure_spacing (&page);
  write_flows (&page, out);

  g_ptr_array_unref (page.flows);
  g_ptr_array_unref (page.lines);

  return tz_normalize_text (out->str, out->len);
}

/**
 * tz_pdf_extract_text:
 * @bytes: the PDF as read from disk
 * @display_name: (nullable): the file name for messages
 * @n_pages: (out) (optional): the number of pages
 * @error: return location for a #TZ_DECODE_ERROR
 *
 * Reads the text layer of a PDF page by page, in reading order: lines are
 * rebuilt from the glyph boxes, newspaper columns are read left to right
 * and top to bottom, with headlines that span columns first. Lines of one
 * paragraph are joined (Chinese without a space); paragraphs end with a
 * blank line. Pages are separated by a line holding only TZ_PAGE_BREAK,
 * which the reflow turns into page starts.
 *
 * Returns: (transfer full): the normalized text, or %NULL with @error set
 */
char *
tz_pdf_extract_text (GBytes      *bytes,
                     const char  *display_name,
                     guint       *n_pages,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) out = NULL;
  PopplerDocument *document;
  const char *name;
  gboolean has_text = FALSE;
  int n;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = display_name != NULL ? display_name : _("unnamed file");
  if (n_pages != NULL)
    *n_pages = 0;

  if (g_bytes_get_size (bytes) == 0)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” is empty"), name);
      return NULL;
    }

  document = poppler_document_new_from_bytes (bytes, NULL, &local_error);
  if (document == NULL)
    {
      if (g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                     _("“%s” is protected by a password; save a copy without "
                       "the password and import that"), name);
      else
        g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                     _("“%s” is damaged or not a PDF document (%s)"),
                     name, local_error != NULL ? local_error->message : "");
      return NULL;
    }

  n = poppler_document_get_n_pages (document);
  out = g_string_new (NULL);
  for (int i = 0; i < n; i++)
    {
      PopplerPage *ppage = poppler_document_get_page (document, i);
      g_autofree char *text = NULL;

      if (i > 0)
        g_string_append (out, "\n" TZ_PAGE_BREAK "\n");
      if (ppage == NULL)
        continue;
      text = page_text (ppage, &has_text);
      g_string_append (out, text);
      g_object_unref (ppage);
    }
  g_object_unref (document);

  if (!has_text)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   n > 0 ? _("“%s” has no text layer (scanned PDF)")
                         : _("“%s” has no pages"),
                   name);
      return NULL;
    }

  if (n_pages != NULL)
    *n_pages = n;

  g_string_append_c (out, '\n');
  return g_string_free (g_steal_pointer (&out), FALSE);
}
