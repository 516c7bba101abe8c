/* dsc-snapshot-json.h — a snapshot to and from JSON: the on-disk cache the
 * window opens with, and a canonical form tests compare. */
#pragma once

#include <json-glib/json-glib.h>
#include "dsc-snapshot.h"

G_BEGIN_DECLS

#define DSC_SNAPSHOT_JSON_VERSION 1

JsonNode    *dsc_snapshot_to_json   (const DscSnapshot *snapshot);
/* Fails with G_IO_ERROR_INVALID_DATA and a readable message on any bad shape. */
DscSnapshot *dsc_snapshot_from_json (JsonNode *node, GError **error);
/* Canonical text (sorted, no taken_at) for equality checks. */
char        *dsc_snapshot_to_canonical_string (const DscSnapshot *snapshot);

G_END_DECLS
