/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sdp-guide-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sdp-guide-page.h"
#include "sdp-markdown.h"
#include "sdp-search-index.h"

#define ZOOM_STEP  0.1
#define ZOOM_MIN   0.5
#define ZOOM_MAX   3.0
#define FIND_LIMIT 1000

struct _SdpGuideView
{
  AdwBin         parent_instance;

  GtkBox        *box;
  GtkSearchBar  *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel      *match_label;
  WebKitWebView *web_view;

  SdpCatalog    *catalog;
  char          *stylesheet;
  double         scroll_y;        /* last position the page reported */
  double         pending_scroll;  /* to restore once the next load finishes; < 0 for none */
  char          *current_doc;     /* the shown page's address without its fragment */
  GHashTable    *positions;       /* page address -> last reading position (double *) */
  char          *pending_slug;    /* a search hit to highlight once the page is loaded */
  char         **pending_terms;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_URI,
  PROP_CAN_GO_BACK,
  PROP_CAN_GO_FORWARD,
  PROP_ZOOM,
  N_PROPS
};

enum {
  EXTERNAL_LINK,
  PAGE_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SdpGuideView, sdp_guide_view, ADW_TYPE_BIN)

/* Pages report how far they are scrolled, so the position can be saved at any moment
 * without waiting on an asynchronous JavaScript call (there is no time for one on quit). */
static const char scroll_reporter_js[] =
  "(function () {"
  "  let timer = 0;"
  "  window.addEventListener('scroll', function () {"
  "    clearTimeout (timer);"
  "    timer = setTimeout (function () {"
  "      window.webkit.messageHandlers.sdpScroll.postMessage (window.scrollY);"
  "    }, 120);"
  "  }, { passive: true });"
  "}) ();";

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
run_js (SdpGuideView *self,
        const char   *script)
{
  webkit_web_view_evaluate_javascript (self->web_view, script, -1, NULL, NULL, NULL, NULL, NULL);
}

/* Marks the searched words in the section a search result points at, opens any hidden
 * answer that holds one, and brings the first into view. Arguments: slug, terms. Words are
 * matched by their stem-like prefix, as the index matched them ("caching" finds "cache"). */
static const char highlight_js[] =
  "document.querySelectorAll ('mark.search-hit').forEach (m => m.replaceWith (m.textContent));"
  "terms = terms.split ('\\n').filter (t => t.length > 0);"
  "const start = slug ? document.getElementById (slug) : document.querySelector ('h1');"
  "if (!start || terms.length === 0) return 0;"
  "const isHeading = n => /^H[1-6]$/.test (n.tagName);"
  "const level = isHeading (start) ? Number (start.tagName[1]) : 7;"
  "const stems = terms.map (t => (t.length > 5 ? t.slice (0, t.length - 3) : t)"
  "  .replace (/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&'));"
  "const re = new RegExp ('(' + stems.join ('|') + ')[\\\\p{L}\\\\p{N}]*', 'giu');"
  "const blocks = [start];"
  "for (let n = start.nextElementSibling; n && !(isHeading (n) && Number (n.tagName[1]) <= level);"
  "     n = n.nextElementSibling)"
  "  blocks.push (n);"
  "const marks = [];"
  "for (const block of blocks) {"
  "  const walker = document.createTreeWalker (block, NodeFilter.SHOW_TEXT);"
  "  const texts = [];"
  "  while (walker.nextNode ()) texts.push (walker.currentNode);"
  "  for (const t of texts) {"
  "    re.lastIndex = 0;"
  "    if (!re.test (t.data)) continue;"
  "    re.lastIndex = 0;"
  "    const frag = document.createDocumentFragment ();"
  "    let last = 0, m;"
  "    while ((m = re.exec (t.data)) !== null) {"
  "      frag.append (t.data.slice (last, m.index));"
  "      const mark = document.createElement ('mark');"
  "      mark.className = 'search-hit';"
  "      mark.textContent = m[0];"
  "      frag.append (mark);"
  "      marks.push (mark);"
  "      last = m.index + m[0].length;"
  "    }"
  "    frag.append (t.data.slice (last));"
  "    t.replaceWith (frag);"
  "  }"
  "}"
  "for (const mark of marks) { const d = mark.closest ('details'); if (d) d.open = true; }"
  "(marks[0] || start).scrollIntoView ({ block: 'center' });"
  "return marks.length;";

