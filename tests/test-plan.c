/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sdp-plan.h"
#include "sdp-streak.h"

static SdpCatalog *catalog;

static SdpPlan *
make_plan (const char *path,
           int         year,
           int         month,
           int         day,
           double      hours)
{
  SdpPlanChoice choice = { (char *) path, { 0 }, hours };
  g_autoptr(GError) error = NULL;
  SdpPlan *plan;

  g_date_clear (&choice.start_date, 1);
  g_date_set_dmy (&choice.start_date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  plan = sdp_plan_new (catalog, &choice, &error);
  g_assert_no_error (error);
  return plan;
}

static guint
n_program_days (void)
{
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  guint n = 0, i;

  for (i = 0; i < weeks->len; i++)
    n += ((SdpWeek *) g_ptr_array_index (weeks, i))->days->len;
  return n;
}

/* Every program day is planned exactly once, in program order, on study weekdays only. */
static void
assert_well_formed (SdpPlan *plan)
{
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  GDate previous;
  guint placed = 0, i, j;

  g_date_clear (&previous, 1);
  for (i = 0; i < sdp_plan_get_n_dates (plan); i++)
    {
      const SdpPlanDate *date = sdp_plan_get_date (plan, i);

      g_assert_true (sdp_plan_is_study_weekday (plan, g_date_get_weekday (&date->date)));
      g_assert_cmpint (g_date_get_weekday (&date->date), !=, G_DATE_SUNDAY);
      if (g_date_valid (&previous))
        g_assert_cmpint (g_date_compare (&previous, &date->date), <, 0);
      previous = date->date;
      placed += date->days->len;
    }
  g_assert_cmpuint (placed, ==, n_program_days ());

  g_date_clear (&previous, 1);
  for (i = 0; i < weeks->len; i++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, i);

      for (j = 0; j < week->days->len; j++)
        {
          const SdpDay *day = g_ptr_array_index (week->days, j);
          GDate date;

          g_assert_true (sdp_plan_date_of_day (plan, day->id, &date));
          if (g_date_valid (&previous))
            g_assert_cmpint (g_date_compare (&previous, &date), <=, 0);
          previous = date;
        }
    }
}

static void
test_paths (void)
{
  /* The program is about 112 hours. Silver at 10 h a week: 12 weeks of 5 days. */
  g_autoptr(SdpPlan) silver = make_plan ("silver", 2026, 11, 30, 10);
  /* Bronze at 5 h a week would take 23 weeks: capped at its 20. */
  g_autoptr(SdpPlan) bronze = make_plan ("bronze", 2026, 11, 30, 5);
  /* Compressed at 30 h a week: its minimum of 4 weeks of 6 days. */
  g_autoptr(SdpPlan) compressed = make_plan ("compressed", 2026, 11, 30, 30);
  /* Gold at 12 h: 10 weeks of 6 days. */
  g_autoptr(SdpPlan) gold = make_plan ("gold", 2026, 11, 30, 12);
  GDate first;

  g_assert_cmpint (sdp_plan_get_n_weeks (silver), ==, 12);
  g_assert_cmpuint (sdp_plan_get_n_dates (silver), ==, 60);
  g_assert_cmpint (sdp_plan_get_n_weeks (bronze), ==, 20);
  g_assert_cmpuint (sdp_plan_get_n_dates (bronze), ==, 100);
  g_assert_cmpint (sdp_plan_get_n_weeks (compressed), ==, 4);
  g_assert_cmpuint (sdp_plan_get_n_dates (compressed), ==, 24);
  g_assert_cmpint (sdp_plan_get_n_weeks (gold), ==, 10);
  g_assert_cmpuint (sdp_plan_get_n_dates (gold), ==, 60);

  assert_well_formed (silver);
  assert_well_formed (bronze);
  assert_well_formed (compressed);
  assert_well_formed (gold);

  /* Day one is on the start date; Saturdays are rest days on five-day paths only. */
  g_assert_true (sdp_plan_date_of_day (silver, "w01-d1", &first));
  g_assert_cmpint (g_date_get_day (&first), ==, 30);
  g_assert_false (sdp_plan_is_study_weekday (silver, G_DATE_SATURDAY));
  g_assert_true (sdp_plan_is_study_weekday (gold, G_DATE_SATURDAY));

  /* Stretched calendars leave buffer dates; compressed ones stack several days on one. */
  {
    guint empty = 0, most = 0, i;

    for (i = 0; i < sdp_plan_get_n_dates (bronze); i++)
      empty += sdp_plan_get_date (bronze, i)->days->len == 0;
    for (i = 0; i < sdp_plan_get_n_dates (compressed); i++)
      most = MAX (most, sdp_plan_get_date (compressed, i)->days->len);
    g_assert_cmpuint (empty, ==, 100 - n_program_days ());
    g_assert_cmpuint (most, ==, (n_program_days () + 23) / 24);
  }
}

