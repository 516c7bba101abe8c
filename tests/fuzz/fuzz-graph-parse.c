/* fuzz-graph-parse.c — one libFuzzer target per Graph endpoint parser
 * (dsc-graph-parse.h), chosen at build time with -DFUZZ_<ENDPOINT>: bytes as
 * the service might send them → DscJson → the parser → a fresh snapshot. */
#include "config.h"

#include "fuzz-common.h"
#include "dsc-graph-parse.h"

#if defined(FUZZ_SERVICE_HEALTH)
/* overviews, then NUL, then issues (absent: no issues call answered). */
static void
fuzz_service_health (const uint8_t *data,
                     size_t         size)
{
  const uint8_t *nul = memchr (data, '\0', size);
  size_t first = nul != NULL ? (size_t) (nul - data) : size;
  g_autoptr(DscJson) overviews = fuzz_parse_graph_json (data, first);
  g_autoptr(DscJson) issues = NULL;
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();

  if (nul != NULL)
    issues = fuzz_parse_graph_json (nul + 1, size - first - 1);
  if (overviews != NULL)
    dsc_parse_service_health (overviews, issues, snapshot, NULL);
}
#endif

#if defined(FUZZ_ERROR_PAGE) || defined(FUZZ_HOLDER_PAGE)
static const DscObjectKind kinds[] = { DSC_OBJECT_USER, DSC_OBJECT_GROUP, DSC_OBJECT_CONTACT };
#endif

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
#if defined(FUZZ_SERVICE_HEALTH)
  fuzz_service_health (data, size);
#elif defined(FUZZ_ERROR_PAGE)
  /* First byte: the object kind the page is for. */
  g_autoptr(DscJson) node = NULL;
  g_autoptr(GPtrArray) objects =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
  g_autofree char *next_link = NULL;

  if (size < 1)
    return 0;
  node = fuzz_parse_graph_json (data + 1, size - 1);
  if (node != NULL)
    dsc_parse_error_page (node, kinds[data[0] % G_N_ELEMENTS (kinds)], objects,
                          &next_link, NULL);
#elif defined(FUZZ_HOLDER_PAGE)
  /* First byte: object kind and property. The values are those the seeds'
   * objects conflict on, so matching code is reached too. */
  static const char * const values[] = {
    "alice@contoso.com", "smtp:alice@contoso.com", "bob@contoso.com",
    "SMTP:sales@contoso.com", "x", NULL
  };
  g_autoptr(DscJson) node = NULL;
  g_autoptr(GPtrArray) holders =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_value_holder_free);

  if (size < 1)
    return 0;
  node = fuzz_parse_graph_json (data + 1, size - 1);
  if (node != NULL)
    dsc_parse_holder_page (node, kinds[data[0] % G_N_ELEMENTS (kinds)],
                           (data[0] & 0x80) ? "ProxyAddress" : "UserPrincipalName",
                           values, holders, NULL);
#elif defined(FUZZ_CLOUD_SYNC_JOBS)
  /* synchronization/jobs of one Cloud Sync configuration. */
  g_autoptr(DscJson) node = fuzz_parse_graph_json (data, size);
  DscCloudSyncConfig *config = dsc_cloud_sync_config_new ();

  if (node != NULL)
    dsc_parse_cloud_sync_jobs (node, config, NULL);
  dsc_cloud_sync_config_free (config);
#elif defined(FUZZ_PROVISIONING_LOG)
  g_autoptr(DscJson) node = fuzz_parse_graph_json (data, size);
  g_autoptr(GPtrArray) errors =
    g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_cloud_sync_object_error_free);
  g_autofree char *next_link = NULL;

  if (node != NULL)
    dsc_parse_provisioning_failures (node, errors, &next_link, NULL);
#else
  g_autoptr(DscJson) node = fuzz_parse_graph_json (data, size);
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();

  if (node == NULL)
    return 0;
# if defined(FUZZ_ORGANIZATION)
  dsc_parse_organization (node, snapshot, NULL);
# elif defined(FUZZ_ORGANIZATION_BETA)
  dsc_parse_organization_beta (node, snapshot, NULL);
# elif defined(FUZZ_SYNC_SETTINGS)
  dsc_parse_sync_settings (node, snapshot, NULL);
# elif defined(FUZZ_DOMAINS)
  dsc_parse_domains (node, snapshot, NULL);
# elif defined(FUZZ_SYNC_ACCOUNTS)
  dsc_parse_sync_accounts (node, snapshot, NULL);
# elif defined(FUZZ_SYNC_APPS)
  dsc_parse_sync_apps (node, snapshot, NULL);
# elif defined(FUZZ_CLOUD_SYNC_CONFIGS)
  dsc_parse_cloud_sync_configs (node, snapshot, NULL);
# elif defined(FUZZ_CLOUD_SYNC_AGENTS)
  dsc_parse_cloud_sync_agents (node, snapshot, NULL);
# else
#  error "define one FUZZ_<ENDPOINT>"
# endif
#endif
  return 0;
}
