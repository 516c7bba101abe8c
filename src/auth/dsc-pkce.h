/* dsc-pkce.h — RFC 7636 proof key and OAuth state, from the operating
 * system's random source (never GLib's GRand, which is not a CSPRNG). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unpadded base64url. */
char    *dsc_base64url_encode      (const guint8 *data, gsize len);
/* 43 characters of [A-Za-z0-9-_] from 32 random bytes; NULL only on error. */
char    *dsc_pkce_new_verifier     (GError **error);
/* BASE64URL(SHA256(verifier)) */
char    *dsc_pkce_challenge        (const char *verifier);
/* 22 characters from 16 random bytes. */
char    *dsc_oauth_new_state       (GError **error);

G_END_DECLS
