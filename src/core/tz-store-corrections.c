/* tz-store-corrections.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tz-article-private.h"
#include "tz-gazetteer.h"
#include "tz-metric-scanner.h"
#include "tz-store-internal.h"

/* ------------------------------------------------------------------------
 * Records: the fields of a metric a correction can change
 * --------------------------------------------------------------------- */

static void
record_from_metric (Record   *record,
                    TzMetric *metric)
{
  tz_metric_get_value (metric, &record->value);
  record->unit = g_strdup (tz_metric_get_unit (metric));
  record->subject = g_strdup (tz_metric_get_subject (metric));
  record->region_code = g_strdup (_tz_store_region_code (tz_metric_get_region (metric)));
  record->category = tz_metric_get_category (metric);
  record->approx = tz_metric_get_approx (metric);
  record->year = tz_metric_get_year (metric);
  record->year_source = tz_metric_get_year_source (metric);
  record->target = tz_metric_get_target (metric);
  record->text = g_strdup (tz_metric_get_text (metric));
  record->sentence = g_strdup (tz_metric_get_sentence (metric));
  record->start = tz_metric_get_start (metric);
  record->end = tz_metric_get_end (metric);
}

/* A record borrowing the fields' strings: not to be cleared. */
void
_tz_store_record_view_fields (Record               *record,
                              const TzMetricFields *fields)
{
  record->value = fields->value;
  record->unit = (char *) fields->unit;
  record->subject = fields->subject;
  record->region_code = (char *) _tz_store_region_code (fields->region);
  record->category = fields->category;
  record->approx = fields->approx;
  record->year = fields->year;
  record->year_source = fields->year_source;
  record->target = fields->target;
  record->text = fields->text;
  record->sentence = fields->sentence;
  record->start = fields->start;
  record->end = fields->end;
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
_tz_store_record_to_json (const Record *record,
                          gboolean      whole)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *value = tz_decimal_to_string (&record->value);

  json_builder_begin_object (builder);
  add_string_member (builder, "value", value);
  add_string_member (builder, "unit", record->unit);
  add_string_member (builder, "category", tz_category_to_string (record->category));
  add_string_member (builder, "approx", tz_approx_to_string (record->approx));
  add_string_member (builder, "subject", record->subject);
  add_string_member (builder, "region", record->region_code);
  json_builder_set_member_name (builder, "year");
  if (record->year > 0)
    json_builder_add_int_value (builder, record->year);
  else
    json_builder_add_null_value (builder);
  add_string_member (builder, "year_source", tz_year_source_to_string (record->year_source));
  json_builder_set_member_name (builder, "target");
  json_builder_add_boolean_value (builder, record->target);
  if (whole)
    {
      add_string_member (builder, "text", record->text);
      add_string_member (builder, "sentence", record->sentence);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, record->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, record->end);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int_member (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;

  return json_node_get_int (node);
}

gboolean
_tz_store_record_from_json (Record     *record,
                            const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *node;
  TzCategory category = TZ_CATEGORY_ITEMS;
  TzApprox approx = TZ_APPROX_EXACT;
  TzYearSource year_source = TZ_YEAR_SOURCE_NONE;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return FALSE;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);

  if (!tz_decimal_parse (get_string_member (object, "value"), &record->value))
    return FALSE;
  record->unit = g_strdup (get_string_member (object, "unit"));
  record->subject = g_strdup (get_string_member (object, "subject"));
  record->region_code = g_strdup (get_string_member (object, "region"));
  tz_category_from_string (get_string_member (object, "category"), &category);
  tz_approx_from_string (get_string_member (object, "approx"), &approx);
  tz_year_source_from_string (get_string_member (object, "year_source"), &year_source);
  record->category = category;
  record->approx = approx;
  record->year_source = year_source;
  record->year = (int) get_int_member (object, "year");
  node = json_object_get_member (object, "target");
  record->target = node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node);
  record->text = g_strdup (get_string_member (object, "text"));
  record->sentence = g_strdup (get_string_member (object, "sentence"));
  record->start = (guint) get_int_member (object, "start");
  record->end = (guint) get_int_member (object, "end");

  return TRUE;
}

/* The category a unit implies, read off the metric scanner itself so the
 * two never disagree; @fallback when the unit is not a known measure word. */
