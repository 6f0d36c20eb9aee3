/* test-store.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include "tz-core.h"
#include "tz-filter.h"
#include "tz-fts-tokenizer.h"
#include "tz-reflow.h"
#include "tz-store.h"
#include "tz-store-private.h"

/* Added out of name order on purpose, so sorting by document name differs
 * from sorting by id. */
static const char * const fixtures[] = {
  "years", "basic", "regions", "numerals", "layout", "reflow",
};

/* ------------------------------------------------------------------------
 * Helpers
 * --------------------------------------------------------------------- */

typedef struct
{
  char    *dir;
  char    *path;
  TzStore *store;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("tz-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "ledger.db", NULL);
  fixture->store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static TzDocument *
extract_fixture (const char *name)
{
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strconcat (name, ".txt", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", file, NULL);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, &error);
  g_autoptr(GBytes) bytes = NULL;
  TzDocument *document;

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (mapped);
  document = tz_extractor_extract_bytes (extractor, file, bytes, &error);
  g_assert_no_error (error);
  tz_document_set_path (document, path);

  return document;
}

static gint64
add_fixture (TzStore    *store,
             const char *name)
{
  g_autoptr(TzDocument) document = extract_fixture (name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = tz_store_add_document (store, document, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
add_all_fixtures (TzStore *store)
{
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    add_fixture (store, fixtures[i]);
}

static GPtrArray *
document_metrics (TzDocument *document)
{
  GPtrArray *metrics = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *articles = tz_document_get_articles (document);

  for (guint a = 0; a < g_list_model_get_n_items (articles); a++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
      GListModel *list = tz_article_get_metrics (article);

      for (guint m = 0; m < g_list_model_get_n_items (list); m++)
        g_ptr_array_add (metrics, g_list_model_get_item (list, m));
    }

  return metrics;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  g_assert_cmpuint (g_bytes_get_size (a), ==, g_bytes_get_size (b));
  g_assert_true (g_bytes_equal (a, b));
}

static void
append_row (GString      *out,
            sqlite3_stmt *stmt)
{
  for (int c = 0; c < sqlite3_column_count (stmt); c++)
    {
      switch (sqlite3_column_type (stmt, c))
        {
        case SQLITE_NULL:
          g_string_append (out, "∅");
          break;

        case SQLITE_BLOB:
          {
            const guchar *blob = sqlite3_column_blob (stmt, c);
            int n = sqlite3_column_bytes (stmt, c);

            for (int i = 0; i < n; i++)
              g_string_append_printf (out, "%02x", blob[i]);
          }
          break;

        default:
          g_string_append (out, (const char *) sqlite3_column_text (stmt, c));
          break;
        }
      g_string_append_c (out, '|');
    }
  g_string_append_c (out, '\n');
}

static void
dump_query (sqlite3    *db,
            const char *sql,
            GString    *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    append_row (out, stmt);
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* Everything a reader of the file can see: schema, version, and every row
 * of every table (FTS shadow tables included). */
static char *
dump_database (const char *path)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  dump_query (db, "PRAGMA user_version", out);
  dump_query (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name", out);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *sql = g_strconcat ("SELECT * FROM \"", (char *) tables->pdata[i], "\"", NULL);

      g_string_append (out, tables->pdata[i]);
      g_string_append (out, ":\n");
      dump_query (db, sql, out);
    }

  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

static char *
schema_of (const char *path)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  dump_query (db, "PRAGMA user_version", out);
  dump_query (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name", out);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static const char *
code_of (TzRegion *region)
{
  return region != NULL ? tz_region_get_code (region) : NULL;
}

static void
assert_regions_equal (TzRegion *a,
                      TzRegion *b)
{
  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  g_assert_cmpstr (tz_region_get_code (a), ==, tz_region_get_code (b));
  g_assert_cmpstr (tz_region_get_name (a), ==, tz_region_get_name (b));
  g_assert_cmpint (tz_region_get_level (a), ==, tz_region_get_level (b));
  g_assert_true (g_strv_equal (tz_region_get_path (a), tz_region_get_path (b)));
  g_assert_true (tz_region_equal (a, b));
}

static void
assert_metrics_equal (TzMetric *a,
                      TzMetric *b)
{
  TzDecimal va, vb;

  tz_metric_get_value (a, &va);
  tz_metric_get_value (b, &vb);

  g_assert_cmpstr (tz_metric_get_text (a), ==, tz_metric_get_text (b));
  g_assert_cmpuint (tz_metric_get_start (a), ==, tz_metric_get_start (b));
  g_assert_cmpuint (tz_metric_get_end (a), ==, tz_metric_get_end (b));
  g_assert_cmpint (va.digits, ==, vb.digits);
  g_assert_cmpuint (va.scale, ==, vb.scale);
  g_assert_cmpstr (tz_metric_get_unit (a), ==, tz_metric_get_unit (b));
  g_assert_cmpint (tz_metric_get_category (a), ==, tz_metric_get_category (b));
  g_assert_cmpint (tz_metric_get_approx (a), ==, tz_metric_get_approx (b));
  g_assert_cmpstr (tz_metric_get_subject (a), ==, tz_metric_get_subject (b));
  assert_regions_equal (tz_metric_get_region (a), tz_metric_get_region (b));
  g_assert_cmpint (tz_metric_get_year (a), ==, tz_metric_get_year (b));
  g_assert_cmpint (tz_metric_get_year_source (a), ==, tz_metric_get_year_source (b));
  g_assert_cmpint (tz_metric_get_target (a), ==, tz_metric_get_target (b));
  g_assert_cmpstr (tz_metric_get_sentence (a), ==, tz_metric_get_sentence (b));
  g_assert_cmpint (tz_metric_get_id (a), ==, tz_metric_get_id (b));
  g_assert_cmpint (tz_metric_get_article_id (a), ==, tz_metric_get_article_id (b));
  g_assert_cmpint (tz_metric_get_document_id (a), ==, tz_metric_get_document_id (b));
  g_assert_cmpint (tz_metric_get_corrected (a), ==, tz_metric_get_corrected (b));
  g_assert_cmpint (tz_metric_get_user_added (a), ==, tz_metric_get_user_added (b));
  g_assert_cmpint (tz_metric_get_page (a), ==, tz_metric_get_page (b));
}

static void
assert_articles_equal (TzArticle *a,
                       TzArticle *b)
{
  const char * const *sa = tz_article_get_subtitles (a);
  const char * const *sb = tz_article_get_subtitles (b);
  GListModel *ma = tz_article_get_metrics (a);
  GListModel *mb = tz_article_get_metrics (b);

  g_assert_cmpint (tz_article_get_id (a), ==, tz_article_get_id (b));
  g_assert_cmpint (tz_article_get_document_id (a), ==, tz_article_get_document_id (b));
  g_assert_cmpstr (tz_article_get_title (a), ==, tz_article_get_title (b));
  g_assert_true ((sa == NULL) == (sb == NULL));
  if (sa != NULL)
    g_assert_true (g_strv_equal (sa, sb));
  g_assert_cmpstr (tz_article_get_column (a), ==, tz_article_get_column (b));
  g_assert_cmpstr (tz_article_get_byline (a), ==, tz_article_get_byline (b));
  g_assert_cmpstr (tz_article_get_source (a), ==, tz_article_get_source (b));
  g_assert_cmpstr (tz_article_get_author (a), ==, tz_article_get_author (b));
  assert_regions_equal (tz_article_get_region (a), tz_article_get_region (b));
  g_assert_cmpint (tz_article_get_year (a), ==, tz_article_get_year (b));
  g_assert_cmpuint (tz_article_get_start (a), ==, tz_article_get_start (b));
  g_assert_cmpuint (tz_article_get_end (a), ==, tz_article_get_end (b));

  g_assert_cmpuint (g_list_model_get_n_items (ma), ==, g_list_model_get_n_items (mb));
  for (guint i = 0; i < g_list_model_get_n_items (ma); i++)
    {
      g_autoptr(TzMetric) x = g_list_model_get_item (ma, i);
      g_autoptr(TzMetric) y = g_list_model_get_item (mb, i);

      assert_metrics_equal (x, y);
    }
}

static void
assert_documents_equal (TzDocument *a,
                        TzDocument *b)
{
  GListModel *aa = tz_document_get_articles (a);
  GListModel *ab = tz_document_get_articles (b);

  g_assert_cmpint (tz_document_get_id (a), ==, tz_document_get_id (b));
  g_assert_cmpstr (tz_document_get_name (a), ==, tz_document_get_name (b));
  g_assert_cmpstr (tz_document_get_path (a), ==, tz_document_get_path (b));
  g_assert_cmpstr (tz_document_get_sha256 (a), ==, tz_document_get_sha256 (b));
  g_assert_cmpstr (tz_document_get_encoding (a), ==, tz_document_get_encoding (b));
  g_assert_cmpuint (tz_document_get_size (a), ==, tz_document_get_size (b));
  g_assert_cmpstr (tz_document_get_date (a), ==, tz_document_get_date (b));
  g_assert_cmpstr (tz_document_get_text (a), ==, tz_document_get_text (b));
  g_assert_cmpint (tz_document_get_imported_at (a), ==, tz_document_get_imported_at (b));
  g_assert_cmpint (tz_document_get_extractor_version (a), ==, tz_document_get_extractor_version (b));

  g_assert_cmpuint (g_list_model_get_n_items (aa), ==, g_list_model_get_n_items (ab));
  for (guint i = 0; i < g_list_model_get_n_items (aa); i++)
    {
      g_autoptr(TzArticle) x = g_list_model_get_item (aa, i);
      g_autoptr(TzArticle) y = g_list_model_get_item (ab, i);

      assert_articles_equal (x, y);
    }
}

static void
assert_ids_equal (GArray *a,
                  GArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpint (g_array_index (a, gint64, i), ==, g_array_index (b, gint64, i));
}

/* A figure as a line of text, ids left out, to compare ledgers' states. */
static char *
describe_metric (TzMetric *metric)
{
  TzDecimal value;
  g_autofree char *v = NULL;

  tz_metric_get_value (metric, &value);
  v = tz_decimal_to_string (&value);

  return g_strdup_printf ("%u-%u %s=%s %s c%d a%d [%s] @%s y%d/%d t%d corrected=%d user=%d",
                          tz_metric_get_start (metric), tz_metric_get_end (metric),
                          tz_metric_get_text (metric), v, tz_metric_get_unit (metric),
                          tz_metric_get_category (metric), tz_metric_get_approx (metric),
                          tz_metric_get_subject (metric),
                          code_of (tz_metric_get_region (metric)),
                          tz_metric_get_year (metric), tz_metric_get_year_source (metric),
                          tz_metric_get_target (metric), tz_metric_get_corrected (metric),
                          tz_metric_get_user_added (metric));
}

static GPtrArray *
describe_document (TzStore *store,
                   gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = tz_store_load_document (store, id, TRUE, &error);
  g_autoptr(GPtrArray) metrics = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  metrics = document_metrics (document);
  for (guint i = 0; i < metrics->len; i++)
    g_ptr_array_add (lines, describe_metric (metrics->pdata[i]));

  return lines;
}

static void
assert_lines_equal (GPtrArray *a,
                    GPtrArray *b)
{
  for (guint i = 0; i < MIN (a->len, b->len); i++)
    g_assert_cmpstr (a->pdata[i], ==, b->pdata[i]);
  g_assert_cmpuint (a->len, ==, b->len);
}

static TzMetric *
load_metric (TzStore *store,
             gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = tz_store_load_metrics (store, &id, 1, &error);

  g_assert_no_error (error);
  if (metrics->len == 0)
    return NULL;
  return g_object_ref (metrics->pdata[0]);
}

static GArray *
query_ids (TzStore  *store,
           TzFilter *filter)
{
  g_autoptr(GError) error = NULL;
  GArray *ids = tz_store_query_metric_ids (store, filter, &error);

  g_assert_no_error (error);
  return ids;
}

static GArray *
all_metric_ids (TzStore *store)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();

  return query_ids (store, filter);
}

static guint
char_offset_of (const char *text,
                const char *needle)
{
  const char *p = strstr (text, needle);

  g_assert_nonnull (p);
  return (guint) g_utf8_pointer_to_offset (text, p);
}

/* ------------------------------------------------------------------------
 * Opening, schema, files
 * --------------------------------------------------------------------- */

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  TzStoreStats stats;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (tz_store_get_schema_version (fixture->store), ==, tz_store_get_n_migrations ());
  g_assert_false (tz_store_is_read_only (fixture->store));
  g_assert_cmpstr (tz_store_get_path (fixture->store), ==, fixture->path);
  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_documents, ==, 0);
  g_assert_cmpint (stats.schema_version, ==, tz_store_get_n_migrations ());
  g_assert_cmpuint (stats.file_bytes, >, 0);

  /* WAL is a property of the file, seen by every connection. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* Opening again changes nothing. */
  dump = dump_database (fixture->path);
  g_clear_object (&fixture->store);
  fixture->store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autofree char *again = dump_database (fixture->path);
    g_assert_cmpstr (dump, ==, again);
  }
}

static void
test_default_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "taizhang", "ledger.db", NULL);
  g_autofree char *path = tz_store_default_path ();
  g_autofree char *dir = NULL;
  GStatBuf st;

  g_assert_cmpstr (path, ==, expected);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  store = tz_store_open (NULL, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tz_store_get_path (store), ==, expected);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_migration_empty_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autoptr(TzStore) store = NULL;

  /* An empty file is an SQLite database at version 0. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tz_store_get_schema_version (store), ==, tz_store_get_n_migrations ());
  add_fixture (store, "basic");

  g_clear_object (&store);
  remove_tree (dir);
}

/* From every version a ledger could be left at, the migrations lead to the
 * same schema as a new ledger. */
static void
test_migration_every_version (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.db", NULL);
  g_autofree char *fresh_schema = NULL;
  guint n = tz_store_get_n_migrations ();

  g_assert_cmpuint (n, >=, 1);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzStore) store = tz_store_open (fresh_path, TZ_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
  }
  fresh_schema = schema_of (fresh_path);

  for (guint version = 0; version < n; version++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TzStore) store = NULL;
      g_autofree char *name = g_strdup_printf ("v%u.db", version);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *schema = NULL;

      /* Build the old ledger the way the old code did. */
      exec_sql (path, "PRAGMA journal_mode = WAL");
      for (guint i = 0; i < version; i++)
        {
          g_autofree char *script = g_strconcat ("BEGIN;", tz_store_get_migration (i), "COMMIT;", NULL);

          exec_sql (path, script);
        }

      store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tz_store_get_schema_version (store), ==, n);
      add_fixture (store, "basic");
      g_clear_object (&store);

      schema = schema_of (path);
      g_assert_cmpstr (schema, ==, fresh_schema);
    }

  remove_tree (dir);
}

/* A ledger of schema 1 with a document in it opens, migrates and reads as
 * before: its figures have no page, and new ones from pages get theirs. */
/* A ledger of schema 3 opens read-only as it is (schema 4 only adds the
 * metrics cache's key, 5 a new full-text index), and answers, searches
 * included, from its trigram index; one older than that must be updated
 * first, which needs write access. */
static void
test_migration_read_only (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
  g_autofree char *v3 = g_build_filename (dir, "v3.db", NULL);
  g_autofree char *v2 = g_build_filename (dir, "v2.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpuint (tz_store_get_n_migrations (), ==, 5);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *script = g_strconcat ("BEGIN;", tz_store_get_migration (i), "COMMIT;", NULL);

      exec_sql (v3, script);
      if (i < 2)
        exec_sql (v2, script);
    }
  /* Records written the way that version did (no ledger_state). */
  exec_sql (v3, "INSERT INTO documents (sha256, name, imported_at, extractor_version, text_bytes, text)"
                " VALUES ('00', 'old.txt', 0, 1, 9, '职工9人');"
                "INSERT INTO articles (document_id, ordinal, start, end) VALUES (1, 0, 0, 4);"
                "INSERT INTO metrics (document_id, article_id, ordinal, text, start, end, value,"
                " value_num, unit, category, approx, year_source, target)"
                " VALUES (1, 1, 0, '9人', 2, 4, '9', 9, '人', 0, 0, 0, 0);"
                "INSERT INTO article_fts (rowid, title, body) VALUES (1, NULL, '职工9人');");
  before = dump_database (v3);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzStore) store = tz_store_open (v3, TZ_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (tz_store_get_schema_version (store), ==, 3);
    ids = tz_store_query_metric_ids (store, filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 1);
    /* Three characters from the trigrams, fewer from the text. */
    for (guint i = 0; i < 4; i++)
      {
        static const char * const words[] = { "职工9", "工9人", "职工", "职工 9人" };

        tz_filter_set_search (filter, words[i]);
        g_clear_pointer (&ids, g_array_unref);
        ids = tz_store_query_article_ids (store, filter, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (ids->len, ==, 1);
      }
    tz_filter_set_search (filter, NULL);
    tz_store_save_cache (store, TRUE);
    g_assert_false (g_file_test (tz_store_get_cache_path (store), G_FILE_TEST_EXISTS));
  }
  after = dump_database (v3);
  g_assert_cmpstr (before, ==, after);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzStore) store = tz_store_open (v2, TZ_STORE_OPEN_READ_ONLY, &error);

    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
    g_assert_null (store);
  }

  remove_tree (dir);
}

