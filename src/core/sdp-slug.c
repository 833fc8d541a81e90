/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-slug.h"

struct _SdpSlugger
{
  GHashTable *seen; /* slug -> GUINT_TO_POINTER (times used) */
};

char *
sdp_slug_from_text (const char *text)
{
  GString *slug;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  slug = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c == ' ')
        g_string_append_c (slug, '-');
      else if (c == '-' || c == '_' || g_unichar_isalnum (c) || g_unichar_ismark (c))
        g_string_append_unichar (slug, g_unichar_tolower (c));
    }

  return g_string_free (slug, FALSE);
}

SdpSlugger *
sdp_slugger_new (void)
{
  SdpSlugger *slugger = g_new0 (SdpSlugger, 1);

  slugger->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return slugger;
}

void
sdp_slugger_free (SdpSlugger *slugger)
{
  if (slugger == NULL)
    return;
  g_hash_table_unref (slugger->seen);
  g_free (slugger);
}

/* Returns @slug made unique in this document ("x", then "x-1", "x-2"...). */
char *
sdp_slugger_reserve (SdpSlugger *slugger,
                     const char *slug)
{
  char *unique = g_strdup (slug);
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (slugger->seen, slug));

  /* A generated "x-1" may itself collide with a literal heading "x-1": keep counting. */
  while (g_hash_table_contains (slugger->seen, unique))
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", slug, ++n);
    }
  g_hash_table_insert (slugger->seen, g_strdup (slug), GUINT_TO_POINTER (n));
  if (g_strcmp0 (unique, slug) != 0)
    g_hash_table_insert (slugger->seen, g_strdup (unique), GUINT_TO_POINTER (0));

  return unique;
}

char *
sdp_slugger_slug (SdpSlugger *slugger,
                  const char *text)
{
  g_autofree char *base = sdp_slug_from_text (text);

  return sdp_slugger_reserve (slugger, base);
}
