/* tz-metric-popover.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-metric-popover"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tz-gazetteer.h"
#include "tz-metric-popover.h"
#include "tz-metric-scanner.h"
#include "tz-region.h"
#include "tz-store.h"

typedef struct
{
  TzField  field;
  char    *value;
} Change;

struct _TzMetricPopover
{
  GtkPopover    parent_instance;

  TzLedger     *ledger;
  TzMetric     *metric;       /* the record shown, or the draft of a new one */
  GArray       *changes;      /* Change, still to send, in order */
  gint64        article_id;   /* where a new figure goes */
  guint         context;      /* settles shared region names */
  guint         region_id;    /* what the region entry says, if known */

  /* Template widgets */
  GtkLabel     *heading;
  GtkLabel     *details;
  GtkEntry     *value_entry;
  GtkEntry     *unit_entry;
  GtkDropDown  *approx_drop_down;
  GtkEntry     *subject_entry;
  GtkEntry     *region_entry;
  GtkLabel     *region_path_label;
  GtkEntry     *year_entry;
  GtkSwitch    *target_switch;
  GtkLabel     *sentence_label;
  GtkLabel     *error_label;
  GtkButton    *not_metric_button;
  GtkButton    *restore_button;
  GtkButton    *save_button;

  guint         adding : 1;
  guint         busy : 1;
  guint         filling : 1;
  guint         region_ok : 1;
};

G_DEFINE_FINAL_TYPE (TzMetricPopover, tz_metric_popover, GTK_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_LEDGER,
  PROP_METRIC,
  PROP_ADDING,
  PROP_BUSY,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->value, g_free);
}

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static void
update_buttons (TzMetricPopover *self)
{
  gboolean ready = !self->busy && self->metric != NULL &&
                   self->ledger != NULL && !tz_ledger_is_read_only (self->ledger);

  if (self->save_button == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->not_metric_button), ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button),
                            ready && tz_metric_get_corrected (self->metric));
}

static void
set_busy (TzMetricPopover *self,
          gboolean         busy)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (TzMetricPopover *self,
            const char      *message)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static const char *
region_code_of (TzRegion *region)
{
  return region != NULL ? tz_region_get_code (region) : "";
}

/* A code ("320613") or a name ("崇川区", "崇川"); NONE when unknown. */
static guint
resolve_region (const char *text,
                guint       context)
{
  TzGazetteer *gazetteer = tz_gazetteer_get_default ();
  gboolean digits = *text != '\0';

  for (const char *p = text; *p != '\0'; p++)
    digits = digits && g_ascii_isdigit (*p);

  if (digits)
    return tz_gazetteer_lookup_code (gazetteer, text);

  return tz_gazetteer_lookup_name (gazetteer, text, context);
}

static void
update_region_path (TzMetricPopover *self)
{
  GtkWidget *label = GTK_WIDGET (self->region_path_label);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->region_entry));

  g_assert (TZ_IS_METRIC_POPOVER (self));

  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->region_entry), "error");
  gtk_widget_add_css_class (label, "dim-label");

  if (*text == '\0')
    {
      self->region_ok = TRUE;
      gtk_label_set_text (self->region_path_label, _("No region"));
    }
  else if (self->region_id != TZ_DIVISION_NONE)
    {
      TzGazetteer *gazetteer = tz_gazetteer_get_default ();
      g_autoptr(TzRegion) region = tz_gazetteer_create_region (gazetteer, self->region_id);
      g_autofree char *path = tz_region_dup_display_path (region);
      g_autofree char *markup = g_strdup_printf ("%s (%s)", path, tz_region_get_code (region));

      self->region_ok = TRUE;
      gtk_label_set_text (self->region_path_label, markup);
    }
  else
    {
      self->region_ok = FALSE;
      gtk_label_set_text (self->region_path_label,
                          _("Unknown or ambiguous: write the full name, such as 南京市鼓楼区, or its code"));
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->region_entry), "error");
    }
}