static char *
document_of (const char *uri)
{
  return uri != NULL ? g_strndup (uri, strcspn (uri, "#")) : NULL;
}

static void
highlight_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JSCValue) value =
    webkit_web_view_call_async_javascript_function_finish (WEBKIT_WEB_VIEW (source), result, &error);

  if (value == NULL)
    g_debug ("Could not highlight the search hit: %s", error->message);
}

static void
highlight (SdpGuideView       *self,
           const char         *slug,
           const char * const *terms)
{
  g_auto(GVariantDict) args = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *joined = g_strjoinv ("\n", (char **) terms);

  /* WebKit passes only plain values to the function: the words go as one string. */
  g_variant_dict_insert (&args, "slug", "s", slug != NULL ? slug : "");
  g_variant_dict_insert (&args, "terms", "s", joined);
  webkit_web_view_call_async_javascript_function (self->web_view, highlight_js, -1,
                                                  g_variant_dict_end (&args), NULL, NULL, NULL,
                                                  highlight_done_cb, NULL);
}

static void
finish_with_html (WebKitURISchemeRequest *request,
                  char                   *html)
{
  gsize length = strlen (html);
  g_autoptr(GInputStream) stream =
    g_memory_input_stream_new_from_data (html, (gssize) length, g_free);

  webkit_uri_scheme_request_finish (request, stream, (gint64) length, "text/html");
}

/* Serves every sdp-guide:// request. Failures become a readable page in the view rather than
 * WebKit's generic error, so a missing guide says which one and why. */
static void
guide_scheme_request_cb (WebKitURISchemeRequest *request,
                         gpointer                user_data)
{
  WebKitWebView *web_view = webkit_uri_scheme_request_get_web_view (request);
  GtkWidget *ancestor = web_view != NULL
    ? gtk_widget_get_ancestor (GTK_WIDGET (web_view), SDP_TYPE_GUIDE_VIEW) : NULL;
  SdpGuideView *self = ancestor != NULL ? SDP_GUIDE_VIEW (ancestor) : NULL;
  SdpGuidePageStyle style = { NULL, is_dark () };
  g_autoptr(SdpGuidePage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stream = NULL;

  if (self == NULL || self->catalog == NULL)
    {
      g_autoptr(GError) no_view = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                                       "No program is loaded");

      webkit_uri_scheme_request_finish_error (request, no_view);
      return;
    }

  style.stylesheet = self->stylesheet;
  page = sdp_guide_page_load (self->catalog, webkit_uri_scheme_request_get_uri (request), &style,
                              &error);
  if (page == NULL)
    {
      g_warning ("Cannot show %s: %s", webkit_uri_scheme_request_get_uri (request), error->message);
      finish_with_html (request, sdp_guide_page_error_html (_("This page cannot be shown"),
                                                            error->message, &style));
      return;
    }

  stream = g_memory_input_stream_new_from_bytes (page->data);
  webkit_uri_scheme_request_finish (request, stream, (gint64) g_bytes_get_size (page->data),
                                    page->mime_type);
}

static WebKitWebContext *
guide_web_context (void)
{
  static WebKitWebContext *context;

  if (context == NULL)
    {
      context = webkit_web_context_new ();
      webkit_web_context_register_uri_scheme (context, SDP_GUIDE_SCHEME, guide_scheme_request_cb,
                                              NULL, NULL);
      /* Guides are one document each; never keep old pages' processes around for them. */
      webkit_web_context_set_cache_model (context, WEBKIT_CACHE_MODEL_DOCUMENT_VIEWER);
    }
  return context;
}

static gboolean
is_guide_uri (const char *uri)
{
  return uri != NULL && g_str_has_prefix (uri, SDP_GUIDE_SCHEME ":");
}

static gboolean
is_web_uri (const char *uri)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  return scheme != NULL &&
         (g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
          g_str_equal (scheme, "mailto"));
}

/* Only our pages are ever shown. A web link the user clicked goes to their browser (through
 * ::external-link); anything else a page might try is refused. */
