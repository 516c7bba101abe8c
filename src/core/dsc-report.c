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

G_DEFINE_BOXED_TYPE (DscReport, dsc_report, dsc_report_ref, dsc_report_unref)

static void
affected_object_free (DscAffectedObject *affected)
{
  g_clear_pointer (&affected->object, dsc_directory_object_unref);
  g_free (affected->attribute);
  g_free (affected->value);
  g_free (affected->on_premises_dn);
  g_free (affected->suggested_fix);
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
    }
  g_free (self->headline);
  g_clear_pointer (&self->snapshot, dsc_snapshot_unref);
  g_free (self);
}

DscFinding *
dsc_report_add_finding (DscReport *self,
                        DscCategoryId category,
                        DscStatus severity,
                        const char *id,
                        const char *title,
                        const char *detail)
{
  DscFinding *finding;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail ((guint) category < DSC_N_CATEGORIES, NULL);

  finding = g_new0 (DscFinding, 1);
  finding->id = g_strdup (id);
  finding->category = category;
  finding->severity = severity;
  finding->title = g_strdup (title);
  finding->detail = g_strdup (detail);
  finding->objects = g_ptr_array_new_with_free_func ((GDestroyNotify) affected_object_free);

  g_ptr_array_add (self->categories[category].findings, finding);
  return finding;
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

void
dsc_report_finish (DscReport *self)
{
  DscStatus overall = DSC_STATUS_OK;
  guint n_problems;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < DSC_N_CATEGORIES; i++)
    {
      DscCategoryReport *category = &self->categories[i];
      DscStatus status = DSC_STATUS_OK;

      g_ptr_array_sort (category->findings, compare_findings);
      for (guint j = 0; j < category->findings->len; j++)
        {
          const DscFinding *finding = g_ptr_array_index (category->findings, j);

          status = dsc_status_worse (status, actionable (finding->severity));
        }
      category->status = status;
    }

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      /* The on-premises scan is optional: never scanned (or a failed scan)
       * must not make the tenant's verdict unknown; its findings do count. */
      if (i == DSC_TILE_ONPREM_DATA && self->tiles[i].status == DSC_STATUS_UNKNOWN)
        continue;
      overall = dsc_status_worse (overall, actionable (self->tiles[i].status));
    }
  self->overall = overall;

  /* The headline counts problem areas, not findings: eleven conflicting
   * values are one thing to go and fix, as the tiles show. A tile flagged
   * without a finding still counts. */
  {
    gboolean counted[DSC_N_CATEGORIES] = { FALSE };

    for (guint i = 0; i < DSC_N_CATEGORIES; i++)
      counted[i] = is_problem (self->categories[i].status);
    for (guint i = 0; i < DSC_N_TILES; i++)
      if (is_problem (self->tiles[i].status) && (guint) self->tiles[i].category < DSC_N_CATEGORIES)
        counted[self->tiles[i].category] = TRUE;
    n_problems = 0;
    for (guint i = 0; i < DSC_N_CATEGORIES; i++)
      n_problems += counted[i] ? 1 : 0;
  }

  g_clear_pointer (&self->headline, g_free);
  if (n_problems > 0)
    self->headline = g_strdup_printf (ngettext ("%u problem needs attention",
                                                "%u problems need attention",
                                                n_problems),
                                      n_problems);
  else if (overall == DSC_STATUS_UNKNOWN)
    self->headline = g_strdup (_("Some information could not be read"));
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
