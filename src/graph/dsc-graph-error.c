/* dsc-graph-error.c — Graph and transport failures as GErrors an admin can
 * act on, carrying the Graph error code and request-id for support. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>
#include <stdarg.h>
#include <string.h>

#include "dsc-graph-error.h"
#include "dsc-graph-error-private.h"
#include "dsc-report-json.h"

#define MAX_MESSAGE_CHARS 300
#define MAX_CODE_CHARS 100
#define MAX_REQUEST_ID_CHARS 80
/* innerError chains are one or two deep; a longer one is hostile. */
#define MAX_INNER_ERRORS 16
#define MAX_ERROR_JSON_DEPTH 64

typedef struct
{
  char  *graph_code;
  char  *request_id;
  guint  http_status;
} DscGraphErrorPrivate;

static void
dsc_graph_error_private_init (DscGraphErrorPrivate *priv)
{
}

static void
dsc_graph_error_private_copy (const DscGraphErrorPrivate *src,
                              DscGraphErrorPrivate       *dest)
{
  dest->graph_code = g_strdup (src->graph_code);
  dest->request_id = g_strdup (src->request_id);
  dest->http_status = src->http_status;
}

static void
dsc_graph_error_private_clear (DscGraphErrorPrivate *priv)
{
  g_clear_pointer (&priv->graph_code, g_free);
  g_clear_pointer (&priv->request_id, g_free);
  priv->http_status = 0;
}

G_DEFINE_EXTENDED_ERROR (DscGraphError, dsc_graph_error)

static DscGraphErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != DSC_GRAPH_ERROR)
    return NULL;
  return dsc_graph_error_get_private (error);
}

const char *
dsc_graph_error_get_graph_code (const GError *error)
{
  DscGraphErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->graph_code : NULL;
}

const char *
dsc_graph_error_get_request_id (const GError *error)
{
  DscGraphErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->request_id : NULL;
}

guint
dsc_graph_error_get_http_status (const GError *error)
{
  DscGraphErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

GError *
dsc_graph_error_new_full (DscGraphErrorCode  code,
                          guint              http_status,
                          const char        *graph_code,
                          const char        *request_id,
                          const char        *format,
                          ...)
{
  DscGraphErrorPrivate *priv;
  GError *error;
  va_list args;

  va_start (args, format);
  error = g_error_new_valist (DSC_GRAPH_ERROR, code, format, args);
  va_end (args);

  priv = dsc_graph_error_get_private (error);
  priv->graph_code = g_strdup (graph_code);
  priv->request_id = g_strdup (request_id);
  priv->http_status = http_status;

  return error;
}

DscGraphErrorCode
dsc_graph_error_code_for_status (guint status)
{
  switch (status)
    {
    case 400: return DSC_GRAPH_ERROR_BAD_REQUEST;
    case 401: return DSC_GRAPH_ERROR_UNAUTHORIZED;
    case 403: return DSC_GRAPH_ERROR_FORBIDDEN;
    case 404: return DSC_GRAPH_ERROR_NOT_FOUND;
    case 429: return DSC_GRAPH_ERROR_THROTTLED;
    default: return DSC_GRAPH_ERROR_SERVER;
    }
}

char *
dsc_graph_sanitize_text (const char *text,
                         gssize      len,
                         guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean pending_space = FALSE;
  guint n_chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, len);
  out = g_string_new (NULL);

  /* Control characters and line breaks would let a body forge extra lines in
   * a message or a log; runs of white space become one space. */
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          pending_space = out->len > 0;
          continue;
        }

      /* Invisible format characters (bidi overrides) could make a message
       * read differently from what it says. */
      if (g_unichar_type (c) == G_UNICODE_FORMAT)
        continue;

      if (n_chars >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }

      if (pending_space)
        {
          g_string_append_c (out, ' ');
          n_chars++;
          pending_space = FALSE;
        }

      g_string_append_unichar (out, c);
      n_chars++;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}


/* A string member, or NULL: hostile bodies put numbers or objects where Graph
 * puts strings. */
static const char *
get_string (DscJson    *object,
            const char *name)
{
  return dsc_json_get_string (dsc_json_get_member (object, name));
}

static DscJson *
get_object (DscJson    *object,
            const char *name)
{
  DscJson *node = dsc_json_get_member (object, name);

  return dsc_json_is_object (node) ? node : NULL;
}

static DscJson *
get_inner_error (DscJson *object)
{
  DscJson *inner = get_object (object, "innerError");

  /* Some Graph workloads spell it in lower case. */
  return inner != NULL ? inner : get_object (object, "innererror");
}

