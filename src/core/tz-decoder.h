/* tz-decoder.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TZ_DECODE_ERROR (tz_decode_error_quark ())

typedef enum
{
  TZ_DECODE_ERROR_EMPTY,     /* no bytes, or only white space */
  TZ_DECODE_ERROR_BINARY,    /* not text at all (an image, a program …) */
  TZ_DECODE_ERROR_TRUNCATED, /* UTF-16 with an odd number of bytes, a cut sequence */
  TZ_DECODE_ERROR_INVALID,   /* text in no encoding we read */
} TzDecodeError;

GQuark  tz_decode_error_quark (void);

char   *tz_decode_text        (GBytes      *bytes,
                               const char  *display_name,
                               const char **encoding,
                               GError     **error);
char   *tz_normalize_text     (const char  *text,
                               gssize       len);

G_END_DECLS
