/* tz-importer.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-importer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tz-decoder.h"
#include "tz-document.h"
#include "tz-extractor.h"
#include "tz-importer.h"
#include "tz-reader.h"
#include "tz-sha256.h"
#include "tz-store.h"

/* An import runs in a GTask thread that is the ledger's only writer: it
 * walks the inputs, hands reading and extraction to a pool with one
 * worker per core, and writes the documents as they come back, in the
 * order of the walk.
 *
 * Each document is written whole or not at all (a savepoint of its own),
 * and up to BATCH_DOCUMENTS of them, or BATCH_BYTES of files, share one
 * commit: a commit per document rewrote the pages they all share. A batch
 * is also committed whenever the writer would wait for the workers, so a
 * slow extraction never holds documents back. Outcomes are reported once
 * their batch is committed; if the commit fails, its documents are
 * written again one by one, so each file still gets an outcome of its
 * own. A failure or a cancel therefore never leaves part of a document
 * behind, and the UI thread only ever sees progress.
 *
 * The full-text rows are written apart, once INDEX_BYTES of documents
 * wait for them and at the end: FTS5 indexes megabytes in one go several
 * times faster than a document at a time, and searches find the waiting
 * documents meanwhile (see tz_store_set_defer_indexing()). */
#define BATCH_DOCUMENTS 256
#define BATCH_BYTES     (16 * 1024 * 1024)
#define INDEX_BYTES     (8 * 1024 * 1024)

/* Files read and not yet written are in memory with their records, many
 * times their size for a paper of short articles (twelve volumes of
 * 8.4 MB, all in flight, took 1.1 GB): at most this much of them at once
 * beyond two files, one being written while the next is extracted. */
#define IN_FLIGHT_BYTES (16 * 1024 * 1024)

struct _TzImporter
{
  GObject  parent_instance;

  char    *ledger_path;
  char    *date;
  guint64  bytes_total;
  guint64  bytes_done;
  guint    n_files;
  guint    n_done;
  guint    running : 1;
};

G_DEFINE_FINAL_TYPE (TzImporter, tz_importer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEDGER_PATH,
  PROP_DATE,
  PROP_RUNNING,
  PROP_N_FILES,
  PROP_N_DONE,
  PROP_BYTES_TOTAL,
  PROP_BYTES_DONE,
  N_PROPS
};

enum {
  OUTCOME,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  STAGE_LOAD,
  STAGE_EXTRACT,
} Stage;

typedef struct
{
  GFile           *file;
  char            *path;
  guint64          size;
  Stage            stage;
  guint            queued : 1; /* handed to the pool to be read */
  guint            loaded : 1; /* read, waiting for its turn to be checked */
  guint            extracted : 1; /* waiting for its turn to be written */
  TzImportOutcome *outcome;
  GBytes          *bytes;
  char            *sha256;
  TzDocument      *document;
  GError          *error;
} Entry;

typedef struct
{
  GPtrArray    *inputs;      /* GFile */
  char         *ledger_path;
  char         *date;
  GMainContext *context;
  TzImporter   *self;        /* only touched on @context */
  GPtrArray    *entries;     /* Entry */
  GPtrArray    *outcomes;    /* TzImportOutcome */
  GAsyncQueue  *returned;    /* Entry, back from the pool */
  gsize         unindexed;   /* bytes of imported files not indexed yet */
  GHashTable   *visited;     /* "dev:inode" of folders, against link loops */
  GThreadPool  *reaper;      /* frees written documents off the writer */
} Run;

typedef struct
{
  TzImporter      *self;
  TzImportOutcome *outcome;
  guint            n_files;
  guint64          bytes_total;
  guint64          bytes;
  guint            totals : 1;
} Update;

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->file);
  g_clear_pointer (&entry->path, g_free);
  g_clear_object (&entry->outcome);
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  g_clear_pointer (&entry->sha256, g_free);
  g_clear_object (&entry->document);
  g_clear_error (&entry->error);
  g_free (entry);
}

static void
run_free (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->inputs, g_ptr_array_unref);
  g_clear_pointer (&run->ledger_path, g_free);
  g_clear_pointer (&run->date, g_free);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_object (&run->self);
  g_clear_pointer (&run->entries, g_ptr_array_unref);
  g_clear_pointer (&run->outcomes, g_ptr_array_unref);
  g_clear_pointer (&run->returned, g_async_queue_unref);
  g_clear_pointer (&run->visited, g_hash_table_unref);
  g_free (run);
}

