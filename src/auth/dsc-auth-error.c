/* dsc-auth-error.c — OAuth error bodies as messages an admin can act on. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dsc-auth-error.h"
#include "dsc-oauth.h"
#include "dsc-report-json.h"

#define MAX_DESCRIPTION_CHARS 400

typedef struct
{
  char *oauth_code;
  char *aadsts;
} DscAuthErrorPrivate;

static void
dsc_auth_error_private_init (DscAuthErrorPrivate *priv)
{
}

static void
dsc_auth_error_private_copy (const DscAuthErrorPrivate *src,
                             DscAuthErrorPrivate       *dest)
{
  dest->oauth_code = g_strdup (src->oauth_code);
  dest->aadsts = g_strdup (src->aadsts);
}

static void
dsc_auth_error_private_clear (DscAuthErrorPrivate *priv)
{
  g_free (priv->oauth_code);
  g_free (priv->aadsts);
}

G_DEFINE_EXTENDED_ERROR (DscAuthError, dsc_auth_error)

const char *
dsc_auth_error_get_oauth_code (const GError *error)
{
  DscAuthErrorPrivate *priv = dsc_auth_error_get_private (error);
  return priv != NULL ? priv->oauth_code : NULL;
}

const char *
dsc_auth_error_get_aadsts (const GError *error)
{
  DscAuthErrorPrivate *priv = dsc_auth_error_get_private (error);
  return priv != NULL ? priv->aadsts : NULL;
}

/* "AADSTS50011: The redirect URI …" → "AADSTS50011". */
static char *
find_aadsts (const char *description)
{
  const char *p;
  gsize n = 0;

  if (description == NULL || (p = strstr (description, "AADSTS")) == NULL)
    return NULL;
  while (g_ascii_isdigit (p[6 + n]) && n < 10)
    n++;
  return n > 0 ? g_strndup (p, 6 + n) : NULL;
}

/* The service's own text, first line only, bounded, no trace ids. */
static char *
short_description (const char *description)
{
  g_autofree char *text = NULL;
  char *nl;

  if (description == NULL || *description == '\0')
    return NULL;
  text = g_utf8_make_valid (description, -1);
  if ((nl = strpbrk (text, "\r\n")) != NULL)
    *nl = '\0';
  if (g_utf8_strlen (text, -1) > MAX_DESCRIPTION_CHARS)
    {
      char *end = g_utf8_offset_to_pointer (text, MAX_DESCRIPTION_CHARS);
      *end = '\0';
    }
  return g_steal_pointer (&text);
}

