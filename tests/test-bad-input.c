/* test-bad-input.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Whatever is dropped on the window: every file gets a clear outcome of
 * its own, the rest of the import goes on, and each finishes in bounded
 * time. docs/robustness.md lists these cases with what the user sees. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "tz-core.h"

/* The ASan/UBSan build runs ten times slower: it checks the same code
 * paths on inputs a tenth of the size. */
#if defined(__SANITIZE_ADDRESS__)
#define SCALE 10
#else
#define SCALE 1
#endif

typedef struct
{
  char       *dir;
  char       *db;
  GMainLoop  *loop;
  GPtrArray  *outcomes;
  GError     *error;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tz-bad-input-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "ledger.db", NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_chmod (child, 0700);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_clear_pointer (&f->outcomes, g_ptr_array_unref);
  g_clear_error (&f->error);
  g_main_loop_unref (f->loop);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const void *data,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_mkdir_with_parents (parent, 0700);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

static char *
copy_fixture (Fixture    *f,
              const char *name,
              const char *as)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  return write_file (f, as, contents, len);
}

/* A file of @size bytes that takes no space: the size alone must refuse it. */
static char *
sparse_file (Fixture    *f,
             const char *name,
             goffset     size)
{
  char *path = g_build_filename (f->dir, name, NULL);
  int fd = g_open (path, O_CREAT | O_WRONLY, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
  return path;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  f->outcomes = tz_importer_import_finish (TZ_IMPORTER (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
run_import_files (Fixture    *f,
                  TzImporter *importer,
                  GPtrArray  *paths)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (files, g_file_new_for_path (paths->pdata[i]));

  g_clear_pointer (&f->outcomes, g_ptr_array_unref);
  tz_importer_import_async (importer, (GFile **) files->pdata, files->len, NULL, done_cb, f);
  g_main_loop_run (f->loop);
  g_assert_no_error (f->error);
  g_assert_nonnull (f->outcomes);
}

static void
run_import (Fixture    *f,
            const char *first,
            ...)
{
  g_autoptr(TzImporter) importer = tz_importer_new (f->db);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (paths, (gpointer) p);
  va_end (args);

  run_import_files (f, importer, paths);
}

static TzImportOutcome *
outcome_for (Fixture    *f,
             const char *name)
{
  for (guint i = 0; i < f->outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (f->outcomes, i);

      if (g_str_equal (tz_import_outcome_get_name (outcome), name))
        return outcome;
    }

  g_error ("no outcome for %s", name);
  return NULL;
}

/* @name ended as @status, and says so with a message holding @words. */
static void
assert_outcome (Fixture        *f,
                const char     *name,
                TzImportStatus  status,
                const char     *words)
{
  TzImportOutcome *outcome = outcome_for (f, name);
  g_autofree char *line = tz_import_outcome_describe (outcome);

  g_test_message ("%s", line);
  g_assert_cmpint (tz_import_outcome_get_status (outcome), ==, status);
  g_assert_true (g_utf8_validate (line, -1, NULL));
  g_assert_nonnull (strstr (line, name));
  if (tz_import_outcome_is_failure (outcome))
    g_assert_nonnull (tz_import_outcome_get_message (outcome));
  if (words != NULL)
    g_assert_nonnull (strstr (tz_import_outcome_get_message (outcome), words));
}

static TzStoreStats
stats (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);
  TzStoreStats s;

  g_assert_no_error (error);
  g_assert_true (tz_store_get_stats (store, &s, &error));
  g_assert_no_error (error);
  return s;
}

static guint
count_status (Fixture        *f,
              TzImportStatus  status)
{
  guint n = 0;

  for (guint i = 0; i < f->outcomes->len; i++)
    n += tz_import_outcome_get_status (g_ptr_array_index (f->outcomes, i)) == status;

  return n;
}

/* Files that are not reports, or not text at all. */
static void
test_files (Fixture       *f,
            gconstpointer  data)
{
  static const guint8 png[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
  };
  static const guint8 elf[] = {
    0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3e, 0, 1, 0, 0, 0,
  };
  /* "职工3人。" in UTF-16LE after its BOM, then half a character. */
  static const guint8 utf16_cut[] = {
    0xff, 0xfe, 0x4c, 0x80, 0xe5, 0x5d, '3', 0, 0xba, 0x4e, 0x02, 0x30, 0x41,
  };
  const char *invalid = "职工3人。\xff\xfe\xc3\x28\xa0\xa1培训5场。";
  g_autoptr(GString) mixed = g_string_new (NULL);
  g_autoptr(GString) nested = g_string_new ("<html><body>");
  g_autoptr(GString) broken = g_string_new ("<html><body>");
  g_autofree char *good = copy_fixture (f, "basic.txt", "good.txt");
  g_autofree char *empty = write_file (f, "empty.txt", "", 0);
  g_autofree char *blank = write_file (f, "blank.txt", " \n\t\r\n　\n", -1);
  g_autofree char *image = write_file (f, "scan.txt", png, sizeof png);
  g_autofree char *program = write_file (f, "tool.txt", elf, sizeof elf);
  g_autofree char *bad_utf8 = write_file (f, "invalid-utf8.txt", invalid, -1);
  g_autofree char *cut = write_file (f, "utf16-cut.txt", utf16_cut, sizeof utf16_cut);
  g_autofree char *mixed_path = NULL;
  g_autofree char *huge = sparse_file (f, "huge.txt", 100 * 1024 * 1024);
  g_autofree char *nested_path = NULL;
  g_autofree char *broken_path = NULL;
  g_autofree char *binary_html = write_file (f, "binary.html", "<p>职工3人</p>\0\0\0\0<p>x</p>", 27);
  g_autofree char *word = write_file (f, "report.docm", "PK\3\4", 4);
  guint imported;

  /* Half UTF-8, half GB18030: no one encoding reads it. */
  for (guint i = 0; i < 20; i++)
    g_string_append (mixed, "职工3人。");
  for (guint i = 0; i < 20; i++)
    g_string_append (mixed, "\xc5\xe0\xd1\xb5" "5\xb3\xa1\xa1\xa3"); /* 培训5场。 */
  mixed_path = write_file (f, "mixed.txt", mixed->str, mixed->len);

  /* Twenty thousand levels of elements, and tags that never close. */
  for (guint i = 0; i < 20000; i++)
    g_string_append (nested, "<div><span>");
  g_string_append (nested, "<p>全区职工3400人。</p>");
  for (guint i = 0; i < 20000; i++)
    g_string_append (nested, "</span></div>");
  nested_path = write_file (f, "nested.html", nested->str, nested->len);
  for (guint i = 0; i < 5000; i++)
    g_string_append (broken, "<table><tr><td><p><b><i><a href='");
  g_string_append (broken, "'>培训12场,职工300人次<!-- <script> &#xFFFFFFFF; &bogus; <![CDATA[");
  broken_path = write_file (f, "broken.html", broken->str, broken->len);

  run_import (f, good, empty, blank, image, program, bad_utf8, cut, mixed_path, huge,
              nested_path, broken_path, binary_html, word, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, 13);

  assert_outcome (f, "good.txt", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "empty.txt", TZ_IMPORT_EMPTY, NULL);
  assert_outcome (f, "blank.txt", TZ_IMPORT_EMPTY, NULL);
  assert_outcome (f, "scan.txt", TZ_IMPORT_DECODE_ERROR, "PNG");
  assert_outcome (f, "tool.txt", TZ_IMPORT_DECODE_ERROR, NULL);
  assert_outcome (f, "invalid-utf8.txt", TZ_IMPORT_DECODE_ERROR, "UTF-8");
  assert_outcome (f, "utf16-cut.txt", TZ_IMPORT_DECODE_ERROR, "UTF-16");
  assert_outcome (f, "mixed.txt", TZ_IMPORT_DECODE_ERROR, "GB18030");
  assert_outcome (f, "huge.txt", TZ_IMPORT_TOO_LARGE, "64 MiB");
  assert_outcome (f, "nested.html", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "broken.html", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "binary.html", TZ_IMPORT_DECODE_ERROR, NULL);
  assert_outcome (f, "report.docm", TZ_IMPORT_UNSUPPORTED, NULL);

  g_assert_cmpuint (tz_import_outcome_get_n_metrics (outcome_for (f, "nested.html")), ==, 1);
  g_assert_cmpuint (tz_import_outcome_get_n_metrics (outcome_for (f, "broken.html")), >=, 1);

  imported = count_status (f, TZ_IMPORT_IMPORTED);
  g_assert_cmpuint (imported, ==, 3);
  g_assert_cmpuint (stats (f).n_documents, ==, imported);
}

/* Things in a folder that are not files to read, or cannot be read: none
 * of them stops the import, and none makes it wait. */
static void
test_folder (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *good = copy_fixture (f, "basic.txt", "in/good.txt");
  g_autofree char *inner = copy_fixture (f, "years.txt", "in/folder.txt/inner.txt");
  g_autofree char *fifo = g_build_filename (folder, "pipe.txt", NULL);
  g_autofree char *sock = g_build_filename (folder, "socket.txt", NULL);
  g_autofree char *dangling = g_build_filename (folder, "dangling.txt", NULL);
  g_autofree char *loop_a = g_build_filename (folder, "loop-a.txt", NULL);
  g_autofree char *loop_b = g_build_filename (folder, "loop-b.txt", NULL);
  g_autofree char *locked = copy_fixture (f, "layout.txt", "in/locked.txt");
  g_autofree char *locked_dir = g_build_filename (folder, "locked-folder", NULL);
  g_autofree char *hidden_report = copy_fixture (f, "regions.txt", "in/locked-folder/report.txt");
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  gboolean as_root = getuid () == 0;
  gint64 start = g_get_monotonic_time ();
  int fd;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("nowhere.txt", dangling), ==, 0);
  g_assert_cmpint (symlink ("loop-b.txt", loop_a), ==, 0);
  g_assert_cmpint (symlink ("loop-a.txt", loop_b), ==, 0);

  fd = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (strlen (sock), <, sizeof addr.sun_path);
  strcpy (addr.sun_path, sock);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);

  /* Permissions do not bite as root: only then is this left out. */
  g_chmod (locked, 0);
  g_chmod (locked_dir, 0);

  run_import (f, folder, NULL);
  close (fd);

  /* Well within the test's timeout: nothing waited for the pipe. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);

  assert_outcome (f, "good.txt", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "inner.txt", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "pipe.txt", TZ_IMPORT_UNREADABLE, "not a regular file");
  assert_outcome (f, "socket.txt", TZ_IMPORT_UNREADABLE, "not a regular file");
  assert_outcome (f, "dangling.txt", TZ_IMPORT_UNREADABLE, "does not exist");
  assert_outcome (f, "loop-a.txt", TZ_IMPORT_UNREADABLE, "loop");
  assert_outcome (f, "loop-b.txt", TZ_IMPORT_UNREADABLE, "loop");
  if (as_root)
    {
      assert_outcome (f, "locked.txt", TZ_IMPORT_IMPORTED, NULL);
      assert_outcome (f, "report.txt", TZ_IMPORT_IMPORTED, NULL);
    }
  else
    {
      assert_outcome (f, "locked.txt", TZ_IMPORT_UNREADABLE, "Permission denied");
      assert_outcome (f, "locked-folder", TZ_IMPORT_UNREADABLE, NULL);
    }

  g_assert_cmpuint (stats (f).n_documents, ==, count_status (f, TZ_IMPORT_IMPORTED));
}

typedef struct
{
  Fixture    *f;
  sqlite3    *lock;
  const char *gone;
  const char *fifo;
  gboolean    done;
} Vanish;

/* Another program holds the ledger: the importer's writer waits (its
 * timeout is seconds) until let_writer_go(). */
static void
hold_writer (Vanish *v)
{
  g_assert_cmpint (sqlite3_open (v->f->db, &v->lock), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (v->lock, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Ends the other connection's write transaction the writer waits on. */
static void
let_writer_go (Vanish *v)
{
  g_assert_cmpint (sqlite3_exec (v->lock, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (v->lock);
  v->lock = NULL;
}

/* The walk is over (n-files is set) and the writer waits for our lock:
 * the last files are listed but not yet read. Now pull them away. */
static void
n_files_cb (TzImporter *importer,
            GParamSpec *pspec,
            Vanish     *v)
{
  if (v->done || tz_importer_get_n_files (importer) == 0)
    return;

  v->done = TRUE;
  g_assert_cmpint (g_unlink (v->gone), ==, 0);
  g_assert_cmpint (g_unlink (v->fifo), ==, 0);
  g_assert_cmpint (mkfifo (v->fifo, 0600), ==, 0);
  let_writer_go (v);
}

/* A file deleted, and one replaced by a pipe that never delivers, after
 * the walk listed them and before they are read. */
static void
test_vanishing (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzImporter) importer = tz_importer_new (f->db);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  /* More than the importer reads ahead (4 per core, plus 4). */
  guint n = 4 * MAX (1, g_get_num_processors ()) + 6;
  g_autofree char *gone = NULL;
  g_autofree char *fifo = NULL;
  Vanish v = { f, NULL, NULL, NULL, FALSE };

  {
    g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
  }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("in/report-%02u.txt", i);
      g_autofree char *text = g_strdup_printf ("第%u号简报\n\n本报讯 通讯员王某报道 某区总工会开展培训%u场,惠及职工%u人次。\n",
                                               i, i + 10, 100 * i + 7);
      g_free (write_file (f, name, text, -1));
    }
  gone = write_file (f, "in/zz-gone.txt", "职工1人。", -1);
  fifo = write_file (f, "in/zz-pipe.txt", "职工2人。", -1);
  v.gone = gone;
  v.fifo = fifo;

  /* The writer waits after the first few files are read. */
  hold_writer (&v);

  g_signal_connect (importer, "notify::n-files", G_CALLBACK (n_files_cb), &v);
  g_ptr_array_add (paths, folder);
  run_import_files (f, importer, paths);
  g_assert_true (v.done);

  g_assert_cmpuint (f->outcomes->len, ==, n + 2);
  assert_outcome (f, "zz-gone.txt", TZ_IMPORT_UNREADABLE, "No such file");
  assert_outcome (f, "zz-pipe.txt", TZ_IMPORT_UNREADABLE, "not a regular file");
  g_assert_cmpuint (count_status (f, TZ_IMPORT_IMPORTED), ==, n);
  g_assert_cmpuint (stats (f).n_documents, ==, n);
}

/* Two big files in flight: the small one after them is not read until
 * the first is written, since each file read is held in memory until
 * then. The ledger is locked (see Vanish) while the small file is pulled
 * away; had it been read ahead it would be imported. */
static gboolean
pull_small_file (gpointer data)
{
  Vanish *v = data;

  g_assert_cmpint (g_unlink (v->gone), ==, 0);
  let_writer_go (v);
  return G_SOURCE_REMOVE;
}

static void
walked_cb (TzImporter *importer,
           GParamSpec *pspec,
           Vanish     *v)
{
  if (v->done || tz_importer_get_n_files (importer) == 0)
    return;

  /* Ample time to read a small file the importer would read ahead. */
  v->done = TRUE;
  g_timeout_add_seconds (2, pull_small_file, v);
}

static void
test_read_ahead_bytes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzImporter) importer = tz_importer_new (f->db);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *small = NULL;
  Vanish v = { f, NULL, NULL, NULL, FALSE };

  {
    g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
  }

  /* Bigger together than the 16 MB the importer holds in flight beyond
   * two files; one paragraph each, quick to read. */
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("in/volume-%u.txt", i);
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "第%u卷\n\n", i);
      while (text->len < 9 * 1024 * 1024)
        g_string_append (text, "职工书屋建设");
      g_free (write_file (f, name, text->str, text->len));
      g_string_free (text, TRUE);
    }
  small = write_file (f, "in/zz-small.txt", "职工1人。", -1);
  v.gone = small;

  hold_writer (&v);

  g_signal_connect (importer, "notify::n-files", G_CALLBACK (walked_cb), &v);
  g_ptr_array_add (paths, folder);
  run_import_files (f, importer, paths);
  g_assert_true (v.done);
  g_assert_null (v.lock);

  g_assert_cmpuint (f->outcomes->len, ==, 3);
  assert_outcome (f, "volume-1.txt", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "volume-2.txt", TZ_IMPORT_IMPORTED, NULL);
  assert_outcome (f, "zz-small.txt", TZ_IMPORT_UNREADABLE, "No such file");
}

