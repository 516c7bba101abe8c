/* test-window.c — the main window against the demo tenant, under Xvfb:
 * tiles say what the report says, tiles open their pane, the object list
 * filters and sorts, the offline copy shows first, failures keep the last
 * good report, and the window leaks nothing. */
#include "config.h"

#include "ui-test-display.h"
#include "ui-test-util.h"
#include "dsc-test-object.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "dsc-command-block.h"
#include "dsc-window.h"
#include "dsc-fake-tenant.h"
#include "dsc-snapshot-cache.h"
#include "dsc-ui-util.h"

#define WAIT_TIMEOUT_S 60

static gboolean
on_wait_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (DscWindow *window);

static void
wait_for (DscWindow *window,
          Condition  condition)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);

  while (!condition (window) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

/* The window renders its session; these read the session's state. */
static gboolean
is_refreshing (DscWindow *window)
{
  DscSession *session = dsc_window_get_session (window);

  return session != NULL && dsc_session_get_refreshing (session);
}

static gboolean
shows_cached (DscWindow *window)
{
  DscSession *session = dsc_window_get_session (window);

  return session != NULL && dsc_session_get_report_is_cached (session);
}

static DscFakeTenant *
fake_tenant (DscSession *session)
{
  return dsc_demo_get_fake_tenant (dsc_session_get_demo (session));
}

static gboolean
has_fresh_report (DscWindow *window)
{
  return dsc_window_get_report (window) != NULL
         && !is_refreshing (window)
         && !shows_cached (window);
}

static gboolean
has_any_report (DscWindow *window)
{
  return dsc_window_get_report (window) != NULL;
}

static gboolean
has_onprem_scan (DscWindow *window)
{
  DscReport *report = dsc_window_get_report (window);

  return report != NULL && report->snapshot->onprem_scan != NULL &&
         !dsc_session_get_refreshing (dsc_window_get_session (window));
}

static gboolean
is_idle (DscWindow *window)
{
  return !is_refreshing (window);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A window on a session of its own, as the application hands one over. */
static DscWindow *
open_window (DscSession *session)
{
  /* GTK owns toplevels; keep our own reference to check finalization. */
  DscWindow *window = g_object_ref (dsc_window_new (NULL, session));

  gtk_window_present (GTK_WINDOW (window));
  dsc_session_start (session);
  return window;
}

static DscSession *
new_demo_session (const char *scenario)
{
  g_autoptr(GError) error = NULL;
  DscSession *session = dsc_session_new_demo (scenario, FALSE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

/* session_out NULL: the window holds the only reference (close_window checks it goes). */
static DscWindow *
open_demo (const char  *scenario,
           DscSession **session_out)
{
  g_autoptr(DscSession) session = new_demo_session (scenario);
  DscWindow *window = open_window (session);

  wait_for (window, has_fresh_report);
  if (session_out != NULL)
    *session_out = g_steal_pointer (&session);
  return window;
}

static gboolean
subtitle_says_new_errors (DscWindow *window)
{
  return strstr (dsc_window_get_subtitle (window), "new sync errors since the last refresh")
         != NULL;
}

static void close_window (DscWindow  *window,
                          DscSession *session);

/* The second refresh knows what the first one didn't have. */
static void
test_history_marks_new_errors (void)
{
  DscSession *session = NULL;
  DscWindow *window = open_demo ("healthy", &session);
  g_autoptr(GError) error = NULL;

  g_assert_null (strstr (dsc_window_get_subtitle (window), "new sync error"));
  g_assert_true (dsc_session_set_demo_scenario (session, "sync-errors", &error));
  g_assert_no_error (error);
  wait_for (window, has_fresh_report);
  wait_for (window, subtitle_says_new_errors);
  close_window (window, session);
}

/* session: the test's reference, or NULL. Whatever session the window showed
 * goes with it. */
static void
close_window (DscWindow  *window,
              DscSession *session)
{
  DscSession *shown = dsc_window_get_session (window);

  if (shown != NULL)
    g_object_add_weak_pointer (G_OBJECT (shown), (gpointer *) &shown);
  gtk_window_destroy (GTK_WINDOW (window));
  drain ();
  g_assert_finalize_object (window);
  if (session != NULL)
    g_assert_finalize_object (session);
  drain ();
  g_assert_null (shown);
}

/* Every tile says, in words, the status the report gives it. */
static void
assert_tiles_match_report (DscWindow *window)
{
  DscReport *report = dsc_window_get_report (window);

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      DscStatusTile *tile = dsc_window_get_tile (window, i);
      const DscTile *expected = dsc_report_get_tile (report, i);

      g_assert_cmpint (dsc_status_tile_get_status (tile), ==, expected->status);
      g_assert_cmpstr (dsc_status_tile_get_status_text (tile), ==,
                       dsc_ui_status_label (expected->status));
      g_assert_cmpint (dsc_status_tile_get_category (tile), ==, expected->category);
    }
}

static void
test_healthy (void)
{
  DscWindow *window = open_demo ("healthy", NULL);
  DscStatusTile *errors;

  assert_tiles_match_report (window);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");

  errors = dsc_window_get_tile (window, DSC_TILE_SYNC_ERRORS);
  g_assert_cmpint (dsc_status_tile_get_status (errors), ==, DSC_STATUS_OK);
  g_assert_cmpstr (dsc_status_tile_get_status_text (errors), ==, "OK");
  g_assert_cmpint (dsc_status_tile_get_status (dsc_window_get_tile (window, DSC_TILE_LAST_SYNC)),
                   ==, DSC_STATUS_OK);
  g_assert_true (g_str_has_prefix (dsc_window_get_subtitle (window), "Updated "));

  close_window (window, NULL);
}

static void
test_sync_errors (void)
{
  DscWindow *window = open_demo ("sync-errors", NULL);
  DscStatusTile *errors;
  DscCategoryPane *pane;

  assert_tiles_match_report (window);

  errors = dsc_window_get_tile (window, DSC_TILE_SYNC_ERRORS);
  g_assert_cmpint (dsc_status_tile_get_status (errors), ==, DSC_STATUS_ERROR);
  g_assert_cmpstr (dsc_status_tile_get_status_text (errors), ==, "Error");

  /* Activating the tile (click, Enter or Space) opens its pane. */
  gtk_widget_activate (GTK_WIDGET (errors));
  drain ();
  pane = dsc_window_get_category_pane (window);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pane)));
  g_assert_cmpint (dsc_category_pane_get_category (pane), ==,
                   dsc_status_tile_get_category (errors));
  g_assert_true (dsc_category_pane_has_objects (pane));

  /* Back returns to the tiles. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  drain ();
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");

  close_window (window, NULL);
}

static void
test_stale_sync (void)
{
  DscWindow *window = open_demo ("stale-sync", NULL);
  DscStatusTile *last_sync = dsc_window_get_tile (window, DSC_TILE_LAST_SYNC);
  DscStatus status = dsc_status_tile_get_status (last_sync);

  assert_tiles_match_report (window);
  g_assert_true (status == DSC_STATUS_WARNING || status == DSC_STATUS_ERROR);
  g_assert_cmpstr (dsc_status_tile_get_status_text (last_sync), ==,
                   status == DSC_STATUS_WARNING ? "Warning" : "Error");

  close_window (window, NULL);
}

static void
test_not_global_admin (void)
{
  DscWindow *window = open_demo ("not-global-admin", NULL);
  DscReport *report = dsc_window_get_report (window);
  gboolean found_limited = FALSE;

  assert_tiles_match_report (window);

  /* Data hidden by a missing role is said so, on the tile and in its pane. */
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, i);

      if (tile->limited_reason == NULL)
        continue;
      found_limited = TRUE;
      g_assert_cmpstr (dsc_status_tile_get_status_text (dsc_window_get_tile (window, i)), ==,
                       dsc_ui_status_label (tile->status));
      gtk_widget_activate (GTK_WIDGET (dsc_window_get_tile (window, i)));
      drain ();
      g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
    }
  g_assert_true (found_limited);

  close_window (window, NULL);
}

