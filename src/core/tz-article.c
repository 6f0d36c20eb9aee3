/* tz-article.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-article"

#include "config.h"

#include "tz-article-private.h"
#include "tz-metric.h"
#include "tz-region.h"

struct _TzArticle
{
  GObject     parent_instance;

  char       *title;
  char      **subtitles;
  char       *column;
  char       *byline;
  char       *source;
  char       *author;
  TzRegion   *region;
  GPtrArray  *metric_array; /* the metrics made into objects */
  GArray     *extracted;    /* TzMetricFields after those, not yet objects */
  GListStore *metrics;      /* made on first request, for views */
  int         year;
  guint       start;
  guint       end;
  guint       metric_count;
  gint64       document_id;
  gint64       id;
};

G_DEFINE_FINAL_TYPE (TzArticle, tz_article, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLES,
  PROP_COLUMN,
  PROP_BYLINE,
  PROP_SOURCE,
  PROP_AUTHOR,
  PROP_REGION,
  PROP_YEAR,
  PROP_START,
  PROP_END,
  PROP_METRICS,
  PROP_N_METRICS,
  PROP_METRIC_COUNT,
  PROP_DOCUMENT_ID,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string_prop (TzArticle   *self,
                 char       **field,
                 const char  *value,
                 guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
tz_article_dispose (GObject *object)
{
  TzArticle *self = (TzArticle *)object;

  g_clear_object (&self->region);
  g_clear_object (&self->metrics);
  g_clear_pointer (&self->metric_array, g_ptr_array_unref);
  g_clear_pointer (&self->extracted, g_array_unref);

  G_OBJECT_CLASS (tz_article_parent_class)->dispose (object);
}

static void
tz_article_finalize (GObject *object)
{
  TzArticle *self = (TzArticle *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitles, g_strfreev);
  g_clear_pointer (&self->column, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->author, g_free);

  G_OBJECT_CLASS (tz_article_parent_class)->finalize (object);
}

static void
tz_article_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TzArticle *self = TZ_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SUBTITLES:
      g_value_set_boxed (value, self->subtitles);
      break;

    case PROP_COLUMN:
      g_value_set_string (value, self->column);
      break;

    case PROP_BYLINE:
      g_value_set_string (value, self->byline);
      break;

    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;

    case PROP_AUTHOR:
      g_value_set_string (value, self->author);
      break;

    case PROP_REGION:
      g_value_set_object (value, self->region);
      break;

    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;

    case PROP_START:
      g_value_set_uint (value, self->start);
      break;

    case PROP_END:
      g_value_set_uint (value, self->end);
      break;

    case PROP_METRICS:
      g_value_set_object (value, tz_article_get_metrics (self));
      break;

    case PROP_N_METRICS:
      g_value_set_uint (value, tz_article_get_n_metrics (self));
      break;

    case PROP_METRIC_COUNT:
      g_value_set_uint (value, self->metric_count);
      break;

    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_article_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TzArticle *self = TZ_ARTICLE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      tz_article_set_title (self, g_value_get_string (value));
      break;

    case PROP_SUBTITLES:
      tz_article_set_subtitles (self, g_value_get_boxed (value));
      break;

    case PROP_COLUMN:
      tz_article_set_column (self, g_value_get_string (value));
      break;

    case PROP_BYLINE:
      tz_article_set_byline (self, g_value_get_string (value));
      break;

    case PROP_SOURCE:
      tz_article_set_source (self, g_value_get_string (value));
      break;

    case PROP_AUTHOR:
      tz_article_set_author (self, g_value_get_string (value));
      break;

    case PROP_REGION:
      tz_article_set_region (self, g_value_get_object (value));
      break;

    case PROP_YEAR:
      tz_article_set_year (self, g_value_get_int (value));
      break;

    case PROP_METRIC_COUNT:
      tz_article_set_metric_count (self, g_value_get_uint (value));
      break;

    case PROP_ID:
      tz_article_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_DOCUMENT_ID:
      tz_article_set_document_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_article_class_init (TzArticleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tz_article_dispose;
  object_class->finalize = tz_article_finalize;
  object_class->get_property = tz_article_get_property;
  object_class->set_property = tz_article_set_property;

  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_SUBTITLES] = g_param_spec_boxed ("subtitles", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_COLUMN] = g_param_spec_string ("column", NULL, NULL, NULL, rw);
  properties[PROP_BYLINE] = g_param_spec_string ("byline", NULL, NULL, NULL, rw);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, rw);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, rw);
  properties[PROP_REGION] = g_param_spec_object ("region", NULL, NULL, TZ_TYPE_REGION, rw);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 0, 9999, 0, rw);
  properties[PROP_START] = g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_END] = g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_METRICS] = g_param_spec_object ("metrics", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_METRICS] = g_param_spec_uint ("n-metrics", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_METRIC_COUNT] = g_param_spec_uint ("metric-count", NULL, NULL, 0, G_MAXUINT, 0, rw);

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_DOCUMENT_ID] = g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_article_init (TzArticle *self)
{
  self->metric_array = g_ptr_array_new_with_free_func (g_object_unref);
}

