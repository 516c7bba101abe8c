/* dsc-fake-tenant.c — a fake Microsoft Graph tenant on 127.0.0.1.
 *
 * The HTTP side of the fake: a SoupServer in its own thread and main
 * context, bearer-token checks, request ids, the fault knobs and latency.
 * What each request answers is decided in dsc-fake-service.c from the current
 * scenario, which is swapped whole under a mutex.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gio/gnetworking.h>   /* SO_LINGER */
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "dsc-fake-identity.h"
#include "dsc-fake-scenario.h"
#include "dsc-fake-service.h"
#include "dsc-fake-tenant.h"

#define DIAGNOSTIC \
  "{\"ServerInfo\":{\"DataCenter\":\"Loopback\",\"Slice\":\"E\",\"Ring\":\"5\"," \
  "\"ScaleUnit\":\"000\",\"RoleInstance\":\"DSC-FAKE-GRAPH\"}}"
#define WWW_AUTHENTICATE \
  "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/" \
  "authorize\", client_id=\"00000003-0000-0000-c000-000000000000\""

typedef enum {
  FAULT_NONE,
  FAULT_RESET,
  FAULT_THROTTLE,
  FAULT_UNAVAILABLE,
  FAULT_TRUNCATE,
} Fault;

struct _DscFakeTenant
{
  GObject           parent_instance;

  /* Guards the scenario, the fault settings and their random stream, live
   * mode and the log: the app's thread sets them while the server reads. */
  GMutex            lock;
  DscFakeScenario  *scenario;
  const char       *scenario_name;   /* interned, so callers may keep it */
  DscFakeFaults     faults;
  GRand            *rand;
  gboolean          live;
  gboolean          reject_error_filter;
  FILE             *log;
  gboolean          log_is_stderr;

  guint             request_count;   /* atomic */

  /* Server thread. Only the thread touches server and pending while it runs. */
  GThread          *thread;
  GMainContext     *context;
  GMainLoop        *loop;
  SoupServer       *server;
  GHashTable       *pending;         /* Delivery * waiting for latency or a fault */
  char             *base_url;

  GMutex            start_lock;
  GCond             start_cond;
  gboolean          start_done;
  GError           *start_error;
};

G_DEFINE_FINAL_TYPE (DscFakeTenant, dsc_fake_tenant, G_TYPE_OBJECT)

/* ---- faults ----------------------------------------------------------------- */

/* One roll per HTTP request, in arrival order, from the seeded stream: the
 * same seed and the same request sequence give the same faults. Lock held. */
static Fault
roll_fault (DscFakeTenant *self)
{
  const DscFakeFaults *f = &self->faults;
  double r, edge = 0;

  if (f->p_reset <= 0 && f->p_throttle <= 0 && f->p_unavailable <= 0 && f->p_truncate <= 0)
    return FAULT_NONE;

  r = g_rand_double (self->rand);
  if (r < (edge += MAX (f->p_reset, 0)))
    return FAULT_RESET;
  if (r < (edge += MAX (f->p_throttle, 0)))
    return FAULT_THROTTLE;
  if (r < (edge += MAX (f->p_unavailable, 0)))
    return FAULT_UNAVAILABLE;
  if (r < (edge += MAX (f->p_truncate, 0)))
    return FAULT_TRUNCATE;
  return FAULT_NONE;
}

static gboolean
throttle_member (gpointer user_data)
{
  DscFakeTenant *self = user_data;
  gboolean throttle = FALSE;

  g_mutex_lock (&self->lock);
  if (self->faults.p_throttle > 0)
    throttle = g_rand_double (self->rand) < self->faults.p_throttle;
  g_mutex_unlock (&self->lock);
  return throttle;
}

/* ---- logging ---------------------------------------------------------------- */

static void
log_line (const char *line,
          gpointer    user_data)
{
  DscFakeTenant *self = user_data;

  gint64 now = g_get_real_time ();

  g_mutex_lock (&self->lock);
  if (self->log != NULL)
    {
      /* Each line starts with the wall-clock time it was received, in seconds
       * since 1970: benchmarks time the program's first request from it. */
      fprintf (self->log, "%" G_GINT64_FORMAT ".%06d %s\n",
               now / G_USEC_PER_SEC, (int) (now % G_USEC_PER_SEC), line);
      fflush (self->log);
    }
  g_mutex_unlock (&self->lock);
}

