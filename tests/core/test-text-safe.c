/* test-text-safe.c — untrusted text made inert for terminals, monitoring
 * status lines and notification servers. */
#include "config.h"

#include <string.h>

#include "dsc-text-safe.h"

#define FFFD "\xef\xbf\xbd"

static void
test_controls_and_bidi (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Contoso Ltd", "Contoso Ltd" },
    { "a\r\nDIRSYNC OK", "a" FFFD FFFD "DIRSYNC OK" },
    { "\x1b]0;title\x07x", FFFD "]0;title" FFFD "x" },
    { "\x1b[2J", FFFD "[2J" },
    { "tab\there", "tab" FFFD "here" },
    { "c1\xc2\x9b" "31m", "c1" FFFD "31m" },                 /* U+009B CSI */
    { "rlo\xe2\x80\xae" "gnp.exe", "rlo" FFFD "gnp.exe" },   /* U+202E */
    { "iso\xe2\x81\xa6x\xe2\x81\xa9", "iso" FFFD "x" FFFD },  /* U+2066, U+2069 */
    { "ls\xe2\x80\xa8" "x", "ls" FFFD "x" },                 /* U+2028 */
    { "perf | x=1", "perf \xc2\xa6 x=1" },
    { "bad\xff" "utf8", "bad" FFFD "utf8" },
    { "Ünïcødé 日本", "Ünïcødé 日本" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = dsc_text_safe_dup (cases[i].in);

      g_assert_cmpstr (got, ==, cases[i].out);
    }
  {
    g_autofree char *none = dsc_text_safe_dup (NULL);

    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_printf_cleans_only_arguments (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  dsc_text_safe_printf (out, "DIRSYNC %s - %s: %s\n%12s%u|%d %lu %%\n", "OK",
                        "evil\nDIRSYNC OK", "a|b", "", 42u, -7, 123456789ul);
  g_assert_cmpstr (out->str, ==, "DIRSYNC OK - evil" FFFD "DIRSYNC OK: a\xc2\xa6" "b\n"
                                 "            42|-7 123456789 %\n");
}

static void
test_markup (void)
{
  g_autofree char *m = dsc_text_safe_markup ("<a href=\"x\">R&D</a>\n");

  g_assert_cmpstr (m, ==, "&lt;a href=\"x\"&gt;R&amp;D&lt;/a&gt;" FFFD);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/text-safe/controls-and-bidi", test_controls_and_bidi);
  g_test_add_func ("/core/text-safe/printf-cleans-only-arguments",
                   test_printf_cleans_only_arguments);
  g_test_add_func ("/core/text-safe/markup", test_markup);
  return g_test_run ();
}
