/* tz-reports-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-reports-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tz-article.h"
#include "tz-article-list.h"
#include "tz-document.h"
#include "tz-document-list.h"
#include "tz-format.h"
#include "tz-gazetteer.h"
#include "tz-gtk-compat.h"
#include "tz-metric.h"
#include "tz-metric-popover.h"
#include "tz-metric-scanner.h"
#include "tz-region.h"
#include "tz-reports-view.h"

/* ------------------------------------------------------------------ */
/* TzReportsRow: a row of the list, either a document or an article    */
/* ------------------------------------------------------------------ */

/* The list's rows hold lazy-list placeholders that fill in when their
 * page arrives, and documents and articles show different things, so a
 * row follows its item's notifications itself rather than through
 * expressions. */

#define TZ_TYPE_REPORTS_ROW (tz_reports_row_get_type ())

G_DECLARE_FINAL_TYPE (TzReportsRow, tz_reports_row, TZ, REPORTS_ROW, GtkWidget)

struct _TzReportsRow
{
  GtkWidget  parent_instance;

  GObject   *item;
  gulong     notify_id;
  GtkWidget *icon;
  GtkWidget *title;
  GtkWidget *subtitle;
};

G_DEFINE_FINAL_TYPE (TzReportsRow, tz_reports_row, GTK_TYPE_WIDGET)

enum {
  ROW_PROP_0,
  ROW_PROP_ITEM,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static char *
describe_document (TzDocument *document)
{
  guint n = tz_document_get_article_count (document);
  g_autofree char *number = tz_format_number (n, TZ_NUMBER_STYLE_GROUPED);
  g_autofree char *articles = g_strdup_printf (ngettext ("%s article", "%s articles", n), number);
  g_autoptr(GDateTime) imported = NULL;
  g_autofree char *date = NULL;

  /* TRANSLATORS: a document row: "Dated 2023-05-01 · 3 articles" */
  if (tz_document_get_date (document) != NULL)
    return g_strdup_printf (_("Dated %s · %s"), tz_document_get_date (document), articles);

  if (tz_document_get_imported_at (document) > 0)
    imported = g_date_time_new_from_unix_local (tz_document_get_imported_at (document));
  if (imported == NULL)
    return g_steal_pointer (&articles);

  date = g_date_time_format (imported, "%Y-%m-%d");
  /* TRANSLATORS: a document row: "Imported 2026-05-02 · 3 articles" */
  return g_strdup_printf (_("Imported %s · %s"), date, articles);
}

static char *
describe_article (TzArticle *article)
{
  TzRegion *region = tz_article_get_region (article);
  guint n = tz_article_get_metric_count (article);
  g_autofree char *number = tz_format_number (n, TZ_NUMBER_STYLE_GROUPED);
  GString *str = g_string_new (region != NULL ? tz_region_get_name (region) : "—");

  if (tz_article_get_year (article) > 0)
    g_string_append_printf (str, " · %d", tz_article_get_year (article));
  g_string_append (str, " · ");
  g_string_append_printf (str, ngettext ("%s figure", "%s figures", n), number);

  return g_string_free (str, FALSE);
}

static void
tz_reports_row_update (TzReportsRow *self)
{
  g_autofree char *subtitle = NULL;
  const char *title = NULL;

  g_assert (TZ_IS_REPORTS_ROW (self));

  gtk_widget_remove_css_class (GTK_WIDGET (self), "document");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "article");

  if (TZ_IS_DOCUMENT (self->item))
    {
      TzDocument *document = TZ_DOCUMENT (self->item);

      gtk_widget_add_css_class (GTK_WIDGET (self), "document");
      title = tz_document_get_name (document);
      if (title != NULL)
        subtitle = describe_document (document);
    }
  else if (TZ_IS_ARTICLE (self->item))
    {
      TzArticle *article = TZ_ARTICLE (self->item);

      gtk_widget_add_css_class (GTK_WIDGET (self), "article");
      /* A placeholder knows only its id until its page arrives. */
      if (tz_article_get_document_id (article) != 0)
        {
          title = tz_article_get_title (article);
          if (title == NULL || *title == '\0')
            title = _("Untitled article");
          subtitle = describe_article (article);
        }
    }

  gtk_widget_set_visible (self->icon, TZ_IS_DOCUMENT (self->item));
  gtk_label_set_text (GTK_LABEL (self->title), title != NULL ? title : "");
  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle != NULL ? subtitle : "");
}

/* The whole title, which the row may ellipsize. Asked for when the
 * pointer rests: setting a tooltip text asks the X server where the
 * pointer is, a round trip for every row filled in. */
static gboolean
tz_reports_row_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  TzReportsRow *self = TZ_REPORTS_ROW (widget);
  const char *title = gtk_label_get_text (GTK_LABEL (self->title));

  if (title == NULL || *title == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, title);
  return TRUE;
}

static void
tz_reports_row_set_item (TzReportsRow *self,
                         GObject      *item)
{
  g_assert (TZ_IS_REPORTS_ROW (self));

  if (self->item == item)
    return;

  g_clear_signal_handler (&self->notify_id, self->item);
  g_set_object (&self->item, item);
  if (item != NULL)
    self->notify_id = g_signal_connect_object (item, "notify",
                                               G_CALLBACK (tz_reports_row_update), self,
                                               G_CONNECT_SWAPPED);
  tz_reports_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_ITEM]);
}

static void
tz_reports_row_dispose (GObject *object)
{
  TzReportsRow *self = TZ_REPORTS_ROW (object);
  GtkWidget *child;

  g_clear_signal_handler (&self->notify_id, self->item);
  g_clear_object (&self->item);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tz_reports_row_parent_class)->dispose (object);
}

static void
tz_reports_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TzReportsRow *self = TZ_REPORTS_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_reports_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TzReportsRow *self = TZ_REPORTS_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ITEM:
      tz_reports_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_reports_row_class_init (TzReportsRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_reports_row_dispose;
  object_class->get_property = tz_reports_row_get_property;
  object_class->set_property = tz_reports_row_set_property;

  row_properties[ROW_PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);

  widget_class->query_tooltip = tz_reports_row_query_tooltip;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tz-reports-row");
}

