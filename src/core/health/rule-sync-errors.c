/* rule-sync-errors.c — health rule: objects with sync errors, one finding per conflicting value. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-conflicts.h"
#include "dsc-conflict-diagnosis.h"

/* The summary names this many domains, then "other domains". */
#define SUMMARY_DOMAINS 5

static DscStatus
error_count_status (const DscPolicy *policy, guint n)
{
  if (n == 0)
    return DSC_STATUS_OK;
  if (n >= policy->sync_errors_error)
    return DSC_STATUS_ERROR;
  if (n >= policy->sync_errors_warning)
    return DSC_STATUS_WARNING;
  return DSC_STATUS_INFO;
}

/* @format (a translation of "%s is claimed by %u objects") with @n written
 * in for its %u and "%1$s" for its %s, for FORMAT_S (): printf was a good part
 * of the rule's time. NULL when it has any other conversion. */
static char *
with_count (const char *format, guint n)
{
  g_autoptr(GString) out = g_string_sized_new (strlen (format) + 16);
  guint next = 0;

  for (const char *p = format; *p != '\0'; p++)
    {
      guint index;
      char conversion;

      if (*p != '%')
        {
          g_string_append_c (out, *p);
          continue;
        }
      if (p[1] == '%')
        {
          g_string_append (out, "%%");
          p++;
          continue;
        }
      if (p[1] == 's' || p[1] == 'u')
        {
          index = next++;
          conversion = p[1];
          p += 1;
        }
      else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$' && (p[3] == 's' || p[3] == 'u'))
        {
          index = (guint) (p[1] - '1');
          conversion = p[3];
          p += 3;
        }
      else
        return NULL;
      if (conversion == 's' && index == 0)
        g_string_append (out, "%1$s");
      else if (conversion == 'u' && index == 1)
        g_string_append_printf (out, "%u", n);
      else
        return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "… is claimed by 3 objects": the format for @n made once per evaluation
 * (in @cache, when @n is small). */
static char *
claimed_by_title (char **cache, guint cache_len, const char *value, guint n)
{
  g_autofree char *own = NULL;
  const char *format = n < cache_len ? cache[n] : NULL;

  if (format == NULL)
    {
      const char *translated = ngettext ("%s is claimed by %u object",
                                         "%s is claimed by %u objects", n);
      char *counted = with_count (translated, n);

      if (counted == NULL)
        return g_strdup_printf (translated, value, n);
      if (n < cache_len)
        format = cache[n] = counted;
      else
        format = own = counted;
    }
  return FORMAT_S (format, value);
}

void
dsc_health_rule_sync_errors (DscHealthEval *ev)
{
  static const DscSource error_sources[] = {
    DSC_SOURCE_USER_ERRORS, DSC_SOURCE_GROUP_ERRORS, DSC_SOURCE_CONTACT_ERRORS,
  };
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_SYNC_ERRORS, _("Sync errors"));
  g_autoptr(GHashTable) groups = dsc_conflict_groups_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GHashTable) in_error = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) proxy_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) upn_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) other_objects = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GPtrArray) failed_labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) failed_reasons = g_ptr_array_new_with_free_func (g_free);
  /* Each conflict's on-premises DNs, by member: one array for them all. */
  g_autoptr(GPtrArray) dns = g_ptr_array_new_with_free_func (g_free);
  /* The title's plural forms by count, translated once per evaluation. */
  char *claimed_by[8] = { NULL };
  const char *already_used = _("%s is already used by another object");
  guint counts[3] = { 0, 0, 0 };
  DscConflictTexts texts;
  /* The labels and advice, translated once per evaluation. */
  DscConflictAdviceTexts advice_texts = { { NULL } };
  gboolean holders_read;
  guint n_objects;
  guint n_cloud;

  for (guint i = 0; i < G_N_ELEMENTS (error_sources); i++)
    if (!dsc_health_source_ok (ev, error_sources[i]))
      {
        g_ptr_array_add (failed_labels, (gpointer) dsc_source_to_label (error_sources[i]));
        g_ptr_array_add (failed_reasons, dsc_health_source_reason (ev, error_sources[i]));
      }

  for (guint i = 0; i < ev->snap->objects->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (ev->snap->objects, i);

      for (guint j = 0; j < object->n_errors; j++)
        {
          const DscProvisioningError *error = &object->errors[j];
          DscConflictGroup *group = dsc_conflict_lookup (groups, order, error->property,
                                                         error->value, TRUE);
          DscConflictMember member = { object, error->value, error->occurred, TRUE };
          GHashTable *by_property = dsc_conflict_is_proxy_property (error->property) ? proxy_objects
                                  : dsc_conflict_is_upn_property (error->property) ? upn_objects
                                  : other_objects;

          g_hash_table_add (in_error, object);
          g_hash_table_add (by_property, object);
          if (dsc_conflict_group_has_object (group, object))
            continue;
          g_array_append_val (group->members, member);
          group->n_in_error++;
        }
      if (object->kind <= DSC_OBJECT_CONTACT && object->n_errors > 0)
        counts[object->kind]++;
    }

  /* The other side of each conflict: objects holding the value without an error. */
  for (guint i = 0; i < ev->snap->holders->len; i++)
    {
      const DscValueHolder *holder = g_ptr_array_index (ev->snap->holders, i);
      DscConflictGroup *group;
      DscConflictMember member = { holder->object, holder->value, 0, FALSE };

      if (holder->object == NULL)
        continue;
      group = dsc_conflict_lookup (groups, order, holder->property, holder->value, FALSE);
      if (group == NULL || dsc_conflict_group_has_object (group, holder->object))
        continue;
      g_array_append_val (group->members, member);
    }

  g_ptr_array_sort (order, dsc_conflict_group_compare);
  dsc_conflict_texts_init (&texts, ev);
  holders_read = dsc_health_source_ok (ev, DSC_SOURCE_CONFLICT_HOLDERS);
  for (guint i = 0; i < order->len; i++)
    {
      const DscConflictGroup *group = g_ptr_array_index (order, i);
      g_autofree char *id = g_strconcat ("object-errors/", group->property, "/",
                                         group->id_value, NULL);
      g_autofree char *title = NULL;
      g_autofree char *detail = NULL;
      g_autofree char *advice = NULL;
      const DscConflictMember *quarantined = NULL;
      const DscConflictMember *other = NULL;
      DscConflictCase kind;
      DscConflictContext context = {
        NULL, ev->snap->onprem_scan != NULL,
        ev->snap->settings.block_soft_match, ev->snap->settings.block_hard_match_takeover,
        &advice_texts,
      };
      DscFinding *finding;

      /* The on-premises scan's join: the exact objects to edit. */
      g_ptr_array_set_size (dns, 0);
      for (guint j = 0; j < group->members->len; j++)
        {
          const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, j);
          GPtrArray *found = dsc_onprem_scan_result_find_dns (ev->snap->onprem_scan,
                                                              m->object->id, m->value);

          g_ptr_array_add (dns, found != NULL ? dsc_health_join_ptr_array (found, "; ") : NULL);
        }
      context.dns = (const char *const *) dns->pdata;
      kind = dsc_conflict_classify (group, holders_read, &quarantined, &other);
      advice = dsc_conflict_advice (kind, group, quarantined, other, &context);
      detail = dsc_conflict_detail (&texts, group, advice);

      if (group->members->len >= 2)
        title = claimed_by_title (claimed_by, G_N_ELEMENTS (claimed_by), group->value,
                                  group->members->len);
      else
        title = FORMAT_S (already_used, group->value);

      finding = dsc_report_take_finding (ev->report, DSC_CATEGORY_OBJECT_ERRORS,
                                         error_count_status (ev->policy, group->n_in_error),
                                         g_steal_pointer (&id), g_steal_pointer (&title),
                                         g_steal_pointer (&detail));
      dsc_finding_set_diagnosis (finding, dsc_conflict_case_to_string (kind),
                                 g_strdup (dsc_conflict_case_label_in (&advice_texts, kind,
                                                                       group)),
                                 g_steal_pointer (&advice));
      for (guint j = 0; j < group->members->len; j++)
        {
          const DscConflictMember *m = &g_array_index (group->members, DscConflictMember, j);
          DscAffectedObject *affected;

          affected = dsc_finding_add_object (finding, m->object, group->property, m->value,
                                             m->since, m->in_error);
          affected->on_premises_dn = g_steal_pointer (&g_ptr_array_index (dns, j));
          affected->admin_url = dsc_entra_admin_url (ev->snap->graph_host, m->object->kind,
                                                     m->object->id);
        }
    }
  dsc_conflict_texts_clear (&texts);
  for (guint i = 0; i < G_N_ELEMENTS (claimed_by); i++)
    g_free (claimed_by[i]);

  /* The conflicts at a glance: in the pane's "Current state" and in every export. */
  if (order->len > 0)
    {
      g_auto(GStrv) lines = NULL;

      g_clear_pointer (&ev->report->conflict_summary, dsc_conflict_summary_free);
      ev->report->conflict_summary = dsc_conflict_summarize (order, ev->now, SUMMARY_DOMAINS);
      lines = dsc_conflict_summary_dup_lines (ev->report->conflict_summary);
      for (guint i = 0; lines[i] != NULL; i++)
        dsc_report_add_fact (ev->report, DSC_CATEGORY_OBJECT_ERRORS, lines[i]);
    }

  /* Entra Cloud Sync's object errors, beside Connect Sync's conflicts. */
  n_cloud = dsc_health_cloud_sync_object_errors (ev, error_count_status);
  n_objects = g_hash_table_size (in_error) + n_cloud;
  {
    g_autofree char *n_users = dsc_health_format_count (counts[DSC_OBJECT_USER]);
    g_autofree char *n_groups = dsc_health_format_count (counts[DSC_OBJECT_GROUP]);
    g_autofree char *n_contacts = dsc_health_format_count (counts[DSC_OBJECT_CONTACT]);
    g_autofree char *users = g_strdup_printf (_("Users in error: %s"), n_users);
    g_autofree char *grps = g_strdup_printf (_("Groups in error: %s"), n_groups);
    g_autofree char *contacts = g_strdup_printf (_("Contacts in error: %s"), n_contacts);
    g_autofree char *failed = dsc_health_join_ptr_array (failed_reasons, "\n");
    g_autofree char *cloud = n_cloud == 0 ? NULL
      : g_strdup_printf (_("Cloud Sync objects in error: %u"), n_cloud);

    dsc_health_take_str (&tile->tooltip, JOIN ("\n", users, grps, contacts, cloud, failed));
  }

  if (n_objects == 0)
    {
      if (failed_reasons->len > 0)
        {
          g_autofree char *labels = dsc_health_join_ptr_array (failed_labels, ", ");
          g_autofree char *summary = g_strdup_printf (_("Could not read: %s"), labels);

          dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"), summary);
          dsc_health_take_str (&tile->limited_reason,
                               dsc_health_join_ptr_array (failed_reasons, " "));
        }
      else
        dsc_health_tile_set (tile, DSC_STATUS_OK, _("None"), _("No objects with sync errors"));
      return;
    }

  {
    guint n_proxy = g_hash_table_size (proxy_objects);
    guint n_upn = g_hash_table_size (upn_objects);
    guint n_other = g_hash_table_size (other_objects);
    /* One vocabulary (issue 18): objects in error, and how many of them
     * conflict on which attribute; numbers in the locale's grouping. */
    g_autofree char *n_text = dsc_health_format_count (n_objects);
    g_autofree char *proxy_text = dsc_health_format_count (n_proxy);
    g_autofree char *upn_text = dsc_health_format_count (n_upn);
    g_autofree char *other_text = dsc_health_format_count (n_other);
    g_autofree char *value = g_strdup_printf (ngettext ("%s object in error",
                                                        "%s objects in error", n_objects),
                                              n_text);
    g_autofree char *proxy = n_proxy == 0 ? NULL
      : g_strdup_printf (ngettext ("%s with a duplicate proxy address",
                                   "%s with a duplicate proxy address", n_proxy), proxy_text);
    g_autofree char *upn = n_upn == 0 ? NULL
      : g_strdup_printf (ngettext ("%s with a duplicate UPN", "%s with a duplicate UPN", n_upn),
                         upn_text);
    g_autofree char *other = n_other == 0 ? NULL
      : g_strdup_printf (ngettext ("%s with another conflict", "%s with another conflict",
                                   n_other), other_text);
    g_autofree char *cloud = n_cloud == 0 ? NULL
      : g_strdup_printf (ngettext ("%u Cloud Sync object error", "%u Cloud Sync object errors",
                                   n_cloud), n_cloud);
    g_autofree char *labels = dsc_health_join_ptr_array (failed_labels, ", ");
    g_autofree char *failed = failed_labels->len == 0 ? NULL
      : g_strdup_printf (_("could not read: %s"), labels);
    g_autofree char *summary = JOIN (" · ", proxy, upn, other, cloud, failed);
    DscStatus status = error_count_status (ev->policy, n_objects);

    /* Below the warning threshold the admin chose to tolerate these. */
    dsc_health_tile_set (tile, status == DSC_STATUS_INFO ? DSC_STATUS_OK : status, value, summary);
  }
}
