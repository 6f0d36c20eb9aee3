/* tz-markdown.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @utf8_text is decoded already (tz_decode_text()); this cannot fail. */
char *tz_markdown_to_text (const char *utf8_text,
                           gssize      len);

G_END_DECLS
