/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-sidebar.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sdp-sidebar-item.h"

#define MAX_RESULTS 50

struct _SdpSidebar
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListBox         *results;
  AdwStatusPage      *results_status;
  SdpSearchIndex     *index;
  SdpTracker         *tracker;
  GListStore         *root;      /* the top-level items */
  GtkListView        *list_view;
  GtkSingleSelection *selection;
  GtkTreeListModel   *tree;
  gboolean            syncing;  /* selection changed by the app, not by the reader */
};

enum {
  ITEM_ACTIVATED,
  SEARCH_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SdpSidebar, sdp_sidebar, ADW_TYPE_BIN)

static GListModel *
create_children_cb (gpointer item,
                    gpointer user_data)
{
  GListStore *children = sdp_sidebar_item_get_children (SDP_SIDEBAR_ITEM (item));

  return children != NULL ? g_object_ref (G_LIST_MODEL (children)) : NULL;
}

static int
day_minutes (const SdpDay *day)
{
  int minutes = 0;
  guint i;

  for (i = 0; i < day->tasks->len; i++)
    minutes += ((SdpTask *) g_ptr_array_index (day->tasks, i))->minutes;
  return minutes;
}

static SdpSidebarItem *
week_item_new (const SdpWeek *week)
{
  g_autofree char *title = g_strdup_printf (_("Week %d · %s"), week->number, week->theme);
  SdpSidebarItem *item = sdp_sidebar_item_new (week->id, title, week->goals, NULL);
  guint i;

  for (i = 0; i < week->days->len; i++)
    {
      const SdpDay *day = g_ptr_array_index (week->days, i);
      g_autofree char *day_title = g_strdup_printf (_("Day %d · %s"), day->number, day->title);
      g_autofree char *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task, %d min",
                                                              "%u tasks, %d min", day->tasks->len),
                                                 day->tasks->len, day_minutes (day));
      g_autoptr(SdpSidebarItem) day_item = sdp_sidebar_item_new (day->id, day_title, detail, NULL);

      sdp_sidebar_item_add_child (item, day_item);
    }
  return item;
}

static GListStore *
build_tree (SdpCatalog *catalog)
{
  GListStore *root = g_list_store_new (SDP_TYPE_SIDEBAR_ITEM);
  GPtrArray *phases = sdp_catalog_get_phases (catalog);
  GPtrArray *weeks = sdp_catalog_get_weeks (catalog);
  GPtrArray *guides = sdp_catalog_get_guides (catalog);
  g_autoptr(SdpSidebarItem) practice = NULL;
  g_autoptr(SdpSidebarItem) guide_group = NULL;
  guint i, j;

  for (i = 0; i < phases->len; i++)
    {
      const SdpPhase *phase = g_ptr_array_index (phases, i);
      g_autofree char *title = g_strdup_printf (_("Phase %d · %s"), phase->number, phase->title);
      g_autoptr(SdpSidebarItem) item = sdp_sidebar_item_new (phase->id, title, phase->summary,
                                                             "view-list-bullet-symbolic");

      for (j = 0; j < weeks->len; j++)
        {
          const SdpWeek *week = g_ptr_array_index (weeks, j);

          if (g_strcmp0 (week->phase_id, phase->id) == 0)
            {
              g_autoptr(SdpSidebarItem) week_item = week_item_new (week);

              sdp_sidebar_item_add_child (item, week_item);
            }
        }
      sdp_sidebar_item_set_expanded_by_default (item, TRUE);
      g_list_store_append (root, item);
    }

  /* Weeks outside any phase (mock interviews, the final assessment) get a group of their own. */
  for (j = 0; j < weeks->len; j++)
    {
      const SdpWeek *week = g_ptr_array_index (weeks, j);
      g_autoptr(SdpSidebarItem) week_item = NULL;

      if (week->phase_id != NULL)
        continue;
      if (practice == NULL)
        {
          practice = sdp_sidebar_item_new (sdp_catalog_find_guide (catalog, "interview-practice")
                                           ? "interview-practice" : week->id,
                                           _("Practice & Assessment"),
                                           _("Mock interviews and the final assessment"),
                                           "starred-symbolic");
          sdp_sidebar_item_set_expanded_by_default (practice, TRUE);
        }
      week_item = week_item_new (week);
      sdp_sidebar_item_add_child (practice, week_item);
    }
  if (practice != NULL)
    g_list_store_append (root, practice);

  guide_group = sdp_sidebar_item_new (((SdpGuide *) g_ptr_array_index (guides, 0))->id,
                                      _("Guides"), _("All the program’s guides"),
                                      "accessories-dictionary-symbolic");
  for (i = 0; i < guides->len; i++)
    {
      const SdpGuide *guide = g_ptr_array_index (guides, i);
      g_autoptr(SdpSidebarItem) item = sdp_sidebar_item_new (guide->id, guide->title, guide->summary,
                                                             "text-x-generic-symbolic");

      sdp_sidebar_item_add_child (guide_group, item);
    }
  g_list_store_append (root, guide_group);

  return root;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (title, TRUE);
  GtkWidget *done = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *percent = gtk_label_new (NULL);

  gtk_widget_add_css_class (done, "success");
  gtk_widget_add_css_class (percent, "dim-label");
  gtk_widget_add_css_class (percent, "caption");
  gtk_widget_add_css_class (percent, "numeric");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), percent);
  gtk_box_append (GTK_BOX (box), done);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

