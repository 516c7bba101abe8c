/* rule-connect-version.c — health rule: whether the Entra Connect version is supported, against
 * the version table (data/connect-versions.json).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"
#include "dsc-reconcile.h"

/* The minimum version's "reason" in data/connect-versions.json is a key, not
 * text: a translated sentence for it. For a key this build doesn't know, a
 * generic sentence once the date has passed, else NULL (the surrounding
 * sentences already say it). passed: the minimum's date is in the past. */
static char *
minimum_reason_sentence (const DscConnectVersions *versions, gboolean passed)
{
  if (g_strcmp0 (versions->minimum_reason, "sync-service") == 0)
    {
      g_autofree char *since = dsc_format_date (versions->minimum_since);

      if (passed)
        /* Translators: the first %s is a date ("30 Sep 2026"), the second a version ("2.5.79.0") */
        return g_strdup_printf (_("Since %s, Microsoft Entra ID accepts synchronization only "
                                  "from Entra Connect %s or later, which uses the Microsoft Entra "
                                  "AD Synchronization Service. Older versions can't sync at all."),
                                since, versions->minimum_version);
      return g_strdup (_("From then on, Microsoft Entra ID accepts synchronization only from "
                         "versions that use the Microsoft Entra AD Synchronization Service."));
    }
  if (versions->minimum_reason != NULL)
    g_debug ("Unknown reason key “%s” for the minimum Entra Connect version",
             versions->minimum_reason);
  if (passed)
    {
      g_autofree char *since = dsc_format_date (versions->minimum_since);

      /* Translators: the first %s is a date ("30 Sep 2026"), the second a version ("2.5.79.0") */
      return g_strdup_printf (_("Since %s, Microsoft Entra ID no longer accepts synchronization "
                                "from Entra Connect versions below %s."),
                              since, versions->minimum_version);
    }
  return NULL;
}
/* Rule: Entra Connect version */

/* End of support of a version the table doesn't date: the policy retires a
 * 2.x build 12 months after a newer one is released, so use the nearest newer
 * release with a known date. */
static gint64
estimate_end_of_support (const DscConnectVersions *versions, const char *version)
{
  const DscConnectRelease *next = NULL;

  for (guint i = 0; i < versions->releases->len; i++)
    {
      const DscConnectRelease *r = g_ptr_array_index (versions->releases, i);

      if (r->recalled || r->released == 0 || dsc_version_compare (r->version, version) <= 0)
        continue;
      if (next == NULL || dsc_version_compare (r->version, next->version) < 0)
        next = r;
    }
  return next != NULL ? dsc_time_add_months (next->released, 12) : 0;
}

