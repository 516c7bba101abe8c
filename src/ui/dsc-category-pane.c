/* dsc-category-pane.c — the detail pane of one problem category. */
#include "config.h"

#define G_LOG_DOMAIN "dsc-ui"

#include <string.h>
#include <glib/gi18n.h>
#include <adwaita.h>

#include "dsc-category-pane.h"
#include "dsc-category.h"
#include "dsc-command-block.h"
#include "dsc-report-json.h"
#include "dsc-time.h"
#include "dsc-ui-util.h"

/* Up to this many findings are all listed; more are cut to the first few
 * (the object list below has every object). */
#define MAX_FINDING_ROWS 15
#define FEW_FINDING_ROWS 8
/* The pane's widest column of text, and of the objects' table. */
#define TEXT_MAX_WIDTH 1200
#define OBJECTS_MAX_WIDTH 1800
/* Above this many objects, the list model is built in a worker thread. */
#define SYNC_BUILD_LIMIT 5000

struct _DscCategoryPane
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scroller;
  AdwClamp *clamp;
  GtkWidget *page_switcher;
  GtkToggleButton *details_button;
  GtkToggleButton *objects_button;
  GtkLabel *objects_label;
  GtkWidget *details_box;
  GtkImage *category_icon;
  GtkLabel *title_label;
  GtkWidget *status_box;
  GtkWidget *state_box;
  GtkLabel *state_label;
  GtkImage *status_icon;
  GtkLabel *status_label;
  GtkLabel *headline_label;
  GtkLabel *limited_label;
  GtkWidget *findings_box;
  GtkListBox *findings_list;
  GtkLabel *more_findings_label;
  GtkLabel *explanation_label;
  GtkWidget *why_box;
  GtkLabel *why_label;
  GtkWidget *fix_box;
  GtkWidget *steps_box;
  GtkWidget *objects_box;
  DscObjectList *object_list;
  GtkWidget *links_box;
  GtkListBox *links_list;
  GtkLabel *data_as_of_label;
  GtkLabel *permission_label;
  GtkWidget *onprem_box;
  GtkLabel *scan_status_label;

  DscReport *report;
  DscCategoryId category;
  GCancellable *build_cancellable;
};

G_DEFINE_FINAL_TYPE (DscCategoryPane, dsc_category_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
remove_all_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  dsc_ui_open_uri (widget, g_variant_get_string (parameter, NULL));
}

static void
dsc_category_pane_dispose (GObject *object)
{
  DscCategoryPane *self = DSC_CATEGORY_PANE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DSC_TYPE_CATEGORY_PANE);
  /* Children the template did not bind are still ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->report, dsc_report_unref);

  G_OBJECT_CLASS (dsc_category_pane_parent_class)->dispose (object);
}

static void
dsc_category_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DscCategoryPane *self = DSC_CATEGORY_PANE (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_uint (value, self->category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The pane shows its details or its affected objects, never both: the
 * objects' table fills the pane instead of scrolling inside a scrolling page.
 * A hidden section is hidden from screen readers too. */
