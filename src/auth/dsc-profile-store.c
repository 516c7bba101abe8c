/* dsc-profile-store.c — tenant profiles as JSON:
 * {"version":1,"active":ID,"profiles":[{"id","name","tenant","clientId","cloud",
 *  "authorityHost"?,"graphRoot"?}]} */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dsc-oauth.h"
#include "dsc-platform.h"
#include "dsc-profile-store.h"
#include "dsc-report-json.h"

#define MAX_FILE_SIZE (1024 * 1024)

struct _DscProfileStore
{
  GObject     parent_instance;

  char       *path;
  GListStore *profiles;
  char       *active_id;
};

enum {
  PROP_0,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DscProfileStore, dsc_profile_store, G_TYPE_OBJECT)

static void
dsc_profile_store_finalize (GObject *object)
{
  DscProfileStore *self = DSC_PROFILE_STORE (object);

  g_free (self->path);
  g_clear_object (&self->profiles);
  g_free (self->active_id);
  G_OBJECT_CLASS (dsc_profile_store_parent_class)->finalize (object);
}

static void
dsc_profile_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DscProfileStore *self = DSC_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_ACTIVE:
      g_value_set_object (value, dsc_profile_store_get_active (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_profile_store_class_init (DscProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_profile_store_finalize;
  object_class->get_property = dsc_profile_store_get_property;

  properties[PROP_ACTIVE] =
    g_param_spec_object ("active", NULL, NULL, DSC_TYPE_PROFILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_profile_store_init (DscProfileStore *self)
{
  self->profiles = g_list_store_new (DSC_TYPE_PROFILE);
}

DscProfileStore *
dsc_profile_store_new (const char *path)
{
  DscProfileStore *self = g_object_new (DSC_TYPE_PROFILE_STORE, NULL);

  self->path = path != NULL ? g_strdup (path)
                            : g_build_filename (g_get_user_config_dir (), "dirsync-companion",
                                                "profiles.json", NULL);
  return self;
}

const char *
dsc_profile_store_get_path (DscProfileStore *self)
{
  return self->path;
}

GListModel *
dsc_profile_store_get_profiles (DscProfileStore *self)
{
  return G_LIST_MODEL (self->profiles);
}

static gboolean
find (DscProfileStore *self,
      const char      *id,
      guint           *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DscProfile) p = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      if (g_strcmp0 (dsc_profile_get_id (p), id) == 0)
        {
          if (position != NULL)
            *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

DscProfile *
dsc_profile_store_lookup (DscProfileStore *self,
                          const char      *id_or_name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));
  guint pos;

  if (id_or_name == NULL)
    return NULL;
  if (find (self, id_or_name, &pos))
    {
      DscProfile *p = g_list_model_get_item (G_LIST_MODEL (self->profiles), pos);

      g_object_unref (p);   /* the store keeps it alive */
      return p;
    }
  for (guint i = 0; i < n; i++)
    {
      DscProfile *p = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      g_object_unref (p);   /* the store keeps it alive */
      if (g_utf8_collate (dsc_profile_get_display_name (p), id_or_name) == 0 ||
          g_ascii_strcasecmp (dsc_profile_get_display_name (p), id_or_name) == 0)
        return p;
    }
  return NULL;
}

/* ---- load ------------------------------------------------------------------------ */

static gboolean
valid_text (const char *s, gsize max)
{
  return s != NULL && *s != '\0' && strlen (s) <= max && g_utf8_validate (s, -1, NULL);
}

static gboolean
parse (DscProfileStore  *self,
       const char       *data,
       gsize             len,
       GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *list;

  if (!dsc_json_depth_ok (data, len, DSC_JSON_MAX_DEPTH))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("the file nests too deeply to be a profile list"));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      (root = json_node_get_object (json_parser_get_root (parser))) == NULL ||
      !json_object_has_member (root, "profiles") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "profiles")))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("no list of profiles"));
      return FALSE;
    }
  list = json_object_get_array_member (root, "profiles");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      JsonObject *o;
      const char *id, *name, *tenant, *client_id, *cloud_key;
      const DscCloud *cloud;
      g_autoptr(DscProfile) profile = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      o = json_node_get_object (node);
      /* A hand-edited or damaged file: a member of the wrong type reads as
       * missing (and the profile as incomplete), never as a critical. */
      id = dsc_oauth_member_string (o, "id");
      name = dsc_oauth_member_string (o, "name");
      if (name == NULL)
        name = id;
      tenant = dsc_oauth_member_string (o, "tenant");
      client_id = dsc_oauth_member_string (o, "clientId");
      cloud_key = dsc_oauth_member_string (o, "cloud");
      /* Absent means global; present but not text must not quietly become
       * global (a GCC High profile would then sign in to the wrong cloud). */
      if (cloud_key == NULL && json_object_has_member (o, "cloud"))
        goto bad;
      if (cloud_key == NULL)
        cloud_key = "global";
      cloud = dsc_cloud_from_key (cloud_key);
      if (!valid_text (id, 64) || !valid_text (name, 200) || !valid_text (tenant, 256) ||
          !valid_text (client_id, 64) || cloud == NULL || find (self, id, NULL))
        goto bad;
      profile = dsc_profile_new (id, name, tenant, client_id, cloud->id);
      if (cloud->id == DSC_CLOUD_CUSTOM)
        dsc_profile_set_custom_hosts (
          profile, dsc_oauth_member_string (o, "authorityHost"),
          dsc_oauth_member_string (o, "graphRoot"));
      g_list_store_append (self->profiles, profile);
      continue;
