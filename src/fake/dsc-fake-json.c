/* dsc-fake-json.c — JSON text writing for the fake Graph tenant. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include "dsc-fake-json.h"

static void
append_escaped (GString    *out,
                const char *s)
{
  const char *p;

  g_string_append_c (out, '"');
  for (p = s; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
dsc_fake_json_append_string (GString    *out,
                             const char *s)
{
  g_autofree char *valid = NULL;

  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  if (!g_utf8_validate (s, -1, NULL))
    {
      valid = g_utf8_make_valid (s, -1);
      s = valid;
    }

  append_escaped (out, s);
}

void
dsc_fake_json_append_key (GString    *out,
                          const char *name,
                          gboolean   *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  append_escaped (out, name);
  g_string_append_c (out, ':');
}

void
dsc_fake_json_append_node (GString  *out,
                           JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          dsc_fake_json_append_string (out, json_node_get_string (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
        else
          g_string_append (out, "null");
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        guint i;

        g_string_append_c (out, '[');
        for (i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            dsc_fake_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            dsc_fake_json_append_key (out, name, &first);
            dsc_fake_json_append_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    default:
      g_string_append (out, "null");
    }
}

char *
dsc_fake_json_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  /* Out of GDateTime's range only with absurd scenario offsets. */
  if (dt == NULL)
    return g_strdup ("0001-01-01T00:00:00Z");

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

void
dsc_fake_json_append_time (GString *out,
                           gint64   unix_seconds)
{
  g_autofree char *text = dsc_fake_json_format_time (unix_seconds);

  g_string_append_c (out, '"');
  g_string_append (out, text);
  g_string_append_c (out, '"');
}

const char *
dsc_fake_json_string (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

const char *
dsc_fake_json_member_string (JsonObject *object,
                             const char *name)
{
  return object != NULL ? dsc_fake_json_string (json_object_get_member (object, name)) : NULL;
}

gboolean
dsc_fake_json_member_bool (JsonObject *object,
                           const char *name,
                           gboolean    def)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return def;
}

double
dsc_fake_json_member_double (JsonObject *object,
                             const char *name,
                             double      def)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && (json_node_get_value_type (node) == G_TYPE_INT64
          || json_node_get_value_type (node) == G_TYPE_DOUBLE))
    return json_node_get_double (node);
  return def;
}

JsonObject *
dsc_fake_json_member_object (JsonObject *object,
                             const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
dsc_fake_json_member_array (JsonObject *object,
                            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
dsc_fake_json_element_string (JsonArray *array,
                              guint      index)
{
  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  return dsc_fake_json_string (json_array_get_element (array, index));
}

JsonObject *
dsc_fake_json_element_object (JsonArray *array,
                              guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
