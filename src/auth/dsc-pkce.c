/* dsc-pkce.c — PKCE verifier/challenge and random state. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#include "dsc-pkce.h"
#include "dsc-platform.h"

char *
dsc_base64url_encode (const guint8 *data,
                      gsize         len)
{
  char *text = g_base64_encode (data, len);
  char *end;

  for (char *p = text; *p != '\0'; p++)
    if (*p == '+')
      *p = '-';
    else if (*p == '/')
      *p = '_';
  end = text + strlen (text);
  while (end > text && end[-1] == '=')
    *--end = '\0';
  return text;
}

static char *
random_text (gsize nbytes, GError **error)
{
  guint8 buf[64];
  char *text;

  g_assert (nbytes <= sizeof buf);
  if (!dsc_platform_random_bytes (buf, nbytes, error))
    return NULL;
  text = dsc_base64url_encode (buf, nbytes);
  memset (buf, 0, sizeof buf);
  return text;
}

char *
dsc_pkce_new_verifier (GError **error)
{
  return random_text (32, error);
}

char *
dsc_oauth_new_state (GError **error)
{
  return random_text (16, error);
}

char *
dsc_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (sum, digest, &len);
  return dsc_base64url_encode (digest, len);
}
