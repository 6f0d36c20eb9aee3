/* tz-subject.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-metric-scanner.h"

G_BEGIN_DECLS

/* What a figure counts, and whether the clause named a place first. */
typedef struct
{
  char  *subject;      /* owned; NULL when the text does not say */
  gsize  place_start;  /* "柯桥区技能人才达到…": the place leading the topic … */
  gsize  place_end;    /* … or both 0 */
} TzSubject;

void  tz_subject_find  (const char     *text,
                        gsize           floor,
                        gsize           clause_floor,
                        gsize           ceiling,
                        const TzFigure *figure,
                        const GArray   *places,
                        const char     *previous_subject,
                        TzSubject      *subject);
void      tz_subject_clear         (TzSubject      *subject);
gboolean  tz_subject_leading_place (const char     *text,
                                    gsize           start,
                                    gsize           end,
                                    const GArray   *places,
                                    gsize          *place_start,
                                    gsize          *place_end);

G_END_DECLS
