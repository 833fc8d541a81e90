/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-application.h"

#include <glib/gi18n.h>

#include "sdp-scoring.h"
#include "sdp-store.h"
#include "sdp-tracker.h"
#include "sdp-window.h"

#define BACKUPS_KEPT 7

struct _SdpApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;
  SdpCatalog    *catalog;
  GError        *load_error;
  SdpAssessment *assessment;
  SdpTracker    *tracker;       /* NULL when the progress database cannot be used */
  char          *store_notice;  /* what the reader must be told about their data, if anything */
};

G_DEFINE_FINAL_TYPE (SdpApplication, sdp_application, ADW_TYPE_APPLICATION)

/* SDP_CONTENT_DIR points at a content folder to read instead of the bundled one, which lets
 * content authors see their changes without rebuilding (and tests try broken content). */
static SdpCatalog *
load_catalog (GError **error)
{
  const char *dir = g_getenv ("SDP_CONTENT_DIR");
  g_autoptr(GFile) file = NULL;

  if (dir != NULL && *dir != '\0')
    file = g_file_new_build_filename (dir, "program.json", NULL);
  else
    file = g_file_new_for_uri ("resource://" RESOURCE_PREFIX "/content/program.json");

  return sdp_catalog_new_from_file (file, error);
}

static char *
data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, NULL);
}

static gboolean
backup_cb (gpointer user_data)
{
  SdpApplication *self = user_data;
  g_autofree char *dir = data_dir ();
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (self->tracker != NULL &&
      !sdp_store_backup (sdp_tracker_get_store (self->tracker), backups, now, BACKUPS_KEPT, &error))
    g_warning ("The daily backup failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

/* The progress database: opened (and checked) at start; a damaged one is moved aside and the
 * reader is told, never silently replaced. If it cannot be opened at all, reading still works
 * and the window says why tracking does not. */
static void
open_tracker (SdpApplication *self)
{
  g_autofree char *dir = data_dir ();
  g_autofree char *path = g_build_filename (dir, "progress.db", NULL);
  g_autoptr(GFile) rules = g_file_new_for_uri ("resource://" RESOURCE_PREFIX "/content/assessment.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = NULL;
  g_autoptr(SdpStore) store = NULL;

  self->assessment = sdp_assessment_new_from_file (rules, &error);
  if (self->assessment == NULL)
    {
      g_warning ("No certification rules: %s", error->message);
      g_clear_error (&error);
    }

  store = sdp_store_open (path, &moved, &error);
  if (store == NULL)
    {
      self->store_notice = g_strdup_printf (_("Your progress cannot be recorded: %s"), error->message);
      g_warning ("%s", self->store_notice);
      return;
    }
  if (moved != NULL)
    {
      self->store_notice = g_strdup_printf (_("Your progress database was damaged. It has been kept "
                                              "as %s and a new one was started."), moved);
      g_warning ("%s", self->store_notice);
    }

  self->tracker = sdp_tracker_new (self->catalog, store, self->assessment);
  /* A backup a day, taken once the window is up. */
  g_timeout_add_seconds (5, backup_cb, self);
}

static void
apply_style (SdpApplication *self)
{
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "style"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
style_changed_cb (SdpApplication *self)
{
  apply_style (self);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Close windows properly so each saves where the reader was. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (app);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  static const char *developers[] = { "System Design Prep developers", NULL };

  adw_show_about_window (parent,
                         "application-name", _("System Design Prep"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("System Design Prep developers"),
                         "developers", developers,
                         "website", WEBSITE_URL,
                         "issue-url", WEBSITE_URL "/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", "© 2026 System Design Prep developers",
                         "comments", _("Study, practise and track your preparation for "
                                       "system design interviews."),
                         NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action_cb },
  { "about", about_action_cb },
};

static void
sdp_application_startup (GApplication *app)
{
  SdpApplication *self = SDP_APPLICATION (app);
  g_autoptr(GAction) style_action = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (sdp_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);

  self->settings = g_settings_new (APPLICATION_ID);
  style_action = g_settings_create_action (self->settings, "style");
  g_action_map_add_action (G_ACTION_MAP (app), style_action);
  g_signal_connect_object (self->settings, "changed::style", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  apply_style (self);

  self->catalog = load_catalog (&self->load_error);
  if (self->catalog == NULL)
    g_warning ("Cannot load the program: %s", self->load_error->message);
  else
    open_tracker (self);
}

static void
sdp_application_activate (GApplication *app)
{
  SdpApplication *self = SDP_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (sdp_window_new (ADW_APPLICATION (app), self->catalog, self->load_error,
                                           self->tracker));
      if (self->store_notice != NULL)
        sdp_window_show_notice (SDP_WINDOW (window), self->store_notice);
    }
  gtk_window_present (window);
}

static void
sdp_application_dispose (GObject *object)
{
  SdpApplication *self = SDP_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->tracker);
  g_clear_pointer (&self->assessment, sdp_assessment_free);
  g_clear_object (&self->catalog);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->store_notice, g_free);

  G_OBJECT_CLASS (sdp_application_parent_class)->dispose (object);
}

static void
sdp_application_class_init (SdpApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_application_dispose;
  G_APPLICATION_CLASS (klass)->startup = sdp_application_startup;
  G_APPLICATION_CLASS (klass)->activate = sdp_application_activate;
}

static void
sdp_application_init (SdpApplication *self)
{
}

SdpApplication *
sdp_application_new (void)
{
  return g_object_new (SDP_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * sdp_application_get_catalog:
 * Returns: (transfer none) (nullable): the program, or %NULL if it failed to load
 */
SdpCatalog *
sdp_application_get_catalog (SdpApplication *self)
{
  g_return_val_if_fail (SDP_IS_APPLICATION (self), NULL);
  return self->catalog;
}

/* With no GPU, GL runs on llvmpipe: it works but roughly doubles memory and burns CPU on
 * every frame. Static pages and a sidebar gain nothing from it, so on such machines GTK draws
 * with cairo and WebKit does not composite. A user's own GSK_RENDERER always wins. */
void
sdp_application_choose_renderers (void)
{
  gboolean have_gpu = g_file_test ("/dev/dri/renderD128", G_FILE_TEST_EXISTS);

  if (!have_gpu && g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!have_gpu)
    g_setenv ("SDP_SOFTWARE_RENDERING", "1", FALSE);

  /* Guides carry no scripts; the app's own few lines do not need a JIT. Without it
   * JavaScriptCore maps less memory in both the app and its web process (about 7 MB here). */
  g_setenv ("JSC_useJIT", "0", FALSE);

  g_info ("GPU render node %s; GSK_RENDERER=%s; WebKit compositing %s",
          have_gpu ? "found" : "not found",
          g_getenv ("GSK_RENDERER") != NULL ? g_getenv ("GSK_RENDERER") : "(GTK's choice)",
          g_getenv ("SDP_SOFTWARE_RENDERING") != NULL ? "off" : "on");
}
