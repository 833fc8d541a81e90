/* SPDX-License-Identifier: GPL-3.0-or-later */

/* GUI tests: the real application, in this process, under Xvfb with its own session bus.
 * Each scenario runs in a fresh subprocess so that a "relaunch" really starts from nothing
 * but what the previous run saved (settings in a keyfile under a temporary XDG_CONFIG_HOME). */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sdp-application.h"
#include "sdp-board-io.h"
#include "sdp-board-excalidraw.h"
#include "sdp-board-page.h"
#include "sdp-export-dialog.h"
#include "sdp-plan-dialog.h"
#include "sdp-progress-page.h"
#include "sdp-sessions-dialog.h"
#include "sdp-today-page.h"
#include "sdp-window.h"

#define WAIT_MS 30000

static SdpApplication *app;
static SdpWindow *window;
static SdpGuideView *view;
static guint pages_loaded;
static GPtrArray *external_links;

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @predicate holds; fails the test after WAIT_MS. */
static void
wait_for (gboolean    (*predicate) (gpointer),
          gpointer      data,
          const char   *what)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * G_TIME_SPAN_MILLISECOND;
  guint tick = g_timeout_add (20, tick_cb, NULL);

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;
  guint tick = g_timeout_add (10, tick_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static gboolean
pages_loaded_reached (gpointer data)
{
  return pages_loaded >= GPOINTER_TO_UINT (data);
}

static void
wait_for_page (guint before)
{
  wait_for (pages_loaded_reached, GUINT_TO_POINTER (before + 1), "a page to finish loading");
}

typedef struct
{
  gboolean done;
  char    *result;
  GError  *error;
} Eval;

static void
eval_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Eval *eval = user_data;
  g_autoptr(JSCValue) value = webkit_web_view_evaluate_javascript_finish (WEBKIT_WEB_VIEW (source),
                                                                          result, &eval->error);

  if (value != NULL)
    eval->result = jsc_value_to_string (value);
  eval->done = TRUE;
}

static gboolean
eval_done (gpointer data)
{
  return ((Eval *) data)->done;
}

static char *
eval_js (const char *script)
{
  Eval eval = { FALSE, NULL, NULL };

  webkit_web_view_evaluate_javascript (sdp_guide_view_get_web_view (view), script, -1, NULL, NULL,
                                       NULL, eval_done_cb, &eval);
  wait_for (eval_done, &eval, script);
  g_assert_no_error (eval.error);
  return eval.result;
}

static void
page_loaded_cb (void)
{
  pages_loaded++;
}

static void
external_link_cb (SdpGuideView *guide_view,
                  const char   *uri)
{
  g_ptr_array_add (external_links, g_strdup (uri));
}

static void
start_app (gboolean expect_page)
{
  g_autoptr(GError) error = NULL;
  guint before = pages_loaded;

  app = sdp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  window = SDP_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  view = sdp_window_get_guide_view (window);
  external_links = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (view, "page-loaded", G_CALLBACK (page_loaded_cb), NULL);
  g_signal_connect (view, "external-link", G_CALLBACK (external_link_cb), NULL);

  if (expect_page)
    wait_for_page (before);
}

static void
stop_app (void)
{
  gtk_window_close (GTK_WINDOW (window));
  g_settings_sync ();
  spin (100);
  g_clear_pointer (&external_links, g_ptr_array_unref);
  g_clear_object (&app);
}

static void
assert_page (const char *title)
{
  g_autofree char *doc_title = eval_js ("document.title");
  g_autofree char *h1 = eval_js ("document.querySelector ('h1').textContent");

  g_assert_cmpstr (doc_title, ==, title);
  g_assert_cmpstr (h1, ==, title);
  g_assert_cmpstr (sdp_guide_view_get_title (view), ==, title);
}

static void
select_in_sidebar (const char *target_id)
{
  SdpSidebar *sidebar = sdp_window_get_sidebar (window);
  guint position = sdp_sidebar_find_position (sidebar, target_id);

  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  gtk_single_selection_set_selected (sdp_sidebar_get_selection (sidebar), position);
}