/* A tick when everything in the row is done, the share done while it is under way. */
static void
show_progress (SdpSidebarItem *item,
               GParamSpec     *pspec,
               GtkWidget      *box)
{
  GtkWidget *title = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  GtkWidget *percent = gtk_widget_get_next_sibling (title);
  GtkWidget *done = gtk_widget_get_next_sibling (percent);
  double progress = sdp_sidebar_item_get_progress (item);
  g_autofree char *text = g_strdup_printf ("%.0f %%", progress * 100);

  gtk_widget_set_visible (done, progress >= 1);
  gtk_widget_set_visible (percent, progress > 0 && progress < 1);
  gtk_label_set_text (GTK_LABEL (percent), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  progress >= 1 ? _("Done") : progress > 0 ? text : "", -1);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  SdpSidebarItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_next_sibling (icon);
  const char *icon_name = sdp_sidebar_item_get_icon_name (item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  show_progress (item, NULL, box);
  g_signal_connect_object (item, "notify::progress", G_CALLBACK (show_progress), box, 0);
  g_object_set_data (G_OBJECT (list_item), "bound-item", item);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_widget_set_visible (icon, icon_name != NULL);
  gtk_label_set_text (GTK_LABEL (title), sdp_sidebar_item_get_title (item));
  gtk_widget_set_tooltip_text (box, sdp_sidebar_item_get_detail (item));
  /* Top-level rows are headings of a kind: they stand out, and wrap rather than lose words. */
  if (gtk_tree_list_row_get_depth (row) == 0)
    {
      gtk_widget_add_css_class (title, "heading");
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_NONE);
    }
  else
    {
      gtk_widget_remove_css_class (title, "heading");
      gtk_label_set_wrap (GTK_LABEL (title), FALSE);
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
    }

  g_object_unref (item);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  SdpSidebarItem *item = g_object_get_data (G_OBJECT (list_item), "bound-item");
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));

  if (item != NULL)
    g_signal_handlers_disconnect_by_func (item, show_progress, box);
  g_object_set_data (G_OBJECT (list_item), "bound-item", NULL);
}

static SdpSidebarItem *
item_at (SdpSidebar *self,
         guint       position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  return row != NULL ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
selection_changed_cb (SdpSidebar *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  g_autoptr(SdpSidebarItem) item = NULL;

  if (self->syncing || position == GTK_INVALID_LIST_POSITION)
    return;
  item = item_at (self, position);
  if (item != NULL)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, sdp_sidebar_item_get_target_id (item));
}