/* Three widgets in a box: too small to be worth a template of its own. */
static void
tz_reports_row_init (TzReportsRow *self)
{
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "tz-reports-row");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  self->icon = gtk_image_new_from_icon_name ("x-office-document-symbolic");
  gtk_widget_set_valign (self->icon, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "tz-reports-row-title");

  self->subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle, "dim-label");
  gtk_widget_add_css_class (self->subtitle, "tz-row-subtitle");

  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (labels), self->title);
  gtk_box_append (GTK_BOX (labels), self->subtitle);
  gtk_widget_set_parent (labels, GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* TzReportsView                                                       */
/* ------------------------------------------------------------------ */

/* A figure as shown: buffer offsets (the article slice's code points). */
typedef struct
{
  TzMetric   *metric;
  GtkTextTag *tag;
  guint       start;
  guint       end;
} Figure;

struct _TzReportsView
{
  GtkWidget           parent_instance;

  TzLedger           *ledger;
  gulong              changed_id;
  TzDocumentList     *documents;
  GtkTreeListModel   *tree;
  TzFilter           *search_filter;
  TzArticleList      *search_articles;
  GtkTreeListModel   *search_tree;
  GtkSingleSelection *selection;

  /* The article on the right: what is wanted (ids) and what is shown. */
  gint64              document_id;
  gint64              article_id;
  TzDocument         *document;     /* with its text, articles and figures */
  TzArticle          *article;      /* one of the document's */
  GArray             *figures;      /* Figure, in text order */
  GCancellable       *load_cancellable;
  TzArticle          *waiting_article;
  gulong              waiting_id;

  /* Where tz_reports_view_show_metric() wants to go. */
  gint64              pending_document_id;
  gint64              pending_article_id;
  gint64              focus_article_id;
  guint               focus_start;
  guint               focus_end;

  TzMetricPopover    *popover;
  guint               reload_source;
  guint               flash_source;
  guint               click_source;
  guint               pending_source;
  guint               popover_tick;
  guint               popover_start;  /* buffer offsets of what it points at */
  guint               popover_end;
  double              press_x;
  double              press_y;

  /* Template widgets */
  GtkPaned           *paned;
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  GtkStack           *article_stack;
  GtkLabel           *hint_label;
  GtkBox             *legend;
  GtkButton          *add_button;
  GtkTextView        *text_view;
  GMenuModel         *text_menu;

  guint               loading : 1;
  guint               stale : 1;
  guint               searching : 1;
  guint               pressed : 1;
  guint               selecting_pending : 1;
  guint               has_focus_target : 1;
};

G_DEFINE_FINAL_TYPE (TzReportsView, tz_reports_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_DOCUMENT_ID,
  PROP_ARTICLE_ID,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The figure colours, by TzCategory: the Okabe–Ito palette, which stays
 * distinct for the common kinds of colour blindness. The text keeps the
 * theme's colour; only a translucent background and an underline in the
 * category's colour are added, so it reads on light and dark themes alike.
 * resources/style.css repeats them for the legend. */
static const char * const category_colors[] = {
  [TZ_CATEGORY_PEOPLE]        = "#0072B2",
  [TZ_CATEGORY_PERSON_TIMES]  = "#56B4E9",
  [TZ_CATEGORY_HOUSEHOLDS]    = "#D55E00",
  [TZ_CATEGORY_ORGANIZATIONS] = "#E69F00",
  [TZ_CATEGORY_MONEY]         = "#009E73",
  [TZ_CATEGORY_PERCENT]       = "#CC79A7",
  [TZ_CATEGORY_EVENTS]        = "#1B9E9E",
  [TZ_CATEGORY_ITEMS]         = "#8C8C8C",
  [TZ_CATEGORY_AREA]          = "#B5A400",
};

#define N_CATEGORIES G_N_ELEMENTS (category_colors)
#define FIGURE_BACKGROUND_ALPHA 0.24
#define FLASH_MSEC 1600

static void load_document       (TzReportsView *self);
static void try_select_pending  (TzReportsView *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
set_loading (TzReportsView *self,
             gboolean       loading)
{
  if (self->loading == !!loading)
    return;

  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkTextBuffer *
get_buffer (TzReportsView *self)
{
  return gtk_text_view_get_buffer (self->text_view);
}

static char *
category_tag_name (TzCategory category)
{
  return g_strdup_printf ("figure-%s", tz_category_to_string (category));
}

static void
create_tags (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);

  g_assert (TZ_IS_REPORTS_VIEW (self));

  gtk_text_buffer_create_tag (buffer, "headline",
                              "scale", 1.45,
                              "weight", PANGO_WEIGHT_BOLD,
                              "pixels-below-lines", 6,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "subtitle",
                              "scale", 1.12,
                              "weight", PANGO_WEIGHT_SEMIBOLD,
                              NULL);
  gtk_text_buffer_create_tag (buffer, "dim", NULL);
  gtk_text_buffer_create_tag (buffer, "region",
                              "underline", PANGO_UNDERLINE_SINGLE,
                              NULL);

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_autofree char *name = category_tag_name (i);
      GdkRGBA color, background;

      gdk_rgba_parse (&color, category_colors[i]);
      background = color;
      background.alpha = FIGURE_BACKGROUND_ALPHA;
      gtk_text_buffer_create_tag (buffer, name,
                                  "background-rgba", &background,
                                  "underline", PANGO_UNDERLINE_SINGLE,
                                  "underline-rgba", &color,
                                  NULL);
    }

  /* Made after the categories so that its underline wins. */
  gtk_text_buffer_create_tag (buffer, "corrected",
                              "underline", PANGO_UNDERLINE_DOUBLE,
                              NULL);
  {
    GdkRGBA flash;

    gdk_rgba_parse (&flash, "rgba(245, 194, 17, 0.6)");
    gtk_text_buffer_create_tag (buffer, "flash",
                                "background-rgba", &flash,
                                NULL);
  }
}

/* The dimmed and underlined parts follow the theme's text colour. */
static void
update_tag_colors (TzReportsView *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (get_buffer (self));
  GdkRGBA color, dim, line;

  tz_gtk_widget_get_color (GTK_WIDGET (self->text_view), &color);
  dim = color;
  dim.alpha *= 0.62;
  line = color;
  line.alpha *= 0.5;

  g_object_set (gtk_text_tag_table_lookup (table, "dim"), "foreground-rgba", &dim, NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "region"), "underline-rgba", &line, NULL);
}

static void
clear_figures (TzReportsView *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (get_buffer (self));

  for (guint i = 0; i < self->figures->len; i++)
    {
      Figure *figure = &g_array_index (self->figures, Figure, i);

      gtk_text_tag_table_remove (table, figure->tag);
    }
  g_array_set_size (self->figures, 0);
}

static void
figure_clear (gpointer data)
{
  Figure *figure = data;

  g_clear_object (&figure->metric);
  g_clear_object (&figure->tag);
}

static Figure *
figure_at_offset (TzReportsView *self,
                  guint          offset)
{
  for (guint i = 0; i < self->figures->len; i++)
    {
      Figure *figure = &g_array_index (self->figures, Figure, i);

      if (figure->start <= offset && offset < figure->end)
        return figure;
    }

  return NULL;
}

static Figure *
figure_at_point (TzReportsView *self,
                 double         x,
                 double         y)
{
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;

  return figure_at_offset (self, gtk_text_iter_get_offset (&iter));
}

static Figure *
figure_at_cursor (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return figure_at_offset (self, gtk_text_iter_get_offset (&iter));
}

static gboolean
is_writable (TzReportsView *self)
{
  return self->ledger != NULL && !tz_ledger_is_read_only (self->ledger);
}

static void
update_actions (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  gboolean shown = self->article != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.add-metric",
                                 shown && is_writable (self) &&
                                 gtk_text_buffer_get_has_selection (buffer));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.edit-metric",
                                 shown && figure_at_cursor (self) != NULL);
}

