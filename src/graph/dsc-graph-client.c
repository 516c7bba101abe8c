/* dsc-graph-client.c — the one HTTP client for Microsoft Graph.
 *
 * Every call goes through one request state machine: get a token, send, then
 * either retry (throttled, transient network error, one 401) after a wait on
 * the caller's main context, or hand the body to a worker thread that parses
 * it or maps it to a GError. $batch is built on top of the same machine.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dsc-graph-client.h"
#include "dsc-constants.h"
#include "dsc-graph-client-private.h"
#include "dsc-http-limit.h"
#include "dsc-graph-error.h"
#include "dsc-graph-error-private.h"
#include "dsc-report-json.h"

/* HTTP/1.1 connections to the Graph host at once. Graph throttles directory
 * reads by resource units per app and tenant over 10 s (8 000 for a tenant
 * of more than 500 users), not by concurrency, and a refresh spends a few
 * hundred: 16 lets a whole round of lookups ($batch calls of 20) go out at
 * once. (Over HTTP/2 the requests share one connection anyway.) */
#define DEFAULT_MAX_CONNECTIONS 16
/* Seconds without progress before libsoup gives up on a read or an idle
 * connection; a Graph page of 999 users arrives well within it. */
#define SESSION_TIMEOUT_S 60

static const DscGraphRetryPolicy default_policy = {
  .max_attempts = 5,
  .max_total_ms = 60000,
  .base_delay_ms = 500,
  .max_delay_ms = 30000,
};

struct _DscGraphClient
{
  GObject              parent_instance;

  char                *base_url;
  GUri                *base_uri;
  DscTokenProvider    *tokens;
  SoupSession         *session;     /* created on first use */
  DscGraphRetryPolicy  policy;
  char                *priority;
  guint                max_connections;
  guint                request_count; /* atomic */
};

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN_PROVIDER,
  PROP_PRIORITY,
  PROP_MAX_CONNECTIONS,
  PROP_REQUEST_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DscGraphClient, dsc_graph_client, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* URLs                                                                      */

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* Only a literal address counts: a name like "127.0.0.1.example.com" is
   * resolved by DNS and could be anywhere. */
  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

static int
default_port (const char *scheme)
{
  return g_ascii_strcasecmp (scheme, "https") == 0 ? 443 : 80;
}

static int
uri_port (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;

  return default_port (g_uri_get_scheme (uri));
}

/* "scheme://host[:port]", the default port left out. */
static char *
uri_origin (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  int port = uri_port (uri);

  return g_uri_join (G_URI_FLAGS_NONE, scheme, NULL, g_uri_get_host (uri),
                     port == default_port (scheme) ? -1 : port, "", NULL, NULL);
}

static GUri *
parse_base_url (const char  *base_url,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;
  const char *host;
  const char *path;

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No Microsoft Graph address was given"));
      return NULL;
    }

  uri = g_uri_parse (base_url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid Microsoft Graph address: %s"),
                   base_url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);

  if (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid Microsoft Graph address: it must start with https://"),
                   base_url);
      return NULL;
    }

  if (host == NULL || *host == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid Microsoft Graph address: it names no host"),
                   base_url);
      return NULL;
    }

  /* The version is chosen per request; a base with a path, a query or a user
   * name is a misconfiguration that would otherwise fail far from here. */
  if ((path != NULL && *path != '\0' && strcmp (path, "/") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid Microsoft Graph address: give only the scheme "
                     "and host, such as %s"),
                   base_url, DSC_GRAPH_DEFAULT_URL);
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INSECURE_URL,
                   _("Refusing to send the sign-in token to %s over unencrypted http://: "
                     "use https:// (plain http is only allowed to this computer, "
                     "such as the demo tenant)"),
                   host);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

static char *
uri_log_target (GUri *uri)
{
  const char *query = g_uri_get_query (uri);

  if (query != NULL)
    return g_strconcat (g_uri_get_path (uri), "?", query, NULL);

  return g_strdup (g_uri_get_path (uri));
}

/* ------------------------------------------------------------------------ */
/* Retry timing                                                              */

static guint
backoff_delay (const DscGraphRetryPolicy *policy,
               guint                      n_waits)
{
  guint64 delay = policy->base_delay_ms;

  for (guint i = 0; i < n_waits && delay < policy->max_delay_ms; i++)
    delay *= 2;
  delay = MIN (delay, policy->max_delay_ms);

  /* Half fixed, half random, so clients throttled together do not all come
   * back at the same moment. */
  if (delay > 1)
    delay = delay / 2 + (guint64) (g_random_double () * (delay / 2 + 1));

  return (guint) MIN (delay, policy->max_delay_ms);
}

/* Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
static gboolean
parse_retry_after (const char *value,
                   guint       max_delay_ms,
                   guint      *out_ms)
{
  g_autofree char *trimmed = NULL;
  guint64 seconds;

  if (value == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (value));
  if (*trimmed == '\0')
    return FALSE;

  if (g_ascii_isdigit (*trimmed))
    {
      if (!g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXUINT64, &seconds, NULL))
        seconds = G_MAXUINT64;
      *out_ms = seconds >= max_delay_ms / 1000 + 1 ? max_delay_ms
                                                   : MIN ((guint) seconds * 1000, max_delay_ms);
      return TRUE;
    }
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (trimmed);
      g_autoptr(GDateTime) now = NULL;
      GTimeSpan delta;

      if (when == NULL)
        return FALSE;

      now = g_date_time_new_now_utc ();
      delta = g_date_time_difference (when, now) / 1000;
      *out_ms = delta <= 0 ? 0 : (guint) MIN (delta, (GTimeSpan) max_delay_ms);
      return TRUE;
    }
}

static gboolean
is_retryable_status (guint status)
{
  return status == 429 || status == 503 || status == 504;
}

static gboolean
is_transient_network_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
}

/* ------------------------------------------------------------------------ */
/* A cancellable wait on the caller's main context                          */

typedef struct
{
  GSource *timer;
  GSource *cancel_source;
  gint64   deadline_us;
} Wait;

static void
wait_clear_sources (Wait *wait)
{
  if (wait->timer != NULL)
    {
      g_source_destroy (wait->timer);
      g_clear_pointer (&wait->timer, g_source_unref);
    }

  if (wait->cancel_source != NULL)
    {
      g_source_destroy (wait->cancel_source);
      g_clear_pointer (&wait->cancel_source, g_source_unref);
    }
}

static void
wait_free (Wait *wait)
{
  wait_clear_sources (wait);
  g_free (wait);
}

static gboolean wait_timer_cb (gpointer user_data);

static void
wait_arm_timer (GTask *task)
{
  Wait *wait = g_task_get_task_data (task);
  gint64 remaining_us = wait->deadline_us - g_get_monotonic_time ();
  guint remaining_ms = remaining_us <= 0 ? 0 : (guint) ((remaining_us + 999) / 1000);

  if (wait->timer != NULL)
    {
      g_source_destroy (wait->timer);
      g_clear_pointer (&wait->timer, g_source_unref);
    }

  wait->timer = g_timeout_source_new (remaining_ms);
  g_source_set_name (wait->timer, "[dsc-graph] retry wait");
  g_source_set_callback (wait->timer, wait_timer_cb, task, NULL);
  g_source_attach (wait->timer, g_task_get_context (task));
}

static gboolean
wait_timer_cb (gpointer user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);

  /* GLib computes a timeout's expiry from the loop's cached time, which can
   * be a little old: never come back earlier than the server asked. */
  if (g_get_monotonic_time () < wait->deadline_us)
    {
      wait_arm_timer (task);
      return G_SOURCE_REMOVE;
    }

  wait_clear_sources (wait);
  /* Drops the reference the pending wait held. */
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  Wait *wait = g_task_get_task_data (task);
  GError *error = NULL;

  wait_clear_sources (wait);
  g_cancellable_set_error_if_cancelled (cancellable, &error);
  g_task_return_error (task, error);
  g_object_unref (task);

  return G_SOURCE_REMOVE;
}

/* A GCancellableSource rather than g_cancellable_connect(): cancelling from
 * another thread must still complete the wait on the caller's context. */
static void
wait_async (guint                delay_ms,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task;
  Wait *wait;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, wait_async);

  wait = g_new0 (Wait, 1);
  wait->deadline_us = g_get_monotonic_time () + (gint64) delay_ms * 1000;
  g_task_set_task_data (task, wait, (GDestroyNotify) wait_free);

  if (cancellable != NULL)
    {
      wait->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (wait->cancel_source, G_SOURCE_FUNC (wait_cancelled_cb), task, NULL);
      g_source_attach (wait->cancel_source, g_task_get_context (task));
    }

  /* The task's own reference now belongs to whichever source fires first. */
  wait_arm_timer (task);
}

static gboolean
wait_finish (GAsyncResult  *result,
             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* The request state machine                                                 */

typedef struct
{
  SoupSession         *session;
  char                *method;
  GUri                *uri;
  char                *log_target;
  GStrv                headers;
  GBytes              *body;
  DscGraphRetryPolicy  policy;

  char                *token;
  SoupMessage         *message;
  gint64               started_us;
  guint                attempts;
  guint                throttle_waits;
  gboolean             retried_network;
  gboolean             retried_auth;

  /* The outcome, handed to the worker thread. */
  guint                status;
  GBytes              *response;
  char                *content_type;
  char                *request_id;
  gboolean             gave_up;
} Request;

static void
request_free (Request *req)
{
  g_clear_object (&req->session);
  g_free (req->method);
  g_clear_pointer (&req->uri, g_uri_unref);
  g_free (req->log_target);
  g_strfreev (req->headers);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->token);
  g_clear_object (&req->message);
  g_clear_pointer (&req->response, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->request_id);
  g_free (req);
}

static SoupSession *
get_session (DscGraphClient *self)
{
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("user-agent",
                                                   "DirSyncCompanion/" PACKAGE_VERSION,
                                                   "max-conns-per-host", self->max_connections,
                                                   "max-conns", MAX (self->max_connections, 10u),
                                                   "timeout", SESSION_TIMEOUT_S,
                                                   "idle-timeout", SESSION_TIMEOUT_S,
                                                   NULL);

  return self->session;
}

