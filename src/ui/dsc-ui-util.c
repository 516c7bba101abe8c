/* dsc-ui-util.c — shared rendering helpers for the window's widgets. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-ui-util.h"
#include "dsc-platform.h"

const char *
dsc_ui_status_icon_name (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
      return "emblem-ok-symbolic";
    case DSC_STATUS_INFO:
      return "dialog-information-symbolic";
    case DSC_STATUS_WARNING:
      return "dialog-warning-symbolic";
    case DSC_STATUS_ERROR:
      return "dialog-error-symbolic";
    case DSC_STATUS_UNKNOWN:
    default:
      return "dialog-question-symbolic";
    }
}

const char *
dsc_ui_status_css_class (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
      return "success";
    case DSC_STATUS_WARNING:
      return "warning";
    case DSC_STATUS_ERROR:
      return "error";
    case DSC_STATUS_INFO:
      return "accent";
    case DSC_STATUS_UNKNOWN:
    default:
      return "dim-label";
    }
}

const char *
dsc_ui_status_label (DscStatus status)
{
  switch (status)
    {
    case DSC_STATUS_OK:
      return _("OK");
    case DSC_STATUS_INFO:
      return _("Information");
    case DSC_STATUS_WARNING:
      return _("Warning");
    case DSC_STATUS_ERROR:
      return _("Error");
    case DSC_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

void
dsc_ui_set_status_icon (GtkImage  *image,
                        DscStatus  status)
{
  static const DscStatus all[] = {
    DSC_STATUS_OK, DSC_STATUS_INFO, DSC_STATUS_WARNING, DSC_STATUS_ERROR, DSC_STATUS_UNKNOWN,
  };

  gtk_image_set_from_icon_name (image, dsc_ui_status_icon_name (status));
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), dsc_ui_status_css_class (all[i]));
  gtk_widget_add_css_class (GTK_WIDGET (image), dsc_ui_status_css_class (status));
}

const char *
dsc_ui_tile_icon_name (DscTileId tile)
{
  switch (tile)
    {
    case DSC_TILE_SYNC_ENABLED:
      return "emblem-synchronizing-symbolic";
    case DSC_TILE_LAST_SYNC:
      return "preferences-system-time-symbolic";
    case DSC_TILE_PASSWORD_SYNC:
      return "dialog-password-symbolic";
    case DSC_TILE_SYNC_ERRORS:
      return "system-users-symbolic";
    case DSC_TILE_QUOTA:
      return "drive-harddisk-symbolic";
    case DSC_TILE_CONNECT_VERSION:
      return "software-update-available-symbolic";
    case DSC_TILE_SYNC_IDENTITY:
      return "avatar-default-symbolic";
    case DSC_TILE_DOMAINS:
      return "network-workgroup-symbolic";
    case DSC_TILE_SERVICE_HEALTH:
      return "network-server-symbolic";
    case DSC_N_TILES:
    default:
      return "dialog-question-symbolic";
    }
}

const char *
dsc_ui_category_icon_name (DscCategoryId category)
{
  switch (category)
    {
    case DSC_CATEGORY_OBJECT_ERRORS:
      return "system-users-symbolic";
    case DSC_CATEGORY_NO_RECENT_SYNC:
      return "preferences-system-time-symbolic";
    case DSC_CATEGORY_PASSWORD_SYNC:
      return "dialog-password-symbolic";
    case DSC_CATEGORY_OBJECT_QUOTA:
      return "drive-harddisk-symbolic";
    case DSC_CATEGORY_CONNECT_VERSION:
      return "software-update-available-symbolic";
    case DSC_CATEGORY_SYNC_IDENTITY:
      return "avatar-default-symbolic";
    case DSC_CATEGORY_DOMAINS:
      return "network-workgroup-symbolic";
    case DSC_CATEGORY_SERVICE_HEALTH:
      return "network-server-symbolic";
    case DSC_CATEGORY_SYNC_SAFEGUARDS:
      return "security-high-symbolic";
    case DSC_CATEGORY_CANT_MANAGE:
      return "channel-secure-symbolic";
    case DSC_CATEGORY_ATTRIBUTES:
      return "view-list-symbolic";
    case DSC_N_CATEGORIES:
    default:
      return "dialog-question-symbolic";
    }
}

const char *
dsc_ui_category_short_title (DscCategoryId category)
{
  switch (category)
    {
    case DSC_CATEGORY_OBJECT_ERRORS:
      return _("Sync errors");
    case DSC_CATEGORY_NO_RECENT_SYNC:
      return _("Last directory sync");
    case DSC_CATEGORY_PASSWORD_SYNC:
      return _("Password hash sync");
    case DSC_CATEGORY_OBJECT_QUOTA:
      return _("Object quota");
    case DSC_CATEGORY_CONNECT_VERSION:
      return _("Entra Connect version");
    case DSC_CATEGORY_SYNC_IDENTITY:
      return _("Sync account");
    case DSC_CATEGORY_DOMAINS:
      return _("Domains and UPN suffixes");
    case DSC_CATEGORY_SERVICE_HEALTH:
      return _("Service health");
    case DSC_CATEGORY_SYNC_SAFEGUARDS:
      return _("Sync safeguards");
    case DSC_CATEGORY_CANT_MANAGE:
      return _("Managing synced objects");
    case DSC_CATEGORY_ATTRIBUTES:
      return _("Synchronized attributes");
    case DSC_N_CATEGORIES:
    default:
      return "";
    }
}

char *
dsc_ui_format_local_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (unix_seconds);
  if (dt == NULL)
    return g_strdup ("");
  /* Translators: a full local date and time, see g_date_time_format() */
  return g_date_time_format (dt, _("%A %-d %B %Y, %H:%M"));
}

char *
dsc_ui_format_short_time (gint64 unix_seconds,
                          gint64 now)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;

  if (unix_seconds <= 0)
    return g_strdup ("");

  dt = g_date_time_new_from_unix_local (unix_seconds);
  now_dt = g_date_time_new_from_unix_local (now);
  if (dt == NULL || now_dt == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (dt) == g_date_time_get_year (now_dt)
      && g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now_dt))
    /* Translators: a time today, see g_date_time_format() */
    return g_date_time_format (dt, _("%H:%M"));

  /* Translators: a short date and time, see g_date_time_format() */
  return g_date_time_format (dt, _("%-d %b %Y, %H:%M"));
}

const char *
dsc_ui_category_limited_reason (const DscReport *report,
                                DscCategoryId    category)
{
  g_return_val_if_fail (report != NULL, NULL);

  for (guint i = 0; i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, i);

      if (tile != NULL && tile->category == category
          && tile->limited_reason != NULL && *tile->limited_reason != '\0')
        return tile->limited_reason;
    }

  return NULL;
}

DscStatus
dsc_ui_category_status (const DscReport *report,
                        DscCategoryId    category)
{
  const DscCategoryReport *cat;

  g_return_val_if_fail (report != NULL, DSC_STATUS_UNKNOWN);

  cat = dsc_report_get_category (report, category);
  if (cat == NULL)
    return DSC_STATUS_UNKNOWN;
  if (cat->status == DSC_STATUS_OK && dsc_ui_category_limited_reason (report, category) != NULL)
    return DSC_STATUS_UNKNOWN;
  return cat->status;
}

void
dsc_ui_open_uri (GtkWidget  *widget,
                 const char *uri)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;

  g_return_if_fail (uri != NULL);

  /* The platform layer picks gtk_show_uri / GtkUriLauncher or ShellExecuteW. */
  dsc_platform_open_uri (GTK_IS_WINDOW (root) ? root : NULL, uri);
}
