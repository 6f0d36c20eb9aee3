/* tz-metric.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-metric"

#include "config.h"

#include "tz-enum-types.h"
#include "tz-metric-private.h"
#include "tz-region.h"

struct _TzMetric
{
  GObject       parent_instance;

  char         *text;
  char         *unit;
  char         *subject;
  char         *sentence;
  TzRegion     *region;
  TzDecimal     value;
  guint         start;
  guint         end;
  int           year;
  int           page;
  TzCategory    category;
  TzApprox      approx;
  TzYearSource  year_source;
  guint         target : 1;
  guint        user_added : 1;
  guint        corrected : 1;
  gint64       document_id;
  gint64       article_id;
  gint64       id;
};

G_DEFINE_FINAL_TYPE (TzMetric, tz_metric, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_START,
  PROP_END,
  PROP_VALUE,
  PROP_VALUE_TEXT,
  PROP_UNIT,
  PROP_CATEGORY,
  PROP_APPROX,
  PROP_SUBJECT,
  PROP_REGION,
  PROP_YEAR,
  PROP_YEAR_SOURCE,
  PROP_TARGET,
  PROP_SENTENCE,
  PROP_PAGE,
  PROP_USER_ADDED,
  PROP_CORRECTED,
  PROP_DOCUMENT_ID,
  PROP_ARTICLE_ID,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
tz_metric_dispose (GObject *object)
{
  TzMetric *self = (TzMetric *)object;

  g_clear_object (&self->region);

  G_OBJECT_CLASS (tz_metric_parent_class)->dispose (object);
}

static void
tz_metric_finalize (GObject *object)
{
  TzMetric *self = (TzMetric *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->unit, g_free);
  g_clear_pointer (&self->subject, g_free);
  g_clear_pointer (&self->sentence, g_free);

  G_OBJECT_CLASS (tz_metric_parent_class)->finalize (object);
}

static void
tz_metric_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TzMetric *self = TZ_METRIC (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_START:
      g_value_set_uint (value, self->start);
      break;

    case PROP_END:
      g_value_set_uint (value, self->end);
      break;

    case PROP_VALUE:
      g_value_set_double (value, tz_metric_get_value_double (self));
      break;

    case PROP_VALUE_TEXT:
      g_value_take_string (value, tz_decimal_to_string (&self->value));
      break;

    case PROP_UNIT:
      g_value_set_string (value, self->unit);
      break;

    case PROP_CATEGORY:
      g_value_set_enum (value, self->category);
      break;

    case PROP_APPROX:
      g_value_set_enum (value, self->approx);
      break;

    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;

    case PROP_REGION:
      g_value_set_object (value, self->region);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_YEAR_SOURCE:
      g_value_set_enum (value, self->year_source);
      break;

    case PROP_TARGET:
      g_value_set_boolean (value, self->target);
      break;

    case PROP_SENTENCE:
      g_value_set_string (value, self->sentence);
      break;

    case PROP_PAGE:
      g_value_set_int (value, self->page);
      break;

    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_ARTICLE_ID:
      g_value_set_int64 (value, self->article_id);
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;

    case PROP_CORRECTED:
      g_value_set_boolean (value, self->corrected);
      break;

    case PROP_USER_ADDED:
      g_value_set_boolean (value, self->user_added);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_metric_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TzMetric *self = TZ_METRIC (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      tz_metric_set_text (self, g_value_get_string (value));
      break;

    case PROP_VALUE_TEXT:
      {
        TzDecimal dec;

        if (tz_decimal_parse (g_value_get_string (value), &dec))
          tz_metric_set_value (self, &dec);
      }
      break;

    case PROP_UNIT:
      tz_metric_set_unit (self, g_value_get_string (value));
      break;

    case PROP_CATEGORY:
      tz_metric_set_category (self, g_value_get_enum (value));
      break;

    case PROP_APPROX:
      tz_metric_set_approx (self, g_value_get_enum (value));
      break;

    case PROP_SUBJECT:
      tz_metric_set_subject (self, g_value_get_string (value));
      break;

    case PROP_REGION:
      tz_metric_set_region (self, g_value_get_object (value));
      break;

    case PROP_YEAR:
      tz_metric_set_year (self, g_value_get_int (value));
      break;

    case PROP_YEAR_SOURCE:
      tz_metric_set_year_source (self, g_value_get_enum (value));
      break;

    case PROP_TARGET:
      tz_metric_set_target (self, g_value_get_boolean (value));
      break;

    case PROP_SENTENCE:
      tz_metric_set_sentence (self, g_value_get_string (value));
      break;

    case PROP_PAGE:
      tz_metric_set_page (self, g_value_get_int (value));
      break;

    case PROP_ID:
      tz_metric_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_ARTICLE_ID:
      tz_metric_set_article_id (self, g_value_get_int64 (value));
      break;

    case PROP_DOCUMENT_ID:
      tz_metric_set_document_id (self, g_value_get_int64 (value));
      break;

    case PROP_CORRECTED:
      tz_metric_set_corrected (self, g_value_get_boolean (value));
      break;

    case PROP_USER_ADDED:
      tz_metric_set_user_added (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_metric_class_init (TzMetricClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tz_metric_dispose;
  object_class->finalize = tz_metric_finalize;
  object_class->get_property = tz_metric_get_property;
  object_class->set_property = tz_metric_set_property;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_START] = g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_END] = g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_VALUE] = g_param_spec_double ("value", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, ro);
  properties[PROP_VALUE_TEXT] = g_param_spec_string ("value-text", NULL, NULL, NULL, rw);
  properties[PROP_UNIT] = g_param_spec_string ("unit", NULL, NULL, NULL, rw);
  properties[PROP_CATEGORY] = g_param_spec_enum ("category", NULL, NULL,
                                                 TZ_TYPE_CATEGORY, TZ_CATEGORY_ITEMS, rw);
  properties[PROP_APPROX] = g_param_spec_enum ("approx", NULL, NULL,
                                               TZ_TYPE_APPROX, TZ_APPROX_EXACT, rw);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, rw);
  properties[PROP_REGION] = g_param_spec_object ("region", NULL, NULL, TZ_TYPE_REGION, rw);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 0, 9999, 0, rw);
  properties[PROP_YEAR_SOURCE] = g_param_spec_enum ("year-source", NULL, NULL,
                                                    TZ_TYPE_YEAR_SOURCE, TZ_YEAR_SOURCE_NONE, rw);
  properties[PROP_TARGET] = g_param_spec_boolean ("target", NULL, NULL, FALSE, rw);
  properties[PROP_SENTENCE] = g_param_spec_string ("sentence", NULL, NULL, NULL, rw);
  properties[PROP_PAGE] = g_param_spec_int ("page", NULL, NULL, 0, G_MAXINT, 0, rw);

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_ARTICLE_ID] = g_param_spec_int64 ("article-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_DOCUMENT_ID] = g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_CORRECTED] = g_param_spec_boolean ("corrected", NULL, NULL, FALSE, rw);
  properties[PROP_USER_ADDED] = g_param_spec_boolean ("user-added", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_metric_init (TzMetric *self)
{
  self->category = TZ_CATEGORY_ITEMS;
}

TzMetric *
tz_metric_new (void)
{
  return g_object_new (TZ_TYPE_METRIC, NULL);
}

/* A new metric holding @fields. The setters notify each property they
 * change, which GLib 2.74 pays for with a lock even when nobody listens,
 * and nobody can listen to an object that does not exist yet. Takes the
 * strings and the region of @fields, leaving them %NULL. */
