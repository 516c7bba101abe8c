/* dsc-fake-query.h — OData query options as the fake Graph tenant reads them.
 *
 * Only what docs/graph-calls.md sends is understood ($filter forms, $select,
 * $top, $count, $skiptoken); everything else is refused the way Graph refuses
 * it, so a client that drifts from the documented calls fails in tests first.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A Graph error to answer with: HTTP status, error.code, error.message. */
typedef struct {
  guint  status;
  char  *code;
  char  *message;
} DscFakeError;

DscFakeError *dsc_fake_error_new  (guint       status,
                                   const char *code,
                                   const char *format,
                                   ...) G_GNUC_PRINTF (3, 4);
void          dsc_fake_error_free (DscFakeError *error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscFakeError, dsc_fake_error_free)

typedef struct {
  char *key;
  char *value;
} DscFakeParam;

#define DSC_FAKE_MAX_TOP 999
#define DSC_FAKE_DEFAULT_TOP 100
#define DSC_FAKE_MAX_IN_VALUES 15
/* With advanced query, an "in" list is limited by the URL instead: 2 048
 * characters, counted as on https://graph.microsoft.com/{version}/… */
#define DSC_FAKE_MAX_URL 2048
#define DSC_FAKE_GRAPH_ROOT "https://graph.microsoft.com/"

typedef struct {
  GPtrArray  *params;     /* DscFakeParam *, decoded, in request order */
  const char *filter;     /* $filter text, or NULL */
  GPtrArray  *select;     /* char *, or NULL when $select is absent */
  int         top;        /* -1 when absent */
  gboolean    count;      /* $count=true */
  const char *skiptoken;  /* or NULL */
  const char *expand;     /* $expand: only "agentGroups" is served, else NULL */
} DscFakeQuery;

/* @raw_query: the percent-encoded query string (without "?"), may be NULL. */
DscFakeQuery *dsc_fake_query_parse    (const char         *raw_query,
                                       DscFakeError      **error);
void          dsc_fake_query_free     (DscFakeQuery       *query);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscFakeQuery, dsc_fake_query_free)

/* "k=v&k=v" decoded, for request logs. */
char         *dsc_fake_query_describe (const DscFakeQuery *query);
/* Hash of @path and every option but $skiptoken: ties a page token to its query. */
guint32       dsc_fake_query_hash     (const DscFakeQuery *query,
                                       const char         *path);
/* Percent-encoded options but $skiptoken, then "$skiptoken=@skiptoken". */
char         *dsc_fake_query_encode_next (const DscFakeQuery *query,
                                          const char         *skiptoken);

char         *dsc_fake_skiptoken_encode (guint        offset,
                                         guint32      query_hash);
gboolean      dsc_fake_skiptoken_decode (const char  *token,
                                         guint       *offset,
                                         guint32     *query_hash);

typedef enum {
  DSC_FAKE_FILTER_UNSUPPORTED,      /* well-formed, but not a form we serve */
  DSC_FAKE_FILTER_ERROR_CATEGORY,   /* onPremisesProvisioningErrors/any(o:o/category eq 'v') */
  DSC_FAKE_FILTER_ERROR_PROPERTY,   /* …/any(o:o/propertyCausingError eq 'v') */
  DSC_FAKE_FILTER_UPN,              /* userPrincipalName eq 'v' | in ('a','b') */
  DSC_FAKE_FILTER_PROXY,            /* proxyAddresses/any(p:p eq 'v') [or proxyAddresses/any(…)]… */
  DSC_FAKE_FILTER_IS_RESOLVED,      /* isResolved eq true|false */
  DSC_FAKE_FILTER_APP_TEMPLATE,     /* applicationTemplateId eq 'v' */
  DSC_FAKE_FILTER_SP_FAILURES,      /* servicePrincipal/id eq 'v' and
                                     * provisioningStatusInfo/status eq 's' (values: v, s) */
} DscFakeFilterKind;

/* "startsWith(userPrincipalName,'a') or startsWith(userPrincipalName,'b') …",
 * optionally under not(…): one clause ANDed to an error filter. */
typedef struct {
  gboolean   negated;
  GPtrArray *prefixes;          /* char *, the literals */
} DscFakePrefixSet;

typedef struct {
  DscFakeFilterKind kind;
  char             *property;   /* the property the clause names (for messages) */
  GPtrArray        *values;     /* char *, string literals with quotes undone */
  gboolean          boolean;
  /* ERROR_CATEGORY / ERROR_PROPERTY only: "… and (startsWith(…) or …) and not(…)".
   * An object passes when its UPN starts with one of each set's prefixes
   * (case-insensitively), or with none of a negated set's. NULL when absent. */
  GPtrArray        *prefix_sets;    /* DscFakePrefixSet * */
  char             *prefix_property; /* the property startsWith names */
  guint             max_or_children; /* the longest "or" chain in the filter, in clauses */
  gboolean          uses_not;        /* not(…): advanced query only */
} DscFakeFilter;

/* NULL + @error on a syntax error; an unsupported but well-formed clause
 * parses as DSC_FAKE_FILTER_UNSUPPORTED so the caller can name the resource. */
DscFakeFilter *dsc_fake_filter_parse (const char     *text,
                                      DscFakeError  **error);
void           dsc_fake_filter_free  (DscFakeFilter  *filter);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscFakeFilter, dsc_fake_filter_free)

G_END_DECLS
