/* dsc-fake-service.c — what the fake tenant answers, without the HTTP server.
 *
 * Shapes follow the shared Graph reference (§1.2–1.12, §6): v1.0 lacks the
 * beta-only organization and sync-configuration properties, collections carry
 * @odata.context, lists page with an absolute @odata.nextLink, and errors use
 * Graph's codes so the client's error mapping is exercised for real.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <stdlib.h>
#include <string.h>

#include "dsc-constants.h"
#include "dsc-fake-json.h"
#include "dsc-fake-query.h"
#include "dsc-fake-service.h"

#define GLOBAL_ADMIN_TEMPLATE "62e90394-69f5-4237-9190-012177145e10"
#define SYNC_SERVICE_NAME     "Microsoft Entra AD Synchronization Service"
#define SYNC_APP_ROLE_ID      "ab43b826-2c7a-4aff-9ecd-d0629d0ca6a9"
#define MICROSOFT_TENANT_ID   "f8cdef31-a31e-4b4a-93e4-5f571e91255a"

/* ---- responses ---------------------------------------------------------- */

void
dsc_fake_response_init (DscFakeResponse *response)
{
  response->status = 200;
  response->body = g_string_new (NULL);
  response->content_type = NULL;
  response->headers = g_ptr_array_new_with_free_func (g_free);
}

void
dsc_fake_response_clear (DscFakeResponse *response)
{
  if (response->body != NULL)
    g_string_free (response->body, TRUE);
  response->body = NULL;
  g_clear_pointer (&response->headers, g_ptr_array_unref);
}

void
dsc_fake_response_add_header (DscFakeResponse *response,
                              const char      *name,
                              const char      *value)
{
  g_ptr_array_add (response->headers, g_strdup (name));
  g_ptr_array_add (response->headers, g_strdup (value));
}

void
dsc_fake_response_set_error (DscFakeResponse *response,
                             guint            status,
                             const char      *code,
                             const char      *message,
                             const char      *request_id,
                             const char      *client_request_id,
                             gint64           now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autofree char *date = dt ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S") : NULL;
  GString *out = response->body;

  response->status = status;
  response->content_type = NULL;
  g_string_truncate (out, 0);
  g_string_append (out, "{\"error\":{\"code\":");
  dsc_fake_json_append_string (out, code);
  g_string_append (out, ",\"message\":");
  dsc_fake_json_append_string (out, message);
  g_string_append (out, ",\"innerError\":{\"date\":");
  dsc_fake_json_append_string (out, date);
  g_string_append (out, ",\"request-id\":");
  dsc_fake_json_append_string (out, request_id);
  g_string_append (out, ",\"client-request-id\":");
  dsc_fake_json_append_string (out, client_request_id);
  g_string_append (out, "}}}");
}

/* ---- one call ----------------------------------------------------------- */

typedef struct {
  const DscFakeContext *ctx;
  DscFakeScenario      *sc;
  const char           *version;
  gboolean              beta;
  const char           *raw_path;     /* percent-encoded, after the version */
  char                **segments;     /* decoded */
  guint                 n_segments;
  DscFakeQuery         *query;
  const char           *consistency_level;
  const char           *request_id;
  const char           *client_request_id;
  DscFakeResponse      *resp;
  guint                 resource_units;
  gsize                 url_length;   /* as the URL would be on Graph's own host */
} Call;

static void fail (Call       *call,
                  guint       status,
                  const char *code,
                  const char *format,
                  ...) G_GNUC_PRINTF (4, 5);

static void
fail (Call       *call,
      guint       status,
      const char *code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  dsc_fake_response_set_error (call->resp, status, code, message, call->request_id,
                               call->client_request_id, call->ctx->now);
}

static void
fail_with (Call         *call,
           DscFakeError *error)
{
  dsc_fake_response_set_error (call->resp, error->status, error->code, error->message,
                               call->request_id, call->client_request_id, call->ctx->now);
}

static void
not_found (Call       *call,
           const char *what)
{
  fail (call, 404, "Request_ResourceNotFound",
        "Resource '%s' does not exist or one of its queried reference-property objects are "
        "not present.", what);
}

static void
unknown_segment (Call       *call,
                 const char *segment)
{
  fail (call, 400, "BadRequest", "Resource not found for the segment '%s'.", segment);
}

static gboolean
denied (Call       *call,
        const char *call_id)
{
  if (!dsc_fake_scenario_is_denied (call->sc, call_id))
    return FALSE;
  fail (call, 403, "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.");
  return TRUE;
}

static gboolean
eq (const char *a,
    const char *b)
{
  return a != NULL && b != NULL && g_ascii_strcasecmp (a, b) == 0;
}

static const char *
segment (Call *call,
         guint i)
{
  return i < call->n_segments ? call->segments[i] : NULL;
}

/* "name(key='value')" or "name('value')"; a plain segment leaves key and
 * value NULL. Quotes doubled inside the literal are undone. */
static gboolean
split_key_segment (const char  *seg,
                   char       **name,
                   char       **key,
                   char       **value)
{
  const char *open = strchr (seg, '(');
  const char *inner;
  const char *eqs;
  const char *quote;
  gsize len = strlen (seg);
  GString *literal;
  const char *p;

  *name = NULL;
  *key = NULL;
  *value = NULL;
  if (open == NULL)
    {
      *name = g_strdup (seg);
      return TRUE;
    }
  if (len < 2 || seg[len - 1] != ')')
    return FALSE;

  *name = g_strndup (seg, open - seg);
  inner = open + 1;
  eqs = strchr (inner, '=');
  quote = strchr (inner, '\'');
  if (eqs != NULL && (quote == NULL || eqs < quote))
    {
      *key = g_strndup (inner, eqs - inner);
      inner = eqs + 1;
    }
  if (*inner != '\'' || seg + len - 2 <= inner || seg[len - 2] != '\'')
    return FALSE;

  literal = g_string_new (NULL);
  for (p = inner + 1; p < seg + len - 2; p++)
    {
      g_string_append_c (literal, *p);
      if (*p == '\'' && p[1] == '\'')
        p++;
    }
  *value = g_string_free (literal, FALSE);
  return TRUE;
}

static char *
context_url (Call       *call,
             const char *fragment)
{
  return g_strdup_printf ("%s/%s/$metadata#%s", call->ctx->base_url, call->version, fragment);
}

static char *
select_suffix (Call *call)
{
  g_autofree char *joined = NULL;

  if (call->query->select == NULL || call->query->select->len == 0)
    return g_strdup ("");
  g_ptr_array_add (call->query->select, NULL);
  joined = g_strjoinv (",", (char **) call->query->select->pdata);
  g_ptr_array_remove_index (call->query->select, call->query->select->len - 1);
  return g_strdup_printf ("(%s)", joined);
}

static gboolean
eventual (Call *call)
{
  return eq (call->consistency_level, "eventual");
}

/* ---- paging ------------------------------------------------------------- */

static guint32
call_hash (Call *call)
{
  g_autofree char *path = g_strconcat (call->version, call->raw_path, NULL);

  return dsc_fake_query_hash (call->query, path);
}

/* The window a request asks for; FALSE (with the response set) on a bad token. */
static gboolean
page_window (Call  *call,
             guint  total,
             guint  default_top,
             guint *offset,
             guint *top)
{
  guint32 hash = 0;

  *top = call->query->top > 0 ? (guint) call->query->top : default_top;
  *offset = 0;
  if (call->query->skiptoken != NULL)
    {
      if (!dsc_fake_skiptoken_decode (call->query->skiptoken, offset, &hash)
          || hash != call_hash (call))
        {
          fail (call, 400, "Request_BadRequest",
                "Invalid page token: '%s'. Follow @odata.nextLink as returned.",
                call->query->skiptoken);
          return FALSE;
        }
    }
  if (*offset > total)
    *offset = total;
  return TRUE;
}

/* Opens {"@odata.context", ["@odata.count"], ["@odata.nextLink"], "value":[ */
static void
begin_collection (Call       *call,
                  const char *fragment,
                  guint       total,
                  guint       offset,
                  guint       top)
{
  GString *out = call->resp->body;
  g_autofree char *suffix = select_suffix (call);
  g_autofree char *full_fragment = g_strconcat (fragment, suffix, NULL);
  g_autofree char *context = context_url (call, full_fragment);
  gboolean first = TRUE;

  g_string_truncate (out, 0);
  g_string_append_c (out, '{');
  dsc_fake_json_append_key (out, "@odata.context", &first);
  dsc_fake_json_append_string (out, context);

  /* Only the first page counts, as on the real service. */
  if (call->query->count && call->query->skiptoken == NULL)
    {
      dsc_fake_json_append_key (out, "@odata.count", &first);
      g_string_append_printf (out, "%u", total);
    }

  if ((guint64) offset + top < total)
    {
      g_autofree char *token = dsc_fake_skiptoken_encode (offset + top, call_hash (call));
      g_autofree char *query = dsc_fake_query_encode_next (call->query, token);
      g_autofree char *next = g_strdup_printf ("%s/%s%s?%s", call->ctx->base_url, call->version,
                                               call->raw_path, query);

      dsc_fake_json_append_key (out, "@odata.nextLink", &first);
      dsc_fake_json_append_string (out, next);
    }

  dsc_fake_json_append_key (out, "value", &first);
  g_string_append_c (out, '[');
}

static void
end_collection (Call *call)
{
  g_string_append (call->resp->body, "]}");
}

/* ---- directory objects -------------------------------------------------- */

typedef enum {
  P_ID,
  P_BUSINESS_PHONES,
  P_DISPLAY_NAME,
  P_GIVEN_NAME,
  P_SURNAME,
  P_JOB_TITLE,
  P_DEPARTMENT,
  P_COMPANY_NAME,
  P_OFFICE_LOCATION,
  P_MOBILE_PHONE,
  P_PREFERRED_LANGUAGE,
  P_USAGE_LOCATION,
  P_USER_TYPE,
  P_DESCRIPTION,
  P_UPN,
  P_MAIL,
  P_MAIL_NICKNAME,
  P_MAIL_ENABLED,
  P_SECURITY_ENABLED,
  P_GROUP_TYPES,
  P_VISIBILITY,
  P_PROXY_ADDRESSES,
  P_ACCOUNT_ENABLED,
  P_CREATED,
  P_ADDRESSES,
  P_PHONES,
  P_SYNC_ENABLED,
  P_LAST_SYNC,
  P_IMMUTABLE_ID,
  P_SAM_ACCOUNT_NAME,
  P_DOMAIN_NAME,
  P_ONPREM_UPN,
  P_DISTINGUISHED_NAME,
  P_SECURITY_IDENTIFIER,
  P_PROVISIONING_ERRORS,
  P_SERVICE_PROVISIONING_ERRORS,
  N_PROPS
} PropId;

#define U (1 << DSC_FAKE_USER)
#define G (1 << DSC_FAKE_GROUP)
#define C (1 << DSC_FAKE_CONTACT)

/* Which type has which property, and which Graph returns without $select
 * (its documented default sets, trimmed to what the fake models). */
