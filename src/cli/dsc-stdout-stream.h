/* dsc-stdout-stream.h — standard output as a GOutputStream, for writers that
 * stream (the --check report). Writes go through the C library's stdout, so
 * they mix in order with printf() and keep its text mode on Windows. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DSC_TYPE_STDOUT_STREAM (dsc_stdout_stream_get_type ())
G_DECLARE_FINAL_TYPE (DscStdoutStream, dsc_stdout_stream, DSC, STDOUT_STREAM, GOutputStream)

GOutputStream *dsc_stdout_stream_new (void);

G_END_DECLS
