/* test-json.c — the read-only JSON document (dsc-json.c): grammar, strings,
 * numbers, limits and lifetimes. */
#include "config.h"

#include <math.h>
#include <string.h>
#include "dsc-json.h"

static DscJson *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  DscJson *node = dsc_json_parse (text, strlen (text), 64, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_rejected (const char *text,
                 gsize       len,
                 int         code)
{
  g_autoptr(GError) error = NULL;
  DscJson *node = dsc_json_parse (text, len, 64, &error);

  if (node != NULL)
    g_error ("accepted: %.*s", (int) MIN (len, 80), text);
  g_assert_error (error, DSC_JSON_ERROR, code);
  /* Every message says where. */
  g_assert_nonnull (strstr (error->message, " at byte "));
}

static void
test_grammar_accepts (void)
{
  const char *valid[] = {
    "{}", "[]", " \t\r\n{ } \n", "0", "-0", "1", "\"\"", "true", "false", "null",
    "[1,2,3]", "[ 1 , [ ] , { } , \"x\" , null , true , false ]",
    "{\"a\":1,\"b\":[{\"c\":{}}],\"d\":\"e\"}",
    "{\"\":0}", "[-1.5e+10, 2E-3, 0.0, 1e5, 123456789]",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(DscJson) node = parse_ok (valid[i]);

      g_test_message ("%s", valid[i]);
    }
}

static void
test_grammar_rejects (void)
{
  const char *invalid[] = {
    "{", "[", "}", "]", "[1,]", "[,1]", "{,}", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}",
    "{a:1}", "{'a':1}", "['x']", "[1 2]", "{\"a\":1 \"b\":2}", "01", "-", "+1", ".5", "1.",
    "1.e5", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "tru", "truex", "nul",
    "nulls", "True", "[1]]", "{}{}", "[] x", "\"abc", "\"a\\\"", "\"\\x\"", "\"\\u12\"",
    "\"\\u12G4\"", "\"tab\there\"", "\"line\nbreak\"", "/* c */ {}", "{} // c", "[1,\n",
    "\"\\", "\xef\xbb\xbf{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("%s", invalid[i]);
      assert_rejected (invalid[i], strlen (invalid[i]), DSC_JSON_ERROR_SYNTAX);
    }

  assert_rejected ("", 0, DSC_JSON_ERROR_EMPTY);
  assert_rejected (" \n\t ", 4, DSC_JSON_ERROR_EMPTY);
  /* A NUL byte is not white space, and the length counts, not the NUL. */
  assert_rejected ("{}\0", 3, DSC_JSON_ERROR_SYNTAX);
  assert_rejected ("[\"a\0b\"]", 7, DSC_JSON_ERROR_SYNTAX);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) node = dsc_json_parse ("[1]garbage", 3, 64, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (dsc_json_get_length (node), ==, 1);
  }
}

static void
test_error_offset (void)
{
  g_autoptr(GError) error = NULL;
  DscJson *node = dsc_json_parse ("{\"a\": [1, 2,, 3]}", 17, 64, &error);

  g_assert_null (node);
  g_assert_error (error, DSC_JSON_ERROR, DSC_JSON_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "at byte 12"));
}

static void
test_truncated (void)
{
  const char *text = "{\"value\":[{\"id\":\"1\",\"n\":-12.5e3,\"ok\":true,\"s\":\"caf\xc3\xa9\\u00e9\"},null]}";
  gsize len = strlen (text);

  /* Every proper prefix is an error, never a crash or a partial tree. */
  for (gsize i = 0; i < len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *copy = g_memdup2 (text, i);   /* exact size: ASan sees overreads */
      DscJson *node = dsc_json_parse (copy, i, 64, &error);

      if (node != NULL)
        g_error ("prefix of %" G_GSIZE_FORMAT " bytes accepted", i);
      g_assert_nonnull (error);
    }

  {
    g_autoptr(DscJson) node = parse_ok (text);
    DscJson *item = dsc_json_get_element (dsc_json_get_member (node, "value"), 0);

    g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (item, "s")), ==,
                     "caf\xc3\xa9\xc3\xa9");
    g_assert_cmpfloat (dsc_json_get_double (dsc_json_get_member (item, "n")), ==, -12500.0);
  }
}