static void
test_start_on_rest_day_and_leap_year (void)
{
  /* Sunday 27 February 2028: the first study date is Monday the 28th, then Tuesday the 29th. */
  g_autoptr(SdpPlan) plan = make_plan ("silver", 2028, 2, 27, 10);
  const SdpPlanDate *first = sdp_plan_get_date (plan, 0);
  const SdpPlanDate *second = sdp_plan_get_date (plan, 1);

  g_assert_cmpint (g_date_get_day (&first->date), ==, 28);
  g_assert_cmpint (g_date_get_day (&second->date), ==, 29);
  g_assert_cmpint (g_date_get_month (&second->date), ==, G_DATE_FEBRUARY);
  assert_well_formed (plan);
}

static void
test_unknown_path (void)
{
  SdpPlanChoice choice = { (char *) "platinum", { 0 }, 10 };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpPlan) plan = NULL;

  g_date_clear (&choice.start_date, 1);
  g_date_set_dmy (&choice.start_date, 1, 1, 2027);
  plan = sdp_plan_new (catalog, &choice, &error);
  g_assert_null (plan);
  g_assert_error (error, SDP_STORE_ERROR, SDP_STORE_ERROR_INVALID);
}

static void
mark_day_done (GHashTable *done,
               const char *day_id)
{
  const SdpDay *day = NULL;
  guint i;

  g_assert_nonnull (sdp_catalog_find_week_of_day (catalog, day_id, &day));
  for (i = 0; i < day->tasks->len; i++)
    g_hash_table_add (done, ((SdpTask *) g_ptr_array_index (day->tasks, i))->id);
}