/* Enter on the selected row opens it again (the reader may have scrolled away). */
static void
list_activate_cb (SdpSidebar *self,
                  guint       position)
{
  g_autoptr(SdpSidebarItem) item = item_at (self, position);

  if (item != NULL)
    g_signal_emit (self, signals[ITEM_ACTIVATED], 0, sdp_sidebar_item_get_target_id (item));
}

/* Snippets come with matched words between two marker bytes: show those in bold. */
static char *
snippet_markup (const char *snippet)
{
  GString *markup = g_string_new (NULL);
  gboolean in_match = FALSE;
  const char *p = snippet;

  while (*p != '\0')
    {
      const char *marker = strpbrk (p, SDP_SEARCH_MATCH_START SDP_SEARCH_MATCH_END);
      gsize len = marker != NULL ? (gsize) (marker - p) : strlen (p);
      g_autofree char *escaped = g_markup_escape_text (p, (gssize) len);

      g_string_append (markup, escaped);
      if (marker == NULL)
        break;
      in_match = *marker == SDP_SEARCH_MATCH_START[0];
      g_string_append (markup, in_match ? "<b>" : "</b>");
      p = marker + 1;
    }
  if (in_match)
    g_string_append (markup, "</b>");
  return g_string_free (markup, FALSE);
}

static GtkWidget *
result_row_new (const SdpSearchHit *hit)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *where = NULL;
  g_autofree char *markup = snippet_markup (hit->snippet);
  GtkWidget *title = gtk_label_new (hit->section_title);
  GtkWidget *guide = NULL;
  GtkWidget *snippet = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "heading");

  where = g_strdup (hit->guide_title);
  guide = gtk_label_new (where);
  gtk_label_set_xalign (GTK_LABEL (guide), 0);
  gtk_label_set_ellipsize (GTK_LABEL (guide), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (guide, "caption");
  gtk_widget_add_css_class (guide, "dim-label");

  gtk_label_set_markup (GTK_LABEL (snippet), markup);
  gtk_label_set_xalign (GTK_LABEL (snippet), 0);
  gtk_label_set_wrap (GTK_LABEL (snippet), TRUE);
  gtk_label_set_lines (GTK_LABEL (snippet), 3);
  gtk_label_set_ellipsize (GTK_LABEL (snippet), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (snippet, "caption");

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), guide);
  gtk_box_append (GTK_BOX (box), snippet);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "guide-id", g_strdup (hit->guide_id), g_free);
  g_object_set_data_full (G_OBJECT (row), "section", g_strdup (hit->section_slug), g_free);
  return row;
}

static void
show_results_status (SdpSidebar *self,
                     const char *icon_name,
                     const char *title,
                     const char *description)
{
  adw_status_page_set_icon_name (self->results_status, icon_name);
  adw_status_page_set_title (self->results_status, title);
  adw_status_page_set_description (self->results_status, description);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
run_search (SdpSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  guint i;

  g_auto(GStrv) terms = sdp_search_split_terms (text);

  if (terms[0] == NULL && *text == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "tree");
      return;
    }
  if (self->index == NULL)
    {
      show_results_status (self, "content-loading-symbolic", _("Indexing the Guides…"),
                           _("Results appear as soon as the index is ready"));
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);

  hits = sdp_search_index_query (self->index, text, MAX_RESULTS, &error);
  if (hits == NULL)
    {
      show_results_status (self, "dialog-error-symbolic", _("Search Failed"), error->message);
      return;
    }
  if (hits->len == 0)
    {
      show_results_status (self, "edit-find-symbolic", _("No Results"),
                           _("Try fewer or different words"));
      return;
    }

  for (i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results, result_row_new (g_ptr_array_index (hits, i)));
  gtk_stack_set_visible_child_name (self->stack, "results");
}

static void
search_changed_cb (SdpSidebar *self)
{
  run_search (self);
}

