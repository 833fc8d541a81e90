/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-plan.h"

#include <math.h>

struct _SdpPlan
{
  int         n_weeks;
  int         days_per_week;
  GArray     *dates;       /* SdpPlanDate, one per study date, in order */
  GHashTable *day_index;   /* day id -> GUINT_TO_POINTER (index into dates + 1) */
  GDate       end_date;
};

static void
plan_date_clear (gpointer data)
{
  SdpPlanDate *date = data;

  g_clear_pointer (&date->days, g_ptr_array_unref);
}

void
sdp_plan_free (SdpPlan *plan)
{
  if (plan == NULL)
    return;
  g_array_unref (plan->dates);
  g_hash_table_unref (plan->day_index);
  g_free (plan);
}

gboolean
sdp_plan_is_study_weekday (SdpPlan      *plan,
                           GDateWeekday  weekday)
{
  /* Monday = 1 ... Sunday = 7: the first days_per_week of them are study days. */
  return (int) weekday <= plan->days_per_week;
}

static int
program_minutes (SdpCatalog *catalog,
                 GPtrArray  *program_days)
{
  int minutes = 0;
  guint i, j;

  for (i = 0; i < program_days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (program_days, i);

      for (j = 0; j < day->tasks->len; j++)
        minutes += ((SdpTask *) g_ptr_array_index (day->tasks, j))->minutes;
    }
  return minutes;
}

/**
 * sdp_plan_new:
 *
 * Returns: (transfer full) (nullable): the calendar, or %NULL when the choice names a path the
 * program does not have
 */
SdpPlan *
sdp_plan_new (SdpCatalog           *catalog,
              const SdpPlanChoice  *choice,
              GError              **error)
{
  const SdpPath *path = sdp_catalog_find_path (catalog, choice->path_id);
  g_autoptr(GPtrArray) program_days = g_ptr_array_new ();
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  SdpPlan *plan;
  GDate cursor;
  double hours;
  guint n_study_dates, i, j;

  if (path == NULL)
    {
      g_set_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                   "The program has no path called “%s”", choice->path_id);
      return NULL;
    }
  if (!g_date_valid (&choice->start_date))
    {
      g_set_error_literal (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID,
                           "The plan has no valid start date");
      return NULL;
    }

  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      for (j = 0; j < week->days->len; j++)
        g_ptr_array_add (program_days, g_ptr_array_index (week->days, j));
    }

  plan = g_new0 (SdpPlan, 1);
  plan->days_per_week = path->study_days_per_week;
  plan->dates = g_array_new (FALSE, TRUE, sizeof (SdpPlanDate));
  g_array_set_clear_func (plan->dates, plan_date_clear);
  plan->day_index = g_hash_table_new (g_str_hash, g_str_equal);

  /* Weeks needed at the reader's pace, kept within what the path promises. */
  hours = MAX (choice->hours_per_week, 0.5);
  plan->n_weeks = (int) ceil (program_minutes (catalog, program_days) / (hours * 60.0));
  plan->n_weeks = CLAMP (plan->n_weeks, path->min_weeks, path->max_weeks);
  n_study_dates = (guint) (plan->n_weeks * plan->days_per_week);

  cursor = choice->start_date;
  while (plan->dates->len < n_study_dates)
    {
      if (sdp_plan_is_study_weekday (plan, g_date_get_weekday (&cursor)))
        {
          SdpPlanDate date = { cursor, g_ptr_array_new () };

          g_array_append_val (plan->dates, date);
        }
      g_date_add_days (&cursor, 1);
    }
  plan->end_date = g_array_index (plan->dates, SdpPlanDate, plan->dates->len - 1).date;

  /* Program day i goes to study date floor (i * dates / days): evenly spread when stretched,
   * packed in order when compressed, and the first day always on the first date. */
  for (i = 0; i < program_days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (program_days, i);
      guint index = (guint) (((guint64) i * n_study_dates) / program_days->len);
      SdpPlanDate *date = &g_array_index (plan->dates, SdpPlanDate, index);

      g_ptr_array_add (date->days, (gpointer) day);
      g_hash_table_insert (plan->day_index, day->id, GUINT_TO_POINTER (index + 1));
    }

  return plan;
}

