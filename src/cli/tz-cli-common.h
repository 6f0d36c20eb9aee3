/* tz-cli-common.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-core.h"

G_BEGIN_DECLS

/* The options every ledger command shares: --db and the record filters. */
typedef struct
{
  char   *db;
  char   *region;
  char   *category;
  char   *unit;
  char   *subject;
  char   *search;
  char   *sort;
  int     year;
  int     year_from;
  int     year_to;
  gint64  document;
  gboolean descending;
} TzCliOptions;

GOptionGroup *tz_cli_ledger_group    (TzCliOptions  *options);
GOptionGroup *tz_cli_filter_group    (TzCliOptions  *options);
void          tz_cli_options_clear   (TzCliOptions  *options);
char         *tz_cli_ledger_path     (TzCliOptions  *options);
TzStore      *tz_cli_open_store      (TzCliOptions  *options,
                                      TzStoreOpenFlags flags,
                                      const char    *command);
TzFilter     *tz_cli_make_filter     (TzCliOptions  *options,
                                      GError       **error);
int           tz_cli_usage_error     (const char    *command,
                                      const char    *message);
GOptionContext *tz_cli_context_new   (const char    *parameters,
                                      const char    *summary);

G_END_DECLS
