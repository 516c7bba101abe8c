/* dsc-conflict-diagnosis.h — what one sync conflict most likely is and where
 * it is fixed, worked out from the objects on both sides; the summary of all
 * conflicts; links to the objects in the Entra admin center. Pure functions
 * (private to the health rules; the tests include it directly).
 */
#pragma once

#include "dsc-conflicts.h"

G_BEGIN_DECLS

typedef enum {
  DSC_CONFLICT_DECIDE,               /* nothing more specific is known */
  DSC_CONFLICT_SAME_PERSON,          /* synced user vs cloud-only user of the same name */
  DSC_CONFLICT_EDIT_ON_PREMISES,     /* synced vs synced */
  DSC_CONFLICT_GUEST_HOLDER,         /* a guest holds the value */
  DSC_CONFLICT_CLOUD_USER_HOLDER,    /* a cloud-only user holds it */
  DSC_CONFLICT_CLOUD_GROUP_HOLDER,   /* a cloud-only group holds it */
  DSC_CONFLICT_CLOUD_CONTACT_HOLDER, /* a cloud-only (Exchange Online) contact holds it */
  DSC_CONFLICT_HOLDER_NOT_FOUND,     /* the holders were read; none has the value */
  DSC_CONFLICT_HOLDER_UNREAD,        /* the holders could not be read */
} DscConflictCase;

/* A guest: userType "Guest", or (userType not read) a "#EXT#" UPN. */
gboolean        dsc_conflict_object_is_guest (const DscDirectoryObject *object);
/* The same non-empty display name, ignoring case and outer spaces. */
gboolean        dsc_conflict_same_name       (const DscDirectoryObject *a,
                                              const DscDirectoryObject *b);
/* The case for one quarantined object against one other object. */
DscConflictCase dsc_conflict_classify_pair   (const DscDirectoryObject *quarantined,
                                              const DscDirectoryObject *other);
/* The case of a whole conflict, and the two members it is about: the
 * quarantined one (the first in error) and the other one that decides the
 * case (NULL when there is none). @holders_read: the holders source was read. */
DscConflictCase dsc_conflict_classify        (const DscConflictGroup   *group,
                                              gboolean                  holders_read,
                                              const DscConflictMember **quarantined,
                                              const DscConflictMember **other);
/* "same-person", "edit-on-premises", … (as DscDiagnosis.id). */
const char     *dsc_conflict_case_to_string  (DscConflictCase kind);

/* The labels and advice texts, each translated when first used: one per
 * evaluation (zeroed at its start), so thousands of conflicts make a few
 * dozen gettext () calls, and a change of language between evaluations is
 * seen by the next one. */
typedef struct {
  const char *label[DSC_CONFLICT_HOLDER_UNREAD + 2];  /* by case, then the UPN variant */
  const char *text[DSC_CONFLICT_HOLDER_UNREAD + 3];   /* by case, then the UPN variants */
  const char *soft_match_blocked;
  const char *hard_match_blocked;
  const char *contact;
  const char *twins;
  const char *object_dn;
  const char *where;
  const char *scan;
} DscConflictAdviceTexts;

/* What the advice may use besides the group. */
typedef struct {
  const char *const *dns;        /* per member of the group: on-premises DNs, or NULL */
  gboolean scanned;              /* an on-premises scan result exists */
  DscTristate block_soft_match;  /* the tenant's sync settings */
  DscTristate block_hard_match_takeover;
  DscConflictAdviceTexts *texts; /* the evaluation's texts; NULL: translated on each call */
} DscConflictContext;

/* Short, for a table cell: "Edit in Active Directory". Translated. */
char           *dsc_conflict_case_label      (DscConflictCase           kind,
                                              const DscConflictGroup   *group);
/* The same from @texts (translated on first use; owned by @texts). */
const char     *dsc_conflict_case_label_in   (DscConflictAdviceTexts   *texts,
                                              DscConflictCase           kind,
                                              const DscConflictGroup   *group);
/* The advice, naming the objects (and their DNs when the scan has them).
 * Translated (with @context->texts when set). */
char           *dsc_conflict_advice          (DscConflictCase           kind,
                                              const DscConflictGroup   *group,
                                              const DscConflictMember  *quarantined,
                                              const DscConflictMember  *other,
                                              const DscConflictContext *context);

/* The Entra admin center of the cloud that @graph_host belongs to:
 * "entra.microsoft.com", "entra.microsoft.us" (GCC High, DoD),
 * "entra.microsoftonline.cn"; any other host (loopback, a proxy): global. */
const char     *dsc_entra_admin_host         (const char *graph_host);
/* The object's page in that admin center; NULL for contacts (the admin center
 * has no page per organizational contact) and for an id that isn't a GUID. */
char           *dsc_entra_admin_url          (const char   *graph_host,
                                              DscObjectKind kind,
                                              const char   *object_id);

/* The summary of @groups (DscConflictGroup*, those with an object in error)
 * at @now: by attribute, by the value's domain (the @max_domains most
 * frequent, then the rest), by age of the oldest error. */
DscConflictSummary *dsc_conflict_summarize   (GPtrArray *groups,
                                              gint64     now,
                                              guint      max_domains);
/* The domain of a conflicting value ("smtp:a@Contoso.com" → "contoso.com"),
 * NULL without one. */
char           *dsc_conflict_value_domain    (const char *value);
/* The age bucket of an error that began at @since (0: unknown). */
guint           dsc_conflict_age_bucket      (gint64 since,
                                              gint64 now);

G_END_DECLS
