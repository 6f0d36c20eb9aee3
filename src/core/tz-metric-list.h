/* tz-metric-list.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-lazy-list.h"

G_BEGIN_DECLS

#define TZ_TYPE_METRIC_LIST (tz_metric_list_get_type ())

G_DECLARE_FINAL_TYPE (TzMetricList, tz_metric_list, TZ, METRIC_LIST, TzLazyList)

TzMetricList *tz_metric_list_new (TzLedger *ledger,
                             TzFilter *filter);

G_END_DECLS
