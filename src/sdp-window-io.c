/* SPDX-License-Identifier: GPL-3.0-or-later */

/* The window's file actions for progress: export everything as JSON, import it back (merge or
 * replace, after showing what will change), and export the study plan as a calendar. Files
 * go through the file chooser (a portal in the Flatpak) and are written atomically. */

#include "config.h"

#include "sdp-window-io.h"

#include <glib/gi18n.h>

#include "sdp-ics.h"

static void
save_file (SdpWindow  *self,
           GFile      *file,
           const char *contents,
           const char *done_message)
{
  g_autoptr(GError) error = NULL;

  /* GIO writes a temporary file and renames it over the old one: never half a file. */
  if (!g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save: %s"), error->message);

      sdp_window_add_toast (self, message);
      return;
    }
  sdp_window_add_toast (self, done_message);
}

typedef void (*FileChosen) (SdpWindow *self, GFile *file);

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  SdpWindow *self = g_object_get_data (G_OBJECT (dialog), "window");
  FileChosen chosen = (FileChosen) user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        chosen (self, file);
    }
  g_object_unref (dialog);
}

static void
choose_file (SdpWindow            *self,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *suggested_name,
             const char           *pattern,
             FileChosen            chosen)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, NULL, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "window", self);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), (gpointer) chosen);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_progress_to (SdpWindow *self,
                    GFile     *file)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *json = sdp_store_export_json (sdp_tracker_get_store (sdp_window_get_tracker (self)), now);

  save_file (self, file, json, _("Progress exported"));
}

static void
export_calendar_to (SdpWindow *self,
                    GFile     *file)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *ics = sdp_ics_from_plan (sdp_tracker_get_plan (sdp_window_get_tracker (self)), now);

  save_file (self, file, ics, _("Study plan exported"));
}

static void
import_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  SdpWindow *self = SDP_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  SdpProgressImport *import = user_data;
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "merge") || g_str_equal (response, "replace"))
    {
      SdpStore *store = sdp_tracker_get_store (sdp_window_get_tracker (self));

      if (sdp_store_import (store, import, g_str_equal (response, "replace"), &error))
        sdp_window_add_toast (self, _("Progress imported"));
      else
        sdp_window_show_notice (self, error->message);
    }
}

/* Nothing changes before the reader has seen what would. */
static void
import_progress_from (SdpWindow *self,
                      GFile     *file)
{
  SdpStore *store = sdp_tracker_get_store (sdp_window_get_tracker (self));
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *body = NULL;
  SdpProgressImport *import;
  SdpImportSummary merge, replace;
  GtkWidget *dialog;
  gsize length = 0;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error))
    {
      sdp_window_show_notice (self, error->message);
      return;
    }
  import = sdp_progress_import_parse (contents, (gssize) length, &error);
  if (import == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This file cannot be imported, and nothing was "
                                                    "changed. %s"), error->message);

      sdp_window_show_notice (self, message);
      return;
    }

  sdp_store_import_summary (store, import, FALSE, &merge);
  sdp_store_import_summary (store, import, TRUE, &replace);
  body = g_strdup_printf (_("Merge adds %u finished tasks, %u study sessions and %u results, and "
                            "keeps everything you have.\n\nReplace discards your %u tasks, %u sessions "
                            "and %u results and takes the file's %u, %u and %u instead%s."),
                          merge.new_tasks, merge.new_sessions, merge.new_results,
                          replace.removed_tasks, replace.removed_sessions, replace.removed_results,
                          replace.new_tasks, replace.new_sessions, replace.new_results,
                          replace.plan_changes ? _(", with its plan") : "");
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Import Progress?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    "merge", _("_Merge"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "merge",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "merge");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (import_response_cb), import,
                         (GClosureNotify) (void (*) (void)) sdp_progress_import_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
have_tracker (SdpWindow *self)
{
  if (sdp_window_get_tracker (self) != NULL)
    return TRUE;
  sdp_window_add_toast (self, _("Progress tracking is not available"));
  return FALSE;
}

static void
export_progress_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  if (have_tracker (SDP_WINDOW (widget)))
    choose_file (SDP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Progress"),
                 "system-design-prep-progress.json", "*.json", export_progress_to);
}

static void
import_progress_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  if (have_tracker (SDP_WINDOW (widget)))
    choose_file (SDP_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, _("Import Progress"), NULL, "*.json",
                 import_progress_from);
}

static void
export_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SdpWindow *self = SDP_WINDOW (widget);

  if (!have_tracker (self))
    return;
  if (sdp_tracker_get_plan (sdp_window_get_tracker (self)) == NULL)
    {
      sdp_window_add_toast (self, _("Choose a plan first"));
      return;
    }
  choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Study Plan"), "system-design-prep.ics", "*.ics",
               export_calendar_to);
}

void
sdp_window_io_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-progress", NULL, export_progress_action);
  gtk_widget_class_install_action (widget_class, "win.import-progress", NULL, import_progress_action);
  gtk_widget_class_install_action (widget_class, "win.export-calendar", NULL, export_calendar_action);
}
