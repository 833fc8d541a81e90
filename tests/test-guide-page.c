/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <string.h>

#include "sdp-guide-page.h"

static SdpCatalog *
shipped_catalog (void)
{
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  SdpCatalog *catalog = sdp_catalog_new_from_file (file, &error);

  g_assert_no_error (error);
  return catalog;
}

static const char *
page_text (SdpGuidePage *page)
{
  return g_bytes_get_data (page->data, NULL);
}

static void
test_guide (void)
{
  g_autoptr(SdpCatalog) catalog = shipped_catalog ();
  SdpGuidePageStyle style = { "body { color: black; }", FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpGuidePage) page = sdp_guide_page_load (catalog, "sdp-guide://phase-1-fundamentals#dns",
                                                      &style, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (page->mime_type, ==, "text/html");
  g_assert_cmpstr (page->title, ==, "Phase 1 — Fundamentals");
  g_assert_true (g_str_has_prefix (page_text (page), "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (page_text (page), "<title>Phase 1 — Fundamentals</title>"));
  g_assert_nonnull (strstr (page_text (page), "Content-Security-Policy"));
  g_assert_nonnull (strstr (page_text (page), "default-src 'none'"));
  g_assert_nonnull (strstr (page_text (page), "body { color: black; }"));
  g_assert_nonnull (strstr (page_text (page), "<h2 id=\"dns\">"));
  g_assert_null (strstr (page_text (page), "class=\"dark\""));
}

static void
test_dark (void)
{
  g_autoptr(SdpCatalog) catalog = shipped_catalog ();
  SdpGuidePageStyle style = { "", TRUE };
  g_autoptr(SdpGuidePage) page = sdp_guide_page_load (catalog, "sdp-guide://main-guide", &style, NULL);

  g_assert_nonnull (strstr (page_text (page), "<html lang=\"en\" class=\"dark\">"));
}

static void
test_week (void)
{
  g_autoptr(SdpCatalog) catalog = shipped_catalog ();
  SdpGuidePageStyle style = { "", FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpGuidePage) page = sdp_guide_page_load (catalog, "sdp-guide://week-01", &style, &error);
  const SdpWeek *week = sdp_catalog_find_week (catalog, "week-01");
  const SdpDay *day = g_ptr_array_index (week->days, 0);
  const SdpTask *task = g_ptr_array_index (day->tasks, 0);
  g_autofree char *day_heading = g_strdup_printf ("<h2 id=\"%s\">Day 1: ", day->id);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (page->title, "Week 1 — "));
  g_assert_nonnull (strstr (page_text (page), day_heading));
  g_assert_nonnull (strstr (page_text (page), task->title));
  g_assert_nonnull (strstr (page_text (page), "href=\"sdp-guide://phase-1-fundamentals\""));
}

static void
test_uri_for_id (void)
{
  g_autoptr(SdpCatalog) catalog = shipped_catalog ();
  g_autofree char *guide = sdp_guide_page_uri_for_id (catalog, "quick-reference");
  g_autofree char *phase = sdp_guide_page_uri_for_id (catalog, "phase-1");
  g_autofree char *week = sdp_guide_page_uri_for_id (catalog, "week-03");
  g_autofree char *day = sdp_guide_page_uri_for_id (catalog, "w02-d3");
  g_autofree char *none = sdp_guide_page_uri_for_id (catalog, "nothing");

  g_assert_cmpstr (guide, ==, "sdp-guide://quick-reference");
  g_assert_cmpstr (phase, ==, "sdp-guide://phase-1-fundamentals");
  g_assert_cmpstr (week, ==, "sdp-guide://week-03");
  g_assert_cmpstr (day, ==, "sdp-guide://week-02#w02-d3");
  g_assert_null (none);
}

static void
test_errors (void)
{
  g_autoptr(SdpCatalog) catalog = shipped_catalog ();
  SdpGuidePageStyle style = { "", FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpGuidePage) unknown = sdp_guide_page_load (catalog, "sdp-guide://no-such-guide", &style,
                                                         &error);
  g_autoptr(SdpGuidePage) other = NULL;
  g_autoptr(SdpGuidePage) escape = NULL;
  g_autofree char *html = NULL;

  g_assert_null (unknown);
  g_assert_error (error, SDP_CATALOG_ERROR, SDP_CATALOG_ERROR_MISSING_GUIDE);
  g_assert_nonnull (strstr (error->message, "no-such-guide"));
  g_clear_error (&error);

  other = sdp_guide_page_load (catalog, "https://example.com/", &style, &error);
  g_assert_null (other);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  escape = sdp_guide_page_load (catalog, "sdp-guide://asset/%2E%2E/%2E%2E/meson.build", &style,
                                &error);
  g_assert_null (escape);
  g_assert_nonnull (error);
  g_clear_error (&error);

  html = sdp_guide_page_error_html ("Guide <missing>", "It & it", &style);
  g_assert_nonnull (strstr (html, "<h1 id=\"error\">Guide &lt;missing&gt;</h1>"));
  g_assert_nonnull (strstr (html, "<p>It &amp; it</p>"));
}

static void
test_asset (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sdp-assets-XXXXXX", NULL);
  g_autofree char *images = g_build_filename (dir, "guides", "images", NULL);
  g_autofree char *svg_path = g_build_filename (images, "dot.svg", NULL);
  g_autofree char *secret = g_build_filename (dir, "secret.svg", NULL);
  g_autofree char *program_path = g_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autofree char *program = NULL;
  g_autoptr(GFile) base = g_file_new_for_path (dir);
  g_autoptr(SdpCatalog) catalog = NULL;
  SdpGuidePageStyle style = { "", FALSE };
  const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>";
  static const char * const refused[] = {
    "sdp-guide://asset/../secret.svg",
    "sdp-guide://asset/%2E%2E/secret.svg",
    "sdp-guide://asset/images/%2E%2E/%2E%2E/secret.svg",
    "sdp-guide://asset/main-guide.md",
    "sdp-guide://asset/",
    "sdp-guide://asset",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpGuidePage) page = NULL;
  guint i;

  g_assert_cmpint (g_mkdir_with_parents (images, 0700), ==, 0);
  g_assert_true (g_file_set_contents (svg_path, svg, -1, NULL));
  g_assert_true (g_file_set_contents (secret, svg, -1, NULL));
  g_assert_true (g_file_get_contents (program_path, &program, NULL, NULL));
  catalog = sdp_catalog_new_from_data (program, -1, "program.json", base, &error);
  g_assert_no_error (error);

  page = sdp_guide_page_load (catalog, "sdp-guide://asset/images/dot.svg", &style, &error);
  g_assert_no_error (error);
  g_assert_null (page->title);
  g_assert_cmpstr (page->mime_type, ==, "image/svg+xml");
  g_assert_cmpuint (g_bytes_get_size (page->data), ==, strlen (svg));

  /* Nothing outside the guides' folder, and nothing that is not an image. */
  for (i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(SdpGuidePage) bad = sdp_guide_page_load (catalog, refused[i], &style, &error);

      if (bad != NULL)
        g_error ("%s was served", refused[i]);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  g_unlink (svg_path);
  g_unlink (secret);
  g_rmdir (images);
  {
    g_autofree char *guides = g_path_get_dirname (images);

    g_rmdir (guides);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guide-page/guide", test_guide);
  g_test_add_func ("/guide-page/dark", test_dark);
  g_test_add_func ("/guide-page/week", test_week);
  g_test_add_func ("/guide-page/uri-for-id", test_uri_for_id);
  g_test_add_func ("/guide-page/errors", test_errors);
  g_test_add_func ("/guide-page/asset", test_asset);

  return g_test_run ();
}
