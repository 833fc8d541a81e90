/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-board-page.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sdp-board-io.h"
#include "sdp-board-render.h"
#include "sdp-export-dialog.h"
#include "sdp-board-excalidraw.h"

#define AUTOSAVE_SECONDS 3

struct _SdpBoardPage
{
  AdwBin         parent_instance;

  SdpBoardView  *view;
  GFile         *file;          /* where the board was saved or opened, or NULL */
  gboolean       dirty;         /* changed since the last save */
  guint          autosave;      /* pending autosave, or 0 */
  GSettings     *settings;
  GHashTable    *tool_buttons;  /* GINT_TO_POINTER (tool) -> GtkToggleButton */
  gboolean       syncing;
  AdwToastOverlay *toasts;
  GtkMenuButton *shapes_button;
};

G_DEFINE_FINAL_TYPE (SdpBoardPage, sdp_board_page, ADW_TYPE_BIN)

/* Excalidraw scenes embed images as data URLs; a drawing beyond this is refused unread. */
#define EXCALIDRAW_MAX_SIZE (256 * 1024 * 1024)

static void
toast (SdpBoardPage *self,
       const char   *message)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

/* The recovery copy lives with the user's data, whatever the board's own file. */
char *
sdp_board_page_recovery_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APPLICATION_ID, "recovery.sdpboard", NULL);
}

