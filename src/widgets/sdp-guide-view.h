/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <webkit/webkit.h>

#include "sdp-catalog.h"

G_BEGIN_DECLS

/* The reading view: a WebKitWebView that only shows our own pages (served through the
 * sdp-guide:// scheme), hands web links to the caller through ::external-link, and adds
 * find in page, zoom, and the light/dark palette of the app. */

#define SDP_TYPE_GUIDE_VIEW (sdp_guide_view_get_type ())
G_DECLARE_FINAL_TYPE (SdpGuideView, sdp_guide_view, SDP, GUIDE_VIEW, AdwBin)

void           sdp_guide_view_set_catalog     (SdpGuideView *self,
                                               SdpCatalog   *catalog);
void           sdp_guide_view_set_stylesheet  (SdpGuideView *self,
                                               const char   *css);
void           sdp_guide_view_load_uri        (SdpGuideView *self,
                                               const char   *uri);
void           sdp_guide_view_restore         (SdpGuideView *self,
                                               const char   *uri,
                                               double        scroll_y);
const char    *sdp_guide_view_get_uri         (SdpGuideView *self);
const char    *sdp_guide_view_get_title       (SdpGuideView *self);
double         sdp_guide_view_get_scroll_y    (SdpGuideView *self);
gboolean       sdp_guide_view_can_go_back     (SdpGuideView *self);
gboolean       sdp_guide_view_can_go_forward  (SdpGuideView *self);
void           sdp_guide_view_go_back         (SdpGuideView *self);
void           sdp_guide_view_go_forward      (SdpGuideView *self);

void           sdp_guide_view_show_find       (SdpGuideView *self);
void           sdp_guide_view_find_next       (SdpGuideView *self);
void           sdp_guide_view_find_previous   (SdpGuideView *self);

double         sdp_guide_view_get_zoom        (SdpGuideView *self);
void           sdp_guide_view_set_zoom        (SdpGuideView *self,
                                               double        zoom);
void           sdp_guide_view_zoom_in         (SdpGuideView *self);
void           sdp_guide_view_zoom_out        (SdpGuideView *self);

void           sdp_guide_view_show_search_hit (SdpGuideView *self,
                                               const char   *uri,
                                               const char   *query);
GVariant      *sdp_guide_view_get_positions   (SdpGuideView *self);
void           sdp_guide_view_set_positions   (SdpGuideView *self,
                                               GVariant     *positions);

WebKitWebView *sdp_guide_view_get_web_view    (SdpGuideView *self);

G_END_DECLS
