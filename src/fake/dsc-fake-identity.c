/* dsc-fake-identity.c — the fake identity platform (see the header). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <json-glib/json-glib.h>
#include <string.h>

#include "dsc-fake-identity.h"

typedef struct {
  char   *client_id;
  char   *redirect_uri;
  char   *challenge;
  gint64  expires;
} AuthCode;

typedef struct {
  char   *client_id;
  gint64  superseded;   /* monotonic µs; 0 while current */
} RefreshToken;

typedef struct {
  char   *client_id;
  char   *scope;     /* asked for at /devicecode: what the tokens grant */
  guint   polls;
  gint64  expires;
} DeviceCode;

static GMutex lock;
static DscFakeIdentityKnobs knobs;
static char *knob_withheld;   /* owned copy of knobs.withheld_permission */
static char *knob_authorize_error;
static char *knob_device_outcome;
static GHashTable *codes;          /* code → AuthCode */
static GHashTable *refresh_tokens; /* token → RefreshToken */
static GHashTable *access_tokens;  /* token → gint64 expiry (boxed) */
static GHashTable *device_codes;   /* device_code → DeviceCode */
static guint count_authorize, count_token, count_devicecode;

static void
auth_code_free (gpointer p)
{
  AuthCode *c = p;
  g_free (c->client_id);
  g_free (c->redirect_uri);
  g_free (c->challenge);
  g_free (c);
}

static void
refresh_token_free (gpointer p)
{
  RefreshToken *r = p;
  g_free (r->client_id);
  g_free (r);
}

static void
device_code_free (gpointer p)
{
  DeviceCode *d = p;
  g_free (d->client_id);
  g_free (d->scope);
  g_free (d);
}

/* Lock held. */
static void
ensure_tables (void)
{
  if (codes != NULL)
    return;
  codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, auth_code_free);
  refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, refresh_token_free);
  access_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  device_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_code_free);
}

void
dsc_fake_identity_reset (const DscFakeIdentityKnobs *new_knobs)
{
  g_mutex_lock (&lock);
  ensure_tables ();
  g_hash_table_remove_all (codes);
  g_hash_table_remove_all (refresh_tokens);
  g_hash_table_remove_all (access_tokens);
  g_hash_table_remove_all (device_codes);
  g_clear_pointer (&knob_authorize_error, g_free);
  g_clear_pointer (&knob_device_outcome, g_free);
  g_clear_pointer (&knob_withheld, g_free);
  memset (&knobs, 0, sizeof knobs);
  if (new_knobs != NULL)
    {
      knobs = *new_knobs;
      knob_authorize_error = g_strdup (new_knobs->authorize_error);
      knob_device_outcome = g_strdup (new_knobs->device_outcome);
      knob_withheld = g_strdup (new_knobs->withheld_permission);
    }
  count_authorize = count_token = count_devicecode = 0;
  g_mutex_unlock (&lock);
}

void
dsc_fake_identity_revoke_refresh_tokens (void)
{
  g_mutex_lock (&lock);
  ensure_tables ();
  g_hash_table_remove_all (refresh_tokens);
  g_mutex_unlock (&lock);
}

void
dsc_fake_identity_expire_access_tokens (void)
{
  g_mutex_lock (&lock);
  ensure_tables ();
  g_hash_table_remove_all (access_tokens);
  g_mutex_unlock (&lock);
}

gboolean
dsc_fake_identity_access_token_is_valid (const char *token)
{
  gboolean valid = FALSE;
  gint64 *expires;

  g_mutex_lock (&lock);
  ensure_tables ();
  expires = g_hash_table_lookup (access_tokens, token);
  valid = expires != NULL && *expires > g_get_monotonic_time ();
  g_mutex_unlock (&lock);
  return valid;
}

guint
dsc_fake_identity_get_count (const char *endpoint)
{
  guint n = 0;

  g_mutex_lock (&lock);
  if (g_str_equal (endpoint, "authorize"))
    n = count_authorize;
  else if (g_str_equal (endpoint, "token"))
    n = count_token;
  else if (g_str_equal (endpoint, "devicecode"))
    n = count_devicecode;
  g_mutex_unlock (&lock);
  return n;
}

/* ---- answers ---------------------------------------------------------------------- */

static char *
random_token (const char *prefix)
{
  g_autofree char *a = g_uuid_string_random ();
  g_autofree char *b = g_uuid_string_random ();

  return g_strconcat (prefix, a, b, NULL);
}

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonBuilder       *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  char *text;
  gsize len;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store, no-cache");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, len);
}

