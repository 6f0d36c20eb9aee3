/* tz-json.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "tz-types.h"

G_BEGIN_DECLS

void   tz_json_add_region         (JsonBuilder *builder,
                                   TzRegion    *region);
void   tz_json_add_metric         (JsonBuilder *builder,
                                   TzMetric    *metric);
void   tz_json_add_document       (JsonBuilder *builder,
                                   TzDocument  *document);
void   tz_json_begin_report       (JsonBuilder *builder);
void   tz_json_end_report         (JsonBuilder *builder);
char  *tz_json_to_string          (JsonBuilder *builder,
                                   gboolean     pretty);
char  *tz_documents_to_json       (GPtrArray   *documents,
                                   gboolean     pretty);
char  *tz_documents_to_tsv        (GPtrArray   *documents);

G_END_DECLS
