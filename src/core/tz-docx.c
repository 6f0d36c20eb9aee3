/* tz-docx.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-docx"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf.h>
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "tz-decoder.h"
#include "tz-docx.h"

/* A zip of a few MiB can inflate without end: past this, the document is
 * refused rather than read. */
#define MAX_PART_SIZE (256 * 1024 * 1024)

/* Transitional and strict OOXML name the same elements differently. */
static const char * const word_namespaces[] = {
  "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
  "http://purl.oclc.org/ooxml/wordprocessingml/main",
};

#define MC_NAMESPACE "http://schemas.openxmlformats.org/markup-compatibility/2006"

/* What is read from a zip member, counted against MAX_PART_SIZE. */
typedef struct
{
  GsfInput *input;
  gsize     total;
  guint     too_large : 1;
} Source;

/* A table being read; tables nest inside cells. */
typedef struct
{
  GString *row;
  GString *cell;
} Table;

typedef struct
{
  GHashTable *heading_styles; /* style id → 1 or 2 */
  GString    *out;
  GString    *para;
  GArray     *tables;         /* of Table, innermost last */
  int         heading;        /* of the open paragraph */
  guint       in_properties;  /* depth in w:pPr and w:rPr, where w:tab is a tab stop */
  guint       in_text : 1;    /* inside w:t */
  guint       in_para : 1;
  guint       last_was_row : 1;
} Reader;

static int
read_cb (void *context,
         char *buffer,
         int   len)
{
  Source *source = context;
  gsf_off_t remaining = gsf_input_remaining (source->input);
  gsize n = (gsize) MIN ((gsf_off_t) len, remaining);

  if (n == 0)
    return 0;
  if (source->total + n > MAX_PART_SIZE)
    {
      source->too_large = TRUE;
      return -1;
    }
  if (gsf_input_read (source->input, n, (guint8 *) buffer) == NULL)
    return -1;
  source->total += n;

  return (int) n;
}

static int
close_cb (void *context)
{
  return 0;
}

static void
quiet_error_cb (void                    *arg,
                const char              *msg,
                xmlParserSeverities      severity,
                xmlTextReaderLocatorPtr  locator)
{
  /* Errors end the read, and the caller reports them with the file name. */
}

/* Both must be set up once before any thread uses them. */
static void
ensure_initialized (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      gsf_init ();
      g_once_init_leave (&initialized, 1);
    }
}

/* Never fetches anything: no network, no DTD, entities left unexpanded. */
static xmlTextReaderPtr
reader_new (Source     *source,
            const char *url)
{
  xmlTextReaderPtr reader = xmlReaderForIO (read_cb, close_cb, source, url, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (reader != NULL)
    xmlTextReaderSetErrorHandler (reader, quiet_error_cb, NULL);

  return reader;
}

static gboolean
is_word (xmlTextReaderPtr  reader,
         const char       *name)
{
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

  if (g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), name) != 0 || ns == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (word_namespaces); i++)
    if (strcmp (ns, word_namespaces[i]) == 0)
      return TRUE;

  return FALSE;
}

/* The w:val (or other w:) attribute of the current element. */
static char *
word_attribute (xmlTextReaderPtr  reader,
                const char       *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (word_namespaces); i++)
    {
      xmlChar *value = xmlTextReaderGetAttributeNs (reader, (const xmlChar *) name,
                                                    (const xmlChar *) word_namespaces[i]);

      if (value != NULL)
        {
          char *copy = g_strdup ((const char *) value);

          xmlFree (value);
          return copy;
        }
    }

  return NULL;
}

static int
outline_level (xmlTextReaderPtr reader)
{
  g_autofree char *val = word_attribute (reader, "val");

  /* Outline level 0 is a top heading, 1 the one below. */
  if (g_strcmp0 (val, "0") == 0)
    return 1;
  if (g_strcmp0 (val, "1") == 0)
    return 2;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

/* Word localizes style ids (a Chinese Word calls Heading 1 "1"), but a
 * style's w:name is always the English built-in name. */
static int
level_for_style_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_equal (lower, "title") || g_str_equal (lower, "heading 1"))
    return 1;
  if (g_str_equal (lower, "heading 2"))
    return 2;
  return 0;
}

