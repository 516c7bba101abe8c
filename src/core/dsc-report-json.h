/* dsc-report-json.h — the report as versioned JSON (schema in
 * data/report.schema.json) and as plain text for --check. */
#pragma once

#include <json-glib/json-glib.h>
#include "dsc-report.h"
#include "dsc-constants.h"
#include "dsc-time.h"

G_BEGIN_DECLS

#define DSC_REPORT_JSON_SCHEMA_VERSION 3

/* The report's JSON (dsc_export_write_json()) parsed back into a tree, for
 * code that reads members rather than bytes. */
JsonNode *dsc_report_to_json (const DscReport *report);
/* Human-readable, for a terminal or a scheduler's log; times relative to now
 * and absolute in UTC. */
char     *dsc_report_to_text (const DscReport *report, gint64 now);

/* FALSE when JSON text nests deeper than max_depth. json-glib's parser
 * recurses, so hostile input ("[[[[…" from the network, a damaged cache or
 * settings file) must be checked before it is parsed. */
gboolean  dsc_json_depth_ok   (const char *data, gsize len, guint max_depth);

/* Set a string member (null when value is NULL; invalid UTF-8 repaired) and a
 * time member (ISO 8601 UTC, null when 0), for trees built member by member
 * (the snapshot's JSON). */
void      dsc_json_set_string (JsonObject *object, const char *member, const char *value);
void      dsc_json_set_time   (JsonObject *object, const char *member, gint64 unix_seconds);

G_END_DECLS
