/* dsc-onprem-wldap32.c — the directory reader on Windows: wldap32.
 *
 * From a domain-joined workstation nothing needs setting up: without
 * --ldap-url the DC is found for the user's domain with DsGetDcNameW, and
 * without --bind-dn the bind is Negotiate (Kerberos) as the signed-in user
 * with signing and sealing on. ldaps:// uses TLS; ldap:// with a simple bind
 * uses StartTLS unless the host is loopback. Paged results through
 * ldap_search_init_page / ldap_get_next_page_s (RFC 2696, 1000 per page).
 * Runs in the scanner's worker thread; one LDAP handle per scan.
 */
#include "dsc-onprem-scanner.h"

#include <windows.h>
#include <winldap.h>
#include <winber.h>
#include <dsgetdc.h>
#include <lm.h>
#include <string.h>

#include "dsc-onprem-object.h"

#define SCAN_FILTER L"(|(objectCategory=person)(objectCategory=group))"

static void
set_ldap_error (GError **error, LDAP *ld, ULONG rc, const char *what)
{
  g_autofree char *text = g_utf16_to_utf8 ((const gunichar2 *) ldap_err2stringW (rc), -1, NULL, NULL, NULL);
  PWCHAR server = NULL;
  g_autofree char *detail = NULL;
  int code = rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INAPPROPRIATE_AUTH ||
             rc == LDAP_STRONG_AUTH_REQUIRED ? G_IO_ERROR_PERMISSION_DENIED
           : rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ? G_IO_ERROR_CONNECTION_REFUSED
           : rc == LDAP_TIMEOUT ? G_IO_ERROR_TIMED_OUT
           : rc == LDAP_NO_SUCH_OBJECT ? G_IO_ERROR_NOT_FOUND
           : G_IO_ERROR_FAILED;

  if (ld != NULL && ldap_get_optionW (ld, LDAP_OPT_SERVER_ERROR, &server) == LDAP_SUCCESS && server != NULL)
    {
      detail = g_utf16_to_utf8 ((const gunichar2 *) server, -1, NULL, NULL, NULL);
      ldap_memfreeW (server);
    }
  g_set_error (error, G_IO_ERROR, code, "%s: %s%s%s%s", what, text != NULL ? text : "error",
               detail != NULL && *detail != '\0' ? " (" : "", detail != NULL ? detail : "",
               detail != NULL && *detail != '\0' ? ")" : "");
}

/* "ldaps://host:port/…" → host (UTF-16), port, secure. */
static gunichar2 *
parse_url (const char *url, ULONG *port, gboolean *secure)
{
  const char *p = strstr (url, "://") + 3;
  const char *end = p + strcspn (p, "/");
  const char *colon = NULL;
  g_autofree char *host = NULL;

  *secure = g_ascii_strncasecmp (url, "ldaps://", 8) == 0;
  *port = *secure ? LDAP_SSL_PORT : LDAP_PORT;
  if (*p == '[')
    {
      const char *close = memchr (p, ']', end - p);
      if (close == NULL)
        return NULL;
      host = g_strndup (p + 1, close - p - 1);
      colon = close[1] == ':' ? close + 1 : NULL;
    }
  else
    {
      colon = memchr (p, ':', end - p);
      host = g_strndup (p, (colon != NULL ? colon : end) - p);
    }
  if (colon != NULL)
    {
      guint64 value = 0;
      g_autofree char *digits = g_strndup (colon + 1, end - colon - 1);
      if (!g_ascii_string_to_unsigned (digits, 10, 1, 65535, &value, NULL))
        return NULL;
      *port = (ULONG) value;
    }
  if (*host == '\0')
    return NULL;
  return g_utf8_to_utf16 (host, -1, NULL, NULL, NULL);
}

/* The DC of the user's domain, as "dc1.contoso.com". */
static gunichar2 *
locate_dc (GError **error)
{
  PDOMAIN_CONTROLLER_INFOW info = NULL;
  DWORD rc = DsGetDcNameW (NULL, NULL, NULL, NULL,
                           DS_DIRECTORY_SERVICE_REQUIRED | DS_RETURN_DNS_NAME, &info);
  gunichar2 *out;
  const WCHAR *name;

  if (rc != ERROR_SUCCESS || info == NULL)
    {
      g_autofree char *msg = g_win32_error_message ((gint) rc);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No domain controller found for this computer's domain (%s): give --ldap-url", msg);
      return NULL;
    }
  name = info->DomainControllerName;
  while (*name == L'\\')
    name++;
  out = (gunichar2 *) g_memdup2 (name, (wcslen (name) + 1) * sizeof (WCHAR));
  NetApiBufferFree (info);
  return out;
}

