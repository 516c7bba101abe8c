/* dsc-sign-in-dialog.c — the sign-in assistant (see the header). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n.h>

#include "dsc-auth-code-flow.h"
#include "dsc-auth-error.h"
#include "dsc-cloud.h"
#include "dsc-device-code-flow.h"
#include "dsc-platform.h"
#include "dsc-sign-in-dialog.h"

struct _DscSignInDialog
{
  AdwWindow              parent_instance;

  AdwToastOverlay       *toasts;
  AdwEntryRow           *name_row;
  AdwEntryRow           *client_id_row;
  AdwEntryRow           *tenant_row;
  AdwComboRow           *cloud_row;
  GtkWidget             *progress_box;
  GtkSpinner            *spinner;
  GtkLabel              *progress_label;
  GtkLabel              *user_code_label;
  GtkWidget             *device_buttons;
  GtkLabel              *error_label;
  GtkWidget             *consent_button;

  DscProfileStore       *store;
  DscProfile            *existing;
  DscProfile            *profile;      /* being signed in to */
  DscOAuthTokenProvider *provider;
  GCancellable          *cancellable;
  DscAuthCodeFlow       *code_flow;
  DscDeviceCodeFlow     *device_flow;
  char                  *consent_url;
  char                  *default_client_id;
  GStrv                  missing;      /* not granted, after sign-in */
  gboolean               busy;
};

#define SETUP_SCRIPT_RESOURCE "/io/github/DirSyncCompanion/setup/register-app.ps1"

enum {
  SIGNED_IN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DscSignInDialog, dsc_sign_in_dialog, ADW_TYPE_WINDOW)

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (row_text (row)));
}

static void
update_buttons (DscSignInDialog *self)
{
  g_autofree char *name = trimmed (self->name_row);
  g_autofree char *client = trimmed (self->client_id_row);
  g_autofree char *tenant = trimmed (self->tenant_row);
  gboolean ready = !self->busy && *name != '\0' && *client != '\0' && *tenant != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.browser", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.device-code", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.cancel", self->busy);
}

static void
set_busy (DscSignInDialog *self,
          gboolean         busy,
          const char      *progress)
{
  self->busy = busy;
  gtk_widget_set_visible (self->progress_box, busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_label_set_text (self->progress_label, progress != NULL ? progress : "");
  if (!busy)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->user_code_label), FALSE);
      gtk_widget_set_visible (self->device_buttons, FALSE);
      g_clear_object (&self->code_flow);
      g_clear_object (&self->device_flow);
      g_clear_object (&self->cancellable);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_row), !busy && self->existing == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->client_id_row), !busy && self->existing == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tenant_row), !busy && self->existing == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cloud_row), !busy && self->existing == NULL);
  update_buttons (self);
}

