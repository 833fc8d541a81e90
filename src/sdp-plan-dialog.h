/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-tracker.h"

G_BEGIN_DECLS

/* Choosing (or changing) the plan: the path, the start date and the hours per week. Shown at
 * first launch and from Preferences; saving never touches what is already done. */

#define SDP_TYPE_PLAN_DIALOG (sdp_plan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdpPlanDialog, sdp_plan_dialog, SDP, PLAN_DIALOG, AdwWindow)

SdpPlanDialog *sdp_plan_dialog_new        (GtkWindow     *parent,
                                           SdpTracker    *tracker,
                                           gboolean       first_time);
void           sdp_plan_dialog_set_choice (SdpPlanDialog *self,
                                           const char    *path_id,
                                           const GDate   *start,
                                           double         hours_per_week);
gboolean       sdp_plan_dialog_save       (SdpPlanDialog *self,
                                           GError       **error);

G_END_DECLS
