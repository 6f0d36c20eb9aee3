/* tz-ledger-view.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-ledger-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tz-format.h"
#include "tz-gazetteer.h"
#include "tz-ledger-view.h"
#include "tz-metric-list.h"
#include "tz-region.h"

/* The years the year pickers offer, after "Any year". */
#define FIRST_YEAR 2000
#define LAST_YEAR  2030

struct _TzLedgerView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkSearchEntry      *search_entry;
  GtkButton           *clear_button;
  GtkSpinner          *spinner;
  GtkLabel            *count_label;
  GtkDropDown         *province_dropdown;
  GtkDropDown         *city_dropdown;
  GtkDropDown         *county_dropdown;
  GtkDropDown         *year_from_dropdown;
  GtkDropDown         *year_to_dropdown;
  GtkDropDown         *category_dropdown;
  GtkStack            *content_stack;
  GtkColumnView       *column_view;
  GtkSingleSelection  *selection;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *subject_column;
  GtkColumnViewColumn *region_column;
  GtkColumnViewColumn *year_column;
  GtkLabel            *empty_title;
  GtkLabel            *empty_description;
  GtkWidget           *empty_clear_button;

  /* Owned references */
  TzLedger            *ledger;
  TzFilter            *filter;
  TzMetricList        *list;
  GtkStringList       *province_names;
  GtkStringList       *city_names;
  GtkStringList       *county_names;
  GArray              *province_ids;   /* guint division ids, [0] "All" */
  GArray              *city_ids;
  GArray              *county_ids;

  TzSortKey            probed_key;
  guint                updating : 1;   /* controls follow the filter */
  guint                probing : 1;
  guint                has_results : 1;
};

G_DEFINE_FINAL_TYPE (TzLedgerView, tz_ledger_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_FILTER,
  N_PROPS
};

enum {
  SHOW_METRIC,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What a sortable column asks the ledger for. */
typedef struct
{
  TzLedgerView *self;
  TzSortKey     key;
} ColumnSort;

/* ------------------------------------------------------------------ */
/* Region pickers                                                      */
/* ------------------------------------------------------------------ */

/* Fills @names and @ids with "All …" and the divisions under @parent;
 * NONE leaves only "All …". */
static void
fill_divisions (GtkStringList *names,
                GArray        *ids,
                const char    *all,
                guint          parent,
                gboolean       with_nation)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  g_autoptr(GPtrArray) strings = g_ptr_array_new ();
  g_autoptr(GArray) children = NULL;
  guint none = TZ_DIVISION_NONE;
  guint nation = TZ_DIVISION_NATION;

  g_array_set_size (ids, 0);
  g_array_append_val (ids, none);
  g_ptr_array_add (strings, (gpointer)all);

  if (with_nation)
    {
      /* Figures about the whole country, not "any region". */
      g_array_append_val (ids, nation);
      g_ptr_array_add (strings, (gpointer)_("全国 (national)"));
    }

  if (parent != TZ_DIVISION_NONE)
    {
      children = tz_gazetteer_list_children (gazetteer, parent);
      for (guint i = 0; i < children->len; i++)
        {
          guint id = g_array_index (children, guint, i);

          g_array_append_val (ids, id);
          g_ptr_array_add (strings, (gpointer)tz_gazetteer_get_name (gazetteer, id));
        }
    }
  g_ptr_array_add (strings, NULL);

  gtk_string_list_splice (names, 0, g_list_model_get_n_items (G_LIST_MODEL (names)),
                          (const char * const *)strings->pdata);
}

static guint
selected_division (GtkDropDown *dropdown,
                   GArray      *ids)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (position == GTK_INVALID_LIST_POSITION || position >= ids->len)
    return TZ_DIVISION_NONE;
  return g_array_index (ids, guint, position);
}

static void
select_division (GtkDropDown *dropdown,
                 GArray      *ids,
                 guint        id)
{
  guint position = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, guint, i) == id)
        {
          position = i;
          break;
        }
    }
  gtk_drop_down_set_selected (dropdown, position);
}