static LDAP *
connect_and_bind (const DscOnpremScanConfig *config, GError **error)
{
  g_autofree gunichar2 *host = NULL;
  ULONG port = LDAP_PORT, version = LDAP_VERSION3, rc;
  gboolean secure = FALSE, start_tls = FALSE, loopback = FALSE;
  struct l_timeval timeout = { 20, 0 };
  LDAP *ld;

  if (config->url != NULL)
    {
      if (!dsc_onprem_url_check (config->url, &start_tls, error))
        return NULL;
      loopback = !start_tls && g_ascii_strncasecmp (config->url, "ldap://", 7) == 0;
      host = parse_url (config->url, &port, &secure);
      if (host == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Can't read the host of “%s”", config->url);
          return NULL;
        }
    }
  else if ((host = locate_dc (error)) == NULL)
    return NULL;

  ld = secure ? ldap_sslinitW ((PWCHAR) host, port, 1) : ldap_initW ((PWCHAR) host, port);
  if (ld == NULL)
    {
      set_ldap_error (error, NULL, LdapGetLastError (), "Can't use the directory address");
      return NULL;
    }
  ldap_set_optionW (ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_optionW (ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  ldap_set_optionW (ld, LDAP_OPT_TIMELIMIT, &timeout.tv_sec);
  if (config->bind_dn == NULL && !secure)
    {
      /* Kerberos protects the session itself: sign and seal */
      ldap_set_optionW (ld, LDAP_OPT_SIGN, LDAP_OPT_ON);
      ldap_set_optionW (ld, LDAP_OPT_ENCRYPT, LDAP_OPT_ON);
    }
  rc = ldap_connect (ld, &timeout);
  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, ld, rc, "Can't reach the directory server");
      ldap_unbind (ld);
      return NULL;
    }
  if (config->bind_dn != NULL && !secure && !loopback)
    {
      rc = ldap_start_tls_sW (ld, NULL, NULL, NULL, NULL);
      if (rc != LDAP_SUCCESS)
        {
          set_ldap_error (error, ld, rc, "StartTLS failed (use ldaps:// or check the DC's certificate)");
          ldap_unbind (ld);
          return NULL;
        }
    }

  if (config->bind_dn != NULL)
    {
      g_autofree gunichar2 *dn = g_utf8_to_utf16 (config->bind_dn, -1, NULL, NULL, NULL);
      g_autofree gunichar2 *pw = g_utf8_to_utf16 (config->password != NULL ? config->password : "",
                                                  -1, NULL, NULL, NULL);
      if (pw == NULL || pw[0] == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "No password for %s: store one with --store-bind-password", config->bind_dn);
          ldap_unbind (ld);
          return NULL;
        }
      rc = ldap_simple_bind_sW (ld, (PWCHAR) dn, (PWCHAR) pw);
      SecureZeroMemory (pw, wcslen ((const WCHAR *) pw) * sizeof (WCHAR));
    }
  else
    rc = ldap_bind_sW (ld, NULL, NULL, LDAP_AUTH_NEGOTIATE);
  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, ld, rc,
                      rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR || rc == LDAP_TIMEOUT
                      ? "Can't reach the directory server"
                      : config->bind_dn != NULL ? "The directory refused the bind"
                      : "Signing in to the directory as the current user failed");
      ldap_unbind (ld);
      return NULL;
    }
  return ld;
}

static char *
default_naming_context (LDAP *ld, GError **error)
{
  PWCHAR attrs[] = { L"defaultNamingContext", NULL };
  LDAPMessage *res = NULL, *entry;
  PWCHAR *values;
  char *out = NULL;
  ULONG rc = ldap_search_sW (ld, L"", LDAP_SCOPE_BASE, L"(objectClass=*)", attrs, 0, &res);

  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, ld, rc, "Can't read the directory's rootDSE");
      if (res != NULL)
        ldap_msgfree (res);
      return NULL;
    }
  entry = ldap_first_entry (ld, res);
  values = entry != NULL ? ldap_get_valuesW (ld, entry, L"defaultNamingContext") : NULL;
  if (values != NULL && values[0] != NULL)
    out = g_utf16_to_utf8 ((const gunichar2 *) values[0], -1, NULL, NULL, NULL);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "The directory has no defaultNamingContext (not Active Directory?): give --base");
  if (values != NULL)
    ldap_value_freeW (values);
  ldap_msgfree (res);
  return out;
}

