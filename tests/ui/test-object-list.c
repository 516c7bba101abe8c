/* test-object-list.c — the affected-objects table on a synthetic report:
 * grouping by value, search, column sort, and 100 000 rows built off the
 * main thread and filtered in slices. Widgets: runs under Xvfb. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "dsc-object-cell.h"
#include "dsc-object-list.h"
#include "dsc-object-row.h"

/* n conflicts, each value held by one quarantined user and one group. */
static DscReport *
make_report (guint n)
{
  g_autoptr(DscSnapshot) snapshot = dsc_snapshot_new ();
  DscReport *report;

  snapshot->taken_at = 1795000000;
  report = dsc_report_new (snapshot, 1795000000);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = g_strdup_printf ("smtp:shared%06u@contoso.com", i);
      g_autofree char *id = g_strdup_printf ("object-errors/ProxyAddress/%s", value);
      g_autofree char *user_id = g_strdup_printf ("u-%06u", i);
      g_autofree char *user_name = g_strdup_printf ("User %06u", i);
      g_autofree char *upn = g_strdup_printf ("user%06u@contoso.com", i);
      g_autofree char *group_id = g_strdup_printf ("g-%06u", i);
      g_autofree char *group_name = g_strdup_printf ("Group %06u", i);
      g_autoptr(DscDirectoryObject) user = dsc_directory_object_new (DSC_OBJECT_USER);
      g_autoptr(DscDirectoryObject) group = dsc_directory_object_new (DSC_OBJECT_GROUP);
      DscFinding *finding;

      user->id = g_strdup (user_id);
      user->display_name = g_strdup (user_name);
      user->user_principal_name = g_strdup (upn);
      group->id = g_strdup (group_id);
      group->display_name = g_strdup (group_name);

      finding = dsc_report_add_finding (report, DSC_CATEGORY_OBJECT_ERRORS, DSC_STATUS_ERROR,
                                        id, value, NULL);
      dsc_finding_set_diagnosis (finding, "edit-on-premises",
                                 g_strdup (i % 2 ? "Edit in Active Directory"
                                                 : "Same person? Join the accounts"),
                                 g_strdup_printf ("Advice for %s", value));
      /* The holder first: the list must still put the object to fix first. */
      dsc_finding_add_object (finding, group, "ProxyAddress", value, 0, FALSE)->admin_url =
        g_strdup_printf ("https://entra.microsoft.com/#view/Microsoft_AAD_IAM/"
                         "GroupDetailsMenuBlade/~/Overview/groupId/%s", group_id);
      dsc_finding_add_object (finding, user, "ProxyAddress", value, 1795000000 - i, TRUE);
    }
  dsc_report_finish (report);

  return report;
}

static void
wait_idle (DscObjectList *list)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_main_context_iteration (NULL, FALSE) || dsc_object_list_is_busy (list))
    g_assert_cmpint (g_get_monotonic_time (), <, deadline);
}

static void
on_text_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_text_read, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

