/* test-importer.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tz-core.h"
#include "tz-store-private.h"
#include "tz-test-docs.h"

typedef struct
{
  GCancellable *cancel_after_first;
  char      *dir;
  char      *db;
  GMainLoop *loop;
  GPtrArray *outcomes;
  GError    *error;
  guint      n_signals;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tz-importer-XXXXXX", &error);
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
outcome_cb (TzImporter      *importer,
            TzImportOutcome *outcome,
            Fixture         *f)
{
  f->n_signals++;
  if (f->cancel_after_first != NULL)
    g_cancellable_cancel (f->cancel_after_first);
}

static void
run_import (Fixture      *f,
            GCancellable *cancellable,
            const char   *first,
            ...)
{
  g_autoptr(TzImporter) importer = tz_importer_new (f->db);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (files, g_file_new_for_path (p));
  va_end (args);

  g_clear_pointer (&f->outcomes, g_ptr_array_unref);
  f->n_signals = 0;
  g_signal_connect (importer, "outcome", G_CALLBACK (outcome_cb), f);
  tz_importer_import_async (importer, (GFile **)files->pdata, files->len, cancellable, done_cb, f);
  g_assert_true (tz_importer_get_running (importer));
  g_main_loop_run (f->loop);
  g_assert_false (tz_importer_get_running (importer));
  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_signals, ==, f->outcomes->len);
  g_assert_cmpuint (tz_importer_get_n_done (importer), ==, f->outcomes->len);
  g_assert_cmpuint (tz_importer_get_n_files (importer), ==, f->outcomes->len);
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

/* A folder of reports imports; doing it again adds nothing. */
static void
test_folder_and_duplicates (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *a = copy_fixture (f, "basic.txt", "in/basic.txt");
  g_autofree char *b = copy_fixture (f, "years.txt", "in/sub/years.txt");
  g_autofree char *c = copy_fixture (f, "basic.txt", "in/sub/copy-of-basic.txt");
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  TzStoreStats s;
  guint metrics = 0;

  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, 3);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "basic.txt")), ==, TZ_IMPORT_IMPORTED);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "years.txt")), ==, TZ_IMPORT_IMPORTED);
  /* The same bytes under another name, in the same import. */
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "copy-of-basic.txt")), ==, TZ_IMPORT_DUPLICATE);

  for (guint i = 0; i < f->outcomes->len; i++)
    metrics += tz_import_outcome_get_n_metrics (g_ptr_array_index (f->outcomes, i));
  s = stats (f);
  g_assert_cmpuint (s.n_documents, ==, 2);
  g_assert_cmpuint (s.n_metrics, ==, metrics);

  run_import (f, NULL, folder, NULL);
  for (guint i = 0; i < f->outcomes->len; i++)
    g_assert_cmpint (tz_import_outcome_get_status (g_ptr_array_index (f->outcomes, i)), ==, TZ_IMPORT_DUPLICATE);
  g_assert_cmpuint (stats (f).n_documents, ==, 2);
}

/* Documents get their ids in the order of the walk, however long each
 * takes to extract: a big first report, extracted while the small ones
 * after it finish on the other workers, still comes first. */
static void
test_walk_order (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "fixtures", "basic.txt", NULL);
  g_autofree char *basic = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *big_path = NULL;
  const char *names[] = { "a-big.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt", "h.txt" };
  gint64 last_id = 0;

  g_assert_true (g_file_get_contents (src, &basic, NULL, NULL));
  while (big->len < 4 * 1024 * 1024)
    g_string_append (big, basic);
  big_path = write_file (f, "in/a-big.txt", big->str, big->len);
  for (guint i = 1; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_build_filename ("in", names[i], NULL);
      g_autofree char *text = g_strdup_printf ("第%u号报告\n\n%s", i, basic);
      g_autofree char *path = write_file (f, name, text, -1);
    }

  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      TzImportOutcome *outcome = outcome_for (f, names[i]);
      gint64 id = tz_import_outcome_get_document_id (outcome);

      g_assert_cmpint (tz_import_outcome_get_status (outcome), ==, TZ_IMPORT_IMPORTED);
      g_assert_cmpint (id, >, last_id);
      last_id = id;
    }
}

/* The ids a store lists for every metric, by subject. */
static GArray *
ids_by_subject (TzStore *store)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  tz_filter_set_sort_key (filter, TZ_SORT_SUBJECT);
  ids = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);
  return ids;
}

/* An import leaves the ledger's metrics in the cache by the time it
 * reports its outcomes: the next connection lists them without reading
 * them from SQL, and lists them as SQL does. */
