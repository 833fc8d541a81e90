/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shared by the benchmark programs: statistics over timings in milliseconds. */

double bench_median (GArray *values);
double bench_worst  (GArray *values);
double bench_ms_since (gint64 start_us);

G_END_DECLS
