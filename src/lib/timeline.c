/* The procedure as a picture for the HTML pages: steps, today, the typical band and deadlines in
 * SVG. */
#include <stdio.h>
#include <string.h>
#include "cot/clock.h"
#include "cot/i18n.h"
#include "cot/timeline.h"
#include "report-xml.h"

#define DAY 86400L
#define VIEW_W 1000 /* the SVG's user units; it is stretched to its container */
#define VIEW_H 214
#define AXIS_Y 110
#define LEFT 24
#define RIGHT (VIEW_W - 24)
#define HORIZON_DAYS 400 /* deadlines later than this are listed, not drawn */

const char timeline_css[] =
	"#timeline svg,#certificate svg{width:100%;height:auto;display:block;margin:0 0 10px}"
	".tl-cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:12px 28px}"
	"ol.tl-steps,ul.tl-dl{margin:0;padding:0;list-style:none;font-size:14px;"
	"overflow-wrap:anywhere}"
	"ol.tl-steps li,ul.tl-dl li{display:flex;gap:8px;padding:3px 0;"
	"border-bottom:1px solid var(--line,#dde3e8)}"
	".tl-key{flex:none;min-width:24px;font-weight:700;text-align:center}"
	".tl-date{flex:none;width:96px;color:var(--muted,#5b6b7a);font-variant-numeric:"
	"tabular-nums}"
	"li.done .tl-key{color:#2e7d32}li.next{font-weight:600}li.todo{color:var(--muted,#5b6b7a)}"
	"li.overdue .tl-key,li.overdue .tl-date{color:#c62828}li.soon .tl-key{color:#ef6c00}"
	"h3{font-size:15px;margin:0 0 6px}"
	"p.tl-note{margin:6px 0 0;color:var(--muted,#5b6b7a);font-size:13px}"
	"@media (max-width:700px){.tl-cols{grid-template-columns:minmax(0,1fr)}}"
	"@media print{.tl-cols{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}"
	"#timeline,#certificate{break-inside:avoid}}";

int timeline_load(const struct project *p, time_t now, struct timeline *t, struct cot_err *err)
{
	struct checklist_input in;
	int rc;

	checklist_input_load(p, &in);
	rc = timeline_load_input(p, &in, now, t, err);
	checklist_input_release(&in);
	return rc;
}

int timeline_load_input(const struct project *p, const struct checklist_input *in, time_t now,
	struct timeline *t, struct cot_err *err)
{
	int rc;

	t->now = now;
	rc = project_journal_load(p, &t->j, err);
	if (!rc) {
		procedure_derive_kind(p->cfg.route, p->cfg.kind, &t->j, &t->pr);
		rc = deadline_collect_input(p, &t->j, in, now, &t->dl, err);
	}
	if (!rc)
		rc = certstore_summary(p, &t->j, now, &t->cert, err);
	if (rc)
		timeline_release(t);
	return rc;
}

void timeline_release(struct timeline *t)
{
	deadline_list_release(&t->dl);
	journal_release(&t->j);
}

/* The span drawn: from before the first step to after today, the typical end and the
 * deadlines of the next HORIZON_DAYS. */
struct span {
	time_t t0, t1, start;
	bool started;
};

static time_t later(time_t a, time_t b)
{
	return a > b ? a : b;
}

static bool drawn(const struct timeline *t, const struct deadline *d, time_t *when)
{
	return date_parse(d->date, when) && *when <= t->now + HORIZON_DAYS * DAY;
}

static void span_of(const struct timeline *t, struct span *s)
{
	time_t when;

	s->started = t->pr.started[0] && date_parse(t->pr.started, &s->start);
	if (!s->started)
		s->start = t->now;
	s->t0 = (s->start < t->now ? s->start : t->now) - 10 * DAY;
	s->t1 = later(s->start + (TIMELINE_TYPICAL_MAX_DAYS + 14) * DAY, t->now + 30 * DAY);
	for (size_t i = 0; i < t->dl.n; i++)
		if (drawn(t, &t->dl.v[i], &when)) {
			s->t1 = later(s->t1, when + 14 * DAY);
			if (when - 10 * DAY < s->t0)
				s->t0 = when - 10 * DAY;
		}
}

