/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-tracker.h"

G_BEGIN_DECLS

/* The dashboard: completion per phase, hours per week, the activity heat-map, streaks, the
 * schedule and the certification panel. Refreshed whenever the records change. */

#define SDP_TYPE_PROGRESS_PAGE (sdp_progress_page_get_type ())
G_DECLARE_FINAL_TYPE (SdpProgressPage, sdp_progress_page, SDP, PROGRESS_PAGE, AdwBin)

SdpProgressPage *sdp_progress_page_new       (SdpTracker      *tracker);
void             sdp_progress_page_refresh   (SdpProgressPage *self);
const char      *sdp_progress_page_get_summary (SdpProgressPage *self);

G_END_DECLS
