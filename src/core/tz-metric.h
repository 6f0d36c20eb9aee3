/* tz-metric.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "tz-enums.h"
#include "tz-numeral.h"
#include "tz-types.h"

G_BEGIN_DECLS

#define TZ_TYPE_METRIC (tz_metric_get_type ())

G_DECLARE_FINAL_TYPE (TzMetric, tz_metric, TZ, METRIC, GObject)

TzMetric     *tz_metric_new             (void);
const char   *tz_metric_get_text        (TzMetric        *self);
void          tz_metric_set_text        (TzMetric        *self,
                                         const char      *text);
guint         tz_metric_get_start       (TzMetric        *self);
guint         tz_metric_get_end         (TzMetric        *self);
void          tz_metric_set_span        (TzMetric        *self,
                                         guint            start,
                                         guint            end);
void          tz_metric_get_value       (TzMetric        *self,
                                         TzDecimal       *value);
void          tz_metric_set_value       (TzMetric        *self,
                                         const TzDecimal *value);
double        tz_metric_get_value_double (TzMetric       *self);
const char   *tz_metric_get_unit        (TzMetric        *self);
void          tz_metric_set_unit        (TzMetric        *self,
                                         const char      *unit);
TzCategory    tz_metric_get_category    (TzMetric        *self);
void          tz_metric_set_category    (TzMetric        *self,
                                         TzCategory       category);
TzApprox      tz_metric_get_approx      (TzMetric        *self);
void          tz_metric_set_approx      (TzMetric        *self,
                                         TzApprox         approx);
const char   *tz_metric_get_subject     (TzMetric        *self);
void          tz_metric_set_subject     (TzMetric        *self,
                                         const char      *subject);
TzRegion     *tz_metric_get_region      (TzMetric        *self);
void          tz_metric_set_region      (TzMetric        *self,
                                         TzRegion        *region);
int           tz_metric_get_year        (TzMetric        *self);
void          tz_metric_set_year        (TzMetric        *self,
                                         int              year);
TzYearSource  tz_metric_get_year_source (TzMetric        *self);
void          tz_metric_set_year_source (TzMetric        *self,
                                         TzYearSource     source);
gboolean      tz_metric_get_target      (TzMetric        *self);
void          tz_metric_set_target      (TzMetric        *self,
                                         gboolean         target);
const char   *tz_metric_get_sentence    (TzMetric        *self);
void          tz_metric_set_sentence    (TzMetric        *self,
                                         const char      *sentence);
int           tz_metric_get_page        (TzMetric        *self);
void          tz_metric_set_page        (TzMetric        *self,
                                         int              page);

gint64        tz_metric_get_id           (TzMetric        *self);
void          tz_metric_set_id           (TzMetric        *self,
                                          gint64           id);
gint64        tz_metric_get_article_id   (TzMetric        *self);
void          tz_metric_set_article_id   (TzMetric        *self,
                                          gint64           article_id);
gint64        tz_metric_get_document_id  (TzMetric        *self);
void          tz_metric_set_document_id  (TzMetric        *self,
                                          gint64           document_id);
gboolean      tz_metric_get_corrected    (TzMetric        *self);
void          tz_metric_set_corrected    (TzMetric        *self,
                                          gboolean         corrected);
gboolean      tz_metric_get_user_added   (TzMetric        *self);
void          tz_metric_set_user_added   (TzMetric        *self,
                                          gboolean         user_added);

void          tz_metric_assign           (TzMetric        *self,
                                          TzMetric        *from);

G_END_DECLS
