/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "sdp-store.h"

G_BEGIN_DECLS

/* For the store's own files (sdp-store.c, sdp-store-io.c) only: views never see SQL. */
sqlite3 *sdp_store_get_db      (SdpStore *self);
void     sdp_store_emit_changed (SdpStore *self);

G_END_DECLS
