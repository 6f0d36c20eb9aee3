/* test-ledger-faults.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What happens to the ledger when its disk, its file or another program
 * gets in the way: each fault ends with a clear error, a transaction that
 * rolled back whole, and a ledger that is still consistent and keeps every
 * record and correction. docs/robustness.md lists them.
 *
 * A full disk is a real one as far as SQLite can tell: a VFS wrapped
 * around the default one fails writes with SQLITE_FULL (what ENOSPC
 * becomes) once a byte budget is spent. Being the default VFS, it is the
 * one the store, the importer's writer and the checks all go through. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tz-core.h"
#include "tz-fts-tokenizer.h"
#include "tz-store-private.h"

/* ------------------------------------------------------------------------
 * A disk that fills up
 * --------------------------------------------------------------------- */

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;  /* the wrapped file, allocated right after */
} FullFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs full_vfs;
static sqlite3_io_methods full_io_methods;
/* Bytes that may still be written; -1 for no limit. */
static gint64 write_budget = -1;
static guint n_refused;

#define REAL(f) (((FullFile *) (f))->real)

static int
full_close (sqlite3_file *f)
{
  int rc = REAL (f)->pMethods != NULL ? REAL (f)->pMethods->xClose (REAL (f)) : SQLITE_OK;

  f->pMethods = NULL;
  return rc;
}

static int
full_read (sqlite3_file *f, void *buf, int n, sqlite3_int64 offset)
{
  return REAL (f)->pMethods->xRead (REAL (f), buf, n, offset);
}

static int
full_write (sqlite3_file *f, const void *buf, int n, sqlite3_int64 offset)
{
  if (write_budget >= 0)
    {
      if (write_budget < n)
        {
          n_refused++;
          return SQLITE_FULL;
        }
      write_budget -= n;
    }
  return REAL (f)->pMethods->xWrite (REAL (f), buf, n, offset);
}

static int
full_truncate (sqlite3_file *f, sqlite3_int64 size)
{
  return REAL (f)->pMethods->xTruncate (REAL (f), size);
}

static int
full_sync (sqlite3_file *f, int flags)
{
  return REAL (f)->pMethods->xSync (REAL (f), flags);
}

static int
full_file_size (sqlite3_file *f, sqlite3_int64 *size)
{
  return REAL (f)->pMethods->xFileSize (REAL (f), size);
}

static int
full_lock (sqlite3_file *f, int lock)
{
  return REAL (f)->pMethods->xLock (REAL (f), lock);
}

static int
full_unlock (sqlite3_file *f, int lock)
{
  return REAL (f)->pMethods->xUnlock (REAL (f), lock);
}

static int
full_check_reserved_lock (sqlite3_file *f, int *out)
{
  return REAL (f)->pMethods->xCheckReservedLock (REAL (f), out);
}

static int
full_file_control (sqlite3_file *f, int op, void *arg)
{
  return REAL (f)->pMethods->xFileControl (REAL (f), op, arg);
}

static int
full_sector_size (sqlite3_file *f)
{
  return REAL (f)->pMethods->xSectorSize (REAL (f));
}

static int
full_device_characteristics (sqlite3_file *f)
{
  return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f));
}

static int
full_shm_map (sqlite3_file *f, int page, int size, int extend, void volatile **out)
{
  return REAL (f)->pMethods->xShmMap (REAL (f), page, size, extend, out);
}

static int
full_shm_lock (sqlite3_file *f, int offset, int n, int flags)
{
  return REAL (f)->pMethods->xShmLock (REAL (f), offset, n, flags);
}

static void
full_shm_barrier (sqlite3_file *f)
{
  REAL (f)->pMethods->xShmBarrier (REAL (f));
}

static int
full_shm_unmap (sqlite3_file *f, int delete_flag)
{
  return REAL (f)->pMethods->xShmUnmap (REAL (f), delete_flag);
}

