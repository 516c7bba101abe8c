/* dsc-status-tile.c — one tile of the overview grid. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>
#include <glib/gi18n.h>

#include "dsc-status-tile.h"
#include "dsc-report-json.h"
#include "dsc-ui-util.h"
#include "dsc-time.h"

struct _DscStatusTile
{
  GtkFlowBoxChild parent_instance;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *value_label;
  GtkImage *status_icon;
  GtkLabel *status_label;
  GtkLabel *summary_label;

  DscTileId id;
  DscCategoryId category;
  DscStatus status;
  char *title;
  char *value;
  char *summary;
  char *tooltip;
  char *limited_reason;
  gint64 timestamp;
  gint64 evaluated_at;
};

G_DEFINE_FINAL_TYPE (DscStatusTile, dsc_status_tile, GTK_TYPE_FLOW_BOX_CHILD)

static void
set_str (char       **ptr,
         const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*ptr);
  *ptr = copy;
}

static void
dsc_status_tile_finalize (GObject *object)
{
  DscStatusTile *self = DSC_STATUS_TILE (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->tooltip, g_free);
  g_clear_pointer (&self->limited_reason, g_free);

  G_OBJECT_CLASS (dsc_status_tile_parent_class)->finalize (object);
}

static void
dsc_status_tile_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DSC_TYPE_STATUS_TILE);

  G_OBJECT_CLASS (dsc_status_tile_parent_class)->dispose (object);
}

static void
dsc_status_tile_class_init (DscStatusTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_status_tile_dispose;
  object_class->finalize = dsc_status_tile_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/DirSyncCompanion/ui/dsc-status-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, icon);
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, title_label);
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, value_label);
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, status_label);
  gtk_widget_class_bind_template_child (widget_class, DscStatusTile, summary_label);
}

static void
dsc_status_tile_init (DscStatusTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->status = DSC_STATUS_UNKNOWN;
}

GtkWidget *
dsc_status_tile_new (DscTileId id)
{
  DscStatusTile *self;

  g_return_val_if_fail (id < DSC_N_TILES, NULL);

  self = g_object_new (DSC_TYPE_STATUS_TILE, NULL);
  self->id = id;
  gtk_image_set_from_icon_name (self->icon, dsc_ui_tile_icon_name (id));
  dsc_ui_set_status_icon (self->status_icon, DSC_STATUS_UNKNOWN);
  gtk_label_set_label (self->status_label, dsc_ui_status_label (DSC_STATUS_UNKNOWN));

  return GTK_WIDGET (self);
}

DscTileId
dsc_status_tile_get_tile_id (DscStatusTile *self)
{
  g_return_val_if_fail (DSC_IS_STATUS_TILE (self), 0);
  return self->id;
}

DscCategoryId
dsc_status_tile_get_category (DscStatusTile *self)
{
  g_return_val_if_fail (DSC_IS_STATUS_TILE (self), 0);
  return self->category;
}

DscStatus
dsc_status_tile_get_status (DscStatusTile *self)
{
  g_return_val_if_fail (DSC_IS_STATUS_TILE (self), DSC_STATUS_UNKNOWN);
  return self->status;
}

const char *
dsc_status_tile_get_status_text (DscStatusTile *self)
{
  g_return_val_if_fail (DSC_IS_STATUS_TILE (self), NULL);
  return gtk_label_get_label (self->status_label);
}

const char *
dsc_status_tile_get_value_text (DscStatusTile *self)
{
  g_return_val_if_fail (DSC_IS_STATUS_TILE (self), NULL);
  return gtk_label_get_label (self->value_label);
}

/* The health rules wrote ages as of evaluated_at; say them as of now. */
static char *
rerender_age (const char *text,
              gint64      timestamp,
              gint64      evaluated_at,
              gint64      now)
{
  g_autofree char *old_age = NULL;
  g_autofree char *new_age = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  if (timestamp <= 0 || evaluated_at <= 0)
    return g_strdup (text);

  old_age = dsc_format_age (timestamp, evaluated_at);
  new_age = dsc_format_age (timestamp, now);
  if (old_age == NULL || new_age == NULL || *old_age == '\0' || strstr (text, old_age) == NULL)
    return g_strdup (text);

  parts = g_strsplit (text, old_age, -1);
  return g_strjoinv (new_age, parts);
}

