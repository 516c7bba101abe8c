/* dsc-types.h — enums shared by the snapshot, the health rules and every shell.
 *
 * Kept free of GTK and I/O so the diagnostic core stays testable on its own.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Overall, tile and finding status. The numeric order is NOT severity order:
 * use dsc_status_worse() to combine. INFO is only used by findings. */
typedef enum {
  DSC_STATUS_OK,
  DSC_STATUS_INFO,
  DSC_STATUS_WARNING,
  DSC_STATUS_ERROR,
  DSC_STATUS_UNKNOWN,
} DscStatus;

/* Tri-state for booleans Graph may not have given us. */
typedef enum {
  DSC_TRISTATE_UNKNOWN = -1,
  DSC_TRISTATE_FALSE = 0,
  DSC_TRISTATE_TRUE = 1,
} DscTristate;

/* organization.onPremisesSyncEnabled: true / false / null (never synced) —
 * plus UNKNOWN when it could not be read at all. */
typedef enum {
  DSC_SYNC_STATE_UNKNOWN,
  DSC_SYNC_STATE_NEVER,
  DSC_SYNC_STATE_ON,
  DSC_SYNC_STATE_OFF,
} DscSyncState;

typedef enum {
  DSC_OBJECT_USER,
  DSC_OBJECT_GROUP,
  DSC_OBJECT_CONTACT,
} DscObjectKind;

/* Each thing the collector reads; a snapshot records per source whether it
 * could be read and, if not, why. */
typedef enum {
  DSC_SOURCE_ORGANIZATION,      /* v1.0 organization */
  DSC_SOURCE_ORGANIZATION_BETA, /* beta organization: last password sync, quota */
  DSC_SOURCE_SYNC_SETTINGS,     /* beta directory/onPremisesSynchronization (Global Admin only) */
  DSC_SOURCE_DOMAINS,           /* v1.0 domains */
  DSC_SOURCE_SYNC_ACCOUNTS,     /* Directory Synchronization Accounts role members */
  DSC_SOURCE_SYNC_APPS,         /* apps assigned to the Entra AD Synchronization Service SP */
  DSC_SOURCE_SERVICE_HEALTH,    /* healthOverviews + open issues */
  DSC_SOURCE_USER_ERRORS,
  DSC_SOURCE_GROUP_ERRORS,
  DSC_SOURCE_CONTACT_ERRORS,
  DSC_SOURCE_CONFLICT_HOLDERS,  /* the other objects that hold each conflicting value */
  DSC_SOURCE_CLOUD_SYNC_CONFIGS, /* Cloud Sync configurations: service principals from the AD2AAD template */
  DSC_SOURCE_CLOUD_SYNC_JOBS,   /* their synchronization jobs (Synchronization.Read.All) */
  DSC_SOURCE_CLOUD_SYNC_AGENTS, /* beta provisioning agents (Policy.Read.HybridAuthentication) */
  DSC_SOURCE_CLOUD_SYNC_LOG,    /* provisioning-log failures (AuditLog.Read.All, Entra ID P1) */
  DSC_SOURCE_ONPREM_SCAN,       /* the on-premises pre-sync scan (LDAP, not Graph): NOT_READ = never scanned */
  DSC_N_SOURCES
} DscSource;

typedef enum {
  DSC_SOURCE_STATE_NOT_READ,    /* never attempted (e.g. refresh cancelled) */
  DSC_SOURCE_STATE_OK,
  DSC_SOURCE_STATE_DENIED,      /* 401/403: missing role or permission */
  DSC_SOURCE_STATE_UNAVAILABLE, /* 404 / unsupported: not there for this tenant or cloud */
  DSC_SOURCE_STATE_FAILED,      /* network, server or malformed data */
} DscSourceState;

/* The tiles of the main window, in display order. */
typedef enum {
  DSC_TILE_SYNC_ENABLED,
  DSC_TILE_LAST_SYNC,
  DSC_TILE_PASSWORD_SYNC,
  DSC_TILE_SYNC_ERRORS,
  DSC_TILE_QUOTA,
  DSC_TILE_CONNECT_VERSION,
  DSC_TILE_SYNC_IDENTITY,
  DSC_TILE_DOMAINS,
  DSC_TILE_SERVICE_HEALTH,
  DSC_TILE_CLOUD_SYNC,
  DSC_TILE_ONPREM_DATA,
  DSC_N_TILES
} DscTileId;

/* "No tile": a rule that only adds findings (see dsc-health-private.h). */
#define DSC_TILE_NONE ((DscTileId) -1)

/* Problem categories: those of the support article plus the ones the
 * admin center lacks. Each has a detail pane. */
typedef enum {
  DSC_CATEGORY_OBJECT_ERRORS,     /* objects not appearing/updating: sync errors */
  DSC_CATEGORY_NO_RECENT_SYNC,
  DSC_CATEGORY_PASSWORD_SYNC,
  DSC_CATEGORY_OBJECT_QUOTA,
  DSC_CATEGORY_CONNECT_VERSION,   /* get / upgrade Entra Connect */
  DSC_CATEGORY_SYNC_IDENTITY,
  DSC_CATEGORY_DOMAINS,
  DSC_CATEGORY_SERVICE_HEALTH,
  DSC_CATEGORY_CLOUD_SYNC,        /* Microsoft Entra Cloud Sync configurations */
  DSC_CATEGORY_SYNC_SAFEGUARDS,   /* accidental-delete protection, soft/hard-match hardening */
  DSC_CATEGORY_CANT_MANAGE,       /* source of authority: can't manage synced objects */
  DSC_CATEGORY_ATTRIBUTES,        /* which attributes are synchronized (informational) */
  DSC_CATEGORY_ONPREM_DATA,       /* on-premises data before sync: the pre-sync scan (IdFix's successor) */
  DSC_N_CATEGORIES
} DscCategoryId;

DscStatus     dsc_status_worse          (DscStatus a, DscStatus b);
int           dsc_status_exit_code      (DscStatus status);
const char   *dsc_status_to_string      (DscStatus status);  /* "ok", "warning", … (stable, for files) */
const char   *dsc_status_to_label       (DscStatus status);  /* translated "OK", "Warning", … */
gboolean      dsc_status_from_string    (const char *str, DscStatus *out);
const char   *dsc_object_kind_to_string (DscObjectKind kind); /* "user", "group", "contact" */
const char   *dsc_object_kind_to_label  (DscObjectKind kind); /* translated */
const char   *dsc_source_to_string      (DscSource source);   /* "organization", … (stable) */
const char   *dsc_source_to_label       (DscSource source);   /* translated, for messages */
const char   *dsc_source_state_to_string (DscSourceState state);
const char   *dsc_tile_to_string        (DscTileId tile);     /* "sync-enabled", … (stable) */
const char   *dsc_category_to_string    (DscCategoryId category); /* "object-errors", … */
gboolean      dsc_category_from_string  (const char *str, DscCategoryId *out);

G_END_DECLS
