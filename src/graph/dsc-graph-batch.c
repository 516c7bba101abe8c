/* dsc-graph-batch.c — a set of GET requests for one JSON $batch round, each
 * member's outcome once the client has run it, and the reading of a $batch
 * answer (shared by the client and dsc_graph_batch_parse_response()). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-graph"

#include <glib/gi18n-lib.h>

#include "dsc-graph-batch.h"
#include "dsc-graph-client-private.h"
#include "dsc-graph-error.h"
#include "dsc-graph-error-private.h"

typedef struct
{
  char      *id;
  char      *url;
  GStrv      headers;
  guint      status;
  DscJson   *body;
  char      *retry_after;
  GError    *error;
} Member;

struct _DscGraphBatch
{
  GObject          parent_instance;

  DscGraphVersion  version;
  GPtrArray       *members;     /* Member*, in the order added */
  GHashTable      *by_id;       /* id → Member*, borrowed */
};

enum {
  PROP_0,
  PROP_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DscGraphBatch, dsc_graph_batch, G_TYPE_OBJECT)

static void
member_free (Member *member)
{
  g_free (member->id);
  g_free (member->url);
  g_strfreev (member->headers);
  g_clear_pointer (&member->body, dsc_json_unref);
  g_free (member->retry_after);
  g_clear_error (&member->error);
  g_free (member);
}

static void
dsc_graph_batch_finalize (GObject *object)
{
  DscGraphBatch *self = DSC_GRAPH_BATCH (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (dsc_graph_batch_parent_class)->finalize (object);
}

static void
dsc_graph_batch_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  DscGraphBatch *self = DSC_GRAPH_BATCH (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      g_value_set_int (value, self->version);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_graph_batch_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  DscGraphBatch *self = DSC_GRAPH_BATCH (object);

  switch (prop_id)
    {
    case PROP_VERSION:
      self->version = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_graph_batch_class_init (DscGraphBatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dsc_graph_batch_finalize;
  object_class->get_property = dsc_graph_batch_get_property;
  object_class->set_property = dsc_graph_batch_set_property;

  /* A $batch cannot mix v1.0 and beta members, so the version is fixed. */
  properties[PROP_VERSION] =
    g_param_spec_int ("version", NULL, NULL,
                      DSC_GRAPH_V1, DSC_GRAPH_BETA, DSC_GRAPH_V1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                      G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dsc_graph_batch_init (DscGraphBatch *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

DscGraphBatch *
dsc_graph_batch_new (DscGraphVersion version)
{
  return g_object_new (DSC_TYPE_GRAPH_BATCH,
                       "version", version,
                       NULL);
}

DscGraphVersion
dsc_graph_batch_get_version (DscGraphBatch *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), DSC_GRAPH_V1);

  return self->version;
}

const char *
dsc_graph_batch_add (DscGraphBatch      *self,
                     const char         *url,
                     const char * const *headers)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  member = g_new0 (Member, 1);
  /* Graph compares ids case-insensitively; plain numbers sidestep that. */
  member->id = g_strdup_printf ("%u", self->members->len + 1);
  member->url = g_strdup (url);
  member->headers = g_strdupv ((char **) headers);

  g_ptr_array_add (self->members, member);
  g_hash_table_insert (self->by_id, member->id, member);

  return member->id;
}

guint
dsc_graph_batch_get_size (DscGraphBatch *self)
{
  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), 0);

  return self->members->len;
}

const char *
dsc_graph_batch_get_id (DscGraphBatch *self,
                        guint          index)
{
  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);
  g_return_val_if_fail (index < self->members->len, NULL);

  return ((Member *) g_ptr_array_index (self->members, index))->id;
}

static Member *
lookup (DscGraphBatch *self,
        const char    *id)
{
  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

const char *
dsc_graph_batch_get_url (DscGraphBatch *self,
                         const char    *id)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);

  member = lookup (self, id);
  g_return_val_if_fail (member != NULL, NULL);

  return member->url;
}