/* Lists the cities of the chosen province and the counties of the chosen
 * city; a picker with nothing to offer is insensitive. */
static void
fill_cities (TzLedgerView *self)
{
  guint province = selected_division (self->province_dropdown, self->province_ids);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (province == TZ_DIVISION_NATION)
    province = TZ_DIVISION_NONE;
  fill_divisions (self->city_names, self->city_ids, _("All cities"), province, FALSE);
  gtk_drop_down_set_selected (self->city_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->city_dropdown), self->city_ids->len > 1);
}

static void
fill_counties (TzLedgerView *self)
{
  guint city = selected_division (self->city_dropdown, self->city_ids);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  fill_divisions (self->county_names, self->county_ids, _("All counties"), city, FALSE);
  gtk_drop_down_set_selected (self->county_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->county_dropdown), self->county_ids->len > 1);
}

/* The deepest division chosen in the three pickers. */
static guint
chosen_division (TzLedgerView *self)
{
  guint id;

  g_assert (TZ_IS_LEDGER_VIEW (self));

  if ((id = selected_division (self->county_dropdown, self->county_ids)) != TZ_DIVISION_NONE)
    return id;
  if ((id = selected_division (self->city_dropdown, self->city_ids)) != TZ_DIVISION_NONE)
    return id;
  return selected_division (self->province_dropdown, self->province_ids);
}

static void
apply_region (TzLedgerView *self)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id = chosen_division (self);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  self->updating = TRUE;
  tz_filter_set_region_code (self->filter,
                             id != TZ_DIVISION_NONE ? tz_gazetteer_get_code (gazetteer, id) : NULL);
  self->updating = FALSE;
}

/* Points the pickers at @code: its province, the child of that province
 * it lies in, and itself if it is below that. */
static void
show_region (TzLedgerView *self,
             const char   *code)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  guint id = tz_gazetteer_lookup_code (gazetteer, code);
  guint province = TZ_DIVISION_NONE;
  guint city = TZ_DIVISION_NONE;
  guint county = TZ_DIVISION_NONE;

  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (id == TZ_DIVISION_NATION)
    province = TZ_DIVISION_NATION;
  else if (id != TZ_DIVISION_NONE)
    {
      g_autoptr(GArray) path = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint p = id; p != TZ_DIVISION_NONE && p != TZ_DIVISION_NATION;
           p = tz_gazetteer_get_parent (gazetteer, p))
        g_array_prepend_val (path, p);

      province = path->len > 0 ? g_array_index (path, guint, 0) : TZ_DIVISION_NONE;
      city = path->len > 1 ? g_array_index (path, guint, 1) : TZ_DIVISION_NONE;
      county = path->len > 2 ? g_array_index (path, guint, 2) : TZ_DIVISION_NONE;
    }

  if (selected_division (self->province_dropdown, self->province_ids) != province)
    {
      select_division (self->province_dropdown, self->province_ids, province);
      fill_cities (self);
    }
  if (selected_division (self->city_dropdown, self->city_ids) != city)
    {
      select_division (self->city_dropdown, self->city_ids, city);
      fill_counties (self);
    }
  select_division (self->county_dropdown, self->county_ids, county);
}

/* ------------------------------------------------------------------ */
/* Filter and status                                                   */
/* ------------------------------------------------------------------ */

static guint
year_position (int year)
{
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return 0;
  return year - FIRST_YEAR + 1;
}

static int
position_year (guint position)
{
  if (position == 0 || position == GTK_INVALID_LIST_POSITION)
    return 0;
  return FIRST_YEAR + (int)position - 1;
}

/* Puts the filter's fields into the controls, when something other than
 * the controls changed it (Clear Filters, the window). */
