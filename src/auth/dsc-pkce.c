/* dsc-pkce.c — PKCE verifier/challenge and random state. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>

#ifdef G_OS_WIN32
#include <windows.h>
#include <bcrypt.h>
#else
#include <fcntl.h>
#include <unistd.h>
#endif

#include "dsc-pkce.h"

gboolean
dsc_random_bytes (guint8  *buf,
                  gsize    len,
                  GError **error)
{
#ifdef G_OS_WIN32
  if (!BCRYPT_SUCCESS (BCryptGenRandom (NULL, buf, (ULONG) len,
                                        BCRYPT_USE_SYSTEM_PREFERRED_RNG)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The system random number generator failed"));
      return FALSE;
    }
  return TRUE;
#else
  gsize done = 0;
  int fd;

  fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot read /dev/urandom: %s"), g_strerror (saved));
      return FALSE;
    }
  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("Cannot read /dev/urandom: %s"),
                       n < 0 ? g_strerror (saved) : "end of file");
          return FALSE;
        }
      done += (gsize) n;
    }
  close (fd);
  return TRUE;
#endif
}

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
  if (!dsc_random_bytes (buf, nbytes, error))
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
