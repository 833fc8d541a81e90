/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sdp-catalog.h"
#include "sdp-store.h"

G_BEGIN_DECLS

/* The reader's calendar: the program's study days mapped onto dates from the start date, at
 * the path's pace. The hours per week decide how many weeks the program takes, within the
 * path's range; each week has the path's number of study days (Monday first; Sunday, and
 * Saturday on five-day paths, are rest days). A longer calendar spreads the program's days
 * out (leaving buffer days); a shorter one puts several on one date. */

typedef struct
{
  GDate      date;
  GPtrArray *days;   /* const SdpDay *, the program days scheduled on this date (may be empty) */
} SdpPlanDate;

typedef struct _SdpPlan SdpPlan;

SdpPlan     *sdp_plan_new              (SdpCatalog          *catalog,
                                        const SdpPlanChoice *choice,
                                        GError             **error);
void         sdp_plan_free             (SdpPlan             *plan);

int          sdp_plan_get_n_weeks      (SdpPlan             *plan);
guint        sdp_plan_get_n_dates      (SdpPlan             *plan);
const SdpPlanDate *sdp_plan_get_date   (SdpPlan             *plan,
                                        guint                index);
const GDate *sdp_plan_get_end_date     (SdpPlan             *plan);
gboolean     sdp_plan_date_of_day      (SdpPlan             *plan,
                                        const char          *day_id,
                                        GDate               *date);
GPtrArray   *sdp_plan_days_on          (SdpPlan             *plan,
                                        const GDate         *date);
GPtrArray   *sdp_plan_overdue_days     (SdpPlan             *plan,
                                        const GDate         *today,
                                        GHashTable          *done_tasks);
int          sdp_plan_schedule_offset  (SdpPlan             *plan,
                                        const GDate         *today,
                                        GHashTable          *done_tasks);
gboolean     sdp_plan_is_study_weekday (SdpPlan             *plan,
                                        GDateWeekday         weekday);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpPlan, sdp_plan_free)

G_END_DECLS
