/* test-onprem-scanner.c — the scanner's thread, progress and cancel, and its
 * address checks (the LDAP itself is tested against Samba: test-scan-samba.sh). */
#include <gio/gio.h>

#include "dsc-onprem-scanner.h"

static void
test_urls (void)
{
  static const struct { const char *url; gboolean ok; gboolean loopback; gboolean start_tls; } t[] = {
    { "ldaps://dc1.contoso.com", TRUE, FALSE, FALSE },
    { "ldap://dc1.contoso.com", TRUE, FALSE, TRUE },
    { "LDAP://DC1.contoso.com:389", TRUE, FALSE, TRUE },
    { "ldap://127.0.0.1", TRUE, TRUE, FALSE },
    { "ldap://127.0.0.16:389", TRUE, TRUE, FALSE },
    { "ldap://[::1]:389", TRUE, TRUE, FALSE },
    { "ldap://localhost", TRUE, TRUE, FALSE },
    { "ldap://127.example.com", TRUE, FALSE, TRUE },
    { "ldap://10.0.0.1", TRUE, FALSE, TRUE },
    { "http://dc1.contoso.com", FALSE, FALSE, FALSE },
    { "dc1.contoso.com", FALSE, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean start_tls = TRUE;

      g_test_message ("%s", t[i].url);
      g_assert_cmpint (dsc_onprem_url_check (t[i].url, &start_tls, &error), ==, t[i].ok);
      if (t[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (start_tls, ==, t[i].start_tls);
        }
      else
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpint (dsc_onprem_url_is_loopback (t[i].url), ==, t[i].loopback);
    }
}

static GMainLoop *loop;

static void
store (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_loop_quit (loop);
}

static GPtrArray *
scan (const char *url, GCancellable *cancellable, GError **error)
{
  DscOnpremScanConfig config = { 0 };
  GAsyncResult *result = NULL;
  GPtrArray *objects;

  config.url = g_strdup (url);
  config.bind_dn = g_strdup ("scan@contoso.com");
  config.password = g_strdup ("not-used");
  dsc_onprem_scan_async (&config, cancellable, NULL, NULL, store, &result);
  dsc_onprem_scan_config_clear (&config);   /* the task keeps its own copy */
  g_main_loop_run (loop);
  objects = dsc_onprem_scan_finish (result, error);
  g_object_unref (result);
  return objects;
}

static void
test_cancelled (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;

  g_cancellable_cancel (cancellable);
  objects = scan ("ldap://127.0.0.1:9", cancellable, &error);
  g_assert_null (objects);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = scan ("ldap://127.0.0.1:9", NULL, &error);

  /* nothing listens on the discard port: a clear error, off the main loop */
  g_assert_null (objects);
  g_assert_nonnull (error);
  g_assert_cmpint (error->domain, ==, G_IO_ERROR);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Can't reach the directory server: "));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_bad_url (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = scan ("https://dc1.contoso.com", NULL, &error);

  g_assert_null (objects);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_test_add_func ("/onprem/scanner/urls", test_urls);
  g_test_add_func ("/onprem/scanner/cancelled", test_cancelled);
  g_test_add_func ("/onprem/scanner/unreachable", test_unreachable);
  g_test_add_func ("/onprem/scanner/bad-url", test_bad_url);
  return g_test_run ();
}
