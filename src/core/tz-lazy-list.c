/* tz-lazy-list.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-lazy-list"

#include "config.h"

#include "tz-lazy-list.h"

/* Rows come from the ledger PAGE_SIZE at a time, and at most MAX_PAGES
 * pages of objects are kept beyond those a view still holds. */
#define PAGE_SIZE 200
#define MAX_PAGES 24

typedef enum
{
  PAGE_LOADING = 1,
  PAGE_LOADED,
} PageState;

typedef struct
{
  PageState state;
  guint64   used;
} Page;

typedef struct
{
  TzLedger     *ledger;
  TzFilter     *filter;
  GArray       *ids;          /* gint64, in list order */
  GHashTable   *items;        /* gint64* id → GObject, owned */
  GHashTable   *pages;        /* page index → Page* */
  GCancellable *cancellable;  /* for the current generation's work */
  guint64       clock;        /* for least-recently-used eviction */
  guint         generation;
  guint         refresh_source;
  gulong        changed_id;
  gulong        notify_id;
  guint         loading : 1;
  guint         queried : 1;
} TzLazyListPrivate;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (TzLazyList, tz_lazy_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (TzLazyList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_FILTER,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  TzLazyList *self;
  guint       generation;
  guint       page;
} PageLoad;

/* ------------------------------------------------------------------ */
/* Pages                                                               */
/* ------------------------------------------------------------------ */

static void
set_loading (TzLazyList *self,
             gboolean    loading)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  if (priv->loading == !!loading)
    return;
  priv->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Drops the objects of the least recently used page that nobody else
 * holds; a view's rows keep theirs. */
static void
evict_pages (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  while (g_hash_table_size (priv->pages) > MAX_PAGES)
    {
      GHashTableIter iter;
      gpointer key, value;
      guint oldest = G_MAXUINT;
      guint64 oldest_use = G_MAXUINT64;

      g_hash_table_iter_init (&iter, priv->pages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          Page *page = value;

          if (page->state == PAGE_LOADED && page->used < oldest_use)
            {
              oldest_use = page->used;
              oldest = GPOINTER_TO_UINT (key);
            }
        }

      if (oldest == G_MAXUINT)
        break;

      for (guint pos = oldest * PAGE_SIZE; pos < MIN ((oldest + 1) * PAGE_SIZE, priv->ids->len); pos++)
        {
          gint64 id = g_array_index (priv->ids, gint64, pos);
          GObject *item = g_hash_table_lookup (priv->items, &id);

          if (item != NULL && item->ref_count == 1)
            g_hash_table_remove (priv->items, &id);
        }

      g_hash_table_remove (priv->pages, GUINT_TO_POINTER (oldest));
    }
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PageLoad *load = user_data;
  TzLazyList *self = load->self;
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  loaded = TZ_LAZY_LIST_GET_CLASS (self)->load_finish (self, TZ_LEDGER (object), result, &error);

  if (load->generation != priv->generation)
    goto out;

  page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (load->page));

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load records: %s", error->message);
      if (page != NULL)
        g_hash_table_remove (priv->pages, GUINT_TO_POINTER (load->page));
      goto out;
    }

  for (guint i = 0; i < loaded->len; i++)
    {
      GObject *fresh = g_ptr_array_index (loaded, i);
      gint64 id = TZ_LAZY_LIST_GET_CLASS (self)->get_id (self, fresh);
      GObject *item = g_hash_table_lookup (priv->items, &id);

      if (item != NULL)
        TZ_LAZY_LIST_GET_CLASS (self)->fill (self, item, fresh);
      else
        g_hash_table_insert (priv->items, g_memdup2 (&id, sizeof id), g_object_ref (fresh));
    }

  if (page != NULL)
    page->state = PAGE_LOADED;
  evict_pages (self);

out:
  g_object_unref (load->self);
  g_free (load);
}

static void
ensure_page (TzLazyList *self,
             guint       index)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  Page *page = g_hash_table_lookup (priv->pages, GUINT_TO_POINTER (index));
  PageLoad *load;
  guint first, n;

  if (page != NULL)
    {
      page->used = ++priv->clock;
      return;
    }

  page = g_new0 (Page, 1);
  page->state = PAGE_LOADING;
  page->used = ++priv->clock;
  g_hash_table_insert (priv->pages, GUINT_TO_POINTER (index), page);

  first = index * PAGE_SIZE;
  n = MIN (PAGE_SIZE, priv->ids->len - first);

  load = g_new0 (PageLoad, 1);
  load->self = g_object_ref (self);
  load->generation = priv->generation;
  load->page = index;

  TZ_LAZY_LIST_GET_CLASS (self)->load_async (self, priv->ledger,
                                             &g_array_index (priv->ids, gint64, first), n,
                                             priv->cancellable, page_loaded_cb, load);
}

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  TzLazyList *self;
  guint       generation;
} Query;

