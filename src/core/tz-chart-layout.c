/* tz-chart-layout.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-layout"

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "tz-chart-private.h"

/* A chart at one size: where everything goes, computed once (with the
 * text already shaped), then painted as often as the widget redraws and
 * asked what lies under the pointer. Painting only walks the marks. */

typedef enum
{
  MARK_FILL,
  MARK_LINE,
  MARK_POLYLINE,
  MARK_MARKER,
  MARK_TEXT,
  MARK_RAMP,
} MarkKind;

typedef struct
{
  MarkKind      kind;
  TzChartColor  color;
  TzChartColor  outline;
  double        x;
  double        y;
  double        w;
  double        h;
  double        line_width;  /* or the marker's radius */
  guint         shape;       /* or, for text, whether it has a halo */
  guint         first;       /* into points (x, y pairs) */
  guint         n_points;
  PangoLayout  *layout;
} Mark;

struct _TzChartLayout
{
  GObject            parent_instance;

  int                width;
  int                height;
  char              *title;
  char              *subtitle;
  char              *message;
  cairo_rectangle_t  plot;
  cairo_rectangle_t  label_column;
  TzChartScale       scale;
  GPtrArray         *tick_labels;
  GArray            *marks;
  GArray            *points;
  GArray            *items;
  GArray            *hit_areas;
  TzChartColor       ramp[16];
  guint              n_ramp;
};

G_DEFINE_FINAL_TYPE (TzChartLayout, tz_chart_layout, G_TYPE_OBJECT)

static void
clear_mark (gpointer data)
{
  Mark *mark = data;

  g_clear_object (&mark->layout);
}

static void
tz_chart_layout_finalize (GObject *object)
{
  TzChartLayout *self = (TzChartLayout *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->tick_labels, g_ptr_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->hit_areas, g_array_unref);

  G_OBJECT_CLASS (tz_chart_layout_parent_class)->finalize (object);
}

static void
tz_chart_layout_class_init (TzChartLayoutClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tz_chart_layout_finalize;
}

static void
tz_chart_layout_init (TzChartLayout *self)
{
  self->tick_labels = g_ptr_array_new_with_free_func (g_free);
  self->marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  g_array_set_clear_func (self->marks, clear_mark);
  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->items = g_array_new (FALSE, TRUE, sizeof (TzChartItem));
  self->hit_areas = g_array_new (FALSE, TRUE, sizeof (cairo_rectangle_t));
}

TzChartLayout *
_tz_chart_layout_new (int width,
                      int height)
{
  TzChartLayout *self = g_object_new (TZ_TYPE_CHART_LAYOUT, NULL);

  self->width = width;
  self->height = height;

  return self;
}

void
_tz_chart_layout_set_texts (TzChartLayout *self,
                            const char    *title,
                            const char    *subtitle,
                            const char    *message)
{
  g_assert (TZ_IS_CHART_LAYOUT (self));

  g_free (self->title);
  self->title = g_strdup (title);
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_free (self->message);
  self->message = g_strdup (message);
}

void
_tz_chart_layout_set_areas (TzChartLayout           *self,
                            const cairo_rectangle_t *plot,
                            const cairo_rectangle_t *label_column)
{
  g_assert (TZ_IS_CHART_LAYOUT (self));

  if (plot != NULL)
    self->plot = *plot;
  if (label_column != NULL)
    self->label_column = *label_column;
}

void
_tz_chart_layout_set_scale (TzChartLayout      *self,
                            const TzChartScale *scale,
                            TzNumberStyle       number_style)
{
  g_assert (TZ_IS_CHART_LAYOUT (self));

  self->scale = *scale;
  g_ptr_array_set_size (self->tick_labels, 0);
  for (guint i = 0; i < scale->n_ticks; i++)
    g_ptr_array_add (self->tick_labels, tz_chart_scale_format_tick (scale, i, number_style));
}

static Mark *
add_mark (TzChartLayout      *self,
          MarkKind            kind,
          const TzChartColor *color)
{
  Mark *mark;

  g_array_set_size (self->marks, self->marks->len + 1);
  mark = &g_array_index (self->marks, Mark, self->marks->len - 1);
  mark->kind = kind;
  if (color != NULL)
    mark->color = *color;

  return mark;
}