static void
test_every_category_pane (void)
{
  DscWindow *window = open_demo ("sync-errors", NULL);

  /* Informational categories are reachable too (sidebar, win.show-category). */
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-category", "u", i);
      drain ();
      g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
      g_assert_cmpint (dsc_category_pane_get_category (dsc_window_get_category_pane (window)),
                       ==, i);
    }

  close_window (window, NULL);
}

/* Every label's text under @widget, one per line: what the admin reads. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static char *
pane_text (DscWindow *window)
{
  GString *out = g_string_new (NULL);

  collect_text (GTK_WIDGET (dsc_window_get_category_pane (window)), out);
  return g_string_free (out, FALSE);
}

static void
assert_shows (const char *text,
              const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("the pane does not show “%s”:\n%s", expected, text);
}

/* The quarantine: the Cloud Sync tile is an error and opens a pane that names the cause,
 * shows the configuration's facts, the fix for no active agents and the Learn links. */
static void
test_cloud_sync_quarantine_pane (void)
{
  DscWindow *window = open_demo ("cloud-sync-quarantine", NULL);
  DscStatusTile *tile = dsc_window_get_tile (window, DSC_TILE_CLOUD_SYNC);
  DscStatusTile *connect = dsc_window_get_tile (window, DSC_TILE_CONNECT_VERSION);
  g_autofree char *text = NULL;

  assert_tiles_match_report (window);
  g_assert_cmpint (dsc_status_tile_get_status (tile), ==, DSC_STATUS_ERROR);
  g_assert_cmpint (dsc_status_tile_get_status (connect), ==, DSC_STATUS_OK);

  gtk_widget_activate (GTK_WIDGET (tile));
  drain ();
  g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
  g_assert_cmpint (dsc_category_pane_get_category (dsc_window_get_category_pane (window)), ==,
                   DSC_CATEGORY_CLOUD_SYNC);
  text = pane_text (window);
  assert_shows (text, "corp.contoso.com is in quarantine: no active agents");
  assert_shows (text, "Sync engine: Entra Cloud Sync");
  assert_shows (text, "Quarantine: EncounteredQuarantineException");
  assert_shows (text, "Agents: SRV-PROV01.corp.contoso.com (inactive)");
  assert_shows (text, "Microsoft Entra Connect Provisioning Agent");
  assert_shows (text, "Application provisioning in quarantine status");
  assert_shows (text, "Cloud Sync troubleshooting");

  close_window (window, NULL);
}