gboolean
sdp_board_page_autosave_now (SdpBoardPage *self)
{
  g_autofree char *path = sdp_board_page_recovery_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->autosave, g_source_remove);
  g_mkdir_with_parents (dir, 0700);
  if (!sdp_board_save (sdp_board_view_get_board (self->view), file, &error))
    {
      g_warning ("Autosave failed: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
autosave_cb (gpointer data)
{
  SdpBoardPage *self = data;

  self->autosave = 0;
  sdp_board_page_autosave_now (self);
  return G_SOURCE_REMOVE;
}

static void
forget_recovery (void)
{
  g_autofree char *path = sdp_board_page_recovery_path ();

  g_unlink (path);
}

static void
board_changed_cb (SdpBoardPage *self)
{
  self->dirty = TRUE;
  if (self->autosave == 0)
    self->autosave = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
}

#define RECENT_LIMIT 8

/* Newest first, without repeats, at most RECENT_LIMIT. */
static void
remember_recent (SdpBoardPage *self,
                 GFile        *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "recent-boards");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint i, n = 1;

  g_strv_builder_add (builder, uri);
  for (i = 0; old[i] != NULL && n < RECENT_LIMIT; i++)
    if (!g_str_equal (old[i], uri))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-boards", (const char * const *) recent);
}

static void
set_board (SdpBoardPage *self,
           SdpBoard     *board,
           GFile        *file)
{
  SdpBoard *old = sdp_board_view_get_board (self->view);

  if (old != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  sdp_board_view_set_board (self->view, board);
  g_signal_connect_object (board, "changed", G_CALLBACK (board_changed_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->file, file);
  self->dirty = FALSE;
  if (file != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_settings_set_string (self->settings, "last-board", uri);
      remember_recent (self, file);
    }
}

/* An Excalidraw scene opens as a new, unsaved board: saving it asks for an .sdpboard name, so
 * the original file is never overwritten in a format that would lose what we cannot draw. */
static gboolean
import_excalidraw (SdpBoardPage  *self,
                   GFile         *file,
                   GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                 NULL, NULL);
  g_autoptr(SdpBoard) board = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  guint skipped = 0;

  if (info != NULL && g_file_info_get_size (info) > EXCALIDRAW_MAX_SIZE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is too large to be a drawing"), name);
      return FALSE;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;
  if ((board = sdp_board_import_excalidraw (contents, (gssize) length, &skipped, &local_error)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", name, local_error->message);
      return FALSE;
    }
  set_board (self, board, NULL);
  self->dirty = TRUE;
  sdp_board_view_zoom_to_fit (self->view, FALSE);
  if (skipped > 0)
    {
      g_autofree char *message = g_strdup_printf (ngettext ("Imported; %u element could not be drawn here and was left out",
                                                            "Imported; %u elements could not be drawn here and were left out",
                                                            skipped), skipped);

      toast (self, message);
    }
  return TRUE;
}

gboolean
sdp_board_page_open_file (SdpBoardPage  *self,
                          GFile         *file,
                          GError       **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(SdpBoard) board = NULL;

  if (g_str_has_suffix (name, ".excalidraw"))
    return import_excalidraw (self, file, error);
  if ((board = sdp_board_load (file, error)) == NULL)
    return FALSE;
  set_board (self, board, file);
  sdp_board_view_zoom_to_fit (self->view, FALSE);
  return TRUE;
}

gboolean
sdp_board_page_save_to (SdpBoardPage  *self,
                        GFile         *file,
                        GError       **error)
{
  g_autofree char *uri = g_file_get_uri (file);

  if (!sdp_board_save (sdp_board_view_get_board (self->view), file, error))
    return FALSE;
  g_set_object (&self->file, file);
  self->dirty = FALSE;
  g_settings_set_string (self->settings, "last-board", uri);
  remember_recent (self, file);
  forget_recovery ();
  return TRUE;
}

/* ---- file choosers ---- */

typedef void (*Chosen) (SdpBoardPage *self, GFile *file, gpointer data);

typedef struct
{
  SdpBoardPage *self;
  Chosen        chosen;
  gpointer      data;
} ChooseData;

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     ChooseData      *choose)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        choose->chosen (choose->self, file, choose->data);
    }
  g_object_unref (choose->self);
  g_free (choose);
  g_object_unref (dialog);
}

static void
choose (SdpBoardPage         *self,
        GtkFileChooserAction  action,
        const char           *title,
        const char           *name,
        const char           *pattern,
        Chosen                chosen,
        gpointer              data)
{
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), action, NULL, NULL);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  ChooseData *choose_data = g_new0 (ChooseData, 1);

  g_auto(GStrv) patterns = g_strsplit (pattern, ";", -1);   /* "*.a;*.b" */

  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  choose_data->self = g_object_ref (self);
  choose_data->chosen = chosen;
  choose_data->data = data;
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), choose_data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_chosen (SdpBoardPage *self,
             GFile        *file,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  /* A bad file changes nothing: the open board stays as it is. */
  if (!sdp_board_page_open_file (self, file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the board: %s"), error->message);

      toast (self, message);
      return;
    }
  forget_recovery ();
}

static void
save_chosen (SdpBoardPage *self,
             GFile        *file,
             gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!sdp_board_page_save_to (self, file, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not save the board: %s"), error->message);

      toast (self, message);
      return;
    }
  toast (self, _("Board saved"));
}

/* ---- replacing the open board: unsaved changes are never dropped silently ---- */

typedef struct
{
  SdpBoardPage *self;
  Chosen        then;
  GFile        *file;
} Pending;

static void
unsaved_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Pending          *pending)
{
  SdpBoardPage *self = pending->self;
  gboolean go_on = g_str_equal (response, "discard");

  if (g_str_equal (response, "save"))
    {
      g_autoptr(GError) error = NULL;

      go_on = self->file != NULL && sdp_board_page_save_to (self, self->file, &error);
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not save the board: %s"), error->message);

          toast (self, message);
        }
    }
  if (go_on)
    pending->then (self, pending->file, NULL);
  g_clear_object (&pending->file);
  g_object_unref (pending->self);
  g_free (pending);
}

/* Runs @then once the open board may be replaced: at once if it has no unsaved changes,
 * otherwise after the user chose to save (when it has a file) or to discard them. */
