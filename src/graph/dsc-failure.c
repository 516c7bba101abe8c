/* dsc-failure.c — a failed refresh: cause, what to do, details. */
#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "dsc-failure.h"
#include "dsc-graph-error.h"

static const char *
advice_for (const GError *error)
{
  if (error->domain != DSC_GRAPH_ERROR)
    return _("Try again. If it keeps failing, try the demo tenant to check that the program "
             "itself works, and note the details below for support.");

  switch ((DscGraphErrorCode) error->code)
    {
    case DSC_GRAPH_ERROR_NOT_SIGNED_IN:
      return _("Sign in with an account of the tenant (Sign In… in the main menu).");
    case DSC_GRAPH_ERROR_UNAUTHORIZED:
      return _("The sign-in expired or was revoked: sign in again (Sign In… in the main "
               "menu). If it happens right after signing in, the app registration may have "
               "been removed or its consent withdrawn.");
    case DSC_GRAPH_ERROR_FORBIDDEN:
      return _("The account lacks a permission named above: an administrator grants it in the "
               "Microsoft Entra admin center (App registrations › API permissions › Grant admin "
               "consent), or sign in with an account that has the role.");
    case DSC_GRAPH_ERROR_THROTTLED:
      return _("Microsoft Graph asks to slow down: wait a few minutes, then try again. Other "
               "tools using the same account or app share the limit.");
    case DSC_GRAPH_ERROR_SERVER:
      return _("Microsoft Graph had a problem on its side: try again in a few minutes, and check "
               "Microsoft 365 service health if it persists.");
    case DSC_GRAPH_ERROR_NETWORK:
      return _("Check that this computer is online and can reach graph.microsoft.com over HTTPS "
               "(port 443): network connection, DNS, proxy and firewall. A TLS or certificate "
               "error usually means a proxy inspects HTTPS: trust its certificate or exempt "
               "graph.microsoft.com.");
    case DSC_GRAPH_ERROR_INVALID_RESPONSE:
      return _("The answer was not what Microsoft Graph sends: a proxy or captive portal may be "
               "in the way. Try again; if it persists, check the proxy.");
    case DSC_GRAPH_ERROR_INSECURE_URL:
    case DSC_GRAPH_ERROR_FOREIGN_NEXT_LINK:
      return _("Check the Microsoft Graph address in Preferences: it must be https:// and name "
               "only the host.");
    case DSC_GRAPH_ERROR_NOT_FOUND:
    case DSC_GRAPH_ERROR_BAD_REQUEST:
    default:
      return _("Try again. If it keeps failing, note the details below for support.");
    }
}

void
dsc_failure_describe (const GError *error, DscFailureText *out)
{
  const char *newline;

  g_return_if_fail (error != NULL && out != NULL);

  newline = strchr (error->message, '\n');
  if (newline != NULL)
    {
      out->cause = g_strndup (error->message, newline - error->message);
      out->details = g_strstrip (g_strdup (newline + 1));
      if (*out->details == '\0')
        g_clear_pointer (&out->details, g_free);
    }
  else
    {
      out->cause = g_strdup (error->message);
      out->details = NULL;
    }
  out->advice = advice_for (error);
}

void
dsc_failure_text_clear (DscFailureText *text)
{
  g_clear_pointer (&text->cause, g_free);
  g_clear_pointer (&text->details, g_free);
  text->advice = NULL;
}
