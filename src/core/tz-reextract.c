/* tz-reextract.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-reextract"

#include "config.h"

#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-reextract.h"

/**
 * tz_reextract_outdated:
 * @store: a writable ledger, on its own thread
 * @cancellable: (nullable): stops between documents
 * @n_reextracted: (out) (optional): how many documents were done
 * @error: a #GError
 *
 * Extracts again, from their stored text, the documents that an older
 * extractor read, and puts the user's corrections back on the new records.
 * Each document is replaced in one transaction, so stopping half way
 * leaves every document either old or new.
 *
 * Returns: %TRUE unless the ledger failed
 */
gboolean
tz_reextract_outdated (TzStore       *store,
                       GCancellable  *cancellable,
                       guint         *n_reextracted,
                       GError       **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  guint n = 0;

  if (n_reextracted != NULL)
    *n_reextracted = 0;

  ids = tz_store_list_outdated (store, TZ_EXTRACTOR_VERSION, error);
  if (ids == NULL)
    return FALSE;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(TzDocument) stored = NULL;
      g_autoptr(TzDocument) fresh = NULL;

      if (g_cancellable_is_cancelled (cancellable))
        break;

      stored = tz_store_load_document (store, id, FALSE, error);
      if (stored == NULL)
        return FALSE;

      tz_extractor_set_date (extractor, tz_document_get_date (stored));
      fresh = tz_extractor_extract_text (extractor, tz_document_get_name (stored),
                                         tz_document_get_text (stored));
      tz_document_set_sha256 (fresh, tz_document_get_sha256 (stored));
      tz_document_set_encoding (fresh, tz_document_get_encoding (stored));
      tz_document_set_size (fresh, tz_document_get_size (stored));
      tz_document_set_path (fresh, tz_document_get_path (stored));

      /* The stored text is already reflowed: its page starts still hold. */
      {
        guint n_pages;
        const guint *starts = tz_document_get_page_starts (stored, &n_pages);

        tz_document_set_page_starts (fresh, starts, n_pages);
      }

      if (!tz_store_replace_extraction (store, id, fresh, error))
        return FALSE;
      n++;
    }

  if (n_reextracted != NULL)
    *n_reextracted = n;

  return TRUE;
}