void
_tz_chart_layout_fill (TzChartLayout      *self,
                       double              x,
                       double              y,
                       double              width,
                       double              height,
                       const TzChartColor *color)
{
  Mark *mark;

  if (width <= 0 || height <= 0)
    return;

  mark = add_mark (self, MARK_FILL, color);
  mark->x = x;
  mark->y = y;
  mark->w = width;
  mark->h = height;
}

void
_tz_chart_layout_line (TzChartLayout      *self,
                       double              x0,
                       double              y0,
                       double              x1,
                       double              y1,
                       double              line_width,
                       const TzChartColor *color)
{
  Mark *mark = add_mark (self, MARK_LINE, color);

  mark->x = x0;
  mark->y = y0;
  mark->w = x1 - x0;
  mark->h = y1 - y0;
  mark->line_width = line_width;
}

void
_tz_chart_layout_polyline (TzChartLayout      *self,
                           const double       *xy,
                           guint               n_points,
                           double              line_width,
                           const TzChartColor *color)
{
  Mark *mark;

  if (n_points < 2)
    return;

  mark = add_mark (self, MARK_POLYLINE, color);
  mark->first = self->points->len / 2;
  mark->n_points = n_points;
  mark->line_width = line_width;
  g_array_append_vals (self->points, xy, n_points * 2);
}

void
_tz_chart_layout_marker (TzChartLayout      *self,
                         double              x,
                         double              y,
                         double              radius,
                         TzChartMarker       shape,
                         const TzChartColor *color,
                         const TzChartColor *outline)
{
  Mark *mark = add_mark (self, MARK_MARKER, color);

  mark->x = x;
  mark->y = y;
  mark->line_width = radius;
  mark->shape = shape;
  mark->outline = *outline;
}

/* A @halo (the background colour) keeps a label readable where a line
 * runs through it. */
void
_tz_chart_layout_text (TzChartLayout      *self,
                       PangoLayout        *layout,
                       double              x,
                       double              y,
                       const TzChartColor *color,
                       const TzChartColor *halo)
{
  Mark *mark = add_mark (self, MARK_TEXT, color);

  mark->x = x;
  mark->y = y;
  mark->layout = g_object_ref (layout);
  if (halo != NULL)
    {
      mark->outline = *halo;
      mark->shape = 1;
    }
}

void
_tz_chart_layout_ramp (TzChartLayout      *self,
                       double              x,
                       double              y,
                       double              width,
                       double              height,
                       const TzChartStyle *style)
{
  Mark *mark = add_mark (self, MARK_RAMP, NULL);

  mark->x = x;
  mark->y = y;
  mark->w = width;
  mark->h = height;

  self->n_ramp = MIN (tz_chart_style_get_n_ramp_stops (style), G_N_ELEMENTS (self->ramp));
  for (guint i = 0; i < self->n_ramp; i++)
    self->ramp[i] = *tz_chart_style_get_ramp_stop (style, i);
}

/* The returned item is zeroed and valid until the next item is added. */
TzChartItem *
_tz_chart_layout_add_item (TzChartLayout           *self,
                           TzChartItemKind          kind,
                           const cairo_rectangle_t *hit_area)
{
  TzChartItem *item;

  g_array_set_size (self->items, self->items->len + 1);
  g_array_append_vals (self->hit_areas, hit_area, 1);
  item = &g_array_index (self->items, TzChartItem, self->items->len - 1);
  item->kind = kind;

  return item;
}