static const struct {
  const char *name;
  guint8      kinds;
  guint8      defaults;
} props[N_PROPS] = {
  [P_ID] = { "id", U | G | C, U | G | C },
  [P_BUSINESS_PHONES] = { "businessPhones", U, U },
  [P_DISPLAY_NAME] = { "displayName", U | G | C, U | G | C },
  [P_GIVEN_NAME] = { "givenName", U | C, U | C },
  [P_SURNAME] = { "surname", U | C, U | C },
  [P_JOB_TITLE] = { "jobTitle", U | C, U | C },
  [P_DEPARTMENT] = { "department", U | C, C },
  [P_COMPANY_NAME] = { "companyName", U | C, C },
  [P_OFFICE_LOCATION] = { "officeLocation", U, U },
  [P_MOBILE_PHONE] = { "mobilePhone", U, U },
  [P_PREFERRED_LANGUAGE] = { "preferredLanguage", U, U },
  [P_USAGE_LOCATION] = { "usageLocation", U, 0 },
  [P_USER_TYPE] = { "userType", U, 0 },
  [P_DESCRIPTION] = { "description", G, G },
  [P_UPN] = { "userPrincipalName", U, U },
  [P_MAIL] = { "mail", U | G | C, U | G | C },
  [P_MAIL_NICKNAME] = { "mailNickname", U | G | C, G | C },
  [P_MAIL_ENABLED] = { "mailEnabled", G, G },
  [P_SECURITY_ENABLED] = { "securityEnabled", G, G },
  [P_GROUP_TYPES] = { "groupTypes", G, G },
  [P_VISIBILITY] = { "visibility", G, G },
  [P_PROXY_ADDRESSES] = { "proxyAddresses", U | G | C, G | C },
  [P_ACCOUNT_ENABLED] = { "accountEnabled", U, 0 },
  [P_CREATED] = { "createdDateTime", U | G, G },
  [P_ADDRESSES] = { "addresses", C, C },
  [P_PHONES] = { "phones", C, C },
  [P_SYNC_ENABLED] = { "onPremisesSyncEnabled", U | G | C, G | C },
  [P_LAST_SYNC] = { "onPremisesLastSyncDateTime", U | G | C, G | C },
  [P_IMMUTABLE_ID] = { "onPremisesImmutableId", U, 0 },
  [P_SAM_ACCOUNT_NAME] = { "onPremisesSamAccountName", U | G, 0 },
  [P_DOMAIN_NAME] = { "onPremisesDomainName", U | G, 0 },
  [P_ONPREM_UPN] = { "onPremisesUserPrincipalName", U, 0 },
  [P_DISTINGUISHED_NAME] = { "onPremisesDistinguishedName", U, 0 },
  [P_SECURITY_IDENTIFIER] = { "onPremisesSecurityIdentifier", U | G, G },
  [P_PROVISIONING_ERRORS] = { "onPremisesProvisioningErrors", U | G | C, 0 },
  [P_SERVICE_PROVISIONING_ERRORS] = { "serviceProvisioningErrors", U | G | C, 0 },
};

static const char *type_names[DSC_FAKE_N_KINDS] = { "user", "group", "orgContact" };
static const char *resource_names[DSC_FAKE_N_KINDS] = { "User", "Group", "OrgContact" };
static const char *set_names[DSC_FAKE_N_KINDS] = { "users", "groups", "contacts" };

typedef struct {
  gboolean want[N_PROPS];
  char    *last_sync;      /* formatted once per page, or NULL for null */
  gboolean with_type;      /* "@odata.type" on directoryObject collections */
} ObjectWriter;

static void
object_writer_clear (ObjectWriter *writer)
{
  g_clear_pointer (&writer->last_sync, g_free);
}

/* FALSE (with the response set) when $select names a property the type lacks. */
static gboolean
object_writer_init (Call         *call,
                    DscFakeKind   kind,
                    ObjectWriter *writer)
{
  GPtrArray *select = call->query->select;
  gint64 last_sync = dsc_fake_scenario_last_sync (call->sc, call->ctx->now, call->ctx->live);
  guint i, p;

  memset (writer, 0, sizeof *writer);
  writer->last_sync = last_sync >= 0 ? dsc_fake_json_format_time (last_sync) : NULL;

  if (select == NULL || select->len == 0)
    {
      for (p = 0; p < N_PROPS; p++)
        writer->want[p] = (props[p].defaults & (1 << kind)) != 0;
      return TRUE;
    }

  writer->want[P_ID] = TRUE;
  for (i = 0; i < select->len; i++)
    {
      const char *name = g_ptr_array_index (select, i);
      gboolean found = FALSE;

      for (p = 0; p < N_PROPS && !found; p++)
        if ((props[p].kinds & (1 << kind)) && eq (props[p].name, name))
          found = writer->want[p] = TRUE;

      if (!found)
        {
          object_writer_clear (writer);
          fail (call, 400, "BadRequest",
                "Could not find a property named '%s' on type 'microsoft.graph.%s'.",
                name, type_names[kind]);
          return FALSE;
        }
    }
  return TRUE;
}

static JsonNode *
extra_member (const DscFakeObject *obj,
              const char          *name)
{
  return obj->extra != NULL ? json_object_get_member (obj->extra, name) : NULL;
}

/* The UPN the on-premises object has: for a quarantined duplicate it is the
 * value in conflict, not the placeholder the cloud object was given. */
static const char *
onprem_upn (const DscFakeScenario *sc,
            const DscFakeObject   *obj)
{
  guint i;

  for (i = 0; i < obj->n_errors; i++)
    {
      const DscFakeProvError *e = &g_array_index (sc->errors, DscFakeProvError,
                                                  obj->error_first + i);

      if (g_str_equal (e->property, "UserPrincipalName"))
        return e->value;
    }
  return obj->upn;
}

static void
append_local_part (GString    *out,
                   const char *address,
                   gsize       max)
{
  g_autofree char *local = g_strndup (address, MIN (strcspn (address, "@"), max));

  dsc_fake_json_append_string (out, local);
}

/* givenName / surname for generated people: "Adele Vance (Fabrikam)". */
static void
append_name_part (GString             *out,
                  const DscFakeObject *obj,
                  gboolean             given)
{
  const char *name = obj->display_name;
  const char *space = strchr (name, ' ');
  const char *paren = strstr (name, " (");
  g_autofree char *part = NULL;

  if (space == NULL || obj->kind == DSC_FAKE_GROUP)
    {
      g_string_append (out, "null");
      return;
    }
  if (given)
    part = g_strndup (name, space - name);
  else
    part = g_strndup (space + 1, (paren != NULL && paren > space ? paren : name + strlen (name))
                                 - (space + 1));
  dsc_fake_json_append_string (out, part);
}

static void
append_distinguished_name (GString               *out,
                           const DscFakeScenario *sc,
                           const DscFakeObject   *obj)
{
  static const char *ous[DSC_FAKE_N_KINDS] = { "Users", "Groups", "Contacts" };
  GString *dn = g_string_new ("CN=");
  g_auto(GStrv) labels = g_strsplit (sc->on_premises_domain ? sc->on_premises_domain : "corp",
                                     ".", -1);
  const char *p;
  guint i;

  for (p = obj->display_name; *p; p++)
    {
      if (strchr (",+\"\\<>;=", *p) != NULL)
        g_string_append_c (dn, '\\');
      g_string_append_c (dn, *p);
    }
  g_string_append_printf (dn, ",OU=%s,OU=Contoso", ous[obj->kind]);
  for (i = 0; labels[i] != NULL; i++)
    g_string_append_printf (dn, ",DC=%s", labels[i]);

  dsc_fake_json_append_string (out, dn->str);
  g_string_free (dn, TRUE);
}

/* Connect derives the immutable id from the AD objectGUID; here it is
 * derived from the cloud id, which is just as stable. */
static void
append_immutable_id (GString             *out,
                     const DscFakeObject *obj)
{
  guchar bytes[16] = { 0 };
  g_autofree char *b64 = NULL;
  guint n = 0;
  const char *p;

  for (p = obj->id; *p && n < 32; p++)
    {
      int v = g_ascii_xdigit_value (*p);

      if (v < 0)
        continue;
      bytes[n / 2] = (guchar) ((bytes[n / 2] << 4) | v);
      n++;
    }
  for (n = 0; n < 16; n++)
    bytes[n] ^= 0x5a;
  b64 = g_base64_encode (bytes, sizeof bytes);
  dsc_fake_json_append_string (out, b64);
}