static void
show_hint (TzReportsView *self,
           const char    *hint)
{
  gtk_label_set_text (self->hint_label, hint);
  gtk_stack_set_visible_child_name (self->article_stack, "empty");
}

/* Tags the first line of the slice equal to @text, else its first
 * occurrence: headlines and bylines are lines of their own, but the same
 * words may come again in the body. */
static void
tag_line (GtkTextBuffer *buffer,
          const char    *tag,
          const char    *text)
{
  GtkTextIter iter, match_start, match_end, first_start, first_end;
  gboolean found = FALSE;

  if (text == NULL || *text == '\0')
    return;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  while (gtk_text_iter_forward_search (&iter, text, GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      if (!found)
        {
          first_start = match_start;
          first_end = match_end;
          found = TRUE;
        }
      if (gtk_text_iter_starts_line (&match_start))
        {
          first_start = match_start;
          first_end = match_end;
          break;
        }
      iter = match_end;
    }

  if (found)
    gtk_text_buffer_apply_tag_by_name (buffer, tag, &first_start, &first_end);
}

static void
legend_add (TzReportsView *self,
            const char    *label,
            const char    *css_class,
            const char    *tooltip)
{
  GtkWidget *chip = gtk_label_new (label);

  gtk_widget_add_css_class (chip, "tz-reports-legend-item");
  if (css_class != NULL)
    gtk_widget_add_css_class (chip, css_class);
  gtk_widget_set_tooltip_text (chip, tooltip);
  gtk_box_append (self->legend, chip);
}

/* Only what this article uses: a key of nine colours would be noise. */
static void
update_legend (TzReportsView *self,
               gboolean       has_places)
{
  gboolean used[N_CATEGORIES] = { FALSE, };
  gboolean corrected = FALSE;
  GtkWidget *child;
  g_autofree char *count = NULL;
  g_autofree char *number = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->legend))))
    gtk_box_remove (self->legend, child);

  for (guint i = 0; i < self->figures->len; i++)
    {
      TzMetric *metric = g_array_index (self->figures, Figure, i).metric;
      TzCategory category = tz_metric_get_category (metric);

      if (category < N_CATEGORIES)
        used[category] = TRUE;
      corrected = corrected || tz_metric_get_corrected (metric) || tz_metric_get_user_added (metric);
    }

  number = tz_format_number (self->figures->len, TZ_NUMBER_STYLE_GROUPED);
  count = g_strdup_printf (ngettext ("%s figure", "%s figures", self->figures->len), number);
  legend_add (self, count, "tz-reports-legend-count", NULL);

  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      g_autofree char *css_class = NULL;

      if (!used[i])
        continue;
      css_class = g_strdup_printf ("tz-reports-cat-%s", tz_category_to_string (i));
      legend_add (self, tz_metric_popover_category_label (i), css_class, NULL);
    }

  if (corrected)
    legend_add (self, _("Corrected"), "tz-reports-legend-corrected",
                _("Double underline: corrected or added by you"));
  if (has_places)
    legend_add (self, _("Place"), "tz-reports-legend-place",
                _("Underlined: a place named in the text"));
}

static void
flash_done_cb (gpointer user_data)
{
  TzReportsView *self = user_data;
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  self->flash_source = 0;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "flash", &start, &end);
}

/* Scrolls to the figure show_metric() asked for and lights it up briefly. */
static void
focus_figure (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  guint article_start = tz_article_get_start (self->article);
  guint n_chars = gtk_text_buffer_get_char_count (buffer);
  GtkTextIter start, end;
  GtkTextMark *mark;

  if (!self->has_focus_target || self->focus_article_id != self->article_id)
    return;
  self->has_focus_target = FALSE;

  if (self->focus_start < article_start || self->focus_end - article_start > n_chars)
    return;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, self->focus_start - article_start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, self->focus_end - article_start);
  gtk_text_buffer_place_cursor (buffer, &start);

  /* A mark, not an iter: the lines may not be laid out yet. */
  mark = gtk_text_buffer_get_mark (buffer, "tz-focus");
  if (mark == NULL)
    mark = gtk_text_buffer_create_mark (buffer, "tz-focus", &start, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, mark, &start);
  gtk_text_view_scroll_to_mark (self->text_view, mark, 0.05, TRUE, 0.0, 0.3);

  gtk_text_buffer_apply_tag_by_name (buffer, "flash", &start, &end);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  self->flash_source = g_timeout_add_once (FLASH_MSEC, flash_done_cb, self);
}

/* Shows self->article, a slice of self->document's text. Offsets in the
 * ledger are code points into the document text; GtkTextBuffer offsets
 * are code points too, counted from the slice's start. */