/* ------------------------------------------------------------------ */
/* Progress, on the caller's main context                              */
/* ------------------------------------------------------------------ */

static void
update_free (gpointer data)
{
  Update *update = data;

  g_clear_object (&update->self);
  g_clear_object (&update->outcome);
  g_free (update);
}

static gboolean
apply_update (gpointer data)
{
  Update *update = data;
  TzImporter *self = update->self;

  g_object_freeze_notify (G_OBJECT (self));

  if (update->totals)
    {
      self->n_files = update->n_files;
      self->bytes_total = update->bytes_total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FILES]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
    }

  if (update->outcome != NULL)
    {
      self->n_done++;
      self->bytes_done += update->bytes;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (update->outcome != NULL)
    g_signal_emit (self, signals[OUTCOME], 0, update->outcome);

  return G_SOURCE_REMOVE;
}

static void
post_update (Run             *run,
             TzImportOutcome *outcome,
             guint64          bytes,
             gboolean         totals)
{
  Update *update = g_new0 (Update, 1);

  update->self = g_object_ref (run->self);
  update->outcome = outcome ? g_object_ref (outcome) : NULL;
  update->bytes = bytes;
  update->totals = !!totals;
  update->n_files = run->entries->len;
  if (totals)
    for (guint i = 0; i < run->entries->len; i++)
      update->bytes_total += ((Entry *)g_ptr_array_index (run->entries, i))->size;

  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, apply_update, update, update_free);
}

/* ------------------------------------------------------------------ */
/* Reading a file                                                      */
/* ------------------------------------------------------------------ */

static GBytes *
set_too_large_error (GError     **error,
                     const char  *display)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               _("“%s” is too large to be a report (over %d MiB)"),
               display, TZ_MAX_REPORT_SIZE / (1024 * 1024));
  return NULL;
}

/* A link dropped from a browser arrives as an http:// GFile, which GVfs
 * would download: Taizhang never goes on the network, so only files with
 * a local path (which includes mounted shares) are read. */
static GBytes *
set_not_local_error (GError     **error,
                     const char  *display)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("“%s” is not a file on this computer, and Taizhang never "
                 "downloads anything; save it to a folder first"),
               display);
  return NULL;
}

static GBytes *
set_read_error (GError     **error,
                int          saved_errno,
                const char  *display)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not read “%s”: %s"), display, g_strerror (saved_errno));
  return NULL;
}

/**
 * tz_importer_read_file:
 * @file: a report file
 * @error: a #GError
 *
 * Reads a report file as an import does. Only a regular file is read: a
 * FIFO or a device would block or never end, and although the walk
 * refuses them, a file can be replaced by one before it is read. It is
 * read, not mapped: a mapped file that another program truncates meanwhile
 * kills the reader with SIGBUS. Files over %TZ_MAX_REPORT_SIZE (also one
 * that grew past it since the walk) fail with %G_IO_ERROR_NO_SPACE, as in
 * tz_read_report().
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 */
GBytes *
tz_importer_read_file (GFile   *file,
                       GError **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree guint8 *data = NULL;
  struct stat st;
  gsize capacity, len = 0;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    return set_not_local_error (error, display);

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_read_error (error, errno, display);

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      return set_read_error (error, saved_errno, display);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a regular file"), display);
      return NULL;
    }
  if (st.st_size > TZ_MAX_REPORT_SIZE)
    {
      close (fd);
      return set_too_large_error (error, display);
    }

  /* One byte more than its size, so that a file still being written is
   * read to its end, but never past the limit. */
  capacity = (gsize) st.st_size + 1;
  data = g_malloc (capacity);
  for (;;)
    {
      gssize n;

      if (len == capacity)
        {
          capacity = MIN (capacity * 2, (gsize) TZ_MAX_REPORT_SIZE + 1);
          data = g_realloc (data, capacity);
        }

      n = read (fd, data + len, capacity - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          return set_read_error (error, saved_errno, display);
        }
      if (n == 0)
        break;

      len += n;
      if (len > TZ_MAX_REPORT_SIZE)
        {
          close (fd);
          return set_too_large_error (error, display);
        }
    }
  close (fd);

  return g_bytes_new_take (g_steal_pointer (&data), len);
}

