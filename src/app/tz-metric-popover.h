/* tz-metric-popover.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-ledger.h"
#include "tz-metric.h"

G_BEGIN_DECLS

#define TZ_TYPE_METRIC_POPOVER (tz_metric_popover_get_type ())

G_DECLARE_FINAL_TYPE (TzMetricPopover, tz_metric_popover, TZ, METRIC_POPOVER, GtkPopover)

/* One figure's record, editable: Save applies each changed field as a
 * correction, "Not a Figure" hides it, "Restore Extracted Values" drops the
 * corrections. Given a draft instead (tz_metric_popover_add()), it adds a
 * figure the extractor missed. Errors from the ledger are shown in place;
 * the popover closes once a change is saved. */

GtkWidget *tz_metric_popover_new         (void);
TzLedger  *tz_metric_popover_get_ledger  (TzMetricPopover *self);
void       tz_metric_popover_set_ledger  (TzMetricPopover *self,
                                          TzLedger        *ledger);
TzMetric  *tz_metric_popover_get_metric  (TzMetricPopover *self);
gboolean   tz_metric_popover_get_adding  (TzMetricPopover *self);
gboolean   tz_metric_popover_get_busy    (TzMetricPopover *self);
void       tz_metric_popover_edit        (TzMetricPopover *self,
                                          TzMetric        *metric,
                                          const char      *context_code);
void       tz_metric_popover_add         (TzMetricPopover *self,
                                          gint64           article_id,
                                          TzMetric        *draft,
                                          const char      *context_code);
void       tz_metric_popover_save        (TzMetricPopover *self);

/* Shared with the Reports view's legend, tooltips and drafts. */
const char *tz_metric_popover_category_label    (TzCategory  category);
TzCategory  tz_metric_popover_category_for_unit (const char *unit,
                                                 TzCategory  fallback);

G_END_DECLS
