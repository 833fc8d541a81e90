/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A calendar heat-map of study activity: one square per day, one column per week, the last
 * weeks up to today; darker is more. Its text alternative summarises the period. */

#define SDP_TYPE_HEATMAP (sdp_heatmap_get_type ())
G_DECLARE_FINAL_TYPE (SdpHeatmap, sdp_heatmap, SDP, HEATMAP, GtkWidget)

GtkWidget *sdp_heatmap_new          (void);
void       sdp_heatmap_set_activity (SdpHeatmap  *self,
                                     GHashTable  *daily_activity,
                                     const GDate *today);

G_END_DECLS
