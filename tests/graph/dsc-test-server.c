/* dsc-test-server.c — a scripted HTTP server on 127.0.0.1 for the Graph
 * client tests. The server lives on its own thread so the client under test
 * runs on the test's main context exactly as it would in the app. */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "dsc-test-server.h"

typedef struct
{
  DscTestHandler handler;
  gpointer       user_data;
} Handler;

struct _DscTestServer
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;

  GMutex        lock;
  GCond         ready_cond;
  gboolean      ready;
  GHashTable   *replies;    /* path → GQueue of DscTestReply* */
  GHashTable   *handlers;   /* path → Handler* */
  GPtrArray    *requests;   /* DscTestRequest* */
};

static void
reply_free (DscTestReply *reply)
{
  g_free (reply->content_type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_strfreev (reply->headers);
  g_free (reply);
}

static void
reply_queue_free (GQueue *queue)
{
  g_queue_free_full (queue, (GDestroyNotify) reply_free);
}

static void
request_free (DscTestRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, g_hash_table_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
collect_header (const char *name,
                const char *value,
                gpointer    user_data)
{
  g_hash_table_insert (user_data, g_ascii_strdown (name, -1), g_strdup (value));
}

static DscTestReply *
reply_copy (const DscTestReply *reply)
{
  DscTestReply *copy = g_new0 (DscTestReply, 1);

  copy->kind = reply->kind;
  copy->status = reply->status;
  copy->content_type = g_strdup (reply->content_type);
  copy->body = reply->body != NULL ? g_bytes_ref (reply->body) : NULL;
  copy->headers = g_strdupv (reply->headers);

  return copy;
}

static void
close_stream (GIOStream *stream)
{
  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static void
send_truncated (SoupServerMessage  *msg,
                const DscTestReply *reply)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);
  gsize len = 0;
  const char *data = reply->body != NULL ? g_bytes_get_data (reply->body, &len) : "";
  g_autofree char *head = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  /* reply->status carries the length the headers promise. */
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %u\r\n"
                          "\r\n",
                          reply->status);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  close_stream (stream);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  DscTestServer *self = user_data;
  DscTestRequest *request;
  DscTestReply *reply = NULL;
  Handler *handler;
  SoupMessageBody *body;
  GUri *uri;
  GQueue *queue;

  request = g_new0 (DscTestRequest, 1);
  request->time_us = g_get_monotonic_time ();
  request->method = g_strdup (soup_server_message_get_method (msg));
  uri = soup_server_message_get_uri (msg);
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg),
                                collect_header, request->headers);
  body = soup_server_message_get_request_body (msg);
  request->body = soup_message_body_flatten (body);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->requests, request);
  handler = g_hash_table_lookup (self->handlers, request->path);
  queue = g_hash_table_lookup (self->replies, request->path);
  if (handler == NULL && queue != NULL && !g_queue_is_empty (queue))
    reply = g_queue_get_length (queue) > 1 ? g_queue_pop_head (queue)
                                           : reply_copy (g_queue_peek_head (queue));
  g_mutex_unlock (&self->lock);

  if (handler != NULL)
    {
      reply = g_new0 (DscTestReply, 1);
      reply->status = 200;
      reply->content_type = g_strdup ("application/json");
      handler->handler (request, reply, handler->user_data);
    }

  if (reply == NULL)
    {
      static const char not_found[] =
        "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Not scripted.\"}}";

      reply = g_new0 (DscTestReply, 1);
      reply->status = 404;
      reply->content_type = g_strdup ("application/json");
      reply->body = g_bytes_new_static (not_found, strlen (not_found));
    }

  switch (reply->kind)
    {
    case DSC_TEST_REPLY_RESET:
      close_stream (soup_server_message_steal_connection (msg));
      break;

    case DSC_TEST_REPLY_TRUNCATE:
      send_truncated (msg, reply);
      break;

    case DSC_TEST_REPLY_NORMAL:
    default:
      {
        SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
        gsize len = 0;
        const char *data = reply->body != NULL ? g_bytes_get_data (reply->body, &len) : NULL;

        soup_server_message_set_status (msg, reply->status, NULL);
        for (guint i = 0; reply->headers != NULL && reply->headers[i] != NULL &&
                          reply->headers[i + 1] != NULL; i += 2)
          soup_message_headers_append (headers, reply->headers[i], reply->headers[i + 1]);
        soup_server_message_set_response (msg, reply->content_type, SOUP_MEMORY_COPY,
                                          data, len);
      }
      break;
    }

  reply_free (reply);
}