static void
close_log (DscFakeTenant *self)
{
  if (self->log != NULL && !self->log_is_stderr)
    fclose (self->log);
  self->log = NULL;
  self->log_is_stderr = FALSE;
}

/* ---- delivery: latency, resets, truncation ------------------------------- */

/* Faults are made on the message's own socket rather than by stealing the
 * connection: libsoup 3.2 never frees a stolen connection, and this way its
 * ordinary error path cleans up after the broken response. */
typedef enum {
  STAGE_WAITING,     /* paused, latency timer or idle pending */
  STAGE_HALF_SENT,   /* FAULT_TRUNCATE: waiting for the first half to be written */
  STAGE_CLOSING,     /* FAULT_TRUNCATE: idle pending that closes the connection */
} Stage;

typedef struct {
  DscFakeTenant     *self;
  SoupServerMessage *msg;
  GSource           *source;
  Fault              fault;
  Stage              stage;
  GBytes            *rest;        /* FAULT_TRUNCATE: the half never delivered */
  gulong             disconnected_id;
  gulong             finished_id;
  gulong             wrote_chunk_id;
} Delivery;

static void
delivery_free (Delivery *d)
{
  g_hash_table_remove (d->self->pending, d);
  g_signal_handler_disconnect (d->msg, d->disconnected_id);
  g_signal_handler_disconnect (d->msg, d->finished_id);
  if (d->wrote_chunk_id != 0)
    g_signal_handler_disconnect (d->msg, d->wrote_chunk_id);
  if (d->source != NULL)
    {
      g_source_destroy (d->source);
      g_source_unref (d->source);
    }
  g_clear_object (&d->msg);
  g_clear_pointer (&d->rest, g_bytes_unref);
  g_free (d);
}

/* The client went away (or the response completed): nothing left to do, and
 * unpausing now would be an error. */
static void
delivery_gone (SoupServerMessage *msg,
               gpointer           user_data)
{
  delivery_free (user_data);
}

static void
schedule (Delivery    *d,
          guint        delay_ms,
          GSourceFunc  func)
{
  if (d->source != NULL)
    {
      g_source_destroy (d->source);
      g_source_unref (d->source);
    }
  d->source = delay_ms > 0 ? g_timeout_source_new (delay_ms) : g_idle_source_new ();
  g_source_set_callback (d->source, func, d, NULL);
  g_source_attach (d->source, d->self->context);
}

static void
reset_socket (GSocket *socket)
{
#ifdef G_OS_UNIX
  /* SO_LINGER 0 turns the close into a RST: the client sees "connection
   * reset by peer", the transport failure this fault stands for. */
  struct linger lg = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
#endif
  g_socket_close (socket, NULL);
}

