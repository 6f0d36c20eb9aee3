/* tz-types.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _TzArticle   TzArticle;
typedef struct _TzDocument  TzDocument;
typedef struct _TzExtractor TzExtractor;
typedef struct _TzGazetteer TzGazetteer;
typedef struct _TzMetric    TzMetric;
typedef struct _TzRegion    TzRegion;

G_END_DECLS
