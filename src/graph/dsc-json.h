/* dsc-json.h — a read-only JSON document for Microsoft Graph answers.
 *
 * dsc_json_parse() reads RFC 8259 JSON in one pass into nodes that live in an
 * arena owned by a reference-counted document. Every node knows its
 * document: dsc_json_ref()/dsc_json_unref() on any node keep or release the
 * whole document, so a member can outlive the reference to the root.
 * Numbers follow json-glib: an integer without fraction or exponent is
 * DSC_JSON_INT (gint64; beyond gint64 it is DSC_JSON_DOUBLE), any other
 * number DSC_JSON_DOUBLE. Strings are valid UTF-8 and NUL-terminated (a
 * \u0000 inside one ends it for C; dsc_json_get_string_length() has it all).
 * Nodes are immutable: a document can be read from several threads.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DSC_JSON_NULL,
  DSC_JSON_BOOLEAN,
  DSC_JSON_INT,
  DSC_JSON_DOUBLE,
  DSC_JSON_STRING,
  DSC_JSON_ARRAY,
  DSC_JSON_OBJECT,
} DscJsonType;

#define DSC_JSON_ERROR (dsc_json_error_quark ())

typedef enum {
  DSC_JSON_ERROR_SYNTAX,   /* not JSON (the message names the byte offset) */
  DSC_JSON_ERROR_EMPTY,    /* nothing but white space */
  DSC_JSON_ERROR_UTF8,     /* a string is not valid UTF-8 */
  DSC_JSON_ERROR_DEPTH,    /* arrays and objects nest deeper than max_depth */
  DSC_JSON_ERROR_TOO_LARGE /* a string or container beyond 4 GiB / 2^32 members */
} DscJsonError;

typedef struct _DscJson DscJson;

GQuark       dsc_json_error_quark        (void);

/* Parses len bytes of data (no NUL needed). max_depth bounds the nesting of
 * arrays and objects (the root container is depth 1); deeper input is an
 * error, found without recursion. Returns the root (new reference) or NULL
 * with DSC_JSON_ERROR set. */
DscJson     *dsc_json_parse              (const char  *data,
                                          gsize        len,
                                          guint        max_depth,
                                          GError     **error);
/* A document holding only JSON null (e.g. for an answer without a body). */
DscJson     *dsc_json_new_null           (void);

DscJson     *dsc_json_ref                (DscJson     *node);
void         dsc_json_unref              (DscJson     *node);

DscJsonType  dsc_json_get_node_type      (const DscJson *node);
gboolean     dsc_json_is_null            (const DscJson *node);
gboolean     dsc_json_is_string          (const DscJson *node);
gboolean     dsc_json_is_array           (const DscJson *node);
gboolean     dsc_json_is_object          (const DscJson *node);

/* Scalars: the value, or NULL / FALSE / 0 when the node is of another type.
 * dsc_json_get_double() also reads an INT. */
const char  *dsc_json_get_string         (const DscJson *node);
gsize        dsc_json_get_string_length  (const DscJson *node);
gboolean     dsc_json_get_boolean        (const DscJson *node);
gint64       dsc_json_get_int            (const DscJson *node);
double       dsc_json_get_double         (const DscJson *node);

/* Arrays and objects: the number of elements (members), 0 for other types. */
guint        dsc_json_get_length         (const DscJson *node);
/* The index-th element of an array, or value of an object's index-th member
 * (in document order); NULL when out of range. Borrowed. */
DscJson     *dsc_json_get_element        (const DscJson *node,
                                          guint          index);
/* The member name of a node that is a value in an object, else NULL. */
const char  *dsc_json_get_name           (const DscJson *node);
/* An object's member by name (the last one when the name repeats, as
 * json-glib), or NULL when absent or node is not an object. Borrowed. */
DscJson     *dsc_json_get_member         (const DscJson *node,
                                          const char    *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DscJson, dsc_json_unref)

G_END_DECLS