int
sdp_plan_get_n_weeks (SdpPlan *plan)
{
  return plan->n_weeks;
}

guint
sdp_plan_get_n_dates (SdpPlan *plan)
{
  return plan->dates->len;
}

const SdpPlanDate *
sdp_plan_get_date (SdpPlan *plan,
                   guint    index)
{
  g_return_val_if_fail (index < plan->dates->len, NULL);
  return &g_array_index (plan->dates, SdpPlanDate, index);
}

const GDate *
sdp_plan_get_end_date (SdpPlan *plan)
{
  return &plan->end_date;
}

gboolean
sdp_plan_date_of_day (SdpPlan    *plan,
                      const char *day_id,
                      GDate      *date)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (plan->day_index, day_id));

  if (index == 0)
    return FALSE;
  *date = g_array_index (plan->dates, SdpPlanDate, index - 1).date;
  return TRUE;
}

/**
 * sdp_plan_days_on:
 * Returns: (transfer container) (element-type SdpDay): the program days planned on @date
 */
GPtrArray *
sdp_plan_days_on (SdpPlan     *plan,
                  const GDate *date)
{
  GPtrArray *days = g_ptr_array_new ();
  guint i;

  for (i = 0; i < plan->dates->len; i++)
    {
      const SdpPlanDate *planned = &g_array_index (plan->dates, SdpPlanDate, i);

      if (g_date_compare (&planned->date, date) == 0)
        g_ptr_array_extend (days, planned->days, NULL, NULL);
    }
  return days;
}

static gboolean
day_complete (const SdpDay *day,
              GHashTable   *done_tasks)
{
  guint i;

  for (i = 0; i < day->tasks->len; i++)
    if (!g_hash_table_contains (done_tasks, ((SdpTask *) g_ptr_array_index (day->tasks, i))->id))
      return FALSE;
  return TRUE;
}

/**
 * sdp_plan_overdue_days:
 * @done_tasks: task id -> anything, the tasks already done
 *
 * Returns: (transfer container) (element-type SdpDay): days planned before @today with tasks
 * still open, oldest first
 */
GPtrArray *
sdp_plan_overdue_days (SdpPlan     *plan,
                       const GDate *today,
                       GHashTable  *done_tasks)
{
  GPtrArray *overdue = g_ptr_array_new ();
  guint i, j;

  for (i = 0; i < plan->dates->len; i++)
    {
      const SdpPlanDate *planned = &g_array_index (plan->dates, SdpPlanDate, i);

      if (g_date_compare (&planned->date, today) >= 0)
        break;
      for (j = 0; j < planned->days->len; j++)
        if (!day_complete (g_ptr_array_index (planned->days, j), done_tasks))
          g_ptr_array_add (overdue, g_ptr_array_index (planned->days, j));
    }
  return overdue;
}

/**
 * sdp_plan_schedule_offset:
 *
 * How far ahead (positive) or behind (negative) the reader is, in calendar days: the planned
 * date of the first program day not yet complete, compared with @today. 0 is on schedule;
 * when everything is done, the days left until the planned end.
 */
int
sdp_plan_schedule_offset (SdpPlan     *plan,
                          const GDate *today,
                          GHashTable  *done_tasks)
{
  guint i, j;

  for (i = 0; i < plan->dates->len; i++)
    {
      const SdpPlanDate *planned = &g_array_index (plan->dates, SdpPlanDate, i);

      for (j = 0; j < planned->days->len; j++)
        if (!day_complete (g_ptr_array_index (planned->days, j), done_tasks))
          return g_date_days_between (today, &planned->date);
    }
  return MAX (0, g_date_days_between (today, &plan->end_date) + 1);
}