static void
replace_board (SdpBoardPage *self,
               Chosen        then,
               GFile        *file)
{
  AdwMessageDialog *dialog;
  Pending *pending;

  if (!self->dirty)
    {
      then (self, file, NULL);
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       _("Save Changes to the Board?"),
                                                       self->file != NULL
                                                       ? _("The open board has changes that are not saved yet.")
                                                       : _("The open board has never been saved. To keep it, "
                                                           "cancel and use Save Board As.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  if (self->file != NULL)
    {
      adw_message_dialog_add_response (dialog, "save", _("_Save"));
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_default_response (dialog, self->file != NULL ? "save" : "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  pending = g_new0 (Pending, 1);
  pending->self = g_object_ref (self);
  pending->then = then;
  pending->file = file != NULL ? g_object_ref (file) : NULL;
  g_signal_connect (dialog, "response", G_CALLBACK (unsaved_response_cb), pending);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_new_board (SdpBoardPage *self,
                 GFile        *unused,
                 gpointer      data)
{
  g_autoptr(SdpBoard) board = sdp_board_new ();

  /* The old board was saved or knowingly discarded: its recovery copy must not come back. */
  forget_recovery ();
  set_board (self, board, NULL);
  g_settings_set_string (self->settings, "last-board", "");
}

static void
new_clicked_cb (SdpBoardPage *self)
{
  replace_board (self, start_new_board, NULL);
}

static void
recent_clicked_cb (GtkButton    *button,
                   SdpBoardPage *self)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_object_get_data (G_OBJECT (button), "uri"));

  replace_board (self, open_chosen, file);
}

/* The recent-boards popover is filled when it opens, so it always shows the current list. */
static void
recent_popover_show_cb (GtkPopover   *popover,
                        SdpBoardPage *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-boards");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  guint i;

  for (i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *name = g_file_get_basename (file);
      GtkWidget *button = gtk_button_new_with_label (name);

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, recent[i]);
      g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (recent[i]), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (recent_clicked_cb), self);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
      gtk_box_append (GTK_BOX (box), button);
    }
  if (recent[0] == NULL)
    gtk_box_append (GTK_BOX (box), gtk_label_new (_("No recent boards")));
  gtk_popover_set_child (popover, box);
}

static GtkWidget *
recent_menu (SdpBoardPage *self)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "document-open-recent-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Recent Boards"));
  g_signal_connect (popover, "show", G_CALLBACK (recent_popover_show_cb), self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

/* The file is chosen first, so cancelling the chooser leaves the open board untouched. */
static void
open_when_allowed (SdpBoardPage *self,
                   GFile        *file,
                   gpointer      data)
{
  replace_board (self, open_chosen, file);
}

static void
open_clicked_cb (SdpBoardPage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Board"), NULL, "*.sdpboard;*.excalidraw", open_when_allowed, NULL);
}

static void
save_clicked_cb (SdpBoardPage *self)
{
  if (self->file != NULL)
    save_chosen (self, self->file, NULL);
  else
    choose (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save Board"), _("design.sdpboard"), "*.sdpboard",
            save_chosen, NULL);
}

static void
save_as_clicked_cb (SdpBoardPage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save Board As"), _("design.sdpboard"), "*.sdpboard",
          save_chosen, NULL);
}

/* The export dialog: options and a preview first, then where to save. */
static void
show_export_dialog (SdpBoardPage *self,
                    const char   *format)
{
  g_auto(GStrv) selection = sdp_board_view_get_selection (self->view);
  SdpExportDialog *dialog = sdp_export_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                   sdp_board_view_get_board (self->view),
                                                   (const char * const *) selection);

  sdp_export_dialog_set_format (dialog, format);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_clicked_cb (GtkButton    *button,
                   SdpBoardPage *self)
{
  show_export_dialog (self, g_object_get_data (G_OBJECT (button), "format"));
}

/* An Excalidraw scene of the selection, or of the whole board: no options to choose. */
static void
excalidraw_chosen (SdpBoardPage *self,
                   GFile        *file,
                   gpointer      data)
{
  g_auto(GStrv) selection = sdp_board_view_get_selection (self->view);
  g_autofree char *json = sdp_board_export_excalidraw (sdp_board_view_get_board (self->view),
                                                       selection[0] != NULL ? (const char * const *) selection : NULL);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (json == NULL)
    toast (self, _("There is nothing to export"));
  else if (path == NULL)
    toast (self, _("Exports need a local file"));
  else if (!g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                      0644, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the board: %s"), error->message);

      toast (self, message);
    }
  else
    toast (self, _("Exported for Excalidraw"));
}

static void
export_excalidraw_clicked_cb (SdpBoardPage *self)
{
  choose (self, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export for Excalidraw"), _("design.excalidraw"), "*.excalidraw",
          excalidraw_chosen, NULL);
}

