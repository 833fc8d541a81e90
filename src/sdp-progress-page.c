/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-progress-page.h"

#include <glib/gi18n.h>

#include "sdp-bar-chart.h"
#include "sdp-heatmap.h"

struct _SdpProgressPage
{
  AdwBin       parent_instance;

  SdpTracker  *tracker;
  GtkLabel    *summary;
  GtkLabel    *score;
  GtkLabel    *level;
  GtkLabel    *parts;
  GtkLabel    *missing;
  GtkBox      *phases;
  SdpBarChart *hours;
  SdpHeatmap  *heatmap;
};

G_DEFINE_FINAL_TYPE (SdpProgressPage, sdp_progress_page, ADW_TYPE_BIN)

static GtkWidget *
group_new (GtkBox     *box,
           const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return group;
}

static GtkLabel *
label_new (const char *css_class)
{
  GtkLabel *label = GTK_LABEL (gtk_label_new (NULL));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_selectable (label, TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (label), css_class);
  return label;
}

static void
tracker_changed_cb (SdpProgressPage *self)
{
  sdp_progress_page_refresh (self);
}

static void
sdp_progress_page_dispose (GObject *object)
{
  g_clear_object (&SDP_PROGRESS_PAGE (object)->tracker);
  G_OBJECT_CLASS (sdp_progress_page_parent_class)->dispose (object);
}

static void
sdp_progress_page_class_init (SdpProgressPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_progress_page_dispose;
}

static void
sdp_progress_page_init (SdpProgressPage *self)
{
}

SdpProgressPage *
sdp_progress_page_new (SdpTracker *tracker)
{
  SdpProgressPage *self = g_object_new (SDP_TYPE_PROGRESS_PAGE, NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));
  GtkWidget *title = gtk_label_new (_("Your Progress"));
  GtkWidget *group;
  GtkWidget *inner;

  self->tracker = g_object_ref (tracker);

  gtk_widget_add_css_class (title, "title-1");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (box, title);
  self->summary = label_new ("dim-label");
  gtk_box_append (box, GTK_WIDGET (self->summary));

  group = group_new (box, _("Certification"),
                     _("Bronze 60–74 %, Silver 75–89 %, Gold 90–100 %, each with its mock-interview gate"));
  inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (inner, "card");
  gtk_widget_set_margin_top (inner, 6);
  self->score = label_new ("title-1");
  self->level = label_new ("heading");
  self->parts = label_new (NULL);
  self->missing = label_new ("dim-label");
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->score));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->level));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->parts));
  gtk_box_append (GTK_BOX (inner), GTK_WIDGET (self->missing));
  for (GtkWidget *w = gtk_widget_get_first_child (inner); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gtk_widget_set_margin_start (w, 18);
      gtk_widget_set_margin_end (w, 18);
    }
  gtk_widget_set_margin_top (GTK_WIDGET (self->score), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->missing), 12);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), inner);

  group = group_new (box, _("Completion by Phase"), NULL);
  self->phases = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  gtk_widget_add_css_class (GTK_WIDGET (self->phases), "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->phases));

  group = group_new (box, _("Hours per Week"), _("The last 12 weeks; this week is the darkest bar"));
  self->hours = SDP_BAR_CHART (sdp_bar_chart_new ());
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->hours));

  group = group_new (box, _("Activity"),
                     _("The last 26 weeks, a column a week. A day counts when you finish a task or "
                       "study at least 15 minutes, in your local time."));
  self->heatmap = SDP_HEATMAP (sdp_heatmap_new ());
  gtk_widget_set_halign (GTK_WIDGET (self->heatmap), GTK_ALIGN_START);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->heatmap));

  gtk_widget_set_margin_top (GTK_WIDGET (box), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (box), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (box), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (box));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  adw_bin_set_child (ADW_BIN (self), scrolled);

  g_signal_connect_object (tracker, "changed", G_CALLBACK (tracker_changed_cb), self, G_CONNECT_SWAPPED);
  sdp_progress_page_refresh (self);
  return self;
}

