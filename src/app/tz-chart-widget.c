/* tz-chart-widget.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-chart-widget"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "tz-chart-widget.h"
#include "tz-format.h"
#include "tz-gazetteer.h"
#include "tz-gtk-compat.h"
#include "tz-region.h"
#include "tz-store.h"

/* How many items the accessible description reads out. */
#define DESCRIBED_ITEMS 5

/* The chart renderer lives in the core (the CLI draws with it too); this
 * widget gives it a size, the theme's colours and font, and answers the
 * pointer and the keyboard through the layout it keeps. Layout happens in
 * size_allocate, so snapshot only paints. */

struct _TzChartWidget
{
  GtkWidget    parent_instance;

  /* Owned references */
  TzChart     *chart;
  GtkSettings *settings;
  char        *description;

  /* The highlighted item, copied so that it can be found again in the
   * next layout. */
  TzChartItem  highlight;
  guint        has_highlight : 1;
  guint        keyboard : 1;        /* moved there with the keyboard */
  guint        describe_needed : 1;
};

G_DEFINE_FINAL_TYPE (TzChartWidget, tz_chart_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHART,
  N_PROPS
};

enum {
  ACTIVATE_ITEM,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static TzChartLayout *
current_layout (TzChartWidget *self)
{
  TzChartLayout *layout;

  g_assert (TZ_IS_CHART_WIDGET (self));

  layout = tz_chart_get_layout (self->chart);
  if (layout == NULL
      || tz_chart_layout_get_width (layout) != gtk_widget_get_width (GTK_WIDGET (self))
      || tz_chart_layout_get_height (layout) != gtk_widget_get_height (GTK_WIDGET (self)))
    return NULL;

  return layout;
}

static gboolean
same_item (const TzChartItem *a,
           const TzChartItem *b)
{
  return a->kind == b->kind
         && a->year == b->year
         && a->series == b->series
         && strcmp (a->region_code, b->region_code) == 0;
}

/* The position of the highlighted item in @layout, or -1. */
static int
highlight_index (TzChartWidget *self,
                 TzChartLayout *layout)
{
  g_assert (TZ_IS_CHART_WIDGET (self));

  if (!self->has_highlight || layout == NULL)
    return -1;

  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    if (same_item (tz_chart_layout_get_item (layout, i), &self->highlight))
      return i;

  return -1;
}

static void
set_highlight (TzChartWidget     *self,
               const TzChartItem *item)
{
  g_assert (TZ_IS_CHART_WIDGET (self));

  if (item == NULL && !self->has_highlight)
    return;
  if (item != NULL && self->has_highlight && memcmp (item, &self->highlight, sizeof *item) == 0)
    return;

  if (item != NULL)
    self->highlight = *item;
  else
    memset (&self->highlight, 0, sizeof self->highlight);
  self->has_highlight = item != NULL;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), item != NULL ? "pointer" : NULL);
  gtk_widget_trigger_tooltip_query (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static double
luminance (const GdkRGBA *color)
{
  return 0.2126 * color->red + 0.7152 * color->green + 0.0722 * color->blue;
}

/* The chart follows the theme: its text in the widget's colour and font,
 * on the colour of views (lists, text), with the palette made for light
 * or dark backgrounds. */
static void
update_style (TzChartWidget *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(TzChartStyle) style = NULL;
  const PangoFontDescription *font;
  GdkRGBA fg, bg;

  g_assert (TZ_IS_CHART_WIDGET (self));

  tz_gtk_widget_get_color (widget, &fg);
  if (!tz_gtk_widget_lookup_color (widget, "theme_base_color", &bg)
      && !tz_gtk_widget_lookup_color (widget, "view_bg_color", &bg))
    bg = luminance (&fg) > 0.5 ? (GdkRGBA) { 0.14f, 0.14f, 0.14f, 1.f } : (GdkRGBA) { 1.f, 1.f, 1.f, 1.f };
  bg.alpha = 1.f;

  style = luminance (&bg) < 0.5 ? tz_chart_style_new_dark () : tz_chart_style_new ();
  /* TzChartColor has the layout of GdkRGBA. */
  tz_chart_style_set_foreground (style, (const TzChartColor *)&fg);
  tz_chart_style_set_background (style, (const TzChartColor *)&bg);

  font = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (font != NULL)
    tz_chart_style_set_font (style, font);

  tz_chart_set_style (self->chart, style);
}

/* "Bar chart of %s: %s", as a whole sentence for each kind, so that
 * translators can order it freely. */
static char *
dup_kind_sentence (TzChartKind  kind,
                   const char  *title,
                   const char  *items)
{
  switch (kind)
    {
    case TZ_CHART_KIND_LINES:
      return g_strdup_printf (_("Line chart of %s: %s"), title, items);
    case TZ_CHART_KIND_COLUMNS:
      return g_strdup_printf (_("Column chart of %s: %s"), title, items);
    case TZ_CHART_KIND_HEATMAP:
      return g_strdup_printf (_("Heat map of %s: %s"), title, items);
    case TZ_CHART_KIND_BARS:
    case TZ_CHART_KIND_AUTO:
    default:
      return g_strdup_printf (_("Bar chart of %s: %s"), title, items);
    }
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  const TzChartItem *ia = *(const TzChartItem * const *)a;
  const TzChartItem *ib = *(const TzChartItem * const *)b;

  if (ia->value != ib->value)
    return ia->value > ib->value ? -1 : 1;
  return 0;
}

/* "Bar chart of 技能人才 (人) — sum by province: 江苏省 589,555, 浙江省 …":
 * what a screen reader says instead of showing the picture. */
static char *
describe (TzChartWidget *self,
          TzChartLayout *layout)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autoptr(GString) list = g_string_new (NULL);
  TzNumberStyle number_style = tz_chart_style_get_number_style (tz_chart_get_style (self->chart));
  gboolean by_year = tz_chart_get_group_by (self->chart) == TZ_GROUP_BY_YEAR;
  TzChartKind kind = tz_chart_get_kind (self->chart);
  const char *title = tz_chart_layout_get_title (layout);

  g_assert (TZ_IS_CHART_WIDGET (self));

  if (kind == TZ_CHART_KIND_AUTO)
    kind = tz_chart_kind_for_group_by (tz_chart_get_group_by (self->chart));

  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      const TzChartItem *item = tz_chart_layout_get_item (layout, i);

      if (item->kind != TZ_CHART_ITEM_LEGEND)
        g_ptr_array_add (items, (gpointer)item);
    }

  if (items->len == 0)
    {
      const char *message = tz_chart_layout_get_message (layout);

      if (message != NULL && title != NULL)
        return g_strdup_printf ("%s: %s", title, message);
      return g_strdup (message != NULL ? message : title);
    }

  g_ptr_array_sort (items, compare_values);
  for (guint i = 0; i < MIN (items->len, DESCRIBED_ITEMS); i++)
    {
      const TzChartItem *item = g_ptr_array_index (items, i);
      g_autofree char *value = tz_format_number (item->value, number_style);

      if (i > 0)
        g_string_append (list, ", ");
      if (!by_year)
        g_string_append_printf (list, "%s ", item->region_name);
      if (item->year > 0)
        g_string_append_printf (list, "%d ", item->year);
      g_string_append (list, value);
    }
  if (items->len > DESCRIBED_ITEMS)
    g_string_append (list, ", …");

  return dup_kind_sentence (kind, title != NULL ? title : "", list->str);
}

