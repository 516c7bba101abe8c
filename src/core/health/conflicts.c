/* conflicts.c — sync errors grouped by the value objects fight over, with the
 * objects on both sides, for the sync-errors rule.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-conflicts.h"

void
dsc_conflict_group_free (DscConflictGroup *group)
{
  g_free (group->property);
  g_free (group->value);
  g_free (group->id_value);
  g_array_unref (group->members);
  g_free (group);
}

gboolean
dsc_conflict_is_proxy_property (const char *property)
{
  return property != NULL && g_ascii_strcasecmp (property, "ProxyAddress") == 0;
}

gboolean
dsc_conflict_is_upn_property (const char *property)
{
  return property != NULL && g_ascii_strcasecmp (property, "UserPrincipalName") == 0;
}

static const char *
canonical_property (const char *property)
{
  if (dsc_conflict_is_proxy_property (property))
    return "ProxyAddress";
  if (dsc_conflict_is_upn_property (property))
    return "UserPrincipalName";
  return property != NULL ? property : "";
}

/* "smtp:Sales@Contoso.com" and "sales@contoso.com" are the same address. */
static const char *
strip_smtp (const char *property, const char *value)
{
  if (dsc_conflict_is_proxy_property (property) && g_ascii_strncasecmp (value, "smtp:", 5) == 0)
    return value + 5;
  return value;
}

static char *
group_key (const char *property, const char *value)
{
  g_autofree char *valid =
    g_utf8_make_valid (strip_smtp (property, value != NULL ? value : ""), -1);
  g_autofree char *folded = g_utf8_casefold (valid, -1);
  g_autofree char *prop = g_ascii_strdown (canonical_property (property), -1);

  return g_strconcat (prop, "\x1f", folded, NULL);
}

static char *
group_id_value (const char *property, const char *value)
{
  g_autofree char *valid =
    g_utf8_make_valid (strip_smtp (property, value != NULL ? value : ""), -1);
  g_autofree char *lower = g_utf8_strdown (valid, -1);

  /* Matches the header's example id: "object-errors/ProxyAddress/smtp:sales@contoso.com". */
  if (dsc_conflict_is_proxy_property (property) && strchr (lower, ':') == NULL)
    return g_strconcat ("smtp:", lower, NULL);
  return g_steal_pointer (&lower);
}

gboolean
dsc_conflict_group_has_object (const DscConflictGroup *group, const DscDirectoryObject *object)
{
  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      if (m->object == object || (object->id != NULL && g_strcmp0 (m->object->id, object->id) == 0))
        return TRUE;
    }
  return FALSE;
}

static const char *
object_name (const DscDirectoryObject *object)
{
  if (!dsc_health_str_empty (object->display_name))
    return object->display_name;
  if (!dsc_health_str_empty (object->user_principal_name))
    return object->user_principal_name;
  if (!dsc_health_str_empty (object->mail))
    return object->mail;
  return object->id != NULL ? object->id : _("unnamed object");
}

static const char *
kind_word (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_USER: return _("user");
    case DSC_OBJECT_GROUP: return _("group");
    case DSC_OBJECT_CONTACT: return _("contact");
    }
  return _("object");
}

/* "Adele Vance (user, synced, quarantined)" */
static char *
describe_member (const DscConflictMember *member)
{
  const DscDirectoryObject *object = member->object;
  const char *sync = object->on_premises_sync == DSC_TRISTATE_TRUE ? _("synced")
                   : object->on_premises_sync == DSC_TRISTATE_FALSE ? _("cloud-only") : NULL;
  g_autofree char *traits = JOIN (", ", kind_word (object->kind), sync,
                                  member->in_error ? _("quarantined") : NULL);

  return g_strdup_printf (_("%s (%s)"), object_name (object), traits);
}

char *
dsc_conflict_detail (const DscHealthEval *ev, const DscConflictGroup *group)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cloud_only = g_ptr_array_new ();
  g_autofree char *list = NULL;
  g_autofree char *claimed = NULL;
  g_autofree char *cloud_sentence = NULL;
  const char *missing = NULL;
  gint64 since = 0;
  g_autofree char *since_sentence = NULL;

  for (guint i = 0; i < group->members->len; i++)
    {
      const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, i);

      g_ptr_array_add (names, describe_member (m));
      if (m->object->on_premises_sync == DSC_TRISTATE_FALSE)
        g_ptr_array_add (cloud_only, (gpointer) object_name (m->object));
      if (m->in_error && m->since != 0 && (since == 0 || m->since < since))
        since = m->since;
    }
  list = dsc_health_join_ptr_array (names, ", ");

  if (group->members->len >= 2)
    claimed = g_strdup_printf (_("Objects holding %s: %s."), group->value, list);
  else
    {
      claimed = g_strdup_printf (_("%s is quarantined because another object already holds %s."),
                                 list, group->value);
      missing = dsc_health_source_ok (ev, DSC_SOURCE_CONFLICT_HOLDERS)
        ? _("The other object wasn't found: it may be in the recycle bin, or hold the value in "
            "another attribute (for example as a UPN instead of a proxy address).")
        : _("The other objects holding this value could not be read.");
    }

  if (since != 0)
    {
      g_autofree char *date = dsc_format_date (since);

      since_sentence = g_strdup_printf (_("In error since %s."), date);
    }

  if (cloud_only->len > 0)
    {
      g_autofree char *cloud_names = dsc_health_join_ptr_array (cloud_only, ", ");

      cloud_sentence = g_strdup_printf (_("Cloud-only objects (%s) are changed in the Microsoft "
                                          "365 admin center instead."), cloud_names);
    }

  return JOIN (" ", claimed, since_sentence, missing,
               _("Decide which object should keep the value and remove it from the others. Change "
                 "the value on the on-premises object at its source, then let the next sync run."),
               cloud_sentence);
}

DscConflictGroup *
dsc_conflict_lookup (GHashTable *groups, GPtrArray *order, const char *property, const char *value,
                     gboolean create)
{
  g_autofree char *key = group_key (property, value);
  DscConflictGroup *group = g_hash_table_lookup (groups, key);

  if (group == NULL && create)
    {
      group = g_new0 (DscConflictGroup, 1);
      group->property = g_strdup (canonical_property (property));
      group->value = g_strdup (value != NULL ? value : "");
      group->id_value = group_id_value (property, value);
      group->members = g_array_new (FALSE, TRUE, sizeof (DscConflictMember));
      g_hash_table_insert (groups, g_steal_pointer (&key), group);
      g_ptr_array_add (order, group);
    }
  return group;
}

int
dsc_conflict_group_compare (gconstpointer a, gconstpointer b)
{
  const DscConflictGroup *ga = *(DscConflictGroup * const *) a;
  const DscConflictGroup *gb = *(DscConflictGroup * const *) b;
  int cmp = g_strcmp0 (ga->property, gb->property);

  return cmp != 0 ? cmp : g_strcmp0 (ga->id_value, gb->id_value);
}
