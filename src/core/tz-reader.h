/* tz-reader.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-types.h"

G_BEGIN_DECLS

/* Reports larger than this are refused: no real report comes close, and a
 * ledger must not be flooded by a log file dropped by mistake. */
#define TZ_MAX_REPORT_SIZE (64 * 1024 * 1024)

typedef enum
{
  TZ_REPORT_FORMAT_UNSUPPORTED,
  TZ_REPORT_FORMAT_TEXT,      /* .txt, .text */
  TZ_REPORT_FORMAT_MARKDOWN,  /* .md, .markdown */
  TZ_REPORT_FORMAT_HTML,      /* .html, .htm, .xhtml */
  TZ_REPORT_FORMAT_PDF,       /* .pdf, when built with poppler */
  TZ_REPORT_FORMAT_DOCX,      /* .docx, when built with libgsf */
} TzReportFormat;

TzReportFormat  tz_report_format_for_name  (const char   *name);
const char     *tz_report_format_patterns  (void);
TzDocument     *tz_read_report             (TzExtractor  *extractor,
                                            const char   *name,
                                            GBytes       *bytes,
                                            GError      **error);

G_END_DECLS