static void
append_errors (GString               *out,
               Call                  *call,
               const DscFakeObject   *obj)
{
  guint i;

  g_string_append_c (out, '[');
  for (i = 0; i < obj->n_errors; i++)
    {
      const DscFakeProvError *e = &g_array_index (call->sc->errors, DscFakeProvError,
                                                  obj->error_first + i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"category\":\"PropertyConflict\",\"occurredDateTime\":");
      dsc_fake_json_append_time (out, dsc_fake_scenario_time_ago (call->sc, e->occurred_ago));
      g_string_append (out, ",\"propertyCausingError\":");
      dsc_fake_json_append_string (out, e->property);
      g_string_append (out, ",\"value\":");
      dsc_fake_json_append_string (out, e->value);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_value (GString             *out,
              Call                *call,
              const ObjectWriter  *writer,
              guint                index,
              const DscFakeObject *obj,
              PropId               p)
{
  DscFakeScenario *sc = call->sc;
  gboolean from_ad = obj->sync_enabled != -1;
  JsonNode *extra = NULL;
  guint i;

  switch (p)
    {
    case P_ID:
      dsc_fake_json_append_string (out, obj->id);
      return;
    case P_DISPLAY_NAME:
      dsc_fake_json_append_string (out, obj->display_name);
      return;
    case P_UPN:
      dsc_fake_json_append_string (out, obj->upn);
      return;
    case P_MAIL:
      dsc_fake_json_append_string (out, obj->mail);
      return;
    case P_PROXY_ADDRESSES:
      g_string_append_c (out, '[');
      for (i = 0; i < obj->n_proxies; i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          dsc_fake_json_append_string (out, g_ptr_array_index (sc->proxies, obj->proxy_first + i));
        }
      g_string_append_c (out, ']');
      return;
    case P_ACCOUNT_ENABLED:
      g_string_append (out, (obj->flags & DSC_FAKE_OBJECT_DISABLED) ? "false" : "true");
      return;
    case P_MAIL_ENABLED:
      g_string_append (out, obj->mail != NULL ? "true" : "false");
      return;
    case P_SECURITY_ENABLED:
      g_string_append (out, (obj->flags & DSC_FAKE_OBJECT_SECURITY) ? "true" : "false");
      return;
    case P_SYNC_ENABLED:
      g_string_append (out, obj->sync_enabled == 1 ? "true" : obj->sync_enabled == 0 ? "false"
                                                                                     : "null");
      return;
    case P_LAST_SYNC:
      if (from_ad && writer->last_sync != NULL)
        {
          g_string_append_c (out, '"');
          g_string_append (out, writer->last_sync);
          g_string_append_c (out, '"');
        }
      else
        g_string_append (out, "null");
      return;
    case P_PROVISIONING_ERRORS:
      append_errors (out, call, obj);
      return;
    case P_CREATED:
      /* Spread over the last few years, stable per object. */
      dsc_fake_json_append_time (out, dsc_fake_scenario_time_ago (
                                   sc, 86400 * (gint64) (200 + (index * 37) % 2000)
                                       + (index * 7919) % 86400));
      return;
    default:
      break;
    }

  /* Properties a scenario file may spell out; otherwise derived or null. */
  extra = extra_member (obj, props[p].name);
  if (extra != NULL)
    {
      dsc_fake_json_append_node (out, extra);
      return;
    }

  switch (p)
    {
    case P_GIVEN_NAME:
    case P_SURNAME:
      if (obj->extra == NULL)
        append_name_part (out, obj, p == P_GIVEN_NAME);
      else
        g_string_append (out, "null");
      break;
    case P_MAIL_NICKNAME:
      if (obj->mail != NULL || obj->upn != NULL)
        append_local_part (out, obj->mail != NULL ? obj->mail : obj->upn, G_MAXSIZE);
      else
        {
          g_autofree char *nick = g_strdup (obj->display_name);

          g_strdelimit (nick, " ,;:<>()[]\\\"@", '-');
          dsc_fake_json_append_string (out, nick);
        }
      break;
    case P_USER_TYPE:
      g_string_append (out, "\"Member\"");
      break;
    case P_BUSINESS_PHONES:
    case P_ADDRESSES:
    case P_PHONES:
    case P_SERVICE_PROVISIONING_ERRORS:
      g_string_append (out, "[]");
      break;
    case P_GROUP_TYPES:
      g_string_append (out, (obj->flags & DSC_FAKE_OBJECT_UNIFIED) ? "[\"Unified\"]" : "[]");
      break;
    case P_IMMUTABLE_ID:
      if (from_ad)
        append_immutable_id (out, obj);
      else
        g_string_append (out, "null");
      break;
    case P_SAM_ACCOUNT_NAME:
      if (!from_ad)
        g_string_append (out, "null");
      else if (obj->kind == DSC_FAKE_USER)
        append_local_part (out, onprem_upn (sc, obj), 20);
      else
        {
          g_autofree char *sam = g_strndup (obj->display_name, 64);

          dsc_fake_json_append_string (out, sam);
        }
      break;
    case P_DOMAIN_NAME:
      dsc_fake_json_append_string (out, from_ad ? sc->on_premises_domain : NULL);
      break;
    case P_ONPREM_UPN:
      dsc_fake_json_append_string (out, from_ad ? onprem_upn (sc, obj) : NULL);
      break;
    case P_DISTINGUISHED_NAME:
      if (from_ad)
        append_distinguished_name (out, sc, obj);
      else
        g_string_append (out, "null");
      break;
    case P_SECURITY_IDENTIFIER:
      if (from_ad)
        g_string_append_printf (out, "\"S-1-5-21-3623811015-3361044348-30300820-%u\"",
                                1100 + index);
      else
        g_string_append (out, "null");
      break;
    default:
      g_string_append (out, "null");
    }
}

static void
write_object (Call               *call,
              const ObjectWriter *writer,
              guint               index)
{
  GString *out = call->resp->body;
  const DscFakeObject *obj = dsc_fake_scenario_object (call->sc, index);
  gboolean first = TRUE;
  guint p;

  g_string_append_c (out, '{');
  if (writer->with_type)
    {
      g_autofree char *type = g_strdup_printf ("#microsoft.graph.%s", type_names[obj->kind]);

      dsc_fake_json_append_key (out, "@odata.type", &first);
      dsc_fake_json_append_string (out, type);
    }
  for (p = 0; p < N_PROPS; p++)
    {
      if (!writer->want[p] || !(props[p].kinds & (1 << obj->kind)))
        continue;
      dsc_fake_json_append_key (out, props[p].name, &first);
      append_value (out, call, writer, index, obj, (PropId) p);
    }
  g_string_append_c (out, '}');
}

/* Graph's resource-unit cost (§1.11): users 2, others 1, $select −1, min 1. */
static void
cost (Call  *call,
      guint  units)
{
  if (call->query->select != NULL && units > 1)
    units--;
  call->resource_units = MAX (units, 1);
}

typedef struct {
  GArray *list;      /* guint32 indices, or NULL for a contiguous range */
  guint   first;
  guint   n;
} ResultSet;

static guint
result_index (const ResultSet *rs,
              guint            i)
{
  return rs->list != NULL ? g_array_index (rs->list, guint32, i) : rs->first + i;
}

static gint
compare_u32 (const void *a,
             const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
sort_unique (GArray *array)
{
  guint32 *items = (guint32 *) (gpointer) array->data;
  guint i, kept = 1;

  if (array->len < 2)
    return;
  qsort (items, array->len, sizeof (guint32), compare_u32);
  for (i = 1; i < array->len; i++)
    if (items[i] != items[kept - 1])
      items[kept++] = items[i];
  g_array_set_size (array, kept);
}

/* startsWith is case-insensitive, as Graph compares directory strings; a
 * missing value starts with nothing, under not(…) too (null, not true). */
static gboolean
prefixes_match (const DscFakeFilter *filter,
                const char          *value)
{
  guint s, p;

  if (value == NULL)
    return FALSE;
  for (s = 0; s < filter->prefix_sets->len; s++)
    {
      const DscFakePrefixSet *set = g_ptr_array_index (filter->prefix_sets, s);
      gboolean any = FALSE;

      for (p = 0; p < set->prefixes->len && !any; p++)
        {
          const char *prefix = g_ptr_array_index (set->prefixes, p);

          any = g_ascii_strncasecmp (value, prefix, strlen (prefix)) == 0;
        }
      if (any == set->negated)
        return FALSE;
    }
  return TRUE;
}

/* Applies $filter to a directory list; FALSE with the response set. */
static gboolean
filter_objects (Call        *call,
                DscFakeKind  kind,
                ResultSet   *rs)
{
  g_autoptr(DscFakeError) error = NULL;
  g_autoptr(DscFakeFilter) filter = dsc_fake_filter_parse (call->query->filter, &error);
  GArray *in_error = call->sc->in_error[kind];
  guint i, j;

  if (filter == NULL)
    {
      fail_with (call, error);
      return FALSE;
    }

  if (filter->prefix_sets != NULL)
    {
      /* startsWith on userPrincipalName works by default; not(…) only in an
       * advanced query; an "or" takes at most 15 clauses. */
      if (kind != DSC_FAKE_USER
          || g_ascii_strcasecmp (filter->prefix_property, "userPrincipalName") != 0)
        goto unsupported;
      if (filter->uses_not && !(eventual (call) && call->query->count))
        {
          fail (call, 400, "Request_UnsupportedQuery",
                "Unsupported query: the 'not' operator needs the ConsistencyLevel header set "
                "to 'eventual' and $count=true (an advanced query).");
          return FALSE;
        }
      if (filter->max_or_children > DSC_FAKE_MAX_IN_VALUES)
        {
          fail (call, 400, "Request_UnsupportedQuery",
                "Too many child clauses specified in search filter expression containing 'OR' "
                "operators: %u. Max allowed: %d.", filter->max_or_children,
                DSC_FAKE_MAX_IN_VALUES);
          return FALSE;
        }
    }

  rs->list = g_array_new (FALSE, FALSE, sizeof (guint32));
  switch (filter->kind)
    {
    case DSC_FAKE_FILTER_ERROR_CATEGORY:
      if (call->ctx->reject_error_filter)
        goto unsupported;
      if (eq (g_ptr_array_index (filter->values, 0), "PropertyConflict"))
        g_array_append_vals (rs->list, in_error->data, in_error->len);
      break;

    case DSC_FAKE_FILTER_ERROR_PROPERTY:
      if (call->ctx->reject_error_filter)
        goto unsupported;
      for (i = 0; i < in_error->len; i++)
        {
          guint32 idx = g_array_index (in_error, guint32, i);
          const DscFakeObject *obj = dsc_fake_scenario_object (call->sc, idx);

          for (j = 0; j < obj->n_errors; j++)
            if (eq (g_array_index (call->sc->errors, DscFakeProvError,
                                   obj->error_first + j).property,
                    g_ptr_array_index (filter->values, 0)))
              {
                g_array_append_val (rs->list, idx);
                break;
              }
        }
      break;

    case DSC_FAKE_FILTER_UPN:
      if (kind != DSC_FAKE_USER)
        goto unsupported;
      if (eventual (call) && call->query->count)
        {
          /* Advanced query: the URL, not the count of values, is the limit. */
          if (call->url_length > DSC_FAKE_MAX_URL)
            {
              fail (call, 400, "Request_BadRequest",
                    "The request URL is %" G_GSIZE_FORMAT " characters long; the maximum is %d.",
                    call->url_length, DSC_FAKE_MAX_URL);
              return FALSE;
            }
        }
      else if (filter->values->len > DSC_FAKE_MAX_IN_VALUES)
        {
          fail (call, 400, "Request_UnsupportedQuery",
                "Too many child clauses specified in search filter expression containing 'OR' "
                "operators: %u. Max allowed: %d.", filter->values->len, DSC_FAKE_MAX_IN_VALUES);
          return FALSE;
        }
      for (i = 0; i < filter->values->len; i++)
        dsc_fake_scenario_find_upn (call->sc, g_ptr_array_index (filter->values, i), kind,
                                    rs->list);
      sort_unique (rs->list);
      break;

    case DSC_FAKE_FILTER_PROXY:
      /* Graph caps "or" clauses as it caps "in" values. */
      if (filter->values->len > DSC_FAKE_MAX_IN_VALUES)
        {
          fail (call, 400, "Request_UnsupportedQuery",
                "Too many child clauses specified in search filter expression containing 'OR' "
                "operators: %u. Max allowed: %d.", filter->values->len, DSC_FAKE_MAX_IN_VALUES);
          return FALSE;
        }
      for (i = 0; i < filter->values->len; i++)
        dsc_fake_scenario_find_proxy (call->sc, g_ptr_array_index (filter->values, i), kind,
                                      rs->list);
      sort_unique (rs->list);
      break;

    case DSC_FAKE_FILTER_IS_RESOLVED:
    case DSC_FAKE_FILTER_UNSUPPORTED:
    default:
      goto unsupported;
    }

  if (filter->prefix_sets != NULL)
    {
      guint kept = 0;

      for (i = 0; i < rs->list->len; i++)
        {
          guint32 idx = g_array_index (rs->list, guint32, i);

          if (prefixes_match (filter, dsc_fake_scenario_object (call->sc, idx)->upn))
            g_array_index (rs->list, guint32, kept++) = idx;
        }
      g_array_set_size (rs->list, kept);
    }

  rs->n = rs->list->len;
  return TRUE;

unsupported:
  fail (call, 400, "Request_UnsupportedQuery",
        "Unsupported or invalid query filter clause specified for property '%s' of resource '%s'.",
        filter->property, resource_names[kind]);
  return FALSE;
}

static void
serve_object_list (Call        *call,
                   DscFakeKind  kind)
{
  ObjectWriter writer;
  ResultSet rs = { NULL, call->sc->first[kind], call->sc->count[kind] };
  guint offset, top, i, end;

  if (denied (call, set_names[kind]))
    return;
  if (!object_writer_init (call, kind, &writer))
    return;

  if (call->query->count && !eventual (call))
    {
      fail (call, 400, "Request_UnsupportedQuery",
            "$count=true requires ConsistencyLevel header set to 'eventual' (an advanced query).");
      goto out;
    }
  if (call->query->filter != NULL && !filter_objects (call, kind, &rs))
    goto out;
  if (!page_window (call, rs.n, DSC_FAKE_DEFAULT_TOP, &offset, &top))
    goto out;

  begin_collection (call, set_names[kind], rs.n, offset, top);
  end = MIN ((guint64) offset + top, rs.n);
  for (i = offset; i < end; i++)
    {
      if (i > offset)
        g_string_append_c (call->resp->body, ',');
      write_object (call, &writer, result_index (&rs, i));
    }
  end_collection (call);
  cost (call, kind == DSC_FAKE_USER ? 2 : 1);

out:
  if (rs.list != NULL)
    g_array_unref (rs.list);
  object_writer_clear (&writer);
}

static void
serve_object (Call        *call,
              DscFakeKind  kind,
              guint        index,
              gboolean     with_type)
{
  ObjectWriter writer;
  g_autofree char *suffix = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *context = NULL;
  GString *out = call->resp->body;
  g_autoptr(GString) body = g_string_new (NULL);

  if (!object_writer_init (call, kind, &writer))
    return;
  writer.with_type = with_type;

  suffix = select_suffix (call);
  fragment = g_strdup_printf ("%s%s/$entity", set_names[kind], suffix);
  context = context_url (call, fragment);

  g_string_truncate (out, 0);
  write_object (call, &writer, index);
  /* Splice "@odata.context" in as the first member. */
  g_string_append (body, "{\"@odata.context\":");
  dsc_fake_json_append_string (body, context);
  if (out->len > 2)
    g_string_append_c (body, ',');
  g_string_append (body, out->str + 1);
  g_string_assign (out, body->str);

  cost (call, kind == DSC_FAKE_USER ? 2 : 1);
  object_writer_clear (&writer);
}

static void
serve_count (Call        *call,
             DscFakeKind  kind)
{
  ResultSet rs = { NULL, call->sc->first[kind], call->sc->count[kind] };

  if (denied (call, set_names[kind]))
    return;
  if (!eventual (call))
    {
      fail (call, 400, "Request_UnsupportedQuery",
            "Counting with /$count requires ConsistencyLevel header set to 'eventual'.");
      return;
    }
  if (call->query->filter != NULL && !filter_objects (call, kind, &rs))
    {
      if (rs.list != NULL)
        g_array_unref (rs.list);
      return;
    }
  g_string_printf (call->resp->body, "%u", rs.n);
  call->resp->content_type = "text/plain";
  if (rs.list != NULL)
    g_array_unref (rs.list);
  cost (call, 1);
}

static void
route_objects (Call        *call,
               DscFakeKind  kind,
               const char  *key_value)
{
  const char *id = key_value != NULL ? key_value : segment (call, 1);
  guint extra_segments = key_value != NULL ? 1 : 2;
  int index;

  if (id == NULL)
    {
      serve_object_list (call, kind);
      return;
    }
  if (key_value == NULL && g_str_equal (id, "$count") && call->n_segments == 2)
    {
      serve_count (call, kind);
      return;
    }
  if (call->n_segments > extra_segments)
    {
      unknown_segment (call, segment (call, extra_segments));
      return;
    }
  if (denied (call, set_names[kind]))
    return;
  index = dsc_fake_scenario_find_object (call->sc, kind, id);
  if (index < 0)
    {
      not_found (call, id);
      return;
    }
  serve_object (call, kind, (guint) index, FALSE);
}

/* ---- JSON-shaped resources ---------------------------------------------- */

static JsonNode *
find_member_caseless (JsonObject *object,
                      const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member_name, &member))
    if (eq (member_name, name))
      return member;
  return NULL;
}

static gboolean
selected (Call       *call,
          const char *name)
{
  GPtrArray *select = call->query->select;
  guint i;

  if (select == NULL || select->len == 0 || g_str_equal (name, "id"))
    return TRUE;
  for (i = 0; i < select->len; i++)
    if (eq (g_ptr_array_index (select, i), name))
      return TRUE;
  return FALSE;
}

/* $select against what the entities have; FALSE with the response set. */
static gboolean
check_select (Call       *call,
              GPtrArray  *items,
              const char *type_name)
{
  GPtrArray *select = call->query->select;
  guint i, j;

  if (select == NULL || items->len == 0)
    return TRUE;
  for (i = 0; i < select->len; i++)
    {
      const char *name = g_ptr_array_index (select, i);
      gboolean found = FALSE;

      for (j = 0; j < items->len && !found; j++)
        found = find_member_caseless (g_ptr_array_index (items, j), name) != NULL;
      if (!found)
        {
          fail (call, 400, "BadRequest",
                "Could not find a property named '%s' on type 'microsoft.graph.%s'.",
                name, type_name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
write_entity (Call       *call,
              GString    *out,
              JsonObject *object,
              gboolean    first)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!selected (call, name))
        continue;
      dsc_fake_json_append_key (out, name, &first);
      dsc_fake_json_append_node (out, member);
    }
}

/* @items: JsonObject *, owned by the caller. Pageable lists honour $top. */
static void
serve_json_list (Call       *call,
                 const char *fragment,
                 const char *type_name,
                 GPtrArray  *items,
                 gboolean    pageable)
{
  guint offset = 0, top = G_MAXUINT, i, end;

  if (!check_select (call, items, type_name))
    return;
  if (pageable && !page_window (call, items->len, DSC_FAKE_DEFAULT_TOP, &offset, &top))
    return;

  begin_collection (call, fragment, items->len, offset, top);
  end = MIN ((guint64) offset + top, items->len);
  for (i = offset; i < end; i++)
    {
      if (i > offset)
        g_string_append_c (call->resp->body, ',');
      g_string_append_c (call->resp->body, '{');
      write_entity (call, call->resp->body, g_ptr_array_index (items, i), TRUE);
      g_string_append_c (call->resp->body, '}');
    }
  end_collection (call);
  cost (call, 1);
}

static void
serve_json_entity (Call       *call,
                   const char *fragment,
                   const char *type_name,
                   JsonObject *object)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *suffix = NULL;
  g_autofree char *full = NULL;
  g_autofree char *context = NULL;
  GString *out = call->resp->body;
  gboolean first = TRUE;

  g_ptr_array_add (items, object);
  if (!check_select (call, items, type_name))
    return;

  suffix = select_suffix (call);
  full = g_strdup_printf ("%s%s/$entity", fragment, suffix);
  context = context_url (call, full);

  g_string_truncate (out, 0);
  g_string_append_c (out, '{');
  dsc_fake_json_append_key (out, "@odata.context", &first);
  dsc_fake_json_append_string (out, context);
  write_entity (call, out, object, FALSE);
  g_string_append_c (out, '}');
  cost (call, 1);
}

static gboolean
no_filter (Call       *call,
           const char *resource)
{
  g_autoptr(DscFakeError) error = NULL;
  g_autoptr(DscFakeFilter) filter = NULL;

  if (call->query->filter == NULL)
    return TRUE;
  filter = dsc_fake_filter_parse (call->query->filter, &error);
  if (filter == NULL)
    fail_with (call, error);
  else
    fail (call, 400, "Request_UnsupportedQuery",
          "Unsupported or invalid query filter clause specified for property '%s' of resource "
          "'%s'.", filter->property, resource);
  return FALSE;
}

static void
set_time (JsonObject *object,
          const char *name,
          gint64      unix_seconds)
{
  if (unix_seconds < 0)
    json_object_set_null_member (object, name);
  else
    {
      g_autofree char *text = dsc_fake_json_format_time (unix_seconds);

      json_object_set_string_member (object, name, text);
    }
}

static void
set_string (JsonObject *object,
            const char *name,
            const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, name);
  else
    json_object_set_string_member (object, name, value);
}