static long xpos(const struct span *s, time_t when)
{
	double f = (double)(when - s->t0) / (double)(s->t1 - s->t0);

	f = f < 0 ? 0 : f > 1 ? 1 : f;
	return LEFT + (long)(f * (RIGHT - LEFT) + 0.5);
}

/* A label's anchor that keeps it inside the picture. */
static const char *anchor(long x)
{
	return x < 110 ? "start" : x > VIEW_W - 110 ? "end" : "middle";
}

static void svg_text(struct xw *x, long px, long py, int size, const char *fill, const char *text)
{
	xw_start(x, "text");
	xw_attrf(x, "x", "%ld", px);
	xw_attrf(x, "y", "%ld", py);
	xw_attr(x, "text-anchor", anchor(px));
	xw_attrf(x, "font-size", "%d", size);
	xw_attr(x, "fill", fill);
	xw_text(x, text);
	xw_full_end(x);
}

static void svg_rect(struct xw *x, long x0, long y0, long w, long h, const char *fill)
{
	xw_start(x, "rect");
	xw_attrf(x, "x", "%ld", x0);
	xw_attrf(x, "y", "%ld", y0);
	xw_attrf(x, "width", "%ld", w > 2 ? w : 2);
	xw_attrf(x, "height", "%ld", h);
	xw_attr(x, "rx", "3");
	xw_attr(x, "fill", fill);
	xw_end(x);
}

static void svg_line(struct xw *x, long x0, long y0, long x1, long y1, const char *stroke, int w)
{
	xw_start(x, "line");
	xw_attrf(x, "x1", "%ld", x0);
	xw_attrf(x, "y1", "%ld", y0);
	xw_attrf(x, "x2", "%ld", x1);
	xw_attrf(x, "y2", "%ld", y1);
	xw_attr(x, "stroke", stroke);
	xw_attrf(x, "stroke-width", "%d", w);
	xw_end(x);
}

/* A tick and its "2026-07" at the first of each month (of each quarter, or each year, on
 * long spans); at most TICKS_MAX, whatever dates the journal holds. */
#define TICKS_MAX 120
static void svg_ticks(struct xw *x, const struct span *s)
{
	char d[32], label[8];
	time_t len = s->t1 - s->t0;
	int y, m, every = len > 2190 * DAY ? 12 : len > 540 * DAY ? 3 : 1;
	long last = -100;
	time_t when;

	date_format(s->t0, d);
	if (sscanf(d, "%4d-%2d", &y, &m) != 2 || y < 1 || m < 1 || m > 12)
		return;
	for (int n = 0; n < TICKS_MAX; n++) {
		m += every - (m - 1) % every;
		if (m > 12) {
			m -= 12;
			y++;
		}
		snprintf(d, sizeof(d), "%04d-%02d-01", y, m);
		if (!date_parse(d, &when) || when >= s->t1)
			return;
		long px = xpos(s, when);
		svg_line(x, px, AXIS_Y - 4, px, AXIS_Y + 4, "#90a4ae", 1);
		if (px - last < 64)
			continue;
		snprintf(label, sizeof(label), "%.7s", d);
		svg_text(x, px, AXIS_Y + 20, 12, "#5b6b7a", label);
		last = px;
	}
}

static void svg_band(struct xw *x, const struct span *s)
{
	long a = xpos(s, s->start + TIMELINE_TYPICAL_MIN_DAYS * DAY);
	long b = xpos(s, s->start + TIMELINE_TYPICAL_MAX_DAYS * DAY);

	xw_start(x, "g");
	xw_attr(x, "id", "tl-band");
	svg_rect(x, a, 40, b - a, 86, "#e3f2fd");
	/* TRANSLATORS: the shaded band of the timeline: when the procedure typically ends. */
	svg_text(x, (a + b) / 2, 54, 13, "#1565c0", _("typically done"));
	xw_full_end(x);
}

