/* dsc-connect-versions.c — the Entra Connect release table: parsing the
 * shipped JSON (data/connect-versions.json, compiled in as a resource) and
 * comparing dotted version numbers.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dsc-connect-versions.h"
#include "dsc-core-resources.h"

#define DEFAULT_TABLE_PATH "/io/github/DirSyncCompanion/connect-versions.json"

/* Versions */

gboolean
dsc_version_parse (const char *str, guint out[4])
{
  guint parts[4] = { 0, 0, 0, 0 };
  guint n = 0;
  const char *p = str;

  if (str == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;

  /* "2.5.79.0"; "2.5" is accepted as 2.5.0.0 because admins type it that way. */
  for (;;)
    {
      guint64 value = 0;
      guint digits = 0;

      if (n == 4)
        return FALSE;
      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (guint64) (*p - '0');
          if (++digits > 9)
            return FALSE;
          p++;
        }
      if (digits == 0)
        return FALSE;
      parts[n++] = (guint) value;
      if (*p != '.')
        break;
      p++;
    }

  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0' || n < 2)
    return FALSE;

  if (out != NULL)
    memcpy (out, parts, sizeof parts);
  return TRUE;
}

/* Total order: versions numerically; anything that isn't a version sorts
 * before every version (and among themselves by text) so a bad value in the
 * data never looks newer than a real release. */
int
dsc_version_compare (const char *a, const char *b)
{
  guint va[4], vb[4];
  gboolean ok_a = dsc_version_parse (a, va);
  gboolean ok_b = dsc_version_parse (b, vb);

  if (!ok_a || !ok_b)
    {
      int c;

      if (ok_a != ok_b)
        return ok_a ? 1 : -1;
      c = g_strcmp0 (a, b);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

  for (guint i = 0; i < 4; i++)
    if (va[i] != vb[i])
      return va[i] < vb[i] ? -1 : 1;
  return 0;
}

/* Table */

static void
connect_release_free (DscConnectRelease *release)
{
  g_free (release->version);
  g_free (release->note);
  g_free (release);
}

static DscConnectVersions *
connect_versions_new (void)
{
  DscConnectVersions *self = g_new0 (DscConnectVersions, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->releases = g_ptr_array_new_with_free_func ((GDestroyNotify) connect_release_free);
  return self;
}

DscConnectVersions *
dsc_connect_versions_ref (DscConnectVersions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dsc_connect_versions_unref (DscConnectVersions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->minimum_version);
  g_free (self->minimum_reason);
  g_ptr_array_unref (self->releases);
  g_free (self);
}

/* "2026-09-30" (midnight UTC) or a full ISO 8601 time. */
static gboolean
parse_date (const char *str, gint64 *out)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (str == NULL)
    return FALSE;

  if (strlen (str) == 10)
    {
      g_autofree char *full = g_strconcat (str, "T00:00:00Z", NULL);

      dt = g_date_time_new_from_iso8601 (full, utc);
    }
  else
    dt = g_date_time_new_from_iso8601 (str, utc);

  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

static gboolean
member_is_null (JsonObject *object, const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* A string member, or NULL with @error set (when @required or of the wrong type). */
static gboolean
get_string (JsonObject *object, const char *name, gboolean required, const char *where,
            const char **out, GError **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Entra Connect version data: %s has no “%s”."), where, name);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Entra Connect version data: “%s” in %s must be text."), name, where);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_date (JsonObject *object, const char *name, gboolean required, const char *where,
          gint64 *out, GError **error)
{
  const char *str;

  *out = 0;
  if (!get_string (object, name, required, where, &str, error))
    return FALSE;
  if (str == NULL)
    return TRUE;
  if (!parse_date (str, out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Entra Connect version data: “%s” in %s is not a date (YYYY-MM-DD): “%s”."),
                   name, where, str);
      return FALSE;
    }
  return TRUE;
}

static DscConnectRelease *
parse_release (JsonNode *node, guint index, GError **error)
{
  g_autofree char *where = NULL;
  g_autofree DscConnectRelease *release = NULL;
  JsonObject *object;
  const char *version, *note;
  gint64 released, eos;
  gboolean recalled = FALSE;

  where = g_strdup_printf (_("release %u"), index + 1);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Entra Connect version data: %s is not an object."), where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_string (object, "version", TRUE, where, &version, error))
    return NULL;
  if (!dsc_version_parse (version, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Entra Connect version data: “%s” is not a version number."), version);
      return NULL;
    }
  g_free (where);
  where = g_strdup_printf (_("release %s"), version);

  if (!get_date (object, "released", FALSE, where, &released, error)
      || !get_date (object, "endOfSupport", FALSE, where, &eos, error)
      || !get_string (object, "note", FALSE, where, &note, error))
    return NULL;

  if (!member_is_null (object, "recalled"))
    {
      JsonNode *member = json_object_get_member (object, "recalled");

      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Entra Connect version data: “recalled” in %s must be true or false."),
                       where);
          return NULL;
        }
      recalled = json_node_get_boolean (member);
    }

  release = g_new0 (DscConnectRelease, 1);
  release->version = g_strdup (version);
  release->released = released;
  release->end_of_support = eos;
  release->recalled = recalled;
  release->note = g_strdup (note);
  return g_steal_pointer (&release);
}

static int
compare_releases_newest_first (gconstpointer a, gconstpointer b)
{
  const DscConnectRelease *ra = *(const DscConnectRelease * const *) a;
  const DscConnectRelease *rb = *(const DscConnectRelease * const *) b;

  return dsc_version_compare (rb->version, ra->version);
}

DscConnectVersions *
dsc_connect_versions_parse (const char *json, gssize length, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(DscConnectVersions) self = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *releases;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, json, length, error))
    return NULL;

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Entra Connect version data is not a JSON object."));
      return NULL;
    }
  root = json_node_get_object (node);
  self = connect_versions_new ();

  if (!get_date (root, "dataAsOf", TRUE, _("the table"), &self->data_as_of, error))
    return NULL;

  if (!member_is_null (root, "minimum"))
    {
      JsonNode *min_node = json_object_get_member (root, "minimum");
      JsonObject *min;
      const char *version, *reason;

      if (!JSON_NODE_HOLDS_OBJECT (min_node))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _("Entra Connect version data: “minimum” must be an object."));
          return NULL;
        }
      min = json_node_get_object (min_node);
      if (!get_string (min, "version", TRUE, "minimum", &version, error)
          || !get_date (min, "since", TRUE, "minimum", &self->minimum_since, error)
          || !get_string (min, "reason", FALSE, "minimum", &reason, error))
        return NULL;
      if (!dsc_version_parse (version, NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Entra Connect version data: “%s” is not a version number."), version);
          return NULL;
        }
      self->minimum_version = g_strdup (version);
      self->minimum_reason = g_strdup (reason);
    }

  node = json_object_get_member (root, "releases");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Entra Connect version data has no “releases” list."));
      return NULL;
    }
  releases = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (releases); i++)
    {
      DscConnectRelease *release = parse_release (json_array_get_element (releases, i), i, error);

      if (release == NULL)
        return NULL;
      if (dsc_connect_versions_lookup (self, release->version) != NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Entra Connect version data lists %s twice."), release->version);
          connect_release_free (release);
          return NULL;
        }
      g_ptr_array_add (self->releases, release);
    }

  /* The rules rely on newest-first, whatever order the file uses. */
  g_ptr_array_sort (self->releases, compare_releases_newest_first);
  return g_steal_pointer (&self);
}