const char * const *
dsc_graph_batch_get_headers (DscGraphBatch *self,
                             const char    *id)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);

  member = lookup (self, id);
  g_return_val_if_fail (member != NULL, NULL);

  return (const char * const *) member->headers;
}

DscJson *
dsc_graph_batch_dup_result (DscGraphBatch  *self,
                            const char     *id,
                            GError        **error)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  member = lookup (self, id);
  g_return_val_if_fail (member != NULL, NULL);

  if (member->error != NULL)
    {
      g_propagate_error (error, g_error_copy (member->error));
      return NULL;
    }

  if (member->status == 0)
    {
      g_set_error (error, DSC_GRAPH_ERROR, DSC_GRAPH_ERROR_INVALID_RESPONSE,
                   _("Microsoft Graph sent no answer for %s"), member->url);
      return NULL;
    }

  if (member->status < 200 || member->status >= 300)
    {
      g_propagate_error (error, dsc_graph_error_new_from_json (member->status,
                                                               member->body, NULL));
      return NULL;
    }

  /* A 204 has no body; JSON null keeps "NULL means error" true. */
  if (member->body == NULL)
    return dsc_json_new_null ();

  return dsc_json_ref (member->body);
}

void
dsc_graph_batch_set_result (DscGraphBatch *self,
                            const char    *id,
                            guint          status,
                            DscJson       *body)
{
  Member *member;

  g_return_if_fail (DSC_IS_GRAPH_BATCH (self));

  member = lookup (self, id);
  g_return_if_fail (member != NULL);

  member->status = status;
  g_clear_pointer (&member->body, dsc_json_unref);
  member->body = body != NULL ? dsc_json_ref (body) : NULL;
  g_clear_pointer (&member->retry_after, g_free);
  g_clear_error (&member->error);
}

void
dsc_graph_batch_set_error (DscGraphBatch *self,
                           const char    *id,
                           const GError  *error)
{
  Member *member;

  g_return_if_fail (DSC_IS_GRAPH_BATCH (self));
  g_return_if_fail (error != NULL);

  member = lookup (self, id);
  g_return_if_fail (member != NULL);

  /* The status (if any) stays: it tells why, the error tells the admin. */
  g_clear_error (&member->error);
  member->error = g_error_copy (error);
}

guint
dsc_graph_batch_get_status (DscGraphBatch *self,
                            const char    *id)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), 0);

  member = lookup (self, id);

  return member != NULL ? member->status : 0;
}

const char *
dsc_graph_batch_get_retry_after (DscGraphBatch *self,
                                 const char    *id)
{
  Member *member;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), NULL);

  member = lookup (self, id);

  return member != NULL ? member->retry_after : NULL;
}

/* Reading an answer */

/* Member headers are a JSON object with whatever case the service chose. */
static const char *
member_header (DscJson    *member,
               const char *name)
{
  DscJson *headers = dsc_json_get_member (member, "headers");

  if (!dsc_json_is_object (headers))
    return NULL;

  for (guint i = 0; i < dsc_json_get_length (headers); i++)
    {
      const char *header = dsc_json_get_name (dsc_json_get_element (headers, i));
      DscJson *value;

      if (g_ascii_strcasecmp (header, name) != 0)
        continue;

      /* A repeated name has its last value. */
      value = dsc_json_get_member (headers, header);
      if (dsc_json_is_string (value))
        return dsc_json_get_string (value);
    }

  return NULL;
}

static guint
member_status (DscJson *member)
{
  DscJson *node = dsc_json_get_member (member, "status");
  gint64 status;

  if (node == NULL)
    return 0;

  switch (dsc_json_get_node_type (node))
    {
    case DSC_JSON_INT:
      status = dsc_json_get_int (node);
      break;
    case DSC_JSON_DOUBLE:
      {
        double value = dsc_json_get_double (node);

        /* Casting an out-of-range (or NaN) double is undefined: only HTTP codes count. */
        if (!(value >= 100 && value < 1000))
          return 0;
        status = (gint64) value;
      }
      break;
    case DSC_JSON_STRING:
      status = g_ascii_strtoll (dsc_json_get_string (node), NULL, 10);
      break;
    default:
      return 0;
    }

  return status >= 100 && status <= 999 ? (guint) status : 0;
}

