/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp-catalog.h"
#include "sdp-plan.h"
#include "sdp-scoring.h"
#include "sdp-store.h"
#include "sdp-streak.h"

G_BEGIN_DECLS

/* Where the reader stands: the program, their plan and their records brought together into the
 * figures the app shows (today's tasks, completion, hours, streaks, schedule, certification).
 * Everything here is computed from the store on demand; ::changed says when to recompute. */

#define SDP_DASHBOARD_WEEKS 12

typedef struct
{
  double            phase_completion[16];    /* per phase, in program order, 0..1 */
  guint             n_phases;
  double            week_hours[SDP_DASHBOARD_WEEKS]; /* oldest first, ending with this week */
  GDate             week_starts[SDP_DASHBOARD_WEEKS];
  SdpStreaks        streaks;
  gboolean          has_plan;
  int               schedule_offset;         /* days ahead (+) or behind (-) */
  double            total_hours;
  guint             tasks_done;
  guint             tasks_total;
  SdpCertification *certification;
  GHashTable       *activity;                /* "YYYY-MM-DD" -> SdpDayActivity */
} SdpDashboard;

#define SDP_TYPE_TRACKER (sdp_tracker_get_type ())
G_DECLARE_FINAL_TYPE (SdpTracker, sdp_tracker, SDP, TRACKER, GObject)

SdpTracker   *sdp_tracker_new              (SdpCatalog    *catalog,
                                            SdpStore      *store,
                                            SdpAssessment *assessment);
SdpStore     *sdp_tracker_get_store        (SdpTracker    *self);
SdpCatalog   *sdp_tracker_get_catalog      (SdpTracker    *self);
SdpPlan      *sdp_tracker_get_plan         (SdpTracker    *self);
gboolean      sdp_tracker_is_done          (SdpTracker    *self,
                                            const char    *task_id);
double        sdp_tracker_completion       (SdpTracker    *self,
                                            const char    *id);
GPtrArray    *sdp_tracker_tasks_for        (SdpTracker    *self,
                                            const GDate   *today,
                                            gboolean       overdue);
SdpDashboard *sdp_tracker_dashboard        (SdpTracker    *self,
                                            const GDate   *today);
void          sdp_dashboard_free           (SdpDashboard  *dashboard);
void          sdp_tracker_today            (GDate         *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpDashboard, sdp_dashboard_free)

G_END_DECLS