/* Returns a new reference to one shared table (unref it when done). Callers
 * that treat it as borrowed only keep the shared table alive a bit longer,
 * which it is anyway: either way is safe. */
DscConnectVersions *
dsc_connect_versions_get_default (void)
{
  static DscConnectVersions *table;

  if (g_once_init_enter (&table))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      DscConnectVersions *loaded = NULL;

      /* Referencing the resource keeps its object file in the static library
       * link; the constructor then registers it. */
      (void) dsc_core_get_resource ();

      bytes = g_resources_lookup_data (DEFAULT_TABLE_PATH, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        loaded = dsc_connect_versions_parse (g_bytes_get_data (bytes, NULL),
                                             (gssize) g_bytes_get_size (bytes), &error);
      if (loaded == NULL)
        {
          /* A build defect, not something an admin can fix: keep running with
           * an empty table (every version then reads as "not in the data"). */
          g_critical ("Built-in Entra Connect version data is unusable: %s", error->message);
          loaded = connect_versions_new ();
        }
      g_once_init_leave (&table, loaded);
    }
  return dsc_connect_versions_ref (table);
}

const DscConnectRelease *
dsc_connect_versions_lookup (const DscConnectVersions *self, const char *version)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!dsc_version_parse (version, NULL))
    return NULL;

  for (guint i = 0; i < self->releases->len; i++)
    {
      const DscConnectRelease *release = g_ptr_array_index (self->releases, i);

      if (dsc_version_compare (release->version, version) == 0)
        return release;
    }
  return NULL;
}

/* The newest release an admin should install: a recalled build never is. */
const DscConnectRelease *
dsc_connect_versions_latest (const DscConnectVersions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->releases->len; i++)
    {
      const DscConnectRelease *release = g_ptr_array_index (self->releases, i);

      if (!release->recalled)
        return release;
    }
  return NULL;
}
