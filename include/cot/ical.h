/* The deadline list as an RFC 5545 iCalendar, built and written by libical (loaded with dlopen). */
#ifndef COT_ICAL_H
#define COT_ICAL_H

#include <stddef.h>
#include <time.h>
#include "cot/deadline.h"
#include "cot/exit.h"

#define ICAL_ALARM_DAYS 14 /* the alarm: two weeks before, room for eHealth's 10 days */
#define ICAL_PRODID "-//cot//BelRAI circle of trust//EN"

/*
 * Loads libical (libical.so.3) once; safe from any thread. COT_OK, or COT_ENV naming
 * the library when it is missing or lacks a function. cot is not linked with it.
 */
int ical_load(struct cot_err *err);

/*
 * Writes l as a VCALENDAR: one all-day VEVENT per deadline, UID its uid + "@cot"
 * (stable: a re-import updates the event), SUMMARY and DESCRIPTION in the language
 * spoken (i18n.h), DTSTAMP now (UTC), SEQUENCE the minutes from 2020-01-01 to now (a
 * later export always supersedes an earlier one: no state is kept between runs), and
 * a DISPLAY alarm ICAL_ALARM_DAYS days before. CRLF line ends, lines folded at 75
 * octets, text escaped (libical). *out (NUL-terminated, *len bytes) is the caller's to
 * free. COT_ENV when libical cannot be loaded or memory runs out.
 */
int ical_write(
	const struct deadline_list *l, time_t now, char **out, size_t *len, struct cot_err *err);

#endif
