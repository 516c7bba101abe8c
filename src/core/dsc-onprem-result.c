/* dsc-onprem-result.c — the on-premises scan result the snapshot carries. */
#include "config.h"

#include "dsc-onprem-result.h"

DscOnpremScanResult *
dsc_onprem_scan_result_new (void)
{
  DscOnpremScanResult *self = g_new0 (DscOnpremScanResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

DscOnpremScanResult *
dsc_onprem_scan_result_ref (DscOnpremScanResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dsc_onprem_scan_result_free (DscOnpremScanResult *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->source);
  g_strfreev (self->bases);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->cloud, g_ptr_array_unref);
  g_free (self->cloud_error);
  g_free (self);
}

void
dsc_onprem_scan_result_count (const DscOnpremScanResult *self, guint *errors, guint *warnings)
{
  *errors = *warnings = 0;
  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      const DscOnpremFinding *f = g_ptr_array_index (self->findings, i);
      if (f->severity == DSC_ONPREM_SEVERITY_ERROR)
        (*errors)++;
      else
        (*warnings)++;
    }
}

int
dsc_onprem_scan_result_status (const DscOnpremScanResult *self)
{
  guint errors, warnings;

  dsc_onprem_scan_result_count (self, &errors, &warnings);
  return errors > 0 ? 2 : warnings > 0 ? 1 : 0;
}

GPtrArray *
dsc_onprem_scan_result_find_dns (const DscOnpremScanResult *self,
                                 const char *cloud_object_id,
                                 const char *value)
{
  for (guint i = 0; self != NULL && self->cloud != NULL && i < self->cloud->len; i++)
    {
      const DscOnpremCloudMatch *m = g_ptr_array_index (self->cloud, i);

      if (m->dns->len > 0 && g_strcmp0 (m->cloud_object_id, cloud_object_id) == 0 &&
          value != NULL && m->value != NULL && g_ascii_strcasecmp (m->value, value) == 0)
        return m->dns;
    }
  return NULL;
}

void
dsc_onprem_finding_free (DscOnpremFinding *self)
{
  if (self == NULL)
    return;
  g_free (self->dn);
  g_free (self->attribute);
  g_free (self->value);
  g_free (self->message);
  g_free (self->fix);
  g_free (self);
}

void
dsc_onprem_cloud_match_free (DscOnpremCloudMatch *self)
{
  if (self == NULL)
    return;
  g_free (self->cloud_object_id);
  g_free (self->cloud_display_name);
  g_free (self->property);
  g_free (self->value);
  g_ptr_array_unref (self->dns);
  g_free (self);
}

const char *
dsc_onprem_kind_to_string (DscOnpremKind kind)
{
  switch (kind)
    {
    case DSC_ONPREM_KIND_USER: return "user";
    case DSC_ONPREM_KIND_GROUP: return "group";
    case DSC_ONPREM_KIND_CONTACT: return "contact";
    case DSC_ONPREM_KIND_OTHER: default: return "object";
    }
}

const char *
dsc_onprem_severity_to_string (DscOnpremSeverity severity)
{
  return severity == DSC_ONPREM_SEVERITY_ERROR ? "error" : "warning";
}
