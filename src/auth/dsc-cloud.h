/* dsc-cloud.h — the Microsoft clouds an app registration can live in: where to
 * sign in (authority host), where Graph answers, and which host the scopes
 * name. A "custom" entry points both at one loopback server (tests, --demo). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DSC_CLOUD_GLOBAL,
  DSC_CLOUD_US_GOV_HIGH,
  DSC_CLOUD_US_GOV_DOD,
  DSC_CLOUD_CHINA,
  DSC_CLOUD_CUSTOM,       /* loopback only: the fake identity platform */
} DscCloudId;

typedef struct {
  DscCloudId  id;
  const char *key;             /* "global", "usgov-high", "usgov-dod", "china", "custom" */
  const char *display_name;    /* translatable (N_) */
  const char *authority_host;  /* "https://login.microsoftonline.com"; NULL for custom */
  const char *graph_root;      /* "https://graph.microsoft.com"; NULL for custom */
} DscCloud;

/* NULL for an unknown id/key. */
const DscCloud *dsc_cloud_get          (DscCloudId  id);
const DscCloud *dsc_cloud_from_key     (const char *key);
/* The clouds a user may pick (custom excluded), NULL-terminated. */
const DscCloud * const *dsc_cloud_list (void);

/* The delegated, read-only Graph scopes the app needs (reference §2) plus
 * offline_access openid profile, each Graph scope prefixed with graph_root's
 * host, space-separated. */
char           *dsc_cloud_build_scopes (const char *graph_root);
/* The least-privilege Graph permissions, NULL-terminated, for the UI. */
const char * const *dsc_cloud_graph_permissions (void);

/* "https://login.microsoftonline.com/contoso.onmicrosoft.com". An
 * authority_host other than https:// is refused unless it is loopback. */
char           *dsc_cloud_build_authority (const char *authority_host,
                                           const char *tenant,
                                           GError    **error);
/* The app's Graph permissions missing from a token response's "scope"
 * (space-separated, with or without the resource prefix; NULL: nothing
 * known, nothing missing). NULL-terminated, never NULL. */
GStrv           dsc_cloud_missing_permissions (const char *granted_scope);
/* The checks (tiles) a permission's absence limits, as a sentence part:
 * "Directory sync, Last directory sync, …" (translated). */
const char     *dsc_cloud_permission_limits   (const char *permission);

/* Where a Microsoft Graph token may be sent: the national clouds' Graph
 * roots, loopback, or an https host the admin named (allowed_hosts, may be
 * NULL). Anything else: FALSE with an error that names the host and the
 * option. Plain http to other hosts is left to the Graph client's refusal. */
gboolean        dsc_cloud_graph_url_is_allowed (const char          *url,
                                                const char * const  *allowed_hosts,
                                                GError             **error);
/* TRUE for http(s)://127.0.0.1, ::1 or localhost. */
gboolean        dsc_cloud_url_is_loopback (const char *url);

G_END_DECLS
