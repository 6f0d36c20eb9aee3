/* tz-window.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-application.h"
#include "tz-ledger.h"

G_BEGIN_DECLS

#define TZ_TYPE_WINDOW (tz_window_get_type ())

G_DECLARE_FINAL_TYPE (TzWindow, tz_window, TZ, WINDOW, GtkApplicationWindow)

TzWindow   *tz_window_new           (TzApplication *application);
TzLedger   *tz_window_get_ledger    (TzWindow      *self);
void        tz_window_import_files  (TzWindow      *self,
                                     GFile        **files,
                                     guint          n_files);
void        tz_window_show_view     (TzWindow      *self,
                                     const char    *name);
const char *tz_window_get_view      (TzWindow      *self);
GPtrArray  *tz_window_get_last_outcomes (TzWindow  *self);

G_END_DECLS
