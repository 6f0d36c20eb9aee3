/* tz-chart.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "tz-chart-private.h"
#include "tz-enum-types.h"
#include "tz-export.h"
#include "tz-gazetteer.h"
#include "tz-region.h"
#include "tz-store.h"

/* A chart of aggregated figures, drawn without GTK: the app's widget, the
 * CLI and the tests all go through it. Data and drawing are apart, the
 * way Sysprof keeps them: the chart holds what to show (grouping,
 * aggregate, rows, style); a TzChartLayout holds where everything goes at
 * one size and paints it; the widget keeps the layout to answer hover and
 * click through tz_chart_hit_test(). */

struct _TzChart
{
  GObject        parent_instance;

  TzChartKind    kind;
  TzGroupBy      group_by;
  TzRegionLevel  level;
  TzAggregate    aggregate;
  guint          top_n;
  TzFilter      *filter;
  char          *title;
  char          *display_title;
  TzChartStyle  *style;
  GArray        *rows;

  /* The last layout, for hit testing, and the context it was shaped
   * with; @own_context is made for cairo targets in tz_chart_draw(). */
  TzChartLayout *layout;
  PangoContext  *layout_context;
  guint          layout_serial;
  PangoContext  *own_context;
  gulong         target_options;
  cairo_matrix_t target_matrix;
  TzChartText   *text;
};

