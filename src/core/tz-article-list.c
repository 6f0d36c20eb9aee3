/* tz-article-list.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-article-list"

#include "config.h"

#include "tz-article.h"
#include "tz-article-list.h"

/* The Reports view's articles: every stored article the filter selects,
 * in text order, built a page at a time as rows, with the number of their
 * figures but not the figures (the view loads the article it shows). */

struct _TzArticleList
{
  TzLazyList parent_instance;
};

G_DEFINE_FINAL_TYPE (TzArticleList, tz_article_list, TZ_TYPE_LAZY_LIST)

static void
query_ids_async (TzLazyList          *list,
                 TzLedger            *ledger,
                 TzFilter            *filter,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  tz_ledger_query_article_ids_async (ledger, filter, cancellable, callback, user_data);
}

static GArray *
query_ids_finish (TzLazyList    *list,
                  TzLedger      *ledger,
                  GAsyncResult  *result,
                  GError       **error)
{
  return tz_ledger_query_article_ids_finish (ledger, result, error);
}

static void
load_async (TzLazyList          *list,
            TzLedger            *ledger,
            const gint64        *ids,
            guint                n_ids,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  tz_ledger_load_article_rows_async (ledger, ids, n_ids, cancellable, callback, user_data);
}

static GPtrArray *
load_finish (TzLazyList    *list,
             TzLedger      *ledger,
             GAsyncResult  *result,
             GError       **error)
{
  return tz_ledger_load_article_rows_finish (ledger, result, error);
}

static GObject *
new_placeholder (TzLazyList *list,
                 gint64      id)
{
  TzArticle *article = tz_article_new ();

  tz_article_set_id (article, id);
  return G_OBJECT (article);
}

static gint64
get_id (TzLazyList *list,
        GObject    *item)
{
  return tz_article_get_id (TZ_ARTICLE (item));
}

static void
fill (TzLazyList *list,
      GObject    *placeholder,
      GObject    *loaded)
{
  tz_article_assign (TZ_ARTICLE (placeholder), TZ_ARTICLE (loaded));
}

static void
tz_article_list_class_init (TzArticleListClass *klass)
{
  TzLazyListClass *list_class = TZ_LAZY_LIST_CLASS (klass);

  list_class->item_type = TZ_TYPE_ARTICLE;
  list_class->query_ids_async = query_ids_async;
  list_class->query_ids_finish = query_ids_finish;
  list_class->load_async = load_async;
  list_class->load_finish = load_finish;
  list_class->new_placeholder = new_placeholder;
  list_class->get_id = get_id;
  list_class->fill = fill;
}

static void
tz_article_list_init (TzArticleList *self)
{
}

TzArticleList *
tz_article_list_new (TzLedger *ledger,
                    TzFilter *filter)
{
  g_return_val_if_fail (TZ_IS_LEDGER (ledger), NULL);
  g_return_val_if_fail (filter == NULL || TZ_IS_FILTER (filter), NULL);

  return g_object_new (TZ_TYPE_ARTICLE_LIST, "ledger", ledger, "filter", filter, NULL);
}
