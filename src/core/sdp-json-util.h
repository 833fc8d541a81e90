/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a JSON value is, for error messages: "a string", "an integer", "an array", ... */
const char *sdp_json_describe_node (JsonNode *node);

G_END_DECLS
