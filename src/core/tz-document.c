/* tz-document.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-document"

#include "config.h"

#include "tz-article.h"
#include "tz-document.h"
#include "tz-metric.h"

struct _TzDocument
{
  GObject     parent_instance;

  char       *name;
  char       *path;
  char       *sha256;
  char       *encoding;
  char       *date;
  char       *text;
  guint      *page_starts;   /* code points; NULL unless read from pages */
  guint       n_pages;
  GPtrArray  *article_array; /* what extraction appends to */
  GListStore *articles;      /* made on first request, for views */
  guint64     size;
  guint       article_count;
  guint       metric_count;
  gint64       extractor_version;
  gint64       imported_at;
  gint64       id;
};

G_DEFINE_FINAL_TYPE (TzDocument, tz_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_PATH,
  PROP_SHA256,
  PROP_ENCODING,
  PROP_SIZE,
  PROP_DATE,
  PROP_TEXT,
  PROP_ARTICLES,
  PROP_N_ARTICLES,
  PROP_ARTICLE_COUNT,
  PROP_METRIC_COUNT,
  PROP_EXTRACTOR_VERSION,
  PROP_IMPORTED_AT,
  PROP_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string_prop (TzDocument  *self,
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
tz_document_dispose (GObject *object)
{
  TzDocument *self = (TzDocument *)object;

  g_clear_object (&self->articles);
  g_clear_pointer (&self->article_array, g_ptr_array_unref);

  G_OBJECT_CLASS (tz_document_parent_class)->dispose (object);
}

static void
tz_document_finalize (GObject *object)
{
  TzDocument *self = (TzDocument *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->encoding, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->page_starts, g_free);

  G_OBJECT_CLASS (tz_document_parent_class)->finalize (object);
}

static void
tz_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TzDocument *self = TZ_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_SHA256:
      g_value_set_string (value, self->sha256);
      break;

    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;

    case PROP_SIZE:
      g_value_set_uint64 (value, self->size);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_ARTICLES:
      g_value_set_object (value, tz_document_get_articles (self));
      break;

    case PROP_N_ARTICLES:
      g_value_set_uint (value, tz_document_get_n_articles (self));
      break;

    case PROP_ARTICLE_COUNT:
      g_value_set_uint (value, self->article_count);
      break;

    case PROP_METRIC_COUNT:
      g_value_set_uint (value, self->metric_count);
      break;

    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_IMPORTED_AT:
      g_value_set_int64 (value, self->imported_at);
      break;

    case PROP_EXTRACTOR_VERSION:
      g_value_set_int64 (value, self->extractor_version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_document_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TzDocument *self = TZ_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      tz_document_set_name (self, g_value_get_string (value));
      break;

    case PROP_PATH:
      tz_document_set_path (self, g_value_get_string (value));
      break;

    case PROP_SHA256:
      tz_document_set_sha256 (self, g_value_get_string (value));
      break;

    case PROP_ENCODING:
      tz_document_set_encoding (self, g_value_get_string (value));
      break;

    case PROP_SIZE:
      tz_document_set_size (self, g_value_get_uint64 (value));
      break;

    case PROP_DATE:
      tz_document_set_date (self, g_value_get_string (value));
      break;

    case PROP_TEXT:
      tz_document_set_text (self, g_value_get_string (value));
      break;

    case PROP_ARTICLE_COUNT:
      tz_document_set_article_count (self, g_value_get_uint (value));
      break;

    case PROP_METRIC_COUNT:
      tz_document_set_metric_count (self, g_value_get_uint (value));
      break;

    case PROP_ID:
      tz_document_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_IMPORTED_AT:
      tz_document_set_imported_at (self, g_value_get_int64 (value));
      break;

    case PROP_EXTRACTOR_VERSION:
      tz_document_set_extractor_version (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_document_class_init (TzDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tz_document_dispose;
  object_class->finalize = tz_document_finalize;
  object_class->get_property = tz_document_get_property;
  object_class->set_property = tz_document_set_property;

  /* Writable so that a lazy list's placeholder can be filled in place. */
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, rw);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, rw);
  properties[PROP_SHA256] = g_param_spec_string ("sha256", NULL, NULL, NULL, rw);
  properties[PROP_ENCODING] = g_param_spec_string ("encoding", NULL, NULL, NULL, rw);
  properties[PROP_SIZE] = g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, rw);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, rw);
  properties[PROP_ARTICLES] = g_param_spec_object ("articles", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_ARTICLES] = g_param_spec_uint ("n-articles", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ARTICLE_COUNT] = g_param_spec_uint ("article-count", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_METRIC_COUNT] = g_param_spec_uint ("metric-count", NULL, NULL, 0, G_MAXUINT, 0, rw);

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_IMPORTED_AT] = g_param_spec_int64 ("imported-at", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_EXTRACTOR_VERSION] = g_param_spec_int64 ("extractor-version", NULL, NULL, 0, G_MAXINT64, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_document_init (TzDocument *self)
{
  self->article_array = g_ptr_array_new_with_free_func (g_object_unref);
}

TzDocument *
tz_document_new (const char *name)
{
  return g_object_new (TZ_TYPE_DOCUMENT, "name", name, NULL);
}

/* The file name shown to the user (no folders). */
const char *
tz_document_get_name (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->name;
}

void
tz_document_set_name (TzDocument *self,
                      const char *name)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->name, name, PROP_NAME);
}