static gboolean
uri_has_prefix (gpointer prefix)
{
  const char *uri = sdp_guide_view_get_uri (view);

  return uri != NULL && g_str_has_prefix (uri, prefix) &&
         !webkit_web_view_is_loading (sdp_guide_view_get_web_view (view));
}

static gboolean
scroll_reported (gpointer data)
{
  return sdp_guide_view_get_scroll_y (view) > 0;
}

static gboolean
scrolled_to_saved (gpointer data)
{
  g_autofree char *y = eval_js ("window.scrollY");

  return atoi (y) >= 1400;
}

/* First run: read, navigate, change the style and zoom, scroll, quit. */
static void
test_first_run (void)
{
  guint before;
  g_autofree char *tables = NULL;
  g_autofree char *code = NULL;
  g_autofree char *link = NULL;
  g_autofree char *external = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *reported = NULL;
  const char *uri_before;

  start_app (TRUE);

  /* A new user starts on the main guide. */
  g_assert_cmpstr (sdp_guide_view_get_uri (view), ==, "sdp-guide://main-guide");
  assert_page ("Main Guide");

  /* Choosing Phase 1 in the sidebar opens its guide, with its tables and code blocks. */
  before = pages_loaded;
  select_in_sidebar ("phase-1");
  wait_for_page (before);
  g_assert_cmpstr (sdp_guide_view_get_uri (view), ==, "sdp-guide://phase-1-fundamentals");
  assert_page ("Phase 1 — Fundamentals");
  tables = eval_js ("document.querySelectorAll ('table').length");
  code = eval_js ("document.querySelectorAll ('pre code').length");
  g_assert_cmpint (atoi (tables), >=, 3);
  g_assert_cmpint (atoi (code), >=, 1);

  /* Follow a link to another guide, as a click would, then come back. */
  link = eval_js ("(function () {"
                  "  const a = Array.from (document.querySelectorAll ('a[href^=\"sdp-guide://\"]'))"
                  "    .find (a => !a.href.startsWith ('sdp-guide://phase-1-fundamentals'));"
                  "  a.click ();"
                  "  return a.href;"
                  "}) ()");
  g_assert_true (g_str_has_prefix (link, "sdp-guide://"));
  {
    g_autofree char *target = g_strndup (link, strcspn (link, "#"));

    wait_for (uri_has_prefix, target, "the linked guide");
  }
  g_assert_false (g_str_has_prefix (sdp_guide_view_get_uri (view), "sdp-guide://phase-1-fundamentals"));
  g_assert_true (sdp_guide_view_can_go_back (view));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  wait_for (uri_has_prefix, (gpointer) "sdp-guide://phase-1-fundamentals", "going back");
  assert_page ("Phase 1 — Fundamentals");
  g_assert_true (sdp_guide_view_can_go_forward (view));

  /* A web link goes to the browser, never into the view. */
  uri_before = sdp_guide_view_get_uri (view);
  external = eval_js ("(function () {"
                      "  const a = document.querySelector ('a.external');"
                      "  a.click ();"
                      "  return a.href;"
                      "}) ()");
  g_assert_true (g_str_has_prefix (external, "http"));
  spin (1500);
  g_assert_cmpstr (sdp_guide_view_get_uri (view), ==, uri_before);
  g_assert_cmpuint (external_links->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (external_links, 0), ==, external);
  assert_page ("Phase 1 — Fundamentals");

  /* Dark style applies to the open page at once, without a reload. */
  before = pages_loaded;
  g_action_group_activate_action (G_ACTION_GROUP (app), "style", g_variant_new_string ("dark"));
  spin (300);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dark = eval_js ("document.documentElement.classList.contains ('dark')");
  g_assert_cmpstr (dark, ==, "true");
  g_assert_cmpuint (pages_loaded, ==, before);

  /* Zoom in twice: 120 %. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpfloat_with_epsilon (sdp_guide_view_get_zoom (view), 1.2, 0.001);

  /* Read on: the page reports its position by itself. */
  g_free (eval_js ("window.scrollTo (0, 1500); window.scrollY"));
  wait_for (scroll_reported, NULL, "the page to report its scroll position");
  reported = g_strdup_printf ("%.0f", sdp_guide_view_get_scroll_y (view));
  g_assert_cmpstr (reported, ==, "1500");

  /* Another guide, then back to this one from the sidebar: the reader is where they were. */
  before = pages_loaded;
  select_in_sidebar ("week-01");
  wait_for_page (before);
  before = pages_loaded;
  select_in_sidebar ("phase-1");
  wait_for_page (before);
  wait_for (scrolled_to_saved, NULL, "the guide's reading position to come back");

  stop_app ();
}