static gpointer
server_thread (gpointer data)
{
  DscTestServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->ready_cond);
  g_mutex_unlock (&self->lock);

  g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  /* Let the disconnects run before the context goes away. */
  while (g_main_context_iteration (self->context, FALSE))
    ;

  g_main_context_pop_thread_default (self->context);

  return NULL;
}

DscTestServer *
dsc_test_server_new (void)
{
  DscTestServer *self = g_new0 (DscTestServer, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->ready_cond);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->replies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) reply_queue_free);
  self->handlers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);

  self->thread = g_thread_new ("test-server", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->ready_cond, &self->lock);
  g_mutex_unlock (&self->lock);

  return self;
}

static gboolean
quit_cb (gpointer user_data)
{
  DscTestServer *self = user_data;

  g_main_loop_quit (self->loop);

  return G_SOURCE_REMOVE;
}

void
dsc_test_server_free (DscTestServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_hash_table_unref (self->replies);
  g_hash_table_unref (self->handlers);
  g_ptr_array_unref (self->requests);
  g_free (self->url);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->ready_cond);
  g_free (self);
}

const char *
dsc_test_server_get_url (DscTestServer *self)
{
  return self->url;
}

static void
push_reply (DscTestServer *self,
            const char    *path,
            DscTestReply  *reply)
{
  GQueue *queue;

  g_mutex_lock (&self->lock);
  queue = g_hash_table_lookup (self->replies, path);
  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->replies, g_strdup (path), queue);
    }
  g_queue_push_tail (queue, reply);
  g_mutex_unlock (&self->lock);
}

void
dsc_test_server_add_reply_full (DscTestServer      *self,
                                const char         *path,
                                guint               status,
                                const char         *content_type,
                                GBytes             *body,
                                const char * const *headers)
{
  DscTestReply *reply = g_new0 (DscTestReply, 1);

  reply->kind = DSC_TEST_REPLY_NORMAL;
  reply->status = status;
  reply->content_type = g_strdup (content_type);
  reply->body = body != NULL ? g_bytes_ref (body) : NULL;
  reply->headers = g_strdupv ((char **) headers);

  push_reply (self, path, reply);
}

void
dsc_test_server_add_reply (DscTestServer *self,
                           const char    *path,
                           guint          status,
                           const char    *body,
                           ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) headers = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *name;
  va_list args;

  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_strv_builder_add (builder, name);
      g_strv_builder_add (builder, va_arg (args, const char *));
    }
  va_end (args);

  headers = g_strv_builder_end (builder);
  if (body != NULL)
    bytes = g_bytes_new (body, strlen (body));

  dsc_test_server_add_reply_full (self, path, status, body != NULL ? "application/json" : NULL,
                                  bytes, (const char * const *) headers);
}

void
dsc_test_server_add_reset (DscTestServer *self,
                           const char    *path)
{
  DscTestReply *reply = g_new0 (DscTestReply, 1);

  reply->kind = DSC_TEST_REPLY_RESET;
  push_reply (self, path, reply);
}

void
dsc_test_server_add_truncated (DscTestServer *self,
                               const char    *path,
                               const char    *body_start,
                               gsize          claimed_length)
{
  DscTestReply *reply = g_new0 (DscTestReply, 1);

  g_assert_cmpuint (claimed_length, >, strlen (body_start));

  reply->kind = DSC_TEST_REPLY_TRUNCATE;
  reply->status = (guint) claimed_length;
  reply->body = g_bytes_new (body_start, strlen (body_start));
  push_reply (self, path, reply);
}

void
dsc_test_server_set_handler (DscTestServer  *self,
                             const char     *path,
                             DscTestHandler  handler,
                             gpointer        user_data)
{
  Handler *h = g_new0 (Handler, 1);

  h->handler = handler;
  h->user_data = user_data;

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->handlers, g_strdup (path), h);
  g_mutex_unlock (&self->lock);
}

guint
dsc_test_server_get_n_requests (DscTestServer *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->requests->len;
  g_mutex_unlock (&self->lock);

  return n;
}

const DscTestRequest *
dsc_test_server_get_request (DscTestServer *self,
                             guint          index)
{
  const DscTestRequest *request;

  g_mutex_lock (&self->lock);
  g_assert_cmpuint (index, <, self->requests->len);
  request = g_ptr_array_index (self->requests, index);
  g_mutex_unlock (&self->lock);

  return request;
}

guint
dsc_test_server_count_path (DscTestServer *self,
                            const char    *path)
{
  guint n = 0;

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < self->requests->len; i++)
    {
      DscTestRequest *request = g_ptr_array_index (self->requests, i);

      if (g_strcmp0 (request->path, path) == 0)
        n++;
    }
  g_mutex_unlock (&self->lock);

  return n;
}