TzMetric *
tz_metric_new_from_fields (TzMetricFields *fields)
{
  TzMetric *self;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->text != NULL, NULL);
  g_return_val_if_fail (fields->start <= fields->end, NULL);
  g_return_val_if_fail (fields->region == NULL || TZ_IS_REGION (fields->region), NULL);

  self = tz_metric_new ();
  self->text = g_steal_pointer (&fields->text);
  self->sentence = g_steal_pointer (&fields->sentence);
  self->unit = g_strdup (fields->unit);
  self->subject = g_steal_pointer (&fields->subject);
  self->region = g_steal_pointer (&fields->region);
  self->value = fields->value;
  tz_decimal_normalize (&self->value);
  self->start = fields->start;
  self->end = fields->end;
  self->year = fields->year;
  self->year_source = fields->year_source;
  self->category = fields->category;
  self->approx = fields->approx;
  self->target = !!fields->target;
  self->id = fields->id;
  self->article_id = fields->article_id;
  self->document_id = fields->document_id;

  return self;
}

void
tz_metric_fields_clear (TzMetricFields *fields)
{
  g_clear_pointer (&fields->text, g_free);
  g_clear_pointer (&fields->sentence, g_free);
  g_clear_pointer (&fields->subject, g_free);
  g_clear_object (&fields->region);
}

