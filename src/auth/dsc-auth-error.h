/* dsc-auth-error.h — sign-in failures an admin can act on: the OAuth error
 * code, the AADSTS code from error_description, and what to change. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DSC_AUTH_ERROR (dsc_auth_error_quark ())

typedef enum {
  DSC_AUTH_ERROR_FAILED,                 /* any other OAuth error */
  DSC_AUTH_ERROR_INVALID_SETTINGS,       /* bad tenant, client id, authority */
  DSC_AUTH_ERROR_ACCESS_DENIED,          /* user declined (authorize, device code) */
  DSC_AUTH_ERROR_CONSENT_REQUIRED,       /* admin consent needed (AADSTS65001, consent_required) */
  DSC_AUTH_ERROR_INVALID_GRANT,          /* code/verifier/refresh token rejected */
  DSC_AUTH_ERROR_EXPIRED,                /* device code expired_token */
  DSC_AUTH_ERROR_BAD_VERIFICATION_CODE,  /* device code not recognised */
  DSC_AUTH_ERROR_STATE_MISMATCH,         /* redirect with a foreign state */
  DSC_AUTH_ERROR_TIMED_OUT,              /* browser never came back */
  DSC_AUTH_ERROR_PUBLIC_CLIENT_DISABLED, /* AADSTS7000218 */
  DSC_AUTH_ERROR_REDIRECT_MISMATCH,      /* AADSTS50011 */
  DSC_AUTH_ERROR_INTERACTION_REQUIRED,   /* MFA / Conditional Access */
  DSC_AUTH_ERROR_NETWORK,
  DSC_AUTH_ERROR_INVALID_RESPONSE,
} DscAuthErrorCode;

GQuark  dsc_auth_error_quark         (void);

/* From a token/devicecode endpoint's error body (or the redirect's error and
 * error_description). Never copies the request's secrets: only the error
 * fields. */
GError *dsc_auth_error_new_from_oauth (const char *error_code,
                                       const char *error_description);
GError *dsc_auth_error_new_from_body  (guint       http_status,
                                       const char *body,
                                       gsize       body_len);
/* The OAuth "error" string the error came from ("invalid_grant"), or NULL. */
const char *dsc_auth_error_get_oauth_code (const GError *error);
/* "AADSTS65001" or NULL. */
const char *dsc_auth_error_get_aadsts     (const GError *error);

/* https://{login}/{tenant}/adminconsent?client_id=… for CONSENT_REQUIRED. */
char   *dsc_auth_admin_consent_url   (const char *authority,
                                      const char *client_id);

G_END_DECLS