static int
full_fetch (sqlite3_file *f, sqlite3_int64 offset, int n, void **out)
{
  return REAL (f)->pMethods->xFetch (REAL (f), offset, n, out);
}

static int
full_unfetch (sqlite3_file *f, sqlite3_int64 offset, void *p)
{
  return REAL (f)->pMethods->xUnfetch (REAL (f), offset, p);
}

static int
full_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
  FullFile *file = (FullFile *) f;
  int rc;

  file->real = (sqlite3_file *) (file + 1);
  rc = real_vfs->xOpen (real_vfs, name, file->real, flags, out_flags);
  f->pMethods = rc == SQLITE_OK && file->real->pMethods != NULL ? &full_io_methods : NULL;
  return rc;
}

static void
install_full_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);
  g_assert_nonnull (real_vfs);
  g_assert_cmpint (real_vfs->iVersion, >=, 3);

  /* Everything but opening is the real VFS's own. */
  full_vfs = *real_vfs;
  full_vfs.zName = "tz-test-full";
  full_vfs.szOsFile = sizeof (FullFile) + real_vfs->szOsFile;
  full_vfs.pNext = NULL;
  full_vfs.xOpen = full_open;

  full_io_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = full_close,
    .xRead = full_read,
    .xWrite = full_write,
    .xTruncate = full_truncate,
    .xSync = full_sync,
    .xFileSize = full_file_size,
    .xLock = full_lock,
    .xUnlock = full_unlock,
    .xCheckReservedLock = full_check_reserved_lock,
    .xFileControl = full_file_control,
    .xSectorSize = full_sector_size,
    .xDeviceCharacteristics = full_device_characteristics,
    .xShmMap = full_shm_map,
    .xShmLock = full_shm_lock,
    .xShmBarrier = full_shm_barrier,
    .xShmUnmap = full_shm_unmap,
    .xFetch = full_fetch,
    .xUnfetch = full_unfetch,
  };

  g_assert_cmpint (sqlite3_vfs_register (&full_vfs, 1), ==, SQLITE_OK);
}

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

typedef struct
{
  char      *dir;
  char      *path;
  GMainLoop *loop;
  GPtrArray *outcomes;
  GError    *error;
} Fixture;

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

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  write_budget = -1;
  f->dir = g_dir_make_tmp ("tz-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "ledger.db", NULL);
  f->loop = g_main_loop_new (NULL, FALSE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  write_budget = -1;
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_clear_pointer (&f->outcomes, g_ptr_array_unref);
  g_clear_error (&f->error);
  g_main_loop_unref (f->loop);
}

static TzDocument *
extract_fixture (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  g_autoptr(GBytes) bytes = NULL;
  TzDocument *document;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new (contents, len);
  document = tz_read_report (extractor, file, bytes, &error);
  g_assert_no_error (error);
  return document;
}

static TzStore *
open_store (const char       *path,
            TzStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (path, flags, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
first_metric_id (TzStore *store)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = tz_store_query_metric_ids (store, filter, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
  return g_array_index (ids, gint64, 0);
}

static char *
metric_value (TzStore *store,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = tz_store_load_metrics (store, &id, 1, &error);
  TzDecimal value;

  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, 1);
  tz_metric_get_value (metrics->pdata[0], &value);
  return tz_decimal_to_string (&value);
}

/* A ledger holding basic.txt and years.txt, with one correction. */
static gint64
make_ledger (Fixture *f)
{
  g_autoptr(TzStore) store = open_store (f->path, TZ_STORE_OPEN_DEFAULT);
  g_autoptr(GError) error = NULL;
  const char * const names[] = { "basic", "years" };
  gint64 id;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TzDocument) document = extract_fixture (names[i]);

      g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      g_assert_no_error (error);
    }

  id = first_metric_id (store);
  g_assert_true (tz_store_correct_metric (store, id, TZ_FIELD_VALUE, "4242", &error));
  g_assert_no_error (error);
  return id;
}