/* ---- style: applies to the selection, as one undo step ---- */

typedef enum
{
  STYLE_STROKE_COLOR,
  STYLE_FILL_COLOR,
  STYLE_NO_FILL,
  STYLE_DASH,
  STYLE_WIDTH,
  STYLE_FONT,
  STYLE_ROUTE,
  STYLE_LOCK,
} StyleField;

static void
apply_style (SdpBoardPage *self,
             StyleField    field,
             int           value)
{
  SdpBoard *board = sdp_board_view_get_board (self->view);
  g_auto(GStrv) ids = sdp_board_view_get_selection (self->view);
  guint i;

  if (ids[0] == NULL)
    {
      toast (self, _("Select something to style first"));
      return;
    }
  sdp_board_begin (board);
  for (i = 0; ids[i] != NULL; i++)
    {
      SdpElement *element = sdp_board_lookup (board, ids[i]);
      SdpElement *copy;

      if (element == NULL)
        continue;
      copy = sdp_element_copy (element);
      switch (field)
        {
        case STYLE_STROKE_COLOR: copy->stroke_color = (SdpColor) value; break;
        case STYLE_FILL_COLOR: copy->fill_color = (SdpColor) value; copy->fill = SDP_FILL_SOLID; break;
        case STYLE_NO_FILL: copy->fill = SDP_FILL_NONE; break;
        case STYLE_DASH: copy->dash = (SdpDash) value; break;
        case STYLE_WIDTH: copy->stroke_width = value; break;
        case STYLE_FONT: copy->font_size = value; break;
        case STYLE_ROUTE: copy->route = (SdpRoute) value; break;
        case STYLE_LOCK: copy->locked = !copy->locked; break;
        default: break;
        }
      sdp_board_replace (board, copy);
    }
  sdp_board_commit (board);
}

static void
style_clicked_cb (GtkButton    *button,
                  SdpBoardPage *self)
{
  apply_style (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "field")),
               GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "value")));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static GtkWidget *
style_button (SdpBoardPage *self,
              const char   *label,
              StyleField    field,
              int           value)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "field", GINT_TO_POINTER (field));
  g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (value));
  g_signal_connect (button, "clicked", G_CALLBACK (style_clicked_cb), self);
  return button;
}

static GtkWidget *
colour_button (SdpBoardPage *self,
               SdpColor      color,
               StyleField    field)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *swatch = gtk_drawing_area_new ();
  double rgb[3];
  g_autofree char *css = NULL;
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  sdp_board_palette_rgb (color, FALSE, field == STYLE_FILL_COLOR, rgb);
  css = g_strdup_printf ("* { background: rgb(%d,%d,%d); border-radius: 4px; min-width: 18px; min-height: 18px; }",
                         (int) (rgb[0] * 255), (int) (rgb[1] * 255), (int) (rgb[2] * 255));
  gtk_css_provider_load_from_data (provider, css, -1);
  gtk_style_context_add_provider (gtk_widget_get_style_context (swatch), GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_button_set_child (GTK_BUTTON (button), swatch);
  gtk_widget_set_tooltip_text (button, sdp_color_to_string (color));
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data (G_OBJECT (button), "field", GINT_TO_POINTER (field));
  g_object_set_data (G_OBJECT (button), "value", GINT_TO_POINTER (color));
  g_signal_connect (button, "clicked", G_CALLBACK (style_clicked_cb), self);
  return button;
}

static GtkWidget *
labelled_row (const char *title,
              GtkWidget  *content)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), content);
  return box;
}

