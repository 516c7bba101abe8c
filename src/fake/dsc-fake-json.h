/* dsc-fake-json.h — JSON text writing for the fake Graph tenant.
 *
 * Pages of directory objects are written straight into a GString instead of
 * through JsonNode trees: a 999-object page would otherwise allocate tens of
 * thousands of nodes per request, and $batch bodies embed member bodies as-is.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Appends @s as a quoted JSON string (or null when @s is NULL). Invalid UTF-8
 * (from a percent-decoded query, say) is repaired rather than passed on. */
void  dsc_fake_json_append_string (GString    *out,
                                   const char *s);
/* Appends "name": (with a leading comma when @first is FALSE). */
void  dsc_fake_json_append_key    (GString    *out,
                                   const char *name,
                                   gboolean   *first);
void  dsc_fake_json_append_node   (GString    *out,
                                   JsonNode   *node);
/* ISO 8601 UTC without fractions, as Graph writes DateTimeOffset values. */
char *dsc_fake_json_format_time   (gint64      unix_seconds);
void  dsc_fake_json_append_time   (GString    *out,
                                   gint64      unix_seconds);

/* Type-checked readers: json-glib's getters warn on a wrong type, and a
 * scenario file is input like any other. Absent or mistyped → the default. */
const char *dsc_fake_json_string        (JsonNode   *node);
const char *dsc_fake_json_member_string (JsonObject *object,
                                         const char *name);
gboolean    dsc_fake_json_member_bool   (JsonObject *object,
                                         const char *name,
                                         gboolean    def);
double      dsc_fake_json_member_double (JsonObject *object,
                                         const char *name,
                                         double      def);
JsonObject *dsc_fake_json_member_object (JsonObject *object,
                                         const char *name);
JsonArray  *dsc_fake_json_member_array  (JsonObject *object,
                                         const char *name);
const char *dsc_fake_json_element_string (JsonArray *array,
                                          guint      index);
JsonObject *dsc_fake_json_element_object (JsonArray *array,
                                          guint      index);

G_END_DECLS
