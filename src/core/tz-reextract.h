/* tz-reextract.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-store.h"

G_BEGIN_DECLS

gboolean  tz_reextract_outdated  (TzStore       *store,
                                  GCancellable  *cancellable,
                                  guint         *n_reextracted,
                                  GError       **error);

G_END_DECLS
