/* dsc-cloud-sync-rules.h — what the Cloud Sync part of a snapshot means.
 *
 * Pure functions: snapshot in, verdicts out, no I/O, no GTK and no report,
 * so the window's category system can present them however it likes. One
 * verdict per configuration (= AD domain), each with its issues — cause,
 * fix steps and Learn links — most severe first.
 *
 * Thresholds are Microsoft's published ones (application provisioning
 * quarantine status): from 5,000 failed (escrowed) objects the service
 * evaluates quarantine; more than 40 % failing or more than 40,000 failures
 * quarantines; 60,000 failures of any kind is an absolute limit.
 */
#pragma once

#include "dsc-snapshot.h"

G_BEGIN_DECLS

#define DSC_CLOUD_SYNC_ESCROW_EVALUATION_MIN 5000
#define DSC_CLOUD_SYNC_ESCROW_PROPORTION_PERCENT 40
#define DSC_CLOUD_SYNC_ESCROW_TOTAL_MAX 40000
#define DSC_CLOUD_SYNC_ESCROW_ABSOLUTE_MAX 60000
/* Warn once escrows reach this share of a threshold: before quarantine. */
#define DSC_CLOUD_SYNC_ESCROW_WARN_PERCENT 80

#define DSC_URI_CLOUD_SYNC_TROUBLESHOOT \
  "https://learn.microsoft.com/entra/identity/hybrid/cloud-sync/how-to-troubleshoot"
#define DSC_URI_CLOUD_SYNC_ERROR_CODES \
  "https://learn.microsoft.com/entra/identity/hybrid/cloud-sync/reference-error-codes"
#define DSC_URI_PROVISIONING_QUARANTINE \
  "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status"
#define DSC_URI_CLOUD_SYNC_ACCIDENTAL_DELETES \
  "https://learn.microsoft.com/entra/identity/hybrid/cloud-sync/how-to-accidental-deletes"
#define DSC_URI_CLOUD_SYNC_POWERSHELL \
  "https://learn.microsoft.com/entra/identity/hybrid/cloud-sync/reference-powershell"
#define DSC_URI_CLOUD_SYNC_PROVISIONING_LOGS \
  "https://learn.microsoft.com/entra/identity/monitoring-health/concept-provisioning-logs"

/* The cause families the fix steps are written for. */
typedef enum {
  DSC_CLOUD_SYNC_CAUSE_NONE,
  DSC_CLOUD_SYNC_CAUSE_NO_ACTIVE_AGENTS,  /* NoAgentsAssigned, NoActiveAgents */
  DSC_CLOUD_SYNC_CAUSE_AGENT_UNREACHABLE, /* AgentSignalingError, TimeOut, InvalidResource */
  DSC_CLOUD_SYNC_CAUSE_SERVICE_ACCOUNT,   /* ADToAADSyncServiceAccount deleted or expired */
  DSC_CLOUD_SYNC_CAUSE_TOO_MANY_DELETES,  /* accidental-delete threshold */
  DSC_CLOUD_SYNC_CAUSE_ESCROW_THRESHOLD,  /* too many object-level failures */
  DSC_CLOUD_SYNC_CAUSE_SERVICE_BUSY,      /* Microsoft's side; retried automatically */
  DSC_CLOUD_SYNC_CAUSE_ON_DEMAND,         /* quarantined by Microsoft */
  DSC_CLOUD_SYNC_CAUSE_OTHER,
} DscCloudSyncCause;

typedef struct {
  const char *label;    /* translated */
  const char *uri;
} DscCloudSyncLink;

typedef struct {
  char *id;             /* stable: "cloud-sync/<configuration id>/quarantine", … */
  DscStatus severity;
  DscCloudSyncCause cause;
  char *title;          /* "corp.contoso.com is in quarantine: no active agents" */
  char *detail;         /* what happened, with the facts Graph gave */
  GStrv fix_steps;      /* translated, NULL-terminated, never NULL */
  GArray *links;        /* DscCloudSyncLink, never NULL */
} DscCloudSyncIssue;

typedef struct {
  const DscCloudSyncConfig *config;  /* borrowed: keep the snapshot alive */
  DscStatus status;     /* worst issue; OK without issues; UNKNOWN when the jobs are unread */
  char *summary;        /* one line: "Active · last run 3 minutes ago" */
  GPtrArray *issues;    /* DscCloudSyncIssue*, most severe first */
} DscCloudSyncVerdict;

/* The status a job's state alone gives: Quarantine → error; Paused, NotRun,
 * NotConfigured, or Active with a failed last run → warning; Active →
 * OK; anything unreadable → unknown. The table tests pin this down. */
DscStatus          dsc_cloud_sync_job_status      (const char *status_code,
                                                   const char *last_execution_state);
/* Which fix applies, from the quarantine reason and the error code (the
 * code wins when it is more specific). */
DscCloudSyncCause  dsc_cloud_sync_classify        (const char *quarantine_reason,
                                                   const char *error_code);
/* TRUE when @escrowed failed objects are at DSC_CLOUD_SYNC_ESCROW_WARN_PERCENT
 * of a threshold (5,000 evaluation start or 40,000 total) but the job is not
 * quarantined yet. */
gboolean           dsc_cloud_sync_escrows_approaching (gint64 escrowed);

/* One verdict per configuration of the snapshot, in its order. */
GPtrArray         *dsc_cloud_sync_evaluate        (const DscSnapshot *snapshot,
                                                   gint64 now);
/* The worst verdict status; OK when there are no configurations. */
DscStatus          dsc_cloud_sync_overall         (GPtrArray *verdicts);

/* Whether the Connect-Sync-only checks (Entra Connect version, sync service
 * account) apply to this tenant. FALSE for a Cloud-Sync-only tenant, with
 * @reason (translated, may be NULL) saying so, e.g. for a tile reading
 * "Not used". */
gboolean           dsc_cloud_sync_connect_checks_apply (const DscSnapshot *snapshot,
                                                        char **reason);

void               dsc_cloud_sync_issue_free      (DscCloudSyncIssue *issue);
void               dsc_cloud_sync_verdict_free    (DscCloudSyncVerdict *verdict);

G_END_DECLS