/* Shaped like the service: AADSTS code first, then trace and correlation ids. */
static void
oauth_error (SoupServerMessage *msg,
             guint              status,
             const char        *error,
             guint              aadsts,
             const char        *text)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *trace = g_uuid_string_random ();
  g_autofree char *correlation = g_uuid_string_random ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M:%SZ");
  g_autofree char *description = g_strdup_printf (
    "AADSTS%u: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
    aadsts, text, trace, correlation, stamp);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, error);
  json_builder_set_member_name (b, "error_description");
  json_builder_add_string_value (b, description);
  json_builder_set_member_name (b, "error_codes");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, aadsts);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "timestamp");
  json_builder_add_string_value (b, stamp);
  json_builder_set_member_name (b, "trace_id");
  json_builder_add_string_value (b, trace);
  json_builder_set_member_name (b, "correlation_id");
  json_builder_add_string_value (b, correlation);
  json_builder_set_member_name (b, "error_uri");
  json_builder_add_string_value (b, "https://login.microsoftonline.com/error");
  json_builder_end_object (b);
  set_json (msg, status, b);
}

/* Lock held. */
static void
issue_tokens (SoupServerMessage *msg,
              const char        *client_id,
              const char        *scope)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *access = random_token ("fakeAT.");
  g_autofree char *refresh = random_token ("fakeRT.");
  guint lifetime = knobs.access_token_s != 0 ? knobs.access_token_s : 3599;
  gint64 *expires = g_new (gint64, 1);
  RefreshToken *rt = g_new0 (RefreshToken, 1);

  *expires = g_get_monotonic_time () + (gint64) lifetime * G_USEC_PER_SEC;
  g_hash_table_insert (access_tokens, g_strdup (access), expires);
  rt->client_id = g_strdup (client_id);
  g_hash_table_insert (refresh_tokens, g_strdup (refresh), rt);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token_type");
  json_builder_add_string_value (b, "Bearer");
  json_builder_set_member_name (b, "scope");
  {
    /* What was granted: what was asked for, less a permission without consent. */
    g_auto(GStrv) asked = g_strsplit (scope != NULL ? scope : "", " ", -1);
    g_autoptr(GString) granted = g_string_new (NULL);

    for (guint i = 0; asked[i] != NULL; i++)
      {
        const char *slash = strrchr (asked[i], '/');
        const char *name = slash != NULL ? slash + 1 : asked[i];

        if (*asked[i] == '\0' || (knob_withheld != NULL && g_str_equal (name, knob_withheld)))
          continue;
        g_string_append_printf (granted, "%s%s", granted->len > 0 ? " " : "", asked[i]);
      }
    json_builder_add_string_value (b, granted->str);
  }
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, lifetime);
  json_builder_set_member_name (b, "ext_expires_in");
  json_builder_add_int_value (b, lifetime);
  json_builder_set_member_name (b, "access_token");
  json_builder_add_string_value (b, access);
  json_builder_set_member_name (b, "refresh_token");
  json_builder_add_string_value (b, refresh);
  json_builder_set_member_name (b, "id_token");
  json_builder_add_string_value (b, "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJmYWtlIn0.");
  json_builder_end_object (b);
  set_json (msg, 200, b);
}

static gboolean
redirect_is_loopback (const char *uri)
{
  return uri != NULL && (g_str_has_prefix (uri, "http://localhost:") ||
                         g_str_has_prefix (uri, "http://127.0.0.1:") ||
                         g_str_equal (uri, "http://localhost"));
}

static void
handle_authorize (SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *client_id = query ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *redirect = query ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *state = query ? g_hash_table_lookup (query, "state") : NULL;
  const char *challenge = query ? g_hash_table_lookup (query, "code_challenge") : NULL;
  const char *method = query ? g_hash_table_lookup (query, "code_challenge_method") : NULL;
  g_autofree char *location = NULL;
  g_autofree char *e_state = NULL;

  if (client_id == NULL || !redirect_is_loopback (redirect))
    {
      oauth_error (msg, 400, "invalid_request", 50011,
                   "The redirect URI specified in the request does not match the redirect "
                   "URIs configured for the application.");
      return;
    }
  e_state = g_uri_escape_string (state != NULL ? state : "", NULL, FALSE);
  if (knob_authorize_error != NULL)
    {
      const char *text = g_str_equal (knob_authorize_error, "consent_required")
        ? "AADSTS65001: The user or administrator has not consented to use the application."
        : "AADSTS65004: User declined to consent to access the app.";
      g_autofree char *e_text = g_uri_escape_string (text, NULL, FALSE);

      location = g_strdup_printf ("%s/?error=%s&error_description=%s&state=%s", redirect,
                                  knob_authorize_error, e_text, e_state);
    }
  else if (challenge == NULL || g_strcmp0 (method, "S256") != 0)
    {
      location = g_strdup_printf ("%s/?error=invalid_request&error_description=%s&state=%s",
                                  redirect, "AADSTS9002325%3A%20Proof%20Key%20for%20Code%20"
                                  "Exchange%20is%20required", e_state);
    }
  else
    {
      g_autofree char *code = random_token ("fakeCODE.");
      AuthCode *c = g_new0 (AuthCode, 1);

      c->client_id = g_strdup (client_id);
      c->redirect_uri = g_strdup (redirect);
      c->challenge = g_strdup (challenge);
      c->expires = g_get_monotonic_time () + 600 * G_USEC_PER_SEC;
      g_hash_table_insert (codes, g_strdup (code), c);
      location = g_strdup_printf ("%s/?code=%s&state=%s&session_state=fake", redirect, code,
                                  e_state);
    }
  soup_server_message_set_redirect (msg, 302, location);
}