static void request_attempt (GTask *task);

static void
request_run (DscGraphClient      *self,
             const char          *method,
             GUri                *uri,
             GBytes              *body,
             const char * const  *headers,
             GCancellable        *cancellable,
             gpointer             source_tag,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);

  req = g_new0 (Request, 1);
  /* In-flight requests keep their session even if set_max_connections()
   * replaces the client's. */
  req->session = g_object_ref (get_session (self));
  req->method = g_strdup (method);
  req->uri = g_uri_ref (uri);
  req->log_target = uri_log_target (uri);
  req->headers = g_strdupv ((char **) headers);
  req->body = body != NULL ? g_bytes_ref (body) : NULL;
  req->policy = self->policy;
  req->started_us = g_get_monotonic_time ();
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  request_attempt (g_steal_pointer (&task));
}

static DscJson *
request_finish (DscGraphClient  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
request_wait_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wait_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  request_attempt (g_steal_pointer (&task));
}

static void
request_retry_after (GTask *task,
                     guint  delay_ms)
{
  wait_async (delay_ms, g_task_get_cancellable (task), request_wait_cb, task);
}

static GError *
parse_invalid (guint       status,
               const char *request_id,
               const char *detail)
{
  return dsc_graph_error_new_full (DSC_GRAPH_ERROR_INVALID_RESPONSE, status, NULL,
                                   request_id,
                                   _("Microsoft Graph sent an incomplete or malformed "
                                     "response (%s)"),
                                   detail);
}

static gboolean
looks_like_html (const char *content_type,
                 const char *data,
                 gsize       len)
{
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "text/html") == 0)
    return TRUE;

  while (len > 0 && g_ascii_isspace (*data))
    data++, len--;

  return len > 0 && *data == '<';
}

/* Shared by the worker thread and dsc_graph_batch_parse_response(). */
DscJson *
dsc_graph_client_parse_body (const char  *data,
                             gsize        len,
                             guint        status,
                             const char  *request_id,
                             const char  *content_type,
                             GError     **error)
{
  g_autoptr(GError) parse_error = NULL;
  DscJson *root;

  if (len == 0)
    {
      g_propagate_error (error, parse_invalid (status, request_id, _("the body is empty")));
      return NULL;
    }

  if (looks_like_html (content_type, data, len))
    {
      g_propagate_error (error, parse_invalid (status, request_id, _("a web page instead of JSON")));
      return NULL;
    }

  /* The parser checks UTF-8 and depth as it goes; only a failure looks at
   * the whole text again, to name the first of these problems as before:
   * bad UTF-8, too deep, not JSON. */
  root = dsc_json_parse (data, len, DSC_JSON_MAX_DEPTH, &parse_error);
  if (root == NULL)
    {
      g_autofree char *detail = NULL;

      if (!g_utf8_validate_len (data, len, NULL))
        detail = g_strdup (_("the text is not valid UTF-8"));
      else if (g_error_matches (parse_error, DSC_JSON_ERROR, DSC_JSON_ERROR_DEPTH) ||
               !dsc_json_depth_ok (data, len, DSC_JSON_MAX_DEPTH))
        detail = g_strdup (_("the JSON nests too deeply"));
      else if (g_error_matches (parse_error, DSC_JSON_ERROR, DSC_JSON_ERROR_EMPTY))
        detail = g_strdup_printf (_("expected a JSON object, got %s"), "null");
      else
        {
          g_autofree char *why = dsc_graph_sanitize_text (parse_error->message, -1, 120);

          detail = g_strdup_printf (_("not valid JSON: %s"), why ? why : "?");
        }
      g_propagate_error (error, parse_invalid (status, request_id, detail));
      return NULL;
    }

  if (!dsc_json_is_object (root))
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("expected a JSON object, got %s"),
                                dsc_json_is_null (root) ? "null"
                                : dsc_json_is_array (root) ? _("an array")
                                : _("a single value"));
      dsc_json_unref (root);
      g_propagate_error (error, parse_invalid (status, request_id, detail));
      return NULL;
    }

  return root;
}

/* Runs in a worker thread: a page of users can be megabytes. */
static void
request_parse_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  Request *req = task_data;
  g_autoptr(GError) error = NULL;
  const char *data = NULL;
  gsize len = 0;
  DscJson *root;

  if (req->response != NULL)
    data = g_bytes_get_data (req->response, &len);

  if (!SOUP_STATUS_IS_SUCCESSFUL (req->status))
    {
      error = dsc_graph_error_new_from_response (req->status, data, len, req->request_id);
      if (req->gave_up)
        {
          GError *gave_up = dsc_graph_error_new_gave_up (error, req->attempts);

          g_task_return_error (task, gave_up);
        }
      else
        {
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }

  root = dsc_graph_client_parse_body (data, len, req->status, req->request_id,
                                      req->content_type, &error);
  if (root == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) dsc_json_unref);
}