/* Healthy: the pane says OK, lists the configuration, and has no problem in it. */
static void
test_cloud_sync_healthy_pane (void)
{
  DscWindow *window = open_demo ("cloud-sync-healthy", NULL);
  g_autofree char *text = NULL;

  /* Every tile OK but the on-premises scan's, which has not run (unknown). */
  for (guint i = 0; i < DSC_N_TILES; i++)
    g_assert_cmpint (dsc_status_tile_get_status (dsc_window_get_tile (window, i)), ==,
                     i == DSC_TILE_ONPREM_DATA ? DSC_STATUS_UNKNOWN : DSC_STATUS_OK);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-category", "u",
                              DSC_CATEGORY_CLOUD_SYNC);
  drain ();
  text = pane_text (window);
  assert_shows (text, "corp.contoso.com: Active");
  assert_shows (text, "Provisioning job: Active");
  g_assert_null (strstr (text, "Error"));
  g_assert_null (strstr (text, "Warning"));

  close_window (window, NULL);
}

static int
collate_casefold (const char *a,
                  const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return g_utf8_collate (fa, fb);
}

/* Every conflict's rows are adjacent, the quarantined one first. */
static void
assert_conflicts_together (GListModel *model)
{
  g_autoptr(GHashTable) done = g_hash_table_new (g_direct_hash, g_direct_equal);
  gconstpointer current = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (model, i);
      gconstpointer finding = dsc_object_row_get_finding (row);

      if (finding == current)
        continue;
      g_assert_false (g_hash_table_contains (done, finding));
      g_hash_table_add (done, (gpointer) finding);
      current = finding;
      g_assert_true (dsc_object_row_get_lead (row) == row);
    }
}

static DscObjectRow *
find_row (GListModel *model, const char *value, gboolean in_error)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (model, i);

      if (g_ascii_strcasecmp (dsc_object_row_get_value (row), value) == 0
          && dsc_object_row_get_in_error (row) == in_error)
        return g_steal_pointer (&row);
    }
  g_error ("no row for %s", value);
  return NULL;
}

static char *
row_role (DscObjectRow *row)
{
  char *role = NULL;

  g_object_get (row, "role-label", &role, NULL);
  return role;
}

/* The sync-errors tenant: each conflict's rows show its diagnosis and each
 * object's role; the pane says the generic advice once. */
/* A visible button whose label starts with @prefix, or NULL. */
static GtkWidget *
find_button (GtkWidget *widget, const char *prefix)
{
  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (GTK_IS_BUTTON (widget))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      collect_text (widget, text);
      if (g_str_has_prefix (text->str, prefix))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, prefix);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* not-global-admin: the headline counts two unreadable checks, one of them a
 * category no tile opens (sync safeguards); the overview shows it under the
 * problem tiles, and its button opens its pane. */