static gboolean
close_after_half (gpointer user_data)
{
  Delivery *d = user_data;
  SoupServerMessage *msg = g_object_ref (d->msg);
  GSocket *socket = soup_server_message_get_socket (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  /* FIN after the first half: the client holds a body shorter than the
   * Content-Length it was promised. Completing the body lets libsoup run
   * into the closed socket and tidy up. */
  if (socket != NULL)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  soup_message_body_append_bytes (body, d->rest);
  soup_message_body_complete (body);
  delivery_free (d);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
half_written (SoupServerMessage *msg,
              gpointer           user_data)
{
  Delivery *d = user_data;

  /* Not from inside libsoup's write loop: it is about to pause the message
   * for want of more body, and that must happen first. */
  if (d->stage == STAGE_HALF_SENT)
    {
      d->stage = STAGE_CLOSING;
      schedule (d, 0, close_after_half);
    }
}

static gboolean
deliver (gpointer user_data)
{
  Delivery *d = user_data;
  SoupServerMessage *msg = g_object_ref (d->msg);
  GSocket *socket;

  g_clear_pointer (&d->source, g_source_unref);

  switch (d->fault)
    {
    case FAULT_RESET:
      socket = soup_server_message_get_socket (msg);
      if (socket != NULL)
        reset_socket (socket);
      delivery_free (d);
      break;

    case FAULT_TRUNCATE:
      d->stage = STAGE_HALF_SENT;
      break;

    default:
      delivery_free (d);
    }

  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

/* ---- one HTTP request --------------------------------------------------------- */

static const char *
bearer_problem (SoupMessageHeaders *headers)
{
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token;

  if (auth == NULL)
    return "Access token is empty.";
  if (g_ascii_strncasecmp (auth, "Bearer", 6) != 0)
    return "Access token validation failure. Invalid audience.";
  token = auth + 6;
  while (*token == ' ')
    token++;
  if (*token == '\0')
    return "Access token is empty.";
  if (!g_str_equal (token, DSC_FAKE_TENANT_TOKEN) &&
      !dsc_fake_identity_access_token_is_valid (token))
    return "Access token validation failure. Invalid audience.";
  return NULL;
}

static void
add_common_headers (SoupMessageHeaders *headers,
                    const char         *request_id,
                    const char         *client_request_id)
{
  soup_message_headers_replace (headers, "request-id", request_id);
  soup_message_headers_replace (headers, "client-request-id", client_request_id);
  soup_message_headers_replace (headers, "x-ms-ags-diagnostic", DIAGNOSTIC);
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_headers_replace (headers, "Strict-Transport-Security", "max-age=31536000");
}

static void
apply_response (SoupServerMessage *msg,
                DscFakeResponse   *resp,
                const char        *request_id,
                const char        *client_request_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *content_type = resp->content_type ? resp->content_type : DSC_FAKE_JSON_CONTENT_TYPE;
  gsize len = resp->body->len;
  guint i;

  add_common_headers (headers, request_id, client_request_id);
  if (resp->content_type == NULL)
    soup_message_headers_replace (headers, "OData-Version", "4.0");
  /* libsoup 3.2's server never notices a client closing an idle keep-alive
   * connection: each stayed in CLOSE_WAIT with its fd for the life of the
   * tenant (≈10 per refresh; a long demo ran out of fds). Closing after every
   * complete response costs a loopback connect per request. */
  soup_message_headers_replace (headers, "Connection", "close");
  for (i = 0; i + 1 < resp->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (resp->headers, i),
                                 g_ptr_array_index (resp->headers, i + 1));

  soup_server_message_set_status (msg, resp->status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE,
                                    g_string_free (resp->body, FALSE), len);
  resp->body = NULL;
}

/* The full Content-Length is promised, half the body is supplied; the rest
 * is handed back for close_after_half(). */
static GBytes *
apply_truncated (SoupServerMessage *msg,
                 DscFakeResponse   *resp,
                 const char        *request_id,
                 const char        *client_request_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gsize len = resp->body->len;
  gsize half = MAX (len / 2, 1);
  guint i;

  add_common_headers (headers, request_id, client_request_id);
  for (i = 0; i + 1 < resp->headers->len; i += 2)
    soup_message_headers_append (headers, g_ptr_array_index (resp->headers, i),
                                 g_ptr_array_index (resp->headers, i + 1));
  soup_message_headers_set_content_type (headers, resp->content_type ? resp->content_type
                                                                     : DSC_FAKE_JSON_CONTENT_TYPE,
                                         NULL);
  soup_message_headers_set_content_length (headers, (goffset) len);
  soup_server_message_set_status (msg, resp->status, NULL);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                            resp->body->str, half);
  return g_bytes_new (resp->body->str + half, len - half);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  DscFakeTenant *self = user_data;
  g_autoptr(DscFakeScenario) scenario = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  g_autofree char *generated_crid = NULL;
  g_autofree char *logged_path = NULL;
  g_autofree char *logged_query = NULL;
  g_autofree char *line = NULL;
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *raw_path = g_uri_get_path (uri);
  const char *raw_query = g_uri_get_query (uri);
  const char *client_request_id = soup_message_headers_get_one (req_headers, "client-request-id");
  const char *problem;
  DscFakeResponse resp;
  DscFakeContext ctx = { 0 };
  DscFakeRequest req = { 0 };
  guint latency_ms, retry_after;
  gboolean live, reject_error_filter;
  Fault fault;
  char retry[16];

  if (dsc_fake_identity_handle (msg, path, query))
    return;

  g_atomic_int_inc (&self->request_count);

  g_mutex_lock (&self->lock);
  scenario = dsc_fake_scenario_ref (self->scenario);
  live = self->live;
  reject_error_filter = self->reject_error_filter;
  latency_ms = self->faults.latency_ms;
  retry_after = MAX (self->faults.retry_after_s, 1);
  fault = roll_fault (self);
  g_mutex_unlock (&self->lock);

  if (client_request_id == NULL || *client_request_id == '\0')
    client_request_id = generated_crid = g_uuid_string_random ();

  logged_path = g_uri_unescape_string (raw_path, NULL);
  if (raw_query != NULL)
    {
      /* Form encoding: '+' is a space, as the service reads it. */
      g_autofree char *spaced = g_strdup (raw_query);

      g_strdelimit (spaced, "+", ' ');
      logged_query = g_uri_unescape_string (spaced, NULL);
    }
  line = g_strdup_printf ("%s %s%s%s", method, logged_path ? logged_path : raw_path,
                          raw_query != NULL ? " " : "",
                          raw_query != NULL ? (logged_query ? logged_query : raw_query) : "");
  log_line (line, self);

  dsc_fake_response_init (&resp);
  g_snprintf (retry, sizeof retry, "%u", retry_after);
  problem = bearer_problem (req_headers);

  if (problem != NULL)
    {
      dsc_fake_response_set_error (&resp, 401, "InvalidAuthenticationToken", problem, request_id,
                                   client_request_id, g_get_real_time () / G_USEC_PER_SEC);
      dsc_fake_response_add_header (&resp, "WWW-Authenticate", WWW_AUTHENTICATE);
    }
  else if (fault == FAULT_THROTTLE)
    {
      g_autofree char *scope = g_strdup_printf ("Tenant_Application/ReadWrite/%s/%s",
                                                "14d82eec-204b-4c2f-b7e8-296a70dab67e",
                                                scenario->tenant_id);

      dsc_fake_response_set_error (&resp, 429, "TooManyRequests",
                                   "Too many requests. Retry after the number of seconds in "
                                   "Retry-After.", request_id, client_request_id,
                                   g_get_real_time () / G_USEC_PER_SEC);
      dsc_fake_response_add_header (&resp, "Retry-After", retry);
      dsc_fake_response_add_header (&resp, "x-ms-throttle-information",
                                    "ResourceUnitLimitExceeded");
      dsc_fake_response_add_header (&resp, "x-ms-throttle-scope", scope);
    }
  else if (fault == FAULT_UNAVAILABLE)
    {
      dsc_fake_response_set_error (&resp, 503, "ServiceUnavailable",
                                   "The service is temporarily unavailable. Retry after the number "
                                   "of seconds in Retry-After.", request_id, client_request_id,
                                   g_get_real_time () / G_USEC_PER_SEC);
      dsc_fake_response_add_header (&resp, "Retry-After", retry);
    }
  else if (fault == FAULT_RESET)
    {
      /* Never reaches "Graph": the connection just drops. */
    }
  else
    {
      body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

      ctx.scenario = scenario;
      ctx.base_url = self->base_url;
      ctx.now = g_get_real_time () / G_USEC_PER_SEC;
      ctx.live = live;
      ctx.reject_error_filter = reject_error_filter;
      ctx.retry_after_s = retry_after;
      ctx.throttle_member = throttle_member;
      ctx.throttle_data = self;
      ctx.log = log_line;
      ctx.log_data = self;

      req.method = method;
      req.path = raw_path;
      req.query = raw_query;
      req.consistency_level = soup_message_headers_get_one (req_headers, "ConsistencyLevel");
      req.request_id = request_id;
      req.client_request_id = client_request_id;
      req.body = body;

      dsc_fake_service_handle (&ctx, &req, &resp);
    }

  if (latency_ms == 0 && fault != FAULT_RESET && fault != FAULT_TRUNCATE)
    apply_response (msg, &resp, request_id, client_request_id);
  else
    {
      Delivery *d = g_new0 (Delivery, 1);

      d->self = self;
      d->msg = g_object_ref (msg);
      d->fault = fault;
      if (fault == FAULT_TRUNCATE)
        {
          d->rest = apply_truncated (msg, &resp, request_id, client_request_id);
          d->wrote_chunk_id = g_signal_connect (msg, "wrote-chunk", G_CALLBACK (half_written), d);
        }
      else
        apply_response (msg, &resp, request_id, client_request_id);
      d->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (delivery_gone), d);
      d->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (delivery_gone), d);
      g_hash_table_add (self->pending, d);

      /* Pausing instead of sleeping keeps the server thread free, so
       * concurrent requests overlap as they do on the real service. */
      soup_server_message_pause (msg);
      schedule (d, latency_ms, deliver);
    }

  dsc_fake_response_clear (&resp);
}