static gboolean
body_is_truncated (SoupMessage *message,
                   GBytes      *bytes)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);

  /* A decoded (gzip, br) body has nothing to do with the wire length. */
  if (soup_message_headers_get_one (headers, "Content-Encoding") != NULL)
    return FALSE;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return FALSE;

  return g_bytes_get_size (bytes) < (guint64) soup_message_headers_get_content_length (headers);
}

static void
request_send_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscGraphClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  guint elapsed_ms;

  bytes = dsc_http_send_and_read_limited_finish (result, &error);
  elapsed_ms = (guint) ((g_get_monotonic_time () - req->started_us) / 1000);

  if (bytes != NULL && body_is_truncated (req->message, bytes))
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
                           _("the connection closed before the whole response arrived"));
    }

  if (error != NULL)
    {
      GError *network_error;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("%s %s: cancelled", req->method, req->log_target);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      g_debug ("%s %s: attempt %u failed (%u ms in): %s",
               req->method, req->log_target, req->attempts, elapsed_ms, error->message);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          /* Asking again would only read as much again. */
          g_task_return_error (task, dsc_graph_error_new_full (DSC_GRAPH_ERROR_INVALID_RESPONSE,
                                                               0, NULL, NULL, "%s",
                                                               error->message));
          return;
        }

      if (is_transient_network_error (error) && !req->retried_network)
        {
          guint delay = backoff_delay (&req->policy, 0);

          req->retried_network = TRUE;
          g_debug ("%s %s: retrying once in %u ms", req->method, req->log_target, delay);
          request_retry_after (g_steal_pointer (&task), delay);
          return;
        }

      network_error = dsc_graph_error_new_full (DSC_GRAPH_ERROR_NETWORK, 0, NULL, NULL,
                                                _("Could not reach Microsoft Graph at %s: %s"),
                                                g_uri_get_host (req->uri), error->message);
      if (req->attempts > 1)
        {
          g_autoptr(GError) first = network_error;

          network_error = dsc_graph_error_new_gave_up (first, req->attempts);
        }

      g_task_return_error (task, network_error);
      return;
    }

  headers = soup_message_get_response_headers (req->message);
  req->status = soup_message_get_status (req->message);
  g_free (req->request_id);
  req->request_id = g_strdup (soup_message_headers_get_one (headers, "request-id"));

  g_debug ("%s %s: HTTP %u (attempt %u, %u ms in%s%s)",
           req->method, req->log_target, req->status, req->attempts, elapsed_ms,
           req->request_id != NULL ? ", request-id " : "",
           req->request_id != NULL ? req->request_id : "");

  if (req->status == SOUP_STATUS_UNAUTHORIZED && !req->retried_auth)
    {
      /* Tokens can be revoked or expire early; one fresh token settles
       * whether the sign-in itself is the problem. */
      req->retried_auth = TRUE;
      dsc_token_provider_invalidate (self->tokens, req->token);
      g_debug ("%s %s: token refused, retrying with a fresh one",
               req->method, req->log_target);
      request_attempt (g_steal_pointer (&task));
      return;
    }

  if (is_retryable_status (req->status))
    {
      guint delay;

      if (!parse_retry_after (soup_message_headers_get_one (headers, "Retry-After"),
                              req->policy.max_delay_ms, &delay))
        delay = backoff_delay (&req->policy, req->throttle_waits);

      if (req->attempts < req->policy.max_attempts &&
          (guint64) elapsed_ms + delay <= req->policy.max_total_ms)
        {
          req->throttle_waits++;
          g_debug ("%s %s: waiting %u ms before attempt %u",
                   req->method, req->log_target, delay, req->attempts + 1);
          request_retry_after (g_steal_pointer (&task), delay);
          return;
        }

      g_debug ("%s %s: giving up after %u attempts", req->method, req->log_target,
               req->attempts);
      req->gave_up = TRUE;
    }

  req->response = g_steal_pointer (&bytes);
  g_free (req->content_type);
  req->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  g_clear_object (&req->message);

  g_task_run_in_thread (task, request_parse_thread);
}

