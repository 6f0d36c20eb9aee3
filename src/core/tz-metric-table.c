/* tz-metric-table.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-metric-table"

#include "config.h"

#include <string.h>

#include "tz-metric-table.h"
#include "tz-store.h"

/* Strings (units, subjects, region codes) are kept once and referred to by
 * index; 0 is NULL. Once sealed, each has its rank in SQLite's BINARY
 * order (strcmp for our NUL-free UTF-8), NULL ranking first as in SQL. */
typedef struct
{
  GHashTable *index;    /* string → index */
  GPtrArray  *strings;  /* index → string */
  guint32    *rank;     /* index → rank */
  guint       last;     /* the one interned last: rows in a row share */
} Strings;

typedef struct
{
  gint64  id;
  gint64  imported_at;
  guint32 name_rank;
  char   *name;
} Document;

/* One metric. Narrow fields keep half a million of them near 27 MB. */
typedef struct
{
  gint64  id;
  double  value;
  guint32 document;    /* index into documents */
  guint32 article;
  guint32 start;
  guint32 subject;
  guint16 unit;
  guint16 region;
  guint16 province;
  guint16 prefecture;
  guint16 year;        /* 0: none */
  guint8  category;
  guint8  not_metric;
} Row;

struct _TzMetricTable
{
  GArray  *documents;  /* Document, by id */
  GArray  *rows;       /* Row, by id */
  Strings  units;
  Strings  subjects;
  Strings  codes;      /* region, province and prefecture codes */
  guint    last_document;
  /* Sort space, kept from one query to the next. */
  gpointer scratch;
  gsize    scratch_size;
  /* Division codes are six digits: their index looked up by number, not
   * hashed, while loading (+1, 0 for not seen yet). */
  guint16 *code_index;
};

static void
strings_init (Strings *strings)
{
  strings->index = g_hash_table_new (g_str_hash, g_str_equal);
  strings->strings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (strings->strings, NULL);
}

static void
strings_clear (Strings *strings)
{
  g_clear_pointer (&strings->index, g_hash_table_unref);
  g_clear_pointer (&strings->strings, g_ptr_array_unref);
  g_clear_pointer (&strings->rank, g_free);
}

static guint
strings_intern (Strings    *strings,
                const char *string)
{
  gpointer value;
  char *copy;

  if (string == NULL)
    return 0;
  if (strings->last != 0 && strcmp (g_ptr_array_index (strings->strings, strings->last), string) == 0)
    return strings->last;
  if (g_hash_table_lookup_extended (strings->index, string, NULL, &value))
    return strings->last = GPOINTER_TO_UINT (value);

  copy = g_strdup (string);
  g_ptr_array_add (strings->strings, copy);
  g_hash_table_insert (strings->index, copy, GUINT_TO_POINTER (strings->strings->len - 1));

  return strings->last = strings->strings->len - 1;
}

/* The index of @string, or G_MAXUINT when no row has it. */
static guint
strings_find (Strings    *strings,
              const char *string)
{
  gpointer value;

  if (string == NULL)
    return 0;
  if (g_hash_table_lookup_extended (strings->index, string, NULL, &value))
    return GPOINTER_TO_UINT (value);

  return G_MAXUINT;
}

static const char *
strings_get (Strings *strings,
             guint    index)
{
  return g_ptr_array_index (strings->strings, index);
}

static int
compare_string_refs (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  GPtrArray *strings = user_data;

  return strcmp (g_ptr_array_index (strings, *(const guint *)a),
                 g_ptr_array_index (strings, *(const guint *)b));
}

static void
strings_seal (Strings *strings)
{
  guint n = strings->strings->len;
  g_autofree guint *order = g_new (guint, n);

  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order + 1, n - 1, sizeof (guint), compare_string_refs, strings->strings);

  g_free (strings->rank);
  strings->rank = g_new (guint32, n);
  strings->rank[0] = 0;
  for (guint r = 1; r < n; r++)
    strings->rank[order[r]] = r;
}

static void
document_clear (gpointer data)
{
  Document *document = data;

  g_free (document->name);
}

