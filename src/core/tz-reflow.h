/* tz-reflow.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A paragraph of the reflowed text, in bytes. */
typedef struct
{
  gsize start;
  gsize end;
} TzParagraph;

/* The text of a report after layout clean-up: paragraphs that the page
 * layout broke in the middle of a sentence are joined again, and repeated
 * paragraphs are kept once. Paragraphs are separated by a single '\n'.
 *
 * A line holding only a form feed (TZ_PAGE_BREAK, which the PDF reader
 * puts between pages) is a page break: it leaves no trace in the text, but
 * where the next page starts is kept in @pages. */
typedef struct
{
  char   *text;
  gsize   len;
  GArray *paragraphs; /* of TzParagraph */
  GArray *pages;      /* of gsize: where pages 2, 3 … start in @text, in
                       * bytes; NULL when there was no page break */
} TzReflow;

#define TZ_PAGE_BREAK "\f"

TzReflow *tz_reflow_new              (const char *normalized,
                                      gssize      len);
void      tz_reflow_free             (TzReflow   *reflow);

gboolean  tz_text_is_headline_like   (const char *text,
                                      gsize       len);
gboolean  tz_text_ends_sentence      (const char *text,
                                      gsize       len);
gsize     tz_utf8_count_chars        (const char *text,
                                      gsize       len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TzReflow, tz_reflow_free)

G_END_DECLS
