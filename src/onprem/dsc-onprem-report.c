/* dsc-onprem-report.c — text, JSON, CSV and PowerShell for a scan. */
#include "dsc-onprem-report.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dsc-export-private.h"   /* dsc_export_append_clean: bad UTF-8, controls, bidi */
#include "dsc-onprem-join.h"
#include "dsc-onprem-object.h"




static const char *
severity_name (DscOnpremSeverity s)
{
  return s == DSC_ONPREM_SEVERITY_ERROR ? "error" : "warning";
}

static guint
cloud_matches_with_dn (const DscOnpremScanResult *self)
{
  guint n = 0;
  for (guint i = 0; self->cloud != NULL && i < self->cloud->len; i++)
    n += ((DscOnpremCloudMatch *) g_ptr_array_index (self->cloud, i))->dns->len > 0;
  return n;
}

char *
dsc_onprem_report_text (const DscOnpremScanResult *self)
{
  static const char *const verdicts[] = { "OK", "WARNING", "CRITICAL" };
  GString *out = g_string_new (NULL);
  guint errors, warnings;

  dsc_onprem_scan_result_count (self, &errors, &warnings);
  g_string_append_printf (out, "ONPREM %s - %s: %u objects read, %u skipped; %u errors, %u warnings\n",
                          verdicts[dsc_onprem_scan_result_status (self)], self->source,
                          self->objects_read, self->objects_skipped, errors, warnings);
  for (guint i = 0; i < self->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (self->findings, i);
      g_string_append_printf (out, "%-7s %s\n        %s %s = ", f->severity == DSC_ONPREM_SEVERITY_ERROR
                              ? "ERROR" : "WARNING", f->dn, dsc_onprem_kind_to_string (f->kind), f->attribute);
      dsc_export_append_clean (out, f->value != NULL ? f->value : "(missing)", 0, DSC_ESCAPE_NONE);
      g_string_append_printf (out, "\n        [%s] ", f->rule);
      dsc_export_append_clean (out, f->message, 0, DSC_ESCAPE_NONE);
      if (f->fails_in_cloud)
        g_string_append (out, " Already failing in the cloud.");
      if (f->fix != NULL)
        {
          g_string_append (out, "\n        suggested: ");
          dsc_export_append_clean (out, f->fix, 0, DSC_ESCAPE_NONE);
        }
      g_string_append_c (out, '\n');
    }
  if (self->cloud != NULL)
    {
      g_string_append_printf (out, "Cloud sync conflicts: %u, %u found on-premises\n",
                              self->cloud->len, cloud_matches_with_dn (self));
      for (guint i = 0; i < self->cloud->len; i++)
        {
          const DscOnpremCloudMatch *m = g_ptr_array_index (self->cloud, i);
          g_string_append_printf (out, "  %s ", m->property);
          dsc_export_append_clean (out, m->value, 0, DSC_ESCAPE_NONE);
          g_string_append (out, " (");
          dsc_export_append_clean (out, m->cloud_display_name, 0, DSC_ESCAPE_NONE);
          g_string_append (out, m->dns->len > 0 ? "): edit on-premises\n" : "): not in the scanned scope\n");
          for (guint k = 0; k < m->dns->len; k++)
            {
              g_string_append (out, "    ");
              dsc_export_append_clean (out, g_ptr_array_index (m->dns, k), 0, DSC_ESCAPE_NONE);
              g_string_append_c (out, '\n');
            }
        }
    }
  else if (self->cloud_error != NULL)
    g_string_append_printf (out, "Cloud sync conflicts not joined: %s\n", self->cloud_error);
  return g_string_free (out, FALSE);
}