/* What the CLI's extract and the importer read with. */
static void
test_read_file (Fixture       *f,
                gconstpointer  data)
{
  struct {
    const char *uri_or_path;
    int         code;
  } cases[] = {
    { "/dev/zero", G_IO_ERROR_NOT_REGULAR_FILE },
    { "/dev/null", G_IO_ERROR_NOT_REGULAR_FILE },
    { "/", G_IO_ERROR_NOT_REGULAR_FILE },
    { "/nonexistent/report.txt", G_IO_ERROR_NOT_FOUND },
    { "http://127.0.0.1:9/report.txt", G_IO_ERROR_NOT_SUPPORTED },
  };
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.txt", NULL);
  g_autofree char *big = sparse_file (f, "big.txt", (goffset) TZ_MAX_REPORT_SIZE + 1);
  g_autofree char *limit = sparse_file (f, "limit.txt", TZ_MAX_REPORT_SIZE);
  g_autofree char *small = write_file (f, "small.txt", "职工3人。", -1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cases[i].uri_or_path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = tz_importer_read_file (file, &error);

      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, cases[i].code);
    }

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  {
    g_autoptr(GFile) file = g_file_new_for_path (fifo);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = tz_importer_read_file (file, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (big);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = tz_importer_read_file (file, &error);

    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (limit);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = tz_importer_read_file (file, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (bytes), ==, TZ_MAX_REPORT_SIZE);
  }
  {
    g_autoptr(GFile) file = g_file_new_for_path (small);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = tz_importer_read_file (file, &error);

    g_assert_no_error (error);
    g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "职工3人。", strlen ("职工3人。"));
  }
}

