/* tz-sha256.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SHA-256 as 64 lowercase hexadecimal digits, like GChecksum's, and as fast
 * as the processor allows. */
char *tz_sha256_for_data  (const guint8 *data,
                           gsize         len);
char *tz_sha256_for_bytes (GBytes       *bytes);

G_END_DECLS