static char *
describe (TzMetricPopover *self)
{
  const char *category = tz_metric_popover_category_label (tz_metric_get_category (self->metric));

  if (self->ledger != NULL && tz_ledger_is_read_only (self->ledger))
    return g_strdup_printf (_("%s · the ledger is read-only"), category);
  if (self->adding)
    return g_strdup (_("A figure the extractor missed"));
  if (tz_metric_get_user_added (self->metric))
    return g_strdup_printf (_("%s · added by you"), category);
  if (tz_metric_get_corrected (self->metric))
    return g_strdup_printf (_("%s · corrected"), category);

  return g_strdup_printf (_("%s · as extracted"), category);
}

/* Puts the record into the fields. */
static void
fill (TzMetricPopover *self)
{
  TzMetric *metric = self->metric;
  TzDecimal value;
  g_autofree char *value_text = NULL;
  g_autofree char *details = NULL;
  g_autofree char *year = NULL;
  TzRegion *region;

  g_assert (TZ_IS_METRIC_POPOVER (self));
  g_assert (TZ_IS_METRIC (metric));

  self->filling = TRUE;

  tz_metric_get_value (metric, &value);
  value_text = tz_metric_get_unit (metric) != NULL || value.digits != 0
             ? tz_decimal_to_string (&value) : g_strdup ("");
  if (tz_metric_get_year (metric) > 0)
    year = g_strdup_printf ("%d", tz_metric_get_year (metric));
  region = tz_metric_get_region (metric);
  details = describe (self);
  if (tz_metric_get_page (metric) > 0)
    {
      /* Translators: the figure's details, then the PDF page it is on */
      char *paged = g_strdup_printf (_("%s · p. %d"), details, tz_metric_get_page (metric));

      g_free (details);
      details = paged;
    }

  gtk_label_set_text (self->heading, tz_metric_get_text (metric));
  gtk_label_set_text (self->details, details);
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry), value_text);
  gtk_editable_set_text (GTK_EDITABLE (self->unit_entry), tz_metric_get_unit (metric) ?: "");
  gtk_drop_down_set_selected (self->approx_drop_down, tz_metric_get_approx (metric));
  gtk_editable_set_text (GTK_EDITABLE (self->subject_entry), tz_metric_get_subject (metric) ?: "");
  gtk_editable_set_text (GTK_EDITABLE (self->region_entry), region != NULL ? tz_region_get_name (region) : "");
  gtk_editable_set_text (GTK_EDITABLE (self->year_entry), year ?: "");
  gtk_switch_set_active (self->target_switch, tz_metric_get_target (metric));
  gtk_label_set_text (self->sentence_label, tz_metric_get_sentence (metric) ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->sentence_label),
                          tz_metric_get_sentence (metric) != NULL && *tz_metric_get_sentence (metric) != '\0');

  /* Names can be shared (鼓楼区): keep the record's own division until the
   * user types another. */
  self->region_id = region != NULL
                  ? tz_gazetteer_lookup_code (tz_gazetteer_get_default (), tz_region_get_code (region))
                  : TZ_DIVISION_NONE;
  update_region_path (self);

  gtk_button_set_label (self->save_button, self->adding ? _("_Add Figure") : _("_Save"));
  gtk_widget_set_visible (GTK_WIDGET (self->not_metric_button), !self->adding);
  gtk_widget_set_visible (GTK_WIDGET (self->restore_button), !self->adding);

  show_error (self, NULL);
  g_array_set_size (self->changes, 0);
  self->busy = FALSE;
  update_buttons (self);
  self->filling = FALSE;
}

static char *
entry_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
add_change (TzMetricPopover *self,
            TzField          field,
            const char      *old_value,
            const char      *new_value)
{
  Change change;

  if (g_strcmp0 (old_value ?: "", new_value ?: "") == 0)
    return;

  change.field = field;
  change.value = g_strdup (new_value);
  g_array_append_val (self->changes, change);
}

static void
finish_saved (TzMetricPopover *self)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  set_busy (self, FALSE);
  g_signal_emit (self, signals[SAVED], 0);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
