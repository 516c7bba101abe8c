/* dsc-fake-scenario.c — loading and generating fake tenant scenarios.
 *
 * The scenario file format is documented in docs/scenarios.md. In short: one
 * JSON object with "tenant", "domains", "sync", "quota",
 * "onPremisesSynchronization", "syncAccounts", "syncApps", "serviceHealth",
 * "users", "groups", "contacts" and "denied"; times are offsets from the
 * moment of loading ("lastSyncMinutesAgo"); "base" names another built-in
 * scenario to start from (objects merge member by member, everything else is
 * replaced). "large" is generated here rather than read from a file.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-fake"

#include <string.h>

#include "dsc-fake-json.h"
#include "dsc-fake-scenario.h"
#include "dsc-fake-resources.h"

#define RESOURCE_PREFIX "/io/github/DirSyncCompanion/scenarios/"
#define MAX_BASE_DEPTH 4

#define LARGE_DEFAULT_OBJECTS 100000
#define LARGE_DEFAULT_ERRORS 5000
#define LARGE_MAX_OBJECTS 1000000

typedef struct {
  guint32 object;
  guint32 next;   /* link index + 1, 0 = end */
} DscFakeChainLink;

static const char * const builtin_names[] = {
  "healthy",
  "stale-sync",
  "stale-password-sync",
  "sync-errors",
  "quota-near-limit",
  "old-connect-version",
  "sync-disabled",
  "not-global-admin",
  "cloud-sync-healthy",
  "cloud-sync-quarantine",
  "cloud-sync-agent-inactive",
  "cloud-sync-escrows-rising",
  "mixed",
  "large",
  NULL
};

/* The ids of docs/graph-calls.md, so "denied" can name them. */
static const char * const call_ids[] = {
  "org", "domains", "syncAccounts", "syncApps", "health", "issues",
  "users", "groups", "contacts", "orgBeta", "sync", "cloudSyncConfigs", "cloudSyncJobs",
  "cloudSyncAgents", "cloudSyncLog", NULL
};

static const char *kind_names[DSC_FAKE_N_KINDS] = { "user", "group", "contact" };

const char * const *
dsc_fake_scenario_list_builtin (void)
{
  return builtin_names;
}

/* ---- lifetime ----------------------------------------------------------- */

static guint
ascii_caseless_hash (gconstpointer key)
{
  const char *p = key;
  guint32 hash = 5381;

  for (; *p; p++)
    hash = (hash << 5) + hash + (guchar) g_ascii_tolower (*p);
  return hash;
}

static gboolean
ascii_caseless_equal (gconstpointer a,
                      gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

static DscFakeScenario *
scenario_new (const char *name)
{
  DscFakeScenario *sc = g_atomic_rc_box_new0 (DscFakeScenario);
  guint k;

  sc->name = g_strdup (name);
  sc->loaded_at = g_get_real_time () / G_USEC_PER_SEC;
  sc->sync_enabled = -1;
  sc->last_sync_ago = -1;
  sc->last_password_sync_ago = -1;
  sc->sync_accounts = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->denied = g_hash_table_new (g_str_hash, g_str_equal);
  sc->strings = g_string_chunk_new (64 * 1024);
  sc->objects = g_array_new (FALSE, FALSE, sizeof (DscFakeObject));
  sc->proxies = g_ptr_array_new ();
  sc->errors = g_array_new (FALSE, FALSE, sizeof (DscFakeProvError));
  for (k = 0; k < DSC_FAKE_N_KINDS; k++)
    sc->in_error[k] = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->id_index = g_hash_table_new (ascii_caseless_hash, ascii_caseless_equal);
  sc->upn_index = g_hash_table_new (ascii_caseless_hash, ascii_caseless_equal);
  sc->proxy_index = g_hash_table_new (ascii_caseless_hash, ascii_caseless_equal);
  sc->chain = g_array_new (FALSE, FALSE, sizeof (DscFakeChainLink));
  return sc;
}

static void
scenario_clear (gpointer data)
{
  DscFakeScenario *sc = data;
  guint k;

  g_free (sc->name);
  g_clear_pointer (&sc->root, json_node_unref);
  g_clear_pointer (&sc->sync_accounts, g_array_unref);
  g_clear_pointer (&sc->denied, g_hash_table_unref);
  g_clear_pointer (&sc->strings, g_string_chunk_free);
  g_clear_pointer (&sc->objects, g_array_unref);
  g_clear_pointer (&sc->proxies, g_ptr_array_unref);
  g_clear_pointer (&sc->errors, g_array_unref);
  for (k = 0; k < DSC_FAKE_N_KINDS; k++)
    g_clear_pointer (&sc->in_error[k], g_array_unref);
  g_clear_pointer (&sc->id_index, g_hash_table_unref);
  g_clear_pointer (&sc->upn_index, g_hash_table_unref);
  g_clear_pointer (&sc->proxy_index, g_hash_table_unref);
  g_clear_pointer (&sc->chain, g_array_unref);
}

DscFakeScenario *
dsc_fake_scenario_ref (DscFakeScenario *scenario)
{
  return g_atomic_rc_box_acquire (scenario);
}

void
dsc_fake_scenario_unref (DscFakeScenario *scenario)
{
  g_atomic_rc_box_release_full (scenario, scenario_clear);
}

/* ---- times -------------------------------------------------------------- */

gint64
dsc_fake_scenario_time_ago (const DscFakeScenario *scenario,
                            gint64                 ago)
{
  return scenario->loaded_at - ago;
}

/* The last cycle boundary at or before @now, counting from @anchor. */
static gint64
cycled (gint64 anchor,
        gint64 now,
        guint  cycle)
{
  if (cycle == 0 || now <= anchor)
    return anchor;
  return anchor + ((now - anchor) / cycle) * cycle;
}

gint64
dsc_fake_scenario_last_sync (const DscFakeScenario *scenario,
                             gint64                 now,
                             gboolean               live)
{
  gint64 anchor;

  if (scenario->last_sync_ago < 0)
    return -1;
  anchor = scenario->loaded_at - scenario->last_sync_ago;
  return live ? cycled (anchor, now, scenario->sync_cycle) : anchor;
}

gint64
dsc_fake_scenario_last_password_sync (const DscFakeScenario *scenario,
                                      gint64                 now,
                                      gboolean               live)
{
  gint64 anchor;

  if (scenario->last_password_sync_ago < 0)
    return -1;
  anchor = scenario->loaded_at - scenario->last_password_sync_ago;
  return live ? cycled (anchor, now, scenario->password_sync_cycle) : anchor;
}

gboolean
dsc_fake_scenario_is_denied (const DscFakeScenario *scenario,
                             const char            *call_id)
{
  return g_hash_table_contains (scenario->denied, call_id);
}

/* ---- objects and indexes ------------------------------------------------ */

static const char *
keep (DscFakeScenario *sc,
      const char      *s)
{
  return s != NULL ? g_string_chunk_insert (sc->strings, s) : NULL;
}

static const char *
random_id (DscFakeScenario *sc,
           GRand           *rand)
{
  guint32 a = g_rand_int (rand), b = g_rand_int (rand);
  guint32 c = g_rand_int (rand), d = g_rand_int (rand);
  char buf[40];

  /* Version 4 layout, like the GUIDs Entra hands out. */
  g_snprintf (buf, sizeof buf, "%08x-%04x-4%03x-%04x-%04x%08x",
              a, b >> 16, b & 0xfff, (c >> 16 & 0x3fff) | 0x8000, c & 0xffff, d);
  return g_string_chunk_insert (sc->strings, buf);
}

void
dsc_fake_scenario_derive_id (const DscFakeScenario *scenario,
                             const char            *key,
                             char                   out[37])
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  g_autofree char *lower = g_ascii_strdown (key, -1);
  guint8 d[20];
  gsize len = sizeof d;

  g_checksum_update (sum, (const guchar *) (scenario->tenant_id ? scenario->tenant_id : ""), -1);
  g_checksum_update (sum, (const guchar *) "/", 1);
  g_checksum_update (sum, (const guchar *) lower, -1);
  g_checksum_get_digest (sum, d, &len);

  /* Name-based (version 5) layout. */
  d[6] = (d[6] & 0x0f) | 0x50;
  d[8] = (d[8] & 0x3f) | 0x80;
  g_snprintf (out, 37,
              "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7],
              d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15]);
}

