/* dsc-graph-parse.h — Graph JSON → snapshot, one pure function per endpoint.
 *
 * No I/O and no GTK, so each can be fed hostile input by tests and fuzzers.
 * Missing or null members are "unknown"; a member of the wrong type is an
 * error naming it (G_IO_ERROR_INVALID_DATA), because a changed API shape must
 * not silently read as "healthy".
 */
#pragma once

#include "dsc-json.h"
#include "dsc-snapshot.h"

G_BEGIN_DECLS

/* v1.0 organization: collection ({"value":[…]}) or entity. */
gboolean dsc_parse_organization      (DscJson *node, DscSnapshot *snapshot, GError **error);
/* beta organization: onPremisesLastPasswordSyncDateTime, directorySizeQuota. */
gboolean dsc_parse_organization_beta (DscJson *node, DscSnapshot *snapshot, GError **error);
/* directory/onPremisesSynchronization: collection or entity, v1.0 or beta. */
gboolean dsc_parse_sync_settings     (DscJson *node, DscSnapshot *snapshot, GError **error);
gboolean dsc_parse_domains           (DscJson *node, DscSnapshot *snapshot, GError **error);
gboolean dsc_parse_sync_accounts     (DscJson *node, DscSnapshot *snapshot, GError **error);
gboolean dsc_parse_sync_apps         (DscJson *node, DscSnapshot *snapshot, GError **error);
/* overviews: healthOverviews collection; issues: open issues collection or NULL. */
gboolean dsc_parse_service_health    (DscJson *overviews, DscJson *issues,
                                      DscSnapshot *snapshot, GError **error);

/* One page of users/groups/contacts. Appends objects that have provisioning
 * errors to objects (others are skipped, as when the service could not filter).
 * next_link: the page's @odata.nextLink or NULL. */
/* Only the page's shape and its @odata.nextLink (or NULL): to ask for the
 * next page before parsing this one. */
gboolean dsc_parse_next_link         (DscJson *page, DscObjectKind kind, char **next_link,
                                      GError **error);
gboolean dsc_parse_error_page        (DscJson *page, DscObjectKind kind, GPtrArray *objects,
                                      char **next_link, GError **error);
/* One page answering a holder lookup for property (UserPrincipalName or
 * ProxyAddress) and the values asked about; appends a DscValueHolder for each
 * returned object that holds one of the values. */
gboolean dsc_parse_holder_page       (DscJson *page, DscObjectKind kind, const char *property,
                                      const char * const *values, GPtrArray *holders,
                                      GError **error);

/* Cloud Sync. Service principals from the AD2AAD template → configurations
 * (entries whose applicationTemplateId is another template are skipped). */
gboolean dsc_parse_cloud_sync_configs (DscJson *node, DscSnapshot *snapshot, GError **error);
/* /servicePrincipals/{id}/synchronization/jobs → @config's jobs, all or none;
 * sets config->jobs_read on success. */
gboolean dsc_parse_cloud_sync_jobs    (DscJson *node, DscCloudSyncConfig *config,
                                       GError **error);
/* beta onPremisesPublishingProfiles/provisioning/agents?$expand=agentGroups. */
gboolean dsc_parse_cloud_sync_agents  (DscJson *node, DscSnapshot *snapshot, GError **error);
/* One page of /auditLogs/provisioning: appends DscCloudSyncObjectError for
 * each failed event (others are skipped); next_link as for error pages. */
gboolean dsc_parse_provisioning_failures (DscJson *page, GPtrArray *errors, char **next_link,
                                          GError **error);

G_END_DECLS
