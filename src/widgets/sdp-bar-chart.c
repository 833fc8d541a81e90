/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-bar-chart.h"

#include <adwaita.h>
#include <math.h>

struct _SdpBarChart
{
  GtkWidget  parent_instance;

  GArray    *values;  /* double */
  GPtrArray *labels;  /* char * */
};

G_DEFINE_FINAL_TYPE (SdpBarChart, sdp_bar_chart, GTK_TYPE_WIDGET)

static void
set_source (cairo_t    *cr,
            const char *spec,
            double      alpha)
{
  GdkRGBA rgba;

  gdk_rgba_parse (&rgba, spec);
  cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue, rgba.alpha * alpha);
}

static void
sdp_bar_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SdpBarChart *self = SDP_BAR_CHART (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const char *fg = dark ? "#ffffff" : "#000000";
  const char *accent = dark ? "#78aeed" : "#1c71d8";
  double max = 1, slot, label_h = 18, top = 18;
  cairo_t *cr;
  guint i;

  if (self->values->len == 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (i = 0; i < self->values->len; i++)
    max = MAX (max, g_array_index (self->values, double, i));
  max = ceil (max);
  slot = width / self->values->len;

  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 10);
  for (i = 0; i < self->values->len; i++)
    {
      double value = g_array_index (self->values, double, i);
      double bar_h = (height - label_h - top) * value / max;
      double x = i * slot + slot * 0.15;
      cairo_text_extents_t extents;
      g_autofree char *text = g_strdup_printf ("%.1f", value);

      set_source (cr, accent, i + 1 == self->values->len ? 1.0 : 0.65);
      cairo_rectangle (cr, x, height - label_h - bar_h, slot * 0.7, bar_h);
      cairo_fill (cr);

      set_source (cr, fg, 0.6);
      cairo_text_extents (cr, g_ptr_array_index (self->labels, i), &extents);
      cairo_move_to (cr, i * slot + (slot - extents.width) / 2, height - 4);
      cairo_show_text (cr, g_ptr_array_index (self->labels, i));
      if (value > 0)
        {
          cairo_text_extents (cr, text, &extents);
          cairo_move_to (cr, i * slot + (slot - extents.width) / 2, height - label_h - bar_h - 4);
          cairo_show_text (cr, text);
        }
    }
  cairo_destroy (cr);
}

static void
sdp_bar_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 140;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 160;
}

static void
sdp_bar_chart_finalize (GObject *object)
{
  SdpBarChart *self = SDP_BAR_CHART (object);

  g_array_unref (self->values);
  g_ptr_array_unref (self->labels);
  G_OBJECT_CLASS (sdp_bar_chart_parent_class)->finalize (object);
}

static void
sdp_bar_chart_class_init (SdpBarChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sdp_bar_chart_finalize;
  widget_class->snapshot = sdp_bar_chart_snapshot;
  widget_class->measure = sdp_bar_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sdp_bar_chart_init (SdpBarChart *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  self->labels = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sdp_bar_chart_new (void)
{
  return g_object_new (SDP_TYPE_BAR_CHART, NULL);
}

void
sdp_bar_chart_set_values (SdpBarChart        *self,
                          const double       *values,
                          const char * const *labels,
                          guint               n,
                          const char         *unit)
{
  GString *description = g_string_new (NULL);
  guint i;

  g_array_set_size (self->values, 0);
  g_ptr_array_set_size (self->labels, 0);
  for (i = 0; i < n; i++)
    {
      g_array_append_val (self->values, values[i]);
      g_ptr_array_add (self->labels, g_strdup (labels[i]));
      g_string_append_printf (description, "%s%s: %.1f %s", i > 0 ? "; " : "", labels[i], values[i], unit);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  g_string_free (description, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