static void
on_section_toggled (DscCategoryPane *self)
{
  gboolean objects = gtk_toggle_button_get_active (self->objects_button);

  gtk_widget_set_visible (self->details_box, !objects);
  gtk_widget_set_visible (self->objects_box, objects);
  /* Text reads best in a column; a table uses the width it gets. */
  adw_clamp_set_maximum_size (self->clamp, objects ? OBJECTS_MAX_WIDTH : TEXT_MAX_WIDTH);
  /* Each section starts at the top of the pane. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
dsc_category_pane_class_init (DscCategoryPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dsc_category_pane_dispose;
  object_class->get_property = dsc_category_pane_get_property;

  properties[PROP_CATEGORY] =
    g_param_spec_uint ("category", NULL, NULL, 0, DSC_N_CATEGORIES - 1, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DSC_TYPE_OBJECT_LIST);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/DirSyncCompanion/ui/dsc-category-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, clamp);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, page_switcher);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, details_button);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, objects_button);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, objects_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, details_box);
  gtk_widget_class_bind_template_callback (widget_class, on_section_toggled);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, category_icon);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, status_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, state_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, status_icon);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, headline_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, limited_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, findings_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, findings_list);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, more_findings_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, why_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, why_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, fix_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, steps_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, objects_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, object_list);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, links_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, links_list);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, data_as_of_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, permission_label);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, onprem_box);
  gtk_widget_class_bind_template_child (widget_class, DscCategoryPane, scan_status_label);

  gtk_widget_class_install_action (widget_class, "pane.open-uri", "s", open_uri_action);
  gtk_widget_class_set_css_name (widget_class, "dsc-category-pane");
}

static void
dsc_category_pane_init (DscCategoryPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dsc_category_pane_new (void)
{
  return g_object_new (DSC_TYPE_CATEGORY_PANE, NULL);
}

static void
add_finding_row (DscCategoryPane  *self,
                 const DscFinding *finding)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *severity;
  g_autofree char *accessible = NULL;

  /* Values such as "smtp:a&b@contoso.com" are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 finding->title != NULL ? finding->title : "");
  if (finding->detail != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->detail);

  dsc_ui_set_status_icon (GTK_IMAGE (icon), finding->severity);
  gtk_widget_set_tooltip_text (icon, dsc_ui_status_label (finding->severity));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dsc_ui_status_label (finding->severity),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* Severity in words too, not only by the icon's shape and colour. */
  severity = gtk_label_new (dsc_ui_status_label (finding->severity));
  gtk_widget_add_css_class (severity, "dim-label");
  gtk_widget_add_css_class (severity, "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), severity);

  /* Translators: accessible name of a finding: "Error: <finding title>" */
  accessible = g_strdup_printf (_("%s: %s"), dsc_ui_status_label (finding->severity),
                                finding->title != NULL ? finding->title : "");
  /* The name says it all, and the detail is the description: the title and
   * subtitle the row is labelled and (libadwaita 1.4+) described by would
   * read the title a second time. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  finding->detail != NULL ? finding->detail : "",
                                  -1);
  gtk_list_box_append (self->findings_list, row);
}

/* A step's prose, and its command (if any) as a code block with a Copy button. */
static void
add_step (DscCategoryPane *self,
          guint            number,
          const char      *step)
{
  g_autofree char *text = dsc_fix_step_dup_text (step);
  const char *command = dsc_fix_step_get_command (step);
  g_autofree char *numbered = NULL;
  GtkWidget *label;

  /* Translators: a numbered fix step: "1. Open Synchronization Service Manager" */
  numbered = g_strdup_printf (_("%u. %s"), number, text);
  label = gtk_label_new (numbered);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 6);
  gtk_box_append (GTK_BOX (self->steps_box), label);

  if (command != NULL)
    {
      GtkWidget *block = dsc_command_block_new (command);

      gtk_widget_set_margin_start (block, 24);
      gtk_box_append (GTK_BOX (self->steps_box), block);
    }
}

static void
add_link (DscCategoryPane *self,
          const DscLink   *link)
{
  GtkWidget *row = adw_action_row_new ();
  /* The icon only illustrates "opens in the browser". */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "adw-external-link-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dsc_link_get_label (link));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), link->uri);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  /* Where it leads is the description on every GTK (libadwaita 1.4+ would
   * describe the row by its subtitle, older versions not at all). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  link->uri, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "pane.open-uri");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", link->uri);
  gtk_list_box_append (self->links_list, row);
}

/* Fix steps: the first finding with its own steps wins; else the catalogue's. */
static void
render_steps (DscCategoryPane         *self,
              const DscCategoryReport *cat)
{
  g_auto(GStrv) catalogue_steps = NULL;
  const char *const *steps = NULL;
  guint n = 0;

  remove_all_children (self->steps_box);

  if (cat != NULL && cat->findings != NULL)
    {
      for (guint i = 0; i < cat->findings->len && steps == NULL; i++)
        {
          const DscFinding *finding = g_ptr_array_index (cat->findings, i);

          if (finding->fix_steps != NULL && finding->fix_steps[0] != NULL
              && finding->severity != DSC_STATUS_OK)
            steps = (const char *const *) finding->fix_steps;
        }
    }

  if (steps == NULL)
    {
      catalogue_steps = dsc_category_dup_fix_steps (self->category);
      steps = (const char *const *) catalogue_steps;
    }

  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    add_step (self, ++n, steps[i]);

  gtk_widget_set_visible (self->fix_box, n > 0);
}

