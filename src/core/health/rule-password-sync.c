/* rule-password-sync.c — health rule: how long ago password hashes last synced. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-reconcile.h"

void
dsc_health_rule_password_sync (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_PASSWORD_SYNC, _("Password hash sync"));
  const DscPolicy *policy = ev->policy;
  gboolean settings_ok = dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS);
  gboolean beta_ok = dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION_BETA);
  DscTristate phs = settings_ok ? ev->snap->settings.password_sync_enabled : DSC_TRISTATE_UNKNOWN;
  gint64 last = ev->snap->last_password_sync;
  g_autofree char *last_line = NULL;
  g_autofree char *state_line = NULL;
  gint64 age;
  DscStatus status;

  /* Reported off, yet passwords arrive: say both and what it likely means. */
  if (phs == DSC_TRISTATE_FALSE && beta_ok)
    {
      DscContradiction contradiction = { 0 };

      if (dsc_reconcile_password_sync_off (phs, last, ev->now, policy->password_warning_after,
                                           &contradiction))
        {
          DscFinding *finding;

          dsc_health_tile_set (tile, DSC_STATUS_WARNING, _("Reported off"), contradiction.summary);
          tile->timestamp = last;
          finding = dsc_health_add_finding (ev, DSC_CATEGORY_PASSWORD_SYNC, DSC_STATUS_WARNING,
                                            "password-sync/reported-off-but-syncing",
                                            contradiction.title, contradiction.detail);
          dsc_finding_set_fix_steps (finding, (const char *const *) contradiction.steps);
          dsc_contradiction_clear (&contradiction);
          return;
        }
    }

  if (phs == DSC_TRISTATE_FALSE)
    {
      dsc_health_tile_set (tile, DSC_STATUS_OK, _("Off"), _("Password hash sync is not enabled"));
      dsc_health_set_str (&tile->tooltip, _("Users sign in through federation or pass-through "
                                            "authentication, or with cloud passwords."));
      return;
    }

  /* Directory sync off or never set up: password sync can't run either, and
   * the sync tile already says so. */
  if (dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION)
      && (ev->snap->sync_state == DSC_SYNC_STATE_OFF
          || ev->snap->sync_state == DSC_SYNC_STATE_NEVER))
    {
      dsc_health_tile_set (tile, DSC_STATUS_OK, _("Off"), _("Directory sync is not on"));
      return;
    }

  if (!beta_ok)
    {
      if (phs == DSC_TRISTATE_TRUE)
        {
          dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("On"),
                               dsc_health_source_short (ev, DSC_SOURCE_ORGANIZATION_BETA));
          dsc_health_take_str (&tile->limited_reason,
                               dsc_health_source_reason (ev, DSC_SOURCE_ORGANIZATION_BETA));
        }
      else
        {
          g_autofree char *settings_reason = dsc_health_source_reason (ev,
                                                                       DSC_SOURCE_SYNC_SETTINGS);
          g_autofree char *beta_reason = dsc_health_source_reason (ev,
                                                                   DSC_SOURCE_ORGANIZATION_BETA);

          dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                               dsc_health_source_short (ev, DSC_SOURCE_SYNC_SETTINGS));
          dsc_health_take_str (&tile->limited_reason, JOIN (" ", settings_reason, beta_reason));
        }
      return;
    }

  if (phs == DSC_TRISTATE_UNKNOWN)
    {
      g_autofree char *reason = dsc_health_source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

      state_line = g_strdup_printf (_("Whether password hash sync is on is unknown: %s"), reason);
    }

  if (last == 0)
    {
      if (phs == DSC_TRISTATE_TRUE)
        {
          dsc_health_tile_set (tile, DSC_STATUS_WARNING, _("No password sync recorded"),
                               _("Password hash sync is on, but no password sync was ever "
                                 "recorded"));
          dsc_health_add_finding (ev, DSC_CATEGORY_PASSWORD_SYNC, DSC_STATUS_WARNING,
                                  "password-sync/never",
                                  _("No password hash sync recorded"),
                                  _("Password hash sync is turned on, but Microsoft Entra ID has "
                                    "no record of a password sync from Entra Connect. Users' "
                                    "on-premises passwords don't work in Microsoft 365 until it "
                                    "runs. Run the password hash sync troubleshooter on the Entra "
                                    "Connect server."));
        }
      else
        {
          /* Most likely off, but only a Global Administrator can tell. */
          dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                               _("No password sync recorded; whether it is on is unknown"));
          dsc_health_take_str (&tile->limited_reason,
                               dsc_health_source_reason (ev, DSC_SOURCE_SYNC_SETTINGS));
        }
      return;
    }

  age = MAX (ev->now - last, 0);
  if (age > policy->password_error_after)
    status = DSC_STATUS_ERROR;
  else if (age > policy->password_warning_after)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  {
    g_autofree char *value = dsc_format_age (last, ev->now);

    dsc_health_tile_set (tile, status, value,
                         phs == DSC_TRISTATE_TRUE
                         ? _("Password hash sync runs every 2 minutes")
                         : status == DSC_STATUS_OK
                         /* A recent password sync shows it is on, whatever the setting. */
                         ? _("Passwords synced recently, so password hash sync is running")
                         : _("Password hashes stopped arriving; whether sync is still on is "
                             "unknown"));
    tile->timestamp = last;
  }
  {
    g_autofree char *iso = dsc_format_iso8601_or_unknown (last);

    last_line = g_strdup_printf (_("Last password hash sync: %s"), iso);
    dsc_health_take_str (&tile->tooltip, JOIN ("\n", last_line, state_line));
  }

  if (status != DSC_STATUS_OK)
    {
      g_autofree char *duration = dsc_format_duration (age);
      g_autofree char *title = g_strdup_printf (_("No password hash sync for %s"), duration);
      g_autofree char *first = g_strdup_printf (_("No password hash sync for %s."), duration);
      g_autofree char *check = dsc_health_check_adsync_sentence (ev);
      const char *unknown = phs == DSC_TRISTATE_UNKNOWN
        ? _("Whether password hash sync is still turned on could not be read (only a Global "
            "Administrator can read sync settings); if it was turned off on purpose, ignore this.")
        : NULL;
      g_autofree char *detail =
        JOIN (" ", first, _("Password hash sync normally runs every 2 minutes, so password "
                            "changes made on-premises aren't reaching Microsoft 365."),
              check, unknown);

      dsc_health_add_finding (ev, DSC_CATEGORY_PASSWORD_SYNC, status, "password-sync/stale", title,
                              detail);
    }
}
