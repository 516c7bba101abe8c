/* dsc-http-limit.h — send a request and read its answer with a cap on the
 * bytes read after content decoding (gzip, br), so a small compressed body
 * cannot expand without bound in memory. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Per response. */
#define DSC_HTTP_LIMIT_GRAPH   ((gsize) 64 * 1024 * 1024)   /* a Microsoft Graph page */
#define DSC_HTTP_LIMIT_SIGN_IN ((gsize) 256 * 1024)         /* an identity-platform answer */

/* Like soup_session_send_and_read_async (), but refuses an announced
 * Content-Length over limit before reading, and stops reading once more
 * than limit decoded bytes arrived. The error (G_IO_ERROR_MESSAGE_TOO_LARGE)
 * names source, e.g. "Microsoft Graph (graph.microsoft.com)". */
void    dsc_http_send_and_read_limited_async  (SoupSession         *session,
                                               SoupMessage         *message,
                                               gsize                limit,
                                               const char          *source,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GBytes *dsc_http_send_and_read_limited_finish (GAsyncResult        *result,
                                               GError             **error);

G_END_DECLS
