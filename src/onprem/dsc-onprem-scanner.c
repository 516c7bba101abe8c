/* dsc-onprem-scanner.c — runs the platform's directory reader in a GTask
 * thread and reports progress back on the caller's main context. */
#include "dsc-onprem-scanner.h"

#include <string.h>

#include "dsc-onprem-object.h"

void
dsc_onprem_scan_config_clear (DscOnpremScanConfig *config)
{
  g_clear_pointer (&config->url, g_free);
  g_clear_pointer (&config->bases, g_strfreev);
  g_clear_pointer (&config->bind_dn, g_free);
  if (config->password != NULL)
    {
      memset (config->password, 0, strlen (config->password));
      g_clear_pointer (&config->password, g_free);
    }
}

gboolean
dsc_onprem_url_is_loopback (const char *url)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *p = strstr (url != NULL ? url : "", "://");
  const char *end;

  if (p == NULL)
    return FALSE;
  p += 3;
  if (*p == '[')
    {
      end = strchr (p, ']');
      if (end == NULL)
        return FALSE;
      host = g_strndup (p + 1, end - p - 1);
    }
  else
    {
      end = p + strcspn (p, ":/");
      host = g_strndup (p, end - p);
    }
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
dsc_onprem_url_check (const char *url, gboolean *needs_start_tls, GError **error)
{
  *needs_start_tls = FALSE;
  if (g_ascii_strncasecmp (url, "ldaps://", 8) == 0)
    return TRUE;
  if (g_ascii_strncasecmp (url, "ldap://", 7) == 0)
    {
      *needs_start_tls = !dsc_onprem_url_is_loopback (url);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "The directory address “%s” must start with ldaps:// or ldap://", url);
  return FALSE;
}

typedef struct {
  DscOnpremScanConfig config;
  GMainContext *context;
  DscOnpremProgressFunc progress;
  gpointer progress_data;
  guint last_reported;
} ScanData;

static void
scan_data_free (ScanData *data)
{
  dsc_onprem_scan_config_clear (&data->config);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct {
  DscOnpremProgressFunc func;
  gpointer data;
  guint count;
} ProgressCall;

static gboolean
progress_idle (gpointer user_data)
{
  ProgressCall *call = user_data;
  call->func (call->count, call->data);
  return G_SOURCE_REMOVE;
}

static void
worker_progress (guint objects_read, gpointer user_data)
{
  ScanData *data = user_data;
  ProgressCall *call;

  if (data->progress == NULL || objects_read == data->last_reported)
    return;
  data->last_reported = objects_read;
  call = g_new (ProgressCall, 1);
  call->func = data->progress;
  call->data = data->progress_data;
  call->count = objects_read;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle, call, g_free);
}

static void
scan_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  ScanData *data = task_data;
  GError *error = NULL;
  GPtrArray *objects = dsc_onprem_directory_read (&data->config, cancellable,
                                                  worker_progress, data, &error);

  if (objects == NULL)
    g_task_return_error (task, error);
  else if (g_task_return_error_if_cancelled (task))
    g_ptr_array_unref (objects);
  else
    g_task_return_pointer (task, objects, (GDestroyNotify) g_ptr_array_unref);
}

void
dsc_onprem_scan_async (const DscOnpremScanConfig *config,
                       GCancellable *cancellable,
                       DscOnpremProgressFunc progress,
                       gpointer progress_data,
                       GAsyncReadyCallback callback,
                       gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ScanData *data = g_new0 (ScanData, 1);

  data->config.url = g_strdup (config->url);
  data->config.bases = g_strdupv (config->bases);
  data->config.bind_dn = g_strdup (config->bind_dn);
  data->config.password = g_strdup (config->password);
  data->context = g_main_context_ref_thread_default ();
  data->progress = progress;
  data->progress_data = progress_data;
  g_task_set_source_tag (task, dsc_onprem_scan_async);
  g_task_set_task_data (task, data, (GDestroyNotify) scan_data_free);
  g_task_run_in_thread (task, scan_thread);
}

GPtrArray *
dsc_onprem_scan_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
