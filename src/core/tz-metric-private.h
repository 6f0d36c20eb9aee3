/* tz-metric-private.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-metric.h"

G_BEGIN_DECLS

/* A figure as the extractor finds it, before it is a #TzMetric (see
 * tz-article-private.h). Held by an article, the strings and the region
 * are its own; the unit is one of the scanner's static strings. */
typedef struct
{
  char         *text;
  char         *sentence;  /* (nullable) */
  const char   *unit;
  char         *subject;   /* (nullable) */
  TzRegion     *region;    /* (nullable) */
  TzDecimal     value;
  guint         start;
  guint         end;
  int           year;
  TzYearSource  year_source;
  TzCategory    category;
  TzApprox      approx;
  gboolean      target;
  /* Where @sentence stands in the document's text, in code points, as
   * the extractor knows it; both 0 when not known. */
  guint         sentence_start;
  guint         sentence_end;
  gint64        id;
  gint64        article_id;
  gint64        document_id;
} TzMetricFields;

TzMetric *tz_metric_new_from_fields (TzMetricFields *fields);
void      tz_metric_fields_clear    (TzMetricFields *fields);
void      tz_metric_view_fields     (TzMetric       *self,
                                     TzMetricFields *view);

G_END_DECLS
