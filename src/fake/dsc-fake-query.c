/* dsc-fake-query.c — OData query options as the fake Graph tenant reads them. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <string.h>

#include "dsc-fake-query.h"

DscFakeError *
dsc_fake_error_new (guint       status,
                    const char *code,
                    const char *format,
                    ...)
{
  DscFakeError *error = g_new0 (DscFakeError, 1);
  va_list args;

  va_start (args, format);
  error->status = status;
  error->code = g_strdup (code);
  error->message = g_strdup_vprintf (format, args);
  va_end (args);

  return error;
}

void
dsc_fake_error_free (DscFakeError *error)
{
  if (error == NULL)
    return;
  g_free (error->code);
  g_free (error->message);
  g_free (error);
}

static void
param_free (gpointer data)
{
  DscFakeParam *param = data;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

void
dsc_fake_query_free (DscFakeQuery *query)
{
  if (query == NULL)
    return;
  g_clear_pointer (&query->params, g_ptr_array_unref);
  g_clear_pointer (&query->select, g_ptr_array_unref);
  g_free (query);
}

static gboolean
parse_top (const char    *value,
           int           *top,
           DscFakeError **error)
{
  guint64 n = 0;

  /* Graph answers the same for "abc", "0" and "1000": the value is named back. */
  if (!g_ascii_string_to_unsigned (value, 10, 1, DSC_FAKE_MAX_TOP, &n, NULL))
    {
      *error = dsc_fake_error_new (400, "Request_BadRequest",
                                   "Invalid page size specified: '%s'. Must be between 1 and %d "
                                   "inclusive.", value, DSC_FAKE_MAX_TOP);
      return FALSE;
    }
  *top = (int) n;
  return TRUE;
}

static GPtrArray *
parse_select (const char *value)
{
  GPtrArray *select = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name != '\0')
        g_ptr_array_add (select, g_strdup (name));
    }
  return select;
}

DscFakeQuery *
dsc_fake_query_parse (const char    *raw_query,
                      DscFakeError **error)
{
  g_autoptr(DscFakeQuery) query = g_new0 (DscFakeQuery, 1);
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  char *key = NULL;
  char *value = NULL;
  guint i;

  query->params = g_ptr_array_new_with_free_func (param_free);
  query->top = -1;

  if (raw_query != NULL && *raw_query != '\0')
    {
      /* WWW_FORM: '+' means a space, as ASP.NET (and so Graph) reads it. */
      g_uri_params_iter_init (&iter, raw_query, -1, "&", G_URI_PARAMS_WWW_FORM);
      while (g_uri_params_iter_next (&iter, &key, &value, &local_error))
        {
          DscFakeParam *param = g_new0 (DscFakeParam, 1);

          param->key = key;
          param->value = value;
          g_ptr_array_add (query->params, param);
        }
      if (local_error != NULL)
        {
          *error = dsc_fake_error_new (400, "BadRequest",
                                       "The query specified in the URI is not valid. %s",
                                       local_error->message);
          return NULL;
        }
    }

  for (i = 0; i < query->params->len; i++)
    {
      DscFakeParam *param = g_ptr_array_index (query->params, i);

      if (param->key[0] != '$')
        continue;   /* Graph ignores unknown plain parameters. */

      if (g_ascii_strcasecmp (param->key, "$filter") == 0)
        query->filter = param->value;
      else if (g_ascii_strcasecmp (param->key, "$select") == 0)
        {
          g_clear_pointer (&query->select, g_ptr_array_unref);
          query->select = parse_select (param->value);
        }
      else if (g_ascii_strcasecmp (param->key, "$top") == 0)
        {
          if (!parse_top (param->value, &query->top, error))
            return NULL;
        }
      else if (g_ascii_strcasecmp (param->key, "$count") == 0)
        {
          if (g_ascii_strcasecmp (param->value, "true") == 0)
            query->count = TRUE;
          else if (g_ascii_strcasecmp (param->value, "false") == 0)
            query->count = FALSE;
          else
            {
              *error = dsc_fake_error_new (400, "BadRequest",
                                           "Invalid value '%s' for $count; expected true or false.",
                                           param->value);
              return NULL;
            }
        }
      else if (g_ascii_strcasecmp (param->key, "$skiptoken") == 0)
        query->skiptoken = param->value;
      else if (g_ascii_strcasecmp (param->key, "$expand") == 0
               && g_ascii_strcasecmp (param->value, "agentGroups") == 0)
        query->expand = param->value;
      else if (g_ascii_strcasecmp (param->key, "$orderby") == 0
               || g_ascii_strcasecmp (param->key, "$search") == 0
               || g_ascii_strcasecmp (param->key, "$expand") == 0
               || g_ascii_strcasecmp (param->key, "$skip") == 0)
        {
          *error = dsc_fake_error_new (400, "Request_UnsupportedQuery",
                                       "The query option '%s' is not supported by this fake "
                                       "tenant (see docs/graph-calls.md).", param->key);
          return NULL;
        }
      else
        {
          *error = dsc_fake_error_new (400, "BadRequest",
                                       "Unrecognized query argument specified: '%s'.",
                                       param->key);
          return NULL;
        }
    }

  return g_steal_pointer (&query);
}

