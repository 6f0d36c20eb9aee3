/* tz-enums.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tz-enums.h"

static const char * const approx_names[] = {
  "exact", "more_than", "about", "less_than", "at_least",
};

static const char * const category_names[] = {
  "people", "person_times", "households", "organizations", "money",
  "percent", "events", "items", "area",
};

static const char * const year_source_names[] = {
  "none", "sentence", "paragraph", "article", "document",
};

static const char * const region_level_names[] = {
  "nation", "province", "prefecture", "county",
};

static const char * const group_by_names[] = {
  "region", "year", "region-year",
};

static const char * const aggregate_names[] = {
  "sum", "max", "count", "latest",
};

static const char * const sort_key_names[] = {
  "text", "value", "unit", "subject", "region", "year", "document",
};

static gboolean
lookup_name (const char * const *names,
             guint               n_names,
             const char         *str,
             guint              *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i], str))
        {
          *value = i;
          return TRUE;
        }
    }

  return FALSE;
}

#define DEFINE_ENUM_STRINGS(Type, type, names)                            \
  const char *                                                            \
  tz_##type##_to_string (Type value)                                      \
  {                                                                       \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);    \
    return names[value];                                                  \
  }                                                                       \
                                                                          \
  gboolean                                                                \
  tz_##type##_from_string (const char *str,                               \
                           Type       *value)                             \
  {                                                                       \
    guint v;                                                              \
                                                                          \
    if (!lookup_name (names, G_N_ELEMENTS (names), str, &v))              \
      return FALSE;                                                       \
    if (value != NULL)                                                    \
      *value = (Type) v;                                                  \
    return TRUE;                                                          \
  }

DEFINE_ENUM_STRINGS (TzApprox, approx, approx_names)
DEFINE_ENUM_STRINGS (TzCategory, category, category_names)
DEFINE_ENUM_STRINGS (TzYearSource, year_source, year_source_names)
DEFINE_ENUM_STRINGS (TzRegionLevel, region_level, region_level_names)
DEFINE_ENUM_STRINGS (TzGroupBy, group_by, group_by_names)
DEFINE_ENUM_STRINGS (TzAggregate, aggregate, aggregate_names)
DEFINE_ENUM_STRINGS (TzSortKey, sort_key, sort_key_names)
