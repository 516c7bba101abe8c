/* dsc-fake-tenant.h — a fake Microsoft Graph tenant on 127.0.0.1.
 *
 * A SoupServer on an ephemeral loopback port, running in its own thread and
 * main context, serving v1.0 and beta as the real service shapes them, from a
 * scenario (data/scenarios/NAME.json, or the generated "large"). Used by --demo,
 * the tests and the benchmarks. Fault knobs make it throttle, fail, reset
 * connections, truncate bodies and add latency.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DSC_FAKE_TENANT_TOKEN "demo-access-token"

typedef struct {
  double p_throttle;      /* probability of 429 with Retry-After */
  double p_unavailable;   /* probability of 503 */
  double p_reset;         /* probability of closing the connection without a response */
  double p_truncate;      /* probability of a body cut short (Content-Length kept) */
  guint  latency_ms;      /* added to every HTTP request (without blocking the server) */
  guint  retry_after_s;   /* Retry-After sent with 429/503: 1 */
  guint32 seed;           /* for reproducible faults; 0 = random */
} DscFakeFaults;

#define DSC_TYPE_FAKE_TENANT (dsc_fake_tenant_get_type ())
G_DECLARE_FINAL_TYPE (DscFakeTenant, dsc_fake_tenant, DSC, FAKE_TENANT, GObject)

DscFakeTenant *dsc_fake_tenant_new             (void);
/* Binds 127.0.0.1:0 and starts the server thread. */
gboolean       dsc_fake_tenant_start           (DscFakeTenant *self, GError **error);
void           dsc_fake_tenant_stop            (DscFakeTenant *self);
/* "http://127.0.0.1:PORT" — the Graph base URL to give the client. */
const char    *dsc_fake_tenant_get_base_url    (DscFakeTenant *self);

/* Thread-safe; may be called while running. name: "healthy", "stale-sync",
 * "stale-password-sync", "sync-errors", "quota-near-limit",
 * "old-connect-version", "sync-disabled", "not-global-admin", or
 * "large" / "large:objects=N,errors=M". Times in a scenario are relative to the
 * moment it is loaded. */
gboolean       dsc_fake_tenant_set_scenario    (DscFakeTenant *self,
                                                const char    *name,
                                                GError       **error);
const char    *dsc_fake_tenant_get_scenario    (DscFakeTenant *self);
/* Names of the built-in scenarios, NULL-terminated, static. */
const char * const *dsc_fake_tenant_list_scenarios (void);
/* In live mode (the demo), a scenario whose sync is healthy keeps syncing:
 * the last directory sync and password sync times move with the clock. */
void           dsc_fake_tenant_set_live        (DscFakeTenant *self, gboolean live);
void           dsc_fake_tenant_set_faults      (DscFakeTenant *self, const DscFakeFaults *faults);
/* Answer the onPremisesProvisioningErrors/any() filter with 400
 * Request_UnsupportedQuery, as a service that can't filter on it would: the
 * collector must then read the lists whole and filter them itself. */
void           dsc_fake_tenant_set_reject_error_filter (DscFakeTenant *self, gboolean reject);
/* One line per HTTP request: "METHOD PATH QUERY\n" ($batch members as
 * "BATCH GET url"). NULL stops logging. */
gboolean       dsc_fake_tenant_set_request_log (DscFakeTenant *self,
                                                const char    *path,
                                                GError       **error);
/* HTTP requests served so far ($batch counts once). */
guint          dsc_fake_tenant_get_request_count (DscFakeTenant *self);

G_END_DECLS
