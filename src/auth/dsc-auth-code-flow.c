/* dsc-auth-code-flow.c — authorization code + PKCE with a loopback redirect.
 *
 * The listener accepts exactly one GET of "/" carrying our state; anything
 * else is answered 404/400 and ignored, so a stray local request can neither
 * end the flow nor inject a code. After that request the listener closes.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dsc-auth-code-flow.h"
#include "dsc-auth-error.h"
#include "dsc-pkce.h"

struct _DscAuthCodeFlow
{
  GObject      parent_instance;

  char        *authority;
  char        *client_id;
  char        *scopes;
  guint        timeout_s;

  char        *verifier;
  char        *state;
  char        *redirect_uri;
  char        *authorize_url;
  SoupServer  *server;
  SoupSession *session;
  gboolean     started;
  gboolean     answered;      /* the one redirect has arrived */
  gboolean     answer_sent;   /* … and the browser has its page */
  char        *code;
  GError      *redirect_error;

  GMainContext *context;      /* where start () ran: the listener and our idles */
  GTask       *task;          /* finish_async in progress */
  GSource     *timeout;
  gulong       cancelled_id;
};

G_DEFINE_FINAL_TYPE (DscAuthCodeFlow, dsc_auth_code_flow, G_TYPE_OBJECT)

static void
wipe (char **p)
{
  if (*p != NULL)
    memset (*p, 0, strlen (*p));
  g_clear_pointer (p, g_free);
}

static void
stop_listening (DscAuthCodeFlow *self)
{
  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
    }
}

static void
clear_wait (DscAuthCodeFlow *self)
{
  if (self->timeout != NULL)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
  if (self->cancelled_id != 0 && self->task != NULL)
    g_cancellable_disconnect (g_task_get_cancellable (self->task), self->cancelled_id);
  self->cancelled_id = 0;
}

static void
fail (DscAuthCodeFlow *self,
      GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  clear_wait (self);
  /* After the redirect, the listener closes once its answer is written. */
  if (!self->answered)
    stop_listening (self);
  if (task != NULL)
    g_task_return_error (task, error);
  else
    g_error_free (error);
}

static void
dsc_auth_code_flow_dispose (GObject *object)
{
  DscAuthCodeFlow *self = DSC_AUTH_CODE_FLOW (object);

  clear_wait (self);
  stop_listening (self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dsc_auth_code_flow_parent_class)->dispose (object);
}

static void
dsc_auth_code_flow_finalize (GObject *object)
{
  DscAuthCodeFlow *self = DSC_AUTH_CODE_FLOW (object);

  g_free (self->authority);
  g_free (self->client_id);
  g_free (self->scopes);
  wipe (&self->verifier);
  g_free (self->state);
  g_free (self->redirect_uri);
  g_free (self->authorize_url);
  wipe (&self->code);
  g_clear_error (&self->redirect_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_assert (self->task == NULL);
  G_OBJECT_CLASS (dsc_auth_code_flow_parent_class)->finalize (object);
}

static void
dsc_auth_code_flow_class_init (DscAuthCodeFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dsc_auth_code_flow_dispose;
  object_class->finalize = dsc_auth_code_flow_finalize;
}

static void
dsc_auth_code_flow_init (DscAuthCodeFlow *self)
{
  self->timeout_s = 300;
}

DscAuthCodeFlow *
dsc_auth_code_flow_new (const char *authority,
                        const char *client_id,
                        const char *scopes)
{
  DscAuthCodeFlow *self = g_object_new (DSC_TYPE_AUTH_CODE_FLOW, NULL);

  self->authority = g_strdup (authority);
  self->client_id = g_strdup (client_id);
  self->scopes = g_strdup (scopes);
  return self;
}

void
dsc_auth_code_flow_set_timeout (DscAuthCodeFlow *self,
                                guint            seconds)
{
  g_return_if_fail (DSC_IS_AUTH_CODE_FLOW (self));
  self->timeout_s = MAX (seconds, 1);
}

/* ---- the browser's answer ------------------------------------------------- */

static void
answer_page (SoupServerMessage *msg,
             guint              status,
             const char        *title,
             const char        *text,
             const char        *next_step)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  /* Two paragraphs rather than one sentence assembled from pieces: text may
   * be a message from elsewhere, next_step (or NULL) is what to do now. */
  g_autofree char *html = g_markup_printf_escaped (
    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>%s</title></head>\n<body style=\"font-family:sans-serif;margin:3em\">"
    "<h1>%s</h1>\n<p>%s</p>\n%s%s%s</body></html>\n",
    title, title, text,
    next_step != NULL ? "<p>" : "", next_step != NULL ? next_step : "",
    next_step != NULL ? "</p>\n" : "");

  soup_message_headers_replace (headers, "Content-Security-Policy", "default-src 'none'");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&html), strlen (html));
}

static void redeem (DscAuthCodeFlow *self);

