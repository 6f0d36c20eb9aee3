/* tz-reports-view.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-ledger.h"

G_BEGIN_DECLS

#define TZ_TYPE_REPORTS_VIEW (tz_reports_view_get_type ())

G_DECLARE_FINAL_TYPE (TzReportsView, tz_reports_view, TZ, REPORTS_VIEW, GtkWidget)

/* The Reports view: documents and their articles on the left, the chosen
 * article on the right with every figure highlighted and correctable. */

GtkWidget *tz_reports_view_new           (void);
TzLedger  *tz_reports_view_get_ledger    (TzReportsView *self);
void       tz_reports_view_set_ledger    (TzReportsView *self,
                                          TzLedger      *ledger);
void       tz_reports_view_show_metric   (TzReportsView *self,
                                          gint64         document_id,
                                          gint64         article_id,
                                          guint          start,
                                          guint          end);
void       tz_reports_view_focus_search  (TzReportsView *self);
gint64     tz_reports_view_get_document_id (TzReportsView *self);
gint64     tz_reports_view_get_article_id  (TzReportsView *self);
gboolean   tz_reports_view_get_loading     (TzReportsView *self);
gboolean   tz_reports_view_get_listed      (TzReportsView *self);
gboolean   tz_reports_view_edit_metric     (TzReportsView *self,
                                            gint64         metric_id);

G_END_DECLS
