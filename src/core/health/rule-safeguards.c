/* rule-safeguards.c — health rule: accidental-delete protection and soft/hard-match hardening
 * (no tile: findings only).
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-constants.h"
#include "dsc-health-private.h"

static gboolean
deletions_over_threshold (const DscSyncSettings *settings)
{
  const char *type = settings->accidental_deletion_type;
  gint64 pending = settings->pending_deletions;
  gint64 threshold = settings->accidental_deletion_threshold > 0
    ? settings->accidental_deletion_threshold : DSC_DEFAULT_DELETION_THRESHOLD;

  if (pending <= 0)
    return FALSE;
  if (type != NULL && g_ascii_strcasecmp (type, "enabledForPercentage") == 0)
    return settings->connector_space_objects > 0
           && pending * 100 >= threshold * settings->connector_space_objects;
  return pending >= threshold;
}

static const char *
blocked_text (DscTristate blocked)
{
  switch (blocked)
    {
    case DSC_TRISTATE_TRUE: return _("blocked");
    case DSC_TRISTATE_FALSE: return _("allowed");
    case DSC_TRISTATE_UNKNOWN: break;
    }
  return _("not reported");
}

static const char *
on_text (DscTristate on)
{
  switch (on)
    {
    case DSC_TRISTATE_TRUE: return _("on");
    case DSC_TRISTATE_FALSE: return _("off");
    case DSC_TRISTATE_UNKNOWN: break;
    }
  return _("not reported");
}

/* "Current state": the settings as read, so an OK pane shows what is OK. */
static void
add_settings_facts (DscHealthEval *ev, const DscSyncSettings *settings)
{
  const char *type = settings->accidental_deletion_type;
  gint64 threshold = settings->accidental_deletion_threshold;

  if (type != NULL && g_ascii_strcasecmp (type, "disabled") == 0)
    dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, "%s",
                         _("Accidental-delete prevention: off"));
  else if (type != NULL && g_ascii_strcasecmp (type, "enabledForPercentage") == 0)
    dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS,
                         /* Plain %d: xgettext can't read G_GINT64_FORMAT in a msgid. */
                         _("Accidental-delete prevention: on, threshold %d %%"),
                         (int) CLAMP (threshold > 0 ? threshold : DSC_DEFAULT_DELETION_THRESHOLD,
                                      0, G_MAXINT));
  else
    {
      g_autofree char *count = dsc_health_format_count (threshold > 0 ? threshold
                                                        : DSC_DEFAULT_DELETION_THRESHOLD);

      dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS,
                           _("Accidental-delete prevention: on, threshold %s objects"), count);
    }
  if (settings->pending_deletions > 0)
    {
      g_autofree char *count = dsc_health_format_count (settings->pending_deletions);

      dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS,
                           _("Deletions waiting in the last export: %s"), count);
    }
  dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, _("Hard-match takeover: %s"),
                       blocked_text (settings->block_hard_match_takeover));
  dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, _("Soft matching: %s"),
                       blocked_text (settings->block_soft_match));
  dsc_health_add_fact (ev, DSC_CATEGORY_SYNC_SAFEGUARDS,
                       _("Quarantine of duplicate UPNs: %s · of duplicate proxy addresses: %s"),
                       on_text (settings->quarantine_upn_conflicts),
                       on_text (settings->quarantine_proxy_conflicts));
}

void
dsc_health_rule_safeguards (DscHealthEval *ev)
{
  const DscSyncSettings *settings = &ev->snap->settings;

  /* Nothing syncs, so there is nothing to guard yet. */
  if (ev->snap->sync_state == DSC_SYNC_STATE_NEVER)
    return;

  if (!dsc_health_source_ok (ev, DSC_SOURCE_SYNC_SETTINGS))
    {
      g_autofree char *reason = dsc_health_source_reason (ev, DSC_SOURCE_SYNC_SETTINGS);

      dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_UNKNOWN,
                              "sync-safeguards/unreadable",
                              _("Sync safeguards could not be checked"), reason);
      return;
    }

  add_settings_facts (ev, settings);

  if (settings->accidental_deletion_type != NULL
      && g_ascii_strcasecmp (settings->accidental_deletion_type, "disabled") == 0)
    dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                            "sync-safeguards/accidental-delete-off",
                            _("Accidental-delete prevention is off"),
                            _("Entra Connect will export any number of deletions. A wrong filter "
                              "or a deleted OU on-premises can remove users, their mailboxes and "
                              "licences in one sync cycle. Turn the deletion threshold back on."));
  else if (deletions_over_threshold (settings))
    {
      g_autofree char *count = dsc_health_format_count (settings->pending_deletions);
      guint n = (guint) MIN (settings->pending_deletions, (gint64) G_MAXUINT);
      g_autofree char *title = g_strdup_printf (ngettext ("Export may stop: %s deletion pending",
                                                          "Export may stop: %s deletions pending",
                                                          n), count);
      g_autofree char *detail =
        g_strdup_printf (ngettext ("The last export had %s deletion waiting, more than the "
                                   "accidental-delete threshold allows, so Entra Connect stops "
                                   "exporting until someone reviews it. Check whether the deletion "
                                   "is intended before you allow it.",
                                   "The last export had %s deletions waiting, more than the "
                                   "accidental-delete threshold allows, so Entra Connect stops "
                                   "exporting until someone reviews them. Check whether the "
                                   "deletions are intended before you allow them.", n), count);

      dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                              "sync-safeguards/pending-deletions", title, detail);
    }

  if (settings->block_hard_match_takeover == DSC_TRISTATE_FALSE)
    dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_WARNING,
                            "sync-safeguards/hard-match-takeover-allowed",
                            _("Cloud accounts can be taken over through hard match"),
                            _("An on-premises object with a matching source anchor can take over "
                              "an existing cloud-only account, administrators included. Microsoft "
                              "recommends blocking this unless you are taking over cloud accounts "
                              "on purpose."));
  if (settings->block_soft_match == DSC_TRISTATE_FALSE)
    dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_INFO,
                            "sync-safeguards/soft-match-allowed", _("Soft matching is allowed"),
                            _("An on-premises user with the same e-mail address or UPN as a cloud "
                              "user is merged into it. Keep this only while you are matching "
                              "existing cloud users; block it afterwards."));
  if (settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
      || settings->quarantine_proxy_conflicts == DSC_TRISTATE_FALSE)
    {
      const char *which =
        settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
        && settings->quarantine_proxy_conflicts == DSC_TRISTATE_FALSE
        ? _("Duplicate UPNs and proxy addresses")
        : settings->quarantine_upn_conflicts == DSC_TRISTATE_FALSE
        ? _("Duplicate UPNs") : _("Duplicate proxy addresses");
      g_autofree char *detail =
        g_strdup_printf (_("%s aren't quarantined: an object with such a value fails to sync as a "
                           "whole instead of syncing without the duplicate value."), which);

      dsc_health_add_finding (ev, DSC_CATEGORY_SYNC_SAFEGUARDS, DSC_STATUS_INFO,
                              "sync-safeguards/quarantine-off",
                              _("Duplicate values aren't quarantined"), detail);
    }
}