static GHashTable *
read_heading_styles (GsfInfile *zip)
{
  GHashTable *styles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GsfInput *input = gsf_infile_child_by_vname (zip, "word", "styles.xml", NULL);
  Source source = { input, 0, FALSE };
  xmlTextReaderPtr reader;
  g_autofree char *id = NULL;

  /* Without styles.xml, the ids are the English names without spaces. */
  g_hash_table_insert (styles, g_strdup ("Title"), GINT_TO_POINTER (1));
  g_hash_table_insert (styles, g_strdup ("Heading1"), GINT_TO_POINTER (1));
  g_hash_table_insert (styles, g_strdup ("Heading2"), GINT_TO_POINTER (2));

  if (input == NULL)
    return styles;

  reader = reader_new (&source, "styles.xml");
  while (reader != NULL && xmlTextReaderRead (reader) == 1)
    {
      int level = 0;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
        continue;

      if (is_word (reader, "style"))
        {
          g_free (id);
          id = word_attribute (reader, "styleId");
        }
      else if (id != NULL && is_word (reader, "name"))
        {
          g_autofree char *name = word_attribute (reader, "val");

          level = name != NULL ? level_for_style_name (name) : 0;
        }
      else if (id != NULL && is_word (reader, "outlineLvl"))
        level = outline_level (reader);

      if (level > 0)
        g_hash_table_insert (styles, g_strdup (id), GINT_TO_POINTER (level));
    }

  g_clear_pointer (&reader, xmlFreeTextReader);
  g_object_unref (input);

  return styles;
}

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

static Table *
current_table (Reader *r)
{
  return r->tables->len > 0 ? &g_array_index (r->tables, Table, r->tables->len - 1) : NULL;
}

static void
append_spaced (GString    *to,
               const char *text)
{
  if (*text == '\0')
    return;
  if (to->len > 0)
    g_string_append_c (to, ' ');
  g_string_append (to, text);
}

static void
end_paragraph (Reader *r)
{
  Table *table = current_table (r);
  const char *text;

  g_strstrip (r->para->str);
  r->para->len = strlen (r->para->str);
  text = r->para->str;

  if (table != NULL)
    append_spaced (table->cell, text);
  else if (*text != '\0')
    {
      if (r->out->len > 0)
        g_string_append (r->out, "\n\n");
      if (r->heading == 1)
        g_string_append (r->out, "# ");
      else if (r->heading == 2)
        g_string_append (r->out, "## ");
      g_string_append (r->out, text);
      r->last_was_row = FALSE;
    }

  g_string_truncate (r->para, 0);
  r->heading = 0;
  r->in_para = FALSE;
}

static void
start_table (Reader *r)
{
  Table table = { g_string_new (NULL), g_string_new (NULL) };

  g_array_append_val (r->tables, table);
}

static void
end_table (Reader *r)
{
  Table *table = current_table (r);

  if (table == NULL)
    return;
  g_string_free (table->row, TRUE);
  g_string_free (table->cell, TRUE);
  g_array_set_size (r->tables, r->tables->len - 1);
}

/* A row is one line, its cells joined by a space; a row of a table inside
 * a cell goes into that cell. */
static void
end_row (Reader *r)
{
  Table *table = current_table (r);
  Table *outer;

  if (table == NULL || table->row->len == 0)
    return;

  outer = r->tables->len > 1 ? &g_array_index (r->tables, Table, r->tables->len - 2) : NULL;
  if (outer != NULL)
    append_spaced (outer->cell, table->row->str);
  else
    {
      if (r->out->len > 0)
        g_string_append (r->out, r->last_was_row ? "\n" : "\n\n");
      g_string_append (r->out, table->row->str);
      r->last_was_row = TRUE;
    }
  g_string_truncate (table->row, 0);
}

static void
end_cell (Reader *r)
{
  Table *table = current_table (r);

  if (table == NULL)
    return;
  append_spaced (table->row, table->cell->str);
  g_string_truncate (table->cell, 0);
}

/* Subtrees without text the reader shows: deleted and moved-away text,
 * field codes, and the fallback copy of content given twice. */
static gboolean
is_skipped (xmlTextReaderPtr reader)
{
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

  if (g_strcmp0 (ns, MC_NAMESPACE) == 0)
    return g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), "Fallback") == 0;

  return is_word (reader, "del") || is_word (reader, "moveFrom") ||
         is_word (reader, "delText") || is_word (reader, "instrText") ||
         is_word (reader, "footnoteReference") || is_word (reader, "endnoteReference");
}

static void
start_element (Reader           *r,
               xmlTextReaderPtr  reader)
{
  if (is_word (reader, "p"))
    {
      /* A paragraph in a text box inside a paragraph: what came before
       * it is a paragraph of its own. */
      if (r->in_para)
        end_paragraph (r);
      r->in_para = TRUE;
    }
  else if (is_word (reader, "pPr") || is_word (reader, "rPr"))
    r->in_properties++;
  else if (is_word (reader, "pStyle"))
    {
      g_autofree char *id = word_attribute (reader, "val");

      if (id != NULL)
        r->heading = GPOINTER_TO_INT (g_hash_table_lookup (r->heading_styles, id));
    }
  else if (is_word (reader, "outlineLvl") && r->heading == 0)
    r->heading = outline_level (reader);
  else if (is_word (reader, "t"))
    r->in_text = TRUE;
  else if (r->in_properties > 0)
    return;
  else if (is_word (reader, "tab"))
    g_string_append_c (r->para, ' ');
  else if (is_word (reader, "br") || is_word (reader, "cr"))
    g_string_append_c (r->para, '\n');
  else if (is_word (reader, "noBreakHyphen"))
    g_string_append_c (r->para, '-');
  else if (is_word (reader, "tbl"))
    {
      if (r->in_para)
        end_paragraph (r);
      start_table (r);
    }
}