/* Stable ids for hand-written scenarios: the same person keeps the same id
 * across scenarios, which the app's history relies on. */
static const char *
derived_id (DscFakeScenario *sc,
            const char      *key,
            guint            occurrence)
{
  g_autofree char *full = g_strdup_printf ("%s/%u", key, occurrence);
  char buf[37];

  dsc_fake_scenario_derive_id (sc, full, buf);
  return g_string_chunk_insert (sc->strings, buf);
}

static DscFakeObject *
add_object (DscFakeScenario *sc,
            DscFakeKind      kind,
            const char      *id,
            const char      *display_name,
            const char      *upn,
            const char      *mail,
            JsonObject      *extra,
            gint8            sync_enabled,
            guint8           flags)
{
  DscFakeObject obj = { 0 };

  obj.id = id;
  obj.display_name = display_name;
  obj.upn = upn;
  obj.mail = mail;
  obj.extra = extra;
  obj.kind = kind;
  obj.sync_enabled = sync_enabled;
  obj.flags = flags;
  obj.proxy_first = sc->proxies->len;
  obj.error_first = sc->errors->len;
  g_array_append_val (sc->objects, obj);

  if (sc->count[kind] == 0)
    sc->first[kind] = sc->objects->len - 1;
  sc->count[kind]++;

  return &g_array_index (sc->objects, DscFakeObject, sc->objects->len - 1);
}

static DscFakeObject *
last_object (DscFakeScenario *sc)
{
  return &g_array_index (sc->objects, DscFakeObject, sc->objects->len - 1);
}

static void
add_proxy (DscFakeScenario *sc,
           const char      *kept_proxy)
{
  DscFakeObject *obj = last_object (sc);

  if (obj->n_proxies == G_MAXUINT16)
    return;
  g_ptr_array_add (sc->proxies, (gpointer) kept_proxy);
  obj->n_proxies++;
}

static void
add_error (DscFakeScenario *sc,
           const char      *property,
           const char      *kept_value,
           gint64           occurred_ago)
{
  DscFakeObject *obj = last_object (sc);
  DscFakeProvError err = { property, kept_value, occurred_ago };

  if (obj->n_errors == G_MAXUINT16)
    return;
  g_array_append_val (sc->errors, err);
  obj->n_errors++;
}

static void
index_add (DscFakeScenario *sc,
           GHashTable      *index,
           const char      *key,
           guint32          object)
{
  DscFakeChainLink link = { object, 0 };
  gpointer head = NULL;

  if (g_hash_table_lookup_extended (index, key, NULL, &head))
    link.next = GPOINTER_TO_UINT (head);
  g_array_append_val (sc->chain, link);
  g_hash_table_insert (index, (gpointer) key, GUINT_TO_POINTER (sc->chain->len));
}

static void
build_indexes (DscFakeScenario *sc)
{
  guint i, j;

  for (i = 0; i < sc->objects->len; i++)
    {
      const DscFakeObject *obj = dsc_fake_scenario_object (sc, i);

      g_hash_table_insert (sc->id_index, (gpointer) obj->id, GUINT_TO_POINTER (i + 1));
      if (obj->upn != NULL)
        index_add (sc, sc->upn_index, obj->upn, i);
      for (j = 0; j < obj->n_proxies; j++)
        index_add (sc, sc->proxy_index, g_ptr_array_index (sc->proxies, obj->proxy_first + j), i);
      if (obj->n_errors > 0)
        {
          guint32 idx = i;

          g_array_append_val (sc->in_error[obj->kind], idx);
        }
    }
}