static void
request_token_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DscGraphClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *request_id = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;
  char *token;

  token = dsc_token_provider_get_token_finish (self->tokens, result, &error);
  if (token == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_NOT_SIGNED_IN,
                             _("Not signed in: sign in, set DSC_ACCESS_TOKEN, "
                               "or try the demo tenant (--demo)"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    {
      g_free (token);
      return;
    }

  g_free (req->token);
  req->token = token;

  g_clear_object (&req->message);
  req->message = soup_message_new_from_uri (req->method, req->uri);
  /* A redirect would take the bearer token wherever it points; Graph has no
   * reason to redirect an API call, so a 3xx is an answer, not a hop. */
  soup_message_add_flags (req->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (req->message);

  for (guint i = 0; req->headers != NULL && req->headers[i] != NULL &&
                    req->headers[i + 1] != NULL; i += 2)
    {
      /* The client owns authentication: a caller's header must not replace
       * or duplicate the token. */
      if (g_ascii_strcasecmp (req->headers[i], "Authorization") == 0)
        continue;
      soup_message_headers_replace (headers, req->headers[i], req->headers[i + 1]);
    }

  authorization = g_strconcat ("Bearer ", req->token, NULL);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  /* A fresh id per attempt lets support tell the retries apart. */
  request_id = g_uuid_string_random ();
  soup_message_headers_replace (headers, "client-request-id", request_id);
  if (self->priority != NULL)
    soup_message_headers_replace (headers, "x-ms-throttle-priority", self->priority);

  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->message, "application/json", req->body);

  req->attempts++;
  g_atomic_int_inc (&self->request_count);

  g_debug ("%s %s (attempt %u, client-request-id %s)",
           req->method, req->log_target, req->attempts, request_id);

  cancellable = g_task_get_cancellable (task);
  {
    g_autofree char *from = g_strdup_printf ("Microsoft Graph (%s)", g_uri_get_host (req->uri));

    dsc_http_send_and_read_limited_async (req->session, req->message, DSC_HTTP_LIMIT_GRAPH,
                                          from, cancellable, request_send_cb,
                                          g_steal_pointer (&task));
  }
}

static void
request_attempt (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  DscGraphClient *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  dsc_token_provider_get_token_async (self->tokens, cancellable,
                                      request_token_cb, g_steal_pointer (&task));
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                   */

static void
dsc_graph_client_finalize (GObject *object)
{
  DscGraphClient *self = DSC_GRAPH_CLIENT (object);

  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_clear_object (&self->tokens);
  g_clear_object (&self->session);
  g_clear_pointer (&self->priority, g_free);

  G_OBJECT_CLASS (dsc_graph_client_parent_class)->finalize (object);
}

static void
dsc_graph_client_constructed (GObject *object)
{
  DscGraphClient *self = DSC_GRAPH_CLIENT (object);
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (dsc_graph_client_parent_class)->constructed (object);

  self->base_uri = parse_base_url (self->base_url, &error);
  if (self->base_uri == NULL)
    g_critical ("DscGraphClient: %s (use dsc_graph_client_new() to get this as an error)",
                error->message);
}

static void
dsc_graph_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DscGraphClient *self = DSC_GRAPH_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_TOKEN_PROVIDER:
      g_value_set_object (value, self->tokens);
      break;

    case PROP_PRIORITY:
      g_value_set_string (value, self->priority);
      break;

    case PROP_MAX_CONNECTIONS:
      g_value_set_uint (value, self->max_connections);
      break;

    case PROP_REQUEST_COUNT:
      g_value_set_uint (value, dsc_graph_client_get_request_count (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_graph_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  DscGraphClient *self = DSC_GRAPH_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;

    case PROP_TOKEN_PROVIDER:
      g_set_object (&self->tokens, g_value_get_object (value));
      break;

    case PROP_PRIORITY:
      dsc_graph_client_set_priority (self, g_value_get_string (value));
      break;

    case PROP_MAX_CONNECTIONS:
      dsc_graph_client_set_max_connections (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_graph_client_class_init (DscGraphClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_graph_client_finalize;
  object_class->constructed = dsc_graph_client_constructed;
  object_class->get_property = dsc_graph_client_get_property;
  object_class->set_property = dsc_graph_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_TOKEN_PROVIDER] =
    g_param_spec_object ("token-provider", NULL, NULL,
                         DSC_TYPE_TOKEN_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_PRIORITY] =
    g_param_spec_string ("priority", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  properties[PROP_MAX_CONNECTIONS] =
    g_param_spec_uint ("max-connections", NULL, NULL,
                       1, G_MAXUINT16, DEFAULT_MAX_CONNECTIONS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Not notified: it changes with every request. */
  properties[PROP_REQUEST_COUNT] =
    g_param_spec_uint ("request-count", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_graph_client_init (DscGraphClient *self)
{
  self->policy = default_policy;
  self->max_connections = DEFAULT_MAX_CONNECTIONS;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                */

DscGraphClient *
dsc_graph_client_new (const char        *base_url,
                      DscTokenProvider  *tokens,
                      GError           **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *normalized = NULL;

  g_return_val_if_fail (DSC_IS_TOKEN_PROVIDER (tokens), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri = parse_base_url (base_url, error);
  if (uri == NULL)
    return NULL;

  /* Canonical form without a trailing slash or a default port, so request
   * URLs are simply base + "/v1.0" + path. */
  normalized = uri_origin (uri);

  return g_object_new (DSC_TYPE_GRAPH_CLIENT,
                       "base-url", normalized,
                       "token-provider", tokens,
                       NULL);
}

const char *
dsc_graph_client_get_base_url (DscGraphClient *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_CLIENT (self), NULL);

  return self->base_url;
}

const char *
dsc_graph_client_get_host (DscGraphClient *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_CLIENT (self), NULL);

  return self->base_uri != NULL ? g_uri_get_host (self->base_uri) : NULL;
}

void
dsc_graph_client_set_retry_policy (DscGraphClient            *self,
                                   const DscGraphRetryPolicy *policy)
{
  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));

  self->policy = policy != NULL ? *policy : default_policy;
  /* At least the one attempt that is not a retry. */
  self->policy.max_attempts = MAX (self->policy.max_attempts, 1);
}

void
dsc_graph_client_set_priority (DscGraphClient *self,
                               const char     *priority)
{
  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));

  if (priority != NULL && *priority == '\0')
    priority = NULL;

  if (g_strcmp0 (self->priority, priority) == 0)
    return;

  g_free (self->priority);
  self->priority = g_strdup (priority);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

void
dsc_graph_client_set_max_connections (DscGraphClient *self,
                                      guint           max)
{
  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));
  g_return_if_fail (max > 0);

  if (self->max_connections == max)
    return;

  self->max_connections = max;
  /* max-conns-per-host is construct-only: the next request makes a new
   * session, while requests in flight finish on the old one. */
  g_clear_object (&self->session);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONNECTIONS]);
}

guint
dsc_graph_client_get_max_connections (DscGraphClient *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_CLIENT (self), 0);
  return self->max_connections;
}

