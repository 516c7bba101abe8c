/* dsc-conflicts.h — sync errors grouped by conflicting value (private to the
 * health rules): each group holds the objects in error and, from the
 * conflict-holders source, the objects that hold the value without an error.
 */
#pragma once

#include "dsc-health-private.h"

G_BEGIN_DECLS

typedef struct {
  DscDirectoryObject *object;   /* borrowed from the snapshot */
  const char *value;
  gint64 since;
  gboolean in_error;
} DscConflictMember;

typedef struct {
  char *property;               /* canonical spelling */
  char *value;                  /* as first seen, for display */
  char *id_value;               /* stable, lowercase, for the finding id */
  GArray *members;              /* DscConflictMember */
  guint n_in_error;
  char *key;                    /* the property and the folded value, as matched */
  guint hash;                   /* of @key */
} DscConflictGroup;

void              dsc_conflict_group_free        (DscConflictGroup *group);
/* The groups of dsc_conflict_lookup (): a set of DscConflictGroup, owned. */
GHashTable       *dsc_conflict_groups_new        (void);
gboolean          dsc_conflict_is_proxy_property (const char *property);
gboolean          dsc_conflict_is_upn_property   (const char *property);
/* What names an object to an admin: its display name, else its UPN, mail or
 * id; @fallback when it has none of them. */
const char       *dsc_conflict_object_name       (const DscDirectoryObject *object,
                                                  const char               *fallback);
/* The group for (property, value), matched case-insensitively ("smtp:" aside);
 * created and appended to @order when @create. */
DscConflictGroup *dsc_conflict_lookup            (GHashTable *groups,
                                                  GPtrArray  *order,
                                                  const char *property,
                                                  const char *value,
                                                  gboolean    create);
gboolean          dsc_conflict_group_has_object  (const DscConflictGroup   *group,
                                                  const DscDirectoryObject *object);
/* The texts the details are written with, translated once per evaluation
 * (not once per conflict), and the dates and traits already formatted. */
typedef struct {
  const char *unnamed_object;
  const char *kind[4];          /* by DscObjectKind, then "object" */
  const char *synced;
  const char *cloud_only;
  const char *quarantined;
  const char *member;           /* "%s (%s)" */
  const char *holding;
  const char *quarantined_because;
  const char *since;
  char *traits[4 * 3 * 2];      /* kind × sync state × in error, made when first needed */
  gboolean dates_by_day;        /* the date format shows no time of day */
  GHashTable *dates;            /* gint64 day (or second) → formatted date */
  GString *scratch;             /* reused by dsc_conflict_detail () */
  GString *detail;              /* the same */
} DscConflictTexts;

void              dsc_conflict_texts_init        (DscConflictTexts    *texts,
                                                  const DscHealthEval *ev);
void              dsc_conflict_texts_clear       (DscConflictTexts    *texts);
/* The finding's detail: who holds the value, since when, then @advice
 * (what to do in this case, see dsc-conflict-diagnosis.h). */
char             *dsc_conflict_detail            (DscConflictTexts       *texts,
                                                  const DscConflictGroup *group,
                                                  const char             *advice);
/* GCompareFunc over DscConflictGroup **: by property, then value. */
int               dsc_conflict_group_compare     (gconstpointer a,
                                                  gconstpointer b);

G_END_DECLS
