/* tz-filter.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-filter"

#include "config.h"

#include "tz-enum-types.h"
#include "tz-filter.h"

struct _TzFilter
{
  GObject    parent_instance;

  char      *region_code;
  char      *unit;
  char      *subject;
  char      *search;
  gint64     document_id;
  gint64     article_id;
  int        year_from;
  int        year_to;
  int        category;
  TzSortKey  sort_key;
  guint      descending : 1;
};

G_DEFINE_FINAL_TYPE (TzFilter, tz_filter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGION_CODE,
  PROP_YEAR_FROM,
  PROP_YEAR_TO,
  PROP_CATEGORY,
  PROP_UNIT,
  PROP_SUBJECT,
  PROP_SEARCH,
  PROP_DOCUMENT_ID,
  PROP_ARTICLE_ID,
  PROP_SORT_KEY,
  PROP_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Empty strings mean "any", like NULL, so that entries can bind directly. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
tz_filter_finalize (GObject *object)
{
  TzFilter *self = (TzFilter *)object;

  g_clear_pointer (&self->region_code, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (tz_filter_parent_class)->finalize (object);
}

static void
tz_filter_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TzFilter *self = TZ_FILTER (object);

  switch (prop_id)
    {
    case PROP_REGION_CODE:
      g_value_set_string (value, self->region_code);
      break;

    case PROP_YEAR_FROM:
      g_value_set_int (value, self->year_from);
      break;

    case PROP_YEAR_TO:
      g_value_set_int (value, self->year_to);
      break;

    case PROP_CATEGORY:
      g_value_set_int (value, self->category);
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;

    case PROP_ARTICLE_ID:
      g_value_set_int64 (value, self->article_id);
      break;

    case PROP_SORT_KEY:
      g_value_set_enum (value, self->sort_key);
      break;

    case PROP_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_filter_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TzFilter *self = TZ_FILTER (object);

  switch (prop_id)
    {
    case PROP_REGION_CODE:
      tz_filter_set_region_code (self, g_value_get_string (value));
      break;

    case PROP_YEAR_FROM:
      tz_filter_set_year_from (self, g_value_get_int (value));
      break;

    case PROP_YEAR_TO:
      tz_filter_set_year_to (self, g_value_get_int (value));
      break;

    case PROP_CATEGORY:
      tz_filter_set_category (self, g_value_get_int (value));
      break;

    case PROP_UNIT:
      tz_filter_set_unit (self, g_value_get_string (value));
      break;

    case PROP_SUBJECT:
      tz_filter_set_subject (self, g_value_get_string (value));
      break;

    case PROP_SEARCH:
      tz_filter_set_search (self, g_value_get_string (value));
      break;

    case PROP_DOCUMENT_ID:
      tz_filter_set_document_id (self, g_value_get_int64 (value));
      break;

    case PROP_ARTICLE_ID:
      tz_filter_set_article_id (self, g_value_get_int64 (value));
      break;

    case PROP_SORT_KEY:
      tz_filter_set_sort_key (self, g_value_get_enum (value));
      break;

    case PROP_DESCENDING:
      tz_filter_set_descending (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_filter_class_init (TzFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tz_filter_finalize;
  object_class->get_property = tz_filter_get_property;
  object_class->set_property = tz_filter_set_property;

  properties[PROP_REGION_CODE] = g_param_spec_string ("region-code", NULL, NULL, NULL, rw);
  properties[PROP_YEAR_FROM] = g_param_spec_int ("year-from", NULL, NULL, 0, 9999, 0, rw);
  properties[PROP_YEAR_TO] = g_param_spec_int ("year-to", NULL, NULL, 0, 9999, 0, rw);
  properties[PROP_CATEGORY] = g_param_spec_int ("category", NULL, NULL,
                                                TZ_FILTER_ANY_CATEGORY, TZ_CATEGORY_AREA,
                                                TZ_FILTER_ANY_CATEGORY, rw);
  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, rw);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, rw);
  properties[PROP_SEARCH] = g_param_spec_string ("search", NULL, NULL, NULL, rw);
  properties[PROP_DOCUMENT_ID] = g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_ARTICLE_ID] = g_param_spec_int64 ("article-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_SORT_KEY] = g_param_spec_enum ("sort-key", NULL, NULL,
                                                 TZ_TYPE_SORT_KEY, TZ_SORT_TEXT_ORDER, rw);
  properties[PROP_DESCENDING] = g_param_spec_boolean ("descending", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_filter_init (TzFilter *self)
{
  self->category = TZ_FILTER_ANY_CATEGORY;
}

TzFilter *
tz_filter_new (void)
{
  return g_object_new (TZ_TYPE_FILTER, NULL);
}

/**
 * tz_filter_copy:
 *
 * Returns: (transfer full): a filter with the same settings, for handing to
 *   another thread while the user goes on editing this one
 */
