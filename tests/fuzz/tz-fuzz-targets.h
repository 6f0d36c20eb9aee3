/* tz-fuzz-targets.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fuzz targets' bodies. libFuzzer runs them through fuzz-main.c (built
 * with clang by tools/fuzz), and test-fuzz-regressions.c replays the seeds
 * and every input that once crashed through the very same functions in
 * the normal gcc build, so CI catches a regression without clang. */

typedef void (*TzFuzzFunc) (const guint8 *data,
                            gsize         size);

typedef struct
{
  const char *name;  /* also the folder under corpus/ and regressions/ */
  TzFuzzFunc  func;
} TzFuzzTarget;

void                 tz_fuzz_init        (void);
const TzFuzzTarget  *tz_fuzz_get_targets (guint        *n_targets);

void tz_fuzz_decoder   (const guint8 *data,
                        gsize         size);
void tz_fuzz_html      (const guint8 *data,
                        gsize         size);
void tz_fuzz_markdown  (const guint8 *data,
                        gsize         size);
void tz_fuzz_segmenter (const guint8 *data,
                        gsize         size);
void tz_fuzz_numeral   (const guint8 *data,
                        gsize         size);
void tz_fuzz_extractor (const guint8 *data,
                        gsize         size);
void tz_fuzz_fts       (const guint8 *data,
                        gsize         size);
/* Only in builds with poppler-glib and libgsf. */
void tz_fuzz_pdf       (const guint8 *data,
                        gsize         size);
void tz_fuzz_docx      (const guint8 *data,
                        gsize         size);

G_END_DECLS
