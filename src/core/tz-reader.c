/* tz-reader.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-reader"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tz-decoder.h"
#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-html.h"
#include "tz-markdown.h"
#include "tz-reader.h"
#include "tz-sha256.h"
#ifdef HAVE_POPPLER
# include "tz-pdf.h"
#endif
#ifdef HAVE_GSF
# include "tz-docx.h"
#endif

typedef struct
{
  const char     *suffix;
  TzReportFormat  format;
} Suffix;

static const Suffix suffixes[] = {
  { ".txt", TZ_REPORT_FORMAT_TEXT },
  { ".text", TZ_REPORT_FORMAT_TEXT },
  { ".md", TZ_REPORT_FORMAT_MARKDOWN },
  { ".markdown", TZ_REPORT_FORMAT_MARKDOWN },
  { ".html", TZ_REPORT_FORMAT_HTML },
  { ".htm", TZ_REPORT_FORMAT_HTML },
  { ".xhtml", TZ_REPORT_FORMAT_HTML },
  /* Known even when this build cannot read them, so that the user is told
   * why rather than that they are not reports. */
  { ".pdf", TZ_REPORT_FORMAT_PDF },
  { ".docx", TZ_REPORT_FORMAT_DOCX },
};

/* Which reader a file needs, from its name (case does not matter). */
TzReportFormat
tz_report_format_for_name (const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, TZ_REPORT_FORMAT_UNSUPPORTED);

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      return suffixes[i].format;

  return TZ_REPORT_FORMAT_UNSUPPORTED;
}

/* For file choosers and help texts: "*.txt *.text *.md …", with only
 * the formats this build reads. */
const char *
tz_report_format_patterns (void)
{
  return "*.txt *.text *.md *.markdown *.html *.htm *.xhtml"
#ifdef HAVE_POPPLER
         " *.pdf"
#endif
#ifdef HAVE_GSF
         " *.docx"
#endif
         ;
}

/**
 * tz_read_report:
 * @extractor: the extractor to use
 * @name: the file's name; its suffix chooses the reader
 * @bytes: the file's contents
 * @error: a #GError
 *
 * Reads a report in any supported format into one normalized text and
 * extracts its records. The document gets the sha256 and size of @bytes.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
TzDocument *
tz_read_report (TzExtractor  *extractor,
                const char   *name,
                GBytes       *bytes,
                GError      **error)
{
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  const char *encoding = NULL;
  TzReportFormat format;
  TzDocument *document;

  g_return_val_if_fail (TZ_IS_EXTRACTOR (extractor), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);

  if (g_bytes_get_size (bytes) > TZ_MAX_REPORT_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("“%s” is too large to be a report (over %d MiB)"),
                   name, TZ_MAX_REPORT_SIZE / (1024 * 1024));
      return NULL;
    }

  format = tz_report_format_for_name (name);
  switch (format)
    {
    case TZ_REPORT_FORMAT_TEXT:
      text = tz_decode_text (bytes, name, &encoding, error);
      break;

    case TZ_REPORT_FORMAT_MARKDOWN:
      {
        g_autofree char *markdown = tz_decode_text (bytes, name, &encoding, error);

        if (markdown != NULL)
          text = tz_markdown_to_text (markdown, -1);
      }
      break;

    case TZ_REPORT_FORMAT_HTML:
      text = tz_html_extract_text (bytes, name, &encoding, error);
      break;

    /* Routed by name before any decoding: the decoder rightly refuses the
     * bytes of a PDF or a zip as binary. */
    case TZ_REPORT_FORMAT_PDF:
#ifdef HAVE_POPPLER
      text = tz_pdf_extract_text (bytes, name, NULL, error);
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is a PDF, but this build of Taizhang cannot read PDF "
                     "(it was built without poppler)"), name);
#endif
      break;

    case TZ_REPORT_FORMAT_DOCX:
#ifdef HAVE_GSF
      text = tz_docx_extract_text (bytes, name, error);
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is a Word document, but this build of Taizhang cannot "
                     "read Word documents (it was built without libgsf)"), name);
#endif
      break;

    case TZ_REPORT_FORMAT_UNSUPPORTED:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a supported report (use plain text, Markdown, "
                     "HTML, PDF or Word .docx)"),
                   name);
      return NULL;
    }

  if (text == NULL)
    return NULL;

  sha256 = tz_sha256_for_bytes (bytes);

  document = tz_extractor_extract_text (extractor, name, text);
  tz_document_set_sha256 (document, sha256);

  /* A PDF of one page has no page break, but its figures are on page 1. */
  if (format == TZ_REPORT_FORMAT_PDF)
    {
      guint n_pages;

      if (tz_document_get_page_starts (document, &n_pages) == NULL)
        tz_document_set_page_starts (document, (const guint[]) { 0 }, 1);
    }

  tz_document_set_encoding (document, encoding);
  tz_document_set_size (document, g_bytes_get_size (bytes));

  return document;
}
