/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-search: time to build the full-text index over every guide, and query latency over
 * the whole corpus (median and worst of 100 queries). One figure per line: name value unit. */

#include "bench-util.h"
#include "sdp-search-index.h"

#define BUILD_RUNS 5
#define QUERIES    100

int
main (int   argc,
      char *argv[])
{
  static const char * const queries[] = {
    "consistent hashing", "saga", "token bucket", "SLO", "cache", "replication lag", "quorum",
    "circuit breaker", "idempotency key", "geohash", "leader election", "JWT", "OAuth", "p99",
    "sharding", "write-through", "kafka", "websocket", "bloom filter", "error budget",
    "availability nines", "dns ttl", "load balancer", "cdn", "rate limit", "mvcc", "raft",
    "back of the envelope", "brewline loyalty", "c",
  };
  g_autoptr(GFile) file = g_file_new_build_filename (SDP_SOURCE_CONTENT_DIR, "program.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SdpCatalog) catalog = sdp_catalog_new_from_file (file, &error);
  g_autoptr(GArray) builds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SdpSearchIndex) index = NULL;
  guint i, total_hits = 0;

  if (catalog == NULL)
    g_error ("%s", error->message);

  for (i = 0; i < BUILD_RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      g_clear_object (&index);
      index = sdp_search_index_build (catalog, NULL, &error);
      if (index == NULL)
        g_error ("%s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (builds, ms);
    }

  for (i = 0; i < QUERIES; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) hits = sdp_search_index_query (index, queries[i % G_N_ELEMENTS (queries)],
                                                         50, NULL);
      double ms = (g_get_monotonic_time () - start) / 1000.0;

      total_hits += hits->len;
      g_array_append_val (times, ms);
    }

  g_printerr ("# %u sections indexed; %u hits over %d queries\n",
              sdp_search_index_get_n_sections (index), total_hits, QUERIES);
  g_print ("search.index_build_ms.median %.1f ms\n", bench_median (builds));
  g_print ("search.sections %u count\n", sdp_search_index_get_n_sections (index));
  g_print ("search.query_ms.median %.3f ms\n", bench_median (times));
  g_print ("search.query_ms.worst %.3f ms\n", bench_worst (times));
  return 0;
}