guint
dsc_graph_client_get_request_count (DscGraphClient *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_CLIENT (self), 0);

  return (guint) g_atomic_int_get (&self->request_count);
}

static GUri *
build_uri (DscGraphClient   *self,
           DscGraphVersion   version,
           const char       *path,
           GError          **error)
{
  g_autofree char *url = NULL;
  g_autoptr(GError) local_error = NULL;
  GUri *uri;

  url = g_strconcat (self->base_url, "/", dsc_graph_version_to_path (version), path, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 _("Cannot build a Microsoft Graph address from “%s”: %s"),
                 path, local_error->message);

  return uri;
}

void
dsc_graph_client_get_async (DscGraphClient      *self,
                            DscGraphVersion      version,
                            const char          *path,
                            const char * const  *headers,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  uri = build_uri (self, version, path, &error);
  if (uri == NULL)
    {
      g_task_report_error (self, callback, user_data, dsc_graph_client_get_async,
                           g_steal_pointer (&error));
      return;
    }

  request_run (self, "GET", uri, NULL, headers, cancellable, dsc_graph_client_get_async,
               callback, user_data);
}

DscJson *
dsc_graph_client_get_finish (DscGraphClient  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  return request_finish (self, result, dsc_graph_client_get_async, error);
}

static gboolean
check_next_link (DscGraphClient  *self,
                 const char      *next_link,
                 GUri           **out_uri,
                 GError         **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (next_link != NULL)
    uri = g_uri_parse (next_link, SOUP_HTTP_URI_FLAGS, NULL);

  /* The token goes wherever the link points, so only the exact origin we
   * were configured with is acceptable; a relative or odd link is refused
   * rather than guessed at. */
  if (uri == NULL || self->base_uri == NULL)
    {
      g_set_error_literal (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK,
                           _("Microsoft Graph sent a next-page link that is not a full "
                             "address; refusing to follow it"));
      return FALSE;
    }

  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (self->base_uri)) != 0 ||
      host == NULL ||
      g_ascii_strcasecmp (host, g_uri_get_host (self->base_uri)) != 0 ||
      uri_port (uri) != uri_port (self->base_uri) ||
      g_uri_get_userinfo (uri) != NULL)
    {
      g_autofree char *origin = uri_origin (uri);
      g_autofree char *shown = dsc_graph_sanitize_text (origin, -1, 100);

      g_set_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK,
                   _("Microsoft Graph sent a next-page link to %s instead of %s; refusing "
                     "to send the sign-in token there"),
                   shown, self->base_url);
      return FALSE;
    }

  *out_uri = g_steal_pointer (&uri);
  return TRUE;
}

void
dsc_graph_client_follow_async (DscGraphClient      *self,
                               const char          *next_link,
                               const char * const  *headers,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (!check_next_link (self, next_link, &uri, &error))
    {
      g_debug ("refused a next-page link: %s", error->message);
      g_task_report_error (self, callback, user_data, dsc_graph_client_follow_async,
                           g_steal_pointer (&error));
      return;
    }

  request_run (self, "GET", uri, NULL, headers, cancellable, dsc_graph_client_follow_async,
               callback, user_data);
}

DscJson *
dsc_graph_client_follow_finish (DscGraphClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return request_finish (self, result, dsc_graph_client_follow_async, error);
}

/* ------------------------------------------------------------------------ */
/* $batch                                                                    */

typedef struct
{
  DscGraphBatch       *batch;
  GUri                *uri;
  DscGraphRetryPolicy  policy;
  GPtrArray           *pending;      /* member ids for the next round */
  GPtrArray           *throttled;    /* member ids throttled in this round */
  guint                rounds;
  guint                throttle_waits;
  guint                outstanding;  /* $batch calls in flight */
  guint                retry_after_ms;
  gboolean             have_retry_after;
  GError              *error;        /* first $batch call that failed as a whole */
  gint64               started_us;
} BatchOp;

typedef struct
{
  GTask     *task;
  GPtrArray *ids;
} BatchChunk;

static void
batch_op_free (BatchOp *op)
{
  g_clear_object (&op->batch);
  g_clear_pointer (&op->uri, g_uri_unref);
  g_clear_pointer (&op->pending, g_ptr_array_unref);
  g_clear_pointer (&op->throttled, g_ptr_array_unref);
  g_clear_error (&op->error);
  g_free (op);
}