static void
update_description (TzChartWidget *self,
                    TzChartLayout *layout)
{
  g_autofree char *text = NULL;

  g_assert (TZ_IS_CHART_WIDGET (self));

  self->describe_needed = FALSE;
  text = describe (self, layout);
  if (g_strcmp0 (text, self->description) == 0)
    return;

  g_free (self->description);
  self->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tz_chart_layout_get_title (layout),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                  -1);
}

/* Moves the highlight @step items on (or to the first or last item for
 * a step of ±G_MAXINT); legend entries are left out. */
static void
move_highlight (TzChartWidget *self,
                int            step)
{
  TzChartLayout *layout = current_layout (self);
  g_autoptr(GArray) order = NULL;
  int at = -1;
  int current;
  int next;

  g_assert (TZ_IS_CHART_WIDGET (self));

  if (layout == NULL)
    return;

  current = highlight_index (self, layout);
  order = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < tz_chart_layout_get_n_items (layout); i++)
    {
      if (tz_chart_layout_get_item (layout, i)->kind == TZ_CHART_ITEM_LEGEND)
        continue;
      if ((int)i == current)
        at = order->len;
      g_array_append_val (order, i);
    }
  if (order->len == 0)
    return;

  if (step == G_MAXINT)
    next = order->len - 1;
  else if (step == -G_MAXINT)
    next = 0;
  else if (at < 0)
    next = step > 0 ? 0 : (int)order->len - 1;
  else
    next = CLAMP (at + step, 0, (int)order->len - 1);

  self->keyboard = TRUE;
  set_highlight (self, tz_chart_layout_get_item (layout, g_array_index (order, int, next)));
}

