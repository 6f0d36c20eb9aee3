/* tz-article.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tz-types.h"

G_BEGIN_DECLS

#define TZ_TYPE_ARTICLE (tz_article_get_type ())

G_DECLARE_FINAL_TYPE (TzArticle, tz_article, TZ, ARTICLE, GObject)

TzArticle          *tz_article_new           (void);
const char         *tz_article_get_title     (TzArticle          *self);
void                tz_article_set_title     (TzArticle          *self,
                                              const char         *title);
const char * const *tz_article_get_subtitles (TzArticle          *self);
void                tz_article_set_subtitles (TzArticle          *self,
                                              const char * const *subtitles);
const char         *tz_article_get_column    (TzArticle          *self);
void                tz_article_set_column    (TzArticle          *self,
                                              const char         *column);
const char         *tz_article_get_byline    (TzArticle          *self);
void                tz_article_set_byline    (TzArticle          *self,
                                              const char         *byline);
const char         *tz_article_get_source    (TzArticle          *self);
void                tz_article_set_source    (TzArticle          *self,
                                              const char         *source);
const char         *tz_article_get_author    (TzArticle          *self);
void                tz_article_set_author    (TzArticle          *self,
                                              const char         *author);
TzRegion           *tz_article_get_region    (TzArticle          *self);
void                tz_article_set_region    (TzArticle          *self,
                                              TzRegion           *region);
int                 tz_article_get_year      (TzArticle          *self);
void                tz_article_set_year      (TzArticle          *self,
                                              int                 year);
guint               tz_article_get_start     (TzArticle          *self);
guint               tz_article_get_end       (TzArticle          *self);
void                tz_article_set_span      (TzArticle          *self,
                                              guint               start,
                                              guint               end);
GListModel         *tz_article_get_metrics   (TzArticle          *self);
guint               tz_article_get_n_metrics (TzArticle          *self);
TzMetric * const   *tz_article_peek_metrics  (TzArticle          *self,
                                              guint              *n_metrics);
void                tz_article_add_metric    (TzArticle          *self,
                                              TzMetric           *metric);

guint         tz_article_get_metric_count (TzArticle      *self);
void          tz_article_set_metric_count (TzArticle      *self,
                                           guint           metric_count);

gint64        tz_article_get_id          (TzArticle       *self);
void          tz_article_set_id          (TzArticle       *self,
                                          gint64           id);
gint64        tz_article_get_document_id (TzArticle       *self);
void          tz_article_set_document_id (TzArticle       *self,
                                          gint64           document_id);

void                tz_article_assign        (TzArticle          *self,
                                              TzArticle          *from);

G_END_DECLS
