/* tz-pdf.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors are in TZ_DECODE_ERROR (tz-decoder.h): EMPTY for a PDF without a
 * text layer, INVALID for a damaged or password-protected one. */
char *tz_pdf_extract_text (GBytes      *bytes,
                           const char  *display_name,
                           guint       *n_pages,
                           GError     **error);

G_END_DECLS
