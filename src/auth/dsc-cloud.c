/* dsc-cloud.c — national cloud endpoints (reference §1.1) and the scopes. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dsc-auth-error.h"
#include "dsc-cloud.h"

static const DscCloud clouds[] = {
  { DSC_CLOUD_GLOBAL, "global", N_("Global (Microsoft 365, GCC)"),
    "https://login.microsoftonline.com", "https://graph.microsoft.com" },
  { DSC_CLOUD_US_GOV_HIGH, "usgov-high", N_("US Government GCC High (L4)"),
    "https://login.microsoftonline.us", "https://graph.microsoft.us" },
  { DSC_CLOUD_US_GOV_DOD, "usgov-dod", N_("US Government DoD (L5)"),
    "https://login.microsoftonline.us", "https://dod-graph.microsoft.us" },
  { DSC_CLOUD_CHINA, "china", N_("China (operated by 21Vianet)"),
    "https://login.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn" },
  { DSC_CLOUD_CUSTOM, "custom", N_("Custom (loopback test server)"), NULL, NULL },
};

static const DscCloud * const pickable[] = {
  &clouds[0], &clouds[1], &clouds[2], &clouds[3], NULL
};

/* Reference §2: read-only, delegated, least privilege. */
static const char * const graph_permissions[] = {
  "Organization.Read.All",
  "OnPremDirectorySynchronization.Read.All",
  "User.Read.All",
  "GroupMember.Read.All",
  "OrgContact.Read.All",
  "Domain.Read.All",
  "RoleManagement.Read.Directory",
  "ServiceHealth.Read.All",
  /* Microsoft Entra Cloud Sync: its configurations (service principals), their
   * jobs, the provisioning agents (beta, delegated only) and the failures in
   * the provisioning logs (Entra ID P1). */
  "Application.Read.All",
  "Synchronization.Read.All",
  "Policy.Read.HybridAuthentication",
  "AuditLog.Read.All",
  NULL
};

/* Which checks each permission feeds (graph-reference §2); the names are the
 * tiles' titles. */
static const struct {
  const char *permission;
  const char *limits;
} permission_limits[] = {
  { "Organization.Read.All",
    N_("Directory sync, Last directory sync, Password hash sync, Object quota") },
  { "OnPremDirectorySynchronization.Read.All",
    N_("Entra Connect, Password hash sync, sync safeguards (Global Administrator only)") },
  { "User.Read.All", N_("Sync errors (users)") },
  { "GroupMember.Read.All", N_("Sync errors (groups)") },
  { "OrgContact.Read.All", N_("Sync errors (contacts)") },
  { "Domain.Read.All", N_("Domains") },
  { "RoleManagement.Read.Directory", N_("Sync account") },
  { "ServiceHealth.Read.All", N_("Service health") },
  { "Application.Read.All", N_("Cloud Sync configurations, Sync account (applications)") },
  { "Synchronization.Read.All", N_("Cloud Sync jobs") },
  { "Policy.Read.HybridAuthentication", N_("Cloud Sync agents") },
  /* Microsoft also lists Directory.Read.All for the provisioning logs; it is
   * not requested (far broader than reading a log): without it the object
   * errors may read as denied, which the report shows as data. */
  { "AuditLog.Read.All", N_("Cloud Sync object errors") },
};

const char *
dsc_cloud_permission_limits (const char *permission)
{
  for (guint i = 0; i < G_N_ELEMENTS (permission_limits); i++)
    if (g_strcmp0 (permission_limits[i].permission, permission) == 0)
      return _(permission_limits[i].limits);
  return "";
}

GStrv
dsc_cloud_missing_permissions (const char *granted_scope)
{
  g_autoptr(GStrvBuilder) missing = g_strv_builder_new ();
  g_auto(GStrv) granted = NULL;

  if (granted_scope == NULL)
    return g_strv_builder_end (missing);
  granted = g_strsplit_set (granted_scope, " \t", -1);
  for (guint i = 0; graph_permissions[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; granted[j] != NULL && !found; j++)
        {
          const char *slash = strrchr (granted[j], '/');
          const char *name = slash != NULL ? slash + 1 : granted[j];

          found = g_ascii_strcasecmp (name, graph_permissions[i]) == 0;
        }
      if (!found)
        g_strv_builder_add (missing, graph_permissions[i]);
    }
  return g_strv_builder_end (missing);
}

