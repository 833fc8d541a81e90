/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-export-dialog.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sdp-board-io.h"
#include "sdp-board-render.h"

#define PREVIEW_SIDE 420.0

static const char * const formats[] = { "png", "svg", "pdf" };

struct _SdpExportDialog
{
  AdwWindow      parent_instance;

  SdpBoard      *board;
  GStrv          selection;
  AdwComboRow   *format_row;
  GtkSwitch     *only_selection;
  GtkSwitch     *dark;
  AdwComboRow   *scale_row;
  GtkSwitch     *transparent;
  GtkSpinButton *padding;
  GtkSwitch     *outline_text;
  GtkPicture    *preview;
  GtkLabel      *status;
  GtkSpinner    *spinner;
  GtkWidget     *content;     /* everything that must not change during an export */
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (SdpExportDialog, sdp_export_dialog, ADW_TYPE_WINDOW)

static const char *
format (SdpExportDialog *self)
{
  return formats[MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1)];
}

static const char * const *
scope (SdpExportDialog *self)
{
  return gtk_switch_get_active (self->only_selection) ? (const char * const *) self->selection : NULL;
}

/* The preview is the export itself, as a small PNG: what you see is what the file will hold. */
static void
update_preview (SdpExportDialog *self)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "sdp-export-preview-XXXXXX.png", NULL);
  g_autoptr(GError) error = NULL;
  SdpRect bounds;
  double scale;
  int fd;

  /* Rows report changes while the dialog is still being built. */
  if (self->padding == NULL || self->outline_text == NULL)
    return;
  fd = g_mkstemp (path);
  if (fd < 0)
    return;
  close (fd);

  sdp_board_get_bounds (self->board, &bounds);
  scale = MIN (1.0, PREVIEW_SIDE / MAX (1, MAX (bounds.width, bounds.height)));
  if (sdp_board_export_png (self->board, scope (self), scale, gtk_switch_get_active (self->transparent) &&
                            g_str_equal (format (self), "png"),
                            gtk_switch_get_active (self->dark), gtk_spin_button_get_value (self->padding),
                            path, &error))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_file (file, NULL);

      gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (texture));
      gtk_label_set_text (self->status, "");
    }
  else
    gtk_label_set_text (self->status, error->message);
  g_unlink (path);

  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), g_str_equal (format (self), "png"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->transparent), g_str_equal (format (self), "png"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->outline_text), g_str_equal (format (self), "svg"));
}

/* Everything an export needs, taken from the dialog, so that it can run in a worker thread
 * while the dialog and the board stay usable. */
typedef struct
{
  char     *board_json;   /* the board as it was when the export started (worker only) */
  GStrv     scope;
  char     *format;
  int       scale;
  gboolean  transparent;
  gboolean  dark;
  gboolean  outline_text;
  double    padding;
  char     *path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->board_json);
  g_strfreev (job->scope);
  g_free (job->format);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_free)

static ExportJob *
export_job_new (SdpExportDialog *self,
                const char      *path)
{
  ExportJob *job = g_new0 (ExportJob, 1);

  job->scope = g_strdupv ((char **) scope (self));
  job->format = g_strdup (format (self));
  job->scale = (int) adw_combo_row_get_selected (self->scale_row) + 1;
  job->transparent = gtk_switch_get_active (self->transparent);
  job->dark = gtk_switch_get_active (self->dark);
  job->outline_text = gtk_switch_get_active (self->outline_text);
  job->padding = gtk_spin_button_get_value (self->padding);
  job->path = g_strdup (path);
  return job;
}

static gboolean
export_job_run (ExportJob  *job,
                SdpBoard   *board,
                GError    **error)
{
  const char * const *ids = (const char * const *) job->scope;

  if (g_str_equal (job->format, "png"))
    return sdp_board_export_png (board, ids, job->scale, job->transparent, job->dark, job->padding, job->path, error);
  if (g_str_equal (job->format, "pdf"))
    return sdp_board_export_pdf (board, ids, job->dark, job->padding, job->path, error);
  {
    g_autofree char *svg = sdp_board_export_svg (board, ids, job->dark, job->padding, job->outline_text);

    if (svg == NULL)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is nothing to export"));
        return FALSE;
      }
    return g_file_set_contents_full (job->path, svg, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0644, error);
  }
}

/**
 * sdp_export_dialog_export_to:
 *
 * Exports with the dialog's options, synchronously.
 */