static void
test_escapes (void)
{
  const struct { const char *json; const char *expected; gsize len; } cases[] = {
    { "\"plain\"", "plain", 5 },
    { "\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d", 7 },
    { "\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t", 5 },
    { "\"\\u0041\\u00e9\\u20AC\"", "A\xc3\xa9\xe2\x82\xac", 6 },
    /* A surrogate pair is one character beyond the BMP. */
    { "\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4 },
    { "\"x\\uD834\\uDD1Ey\"", "x\xf0\x9d\x84\x9ey", 6 },
    /* Lone or misordered surrogates become U+FFFD, each. */
    { "\"\\ud83d\"", "\xef\xbf\xbd", 3 },
    { "\"\\ude00\"", "\xef\xbf\xbd", 3 },
    { "\"\\ud83dx\"", "\xef\xbf\xbdx", 4 },
    { "\"\\ude00\\ud83d\"", "\xef\xbf\xbd\xef\xbf\xbd", 6 },
    { "\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 4 },
    { "\"\\ud83d\\ud83d\\ude00\"", "\xef\xbf\xbd\xf0\x9f\x98\x80", 7 },
    /* Raw UTF-8 passes through. */
    { "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf\"",
      "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 13 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscJson) node = parse_ok (cases[i].json);

      g_test_message ("%s", cases[i].json);
      g_assert_cmpint (dsc_json_get_node_type (node), ==, DSC_JSON_STRING);
      g_assert_cmpuint (dsc_json_get_string_length (node), ==, cases[i].len);
      g_assert_cmpmem (dsc_json_get_string (node), cases[i].len, cases[i].expected,
                       cases[i].len);
      g_assert_cmpint (dsc_json_get_string (node)[cases[i].len], ==, '\0');
      g_assert_true (g_utf8_validate (dsc_json_get_string (node), -1, NULL));
    }
}

static void
test_embedded_nul (void)
{
  g_autoptr(DscJson) node = parse_ok ("{\"a\\u0000b\":\"x\\u0000y\",\"a\":1}");
  DscJson *first = dsc_json_get_element (node, 0);

  g_assert_cmpuint (dsc_json_get_string_length (first), ==, 3);
  g_assert_cmpmem (dsc_json_get_string (first), 3, "x\0y", 3);
  /* Member "a\0b" is not member "a". */
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, "a")), ==, 1);
  g_assert_cmpint (dsc_json_get_node_type (dsc_json_get_member (node, "a")), ==, DSC_JSON_INT);
  g_assert_null (dsc_json_get_member (node, "a\\u0000b"));
}

static void
test_invalid_utf8 (void)
{
  const char *invalid[] = {
    "\"\xff\"", "\"caf\xe9\"", "\"\xc3\"", "\"\xc3(\"", "\"\xc0\xaf\"", "\"\xc1\xbf\"",
    "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"", "\"\xed\xbf\xbf\"", "\"\xf0\x80\x80\xaf\"",
    "\"\xf4\x90\x80\x80\"", "\"\xf5\x80\x80\x80\"", "\"\x80\"", "\"\xe2\x82\"",
    "{\"k\xff\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("case %u", i);
      g_assert_false (g_utf8_validate (invalid[i], -1, NULL));
      assert_rejected (invalid[i], strlen (invalid[i]), DSC_JSON_ERROR_UTF8);
    }

  /* Outside strings, any byte above ASCII is simply not JSON. */
  assert_rejected ("[1,\xc3\xa9]", 6, DSC_JSON_ERROR_SYNTAX);
  /* A string cut inside a sequence. */
  assert_rejected ("\"\xe2\x82", 3, DSC_JSON_ERROR_UTF8);
}