static void
show_filter (TzLedgerView *self)
{
  int category = tz_filter_get_category (self->filter);
  const char *subject = tz_filter_get_subject (self->filter);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  self->updating = TRUE;

  show_region (self, tz_filter_get_region_code (self->filter));
  gtk_drop_down_set_selected (self->year_from_dropdown, year_position (tz_filter_get_year_from (self->filter)));
  gtk_drop_down_set_selected (self->year_to_dropdown, year_position (tz_filter_get_year_to (self->filter)));
  gtk_drop_down_set_selected (self->category_dropdown,
                              category == TZ_FILTER_ANY_CATEGORY ? 0 : (guint)category + 1);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), subject ? subject : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), subject ? subject : "");

  self->updating = FALSE;
}

static void
update_status (TzLedgerView *self)
{
  guint n = self->list != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->list)) : 0;
  gboolean loading = self->list != NULL && tz_lazy_list_get_loading (TZ_LAZY_LIST (self->list));
  gboolean filtered = !tz_filter_is_empty (self->filter);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "ledger.clear-filters", filtered);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), filtered);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_spinner_set_spinning (self->spinner, loading);

  if (self->has_results)
    {
      g_autofree char *number = tz_format_number (n, TZ_NUMBER_STYLE_GROUPED);
      g_autofree char *text = g_strdup_printf (ngettext ("%s figure", "%s figures", n), number);

      gtk_label_set_label (self->count_label, text);
    }
  else
    gtk_label_set_label (self->count_label, "");

  /* Keep the old rows on screen while a new query runs. */
  if (self->has_results && !loading && n == 0)
    {
      if (filtered)
        {
          gtk_label_set_label (self->empty_title, _("No figures match these filters"));
          gtk_label_set_label (self->empty_description, _("Try another region, year or category, or fewer words."));
        }
      else
        {
          gtk_label_set_label (self->empty_title, _("No figures yet"));
          gtk_label_set_label (self->empty_description, _("Import reports and their figures are listed here."));
        }
      gtk_widget_set_visible (self->empty_clear_button, filtered);
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
    }
  else
    gtk_stack_set_visible_child_name (self->content_stack, "table");
}

static void
clear_filters (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  /* One query, not one per field. */
  g_object_freeze_notify (G_OBJECT (self->filter));
  tz_filter_set_region_code (self->filter, NULL);
  tz_filter_set_year_from (self->filter, 0);
  tz_filter_set_year_to (self->filter, 0);
  tz_filter_set_category (self->filter, TZ_FILTER_ANY_CATEGORY);
  tz_filter_set_unit (self->filter, NULL);
  tz_filter_set_subject (self->filter, NULL);
  tz_filter_set_search (self->filter, NULL);
  tz_filter_set_document_id (self->filter, 0);
  tz_filter_set_article_id (self->filter, 0);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

/* ------------------------------------------------------------------ */
/* Sorting                                                             */
/* ------------------------------------------------------------------ */

static int
compare_strings (const char *a,
                 const char *b)
{
  if (a == NULL || b == NULL)
    return (a != NULL) - (b != NULL);
  return g_utf8_collate (a, b);
}

/* The ledger sorts; these sorters only make headers clickable and tell
 * which column is primary (see sorter_changed_cb).  Should anything ever
 * sort with them, they still order metrics sensibly. */
static int
column_compare (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  ColumnSort *sort = user_data;
  TzMetric *ma, *mb;

  if (sort->self->probing)
    {
      sort->self->probed_key = sort->key;
      return -1;
    }

  if (!TZ_IS_METRIC ((gpointer)a) || !TZ_IS_METRIC ((gpointer)b))
    return 0;
  ma = TZ_METRIC ((gpointer)a);
  mb = TZ_METRIC ((gpointer)b);

  switch (sort->key)
    {
    case TZ_SORT_VALUE:
      {
        double va = tz_metric_get_value_double (ma);
        double vb = tz_metric_get_value_double (mb);

        return (va > vb) - (va < vb);
      }

    case TZ_SORT_SUBJECT:
      return compare_strings (tz_metric_get_subject (ma), tz_metric_get_subject (mb));

    case TZ_SORT_REGION:
      return compare_strings (tz_metric_get_region (ma) ? tz_region_get_code (tz_metric_get_region (ma)) : NULL,
                              tz_metric_get_region (mb) ? tz_region_get_code (tz_metric_get_region (mb)) : NULL);

    case TZ_SORT_YEAR:
      return tz_metric_get_year (ma) - tz_metric_get_year (mb);

    case TZ_SORT_TEXT_ORDER:
    case TZ_SORT_UNIT:
    case TZ_SORT_DOCUMENT:
    default:
      return 0;
    }
}

static void
add_sorter (TzLedgerView        *self,
            GtkColumnViewColumn *column,
            TzSortKey            key)
{
  g_autoptr(GtkCustomSorter) sorter = NULL;
  ColumnSort *sort = g_new0 (ColumnSort, 1);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  sort->self = self;
  sort->key = key;
  sorter = gtk_custom_sorter_new (column_compare, sort, g_free);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static void
province_selected_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  self->updating = TRUE;
  fill_cities (self);
  fill_counties (self);
  self->updating = FALSE;
  apply_region (self);
}

static void
city_selected_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  self->updating = TRUE;
  fill_counties (self);
  self->updating = FALSE;
  apply_region (self);
}

