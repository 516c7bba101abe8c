/* dsc-report.c — the report the health rules fill and every shell renders.
 *
 * The rules add findings in any order; dsc_report_finish() then fixes the
 * order and derives every status, so shells never recompute severity.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-core"

#include <glib/gi18n-lib.h>

#include "dsc-category.h"
#include "dsc-report.h"
#include "dsc-time.h"

static char *
join_headline (const char *worst, const char *problems, const char *unreadable)
{
  const char *parts[] = { worst, problems, unreadable };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL || *parts[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, parts[i]);
    }
  return g_string_free (out, FALSE);
}

G_DEFINE_BOXED_TYPE (DscReport, dsc_report, dsc_report_ref, dsc_report_unref)

static void
affected_object_free (DscAffectedObject *affected)
{
  g_clear_pointer (&affected->object, dsc_directory_object_unref);
  g_free (affected->attribute);
  g_free (affected->value);
  g_free (affected->on_premises_dn);
  g_free (affected->suggested_fix);
  g_free (affected->admin_url);
  g_free (affected);
}

static void
finding_free (DscFinding *finding)
{
  g_free (finding->id);
  g_free (finding->title);
  g_free (finding->detail);
  g_strfreev (finding->fix_steps);
  g_clear_pointer (&finding->objects, g_ptr_array_unref);
  if (finding->diagnosis != NULL)
    {
      g_free (finding->diagnosis->label);
      g_free (finding->diagnosis->text);
      g_free (finding->diagnosis);
    }
  g_free (finding);
}

static void
tile_clear (DscTile *tile)
{
  g_clear_pointer (&tile->title, g_free);
  g_clear_pointer (&tile->value, g_free);
  g_clear_pointer (&tile->summary, g_free);
  g_clear_pointer (&tile->tooltip, g_free);
  g_clear_pointer (&tile->limited_reason, g_free);
}

DscReport *
dsc_report_new (DscSnapshot *snapshot,
                gint64 now)
{
  DscReport *self;

  g_return_val_if_fail (snapshot != NULL, NULL);

  self = g_new0 (DscReport, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->snapshot = dsc_snapshot_ref (snapshot);
  self->evaluated_at = now;
  self->overall = DSC_STATUS_UNKNOWN;
  self->unreadable_as = DSC_STATUS_UNKNOWN;

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      self->tiles[i].id = (DscTileId) i;
      self->tiles[i].status = DSC_STATUS_UNKNOWN;
      self->tiles[i].category = dsc_tile_get_category (i);
    }

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      self->categories[i].id = (DscCategoryId) i;
      self->categories[i].status = DSC_STATUS_OK;
      self->categories[i].findings =
        g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
      self->categories[i].facts = g_ptr_array_new_with_free_func (g_free);
    }

  return self;
}

DscReport *
dsc_report_ref (DscReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
dsc_report_unref (DscReport *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < DSC_N_TILES; i++)
    tile_clear (&self->tiles[i]);
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      g_clear_pointer (&self->categories[i].headline, g_free);
      g_clear_pointer (&self->categories[i].findings, g_ptr_array_unref);
      g_clear_pointer (&self->categories[i].facts, g_ptr_array_unref);
    }
  g_free (self->headline);
  g_clear_pointer (&self->conflict_summary, dsc_conflict_summary_free);
  g_clear_pointer (&self->snapshot, dsc_snapshot_unref);
  g_free (self);
}

DscFinding *
dsc_report_take_finding (DscReport *self,
                         DscCategoryId category,
                         DscStatus severity,
                         char *id,
                         char *title,
                         char *detail)
{
  DscFinding *finding;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) category < DSC_N_CATEGORIES, NULL);

  finding = g_new0 (DscFinding, 1);
  finding->id = id;
  finding->category = category;
  finding->severity = severity;
  finding->title = title;
  finding->detail = detail;
  finding->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) affected_object_free);

  g_ptr_array_add (self->categories[category].findings, finding);
  return finding;
}

DscFinding *
dsc_report_add_finding (DscReport *self,
                        DscCategoryId category,
                        DscStatus severity,
                        const char *id,
                        const char *title,
                        const char *detail)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) category < DSC_N_CATEGORIES, NULL);

  return dsc_report_take_finding (self, category, severity, g_strdup (id), g_strdup (title),
                                  g_strdup (detail));
}

void
dsc_report_add_fact (DscReport *self, DscCategoryId category, const char *fact)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((guint) category < DSC_N_CATEGORIES);

  if (fact != NULL && *fact != '\0')
    g_ptr_array_add (self->categories[category].facts, g_strdup (fact));
}

DscAffectedObject *
dsc_finding_add_object (DscFinding *finding,
                        DscDirectoryObject *object,
                        const char *attribute,
                        const char *value,
                        gint64 since,
                        gboolean in_error)
{
  DscAffectedObject *affected;

  g_return_val_if_fail (finding != NULL, NULL);
  g_return_val_if_fail (object != NULL, NULL);

  affected = g_new0 (DscAffectedObject, 1);
  affected->object = dsc_directory_object_ref (object);
  affected->attribute = g_strdup (attribute);
  affected->value = g_strdup (value);
  affected->since = since;
  affected->in_error = !!in_error;
  g_ptr_array_add (finding->objects, affected);
  return affected;
}

void
dsc_finding_set_fix_steps (DscFinding *finding,
                           const char *const *steps)
{
  g_return_if_fail (finding != NULL);

  g_strfreev (finding->fix_steps);
  finding->fix_steps = g_strdupv ((char **) steps);
}

void
dsc_finding_set_diagnosis (DscFinding *finding,
                           const char *id,
                           char       *label,
                           char       *text)
{
  g_return_if_fail (finding != NULL);

  if (finding->diagnosis == NULL)
    finding->diagnosis = g_new0 (DscDiagnosis, 1);
  g_free (finding->diagnosis->label);
  g_free (finding->diagnosis->text);
  finding->diagnosis->id = id;
  finding->diagnosis->label = label;
  finding->diagnosis->text = text;
}

const char *
dsc_affected_object_role_label (const DscAffectedObject *affected)
{
  g_return_val_if_fail (affected != NULL, NULL);
  /* Translators: role of an object in a sync conflict: Entra set its value aside */
  return affected->in_error ? _("Quarantined")
    /* Translators: role of an object in a sync conflict: it has the value now */
    : _("Current holder");
}