static void
render_article (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  const char *text = tz_document_get_text (self->document);
  guint article_start = tz_article_get_start (self->article);
  guint article_end = tz_article_get_end (self->article);
  glong text_chars = g_utf8_strlen (text, -1);
  g_autofree char *slice = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GArray) places = NULL;
  TzMetric * const *metrics;
  GtkTextIter start, end;
  const char * const *subtitles;
  guint n_metrics;
  guint context = TZ_DIVISION_NONE;

  g_assert (TZ_IS_REPORTS_VIEW (self));
  g_assert (TZ_IS_ARTICLE (self->article));

  article_end = MIN (article_end, (guint) text_chars);
  article_start = MIN (article_start, article_end);
  {
    const char *from = g_utf8_offset_to_pointer (text, article_start);
    const char *to = g_utf8_offset_to_pointer (from, article_end - article_start);

    slice = g_strndup (from, to - from);
  }

  clear_figures (self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);

  /* After a correction the text is the same: keep the reader's place and
   * only tag it again. */
  if (g_strcmp0 (shown, slice) != 0)
    {
      gtk_text_buffer_set_text (buffer, slice, -1);
      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_place_cursor (buffer, &start);
      gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view)), 0);
    }
  else
    gtk_text_buffer_remove_all_tags (buffer, &start, &end);

  tag_line (buffer, "headline", tz_article_get_title (self->article));
  subtitles = tz_article_get_subtitles (self->article);
  for (guint i = 0; subtitles != NULL && subtitles[i] != NULL; i++)
    tag_line (buffer, "subtitle", subtitles[i]);
  tag_line (buffer, "dim", tz_article_get_column (self->article));
  tag_line (buffer, "dim", tz_article_get_byline (self->article));
  tag_line (buffer, "dim", tz_article_get_author (self->article));
  tag_line (buffer, "dim", tz_article_get_source (self->article));

  /* Places named in the text; the article's region settles shared names. */
  if (tz_article_get_region (self->article) != NULL)
    context = tz_gazetteer_lookup_code (tz_gazetteer_get_default (),
                                        tz_region_get_code (tz_article_get_region (self->article)));
  places = tz_gazetteer_find_places (tz_gazetteer_get_default (), slice, -1, context);
  {
    /* Places come in text order: count code points from the last one. */
    gsize byte = 0;
    glong offset = 0;

    for (guint i = 0; i < places->len; i++)
      {
        const TzPlace *place = &g_array_index (places, TzPlace, i);
        GtkTextIter place_start, place_end;

        if (place->start < byte)
          {
            byte = 0;
            offset = 0;
          }
        offset += g_utf8_pointer_to_offset (slice + byte, slice + place->start);
        byte = place->start;

        gtk_text_buffer_get_iter_at_offset (buffer, &place_start, offset);
        place_end = place_start;
        gtk_text_iter_forward_chars (&place_end, g_utf8_pointer_to_offset (slice + place->start,
                                                                           slice + place->end));
        gtk_text_buffer_apply_tag_by_name (buffer, "region", &place_start, &place_end);
      }
  }

  metrics = tz_article_peek_metrics (self->article, &n_metrics);
  for (guint i = 0; i < n_metrics; i++)
    {
      TzMetric *metric = metrics[i];
      guint metric_start = tz_metric_get_start (metric);
      guint metric_end = tz_metric_get_end (metric);
      g_autofree char *category = NULL;
      g_autofree char *name = NULL;
      GtkTextIter figure_start, figure_end;
      Figure figure;

      if (metric_start < article_start || metric_end > article_end || metric_end <= metric_start)
        {
          g_debug ("Figure %" G_GINT64_FORMAT " lies outside its article", tz_metric_get_id (metric));
          continue;
        }

      figure.start = metric_start - article_start;
      figure.end = metric_end - article_start;
      figure.metric = g_object_ref (metric);

      /* One tag per figure, so that two figures side by side stay two and
       * tests can find each by its id. It carries no style itself. */
      name = g_strdup_printf ("figure:%" G_GINT64_FORMAT, tz_metric_get_id (metric));
      figure.tag = gtk_text_tag_new (name);
      if (!gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), figure.tag))
        {
          g_clear_object (&figure.tag);
          figure.tag = gtk_text_tag_new (NULL);
          gtk_text_tag_table_add (gtk_text_buffer_get_tag_table (buffer), figure.tag);
        }

      gtk_text_buffer_get_iter_at_offset (buffer, &figure_start, figure.start);
      gtk_text_buffer_get_iter_at_offset (buffer, &figure_end, figure.end);
      category = category_tag_name (MIN (tz_metric_get_category (metric), N_CATEGORIES - 1));
      gtk_text_buffer_apply_tag_by_name (buffer, category, &figure_start, &figure_end);
      gtk_text_buffer_apply_tag (buffer, figure.tag, &figure_start, &figure_end);
      if (tz_metric_get_corrected (metric) || tz_metric_get_user_added (metric))
        gtk_text_buffer_apply_tag_by_name (buffer, "corrected", &figure_start, &figure_end);

      g_array_append_val (self->figures, figure);
    }

  update_legend (self, places->len > 0);
  gtk_stack_set_visible_child_name (self->article_stack, "article");
  update_actions (self);
  focus_figure (self);
}

static void
clear_article (TzReportsView *self,
               const char    *hint)
{
  GtkTextBuffer *buffer = get_buffer (self);

  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  clear_figures (self);
  gtk_text_buffer_set_text (buffer, "", 0);
  g_clear_object (&self->article);
  show_hint (self, hint != NULL ? hint : _("Select an article to read it with its figures highlighted"));
  update_actions (self);
}

static TzArticle *
find_article (TzDocument *document,
              gint64      article_id)
{
  guint n_articles;
  TzArticle * const *articles = tz_document_peek_articles (document, &n_articles);

  for (guint i = 0; i < n_articles; i++)
    if (tz_article_get_id (articles[i]) == article_id)
      return articles[i];

  return NULL;
}

static void
show_loaded_article (TzReportsView *self)
{
  TzArticle *article = find_article (self->document, self->article_id);

  if (article == NULL)
    {
      clear_article (self, _("This article is no longer in the ledger"));
      return;
    }

  /* A popover still open shows a copy of a record that is about to be
   * tagged again; close it rather than leave it pointing nowhere. */
  if (self->article != article && self->popover != NULL &&
      gtk_widget_get_visible (GTK_WIDGET (self->popover)) &&
      !tz_metric_popover_get_busy (self->popover))
    gtk_popover_popdown (GTK_POPOVER (self->popover));

  g_set_object (&self->article, article);
  render_article (self);
}

static void
document_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TzReportsView) self = user_data;
  g_autoptr(TzDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = tz_ledger_load_document_finish (TZ_LEDGER (object), result, &error);

  /* A newer load replaced this one, or the view went away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->ledger != TZ_LEDGER (object))
    return;

  set_loading (self, FALSE);

  if (document == NULL)
    {
      g_clear_object (&self->document);
      if (g_error_matches (error, TZ_STORE_ERROR, TZ_STORE_ERROR_NOT_FOUND))
        clear_article (self, _("This report is no longer in the ledger"));
      else
        {
          g_warning ("Could not load the report: %s", error->message);
          clear_article (self, error->message);
        }
      return;
    }

  if (tz_document_get_id (document) != self->document_id)
    return;

  g_set_object (&self->document, document);
  self->stale = FALSE;
  show_loaded_article (self);
}

static void
load_document (TzReportsView *self)
{
  g_assert (TZ_IS_REPORTS_VIEW (self));

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);

  if (self->ledger == NULL || self->document_id == 0)
    return;

  self->load_cancellable = g_cancellable_new ();
  set_loading (self, TRUE);
  tz_ledger_load_document_async (self->ledger, self->document_id, self->load_cancellable,
                                 document_loaded_cb, g_object_ref (self));
}

static void
show_article (TzReportsView *self,
              gint64         document_id,
              gint64         article_id)
{
  g_assert (TZ_IS_REPORTS_VIEW (self));

  if (document_id == self->document_id && article_id == self->article_id &&
      (self->loading || self->article != NULL))
    {
      if (!self->loading)
        focus_figure (self);
      return;
    }

  if (article_id != self->focus_article_id)
    self->has_focus_target = FALSE;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->document_id != document_id)
    {
      self->document_id = document_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
    }
  if (self->article_id != article_id)
    {
      self->article_id = article_id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  /* Articles of the same report come from the copy already loaded. */
  if (self->document != NULL && !self->stale &&
      tz_document_get_id (self->document) == document_id)
    {
      g_cancellable_cancel (self->load_cancellable);
      set_loading (self, FALSE);
      show_loaded_article (self);
      return;
    }

  load_document (self);
}

static void
stop_waiting (TzReportsView *self)
{
  g_clear_signal_handler (&self->waiting_id, self->waiting_article);
  g_clear_object (&self->waiting_article);
}

static void
waiting_article_cb (TzReportsView *self)
{
  g_autoptr(TzArticle) article = NULL;

  if (self->waiting_article == NULL || tz_article_get_document_id (self->waiting_article) == 0)
    return;

  article = g_object_ref (self->waiting_article);
  stop_waiting (self);
  show_article (self, tz_article_get_document_id (article), tz_article_get_id (article));
}

