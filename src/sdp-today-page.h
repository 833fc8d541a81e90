/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-tracker.h"

G_BEGIN_DECLS

/* Today: the day's tasks and the overdue ones, each one click to check (and undo), a link to
 * what it asks for, and the study timer. */

#define SDP_TYPE_TODAY_PAGE (sdp_today_page_get_type ())
G_DECLARE_FINAL_TYPE (SdpTodayPage, sdp_today_page, SDP, TODAY_PAGE, AdwBin)

SdpTodayPage *sdp_today_page_new          (SdpTracker   *tracker);
void          sdp_today_page_set_subject  (SdpTodayPage *self,
                                           const char   *subject);
void          sdp_today_page_refresh      (SdpTodayPage *self);
GtkWidget    *sdp_today_page_find_check   (SdpTodayPage *self,
                                           const char   *task_id);
void          sdp_today_page_timer_start  (SdpTodayPage *self);
void          sdp_today_page_timer_pause  (SdpTodayPage *self);
void          sdp_today_page_timer_stop   (SdpTodayPage *self);
gboolean      sdp_today_page_timer_running (SdpTodayPage *self);

G_END_DECLS