static gint
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static void
find_in (const DscFakeScenario *sc,
         GHashTable            *index,
         const char            *value,
         DscFakeKind            kind,
         GArray                *out)
{
  guint start = out->len;
  guint link_ref = GPOINTER_TO_UINT (g_hash_table_lookup (index, value));
  guint i;

  while (link_ref != 0)
    {
      const DscFakeChainLink *link = &g_array_index (sc->chain, DscFakeChainLink, link_ref - 1);

      if (dsc_fake_scenario_object (sc, link->object)->kind == kind)
        g_array_append_val (out, link->object);
      link_ref = link->next;
    }

  if (out->len - start > 1)
    {
      /* Chains run newest first; answer in directory order, without the
       * duplicates "SMTP:a" + "smtp:a" on one object would give. */
      guint32 *items = &g_array_index (out, guint32, start);
      guint n = out->len - start, kept = 1;

      qsort (items, n, sizeof (guint32), compare_guint32);
      for (i = 1; i < n; i++)
        if (items[i] != items[kept - 1])
          items[kept++] = items[i];
      g_array_set_size (out, start + kept);
    }
}

void
dsc_fake_scenario_find_upn (const DscFakeScenario *scenario,
                            const char            *value,
                            DscFakeKind            kind,
                            GArray                *out)
{
  find_in (scenario, scenario->upn_index, value, kind, out);
}

void
dsc_fake_scenario_find_proxy (const DscFakeScenario *scenario,
                              const char            *value,
                              DscFakeKind            kind,
                              GArray                *out)
{
  find_in (scenario, scenario->proxy_index, value, kind, out);
}

int
dsc_fake_scenario_find_object (const DscFakeScenario *scenario,
                               DscFakeKind            kind,
                               const char            *key)
{
  guint ref = GPOINTER_TO_UINT (g_hash_table_lookup (scenario->id_index, key));
  g_autoptr(GArray) found = NULL;

  if (ref != 0 && dsc_fake_scenario_object (scenario, ref - 1)->kind == kind)
    return (int) ref - 1;

  if (kind != DSC_FAKE_USER)
    return -1;

  found = g_array_new (FALSE, FALSE, sizeof (guint32));
  dsc_fake_scenario_find_upn (scenario, key, kind, found);
  return found->len > 0 ? (int) g_array_index (found, guint32, 0) : -1;
}

/* ---- reading scenario JSON ---------------------------------------------- */

static gboolean
is_builtin (const char *name)
{
  return g_strv_contains (builtin_names, name);
}

static gboolean
is_path (const char *name)
{
  return strchr (name, '/') != NULL || strchr (name, '\\') != NULL
         || g_str_has_suffix (name, ".json");
}

static GBytes *
scenario_bytes (const char  *name,
                GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (is_path (name))
    {
      if (!g_file_get_contents (name, &contents, &len, error))
        return NULL;
      return g_bytes_new_take (g_steal_pointer (&contents), len);
    }

  if (!is_builtin (name) || g_str_equal (name, "large"))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) builtin_names);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "Unknown scenario “%s” (known: %s, large:objects=N,errors=M, "
                   "or a .json file)",
                   name, known);
      return NULL;
    }

  /* Going through the generated dsc_fake_get_resource() (rather than the global
   * registry) keeps its object file, and so the data, in every program that
   * links the static library. */
  path = g_strconcat (RESOURCE_PREFIX, name, ".json", NULL);
  return g_resource_lookup_data (dsc_fake_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

/* Objects merge member by member; anything else in @over replaces @base. */
static JsonNode *
merge_nodes (JsonNode *base,
             JsonNode *over)
{
  JsonObject *result;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (base) || !JSON_NODE_HOLDS_OBJECT (over))
    return json_node_copy (over);

  result = json_object_new ();
  json_object_iter_init_ordered (&iter, json_node_get_object (base));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    if (!g_str_equal (name, "base"))
      json_object_set_member (result, name, json_node_copy (member));

  json_object_iter_init_ordered (&iter, json_node_get_object (over));
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      JsonNode *existing;

      if (g_str_equal (name, "base"))
        continue;
      existing = json_object_get_member (result, name);
      if (existing != NULL)
        json_object_set_member (result, name, merge_nodes (existing, member));
      else
        json_object_set_member (result, name, json_node_copy (member));
    }

  node = json_node_init_object (json_node_alloc (), result);
  json_object_unref (result);
  return node;
}

static JsonNode *
load_tree (const char  *name,
           guint        depth,
           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) base_tree = NULL;
  const char *base;
  gsize len = 0;
  const char *data;

  if (depth > MAX_BASE_DEPTH)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Scenario “%s”: \"base\" chain is too deep (a loop?)", name);
      return NULL;
    }

  bytes = scenario_bytes (name, error);
  if (bytes == NULL)
    return NULL;

  parser = json_parser_new ();
  data = g_bytes_get_data (bytes, &len);
  if (!json_parser_load_from_data (parser, data, (gssize) len, error))
    {
      g_prefix_error (error, "Scenario “%s”: ", name);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "Scenario “%s”: the top level must be a JSON object", name);
      return NULL;
    }

  base = dsc_fake_json_member_string (json_node_get_object (root), "base");
  if (base == NULL)
    return g_steal_pointer (&root);

  base_tree = load_tree (base, depth + 1, error);
  if (base_tree == NULL)
    {
      g_prefix_error (error, "Scenario “%s”: ", name);
      return NULL;
    }
  return merge_nodes (base_tree, root);
}

