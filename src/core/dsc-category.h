/* dsc-category.h — the static catalogue of problem categories: what each
 * means, why it matters, how to fix it and where to learn more. */
#pragma once

#include "dsc-types.h"
#include "dsc-fix-step.h"

G_BEGIN_DECLS

typedef struct {
  const char *label;    /* translatable (N_) — use dsc_category_link_label() */
  const char *uri;
} DscLink;

/* Marks a singular/plural pair for xgettext (keyword NP_:1,2 in po/meson.build)
 * where ngettext() can't be called: in a static table. */
#define NP_(singular, plural) singular, plural

/* Everything about one category, in one row of the catalogue
 * (dsc-category.c): a new category is a new row, and the test
 * /core/category/table fails until every field is set. */
typedef struct {
  DscCategoryId id;
  const char *name;         /* stable, for files and keys: "object-errors" */
  const char *icon_name;    /* symbolic icon name (a string: core stays free of GTK) */
  const char *short_title;  /* N_(): neutral name for lists, "Object quota" */
  const char *title;        /* N_(): the problem, "Object quota exceeded"; use the accessors */
  const char *summary;      /* one line for lists */
  const char *explanation;  /* "What this means" */
  const char *why;          /* "Why it matters" */
  const DscFixStepInfo *fix_steps; /* terminated by { NULL, NULL }; text N_() marked,
                                    * commands untranslated */
  const DscLink *links;     /* terminated by { NULL, NULL } */
  const char *permission;   /* which role/permission the data needs, N_() marked */
  gboolean informational;   /* no status of its own (attributes) */
  gboolean optional;        /* unknown (never run) is said in its pane but not counted in the
                             * tenant's verdict or headline (the on-premises scan) */
  /* Notification title when the category turns warning / error (N_()).
   * NULL: "<title> needs attention". */
  const char *notify_warning;
  const char *notify_error;
  /* NP_(): "%u objects not syncing" with the number of objects in error,
   * used instead of the above when there are any; { NULL, NULL } if unused. */
  const char *notify_count[2];
  /* Wording by state (N_()): the pane's title and status sentence say what
   * is true now, never the problem statement when nothing is wrong. A NULL
   * warning/error title means .title. */
  const char *ok_title;       /* "Directory sync is running" */
  const char *ok_text;
  const char *warning_title;
  const char *warning_text;
  const char *error_title;
  const char *error_text;
  const char *unknown_title;  /* "Last sync time could not be read" */
  const char *unknown_text;
} DscCategoryInfo;

/* One tile of the main window: its stable name, icon, and the category whose
 * pane it opens (unless a rule points it elsewhere for one report). */
typedef struct {
  DscTileId id;
  const char *name;         /* stable: "sync-enabled" */
  const char *icon_name;
  DscCategoryId category;
} DscTileInfo;

const DscCategoryInfo *dsc_category_get_info (DscCategoryId id);
/* Translated accessors. */
const char *dsc_category_get_title       (DscCategoryId id);
const char *dsc_category_get_explanation (DscCategoryId id);
const char *dsc_category_get_why         (DscCategoryId id);
/* Added: translated summary line and permission text (NULL when none). */
const char *dsc_category_get_summary     (DscCategoryId id);
const char *dsc_category_get_permission  (DscCategoryId id);
/* Returns a newly allocated, translated, NULL-terminated vector of steps
 * (dsc-fix-step.h: read each with dsc_fix_step_dup_text/get_command). */
GStrv       dsc_category_dup_fix_steps   (DscCategoryId id);
const char *dsc_link_get_label           (const DscLink *link);
/* Translated; "" for an id out of range. */
const char *dsc_category_get_short_title (DscCategoryId id);
/* "dialog-question-symbolic" for an id out of range. */
const char *dsc_category_get_icon_name   (DscCategoryId id);
/* TRUE when status, for this category, is an optional check that has not run. */
gboolean    dsc_category_unknown_is_optional (DscCategoryId id, DscStatus status);
/* Translated notification title for a category that turned warning or
 * error; @n_in_error counts the objects in error (0 when none or unknown). */
char       *dsc_category_dup_notify_title (DscCategoryId id,
                                           DscStatus     status,
                                           guint         n_in_error);

/* Translated title and status sentence for the category in @status (INFO
 * reads as OK). */
const char *dsc_category_get_state_title (DscCategoryId id, DscStatus status);
const char *dsc_category_get_state_text  (DscCategoryId id, DscStatus status);

const DscTileInfo *dsc_tile_get_info     (DscTileId id);
/* The pane a tile opens by default; written once, here. */
DscCategoryId      dsc_tile_get_category (DscTileId id);

/* Well-known links, used by several categories and shells. */
#define DSC_URI_ENTRA_CONNECT_DOWNLOAD \
  "https://entra.microsoft.com/#view/Microsoft_AAD_Connect_Provisioning/AADConnectMenuBlade/%7E/GetStarted"
#define DSC_URI_CONNECT_VERSION_HISTORY \
  "https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-version-history"
#define DSC_URI_CONTACT_SUPPORT \
  "https://learn.microsoft.com/microsoft-365/admin/get-help-support"
#define DSC_URI_FIX_DIRSYNC_ARTICLE \
  "https://learn.microsoft.com/microsoft-365/enterprise/fix-problems-with-directory-synchronization"

G_END_DECLS