typedef char *(*MakeText) (gsize size);

/* "某区总工会开展培训12场,惠及职工3400人次。" on one line, for @size bytes. */
static char *
one_line (gsize size)
{
  const char *unit = "某区总工会开展培训12场,惠及职工3400人次。";
  GString *s = g_string_sized_new (size + 64);

  while (s->len < size)
    g_string_append (s, unit);
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

/* Short lines ("第12行 职工3人"), for @size bytes. */
static char *
short_lines (gsize size)
{
  GString *s = g_string_sized_new (size + 64);

  for (guint i = 0; s->len < size; i++)
    g_string_append_printf (s, "第%u行 职工%u人\n", i, i % 97);
  return g_string_free (s, FALSE);
}

/* Figures without a single stop or comma: once a copy of the whole line
 * per figure, minutes and gigabytes for 1 MB. */
static char *
no_stops (gsize size)
{
  GString *s = g_string_sized_new (size + 64);

  while (s->len < size)
    g_string_append (s, "职工3400人");
  return g_string_free (s, FALSE);
}

static double
time_import (Fixture    *f,
             const char *name,
             MakeText    make,
             gsize       size)
{
  g_autofree char *text = make (size);
  g_autofree char *path = write_file (f, name, text, -1);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  run_import (f, path, NULL);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  assert_outcome (f, name, TZ_IMPORT_IMPORTED, NULL);
  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes imported in %.2f s (%u figures)",
                  name, size, seconds, tz_import_outcome_get_n_metrics (outcome_for (f, name)));
  return seconds;
}

