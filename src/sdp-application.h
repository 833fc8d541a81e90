/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-catalog.h"

G_BEGIN_DECLS

#define SDP_TYPE_APPLICATION (sdp_application_get_type ())
G_DECLARE_FINAL_TYPE (SdpApplication, sdp_application, SDP, APPLICATION, AdwApplication)

SdpApplication *sdp_application_new          (void);
SdpCatalog     *sdp_application_get_catalog  (SdpApplication *self);
void            sdp_application_choose_renderers (void);

G_END_DECLS
