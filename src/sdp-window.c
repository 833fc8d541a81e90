/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-window.h"

#include <glib/gi18n.h>
#include <malloc.h>
#include <string.h>

#include "sdp-guide-page.h"
#include "sdp-plan-dialog.h"
#include "sdp-board-page.h"
#include "sdp-progress-page.h"
#include "sdp-sessions-dialog.h"
#include "sdp-today-page.h"
#include "sdp-window-io.h"
#include "sdp-markdown.h"
#include "sdp-search-index.h"

#define DEFAULT_ID "main-guide"

struct _SdpWindow
{
  AdwApplicationWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack    *view_stack;
  SdpTodayPage    *today_page;
  SdpProgressPage *progress_page;
  SdpBoardPage    *board_page;
  SdpTracker      *tracker;
  GtkStack        *main_stack;
  AdwFlap         *flap;
  SdpSidebar      *sidebar;
  SdpGuideView    *guide_view;
  AdwStatusPage   *error_page;
  GtkMenuButton   *contents_button;
  GtkListBox      *contents_list;

  GSettings       *settings;
  SdpCatalog      *catalog;
  GCancellable    *cancellable;
  SdpSearchIndex  *search_index;
};

G_DEFINE_FINAL_TYPE (SdpWindow, sdp_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
load_stylesheet (void)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (RESOURCE_PREFIX "/guide.css",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  return bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                       : g_strdup ("");
}

/* Which sidebar row stands for the page at @uri: the day in the fragment, the phase whose guide
 * it is, or the guide or week itself. */
static void
sync_sidebar (SdpWindow  *self,
              const char *uri)
{
  g_autoptr(GUri) parsed = uri != NULL ? g_uri_parse (uri, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host;
  const char *fragment;
  GPtrArray *phases;
  guint i;

  if (parsed == NULL || self->catalog == NULL)
    return;
  host = g_uri_get_host (parsed);
  fragment = g_uri_get_fragment (parsed);

  if (fragment != NULL && sdp_catalog_find_week_of_day (self->catalog, fragment, NULL) != NULL &&
      sdp_sidebar_select_target (self->sidebar, fragment))
    return;

  phases = sdp_catalog_get_phases (self->catalog);
  for (i = 0; i < phases->len; i++)
    {
      const SdpPhase *phase = g_ptr_array_index (phases, i);

      if (g_strcmp0 (phase->guide_id, host) == 0 && sdp_sidebar_select_target (self->sidebar, phase->id))
        return;
    }
  sdp_sidebar_select_target (self->sidebar, host);
}

static void
show_uri_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SdpWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the link: %s"), error->message);

      sdp_window_add_toast (self, message);
    }
}

static void
guide_external_link_cb (SdpWindow    *self,
                        const char   *uri,
                        SdpGuideView *view)
{
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, show_uri_done_cb,
                     g_object_ref (self));
}

static void
guide_title_changed_cb (SdpWindow *self)
{
  const char *title = sdp_guide_view_get_title (self->guide_view);

  if (title == NULL || *title == '\0')
    title = _("System Design Prep");
  adw_view_switcher_title_set_title (self->window_title, title);
}

static void
guide_uri_changed_cb (SdpWindow *self)
{
  const char *uri = sdp_guide_view_get_uri (self->guide_view);

  sync_sidebar (self, uri);

  /* Study time is recorded against what is being read. */
  if (self->today_page != NULL && uri != NULL)
    {
      g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

      if (parsed != NULL)
        sdp_today_page_set_subject (self->today_page, g_uri_get_host (parsed));
    }
}

static void
guide_history_changed_cb (SdpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 sdp_guide_view_can_go_back (self->guide_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.forward",
                                 sdp_guide_view_can_go_forward (self->guide_view));
}