TzMetricTable *
tz_metric_table_new (void)
{
  TzMetricTable *table = g_new0 (TzMetricTable, 1);

  table->documents = g_array_new (FALSE, FALSE, sizeof (Document));
  g_array_set_clear_func (table->documents, document_clear);
  table->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  strings_init (&table->units);
  strings_init (&table->subjects);
  strings_init (&table->codes);
  /* The group names of tz_metric_table_aggregate(). */
  strings_intern (&table->codes, "");
  strings_intern (&table->codes, "000000");

  return table;
}

void
tz_metric_table_free (TzMetricTable *table)
{
  if (table == NULL)
    return;

  g_clear_pointer (&table->documents, g_array_unref);
  g_clear_pointer (&table->rows, g_array_unref);
  g_clear_pointer (&table->scratch, g_free);
  g_clear_pointer (&table->code_index, g_free);
  strings_clear (&table->units);
  strings_clear (&table->subjects);
  strings_clear (&table->codes);
  g_free (table);
}

gboolean
tz_metric_table_add_document (TzMetricTable *table,
                              gint64         id,
                              const char    *name,
                              gint64         imported_at)
{
  Document document = { id, imported_at, 0, g_strdup (name != NULL ? name : "") };

  g_return_val_if_fail (table->documents->len == 0 ||
                        g_array_index (table->documents, Document, table->documents->len - 1).id < id,
                        FALSE);

  g_array_append_val (table->documents, document);
  return table->documents->len <= G_MAXUINT32;
}

static guint
intern_code (TzMetricTable *table,
             const char    *code)
{
  guint number = 0;
  guint index;

  if (code == NULL)
    return 0;

  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return strings_intern (&table->codes, code);
      number = number * 10 + (code[i] - '0');
    }
  if (code[6] != '\0')
    return strings_intern (&table->codes, code);

  if (table->code_index == NULL)
    table->code_index = g_new0 (guint16, 1000000);
  if (table->code_index[number] != 0)
    return table->code_index[number] - 1;

  index = strings_intern (&table->codes, code);
  if (index < G_MAXUINT16)
    table->code_index[number] = index + 1;

  return index;
}