G_DEFINE_FINAL_TYPE (TzChart, tz_chart, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TzChartKind, tz_chart_kind,
  G_DEFINE_ENUM_VALUE (TZ_CHART_KIND_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (TZ_CHART_KIND_BARS, "bars"),
  G_DEFINE_ENUM_VALUE (TZ_CHART_KIND_LINES, "lines"),
  G_DEFINE_ENUM_VALUE (TZ_CHART_KIND_COLUMNS, "columns"),
  G_DEFINE_ENUM_VALUE (TZ_CHART_KIND_HEATMAP, "heatmap"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_GROUP_BY,
  PROP_REGION_LEVEL,
  PROP_AGGREGATE,
  PROP_TOP_N,
  PROP_FILTER,
  PROP_TITLE,
  PROP_STYLE,
  PROP_ROWS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const kind_names[] = { "auto", "bars", "lines", "columns", "heatmap" };

/* Anything that changes the picture drops the layout; the widget redraws
 * on "changed". */
static void
invalidate (TzChart *self)
{
  g_assert (TZ_IS_CHART (self));

  g_clear_object (&self->layout);
  g_clear_pointer (&self->display_title, g_free);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
filter_notify_cb (TzChart    *self,
                  GParamSpec *pspec,
                  TzFilter   *filter)
{
  invalidate (self);
}

static TzChartKind
resolve_kind (TzChart *self)
{
  if (self->kind == TZ_CHART_KIND_AUTO)
    return tz_chart_kind_for_group_by (self->group_by);
  return self->kind;
}

static const char *
category_label (int category)
{
  switch (category)
    {
    case TZ_CATEGORY_PEOPLE:        return _("People");
    case TZ_CATEGORY_PERSON_TIMES:  return _("Person-times");
    case TZ_CATEGORY_HOUSEHOLDS:    return _("Households");
    case TZ_CATEGORY_ORGANIZATIONS: return _("Organizations");
    case TZ_CATEGORY_MONEY:         return _("Money");
    case TZ_CATEGORY_PERCENT:       return _("Percentages");
    case TZ_CATEGORY_EVENTS:        return _("Events");
    case TZ_CATEGORY_ITEMS:         return _("Items");
    case TZ_CATEGORY_AREA:          return _("Areas");
    default:                        return _("All figures");
    }
}

static const char *
aggregate_label (TzAggregate aggregate)
{
  switch (aggregate)
    {
    case TZ_AGGREGATE_MAX:    return _("maximum");
    case TZ_AGGREGATE_COUNT:  return _("count");
    case TZ_AGGREGATE_LATEST: return _("latest");
    case TZ_AGGREGATE_SUM:
    default:                  return _("sum");
    }
}

static const char *
grouping_label (TzGroupBy     group_by,
                TzRegionLevel level)
{
  if (group_by == TZ_GROUP_BY_YEAR)
    return _("by year");

  switch (level)
    {
    case TZ_REGION_LEVEL_NATION:
      return group_by == TZ_GROUP_BY_REGION ? _("nationwide") : _("nationwide by year");
    case TZ_REGION_LEVEL_PREFECTURE:
      return group_by == TZ_GROUP_BY_REGION ? _("by city") : _("by city and year");
    case TZ_REGION_LEVEL_COUNTY:
      return group_by == TZ_GROUP_BY_REGION ? _("by county") : _("by county and year");
    case TZ_REGION_LEVEL_PROVINCE:
    default:
      return group_by == TZ_GROUP_BY_REGION ? _("by province") : _("by province and year");
    }
}

/* "江苏省 · 南通市 · 2021–2023": what the filter narrows to, besides the
 * subject and unit the title names. */
static char *
dup_scope (TzChart *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  const char *code;
  int from, to;

  if (self->filter == NULL)
    return NULL;

  code = tz_filter_get_region_code (self->filter);
  if (code != NULL)
    {
      TzGazetteer *gazetteer = tz_gazetteer_get_default ();
      guint id = tz_gazetteer_lookup_code (gazetteer, code);

      if (id != TZ_DIVISION_NONE)
        {
          g_autoptr(TzRegion) region = tz_gazetteer_create_region (gazetteer, id);
          g_ptr_array_add (parts, tz_region_dup_display_path (region));
        }
      else
        g_ptr_array_add (parts, g_strdup (code));
    }

  from = tz_filter_get_year_from (self->filter);
  to = tz_filter_get_year_to (self->filter);
  if (from > 0 && from == to)
    g_ptr_array_add (parts, g_strdup_printf ("%d", from));
  else if (from > 0 && to > 0)
    g_ptr_array_add (parts, g_strdup_printf ("%d–%d", from, to));
  else if (from > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%d and later"), from));
  else if (to > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("until %d"), to));

  if (tz_filter_get_search (self->filter) != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("articles with “%s”"), tz_filter_get_search (self->filter)));

  if (parts->len == 0)
    return NULL;

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **)parts->pdata);
}

static TzChartLayout *
build (TzChart      *self,
       TzChartText  *text,
       int           width,
       int           height)
{
  g_autofree char *scope = dup_scope (self);
  TzChartSpec spec = {
    .kind = resolve_kind (self),
    .group_by = self->group_by,
    .level = self->level,
    .aggregate = self->aggregate,
    .top_n = self->top_n,
    .title = tz_chart_get_title (self),
    .scope = scope,
    .rows = self->rows,
    .style = self->style,
  };

  return _tz_chart_build_layout (&spec, text, MAX (width, 0), MAX (height, 0));
}

static TzChartText *
ensure_text (TzChart      *self,
             PangoContext *context)
{
  const PangoFontDescription *font = tz_chart_style_get_font (self->style);

  if (self->text == NULL || !_tz_chart_text_is_valid_for (self->text, context, font))
    {
      g_clear_pointer (&self->text, _tz_chart_text_free);
      self->text = _tz_chart_text_new (context, font);
    }

  return self->text;
}

/* pango_cairo_update_context() marks the context changed on every call,
 * which would throw the layout and shaped text away on every frame; we
 * call it only when what it copies from @cr (font options and the
 * transformation) differs from last time. */
static gboolean
target_changed (TzChart *self,
                cairo_t *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_font_options_t *cr_options = cairo_font_options_create ();
  cairo_matrix_t matrix;
  gboolean changed;
  gulong hash;

  cairo_surface_get_font_options (cairo_get_target (cr), options);
  cairo_get_font_options (cr, cr_options);
  cairo_font_options_merge (options, cr_options);
  hash = cairo_font_options_hash (options);
  cairo_font_options_destroy (cr_options);
  cairo_font_options_destroy (options);
  cairo_get_matrix (cr, &matrix);

  changed = hash != self->target_options
            || matrix.xx != self->target_matrix.xx || matrix.yx != self->target_matrix.yx
            || matrix.xy != self->target_matrix.xy || matrix.yy != self->target_matrix.yy;
  self->target_options = hash;
  self->target_matrix = matrix;

  return changed;
}

static void
tz_chart_dispose (GObject *object)
{
  TzChart *self = (TzChart *)object;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_notify_cb, self);
  g_clear_object (&self->filter);
  g_clear_object (&self->layout);
  g_clear_object (&self->layout_context);
  g_clear_object (&self->own_context);
  g_clear_pointer (&self->text, _tz_chart_text_free);

  G_OBJECT_CLASS (tz_chart_parent_class)->dispose (object);
}