static gboolean
activate_highlight (TzChartWidget *self)
{
  gboolean handled = FALSE;

  g_assert (TZ_IS_CHART_WIDGET (self));

  if (!self->has_highlight)
    return FALSE;

  g_signal_emit (self, signals[ACTIVATE_ITEM], 0, self->highlight.region_code, self->highlight.year, &handled);
  return handled;
}

static void
snapshot_highlight (TzChartWidget *self,
                    TzChartLayout *layout,
                    cairo_t       *cr)
{
  const TzChartItem *item = &self->highlight;
  const cairo_rectangle_t *area = &item->area;
  cairo_rectangle_t plot;
  GdkRGBA fg;

  g_assert (TZ_IS_CHART_WIDGET (self));

  tz_gtk_widget_get_color (GTK_WIDGET (self), &fg);
  tz_chart_layout_get_plot_area (layout, &plot);
  cairo_set_line_width (cr, 2);

  switch (item->kind)
    {
    case TZ_CHART_ITEM_BAR:
      /* A band across the row, so that a short bar is found by its label
       * too, and an outline around the bar itself. */
      if (item->label_area.width > 0)
        {
          double x0 = MIN (item->label_area.x, area->x) - 4;
          double x1 = plot.x + plot.width + 4;

          cairo_rectangle (cr, x0, area->y - 3, x1 - x0, area->height + 6);
          cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.07);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, area->x - 1, area->y - 1, MAX (area->width, 1) + 2, area->height + 2);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
      cairo_stroke (cr);
      break;

    case TZ_CHART_ITEM_CELL:
      cairo_rectangle (cr, area->x + 1, area->y + 1, area->width - 2, area->height - 2);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.9);
      cairo_stroke (cr);
      break;

    case TZ_CHART_ITEM_POINT:
      {
        double cx = area->x + area->width / 2;
        double cy = area->y + area->height / 2;

        /* A guide down to the year on the axis. */
        cairo_save (cr);
        cairo_set_line_width (cr, 1);
        cairo_set_dash (cr, (double[]) { 3, 3 }, 2, 0);
        cairo_move_to (cr, floor (cx) + .5, cy);
        cairo_line_to (cr, floor (cx) + .5, plot.y + plot.height);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.35);
        cairo_stroke (cr);
        cairo_restore (cr);

        cairo_set_line_width (cr, 1.5);
        cairo_arc (cr, cx, cy, MAX (area->width, area->height) / 2 + 1.5, 0, 2 * G_PI);
        cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
        cairo_stroke (cr);
      }
      break;

    case TZ_CHART_ITEM_LEGEND:
      cairo_rectangle (cr, area->x - 3, area->y - 2, area->width + 6, area->height + 4);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      break;

    case TZ_CHART_ITEM_NONE:
    default:
      break;
    }
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

/* The chart changed what it shows: lay it out again before the next
 * frame paints it. */
static void
chart_changed_cb (TzChartWidget *self)
{
  g_assert (TZ_IS_CHART_WIDGET (self));

  self->describe_needed = TRUE;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
settings_changed_cb (TzChartWidget *self)
{
  update_style (self);
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           TzChartWidget            *self)
{
  self->keyboard = FALSE;
  tz_chart_widget_highlight_at (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *motion,
          TzChartWidget            *self)
{
  if (!self->keyboard)
    set_highlight (self, NULL);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            TzChartWidget   *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             TzChartWidget   *self)
{
  self->keyboard = FALSE;
  if (tz_chart_widget_highlight_at (self, x, y) && activate_highlight (self))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
move_binding_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  int step;

  g_variant_get (args, "(i)", &step);
  move_highlight (TZ_CHART_WIDGET (widget), step);
  return TRUE;
}

static void
activate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  activate_highlight (TZ_CHART_WIDGET (widget));
}

static void
clear_highlight_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  set_highlight (TZ_CHART_WIDGET (widget), NULL);
}