static void
assert_fts_whole (const char *path)
{
  exec_sql (path, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')");
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* A ledger of schema 4 gets a bigram index of all its articles at its
 * first open with write access: none pending after it, and words of two
 * characters found by the index alone. */
static void
test_migration_bigram_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v4.db", NULL);
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *script = g_strconcat ("BEGIN;", tz_store_get_migration (i), "COMMIT;", NULL);

      exec_sql (path, script);
    }
  exec_sql (path, "INSERT INTO documents (sha256, name, imported_at, extractor_version, text_bytes, text)"
                  " VALUES ('00', 'old.txt', 0, 1, 33, '全市职工书屋9家。劳模工匠');"
                  "INSERT INTO articles (document_id, ordinal, start, end) VALUES (1, 0, 0, 9);"
                  "INSERT INTO articles (document_id, ordinal, start, end) VALUES (1, 1, 9, 13);"
                  "INSERT INTO article_fts (rowid, title, body) VALUES (1, NULL, '全市职工书屋9家。');"
                  "INSERT INTO article_fts (rowid, title, body) VALUES (2, NULL, '劳模工匠');");
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM article_fts WHERE article_fts MATCH '\"职工书\"'"), ==, 1);

  store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tz_store_get_schema_version (store), ==, 5);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM fts_pending"), ==, 0);
  g_assert_cmpint (sql_int (path, "SELECT rowid FROM article_fts WHERE article_fts MATCH '\"职工\"'"), ==, 1);
  g_assert_cmpint (sql_int (path, "SELECT rowid FROM article_fts WHERE article_fts MATCH '\"工匠\"'"), ==, 2);
  g_assert_cmpint (sql_int (path, "SELECT count(*) FROM article_fts WHERE article_fts MATCH '\"家劳\"'"), ==, 0);
  assert_fts_whole (path);

  tz_filter_set_search (filter, "书屋");
  ids = tz_store_query_article_ids (store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, 1);

  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_migration_keeps_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
  g_autofree char *script = g_strconcat ("BEGIN;", tz_store_get_migration (0), "COMMIT;", NULL);
  g_autoptr(TzStore) store = NULL;
  g_autoptr(TzDocument) old = NULL;
  g_autoptr(TzArticle) article = NULL;
  g_autoptr(TzMetric) metric = NULL;
  GListModel *articles;
  guint n_pages;

  exec_sql (path, script);
  exec_sql (path,
            "INSERT INTO documents (id, sha256, name, imported_at, extractor_version,"
            " text_bytes, text) VALUES (1, 'abc', 'old.txt', 1700000000, 1, 27,"
            " '全市新增会员500人。');"
            "INSERT INTO articles (id, document_id, ordinal, title, start, end)"
            " VALUES (1, 1, 0, '会员', 0, 10);"
            "INSERT INTO metrics (document_id, article_id, ordinal, text, start, end,"
            " value, value_num, unit, category, approx, year_source, target)"
            " VALUES (1, 1, 0, '500人', 4, 8, '500', 500, '人', 0, 0, 0, 0);");

  store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tz_store_get_schema_version (store), ==, (int) tz_store_get_n_migrations ());

  old = tz_store_load_document (store, 1, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tz_document_get_text (old), ==, "全市新增会员500人。");
  g_assert_null (tz_document_get_page_starts (old, &n_pages));
  g_assert_cmpuint (n_pages, ==, 0);
  articles = tz_document_get_articles (old);
  g_assert_cmpuint (g_list_model_get_n_items (articles), ==, 1);
  article = g_list_model_get_item (articles, 0);
  metric = g_list_model_get_item (tz_article_get_metrics (article), 0);
  g_assert_cmpstr (tz_metric_get_text (metric), ==, "500人");
  g_assert_cmpint (tz_metric_get_page (metric), ==, 0);

  add_fixture (store, "basic");
  g_clear_object (&store);
  remove_tree (dir);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(TzStore) store = NULL;
  g_autofree char *newer = g_strdup_printf ("%u", tz_store_get_n_migrations () + 1);
  g_autofree char *sql = g_strconcat ("PRAGMA user_version = ", newer, NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *display = g_filename_display_name (fixture->path);

  add_fixture (fixture->store, "basic");
  g_clear_object (&fixture->store);
  exec_sql (fixture->path, sql);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = read_bytes (fixture->path);

  store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, display));
  g_clear_error (&error);

  store = tz_store_open (fixture->path, TZ_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NEWER_SCHEMA);
  g_assert_null (store);

  after = read_bytes (fixture->path);
  assert_bytes_equal (before, after);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *garbage_path = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *damaged_path = g_build_filename (fixture->dir, "damaged.db", NULL);
  g_autofree char *display = g_filename_display_name (garbage_path);
  const char *garbage = "这不是数据库。This is not a database, only some text that is long enough.";

  /* Not SQLite at all. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(TzStore) store = NULL;

    g_file_set_contents (garbage_path, garbage, -1, &error);
    g_assert_no_error (error);
    before = read_bytes (garbage_path);

    store = tz_store_open (garbage_path, TZ_STORE_OPEN_DEFAULT, &error);
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, display));
    g_assert_null (store);
    g_clear_error (&error);

    store = tz_store_open (garbage_path, TZ_STORE_OPEN_READ_ONLY, &error);
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);

    after = read_bytes (garbage_path);
    assert_bytes_equal (before, after);
  }

  /* A ledger whose pages were overwritten after the first. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;
    g_autoptr(GBytes) good = NULL;
    g_autoptr(TzStore) store = NULL;
    g_autofree char *damaged = NULL;
    gsize size;

    add_all_fixtures (fixture->store);
    g_clear_object (&fixture->store);
    good = read_bytes (fixture->path);
    size = g_bytes_get_size (good);
    g_assert_cmpuint (size, >, 8 * 4096);

    damaged = g_memdup2 (g_bytes_get_data (good, NULL), size);
    for (gsize i = 2 * 4096; i < size; i++)
      damaged[i] = (char) (i * 7919 % 251);
    g_file_set_contents (damaged_path, damaged, size, &error);
    g_assert_no_error (error);
    before = read_bytes (damaged_path);

    store = tz_store_open (damaged_path, TZ_STORE_OPEN_DEFAULT, &error);
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT);
    g_assert_null (store);

    after = read_bytes (damaged_path);
    assert_bytes_equal (before, after);
  }
}

/* Run as a user who cannot write the ledger: as root, that means dropping
 * to nobody in a child process. */
static void
test_read_only (void)
{
  if (g_test_subprocess ())
    {
      const char *path = g_getenv ("TZ_TEST_LEDGER");
      g_autoptr(GError) error = NULL;
      g_autoptr(TzStore) store = NULL;
      g_autoptr(TzDocument) document = NULL;
      g_autoptr(TzFilter) filter = tz_filter_new ();
      g_autoptr(GArray) ids = NULL;
      g_autofree char *display = g_filename_display_name (path);

      if (getuid () == 0)
        {
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }

      store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
      g_assert_nonnull (strstr (error->message, display));
      g_assert_null (store);
      g_clear_error (&error);

      store = tz_store_open (path, TZ_STORE_OPEN_READ_ONLY, &error);
      g_assert_no_error (error);
      g_assert_true (tz_store_is_read_only (store));

      ids = query_ids (store, filter);
      g_assert_cmpuint (ids->len, >, 0);
      {
        g_autoptr(TzMetric) metric = load_metric (store, g_array_index (ids, gint64, 0));

        g_assert_nonnull (metric);
      }

      g_assert_false (tz_store_correct_metric (store, g_array_index (ids, gint64, 0),
                                               TZ_FIELD_VALUE, "1", &error));
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
      g_clear_error (&error);

      document = extract_fixture ("layout");
      g_assert_cmpint (tz_store_add_document (store, document, &error), ==, 0);
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_READ_ONLY);
      return;
    }

  {
    g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) before = NULL;
    g_autoptr(GBytes) after = NULL;

    {
      g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      add_fixture (store, "basic");
    }
    before = read_bytes (path);
    g_assert_cmpint (g_chmod (path, 0444), ==, 0);
    g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

    g_setenv ("TZ_TEST_LEDGER", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();

    after = read_bytes (path);
    assert_bytes_equal (before, after);

    g_chmod (dir, 0700);
    g_chmod (path, 0600);
    remove_tree (dir);
  }
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = extract_fixture ("basic");
  g_autofree char *display = g_filename_display_name (fixture->path);
  sqlite3 *other = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  tz_store_set_busy_timeout (fixture->store, 20);
  g_assert_cmpint (tz_store_add_document (fixture->store, document, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, display));
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  g_assert_cmpint (tz_store_add_document (fixture->store, document, &error), >, 0);
  g_assert_no_error (error);
}

static gpointer
touch_store_from_thread (gpointer data)
{
  g_autoptr(GArray) ids = tz_store_query_document_ids (data, NULL);

  return NULL;
}

/* The check behind "one store, one thread" really fires. The child aborts,
 * so the parent owns the files. */
static void
test_thread_check (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TzStore) store = tz_store_open (g_getenv ("TZ_TEST_LEDGER"), TZ_STORE_OPEN_DEFAULT, &error);
      GThread *thread;

      g_assert_no_error (error);
      thread = g_thread_new ("intruder", touch_store_from_thread, store);
      g_thread_join (thread);
      return;
    }

  {
    g_autofree char *dir = g_dir_make_tmp ("tz-store-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "ledger.db", NULL);

    g_setenv ("TZ_TEST_LEDGER", path, TRUE);
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed ();
    g_test_trap_assert_stderr ("*thread*");
    remove_tree (dir);
  }
}

/* ------------------------------------------------------------------------
 * Documents
 * --------------------------------------------------------------------- */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint f = 0; f < G_N_ELEMENTS (fixtures); f++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TzDocument) document = extract_fixture (fixtures[f]);
      g_autoptr(TzDocument) loaded = NULL;
      g_autoptr(GPtrArray) metrics = NULL;
      g_autoptr(GPtrArray) loaded_metrics = NULL;
      g_autoptr(GArray) metric_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) article_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GPtrArray) loaded_articles = NULL;
      GListModel *articles;
      gint64 id;

      tz_document_set_date (document, f % 2 ? "2024-05-01" : NULL);
      /* Extracted figures are stored whether or not they were made
       * objects first (tz-article-private.h): here the first article's
       * are, the others' are not. */
      if (f % 2 && tz_document_get_n_articles (document) > 0)
        {
          g_autoptr(TzArticle) first = g_list_model_get_item (tz_document_get_articles (document), 0);
          guint n;

          tz_article_peek_metrics (first, &n);
        }
      /* Subtitles are stored as JSON: what it escapes comes back. */
      if (f == 0)
        {
          static const char * const subtitles[] = {
            "“引号”与\"引号\"、反斜杠\\", "换行\n回车\r制表\t控制\x01\x1f", "", NULL
          };
          g_autoptr(TzArticle) first = g_list_model_get_item (tz_document_get_articles (document), 0);

          tz_article_set_subtitles (first, subtitles);
        }
      id = tz_store_add_document (fixture->store, document, &error);
      g_assert_no_error (error);
      g_assert_cmpint (id, ==, tz_document_get_id (document));
      g_assert_cmpint (tz_document_get_imported_at (document), >, 0);
      g_assert_cmpint (tz_document_get_extractor_version (document), ==, TZ_EXTRACTOR_VERSION);

      loaded = tz_store_load_document (fixture->store, id, TRUE, &error);
      g_assert_no_error (error);
      assert_documents_equal (document, loaded);

      /* By ids, in the order asked (reversed here). */
      metrics = document_metrics (document);
      g_assert_cmpuint (metrics->len, >, 0);
      for (guint i = metrics->len; i > 0; i--)
        {
          gint64 mid = tz_metric_get_id (metrics->pdata[i - 1]);

          g_assert_cmpint (mid, >, 0);
          g_array_append_val (metric_ids, mid);
        }
      loaded_metrics = tz_store_load_metrics (fixture->store, (gint64 *) (gpointer) metric_ids->data,
                                              metric_ids->len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loaded_metrics->len, ==, metrics->len);
      for (guint i = 0; i < metrics->len; i++)
        assert_metrics_equal (metrics->pdata[metrics->len - 1 - i], loaded_metrics->pdata[i]);

      articles = tz_document_get_articles (document);
      for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
        {
          g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);
          gint64 aid = tz_article_get_id (article);

          g_array_append_val (article_ids, aid);
        }
      loaded_articles = tz_store_load_articles (fixture->store, (gint64 *) (gpointer) article_ids->data,
                                                article_ids->len, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loaded_articles->len, ==, article_ids->len);
      for (guint i = 0; i < article_ids->len; i++)
        {
          g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);

          assert_articles_equal (article, loaded_articles->pdata[i]);
        }
    }

  /* Without articles, and for ids that are not there. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzDocument) bare = NULL;
    g_autoptr(GPtrArray) none = NULL;
    gint64 missing = 999999;

    bare = tz_store_load_document (fixture->store, 1, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tz_document_get_n_articles (bare), ==, 0);
    g_assert_nonnull (tz_document_get_text (bare));

    g_assert_null (tz_store_load_document (fixture->store, missing, TRUE, &error));
    g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);

    none = tz_store_load_metrics (fixture->store, &missing, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) again = extract_fixture ("basic");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;
  gint64 found = 0;

  id = add_fixture (fixture->store, "basic");
  g_assert_true (tz_store_has_document (fixture->store, tz_document_get_sha256 (again), &found));
  g_assert_cmpint (found, ==, id);
  g_assert_false (tz_store_has_document (fixture->store, "0000", NULL));

  before = dump_database (fixture->path);
  g_assert_cmpint (tz_store_add_document (fixture->store, again, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "basic.txt"));
  g_assert_cmpint (tz_document_get_id (again), ==, 0);

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

/* Fail each statement of an import in turn: every time, the ledger is
 * exactly as it was. */
static void
test_atomic_add (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TzDocument) document = NULL;
  gint64 basic_id;
  int n;

  /* A ledger with content and with corrections waiting for "basic", so the
   * import also runs their application. */
  add_fixture (fixture->store, "layout");
  basic_id = add_fixture (fixture->store, "basic");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) basic = NULL;

    tz_filter_set_document_id (filter, basic_id);
    basic = query_ids (fixture->store, filter);
    g_assert_true (tz_store_correct_metric (fixture->store, g_array_index (basic, gint64, 0),
                                            TZ_FIELD_VALUE, "53", &error));
    g_assert_true (tz_store_set_not_metric (fixture->store, g_array_index (basic, gint64, 1),
                                            TRUE, &error));
    g_assert_true (tz_store_delete_document (fixture->store, basic_id, &error));
    g_assert_no_error (error);
  }

  /* Checkpoint so the main file holds everything committed. */
  exec_sql (fixture->path, "PRAGMA wal_checkpoint(TRUNCATE)");

  document = extract_fixture ("basic");
  for (n = 0; ; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes_before = read_bytes (fixture->path);
      g_autoptr(GBytes) bytes_after = NULL;
      g_autofree char *before = dump_database (fixture->path);
      g_autofree char *after = NULL;
      gint64 id;

      tz_store_set_fail_after_statements (fixture->store, n);
      id = tz_store_add_document (fixture->store, document, &error);
      tz_store_set_fail_after_statements (fixture->store, -1);
      if (id > 0)
        {
          g_assert_no_error (error);
          break;
        }

      g_assert_nonnull (error);
      g_assert_cmpint (tz_document_get_id (document), ==, 0);
      after = dump_database (fixture->path);
      g_assert_cmpstr (before, ==, after);
      bytes_after = read_bytes (fixture->path);
      assert_bytes_equal (bytes_before, bytes_after);
    }

  /* Every statement of the import was tried: document, 3 articles, the
   * 20 metrics (16 rows to a statement, then 4), the index, the
   * corrections and the commit. */
  g_assert_cmpint (n, >, 8);
  g_test_message ("import failed cleanly at each of its %d statements", n);

  {
    g_autoptr(GPtrArray) lines = describe_document (fixture->store, tz_document_get_id (document));

    g_assert_nonnull (strstr (lines->pdata[0], "=53 "));
    g_assert_cmpuint (lines->len, ==, 19);
  }
}

/* The ledger as a reader sees it, but for the time of each import, the
 * count of its commits and its random id. */
static char *
dump_without_times (const char *path)
{
  exec_sql (path, "UPDATE documents SET imported_at = 0; UPDATE ledger_state SET generation = 0, ledger_id = 0");
  return dump_database (path);
}

static TzStore *
open_deferring (const char *path)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  tz_store_set_defer_indexing (store, TRUE);
  return store;
}