/* ------------------------------------------------------------------ */
/* Walking the inputs                                                  */
/* ------------------------------------------------------------------ */

#define QUERY_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
  G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN "," \
  G_FILE_ATTRIBUTE_UNIX_DEVICE "," G_FILE_ATTRIBUTE_UNIX_INODE

static void
add_entry (Run            *run,
           GFile          *file,
           guint64         size,
           TzImportStatus  rejected,
           const char     *message)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->file = g_object_ref (file);
  entry->path = g_file_get_path (file);
  if (entry->path == NULL)
    entry->path = g_file_get_uri (file);
  entry->size = size;
  if (message != NULL)
    entry->outcome = tz_import_outcome_new (entry->path, rejected, message);

  g_ptr_array_add (run->entries, entry);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **)a);
  g_autofree char *pb = g_file_get_path (*(GFile **)b);

  return g_strcmp0 (pa, pb);
}

static void walk (Run          *run,
                  GFile        *file,
                  gboolean      explicit,
                  GCancellable *cancellable);

static void
walk_folder (Run          *run,
             GFile        *folder,
             GFileInfo    *info,
             GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *key = NULL;

  /* A folder reached twice through links is walked once; this also ends
   * symlink loops. */
  key = g_strdup_printf ("%u:%" G_GUINT64_FORMAT,
                         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_DEVICE),
                         g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
  if (!g_hash_table_add (run->visited, g_steal_pointer (&key)))
    return;

  children = g_file_enumerate_children (folder, QUERY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE,
                                        cancellable, &error);
  if (children == NULL)
    {
      add_entry (run, folder, 0, TZ_IMPORT_UNREADABLE, error->message);
      return;
    }

  for (;;)
    {
      GFileInfo *child_info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &child_info, &child, cancellable, &error))
        {
          add_entry (run, folder, 0, TZ_IMPORT_UNREADABLE, error->message);
          break;
        }
      if (child_info == NULL)
        break;
      if (g_file_info_get_is_hidden (child_info))
        continue;

      g_ptr_array_add (files, g_object_ref (child));
    }

  /* The same folder imports in the same order everywhere. */
  g_ptr_array_sort (files, compare_paths);
  for (guint i = 0; i < files->len; i++)
    walk (run, g_ptr_array_index (files, i), FALSE, cancellable);
}

