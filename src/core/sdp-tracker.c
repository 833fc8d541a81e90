/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-tracker.h"

struct _SdpTracker
{
  GObject        parent_instance;

  SdpCatalog    *catalog;
  SdpStore      *store;
  SdpAssessment *assessment;   /* borrowed; lives as long as the app */
  SdpPlan       *plan;         /* NULL until the reader has chosen one */
  GHashTable    *done;         /* task id -> local day, refreshed when the store changes */
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SdpTracker, sdp_tracker, G_TYPE_OBJECT)

static void
reload (SdpTracker *self)
{
  SdpPlanChoice choice;

  g_clear_pointer (&self->done, g_hash_table_unref);
  self->done = sdp_store_get_done_tasks (self->store);

  g_clear_pointer (&self->plan, sdp_plan_free);
  if (sdp_store_get_plan (self->store, &choice))
    {
      g_autoptr(GError) error = NULL;

      self->plan = sdp_plan_new (self->catalog, &choice, &error);
      if (self->plan == NULL)
        g_debug ("The saved plan does not fit this program: %s", error->message);
      sdp_plan_choice_clear (&choice);
    }
}

static void
store_changed_cb (SdpTracker *self)
{
  reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sdp_tracker_finalize (GObject *object)
{
  SdpTracker *self = SDP_TRACKER (object);

  g_clear_pointer (&self->done, g_hash_table_unref);
  g_clear_pointer (&self->plan, sdp_plan_free);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sdp_tracker_parent_class)->finalize (object);
}

static void
sdp_tracker_class_init (SdpTrackerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sdp_tracker_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sdp_tracker_init (SdpTracker *self)
{
}

/**
 * sdp_tracker_new:
 * @assessment: (nullable): the certification rules; without them there is no certification panel
 */
SdpTracker *
sdp_tracker_new (SdpCatalog    *catalog,
                 SdpStore      *store,
                 SdpAssessment *assessment)
{
  SdpTracker *self = g_object_new (SDP_TYPE_TRACKER, NULL);

  self->catalog = g_object_ref (catalog);
  self->store = g_object_ref (store);
  self->assessment = assessment;
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  return self;
}

SdpStore *
sdp_tracker_get_store (SdpTracker *self)
{
  return self->store;
}

SdpCatalog *
sdp_tracker_get_catalog (SdpTracker *self)
{
  return self->catalog;
}

/**
 * sdp_tracker_get_plan:
 * Returns: (transfer none) (nullable): the reader's calendar, or %NULL before onboarding
 */
SdpPlan *
sdp_tracker_get_plan (SdpTracker *self)
{
  return self->plan;
}

gboolean
sdp_tracker_is_done (SdpTracker *self,
                     const char *task_id)
{
  return g_hash_table_contains (self->done, task_id);
}

static void
count_day (SdpTracker   *self,
           const SdpDay *day,
           guint        *done,
           guint        *total)
{
  guint i;

  for (i = 0; i < day->tasks->len; i++)
    {
      const SdpTask *task = g_ptr_array_index (day->tasks, i);

      *total += 1;
      *done += g_hash_table_contains (self->done, task->id);
    }
}

static void
count_week (SdpTracker    *self,
            const SdpWeek *week,
            guint         *done,
            guint         *total)
{
  guint i;

  for (i = 0; i < week->days->len; i++)
    count_day (self, g_ptr_array_index (week->days, i), done, total);
}

/**
 * sdp_tracker_completion:
 * @id: a phase, week or day id
 *
 * Returns: the share of its tasks that are done, 0..1 (0 for an unknown id)
 */
double
sdp_tracker_completion (SdpTracker *self,
                        const char *id)
{
  const SdpWeek *week;
  const SdpDay *day = NULL;
  guint done = 0, total = 0, i;

  if ((week = sdp_catalog_find_week (self->catalog, id)) != NULL)
    count_week (self, week, &done, &total);
  else if (sdp_catalog_find_phase (self->catalog, id) != NULL)
    {
      GPtrArray *weeks = sdp_catalog_get_weeks (self->catalog);

      for (i = 0; i < weeks->len; i++)
        {
          week = g_ptr_array_index (weeks, i);
          if (g_strcmp0 (week->phase_id, id) == 0)
            count_week (self, week, &done, &total);
        }
    }
  else if (sdp_catalog_find_week_of_day (self->catalog, id, &day) != NULL)
    count_day (self, day, &done, &total);

  return total > 0 ? (double) done / total : 0;
}

/**
 * sdp_tracker_tasks_for:
 * @overdue: %FALSE for the tasks planned on @today, %TRUE for open tasks planned before it
 *
 * Returns: (transfer container) (element-type SdpTask): the tasks, in program order; done ones
 *   are included for today (so they can be unchecked), left out of the overdue list
 */
GPtrArray *
sdp_tracker_tasks_for (SdpTracker  *self,
                       const GDate *today,
                       gboolean     overdue)
{
  GPtrArray *tasks = g_ptr_array_new ();
  g_autoptr(GPtrArray) days = NULL;
  guint i, j;

  if (self->plan == NULL)
    return tasks;

  days = overdue ? sdp_plan_overdue_days (self->plan, today, self->done)
                 : sdp_plan_days_on (self->plan, today);
  for (i = 0; i < days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (days, i);

      for (j = 0; j < day->tasks->len; j++)
        {
          const SdpTask *task = g_ptr_array_index (day->tasks, j);

          if (!overdue || !g_hash_table_contains (self->done, task->id))
            g_ptr_array_add (tasks, (gpointer) task);
        }
    }
  return tasks;
}

void
sdp_dashboard_free (SdpDashboard *dashboard)
{
  if (dashboard == NULL)
    return;
  g_clear_pointer (&dashboard->certification, sdp_certification_free);
  g_clear_pointer (&dashboard->activity, g_hash_table_unref);
  g_free (dashboard);
}

/* The reader's calendar date now, in local time. */
void
sdp_tracker_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
}