static void
test_untiled_category_on_overview (void)
{
  DscWindow *window = open_demo ("not-global-admin", NULL);
  GtkWidget *button = find_button (GTK_WIDGET (window), "Sync safeguards: Unknown");

  g_assert_cmpuint (dsc_window_get_report (window)->n_unreadable, ==, 2);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  drain ();
  g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
  g_assert_cmpint (dsc_category_pane_get_category (dsc_window_get_category_pane (window)), ==,
                   DSC_CATEGORY_SYNC_SAFEGUARDS);
  close_window (window, NULL);

  /* A healthy tenant has no such button. */
  window = open_demo ("healthy", NULL);
  g_assert_null (find_button (GTK_WIDGET (window), "Sync safeguards"));
  close_window (window, NULL);
}

static void
test_object_list_diagnosis (void)
{
  DscWindow *window = open_demo ("sync-errors", NULL);
  DscObjectList *list;
  GListModel *model;
  g_autofree char *text = NULL;

  dsc_window_show_category (window, DSC_CATEGORY_OBJECT_ERRORS);
  drain ();
  list = dsc_category_pane_get_object_list (dsc_window_get_category_pane (window));
  model = dsc_object_list_get_model (list);
  assert_conflicts_together (model);

  {
    g_autoptr(DscObjectRow) synced = find_row (model, "LeeG@contoso.com", TRUE);
    g_autoptr(DscObjectRow) cloud = find_row (model, "LeeG@contoso.com", FALSE);
    g_autofree char *synced_role = row_role (synced);
    g_autofree char *cloud_role = row_role (cloud);

    g_assert_cmpstr (dsc_object_row_get_diagnosis (synced), ==, "Same person? Join the accounts");
    g_assert_cmpstr (dsc_object_row_get_diagnosis (cloud), ==, "Same person? Join the accounts");
    g_assert_nonnull (strstr (dsc_object_row_get_diagnosis_text (synced), "hard-match"));
    g_assert_cmpstr (synced_role, ==, "Quarantined");
    g_assert_cmpstr (cloud_role, ==, "Current holder");
    g_assert_true (g_str_has_prefix (dsc_object_row_get_admin_url (cloud),
                                     "https://entra.microsoft.com/#view/"
                                     "Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/"));
  }
  {
    g_autoptr(DscObjectRow) guest = find_row (model, "SMTP:rob.young@fabrikam.com", FALSE);
    g_autoptr(DscObjectRow) contact = find_row (model, "SMTP:rob.young@fabrikam.com", TRUE);

    g_assert_cmpstr (dsc_object_row_get_diagnosis (guest), ==, "Guest holds it: change in Entra");
    /* Organizational contacts have no page in the Entra admin center. */
    g_assert_cmpstr (dsc_object_row_get_admin_url (contact), ==, "");
  }
  {
    g_autoptr(DscObjectRow) ceo = find_row (model, "smtp:ceo@contoso.com", TRUE);

    g_assert_cmpstr (dsc_object_row_get_diagnosis (ceo), ==, "Edit in Active Directory");
  }

  /* What the table shows: the first conflict's diagnosis and both roles, the
   * summary in "Current state", the generic advice once, no "Needs fixing". */
  text = pane_text (window);
  assert_shows (text, "By attribute: 9 proxy addresses · 2 UPNs");
  g_assert_null (strstr (text, "Needs fixing"));
  g_clear_pointer (&text, g_free);
  /* The table is the pane's other view (Ctrl+F opens it at its filter). */
  g_assert_true (dsc_category_pane_focus_search (dsc_window_get_category_pane (window)));
  drain ();
  text = pane_text (window);
  assert_shows (text, "Same person? Join the accounts");
  assert_shows (text, "Quarantined");
  assert_shows (text, "Current holder");
  assert_shows (text, "Diagnosis");
  g_assert_null (strstr (text, "Needs fixing"));
  {
    const char *once = strstr (text, "Decide which object should keep the value");

    /* The category's generic step, at most once, not on every conflict. */
    g_assert_true (once == NULL
                   || strstr (once + 1, "Decide which object should keep the value") == NULL);
  }

  close_window (window, NULL);
}