/* ------------------------------------------------------------------ */
/* GtkWidget                                                           */
/* ------------------------------------------------------------------ */

static void
tz_chart_widget_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 320 : 200;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 720 : 440;
}

static void
tz_chart_widget_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  TzChartWidget *self = TZ_CHART_WIDGET (widget);
  TzChartLayout *layout;
  int index;

  layout = tz_chart_update_layout (self->chart, gtk_widget_get_pango_context (widget), width, height);

  /* Keep the highlight on the same region and year, wherever it went. */
  index = highlight_index (self, layout);
  if (index >= 0)
    self->highlight = *tz_chart_layout_get_item (layout, index);
  else if (self->has_highlight)
    set_highlight (self, NULL);

  if (self->describe_needed)
    update_description (self, layout);
}

static void
tz_chart_widget_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TzChartWidget *self = TZ_CHART_WIDGET (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  TzChartLayout *layout = current_layout (self);
  cairo_t *cr;

  /* No layout for this size yet: one is queued, and comes before the
   * next frame. */
  if (layout == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  tz_chart_draw (self->chart, cr, width, height);
  if (self->has_highlight)
    snapshot_highlight (self, layout, cr);
  cairo_destroy (cr);
}

static gboolean
tz_chart_widget_query_tooltip (GtkWidget  *widget,
                               int         x,
                               int         y,
                               gboolean    keyboard_mode,
                               GtkTooltip *tooltip)
{
  TzChartWidget *self = TZ_CHART_WIDGET (widget);
  g_autofree char *text = NULL;
  g_autofree char *markup = NULL;
  g_auto(GStrv) lines = NULL;
  TzChartItem item;

  if (keyboard_mode || self->keyboard)
    {
      if (!self->has_highlight)
        return FALSE;
      item = self->highlight;
    }
  else if (current_layout (self) == NULL || !tz_chart_hit_test (self->chart, x, y, &item))
    return FALSE;

  /* The first line, the place or year, in bold. */
  text = tz_chart_widget_dup_item_text (self, &item);
  lines = g_strsplit (text, "\n", 2);
  if (lines[1] != NULL)
    {
      g_autofree char *head = g_markup_escape_text (lines[0], -1);
      g_autofree char *rest = g_markup_escape_text (lines[1], -1);

      markup = g_strdup_printf ("<b>%s</b>\n%s", head, rest);
    }
  else
    markup = g_markup_escape_text (text, -1);

  gtk_tooltip_set_markup (tooltip, markup);
  gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
                              floor (item.area.x), floor (item.area.y),
                              MAX (ceil (item.area.width), 1), MAX (ceil (item.area.height), 1) });
  return TRUE;
}

static void
tz_chart_widget_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (tz_chart_widget_parent_class)->css_changed (widget, change);

  update_style (TZ_CHART_WIDGET (widget));
  /* A new font changes the Pango context: lay out again. */
  gtk_widget_queue_allocate (widget);
}

