/* dsc-test-server.h — a scripted HTTP server on 127.0.0.1 for the Graph
 * client tests: its own thread and main context, canned replies per path,
 * every request recorded with a monotonic timestamp. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _DscTestServer DscTestServer;

typedef struct
{
  char       *method;
  char       *path;
  char       *query;     /* raw (still encoded), NULL if none */
  GHashTable *headers;   /* lower-case name → value */
  GBytes     *body;
  gint64      time_us;   /* g_get_monotonic_time() when it arrived */
} DscTestRequest;

typedef enum {
  DSC_TEST_REPLY_NORMAL,
  DSC_TEST_REPLY_RESET,     /* close the connection without answering */
  DSC_TEST_REPLY_TRUNCATE,  /* headers promise more body than is sent */
} DscTestReplyKind;

typedef struct
{
  DscTestReplyKind  kind;
  guint             status;
  char             *content_type;
  GBytes           *body;
  GStrv             headers;  /* name, value, …; NULL-terminated */
} DscTestReply;

/* Runs on the server thread; fills reply (kind NORMAL, status 200 and an
 * empty JSON content type preset). */
typedef void (*DscTestHandler) (const DscTestRequest *request,
                                DscTestReply         *reply,
                                gpointer              user_data);

DscTestServer        *dsc_test_server_new           (void);
void                  dsc_test_server_free          (DscTestServer *self);
/* "http://127.0.0.1:PORT" */
const char           *dsc_test_server_get_url       (DscTestServer *self);

/* Replies for a path are used in order; the last one repeats. headers: name,
 * value, …, NULL. Unscripted paths get a Graph-style 404. */
void                  dsc_test_server_add_reply     (DscTestServer *self,
                                                     const char    *path,
                                                     guint          status,
                                                     const char    *body,
                                                     ...) G_GNUC_NULL_TERMINATED;
void                  dsc_test_server_add_reply_full (DscTestServer      *self,
                                                      const char         *path,
                                                      guint               status,
                                                      const char         *content_type,
                                                      GBytes             *body,
                                                      const char * const *headers);
void                  dsc_test_server_add_reset     (DscTestServer *self,
                                                     const char    *path);
/* Sends body_start with a Content-Length of claimed_length, then closes. */
void                  dsc_test_server_add_truncated (DscTestServer *self,
                                                     const char    *path,
                                                     const char    *body_start,
                                                     gsize          claimed_length);
void                  dsc_test_server_set_handler   (DscTestServer *self,
                                                     const char    *path,
                                                     DscTestHandler handler,
                                                     gpointer       user_data);

guint                 dsc_test_server_get_n_requests (DscTestServer *self);
/* Borrowed; valid until the server is freed. */
const DscTestRequest *dsc_test_server_get_request   (DscTestServer *self,
                                                     guint          index);
guint                 dsc_test_server_count_path    (DscTestServer *self,
                                                     const char    *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscTestServer, dsc_test_server_free)

G_END_DECLS
