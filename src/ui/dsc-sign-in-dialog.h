/* dsc-sign-in-dialog.h — first-run assistant and sign-in: explains the app
 * registration, asks client ID, tenant and cloud, then signs in with the
 * browser (auth code + PKCE) or a device code. Self-contained: the caller
 * only listens to "signed-in". */
#pragma once

#include <adwaita.h>

#include "dsc-oauth-token-provider.h"
#include "dsc-profile-store.h"

G_BEGIN_DECLS

#define DSC_TYPE_SIGN_IN_DIALOG (dsc_sign_in_dialog_get_type ())
G_DECLARE_FINAL_TYPE (DscSignInDialog, dsc_sign_in_dialog, DSC, SIGN_IN_DIALOG, AdwWindow)

/* profile NULL: a new tenant (added to store once signed in); else sign in
 * to that profile again. Emits "signed-in" (DscProfile *, DscOAuthTokenProvider *)
 * and closes itself. */
DscSignInDialog *dsc_sign_in_dialog_new (GtkWindow       *parent,
                                         DscProfileStore *store,
                                         DscProfile      *profile);

G_END_DECLS
