/* canned-http.h — a tiny HTTP server on 127.0.0.1 for hostile answers that
 * a well-behaved server library would not send (a Content-Length it never
 * honours, a gzip bomb). Serves from its own thread, so the test may block
 * (e.g. waiting for the real program). */
#pragma once

#include <gio/gio.h>

typedef struct _CannedHttp CannedHttp;

/* Each request whose path contains match (NULL: every request) gets head
 * (status line and headers, without the blank line) and then body; any
 * other request gets a 403 JSON error. */
CannedHttp *canned_http_start    (const char *match,
                                  const char *head,
                                  GBytes     *body);
guint16     canned_http_get_port (CannedHttp *self);
void        canned_http_stop     (CannedHttp *self);

/* size bytes of '0', gzip-compressed. */
GBytes     *canned_http_gzip_bomb (gsize size);
