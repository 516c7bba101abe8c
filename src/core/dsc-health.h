/* dsc-health.h — the diagnostic brain: snapshot + policy + now → report.
 * Pure and deterministic: no I/O, no clock, no GTK. */
#pragma once

#include "dsc-report.h"
#include "dsc-policy.h"
#include "dsc-connect-versions.h"

G_BEGIN_DECLS

DscReport *dsc_health_evaluate (DscSnapshot *snapshot,
                                const DscPolicy *policy,
                                const DscConnectVersions *versions,
                                gint64 now);

G_END_DECLS