/* Idles go to the context the flow was started in (the terminal sign-in
 * iterates a private one), never to the global default context. */
static void
add_idle (DscAuthCodeFlow *self,
          GSourceFunc      func)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, g_object_ref (self), g_object_unref);
  g_source_attach (source, self->context);
}

static void complete (DscAuthCodeFlow *self);

/* The browser has its page: now close the listener and carry on. Both wait
 * for this so that neither cuts the page short. */
static gboolean
close_listener_idle (gpointer user_data)
{
  DscAuthCodeFlow *self = user_data;

  self->answer_sent = TRUE;
  stop_listening (self);
  if (self->task != NULL)
    complete (self);
  return G_SOURCE_REMOVE;
}

static void
answer_finished (SoupServerMessage *msg,
                 gpointer           user_data)
{
  add_idle (DSC_AUTH_CODE_FLOW (user_data), close_listener_idle);
}

static void
listener_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  DscAuthCodeFlow *self = user_data;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  const char *error = query != NULL ? g_hash_table_lookup (query, "error") : NULL;

  if (self->answered)
    {
      answer_page (msg, SOUP_STATUS_GONE, _("Sign-in already finished"),
                   _("This sign-in link was already used. You can close this tab."), NULL);
      return;
    }
  if (!g_str_equal (soup_server_message_get_method (msg), "GET") || !g_str_equal (path, "/"))
    {
      g_debug ("loopback listener: ignored a request for another path");
      answer_page (msg, SOUP_STATUS_NOT_FOUND, _("Not found"), _("Nothing here."), NULL);
      return;
    }
  if (state == NULL || !g_str_equal (state, self->state))
    {
      g_debug ("loopback listener: ignored a redirect with a foreign state");
      answer_page (msg, SOUP_STATUS_BAD_REQUEST, _("Sign-in not recognised"),
                   _("This answer does not belong to the sign-in DirSync Companion started. "
                     "You can close this tab."), NULL);
      return;
    }

  self->answered = TRUE;
  if (code != NULL && *code != '\0' && error == NULL)
    {
      self->code = g_strdup (code);
      answer_page (msg, SOUP_STATUS_OK, _("Signed in"),
                   _("DirSync Companion received your sign-in. You can close this tab."), NULL);
    }
  else
    {
      self->redirect_error = dsc_auth_error_new_from_oauth (
        error != NULL ? error : "invalid_request",
        query != NULL ? g_hash_table_lookup (query, "error_description") : NULL);
      answer_page (msg, SOUP_STATUS_OK, _("Sign-in failed"), self->redirect_error->message,
                   _("You can close this tab and return to DirSync Companion."));
    }

  /* Single use: nothing else is accepted; the listener closes once this
   * answer is written (from an idle, not inside the server's own signal). */
  g_signal_connect_object (msg, "finished", G_CALLBACK (answer_finished), self, 0);
  if (self->task != NULL)
    clear_wait (self);   /* no timeout once the answer is here */
}

/* The redirect says "localhost", which browsers resolve to ::1 as well as
 * 127.0.0.1: listen on both with the same port, so no other local program
 * can take the address the browser tries first. A port whose ::1 side is
 * taken is given up for another; without IPv6, 127.0.0.1 alone is all a
 * browser can reach anyway. */
static gboolean
listen_on_loopback (DscAuthCodeFlow  *self,
                    guint            *port_out,
                    GError          **error)
{
  for (guint attempt = 0; attempt < 8; attempt++)
    {
      g_autoptr(GInetAddress) v4 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GInetAddress) v6 = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
      g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (v4, 0);
      g_autoptr(GSocketAddress) v6_address = NULL;
      g_autoptr(GError) v6_error = NULL;
      g_autoslist(GUri) uris = NULL;
      guint port;

      self->server = soup_server_new ("server-header", NULL, NULL);
      soup_server_add_handler (self->server, NULL, listener_cb, self, NULL);
      if (!soup_server_listen (self->server, any_port, 0, error))
        {
          g_clear_object (&self->server);
          return FALSE;
        }
      uris = soup_server_get_uris (self->server);
      port = uris != NULL ? (guint) g_uri_get_port (uris->data) : 0;
      v6_address = g_inet_socket_address_new (v6, (guint16) port);
      if (soup_server_listen (self->server, v6_address, 0, &v6_error) ||
          !g_error_matches (v6_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          if (v6_error != NULL)
            g_debug ("loopback listener: no [::1]:%u (%s)", port, v6_error->message);
          *port_out = port;
          return TRUE;
        }
      g_debug ("loopback listener: [::1]:%u is taken, trying another port", port);
      stop_listening (self);
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                       _("No free port on this computer for the sign-in to come back to"));
  return FALSE;
}

