/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "sdp-ics.h"

#include <string.h>

#define FOLD_OCTETS 75

/* TEXT values escape backslash, semicolon, comma and newline (RFC 5545, 3.3.11). */
char *
sdp_ics_escape_text (const char *text)
{
  GString *out = g_string_new (NULL);
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (out, "\\\\"); break;
        case ';': g_string_append (out, "\\;"); break;
        case ',': g_string_append (out, "\\,"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': break;
        default: g_string_append_c (out, *p); break;
        }
    }
  return g_string_free (out, FALSE);
}

/* Appends @line with CRLF, folded so no physical line exceeds 75 octets, never inside a
 * UTF-8 character (RFC 5545, 3.1): continuation lines start with one space. */
void
sdp_ics_append_line (GString    *out,
                     const char *line)
{
  const char *p = line;
  gsize limit = FOLD_OCTETS;

  while (strlen (p) > limit)
    {
      const char *cut = p + limit;

      while (cut > p && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, p, cut - p);
      g_string_append (out, "\r\n ");
      p = cut;
      limit = FOLD_OCTETS - 1; /* the leading space counts */
    }
  g_string_append (out, p);
  g_string_append (out, "\r\n");
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *line = g_strconcat (name, ":", value, NULL);

  sdp_ics_append_line (out, line);
}

/**
 * sdp_ics_from_plan:
 * @now: when the file is made (DTSTAMP)
 *
 * Returns: (transfer full): the calendar
 */
char *
sdp_ics_from_plan (SdpPlan   *plan,
                   GDateTime *now)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  guint i, j, k;

  sdp_ics_append_line (out, "BEGIN:VCALENDAR");
  sdp_ics_append_line (out, "VERSION:2.0");
  sdp_ics_append_line (out, "PRODID:-//System Design Prep//Study Plan//EN");
  sdp_ics_append_line (out, "CALSCALE:GREGORIAN");
  sdp_ics_append_line (out, "X-WR-CALNAME:System Design Prep");

  for (i = 0; i < sdp_plan_get_n_dates (plan); i++)
    {
      const SdpPlanDate *date = sdp_plan_get_date (plan, i);
      GString *summary = g_string_new ("System Design Prep: ");
      GString *description = g_string_new (NULL);
      g_autofree char *escaped_summary = NULL;
      g_autofree char *escaped_description = NULL;
      char day[16], next_day[16];
      GDate next = date->date;
      int minutes = 0;

      if (date->days->len == 0)
        {
          g_string_free (summary, TRUE);
          g_string_free (description, TRUE);
          continue;
        }

      for (j = 0; j < date->days->len; j++)
        {
          const SdpDay *program_day = g_ptr_array_index (date->days, j);

          g_string_append_printf (summary, "%s%s", j > 0 ? " + " : "", program_day->title);
          for (k = 0; k < program_day->tasks->len; k++)
            {
              const SdpTask *task = g_ptr_array_index (program_day->tasks, k);

              g_string_append_printf (description, "%s- %s (%d min)", description->len > 0 ? "\n" : "",
                                      task->title, task->minutes);
              minutes += task->minutes;
            }
        }
      g_string_append_printf (description, "\nAbout %d minutes in all.", minutes);

      g_date_strftime (day, sizeof day, "%Y%m%d", &date->date);
      g_date_add_days (&next, 1);
      g_date_strftime (next_day, sizeof next_day, "%Y%m%d", &next);
      escaped_summary = sdp_ics_escape_text (summary->str);
      escaped_description = sdp_ics_escape_text (description->str);

      sdp_ics_append_line (out, "BEGIN:VEVENT");
      {
        g_autofree char *uid = g_strdup_printf ("%s-%s@sdprep.github.io", day,
                                                ((SdpDay *) g_ptr_array_index (date->days, 0))->id);

        append_property (out, "UID", uid);
      }
      append_property (out, "DTSTAMP", stamp);
      append_property (out, "DTSTART;VALUE=DATE", day);
      append_property (out, "DTEND;VALUE=DATE", next_day);
      append_property (out, "SUMMARY", escaped_summary);
      append_property (out, "DESCRIPTION", escaped_description);
      append_property (out, "TRANSP", "TRANSPARENT");
      sdp_ics_append_line (out, "END:VEVENT");

      g_string_free (summary, TRUE);
      g_string_free (description, TRUE);
    }

  sdp_ics_append_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}