/* Ahead and behind, overdue days, and a change of path keeping what is done. */
static void
test_schedule_status (void)
{
  g_autoptr(SdpPlan) plan = make_plan ("silver", 2026, 11, 30, 10);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) overdue = NULL;
  GDate today;
  GDate day3;

  g_date_clear (&today, 1);
  /* Monday 30 November, nothing done: on schedule. */
  g_date_set_dmy (&today, 30, G_DATE_NOVEMBER, 2026);
  g_assert_cmpint (sdp_plan_schedule_offset (plan, &today, done), ==, 0);

  /* Friday 4 December with only day 1 done: behind by the days since day 2 was due. */
  mark_day_done (done, "w01-d1");
  g_date_set_dmy (&today, 4, G_DATE_DECEMBER, 2026);
  g_assert_true (sdp_plan_date_of_day (plan, "w01-d3", &day3));
  g_assert_cmpint (sdp_plan_schedule_offset (plan, &today, done), <, 0);
  overdue = sdp_plan_overdue_days (plan, &today, done);
  g_assert_cmpuint (overdue->len, >=, 2);
  g_assert_cmpstr (((SdpDay *) g_ptr_array_index (overdue, 0))->id, ==, "w01-d2");

  /* Working ahead: the first open day is in the future. */
  mark_day_done (done, "w01-d2");
  mark_day_done (done, "w01-d3");
  mark_day_done (done, "w01-d4");
  mark_day_done (done, "w01-d5");
  mark_day_done (done, "w02-d1");
  mark_day_done (done, "w02-d2");
  mark_day_done (done, "w02-d3");
  g_assert_cmpint (sdp_plan_schedule_offset (plan, &today, done), >, 0);

  /* Another path, same progress: nothing done is lost, only the dates move. */
  {
    g_autoptr(SdpPlan) gold = make_plan ("gold", 2026, 11, 30, 12);
    g_autoptr(GPtrArray) none = sdp_plan_overdue_days (gold, &today, done);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static GHashTable *
activity (const char *first,
          ...)
{
  GHashTable *days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *day = first;
  va_list args;

  va_start (args, first);
  while (day != NULL)
    {
      SdpDayActivity *a = g_new0 (SdpDayActivity, 1);

      a->tasks = va_arg (args, int);
      a->minutes = va_arg (args, int);
      g_hash_table_insert (days, g_strdup (day), a);
      day = va_arg (args, const char *);
    }
  va_end (args);
  return days;
}

static void
today_is (GDate      *today,
          const char *iso)
{
  g_date_clear (today, 1);
  g_date_set_parse (today, iso);
  g_assert_true (g_date_valid (today));
}

static void
test_streaks (void)
{
  g_autoptr(GHashTable) leap = activity ("2028-02-27", 1, 0, "2028-02-28", 0, 20, "2028-02-29", 2, 0,
                                         "2028-03-01", 0, 15, NULL);
  g_autoptr(GHashTable) threshold = activity ("2026-11-22", 0, 14, "2026-11-23", 1, 0,
                                              "2026-11-24", 0, 15, NULL);
  g_autoptr(GHashTable) broken = activity ("2026-11-01", 1, 0, "2026-11-02", 1, 0, "2026-11-03", 1, 0,
                                           "2026-11-20", 1, 0, NULL);
  g_autoptr(GHashTable) empty = activity (NULL);
  /* The night the clocks go back in Europe is still one calendar day. */
  g_autoptr(GHashTable) dst = activity ("2026-10-24", 1, 0, "2026-10-25", 0, 60, "2026-10-26", 1, 0, NULL);
  SdpStreaks s;
  GDate today;

  /* Across 29 February: four days in a row. */
  today_is (&today, "2028-03-01");
  sdp_streaks_compute (leap, &today, &s);
  g_assert_cmpint (s.current, ==, 4);
  g_assert_cmpint (s.longest, ==, 4);

  /* 14 minutes is not a study day; 15 is. */
  today_is (&today, "2026-11-24");
  sdp_streaks_compute (threshold, &today, &s);
  g_assert_cmpint (s.current, ==, 2);
  g_assert_cmpint (s.active_days, ==, 2);

  /* Today has nothing yet: yesterday's streak is still alive. The day after, it is not. */
  today_is (&today, "2026-11-21");
  sdp_streaks_compute (broken, &today, &s);
  g_assert_cmpint (s.current, ==, 1);
  g_assert_cmpint (s.longest, ==, 3);
  today_is (&today, "2026-11-22");
  sdp_streaks_compute (broken, &today, &s);
  g_assert_cmpint (s.current, ==, 0);
  g_assert_cmpint (s.longest, ==, 3);

  /* Days after "today" (a clock set back) do not count. */
  today_is (&today, "2026-11-02");
  sdp_streaks_compute (broken, &today, &s);
  g_assert_cmpint (s.current, ==, 2);
  g_assert_cmpint (s.longest, ==, 2);

  today_is (&today, "2026-10-26");
  sdp_streaks_compute (dst, &today, &s);
  g_assert_cmpint (s.current, ==, 3);

  sdp_streaks_compute (empty, &today, &s);
  g_assert_cmpint (s.current, ==, 0);
  g_assert_cmpint (s.longest, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalog = sdp_catalog_new_from_file (file, &error);
  g_assert_no_error (error);

  g_test_add_func ("/plan/paths", test_paths);
  g_test_add_func ("/plan/rest-day-and-leap-year", test_start_on_rest_day_and_leap_year);
  g_test_add_func ("/plan/unknown-path", test_unknown_path);
  g_test_add_func ("/plan/schedule-status", test_schedule_status);
  g_test_add_func ("/streak/rules", test_streaks);

  status = g_test_run ();
  g_object_unref (catalog);
  return status;
}