static gboolean
decide_policy_cb (SdpGuideView             *self,
                  WebKitPolicyDecision     *decision,
                  WebKitPolicyDecisionType  type,
                  WebKitWebView            *web_view)
{
  WebKitNavigationAction *action;
  const char *uri;

  if (type == WEBKIT_POLICY_DECISION_TYPE_RESPONSE)
    return FALSE;

  action = webkit_navigation_policy_decision_get_navigation_action (
    WEBKIT_NAVIGATION_POLICY_DECISION (decision));
  uri = webkit_uri_request_get_uri (webkit_navigation_action_get_request (action));

  if (is_guide_uri (uri))
    {
      if (type == WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION)
        {
          webkit_policy_decision_use (decision);
          return TRUE;
        }
      /* A guide link asking for a new window opens here instead. */
      webkit_policy_decision_ignore (decision);
      sdp_guide_view_load_uri (self, uri);
      return TRUE;
    }

  webkit_policy_decision_ignore (decision);
  if (webkit_navigation_action_get_navigation_type (action) == WEBKIT_NAVIGATION_TYPE_LINK_CLICKED &&
      is_web_uri (uri))
    g_signal_emit (self, signals[EXTERNAL_LINK], 0, uri);
  else
    g_debug ("Refused to navigate to %s", uri);

  return TRUE;
}

static void
remember_position (SdpGuideView *self)
{
  double *position;

  if (self->current_doc == NULL)
    return;
  position = g_new (double, 1);
  *position = self->scroll_y;
  g_hash_table_insert (self->positions, g_strdup (self->current_doc), position);
}

static void
load_changed_cb (SdpGuideView    *self,
                 WebKitLoadEvent  event,
                 WebKitWebView   *web_view)
{
  const char *uri = webkit_web_view_get_uri (web_view);

  if (event == WEBKIT_LOAD_STARTED)
    {
      remember_position (self);
      return;
    }
  if (event == WEBKIT_LOAD_COMMITTED)
    {
      g_free (self->current_doc);
      self->current_doc = document_of (uri);
      self->scroll_y = 0;
      return;
    }
  if (event != WEBKIT_LOAD_FINISHED)
    return;

  /* A page opened without a section comes back where the reader left it. */
  if (self->pending_scroll < 0 && uri != NULL && strchr (uri, '#') == NULL)
    {
      double *saved = g_hash_table_lookup (self->positions, self->current_doc);

      if (saved != NULL)
        self->pending_scroll = *saved;
    }

  if (self->pending_terms != NULL)
    {
      highlight (self, self->pending_slug, (const char * const *) self->pending_terms);
      g_clear_pointer (&self->pending_terms, g_strfreev);
      g_clear_pointer (&self->pending_slug, g_free);
      self->pending_scroll = -1;
    }

  if (self->pending_scroll > 0)
    {
      g_autofree char *script = g_strdup_printf ("window.scrollTo (0, %.0f);", self->pending_scroll);

      run_js (self, script);
      self->scroll_y = self->pending_scroll;
    }
  else
    self->scroll_y = 0;
  self->pending_scroll = -1;

  g_signal_emit (self, signals[PAGE_LOADED], 0);
}

static void
scroll_message_cb (SdpGuideView              *self,
                   JSCValue                  *value,
                   WebKitUserContentManager  *manager)
{
  if (jsc_value_is_number (value))
    self->scroll_y = MAX (0, jsc_value_to_double (value));
}

static void
forward_notify_cb (SdpGuideView *self,
                   GParamSpec   *pspec,
                   GObject      *object)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "title"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  else if (g_str_equal (name, "uri"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
  else if (g_str_equal (name, "zoom-level"))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
back_forward_changed_cb (SdpGuideView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_BACK]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GO_FORWARD]);
}

/* Switch the palette of the open page in place: reloading would lose the position. */
static void
style_dark_changed_cb (SdpGuideView   *self,
                       GParamSpec     *pspec,
                       AdwStyleManager *manager)
{
  GdkRGBA background;
  gboolean dark = adw_style_manager_get_dark (manager);

  run_js (self, dark ? "document.documentElement.classList.add ('dark');"
                     : "document.documentElement.classList.remove ('dark');");
  gdk_rgba_parse (&background, dark ? "#1e1e1e" : "#ffffff");
  webkit_web_view_set_background_color (self->web_view, &background);
}

