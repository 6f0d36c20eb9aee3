/* tz-test-ui.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "tz-core.h"

G_BEGIN_DECLS

/* Helpers for the UI tests: ledgers made from the fixtures, waiting on the
 * main context, and screenshots a developer can open and look at. */

char      *tz_test_make_dir          (void);
void       tz_test_remove_tree       (const char  *path);
void       tz_test_fill_ledger       (const char  *db,
                                      const char * const *fixtures);
TzLedger  *tz_test_open_ledger       (const char  *db);
gboolean   tz_test_wait_until        (gboolean   (*condition) (gpointer data),
                                      gpointer      data,
                                      guint         timeout_ms);
void       tz_test_iterate           (guint         ms);
char      *tz_test_screenshot        (GtkWidget   *widget,
                                      const char  *name);

G_END_DECLS
