/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "sdp-markdown.h"
#include "sdp-slug.h"

static SdpMarkdownResult *
render (const char *markdown)
{
  return sdp_markdown_render (markdown, strlen (markdown));
}

#define assert_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) == NULL) \
      g_error ("“%s” not found in:\n%s", (needle), (haystack)); \
  } G_STMT_END

#define assert_not_contains(haystack, needle) \
  G_STMT_START { \
    if (strstr ((haystack), (needle)) != NULL) \
      g_error ("“%s” unexpectedly found in:\n%s", (needle), (haystack)); \
  } G_STMT_END

static void
test_slug_rules (void)
{
  static const struct { const char *text; const char *slug; } cases[] = {
    { "DNS", "dns" },
    { "TCP, UDP and HTTP", "tcp-udp-and-http" },
    { "CAP, PACELC and consistency", "cap-pacelc-and-consistency" },
    { "The running case study: Brewline", "the-running-case-study-brewline" },
    { "Phase 1 — Fundamentals", "phase-1--fundamentals" },
    { "OAuth 2.0, OpenID Connect and SSO", "oauth-20-openid-connect-and-sso" },
    { "Event-driven architecture and pub/sub", "event-driven-architecture-and-pubsub" },
    { "snake_case stays", "snake_case-stays" },
    { "Café Größe", "café-größe" },
    { "", "" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *slug = sdp_slug_from_text (cases[i].text);

      g_assert_cmpstr (slug, ==, cases[i].slug);
    }
}

static void
test_slug_duplicates (void)
{
  g_autoptr(SdpSlugger) slugger = sdp_slugger_new ();
  g_autofree char *a = sdp_slugger_slug (slugger, "Exercises");
  g_autofree char *b = sdp_slugger_slug (slugger, "Exercises");
  g_autofree char *c = sdp_slugger_slug (slugger, "Exercises-1");
  g_autofree char *d = sdp_slugger_slug (slugger, "Exercises");

  g_assert_cmpstr (a, ==, "exercises");
  g_assert_cmpstr (b, ==, "exercises-1");
  /* A literal heading that collides with a generated slug must not reuse it. */
  g_assert_cmpstr (c, ==, "exercises-1-1");
  g_assert_cmpstr (d, ==, "exercises-2");
}

/* The same document always gets the same anchors: links stored in progress or bookmarks
 * depend on it. */
static void
test_slug_stability (void)
{
  const char *md = "# Title\n\n## Caching\n\ntext\n\n## Caching\n\n### Why *this* `works`\n";
  g_autoptr(SdpMarkdownResult) first = render (md);
  g_autoptr(SdpMarkdownResult) second = render (md);
  guint i;

  g_assert_cmpstr (first->html, ==, second->html);
  g_assert_cmpuint (first->headings->len, ==, 4);
  for (i = 0; i < first->headings->len; i++)
    {
      SdpHeading *a = g_ptr_array_index (first->headings, i);
      SdpHeading *b = g_ptr_array_index (second->headings, i);

      g_assert_cmpstr (a->slug, ==, b->slug);
    }
  g_assert_cmpstr (((SdpHeading *) g_ptr_array_index (first->headings, 1))->slug, ==, "caching");
  g_assert_cmpstr (((SdpHeading *) g_ptr_array_index (first->headings, 2))->slug, ==, "caching-1");
  g_assert_cmpstr (((SdpHeading *) g_ptr_array_index (first->headings, 3))->slug, ==,
                   "why-this-works");
  g_assert_cmpstr (((SdpHeading *) g_ptr_array_index (first->headings, 3))->text, ==,
                   "Why this works");
}

static void
test_headings (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("# Phase 1 — Fundamentals\n\n## DNS &amp; TTLs\n\n"
                                           "## Day 1: Start {#w01-d1}\n");
  SdpHeading *dns = g_ptr_array_index (r->headings, 1);
  SdpHeading *day = g_ptr_array_index (r->headings, 2);

  g_assert_cmpstr (r->title, ==, "Phase 1 — Fundamentals");
  assert_contains (r->html, "<h1 id=\"phase-1--fundamentals\">Phase 1 — Fundamentals</h1>");
  g_assert_cmpstr (dns->text, ==, "DNS & TTLs");
  g_assert_cmpstr (dns->slug, ==, "dns--ttls");
  assert_contains (r->html, "<h2 id=\"dns--ttls\">DNS &amp; TTLs<a class=\"heading-anchor\" "
                   "href=\"#dns--ttls\"");
  /* An explicit id wins and is not shown. */
  g_assert_cmpstr (day->slug, ==, "w01-d1");
  assert_contains (r->html, "<h2 id=\"w01-d1\">Day 1: Start<a");
  assert_not_contains (r->html, "{#");
}

static void
test_tables (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("| Nines | Downtime |\n|:--|--:|\n| 99.9% | 8.76 h |\n"
                                           "| 99.99% | 52.6 min |\n");

  assert_contains (r->html, "<div class=\"table-wrap\"><table>");
  assert_contains (r->html, "<thead>\n<tr><th class=\"align-left\">Nines</th>"
                   "<th class=\"align-right\">Downtime</th></tr>");
  assert_contains (r->html, "<tr><td class=\"align-left\">99.99%</td>"
                   "<td class=\"align-right\">52.6 min</td></tr>");
  assert_contains (r->html, "</table></div>");
}

static void
test_github_extensions (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("- [x] done\n- [ ] open\n\n~~old~~ and "
                                           "https://example.com/x\n\n```sql\nSELECT 1 < 2;\n```\n");

  assert_contains (r->html, "<li class=\"task-list-item\"><input type=\"checkbox\" disabled checked> done");
  assert_contains (r->html, "<li class=\"task-list-item\"><input type=\"checkbox\" disabled> open");
  assert_contains (r->html, "<del>old</del>");
  assert_contains (r->html, "<a href=\"https://example.com/x\" class=\"external\">");
  assert_contains (r->html, "<pre><code class=\"language-sql\">SELECT 1 &lt; 2;\n</code></pre>");
}

static void
test_link_rewriting (void)
{
  static const struct { const char *href; const char *expected; } cases[] = {
    { "phase-3-data-management.md", "sdp-guide://phase-3-data-management" },
    { "phase-3-data-management.md#replication", "sdp-guide://phase-3-data-management#replication" },
    { "./guides/quick-reference.md#latency-numbers", "sdp-guide://quick-reference#latency-numbers" },
    { "#dns", "#dns" },
    { "https://www.rfc-editor.org/rfc/rfc9000", "https://www.rfc-editor.org/rfc/rfc9000" },
    { "mailto:someone@example.com", "mailto:someone@example.com" },
    { "sdp-guide://main-guide", "sdp-guide://main-guide" },
    { "images/phase-1.svg", "sdp-guide://asset/images/phase-1.svg" },
    { "www.example.com", "http://www.example.com" },
    { "javascript:alert(1)", NULL },
    { "JavaScript:alert(1)", NULL },
    { "file:///etc/passwd", NULL },
    { "data:text/html,<script>", NULL },
    { "../../../etc/passwd", NULL },
    { "/etc/passwd", NULL },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *rewritten = sdp_markdown_rewrite_link (cases[i].href);

      g_assert_cmpstr (rewritten, ==, cases[i].expected);
    }
}

static void
test_links_in_html (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("See [DNS](phase-1-fundamentals.md#dns), "
                                           "[bad](javascript:alert(1)) and "
                                           "[q](a.md \"Say \\\"hi\\\"\").\n\n"
                                           "![a *diagram*](images/x.svg) ![remote](https://e.com/y.png)\n");

  assert_contains (r->html, "<a href=\"sdp-guide://phase-1-fundamentals#dns\">DNS</a>");
  assert_contains (r->html, "<a>bad</a>");
  assert_contains (r->html, "<a href=\"sdp-guide://a\" title=\"Say &quot;hi&quot;\">q</a>");
  assert_contains (r->html, "<img src=\"sdp-guide://asset/images/x.svg\" alt=\"a diagram\">");
  /* Remote images would be a network load: the source is dropped. */
  assert_contains (r->html, "<img alt=\"remote\">");
  assert_not_contains (r->html, "javascript");
  assert_not_contains (r->html, "e.com/y.png");
}

static void
test_raw_html_filter (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("<details><summary>Answer</summary>\n\n**42**\n\n</details>\n\n"
                                           "<script>alert(1)</script>\n\n"
                                           "Inline <span onclick=\"x()\">span</span>, <kbd>Ctrl</kbd>, "
                                           "<img src=x onerror=alert(1)> and <!-- hidden -->.\n\n"
                                           "<iframe src=\"https://evil.example\"></iframe>\n");

  assert_contains (r->html, "<details><summary>Answer</summary>");
  assert_contains (r->html, "<p><strong>42</strong></p>");
  assert_contains (r->html, "</details>");
  assert_contains (r->html, "&lt;script&gt;alert(1)&lt;/script&gt;");
  assert_contains (r->html, "&lt;span onclick=&quot;x()&quot;&gt;span&lt;/span&gt;");
  assert_contains (r->html, "<kbd>Ctrl</kbd>");
  assert_contains (r->html, "&lt;img src=x onerror=alert(1)&gt;");
  assert_contains (r->html, "&lt;iframe");
  assert_not_contains (r->html, "<script");
  assert_not_contains (r->html, "<iframe");
  assert_not_contains (r->html, "<span");
  assert_not_contains (r->html, "hidden");
}

static void
test_callouts (void)
{
  g_autoptr(SdpMarkdownResult) r = render ("> [!TIP]\n> Estimate *first*.\n\n"
                                           "> [!WARNING]\n>\n> Second paragraph.\n\n"
                                           "> Plain quote [!NOTE] stays.\n");

  assert_contains (r->html, "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">"
                   "Tip</p>\n<p>Estimate <em>first</em>.</p>\n</div>");
  assert_contains (r->html, "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">"
                   "Warning</p>\n<p>Second paragraph.</p>\n</div>");
  assert_contains (r->html, "<blockquote>\n<p>Plain quote [!NOTE] stays.</p>\n</blockquote>");
  assert_not_contains (r->html, "[!TIP]");
}

static void
test_hostile_input (void)
{
  /* Deep nesting, NUL bytes and unterminated constructs must render without crashing. */
  g_autoptr(GString) md = g_string_new (NULL);
  g_autoptr(SdpMarkdownResult) r = NULL;
  const char with_nul[] = "a\0b <details";
  g_autoptr(SdpMarkdownResult) r2 = sdp_markdown_render (with_nul, sizeof with_nul - 1);
  int i;

  for (i = 0; i < 2000; i++)
    g_string_append (md, "> ");
  g_string_append (md, "- [ ] *a **b [c](d.md");
  r = sdp_markdown_render (md->str, md->len);
  g_assert_nonnull (r->html);

  assert_contains (r2->html, "a\xEF\xBF\xBD" "b &lt;details");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/slug/rules", test_slug_rules);
  g_test_add_func ("/markdown/slug/duplicates", test_slug_duplicates);
  g_test_add_func ("/markdown/slug/stability", test_slug_stability);
  g_test_add_func ("/markdown/headings", test_headings);
  g_test_add_func ("/markdown/tables", test_tables);
  g_test_add_func ("/markdown/github-extensions", test_github_extensions);
  g_test_add_func ("/markdown/links/rewrite", test_link_rewriting);
  g_test_add_func ("/markdown/links/html", test_links_in_html);
  g_test_add_func ("/markdown/raw-html", test_raw_html_filter);
  g_test_add_func ("/markdown/callouts", test_callouts);
  g_test_add_func ("/markdown/hostile-input", test_hostile_input);

  return g_test_run ();
}
