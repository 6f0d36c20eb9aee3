/* tz-cli.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses shared by every command. */
#define TZ_CLI_EXIT_OK      0
#define TZ_CLI_EXIT_FAILED  1 /* some input could not be processed */
#define TZ_CLI_EXIT_USAGE   2 /* bad command line */

int  tz_cli_run      (int    argc,
                      char **argv);
int  tz_cli_extract  (int    argc,
                      char **argv);
int  tz_cli_import   (int    argc,
                      char **argv);
int  tz_cli_export   (int    argc,
                      char **argv);
int  tz_cli_search   (int    argc,
                      char **argv);
int  tz_cli_query    (int    argc,
                      char **argv);
int  tz_cli_chart    (int    argc,
                      char **argv);
int  tz_cli_stats    (int    argc,
                      char **argv);

G_END_DECLS
