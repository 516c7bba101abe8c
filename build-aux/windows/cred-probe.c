/* cred-probe.c — test helper for upgrade-test.sh, run under wine: plays the
 * app's saved sign-in (a generic credential in the Credential Manager, the way
 * src/platform/dsc-secret-store-win32.c stores one) so the test can check the
 * uninstaller keeps it or, with /PURGE=1, removes it.
 *
 *   cred-probe.exe add TARGET   store a generic credential named TARGET
 *   cred-probe.exe has TARGET   exit 0 if it exists, 1 if not
 */
#include <windows.h>
#include <wincred.h>
#include <stdio.h>
#include <wchar.h>

int
wmain (int argc, wchar_t **argv)
{
  if (argc == 3 && wcscmp (argv[1], L"add") == 0)
    {
      static BYTE blob[] = "upgrade-test";
      CREDENTIALW cred = { 0 };

      cred.Type = CRED_TYPE_GENERIC;
      cred.TargetName = argv[2];
      cred.UserName = (LPWSTR) L"upgrade-test";
      cred.CredentialBlob = blob;
      cred.CredentialBlobSize = sizeof blob - 1;
      cred.Persist = CRED_PERSIST_LOCAL_MACHINE;
      if (!CredWriteW (&cred, 0))
        {
          fwprintf (stderr, L"CredWriteW failed: %lu\n", GetLastError ());
          return 3;
        }
      return 0;
    }
  if (argc == 3 && wcscmp (argv[1], L"has") == 0)
    {
      PCREDENTIALW found = NULL;

      if (!CredReadW (argv[2], CRED_TYPE_GENERIC, 0, &found))
        return 1;
      CredFree (found);
      return 0;
    }
  fwprintf (stderr, L"usage: cred-probe.exe add|has TARGET\n");
  return 2;
}