static void
sidebar_item_activated_cb (SdpWindow  *self,
                           const char *target_id,
                           SdpSidebar *sidebar)
{
  sdp_window_open_id (self, target_id);
  sdp_window_show_page (self, "guide");

  /* On a narrow window the sidebar covers the page: get it out of the way. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void     search_index_ready_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data);
static gboolean onboarding_cb         (gpointer      data);
static GtkWidget *ensure_page         (SdpWindow    *self,
                                       const char   *name);

/* Benchmarks ask to be told when the first page is on screen: WebKit has finished loading it
 * and GTK has painted a frame after that. */
static void
first_paint_cb (GdkFrameClock *clock,
                SdpWindow     *self)
{
  GtkNative *native = GTK_NATIVE (self);
  GskRenderer *renderer = gtk_native_get_renderer (native);

  g_signal_handlers_disconnect_by_func (clock, first_paint_cb, self);
  g_print ("first-paint %" G_GINT64_FORMAT " renderer=%s\n", g_get_real_time (),
           renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  if (g_strcmp0 (g_getenv ("SDP_REPORT_FIRST_PAINT"), "exit") != 0)
    return;
  gtk_window_close (GTK_WINDOW (self));
}

/* Start-up allocates and frees a lot (CSS, fonts, templates, the first page). Handing the
 * freed heap back to the system once things settle keeps the idle footprint small. */
static gboolean
trim_heap_cb (gpointer data)
{
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}

static void
first_page_loaded_cb (SdpWindow    *self,
                      SdpGuideView *view)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (view, first_page_loaded_cb, self);

  /* Work that can wait until the reader sees a page: building the search index (in a worker
   * thread, so it never blocks the window; search says "indexing" until it is done) and, on
   * a first launch, asking for a plan. */
  if (self->catalog != NULL)
    sdp_search_index_build_async (self->catalog, self->cancellable, search_index_ready_cb,
                                  g_object_ref (self));
  if (self->tracker != NULL)
    g_idle_add_full (G_PRIORITY_LOW, onboarding_cb, g_object_ref (self), g_object_unref);
  /* Unsaved drawing from a session that did not end properly is offered back at once. */
  {
    g_autofree char *recovery = sdp_board_page_recovery_path ();

    if (g_file_test (recovery, G_FILE_TEST_IS_REGULAR))
      ensure_page (self, "board");
  }
  g_timeout_add_seconds (1, trim_heap_cb, NULL);
  if (g_getenv ("SDP_REPORT_FIRST_PAINT") == NULL || clock == NULL)
    return;
  g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (view));
}

static void
window_realized_cb (SdpWindow *self)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));

  g_info ("GTK renderer: %s", renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
}

static void
search_index_ready_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SdpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpSearchIndex) index = sdp_search_index_build_finish (result, &error);

  if (index == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Search is not available: %s"),
                                                      error->message);

          sdp_window_add_toast (self, message);
        }
      return;
    }
  g_set_object (&self->search_index, index);
  sdp_sidebar_set_search_index (self->sidebar, index);
}

