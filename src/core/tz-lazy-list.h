/* tz-lazy-list.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-filter.h"
#include "tz-ledger.h"

G_BEGIN_DECLS

#define TZ_TYPE_LAZY_LIST (tz_lazy_list_get_type ())

G_DECLARE_DERIVABLE_TYPE (TzLazyList, tz_lazy_list, TZ, LAZY_LIST, GObject)

/* A GListModel over the ids a ledger query returns. It holds only the ids;
 * get_item() hands out a record object at once — empty until its page of
 * rows arrives from the ledger thread, then filled in place — so a list of
 * half a million metrics opens without building them. Subclasses say what
 * to query and how to load a page. */
struct _TzLazyListClass
{
  GObjectClass parent_class;

  GType      item_type;

  void       (*query_ids_async)  (TzLazyList           *self,
                                  TzLedger             *ledger,
                                  TzFilter             *filter,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
  GArray    *(*query_ids_finish) (TzLazyList           *self,
                                  TzLedger             *ledger,
                                  GAsyncResult         *result,
                                  GError              **error);
  void       (*load_async)       (TzLazyList           *self,
                                  TzLedger             *ledger,
                                  const gint64         *ids,
                                  guint                 n_ids,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
  GPtrArray *(*load_finish)      (TzLazyList           *self,
                                  TzLedger             *ledger,
                                  GAsyncResult         *result,
                                  GError              **error);
  GObject   *(*new_placeholder)  (TzLazyList           *self,
                                  gint64                id);
  gint64     (*get_id)           (TzLazyList           *self,
                                  GObject              *item);
  void       (*fill)             (TzLazyList           *self,
                                  GObject              *placeholder,
                                  GObject              *loaded);
};

TzLedger  *tz_lazy_list_get_ledger   (TzLazyList *self);
TzFilter  *tz_lazy_list_get_filter   (TzLazyList *self);
void       tz_lazy_list_set_filter   (TzLazyList *self,
                                      TzFilter   *filter);
gboolean   tz_lazy_list_get_loading  (TzLazyList *self);
void       tz_lazy_list_refresh      (TzLazyList *self);
gint64     tz_lazy_list_get_id       (TzLazyList *self,
                                      guint       position);
gboolean   tz_lazy_list_find_id      (TzLazyList *self,
                                      gint64      id,
                                      guint      *position);

G_END_DECLS
