/* tz-filter.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tz-enums.h"

G_BEGIN_DECLS

#define TZ_TYPE_FILTER (tz_filter_get_type ())

G_DECLARE_FINAL_TYPE (TzFilter, tz_filter, TZ, FILTER, GObject)

/* Which records a list, an export or a chart shows. Every field is optional;
 * an empty filter selects everything. Changing any property notifies it, so
 * views can bind their controls to it and refresh on "notify". */

#define TZ_FILTER_ANY_CATEGORY (-1)

TzFilter    *tz_filter_new              (void);
TzFilter    *tz_filter_copy             (TzFilter    *self);
gboolean     tz_filter_is_empty         (TzFilter    *self);
const char  *tz_filter_get_region_code  (TzFilter    *self);
void         tz_filter_set_region_code  (TzFilter    *self,
                                         const char  *code);
int          tz_filter_get_year_from    (TzFilter    *self);
void         tz_filter_set_year_from    (TzFilter    *self,
                                         int          year);
int          tz_filter_get_year_to      (TzFilter    *self);
void         tz_filter_set_year_to      (TzFilter    *self,
                                         int          year);
int          tz_filter_get_category     (TzFilter    *self);
void         tz_filter_set_category     (TzFilter    *self,
                                         int          category);
const char  *tz_filter_get_unit         (TzFilter    *self);
void         tz_filter_set_unit         (TzFilter    *self,
                                         const char  *unit);
const char  *tz_filter_get_subject      (TzFilter    *self);
void         tz_filter_set_subject      (TzFilter    *self,
                                         const char  *subject);
const char  *tz_filter_get_search       (TzFilter    *self);
void         tz_filter_set_search       (TzFilter    *self,
                                         const char  *search);
gint64       tz_filter_get_document_id  (TzFilter    *self);
void         tz_filter_set_document_id  (TzFilter    *self,
                                         gint64       document_id);
gint64       tz_filter_get_article_id   (TzFilter    *self);
void         tz_filter_set_article_id   (TzFilter    *self,
                                         gint64       article_id);
TzSortKey    tz_filter_get_sort_key     (TzFilter    *self);
void         tz_filter_set_sort_key     (TzFilter    *self,
                                         TzSortKey    key);
gboolean     tz_filter_get_descending   (TzFilter    *self);
void         tz_filter_set_descending   (TzFilter    *self,
                                         gboolean     descending);

G_END_DECLS