/* Copies @name from @src (a scenario object) or sets @fallback / null. */
static void
copy_or (JsonObject *dst,
         JsonObject *src,
         const char *name,
         gboolean    empty_array)
{
  JsonNode *node = src != NULL ? json_object_get_member (src, name) : NULL;

  if (node != NULL)
    json_object_set_member (dst, name, json_node_copy (node));
  else if (empty_array)
    json_object_set_array_member (dst, name, json_array_new ());
  else
    json_object_set_null_member (dst, name);
}

static gint64
days_ago (Call       *call,
          JsonObject *object,
          const char *member,
          double      def)
{
  double days = dsc_fake_json_member_double (object, member, def);

  return days < 0 ? -1 : dsc_fake_scenario_time_ago (call->sc, (gint64) (days * 86400.0));
}

static gint64
hours_ago (Call       *call,
           JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  double hours = dsc_fake_json_member_double (object, member, -1);

  if (node == NULL || hours < 0)
    return -1;
  return dsc_fake_scenario_time_ago (call->sc, (gint64) (hours * 3600.0));
}

/* A list of JsonObject * entities to answer with. */
static GPtrArray *
new_items (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

/* ---- organization -------------------------------------------------------- */

static JsonArray *
verified_domains (Call *call)
{
  JsonArray *result = json_array_new ();
  JsonArray *domains = call->sc->domains;
  guint i, j;

  for (i = 0; domains != NULL && i < json_array_get_length (domains); i++)
    {
      JsonObject *d = dsc_fake_json_element_object (domains, i);
      JsonObject *v;
      JsonArray *services;
      GString *caps;

      if (d == NULL || !dsc_fake_json_member_bool (d, "isVerified", TRUE))
        continue;
      services = dsc_fake_json_member_array (d, "supportedServices");
      caps = g_string_new (NULL);
      for (j = 0; services != NULL && j < json_array_get_length (services); j++)
        {
          const char *service = dsc_fake_json_element_string (services, j);

          if (service == NULL)
            continue;
          if (caps->len > 0)
            g_string_append (caps, ", ");
          g_string_append (caps, service);
        }

      v = json_object_new ();
      json_object_set_string_member (v, "capabilities", caps->len > 0 ? caps->str : "None");
      json_object_set_boolean_member (v, "isDefault",
                                      dsc_fake_json_member_bool (d, "isDefault", FALSE));
      json_object_set_boolean_member (v, "isInitial",
                                      dsc_fake_json_member_bool (d, "isInitial", FALSE));
      set_string (v, "name", dsc_fake_json_member_string (d, "id"));
      set_string (v, "type", dsc_fake_json_member_string (d, "authenticationType")
                             ? dsc_fake_json_member_string (d, "authenticationType") : "Managed");
      json_array_add_object_element (result, v);
      g_string_free (caps, TRUE);
    }
  return result;
}

static JsonObject *
build_organization (Call *call)
{
  DscFakeScenario *sc = call->sc;
  JsonObject *tenant = sc->tenant;
  JsonObject *org = json_object_new ();

  set_string (org, "id", sc->tenant_id);
  json_object_set_null_member (org, "deletedDateTime");
  copy_or (org, tenant, "businessPhones", TRUE);
  copy_or (org, tenant, "city", FALSE);
  copy_or (org, tenant, "country", FALSE);
  copy_or (org, tenant, "countryLetterCode", FALSE);
  set_time (org, "createdDateTime", days_ago (call, tenant, "createdDaysAgo", 2400));
  set_string (org, "displayName", sc->display_name);
  copy_or (org, tenant, "marketingNotificationEmails", TRUE);
  set_time (org, "onPremisesLastSyncDateTime",
            dsc_fake_scenario_last_sync (sc, call->ctx->now, call->ctx->live));
  if (sc->sync_enabled == -1)
    json_object_set_null_member (org, "onPremisesSyncEnabled");
  else
    json_object_set_boolean_member (org, "onPremisesSyncEnabled", sc->sync_enabled == 1);
  copy_or (org, tenant, "postalCode", FALSE);
  copy_or (org, tenant, "preferredLanguage", FALSE);
  copy_or (org, tenant, "securityComplianceNotificationMails", TRUE);
  copy_or (org, tenant, "securityComplianceNotificationPhones", TRUE);
  copy_or (org, tenant, "state", FALSE);
  copy_or (org, tenant, "street", FALSE);
  copy_or (org, tenant, "technicalNotificationMails", TRUE);
  set_string (org, "tenantType", dsc_fake_json_member_string (tenant, "tenantType")
                                 ? dsc_fake_json_member_string (tenant, "tenantType") : "AAD");
  json_object_set_array_member (org, "assignedPlans", json_array_new ());
  json_object_set_null_member (org, "privacyProfile");
  json_object_set_array_member (org, "provisionedPlans", json_array_new ());
  json_object_set_array_member (org, "verifiedDomains", verified_domains (call));

  /* Beta only (§1.2): v1.0 answers 400 when they are selected. */
  if (call->beta)
    {
      set_time (org, "onPremisesLastPasswordSyncDateTime",
                dsc_fake_scenario_last_password_sync (sc, call->ctx->now, call->ctx->live));
      if (sc->has_quota)
        {
          JsonObject *quota = json_object_new ();

          json_object_set_int_member (quota, "used", sc->quota_used);
          json_object_set_int_member (quota, "total", sc->quota_total);
          json_object_set_object_member (org, "directorySizeQuota", quota);
        }
      else
        json_object_set_null_member (org, "directorySizeQuota");
    }
  return org;
}

static void
route_organization (Call *call)
{
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *id = segment (call, 1);

  if (denied (call, call->beta ? "orgBeta" : "org") || !no_filter (call, "Organization"))
    return;
  if (call->n_segments > 2)
    {
      unknown_segment (call, segment (call, 2));
      return;
    }

  org = build_organization (call);
  if (id != NULL)
    {
      if (!eq (id, call->sc->tenant_id))
        not_found (call, id);
      else
        serve_json_entity (call, "organization", "organization", org);
      return;
    }

  items = g_ptr_array_new ();
  g_ptr_array_add (items, org);
  serve_json_list (call, "organization", "organization", items, FALSE);
}

/* ---- domains ------------------------------------------------------------- */

static JsonObject *
build_domain (JsonObject *d)
{
  JsonObject *o = json_object_new ();
  const char *auth = dsc_fake_json_member_string (d, "authenticationType");

  json_object_set_string_member (o, "authenticationType", auth ? auth : "Managed");
  json_object_set_null_member (o, "availabilityStatus");
  set_string (o, "id", dsc_fake_json_member_string (d, "id"));
  json_object_set_boolean_member (o, "isAdminManaged",
                                  dsc_fake_json_member_bool (d, "isAdminManaged", TRUE));
  json_object_set_boolean_member (o, "isDefault",
                                  dsc_fake_json_member_bool (d, "isDefault", FALSE));
  json_object_set_boolean_member (o, "isInitial",
                                  dsc_fake_json_member_bool (d, "isInitial", FALSE));
  json_object_set_boolean_member (o, "isRoot", dsc_fake_json_member_bool (d, "isRoot", TRUE));
  json_object_set_boolean_member (o, "isVerified",
                                  dsc_fake_json_member_bool (d, "isVerified", TRUE));
  json_object_set_int_member (o, "passwordNotificationWindowInDays", 14);
  json_object_set_int_member (o, "passwordValidityPeriodInDays", 2147483647);
  copy_or (o, d, "supportedServices", TRUE);
  json_object_set_null_member (o, "state");
  return o;
}

static void
route_domains (Call *call)
{
  g_autoptr(GPtrArray) items = new_items ();
  JsonArray *domains = call->sc->domains;
  const char *id = segment (call, 1);
  guint i;

  if (denied (call, "domains") || !no_filter (call, "Domain"))
    return;
  if (call->n_segments > 2)
    {
      unknown_segment (call, segment (call, 2));
      return;
    }

  for (i = 0; domains != NULL && i < json_array_get_length (domains); i++)
    {
      JsonObject *d = dsc_fake_json_element_object (domains, i);

      if (d != NULL && (id == NULL || eq (id, dsc_fake_json_member_string (d, "id"))))
        g_ptr_array_add (items, build_domain (d));
    }

  if (id == NULL)
    serve_json_list (call, "domains", "domain", items, TRUE);
  else if (items->len == 0)
    not_found (call, id);
  else
    serve_json_entity (call, "domains", "domain", g_ptr_array_index (items, 0));
}

/* ---- directory/onPremisesSynchronization --------------------------------- */

/* The feature flags v1.0 knows (§1.3.3); beta adds the rest. */
static const char * const v1_features[] = {
  "blockCloudObjectTakeoverThroughHardMatchEnabled", "blockSoftMatchEnabled",
  "bypassDirSyncOverridesEnabled", "cloudPasswordPolicyForPasswordSyncedUsersEnabled",
  "concurrentCredentialUpdateEnabled", "concurrentOrgIdProvisioningEnabled",
  "deviceWritebackEnabled", "directoryExtensionsEnabled", "fopeConflictResolutionEnabled",
  "groupWriteBackEnabled", "passwordSyncEnabled", "passwordWritebackEnabled",
  "quarantineUponProxyAddressesConflictEnabled", "quarantineUponUpnConflictEnabled",
  "softMatchOnUpnEnabled", "synchronizeUpnForManagedUsersEnabled",
  "unifiedGroupWritebackEnabled", "userForcePasswordChangeOnLogonEnabled",
  "userWritebackEnabled", NULL
};

static JsonObject *
filtered_copy (JsonObject         *src,
               const char * const *keep)
{
  JsonObject *dst = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (src == NULL)
    return dst;
  json_object_iter_init_ordered (&iter, src);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (keep == NULL || g_strv_contains (keep, name))
      json_object_set_member (dst, name, json_node_copy (member));
  return dst;
}

static JsonObject *
build_sync (Call *call)
{
  static const char * const v1_configuration[] = { "accidentalDeletionPrevention", NULL };
  JsonObject *src = call->sc->on_premises_sync;
  JsonObject *o = json_object_new ();
  JsonObject *configuration = dsc_fake_json_member_object (src, "configuration");

  set_string (o, "id", call->sc->tenant_id);
  if (configuration == NULL)
    json_object_set_null_member (o, "configuration");
  else
    json_object_set_object_member (o, "configuration",
                                   filtered_copy (configuration,
                                                  call->beta ? NULL : v1_configuration));
  json_object_set_object_member (o, "features",
                                 filtered_copy (dsc_fake_json_member_object (src, "features"),
                                                call->beta ? NULL : v1_features));
  return o;
}

static void
route_sync (Call *call)
{
  g_autoptr(GPtrArray) items = new_items ();
  const char *id = segment (call, 2);

  if (call->n_segments < 2 || !eq (segment (call, 1), "onPremisesSynchronization"))
    {
      unknown_segment (call, call->n_segments < 2 ? "directory" : segment (call, 1));
      return;
    }
  if (call->n_segments > 3)
    {
      unknown_segment (call, segment (call, 3));
      return;
    }
  if (denied (call, "sync") || !no_filter (call, "OnPremisesDirectorySynchronization"))
    return;

  if (call->sc->on_premises_sync != NULL)
    g_ptr_array_add (items, build_sync (call));

  if (id == NULL)
    serve_json_list (call, "directory/onPremisesSynchronization",
                     "onPremisesDirectorySynchronization", items, FALSE);
  else if (items->len == 0 || !eq (id, call->sc->tenant_id))
    not_found (call, id);
  else
    serve_json_entity (call, "directory/onPremisesSynchronization",
                       "onPremisesDirectorySynchronization", g_ptr_array_index (items, 0));
}

/* ---- sync identities: directory roles, service principal ----------------- */

typedef struct {
  const char *template_id;
  const char *display_name;
  const char *description;
} RoleInfo;

static const RoleInfo roles[] = {
  { DSC_SYNC_ROLE_TEMPLATE_ID, "Directory Synchronization Accounts",
    "Only used by Microsoft Entra Connect and Microsoft Entra Cloud Sync services." },
  { GLOBAL_ADMIN_TEMPLATE, "Global Administrator",
    "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft "
    "Entra identities." },
};

static void
role_id (Call           *call,
         const RoleInfo *role,
         char            out[37])
{
  g_autofree char *key = g_strdup_printf ("directoryRole/%s", role->template_id);

  dsc_fake_scenario_derive_id (call->sc, key, out);
}

static gboolean
role_active (Call           *call,
             const RoleInfo *role)
{
  return role != &roles[0] || call->sc->sync_role_active;
}

static JsonObject *
build_role (Call           *call,
            const RoleInfo *role)
{
  JsonObject *o = json_object_new ();
  char id[37];

  role_id (call, role, id);
  json_object_set_string_member (o, "id", id);
  json_object_set_null_member (o, "deletedDateTime");
  json_object_set_string_member (o, "description", role->description);
  json_object_set_string_member (o, "displayName", role->display_name);
  json_object_set_string_member (o, "roleTemplateId", role->template_id);
  return o;
}

static void
serve_role_members (Call           *call,
                    const RoleInfo *role)
{
  ObjectWriter writer;
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint i;

  if (!object_writer_init (call, DSC_FAKE_USER, &writer))
    return;
  writer.with_type = TRUE;

  if (role == &roles[0])
    g_array_append_vals (members, call->sc->sync_accounts->data, call->sc->sync_accounts->len);
  else if (call->sc->global_admin != NULL)
    dsc_fake_scenario_find_upn (call->sc, call->sc->global_admin, DSC_FAKE_USER, members);

  /* directoryRole members don't page (§1.10): $top is not honoured. */
  begin_collection (call, "directoryObjects", members->len, 0, G_MAXUINT);
  for (i = 0; i < members->len; i++)
    {
      if (i > 0)
        g_string_append_c (call->resp->body, ',');
      write_object (call, &writer, g_array_index (members, guint32, i));
    }
  end_collection (call);
  cost (call, 1);
  object_writer_clear (&writer);
}

static void
route_directory_roles (Call       *call,
                       const char *key,
                       const char *value)
{
  const RoleInfo *role = NULL;
  const char *wanted = value;
  guint next = 1, i;

  if (denied (call, "syncAccounts") || !no_filter (call, "DirectoryRole"))
    return;

  if (value == NULL && call->n_segments == 1)
    {
      g_autoptr(GPtrArray) items = new_items ();

      for (i = 0; i < G_N_ELEMENTS (roles); i++)
        if (role_active (call, &roles[i]))
          g_ptr_array_add (items, build_role (call, &roles[i]));
      serve_json_list (call, "directoryRoles", "directoryRole", items, FALSE);
      return;
    }

  if (value == NULL)
    {
      wanted = segment (call, 1);
      next = 2;
    }
  else if (key != NULL && !eq (key, "roleTemplateId"))
    {
      fail (call, 400, "BadRequest",
            "'%s' is not a key property of 'microsoft.graph.directoryRole'.", key);
      return;
    }

  for (i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      char id[37];

      role_id (call, &roles[i], id);
      if ((key != NULL && eq (wanted, roles[i].template_id)) || (key == NULL && eq (wanted, id)))
        role = &roles[i];
    }

  /* A role that was never activated has no directoryRole object: 404, which
   * the app reads as "no legacy sync account". */
  if (role == NULL || !role_active (call, role))
    {
      not_found (call, wanted);
      return;
    }

  if (call->n_segments == next)
    {
      g_autoptr(JsonObject) o = build_role (call, role);

      serve_json_entity (call, "directoryRoles", "directoryRole", o);
    }
  else if (call->n_segments == next + 1 && eq (segment (call, next), "members"))
    serve_role_members (call, role);
  else
    unknown_segment (call, segment (call, next));
}

static JsonObject *
build_assignment (Call       *call,
                  JsonObject *app,
                  guint       n)
{
  JsonObject *o = json_object_new ();
  const char *id = dsc_fake_json_member_string (app, "id");
  const char *principal = dsc_fake_json_member_string (app, "principalId");
  const char *name = dsc_fake_json_member_string (app, "principalDisplayName");
  const char *type = dsc_fake_json_member_string (app, "principalType");
  const char *role = dsc_fake_json_member_string (app, "appRoleId");
  g_autofree char *id_key = g_strdup_printf ("appRoleAssignment/%u/%s", n, name ? name : "");
  g_autofree char *principal_key = g_strdup_printf ("servicePrincipal/%s", name ? name : "");
  char derived[37], derived_principal[37], resource[37];

  dsc_fake_scenario_derive_id (call->sc, id_key, derived);
  dsc_fake_scenario_derive_id (call->sc, principal_key, derived_principal);
  dsc_fake_scenario_derive_id (call->sc, "servicePrincipal/" DSC_SYNC_SERVICE_APP_ID, resource);

  json_object_set_string_member (o, "id", id ? id : derived);
  json_object_set_null_member (o, "deletedDateTime");
  json_object_set_string_member (o, "appRoleId", role ? role : SYNC_APP_ROLE_ID);
  set_time (o, "createdDateTime", days_ago (call, app, "createdDaysAgo", 90));
  set_string (o, "principalDisplayName", name);
  json_object_set_string_member (o, "principalId", principal ? principal : derived_principal);
  json_object_set_string_member (o, "principalType", type ? type : "ServicePrincipal");
  json_object_set_string_member (o, "resourceDisplayName", SYNC_SERVICE_NAME);
  json_object_set_string_member (o, "resourceId", resource);
  return o;
}

static void route_cloud_sync_configs (Call *call);
static void route_cloud_sync_jobs (Call *call, guint index);
static int find_cloud_config (Call *call, const char *id);

static void
route_service_principals (Call       *call,
                          const char *key,
                          const char *value)
{
  char sp_id[37];
  gboolean found;
  guint next = value != NULL ? 1 : 2;
  const char *wanted = value != NULL ? value : segment (call, 1);

  if (key == NULL && value == NULL && call->n_segments == 1 && call->query->filter != NULL)
    {
      route_cloud_sync_configs (call);
      return;
    }
  if (key == NULL && value == NULL && find_cloud_config (call, wanted) >= 0)
    {
      route_cloud_sync_jobs (call, (guint) find_cloud_config (call, wanted));
      return;
    }
  if (denied (call, "syncApps") || !no_filter (call, "ServicePrincipal"))
    return;
  if (wanted == NULL)
    {
      fail (call, 403, "Authorization_RequestDenied",
            "Listing every service principal is outside what this fake tenant serves.");
      return;
    }
  if (key != NULL && !eq (key, "appId"))
    {
      fail (call, 400, "BadRequest",
            "'%s' is not a key property of 'microsoft.graph.servicePrincipal'.", key);
      return;
    }

  dsc_fake_scenario_derive_id (call->sc, "servicePrincipal/" DSC_SYNC_SERVICE_APP_ID, sp_id);
  /* The first-party SP exists once sync was ever enabled; "syncApps": null
   * models a tenant where it doesn't. */
  found = call->sc->sync_apps != NULL
          && ((key != NULL && eq (wanted, DSC_SYNC_SERVICE_APP_ID))
              || (key == NULL && eq (wanted, sp_id)));
  if (!found)
    {
      not_found (call, wanted);
      return;
    }

  if (call->n_segments == next)
    {
      g_autoptr(JsonObject) o = json_object_new ();

      json_object_set_string_member (o, "id", sp_id);
      json_object_set_boolean_member (o, "accountEnabled", TRUE);
      json_object_set_string_member (o, "appDisplayName", SYNC_SERVICE_NAME);
      json_object_set_string_member (o, "appId", DSC_SYNC_SERVICE_APP_ID);
      json_object_set_string_member (o, "appOwnerOrganizationId", MICROSOFT_TENANT_ID);
      json_object_set_string_member (o, "displayName", SYNC_SERVICE_NAME);
      json_object_set_string_member (o, "servicePrincipalType", "Application");
      serve_json_entity (call, "servicePrincipals", "servicePrincipal", o);
    }
  else if (call->n_segments == next + 1 && eq (segment (call, next), "appRoleAssignedTo"))
    {
      g_autoptr(GPtrArray) items = new_items ();
      guint i;

      for (i = 0; i < json_array_get_length (call->sc->sync_apps); i++)
        {
          JsonObject *app = dsc_fake_json_element_object (call->sc->sync_apps, i);

          if (app != NULL)
            g_ptr_array_add (items, build_assignment (call, app, i));
        }
      serve_json_list (call, "appRoleAssignments", "appRoleAssignment", items, TRUE);
    }
  else
    unknown_segment (call, segment (call, next));
}

/* ---- service health ------------------------------------------------------ */

static JsonObject *
build_overview (JsonObject *src)
{
  JsonObject *o = json_object_new ();

  set_string (o, "service", dsc_fake_json_member_string (src, "service"));
  set_string (o, "status", dsc_fake_json_member_string (src, "status")
                           ? dsc_fake_json_member_string (src, "status") : "serviceOperational");
  set_string (o, "id", dsc_fake_json_member_string (src, "id"));
  return o;
}

static JsonObject *
build_issue (Call       *call,
             JsonObject *src)
{
  JsonObject *o = json_object_new ();
  JsonArray *posts = json_array_new ();
  JsonArray *src_posts = dsc_fake_json_member_array (src, "posts");
  gint64 start = hours_ago (call, src, "startedHoursAgo");
  gint64 end = hours_ago (call, src, "endedHoursAgo");
  gint64 modified = hours_ago (call, src, "lastModifiedHoursAgo");
  guint i;

  set_time (o, "startDateTime", start);
  set_time (o, "endDateTime", end);
  set_time (o, "lastModifiedDateTime", modified >= 0 ? modified : MAX (start, end));
  set_string (o, "title", dsc_fake_json_member_string (src, "title"));
  set_string (o, "id", dsc_fake_json_member_string (src, "id"));
  set_string (o, "impactDescription", dsc_fake_json_member_string (src, "impactDescription"));
  set_string (o, "classification", dsc_fake_json_member_string (src, "classification")
                                   ? dsc_fake_json_member_string (src, "classification")
                                   : "advisory");
  json_object_set_string_member (o, "origin", "microsoft");
  set_string (o, "status", dsc_fake_json_member_string (src, "status"));
  set_string (o, "service", dsc_fake_json_member_string (src, "service"));
  set_string (o, "feature", dsc_fake_json_member_string (src, "feature"));
  set_string (o, "featureGroup", dsc_fake_json_member_string (src, "featureGroup"));
  json_object_set_boolean_member (o, "isResolved",
                                  dsc_fake_json_member_bool (src, "isResolved", FALSE));
  json_object_set_boolean_member (o, "highImpact",
                                  dsc_fake_json_member_bool (src, "highImpact", FALSE));
  json_object_set_array_member (o, "details", json_array_new ());

  for (i = 0; src_posts != NULL && i < json_array_get_length (src_posts); i++)
    {
      JsonObject *p = dsc_fake_json_element_object (src_posts, i);
      JsonObject *post, *description;

      if (p == NULL)
        continue;
      post = json_object_new ();
      description = json_object_new ();
      set_time (post, "createdDateTime", hours_ago (call, p, "hoursAgo"));
      json_object_set_string_member (post, "postType", "regular");
      json_object_set_string_member (description, "contentType", "html");
      set_string (description, "content", dsc_fake_json_member_string (p, "content"));
      json_object_set_object_member (post, "description", description);
      json_array_add_object_element (posts, post);
    }
  json_object_set_array_member (o, "posts", posts);
  return o;
}

static void
route_service_announcement (Call *call)
{
  g_autoptr(GPtrArray) items = new_items ();
  const char *which = segment (call, 2);
  const char *id = segment (call, 3);
  gboolean health;
  JsonArray *source;
  g_autoptr(DscFakeFilter) filter = NULL;
  g_autoptr(DscFakeError) error = NULL;
  guint i;

  if (call->n_segments < 3 || !eq (segment (call, 1), "serviceAnnouncement"))
    {
      unknown_segment (call, segment (call, call->n_segments < 2 ? 0 : 1));
      return;
    }
  health = eq (which, "healthOverviews");
  if (!health && !eq (which, "issues"))
    {
      unknown_segment (call, which);
      return;
    }
  if (call->n_segments > 4)
    {
      unknown_segment (call, segment (call, 4));
      return;
    }
  if (denied (call, health ? "health" : "issues"))
    return;

  if (call->query->filter != NULL)
    {
      filter = dsc_fake_filter_parse (call->query->filter, &error);
      if (filter == NULL)
        {
          fail_with (call, error);
          return;
        }
      if (health || filter->kind != DSC_FAKE_FILTER_IS_RESOLVED)
        {
          fail (call, 400, "BadRequest",
                "Unsupported or invalid query filter clause specified for property '%s' of "
                "resource '%s'.", filter->property,
                health ? "ServiceHealth" : "ServiceHealthIssue");
          return;
        }
    }

  source = health ? call->sc->health_overviews : call->sc->health_issues;
  for (i = 0; source != NULL && i < json_array_get_length (source); i++)
    {
      JsonObject *src = dsc_fake_json_element_object (source, i);

      if (src == NULL)
        continue;
      if (id != NULL && !eq (id, dsc_fake_json_member_string (src, health ? "service" : "id"))
          && !eq (id, dsc_fake_json_member_string (src, "id")))
        continue;
      if (filter != NULL
          && dsc_fake_json_member_bool (src, "isResolved", FALSE) != filter->boolean)
        continue;
      g_ptr_array_add (items, health ? build_overview (src) : build_issue (call, src));
    }

  if (id == NULL)
    serve_json_list (call, health ? "admin/serviceAnnouncement/healthOverviews"
                                  : "admin/serviceAnnouncement/issues",
                     health ? "serviceHealth" : "serviceHealthIssue", items, TRUE);
  else if (items->len == 0)
    not_found (call, id);
  else
    serve_json_entity (call, health ? "admin/serviceAnnouncement/healthOverviews"
                                    : "admin/serviceAnnouncement/issues",
                       health ? "serviceHealth" : "serviceHealthIssue",
                       g_ptr_array_index (items, 0));
}

/* ---- Microsoft Entra Cloud Sync ------------------------------------------ */

#define CLOUD_SYNC_TEMPLATE_ID "1a4721b3-e57f-4451-ae87-ef078703ec94"

static const char *
member_string_or (JsonObject *object,
                  const char *name,
                  const char *def)
{
  const char *value = dsc_fake_json_member_string (object, name);

  return value != NULL ? value : def;
}

/* Scenario entries are Graph-shaped except for times: "<name>MinutesAgo": n
 * becomes "<name>": the moment n minutes before the scenario was loaded. */
static JsonNode *
relative_copy (Call     *call,
               JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *src = json_node_get_object (node);
      JsonObject *dst = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      JsonNode *result;

      json_object_iter_init_ordered (&iter, src);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          gsize len = strlen (name);

          if (len > 10 && g_str_has_suffix (name, "MinutesAgo") && JSON_NODE_HOLDS_VALUE (member))
            {
              g_autofree char *base = g_strndup (name, len - 10);
              double minutes = json_node_get_double (member);

              set_time (dst, base, dsc_fake_scenario_time_ago (call->sc, (gint64) (minutes * 60)));
            }
          else
            json_object_set_member (dst, name, relative_copy (call, member));
        }
      result = json_node_init_object (json_node_alloc (), dst);
      json_object_unref (dst);
      return result;
    }
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *src = json_node_get_array (node);
      JsonArray *dst = json_array_new ();
      JsonNode *result;
      guint i;

      for (i = 0; i < json_array_get_length (src); i++)
        json_array_add_element (dst, relative_copy (call, json_array_get_element (src, i)));
      result = json_node_init_array (json_node_alloc (), dst);
      json_array_unref (dst);
      return result;
    }
  return node != NULL ? json_node_copy (node) : json_node_new (JSON_NODE_NULL);
}

