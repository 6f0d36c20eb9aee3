/* tz-test-docs.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <string.h>
#ifdef HAVE_GSF
# include <gsf/gsf.h>
#endif

#include "tz-test-docs.h"

/* fonts-wqy-microhei (tools/setup-deps): any Chinese font would do, but a
 * known one keeps the layouts the same from machine to machine. */
#define FONT_FAMILY "WenQuanYi Micro Hei"

/* A4 in points */
#define PAGE_WIDTH  595.0
#define PAGE_HEIGHT 842.0

struct _TzTestPdf
{
  GByteArray      *data;
  cairo_surface_t *surface;
  cairo_t         *cr;
};

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

TzTestPdf *
tz_test_pdf_new (void)
{
  TzTestPdf *pdf = g_new0 (TzTestPdf, 1);

  pdf->data = g_byte_array_new ();
  pdf->surface = cairo_pdf_surface_create_for_stream (write_cb, pdf->data,
                                                      PAGE_WIDTH, PAGE_HEIGHT);
  pdf->cr = cairo_create (pdf->surface);

  return pdf;
}

/* Draws @paragraphs (separated by '\n') at @size points, wrapped to
 * @width, each followed by a gap of one line; returns where the next
 * block may start. */
double
tz_test_pdf_add_text (TzTestPdf  *pdf,
                      double      x,
                      double      y,
                      double      width,
                      double      size,
                      gboolean    centered,
                      const char *paragraphs)
{
  g_auto(GStrv) lines = g_strsplit (paragraphs, "\n", -1);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (pdf->cr);
      int height;

      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (layout, centered ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
      pango_layout_set_text (layout, lines[i], -1);

      cairo_move_to (pdf->cr, x, y);
      pango_cairo_show_layout (pdf->cr, layout);
      pango_layout_get_size (layout, NULL, &height);
      y += (double) height / PANGO_SCALE + size;
    }

  pango_font_description_free (font);
  return y;
}

/* A picture without text, as in a scanned page. */
void
tz_test_pdf_add_rectangle (TzTestPdf *pdf,
                           double     x,
                           double     y,
                           double     width,
                           double     height)
{
  cairo_set_source_rgb (pdf->cr, 0.4, 0.4, 0.4);
  cairo_rectangle (pdf->cr, x, y, width, height);
  cairo_fill (pdf->cr);
  cairo_set_source_rgb (pdf->cr, 0, 0, 0);
}

void
tz_test_pdf_next_page (TzTestPdf *pdf)
{
  cairo_show_page (pdf->cr);
}

/* Ends the last page and frees @pdf. */
GBytes *
tz_test_pdf_finish (TzTestPdf *pdf)
{
  GBytes *bytes;

  cairo_show_page (pdf->cr);
  cairo_destroy (pdf->cr);
  cairo_surface_finish (pdf->surface);
  g_assert_cmpint (cairo_surface_status (pdf->surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (pdf->surface);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&pdf->data));
  g_free (pdf);

  return bytes;
}

#ifdef HAVE_GSF

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static void
add_member (GsfOutfile *zip,
            const char *name,
            const char *contents)
{
  GsfOutput *member = gsf_outfile_new_child (zip, name, FALSE);

  g_assert_true (gsf_output_write (member, strlen (contents), (const guint8 *) contents));
  g_assert_true (gsf_output_close (member));
  g_object_unref (member);
}

/* The smallest .docx Word opens: content types, the package relationship
 * and word/document.xml with @body inside w:body (or @body itself when it
 * is a whole XML document); @styles, when given, is word/styles.xml. A
 * NULL @body leaves word/document.xml out. */
