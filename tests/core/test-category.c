/* test-category.c — the category catalogue and the tile table are complete:
 * every category has every field, every tile opens exactly one category, every
 * tile is filled by exactly one health rule, and the stable names round-trip. */
#include "config.h"

#include <string.h>
#include <glib.h>
#include <json-glib/json-glib.h>

#include "dsc-category.h"
#include "dsc-health-private.h"

static void
assert_text (const char *text)
{
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), >, 0);
}

/* A new enum value without its row in the catalogue fails here: the row
 * would be all zeros (NULL strings, id 0). */
static void
test_category_table_complete (void)
{
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryInfo *info = dsc_category_get_info ((DscCategoryId) i);
      guint n_steps = 0, n_links = 0;

      g_test_message ("category %u", i);
      g_assert_nonnull (info);
      g_assert_cmpint (info->id, ==, i);
      assert_text (info->name);
      assert_text (info->icon_name);
      g_assert_true (g_str_has_suffix (info->icon_name, "-symbolic"));
      assert_text (info->short_title);
      assert_text (info->title);
      assert_text (info->summary);
      assert_text (info->explanation);
      assert_text (info->why);
      assert_text (info->permission);
      g_assert_nonnull (info->fix_steps);
      for (; info->fix_steps[n_steps].text != NULL; n_steps++)
        {
          const char *command = info->fix_steps[n_steps].command;

          assert_text (info->fix_steps[n_steps].text);
          /* A command is code on one line, never prose: no line break, no
           * sentence end. */
          g_assert_true (command == NULL
                         || (*command != '\0' && strchr (command, '\n') == NULL
                             && !g_str_has_suffix (command, ".")));
        }
      g_assert_cmpuint (n_steps, >=, 2);
      g_assert_nonnull (info->links);
      for (; info->links[n_links].label != NULL; n_links++)
        g_assert_true (g_str_has_prefix (info->links[n_links].uri, "https://"));
      g_assert_cmpuint (n_links, >=, 3);
      /* Notification wording: both levels or neither (then "<title> needs
       * attention"); a plural pair needs both forms and a fallback. */
      g_assert_true ((info->notify_warning == NULL) == (info->notify_error == NULL));
      g_assert_true ((info->notify_count[0] == NULL) == (info->notify_count[1] == NULL));
      if (info->notify_count[0] != NULL)
        {
          g_assert_nonnull (strstr (info->notify_count[0], "%u"));
          g_assert_nonnull (strstr (info->notify_count[1], "%u"));
          g_assert_nonnull (info->notify_warning);
        }

      assert_text (dsc_category_get_short_title (info->id));
      g_assert_cmpstr (dsc_category_get_icon_name (info->id), ==, info->icon_name);
    }
}

/* Wording by state (issue 18): an OK pane never reads like an alarm. Every
 * category has its OK, warning, error and unknown title and sentence, and
 * the OK ones are not the problem statement or the problem sentences. */
static void
test_category_state_wording (void)
{
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const DscCategoryInfo *info = dsc_category_get_info ((DscCategoryId) i);
      const char *ok_title = dsc_category_get_state_title (i, DSC_STATUS_OK);
      const char *ok_text = dsc_category_get_state_text (i, DSC_STATUS_OK);

      g_test_message ("category %s", info->name);
      assert_text (info->ok_title);
      assert_text (info->ok_text);
      assert_text (info->warning_text);
      assert_text (info->error_text);
      assert_text (info->unknown_title);
      assert_text (info->unknown_text);
      g_assert_cmpstr (ok_title, ==, info->ok_title);
      g_assert_cmpstr (ok_text, ==, info->ok_text);
      /* INFO never colours a pane: it reads as OK. */
      g_assert_cmpstr (dsc_category_get_state_title (i, DSC_STATUS_INFO), ==, ok_title);
      if (info->informational)
        continue;
      for (DscStatus s = DSC_STATUS_WARNING; s <= DSC_STATUS_UNKNOWN; s++)
        {
          g_assert_cmpstr (dsc_category_get_state_title (i, s), !=, ok_title);
          g_assert_cmpstr (dsc_category_get_state_text (i, s), !=, ok_text);
        }
      /* The problem statement and the old problem summary are for bad states only. */
      g_assert_cmpstr (ok_title, !=, info->title);
      g_assert_cmpstr (ok_text, !=, info->summary);
      g_assert_cmpstr (dsc_category_get_state_title (i, DSC_STATUS_ERROR), !=,
                       dsc_category_get_state_title (i, DSC_STATUS_UNKNOWN));
    }
}

