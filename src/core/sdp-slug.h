/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Heading anchors follow GitHub's rules, so that links written while reading a guide on the
 * web keep working in the app: lowercase, only letters, digits, spaces, '-' and '_' kept,
 * spaces become '-'. Repeats of the same slug in one document get "-1", "-2", ... */
typedef struct _SdpSlugger SdpSlugger;

char       *sdp_slug_from_text  (const char *text);

SdpSlugger *sdp_slugger_new     (void);
void        sdp_slugger_free    (SdpSlugger *slugger);
char       *sdp_slugger_slug    (SdpSlugger *slugger,
                                 const char *text);
char       *sdp_slugger_reserve (SdpSlugger *slugger,
                                 const char *slug);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdpSlugger, sdp_slugger_free)

G_END_DECLS