/* Metrics come by id, and a document's metrics by and large together. */
static gboolean
find_document (TzMetricTable *table,
               gint64         id,
               guint         *index)
{
  GArray *documents = table->documents;
  guint lo = 0, hi = documents->len;

  if (table->last_document < documents->len &&
      g_array_index (documents, Document, table->last_document).id == id)
    {
      *index = table->last_document;
      return TRUE;
    }

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = g_array_index (documents, Document, mid).id;

      if (mid_id == id)
        {
          *index = table->last_document = mid;
          return TRUE;
        }
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

/* The packed form of a metric; FALSE if a value does not fit. */
static gboolean
fill_row (TzMetricTable         *table,
          Row                   *row,
          const TzMetricColumns *metric)
{
  guint document, u, r, p, f;

  /* Padding too: the rows are written to the cache as they are. */
  memset (row, 0, sizeof *row);

  if (!find_document (table, metric->document_id, &document) ||
      metric->article_id < 0 || metric->article_id > G_MAXUINT32 ||
      metric->start < 0 || metric->start > G_MAXUINT32 ||
      metric->category < 0 || metric->category > G_MAXUINT8 ||
      metric->year < 0 || metric->year > G_MAXUINT16)
    return FALSE;

  u = strings_intern (&table->units, metric->unit);
  r = intern_code (table, metric->region_code);
  p = intern_code (table, metric->province_code);
  f = intern_code (table, metric->prefecture_code);
  if (u > G_MAXUINT16 || r > G_MAXUINT16 || p > G_MAXUINT16 || f > G_MAXUINT16)
    return FALSE;

  row->id = metric->id;
  /* SQL compares -0.0 and 0.0 as equal; so must the sort keys. */
  row->value = metric->value == 0 ? 0 : metric->value;
  row->document = document;
  row->article = (guint32) metric->article_id;
  row->start = (guint32) metric->start;
  row->subject = strings_intern (&table->subjects, metric->subject);
  row->unit = u;
  row->region = r;
  row->province = p;
  row->prefecture = f;
  row->year = (guint16) metric->year;
  row->category = (guint8) metric->category;
  row->not_metric = !!metric->not_metric;
  return TRUE;
}

gboolean
tz_metric_table_add_metric (TzMetricTable         *table,
                            const TzMetricColumns *metric)
{
  Row row;

  if (!fill_row (table, &row, metric))
    return FALSE;

  g_array_append_val (table->rows, row);
  return TRUE;
}

static gboolean
find_row (TzMetricTable *table,
          gint64         id,
          guint         *index)
{
  guint lo = 0, hi = table->rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 mid_id = g_array_index (table->rows, Row, mid).id;

      if (mid_id == id)
        {
          *index = mid;
          return TRUE;
        }
      if (mid_id < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

/**
 * tz_metric_table_update_metric:
 *
 * After tz_metric_table_seal(): @metric as the ledger now has it,
 * changed, or new (a new id is larger than every other). Strings it brings
 * are ranked again. FALSE if it does not fit, or its document or place is
 * unknown: the table is then out of date and must be read again.
 */
gboolean
tz_metric_table_update_metric (TzMetricTable         *table,
                               const TzMetricColumns *metric)
{
  guint n_units = table->units.strings->len;
  guint n_subjects = table->subjects.strings->len;
  guint n_codes = table->codes.strings->len;
  gboolean fits;
  guint index;
  Row row;

  fits = fill_row (table, &row, metric);

  if (table->units.strings->len != n_units)
    strings_seal (&table->units);
  if (table->subjects.strings->len != n_subjects)
    strings_seal (&table->subjects);
  if (table->codes.strings->len != n_codes)
    strings_seal (&table->codes);
  g_clear_pointer (&table->code_index, g_free);

  if (!fits)
    return FALSE;

  if (find_row (table, metric->id, &index))
    g_array_index (table->rows, Row, index) = row;
  else if (table->rows->len == 0 || g_array_index (table->rows, Row, table->rows->len - 1).id < metric->id)
    g_array_append_val (table->rows, row);
  else
    return FALSE;

  return TRUE;
}

/**
 * tz_metric_table_truncate:
 *
 * Drops the documents and rows added after the table had @n_documents
 * and @n_rows: a change rolled back. Strings they brought stay, unused.
 * Seal the table again before it answers.
 */
void
tz_metric_table_truncate (TzMetricTable *table,
                          guint          n_documents,
                          guint          n_rows)
{
  g_return_if_fail (n_documents <= table->documents->len && n_rows <= table->rows->len);

  g_array_set_size (table->rows, n_rows);
  g_array_set_size (table->documents, n_documents);
  table->last_document = 0;
}

static int
compare_document_names (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  GArray *documents = user_data;

  return strcmp (g_array_index (documents, Document, *(const guint *)a).name,
                 g_array_index (documents, Document, *(const guint *)b).name);
}

/* Ranks the strings and the document names, once every row is in. */
void
tz_metric_table_seal (TzMetricTable *table)
{
  guint n = table->documents->len;
  g_autofree guint *order = g_new (guint, MAX (n, 1));

  g_clear_pointer (&table->code_index, g_free);
  strings_seal (&table->units);
  strings_seal (&table->subjects);
  strings_seal (&table->codes);

  /* Equal names share a rank, so that their metrics sort by id. */
  for (guint i = 0; i < n; i++)
    order[i] = i;
  g_qsort_with_data (order, n, sizeof (guint), compare_document_names, table->documents);
  for (guint i = 0, rank = 0; i < n; i++)
    {
      Document *document = &g_array_index (table->documents, Document, order[i]);

      if (i > 0 && strcmp (document->name, g_array_index (table->documents, Document, order[i - 1]).name) != 0)
        rank++;
      document->name_rank = rank;
    }
}

guint
tz_metric_table_get_n_rows (TzMetricTable *table)
{
  return table->rows->len;
}

guint
tz_metric_table_get_n_documents (TzMetricTable *table)
{
  return table->documents->len;
}

gint64
tz_metric_table_get_last_id (TzMetricTable *table)
{
  return table->rows->len > 0 ? g_array_index (table->rows, Row, table->rows->len - 1).id : 0;
}

/* ------------------------------------------------------------------ */
/* The cache: a sealed table as bytes                                  */
/* ------------------------------------------------------------------ */

#define CACHE_MAGIC "TZMTBL\0\1"

/* Native byte order and layout: a cache is only ever read back by the
 * build that wrote it, and anything else is refused by the header. */
typedef struct
{
  char    magic[8];
  guint32 byte_order;   /* 0x01020304 as written */
  guint32 row_size;     /* sizeof (Row) */
  guint64 key;          /* what the ledger was: the caller's */
  guint32 n_documents;
  guint32 n_rows;
  guint32 n_units;      /* strings, the NULL at index 0 not counted */
  guint32 n_subjects;
  guint32 n_codes;
  guint32 reserved;
  guint64 strings_bytes;
} CacheHeader;

typedef struct
{
  gint64 id;
  gint64 imported_at;
} CacheDocument;

static void
append_strings (GByteArray *out,
                Strings    *strings)
{
  for (guint i = 1; i < strings->strings->len; i++)
    {
      const char *string = g_ptr_array_index (strings->strings, i);

      g_byte_array_append (out, (const guint8 *)string, strlen (string) + 1);
    }
}

/**
 * tz_metric_table_write:
 * @key: what the ledger was when the table was read, given back by
 *   tz_metric_table_deserialize()
 * @write: called with each part of the bytes, in order
 *
 * The table as bytes, for a cache that spares reading half a million
 * metrics from SQLite (0.4 s) the next time the ledger opens. They are
 * handed to @write in parts, the rows (27 MB for half a million metrics)
 * straight from the table, so that writing the cache needs no copy.
 *
 * Returns: FALSE, with @error set, as soon as @write fails
 */
gboolean
tz_metric_table_write (TzMetricTable          *table,
                       guint64                 key,
                       TzMetricTableWriteFunc  write,
                       gpointer                user_data,
                       GError                **error)
{
  g_autoptr(GByteArray) strings = g_byte_array_new ();
  g_autoptr(GArray) documents = g_array_sized_new (FALSE, FALSE, sizeof (CacheDocument),
                                                   table->documents->len);
  CacheHeader header;

  for (guint i = 0; i < table->documents->len; i++)
    {
      Document *document = &g_array_index (table->documents, Document, i);
      CacheDocument cached = { document->id, document->imported_at };

      g_array_append_val (documents, cached);
      g_byte_array_append (strings, (const guint8 *)document->name, strlen (document->name) + 1);
    }
  append_strings (strings, &table->units);
  append_strings (strings, &table->subjects);
  append_strings (strings, &table->codes);

  memset (&header, 0, sizeof header);
  memcpy (header.magic, CACHE_MAGIC, sizeof header.magic);
  header.byte_order = 0x01020304;
  header.row_size = sizeof (Row);
  header.key = key;
  header.n_documents = table->documents->len;
  header.n_rows = table->rows->len;
  header.n_units = table->units.strings->len - 1;
  header.n_subjects = table->subjects.strings->len - 1;
  header.n_codes = table->codes.strings->len - 1;
  header.strings_bytes = strings->len;

  return write (&header, sizeof header, user_data, error) &&
         write (documents->data, documents->len * sizeof (CacheDocument), user_data, error) &&
         write (table->rows->data, table->rows->len * sizeof (Row), user_data, error) &&
         write (strings->data, strings->len, user_data, error);
}

/* The next NUL-terminated string of [*p, end), or NULL. */
static const char *
next_string (const char **p,
             const char  *end)
{
  const char *string = *p;
  const char *nul = memchr (string, '\0', end - string);

  if (nul == NULL)
    return NULL;
  *p = nul + 1;
  return string;
}

/* Interns @n strings in order: each must come out at the next index. */
static gboolean
read_strings (Strings     *strings,
              guint        n,
              const char **p,
              const char  *end)
{
  for (guint i = 0; i < n; i++)
    {
      const char *string = next_string (p, end);
      guint expected = strings->strings->len;

      if (string == NULL)
        return FALSE;
      /* The table comes with two codes of its own, first. */
      if (strings_find (strings, string) != G_MAXUINT)
        {
          if (strings_find (strings, string) != i + 1)
            return FALSE;
          continue;
        }
      if (strings_intern (strings, string) != expected || expected != i + 1)
        return FALSE;
    }

  return strings->strings->len == n + 1;
}

/**
 * tz_metric_table_deserialize:
 * @key: (out): the key given to tz_metric_table_serialize()
 *
 * Returns: (nullable): the sealed table @bytes hold, or %NULL if they are
 *   not one written by this build, or are damaged
 */
TzMetricTable *
tz_metric_table_deserialize (GBytes  *bytes,
                             guint64 *key)
{
  g_autoptr(TzMetricTable) table = tz_metric_table_new ();
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  const CacheHeader *header = (const CacheHeader *)data;
  const CacheDocument *documents;
  const Row *rows;
  const char *p, *end;
  guint64 documents_bytes, rows_bytes;

  if (size < sizeof *header || memcmp (header->magic, CACHE_MAGIC, sizeof header->magic) != 0 ||
      header->byte_order != 0x01020304 || header->row_size != sizeof (Row))
    return NULL;

  documents_bytes = (guint64) header->n_documents * sizeof (CacheDocument);
  rows_bytes = (guint64) header->n_rows * sizeof (Row);
  if (size != sizeof *header + documents_bytes + rows_bytes + header->strings_bytes)
    return NULL;

  documents = (const CacheDocument *)(data + sizeof *header);
  rows = (const Row *)(data + sizeof *header + documents_bytes);
  p = (const char *)data + sizeof *header + documents_bytes + rows_bytes;
  end = p + header->strings_bytes;

  for (guint i = 0; i < header->n_documents; i++)
    {
      CacheDocument cached;
      const char *name = next_string (&p, end);

      memcpy (&cached, documents + i, sizeof cached);
      if (name == NULL ||
          (i > 0 && cached.id <= g_array_index (table->documents, Document, i - 1).id) ||
          !tz_metric_table_add_document (table, cached.id, name, cached.imported_at))
        return NULL;
    }
  if (!read_strings (&table->units, header->n_units, &p, end) ||
      !read_strings (&table->subjects, header->n_subjects, &p, end) ||
      !read_strings (&table->codes, header->n_codes, &p, end) ||
      p != end)
    return NULL;

  g_array_set_size (table->rows, header->n_rows);
  memcpy (table->rows->data, rows, rows_bytes);

  /* Never trust an index read from a file. */
  for (guint i = 0; i < header->n_rows; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);

      if (row->document >= header->n_documents ||
          row->unit > header->n_units || row->subject > header->n_subjects ||
          row->region > header->n_codes || row->province > header->n_codes ||
          row->prefecture > header->n_codes ||
          (i > 0 && row->id <= g_array_index (table->rows, Row, i - 1).id))
        return NULL;
    }

  tz_metric_table_seal (table);
  *key = header->key;
  return g_steal_pointer (&table);
}

/* ------------------------------------------------------------------ */
/* Filters                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  TzMetricTable *table;
  GHashTable    *articles;
  guint8        *subject_match;  /* per subject, or NULL for any */
  gint64         document_id;
  gint64         article_id;
  int            year_from;
  int            year_to;
  int            category;
  guint          unit;           /* G_MAXUINT: any */
  guint          code;           /* G_MAXUINT: any */
  TzRegionLevel  level;
  gboolean       none;           /* the filter names something no row has */
} Match;

static void
match_init (Match         *match,
            TzMetricTable *table,
            TzFilter      *filter,
            TzRegionLevel  level,
            GHashTable    *articles)
{
  const char *s;

  memset (match, 0, sizeof *match);
  match->table = table;
  match->articles = articles;
  match->document_id = tz_filter_get_document_id (filter);
  match->article_id = tz_filter_get_article_id (filter);
  match->year_from = tz_filter_get_year_from (filter);
  match->year_to = tz_filter_get_year_to (filter);
  match->category = tz_filter_get_category (filter);
  match->unit = G_MAXUINT;
  match->code = G_MAXUINT;
  match->level = level;

  if ((s = tz_filter_get_unit (filter)) != NULL)
    {
      match->unit = strings_find (&table->units, s);
      match->none |= match->unit == G_MAXUINT;
    }

  if ((s = tz_filter_get_region_code (filter)) != NULL)
    {
      match->code = strings_find (&table->codes, s);
      match->none |= match->code == G_MAXUINT;
    }

  /* instr (subject, ?) > 0, decided once for each subject. */
  if ((s = tz_filter_get_subject (filter)) != NULL)
    {
      GPtrArray *subjects = table->subjects.strings;

      match->subject_match = g_new0 (guint8, subjects->len);
      for (guint i = 1; i < subjects->len; i++)
        match->subject_match[i] = strstr (g_ptr_array_index (subjects, i), s) != NULL;
    }
}

static void
match_clear (Match *match)
{
  g_clear_pointer (&match->subject_match, g_free);
}

static inline gboolean
match_row (const Match *match,
           const Row   *row)
{
  if (row->not_metric)
    return FALSE;

  if (match->code != G_MAXUINT)
    {
      guint code;

      switch (match->level)
        {
        case TZ_REGION_LEVEL_PROVINCE:
          code = row->province;
          break;

        case TZ_REGION_LEVEL_PREFECTURE:
          code = row->prefecture;
          break;

        case TZ_REGION_LEVEL_NATION:
        case TZ_REGION_LEVEL_COUNTY:
        default:
          code = row->region;
          break;
        }
      if (code != match->code)
        return FALSE;
    }

  /* A figure without a year has none to compare. */
  if (match->year_from > 0 && (row->year == 0 || row->year < match->year_from))
    return FALSE;
  if (match->year_to > 0 && (row->year == 0 || row->year > match->year_to))
    return FALSE;
  if (match->category != TZ_FILTER_ANY_CATEGORY && row->category != match->category)
    return FALSE;
  if (match->unit != G_MAXUINT && row->unit != match->unit)
    return FALSE;
  if (match->subject_match != NULL && !match->subject_match[row->subject])
    return FALSE;
  if (match->document_id != 0 &&
      g_array_index (match->table->documents, Document, row->document).id != match->document_id)
    return FALSE;
  if (match->article_id != 0 && row->article != match->article_id)
    return FALSE;
  if (match->articles != NULL)
    {
      gint64 article = row->article;

      if (!g_hash_table_contains (match->articles, &article))
        return FALSE;
    }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Sorting                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint64 key;
  guint32 row;
} Keyed;

/* Doubles as unsigned integers in the same order. */
static inline guint64
double_key (double value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  return (bits & G_GUINT64_CONSTANT (0x8000000000000000)) ? ~bits
                                                          : bits | G_GUINT64_CONSTANT (0x8000000000000000);
}

/* Room for two arrays of @n items, reused between queries. */
static Keyed *
sort_space (TzMetricTable *table,
            gsize          n)
{
  gsize size = 2 * MAX (n, 1) * sizeof (Keyed);

  if (table->scratch_size < size)
    {
      g_free (table->scratch);
      table->scratch = g_malloc (size);
      table->scratch_size = size;
    }

  return table->scratch;
}

static guint64
sort_key (TzMetricTable *table,
          const Row     *row,
          TzSortKey      key)
{
  switch (key)
    {
    case TZ_SORT_VALUE:
      return double_key (row->value);

    case TZ_SORT_UNIT:
      return table->units.rank[row->unit];

    case TZ_SORT_SUBJECT:
      return table->subjects.rank[row->subject];

    case TZ_SORT_REGION:
      return table->codes.rank[row->region];

    case TZ_SORT_YEAR:
      return row->year;

    case TZ_SORT_DOCUMENT:
      return g_array_index (table->documents, Document, row->document).name_rank;

    case TZ_SORT_TEXT_ORDER:
    default:
      /* Documents are indexed in id order. */
      return ((guint64) row->document << 32) | row->start;
    }
}

/* A stable least-significant-digit radix sort on the keys: rows come in
 * id order, so equal keys stay in id order, which is how SQL breaks ties.
 * Bytes that are the same in every key are skipped, and keys already in
 * order (text order, nearly always) are left as they are. */
static void
radix_sort (Keyed *items,
            Keyed *scratch,
            gsize  n)
{
  guint64 all_or = 0, all_and = G_MAXUINT64;
  gboolean sorted = TRUE;
  Keyed *from = items, *to = scratch;

  for (gsize i = 0; i < n; i++)
    {
      all_or |= items[i].key;
      all_and &= items[i].key;
      sorted &= i == 0 || items[i - 1].key <= items[i].key;
    }
  if (sorted)
    return;

  for (guint shift = 0; shift < 64; shift += 8)
    {
      gsize count[256] = { 0 };
      gsize offset = 0;

      if ((((all_or ^ all_and) >> shift) & 0xff) == 0)
        continue;

      for (gsize i = 0; i < n; i++)
        count[(from[i].key >> shift) & 0xff]++;
      for (guint b = 0; b < 256; b++)
        {
          gsize c = count[b];

          count[b] = offset;
          offset += c;
        }
      for (gsize i = 0; i < n; i++)
        to[count[(from[i].key >> shift) & 0xff]++] = from[i];

      {
        Keyed *swap = from;

        from = to;
        to = swap;
      }
    }

  if (from != items)
    memcpy (items, from, n * sizeof (Keyed));
}

/**
 * tz_metric_table_query_ids:
 * @level: the level of the filter's region code
 *
 * The ids tz_store_query_metric_ids() returns for @filter, in its order.
 *
 * Returns: (transfer full) (element-type gint64): the ids
 */
GArray *
tz_metric_table_query_ids (TzMetricTable *table,
                           TzFilter      *filter,
                           TzRegionLevel  level,
                           GHashTable    *articles)
{
  Keyed *items;
  GArray *ids;
  TzSortKey key = tz_filter_get_sort_key (filter);
  gboolean descending = tz_filter_get_descending (filter);
  Match match;
  gsize n = 0;

  match_init (&match, table, filter, level, articles);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (match.none)
    {
      match_clear (&match);
      return ids;
    }

  items = sort_space (table, table->rows->len);
  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);

      if (!match_row (&match, row))
        continue;
      items[n].key = sort_key (table, row, key);
      items[n].row = i;
      n++;
    }
  match_clear (&match);

  radix_sort (items, items + table->rows->len, n);

  /* Every key ends in the id, so descending is ascending backwards. */
  g_array_set_size (ids, n);
  for (gsize i = 0; i < n; i++)
    {
      gsize from = descending ? n - 1 - i : i;

      g_array_index (ids, gint64, i) = g_array_index (table->rows, Row, items[from].row).id;
    }

  return ids;
}

