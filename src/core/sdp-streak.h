/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Streaks over the reader's local calendar days. A day counts when at least one task was
 * finished or at least SDP_STREAK_MIN_MINUTES were studied. The current streak is still alive
 * on a day with nothing yet: it ends only once a whole day passes without activity. */

#define SDP_STREAK_MIN_MINUTES 15

typedef struct
{
  int current;
  int longest;
  int active_days;
} SdpStreaks;

gboolean sdp_streak_day_counts (int          tasks,
                                int          minutes);
void     sdp_streaks_compute   (GHashTable  *daily_activity,
                                const GDate *today,
                                SdpStreaks  *streaks);

G_END_DECLS
