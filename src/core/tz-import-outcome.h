/* tz-import-outcome.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What became of one file of an import. */
typedef enum
{
  TZ_IMPORT_IMPORTED,
  TZ_IMPORT_DUPLICATE,    /* the same bytes are already in the ledger */
  TZ_IMPORT_UNSUPPORTED,  /* not a format Taizhang reads */
  TZ_IMPORT_UNREADABLE,   /* could not be opened or read */
  TZ_IMPORT_DECODE_ERROR, /* not text in an encoding we read, or binary */
  TZ_IMPORT_EMPTY,        /* no text */
  TZ_IMPORT_TOO_LARGE,    /* over TZ_MAX_REPORT_SIZE */
  TZ_IMPORT_FAILED,       /* the ledger refused it (disk full, locked …) */
  TZ_IMPORT_CANCELLED,    /* the import stopped before this file */
} TzImportStatus;

#define TZ_TYPE_IMPORT_OUTCOME (tz_import_outcome_get_type ())

G_DECLARE_FINAL_TYPE (TzImportOutcome, tz_import_outcome, TZ, IMPORT_OUTCOME, GObject)

TzImportOutcome *tz_import_outcome_new             (const char      *path,
                                                    TzImportStatus   status,
                                                    const char      *message);
const char      *tz_import_outcome_get_path        (TzImportOutcome *self);
const char      *tz_import_outcome_get_name        (TzImportOutcome *self);
TzImportStatus   tz_import_outcome_get_status      (TzImportOutcome *self);
const char      *tz_import_outcome_get_message     (TzImportOutcome *self);
guint            tz_import_outcome_get_n_articles  (TzImportOutcome *self);
guint            tz_import_outcome_get_n_metrics   (TzImportOutcome *self);
void             tz_import_outcome_set_counts      (TzImportOutcome *self,
                                                    guint            n_articles,
                                                    guint            n_metrics);
gint64           tz_import_outcome_get_document_id (TzImportOutcome *self);
void             tz_import_outcome_set_document_id (TzImportOutcome *self,
                                                    gint64           document_id);
gboolean         tz_import_outcome_is_failure      (TzImportOutcome *self);
const char      *tz_import_status_to_string        (TzImportStatus   status);
char            *tz_import_outcome_describe        (TzImportOutcome *self);

G_END_DECLS