static void
found_text_cb (SdpGuideView         *self,
               guint                 count,
               WebKitFindController *controller)
{
  g_autofree char *text = NULL;

  if (count >= FIND_LIMIT)
    text = g_strdup_printf (_("%u+ matches"), FIND_LIMIT);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", count), count);
  gtk_label_set_text (self->match_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
failed_to_find_cb (SdpGuideView         *self,
                   WebKitFindController *controller)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  gtk_label_set_text (self->match_label, *text != '\0' ? _("No matches") : "");
  if (*text != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
search_changed_cb (SdpGuideView *self)
{
  WebKitFindController *finder = webkit_web_view_get_find_controller (self->web_view);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (*text == '\0')
    {
      webkit_find_controller_search_finish (finder);
      gtk_label_set_text (self->match_label, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  webkit_find_controller_search (finder, text,
                                 WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE |
                                 WEBKIT_FIND_OPTIONS_WRAP_AROUND, FIND_LIMIT);
  webkit_find_controller_count_matches (finder, text,
                                        WEBKIT_FIND_OPTIONS_CASE_INSENSITIVE, FIND_LIMIT);
}

static void
search_activate_cb (SdpGuideView *self)
{
  sdp_guide_view_find_next (self);
}

static void
search_stop_cb (SdpGuideView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static gboolean
search_key_pressed_cb (SdpGuideView          *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_SHIFT_MASK))
    {
      sdp_guide_view_find_previous (self);
      return TRUE;
    }
  return FALSE;
}

static void
search_mode_changed_cb (SdpGuideView *self,
                        GParamSpec   *pspec,
                        GtkSearchBar *bar)
{
  if (!gtk_search_bar_get_search_mode (bar))
    {
      webkit_find_controller_search_finish (webkit_web_view_get_find_controller (self->web_view));
      gtk_widget_grab_focus (GTK_WIDGET (self->web_view));
    }
}

static void
sdp_guide_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SdpGuideView *self = SDP_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, sdp_guide_view_get_title (self));
      break;
    case PROP_URI:
      g_value_set_string (value, sdp_guide_view_get_uri (self));
      break;
    case PROP_CAN_GO_BACK:
      g_value_set_boolean (value, sdp_guide_view_can_go_back (self));
      break;
    case PROP_CAN_GO_FORWARD:
      g_value_set_boolean (value, sdp_guide_view_can_go_forward (self));
      break;
    case PROP_ZOOM:
      g_value_set_double (value, sdp_guide_view_get_zoom (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sdp_guide_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SdpGuideView *self = SDP_GUIDE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      sdp_guide_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sdp_guide_view_dispose (GObject *object)
{
  SdpGuideView *self = SDP_GUIDE_VIEW (object);

  /* AdwBin unparents its child (the template's box) itself. */
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->stylesheet, g_free);
  g_clear_pointer (&self->current_doc, g_free);
  g_clear_pointer (&self->positions, g_hash_table_unref);
  g_clear_pointer (&self->pending_slug, g_free);
  g_clear_pointer (&self->pending_terms, g_strfreev);

  G_OBJECT_CLASS (sdp_guide_view_parent_class)->dispose (object);
}

static void
sdp_guide_view_class_init (SdpGuideViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = sdp_guide_view_get_property;
  object_class->set_property = sdp_guide_view_set_property;
  object_class->dispose = sdp_guide_view_dispose;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_BACK] =
    g_param_spec_boolean ("can-go-back", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GO_FORWARD] =
    g_param_spec_boolean ("can-go-forward", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SdpGuideView::external-link:
   * @uri: the http(s) or mailto address the user clicked
   *
   * The view never shows web pages; whoever owns it opens them elsewhere.
   */
  signals[EXTERNAL_LINK] =
    g_signal_new ("external-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[PAGE_LOADED] =
    g_signal_new ("page-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sdp-guide-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SdpGuideView, box);
  gtk_widget_class_bind_template_child (widget_class, SdpGuideView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SdpGuideView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SdpGuideView, match_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, sdp_guide_view_find_next);
  gtk_widget_class_bind_template_callback (widget_class, sdp_guide_view_find_previous);
}

static void
sdp_guide_view_init (SdpGuideView *self)
{
  g_autoptr(WebKitUserContentManager) content = webkit_user_content_manager_new ();
  g_autoptr(WebKitUserScript) script = NULL;
  WebKitSettings *settings;
  WebKitFindController *finder;
  GtkEventController *keys;
  AdwStyleManager *style = adw_style_manager_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_scroll = -1;
  self->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  script = webkit_user_script_new (scroll_reporter_js, WEBKIT_USER_CONTENT_INJECT_TOP_FRAME,
                                   WEBKIT_USER_SCRIPT_INJECT_AT_DOCUMENT_END, NULL, NULL);
  webkit_user_content_manager_add_script (content, script);
  webkit_user_content_manager_register_script_message_handler (content, "sdpScroll", NULL);
  g_signal_connect_object (content, "script-message-received::sdpScroll",
                           G_CALLBACK (scroll_message_cb), self, G_CONNECT_SWAPPED);

  /* Page scripts are off (our pages have none); the app's own scripts still run. */
  settings = webkit_settings_new_with_settings ("enable-javascript", TRUE,
                                                "enable-javascript-markup", FALSE,
                                                "enable-developer-extras", FALSE,
                                                "enable-html5-database", FALSE,
                                                "enable-html5-local-storage", FALSE,
                                                "enable-webaudio", FALSE,
                                                "enable-webgl", FALSE,
                                                "enable-media", FALSE,
                                                "enable-back-forward-navigation-gestures", TRUE,
                                                "enable-smooth-scrolling", TRUE,
                                                NULL);
  /* Without a GPU, compositing in software costs memory and CPU for nothing on static pages. */
  if (g_getenv ("SDP_SOFTWARE_RENDERING") != NULL)
    webkit_settings_set_hardware_acceleration_policy (settings,
                                                      WEBKIT_HARDWARE_ACCELERATION_POLICY_NEVER);

  self->web_view = g_object_new (WEBKIT_TYPE_WEB_VIEW,
                                 "web-context", guide_web_context (),
                                 "user-content-manager", content,
                                 "settings", settings,
                                 "vexpand", TRUE,
                                 "hexpand", TRUE,
                                 NULL);
  g_object_unref (settings);
  gtk_box_append (self->box, GTK_WIDGET (self->web_view));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, NULL);

  g_signal_connect_object (self->web_view, "decide-policy",
                           G_CALLBACK (decide_policy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "load-changed",
                           G_CALLBACK (load_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::title",
                           G_CALLBACK (forward_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::uri",
                           G_CALLBACK (forward_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->web_view, "notify::zoom-level",
                           G_CALLBACK (forward_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (webkit_web_view_get_back_forward_list (self->web_view), "changed",
                           G_CALLBACK (back_forward_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark",
                           G_CALLBACK (style_dark_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_changed_cb), self, G_CONNECT_SWAPPED);

  finder = webkit_web_view_get_find_controller (self->web_view);
  /* "found-text" reports only that something was found; the count comes separately. */
  g_signal_connect_object (finder, "counted-matches", G_CALLBACK (found_text_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (finder, "failed-to-find-text", G_CALLBACK (failed_to_find_cb), self,
                           G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  style_dark_changed_cb (self, NULL, style);
}

void
sdp_guide_view_set_catalog (SdpGuideView *self,
                            SdpCatalog   *catalog)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  g_set_object (&self->catalog, catalog);
}

void
sdp_guide_view_set_stylesheet (SdpGuideView *self,
                               const char   *css)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  g_free (self->stylesheet);
  self->stylesheet = g_strdup (css);
}

void
sdp_guide_view_load_uri (SdpGuideView *self,
                         const char   *uri)
{
  const char *current;

  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  g_return_if_fail (is_guide_uri (uri));

  current = webkit_web_view_get_uri (self->web_view);
  if (g_strcmp0 (current, uri) == 0)
    return;
  webkit_web_view_load_uri (self->web_view, uri);
}

/**
 * sdp_guide_view_restore:
 * @scroll_y: where the reader was, used when @uri has no section of its own
 *
 * Opens @uri where the reader left it.
 */
void
sdp_guide_view_restore (SdpGuideView *self,
                        const char   *uri,
                        double        scroll_y)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  self->pending_scroll = strchr (uri, '#') == NULL ? scroll_y : -1;
  webkit_web_view_load_uri (self->web_view, uri);
}

const char *
sdp_guide_view_get_uri (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), NULL);
  return webkit_web_view_get_uri (self->web_view);
}

const char *
sdp_guide_view_get_title (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), NULL);
  return webkit_web_view_get_title (self->web_view);
}

double
sdp_guide_view_get_scroll_y (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), 0);
  return self->scroll_y;
}

gboolean
sdp_guide_view_can_go_back (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), FALSE);
  return webkit_web_view_can_go_back (self->web_view);
}

gboolean
sdp_guide_view_can_go_forward (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), FALSE);
  return webkit_web_view_can_go_forward (self->web_view);
}

void
sdp_guide_view_go_back (SdpGuideView *self)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  webkit_web_view_go_back (self->web_view);
}

void
sdp_guide_view_go_forward (SdpGuideView *self)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  webkit_web_view_go_forward (self->web_view);
}