static void
test_numbers (void)
{
  const struct { const char *json; DscJsonType type; gint64 i; double d; } cases[] = {
    { "0", DSC_JSON_INT, 0, 0 },
    { "-0", DSC_JSON_INT, 0, 0 },
    { "42", DSC_JSON_INT, 42, 42 },
    { "-42", DSC_JSON_INT, -42, -42 },
    { "9223372036854775807", DSC_JSON_INT, G_MAXINT64, 9223372036854775807.0 },
    { "-9223372036854775808", DSC_JSON_INT, G_MININT64, -9223372036854775808.0 },
    /* Beyond gint64: a double, as near as it gets. */
    { "9223372036854775808", DSC_JSON_DOUBLE, 0, 9223372036854775808.0 },
    { "-9223372036854775809", DSC_JSON_DOUBLE, 0, -9223372036854775809.0 },
    { "100000000000000000000000", DSC_JSON_DOUBLE, 0, 1e23 },
    { "1.0", DSC_JSON_DOUBLE, 0, 1.0 },
    { "-0.0", DSC_JSON_DOUBLE, 0, -0.0 },
    { "1e2", DSC_JSON_DOUBLE, 0, 100 },
    { "1E+2", DSC_JSON_DOUBLE, 0, 100 },
    { "25e-1", DSC_JSON_DOUBLE, 0, 2.5 },
    { "0.000001", DSC_JSON_DOUBLE, 0, 1e-6 },
    { "3.141592653589793", DSC_JSON_DOUBLE, 0, 3.141592653589793 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscJson) node = parse_ok (cases[i].json);

      g_test_message ("%s", cases[i].json);
      g_assert_cmpint (dsc_json_get_node_type (node), ==, cases[i].type);
      g_assert_cmpint (dsc_json_get_int (node), ==, cases[i].i);
      g_assert_cmpfloat (dsc_json_get_double (node), ==, cases[i].d);
    }

  {
    g_autoptr(DscJson) node = parse_ok ("-0.0");

    g_assert_true (signbit (dsc_json_get_double (node)));
  }
  {
    g_autoptr(DscJson) node = parse_ok ("[1e400, -1e400]");

    g_assert_true (isinf (dsc_json_get_double (dsc_json_get_element (node, 0))));
    g_assert_true (dsc_json_get_double (dsc_json_get_element (node, 1)) < 0);
  }
  {
    /* A number longer than any buffer on the stack. */
    GString *text = g_string_new ("0.");
    g_autoptr(DscJson) node = NULL;

    for (guint i = 0; i < 1000; i++)
      g_string_append_c (text, '5');
    node = parse_ok (text->str);
    g_assert_cmpfloat_with_epsilon (dsc_json_get_double (node), 5.0 / 9.0, 1e-12);
    g_string_free (text, TRUE);
  }
}

static void
test_accessors_by_type (void)
{
  g_autoptr(DscJson) node = parse_ok ("{\"s\":\"x\",\"b\":true,\"f\":false,\"i\":7,\"d\":0.5,"
                                      "\"n\":null,\"a\":[1],\"o\":{\"k\":\"v\"}}");
  const char *names[] = { "s", "b", "f", "i", "d", "n", "a", "o" };
  const DscJsonType types[] = { DSC_JSON_STRING, DSC_JSON_BOOLEAN, DSC_JSON_BOOLEAN,
                                DSC_JSON_INT, DSC_JSON_DOUBLE, DSC_JSON_NULL,
                                DSC_JSON_ARRAY, DSC_JSON_OBJECT };

  g_assert_true (dsc_json_is_object (node));
  g_assert_cmpuint (dsc_json_get_length (node), ==, G_N_ELEMENTS (names));
  g_assert_null (dsc_json_get_name (node));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      DscJson *value = dsc_json_get_element (node, i);

      g_assert_cmpstr (dsc_json_get_name (value), ==, names[i]);
      g_assert_true (dsc_json_get_member (node, names[i]) == value);
      g_assert_cmpint (dsc_json_get_node_type (value), ==, types[i]);
    }
  g_assert_null (dsc_json_get_element (node, G_N_ELEMENTS (names)));
  g_assert_null (dsc_json_get_member (node, "missing"));
  g_assert_null (dsc_json_get_member (node, ""));

  /* The wrong type reads as nothing. */
  g_assert_null (dsc_json_get_string (dsc_json_get_member (node, "i")));
  g_assert_false (dsc_json_get_boolean (dsc_json_get_member (node, "s")));
  g_assert_true (dsc_json_get_boolean (dsc_json_get_member (node, "b")));
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, "d")), ==, 0);
  g_assert_cmpfloat (dsc_json_get_double (dsc_json_get_member (node, "i")), ==, 7.0);
  g_assert_cmpuint (dsc_json_get_length (dsc_json_get_member (node, "s")), ==, 0);
  g_assert_null (dsc_json_get_member (dsc_json_get_member (node, "a"), "k"));
  g_assert_null (dsc_json_get_element (dsc_json_get_member (node, "o"), 1));
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (dsc_json_get_member (node, "o"),
                                                             "k")), ==, "v");
  g_assert_null (dsc_json_get_name (dsc_json_get_element (dsc_json_get_member (node, "a"), 0)));
  g_assert_cmpstr (dsc_json_get_name (dsc_json_get_member (node, "o")), ==, "o");
}