/* Fills @view with the metric's fields, borrowed from it: not to be
 * cleared, valid while the metric is not changed. */
void
tz_metric_view_fields (TzMetric       *self,
                       TzMetricFields *view)
{
  g_return_if_fail (TZ_IS_METRIC (self));

  view->text = self->text;
  view->sentence = self->sentence;
  view->unit = self->unit;
  view->subject = self->subject;
  view->region = self->region;
  view->value = self->value;
  view->start = self->start;
  view->end = self->end;
  view->year = self->year;
  view->year_source = self->year_source;
  view->category = self->category;
  view->approx = self->approx;
  view->target = self->target;
  view->sentence_start = view->sentence_end = 0;
  view->id = self->id;
  view->article_id = self->article_id;
  view->document_id = self->document_id;
}

const char *
tz_metric_get_text (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), NULL);
  return self->text;
}

void
tz_metric_set_text (TzMetric   *self,
                    const char *text)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (set_string (&self->text, text))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
tz_metric_get_start (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->start;
}

guint
tz_metric_get_end (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->end;
}

/* Offsets are in Unicode code points into the document's normalized text. */
void
tz_metric_set_span (TzMetric *self,
                    guint     start,
                    guint     end)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (start <= end);

  if (self->start != start)
    {
      self->start = start;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
    }
  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
    }
}

void
tz_metric_get_value (TzMetric  *self,
                     TzDecimal *value)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (value != NULL);
  *value = self->value;
}

void
tz_metric_set_value (TzMetric        *self,
                     const TzDecimal *value)
{
  TzDecimal normalized;

  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (value != NULL);

  normalized = *value;
  tz_decimal_normalize (&normalized);
  if (tz_decimal_compare (&normalized, &self->value) == 0 &&
      normalized.scale == self->value.scale)
    return;

  self->value = normalized;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE_TEXT]);
}

double
tz_metric_get_value_double (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return tz_decimal_to_double (&self->value);
}

const char *
tz_metric_get_unit (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), NULL);
  return self->unit;
}

void
tz_metric_set_unit (TzMetric   *self,
                    const char *unit)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (set_string (&self->unit, unit))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

TzCategory
tz_metric_get_category (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), TZ_CATEGORY_ITEMS);
  return self->category;
}

void
tz_metric_set_category (TzMetric   *self,
                        TzCategory  category)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->category == category)
    return;
  self->category = category;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

TzApprox
tz_metric_get_approx (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), TZ_APPROX_EXACT);
  return self->approx;
}

void
tz_metric_set_approx (TzMetric *self,
                      TzApprox  approx)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->approx == approx)
    return;
  self->approx = approx;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPROX]);
}

const char *
tz_metric_get_subject (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), NULL);
  return self->subject;
}

void
tz_metric_set_subject (TzMetric   *self,
                       const char *subject)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (set_string (&self->subject, subject))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
}

/**
 * tz_metric_get_region:
 *
 * Returns: (transfer none) (nullable): the region the figure describes
 */
TzRegion *
tz_metric_get_region (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), NULL);
  return self->region;
}

void
tz_metric_set_region (TzMetric *self,
                      TzRegion *region)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (region == NULL || TZ_IS_REGION (region));
  if (g_set_object (&self->region, region))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

/* 0 means the text does not fix a year. */
int
tz_metric_get_year (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->year;
}

