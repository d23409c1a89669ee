/* Dated obligations of a project, from the journal, the certificate store and the answers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/certstore.h"
#include "cot/clock.h"
#include "cot/deadline.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/procedure.h"

#define TYPICAL_MIN_MONTHS 3
#define TYPICAL_MAX_MONTHS 6

/* What every deadline of one collection shares. */
struct collect {
	struct deadline_list *out;
	size_t cap;
	time_t today; /* midnight UTC of now */
	const char *kbo;
	const char *file; /* the answers file, relative to the project */
};

/* One deadline; uid is "<what>@<KBO>". Dates that do not parse are left out. */
static void add(struct collect *c, enum deadline_kind kind, const char *what, const char *date,
	const char *opens, const char *subject, const char *owner, const char *file, struct loc at)
{
	struct deadline *d;
	time_t t;

	if (!date_parse(date, &t) || (opens && !date_parse(opens, &(time_t){0})))
		return;
	if (c->out->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->out->v = xrealloc(c->out->v, c->cap * sizeof(*c->out->v));
	}
	d = &c->out->v[c->out->n++];
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	snprintf(d->uid, sizeof(d->uid), "%.60s@%s", what, c->kbo);
	snprintf(d->date, sizeof(d->date), "%s", date);
	snprintf(d->opens, sizeof(d->opens), "%s", opens ? opens : "");
	d->days = days_between(c->today, t);
	d->subject = xstrdup(subject);
	d->owner = xstrdup(owner && *owner ? owner : NULL);
	d->file = xstrdup(file);
	d->at = at;
}

/* A certificate requested and not received: eHealth should deliver within CERT_REQUEST_DAYS. */
static void add_request(struct collect *c, const struct cert_summary *s)
{
	char due[11], what[64];
	time_t t;

	if (s->state != CERT_STATE_REQUESTED || !date_parse(s->cur.requested_date, &t))
		return;
	date_format(t + (time_t)CERT_REQUEST_DAYS * 86400, due);
	snprintf(what, sizeof(what), "cert-request-%s", s->cur.requested_date);
	add(c, DL_CERT_REQUEST, what, due, NULL, NULL, NULL, NULL, (struct loc){0, 0});
}

/* The renewal window of a readable current certificate: notAfter - 90 days to notAfter. */
static void add_renewal(struct collect *c, const struct cert_summary *s)
{
	char what[64];

	if (!s->cur.found || !s->not_after || !s->not_after_date[0] || !s->renewal_opens[0])
		return;
	snprintf(what, sizeof(what), "cert-renewal-%.16s", s->cur.sha256);
	add(c, DL_CERT_RENEWAL, what, s->not_after_date, s->renewal_opens,
		s->identifier[0] ? s->identifier : s->cur.sha256, NULL, NULL, (struct loc){0, 0});
}

static int add_cert(const struct project *p, const struct journal *j, time_t now, struct collect *c,
	struct cot_err *err)
{
	struct cert_summary s;
	int rc = certstore_summary(p, j, now, &s, err);

	if (rc)
		return rc;
	add_request(c, &s);
	add_renewal(c, &s);
	return COT_OK;
}

/* The waiver's expiry and the review due of one answer to a requirement that applies. */
static void add_answer(struct collect *c, const struct requirement *q, const struct answer *x)
{
	char what[80], due[11];

	if (x->waiver && x->waiver->expires[0]) {
		snprintf(what, sizeof(what), "waiver-%s", x->id);
		add(c, DL_WAIVER, what, x->waiver->expires, NULL, x->id, x->owner, c->file,
			x->waiver->expires_at);
	}
	if (x->reviewed[0] && date_add_months(x->reviewed, q->review_months, due)) {
		snprintf(what, sizeof(what), "review-%s", x->id);
		add(c, DL_REVIEW, what, due, NULL, x->id, x->owner, c->file, x->reviewed_at);
	}
}

/* Waivers and reviews of the answers; answers or a set that cannot be read add nothing. */
static void add_answers(
	const struct project *p, const struct checklist_input *in, struct collect *c)
{
	if (!in->set_ok)
		return;
	c->file = in->file;
	for (size_t i = 0; i < in->a.n; i++) {
		const struct requirement *q = reqset_get(&in->rs, in->a.v[i].id);

		if (q && req_applies(q, p->cfg.route, p->cfg.kind))
			add_answer(c, q, &in->a.v[i]);
	}
}