/* Second run: everything is where the first run left it. */
static void
test_second_run (void)
{
  g_autofree char *dark = NULL;

  start_app (TRUE);

  g_assert_cmpstr (sdp_guide_view_get_uri (view), ==, "sdp-guide://phase-1-fundamentals");
  assert_page ("Phase 1 — Fundamentals");
  wait_for (scrolled_to_saved, NULL, "the reading position to be restored");
  g_assert_cmpfloat_with_epsilon (sdp_guide_view_get_zoom (view), 1.2, 0.001);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  dark = eval_js ("document.documentElement.classList.contains ('dark')");
  g_assert_cmpstr (dark, ==, "true");

  /* The phase row shows which page is open. */
  g_assert_cmpuint (gtk_single_selection_get_selected (sdp_sidebar_get_selection (sdp_window_get_sidebar (window))),
                    ==, sdp_sidebar_find_position (sdp_window_get_sidebar (window), "phase-1"));

  stop_app ();
}

/* Each scenario runs the app in a process of its own, as a person would start it. */
static void
run_subprocess (const char *path)
{
  g_test_trap_subprocess (path, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_restore (void)
{
  run_subprocess ("/gui/restore/subprocess/first");
  run_subprocess ("/gui/restore/subprocess/second");
}

static void
test_scenario (gconstpointer path)
{
  run_subprocess (path);
}

static gboolean
results_shown (gpointer data)
{
  return gtk_list_box_get_row_at_index (sdp_sidebar_get_results (sdp_window_get_sidebar (window)), 0)
         != NULL;
}

static gboolean
marks_present (gpointer data)
{
  g_autofree char *n = eval_js ("document.querySelectorAll ('mark.search-hit').length");

  return atoi (n) > 0;
}

/* Ctrl+K, type, choose the first result: the guide opens at that section with the words
 * marked; the contents popover lists the open guide's sections and jumps to one. */
static void
test_search_and_contents (void)
{
  SdpSidebar *sidebar;
  GtkListBox *results;
  GtkListBoxRow *first;
  GtkListBox *contents;
  GtkListBoxRow *row;
  g_autofree char *expected = NULL;
  GtkWidget *focus;
  guint n_rows = 0;

  start_app (TRUE);
  sidebar = sdp_window_get_sidebar (window);
  results = sdp_sidebar_get_results (sidebar);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  spin (100);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));

  sdp_sidebar_search (sidebar, "availability nines");
  wait_for (results_shown, NULL, "search results");
  first = gtk_list_box_get_row_at_index (results, 0);
  expected = g_strdup_printf ("sdp-guide://%s#%s", (char *) g_object_get_data (G_OBJECT (first), "guide-id"),
                              (char *) g_object_get_data (G_OBJECT (first), "section"));
  g_signal_emit_by_name (results, "row-activated", first);
  wait_for (uri_has_prefix, expected, "the search result's section");
  wait_for (marks_present, NULL, "the searched words to be marked");

  /* Nothing found: a clear state, not an empty list. */
  sdp_sidebar_search (sidebar, "zzqqxxnotaword");
  g_assert_null (gtk_list_box_get_row_at_index (results, 0));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.contents", NULL);
  spin (200);
  contents = sdp_window_get_contents_list (window);
  while (gtk_list_box_get_row_at_index (contents, n_rows) != NULL)
    n_rows++;
  g_assert_cmpuint (n_rows, >=, 3);
  row = gtk_list_box_get_row_at_index (contents, 2);
  g_signal_emit_by_name (contents, "row-activated", row);
  wait_for (uri_has_prefix, g_object_get_data (G_OBJECT (row), "uri"), "a section from the contents");

  stop_app ();
}