static void
test_object_list (void)
{
  DscWindow *window = open_demo ("sync-errors", NULL);
  DscObjectList *list;
  GListModel *model;
  guint n_all, n_filtered;
  g_autoptr(DscObjectRow) first = NULL;
  g_autoptr(DscObjectRow) a = NULL;
  g_autoptr(DscObjectRow) b = NULL;

  dsc_window_show_category (window, DSC_CATEGORY_OBJECT_ERRORS);
  drain ();
  list = dsc_category_pane_get_object_list (dsc_window_get_category_pane (window));
  model = dsc_object_list_get_model (list);
  n_all = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_all, >, 1);

  /* Grouped by value by default: rows sharing a value are adjacent. */
  for (guint i = 2; i < n_all; i++)
    {
      g_autoptr(DscObjectRow) r0 = g_list_model_get_item (model, i - 2);
      g_autoptr(DscObjectRow) r1 = g_list_model_get_item (model, i - 1);
      g_autoptr(DscObjectRow) r2 = g_list_model_get_item (model, i);

      if (g_strcmp0 (dsc_object_row_get_value (r0), dsc_object_row_get_value (r2)) == 0)
        g_assert_cmpstr (dsc_object_row_get_value (r1), ==, dsc_object_row_get_value (r0));
    }

  /* Filtering by one object's ID leaves fewer rows, all about that object. */
  first = g_list_model_get_item (model, 0);
  dsc_object_list_set_search_text (list, dsc_object_row_get_object_id (first));
  drain ();
  n_filtered = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_filtered, >=, 1);
  g_assert_cmpuint (n_filtered, <, n_all);

  dsc_object_list_set_search_text (list, "no-such-object-anywhere");
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  dsc_object_list_set_search_text (list, "");
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_all);

  /* Column sorting orders the conflicts by their quarantined object; the
   * objects of one conflict stay together. */
  dsc_object_list_sort_by (list, "name", GTK_SORT_ASCENDING);
  drain ();
  a = g_list_model_get_item (model, 0);
  b = g_list_model_get_item (model, n_all - 1);
  g_assert_cmpint (collate_casefold (dsc_object_row_get_name (dsc_object_row_get_lead (a)),
                                     dsc_object_row_get_name (dsc_object_row_get_lead (b))),
                   <=, 0);
  g_clear_object (&a);
  g_clear_object (&b);
  assert_conflicts_together (model);

  dsc_object_list_sort_by (list, "name", GTK_SORT_DESCENDING);
  drain ();
  a = g_list_model_get_item (model, 0);
  b = g_list_model_get_item (model, n_all - 1);
  g_assert_cmpint (collate_casefold (dsc_object_row_get_name (dsc_object_row_get_lead (a)),
                                     dsc_object_row_get_name (dsc_object_row_get_lead (b))),
                   >=, 0);
  assert_conflicts_together (model);

  close_window (window, NULL);
}

/* GTK 4.8 has no query for a widget action's state: the on-premises pane's
 * button for it is sensitive exactly when it is enabled. */
static GtkWidget *
find_action_button (GtkWidget *root, const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
action_enabled (DscWindow *window, const char *action)
{
  GtkWidget *button = find_action_button (GTK_WIDGET (dsc_window_get_category_pane (window)),
                                          action);

  g_assert_nonnull (button);
  drain ();
  return gtk_widget_get_sensitive (button);
}

/* The demo scans its sample directory: the on-premises pane lists findings
 * by DN, the sync-errors list names the on-premises object of each conflict,
 * and the DN filter and copy work. */
static void
test_onprem_scan (void)
{
  DscWindow *window = open_demo ("sync-errors", NULL);
  DscStatusTile *tile = dsc_window_get_tile (window, DSC_TILE_ONPREM_DATA);
  DscCategoryPane *pane;
  DscObjectList *list;
  GListModel *model;
  guint n_all, n_with_dn = 0;
  g_autoptr(DscObjectRow) first = NULL;

  g_assert_cmpint (dsc_status_tile_get_status (tile), ==, DSC_STATUS_ERROR);
  gtk_widget_activate (GTK_WIDGET (tile));
  drain ();
  pane = dsc_window_get_category_pane (window);
  g_assert_cmpint (dsc_category_pane_get_category (pane), ==, DSC_CATEGORY_ONPREM_DATA);
  g_assert_true (action_enabled (window, "win.save-fix-script"));
  g_assert_true (action_enabled (window, "win.scan-onprem"));
  list = dsc_category_pane_get_object_list (pane);
  model = dsc_object_list_get_model (list);
  n_all = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_all, >, 0);
  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (model, i);

      g_assert_true (g_str_has_suffix (dsc_object_row_get_dn (row), "DC=corp,DC=contoso,DC=com"));
    }

  /* Filter by a DN: only that object's rows. */
  first = g_list_model_get_item (model, 0);
  dsc_object_list_set_search_text (list, dsc_object_row_get_dn (first));
  drain ();
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, n_all);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (model, i);
      g_assert_cmpstr (dsc_object_row_get_dn (row), ==, dsc_object_row_get_dn (first));
    }
  /* Copy the DN. */
  dsc_object_list_select (list, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list), "objects.copy-dn", NULL));
  dsc_object_list_set_search_text (list, "");
  drain ();

  /* Sync errors: each object in error carries the DN the join found. */
  dsc_window_show_category (window, DSC_CATEGORY_OBJECT_ERRORS);
  drain ();
  list = dsc_category_pane_get_object_list (dsc_window_get_category_pane (window));
  model = dsc_object_list_get_model (list);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DscObjectRow) row = g_list_model_get_item (model, i);

      if (dsc_object_row_get_in_error (row))
        {
          g_assert_true (strstr (dsc_object_row_get_dn (row), "DC=corp,DC=contoso,DC=com") != NULL);
          n_with_dn++;
        }
    }
  g_assert_cmpuint (n_with_dn, >, 0);

  close_window (window, NULL);
}

