/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-today-page.h"

#include <glib/gi18n.h>

#define FOCUS_SECONDS (25 * 60)

struct _SdpTodayPage
{
  AdwBin         parent_instance;

  SdpTracker    *tracker;
  GtkStack      *stack;
  GtkLabel      *date_label;
  GtkLabel      *status_label;
  GtkBox        *groups;        /* the task groups, rebuilt on every change */
  AdwActionRow  *timer_row;
  GtkButton     *start_button;
  GtkButton     *stop_button;
  GtkSwitch     *focus_switch;
  char          *subject;
  guint          tick;
  GHashTable    *checks;        /* task id -> GtkCheckButton (borrowed) */
  gboolean       refreshing;
};

enum {
  OPEN_TARGET,
  TASK_TOGGLED,
  NOTICE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SdpTodayPage, sdp_today_page, ADW_TYPE_BIN)

static const char *
kind_label (SdpTaskKind kind)
{
  switch (kind)
    {
    case SDP_TASK_READ: return _("Read");
    case SDP_TASK_EXERCISE: return _("Exercise");
    case SDP_TASK_QUIZ: return _("Quiz");
    case SDP_TASK_MOCK: return _("Mock interview");
    case SDP_TASK_REVIEW: return _("Review");
    default: return _("Task");
    }
}

static void
check_toggled_cb (SdpTodayPage   *self,
                  GtkCheckButton *check)
{
  const char *task_id = g_object_get_data (G_OBJECT (check), "task-id");
  gboolean done = gtk_check_button_get_active (check);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (self->refreshing)
    return;
  if (!sdp_store_set_task_done (sdp_tracker_get_store (self->tracker), task_id, done, now, &error))
    {
      g_signal_emit (self, signals[NOTICE], 0, error->message);
      return;
    }
  g_signal_emit (self, signals[TASK_TOGGLED], 0, task_id, done);
}

static void
open_clicked_cb (SdpTodayPage *self,
                 GtkButton    *button)
{
  g_signal_emit (self, signals[OPEN_TARGET], 0, g_object_get_data (G_OBJECT (button), "target"));
}

static GtkWidget *
task_row_new (SdpTodayPage  *self,
              const SdpTask *task)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *subtitle = g_strdup_printf (_("%s · %d min"), kind_label (task->kind), task->minutes);
  g_autofree char *check_label = g_strdup_printf (_("Done: %s"), task->title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), task->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), sdp_tracker_is_done (self->tracker, task->id));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_label, -1);
  g_object_set_data_full (G_OBJECT (check), "task-id", g_strdup (task->id), g_free);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_hash_table_insert (self->checks, task->id, check);

  /* Guide sections open in the reader; quizzes and mock interviews come with later work. */
  if (task->kind == SDP_TASK_READ || task->kind == SDP_TASK_REVIEW || task->kind == SDP_TASK_EXERCISE)
    {
      GtkWidget *open = gtk_button_new_from_icon_name ("go-next-symbolic");

      gtk_widget_set_tooltip_text (open, _("Open"));
      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      g_object_set_data_full (G_OBJECT (open), "target", g_strdup (task->target), g_free);
      g_signal_connect_object (open, "clicked", G_CALLBACK (open_clicked_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  return row;
}

static GtkWidget *
task_group_new (SdpTodayPage *self,
                const char   *title,
                const char   *empty,
                GPtrArray    *tasks)
{
  GtkWidget *group = adw_preferences_group_new ();
  guint i;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (tasks->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), empty);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  for (i = 0; i < tasks->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), task_row_new (self, g_ptr_array_index (tasks, i)));
  return group;
}

static char *
schedule_text (const SdpDashboard *d)
{
  if (d->schedule_offset > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ahead of plan", "%d days ahead of plan",
                                         d->schedule_offset), d->schedule_offset);
  if (d->schedule_offset < 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day behind plan", "%d days behind plan",
                                         -d->schedule_offset), -d->schedule_offset);
  return g_strdup (_("On schedule"));
}

/* ---- the study timer: its state is in the store, so it survives a restart ---- */

static gint64
active_seconds (const SdpTimerState *state,
                gint64               now)
{
  gint64 paused = state->paused_seconds + (state->paused_at > 0 ? now - state->paused_at : 0);

  return MAX (0, now - state->started_at - paused);
}