const char *
dsc_affected_object_role_key (const DscAffectedObject *affected)
{
  g_return_val_if_fail (affected != NULL, NULL);
  return affected->in_error ? "quarantined" : "current-holder";
}

static void
summary_count_clear (DscSummaryCount *count)
{
  g_free (count->key);
}

DscConflictSummary *
dsc_conflict_summary_new (void)
{
  DscConflictSummary *summary = g_new0 (DscConflictSummary, 1);

  summary->by_attribute = g_array_new (FALSE, TRUE, sizeof (DscSummaryCount));
  summary->by_domain = g_array_new (FALSE, TRUE, sizeof (DscSummaryCount));
  g_array_set_clear_func (summary->by_attribute, (GDestroyNotify) summary_count_clear);
  g_array_set_clear_func (summary->by_domain, (GDestroyNotify) summary_count_clear);
  return summary;
}

void
dsc_conflict_summary_free (DscConflictSummary *summary)
{
  if (summary == NULL)
    return;
  g_array_unref (summary->by_attribute);
  g_array_unref (summary->by_domain);
  g_free (summary);
}

const char *
dsc_age_bucket_to_string (guint bucket)
{
  static const char *const keys[DSC_N_AGE_BUCKETS] = {
    "under-1-day", "1-7-days", "8-30-days", "over-30-days", "unknown",
  };

  return bucket < DSC_N_AGE_BUCKETS ? keys[bucket] : "unknown";
}

