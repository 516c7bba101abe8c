/* test-notify.c — which notifications background monitoring raises: transitions, recovery,
 * new conflicting objects, first run, dedupe across restarts, snooze and quiet hours.
 */
#include "config.h"

#include <string.h>

#include "dsc-notify.h"
#include "dsc-text-safe.h"

#define T0 1795460102 /* 2026-11-23T18:55:02Z */

/* A report from a small spec, space separated:
 *   "<category>=<status>"   one finding of that severity in the category
 *   "conflict:<name>:<n>"   an OBJECT_ERRORS error finding for smtp:<name>@contoso.com with
 *                           n objects in error (and one holder that is not)
 *   "cs"                    a Cloud Sync configuration's informational finding "cloud-sync/sp1"
 *   "cs:<key>=<status>"     a Cloud Sync issue "cloud-sync/sp1/<key>" of that severity */
static DscReport *
make_report (const char *spec)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  DscReport *report = dsc_report_new (snapshot, T0);
  g_auto(GStrv) words = g_strsplit (spec, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) parts = NULL;

      if (*words[i] == '\0')
        continue;
      if (g_str_equal (words[i], "cs"))
        {
          dsc_report_add_finding (report, DSC_CATEGORY_CLOUD_SYNC, DSC_STATUS_INFO,
                                  "cloud-sync/sp1", "corp.contoso.com: Active", NULL);
          continue;
        }
      if (g_str_has_prefix (words[i], "cs:"))
        {
          DscStatus status;
          g_autofree char *id = NULL;
          g_autofree char *title = NULL;

          parts = g_strsplit (words[i] + 3, "=", 2);
          g_assert_true (dsc_status_from_string (parts[1], &status));
          id = g_strdup_printf ("cloud-sync/sp1/%s", parts[0]);
          title = g_strdup_printf ("corp.contoso.com: %s", parts[0]);
          dsc_report_add_finding (report, DSC_CATEGORY_CLOUD_SYNC, status, id, title, NULL);
          continue;
        }
      if (g_str_has_prefix (words[i], "conflict:"))
        {
          g_autofree char *value = NULL;
          g_autofree char *id = NULL;
          g_autofree char *title = NULL;
          g_autoptr(DscDirectoryObject) holder = dsc_directory_object_new (DSC_OBJECT_USER);
          DscFinding *finding;
          guint n;

          parts = g_strsplit (words[i], ":", 3);
          g_assert_cmpuint (g_strv_length (parts), ==, 3);
          n = (guint) g_ascii_strtoull (parts[2], NULL, 10);
          value = g_strdup_printf ("smtp:%s@contoso.com", parts[1]);
          id = g_strdup_printf ("object-errors/ProxyAddress/%s", value);
          title = g_strdup_printf ("%s is claimed by %u objects", value, n + 1);
          finding = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS,
                                            DSC_STATUS_ERROR, id, title, NULL);
          for (guint j = 0; j < n; j++)
            {
              g_autoptr(DscDirectoryObject) o = dsc_directory_object_new (DSC_OBJECT_CONTACT);

              dsc_finding_add_object (finding, o, "ProxyAddress", value, T0, TRUE);
            }
          dsc_finding_add_object (finding, holder, "ProxyAddress", value, T0, FALSE);
        }
      else
        {
          DscCategoryId category;
          DscStatus status;
          g_autofree char *id = NULL;

          parts = g_strsplit (words[i], "=", 2);
          g_assert_cmpuint (g_strv_length (parts), ==, 2);
          g_assert_true (dsc_category_from_string (parts[0], &category));
          g_assert_true (dsc_status_from_string (parts[1], &status));
          id = g_strdup_printf ("%s/test", parts[0]);
          dsc_report_add_finding (report, category, status, id, "Something is wrong", NULL);
        }
    }
  dsc_report_finish (report);
  return report;
}