static void
end_element (Reader           *r,
             xmlTextReaderPtr  reader)
{
  if (is_word (reader, "p"))
    end_paragraph (r);
  else if (is_word (reader, "pPr") || is_word (reader, "rPr"))
    r->in_properties--;
  else if (is_word (reader, "t"))
    r->in_text = FALSE;
  else if (is_word (reader, "tc"))
    end_cell (r);
  else if (is_word (reader, "tr"))
    end_row (r);
  else if (is_word (reader, "tbl"))
    end_table (r);
}

static gboolean
read_document (Reader           *r,
               xmlTextReaderPtr  reader)
{
  int ret = xmlTextReaderRead (reader);

  while (ret == 1)
    {
      switch (xmlTextReaderNodeType (reader))
        {
        case XML_READER_TYPE_ELEMENT:
          if (is_skipped (reader))
            {
              ret = xmlTextReaderNext (reader);
              continue;
            }
          start_element (r, reader);
          if (xmlTextReaderIsEmptyElement (reader))
            end_element (r, reader);
          break;

        case XML_READER_TYPE_END_ELEMENT:
          end_element (r, reader);
          break;

        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          if (r->in_text)
            g_string_append (r->para, (const char *) xmlTextReaderConstValue (reader));
          break;

        default:
          break;
        }

      ret = xmlTextReaderRead (reader);
    }

  return ret == 0;
}

/**
 * tz_docx_extract_text:
 * @bytes: the .docx file as read from disk
 * @display_name: (nullable): the file name for messages
 * @error: return location for a #TZ_DECODE_ERROR
 *
 * Reads the body of a Word document (word/document.xml) into the
 * normalized text the other readers give: one paragraph per w:p, separated
 * by blank lines; Title and Heading 1 paragraphs as "# " lines, Heading 2
 * as "## "; each table row one line with its cells joined by a space;
 * breaks inside a paragraph as line breaks and tabs as spaces. Headers,
 * footers, footnotes, comments and deleted text are left out, and nothing
 * the document refers to is ever fetched.
 *
 * Returns: (transfer full): the text, or %NULL with @error set
 */
char *
tz_docx_extract_text (GBytes      *bytes,
                      const char  *display_name,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GsfInput *input = NULL;
  GsfInfile *zip = NULL;
  GsfInput *part = NULL;
  xmlTextReaderPtr reader = NULL;
  Source source = { NULL, 0, FALSE };
  Reader r = { NULL, };
  const char *name;
  char *result = NULL;
  gsize len = 0;
  const guint8 *data;
  gboolean ok;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = display_name != NULL ? display_name : _("unnamed file");
  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” is empty"), name);
      return NULL;
    }

  ensure_initialized ();
  input = gsf_input_memory_new (data, len, FALSE);
  zip = gsf_infile_zip_new (input, &local_error);
  if (zip != NULL)
    part = gsf_infile_child_by_vname (zip, "word", "document.xml", NULL);
  if (part == NULL)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is damaged or not a Word document"), name);
      goto out;
    }

  r.heading_styles = read_heading_styles (zip);
  r.out = g_string_new (NULL);
  r.para = g_string_new (NULL);
  r.tables = g_array_new (FALSE, FALSE, sizeof (Table));

  source.input = part;
  reader = reader_new (&source, "document.xml");
  ok = reader != NULL && read_document (&r, reader);
  if (source.too_large)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is too large to read as a Word document"), name);
      goto out;
    }
  if (!ok)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_INVALID,
                   _("“%s” is damaged or not a Word document"), name);
      goto out;
    }

  /* Paragraphs are stripped and empty ones left out as they are read. */
  if (r.out->len == 0)
    {
      g_set_error (error, TZ_DECODE_ERROR, TZ_DECODE_ERROR_EMPTY,
                   _("“%s” has no text"), name);
      goto out;
    }

  g_string_append_c (r.out, '\n');
  result = tz_normalize_text (r.out->str, r.out->len);

out:
  while (r.tables != NULL && r.tables->len > 0)
    end_table (&r);
  g_clear_pointer (&r.tables, g_array_unref);
  if (r.para != NULL)
    g_string_free (r.para, TRUE);
  if (r.out != NULL)
    g_string_free (r.out, TRUE);
  g_clear_pointer (&r.heading_styles, g_hash_table_unref);
  g_clear_pointer (&reader, xmlFreeTextReader);
  g_clear_object (&part);
  g_clear_object (&zip);
  g_clear_object (&input);

  return result;
}
