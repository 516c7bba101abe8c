/* dsc-reconcile.c — facts that disagree, and what that likely means. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-connect-versions.h"
#include "dsc-reconcile.h"
#include "dsc-time.h"

void
dsc_contradiction_clear (DscContradiction *c)
{
  g_clear_pointer (&c->summary, g_free);
  g_clear_pointer (&c->title, g_free);
  g_clear_pointer (&c->detail, g_free);
  g_clear_pointer (&c->steps, g_strfreev);
}

static gboolean
recent (gint64 then, gint64 now, gint64 within)
{
  return then > 0 && then <= now + 60 && now - then <= within;
}

static void
add_step (GStrvBuilder *steps, const char *text, const char *command)
{
  g_autofree char *step = dsc_fix_step_new (text, command);

  g_strv_builder_add (steps, step);
}

gboolean
dsc_reconcile_version_and_sync (const char       *version,
                                const char       *minimum_version,
                                gint64            minimum_since,
                                gint64            last_sync,
                                const char       *server,
                                gint64            now,
                                gint64            recent_within,
                                DscContradiction *out)
{
  g_autoptr(GStrvBuilder) steps = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *since = NULL;
  g_autofree char *first = NULL;
  g_autofree char *check_server = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (version == NULL || minimum_version == NULL || minimum_since == 0
      || dsc_version_compare (version, minimum_version) >= 0
      || now < minimum_since || last_sync <= minimum_since
      || !recent (last_sync, now, recent_within))
    return FALSE;

  clock = dsc_format_utc_clock (last_sync, now);
  since = dsc_format_date (minimum_since);

  /* Translators: %s is a time ("10:06 UTC") */
  out->summary = g_strdup_printf (_("This version can't sync, yet a sync arrived at %s"), clock);
  /* Translators: %s is a version ("2.4.27.0") */
  out->title = g_strdup_printf (_("Entra Connect %s is reported, but directory sync is "
                                  "running"), version);
  /* Translators: versions ("2.4.27.0", "2.5.79.0"), a date ("30 Sep 2026"), a time */
  first = g_strdup_printf (_("The sync settings report Entra Connect %s, and versions below %s "
                             "can't sync since %s — yet the last directory sync arrived at %s. "
                             "Both can't be true for one server."),
                           version, minimum_version, since, clock);
  out->detail = g_strjoin (" ", first,
                           _("Most likely another, newer Entra Connect server is the active "
                             "one and the server reporting this version is in staging mode or "
                             "no longer used; or the version reported is stale; or the version "
                             "table's dates are approximate and the cut-off is not enforced yet "
                             "for this tenant."),
                           _("Check each sync server's version and which one is active; upgrade "
                             "or remove the old one, because it can't take over if the active "
                             "server fails."),
                           NULL);

  steps = g_strv_builder_new ();
  if (server != NULL)
    /* Translators: %s is the sync server's name */
    check_server = g_strdup_printf (_("On %s and on every other Entra Connect server, check "
                                      "whether it is in staging mode (StagingModeEnabled True) "
                                      "or the active server, in PowerShell:"), server);
  add_step (steps, check_server != NULL ? check_server
                   : _("On every Entra Connect server, check whether it is in staging mode "
                       "(StagingModeEnabled True) or the active server, in PowerShell:"),
            "Get-ADSyncScheduler | Select-Object StagingModeEnabled, SyncCycleEnabled");
  add_step (steps, _("On each server, read the version it runs:"),
            "(Get-ADSyncGlobalSettings).Parameters | Where-Object Name -eq "
            "'Microsoft.Synchronize.ServerConfigurationVersion' | Select-Object Value");
  add_step (steps, _("Upgrade every server below the minimum version, staging servers too, "
                     "from the Microsoft Entra admin center; remove servers you no longer use."),
            NULL);
  out->steps = g_strv_builder_end (steps);
  return TRUE;
}

