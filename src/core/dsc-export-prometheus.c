/* dsc-export-prometheus.c — the report as Prometheus text exposition format,
 * for node_exporter's textfile collector. Gauges only; a value that could not
 * be read is left out rather than reported as 0.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-export"

#include "dsc-export-private.h"
#include "dsc-export-cloud-sync.h"

static void
append_header (GString *out, const char *name, const char *help)
{
  g_string_append_printf (out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* The on-premises scan: findings per rule and severity, and when it ran.
 * Nothing but the headers when never scanned. */
static void
append_onprem (GString *out, const DscOnpremScanResult *scan)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) keys = NULL;

  append_header (out, "dirsync_onprem_findings",
                 "On-premises scan findings per rule and severity (last good scan).");
  for (guint i = 0; scan != NULL && scan->findings != NULL && i < scan->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (scan->findings, i);
      char *key = g_strdup_printf ("%s\t%s", f->rule, dsc_onprem_severity_to_string (f->severity));
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_replace (counts, key, GUINT_TO_POINTER (n + 1));
    }
  keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_auto(GStrv) parts = g_strsplit (l->data, "\t", 2);

      g_string_append (out, "dirsync_onprem_findings{rule=\"");
      dsc_export_append_clean (out, parts[0], 64, DSC_ESCAPE_PROMETHEUS);
      g_string_append_printf (out, "\",severity=\"%s\"} %u\n", parts[1],
                              GPOINTER_TO_UINT (g_hash_table_lookup (counts, l->data)));
    }
  append_header (out, "dirsync_onprem_scan_timestamp_seconds",
                 "When the last good on-premises scan ran (Unix time).");
  if (scan != NULL && scan->scanned_at > 0)
    g_string_append_printf (out, "dirsync_onprem_scan_timestamp_seconds %" G_GINT64_FORMAT "\n",
                            scan->scanned_at);
}

static const char *
canonical_property (const char *property)
{
  if (property == NULL || *property == '\0')
    return "unknown";
  if (g_ascii_strcasecmp (property, "ProxyAddress") == 0)
    return "ProxyAddress";
  if (g_ascii_strcasecmp (property, "UserPrincipalName") == 0)
    return "UserPrincipalName";
  return property;
}

static gboolean
errors_read (const DscSnapshot *s, DscObjectKind kind)
{
  static const DscSource sources[] = {
    [DSC_OBJECT_USER] = DSC_SOURCE_USER_ERRORS,
    [DSC_OBJECT_GROUP] = DSC_SOURCE_GROUP_ERRORS,
    [DSC_OBJECT_CONTACT] = DSC_SOURCE_CONTACT_ERRORS,
  };

  return dsc_snapshot_source_ok (s, sources[kind]);
}