/* In a batch, a document that fails at any of its statements is rolled
 * back alone: the others of the batch are committed as if each had been
 * added on its own, ids included. */
static void
test_batch (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(TzDocument) layout = extract_fixture ("layout");
  g_autoptr(TzDocument) basic = extract_fixture ("basic");
  g_autoptr(TzDocument) years = extract_fixture ("years");
  g_autofree char *reference_path = g_build_filename (fixture->dir, "reference.db", NULL);
  g_autofree char *reference = NULL;
  int n;

  {
    g_autoptr(TzStore) store = open_deferring (reference_path);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (tz_store_add_document (store, layout, &error), >, 0);
    g_assert_cmpint (tz_store_add_document (store, years, &error), >, 0);
    g_assert_no_error (error);
  }
  reference = dump_without_times (reference_path);

  for (n = 0; ; n++)
    {
      g_autofree char *name = g_strdup_printf ("batch-%d.db", n);
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_autoptr(TzStore) store = open_deferring (path);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) failure = NULL;
      g_autofree char *dump = NULL;
      gint64 id;

      g_assert_true (tz_store_begin_batch (store, &error));
      g_assert_cmpint (tz_store_add_document (store, layout, &error), >, 0);
      tz_store_set_fail_after_statements (store, n);
      id = tz_store_add_document (store, basic, &failure);
      tz_store_set_fail_after_statements (store, -1);
      g_assert_cmpint (tz_store_add_document (store, years, &error), >, 0);
      g_assert_true (tz_store_commit_batch (store, &error));
      g_assert_no_error (error);
      if (id > 0)
        break;

      g_assert_nonnull (failure);
      g_clear_object (&store);
      dump = dump_without_times (path);
      g_assert_cmpstr (dump, ==, reference);
    }
  g_assert_cmpint (n, >, 8); /* document, articles, figures (many to a statement) */
  g_test_message ("a batch kept its other documents at each of %d failures", n);

  /* The full-text rows written in a batch agree with the documents. */
  {
    g_autoptr(TzStore) store = open_deferring (reference_path);
    g_autoptr(GError) error = NULL;

    g_assert_true (tz_store_begin_batch (store, &error));
    g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
    g_assert_true (tz_store_commit_batch (store, &error));
    g_assert_no_error (error);
  }
  exec_sql (reference_path, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')");
}

/* An aborted batch leaves the ledger as it was. */
static void
test_batch_abort (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TzDocument) basic = extract_fixture ("basic");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_fixture (fixture->store, "layout");
  exec_sql (fixture->path, "PRAGMA wal_checkpoint(TRUNCATE)");
  before = dump_database (fixture->path);

  g_assert_true (tz_store_begin_batch (fixture->store, &error));
  g_assert_cmpint (tz_store_add_document (fixture->store, basic, &error), >, 0);
  tz_store_abort_batch (fixture->store);
  g_assert_no_error (error);

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (tz_store_has_document (fixture->store, tz_document_get_sha256 (basic), NULL));
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) documents = NULL;
  gint64 basic_id, layout_id;
  TzStoreStats stats;

  basic_id = add_fixture (fixture->store, "basic");
  layout_id = add_fixture (fixture->store, "layout");

  tz_filter_set_search (filter, "武进");
  ids = tz_store_query_article_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (tz_store_delete_document (fixture->store, basic_id, &error));
  g_assert_no_error (error);

  ids = tz_store_query_article_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  documents = tz_store_query_document_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (documents->len, ==, 1);
  g_assert_cmpint (g_array_index (documents, gint64, 0), ==, layout_id);

  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpuint (stats.n_documents, ==, 1);
  g_assert_cmpuint (stats.n_articles, ==, 3);
  g_assert_cmpuint (stats.n_metrics, ==, 8);

  g_assert_false (tz_store_delete_document (fixture->store, basic_id, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The full-text index stays consistent with its content. */
  exec_sql (fixture->path, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')");
}

/* An import's connection adds rows without checking their foreign keys;
 * replacing an extraction or deleting a document still cascades. */
static void
test_tuned_for_import (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char orphans[] = "SELECT count(*) FROM pragma_foreign_key_check";
  g_autoptr(TzDocument) again = extract_fixture ("layout");
  g_autoptr(GError) error = NULL;
  gint64 basic_id, layout_id;

  g_assert_true (tz_store_tune_for_import (fixture->store, &error));
  g_assert_no_error (error);
  basic_id = add_fixture (fixture->store, "basic");
  layout_id = add_fixture (fixture->store, "layout");
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM metrics"), >, 8);
  g_assert_cmpint (sql_int (fixture->path, orphans), ==, 0);

  g_assert_true (tz_store_replace_extraction (fixture->store, layout_id, again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, orphans), ==, 0);

  g_assert_true (tz_store_delete_document (fixture->store, basic_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, orphans), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM metrics"), ==, 8);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM articles"), ==, 3);

  /* Added after the cascades are back on, and checked again. */
  add_fixture (fixture->store, "years");
  g_assert_cmpint (sql_int (fixture->path, orphans), ==, 0);
}

/* ------------------------------------------------------------------------
 * Full text
 * --------------------------------------------------------------------- */

typedef struct
{
  gint64  id;
  gint64  document_id;
  char   *title;
  char   *body;
} ArticleText;

static void
article_text_clear (gpointer data)
{
  ArticleText *a = data;

  g_free (a->title);
  g_free (a->body);
}

/* What the ledger holds, loaded through the plain API, for checking its
 * queries in C. */
typedef struct
{
  GPtrArray  *metrics;   /* every visible metric, text order */
  GArray     *articles;  /* ArticleText, text order */
  GHashTable *names;     /* document id → name */
  GHashTable *imported;  /* document id → imported-at */
} Snapshot;

static void
snapshot_free (Snapshot *snap)
{
  g_ptr_array_unref (snap->metrics);
  g_array_unref (snap->articles);
  g_hash_table_unref (snap->names);
  g_hash_table_unref (snap->imported);
  g_free (snap);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
take_snapshot (TzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) documents = tz_store_query_document_ids (store, &error);
  Snapshot *snap = g_new0 (Snapshot, 1);

  g_assert_no_error (error);
  snap->metrics = g_ptr_array_new_with_free_func (g_object_unref);
  snap->articles = g_array_new (FALSE, TRUE, sizeof (ArticleText));
  g_array_set_clear_func (snap->articles, article_text_clear);
  snap->names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  snap->imported = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (guint d = 0; d < documents->len; d++)
    {
      g_autoptr(TzDocument) document = tz_store_load_document (store, g_array_index (documents, gint64, d),
                                                               TRUE, &error);
      g_autoptr(GPtrArray) metrics = NULL;
      GListModel *articles;
      const char *text;

      g_assert_no_error (error);
      g_hash_table_insert (snap->names, g_memdup2 (&g_array_index (documents, gint64, d), sizeof (gint64)),
                           g_strdup (tz_document_get_name (document)));
      g_hash_table_insert (snap->imported, g_memdup2 (&g_array_index (documents, gint64, d), sizeof (gint64)),
                           g_memdup2 (&(gint64) { tz_document_get_imported_at (document) }, sizeof (gint64)));

      text = tz_document_get_text (document);
      articles = tz_document_get_articles (document);
      for (guint a = 0; a < g_list_model_get_n_items (articles); a++)
        {
          g_autoptr(TzArticle) article = g_list_model_get_item (articles, a);
          const char *start = g_utf8_offset_to_pointer (text, tz_article_get_start (article));
          const char *end = g_utf8_offset_to_pointer (text, tz_article_get_end (article));
          ArticleText at = {
            tz_article_get_id (article),
            tz_article_get_document_id (article),
            g_strdup (tz_article_get_title (article)),
            g_strndup (start, end - start),
          };

          g_array_append_val (snap->articles, at);
        }

      /* Text order is (document, start, id); a document lists its
       * articles, and each article its metrics, in that order. */
      metrics = document_metrics (document);
      for (guint i = 0; i < metrics->len; i++)
        g_ptr_array_add (snap->metrics, g_object_ref (metrics->pdata[i]));
    }

  return snap;
}

static int
compare_text_order (gconstpointer a,
                    gconstpointer b)
{
  TzMetric *x = *(TzMetric **) a;
  TzMetric *y = *(TzMetric **) b;

  if (tz_metric_get_document_id (x) != tz_metric_get_document_id (y))
    return tz_metric_get_document_id (x) < tz_metric_get_document_id (y) ? -1 : 1;
  if (tz_metric_get_start (x) != tz_metric_get_start (y))
    return tz_metric_get_start (x) < tz_metric_get_start (y) ? -1 : 1;
  return (tz_metric_get_id (x) > tz_metric_get_id (y)) - (tz_metric_get_id (x) < tz_metric_get_id (y));
}

static gboolean
word_in_article (const ArticleText *article,
                 const char        *word)
{
  return (article->title != NULL && strstr (article->title, word) != NULL) ||
         strstr (article->body, word) != NULL;
}

static gboolean
article_matches_search (const ArticleText *article,
                        const char        *search)
{
  g_auto(GStrv) words = g_strsplit_set (search, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0' && !word_in_article (article, words[i]))
        return FALSE;
    }
  return TRUE;
}

static const ArticleText *
snapshot_article (Snapshot *snap,
                  gint64    id)
{
  for (guint i = 0; i < snap->articles->len; i++)
    {
      const ArticleText *a = &g_array_index (snap->articles, ArticleText, i);

      if (a->id == id)
        return a;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
check_search (TzStore    *store,
              Snapshot   *snap,
              const char *search,
              guint      *n_found)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

  tz_filter_set_search (filter, search);
  got = tz_store_query_article_ids (store, filter, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < snap->articles->len; i++)
    {
      const ArticleText *a = &g_array_index (snap->articles, ArticleText, i);

      if (article_matches_search (a, search))
        g_array_append_val (expected, a->id);
    }

  assert_ids_equal (got, expected);
  if (n_found != NULL)
    *n_found = got->len;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The articles whose body or title hold @word, as SQL over the
 * article_text view answered before the search read each text once: the
 * reference for words too short for the full-text index. */
static GArray *
view_search (const char *path,
             const char *word)
{
  static const char sql[] =
    "SELECT id FROM article_text WHERE instr (lower (body), lower (?1)) > 0"
    " OR instr (lower (title), lower (?1)) > 0 ORDER BY id";
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, word, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ids;
}

/* Words of one or two characters are looked for in the text itself, a
 * document read once a query: the same articles as the view gave, ASCII
 * letters in either case, places that overlap, a word across two
 * articles' boundary found in neither. */
static void
test_short_words (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char text[] =
    "市总工会举办APP应用培训班\n\n"
    "本报讯 全市工会开展职工App技能培训，aab班学员达到120人。\n\n"
    "县总工会推广职工服务app\n\n"
    "本报讯 县总工会推广app应用，覆盖职工3万人，其中a班100人。\n";
  static const char * const words[] = {
    "ap", "AP", "Pp", "aa", "ab", "a", "A", "b", "万人", "工会", "。", "人。", "\n", "x", "班学",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) document = tz_extractor_extract_text (extractor, "app.txt", text);

  add_all_fixtures (fixture->store);
  tz_store_add_document (fixture->store, document, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tz_document_get_n_articles (document), >=, 2);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      g_autoptr(TzFilter) filter = tz_filter_new ();
      g_autoptr(GArray) got = NULL;
      g_autoptr(GArray) expected = view_search (fixture->path, words[i]);

      tz_filter_set_search (filter, words[i]);
      got = tz_store_query_article_ids (fixture->store, filter, &error);
      g_assert_no_error (error);
      g_array_sort (got, compare_ids);
      assert_ids_equal (got, expected);
      if (g_str_equal (words[i], "aa") || g_str_equal (words[i], "AP"))
        g_assert_cmpuint (got->len, >=, 1);
    }
}

/* The index's bigrams find a run of letters and digits wherever it stands
 * whole in the text, ASCII in either case, and never across a separator,
 * even where the bigrams on either side would line up (技能，能手 is no
 * 技能手) or where no separator token was needed (劳模，工匠). */
static void
test_fts_bigrams (void)
{
  static const char * const texts[] = {
    "技能，能手", "全市APP用户5G基站", "职工书屋建设", "〇二三年", "a", "劳模，工匠",
  };
  static const struct
  {
    const char *phrase;
    gint64      rowid;  /* 0: none */
  } cases[] = {
    { "技能", 1 }, { "能手", 1 }, { "技能手", 0 }, { "能能", 0 },
    { "app", 2 }, { "APP", 2 }, { "App用户", 2 }, { "p5", 0 }, { "户5g基站", 2 },
    { "书屋建设", 3 }, { "职工屋", 0 }, { "〇二三", 4 }, { "屋建设〇", 0 },
    { "工匠", 6 }, { "劳模工匠", 0 }, { "模工", 0 },
  };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (tz_fts_tokenizer_register (db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize='" TZ_FTS_TOKENIZER "')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO f (rowid, body) VALUES (?, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, i + 1);
      sqlite3_bind_text (stmt, 2, texts[i], -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      sqlite3_stmt *stmt = NULL;
      g_autofree char *match = g_strconcat ("\"", cases[i].phrase, "\"", NULL);
      gint64 found = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid FROM f WHERE f MATCH ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        found = sqlite3_column_int64 (stmt, 0);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      if (found != cases[i].rowid)
        g_error ("%s: found in %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 cases[i].phrase, found, cases[i].rowid);
    }
  sqlite3_close (db);

  /* What a search asks the index, and whether that is all it asks. */
  {
    static const struct
    {
      const char *word;
      const char *runs;
      gboolean    whole;
    } words[] = {
      { "职工书屋", "职工书屋", TRUE }, { "工匠", "工匠", TRUE }, { "5G基站", "5G基站", TRUE },
      { "工", "", FALSE }, { "%", "", FALSE }, { "50%", "50", FALSE },
      { "职工，书屋", "职工|书屋", FALSE }, { "3万人", "3万人", TRUE }, { "a。职工", "职工", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (words); i++)
      {
        gboolean whole = !words[i].whole;
        g_auto(GStrv) runs = tz_fts_index_runs (words[i].word, &whole);
        g_autofree char *joined = g_strjoinv ("|", runs);

        g_assert_cmpstr (joined, ==, words[i].runs);
        g_assert_cmpint (whole, ==, words[i].whole);
      }
  }
}

static void
test_fts (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(Snapshot) snap = NULL;
  static const char * const fixed[] = {
    "职工", "工会", "万", "%", "总工会", "职工书屋", "创新工作室建设同步推进",
    "职工职业技能大赛", "不存在的八个字符串", "区总工会 职工",
    "\"引号\"", "AND", "工会 OR 职工", "NEAR(", "*", "\"", "\xe3\x80\x80职工\xe3\x80\x80服务",
  };
  guint lengths[] = { 2, 3, 8 };
  guint n_found[9] = { 0, };

  add_all_fixtures (fixture->store);
  snap = take_snapshot (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_autoptr(GString) normalized = g_string_new (NULL);

      /* The C side splits on plain spaces only. */
      for (const char *p = fixed[i]; *p; p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);

          if (g_unichar_isspace (ch))
            g_string_append_c (normalized, ' ');
          else
            g_string_append_unichar (normalized, ch);
        }

      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TzFilter) filter = tz_filter_new ();
        g_autoptr(GArray) got = NULL;
        g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

        tz_filter_set_search (filter, fixed[i]);
        got = tz_store_query_article_ids (fixture->store, filter, &error);
        g_assert_no_error (error);
        for (guint a = 0; a < snap->articles->len; a++)
          {
            const ArticleText *at = &g_array_index (snap->articles, ArticleText, a);

            if (article_matches_search (at, normalized->str))
              g_array_append_val (expected, at->id);
          }
        assert_ids_equal (got, expected);
      }
    }

  /* Slices of every article of 2, 3 and 8 characters, from a few places. */
  for (guint i = 0; i < snap->articles->len; i++)
    {
      const ArticleText *a = &g_array_index (snap->articles, ArticleText, i);
      glong n_chars = g_utf8_strlen (a->body, -1);

      for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
        {
          for (glong at = 3; at + lengths[l] < n_chars; at += n_chars / 4)
            {
              const char *p = g_utf8_offset_to_pointer (a->body, at);
              const char *e = g_utf8_offset_to_pointer (p, lengths[l]);
              g_autofree char *word = g_strndup (p, e - p);
              guint found = 0;

              if (strpbrk (word, " \n\t") != NULL || strchr (word, '\r') != NULL)
                continue;
              check_search (fixture->store, snap, word, &found);
              g_assert_cmpuint (found, >=, 1);
              n_found[lengths[l]]++;
            }
        }
    }
  g_assert_cmpuint (n_found[2], >, 10);
  g_assert_cmpuint (n_found[3], >, 10);
  g_assert_cmpuint (n_found[8], >, 10);

  /* Metrics follow their articles' matches. */
  {
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) got = NULL;
    g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

    tz_filter_set_search (filter, "技能");
    got = query_ids (fixture->store, filter);
    for (guint i = 0; i < snap->metrics->len; i++)
      {
        TzMetric *m = snap->metrics->pdata[i];

        if (word_in_article (snapshot_article (snap, tz_metric_get_article_id (m)), "技能"))
          {
            gint64 id = tz_metric_get_id (m);

            g_array_append_val (expected, id);
          }
      }
    g_assert_cmpuint (expected->len, >, 0);
    assert_ids_equal (got, expected);
  }
}

/* ------------------------------------------------------------------------
 * Filters, sorting, aggregates
 * --------------------------------------------------------------------- */

static gboolean
region_matches (TzMetric   *metric,
                const char *code)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  TzRegion *region = tz_metric_get_region (metric);
  guint id, area;

  if (region == NULL)
    return FALSE;
  if (g_str_equal (code, "000000"))
    return g_str_equal (tz_region_get_code (region), "000000");

  id = tz_gazetteer_lookup_code (gazetteer, tz_region_get_code (region));
  area = tz_gazetteer_lookup_code (gazetteer, code);
  if (area == TZ_DIVISION_NONE)
    return FALSE;

  return tz_gazetteer_get_ancestor_at_level (gazetteer, id, tz_gazetteer_get_level (gazetteer, area)) == area;
}