static void
tz_chart_finalize (GObject *object)
{
  TzChart *self = (TzChart *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->display_title, g_free);
  g_clear_pointer (&self->style, tz_chart_style_free);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (tz_chart_parent_class)->finalize (object);
}

static void
tz_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  TzChart *self = TZ_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, tz_chart_get_kind (self));
      break;

    case PROP_GROUP_BY:
      g_value_set_enum (value, tz_chart_get_group_by (self));
      break;

    case PROP_REGION_LEVEL:
      g_value_set_enum (value, tz_chart_get_region_level (self));
      break;

    case PROP_AGGREGATE:
      g_value_set_enum (value, tz_chart_get_aggregate (self));
      break;

    case PROP_TOP_N:
      g_value_set_uint (value, tz_chart_get_top_n (self));
      break;

    case PROP_FILTER:
      g_value_set_object (value, tz_chart_get_filter (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, tz_chart_get_title (self));
      break;

    case PROP_STYLE:
      g_value_set_boxed (value, tz_chart_get_style (self));
      break;

    case PROP_ROWS:
      g_value_set_boxed (value, tz_chart_get_rows (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  TzChart *self = TZ_CHART (object);

  switch (prop_id)
    {
    case PROP_KIND:
      tz_chart_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_GROUP_BY:
      tz_chart_set_group_by (self, g_value_get_enum (value));
      break;

    case PROP_REGION_LEVEL:
      tz_chart_set_region_level (self, g_value_get_enum (value));
      break;

    case PROP_AGGREGATE:
      tz_chart_set_aggregate (self, g_value_get_enum (value));
      break;

    case PROP_TOP_N:
      tz_chart_set_top_n (self, g_value_get_uint (value));
      break;

    case PROP_FILTER:
      tz_chart_set_filter (self, g_value_get_object (value));
      break;

    case PROP_TITLE:
      tz_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_STYLE:
      tz_chart_set_style (self, g_value_get_boxed (value));
      break;

    case PROP_ROWS:
      tz_chart_set_rows (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_chart_class_init (TzChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tz_chart_dispose;
  object_class->finalize = tz_chart_finalize;
  object_class->get_property = tz_chart_get_property;
  object_class->set_property = tz_chart_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       TZ_TYPE_CHART_KIND, TZ_CHART_KIND_AUTO,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_GROUP_BY] =
    g_param_spec_enum ("group-by", NULL, NULL,
                       TZ_TYPE_GROUP_BY, TZ_GROUP_BY_REGION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REGION_LEVEL] =
    g_param_spec_enum ("region-level", NULL, NULL,
                       TZ_TYPE_REGION_LEVEL, TZ_REGION_LEVEL_PROVINCE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_AGGREGATE] =
    g_param_spec_enum ("aggregate", NULL, NULL,
                       TZ_TYPE_AGGREGATE, TZ_AGGREGATE_SUM,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* How many regions (bars, series or rows) to show; 0 picks for the
   * kind and the space. */
  properties[PROP_TOP_N] =
    g_param_spec_uint ("top-n", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL,
                         TZ_TYPE_FILTER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_STYLE] =
    g_param_spec_boxed ("style", NULL, NULL,
                        TZ_TYPE_CHART_STYLE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ROWS] =
    g_param_spec_boxed ("rows", NULL, NULL,
                        G_TYPE_ARRAY,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzChart::changed:
   *
   * The picture changed: the layout was dropped and the chart needs a
   * redraw (and, in a widget, a new layout).
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tz_chart_init (TzChart *self)
{
  self->kind = TZ_CHART_KIND_AUTO;
  self->group_by = TZ_GROUP_BY_REGION;
  self->level = TZ_REGION_LEVEL_PROVINCE;
  self->aggregate = TZ_AGGREGATE_SUM;
  self->style = tz_chart_style_new ();
}

const char *
tz_chart_kind_to_string (TzChartKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
tz_chart_kind_from_string (const char  *str,
                           TzChartKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  if (g_ascii_strcasecmp (str, "heat-map") == 0)
    {
      *kind = TZ_CHART_KIND_HEATMAP;
      return TRUE;
    }

  return FALSE;
}

/**
 * tz_chart_kind_for_group_by:
 *
 * Returns: the kind that suits @group_by: bars by region, lines by year,
 *   a heat map by region × year
 */
TzChartKind
tz_chart_kind_for_group_by (TzGroupBy group_by)
{
  switch (group_by)
    {
    case TZ_GROUP_BY_YEAR:
      return TZ_CHART_KIND_LINES;

    case TZ_GROUP_BY_REGION_YEAR:
      return TZ_CHART_KIND_HEATMAP;

    case TZ_GROUP_BY_REGION:
    default:
      return TZ_CHART_KIND_BARS;
    }
}

/**
 * tz_chart_kind_supports:
 *
 * Bars need regions (region × year rows are combined over the years);
 * lines and columns need years; a heat map needs both.
 */
gboolean
tz_chart_kind_supports (TzChartKind kind,
                        TzGroupBy   group_by)
{
  switch (kind)
    {
    case TZ_CHART_KIND_AUTO:
      return TRUE;

    case TZ_CHART_KIND_BARS:
      return group_by != TZ_GROUP_BY_YEAR;

    case TZ_CHART_KIND_LINES:
    case TZ_CHART_KIND_COLUMNS:
      return group_by != TZ_GROUP_BY_REGION;

    case TZ_CHART_KIND_HEATMAP:
      return group_by == TZ_GROUP_BY_REGION_YEAR;

    default:
      return FALSE;
    }
}

/**
 * tz_chart_format_for_filename:
 *
 * Returns: whether @filename ends in .png, .svg or .pdf (in any case)
 */
gboolean
tz_chart_format_for_filename (const char    *filename,
                              TzChartFormat *format)
{
  static const struct { const char *suffix; TzChartFormat format; } suffixes[] = {
    { ".png", TZ_CHART_FORMAT_PNG },
    { ".svg", TZ_CHART_FORMAT_SVG },
    { ".pdf", TZ_CHART_FORMAT_PDF },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (filename != NULL, FALSE);

  lower = g_ascii_strdown (filename, -1);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      if (g_str_has_suffix (lower, suffixes[i].suffix))
        {
          if (format != NULL)
            *format = suffixes[i].format;
          return TRUE;
        }
    }

  return FALSE;
}

TzChart *
tz_chart_new (void)
{
  return g_object_new (TZ_TYPE_CHART, NULL);
}

TzChartKind
tz_chart_get_kind (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), TZ_CHART_KIND_AUTO);

  return self->kind;
}

void
tz_chart_set_kind (TzChart     *self,
                   TzChartKind  kind)
{
  g_return_if_fail (TZ_IS_CHART (self));
  g_return_if_fail (kind <= TZ_CHART_KIND_HEATMAP);

  if (self->kind == kind)
    return;

  self->kind = kind;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

TzGroupBy
tz_chart_get_group_by (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), TZ_GROUP_BY_REGION);

  return self->group_by;
}

void
tz_chart_set_group_by (TzChart   *self,
                       TzGroupBy  group_by)
{
  g_return_if_fail (TZ_IS_CHART (self));

  if (self->group_by == group_by)
    return;

  self->group_by = group_by;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_BY]);
}

TzRegionLevel
tz_chart_get_region_level (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), TZ_REGION_LEVEL_PROVINCE);

  return self->level;
}

void
tz_chart_set_region_level (TzChart       *self,
                           TzRegionLevel  level)
{
  g_return_if_fail (TZ_IS_CHART (self));

  if (self->level == level)
    return;

  self->level = level;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGION_LEVEL]);
}

