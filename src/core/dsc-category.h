/* dsc-category.h — the static catalogue of problem categories: what each
 * means, why it matters, how to fix it and where to learn more. */
#pragma once

#include "dsc-types.h"

G_BEGIN_DECLS

typedef struct {
  const char *label;    /* translatable (N_) — use dsc_category_link_label() */
  const char *uri;
} DscLink;

typedef struct {
  DscCategoryId id;
  const char *title;        /* N_() marked; call _() or use the accessors */
  const char *summary;      /* one line for lists */
  const char *explanation;  /* "What this means" */
  const char *why;          /* "Why it matters" */
  const char *const *fix_steps; /* NULL-terminated, N_() marked */
  const DscLink *links;     /* terminated by { NULL, NULL } */
  const char *permission;   /* which role/permission the data needs, N_() marked, may be NULL */
  gboolean informational;   /* no status of its own (attributes) */
} DscCategoryInfo;

const DscCategoryInfo *dsc_category_get_info (DscCategoryId id);
/* Translated accessors. */
const char *dsc_category_get_title       (DscCategoryId id);
const char *dsc_category_get_explanation (DscCategoryId id);
const char *dsc_category_get_why         (DscCategoryId id);
/* Added: translated summary line and permission text (NULL when none). */
const char *dsc_category_get_summary     (DscCategoryId id);
const char *dsc_category_get_permission  (DscCategoryId id);
/* Returns a newly allocated, translated, NULL-terminated vector. */
GStrv       dsc_category_dup_fix_steps   (DscCategoryId id);
const char *dsc_link_get_label           (const DscLink *link);

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