static void
result_activated_cb (SdpSidebar    *self,
                     GtkListBoxRow *row,
                     GtkListBox    *box)
{
  g_signal_emit (self, signals[SEARCH_ACTIVATED], 0,
                 g_object_get_data (G_OBJECT (row), "guide-id"),
                 g_object_get_data (G_OBJECT (row), "section"),
                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

/* Enter in the entry opens the best result; Down moves into the list. */
static void
search_activate_cb (SdpSidebar *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "results") == 0)
    result_activated_cb (self, first, self->results);
}

static void
search_stop_cb (SdpSidebar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
sdp_sidebar_dispose (GObject *object)
{
  SdpSidebar *self = SDP_SIDEBAR (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->index);
  g_clear_object (&self->tracker);
  g_clear_object (&self->root);
  g_clear_object (&self->selection);
  self->tree = NULL;

  G_OBJECT_CLASS (sdp_sidebar_parent_class)->dispose (object);
}

static void
sdp_sidebar_class_init (SdpSidebarClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sdp_sidebar_dispose;

  /**
   * SdpSidebar::item-activated:
   * @target_id: the id of the phase, week, day or guide the reader chose
   */
  signals[ITEM_ACTIVATED] =
    g_signal_new ("item-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * SdpSidebar::search-activated:
   * @guide_id: the guide of the chosen result
   * @section: the anchor of its section ("" for the guide's opening)
   * @query: what the reader searched for, to highlight in the page
   */
  signals[SEARCH_ACTIVATED] =
    g_signal_new ("search-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "sdpsidebar");
}

static void
sdp_sidebar_init (SdpSidebar *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *results_scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (g_object_ref (GTK_SELECTION_MODEL (self->selection)),
                                                      factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Program"), -1);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (list_activate_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search the guides (Ctrl+K)"), NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 8);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 8);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search_entry), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->search_entry), 4);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_activate_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "stop-search", G_CALLBACK (search_stop_cb),
                           self, G_CONNECT_SWAPPED);

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->results), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->results),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search results"), -1);
  g_signal_connect_object (self->results, "row-activated", G_CALLBACK (result_activated_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (results_scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (results_scrolled),
                                 GTK_WIDGET (self->results));

  self->results_status = ADW_STATUS_PAGE (adw_status_page_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->results_status), "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, scrolled, "tree");
  gtk_stack_add_named (self->stack, results_scrolled, "results");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->results_status), "status");
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  gtk_widget_set_size_request (GTK_WIDGET (self), 330, -1);
  adw_bin_set_child (ADW_BIN (self), box);
}

void
sdp_sidebar_set_catalog (SdpSidebar *self,
                         SdpCatalog *catalog)
{
  GListStore *root;
  guint i;

  g_return_if_fail (SDP_IS_SIDEBAR (self));

  root = build_tree (catalog);
  g_set_object (&self->root, root);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (root), FALSE, FALSE, create_children_cb,
                                        NULL, NULL);
  self->syncing = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
  g_object_unref (self->tree); /* the selection holds it */

  /* Expand from the bottom up so positions above stay valid while rows are inserted. */
  for (i = g_list_model_get_n_items (G_LIST_MODEL (root)); i > 0; i--)
    {
      g_autoptr(SdpSidebarItem) item = g_list_model_get_item (G_LIST_MODEL (root), i - 1);
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_child_row (self->tree, i - 1);

      if (sdp_sidebar_item_get_expanded_by_default (item))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->syncing = FALSE;
}

/**
 * sdp_sidebar_find_position:
 *
 * Returns: the position of the first visible row for @target_id, or
 * %GTK_INVALID_LIST_POSITION
 */