TzAggregate
tz_chart_get_aggregate (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), TZ_AGGREGATE_SUM);

  return self->aggregate;
}

void
tz_chart_set_aggregate (TzChart     *self,
                        TzAggregate  aggregate)
{
  g_return_if_fail (TZ_IS_CHART (self));

  if (self->aggregate == aggregate)
    return;

  self->aggregate = aggregate;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGGREGATE]);
}

guint
tz_chart_get_top_n (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), 0);

  return self->top_n;
}

void
tz_chart_set_top_n (TzChart *self,
                    guint    top_n)
{
  g_return_if_fail (TZ_IS_CHART (self));

  if (self->top_n == top_n)
    return;

  self->top_n = top_n;
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOP_N]);
}

/**
 * tz_chart_get_filter:
 *
 * Returns: (nullable) (transfer none): the selection the rows came from
 */
TzFilter *
tz_chart_get_filter (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  return self->filter;
}

/**
 * tz_chart_set_filter:
 * @filter: (nullable): the selection the rows came from. The chart names
 *   its subject, unit, region and years; it does not query anything.
 */
void
tz_chart_set_filter (TzChart  *self,
                     TzFilter *filter)
{
  g_return_if_fail (TZ_IS_CHART (self));
  g_return_if_fail (filter == NULL || TZ_IS_FILTER (filter));

  if (self->filter == filter)
    return;

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_func (self->filter, filter_notify_cb, self);
  g_set_object (&self->filter, filter);
  if (filter != NULL)
    g_signal_connect_object (filter, "notify", G_CALLBACK (filter_notify_cb), self, G_CONNECT_SWAPPED);

  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * tz_chart_get_title:
 *
 * Returns: the title drawn: the one set, or one made from the filter
 *   and grouping ("技能人才 (人) — sum by province"); valid until the
 *   chart changes
 */
const char *
tz_chart_get_title (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  if (self->title != NULL)
    return self->title;

  if (self->display_title == NULL)
    self->display_title = tz_chart_dup_display_title (self);

  return self->display_title;
}

/**
 * tz_chart_set_title:
 * @title: (nullable): a title, or %NULL to make one from the filter
 */
void
tz_chart_set_title (TzChart    *self,
                    const char *title)
{
  g_return_if_fail (TZ_IS_CHART (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * tz_chart_dup_display_title:
 *
 * Returns: (transfer full): the title made from the filter's subject (or
 *   category) and unit, the aggregate and the grouping
 */
char *
tz_chart_dup_display_title (TzChart *self)
{
  const char *subject = NULL;
  const char *unit = NULL;
  int category = TZ_FILTER_ANY_CATEGORY;
  g_autofree char *what = NULL;
  g_autofree char *how = NULL;

  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  if (self->filter != NULL)
    {
      subject = tz_filter_get_subject (self->filter);
      unit = tz_filter_get_unit (self->filter);
      category = tz_filter_get_category (self->filter);
    }

  if (subject == NULL && category == TZ_FILTER_ANY_CATEGORY && unit != NULL)
    /* Translators: a chart of every figure in one unit: "Figures in 人" */
    what = g_strdup_printf (_("Figures in %s"), unit);
  else if (unit != NULL)
    /* Translators: a chart's subject and unit: "技能人才 (人)" */
    what = g_strdup_printf (C_("chart title", "%s (%s)"), subject != NULL ? subject : category_label (category), unit);
  else
    what = g_strdup (subject != NULL ? subject : category_label (category));

  /* Translators: how figures are combined and grouped: "sum by province" */
  how = g_strdup_printf (C_("chart title", "%s %s"), aggregate_label (self->aggregate),
                         grouping_label (self->group_by, self->level));

  /* Translators: the chart title: "技能人才 (人) — sum by province" */
  return g_strdup_printf (C_("chart title", "%s — %s"), what, how);
}

/**
 * tz_chart_get_style:
 *
 * Returns: (transfer none): the style
 */
const TzChartStyle *
tz_chart_get_style (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  return self->style;
}

/**
 * tz_chart_set_style:
 * @style: (nullable): colours, font and number style; copied. %NULL
 *   gives the default light style.
 */
void
tz_chart_set_style (TzChart            *self,
                    const TzChartStyle *style)
{
  g_autoptr(TzChartStyle) fallback = NULL;

  g_return_if_fail (TZ_IS_CHART (self));

  if (style == NULL)
    style = fallback = tz_chart_style_new ();
  if (tz_chart_style_equal (self->style, style))
    return;

  tz_chart_style_free (self->style);
  self->style = tz_chart_style_copy (style);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STYLE]);
}

/**
 * tz_chart_get_rows:
 *
 * Returns: (nullable) (transfer none) (element-type TzAggregateRow): the rows
 */
GArray *
tz_chart_get_rows (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  return self->rows;
}

/**
 * tz_chart_set_rows:
 * @rows: (nullable) (element-type TzAggregateRow): what
 *   tz_store_aggregate() returned for the chart's filter, grouping and
 *   aggregate; the chart keeps a reference and does not change it
 */
void
tz_chart_set_rows (TzChart *self,
                   GArray  *rows)
{
  g_return_if_fail (TZ_IS_CHART (self));
  g_return_if_fail (rows == NULL || g_array_get_element_size (rows) == sizeof (TzAggregateRow));

  if (self->rows == rows)
    return;

  g_clear_pointer (&self->rows, g_array_unref);
  if (rows != NULL)
    self->rows = g_array_ref (rows);
  invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROWS]);
}