const char *
tz_document_get_path (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->path;
}

void
tz_document_set_path (TzDocument *self,
                      const char *path)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->path, path, PROP_PATH);
}

const char *
tz_document_get_sha256 (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->sha256;
}

void
tz_document_set_sha256 (TzDocument *self,
                        const char *sha256)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->sha256, sha256, PROP_SHA256);
}

const char *
tz_document_get_encoding (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->encoding;
}

void
tz_document_set_encoding (TzDocument *self,
                          const char *encoding)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->encoding, encoding, PROP_ENCODING);
}

guint64
tz_document_get_size (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->size;
}

void
tz_document_set_size (TzDocument *self,
                      guint64     size)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->size == size)
    return;
  self->size = size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

/* The report's date as YYYY-MM-DD, or %NULL when unknown. */
const char *
tz_document_get_date (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->date;
}

void
tz_document_set_date (TzDocument *self,
                      const char *date)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->date, date, PROP_DATE);
}

/* The normalized text that every offset of the document points into. */
const char *
tz_document_get_text (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  return self->text;
}

void
tz_document_set_text (TzDocument *self,
                      const char *text)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  set_string_prop (self, &self->text, text, PROP_TEXT);
}

/**
 * tz_document_get_page_starts:
 * @n_pages: (out): the number of pages, 0 when the text had none
 *
 * Returns: (transfer none) (array length=n_pages) (nullable): where each
 *   page starts in the text, in code points, in page order
 */
const guint *
tz_document_get_page_starts (TzDocument *self,
                             guint      *n_pages)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (n_pages != NULL, NULL);

  *n_pages = self->n_pages;
  return self->page_starts;
}

/**
 * tz_document_set_page_starts:
 * @starts: (array length=n_pages): where each page starts, in code points
 *
 * For documents read from pages (PDF): also gives each figure of the
 * articles added so far its page.
 */
void
tz_document_set_page_starts (TzDocument  *self,
                             const guint *starts,
                             guint        n_pages)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  g_return_if_fail (starts != NULL || n_pages == 0);

  g_clear_pointer (&self->page_starts, g_free);
  self->n_pages = n_pages;
  if (n_pages > 0)
    self->page_starts = g_memdup2 (starts, n_pages * sizeof *starts);

  for (guint a = 0; a < self->article_array->len; a++)
    {
      GListModel *metrics = tz_article_get_metrics (g_ptr_array_index (self->article_array, a));

      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);

          tz_metric_set_page (metric, tz_document_get_page_at (self, tz_metric_get_start (metric)));
        }
    }
}

/* The 1-based page holding the code point at @offset; 0 when unknown. */
guint
tz_document_get_page_at (TzDocument *self,
                         guint       offset)
{
  guint lo = 0, hi;

  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);

  if (self->n_pages == 0)
    return 0;

  /* The last page starting at or before @offset: an empty page starts
   * where the next one does. */
  hi = self->n_pages;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->page_starts[mid] <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return MAX (lo, 1);
}

/**
 * tz_document_get_articles:
 *
 * Returns: (transfer none): a #GListModel of #TzArticle in text order
 */
