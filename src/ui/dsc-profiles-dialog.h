/* dsc-profiles-dialog.h — the tenant switcher for admins (and MSPs) with
 * several tenants: switch, add, rename, sign out, remove. */
#pragma once

#include <adwaita.h>

#include "dsc-profile-store.h"

G_BEGIN_DECLS

#define DSC_TYPE_PROFILES_DIALOG (dsc_profiles_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DscProfilesDialog, dsc_profiles_dialog, DSC, PROFILES_DIALOG, AdwWindow)

/* Signals: "switch-profile" (DscProfile *), "add-profile" (),
 * "sign-out-profile" (DscProfile *), "removed-profile" (const char *id).
 * Rename and remove are done on the store directly. */
DscProfilesDialog *dsc_profiles_dialog_new (GtkWindow       *parent,
                                            DscProfileStore *store);

G_END_DECLS