GBytes *
tz_test_docx_new (const char *body,
                  const char *styles)
{
  GsfOutput *sink = gsf_output_memory_new ();
  GError *error = NULL;
  GsfOutfile *zip = gsf_outfile_zip_new (sink, &error);
  GsfOutfile *word;
  g_autofree char *document = NULL;
  GBytes *bytes;

  g_assert_no_error (error);

  add_member (zip, "[Content_Types].xml",
              "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
              "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
              "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
              "</Types>");

  {
    GsfOutfile *rels = GSF_OUTFILE (gsf_outfile_new_child (zip, "_rels", TRUE));

    add_member (rels, ".rels",
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
                "2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
                "</Relationships>");
    g_assert_true (gsf_output_close (GSF_OUTPUT (rels)));
    g_object_unref (rels);
  }

  word = GSF_OUTFILE (gsf_outfile_new_child (zip, "word", TRUE));
  if (body != NULL && g_str_has_prefix (body, "<?xml"))
    document = g_strdup (body);
  else if (body != NULL)
    document = g_strconcat ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
                            "<w:document xmlns:w=\"" W_NS "\"><w:body>",
                            body,
                            "</w:body></w:document>", NULL);
  if (document != NULL)
    add_member (word, "document.xml", document);
  if (styles != NULL)
    add_member (word, "styles.xml", styles);
  g_assert_true (gsf_output_close (GSF_OUTPUT (word)));
  g_object_unref (word);

  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);

  bytes = g_bytes_new (gsf_output_memory_get_bytes (GSF_OUTPUT_MEMORY (sink)),
                       gsf_output_size (sink));
  g_object_unref (sink);

  return bytes;
}

#endif /* HAVE_GSF */

/* Plain paragraphs (separated by '\n') as w:p elements. */
char *
tz_test_docx_paragraphs (const char *paragraphs)
{
  g_auto(GStrv) lines = g_strsplit (paragraphs, "\n", -1);
  GString *xml = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *escaped = g_markup_escape_text (lines[i], -1);

      g_string_append_printf (xml, "<w:p><w:r><w:t>%s</w:t></w:r></w:p>", escaped);
    }

  return g_string_free (xml, FALSE);
}

TzDocument *
tz_test_read (const char  *name,
              GBytes      *bytes,
              GError     **error)
{
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();

  return tz_read_report (extractor, name, bytes, error);
}

TzDocument *
tz_test_read_ok (const char *name,
                 GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  TzDocument *document = tz_test_read (name, bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

/* The same text in a .txt makes the same document: same normalized text,
 * same figures, same articles. */
void
tz_test_assert_same_as_text (TzDocument *document,
                             const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(TzDocument) txt = tz_test_read_ok ("same.txt", bytes);
  g_autofree char *records = tz_test_records_tsv (document);
  g_autofree char *txt_records = tz_test_records_tsv (txt);

  g_assert_cmpstr (tz_document_get_text (document), ==, tz_document_get_text (txt));
  g_assert_cmpstr (records, ==, txt_records);
  g_assert_cmpuint (tz_document_get_n_articles (document), ==, tz_document_get_n_articles (txt));
}

/* One line per figure with its text, value, unit, subject, region and
 * year: what must agree between formats. */
char *
tz_test_records_tsv (TzDocument *document)
{
  GString *out = g_string_new (NULL);
  guint n_articles;
  TzArticle * const *articles = tz_document_peek_articles (document, &n_articles);

  for (guint a = 0; a < n_articles; a++)
    {
      GListModel *metrics = tz_article_get_metrics (articles[a]);

      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);
          TzRegion *region = tz_metric_get_region (metric);
          TzDecimal value;
          g_autofree char *value_text = NULL;

          tz_metric_get_value (metric, &value);
          value_text = tz_decimal_to_string (&value);
          g_string_append_printf (out, "%s\t%s\t%s\t%s\t%s\t%d\n",
                                  tz_metric_get_text (metric), value_text,
                                  tz_metric_get_unit (metric),
                                  tz_metric_get_subject (metric) ? tz_metric_get_subject (metric) : "",
                                  region ? tz_region_get_code (region) : "",
                                  tz_metric_get_year (metric));
        }
    }

  return g_string_free (out, FALSE);
}

char *
tz_test_write_file (const char *dir,
                    const char *name,
                    GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);

  return path;
}