/* The first visible window of @type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window_i = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window_i, type) && gtk_widget_get_visible (GTK_WIDGET (window_i)))
        return GTK_WINDOW (window_i);
    }
  return NULL;
}

static SdpPlanDialog *
find_plan_dialog (void)
{
  return (SdpPlanDialog *) find_toplevel (SDP_TYPE_PLAN_DIALOG);
}

static gboolean
export_finished (gpointer dialog)
{
  return !sdp_export_dialog_get_busy (dialog);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static gboolean
plan_dialog_shown (gpointer data)
{
  return find_plan_dialog () != NULL;
}

/* First launch: onboarding asks for a plan; a task is checked from Today; the timer runs. */
static void
test_tracker_first_run (void)
{
  SdpPlanDialog *dialog;
  SdpTodayPage *today;
  GtkWidget *check;
  GDate start;

  start_app (TRUE);
  wait_for (plan_dialog_shown, NULL, "the onboarding dialog");
  dialog = find_plan_dialog ();

  /* Started a week ago: the first days are overdue whatever weekday today is. */
  sdp_tracker_today (&start);
  g_date_subtract_days (&start, 7);
  sdp_plan_dialog_set_choice (dialog, "gold", &start, 12);
  g_assert_true (sdp_plan_dialog_save (dialog, NULL));
  gtk_window_close (GTK_WINDOW (dialog));
  spin (100);

  sdp_window_show_page (window, "today");
  today = SDP_TODAY_PAGE (sdp_window_get_page (window, "today"));
  check = sdp_today_page_find_check (today, "w01-d1-t1");
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  spin (100);
  g_assert_null (sdp_today_page_find_check (today, "w01-d1-t1"));

  sdp_today_page_timer_start (today);
  g_assert_true (sdp_today_page_timer_running (today));
  stop_app ();
}

/* Relaunch: the plan, the checked task and the running timer are all still there. */
static void
test_tracker_second_run (void)
{
  SdpTodayPage *today;
  SdpProgressPage *progress;

  start_app (TRUE);
  spin (300);
  g_assert_null (find_plan_dialog ());

  today = SDP_TODAY_PAGE (sdp_window_get_page (window, "today"));
  progress = SDP_PROGRESS_PAGE (sdp_window_get_page (window, "progress"));
  g_assert_null (sdp_today_page_find_check (today, "w01-d1-t1"));
  g_assert_nonnull (sdp_today_page_find_check (today, "w01-d1-t2"));
  g_assert_true (g_str_has_prefix (sdp_progress_page_get_summary (progress), "1 of "));
  /* The sidebar shows the share done on the phase that holds the task. */
  g_assert_cmpfloat (sdp_sidebar_get_progress (sdp_window_get_sidebar (window), "phase-1"), >, 0);
  g_assert_cmpfloat (sdp_sidebar_get_progress (sdp_window_get_sidebar (window), "phase-2"), ==, 0);
  g_assert_true (sdp_today_page_timer_running (today));

  /* Undo from the toast's action brings the task back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.task-not-done", "s", "w01-d1-t1");
  spin (100);
  g_assert_nonnull (sdp_today_page_find_check (today, "w01-d1-t1"));
  sdp_today_page_timer_stop (today);
  g_assert_false (sdp_today_page_timer_running (today));

  /* The session history opens (sessions under a minute, like this one, are not recorded). */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sessions", NULL);
  spin (200);
  {
    GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */
    gboolean found = FALSE;
    guint i;

    for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        found |= SDP_IS_SESSIONS_DIALOG (w);
      }
    g_assert_true (found);
  }
  stop_app ();
}

static void
test_tracker (void)
{
  run_subprocess ("/gui/tracker/subprocess/first");
  run_subprocess ("/gui/tracker/subprocess/second");
}

/* A damaged progress database: the reader is told where it was kept, the app carries on. */
static void
test_damaged_store_subprocess (void)
{
  GListModel *toplevels;
  gboolean told = FALSE;
  guint i;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  start_app (TRUE);
  spin (300);
  toplevels = gtk_window_get_toplevels ();  /* transfer none */
  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (w)), ".damaged-") != NULL)
        told = TRUE;
    }
  g_assert_true (told);
  g_assert_nonnull (sdp_window_get_tracker (window));
  stop_app ();
}

