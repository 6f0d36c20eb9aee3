/* crash-helper.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The part of test-crash.py that needs the store itself (the CLI cannot
 * correct a figure):
 *
 *   crash-helper correct LEDGER VALUE   corrects the value of the ledger's
 *                                       first figure; prints its sha256,
 *                                       start and end
 *   crash-helper verify LEDGER SHA256 START END VALUE
 *                                       exits 0 if the figure at that
 *                                       place of that document is stored
 *                                       with VALUE and marked corrected
 *   crash-helper forget LEDGER SHA256   deletes every document but that
 *                                       one, so that the next import has
 *                                       work to be killed in
 *   crash-helper check LEDGER           runs SQLite's integrity_check and
 *                                       FTS5's on the ledger as it stands
 *                                       (opening a store would finish what
 *                                       a killed import left); both need
 *                                       the ledger's tokenizer */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tz-core.h"
#include "tz-fts-tokenizer.h"

static int
correct (const char *path,
         const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_autoptr(TzFilter) filter = tz_filter_new ();
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(TzDocument) document = NULL;
  TzMetric *metric;
  gint64 id;

  if (store == NULL ||
      (ids = tz_store_query_metric_ids (store, filter, &error)) == NULL ||
      ids->len == 0)
    {
      fprintf (stderr, "crash-helper: no figure to correct: %s\n", error ? error->message : "empty");
      return 1;
    }

  id = g_array_index (ids, gint64, 0);
  if (!tz_store_correct_metric (store, id, TZ_FIELD_VALUE, value, &error) ||
      (metrics = tz_store_load_metrics (store, &id, 1, &error)) == NULL ||
      metrics->len != 1)
    {
      fprintf (stderr, "crash-helper: %s\n", error ? error->message : "not stored");
      return 1;
    }

  metric = metrics->pdata[0];
  document = tz_store_load_document (store, tz_metric_get_document_id (metric), FALSE, &error);
  if (document == NULL)
    {
      fprintf (stderr, "crash-helper: %s\n", error->message);
      return 1;
    }

  printf ("%s %u %u\n", tz_document_get_sha256 (document),
          tz_metric_get_start (metric), tz_metric_get_end (metric));
  return 0;
}

static int
verify (const char *path,
        const char *sha256,
        guint       start,
        guint       end,
        const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(TzDocument) document = NULL;
  gint64 document_id = 0;

  if (store == NULL)
    {
      fprintf (stderr, "crash-helper: %s\n", error->message);
      return 1;
    }
  if (!tz_store_has_document (store, sha256, &document_id))
    {
      fprintf (stderr, "crash-helper: the corrected document is gone\n");
      return 1;
    }

  document = tz_store_load_document (store, document_id, TRUE, &error);
  if (document == NULL)
    {
      fprintf (stderr, "crash-helper: %s\n", error->message);
      return 1;
    }

  for (guint a = 0; a < tz_document_get_n_articles (document); a++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (tz_document_get_articles (document), a);
      GListModel *metrics = tz_article_get_metrics (article);

      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);
          g_autofree char *stored = NULL;
          TzDecimal dec;

          if (tz_metric_get_start (metric) != start || tz_metric_get_end (metric) != end)
            continue;

          tz_metric_get_value (metric, &dec);
          stored = tz_decimal_to_string (&dec);
          if (g_str_equal (stored, value) && tz_metric_get_corrected (metric))
            return 0;

          fprintf (stderr, "crash-helper: the figure holds %s (corrected: %d), not %s\n",
                   stored, tz_metric_get_corrected (metric), value);
          return 1;
        }
    }

  fprintf (stderr, "crash-helper: no figure at %u–%u any more\n", start, end);
  return 1;
}

static int
forget (const char *path,
        const char *keep)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TzStore) store = tz_store_open (path, TZ_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GArray) ids = NULL;

  if (store == NULL || (ids = tz_store_query_document_ids (store, &error)) == NULL)
    {
      fprintf (stderr, "crash-helper: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr(TzDocument) document = tz_store_load_document (store, id, FALSE, &error);

      if (document == NULL ||
          (!g_str_equal (tz_document_get_sha256 (document), keep) &&
           !tz_store_delete_document (store, id, &error)))
        {
          fprintf (stderr, "crash-helper: %s\n", error->message);
          return 1;
        }
    }

  return 0;
}

static int
check (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = tz_fts_tokenizer_register (db);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  while (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *row = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (row, "ok") != 0)
        {
          fprintf (stderr, "integrity_check: %s\n", row);
          rc = SQLITE_CORRUPT;
        }
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "INSERT INTO article_fts (article_fts) VALUES ('integrity-check')",
                       NULL, NULL, &message);
  if (rc != SQLITE_OK)
    fprintf (stderr, "%s\n", message != NULL ? message : sqlite3_errstr (rc));
  sqlite3_free (message);
  sqlite3_close (db);
  return rc == SQLITE_OK ? 0 : 1;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "correct"))
    return correct (argv[2], argv[3]);
  if (argc == 7 && g_str_equal (argv[1], "verify"))
    return verify (argv[2], argv[3], atoi (argv[4]), atoi (argv[5]), argv[6]);
  if (argc == 4 && g_str_equal (argv[1], "forget"))
    return forget (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "check"))
    return check (argv[2]);

  fprintf (stderr, "usage: crash-helper correct LEDGER VALUE\n"
                   "       crash-helper verify LEDGER SHA256 START END VALUE\n"
                   "       crash-helper forget LEDGER SHA256\n"
                   "       crash-helper check LEDGER\n");
  return 2;
}