static void
show_error (DscSignInDialog *self,
            const GError    *error)
{
  g_clear_pointer (&self->consent_url, g_free);
  if (g_error_matches (error, DSC_AUTH_ERROR, DSC_AUTH_ERROR_CONSENT_REQUIRED))
    {
      g_autofree char *authority = dsc_profile_dup_authority (self->profile, NULL);

      if (authority != NULL)
        self->consent_url = dsc_auth_admin_consent_url (authority,
                                                        dsc_profile_get_client_id (self->profile));
    }
  gtk_widget_set_visible (self->consent_button, self->consent_url != NULL);
  gtk_label_set_text (self->error_label, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* Builds the profile (and its provider) from the form; a new one gets a
 * unique id but joins the store only once signed in. */
static gboolean
prepare_profile (DscSignInDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *authority = NULL;
  g_autofree char *scopes = NULL;

  g_clear_object (&self->profile);
  g_clear_object (&self->provider);
  if (self->existing != NULL)
    self->profile = g_object_ref (self->existing);
  else
    {
      g_autofree char *name = trimmed (self->name_row);
      g_autofree char *client = trimmed (self->client_id_row);
      g_autofree char *tenant = trimmed (self->tenant_row);
      g_autofree char *base = dsc_profile_make_id (name);
      g_autofree char *id = g_strdup (base);
      const DscCloud * const *clouds = dsc_cloud_list ();
      guint index = adw_combo_row_get_selected (self->cloud_row);

      for (guint i = 2; dsc_profile_store_lookup (self->store, id) != NULL; i++)
        {
          g_free (id);
          id = g_strdup_printf ("%s-%u", base, i);
        }
      if (index >= g_strv_length ((char **) clouds))
        index = 0;
      self->profile = dsc_profile_new (id, name, tenant, client, clouds[index]->id);
    }

  authority = dsc_profile_dup_authority (self->profile, &error);
  if (authority == NULL)
    {
      show_error (self, error);
      return FALSE;
    }
  scopes = dsc_profile_dup_scopes (self->profile);
  self->provider = dsc_oauth_token_provider_new (authority,
                                                 dsc_profile_get_client_id (self->profile),
                                                 scopes, dsc_profile_get_id (self->profile));
  show_error (self, NULL);
  return TRUE;
}

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DscSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) save_error = NULL;

  if (!dsc_oauth_token_provider_sign_in_finish (self->provider, result, &error))
    g_debug ("sign-in not saved: %s", error->message);

  if (self->existing == NULL &&
      dsc_profile_store_lookup (self->store, dsc_profile_get_id (self->profile)) == NULL &&
      !dsc_profile_store_insert (self->store, self->profile, &save_error))
    {
      set_busy (self, FALSE, NULL);
      show_error (self, save_error);
      return;
    }
  dsc_profile_store_set_active (self->store, dsc_profile_get_id (self->profile), NULL);
  set_busy (self, FALSE, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, self->profile, self->provider);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
got_tokens (DscSignInDialog *self,
            DscOAuthTokens  *tokens,
            GError          *error)
{
  if (tokens == NULL)
    {
      set_busy (self, FALSE, NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  /* Known now from the granted scopes, not later from 403s. */
  g_clear_pointer (&self->missing, g_strfreev);
  self->missing = dsc_cloud_missing_permissions (tokens->scope);
  gtk_label_set_text (self->progress_label, _("Saving your sign-in…"));
  dsc_oauth_token_provider_sign_in_async (self->provider, tokens, NULL, signed_in,
                                          g_object_ref (self));
}

static void
code_flow_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DscSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DscOAuthTokens *tokens;

  tokens = dsc_auth_code_flow_get_tokens_finish (DSC_AUTH_CODE_FLOW (source), result, &error);
  got_tokens (self, tokens, error);
}

static void
browser_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);
  g_autofree char *authority = NULL;
  g_autofree char *scopes = NULL;
  g_autoptr(GError) error = NULL;

  if (!prepare_profile (self))
    return;
  authority = dsc_profile_dup_authority (self->profile, NULL);
  scopes = dsc_profile_dup_scopes (self->profile);
  self->code_flow = dsc_auth_code_flow_new (authority, dsc_profile_get_client_id (self->profile),
                                            scopes);
  if (!dsc_auth_code_flow_start (self->code_flow, &error))
    {
      g_clear_object (&self->code_flow);
      show_error (self, error);
      return;
    }
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE, _("Finish signing in in your browser…"));
  dsc_platform_open_uri (self, dsc_auth_code_flow_get_authorize_url (self->code_flow));
  dsc_auth_code_flow_get_tokens_async (self->code_flow, self->cancellable, code_flow_done,
                                       g_object_ref (self));
}

static void
device_polled (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(DscSignInDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DscOAuthTokens *tokens;

  tokens = dsc_device_code_flow_poll_finish (DSC_DEVICE_CODE_FLOW (source), result, &error);
  got_tokens (self, tokens, error);
}

static void
device_started (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DscSignInDialog) self = user_data;
  DscDeviceCodeFlow *flow = DSC_DEVICE_CODE_FLOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;

  if (!dsc_device_code_flow_start_finish (flow, result, &error))
    {
      set_busy (self, FALSE, NULL);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  progress = g_strdup_printf (_("On any device, open %s and enter this code. "
                                "It is valid for %u minutes."),
                              dsc_device_code_flow_get_verification_uri (flow),
                              (dsc_device_code_flow_get_expires_in (flow) + 59) / 60);
  gtk_label_set_text (self->progress_label, progress);
  gtk_label_set_text (self->user_code_label, dsc_device_code_flow_get_user_code (flow));
  gtk_widget_set_visible (GTK_WIDGET (self->user_code_label), TRUE);
  gtk_widget_set_visible (self->device_buttons, TRUE);
  dsc_device_code_flow_poll_async (flow, self->cancellable, device_polled, g_object_ref (self));
}

static void
device_code_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);
  g_autofree char *authority = NULL;
  g_autofree char *scopes = NULL;

  if (!prepare_profile (self))
    return;
  authority = dsc_profile_dup_authority (self->profile, NULL);
  scopes = dsc_profile_dup_scopes (self->profile);
  self->device_flow = dsc_device_code_flow_new (authority,
                                                dsc_profile_get_client_id (self->profile), scopes);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE, _("Asking for a device code…"));
  dsc_device_code_flow_start_async (self->device_flow, self->cancellable, device_started,
                                    g_object_ref (self));
}

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          gtk_label_get_text (self->user_code_label));
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Code copied")));
}

