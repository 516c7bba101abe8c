/* rule-last-sync.c — health rule: how long ago Entra Connect last synced
 * (the "Last directory sync" tile).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-cloud-sync-rules.h"
#include "dsc-health-private.h"

/* Entra Connect needs a full sync when no delta sync ran for this long. */
#define MAX_DELTA_GAP (7 * DSC_DAY)

/* Rule: last directory sync */

static gint64
expected_interval (const DscHealthEval *ev, gboolean *from_tenant)
{
  const DscSyncSettings *settings = &ev->snap->settings;

  *from_tenant = FALSE;
  if (dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      *from_tenant = TRUE;
      if (settings->sync_interval > 0)
        return settings->sync_interval;
      if (settings->customer_sync_interval > 0)
        return settings->customer_sync_interval;
      *from_tenant = FALSE;
    }
  return ev->policy->sync_interval_default > 0 ? ev->policy->sync_interval_default
                                                : 30 * DSC_MINUTE;
}

void
dsc_health_rule_last_sync (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_LAST_SYNC, _("Last directory sync"));
  const DscPolicy *policy = ev->policy;
  gint64 last = ev->snap->last_sync;
  gboolean from_tenant;
  gint64 interval = expected_interval (ev, &from_tenant);
  g_autofree char *interval_text = dsc_format_interval (interval);
  g_autofree char *summary = NULL;
  g_autofree char *interval_line = NULL;
  g_autofree char *last_line = NULL;
  g_autofree char *server_line = NULL;
  gint64 age, warn_after;
  DscStatus status;

  if (!dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION)
      || ev->snap->sync_state == DSC_SYNC_STATE_UNKNOWN)
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION);
      return;
    }

  {
    g_autofree char *iso = last != 0 ? dsc_format_iso8601_or_unknown (last)
                                     : g_strdup (_("none recorded"));

    last_line = g_strdup_printf (_("Last directory sync: %s"), iso);
  }

  /* Sync off or never set up: no age to judge, same verdict as the sync tile. */
  if (ev->snap->sync_state == DSC_SYNC_STATE_OFF)
    {
      dsc_health_tile_set (tile, DSC_STATUS_ERROR, _("No sync"), _("Directory sync is turned off"));
      dsc_health_set_str (&tile->tooltip, last_line);
      /* The pane says why there is no sync, so it never reads "running". */
      dsc_health_add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_ERROR,
                              "no-recent-sync/sync-off",
                              _("No directory sync: sync is turned off for this tenant"),
                              _("Microsoft Entra ID no longer accepts changes from Entra Connect "
                                "because directory sync was turned off. See “Managing synced "
                                "objects” for what that means and how to turn it back on."));
      return;
    }
  if (ev->snap->sync_state == DSC_SYNC_STATE_NEVER)
    {
      dsc_health_tile_set (tile, DSC_STATUS_WARNING, _("No sync"),
                           _("This tenant has never synchronized from on-premises"));
      dsc_health_set_str (&tile->tooltip, last_line);
      dsc_health_add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_WARNING,
                              "no-recent-sync/never-set-up",
                              _("No directory sync: sync has never been set up"),
                              _("This tenant has never received a sync from on-premises Active "
                                "Directory. If it is cloud-only on purpose, nothing needs to be "
                                "done; otherwise install Microsoft Entra Connect."));
      return;
    }

  /* A Cloud-Sync-only tenant: the Entra Connect tile says "Not used", so this
   * one must not speak of Entra Connect's schedule. */
  if (!dsc_cloud_sync_connect_checks_apply (ev->snap, NULL))
    summary = g_strdup (_("Synced by Microsoft Entra Cloud Sync"));
  else
    summary = g_strdup_printf (from_tenant ? _("Entra Connect is set to sync %s")
                                           : _("Entra Connect normally syncs %s"),
                               interval_text);
  interval_line = g_strdup_printf (from_tenant ? _("Sync interval (tenant setting): %s")
                                               : _("Sync interval (Entra Connect default): %s"),
                                   interval_text);
  if (dsc_health_sync_server (ev) != NULL)
    server_line = g_strdup_printf (_("Sync server: %s"), dsc_health_sync_server (ev));

  if (last == 0)
    {
      dsc_health_tile_set (tile, DSC_STATUS_ERROR, _("Never"),
                           _("Sync is on, but no sync was ever recorded"));
      dsc_health_take_str (&tile->tooltip, JOIN ("\n", last_line, interval_line, server_line));
      {
        g_autofree char *check = dsc_health_check_adsync_sentence (ev);
        g_autofree char *detail =
          JOIN (" ", _("Directory sync is turned on, but Microsoft Entra ID has never received a "
                       "sync from Entra Connect."), check);
        DscFinding *finding =
          dsc_health_add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, DSC_STATUS_ERROR,
                                  "no-recent-sync/never",
                                  _("No directory sync was ever recorded"), detail);

        if (dsc_health_sync_server (ev) != NULL)
          {
            g_autofree char *first =
              g_strdup_printf (_("On %s, check that the Microsoft Azure AD Sync service (ADSync) "
                                 "is running, and start it if it "
                                 "isn't."), dsc_health_sync_server (ev));

            dsc_health_set_steps_with_first (finding, DSC_CATEGORY_NO_RECENT_SYNC, first);
          }
      }
      return;
    }

  age = MAX (ev->now - last, 0);
  warn_after = 2 * interval + policy->sync_grace;
  if (age >= policy->sync_error_after)
    status = DSC_STATUS_ERROR;
  else if (age > warn_after)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  {
    g_autofree char *value = dsc_format_age (last, ev->now);

    dsc_health_tile_set (tile, status, value, summary);
    tile->timestamp = last;
  }

  {
    g_autofree char *warn_text = dsc_format_duration (warn_after);
    g_autofree char *error_text = dsc_format_duration (policy->sync_error_after);
    g_autofree char *limits = g_strdup_printf (_("Warning after %s, error after %s without a sync"),
                                               warn_text, error_text);

    dsc_health_take_str (&tile->tooltip,
                         JOIN ("\n", last_line, interval_line, server_line, limits));
  }

  if (status != DSC_STATUS_OK)
    {
      g_autofree char *duration = dsc_format_duration (age);
      g_autofree char *clock = dsc_format_utc_clock (last, ev->now);
      /* Translators: "No directory sync for 5 hours — last 08:32 UTC" */
      g_autofree char *title = g_strdup_printf (_("No directory sync for %s — last %s"),
                                                duration, clock);
      g_autofree char *first = g_strdup_printf (_("No sync for %s."), duration);
      g_autofree char *second =
        g_strdup_printf (from_tenant ? _("Entra Connect is set to sync %s.")
                                     : _("Entra Connect normally syncs %s."), interval_text);
      g_autofree char *third = dsc_health_check_adsync_sentence (ev);
      const char *email = age >= 24 * DSC_HOUR
        ? _("Microsoft e-mails the admins when no sync was registered for 24 hours.") : NULL;
      const char *full = age > MAX_DELTA_GAP
        ? _("More than 7 days have passed: once Entra Connect works again it needs a full sync "
            "(Start-ADSyncSyncCycle -PolicyType Initial).") : NULL;
      g_autofree char *detail = JOIN (" ", first, second, third, email, full);
      DscFinding *finding = dsc_health_add_finding (ev, DSC_CATEGORY_NO_RECENT_SYNC, status,
                                                    "no-recent-sync/stale", title, detail);

      if (dsc_health_sync_server (ev) != NULL)
        {
          g_autofree char *step =
            g_strdup_printf (_("On %s, check that the Microsoft Azure AD Sync service (ADSync) is "
                               "running, and start it if it isn't."), dsc_health_sync_server (ev));

          dsc_health_set_steps_with_first (finding, DSC_CATEGORY_NO_RECENT_SYNC, step);
        }
    }
}
