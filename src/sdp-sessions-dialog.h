/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-tracker.h"

G_BEGIN_DECLS

/* The study-session history: every recorded session, newest first, each one editable and
 * deletable, and a way to add one that the timer did not record. */

#define SDP_TYPE_SESSIONS_DIALOG (sdp_sessions_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdpSessionsDialog, sdp_sessions_dialog, SDP, SESSIONS_DIALOG, AdwWindow)

SdpSessionsDialog *sdp_sessions_dialog_new (GtkWindow  *parent,
                                            SdpTracker *tracker);

G_END_DECLS
