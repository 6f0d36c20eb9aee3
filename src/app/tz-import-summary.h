/* tz-import-summary.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TZ_TYPE_IMPORT_SUMMARY (tz_import_summary_get_type ())

G_DECLARE_FINAL_TYPE (TzImportSummary, tz_import_summary, TZ, IMPORT_SUMMARY, GtkWindow)

GtkWindow *tz_import_summary_new (GtkWindow *parent,
                                  GPtrArray *outcomes);

G_END_DECLS