static void
test_category_names (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  DscCategoryId id;

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      const char *name = dsc_category_to_string ((DscCategoryId) i);

      g_assert_true (g_hash_table_add (seen, (gpointer) name));
      g_assert_true (dsc_category_from_string (name, &id));
      g_assert_cmpint (id, ==, i);
    }
  /* The names are an interface (report JSON, schema, settings keys). */
  g_assert_cmpstr (dsc_category_to_string (DSC_CATEGORY_OBJECT_ERRORS), ==, "object-errors");
  g_assert_cmpstr (dsc_category_to_string (DSC_CATEGORY_ATTRIBUTES), ==, "attributes");
  g_assert_cmpstr (dsc_category_to_string (DSC_N_CATEGORIES), ==, "unknown");
  g_assert_false (dsc_category_from_string ("no-such-category", &id));
  g_assert_false (dsc_category_from_string (NULL, &id));
  g_assert_cmpstr (dsc_category_get_short_title (DSC_N_CATEGORIES), ==, "");
  g_assert_cmpstr (dsc_category_get_icon_name (DSC_N_CATEGORIES), ==,
                   "dialog-question-symbolic");
}

static void
test_tile_table (void)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) categories = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTileInfo *tile = dsc_tile_get_info ((DscTileId) i);

      g_assert_nonnull (tile);
      g_assert_cmpint (tile->id, ==, i);
      assert_text (tile->name);
      assert_text (tile->icon_name);
      g_assert_cmpstr (dsc_tile_to_string (tile->id), ==, tile->name);
      g_assert_true (g_hash_table_add (names, (gpointer) tile->name));
      /* Exactly one category, a real one, and no two tiles open the same pane. */
      g_assert_cmpuint (tile->category, <, DSC_N_CATEGORIES);
      g_assert_cmpint (dsc_tile_get_category (tile->id), ==, tile->category);
      g_assert_true (g_hash_table_add (categories, GUINT_TO_POINTER (tile->category)));
    }
  g_assert_cmpstr (dsc_tile_to_string (DSC_N_TILES), ==, "unknown");
  g_assert_cmpint (dsc_tile_get_category (DSC_TILE_SYNC_ENABLED), ==, DSC_CATEGORY_CANT_MANAGE);
  g_assert_cmpint (dsc_tile_get_category (DSC_TILE_SYNC_ERRORS), ==,
                   DSC_CATEGORY_OBJECT_ERRORS);
}

/* Every tile is filled by exactly one rule; rule names are unique. */
static void
test_rule_table (void)
{
  guint n_rules = 0;
  const DscHealthRule *rules = dsc_health_get_rules (&n_rules);
  guint fills[DSC_N_TILES] = { 0 };
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpuint (n_rules, >, 0);
  for (guint i = 0; i < n_rules; i++)
    {
      assert_text (rules[i].name);
      g_assert_nonnull (rules[i].evaluate);
      g_assert_true (g_hash_table_add (names, (gpointer) rules[i].name));
      if (rules[i].tile != DSC_TILE_NONE)
        {
          g_assert_cmpuint (rules[i].tile, <, DSC_N_TILES);
          fills[rules[i].tile]++;
        }
    }
  for (guint t = 0; t < DSC_N_TILES; t++)
    g_assert_cmpuint (fills[t], ==, 1);
}

static void
test_notify_wording (void)
{
  g_autofree char *late = dsc_category_dup_notify_title (DSC_CATEGORY_NO_RECENT_SYNC,
                                                          DSC_STATUS_WARNING, 0);
  g_autofree char *stopped = dsc_category_dup_notify_title (DSC_CATEGORY_NO_RECENT_SYNC,
                                                             DSC_STATUS_ERROR, 0);
  g_autofree char *one = dsc_category_dup_notify_title (DSC_CATEGORY_OBJECT_ERRORS,
                                                         DSC_STATUS_WARNING, 1);
  g_autofree char *many = dsc_category_dup_notify_title (DSC_CATEGORY_OBJECT_ERRORS,
                                                          DSC_STATUS_ERROR, 23);
  g_autofree char *none = dsc_category_dup_notify_title (DSC_CATEGORY_OBJECT_ERRORS,
                                                          DSC_STATUS_ERROR, 0);
  g_autofree char *generic = dsc_category_dup_notify_title (DSC_CATEGORY_DOMAINS,
                                                             DSC_STATUS_ERROR, 4);

  g_assert_cmpstr (late, ==, "Directory sync is running late");
  g_assert_cmpstr (stopped, ==, "Directory sync has stopped");
  g_assert_cmpstr (one, ==, "Sync errors: 1 object not syncing");
  g_assert_cmpstr (many, ==, "Sync errors: 23 objects not syncing");
  g_assert_cmpstr (none, ==, "Sync errors need attention");
  g_assert_cmpstr (generic, ==, "Domains and UPN suffixes needs attention");

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      g_autofree char *w = dsc_category_dup_notify_title ((DscCategoryId) i,
                                                           DSC_STATUS_WARNING, 0);
      g_autofree char *e = dsc_category_dup_notify_title ((DscCategoryId) i,
                                                           DSC_STATUS_ERROR, 2);

      assert_text (w);
      assert_text (e);
    }
}