static void
set_source (cairo_t            *cr,
            const TzChartColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
path_marker (cairo_t    *cr,
             const Mark *mark)
{
  double x = mark->x;
  double y = mark->y;
  double r = mark->line_width;

  switch ((TzChartMarker)mark->shape)
    {
    case TZ_CHART_MARKER_SQUARE:
      r *= 0.9;
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;

    case TZ_CHART_MARKER_DIAMOND:
      r *= 1.25;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r, y);
      cairo_close_path (cr);
      break;

    case TZ_CHART_MARKER_TRIANGLE:
      r *= 1.3;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.866, y + r * 0.5);
      cairo_line_to (cr, x - r * 0.866, y + r * 0.5);
      cairo_close_path (cr);
      break;

    case TZ_CHART_MARKER_TRIANGLE_DOWN:
      r *= 1.3;
      cairo_move_to (cr, x, y + r);
      cairo_line_to (cr, x + r * 0.866, y - r * 0.5);
      cairo_line_to (cr, x - r * 0.866, y - r * 0.5);
      cairo_close_path (cr);
      break;

    case TZ_CHART_MARKER_CIRCLE:
    case TZ_CHART_N_MARKERS:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/**
 * tz_chart_layout_paint:
 * @cr: where to draw, with (0, 0) at the chart's top left corner
 *
 * Paints the chart as laid out, at the size it was laid out for.
 */
void
tz_chart_layout_paint (TzChartLayout *self,
                       cairo_t       *cr)
{
  const double *points;

  g_return_if_fail (TZ_IS_CHART_LAYOUT (self));
  g_return_if_fail (cr != NULL);

  points = (const double *)(gpointer)self->points->data;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);

      switch (mark->kind)
        {
        case MARK_FILL:
          /* Runs of one colour (the bars of a series, the empty cells of
           * a heat map) become one path: far fewer fills. */
          cairo_rectangle (cr, mark->x, mark->y, mark->w, mark->h);
          while (i + 1 < self->marks->len)
            {
              const Mark *next = &g_array_index (self->marks, Mark, i + 1);

              if (next->kind != MARK_FILL || !tz_chart_color_equal (&next->color, &mark->color))
                break;
              cairo_rectangle (cr, next->x, next->y, next->w, next->h);
              i++;
            }
          set_source (cr, &mark->color);
          cairo_fill (cr);
          break;

        case MARK_LINE:
          cairo_move_to (cr, mark->x, mark->y);
          cairo_rel_line_to (cr, mark->w, mark->h);
          cairo_set_line_width (cr, mark->line_width);
          set_source (cr, &mark->color);
          cairo_stroke (cr);
          break;

        case MARK_POLYLINE:
          cairo_save (cr);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_move_to (cr, points[2 * mark->first], points[2 * mark->first + 1]);
          for (guint p = 1; p < mark->n_points; p++)
            cairo_line_to (cr, points[2 * (mark->first + p)], points[2 * (mark->first + p) + 1]);
          cairo_set_line_width (cr, mark->line_width);
          set_source (cr, &mark->color);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;

        case MARK_MARKER:
          path_marker (cr, mark);
          set_source (cr, &mark->color);
          cairo_fill_preserve (cr);
          /* An outline in the background colour keeps touching markers
           * of different series apart. */
          cairo_set_line_width (cr, 1.5);
          set_source (cr, &mark->outline);
          cairo_stroke (cr);
          break;

        case MARK_TEXT:
          if (mark->shape != 0)
            {
              cairo_save (cr);
              cairo_move_to (cr, mark->x, mark->y);
              pango_cairo_layout_path (cr, mark->layout);
              cairo_set_line_width (cr, 4);
              cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
              set_source (cr, &mark->outline);
              cairo_stroke (cr);
              cairo_restore (cr);
            }
          cairo_move_to (cr, mark->x, mark->y);
          set_source (cr, &mark->color);
          pango_cairo_show_layout (cr, mark->layout);
          break;

        case MARK_RAMP:
          {
            cairo_pattern_t *pattern = cairo_pattern_create_linear (mark->x, 0, mark->x + mark->w, 0);

            for (guint s = 0; s < self->n_ramp; s++)
              cairo_pattern_add_color_stop_rgba (pattern, (double)s / (self->n_ramp - 1),
                                                 self->ramp[s].red, self->ramp[s].green,
                                                 self->ramp[s].blue, self->ramp[s].alpha);
            cairo_rectangle (cr, mark->x, mark->y, mark->w, mark->h);
            cairo_set_source (cr, pattern);
            cairo_fill (cr);
            cairo_pattern_destroy (pattern);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  cairo_restore (cr);
}

int
tz_chart_layout_get_width (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), 0);

  return self->width;
}

