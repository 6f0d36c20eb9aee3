/* tz-core.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-article.h"
#include "tz-decoder.h"
#include "tz-document.h"
#include "tz-enums.h"
#include "tz-enum-types.h"
#include "tz-extractor.h"
#include "tz-gazetteer.h"
#include "tz-json.h"
#include "tz-metric.h"
#include "tz-numeral.h"
#include "tz-region.h"
#include "tz-types.h"