static TzCategory
category_for_unit (const char *unit,
                   TzCategory  fallback)
{
  g_autofree char *probe = g_strconcat ("5", unit, NULL);
  g_autoptr(GArray) figures = g_array_new (FALSE, TRUE, sizeof (TzFigure));
  gsize len = strlen (probe);

  tz_scan_figures (probe, 0, len, figures);
  if (figures->len == 1 && g_array_index (figures, TzFigure, 0).unit_end == len)
    return g_array_index (figures, TzFigure, 0).category;

  return fallback;
}

static gboolean
parse_year (const char *value,
            int        *year)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (value, 10, 1900, 2100, &n, NULL))
    return FALSE;

  *year = (int) n;
  return TRUE;
}

/* Checks a correction's value and returns it in its stored spelling. */
static char *
normalize_correction (TzField      field,
                      const char  *value,
                      GError     **error)
{
  TzDecimal dec;
  TzApprox approx;
  int year;

  if (value == NULL)
    value = "";

  switch (field)
    {
    case TZ_FIELD_VALUE:
      if (tz_decimal_parse (value, &dec))
        return tz_decimal_to_string (&dec);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a number. Write it with digits, such as 1500 or 3.6."),
                   value);
      return NULL;

    case TZ_FIELD_UNIT:
      if (*value != '\0')
        return g_strdup (value);
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("A figure needs a unit, such as 人 or 元."));
      return NULL;

    case TZ_FIELD_APPROX:
      if (tz_approx_from_string (value, &approx))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a qualifier; use exact, more_than, about, "
                     "less_than or at_least."),
                   value);
      return NULL;

    case TZ_FIELD_SUBJECT:
      return g_strdup (value);

    case TZ_FIELD_REGION:
      if (*value == '\0' ||
          tz_gazetteer_lookup_code (tz_gazetteer_get_default (), value) != TZ_DIVISION_NONE)
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a known division code; choose a region from the list."),
                   value);
      return NULL;

    case TZ_FIELD_YEAR:
      if (*value == '\0' || parse_year (value, &year))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is not a year between 1900 and 2100."), value);
      return NULL;

    case TZ_FIELD_TARGET:
      if (g_str_equal (value, "true") || g_str_equal (value, "false"))
        return g_strdup (value);
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("“%s” is neither true nor false."), value);
      return NULL;

    default:
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                   _("Field %d cannot be corrected."), (int) field);
      return NULL;
    }
}

/* Applies a stored (already normalized) correction to a record. */
void
_tz_store_record_apply (Record     *record,
                        int         field,
                        const char *value)
{
  int year = 0;

  switch (field)
    {
    case TZ_FIELD_VALUE:
      tz_decimal_parse (value, &record->value);
      break;

    case TZ_FIELD_UNIT:
      g_free (record->unit);
      record->unit = g_strdup (value);
      record->category = category_for_unit (value, record->category);
      break;

    case TZ_FIELD_APPROX:
      tz_approx_from_string (value, &record->approx);
      break;

    case TZ_FIELD_SUBJECT:
      g_free (record->subject);
      record->subject = *value != '\0' ? g_strdup (value) : NULL;
      break;

    case TZ_FIELD_REGION:
      g_free (record->region_code);
      record->region_code = *value != '\0' ? g_strdup (value) : NULL;
      break;

    case TZ_FIELD_YEAR:
      /* The source says where an extracted year came from; a cleared year
       * has none, a typed one keeps the record's. */
      if (*value != '\0')
        parse_year (value, &year);
      record->year = year;
      if (year == 0)
        record->year_source = TZ_YEAR_SOURCE_NONE;
      break;

    case TZ_FIELD_TARGET:
      record->target = g_str_equal (value, "true");
      break;

    default:
      break;
    }
}

gboolean
_tz_store_load_record (TzStore  *self,
                       gint64    metric_id,
                       Record   *record,
                       GError  **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_METRIC_FIELDS, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The figure is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return FALSE;
    }

  tz_decimal_parse (_tz_store_column_text (stmt, 0), &record->value);
  record->unit = g_strdup (_tz_store_column_text (stmt, 1));
  record->category = sqlite3_column_int (stmt, 2);
  record->approx = sqlite3_column_int (stmt, 3);
  record->subject = g_strdup (_tz_store_column_text (stmt, 4));
  record->region_code = g_strdup (_tz_store_column_text (stmt, 5));
  record->year = sqlite3_column_int (stmt, 6);
  record->year_source = sqlite3_column_int (stmt, 7);
  record->target = sqlite3_column_int (stmt, 8) != 0;

  return TRUE;
}