static void
walk (Run          *run,
      GFile        *file,
      gboolean      explicit,
      GCancellable *cancellable)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint64 size;

  if (g_cancellable_is_cancelled (cancellable))
    return;

  /* Not even asked about: querying a remote location is a download. */
  if (!g_file_is_native (file))
    {
      g_autofree char *display = g_file_get_parse_name (file);

      set_not_local_error (&error, display);
      add_entry (run, file, 0, TZ_IMPORT_UNSUPPORTED, error->message);
      return;
    }

  info = g_file_query_info (file, QUERY_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      add_entry (run, file, 0, TZ_IMPORT_UNREADABLE, error->message);
      return;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      walk_folder (run, file, info, cancellable);
      return;
    }

  name = g_file_get_basename (file);
  size = g_file_info_get_size (info);

  if (tz_report_format_for_name (name) == TZ_REPORT_FORMAT_UNSUPPORTED)
    {
      /* Pictures and spreadsheets inside a dropped folder are not reports;
       * only a file the user named gets told so. */
      if (explicit)
        add_entry (run, file, size, TZ_IMPORT_UNSUPPORTED,
                   _("Taizhang reads plain text, Markdown, HTML, PDF and Word (.docx) reports"));
      return;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      /* Only a link that leads nowhere is still a link once followed. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_SYMBOLIC_LINK)
        add_entry (run, file, 0, TZ_IMPORT_UNREADABLE,
                   _("a link to a file that does not exist, or a loop of links"));
      else
        add_entry (run, file, 0, TZ_IMPORT_UNREADABLE,
                   _("not a regular file (a pipe, a socket or a device)"));
      return;
    }

  if (size > TZ_MAX_REPORT_SIZE)
    {
      g_autofree char *message = g_strdup_printf (_("over %d MiB; no report is that large"),
                                                  TZ_MAX_REPORT_SIZE / (1024 * 1024));
      add_entry (run, file, size, TZ_IMPORT_TOO_LARGE, message);
      return;
    }

  add_entry (run, file, size, TZ_IMPORT_IMPORTED, NULL);
}

/* ------------------------------------------------------------------ */
/* Workers                                                             */
/* ------------------------------------------------------------------ */

static void
work (gpointer data,
      gpointer user_data)
{
  Entry *entry = data;
  Run *run = user_data;

  if (entry->stage == STAGE_LOAD)
    {
      entry->bytes = tz_importer_read_file (entry->file, &entry->error);
      if (entry->bytes != NULL)
        entry->sha256 = tz_sha256_for_bytes (entry->bytes);
    }
  else
    {
      g_autoptr(TzExtractor) extractor = tz_extractor_new ();
      g_autofree char *name = g_file_get_basename (entry->file);

      tz_extractor_set_date (extractor, run->date);
      entry->document = tz_read_report (extractor, name, entry->bytes, &entry->error);
      if (entry->document != NULL)
        tz_document_set_path (entry->document, entry->path);
      g_clear_pointer (&entry->bytes, g_bytes_unref);
    }

  g_async_queue_push (run->returned, entry);
}

static TzImportStatus
status_for_error (const GError *error)
{
  if (g_error_matches (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY))
    return TZ_IMPORT_EMPTY;
  if (error->domain == TZ_DECODE_ERROR)
    return TZ_IMPORT_DECODE_ERROR;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    return TZ_IMPORT_UNSUPPORTED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    return TZ_IMPORT_TOO_LARGE;
  if (error->domain == TZ_STORE_ERROR)
    return TZ_IMPORT_FAILED;
  return TZ_IMPORT_UNREADABLE;
}

static void
finish_entry (Run            *run,
              Entry          *entry,
              TzImportStatus  status,
              const char     *message)
{
  if (entry->outcome == NULL)
    entry->outcome = tz_import_outcome_new (entry->path, status, message);

  g_ptr_array_add (run->outcomes, g_object_ref (entry->outcome));
  post_update (run, entry->outcome, entry->size, FALSE);

  /* Free the big parts now; the entry stays for its outcome. A document
   * with its articles and figures is freed on another thread: the writer
   * is what an import waits for. */
  g_clear_pointer (&entry->bytes, g_bytes_unref);
  if (run->reaper != NULL && entry->document != NULL)
    g_thread_pool_push (run->reaper, g_steal_pointer (&entry->document), NULL);
  g_clear_object (&entry->document);
}

static void
reap (gpointer data,
      gpointer user_data)
{
  g_object_unref (data);
}

/* Writes the document and sets the entry's outcome, to be reported by
 * finish_entry() when it is committed. */
static void
write_entry (TzStore *store,
             Entry   *entry)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_clear_object (&entry->outcome);
  if (entry->error != NULL)
    {
      entry->outcome = tz_import_outcome_new (entry->path, status_for_error (entry->error),
                                              entry->error->message);
      return;
    }

  id = tz_store_add_document (store, entry->document, &error);
  if (id <= 0)
    {
      if (g_error_matches (error, TZ_STORE_ERROR, TZ_STORE_ERROR_DUPLICATE))
        entry->outcome = tz_import_outcome_new (entry->path, TZ_IMPORT_DUPLICATE, NULL);
      else
        entry->outcome = tz_import_outcome_new (entry->path, TZ_IMPORT_FAILED,
                                                error ? error->message : NULL);
      return;
    }

  entry->outcome = tz_import_outcome_new (entry->path, TZ_IMPORT_IMPORTED, NULL);
  tz_import_outcome_set_counts (entry->outcome,
                                tz_document_get_n_articles (entry->document),
                                tz_document_get_n_metrics (entry->document));
  tz_import_outcome_set_document_id (entry->outcome, id);
}

static void
index_pending (TzStore *store)
{
  g_autoptr(GError) error = NULL;

  /* The documents are saved; their full-text rows wait for the next
   * writer (a search still finds them). */
  if (!tz_store_index_pending (store, 0, NULL, &error))
    g_warning ("Could not index the imported documents: %s", error->message);
}

typedef struct
{
  GPtrArray *entries;  /* Entry: written, not committed yet */
  guint64    bytes;
  gboolean   open;
} Batch;