static void
county_selected_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  apply_region (self);
}

static void
year_selected_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  self->updating = TRUE;
  g_object_freeze_notify (G_OBJECT (self->filter));
  tz_filter_set_year_from (self->filter, position_year (gtk_drop_down_get_selected (self->year_from_dropdown)));
  tz_filter_set_year_to (self->filter, position_year (gtk_drop_down_get_selected (self->year_to_dropdown)));
  g_object_thaw_notify (G_OBJECT (self->filter));
  self->updating = FALSE;
}

static void
category_selected_cb (TzLedgerView *self)
{
  guint position = gtk_drop_down_get_selected (self->category_dropdown);

  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  /* The list is "Any" followed by TzCategory in order. */
  self->updating = TRUE;
  tz_filter_set_category (self->filter,
                          position == 0 || position == GTK_INVALID_LIST_POSITION
                            ? TZ_FILTER_ANY_CATEGORY : (int)position - 1);
  self->updating = FALSE;
}

static void
search_changed_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->updating)
    return;

  self->updating = TRUE;
  tz_filter_set_subject (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  self->updating = FALSE;
}

static void
stop_search_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
filter_notify_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (!self->updating)
    show_filter (self);
  update_status (self);
}

static void
list_loading_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (!tz_lazy_list_get_loading (TZ_LAZY_LIST (self->list)))
    self->has_results = TRUE;
  update_status (self);
}

static void
list_n_items_cb (TzLedgerView *self)
{
  g_assert (TZ_IS_LEDGER_VIEW (self));

  update_status (self);
}

/* GTK 4.8 cannot tell which column is the primary sort column
 * (gtk_column_view_sorter_get_primary_sort_column is 4.10).  The column
 * view's sorter asks its columns in order and stops at the first that
 * tells two items apart, inverting it when descending; so we compare once
 * with every column sorter answering "smaller" and see who answered. */
static void
sorter_changed_cb (TzLedgerView    *self,
                   GtkSorterChange  change,
                   GtkSorter       *sorter)
{
  GtkOrdering order;

  g_assert (TZ_IS_LEDGER_VIEW (self));

  self->probing = TRUE;
  self->probed_key = TZ_SORT_TEXT_ORDER;
  /* Two different objects: a sorter calls nothing for an item and itself. */
  order = gtk_sorter_compare (sorter, self, self->filter);
  self->probing = FALSE;

  g_object_freeze_notify (G_OBJECT (self->filter));
  tz_filter_set_sort_key (self->filter, order == GTK_ORDERING_EQUAL ? TZ_SORT_TEXT_ORDER : self->probed_key);
  tz_filter_set_descending (self->filter, order == GTK_ORDERING_LARGER);
  g_object_thaw_notify (G_OBJECT (self->filter));
}

