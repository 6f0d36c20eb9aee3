/* tz-fuzz-targets.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tz-core.h"
#include "tz-docx.h"
#include "tz-fts-tokenizer.h"
#include "tz-html.h"
#include "tz-json.h"
#include "tz-markdown.h"
#include "tz-numeral.h"
#include "tz-pdf.h"
#include "tz-reflow.h"
#include "tz-segmenter.h"
#include "tz-fuzz-targets.h"

/* Each target feeds its input through the same public entry points the
 * readers use, then checks the few promises every caller relies on
 * (valid UTF-8 out, spans inside the text). A broken promise aborts, so
 * libFuzzer keeps the input like any crash. */

#define CHECK(cond) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* A warning or critical from the core on any input is a bug: make it as
 * loud as a crash. libgsf, which logs without a domain, warns about every
 * damaged zip entry it is asked for: that is the input, not a bug. */
static GLogWriterOutput
fatal_writer (GLogLevelFlags   log_level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  gboolean has_domain = FALSE;

  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "GLIB_DOMAIN") && fields[i].value != NULL)
      has_domain = TRUE;

  g_log_writer_default (log_level, fields, n_fields, user_data);
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    abort ();
  if ((log_level & G_LOG_LEVEL_WARNING) && has_domain)
    abort ();

  return G_LOG_WRITER_HANDLED;
}

void
tz_fuzz_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      /* Warnings are judged by fatal_writer(). */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      g_log_set_writer_func (fatal_writer, NULL, NULL);
      /* Loading the gazetteer once keeps it out of every run's timing. */
      tz_gazetteer_get_default ();
      g_once_init_leave (&initialized, 1);
    }
}

/* What a reader hands on: normalized UTF-8, or NULL for a refused file. */
static char *
decode (const guint8 *data,
        gsize         size,
        const char   *name)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  const char *encoding = NULL;
  char *text;

  text = tz_decode_text (bytes, name, &encoding, &error);
  if (text == NULL)
    {
      CHECK (error != NULL && error->domain == TZ_DECODE_ERROR);
      CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
      return NULL;
    }

  CHECK (error == NULL);
  CHECK (encoding != NULL);
  CHECK (g_utf8_validate (text, -1, NULL));
  return text;
}

void
tz_fuzz_decoder (const guint8 *data,
                 gsize         size)
{
  g_autofree char *text = decode (data, size, "fuzz.txt");

  if (text != NULL)
    {
      /* Normalizing is idempotent: the extractor's offsets count on it. */
      g_autofree char *again = tz_normalize_text (text, -1);

      CHECK (g_str_equal (text, again));
    }
}

void
tz_fuzz_html (const guint8 *data,
              gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *encoding = NULL;

  text = tz_html_extract_text (bytes, "fuzz.html", &encoding, &error);
  if (text == NULL)
    {
      CHECK (error != NULL && error->domain == TZ_DECODE_ERROR);
      return;
    }

  CHECK (error == NULL);
  CHECK (g_utf8_validate (text, -1, NULL));
}

void
tz_fuzz_markdown (const guint8 *data,
                  gsize         size)
{
  g_autofree char *decoded = decode (data, size, "fuzz.md");

  if (decoded != NULL)
    {
      g_autofree char *text = tz_markdown_to_text (decoded, -1);

      CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
    }

  /* The reader only hands it decoded text, but any valid UTF-8 is in its
   * contract: carriage returns, odd spaces and all. */
  if (size > 0 && memchr (data, '\0', size) == NULL &&
      g_utf8_validate ((const char *) data, size, NULL))
    {
      g_autofree char *text = tz_markdown_to_text ((const char *) data, size);

      CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
    }
}

void
tz_fuzz_segmenter (const guint8 *data,
                   gsize         size)
{
  g_autofree char *text = decode (data, size, "fuzz.txt");
  g_autoptr(TzReflow) reflow = NULL;
  g_autoptr(TzSegmentation) segmentation = NULL;
  guint previous = 0;

  if (text == NULL)
    return;

  reflow = tz_reflow_new (text, -1);
  CHECK (reflow->len == strlen (reflow->text));
  CHECK (g_utf8_validate (reflow->text, reflow->len, NULL));
  for (guint i = 0; i < reflow->paragraphs->len; i++)
    {
      const TzParagraph *p = &g_array_index (reflow->paragraphs, TzParagraph, i);

      CHECK (p->start <= p->end && p->end <= reflow->len);
    }

  segmentation = tz_segment_articles (reflow);
  for (guint i = 0; i < segmentation->segments->len; i++)
    {
      const TzSegment *s = &g_array_index (segmentation->segments, TzSegment, i);

      /* Articles follow each other without overlapping. */
      CHECK (s->first >= previous && s->first < s->last);
      CHECK (s->last <= reflow->paragraphs->len);
      CHECK (s->byline_start <= s->byline_end && s->byline_end <= reflow->len);
      for (guint h = 0; h < s->headlines->len; h++)
        CHECK (g_array_index (s->headlines, guint, h) < reflow->paragraphs->len);
      previous = s->last;
    }
}