/* A big input takes about ten times as long as one a tenth of its size,
 * not a hundred; the slack is for a busy machine. */
static void
check_linear (Fixture    *f,
              const char *name,
              MakeText    make,
              gsize       size)
{
  g_autofree char *small_name = g_strconcat ("small-", name, NULL);
  double small = time_import (f, small_name, make, size / 10);
  double big = time_import (f, name, make, size);

  g_assert_cmpfloat (big, <, MAX (20.0, 40 * small));
  g_assert_cmpfloat (big, <, 120.0);
}

static void
test_single_line (Fixture       *f,
                  gconstpointer  data)
{
  check_linear (f, "one-line.txt", one_line, 10 * 1000 * 1000 / SCALE);
}

static void
test_million_lines (Fixture       *f,
                    gconstpointer  data)
{
  /* A million lines of 13 to 20 bytes (some joined into sentences). */
  check_linear (f, "lines.txt", short_lines, 17 * 1000 * 1000 / SCALE);
  g_assert_cmpuint (tz_import_outcome_get_n_metrics (outcome_for (f, "lines.txt")), >=, 500000 / SCALE);
}

static void
test_no_stops (Fixture       *f,
               gconstpointer  data)
{
  check_linear (f, "no-stops.txt", no_stops, 2 * 1000 * 1000 / SCALE);
}

