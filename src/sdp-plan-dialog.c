/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-plan-dialog.h"

#include <glib/gi18n.h>

struct _SdpPlanDialog
{
  AdwWindow      parent_instance;

  SdpTracker    *tracker;
  AdwComboRow   *path_row;
  GtkCalendar   *calendar;
  GtkSpinButton *hours;
  GtkLabel      *summary;
  GtkButton     *save_button;
};

G_DEFINE_FINAL_TYPE (SdpPlanDialog, sdp_plan_dialog, ADW_TYPE_WINDOW)

static const SdpPath *
selected_path (SdpPlanDialog *self)
{
  GPtrArray *paths = sdp_catalog_get_paths (sdp_tracker_get_catalog (self->tracker));
  guint index = adw_combo_row_get_selected (self->path_row);

  return index < paths->len ? g_ptr_array_index (paths, index) : NULL;
}

static void
choice_from_widgets (SdpPlanDialog *self,
                     SdpPlanChoice *choice)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  const SdpPath *path = selected_path (self);

  choice->path_id = g_strdup (path != NULL ? path->id : "");
  g_date_clear (&choice->start_date, 1);
  g_date_set_dmy (&choice->start_date, (GDateDay) g_date_time_get_day_of_month (date),
                  (GDateMonth) g_date_time_get_month (date), (GDateYear) g_date_time_get_year (date));
  choice->hours_per_week = gtk_spin_button_get_value (self->hours);
}

/* Shows what the choice means on the calendar before anything is saved. */
static void
update_summary (SdpPlanDialog *self)
{
  SdpPlanChoice choice = { 0 };
  g_autoptr(SdpPlan) plan = NULL;
  const SdpPath *path = selected_path (self);
  char end[64];

  choice_from_widgets (self, &choice);
  plan = sdp_plan_new (sdp_tracker_get_catalog (self->tracker), &choice, NULL);
  if (plan != NULL && path != NULL)
    {
      g_autofree char *text = NULL;

      g_date_strftime (end, sizeof end, "%A %e %B %Y", sdp_plan_get_end_date (plan));
      text = g_strdup_printf (_("%s: %d weeks of %d study days, finishing on %s."), path->title,
                              sdp_plan_get_n_weeks (plan), path->study_days_per_week, end);
      gtk_label_set_text (self->summary, text);
    }
  sdp_plan_choice_clear (&choice);
}

static void
save_clicked_cb (SdpPlanDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!sdp_plan_dialog_save (self, &error))
    {
      gtk_label_set_text (self->summary, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
sdp_plan_dialog_dispose (GObject *object)
{
  g_clear_object (&SDP_PLAN_DIALOG (object)->tracker);
  G_OBJECT_CLASS (sdp_plan_dialog_parent_class)->dispose (object);
}

static void
sdp_plan_dialog_class_init (SdpPlanDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_plan_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sdp_plan_dialog_init (SdpPlanDialog *self)
{
}

static GtkWidget *
build (SdpPlanDialog *self,
       gboolean       first_time)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *when = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *paths = sdp_catalog_get_paths (sdp_tracker_get_catalog (self->tracker));
  GtkWidget *hours_row = adw_action_row_new ();
  guint i;

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), !first_time);
  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (first_time ? _("_Start Studying")
                                                                           : _("_Save Plan")));
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  g_signal_connect_object (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->save_button));
  gtk_box_append (GTK_BOX (toolbar), header);

  adw_preferences_group_set_title (group, first_time ? _("Welcome! Choose Your Path") : _("Your Path"));
  adw_preferences_group_set_description (group,
    _("The 12-week program, stretched or compressed to your pace. You can change this later "
      "in Preferences; what you have done is always kept."));

  for (i = 0; i < paths->len; i++)
    {
      const SdpPath *path = g_ptr_array_index (paths, i);
      g_autofree char *name = g_strdup_printf (_("%s — %d–%d weeks, %s"), path->title,
                                               path->min_weeks, path->max_weeks, path->level);

      gtk_string_list_append (names, name);
    }
  self->path_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->path_row), _("Path"));
  adw_combo_row_set_model (self->path_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->path_row, MIN (1, paths->len - 1));
  g_signal_connect_object (self->path_row, "notify::selected", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, GTK_WIDGET (self->path_row));

  self->hours = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 60, 0.5));
  gtk_spin_button_set_value (self->hours, 10);
  gtk_widget_set_valign (GTK_WIDGET (self->hours), GTK_ALIGN_CENTER);
  g_signal_connect_object (self->hours, "value-changed", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (hours_row), _("Hours per Week"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (hours_row), _("How long you can study in a week"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (hours_row), GTK_WIDGET (self->hours));
  adw_preferences_group_add (group, hours_row);

  adw_preferences_group_set_title (when, _("Start Date"));
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect_object (self->calendar, "day-selected", G_CALLBACK (update_summary), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (when, GTK_WIDGET (self->calendar));

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "dim-label");
  adw_preferences_group_add (when, GTK_WIDGET (self->summary));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), group);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), when);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (toolbar), page);
  return toolbar;
}

/**
 * sdp_plan_dialog_new:
 * @first_time: onboarding (a welcome, and no way to dismiss without choosing) or a change
 */
SdpPlanDialog *
sdp_plan_dialog_new (GtkWindow  *parent,
                     SdpTracker *tracker,
                     gboolean    first_time)
{
  SdpPlanDialog *self = g_object_new (SDP_TYPE_PLAN_DIALOG,
                                      "transient-for", parent,
                                      "modal", TRUE,
                                      "title", first_time ? _("Welcome") : _("Study Plan"),
                                      "default-width", 480,
                                      "default-height", 720,
                                      "deletable", !first_time,
                                      NULL);
  SdpPlanChoice current;

  self->tracker = g_object_ref (tracker);
  adw_window_set_content (ADW_WINDOW (self), build (self, first_time));

  if (sdp_store_get_plan (sdp_tracker_get_store (tracker), &current))
    {
      sdp_plan_dialog_set_choice (self, current.path_id, &current.start_date, current.hours_per_week);
      sdp_plan_choice_clear (&current);
    }
  update_summary (self);
  return self;
}

void
sdp_plan_dialog_set_choice (SdpPlanDialog *self,
                            const char    *path_id,
                            const GDate   *start,
                            double         hours_per_week)
{
  GPtrArray *paths = sdp_catalog_get_paths (sdp_tracker_get_catalog (self->tracker));
  guint i;

  for (i = 0; i < paths->len; i++)
    if (g_strcmp0 (((SdpPath *) g_ptr_array_index (paths, i))->id, path_id) == 0)
      adw_combo_row_set_selected (self->path_row, i);
  if (start != NULL && g_date_valid (start))
    {
      g_autoptr(GDateTime) date = g_date_time_new_local (g_date_get_year (start), g_date_get_month (start),
                                                         g_date_get_day (start), 12, 0, 0);

      gtk_calendar_select_day (self->calendar, date);
    }
  gtk_spin_button_set_value (self->hours, hours_per_week);
  update_summary (self);
}

gboolean
sdp_plan_dialog_save (SdpPlanDialog  *self,
                      GError        **error)
{
  SdpPlanChoice choice = { 0 };
  gboolean ok;

  choice_from_widgets (self, &choice);
  ok = sdp_store_set_plan (sdp_tracker_get_store (self->tracker), &choice, error);
  sdp_plan_choice_clear (&choice);
  return ok;
}
