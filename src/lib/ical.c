/* The deadline list as an iCalendar: libical, resolved with dlopen, builds and writes it. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/clock.h"
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/ical.h"

#define SEQUENCE_EPOCH 1577836800 /* 2020-01-01T00:00:00Z */

/* The functions of libical cot calls: it is only compiled with its headers. */
static struct {
	icalcomponent *(*component_new)(icalcomponent_kind kind);
	void (*component_free)(icalcomponent *c);
	void (*component_add_property)(icalcomponent *c, icalproperty *p);
	void (*component_add_component)(icalcomponent *parent, icalcomponent *child);
	char *(*component_as_ical_string_r)(icalcomponent *c);
	void (*memory_free_buffer)(void *buf);
	void (*error_set_errors_are_fatal)(int fatal);
	icaltimezone *(*timezone_get_utc_timezone)(void);
	struct icaltimetype (*time_from_timet_with_zone)(
		const time_t tm, const int is_date, const icaltimezone *zone);
	icalproperty *(*new_prodid)(const char *v);
	icalproperty *(*new_version)(const char *v);
	icalproperty *(*new_calscale)(const char *v);
	icalproperty *(*new_uid)(const char *v);
	icalproperty *(*new_summary)(const char *v);
	icalproperty *(*new_description)(const char *v);
	icalproperty *(*new_dtstart)(struct icaltimetype v);
	icalproperty *(*new_dtstamp)(struct icaltimetype v);
	icalproperty *(*new_sequence)(int v);
	icalproperty *(*new_action)(enum icalproperty_action v);
	icalproperty *(*new_trigger)(struct icaltriggertype v);
	icalproperty *(*new_categories)(const char *v);
} ical;

#define SYM(name, slot)                                                                            \
	{                                                                                          \
		name, (void **)&ical.slot                                                          \
	}

static const struct dl_sym syms[] = {
	SYM("icalcomponent_new", component_new),
	SYM("icalcomponent_free", component_free),
	SYM("icalcomponent_add_property", component_add_property),
	SYM("icalcomponent_add_component", component_add_component),
	SYM("icalcomponent_as_ical_string_r", component_as_ical_string_r),
	SYM("icalmemory_free_buffer", memory_free_buffer),
	SYM("icalerror_set_errors_are_fatal", error_set_errors_are_fatal),
	SYM("icaltimezone_get_utc_timezone", timezone_get_utc_timezone),
	SYM("icaltime_from_timet_with_zone", time_from_timet_with_zone),
	SYM("icalproperty_new_prodid", new_prodid),
	SYM("icalproperty_new_version", new_version),
	SYM("icalproperty_new_calscale", new_calscale),
	SYM("icalproperty_new_uid", new_uid),
	SYM("icalproperty_new_summary", new_summary),
	SYM("icalproperty_new_description", new_description),
	SYM("icalproperty_new_dtstart", new_dtstart),
	SYM("icalproperty_new_dtstamp", new_dtstamp),
	SYM("icalproperty_new_sequence", new_sequence),
	SYM("icalproperty_new_action", new_action),
	SYM("icalproperty_new_trigger", new_trigger),
	SYM("icalproperty_new_categories", new_categories),
};