finish_failed (TzMetricPopover *self,
               const GError    *error)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  g_array_set_size (self->changes, 0);
  set_busy (self, FALSE);
  show_error (self, error->message);
}

static void send_next_change (TzMetricPopover *self);

static void
corrected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TzMetricPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tz_ledger_correct_metric_finish (TZ_LEDGER (object), result, &error))
    finish_failed (self, error);
  else
    send_next_change (self);
}

/* One field at a time, so that a value the ledger refuses stops the rest
 * and the user sees which. */
static void
send_next_change (TzMetricPopover *self)
{
  Change change;

  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (self->changes->len == 0)
    {
      finish_saved (self);
      return;
    }

  change = g_array_index (self->changes, Change, 0);
  g_array_index (self->changes, Change, 0).value = NULL;
  g_array_remove_index (self->changes, 0);

  tz_ledger_correct_metric_async (self->ledger, tz_metric_get_id (self->metric),
                                  change.field, change.value, NULL,
                                  corrected_cb, g_object_ref (self));
  g_free (change.value);
}

static void
added_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TzMetricPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (tz_ledger_add_user_metric_finish (TZ_LEDGER (object), result, &error) == 0)
    finish_failed (self, error);
  else
    finish_saved (self);
}

static void
save_new (TzMetricPopover *self)
{
  g_autoptr(TzMetric) metric = tz_metric_new ();
  g_autofree char *value_text = entry_text (self->value_entry);
  g_autofree char *unit = entry_text (self->unit_entry);
  g_autofree char *subject = entry_text (self->subject_entry);
  g_autofree char *year_text = entry_text (self->year_entry);
  TzMetric *draft = self->metric;
  TzDecimal value;
  guint64 year = 0;

  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (!tz_decimal_parse (value_text, &value))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” is not a number. Write it with digits, such as 1500 or 3.6."), value_text);
      show_error (self, message);
      return;
    }
  if (*year_text != '\0' &&
      !g_ascii_string_to_unsigned (year_text, 10, 1900, 2100, &year, NULL))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a year between 1900 and 2100."), year_text);
      show_error (self, message);
      return;
    }

  tz_metric_set_text (metric, tz_metric_get_text (draft));
  tz_metric_set_span (metric, tz_metric_get_start (draft), tz_metric_get_end (draft));
  tz_metric_set_sentence (metric, tz_metric_get_sentence (draft));
  tz_metric_set_value (metric, &value);
  tz_metric_set_unit (metric, unit);
  tz_metric_set_category (metric, tz_metric_popover_category_for_unit (unit, tz_metric_get_category (draft)));
  tz_metric_set_approx (metric, gtk_drop_down_get_selected (self->approx_drop_down));
  tz_metric_set_subject (metric, *subject != '\0' ? subject : NULL);
  if (self->region_id != TZ_DIVISION_NONE)
    {
      g_autoptr(TzRegion) region = tz_gazetteer_create_region (tz_gazetteer_get_default (), self->region_id);

      tz_metric_set_region (metric, region);
    }
  tz_metric_set_year (metric, (int) year);
  tz_metric_set_year_source (metric, year > 0 ? TZ_YEAR_SOURCE_SENTENCE : TZ_YEAR_SOURCE_NONE);
  tz_metric_set_target (metric, gtk_switch_get_active (self->target_switch));

  set_busy (self, TRUE);
  tz_ledger_add_user_metric_async (self->ledger, self->article_id, metric, NULL,
                                   added_cb, g_object_ref (self));
}