char *
dsc_fake_query_describe (const DscFakeQuery *query)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < query->params->len; i++)
    {
      DscFakeParam *param = g_ptr_array_index (query->params, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", param->key, param->value);
    }
  return g_string_free (out, FALSE);
}

static guint32
fnv1a (guint32     hash,
       const char *s)
{
  for (; *s; s++)
    {
      hash ^= (guchar) *s;
      hash *= 16777619u;
    }
  /* A separator, so ("ab","c") and ("a","bc") differ. */
  hash ^= 0xff;
  hash *= 16777619u;
  return hash;
}

guint32
dsc_fake_query_hash (const DscFakeQuery *query,
                     const char         *path)
{
  guint32 hash = fnv1a (2166136261u, path);
  guint i;

  for (i = 0; i < query->params->len; i++)
    {
      DscFakeParam *param = g_ptr_array_index (query->params, i);

      if (g_ascii_strcasecmp (param->key, "$skiptoken") == 0)
        continue;
      hash = fnv1a (hash, param->key);
      hash = fnv1a (hash, param->value);
    }
  return hash;
}

/* Characters OData query values use that need no escaping; '&', '=', '+',
 * '#', '%' and spaces are escaped. */
#define QUERY_SAFE "$,()/:'@!*;"

char *
dsc_fake_query_encode_next (const DscFakeQuery *query,
                            const char         *skiptoken)
{
  GString *out = g_string_new (NULL);
  guint i;

  for (i = 0; i < query->params->len; i++)
    {
      DscFakeParam *param = g_ptr_array_index (query->params, i);
      g_autofree char *k = NULL;
      g_autofree char *v = NULL;

      if (g_ascii_strcasecmp (param->key, "$skiptoken") == 0)
        continue;
      k = g_uri_escape_string (param->key, QUERY_SAFE, FALSE);
      v = g_uri_escape_string (param->value, QUERY_SAFE, FALSE);
      g_string_append_printf (out, "%s=%s&", k, v);
    }
  g_string_append_printf (out, "$skiptoken=%s", skiptoken);
  return g_string_free (out, FALSE);
}