/**
 * tz_chart_update_layout:
 * @context: the Pango context to shape text with, such as a widget's
 * @width: in pixels
 * @height: in pixels
 *
 * Lays the chart out for a size. A widget calls this when it is
 * allocated or the chart changes, so drawing only paints, and hit
 * testing answers for what is on screen.
 *
 * Returns: (transfer none): the layout, valid until the chart changes
 */
TzChartLayout *
tz_chart_update_layout (TzChart      *self,
                        PangoContext *context,
                        int           width,
                        int           height)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);

  if (self->layout != NULL
      && self->layout_context == context
      && self->layout_serial == pango_context_get_serial (context)
      && tz_chart_layout_get_width (self->layout) == width
      && tz_chart_layout_get_height (self->layout) == height)
    return self->layout;

  g_clear_object (&self->layout);
  self->layout = build (self, ensure_text (self, context), width, height);
  g_set_object (&self->layout_context, context);
  self->layout_serial = pango_context_get_serial (context);

  return self->layout;
}

/**
 * tz_chart_get_layout:
 *
 * Returns: (nullable) (transfer none): the layout last computed or drawn,
 *   or %NULL if the chart changed since
 */
TzChartLayout *
tz_chart_get_layout (TzChart *self)
{
  g_return_val_if_fail (TZ_IS_CHART (self), NULL);

  return self->layout;
}

