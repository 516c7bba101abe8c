/* dsc-trend-chart.c — draws with cairo through gtk_snapshot_append_cairo:
 * title, y axis from 0 to a round maximum, first and last date on the x
 * axis, the line and its points. Colours come from the theme's foreground
 * and accent; the numbers are also in the accessible description.
 */
#include "config.h"

#define G_LOG_DOMAIN "dsc-history"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "dsc-trend-chart.h"
#include "dsc-time.h"

struct _DscTrendChart {
  GtkWidget parent_instance;

  char *title;
  DscTrendUnit unit;
  GArray *points;
};

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (DscTrendChart, dsc_trend_chart, GTK_TYPE_WIDGET)

static char *
format_value (DscTrendUnit unit, double value)
{
  if (unit == DSC_TREND_UNIT_SECONDS)
    {
      if (value < 3600)
        return g_strdup_printf (_("%.0f min"), value / 60);
      if (value < 48 * 3600)
        return g_strdup_printf (_("%.0f h"), value / 3600);
      return g_strdup_printf (_("%.0f d"), value / 86400);
    }
  return g_strdup_printf ("%.0f", value);
}

static char *
format_date (gint64 t)
{
  return dsc_format_local (t, "%d %b %H:%M", "?");
}

/* 1, 2, 5 × 10^n at or above value. */
static double
nice_max (double value)
{
  double base, step;

  if (value <= 0)
    return 1;
  base = pow (10, floor (log10 (value)));
  step = value / base;
  return (step <= 1 ? 1 : step <= 2 ? 2 : step <= 5 ? 5 : 10) * base;
}

/* A scale top for a duration whose half is a round duration too: 20 min / 10 min,
 * 6 h / 3 h, 4 d / 2 d — never "17 min" and "8 min". */
static double
nice_duration_max (double seconds)
{
  static const double steps[] = { 120, 240, 600, 1200, 1800, 3600, 7200, 14400, 21600,
                                  43200, 86400, 172800 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (seconds <= steps[i])
      return steps[i];
  return ceil (seconds / 172800) * 172800;
}

/* The value at the top of the scale for the largest point. */
static double
scale_max (DscTrendUnit unit,
           double       largest)
{
  if (unit == DSC_TREND_UNIT_SECONDS)
    return nice_duration_max (largest);
  /* Counts are whole: keep the half-way gridline on a whole number too. */
  return MAX (2, ceil (nice_max (largest) / 2) * 2);
}

static void
update_description (DscTrendChart *self)
{
  g_autofree char *description = dsc_trend_chart_dup_description (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

char *
dsc_trend_chart_dup_description (DscTrendChart *self)
{
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  DscHistoryPoint *first, *last;
  g_autofree char *from = NULL, *to = NULL, *low = NULL, *high = NULL, *latest = NULL;

  g_return_val_if_fail (DSC_IS_TREND_CHART (self), NULL);
  if (self->points->len == 0)
    return g_strdup_printf (_("%s: no history yet"), self->title != NULL ? self->title : "");

  for (guint i = 0; i < self->points->len; i++)
    {
      double v = g_array_index (self->points, DscHistoryPoint, i).value;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  first = &g_array_index (self->points, DscHistoryPoint, 0);
  last = &g_array_index (self->points, DscHistoryPoint, self->points->len - 1);
  from = format_date (first->time);
  to = format_date (last->time);
  low = format_value (self->unit, lo);
  high = format_value (self->unit, hi);
  latest = format_value (self->unit, last->value);
  return g_strdup_printf (ngettext ("%s, %u refresh from %s to %s: lowest %s, highest %s, "
                                    "latest %s",
                                    "%s, %u refreshes from %s to %s: lowest %s, highest %s, "
                                    "latest %s", self->points->len),
                          self->title != NULL ? self->title : "", self->points->len, from, to,
                          low, high, latest);
}

static void
show_text (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y,
           double align)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - align * w, y);
  pango_cairo_show_layout (cr, layout);
}

static void
dsc_trend_chart_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DscTrendChart *self = DSC_TREND_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  GdkRGBA fg, accent = { 0.21, 0.52, 0.89, 1 };
  double left = 44, right = 12, top = 26, bottom = 22;
  double plot_w, plot_h, max = 0;
  gint64 t0, t1;
  cairo_t *cr;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  gtk_style_context_lookup_color (style, "accent_color", &accent);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* The scale first: its widest label decides the left margin ("20 min", "6 h", "1,000"). */
  for (guint i = 0; i < self->points->len; i++)
    max = MAX (max, g_array_index (self->points, DscHistoryPoint, i).value);
  max = scale_max (self->unit, max);
  if (self->points->len > 0)
    {
      g_autofree char *label = format_value (self->unit, max);
      int label_w = 0;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &label_w, NULL);
      left = MAX (left, label_w + 12);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  plot_w = MAX (width - left - right, 1);
  plot_h = MAX (height - top - bottom, 1);

  gdk_cairo_set_source_rgba (cr, &fg);
  if (self->title != NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      show_text (cr, layout, self->title, 0, 0, 0);
      pango_layout_set_attributes (layout, NULL);
      pango_attr_list_unref (attrs);
    }

  /* Axes */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.45);
  cairo_move_to (cr, left + 0.5, top);
  cairo_line_to (cr, left + 0.5, top + plot_h + 0.5);
  cairo_line_to (cr, left + plot_w, top + plot_h + 0.5);
  cairo_stroke (cr);

  if (self->points->len == 0)
    {
      gdk_cairo_set_source_rgba (cr, &fg);
      show_text (cr, layout, _("No history yet"), left + plot_w / 2, top + plot_h / 2 - 8, 0.5);
      cairo_destroy (cr);
      return;
    }

  t0 = g_array_index (self->points, DscHistoryPoint, 0).time;
  t1 = g_array_index (self->points, DscHistoryPoint, self->points->len - 1).time;

  /* Gridline at the maximum and half of it, with labels. */
  for (guint g = 1; g <= 2; g++)
    {
      double v = max * g / 2, y = top + plot_h - plot_h * g / 2;
      g_autofree char *label = format_value (self->unit, v);

      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, left + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.7);
      show_text (cr, layout, label, left - 6, y - 8, 1);
    }
  show_text (cr, layout, "0", left - 6, top + plot_h - 8, 1);
  {
    g_autofree char *from = format_date (t0);
    g_autofree char *to = format_date (t1);

    show_text (cr, layout, from, left, top + plot_h + 4, 0);
    if (t1 != t0)
      show_text (cr, layout, to, left + plot_w, top + plot_h + 4, 1);
  }

  /* The line and its points */
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, 2);
  for (guint i = 0; i < self->points->len; i++)
    {
      DscHistoryPoint *p = &g_array_index (self->points, DscHistoryPoint, i);
      double x = left + (t1 > t0 ? plot_w * (double) (p->time - t0) / (double) (t1 - t0)
                                 : plot_w / 2);
      double y = top + plot_h - plot_h * p->value / max;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  if (self->points->len <= 60)
    for (guint i = 0; i < self->points->len; i++)
      {
        DscHistoryPoint *p = &g_array_index (self->points, DscHistoryPoint, i);
        double x = left + (t1 > t0 ? plot_w * (double) (p->time - t0) / (double) (t1 - t0)
                                   : plot_w / 2);
        double y = top + plot_h - plot_h * p->value / max;

        cairo_arc (cr, x, y, 2.5, 0, 2 * G_PI);
        cairo_fill (cr);
      }
  cairo_destroy (cr);
}