static void
save_changes (TzMetricPopover *self)
{
  TzMetric *metric = self->metric;
  g_autofree char *value_text = entry_text (self->value_entry);
  g_autofree char *unit = entry_text (self->unit_entry);
  g_autofree char *subject = entry_text (self->subject_entry);
  g_autofree char *year_text = entry_text (self->year_entry);
  g_autofree char *old_value = NULL;
  g_autofree char *old_year = NULL;
  const char *region_code = "";
  TzDecimal value;
  TzApprox approx;

  g_assert (TZ_IS_METRIC_POPOVER (self));

  tz_metric_get_value (metric, &value);
  old_value = tz_decimal_to_string (&value);
  if (tz_metric_get_year (metric) > 0)
    old_year = g_strdup_printf ("%d", tz_metric_get_year (metric));
  if (self->region_id != TZ_DIVISION_NONE)
    region_code = tz_gazetteer_get_code (tz_gazetteer_get_default (), self->region_id);
  approx = gtk_drop_down_get_selected (self->approx_drop_down);

  /* "1500.0" says the same as "1500"; what does not parse goes as typed,
   * for the ledger to explain. */
  if (tz_decimal_parse (value_text, &value))
    {
      g_free (value_text);
      value_text = tz_decimal_to_string (&value);
    }

  add_change (self, TZ_FIELD_VALUE, old_value, value_text);
  add_change (self, TZ_FIELD_UNIT, tz_metric_get_unit (metric), unit);
  add_change (self, TZ_FIELD_APPROX, tz_approx_to_string (tz_metric_get_approx (metric)),
              tz_approx_to_string (approx));
  add_change (self, TZ_FIELD_SUBJECT, tz_metric_get_subject (metric), subject);
  add_change (self, TZ_FIELD_REGION, region_code_of (tz_metric_get_region (metric)), region_code);
  add_change (self, TZ_FIELD_YEAR, old_year, year_text);
  add_change (self, TZ_FIELD_TARGET,
              tz_metric_get_target (metric) ? "true" : "false",
              gtk_switch_get_active (self->target_switch) ? "true" : "false");

  if (self->changes->len == 0)
    {
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }

  set_busy (self, TRUE);
  send_next_change (self);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                           */
/* ------------------------------------------------------------------ */

static void
region_changed_cb (TzMetricPopover *self)
{
  g_autofree char *text = NULL;

  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (self->filling)
    return;

  text = entry_text (self->region_entry);
  self->region_id = *text != '\0' ? resolve_region (text, self->context) : TZ_DIVISION_NONE;
  update_region_path (self);
}

static void
save_clicked_cb (TzMetricPopover *self)
{
  tz_metric_popover_save (self);
}

static void
not_metric_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TzMetricPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tz_ledger_set_not_metric_finish (TZ_LEDGER (object), result, &error))
    finish_failed (self, error);
  else
    finish_saved (self);
}

static void
not_metric_clicked_cb (TzMetricPopover *self)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (self->busy || self->adding || self->metric == NULL || self->ledger == NULL)
    return;

  show_error (self, NULL);
  set_busy (self, TRUE);
  tz_ledger_set_not_metric_async (self->ledger, tz_metric_get_id (self->metric), TRUE, NULL,
                                  not_metric_done_cb, g_object_ref (self));
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TzMetricPopover) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tz_ledger_restore_metric_finish (TZ_LEDGER (object), result, &error))
    finish_failed (self, error);
  else
    finish_saved (self);
}