/* ---- server thread ------------------------------------------------------------- */

static void
signal_started (DscFakeTenant *self,
                GError        *error)
{
  g_mutex_lock (&self->start_lock);
  self->start_error = error;
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);
}

/* Our own socket rather than soup_server_listen_local(): asking libsoup 3.2
 * for the port afterwards (soup_server_get_uris) leaks the address it
 * caches. (Its listener also leaks a reference to every accepted socket,
 * fixed upstream in 3.3; nothing to do about that from here.) */
static gboolean
listen_loopback (SoupServer  *server,
                 guint16     *port,
                 GError     **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  /* GSocket's default backlog is 10: a client opening 16 connections while
   * this thread is busy writing a large answer would see SYNs dropped and
   * retried a second later, a stall the real service doesn't have. */
  g_socket_set_listen_backlog (socket, 128);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return FALSE;
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  return soup_server_listen_socket (server, socket, 0, error);
}

static gpointer
server_thread (gpointer user_data)
{
  DscFakeTenant *self = user_data;
  GError *error = NULL;
  guint16 port = 0;
  GHashTableIter iter;
  gpointer key;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);

  /* With our context as thread default, libsoup's connection sources land on it. */
  if (!listen_loopback (self->server, &port, &error))
    {
      g_clear_object (&self->server);
      g_main_context_pop_thread_default (self->context);
      signal_started (self, error);
      return NULL;
    }

  g_free (self->base_url);
  self->base_url = g_strdup_printf ("http://127.0.0.1:%u", port);

  signal_started (self, NULL);
  g_main_loop_run (self->loop);

  /* Drop what is still waiting before the connections go away: a timeout
   * must not unpause a message whose connection was just closed. */
  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      delivery_free (key);
    }

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_loop (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* ---- GObject ----------------------------------------------------------------- */

static void
dsc_fake_tenant_dispose (GObject *object)
{
  dsc_fake_tenant_stop (DSC_FAKE_TENANT (object));

  G_OBJECT_CLASS (dsc_fake_tenant_parent_class)->dispose (object);
}

static void
dsc_fake_tenant_finalize (GObject *object)
{
  DscFakeTenant *self = DSC_FAKE_TENANT (object);

  g_clear_pointer (&self->scenario, dsc_fake_scenario_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  close_log (self);
  g_clear_pointer (&self->base_url, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (dsc_fake_tenant_parent_class)->finalize (object);
}

static void
dsc_fake_tenant_class_init (DscFakeTenantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dsc_fake_tenant_dispose;
  object_class->finalize = dsc_fake_tenant_finalize;
}

static void
dsc_fake_tenant_init (DscFakeTenant *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
  self->faults.retry_after_s = 1;
  self->rand = g_rand_new ();
}

DscFakeTenant *
dsc_fake_tenant_new (void)
{
  return g_object_new (DSC_TYPE_FAKE_TENANT, NULL);
}

gboolean
dsc_fake_tenant_start (DscFakeTenant  *self,
                       GError        **error)
{
  GError *start_error;

  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), FALSE);

  if (self->thread != NULL)
    return TRUE;

  if (self->scenario == NULL && !dsc_fake_tenant_set_scenario (self, "healthy", error))
    return FALSE;

  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->pending = g_hash_table_new (NULL, NULL);
  self->start_done = FALSE;
  self->start_error = NULL;
  self->thread = g_thread_new ("dsc-fake-graph", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  start_error = g_steal_pointer (&self->start_error);
  g_mutex_unlock (&self->start_lock);

  if (start_error != NULL)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->pending, g_hash_table_unref);
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_propagate_prefixed_error (error, start_error, "Can't start the fake Graph tenant: ");
      return FALSE;
    }

  g_debug ("Fake Graph tenant listening on %s", self->base_url);
  return TRUE;
}