char *
dsc_onprem_report_json (const DscOnpremScanResult *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (self->scanned_at);
  g_autofree char *iso = g_date_time_format_iso8601 (when);
  guint errors, warnings;

  dsc_onprem_scan_result_count (self, &errors, &warnings);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_add_string_value (b, "dirsync-companion/onprem-scan/1");
  json_builder_set_member_name (b, "scannedAt");
  json_builder_add_string_value (b, iso);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, self->source);
  json_builder_set_member_name (b, "bases");
  json_builder_begin_array (b);
  for (guint i = 0; self->bases != NULL && self->bases[i] != NULL; i++)
    json_builder_add_string_value (b, self->bases[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, dsc_onprem_scan_result_status (self));
  json_builder_set_member_name (b, "objectsRead");
  json_builder_add_int_value (b, self->objects_read);
  json_builder_set_member_name (b, "objectsSkipped");
  json_builder_add_int_value (b, self->objects_skipped);
  json_builder_set_member_name (b, "errors");
  json_builder_add_int_value (b, errors);
  json_builder_set_member_name (b, "warnings");
  json_builder_add_int_value (b, warnings);
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (self->findings, i);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "dn");
      json_builder_add_string_value (b, f->dn);
      json_builder_set_member_name (b, "objectType");
      json_builder_add_string_value (b, dsc_onprem_kind_to_string (f->kind));
      json_builder_set_member_name (b, "attribute");
      json_builder_add_string_value (b, f->attribute);
      json_builder_set_member_name (b, "value");
      if (f->value != NULL)
        json_builder_add_string_value (b, f->value);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, f->rule);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, severity_name (f->severity));
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, f->message);
      json_builder_set_member_name (b, "suggestedFix");
      if (f->fix != NULL)
        json_builder_add_string_value (b, f->fix);
      else
        json_builder_add_null_value (b);
      json_builder_set_member_name (b, "failsInCloud");
      json_builder_add_boolean_value (b, f->fails_in_cloud);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "cloudConflicts");
  if (self->cloud == NULL)
    json_builder_add_null_value (b);
  else
    {
      json_builder_begin_array (b);
      for (guint i = 0; i < self->cloud->len; i++)
        {
          const DscOnpremCloudMatch *m = g_ptr_array_index (self->cloud, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "objectId");
          json_builder_add_string_value (b, m->cloud_object_id);
          json_builder_set_member_name (b, "displayName");
          json_builder_add_string_value (b, m->cloud_display_name);
          json_builder_set_member_name (b, "property");
          json_builder_add_string_value (b, m->property);
          json_builder_set_member_name (b, "value");
          json_builder_add_string_value (b, m->value);
          json_builder_set_member_name (b, "onPremisesDns");
          json_builder_begin_array (b);
          for (guint k = 0; k < m->dns->len; k++)
            json_builder_add_string_value (b, g_ptr_array_index (m->dns, k));
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  if (self->cloud_error != NULL)
    {
      json_builder_set_member_name (b, "cloudError");
      json_builder_add_string_value (b, self->cloud_error);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, self->findings->len <= 10000);
  return json_generator_to_data (gen, NULL);
}

/* One CSV cell: cleaned text, a leading quote before anything a spreadsheet
 * would run as a formula, RFC 4180 quoting (also for ';' and tab). */
static void
csv_cell (GString *out, const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gboolean quote;

  dsc_export_append_clean (clean, text, 0, DSC_ESCAPE_NONE);
  if (clean->len > 0 && strchr ("=+-@\t\r", clean->str[0]) != NULL)
    g_string_prepend_c (clean, '\'');
  quote = strpbrk (clean->str, ",\";\t\r\n") != NULL;
  if (quote)
    {
      g_string_append_c (out, '"');
      for (const char *p = clean->str; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, clean->str);
}

char *
dsc_onprem_report_csv (const DscOnpremScanResult *self)
{
  static const char *const columns[] = {
    "dn", "object type", "attribute", "value", "rule", "severity", "message",
    "suggested fix", "fails in cloud",
  };
  GString *out = g_string_new ("\xEF\xBB\xBF");

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", columns[i]);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < self->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (self->findings, i);
      const char *cells[] = {
        f->dn, dsc_onprem_kind_to_string (f->kind), f->attribute, f->value, f->rule,
        severity_name (f->severity), f->message, f->fix, f->fails_in_cloud ? "yes" : "no",
      };
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          if (c > 0)
            g_string_append_c (out, ',');
          csv_cell (out, cells[c]);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

char *
dsc_onprem_powershell_quote (const char *text)
{
  GString *out = g_string_new ("'");

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == '\'' || (c >= 0x2018 && c <= 0x201B))
        g_string_append_unichar (out, c);
      g_string_append_unichar (out, c);
    }
  g_string_append_c (out, '\'');
  return g_string_free (out, FALSE);
}

/* A comment line: one line, nothing that could end it or hide text. */
static void
comment (GString *out, const char *text)
{
  g_string_append (out, "# ");
  dsc_export_append_clean (out, text, 0, DSC_ESCAPE_NONE);
  g_string_append_c (out, '\n');
}

static const char *
cmdlet (DscOnpremKind kind)
{
  return kind == DSC_ONPREM_KIND_USER ? "Set-ADUser"
       : kind == DSC_ONPREM_KIND_GROUP ? "Set-ADGroup" : "Set-ADObject";
}

char *
dsc_onprem_report_powershell (const DscOnpremScanResult *self)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (self->scanned_at);
  g_autofree char *iso = g_date_time_format_iso8601 (when);
  guint commands = 0, manual = 0;

  g_string_append (out,
    "<#\n"
    "  Suggested fixes from DirSync Companion's on-premises scan.\n"
    "  Review every change. As written, each command only shows what it would do\n"
    "  (-WhatIf). Run the script with -Apply to make the changes.\n"
    "  Needs the ActiveDirectory module (RSAT) and rights to edit these objects.\n"
    "#>\n"
    "[CmdletBinding()]\n"
    "param([switch]$Apply)\n"
    "$ErrorActionPreference = 'Stop'\n"
    "Import-Module ActiveDirectory\n"
    "$WhatIf = -not $Apply\n\n");
  g_string_append_printf (out, "# scanned %s from ", iso);
  dsc_export_append_clean (out, self->source, 0, DSC_ESCAPE_NONE);
  g_string_append (out, "\n\n");

  for (guint i = 0; i < self->findings->len; )
    {
      const DscOnpremFinding *f = g_ptr_array_index (self->findings, i);
      guint j = i;
      g_autoptr(GString) rules = g_string_new (NULL);
      const char *fix = NULL;

      /* the findings of one value sit together (sorted by DN, attribute, value) */
      while (j < self->findings->len)
        {
          const DscOnpremFinding *g = g_ptr_array_index (self->findings, j);
          if (strcmp (g->dn, f->dn) != 0 || strcmp (g->attribute, f->attribute) != 0 ||
              g_strcmp0 (g->value, f->value) != 0)
            break;
          g_string_append_printf (rules, "%s%s", rules->len > 0 ? ", " : "", g->rule);
          if (g->fix != NULL)
            fix = g->fix;
          j++;
        }
      {
        g_autofree char *line = g_strdup_printf ("%s  %s = %s  [%s]", f->dn, f->attribute,
                                                 f->value != NULL ? f->value : "(missing)", rules->str);
        comment (out, line);
      }
      for (guint k = i; k < j; k++)
        {
          const DscOnpremFinding *g = g_ptr_array_index (self->findings, k);
          if (g->fix == NULL)
            {
              g_autofree char *why = g_strdup_printf ("no automatic fix (%s): %s", g->rule, g->message);
              comment (out, why);
            }
        }
      if (fix != NULL)
        {
          g_autofree char *dn = dsc_onprem_powershell_quote (f->dn);
          g_autofree char *attr = dsc_onprem_powershell_quote (f->attribute);
          g_autofree char *new_value = dsc_onprem_powershell_quote (fix);

          if (g_str_equal (f->attribute, "proxyAddresses"))
            {
              g_autofree char *old_value = dsc_onprem_powershell_quote (f->value);
              g_string_append_printf (out, "%s -Identity %s -Remove @{ %s = %s } -Add @{ %s = %s } -WhatIf:$WhatIf\n",
                                      cmdlet (f->kind), dn, attr, old_value, attr, new_value);
            }
          else
            g_string_append_printf (out, "%s -Identity %s -Replace @{ %s = %s } -WhatIf:$WhatIf\n",
                                    cmdlet (f->kind), dn, attr, new_value);
          commands++;
        }
      else
        manual++;
      g_string_append_c (out, '\n');
      i = j;
    }
  g_string_append_printf (out, "# %u changes suggested, %u values need a decision by you.\n",
                          commands, manual);
  return g_string_free (out, FALSE);
}
