/* dsc-profiles-dialog.c — the tenant switcher (see the header). */
#include "config.h"

#define G_LOG_DOMAIN "dsc-auth"

#include <glib/gi18n.h>

#include "dsc-history.h"
#include "dsc-profiles-dialog.h"
#include "dsc-session.h"

struct _DscProfilesDialog
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toasts;
  GtkListBox      *list;

  DscProfileStore *store;
};

enum {
  SWITCH_PROFILE,
  ADD_PROFILE,
  SIGN_OUT_PROFILE,
  REMOVED_PROFILE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DscProfilesDialog, dsc_profiles_dialog, ADW_TYPE_WINDOW)

static void
toast_error (DscProfilesDialog *self,
             const GError      *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static DscProfile *
profile_of (GtkWidget *button)
{
  return g_object_get_data (G_OBJECT (button), "dsc-profile");
}

static void
on_switch (GtkButton         *button,
           DscProfilesDialog *self)
{
  g_autoptr(GError) error = NULL;
  DscProfile *profile = profile_of (GTK_WIDGET (button));

  if (!dsc_profile_store_set_active (self->store, dsc_profile_get_id (profile), &error))
    {
      toast_error (self, error);
      return;
    }
  g_signal_emit (self, signals[SWITCH_PROFILE], 0, profile);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_sign_out (GtkButton         *button,
             DscProfilesDialog *self)
{
  DscProfile *profile = profile_of (GTK_WIDGET (button));
  g_autofree char *text = g_strdup_printf (_("Signed out of %s"),
                                           dsc_profile_get_display_name (profile));

  g_signal_emit (self, signals[SIGN_OUT_PROFILE], 0, profile);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
rename_response (AdwMessageDialog  *dialog,
                 const char        *response,
                 DscProfilesDialog *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  DscProfile *profile = g_object_get_data (G_OBJECT (dialog), "dsc-profile");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "rename") != 0 || *name == '\0')
    return;
  if (!dsc_profile_store_rename (self->store, dsc_profile_get_id (profile), name, &error))
    toast_error (self, error);
}

static void
on_rename (GtkButton         *button,
           DscProfilesDialog *self)
{
  DscProfile *profile = profile_of (GTK_WIDGET (button));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename Tenant"), NULL);
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), dsc_profile_get_display_name (profile));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename",
                                              ADW_RESPONSE_SUGGESTED);
  g_object_set_data_full (G_OBJECT (dialog), "dsc-profile", g_object_ref (profile),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (rename_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
forget_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!dsc_session_forget_data_finish (result, &error))
    g_warning ("A removed tenant's data was not all deleted: %s", error->message);
}