void
dsc_fake_tenant_stop (DscFakeTenant *self)
{
  GSource *source;

  g_return_if_fail (DSC_IS_FAKE_TENANT (self));

  if (self->thread == NULL)
    return;

  /* A source rather than g_main_loop_quit(): a quit that lands before the
   * thread entered g_main_loop_run() would be lost. */
  source = g_idle_source_new ();
  g_source_set_callback (source, quit_loop, self->loop, NULL);
  g_source_attach (source, self->context);
  g_source_unref (source);

  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
dsc_fake_tenant_get_base_url (DscFakeTenant *self)
{
  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), NULL);

  return self->base_url;
}

gboolean
dsc_fake_tenant_set_scenario (DscFakeTenant  *self,
                              const char     *name,
                              GError        **error)
{
  DscFakeScenario *scenario;
  DscFakeScenario *old;

  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  /* Built outside the lock: generating "large" takes a moment, and requests
   * keep being served from the old scenario meanwhile. */
  scenario = dsc_fake_scenario_load (name, error);
  if (scenario == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  old = self->scenario;
  self->scenario = scenario;
  self->scenario_name = g_intern_string (name);
  g_mutex_unlock (&self->lock);

  if (old != NULL)
    dsc_fake_scenario_unref (old);
  return TRUE;
}

const char *
dsc_fake_tenant_get_scenario (DscFakeTenant *self)
{
  const char *name;

  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), NULL);

  g_mutex_lock (&self->lock);
  name = self->scenario_name;
  g_mutex_unlock (&self->lock);
  return name;
}