static void
update_timer (SdpTodayPage *self)
{
  SdpTimerState state;
  g_autofree char *text = NULL;
  gboolean have = sdp_store_get_timer (sdp_tracker_get_store (self->tracker), &state);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 seconds = have ? active_seconds (&state, now) : 0;
  gboolean running = have && state.paused_at == 0;

  text = g_strdup_printf ("%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                          seconds / 3600, seconds / 60 % 60, seconds % 60);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->timer_row), text);
  adw_action_row_set_subtitle (self->timer_row, !have ? _("Not running")
                                                : running ? _("Studying") : _("Paused"));
  gtk_button_set_label (self->start_button, running ? _("Pause") : have ? _("Resume") : _("Start"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), have);

  /* Focus rhythm: after each 25 minutes of study, pause for a 5-minute break. */
  if (running && gtk_switch_get_active (self->focus_switch) && seconds > 0 &&
      seconds % FOCUS_SECONDS == 0)
    {
      sdp_today_page_timer_pause (self);
      g_signal_emit (self, signals[NOTICE], 0, _("25 minutes of focus done: take a 5-minute break"));
    }
  sdp_timer_state_clear (&state);
}

static gboolean
tick_cb (gpointer data)
{
  update_timer (data);
  return G_SOURCE_CONTINUE;
}

static void
start_clicked_cb (SdpTodayPage *self)
{
  if (sdp_today_page_timer_running (self))
    sdp_today_page_timer_pause (self);
  else
    sdp_today_page_timer_start (self);
}

static void
stop_clicked_cb (SdpTodayPage *self)
{
  sdp_today_page_timer_stop (self);
}

static GtkWidget *
timer_group_new (SdpTodayPage *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *focus_row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Study Timer"));
  self->timer_row = ADW_ACTION_ROW (adw_action_row_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->timer_row), "numeric");
  self->start_button = GTK_BUTTON (gtk_button_new_with_label (_("Start")));
  self->stop_button = GTK_BUTTON (gtk_button_new_with_label (_("Stop")));
  gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
  g_signal_connect_object (self->start_button, "clicked", G_CALLBACK (start_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stop_button, "clicked", G_CALLBACK (stop_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->start_button));
  gtk_box_append (GTK_BOX (buttons), GTK_WIDGET (self->stop_button));
  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (self->timer_row, buttons);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->timer_row));

  self->focus_switch = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->focus_switch), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (focus_row), _("Focus Rhythm"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (focus_row), _("25 minutes of study, then a 5-minute break"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (focus_row), GTK_WIDGET (self->focus_switch));
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (focus_row), GTK_WIDGET (self->focus_switch));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), focus_row);

  {
    GtkWidget *history = gtk_button_new_with_mnemonic (_("Session _History…"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (history), "win.sessions");
    gtk_widget_add_css_class (history, "flat");
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), history);
  }
  return group;
}

static void
tracker_changed_cb (SdpTodayPage *self)
{
  sdp_today_page_refresh (self);
}

static void
sdp_today_page_dispose (GObject *object)
{
  SdpTodayPage *self = SDP_TODAY_PAGE (object);

  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->subject, g_free);
  G_OBJECT_CLASS (sdp_today_page_parent_class)->dispose (object);
}

static void
sdp_today_page_class_init (SdpTodayPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_today_page_dispose;

  /**
   * SdpTodayPage::open-target:
   * @target: a task's target, e.g. "phase-1-fundamentals#dns"
   */
  signals[OPEN_TARGET] = g_signal_new ("open-target", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[TASK_TOGGLED] = g_signal_new ("task-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                        G_TYPE_BOOLEAN);
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sdp_today_page_init (SdpTodayPage *self)
{
  self->checks = g_hash_table_new (g_str_hash, g_str_equal);
}

SdpTodayPage *
sdp_today_page_new (SdpTracker *tracker)
{
  SdpTodayPage *self = g_object_new (SDP_TYPE_TODAY_PAGE, NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *no_plan = adw_status_page_new ();
  GtkWidget *setup = gtk_button_new_with_mnemonic (_("_Choose a Path"));

  self->tracker = g_object_ref (tracker);
  self->stack = GTK_STACK (gtk_stack_new ());

  self->date_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->date_label), "title-1");
  gtk_label_set_xalign (self->date_label, 0);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  self->groups = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 24));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->date_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (box), timer_group_new (self));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->groups));
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (no_plan), "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (no_plan), _("No Plan Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (no_plan),
                                   _("Choose a path and a start date to see each day's tasks"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (setup), "win.plan");
  gtk_widget_set_halign (setup, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (setup, "pill");
  gtk_widget_add_css_class (setup, "suggested-action");
  adw_status_page_set_child (ADW_STATUS_PAGE (no_plan), setup);

  gtk_stack_add_named (self->stack, scrolled, "today");
  gtk_stack_add_named (self->stack, no_plan, "no-plan");
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->stack));

  g_signal_connect_object (tracker, "changed", G_CALLBACK (tracker_changed_cb), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (1, tick_cb, self);
  sdp_today_page_refresh (self);
  return self;
}