static void
test_leaves_cache (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = copy_fixture (f, "basic.txt", "in/basic.txt");
  g_autofree char *b = copy_fixture (f, "years.txt", "in/years.txt");
  g_autofree char *c = copy_fixture (f, "regions.txt", "in/regions.txt");
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzStore) sql_store = NULL;
  g_autoptr(GArray) cached = NULL;
  g_autoptr(GArray) read = NULL;

  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (stats (f).n_documents, ==, 3);

  store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (tz_store_get_cache_path (store), G_FILE_TEST_IS_REGULAR));
  cached = ids_by_subject (store);
  g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 0);
  g_assert_cmpuint (cached->len, >, 10);

  sql_store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  tz_store_set_metric_table (sql_store, FALSE);
  read = ids_by_subject (sql_store);
  g_assert_cmpuint (read->len, ==, cached->len);
  g_assert_cmpmem (read->data, read->len * sizeof (gint64), cached->data, cached->len * sizeof (gint64));
}

/* Every bad file gets its own outcome and the rest goes on. */
static void
test_bad_inputs (Fixture       *f,
                 gconstpointer  data)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  static const guint8 elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  g_autofree char *good = copy_fixture (f, "numerals.txt", "numerals.txt");
  g_autofree char *empty = write_file (f, "empty.txt", "", 0);
  g_autofree char *image = write_file (f, "scan.txt", png, sizeof png);
  g_autofree char *program = write_file (f, "tool.txt", elf, sizeof elf);
  g_autofree char *word = write_file (f, "report.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
  g_autofree char *missing = g_build_filename (f->dir, "gone.txt", NULL);
  g_autofree char *big = g_build_filename (f->dir, "huge.txt", NULL);
  g_autofree char *html = copy_fixture (f, "html/news.html", "page.html");
  int fd;

  /* A sparse file: over the limit without writing 64 MiB. */
  fd = g_open (big, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (gint64)TZ_MAX_REPORT_SIZE + 1), ==, 0);
  close (fd);

  run_import (f, NULL, good, empty, image, program, word, missing, big, html, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, 8);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "numerals.txt")), ==, TZ_IMPORT_IMPORTED);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "page.html")), ==, TZ_IMPORT_IMPORTED);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "empty.txt")), ==, TZ_IMPORT_EMPTY);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "scan.txt")), ==, TZ_IMPORT_DECODE_ERROR);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "tool.txt")), ==, TZ_IMPORT_DECODE_ERROR);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "report.doc")), ==, TZ_IMPORT_UNSUPPORTED);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "gone.txt")), ==, TZ_IMPORT_UNREADABLE);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "huge.txt")), ==, TZ_IMPORT_TOO_LARGE);

  for (guint i = 0; i < f->outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (f->outcomes, i);
      g_autofree char *line = tz_import_outcome_describe (outcome);

      g_assert_nonnull (strstr (line, tz_import_outcome_get_name (outcome)));
      if (tz_import_outcome_is_failure (outcome))
        g_assert_nonnull (tz_import_outcome_get_message (outcome));
    }

  g_assert_cmpuint (stats (f).n_documents, ==, 2);
}

/* A folder that links to itself is walked once. */
static void
test_symlink_loop (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *a = copy_fixture (f, "basic.txt", "loop/basic.txt");
  g_autofree char *folder = g_build_filename (f->dir, "loop", NULL);
  g_autofree char *link = g_build_filename (folder, "again", NULL);

  g_assert_cmpint (symlink (folder, link), ==, 0);
  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, 1);
  g_assert_cmpint (tz_import_outcome_get_status (g_ptr_array_index (f->outcomes, 0)), ==, TZ_IMPORT_IMPORTED);
}