void
dsc_health_rule_connect_version (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_CONNECT_VERSION, _("Entra Connect"));
  const DscConnectVersions *versions = ev->versions;
  const char *version = ev->snap->settings.client_version;
  const DscConnectRelease *latest = dsc_connect_versions_latest (versions);
  const DscConnectRelease *release = NULL;
  const char *latest_version = latest != NULL ? latest->version : NULL;
  g_autofree char *as_of_date = dsc_format_date (versions->data_as_of);
  g_autofree char *as_of = g_strdup_printf (_("Version data as of %s"), as_of_date);
  g_autofree char *released_line = NULL;
  g_autofree char *eos_line = NULL;
  g_autofree char *latest_line = NULL;
  g_autofree char *minimum_line = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *finding_title = NULL;
  g_autofree char *finding_detail = NULL;
  const char *finding_id = NULL;
  const char *estimate_note = NULL;
  g_auto(GStrv) finding_steps = NULL;
  DscContradiction contradiction = { 0 };
  gboolean below_minimum, estimated = FALSE;
  gint64 eos = 0;
  guint parts[4];
  DscStatus status;

  dsc_health_set_str (&tile->tooltip, as_of);

  if (!dsc_health_connect_checks_apply (ev, tile))
    return;
  if (!dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_SYNC_SETTINGS);
      return;
    }
  if (dsc_health_str_empty (version))
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Not reported"),
                           _("The sync settings don't name a version"));
      dsc_health_set_str (&tile->limited_reason,
                          _("The sync settings don't include the Entra Connect version "
                            "(synchronizationClientVersion, beta API)."));
      return;
    }
  if (!dsc_version_parse (version, parts))
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, version, _("Not a version number"));
      dsc_health_take_str (&tile->limited_reason,
                           g_strdup_printf (_("“%s” is not a version number DirSync Companion "
                                              "understands."), version));
      return;
    }

  if (versions->minimum_version != NULL)
    {
      g_autofree char *since = dsc_format_date (versions->minimum_since);

      minimum_line = g_strdup_printf (_("Minimum version: %s (from %s)"),
                                      versions->minimum_version, since);
    }
  if (latest_version != NULL)
    latest_line = g_strdup_printf (_("Latest version: %s"), latest_version);

  release = dsc_connect_versions_lookup (versions, version);
  if (release != NULL)
    {
      eos = release->end_of_support;
      if (release->released != 0)
        {
          g_autofree char *date = dsc_format_date (release->released);

          released_line = g_strdup_printf (_("Released: %s"), date);
        }
      if (eos == 0 && latest_version != NULL && dsc_version_compare (version, latest_version) < 0)
        {
          eos = estimate_end_of_support (versions, version);
          estimated = eos != 0;
        }
    }
  else if (latest_version == NULL || dsc_version_compare (version, latest_version) < 0)
    {
      eos = estimate_end_of_support (versions, version);
      estimated = eos != 0;
    }

  if (eos != 0)
    {
      g_autofree char *date = dsc_format_date (eos);

      eos_line = g_strdup_printf (estimated ? _("End of support: %s (estimated)")
                                            : _("End of support: %s"), date);
    }
  else if (release != NULL)
    eos_line = g_strdup (_("End of support: none announced"));
  if (estimated)
    estimate_note = _("This version isn't in the version data, so its end of support is "
                      "estimated as 12 months after the next newer release.");
  if (release != NULL && estimated)
    estimate_note = _("The version data gives no end of support for this version, so it is "
                      "estimated as 12 months after the next newer release.");

  below_minimum = versions->minimum_version != NULL
                  && dsc_version_compare (version, versions->minimum_version) < 0;

  /* Most serious verdict first; each branch sets the tile and any finding. */
  if (parts[0] < 2)
    {
      status = DSC_STATUS_ERROR;
      summary = g_strdup (_("Version 1.x no longer syncs"));
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s is no longer supported"), version);
      finding_detail = g_strdup_printf (_("All Entra Connect 1.x versions are retired and "
                                          "synchronization no longer works on them. Install the "
                                          "latest version (%s) from the Microsoft Entra admin "
                                          "center."), latest_version ? latest_version : "2.x");
    }
  /* The table says this version can't sync, yet a sync arrived since: say
   * both and what it likely means, not just "can't sync". */
  else if (below_minimum && ev->now >= versions->minimum_since
           && dsc_reconcile_version_and_sync (version, versions->minimum_version,
                                              versions->minimum_since, ev->snap->last_sync,
                                              dsc_health_sync_server (ev), ev->now,
                                              2 * ev->policy->sync_interval_default
                                              + ev->policy->sync_grace,
                                              &contradiction))
    {
      /* Sync runs, so nothing is down: a warning, unless the version is also past
       * its end of support, which holds whichever server runs it. */
      status = eos != 0 && eos <= ev->now ? DSC_STATUS_ERROR : DSC_STATUS_WARNING;
      summary = g_steal_pointer (&contradiction.summary);
      finding_id = "connect-version/contradicts-recent-sync";
      finding_title = g_steal_pointer (&contradiction.title);
      finding_steps = g_steal_pointer (&contradiction.steps);
      if (status == DSC_STATUS_ERROR)
        {
          g_autofree char *date = dsc_format_date (eos);
          /* Translators: a version ("2.4.27.0"), then a date ("30 Sep 2026") */
          g_autofree char *retired = g_strdup_printf (_("Entra Connect %s also reached its end "
                                                        "of support on %s: the server running "
                                                        "it needs the upgrade either way."),
                                                      version, date);

          finding_detail = JOIN (" ", contradiction.detail, retired, estimate_note);
        }
      else
        finding_detail = g_steal_pointer (&contradiction.detail);
    }
  else if (below_minimum && ev->now >= versions->minimum_since)
    {
      g_autofree char *since = dsc_format_date (versions->minimum_since);
      g_autofree char *reason = minimum_reason_sentence (versions, TRUE);
      g_autofree char *install = g_strdup_printf (_("Install the latest version (%s) from the "
                                                    "Microsoft Entra admin center."),
                                                  latest_version ? latest_version
                                                                 : versions->minimum_version);

      status = DSC_STATUS_ERROR;
      summary = g_strdup_printf (_("Since %s versions below %s can't sync"), since,
                                 versions->minimum_version);
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s can no longer sync"), version);
      finding_detail = JOIN (" ", reason, install);
    }
  else if (release != NULL && release->recalled)
    {
      status = DSC_STATUS_ERROR;
      summary = g_strdup (_("This version was recalled"));
      finding_id = "connect-version/recalled";
      finding_title = g_strdup_printf (_("Entra Connect %s was recalled"), version);
      finding_detail = g_strdup_printf (_("Microsoft recalled Entra Connect %s. Uninstall it and "
                                          "install the latest version (%s) from the Microsoft "
                                          "Entra admin center."),
                                        version, latest_version ? latest_version : "");
    }
  else if (release == NULL && latest_version != NULL
           && dsc_version_compare (version, latest_version) > 0)
    {
      status = DSC_STATUS_OK;
      summary = g_strdup_printf (_("Newer than the version data (as of %s)"), as_of_date);
    }
  else if (eos != 0 && eos <= ev->now)
    {
      g_autofree char *date = dsc_format_date (eos);
      g_autofree char *first = g_strdup_printf (_("Entra Connect %s reached its end of support on "
                                                  "%s."), version, date);
      g_autofree char *install = g_strdup_printf (_("Install the latest version (%s) from the "
                                                    "Microsoft Entra admin center."),
                                                  latest_version ? latest_version : "");

      status = DSC_STATUS_ERROR;
      summary = g_strdup_printf (estimated ? _("Retired on %s (estimated)") : _("Retired on %s"),
                                 date);
      finding_id = "connect-version/unsupported";
      finding_title = g_strdup_printf (_("Entra Connect %s is retired"), version);
      finding_detail = JOIN (" ", first,
                             _("Retired versions may stop syncing without warning, get no "
                               "security fixes and only limited support."),
                             install, estimate_note);
    }
  else if (below_minimum)
    {
      g_autofree char *since = dsc_format_date (versions->minimum_since);
      g_autofree char *first = g_strdup_printf (_("From %s versions below %s can't sync."),
                                                since, versions->minimum_version);
      g_autofree char *reason = minimum_reason_sentence (versions, FALSE);

      status = DSC_STATUS_WARNING;
      summary = g_strdup_printf (_("Stops syncing on %s: upgrade to %s or later"), since,
                                 versions->minimum_version);
      finding_id = "connect-version/below-minimum";
      finding_title = g_strdup_printf (_("Entra Connect %s stops syncing on %s"), version, since);
      finding_detail = JOIN (" ", first, reason,
                             _("Upgrade before then from the Microsoft Entra admin center."));
    }
  else if (eos != 0 && eos - ev->now <= (gint64) ev->policy->connect_eos_warning_days * DSC_DAY)
    {
      g_autofree char *date = dsc_format_date (eos);
      g_autofree char *first = g_strdup_printf (_("Entra Connect %s reaches its end of support on "
                                                  "%s."), version, date);
      g_autofree char *install = g_strdup_printf (_("Upgrade to the latest version (%s) before "
                                                    "then."), latest_version ? latest_version : "");

      status = DSC_STATUS_WARNING;
      summary = g_strdup_printf (estimated ? _("Support ends %s (estimated)")
                                           : _("Support ends %s"), date);
      finding_id = "connect-version/end-of-support-soon";
      finding_title = g_strdup_printf (_("Support for Entra Connect %s ends %s"), version, date);
      finding_detail = JOIN (" ", first, install, estimate_note);
    }
  else if (latest_version == NULL || dsc_version_compare (version, latest_version) >= 0)
    {
      status = DSC_STATUS_OK;
      summary = g_strdup (_("Latest version"));
    }
  else
    {
      g_autofree char *date = eos != 0 ? dsc_format_date (eos) : NULL;

      status = DSC_STATUS_OK;
      if (date != NULL)
        summary = g_strdup_printf (estimated ? _("Supported until %s (estimated) · %s available")
                                             : _("Supported until %s · %s available"),
                                   date, latest_version);
      else
        summary = g_strdup_printf (_("%s available"), latest_version);
      finding_id = "connect-version/update-available";
      finding_title = g_strdup_printf (_("Entra Connect %s is available"), latest_version);
      finding_detail = g_strdup_printf (_("The sync server runs %s, which is still supported. "
                                          "Version %s has the latest fixes: plan the upgrade "
                                          "before support for your version ends."),
                                        version, latest_version);
    }

  dsc_health_tile_set (tile, status, version, summary);
  dsc_health_take_str (&tile->tooltip, JOIN ("\n", as_of, released_line, eos_line, latest_line,
                                             minimum_line));
  if (finding_id != NULL)
    {
      DscFinding *finding = dsc_health_add_finding (ev, DSC_CATEGORY_CONNECT_VERSION,
                                                    status == DSC_STATUS_OK ? DSC_STATUS_INFO
                                                                            : status,
                                                    finding_id, finding_title, finding_detail);

      if (finding_steps != NULL)
        dsc_finding_set_fix_steps (finding, (const char *const *) finding_steps);
    }
  dsc_contradiction_clear (&contradiction);
}