/* ------------------------------------------------------------------ */
/* Aggregates                                                          */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint   code;      /* index of the group's region code, "" for none */
  int     year;
  double  sum;
  double  max;
  guint   n;
  /* The latest figure: by year, import time, document and id. */
  const Row *latest;
} Group;

static gboolean
later (TzMetricTable *table,
       const Row     *a,
       const Row     *b)
{
  const Document *da = &g_array_index (table->documents, Document, a->document);
  const Document *db = &g_array_index (table->documents, Document, b->document);

  if (a->year != b->year)
    return a->year > b->year;
  if (da->imported_at != db->imported_at)
    return da->imported_at > db->imported_at;
  if (da->id != db->id)
    return da->id > db->id;
  return a->id > b->id;
}

typedef struct
{
  TzMetricTable *table;
  TzGroupBy      group_by;
} GroupOrder;

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const TzAggregateRow *x = a, *y = b;
  const GroupOrder *order = user_data;
  int cmp;

  switch (order->group_by)
    {
    case TZ_GROUP_BY_YEAR:
      return (x->year > y->year) - (x->year < y->year);

    case TZ_GROUP_BY_REGION_YEAR:
      cmp = strcmp (x->region_code, y->region_code);
      if (cmp != 0)
        return cmp;
      return (x->year > y->year) - (x->year < y->year);

    case TZ_GROUP_BY_REGION:
    default:
      if (x->value != y->value)
        return x->value > y->value ? -1 : 1;
      return strcmp (x->region_code, y->region_code);
    }
}