static JsonObject *
relative_object (Call       *call,
                 JsonObject *src)
{
  g_autoptr(JsonNode) wrapped = json_node_init_object (json_node_alloc (), src);
  g_autoptr(JsonNode) copy = relative_copy (call, wrapped);

  return json_object_ref (json_node_get_object (copy));
}

static JsonObject *
cloud_config (Call *call,
              guint index)
{
  return dsc_fake_json_element_object (call->sc->cloud_configs, index);
}

static guint
n_cloud_configs (Call *call)
{
  return call->sc->cloud_configs != NULL ? json_array_get_length (call->sc->cloud_configs) : 0;
}

static void
cloud_config_id (Call       *call,
                 JsonObject *config,
                 const char *what,
                 char        out[37])
{
  g_autofree char *key = g_strdup_printf ("cloudSync/%s/%s", what,
                                          member_string_or (config, "displayName",
                                                                       ""));

  dsc_fake_scenario_derive_id (call->sc, key, out);
}

/* The service principal's object id, or -1. */
static int
find_cloud_config (Call       *call,
                   const char *id)
{
  guint i;

  for (i = 0; id != NULL && i < n_cloud_configs (call); i++)
    {
      char sp_id[37];

      cloud_config_id (call, cloud_config (call, i), "servicePrincipal", sp_id);
      if (eq (sp_id, id))
        return (int) i;
    }
  return -1;
}