/* The first correction of an extracted figure keeps its fields as they
 * were, for tz_store_restore_metric(); later ones leave that copy alone.
 * Untouched figures need no copy: their row is what was extracted. */
gboolean
_tz_store_keep_extracted (TzStore       *self,
                          gint64         metric_id,
                          const Record  *current,
                          GError       **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_KEEP_EXTRACTED, error);
  g_autofree char *json = NULL;

  if (stmt == NULL)
    return FALSE;

  json = _tz_store_record_to_json (current, FALSE);
  sqlite3_bind_int64 (stmt, 1, metric_id);
  _tz_store_bind_text (stmt, 2, json);
  return _tz_store_run (self, stmt, error);
}

gboolean
_tz_store_write_record (TzStore       *self,
                        gint64         metric_id,
                        const Record  *record,
                        gboolean       corrected,
                        GError       **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_UPDATE_METRIC_FIELDS, error);
  g_autofree char *value = NULL;
  const char *province, *prefecture;

  if (stmt == NULL)
    return FALSE;

  value = tz_decimal_to_string (&record->value);
  _tz_store_derive_codes (record->region_code, &province, &prefecture);

  sqlite3_bind_int64 (stmt, 1, metric_id);
  _tz_store_bind_text (stmt, 2, value);
  sqlite3_bind_double (stmt, 3, tz_decimal_to_double (&record->value));
  _tz_store_bind_text (stmt, 4, record->unit != NULL ? record->unit : "");
  sqlite3_bind_int (stmt, 5, record->category);
  sqlite3_bind_int (stmt, 6, record->approx);
  _tz_store_bind_text (stmt, 7, record->subject);
  _tz_store_bind_text (stmt, 8, record->region_code);
  _tz_store_bind_text (stmt, 9, province);
  _tz_store_bind_text (stmt, 10, prefecture);
  _tz_store_bind_year (stmt, 11, record->year);
  sqlite3_bind_int (stmt, 12, record->year_source);
  sqlite3_bind_int (stmt, 13, record->target);
  sqlite3_bind_int (stmt, 14, corrected);

  return _tz_store_run (self, stmt, error);
}

/* ------------------------------------------------------------------------
 * Corrections
 * --------------------------------------------------------------------- */

typedef struct
{
  gint64  document_id;
  char   *sha256;
  guint   start;
  guint   end;
  gboolean user_added;
  char   *extracted;
} MetricInfo;

static void
metric_info_clear (MetricInfo *info)
{
  g_clear_pointer (&info->sha256, g_free);
  g_clear_pointer (&info->extracted, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MetricInfo, metric_info_clear)

static gboolean
load_metric_info (TzStore     *self,
                  gint64       metric_id,
                  MetricInfo  *info,
                  GError     **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_METRIC_INFO, error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, metric_id);
  if (!_tz_store_first_row (self, stmt, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                   _("The figure is no longer in the ledger “%s”. Refresh the list."),
                   self->display_path);
      return FALSE;
    }

  info->document_id = sqlite3_column_int64 (stmt, 0);
  info->sha256 = g_strdup (_tz_store_column_text (stmt, 1));
  info->start = sqlite3_column_int (stmt, 2);
  info->end = sqlite3_column_int (stmt, 3);
  info->user_added = sqlite3_column_int (stmt, 4) != 0;
  info->extracted = g_strdup (_tz_store_column_text (stmt, 5));

  return TRUE;
}

static gboolean
upsert_correction (TzStore     *self,
                   const char  *sha256,
                   guint        start,
                   guint        end,
                   int          field,
                   const char  *value,
                   GError     **error)
{
  g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_UPSERT_CORRECTION, error);

  if (stmt == NULL)
    return FALSE;

  _tz_store_bind_text (stmt, 1, sha256);
  sqlite3_bind_int (stmt, 2, start);
  sqlite3_bind_int (stmt, 3, end);
  sqlite3_bind_int (stmt, 4, field);
  _tz_store_bind_text (stmt, 5, value);
  sqlite3_bind_int64 (stmt, 6, _tz_store_now_seconds ());
  return _tz_store_run (self, stmt, error);
}