guint
sdp_sidebar_find_position (SdpSidebar *self,
                           const char *target_id)
{
  guint n, i;

  g_return_val_if_fail (SDP_IS_SIDEBAR (self), GTK_INVALID_LIST_POSITION);

  n = self->tree != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tree)) : 0;
  for (i = 0; i < n; i++)
    {
      g_autoptr(SdpSidebarItem) item = item_at (self, i);

      if (g_strcmp0 (sdp_sidebar_item_get_target_id (item), target_id) == 0)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/**
 * sdp_sidebar_select_target:
 *
 * Shows which row the open page belongs to, without emitting ::item-activated.
 *
 * Returns: whether a visible row for @target_id was found
 */
gboolean
sdp_sidebar_select_target (SdpSidebar *self,
                           const char *target_id)
{
  guint position;

  g_return_val_if_fail (SDP_IS_SIDEBAR (self), FALSE);

  position = sdp_sidebar_find_position (self, target_id);
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;
  return position != GTK_INVALID_LIST_POSITION;
}

/**
 * sdp_sidebar_get_selection:
 * Returns: (transfer none): the selection model, which tests drive as a click would
 */
GtkSingleSelection *
sdp_sidebar_get_selection (SdpSidebar *self)
{
  g_return_val_if_fail (SDP_IS_SIDEBAR (self), NULL);
  return self->selection;
}

/**
 * sdp_sidebar_set_search_index:
 * @index: (nullable): the index, or %NULL while it is being built
 */
void
sdp_sidebar_set_search_index (SdpSidebar     *self,
                              SdpSearchIndex *index)
{
  g_return_if_fail (SDP_IS_SIDEBAR (self));

  if (!g_set_object (&self->index, index))
    return;
  /* Someone may have typed while the index was being built. */
  run_search (self);
}

void
sdp_sidebar_focus_search (SdpSidebar *self)
{
  g_return_if_fail (SDP_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

/* Searches at once, as typing and pausing would. */
void
sdp_sidebar_search (SdpSidebar *self,
                    const char *text)
{
  g_return_if_fail (SDP_IS_SIDEBAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  run_search (self);
}

/**
 * sdp_sidebar_get_results:
 * Returns: (transfer none): the list of search results
 */
GtkListBox *
sdp_sidebar_get_results (SdpSidebar *self)
{
  g_return_val_if_fail (SDP_IS_SIDEBAR (self), NULL);
  return self->results;
}

/* Walks every item (visible or folded) and sets its share of tasks done. */
static void
update_progress (SdpSidebar *self,
                 GListModel *items)
{
  guint i;

  for (i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(SdpSidebarItem) item = g_list_model_get_item (items, i);
      const char *id = sdp_sidebar_item_get_target_id (item);
      SdpCatalog *catalog = sdp_tracker_get_catalog (self->tracker);
      gboolean tracked = sdp_catalog_find_phase (catalog, id) != NULL ||
                         sdp_catalog_find_week (catalog, id) != NULL ||
                         sdp_catalog_find_week_of_day (catalog, id, NULL) != NULL;

      sdp_sidebar_item_set_progress (item, tracked ? sdp_tracker_completion (self->tracker, id) : -1);
      update_progress (self, G_LIST_MODEL (sdp_sidebar_item_get_children (item)));
    }
}

static void
tracker_changed_cb (SdpSidebar *self)
{
  update_progress (self, G_LIST_MODEL (self->root));
}

/* Rows show completion once there is a tracker: ticks for finished days, weeks and phases. */
void
sdp_sidebar_set_tracker (SdpSidebar *self,
                         SdpTracker *tracker)
{
  g_return_if_fail (SDP_IS_SIDEBAR (self));

  if (!g_set_object (&self->tracker, tracker))
    return;
  g_signal_connect_object (tracker, "changed", G_CALLBACK (tracker_changed_cb), self, G_CONNECT_SWAPPED);
  tracker_changed_cb (self);
}

/* The share of tasks done shown for @target_id's row, or -1. */
double
sdp_sidebar_get_progress (SdpSidebar *self,
                          const char *target_id)
{
  guint position = sdp_sidebar_find_position (self, target_id);
  g_autoptr(SdpSidebarItem) item = position != GTK_INVALID_LIST_POSITION ? item_at (self, position) : NULL;

  return item != NULL ? sdp_sidebar_item_get_progress (item) : -1;
}
