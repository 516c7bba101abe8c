/* dsc-fake-service.h — what the fake tenant answers, without the HTTP server.
 *
 * Turns one request (method, path, query, a few headers, body) into a status,
 * headers and a JSON body from a scenario. $batch members go through the same
 * code as top-level requests, so they behave identically. Authentication,
 * transport faults and latency belong to the server (dsc-fake-tenant.c).
 */
#pragma once

#include "dsc-fake-scenario.h"

G_BEGIN_DECLS

#define DSC_FAKE_JSON_CONTENT_TYPE \
  "application/json;odata.metadata=minimal;odata.streaming=true;" \
  "IEEE754Compatible=false;charset=utf-8"

typedef struct {
  guint       status;
  GString    *body;
  const char *content_type;   /* static; NULL means DSC_FAKE_JSON_CONTENT_TYPE */
  GPtrArray  *headers;        /* extra headers: name, value, name, value … */
} DscFakeResponse;

void dsc_fake_response_init       (DscFakeResponse *response);
void dsc_fake_response_clear      (DscFakeResponse *response);
void dsc_fake_response_add_header (DscFakeResponse *response,
                                   const char      *name,
                                   const char      *value);
/* Graph's error shape (§1.12): {"error":{"code","message","innerError":{…}}}. */
void dsc_fake_response_set_error  (DscFakeResponse *response,
                                   guint            status,
                                   const char      *code,
                                   const char      *message,
                                   const char      *request_id,
                                   const char      *client_request_id,
                                   gint64           now);

/* Called once per $batch member, in request order: TRUE throttles it. */
typedef gboolean (*DscFakeThrottleFunc) (gpointer user_data);
typedef void     (*DscFakeLogFunc)      (const char *line,
                                         gpointer    user_data);

typedef struct {
  DscFakeScenario     *scenario;
  const char          *base_url;       /* "http://127.0.0.1:PORT", for nextLink and context */
  gint64               now;            /* unix seconds */
  gboolean             live;
  gboolean             reject_error_filter;  /* see dsc_fake_tenant_set_reject_error_filter() */
  guint                retry_after_s;
  DscFakeThrottleFunc  throttle_member;
  gpointer             throttle_data;
  DscFakeLogFunc       log;
  gpointer             log_data;
} DscFakeContext;

typedef struct {
  const char *method;
  const char *path;               /* percent-encoded, with the version: "/v1.0/users" */
  const char *query;              /* percent-encoded, without "?"; may be NULL */
  const char *consistency_level;  /* ConsistencyLevel header, may be NULL */
  const char *request_id;
  const char *client_request_id;
  GBytes     *body;               /* may be NULL */
} DscFakeRequest;

void dsc_fake_service_handle (const DscFakeContext *context,
                              const DscFakeRequest *request,
                              DscFakeResponse      *response);

G_END_DECLS