static gboolean
metric_matches (Snapshot *snap,
                TzMetric *m,
                TzFilter *filter)
{
  const char *s;

  if ((s = tz_filter_get_region_code (filter)) != NULL && !region_matches (m, s))
    return FALSE;
  if (tz_filter_get_year_from (filter) > 0 &&
      (tz_metric_get_year (m) == 0 || tz_metric_get_year (m) < tz_filter_get_year_from (filter)))
    return FALSE;
  if (tz_filter_get_year_to (filter) > 0 &&
      (tz_metric_get_year (m) == 0 || tz_metric_get_year (m) > tz_filter_get_year_to (filter)))
    return FALSE;
  if (tz_filter_get_category (filter) != TZ_FILTER_ANY_CATEGORY &&
      (int) tz_metric_get_category (m) != tz_filter_get_category (filter))
    return FALSE;
  if ((s = tz_filter_get_unit (filter)) != NULL && g_strcmp0 (tz_metric_get_unit (m), s) != 0)
    return FALSE;
  if ((s = tz_filter_get_subject (filter)) != NULL &&
      (tz_metric_get_subject (m) == NULL || strstr (tz_metric_get_subject (m), s) == NULL))
    return FALSE;
  if (tz_filter_get_document_id (filter) != 0 &&
      tz_metric_get_document_id (m) != tz_filter_get_document_id (filter))
    return FALSE;
  if (tz_filter_get_article_id (filter) != 0 &&
      tz_metric_get_article_id (m) != tz_filter_get_article_id (filter))
    return FALSE;
  if ((s = tz_filter_get_search (filter)) != NULL &&
      !article_matches_search (snapshot_article (snap, tz_metric_get_article_id (m)), s))
    return FALSE;

  return TRUE;
}

typedef struct
{
  Snapshot  *snap;
  TzSortKey  key;
  gboolean   descending;
} SortSpec;

static int
compare_strings (const char *a,
                 const char *b)
{
  /* SQLite puts NULL first in ascending order. */
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return strcmp (a, b);
}

static int
compare_for_key (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  const SortSpec *spec = data;
  TzMetric *x = *(TzMetric **) a;
  TzMetric *y = *(TzMetric **) b;
  gint64 dx = tz_metric_get_document_id (x);
  gint64 dy = tz_metric_get_document_id (y);
  int r = 0;

  switch (spec->key)
    {
    case TZ_SORT_TEXT_ORDER:
      r = compare_text_order (a, b);
      break;

    case TZ_SORT_VALUE:
      {
        double vx = tz_metric_get_value_double (x);
        double vy = tz_metric_get_value_double (y);

        r = (vx > vy) - (vx < vy);
      }
      break;

    case TZ_SORT_UNIT:
      r = compare_strings (tz_metric_get_unit (x), tz_metric_get_unit (y));
      break;

    case TZ_SORT_SUBJECT:
      r = compare_strings (tz_metric_get_subject (x), tz_metric_get_subject (y));
      break;

    case TZ_SORT_REGION:
      r = compare_strings (code_of (tz_metric_get_region (x)), code_of (tz_metric_get_region (y)));
      break;

    case TZ_SORT_YEAR:
      r = (tz_metric_get_year (x) > tz_metric_get_year (y)) - (tz_metric_get_year (x) < tz_metric_get_year (y));
      break;

    case TZ_SORT_DOCUMENT:
      r = compare_strings (g_hash_table_lookup (spec->snap->names, &dx),
                           g_hash_table_lookup (spec->snap->names, &dy));
      break;

    default:
      g_assert_not_reached ();
    }

  if (r == 0)
    r = (tz_metric_get_id (x) > tz_metric_get_id (y)) - (tz_metric_get_id (x) < tz_metric_get_id (y));

  return spec->descending ? -r : r;
}

static GArray *
expected_ids (Snapshot *snap,
              TzFilter *filter)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();
  SortSpec spec = { snap, tz_filter_get_sort_key (filter), tz_filter_get_descending (filter) };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < snap->metrics->len; i++)
    {
      if (metric_matches (snap, snap->metrics->pdata[i], filter))
        g_ptr_array_add (selected, snap->metrics->pdata[i]);
    }
  g_ptr_array_sort_with_data (selected, compare_for_key, &spec);

  for (guint i = 0; i < selected->len; i++)
    {
      gint64 id = tz_metric_get_id (selected->pdata[i]);

      g_array_append_val (ids, id);
    }

  return ids;
}

static guint
check_filter (TzStore  *store,
              Snapshot *snap,
              TzFilter *filter)
{
  g_autoptr(GArray) got = query_ids (store, filter);
  g_autoptr(GArray) expected = expected_ids (snap, filter);

  assert_ids_equal (got, expected);
  return got->len;
}

/* Gives the fixtures more variety: years on figures that had none, a
 * subject cleared, a hidden figure. */
static void
vary_fixtures (TzStore *store)
{
  g_autoptr(GArray) ids = all_metric_ids (store);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ids->len; i += 7)
    {
      g_autofree char *year = g_strdup_printf ("%u", 2018 + i % 6);

      g_assert_true (tz_store_correct_metric (store, g_array_index (ids, gint64, i),
                                              TZ_FIELD_YEAR, year, &error));
    }
  g_assert_true (tz_store_correct_metric (store, g_array_index (ids, gint64, 3),
                                          TZ_FIELD_SUBJECT, "", &error));
  g_assert_true (tz_store_correct_metric (store, g_array_index (ids, gint64, 5),
                                          TZ_FIELD_REGION, "", &error));
  g_assert_true (tz_store_set_not_metric (store, g_array_index (ids, gint64, 4), TRUE, &error));
  g_assert_no_error (error);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(Snapshot) snap = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) all = NULL;
  guint n_nonempty = 0;
  static const TzRegionLevel levels[] = {
    TZ_REGION_LEVEL_PROVINCE, TZ_REGION_LEVEL_PREFECTURE, TZ_REGION_LEVEL_COUNTY,
  };

  add_all_fixtures (fixture->store);
  vary_fixtures (fixture->store);
  snap = take_snapshot (fixture->store);

  all = all_metric_ids (fixture->store);
  g_assert_cmpuint (all->len, ==, snap->metrics->len);

  /* Every code the data mentions, at every level, and a few more. */
  g_ptr_array_add (codes, g_strdup ("000000"));
  g_ptr_array_add (codes, g_strdup ("990000"));
  g_ptr_array_add (codes, g_strdup ("320000"));
  for (guint i = 0; i < snap->metrics->len; i++)
    {
      TzMetric *m = snap->metrics->pdata[i];
      TzRegion *region = tz_metric_get_region (m);

      if (!g_ptr_array_find_with_equal_func (units, tz_metric_get_unit (m), g_str_equal, NULL))
        g_ptr_array_add (units, g_strdup (tz_metric_get_unit (m)));
      if (region == NULL)
        continue;

      for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
        {
          guint id = tz_gazetteer_get_ancestor_at_level (gazetteer,
                                                          tz_gazetteer_lookup_code (gazetteer, tz_region_get_code (region)),
                                                          levels[l]);
          const char *code = id != TZ_DIVISION_NONE ? tz_gazetteer_get_code (gazetteer, id) : NULL;

          if (code != NULL && !g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
            g_ptr_array_add (codes, g_strdup (code));
        }
    }
  g_assert_cmpuint (codes->len, >, 15);

  /* Each field on its own. */
  for (guint i = 0; i < codes->len; i++)
    {
      g_autoptr(TzFilter) filter = tz_filter_new ();

      tz_filter_set_region_code (filter, codes->pdata[i]);
      n_nonempty += check_filter (fixture->store, snap, filter) > 0;
    }
  g_assert_cmpuint (n_nonempty, >=, codes->len - 1);

  for (int from = 0; from <= 2025; from += (from == 0 ? 2018 : 2))
    for (int to = 0; to <= 2025; to += (to == 0 ? 2019 : 3))
      {
        g_autoptr(TzFilter) filter = tz_filter_new ();

        tz_filter_set_year_from (filter, from);
        tz_filter_set_year_to (filter, to);
        check_filter (fixture->store, snap, filter);
      }

  for (int c = TZ_CATEGORY_PEOPLE; c <= TZ_CATEGORY_AREA; c++)
    {
      g_autoptr(TzFilter) filter = tz_filter_new ();

      tz_filter_set_category (filter, c);
      check_filter (fixture->store, snap, filter);
    }

  for (guint i = 0; i < units->len; i++)
    {
      g_autoptr(TzFilter) filter = tz_filter_new ();

      tz_filter_set_unit (filter, units->pdata[i]);
      g_assert_cmpuint (check_filter (fixture->store, snap, filter), >, 0);
    }

  {
    static const char * const subjects[] = { "职工", "企业", "工", "率", "不存在" };

    for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
      {
        g_autoptr(TzFilter) filter = tz_filter_new ();

        tz_filter_set_subject (filter, subjects[i]);
        check_filter (fixture->store, snap, filter);
      }
  }

  {
    static const char * const searches[] = { "职工", "技能", "总工会", "职工服务驿站", "万", "工会 技能" };

    for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
      {
        g_autoptr(TzFilter) filter = tz_filter_new ();

        tz_filter_set_search (filter, searches[i]);
        check_filter (fixture->store, snap, filter);
      }
  }

  for (guint i = 0; i < snap->articles->len; i++)
    {
      const ArticleText *a = &g_array_index (snap->articles, ArticleText, i);
      g_autoptr(TzFilter) by_document = tz_filter_new ();
      g_autoptr(TzFilter) by_article = tz_filter_new ();

      tz_filter_set_document_id (by_document, a->document_id);
      g_assert_cmpuint (check_filter (fixture->store, snap, by_document), >, 0);
      tz_filter_set_article_id (by_article, a->id);
      check_filter (fixture->store, snap, by_article);
    }

  /* Combinations. */
  for (guint i = 0; i < codes->len; i++)
    {
      for (int c = -1; c <= TZ_CATEGORY_AREA; c += 3)
        {
          g_autoptr(TzFilter) filter = tz_filter_new ();

          tz_filter_set_region_code (filter, codes->pdata[i]);
          tz_filter_set_category (filter, c);
          tz_filter_set_year_from (filter, i % 2 ? 2019 : 0);
          tz_filter_set_search (filter, i % 3 == 0 ? "职工" : i % 3 == 1 ? "总工会" : NULL);
          tz_filter_set_subject (filter, i % 4 == 0 ? "职工" : NULL);
          tz_filter_set_unit (filter, i % 5 == 0 ? "人" : NULL);
          tz_filter_set_sort_key (filter, (TzSortKey) (i % 7));
          tz_filter_set_descending (filter, i % 2);
          check_filter (fixture->store, snap, filter);
        }
    }
  {
    g_autoptr(TzFilter) filter = tz_filter_new ();
    const ArticleText *a = &g_array_index (snap->articles, ArticleText, 0);

    tz_filter_set_document_id (filter, a->document_id);
    tz_filter_set_article_id (filter, a->id);
    tz_filter_set_unit (filter, "人");
    tz_filter_set_search (filter, "年");
    check_filter (fixture->store, snap, filter);
  }
}

static void
test_sort (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(Snapshot) snap = NULL;

  add_all_fixtures (fixture->store);
  vary_fixtures (fixture->store);
  snap = take_snapshot (fixture->store);

  for (int key = TZ_SORT_TEXT_ORDER; key <= TZ_SORT_DOCUMENT; key++)
    {
      for (int descending = 0; descending <= 1; descending++)
        {
          g_autoptr(TzFilter) filter = tz_filter_new ();
          g_autoptr(TzFilter) filtered = tz_filter_new ();
          g_autoptr(GArray) text_order = NULL;
          g_autoptr(GArray) sorted = NULL;

          tz_filter_set_sort_key (filter, key);
          tz_filter_set_descending (filter, descending);
          g_assert_cmpuint (check_filter (fixture->store, snap, filter), ==, snap->metrics->len);

          /* The order really changes with the key. */
          sorted = query_ids (fixture->store, filter);
          text_order = all_metric_ids (fixture->store);
          if (key != TZ_SORT_TEXT_ORDER || descending)
            {
              gboolean same = TRUE;

              for (guint i = 0; i < sorted->len; i++)
                same &= g_array_index (sorted, gint64, i) == g_array_index (text_order, gint64, i);
              g_assert_false (same);
            }

          tz_filter_set_sort_key (filtered, key);
          tz_filter_set_descending (filtered, descending);
          tz_filter_set_category (filtered, TZ_CATEGORY_PEOPLE);
          g_assert_cmpuint (check_filter (fixture->store, snap, filtered), >, 1);
        }
    }
}

typedef struct
{
  char      region[8];
  int       year;
  double    value;
  guint     n;
  TzMetric *latest;
  gint64    latest_imported;
} Group;

static void
region_at_level (TzMetric      *metric,
                 TzRegionLevel  level,
                 char           out[8])
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  TzRegion *region = tz_metric_get_region (metric);
  guint id;

  out[0] = '\0';
  if (region == NULL)
    return;
  if (level == TZ_REGION_LEVEL_NATION)
    {
      g_strlcpy (out, "000000", 8);
      return;
    }
  if (level == TZ_REGION_LEVEL_COUNTY)
    {
      g_strlcpy (out, tz_region_get_code (region), 8);
      return;
    }
  id = tz_gazetteer_get_ancestor_at_level (gazetteer,
                                           tz_gazetteer_lookup_code (gazetteer, tz_region_get_code (region)),
                                           level);
  if (id != TZ_DIVISION_NONE)
    g_strlcpy (out, tz_gazetteer_get_code (gazetteer, id), 8);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  const Group *x = a;
  const Group *y = b;
  TzGroupBy group_by = GPOINTER_TO_INT (data);
  int r;

  switch (group_by)
    {
    case TZ_GROUP_BY_YEAR:
      return (x->year > y->year) - (x->year < y->year);

    case TZ_GROUP_BY_REGION_YEAR:
      r = strcmp (x->region, y->region);
      return r != 0 ? r : (x->year > y->year) - (x->year < y->year);

    case TZ_GROUP_BY_REGION:
    default:
      r = (x->value < y->value) - (x->value > y->value);
      return r != 0 ? r : strcmp (x->region, y->region);
    }
}

static gboolean
is_later (Snapshot *snap,
          TzMetric *a,
          gint64    a_imported,
          TzMetric *b,
          gint64    b_imported)
{
  if (tz_metric_get_year (a) != tz_metric_get_year (b))
    return tz_metric_get_year (a) > tz_metric_get_year (b);
  if (a_imported != b_imported)
    return a_imported > b_imported;
  if (tz_metric_get_document_id (a) != tz_metric_get_document_id (b))
    return tz_metric_get_document_id (a) > tz_metric_get_document_id (b);
  return tz_metric_get_id (a) > tz_metric_get_id (b);
}