void
sdp_today_page_refresh (SdpTodayPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%A %e %B");
  g_autoptr(GPtrArray) today_tasks = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(SdpDashboard) dashboard = NULL;
  g_autofree char *schedule = NULL;
  g_autofree char *status = NULL;
  GtkWidget *child;
  GDate today;

  sdp_tracker_today (&today);
  gtk_stack_set_visible_child_name (self->stack, sdp_tracker_get_plan (self->tracker) != NULL ? "today" : "no-plan");
  gtk_label_set_text (self->date_label, g_strstrip (date));

  dashboard = sdp_tracker_dashboard (self->tracker, &today);
  schedule = schedule_text (dashboard);
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s · %d-day streak (a day counts when you finish a task or "
                                         "study 15 minutes, in your local time)",
                                         "%s · %d-day streak (a day counts when you finish a task or "
                                         "study 15 minutes, in your local time)",
                                         dashboard->streaks.current),
                            schedule, dashboard->streaks.current);
  gtk_label_set_text (self->status_label, status);

  self->refreshing = TRUE;
  g_hash_table_remove_all (self->checks);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups))) != NULL)
    gtk_box_remove (self->groups, child);
  today_tasks = sdp_tracker_tasks_for (self->tracker, &today, FALSE);
  overdue = sdp_tracker_tasks_for (self->tracker, &today, TRUE);
  gtk_box_append (self->groups, task_group_new (self, _("Today"), _("Nothing planned today: a rest day"),
                                                today_tasks));
  if (overdue->len > 0)
    gtk_box_append (self->groups, task_group_new (self, _("Overdue"), "", overdue));
  self->refreshing = FALSE;
  update_timer (self);
}

/* The subject study sessions are recorded against: the guide or phase being read. */
void
sdp_today_page_set_subject (SdpTodayPage *self,
                            const char   *subject)
{
  g_free (self->subject);
  self->subject = g_strdup (subject);
}

/**
 * sdp_today_page_find_check:
 * Returns: (transfer none) (nullable): the check button of a listed task
 */
GtkWidget *
sdp_today_page_find_check (SdpTodayPage *self,
                           const char   *task_id)
{
  return g_hash_table_lookup (self->checks, task_id);
}

gboolean
sdp_today_page_timer_running (SdpTodayPage *self)
{
  SdpTimerState state;
  gboolean running = sdp_store_get_timer (sdp_tracker_get_store (self->tracker), &state) &&
                     state.paused_at == 0;

  sdp_timer_state_clear (&state);
  return running;
}

void
sdp_today_page_timer_start (SdpTodayPage *self)
{
  SdpStore *store = sdp_tracker_get_store (self->tracker);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  SdpTimerState state;
  g_autoptr(GError) error = NULL;

  if (sdp_store_get_timer (store, &state))
    {
      if (state.paused_at > 0)
        {
          state.paused_seconds += now - state.paused_at;
          state.paused_at = 0;
        }
    }
  else
    {
      state.started_at = now;
      state.subject = g_strdup (self->subject);
    }
  if (!sdp_store_set_timer (store, &state, &error))
    g_signal_emit (self, signals[NOTICE], 0, error->message);
  sdp_timer_state_clear (&state);
  update_timer (self);
}

void
sdp_today_page_timer_pause (SdpTodayPage *self)
{
  SdpStore *store = sdp_tracker_get_store (self->tracker);
  SdpTimerState state;

  if (!sdp_store_get_timer (store, &state))
    return;
  if (state.paused_at == 0)
    {
      state.paused_at = g_get_real_time () / G_USEC_PER_SEC;
      sdp_store_set_timer (store, &state, NULL);
    }
  sdp_timer_state_clear (&state);
  update_timer (self);
}

/* Stopping records the session: it started when the timer did and lasted the study time. */
void
sdp_today_page_timer_stop (SdpTodayPage *self)
{
  SdpStore *store = sdp_tracker_get_store (self->tracker);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  SdpTimerState state;
  gint64 seconds;

  if (!sdp_store_get_timer (store, &state))
    return;
  seconds = MIN (active_seconds (&state, now), 24 * 3600);
  if (seconds >= 60)
    {
      g_autoptr(GDateTime) started = g_date_time_new_from_unix_local (state.started_at);
      g_autoptr(GDateTime) ended = g_date_time_add_seconds (started, (double) seconds);

      if (sdp_store_add_session (store, started, ended, state.subject, &error) == 0)
        g_signal_emit (self, signals[NOTICE], 0, error->message);
    }
  sdp_store_clear_timer (store, NULL);
  sdp_timer_state_clear (&state);
  update_timer (self);
}