/* A search row may still be a placeholder that knows only its id. */
static void
select_article (TzReportsView  *self,
                GtkTreeListRow *row,
                TzArticle      *article)
{
  gint64 document_id = tz_article_get_document_id (article);

  stop_waiting (self);

  if (document_id == 0)
    {
      g_autoptr(GtkTreeListRow) parent = gtk_tree_list_row_get_parent (row);

      if (parent != NULL)
        {
          g_autoptr(GObject) item = gtk_tree_list_row_get_item (parent);

          if (TZ_IS_DOCUMENT (item))
            document_id = tz_document_get_id (TZ_DOCUMENT (item));
        }
    }

  if (document_id == 0)
    {
      self->waiting_article = g_object_ref (article);
      self->waiting_id = g_signal_connect_object (article, "notify::document-id",
                                                  G_CALLBACK (waiting_article_cb), self,
                                                  G_CONNECT_SWAPPED);
      return;
    }

  show_article (self, document_id, tz_article_get_id (article));
}

static void
update_list_stack (TzReportsView *self)
{
  gboolean empty = FALSE;

  if (self->searching && self->search_articles != NULL)
    empty = !tz_lazy_list_get_loading (TZ_LAZY_LIST (self->search_articles)) &&
            g_list_model_get_n_items (G_LIST_MODEL (self->search_articles)) == 0;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "no-results" : "list");
}

static void
apply_search (TzReportsView *self)
{
  g_autofree char *query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  gboolean searching = *query != '\0';

  g_assert (TZ_IS_REPORTS_VIEW (self));

  if (searching)
    {
      tz_filter_set_search (self->search_filter, query);
      if (!self->searching)
        {
          self->searching = TRUE;
          gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->search_tree));
        }
    }
  else if (self->searching)
    {
      self->searching = FALSE;
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
      tz_filter_set_search (self->search_filter, NULL);

      /* Back in the tree, show where the article read is. */
      if (self->article_id != 0)
        {
          self->pending_document_id = self->document_id;
          self->pending_article_id = self->article_id;
          try_select_pending (self);
        }
    }

  update_list_stack (self);
}

/* Selects the article show_metric() asked for once the list has it: the
 * documents' ids and then the article's come from the ledger later. */
static void
try_select_pending (TzReportsView *self)
{
  g_autoptr(GtkTreeListRow) document_row = NULL;
  g_autoptr(GtkTreeListRow) article_row = NULL;
  GListModel *children;
  guint document_pos, article_pos, position;

  if (self->pending_article_id == 0 || self->searching || self->tree == NULL ||
      self->selecting_pending)
    return;

  if (!tz_lazy_list_find_id (TZ_LAZY_LIST (self->documents), self->pending_document_id, &document_pos))
    return;

  document_row = gtk_tree_list_model_get_child_row (self->tree, document_pos);
  if (document_row == NULL)
    return;

  /* Expanding emits items-changed, which calls us again. */
  self->selecting_pending = TRUE;
  gtk_tree_list_row_set_expanded (document_row, TRUE);
  self->selecting_pending = FALSE;

  children = gtk_tree_list_row_get_children (document_row);
  if (children == NULL ||
      !tz_lazy_list_find_id (TZ_LAZY_LIST (children), self->pending_article_id, &article_pos))
    return;

  article_row = gtk_tree_list_row_get_child_row (document_row, article_pos);
  if (article_row == NULL)
    return;

  position = gtk_tree_list_row_get_position (article_row);
  self->pending_document_id = 0;
  self->pending_article_id = 0;

  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8 has no gtk_list_view_scroll_to(); the list's own action does
   * the scrolling. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* ------------------------------------------------------------------ */
/* Popover                                                             */
/* ------------------------------------------------------------------ */

/* The figure's place in our coordinates, where the popover points. */
static void
figure_rectangle (TzReportsView *self,
                  GdkRectangle  *rect_out)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start_iter, end_iter;
  GdkRectangle first, last, rect;
  double x, y;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (buffer, &start_iter, self->popover_start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end_iter, self->popover_end);
  gtk_text_view_get_iter_location (self->text_view, &start_iter, &first);
  gtk_text_view_get_iter_location (self->text_view, &end_iter, &last);

  rect = first;
  if (last.y == first.y && last.x > first.x)
    rect.width = last.x - first.x;
  rect.width = MAX (rect.width, 1);

  gtk_text_view_buffer_to_window_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->text_view), GTK_WIDGET (self),
                                         wx, wy, &x, &y))
    x = y = 0;
  rect.x = (int) x;
  rect.y = (int) y;

  *rect_out = rect;
}

/* Lines of a text just shown are laid out over the next frames, and the
 * reader may scroll: keep the arrow on the figure while the popover is
 * open. */
static gboolean
popover_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *frame_clock,
                 gpointer       user_data)
{
  TzReportsView *self = user_data;
  GdkRectangle rect, current;

  if (!gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      self->popover_tick = 0;
      return G_SOURCE_REMOVE;
    }

  figure_rectangle (self, &rect);
  if (!gtk_popover_get_pointing_to (GTK_POPOVER (self->popover), &current) ||
      !gdk_rectangle_equal (&rect, &current))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);

  return G_SOURCE_CONTINUE;
}

static void
open_popover_at (TzReportsView *self,
                 guint          start,
                 guint          end)
{
  GdkRectangle rect;

  self->popover_start = start;
  self->popover_end = end;
  figure_rectangle (self, &rect);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->popover));

  if (self->popover_tick == 0)
    self->popover_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->text_view),
                                                       popover_tick_cb, self, NULL);
}

static const char *
article_region_code (TzReportsView *self)
{
  TzRegion *region = self->article != NULL ? tz_article_get_region (self->article) : NULL;

  return region != NULL ? tz_region_get_code (region) : NULL;
}

static void
edit_figure (TzReportsView *self,
             Figure        *figure)
{
  g_autoptr(TzMetric) copy = tz_metric_new ();

  g_assert (TZ_IS_REPORTS_VIEW (self));

  /* The popover keeps a copy: a reload refills the records it shows. */
  tz_metric_assign (copy, figure->metric);
  tz_metric_popover_set_ledger (self->popover, self->ledger);
  tz_metric_popover_edit (self->popover, copy, article_region_code (self));
  open_popover_at (self, figure->start, figure->end);
}

static gboolean
is_sentence_end (gunichar ch)
{
  return ch == 0x3002 /* 。 */ || ch == 0xFF01 /* ！ */ || ch == 0xFF1F /* ？ */ ||
         ch == 0xFF1B /* ； */ || ch == '!' || ch == '?' || ch == ';' || ch == '\n';
}