static void
dsc_trend_chart_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                         int *minimum, int *natural, int *minimum_baseline,
                         int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 360;
    }
  else
    {
      *minimum = 120;
      *natural = 160;
    }
}

static void
dsc_trend_chart_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DscTrendChart *self = DSC_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_trend_chart_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  DscTrendChart *self = DSC_TREND_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      dsc_trend_chart_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dsc_trend_chart_finalize (GObject *object)
{
  DscTrendChart *self = DSC_TREND_CHART (object);

  g_free (self->title);
  g_array_unref (self->points);
  G_OBJECT_CLASS (dsc_trend_chart_parent_class)->finalize (object);
}

static void
dsc_trend_chart_class_init (DscTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dsc_trend_chart_finalize;
  object_class->get_property = dsc_trend_chart_get_property;
  object_class->set_property = dsc_trend_chart_set_property;
  widget_class->snapshot = dsc_trend_chart_snapshot;
  widget_class->measure = dsc_trend_chart_measure;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "trendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dsc_trend_chart_init (DscTrendChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (DscHistoryPoint));
  update_description (self);
}

GtkWidget *
dsc_trend_chart_new (const char *title, DscTrendUnit unit)
{
  DscTrendChart *self = g_object_new (DSC_TYPE_TREND_CHART, "title", title, NULL);

  self->unit = unit;
  update_description (self);
  return GTK_WIDGET (self);
}

const char *
dsc_trend_chart_get_title (DscTrendChart *self)
{
  g_return_val_if_fail (DSC_IS_TREND_CHART (self), NULL);
  return self->title;
}

void
dsc_trend_chart_set_title (DscTrendChart *self, const char *title)
{
  g_return_if_fail (DSC_IS_TREND_CHART (self));
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

void
dsc_trend_chart_set_points (DscTrendChart *self, GArray *points)
{
  g_return_if_fail (DSC_IS_TREND_CHART (self));
  g_array_set_size (self->points, 0);
  if (points != NULL && points->len > 0)
    g_array_append_vals (self->points, points->data, points->len);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
dsc_trend_chart_get_n_points (DscTrendChart *self)
{
  g_return_val_if_fail (DSC_IS_TREND_CHART (self), 0);
  return self->points->len;
}
