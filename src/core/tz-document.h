/* tz-document.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-types.h"

G_BEGIN_DECLS

#define TZ_TYPE_DOCUMENT (tz_document_get_type ())

G_DECLARE_FINAL_TYPE (TzDocument, tz_document, TZ, DOCUMENT, GObject)

TzDocument  *tz_document_new            (const char  *name);
const char  *tz_document_get_name       (TzDocument  *self);
void         tz_document_set_name       (TzDocument  *self,
                                         const char  *name);
const char  *tz_document_get_path       (TzDocument  *self);
void         tz_document_set_path       (TzDocument  *self,
                                         const char  *path);
const char  *tz_document_get_sha256     (TzDocument  *self);
void         tz_document_set_sha256     (TzDocument  *self,
                                         const char  *sha256);
const char  *tz_document_get_encoding   (TzDocument  *self);
void         tz_document_set_encoding   (TzDocument  *self,
                                         const char  *encoding);
guint64      tz_document_get_size       (TzDocument  *self);
void         tz_document_set_size       (TzDocument  *self,
                                         guint64      size);
const char  *tz_document_get_date       (TzDocument  *self);
void         tz_document_set_date       (TzDocument  *self,
                                         const char  *date);
const char  *tz_document_get_text       (TzDocument  *self);
void         tz_document_set_text       (TzDocument  *self,
                                         const char  *text);
const guint *tz_document_get_page_starts (TzDocument *self,
                                          guint      *n_pages);
void         tz_document_set_page_starts (TzDocument  *self,
                                          const guint *starts,
                                          guint        n_pages);
guint        tz_document_get_page_at    (TzDocument  *self,
                                         guint        offset);
GListModel  *tz_document_get_articles   (TzDocument  *self);
guint        tz_document_get_n_articles (TzDocument  *self);
TzArticle * const *tz_document_peek_articles (TzDocument *self,
                                              guint      *n_articles);
guint        tz_document_get_n_metrics  (TzDocument  *self);
void         tz_document_add_article    (TzDocument  *self,
                                         TzArticle   *article);

gint64        tz_document_get_id         (TzDocument      *self);
void          tz_document_set_id         (TzDocument      *self,
                                          gint64           id);
gint64        tz_document_get_imported_at (TzDocument      *self);
void          tz_document_set_imported_at (TzDocument      *self,
                                          gint64           imported_at);
gint64        tz_document_get_extractor_version (TzDocument      *self);
void          tz_document_set_extractor_version (TzDocument      *self,
                                          gint64           extractor_version);
guint         tz_document_get_article_count (TzDocument    *self);
void          tz_document_set_article_count (TzDocument    *self,
                                             guint          article_count);
guint         tz_document_get_metric_count (TzDocument     *self);
void          tz_document_set_metric_count (TzDocument     *self,
                                            guint          metric_count);

void          tz_document_assign         (TzDocument      *self,
                                          TzDocument      *from);

G_END_DECLS
