/* fuzz-main.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One libFuzzer entry point per executable: meson builds this file once
 * for each target with TZ_FUZZ_FUNC naming its body in tz-fuzz-targets.c. */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "tz-fuzz-targets.h"

#ifndef TZ_FUZZ_FUNC
#error "TZ_FUZZ_FUNC must name the target, e.g. -DTZ_FUZZ_FUNC=tz_fuzz_decoder"
#endif

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  tz_fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  TZ_FUZZ_FUNC (data, size);
  return 0;
}