static DscNotifySettings
plain_settings (void)
{
  DscNotifySettings settings = {
    .now = T0,
    .snoozed_until = 0,
    .quiet_start_minute = -1,
    .quiet_end_minute = -1,
    .local_minute_now = 12 * 60,
    .notified_keys = NULL,
  };

  return settings;
}

/* The shown notifications' keys, space separated in order. */
static char *
join_keys (const DscNotifyResult *result)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < result->notifications->len; i++)
    {
      const DscNotification *n = g_ptr_array_index (result->notifications, i);

      g_assert_nonnull (n->title);
      g_assert_nonnull (n->body);
      g_string_append_printf (out, "%s%s", i > 0 ? " " : "", n->key);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static DscNotifyResult *
evaluate (const char *previous,
          const char *current,
          const char *const *keys)
{
  g_autoptr(DscReport) before = previous != NULL ? make_report (previous) : NULL;
  g_autoptr(DscReport) after = make_report (current);
  DscNotifySettings settings = plain_settings ();

  settings.notified_keys = keys;
  return dsc_notify_evaluate (before, after, &settings);
}

static void
test_transitions (void)
{
  struct {
    const char *previous;
    const char *current;
    const char *expected; /* glob over the shown keys */
  } cases[] = {
    /* got worse */
    { "", "no-recent-sync=warning", "worse/no-recent-sync/warning" },
    { "", "no-recent-sync=error", "worse/no-recent-sync/error" },
    { "no-recent-sync=warning", "no-recent-sync=error", "worse/no-recent-sync/error" },
    { "", "password-sync=error", "worse/password-sync/error" },
    { "object-quota=warning", "object-quota=error", "worse/object-quota/error" },
    { "", "object-quota=warning", "worse/object-quota/warning" },
    { "", "connect-version=error", "worse/connect-version/error" },
    { "", "domains=warning", "worse/domains/warning" },
    { "object-errors=warning", "object-errors=error", "worse/object-errors/error" },
    { "", "no-recent-sync=error password-sync=warning",
      "worse/no-recent-sync/error worse/password-sync/warning" },
    /* no change, or better but not healthy */
    { "", "", "" },
    { "no-recent-sync=warning", "no-recent-sync=warning", "" },
    { "no-recent-sync=error", "no-recent-sync=warning", "" },
    { "", "attributes=info", "" },
    /* recovered */
    { "password-sync=error", "", "recovered/password-sync" },
    { "object-quota=warning", "", "recovered/object-quota" },
    { "conflict:a:1", "", "recovered/object-errors" },
    /* UNKNOWN is no information */
    { "", "sync-identity=unknown", "" },
    { "password-sync=error", "password-sync=unknown", "" },
    { "password-sync=unknown", "", "" },
    { "password-sync=unknown", "password-sync=error", "worse/password-sync/error" },
    /* new conflicting objects replace the "got worse" one */
    { "", "conflict:sales:2", "new-objects/*" },
    { "conflict:a:1", "conflict:a:1 conflict:b:2", "new-objects/*" },
    { "conflict:a:1", "conflict:a:3", "" },
    { "conflict:a:1 conflict:b:1", "conflict:a:1", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DscNotifyResult) result = evaluate (cases[i].previous, cases[i].current, NULL);
      g_autofree char *keys = join_keys (result);

      g_test_message ("case %u: '%s' -> '%s': got '%s'", i, cases[i].previous,
                      cases[i].current, keys);
      g_assert_true (g_pattern_match_simple (cases[i].expected, keys));
      g_assert_cmpuint (result->n_suppressed, ==, 0);
      /* Everything shown is remembered. */
      for (guint j = 0; j < result->notifications->len; j++)
        {
          const DscNotification *n = g_ptr_array_index (result->notifications, j);

          g_assert_true (g_strv_contains ((const char *const *) result->notified_keys, n->key));
        }
    }
}

static void
test_wording (void)
{
  g_autoptr(DscNotifyResult) result =
    evaluate ("conflict:a:1", "conflict:a:1 conflict:sales:2 conflict:zed:1", NULL);
  const DscNotification *n;

  g_assert_cmpuint (result->notifications->len, ==, 1);
  n = g_ptr_array_index (result->notifications, 0);
  g_assert_cmpstr (n->title, ==, "Sync errors: 3 new objects");
  g_assert_cmpstr (n->body, ==, "smtp:sales@contoso.com is claimed by 3 objects, "
                                "and 1 more conflict");
  g_assert_cmpint (n->category, ==, DSC_CATEGORY_OBJECT_ERRORS);
  g_assert_cmpint (n->severity, ==, DSC_STATUS_ERROR);

  {
    g_autoptr(DscNotifyResult) one = evaluate ("", "conflict:sales:1", NULL);

    n = g_ptr_array_index (one->notifications, 0);
    g_assert_cmpstr (n->title, ==, "Sync errors: 1 new object");
    g_assert_cmpstr (n->body, ==, "smtp:sales@contoso.com is claimed by 2 objects");
  }
  {
    g_autoptr(DscNotifyResult) stale = evaluate ("", "password-sync=error", NULL);

    n = g_ptr_array_index (stale->notifications, 0);
    g_assert_cmpstr (n->title, ==, "Password hash sync stopped");
    g_assert_cmpstr (n->body, ==, "Something is wrong");
    g_assert_cmpint (n->category, ==, DSC_CATEGORY_PASSWORD_SYNC);
  }
  {
    g_autoptr(DscNotifyResult) eos = evaluate ("", "connect-version=error", NULL);

    n = g_ptr_array_index (eos->notifications, 0);
    g_assert_cmpstr (n->title, ==, "Entra Connect version is no longer supported");
  }
  {
    g_autoptr(DscNotifyResult) back = evaluate ("no-recent-sync=error", "", NULL);

    n = g_ptr_array_index (back->notifications, 0);
    g_assert_cmpint (n->severity, ==, DSC_STATUS_OK);
    g_assert_cmpint (n->category, ==, DSC_CATEGORY_NO_RECENT_SYNC);
    g_assert_true (g_str_has_prefix (n->title, "Recovered: "));
  }
}

static void
test_first_run (void)
{
  g_autoptr(DscNotifyResult) result =
    evaluate (NULL, "no-recent-sync=warning conflict:a:2 sync-identity=unknown", NULL);
  g_autofree char *keys = join_keys (result);
  const DscNotification *n;

  /* Current problems only, each once; no "new objects" on a first look. */
  g_assert_cmpstr (keys, ==, "worse/object-errors/error worse/no-recent-sync/warning");
  n = g_ptr_array_index (result->notifications, 0);
  g_assert_cmpstr (n->title, ==, "Sync errors: 2 objects not syncing");

  {
    g_autoptr(DscNotifyResult) healthy = evaluate (NULL, "", NULL);

    g_assert_cmpuint (healthy->notifications->len, ==, 0);
    g_assert_cmpuint (g_strv_length (healthy->notified_keys), ==, 0);
  }
}

static void
test_dedupe_across_runs (void)
{
  g_autoptr(DscNotifyResult) first = evaluate ("", "conflict:a:1 password-sync=error", NULL);
  g_autoptr(DscNotifyResult) again = NULL;
  g_autoptr(DscNotifyResult) restart = NULL;
  g_autoptr(DscNotifyResult) recovered = NULL;
  g_autoptr(DscNotifyResult) recovered_again = NULL;
  g_autoptr(DscNotifyResult) worse_again = NULL;
  const char *const *keys;

  g_assert_cmpuint (first->notifications->len, ==, 2);
  keys = (const char *const *) first->notified_keys;
  g_assert_true (g_strv_contains (keys, "worse/object-errors/error"));
  g_assert_true (g_strv_contains (keys, "worse/password-sync/error"));

  /* The same transition again (say, a cached report after a restart) is not repeated. */
  again = evaluate ("", "conflict:a:1 password-sync=error", keys);
  g_assert_cmpuint (again->notifications->len, ==, 0);
  g_assert_cmpstrv (again->notified_keys, first->notified_keys);

  /* Nor is a first run that finds the same problems. */
  restart = evaluate (NULL, "conflict:a:1 password-sync=error", keys);
  g_assert_cmpuint (restart->notifications->len, ==, 0);

  /* Recovery is announced once and clears that category's keys only. */
  recovered = evaluate ("conflict:a:1 password-sync=error", "conflict:a:1", keys);
  g_assert_cmpuint (recovered->notifications->len, ==, 1);
  keys = (const char *const *) recovered->notified_keys;
  g_assert_true (g_strv_contains (keys, "recovered/password-sync"));
  g_assert_false (g_strv_contains (keys, "worse/password-sync/error"));
  g_assert_true (g_strv_contains (keys, "worse/object-errors/error"));

  recovered_again = evaluate ("conflict:a:1 password-sync=error", "conflict:a:1", keys);
  g_assert_cmpuint (recovered_again->notifications->len, ==, 0);

  /* Broken again after recovering: announced again. */
  worse_again = evaluate ("conflict:a:1", "conflict:a:1 password-sync=error", keys);
  g_assert_cmpuint (worse_again->notifications->len, ==, 1);
  g_assert_false (g_strv_contains ((const char *const *) worse_again->notified_keys,
                                   "recovered/password-sync"));
}

static void
test_dedupe_error_warning_error (void)
{
  g_autoptr(DscNotifyResult) error = evaluate ("", "no-recent-sync=error", NULL);
  g_autoptr(DscNotifyResult) warning = NULL;
  g_autoptr(DscNotifyResult) error_again = NULL;
  g_autoptr(DscNotifyResult) new_objects = NULL;
  g_autoptr(DscNotifyResult) new_objects_again = NULL;

  warning = evaluate ("no-recent-sync=error", "no-recent-sync=warning",
                      (const char *const *) error->notified_keys);
  g_assert_cmpuint (warning->notifications->len, ==, 0);
  g_assert_false (g_strv_contains ((const char *const *) warning->notified_keys,
                                   "worse/no-recent-sync/error"));
  error_again = evaluate ("no-recent-sync=warning", "no-recent-sync=error",
                          (const char *const *) warning->notified_keys);
  g_assert_cmpuint (error_again->notifications->len, ==, 1);

  /* The same set of new conflicts is one notification, whatever order Graph lists them in. */
  new_objects = evaluate ("conflict:a:1", "conflict:a:1 conflict:b:1 conflict:c:1", NULL);
  g_assert_cmpuint (new_objects->notifications->len, ==, 1);
  new_objects_again = evaluate ("conflict:a:1", "conflict:c:1 conflict:b:1 conflict:a:1",
                                (const char *const *) new_objects->notified_keys);
  g_assert_cmpuint (new_objects_again->notifications->len, ==, 0);
}

static void
test_snooze (void)
{
  g_autoptr(DscReport) before = make_report ("");
  g_autoptr(DscReport) after = make_report ("password-sync=error");
  DscNotifySettings settings = plain_settings ();
  g_autoptr(DscNotifyResult) snoozed = NULL;
  g_autoptr(DscNotifyResult) later = NULL;

  settings.snoozed_until = T0 + 3600;
  g_assert_true (dsc_notify_is_suppressed (&settings));
  snoozed = dsc_notify_evaluate (before, after, &settings);
  g_assert_cmpuint (snoozed->notifications->len, ==, 0);
  g_assert_cmpuint (snoozed->n_suppressed, ==, 1);
  /* Marked handled: no burst of stale pop-ups when the snooze ends. */
  g_assert_true (g_strv_contains ((const char *const *) snoozed->notified_keys,
                                  "worse/password-sync/error"));

  settings.now = T0 + 3600;
  g_assert_false (dsc_notify_is_suppressed (&settings));
  settings.notified_keys = (const char *const *) snoozed->notified_keys;
  later = dsc_notify_evaluate (before, after, &settings);
  g_assert_cmpuint (later->notifications->len, ==, 0);
  g_assert_cmpuint (later->n_suppressed, ==, 0);
}

static void
test_quiet_hours (void)
{
  struct { int start, end, now; gboolean quiet; } cases[] = {
    { -1, -1, 0, FALSE },
    { -1, 7 * 60, 0, FALSE },
    { 22 * 60, -1, 23 * 60, FALSE },
    { 9 * 60, 9 * 60, 9 * 60, FALSE },            /* empty range */
    { 12 * 60, 14 * 60, 12 * 60, TRUE },          /* start is inclusive */
    { 12 * 60, 14 * 60, 13 * 60 + 59, TRUE },
    { 12 * 60, 14 * 60, 14 * 60, FALSE },         /* end is exclusive */
    { 12 * 60, 14 * 60, 11 * 60, FALSE },
    { 22 * 60, 7 * 60, 22 * 60, TRUE },           /* wraps midnight */
    { 22 * 60, 7 * 60, 23 * 60 + 59, TRUE },
    { 22 * 60, 7 * 60, 0, TRUE },
    { 22 * 60, 7 * 60, 6 * 60 + 59, TRUE },
    { 22 * 60, 7 * 60, 7 * 60, FALSE },
    { 22 * 60, 7 * 60, 12 * 60, FALSE },
    { 22 * 60, 7 * 60, 21 * 60 + 59, FALSE },
  };
  g_autoptr(DscReport) before = make_report ("");
  g_autoptr(DscReport) after = make_report ("no-recent-sync=error");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      DscNotifySettings settings = plain_settings ();
      g_autoptr(DscNotifyResult) result = NULL;

      settings.quiet_start_minute = cases[i].start;
      settings.quiet_end_minute = cases[i].end;
      settings.local_minute_now = cases[i].now;
      g_test_message ("case %u", i);
      g_assert_cmpint (dsc_notify_is_suppressed (&settings), ==, cases[i].quiet);
      result = dsc_notify_evaluate (before, after, &settings);
      g_assert_cmpuint (result->notifications->len, ==, cases[i].quiet ? 0 : 1);
      g_assert_cmpuint (result->n_suppressed, ==, cases[i].quiet ? 1 : 0);
      g_assert_true (g_strv_contains ((const char *const *) result->notified_keys,
                                      "worse/no-recent-sync/error"));
    }
}