const DscCloud *
dsc_cloud_get (DscCloudId id)
{
  for (guint i = 0; i < G_N_ELEMENTS (clouds); i++)
    if (clouds[i].id == id)
      return &clouds[i];
  return NULL;
}

const DscCloud *
dsc_cloud_from_key (const char *key)
{
  if (key == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (clouds); i++)
    if (g_str_equal (clouds[i].key, key))
      return &clouds[i];
  return NULL;
}

const DscCloud * const *
dsc_cloud_list (void)
{
  return pickable;
}

const char * const *
dsc_cloud_graph_permissions (void)
{
  return graph_permissions;
}

char *
dsc_cloud_build_scopes (const char *graph_root)
{
  g_autoptr(GString) scopes = g_string_new ("offline_access openid profile");
  g_autofree char *root = g_strdup (graph_root != NULL ? graph_root
                                                       : "https://graph.microsoft.com");
  gsize len = strlen (root);

  while (len > 0 && root[len - 1] == '/')
    root[--len] = '\0';
  for (guint i = 0; graph_permissions[i] != NULL; i++)
    g_string_append_printf (scopes, " %s/%s", root, graph_permissions[i]);
  return g_string_free (g_steal_pointer (&scopes), FALSE);
}

gboolean
dsc_cloud_url_is_loopback (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL)
    return FALSE;
  if (!g_str_equal (g_uri_get_scheme (uri), "http") &&
      !g_str_equal (g_uri_get_scheme (uri), "https"))
    return FALSE;
  host = g_uri_get_host (uri);
  return host != NULL && (g_str_equal (host, "127.0.0.1") || g_str_equal (host, "::1") ||
                          g_ascii_strcasecmp (host, "localhost") == 0);
}

gboolean
dsc_cloud_graph_url_is_allowed (const char          *url,
                                const char * const  *allowed_hosts,
                                GError             **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL || dsc_cloud_url_is_loopback (url))
    return TRUE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_scheme (uri) == NULL ||
      g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
    return TRUE;   /* not a usable https address: the Graph client says why */
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (clouds); i++)
    {
      g_autoptr(GUri) root = NULL;

      if (clouds[i].graph_root == NULL)
        continue;
      root = g_uri_parse (clouds[i].graph_root, G_URI_FLAGS_NONE, NULL);
      if (root != NULL && g_ascii_strcasecmp (g_uri_get_host (root), host) == 0 &&
          (g_uri_get_port (uri) == -1 || g_uri_get_port (uri) == 443))
        return TRUE;
    }
  for (guint i = 0; allowed_hosts != NULL && allowed_hosts[i] != NULL; i++)
    if (g_ascii_strcasecmp (allowed_hosts[i], host) == 0)
      return TRUE;
  g_set_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_SETTINGS,
               _("Refusing to send the sign-in token to %s: it is not a Microsoft Graph root "
                 "(graph.microsoft.com, graph.microsoft.us, dod-graph.microsoft.us, "
                 "microsoftgraph.chinacloudapi.cn). If this host really serves Microsoft Graph "
                 "for you (e.g. a proxy you run), add --allow-graph-host %s"),
               host, host);
  return FALSE;
}

static gboolean
tenant_is_valid (const char *tenant)
{
  if (tenant == NULL || *tenant == '\0' || strlen (tenant) > 256)
    return FALSE;
  for (const char *p = tenant; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

char *
dsc_cloud_build_authority (const char  *authority_host,
                           const char  *tenant,
                           GError     **error)
{
  g_autofree char *host = NULL;
  gsize len;

  if (authority_host == NULL ||
      (!g_str_has_prefix (authority_host, "https://") &&
       !dsc_cloud_url_is_loopback (authority_host)))
    {
      g_set_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_SETTINGS,
                   _("The sign-in address “%s” is not https://"),
                   authority_host != NULL ? authority_host : "");
      return NULL;
    }
  if (!tenant_is_valid (tenant))
    {
      g_set_error (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_SETTINGS,
                   _("“%s” is not a tenant ID or domain (e.g. contoso.onmicrosoft.com)"),
                   tenant != NULL ? tenant : "");
      return NULL;
    }
  host = g_strdup (authority_host);
  len = strlen (host);
  while (len > 0 && host[len - 1] == '/')
    host[--len] = '\0';
  return g_strdup_printf ("%s/%s", host, tenant);
}
