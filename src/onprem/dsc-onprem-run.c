/* dsc-onprem-run.c — a whole on-premises scan for the window (see the header). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-onprem"

#include <libpsl.h>

#include "dsc-onprem-run.h"
#include "dsc-onprem-join.h"
#include "dsc-onprem-ldif.h"
#include "dsc-onprem-object.h"
#include "dsc-onprem-resources.h"
#include "dsc-onprem-rules.h"

typedef struct {
  GPtrArray *objects;        /* DscOnpremObject*, NULL until read */
  DscSnapshot *cloud;        /* may be NULL */
  char *source;
  char **bases;
} RunData;

static void
run_data_free (RunData *d)
{
  g_clear_pointer (&d->objects, g_ptr_array_unref);
  g_clear_pointer (&d->cloud, dsc_snapshot_unref);
  g_free (d->source);
  g_strfreev (d->bases);
  g_free (d);
}

GPtrArray *
dsc_onprem_read_sample (GError **error)
{
  g_autoptr(GBytes) bytes = g_resource_lookup_data (dsc_onprem_get_resource (),
                                                    "/io/github/DirSyncCompanion/onprem/contoso.ldif",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  return dsc_onprem_ldif_parse (data, len, error);
}

GPtrArray *
dsc_onprem_verified_domains (const DscSnapshot *snapshot)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *lists[] = { snapshot->domains, snapshot->verified_domains };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; lists[l] != NULL && i < lists[l]->len; i++)
      {
        const DscDomain *d = g_ptr_array_index (lists[l], i);
        if (d->is_verified && d->name != NULL)
          g_ptr_array_add (names, g_strdup (d->name));
      }
  g_ptr_array_add (names, NULL);
  return names;
}

/* The rules and the join over objects read. */
static DscOnpremScanResult *
check_objects (GPtrArray *objects, DscSnapshot *cloud, const char *source, char **bases)
{
  g_autoptr(GPtrArray) domains = NULL;
  DscOnpremScanResult *result;
  DscOnpremRuleOptions rules = { 0 };
  psl_ctx_t *psl;

  result = dsc_onprem_scan_result_new ();
  result->source = g_strdup (source);
  result->bases = g_strdupv (bases);
  result->scanned_at = g_get_real_time () / G_USEC_PER_SEC;
  result->objects_read = objects->len;
  for (guint i = 0; i < objects->len; i++)
    result->objects_skipped += dsc_onprem_rules_skip (g_ptr_array_index (objects, i));

  if (cloud != NULL)
    {
      domains = dsc_onprem_verified_domains (cloud);
      if (domains->len > 1)
        rules.tenant_domains = (const char * const *) domains->pdata;
    }
  psl = psl_latest (NULL);
  rules.psl = psl;
  result->findings = dsc_onprem_rules_run (&rules, objects);
  psl_free (psl);
  if (cloud != NULL)
    result->cloud = dsc_onprem_join (cloud->objects, objects, result->findings);
  return result;
}

DscOnpremScanResult *
dsc_onprem_scan_sample (DscSnapshot *cloud, GError **error)
{
  g_autoptr(GPtrArray) objects = dsc_onprem_read_sample (error);

  if (objects == NULL)
    return NULL;
  return check_objects (objects, cloud, DSC_ONPREM_SAMPLE_SOURCE, NULL);
}

/* Worker thread: read the sample when asked to, then rules and join. */
static void
check_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RunData *d = task_data;
  g_autoptr(GError) error = NULL;

  if (d->objects == NULL)
    {
      d->objects = dsc_onprem_read_sample (&error);
      if (d->objects == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, check_objects (d->objects, d->cloud, d->source, d->bases),
                         (GDestroyNotify) dsc_onprem_scan_result_free);
}

static void
read_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  RunData *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->objects = dsc_onprem_scan_finish (res, &error);
  if (d->objects == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_run_in_thread (task, check_thread);
}

void
dsc_onprem_run_async (const DscOnpremScanConfig *config,
                      DscSnapshot               *cloud,
                      GCancellable              *cancellable,
                      DscOnpremProgressFunc      progress,
                      gpointer                   progress_data,
                      GAsyncReadyCallback        callback,
                      gpointer                   user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *d = g_new0 (RunData, 1);

  g_task_set_source_tag (task, dsc_onprem_run_async);
  d->cloud = cloud != NULL ? dsc_snapshot_ref (cloud) : NULL;
  g_task_set_task_data (task, d, (GDestroyNotify) run_data_free);
  if (config == NULL)
    {
      d->source = g_strdup (DSC_ONPREM_SAMPLE_SOURCE);
      g_task_run_in_thread (task, check_thread);
      g_object_unref (task);
      return;
    }
  d->source = g_strdup (config->url != NULL ? config->url : "the domain's directory");
  d->bases = g_strdupv (config->bases);
  dsc_onprem_scan_async (config, cancellable, progress, progress_data, read_done, task);
}

DscOnpremScanResult *
dsc_onprem_run_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
dsc_onprem_bind_secret_key (const char *bind_dn)
{
  g_autofree char *lower = g_utf8_strdown (bind_dn, -1);
  return g_strconcat ("ldap-bind:", lower, NULL);
}
