/* tz-html.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Errors are in TZ_DECODE_ERROR (tz-decoder.h): EMPTY, BINARY, INVALID. */
char *tz_html_extract_text (GBytes      *bytes,
                            const char  *display_name,
                            const char **encoding,
                            GError     **error);

G_END_DECLS
