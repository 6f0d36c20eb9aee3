/* tz-ledger-view.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-filter.h"
#include "tz-ledger.h"
#include "tz-metric.h"

G_BEGIN_DECLS

#define TZ_TYPE_LEDGER_VIEW (tz_ledger_view_get_type ())

G_DECLARE_FINAL_TYPE (TzLedgerView, tz_ledger_view, TZ, LEDGER_VIEW, GtkWidget)

/* The Ledger view: every stored figure in a sortable table, with a filter
 * bar. Activating a row emits "show-metric" so the window can open the
 * figure's sentence in the Reports view. */

GtkWidget *tz_ledger_view_new          (void);
TzLedger  *tz_ledger_view_get_ledger   (TzLedgerView *self);
void       tz_ledger_view_set_ledger   (TzLedgerView *self,
                                        TzLedger     *ledger);
TzFilter  *tz_ledger_view_get_filter   (TzLedgerView *self);
void       tz_ledger_view_focus_search (TzLedgerView *self);
void       tz_ledger_view_load         (TzLedgerView *self);
gboolean   tz_ledger_view_get_listed   (TzLedgerView *self);

G_END_DECLS
