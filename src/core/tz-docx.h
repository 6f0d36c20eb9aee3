/* tz-docx.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors are in TZ_DECODE_ERROR (tz-decoder.h): EMPTY, INVALID. */
char *tz_docx_extract_text (GBytes      *bytes,
                            const char  *display_name,
                            GError     **error);

G_END_DECLS