static GtkWidget *
style_menu (SdpBoardPage *self)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *strokes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *fills = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *sizes = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *more = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  guint c;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "applications-graphics-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Style of the Selection"));
  for (c = 0; c < SDP_N_COLORS; c++)
    {
      gtk_box_append (GTK_BOX (strokes), colour_button (self, c, STYLE_STROKE_COLOR));
      gtk_box_append (GTK_BOX (fills), colour_button (self, c, STYLE_FILL_COLOR));
    }
  gtk_box_append (GTK_BOX (fills), style_button (self, _("None"), STYLE_NO_FILL, 0));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Solid"), STYLE_DASH, SDP_DASH_SOLID));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Dashed"), STYLE_DASH, SDP_DASH_DASHED));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Dotted"), STYLE_DASH, SDP_DASH_DOTTED));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Thin"), STYLE_WIDTH, 1));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Regular"), STYLE_WIDTH, 2));
  gtk_box_append (GTK_BOX (lines), style_button (self, _("Bold"), STYLE_WIDTH, 4));
  gtk_box_append (GTK_BOX (sizes), style_button (self, _("S"), STYLE_FONT, 16));
  gtk_box_append (GTK_BOX (sizes), style_button (self, _("M"), STYLE_FONT, 20));
  gtk_box_append (GTK_BOX (sizes), style_button (self, _("L"), STYLE_FONT, 28));
  gtk_box_append (GTK_BOX (sizes), style_button (self, _("XL"), STYLE_FONT, 36));
  gtk_box_append (GTK_BOX (more), style_button (self, _("Straight"), STYLE_ROUTE, SDP_ROUTE_STRAIGHT));
  gtk_box_append (GTK_BOX (more), style_button (self, _("Elbow"), STYLE_ROUTE, SDP_ROUTE_ELBOW));
  gtk_box_append (GTK_BOX (more), style_button (self, _("Lock / Unlock"), STYLE_LOCK, 0));

  gtk_box_append (GTK_BOX (box), labelled_row (_("Stroke"), strokes));
  gtk_box_append (GTK_BOX (box), labelled_row (_("Fill"), fills));
  gtk_box_append (GTK_BOX (box), labelled_row (_("Line"), lines));
  gtk_box_append (GTK_BOX (box), labelled_row (_("Text Size"), sizes));
  gtk_box_append (GTK_BOX (box), labelled_row (_("Arrows and Locking"), more));
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

/* ---- toolbar ---- */

static void
tool_toggled_cb (GtkToggleButton *button,
                 SdpBoardPage    *self)
{
  if (self->syncing || !gtk_toggle_button_get_active (button))
    return;
  sdp_board_view_set_tool (self->view, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "tool")));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static void
tool_changed_cb (SdpBoardPage *self)
{
  GtkToggleButton *button = g_hash_table_lookup (self->tool_buttons,
                                                 GINT_TO_POINTER (sdp_board_view_get_tool (self->view)));

  self->syncing = TRUE;
  if (button != NULL)
    gtk_toggle_button_set_active (button, TRUE);
  self->syncing = FALSE;
}

static void
shape_clicked_cb (GtkButton    *button,
                  SdpBoardPage *self)
{
  sdp_board_view_set_shape_kind (self->view, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "kind")));
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

static GtkWidget *
tool_button (SdpBoardPage *self,
             GtkWidget    *group,
             SdpTool       tool,
             const char   *icon,
             const char   *tooltip)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  if (group != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), GTK_TOGGLE_BUTTON (group));
  g_object_set_data (G_OBJECT (button), "tool", GINT_TO_POINTER (tool));
  g_signal_connect (button, "toggled", G_CALLBACK (tool_toggled_cb), self);
  g_hash_table_insert (self->tool_buttons, GINT_TO_POINTER (tool), button);
  return button;
}

static GtkWidget *
shapes_menu (SdpBoardPage *self)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *grid = gtk_grid_new ();
  guint i, n = 0;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-grid-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Architecture Shapes (S)"));
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (i = SDP_ELEMENT_CLIENT; i < SDP_N_ELEMENT_KINDS; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (sdp_element_kind_caption (i));

      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "kind", GINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (shape_clicked_cb), self);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
      gtk_grid_attach (GTK_GRID (grid), button, n % 3, n / 3, 1, 1);
      n++;
    }
  gtk_popover_set_child (GTK_POPOVER (popover), grid);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

static GtkWidget *
plain_button (const char *icon,
              const char *tooltip,
              GCallback   callback,
              gpointer    data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", callback, data);
  return button;
}

static void
undo_cb (SdpBoardPage *self)
{
  sdp_board_undo (sdp_board_view_get_board (self->view));
}

static void
redo_cb (SdpBoardPage *self)
{
  sdp_board_redo (sdp_board_view_get_board (self->view));
}