/* Field readers: absent → default; JSON null → "null" (NULL / -1); a wrong
 * type is an error naming the field, so a typo in a scenario is obvious. */

static gboolean
bad_field (GError     **error,
           const char  *where,
           const char  *name,
           const char  *expected)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "%s.%s must be %s", where, name, expected);
  return FALSE;
}

static gboolean
opt_string (JsonObject  *o,
            const char  *name,
            const char  *def,
            const char **out,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    *out = def;
  else if (JSON_NODE_HOLDS_NULL (node))
    *out = NULL;
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    *out = json_node_get_string (node);
  else
    return bad_field (error, where, name, "a string or null");
  return TRUE;
}

static gboolean
opt_tristate (JsonObject  *o,
              const char  *name,
              gint8        def,
              gint8       *out,
              const char  *where,
              GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    *out = def;
  else if (JSON_NODE_HOLDS_NULL (node))
    *out = -1;
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    *out = json_node_get_boolean (node) ? 1 : 0;
  else
    return bad_field (error, where, name, "true, false or null");
  return TRUE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* A non-negative number; null gives -1. */
static gboolean
opt_number (JsonObject  *o,
            const char  *name,
            double       def,
            double      *out,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL)
    *out = def;
  else if (JSON_NODE_HOLDS_NULL (node))
    *out = -1;
  else if (is_number (node) && json_node_get_double (node) >= 0
           && json_node_get_double (node) < 1e12)
    *out = json_node_get_double (node);
  else
    return bad_field (error, where, name, "a non-negative number or null");
  return TRUE;
}

/* Absent → *present FALSE; null → present, NULL. */
static gboolean
opt_array (JsonObject  *o,
           const char  *name,
           JsonArray  **out,
           gboolean    *present,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  *present = node != NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_field (error, where, name, "an array or null");
  *out = json_node_get_array (node);
  return TRUE;
}

static gboolean
opt_object (JsonObject  *o,
            const char  *name,
            JsonObject **out,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_field (error, where, name, "an object or null");
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
array_of_objects (JsonArray   *array,
                  const char  *where,
                  GError     **error)
{
  guint i;

  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s[%u] must be an object", where, i);
        return FALSE;
      }
  return TRUE;
}

static gint64
minutes_to_seconds (double minutes)
{
  return minutes < 0 ? -1 : (gint64) (minutes * 60.0 + 0.5);
}

static gboolean
feature_enabled (DscFakeScenario *sc,
                 const char      *feature)
{
  JsonObject *features = dsc_fake_json_member_object (sc->on_premises_sync, "features");

  return dsc_fake_json_member_bool (features, feature, FALSE);
}

/* "cloudSync": {"licensed", "configurations", "agents", "provisioningLog"}.
 * Absent: the tenant has no Cloud Sync (the template filter answers []). */