static const char *
member_id (DscJson   *member,
           GPtrArray *ids)
{
  const char *id = dsc_json_get_string (dsc_json_get_member (member, "id"));

  if (id == NULL)
    return NULL;

  /* Ids are case-insensitive in $batch; answer with our own spelling. */
  for (guint i = 0; i < ids->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (ids, i), id) == 0)
      return g_ptr_array_index (ids, i);

  return NULL;
}

gboolean
dsc_graph_batch_apply_response (DscGraphBatch  *self,
                                GPtrArray      *ids,
                                DscJson        *root,
                                GPtrArray      *answered,
                                GError        **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  DscJson *responses;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (dsc_json_is_object (root), FALSE);

  responses = dsc_json_get_member (root, "responses");
  if (!dsc_json_is_array (responses))
    {
      g_autoptr(GError) invalid = NULL;

      invalid = dsc_graph_error_new_full (DSC_GRAPH_ERROR_INVALID_RESPONSE, 200, NULL, NULL,
                                          _("Microsoft Graph sent an incomplete or malformed "
                                            "response (a $batch answer without responses)"));
      for (guint i = 0; i < ids->len; i++)
        dsc_graph_batch_set_error (self, g_ptr_array_index (ids, i), invalid);
      g_propagate_error (error, g_steal_pointer (&invalid));
      return FALSE;
    }

  for (guint i = 0; i < dsc_json_get_length (responses); i++)
    {
      DscJson *object = dsc_json_get_element (responses, i);
      const char *id;
      guint status;

      if (!dsc_json_is_object (object))
        continue;

      id = member_id (object, ids);
      if (id == NULL || !g_hash_table_add (seen, (gpointer) id))
        continue;

      status = member_status (object);
      if (status == 0)
        {
          g_autoptr(GError) invalid = NULL;

          invalid = dsc_graph_error_new_full (DSC_GRAPH_ERROR_INVALID_RESPONSE, 0, NULL, NULL,
                                              _("Microsoft Graph sent an incomplete or "
                                                "malformed response (no status for %s)"),
                                              dsc_graph_batch_get_url (self, id));
          dsc_graph_batch_set_error (self, id, invalid);
          continue;
        }

      /* Recorded even when throttled: if the client's budget runs out, this
       * answer is what the member's error is made from. */
      dsc_graph_batch_set_result (self, id, status, dsc_json_get_member (object, "body"));
      lookup (self, id)->retry_after = g_strdup (member_header (object, "Retry-After"));
      if (answered != NULL)
        g_ptr_array_add (answered, (gpointer) id);
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GError) invalid = NULL;

      if (g_hash_table_contains (seen, id))
        continue;

      invalid = dsc_graph_error_new_full (DSC_GRAPH_ERROR_INVALID_RESPONSE, 0, NULL, NULL,
                                          _("Microsoft Graph sent an incomplete or malformed "
                                            "response (no answer for %s)"),
                                          dsc_graph_batch_get_url (self, id));
      dsc_graph_batch_set_error (self, id, invalid);
    }

  return TRUE;
}

gboolean
dsc_graph_batch_parse_response (DscGraphBatch  *self,
                                const char     *data,
                                gsize           len,
                                GError        **error)
{
  g_autoptr(DscJson) root = NULL;
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (DSC_IS_GRAPH_BATCH (self), FALSE);

  /* The same steps as the client's for a $batch call answered with 200. */
  root = dsc_graph_client_parse_body (data, len, 200, NULL, NULL, error);
  if (root == NULL)
    return FALSE;

  ids = g_ptr_array_new ();
  for (guint i = 0; i < self->members->len; i++)
    g_ptr_array_add (ids, ((Member *) g_ptr_array_index (self->members, i))->id);

  return dsc_graph_batch_apply_response (self, ids, root, NULL, error);
}