bad:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("profile %u is incomplete or repeated"), i + 1);
      return FALSE;
    }
  self->active_id = g_strdup (dsc_oauth_member_string (root, "active"));
  if (self->active_id != NULL && !find (self, self->active_id, NULL))
    g_clear_pointer (&self->active_id, g_free);
  return TRUE;
}

gboolean
dsc_profile_store_load (DscProfileStore  *self,
                        GError          **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  gsize len = 0;

  g_list_store_remove_all (self->profiles);
  g_clear_pointer (&self->active_id, g_free);

  if (!g_file_get_contents (self->path, &data, &len, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read the tenant profiles (%s): %s"), self->path, local->message);
      return FALSE;
    }
  if (len <= MAX_FILE_SIZE && parse (self, data, len, &local))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
      return TRUE;
    }
  if (local == NULL)
    local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("file too large"));

  /* Keep what was there: the admin may want to repair it by hand. */
  g_list_store_remove_all (self->profiles);
  g_clear_pointer (&self->active_id, g_free);
  now = g_date_time_new_now_local ();
  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  backup = g_strdup_printf ("%s.bad-%s", self->path, stamp);
  if (g_rename (self->path, backup) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The tenant profiles file %s is unreadable (%s) and could not be set "
                     "aside: %s"), self->path, local->message, g_strerror (saved));
      return FALSE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("The tenant profiles file was unreadable (%s); it was kept as %s. "
                 "Add your tenants again or repair that file."), local->message, backup);
  return FALSE;
}

/* ---- save --------------------------------------------------------------------------- */