/* The positions where @a and @b differ: one items-changed covers them. */
static void
changed_span (GArray *a,
              GArray *b,
              guint  *position,
              guint  *removed,
              guint  *added)
{
  guint prefix = 0, suffix = 0;
  guint min = MIN (a->len, b->len);

  while (prefix < min &&
         g_array_index (a, gint64, prefix) == g_array_index (b, gint64, prefix))
    prefix++;
  while (suffix < min - prefix &&
         g_array_index (a, gint64, a->len - 1 - suffix) == g_array_index (b, gint64, b->len - 1 - suffix))
    suffix++;

  *position = prefix;
  *removed = a->len - prefix - suffix;
  *added = b->len - prefix - suffix;
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Query *query = user_data;
  TzLazyList *self = query->self;
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) old = NULL;
  g_autoptr(GError) error = NULL;
  guint position, removed, added;

  ids = TZ_LAZY_LIST_GET_CLASS (self)->query_ids_finish (self, TZ_LEDGER (object), result, &error);

  if (query->generation != priv->generation)
    goto out;

  set_loading (self, FALSE);

  if (ids == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not query records: %s", error->message);
      goto out;
    }

  old = g_steal_pointer (&priv->ids);
  priv->ids = g_steal_pointer (&ids);
  priv->queried = TRUE;

  /* Pages are positions, which may have moved: forget them. Objects a view
   * holds stay in the table and are refreshed when their page loads again. */
  g_hash_table_remove_all (priv->pages);
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, priv->items);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (G_OBJECT (value)->ref_count == 1)
        g_hash_table_iter_remove (&iter);
  }

  changed_span (old, priv->ids, &position, &removed, &added);
  if (removed > 0 || added > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      if (old->len != priv->ids->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  /* Records still shown may have been corrected: load their pages again. */
  if (g_hash_table_size (priv->items) > 0)
    {
      for (guint pos = 0; pos < priv->ids->len; pos++)
        {
          gint64 id = g_array_index (priv->ids, gint64, pos);

          if (g_hash_table_contains (priv->items, &id))
            ensure_page (self, pos / PAGE_SIZE);
        }
    }

out:
  g_object_unref (query->self);
  g_free (query);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  TzLazyList *self = user_data;
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  priv->refresh_source = 0;
  tz_lazy_list_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
queue_refresh (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  /* Several filter properties often change together: query once. */
  if (priv->refresh_source == 0)
    priv->refresh_source = g_idle_add_full (G_PRIORITY_DEFAULT, refresh_idle_cb,
                                            g_object_ref (self), g_object_unref);
}

static void
ledger_changed_cb (TzLazyList *self)
{
  queue_refresh (self);
}

static void
filter_notify_cb (TzLazyList *self)
{
  queue_refresh (self);
}

/* ------------------------------------------------------------------ */
/* GListModel                                                          */
/* ------------------------------------------------------------------ */

static GType
tz_lazy_list_get_item_type (GListModel *model)
{
  return TZ_LAZY_LIST_GET_CLASS (model)->item_type;
}

static guint
tz_lazy_list_get_n_items (GListModel *model)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (TZ_LAZY_LIST (model));

  return priv->ids->len;
}

static gpointer
tz_lazy_list_get_item (GListModel *model,
                       guint       position)
{
  TzLazyList *self = TZ_LAZY_LIST (model);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  GObject *item;
  gint64 id;

  if (position >= priv->ids->len)
    return NULL;

  id = g_array_index (priv->ids, gint64, position);
  item = g_hash_table_lookup (priv->items, &id);
  if (item == NULL)
    {
      item = TZ_LAZY_LIST_GET_CLASS (self)->new_placeholder (self, id);
      g_hash_table_insert (priv->items, g_memdup2 (&id, sizeof id), item);
    }

  ensure_page (self, position / PAGE_SIZE);

  return g_object_ref (item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tz_lazy_list_get_item_type;
  iface->get_n_items = tz_lazy_list_get_n_items;
  iface->get_item = tz_lazy_list_get_item;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_lazy_list_constructed (GObject *object)
{
  TzLazyList *self = TZ_LAZY_LIST (object);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  G_OBJECT_CLASS (tz_lazy_list_parent_class)->constructed (object);

  if (priv->ledger != NULL)
    priv->changed_id = g_signal_connect_object (priv->ledger, "changed",
                                                G_CALLBACK (ledger_changed_cb), self,
                                                G_CONNECT_SWAPPED);
  if (priv->filter == NULL)
    tz_lazy_list_set_filter (self, NULL);

  queue_refresh (self);
}

static void
tz_lazy_list_dispose (GObject *object)
{
  TzLazyList *self = TZ_LAZY_LIST (object);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_handle_id (&priv->refresh_source, g_source_remove);
  g_clear_signal_handler (&priv->changed_id, priv->ledger);
  g_clear_signal_handler (&priv->notify_id, priv->filter);
  g_clear_object (&priv->ledger);
  g_clear_object (&priv->filter);
  g_hash_table_remove_all (priv->items);

  G_OBJECT_CLASS (tz_lazy_list_parent_class)->dispose (object);
}

static void
tz_lazy_list_finalize (GObject *object)
{
  TzLazyList *self = TZ_LAZY_LIST (object);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->ids, g_array_unref);
  g_clear_pointer (&priv->items, g_hash_table_unref);
  g_clear_pointer (&priv->pages, g_hash_table_unref);

  G_OBJECT_CLASS (tz_lazy_list_parent_class)->finalize (object);
}

static void
tz_lazy_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TzLazyList *self = TZ_LAZY_LIST (object);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, priv->ledger);
      break;

    case PROP_FILTER:
      g_value_set_object (value, priv->filter);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, priv->ids->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_lazy_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TzLazyList *self = TZ_LAZY_LIST (object);
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_LEDGER:
      priv->ledger = g_value_dup_object (value);
      break;

    case PROP_FILTER:
      tz_lazy_list_set_filter (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_lazy_list_class_init (TzLazyListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tz_lazy_list_constructed;
  object_class->dispose = tz_lazy_list_dispose;
  object_class->finalize = tz_lazy_list_finalize;
  object_class->get_property = tz_lazy_list_get_property;
  object_class->set_property = tz_lazy_list_set_property;

  klass->item_type = G_TYPE_OBJECT;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, TZ_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, TZ_TYPE_FILTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_lazy_list_init (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  priv->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  priv->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  priv->pages = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  priv->cancellable = g_cancellable_new ();
}

/**
 * tz_lazy_list_get_ledger:
 *
 * Returns: (transfer none): the ledger the list reads
 */
TzLedger *
tz_lazy_list_get_ledger (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_return_val_if_fail (TZ_IS_LAZY_LIST (self), NULL);
  return priv->ledger;
}

/**
 * tz_lazy_list_get_filter:
 *
 * Returns: (transfer none): the filter; change it to change the list
 */
TzFilter *
tz_lazy_list_get_filter (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_return_val_if_fail (TZ_IS_LAZY_LIST (self), NULL);
  return priv->filter;
}

void
tz_lazy_list_set_filter (TzLazyList *self,
                         TzFilter   *filter)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  g_autoptr(TzFilter) fresh = NULL;

  g_return_if_fail (TZ_IS_LAZY_LIST (self));
  g_return_if_fail (filter == NULL || TZ_IS_FILTER (filter));

  if (filter == NULL)
    filter = fresh = tz_filter_new ();
  if (priv->filter == filter)
    return;

  g_clear_signal_handler (&priv->notify_id, priv->filter);
  g_set_object (&priv->filter, filter);
  priv->notify_id = g_signal_connect_object (filter, "notify", G_CALLBACK (filter_notify_cb),
                                             self, G_CONNECT_SWAPPED);
  queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/* Whether a query is under way. */
gboolean
tz_lazy_list_get_loading (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_return_val_if_fail (TZ_IS_LAZY_LIST (self), FALSE);
  return priv->loading;
}

/* Queries the ledger again; the list changes when the answer arrives. */
void
tz_lazy_list_refresh (TzLazyList *self)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);
  g_autoptr(TzFilter) snapshot = NULL;
  Query *query;

  g_return_if_fail (TZ_IS_LAZY_LIST (self));

  if (priv->ledger == NULL)
    return;

  g_clear_handle_id (&priv->refresh_source, g_source_remove);

  /* Work for an older filter is no longer wanted. */
  g_cancellable_cancel (priv->cancellable);
  g_clear_object (&priv->cancellable);
  priv->cancellable = g_cancellable_new ();
  priv->generation++;

  query = g_new0 (Query, 1);
  query->self = g_object_ref (self);
  query->generation = priv->generation;

  snapshot = tz_filter_copy (priv->filter);
  set_loading (self, TRUE);
  TZ_LAZY_LIST_GET_CLASS (self)->query_ids_async (self, priv->ledger, snapshot,
                                                  priv->cancellable, query_cb, query);
}

gint64
tz_lazy_list_get_id (TzLazyList *self,
                     guint       position)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_return_val_if_fail (TZ_IS_LAZY_LIST (self), 0);
  g_return_val_if_fail (position < priv->ids->len, 0);

  return g_array_index (priv->ids, gint64, position);
}

/* Where the record with @id is in the list, if it is. */
gboolean
tz_lazy_list_find_id (TzLazyList *self,
                      gint64      id,
                      guint      *position)
{
  TzLazyListPrivate *priv = tz_lazy_list_get_instance_private (self);

  g_return_val_if_fail (TZ_IS_LAZY_LIST (self), FALSE);

  for (guint i = 0; i < priv->ids->len; i++)
    {
      if (g_array_index (priv->ids, gint64, i) == id)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }

  return FALSE;
}
