/* tz-extractor.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-types.h"

G_BEGIN_DECLS

/* Bumped whenever the extractor would produce different records from the
 * same text, so that stored documents are extracted again. */
#define TZ_EXTRACTOR_VERSION 1

#define TZ_TYPE_EXTRACTOR (tz_extractor_get_type ())

G_DECLARE_FINAL_TYPE (TzExtractor, tz_extractor, TZ, EXTRACTOR, GObject)

TzExtractor *tz_extractor_new           (void);
const char  *tz_extractor_get_date      (TzExtractor  *self);
void         tz_extractor_set_date      (TzExtractor  *self,
                                         const char   *date);
TzDocument  *tz_extractor_extract_bytes (TzExtractor  *self,
                                         const char   *name,
                                         GBytes       *bytes,
                                         GError      **error);
TzDocument  *tz_extractor_extract_text  (TzExtractor  *self,
                                         const char   *name,
                                         const char   *text);
gboolean     tz_date_is_valid           (const char   *date);

G_END_DECLS