static void
copy_script_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);
  g_autoptr(GBytes) script = g_resources_lookup_data (SETUP_SCRIPT_RESOURCE,
                                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *text = NULL;

  g_return_if_fail (script != NULL);   /* compiled in */
  text = g_strndup (g_bytes_get_data (script, NULL), g_bytes_get_size (script));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  adw_toast_overlay_add_toast (self->toasts,
                               adw_toast_new (_("Script copied: paste it into Azure Cloud "
                                                "Shell (PowerShell)")));
}

static void
open_verification_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);

  if (self->device_flow != NULL &&
      g_str_has_prefix (dsc_device_code_flow_get_verification_uri (self->device_flow),
                        "https://"))
    dsc_platform_open_uri (self, dsc_device_code_flow_get_verification_uri (self->device_flow));
}

static void
admin_consent_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);

  if (self->consent_url != NULL)
    dsc_platform_open_uri (self, self->consent_url);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
dsc_sign_in_dialog_dispose (GObject *object)
{
  DscSignInDialog *self = DSC_SIGN_IN_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->code_flow);
  g_clear_object (&self->device_flow);
  g_clear_object (&self->provider);
  g_clear_object (&self->profile);
  g_clear_object (&self->existing);
  g_clear_object (&self->store);
  g_clear_pointer (&self->consent_url, g_free);
  g_clear_pointer (&self->default_client_id, g_free);
  g_clear_pointer (&self->missing, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_SIGN_IN_DIALOG);
  G_OBJECT_CLASS (dsc_sign_in_dialog_parent_class)->dispose (object);
}

static void
dsc_sign_in_dialog_class_init (DscSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_sign_in_dialog_dispose;

  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, DSC_TYPE_PROFILE, DSC_TYPE_OAUTH_TOKEN_PROVIDER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/"
                                               "dsc-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, tenant_row);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, cloud_row);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, user_code_label);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, device_buttons);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DscSignInDialog, consent_button);
  gtk_widget_class_bind_template_callback (widget_class, update_buttons);

  gtk_widget_class_install_action (widget_class, "sign-in.browser", NULL, browser_action);
  gtk_widget_class_install_action (widget_class, "sign-in.device-code", NULL,
                                   device_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-code", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-script", NULL,
                                   copy_script_action);
  gtk_widget_class_install_action (widget_class, "sign-in.open-verification", NULL,
                                   open_verification_action);
  gtk_widget_class_install_action (widget_class, "sign-in.admin-consent", NULL,
                                   admin_consent_action);
  gtk_widget_class_install_action (widget_class, "sign-in.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dsc_sign_in_dialog_init (DscSignInDialog *self)
{
  g_autoptr(GtkStringList) clouds = gtk_string_list_new (NULL);
  const DscCloud * const *list = dsc_cloud_list ();

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; list[i] != NULL; i++)
    gtk_string_list_append (clouds, _(list[i]->display_name));
  adw_combo_row_set_model (self->cloud_row, G_LIST_MODEL (clouds));
  set_busy (self, FALSE, NULL);
}

DscSignInDialog *
dsc_sign_in_dialog_new (GtkWindow       *parent,
                        DscProfileStore *store,
                        DscProfile      *profile)
{
  return dsc_sign_in_dialog_new_full (parent, store, profile, DSC_DEFAULT_CLIENT_ID);
}

const char * const *
dsc_sign_in_dialog_get_missing_permissions (DscSignInDialog *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (DSC_IS_SIGN_IN_DIALOG (self), NULL);
  return self->missing != NULL ? (const char * const *) self->missing : none;
}

DscSignInDialog *
dsc_sign_in_dialog_new_full (GtkWindow       *parent,
                             DscProfileStore *store,
                             DscProfile      *profile,
                             const char      *default_client_id)
{
  DscSignInDialog *self = g_object_new (DSC_TYPE_SIGN_IN_DIALOG,
                                        "transient-for", parent,
                                        NULL);

  self->store = g_object_ref (store);
  /* A distributor's registration (meson -Ddefault_client_id): nothing to
   * register or paste, so the client ID is filled in and not asked. */
  if (profile == NULL && default_client_id != NULL && *default_client_id != '\0')
    {
      self->default_client_id = g_strdup (default_client_id);
      gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), default_client_id);
      gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), FALSE);
    }
  if (profile != NULL)
    {
      const DscCloud * const *list = dsc_cloud_list ();

      self->existing = g_object_ref (profile);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), dsc_profile_get_display_name (profile));
      gtk_editable_set_text (GTK_EDITABLE (self->client_id_row),
                             dsc_profile_get_client_id (profile));
      gtk_editable_set_text (GTK_EDITABLE (self->tenant_row), dsc_profile_get_tenant (profile));
      for (guint i = 0; list[i] != NULL; i++)
        if (list[i]->id == dsc_profile_get_cloud (profile))
          adw_combo_row_set_selected (self->cloud_row, i);
      set_busy (self, FALSE, NULL);
    }
  return self;
}