gboolean
sdp_export_dialog_export_to (SdpExportDialog  *self,
                             const char       *path,
                             GError          **error)
{
  g_autoptr(ExportJob) job = export_job_new (self, path);

  return export_job_run (job, self->board, error);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpBoard) board = sdp_board_new_from_json (job->board_json, -1, &error);

  if (board == NULL || !export_job_run (job, board, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
set_busy (SdpExportDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->content, !busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
  gtk_label_set_text (self->status, busy ? _("Exporting…") : "");
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SdpExportDialog *self = SDP_EXPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
      gtk_label_set_text (self->status, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * sdp_export_dialog_start_export:
 *
 * Exports with the dialog's options in a worker thread (a large PNG takes seconds), showing
 * progress; the dialog closes when the file is written, or shows why it could not be.
 */
void
sdp_export_dialog_start_export (SdpExportDialog *self,
                                const char      *path)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, export_done_cb, NULL);
  ExportJob *job = export_job_new (self, path);

  job->board_json = sdp_board_to_json (self->board);
  set_busy (self, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sdp_export_dialog_get_busy (SdpExportDialog *self)
{
  return self->busy;
}

/* Closing while a file is being written would leave a half-written file behind. */
static gboolean
close_request_cb (SdpExportDialog *self)
{
  return self->busy;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     SdpExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
          gtk_label_set_text (self->status, _("Exports need a local file"));
        }
      else
        sdp_export_dialog_start_export (self, path);
    }
  g_object_unref (chooser);
}

static void
export_clicked_cb (SdpExportDialog *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Export Board"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_SAVE, NULL, NULL);
  g_autofree char *name = g_strdup_printf ("design.%s", format (self));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static GtkSwitch *
switch_row (AdwPreferencesGroup *group,
            const char          *title,
            gboolean             active,
            SdpExportDialog     *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (toggle), active);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_preferences_group_add (group, row);
  g_signal_connect_swapped (toggle, "notify::active", G_CALLBACK (update_preview), self);
  return GTK_SWITCH (toggle);
}

static AdwComboRow *
combo_row (AdwPreferencesGroup *group,
           const char          *title,
           const char * const  *items,
           SdpExportDialog     *self)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) list = gtk_string_list_new (items);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  adw_preferences_group_add (group, GTK_WIDGET (row));
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (update_preview), self);
  return row;
}

static void
sdp_export_dialog_dispose (GObject *object)
{
  SdpExportDialog *self = SDP_EXPORT_DIALOG (object);

  g_clear_object (&self->board);
  g_clear_pointer (&self->selection, g_strfreev);
  G_OBJECT_CLASS (sdp_export_dialog_parent_class)->dispose (object);
}

static void
sdp_export_dialog_class_init (SdpExportDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_export_dialog_dispose;
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sdp_export_dialog_init (SdpExportDialog *self)
{
}

/**
 * sdp_export_dialog_new:
 * @selection: (nullable): the selected ids; the export covers them unless switched off
 */
SdpExportDialog *
sdp_export_dialog_new (GtkWindow          *parent,
                       SdpBoard           *board,
                       const char * const *selection)
{
  SdpExportDialog *self = g_object_new (SDP_TYPE_EXPORT_DIALOG, "transient-for", parent, "modal", TRUE,
                                        "title", _("Export Board"), "default-width", 520,
                                        "default-height", 760, NULL);
  static const char * const format_names[] = { "PNG", "SVG", "PDF", NULL };
  static const char * const scales[] = { "1×", "2×", "3×", NULL };
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export…"));
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *look = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *options = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *padding_row = adw_action_row_new ();
  gboolean has_selection = selection != NULL && selection[0] != NULL;

  self->board = g_object_ref (board);
  self->selection = g_strdupv ((char **) selection);

  gtk_widget_add_css_class (export, "suggested-action");
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (export_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_box_append (GTK_BOX (box), header);

  self->preview = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->preview, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->preview), -1, 260);
  gtk_widget_add_css_class (GTK_WIDGET (self->preview), "card");
  adw_preferences_group_add (look, GTK_WIDGET (self->preview));
  {
    GtkWidget *status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

    gtk_widget_set_halign (status_box, GTK_ALIGN_CENTER);
    self->spinner = GTK_SPINNER (gtk_spinner_new ());
    gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
    self->status = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_wrap (self->status, TRUE);
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
    gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->spinner));
    gtk_box_append (GTK_BOX (status_box), GTK_WIDGET (self->status));
    adw_preferences_group_add (look, status_box);
  }

  self->format_row = combo_row (options, _("Format"), format_names, self);
  self->only_selection = switch_row (options, _("Only the Selection"), has_selection, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->only_selection), has_selection);
  self->dark = switch_row (options, _("Dark Palette"), adw_style_manager_get_dark (adw_style_manager_get_default ()), self);
  self->scale_row = combo_row (options, _("Scale (PNG)"), scales, self);
  adw_combo_row_set_selected (self->scale_row, 1);
  self->transparent = switch_row (options, _("Transparent Background (PNG)"), FALSE, self);
  self->outline_text = switch_row (options, _("Text as Outlines (SVG)"), FALSE, self);
  self->padding = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, 200, 4));
  gtk_spin_button_set_value (self->padding, 24);
  gtk_widget_set_valign (GTK_WIDGET (self->padding), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->padding, "value-changed", G_CALLBACK (update_preview), self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (padding_row), _("Padding"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (padding_row), GTK_WIDGET (self->padding));
  adw_preferences_group_add (options, padding_row);

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), look);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), options);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  /* During an export the options and the Export button are frozen. */
  self->content = GTK_WIDGET (options);
  g_object_bind_property (options, "sensitive", export, "sensitive", G_BINDING_DEFAULT);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);

  update_preview (self);
  return self;
}

void
sdp_export_dialog_set_format (SdpExportDialog *self,
                              const char      *name)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i], name))
      adw_combo_row_set_selected (self->format_row, i);
}
