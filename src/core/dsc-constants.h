/* dsc-constants.h — numbers and identifiers more than one module needs to
 * agree on (the client, the collector, the fake tenant, the rules). Defined
 * once here so the fake tenant can't drift from what the client sends.
 */
#pragma once

/* json-glib's parser recurses: JSON nesting deeper than this is refused
 * before parsing (dsc_json_depth_ok()). Graph JSON nests a handful of levels. */
#define DSC_JSON_MAX_DEPTH 512

/* Microsoft Graph takes at most this many requests in one $batch call. */
#define DSC_GRAPH_BATCH_MAX_REQUESTS 20

/* roleTemplateId of the Directory Synchronization Accounts role (the Sync_
 * accounts Entra Connect signs in with). */
#define DSC_SYNC_ROLE_TEMPLATE_ID "d29b2b05-8046-44ba-8758-1e26182fcf32"

/* appId of the Microsoft Entra AD Synchronization Service, whose app roles
 * Entra Connect's application identities are assigned. */
#define DSC_SYNC_SERVICE_APP_ID "6bf85cfa-ac8a-4be5-b5de-425a0d0dc016"

/* Entra Connect's default accidental-delete threshold (objects per export). */
#define DSC_DEFAULT_DELETION_THRESHOLD 500