static void
sidebar_search_activated_cb (SdpWindow  *self,
                             const char *guide_id,
                             const char *section,
                             const char *query,
                             SdpSidebar *sidebar)
{
  g_autofree char *uri = g_strdup_printf (SDP_GUIDE_SCHEME "://%s%s%s", guide_id,
                                          *section != '\0' ? "#" : "", section);

  sdp_guide_view_show_search_hit (self->guide_view, uri, query);
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

/* A task's "Open": its guide section in the reader. */
static void
today_open_target_cb (SdpWindow    *self,
                      const char   *target,
                      SdpTodayPage *page)
{
  g_autofree char *uri = g_strconcat (SDP_GUIDE_SCHEME "://", target, NULL);

  sdp_guide_view_load_uri (self->guide_view, uri);
  sdp_window_show_page (self, "guide");
}

/* Checking a task is one click, and so is taking it back. */
static void
today_task_toggled_cb (SdpWindow    *self,
                       const char   *task_id,
                       gboolean      done,
                       SdpTodayPage *page)
{
  const SdpTask *task = sdp_catalog_find_task (self->catalog, task_id);
  g_autofree char *title = g_strdup_printf (done ? _("Done: %s") : _("Not done: %s"),
                                            task != NULL ? task->title : task_id);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("Undo"));
  adw_toast_set_action_name (toast, done ? "win.task-not-done" : "win.task-done");
  adw_toast_set_action_target_value (toast, g_variant_new_string (task_id));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
today_notice_cb (SdpWindow    *self,
                 const char   *message,
                 SdpTodayPage *page)
{
  sdp_window_add_toast (self, message);
}

static void
set_task_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdpWindow *self = SDP_WINDOW (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  if (self->tracker == NULL)
    return;
  if (!sdp_store_set_task_done (sdp_tracker_get_store (self->tracker), g_variant_get_string (parameter, NULL),
                                g_str_equal (action_name, "win.task-done"), now, &error))
    sdp_window_add_toast (self, error->message);
}

static void
plan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdpWindow *self = SDP_WINDOW (widget);
  SdpPlanDialog *dialog;

  if (self->tracker == NULL)
    {
      sdp_window_add_toast (self, _("Progress tracking is not available"));
      return;
    }
  dialog = sdp_plan_dialog_new (GTK_WINDOW (self), self->tracker,
                                sdp_tracker_get_plan (self->tracker) == NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sessions_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SdpWindow *self = SDP_WINDOW (widget);

  if (self->tracker != NULL)
    gtk_window_present (GTK_WINDOW (sdp_sessions_dialog_new (GTK_WINDOW (self), self->tracker)));
}

static gboolean
onboarding_cb (gpointer data)
{
  SdpWindow *self = data;

  if (self->tracker != NULL && sdp_tracker_get_plan (self->tracker) == NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.plan", NULL);
  return G_SOURCE_REMOVE;
}

static void
contents_row_activated_cb (SdpWindow     *self,
                           GtkListBoxRow *row,
                           GtkListBox    *list)
{
  const char *uri = g_object_get_data (G_OBJECT (row), "uri");

  gtk_menu_button_popdown (self->contents_button);
  if (uri != NULL)
    sdp_guide_view_load_uri (self->guide_view, uri);
}

/* The contents of the open page, built when the reader asks for them. */
static void
contents_popover_show_cb (SdpWindow *self)
{
  const char *uri = sdp_guide_view_get_uri (self->guide_view);
  g_autofree char *doc = uri != NULL ? g_strndup (uri, strcspn (uri, "#")) : NULL;
  g_autoptr(GPtrArray) headings = NULL;
  GtkWidget *child;
  guint i;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->contents_list))) != NULL)
    gtk_list_box_remove (self->contents_list, child);
  if (self->catalog == NULL || doc == NULL)
    return;

  headings = sdp_guide_page_get_headings (self->catalog, doc, NULL);
  for (i = 0; headings != NULL && i < headings->len; i++)
    {
      const SdpHeading *heading = g_ptr_array_index (headings, i);
      GtkWidget *row;
      GtkWidget *label;

      if (heading->level < 2 || heading->level > 3)
        continue;
      label = gtk_label_new (heading->text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, heading->level == 3 ? 18 : 0);
      if (heading->level == 3)
        gtk_widget_add_css_class (label, "dim-label");
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      g_object_set_data_full (G_OBJECT (row), "uri",
                              g_strdup_printf ("%s#%s", doc, heading->slug), g_free);
      gtk_list_box_append (self->contents_list, row);
    }
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SdpWindow *self = SDP_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  sdp_sidebar_focus_search (self->sidebar);
}

static void
contents_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  gtk_menu_button_popup (SDP_WINDOW (widget)->contents_button);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sdp_guide_view_go_back (SDP_WINDOW (widget)->guide_view);
}

static void
forward_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sdp_guide_view_go_forward (SDP_WINDOW (widget)->guide_view);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sdp_guide_view_show_find (SDP_WINDOW (widget)->guide_view);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sdp_guide_view_find_next (SDP_WINDOW (widget)->guide_view);
}