static void
restore_clicked_cb (TzMetricPopover *self)
{
  g_assert (TZ_IS_METRIC_POPOVER (self));

  if (self->busy || self->adding || self->metric == NULL || self->ledger == NULL)
    return;

  show_error (self, NULL);
  set_busy (self, TRUE);
  tz_ledger_restore_metric_async (self->ledger, tz_metric_get_id (self->metric), NULL,
                                  restored_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tz_metric_popover_dispose (GObject *object)
{
  TzMetricPopover *self = (TzMetricPopover *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TZ_TYPE_METRIC_POPOVER);
  g_clear_object (&self->ledger);
  g_clear_object (&self->metric);

  G_OBJECT_CLASS (tz_metric_popover_parent_class)->dispose (object);
}

static void
tz_metric_popover_finalize (GObject *object)
{
  TzMetricPopover *self = (TzMetricPopover *)object;

  g_clear_pointer (&self->changes, g_array_unref);

  G_OBJECT_CLASS (tz_metric_popover_parent_class)->finalize (object);
}

static void
tz_metric_popover_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TzMetricPopover *self = TZ_METRIC_POPOVER (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      g_value_set_object (value, tz_metric_popover_get_ledger (self));
      break;

    case PROP_METRIC:
      g_value_set_object (value, tz_metric_popover_get_metric (self));
      break;

    case PROP_ADDING:
      g_value_set_boolean (value, tz_metric_popover_get_adding (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, tz_metric_popover_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_metric_popover_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TzMetricPopover *self = TZ_METRIC_POPOVER (object);

  switch (prop_id)
    {
    case PROP_LEDGER:
      tz_metric_popover_set_ledger (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_metric_popover_class_init (TzMetricPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tz_metric_popover_dispose;
  object_class->finalize = tz_metric_popover_finalize;
  object_class->get_property = tz_metric_popover_get_property;
  object_class->set_property = tz_metric_popover_set_property;

  properties[PROP_LEDGER] =
    g_param_spec_object ("ledger", NULL, NULL, TZ_TYPE_LEDGER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_METRIC] =
    g_param_spec_object ("metric", NULL, NULL, TZ_TYPE_METRIC,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDING] =
    g_param_spec_boolean ("adding", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TzMetricPopover::saved:
   *
   * A change was saved to the ledger; the popover closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taizhang/Taizhang/ui/tz-metric-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, heading);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, details);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, value_entry);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, unit_entry);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, approx_drop_down);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, subject_entry);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, region_entry);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, region_path_label);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, year_entry);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, target_switch);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, error_label);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, not_metric_button);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, restore_button);
  gtk_widget_class_bind_template_child (widget_class, TzMetricPopover, save_button);
  gtk_widget_class_bind_template_callback (widget_class, region_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, not_metric_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, restore_clicked_cb);
}

static void
tz_metric_popover_init (TzMetricPopover *self)
{
  self->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_array_set_clear_func (self->changes, change_clear);
  self->region_ok = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------ */
/* Public API                                                          */
/* ------------------------------------------------------------------ */

GtkWidget *
tz_metric_popover_new (void)
{
  return g_object_new (TZ_TYPE_METRIC_POPOVER, NULL);
}

/**
 * tz_metric_popover_get_ledger:
 *
 * Returns: (transfer none) (nullable): the ledger changes are saved to
 */
TzLedger *
tz_metric_popover_get_ledger (TzMetricPopover *self)
{
  g_return_val_if_fail (TZ_IS_METRIC_POPOVER (self), NULL);
  return self->ledger;
}

void
tz_metric_popover_set_ledger (TzMetricPopover *self,
                              TzLedger        *ledger)
{
  g_return_if_fail (TZ_IS_METRIC_POPOVER (self));
  g_return_if_fail (ledger == NULL || TZ_IS_LEDGER (ledger));

  if (g_set_object (&self->ledger, ledger))
    {
      update_buttons (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER]);
    }
}

/**
 * tz_metric_popover_get_metric:
 *
 * Returns: (transfer none) (nullable): the record shown, or the draft of
 *   the figure being added
 */
TzMetric *
tz_metric_popover_get_metric (TzMetricPopover *self)
{
  g_return_val_if_fail (TZ_IS_METRIC_POPOVER (self), NULL);
  return self->metric;
}

/* Whether it adds a new figure rather than correcting one. */
gboolean
tz_metric_popover_get_adding (TzMetricPopover *self)
{
  g_return_val_if_fail (TZ_IS_METRIC_POPOVER (self), FALSE);
  return self->adding;
}

/* Whether a change is being saved. */
gboolean
tz_metric_popover_get_busy (TzMetricPopover *self)
{
  g_return_val_if_fail (TZ_IS_METRIC_POPOVER (self), FALSE);
  return self->busy;
}