static gboolean
load_cloud_sync (DscFakeScenario  *sc,
                 JsonObject       *root,
                 GError          **error)
{
  JsonObject *cloud = NULL;
  gboolean present = FALSE;
  guint i;

  sc->cloud_log_licensed = TRUE;
  if (!opt_object (root, "cloudSync", &cloud, "scenario", error))
    return FALSE;
  if (cloud == NULL)
    return TRUE;
  sc->cloud_log_licensed = dsc_fake_json_member_bool (cloud, "licensed", TRUE);
  if (!opt_array (cloud, "configurations", &sc->cloud_configs, &present, "cloudSync", error)
      || !array_of_objects (sc->cloud_configs, "cloudSync.configurations", error)
      || !opt_array (cloud, "agents", &sc->cloud_agents, &present, "cloudSync", error)
      || !array_of_objects (sc->cloud_agents, "cloudSync.agents", error)
      || !opt_array (cloud, "provisioningLog", &sc->cloud_log, &present, "cloudSync", error)
      || !array_of_objects (sc->cloud_log, "cloudSync.provisioningLog", error))
    return FALSE;
  for (i = 0; sc->cloud_configs != NULL && i < json_array_get_length (sc->cloud_configs); i++)
    {
      JsonObject *config = json_array_get_object_element (sc->cloud_configs, i);
      const char *name = NULL;
      JsonArray *jobs = NULL;

      if (!opt_string (config, "displayName", NULL, &name, "cloudSync.configurations[]", error)
          || !opt_array (config, "jobs", &jobs, &present, "cloudSync.configurations[]", error)
          || !array_of_objects (jobs, "cloudSync.configurations[].jobs", error))
        return FALSE;
      if (name == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "cloudSync.configurations[%u].displayName is required", i);
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything but the directory objects. */
static gboolean
load_common (DscFakeScenario  *sc,
             JsonObject       *root,
             GError          **error)
{
  JsonObject *tenant = NULL, *sync = NULL, *quota = NULL, *health = NULL;
  JsonArray *denied = NULL;
  gboolean present = FALSE;
  double last_sync = -1, last_pwd = -1, cycle = 30, pwd_cycle = 2, used = 0, total = 0;
  guint i;

  if (!opt_object (root, "tenant", &tenant, "scenario", error))
    return FALSE;
  if (tenant == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "scenario.tenant is required");
      return FALSE;
    }
  sc->tenant = tenant;
  if (!opt_string (tenant, "id", NULL, &sc->tenant_id, "tenant", error)
      || !opt_string (tenant, "displayName", NULL, &sc->display_name, "tenant", error)
      || !opt_string (tenant, "onPremisesDomainName", "corp.contoso.com",
                      &sc->on_premises_domain, "tenant", error)
      || !opt_string (tenant, "signedInUser", NULL, &sc->signed_in_user, "tenant", error)
      || !opt_string (tenant, "globalAdministrator", sc->signed_in_user, &sc->global_admin,
                      "tenant", error))
    return FALSE;
  if (sc->tenant_id == NULL || sc->display_name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "tenant.id and tenant.displayName are required");
      return FALSE;
    }

  if (!opt_array (root, "domains", &sc->domains, &present, "scenario", error)
      || !array_of_objects (sc->domains, "domains", error))
    return FALSE;
  for (i = 0; sc->domains != NULL && i < json_array_get_length (sc->domains); i++)
    {
      JsonObject *domain = json_array_get_object_element (sc->domains, i);
      const char *id = NULL;

      if (!opt_string (domain, "id", NULL, &id, "domains[]", error))
        return FALSE;
      if (id == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "domains[%u].id is required", i);
          return FALSE;
        }
      if (sc->initial_domain == NULL
          || dsc_fake_json_member_bool (domain, "isInitial", FALSE))
        sc->initial_domain = id;
    }
  if (sc->initial_domain == NULL)
    sc->initial_domain = "contoso.onmicrosoft.com";

  if (!opt_object (root, "sync", &sync, "scenario", error))
    return FALSE;
  if (sync != NULL)
    {
      if (!opt_tristate (sync, "enabled", -1, &sc->sync_enabled, "sync", error)
          || !opt_number (sync, "lastSyncMinutesAgo", -1, &last_sync, "sync", error)
          || !opt_number (sync, "lastPasswordSyncMinutesAgo", -1, &last_pwd, "sync", error)
          || !opt_number (sync, "cycleMinutes", 30, &cycle, "sync", error)
          || !opt_number (sync, "passwordCycleMinutes", 2, &pwd_cycle, "sync", error))
        return FALSE;
    }
  sc->last_sync_ago = minutes_to_seconds (last_sync);
  sc->last_password_sync_ago = minutes_to_seconds (last_pwd);

  if (!opt_object (root, "onPremisesSynchronization", &sc->on_premises_sync, "scenario", error))
    return FALSE;

  /* Live mode only keeps a sync going that is going now: a stale scenario
   * must stay stale however long the demo runs. */
  if (sc->sync_enabled == 1 && sc->last_sync_ago >= 0 && cycle > 0
      && sc->last_sync_ago <= minutes_to_seconds (2 * cycle))
    sc->sync_cycle = (guint) minutes_to_seconds (cycle);
  if (sc->sync_enabled == 1 && sc->last_password_sync_ago >= 0 && pwd_cycle > 0
      && sc->last_password_sync_ago <= minutes_to_seconds (2 * pwd_cycle)
      && (sc->on_premises_sync == NULL || feature_enabled (sc, "passwordSyncEnabled")))
    sc->password_sync_cycle = (guint) minutes_to_seconds (pwd_cycle);

  if (!opt_object (root, "quota", &quota, "scenario", error))
    return FALSE;
  if (quota != NULL)
    {
      if (!opt_number (quota, "used", 0, &used, "quota", error)
          || !opt_number (quota, "total", 0, &total, "quota", error))
        return FALSE;
      sc->has_quota = TRUE;
      sc->quota_used = (gint64) MAX (used, 0);
      sc->quota_total = (gint64) MAX (total, 0);
    }

  if (!opt_array (root, "syncApps", &sc->sync_apps, &present, "scenario", error)
      || !array_of_objects (sc->sync_apps, "syncApps", error))
    return FALSE;

  if (!opt_object (root, "serviceHealth", &health, "scenario", error))
    return FALSE;
  if (health != NULL)
    {
      if (!opt_array (health, "overviews", &sc->health_overviews, &present, "serviceHealth", error)
          || !array_of_objects (sc->health_overviews, "serviceHealth.overviews", error)
          || !opt_array (health, "issues", &sc->health_issues, &present, "serviceHealth", error)
          || !array_of_objects (sc->health_issues, "serviceHealth.issues", error))
        return FALSE;
    }

  if (!load_cloud_sync (sc, root, error))
    return FALSE;

  if (!opt_array (root, "denied", &denied, &present, "scenario", error))
    return FALSE;
  for (i = 0; denied != NULL && i < json_array_get_length (denied); i++)
    {
      const char *id = dsc_fake_json_element_string (denied, i);
      guint c;
      gboolean found = FALSE;

      for (c = 0; id != NULL && call_ids[c] != NULL; c++)
        if (g_str_equal (call_ids[c], id))
          {
            g_hash_table_add (sc->denied, (gpointer) call_ids[c]);
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *known = g_strjoinv (", ", (char **) call_ids);

          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "denied[%u] must be one of %s", i, known);
          return FALSE;
        }
    }

  return TRUE;
}

/* Turning sync off converts synced objects to cloud objects that remember
 * having been synced: onPremisesSyncEnabled false, as Graph shows them. */
static gint8
effective_sync (DscFakeScenario *sc,
                gint8            object_sync)
{
  return (object_sync == 1 && sc->sync_enabled == 0) ? 0 : object_sync;
}

