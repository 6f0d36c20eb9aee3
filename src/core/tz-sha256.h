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

/* The same over data given in pieces. */
typedef struct
{
  /*< private >*/
  guint32    state[8];
  guint8     buffer[64];
  gsize      buffered;
  guint64    length;
  GChecksum *fallback; /* where the processor has no SHA extensions */
} TzSha256;

void  tz_sha256_init   (TzSha256     *sha);
void  tz_sha256_update (TzSha256     *sha,
                        const guint8 *data,
                        gsize         len);
char *tz_sha256_finish (TzSha256     *sha);

G_END_DECLS