/* A healthy demo tenant is not scanned: the tile says how, the verdict stays OK. */
static void
test_onprem_not_scanned (void)
{
  DscWindow *window = open_demo ("healthy", NULL);
  DscStatusTile *tile = dsc_window_get_tile (window, DSC_TILE_ONPREM_DATA);

  g_assert_cmpint (dsc_status_tile_get_status (tile), ==, DSC_STATUS_UNKNOWN);
  g_assert_cmpint (dsc_window_get_report (window)->overall, ==, DSC_STATUS_OK);
  g_assert_false (action_enabled (window, "win.save-fix-script"));

  /* Scan Now loads the sample directory; the report then shows it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-onprem", NULL);
  wait_for (window, has_onprem_scan);
  g_assert_cmpint (dsc_status_tile_get_status (tile), !=, DSC_STATUS_UNKNOWN);
  g_assert_true (action_enabled (window, "win.save-fix-script"));

  close_window (window, NULL);
}

static void
test_offline_copy (void)
{
  DscSession *session = NULL;
  DscSession *second = NULL;
  DscSnapshotCache *cache = NULL;
  DscWindow *window = open_demo ("sync-errors", &session);
  DscFakeFaults faults = { 0 };
  gboolean timed_out = FALSE;
  guint id;

  /* The refreshed snapshot is written for next time. */
  cache = dsc_snapshot_cache_new (dsc_session_get_label (session));
  g_assert_cmpstr (dsc_snapshot_cache_get_path (cache), ==, dsc_session_get_cache_path (session));
  id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);
  while (!g_file_test (dsc_snapshot_cache_get_path (cache), G_FILE_TEST_EXISTS) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);

  /* A slow tenant: the offline copy shows first, marked as such. */
  second = new_demo_session ("sync-errors");
  g_assert_cmpstr (dsc_session_get_label (second), ==, dsc_session_get_label (session));
  close_window (window, session);
  faults.latency_ms = 1500;
  dsc_fake_tenant_set_faults (fake_tenant (second), &faults);

  window = open_window (second);
  wait_for (window, has_any_report);
  g_assert_true (shows_cached (window));
  g_assert_true (g_str_has_prefix (dsc_window_get_subtitle (window), "As of "));
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");
  assert_tiles_match_report (window);

  /* … then the fresh report replaces it. */
  wait_for (window, has_fresh_report);
  g_assert_true (g_str_has_prefix (dsc_window_get_subtitle (window), "Updated "));
  close_window (window, second);
  g_assert_finalize_object (cache);
}

static gboolean
has_report_and_is_idle (DscWindow *window)
{
  return dsc_window_get_report (window) != NULL && !is_refreshing (window);
}