static void
test_groups_search_sort (void)
{
  g_autoptr(DscReport) report = make_report (50);
  g_autoptr(GListStore) store = dsc_object_row_build_store (report, DSC_CATEGORY_OBJECT_ERRORS);
  GtkWidget *list = g_object_ref_sink (dsc_object_list_new ());
  GListModel *model;
  g_autoptr(DscObjectRow) first = NULL;
  g_autoptr(DscObjectRow) second = NULL;
  g_autoptr(DscObjectRow) last = NULL;

  dsc_object_list_set_rows (DSC_OBJECT_LIST (list), G_LIST_MODEL (store));
  model = dsc_object_list_get_model (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);

  /* Grouped by value, the quarantined object (the one to fix) first. */
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpstr (dsc_object_row_get_value (first), ==, "smtp:shared000000@contoso.com");
  g_assert_cmpstr (dsc_object_row_get_value (second), ==, dsc_object_row_get_value (first));
  g_assert_true (dsc_object_row_get_in_error (first));
  g_assert_false (dsc_object_row_get_in_error (second));
  g_clear_object (&second);

  /* Copy actions work on the selected row; without one they do nothing. */
  g_assert_null (dsc_object_list_get_selected (DSC_OBJECT_LIST (list)));
  gtk_widget_activate_action (list, "objects.copy-value", NULL);
  dsc_object_list_select (DSC_OBJECT_LIST (list), 0);
  g_assert_true (dsc_object_list_get_selected (DSC_OBJECT_LIST (list)) == first);
  g_assert_true (gtk_widget_activate_action (list, "objects.copy-value", NULL));
  {
    g_autofree char *text = read_clipboard (list);

    g_assert_cmpstr (text, ==, "smtp:shared000000@contoso.com");
  }
  g_assert_true (gtk_widget_activate_action (list, "objects.copy-id", NULL));
  {
    g_autofree char *text = read_clipboard (list);

    g_assert_cmpstr (text, ==, dsc_object_row_get_object_id (first));
  }
  g_clear_object (&first);

  /* Search matches name, UPN, mail, value, case-insensitively. */
  dsc_object_list_set_search_text (DSC_OBJECT_LIST (list), "USER000007@");
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  dsc_object_list_set_search_text (DSC_OBJECT_LIST (list), "shared000007");
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  dsc_object_list_set_search_text (DSC_OBJECT_LIST (list), "Group 00001");
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  dsc_object_list_set_search_text (DSC_OBJECT_LIST (list), "");
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);

  /* A column sort orders the conflicts (by their quarantined object); the
   * objects of one conflict stay together, the quarantined one first. */
  dsc_object_list_sort_by (DSC_OBJECT_LIST (list), "name", GTK_SORT_DESCENDING);
  wait_idle (DSC_OBJECT_LIST (list));
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  last = g_list_model_get_item (model, 99);
  g_assert_cmpstr (dsc_object_row_get_name (first), ==, "User 000049");
  g_assert_cmpstr (dsc_object_row_get_name (second), ==, "Group 000049");
  g_assert_cmpstr (dsc_object_row_get_name (last), ==, "Group 000000");
  g_clear_object (&first);
  g_clear_object (&second);

  dsc_object_list_sort_by (DSC_OBJECT_LIST (list), "since", GTK_SORT_ASCENDING);
  wait_idle (DSC_OBJECT_LIST (list));
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpint (dsc_object_row_get_since (first), ==, 1795000000 - 49);
  g_assert_cmpstr (dsc_object_row_get_name (second), ==, "Group 000049");
  g_assert_cmpint (dsc_object_row_get_since (second), ==, 0);
  g_clear_object (&second);

  /* Sorted by a column every object of a conflict shares, the pairs still
   * don't interleave. */
  dsc_object_list_sort_by (DSC_OBJECT_LIST (list), "role", GTK_SORT_ASCENDING);
  wait_idle (DSC_OBJECT_LIST (list));
  for (guint i = 0; i < 100; i += 2)
    {
      g_autoptr(DscObjectRow) a = g_list_model_get_item (model, i);
      g_autoptr(DscObjectRow) b = g_list_model_get_item (model, i + 1);

      g_assert_cmpstr (dsc_object_row_get_value (a), ==, dsc_object_row_get_value (b));
      g_assert_true (dsc_object_row_get_in_error (a));
      g_assert_false (dsc_object_row_get_in_error (b));
    }

  g_assert_finalize_object (list);
}

static void
on_store_built (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GListStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = dsc_object_row_build_store_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_hundred_thousand_rows (void)
{
  g_autoptr(DscReport) report = make_report (50000);
  g_autoptr(GListStore) store = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = dsc_object_list_new ();
  GListModel *model;
  gint64 start;

  /* Built in a worker thread: the main loop keeps turning meanwhile. */
  dsc_object_row_build_store_async (report, DSC_CATEGORY_OBJECT_ERRORS, NULL,
                                    on_store_built, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 100000);

  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));

  /* Large lists filter and sort in slices: setting them returns at once. */
  start = g_get_monotonic_time ();
  dsc_object_list_set_rows (DSC_OBJECT_LIST (list), G_LIST_MODEL (store));
  g_test_message ("set_rows: %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
  wait_idle (DSC_OBJECT_LIST (list));
  model = dsc_object_list_get_model (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);

  dsc_object_list_set_search_text (DSC_OBJECT_LIST (list), "shared04999");
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_popover (GtkWidget *list)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      return child;
  return NULL;
}

/* The row menu (right click, Menu, Shift+F10): each copy action puts the
 * selected row's field on the clipboard; "Copy row" is tab-separated. */
