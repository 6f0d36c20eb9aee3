/* tz-export.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-filter.h"
#include "tz-store.h"
#include "tz-types.h"

G_BEGIN_DECLS

typedef enum
{
  TZ_EXPORT_CSV,  /* UTF-8 with BOM, RFC 4180: opens cleanly in Excel and WPS */
  TZ_EXPORT_JSON, /* the JSON of the extraction spec */
} TzExportFormat;

gboolean  tz_export_records (TzStore         *store,
                             TzFilter        *filter,
                             TzExportFormat   format,
                             GOutputStream   *out,
                             GCancellable    *cancellable,
                             GError         **error);
void      tz_csv_append_field (GString      *line,
                               const char   *field);
GOutputStream *tz_export_open_output (GFile         *file,
                                      GCancellable  *cancellable,
                                      GError       **error);

G_END_DECLS