/**
 * tz_chart_draw:
 * @cr: where to draw, with the chart's top left corner at (0, 0)
 *
 * Draws the chart at @width × @height. It reuses the layout of
 * tz_chart_update_layout() if it is for this size; otherwise it lays the
 * chart out for @cr's target first.
 */
void
tz_chart_draw (TzChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  g_return_if_fail (TZ_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  /* A widget's layout, still good for this size, is only painted. */
  if (self->layout != NULL
      && self->layout_context != self->own_context
      && self->layout_serial == pango_context_get_serial (self->layout_context)
      && tz_chart_layout_get_width (self->layout) == width
      && tz_chart_layout_get_height (self->layout) == height)
    {
      tz_chart_layout_paint (self->layout, cr);
      return;
    }

  if (self->own_context == NULL)
    {
      self->own_context = pango_cairo_create_context (cr);
      target_changed (self, cr);
    }
  else if (target_changed (self, cr))
    {
      pango_cairo_update_context (cr, self->own_context);
    }

  tz_chart_layout_paint (tz_chart_update_layout (self, self->own_context, width, height), cr);
}

/**
 * tz_chart_hit_test:
 * @x: in the coordinates the chart was drawn in
 * @y: likewise
 * @item: (out caller-allocates) (optional): what is drawn there
 *
 * Returns: whether a bar, point, cell or legend entry is at (@x, @y) in
 *   the layout last computed or drawn
 */
gboolean
tz_chart_hit_test (TzChart     *self,
                   double       x,
                   double       y,
                   TzChartItem *item)
{
  g_return_val_if_fail (TZ_IS_CHART (self), FALSE);

  if (self->layout == NULL)
    {
      if (item != NULL)
        memset (item, 0, sizeof *item);
      return FALSE;
    }

  return tz_chart_layout_hit_test (self->layout, x, y, item);
}

/* Export */

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
} StreamClosure;