static void
column_view_activate_cb (TzLedgerView *self,
                         guint         position)
{
  g_autoptr(TzMetric) metric = NULL;

  g_assert (TZ_IS_LEDGER_VIEW (self));

  if (self->list == NULL)
    return;

  metric = g_list_model_get_item (G_LIST_MODEL (self->list), position);

  /* A row whose page has not arrived yet has nothing to show. */
  if (metric == NULL || tz_metric_get_text (metric) == NULL)
    return;

  g_signal_emit (self, signals[SHOW_METRIC], 0, metric);
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  clear_filters (TZ_LEDGER_VIEW (widget));
}

/* Cell closures for the .ui factories; "this" is the GtkListItem. */

static char *
value_text_cb (GtkListItem *item,
               TzMetric    *metric,
               const char  *text,
               const char  *value_text,
               const char  *unit)
{
  TzDecimal value;

  if (metric == NULL || text == NULL)
    return NULL;

  /* The figures come from Chinese reports and are read in 万 and 亿,
   * as they were written, whatever the interface language. */
  tz_metric_get_value (metric, &value);
  return tz_format_quantity (&value, unit, TZ_NUMBER_STYLE_CHINESE);
}

static char *
approx_text_cb (GtkListItem *item,
                TzApprox     approx)
{
  switch (approx)
    {
    case TZ_APPROX_MORE_THAN:
      return g_strdup (">");
    case TZ_APPROX_ABOUT:
      return g_strdup ("≈");
    case TZ_APPROX_LESS_THAN:
      return g_strdup ("<");
    case TZ_APPROX_AT_LEAST:
      return g_strdup ("≥");
    case TZ_APPROX_EXACT:
    default:
      return NULL;
    }
}

/* Cell tooltips are computed when asked for: setting a tooltip text asks
 * the X server where the pointer is, a round trip for every cell of every
 * row the view fills in (half a second for the first page). */