static char *
s256 (const char *verifier)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  char *text;
  char *end;

  g_checksum_update (sum, (const guchar *) verifier, (gssize) strlen (verifier));
  g_checksum_get_digest (sum, digest, &len);
  text = g_base64_encode (digest, len);
  for (char *p = text; *p != '\0'; p++)
    *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  end = text + strlen (text);
  while (end > text && end[-1] == '=')
    *--end = '\0';
  return text;
}

static void
handle_token (SoupServerMessage *msg,
              GHashTable        *form)
{
  const char *grant = g_hash_table_lookup (form, "grant_type");
  const char *client_id = g_hash_table_lookup (form, "client_id");
  const char *scope = g_hash_table_lookup (form, "scope");
  gint64 now = g_get_monotonic_time ();

  if (client_id == NULL || grant == NULL)
    {
      oauth_error (msg, 400, "invalid_request", 900144,
                   "The request body must contain the following parameter: 'grant_type'.");
      return;
    }
  if (g_hash_table_contains (form, "client_secret"))
    {
      oauth_error (msg, 401, "invalid_client", 700025,
                   "Client is public so neither 'client_assertion' nor 'client_secret' "
                   "should be presented.");
      return;
    }

  if (g_str_equal (grant, "authorization_code"))
    {
      const char *code = g_hash_table_lookup (form, "code");
      const char *verifier = g_hash_table_lookup (form, "code_verifier");
      const char *redirect = g_hash_table_lookup (form, "redirect_uri");
      AuthCode *c = code != NULL ? g_hash_table_lookup (codes, code) : NULL;
      g_autofree char *challenge = verifier != NULL ? s256 (verifier) : NULL;

      if (c == NULL || c->expires < now || !g_str_equal (c->client_id, client_id) ||
          g_strcmp0 (c->redirect_uri, redirect) != 0)
        {
          oauth_error (msg, 400, "invalid_grant", 70008,
                       "The provided authorization code or refresh token has expired due to "
                       "inactivity. Send a new interactive authorization request for this "
                       "user and resource.");
          return;
        }
      if (challenge == NULL || !g_str_equal (challenge, c->challenge))
        {
          g_hash_table_remove (codes, code);
          oauth_error (msg, 400, "invalid_grant", 501481,
                       "The Code_Verifier does not match the code_challenge supplied in the "
                       "authorization request.");
          return;
        }
      g_hash_table_remove (codes, code);
      issue_tokens (msg, client_id, scope);
    }
  else if (g_str_equal (grant, "refresh_token"))
    {
      const char *token = g_hash_table_lookup (form, "refresh_token");
      RefreshToken *rt = token != NULL ? g_hash_table_lookup (refresh_tokens, token) : NULL;

      if (knobs.public_client_off)
        {
          oauth_error (msg, 401, "invalid_client", 7000218,
                       "The request body must contain the following parameter: "
                       "'client_assertion' or 'client_secret'.");
          return;
        }
      if (rt == NULL || !g_str_equal (rt->client_id, client_id) ||
          (rt->superseded != 0 &&
           now - rt->superseded > (gint64) knobs.refresh_grace_s * G_USEC_PER_SEC))
        {
          oauth_error (msg, 400, "invalid_grant", 700082,
                       "The refresh token has expired due to inactivity. The token was "
                       "issued on 2026-01-01T00:00:00Z and was inactive for 90.00:00:00.");
          return;
        }
      if (rt->superseded == 0)
        rt->superseded = now;
      issue_tokens (msg, client_id, scope);
    }
  else if (g_str_equal (grant, "urn:ietf:params:oauth:grant-type:device_code"))
    {
      const char *device_code = g_hash_table_lookup (form, "device_code");
      DeviceCode *d = device_code != NULL ? g_hash_table_lookup (device_codes, device_code)
                                          : NULL;

      if (d == NULL || !g_str_equal (d->client_id, client_id) ||
          g_strcmp0 (knob_device_outcome, "bad_verification_code") == 0)
        {
          oauth_error (msg, 400, "bad_verification_code", 70019,
                       "The device code is not recognised.");
          return;
        }
      d->polls++;
      if (d->expires < now)
        {
          oauth_error (msg, 400, "expired_token", 70020,
                       "The provided value for the input parameter 'device_code' is not "
                       "valid. This device code has expired.");
          return;
        }
      if (knobs.device_slow_down && d->polls == 1)
        {
          oauth_error (msg, 400, "slow_down", 70016, "Polling too fast.");
          return;
        }
      if (d->polls <= knobs.device_pending + (knobs.device_slow_down ? 1 : 0))
        {
          oauth_error (msg, 400, "authorization_pending", 70016,
                       "OAuth 2.0 device flow error. Authorization is pending. Continue "
                       "polling.");
          return;
        }
      if (g_strcmp0 (knob_device_outcome, "expired_token") == 0)
        {
          oauth_error (msg, 400, "expired_token", 70020,
                       "The provided value for the input parameter 'device_code' is not "
                       "valid. This device code has expired.");
          return;
        }
      if (g_strcmp0 (knob_device_outcome, "authorization_declined") == 0)
        {
          g_hash_table_remove (device_codes, device_code);
          oauth_error (msg, 400, "authorization_declined", 70000,
                       "The user declined the sign-in request.");
          return;
        }
      issue_tokens (msg, client_id, scope != NULL ? scope : d->scope);
      g_hash_table_remove (device_codes, device_code);
    }
  else
    oauth_error (msg, 400, "unsupported_grant_type", 70003,
                 "The app requested an unsupported grant type.");
}