TzFilter *
tz_filter_copy (TzFilter *self)
{
  TzFilter *copy;

  g_return_val_if_fail (TZ_IS_FILTER (self), NULL);

  copy = tz_filter_new ();
  copy->region_code = g_strdup (self->region_code);
  copy->unit = g_strdup (self->unit);
  copy->subject = g_strdup (self->subject);
  copy->search = g_strdup (self->search);
  copy->document_id = self->document_id;
  copy->article_id = self->article_id;
  copy->year_from = self->year_from;
  copy->year_to = self->year_to;
  copy->category = self->category;
  copy->sort_key = self->sort_key;
  copy->descending = self->descending;

  return copy;
}

/* Does the filter select every record (the order aside)? */
gboolean
tz_filter_is_empty (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), TRUE);

  return self->region_code == NULL && self->unit == NULL && self->subject == NULL &&
         self->search == NULL && self->document_id == 0 && self->article_id == 0 &&
         self->year_from == 0 && self->year_to == 0 &&
         self->category == TZ_FILTER_ANY_CATEGORY;
}

const char *
tz_filter_get_region_code (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), NULL);
  return self->region_code;
}

void
tz_filter_set_region_code (TzFilter   *self,
                           const char *region_code)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (set_string (&self->region_code, region_code))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION_CODE]);
}

int
tz_filter_get_year_from (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), 0);
  return self->year_from;
}

void
tz_filter_set_year_from (TzFilter *self,
                         int      year_from)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->year_from == year_from)
    return;
  self->year_from = year_from;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_FROM]);
}

int
tz_filter_get_year_to (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), 0);
  return self->year_to;
}

void
tz_filter_set_year_to (TzFilter *self,
                       int      year_to)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->year_to == year_to)
    return;
  self->year_to = year_to;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_TO]);
}

int
tz_filter_get_category (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), 0);
  return self->category;
}

void
tz_filter_set_category (TzFilter *self,
                        int      category)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->category == category)
    return;
  self->category = category;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

const char *
tz_filter_get_unit (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), NULL);
  return self->unit;
}

void
tz_filter_set_unit (TzFilter   *self,
                    const char *unit)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (set_string (&self->unit, unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

const char *
tz_filter_get_subject (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), NULL);
  return self->subject;
}

void
tz_filter_set_subject (TzFilter   *self,
                       const char *subject)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (set_string (&self->subject, subject))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

const char *
tz_filter_get_search (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), NULL);
  return self->search;
}

void
tz_filter_set_search (TzFilter   *self,
                      const char *search)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (set_string (&self->search, search))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

gint64
tz_filter_get_document_id (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), 0);
  return self->document_id;
}

void
tz_filter_set_document_id (TzFilter *self,
                           gint64   document_id)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->document_id == document_id)
    return;
  self->document_id = document_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

gint64
tz_filter_get_article_id (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), 0);
  return self->article_id;
}

void
tz_filter_set_article_id (TzFilter *self,
                          gint64   article_id)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->article_id == article_id)
    return;
  self->article_id = article_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}

TzSortKey
tz_filter_get_sort_key (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), TZ_SORT_TEXT_ORDER);
  return self->sort_key;
}

void
tz_filter_set_sort_key (TzFilter  *self,
                        TzSortKey sort_key)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  if (self->sort_key == sort_key)
    return;
  self->sort_key = sort_key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_KEY]);
}

gboolean
tz_filter_get_descending (TzFilter *self)
{
  g_return_val_if_fail (TZ_IS_FILTER (self), FALSE);
  return self->descending;
}

void
tz_filter_set_descending (TzFilter *self,
                          gboolean descending)
{
  g_return_if_fail (TZ_IS_FILTER (self));
  descending = !!descending;
  if (self->descending == descending)
    return;
  self->descending = descending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCENDING]);
}