static void
batch_chunk_free (BatchChunk *chunk)
{
  g_clear_object (&chunk->task);
  g_clear_pointer (&chunk->ids, g_ptr_array_unref);
  g_free (chunk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchChunk, batch_chunk_free)

static GBytes *
batch_build_body (DscGraphBatch *batch,
                  GPtrArray     *ids)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requests");
  json_builder_begin_array (builder);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char * const *headers = dsc_graph_batch_get_headers (batch, id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "method");
      json_builder_add_string_value (builder, "GET");
      json_builder_set_member_name (builder, "url");
      json_builder_add_string_value (builder, dsc_graph_batch_get_url (batch, id));

      if (headers != NULL && headers[0] != NULL && headers[1] != NULL)
        {
          json_builder_set_member_name (builder, "headers");
          json_builder_begin_object (builder);
          for (guint j = 0; headers[j] != NULL && headers[j + 1] != NULL; j += 2)
            {
              json_builder_set_member_name (builder, headers[j]);
              json_builder_add_string_value (builder, headers[j + 1]);
            }
          json_builder_end_object (builder);
        }

      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  return g_bytes_new_take (text, strlen (text));
}

static void
batch_fail_members (BatchOp      *op,
                    GPtrArray    *ids,
                    const GError *error)
{
  for (guint i = 0; i < ids->len; i++)
    dsc_graph_batch_set_error (op->batch, g_ptr_array_index (ids, i), error);
}

/* The $batch format is dsc-graph-batch.c's; which members to send again and
 * when is the client's. */
static void
batch_apply_response (BatchOp    *op,
                      BatchChunk *chunk,
                      DscJson    *root)
{
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  if (!dsc_graph_batch_apply_response (op->batch, chunk->ids, root, answered, &error))
    {
      if (op->error == NULL)
        op->error = g_steal_pointer (&error);
      return;
    }

  for (guint i = 0; i < answered->len; i++)
    {
      const char *id = g_ptr_array_index (answered, i);
      guint delay;

      if (!is_retryable_status (dsc_graph_batch_get_status (op->batch, id)))
        continue;

      g_ptr_array_add (op->throttled, g_strdup (id));
      if (parse_retry_after (dsc_graph_batch_get_retry_after (op->batch, id),
                             op->policy.max_delay_ms, &delay))
        {
          op->retry_after_ms = op->have_retry_after ? MAX (op->retry_after_ms, delay) : delay;
          op->have_retry_after = TRUE;
        }
    }
}

static void batch_send_round (GTask *task);

static void
batch_wait_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!wait_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  batch_send_round (g_steal_pointer (&task));
}

static void
batch_round_done (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  BatchOp *op = g_task_get_task_data (task);
  GCancellable *cancellable;
  guint elapsed_ms, delay;

  if (op->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&op->error));
      return;
    }

  if (op->throttled->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  delay = op->have_retry_after ? op->retry_after_ms
                               : backoff_delay (&op->policy, op->throttle_waits);
  elapsed_ms = (guint) ((g_get_monotonic_time () - op->started_us) / 1000);

  if (op->rounds < op->policy.max_attempts &&
      (guint64) elapsed_ms + delay <= op->policy.max_total_ms)
    {
      g_debug ("$batch: %u members throttled, re-sending in %u ms",
               op->throttled->len, delay);

      g_ptr_array_unref (op->pending);
      op->pending = g_steal_pointer (&op->throttled);
      op->throttled = g_ptr_array_new_with_free_func (g_free);
      op->have_retry_after = FALSE;
      op->retry_after_ms = 0;
      op->throttle_waits++;

      cancellable = g_task_get_cancellable (task);
      wait_async (delay, cancellable, batch_wait_cb, g_steal_pointer (&task));
      return;
    }

  g_debug ("$batch: giving up on %u throttled members after %u rounds",
           op->throttled->len, op->rounds);

  for (guint i = 0; i < op->throttled->len; i++)
    {
      const char *id = g_ptr_array_index (op->throttled, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) gave_up = NULL;
      DscJson *body;

      /* Maps the last throttled answer to an error, as a reader would see it. */
      body = dsc_graph_batch_dup_result (op->batch, id, &error);
      if (body != NULL)
        {
          dsc_json_unref (body);
          continue;
        }

      gave_up = dsc_graph_error_new_gave_up (error, op->rounds);
      dsc_graph_batch_set_error (op->batch, id, gave_up);
    }

  g_task_return_boolean (task, TRUE);
}

static void
batch_chunk_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BatchChunk) chunk = user_data;
  DscGraphClient *self = DSC_GRAPH_CLIENT (source);
  BatchOp *op = g_task_get_task_data (chunk->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DscJson) root = NULL;

  root = request_finish (self, result, batch_chunk_cb, &error);

  if (root == NULL)
    {
      batch_fail_members (op, chunk->ids, error);
      if (op->error == NULL)
        op->error = g_steal_pointer (&error);
    }
  else
    {
      batch_apply_response (op, chunk, root);
    }

  if (--op->outstanding == 0)
    batch_round_done (g_steal_pointer (&chunk->task));
}

