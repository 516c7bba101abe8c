/* dsc-fake-scenario.h — the data a fake tenant serves.
 *
 * A scenario is loaded once (from data/scenarios/NAME.json through the
 * GResource, from a file, or generated for "large") and is immutable
 * afterwards, so the server thread can read it without locks while a new one
 * is being built; it is reference counted and swapped whole. The file format
 * is described in docs/scenarios.md.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  DSC_FAKE_USER,
  DSC_FAKE_GROUP,
  DSC_FAKE_CONTACT,
  DSC_FAKE_N_KINDS
} DscFakeKind;

typedef struct {
  const char *property;      /* "UserPrincipalName" or "ProxyAddress" */
  const char *value;
  gint64      occurred_ago;  /* seconds before the scenario was loaded */
} DscFakeProvError;

typedef enum {
  DSC_FAKE_OBJECT_SECURITY = 1 << 0,   /* group: securityEnabled */
  DSC_FAKE_OBJECT_UNIFIED  = 1 << 1,   /* group: Microsoft 365 group */
  DSC_FAKE_OBJECT_DISABLED = 1 << 2,   /* user: accountEnabled false */
} DscFakeObjectFlags;

/* Kept small on purpose: "large" holds 100 000 of these. Strings live in the
 * scenario's string chunk; proxies and errors are slices of shared arrays. */
typedef struct {
  const char *id;
  const char *display_name;
  const char *upn;            /* users only */
  const char *mail;
  JsonObject *extra;          /* further properties from a scenario file, or NULL */
  guint32     proxy_first;
  guint32     error_first;
  guint16     n_proxies;
  guint16     n_errors;
  guint8      kind;           /* DscFakeKind */
  gint8       sync_enabled;   /* onPremisesSyncEnabled: 1, 0, or -1 for null */
  guint8      flags;          /* DscFakeObjectFlags */
} DscFakeObject;

typedef struct {
  char         *name;
  gint64        loaded_at;            /* unix seconds; relative times count from here */
  JsonNode     *root;                 /* the merged scenario JSON, kept for the pointers below */

  const char   *tenant_id;
  const char   *display_name;
  const char   *initial_domain;
  const char   *on_premises_domain;   /* AD DNS name, for derived DNs */
  const char   *signed_in_user;       /* UPN answering /me */
  const char   *global_admin;         /* UPN in the Global Administrator role */
  JsonObject   *tenant;               /* further organization properties */
  JsonArray    *domains;

  gint8         sync_enabled;         /* 1, 0, -1 for null */
  gint64        last_sync_ago;        /* seconds, -1 = never (null) */
  gint64        last_password_sync_ago;
  guint         sync_cycle;           /* seconds; 0 = doesn't move in live mode */
  guint         password_sync_cycle;
  gboolean      has_quota;
  gint64        quota_used;
  gint64        quota_total;
  JsonObject   *on_premises_sync;     /* {configuration, features} as beta has them, or NULL */
  gboolean      sync_role_active;     /* Directory Synchronization Accounts role activated */
  GArray       *sync_accounts;        /* guint32 object indices (role members) */
  JsonArray    *sync_apps;            /* appRoleAssignedTo entries; NULL = no such SP */
  JsonArray    *health_overviews;
  JsonArray    *health_issues;
  GHashTable   *denied;               /* call ids (docs/graph-calls.md) answering 403 */
  JsonArray    *cloud_configs;        /* cloudSync.configurations: {displayName, jobs[]}, or NULL */
  JsonArray    *cloud_agents;         /* cloudSync.agents, or NULL */
  JsonArray    *cloud_log;            /* cloudSync.provisioningLog, or NULL */
  gboolean      cloud_log_licensed;   /* cloudSync.licensed: provisioning logs need P1 */

  GStringChunk *strings;
  GArray       *objects;              /* DscFakeObject, users then groups then contacts */
  guint         first[DSC_FAKE_N_KINDS];
  guint         count[DSC_FAKE_N_KINDS];
  GPtrArray    *proxies;              /* const char * */
  GArray       *errors;               /* DscFakeProvError */
  GArray       *in_error[DSC_FAKE_N_KINDS];  /* guint32 object indices, ascending */
  GHashTable   *id_index;             /* id → index + 1 */
  GHashTable   *upn_index;            /* UPN (ASCII caseless) → chain link + 1 */
  GHashTable   *proxy_index;          /* proxy address (ASCII caseless) → chain link + 1 */
  GArray       *chain;                /* DscFakeChainLink */
} DscFakeScenario;

/* Built-in names, NULL-terminated, static. */
const char * const *dsc_fake_scenario_list_builtin (void);

/* @name: a built-in name, "large[:objects=N,errors=M]", or a path to a .json
 * file in the scenario format. */
DscFakeScenario *dsc_fake_scenario_load  (const char      *name,
                                          GError         **error);
DscFakeScenario *dsc_fake_scenario_ref   (DscFakeScenario *scenario);
void             dsc_fake_scenario_unref (DscFakeScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscFakeScenario, dsc_fake_scenario_unref)

static inline const DscFakeObject *
dsc_fake_scenario_object (const DscFakeScenario *scenario,
                          guint                  index)
{
  return &g_array_index (scenario->objects, DscFakeObject, index);
}

/* Unix seconds of a moment @ago seconds before the scenario was loaded. */
gint64   dsc_fake_scenario_time_ago            (const DscFakeScenario *scenario,
                                                gint64                 ago);
/* Unix seconds, or -1 for null. In @live mode a healthy sync keeps cycling. */
gint64   dsc_fake_scenario_last_sync           (const DscFakeScenario *scenario,
                                                gint64                 now,
                                                gboolean               live);
gint64   dsc_fake_scenario_last_password_sync  (const DscFakeScenario *scenario,
                                                gint64                 now,
                                                gboolean               live);
gboolean dsc_fake_scenario_is_denied           (const DscFakeScenario *scenario,
                                                const char            *call_id);

/* Append to @out (guint32) the indices of objects of @kind holding @value, in
 * ascending order. Comparison ignores ASCII case, so "smtp:" and "SMTP:"
 * prefixes name the same address. */
void     dsc_fake_scenario_find_upn            (const DscFakeScenario *scenario,
                                                const char            *value,
                                                DscFakeKind            kind,
                                                GArray                *out);
void     dsc_fake_scenario_find_proxy          (const DscFakeScenario *scenario,
                                                const char            *value,
                                                DscFakeKind            kind,
                                                GArray                *out);
/* A GUID derived from the tenant id and @key: stable across loads. */
void     dsc_fake_scenario_derive_id           (const DscFakeScenario *scenario,
                                                const char            *key,
                                                char                   out[37]);

/* By id, or for users also by userPrincipalName; -1 when absent. */
int      dsc_fake_scenario_find_object         (const DscFakeScenario *scenario,
                                                DscFakeKind            kind,
                                                const char            *key);

G_END_DECLS
