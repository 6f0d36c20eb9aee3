/* tz-import-outcome.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-import-outcome"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tz-import-outcome.h"

struct _TzImportOutcome
{
  GObject         parent_instance;

  char           *path;
  char           *name;
  char           *message;
  gint64          document_id;
  guint           n_articles;
  guint           n_metrics;
  TzImportStatus  status;
};

G_DEFINE_FINAL_TYPE (TzImportOutcome, tz_import_outcome, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_NAME,
  PROP_STATUS,
  PROP_MESSAGE,
  PROP_N_ARTICLES,
  PROP_N_METRICS,
  PROP_DOCUMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tz_import_outcome_finalize (GObject *object)
{
  TzImportOutcome *self = (TzImportOutcome *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (tz_import_outcome_parent_class)->finalize (object);
}

static void
tz_import_outcome_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TzImportOutcome *self = TZ_IMPORT_OUTCOME (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    case PROP_N_ARTICLES:
      g_value_set_uint (value, self->n_articles);
      break;

    case PROP_N_METRICS:
      g_value_set_uint (value, self->n_metrics);
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_import_outcome_class_init (TzImportOutcomeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tz_import_outcome_finalize;
  object_class->get_property = tz_import_outcome_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_STATUS] = g_param_spec_int ("status", NULL, NULL, 0, TZ_IMPORT_CANCELLED, 0, ro);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, ro);
  properties[PROP_N_ARTICLES] = g_param_spec_uint ("n-articles", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_METRICS] = g_param_spec_uint ("n-metrics", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_DOCUMENT_ID] = g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_import_outcome_init (TzImportOutcome *self)
{
}

TzImportOutcome *
tz_import_outcome_new (const char     *path,
                       TzImportStatus  status,
                       const char     *message)
{
  TzImportOutcome *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (TZ_TYPE_IMPORT_OUTCOME, NULL);
  self->path = g_strdup (path);
  self->name = g_path_get_basename (path);
  self->status = status;
  self->message = g_strdup (message);

  return self;
}

const char *
tz_import_outcome_get_path (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), NULL);
  return self->path;
}

const char *
tz_import_outcome_get_name (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), NULL);
  return self->name;
}

TzImportStatus
tz_import_outcome_get_status (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), TZ_IMPORT_FAILED);
  return self->status;
}

/* Why the file was not imported, in words a user understands; %NULL when
 * it was. */
const char *
tz_import_outcome_get_message (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), NULL);
  return self->message;
}

guint
tz_import_outcome_get_n_articles (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), 0);
  return self->n_articles;
}

guint
tz_import_outcome_get_n_metrics (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), 0);
  return self->n_metrics;
}

void
tz_import_outcome_set_counts (TzImportOutcome *self,
                              guint            n_articles,
                              guint            n_metrics)
{
  g_return_if_fail (TZ_IS_IMPORT_OUTCOME (self));

  if (self->n_articles != n_articles)
    {
      self->n_articles = n_articles;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ARTICLES]);
    }
  if (self->n_metrics != n_metrics)
    {
      self->n_metrics = n_metrics;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_METRICS]);
    }
}

gint64
tz_import_outcome_get_document_id (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), 0);
  return self->document_id;
}

void
tz_import_outcome_set_document_id (TzImportOutcome *self,
                                   gint64           document_id)
{
  g_return_if_fail (TZ_IS_IMPORT_OUTCOME (self));

  if (self->document_id == document_id)
    return;
  self->document_id = document_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
}

/* Duplicates and imported files are fine; everything else needs the
 * user's attention. */
gboolean
tz_import_outcome_is_failure (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), TRUE);

  return self->status != TZ_IMPORT_IMPORTED && self->status != TZ_IMPORT_DUPLICATE;
}

const char *
tz_import_status_to_string (TzImportStatus status)
{
  switch (status)
    {
    case TZ_IMPORT_IMPORTED:
      return _("imported");
    case TZ_IMPORT_DUPLICATE:
      return _("already in the ledger");
    case TZ_IMPORT_UNSUPPORTED:
      return _("unsupported type");
    case TZ_IMPORT_UNREADABLE:
      return _("unreadable");
    case TZ_IMPORT_DECODE_ERROR:
      return _("not readable text");
    case TZ_IMPORT_EMPTY:
      return _("empty");
    case TZ_IMPORT_TOO_LARGE:
      return _("too large");
    case TZ_IMPORT_FAILED:
      return _("not saved");
    case TZ_IMPORT_CANCELLED:
      return _("cancelled");
    default:
      return "";
    }
}

/**
 * tz_import_outcome_describe:
 *
 * Returns: (transfer full): one line for summaries, such as
 *   "report.txt: imported (3 articles, 41 figures)"
 */
char *
tz_import_outcome_describe (TzImportOutcome *self)
{
  g_return_val_if_fail (TZ_IS_IMPORT_OUTCOME (self), NULL);

  if (self->status == TZ_IMPORT_IMPORTED)
    {
      g_autofree char *articles = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u article", "%u articles",
                                                                self->n_articles),
                                                   self->n_articles);
      g_autofree char *metrics = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u figure", "%u figures",
                                                               self->n_metrics),
                                                  self->n_metrics);

      /* Translators: file name, status, then the counts */
      return g_strdup_printf (_("%s: %s (%s, %s)"), self->name,
                              tz_import_status_to_string (self->status), articles, metrics);
    }

  if (self->message != NULL)
    return g_strdup_printf ("%s: %s — %s", self->name,
                            tz_import_status_to_string (self->status), self->message);

  return g_strdup_printf ("%s: %s", self->name, tz_import_status_to_string (self->status));
}
