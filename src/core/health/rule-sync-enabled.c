/* rule-sync-enabled.c — health rule: directory sync on, off or never set up
 * (the "Directory sync" tile).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

void
dsc_health_rule_sync_enabled (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_SYNC_ENABLED, _("Directory sync"));

  if (!dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION)
      || ev->snap->sync_state == DSC_SYNC_STATE_UNKNOWN)
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION);
      return;
    }

  switch (ev->snap->sync_state)
    {
    case DSC_SYNC_STATE_ON:
      dsc_health_tile_set (tile, DSC_STATUS_OK, _("On"),
                           _("Users and groups are synchronized from on-premises Active "
                             "Directory"));
      dsc_health_set_str (&tile->tooltip,
                          _("Synced objects are managed in on-premises Active Directory."));
      break;

    case DSC_SYNC_STATE_OFF:
      dsc_health_tile_set (tile, DSC_STATUS_ERROR, _("Off"),
                           _("Directory sync was turned off; objects are now managed in the "
                             "cloud"));
      dsc_health_add_finding (ev, DSC_CATEGORY_CANT_MANAGE, DSC_STATUS_ERROR,
                              "cant-manage/sync-turned-off",
                              _("Directory sync is turned off"),
                              _("Directory synchronization was turned off for this tenant. Objects "
                                "that were synced are now managed in the cloud, and changes made "
                                "in on-premises Active Directory no longer reach Microsoft 365. If "
                                "that wasn't intended, turn sync back on (Set-EntraDirSyncEnabled "
                                "-EnableDirSync $true) and run Entra Connect again; switching can "
                                "take up to 72 hours."));
      break;

    case DSC_SYNC_STATE_NEVER:
      /* Nothing to manage on-premises yet: the useful pane is "get Entra Connect". */
      tile->category = DSC_CATEGORY_CONNECT_VERSION;
      dsc_health_tile_set (tile, DSC_STATUS_WARNING, _("Not configured"),
                           _("This tenant has never synchronized from on-premises"));
      dsc_health_add_finding (ev, DSC_CATEGORY_CONNECT_VERSION, DSC_STATUS_WARNING,
                              "connect-version/not-configured",
                              _("Directory sync has never been set up"),
                              _("This tenant has never received a sync from on-premises Active "
                                "Directory. To manage users on-premises, install Microsoft Entra "
                                "Connect from the Microsoft Entra admin center. If the tenant is "
                                "cloud-only on purpose, nothing needs to be done."));
      break;

    case DSC_SYNC_STATE_UNKNOWN:
      g_assert_not_reached ();
    }
}