/* One object in two conflicts (its UPN and a proxy address) is one object, as on the tile. */
static void
test_object_counted_once (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscReport) after = dsc_report_new (snapshot, T0);
  g_autoptr(DscDirectoryObject) megan = dsc_directory_object_new (DSC_OBJECT_USER);
  g_autoptr(DscDirectoryObject) other = dsc_directory_object_new (DSC_OBJECT_USER);
  g_autoptr(DscNotifyResult) result = NULL;
  DscNotifySettings settings = plain_settings ();
  DscFinding *upn, *proxy;
  const DscNotification *n;

  upn = dsc_report_add_finding (after, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                                "object-errors/UserPrincipalName/megan@contoso.com",
                                "megan@contoso.com is claimed by 2 objects", NULL);
  dsc_finding_add_object (upn, megan, "UserPrincipalName", "megan@contoso.com", T0, TRUE);
  dsc_finding_add_object (upn, other, "UserPrincipalName", "megan@contoso.com", T0, FALSE);
  proxy = dsc_report_add_finding (after, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                                  "object-errors/ProxyAddress/smtp:megan@contoso.com",
                                  "smtp:megan@contoso.com is claimed by 2 objects", NULL);
  dsc_finding_add_object (proxy, megan, "ProxyAddress", "smtp:megan@contoso.com", T0, TRUE);
  dsc_finding_add_object (proxy, other, "ProxyAddress", "smtp:megan@contoso.com", T0, FALSE);
  dsc_report_finish (after);

  /* First look at the tenant, and a change from a clean one: both count Megan once. */
  result = dsc_notify_evaluate (NULL, after, &settings);
  g_assert_cmpuint (result->notifications->len, ==, 1);
  n = g_ptr_array_index (result->notifications, 0);
  g_assert_cmpstr (n->title, ==, "Sync errors: 1 object not syncing");
  {
    g_autoptr(DscReport) before = make_report ("");
    g_autoptr(DscNotifyResult) change = dsc_notify_evaluate (before, after, &settings);

    g_assert_cmpuint (change->notifications->len, ==, 1);
    n = g_ptr_array_index (change->notifications, 0);
    g_assert_cmpstr (n->title, ==, "Sync errors: 1 new object");
  }
}

