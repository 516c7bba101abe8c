/* dsc-snapshot.h — everything read from one tenant at one moment.
 *
 * The collector fills a snapshot, then hands it over; from then on it is
 * immutable and may be shared between threads (reference counted). What could
 * not be read is recorded per source, so a missing permission is data, not a
 * crash. Times are Unix seconds (UTC); 0 means "none / unknown".
 */
#pragma once

#include <glib-object.h>
#include "dsc-types.h"
#include "dsc-onprem-result.h"

G_BEGIN_DECLS

typedef struct {
  DscSourceState state;
  char *error_code;   /* Graph error code, e.g. "Authorization_RequestDenied" */
  char *message;      /* what an admin can act on */
  char *request_id;   /* for support cases */
} DscSourceStatus;

typedef struct {
  char *category;     /* "PropertyConflict" */
  char *property;     /* "UserPrincipalName" | "ProxyAddress" */
  char *value;        /* the conflicting value, as Graph gives it */
  gint64 occurred;
} DscProvisioningError;

typedef struct {
  gatomicrefcount ref_count;
  DscObjectKind kind;
  char *id;
  char *display_name;
  char *user_principal_name;  /* users only */
  char *mail;
  char *user_type;            /* users only: "Member" | "Guest", NULL unknown */
  DscTristate on_premises_sync; /* onPremisesSyncEnabled: synced from AD or cloud-only */
  guint n_errors;
  DscProvisioningError *errors;
} DscDirectoryObject;

/* Another object found to hold a value that is in conflict. */
typedef struct {
  char *property;               /* "UserPrincipalName" | "ProxyAddress" */
  char *value;
  DscDirectoryObject *object;   /* owned reference */
} DscValueHolder;

typedef struct {
  char *name;
  gboolean is_verified;
  gboolean is_default;
  gboolean is_initial;
  char *authentication_type;    /* "Managed" | "Federated" */
} DscDomain;

typedef enum {
  DSC_IDENTITY_LEGACY_ACCOUNT,  /* Sync_* user in Directory Synchronization Accounts */
  DSC_IDENTITY_APPLICATION,     /* app identity (Connect 2.5+) */
} DscIdentityKind;

typedef struct {
  DscIdentityKind kind;
  char *id;
  char *display_name;
  char *user_principal_name;    /* legacy accounts */
  DscTristate account_enabled;  /* legacy accounts */
  gint64 created;               /* app role assignment time, apps */
} DscSyncIdentity;

typedef struct {
  char *id;
  char *title;
  char *classification;         /* "incident" | "advisory" */
  char *status;
  char *feature;
  char *feature_group;
  char *impact_description;
  gboolean is_resolved;
  gint64 start;
  gint64 last_modified;
} DscHealthIssue;

typedef struct {
  char *id;                     /* e.g. "OrgLiveID" */
  char *service;                /* display name */
  char *status;                 /* serviceHealthStatus, any casing */
  GPtrArray *issues;            /* DscHealthIssue*, open ones for this service */
} DscServiceHealth;

typedef struct {
  char *name;                   /* Graph feature property, e.g. "passwordSyncEnabled" */
  gboolean enabled;
} DscSyncFeature;

typedef struct {
  /* features (v1.0 and beta) */
  DscTristate password_sync_enabled;
  DscTristate block_soft_match;
  DscTristate block_hard_match_takeover;
  DscTristate quarantine_upn_conflicts;
  DscTristate quarantine_proxy_conflicts;
  GArray *features;             /* DscSyncFeature, every feature as read, sorted by name */
  /* configuration */
  char *accidental_deletion_type;  /* "disabled" | "enabledForCount" | "enabledForPercentage" */
  gint accidental_deletion_threshold; /* -1 unknown */
  gint64 sync_interval;            /* seconds, 0 unknown (beta) */
  gint64 customer_sync_interval;   /* seconds, 0 unknown (beta) */
  char *client_version;            /* synchronizationClientVersion (beta) */
  char *anchor_attribute;
  char *application_id;
  char *client_machine_name;       /* currentExportData (beta) */
  char *service_account;
  gint64 pending_additions;        /* -1 unknown */
  gint64 pending_updates;
  gint64 pending_deletions;
  gint64 connector_space_objects;
} DscSyncSettings;

/* ---- Microsoft Entra Cloud Sync ------------------------------------------
 *
 * Each Cloud Sync configuration is a service principal instantiated from the
 * AD-to-Entra provisioning application template; its jobs, the provisioning
 * agents and the provisioning-log failures hang off it. Graph's enum values
 * (status code, execution state, quarantine reason) are kept as Graph spells
 * them, so a value added later still shows; dsc-cloud-sync-rules.h reads them.
 */

#define DSC_CLOUD_SYNC_TEMPLATE_ID "1a4721b3-e57f-4451-ae87-ef078703ec94"