static char *
format_grouped (guint n)
{
  /* The locale's thousands separator, as the tiles' counts. */
  return dsc_format_count (n);
}

static const char *
attribute_words (const char *attribute, guint n)
{
  if (g_strcmp0 (attribute, "ProxyAddress") == 0)
    return ngettext ("proxy address", "proxy addresses", n);
  if (g_strcmp0 (attribute, "UserPrincipalName") == 0)
    return ngettext ("UPN", "UPNs", n);
  return attribute;
}

GStrv
dsc_conflict_summary_dup_lines (const DscConflictSummary *summary)
{
  GPtrArray *lines = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *n_values = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  n_values = format_grouped (summary->n_values);
  g_ptr_array_add (lines,
                       g_strdup_printf (ngettext ("%s conflicting value",
                                                  "%s conflicting values", summary->n_values),
                                        n_values));

  for (guint i = 0; i < summary->by_attribute->len; i++)
    {
      const DscSummaryCount *c = &g_array_index (summary->by_attribute, DscSummaryCount, i);
      g_autofree char *n = format_grouped (c->count);

      if (line->len > 0)
        g_string_append (line, " · ");
      /* Translators: "4,000 proxy addresses" */
      g_string_append_printf (line, C_("count and attribute", "%s %s"), n,
                              attribute_words (c->key, c->count));
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("By attribute: %s"), line->str));

  g_string_truncate (line, 0);
  for (guint i = 0; i < summary->by_domain->len; i++)
    {
      const DscSummaryCount *c = &g_array_index (summary->by_domain, DscSummaryCount, i);
      g_autofree char *n = format_grouped (c->count);

      if (line->len > 0)
        g_string_append (line, " · ");
      if (c->key != NULL)
        /* Translators: "contoso.com 1,200" */
        g_string_append_printf (line, C_("domain and count", "%s %s"), c->key, n);
      else
        g_string_append_printf (line, _("other domains %s"), n);
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("By domain: %s"), line->str));

  g_string_truncate (line, 0);
  for (guint i = 0; i < DSC_N_AGE_BUCKETS; i++)
    {
      const char *words[DSC_N_AGE_BUCKETS] = {
        _("under a day"), _("1–7 days"), _("8–30 days"), _("over 30 days"), _("age unknown"),
      };
      g_autofree char *n = NULL;

      if (summary->by_age[i] == 0)
        continue;
      n = format_grouped (summary->by_age[i]);
      if (line->len > 0)
        g_string_append (line, " · ");
      /* Translators: "under a day: 12" */
      g_string_append_printf (line, C_("age and count", "%s: %s"), words[i], n);
    }
  if (line->len > 0)
    g_ptr_array_add (lines, g_strdup_printf (_("In error for: %s"), line->str));

  g_ptr_array_add (lines, NULL);
  return (GStrv) g_ptr_array_free (lines, FALSE);
}

/* Display order of findings: the thing to act on first comes first. */
static int
severity_rank (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_ERROR: return 0;
    case DSC_STATUS_WARNING: return 1;
    case DSC_STATUS_UNKNOWN: return 2;
    case DSC_STATUS_INFO: return 3;
    case DSC_STATUS_OK: return 4;
    }
  return 2;
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b)
{
  const DscFinding *fa = *(DscFinding * const *) a;
  const DscFinding *fb = *(DscFinding * const *) b;
  int ra = severity_rank (fa->severity);
  int rb = severity_rank (fb->severity);
  int cmp;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  cmp = g_strcmp0 (fa->title, fb->title);
  if (cmp != 0)
    return cmp;
  /* Keeps the order stable across refreshes when titles repeat. */
  return g_strcmp0 (fa->id, fb->id);
}

/* INFO describes, it never asks for action, so it must not colour a pane. */
static DscStatus
actionable (DscStatus status)
{
  return status == DSC_STATUS_INFO ? DSC_STATUS_OK : status;
}

static gboolean
is_problem (DscStatus status)
{
  return status == DSC_STATUS_WARNING || status == DSC_STATUS_ERROR;
}

