/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sdp-plan.h"

G_BEGIN_DECLS

/* The study plan as an iCalendar file (RFC 5545): one all-day event per study date, listing
 * that day's tasks. Lines end in CRLF and are folded at 75 octets; text is escaped. */

char *sdp_ics_from_plan   (SdpPlan    *plan,
                           GDateTime  *now);
char *sdp_ics_escape_text (const char *text);
void  sdp_ics_append_line (GString    *out,
                           const char *line);

G_END_DECLS