static GtkWidget *
export_menu (SdpBoardPage *self)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  static const char * const formats[] = { "png", "svg", "pdf" };
  static const char * const labels[] = { N_("Export as PNG…"), N_("Export as SVG…"), N_("Export as PDF…") };
  guint i;

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "document-send-symbolic");
  gtk_widget_set_tooltip_text (menu, _("Export the selection, or the whole board (Ctrl+Shift+E)"));
  for (i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (_(labels[i]));

      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "format", (gpointer) formats[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (export_clicked_cb), self);
      g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
      gtk_box_append (GTK_BOX (box), button);
    }
  {
    GtkWidget *button = gtk_button_new_with_label (_("Export for Excalidraw…"));

    gtk_widget_add_css_class (button, "flat");
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (export_excalidraw_clicked_cb), self);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (gtk_popover_popdown), popover);
    gtk_box_append (GTK_BOX (box), button);
  }
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  return menu;
}

static GtkWidget *
toolbar_new (SdpBoardPage *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *first = tool_button (self, NULL, SDP_TOOL_SELECT, "edit-select-symbolic", _("Select (V)"));
  static const struct { SdpTool tool; const char *icon; const char *tip; } tools[] = {
    { SDP_TOOL_HAND, "input-touchpad-symbolic", N_("Hand (H)") },
    { SDP_TOOL_RECTANGLE, "checkbox-symbolic", N_("Rectangle (R)") },
    { SDP_TOOL_ELLIPSE, "radio-symbolic", N_("Ellipse (O)") },
    { SDP_TOOL_DIAMOND, "view-app-grid-symbolic", N_("Diamond (D)") },
    { SDP_TOOL_ARROW, "go-next-symbolic", N_("Arrow (A)") },
    { SDP_TOOL_LINE, "list-remove-symbolic", N_("Line (L)") },
    { SDP_TOOL_PEN, "document-edit-symbolic", N_("Pen (P)") },
    { SDP_TOOL_TEXT, "insert-text-symbolic", N_("Text (T)") },
    { SDP_TOOL_ERASER, "edit-clear-symbolic", N_("Eraser (E)") },
  };
  guint i;

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_box_append (GTK_BOX (bar), first);
  for (i = 0; i < G_N_ELEMENTS (tools); i++)
    gtk_box_append (GTK_BOX (bar), tool_button (self, first, tools[i].tool, tools[i].icon, _(tools[i].tip)));
  self->shapes_button = GTK_MENU_BUTTON (shapes_menu (self));
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->shapes_button));
  gtk_box_append (GTK_BOX (bar), style_menu (self));
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (bar), plain_button ("edit-undo-symbolic", _("Undo (Ctrl+Z)"), G_CALLBACK (undo_cb), self));
  gtk_box_append (GTK_BOX (bar), plain_button ("edit-redo-symbolic", _("Redo (Ctrl+Shift+Z)"), G_CALLBACK (redo_cb), self));
  {
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    gtk_widget_set_hexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (bar), spacer);
  }
  gtk_box_append (GTK_BOX (bar), plain_button ("document-new-symbolic", _("New Board (Ctrl+N)"), G_CALLBACK (new_clicked_cb), self));
  gtk_box_append (GTK_BOX (bar), plain_button ("document-open-symbolic", _("Open Board… (Ctrl+O)"), G_CALLBACK (open_clicked_cb), self));
  gtk_box_append (GTK_BOX (bar), recent_menu (self));
  gtk_box_append (GTK_BOX (bar), plain_button ("document-save-symbolic", _("Save Board (Ctrl+S)"), G_CALLBACK (save_clicked_cb), self));
  gtk_box_append (GTK_BOX (bar), plain_button ("document-save-as-symbolic", _("Save Board As… (Ctrl+Shift+S)"), G_CALLBACK (save_as_clicked_cb), self));
  gtk_box_append (GTK_BOX (bar), export_menu (self));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (first), TRUE);
  return bar;
}