static gboolean
load_object_list (DscFakeScenario  *sc,
                  JsonArray        *array,
                  DscFakeKind       kind,
                  GHashTable       *seen,
                  gboolean          sync_accounts,
                  GError          **error)
{
  const char *where = sync_accounts ? "syncAccounts" : kind == DSC_FAKE_USER ? "users"
                      : kind == DSC_FAKE_GROUP ? "groups" : "contacts";
  guint i, j;

  if (!array_of_objects (array, where, error))
    return FALSE;

  for (i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      const char *id = NULL, *name = NULL, *upn = NULL, *mail = NULL;
      JsonArray *proxies = NULL, *errors = NULL, *group_types = NULL;
      gboolean present = FALSE;
      gint8 sync = 1, enabled = 1, security = -1;
      guint8 flags = 0;
      g_autofree char *key = NULL;
      guint occurrence;

      if (!opt_string (o, "id", NULL, &id, where, error)
          || !opt_string (o, "displayName", NULL, &name, where, error)
          || !opt_string (o, "userPrincipalName", NULL, &upn, where, error)
          || !opt_string (o, "mail", NULL, &mail, where, error)
          || !opt_tristate (o, "onPremisesSyncEnabled", sync_accounts ? -1 : 1, &sync, where, error)
          || !opt_tristate (o, "accountEnabled", 1, &enabled, where, error)
          || !opt_tristate (o, "securityEnabled", -1, &security, where, error)
          || !opt_array (o, "proxyAddresses", &proxies, &present, where, error)
          || !opt_array (o, "groupTypes", &group_types, &present, where, error)
          || !opt_array (o, "onPremisesProvisioningErrors", &errors, &present, where, error)
          || !array_of_objects (errors, where, error))
        return FALSE;

      if (name == NULL || (kind == DSC_FAKE_USER && upn == NULL))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s[%u] needs displayName%s", where, i,
                       kind == DSC_FAKE_USER ? " and userPrincipalName" : "");
          return FALSE;
        }
      if (kind != DSC_FAKE_USER)
        upn = NULL;

      if (id == NULL)
        {
          key = g_strdup_printf ("%s/%s", kind_names[kind], upn ? upn : mail ? mail : name);
          occurrence = GPOINTER_TO_UINT (g_hash_table_lookup (seen, key));
          g_hash_table_insert (seen, g_strdup (key), GUINT_TO_POINTER (occurrence + 1));
          id = derived_id (sc, key, occurrence);
        }
      else
        id = keep (sc, id);

      if (kind == DSC_FAKE_USER && enabled == 0)
        flags |= DSC_FAKE_OBJECT_DISABLED;
      if (kind == DSC_FAKE_GROUP)
        {
          if (security == 1 || (security == -1 && mail == NULL))
            flags |= DSC_FAKE_OBJECT_SECURITY;
          for (j = 0; group_types != NULL && j < json_array_get_length (group_types); j++)
            if (g_strcmp0 (dsc_fake_json_element_string (group_types, j), "Unified") == 0)
              flags |= DSC_FAKE_OBJECT_UNIFIED;
        }

      add_object (sc, kind, id, keep (sc, name), keep (sc, upn), keep (sc, mail), o,
                  effective_sync (sc, sync), flags);
      if (sync_accounts)
        {
          guint32 idx = sc->objects->len - 1;

          g_array_append_val (sc->sync_accounts, idx);
        }

      for (j = 0; proxies != NULL && j < json_array_get_length (proxies); j++)
        {
          const char *proxy = dsc_fake_json_element_string (proxies, j);

          if (proxy == NULL)
            return bad_field (error, where, "proxyAddresses", "an array of strings");
          add_proxy (sc, keep (sc, proxy));
        }

      for (j = 0; errors != NULL && j < json_array_get_length (errors); j++)
        {
          JsonObject *e = json_array_get_object_element (errors, j);
          const char *property = NULL, *value = NULL;
          double days = 1;

          if (!opt_string (e, "propertyCausingError", NULL, &property, where, error)
              || !opt_string (e, "value", NULL, &value, where, error)
              || !opt_number (e, "occurredDaysAgo", 1, &days, where, error))
            return FALSE;
          if (g_strcmp0 (property, "UserPrincipalName") == 0)
            property = "UserPrincipalName";
          else if (g_strcmp0 (property, "ProxyAddress") == 0)
            property = "ProxyAddress";
          else
            return bad_field (error, where, "onPremisesProvisioningErrors[].propertyCausingError",
                              "\"UserPrincipalName\" or \"ProxyAddress\"");
          if (value == NULL)
            return bad_field (error, where, "onPremisesProvisioningErrors[].value", "a string");
          add_error (sc, property, keep (sc, value), (gint64) (MAX (days, 0) * 86400.0));
        }
    }
  return TRUE;
}

static gboolean
load_sync_accounts (DscFakeScenario  *sc,
                    JsonObject       *root,
                    GHashTable       *seen,
                    GError          **error)
{
  JsonArray *accounts = NULL;
  gboolean present = FALSE;

  if (!opt_array (root, "syncAccounts", &accounts, &present, "scenario", error))
    return FALSE;
  /* null or absent: the role was never activated, so reading it is a 404. */
  sc->sync_role_active = accounts != NULL;
  return load_object_list (sc, accounts, DSC_FAKE_USER, seen, TRUE, error);
}

static gboolean
load_objects (DscFakeScenario  *sc,
              JsonObject       *root,
              GError          **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *users = NULL, *groups = NULL, *contacts = NULL;
  gboolean present = FALSE;

  if (!opt_array (root, "users", &users, &present, "scenario", error)
      || !opt_array (root, "groups", &groups, &present, "scenario", error)
      || !opt_array (root, "contacts", &contacts, &present, "scenario", error))
    return FALSE;

  return load_object_list (sc, users, DSC_FAKE_USER, seen, FALSE, error)
         && load_sync_accounts (sc, root, seen, error)
         && load_object_list (sc, groups, DSC_FAKE_GROUP, seen, FALSE, error)
         && load_object_list (sc, contacts, DSC_FAKE_CONTACT, seen, FALSE, error);
}

/* ---- "large" ------------------------------------------------------------ */

static const char * const first_names[] = {
  "Adele", "Alex", "Allan", "Christie", "Debra", "Diego", "Emily", "Enrico", "Grady",
  "Henrietta", "Irvin", "Isaiah", "Johanna", "Joni", "Lee", "Lidia", "Lynne", "Megan",
  "Miriam", "Nestor", "Patti", "Pradeep", "Ben", "Carlos", "Dana", "Elena", "Fatima",
  "Gabriel", "Hannah", "Ivan", "Julia", "Kenji", "Laura", "Mateo", "Nadia", "Oliver",
  "Priya", "Quentin", "Rosa", "Sean", "Tomasz", "Uma", "Victor", "Wei", "Yara", "Zoe",
};