/* Many short articles, each a headline and a paragraph, for @size bytes:
 * a year of a union paper kept as one file. */
static char *
many_articles (gsize size)
{
  GString *s = g_string_sized_new (size + 512);

  for (guint i = 0; s->len < size; i++)
    g_string_append_printf (s, "第%u期职工书屋建设推进会召开\n\n"
                               "本报讯 全市工会开展宣讲活动%u场，覆盖职工%u人次，"
                               "各级工会持续推进产业工人队伍建设改革。\n\n",
                            i, 10 + i % 90, 100 + i);
  return g_string_free (s, FALSE);
}

typedef struct
{
  double import, search, export, remove;
} ArticleTimes;

/* Imports a report of many articles into a ledger of its own, then
 * searches it for a word too short for the full-text index, exports it
 * as CSV and deletes it: each step once read the whole text again for
 * every article. */
static ArticleTimes
time_many_articles (Fixture    *f,
                    const char *name,
                    gsize       size)
{
  g_autofree char *text = many_articles (size);
  g_autofree char *path = write_file (f, name, text, -1);
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) found = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  ArticleTimes t;
  gint64 start;

  g_free (f->db);
  f->db = g_strconcat (path, ".db", NULL);

  start = g_get_monotonic_time ();
  run_import (f, path, NULL);
  t.import = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  assert_outcome (f, name, TZ_IMPORT_IMPORTED, NULL);

  store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  tz_filter_set_search (filter, "书");
  found = tz_store_query_article_ids (store, filter, &error);
  g_assert_no_error (error);
  t.search = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (found->len, ==, tz_import_outcome_get_n_articles (outcome_for (f, name)));

  start = g_get_monotonic_time ();
  g_assert_true (tz_export_records (store, NULL, TZ_EXPORT_CSV, out, NULL, &error));
  g_assert_no_error (error);
  t.export = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  start = g_get_monotonic_time ();
  g_assert_true (tz_store_delete_document (store, 1, &error));
  g_assert_no_error (error);
  t.remove = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_test_message ("%s: %" G_GSIZE_FORMAT " bytes, %u articles: import %.2f s, search %.2f s, "
                  "CSV %.2f s, delete %.2f s", name, size, found->len,
                  t.import, t.search, t.export, t.remove);
  return t;
}

