/* dsc-onprem-ldap.c — the directory reader on OpenLDAP's libldap (Linux and
 * other non-Windows systems). Runs in the scanner's worker thread; one LDAP
 * handle per scan, never shared between threads.
 *
 * Transport: ldaps://, or ldap:// with StartTLS; plain ldap:// only to a
 * loopback address (tests, an SSH tunnel). Certificates are checked as
 * libldap does by default (TLS_REQCERT demand; LDAPTLS_CACERT / ldap.conf
 * name the CA). Bind: simple with bind DN and password, or SASL GSSAPI with
 * the Kerberos ticket of the user (kinit). Referrals are not chased.
 */
#include "dsc-onprem-scanner.h"

#include <lber.h>
#include <ldap.h>
#include <sasl/sasl.h>
#include <string.h>

#include "dsc-onprem-object.h"

#define SCAN_FILTER "(|(objectCategory=person)(objectCategory=group))"

static void
set_ldap_error (GError **error, LDAP *ld, int rc, const char *what)
{
  char *diagnostic = NULL;
  int code = rc == LDAP_INVALID_CREDENTIALS || rc == LDAP_INAPPROPRIATE_AUTH ||
             rc == LDAP_STRONG_AUTH_REQUIRED
    ? G_IO_ERROR_PERMISSION_DENIED
    : rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR ? G_IO_ERROR_CONNECTION_REFUSED
    : rc == LDAP_TIMEOUT ? G_IO_ERROR_TIMED_OUT
    : rc == LDAP_NO_SUCH_OBJECT ? G_IO_ERROR_NOT_FOUND
    : G_IO_ERROR_FAILED;

  if (ld != NULL)
    ldap_get_option (ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic);
  g_set_error (error, G_IO_ERROR, code, "%s: %s%s%s%s", what, ldap_err2string (rc),
               diagnostic != NULL && *diagnostic != '\0' ? " (" : "",
               diagnostic != NULL ? diagnostic : "",
               diagnostic != NULL && *diagnostic != '\0' ? ")" : "");
  if (diagnostic != NULL)
    ldap_memfree (diagnostic);
}

/* GSSAPI asks for nothing a default can't answer. */
static int
sasl_interact (LDAP *ld, unsigned flags, void *defaults, void *in)
{
  for (sasl_interact_t *i = in; i->id != SASL_CB_LIST_END; i++)
    {
      i->result = i->defresult != NULL ? i->defresult : "";
      i->len = (unsigned) strlen (i->result);
    }
  return LDAP_SUCCESS;
}

static LDAP *
connect_and_bind (const DscOnpremScanConfig *config, GError **error)
{
  LDAP *ld = NULL;
  int version = LDAP_VERSION3, rc;
  struct timeval timeout = { 20, 0 };
  gboolean start_tls = FALSE;

  if (config->url != NULL && !dsc_onprem_url_check (config->url, &start_tls, error))
    return NULL;
  rc = ldap_initialize (&ld, config->url);
  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, NULL, rc, "Can't use the directory address");
      return NULL;
    }
  ldap_set_option (ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option (ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  ldap_set_option (ld, LDAP_OPT_NETWORK_TIMEOUT, &timeout);
  ldap_set_option (ld, LDAP_OPT_TIMEOUT, &timeout);
  if (config->url == NULL)
    {
      char *uri = NULL;
      ldap_get_option (ld, LDAP_OPT_URI, &uri);
      if (uri != NULL && !dsc_onprem_url_check (uri, &start_tls, error))
        {
          ldap_memfree (uri);
          ldap_unbind_ext_s (ld, NULL, NULL);
          return NULL;
        }
      if (uri != NULL)
        ldap_memfree (uri);
    }
  if (start_tls)
    {
      rc = ldap_start_tls_s (ld, NULL, NULL);
      if (rc != LDAP_SUCCESS)
        {
          set_ldap_error (error, ld, rc, "StartTLS failed (use ldaps:// or check the DC's certificate)");
          ldap_unbind_ext_s (ld, NULL, NULL);
          return NULL;
        }
    }

  if (config->bind_dn != NULL)
    {
      struct berval cred;
      cred.bv_val = config->password != NULL ? config->password : "";
      cred.bv_len = strlen (cred.bv_val);
      if (cred.bv_len == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                       "No password for %s: store one with --store-bind-password", config->bind_dn);
          ldap_unbind_ext_s (ld, NULL, NULL);
          return NULL;
        }
      rc = ldap_sasl_bind_s (ld, config->bind_dn, LDAP_SASL_SIMPLE, &cred, NULL, NULL, NULL);
    }
  else
    rc = ldap_sasl_interactive_bind_s (ld, NULL, "GSSAPI", NULL, NULL, LDAP_SASL_QUIET,
                                       sasl_interact, NULL);
  if (rc != LDAP_SUCCESS)
    {
      /* libldap connects on the first operation: the bind */
      set_ldap_error (error, ld, rc,
                      rc == LDAP_SERVER_DOWN || rc == LDAP_CONNECT_ERROR || rc == LDAP_TIMEOUT
                      ? "Can't reach the directory server"
                      : config->bind_dn != NULL ? "The directory refused the bind"
                      : "Kerberos (GSSAPI) bind failed (run kinit, or give --bind-dn)");
      ldap_unbind_ext_s (ld, NULL, NULL);
      return NULL;
    }
  return ld;
}