/* Building a $batch body is real work (a JSON tree per member, then text):
 * hundreds of chunks built in one go would block the main loop. The session
 * only runs a few requests at a time anyway, so chunks are built and queued
 * in slices of at most this long, the rest from a 1 ms timeout. */
#define BATCH_SEND_SLICE_US 4000

typedef struct
{
  GTask     *task;
  GPtrArray *chunks;   /* BatchChunk*, not sent yet */
  guint      next;
} BatchSend;

/* Sent chunks are stolen from the array (left NULL). */
static void
unsent_chunk_free (gpointer chunk)
{
  if (chunk != NULL)
    batch_chunk_free (chunk);
}

static void
batch_send_free (BatchSend *send)
{
  g_clear_object (&send->task);
  g_clear_pointer (&send->chunks, g_ptr_array_unref);
  g_free (send);
}

static gboolean
batch_send_slice (gpointer user_data)
{
  BatchSend *send = user_data;
  DscGraphClient *self = g_task_get_source_object (send->task);
  BatchOp *op = g_task_get_task_data (send->task);
  gint64 deadline = g_get_monotonic_time () + BATCH_SEND_SLICE_US;

  while (send->next < send->chunks->len)
    {
      BatchChunk *chunk = g_ptr_array_index (send->chunks, send->next);
      g_autoptr(GBytes) body = NULL;

      g_ptr_array_index (send->chunks, send->next++) = NULL;
      body = batch_build_body (op->batch, chunk->ids);
      g_debug ("$batch round %u: %u requests", op->rounds, chunk->ids->len);
      request_run (self, "POST", op->uri, body, NULL, g_task_get_cancellable (send->task),
                   batch_chunk_cb, batch_chunk_cb, chunk);
      if (g_get_monotonic_time () >= deadline)
        break;
    }

  return send->next < send->chunks->len ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
batch_send_round (GTask *task_owned)
{
  g_autoptr(GTask) task = task_owned;
  BatchOp *op = g_task_get_task_data (task);
  g_autoptr(GPtrArray) pending = g_steal_pointer (&op->pending);
  BatchSend *send;

  op->pending = g_ptr_array_new_with_free_func (g_free);
  op->rounds++;

  /* Graph takes at most 20 requests per $batch; the calls run side by side,
   * within the session's connection limit. Every chunk counts as outstanding
   * from the start, so the round can't end while some are still unsent. */
  send = g_new0 (BatchSend, 1);
  send->task = g_object_ref (task);
  send->chunks = g_ptr_array_new_with_free_func (unsent_chunk_free);
  for (guint start = 0; start < pending->len; start += DSC_GRAPH_BATCH_MAX_REQUESTS)
    {
      BatchChunk *chunk = g_new0 (BatchChunk, 1);

      chunk->task = g_object_ref (task);
      chunk->ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = start; i < pending->len && i < start + DSC_GRAPH_BATCH_MAX_REQUESTS; i++)
        g_ptr_array_add (chunk->ids, g_strdup (g_ptr_array_index (pending, i)));
      g_ptr_array_add (send->chunks, chunk);
      op->outstanding++;
    }

  if (batch_send_slice (send) == G_SOURCE_REMOVE)
    {
      batch_send_free (send);
      return;
    }

  {
    g_autoptr(GSource) timer = g_timeout_source_new (1);

    g_source_set_callback (timer, batch_send_slice, send, (GDestroyNotify) batch_send_free);
    g_source_set_static_name (timer, "[dsc] $batch send");
    g_source_attach (timer, g_task_get_context (task));
  }
}

void
dsc_graph_client_batch_async (DscGraphClient      *self,
                              DscGraphBatch       *batch,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  BatchOp *op;

  g_return_if_fail (DSC_IS_GRAPH_CLIENT (self));
  g_return_if_fail (DSC_IS_GRAPH_BATCH (batch));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dsc_graph_client_batch_async);

  op = g_new0 (BatchOp, 1);
  op->batch = g_object_ref (batch);
  op->policy = self->policy;
  op->started_us = g_get_monotonic_time ();
  op->pending = g_ptr_array_new_with_free_func (g_free);
  op->throttled = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, op, (GDestroyNotify) batch_op_free);

  op->uri = build_uri (self, dsc_graph_batch_get_version (batch), "/$batch", &error);
  if (op->uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < dsc_graph_batch_get_size (batch); i++)
    g_ptr_array_add (op->pending, g_strdup (dsc_graph_batch_get_id (batch, i)));

  if (op->pending->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  batch_send_round (g_steal_pointer (&task));
}

gboolean
dsc_graph_client_batch_finish (DscGraphClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        dsc_graph_client_batch_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

char *
dsc_graph_quote_literal (const char *value)
{
  g_autoptr(GString) quoted = g_string_new ("'");

  g_return_val_if_fail (value != NULL, NULL);

  /* OData escapes a quote inside a string literal by doubling it. */
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append_c (quoted, '\'');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '\'');

  /* Keep the punctuation of filter expressions readable in logs; everything
   * that could end the parameter ('&', '#'), be read as a space ('+') or
   * start an escape ('%') is encoded, as are quotes and non-ASCII. */
  return g_uri_escape_string (quoted->str, "!$()*,:@/", FALSE);
}
