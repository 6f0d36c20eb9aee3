/* tz-article-private.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-article.h"
#include "tz-metric-private.h"

G_BEGIN_DECLS

/* The extractor finds a figure every hundred bytes, and the importer
 * writes them to the ledger and drops them: an article keeps what the
 * extractor found as plain fields and makes them #TzMetric objects only
 * when something asks for the metrics (tz_article_get_metrics(),
 * tz_article_peek_metrics(), tz_article_add_metric()). */

/* Appends a figure, taking the strings and the region of @fields. */
void tz_article_add_extracted    (TzArticle      *self,
                                  TzMetricFields *fields);
/* The fields of metric @index, borrowed (see tz_metric_view_fields()),
 * whether or not it was made into an object. */
void tz_article_view_metric      (TzArticle      *self,
                                  guint           index,
                                  TzMetricFields *view);
/* Sets the ledger ids of metric @index without making it an object. */
void tz_article_set_metric_ids   (TzArticle      *self,
                                  guint           index,
                                  gint64          id,
                                  gint64          article_id,
                                  gint64          document_id);

G_END_DECLS
