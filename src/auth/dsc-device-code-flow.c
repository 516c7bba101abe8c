/* dsc-device-code-flow.c — device authorization grant with polling. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dsc-auth-error.h"
#include "dsc-oauth.h"
#include "dsc-device-code-flow.h"

#define MAX_INTERVAL_S 60
#define SLOW_DOWN_S 5

struct _DscDeviceCodeFlow
{
  GObject      parent_instance;

  char        *authority;
  char        *client_id;
  char        *scopes;
  guint        second_ms;
  SoupSession *session;

  char        *device_code;
  char        *user_code;
  char        *verification_uri;
  char        *message;
  guint        expires_in;
  guint        interval;
  gint64       deadline;     /* monotonic µs */
};

G_DEFINE_FINAL_TYPE (DscDeviceCodeFlow, dsc_device_code_flow, G_TYPE_OBJECT)

static void
dsc_device_code_flow_finalize (GObject *object)
{
  DscDeviceCodeFlow *self = DSC_DEVICE_CODE_FLOW (object);

  g_free (self->authority);
  g_free (self->client_id);
  g_free (self->scopes);
  g_clear_object (&self->session);
  if (self->device_code != NULL)
    memset (self->device_code, 0, strlen (self->device_code));
  g_free (self->device_code);
  g_free (self->user_code);
  g_free (self->verification_uri);
  g_free (self->message);
  G_OBJECT_CLASS (dsc_device_code_flow_parent_class)->finalize (object);
}

static void
dsc_device_code_flow_class_init (DscDeviceCodeFlowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dsc_device_code_flow_finalize;
}

static void
dsc_device_code_flow_init (DscDeviceCodeFlow *self)
{
  self->second_ms = 1000;
  self->interval = 5;
}

DscDeviceCodeFlow *
dsc_device_code_flow_new (const char *authority,
                          const char *client_id,
                          const char *scopes)
{
  DscDeviceCodeFlow *self = g_object_new (DSC_TYPE_DEVICE_CODE_FLOW, NULL);

  self->authority = g_strdup (authority);
  self->client_id = g_strdup (client_id);
  self->scopes = g_strdup (scopes);
  self->session = dsc_oauth_session_new ();
  return self;
}

void
dsc_device_code_flow_set_second_ms (DscDeviceCodeFlow *self,
                                    guint              ms)
{
  g_return_if_fail (DSC_IS_DEVICE_CODE_FLOW (self));
  self->second_ms = MAX (ms, 1);
}

const char *
dsc_device_code_flow_get_user_code (DscDeviceCodeFlow *self)
{
  return self->user_code;
}

const char *
dsc_device_code_flow_get_verification_uri (DscDeviceCodeFlow *self)
{
  return self->verification_uri;
}

const char *
dsc_device_code_flow_get_message (DscDeviceCodeFlow *self)
{
  return self->message;
}

guint
dsc_device_code_flow_get_expires_in (DscDeviceCodeFlow *self)
{
  return self->expires_in;
}

guint
dsc_device_code_flow_get_interval (DscDeviceCodeFlow *self)
{
  return self->interval;
}

static gint64
get_uint_member (JsonObject *obj,
                 const char *name,
                 gint64      fallback)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return fallback;
}

static void
start_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscDeviceCodeFlow *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  const char *device_code, *user_code, *uri;

  obj = dsc_oauth_post_finish (result, &error);
  if (obj == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  device_code = dsc_oauth_member_string (obj, "device_code");
  user_code = dsc_oauth_member_string (obj, "user_code");
  uri = dsc_oauth_member_string (obj, "verification_uri");
  if (device_code == NULL || user_code == NULL || uri == NULL)
    {
      g_task_return_new_error (task, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                               "%s", _("The sign-in service sent no device code"));
      return;
    }
  self->device_code = g_strdup (device_code);
  self->user_code = g_strdup (user_code);
  self->verification_uri = g_strdup (uri);
  self->message = g_strdup (dsc_oauth_member_string (obj, "message"));
  self->expires_in = (guint) CLAMP (get_uint_member (obj, "expires_in", 900), 1, 3600);
  self->interval = (guint) CLAMP (get_uint_member (obj, "interval", 5), 0, MAX_INTERVAL_S);
  if (self->message == NULL)
    self->message = g_strdup_printf (_("To sign in, open %s and enter the code %s."),
                                     uri, user_code);
  self->deadline = g_get_monotonic_time ()
                   + (gint64) self->expires_in * self->second_ms * 1000;
  g_task_return_boolean (task, TRUE);
}