char *
dsc_fake_skiptoken_encode (guint   offset,
                           guint32 query_hash)
{
  g_autofree char *payload = g_strdup_printf ("DscPage;o=%u;q=%08x", offset, query_hash);
  char *token = g_base64_encode ((const guchar *) payload, strlen (payload));
  char *p;

  /* URL-safe alphabet without padding: nothing in the token needs escaping. */
  for (p = token; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return token;
}

gboolean
dsc_fake_skiptoken_decode (const char *token,
                           guint      *offset,
                           guint32    *query_hash)
{
  g_autoptr(GString) b64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  gsize len = 0;
  guint64 o = 0, q = 0;
  const char *p;

  if (token == NULL || *token == '\0' || strlen (token) > 256)
    return FALSE;

  b64 = g_string_new (NULL);
  for (p = token; *p; p++)
    {
      if (*p == '-')
        g_string_append_c (b64, '+');
      else if (*p == '_')
        g_string_append_c (b64, '/');
      else if (g_ascii_isalnum (*p))
        g_string_append_c (b64, *p);
      else
        return FALSE;
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');

  raw = g_base64_decode (b64->str, &len);
  if (raw == NULL || len == 0)
    return FALSE;
  text = g_strndup ((const char *) raw, len);
  if (strlen (text) != len)
    return FALSE;

  parts = g_strsplit (text, ";", -1);
  if (g_strv_length (parts) != 3 || g_strcmp0 (parts[0], "DscPage") != 0
      || !g_str_has_prefix (parts[1], "o=") || !g_str_has_prefix (parts[2], "q=")
      || !g_ascii_string_to_unsigned (parts[1] + 2, 10, 0, G_MAXINT, &o, NULL)
      || !g_ascii_string_to_unsigned (parts[2] + 2, 16, 0, G_MAXUINT32, &q, NULL))
    return FALSE;

  *offset = (guint) o;
  *query_hash = (guint32) q;
  return TRUE;
}

/* ---- $filter ------------------------------------------------------------ */

typedef struct {
  const char *text;
  gsize       pos;
} Lexer;

static void
skip_ws (Lexer *lx)
{
  while (lx->text[lx->pos] == ' ' || lx->text[lx->pos] == '\t')
    lx->pos++;
}

static gboolean
at_end (Lexer *lx)
{
  skip_ws (lx);
  return lx->text[lx->pos] == '\0';
}

static gboolean
read_char (Lexer *lx,
           char   c)
{
  skip_ws (lx);
  if (lx->text[lx->pos] != c)
    return FALSE;
  lx->pos++;
  return TRUE;
}

/* Identifiers may carry a path: "o/category", "proxyAddresses/any". */
static char *
read_ident (Lexer *lx)
{
  gsize start;

  skip_ws (lx);
  start = lx->pos;
  if (!g_ascii_isalpha (lx->text[lx->pos]) && lx->text[lx->pos] != '_')
    return NULL;
  while (g_ascii_isalnum (lx->text[lx->pos]) || lx->text[lx->pos] == '_'
         || lx->text[lx->pos] == '/' || lx->text[lx->pos] == '.')
    lx->pos++;
  return g_strndup (lx->text + start, lx->pos - start);
}

/* 'O''Brien' → O'Brien */
static char *
read_literal (Lexer *lx)
{
  GString *out;

  skip_ws (lx);
  if (lx->text[lx->pos] != '\'')
    return NULL;
  lx->pos++;
  out = g_string_new (NULL);
  for (;;)
    {
      char c = lx->text[lx->pos];

      if (c == '\0')
        {
          g_string_free (out, TRUE);
          return NULL;
        }
      lx->pos++;
      if (c == '\'')
        {
          if (lx->text[lx->pos] != '\'')
            break;
          lx->pos++;
        }
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
prefix_set_free (gpointer data)
{
  DscFakePrefixSet *set = data;

  g_ptr_array_unref (set->prefixes);
  g_free (set);
}

void
dsc_fake_filter_free (DscFakeFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->property);
  g_clear_pointer (&filter->values, g_ptr_array_unref);
  g_clear_pointer (&filter->prefix_sets, g_ptr_array_unref);
  g_free (filter->prefix_property);
  g_free (filter);
}

static DscFakeFilter *
filter_new (DscFakeFilterKind  kind,
            const char        *property)
{
  DscFakeFilter *filter = g_new0 (DscFakeFilter, 1);

  filter->kind = kind;
  filter->property = g_strdup (property);
  filter->values = g_ptr_array_new_with_free_func (g_free);
  return filter;
}

static DscFakeError *
syntax_error (Lexer *lx)
{
  return dsc_fake_error_new (400, "BadRequest",
                             "Invalid filter clause: syntax error at position %" G_GSIZE_FORMAT
                             " in '%s'.", lx->pos, lx->text);
}

/* lambda: "(var: body eq 'literal')" after "collection/any" */
static DscFakeFilter *
parse_any (Lexer         *lx,
           const char    *collection,
           DscFakeError **error)
{
  g_autofree char *var = NULL;
  g_autofree char *body = NULL;
  g_autofree char *op = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *category = NULL;
  g_autofree char *cause = NULL;
  DscFakeFilter *filter;

  if (!read_char (lx, '(') || (var = read_ident (lx)) == NULL || !read_char (lx, ':')
      || (body = read_ident (lx)) == NULL || (op = read_ident (lx)) == NULL)
    {
      *error = syntax_error (lx);
      return NULL;
    }
  if (g_ascii_strcasecmp (op, "eq") != 0)
    return filter_new (DSC_FAKE_FILTER_UNSUPPORTED, collection);
  if ((literal = read_literal (lx)) == NULL || !read_char (lx, ')'))
    {
      *error = syntax_error (lx);
      return NULL;
    }

  category = g_strconcat (var, "/category", NULL);
  cause = g_strconcat (var, "/propertyCausingError", NULL);

  if (g_ascii_strcasecmp (collection, "onPremisesProvisioningErrors") == 0
      && g_ascii_strcasecmp (body, category) == 0)
    filter = filter_new (DSC_FAKE_FILTER_ERROR_CATEGORY, collection);
  else if (g_ascii_strcasecmp (collection, "onPremisesProvisioningErrors") == 0
           && g_ascii_strcasecmp (body, cause) == 0)
    filter = filter_new (DSC_FAKE_FILTER_ERROR_PROPERTY, collection);
  else if (g_ascii_strcasecmp (collection, "proxyAddresses") == 0
           && g_ascii_strcasecmp (body, var) == 0)
    filter = filter_new (DSC_FAKE_FILTER_PROXY, collection);
  else
    return filter_new (DSC_FAKE_FILTER_UNSUPPORTED, collection);

  g_ptr_array_add (filter->values, g_steal_pointer (&literal));
  return filter;
}

/* "startsWith(property,'literal')" after "startsWith" was read. */
static gboolean
parse_starts_with (Lexer      *lx,
                   char      **property,
                   char      **literal)
{
  if (!read_char (lx, '(') || (*property = read_ident (lx)) == NULL || !read_char (lx, ',')
      || (*literal = read_literal (lx)) == NULL || !read_char (lx, ')'))
    return FALSE;
  return TRUE;
}

/* One clause ANDed to an error filter: "startsWith(p,'a')", "(startsWith(p,'a') or
 * startsWith(p,'b') …)", or either under "not". FALSE on a form this tenant
 * doesn't serve (the filter is then unsupported), or with *@error set on a
 * syntax error. */
static gboolean
parse_prefix_clause (Lexer          *lx,
                     DscFakeFilter  *filter,
                     DscFakeError  **error)
{
  g_autofree char *word = NULL;
  DscFakePrefixSet *set = g_new0 (DscFakePrefixSet, 1);
  gboolean parens = FALSE;
  guint children = 0;

  set->prefixes = g_ptr_array_new_with_free_func (g_free);
  if (filter->prefix_sets == NULL)
    filter->prefix_sets = g_ptr_array_new_with_free_func (prefix_set_free);
  g_ptr_array_add (filter->prefix_sets, set);

  skip_ws (lx);
  if (lx->text[lx->pos] != '(')
    {
      if ((word = read_ident (lx)) == NULL)
        {
          *error = syntax_error (lx);
          return FALSE;
        }
      if (g_ascii_strcasecmp (word, "not") == 0)
        {
          set->negated = TRUE;
          filter->uses_not = TRUE;
          g_clear_pointer (&word, g_free);
        }
    }
  if (word == NULL)
    {
      parens = read_char (lx, '(');
      if ((word = read_ident (lx)) == NULL)
        {
          *error = syntax_error (lx);
          return FALSE;
        }
    }

  for (;;)
    {
      g_autofree char *property = NULL;
      g_autofree char *conj = NULL;
      char *literal = NULL;

      if (g_ascii_strcasecmp (word, "startsWith") != 0)
        return FALSE;
      if (!parse_starts_with (lx, &property, &literal))
        {
          g_free (literal);
          *error = syntax_error (lx);
          return FALSE;
        }
      g_ptr_array_add (set->prefixes, literal);
      children++;
      if (filter->prefix_property == NULL)
        filter->prefix_property = g_strdup (property);
      else if (g_ascii_strcasecmp (filter->prefix_property, property) != 0)
        return FALSE;
      g_clear_pointer (&word, g_free);
      if (!parens || read_char (lx, ')'))
        break;
      if ((conj = read_ident (lx)) == NULL || g_ascii_strcasecmp (conj, "or") != 0
          || (word = read_ident (lx)) == NULL)
        return FALSE;
    }
  filter->max_or_children = MAX (filter->max_or_children, children);
  return TRUE;
}

DscFakeFilter *
dsc_fake_filter_parse (const char    *text,
                       DscFakeError **error)
{
  Lexer lx = { text, 0 };
  g_autofree char *ident = NULL;
  g_autofree char *op = NULL;
  g_autoptr(DscFakeFilter) filter = NULL;
  gsize len;

  if ((ident = read_ident (&lx)) == NULL)
    {
      *error = syntax_error (&lx);
      return NULL;
    }

  len = strlen (ident);
  if (len > 4 && g_ascii_strcasecmp (ident + len - 4, "/any") == 0)
    {
      ident[len - 4] = '\0';
      if ((filter = parse_any (&lx, ident, error)) == NULL)
        return NULL;
      /* "proxyAddresses/any(p:p eq 'a') or proxyAddresses/any(p:p eq 'b') …":
       * one value per clause, gathered like the values of "in". */
      while (filter->kind == DSC_FAKE_FILTER_PROXY && !at_end (&lx))
        {
          gsize mark = lx.pos;
          g_autofree char *conj = read_ident (&lx);
          g_autofree char *next = conj != NULL && g_ascii_strcasecmp (conj, "or") == 0
                                  ? read_ident (&lx) : NULL;
          g_autoptr(DscFakeFilter) other = NULL;
          gsize next_len = next != NULL ? strlen (next) : 0;

          if (next_len <= 4 || g_ascii_strcasecmp (next + next_len - 4, "/any") != 0)
            {
              lx.pos = mark;
              break;
            }
          next[next_len - 4] = '\0';
          if ((other = parse_any (&lx, next, error)) == NULL)
            return NULL;
          if (other->kind != DSC_FAKE_FILTER_PROXY)
            {
              filter->kind = DSC_FAKE_FILTER_UNSUPPORTED;
              break;
            }
          g_ptr_array_add (filter->values, g_steal_pointer (&other->values->pdata[0]));
        }
      /* "… and startsWith(userPrincipalName,'a') and not(…)": the users in
       * error, read in parts by the first letter of their UPN. */
      while ((filter->kind == DSC_FAKE_FILTER_ERROR_CATEGORY
              || filter->kind == DSC_FAKE_FILTER_ERROR_PROPERTY) && !at_end (&lx))
        {
          gsize mark = lx.pos;
          g_autofree char *conj = read_ident (&lx);

          if (conj == NULL || g_ascii_strcasecmp (conj, "and") != 0)
            {
              lx.pos = mark;
              break;
            }
          if (!parse_prefix_clause (&lx, filter, error))
            {
              if (*error != NULL)
                return NULL;
              filter->kind = DSC_FAKE_FILTER_UNSUPPORTED;
              break;
            }
        }
      if (!at_end (&lx))
        filter->kind = DSC_FAKE_FILTER_UNSUPPORTED;
      return g_steal_pointer (&filter);
    }

  if ((op = read_ident (&lx)) == NULL)
    {
      /* startswith(…), not(…): functions Graph has and this tenant doesn't. */
      if (lx.text[lx.pos] == '(')
        return filter_new (DSC_FAKE_FILTER_UNSUPPORTED, ident);
      *error = syntax_error (&lx);
      return NULL;
    }

  filter = filter_new (DSC_FAKE_FILTER_UNSUPPORTED, ident);

  if (g_ascii_strcasecmp (op, "eq") == 0)
    {
      char *literal;

      skip_ws (&lx);
      if (lx.text[lx.pos] == '\'')
        {
          if ((literal = read_literal (&lx)) == NULL)
            {
              *error = syntax_error (&lx);
              return NULL;
            }
          g_ptr_array_add (filter->values, literal);
          if (g_ascii_strcasecmp (ident, "userPrincipalName") == 0)
            filter->kind = DSC_FAKE_FILTER_UPN;
          else if (g_ascii_strcasecmp (ident, "applicationTemplateId") == 0)
            filter->kind = DSC_FAKE_FILTER_APP_TEMPLATE;
          else if (g_ascii_strcasecmp (ident, "servicePrincipal/id") == 0)
            {
              /* The provisioning-log form: one more "and <status> eq '<s>'" clause. */
              gsize mark = lx.pos;
              g_autofree char *conj = read_ident (&lx);
              g_autofree char *ident2 = conj != NULL && g_ascii_strcasecmp (conj, "and") == 0
                                        ? read_ident (&lx) : NULL;
              g_autofree char *op2 = ident2 != NULL ? read_ident (&lx) : NULL;
              char *literal2 = op2 != NULL && g_ascii_strcasecmp (op2, "eq") == 0
                               ? read_literal (&lx) : NULL;

              if (literal2 != NULL
                  && g_ascii_strcasecmp (ident2, "provisioningStatusInfo/status") == 0)
                {
                  g_ptr_array_add (filter->values, literal2);
                  filter->kind = DSC_FAKE_FILTER_SP_FAILURES;
                }
              else
                {
                  g_free (literal2);
                  lx.pos = mark;
                }
            }
        }
      else
        {
          g_autofree char *word = read_ident (&lx);

          if (word == NULL)
            {
              *error = syntax_error (&lx);
              return NULL;
            }
          if (g_ascii_strcasecmp (ident, "isResolved") == 0
              && (g_ascii_strcasecmp (word, "true") == 0
                  || g_ascii_strcasecmp (word, "false") == 0))
            {
              filter->kind = DSC_FAKE_FILTER_IS_RESOLVED;
              filter->boolean = g_ascii_strcasecmp (word, "true") == 0;
            }
        }
    }
  else if (g_ascii_strcasecmp (op, "in") == 0)
    {
      if (!read_char (&lx, '('))
        {
          *error = syntax_error (&lx);
          return NULL;
        }
      do
        {
          char *literal = read_literal (&lx);

          if (literal == NULL)
            {
              *error = syntax_error (&lx);
              return NULL;
            }
          g_ptr_array_add (filter->values, literal);
        }
      while (read_char (&lx, ','));
      if (!read_char (&lx, ')'))
        {
          *error = syntax_error (&lx);
          return NULL;
        }
      if (g_ascii_strcasecmp (ident, "userPrincipalName") == 0)
        filter->kind = DSC_FAKE_FILTER_UPN;
    }
  else if (g_ascii_strcasecmp (op, "ne") != 0 && g_ascii_strcasecmp (op, "startswith") != 0
           && g_ascii_strcasecmp (op, "ge") != 0 && g_ascii_strcasecmp (op, "le") != 0
           && g_ascii_strcasecmp (op, "gt") != 0 && g_ascii_strcasecmp (op, "lt") != 0)
    {
      *error = syntax_error (&lx);
      return NULL;
    }

  /* "… and …", "… or …" and the like are valid OData this tenant doesn't serve. */
  if (!at_end (&lx))
    filter->kind = DSC_FAKE_FILTER_UNSUPPORTED;

  return g_steal_pointer (&filter);
}
