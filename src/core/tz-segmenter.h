/* tz-segmenter.h
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "tz-reflow.h"

G_BEGIN_DECLS

#define TZ_NO_PARAGRAPH G_MAXUINT

/* What a paragraph is on the page. */
typedef enum
{
  TZ_ROLE_BODY,
  TZ_ROLE_HEADLINE, /* a headline line or a subheading */
  TZ_ROLE_COLUMN,   /* 【主席之声】 */
  TZ_ROLE_BYLINE,   /* 【本报…记者…】正文, 本报讯 通讯员…报道, 本报记者 … */
  TZ_ROLE_AUTHOR,   /* 某某区总工会主席 某某某 */
  TZ_ROLE_CREDIT,   /* 本报通讯员 某某 摄 */
  TZ_ROLE_SOURCE,   /* (据《某某报》) */
  TZ_ROLE_NOTE,     /* 小编说:…, 编者按:… */
} TzParagraphRole;

typedef struct
{
  guint  first;        /* first paragraph of the article */
  guint  last;         /* one past its last paragraph */
  GArray *headlines;   /* paragraph indices of its headline block, in order */
  guint  column;       /* paragraph index, or TZ_NO_PARAGRAPH */
  guint  author;       /* paragraph index, or TZ_NO_PARAGRAPH */
  guint  byline;       /* paragraph index, or TZ_NO_PARAGRAPH */
  gsize  byline_start; /* bytes into the text: the byline proper … */
  gsize  byline_end;   /* … which may be followed by body text on the same line */
} TzSegment;

typedef struct
{
  guint8 *roles;       /* TzParagraphRole per paragraph */
  GArray *segments;    /* of TzSegment, in text order */
} TzSegmentation;

TzSegmentation *tz_segment_articles     (const TzReflow *reflow);
void            tz_segmentation_free    (TzSegmentation *segmentation);

gboolean        tz_find_byline          (const char     *text,
                                         gsize           len,
                                         gsize          *byline_start,
                                         gsize          *byline_end);
gboolean        tz_find_source          (const char     *text,
                                         gsize           len,
                                         gsize          *source_start,
                                         gsize          *source_end);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TzSegmentation, tz_segmentation_free)

G_END_DECLS