TzArticle *
tz_article_new (void)
{
  return g_object_new (TZ_TYPE_ARTICLE, NULL);
}

const char *
tz_article_get_title (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->title;
}

void
tz_article_set_title (TzArticle  *self,
                      const char *title)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  set_string_prop (self, &self->title, title, PROP_TITLE);
}

/**
 * tz_article_get_subtitles:
 *
 * Returns: (transfer none) (nullable): the other lines of the headline block
 */
const char * const *
tz_article_get_subtitles (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return (const char * const *)self->subtitles;
}

void
tz_article_set_subtitles (TzArticle          *self,
                          const char * const *subtitles)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));

  if (self->subtitles == NULL && subtitles == NULL)
    return;
  if (self->subtitles != NULL && subtitles != NULL &&
      g_strv_equal ((const char * const *)self->subtitles, subtitles))
    return;

  g_strfreev (self->subtitles);
  self->subtitles = g_strdupv ((char **)subtitles);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLES]);
}

const char *
tz_article_get_column (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->column;
}

void
tz_article_set_column (TzArticle  *self,
                       const char *column)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  set_string_prop (self, &self->column, column, PROP_COLUMN);
}

const char *
tz_article_get_byline (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->byline;
}

void
tz_article_set_byline (TzArticle  *self,
                       const char *byline)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  set_string_prop (self, &self->byline, byline, PROP_BYLINE);
}

const char *
tz_article_get_source (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->source;
}

void
tz_article_set_source (TzArticle  *self,
                       const char *source)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  set_string_prop (self, &self->source, source, PROP_SOURCE);
}

const char *
tz_article_get_author (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->author;
}

void
tz_article_set_author (TzArticle  *self,
                       const char *author)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  set_string_prop (self, &self->author, author, PROP_AUTHOR);
}

/**
 * tz_article_get_region:
 *
 * Returns: (transfer none) (nullable): the division the article is about
 */
TzRegion *
tz_article_get_region (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);
  return self->region;
}

void
tz_article_set_region (TzArticle *self,
                       TzRegion  *region)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  if (g_set_object (&self->region, region))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION]);
}

int
tz_article_get_year (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->year;
}

void
tz_article_set_year (TzArticle *self,
                     int        year)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  if (self->year == year)
    return;
  self->year = year;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

guint
tz_article_get_start (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->start;
}

guint
tz_article_get_end (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->end;
}

void
tz_article_set_span (TzArticle *self,
                     guint      start,
                     guint      end)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
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

static guint
n_extracted (TzArticle *self)
{
  return self->extracted != NULL ? self->extracted->len : 0;
}

/* Makes the extracted fields metric objects, keeping their order. */
static void
make_metrics (TzArticle *self)
{
  guint first = self->metric_array->len;
  guint n = n_extracted (self);

  if (n == 0)
    return;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->metric_array,
                     tz_metric_new_from_fields (&g_array_index (self->extracted, TzMetricFields, i)));
  g_array_set_size (self->extracted, 0);

  if (self->metrics != NULL)
    g_list_store_splice (self->metrics, first, 0, self->metric_array->pdata + first, n);
}

/**
 * tz_article_get_metrics:
 *
 * Returns: (transfer none): a #GListModel of #TzMetric in text order
 */
GListModel *
tz_article_get_metrics (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);

  /* Extraction makes thousands of articles nobody lists; build the model
   * only when a view asks for it. */
  make_metrics (self);
  if (self->metrics == NULL)
    {
      self->metrics = g_list_store_new (TZ_TYPE_METRIC);
      g_list_store_splice (self->metrics, 0, 0,
                           self->metric_array->pdata, self->metric_array->len);
    }

  return G_LIST_MODEL (self->metrics);
}

/**
 * tz_article_peek_metrics:
 * @n_metrics: (out): the number of metrics
 *
 * Returns: (transfer none) (array length=n_metrics): the metrics, for
 *   code that walks them without a list model
 */
TzMetric * const *
tz_article_peek_metrics (TzArticle *self,
                         guint     *n_metrics)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), NULL);

  make_metrics (self);
  *n_metrics = self->metric_array->len;
  return (TzMetric * const *)self->metric_array->pdata;
}

