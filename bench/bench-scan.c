/* bench-scan.c — the on-premises scan at 100 000 objects: wall time per stage
 * and peak RSS. Targets: ≤ 20 s against the local directory, ≤ 200 MB.
 *
 *   bench-scan [N]                 N generated objects (default 100 000) as LDIF
 *                                  → reader → rules → join → JSON report
 *   bench-scan --ldif-out FILE [N] write the generated objects as ldapadd input
 *                                  under OU=Bench,$DSC_BENCH_BASE (for a real DC)
 *   DSC_BENCH_LDAP_URL=ldaps://… DSC_BENCH_BIND_DN=… DSC_BENCH_PASSWORD=…
 *   DSC_BENCH_BASE=DC=… bench-scan  read from that directory instead (paged LDAP)
 *
 * About 3 % of the generated objects break a rule and 1 % share a proxy
 * address, so the rules do real work; the rest are ordinary mailboxes.
 */
#include "config.h"

#include <libpsl.h>
#include <stdio.h>
#include <sys/resource.h>

#include "dsc-onprem-join.h"
#include "dsc-onprem-ldif.h"
#include "dsc-onprem-object.h"
#include "dsc-onprem-report.h"
#include "dsc-onprem-rules.h"
#include "dsc-onprem-scanner.h"

