/* tz-region.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tz-enums.h"
#include "tz-types.h"

G_BEGIN_DECLS

#define TZ_TYPE_REGION (tz_region_get_type ())

G_DECLARE_FINAL_TYPE (TzRegion, tz_region, TZ, REGION, GObject)

TzRegion            *tz_region_new         (const char         *code,
                                            const char         *name,
                                            const char * const *path,
                                            TzRegionLevel       level);
const char          *tz_region_get_code    (TzRegion           *self);
const char          *tz_region_get_name    (TzRegion           *self);
const char * const  *tz_region_get_path    (TzRegion           *self);
TzRegionLevel        tz_region_get_level   (TzRegion           *self);
char                *tz_region_dup_display_path (TzRegion      *self);
gboolean             tz_region_equal       (TzRegion           *a,
                                            TzRegion           *b);

G_END_DECLS
