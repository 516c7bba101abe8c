/* rule-service-health.c — health rule: Microsoft incidents that affect identity and sync. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-health-private.h"

typedef struct {
  const char *name;
  DscStatus status;
  const char *label;
} HealthStatus;

/* serviceHealthStatus; samples return PascalCase, so compared case-insensitively. */
static const HealthStatus health_statuses[] = {
  { "serviceOperational", DSC_STATUS_OK, N_("Operational") },
  { "serviceRestored", DSC_STATUS_OK, N_("Restored") },
  { "resolved", DSC_STATUS_OK, N_("Resolved") },
  { "falsePositive", DSC_STATUS_OK, N_("Operational") },
  { "postIncidentReviewPublished", DSC_STATUS_OK, N_("Restored") },
  { "mitigated", DSC_STATUS_OK, N_("Mitigated") },
  { "mitigatedExternal", DSC_STATUS_OK, N_("Mitigated") },
  { "resolvedExternal", DSC_STATUS_OK, N_("Resolved") },
  { "investigationSuspended", DSC_STATUS_OK, N_("Investigation suspended") },
  { "investigating", DSC_STATUS_WARNING, N_("Investigating") },
  { "verifyingService", DSC_STATUS_WARNING, N_("Verifying service") },
  { "restoringService", DSC_STATUS_WARNING, N_("Restoring service") },
  { "extendedRecovery", DSC_STATUS_WARNING, N_("Extended recovery") },
  { "serviceDegradation", DSC_STATUS_WARNING, N_("Degraded") },
  { "confirmed", DSC_STATUS_WARNING, N_("Incident confirmed") },
  { "reported", DSC_STATUS_WARNING, N_("Incident reported") },
  { "serviceInterruption", DSC_STATUS_ERROR, N_("Interrupted") },
};

static DscStatus
health_status (const char *name, const char **label)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (health_statuses); i++)
    if (g_ascii_strcasecmp (name, health_statuses[i].name) == 0)
      {
        *label = _(health_statuses[i].label);
        return health_statuses[i].status;
      }
  /* A value newer than this code: show it as Microsoft wrote it, and look. */
  *label = name != NULL ? name : _("Unknown");
  return DSC_STATUS_WARNING;
}

static gboolean
is_identity_service (const DscServiceHealth *service)
{
  if (service->id != NULL && g_ascii_strcasecmp (service->id, "OrgLiveID") == 0)
    return TRUE;
  /* "Microsoft Defender for Identity" is a security product, not the directory. */
  if (dsc_health_str_contains_ci (service->service, "Defender"))
    return FALSE;
  return dsc_health_str_contains_ci (service->service, "Entra")
         || dsc_health_str_contains_ci (service->service, "Identity");
}

static int
status_rank (DscStatus status)
{
  return status == DSC_STATUS_ERROR ? 3 : status == DSC_STATUS_WARNING ? 2
       : status == DSC_STATUS_INFO ? 1 : 0;
}

void
dsc_health_rule_service_health (DscHealthEval *ev)
{
  DscTile *tile = dsc_health_tile_begin (ev, DSC_TILE_SERVICE_HEALTH, _("Service health"));
  DscStatus status = DSC_STATUS_OK;
  const char *label = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint n_services = 0, n_open = 0;
  g_autofree char *summary = NULL;

  if (!dsc_health_source_ok (ev, DSC_SOURCE_SERVICE_HEALTH))
    {
      dsc_health_tile_unknown (ev, tile, DSC_SOURCE_SERVICE_HEALTH);
      return;
    }

  for (guint i = 0; i < ev->snap->services->len; i++)
    {
      const DscServiceHealth *service = g_ptr_array_index (ev->snap->services, i);
      const char *service_label;
      DscStatus service_status;

      if (!is_identity_service (service))
        continue;
      n_services++;
      service_status = health_status (service->status, &service_label);
      if (label == NULL || status_rank (service_status) > status_rank (status))
        {
          status = service_status;
          label = service_label;
        }
      g_ptr_array_add (names, service->service != NULL ? service->service : service->id);

      for (guint j = 0; service->issues != NULL && j < service->issues->len; j++)
        {
          const DscHealthIssue *issue = g_ptr_array_index (service->issues, j);
          gboolean incident = issue->classification != NULL
                              && g_ascii_strcasecmp (issue->classification, "incident") == 0;
          DscStatus severity = incident ? dsc_status_worse (DSC_STATUS_WARNING, service_status)
                                        : DSC_STATUS_INFO;
          const char *issue_label;
          g_autofree char *id = NULL;
          g_autofree char *started = NULL;
          g_autofree char *started_line = NULL;
          g_autofree char *status_line = NULL;
          g_autofree char *feature_line = NULL;
          g_autofree char *id_line = NULL;
          g_autofree char *detail = NULL;

          if (issue->is_resolved)
            continue;
          n_open++;
          if (severity == DSC_STATUS_OK)
            severity = DSC_STATUS_WARNING;
          health_status (issue->status, &issue_label);
          id = g_strdup_printf ("service-health/%s", issue->id != NULL ? issue->id : "issue");
          started = dsc_format_date_time (issue->start);
          started_line = g_strdup_printf (_("Started %s."), started);
          status_line = g_strdup_printf (_("Status: %s."), issue_label);
          if (!dsc_health_str_empty (issue->feature))
            feature_line = g_strdup_printf (_("Feature: %s."), issue->feature);
          if (!dsc_health_str_empty (issue->id))
            id_line = g_strdup_printf (_("Issue ID: %s."), issue->id);
          detail = JOIN (" ", issue->impact_description, started_line, status_line, feature_line,
                         id_line);
          dsc_health_add_finding (ev, DSC_CATEGORY_SERVICE_HEALTH, severity, id,
                                  !dsc_health_str_empty (issue->title) ? issue->title : issue->id,
                                  detail);
          if (severity != DSC_STATUS_INFO)
            status = dsc_status_worse (status, severity);
        }
    }

  if (n_services == 0)
    {
      dsc_health_tile_set (tile, DSC_STATUS_UNKNOWN, _("Unknown"),
                           _("Microsoft Entra isn't listed"));
      dsc_health_set_str (&tile->limited_reason,
                          _("Microsoft Graph listed no Microsoft Entra or identity service in "
                            "service health."));
      return;
    }

  if (n_open == 0)
    summary = g_strdup (_("No open incidents or advisories"));
  else
    summary = g_strdup_printf (ngettext ("%u open incident or advisory",
                                         "%u open incidents or advisories", n_open), n_open);
  dsc_health_tile_set (tile, status, label, summary);
  dsc_health_take_str (&tile->tooltip, dsc_health_join_ptr_array (names, "\n"));
}
