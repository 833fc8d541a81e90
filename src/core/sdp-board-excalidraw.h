/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sdp-board.h"

G_BEGIN_DECLS

/* Excalidraw interop. sdp_board_import_excalidraw() (sdp-board-excalidraw-import.c) reads a
 * scene into a new board; the writer below turns a board into a scene (`.excalidraw`, format
 * version 2), so a design sketched here can be carried on in Excalidraw.
 *
 * Writing: basic shapes map one to one; architecture shapes become rounded rectangles whose
 * label names their kind when they have no label of their own (the kind is also kept in
 * customData.sdpKind, which the reader uses to bring them back); labels become bound text;
 * arrows keep their bindings, points and heads; freehand strokes keep their pressures.
 * Colours are written in the light palette, which Excalidraw inverts itself in dark mode.
 *
 * Returns: (transfer full) (nullable): the JSON text, or NULL when there is nothing to export
 */
char *sdp_board_export_excalidraw (SdpBoard           *board,
                                   const char * const *only_ids);

SdpBoard *sdp_board_import_excalidraw (const char  *data,
                                       gssize       length,
                                       guint       *n_skipped,
                                       GError     **error);

G_END_DECLS