static void
test_many_articles (Fixture       *f,
                    gconstpointer  data)
{
  gsize size = 10 * 1000 * 1000 / SCALE;
  ArticleTimes small = time_many_articles (f, "small-paper.txt", size / 10);
  ArticleTimes big = time_many_articles (f, "paper.txt", size);

  g_assert_cmpfloat (big.import, <, MAX (20.0, 40 * small.import));
  g_assert_cmpfloat (big.search, <, MAX (5.0, 40 * small.search));
  g_assert_cmpfloat (big.export, <, MAX (5.0, 40 * small.export));
  g_assert_cmpfloat (big.remove, <, MAX (5.0, 40 * small.remove));
}

/* A volume of a union paper: short articles of several figures each. */
static char *
many_figures (guint  volume,
              gsize  size)
{
  GString *s = g_string_sized_new (size + 512);

  g_string_append_printf (s, "第%u卷\n\n", volume);
  for (guint i = 0; s->len < size; i++)
    g_string_append_printf (s, "第%u期工会简报\n\n"
                               "本报讯 %u年,区总工会开展技能培训%u场,惠及职工%u人次,"
                               "新增高技能人才%u人。\n\n",
                            i, 2019 + i % 6, 3 + i % 50, 100 * i + 7, 20 + i % 9);
  return g_string_free (s, FALSE);
}

/* Volumes of a paper imported together, a folder of a year's: each after
 * the first of a batch took five times as long as the first once the
 * batch outgrew SQLite's page cache, since SQLite kept what each
 * statement would roll back in memory and walked all of it again at
 * every statement. */
static void
test_several_volumes (Fixture       *f,
                      gconstpointer  data)
{
  gsize size = 8 * 1000 * 1000 / SCALE;
  g_autofree char *folder = g_build_filename (f->dir, "volumes", NULL);
  g_autofree char *first = NULL;
  double alone, together;
  gint64 start;

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("volumes/volume-%u.txt", i);
      g_autofree char *text = many_figures (i, size);
      char *path = write_file (f, name, text, -1);

      if (i == 1)
        first = path;
      else
        g_free (path);
    }

  start = g_get_monotonic_time ();
  run_import (f, first, NULL);
  alone = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  assert_outcome (f, "volume-1.txt", TZ_IMPORT_IMPORTED, NULL);

  g_free (f->db);
  f->db = g_build_filename (f->dir, "volumes.db", NULL);
  start = g_get_monotonic_time ();
  run_import (f, folder, NULL);
  together = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpuint (count_status (f, TZ_IMPORT_IMPORTED), ==, 2);
  g_assert_cmpuint (stats (f).n_documents, ==, 2);

  g_test_message ("one volume of %" G_GSIZE_FORMAT " bytes: %.2f s; two: %.2f s", size, alone, together);
  g_assert_cmpfloat (together, <, 3.5 * alone + 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/taizhang/bad-input/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("files", test_files);
  ADD ("folder", test_folder);
  ADD ("vanishing", test_vanishing);
  ADD ("read-ahead-bytes", test_read_ahead_bytes);
  ADD ("read-file", test_read_file);
  ADD ("single-line", test_single_line);
  ADD ("million-lines", test_million_lines);
  ADD ("no-stops", test_no_stops);
  ADD ("many-articles", test_many_articles);
  ADD ("several-volumes", test_several_volumes);

#undef ADD

  return g_test_run ();
}