static void
test_damaged_store (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("XDG_DATA_HOME"), "io.github.sdprep.SystemDesignPrep", NULL);
  g_autofree char *path = g_build_filename (dir, "progress.db", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  gboolean kept = FALSE;

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "this is not a database, it is a shopping list", -1, NULL));
  run_subprocess ("/gui/damaged-store/subprocess");

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (name, "progress.db.damaged-") && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      {
        g_autofree char *moved = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "this is not a database, it is a shopping list");
        kept = TRUE;
      }
  g_assert_true (kept);
}

static void
drag (SdpBoardView *canvas,
      double        x0,
      double        y0,
      double        x1,
      double        y1)
{
  int step;

  sdp_board_view_press (canvas, x0, y0, 0, 0.5);
  for (step = 1; step <= 10; step++)
    sdp_board_view_motion (canvas, x0 + (x1 - x0) * step / 10, y0 + (y1 - y0) * step / 10, 0, 0.5);
  sdp_board_view_release (canvas, x1, y1, 0);
  spin (30);
}

/* Depth-first search for the first widget of a type, popovers included. */
static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static SdpBoardPage *
open_board_page (void)
{
  SdpBoardPage *page;

  sdp_window_show_page (window, "board");
  page = SDP_BOARD_PAGE (sdp_window_get_page (window, "board"));
  g_assert_nonnull (page);
  spin (200);
  return page;
}