/**
 * sdp_tracker_dashboard:
 *
 * Returns: (transfer full): every figure of the progress page for @today
 */
SdpDashboard *
sdp_tracker_dashboard (SdpTracker  *self,
                       const GDate *today)
{
  SdpDashboard *d = g_new0 (SdpDashboard, 1);
  GPtrArray *phases = sdp_catalog_get_phases (self->catalog);
  GPtrArray *weeks = sdp_catalog_get_weeks (self->catalog);
  GHashTableIter iter;
  gpointer key, value;
  GDate monday;
  guint32 first_julian;
  guint i;

  d->activity = sdp_store_get_daily_activity (self->store);
  d->n_phases = MIN (phases->len, G_N_ELEMENTS (d->phase_completion));
  for (i = 0; i < d->n_phases; i++)
    d->phase_completion[i] = sdp_tracker_completion (self, ((SdpPhase *) g_ptr_array_index (phases, i))->id);

  for (i = 0; i < weeks->len; i++)
    count_week (self, g_ptr_array_index (weeks, i), &d->tasks_done, &d->tasks_total);

  /* Hours per calendar week (Monday first) for the last weeks, this one included. */
  monday = *today;
  g_date_subtract_days (&monday, g_date_get_weekday (today) - 1);
  for (i = 0; i < SDP_DASHBOARD_WEEKS; i++)
    {
      d->week_starts[i] = monday;
      g_date_subtract_days (&d->week_starts[i], 7 * (SDP_DASHBOARD_WEEKS - 1 - i));
    }
  first_julian = g_date_get_julian (&d->week_starts[0]);

  g_hash_table_iter_init (&iter, d->activity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const SdpDayActivity *activity = value;
      GDate date;
      guint32 julian;

      d->total_hours += activity->minutes / 60.0;
      g_date_clear (&date, 1);
      g_date_set_parse (&date, key);
      if (!g_date_valid (&date))
        continue;
      julian = g_date_get_julian (&date);
      if (julian >= first_julian && julian <= g_date_get_julian (today))
        d->week_hours[(julian - first_julian) / 7] += activity->minutes / 60.0;
    }

  sdp_streaks_compute (d->activity, today, &d->streaks);

  d->has_plan = self->plan != NULL;
  if (self->plan != NULL)
    d->schedule_offset = sdp_plan_schedule_offset (self->plan, today, self->done);

  if (self->assessment != NULL)
    {
      g_autoptr(GPtrArray) evidence = sdp_store_list_evidence (self->store);

      d->certification = sdp_certification_compute (self->assessment, self->catalog, evidence);
    }
  return d;
}