static void
tz_chart_widget_root (GtkWidget *widget)
{
  TzChartWidget *self = TZ_CHART_WIDGET (widget);

  GTK_WIDGET_CLASS (tz_chart_widget_parent_class)->root (widget);

  g_set_object (&self->settings, gtk_widget_get_settings (widget));
  g_signal_connect_object (self->settings, "notify::gtk-application-prefer-dark-theme",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "notify::gtk-theme-name",
                           G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  update_style (self);
}

static void
tz_chart_widget_unroot (GtkWidget *widget)
{
  TzChartWidget *self = TZ_CHART_WIDGET (widget);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_clear_object (&self->settings);

  GTK_WIDGET_CLASS (tz_chart_widget_parent_class)->unroot (widget);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_chart_widget_dispose (GObject *object)
{
  TzChartWidget *self = (TzChartWidget *)object;

  if (self->chart != NULL)
    g_signal_handlers_disconnect_by_func (self->chart, chart_changed_cb, self);
  g_clear_object (&self->chart);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_func (self->settings, settings_changed_cb, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tz_chart_widget_parent_class)->dispose (object);
}

static void
tz_chart_widget_finalize (GObject *object)
{
  TzChartWidget *self = (TzChartWidget *)object;

  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (tz_chart_widget_parent_class)->finalize (object);
}

static void
tz_chart_widget_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TzChartWidget *self = TZ_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CHART:
      g_value_set_object (value, tz_chart_widget_get_chart (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_chart_widget_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TzChartWidget *self = TZ_CHART_WIDGET (object);

  switch (prop_id)
    {
    case PROP_CHART:
      tz_chart_widget_set_chart (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_chart_widget_class_init (TzChartWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_chart_widget_dispose;
  object_class->finalize = tz_chart_widget_finalize;
  object_class->get_property = tz_chart_widget_get_property;
  object_class->set_property = tz_chart_widget_set_property;

  widget_class->measure = tz_chart_widget_measure;
  widget_class->size_allocate = tz_chart_widget_size_allocate;
  widget_class->snapshot = tz_chart_widget_snapshot;
  widget_class->query_tooltip = tz_chart_widget_query_tooltip;
  widget_class->css_changed = tz_chart_widget_css_changed;
  widget_class->root = tz_chart_widget_root;
  widget_class->unroot = tz_chart_widget_unroot;

  /* The chart shown; never %NULL (the widget starts with an empty one). */
  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL,
                         TZ_TYPE_CHART,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzChartWidget::activate-item:
   * @region_code: the item's region at the chart's level, "" for none (or
   *   a chart by year)
   * @year: its year, 0 for none (or a chart by region)
   *
   * A bar, point, cell or legend entry was clicked or activated with the
   * keyboard. Handlers return %TRUE to stop the others.
   */
  signals[ACTIVATE_ITEM] =
    g_signal_new ("activate-item",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  g_signal_accumulator_true_handled, NULL,
                  NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "chart.activate-item", NULL, activate_action);
  gtk_widget_class_install_action (widget_class, "chart.clear-highlight", NULL, clear_highlight_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.activate-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.activate-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.activate-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "chart.clear-highlight", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, move_binding_cb, "(i)", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, move_binding_cb, "(i)", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, move_binding_cb, "(i)", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, move_binding_cb, "(i)", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, move_binding_cb, "(i)", -G_MAXINT);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, move_binding_cb, "(i)", G_MAXINT);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tz_chart_widget_init (TzChartWidget *self)
{
  GtkEventController *motion;
  GtkGesture *click;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "tz-chart");

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  tz_chart_widget_set_chart (self, NULL);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
tz_chart_widget_new (void)
{
  return g_object_new (TZ_TYPE_CHART_WIDGET, NULL);
}

/**
 * tz_chart_widget_get_chart:
 *
 * Returns: (transfer none): the chart shown; set its grouping and rows to
 *   change the picture. Its style follows the widget's theme.
 */
TzChart *
tz_chart_widget_get_chart (TzChartWidget *self)
{
  g_return_val_if_fail (TZ_IS_CHART_WIDGET (self), NULL);

  return self->chart;
}

/**
 * tz_chart_widget_set_chart:
 * @chart: (nullable): a chart, or %NULL for a new empty one
 */
void
tz_chart_widget_set_chart (TzChartWidget *self,
                           TzChart       *chart)
{
  g_autoptr(TzChart) fresh = NULL;

  g_return_if_fail (TZ_IS_CHART_WIDGET (self));
  g_return_if_fail (chart == NULL || TZ_IS_CHART (chart));

  if (chart == NULL)
    chart = fresh = tz_chart_new ();
  if (self->chart == chart)
    return;

  if (self->chart != NULL)
    g_signal_handlers_disconnect_by_func (self->chart, chart_changed_cb, self);
  g_set_object (&self->chart, chart);
  g_signal_connect_object (chart, "changed", G_CALLBACK (chart_changed_cb), self, G_CONNECT_SWAPPED);

  set_highlight (self, NULL);
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    update_style (self);
  chart_changed_cb (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
}

/**
 * tz_chart_widget_get_highlight:
 * @item: (out caller-allocates) (optional): the highlighted item
 *
 * Returns: whether an item is highlighted (under the pointer, or reached
 *   with the arrow keys)
 */
gboolean
tz_chart_widget_get_highlight (TzChartWidget *self,
                               TzChartItem   *item)
{
  g_return_val_if_fail (TZ_IS_CHART_WIDGET (self), FALSE);

  if (item != NULL)
    *item = self->highlight;

  return self->has_highlight;
}

/**
 * tz_chart_widget_highlight_at:
 * @x: in widget coordinates
 * @y: likewise
 *
 * Highlights what is drawn at (@x, @y), as the pointer does.
 *
 * Returns: whether an item is there
 */
gboolean
tz_chart_widget_highlight_at (TzChartWidget *self,
                              double         x,
                              double         y)
{
  TzChartItem item;

  g_return_val_if_fail (TZ_IS_CHART_WIDGET (self), FALSE);

  if (current_layout (self) == NULL || !tz_chart_hit_test (self->chart, x, y, &item))
    {
      set_highlight (self, NULL);
      return FALSE;
    }

  set_highlight (self, &item);
  return TRUE;
}

/**
 * tz_chart_widget_dup_item_text:
 * @item: an item of the chart's layout
 *
 * What the tooltip says about @item, one fact a line: its place (the
 * full path) or year, its year, its value with the unit, and how many
 * records went into it.
 *
 * Returns: (transfer full): the text
 */
char *
tz_chart_widget_dup_item_text (TzChartWidget     *self,
                               const TzChartItem *item)
{
  g_autoptr(GString) text = g_string_new (NULL);
  TzFilter *filter;
  TzAggregate aggregate;
  TzNumberStyle number_style;
  g_autofree char *number = NULL;
  const char *unit = NULL;

  g_return_val_if_fail (TZ_IS_CHART_WIDGET (self), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  filter = tz_chart_get_filter (self->chart);
  aggregate = tz_chart_get_aggregate (self->chart);
  number_style = tz_chart_style_get_number_style (tz_chart_get_style (self->chart));

  if (tz_chart_get_group_by (self->chart) != TZ_GROUP_BY_YEAR || item->region_code[0] != '\0')
    {
      TzGazetteer *gazetteer = tz_gazetteer_get_default ();
      guint id = item->region_code[0] != '\0' ? tz_gazetteer_lookup_code (gazetteer, item->region_code)
                                              : TZ_DIVISION_NONE;

      if (id != TZ_DIVISION_NONE && id != TZ_DIVISION_NATION)
        {
          g_autoptr(TzRegion) region = tz_gazetteer_create_region (gazetteer, id);
          g_autofree char *path = tz_region_dup_display_path (region);

          g_string_append (text, path);
        }
      else
        g_string_append (text, item->region_name != NULL ? item->region_name : item->region_code);
    }

  if (item->year > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%d", item->year);
    }

  if (item->kind == TZ_CHART_ITEM_LEGEND)
    return g_string_free (g_steal_pointer (&text), FALSE);

  if (text->len > 0)
    g_string_append_c (text, '\n');
  number = tz_format_number (item->value, number_style);
  if (aggregate == TZ_AGGREGATE_COUNT)
    g_string_append_printf (text, ngettext ("%s figure", "%s figures", (gulong)item->value), number);
  else
    {
      g_autofree char *quantity = NULL;

      if (filter != NULL)
        unit = tz_filter_get_unit (filter);
      /* As tz_format_quantity() writes it: "21.5万人", "26.3%". */
      quantity = g_strconcat (number, unit, NULL);

      if (aggregate == TZ_AGGREGATE_MAX)
        /* Translators: the largest of a group's figures: "52,000人 (largest)" */
        g_string_append_printf (text, _("%s (largest)"), quantity);
      else if (aggregate == TZ_AGGREGATE_LATEST)
        /* Translators: the figure of the latest year: "52,000人 (latest)" */
        g_string_append_printf (text, _("%s (latest)"), quantity);
      else
        g_string_append (text, quantity);
    }

  g_string_append_c (text, '\n');
  g_string_append_printf (text, ngettext ("%u record", "%u records", item->n_records), item->n_records);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * tz_chart_widget_dup_description:
 *
 * Returns: (transfer full) (nullable): the accessible description of the
 *   chart last laid out: its kind, title and largest items
 */
char *
tz_chart_widget_dup_description (TzChartWidget *self)
{
  g_return_val_if_fail (TZ_IS_CHART_WIDGET (self), NULL);

  return g_strdup (self->description);
}
