/* dsc-ui-util.c — shared rendering helpers for the window's widgets. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <glib/gi18n.h>

#include "dsc-ui-util.h"
#include "dsc-category.h"
#include "dsc-time.h"
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
      break;
    }
  return "dialog-question-symbolic";
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
      break;
    }
  return "dim-label";
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
      break;
    }
  return _("Unknown");
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
  return (guint) tile < DSC_N_TILES ? dsc_tile_get_info (tile)->icon_name
                                    : "dialog-question-symbolic";
}

const char *
dsc_ui_category_icon_name (DscCategoryId category)
{
  return dsc_category_get_icon_name (category);
}

const char *
dsc_ui_category_short_title (DscCategoryId category)
{
  return dsc_category_get_short_title (category);
}

char *
dsc_ui_format_local_time (gint64 unix_seconds)
{
  return dsc_format_local_time (unix_seconds);
}

char *
dsc_ui_format_short_time (gint64 unix_seconds,
                          gint64 now)
{
  return dsc_format_short_time (unix_seconds, now);
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
