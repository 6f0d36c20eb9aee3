/* tz-document-list.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-document-list"

#include "config.h"

#include "tz-document.h"
#include "tz-document-list.h"

/* The Reports view's documents: every stored document in import order,
 * built a page at a time and without their text, so a ledger of ten
 * thousand reports lists at once. The filter is not used. */

struct _TzDocumentList
{
  TzLazyList parent_instance;
};

G_DEFINE_FINAL_TYPE (TzDocumentList, tz_document_list, TZ_TYPE_LAZY_LIST)

static void
query_ids_async (TzLazyList          *list,
                 TzLedger            *ledger,
                 TzFilter            *filter,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  tz_ledger_query_document_ids_async (ledger, cancellable, callback, user_data);
}

static GArray *
query_ids_finish (TzLazyList    *list,
                  TzLedger      *ledger,
                  GAsyncResult  *result,
                  GError       **error)
{
  return tz_ledger_query_document_ids_finish (ledger, result, error);
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
  tz_ledger_load_documents_async (ledger, ids, n_ids, cancellable, callback, user_data);
}

static GPtrArray *
load_finish (TzLazyList    *list,
             TzLedger      *ledger,
             GAsyncResult  *result,
             GError       **error)
{
  return tz_ledger_load_documents_finish (ledger, result, error);
}

static GObject *
new_placeholder (TzLazyList *list,
                 gint64      id)
{
  TzDocument *document = tz_document_new (NULL);

  tz_document_set_id (document, id);
  return G_OBJECT (document);
}

static gint64
get_id (TzLazyList *list,
        GObject    *item)
{
  return tz_document_get_id (TZ_DOCUMENT (item));
}

static void
fill (TzLazyList *list,
      GObject    *placeholder,
      GObject    *loaded)
{
  tz_document_assign (TZ_DOCUMENT (placeholder), TZ_DOCUMENT (loaded));
}

static void
tz_document_list_class_init (TzDocumentListClass *klass)
{
  TzLazyListClass *list_class = TZ_LAZY_LIST_CLASS (klass);

  list_class->item_type = TZ_TYPE_DOCUMENT;
  list_class->query_ids_async = query_ids_async;
  list_class->query_ids_finish = query_ids_finish;
  list_class->load_async = load_async;
  list_class->load_finish = load_finish;
  list_class->new_placeholder = new_placeholder;
  list_class->get_id = get_id;
  list_class->fill = fill;
}

static void
tz_document_list_init (TzDocumentList *self)
{
}

TzDocumentList *
tz_document_list_new (TzLedger *ledger)
{
  g_return_val_if_fail (TZ_IS_LEDGER (ledger), NULL);

  return g_object_new (TZ_TYPE_DOCUMENT_LIST, "ledger", ledger, NULL);
}