/**
 * tz_metric_table_aggregate:
 *
 * What tz_store_aggregate() returns for the same arguments.
 *
 * Returns: (transfer full) (element-type TzAggregateRow): the groups
 */
GArray *
tz_metric_table_aggregate (TzMetricTable *table,
                           TzFilter      *filter,
                           TzRegionLevel  filter_level,
                           GHashTable    *articles,
                           TzGroupBy      group_by,
                           TzRegionLevel  level,
                           TzAggregate    aggregate)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (Group));
  GArray *rows;
  gboolean by_region = group_by == TZ_GROUP_BY_REGION || group_by == TZ_GROUP_BY_REGION_YEAR;
  gboolean by_year = group_by == TZ_GROUP_BY_YEAR || group_by == TZ_GROUP_BY_REGION_YEAR;
  guint empty = strings_find (&table->codes, "");
  guint nation = strings_find (&table->codes, "000000");
  GroupOrder order = { table, group_by };
  Match match;

  match_init (&match, table, filter, filter_level, articles);
  rows = g_array_new (FALSE, TRUE, sizeof (TzAggregateRow));
  if (match.none)
    {
      match_clear (&match);
      return rows;
    }

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);
      guint code = empty;
      int year = 0;
      gint64 key;
      gpointer value;
      Group *group;

      if (!match_row (&match, row))
        continue;

      if (by_region)
        {
          switch (level)
            {
            case TZ_REGION_LEVEL_NATION:
              code = row->region == 0 ? empty : nation;
              break;

            case TZ_REGION_LEVEL_PROVINCE:
              code = row->province == 0 ? empty : row->province;
              break;

            case TZ_REGION_LEVEL_PREFECTURE:
              code = row->prefecture == 0 ? empty : row->prefecture;
              break;

            case TZ_REGION_LEVEL_COUNTY:
            default:
              code = row->region == 0 ? empty : row->region;
              break;
            }
        }
      if (by_year)
        year = row->year;

      key = ((gint64) code << 32) | (guint32) year;
      if (g_hash_table_lookup_extended (index, &key, NULL, &value))
        {
          group = &g_array_index (groups, Group, GPOINTER_TO_UINT (value));
        }
      else
        {
          Group fresh = { code, year, 0, row->value, 0, row };

          g_array_append_val (groups, fresh);
          g_hash_table_insert (index, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (groups->len - 1));
          group = &g_array_index (groups, Group, groups->len - 1);
        }

      group->sum += row->value;
      group->max = MAX (group->max, row->value);
      group->n++;
      if (later (table, row, group->latest))
        group->latest = row;
    }
  match_clear (&match);

  for (guint i = 0; i < groups->len; i++)
    {
      const Group *group = &g_array_index (groups, Group, i);
      TzAggregateRow row;

      memset (&row, 0, sizeof row);
      g_strlcpy (row.region_code, strings_get (&table->codes, group->code), sizeof row.region_code);
      row.year = group->year;
      row.n_records = group->n;
      switch (aggregate)
        {
        case TZ_AGGREGATE_MAX:
          row.value = group->max;
          break;

        case TZ_AGGREGATE_COUNT:
          row.value = group->n;
          break;

        case TZ_AGGREGATE_LATEST:
          row.value = group->latest->value;
          break;

        case TZ_AGGREGATE_SUM:
        default:
          row.value = group->sum;
          break;
        }
      g_array_append_val (rows, row);
    }

  g_array_sort_with_data (rows, compare_groups, &order);

  return rows;
}

