/* dsc-http-limit.c — bounded reading of HTTP answers (see the header). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>

#include "dsc-http-limit.h"

#define CHUNK (64 * 1024)

typedef struct {
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *data;
  gsize         limit;
  char         *source;
} Read;

static void
read_free (Read *r)
{
  g_clear_object (&r->message);
  g_clear_object (&r->stream);
  g_clear_pointer (&r->data, g_byte_array_unref);
  g_free (r->source);
  g_free (r);
}

static void
too_large (GTask *task)
{
  Read *r = g_task_get_task_data (task);
  g_autofree char *size = g_format_size_full (r->limit, G_FORMAT_SIZE_IEC_UNITS);

  /* Dropping the stream unread closes the connection: nothing more is read. */
  g_clear_object (&r->stream);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("The answer from %s is larger than %s: refused"),
                           r->source, size);
}

static void read_next (GTask *task);

static void
chunk_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                              &error);
  gsize n;

  if (chunk == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  n = g_bytes_get_size (chunk);
  if (n == 0)
    {
      g_input_stream_close (r->stream, NULL, NULL);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&r->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (n > r->limit - r->data->len)
    {
      too_large (task);
      return;
    }
  g_byte_array_append (r->data, g_bytes_get_data (chunk, NULL), n);
  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Read *r = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (r->stream, CHUNK, g_task_get_priority (task),
                                   g_task_get_cancellable (task), chunk_cb, task);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Read *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  r->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (r->stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  headers = soup_message_get_response_headers (r->message);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > r->limit)
    {
      too_large (task);
      return;
    }
  read_next (g_steal_pointer (&task));
}

void
dsc_http_send_and_read_limited_async (SoupSession         *session,
                                      SoupMessage         *message,
                                      gsize                limit,
                                      const char          *source,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  Read *r = g_new0 (Read, 1);

  g_task_set_source_tag (task, dsc_http_send_and_read_limited_async);
  r->message = g_object_ref (message);
  r->data = g_byte_array_new ();
  r->limit = limit;
  r->source = g_strdup (source);
  g_task_set_task_data (task, r, (GDestroyNotify) read_free);
  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, sent_cb, task);
}

GBytes *
dsc_http_send_and_read_limited_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL) || G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