/* Draw two boxes and an arrow between them with the pointer, save, and read the file back. */
static void
test_board_draw_subprocess (void)
{
  g_autofree char *labelled_id = NULL;
  SdpBoardPage *page;
  SdpBoardView *canvas;
  SdpBoard *board;
  SdpElement *arrow = NULL;
  g_autofree char *arrow_id = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sdp-board-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "design.sdpboard", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpBoard) saved = NULL;
  guint i, rectangles = 0;

  start_app (TRUE);
  page = open_board_page ();
  canvas = sdp_board_page_get_view (page);
  board = sdp_board_view_get_board (canvas);

  sdp_board_view_set_tool (canvas, SDP_TOOL_RECTANGLE);
  drag (canvas, 100, 100, 260, 180);
  sdp_board_view_set_tool (canvas, SDP_TOOL_RECTANGLE);
  drag (canvas, 500, 300, 660, 380);
  sdp_board_view_set_tool (canvas, SDP_TOOL_ARROW);
  drag (canvas, 180, 140, 580, 340);
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 3);

  for (i = 0; i < sdp_board_get_n_elements (board); i++)
    {
      SdpElement *e = sdp_board_get_element_at (board, i);

      rectangles += e->kind == SDP_ELEMENT_RECTANGLE;
      if (e->kind == SDP_ELEMENT_ARROW)
        arrow = e;
    }
  g_assert_cmpuint (rectangles, ==, 2);
  g_assert_nonnull (arrow);
  g_assert_nonnull (arrow->start.element_id);
  g_assert_nonnull (arrow->end.element_id);
  /* Edits replace elements: hold on to ids, not to elements. */
  arrow_id = g_strdup (arrow->id);

  /* Move the second box with the pointer: the arrow follows. */
  sdp_board_view_set_tool (canvas, SDP_TOOL_SELECT);
  {
    double before = g_array_index (arrow->points, SdpPoint, arrow->points->len - 1).y;

    drag (canvas, 580, 340, 580, 540);
    arrow = sdp_board_lookup (board, arrow_id);
    g_assert_cmpfloat (g_array_index (arrow->points, SdpPoint, arrow->points->len - 1).y, >, before + 150);
  }

  /* One gesture, one undo step. */
  g_assert_true (sdp_board_undo (board));
  g_assert_true (sdp_board_redo (board));

  /* Label the moved box, then close the editor without pressing Enter: the text is kept. */
  {
    const char *start_id = sdp_board_lookup (board, arrow_id)->start.element_id;
    const char *one[] = { start_id, NULL };
    GtkWidget *entry;

    sdp_board_view_select (canvas, one);
    g_assert_true (sdp_board_view_edit_label (canvas));
    entry = find_descendant (GTK_WIDGET (canvas), GTK_TYPE_TEXT_VIEW);
    g_assert_nonnull (entry);
    wait_for (widget_is_mapped, entry, "the label editor");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)), "Load balancer\nL7", -1);
    /* What a click outside the popover does: close it without Enter. Labels may have lines. */
    gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER)));
    g_assert_cmpstr (sdp_board_lookup (board, start_id)->label, ==, "Load balancer\nL7");
  }

  g_assert_true (sdp_board_page_save_to (page, file, &error));
  g_assert_no_error (error);

  /* Ctrl+S while a label is still being typed saves the board with that label. */
  {
    g_autoptr(SdpBoard) reloaded = NULL;
    const char *start_id = sdp_board_lookup (board, arrow_id)->start.element_id;
    GtkWidget *entry = find_descendant (GTK_WIDGET (canvas), GTK_TYPE_TEXT_VIEW);
    g_autofree char *labelled = g_strdup (start_id);
    const char *one[] = { labelled, NULL };

    sdp_board_view_select (canvas, one);
    g_assert_true (sdp_board_view_edit_label (canvas));
    wait_for (widget_is_mapped, entry, "the label editor");
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (entry)), "Edge LB", -1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "board.save", NULL));
    reloaded = sdp_board_load (file, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (sdp_board_lookup (reloaded, labelled)->label, ==, "Edge LB");
    labelled_id = g_strdup (labelled);
    g_assert_false (gtk_widget_get_visible (entry) && gtk_widget_get_mapped (entry));
  }

  /* Export through the dialog (its preview renders first): a PNG, a PDF. */
  {
    SdpExportDialog *dialog = sdp_export_dialog_new (GTK_WINDOW (window), board, NULL);
    g_autofree char *png = g_build_filename (dir, "design.png", NULL);
    g_autofree char *pdf = g_build_filename (dir, "design.pdf", NULL);
    g_autofree char *head = NULL;
    gsize length = 0;

    gtk_window_present (GTK_WINDOW (dialog));
    spin (100);
    sdp_export_dialog_set_format (dialog, "pdf");
    g_assert_true (sdp_export_dialog_export_to (dialog, pdf, &error));
    g_assert_true (g_file_get_contents (pdf, &head, &length, NULL));
    g_assert_true (g_str_has_prefix (head, "%PDF-"));
    g_clear_pointer (&head, g_free);

    /* The Export button's path: a worker thread, the dialog busy (and refusing to close)
     * until the file is written, then closed. */
    g_object_ref (dialog);
    sdp_export_dialog_set_format (dialog, "png");
    sdp_export_dialog_start_export (dialog, png);
    g_assert_true (sdp_export_dialog_get_busy (dialog));
    gtk_window_close (GTK_WINDOW (dialog));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    wait_for (export_finished, dialog, "the PNG export");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_object_unref (dialog);
    g_assert_true (g_file_get_contents (png, &head, &length, NULL));
    g_assert_cmpmem (head, 8, "\x89PNG\r\n\x1a\n", 8);
    g_unlink (png);
    g_unlink (pdf);
  }

  /* From a selected box's connection handle onto empty canvas: an arrow to a new copy of it. */
  {
    SdpElement *first = NULL;
    SdpElement *grown;
    guint k, before = sdp_board_get_n_elements (board);
    g_autofree char *first_id = NULL;

    for (k = 0; k < before && first == NULL; k++)
      if (sdp_board_get_element_at (board, k)->kind == SDP_ELEMENT_RECTANGLE)
        first = sdp_board_get_element_at (board, k);
    first_id = g_strdup (first->id);
    {
      const char *one[] = { first_id, NULL };

      sdp_board_view_select (canvas, one);
    }
    drag (canvas, first->x + first->width + 18, first->y + first->height / 2, 300, 700);
    g_assert_cmpuint (sdp_board_get_n_elements (board), ==, before + 2);
    grown = sdp_board_get_element_at (board, sdp_board_get_n_elements (board) - 1);
    if (!sdp_element_is_connector (grown))
      grown = sdp_board_get_element_at (board, sdp_board_get_n_elements (board) - 2);
    g_assert_true (sdp_element_is_connector (grown));
    g_assert_cmpstr (grown->start.element_id, ==, first_id);
    g_assert_nonnull (grown->end.element_id);
    g_assert_cmpint (sdp_board_lookup (board, grown->end.element_id)->kind, ==, SDP_ELEMENT_RECTANGLE);
  }
  saved = sdp_board_load (file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sdp_board_get_n_elements (saved), ==, 3);
  {
    SdpElement *saved_arrow = sdp_board_lookup (saved, arrow->id);

    g_assert_nonnull (saved_arrow);
    g_assert_cmpstr (saved_arrow->start.element_id, ==, arrow->start.element_id);
    g_assert_cmpstr (saved_arrow->end.element_id, ==, arrow->end.element_id);
  }

  /* New Board with unsaved changes asks first: Cancel keeps everything, Save writes the
   * changes and only then starts an empty board. */
  {
    guint drawn = sdp_board_get_n_elements (board);
    g_autoptr(SdpBoard) reloaded = NULL;
    int round;

    for (round = 0; round < 2; round++)
      {
        AdwMessageDialog *question;

        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "board.new", NULL));
        wait_for (message_dialog_shown, NULL, "the unsaved-changes question");
        question = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
        g_assert_cmpuint (sdp_board_get_n_elements (sdp_board_view_get_board (canvas)), ==, drawn);
        adw_message_dialog_response (question, round == 0 ? "cancel" : "save");
        gtk_window_destroy (GTK_WINDOW (question));
        g_assert_cmpuint (sdp_board_get_n_elements (sdp_board_view_get_board (canvas)), ==, round == 0 ? drawn : 0);
      }
    reloaded = sdp_board_load (file, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sdp_board_get_n_elements (reloaded), ==, drawn);

    /* The saved design, exported for Excalidraw, opens again as a board with the same
     * elements and labels. */
    {
      g_autofree char *scene = sdp_board_export_excalidraw (reloaded, NULL);
      g_autofree char *scene_path = g_build_filename (dir, "design.excalidraw", NULL);
      g_autoptr(GFile) scene_file = g_file_new_for_path (scene_path);
      SdpBoard *imported;

      g_assert_true (g_file_set_contents (scene_path, scene, -1, NULL));
      g_assert_true (sdp_board_page_open_file (page, scene_file, &error));
      g_assert_no_error (error);
      imported = sdp_board_view_get_board (canvas);
      g_assert_cmpuint (sdp_board_get_n_elements (imported), ==, drawn);
      g_assert_cmpstr (sdp_board_lookup (imported, labelled_id)->label, ==, "Edge LB");
      g_unlink (scene_path);
    }
  }
  stop_app ();
  g_unlink (path);
  g_rmdir (dir);
}