static GArray *
expected_aggregate (Snapshot      *snap,
                    TzFilter      *filter,
                    TzGroupBy      group_by,
                    TzRegionLevel  level,
                    TzAggregate    aggregate)
{
  GArray *groups = g_array_new (FALSE, TRUE, sizeof (Group));

  for (guint i = 0; i < snap->metrics->len; i++)
    {
      TzMetric *m = snap->metrics->pdata[i];
      gint64 document_id = tz_metric_get_document_id (m);
      gint64 imported = *(gint64 *) g_hash_table_lookup (snap->imported, &document_id);
      double value = tz_metric_get_value_double (m);
      Group key = { { 0, }, 0, 0, 0, NULL, 0 };
      Group *group = NULL;

      if (!metric_matches (snap, m, filter))
        continue;

      if (group_by != TZ_GROUP_BY_YEAR)
        region_at_level (m, level, key.region);
      if (group_by != TZ_GROUP_BY_REGION)
        key.year = tz_metric_get_year (m);

      for (guint g = 0; g < groups->len; g++)
        {
          Group *candidate = &g_array_index (groups, Group, g);

          if (g_str_equal (candidate->region, key.region) && candidate->year == key.year)
            group = candidate;
        }
      if (group == NULL)
        {
          g_array_append_val (groups, key);
          group = &g_array_index (groups, Group, groups->len - 1);
          group->value = aggregate == TZ_AGGREGATE_MAX ? -G_MAXDOUBLE : 0;
        }

      group->n++;
      switch (aggregate)
        {
        case TZ_AGGREGATE_SUM:
          group->value += value;
          break;

        case TZ_AGGREGATE_MAX:
          group->value = MAX (group->value, value);
          break;

        case TZ_AGGREGATE_COUNT:
          group->value = group->n;
          break;

        case TZ_AGGREGATE_LATEST:
        default:
          if (group->latest == NULL || is_later (snap, m, imported, group->latest, group->latest_imported))
            {
              group->latest = m;
              group->latest_imported = imported;
              group->value = value;
            }
          break;
        }
    }

  g_array_sort_with_data (groups, compare_groups, GINT_TO_POINTER (group_by));
  return groups;
}

static void
check_aggregate (TzStore       *store,
                 Snapshot      *snap,
                 TzFilter      *filter,
                 TzGroupBy      group_by,
                 TzRegionLevel  level,
                 TzAggregate    aggregate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) got = tz_store_aggregate (store, filter, group_by, level, aggregate, &error);
  g_autoptr(GArray) expected = expected_aggregate (snap, filter, group_by, level, aggregate);
  guint total = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < got->len; i++)
    {
      TzAggregateRow *row = &g_array_index (got, TzAggregateRow, i);
      Group *group = &g_array_index (expected, Group, i);

      g_assert_cmpstr (row->region_code, ==, group->region);
      g_assert_cmpint (row->year, ==, group->year);
      g_assert_cmpfloat_with_epsilon (row->value, group->value, fabs (group->value) * 1e-12 + 1e-9);
      g_assert_cmpuint (row->n_records, ==, group->n);
      total += row->n_records;
    }

  g_assert_cmpuint (total, ==, check_filter (store, snap, filter));
}

static void
test_aggregate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Snapshot) snap = NULL;
  g_autoptr(TzFilter) everything = tz_filter_new ();
  g_autoptr(TzFilter) people = tz_filter_new ();
  g_autoptr(TzFilter) jiangsu = tz_filter_new ();

  add_all_fixtures (fixture->store);
  vary_fixtures (fixture->store);
  snap = take_snapshot (fixture->store);

  tz_filter_set_category (people, TZ_CATEGORY_PEOPLE);
  tz_filter_set_region_code (jiangsu, "320000");

  for (int group_by = TZ_GROUP_BY_REGION; group_by <= TZ_GROUP_BY_REGION_YEAR; group_by++)
    for (int level = TZ_REGION_LEVEL_NATION; level <= TZ_REGION_LEVEL_COUNTY; level++)
      for (int aggregate = TZ_AGGREGATE_SUM; aggregate <= TZ_AGGREGATE_LATEST; aggregate++)
        {
          check_aggregate (fixture->store, snap, everything, group_by, level, aggregate);
          check_aggregate (fixture->store, snap, people, group_by, level, aggregate);
          check_aggregate (fixture->store, snap, jiangsu, group_by, level, aggregate);
        }

  /* A hand-checked case: Jiangsu's people by prefecture. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) rows = NULL;
    gboolean changzhou = FALSE;

    tz_filter_set_region_code (filter, "320000");
    tz_filter_set_unit (filter, "家");
    rows = tz_store_aggregate (fixture->store, filter, TZ_GROUP_BY_REGION,
                               TZ_REGION_LEVEL_PREFECTURE, TZ_AGGREGATE_SUM, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < rows->len; i++)
      {
        TzAggregateRow *row = &g_array_index (rows, TzAggregateRow, i);

        g_assert_true (g_str_has_prefix (row->region_code, "32"));
        if (g_str_equal (row->region_code, "320400"))
          {
            /* 武进: 52家企业 (headline), 52家规上企业, 18家工作室 */
            changzhou = TRUE;
            g_assert_cmpfloat (row->value, ==, 52 + 52 + 18);
            g_assert_cmpuint (row->n_records, ==, 3);
          }
      }
    g_assert_true (changzhou);
  }
}

/* ------------------------------------------------------------------------
 * Corrections
 * --------------------------------------------------------------------- */

static gint64
metric_at (TzStore    *store,
           gint64      document_id,
           const char *text)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = NULL;

  tz_filter_set_document_id (filter, document_id);
  ids = query_ids (store, filter);
  metrics = tz_store_load_metrics (store, (gint64 *) (gpointer) ids->data, ids->len, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < metrics->len; i++)
    {
      if (g_str_equal (tz_metric_get_text (metrics->pdata[i]), text))
        return tz_metric_get_id (metrics->pdata[i]);
    }

  g_assert_not_reached ();
  return 0;
}

static TzMetric *
user_metric_for (TzDocument *document,
                 const char *text,
                 gint64     *article_id)
{
  TzMetric *metric = tz_metric_new ();
  TzDecimal five = { 5, 0 };
  guint start = char_offset_of (tz_document_get_text (document), text);
  GListModel *articles = tz_document_get_articles (document);

  tz_metric_set_text (metric, text);
  tz_metric_set_span (metric, start, start + g_utf8_strlen (text, -1));
  tz_metric_set_value (metric, &five);
  tz_metric_set_unit (metric, "届");
  tz_metric_set_category (metric, TZ_CATEGORY_EVENTS);
  tz_metric_set_subject (metric, "职工职业技能大赛");
  tz_metric_set_sentence (metric, "德清县第五届职工职业技能大赛日前落幕");

  for (guint i = 0; i < g_list_model_get_n_items (articles); i++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (articles, i);

      if (tz_article_get_start (article) <= start && start < tz_article_get_end (article))
        *article_id = tz_article_get_id (article);
    }

  return metric;
}

/* Every kind of correction on "basic"; returns the document id. */
static gint64
correct_basic (TzStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(TzMetric) user = NULL;
  gint64 id, article_id = 0;

  id = add_fixture (store, "basic");
  document = tz_store_load_document (store, id, TRUE, &error);
  g_assert_no_error (error);

  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "126个"), TZ_FIELD_VALUE, "127.50", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "18家"), TZ_FIELD_UNIT, "个", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "3.6万人次"), TZ_FIELD_REGION, "320400", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "3.6万人次"), TZ_FIELD_YEAR, "2023", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "1.1亿元"), TZ_FIELD_SUBJECT, "培训经费", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "12个"), TZ_FIELD_APPROX, "about", &error));
  g_assert_true (tz_store_correct_metric (store, metric_at (store, id, "87家"), TZ_FIELD_TARGET, "true", &error));
  g_assert_true (tz_store_set_not_metric (store, metric_at (store, id, "9处"), TRUE, &error));
  g_assert_no_error (error);

  user = user_metric_for (document, "第五届", &article_id);
  g_assert_cmpint (tz_store_add_user_metric (store, article_id, user, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (tz_store_correct_metric (store, tz_metric_get_id (user), TZ_FIELD_YEAR, "2024", &error));
  g_assert_no_error (error);

  return id;
}

static void
test_corrections_fields (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = NULL;
  gint64 id = correct_basic (fixture->store);
  g_autoptr(TzMetric) unit = load_metric (fixture->store, metric_at (fixture->store, id, "18家"));
  g_autoptr(TzMetric) region = load_metric (fixture->store, metric_at (fixture->store, id, "3.6万人次"));
  g_autoptr(TzMetric) value = load_metric (fixture->store, metric_at (fixture->store, id, "126个"));
  g_autoptr(TzMetric) user = load_metric (fixture->store, metric_at (fixture->store, id, "第五届"));
  g_autoptr(TzMetric) plain = load_metric (fixture->store, metric_at (fixture->store, id, "42名"));
  TzDecimal dec;

  tz_metric_get_value (value, &dec);
  g_assert_cmpint (dec.digits, ==, 1275);
  g_assert_cmpuint (dec.scale, ==, 1);
  g_assert_true (tz_metric_get_corrected (value));
  g_assert_false (tz_metric_get_corrected (plain));

  /* The category follows a corrected unit. */
  g_assert_cmpstr (tz_metric_get_unit (unit), ==, "个");
  g_assert_cmpint (tz_metric_get_category (unit), ==, TZ_CATEGORY_ITEMS);

  g_assert_cmpstr (tz_region_get_code (tz_metric_get_region (region)), ==, "320400");
  g_assert_cmpstr (tz_region_get_name (tz_metric_get_region (region)), ==, "常州市");
  g_assert_cmpint (tz_metric_get_year (region), ==, 2023);

  g_assert_true (tz_metric_get_user_added (user));
  g_assert_true (tz_metric_get_corrected (user));
  g_assert_cmpint (tz_metric_get_year (user), ==, 2024);

  /* The corrected region is an indexed filter at every level. */
  {
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = NULL;
    gboolean found = FALSE;

    tz_filter_set_region_code (filter, "320400");
    ids = query_ids (fixture->store, filter);

    g_assert_cmpuint (ids->len, ==, 8);  /* all of 武进's, this one included */
    for (guint i = 0; i < ids->len; i++)
      found |= g_array_index (ids, gint64, i) == tz_metric_get_id (region);
    g_assert_true (found);
  }

  lines = describe_document (fixture->store, id);
  g_assert_cmpuint (lines->len, ==, 20);  /* 20 extracted, one hidden, one added */
}

static void
test_corrections_validation (Fixture       *fixture,
                             gconstpointer  data)
{
  static const struct {
    TzField     field;
    const char *value;
  } invalid[] = {
    { TZ_FIELD_VALUE, "" }, { TZ_FIELD_VALUE, "十二" }, { TZ_FIELD_VALUE, "1,000" },
    { TZ_FIELD_VALUE, "12abc" }, { TZ_FIELD_VALUE, NULL },
    { TZ_FIELD_UNIT, "" },
    { TZ_FIELD_APPROX, "roughly" }, { TZ_FIELD_APPROX, "" },
    { TZ_FIELD_REGION, "123456" }, { TZ_FIELD_REGION, "江苏" }, { TZ_FIELD_REGION, "32" },
    { TZ_FIELD_YEAR, "1899" }, { TZ_FIELD_YEAR, "2101" }, { TZ_FIELD_YEAR, "二〇二三" },
    { TZ_FIELD_YEAR, "2023 " }, { TZ_FIELD_TARGET, "yes" }, { TZ_FIELD_TARGET, "" },
    { (TzField) 42, "x" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id = add_fixture (fixture->store, "basic");
  gint64 metric_id = metric_at (fixture->store, id, "126个");

  before = dump_database (fixture->path);
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_assert_false (tz_store_correct_metric (fixture->store, metric_id, invalid[i].field,
                                               invalid[i].value, &error));
      g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID);
      g_clear_error (&error);
    }

  g_assert_false (tz_store_correct_metric (fixture->store, 999999, TZ_FIELD_VALUE, "1", &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tz_store_set_not_metric (fixture->store, 999999, TRUE, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tz_store_restore_metric (fixture->store, 999999, &error));
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  /* The edges that are allowed. */
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_YEAR, "1900", &error));
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_YEAR, "2100", &error));
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_YEAR, "", &error));
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_VALUE, "-0.5", &error));
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_REGION, "000000", &error));
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_APPROX, "at_least", &error));
  g_assert_no_error (error);
}

static void
assert_pages (TzDocument *document,
              const char *expected)
{
  g_autoptr(GString) got = g_string_new (NULL);
  guint n_articles;
  TzArticle * const *articles = tz_document_peek_articles (document, &n_articles);

  for (guint a = 0; a < n_articles; a++)
    {
      GListModel *metrics = tz_article_get_metrics (articles[a]);

      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);

          g_string_append_printf (got, "%s%s@%d", got->len > 0 ? " " : "",
                                  tz_metric_get_text (metric), tz_metric_get_page (metric));
        }
    }

  g_assert_cmpstr (got->str, ==, expected);
}

/* A document's figures are written many rows to a statement (1, 2, 4 …
 * 32): 100 figures on five pages, written as 32 + 32 + 32 + 4, come back
 * with the ids, articles and pages they were given, in text order. */
static void
test_many_figures (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GString) text = g_string_new ("市总工会推进职工书屋建设\n\n");
  g_autoptr(TzDocument) extracted = NULL;
  g_autoptr(TzDocument) loaded = NULL;
  g_autoptr(TzArticle) article = NULL;
  GListModel *metrics;
  gint64 id, previous_id = 0;

  for (guint page = 0; page < 5; page++)
    {
      if (page > 0)
        g_string_append (text, TZ_PAGE_BREAK "\n");
      g_string_append (text, "今年以来");
      for (guint i = 0; i < 20; i++)
        g_string_append_printf (text, "，全市新建职工书屋%u家", 100 + page * 20 + i);
      g_string_append (text, "。\n\n");
    }
  extracted = tz_extractor_extract_text (extractor, "many.pdf", text->str);
  g_assert_cmpuint (tz_document_get_n_metrics (extracted), ==, 100);

  id = tz_store_add_document (fixture->store, extracted, &error);
  g_assert_no_error (error);
  loaded = tz_store_load_document (fixture->store, id, TRUE, &error);
  g_assert_no_error (error);
  assert_documents_equal (extracted, loaded);

  article = g_list_model_get_item (tz_document_get_articles (loaded), 0);
  metrics = tz_article_get_metrics (article);
  g_assert_cmpuint (g_list_model_get_n_items (metrics), ==, 100);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, i);
      g_autofree char *expected = g_strdup_printf ("%u家", 100 + i);

      g_assert_cmpstr (tz_metric_get_text (metric), ==, expected);
      g_assert_cmpint (tz_metric_get_page (metric), ==, 1 + i / 20);
      if (i > 0)
        g_assert_cmpint (tz_metric_get_id (metric), ==, previous_id + 1);
      previous_id = tz_metric_get_id (metric);
    }
}

/* The sentences of @ids, loaded @per_call at a time, one per line. */
static char *
load_sentences (TzStore      *store,
                const GArray *ids,
                guint         per_call)
{
  g_autoptr(GString) sentences = g_string_new (NULL);

  for (guint first = 0; first < ids->len; first += per_call)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) metrics = NULL;

      metrics = tz_store_load_metrics (store, &g_array_index (ids, gint64, first),
                                       MIN (per_call, ids->len - first), &error);
      g_assert_no_error (error);
      for (guint i = 0; i < metrics->len; i++)
        g_string_append_printf (sentences, "%s\n", tz_metric_get_sentence (metrics->pdata[i]));
    }

  return g_string_free (g_steal_pointer (&sentences), FALSE);
}

/* An export loads a long report's figures a page at a time: its text is
 * read once for all of them, and again once the ledger changed, here or
 * through another connection. */
static void
test_text_read_once (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(GString) text = g_string_new ("市总工会推进职工书屋建设\n\n");
  g_autoptr(TzDocument) extracted = NULL;
  g_autoptr(TzDocument) other = NULL;
  g_autoptr(TzStore) second = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *sentences = NULL;
  gint64 other_id;
  guint reads;

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (text, "第%u季度，全市新建职工书屋%u家。", i % 4 + 1, 100 + i);
  extracted = tz_extractor_extract_text (extractor, "long.txt", text->str);
  g_assert_cmpuint (tz_document_get_n_metrics (extracted), ==, 100);
  tz_store_add_document (fixture->store, extracted, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      gint64 id = i + 1;

      g_array_append_val (ids, id);
      g_string_append_printf (expected, "第%u季度，全市新建职工书屋%u家\n", i % 4 + 1, 100 + i);
    }

  reads = tz_store_get_n_text_reads (fixture->store);
  sentences = load_sentences (fixture->store, ids, 25);
  g_assert_cmpstr (sentences, ==, expected->str);
  g_assert_cmpuint (tz_store_get_n_text_reads (fixture->store), ==, reads + 1);
  g_clear_pointer (&sentences, g_free);
  sentences = load_sentences (fixture->store, ids, 7);
  g_assert_cmpstr (sentences, ==, expected->str);
  g_assert_cmpuint (tz_store_get_n_text_reads (fixture->store), ==, reads + 1);

  /* A change here. */
  other = tz_extractor_extract_text (extractor, "other.txt", "市总工会开展送清凉活动\n\n全市共慰问职工3000人。");
  other_id = tz_store_add_document (fixture->store, other, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sentences, g_free);
  sentences = load_sentences (fixture->store, ids, 50);
  g_assert_cmpstr (sentences, ==, expected->str);
  g_assert_cmpuint (tz_store_get_n_text_reads (fixture->store), ==, reads + 2);

  /* A change through another connection. */
  second = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  tz_store_delete_document (second, other_id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sentences, g_free);
  sentences = load_sentences (fixture->store, ids, 50);
  g_assert_cmpstr (sentences, ==, expected->str);
  g_assert_cmpuint (tz_store_get_n_text_reads (fixture->store), ==, reads + 3);
}