/**
 * tz_store_correct_metric:
 * @value: the new value in its plain spelling: a decimal for
 *   %TZ_FIELD_VALUE, a division code or "" for %TZ_FIELD_REGION, a year or
 *   "" for %TZ_FIELD_YEAR, an approx name (tz_approx_to_string()),
 *   "true"/"false" for %TZ_FIELD_TARGET
 *
 * Records the correction and updates the metric; %TZ_STORE_ERROR_INVALID
 * when @value does not fit @field.
 */
gboolean
tz_store_correct_metric (TzStore     *self,
                         gint64       metric_id,
                         TzField      field,
                         const char  *value,
                         GError     **error)
{
  g_auto(MetricInfo) info = { 0, };
  g_auto(Record) record = { 0, };
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  normalized = normalize_correction (field, value, error);
  if (normalized == NULL)
    return FALSE;

  if (!_tz_store_begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error) ||
      !upsert_correction (self, info.sha256, info.start, info.end, field, normalized, error) ||
      !_tz_store_load_record (self, metric_id, &record, error) ||
      !_tz_store_keep_extracted (self, metric_id, &record, error))
    goto failed;

  _tz_store_record_apply (&record, field, normalized);
  if (!_tz_store_write_record (self, metric_id, &record, TRUE, error) ||
      !_tz_store_commit (self, error))
    goto failed;

  _tz_store_table_follow_metric (self, metric_id);
  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

/**
 * tz_store_set_not_metric:
 *
 * Marks a metric as not a figure (or not anymore): it stays stored but
 * every query and load of a document leaves it out.
 */
gboolean
tz_store_set_not_metric (TzStore   *self,
                         gint64     metric_id,
                         gboolean   not_metric,
                         GError   **error)
{
  g_auto(MetricInfo) info = { 0, };

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!_tz_store_begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error))
    goto failed;

  if (not_metric)
    {
      if (!upsert_correction (self, info.sha256, info.start, info.end,
                              CORRECTION_NOT_METRIC, "true", error))
        goto failed;
    }
  else
    {
      g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_DELETE_CORRECTION, error);

      if (stmt == NULL)
        goto failed;
      _tz_store_bind_text (stmt, 1, info.sha256);
      sqlite3_bind_int (stmt, 2, info.start);
      sqlite3_bind_int (stmt, 3, info.end);
      sqlite3_bind_int (stmt, 4, CORRECTION_NOT_METRIC);
      if (!_tz_store_run (self, stmt, error))
        goto failed;
    }

  if (!_tz_store_set_not_metric_row (self, metric_id, not_metric, error) ||
      !_tz_store_commit (self, error))
    goto failed;

  _tz_store_table_follow_metric (self, metric_id);
  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

/**
 * tz_store_restore_metric:
 *
 * Forgets the corrections of a metric (and "not a metric") and puts back
 * the values it was extracted with, or for a figure the user added, the
 * values it was added with.
 */
gboolean
tz_store_restore_metric (TzStore  *self,
                         gint64    metric_id,
                         GError  **error)
{
  g_auto(MetricInfo) info = { 0, };
  g_auto(Record) record = { 0, };

  g_return_val_if_fail (TZ_IS_STORE (self), FALSE);
  CHECK_THREAD (self);

  if (!_tz_store_begin (self, error))
    return FALSE;

  if (!load_metric_info (self, metric_id, &info, error))
    goto failed;

  /* Never corrected: the row holds the extracted values already. */
  if (info.extracted == NULL)
    {
      if (!_tz_store_load_record (self, metric_id, &record, error))
        goto failed;
    }
  else if (!_tz_store_record_from_json (&record, info.extracted))
    {
      g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_CORRUPT,
                   _("The extracted values of this figure are missing from the "
                     "ledger “%s”. Extract the document again to restore them."),
                   self->display_path);
      goto failed;
    }

  {
    g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_DELETE_SPAN_CORRECTIONS, error);

    if (stmt == NULL)
      goto failed;
    _tz_store_bind_text (stmt, 1, info.sha256);
    sqlite3_bind_int (stmt, 2, info.start);
    sqlite3_bind_int (stmt, 3, info.end);
    /* A user's own figure stays; only what was changed on it goes. */
    sqlite3_bind_int (stmt, 4, info.user_added ? CORRECTION_USER_METRIC : -1);
    if (!_tz_store_run (self, stmt, error))
      goto failed;
  }

  if (!_tz_store_write_record (self, metric_id, &record, FALSE, error) ||
      !_tz_store_set_not_metric_row (self, metric_id, FALSE, error) ||
      !_tz_store_commit (self, error))
    goto failed;

  _tz_store_table_follow_metric (self, metric_id);
  return TRUE;

