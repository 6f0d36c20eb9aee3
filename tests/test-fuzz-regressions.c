/* test-fuzz-regressions.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Replays every fuzz seed (tests/fuzz/corpus/TARGET) and every input that
 * once crashed a fuzz target (tests/fuzz/regressions/TARGET) through the
 * same target bodies libFuzzer runs, in the normal gcc build: CI catches a
 * regression without clang, and ASan/UBSan (the _build-asan run) check
 * these inputs too. A crash, a sanitizer report, a leak or a GLib warning
 * fails the test; a hang hits meson's timeout. */

#include "config.h"

#include <string.h>

#include "fuzz/tz-fuzz-targets.h"

typedef struct
{
  TzFuzzFunc  func;
  char       *path;
} Input;

static void
input_free (gpointer data)
{
  Input *input = data;

  g_free (input->path);
  g_free (input);
}

static void
test_replay (gconstpointer data)
{
  const Input *input = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (input->path, &contents, &len, &error);
  g_assert_no_error (error);

  input->func ((const guint8 *) contents, len);
}

static GPtrArray *inputs;

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Every file of @folder, sorted, as one test case each. Dot files (such
 * as a .gitkeep in an empty folder) are not inputs. */
static guint
add_folder (const TzFuzzTarget *target,
            const char         *kind)
{
  g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "fuzz", kind, target->name, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      Input *input = g_new0 (Input, 1);
      g_autofree char *test_path = NULL;

      input->func = target->func;
      input->path = g_build_filename (folder, names->pdata[i], NULL);
      test_path = g_strdup_printf ("/taizhang/fuzz-regressions/%s/%s/%s",
                                   target->name, kind, (char *) names->pdata[i]);
      g_test_add_data_func (test_path, input, test_replay);
      g_ptr_array_add (inputs, input);
    }

  return names->len;
}

int
main (int   argc,
      char *argv[])
{
  const TzFuzzTarget *targets;
  guint n_targets;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* What is fatal is what is fatal in the fuzzers (see fatal_writer()). */
  tz_fuzz_init ();

  inputs = g_ptr_array_new_with_free_func (input_free);
  targets = tz_fuzz_get_targets (&n_targets);
  for (guint t = 0; t < n_targets; t++)
    {
      /* Every target has seeds: an empty corpus folder is a mistake. */
      g_assert_cmpuint (add_folder (&targets[t], "corpus"), >, 0);
      add_folder (&targets[t], "regressions");
    }

  status = g_test_run ();
  g_ptr_array_unref (inputs);

  return status;
}