/* A document read from pages keeps them in the ledger: where the pages
 * start, each figure's page, the page of a figure the user adds, and all
 * of it through a new extraction. */
static void
test_pages (Fixture       *fixture,
            gconstpointer  data)
{
  static const char text[] =
    "市总工会劳模宣讲团走进企业\n\n"
    "今年上半年，全市工会共组织劳模工匠进企业宣讲活动85场，覆盖职工\n"
    TZ_PAGE_BREAK "\n"
    "2.3万人次，其中第二批收到合理化建议640条。\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) extracted = tz_extractor_extract_text (extractor, "pages.pdf", text);
  g_autoptr(TzDocument) loaded = NULL;
  g_autoptr(TzDocument) again = NULL;
  g_autoptr(TzMetric) user = NULL;
  g_autoptr(TzMetric) user_loaded = NULL;
  const guint *starts, *stored_starts;
  guint n_pages, n_stored;
  gint64 id, article_id = 0, user_id;
  guint n_done = 0;

  assert_pages (extracted, "85场@1 2.3万人次@2 640条@2");
  starts = tz_document_get_page_starts (extracted, &n_pages);
  g_assert_cmpuint (n_pages, ==, 2);

  id = tz_store_add_document (fixture->store, extracted, &error);
  g_assert_no_error (error);
  loaded = tz_store_load_document (fixture->store, id, TRUE, &error);
  g_assert_no_error (error);
  stored_starts = tz_document_get_page_starts (loaded, &n_stored);
  g_assert_cmpuint (n_stored, ==, n_pages);
  g_assert_cmpmem (stored_starts, n_stored * sizeof (guint), starts, n_pages * sizeof (guint));
  assert_pages (loaded, "85场@1 2.3万人次@2 640条@2");

  user = user_metric_for (loaded, "第二批", &article_id);
  user_id = tz_store_add_user_metric (fixture->store, article_id, user, &error);
  g_assert_no_error (error);
  user_loaded = load_metric (fixture->store, user_id);
  g_assert_cmpint (tz_metric_get_page (user_loaded), ==, 2);

  /* An extractor upgrade reads the stored text again. */
  exec_sql (fixture->path, "UPDATE documents SET extractor_version = 0");
  g_assert_true (tz_reextract_outdated (fixture->store, NULL, &n_done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, 1);
  again = tz_store_load_document (fixture->store, id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (tz_document_get_page_starts (again, &n_stored));
  g_assert_cmpuint (n_stored, ==, 2);
  assert_pages (again, "85场@1 2.3万人次@2 第二批@2 640条@2");

  /* Exports say the page: a CSV column, a JSON field. */
  {
    g_autoptr(GOutputStream) csv = g_memory_output_stream_new_resizable ();
    g_autoptr(GOutputStream) json = g_memory_output_stream_new_resizable ();
    g_autofree char *csv_text = NULL;
    g_autofree char *json_text = NULL;

    g_assert_true (tz_export_records (fixture->store, NULL, TZ_EXPORT_CSV, csv, NULL, &error));
    g_assert_true (tz_export_records (fixture->store, NULL, TZ_EXPORT_JSON, json, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (csv, "", 1, NULL, NULL, NULL));
    g_assert_true (g_output_stream_write_all (json, "", 1, NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (csv, NULL, NULL));
    g_assert_true (g_output_stream_close (json, NULL, NULL));
    csv_text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (csv));
    json_text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (json));

    g_assert_nonnull (strstr (csv_text, ",sentence,page\r\n"));
    g_assert_nonnull (strstr (csv_text, "85场,85,"));
    g_assert_true (g_regex_match_simple ("^pages.pdf,[^\\n]*,640条,.*,2\r$", csv_text,
                                            G_REGEX_MULTILINE, 0));
    g_assert_nonnull (strstr (json_text, "\"page\" : 2"));
    g_assert_nonnull (strstr (json_text, "\"page\" : 1"));
  }
}

static void
test_user_metric (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(TzMetric) user = NULL;
  g_autoptr(TzMetric) wrong = NULL;
  g_autoptr(TzMetric) twice = NULL;
  g_autoptr(TzMetric) loaded = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id, article_id = 0, other = 0, metric_id;

  id = add_fixture (fixture->store, "basic");
  document = tz_store_load_document (fixture->store, id, TRUE, &error);
  g_assert_no_error (error);
  user = user_metric_for (document, "第五届", &article_id);
  g_assert_cmpint (article_id, >, 0);

  /* Refused: text not at its place, an existing figure, no unit. */
  before = dump_database (fixture->path);
  wrong = user_metric_for (document, "第五届", &other);
  tz_metric_set_text (wrong, "第六届");
  g_assert_cmpint (tz_store_add_user_metric (fixture->store, article_id, wrong, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  twice = user_metric_for (document, "12个", &other);
  g_assert_cmpint (tz_store_add_user_metric (fixture->store, other, twice, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  tz_metric_set_unit (wrong, NULL);
  g_assert_cmpint (tz_store_add_user_metric (fixture->store, article_id, wrong, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (tz_store_add_user_metric (fixture->store, 999999, user, &error), ==, 0);
  g_assert_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  metric_id = tz_store_add_user_metric (fixture->store, article_id, user, &error);
  g_assert_no_error (error);
  g_assert_cmpint (metric_id, ==, tz_metric_get_id (user));
  g_assert_cmpint (tz_metric_get_article_id (user), ==, article_id);
  g_assert_cmpint (tz_metric_get_document_id (user), ==, id);
  g_assert_true (tz_metric_get_user_added (user));

  loaded = load_metric (fixture->store, metric_id);
  assert_metrics_equal (user, loaded);

  tz_filter_set_unit (filter, "届");
  ids = query_ids (fixture->store, filter);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, metric_id);

  /* Restoring a user's figure keeps it, as it was added. */
  g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_VALUE, "6", &error));
  g_assert_true (tz_store_restore_metric (fixture->store, metric_id, &error));
  g_assert_no_error (error);
  g_clear_object (&loaded);
  loaded = load_metric (fixture->store, metric_id);
  assert_metrics_equal (user, loaded);

  /* … and it is still the user's after the file is imported again. */
  g_assert_true (tz_store_delete_document (fixture->store, id, &error));
  g_assert_no_error (error);
  id = add_fixture (fixture->store, "basic");
  g_clear_pointer (&ids, g_array_unref);
  ids = query_ids (fixture->store, filter);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_object (&loaded);
  loaded = load_metric (fixture->store, g_array_index (ids, gint64, 0));
  g_assert_true (tz_metric_get_user_added (loaded));
  g_assert_false (tz_metric_get_corrected (loaded));
  g_assert_cmpstr (tz_metric_get_text (loaded), ==, "第五届");
  g_assert_cmpstr (tz_metric_get_subject (loaded), ==, "职工职业技能大赛");
  g_assert_cmpint (tz_metric_get_document_id (loaded), ==, id);
}

static void
test_corrections_survive_reimport (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  TzStoreStats stats, stats_after;
  gint64 id, again;

  add_fixture (fixture->store, "layout");
  id = correct_basic (fixture->store);
  before = describe_document (fixture->store, id);
  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpuint (stats.n_corrections, ==, 10);

  g_assert_true (tz_store_delete_document (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (tz_store_get_stats (fixture->store, &stats_after, &error));
  g_assert_cmpuint (stats_after.n_corrections, ==, 10);
  g_assert_cmpuint (stats_after.n_documents, ==, 1);

  again = add_fixture (fixture->store, "basic");
  g_assert_cmpint (again, !=, id);
  after = describe_document (fixture->store, again);
  assert_lines_equal (before, after);

  /* Something did change: the corrected value is there, the hidden one not. */
  g_assert_nonnull (strstr (after->pdata[2], "126个=127.5 "));
  for (guint i = 0; i < after->len; i++)
    g_assert_null (strstr (after->pdata[i], "9处"));
}

static void
test_corrections_survive_replace (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(TzDocument) document = extract_fixture ("basic");
  g_autoptr(TzDocument) loaded = NULL;
  g_autoptr(GArray) outdated = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) found = NULL;
  gint64 id;

  id = correct_basic (fixture->store);
  before = describe_document (fixture->store, id);

  outdated = tz_store_list_outdated (fixture->store, TZ_EXTRACTOR_VERSION + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outdated->len, ==, 1);
  g_clear_pointer (&outdated, g_array_unref);

  tz_document_set_extractor_version (document, TZ_EXTRACTOR_VERSION + 1);
  g_assert_true (tz_store_replace_extraction (fixture->store, id, document, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tz_document_get_id (document), ==, id);

  after = describe_document (fixture->store, id);
  assert_lines_equal (before, after);

  outdated = tz_store_list_outdated (fixture->store, TZ_EXTRACTOR_VERSION + 1, &error);
  g_assert_cmpuint (outdated->len, ==, 0);
  loaded = tz_store_load_document (fixture->store, id, FALSE, &error);
  g_assert_cmpint (tz_document_get_extractor_version (loaded), ==, TZ_EXTRACTOR_VERSION + 1);

  /* The full-text index followed. */
  tz_filter_set_search (filter, "郫都职工驿站");
  found = tz_store_query_article_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  exec_sql (fixture->path, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')");
}

/* A new extractor that changes the text (here: a paragraph more at the top)
 * moves every offset; corrections follow their figures' words. */
static void
test_corrections_follow_text (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzExtractor) extractor = tz_extractor_new ();
  g_autoptr(TzDocument) original = extract_fixture ("basic");
  g_autoptr(TzDocument) shifted = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *text = NULL;
  guint shift;
  gint64 id;

  id = correct_basic (fixture->store);
  before = describe_document (fixture->store, id);

  text = g_strconcat ("本版导读\n\n", tz_document_get_text (original), NULL);
  shifted = tz_extractor_extract_text (extractor, "basic.txt", text);
  g_assert_true (g_str_has_suffix (tz_document_get_text (shifted), tz_document_get_text (original)));
  shift = g_utf8_strlen (tz_document_get_text (shifted), -1) -
          g_utf8_strlen (tz_document_get_text (original), -1);
  g_assert_cmpuint (shift, >, 0);
  g_assert_true (tz_store_replace_extraction (fixture->store, id, shifted, &error));
  g_assert_no_error (error);
  after = describe_document (fixture->store, id);

  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      guint start, end, start2, end2;
      const char *rest = strchr (before->pdata[i], ' ');
      const char *rest2 = strchr (after->pdata[i], ' ');

      g_assert_cmpint (sscanf (before->pdata[i], "%u-%u", &start, &end), ==, 2);
      g_assert_cmpint (sscanf (after->pdata[i], "%u-%u", &start2, &end2), ==, 2);
      g_assert_cmpuint (start2, ==, start + shift);
      g_assert_cmpuint (end2, ==, end + shift);
      g_assert_cmpstr (rest, ==, rest2);
    }
}

static void
test_not_metric (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) hidden_all = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GArray) counts = NULL;
  TzStoreStats stats;
  gint64 id, metric_id;

  id = add_fixture (fixture->store, "basic");
  metric_id = metric_at (fixture->store, id, "2400平方米");
  all = all_metric_ids (fixture->store);

  g_assert_true (tz_store_set_not_metric (fixture->store, metric_id, TRUE, &error));
  g_assert_no_error (error);

  hidden_all = all_metric_ids (fixture->store);
  g_assert_cmpuint (hidden_all->len, ==, all->len - 1);
  for (guint i = 0; i < hidden_all->len; i++)
    g_assert_cmpint (g_array_index (hidden_all, gint64, i), !=, metric_id);

  tz_filter_set_unit (filter, "平方米");
  {
    g_autoptr(GArray) ids = query_ids (fixture->store, filter);

    g_assert_cmpuint (ids->len, ==, 0);
  }
  rows = tz_store_aggregate (fixture->store, filter, TZ_GROUP_BY_REGION, TZ_REGION_LEVEL_COUNTY,
                             TZ_AGGREGATE_COUNT, &error);
  g_assert_cmpuint (rows->len, ==, 0);

  subjects = tz_store_list_subject_counts (fixture->store, 0, &counts, &error);
  g_assert_no_error (error);
  g_assert_false (g_ptr_array_find_with_equal_func (subjects, "总面积", g_str_equal, NULL));

  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpuint (stats.n_metrics, ==, all->len - 1);

  {
    g_autoptr(GPtrArray) lines = describe_document (fixture->store, id);

    g_assert_cmpuint (lines->len, ==, all->len - 1);
  }

  g_assert_true (tz_store_set_not_metric (fixture->store, metric_id, FALSE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&hidden_all, g_array_unref);
  hidden_all = all_metric_ids (fixture->store);
  assert_ids_equal (hidden_all, all);
  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpuint (stats.n_corrections, ==, 0);
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) extracted = NULL;
  g_autoptr(GPtrArray) restored = NULL;
  g_autoptr(GArray) ids = NULL;
  TzStoreStats stats;
  gint64 id;

  id = add_fixture (fixture->store, "basic");
  extracted = describe_document (fixture->store, id);
  ids = all_metric_ids (fixture->store);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 metric_id = g_array_index (ids, gint64, i);

      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_VALUE, "1", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_UNIT, "件", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_APPROX, "less_than", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_SUBJECT, "改过", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_REGION, "110105", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_YEAR, "2001", &error));
      g_assert_true (tz_store_correct_metric (fixture->store, metric_id, TZ_FIELD_TARGET, "true", &error));
      if (i % 2)
        g_assert_true (tz_store_set_not_metric (fixture->store, metric_id, TRUE, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_assert_true (tz_store_restore_metric (fixture->store, g_array_index (ids, gint64, i), &error));
      g_assert_no_error (error);
    }

  restored = describe_document (fixture->store, id);
  assert_lines_equal (extracted, restored);
  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_cmpuint (stats.n_corrections, ==, 0);
}

/* ------------------------------------------------------------------------
 * Odds and ends
 * --------------------------------------------------------------------- */

/* Documents written during an import wait for their full-text rows;
 * searches find them all the same, and the index stays whole. */
static GArray *
search_ids (TzStore    *store,
            const char *search)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids;

  tz_filter_set_search (filter, search);
  ids = tz_store_query_article_ids (store, filter, &error);
  g_assert_no_error (error);

  return ids;
}

static void
test_deferred_index (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const searches[] = { "总工会", "职工书屋", "工会 职工", "职工职业技能大赛", "万" };
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(TzDocument) again = NULL;
  guint n = 0;
  gint64 id;

  tz_store_set_defer_indexing (fixture->store, TRUE);
  add_all_fixtures (fixture->store);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    g_ptr_array_add (before, search_ids (fixture->store, searches[i]));
  g_assert_cmpuint (((GArray *) g_ptr_array_index (before, 0))->len, >, 0);

  g_assert_true (tz_store_index_pending (fixture->store, 2, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (tz_store_index_pending (fixture->store, 0, &n, &error));
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (fixtures) - 2);
  g_assert_true (tz_store_index_pending (fixture->store, 0, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_fts_whole (fixture->path);

  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GArray) after = search_ids (fixture->store, searches[i]);

      assert_ids_equal (after, g_ptr_array_index (before, i));
    }

  /* Deleted or extracted again while pending. */
  fixture_tear_down (fixture, NULL);
  fixture_set_up (fixture, NULL);
  tz_store_set_defer_indexing (fixture->store, TRUE);
  id = add_fixture (fixture->store, "basic");
  g_assert_true (tz_store_delete_document (fixture->store, id, &error));
  g_assert_no_error (error);
  assert_fts_whole (fixture->path);

  id = add_fixture (fixture->store, "basic");
  again = extract_fixture ("basic");
  tz_store_set_defer_indexing (fixture->store, FALSE);
  g_assert_true (tz_store_replace_extraction (fixture->store, id, again, &error));
  g_assert_no_error (error);
  g_assert_true (tz_store_index_pending (fixture->store, 0, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_fts_whole (fixture->path);

  /* A crash leaves documents pending: the next writer indexes them. */
  tz_store_set_defer_indexing (fixture->store, TRUE);
  add_fixture (fixture->store, "regions");
  g_clear_object (&fixture->store);
  fixture->store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (tz_store_index_pending (fixture->store, 0, &n, &error));
  g_assert_cmpuint (n, ==, 0);
  assert_fts_whole (fixture->path);
}

/* The metrics in memory answer exactly as the SQL queries. */
static GArray *
query_both (TzStore  *store,
            TzFilter *filter,
            gboolean  table)
{
  g_autoptr(GError) error = NULL;
  GArray *ids;

  tz_store_set_metric_table (store, table);
  ids = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);

  return ids;
}

static void
assert_aggregates_equal (GArray *sql,
                         GArray *memory)
{
  g_assert_cmpuint (sql->len, ==, memory->len);
  for (guint i = 0; i < sql->len; i++)
    {
      TzAggregateRow *a = &g_array_index (sql, TzAggregateRow, i);
      TzAggregateRow *b = &g_array_index (memory, TzAggregateRow, i);

      g_assert_cmpstr (a->region_code, ==, b->region_code);
      g_assert_cmpint (a->year, ==, b->year);
      g_assert_cmpuint (a->n_records, ==, b->n_records);
      g_assert_cmpfloat_with_epsilon (a->value, b->value, 1e-9 * MAX (1, fabs (a->value)));
    }
}

static void
assert_same_aggregate (TzStore   *store,
                       TzFilter  *filter,
                       TzGroupBy  group_by,
                       int        level,
                       int        aggregate)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sql = NULL;
  g_autoptr(GArray) memory = NULL;

  tz_store_set_metric_table (store, FALSE);
  sql = tz_store_aggregate (store, filter, group_by, level, aggregate, &error);
  g_assert_no_error (error);
  tz_store_set_metric_table (store, TRUE);
  memory = tz_store_aggregate (store, filter, group_by, level, aggregate, &error);
  g_assert_no_error (error);

  assert_aggregates_equal (sql, memory);
}

static void
test_metric_table (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  const char *regions[] = { NULL, "320000", "320400", "320412", "990000" };
  const char *subjects[] = { NULL, "企业", "", "不存在的主语" };
  const char *units[] = { NULL, "家", "人", "吨" };
  const char *searches[] = { NULL, "工会", "技能人才" };
  g_autoptr(GPtrArray) sql_subjects = NULL;
  g_autoptr(GPtrArray) memory_subjects = NULL;
  g_autoptr(GArray) sql_counts = NULL;
  g_autoptr(GArray) memory_counts = NULL;
  g_autoptr(GError) error = NULL;

  add_all_fixtures (fixture->store);
  vary_fixtures (fixture->store);

  for (guint r = 0; r < G_N_ELEMENTS (regions); r++)
    for (guint s = 0; s < G_N_ELEMENTS (subjects); s++)
      for (guint u = 0; u < G_N_ELEMENTS (units); u++)
        for (guint q = 0; q < G_N_ELEMENTS (searches); q++)
          for (int key = TZ_SORT_TEXT_ORDER; key <= TZ_SORT_DOCUMENT; key++)
            for (int descending = 0; descending <= 1; descending++)
              {
                g_autoptr(GArray) sql = NULL;
                g_autoptr(GArray) memory = NULL;

                tz_filter_set_region_code (filter, regions[r]);
                tz_filter_set_subject (filter, subjects[s]);
                tz_filter_set_unit (filter, units[u]);
                tz_filter_set_search (filter, searches[q]);
                tz_filter_set_year_from (filter, (r + s) % 3 == 0 ? 0 : 2019);
                tz_filter_set_year_to (filter, (r + u) % 3 == 1 ? 2022 : 0);
                tz_filter_set_category (filter, (s + u + q) % 4 == 1 ? TZ_CATEGORY_PEOPLE : TZ_FILTER_ANY_CATEGORY);
                tz_filter_set_sort_key (filter, key);
                tz_filter_set_descending (filter, descending);

                sql = query_both (fixture->store, filter, FALSE);
                memory = query_both (fixture->store, filter, TRUE);
                g_assert_cmpuint (sql->len, ==, memory->len);
                g_assert_cmpmem (sql->data, sql->len * sizeof (gint64),
                                 memory->data, memory->len * sizeof (gint64));

                if (key == TZ_SORT_TEXT_ORDER && !descending && q != 1)
                  for (int group_by = TZ_GROUP_BY_REGION; group_by <= TZ_GROUP_BY_REGION_YEAR; group_by++)
                    for (int level = TZ_REGION_LEVEL_NATION; level <= TZ_REGION_LEVEL_COUNTY; level++)
                      for (int aggregate = TZ_AGGREGATE_SUM; aggregate <= TZ_AGGREGATE_LATEST; aggregate++)
                        assert_same_aggregate (fixture->store, filter, group_by, level, aggregate);
              }

  /* One document, one article. */
  {
    g_autoptr(TzFilter) one = tz_filter_new ();
    g_autoptr(GArray) all = query_both (fixture->store, one, TRUE);
    g_autoptr(GPtrArray) metrics = tz_store_load_metrics (fixture->store, (gint64 *)(gpointer)all->data,
                                                          1, &error);
    TzMetric *metric;

    g_assert_no_error (error);
    metric = g_ptr_array_index (metrics, 0);
    tz_filter_set_document_id (one, tz_metric_get_document_id (metric));
    for (int pass = 0; pass < 2; pass++)
      {
        g_autoptr(GArray) sql = query_both (fixture->store, one, FALSE);
        g_autoptr(GArray) memory = query_both (fixture->store, one, TRUE);

        g_assert_cmpuint (sql->len, >, 0);
        g_assert_cmpmem (sql->data, sql->len * sizeof (gint64),
                         memory->data, memory->len * sizeof (gint64));
        tz_filter_set_article_id (one, tz_metric_get_article_id (metric));
      }
  }

  tz_store_set_metric_table (fixture->store, FALSE);
  sql_subjects = tz_store_list_subject_counts (fixture->store, 0, &sql_counts, &error);
  g_assert_no_error (error);
  tz_store_set_metric_table (fixture->store, TRUE);
  memory_subjects = tz_store_list_subject_counts (fixture->store, 0, &memory_counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sql_subjects->len, ==, memory_subjects->len);
  for (guint i = 0; i < sql_subjects->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (sql_subjects, i), ==, g_ptr_array_index (memory_subjects, i));
      g_assert_cmpuint (g_array_index (sql_counts, guint, i), ==, g_array_index (memory_counts, guint, i));
    }
}

/* A change by this connection or another one shows at once. */
static void
test_metric_table_changes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  g_autoptr(GArray) again = NULL;
  g_autoptr(TzStore) other = NULL;

  add_fixture (fixture->store, "basic");
  before = tz_store_query_metric_ids (fixture->store, filter, &error);
  g_assert_no_error (error);

  g_assert_true (tz_store_set_not_metric (fixture->store, g_array_index (before, gint64, 0), TRUE, &error));
  after = tz_store_query_metric_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, before->len - 1);

  other = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  add_fixture (other, "regions");
  again = tz_store_query_metric_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, >, after->len);
}