static const char *
status_summary (guint     status,
                gboolean *out_show_status)
{
  *out_show_status = FALSE;

  switch (status)
    {
    case 400: return _("Microsoft Graph rejected the request");
    case 401: return _("Microsoft Graph refused the sign-in token — sign in again");
    case 403: return _("Access denied by Microsoft Graph");
    case 404: return _("Microsoft Graph could not find the requested item");
    case 429: return _("Microsoft Graph is throttling requests");
    default:
      *out_show_status = TRUE;
      if (status >= 500 && status < 600)
        return _("Microsoft Graph had a server problem");
      return _("Microsoft Graph returned an unexpected status");
    }
}

GError *
dsc_graph_error_new_from_json (guint       status,
                               DscJson    *body,
                               const char *request_id_header)
{
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  g_autofree char *request_id = NULL;
  const char *raw_code = NULL;
  const char *raw_message = NULL;
  const char *raw_request_id = NULL;
  const char *summary;
  gboolean show_status;
  GString *message;

  if (dsc_json_is_object (body))
    {
      DscJson *error = get_object (body, "error");
      DscJson *inner = error;

      /* The deepest innerError is the most specific: its code is what an
       * admin can search for, its request-id what support asks for. */
      for (guint depth = 0; inner != NULL && depth < MAX_INNER_ERRORS; depth++)
        {
          const char *value;

          if ((value = get_string (inner, "code")) != NULL && *value != '\0')
            raw_code = value;
          if ((value = get_string (inner, "message")) != NULL && *value != '\0' &&
              raw_message == NULL)
            raw_message = value;
          if ((value = get_string (inner, "request-id")) != NULL && *value != '\0')
            raw_request_id = value;

          inner = get_inner_error (inner);
        }
    }

  if (raw_request_id == NULL)
    raw_request_id = request_id_header;

  code = dsc_graph_sanitize_text (raw_code, -1, MAX_CODE_CHARS);
  text = dsc_graph_sanitize_text (raw_message, -1, MAX_MESSAGE_CHARS);
  request_id = dsc_graph_sanitize_text (raw_request_id, -1, MAX_REQUEST_ID_CHARS);

  summary = status_summary (status, &show_status);
  message = g_string_new (summary);

  if (show_status && code != NULL)
    g_string_append_printf (message, " (HTTP %u, %s)", status, code);
  else if (show_status)
    g_string_append_printf (message, " (HTTP %u)", status);
  else if (code != NULL)
    g_string_append_printf (message, " (%s)", code);

  if (text != NULL)
    g_string_append_printf (message, ": %s", text);

  if (request_id != NULL)
    g_string_append_printf (message, " [request-id %s]", request_id);

  {
    g_autofree char *str = g_string_free (message, FALSE);

    return dsc_graph_error_new_full (dsc_graph_error_code_for_status (status),
                                     status, code, request_id, "%s", str);
  }
}

GError *
dsc_graph_error_new_from_response (guint       status,
                                   const char *body,
                                   gsize       body_len,
                                   const char *request_id_header)
{
  g_autoptr(DscJson) root = NULL;
  g_autofree char *valid = NULL;

  /* Anything odd about the body (not JSON, huge, too deep) only costs the
   * detail: the status alone still makes a clear message. */
  if (body != NULL && body_len > 0 && body_len <= DSC_GRAPH_MAX_ERROR_BODY)
    {
      /* A stray invalid byte should not cost the Graph code and request-id. */
      if (!g_utf8_validate_len (body, body_len, NULL))
        {
          valid = g_utf8_make_valid (body, body_len);
          body = valid;
          body_len = strlen (valid);
        }

      root = dsc_json_parse (body, body_len, MAX_ERROR_JSON_DEPTH, NULL);
    }

  return dsc_graph_error_new_from_json (status, root, request_id_header);
}

GError *
dsc_graph_error_new_gave_up (const GError *error,
                             guint         attempts)
{
  g_autofree char *note = NULL;

  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "gave up after %u attempt",
                                       "gave up after %u attempts", attempts),
                          attempts);

  return dsc_graph_error_new_full (error->domain == DSC_GRAPH_ERROR
                                     ? (DscGraphErrorCode) error->code
                                     : DSC_GRAPH_ERROR_NETWORK,
                                   dsc_graph_error_get_http_status (error),
                                   dsc_graph_error_get_graph_code (error),
                                   dsc_graph_error_get_request_id (error),
                                   "%s (%s)", error->message, note);
}