/* The typical 3 to 6 months from the first step done, while steps remain. */
static void add_typical_end(const struct project *p, const struct journal *j, struct collect *c)
{
	struct procedure pr;
	char opens[11], end[11];

	procedure_derive_kind(p->cfg.route, p->cfg.kind, j, &pr);
	if (!pr.started[0] || pr.next >= pr.nsteps ||
		!date_add_months(pr.started, TYPICAL_MIN_MONTHS, opens) ||
		!date_add_months(pr.started, TYPICAL_MAX_MONTHS, end))
		return;
	add(c, DL_TYPICAL_END, "typical-end", end, opens, NULL, NULL, NULL, (struct loc){0, 0});
}

static int by_date(const void *a, const void *b)
{
	const struct deadline *x = a, *y = b;
	int r = strcmp(x->date, y->date);

	return r ? r : strcmp(x->uid, y->uid);
}

int deadline_collect_input(const struct project *p, const struct journal *j,
	const struct checklist_input *in, time_t now, struct deadline_list *out,
	struct cot_err *err)
{
	struct collect c = {out, 0, 0, p->cfg.kbo, NULL};
	char today[11];
	int rc;

	date_format(now, today);
	date_parse(today, &c.today);
	out->v = NULL;
	out->n = 0;
	rc = add_cert(p, j, now, &c, err);
	if (rc) {
		deadline_list_release(out);
		return rc;
	}
	add_answers(p, in, &c);
	add_typical_end(p, j, &c);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_date);
	return COT_OK;
}

int deadline_collect(const struct project *p, const struct journal *j, time_t now,
	struct deadline_list *out, struct cot_err *err)
{
	struct checklist_input in;
	int rc;

	checklist_input_load(p, &in);
	rc = deadline_collect_input(p, j, &in, now, out, err);
	checklist_input_release(&in);
	return rc;
}

const char *deadline_kind_name(enum deadline_kind k)
{
	switch (k) {
	case DL_CERT_RENEWAL:
		return "cert-renewal";
	case DL_CERT_REQUEST:
		return "cert-request";
	case DL_WAIVER:
		return "waiver";
	case DL_REVIEW:
		return "review";
	case DL_TYPICAL_END:
		return "typical-end";
	}
	return "?";
}

bool deadline_overdue(const struct deadline *d)
{
	return d->days < 0;
}

bool deadline_missed(const struct deadline *d)
{
	return deadline_overdue(d) && d->kind != DL_TYPICAL_END;
}

/* The certificate's renewal window: before it opens, while open, once closed. */
static void renewal_text(const struct deadline *d, char *out, size_t len)
{
	if (deadline_overdue(d))
		/* TRANSLATORS: a date YYYY-MM-DD. */
		snprintf(out, len,
			_("the certificate expired on %s: eHealth does not renew it any more, "
			  "request a new one"),
			d->date);
	else
		/* TRANSLATORS: two dates YYYY-MM-DD: the window opens, then closes. */
		snprintf(out, len,
			_("renew the certificate with eHealth between %s and %s (it expires "
			  "then), then 'cot cert import FILE'"),
			d->opens, d->date);
}

void deadline_text(const struct deadline *d, char *out, size_t len)
{
	const char *s = d->subject ? d->subject : "";

	switch (d->kind) {
	case DL_CERT_RENEWAL:
		renewal_text(d, out, len);
		return;
	case DL_CERT_REQUEST:
		snprintf(out, len, "%s",
			deadline_overdue(d)
				? _("the requested certificate has not arrived within 10 days: "
				    "contact eHealth")
				: _("eHealth should deliver the requested certificate: then "
				    "'cot cert import FILE'"));
		return;
	case DL_WAIVER:
		/* TRANSLATORS: a requirement id. */
		snprintf(out, len,
			deadline_overdue(d) ? _("the waiver of %s has expired: renew it or comply")
					    : _("the waiver of %s expires: renew it or comply"),
			s);
		return;
	case DL_REVIEW:
		/* TRANSLATORS: a requirement id; 'reviewed' is the key in the answers. */
		snprintf(out, len, _("review %s and update its 'reviewed' date"), s);
		return;
	case DL_TYPICAL_END:
		snprintf(out, len, "%s",
			_("the procedure typically takes 3 to 6 months: see what blocks the "
			  "next step"));
		return;
	}
	snprintf(out, len, "?");
}

void deadline_list_release(struct deadline_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].subject);
		free(l->v[i].owner);
		free(l->v[i].file);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
