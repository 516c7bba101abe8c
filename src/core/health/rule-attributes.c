/* rule-attributes.c — health rule: which attributes are synchronized (informational pane). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

typedef struct {
  const char *name;
  const char *label;
} FeatureLabel;

/* Only features that change what is synchronized, in admin words. */
static const FeatureLabel attribute_features[] = {
  { "directoryExtensionsEnabled", N_("directory extensions") },
  { "groupWriteBackEnabled", N_("group writeback") },
  { "unifiedGroupWritebackEnabled", N_("Microsoft 365 group writeback") },
  { "userWritebackEnabled", N_("user writeback") },
  { "deviceWritebackEnabled", N_("device writeback") },
  { "passwordSyncEnabled", N_("password hash sync") },
  { "synchronizeUpnForManagedUsersEnabled", N_("UPN changes for managed users") },
  { "bypassDirSyncOverridesEnabled", N_("on-premises mobile numbers win over cloud edits") },
  { "userForcePasswordChangeOnLogonEnabled", N_("“change password at next logon”") },
};

void
dsc_health_rule_attributes (DscHealthEval *ev)
{
  const DscSyncSettings *settings = &ev->snap->settings;
  g_autoptr(GPtrArray) enabled = g_ptr_array_new ();
  g_autofree char *features = NULL;
  g_autofree char *anchor = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *detail = NULL;

  if (dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      for (guint i = 0; i < G_N_ELEMENTS (attribute_features); i++)
        for (guint j = 0; settings->features != NULL && j < settings->features->len; j++)
          {
            const DscSyncFeature *feature = &g_array_index (settings->features, DscSyncFeature, j);

            if (feature->enabled && feature->name != NULL
                && g_ascii_strcasecmp (feature->name, attribute_features[i].name) == 0)
              g_ptr_array_add (enabled, (gpointer) _(attribute_features[i].label));
          }
      if (enabled->len > 0)
        {
          g_autofree char *list = dsc_health_join_ptr_array (enabled, ", ");

          features = g_strdup_printf (_("Turned on in this tenant: %s."), list);
        }
      else
        features = g_strdup (_("No optional sync features are turned on in this tenant."));
      if (!dsc_health_str_empty (settings->anchor_attribute))
        anchor = g_strdup_printf (_("Source anchor attribute: %s."), settings->anchor_attribute);
    }
  else
    reason = dsc_health_source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

  detail = JOIN (" ",
                 _("Entra Connect syncs Microsoft's standard set of attributes for users, groups "
                   "and contacts; optional features add more."),
                 features, anchor, reason);
  dsc_health_add_finding (ev, DSC_CATEGORY_ATTRIBUTES, DSC_STATUS_INFO, "attributes/synchronized",
                          _("Which attributes are synchronized"), detail);
}