/* One synchronizationTaskExecution. Counts are -1 when unknown. */
typedef struct {
  char *state;                  /* "Succeeded" | "Failed" | "EntryLevelErrors" */
  gint64 began;
  gint64 ended;
  gint64 count_imported;
  gint64 count_exported;
  gint64 count_escrowed;
  char *error_code;             /* e.g. "HybridIdentityServiceNoActiveAgents" */
  char *error_message;
} DscCloudSyncExecution;

typedef struct {
  char *id;                     /* "AD2AADProvisioning.<tenant>.<guid>" */
  char *template_id;            /* "AD2AADProvisioning" | "AD2AADPasswordHash" | writeback ones */
  char *schedule_state;         /* schedule.state: "Active" | "Disabled" | "Paused" */
  char *status_code;            /* "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine" */
  gint64 successive_failures;   /* countSuccessiveCompleteFailures, -1 unknown */
  DscTristate escrows_pruned;
  DscCloudSyncExecution last_execution;
  DscCloudSyncExecution last_successful;       /* lastSuccessfulExecution */
  gint64 steady_state_time;     /* steadyStateLastAchievedTime */
  char *troubleshooting_url;
  /* quarantine: reason NULL when the job is not quarantined */
  char *quarantine_reason;      /* quarantineReason, e.g. "EncounteredQuarantineException" */
  gint64 quarantine_series_began;  /* first imposed in this series ("since") */
  gint64 quarantine_current_began;
  gint64 quarantine_next_attempt;
  gint64 quarantine_series_count;  /* -1 unknown */
  char *quarantine_error_code;
  char *quarantine_error_message;
} DscCloudSyncJob;

typedef struct {
  char *id;                     /* service principal object id */
  char *app_id;
  char *display_name;           /* the AD domain, e.g. "corp.fabrikam.com" */
  GPtrArray *jobs;              /* DscCloudSyncJob*, sorted by template id */
  gboolean jobs_read;           /* FALSE when its jobs could not be read (see the source) */
} DscCloudSyncConfig;

typedef struct {
  char *id;
  char *machine_name;
  char *external_ip;
  char *status;                 /* "active" | "inactive" */
  char *version;                /* not in Graph's documented onPremisesAgent: NULL unless sent */
  GStrv groups;                 /* agentGroups display names (the domains it serves) */
} DscCloudSyncAgent;

/* One failed provisioningObjectSummary. */
typedef struct {
  char *id;
  gint64 time;                  /* activityDateTime */
  char *job_id;
  char *config_id;              /* servicePrincipal.id */
  char *action;                 /* provisioningAction: "create", "update", … */
  char *source_name;            /* sourceIdentity.displayName */
  char *source_id;
  char *source_type;            /* sourceIdentity.identityType, e.g. "User" */
  char *target_name;            /* targetIdentity.displayName */
  char *error_code;             /* errorInformation.errorCode */
  char *error_category;         /* errorInformation.errorCategory */
  char *reason;                 /* errorInformation.reason */
  char *recommended_action;     /* errorInformation.recommendedAction */
} DscCloudSyncObjectError;

typedef enum {
  DSC_SYNC_ENGINE_UNKNOWN,      /* neither could be determined */
  DSC_SYNC_ENGINE_NONE,         /* no directory sync at all */
  DSC_SYNC_ENGINE_CONNECT,      /* Entra Connect Sync only */
  DSC_SYNC_ENGINE_CLOUD_SYNC,   /* Entra Cloud Sync only */
  DSC_SYNC_ENGINE_BOTH,         /* Connect Sync and Cloud Sync side by side */
} DscSyncEngine;

typedef struct {
  gatomicrefcount ref_count;

  gint64 taken_at;              /* when the collector finished */
  char *graph_host;             /* e.g. "graph.microsoft.com" */

  DscSourceStatus sources[DSC_N_SOURCES];

  /* organization (v1.0) */
  char *tenant_id;
  char *tenant_name;
  char *initial_domain;
  DscSyncState sync_state;
  gint64 last_sync;
  GPtrArray *verified_domains;  /* DscDomain*, from organization.verifiedDomains */

  /* organization (beta) */
  gint64 last_password_sync;
  gint64 quota_used;            /* -1 unknown */
  gint64 quota_total;           /* -1 unknown */

  DscSyncSettings settings;     /* valid when sources[SYNC_SETTINGS] is OK */

  GPtrArray *domains;           /* DscDomain*, from /domains */
  GPtrArray *identities;        /* DscSyncIdentity* */
  GPtrArray *services;          /* DscServiceHealth*, the identity-related ones */

  GPtrArray *objects;           /* DscDirectoryObject*, objects with provisioning errors */
  GPtrArray *holders;           /* DscValueHolder*, other objects holding a conflicting value */

  /* Cloud Sync (sources CLOUD_SYNC_*) */
  GPtrArray *cloud_configs;     /* DscCloudSyncConfig*, sorted by display name */
  GPtrArray *cloud_agents;      /* DscCloudSyncAgent*, sorted by machine name */
  GPtrArray *cloud_errors;      /* DscCloudSyncObjectError*, newest first */

  /* The last good on-premises pre-sync scan (source ONPREM_SCAN says whether
   * the latest attempt worked): NULL when never scanned. Not read from Graph:
   * the connection attaches it to each snapshot it collects. */
  DscOnpremScanResult *onprem_scan;
} DscSnapshot;