gboolean
dsc_export_prometheus_write (const DscReport *report, DscExportSink *sink)
{
  const DscSnapshot *s = report->snapshot;
  GString *out = sink->buf;
  guint per_kind[3] = { 0, 0, 0 };
  g_autoptr(GHashTable) conflicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          NULL);
  g_autoptr(GList) keys = NULL;
  gint64 now = report->evaluated_at;

  append_header (out, "dirsync_info",
                 "Tenant the report is about (always 1).");
  g_string_append (out, "dirsync_info{tenant=\"");
  dsc_export_append_clean (out, s->tenant_name, 256, DSC_ESCAPE_PROMETHEUS);
  g_string_append (out, "\",tenant_id=\"");
  dsc_export_append_clean (out, s->tenant_id, 64, DSC_ESCAPE_PROMETHEUS);
  g_string_append (out, "\"} 1\n");

  append_header (out, "dirsync_overall_status",
                 "Overall directory sync status: 0 ok, 1 warning, 2 error, 3 unknown.");
  g_string_append_printf (out, "dirsync_overall_status %d\n",
                          dsc_export_status_number (report->overall));

  append_header (out, "dirsync_tile_status",
                 "Status per check: 0 ok, 1 warning, 2 error, 3 unknown.");
  for (guint i = 0; i < DSC_N_TILES; i++)
    g_string_append_printf (out, "dirsync_tile_status{tile=\"%s\"} %d\n",
                            dsc_tile_to_string (i),
                            dsc_export_status_number (report->tiles[i].status));

  for (guint i = 0; s->objects != NULL && i < s->objects->len; i++)
    {
      const DscDirectoryObject *o = g_ptr_array_index (s->objects, i);

      if (o->kind < G_N_ELEMENTS (per_kind))
        per_kind[o->kind]++;
      for (guint e = 0; e < o->n_errors; e++)
        {
          const char *property = canonical_property (o->errors[e].property);
          gboolean seen = FALSE;

          /* Count objects, not errors: one object with two values on the
           * same attribute is one object to fix. */
          for (guint p = 0; p < e; p++)
            seen = seen || g_str_equal (canonical_property (o->errors[p].property), property);
          if (!seen)
            {
              gpointer count = g_hash_table_lookup (conflicts, property);
              g_hash_table_replace (conflicts, g_strdup (property),
                                    GUINT_TO_POINTER (GPOINTER_TO_UINT (count) + 1));
            }
        }
    }

  append_header (out, "dirsync_objects_in_error",
                 "Objects with directory sync (provisioning) errors, by kind.");
  for (guint k = 0; k < G_N_ELEMENTS (per_kind); k++)
    if (errors_read (s, k))
      g_string_append_printf (out, "dirsync_objects_in_error{kind=\"%s\"} %u\n",
                              dsc_object_kind_to_string (k), per_kind[k]);

  append_header (out, "dirsync_conflicts",
                 "Objects in error because a value of this attribute is already in use.");
  if (!g_hash_table_contains (conflicts, "ProxyAddress"))
    g_hash_table_insert (conflicts, g_strdup ("ProxyAddress"), GUINT_TO_POINTER (0));
  if (!g_hash_table_contains (conflicts, "UserPrincipalName"))
    g_hash_table_insert (conflicts, g_strdup ("UserPrincipalName"), GUINT_TO_POINTER (0));
  keys = g_list_sort (g_hash_table_get_keys (conflicts), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_string_append (out, "dirsync_conflicts{attribute=\"");
      dsc_export_append_clean (out, l->data, 128, DSC_ESCAPE_PROMETHEUS);
      g_string_append_printf (out, "\"} %u\n",
                              GPOINTER_TO_UINT (g_hash_table_lookup (conflicts, l->data)));
    }

  append_header (out, "dirsync_last_sync_age_seconds",
                 "Seconds since the last directory synchronization.");
  if (s->last_sync > 0)
    g_string_append_printf (out, "dirsync_last_sync_age_seconds %" G_GINT64_FORMAT "\n",
                            MAX (now - s->last_sync, 0));

  append_header (out, "dirsync_last_password_sync_age_seconds",
                 "Seconds since the last password hash synchronization.");
  if (s->last_password_sync > 0)
    g_string_append_printf (out,
                            "dirsync_last_password_sync_age_seconds %" G_GINT64_FORMAT "\n",
                            MAX (now - s->last_password_sync, 0));

  append_header (out, "dirsync_quota_used_ratio",
                 "Directory object quota used, 0 to 1.");
  if (s->quota_used >= 0 && s->quota_total > 0)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.6f",
                       (double) s->quota_used / (double) s->quota_total);
      g_string_append_printf (out, "dirsync_quota_used_ratio %s\n", number);
    }

  dsc_export_prometheus_cloud_sync (report, out);
  append_onprem (out, s->onprem_scan);

  append_header (out, "dirsync_report_timestamp_seconds",
                 "When the report was made (Unix time).");
  g_string_append_printf (out, "dirsync_report_timestamp_seconds %" G_GINT64_FORMAT "\n", now);
  return dsc_export_sink_check (sink);
}