static void
assert_enum_matches (JsonObject *defs, const char *const *path, const char *(*name) (guint),
                     guint n)
{
  JsonObject *object = defs;
  JsonArray *values;

  for (guint i = 0; path[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (object, path[i]));
      object = json_object_get_object_member (object, path[i]);
    }
  values = json_object_get_array_member (object, "enum");
  g_assert_cmpuint (json_array_get_length (values), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (json_array_get_string_element (values, i), ==, name (i));
}

static const char *
category_name (guint i)
{
  return dsc_category_to_string ((DscCategoryId) i);
}

static const char *
tile_name (guint i)
{
  return dsc_tile_to_string ((DscTileId) i);
}

/* The report schema lists the same names in the same order, so a category or
 * tile added to the enum but not to data/report.schema.json fails here. */
static void
test_schema_names (void)
{
  const char *datadir = g_getenv ("DSC_DATADIR");
  g_autofree char *path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *defs;
  static const char *const category_path[] = { "categoryId", NULL };
  static const char *const tile_path[] = { "tile", "properties", "id", NULL };

  if (datadir == NULL)
    {
      g_test_skip ("DSC_DATADIR is not set");
      return;
    }
  path = g_build_filename (datadir, "report.schema.json", NULL);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  defs = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "$defs");
  g_assert_nonnull (defs);
  assert_enum_matches (defs, category_path, category_name, DSC_N_CATEGORIES);
  assert_enum_matches (defs, tile_path, tile_name, DSC_N_TILES);
}

/* A step keeps its command apart from its prose, and gives both back. */
static void
test_fix_step (void)
{
  g_autofree char *plain_only = dsc_fix_step_new ("Open the admin center.", NULL);
  g_autofree char *with = dsc_fix_step_new ("Start a sync:", "Start-ADSyncSyncCycle -PolicyType Delta");
  g_autofree char *text = dsc_fix_step_dup_text (with);
  g_autofree char *plain = dsc_fix_step_dup_plain (with);
  g_autofree char *text_only = dsc_fix_step_dup_text (plain_only);
  g_autofree char *empty = dsc_fix_step_new ("Nothing to type.", "");

  g_assert_cmpstr (plain_only, ==, "Open the admin center.");
  g_assert_null (dsc_fix_step_get_command (plain_only));
  g_assert_cmpstr (text_only, ==, "Open the admin center.");
  g_assert_cmpstr (text, ==, "Start a sync:");
  g_assert_cmpstr (dsc_fix_step_get_command (with), ==, "Start-ADSyncSyncCycle -PolicyType Delta");
  g_assert_cmpstr (plain, ==, "Start a sync: Start-ADSyncSyncCycle -PolicyType Delta");
  g_assert_null (dsc_fix_step_get_command (empty));

  /* The catalogue's commands survive translation lookup untouched; supported
   * tools come first: the sync-errors steps name Get-ADObject and the scan
   * before IdFix, which is only history. */
  {
    g_auto(GStrv) steps = dsc_category_dup_fix_steps (DSC_CATEGORY_OBJECT_ERRORS);
    gint get_adobject = -1, scan = -1, idfix = -1;

    for (guint i = 0; steps[i] != NULL; i++)
      {
        const char *command = dsc_fix_step_get_command (steps[i]);

        if (command != NULL && g_str_has_prefix (command, "Get-ADObject "))
          get_adobject = i;
        if (g_strcmp0 (command, "dirsync-companion --scan") == 0)
          scan = i;
        if (strstr (steps[i], "IdFix") != NULL)
          {
            idfix = i;
            g_assert_nonnull (strstr (steps[i], "retired"));
          }
      }
    g_assert_cmpint (get_adobject, >=, 0);
    g_assert_cmpint (scan, >=, 0);
    g_assert_cmpint (idfix, >=, scan);
  }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/category/table-complete", test_category_table_complete);
  g_test_add_func ("/core/category/fix-step-command", test_fix_step);
  g_test_add_func ("/core/category/state-wording", test_category_state_wording);
  g_test_add_func ("/core/category/names", test_category_names);
  g_test_add_func ("/core/category/notify-wording", test_notify_wording);
  g_test_add_func ("/core/category/tiles", test_tile_table);
  g_test_add_func ("/core/category/schema-names", test_schema_names);
  g_test_add_func ("/core/health/rule-table", test_rule_table);

  return g_test_run ();
}