/* The sentence around a selection, for the popover and the record. */
static char *
sentence_around (GtkTextIter *start,
                 GtkTextIter *end)
{
  GtkTextIter from = *start, to = *end;

  while (!gtk_text_iter_starts_line (&from))
    {
      GtkTextIter prev = from;

      gtk_text_iter_backward_char (&prev);
      if (is_sentence_end (gtk_text_iter_get_char (&prev)))
        break;
      from = prev;
    }
  while (!gtk_text_iter_ends_line (&to) && !is_sentence_end (gtk_text_iter_get_char (&to)))
    gtk_text_iter_forward_char (&to);
  if (!gtk_text_iter_ends_line (&to))
    gtk_text_iter_forward_char (&to);

  return gtk_text_iter_get_slice (&from, &to);
}

/* Fills in what the text says of a selected figure: the metric scanner
 * reads "约1.5万人次" and "60%以上" from the selection and what follows
 * it; failing that, a number at the start and the character after it. */
static void
guess_figure (TzMetric   *draft,
              const char *selection,
              const char *after)
{
  g_autofree char *probe = g_strconcat (selection, after, NULL);
  g_autoptr(GArray) figures = g_array_new (FALSE, TRUE, sizeof (TzFigure));
  gsize selection_len = strlen (selection);
  gsize probe_len = strlen (probe);
  TzNumber number;

  tz_scan_figures (probe, 0, probe_len, figures);
  for (guint i = 0; i < figures->len; i++)
    {
      const TzFigure *figure = &g_array_index (figures, TzFigure, i);

      if (figure->start < selection_len)
        {
          tz_metric_set_value (draft, &figure->value);
          tz_metric_set_unit (draft, figure->unit);
          tz_metric_set_category (draft, figure->category);
          tz_metric_set_approx (draft, figure->approx);
          return;
        }
    }

  tz_metric_set_category (draft, TZ_CATEGORY_ITEMS);
  if (tz_number_scan (probe, probe_len, 0, &number))
    {
      gunichar ch = g_utf8_get_char_validated (probe + number.end, probe_len - number.end);

      tz_metric_set_value (draft, &number.value);
      tz_metric_set_approx (draft, number.approx);
      if (ch == '%' || (ch != (gunichar) -1 && ch != (gunichar) -2 && g_unichar_isalpha (ch)))
        {
          char unit[8] = { 0, };

          g_unichar_to_utf8 (ch, unit);
          tz_metric_set_unit (draft, unit);
          tz_metric_set_category (draft, tz_metric_popover_category_for_unit (unit, TZ_CATEGORY_ITEMS));
        }
    }
}

static void
add_metric_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);
  GtkTextBuffer *buffer = get_buffer (self);
  g_autoptr(TzMetric) draft = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sentence = NULL;
  GtkTextIter start, end, after_end;
  guint article_start;

  if (self->article == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;

  /* A selection made by dragging often takes a space or a line end. */
  while (gtk_text_iter_compare (&start, &end) < 0 && g_unichar_isspace (gtk_text_iter_get_char (&start)))
    gtk_text_iter_forward_char (&start);
  while (gtk_text_iter_compare (&start, &end) < 0)
    {
      GtkTextIter prev = end;

      gtk_text_iter_backward_char (&prev);
      if (!g_unichar_isspace (gtk_text_iter_get_char (&prev)))
        break;
      end = prev;
    }
  if (gtk_text_iter_equal (&start, &end))
    return;

  text = gtk_text_iter_get_slice (&start, &end);
  after_end = end;
  gtk_text_iter_forward_chars (&after_end, 6);
  after = gtk_text_iter_get_slice (&end, &after_end);
  sentence = sentence_around (&start, &end);
  article_start = tz_article_get_start (self->article);

  draft = tz_metric_new ();
  tz_metric_set_text (draft, text);
  tz_metric_set_span (draft,
                      article_start + gtk_text_iter_get_offset (&start),
                      article_start + gtk_text_iter_get_offset (&end));
  tz_metric_set_sentence (draft, g_strstrip (sentence));
  tz_metric_set_region (draft, tz_article_get_region (self->article));
  tz_metric_set_year (draft, tz_article_get_year (self->article));
  tz_metric_set_article_id (draft, self->article_id);
  tz_metric_set_document_id (draft, self->document_id);
  guess_figure (draft, text, after);

  tz_metric_popover_set_ledger (self->popover, self->ledger);
  tz_metric_popover_add (self->popover, self->article_id, draft, article_region_code (self));
  open_popover_at (self, gtk_text_iter_get_offset (&start), gtk_text_iter_get_offset (&end));
}

static void
edit_metric_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);
  Figure *figure = figure_at_cursor (self);

  if (figure != NULL)
    edit_figure (self, figure);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  TzReportsView *self = user_data;
  g_autoptr(TzFilter) filter = NULL;

  if (!TZ_IS_DOCUMENT (item) || self->ledger == NULL)
    return NULL;

  filter = tz_filter_new ();
  tz_filter_set_document_id (filter, tz_document_get_id (TZ_DOCUMENT (item)));

  return G_LIST_MODEL (tz_article_list_new (self->ledger, filter));
}

static GListModel *
no_children_cb (gpointer item,
                gpointer user_data)
{
  return NULL;
}

static void
selection_changed_cb (TzReportsView *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  g_autoptr(GObject) item = NULL;

  /* Nothing selected (the list changed, or a search began): keep reading. */
  if (row == NULL)
    return;

  item = gtk_tree_list_row_get_item (row);
  if (TZ_IS_DOCUMENT (item))
    gtk_tree_list_row_set_expanded (row, TRUE);
  else if (TZ_IS_ARTICLE (item))
    {
      /* The user went elsewhere than show_metric() was heading. */
      if (tz_article_get_id (TZ_ARTICLE (item)) != self->pending_article_id)
        self->pending_article_id = self->pending_document_id = 0;
      select_article (self, row, TZ_ARTICLE (item));
    }
}

