/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <malloc.h>

#include "sdp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SdpApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  sdp_application_choose_renderers ();

  /* Every thread (GTK's, WebKit's, the search indexer) would otherwise get its own malloc arena,
   * each keeping freed memory of its own: two arenas keep the resident size down. */
  mallopt (M_ARENA_MAX, 2);

  app = sdp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