gboolean
dsc_auth_code_flow_start (DscAuthCodeFlow  *self,
                          GError          **error)
{
  g_autoptr(GString) url = NULL;
  g_autofree char *challenge = NULL;
  g_autofree char *e_client = NULL, *e_redirect = NULL, *e_scope = NULL;
  guint port;

  g_return_val_if_fail (DSC_IS_AUTH_CODE_FLOW (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);
  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();

  self->verifier = dsc_pkce_new_verifier (error);
  if (self->verifier == NULL)
    return FALSE;
  self->state = dsc_oauth_new_state (error);
  if (self->state == NULL)
    return FALSE;

  if (!listen_on_loopback (self, &port, error))
    return FALSE;
  self->redirect_uri = g_strdup_printf ("http://localhost:%u", port);

  challenge = dsc_pkce_challenge (self->verifier);
  e_client = g_uri_escape_string (self->client_id, NULL, FALSE);
  e_redirect = g_uri_escape_string (self->redirect_uri, NULL, FALSE);
  e_scope = g_uri_escape_string (self->scopes, NULL, FALSE);
  url = g_string_new (self->authority);
  g_string_append_printf (url, "/oauth2/v2.0/authorize?client_id=%s&response_type=code"
                          "&redirect_uri=%s&response_mode=query&scope=%s&state=%s"
                          "&code_challenge=%s&code_challenge_method=S256"
                          "&prompt=select_account",
                          e_client, e_redirect, e_scope, self->state, challenge);
  self->authorize_url = g_string_free (g_steal_pointer (&url), FALSE);
  g_debug ("loopback listener on 127.0.0.1:%u and [::1]:%u", port, port);
  return TRUE;
}

const char *
dsc_auth_code_flow_get_authorize_url (DscAuthCodeFlow *self)
{
  g_return_val_if_fail (DSC_IS_AUTH_CODE_FLOW (self), NULL);
  return self->authorize_url;
}

const char *
dsc_auth_code_flow_get_redirect_uri (DscAuthCodeFlow *self)
{
  g_return_val_if_fail (DSC_IS_AUTH_CODE_FLOW (self), NULL);
  return self->redirect_uri;
}

/* ---- waiting and redeeming ------------------------------------------------- */

static void
redeem_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DscAuthCodeFlow) self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) error = NULL;
  DscOAuthTokens *tokens;

  obj = dsc_oauth_post_finish (result, &error);
  if (obj == NULL || (tokens = dsc_oauth_tokens_from_json (obj, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, tokens, (GDestroyNotify) dsc_oauth_tokens_free);
}

static void
redeem (DscAuthCodeFlow *self)
{
  g_autofree char *token_url = g_strconcat (self->authority, "/oauth2/v2.0/token", NULL);
  g_autofree char *code = g_steal_pointer (&self->code);

  if (self->session == NULL)
    self->session = dsc_oauth_session_new ();
  dsc_oauth_post_async (self->session, token_url, g_task_get_cancellable (self->task),
                        redeem_done, g_object_ref (self),
                        "client_id", self->client_id,
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", self->redirect_uri,
                        "code_verifier", self->verifier,
                        "scope", self->scopes,
                        NULL);
  memset (code, 0, strlen (code));
}

static void
complete (DscAuthCodeFlow *self)
{
  clear_wait (self);
  if (self->redirect_error != NULL)
    fail (self, g_steal_pointer (&self->redirect_error));
  else
    redeem (self);
}

static gboolean
timeout_cb (gpointer user_data)
{
  DscAuthCodeFlow *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  fail (self, g_error_new (DSC_AUTH_ERROR, DSC_AUTH_ERROR_TIMED_OUT,
                           _("The browser did not come back within %u minutes: "
                             "sign in again"), (self->timeout_s + 59) / 60));
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_idle (gpointer user_data)
{
  DscAuthCodeFlow *self = user_data;

  if (self->task != NULL && g_task_return_error_if_cancelled (self->task))
    {
      self->cancelled_id = 0;
      clear_wait (self);
      stop_listening (self);
      g_clear_object (&self->task);
    }
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* Never disconnect from inside the cancelled signal: defer. */
  add_idle (DSC_AUTH_CODE_FLOW (user_data), cancelled_idle);
}

void
dsc_auth_code_flow_get_tokens_async (DscAuthCodeFlow     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_return_if_fail (DSC_IS_AUTH_CODE_FLOW (self));
  g_task_set_source_tag (task, dsc_auth_code_flow_get_tokens_async);

  if (!self->started || self->task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("Sign-in has not started or is already waiting"));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  self->task = g_steal_pointer (&task);
  if (self->answer_sent)
    {
      complete (self);
      return;
    }
  if (self->answered)
    return;   /* close_listener_idle () completes */
  self->timeout = g_timeout_source_new_seconds (self->timeout_s);
  g_source_set_callback (self->timeout, timeout_cb, self, NULL);
  g_source_attach (self->timeout, self->context);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                                                self, NULL);
}

DscOAuthTokens *
dsc_auth_code_flow_get_tokens_finish (DscAuthCodeFlow  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
