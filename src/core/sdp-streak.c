/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-streak.h"

#include <string.h>

#include "sdp-store.h"

gboolean
sdp_streak_day_counts (int tasks,
                       int minutes)
{
  return tasks > 0 || minutes >= SDP_STREAK_MIN_MINUTES;
}

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

/**
 * sdp_streaks_compute:
 * @daily_activity: "YYYY-MM-DD" -> SdpDayActivity, as the store gives it
 * @today: the reader's local date
 */
void
sdp_streaks_compute (GHashTable  *daily_activity,
                     const GDate *today,
                     SdpStreaks  *streaks)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (guint32));
  GHashTableIter iter;
  gpointer key, value;
  guint32 today_julian = g_date_get_julian (today);
  int run = 0;
  guint i;

  memset (streaks, 0, sizeof *streaks);

  g_hash_table_iter_init (&iter, daily_activity);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const SdpDayActivity *activity = value;
      GDate date;
      guint32 julian;

      g_date_clear (&date, 1);
      g_date_set_parse (&date, key);
      if (!g_date_valid (&date) || !sdp_streak_day_counts (activity->tasks, activity->minutes))
        continue;
      julian = g_date_get_julian (&date);
      if (julian <= today_julian)
        g_array_append_val (days, julian);
    }
  g_array_sort (days, compare_julian);
  streaks->active_days = (int) days->len;

  for (i = 0; i < days->len; i++)
    {
      guint32 day = g_array_index (days, guint32, i);

      run = (i > 0 && day == g_array_index (days, guint32, i - 1) + 1) ? run + 1 : 1;
      streaks->longest = MAX (streaks->longest, run);
    }

  /* The current run must reach today, or yesterday while today is still open. */
  if (days->len > 0)
    {
      guint32 last = g_array_index (days, guint32, days->len - 1);

      if (last == today_julian || last + 1 == today_julian)
        streaks->current = run;
    }
}
