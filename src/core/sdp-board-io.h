/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sdp-board.h"

G_BEGIN_DECLS

/* Boards on disk: `*.sdpboard`, a versioned JSON document (see docs/sdpboard-format.md).
 *
 * Reading is strict, because a board is something a user opens from anywhere: every problem is
 * refused with a message naming the JSON path of the bad value ("elements[12].width: expected a
 * number, found a string"). Fields this version does not know are kept and written back, so a
 * board made by a newer version of the app survives being edited by an older one. Saving is
 * atomic: a failed save leaves the previous file as it was. */

#define SDP_BOARD_FORMAT 1            /* the newest "format" this build reads; the one it writes */
#define SDP_BOARD_MAX_ELEMENTS 200000
#define SDP_BOARD_MAX_DEPTH 64        /* arrays and objects nested deeper than this are refused */

#define SDP_BOARD_IO_ERROR (sdp_board_io_error_quark ())

typedef enum
{
  SDP_BOARD_IO_ERROR_PARSE,    /* not JSON at all */
  SDP_BOARD_IO_ERROR_INVALID,  /* JSON, but not a board this version can read */
  SDP_BOARD_IO_ERROR_TOO_NEW,  /* a newer "format" than SDP_BOARD_FORMAT */
  SDP_BOARD_IO_ERROR_WRITE,    /* the file could not be written; the old one is intact */
} SdpBoardIoError;

GQuark          sdp_board_io_error_quark     (void);

char           *sdp_board_to_json            (SdpBoard     *board);
JsonParser     *sdp_board_io_parse_json      (const char   *data,
                                              gssize        length,
                                              GError      **error);
SdpBoard       *sdp_board_new_from_json      (const char   *data,
                                              gssize        length,
                                              GError      **error);

SdpBoard       *sdp_board_load               (GFile        *file,
                                              GError      **error);
gboolean        sdp_board_save               (SdpBoard     *board,
                                              GFile        *file,
                                              GError      **error);

G_END_DECLS