void
tz_fuzz_numeral (const guint8 *data,
                 gsize         size)
{
  const char *text = (const char *) data;

  /* Every byte offset, not only character starts: the scanner is called
   * with offsets computed by other passes and must never read outside. */
  for (gsize pos = 0; pos <= size; pos++)
    {
      TzNumber number;

      if (tz_number_scan (text, size, pos, &number))
        {
          g_autofree char *value = tz_decimal_to_string (&number.value);

          CHECK (number.start == pos);
          CHECK (number.end > number.start && number.end <= size);
          CHECK (value != NULL && *value != '\0');
          CHECK (tz_decimal_compare (&number.low, &number.value) <= 0 ||
                 !(number.flags & TZ_NUMBER_RANGE));
        }
    }
}

void
tz_fuzz_extractor (const guint8 *data,
                   gsize         size)
{
  static TzExtractor *extractor;
  g_autofree char *text = decode (data, size, "fuzz.txt");
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GPtrArray) documents = NULL;
  g_autofree char *json = NULL;
  g_autofree char *tsv = NULL;
  guint n_chars;

  if (text == NULL)
    return;

  /* One extractor, as a worker thread keeps one per file: with a date,
   * so that relative years resolve too. */
  if (extractor == NULL)
    {
      extractor = tz_extractor_new ();
      tz_extractor_set_date (extractor, "2024-06-30");
    }

  document = tz_extractor_extract_text (extractor, "fuzz.txt", text);
  CHECK (document != NULL);
  n_chars = g_utf8_strlen (tz_document_get_text (document), -1);

  for (guint a = 0; a < tz_document_get_n_articles (document); a++)
    {
      g_autoptr(TzArticle) article = g_list_model_get_item (tz_document_get_articles (document), a);
      GListModel *metrics = tz_article_get_metrics (article);

      CHECK (tz_article_get_start (article) <= tz_article_get_end (article));
      CHECK (tz_article_get_end (article) <= n_chars);
      for (guint m = 0; m < g_list_model_get_n_items (metrics); m++)
        {
          g_autoptr(TzMetric) metric = g_list_model_get_item (metrics, m);

          CHECK (tz_metric_get_start (metric) < tz_metric_get_end (metric));
          CHECK (tz_metric_get_end (metric) <= n_chars);
          CHECK (g_utf8_validate (tz_metric_get_text (metric), -1, NULL));
        }
    }

  /* What `taizhang-cli extract` prints. */
  documents = g_ptr_array_new ();
  g_ptr_array_add (documents, document);
  json = tz_documents_to_json (documents, FALSE);
  tsv = tz_documents_to_tsv (documents);
  CHECK (json != NULL && g_utf8_validate (json, -1, NULL));
  CHECK (tsv != NULL && g_utf8_validate (tsv, -1, NULL));
}

#ifdef HAVE_POPPLER
void
tz_fuzz_pdf (const guint8 *data,
             gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_pages = 0;

  text = tz_pdf_extract_text (bytes, "fuzz.pdf", &n_pages, &error);
  if (text == NULL)
    {
      CHECK (error != NULL && error->domain == TZ_DECODE_ERROR);
      return;
    }

  CHECK (error == NULL);
  CHECK (n_pages > 0);
  CHECK (g_utf8_validate (text, -1, NULL));
}
#endif

#ifdef HAVE_GSF
void
tz_fuzz_docx (const guint8 *data,
              gsize         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = tz_docx_extract_text (bytes, "fuzz.docx", &error);
  if (text == NULL)
    {
      CHECK (error != NULL && error->domain == TZ_DECODE_ERROR);
      return;
    }

  CHECK (error == NULL);
  CHECK (g_utf8_validate (text, -1, NULL));
}
#endif