gboolean
dsc_reconcile_password_sync_off (DscTristate       enabled,
                                 gint64            last_password_sync,
                                 gint64            now,
                                 gint64            recent_within,
                                 DscContradiction *out)
{
  g_autoptr(GStrvBuilder) steps = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *first = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (enabled != DSC_TRISTATE_FALSE || !recent (last_password_sync, now, recent_within))
    return FALSE;

  clock = dsc_format_utc_clock (last_password_sync, now);
  /* Translators: %s is a time ("10:06 UTC") */
  out->summary = g_strdup_printf (_("Reported off, yet passwords synced at %s"), clock);
  out->title = g_strdup (_("Password hash sync is reported off, but passwords are syncing"));
  /* Translators: %s is a time ("10:06 UTC") */
  first = g_strdup_printf (_("The sync settings say password hash sync is off, yet the last "
                             "password sync arrived at %s."), clock);
  out->detail = g_strjoin (" ", first,
                           _("Most likely it was turned off moments ago and this was the last "
                             "sync before that; or another sync server or a Cloud Sync "
                             "configuration still syncs password hashes; or the setting read is "
                             "stale."),
                           _("If you turned it off on purpose, check that no other server or "
                             "Cloud Sync configuration still syncs passwords; if you didn't, "
                             "check the setting on the active server."),
                           NULL);

  steps = g_strv_builder_new ();
  add_step (steps, _("On each Entra Connect server, read whether password hash sync is on for "
                     "each Active Directory connector, in PowerShell:"),
            "Get-ADSyncConnector | Where-Object ConnectorTypeName -eq 'AD' | ForEach-Object "
            "{ Get-ADSyncAADPasswordSyncConfiguration -SourceConnector $_.Name }");
  add_step (steps, _("In the Microsoft Entra admin center, open Entra Connect → Cloud Sync and "
                     "check whether a configuration has password hash sync turned on."), NULL);
  add_step (steps, _("Wait for the next refresh: if passwords keep arriving, something still "
                     "syncs them."), NULL);
  out->steps = g_strv_builder_end (steps);
  return TRUE;
}

gboolean
dsc_reconcile_quarantine_and_sync (gint64            quarantined_since,
                                   gint64            last_sync,
                                   gint64            now,
                                   gint64            recent_within,
                                   DscContradiction *out)
{
  g_autoptr(GStrvBuilder) steps = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *since = NULL;
  g_autofree char *first = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  if (quarantined_since <= 0 || last_sync <= quarantined_since
      || !recent (last_sync, now, recent_within))
    return FALSE;

  clock = dsc_format_utc_clock (last_sync, now);
  since = dsc_format_utc_clock (quarantined_since, now);
  /* Translators: %s is a time ("10:06 UTC") */
  out->summary = g_strdup_printf (_("In quarantine, yet a sync arrived at %s"), clock);
  out->title = g_strdup (_("Cloud Sync is in quarantine, but directory sync is running"));
  /* Translators: two times ("10:06 UTC", "14 Nov 2026, 08:30 UTC") */
  first = g_strdup_printf (_("Every Cloud Sync configuration has been in quarantine since %s, "
                             "yet the last directory sync arrived at %s."), since, clock);
  out->detail = g_strjoin (" ", first,
                           _("Most likely something else still syncs to this tenant: an Entra "
                             "Connect server that was never switched off, or a configuration "
                             "this account can't read. Objects that only the quarantined "
                             "configuration syncs are not updated."),
                           NULL);

  steps = g_strv_builder_new ();
  add_step (steps, _("Look for an Entra Connect server that still runs: in the Microsoft Entra "
                     "admin center, Entra Connect › Connect Sync shows the last sync and the "
                     "server's name. On that server, in PowerShell:"),
            "Get-ADSyncScheduler | Select-Object StagingModeEnabled, SyncCycleEnabled");
  add_step (steps, _("Then fix the quarantine's cause (below) and restart provisioning of the "
                     "configuration."), NULL);
  out->steps = g_strv_builder_end (steps);
  return TRUE;
}