static void svg_today(struct xw *x, const struct span *s, time_t now)
{
	long px = xpos(s, now);

	xw_start(x, "g");
	xw_attr(x, "id", "tl-today");
	svg_line(x, px, 26, px, AXIS_Y + 40, "#c62828", 2);
	/* TRANSLATORS: the mark of the current date on the timeline. */
	svg_text(x, px, 20, 13, "#c62828", _("today"));
	xw_full_end(x);
}

static void svg_steps(struct xw *x, const struct timeline *t, const struct span *s)
{
	time_t when;
	char key[16];

	for (int i = 0; i < t->pr.nsteps; i++) {
		const struct step_state *st = &t->pr.steps[i];
		long px, lift = (i % 2) * 16;
		if (!st->done || !date_parse(st->date, &when))
			continue;
		px = xpos(s, when);
		xw_start(x, "g");
		xw_attrf(x, "id", "tl-step-%s", st->def->id);
		xw_start(x, "circle");
		xw_attrf(x, "cx", "%ld", px);
		xw_attrf(x, "cy", "%d", AXIS_Y);
		xw_attr(x, "r", "7");
		xw_attr(x, "fill", "#2e7d32");
		xw_start(x, "title");
		xw_textf(x, "%d. %s \xe2\x80\x94 %s", i + 1, _(st->def->title), st->date);
		xw_full_end(x);
		xw_end(x);
		snprintf(key, sizeof(key), "%d", i + 1);
		svg_text(x, px, AXIS_Y - 14 - lift, 13, "#1c2733", key);
		xw_full_end(x);
	}
}

static const char *deadline_color(const struct deadline *d)
{
	return deadline_overdue(d)	       ? "#c62828"
	       : d->days <= DEADLINE_WARN_DAYS ? "#ef6c00"
					       : "#6d4c41";
}

/* The deadlines i..j-1 share a date: one mark, labelled "D5" or "D5-D64", on the first of
 * three rows below the axis where it does not touch the previous label. */
static void svg_deadlines(struct xw *x, const struct timeline *t, const struct span *s, size_t i,
	size_t j, long row_end[3])
{
	const struct deadline *d = &t->dl.v[i];
	time_t when, opens;
	long px, w;
	int row = 0;
	char text[512], key[48];

	if (!drawn(t, d, &when))
		return;
	px = xpos(s, when);
	if (j - i == 1)
		snprintf(key, sizeof(key), "D%zu", i + 1);
	else
		snprintf(key, sizeof(key),
			"D%zu\xe2\x80\x93"
			"D%zu",
			i + 1, j);
	w = 8 * (long)strlen(key);
	while (row < 2 && row_end[row] > px - w / 2 - 6)
		row++;
	row_end[row] = px + w / 2;
	xw_start(x, "g");
	xw_attrf(x, "id", "tl-dl-%zu", i + 1);
	for (size_t k = i; k < j; k++)
		if (t->dl.v[k].opens[0] && date_parse(t->dl.v[k].opens, &opens))
			svg_rect(x, xpos(s, opens), AXIS_Y + 30, px - xpos(s, opens), 8, "#ffe0b2");
	xw_start(x, "path");
	xw_attrf(x, "d", "M%ld %d l7 9 l-7 9 l-7 -9 z", px, AXIS_Y + 25);
	xw_attr(x, "fill", deadline_color(d));
	for (size_t k = i; k < j; k++) {
		deadline_text(&t->dl.v[k], text, sizeof(text));
		xw_start(x, "title");
		xw_textf(x, "%s \xe2\x80\x94 %s", t->dl.v[k].date, text);
		xw_full_end(x);
	}
	xw_end(x);
	svg_text(x, px, AXIS_Y + 58 + row * 15, 12, deadline_color(d), key);
	xw_full_end(x);
}

