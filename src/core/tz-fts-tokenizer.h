/* tz-fts-tokenizer.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* The name the ledger's full-text index is created with. */
#define TZ_FTS_TOKENIZER "tz_bigram"

/* Makes the tokenizer known to @db's FTS5; an SQLite error code. */
int    tz_fts_tokenizer_register (sqlite3    *db);

/* The same for every connection the process opens from now on, for tools
 * and tests that read a ledger with SQLite itself. */
void   tz_fts_tokenizer_register_everywhere (void);

/* The stretches of @word the index can find: runs of two letters or digits
 * or more, each an FTS5 phrase as it stands (no quotes or operators in
 * it). @whole is set when the word is one such run and nothing else, so
 * that the index alone answers it; otherwise the text must be checked. */
GStrv  tz_fts_index_runs         (const char *word,
                                  gboolean   *whole);

G_END_DECLS