/* The selection would hide the new figure's colour. */
static void
popover_saved_cb (TzReportsView *self)
{
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter start, end;

  if (tz_metric_popover_get_adding (self->popover) &&
      gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    gtk_text_buffer_place_cursor (buffer, &start);
}

static void
pending_idle_cb (gpointer user_data)
{
  TzReportsView *self = user_data;

  self->pending_source = 0;
  try_select_pending (self);
}

/* Not at once: the selection model has yet to hear of the change. */
static void
tree_items_changed_cb (TzReportsView *self)
{
  if (self->pending_article_id != 0 && self->pending_source == 0)
    self->pending_source = g_idle_add_once (pending_idle_cb, self);
}

static void
search_list_changed_cb (TzReportsView *self)
{
  update_list_stack (self);
}

static void
search_changed_cb (TzReportsView *self)
{
  apply_search (self);
}

static void
stop_search_cb (TzReportsView *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  apply_search (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  TzReportsView *self = user_data;

  self->reload_source = 0;
  load_document (self);

  return G_SOURCE_REMOVE;
}

static void
ledger_changed_cb (TzReportsView *self)
{
  /* Several changes often arrive together (one per corrected field). */
  self->stale = TRUE;
  if (self->document_id != 0 && self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle_cb, self);
}

static void
buffer_changed_cb (TzReportsView *self)
{
  update_actions (self);
}

static void
mark_set_cb (TzReportsView *self,
             GtkTextIter   *location,
             GtkTextMark   *mark)
{
  if (mark == gtk_text_buffer_get_insert (get_buffer (self)))
    update_actions (self);
}

static void
click_idle_cb (gpointer user_data)
{
  TzReportsView *self = user_data;
  Figure *figure;

  self->click_source = 0;

  /* A drag selected text: that is for Add Figure, not a click. */
  if (gtk_text_buffer_get_has_selection (get_buffer (self)))
    return;

  figure = figure_at_point (self, self->press_x, self->press_y);
  if (figure != NULL)
    edit_figure (self, figure);
}

/* GtkTextView claims the pointer for selecting, which cancels any click
 * gesture of ours; raw events in the capture phase still come through. */
static gboolean
text_event_cb (TzReportsView            *self,
               GdkEvent                 *event,
               GtkEventControllerLegacy *controller)
{
  GdkEventType type = gdk_event_get_event_type (event);
  GtkNative *native;
  double x, y, nx, ny, wx, wy;

  if ((type != GDK_BUTTON_PRESS && type != GDK_BUTTON_RELEASE) ||
      gdk_button_event_get_button (event) != GDK_BUTTON_PRIMARY)
    return GDK_EVENT_PROPAGATE;

  native = gtk_widget_get_native (GTK_WIDGET (self->text_view));
  if (native == NULL || !gdk_event_get_position (event, &x, &y))
    return GDK_EVENT_PROPAGATE;

  gtk_native_get_surface_transform (native, &nx, &ny);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (native), GTK_WIDGET (self->text_view),
                                         x - nx, y - ny, &wx, &wy))
    return GDK_EVENT_PROPAGATE;

  if (type == GDK_BUTTON_PRESS)
    {
      self->pressed = TRUE;
      self->press_x = wx;
      self->press_y = wy;
    }
  else if (self->pressed)
    {
      self->pressed = FALSE;
      if (ABS (wx - self->press_x) < 4 && ABS (wy - self->press_y) < 4 && self->click_source == 0)
        self->click_source = g_idle_add_once (click_idle_cb, self);
    }

  return GDK_EVENT_PROPAGATE;
}

static void
text_motion_cb (TzReportsView *self,
                double         x,
                double         y)
{
  gboolean over = figure_at_point (self, x, y) != NULL;

  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->text_view), over ? "pointer" : "text");
}

static gboolean
query_tooltip_cb (TzReportsView *self,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip,
                  GtkWidget     *widget)
{
  Figure *figure = keyboard ? figure_at_cursor (self) : figure_at_point (self, x, y);
  g_autoptr(GString) str = NULL;
  g_autofree char *quantity = NULL;
  TzMetric *metric;
  TzDecimal value;

  if (figure == NULL)
    return FALSE;

  metric = figure->metric;
  tz_metric_get_value (metric, &value);
  quantity = tz_format_quantity (&value, tz_metric_get_unit (metric), TZ_NUMBER_STYLE_AUTO);

  str = g_string_new (NULL);
  g_string_append_printf (str, "%s: %s", tz_metric_popover_category_label (tz_metric_get_category (metric)), quantity);
  if (tz_metric_get_subject (metric) != NULL && *tz_metric_get_subject (metric) != '\0')
    g_string_append_printf (str, " · %s", tz_metric_get_subject (metric));
  if (tz_metric_get_region (metric) != NULL)
    g_string_append_printf (str, " · %s", tz_region_get_name (tz_metric_get_region (metric)));
  if (tz_metric_get_year (metric) > 0)
    g_string_append_printf (str, " · %d", tz_metric_get_year (metric));
  if (tz_metric_get_target (metric))
    g_string_append_printf (str, " · %s", _("goal"));
  g_string_append_c (str, '\n');
  g_string_append (str, _("Click to correct"));

  gtk_tooltip_set_text (tooltip, str->str);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* GtkWidget                                                           */
/* ------------------------------------------------------------------ */

static GtkSizeRequestMode
tz_reports_view_get_request_mode (GtkWidget *widget)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);

  return gtk_widget_get_request_mode (GTK_WIDGET (self->paned));
}

static void
tz_reports_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->paned), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

/* Not a layout manager: the popover is our child too and must be
 * presented whenever we are allocated. */
static void
tz_reports_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->paned), width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static gboolean
tz_reports_view_grab_focus (GtkWidget *widget)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);

  if (self->article != NULL)
    return gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
tz_reports_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  TzReportsView *self = TZ_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (tz_reports_view_parent_class)->css_changed (widget, change);
  if (self->text_view != NULL)
    update_tag_colors (self);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
drop_models (TzReportsView *self)
{
  gtk_single_selection_set_model (self->selection, NULL);
  if (self->tree != NULL)
    g_signal_handlers_disconnect_by_func (self->tree, tree_items_changed_cb, self);
  g_clear_object (&self->tree);
  g_clear_object (&self->search_tree);
  g_clear_object (&self->documents);
  g_clear_object (&self->search_articles);
}

static void
tz_reports_view_dispose (GObject *object)
{
  TzReportsView *self = (TzReportsView *)object;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  g_clear_handle_id (&self->click_source, g_source_remove);
  g_clear_handle_id (&self->pending_source, g_source_remove);
  stop_waiting (self);

  if (self->popover_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->text_view), self->popover_tick);
      self->popover_tick = 0;
    }

  if (self->popover != NULL)
    {
      /* GTK 4.8 can keep a popover alive that was closed and opened again
       * within one main loop iteration; it must not keep the ledger. */
      tz_metric_popover_set_ledger (self->popover, NULL);
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }

  if (self->selection != NULL)
    drop_models (self);
  g_clear_object (&self->selection);
  g_clear_signal_handler (&self->changed_id, self->ledger);
  g_clear_object (&self->ledger);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->article);
  g_clear_object (&self->document);
  if (self->figures != NULL && self->text_view != NULL)
    clear_figures (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TZ_TYPE_REPORTS_VIEW);

  G_OBJECT_CLASS (tz_reports_view_parent_class)->dispose (object);
}

static void
tz_reports_view_finalize (GObject *object)
{
  TzReportsView *self = (TzReportsView *)object;

  g_clear_pointer (&self->figures, g_array_unref);

  G_OBJECT_CLASS (tz_reports_view_parent_class)->finalize (object);
}

