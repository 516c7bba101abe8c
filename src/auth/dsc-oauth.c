/* dsc-oauth.c — form POSTs to the token and devicecode endpoints. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dsc-auth-error.h"
#include "dsc-cloud.h"
#include "dsc-http-limit.h"
#include "dsc-oauth.h"
#include "dsc-report-json.h"


void
dsc_oauth_tokens_free (DscOAuthTokens *tokens)
{
  if (tokens == NULL)
    return;
  if (tokens->access_token != NULL)
    memset (tokens->access_token, 0, strlen (tokens->access_token));
  if (tokens->refresh_token != NULL)
    memset (tokens->refresh_token, 0, strlen (tokens->refresh_token));
  g_free (tokens->access_token);
  g_free (tokens->refresh_token);
  g_free (tokens->scope);
  g_free (tokens);
}

/* The member's text when it is a JSON string, else NULL. Not
 * json_object_get_string_member_with_default(): it raises a critical on an
 * array or object and hands back NULL for a number, and the response is
 * hostile input (found by tests/fuzz/fuzz-oauth-tokens.c). */
const char *
dsc_oauth_member_string (JsonObject *obj,
                         const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

DscOAuthTokens *
dsc_oauth_tokens_from_json (JsonObject  *obj,
                            GError     **error)
{
  g_autoptr(DscOAuthTokens) tokens = g_new0 (DscOAuthTokens, 1);
  const char *access = dsc_oauth_member_string (obj, "access_token");
  const char *refresh = dsc_oauth_member_string (obj, "refresh_token");
  const char *type = dsc_oauth_member_string (obj, "token_type");
  gint64 expires_in = 3599;
  JsonNode *node = json_object_get_member (obj, "expires_in");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        expires_in = json_node_get_int (node);
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        expires_in = g_ascii_strtoll (json_node_get_string (node), NULL, 10);
    }
  /* No token_type (or not a string) reads as Bearer, as before. */
  if (access == NULL || *access == '\0' ||
      (type != NULL && g_ascii_strcasecmp (type, "Bearer") != 0) || expires_in <= 0)
    {
      g_set_error_literal (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                           _("The sign-in service sent no usable access token"));
      return NULL;
    }
  expires_in = MIN (expires_in, 24 * 3600);
  tokens->access_token = g_strdup (access);
  tokens->refresh_token = refresh != NULL && *refresh != '\0' ? g_strdup (refresh) : NULL;
  tokens->scope = g_strdup (dsc_oauth_member_string (obj, "scope"));
  tokens->expires_at = g_get_monotonic_time () + expires_in * G_USEC_PER_SEC;
  return g_steal_pointer (&tokens);
}

SoupSession *
dsc_oauth_session_new (void)
{
  return soup_session_new_with_options ("timeout", 60,
                                        "idle-timeout", 60,
                                        "user-agent", "DirSyncCompanion/" PACKAGE_VERSION,
                                        NULL);
}

static void
post_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  gsize len = 0;
  guint status;

  body = dsc_http_send_and_read_limited_finish (result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_task_return_new_error (task, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                                 "%s", error->message);
      else
        g_task_return_new_error (task, DSC_AUTH_ERROR, DSC_AUTH_ERROR_NETWORK,
                                 _("Cannot reach the sign-in service: %s"), error->message);
      return;
    }
  data = g_bytes_get_data (body, &len);
  status = soup_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_debug ("identity platform answered HTTP %u", status);
      g_task_return_error (task, dsc_auth_error_new_from_body (status, data, len));
      return;
    }
  parser = json_parser_new ();
  if (len == 0 || !dsc_json_depth_ok (data, len, DSC_JSON_MAX_DEPTH) ||
      !json_parser_load_from_data (parser, data, (gssize) len, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_task_return_new_error (task, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_RESPONSE,
                               _("The sign-in service sent an answer that is not JSON"));
      return;
    }
  g_task_return_pointer (task, json_object_ref (json_node_get_object (
                                  json_parser_get_root (parser))),
                         (GDestroyNotify) json_object_unref);
}

void
dsc_oauth_post_async (SoupSession         *session,
                      const char          *url,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      const char          *first_field,
                      ...)
{
  g_autoptr(GTask) task = g_task_new (session, cancellable, callback, user_data);
  g_autoptr(GHashTable) form = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;
  const char *name;
  va_list ap;

  g_task_set_source_tag (task, dsc_oauth_post_async);

  va_start (ap, first_field);
  for (name = first_field; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);
      if (value != NULL)
        g_hash_table_insert (form, (gpointer) name, (gpointer) value);
    }
  va_end (ap);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (!g_str_equal (g_uri_get_scheme (uri), "https") && !dsc_cloud_url_is_loopback (url)))
    {
      g_task_return_new_error (task, DSC_AUTH_ERROR, DSC_AUTH_ERROR_INVALID_SETTINGS,
                               _("Refusing to send sign-in data to “%s”"), url);
      return;
    }
  msg = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url,
                                            soup_form_encode_hash (form));
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  /* Sign-in answers never redirect; following one could leak the form. */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  g_task_set_task_data (task, msg, g_object_unref);
  {
    g_autofree char *from = g_strdup_printf (_("the sign-in service (%s)"),
                                             g_uri_get_host (uri));

    dsc_http_send_and_read_limited_async (session, msg, DSC_HTTP_LIMIT_SIGN_IN, from,
                                          cancellable, post_done, g_steal_pointer (&task));
  }
}

JsonObject *
dsc_oauth_post_finish (GAsyncResult  *result,
                       GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