/* A tile flagged without a finding in the category it opens: the pane, the
 * sidebar and the exports must still say why, so the tile's facts become one. */
static void
add_tile_finding (DscReport *self, const DscTile *tile, DscStatus status)
{
  g_autofree char *id = g_strdup_printf ("%s/tile-%s", dsc_category_to_string (tile->category),
                                         dsc_tile_to_string (tile->id));
  g_autofree char *title = NULL;
  const char *detail;

  if (status == DSC_STATUS_UNKNOWN)
    /* Translators: %s is a tile's title, e.g. "Password hash sync" */
    title = g_strdup_printf (_("%s could not be read"), tile->title);
  else if (tile->value != NULL && *tile->value != '\0')
    /* Translators: a tile's title and its value, e.g. "Last directory sync: No sync" */
    title = g_strdup_printf (_("%s: %s"), tile->title, tile->value);
  else
    title = g_strdup (tile->title);
  detail = tile->limited_reason != NULL && *tile->limited_reason != '\0' ? tile->limited_reason
                                                                          : tile->summary;
  dsc_report_add_finding (self, tile->category, status, id, title, detail);
}

static DscStatus
category_status (const DscCategoryReport *category)
{
  DscStatus status = DSC_STATUS_OK;

  for (guint j = 0; j < category->findings->len; j++)
    {
      const DscFinding *finding = g_ptr_array_index (category->findings, j);

      status = dsc_status_worse (status, actionable (finding->severity));
    }
  return status;
}

static DscStatus
map_unreadable (const DscReport *self, DscStatus status)
{
  return status == DSC_STATUS_UNKNOWN ? self->unreadable_as : status;
}

/* What the headline names: the worst problem, in tile order (the order an
 * admin reads the overview), then the categories without a tile. A category
 * with one problem names it ("No directory sync for 5 hours — last 08:32
 * UTC"); one with many is named by its tile ("Sync errors: 5,000 objects"). */
static char *
dup_worst_problem (const DscReport *self)
{
  const DscCategoryReport *worst = NULL;
  gboolean seen[DSC_N_CATEGORIES] = { FALSE };
  DscCategoryId order[DSC_N_CATEGORIES];
  const DscFinding *first;
  guint n = 0, n_problems = 0;

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      DscCategoryId c = self->tiles[i].category;

      if ((guint) c < DSC_N_CATEGORIES && !seen[c])
        {
          seen[c] = TRUE;
          order[n++] = c;
        }
    }
  for (guint c = 0; c < DSC_N_CATEGORIES; c++)
    if (!seen[c])
      order[n++] = (DscCategoryId) c;

  for (guint i = 0; i < n; i++)
    {
      const DscCategoryReport *category = &self->categories[order[i]];

      if (is_problem (category->status)
          && (worst == NULL || severity_rank (category->status) < severity_rank (worst->status)))
        worst = category;
    }
  if (worst == NULL || worst->findings->len == 0)
    return NULL;

  for (guint j = 0; j < worst->findings->len; j++)
    if (is_problem (((const DscFinding *) g_ptr_array_index (worst->findings, j))->severity))
      n_problems++;
  first = g_ptr_array_index (worst->findings, 0);   /* sorted: most severe first */
  if (n_problems <= 1)
    return g_strdup (first->title);
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = &self->tiles[i];

      if (tile->title != NULL && tile->category == worst->id
          && tile->value != NULL && *tile->value != '\0')
        /* Translators: a tile's title and value in the headline: "Sync errors: 5,000 objects" */
        return g_strdup_printf (_("%s: %s"), tile->title, tile->value);
    }
  return g_strdup (dsc_category_get_state_title (worst->id, worst->status));
}

