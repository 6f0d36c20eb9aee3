/* tz-document-list.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tz-lazy-list.h"

G_BEGIN_DECLS

#define TZ_TYPE_DOCUMENT_LIST (tz_document_list_get_type ())

G_DECLARE_FINAL_TYPE (TzDocumentList, tz_document_list, TZ, DOCUMENT_LIST, TzLazyList)

TzDocumentList *tz_document_list_new (TzLedger *ledger);

G_END_DECLS
