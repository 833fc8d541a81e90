/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-catalog.h"
#include "sdp-guide-view.h"
#include "sdp-sidebar.h"
#include "sdp-tracker.h"

G_BEGIN_DECLS

#define SDP_TYPE_WINDOW (sdp_window_get_type ())
G_DECLARE_FINAL_TYPE (SdpWindow, sdp_window, SDP, WINDOW, AdwApplicationWindow)

SdpWindow    *sdp_window_new             (AdwApplication *application,
                                          SdpCatalog     *catalog,
                                          const GError   *load_error,
                                          SdpTracker     *tracker);
void          sdp_window_show_notice     (SdpWindow      *self,
                                          const char     *message);
void          sdp_window_show_page       (SdpWindow      *self,
                                          const char     *name);
GtkWidget    *sdp_window_get_page        (SdpWindow      *self,
                                          const char     *name);
SdpTracker   *sdp_window_get_tracker     (SdpWindow      *self);
SdpGuideView *sdp_window_get_guide_view  (SdpWindow      *self);
SdpSidebar   *sdp_window_get_sidebar     (SdpWindow      *self);
void          sdp_window_open_id         (SdpWindow      *self,
                                          const char     *id);
void          sdp_window_add_toast       (SdpWindow      *self,
                                          const char     *message);
const char   *sdp_window_get_load_error  (SdpWindow      *self);
GtkListBox   *sdp_window_get_contents_list (SdpWindow    *self);

G_END_DECLS