static void
handle_devicecode (SoupServerMessage *msg,
                   GHashTable        *form)
{
  const char *client_id = g_hash_table_lookup (form, "client_id");
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *device_code = random_token ("fakeDC.");
  guint expires = knobs.device_expires_s != 0 ? knobs.device_expires_s : 900;
  guint interval = knobs.device_interval_s != 0 ? knobs.device_interval_s : 5;
  DeviceCode *d;

  if (client_id == NULL || g_hash_table_lookup (form, "scope") == NULL)
    {
      oauth_error (msg, 400, "invalid_request", 900144,
                   "The request body must contain the following parameter: 'scope'.");
      return;
    }
  if (knobs.public_client_off)
    {
      oauth_error (msg, 401, "invalid_client", 7000218,
                   "The request body must contain the following parameter: "
                   "'client_assertion' or 'client_secret'.");
      return;
    }
  d = g_new0 (DeviceCode, 1);
  d->client_id = g_strdup (client_id);
  d->scope = g_strdup (g_hash_table_lookup (form, "scope"));
  d->expires = g_get_monotonic_time () + (gint64) expires * G_USEC_PER_SEC;
  g_hash_table_insert (device_codes, g_strdup (device_code), d);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user_code");
  json_builder_add_string_value (b, "FAKE1234");
  json_builder_set_member_name (b, "device_code");
  json_builder_add_string_value (b, device_code);
  json_builder_set_member_name (b, "verification_uri");
  json_builder_add_string_value (b, "https://microsoft.com/devicelogin");
  json_builder_set_member_name (b, "expires_in");
  json_builder_add_int_value (b, expires);
  json_builder_set_member_name (b, "interval");
  json_builder_add_int_value (b, interval);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, "To sign in, use a web browser to open the page "
                                    "https://microsoft.com/devicelogin and enter the code "
                                    "FAKE1234 to authenticate.");
  json_builder_end_object (b);
  set_json (msg, 200, b);
}

gboolean
dsc_fake_identity_handle (SoupServerMessage *msg,
                          const char        *path,
                          GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  const char *rest;
  const char *op;
  g_autoptr(GHashTable) form = NULL;

  /* "/{tenant}/oauth2/v2.0/{op}" */
  if (path == NULL || path[0] != '/' || (rest = strchr (path + 1, '/')) == NULL ||
      rest == path + 1 || !g_str_has_prefix (rest, "/oauth2/v2.0/"))
    return FALSE;
  op = rest + strlen ("/oauth2/v2.0/");

  g_mutex_lock (&lock);
  ensure_tables ();
  if (g_str_equal (op, "authorize") && g_str_equal (method, "GET"))
    {
      count_authorize++;
      handle_authorize (msg, query);
    }
  else if ((g_str_equal (op, "token") || g_str_equal (op, "devicecode")) &&
           g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (
        soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body));

      form = soup_form_decode (text);
      if (g_str_equal (op, "token"))
        {
          count_token++;
          handle_token (msg, form);
        }
      else
        {
          count_devicecode++;
          handle_devicecode (msg, form);
        }
    }
  else
    oauth_error (msg, 404, "invalid_request", 90002, "Endpoint not found.");
  g_mutex_unlock (&lock);
  return TRUE;
}