static void
find_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sdp_guide_view_find_previous (SDP_WINDOW (widget)->guide_view);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SdpGuideView *view = SDP_WINDOW (widget)->guide_view;

  if (g_str_equal (action_name, "win.zoom-in"))
    sdp_guide_view_zoom_in (view);
  else if (g_str_equal (action_name, "win.zoom-out"))
    sdp_guide_view_zoom_out (view);
  else
    sdp_guide_view_set_zoom (view, 1.0);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  AdwFlap *flap = SDP_WINDOW (widget)->flap;

  adw_flap_set_reveal_flap (flap, !adw_flap_get_reveal_flap (flap));
}

static void
save_state (SdpWindow *self)
{
  int width = 0, height = 0;
  const char *uri = sdp_guide_view_get_uri (self->guide_view);

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (!gtk_window_is_maximized (GTK_WINDOW (self)) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!adw_flap_get_folded (self->flap))
    g_settings_set_boolean (self->settings, "sidebar-visible",
                            adw_flap_get_reveal_flap (self->flap));
  if (uri != NULL && g_str_has_prefix (uri, SDP_GUIDE_SCHEME ":"))
    {
      g_settings_set_string (self->settings, "last-uri", uri);
      g_settings_set_double (self->settings, "last-scroll",
                             sdp_guide_view_get_scroll_y (self->guide_view));
    }
  g_settings_set_value (self->settings, "reading-positions",
                        sdp_guide_view_get_positions (self->guide_view));
  g_settings_apply (self->settings);
}

static gboolean
sdp_window_close_request (GtkWindow *window)
{
  save_state (SDP_WINDOW (window));
  return GTK_WINDOW_CLASS (sdp_window_parent_class)->close_request (window);
}

static void
sdp_window_dispose (GObject *object)
{
  SdpWindow *self = SDP_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SDP_TYPE_WINDOW);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_index);
  g_clear_object (&self->tracker);
  g_clear_object (&self->settings);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (sdp_window_parent_class)->dispose (object);
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            keyval,
             GdkModifierType  mods,
             const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, NULL);
}

