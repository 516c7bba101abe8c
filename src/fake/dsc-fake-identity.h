/* dsc-fake-identity.h — a fake Microsoft identity platform, served by the
 * fake tenant's HTTP server: /{tenant}/oauth2/v2.0/authorize, /token and
 * /devicecode, with PKCE, rotating refresh tokens, device-code polling and
 * error bodies shaped like the real service's. Process-wide and thread-safe;
 * the fake Graph accepts the access tokens it issues. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct {
  const char *authorize_error;     /* NULL, "access_denied" or "consent_required" */
  guint       access_token_s;      /* access token lifetime; 0 → 3599 */
  guint       refresh_grace_s;     /* old refresh token still accepted after rotation: 0 */
  guint       device_pending;      /* authorization_pending answers before the outcome */
  gboolean    device_slow_down;    /* the first poll answers slow_down */
  const char *device_outcome;      /* NULL (success), "expired_token",
                                      "authorization_declined", "bad_verification_code" */
  guint       device_interval_s;   /* interval sent with the device code; 0 → 5 */
  guint       device_expires_s;    /* 0 → 900 */
  gboolean    public_client_off;   /* device code and refresh fail with AADSTS7000218 */
  const char *withheld_permission; /* e.g. "ServiceHealth.Read.All": left out of the
                                      granted "scope" (no admin consent for it) */
} DscFakeIdentityKnobs;

/* NULL restores the defaults (device_pending 0, everything succeeds). Also
 * forgets every code and token issued so far. */
void     dsc_fake_identity_reset                 (const DscFakeIdentityKnobs *knobs);
/* Every refresh token issued so far is revoked (password change, admin). */
void     dsc_fake_identity_revoke_refresh_tokens (void);
/* Every access token issued so far expires now. */
void     dsc_fake_identity_expire_access_tokens  (void);
gboolean dsc_fake_identity_access_token_is_valid (const char *token);
/* Requests served per endpoint: "authorize", "token", "devicecode". */
guint    dsc_fake_identity_get_count             (const char *endpoint);

/* Answers msg if path is an identity-platform path; FALSE otherwise. */
gboolean dsc_fake_identity_handle                (SoupServerMessage *msg,
                                                  const char        *path,
                                                  GHashTable        *query);

G_END_DECLS