GListModel *
tz_document_get_articles (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);

  if (self->articles == NULL)
    {
      self->articles = g_list_store_new (TZ_TYPE_ARTICLE);
      g_list_store_splice (self->articles, 0, 0,
                           self->article_array->pdata, self->article_array->len);
    }

  return G_LIST_MODEL (self->articles);
}

/**
 * tz_document_peek_articles:
 * @n_articles: (out): the number of articles
 *
 * Returns: (transfer none) (array length=n_articles): the articles
 */
TzArticle * const *
tz_document_peek_articles (TzDocument *self,
                           guint      *n_articles)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), NULL);

  *n_articles = self->article_array->len;
  return (TzArticle * const *)self->article_array->pdata;
}

guint
tz_document_get_n_articles (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->article_array->len;
}

guint
tz_document_get_n_metrics (TzDocument *self)
{
  guint n = 0;

  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);

  for (guint i = 0; i < self->article_array->len; i++)
    n += tz_article_get_n_metrics (g_ptr_array_index (self->article_array, i));

  return n;
}

void
tz_document_add_article (TzDocument *self,
                         TzArticle  *article)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  g_return_if_fail (TZ_IS_ARTICLE (article));

  g_ptr_array_add (self->article_array, g_object_ref (article));
  if (self->articles != NULL)
    g_list_store_append (self->articles, article);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ARTICLES]);
}

/* The row id in the ledger, or 0 before the document is stored. */
gint64
tz_document_get_id (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->id;
}

void
tz_document_set_id (TzDocument *self,
                    gint64     id)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

/* When the document was imported, in seconds since 1970 (UTC). */
gint64
tz_document_get_imported_at (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->imported_at;
}

void
tz_document_set_imported_at (TzDocument *self,
                             gint64     imported_at)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->imported_at == imported_at)
    return;
  self->imported_at = imported_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTED_AT]);
}

/* The TZ_EXTRACTOR_VERSION that produced its records. */
gint64
tz_document_get_extractor_version (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->extractor_version;
}

void
tz_document_set_extractor_version (TzDocument *self,
                                   gint64     extractor_version)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->extractor_version == extractor_version)
    return;
  self->extractor_version = extractor_version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRACTOR_VERSION]);
}

/* How many articles and figures the ledger holds for the document, as
 * counted by the store (tz_store_load_documents()); list rows show them
 * without loading the articles. tz_document_get_n_articles() and
 * tz_document_get_n_metrics() count what is loaded instead. */
guint
tz_document_get_article_count (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->article_count;
}

void
tz_document_set_article_count (TzDocument *self,
                               guint       article_count)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->article_count == article_count)
    return;
  self->article_count = article_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_COUNT]);
}

guint
tz_document_get_metric_count (TzDocument *self)
{
  g_return_val_if_fail (TZ_IS_DOCUMENT (self), 0);
  return self->metric_count;
}

void
tz_document_set_metric_count (TzDocument *self,
                              guint       metric_count)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  if (self->metric_count == metric_count)
    return;
  self->metric_count = metric_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_COUNT]);
}

/**
 * tz_document_assign:
 * @self: a #TzDocument
 * @from: the document to copy
 *
 * Copies the fields of @from (not its text or articles), notifying only
 * the properties that change, so a row bound to @self updates in place.
 */
void
tz_document_assign (TzDocument *self,
                    TzDocument *from)
{
  g_return_if_fail (TZ_IS_DOCUMENT (self));
  g_return_if_fail (TZ_IS_DOCUMENT (from));

  g_object_freeze_notify (G_OBJECT (self));
  tz_document_set_id (self, from->id);
  tz_document_set_name (self, from->name);
  tz_document_set_path (self, from->path);
  tz_document_set_sha256 (self, from->sha256);
  tz_document_set_encoding (self, from->encoding);
  tz_document_set_size (self, from->size);
  tz_document_set_date (self, from->date);
  tz_document_set_imported_at (self, from->imported_at);
  tz_document_set_extractor_version (self, from->extractor_version);
  tz_document_set_article_count (self, from->article_count);
  tz_document_set_metric_count (self, from->metric_count);
  g_object_thaw_notify (G_OBJECT (self));
}