/* The metrics in memory of @store answer as SQL does on @sql_store. */
static void
assert_table_agrees (TzStore *store,
                     TzStore *sql_store)
{
  const char *subjects[] = { NULL, "企业", "全新的主语" };
  const char *units[] = { NULL, "人", "吨" };
  const char *regions[] = { NULL, "320000", "320412" };
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    for (int key = TZ_SORT_TEXT_ORDER; key <= TZ_SORT_DOCUMENT; key++)
      {
        g_autoptr(GArray) sql = NULL;
        g_autoptr(GArray) memory = NULL;

        tz_filter_set_subject (filter, subjects[i]);
        tz_filter_set_unit (filter, units[(i + key) % G_N_ELEMENTS (units)]);
        tz_filter_set_region_code (filter, regions[key % G_N_ELEMENTS (regions)]);
        tz_filter_set_sort_key (filter, key);
        sql = tz_store_query_metric_ids (sql_store, filter, &error);
        g_assert_no_error (error);
        memory = tz_store_query_metric_ids (store, filter, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (sql->len, ==, memory->len);
        g_assert_cmpmem (sql->data, sql->len * sizeof (gint64), memory->data, memory->len * sizeof (gint64));
      }

  for (int group_by = TZ_GROUP_BY_REGION; group_by <= TZ_GROUP_BY_REGION_YEAR; group_by++)
    {
      g_autoptr(TzFilter) all = tz_filter_new ();
      g_autoptr(GArray) sql = tz_store_aggregate (sql_store, all, group_by, TZ_REGION_LEVEL_COUNTY,
                                                  TZ_AGGREGATE_SUM, &error);
      g_autoptr(GArray) memory = tz_store_aggregate (store, all, group_by, TZ_REGION_LEVEL_COUNTY,
                                                     TZ_AGGREGATE_SUM, &error);

      g_assert_no_error (error);
      assert_aggregates_equal (sql, memory);
    }
}

/* A change made on the connection that holds the metrics in memory is
 * taken into them, without reading half a million metrics again; a change
 * by another connection still makes it read them again. */
static void
test_metric_table_follows (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TzStore) sql_store = NULL;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(TzMetric) user = NULL;
  gint64 article_id = 0;
  TzStore *store = fixture->store;

  add_all_fixtures (store);
  sql_store = tz_store_open (fixture->path, TZ_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  tz_store_set_metric_table (sql_store, FALSE);

  ids = tz_store_query_metric_ids (store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 8);
  g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 1);
  assert_table_agrees (store, sql_store);

#define ID(i) g_array_index (ids, gint64, (i))
  g_assert_true (tz_store_correct_metric (store, ID (0), TZ_FIELD_VALUE, "123456", &error));
  g_assert_true (tz_store_correct_metric (store, ID (1), TZ_FIELD_UNIT, "吨", &error));
  g_assert_true (tz_store_correct_metric (store, ID (2), TZ_FIELD_SUBJECT, "全新的主语", &error));
  g_assert_true (tz_store_correct_metric (store, ID (3), TZ_FIELD_REGION, "320412", &error));
  g_assert_true (tz_store_correct_metric (store, ID (4), TZ_FIELD_YEAR, "2001", &error));
  g_assert_true (tz_store_correct_metric (store, ID (5), TZ_FIELD_REGION, "", &error));
  g_assert_true (tz_store_set_not_metric (store, ID (6), TRUE, &error));
  g_assert_no_error (error);
  assert_table_agrees (store, sql_store);
  g_assert_true (tz_store_restore_metric (store, ID (0), &error));
  g_assert_true (tz_store_restore_metric (store, ID (6), &error));
  g_assert_no_error (error);
  assert_table_agrees (store, sql_store);
#undef ID

  /* A figure the user adds comes last by id. */
  {
    g_autoptr(TzFilter) by_document = tz_filter_new ();
    g_autoptr(GArray) documents = tz_store_query_document_ids (store, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < documents->len && article_id == 0; i++)
      {
        g_clear_object (&document);
        document = tz_store_load_document (store, g_array_index (documents, gint64, i), TRUE, &error);
        g_assert_no_error (error);
        if (strstr (tz_document_get_text (document), "第五届") != NULL)
          {
            g_clear_object (&user);
            user = user_metric_for (document, "第五届", &article_id);
          }
      }
    g_assert_cmpint (article_id, >, 0);
    g_assert_cmpint (tz_store_add_user_metric (store, article_id, user, &error), >, 0);
    g_assert_no_error (error);
    assert_table_agrees (store, sql_store);
  }

  g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 1);

  /* Another connection's change: read again. */
  g_assert_true (tz_store_correct_metric (sql_store, tz_metric_get_id (user), TZ_FIELD_VALUE, "6", &error));
  g_assert_no_error (error);
  assert_table_agrees (store, sql_store);
  g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 2);
}

typedef struct
{
  TzStore *store;
  GArray  *ids;
  guint    n_yields;
  guint    n_loaded;
} Yield;

/* A page of records, read while the metrics are being read. */
static void
yield_cb (gpointer data)
{
  Yield *yield = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  guint n = MIN (yield->ids->len, 7);

  yield->n_yields++;
  metrics = tz_store_load_metrics (yield->store, (const gint64 *)(gpointer)yield->ids->data, n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (metrics->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (tz_metric_get_id (metrics->pdata[i]), ==, g_array_index (yield->ids, gint64, i));
  yield->n_loaded += n;
}

/* While the metrics are read into memory, other reads run in between,
 * and the metrics read are the same. */
static void
test_metric_table_yield (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sql = NULL;
  g_autoptr(GArray) memory = NULL;
  Yield yield = { fixture->store, NULL, 0, 0 };

  add_all_fixtures (fixture->store);
  sql = query_both (fixture->store, filter, FALSE);
  g_assert_cmpuint (sql->len, >, 20);
  yield.ids = sql;

  tz_store_set_yield_func (fixture->store, 5, yield_cb, &yield);
  memory = query_both (fixture->store, filter, TRUE);
  tz_store_set_yield_func (fixture->store, 0, NULL, NULL);

  g_assert_cmpuint (yield.n_yields, >=, sql->len / 5);
  g_assert_cmpuint (yield.n_loaded, ==, 7 * yield.n_yields);
  g_assert_cmpuint (memory->len, ==, sql->len);
  g_assert_cmpmem (memory->data, memory->len * sizeof (gint64), sql->data, sql->len * sizeof (gint64));
  g_assert_cmpuint (tz_store_get_n_table_loads (fixture->store), ==, 1);
}

static TzStore *
open_with_table (const char *path)
{
  g_autoptr(GError) error = NULL;
  TzStore *store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

static guint
loads_for_first_query (TzStore *store)
{
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = tz_store_query_metric_ids (store, filter, &error);

  g_assert_no_error (error);
  return tz_store_get_n_table_loads (store);
}

/* The metrics in memory are kept in the user's cache: the next
 * connection reads them from there while the ledger is unchanged, and
 * from SQL once anything changed it, or when the cache is damaged. */
static void
test_metric_table_cache (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) sql_store = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  add_all_fixtures (fixture->store);
  sql_store = open_with_table (fixture->path);
  tz_store_set_metric_table (sql_store, FALSE);
  cache = g_strdup (tz_store_get_cache_path (fixture->store));
  g_assert_true (g_str_has_prefix (cache, g_get_user_cache_dir ()));
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));

  /* Read from SQL, and kept when the store has time. */
  g_assert_cmpuint (loads_for_first_query (fixture->store), ==, 1);
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
  tz_store_save_cache (fixture->store, FALSE);
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));

  /* The next connection reads the cache, and answers as SQL does. */
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpstr (tz_store_get_cache_path (store), ==, cache);
    g_assert_cmpuint (loads_for_first_query (store), ==, 0);
    assert_table_agrees (store, sql_store);
    g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 0);
  }

  /* A correction on the connection with the metrics in memory: they
   * follow it, and are kept again when it closes. */
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = tz_store_query_metric_ids (store, filter, &error);

    g_assert_no_error (error);
    g_assert_true (tz_store_correct_metric (store, g_array_index (ids, gint64, 2),
                                            TZ_FIELD_SUBJECT, "改过的主语", &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 0);
    assert_table_agrees (store, sql_store);
  }

  /* A change from another connection, and the cache is no longer good. */
  {
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = tz_store_query_metric_ids (sql_store, filter, &error);

    g_assert_no_error (error);
    g_assert_true (tz_store_correct_metric (sql_store, g_array_index (ids, gint64, 3),
                                            TZ_FIELD_UNIT, "吨", &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 1);
    assert_table_agrees (store, sql_store);
  }
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 0);
  }

  /* A byte changed in the cache: read from SQL, and the cache made again. */
  g_assert_true (g_file_get_contents (cache, &contents, &length, &error));
  g_assert_cmpuint (length, >, 200);
  contents[length / 2] ^= 0x5a;
  g_assert_true (g_file_set_contents (cache, contents, length, &error));
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 1);
    assert_table_agrees (store, sql_store);
  }
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 0);
  }

  /* Metrics removed behind Taizhang's back (the sqlite3 shell). */
  exec_sql (fixture->path, "DELETE FROM metrics WHERE id = (SELECT max (id) FROM metrics)");
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 1);
    assert_table_agrees (store, sql_store);
  }
}

static guint
count_entries (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A cache that cannot be written (its name taken by a folder, its folder
 * by a file) is done without: the store answers from SQL, and leaves no
 * half-written file behind. */
static void
test_metric_table_cache_unwritable (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(TzStore) sql_store = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *cache_dir = NULL;

  add_all_fixtures (fixture->store);
  sql_store = open_with_table (fixture->path);
  tz_store_set_metric_table (sql_store, FALSE);
  cache = g_strdup (tz_store_get_cache_path (fixture->store));
  cache_dir = g_path_get_dirname (cache);

  /* The rename fails. */
  g_assert_cmpint (g_mkdir_with_parents (cache, 0700), ==, 0);
  g_assert_cmpuint (loads_for_first_query (fixture->store), ==, 1);
  tz_store_save_cache (fixture->store, FALSE);
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_entries (cache_dir), ==, 1);
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 1);
    assert_table_agrees (store, sql_store);
  }

  /* The folder cannot be made. */
  g_assert_cmpint (g_rmdir (cache), ==, 0);
  g_assert_cmpint (g_rmdir (cache_dir), ==, 0);
  g_assert_true (g_file_set_contents (cache_dir, "", 0, NULL));
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 1);
    tz_store_save_cache (store, TRUE);
    assert_table_agrees (store, sql_store);
  }
  g_assert_true (g_file_test (cache_dir, G_FILE_TEST_IS_REGULAR));
  g_unlink (cache_dir);

  /* Writable again: kept, and nothing else left in the folder but a
   * temporary file of another writer still at work; one left an hour ago
   * by a writer that was killed is removed. */
  {
    g_autofree char *stale = g_strconcat (cache, ".a1b2c3", NULL);
    g_autofree char *fresh = g_strconcat (cache, ".d4e5f6", NULL);
    struct utimbuf old_times = { 0, };

    g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (stale, "torn", -1, NULL));
    g_assert_true (g_file_set_contents (fresh, "busy", -1, NULL));
    old_times.actime = old_times.modtime = time (NULL) - 2 * 60 * 60;
    g_assert_cmpint (g_utime (stale, &old_times), ==, 0);
    {
      g_autoptr(TzStore) store = open_with_table (fixture->path);

      g_assert_cmpuint (loads_for_first_query (store), ==, 1);
      tz_store_save_cache (store, FALSE);
    }
    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
    g_unlink (fresh);
  }
  g_assert_true (g_file_test (cache, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_entries (cache_dir), ==, 1);
  {
    g_autoptr(TzStore) store = open_with_table (fixture->path);

    g_assert_cmpuint (loads_for_first_query (store), ==, 0);
    assert_table_agrees (store, sql_store);
  }
}