void
dsc_report_finish (DscReport *self)
{
  DscStatus overall = DSC_STATUS_OK;
  g_autofree char *problems = NULL;
  g_autofree char *unreadable = NULL;
  g_autofree char *worst = NULL;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    self->categories[i].status = category_status (&self->categories[i]);

  /* A tile worse than the category it opens makes the category as bad, with
   * a finding that says why; then every tile shows its category's status, so
   * tile, pane, sidebar, headline and exports tell one truth. Tiles no rule
   * filled (no title) are left out. */
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      DscTile *tile = &self->tiles[i];
      DscCategoryReport *category;
      DscStatus status;

      if (tile->title == NULL || (guint) tile->category >= DSC_N_CATEGORIES)
        continue;
      category = &self->categories[tile->category];
      /* An optional check not run yet (the on-premises scan): the pane says so
       * in its own words, no extra finding. */
      if (dsc_category_unknown_is_optional (tile->category, tile->status))
        {
          category->status = DSC_STATUS_UNKNOWN;
          continue;
        }
      status = actionable (tile->status);
      if (dsc_status_worse (category->status, status) != category->status
          && status != category->status)
        {
          add_tile_finding (self, tile, status);
          category->status = status;
        }
    }
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    g_ptr_array_sort (self->categories[i].findings, compare_findings);

  /* "Current state": the exact facts behind each tile (once: refinishing
   * doesn't repeat them), then what the rules read for the pane. */
  for (guint i = DSC_N_TILES; i-- > 0;)
    {
      const DscTile *tile = &self->tiles[i];
      g_auto(GStrv) lines = NULL;
      GPtrArray *facts;

      if (tile->title == NULL || tile->tooltip == NULL
          || (guint) tile->category >= DSC_N_CATEGORIES)
        continue;
      facts = self->categories[tile->category].facts;
      lines = g_strsplit (tile->tooltip, "\n", -1);
      for (guint j = g_strv_length (lines); j-- > 0;)
        {
          gboolean present = FALSE;

          for (guint k = 0; k < facts->len && !present; k++)
            present = g_strcmp0 (g_ptr_array_index (facts, k), lines[j]) == 0;
          if (!present && *lines[j] != '\0')
            g_ptr_array_insert (facts, 0, g_strdup (lines[j]));
        }
    }
  for (guint i = 0; i < DSC_N_TILES; i++)
    if (self->tiles[i].title != NULL && (guint) self->tiles[i].category < DSC_N_CATEGORIES)
      self->tiles[i].status = self->categories[self->tiles[i].category].status;

  /* The pane's sentence is the state's wording; what a rule said of this
   * tenant in particular ("Sync engine: …") leads the facts instead. */
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      DscCategoryReport *category = &self->categories[i];
      const char *text = dsc_category_get_state_text ((DscCategoryId) i, category->status);
      char *said = g_steal_pointer (&category->headline);
      gboolean present = said == NULL || *said == '\0' || g_strcmp0 (said, text) == 0;

      for (guint k = 0; k < category->facts->len && !present; k++)
        present = g_strcmp0 (g_ptr_array_index (category->facts, k), said) == 0;
      if (!present)
        g_ptr_array_insert (category->facts, 0, g_steal_pointer (&said));
      g_free (said);
      category->headline = g_strdup (text);
    }

  /* The headline counts problem areas, not findings: eleven conflicting
   * values are one thing to go and fix, as the tiles show. */
  self->n_problems = 0;
  self->n_unreadable = 0;
  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      DscStatus status = self->categories[i].status;

      /* An optional check that has not run (the on-premises scan, never
       * scanned or failed) is said in its own pane but doesn't make the
       * tenant's verdict unknown; its findings do count. */
      if (dsc_category_unknown_is_optional ((DscCategoryId) i, status))
        continue;
      if (is_problem (status))
        self->n_problems++;
      else if (status == DSC_STATUS_UNKNOWN)
        self->n_unreadable++;
      overall = dsc_status_worse (overall, map_unreadable (self, status));
    }
  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      if (dsc_category_unknown_is_optional (self->tiles[i].category, self->tiles[i].status))
        continue;
      overall = dsc_status_worse (overall, map_unreadable (self,
                                                           actionable (self->tiles[i].status)));
    }
  self->overall = overall;

  g_clear_pointer (&self->headline, g_free);
  worst = dup_worst_problem (self);
  if (self->n_problems > 0)
    problems = g_strdup_printf (ngettext ("%u problem needs attention",
                                          "%u problems need attention",
                                          self->n_problems),
                                self->n_problems);
  if (self->n_unreadable > 0)
    unreadable = g_strdup_printf (ngettext ("%u check could not be read",
                                            "%u checks could not be read",
                                            self->n_unreadable),
                                  self->n_unreadable);
  if (problems != NULL || unreadable != NULL)
    self->headline = join_headline (worst, problems, unreadable);
  else
    self->headline = g_strdup (_("Everything looks healthy"));
}

