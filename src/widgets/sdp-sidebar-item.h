/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One row of the program sidebar: a phase, a week, a day, a guide or a group heading. */

#define SDP_TYPE_SIDEBAR_ITEM (sdp_sidebar_item_get_type ())
G_DECLARE_FINAL_TYPE (SdpSidebarItem, sdp_sidebar_item, SDP, SIDEBAR_ITEM, GObject)

SdpSidebarItem *sdp_sidebar_item_new           (const char     *target_id,
                                                const char     *title,
                                                const char     *detail,
                                                const char     *icon_name);
const char     *sdp_sidebar_item_get_target_id (SdpSidebarItem *self);
const char     *sdp_sidebar_item_get_title     (SdpSidebarItem *self);
const char     *sdp_sidebar_item_get_detail    (SdpSidebarItem *self);
const char     *sdp_sidebar_item_get_icon_name (SdpSidebarItem *self);
GListStore     *sdp_sidebar_item_get_children  (SdpSidebarItem *self);
void            sdp_sidebar_item_add_child     (SdpSidebarItem *self,
                                                SdpSidebarItem *child);
double          sdp_sidebar_item_get_progress  (SdpSidebarItem *self);
void            sdp_sidebar_item_set_progress  (SdpSidebarItem *self,
                                                double          progress);
gboolean        sdp_sidebar_item_get_expanded_by_default (SdpSidebarItem *self);
void            sdp_sidebar_item_set_expanded_by_default (SdpSidebarItem *self,
                                                          gboolean        expanded);

G_END_DECLS
