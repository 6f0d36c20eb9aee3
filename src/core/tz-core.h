/* tz-core.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-article.h"
#include "tz-article-list.h"
#include "tz-decoder.h"
#include "tz-document.h"
#include "tz-enums.h"
#include "tz-enum-types.h"
#include "tz-export.h"
#include "tz-extractor.h"
#include "tz-filter.h"
#include "tz-format.h"
#include "tz-gazetteer.h"
#include "tz-import-outcome.h"
#include "tz-importer.h"
#include "tz-json.h"
#include "tz-lazy-list.h"
#include "tz-ledger.h"
#include "tz-metric.h"
#include "tz-metric-list.h"
#include "tz-numeral.h"
#include "tz-reader.h"
#include "tz-reextract.h"
#include "tz-region.h"
#include "tz-store.h"
#include "tz-types.h"
