/* test-platform.c — the OS integration behind dsc-platform.h.
 *
 * Autostart round trips on every OS (an isolated XDG config dir on Linux,
 * the per-user Run key on Windows, restored afterwards). The secret store is
 * tested here against the Windows Credential Manager; the libsecret store
 * needs a Secret Service and has its own tests.
 */
#include "config.h"

#include <gio/gio.h>

#include "dsc-platform.h"
#include "dsc-test-object.h"

#ifdef G_OS_WIN32
#include <windows.h>
#include <wincred.h>
#endif

static void
test_autostart_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  gboolean was_enabled = dsc_platform_get_autostart ();

  g_assert_true (dsc_platform_set_autostart (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dsc_platform_get_autostart ());

  /* Enabling twice is harmless. */
  g_assert_true (dsc_platform_set_autostart (TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (dsc_platform_get_autostart ());

  g_assert_true (dsc_platform_set_autostart (FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (dsc_platform_get_autostart ());

  /* Disabling what is not there succeeds. */
  g_assert_true (dsc_platform_set_autostart (FALSE, &error));
  g_assert_no_error (error);

  if (was_enabled)
    g_assert_true (dsc_platform_set_autostart (TRUE, NULL));
}

static void
test_attach_console_is_harmless (void)
{
  /* The test runs with stdout/stderr redirected by the harness: they must
   * stay where they are. */
  dsc_platform_attach_console ();
  g_print ("# still printing after dsc_platform_attach_console()\n");
}

#ifdef G_OS_WIN32
static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_secret_store_round_trip (void)
{
  g_autofree char *key = g_strdup_printf ("test-%08x", g_random_int ());
  const char *secret = "0.AXkA-refresh-token-ü-✓";
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded = NULL;
  GAsyncResult *result = NULL;

  /* Nothing stored yet: NULL, no error. */
  dsc_secret_store_load_async (key, NULL, on_done, &result);
  loaded = dsc_secret_store_load_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  dsc_test_clear_finalized (&result);

  dsc_secret_store_save_async (key, secret, NULL, on_done, &result);
  g_assert_true (dsc_secret_store_save_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  dsc_test_clear_finalized (&result);

  dsc_secret_store_load_async (key, NULL, on_done, &result);
  loaded = dsc_secret_store_load_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, secret);
  dsc_test_clear_finalized (&result);
  g_clear_pointer (&loaded, g_free);

  /* Saving again replaces. */
  dsc_secret_store_save_async (key, "second", NULL, on_done, &result);
  g_assert_true (dsc_secret_store_save_finish (wait_for (&result), &error));
  dsc_test_clear_finalized (&result);
  dsc_secret_store_load_async (key, NULL, on_done, &result);
  loaded = dsc_secret_store_load_finish (wait_for (&result), &error);
  g_assert_cmpstr (loaded, ==, "second");
  dsc_test_clear_finalized (&result);
  g_clear_pointer (&loaded, g_free);

  dsc_secret_store_delete_async (key, NULL, on_done, &result);
  g_assert_true (dsc_secret_store_delete_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  dsc_test_clear_finalized (&result);

  dsc_secret_store_load_async (key, NULL, on_done, &result);
  loaded = dsc_secret_store_load_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
  dsc_test_clear_finalized (&result);

  /* Deleting what is not there succeeds. */
  dsc_secret_store_delete_async (key, NULL, on_done, &result);
  g_assert_true (dsc_secret_store_delete_finish (wait_for (&result), &error));
  g_assert_no_error (error);
  dsc_test_clear_finalized (&result);
}

static char *
load_now (const char *key, GError **error)
{
  GAsyncResult *result = NULL;
  char *loaded;

  dsc_secret_store_load_async (key, NULL, on_done, &result);
  loaded = dsc_secret_store_load_finish (wait_for (&result), error);
  g_object_unref (result);
  return loaded;
}

static gboolean
save_now (const char *key, const char *secret, GError **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  dsc_secret_store_save_async (key, secret, NULL, on_done, &result);
  ok = dsc_secret_store_save_finish (wait_for (&result), error);
  g_object_unref (result);
  return ok;
}

static gboolean
credential_exists (const char *target)
{
  g_autofree gunichar2 *wtarget = g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
  PCREDENTIALW cred = NULL;

  if (!CredReadW ((LPCWSTR) wtarget, CRED_TYPE_GENERIC, 0, &cred))
    return FALSE;
  CredFree (cred);
  return TRUE;
}

/* Entra refresh tokens can exceed the 2 560 bytes of one credential: any
 * size round-trips, a shorter one replaces a longer one without leftovers,
 * and deleting removes every piece. */
static void
test_secret_store_any_size (void)
{
  g_autofree char *key = g_strdup_printf ("test-%08x", g_random_int ());
  g_autofree char *piece1 = g_strdup_printf ("DirSyncCompanion/%s/1", key);
  g_autofree char *piece4 = g_strdup_printf ("DirSyncCompanion/%s/4", key);
  g_autoptr(GString) big = g_string_new ("0.AXkA");
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded = NULL;
  GAsyncResult *result = NULL;

  while (big->len < 11000)
    g_string_append_printf (big, "-%08x_", g_random_int ());

  g_assert_true (save_now (key, big->str, &error));
  g_assert_no_error (error);
  loaded = load_now (key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, big->str);
  g_clear_pointer (&loaded, g_free);
  g_assert_true (credential_exists (piece4));   /* 11 000 bytes: five pieces */

  /* A rotated token of another length replaces it, pieces and all. */
  g_assert_true (save_now (key, "short-token", &error));
  loaded = load_now (key, &error);
  g_assert_cmpstr (loaded, ==, "short-token");
  g_clear_pointer (&loaded, g_free);
  g_assert_false (credential_exists (piece1));
  g_assert_false (credential_exists (piece4));

  g_assert_true (save_now (key, big->str, &error));
  dsc_secret_store_delete_async (key, NULL, on_done, &result);
  g_assert_true (dsc_secret_store_delete_finish (wait_for (&result), &error));
  g_clear_object (&result);
  g_assert_false (credential_exists (piece1));
  loaded = load_now (key, &error);
  g_assert_no_error (error);
  g_assert_null (loaded);
}

/* What earlier versions stored (the whole token as the blob) still loads. */
static void
test_secret_store_reads_whole_blob (void)
{
  g_autofree char *key = g_strdup_printf ("test-%08x", g_random_int ());
  g_autofree char *target = g_strdup_printf ("DirSyncCompanion/%s", key);
  g_autofree gunichar2 *wtarget = g_utf8_to_utf16 (target, -1, NULL, NULL, NULL);
  g_autofree gunichar2 *wuser = g_utf8_to_utf16 (key, -1, NULL, NULL, NULL);
  const char *token = "0.AXkA-stored-by-0.1.0";
  CREDENTIALW cred = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *loaded = NULL;
  GAsyncResult *result = NULL;

  cred.Type = CRED_TYPE_GENERIC;
  cred.TargetName = (LPWSTR) wtarget;
  cred.UserName = (LPWSTR) wuser;
  cred.CredentialBlobSize = (DWORD) strlen (token);
  cred.CredentialBlob = (LPBYTE) token;
  cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
  g_assert_true (CredWriteW (&cred, 0));
  loaded = load_now (key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded, ==, token);
  dsc_secret_store_delete_async (key, NULL, on_done, &result);
  g_assert_true (dsc_secret_store_delete_finish (wait_for (&result), &error));
  g_clear_object (&result);
}

static void
test_secret_store_refuses_oversized (void)
{
  g_autofree char *key = g_strdup_printf ("test-%08x", g_random_int ());
  g_autofree char *huge = g_strnfill (400 * 1024, 'x');
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;

  /* Far beyond any token: refused with a message, nothing half stored. */
  dsc_secret_store_save_async (key, huge, NULL, on_done, &result);
  g_assert_false (dsc_secret_store_save_finish (wait_for (&result), &error));
  g_assert_error (error, DSC_SECRET_STORE_ERROR, DSC_SECRET_STORE_ERROR_FAILED);
  dsc_test_clear_finalized (&result);
}
#endif

/* The tray icon: a badge whose colour and glyph differ by status, straight alpha, every size. */
static guint32
pixel_at (const guint32 *pixels, int size, double fx, double fy)
{
  return pixels[(int) (fy * size) * size + (int) (fx * size)];
}

static void
test_tray_icon_render (void)
{
  static const int sizes[] = { 16, 22, 24, 32, 48, 256 };
  static const DscStatus statuses[] = { DSC_STATUS_OK, DSC_STATUS_WARNING,
                                        DSC_STATUS_ERROR, DSC_STATUS_UNKNOWN };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      int size = sizes[s];
      guint32 rims[G_N_ELEMENTS (statuses)];

      for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
        {
          g_autofree guint32 *pixels = dsc_tray_icon_render (statuses[i], size);
          guint32 rim;
          guint n_opaque = 0;

          /* The app icon is there: many opaque pixels outside the badge quadrant. */
          for (int y = 0; y < size / 2; y++)
            for (int x = 0; x < size; x++)
              n_opaque += (pixels[y * size + x] >> 24) == 0xff;
          g_assert_cmpuint (n_opaque, >, (guint) (size * size / 8));

          /* The badge's rim (just inside its edge, on the diagonal) is opaque and coloured. */
          rim = pixel_at (pixels, size, size <= 24 ? 0.76 : 0.80, 0.97);
          g_assert_cmphex (rim >> 24, ==, 0xff);
          rims[i] = rim & 0xffffff;
          for (guint j = 0; j < i; j++)
            g_assert_cmphex (rims[j], !=, rims[i]);
        }
    }

  /* Straight alpha: an antialiased edge pixel keeps a full-strength colour, not a dark one. */
  {
    g_autofree guint32 *pixels = dsc_tray_icon_render (DSC_STATUS_ERROR, 256);
    gboolean saw_partial = FALSE;

    for (int i = 0; i < 256 * 256; i++)
      {
        guint32 a = pixels[i] >> 24;

        if (a > 0 && a < 64 && (pixels[i] & 0xffffff) != 0)
          {
            guint32 r = (pixels[i] >> 16) & 0xff, g = (pixels[i] >> 8) & 0xff,
                    b = pixels[i] & 0xff;

            saw_partial = TRUE;
            g_assert_cmpuint (MAX (r, MAX (g, b)), >, a);
          }
      }
    g_assert_true (saw_partial);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/platform/autostart/round-trip", test_autostart_round_trip);
  g_test_add_func ("/platform/console/attach-is-harmless", test_attach_console_is_harmless);
  g_test_add_func ("/platform/tray/icon-render", test_tray_icon_render);
#ifdef G_OS_WIN32
  g_test_add_func ("/platform/secret-store/win32/round-trip", test_secret_store_round_trip);
  g_test_add_func ("/platform/secret-store/win32/any-size", test_secret_store_any_size);
  g_test_add_func ("/platform/secret-store/win32/reads-whole-blob",
                   test_secret_store_reads_whole_blob);
  g_test_add_func ("/platform/secret-store/win32/refuses-oversized",
                   test_secret_store_refuses_oversized);
#endif

  return g_test_run ();
}