void
sdp_guide_view_show_find (SdpGuideView *self)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
sdp_guide_view_find_next (SdpGuideView *self)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    sdp_guide_view_show_find (self);
  else
    webkit_find_controller_search_next (webkit_web_view_get_find_controller (self->web_view));
}

void
sdp_guide_view_find_previous (SdpGuideView *self)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    sdp_guide_view_show_find (self);
  else
    webkit_find_controller_search_previous (webkit_web_view_get_find_controller (self->web_view));
}

double
sdp_guide_view_get_zoom (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), 1.0);
  return webkit_web_view_get_zoom_level (self->web_view);
}

void
sdp_guide_view_set_zoom (SdpGuideView *self,
                         double        zoom)
{
  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  /* Round to the step so repeated zooming in and out returns exactly to 100 %. */
  zoom = CLAMP (round (zoom * 10) / 10, ZOOM_MIN, ZOOM_MAX);
  if (G_APPROX_VALUE (zoom, webkit_web_view_get_zoom_level (self->web_view), 0.001))
    return;
  webkit_web_view_set_zoom_level (self->web_view, zoom);
}

void
sdp_guide_view_zoom_in (SdpGuideView *self)
{
  sdp_guide_view_set_zoom (self, sdp_guide_view_get_zoom (self) + ZOOM_STEP);
}