static cairo_status_t
write_cb (void                *data,
          const unsigned char *bytes,
          unsigned int         length)
{
  StreamClosure *closure = data;

  if (closure->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;

  if (!g_output_stream_write_all (closure->stream, bytes, length, NULL,
                                  closure->cancellable, &closure->error))
    return CAIRO_STATUS_WRITE_ERROR;

  return CAIRO_STATUS_SUCCESS;
}

/* cairo writes SVG text as glyph outlines; a <title> keeps the chart's
 * name readable to screen readers, search and tests. */
static gboolean
write_svg (GOutputStream  *stream,
           GByteArray     *svg,
           const char     *title,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);
  g_autofree char *element = g_strdup_printf ("\n<title>%s</title>", escaped);
  const char *data = (const char *)svg->data;
  const char *open = g_strstr_len (data, svg->len, "<svg");
  const char *end = open != NULL ? memchr (open, '>', svg->len - (open - data)) : NULL;
  gsize head = end != NULL ? (gsize)(end + 1 - data) : svg->len;

  return g_output_stream_write_all (stream, data, head, NULL, cancellable, error)
         && (end == NULL || g_output_stream_write_all (stream, element, strlen (element), NULL, cancellable, error))
         && g_output_stream_write_all (stream, data + head, svg->len - head, NULL, cancellable, error);
}

static cairo_status_t
append_cb (void                *data,
           const unsigned char *bytes,
           unsigned int         length)
{
  g_byte_array_append (data, bytes, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
paint_fresh (TzChart *self,
             cairo_t *cr,
             int      width,
             int      height)
{
  PangoContext *context = pango_cairo_create_context (cr);
  g_autoptr(TzChartText) text = _tz_chart_text_new (context, tz_chart_style_get_font (self->style));
  g_autoptr(TzChartLayout) layout = build (self, text, width, height);

  tz_chart_layout_paint (layout, cr);
  g_object_unref (context);
}

/**
 * tz_chart_export_to_stream:
 * @width: in pixels (PNG) or points (SVG, PDF)
 * @height: likewise
 *
 * Draws the chart into @stream as a PNG image, an SVG drawing with the
 * title in its <title>, or a one-page PDF with the title in its
 * metadata. The stream is not closed.
 */
gboolean
tz_chart_export_to_stream (TzChart        *self,
                           GOutputStream  *stream,
                           TzChartFormat   format,
                           int             width,
                           int             height,
                           GCancellable   *cancellable,
                           GError        **error)
{
  StreamClosure closure = { stream, cancellable, NULL };
  g_autoptr(GByteArray) svg = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (TZ_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  switch (format)
    {
    case TZ_CHART_FORMAT_SVG:
      svg = g_byte_array_new ();
      surface = cairo_svg_surface_create_for_stream (append_cb, svg, width, height);
      break;

    case TZ_CHART_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (write_cb, &closure, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, tz_chart_get_title (self));
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Taizhang");
      break;

    case TZ_CHART_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  cr = cairo_create (surface);
  paint_fresh (self, cr, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == TZ_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, &closure);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (closure.error != NULL)
    {
      g_propagate_error (error, closure.error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not draw the chart: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  if (svg != NULL)
    return write_svg (stream, svg, tz_chart_get_title (self), cancellable, error);

  return TRUE;
}

/**
 * tz_chart_export:
 * @file: where to write; the format follows its extension (.png, .svg
 *   or .pdf). It is replaced only once the chart is written whole.
 *
 * Returns: whether the file was written; errors name it
 */
gboolean
tz_chart_export (TzChart       *self,
                 GFile         *file,
                 int            width,
                 int            height,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  TzChartFormat format;

  g_return_val_if_fail (TZ_IS_CHART (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  name = g_file_get_parse_name (file);
  basename = g_file_get_basename (file);
  if (basename == NULL || !tz_chart_format_for_filename (basename, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot save “%s”: charts are saved as .png, .svg or .pdf"), name);
      return FALSE;
    }

  stream = tz_export_open_output (file, cancellable, &local_error);
  if (stream == NULL
      || !tz_chart_export_to_stream (self, G_OUTPUT_STREAM (stream), format, width, height,
                                     cancellable, &local_error)
      || !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      /* Closing through a cancelled cancellable throws the new file
       * away and leaves any old one as it was. */
      if (stream != NULL)
        {
          g_autoptr(GCancellable) abandon = g_cancellable_new ();

          g_cancellable_cancel (abandon);
          g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
        }
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not write “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  return TRUE;
}
