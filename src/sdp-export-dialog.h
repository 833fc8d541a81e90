/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sdp-board.h"

G_BEGIN_DECLS

/* Exporting a board: format, what to export (the selection or everything), palette, scale,
 * background, padding, with a preview of the result before choosing where to save it. */

#define SDP_TYPE_EXPORT_DIALOG (sdp_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SdpExportDialog, sdp_export_dialog, SDP, EXPORT_DIALOG, AdwWindow)

SdpExportDialog *sdp_export_dialog_new        (GtkWindow          *parent,
                                               SdpBoard           *board,
                                               const char * const *selection);
gboolean         sdp_export_dialog_export_to  (SdpExportDialog    *self,
                                               const char         *path,
                                               GError            **error);
void             sdp_export_dialog_start_export (SdpExportDialog  *self,
                                                 const char       *path);
gboolean         sdp_export_dialog_get_busy   (SdpExportDialog    *self);
void             sdp_export_dialog_set_format (SdpExportDialog    *self,
                                               const char         *format);

G_END_DECLS
