/* tz-application.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TZ_TYPE_APPLICATION (tz_application_get_type ())

G_DECLARE_FINAL_TYPE (TzApplication, tz_application, TZ, APPLICATION, GtkApplication)

TzApplication *tz_application_new             (void);
const char    *tz_application_get_ledger_path (TzApplication *self);
void           tz_application_set_ledger_path (TzApplication *self,
                                               const char    *path);
char          *tz_application_dup_samples_dir (TzApplication *self);

G_END_DECLS