/* "AD2AADProvisioning.<tenant without dashes>.<guid>", as the service names jobs. */
static char *
cloud_job_id (Call       *call,
              JsonObject *config,
              const char *template_id)
{
  g_autofree char *tenant = g_strdup (call->sc->tenant_id);
  char guid[37];
  char *w = tenant;

  for (const char *r = call->sc->tenant_id; *r != '\0'; r++)
    if (*r != '-')
      *w++ = *r;
  *w = '\0';
  cloud_config_id (call, config, template_id, guid);
  return g_strdup_printf ("%s.%s.%s", template_id, tenant, guid);
}

static void
route_cloud_sync_configs (Call *call)
{
  g_autoptr(DscFakeError) error = NULL;
  g_autoptr(DscFakeFilter) filter = dsc_fake_filter_parse (call->query->filter, &error);
  g_autoptr(GPtrArray) items = new_items ();
  guint i;

  if (filter == NULL)
    {
      fail_with (call, error);
      return;
    }
  if (filter->kind != DSC_FAKE_FILTER_APP_TEMPLATE)
    {
      fail (call, 400, "Request_UnsupportedQuery",
            "Unsupported or invalid query filter clause specified for property '%s' of resource "
            "'ServicePrincipal'.", filter->property);
      return;
    }
  if (denied (call, "cloudSyncConfigs"))
    return;

  for (i = 0; eq (g_ptr_array_index (filter->values, 0), CLOUD_SYNC_TEMPLATE_ID)
              && i < n_cloud_configs (call); i++)
    {
      JsonObject *config = cloud_config (call, i);
      JsonObject *o = json_object_new ();
      char sp_id[37], app_id[37];

      cloud_config_id (call, config, "servicePrincipal", sp_id);
      cloud_config_id (call, config, "application", app_id);
      json_object_set_string_member (o, "id", sp_id);
      json_object_set_boolean_member (o, "accountEnabled", TRUE);
      json_object_set_string_member (o, "appId", app_id);
      json_object_set_string_member (o, "applicationTemplateId", CLOUD_SYNC_TEMPLATE_ID);
      json_object_set_string_member (o, "appDisplayName",
                                     member_string_or (config, "displayName", ""));
      json_object_set_string_member (o, "displayName",
                                     member_string_or (config, "displayName", ""));
      json_object_set_string_member (o, "servicePrincipalType", "Application");
      g_ptr_array_add (items, o);
    }
  serve_json_list (call, "servicePrincipals", "servicePrincipal", items, TRUE);
}