/* A conflicting value straight from Graph, written to attack the notification
 * server: the body is one line of plain text, and what goes to
 * org.freedesktop.Notifications (which may render markup) has no tag left. */
static void
test_hostile_body_inert (void)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  g_autoptr(DscReport) after = dsc_report_new (snapshot, T0);
  g_autoptr(DscDirectoryObject) eve = dsc_directory_object_new (DSC_OBJECT_USER);
  g_autoptr(DscNotifyResult) result = NULL;
  g_autofree char *markup = NULL;
  DscNotifySettings settings = plain_settings ();
  const char *value = "smtp:<a href=\"https://evil.example\"><img src=x></a>\r\n\x1b]0;x\x07"
                      "\xe2\x80\xae@contoso.com";
  g_autofree char *title = g_strdup_printf ("%s is claimed by 2 objects", value);
  const DscNotification *n;
  DscFinding *finding;

  finding = dsc_report_add_finding (after, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                                    "object-errors/ProxyAddress/evil", title, NULL);
  dsc_finding_add_object (finding, eve, "ProxyAddress", value, T0, TRUE);
  dsc_report_finish (after);
  result = dsc_notify_evaluate (NULL, after, &settings);
  g_assert_cmpuint (result->notifications->len, ==, 1);
  n = g_ptr_array_index (result->notifications, 0);
  g_assert_null (strpbrk (n->body, "\r\n\x1b\x07|"));
  g_assert_null (strstr (n->body, "\xe2\x80\xae"));
  g_assert_null (strpbrk (n->title, "\r\n\x1b\x07"));
  markup = dsc_text_safe_markup (n->body);
  g_assert_null (strpbrk (markup, "<>"));
  g_assert_nonnull (strstr (markup, "&lt;a href=\"https://evil.example\"&gt;"));
}

