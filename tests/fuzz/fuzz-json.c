/* fuzz-json.c — the read-only JSON reader (dsc-json.c) on its own: bytes →
 * document, then every node read back and checked against what a parse
 * promises. Crashes, leaks and these checks failing are findings:
 *  - an accepted text is valid UTF-8 and within the nesting limit, by the
 *    bracket count of dsc_json_depth_ok() too;
 *  - the document's own depth parses with exactly that limit and fails with
 *    one less (as a depth error);
 *  - every string is valid UTF-8 up to its length and NUL-terminated;
 *  - a member found by name has that name, and no later member has it;
 *  - a member outlives the reference to its root. */
#include "config.h"

#include "fuzz-common.h"

static void
check (gboolean ok)
{
  if (!ok)
    __builtin_trap ();
}

static gboolean
string_valid (const char *str,
              gsize       len)
{
  /* g_utf8_validate_len() stops at a NUL: check each run between them. */
  const char *end = str + len;

  if (*end != '\0')
    return FALSE;
  while (str < end)
    {
      gsize run = strlen (str);

      if (!g_utf8_validate_len (str, MIN (run, (gsize) (end - str)), NULL))
        return FALSE;
      str += run + 1;
    }
  return TRUE;
}

/* Set when the text may hold a \u0000: a member name with one in it is
 * not found by its C prefix, so lookups are only checked without. */
static gboolean nul_escapes;

/* Reads everything under node; returns its depth (containers deep). */
static guint
walk (DscJson *node)
{
  guint deepest = 0;
  guint n = dsc_json_get_length (node);

  switch (dsc_json_get_node_type (node))
    {
    case DSC_JSON_NULL:
    case DSC_JSON_BOOLEAN:
      check (n == 0 && dsc_json_get_string (node) == NULL);
      return 0;
    case DSC_JSON_INT:
      check (dsc_json_get_double (node) == (double) dsc_json_get_int (node));
      return 0;
    case DSC_JSON_DOUBLE:
      check (dsc_json_get_int (node) == 0);
      return 0;
    case DSC_JSON_STRING:
      check (string_valid (dsc_json_get_string (node), dsc_json_get_string_length (node)));
      return 0;
    case DSC_JSON_ARRAY:
      for (guint i = 0; i < n; i++)
        {
          DscJson *element = dsc_json_get_element (node, i);

          check (element != NULL && dsc_json_get_name (element) == NULL);
          deepest = MAX (deepest, walk (element));
        }
      check (dsc_json_get_element (node, n) == NULL);
      return deepest + 1;
    case DSC_JSON_OBJECT:
      for (guint i = 0; i < n; i++)
        {
          DscJson *value = dsc_json_get_element (node, i);
          const char *name = dsc_json_get_name (value);
          DscJson *found;

          check (name != NULL);
          found = dsc_json_get_member (node, name);
          if (found != NULL)
            check (strcmp (dsc_json_get_name (found), name) == 0);
          if (!nul_escapes)
            {
              /* The last of a repeated name wins: found is this one or later. */
              guint at = 0;

              while (at < n && dsc_json_get_element (node, at) != found)
                at++;
              check (at < n && at >= i);
            }
          deepest = MAX (deepest, walk (value));
        }
      return deepest + 1;
    default:
      check (FALSE);
      return 0;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  DscJson *root;
  DscJson *kept = NULL;
  guint depth;

  root = fuzz_parse_graph_json (data, size);
  if (root == NULL)
    {
      /* The same bytes give the same answer, with a message naming a byte. */
      check (dsc_json_parse (text, size, FUZZ_MAX_JSON_DEPTH, &error) == NULL);
      check (error != NULL && strstr (error->message, " at byte ") != NULL);
      return 0;
    }

  check (g_utf8_validate_len (text, size, NULL));
  nul_escapes = g_strstr_len (text, size, "\\u0000") != NULL;
  check (dsc_json_depth_ok (text, size, FUZZ_MAX_JSON_DEPTH));
  depth = walk (root);
  check (depth <= FUZZ_MAX_JSON_DEPTH);

  {
    DscJson *exact = dsc_json_parse (text, size, depth, NULL);

    check (exact != NULL);
    dsc_json_unref (exact);
  }
  if (depth > 0)
    {
      check (dsc_json_parse (text, size, depth - 1, &error) == NULL);
      check (g_error_matches (error, DSC_JSON_ERROR, DSC_JSON_ERROR_DEPTH));
    }

  /* Keep the last element or member past the root's reference. */
  if (dsc_json_get_length (root) > 0)
    kept = dsc_json_ref (dsc_json_get_element (root, dsc_json_get_length (root) - 1));
  dsc_json_unref (root);
  if (kept != NULL)
    {
      walk (kept);
      dsc_json_unref (kept);
    }
  return 0;
}
