/* dsc-types.c — names and ordering of the shared enums. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include "dsc-types.h"

/* Severity order for combining: error > warning > unknown > info > ok. */
static int
status_rank (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK: return 0;
    case DSC_STATUS_INFO: return 1;
    case DSC_STATUS_UNKNOWN: return 2;
    case DSC_STATUS_WARNING: return 3;
    case DSC_STATUS_ERROR: return 4;
    }
  return 2;
}

DscStatus
dsc_status_worse (DscStatus a, DscStatus b)
{
  return status_rank (a) >= status_rank (b) ? a : b;
}

/* Monitoring-plugin convention (Nagios, Icinga, PRTG's EXE sensors). */
int
dsc_status_exit_code (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
    case DSC_STATUS_INFO: return 0;
    case DSC_STATUS_WARNING: return 1;
    case DSC_STATUS_ERROR: return 2;
    case DSC_STATUS_UNKNOWN:
      break;
    }
  return 3;
}

static const char *status_names[] = { "ok", "info", "warning", "error", "unknown" };

const char *
dsc_status_to_string (DscStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return "unknown";
  return status_names[status];
}

gboolean
dsc_status_from_string (const char *str, DscStatus *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (g_ascii_strcasecmp (str, status_names[i]) == 0)
      {
        *out = (DscStatus) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dsc_status_to_label (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK: return _("OK");
    case DSC_STATUS_INFO: return _("Information");
    case DSC_STATUS_WARNING: return _("Warning");
    case DSC_STATUS_ERROR: return _("Error");
    case DSC_STATUS_UNKNOWN:
      break;
    }
  return _("Unknown");
}

const char *
dsc_object_kind_to_string (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_USER: return "user";
    case DSC_OBJECT_GROUP: return "group";
    case DSC_OBJECT_CONTACT: return "contact";
    }
  return "object";
}

const char *
dsc_object_kind_to_label (DscObjectKind kind)
{
  switch (kind)
    {
    case DSC_OBJECT_USER: return _("User");
    case DSC_OBJECT_GROUP: return _("Group");
    case DSC_OBJECT_CONTACT: return _("Contact");
    }
  return _("Object");
}

static const char *source_names[DSC_N_SOURCES] = {
  "organization", "organization-beta", "sync-settings", "domains", "sync-accounts",
  "sync-apps", "service-health", "user-errors", "group-errors", "contact-errors",
  "conflict-holders", "cloud-sync-configs", "cloud-sync-jobs", "cloud-sync-agents",
  "cloud-sync-log", "onprem-scan",
};

const char *
dsc_source_to_string (DscSource source)
{
  return (guint) source < DSC_N_SOURCES ? source_names[source] : "unknown";
}

const char *
dsc_source_to_label (DscSource source)
{
  switch (source)
    {
    case DSC_SOURCE_ORGANIZATION: return _("Tenant sync status");
    case DSC_SOURCE_ORGANIZATION_BETA: return _("Password sync time and object quota");
    case DSC_SOURCE_SYNC_SETTINGS: return _("Sync settings");
    case DSC_SOURCE_DOMAINS: return _("Domains");
    case DSC_SOURCE_SYNC_ACCOUNTS: return _("Sync service accounts");
    case DSC_SOURCE_SYNC_APPS: return _("Sync application identities");
    case DSC_SOURCE_SERVICE_HEALTH: return _("Service health");
    case DSC_SOURCE_USER_ERRORS: return _("Users with sync errors");
    case DSC_SOURCE_GROUP_ERRORS: return _("Groups with sync errors");
    case DSC_SOURCE_CONTACT_ERRORS: return _("Contacts with sync errors");
    case DSC_SOURCE_CONFLICT_HOLDERS: return _("Objects sharing conflicting values");
    case DSC_SOURCE_CLOUD_SYNC_CONFIGS: return _("Cloud Sync configurations");
    case DSC_SOURCE_CLOUD_SYNC_JOBS: return _("Cloud Sync jobs");
    case DSC_SOURCE_CLOUD_SYNC_AGENTS: return _("Cloud Sync provisioning agents");
    case DSC_SOURCE_CLOUD_SYNC_LOG: return _("Cloud Sync object errors (provisioning logs)");
    case DSC_SOURCE_ONPREM_SCAN: return _("On-premises scan");
    case DSC_N_SOURCES:
      break;
    }
  return _("Unknown source");
}

const char *
dsc_source_state_to_string (DscSourceState state)
{
  switch (state)
    {
    case DSC_SOURCE_STATE_NOT_READ: return "not-read";
    case DSC_SOURCE_STATE_OK: return "ok";
    case DSC_SOURCE_STATE_DENIED: return "denied";
    case DSC_SOURCE_STATE_UNAVAILABLE: return "unavailable";
    case DSC_SOURCE_STATE_FAILED:
      break;
    }
  return "failed";
}

/* Tile and category names: dsc-category.c, from the catalogue. */
