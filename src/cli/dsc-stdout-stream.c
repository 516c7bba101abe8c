/* dsc-stdout-stream.c — standard output as a GOutputStream (see the header).
 * Closing the stream does not close stdout.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-cli"

#include <errno.h>
#include <stdio.h>

#include "dsc-stdout-stream.h"

struct _DscStdoutStream
{
  GOutputStream parent_instance;
};

G_DEFINE_FINAL_TYPE (DscStdoutStream, dsc_stdout_stream, G_TYPE_OUTPUT_STREAM)

static gboolean
set_error_from_errno (int saved_errno,
                      GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}

static gssize
dsc_stdout_stream_write (GOutputStream *stream,
                         const void *buffer,
                         gsize count,
                         GCancellable *cancellable,
                         GError **error)
{
  gsize written;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;
  errno = 0;
  written = fwrite (buffer, 1, count, stdout);
  if (written == 0 && count > 0)
    {
      set_error_from_errno (errno != 0 ? errno : EIO, error);
      return -1;
    }
  return (gssize) written;
}

static gboolean
dsc_stdout_stream_flush (GOutputStream *stream,
                         GCancellable *cancellable,
                         GError **error)
{
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  errno = 0;
  if (fflush (stdout) != 0)
    return set_error_from_errno (errno != 0 ? errno : EIO, error);
  return TRUE;
}

static void
dsc_stdout_stream_class_init (DscStdoutStreamClass *klass)
{
  GOutputStreamClass *stream_class = G_OUTPUT_STREAM_CLASS (klass);

  stream_class->write_fn = dsc_stdout_stream_write;
  stream_class->flush = dsc_stdout_stream_flush;
}

static void
dsc_stdout_stream_init (DscStdoutStream *self)
{
}

GOutputStream *
dsc_stdout_stream_new (void)
{
  return g_object_new (DSC_TYPE_STDOUT_STREAM, NULL);
}
