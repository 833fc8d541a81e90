/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-sessions-dialog.h"

#include <glib/gi18n.h>

struct _SdpSessionsDialog
{
  AdwWindow       parent_instance;

  SdpTracker     *tracker;
  GtkListBox     *list;
  AdwToastOverlay *toasts;

  /* The editor: a session being changed (id > 0) or added (id == 0). */
  GtkStack       *stack;
  gint64          editing_id;
  AdwEntryRow    *date_row;
  AdwEntryRow    *time_row;
  GtkSpinButton  *minutes;
  AdwEntryRow    *subject_row;
  GtkLabel       *editor_error;
};

G_DEFINE_FINAL_TYPE (SdpSessionsDialog, sdp_sessions_dialog, ADW_TYPE_WINDOW)

static void refresh (SdpSessionsDialog *self);

static void
show_editor (SdpSessionsDialog     *self,
             const SdpStudySession *session)
{
  g_autoptr(GDateTime) start = session != NULL ? g_date_time_new_from_unix_local (session->started_at)
                                               : g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (start, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (start, "%H:%M");

  self->editing_id = session != NULL ? session->id : 0;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  gtk_spin_button_set_value (self->minutes, session != NULL ? (session->ended_at - session->started_at) / 60 : 30);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), session != NULL && session->subject != NULL ? session->subject : "");
  gtk_label_set_text (self->editor_error, "");
  gtk_stack_set_visible_child_name (self->stack, "editor");
}

static void
save_clicked_cb (SdpSessionsDialog *self)
{
  g_autofree char *iso = g_strdup_printf ("%sT%s:00", gtk_editable_get_text (GTK_EDITABLE (self->date_row)),
                                          gtk_editable_get_text (GTK_EDITABLE (self->time_row)));
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 (iso, local);
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GError) error = NULL;
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  SdpStore *store = sdp_tracker_get_store (self->tracker);
  gboolean ok;

  if (start == NULL)
    {
      gtk_label_set_text (self->editor_error, _("Write the date as YYYY-MM-DD and the time as HH:MM"));
      return;
    }
  end = g_date_time_add_minutes (start, gtk_spin_button_get_value_as_int (self->minutes));
  if (self->editing_id > 0)
    ok = sdp_store_update_session (store, self->editing_id, start, end, *subject != '\0' ? subject : NULL, &error);
  else
    ok = sdp_store_add_session (store, start, end, *subject != '\0' ? subject : NULL, &error) > 0;
  if (!ok)
    {
      gtk_label_set_text (self->editor_error, error->message);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
  refresh (self);
}

static void
cancel_clicked_cb (SdpSessionsDialog *self)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
edit_clicked_cb (GtkButton         *button,
                 SdpSessionsDialog *self)
{
  show_editor (self, g_object_get_data (G_OBJECT (button), "session"));
}

static void
delete_clicked_cb (GtkButton         *button,
                   SdpSessionsDialog *self)
{
  const SdpStudySession *session = g_object_get_data (G_OBJECT (button), "session");
  g_autoptr(GError) error = NULL;

  if (!sdp_store_delete_session (sdp_tracker_get_store (self->tracker), session->id, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  refresh (self);
}

static void
add_clicked_cb (SdpSessionsDialog *self)
{
  show_editor (self, NULL);
}

static GtkWidget *
session_row_new (SdpSessionsDialog     *self,
                 const SdpStudySession *session)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (session->started_at);
  g_autofree char *when = g_date_time_format (start, "%a %e %b %Y, %H:%M");
  g_autofree char *title = g_strdup_printf (_("%s · %" G_GINT64_FORMAT " min"), g_strstrip (when),
                                            (session->ended_at - session->started_at) / 60);
  SdpStudySession *copy = g_memdup2 (session, sizeof *session);

  copy->local_day = g_strdup (session->local_day);
  copy->subject = g_strdup (session->subject);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), session->subject != NULL ? session->subject : _("No subject"));

  g_object_set_data_full (G_OBJECT (row), "session", copy, (GDestroyNotify) sdp_study_session_free);
  g_object_set_data (G_OBJECT (edit), "session", copy);
  g_object_set_data (G_OBJECT (remove), "session", copy);
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_widget_set_tooltip_text (remove, _("Delete"));
  for (GtkWidget *b = edit; b != NULL; b = b == edit ? remove : NULL)
    {
      gtk_widget_add_css_class (b, "flat");
      gtk_widget_set_valign (b, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), b);
    }
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  g_signal_connect (remove, "clicked", G_CALLBACK (delete_clicked_cb), self);
  return row;
}

static void
refresh (SdpSessionsDialog *self)
{
  g_autoptr(GPtrArray) sessions = sdp_store_list_sessions (sdp_tracker_get_store (self->tracker));
  GtkWidget *child;
  guint i;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (i = 0; i < sessions->len; i++)
    gtk_list_box_append (self->list, session_row_new (self, g_ptr_array_index (sessions, i)));
}

static void
sdp_sessions_dialog_dispose (GObject *object)
{
  g_clear_object (&SDP_SESSIONS_DIALOG (object)->tracker);
  G_OBJECT_CLASS (sdp_sessions_dialog_parent_class)->dispose (object);
}

static void
sdp_sessions_dialog_class_init (SdpSessionsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_sessions_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sdp_sessions_dialog_init (SdpSessionsDialog *self)
{
}

static GtkWidget *
build_editor (SdpSessionsDialog *self)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *minutes_row = adw_action_row_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Study Session"));
  self->date_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), _("Date (YYYY-MM-DD)"));
  self->time_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->time_row), _("Start Time (HH:MM)"));
  self->minutes = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (1, 24 * 60, 5));
  gtk_widget_set_valign (GTK_WIDGET (self->minutes), GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (minutes_row), _("Minutes"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (minutes_row), GTK_WIDGET (self->minutes));
  self->subject_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->subject_row), _("Subject (a guide or phase)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->date_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->time_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), minutes_row);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->subject_row));

  self->editor_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->editor_error), "error");
  gtk_label_set_wrap (self->editor_error, TRUE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->editor_error));

  gtk_widget_add_css_class (save, "suggested-action");
  g_signal_connect_swapped (save, "clicked", G_CALLBACK (save_clicked_cb), self);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_top (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), cancel);
  gtk_box_append (GTK_BOX (buttons), save);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), buttons);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

SdpSessionsDialog *
sdp_sessions_dialog_new (GtkWindow  *parent,
                         SdpTracker *tracker)
{
  SdpSessionsDialog *self = g_object_new (SDP_TYPE_SESSIONS_DIALOG,
                                          "transient-for", parent,
                                          "modal", TRUE,
                                          "title", _("Study Sessions"),
                                          "default-width", 520,
                                          "default-height", 640,
                                          NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *status = adw_status_page_new ();

  self->tracker = g_object_ref (tracker);
  gtk_widget_set_tooltip_text (add, _("Add a Session"));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), add);
  gtk_box_append (GTK_BOX (box), header);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Sessions Yet"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Use the study timer, or add one with +"));
  gtk_list_box_set_placeholder (self->list, status);
  gtk_widget_set_margin_top (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, build_editor (self), "editor");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_window_set_content (ADW_WINDOW (self), box);

  refresh (self);
  return self;
}