/* ------------------------------------------------------------------ */
/* Subjects                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint subject;
  guint n;
} SubjectCount;

static int
compare_subject_counts (gconstpointer a,
                        gconstpointer b,
                        gpointer      user_data)
{
  const SubjectCount *x = a, *y = b;
  const guint32 *rank = user_data;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return (rank[x->subject] > rank[y->subject]) - (rank[x->subject] < rank[y->subject]);
}

/**
 * tz_metric_table_subject_counts:
 *
 * What tz_store_list_subject_counts() returns.
 */
GPtrArray *
tz_metric_table_subject_counts (TzMetricTable  *table,
                                guint           limit,
                                GArray        **counts)
{
  guint n_subjects = table->subjects.strings->len;
  g_autofree guint *per_subject = g_new0 (guint, n_subjects);
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (SubjectCount));
  GPtrArray *subjects = g_ptr_array_new_with_free_func (g_free);
  GArray *n = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < table->rows->len; i++)
    {
      const Row *row = &g_array_index (table->rows, Row, i);

      if (!row->not_metric)
        per_subject[row->subject]++;
    }

  for (guint s = 1; s < n_subjects; s++)
    {
      SubjectCount count = { s, per_subject[s] };

      if (count.n > 0 && *strings_get (&table->subjects, s) != '\0')
        g_array_append_val (order, count);
    }
  g_array_sort_with_data (order, compare_subject_counts, table->subjects.rank);

  for (guint i = 0; i < order->len && (limit == 0 || i < limit); i++)
    {
      const SubjectCount *count = &g_array_index (order, SubjectCount, i);

      g_ptr_array_add (subjects, g_strdup (strings_get (&table->subjects, count->subject)));
      g_array_append_val (n, count->n);
    }

  if (counts != NULL)
    *counts = n;
  else
    g_array_unref (n);

  return subjects;
}