#define DSC_TYPE_SNAPSHOT (dsc_snapshot_get_type ())
#define DSC_TYPE_DIRECTORY_OBJECT (dsc_directory_object_get_type ())

GType               dsc_snapshot_get_type          (void) G_GNUC_CONST;
DscSnapshot        *dsc_snapshot_new               (void);
DscSnapshot        *dsc_snapshot_ref               (DscSnapshot *self);
void                dsc_snapshot_unref             (DscSnapshot *self);
void                dsc_snapshot_set_source        (DscSnapshot *self,
                                                    DscSource source,
                                                    DscSourceState state,
                                                    const char *error_code,
                                                    const char *message,
                                                    const char *request_id);
gboolean            dsc_snapshot_source_ok         (const DscSnapshot *self,
                                                    DscSource source);
/* The object list, sorted (kind, display name, id) — call once when building is done. */
void                dsc_snapshot_sort              (DscSnapshot *self);
/* A conflicting value as compared: case-folded (invalid UTF-8 made valid), and
 * for "ProxyAddress" without its "smtp:" prefix, so "SMTP:x" equals "x".
 * Used by the collector and by the health rules' grouping alike. */
char               *dsc_normalize_conflict_value   (const char *property,
                                                    const char *value);
/* g_utf8_casefold (g_utf8_make_valid (@text)), much cheaper for ASCII text. */
char               *dsc_casefold                   (const char *text);

GType               dsc_directory_object_get_type  (void) G_GNUC_CONST;
DscDirectoryObject *dsc_directory_object_new       (DscObjectKind kind);
DscDirectoryObject *dsc_directory_object_ref       (DscDirectoryObject *self);
void                dsc_directory_object_unref     (DscDirectoryObject *self);
/* Takes ownership of the strings' copies (duplicates them). */
void                dsc_directory_object_add_error (DscDirectoryObject *self,
                                                    const char *category,
                                                    const char *property,
                                                    const char *value,
                                                    gint64 occurred);

DscDomain          *dsc_domain_new                 (const char *name);
void                dsc_domain_free                (DscDomain *self);
DscSyncIdentity    *dsc_sync_identity_new          (DscIdentityKind kind);
void                dsc_sync_identity_free         (DscSyncIdentity *self);
DscServiceHealth   *dsc_service_health_new         (void);
void                dsc_service_health_free        (DscServiceHealth *self);
DscHealthIssue     *dsc_health_issue_new           (void);
void                dsc_health_issue_free          (DscHealthIssue *self);
DscValueHolder     *dsc_value_holder_new           (const char *property,
                                                    const char *value,
                                                    DscDirectoryObject *object);
void                dsc_value_holder_free          (DscValueHolder *self);

DscCloudSyncConfig *dsc_cloud_sync_config_new     (void);
void                dsc_cloud_sync_config_free    (DscCloudSyncConfig *self);
DscCloudSyncJob    *dsc_cloud_sync_job_new        (void);
void                dsc_cloud_sync_job_free       (DscCloudSyncJob *self);
DscCloudSyncAgent  *dsc_cloud_sync_agent_new      (void);
void                dsc_cloud_sync_agent_free     (DscCloudSyncAgent *self);
DscCloudSyncObjectError *dsc_cloud_sync_object_error_new  (void);
void                dsc_cloud_sync_object_error_free (DscCloudSyncObjectError *self);
/* The job with @template_id in @config, or NULL. */
const DscCloudSyncJob *dsc_cloud_sync_config_find_job (const DscCloudSyncConfig *config,
                                                       const char *template_id);
/* Agents whose agent groups name @config's domain (ASCII case-insensitive). */
guint               dsc_cloud_sync_config_count_agents (const DscSnapshot *self,
                                                        const DscCloudSyncConfig *config,
                                                        guint *n_active);

/* Which sync engine the tenant runs, from what was read: Connect Sync shows
 * as a client version, a sync service account or application, or a recent
 * sync with no Cloud Sync configuration to explain it; Cloud Sync as at least
 * one configuration. */
DscSyncEngine       dsc_snapshot_get_sync_engine  (const DscSnapshot *self);
const char         *dsc_sync_engine_to_string     (DscSyncEngine engine); /* "connect-sync", … */
const char         *dsc_sync_engine_to_label      (DscSyncEngine engine); /* translated */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscSnapshot, dsc_snapshot_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscDirectoryObject, dsc_directory_object_unref)

G_END_DECLS