/* "Current state": what was read, before any verdict: the time behind each
 * tile in local time and UTC, then the category's facts (versions, settings,
 * accounts found). */
static void
render_state (DscCategoryPane *self, const DscReport *report, const DscCategoryReport *cat)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) said = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; report != NULL && i < DSC_N_TILES; i++)
    {
      const DscTile *tile = dsc_report_get_tile (report, i);

      if (tile->title != NULL && tile->category == cat->id && tile->value != NULL
          && tile->timestamp == 0)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Translators: a tile's title and value: "Entra Connect: 2.6.92.0" */
          g_string_append_printf (text, _("%s: %s"), tile->title, tile->value);
        }
      if (tile->title != NULL && tile->category == cat->id && tile->timestamp != 0)
        {
          g_autofree char *local = dsc_format_local_time (tile->timestamp);
          g_autofree char *utc = dsc_format_date_time (tile->timestamp);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Translators: a tile's title, a local time and the same time in UTC:
           * "Last directory sync: Monday 7 December 2026, 09:32 (7 Dec 2026, 08:32 UTC)" */
          g_string_append_printf (text, _("%s: %s (%s)"), tile->title, local, utc);
          g_ptr_array_add (said, dsc_format_iso8601 (tile->timestamp));
        }
    }
  for (guint i = 0; cat != NULL && i < cat->facts->len; i++)
    {
      const char *fact = g_ptr_array_index (cat->facts, i);
      gboolean repeated = FALSE;

      /* The core's UTC line for a time said above in local time and UTC. */
      for (guint j = 0; j < said->len && !repeated; j++)
        repeated = g_ptr_array_index (said, j) != NULL
                   && strstr (fact, g_ptr_array_index (said, j)) != NULL;
      if (repeated)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (cat->facts, i));
    }
  gtk_label_set_label (self->state_label, text->str);
  gtk_widget_set_visible (self->state_box, text->len > 0);
}

static void
render_findings (DscCategoryPane         *self,
                 const DscCategoryReport *cat)
{
  guint n = cat != NULL && cat->findings != NULL ? cat->findings->len : 0;
  guint shown = n <= MAX_FINDING_ROWS ? n : FEW_FINDING_ROWS;

  remove_all_children (GTK_WIDGET (self->findings_list));
  for (guint i = 0; i < shown; i++)
    add_finding_row (self, g_ptr_array_index (cat->findings, i));

  if (n > shown)
    {
      g_autofree char *more = NULL;

      more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u more finding is not shown here; its objects are "
                                           "under Affected objects.",
                                           "%u more findings are not shown here; their objects "
                                           "are under Affected objects.",
                                           n - shown),
                              n - shown);
      gtk_label_set_label (self->more_findings_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_findings_label), n > shown);
  gtk_widget_set_visible (self->findings_box, n > 0);
}

static void
on_store_built (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DscCategoryPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) store = NULL;

  store = dsc_object_row_build_store_finish (result, &error);
  if (store == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not build the object list: %s", error->message);
      return;
    }

  dsc_object_list_set_rows (self->object_list, G_LIST_MODEL (store));
}

static void
render_objects (DscCategoryPane *self)
{
  guint n = self->report != NULL
            ? dsc_object_row_count_objects (self->report, self->category) : 0;

  g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);

  /* The objects are a section of their own, named with their count. */
  gtk_widget_set_visible (self->page_switcher, n > 0);
  if (n == 0)
    {
      gtk_toggle_button_set_active (self->details_button, TRUE);
      dsc_object_list_set_rows (self->object_list, NULL);
      return;
    }
  {
    g_autofree char *count = dsc_format_count (n);
    /* Translators: the pane section with the affected objects, and how many */
    g_autofree char *title = g_strdup_printf (_("Affected objects (%s)"), count);

    gtk_label_set_label (self->objects_label, title);
  }

  if (n <= SYNC_BUILD_LIMIT)
    {
      g_autoptr(GListStore) store = dsc_object_row_build_store (self->report, self->category);

      dsc_object_list_set_rows (self->object_list, G_LIST_MODEL (store));
      return;
    }

  dsc_object_list_set_rows (self->object_list, NULL);
  self->build_cancellable = g_cancellable_new ();
  dsc_object_row_build_store_async (self->report, self->category, self->build_cancellable,
                                    on_store_built, g_object_ref (self));
}