static void
test_duplicate_keys (void)
{
  g_autoptr(DscJson) node = parse_ok ("{\"id\":\"first\",\"x\":0,\"id\":\"last\",\"ID\":\"upper\"}");

  /* The last wins, as json-glib; names are case-sensitive. */
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (node, "id")), ==, "last");
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (node, "ID")), ==, "upper");
  g_assert_cmpuint (dsc_json_get_length (node), ==, 4);
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_element (node, 0)), ==, "first");
}

static void
test_similar_names (void)
{
  /* Same length and last byte, different names; a long name. */
  g_autoptr(GString) text = g_string_new ("{\"abc\":1,\"xbc\":2,\"ab\":3,\"");
  g_autofree char *long_name = g_strnfill (70000, 'n');
  g_autofree char *longer_name = g_strnfill (80000, 'n');
  g_autoptr(DscJson) node = NULL;

  g_string_append (text, long_name);
  g_string_append (text, "\":4}");
  node = parse_ok (text->str);
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, "abc")), ==, 1);
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, "xbc")), ==, 2);
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, "ab")), ==, 3);
  g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (node, long_name)), ==, 4);
  g_assert_null (dsc_json_get_member (node, longer_name));
  g_assert_null (dsc_json_get_member (node, "bc"));
}

static void
test_depth_limit (void)
{
  guint depths[] = { 1, 2, 10, 64, 512 };

  for (guint k = 0; k < G_N_ELEMENTS (depths); k++)
    {
      guint max = depths[k];
      GString *ok = g_string_new (NULL);
      GString *deep = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      DscJson *node;

      /* Exactly max levels, alternating arrays and objects. */
      for (guint i = 0; i < max; i++)
        g_string_append (ok, i % 2 ? "{\"k\":" : "[");
      g_string_append (ok, "0");
      for (guint i = max; i-- > 0;)
        g_string_append (ok, i % 2 ? "}" : "]");
      node = dsc_json_parse (ok->str, ok->len, max, &error);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      dsc_json_unref (node);

      g_string_append_printf (deep, "[%s]", ok->str);
      node = dsc_json_parse (deep->str, deep->len, max, &error);
      g_assert_null (node);
      g_assert_error (error, DSC_JSON_ERROR, DSC_JSON_ERROR_DEPTH);
      g_string_free (ok, TRUE);
      g_string_free (deep, TRUE);
    }

  {
    /* Hostile depth, far beyond any stack, costs an error. */
    gsize len = 10 * 1024 * 1024;
    g_autofree char *text = g_malloc (len);
    g_autoptr(GError) error = NULL;

    memset (text, '[', len);
    g_assert_null (dsc_json_parse (text, len, 512, &error));
    g_assert_error (error, DSC_JSON_ERROR, DSC_JSON_ERROR_DEPTH);
    g_assert_nonnull (strstr (error->message, "at byte 512"));
  }

  {
    /* Scalars need no depth; containers need one. */
    g_autoptr(GError) error = NULL;
    g_autoptr(DscJson) scalar = dsc_json_parse ("\"x\"", 3, 0, &error);

    g_assert_no_error (error);
    g_assert_null (dsc_json_parse ("[]", 2, 0, &error));
    g_assert_error (error, DSC_JSON_ERROR, DSC_JSON_ERROR_DEPTH);
  }
}

