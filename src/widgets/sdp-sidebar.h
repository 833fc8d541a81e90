/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-catalog.h"
#include "sdp-search-index.h"
#include "sdp-tracker.h"

G_BEGIN_DECLS

/* The program as a tree: phases -> weeks -> days, the practice weeks, and the guides.
 * Choosing a row emits ::item-activated with the catalog id it stands for. Above it, a search
 * entry: while it has text, the tree gives way to ranked results, and choosing one emits
 * ::search-activated. */

#define SDP_TYPE_SIDEBAR (sdp_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (SdpSidebar, sdp_sidebar, SDP, SIDEBAR, AdwBin)

void                sdp_sidebar_set_catalog    (SdpSidebar *self,
                                                SdpCatalog *catalog);
gboolean            sdp_sidebar_select_target  (SdpSidebar *self,
                                                const char *target_id);
guint               sdp_sidebar_find_position  (SdpSidebar *self,
                                                const char *target_id);
GtkSingleSelection *sdp_sidebar_get_selection  (SdpSidebar *self);
void                sdp_sidebar_set_search_index (SdpSidebar     *self,
                                                  SdpSearchIndex *index);
void                sdp_sidebar_focus_search   (SdpSidebar *self);
void                sdp_sidebar_set_tracker    (SdpSidebar *self,
                                                SdpTracker *tracker);
double              sdp_sidebar_get_progress   (SdpSidebar *self,
                                                const char *target_id);
void                sdp_sidebar_search         (SdpSidebar *self,
                                                const char *text);
GtkListBox         *sdp_sidebar_get_results    (SdpSidebar *self);

G_END_DECLS