static void
render_footer (DscCategoryPane       *self,
               const DscCategoryInfo *info)
{
  g_autofree char *as_of = NULL;
  g_autofree char *needs = NULL;

  if (self->report != NULL && self->report->snapshot != NULL
      && self->report->snapshot->taken_at > 0)
    {
      g_autofree char *when = dsc_ui_format_local_time (self->report->snapshot->taken_at);

      /* Translators: %s is a full local date and time */
      as_of = g_strdup_printf (_("Data as of %s."), when);
    }
  gtk_label_set_label (self->data_as_of_label, as_of != NULL ? as_of : "");
  gtk_widget_set_visible (GTK_WIDGET (self->data_as_of_label), as_of != NULL);

  if (info != NULL && info->permission != NULL && *info->permission != '\0')
    /* Translators: %s names a Graph permission or admin role */
    needs = g_strdup_printf (_("Reading this needs: %s"), _(info->permission));
  gtk_label_set_label (self->permission_label, needs != NULL ? needs : "");
  gtk_widget_set_visible (GTK_WIDGET (self->permission_label), needs != NULL);
}

void
dsc_category_pane_set_report (DscCategoryPane *self,
                              DscReport       *report,
                              DscCategoryId    category)
{
  const DscCategoryInfo *info;
  const DscCategoryReport *cat = NULL;
  const char *limited;
  const char *why;
  g_autofree char *fallback = NULL;
  gboolean same;
  gboolean category_changed;

  g_return_if_fail (DSC_IS_CATEGORY_PANE (self));
  g_return_if_fail (category < DSC_N_CATEGORIES);

  same = report == self->report && category == self->category;
  category_changed = category != self->category;
  if (report != NULL)
    dsc_report_ref (report);
  g_clear_pointer (&self->report, dsc_report_unref);
  self->report = report;

  if (self->category != category)
    {
      self->category = category;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
    }

  if (same && gtk_widget_get_first_child (self->steps_box) != NULL)
    return;

  info = dsc_category_get_info (category);
  if (report != NULL)
    cat = dsc_report_get_category (report, category);

  gtk_image_set_from_icon_name (self->category_icon, dsc_ui_category_icon_name (category));
  /* The title says what is true now: the problem statement only when there is one. */
  gtk_label_set_label (self->title_label,
                       report != NULL && (info == NULL || !info->informational)
                       ? dsc_category_get_state_title (category,
                                                       dsc_ui_category_status (report, category))
                       : dsc_category_get_title (category));

  /* Informational categories have no status of their own. */
  if (cat != NULL && (info == NULL || !info->informational))
    {
      const char *headline = cat->headline;
      guint n_problems = 0;
      DscStatus status = dsc_ui_category_status (report, category);

      dsc_ui_set_status_icon (self->status_icon, status);
      gtk_label_set_label (self->status_label, dsc_ui_status_label (status));

      for (guint i = 0; cat->findings != NULL && i < cat->findings->len; i++)
        {
          const DscFinding *finding = g_ptr_array_index (cat->findings, i);

          if (finding->severity == DSC_STATUS_WARNING || finding->severity == DSC_STATUS_ERROR)
            n_problems++;
        }

      /* No sentence from the rules: count the problems, or say what the area is. */
      if ((headline == NULL || *headline == '\0') && n_problems > 0)
        headline = fallback = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u issue found in this area.",
                                                            "%u issues found in this area.",
                                                            n_problems),
                                               n_problems);
      else if (headline == NULL || *headline == '\0')
        headline = dsc_category_get_summary (category);
      gtk_label_set_label (self->headline_label, headline != NULL ? headline : "");
      gtk_widget_set_visible (GTK_WIDGET (self->headline_label),
                              headline != NULL && *headline != '\0');
      gtk_widget_set_visible (self->status_box, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->status_box, FALSE);
    }

  /* A tile of this category that could not be read says why, here too. */
  limited = report != NULL ? dsc_ui_category_limited_reason (report, category) : NULL;
  /* …unless a finding below already says it (the report turns an unreadable
   * tile into a finding of its category, so exports say it too). */
  for (guint i = 0; limited != NULL && cat != NULL && i < cat->findings->len; i++)
    {
      const DscFinding *finding = g_ptr_array_index (cat->findings, i);

      if (g_strcmp0 (finding->detail, limited) == 0)
        limited = NULL;
    }
  gtk_label_set_label (self->limited_label, limited != NULL ? limited : "");
  gtk_widget_set_visible (GTK_WIDGET (self->limited_label), limited != NULL);
  if (limited != NULL)
    gtk_widget_set_visible (self->status_box, TRUE);

  if (cat != NULL)
    render_state (self, report, cat);
  else
    gtk_widget_set_visible (self->state_box, FALSE);
  render_findings (self, cat);

  gtk_label_set_label (self->explanation_label, dsc_category_get_explanation (category));
  why = dsc_category_get_why (category);
  gtk_label_set_label (self->why_label, why != NULL ? why : "");
  gtk_widget_set_visible (self->why_box, why != NULL && *why != '\0');

  render_steps (self, cat);
  gtk_widget_set_visible (self->onprem_box, category == DSC_CATEGORY_ONPREM_DATA);
  render_objects (self);

  remove_all_children (GTK_WIDGET (self->links_list));
  for (guint i = 0; info != NULL && info->links != NULL && info->links[i].uri != NULL; i++)
    add_link (self, &info->links[i]);
  gtk_widget_set_visible (self->links_box,
                          gtk_widget_get_first_child (GTK_WIDGET (self->links_list)) != NULL);

  render_footer (self, info);

  /* A refresh keeps the admin's place; another category starts at the top
   * of its details. */
  if (category_changed)
    {
      gtk_toggle_button_set_active (self->details_button, TRUE);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
    }
}