static const char * const last_names[] = {
  "Vance", "Wilber", "Deyoung", "Cline", "Berger", "Siciliani", "Braun", "Cattaneo",
  "Archie", "Mueller", "Sayers", "Langer", "Lorenz", "Sherman", "Gu", "Holloway",
  "Robbins", "Bowen", "Graham", "Wilke", "Fernandez", "Gupta", "O'Brien", "Nakamura",
  "Kowalski", "Haddad", "Okafor", "Lindqvist", "Moreau", "Petrov", "Santos", "Dubois",
  "Schmidt", "D'Angelo", "Rossi", "Novak", "Jensen", "Kim", "Singh", "Walker",
};

static const char * const departments[] = {
  "Sales", "Marketing", "Finance", "Legal", "Engineering", "Operations", "Retail",
  "Research", "Support", "Manufacturing", "HR", "IT",
};

static const char * const regions[] = {
  "EMEA", "Americas", "APAC", "Nordics", "DACH", "UK", "France", "Iberia",
};

static const char * const partners[][2] = {
  { "Fabrikam", "fabrikam.com" },
  { "Northwind Traders", "northwindtraders.com" },
  { "Tailspin Toys", "tailspintoys.com" },
  { "Woodgrove Bank", "woodgrovebank.com" },
  { "Litware", "litwareinc.com" },
  { "Adventure Works", "adventure-works.com" },
  { "Wingtip Toys", "wingtiptoys.com" },
  { "Proseware", "proseware.com" },
};

static gboolean
parse_large_spec (const char  *name,
                  guint       *objects,
                  guint       *errors,
                  GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 value = 0;
  guint i;

  *objects = LARGE_DEFAULT_OBJECTS;
  *errors = LARGE_DEFAULT_ERRORS;
  if (g_str_equal (name, "large"))
    return TRUE;

  parts = g_strsplit (name + strlen ("large:"), ",", -1);
  for (i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, "objects=")
          && g_ascii_string_to_unsigned (part + 8, 10, 1, LARGE_MAX_OBJECTS, &value, NULL))
        *objects = (guint) value;
      else if (g_str_has_prefix (part, "errors=")
               && g_ascii_string_to_unsigned (part + 7, 10, 0, LARGE_MAX_OBJECTS, &value, NULL))
        *errors = (guint) value;
      else if (*part != '\0')
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Bad “large” parameter “%s” (expected objects=N,errors=M "
                       "with N ≤ %u)",
                       part, LARGE_MAX_OBJECTS);
          return FALSE;
        }
    }

  if (*objects < 2 || *errors >= *objects)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“large” needs at least 2 objects and fewer errors than objects "
                   "(every conflicting value is also held by an object without errors)");
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  const char *value;
  guint32     holder;
} LargeExtra;

static gint
compare_extra (gconstpointer a,
               gconstpointer b)
{
  const LargeExtra *x = a, *y = b;

  return x->holder < y->holder ? -1 : x->holder > y->holder ? 1 : 0;
}

/* Per object of the plan: what it is, and what it conflicts on. */
typedef struct {
  const char *id;
  const char *name;
  const char *upn;
  const char *mail;
  const char *error_value[2];
  const char *error_property[2];
  guint8      kind;
  guint8      flags;
  guint8      n_errors;
} LargePlan;