gboolean
dsc_profile_store_save (DscProfileStore  *self,
                        GError          **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *text = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->profiles));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  if (self->active_id != NULL)
    {
      json_builder_set_member_name (b, "active");
      json_builder_add_string_value (b, self->active_id);
    }
  json_builder_set_member_name (b, "profiles");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DscProfile) p = g_list_model_get_item (G_LIST_MODEL (self->profiles), i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, dsc_profile_get_id (p));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, dsc_profile_get_display_name (p));
      json_builder_set_member_name (b, "tenant");
      json_builder_add_string_value (b, dsc_profile_get_tenant (p));
      json_builder_set_member_name (b, "clientId");
      json_builder_add_string_value (b, dsc_profile_get_client_id (p));
      json_builder_set_member_name (b, "cloud");
      json_builder_add_string_value (b, dsc_cloud_get (dsc_profile_get_cloud (p))->key);
      if (dsc_profile_get_cloud (p) == DSC_CLOUD_CUSTOM)
        {
          json_builder_set_member_name (b, "authorityHost");
          json_builder_add_string_value (b, dsc_profile_get_authority_host (p));
          json_builder_set_member_name (b, "graphRoot");
          json_builder_add_string_value (b, dsc_profile_get_graph_root (p));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* ---- edits ------------------------------------------------------------------------- */

gboolean
dsc_profile_store_insert (DscProfileStore  *self,
                          DscProfile       *profile,
                          GError          **error)
{
  if (find (self, dsc_profile_get_id (profile), NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A tenant profile “%s” already exists"), dsc_profile_get_id (profile));
      return FALSE;
    }
  g_list_store_append (self->profiles, profile);
  if (self->active_id == NULL)
    {
      self->active_id = g_strdup (dsc_profile_get_id (profile));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  return dsc_profile_store_save (self, error);
}

DscProfile *
dsc_profile_store_add (DscProfileStore  *self,
                       const char       *display_name,
                       const char       *tenant,
                       const char       *client_id,
                       DscCloudId        cloud,
                       GError          **error)
{
  g_autofree char *base = dsc_profile_make_id (display_name);
  g_autofree char *id = g_strdup (base);
  g_autoptr(DscProfile) profile = NULL;

  if (!valid_text (display_name, 200) || !valid_text (tenant, 256) ||
      !valid_text (client_id, 64) || dsc_cloud_get (cloud) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("A tenant profile needs a name, a tenant and a client ID"));
      return NULL;
    }
  for (guint i = 2; find (self, id, NULL); i++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, i);
    }
  profile = dsc_profile_new (id, display_name, tenant, client_id, cloud);
  if (!dsc_profile_store_insert (self, profile, error))
    return NULL;
  return profile;
}

gboolean
dsc_profile_store_rename (DscProfileStore  *self,
                          const char       *id,
                          const char       *display_name,
                          GError          **error)
{
  guint pos;
  g_autoptr(DscProfile) p = NULL;

  if (!find (self, id, &pos) || !valid_text (display_name, 200))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("No tenant profile “%s”"), id);
      return FALSE;
    }
  p = g_list_model_get_item (G_LIST_MODEL (self->profiles), pos);
  dsc_profile_set_display_name (p, display_name);
  /* Let list views see the new name. */
  g_list_model_items_changed (G_LIST_MODEL (self->profiles), pos, 1, 1);
  return dsc_profile_store_save (self, error);
}

static void
forget_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_secret_store_delete_finish (result, &error))
    g_debug ("stored sign-in of a removed profile not deleted: %s", error->message);
}

gboolean
dsc_profile_store_remove (DscProfileStore  *self,
                          const char       *id,
                          GError          **error)
{
  guint pos;

  if (!find (self, id, &pos))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No tenant profile “%s”"), id);
      return FALSE;
    }
  dsc_secret_store_delete_async (id, NULL, forget_done, NULL);
  g_list_store_remove (self->profiles, pos);
  if (g_strcmp0 (self->active_id, id) == 0)
    {
      g_autoptr(DscProfile) first = g_list_model_get_item (G_LIST_MODEL (self->profiles), 0);

      g_free (self->active_id);
      self->active_id = first != NULL ? g_strdup (dsc_profile_get_id (first)) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  return dsc_profile_store_save (self, error);
}

DscProfile *
dsc_profile_store_get_active (DscProfileStore *self)
{
  return self->active_id != NULL ? dsc_profile_store_lookup (self, self->active_id) : NULL;
}

gboolean
dsc_profile_store_set_active (DscProfileStore  *self,
                              const char       *id,
                              GError          **error)
{
  if (!find (self, id, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No tenant profile “%s”"), id);
      return FALSE;
    }
  if (g_strcmp0 (self->active_id, id) != 0)
    {
      g_free (self->active_id);
      self->active_id = g_strdup (id);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
    }
  return dsc_profile_store_save (self, error);
}