/* A cancel stops between files: what is in the ledger is whole. */
#define N_MANY 600

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *folder = g_build_filename (f->dir, "many", NULL);
  guint imported = 0, cancelled = 0, metrics = 0;
  TzStoreStats s;

  /* More files than one batch of the importer holds (256), so that the
   * first outcome, which comes when the first batch is committed, comes
   * before the last file is written. */
  for (guint i = 0; i < N_MANY; i++)
    {
      g_autofree char *name = g_strdup_printf ("many/report-%03u.txt", i);
      g_autofree char *text = g_strdup_printf ("第%u号简报\n\n本报讯 通讯员王某报道 某区总工会开展培训%u场,惠及职工%u人次。\n",
                                               i, i + 10, 100 * i + 7);
      g_free (write_file (f, name, text, -1));
    }

  /* Stop as soon as the first file is reported done. */
  f->cancel_after_first = cancellable;
  run_import (f, cancellable, folder, NULL);
  f->cancel_after_first = NULL;
  g_assert_cmpuint (f->outcomes->len, ==, N_MANY);

  for (guint i = 0; i < f->outcomes->len; i++)
    {
      TzImportOutcome *outcome = g_ptr_array_index (f->outcomes, i);

      if (tz_import_outcome_get_status (outcome) == TZ_IMPORT_IMPORTED)
        {
          imported++;
          metrics += tz_import_outcome_get_n_metrics (outcome);
        }
      else
        {
          g_assert_cmpint (tz_import_outcome_get_status (outcome), ==, TZ_IMPORT_CANCELLED);
          cancelled++;
        }
    }
  g_assert_cmpuint (imported, >, 0);
  g_assert_cmpuint (cancelled, >, 0);

  s = stats (f);
  g_assert_cmpuint (s.n_documents, ==, imported);
  g_assert_cmpuint (s.n_metrics, ==, metrics);

  /* The next import picks up the rest. */
  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (stats (f).n_documents, ==, N_MANY);
}

/* SQLite's temporary files, counted by a VFS that passes everything on
 * to the default one. */
static sqlite3_vfs counting_vfs;
static sqlite3_vfs *real_vfs;
static gint n_temp_files;

static int
counting_open (sqlite3_vfs  *vfs,
               const char   *name,
               sqlite3_file *file,
               int           flags,
               int          *out_flags)
{
  if (flags & (SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_TEMP_DB |
               SQLITE_OPEN_TRANSIENT_DB))
    g_atomic_int_inc (&n_temp_files);
  return real_vfs->xOpen (real_vfs, name, file, flags, out_flags);
}

/* From now on, for the connections opened from now on. */
static void
count_temp_files (void)
{
  if (real_vfs == NULL)
    {
      real_vfs = sqlite3_vfs_find (NULL);
      counting_vfs = *real_vfs;
      counting_vfs.zName = "tz-counting";
      counting_vfs.xOpen = counting_open;
      g_assert_cmpint (sqlite3_vfs_register (&counting_vfs, TRUE), ==, SQLITE_OK);
    }
  g_atomic_int_set (&n_temp_files, 0);
}

/* Each document of a batch is a savepoint; what SQLite keeps to roll one
 * back stays in memory instead of going through temporary files (730 of
 * the 1,050 MB an import of 4,000 reports wrote before). */
