/* dsc-health.h — the diagnostic brain: snapshot + policy + now → report.
 * Pure and deterministic: no I/O, no clock, no GTK. */
#pragma once

#include <gio/gio.h>
#include "dsc-report.h"
#include "dsc-policy.h"
#include "dsc-connect-versions.h"

G_BEGIN_DECLS

DscReport *dsc_health_evaluate (DscSnapshot *snapshot,
                                const DscPolicy *policy,
                                const DscConnectVersions *versions,
                                gint64 now);

/* The same evaluation in a worker thread, so the main loop never waits for
 * it. The snapshot is referenced, the policy copied and the table referenced
 * (NULL: the built-in table). */
void       dsc_health_evaluate_async  (DscSnapshot *snapshot,
                                       const DscPolicy *policy,
                                       DscConnectVersions *versions,
                                       gint64 now,
                                       GCancellable *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer user_data);
DscReport *dsc_health_evaluate_finish (GAsyncResult *result,
                                       GError **error);

G_END_DECLS