static gboolean
approx_query_tooltip_cb (GtkWidget   *widget,
                         int          x,
                         int          y,
                         gboolean     keyboard,
                         GtkTooltip  *tooltip,
                         GtkListItem *item)
{
  TzMetric *metric = gtk_list_item_get_item (item);
  const char *text = NULL;

  if (metric == NULL)
    return FALSE;

  switch (tz_metric_get_approx (metric))
    {
    case TZ_APPROX_MORE_THAN:
      text = _("More than");
      break;
    case TZ_APPROX_ABOUT:
      text = _("About");
      break;
    case TZ_APPROX_LESS_THAN:
      text = _("Less than");
      break;
    case TZ_APPROX_AT_LEAST:
      text = _("At least");
      break;
    case TZ_APPROX_EXACT:
    default:
      return FALSE;
    }

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* The whole text of an ellipsized cell. */
static gboolean
inscription_query_tooltip_cb (GtkInscription *inscription,
                              int             x,
                              int             y,
                              gboolean        keyboard,
                              GtkTooltip     *tooltip)
{
  const char *text = gtk_inscription_get_text (inscription);

  if (text == NULL || *text == '\0')
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static char *
region_name_cb (GtkListItem *item,
                TzRegion    *region)
{
  return region != NULL ? g_strdup (tz_region_get_name (region)) : NULL;
}

static gboolean
region_query_tooltip_cb (GtkWidget   *widget,
                         int          x,
                         int          y,
                         gboolean     keyboard,
                         GtkTooltip  *tooltip,
                         GtkListItem *item)
{
  TzMetric *metric = gtk_list_item_get_item (item);
  TzRegion *region = metric != NULL ? tz_metric_get_region (metric) : NULL;
  g_autofree char *path = NULL;

  if (region == NULL)
    return FALSE;

  path = tz_region_dup_display_path (region);
  gtk_tooltip_set_text (tooltip, path);
  return TRUE;
}

static char *
year_text_cb (GtkListItem *item,
              int          year,
              const char  *text)
{
  if (text == NULL)
    return NULL;
  if (year <= 0)
    return g_strdup ("—");
  return g_strdup_printf ("%d", year);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_ledger_view_dispose (GObject *object)
{
  TzLedgerView *self = TZ_LEDGER_VIEW (object);
  GtkWidget *child;

  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  /* Removing the columns changes the sorter; the filter need not know. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), TZ_TYPE_LEDGER_VIEW);
  /* The bar and the separator have no id, so the template leaves them. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->list);
  g_clear_object (&self->ledger);
  g_clear_object (&self->filter);
  g_clear_object (&self->province_names);
  g_clear_object (&self->city_names);
  g_clear_object (&self->county_names);

  G_OBJECT_CLASS (tz_ledger_view_parent_class)->dispose (object);
}

static void
tz_ledger_view_finalize (GObject *object)
{
  TzLedgerView *self = TZ_LEDGER_VIEW (object);

  g_clear_pointer (&self->province_ids, g_array_unref);
  g_clear_pointer (&self->city_ids, g_array_unref);
  g_clear_pointer (&self->county_ids, g_array_unref);

  G_OBJECT_CLASS (tz_ledger_view_parent_class)->finalize (object);
}

static void
tz_ledger_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TzLedgerView *self = TZ_LEDGER_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, tz_ledger_view_get_ledger (self));
      break;

    case PROP_FILTER:
      g_value_set_object (value, tz_ledger_view_get_filter (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_ledger_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TzLedgerView *self = TZ_LEDGER_VIEW (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      tz_ledger_view_set_ledger (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The list is made when the view is first shown: while the window opens
 * on another view, that view's first page comes first. */
static void
ensure_list (TzLedgerView *self)
{
  if (self->list != NULL || self->ledger == NULL)
    return;

  self->list = tz_metric_list_new (self->ledger, self->filter);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (list_loading_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::n-items", G_CALLBACK (list_n_items_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->list));
  update_status (self);
}

/**
 * tz_ledger_view_load:
 *
 * Makes the list now, though the view is hidden: the window does so once
 * the view it opened on has drawn its first page.
 */
void
tz_ledger_view_load (TzLedgerView *self)
{
  g_return_if_fail (TZ_IS_LEDGER_VIEW (self));

  ensure_list (self);
}

/**
 * tz_ledger_view_get_listed:
 *
 * Returns: whether the list has its first answer from the ledger
 */
gboolean
tz_ledger_view_get_listed (TzLedgerView *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER_VIEW (self), FALSE);

  return self->list != NULL && !tz_lazy_list_get_loading (TZ_LAZY_LIST (self->list));
}

static void
tz_ledger_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tz_ledger_view_parent_class)->map (widget);
  ensure_list (TZ_LEDGER_VIEW (widget));
}

static void
tz_ledger_view_class_init (TzLedgerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_ledger_view_dispose;
  object_class->finalize = tz_ledger_view_finalize;
  object_class->get_property = tz_ledger_view_get_property;
  object_class->set_property = tz_ledger_view_set_property;

  widget_class->map = tz_ledger_view_map;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, TZ_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, TZ_TYPE_FILTER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzLedgerView::show-metric:
   * @metric: the activated figure
   *
   * A row was activated: the window shows the figure in its report.
   */
  signals[SHOW_METRIC] =
    g_signal_new ("show-metric",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, TZ_TYPE_METRIC);

  /* The cell templates look these types up by name. */
  g_type_ensure (TZ_TYPE_METRIC);
  g_type_ensure (TZ_TYPE_REGION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taizhang/Taizhang/ui/tz-ledger-view.ui");
  gtk_widget_class_set_css_name (widget_class, "tzledgerview");

  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, count_label);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, province_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, city_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, county_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, year_from_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, year_to_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, selection);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, value_column);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, subject_column);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, region_column);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, year_column);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, empty_title);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, empty_description);
  gtk_widget_class_bind_template_child (widget_class, TzLedgerView, empty_clear_button);

  gtk_widget_class_bind_template_callback (widget_class, province_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, city_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, county_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, value_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, approx_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, approx_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, inscription_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_name_cb);
  gtk_widget_class_bind_template_callback (widget_class, region_query_tooltip_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_text_cb);

  gtk_widget_class_install_action (widget_class, "ledger.clear-filters", NULL, clear_filters_action);
}