static void timeline_svg(struct xw *x, const struct timeline *t)
{
	long row_end[3] = {-1000, -1000, -1000};
	struct span s;

	span_of(t, &s);
	xw_start(x, "svg");
	xw_attr(x, "xmlns", "http://www.w3.org/2000/svg");
	xw_attrf(x, "viewBox", "0 0 %d %d", VIEW_W, VIEW_H);
	xw_attr(x, "role", "img");
	xw_attr(x, "aria-label", _("The procedure as a timeline"));
	if (s.started)
		svg_band(x, &s);
	svg_line(x, LEFT, AXIS_Y, RIGHT, AXIS_Y, "#90a4ae", 2);
	svg_ticks(x, &s);
	for (size_t i = 0, j; i < t->dl.n; i = j) {
		for (j = i + 1; j < t->dl.n && strcmp(t->dl.v[j].date, t->dl.v[i].date) == 0; j++)
			;
		svg_deadlines(x, t, &s, i, j, row_end);
	}
	svg_steps(x, t, &s);
	svg_today(x, &s, t->now);
	xw_end(x);
}

/* "6 December 2026" of a YYYY-MM-DD date; the date itself when it does not parse. */
static void people_date(const char *date, char *out, size_t len)
{
	time_t when;

	if (date_parse(date, &when))
		i18n_date(out, len, when);
	else
		snprintf(out, len, "%s", date);
}

static void list_item(struct xw *x, const char *id, const char *cls, const char *key,
	const char *date, const char *text)
{
	xw_start(x, "li");
	xw_attr(x, "id", id);
	xw_attr(x, "class", cls);
	xw_start(x, "span");
	xw_attr(x, "class", "tl-key");
	xw_text(x, key);
	xw_full_end(x);
	xw_start(x, "span");
	xw_attr(x, "class", "tl-date");
	xw_text(x, date);
	xw_full_end(x);
	xw_elem(x, "span", text);
	xw_full_end(x);
}

static void steps_list(struct xw *x, const struct timeline *t)
{
	char key[16], date[64], id[64];

	xw_start(x, "div");
	/* TRANSLATORS: a heading of the HTML pages: the steps of the procedure. */
	xw_elem(x, "h3", _("Steps"));
	xw_start(x, "ol");
	xw_attr(x, "class", "tl-steps");
	for (int i = 0; i < t->pr.nsteps; i++) {
		const struct step_state *st = &t->pr.steps[i];
		snprintf(key, sizeof(key), "%d", i + 1);
		if (st->done)
			people_date(st->date, date, sizeof(date));
		else
			/* TRANSLATORS: in place of a date: the step to do now, or a later one. */
			snprintf(
				date, sizeof(date), "%s", i == t->pr.next ? _("next") : _("to do"));
		snprintf(id, sizeof(id), "step-%s", st->def->id);
		list_item(x, id,
			st->done	  ? "done"
			: i == t->pr.next ? "next"
					  : "todo",
			key, date, _(st->def->title));
	}
	xw_full_end(x);
	xw_full_end(x);
}

static const char *deadline_class(const struct deadline *d)
{
	return deadline_overdue(d) ? "overdue" : d->days <= DEADLINE_WARN_DAYS ? "soon" : "later";
}

static void deadlines_list(struct xw *x, const struct timeline *t)
{
	char key[24], date[64], text[512], id[32];

	xw_start(x, "div");
	/* TRANSLATORS: a heading of the HTML pages: dated obligations, overdue or ahead. */
	xw_elem(x, "h3", _("Deadlines"));
	if (!t->dl.n) {
		xw_elem(x, "p", _("none"));
		xw_full_end(x);
		return;
	}
	xw_start(x, "ul");
	xw_attr(x, "class", "tl-dl");
	for (size_t i = 0; i < t->dl.n; i++) {
		const struct deadline *d = &t->dl.v[i];
		struct buf b = BUF_INIT;
		snprintf(key, sizeof(key), "D%zu", i + 1);
		snprintf(id, sizeof(id), "dl-%zu", i + 1);
		people_date(d->date, date, sizeof(date));
		deadline_text(d, text, sizeof(text));
		buf_adds(&b, text);
		if (d->owner)
			/* TRANSLATORS: who must act on a deadline, as the answers name them. */
			buf_addf(&b, _(" (owner: %s)"), d->owner);
		list_item(x, id, deadline_class(d), key, date, b.data ? b.data : text);
		buf_release(&b);
	}
	xw_full_end(x);
	xw_full_end(x);
}