static void
set_record (TzMetricPopover *self,
            TzMetric        *metric,
            gboolean         adding,
            const char      *context_code)
{
  gboolean was_adding = self->adding;
  gboolean was_busy = self->busy;

  self->adding = !!adding;
  self->context = context_code != NULL && *context_code != '\0'
                ? tz_gazetteer_lookup_code (tz_gazetteer_get_default (), context_code)
                : TZ_DIVISION_NONE;

  /* A record on show must not change under the user's hands: the view
   * gives a copy. */
  if (g_set_object (&self->metric, metric))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC]);

  fill (self);

  if (was_adding != self->adding)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDING]);
  if (was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * tz_metric_popover_edit:
 * @metric: the stored figure to correct
 * @context_code: (nullable): the article's region, to settle short names
 *   typed in the region field
 *
 * Shows @metric for correction. Call gtk_popover_popup() next.
 */
void
tz_metric_popover_edit (TzMetricPopover *self,
                        TzMetric        *metric,
                        const char      *context_code)
{
  g_return_if_fail (TZ_IS_METRIC_POPOVER (self));
  g_return_if_fail (TZ_IS_METRIC (metric));

  set_record (self, metric, FALSE, context_code);
  gtk_widget_grab_focus (GTK_WIDGET (self->subject_entry));
}

/**
 * tz_metric_popover_add:
 * @article_id: the article the figure is in
 * @draft: the figure's text, span (document offsets) and sentence, and
 *   whatever could be guessed of the rest
 * @context_code: (nullable): the article's region
 *
 * Shows @draft to be added as a user figure. Call gtk_popover_popup() next.
 */
void
tz_metric_popover_add (TzMetricPopover *self,
                       gint64           article_id,
                       TzMetric        *draft,
                       const char      *context_code)
{
  g_return_if_fail (TZ_IS_METRIC_POPOVER (self));
  g_return_if_fail (TZ_IS_METRIC (draft));

  self->article_id = article_id;
  set_record (self, draft, TRUE, context_code);
  gtk_widget_grab_focus (GTK_WIDGET (self->value_entry));
}

/* What the Save (or Add Figure) button does. */
void
tz_metric_popover_save (TzMetricPopover *self)
{
  g_return_if_fail (TZ_IS_METRIC_POPOVER (self));

  if (self->busy || self->metric == NULL || self->ledger == NULL)
    return;

  show_error (self, NULL);

  if (!self->region_ok)
    {
      show_error (self, _("Choose a known region, or leave the field empty."));
      gtk_widget_grab_focus (GTK_WIDGET (self->region_entry));
      return;
    }

  if (self->adding)
    save_new (self);
  else
    save_changes (self);
}

/* A short, translated name for a category, for people rather than files. */
const char *
tz_metric_popover_category_label (TzCategory category)
{
  switch (category)
    {
    case TZ_CATEGORY_PEOPLE:
      return _("People");
    case TZ_CATEGORY_PERSON_TIMES:
      return _("Person-times");
    case TZ_CATEGORY_HOUSEHOLDS:
      return _("Households");
    case TZ_CATEGORY_ORGANIZATIONS:
      return _("Organizations");
    case TZ_CATEGORY_MONEY:
      return _("Money");
    case TZ_CATEGORY_PERCENT:
      return _("Percent");
    case TZ_CATEGORY_EVENTS:
      return _("Events");
    case TZ_CATEGORY_ITEMS:
      return _("Items");
    case TZ_CATEGORY_AREA:
      return _("Area");
    default:
      return _("Figure");
    }
}

/* The category a unit implies, read off the metric scanner the way the
 * store does for a corrected unit; @fallback for unknown measure words. */
TzCategory
tz_metric_popover_category_for_unit (const char *unit,
                                     TzCategory  fallback)
{
  g_autofree char *probe = NULL;
  g_autoptr(GArray) figures = NULL;
  gsize len;

  if (unit == NULL || *unit == '\0')
    return fallback;

  probe = g_strconcat ("5", unit, NULL);
  figures = g_array_new (FALSE, TRUE, sizeof (TzFigure));
  len = strlen (probe);
  tz_scan_figures (probe, 0, len, figures);
  if (figures->len == 1 && g_array_index (figures, TzFigure, 0).unit_end == len)
    return g_array_index (figures, TzFigure, 0).category;

  return fallback;
}