/* Killed mid-drawing: the next launch offers the autosaved board back. */
static void
test_board_crash_subprocess (void)
{
  SdpBoardPage *page;
  SdpBoardView *canvas;

  start_app (TRUE);
  page = open_board_page ();
  canvas = sdp_board_page_get_view (page);
  sdp_board_view_set_tool (canvas, SDP_TOOL_ELLIPSE);
  drag (canvas, 200, 200, 400, 300);
  /* The autosave runs a few seconds after a change; wait for it, then die without cleaning up. */
  spin (4000);
  _exit (0);
}

static void
test_board_recover_subprocess (void)
{
  GListModel *toplevels;
  AdwMessageDialog *dialog = NULL;
  SdpBoardPage *page;
  SdpBoard *board;
  guint i;

  start_app (TRUE);
  spin (500);
  toplevels = gtk_window_get_toplevels ();  /* transfer none */
  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (w)), "Restore"))
        dialog = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "restore");
  spin (200);
  page = SDP_BOARD_PAGE (sdp_window_get_page (window, "board"));
  board = sdp_board_view_get_board (sdp_board_page_get_view (page));
  g_assert_cmpuint (sdp_board_get_n_elements (board), ==, 1);
  g_assert_cmpint (sdp_board_get_element_at (board, 0)->kind, ==, SDP_ELEMENT_ELLIPSE);
  stop_app ();
}

static void
test_board (void)
{
  run_subprocess ("/gui/board/subprocess/draw");
  run_subprocess ("/gui/board/subprocess/crash");
  run_subprocess ("/gui/board/subprocess/recover");
}

