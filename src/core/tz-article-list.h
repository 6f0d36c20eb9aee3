/* tz-article-list.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-lazy-list.h"

G_BEGIN_DECLS

#define TZ_TYPE_ARTICLE_LIST (tz_article_list_get_type ())

G_DECLARE_FINAL_TYPE (TzArticleList, tz_article_list, TZ, ARTICLE_LIST, TzLazyList)

TzArticleList *tz_article_list_new (TzLedger *ledger,
                             TzFilter *filter);

G_END_DECLS