void timeline_write(struct xw *x, const struct timeline *t)
{
	char today[64];

	xw_start(x, "section");
	xw_attr(x, "id", "timeline");
	/* TRANSLATORS: a heading of the HTML pages. */
	xw_elem(x, "h2", _("The procedure"));
	timeline_svg(x, t);
	xw_start(x, "div");
	xw_attr(x, "class", "tl-cols");
	steps_list(x, t);
	deadlines_list(x, t);
	xw_full_end(x);
	i18n_date(today, sizeof(today), t->now);
	xw_start(x, "p");
	xw_attr(x, "class", "tl-note");
	if (t->pr.started[0])
		/* TRANSLATORS: under the timeline: "Started 5 January 2026; today is 6 December
		 * 2026; ...". */
		xw_textf(x,
			_("Started %s; today is %s; the procedure typically takes 3 to 6 months."),
			t->pr.started, today);
	else
		xw_textf(x,
			_("Not started; today is %s; the procedure typically takes 3 to 6 months."),
			today);
	xw_full_end(x);
	xw_full_end(x);
}

static void cert_svg(struct xw *x, const struct cert_summary *c, time_t now)
{
	struct span s = {.t0 = c->not_before, .t1 = c->not_after};
	time_t opens;

	if (s.t1 <= s.t0)
		return;
	xw_start(x, "svg");
	xw_attr(x, "xmlns", "http://www.w3.org/2000/svg");
	xw_attrf(x, "viewBox", "0 0 %d 64", VIEW_W);
	xw_attr(x, "role", "img");
	xw_attr(x, "aria-label", _("The certificate's validity"));
	svg_rect(x, LEFT, 24, RIGHT - LEFT, 16, "#c8e6c9");
	if (date_parse(c->renewal_opens, &opens)) {
		svg_rect(x, xpos(&s, opens), 24, RIGHT - xpos(&s, opens), 16, "#ffe0b2");
		/* TRANSLATORS: the part of the certificate's validity in which eHealth renews it.
		 */
		svg_text(x, xpos(&s, opens), 58, 12, "#ef6c00", _("renewal window"));
	}
	svg_line(x, xpos(&s, now), 14, xpos(&s, now), 50, "#c62828", 2);
	svg_text(x, xpos(&s, now), 11, 12, "#c62828", _("today"));
	xw_end(x);
}

void timeline_cert_write(struct xw *x, const struct timeline *t)
{
	const struct cert_summary *c = &t->cert;
	char advice[1024], from[64], to[64];

	xw_start(x, "section");
	xw_attr(x, "id", "certificate");
	/* TRANSLATORS: a heading of the HTML status page. */
	xw_elem(x, "h2", _("Certificate"));
	if (c->cur.found && c->state != CERT_STATE_UNREADABLE && c->not_after > c->not_before) {
		cert_svg(x, c, t->now);
		i18n_date(from, sizeof(from), c->not_before);
		i18n_date(to, sizeof(to), c->not_after);
		xw_start(x, "p");
		/* TRANSLATORS: "CBE=0123456749 Les Tilleuls: valid from 1 March 2026 to 1 March
		 * 2029". */
		xw_textf(x, _("%s %s: valid from %s to %s"), c->identifier, c->name, from, to);
		xw_full_end(x);
	}
	certstore_advice(c, i18n_lang(), advice, sizeof(advice));
	xw_start(x, "p");
	xw_attr(x, "id", "cert-advice");
	xw_text(x, advice);
	xw_full_end(x);
	xw_full_end(x);
}