const char * const *
dsc_fake_tenant_list_scenarios (void)
{
  return dsc_fake_scenario_list_builtin ();
}

void
dsc_fake_tenant_set_live (DscFakeTenant *self,
                          gboolean       live)
{
  g_return_if_fail (DSC_IS_FAKE_TENANT (self));

  g_mutex_lock (&self->lock);
  self->live = !!live;
  g_mutex_unlock (&self->lock);
}

void
dsc_fake_tenant_set_reject_error_filter (DscFakeTenant *self,
                                         gboolean       reject)
{
  g_return_if_fail (DSC_IS_FAKE_TENANT (self));

  g_mutex_lock (&self->lock);
  self->reject_error_filter = !!reject;
  g_mutex_unlock (&self->lock);
}

void
dsc_fake_tenant_set_faults (DscFakeTenant       *self,
                            const DscFakeFaults *faults)
{
  DscFakeFaults none = { 0 };

  g_return_if_fail (DSC_IS_FAKE_TENANT (self));

  if (faults == NULL)
    faults = &none;

  g_mutex_lock (&self->lock);
  self->faults = *faults;
  if (self->faults.retry_after_s == 0)
    self->faults.retry_after_s = 1;
  /* Reseeding on every call makes "same seed → same faults" hold from the
   * moment the faults are set. */
  g_rand_set_seed (self->rand, faults->seed != 0 ? faults->seed : g_random_int ());
  g_mutex_unlock (&self->lock);
}

gboolean
dsc_fake_tenant_set_request_log (DscFakeTenant  *self,
                                 const char     *path,
                                 GError        **error)
{
  FILE *file = NULL;
  gboolean is_stderr = FALSE;
  int saved_errno;

  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), FALSE);

  if (path != NULL && g_str_equal (path, "-"))
    {
      file = stderr;
      is_stderr = TRUE;
    }
  else if (path != NULL)
    {
      file = g_fopen (path, "w");
      if (file == NULL)
        {
          saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Can't open the request log “%s”: %s", path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  g_mutex_lock (&self->lock);
  close_log (self);
  self->log = file;
  self->log_is_stderr = is_stderr;
  g_mutex_unlock (&self->lock);
  return TRUE;
}

guint
dsc_fake_tenant_get_request_count (DscFakeTenant *self)
{
  g_return_val_if_fail (DSC_IS_FAKE_TENANT (self), 0);

  return (guint) g_atomic_int_get (&self->request_count);
}