/* PRAGMA integrity_check and the full-text index's own check, from a
 * connection of our own. */
static void
assert_consistent (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* Whole documents only: none without articles, no orphans. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT (SELECT count(*) FROM documents d WHERE NOT EXISTS"
                                       "  (SELECT 1 FROM articles a WHERE a.document_id = d.id)),"
                                       " (SELECT count(*) FROM metrics m WHERE NOT EXISTS"
                                       "  (SELECT 1 FROM articles a WHERE a.id = m.article_id))",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static void
assert_unchanged (GBytes     *before,
                  const char *path)
{
  g_autoptr(GBytes) after = read_bytes (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);

  GStatBuf st;

  g_assert_true (g_bytes_equal (before, after));
  /* A read-only connection cannot remove the WAL file it opened, but it
   * must not have written to it. */
  g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

static void
sql (const char *path,
     const char *statement)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, statement, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Fixture *f = user_data;

  g_clear_pointer (&f->outcomes, g_ptr_array_unref);
  g_clear_error (&f->error);
  f->outcomes = tz_importer_import_finish (TZ_IMPORTER (object), result, &f->error);
  g_main_loop_quit (f->loop);
}

static void
import_fixtures (Fixture *f,
                 guint    n)
{
  g_autoptr(TzImporter) importer = tz_importer_new (f->path);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const names[] = { "layout.txt", "numerals.txt", "regions.txt" };

  for (guint i = 0; i < MIN (n, G_N_ELEMENTS (names)); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", names[i], NULL);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }

  tz_importer_import_async (importer, (GFile **) files->pdata, files->len, NULL, done_cb, f);
  g_main_loop_run (f->loop);
}

static TzStoreStats
stats (const char *path)
{
  g_autoptr(TzStore) store = open_store (path, TZ_STORE_OPEN_READ_ONLY);
  g_autoptr(GError) error = NULL;
  TzStoreStats s;

  g_assert_true (tz_store_get_stats (store, &s, &error));
  g_assert_no_error (error);
  return s;
}

/* ------------------------------------------------------------------------
 * Tests
 * --------------------------------------------------------------------- */

/* Opened read-only (what the app falls back to for a file it may not
 * write; test-store.c's open/read-only does it as a user without write
 * permission): reads work, every write is refused with READ_ONLY, and the
 * file does not change by a byte. */
static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = make_ledger (f);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzDocument) document = extract_fixture ("layout");
  g_autoptr(TzMetric) metric = tz_metric_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  before = read_bytes (f->path);
  store = open_store (f->path, TZ_STORE_OPEN_READ_ONLY);
  g_assert_true (tz_store_is_read_only (store));

  value = metric_value (store, id);
  g_assert_cmpstr (value, ==, "4242");

  g_assert_cmpint (tz_store_add_document (store, document, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_assert_false (tz_store_correct_metric (store, id, TZ_FIELD_VALUE, "1", &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (tz_store_set_not_metric (store, id, TRUE, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (tz_store_restore_metric (store, id, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  tz_metric_set_text (metric, "5人");
  tz_metric_set_span (metric, 10, 12);
  tz_metric_set_unit (metric, "人");
  g_assert_cmpint (tz_store_add_user_metric (store, 1, metric, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (tz_store_delete_document (store, 1, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (tz_store_replace_extraction (store, 1, document, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);

  g_clear_object (&store);
  assert_unchanged (before, f->path);
}

/* Run as a child: holds an exclusive lock on the ledger at argv[2] until
 * its standard input closes, as another program writing to it would. */
static int
hold_lock (const char *path)
{
  sqlite3 *db = NULL;
  char buf[64];

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "UPDATE documents SET name = name", NULL, NULL, NULL) != SQLITE_OK)
    return 1;

  fputs ("locked\n", stdout);
  fflush (stdout);
  while (read (STDIN_FILENO, buf, sizeof buf) > 0)
    ;

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  return 0;
}

static const char *self_path;

/* Another process holds the ledger: a write waits for the busy timeout,
 * then fails with BUSY and a message saying what to do; nothing is
 * written, and the same write succeeds once the lock is gone. */
static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  gint64 id = make_ledger (f);
  const char *argv[] = { self_path, "--hold-lock", f->path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzDocument) document = extract_fixture ("layout");
  g_autofree char *value = NULL;
  char line[16] = { 0 };
  int child_in, child_out;
  GPid pid;
  gint64 start, waited;
  int status;

  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                           NULL, NULL, &pid, &child_in, &child_out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (read (child_out, line, sizeof line - 1), >, 0);
  g_assert_cmpstr (line, ==, "locked\n");

  /* Opening only reads: it works while the other program writes. */
  store = open_store (f->path, TZ_STORE_OPEN_DEFAULT);
  tz_store_set_busy_timeout (store, 300);

  start = g_get_monotonic_time ();
  g_assert_cmpint (tz_store_add_document (store, document, &error), ==, 0);
  waited = g_get_monotonic_time () - start;
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "locked by another program"));
  g_test_message ("BUSY after %" G_GINT64_FORMAT " ms: %s", waited / 1000, error->message);
  g_assert_cmpint (waited, >=, 250 * 1000);
  g_assert_cmpint (waited, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  g_assert_false (tz_store_correct_metric (store, id, TZ_FIELD_VALUE, "1", &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* The importer says so for the file (after its own timeout, seconds),
   * and imports nothing. */
  import_fixtures (f, 1);
  g_assert_no_error (f->error);
  for (guint i = 0; i < f->outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (f->outcomes, i);

      g_assert_cmpint (tz_import_outcome_get_status (outcome), ==, TZ_IMPORT_FAILED);
      g_assert_nonnull (strstr (tz_import_outcome_get_message (outcome), "locked"));
    }

  close (child_in);
  close (child_out);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_spawn_close_pid (pid);

  value = metric_value (store, id);
  g_assert_cmpstr (value, ==, "4242");
  g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&store);
  assert_consistent (f->path);
}

/* The disk fills up in the middle of writing a document, of a correction,
 * of an import: each fails with FULL, rolls back whole, and once there is
 * space again everything works and nothing was lost. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  gint64 id = make_ledger (f);
  g_autoptr(TzStore) store = open_store (f->path, TZ_STORE_OPEN_DEFAULT);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  TzStoreStats s;
  const gint64 budgets[] = { 0, 4096, 20000 };

  s = stats (f->path);
  g_assert_cmpuint (s.n_documents, ==, 2);

  /* The disk fills at different points of the transaction. */
  for (guint b = 0; b < G_N_ELEMENTS (budgets); b++)
    {
      g_autoptr(TzDocument) document = extract_fixture ("numerals");

      n_refused = 0;
      write_budget = budgets[b];
      g_assert_cmpint (tz_store_add_document (store, document, &error), ==, 0);
      write_budget = -1;
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FULL);
      g_assert_nonnull (strstr (error->message, "full"));
      g_assert_cmpuint (n_refused, >, 0);
      g_test_message ("full after %" G_GINT64_FORMAT " bytes: %s", budgets[b], error->message);
      g_clear_error (&error);

      g_assert_cmpuint (stats (f->path).n_documents, ==, 2);
      assert_consistent (f->path);
    }

  /* A correction: the one made before stays. */
  write_budget = 0;
  g_assert_false (tz_store_correct_metric (store, id, TZ_FIELD_VALUE, "7", &error));
  write_budget = -1;
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_FULL);
  g_clear_error (&error);
  value = metric_value (store, id);
  g_assert_cmpstr (value, ==, "4242");

  /* An import: every file fails on its own, with the message. */
  write_budget = 0;
  import_fixtures (f, 3);
  write_budget = -1;
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->outcomes->len, ==, 3);
  for (guint i = 0; i < f->outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (f->outcomes, i);

      g_assert_cmpint (tz_import_outcome_get_status (outcome), ==, TZ_IMPORT_FAILED);
      g_assert_nonnull (strstr (tz_import_outcome_get_message (outcome), "full"));
    }
  assert_consistent (f->path);
  g_assert_cmpuint (stats (f->path).n_documents, ==, 2);

  /* Space again: the same work goes through. */
  {
    g_autoptr(TzDocument) document = extract_fixture ("numerals");

    g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
    g_assert_no_error (error);
  }
  import_fixtures (f, 3);
  g_assert_no_error (f->error);
  g_assert_cmpuint (stats (f->path).n_documents, ==, 5);
  g_clear_pointer (&value, g_free);
  value = metric_value (store, id);
  g_assert_cmpstr (value, ==, "4242");
  g_clear_object (&store);
  assert_consistent (f->path);
}

/* Written by a newer Taizhang: refused, by the store and by an import,
 * and not changed by a byte. */
static void
test_newer (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", tz_store_get_n_migrations () + 1);

  make_ledger (f);
  sql (f->path, pragma);
  before = read_bytes (f->path);

  store = tz_store_open (f->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_clear_error (&error);

  import_fixtures (f, 3);
  g_assert_null (f->outcomes);
  g_assert_error (f->error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA);

  assert_unchanged (before, f->path);
}

/* Damaged ledgers are found at open and never written: not an SQLite
 * file, a page overwritten, a file cut short. The window offers to move
 * such a file aside (test-window.c, /taizhang/window/damaged-ledger). */
static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) good = NULL;
  gsize size;

  make_ledger (f);
  {
    g_autoptr(TzStore) store = open_store (f->path, TZ_STORE_OPEN_DEFAULT);
    g_autoptr(GError) error = NULL;
    const char * const more[] = { "layout", "numerals", "regions", "reflow" };

    for (guint i = 0; i < G_N_ELEMENTS (more); i++)
      {
        g_autoptr(TzDocument) document = extract_fixture (more[i]);

        g_assert_cmpint (tz_store_add_document (store, document, &error), >, 0);
      }
  }
  good = read_bytes (f->path);
  size = g_bytes_get_size (good);
  g_assert_cmpuint (size, >, 16 * 4096);

  for (guint c = 0; c < 4; c++)
    {
      g_autofree char *path = g_strdup_printf ("%s/damaged-%u.db", f->dir, c);
      g_autofree char *bytes = g_memdup2 (g_bytes_get_data (good, NULL), size);
      gsize len = size;
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TzStore) store = NULL;

      switch (c)
        {
        case 0: /* not a database at all */
          memset (bytes, 'x', len);
          break;
        case 1: /* a page in the middle overwritten */
          memset (bytes + 5 * 4096, 0x5a, 4096);
          break;
        case 2: /* cut short */
          len = size / 2 + 100;
          break;
        default: /* the header damaged */
          memset (bytes + 16, 0xff, 8);
          break;
        }
      g_assert_true (g_file_set_contents (path, bytes, len, NULL));
      before = read_bytes (path);

      store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
      g_assert_null (store);
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);
      g_test_message ("damage %u: %s", c, error->message);
      g_clear_error (&error);

      store = tz_store_open (path, TZ_STORE_OPEN_READ_ONLY, &error);
      g_assert_null (store);
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);

      assert_unchanged (before, path);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--hold-lock"))
    return hold_lock (argv[2]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
  /* The ledgers' full-text index, for the checks that open them with SQLite. */
  tz_fts_tokenizer_register_everywhere ();
  install_full_vfs ();

#define ADD(name, func) \
  g_test_add ("/taizhang/ledger-faults/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("read-only", test_read_only);
  ADD ("locked", test_locked);
  ADD ("disk-full", test_disk_full);
  ADD ("newer-version", test_newer);
  ADD ("corrupt", test_corrupt);

#undef ADD

  return g_test_run ();
}
