/* rule-cant-manage.c — health rule: source of authority: why synced objects can't be managed in
 * the cloud (informational pane).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

/* Informational panes: source of authority, synchronized attributes */

void
dsc_health_rule_cant_manage (DscHealthEval *ev)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) synced = g_ptr_array_new ();
  guint total = 0;
  g_autofree char *counted = NULL;
  g_autofree char *detail = NULL;
  DscFinding *finding;

  /* Every object the report mentions, once: those in error and those holding their values. */
  for (guint i = 0; i < ev->snap->objects->len + ev->snap->holders->len; i++)
    {
      DscDirectoryObject *object;

      if (i < ev->snap->objects->len)
        object = g_ptr_array_index (ev->snap->objects, i);
      else
        object = ((DscValueHolder *) g_ptr_array_index (ev->snap->holders,
                                                         i - ev->snap->objects->len))->object;
      if (object == NULL || object->id == NULL || !g_hash_table_add (seen, object->id))
        continue;
      total++;
      if (object->on_premises_sync == DSC_TRISTATE_TRUE)
        g_ptr_array_add (synced, object);
    }

  if (total > 0)
    counted = g_strdup_printf (ngettext ("%u of the %u objects involved in sync errors is synced "
                                         "from on-premises: change it there.",
                                         "%u of the %u objects involved in sync errors are synced "
                                         "from on-premises: change them there.", synced->len),
                               synced->len, total);
  detail = JOIN (" ",
                 _("Objects synced from on-premises Active Directory are managed there. Change or "
                   "delete them on-premises and let the next sync run: edits made in Microsoft "
                   "365 fail or are overwritten."),
                 counted,
                 ev->snap->sync_state == DSC_SYNC_STATE_OFF
                 ? _("Directory sync is off, so objects that were synced are now managed in the "
                     "cloud.") : NULL);
  finding = dsc_health_add_finding (ev, DSC_CATEGORY_CANT_MANAGE, DSC_STATUS_INFO,
                                    "cant-manage/source-of-authority",
                                    _("Synced objects are managed on-premises"), detail);
  for (guint i = 0; i < synced->len; i++)
    {
      DscDirectoryObject *object = g_ptr_array_index (synced, i);

      dsc_finding_add_object (finding, object, NULL, NULL, 0, object->n_errors > 0);
    }
}
