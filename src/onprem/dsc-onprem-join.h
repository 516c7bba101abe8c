/* dsc-onprem-join.h — the on-premises scan joined with the cloud's sync
 * errors (the snapshot's PropertyConflict errors). Pure. */
#pragma once

#include <glib.h>

#include "dsc-onprem-object.h"
#include "dsc-snapshot.h"

G_BEGIN_DECLS


/* TRUE when object holds value the way Entra compares it for property:
 * UserPrincipalName → the UPN; ProxyAddress → a proxy address with the same
 * address (prefix and case ignored) or, for SMTP values, mail; anything
 * else → mail. Case-insensitive. */
gboolean    dsc_onprem_object_holds     (const DscOnpremObject *object,
                                         const char *property,
                                         const char *value);

/* For each PropertyConflict of cloud_objects (DscDirectoryObject*), the
 * on-premises DNs that hold it; sets fails_in_cloud on each duplicate finding
 * whose value is one of those conflicts. Returns DscOnpremCloudMatch*, owning,
 * in the cloud objects' order. */
GPtrArray  *dsc_onprem_join             (GPtrArray *cloud_objects,
                                         GPtrArray *onprem_objects,
                                         GPtrArray *findings);

G_END_DECLS