failed:
  _tz_store_rollback (self);
  return FALSE;
}

/**
 * tz_store_add_user_metric:
 * @metric: a figure the user marked in the text: text, start and end must
 *   match the document text; value, unit, subject … as the user gave them
 *
 * Stores @metric in article @article_id, and keeps it as a correction so
 * that it survives re-import and re-extraction. Sets its ids on success.
 *
 * Returns: the metric's id, or 0 with @error set
 */
gint64
tz_store_add_user_metric (TzStore   *self,
                          gint64     article_id,
                          TzMetric  *metric,
                          GError   **error)
{
  g_auto(Record) record = { 0, };
  g_autofree char *json = NULL;
  g_autofree char *sha256 = NULL;
  gint64 document_id = 0;
  gint64 metric_id = 0;
  guint ordinal;

  g_return_val_if_fail (TZ_IS_STORE (self), 0);
  g_return_val_if_fail (TZ_IS_METRIC (metric), 0);
  CHECK_THREAD (self);

  record_from_metric (&record, metric);
  if (record.text == NULL || *record.text == '\0' || record.end <= record.start)
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("Select the figure in the text first."));
      return 0;
    }
  if (record.unit == NULL || *record.unit == '\0')
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("A figure needs a unit, such as 人 or 元."));
      return 0;
    }

  if (!_tz_store_begin (self, error))
    return 0;

  {
    g_autoptr(CachedStmt) stmt = _tz_store_get_stmt (self, STMT_ARTICLE_SLICE, error);
    gboolean found;

    if (stmt == NULL)
      goto failed;
    sqlite3_bind_int64 (stmt, 1, article_id);
    sqlite3_bind_int (stmt, 2, record.start);
    sqlite3_bind_int (stmt, 3, record.end);
    if (!_tz_store_first_row (self, stmt, &found, error))
      goto failed;
    if (!found)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND,
                     _("The article is no longer in the ledger “%s”. Refresh the list."),
                     self->display_path);
        goto failed;
      }
    if (record.end > (guint) sqlite3_column_int (stmt, 3) ||
        g_strcmp0 (_tz_store_column_text (stmt, 2), record.text) != 0)
      {
        g_set_error (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                     _("“%s” is not what the document says at that place. Select "
                       "the figure in the text again."),
                     record.text);
        goto failed;
      }
    document_id = sqlite3_column_int64 (stmt, 0);
    sha256 = g_strdup (_tz_store_column_text (stmt, 1));
  }

  metric_id = _tz_store_find_metric_at (self, document_id, record.start, record.end, error);
  if (metric_id < 0)
    goto failed;
  if (metric_id > 0)
    {
      g_set_error_literal (error, TZ_STORE_ERROR, TZ_STORE_ERROR_INVALID,
                           _("This figure is already in the ledger; correct it "
                             "instead, or restore it if it was hidden."));
      goto failed;
    }

  json = _tz_store_record_to_json (&record, TRUE);
  ordinal = _tz_store_next_metric_ordinal (self, article_id, error);
  if (ordinal == G_MAXUINT ||
      !upsert_correction (self, sha256, record.start, record.end,
                          CORRECTION_USER_METRIC, json, error))
    goto failed;

  metric_id = _tz_store_insert_metric (self, document_id, article_id, ordinal, &record, TRUE, -1, -1,
                                       FALSE, error);
  if (metric_id == 0 || !_tz_store_commit (self, error))
    goto failed;
  _tz_store_table_follow_metric (self, metric_id);

  tz_metric_set_id (metric, metric_id);
  tz_metric_set_article_id (metric, article_id);
  tz_metric_set_document_id (metric, document_id);
  tz_metric_set_user_added (metric, TRUE);
  tz_metric_set_corrected (metric, FALSE);

  return metric_id;

failed:
  _tz_store_rollback (self);
  return 0;
}
