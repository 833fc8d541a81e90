/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A bar chart drawn with cairo in the style's colours: one bar per labelled value. Its text
 * alternative (for screen readers) lists every value. */

#define SDP_TYPE_BAR_CHART (sdp_bar_chart_get_type ())
G_DECLARE_FINAL_TYPE (SdpBarChart, sdp_bar_chart, SDP, BAR_CHART, GtkWidget)

GtkWidget *sdp_bar_chart_new        (void);
void       sdp_bar_chart_set_values (SdpBarChart        *self,
                                     const double       *values,
                                     const char * const *labels,
                                     guint               n,
                                     const char         *unit);

G_END_DECLS
