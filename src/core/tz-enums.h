/* tz-enums.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a figure is qualified in the text (约, 余, 以上, 不到, 至少 …). */
typedef enum
{
  TZ_APPROX_EXACT,
  TZ_APPROX_MORE_THAN,
  TZ_APPROX_ABOUT,
  TZ_APPROX_LESS_THAN,
  TZ_APPROX_AT_LEAST,
} TzApprox;

/* What a metric counts, derived from its unit (see docs of the spec). */
typedef enum
{
  TZ_CATEGORY_PEOPLE,
  TZ_CATEGORY_PERSON_TIMES,
  TZ_CATEGORY_HOUSEHOLDS,
  TZ_CATEGORY_ORGANIZATIONS,
  TZ_CATEGORY_MONEY,
  TZ_CATEGORY_PERCENT,
  TZ_CATEGORY_EVENTS,
  TZ_CATEGORY_ITEMS,
  TZ_CATEGORY_AREA,
} TzCategory;

/* Where a metric's year came from. */
typedef enum
{
  TZ_YEAR_SOURCE_NONE,
  TZ_YEAR_SOURCE_SENTENCE,
  TZ_YEAR_SOURCE_PARAGRAPH,
  TZ_YEAR_SOURCE_ARTICLE,
  TZ_YEAR_SOURCE_DOCUMENT,
} TzYearSource;

typedef enum
{
  TZ_REGION_LEVEL_NATION,
  TZ_REGION_LEVEL_PROVINCE,
  TZ_REGION_LEVEL_PREFECTURE,
  TZ_REGION_LEVEL_COUNTY,
} TzRegionLevel;

/* How figures are grouped for charts and summaries. */
typedef enum
{
  TZ_GROUP_BY_REGION,
  TZ_GROUP_BY_YEAR,
  TZ_GROUP_BY_REGION_YEAR,
} TzGroupBy;

/* How the figures of a group are combined. "latest" is the value of the
 * figure with the most recent year (then the most recently imported). */
typedef enum
{
  TZ_AGGREGATE_SUM,
  TZ_AGGREGATE_MAX,
  TZ_AGGREGATE_COUNT,
  TZ_AGGREGATE_LATEST,
} TzAggregate;

/* The order of metric and article lists. */
typedef enum
{
  TZ_SORT_TEXT_ORDER, /* document, then position in the text */
  TZ_SORT_VALUE,
  TZ_SORT_UNIT,
  TZ_SORT_SUBJECT,
  TZ_SORT_REGION,
  TZ_SORT_YEAR,
  TZ_SORT_DOCUMENT,
} TzSortKey;

/* The spelling used in JSON, CSV and the command line ("more_than", …). */
const char   *tz_approx_to_string       (TzApprox      approx);
gboolean      tz_approx_from_string     (const char   *str,
                                         TzApprox     *approx);
const char   *tz_category_to_string     (TzCategory    category);
gboolean      tz_category_from_string   (const char   *str,
                                         TzCategory   *category);
const char   *tz_year_source_to_string  (TzYearSource  source);
gboolean      tz_year_source_from_string (const char  *str,
                                          TzYearSource *source);
const char   *tz_group_by_to_string     (TzGroupBy     group_by);
gboolean      tz_group_by_from_string   (const char   *str,
                                         TzGroupBy    *group_by);
const char   *tz_aggregate_to_string    (TzAggregate   aggregate);
gboolean      tz_aggregate_from_string  (const char   *str,
                                         TzAggregate  *aggregate);
const char   *tz_sort_key_to_string     (TzSortKey     key);
gboolean      tz_sort_key_from_string   (const char   *str,
                                         TzSortKey    *key);
const char   *tz_region_level_to_string (TzRegionLevel level);
gboolean      tz_region_level_from_string (const char   *str,
                                           TzRegionLevel *level);

G_END_DECLS
