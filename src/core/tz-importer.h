/* tz-importer.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-import-outcome.h"

G_BEGIN_DECLS

#define TZ_TYPE_IMPORTER (tz_importer_get_type ())

G_DECLARE_FINAL_TYPE (TzImporter, tz_importer, TZ, IMPORTER, GObject)

TzImporter *tz_importer_new              (const char           *ledger_path);
const char *tz_importer_get_ledger_path  (TzImporter           *self);
const char *tz_importer_get_date         (TzImporter           *self);
void        tz_importer_set_date         (TzImporter           *self,
                                          const char           *date);
gboolean    tz_importer_get_running      (TzImporter           *self);
guint       tz_importer_get_n_files      (TzImporter           *self);
guint       tz_importer_get_n_done       (TzImporter           *self);
guint64     tz_importer_get_bytes_total  (TzImporter           *self);
guint64     tz_importer_get_bytes_done   (TzImporter           *self);
void        tz_importer_import_async     (TzImporter           *self,
                                          GFile               **files,
                                          guint                 n_files,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray  *tz_importer_import_finish    (TzImporter           *self,
                                          GAsyncResult         *result,
                                          GError              **error);

GBytes     *tz_importer_read_file        (GFile                *file,
                                          GError              **error);

G_END_DECLS