static double
peak_rss_mb (void)
{
  struct rusage usage;
  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

static char *
generate (guint n, const char *ou, gboolean ldapadd)
{
  GString *out = g_string_sized_new ((gsize) n * 420);

  for (guint i = 0; i < n; i++)
    {
      const char *dept[] = { "Sales", "Engineering", "Finance", "Operations", "HR" };
      guint kind = i % 50;   /* 2 % groups, 2 % contacts */

      g_string_append_printf (out, "dn: CN=Bench %06u,%s\n", i, ou);
      if (ldapadd)
        g_string_append (out, "changetype: add\n");
      if (kind == 0)
        g_string_append_printf (out, "objectClass: group\ngroupType: 8\nsAMAccountName: grp%06u\n"
                                "displayName: Group %06u\nmail: grp%06u@contoso.com\n"
                                "proxyAddresses: SMTP:grp%06u@contoso.com\n", i, i, i, i);
      else if (kind == 1)
        g_string_append_printf (out, "objectClass: contact\ndisplayName: Partner %06u\n"
                                "mail: partner%06u@fabrikam.com\n"
                                "proxyAddresses: SMTP:partner%06u@fabrikam.com\n", i, i, i);
      else
        {
          g_string_append_printf (out, "objectClass: user\nsAMAccountName: u%06u\n"
                                  "displayName: Bench User %06u (%s)\ngivenName: Bench\n"
                                  "userPrincipalName: user%06u@contoso.com\nmail: user%06u@contoso.com\n"
                                  "proxyAddresses: SMTP:user%06u@contoso.com\n"
                                  "proxyAddresses: smtp:user%06u@contoso.mail.onmicrosoft.com\n",
                                  i, i, dept[i % 5], i, i, i, i);
          if (i % 100 == 7)   /* a shared alias: duplicate */
            g_string_append_printf (out, "proxyAddresses: smtp:team%u@contoso.com\n", i / 200);
          if (i % 100 == 13)  /* a space in an address */
            g_string_append_printf (out, "proxyAddresses: smtp:user %06u@contoso.com\n", i);
          if (i % 100 == 29)  /* a non-routable alias */
            g_string_append_printf (out, "proxyAddresses: smtp:user%06u@corp.contoso.local\n", i);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cloud = g_ptr_array_new_with_free_func ((GDestroyNotify) dsc_directory_object_unref);
  const char *domains[] = { "contoso.com", "contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com", NULL };
  const char *url = g_getenv ("DSC_BENCH_LDAP_URL");
  DscOnpremScanResult *result;
  DscOnpremRuleOptions options = { 0 };
  guint n = 100000;
  gint64 start, t;
  char *json;
  psl_ctx_t *psl;

  if (argc >= 3 && g_str_equal (argv[1], "--ldif-out"))
    {
      g_autofree char *ou = g_strdup_printf ("OU=Bench,%s", g_getenv ("DSC_BENCH_BASE") != NULL
                                             ? g_getenv ("DSC_BENCH_BASE") : "DC=onprem,DC=test");
      g_autofree char *head = g_strdup_printf ("dn: %s\nchangetype: add\nobjectClass: organizationalUnit\n\n", ou);
      g_autofree char *body = NULL;
      g_autofree char *all = NULL;

      n = argc >= 4 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : n;
      body = generate (n, ou, TRUE);
      all = g_strconcat (head, body, NULL);
      if (!g_file_set_contents (argv[2], all, -1, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc >= 2)
    n = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  start = g_get_monotonic_time ();
  if (url != NULL)
    {
      DscOnpremScanConfig config = { 0 };
      config.url = g_strdup (url);
      config.bind_dn = g_strdup (g_getenv ("DSC_BENCH_BIND_DN"));
      config.password = g_strdup (g_getenv ("DSC_BENCH_PASSWORD"));
      if (g_getenv ("DSC_BENCH_BASE") != NULL)
        {
          config.bases = g_new0 (char *, 2);
          config.bases[0] = g_strdup (g_getenv ("DSC_BENCH_BASE"));
        }
      objects = dsc_onprem_directory_read (&config, NULL, NULL, NULL, &error);
      dsc_onprem_scan_config_clear (&config);
      if (objects == NULL)
        {
          g_printerr ("bench-scan: %s\n", error->message);
          return 1;
        }
      printf ("read      %7.3f s  %u objects from %s (paged, %d per page)\n",
              seconds_since (start), objects->len, url, DSC_ONPREM_PAGE_SIZE);
    }
  else
    {
      g_autofree char *ldif = generate (n, "OU=Bench,DC=corp,DC=contoso,DC=com", FALSE);
      printf ("generate  %7.3f s  %u objects, %.1f MB of LDIF\n", seconds_since (start), n,
              strlen (ldif) / 1e6);
      t = g_get_monotonic_time ();
      objects = dsc_onprem_ldif_parse (ldif, strlen (ldif), &error);
      g_assert_no_error (error);
      printf ("read      %7.3f s  (LDIF reader)\n", seconds_since (t));
    }

  t = g_get_monotonic_time ();
  psl = psl_latest (NULL);
  options.psl = psl;
  options.tenant_domains = domains;
  result = dsc_onprem_scan_result_new ();
  result->source = g_strdup ("bench");
  result->objects_read = objects->len;
  result->findings = dsc_onprem_rules_run (&options, objects);
  printf ("rules     %7.3f s  %u findings\n", seconds_since (t), result->findings->len);

  /* 100 cloud conflicts to place on-premises */
  for (guint i = 0; i < 100; i++)
    {
      DscDirectoryObject *o = dsc_directory_object_new (DSC_OBJECT_USER);
      g_autofree char *value = g_strdup_printf ("smtp:user%06u@contoso.com", i * 997 % 100000);
      o->id = g_strdup_printf ("%08u-0000-0000-0000-000000000000", i);
      o->display_name = g_strdup ("Cloud");
      dsc_directory_object_add_error (o, "PropertyConflict", "ProxyAddress", value, 0);
      g_ptr_array_add (cloud, o);
    }
  t = g_get_monotonic_time ();
  result->cloud = dsc_onprem_join (cloud, objects, result->findings);
  printf ("join      %7.3f s  100 cloud conflicts\n", seconds_since (t));

  t = g_get_monotonic_time ();
  json = dsc_onprem_report_json (result);
  printf ("report    %7.3f s  %.1f MB of JSON\n", seconds_since (t), strlen (json) / 1e6);
  g_free (json);

  printf ("total     %7.3f s  peak RSS %.1f MB  (targets: 20 s, 200 MB)\n",
          seconds_since (start), peak_rss_mb ());
  dsc_onprem_scan_result_free (result);
  psl_free (psl);
  return 0;
}
