/* main.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tz-cli.h"

int
main (int    argc,
      char **argv)
{
  /* Set by tools/run, which runs Taizhang from its build tree: the
   * catalogues are there, not installed. */
  const char *localedir = g_getenv ("TAIZHANG_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return tz_cli_run (argc, argv);
}