/* A week and a day from the sidebar open the generated program page at the right place. */
static void
test_week_and_day (void)
{
  guint before;
  g_autofree char *day_heading = NULL;

  start_app (TRUE);
  before = pages_loaded;
  select_in_sidebar ("week-01");
  wait_for_page (before);
  g_assert_cmpstr (sdp_guide_view_get_uri (view), ==, "sdp-guide://week-01");
  day_heading = eval_js ("document.getElementById ('w01-d1').tagName");
  g_assert_cmpstr (day_heading, ==, "H2");
  stop_app ();
}

/* Broken content: a clear message in the window, no crash. */
static void
test_bad_content_subprocess (void)
{
  const char *message;

  /* The app logs a warning about the broken file; that is expected here, not a failure. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  start_app (FALSE);
  message = sdp_window_get_load_error (window);
  g_assert_nonnull (message);
  if (strstr (message, "program.json: $.guides") == NULL)
    g_error ("unexpected message: %s", message);
  stop_app ();
}

static void
test_bad_content (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sdp-bad-content-XXXXXX", NULL);
  g_autofree char *program = g_build_filename (dir, "program.json", NULL);

  g_assert_true (g_file_set_contents (program, "{\"format\": 1, \"title\": \"Broken\", \"guides\": 5}",
                                      -1, NULL));
  g_setenv ("SDP_CONTENT_DIR", dir, TRUE);
  g_test_trap_subprocess ("/gui/bad-content/subprocess", 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SDP_CONTENT_DIR");
  g_unlink (program);
  g_rmdir (dir);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;

  /* Every run starts from an empty configuration of its own. */
  if (g_getenv ("SDP_GUI_TEST_HOME") == NULL)
    {
      home = g_dir_make_tmp ("sdp-gui-test-XXXXXX", NULL);
      g_setenv ("SDP_GUI_TEST_HOME", home, TRUE);
    }
  else
    home = g_strdup (g_getenv ("SDP_GUI_TEST_HOME"));
  {
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);
    g_autofree char *cache = g_build_filename (home, "cache", NULL);

    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  }
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  /* No portals: GTK 4.8 reads GTK_USE_PORTAL (newer GTK also has GDK_DEBUG=no-portals, which
   * 4.8 rejects with a warning). */
  g_setenv ("GTK_USE_PORTAL", "0", TRUE);
  /* As main() does, before any thread exists. */
  sdp_application_choose_renderers ();
  g_setenv ("GTK_A11Y", "none", TRUE);

  g_test_init (&argc, &argv, NULL);
  /* g_test_init() names the program after its full path; WebKit builds sandbox paths from the
   * program name, so give it a plain one like the app's. */
  g_set_prgname ("system-design-prep-tests");
  gtk_init ();

  g_test_add_func ("/gui/restore", test_restore);
  g_test_add_func ("/gui/restore/subprocess/first", test_first_run);
  g_test_add_func ("/gui/restore/subprocess/second", test_second_run);
  g_test_add_data_func ("/gui/week-and-day", "/gui/week-and-day/subprocess", test_scenario);
  g_test_add_func ("/gui/week-and-day/subprocess", test_week_and_day);
  g_test_add_data_func ("/gui/search-and-contents", "/gui/search-and-contents/subprocess",
                        test_scenario);
  g_test_add_func ("/gui/search-and-contents/subprocess", test_search_and_contents);
  g_test_add_func ("/gui/tracker", test_tracker);
  g_test_add_func ("/gui/tracker/subprocess/first", test_tracker_first_run);
  g_test_add_func ("/gui/tracker/subprocess/second", test_tracker_second_run);
  g_test_add_func ("/gui/board", test_board);
  g_test_add_func ("/gui/board/subprocess/draw", test_board_draw_subprocess);
  g_test_add_func ("/gui/board/subprocess/crash", test_board_crash_subprocess);
  g_test_add_func ("/gui/board/subprocess/recover", test_board_recover_subprocess);
  g_test_add_func ("/gui/damaged-store", test_damaged_store);
  g_test_add_func ("/gui/damaged-store/subprocess", test_damaged_store_subprocess);
  g_test_add_func ("/gui/bad-content", test_bad_content);
  g_test_add_func ("/gui/bad-content/subprocess", test_bad_content_subprocess);

  return g_test_run ();
}