/* Cloud Sync notifies per finding id: entered and left quarantine, paused, agents inactive;
 * each once, and again after it went away and came back. */
static void
test_cloud_sync_transitions (void)
{
  struct {
    const char *previous;
    const char *current;
    const char *expected_keys;
    const char *expected_body;  /* of the first notification, or NULL */
  } steps[] = {
    /* entered quarantine: the finding's own title, not the category's */
    { "cs", "cs cs:quarantine=error", "finding/cloud-sync/sp1/quarantine/error",
      "corp.contoso.com: quarantine" },
    /* the same again: nothing */
    { "cs cs:quarantine=error", "cs cs:quarantine=error", "", NULL },
    /* left quarantine: one notification, no extra "Recovered" */
    { "cs cs:quarantine=error", "cs", "cleared/cloud-sync/sp1/quarantine",
      "corp.contoso.com: Active" },
    /* job paused */
    { "cs", "cs cs:paused=warning", "finding/cloud-sync/sp1/paused/warning",
      "corp.contoso.com: paused" },
    /* an agent went inactive while the job stays paused: only the new finding */
    { "cs cs:paused=warning", "cs cs:paused=warning cs:agents/inactive=warning",
      "finding/cloud-sync/sp1/agents/inactive/warning", "corp.contoso.com: agents/inactive" },
    /* quarantine again after it had cleared: announced again */
    { "cs", "cs cs:quarantine=error", "finding/cloud-sync/sp1/quarantine/error",
      "corp.contoso.com: quarantine" },
  };
  g_auto(GStrv) keys = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(DscNotifyResult) result = evaluate (steps[i].previous, steps[i].current,
                                                    (const char *const *) keys);
      g_autofree char *shown = join_keys (result);

      g_test_message ("step %u: %s -> %s", i, steps[i].previous, steps[i].current);
      g_assert_cmpstr (shown, ==, steps[i].expected_keys);
      if (steps[i].expected_body != NULL)
        {
          const DscNotification *n = g_ptr_array_index (result->notifications, 0);

          g_assert_cmpstr (n->body, ==, steps[i].expected_body);
          g_assert_cmpint (n->category, ==, DSC_CATEGORY_CLOUD_SYNC);
          if (g_str_has_prefix (n->key, "cleared/"))
            g_assert_cmpstr (n->title, ==, "Left quarantine");
          else if (n->severity == DSC_STATUS_ERROR)
            g_assert_cmpstr (n->title, ==, "Cloud Sync is not syncing");
          else
            g_assert_cmpstr (n->title, ==, "Cloud Sync needs attention");
        }
      g_strfreev (keys);
      keys = g_strdupv (result->notified_keys);
    }
}

