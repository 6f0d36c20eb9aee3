/* tz-gazetteer.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-enums.h"
#include "tz-types.h"

G_BEGIN_DECLS

/* Division ids are small integers into the embedded table.
 * TZ_DIVISION_NONE means "no division"; TZ_DIVISION_NATION is 全国 (000000). */
#define TZ_DIVISION_NONE   0u
#define TZ_DIVISION_NATION 1u

typedef enum
{
  TZ_PLACE_SHORT_FORM = 1 << 0, /* matched through a short form (崇川, 柯桥) */
  TZ_PLACE_ALIAS      = 1 << 1, /* a former or informal name (港闸区 → 崇川区) */
  TZ_PLACE_AMBIGUOUS  = 1 << 2, /* the name belongs to several divisions and
                                 * nothing settled which (id is NONE) */
} TzPlaceFlags;

/* One place named in a text. Offsets are in bytes into the scanned text.
 * @id is TZ_DIVISION_NONE when the name is ambiguous and nothing nearby
 * resolves it. */
typedef struct
{
  gsize        start;
  gsize        end;
  guint        id;
  TzPlaceFlags flags;
} TzPlace;

TzGazetteer   *tz_gazetteer_get_default       (void);

guint          tz_gazetteer_get_n_divisions   (TzGazetteer *self);
guint          tz_gazetteer_lookup_code       (TzGazetteer *self,
                                               const char  *code);
const char    *tz_gazetteer_get_code          (TzGazetteer *self,
                                               guint        id);
const char    *tz_gazetteer_get_name          (TzGazetteer *self,
                                               guint        id);
guint          tz_gazetteer_get_parent        (TzGazetteer *self,
                                               guint        id);
TzRegionLevel  tz_gazetteer_get_level         (TzGazetteer *self,
                                               guint        id);
gboolean       tz_gazetteer_is_ancestor       (TzGazetteer *self,
                                               guint        ancestor,
                                               guint        id);
TzRegion      *tz_gazetteer_create_region     (TzGazetteer *self,
                                               guint        id);
GArray        *tz_gazetteer_find_places       (TzGazetteer *self,
                                               const char  *text,
                                               gssize       len,
                                               guint        context);

/* The index of the first place in @places (sorted by start, as found)
 * that starts at or after @offset, or places->len: lookups per figure
 * must not walk every place of a long text. */
guint          tz_places_lower_bound          (const GArray *places,
                                               gsize         offset);

/* TRUE if @id is @area or lies inside it: the question a region filter
 * asks.  tz_gazetteer_is_ancestor() is the strict version. */
gboolean       tz_gazetteer_is_within         (TzGazetteer *self,
                                               guint        id,
                                               guint        area);
/* The province/prefecture/county containing @id (or @id itself), or NONE. */
guint          tz_gazetteer_get_ancestor_at_level (TzGazetteer   *self,
                                                   guint          id,
                                                   TzRegionLevel  level);
/* The divisions directly under @id, sorted by code (guint ids);
 * TZ_DIVISION_NATION gives the provinces. */
GArray        *tz_gazetteer_list_children     (TzGazetteer *self,
                                               guint        id);

/* A name on its own ("崇川区", "港闸区", "南通"); @context settles shared
 * names.  NONE if unknown or still ambiguous. */
guint          tz_gazetteer_lookup_name       (TzGazetteer *self,
                                               const char  *name,
                                               guint        context);

G_END_DECLS
