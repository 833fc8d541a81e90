/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-heatmap.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sdp-store.h"
#include "sdp-streak.h"

#define WEEKS 26
#define CELL  14
#define GAP   3

struct _SdpHeatmap
{
  GtkWidget parent_instance;

  int       levels[WEEKS * 7];  /* 0 (nothing) .. 4 (an hour or more) */
  int       today_index;
};

G_DEFINE_FINAL_TYPE (SdpHeatmap, sdp_heatmap, GTK_TYPE_WIDGET)

static void
sdp_heatmap_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  SdpHeatmap *self = SDP_HEATMAP (widget);
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA empty, full;
  int i;

  gdk_rgba_parse (&empty, dark ? "#ffffff" : "#000000");
  empty.alpha = 0.08;
  gdk_rgba_parse (&full, dark ? "#57e389" : "#26a269");

  for (i = 0; i <= self->today_index; i++)
    {
      GdkRGBA colour = self->levels[i] == 0 ? empty : full;
      graphene_rect_t cell = GRAPHENE_RECT_INIT ((i / 7) * (CELL + GAP), (i % 7) * (CELL + GAP), CELL, CELL);

      if (self->levels[i] > 0)
        colour.alpha = 0.25 + 0.75 * self->levels[i] / 4.0;
      gtk_snapshot_append_color (snapshot, &colour, &cell);
    }
}

static void
sdp_heatmap_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? WEEKS * (CELL + GAP)
                                                                  : 7 * (CELL + GAP);
}

static void
sdp_heatmap_class_init (SdpHeatmapClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = sdp_heatmap_snapshot;
  widget_class->measure = sdp_heatmap_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sdp_heatmap_init (SdpHeatmap *self)
{
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sdp_heatmap_new (void)
{
  return g_object_new (SDP_TYPE_HEATMAP, NULL);
}

/**
 * sdp_heatmap_set_activity:
 * @daily_activity: "YYYY-MM-DD" -> SdpDayActivity
 */
void
sdp_heatmap_set_activity (SdpHeatmap  *self,
                          GHashTable  *daily_activity,
                          const GDate *today)
{
  GDate start = *today;
  int active = 0, i;
  g_autofree char *description = NULL;

  /* Columns are weeks starting on Monday; the last column holds today. */
  g_date_subtract_days (&start, (WEEKS - 1) * 7 + g_date_get_weekday (today) - 1);
  self->today_index = (WEEKS - 1) * 7 + g_date_get_weekday (today) - 1;

  for (i = 0; i < WEEKS * 7; i++)
    {
      GDate day = start;
      char key[16];
      const SdpDayActivity *activity;

      g_date_add_days (&day, i);
      g_date_strftime (key, sizeof key, "%Y-%m-%d", &day);
      activity = g_hash_table_lookup (daily_activity, key);
      self->levels[i] = 0;
      if (activity != NULL && sdp_streak_day_counts (activity->tasks, activity->minutes))
        {
          self->levels[i] = CLAMP (1 + activity->minutes / 20 + activity->tasks / 3, 1, 4);
          active += i <= self->today_index;
        }
    }

  description = g_strdup_printf (_("Studied on %d of the last %d days"), active, self->today_index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