static void
generate_large (DscFakeScenario *sc,
                JsonObject      *root,
                guint            n,
                guint            m)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (0x44534346u ^ (n * 2654435761u) ^ (m << 7));
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) upn_holders = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) proxy_holders = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) extras = g_array_new (FALSE, FALSE, sizeof (LargeExtra));
  g_autofree LargePlan *plan = g_new0 (LargePlan, n);
  guint n_users = (guint) ((guint64) n * 80 / 100);
  guint n_groups = (guint) ((guint64) n * 12 / 100);
  const char *domain = "contoso.com";
  guint g, k, e = 0, conflicts = 0;

  /* Who is who: users, then groups, then contacts; a stride spreads the
   * objects in error evenly over all three. */
  for (g = 0; g < n; g++)
    {
      LargePlan *p = &plan[g];
      const char *first = first_names[g % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(g / G_N_ELEMENTS (first_names) + g * 7)
                                    % G_N_ELEMENTS (last_names)];
      gboolean in_error = ((guint64) (g + 1) * m / n) != ((guint64) g * m / n);
      g_autofree char *local = NULL;
      g_autofree char *text = NULL;

      p->id = random_id (sc, rand);
      if (g < n_users)
        {
          p->kind = DSC_FAKE_USER;
          text = g_strdup_printf ("%s %s", first, last);
          p->name = keep (sc, text);
          local = g_ascii_strdown (text, -1);
          g_strdelimit (local, " ", '.');
          g_free (text);
          text = g_strdup_printf ("%s%u@%s", local, g, domain);
          p->upn = keep (sc, text);
          p->mail = p->upn;
        }
      else if (g < n_users + n_groups)
        {
          const char *dept = departments[g % G_N_ELEMENTS (departments)];
          const char *region = regions[(g / G_N_ELEMENTS (departments)) % G_N_ELEMENTS (regions)];

          p->kind = DSC_FAKE_GROUP;
          if (!in_error && g % 4 == 0)
            {
              text = g_strdup_printf ("SG-%s-%s-%u", dept, region, g);
              p->name = keep (sc, text);
              p->flags = DSC_FAKE_OBJECT_SECURITY;
            }
          else
            {
              text = g_strdup_printf ("%s %s %u", dept, region, g);
              p->name = keep (sc, text);
              local = g_ascii_strdown (text, -1);
              g_strdelimit (local, " ", '.');
              g_free (text);
              text = g_strdup_printf ("%s@%s", local, domain);
              p->mail = keep (sc, text);
            }
        }
      else
        {
          guint which = g % G_N_ELEMENTS (partners);

          p->kind = DSC_FAKE_CONTACT;
          text = g_strdup_printf ("%s %s (%s)", first, last, partners[which][0]);
          p->name = keep (sc, text);
          g_free (text);
          text = g_strdup_printf ("%s.%s%u", first, last, g);
          local = g_ascii_strdown (text, -1);
          g_free (text);
          text = g_strdup_printf ("%s@%s", local, partners[which][1]);
          p->mail = keep (sc, text);
        }

      if (in_error)
        p->n_errors = 1;   /* decided below */
      else
        {
          if (p->kind == DSC_FAKE_USER)
            g_array_append_val (upn_holders, g);
          if (p->mail != NULL)
            g_array_append_val (proxy_holders, g);
        }
    }

  /* The conflicts: every value an object in error wants is held by another
   * object without errors, so the app's holder lookups always find it. */
  for (g = 0; g < n; g++)
    {
      LargePlan *p = &plan[g];
      g_autofree char *text = NULL;

      if (p->n_errors == 0)
        continue;

      if (p->kind == DSC_FAKE_USER && upn_holders->len > 0
          && (e % 3 == 0 || proxy_holders->len == 0))
        {
          LargePlan *holder = &plan[g_array_index (upn_holders, guint32,
                                                   conflicts % upn_holders->len)];
          g_autofree char *local = g_strndup (holder->upn, strcspn (holder->upn, "@"));

          /* A second account for the same person: its UPN was quarantined
           * as prefix + 4 digits @ the initial domain. */
          p->name = holder->name;
          text = g_strdup_printf ("%s%04u@%s", local, g_rand_int_range (rand, 1000, 10000),
                                  sc->initial_domain);
          p->upn = keep (sc, text);
          p->mail = NULL;
          p->error_property[0] = "UserPrincipalName";
          p->error_value[0] = holder->upn;
          if (e % 4 == 0)
            {
              g_free (text);
              text = g_strdup_printf ("SMTP:%s", holder->upn);
              p->error_property[1] = "ProxyAddress";
              p->error_value[1] = keep (sc, text);   /* the holder's own primary address */
              p->n_errors = 2;
            }
        }
      else if (proxy_holders->len > 0)
        {
          LargeExtra extra;

          text = g_strdup_printf ("smtp:%s", p->mail);
          p->error_property[0] = "ProxyAddress";
          p->error_value[0] = keep (sc, text);
          extra.value = p->error_value[0];
          extra.holder = g_array_index (proxy_holders, guint32,
                                        (guint) (((guint64) conflicts * 7919)
                                                 % proxy_holders->len));
          g_array_append_val (extras, extra);
        }
      else
        p->n_errors = 0;
      conflicts++;
      e++;
    }
  g_array_sort (extras, compare_extra);

  /* Materialize, keeping each object's proxies and errors contiguous. */
  k = 0;
  for (g = 0; g < n; g++)
    {
      LargePlan *p = &plan[g];
      guint j;

      if (g == n_users)
        load_sync_accounts (sc, root, seen, NULL);

      add_object (sc, p->kind, p->id, p->name, p->upn, p->mail, NULL, 1, p->flags);

      if (p->mail != NULL && p->n_errors == 0)
        {
          g_autofree char *text = g_strdup_printf ("SMTP:%s", p->mail);

          add_proxy (sc, keep (sc, text));
        }
      if (p->kind == DSC_FAKE_USER && p->upn != NULL && p->mail != NULL)
        {
          g_autofree char *local = g_strndup (p->upn, strcspn (p->upn, "@"));
          g_autofree char *text = g_strdup_printf ("smtp:%s@contoso.mail.onmicrosoft.com", local);

          add_proxy (sc, keep (sc, text));
        }
      while (k < extras->len && g_array_index (extras, LargeExtra, k).holder == g)
        add_proxy (sc, g_array_index (extras, LargeExtra, k++).value);

      for (j = 0; j < p->n_errors; j++)
        add_error (sc, p->error_property[j], p->error_value[j],
                   600 + (gint64) ((g * 2654435761u) % (21 * 86400)));
    }
  if (n_users == n)
    load_sync_accounts (sc, root, seen, NULL);

  sc->has_quota = TRUE;
  sc->quota_used = sc->objects->len;
  if (sc->quota_total < sc->quota_used)
    sc->quota_total = sc->quota_used < 500000 ? 500000 : sc->quota_used + 100000;
}

/* ---- entry point -------------------------------------------------------- */

DscFakeScenario *
dsc_fake_scenario_load (const char  *name,
                        GError     **error)
{
  g_autoptr(DscFakeScenario) sc = NULL;
  g_autoptr(JsonNode) root = NULL;
  gboolean large;
  guint objects = 0, errors = 0;

  g_return_val_if_fail (name != NULL, NULL);

  large = g_str_equal (name, "large") || g_str_has_prefix (name, "large:");
  if (large && !parse_large_spec (name, &objects, &errors, error))
    return NULL;

  root = load_tree (large ? "healthy" : name, 0, error);
  if (root == NULL)
    return NULL;

  sc = scenario_new (name);
  sc->root = json_node_ref (root);

  if (!load_common (sc, json_node_get_object (root), error))
    {
      g_prefix_error (error, "Scenario “%s”: ", name);
      return NULL;
    }

  if (large)
    generate_large (sc, json_node_get_object (root), objects, errors);
  else if (!load_objects (sc, json_node_get_object (root), error))
    {
      g_prefix_error (error, "Scenario “%s”: ", name);
      return NULL;
    }

  build_indexes (sc);
  g_debug ("Scenario “%s”: %u objects, %u in error", name, sc->objects->len,
           sc->in_error[0]->len + sc->in_error[1]->len + sc->in_error[2]->len);
  return g_steal_pointer (&sc);
}