/* Another profile still follows this tenant (then its history stays). */
static gboolean
tenant_still_followed (DscProfileStore *store,
                       const char      *tenant)
{
  GListModel *profiles = dsc_profile_store_get_profiles (store);

  for (guint i = 0; i < g_list_model_get_n_items (profiles); i++)
    {
      g_autoptr(DscProfile) other = g_list_model_get_item (profiles, i);

      if (tenant != NULL && dsc_profile_get_tenant (other) != NULL &&
          g_ascii_strcasecmp (dsc_profile_get_tenant (other), tenant) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
remove_response (AdwMessageDialog  *dialog,
                 const char        *response,
                 DscProfilesDialog *self)
{
  g_autoptr(DscProfile) profile = NULL;
  g_autofree char *id = NULL;
  g_autofree char *data_key = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  profile = g_object_ref (g_object_get_data (G_OBJECT (dialog), "dsc-profile"));
  id = g_strdup (dsc_profile_get_id (profile));
  data_key = dsc_profile_dup_data_key (profile);
  if (!dsc_profile_store_remove (self->store, id, &error))
    {
      toast_error (self, error);
      return;
    }
  /* Removal is final: the stored sign-in went with the store entry; the
   * window lets go of the tenant, then its offline copy and history go. */
  g_signal_emit (self, signals[REMOVED_PROFILE], 0, id);
  dsc_session_forget_data_async (data_key, dsc_profile_get_tenant (profile),
                                 tenant_still_followed (self->store,
                                                        dsc_profile_get_tenant (profile))
                                 ? NULL : dsc_history_get_default (),
                                 NULL, forget_done, NULL);
}

static void
on_remove (GtkButton         *button,
           DscProfilesDialog *self)
{
  DscProfile *profile = profile_of (GTK_WIDGET (button));
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Tenant?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("DirSync Companion forgets “%s”: its sign-in, its offline "
                                    "copy and its refresh history. The app registration in the "
                                    "tenant stays as it is."),
                                  dsc_profile_get_display_name (profile));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  g_object_set_data_full (G_OBJECT (dialog), "dsc-profile", g_object_ref (profile),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
suffix_button (DscProfilesDialog *self,
               DscProfile        *profile,
               const char        *icon,
               const char        *tooltip,
               GCallback          handler)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "dsc-profile", g_object_ref (profile),
                          g_object_unref);
  g_signal_connect_object (button, "clicked", handler, self, 0);
  return button;
}

/* One row per profile: a list model row, not a static tree, so it is built
 * here rather than in the template. */
static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DscProfilesDialog *self = user_data;
  DscProfile *profile = item;
  GtkWidget *row = adw_action_row_new ();
  DscProfile *active = dsc_profile_store_get_active (self->store);
  g_autofree char *subtitle = g_strdup_printf (
    "%s · %s", dsc_profile_get_tenant (profile),
    _(dsc_cloud_get (dsc_profile_get_cloud (profile))->display_name));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 dsc_profile_get_display_name (profile));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (profile == active)
    {
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Shown now"), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
    }
  else
    {
      GtkWidget *button = suffix_button (self, profile, "go-next-symbolic",
                                         _("Switch to this tenant"), G_CALLBACK (on_switch));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button (self, profile, "document-edit-symbolic",
                                            _("Rename"), G_CALLBACK (on_rename)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button (self, profile, "system-log-out-symbolic",
                                            _("Sign out"), G_CALLBACK (on_sign_out)));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             suffix_button (self, profile, "user-trash-symbolic",
                                            _("Remove"), G_CALLBACK (on_remove)));
  return row;
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  DscProfilesDialog *self = DSC_PROFILES_DIALOG (widget);

  g_signal_emit (self, signals[ADD_PROFILE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
dsc_profiles_dialog_dispose (GObject *object)
{
  DscProfilesDialog *self = DSC_PROFILES_DIALOG (object);

  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_PROFILES_DIALOG);
  G_OBJECT_CLASS (dsc_profiles_dialog_parent_class)->dispose (object);
}

static void
dsc_profiles_dialog_class_init (DscProfilesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_profiles_dialog_dispose;

  signals[SWITCH_PROFILE] =
    g_signal_new ("switch-profile", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, DSC_TYPE_PROFILE);
  signals[ADD_PROFILE] =
    g_signal_new ("add-profile", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGN_OUT_PROFILE] =
    g_signal_new ("sign-out-profile", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, DSC_TYPE_PROFILE);
  signals[REMOVED_PROFILE] =
    g_signal_new ("removed-profile", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/"
                                               "dsc-profiles-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DscProfilesDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, DscProfilesDialog, list);
  gtk_widget_class_install_action (widget_class, "profiles.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dsc_profiles_dialog_init (DscProfilesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

DscProfilesDialog *
dsc_profiles_dialog_new (GtkWindow       *parent,
                         DscProfileStore *store)
{
  DscProfilesDialog *self = g_object_new (DSC_TYPE_PROFILES_DIALOG,
                                          "transient-for", parent,
                                          NULL);

  self->store = g_object_ref (store);
  gtk_list_box_bind_model (self->list, dsc_profile_store_get_profiles (store), create_row,
                           self, NULL);
  return self;
}