static void
test_context_menu (void)
{
  g_autoptr(DscReport) report = make_report (3);
  g_autoptr(GListStore) store = dsc_object_row_build_store (report, DSC_CATEGORY_OBJECT_ERRORS);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = dsc_object_list_new ();
  GtkWidget *popover;
  g_autoptr(DscObjectRow) first = NULL;
  g_autoptr(GDateTime) since = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *expected_row = NULL;

  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_present (GTK_WINDOW (window));
  dsc_object_list_set_rows (DSC_OBJECT_LIST (list), G_LIST_MODEL (store));
  wait_idle (DSC_OBJECT_LIST (list));

  /* Nothing selected: no menu. */
  gtk_widget_activate_action (list, "objects.context-menu", NULL);
  g_assert_null (find_popover (list));

  dsc_object_list_select (DSC_OBJECT_LIST (list), 0);
  first = g_object_ref (dsc_object_list_get_selected (DSC_OBJECT_LIST (list)));
  g_assert_cmpstr (dsc_object_row_get_name (first), ==, "User 000000");

  g_assert_true (gtk_widget_activate_action (list, "objects.context-menu", NULL));
  popover = find_popover (list);
  g_assert_nonnull (popover);
  wait_idle (DSC_OBJECT_LIST (list));
  g_assert_true (gtk_widget_get_visible (popover));

  /* The menu's items resolve their actions through the list. */
  g_assert_true (gtk_widget_activate_action (popover, "objects.copy-value", NULL));
  {
    g_autofree char *text = read_clipboard (list);
    g_assert_cmpstr (text, ==, "smtp:shared000000@contoso.com");
  }
  g_assert_true (gtk_widget_activate_action (popover, "objects.copy-id", NULL));
  {
    g_autofree char *text = read_clipboard (list);
    g_assert_cmpstr (text, ==, "u-000000");
  }
  g_assert_true (gtk_widget_activate_action (popover, "objects.copy-address", NULL));
  {
    g_autofree char *text = read_clipboard (list);
    g_assert_cmpstr (text, ==, "user000000@contoso.com");
  }

  since = g_date_time_new_from_unix_local (1795000000);
  since_text = g_date_time_format (since, "%Y-%m-%d");
  expected_row = g_strdup_printf ("%s\tUser 000000\tuser000000@contoso.com\tProxyAddress\t"
                                  "smtp:shared000000@contoso.com\t%s\t%s",
                                  dsc_object_kind_to_label (DSC_OBJECT_USER),
                                  g_dgettext (GETTEXT_PACKAGE, "Quarantined"), since_text);
  g_assert_true (gtk_widget_activate_action (popover, "objects.copy-row", NULL));
  {
    g_autofree char *text = read_clipboard (list);
    g_assert_cmpstr (text, ==, expected_row);
  }

  /* The conflict's diagnosis and the object's role are on the row. */
  g_assert_cmpstr (dsc_object_row_get_diagnosis (first), ==, "Same person? Join the accounts");
  g_assert_cmpstr (dsc_object_row_get_diagnosis_text (first), ==,
                   "Advice for smtp:shared000000@contoso.com");
  g_assert_cmpstr (dsc_object_row_get_admin_url (first), ==, "");

  gtk_popover_popdown (GTK_POPOVER (popover));
  wait_idle (DSC_OBJECT_LIST (list));

  g_assert_false (gtk_widget_get_visible (popover));

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (DSC_IS_OBJECT_CELL (widget))
    {
      g_ptr_array_add (cells, widget);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_cells (c, cells);
}

static DscObjectCell *
find_cell (GtkWidget  *list,
           const char *text)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_cells (list, cells);
  for (guint i = 0; i < cells->len; i++)
    if (g_strcmp0 (dsc_object_cell_get_text (g_ptr_array_index (cells, i)), text) == 0)
      return g_ptr_array_index (cells, i);
  return NULL;
}

/* Every cell shown belongs to a row whose name has the cell's value. */
static void
assert_rows_read_their_cells (GtkWidget *list)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_cells (list, cells);
  g_assert_cmpuint (cells->len, >, 0);
  for (guint i = 0; i < cells->len; i++)
    {
      DscObjectCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *row_name = NULL;

      if (!gtk_widget_get_mapped (GTK_WIDGET (cell)))
        continue;
      row_name = dsc_object_cell_dup_row_name (cell);
      g_assert_nonnull (row_name);
      g_assert_nonnull (strstr (row_name, dsc_object_cell_get_text (cell)));
    }
}

