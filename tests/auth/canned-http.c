/* canned-http.c — see canned-http.h. */
#include "config.h"

#include <string.h>

#include "canned-http.h"

struct _CannedHttp {
  GSocket *listener;
  GThread *thread;
  guint16  port;
  char    *match;
  char    *head;
  GBytes  *body;
  gint     stop;
};

static void
serve_one (CannedHttp *self, GSocket *client)
{
  GString *request = g_string_new (NULL);
  char buf[4096];
  gboolean matched;

  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_socket_receive (client, buf, sizeof buf, NULL, NULL);

      if (n <= 0)
        break;
      g_string_append_len (request, buf, n);
    }
  matched = self->match == NULL || strstr (request->str, self->match) != NULL;
  if (matched)
    {
      g_autofree char *head = g_strdup_printf ("%s\r\n\r\n", self->head);
      gsize len = 0;
      const char *data = g_bytes_get_data (self->body, &len);

      g_socket_send_with_blocking (client, head, strlen (head), TRUE, NULL, NULL);
      while (len > 0)
        {
          gssize n = g_socket_send_with_blocking (client, data, len, TRUE, NULL, NULL);

          if (n <= 0)
            break;
          data += n;
          len -= (gsize) n;
        }
    }
  else
    {
      const char *denied = "{\"error\":{\"code\":\"Authorization_RequestDenied\","
                           "\"message\":\"Insufficient privileges.\"}}";
      g_autofree char *answer = g_strdup_printf (
        "HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
        "Connection: close\r\n\r\n%s", strlen (denied), denied);

      g_socket_send_with_blocking (client, answer, strlen (answer), TRUE, NULL, NULL);
    }
  g_socket_shutdown (client, FALSE, TRUE, NULL);
  g_socket_close (client, NULL);
  g_string_free (request, TRUE);
}

static gpointer
serve (gpointer data)
{
  CannedHttp *self = data;

  while (!g_atomic_int_get (&self->stop))
    {
      g_autoptr(GSocket) client = g_socket_accept (self->listener, NULL, NULL);

      if (client == NULL || g_atomic_int_get (&self->stop))
        break;
      serve_one (self, client);
    }
  return NULL;
}

CannedHttp *
canned_http_start (const char *match,
                   const char *head,
                   GBytes     *body)
{
  CannedHttp *self = g_new0 (CannedHttp, 1);
  g_autoptr(GInetAddress) ip = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (ip, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_true (g_socket_bind (self->listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (self->listener, NULL));
  bound = g_socket_get_local_address (self->listener, NULL);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  self->match = g_strdup (match);
  self->head = g_strdup (head);
  self->body = g_bytes_ref (body);
  self->thread = g_thread_new ("canned-http", serve, self);
  return self;
}

guint16
canned_http_get_port (CannedHttp *self)
{
  return self->port;
}

void
canned_http_stop (CannedHttp *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) wake = NULL;

  g_atomic_int_set (&self->stop, 1);
  wake = g_socket_client_connect_to_host (client, "127.0.0.1", self->port, NULL, NULL);
  g_thread_join (self->thread);
  g_socket_close (self->listener, NULL);
  g_object_unref (self->listener);
  g_free (self->match);
  g_free (self->head);
  g_bytes_unref (self->body);
  g_free (self);
}

GBytes *
canned_http_gzip_bomb (gsize size)
{
  g_autoptr(GZlibCompressor) gz = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *zeros = g_malloc (1024 * 1024);
  char buf[64 * 1024];

  memset (zeros, '0', 1024 * 1024);
  for (gsize done = 0; done <= size;)
    {
      gsize chunk = MIN (size - done, (gsize) 1024 * 1024);
      GConverterFlags flags = done + chunk >= size ? G_CONVERTER_INPUT_AT_END : 0;
      gsize offset = 0;
      GConverterResult res;

      do
        {
          gsize read = 0, written = 0;

          res = g_converter_convert (G_CONVERTER (gz), zeros + offset, chunk - offset, buf,
                                     sizeof buf, flags, &read, &written, NULL);
          g_assert_true (res != G_CONVERTER_ERROR);
          offset += read;
          g_byte_array_append (out, (guint8 *) buf, written);
        }
      while (offset < chunk || (flags != 0 && res != G_CONVERTER_FINISHED));
      done += chunk;
      if (flags != 0)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