/* One import into @path, as TzImporter writes it: a batch of three
 * documents, the middle one failing at its statement @fail_at (or not at
 * all), the full-text rows, then a document in a batch of its own and
 * its full-text rows (a ledger opened later would write them, and so
 * change).
 * Returns whether the middle one was added. */
static gboolean
import_following (const char *path,
                  int         fail_at)
{
  g_autoptr(TzStore) store = open_deferring (path);
  g_autoptr(TzDocument) layout = extract_fixture ("layout");
  g_autoptr(TzDocument) basic = extract_fixture ("basic");
  g_autoptr(TzDocument) years = extract_fixture ("years");
  g_autoptr(TzDocument) regions = extract_fixture ("regions");
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) failure = NULL;
  gint64 id;

  tz_store_follow_imports (store);
  g_assert_true (tz_store_begin_batch (store, &error));
  g_assert_cmpint (tz_store_add_document (store, layout, &error), >, 0);
  tz_store_set_fail_after_statements (store, fail_at);
  id = tz_store_add_document (store, basic, &failure);
  tz_store_set_fail_after_statements (store, -1);
  g_assert_true (id > 0 || failure != NULL);
  g_assert_cmpint (tz_store_add_document (store, years, &error), >, 0);
  g_assert_true (tz_store_commit_batch (store, &error));
  g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
  g_assert_true (tz_store_begin_batch (store, &error));
  g_assert_cmpint (tz_store_add_document (store, regions, &error), >, 0);
  g_assert_true (tz_store_commit_batch (store, &error));
  g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 1);

  return id > 0;
}

/* The first query of a new connection to @path: how many times it read
 * the metrics from SQL, after checking that they agree with SQL. */
static guint
loads_agreeing (const char *path)
{
  g_autoptr(TzStore) store = open_with_table (path);
  g_autoptr(TzStore) sql_store = open_with_table (path);
  guint loads = loads_for_first_query (store);

  tz_store_set_metric_table (sql_store, FALSE);
  assert_table_agrees (store, sql_store);
  return loads;
}

/* An import keeps the metrics in memory in step with the documents it
 * writes, a document rolled back in the middle of a batch included, and
 * leaves them in the cache, which the next connection reads instead of
 * SQL. A change it cannot follow, or one by another connection, leaves
 * the metrics to be read from SQL again. */
static void
test_metric_table_import (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int n;

  for (n = 0; ; n += 2)
    {
      g_autofree char *name = g_strdup_printf ("import-%d.db", n);

      g_clear_pointer (&path, g_free);
      path = g_build_filename (fixture->dir, name, NULL);
      if (import_following (path, n))
        break;
      g_assert_cmpuint (loads_agreeing (path), ==, 0);
    }
  g_assert_cmpint (n, >, 10);
  g_assert_cmpuint (loads_agreeing (path), ==, 0);

  /* A ledger with its metrics in the cache: the import starts from there. */
  {
    g_autoptr(TzStore) store = open_deferring (path);
    g_autoptr(TzDocument) numerals = extract_fixture ("numerals");

    tz_store_follow_imports (store);
    g_assert_cmpint (tz_store_add_document (store, numerals, &error), >, 0);
    g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 0);
  }
  g_assert_cmpuint (loads_agreeing (path), ==, 0);

  /* Another connection changes a metric during the import. */
  {
    g_autoptr(TzStore) store = open_deferring (path);
    g_autoptr(TzStore) other = open_with_table (path);
    g_autoptr(TzDocument) reflow = extract_fixture ("reflow");
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = NULL;

    tz_store_follow_imports (store);
    ids = tz_store_query_metric_ids (other, filter, &error);
    g_assert_no_error (error);
    g_assert_true (tz_store_correct_metric (other, g_array_index (ids, gint64, 1),
                                            TZ_FIELD_SUBJECT, "别处改的主语", &error));
    g_assert_cmpint (tz_store_add_document (store, reflow, &error), >, 0);
    g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (loads_agreeing (path), ==, 1);

  /* A file imported again brings back its corrections: the import reads
   * them from SQL. */
  {
    g_autoptr(TzStore) store = open_deferring (path);
    g_autoptr(TzDocument) reflow = extract_fixture ("reflow");
    g_autoptr(TzFilter) filter = tz_filter_new ();
    g_autoptr(GArray) ids = NULL;
    g_autoptr(GArray) documents = tz_store_query_document_ids (store, &error);
    gint64 id = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < documents->len && id == 0; i++)
      {
        gint64 candidate = g_array_index (documents, gint64, i);
        g_autoptr(TzDocument) stored = tz_store_load_document (store, candidate, FALSE, &error);

        g_assert_no_error (error);
        if (g_str_equal (tz_document_get_sha256 (stored), tz_document_get_sha256 (reflow)))
          id = candidate;
      }
    g_assert_cmpint (id, >, 0);
    tz_filter_set_document_id (filter, id);
    ids = tz_store_query_metric_ids (store, filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, >, 0);
    g_assert_true (tz_store_correct_metric (store, g_array_index (ids, gint64, 0),
                                            TZ_FIELD_VALUE, "4242", &error));
    g_assert_true (tz_store_delete_document (store, id, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (loads_agreeing (path), ==, 1);
  {
    g_autoptr(TzStore) store = open_deferring (path);
    g_autoptr(TzDocument) reflow = extract_fixture ("reflow");

    tz_store_follow_imports (store);
    g_assert_cmpuint (tz_store_get_n_table_loads (store), ==, 0);
    g_assert_cmpint (tz_store_add_document (store, reflow, &error), >, 0);
    g_assert_true (tz_store_index_pending (store, 0, NULL, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (loads_agreeing (path), ==, 1);
}

static void
test_stats_and_subjects (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(Snapshot) snap = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  TzStoreStats stats;
  guint64 text_bytes = 0;

  add_all_fixtures (fixture->store);
  snap = take_snapshot (fixture->store);

  g_assert_true (tz_store_get_stats (fixture->store, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_documents, ==, G_N_ELEMENTS (fixtures));
  g_assert_cmpuint (stats.n_articles, ==, snap->articles->len);
  g_assert_cmpuint (stats.n_metrics, ==, snap->metrics->len);
  g_assert_cmpuint (stats.n_corrections, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autoptr(TzDocument) document = extract_fixture (fixtures[i]);

      text_bytes += strlen (tz_document_get_text (document));
    }
  g_assert_cmpuint (stats.text_bytes, ==, text_bytes);
  g_assert_cmpuint (stats.file_bytes, >, text_bytes);

  for (guint i = 0; i < snap->metrics->len; i++)
    {
      const char *subject = tz_metric_get_subject (snap->metrics->pdata[i]);

      if (subject != NULL && *subject != '\0')
        g_hash_table_insert (expected, (gpointer) subject,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, subject)) + 1));
    }

  subjects = tz_store_list_subject_counts (fixture->store, 0, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (subjects->len, ==, g_hash_table_size (expected));
  g_assert_cmpuint (counts->len, ==, subjects->len);
  for (guint i = 0; i < subjects->len; i++)
    {
      g_assert_cmpuint (g_array_index (counts, guint, i), ==,
                        GPOINTER_TO_UINT (g_hash_table_lookup (expected, subjects->pdata[i])));
      if (i > 0)
        g_assert_cmpuint (g_array_index (counts, guint, i), <=, g_array_index (counts, guint, i - 1));
    }
  g_assert_cmpuint (g_array_index (counts, guint, 0), >, 1);

  top = tz_store_list_subjects (fixture->store, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (top->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (top->pdata[i], ==, subjects->pdata[i]);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(TzDocument) document = extract_fixture ("basic");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_fixture (fixture->store, "layout");
  tz_filter_set_search (filter, "工");

  tz_store_set_cancellable (fixture->store, cancellable);
  g_cancellable_cancel (cancellable);
  ids = tz_store_query_metric_ids (fixture->store, filter, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (ids);
  g_clear_error (&error);

  before = dump_database (fixture->path);
  g_assert_cmpint (tz_store_add_document (fixture->store, document, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  after = dump_database (fixture->path);
  g_assert_cmpstr (before, ==, after);

  tz_store_set_cancellable (fixture->store, NULL);
  ids = tz_store_query_metric_ids (fixture->store, filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, >, 0);
}

/* List rows: documents without their text but with their counts, and
 * each article's stored figure count, which "not a metric" lowers. */
static void
test_document_rows (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 wanted[3];

  add_all_fixtures (fixture->store);
  ids = tz_store_query_document_ids (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, G_N_ELEMENTS (fixtures));

  /* In the order asked, skipping ids no longer stored. */
  wanted[0] = g_array_index (ids, gint64, 2);
  wanted[1] = 999999;
  wanted[2] = g_array_index (ids, gint64, 0);
  rows = tz_store_load_documents (fixture->store, wanted, G_N_ELEMENTS (wanted), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);

  for (guint i = 0; i < rows->len; i++)
    {
      TzDocument *row = g_ptr_array_index (rows, i);
      g_autoptr(TzDocument) full = tz_store_load_document (fixture->store, tz_document_get_id (row), TRUE, &error);
      guint n_articles;
      TzArticle * const *articles;

      g_assert_no_error (error);
      g_assert_cmpint (tz_document_get_id (row), ==, i == 0 ? wanted[0] : wanted[2]);
      g_assert_cmpstr (tz_document_get_name (row), ==, tz_document_get_name (full));
      g_assert_cmpstr (tz_document_get_sha256 (row), ==, tz_document_get_sha256 (full));
      g_assert_cmpint (tz_document_get_imported_at (row), ==, tz_document_get_imported_at (full));
      g_assert_null (tz_document_get_text (row));
      g_assert_cmpuint (tz_document_get_n_articles (row), ==, 0);
      g_assert_cmpuint (tz_document_get_article_count (row), ==, tz_document_get_n_articles (full));
      g_assert_cmpuint (tz_document_get_metric_count (row), ==, tz_document_get_n_metrics (full));
      g_assert_cmpuint (tz_document_get_metric_count (row), >, 0);

      articles = tz_document_peek_articles (full, &n_articles);
      for (guint a = 0; a < n_articles; a++)
        g_assert_cmpuint (tz_article_get_metric_count (articles[a]), ==,
                          tz_article_get_n_metrics (articles[a]));
    }

  /* A figure marked "not a metric" leaves both counts. */
  {
    TzDocument *row = g_ptr_array_index (rows, 0);
    g_autoptr(TzDocument) full = tz_store_load_document (fixture->store, tz_document_get_id (row), TRUE, &error);
    guint n_articles;
    TzArticle *article = tz_document_peek_articles (full, &n_articles)[0];
    guint n_metrics;
    TzMetric *metric = tz_article_peek_metrics (article, &n_metrics)[0];
    gint64 document_id = tz_document_get_id (row);
    gint64 article_id = tz_article_get_id (article);
    g_autoptr(GPtrArray) again = NULL;
    g_autoptr(GPtrArray) reloaded = NULL;

    g_assert_true (tz_store_set_not_metric (fixture->store, tz_metric_get_id (metric), TRUE, &error));
    g_assert_no_error (error);

    again = tz_store_load_documents (fixture->store, &document_id, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tz_document_get_metric_count (g_ptr_array_index (again, 0)), ==,
                      tz_document_get_metric_count (row) - 1);

    reloaded = tz_store_load_articles (fixture->store, &article_id, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (tz_article_get_metric_count (g_ptr_array_index (reloaded, 0)), ==, n_metrics - 1);
  }

  /* assign() copies the counts, for lazy lists' placeholders. */
  {
    g_autoptr(TzDocument) placeholder = tz_document_new (NULL);
    g_autoptr(TzArticle) article_placeholder = tz_article_new ();
    gint64 article_id;
    g_autoptr(GPtrArray) articles = NULL;
    g_autoptr(TzDocument) full = tz_store_load_document (fixture->store, wanted[2], TRUE, &error);
    guint n_articles;

    tz_document_assign (placeholder, g_ptr_array_index (rows, 1));
    g_assert_cmpstr (tz_document_get_name (placeholder), ==, tz_document_get_name (g_ptr_array_index (rows, 1)));
    g_assert_cmpuint (tz_document_get_article_count (placeholder), ==,
                      tz_document_get_article_count (g_ptr_array_index (rows, 1)));

    article_id = tz_article_get_id (tz_document_peek_articles (full, &n_articles)[0]);
    articles = tz_store_load_articles (fixture->store, &article_id, 1, &error);
    g_assert_no_error (error);
    tz_article_assign (article_placeholder, g_ptr_array_index (articles, 0));
    g_assert_cmpuint (tz_article_get_metric_count (article_placeholder), ==,
                      tz_article_get_metric_count (g_ptr_array_index (articles, 0)));
    g_assert_cmpuint (tz_article_get_metric_count (article_placeholder), >, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The ledgers' full-text index, for the checks that open them with SQLite. */
  tz_fts_tokenizer_register_everywhere ();

#define ADD(name, func) \
  g_test_add ("/taizhang/store/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open/new", test_open_new);
  g_test_add_func ("/taizhang/store/open/default-path", test_default_path);
  g_test_add_func ("/taizhang/store/open/read-only", test_read_only);
  ADD ("open/newer-schema", test_newer_schema);
  ADD ("open/corrupt", test_corrupt);
  ADD ("open/busy", test_busy);
  g_test_add_func ("/taizhang/store/open/thread-check", test_thread_check);
  g_test_add_func ("/taizhang/store/migration/empty-file", test_migration_empty_file);
  g_test_add_func ("/taizhang/store/migration/every-version", test_migration_every_version);
  g_test_add_func ("/taizhang/store/migration/keeps-data", test_migration_keeps_data);
  g_test_add_func ("/taizhang/store/migration/read-only", test_migration_read_only);
  g_test_add_func ("/taizhang/store/migration/bigram-index", test_migration_bigram_index);
  ADD ("documents/round-trip", test_round_trip);
  ADD ("documents/duplicate", test_duplicate);
  ADD ("documents/atomic-add", test_atomic_add);
  ADD ("documents/batch", test_batch);
  ADD ("documents/batch-abort", test_batch_abort);
  ADD ("documents/delete", test_delete);
  ADD ("documents/tuned-for-import", test_tuned_for_import);
  ADD ("documents/pages", test_pages);
  ADD ("documents/many-figures", test_many_figures);
  ADD ("documents/text-read-once", test_text_read_once);
  ADD ("query/fts", test_fts);
  g_test_add_func ("/taizhang/store/query/fts-bigrams", test_fts_bigrams);
  ADD ("query/short-words", test_short_words);
  ADD ("query/filters", test_filters);
  ADD ("query/sort", test_sort);
  ADD ("query/aggregate", test_aggregate);
  ADD ("query/stats-and-subjects", test_stats_and_subjects);
  ADD ("query/metric-table", test_metric_table);
  ADD ("query/deferred-index", test_deferred_index);
  ADD ("query/metric-table-changes", test_metric_table_changes);
  ADD ("query/metric-table-follows", test_metric_table_follows);
  ADD ("query/metric-table-yield", test_metric_table_yield);
  ADD ("query/metric-table-cache", test_metric_table_cache);
  ADD ("query/metric-table-cache-unwritable", test_metric_table_cache_unwritable);
  ADD ("query/metric-table-import", test_metric_table_import);
  ADD ("query/cancel", test_cancel);
  ADD ("query/document-rows", test_document_rows);
  ADD ("corrections/fields", test_corrections_fields);
  ADD ("corrections/validation", test_corrections_validation);
  ADD ("corrections/user-metric", test_user_metric);
  ADD ("corrections/survive-reimport", test_corrections_survive_reimport);
  ADD ("corrections/survive-replace", test_corrections_survive_replace);
  ADD ("corrections/follow-text", test_corrections_follow_text);
  ADD ("corrections/not-metric", test_not_metric);
  ADD ("corrections/restore", test_restore);

#undef ADD

  return g_test_run ();
}