static void
test_accessible_names (void)
{
  g_autoptr(DscReport) report = make_report (3);
  g_autoptr(GListStore) store = dsc_object_row_build_store (report, DSC_CATEGORY_OBJECT_ERRORS);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = dsc_object_list_new ();
  g_autoptr(GtkWidget) lone = g_object_ref_sink (dsc_object_cell_new ());
  g_autoptr(GDateTime) since = g_date_time_new_from_unix_local (1795000000);
  g_autofree char *since_text = g_date_time_format (since, "%Y-%m-%d");
  g_autofree char *user_row = NULL;
  g_autofree char *group_row = NULL;
  g_autofree char *name = NULL;
  DscObjectCell *cell;

  /* One cell: its value, or its column and "not set" / "none". */
  name = dsc_object_cell_compose ("Name", "Lee Gu", "not set", FALSE);
  g_assert_cmpstr (name, ==, "Lee Gu");
  g_clear_pointer (&name, g_free);
  name = dsc_object_cell_compose ("Name", "Lee Gu", "not set", TRUE);
  g_assert_cmpstr (name, ==, "Name: Lee Gu");
  g_clear_pointer (&name, g_free);
  name = dsc_object_cell_compose ("Since", "", "not set", FALSE);
  g_assert_cmpstr (name, ==, "Since: not set");
  g_clear_pointer (&name, g_free);
  name = dsc_object_cell_compose (NULL, NULL, "none", TRUE);
  g_assert_cmpstr (name, ==, "none");
  g_clear_pointer (&name, g_free);

  /* Outside a table there is no row to name. */
  g_assert_null (dsc_object_cell_dup_row_name (DSC_OBJECT_CELL (lone)));
  g_assert_cmpstr (dsc_object_cell_get_text (DSC_OBJECT_CELL (lone)), ==, "");

  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 500);
  gtk_window_present (GTK_WINDOW (window));
  dsc_object_list_set_rows (DSC_OBJECT_LIST (list), G_LIST_MODEL (store));
  wait_idle (DSC_OBJECT_LIST (list));

  /* A row is read as its values in column order; the columns shown are the
   * ones named (no on-premises DN without the scan). */
  cell = find_cell (list, "User 000000");
  g_assert_nonnull (cell);
  user_row = g_strdup_printf ("%s, User 000000, user000000@contoso.com, "
                              "smtp:shared000000@contoso.com, %s, %s, Entra: none, "
                              "ProxyAddress, %s",
                              dsc_object_kind_to_label (DSC_OBJECT_USER),
                              g_dgettext (GETTEXT_PACKAGE, "Quarantined"),
                              g_dgettext (GETTEXT_PACKAGE, "Same person? Join the accounts"),
                              since_text);
  name = dsc_object_cell_dup_row_name (cell);
  g_assert_cmpstr (name, ==, user_row);
  g_clear_pointer (&name, g_free);

  /* Empty cells say so: a group has no UPN or mail here ("none"), and the
   * object holding the value is not in error, so it has no date ("not set"). */
  cell = find_cell (list, "Group 000000");
  g_assert_nonnull (cell);
  group_row = g_strdup_printf ("%s, Group 000000, UPN / mail: none, "
                               "smtp:shared000000@contoso.com, %s, %s, Open, ProxyAddress, "
                               "Since: not set",
                               dsc_object_kind_to_label (DSC_OBJECT_GROUP),
                               g_dgettext (GETTEXT_PACKAGE, "Current holder"),
                               g_dgettext (GETTEXT_PACKAGE, "Same person? Join the accounts"));
  name = dsc_object_cell_dup_row_name (cell);
  g_assert_cmpstr (name, ==, group_row);
  g_clear_pointer (&name, g_free);
  assert_rows_read_their_cells (list);

  /* Rows are reused for other objects when sorted: each still reads its own. */
  dsc_object_list_sort_by (DSC_OBJECT_LIST (list), "name", GTK_SORT_DESCENDING);
  wait_idle (DSC_OBJECT_LIST (list));
  assert_rows_read_their_cells (list);
  cell = find_cell (list, "Group 000000");
  g_assert_nonnull (cell);
  name = dsc_object_cell_dup_row_name (cell);
  g_assert_cmpstr (name, ==, group_row);
  g_clear_pointer (&name, g_free);

  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_no_display (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_data_func ("/ui/object-list/needs-display", "No display: run under xvfb-run",
                            test_no_display);
      return g_test_run ();
    }
  /* No session bus under xvfb-run: GTK's AT-SPI bridge would warn (fatal in tests). */
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (!gtk_init_check ())
    {
      g_test_add_data_func ("/ui/object-list/needs-display", "Cannot open the display",
                            test_no_display);
      return g_test_run ();
    }
  adw_init ();

  g_test_add_func ("/ui/object-list/groups-search-sort", test_groups_search_sort);
  g_test_add_func ("/ui/object-list/context-menu", test_context_menu);
  g_test_add_func ("/ui/object-list/accessible-names", test_accessible_names);
  g_test_add_func ("/ui/object-list/hundred-thousand-rows", test_hundred_thousand_rows);

  return g_test_run ();
}