static char *
default_naming_context (LDAP *ld, GError **error)
{
  char *attrs[] = { "defaultNamingContext", NULL };
  LDAPMessage *res = NULL, *entry;
  struct berval **values;
  char *out = NULL;
  int rc = ldap_search_ext_s (ld, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, 0,
                              NULL, NULL, NULL, 1, &res);

  if (rc != LDAP_SUCCESS)
    {
      set_ldap_error (error, ld, rc, "Can't read the directory's rootDSE");
      ldap_msgfree (res);
      return NULL;
    }
  entry = ldap_first_entry (ld, res);
  values = entry != NULL ? ldap_get_values_len (ld, entry, "defaultNamingContext") : NULL;
  if (values != NULL && values[0] != NULL)
    out = g_strndup (values[0]->bv_val, values[0]->bv_len);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 "The directory has no defaultNamingContext (not Active Directory?): give --base");
  ldap_value_free_len (values);
  ldap_msgfree (res);
  return out;
}

static DscOnpremObject *
read_entry (LDAP *ld, LDAPMessage *entry)
{
  char *dn = ldap_get_dn (ld, entry);
  DscOnpremObject *object = dsc_onprem_object_new (dn);
  BerElement *ber = NULL;

  ldap_memfree (dn);
  for (char *name = ldap_first_attribute (ld, entry, &ber); name != NULL;
       name = ldap_next_attribute (ld, entry, ber))
    {
      struct berval **values = ldap_get_values_len (ld, entry, name);
      for (guint i = 0; values != NULL && values[i] != NULL; i++)
        dsc_onprem_object_set_attribute (object, name, values[i]->bv_val, values[i]->bv_len);
      ldap_value_free_len (values);
      ldap_memfree (name);
    }
  if (ber != NULL)
    ber_free (ber, 0);
  return object;
}

/* One base, page by page (RFC 2696). */
static gboolean
read_base (LDAP *ld, const char *base, GHashTable *seen, GPtrArray *objects,
           GCancellable *cancellable, DscOnpremReadProgress progress, gpointer progress_data,
           GError **error)
{
  const char * const *names = dsc_onprem_object_attribute_names ();
  struct berval *cookie = NULL;
  gboolean ok = TRUE;

  do
    {
      LDAPControl *page = NULL, *server_controls[2] = { NULL, NULL }, **returned = NULL;
      LDAPMessage *res = NULL;
      int rc, result_code = LDAP_SUCCESS;
      char *matched = NULL, *text = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      rc = ldap_create_page_control (ld, DSC_ONPREM_PAGE_SIZE, cookie, 1, &page);
      if (rc != LDAP_SUCCESS)
        {
          set_ldap_error (error, ld, rc, "Can't ask for paged results");
          ok = FALSE;
          break;
        }
      server_controls[0] = page;
      rc = ldap_search_ext_s (ld, base, LDAP_SCOPE_SUBTREE, SCAN_FILTER, (char **) names, 0,
                              server_controls, NULL, NULL, LDAP_NO_LIMIT, &res);
      ldap_control_free (page);
      if (rc != LDAP_SUCCESS && res == NULL)
        {
          g_autofree char *what = g_strdup_printf ("Searching %s failed", base);
          set_ldap_error (error, ld, rc, what);
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
      if (progress != NULL)
        progress (objects->len, progress_data);

      rc = ldap_parse_result (ld, res, &result_code, &matched, &text, NULL, &returned, 1);
      ldap_memfree (matched);
      ldap_memfree (text);
      if (cookie != NULL)
        ber_bvfree (cookie);
      cookie = NULL;
      if (rc != LDAP_SUCCESS || result_code != LDAP_SUCCESS)
        {
          g_autofree char *what = g_strdup_printf ("Searching %s failed", base);
          set_ldap_error (error, ld, rc != LDAP_SUCCESS ? rc : result_code, what);
          ldap_controls_free (returned);
          ok = FALSE;
          break;
        }
      if (returned != NULL)
        {
          LDAPControl *response = ldap_control_find (LDAP_CONTROL_PAGEDRESULTS, returned, NULL);
          if (response != NULL)
            {
              ber_int_t estimate = 0;
              struct berval next = { 0, NULL };
              if (ldap_parse_pageresponse_control (ld, response, &estimate, &next) == LDAP_SUCCESS &&
                  next.bv_len > 0)
                cookie = ber_bvdup (&next);
              if (next.bv_val != NULL)
                ber_memfree (next.bv_val);
            }
          ldap_controls_free (returned);
        }
    }
  while (cookie != NULL);

  if (cookie != NULL)
    ber_bvfree (cookie);
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
          ldap_unbind_ext_s (ld, NULL, NULL);
          return NULL;
        }
      bases = g_new0 (char *, 2);
      bases[0] = base;
    }
  for (guint i = 0; ok && bases[i] != NULL; i++)
    ok = read_base (ld, bases[i], seen, objects, cancellable, progress, progress_data, error);
  ldap_unbind_ext_s (ld, NULL, NULL);
  return ok ? g_steal_pointer (&objects) : NULL;
}