static void
dsc_status_tile_render (DscStatusTile *self,
                        gint64         now)
{
  g_autofree char *value = rerender_age (self->value, self->timestamp, self->evaluated_at, now);
  g_autofree char *summary = rerender_age (self->summary, self->timestamp,
                                           self->evaluated_at, now);
  g_autofree char *tooltip = NULL;
  g_autofree char *accessible_label = NULL;
  const char *status_text = dsc_ui_status_label (self->status);
  const char *shown_summary;

  /* A tile we could not read says exactly which role or permission is missing. */
  shown_summary = self->limited_reason != NULL ? self->limited_reason : summary;

  gtk_label_set_label (self->title_label, self->title != NULL ? self->title : "");
  gtk_label_set_label (self->value_label, value != NULL && *value != '\0' ? value : "—");
  gtk_label_set_label (self->status_label, status_text);
  dsc_ui_set_status_icon (self->status_icon, self->status);
  gtk_label_set_label (self->summary_label, shown_summary != NULL ? shown_summary : "");

  {
    /* On screen, times read in the admin's own time zone first; the core's
     * lines below keep UTC, which is what logs and tickets use. */
    /* Translators: local date and time in a tile's tooltip, g_date_time_format() syntax */
    g_autofree char *local_line = dsc_format_local (self->timestamp,
                                                    _("%A %-d %B %Y, %H:%M (local time)"), NULL);
    g_autoptr(GString) text = g_string_new (NULL);
    const char *parts[] = { local_line, self->tooltip, self->limited_reason };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      if (parts[i] != NULL && *parts[i] != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", parts[i]);
    tooltip = g_string_free (g_steal_pointer (&text), FALSE);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), *tooltip != '\0' ? tooltip : NULL);

  /* Translators: accessible name of a tile: "Sync errors: Error, 12 objects" */
  accessible_label = g_strdup_printf (_("%s: %s, %s"),
                                      self->title != NULL ? self->title : "",
                                      status_text,
                                      value != NULL ? value : "");
  /* What the tooltip tells a mouse user (exact times, thresholds, versions),
   * a screen reader hears too, after the summary: each line once (the reason
   * a tile could not be read is its summary and a tooltip line), and one
   * full stop between sentences. */
  {
    g_autoptr(GString) text = g_string_new (shown_summary);
    g_auto(GStrv) lines = g_strsplit (tooltip, "\n", -1);
    g_autofree char *description = NULL;

    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (*lines[i] == '\0' || g_strcmp0 (lines[i], shown_summary) == 0)
          continue;
        if (text->len > 0 && text->str[text->len - 1] == '\n')
          ;
        else if (text->len > 0 && strchr (".!?:", text->str[text->len - 1]) != NULL)
          g_string_append_c (text, ' ');
        else if (text->len > 0)
          g_string_append (text, ". ");
        g_string_append (text, lines[i]);
        g_string_append_c (text, '\n');
      }
    if (text->len > 0 && text->str[text->len - 1] == '\n')
      g_string_truncate (text, text->len - 1);
    description = g_string_free (g_steal_pointer (&text), FALSE);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  }
}

void
dsc_status_tile_set_tile (DscStatusTile *self,
                          const DscTile *tile,
                          gint64         evaluated_at,
                          gint64         now)
{
  g_return_if_fail (DSC_IS_STATUS_TILE (self));
  g_return_if_fail (tile != NULL);

  self->id = tile->id;
  self->category = tile->category;
  self->status = tile->status;
  set_str (&self->title, tile->title);
  set_str (&self->value, tile->value);
  set_str (&self->summary, tile->summary);
  set_str (&self->tooltip, tile->tooltip);
  set_str (&self->limited_reason,
             tile->limited_reason != NULL && *tile->limited_reason != '\0'
             ? tile->limited_reason : NULL);
  self->timestamp = tile->timestamp;
  self->evaluated_at = evaluated_at;

  gtk_image_set_from_icon_name (self->icon, dsc_ui_tile_icon_name (tile->id));
  dsc_status_tile_render (self, now);
}

void
dsc_status_tile_update_age (DscStatusTile *self,
                            gint64         now)
{
  g_return_if_fail (DSC_IS_STATUS_TILE (self));

  if (self->timestamp > 0)
    dsc_status_tile_render (self, now);
}