static void
test_no_temp_files (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const places[] = { "柯桥区", "海门区", "如皋市", "夷陵区", "枝江市", "南湖区" };
  g_autofree char *folder = g_build_filename (f->dir, "reports", NULL);
  guint n = 400;

  /* A new ledger's schema is made by its migrations, one of which drops
   * a table; not an import's doing. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzStore) store = tz_store_open (f->db, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
  }
  count_temp_files ();
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("reports/report-%03u.txt", i);
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint a = 0; a < 4; a++)
        {
          const char *place = places[(i + a) % G_N_ELEMENTS (places)];

          g_string_append_printf (text,
                                  "%s第%u期工作简报之%u\n\n"
                                  "本报讯 %u年,%s总工会开展技能培训%u场,惠及职工%u人次,"
                                  "新增高技能人才%u人,建成职工书屋%u家。\n\n",
                                  place, i, a, 2019 + (i + a) % 6, place, i + a + 3,
                                  100 * i + 7 * a + 1, 20 + a, 3 + i % 7);
        }
      g_free (write_file (f, name, text->str, text->len));
    }

  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, n);
  g_assert_cmpuint (stats (f).n_documents, ==, n);
  g_assert_cmpint (g_atomic_int_get (&n_temp_files), ==, 0);
}

#if defined (HAVE_POPPLER) && defined (HAVE_GSF)
/* A folder with an e-paper PDF and a Word report imports both; the PDF's
 * figures keep their pages in the ledger, and a scanned PDF says what it
 * is. */
static void
test_pdf_and_docx (Fixture       *f,
                   gconstpointer  data)
{
  TzTestPdf *pdf = tz_test_pdf_new ();
  TzTestPdf *scan = tz_test_pdf_new ();
  g_autofree char *paragraphs = tz_test_docx_paragraphs ("镇江市总工会开展职工疗休养活动\n"
                                                         "今年全市共组织一线职工疗休养3600人次。");
  g_autoptr(GBytes) pdf_bytes = NULL;
  g_autoptr(GBytes) scan_bytes = NULL;
  g_autoptr(GBytes) docx_bytes = tz_test_docx_new (paragraphs, NULL);
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint on_page[3] = { 0, };

  tz_test_pdf_add_text (pdf, 50, 50, 495, 18, FALSE, "常州市总工会举办劳动竞赛");
  tz_test_pdf_next_page (pdf);
  tz_test_pdf_add_text (pdf, 50, 50, 495, 10, FALSE,
                        "全市共有42家企业参加竞赛，参赛职工5800人。");
  pdf_bytes = tz_test_pdf_finish (pdf);
  tz_test_pdf_add_rectangle (scan, 50, 50, 495, 700);
  scan_bytes = tz_test_pdf_finish (scan);

  g_mkdir_with_parents (folder, 0700);
  g_free (tz_test_write_file (folder, "epaper.pdf", pdf_bytes));
  g_free (tz_test_write_file (folder, "report.docx", docx_bytes));
  g_free (tz_test_write_file (folder, "scan.pdf", scan_bytes));

  run_import (f, NULL, folder, NULL);
  g_assert_cmpuint (f->outcomes->len, ==, 3);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "epaper.pdf")), ==, TZ_IMPORT_IMPORTED);
  g_assert_cmpuint (tz_import_outcome_get_n_metrics (outcome_for (f, "epaper.pdf")), ==, 2);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "report.docx")), ==, TZ_IMPORT_IMPORTED);
  g_assert_cmpuint (tz_import_outcome_get_n_metrics (outcome_for (f, "report.docx")), ==, 1);
  g_assert_cmpint (tz_import_outcome_get_status (outcome_for (f, "scan.pdf")), ==, TZ_IMPORT_EMPTY);
  message = tz_import_outcome_describe (outcome_for (f, "scan.pdf"));
  g_assert_nonnull (strstr (message, "no text layer (scanned PDF)"));

  store = tz_store_open (f->db, TZ_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  ids = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);
  metrics = tz_store_load_metrics (store, (const gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < metrics->len; i++)
    {
      int page = tz_metric_get_page (g_ptr_array_index (metrics, i));

      g_assert_cmpint (page, <=, 2);
      on_page[page]++;
    }
  /* The Word report has no pages; both PDF figures are on page 2. */
  g_assert_cmpuint (on_page[0], ==, 1);
  g_assert_cmpuint (on_page[1], ==, 0);
  g_assert_cmpuint (on_page[2], ==, 2);
}
#endif

/* A ledger that cannot be opened fails the whole import clearly. */
static void
test_bad_ledger (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *not_a_db = write_file (f, "ledger.db", "this is not a ledger at all, just text", -1);
  g_autofree char *good = copy_fixture (f, "basic.txt", "basic.txt");
  g_autoptr(TzImporter) importer = tz_importer_new (f->db);
  g_autoptr(GFile) file = g_file_new_for_path (good);

  tz_importer_import_async (importer, &file, 1, NULL, done_cb, f);
  g_main_loop_run (f->loop);
  g_assert_null (f->outcomes);
  g_assert_nonnull (f->error);
  g_assert_nonnull (strstr (f->error->message, "ledger.db"));
}

int
main (int   argc,
      char *argv[])
{
  /* The importer keeps metrics in the user's cache. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/taizhang/importer/folder-and-duplicates", Fixture, NULL,
              fixture_set_up, test_folder_and_duplicates, fixture_tear_down);
  g_test_add ("/taizhang/importer/walk-order", Fixture, NULL,
              fixture_set_up, test_walk_order, fixture_tear_down);
  g_test_add ("/taizhang/importer/bad-inputs", Fixture, NULL,
              fixture_set_up, test_bad_inputs, fixture_tear_down);
  g_test_add ("/taizhang/importer/symlink-loop", Fixture, NULL,
              fixture_set_up, test_symlink_loop, fixture_tear_down);
  g_test_add ("/taizhang/importer/cancel", Fixture, NULL,
              fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/taizhang/importer/leaves-cache", Fixture, NULL,
              fixture_set_up, test_leaves_cache, fixture_tear_down);
  g_test_add ("/taizhang/importer/bad-ledger", Fixture, NULL,
              fixture_set_up, test_bad_ledger, fixture_tear_down);
  g_test_add ("/taizhang/importer/no-temp-files", Fixture, NULL,
              fixture_set_up, test_no_temp_files, fixture_tear_down);
#if defined (HAVE_POPPLER) && defined (HAVE_GSF)
  g_test_add ("/taizhang/importer/pdf-and-docx", Fixture, NULL,
              fixture_set_up, test_pdf_and_docx, fixture_tear_down);
#endif

  return g_test_run ();
}