static void
batch_write (Run     *run,
             TzStore *store,
             Batch   *batch,
             Entry   *entry)
{
  if (!batch->open)
    {
      g_autoptr(GError) error = NULL;

      batch->open = tz_store_begin_batch (store, &error);
      if (!batch->open)
        {
          /* Written on its own, the document reports the same failure. */
          g_debug ("Could not start a batch: %s", error->message);
          write_entry (store, entry);
          finish_entry (run, entry, TZ_IMPORT_FAILED, NULL);
          return;
        }
    }

  write_entry (store, entry);
  g_ptr_array_add (batch->entries, entry);
  batch->bytes += entry->size;
}

static void
batch_commit (Run     *run,
              TzStore *store,
              Batch   *batch)
{
  g_autoptr(GError) error = NULL;

  if (!batch->open)
    return;

  batch->open = FALSE;
  if (!tz_store_commit_batch (store, &error))
    {
      g_debug ("Could not commit a batch (%s); writing its documents one by one",
               error->message);
      for (guint i = 0; i < batch->entries->len; i++)
        write_entry (store, g_ptr_array_index (batch->entries, i));
    }

  for (guint i = 0; i < batch->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (batch->entries, i);

      if (tz_import_outcome_get_status (entry->outcome) == TZ_IMPORT_IMPORTED)
        run->unindexed += entry->size;
      finish_entry (run, entry, TZ_IMPORT_FAILED, NULL);
    }
  g_ptr_array_set_size (batch->entries, 0);
  batch->bytes = 0;

  if (run->unindexed >= INDEX_BYTES)
    {
      index_pending (store);
      run->unindexed = 0;
    }
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(TzStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GThreadPool *pool;
  guint n_workers = MAX (1, g_get_num_processors ());
  guint limit = 4 * n_workers + 4;  /* test-bad-input.c's vanishing test knows it */
  guint next = 0;
  guint checked = 0;
  guint written = 0;
  guint in_flight = 0;
  guint64 in_flight_bytes = 0;
  Batch batch = { g_ptr_array_new (), 0, FALSE };

  store = tz_store_open (run->ledger_path, TZ_STORE_OPEN_DEFAULT, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  tz_store_set_defer_indexing (store, TRUE);
  if (!tz_store_tune_for_import (store, &error))
    {
      g_debug ("Importing with the default cache: %s", error->message);
      g_clear_error (&error);
    }
  tz_store_follow_imports (store);

  for (guint i = 0; i < run->inputs->len; i++)
    walk (run, g_ptr_array_index (run->inputs, i), TRUE, cancellable);
  post_update (run, NULL, 0, TRUE);

  pool = g_thread_pool_new (work, run, n_workers, FALSE, NULL);
  run->reaper = g_thread_pool_new (reap, NULL, 1, FALSE, NULL);

  for (;;)
    {
      gboolean cancelled = g_cancellable_is_cancelled (cancellable);
      Entry *entry;

      /* Keep the pool busy, but only a bounded number of documents in
       * memory: the writer may be slower than the readers. */
      while (!cancelled && in_flight < limit && next < run->entries->len)
        {
          entry = g_ptr_array_index (run->entries, next);
          if (entry->outcome == NULL && in_flight >= 2 &&
              in_flight_bytes + entry->size > IN_FLIGHT_BYTES)
            break;
          next++;
          if (entry->outcome != NULL)
            {
              finish_entry (run, entry, tz_import_outcome_get_status (entry->outcome), NULL);
              continue;
            }
          entry->stage = STAGE_LOAD;
          entry->queued = TRUE;
          in_flight++;
          in_flight_bytes += entry->size;
          g_thread_pool_push (pool, entry, NULL);
        }

      if (in_flight == 0)
        break;

      /* Commit while the workers have nothing for us, or a full batch. */
      if (batch.open &&
          (batch.entries->len >= BATCH_DOCUMENTS || batch.bytes >= BATCH_BYTES ||
           g_async_queue_length (run->returned) == 0))
        batch_commit (run, store, &batch);

      entry = g_async_queue_pop (run->returned);

      if (entry->stage == STAGE_LOAD)
        {
          entry->loaded = TRUE;

          /* Files are read in any order, but they are checked in the
           * order of the walk, so that of two copies in one import the
           * first is imported and the second is the duplicate, however
           * the reads were scheduled. */
          while (checked < next)
            {
              entry = g_ptr_array_index (run->entries, checked);
              if (entry->queued && !entry->loaded)
                break;
              checked++;
              if (!entry->queued)
                continue;

              if (entry->error != NULL)
                {
                  in_flight--;
                  in_flight_bytes -= entry->size;
                  finish_entry (run, entry, status_for_error (entry->error), entry->error->message);
                }
              else if (g_hash_table_contains (seen, entry->sha256) ||
                       tz_store_has_document (store, entry->sha256, NULL))
                {
                  in_flight--;
                  in_flight_bytes -= entry->size;
                  finish_entry (run, entry, TZ_IMPORT_DUPLICATE, NULL);
                }
              else if (g_cancellable_is_cancelled (cancellable))
                {
                  in_flight--;
                  in_flight_bytes -= entry->size;
                  finish_entry (run, entry, TZ_IMPORT_CANCELLED, NULL);
                }
              else
                {
                  g_hash_table_add (seen, entry->sha256);
                  entry->stage = STAGE_EXTRACT;
                  g_thread_pool_push (pool, entry, NULL);
                }
            }
          continue;
        }

      /* Documents are written in the order of the walk too, however the
       * extractions finish: the same files get the same order in the
       * ledger (and in its lists and exports) at every import. An entry
       * counts as in flight until written, which bounds how many wait. */
      entry->extracted = TRUE;
      while (written < checked)
        {
          entry = g_ptr_array_index (run->entries, written);
          if (entry->stage == STAGE_EXTRACT && !entry->extracted)
            break;
          written++;
          if (entry->stage != STAGE_EXTRACT)
            continue;   /* finished when checked */

          in_flight--;
          in_flight_bytes -= entry->size;
          if (g_cancellable_is_cancelled (cancellable))
            finish_entry (run, entry, TZ_IMPORT_CANCELLED, NULL);
          else
            batch_write (run, store, &batch, entry);
        }
    }

  g_thread_pool_free (pool, FALSE, TRUE);
  batch_commit (run, store, &batch);
  g_ptr_array_unref (batch.entries);
  if (run->unindexed > 0)
    index_pending (store);

  /* Files never reached are reported as cancelled, so every file the user
   * gave has an outcome. */
  for (; next < run->entries->len; next++)
    {
      Entry *entry = g_ptr_array_index (run->entries, next);
      finish_entry (run, entry, entry->outcome ? tz_import_outcome_get_status (entry->outcome)
                                               : TZ_IMPORT_CANCELLED, NULL);
    }

  g_thread_pool_free (g_steal_pointer (&run->reaper), FALSE, TRUE);

  /* Closed before the outcomes go out: whoever opens the ledger next
   * finds its metrics in the cache. */
  g_clear_object (&store);

  g_task_return_pointer (task, g_ptr_array_ref (run->outcomes), (GDestroyNotify)g_ptr_array_unref);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_importer_finalize (GObject *object)
{
  TzImporter *self = (TzImporter *)object;

  g_clear_pointer (&self->ledger_path, g_free);
  g_clear_pointer (&self->date, g_free);

  G_OBJECT_CLASS (tz_importer_parent_class)->finalize (object);
}

static void
tz_importer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TzImporter *self = TZ_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_LEDGER_PATH:
      g_value_set_string (value, self->ledger_path);
      break;

    case PROP_DATE:
      g_value_set_string (value, self->date);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_N_FILES:
      g_value_set_uint (value, self->n_files);
      break;

    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;

    case PROP_BYTES_TOTAL:
      g_value_set_uint64 (value, self->bytes_total);
      break;

    case PROP_BYTES_DONE:
      g_value_set_uint64 (value, self->bytes_done);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_importer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TzImporter *self = TZ_IMPORTER (object);

  switch (prop_id)
    {
    case PROP_LEDGER_PATH:
      self->ledger_path = g_value_dup_string (value);
      break;

    case PROP_DATE:
      tz_importer_set_date (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_importer_class_init (TzImporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tz_importer_finalize;
  object_class->get_property = tz_importer_get_property;
  object_class->set_property = tz_importer_set_property;

  properties[PROP_LEDGER_PATH] =
    g_param_spec_string ("ledger-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATE] =
    g_param_spec_string ("date", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_N_FILES] = g_param_spec_uint ("n-files", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_BYTES_TOTAL] = g_param_spec_uint64 ("bytes-total", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_DONE] = g_param_spec_uint64 ("bytes-done", NULL, NULL, 0, G_MAXUINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzImporter::outcome:
   * @outcome: what became of one file
   *
   * Emitted on the main context of the import's caller as each file is
   * done, in the order files finish.
   */
  signals[OUTCOME] =
    g_signal_new ("outcome",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TZ_TYPE_IMPORT_OUTCOME);
}

static void
tz_importer_init (TzImporter *self)
{
}

TzImporter *
tz_importer_new (const char *ledger_path)
{
  g_return_val_if_fail (ledger_path != NULL, NULL);

  return g_object_new (TZ_TYPE_IMPORTER, "ledger-path", ledger_path, NULL);
}

const char *
tz_importer_get_ledger_path (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), NULL);
  return self->ledger_path;
}

const char *
tz_importer_get_date (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), NULL);
  return self->date;
}

/* The reports' date for the next import (YYYY-MM-DD), or %NULL. */
void
tz_importer_set_date (TzImporter *self,
                      const char *date)
{
  g_return_if_fail (TZ_IS_IMPORTER (self));
  g_return_if_fail (date == NULL || tz_date_is_valid (date));

  if (g_strcmp0 (self->date, date) == 0)
    return;

  g_free (self->date);
  self->date = g_strdup (date);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE]);
}

gboolean
tz_importer_get_running (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), FALSE);
  return self->running;
}

