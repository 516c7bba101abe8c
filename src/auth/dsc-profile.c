/* dsc-profile.c — one tenant profile. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <string.h>

#include "dsc-profile.h"

struct _DscProfile
{
  GObject     parent_instance;

  char       *id;
  char       *display_name;
  char       *tenant;
  char       *client_id;
  DscCloudId  cloud;
  char       *authority_host;
  char       *graph_root;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_TENANT,
  PROP_CLIENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DscProfile, dsc_profile, G_TYPE_OBJECT)

static void
dsc_profile_finalize (GObject *object)
{
  DscProfile *self = DSC_PROFILE (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->tenant);
  g_free (self->client_id);
  g_free (self->authority_host);
  g_free (self->graph_root);
  G_OBJECT_CLASS (dsc_profile_parent_class)->finalize (object);
}

static void
dsc_profile_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  DscProfile *self = DSC_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_TENANT:
      g_value_set_string (value, self->tenant);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_profile_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  DscProfile *self = DSC_PROFILE (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      dsc_profile_set_display_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_profile_class_init (DscProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_profile_finalize;
  object_class->get_property = dsc_profile_get_property;
  object_class->set_property = dsc_profile_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TENANT] =
    g_param_spec_string ("tenant", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT_ID] =
    g_param_spec_string ("client-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_profile_init (DscProfile *self)
{
}

DscProfile *
dsc_profile_new (const char *id,
                 const char *display_name,
                 const char *tenant,
                 const char *client_id,
                 DscCloudId  cloud)
{
  DscProfile *self = g_object_new (DSC_TYPE_PROFILE, NULL);

  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name != NULL ? display_name : id);
  self->tenant = g_strdup (tenant);
  self->client_id = g_strdup (client_id);
  self->cloud = dsc_cloud_get (cloud) != NULL ? cloud : DSC_CLOUD_GLOBAL;
  return self;
}

const char *
dsc_profile_get_id (DscProfile *self)
{
  return self->id;
}

const char *
dsc_profile_get_display_name (DscProfile *self)
{
  return self->display_name;
}

void
dsc_profile_set_display_name (DscProfile *self,
                              const char *name)
{
  g_return_if_fail (DSC_IS_PROFILE (self));
  if (name == NULL || g_strcmp0 (name, self->display_name) == 0)
    return;
  g_free (self->display_name);
  self->display_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

const char *
dsc_profile_get_tenant (DscProfile *self)
{
  return self->tenant;
}

const char *
dsc_profile_get_client_id (DscProfile *self)
{
  return self->client_id;
}

DscCloudId
dsc_profile_get_cloud (DscProfile *self)
{
  return self->cloud;
}

const char *
dsc_profile_get_authority_host (DscProfile *self)
{
  if (self->cloud == DSC_CLOUD_CUSTOM)
    return self->authority_host;
  return dsc_cloud_get (self->cloud)->authority_host;
}

const char *
dsc_profile_get_graph_root (DscProfile *self)
{
  if (self->cloud == DSC_CLOUD_CUSTOM)
    return self->graph_root;
  return dsc_cloud_get (self->cloud)->graph_root;
}

void
dsc_profile_set_custom_hosts (DscProfile *self,
                              const char *authority_host,
                              const char *graph_root)
{
  g_return_if_fail (DSC_IS_PROFILE (self));
  g_free (self->authority_host);
  g_free (self->graph_root);
  self->authority_host = g_strdup (authority_host);
  self->graph_root = g_strdup (graph_root);
}

char *
dsc_profile_dup_authority (DscProfile  *self,
                           GError     **error)
{
  const char *host = dsc_profile_get_authority_host (self);

  /* A custom cloud is for the loopback fake only: never send a token
   * anywhere a profile file alone could name. */
  if (self->cloud == DSC_CLOUD_CUSTOM && !dsc_cloud_url_is_loopback (host))
    host = NULL;
  return dsc_cloud_build_authority (host, self->tenant, error);
}

const char *
dsc_profile_get_graph_url (DscProfile *self)
{
  return dsc_profile_get_graph_root (self);
}

char *
dsc_profile_dup_scopes (DscProfile *self)
{
  const char *root = dsc_profile_get_graph_root (self);

  /* The fake identity platform checks the same scope names as the global cloud. */
  if (self->cloud == DSC_CLOUD_CUSTOM)
    root = dsc_cloud_get (DSC_CLOUD_GLOBAL)->graph_root;
  return dsc_cloud_build_scopes (root);
}

char *
dsc_profile_dup_data_key (DscProfile *self)
{
  g_return_val_if_fail (DSC_IS_PROFILE (self), NULL);
  /* Not the Graph host alone: every profile on one cloud has the same. */
  return g_strdup_printf ("profile:%s:%s:%s", dsc_cloud_get (self->cloud)->key,
                          self->tenant != NULL ? self->tenant : "", self->id);
}

char *
dsc_profile_make_id (const char *display_name)
{
  GString *id = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = display_name != NULL ? display_name : ""; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (dash && id->len > 0)
            g_string_append_c (id, '-');
          g_string_append_c (id, g_ascii_tolower (*p));
          dash = FALSE;
        }
      else
        dash = TRUE;
      if (id->len >= 40)
        break;
    }
  if (id->len == 0)
    g_string_append (id, "tenant");
  return g_string_free (id, FALSE);
}