guint
tz_article_get_n_metrics (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->metric_array->len + n_extracted (self);
}

void
tz_article_add_metric (TzArticle *self,
                       TzMetric  *metric)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  g_return_if_fail (TZ_IS_METRIC (metric));

  make_metrics (self);
  g_ptr_array_add (self->metric_array, g_object_ref (metric));
  if (self->metrics != NULL)
    g_list_store_append (self->metrics, metric);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_METRICS]);
}

static void
clear_fields (gpointer data)
{
  tz_metric_fields_clear (data);
}

void
tz_article_add_extracted (TzArticle      *self,
                          TzMetricFields *fields)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  g_return_if_fail (fields != NULL && fields->text != NULL);

  if (self->extracted == NULL)
    {
      self->extracted = g_array_new (FALSE, FALSE, sizeof (TzMetricFields));
      g_array_set_clear_func (self->extracted, clear_fields);
    }

  tz_decimal_normalize (&fields->value);
  g_array_append_vals (self->extracted, fields, 1);
  fields->text = NULL;
  fields->sentence = NULL;
  fields->subject = NULL;
  fields->region = NULL;
}

void
tz_article_view_metric (TzArticle      *self,
                        guint           index,
                        TzMetricFields *view)
{
  guint made;

  g_return_if_fail (TZ_IS_ARTICLE (self));
  g_return_if_fail (index < tz_article_get_n_metrics (self));

  made = self->metric_array->len;
  if (index < made)
    tz_metric_view_fields (g_ptr_array_index (self->metric_array, index), view);
  else
    *view = g_array_index (self->extracted, TzMetricFields, index - made);
}

void
tz_article_set_metric_ids (TzArticle *self,
                           guint      index,
                           gint64     id,
                           gint64     article_id,
                           gint64     document_id)
{
  guint made;

  g_return_if_fail (TZ_IS_ARTICLE (self));
  g_return_if_fail (index < tz_article_get_n_metrics (self));

  made = self->metric_array->len;
  if (index < made)
    {
      TzMetric *metric = g_ptr_array_index (self->metric_array, index);

      tz_metric_set_id (metric, id);
      tz_metric_set_article_id (metric, article_id);
      tz_metric_set_document_id (metric, document_id);
    }
  else
    {
      TzMetricFields *fields = &g_array_index (self->extracted, TzMetricFields, index - made);

      fields->id = id;
      fields->article_id = article_id;
      fields->document_id = document_id;
    }
}

/* How many figures the ledger holds for the article (those not marked
 * "not a metric"), as counted by the store when it loaded the article;
 * list rows show it without loading the metrics themselves. Not the same
 * as tz_article_get_n_metrics(), which counts the metrics loaded. */
guint
tz_article_get_metric_count (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->metric_count;
}

void
tz_article_set_metric_count (TzArticle *self,
                             guint      metric_count)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  if (self->metric_count == metric_count)
    return;
  self->metric_count = metric_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_COUNT]);
}

/* The row id in the ledger, or 0 before the article is stored. */
gint64
tz_article_get_id (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->id;
}

void
tz_article_set_id (TzArticle *self,
                   gint64    id)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/* The id of its document, 0 before storing. */
gint64
tz_article_get_document_id (TzArticle *self)
{
  g_return_val_if_fail (TZ_IS_ARTICLE (self), 0);
  return self->document_id;
}

void
tz_article_set_document_id (TzArticle *self,
                            gint64    document_id)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  if (self->document_id == document_id)
    return;
  self->document_id = document_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

/**
 * tz_article_assign:
 * @self: a #TzArticle
 * @from: the article to copy
 *
 * Copies the fields of @from (not its metrics), notifying only the
 * properties that change.
 */
void
tz_article_assign (TzArticle *self,
                   TzArticle *from)
{
  g_return_if_fail (TZ_IS_ARTICLE (self));
  g_return_if_fail (TZ_IS_ARTICLE (from));

  g_object_freeze_notify (G_OBJECT (self));
  tz_article_set_id (self, from->id);
  tz_article_set_document_id (self, from->document_id);
  tz_article_set_title (self, from->title);
  tz_article_set_subtitles (self, (const char * const *)from->subtitles);
  tz_article_set_column (self, from->column);
  tz_article_set_byline (self, from->byline);
  tz_article_set_source (self, from->source);
  tz_article_set_author (self, from->author);
  tz_article_set_region (self, from->region);
  tz_article_set_year (self, from->year);
  tz_article_set_span (self, from->start, from->end);
  tz_article_set_metric_count (self, from->metric_count);
  g_object_thaw_notify (G_OBJECT (self));
}
