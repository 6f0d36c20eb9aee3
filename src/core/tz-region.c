/* tz-region.c
 *
 * Copyright 2026 The Taizhang authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tz-region"

#include "config.h"

#include "tz-enum-types.h"
#include "tz-region.h"

/* An administrative division as handed to callers: a snapshot of one row
 * of the gazetteer plus its ancestry, so it can outlive any lookup and be
 * compared, shown and serialised without the gazetteer at hand. */
struct _TzRegion
{
  GObject        parent_instance;

  char          *code;
  char          *name;
  char         **path;
  TzRegionLevel  level;
};

G_DEFINE_FINAL_TYPE (TzRegion, tz_region, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_PATH,
  PROP_LEVEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tz_region_finalize (GObject *object)
{
  TzRegion *self = (TzRegion *)object;

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_strfreev);

  G_OBJECT_CLASS (tz_region_parent_class)->finalize (object);
}

static void
tz_region_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TzRegion *self = TZ_REGION (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PATH:
      g_value_set_boxed (value, self->path);
      break;

    case PROP_LEVEL:
      g_value_set_enum (value, self->level);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_region_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TzRegion *self = TZ_REGION (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_free (self->code);
      self->code = g_value_dup_string (value);
      break;

    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_PATH:
      g_strfreev (self->path);
      self->path = g_value_dup_boxed (value);
      break;

    case PROP_LEVEL:
      self->level = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tz_region_constructed (GObject *object)
{
  TzRegion *self = (TzRegion *)object;

  G_OBJECT_CLASS (tz_region_parent_class)->constructed (object);

  /* Callers iterate the path without checking; an empty one is still a
   * valid, NULL-terminated vector. */
  if (self->path == NULL)
    {
      self->path = g_new0 (char *, 2);
      if (self->name != NULL)
        self->path[0] = g_strdup (self->name);
    }
}

static void
tz_region_class_init (TzRegionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tz_region_finalize;
  object_class->get_property = tz_region_get_property;
  object_class->set_property = tz_region_set_property;
  object_class->constructed = tz_region_constructed;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_PATH] =
    g_param_spec_boxed ("path", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_LEVEL] =
    g_param_spec_enum ("level", NULL, NULL,
                       TZ_TYPE_REGION_LEVEL,
                       TZ_REGION_LEVEL_NATION,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tz_region_init (TzRegion *self)
{
  self->level = TZ_REGION_LEVEL_NATION;
}

/**
 * tz_region_new:
 * @code: the six-digit division code ("320613")
 * @name: the official name ("崇川区")
 * @path: (nullable): the names from the province down to @name; %NULL
 *   means just @name
 * @level: the administrative level
 *
 * Returns: (transfer full): a new #TzRegion
 */
TzRegion *
tz_region_new (const char         *code,
               const char         *name,
               const char * const *path,
               TzRegionLevel       level)
{
  return g_object_new (TZ_TYPE_REGION,
                       "code", code,
                       "name", name,
                       "path", path,
                       "level", level,
                       NULL);
}

const char *
tz_region_get_code (TzRegion *self)
{
  g_return_val_if_fail (TZ_IS_REGION (self), NULL);

  return self->code;
}

const char *
tz_region_get_name (TzRegion *self)
{
  g_return_val_if_fail (TZ_IS_REGION (self), NULL);

  return self->name;
}

/**
 * tz_region_get_path:
 *
 * Returns: (transfer none): the names from the province down to this
 *   region, e.g. ["江苏省", "南通市", "崇川区"]; ["全国"] for the nation
 */
const char * const *
tz_region_get_path (TzRegion *self)
{
  g_return_val_if_fail (TZ_IS_REGION (self), NULL);

  return (const char * const *)self->path;
}

TzRegionLevel
tz_region_get_level (TzRegion *self)
{
  g_return_val_if_fail (TZ_IS_REGION (self), TZ_REGION_LEVEL_NATION);

  return self->level;
}

/**
 * tz_region_dup_display_path:
 *
 * Returns: (transfer full): the path joined for display,
 *   "江苏省 · 南通市 · 崇川区"
 */
char *
tz_region_dup_display_path (TzRegion *self)
{
  g_return_val_if_fail (TZ_IS_REGION (self), NULL);

  return g_strjoinv (" · ", self->path);
}

/**
 * tz_region_equal:
 * @a: (nullable): a #TzRegion
 * @b: (nullable): a #TzRegion
 *
 * Two regions are the same place when their codes are; names and paths
 * are derived from the code.  Two %NULL regions are equal.
 */
gboolean
tz_region_equal (TzRegion *a,
                 TzRegion *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  g_return_val_if_fail (TZ_IS_REGION (a), FALSE);
  g_return_val_if_fail (TZ_IS_REGION (b), FALSE);

  return g_strcmp0 (a->code, b->code) == 0;
}