GError *
dsc_auth_error_new_from_oauth (const char *error_code,
                               const char *error_description)
{
  g_autofree char *aadsts = find_aadsts (error_description);
  g_autofree char *detail = short_description (error_description);
  DscAuthErrorCode code = DSC_AUTH_ERROR_FAILED;
  const char *message = NULL;
  g_autofree char *fallback = NULL;
  DscAuthErrorPrivate *priv;
  GError *error;

  if (error_code == NULL)
    error_code = "";

  if (aadsts != NULL && g_str_equal (aadsts, "AADSTS7000218"))
    {
      code = DSC_AUTH_ERROR_PUBLIC_CLIENT_DISABLED;
      message = _("“Allow public client flows” is off in the app registration: turn it on "
                  "under Authentication in the Entra admin center");
    }
  else if (aadsts != NULL && g_str_equal (aadsts, "AADSTS50011"))
    {
      code = DSC_AUTH_ERROR_REDIRECT_MISMATCH;
      message = _("The app registration has no matching redirect URI: add "
                  "http://localhost under “Mobile and desktop applications”");
    }
  else if ((aadsts != NULL && (g_str_equal (aadsts, "AADSTS65001") ||
                               g_str_equal (aadsts, "AADSTS90094"))) ||
           g_str_equal (error_code, "consent_required"))
    {
      code = DSC_AUTH_ERROR_CONSENT_REQUIRED;
      message = _("An administrator has to consent to the app’s read-only permissions "
                  "first (Global Administrator or Privileged Role Administrator)");
    }
  else if (aadsts != NULL && g_str_equal (aadsts, "AADSTS700016"))
    {
      code = DSC_AUTH_ERROR_INVALID_SETTINGS;
      message = _("No app with this client ID is registered in this tenant and cloud");
    }
  else if (aadsts != NULL && (g_str_equal (aadsts, "AADSTS90002") ||
                              g_str_equal (aadsts, "AADSTS900023")))
    {
      code = DSC_AUTH_ERROR_INVALID_SETTINGS;
      message = _("The tenant was not found: check the tenant ID or domain and the cloud");
    }
  else if (g_str_equal (error_code, "access_denied") ||
           g_str_equal (error_code, "authorization_declined"))
    {
      code = DSC_AUTH_ERROR_ACCESS_DENIED;
      message = _("Sign-in was declined");
    }
  else if (g_str_equal (error_code, "invalid_grant"))
    {
      code = DSC_AUTH_ERROR_INVALID_GRANT;
      message = _("Your sign-in expired — sign in again");
    }
  else if (g_str_equal (error_code, "expired_token"))
    {
      code = DSC_AUTH_ERROR_EXPIRED;
      message = _("The device code expired before sign-in finished: start again");
    }
  else if (g_str_equal (error_code, "bad_verification_code"))
    {
      code = DSC_AUTH_ERROR_BAD_VERIFICATION_CODE;
      message = _("The sign-in service did not recognise the device code: start again");
    }
  else if (g_str_equal (error_code, "interaction_required") ||
           g_str_equal (error_code, "login_required"))
    {
      code = DSC_AUTH_ERROR_INTERACTION_REQUIRED;
      message = _("Your organisation requires an interactive sign-in (e.g. multi-factor "
                  "authentication): sign in with the browser");
    }
  else
    {
      if (*error_code != '\0' && detail != NULL)
        /* Translators: the first %s is an OAuth error code such as "invalid_grant", the
         * second the sign-in service's own description of the problem (often English) */
        fallback = g_strdup_printf (_("Sign-in failed (%s): %s"), error_code, detail);
      else if (*error_code != '\0')
        /* Translators: %s is an OAuth error code such as "invalid_grant" */
        fallback = g_strdup_printf (_("Sign-in failed (%s)"), error_code);
      else if (detail != NULL)
        /* Translators: %s is the sign-in service's own description of the problem (often
         * English) */
        fallback = g_strdup_printf (_("Sign-in failed: %s"), detail);
      else
        fallback = g_strdup (_("Sign-in failed for an unknown reason"));
      message = fallback;
    }

  if (aadsts != NULL && fallback == NULL)
    error = g_error_new (DSC_AUTH_ERROR, code, "%s (%s)", message, aadsts);
  else
    error = g_error_new_literal (DSC_AUTH_ERROR, code, message);
  priv = dsc_auth_error_get_private (error);
  priv->oauth_code = *error_code != '\0' ? g_strdup (error_code) : NULL;
  priv->aadsts = g_steal_pointer (&aadsts);
  return error;
}

GError *
dsc_auth_error_new_from_body (guint       http_status,
                              const char *body,
                              gsize       body_len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  if (body == NULL || body_len == 0 || body_len > 64 * 1024 ||
      !dsc_json_depth_ok (body, body_len, DSC_JSON_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, body, (gssize) body_len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return g_error_new (DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                        _("The sign-in service answered HTTP %u without an explanation"),
                        http_status);
  obj = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (obj, "error") ||
      dsc_oauth_member_string (obj, "error") == NULL)
    return g_error_new (DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                        _("The sign-in service answered HTTP %u without an explanation"),
                        http_status);
  return dsc_auth_error_new_from_oauth (
    dsc_oauth_member_string (obj, "error"),
    dsc_oauth_member_string (obj, "error_description"));
}

char *
dsc_auth_admin_consent_url (const char *authority,
                            const char *client_id)
{
  g_autofree char *escaped = g_uri_escape_string (client_id, NULL, FALSE);

  return g_strdup_printf ("%s/adminconsent?client_id=%s", authority, escaped);
}