guint
tz_importer_get_n_files (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), 0);
  return self->n_files;
}

guint
tz_importer_get_n_done (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), 0);
  return self->n_done;
}

guint64
tz_importer_get_bytes_total (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), 0);
  return self->bytes_total;
}

guint64
tz_importer_get_bytes_done (TzImporter *self)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), 0);
  return self->bytes_done;
}

static void
set_running (TzImporter *self,
             gboolean    running)
{
  if (self->running == !!running)
    return;
  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TzImporter *self = TZ_IMPORTER (object);
  g_autoptr(GError) error = NULL;
  GPtrArray *outcomes;

  set_running (self, FALSE);

  outcomes = g_task_propagate_pointer (G_TASK (result), &error);
  if (outcomes == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, outcomes, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * tz_importer_import_async:
 * @self: a #TzImporter
 * @files: (array length=n_files): files and folders (folders are walked)
 * @n_files: the number of @files
 * @cancellable: (nullable): stops the import between files
 * @callback: called when every file has its outcome
 * @user_data: data for @callback
 *
 * Imports report files into the ledger. Progress properties and the
 * #TzImporter::outcome signal update on the thread-default main context of
 * the caller.
 */
void
tz_importer_import_async (TzImporter           *self,
                          GFile               **files,
                          guint                 n_files,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  Run *run;

  g_return_if_fail (TZ_IS_IMPORTER (self));
  g_return_if_fail (files != NULL || n_files == 0);
  g_return_if_fail (!self->running);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, tz_importer_import_async);
  /* A cancelled import still reports what it did. */
  g_task_set_check_cancellable (outer, FALSE);

  run = g_new0 (Run, 1);
  run->inputs = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (run->inputs, g_object_ref (files[i]));
  run->ledger_path = g_strdup (self->ledger_path);
  run->date = g_strdup (self->date);
  run->context = g_main_context_ref_thread_default ();
  run->self = g_object_ref (self);
  run->entries = g_ptr_array_new_with_free_func (entry_free);
  run->outcomes = g_ptr_array_new_with_free_func (g_object_unref);
  run->returned = g_async_queue_new ();
  run->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_object_freeze_notify (G_OBJECT (self));
  self->n_files = 0;
  self->n_done = 0;
  self->bytes_total = 0;
  self->bytes_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FILES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_DONE]);
  set_running (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));

  inner = g_task_new (self, cancellable, import_done_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, import_thread);
  g_task_set_task_data (inner, run, run_free);
  /* The run's own result decides; a cancel shows up as outcomes. */
  g_task_set_check_cancellable (inner, FALSE);
  g_task_run_in_thread (inner, import_thread);
}

/**
 * tz_importer_import_finish:
 *
 * Returns: (transfer full) (element-type TzImportOutcome): one outcome per
 *   file, or %NULL with @error set when the ledger could not be opened
 */
GPtrArray *
tz_importer_import_finish (TzImporter    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (TZ_IS_IMPORTER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