static gint64
count_matches (sqlite3    *db,
               const char *run)
{
  g_autofree char *phrase = g_strconcat ("\"", run, "\"", NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  CHECK (sqlite3_prepare_v2 (db, "SELECT count(*) FROM f WHERE f MATCH ?", -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The runs of @word the index is asked for are found in @text exactly
 * when @text holds them (ASCII letters in either case). */
static void
check_runs (sqlite3    *db,
            const char *text,
            const char *word,
            gboolean    in_text)
{
  g_autofree char *lower_text = g_ascii_strdown (text, -1);
  gboolean whole;
  g_auto(GStrv) runs = tz_fts_index_runs (word, &whole);

  for (guint i = 0; runs[i] != NULL; i++)
    {
      g_autofree char *lower_run = g_ascii_strdown (runs[i], -1);
      gint64 n = count_matches (db, runs[i]);

      CHECK (g_utf8_strlen (runs[i], -1) >= 2);
      CHECK (n == (strstr (lower_text, lower_run) != NULL ? 1 : 0));
      if (in_text)
        CHECK (n == 1);
    }
  if (whole)
    CHECK (runs[0] != NULL && runs[1] == NULL && g_str_equal (runs[0], word));
}

/* The full-text index's tokenizer over any bytes (a ledger's text is
 * valid UTF-8, but nothing past the bytes it is given may be read), and
 * on valid text the promise searches rely on: a stretch of the text is
 * found, and two runs brought together across a separator are found only
 * where the text holds them together. */
void
tz_fuzz_fts (const guint8 *data,
             gsize         size)
{
  const char *text = (const char *) data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  CHECK (sqlite3_open (":memory:", &db) == SQLITE_OK);
  CHECK (tz_fts_tokenizer_register (db) == SQLITE_OK);
  CHECK (sqlite3_exec (db, "CREATE VIRTUAL TABLE f USING fts5 (body, tokenize='" TZ_FTS_TOKENIZER "')",
                       NULL, NULL, NULL) == SQLITE_OK);
  CHECK (sqlite3_prepare_v2 (db, "INSERT INTO f (body) VALUES (?)", -1, &stmt, NULL) == SQLITE_OK);
  sqlite3_bind_text (stmt, 1, size > 0 ? text : "", size, SQLITE_STATIC);
  CHECK (sqlite3_step (stmt) == SQLITE_DONE);
  sqlite3_finalize (stmt);
  CHECK (sqlite3_exec (db, "INSERT INTO f (f) VALUES ('integrity-check')", NULL, NULL, NULL) == SQLITE_OK);

  if (size > 0 && memchr (data, '\0', size) == NULL && g_utf8_validate (text, size, NULL))
    {
      g_autofree char *whole_text = g_strndup (text, size);
      glong n_chars = g_utf8_strlen (whole_text, -1);
      glong from = data[0] % n_chars;
      glong len = 1 + data[size - 1] % 12;
      const char *start = g_utf8_offset_to_pointer (whole_text, from);
      const char *end = g_utf8_offset_to_pointer (start, MIN (len, n_chars - from));
      g_autofree char *stretch = g_strndup (start, end - start);
      g_autoptr(GString) joined = g_string_new (NULL);

      check_runs (db, whole_text, stretch, TRUE);

      /* The stretch without its first character that is no letter or
       * digit, if it has one. */
      for (const char *p = stretch; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isalnum (g_utf8_get_char (p)))
          {
            g_string_append_len (joined, stretch, p - stretch);
            g_string_append (joined, g_utf8_next_char (p));
            break;
          }
      if (joined->len > 0)
        check_runs (db, whole_text, joined->str, FALSE);
    }

  sqlite3_close (db);
}

static const TzFuzzTarget targets[] = {
  { "decoder", tz_fuzz_decoder },
  { "html", tz_fuzz_html },
  { "markdown", tz_fuzz_markdown },
  { "segmenter", tz_fuzz_segmenter },
  { "numeral", tz_fuzz_numeral },
  { "extractor", tz_fuzz_extractor },
  { "fts", tz_fuzz_fts },
#ifdef HAVE_POPPLER
  { "pdf", tz_fuzz_pdf },
#endif
#ifdef HAVE_GSF
  { "docx", tz_fuzz_docx },
#endif
};

const TzFuzzTarget *
tz_fuzz_get_targets (guint *n_targets)
{
  *n_targets = G_N_ELEMENTS (targets);
  return targets;
}
