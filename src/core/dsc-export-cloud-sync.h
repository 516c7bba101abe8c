/* dsc-export-cloud-sync.h — the Cloud Sync part of the file exports. */
#pragma once

#include "dsc-report.h"

G_BEGIN_DECLS

/* Prometheus gauges per Cloud Sync configuration (label "configuration" =
 * its AD domain) and job template. Writes nothing when the configurations
 * could not be read, so older cached snapshots export as before. */
void dsc_export_prometheus_cloud_sync (const DscReport *report, GString *out);

G_END_DECLS