static JsonObject *
build_cloud_job (Call       *call,
                 JsonObject *config,
                 JsonObject *src)
{
  JsonObject *o = relative_object (call, src);

  if (!json_object_has_member (o, "id"))
    {
      g_autofree char *id = cloud_job_id (call, config,
                                          member_string_or (src, "templateId",
                                                                       "AD2AADProvisioning"));
      json_object_set_string_member (o, "id", id);
    }
  return o;
}

/* servicePrincipals/{id}/synchronization/jobs[/{jobId}] */
static void
route_cloud_sync_jobs (Call *call,
                       guint index)
{
  JsonObject *config = cloud_config (call, index);
  JsonArray *jobs = dsc_fake_json_member_array (config, "jobs");
  g_autoptr(GPtrArray) items = new_items ();
  const char *job_id = segment (call, 4);
  guint i;

  if (call->n_segments < 4 || !eq (segment (call, 2), "synchronization")
      || !eq (segment (call, 3), "jobs") || call->n_segments > 5)
    {
      unknown_segment (call, segment (call, call->n_segments < 3 ? 1 : 2));
      return;
    }
  if (denied (call, "cloudSyncJobs") || !no_filter (call, "SynchronizationJob"))
    return;

  for (i = 0; jobs != NULL && i < json_array_get_length (jobs); i++)
    {
      JsonObject *job = build_cloud_job (call, config, dsc_fake_json_element_object (jobs, i));

      if (job_id == NULL || eq (member_string_or (job, "id", NULL), job_id))
        g_ptr_array_add (items, job);
      else
        json_object_unref (job);
    }
  if (job_id == NULL)
    serve_json_list (call, "servicePrincipals('id')/synchronization/jobs", "synchronizationJob",
                     items, FALSE);
  else if (items->len == 0)
    not_found (call, job_id);
  else
    serve_json_entity (call, "servicePrincipals('id')/synchronization/jobs",
                       "synchronizationJob", g_ptr_array_index (items, 0));
}

/* beta onPremisesPublishingProfiles/provisioning/agents */
static void
route_publishing_profiles (Call *call)
{
  g_autoptr(GPtrArray) items = new_items ();
  guint i;

  if (!call->beta)
    {
      unknown_segment (call, "onPremisesPublishingProfiles");
      return;
    }
  if (call->n_segments != 3 || !eq (segment (call, 1), "provisioning")
      || !eq (segment (call, 2), "agents"))
    {
      unknown_segment (call, segment (call, call->n_segments < 2 ? 0 : 1));
      return;
    }
  if (denied (call, "cloudSyncAgents") || !no_filter (call, "OnPremisesAgent"))
    return;

  for (i = 0; call->sc->cloud_agents != NULL && i < json_array_get_length (call->sc->cloud_agents);
       i++)
    {
      JsonObject *src = dsc_fake_json_element_object (call->sc->cloud_agents, i);
      JsonObject *o = relative_object (call, src);
      g_autofree char *key = g_strdup_printf ("agent/%s",
                                              member_string_or (src, "machineName", ""));
      char id[37];

      dsc_fake_scenario_derive_id (call->sc, key, id);
      if (!json_object_has_member (o, "id"))
        json_object_set_string_member (o, "id", id);
      if (!json_object_has_member (o, "supportedPublishingTypes"))
        {
          JsonArray *types = json_array_new ();

          json_array_add_string_element (types, "provisioning");
          json_object_set_array_member (o, "supportedPublishingTypes", types);
        }
      /* Agent groups come only when asked for. */
      if (call->query->expand == NULL)
        json_object_remove_member (o, "agentGroups");
      g_ptr_array_add (items, o);
    }
  serve_json_list (call, "onPremisesPublishingProfiles('provisioning')/agents", "onPremisesAgent",
                   items, FALSE);
}

/* auditLogs/provisioning: every event, or a configuration's events with one status. */
static void
route_audit_logs (Call *call)
{
  g_autoptr(GPtrArray) items = new_items ();
  g_autoptr(DscFakeFilter) filter = NULL;
  const char *wanted_sp = NULL, *wanted_status = NULL;
  JsonArray *log = call->sc->cloud_log;
  guint i;

  if (call->n_segments != 2 || !eq (segment (call, 1), "provisioning"))
    {
      unknown_segment (call, segment (call, call->n_segments < 2 ? 0 : 1));
      return;
    }
  if (call->query->filter != NULL)
    {
      g_autoptr(DscFakeError) error = NULL;

      filter = dsc_fake_filter_parse (call->query->filter, &error);
      if (filter == NULL)
        {
          fail_with (call, error);
          return;
        }
      if (filter->kind != DSC_FAKE_FILTER_SP_FAILURES)
        {
          fail (call, 400, "BadRequest", "Invalid filter clause: property '%s' is not supported.",
                filter->property);
          return;
        }
      wanted_sp = g_ptr_array_index (filter->values, 0);
      wanted_status = g_ptr_array_index (filter->values, 1);
    }
  if (denied (call, "cloudSyncLog"))
    return;
  if (!call->sc->cloud_log_licensed)
    {
      fail (call, 403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
            "Neither tenant is B2C or tenant doesn't have premium license");
      return;
    }

  for (i = 0; log != NULL && i < json_array_get_length (log); i++)
    {
      JsonObject *src = dsc_fake_json_element_object (log, i);
      const char *config_name = member_string_or (src, "configuration", "");
      JsonObject *status_info = dsc_fake_json_member_object (src, "provisioningStatusInfo");
      const char *status = member_string_or (status_info, "status", "");
      JsonObject *config = NULL, *o, *sp;
      char sp_id[37], id[37];
      g_autofree char *key = NULL;
      g_autofree char *job_id = NULL;
      guint c;

      for (c = 0; c < n_cloud_configs (call) && config == NULL; c++)
        if (eq (member_string_or (cloud_config (call, c), "displayName", NULL),
                config_name))
          config = cloud_config (call, c);
      if (config == NULL)
        continue;
      cloud_config_id (call, config, "servicePrincipal", sp_id);
      if ((wanted_sp != NULL && !eq (wanted_sp, sp_id))
          || (wanted_status != NULL && !eq (wanted_status, status)))
        continue;

      o = relative_object (call, src);
      json_object_remove_member (o, "configuration");
      key = g_strdup_printf ("provisioning/%u", i);
      dsc_fake_scenario_derive_id (call->sc, key, id);
      if (!json_object_has_member (o, "id"))
        json_object_set_string_member (o, "id", id);
      job_id = cloud_job_id (call, config, "AD2AADProvisioning");
      json_object_set_string_member (o, "jobId", job_id);
      sp = json_object_new ();
      json_object_set_string_member (sp, "id", sp_id);
      json_object_set_string_member (sp, "displayName",
                                     member_string_or (config, "displayName", ""));
      json_object_set_object_member (o, "servicePrincipal", sp);
      g_ptr_array_add (items, o);
    }
  serve_json_list (call, "auditLogs/provisioning", "provisioningObjectSummary", items, TRUE);
}

/* ---- routing ------------------------------------------------------------- */

static void
route (Call *call)
{
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  const char *first = segment (call, 0);
  int me;

  if (first == NULL)
    {
      fail (call, 400, "BadRequest", "Invalid request: no resource in the path.");
      return;
    }
  if (!split_key_segment (first, &name, &key, &value))
    {
      unknown_segment (call, first);
      return;
    }

  if (eq (name, "organization") && value == NULL)
    route_organization (call);
  else if (eq (name, "domains") && value == NULL)
    route_domains (call);
  else if (eq (name, "directory") && value == NULL)
    route_sync (call);
  else if (eq (name, "directoryRoles"))
    route_directory_roles (call, key, value);
  else if (eq (name, "servicePrincipals"))
    route_service_principals (call, key, value);
  else if (eq (name, "admin") && value == NULL)
    route_service_announcement (call);
  else if (eq (name, "onPremisesPublishingProfiles") && value == NULL)
    route_publishing_profiles (call);
  else if (eq (name, "auditLogs") && value == NULL)
    route_audit_logs (call);
  else if (eq (name, "users") && key == NULL)
    route_objects (call, DSC_FAKE_USER, value);
  else if (eq (name, "groups") && key == NULL)
    route_objects (call, DSC_FAKE_GROUP, value);
  else if (eq (name, "contacts") && key == NULL)
    route_objects (call, DSC_FAKE_CONTACT, value);
  else if (eq (name, "me") && value == NULL && call->n_segments == 1)
    {
      me = call->sc->signed_in_user != NULL
           ? dsc_fake_scenario_find_object (call->sc, DSC_FAKE_USER, call->sc->signed_in_user) : -1;
      if (me < 0)
        not_found (call, "me");
      else
        serve_object (call, DSC_FAKE_USER, (guint) me, FALSE);
    }
  else
    unknown_segment (call, first);
}