static void
test_big_arrays (void)
{
  const guint n = 200000;
  GString *text = g_string_new ("{\"value\":[");
  g_autoptr(DscJson) root = NULL;
  DscJson *value;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s{\"id\":\"%u\",\"n\":%u,\"tags\":[\"t%u\",%s]}",
                            i > 0 ? "," : "", i, i, i, i % 2 ? "true" : "null");
  g_string_append (text, "],\"@odata.nextLink\":\"https://example/next\"}");

  root = parse_ok (text->str);
  g_string_free (text, TRUE);

  value = dsc_json_get_member (root, "value");
  g_assert_cmpuint (dsc_json_get_length (value), ==, n);
  for (guint i = 0; i < n; i += 997)
    {
      DscJson *item = dsc_json_get_element (value, i);
      DscJson *tags = dsc_json_get_member (item, "tags");
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *tag = g_strdup_printf ("t%u", i);

      g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (item, "id")), ==, id);
      g_assert_cmpint (dsc_json_get_int (dsc_json_get_member (item, "n")), ==, i);
      g_assert_cmpuint (dsc_json_get_length (tags), ==, 2);
      g_assert_cmpstr (dsc_json_get_string (dsc_json_get_element (tags, 0)), ==, tag);
      g_assert_cmpint (dsc_json_get_node_type (dsc_json_get_element (tags, 1)), ==,
                       i % 2 ? DSC_JSON_BOOLEAN : DSC_JSON_NULL);
    }
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (root, "@odata.nextLink")), ==,
                   "https://example/next");

  {
    /* One string bigger than a chunk, with and without escapes. */
    g_autofree char *big = g_strnfill (300000, 'b');
    g_autofree char *json = g_strdup_printf ("[\"%s\",\"\\n%s\",\"%s\"]", big, big, "small");
    g_autoptr(DscJson) node = parse_ok (json);

    g_assert_cmpuint (dsc_json_get_string_length (dsc_json_get_element (node, 0)), ==, 300000);
    g_assert_cmpuint (dsc_json_get_string_length (dsc_json_get_element (node, 1)), ==, 300001);
    g_assert_cmpstr (dsc_json_get_string (dsc_json_get_element (node, 0)), ==, big);
    g_assert_cmpstr (dsc_json_get_string (dsc_json_get_element (node, 1)) + 1, ==, big);
    g_assert_cmpstr (dsc_json_get_string (dsc_json_get_element (node, 2)), ==, "small");
  }
}

static void
test_lifetimes (void)
{
  DscJson *root = parse_ok ("{\"value\":[{\"displayName\":\"Ann\"}],\"n\":null}");
  DscJson *item = dsc_json_ref (dsc_json_get_element (dsc_json_get_member (root, "value"), 0));
  DscJson *name = dsc_json_get_member (item, "displayName");
  DscJson *null;

  /* A member kept alive keeps its whole document. */
  dsc_json_unref (root);
  g_assert_cmpstr (dsc_json_get_string (name), ==, "Ann");
  g_assert_cmpstr (dsc_json_get_string (dsc_json_get_member (item, "displayName")), ==, "Ann");
  dsc_json_ref (name);
  dsc_json_unref (item);
  g_assert_cmpstr (dsc_json_get_string (name), ==, "Ann");
  dsc_json_unref (name);

  null = dsc_json_new_null ();
  g_assert_true (dsc_json_is_null (null));
  g_assert_cmpuint (dsc_json_get_length (null), ==, 0);
  g_assert_null (dsc_json_get_member (null, "x"));
  dsc_json_unref (dsc_json_ref (null));
  g_assert_true (dsc_json_is_null (null));
  dsc_json_unref (null);
}

static gpointer
read_in_thread (gpointer data)
{
  DscJson *root = data;
  guint sum = 0;

  for (guint i = 0; i < dsc_json_get_length (root); i++)
    sum += (guint) dsc_json_get_int (dsc_json_get_element (root, i));
  dsc_json_unref (root);
  return GUINT_TO_POINTER (sum);
}

static void
test_threads (void)
{
  DscJson *root = parse_ok ("[1,2,3,4]");
  GThread *threads[4];

  /* References taken and dropped from several threads at once. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", read_in_thread, dsc_json_ref (root));
  dsc_json_unref (root);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 10);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/grammar-accepts", test_grammar_accepts);
  g_test_add_func ("/json/grammar-rejects", test_grammar_rejects);
  g_test_add_func ("/json/error-offset", test_error_offset);
  g_test_add_func ("/json/truncated", test_truncated);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/json/embedded-nul", test_embedded_nul);
  g_test_add_func ("/json/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/json/numbers", test_numbers);
  g_test_add_func ("/json/accessors-by-type", test_accessors_by_type);
  g_test_add_func ("/json/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/json/similar-names", test_similar_names);
  g_test_add_func ("/json/depth-limit", test_depth_limit);
  g_test_add_func ("/json/big-arrays", test_big_arrays);
  g_test_add_func ("/json/lifetimes", test_lifetimes);
  g_test_add_func ("/json/threads", test_threads);

  return g_test_run ();
}