static struct dl_lib ical_lib = {
	.soname = "libical.so.3",
	.needed_for = N_("calendars"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int ical_load(struct cot_err *err)
{
	int rc = dl_load(&ical_lib, err);

	/* a libical built to abort on a bad value must not end cot */
	if (!rc)
		ical.error_set_errors_are_fatal(0);
	return rc;
}

/* Adds p to c; false when p could not be made (out of memory). */
static bool add(icalcomponent *c, icalproperty *p)
{
	if (!p)
		return false;
	ical.component_add_property(c, p);
	return true;
}

static const char *summary_of(const struct deadline *d)
{
	switch (d->kind) {
	case DL_CERT_RENEWAL:
		return _("the certificate's renewal window closes");
	case DL_CERT_REQUEST:
		return _("the requested certificate is due from eHealth");
	case DL_WAIVER:
		return _("a waiver expires");
	case DL_REVIEW:
		return _("a review falls due");
	case DL_TYPICAL_END:
		return _("the typical 3 to 6 months of the procedure end");
	}
	return "";
}

/* The SUMMARY: what falls due, and its subject ("a review falls due: GOV-01"). */
static void summary(const struct deadline *d, char *out, size_t len)
{
	if (d->subject)
		snprintf(out, len, _("cot: %s: %s"), summary_of(d), d->subject);
	else
		snprintf(out, len, _("cot: %s"), summary_of(d));
}

/* The DESCRIPTION: deadline_text, then when a window opens, its owner and its source. */
static void description(const struct deadline *d, char *out, size_t len)
{
	char text[512];
	size_t n;

	deadline_text(d, text, sizeof(text));
	n = (size_t)snprintf(out, len, "%s", text);
	if (d->opens[0] && n < len)
		n += (size_t)snprintf(out + n, len - n, _("\nopens: %s"), d->opens);
	if (d->owner && n < len)
		n += (size_t)snprintf(out + n, len - n, _("\nowner: %s"), d->owner);
	if (d->file && n < len)
		snprintf(out + n, len - n, _("\nsource: %s:%u"), d->file, d->at.line);
}

/* An all-day date (VALUE=DATE) from "YYYY-MM-DD". */
static struct icaltimetype day_of(const char *date)
{
	time_t at;

	if (!date_parse(date, &at))
		abort(); /* deadline.h promises YYYY-MM-DD: a bug otherwise */
	return ical.time_from_timet_with_zone(at, 1, NULL);
}

static icalcomponent *alarm(const char *text)
{
	icalcomponent *a = ical.component_new(ICAL_VALARM_COMPONENT);
	struct icaltriggertype tr;

	if (!a)
		return NULL;
	memset(&tr, 0, sizeof(tr));
	tr.duration.is_neg = 1;
	tr.duration.days = ICAL_ALARM_DAYS;
	if (!add(a, ical.new_action(ICAL_ACTION_DISPLAY)) || !add(a, ical.new_trigger(tr)) ||
		!add(a, ical.new_description(text))) {
		ical.component_free(a);
		return NULL;
	}
	return a;
}

static icalcomponent *event(const struct deadline *d, struct icaltimetype stamp, int seq)
{
	icalcomponent *e = ical.component_new(ICAL_VEVENT_COMPONENT), *a;
	char uid[sizeof(d->uid) + 8], sum[512], desc[2048];

	if (!e)
		return NULL;
	snprintf(uid, sizeof(uid), "%s@cot", d->uid);
	summary(d, sum, sizeof(sum));
	description(d, desc, sizeof(desc));
	if (!add(e, ical.new_uid(uid)) || !add(e, ical.new_dtstamp(stamp)) ||
		!add(e, ical.new_sequence(seq)) || !add(e, ical.new_dtstart(day_of(d->date))) ||
		!add(e, ical.new_summary(sum)) || !add(e, ical.new_description(desc)) ||
		!add(e, ical.new_categories(deadline_kind_name(d->kind))) || !(a = alarm(sum))) {
		ical.component_free(e);
		return NULL;
	}
	ical.component_add_component(e, a);
	return e;
}

static icalcomponent *calendar(const struct deadline_list *l, time_t now)
{
	icalcomponent *c = ical.component_new(ICAL_VCALENDAR_COMPONENT), *e;
	struct icaltimetype stamp =
		ical.time_from_timet_with_zone(now, 0, ical.timezone_get_utc_timezone());
	int seq = now > SEQUENCE_EPOCH ? (int)((now - SEQUENCE_EPOCH) / 60) : 0;

	if (!c)
		return NULL;
	if (!add(c, ical.new_prodid(ICAL_PRODID)) || !add(c, ical.new_version("2.0")) ||
		!add(c, ical.new_calscale("GREGORIAN"))) {
		ical.component_free(c);
		return NULL;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!(e = event(&l->v[i], stamp, seq))) {
			ical.component_free(c);
			return NULL;
		}
		ical.component_add_component(c, e);
	}
	return c;
}

int ical_write(
	const struct deadline_list *l, time_t now, char **out, size_t *len, struct cot_err *err)
{
	icalcomponent *c;
	char *text;
	int rc = ical_load(err);

	*out = NULL;
	*len = 0;
	if (rc)
		return rc;
	if (!(c = calendar(l, now)))
		return cot_err_nomem(err);
	text = ical.component_as_ical_string_r(c);
	ical.component_free(c);
	if (!text)
		return cot_err_nomem(err);
	*len = strlen(text);
	*out = malloc(*len + 1);
	if (*out)
		memcpy(*out, text, *len + 1);
	ical.memory_free_buffer(text);
	return *out ? COT_OK : cot_err_nomem(err);
}