void
sdp_guide_view_zoom_out (SdpGuideView *self)
{
  sdp_guide_view_set_zoom (self, sdp_guide_view_get_zoom (self) - ZOOM_STEP);
}

/**
 * sdp_guide_view_get_web_view:
 * Returns: (transfer none): the web view, for tests and the window's key handling
 */
WebKitWebView *
sdp_guide_view_get_web_view (SdpGuideView *self)
{
  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), NULL);
  return self->web_view;
}

/**
 * sdp_guide_view_show_search_hit:
 * @uri: the section the hit is in (`sdp-guide://guide#slug`)
 * @query: what was searched for
 *
 * Opens the section and marks the searched words in it.
 */
void
sdp_guide_view_show_search_hit (SdpGuideView *self,
                                const char   *uri,
                                const char   *query)
{
  g_autofree char *doc = document_of (uri);
  const char *hash = strchr (uri, '#');
  g_auto(GStrv) terms = sdp_search_split_terms (query);

  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));

  /* Within the open page there is no load to wait for. */
  if (g_strcmp0 (doc, self->current_doc) == 0 && !webkit_web_view_is_loading (self->web_view))
    {
      highlight (self, hash != NULL ? hash + 1 : NULL, (const char * const *) terms);
      return;
    }

  g_free (self->pending_slug);
  self->pending_slug = g_strdup (hash != NULL ? hash + 1 : NULL);
  g_strfreev (self->pending_terms);
  self->pending_terms = g_steal_pointer (&terms);
  webkit_web_view_load_uri (self->web_view, uri);
}

/**
 * sdp_guide_view_get_positions:
 *
 * Returns: (transfer floating): where the reader was in each page, as `a{sd}`
 */
GVariant *
sdp_guide_view_get_positions (SdpGuideView *self)
{
  GVariantBuilder builder;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (SDP_IS_GUIDE_VIEW (self), NULL);

  remember_position (self);
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_hash_table_iter_init (&iter, self->positions);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (*(double *) value > 0)
      g_variant_builder_add (&builder, "{sd}", key, *(double *) value);
  return g_variant_builder_end (&builder);
}

void
sdp_guide_view_set_positions (SdpGuideView *self,
                              GVariant     *positions)
{
  GVariantIter iter;
  const char *uri;
  double y;

  g_return_if_fail (SDP_IS_GUIDE_VIEW (self));
  g_return_if_fail (g_variant_is_of_type (positions, G_VARIANT_TYPE ("a{sd}")));

  g_variant_iter_init (&iter, positions);
  while (g_variant_iter_next (&iter, "{&sd}", &uri, &y))
    {
      double *position = g_new (double, 1);

      *position = y;
      g_hash_table_insert (self->positions, g_strdup (uri), position);
    }
}
