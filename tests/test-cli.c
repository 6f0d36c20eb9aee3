/* test-cli.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

/* taizhang-cli end to end, as a user runs it. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static Result
run_cli (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  Result r = { 0 };

  g_ptr_array_add (argv, (gpointer)TZ_CLI_PATH);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r.out, &r.err, &error);
  g_assert_no_error (error);
  r.status = g_subprocess_get_exit_status (proc);

  return r;
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
}

static void
test_help (void)
{
  Result r = run_cli ((const char *[]) { "extract", "--help", NULL });

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "--date"));
  g_assert_nonnull (strstr (r.out, "--format"));
  g_assert_nonnull (strstr (r.out, "--output"));
  result_clear (&r);

  r = run_cli ((const char *[]) { "--help", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "extract"));
  result_clear (&r);

  r = run_cli ((const char *[]) { "frobnicate", NULL });
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "frobnicate"));
  result_clear (&r);
}

static void
test_extract_json (void)
{
  g_autofree char *basic = fixture ("basic.txt");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Result r = run_cli ((const char *[]) { "extract", "--format", "json", basic, NULL });
  JsonObject *root, *doc;

  g_assert_cmpint (r.status, ==, 0);
  json_parser_load_from_data (parser, r.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "generator"), ==, "taizhang " PACKAGE_VERSION);
  doc = json_array_get_object_element (json_object_get_array_member (root, "documents"), 0);
  g_assert_cmpstr (json_object_get_string_member (doc, "file"), ==, "basic.txt");
  g_assert_cmpstr (json_object_get_string_member (doc, "encoding"), ==, "UTF-8");
  g_assert_cmpuint (strlen (json_object_get_string_member (doc, "sha256")), ==, 64);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "articles")), >, 0);
  result_clear (&r);
}

/* A file that fails is reported with its name and a non-zero status, and
 * the records of the others are still printed. */
static void
test_failures_do_not_lose_the_rest (void)
{
  g_autofree char *basic = fixture ("basic.txt");
  g_autofree char *dir = g_dir_make_tmp ("tz-cli-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "scan.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  static const char png_bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  Result r;

  g_assert_true (g_file_set_contents (png, png_bytes, sizeof png_bytes - 1, NULL));

  r = run_cli ((const char *[]) { "extract", png, basic, missing, NULL });
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "scan.txt"));
  g_assert_nonnull (strstr (r.err, "missing.txt"));
  g_assert_nonnull (strstr (r.out, "\"file\" : \"basic.txt\""));
  g_assert_null (strstr (r.out, "scan.txt"));
  result_clear (&r);

  g_unlink (png);
  g_rmdir (dir);
}

static void
test_options (void)
{
  g_autofree char *years = fixture ("years.txt");
  g_autofree char *dir = g_dir_make_tmp ("tz-cli-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out.tsv", NULL);
  g_autofree char *contents = NULL;
  Result r;

  r = run_cli ((const char *[]) { "extract", "--date", "2024-13-01", years, NULL });
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "2024-13-01"));
  result_clear (&r);

  r = run_cli ((const char *[]) { "extract", "--format", "xml", years, NULL });
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);

  r = run_cli ((const char *[]) { "extract", NULL });
  g_assert_cmpint (r.status, ==, 2);
  result_clear (&r);

  r = run_cli ((const char *[]) { "extract", "--format", "tsv", "--date", "2024-06-30", "-o", out, years, NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "file\tarticle\ttext\tvalue"));
  /* With a report date, 今年 resolves to 2024. */
  g_assert_nonnull (strstr (contents, "\t2024\tdocument\t"));
  result_clear (&r);

  g_unlink (out);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/taizhang/cli/help", test_help);
  g_test_add_func ("/taizhang/cli/extract-json", test_extract_json);
  g_test_add_func ("/taizhang/cli/failures", test_failures_do_not_lose_the_rest);
  g_test_add_func ("/taizhang/cli/options", test_options);

  return g_test_run ();
}
