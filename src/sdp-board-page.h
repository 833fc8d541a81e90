/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-board-view.h"

G_BEGIN_DECLS

/* The whiteboard page: tools, the canvas, and the board as a document (new, open, save, save
 * as, export), with autosave to a recovery copy so a crash loses at most a few seconds. */

#define SDP_TYPE_BOARD_PAGE (sdp_board_page_get_type ())
G_DECLARE_FINAL_TYPE (SdpBoardPage, sdp_board_page, SDP, BOARD_PAGE, AdwBin)

SdpBoardPage *sdp_board_page_new          (void);
SdpBoardView *sdp_board_page_get_view     (SdpBoardPage *self);
gboolean      sdp_board_page_open_file    (SdpBoardPage *self,
                                           GFile        *file,
                                           GError      **error);
gboolean      sdp_board_page_save_to      (SdpBoardPage *self,
                                           GFile        *file,
                                           GError      **error);
void          sdp_board_page_restore      (SdpBoardPage *self);
char         *sdp_board_page_recovery_path (void);
gboolean      sdp_board_page_autosave_now (SdpBoardPage *self);

G_END_DECLS