static void
tz_reports_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TzReportsView *self = TZ_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, tz_reports_view_get_ledger (self));
      break;

    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, tz_reports_view_get_document_id (self));
      break;

    case PROP_ARTICLE_ID:
      g_value_set_int64 (value, tz_reports_view_get_article_id (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, tz_reports_view_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_reports_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TzReportsView *self = TZ_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      tz_reports_view_set_ledger (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_reports_view_class_init (TzReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_reports_view_dispose;
  object_class->finalize = tz_reports_view_finalize;
  object_class->get_property = tz_reports_view_get_property;
  object_class->set_property = tz_reports_view_set_property;

  widget_class->get_request_mode = tz_reports_view_get_request_mode;
  widget_class->measure = tz_reports_view_measure;
  widget_class->size_allocate = tz_reports_view_size_allocate;
  widget_class->grab_focus = tz_reports_view_grab_focus;
  widget_class->css_changed = tz_reports_view_css_changed;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, TZ_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARTICLE_ID] =
    g_param_spec_int64 ("article-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "reports.add-metric", NULL, add_metric_action);
  gtk_widget_class_install_action (widget_class, "reports.edit-metric", NULL, edit_metric_action);

  /* From the keyboard: Enter opens the figure at the text cursor (the
   * list and the search entry take Enter first when they have the focus),
   * Ctrl+N adds the selected text as a new figure. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "reports.edit-metric", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "reports.edit-metric", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "reports.add-metric", NULL);

  /* The row type is named in the list's item template. */
  g_type_ensure (TZ_TYPE_REPORTS_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taizhang/Taizhang/ui/tz-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, paned);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, article_stack);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, hint_label);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, legend);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, add_button);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, text_view);
  gtk_widget_class_bind_template_child (widget_class, TzReportsView, text_menu);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, query_tooltip_cb);

  gtk_widget_class_set_css_name (widget_class, "tz-reports-view");
}

static void
tz_reports_view_init (TzReportsView *self)
{
  GtkTextBuffer *buffer;
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->figures = g_array_new (FALSE, TRUE, sizeof (Figure));
  g_array_set_clear_func (self->figures, figure_clear);
  self->search_filter = tz_filter_new ();

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  buffer = get_buffer (self);
  create_tags (self);
  update_tag_colors (self);
  g_signal_connect_object (buffer, "notify::has-selection",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set",
                           G_CALLBACK (mark_set_cb), self, G_CONNECT_SWAPPED);
  gtk_text_view_set_extra_menu (self->text_view, self->text_menu);

  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "event", G_CALLBACK (text_event_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (text_motion_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);

  self->popover = TZ_METRIC_POPOVER (tz_metric_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "saved", G_CALLBACK (popover_saved_cb), self, G_CONNECT_SWAPPED);

  update_actions (self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
tz_reports_view_new (void)
{
  return g_object_new (TZ_TYPE_REPORTS_VIEW, NULL);
}

/**
 * tz_reports_view_get_ledger:
 *
 * Returns: (transfer none) (nullable): the ledger shown
 */
TzLedger *
tz_reports_view_get_ledger (TzReportsView *self)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), NULL);
  return self->ledger;
}

void
tz_reports_view_set_ledger (TzReportsView *self,
                            TzLedger      *ledger)
{
  g_return_if_fail (TZ_IS_REPORTS_VIEW (self));
  g_return_if_fail (ledger == NULL || TZ_IS_LEDGER (ledger));

  if (self->ledger == ledger)
    return;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  stop_waiting (self);
  set_loading (self, FALSE);
  drop_models (self);
  g_clear_signal_handler (&self->changed_id, self->ledger);
  g_clear_object (&self->document);
  self->document_id = self->article_id = 0;
  self->pending_document_id = self->pending_article_id = 0;
  self->has_focus_target = FALSE;
  clear_article (self, NULL);

  g_set_object (&self->ledger, ledger);
  tz_metric_popover_set_ledger (self->popover, ledger);

  if (ledger != NULL)
    {
      self->changed_id = g_signal_connect_object (ledger, "changed",
                                                  G_CALLBACK (ledger_changed_cb), self,
                                                  G_CONNECT_SWAPPED);

      self->documents = tz_document_list_new (ledger);
      self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->documents)),
                                            FALSE, FALSE, create_children_cb, self, NULL);
      g_signal_connect_object (self->tree, "items-changed",
                               G_CALLBACK (tree_items_changed_cb), self, G_CONNECT_SWAPPED);

      self->search_articles = tz_article_list_new (ledger, self->search_filter);
      self->search_tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->search_articles)),
                                                   FALSE, FALSE, no_children_cb, NULL, NULL);
      g_signal_connect_object (self->search_articles, "notify::n-items",
                               G_CALLBACK (search_list_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->search_articles, "notify::loading",
                               G_CALLBACK (search_list_changed_cb), self, G_CONNECT_SWAPPED);

      gtk_single_selection_set_model (self->selection,
                                      G_LIST_MODEL (self->searching ? self->search_tree : self->tree));
    }

  update_list_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_ID]);
}

/**
 * tz_reports_view_show_metric:
 * @document_id: the figure's document
 * @article_id: the figure's article
 * @start: the figure's start, in code points into the document text
 * @end: its end
 *
 * Selects the article in the list (expanding its document), shows it, and
 * scrolls to the figure with a brief highlight.
 */
void
tz_reports_view_show_metric (TzReportsView *self,
                             gint64         document_id,
                             gint64         article_id,
                             guint          start,
                             guint          end)
{
  g_return_if_fail (TZ_IS_REPORTS_VIEW (self));
  g_return_if_fail (start <= end);

  if (self->ledger == NULL)
    return;

  if (self->searching)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      apply_search (self);
    }

  self->focus_article_id = article_id;
  self->focus_start = start;
  self->focus_end = end;
  self->has_focus_target = TRUE;

  self->pending_document_id = document_id;
  self->pending_article_id = article_id;
  show_article (self, document_id, article_id);
  try_select_pending (self);
}

void
tz_reports_view_focus_search (TzReportsView *self)
{
  g_return_if_fail (TZ_IS_REPORTS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The document of the article shown or being loaded, or 0. */
gint64
tz_reports_view_get_document_id (TzReportsView *self)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), 0);
  return self->document_id;
}

/* The article shown or being loaded, or 0. */
gint64
tz_reports_view_get_article_id (TzReportsView *self)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), 0);
  return self->article_id;
}

/* Whether the article's report is being read from the ledger. */
gboolean
tz_reports_view_get_loading (TzReportsView *self)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), FALSE);
  return self->loading;
}

/* Whether the list of reports has its first answer from the ledger. */
gboolean
tz_reports_view_get_listed (TzReportsView *self)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), FALSE);
  return self->documents != NULL && !tz_lazy_list_get_loading (TZ_LAZY_LIST (self->documents));
}

/**
 * tz_reports_view_edit_metric:
 * @metric_id: a figure of the article shown
 *
 * Opens the figure's record for correction, as clicking it does.
 *
 * Returns: %FALSE if the figure is not in the article shown
 */
gboolean
tz_reports_view_edit_metric (TzReportsView *self,
                             gint64         metric_id)
{
  g_return_val_if_fail (TZ_IS_REPORTS_VIEW (self), FALSE);

  for (guint i = 0; i < self->figures->len; i++)
    {
      Figure *figure = &g_array_index (self->figures, Figure, i);

      if (tz_metric_get_id (figure->metric) == metric_id)
        {
          edit_figure (self, figure);
          return TRUE;
        }
    }

  return FALSE;
}
