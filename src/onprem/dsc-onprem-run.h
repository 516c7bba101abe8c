/* dsc-onprem-run.h — one whole on-premises scan for the window: read (the
 * directory over LDAP, or the built-in sample directory of the demo), IdFix's
 * rules, and the join with a snapshot's sync errors. Off the main loop, with
 * progress and cancel. */
#pragma once

#include <gio/gio.h>

#include "dsc-onprem-scanner.h"
#include "dsc-snapshot.h"

G_BEGIN_DECLS

#define DSC_ONPREM_SAMPLE_SOURCE "built-in sample directory (corp.contoso.com)"

/* config NULL: the built-in sample directory (data/onprem/contoso.ldif).
 * cloud (may be NULL): the tenant read last — its verified domains feed the
 * verified-domain rule, its PropertyConflicts the join. */
void                 dsc_onprem_run_async  (const DscOnpremScanConfig *config,
                                            DscSnapshot               *cloud,
                                            GCancellable              *cancellable,
                                            DscOnpremProgressFunc      progress,
                                            gpointer                   progress_data,
                                            GAsyncReadyCallback        callback,
                                            gpointer                   user_data);
DscOnpremScanResult *dsc_onprem_run_finish (GAsyncResult              *result,
                                            GError                   **error);

/* The scan of the built-in sample directory joined with cloud, synchronously
 * (a few milliseconds: the demo runs it in a worker thread on each refresh). */
DscOnpremScanResult *dsc_onprem_scan_sample (DscSnapshot *cloud, GError **error);
/* The built-in sample directory's objects (DscOnpremObject*, owning). */
GPtrArray           *dsc_onprem_read_sample (GError **error);
/* The secret store key of a bind account's password: "ldap-bind:<dn, lower case>". */
char                *dsc_onprem_bind_secret_key (const char *bind_dn);
/* The verified domain names of a snapshot, NULL-terminated (owning). */
GPtrArray           *dsc_onprem_verified_domains (const DscSnapshot *snapshot);

G_END_DECLS