static void
test_offline_copy_when_tenant_unreachable (void)
{
  DscSession *session = NULL;
  DscSession *offline = NULL;
  DscWindow *window = open_demo ("stale-sync", &session);
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add_seconds (WAIT_TIMEOUT_S, on_wait_timeout, &timed_out);
  while (!g_file_test (dsc_session_get_cache_path (session), G_FILE_TEST_EXISTS) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  close_window (window, session);

  /* Offline: the saved copy is what the admin gets, and is told so. */
  offline = new_demo_session ("stale-sync");
  dsc_fake_tenant_stop (fake_tenant (offline));
  window = open_window (offline);
  wait_for (window, has_report_and_is_idle);
  g_assert_true (shows_cached (window));
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");
  g_assert_true (g_str_has_prefix (dsc_window_get_subtitle (window), "As of "));
  g_assert_nonnull (strstr (dsc_window_get_subtitle (window), "refresh failed"));
  assert_tiles_match_report (window);

  close_window (window, offline);
}

static void
test_bad_offline_copy (void)
{
  DscSession *session = new_demo_session ("healthy");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  DscWindow *window;

  dir = g_path_get_dirname (dsc_session_get_cache_path (session));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (dsc_session_get_cache_path (session), "{\"version\": \"garbage", -1,
                       &error);
  g_assert_no_error (error);

  window = open_window (session);
  wait_for (window, has_fresh_report);
  assert_tiles_match_report (window);

  close_window (window, session);
}

static void
test_cancel_and_failure_keep_report (void)
{
  DscSession *session = NULL;
  DscWindow *window = open_demo ("sync-errors", &session);
  DscReport *report = dsc_window_get_report (window);
  DscFakeFaults faults = { 0 };

  /* Cancel: what is on screen stays. */
  faults.latency_ms = 2000;
  dsc_fake_tenant_set_faults (fake_tenant (session), &faults);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  g_assert_true (is_refreshing (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-refresh", NULL);
  wait_for (window, is_idle);
  g_assert_true (dsc_window_get_report (window) == report);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");

  /* Failure: the tenant is gone; the last good report stays, and says so. */
  dsc_fake_tenant_stop (fake_tenant (session));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL);
  wait_for (window, is_idle);
  g_assert_true (dsc_window_get_report (window) == report);
  g_assert_nonnull (strstr (dsc_window_get_subtitle (window), "refresh failed"));

  close_window (window, session);
}

/* The first widget under @root of @type, or with the template id @id. */
static GtkWidget *
find_widget (GtkWidget *root, GType type, const char *id)
{
  if ((type != G_TYPE_INVALID && G_TYPE_CHECK_INSTANCE_TYPE (root, type))
      || (id != NULL && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_clipboard_text (GObject *source, GAsyncResult *result, gpointer data)
{
  char **text = data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

/* A fix step's command is a code block whose Copy button puts exactly the
 * command on the clipboard, and is reachable by keyboard. */
static void
test_copy_command (void)
{
  DscWindow *window = open_demo ("stale-sync", NULL);
  GtkWidget *pane, *block, *button;
  g_autofree char *copied = NULL;
  const char *command;

  gtk_widget_activate (GTK_WIDGET (dsc_window_get_tile (window, DSC_TILE_LAST_SYNC)));
  drain ();
  g_assert_cmpstr (dsc_window_get_page (window), ==, "category");
  pane = GTK_WIDGET (dsc_window_get_category_pane (window));
  block = find_widget (pane, DSC_TYPE_COMMAND_BLOCK, NULL);
  g_assert_nonnull (block);
  command = dsc_command_block_get_command (DSC_COMMAND_BLOCK (block));
  /* The first command of "No recent directory synchronization" */
  g_assert_cmpstr (command, ==, "Get-ADSyncScheduler");

  button = find_widget (block, GTK_TYPE_BUTTON, NULL);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_focus_on_click (button));
  g_assert_true (gtk_widget_grab_focus (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Copy command");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (button), "something else");
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (button), NULL, on_clipboard_text,
                                 &copied);
  while (copied == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (copied, ==, "Get-ADSyncScheduler");
  /* A brief confirmation on the button itself. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Command copied");

  close_window (window, NULL);
}

static gboolean
shows_error_page (DscWindow *window)
{
  return g_strcmp0 (dsc_window_get_page (window), "error") == 0;
}

/* A first refresh that fails leads with its cause, then what to do; which
 * sources failed is folded away under Details. */
static void
test_error_screen_leads_with_cause (void)
{
  DscSession *session = new_demo_session ("healthy");
  DscWindow *window;
  GtkWidget *page, *advice, *expander, *details;
  const char *description;

  /* No offline copy (an earlier test may have left one) and no tenant. */
  g_remove (dsc_session_get_cache_path (session));
  dsc_fake_tenant_stop (fake_tenant (session));
  window = open_window (session);
  wait_for (window, shows_error_page);

  page = find_widget (GTK_WIDGET (window), G_TYPE_INVALID, "error_page");
  g_assert_nonnull (page);
  description = adw_status_page_get_description (ADW_STATUS_PAGE (page));
  g_test_message ("cause: %s", description);
  /* One line, the cause first: not the list of what couldn't be read. */
  g_assert_true (g_str_has_prefix (description, "Could not reach Microsoft Graph at 127.0.0.1"));
  g_assert_null (strchr (description, '\n'));
  g_assert_null (strstr (description, "Sync settings"));

  advice = find_widget (page, G_TYPE_INVALID, "error_advice");
  g_assert_true (gtk_widget_get_visible (advice));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (advice)), "proxy"));

  expander = find_widget (page, G_TYPE_INVALID, "error_details_expander");
  /* A folded expander keeps its child out of the widget tree. */
  details = gtk_expander_get_child (GTK_EXPANDER (expander));
  g_assert_true (gtk_widget_get_visible (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (details)), "Not read: "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (details)), "Sync settings"));

  close_window (window, session);
}

static gboolean
is_signed_out (DscWindow *window)
{
  return g_strcmp0 (dsc_window_get_page (window), "signed-out") == 0;
}

static void
test_signed_out_try_demo (void)
{
  DscWindow *window = g_object_ref (dsc_window_new (NULL, NULL));

  gtk_window_present (GTK_WINDOW (window));
  drain ();
  g_assert_true (is_signed_out (window));
  g_assert_null (dsc_window_get_report (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.try-demo", NULL);
  g_assert_nonnull (dsc_window_get_session (window));
  g_assert_true (dsc_session_get_is_demo (dsc_window_get_session (window)));
  wait_for (window, has_fresh_report);
  g_assert_cmpstr (dsc_window_get_page (window), ==, "overview");

  close_window (window, NULL);
}

static void
test_remembers_size (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  dsc_autofinalize(GSettings) settings = NULL;
  DscWindow *window;
  int width = 0, height = 0;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                            "io.github.DirSyncCompanion", TRUE);
  if (schema == NULL)
    {
      g_test_skip ("Settings schema not compiled (GSETTINGS_SCHEMA_DIR)");
      return;
    }

  window = g_object_ref (dsc_window_new (NULL, NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_window_present (GTK_WINDOW (window));
  drain ();
  gtk_window_close (GTK_WINDOW (window));
  drain ();
  g_assert_finalize_object (window);

  settings = g_settings_new ("io.github.DirSyncCompanion");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "is-maximized"));

  window = g_object_ref (dsc_window_new (NULL, NULL));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
  close_window (window, NULL);
}

int
main (int argc, char **argv)
{
  dsc_autofinalize(GFile) cache_dir = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  cache_dir = ui_test_init_display ("window");
  if (cache_dir == NULL)
    return g_test_run ();


  g_test_add_func ("/ui/window/healthy", test_healthy);
  g_test_add_func ("/ui/window/sync-errors-tile-opens-pane", test_sync_errors);
  g_test_add_func ("/ui/window/stale-sync", test_stale_sync);
  g_test_add_func ("/ui/window/history-marks-new-errors", test_history_marks_new_errors);
  g_test_add_func ("/ui/window/not-global-admin-names-missing-role", test_not_global_admin);
  g_test_add_func ("/ui/window/every-category-has-a-pane", test_every_category_pane);
  g_test_add_func ("/ui/window/cloud-sync-quarantine-pane", test_cloud_sync_quarantine_pane);
  g_test_add_func ("/ui/window/cloud-sync-healthy-pane", test_cloud_sync_healthy_pane);
  g_test_add_func ("/ui/window/object-list-filters-and-sorts", test_object_list);
  g_test_add_func ("/ui/window/object-list-diagnosis", test_object_list_diagnosis);
  g_test_add_func ("/ui/window/untiled-category-on-overview", test_untiled_category_on_overview);
  g_test_add_func ("/ui/window/onprem-scan-shows-dns", test_onprem_scan);
  g_test_add_func ("/ui/window/onprem-not-scanned", test_onprem_not_scanned);
  g_test_add_func ("/ui/window/offline-copy-shows-first", test_offline_copy);
  g_test_add_func ("/ui/window/offline-copy-when-tenant-unreachable",
                   test_offline_copy_when_tenant_unreachable);
  g_test_add_func ("/ui/window/bad-offline-copy-is-ignored", test_bad_offline_copy);
  g_test_add_func ("/ui/window/cancel-and-failure-keep-report",
                   test_cancel_and_failure_keep_report);
  g_test_add_func ("/ui/window/signed-out-try-demo", test_signed_out_try_demo);
  g_test_add_func ("/ui/window/copy-command", test_copy_command);
  g_test_add_func ("/ui/window/error-screen-leads-with-cause", test_error_screen_leads_with_cause);
  g_test_add_func ("/ui/window/remembers-size", test_remembers_size);

  status = g_test_run ();
  ui_test_remove_tree (cache_dir);
  return status;
}