void
tz_metric_set_year (TzMetric *self,
                    int       year)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->year == year)
    return;
  self->year = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

TzYearSource
tz_metric_get_year_source (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), TZ_YEAR_SOURCE_NONE);
  return self->year_source;
}

void
tz_metric_set_year_source (TzMetric     *self,
                           TzYearSource  source)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->year_source == source)
    return;
  self->year_source = source;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR_SOURCE]);
}

gboolean
tz_metric_get_target (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), FALSE);
  return self->target;
}

void
tz_metric_set_target (TzMetric *self,
                      gboolean  target)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  target = !!target;
  if (self->target == target)
    return;
  self->target = target;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

const char *
tz_metric_get_sentence (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), NULL);
  return self->sentence;
}

void
tz_metric_set_sentence (TzMetric   *self,
                        const char *sentence)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (set_string (&self->sentence, sentence))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENTENCE]);
}

/* The page of a PDF the figure is printed on, from 1; 0 when unknown. */
int
tz_metric_get_page (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->page;
}

void
tz_metric_set_page (TzMetric *self,
                    int       page)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (page >= 0);
  if (self->page == page)
    return;
  self->page = page;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
}

/* The row id in the ledger, or 0 before the metric is stored. */
gint64
tz_metric_get_id (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->id;
}

void
tz_metric_set_id (TzMetric *self,
                  gint64   id)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/* The id of the article the metric belongs to, 0 before storing. */
gint64
tz_metric_get_article_id (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->article_id;
}

void
tz_metric_set_article_id (TzMetric *self,
                          gint64   article_id)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->article_id == article_id)
    return;
  self->article_id = article_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}

/* The id of its document, 0 before storing. */
gint64
tz_metric_get_document_id (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->document_id;
}

void
tz_metric_set_document_id (TzMetric *self,
                           gint64   document_id)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  if (self->document_id == document_id)
    return;
  self->document_id = document_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

/* Whether the user changed any field of the extracted record. */
gboolean
tz_metric_get_corrected (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->corrected;
}

void
tz_metric_set_corrected (TzMetric *self,
                         gboolean corrected)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  corrected = !!corrected;
  if (self->corrected == corrected)
    return;
  self->corrected = corrected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORRECTED]);
}

/* Whether the user created the record from a selection. */
gboolean
tz_metric_get_user_added (TzMetric *self)
{
  g_return_val_if_fail (TZ_IS_METRIC (self), 0);
  return self->user_added;
}

void
tz_metric_set_user_added (TzMetric *self,
                          gboolean user_added)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  user_added = !!user_added;
  if (self->user_added == user_added)
    return;
  self->user_added = user_added;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ADDED]);
}

/**
 * tz_metric_assign:
 * @self: a #TzMetric
 * @from: the record to copy
 *
 * Makes @self a copy of @from, notifying only the properties that change,
 * so a row bound to @self updates in place when fresh data arrives.
 */
void
tz_metric_assign (TzMetric *self,
                  TzMetric *from)
{
  g_return_if_fail (TZ_IS_METRIC (self));
  g_return_if_fail (TZ_IS_METRIC (from));

  g_object_freeze_notify (G_OBJECT (self));
  tz_metric_set_id (self, from->id);
  tz_metric_set_article_id (self, from->article_id);
  tz_metric_set_document_id (self, from->document_id);
  tz_metric_set_text (self, from->text);
  tz_metric_set_span (self, from->start, from->end);
  tz_metric_set_value (self, &from->value);
  tz_metric_set_unit (self, from->unit);
  tz_metric_set_category (self, from->category);
  tz_metric_set_approx (self, from->approx);
  tz_metric_set_subject (self, from->subject);
  tz_metric_set_region (self, from->region);
  tz_metric_set_year (self, from->year);
  tz_metric_set_year_source (self, from->year_source);
  tz_metric_set_target (self, from->target);
  tz_metric_set_sentence (self, from->sentence);
  tz_metric_set_page (self, from->page);
  tz_metric_set_corrected (self, from->corrected);
  tz_metric_set_user_added (self, from->user_added);
  g_object_thaw_notify (G_OBJECT (self));
}
