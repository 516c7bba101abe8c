/* rule-quota.c — health rule: how much of the directory object quota is used. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

void
dsc_health_rule_quota (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_QUOTA, _("Object quota"));
  gint64 used = ev->snap->quota_used;
  gint64 total = ev->snap->quota_total;
  g_autofree char *used_text = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *value = NULL;
  gint64 percent;
  double fraction;
  DscStatus status;

  if (!dsc_health_source_ok (ev, DSC_SOURCE_ORGANIZATION_BETA))
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_ORGANIZATION_BETA);
      return;
    }
  if (used < 0 || total <= 0)
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                           _("Not reported by Microsoft Graph"));
      dsc_health_set_str (&tile->limited_reason,
                          _("Microsoft Graph returned no object quota (directorySizeQuota, beta "
                            "API)."));
      return;
    }

  /* Division of exact integers rounds the same way as the policy's fraction
   * does, so 8,000 of 10,000 is exactly at an 80 % threshold. */
  fraction = (double) used / (double) total;
  if (used >= total || fraction >= ev->policy->quota_error)
    status = DSC_STATUS_ERROR;
  else if (fraction >= ev->policy->quota_warning)
    status = DSC_STATUS_WARNING;
  else
    status = DSC_STATUS_OK;

  /* Rounded down, so the tile never shows the threshold before it is reached. */
  percent = (used * 100) / total;
  if (used > 0 && percent == 0)
    value = g_strdup (_("<1 %"));
  else
    value = g_strdup_printf (_("%u %%"), (guint) MIN (percent, (gint64) G_MAXUINT));
  used_text = dsc_health_format_count (used);
  total_text = dsc_health_format_count (total);
  summary = g_strdup_printf (_("%s of %s objects"), used_text, total_text);
  dsc_health_tile_set (tile, status, value, summary);
  dsc_health_set_str (&tile->tooltip,
                      _("Users, groups and contacts count, including cloud-only objects and "
                        "deleted objects kept in the recycle bin for 30 days."));

  if (status != DSC_STATUS_OK)
    {
      gboolean exceeded = used >= total;
      g_autofree char *title = exceeded ? g_strdup (_("Object quota exceeded"))
        : g_strdup_printf (_("Object quota %s full"), value);
      g_autofree char *first = g_strdup_printf (_("The tenant holds %s of the %s objects it may "
                                                  "hold."), used_text, total_text);
      const char *effect = exceeded
        ? _("Sync stops until objects are removed or the quota is raised; Microsoft reports "
            "this as “Error 016”.")
        : _("When the quota is reached, sync stops and no new objects reach Microsoft 365.");
      const char *raise = total <= 50000
        ? _("Verifying a domain raises the quota from 50,000 to 300,000 objects.")
        : _("Remove objects you don't need, or contact support to raise the quota.");
      g_autofree char *detail = JOIN (" ", first, effect, raise);

      dsc_health_add_finding (ev, DSC_CATEGORY_OBJECT_QUOTA, status,
                              exceeded ? "object-quota/exceeded" : "object-quota/near-limit",
                              title, detail);
    }
}