/* Escaped for org.freedesktop.Notifications only: GNOME Shell shows an
 * org.gtk.Notifications body as plain text (escaping would show "&lt;"). */
static void
test_body_markup_backend (void)
{
  /* GLib's choice without GNOTIFICATION_BACKEND: portal, then gtk, then freedesktop. */
  g_assert_true (dsc_notify_body_is_markup (NULL, FALSE, FALSE));    /* Plasma, Xfce, dunst */
  g_assert_false (dsc_notify_body_is_markup (NULL, FALSE, TRUE));    /* GNOME Shell */
  g_assert_false (dsc_notify_body_is_markup (NULL, TRUE, FALSE));    /* Flatpak: the portal */
  /* GNOTIFICATION_BACKEND, when that backend is usable. */
  g_assert_true (dsc_notify_body_is_markup ("freedesktop", FALSE, TRUE));
  g_assert_true (dsc_notify_body_is_markup ("freedesktop", TRUE, TRUE));
  g_assert_false (dsc_notify_body_is_markup ("gtk", FALSE, TRUE));
  g_assert_true (dsc_notify_body_is_markup ("gtk", FALSE, FALSE));   /* unusable: falls back */
  g_assert_false (dsc_notify_body_is_markup ("portal", TRUE, FALSE));
  g_assert_false (dsc_notify_body_is_markup ("portal", FALSE, TRUE));
  g_assert_true (dsc_notify_body_is_markup ("portal", FALSE, FALSE));
  g_assert_true (dsc_notify_body_is_markup ("no-such-backend", FALSE, FALSE));
}

int
main (int argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/notify/transitions", test_transitions);
  g_test_add_func ("/core/notify/wording", test_wording);
  g_test_add_func ("/core/notify/object-counted-once", test_object_counted_once);
  g_test_add_func ("/core/notify/first-run-notifies-current-problems", test_first_run);
  g_test_add_func ("/core/notify/dedupe-across-runs", test_dedupe_across_runs);
  g_test_add_func ("/core/notify/dedupe-error-warning-error", test_dedupe_error_warning_error);
  g_test_add_func ("/core/notify/snooze-marks-handled", test_snooze);
  g_test_add_func ("/core/notify/quiet-hours", test_quiet_hours);
  g_test_add_func ("/core/notify/hostile-body-inert", test_hostile_body_inert);
  g_test_add_func ("/core/notify/cloud-sync-transitions", test_cloud_sync_transitions);
  g_test_add_func ("/core/notify/body-markup-backend", test_body_markup_backend);

  return g_test_run ();
}