/* One resource request: top-level or a $batch member. */
static void
handle_resource (const DscFakeContext *ctx,
                 const char           *version,
                 const char           *method,
                 const char           *raw_path,
                 const char           *raw_query,
                 const char           *consistency_level,
                 const char           *request_id,
                 const char           *client_request_id,
                 DscFakeResponse      *resp)
{
  g_autoptr(DscFakeError) error = NULL;
  g_autoptr(DscFakeQuery) query = NULL;
  g_autofree char *decoded = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  Call call = { 0 };
  char units[16];
  guint i;

  call.ctx = ctx;
  call.sc = ctx->scenario;
  call.version = version;
  call.beta = g_str_equal (version, "beta");
  call.raw_path = raw_path;
  call.url_length = strlen (DSC_FAKE_GRAPH_ROOT) + strlen (version) + strlen (raw_path)
                    + (raw_query != NULL ? 1 + strlen (raw_query) : 0);
  call.consistency_level = consistency_level;
  call.request_id = request_id;
  call.client_request_id = client_request_id;
  call.resp = resp;

  if (!eq (method, "GET"))
    {
      fail (&call, 405, "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.");
      return;
    }

  decoded = g_uri_unescape_string (raw_path, NULL);
  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    {
      fail (&call, 400, "BadRequest", "The request URI is not valid.");
      return;
    }

  query = dsc_fake_query_parse (raw_query, &error);
  if (query == NULL)
    {
      fail_with (&call, error);
      return;
    }
  call.query = query;

  parts = g_strsplit (decoded, "/", -1);
  for (i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (segments, parts[i]);
  g_ptr_array_add (segments, NULL);
  call.segments = (char **) segments->pdata;
  call.n_segments = segments->len - 1;

  route (&call);

  if (resp->status < 300 && call.resource_units > 0)
    {
      g_snprintf (units, sizeof units, "%u", call.resource_units);
      dsc_fake_response_add_header (resp, "x-ms-resource-unit", units);
    }
}

/* ---- $batch --------------------------------------------------------------- */

typedef struct {
  const char      *id;
  const char      *method;
  const char      *url;
  JsonObject      *headers;
  JsonArray       *depends_on;
  DscFakeResponse  resp;
  guint            sort_key;
  guint            position;
} Member;

static const char *
header_value (JsonObject *headers,
              const char *name)
{
  JsonObjectIter iter;
  const char *member_name;
  JsonNode *member;

  if (headers == NULL)
    return NULL;
  json_object_iter_init_ordered (&iter, headers);
  while (json_object_iter_next_ordered (&iter, &member_name, &member))
    if (eq (member_name, name))
      return dsc_fake_json_string (member);
  return NULL;
}

/* Case-insensitive, like batch ids; only used to pick a stable order. */
static guint
order_key (const char *id)
{
  guint32 hash = 2166136261u;

  for (; *id; id++)
    {
      hash ^= (guchar) g_ascii_tolower (*id);
      hash *= 16777619u;
    }
  return hash ^ 0x5bd1e995u;
}

static int
compare_members (const void *a,
                 const void *b)
{
  const Member *x = *(Member * const *) a, *y = *(Member * const *) b;

  if (x->sort_key != y->sort_key)
    return x->sort_key < y->sort_key ? -1 : 1;
  return x->position < y->position ? -1 : x->position > y->position ? 1 : 0;
}

static void
batch_fail (const DscFakeContext *ctx,
            const DscFakeRequest *req,
            DscFakeResponse      *resp,
            const char           *message)
{
  dsc_fake_response_set_error (resp, 400, "BadRequest", message, req->request_id,
                               req->client_request_id, ctx->now);
}

static void
run_member (const DscFakeContext *ctx,
            const DscFakeRequest *req,
            const char           *version,
            Member               *m,
            Member               *members,
            guint                 position)
{
  g_autofree char *path = NULL;
  g_autofree char *logged = NULL;
  g_autofree char *line = NULL;
  g_autofree char *request_id = g_uuid_string_random ();
  const char *query = NULL;
  const char *client_request_id = header_value (m->headers, "client-request-id");
  const char *question;
  guint i, j;

  if (client_request_id == NULL)
    client_request_id = req->client_request_id;

  logged = g_uri_unescape_string (m->url, NULL);
  line = g_strdup_printf ("BATCH %s %s", m->method, logged ? logged : m->url);
  if (ctx->log != NULL)
    ctx->log (line, ctx->log_data);

  for (i = 0; m->depends_on != NULL && i < json_array_get_length (m->depends_on); i++)
    {
      const char *dep = dsc_fake_json_element_string (m->depends_on, i);

      for (j = 0; j < position; j++)
        if (eq (members[j].id, dep) && members[j].resp.status >= 400)
          {
            dsc_fake_response_set_error (&m->resp, 424, "FailedDependency",
                                         "The request depends on a request that failed.",
                                         request_id, client_request_id, ctx->now);
            return;
          }
    }

  /* Members are throttled one by one, as the service does (§1.9). */
  if (ctx->throttle_member != NULL && ctx->throttle_member (ctx->throttle_data))
    {
      char retry[16];

      g_snprintf (retry, sizeof retry, "%u", MAX (ctx->retry_after_s, 1));
      dsc_fake_response_set_error (&m->resp, 429, "TooManyRequests",
                                   "Too many requests. Retry after the number of seconds in "
                                   "Retry-After.", request_id, client_request_id, ctx->now);
      dsc_fake_response_add_header (&m->resp, "Retry-After", retry);
      return;
    }

  if (g_str_has_prefix (m->url, "http:") || g_str_has_prefix (m->url, "https:"))
    {
      dsc_fake_response_set_error (&m->resp, 400, "BadRequest",
                                   "Batch request URLs must be relative, like /users.",
                                   request_id, client_request_id, ctx->now);
      return;
    }

  question = strchr (m->url, '?');
  path = question != NULL ? g_strndup (m->url, question - m->url) : g_strdup (m->url);
  if (question != NULL)
    query = question + 1;
  if (path[0] != '/')
    {
      char *slashed = g_strconcat ("/", path, NULL);

      g_free (path);
      path = slashed;
    }

  handle_resource (ctx, version, m->method, path, query,
                   header_value (m->headers, "ConsistencyLevel"),
                   request_id, client_request_id, &m->resp);
}

static void
handle_batch (const DscFakeContext *ctx,
              const DscFakeRequest *req,
              const char           *version,
              DscFakeResponse      *resp)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autofree Member *members = NULL;
  JsonNode *root;
  JsonArray *requests;
  GString *out = resp->body;
  const char *data = NULL;
  gsize len = 0;
  guint n, i, j;

  if (!eq (req->method, "POST"))
    {
      dsc_fake_response_set_error (resp, 405, "Request_BadRequest",
                                   "Specified HTTP method is not allowed for the request target.",
                                   req->request_id, req->client_request_id, ctx->now);
      return;
    }

  if (req->body != NULL)
    data = g_bytes_get_data (req->body, &len);
  if (data == NULL || len == 0 || !json_parser_load_from_data (parser, data, (gssize) len, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || (requests = dsc_fake_json_member_array (json_node_get_object (root), "requests")) == NULL)
    {
      batch_fail (ctx, req, resp, "Invalid batch payload format.");
      return;
    }

  n = json_array_get_length (requests);
  if (n == 0)
    {
      batch_fail (ctx, req, resp, "The batch request must contain at least one request.");
      return;
    }
  if (n > DSC_GRAPH_BATCH_MAX_REQUESTS)
    {
      g_autofree char *message = g_strdup_printf ("Batch request size %u exceeds the maximum of %d "
                                                  "requests.", n, DSC_GRAPH_BATCH_MAX_REQUESTS);

      batch_fail (ctx, req, resp, message);
      return;
    }

  members = g_new0 (Member, n);
  for (i = 0; i < n; i++)
    {
      JsonObject *o = dsc_fake_json_element_object (requests, i);
      Member *m = &members[i];

      if (o == NULL || (m->id = dsc_fake_json_member_string (o, "id")) == NULL || *m->id == '\0'
          || (m->method = dsc_fake_json_member_string (o, "method")) == NULL
          || (m->url = dsc_fake_json_member_string (o, "url")) == NULL)
        {
          batch_fail (ctx, req, resp, "Each batch request needs string \"id\", \"method\" and "
                                      "\"url\" members.");
          return;
        }
      m->headers = dsc_fake_json_member_object (o, "headers");
      m->depends_on = dsc_fake_json_member_array (o, "dependsOn");
      m->position = i;
      m->sort_key = order_key (m->id);

      for (j = 0; j < i; j++)
        if (eq (members[j].id, m->id))
          {
            g_autofree char *message = g_strdup_printf ("Batch request ids must be unique: '%s' "
                                                        "appears twice.", m->id);

            batch_fail (ctx, req, resp, message);
            return;
          }
    }

  /* dependsOn may only name requests that come earlier in the batch. */
  for (i = 0; i < n; i++)
    {
      JsonArray *deps = members[i].depends_on;

      for (j = 0; deps != NULL && j < json_array_get_length (deps); j++)
        {
          const char *dep = dsc_fake_json_element_string (deps, j);
          gboolean ok = FALSE;
          guint k;

          for (k = 0; k < i && !ok; k++)
            ok = eq (members[k].id, dep);
          if (!ok)
            {
              batch_fail (ctx, req, resp, "A dependsOn entry names a request that is not earlier "
                                          "in the batch.");
              return;
            }
        }
    }

  for (i = 0; i < n; i++)
    {
      dsc_fake_response_init (&members[i].resp);
      run_member (ctx, req, version, &members[i], members, i);
      g_ptr_array_add (order, &members[i]);
    }

  /* The service answers in whatever order members finish; so does this,
   * deterministically, so clients must match responses by id. */
  g_ptr_array_sort (order, compare_members);

  g_string_truncate (out, 0);
  g_string_append (out, "{\"responses\":[");
  for (i = 0; i < order->len; i++)
    {
      Member *m = g_ptr_array_index (order, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      dsc_fake_json_append_string (out, m->id);
      g_string_append_printf (out, ",\"status\":%u,\"headers\":{", m->resp.status);
      dsc_fake_json_append_key (out, "Cache-Control", &first);
      dsc_fake_json_append_string (out, "no-cache");
      dsc_fake_json_append_key (out, "OData-Version", &first);
      dsc_fake_json_append_string (out, "4.0");
      dsc_fake_json_append_key (out, "Content-Type", &first);
      dsc_fake_json_append_string (out, m->resp.content_type ? m->resp.content_type
                                                            : DSC_FAKE_JSON_CONTENT_TYPE);
      for (j = 0; j + 1 < m->resp.headers->len; j += 2)
        {
          dsc_fake_json_append_key (out, g_ptr_array_index (m->resp.headers, j), &first);
          dsc_fake_json_append_string (out, g_ptr_array_index (m->resp.headers, j + 1));
        }
      g_string_append (out, "},\"body\":");
      if (m->resp.content_type == NULL)
        g_string_append_len (out, m->resp.body->str, m->resp.body->len);
      else
        dsc_fake_json_append_string (out, m->resp.body->str);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  resp->status = 200;

  for (i = 0; i < n; i++)
    dsc_fake_response_clear (&members[i].resp);
}

void
dsc_fake_service_handle (const DscFakeContext *context,
                         const DscFakeRequest *request,
                         DscFakeResponse      *response)
{
  const char *path = request->path != NULL ? request->path : "/";
  const char *rest = NULL;
  g_autofree char *version = NULL;
  const char *slash;

  g_return_if_fail (context->scenario != NULL);

  if (path[0] == '/')
    path++;
  slash = strchr (path, '/');
  version = slash != NULL ? g_strndup (path, slash - path) : g_strdup (path);
  rest = slash != NULL ? slash : "";

  if (!g_str_equal (version, "v1.0") && !g_str_equal (version, "beta"))
    {
      g_autofree char *message = g_strdup_printf ("Invalid version: '%s'. Use v1.0 or beta.",
                                                  version);

      dsc_fake_response_set_error (response, 400, "BadRequest", message, request->request_id,
                                   request->client_request_id, context->now);
      return;
    }

  if (g_ascii_strcasecmp (rest, "/$batch") == 0 || g_ascii_strcasecmp (rest, "/%24batch") == 0)
    handle_batch (context, request, version, response);
  else
    handle_resource (context, version, request->method, rest, request->query,
                     request->consistency_level, request->request_id,
                     request->client_request_id, response);
}