static DscOnpremObject *
read_entry (LDAP *ld, LDAPMessage *entry)
{
  PWCHAR wdn = ldap_get_dnW (ld, entry);
  g_autofree char *dn = wdn != NULL ? g_utf16_to_utf8 ((const gunichar2 *) wdn, -1, NULL, NULL, NULL) : NULL;
  DscOnpremObject *object = dsc_onprem_object_new (dn);
  BerElement *ber = NULL;

  if (wdn != NULL)
    ldap_memfreeW (wdn);
  for (PWCHAR name = ldap_first_attributeW (ld, entry, &ber); name != NULL;
       name = ldap_next_attributeW (ld, entry, ber))
    {
      g_autofree char *aname = g_utf16_to_utf8 ((const gunichar2 *) name, -1, NULL, NULL, NULL);
      struct berval **values = ldap_get_values_lenW (ld, entry, name);
      for (ULONG i = 0; aname != NULL && values != NULL && values[i] != NULL; i++)
        dsc_onprem_object_set_attribute (object, aname, values[i]->bv_val, values[i]->bv_len);
      if (values != NULL)
        ldap_value_free_len (values);
      ldap_memfreeW (name);
    }
  if (ber != NULL)
    ber_free (ber, 0);
  return object;
}

static gboolean
read_base (LDAP *ld, const char *base, GHashTable *seen, GPtrArray *objects,
           GCancellable *cancellable, DscOnpremReadProgress progress, gpointer progress_data,
           GError **error)
{
  const char * const *names = dsc_onprem_object_attribute_names ();
  g_autofree gunichar2 *wbase = g_utf8_to_utf16 (base, -1, NULL, NULL, NULL);
  g_autoptr(GPtrArray) wattrs = g_ptr_array_new_with_free_func (g_free);
  struct l_timeval timeout = { 60, 0 };
  PLDAPSearch search;
  gboolean ok = TRUE;

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (wattrs, g_utf8_to_utf16 (names[i], -1, NULL, NULL, NULL));
  g_ptr_array_add (wattrs, NULL);
  search = ldap_search_init_pageW (ld, (PWCHAR) wbase, LDAP_SCOPE_SUBTREE, SCAN_FILTER,
                                   (PWCHAR *) wattrs->pdata, 0, NULL, NULL, 0, 0, NULL);
  if (search == NULL)
    {
      g_autofree char *what = g_strdup_printf ("Searching %s failed", base);
      set_ldap_error (error, ld, LdapGetLastError (), what);
      return FALSE;
    }
  for (;;)
    {
      LDAPMessage *res = NULL;
      ULONG total = 0, rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      rc = ldap_get_next_page_s (ld, search, &timeout, DSC_ONPREM_PAGE_SIZE, &total, &res);
      if (rc == LDAP_NO_RESULTS_RETURNED)
        {
          if (res != NULL)
            ldap_msgfree (res);
          break;
        }
      if (rc != LDAP_SUCCESS)
        {
          g_autofree char *what = g_strdup_printf ("Searching %s failed", base);
          set_ldap_error (error, ld, rc, what);
          if (res != NULL)
            ldap_msgfree (res);
          ok = FALSE;
          break;
        }
      for (LDAPMessage *e = ldap_first_entry (ld, res); e != NULL; e = ldap_next_entry (ld, e))
        {
          DscOnpremObject *object = read_entry (ld, e);
          g_autofree char *key = g_utf8_casefold (object->dn, -1);
          if (g_hash_table_contains (seen, key))
            dsc_onprem_object_free (object);
          else
            {
              g_hash_table_add (seen, g_steal_pointer (&key));
              g_ptr_array_add (objects, object);
            }
        }
      ldap_msgfree (res);
      if (progress != NULL)
        progress (objects->len, progress_data);
    }
  ldap_search_abandon_page (ld, search);
  return ok;
}

GPtrArray *
dsc_onprem_directory_read (const DscOnpremScanConfig *config,
                           GCancellable *cancellable,
                           DscOnpremReadProgress progress,
                           gpointer progress_data,
                           GError **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_onprem_object_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) bases = NULL;
  LDAP *ld;
  gboolean ok = TRUE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  ld = connect_and_bind (config, error);
  if (ld == NULL)
    return NULL;
  if (config->bases != NULL && config->bases[0] != NULL)
    bases = g_strdupv (config->bases);
  else
    {
      char *base = default_naming_context (ld, error);
      if (base == NULL)
        {
          ldap_unbind (ld);
          return NULL;
        }
      bases = g_new0 (char *, 2);
      bases[0] = base;
    }
  for (guint i = 0; ok && bases[i] != NULL; i++)
    ok = read_base (ld, bases[i], seen, objects, cancellable, progress, progress_data, error);
  ldap_unbind (ld);
  return ok ? g_steal_pointer (&objects) : NULL;
}