int
tz_chart_layout_get_height (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), 0);

  return self->height;
}

const char *
tz_chart_layout_get_title (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);

  return self->title;
}

/**
 * tz_chart_layout_get_subtitle:
 *
 * Returns: (nullable): the line under the title: the scope and what was
 *   left out ("Top 15 of 31 regions")
 */
const char *
tz_chart_layout_get_subtitle (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);

  return self->subtitle;
}

/**
 * tz_chart_layout_get_message:
 *
 * Returns: (nullable): the message drawn instead of a chart ("No figures
 *   match this selection"), or %NULL when there is a chart
 */
const char *
tz_chart_layout_get_message (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);

  return self->message;
}

/**
 * tz_chart_layout_get_plot_area:
 *
 * The rectangle the bars, lines or cells are drawn in: the value axis runs
 * along its bottom (bars) or left (lines, columns) edge.
 */
void
tz_chart_layout_get_plot_area (TzChartLayout     *self,
                               cairo_rectangle_t *area)
{
  g_return_if_fail (TZ_IS_CHART_LAYOUT (self));
  g_return_if_fail (area != NULL);

  *area = self->plot;
}

/**
 * tz_chart_layout_get_label_column:
 *
 * The column reserved for region labels left of bars and heat-map rows;
 * empty for other charts.
 */
void
tz_chart_layout_get_label_column (TzChartLayout     *self,
                                  cairo_rectangle_t *area)
{
  g_return_if_fail (TZ_IS_CHART_LAYOUT (self));
  g_return_if_fail (area != NULL);

  *area = self->label_column;
}

/**
 * tz_chart_layout_get_scale:
 *
 * Returns: the value axis (or the heat map's colour scale); no ticks when
 *   nothing is drawn
 */
const TzChartScale *
tz_chart_layout_get_scale (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);

  return &self->scale;
}

const char *
tz_chart_layout_get_tick_label (TzChartLayout *self,
                                guint          index)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->tick_labels->len, NULL);

  return g_ptr_array_index (self->tick_labels, index);
}

guint
tz_chart_layout_get_n_items (TzChartLayout *self)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), 0);

  return self->items->len;
}

const TzChartItem *
tz_chart_layout_get_item (TzChartLayout *self,
                          guint          index)
{
  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, TzChartItem, index);
}

/**
 * tz_chart_layout_hit_test:
 * @item: (out caller-allocates) (optional): what is under (@x, @y)
 *
 * Bars answer over their whole row, so thin bars are easy to point at;
 * points within a few pixels, the closest winning.
 *
 * Returns: whether something is there
 */
gboolean
tz_chart_layout_hit_test (TzChartLayout *self,
                          double         x,
                          double         y,
                          TzChartItem   *item)
{
  const TzChartItem *best = NULL;
  double best_distance = G_MAXDOUBLE;

  g_return_val_if_fail (TZ_IS_CHART_LAYOUT (self), FALSE);

  /* Backwards: what was drawn last is on top. */
  for (guint i = self->items->len; i > 0; i--)
    {
      const TzChartItem *candidate = &g_array_index (self->items, TzChartItem, i - 1);
      const cairo_rectangle_t *hit = &g_array_index (self->hit_areas, cairo_rectangle_t, i - 1);
      double dx, dy, distance;

      if (x < hit->x || y < hit->y || x >= hit->x + hit->width || y >= hit->y + hit->height)
        continue;

      if (candidate->kind != TZ_CHART_ITEM_POINT)
        {
          if (best == NULL)
            best = candidate;
          break;
        }

      dx = x - (candidate->area.x + candidate->area.width / 2);
      dy = y - (candidate->area.y + candidate->area.height / 2);
      distance = dx * dx + dy * dy;
      if (distance < best_distance)
        {
          best = candidate;
          best_distance = distance;
        }
    }

  if (best == NULL)
    {
      if (item != NULL)
        memset (item, 0, sizeof *item);
      return FALSE;
    }

  if (item != NULL)
    *item = *best;
  return TRUE;
}