void
dsc_device_code_flow_start_async (DscDeviceCodeFlow   *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->authority, "/oauth2/v2.0/devicecode", NULL);

  g_task_set_source_tag (task, dsc_device_code_flow_start_async);
  dsc_oauth_post_async (self->session, url, cancellable, start_done, g_steal_pointer (&task),
                        "client_id", self->client_id,
                        "scope", self->scopes,
                        NULL);
}

gboolean
dsc_device_code_flow_start_finish (DscDeviceCodeFlow  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- polling ------------------------------------------------------------------ */

static void schedule_poll (GTask *task);

static void
poll_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscDeviceCodeFlow *self = g_task_get_source_object (task);
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  DscOAuthTokens *tokens;
  const char *code;

  obj = dsc_oauth_post_finish (result, &error);
  if (obj != NULL)
    {
      tokens = dsc_oauth_tokens_from_json (obj, &error);
      if (tokens == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, tokens, (GDestroyNotify) dsc_oauth_tokens_free);
      return;
    }

  code = dsc_auth_error_get_oauth_code (error);
  if (g_strcmp0 (code, "authorization_pending") == 0)
    {
      schedule_poll (g_steal_pointer (&task));
      return;
    }
  if (g_strcmp0 (code, "slow_down") == 0)
    {
      self->interval = MIN (self->interval + SLOW_DOWN_S, MAX_INTERVAL_S);
      g_debug ("device code: slow_down, polling every %u s", self->interval);
      schedule_poll (g_steal_pointer (&task));
      return;
    }
  /* Declined, expired, bad code and everything else end the flow. */
  g_task_return_error (task, g_steal_pointer (&error));
}

static gboolean
poll_now (gpointer user_data)
{
  GTask *task = user_data;
  DscDeviceCodeFlow *self = g_task_get_source_object (task);
  g_autofree char *url = g_strconcat (self->authority, "/oauth2/v2.0/token", NULL);

  g_task_set_task_data (task, NULL, NULL);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return G_SOURCE_REMOVE;
    }
  dsc_oauth_post_async (self->session, url, g_task_get_cancellable (task), poll_done, task,
                        "grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                        "client_id", self->client_id,
                        "device_code", self->device_code,
                        NULL);
  return G_SOURCE_REMOVE;
}

/* A child source is never dispatched itself: its readiness wakes the timer. */
static gboolean
poll_cancelled (GCancellable *cancellable,
                gpointer      user_data)
{
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (GTask *task)
{
  DscDeviceCodeFlow *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GSource) timer = NULL;
  guint wait_ms = MAX (self->interval, 1) * self->second_ms;

  if (g_get_monotonic_time () + (gint64) wait_ms * 1000 > self->deadline + 2000000)
    {
      g_task_return_error (task, dsc_auth_error_new_from_oauth ("expired_token", NULL));
      g_object_unref (task);
      return;
    }
  /* Wake early on cancel: the timer and the cancellable race into poll_now,
   * and whichever fires first wins (the other is destroyed with the task data). */
  timer = g_timeout_source_new (wait_ms);
  g_source_set_callback (timer, poll_now, task, NULL);
  if (cancellable != NULL)
    {
      g_autoptr(GSource) cancel_source = g_cancellable_source_new (cancellable);

      g_source_set_callback (cancel_source, G_SOURCE_FUNC (poll_cancelled),
                             NULL, NULL);
      g_source_add_child_source (timer, cancel_source);
    }
  g_source_set_ready_time (timer, g_get_monotonic_time () + (gint64) wait_ms * 1000);
  g_source_attach (timer, g_task_get_context (task));
  g_task_set_task_data (task, g_source_ref (timer), (GDestroyNotify) g_source_unref);
}

void
dsc_device_code_flow_poll_async (DscDeviceCodeFlow   *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dsc_device_code_flow_poll_async);
  if (self->device_code == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("No device code yet"));
      return;
    }
  schedule_poll (g_steal_pointer (&task));
}

DscOAuthTokens *
dsc_device_code_flow_poll_finish (DscDeviceCodeFlow  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