static void
sdp_board_page_dispose (GObject *object)
{
  SdpBoardPage *self = SDP_BOARD_PAGE (object);

  /* Leaving with unsaved changes: make sure the recovery copy has them. */
  if (self->dirty && self->view != NULL && sdp_board_view_get_board (self->view) != NULL)
    sdp_board_page_autosave_now (self);
  g_clear_handle_id (&self->autosave, g_source_remove);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->tool_buttons, g_hash_table_unref);
  G_OBJECT_CLASS (sdp_board_page_parent_class)->dispose (object);
}

/* ---- keyboard: the file commands, active while the whiteboard has the focus ---- */

static void
file_action (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  SdpBoardPage *self = SDP_BOARD_PAGE (widget);

  /* A key pressed while a label is being typed acts on the board with that label in it. */
  sdp_board_view_finish_editing (self->view);
  if (g_str_equal (action, "board.new"))
    new_clicked_cb (self);
  else if (g_str_equal (action, "board.open"))
    open_clicked_cb (self);
  else if (g_str_equal (action, "board.save"))
    save_clicked_cb (self);
  else if (g_str_equal (action, "board.save-as"))
    save_as_clicked_cb (self);
  else if (g_str_equal (action, "board.export"))
    show_export_dialog (self, "png");
  else if (g_str_equal (action, "board.shapes"))
    gtk_menu_button_popup (self->shapes_button);
}

static void
sdp_board_page_class_init (SdpBoardPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { const char *action; guint key; GdkModifierType mods; } bindings[] = {
    { "board.new", GDK_KEY_n, GDK_CONTROL_MASK },
    { "board.open", GDK_KEY_o, GDK_CONTROL_MASK },
    { "board.save", GDK_KEY_s, GDK_CONTROL_MASK },
    { "board.save-as", GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "board.export", GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
    { "board.shapes", GDK_KEY_s, 0 },
  };
  guint i;

  G_OBJECT_CLASS (klass)->dispose = sdp_board_page_dispose;
  for (i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      gtk_widget_class_install_action (widget_class, bindings[i].action, NULL, file_action);
      gtk_widget_class_add_binding_action (widget_class, bindings[i].key, bindings[i].mods, bindings[i].action, NULL);
    }
}

static void
sdp_board_page_init (SdpBoardPage *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  self->settings = g_settings_new (APPLICATION_ID);
  self->tool_buttons = g_hash_table_new (NULL, NULL);
  self->view = SDP_BOARD_VIEW (sdp_board_view_new ());
  g_signal_connect_object (self->view, "tool-changed", G_CALLBACK (tool_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), toolbar_new (self));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->view));
  gtk_widget_set_vexpand (GTK_WIDGET (self->toasts), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));
  adw_bin_set_child (ADW_BIN (self), box);
}

SdpBoardPage *
sdp_board_page_new (void)
{
  return g_object_new (SDP_TYPE_BOARD_PAGE, NULL);
}

SdpBoardView *
sdp_board_page_get_view (SdpBoardPage *self)
{
  return self->view;
}

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      SdpBoardPage     *self)
{
  g_autofree char *path = sdp_board_page_recovery_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SdpBoard) board = NULL;

  if (g_str_equal (response, "restore") && (board = sdp_board_load (file, NULL)) != NULL)
    {
      set_board (self, board, NULL);
      self->dirty = TRUE;
      sdp_board_view_zoom_to_fit (self->view, FALSE);
      return;
    }
  forget_recovery ();
}

/* At start: the last board reopens, and unsaved work found in the recovery copy (the app did
 * not close properly) is offered back. */
void
sdp_board_page_restore (SdpBoardPage *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-board");
  g_autofree char *recovery = sdp_board_page_recovery_path ();
  g_autoptr(SdpBoard) empty = sdp_board_new ();
  gboolean opened = FALSE;

  if (*last != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_uri (last);
      g_autoptr(GError) error = NULL;

      opened = sdp_board_page_open_file (self, file, &error);
      if (!opened)
        g_debug ("The last board did not reopen: %s", error->message);
    }
  if (!opened)
    set_board (self, empty, NULL);

  if (g_file_test (recovery, G_FILE_TEST_IS_REGULAR))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("Restore Unsaved Drawing?"),
                                                  _("The app did not close properly last time. The board you "
                                                    "were drawing was kept and can be restored."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "discard", _("_Discard"),
                                        "restore", _("_Restore"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
      g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
    }
}