static void
tz_ledger_view_init (TzLedgerView *self)
{
  g_autoptr(GtkStringList) years = gtk_string_list_new (NULL);

  self->updating = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = tz_filter_new ();
  g_signal_connect_object (self->filter, "notify", G_CALLBACK (filter_notify_cb), self, G_CONNECT_SWAPPED);

  self->province_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  self->city_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  self->county_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  self->province_names = gtk_string_list_new (NULL);
  self->city_names = gtk_string_list_new (NULL);
  self->county_names = gtk_string_list_new (NULL);

  fill_divisions (self->province_names, self->province_ids, _("All provinces"), TZ_DIVISION_NATION, TRUE);
  gtk_drop_down_set_model (self->province_dropdown, G_LIST_MODEL (self->province_names));
  gtk_drop_down_set_model (self->city_dropdown, G_LIST_MODEL (self->city_names));
  gtk_drop_down_set_model (self->county_dropdown, G_LIST_MODEL (self->county_names));
  fill_cities (self);
  fill_counties (self);

  gtk_string_list_append (years, _("Any year"));
  for (int year = FIRST_YEAR; year <= LAST_YEAR; year++)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%d", year);
      gtk_string_list_append (years, text);
    }
  gtk_drop_down_set_model (self->year_from_dropdown, G_LIST_MODEL (years));
  gtk_drop_down_set_model (self->year_to_dropdown, G_LIST_MODEL (years));

  add_sorter (self, self->value_column, TZ_SORT_VALUE);
  add_sorter (self, self->subject_column, TZ_SORT_SUBJECT);
  add_sorter (self, self->region_column, TZ_SORT_REGION);
  add_sorter (self, self->year_column, TZ_SORT_YEAR);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);

  self->updating = FALSE;

  show_filter (self);
  update_status (self);
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
tz_ledger_view_new (void)
{
  return g_object_new (TZ_TYPE_LEDGER_VIEW, NULL);
}

/**
 * tz_ledger_view_get_ledger:
 *
 * Returns: (transfer none) (nullable): the ledger shown
 */
TzLedger *
tz_ledger_view_get_ledger (TzLedgerView *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER_VIEW (self), NULL);

  return self->ledger;
}

void
tz_ledger_view_set_ledger (TzLedgerView *self,
                           TzLedger     *ledger)
{
  g_return_if_fail (TZ_IS_LEDGER_VIEW (self));
  g_return_if_fail (ledger == NULL || TZ_IS_LEDGER (ledger));

  if (self->ledger == ledger)
    return;

  /* Queries of the old list may still come back; they are not ours. */
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->list);
  g_set_object (&self->ledger, ledger);
  self->has_results = FALSE;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ensure_list (self);

  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
}

/**
 * tz_ledger_view_get_filter:
 *
 * The view's filter: what its controls set and its list shows. Change it
 * to change the view; the window exports with it.
 *
 * Returns: (transfer none): the filter
 */
TzFilter *
tz_ledger_view_get_filter (TzLedgerView *self)
{
  g_return_val_if_fail (TZ_IS_LEDGER_VIEW (self), NULL);

  return self->filter;
}

void
tz_ledger_view_focus_search (TzLedgerView *self)
{
  g_return_if_fail (TZ_IS_LEDGER_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