const DscTile *
dsc_report_get_tile (const DscReport *self,
                     DscTileId id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) id < DSC_N_TILES, NULL);

  return &self->tiles[id];
}

gboolean
dsc_report_tile_needs_attention (const DscReport *self,
                                 DscTileId        id)
{
  const DscTile *tile;
  DscStatus status;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail ((guint) id < DSC_N_TILES, FALSE);

  tile = &self->tiles[id];
  if (tile->title == NULL || dsc_category_unknown_is_optional (tile->category, tile->status))
    return FALSE;
  status = map_unreadable (self, actionable (tile->status));
  return is_problem (status) || status == DSC_STATUS_UNKNOWN;
}

guint
dsc_report_tile_order (const DscReport *self,
                       DscTileId        order[DSC_N_TILES])
{
  guint n = 0, n_attention;

  g_return_val_if_fail (self != NULL, 0);

  /* Worst first; a stable pass per rank keeps the usual order among equals. */
  for (int rank = severity_rank (DSC_STATUS_ERROR); rank <= severity_rank (DSC_STATUS_OK); rank++)
    for (guint i = 0; i < DSC_N_TILES; i++)
      if (dsc_report_tile_needs_attention (self, i)
          && severity_rank (self->tiles[i].status) == rank)
        order[n++] = (DscTileId) i;
  n_attention = n;
  for (guint i = 0; i < DSC_N_TILES; i++)
    if (!dsc_report_tile_needs_attention (self, i))
      order[n++] = (DscTileId) i;
  return n_attention;
}

guint
dsc_report_untiled_attention (const DscReport *self,
                              DscCategoryId    out[DSC_N_CATEGORIES])
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      DscStatus status = map_unreadable (self, self->categories[i].status);
      gboolean tiled = FALSE;

      if (dsc_category_unknown_is_optional ((DscCategoryId) i, self->categories[i].status)
          || !(is_problem (status) || status == DSC_STATUS_UNKNOWN))
        continue;
      for (guint t = 0; t < DSC_N_TILES && !tiled; t++)
        tiled = self->tiles[t].title != NULL && self->tiles[t].category == (DscCategoryId) i;
      if (!tiled)
        out[n++] = (DscCategoryId) i;
    }
  return n;
}

const DscCategoryReport *
dsc_report_get_category (const DscReport *self,
                         DscCategoryId id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) id < DSC_N_CATEGORIES, NULL);

  return &self->categories[id];
}

const DscFinding *
dsc_report_find (const DscReport *self,
                 const char *finding_id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (finding_id == NULL)
    return NULL;

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      GPtrArray *findings = self->categories[i].findings;

      for (guint j = 0; j < findings->len; j++)
        {
          const DscFinding *finding = g_ptr_array_index (findings, j);

          if (g_strcmp0 (finding->id, finding_id) == 0)
            return finding;
        }
    }

  return NULL;
}

guint
dsc_report_count_problems (const DscReport *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      GPtrArray *findings = self->categories[i].findings;

      for (guint j = 0; j < findings->len; j++)
        {
          const DscFinding *finding = g_ptr_array_index (findings, j);

          if (is_problem (finding->severity))
            n++;
        }
    }

  return n;
}