static GtkWidget *
phase_row_new (const SdpPhase *phase,
               double          completion)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1);
  g_autofree char *title = g_strdup_printf (_("Phase %d · %s"), phase->number, phase->title);
  g_autofree char *percent = g_strdup_printf ("%.0f %%", completion * 100);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), percent);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), completion);
  gtk_widget_set_size_request (bar, 160, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  return row;
}

void
sdp_progress_page_refresh (SdpProgressPage *self)
{
  g_autoptr(SdpDashboard) d = NULL;
  GPtrArray *phases = sdp_catalog_get_phases (sdp_tracker_get_catalog (self->tracker));
  g_autofree char *summary = NULL;
  g_autofree char *schedule = NULL;
  char labels[SDP_DASHBOARD_WEEKS][16];
  const char *label_ptrs[SDP_DASHBOARD_WEEKS];
  GtkWidget *child;
  GDate today;
  guint i;

  sdp_tracker_today (&today);
  d = sdp_tracker_dashboard (self->tracker, &today);

  if (!d->has_plan)
    schedule = g_strdup (_("no plan chosen yet"));
  else if (d->schedule_offset == 0)
    schedule = g_strdup (_("on schedule"));
  else
    schedule = g_strdup_printf (d->schedule_offset > 0 ? _("%d days ahead") : _("%d days behind"),
                                ABS (d->schedule_offset));
  summary = g_strdup_printf (_("%u of %u tasks done · %.1f hours studied · current streak %d days, "
                               "longest %d · %s"),
                             d->tasks_done, d->tasks_total, d->total_hours, d->streaks.current,
                             d->streaks.longest, schedule);
  gtk_label_set_text (self->summary, summary);

  if (d->certification != NULL)
    {
      SdpCertification *c = d->certification;
      g_autofree char *score = g_strdup_printf ("%.2f %%", c->score);
      g_autofree char *level = c->level_title != NULL
        ? g_strdup_printf (_("Level reached: %s"), c->level_title) : g_strdup (_("No level yet"));
      g_autofree char *parts = g_strdup_printf (_("Quizzes %.0f %% · Exercises %.0f %% · Mock interviews "
                                                  "%.0f %% · Final assessment %.0f %%"),
                                                c->parts[SDP_EVIDENCE_QUIZ], c->parts[SDP_EVIDENCE_EXERCISE],
                                                c->parts[SDP_EVIDENCE_MOCK], c->parts[SDP_EVIDENCE_FINAL]);
      GString *missing = g_string_new (NULL);

      if (c->next_level_title != NULL)
        {
          g_string_append_printf (missing, _("For %s:"), c->next_level_title);
          for (i = 0; i < c->missing->len; i++)
            g_string_append_printf (missing, "\n• %s", (char *) g_ptr_array_index (c->missing, i));
        }
      else
        g_string_append (missing, _("You have reached the highest level."));

      gtk_label_set_text (self->score, score);
      gtk_label_set_text (self->level, level);
      gtk_label_set_text (self->parts, parts);
      gtk_label_set_text (self->missing, missing->str);
      g_string_free (missing, TRUE);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->phases))) != NULL)
    gtk_box_remove (self->phases, child);
  for (i = 0; i < d->n_phases; i++)
    gtk_box_append (self->phases, phase_row_new (g_ptr_array_index (phases, i), d->phase_completion[i]));

  for (i = 0; i < SDP_DASHBOARD_WEEKS; i++)
    {
      g_date_strftime (labels[i], sizeof labels[i], "%d %b", &d->week_starts[i]);
      label_ptrs[i] = labels[i];
    }
  sdp_bar_chart_set_values (self->hours, d->week_hours, label_ptrs, SDP_DASHBOARD_WEEKS, _("hours"));
  sdp_heatmap_set_activity (self->heatmap, d->activity, &today);
}

const char *
sdp_progress_page_get_summary (SdpProgressPage *self)
{
  return gtk_label_get_text (self->summary);
}