static void
sdp_window_class_init (SdpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sdp_window_dispose;
  window_class->close_request = sdp_window_close_request;

  g_type_ensure (SDP_TYPE_SIDEBAR);
  g_type_ensure (SDP_TYPE_GUIDE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sdp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, guide_view);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, contents_button);
  gtk_widget_class_bind_template_child (widget_class, SdpWindow, contents_list);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, contents_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, contents_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, guide_external_link_cb);
  gtk_widget_class_bind_template_callback (widget_class, guide_title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, guide_uri_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, guide_history_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_item_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.forward", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_previous_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.plan", NULL, plan_action);
  gtk_widget_class_install_action (widget_class, "win.sessions", NULL, sessions_action);
  sdp_window_io_install_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.task-done", "s", set_task_action);
  gtk_widget_class_install_action (widget_class, "win.task-not-done", "s", set_task_action);
  gtk_widget_class_install_action (widget_class, "win.contents", NULL, contents_action);

  add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back");
  add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "win.forward");
  add_binding (widget_class, GDK_KEY_Back, 0, "win.back");
  add_binding (widget_class, GDK_KEY_Forward, 0, "win.forward");
  add_binding (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find");
  add_binding (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.find-next");
  add_binding (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.find-previous");
  add_binding (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in");
  add_binding (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in");
  add_binding (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in");
  add_binding (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out");
  add_binding (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out");
  add_binding (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset");
  add_binding (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset");
  add_binding (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar");
  add_binding (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.search");
  add_binding (widget_class, GDK_KEY_F6, GDK_CONTROL_MASK, "win.search");
  add_binding (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "win.contents");
  add_binding (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.plan");
}

static void
sdp_window_init (SdpWindow *self)
{
  g_autofree char *css = load_stylesheet ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  adw_flap_set_reveal_flap (self->flap, g_settings_get_boolean (self->settings, "sidebar-visible"));

  sdp_guide_view_set_stylesheet (self->guide_view, css);
  g_settings_bind (self->settings, "zoom-level", self->guide_view, "zoom", G_SETTINGS_BIND_DEFAULT);
  guide_history_changed_cb (self);

  g_signal_connect (self, "realize", G_CALLBACK (window_realized_cb), NULL);
  g_signal_connect_object (self->guide_view, "page-loaded", G_CALLBACK (first_page_loaded_cb),
                           self, G_CONNECT_SWAPPED);
}

static GtkWidget *
ensure_page (SdpWindow  *self,
             const char *name)
{
  GtkWidget *bin = adw_view_stack_get_child_by_name (self->view_stack, name);
  gboolean lazy = g_strcmp0 (name, "today") == 0 || g_strcmp0 (name, "progress") == 0 ||
                  g_strcmp0 (name, "board") == 0;

  /* Today and Progress sit in placeholder bins until first shown; the reader is itself. */
  if (bin == NULL || !lazy)
    return bin;
  if (g_str_equal (name, "board") && adw_bin_get_child (ADW_BIN (bin)) == NULL)
    {
      self->board_page = sdp_board_page_new ();
      adw_bin_set_child (ADW_BIN (bin), GTK_WIDGET (self->board_page));
      sdp_board_page_restore (self->board_page);
      return GTK_WIDGET (self->board_page);
    }
  if (adw_bin_get_child (ADW_BIN (bin)) != NULL)
    return adw_bin_get_child (ADW_BIN (bin));

  if (g_str_equal (name, "today"))
    {
      self->today_page = sdp_today_page_new (self->tracker);
      g_signal_connect_object (self->today_page, "open-target", G_CALLBACK (today_open_target_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->today_page, "task-toggled", G_CALLBACK (today_task_toggled_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->today_page, "notice", G_CALLBACK (today_notice_cb), self,
                               G_CONNECT_SWAPPED);
      guide_uri_changed_cb (self);
      adw_bin_set_child (ADW_BIN (bin), GTK_WIDGET (self->today_page));
    }
  else if (g_str_equal (name, "progress"))
    {
      self->progress_page = sdp_progress_page_new (self->tracker);
      adw_bin_set_child (ADW_BIN (bin), GTK_WIDGET (self->progress_page));
    }
  return adw_bin_get_child (ADW_BIN (bin));
}

static void
visible_page_changed_cb (SdpWindow *self)
{
  ensure_page (self, adw_view_stack_get_visible_child_name (self->view_stack));
}

/* The whiteboard is always there; Today and Progress only when the progress database could be
 * opened. */
static void
add_pages (SdpWindow  *self,
           SdpTracker *tracker)
{
  AdwViewStackPage *page;

  /* The pages are built the first time they are shown: a reader who only reads pays nothing
   * for them at start-up, in time or memory. */
  page = adw_view_stack_add_titled (self->view_stack, adw_bin_new (), "board", _("Whiteboard"));
  adw_view_stack_page_set_icon_name (page, "applications-graphics-symbolic");
  g_signal_connect_object (self->view_stack, "notify::visible-child-name",
                           G_CALLBACK (visible_page_changed_cb), self, G_CONNECT_SWAPPED);
  if (tracker == NULL)
    return;
  self->tracker = g_object_ref (tracker);
  page = adw_view_stack_add_titled (self->view_stack, adw_bin_new (), "today", _("Today"));
  adw_view_stack_page_set_icon_name (page, "x-office-calendar-symbolic");
  page = adw_view_stack_add_titled (self->view_stack, adw_bin_new (), "progress", _("Progress"));
  adw_view_stack_page_set_icon_name (page, "emblem-ok-symbolic");
}

/**
 * sdp_window_new:
 * @catalog: (nullable): the program, or %NULL when it failed to load
 * @load_error: (nullable): why it failed; shown instead of the program
 * @tracker: (nullable): the reader's progress, or %NULL when it cannot be recorded
 */
SdpWindow *
sdp_window_new (AdwApplication *application,
                SdpCatalog     *catalog,
                const GError   *load_error,
                SdpTracker     *tracker)
{
  SdpWindow *self = g_object_new (SDP_TYPE_WINDOW, "application", application, NULL);
  g_autofree char *last_uri = NULL;
  g_autoptr(GVariant) positions = NULL;

  if (catalog == NULL)
    {
      adw_status_page_set_description (self->error_page,
                                       load_error != NULL ? load_error->message : _("Unknown error"));
      gtk_stack_set_visible_child_name (self->main_stack, "error");
      return self;
    }

  self->catalog = g_object_ref (catalog);
  add_pages (self, tracker);
  sdp_sidebar_set_catalog (self->sidebar, catalog);
  if (tracker != NULL)
    sdp_sidebar_set_tracker (self->sidebar, tracker);
  sdp_guide_view_set_catalog (self->guide_view, catalog);
  positions = g_settings_get_value (self->settings, "reading-positions");
  sdp_guide_view_set_positions (self->guide_view, positions);

  self->cancellable = g_cancellable_new ();

  /* Reopen where the reader left off, if that page still exists in this program. */
  last_uri = g_settings_get_string (self->settings, "last-uri");
  if (g_str_has_prefix (last_uri, SDP_GUIDE_SCHEME "://"))
    {
      g_autoptr(GUri) parsed = g_uri_parse (last_uri, G_URI_FLAGS_NONE, NULL);
      const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

      if (host != NULL && (sdp_catalog_find_guide (catalog, host) != NULL ||
                           sdp_catalog_find_week (catalog, host) != NULL))
        {
          sdp_guide_view_restore (self->guide_view, last_uri,
                                  g_settings_get_double (self->settings, "last-scroll"));
          return self;
        }
    }

  sdp_window_open_id (self, DEFAULT_ID);
  return self;
}

/**
 * sdp_window_open_id:
 * @id: a guide, phase, week or day id
 */
void
sdp_window_open_id (SdpWindow  *self,
                    const char *id)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (SDP_IS_WINDOW (self));

  if (self->catalog == NULL)
    return;
  uri = sdp_guide_page_uri_for_id (self->catalog, id);
  if (uri == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not part of the program"), id);

      sdp_window_add_toast (self, message);
      return;
    }
  sdp_guide_view_load_uri (self->guide_view, uri);
}

void
sdp_window_add_toast (SdpWindow  *self,
                      const char *message)
{
  g_return_if_fail (SDP_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * sdp_window_get_guide_view:
 * Returns: (transfer none): the reading view
 */
SdpGuideView *
sdp_window_get_guide_view (SdpWindow *self)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);
  return self->guide_view;
}

/**
 * sdp_window_get_sidebar:
 * Returns: (transfer none): the program sidebar
 */
SdpSidebar *
sdp_window_get_sidebar (SdpWindow *self)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);
  return self->sidebar;
}

/**
 * sdp_window_get_load_error:
 * Returns: (nullable): the message shown instead of the program, if it failed to load
 */
const char *
sdp_window_get_load_error (SdpWindow *self)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") != 0)
    return NULL;
  return adw_status_page_get_description (self->error_page);
}

/**
 * sdp_window_get_contents_list:
 * Returns: (transfer none): the list of the open page's sections
 */
GtkListBox *
sdp_window_get_contents_list (SdpWindow *self)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);
  return self->contents_list;
}

/* Something the reader must know about their data: a dialog, not a passing toast. */
void
sdp_window_show_notice (SdpWindow  *self,
                        const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("About Your Progress"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "ok", _("_OK"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
sdp_window_show_page (SdpWindow  *self,
                      const char *name)
{
  g_return_if_fail (SDP_IS_WINDOW (self));
  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * sdp_window_get_page:
 * Returns: (transfer none) (nullable): the page called @name ("guide", "today", "progress")
 */
GtkWidget *
sdp_window_get_page (SdpWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);
  return ensure_page (self, name);
}

/**
 * sdp_window_get_tracker:
 * Returns: (transfer none) (nullable): the reader's progress, if it can be recorded
 */
SdpTracker *
sdp_window_get_tracker (SdpWindow *self)
{
  g_return_val_if_fail (SDP_IS_WINDOW (self), NULL);
  return self->tracker;
}
