/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sdp-window.h"

G_BEGIN_DECLS

void sdp_window_io_install_actions (GtkWidgetClass *widget_class);

G_END_DECLS
