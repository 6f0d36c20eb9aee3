/* tz-test-docs.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-core.h"

G_BEGIN_DECLS

/* PDF and Word files made in the tests: PDFs drawn with cairo and pango in
 * a Chinese font, .docx files zipped with libgsf. */

typedef struct _TzTestPdf TzTestPdf;

TzTestPdf *tz_test_pdf_new            (void);
double     tz_test_pdf_add_text       (TzTestPdf   *pdf,
                                       double       x,
                                       double       y,
                                       double       width,
                                       double       size,
                                       gboolean     centered,
                                       const char  *paragraphs);
void       tz_test_pdf_add_rectangle  (TzTestPdf   *pdf,
                                       double       x,
                                       double       y,
                                       double       width,
                                       double       height);
void       tz_test_pdf_next_page      (TzTestPdf   *pdf);
GBytes    *tz_test_pdf_finish         (TzTestPdf   *pdf);

GBytes    *tz_test_docx_new           (const char  *body,
                                       const char  *styles);
char      *tz_test_docx_paragraphs    (const char  *paragraphs);

TzDocument *tz_test_read              (const char  *name,
                                       GBytes      *bytes,
                                       GError     **error);
TzDocument *tz_test_read_ok           (const char  *name,
                                       GBytes      *bytes);
void       tz_test_assert_same_as_text (TzDocument *document,
                                        const char *text);
char      *tz_test_records_tsv        (TzDocument  *document);
char      *tz_test_write_file         (const char  *dir,
                                       const char  *name,
                                       GBytes      *bytes);

G_END_DECLS