DscCategoryId
dsc_category_pane_get_category (DscCategoryPane *self)
{
  g_return_val_if_fail (DSC_IS_CATEGORY_PANE (self), 0);
  return self->category;
}

DscObjectList *
dsc_category_pane_get_object_list (DscCategoryPane *self)
{
  g_return_val_if_fail (DSC_IS_CATEGORY_PANE (self), NULL);
  return self->object_list;
}

gboolean
dsc_category_pane_has_objects (DscCategoryPane *self)
{
  g_return_val_if_fail (DSC_IS_CATEGORY_PANE (self), FALSE);
  return gtk_widget_get_visible (self->page_switcher);
}

gboolean
dsc_category_pane_focus_search (DscCategoryPane *self)
{
  g_return_val_if_fail (DSC_IS_CATEGORY_PANE (self), FALSE);

  if (!dsc_category_pane_has_objects (self))
    return FALSE;
  gtk_toggle_button_set_active (self->objects_button, TRUE);
  dsc_object_list_focus_search (self->object_list);
  return TRUE;
}

gboolean
dsc_category_pane_focus_heading (DscCategoryPane *self)
{
  g_return_val_if_fail (DSC_IS_CATEGORY_PANE (self), FALSE);

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  /* A label takes focus only while it is selectable. */
  if (!gtk_label_get_selectable (self->title_label))
    gtk_label_set_selectable (self->title_label, TRUE);
  if (!gtk_widget_grab_focus (GTK_WIDGET (self->title_label)))
    return FALSE;
  /* Focus, not a highlighted selection: the outline shows where focus is. */
  gtk_label_select_region (self->title_label, 0, 0);
  return TRUE;
}

void
dsc_category_pane_set_scan_status (DscCategoryPane *self,
                                   const char      *text)
{
  g_return_if_fail (DSC_IS_CATEGORY_PANE (self));
  gtk_label_set_label (self->scan_status_label, text != NULL ? text : "");
}
