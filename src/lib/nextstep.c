/* What to do next in a project: cot status's "Next:" and the NEXT column of cot status DIR... */
#include <stdio.h>
#include <string.h>
#include "cot/checklist.h"
#include "cot/i18n.h"
#include "cot/nextstep.h"

bool next_checklist_submitted(const struct project *p)
{
	return p->cfg.kind == KIND_VENDOR ||
	       procedure_step_index(p->cfg.route, p->cfg.kind, "checklist-complete") >= 0;
}

const struct deadline *next_overdue_of(const struct deadline_list *dl, enum deadline_kind k)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].kind == k && deadline_overdue(&dl->v[i]))
			return &dl->v[i];
	return NULL;
}

/* Whether step id needs the checklist ready: completing it, or a submission that carries it. */
static bool needs_checklist(const struct project *p, const char *id)
{
	if (p->cfg.kind == KIND_VENDOR) /* the vendor's request carries its answers */
		return !strcmp(id, procedure_submit_step(KIND_VENDOR));
	return next_checklist_submitted(p) &&
	       (!strcmp(id, "checklist-complete") || !strcmp(id, "submitted"));
}

/* A lapsed waiver goes to its owner; other errors to cot check, naming how many and the first. */
static void checklist_blocker(const struct project *p, const struct deadline_list *dl,
	const struct checklist_summary *given, const struct checklist_input *in, time_t now,
	struct next_action *n)
{
	const struct deadline *w = next_overdue_of(dl, DL_WAIVER);
	const struct checklist_summary *s = given;
	struct checklist_summary own;

	if (!s && in) {
		checklist_summarise_input(p, in, now, &own);
		s = &own;
	} else if (!s) {
		checklist_summarise(p, now, &own);
		s = &own;
	}
	if (s->ready)
		return;
	n->blocked_by = "checklist";
	if (w) {
		n->blocked_by = "waiver";
		/* TRANSLATORS: a requirement id, the date it lapsed, then its owner. */
		if (w->owner)
			snprintf(n->action, sizeof(n->action),
				_("the waiver of %s lapsed on %s: ask %s, its owner, to renew it "
				  "or to comply, then 'cot check'"),
				w->subject, w->date, w->owner);
		else
			snprintf(n->action, sizeof(n->action),
				_("the waiver of %s lapsed on %s: renew it or comply, then 'cot "
				  "check'"),
				w->subject, w->date);
		return;
	}
	if (s->problem[0]) {
		/* TRANSLATORS: why the checklist cannot be judged. */
		snprintf(n->action, sizeof(n->action),
			_("the checklist cannot be judged (%.900s): run 'cot check'"), s->problem);
		return;
	}
	/* TRANSLATORS: the number of errors (the plural's count), then the first one. */
	snprintf(n->action, sizeof(n->action),
		ngettext("the checklist is not ready, %u error: run 'cot check' (first: %.1000s)",
			"the checklist is not ready, %u errors: run 'cot check' (first: %.1000s)",
			s->errors),
		s->errors, s->first[0] ? s->first : "?");
}

/* The judgement; s is summarised here (from in, else read), only when the step needs the
 * checklist, when NULL. */
static void compute(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl,
	const struct checklist_summary *s, const struct checklist_input *in, time_t now,
	struct next_action *n)
{
	const struct deadline *late = next_overdue_of(dl, DL_CERT_REQUEST);

	memset(n, 0, sizeof(*n));
	if (pr->next >= pr->nsteps) {
		snprintf(n->action, sizeof(n->action), "%s", procedure_finished_text(pr));
		return;
	}
	n->step = pr->steps[pr->next].def->id;
	snprintf(n->action, sizeof(n->action), "%s", _(pr->steps[pr->next].def->todo));
	if (c->state == CERT_STATE_EXPIRED) {
		n->blocked_by = "certificate";
		/* TRANSLATORS: a date YYYY-MM-DD. */
		snprintf(n->action, sizeof(n->action),
			_("the certificate expired on %s and cannot be renewed: request a new one "
			  "from eHealth ('cot cert request'), then 'cot cert import FILE'"),
			c->not_after_date);
	} else if (late && !strcmp(n->step, "cert-received")) {
		n->blocked_by = "cert-request";
		/* TRANSLATORS: a date YYYY-MM-DD; eHealth delivers within 10 days. */
		snprintf(n->action, sizeof(n->action),
			_("contact eHealth: the certificate requested on %s has not arrived within "
			  "10 days; when it arrives, 'cot cert import FILE'"),
			c->cur.requested_date);
	} else if (needs_checklist(p, n->step)) {
		checklist_blocker(p, dl, s, in, now, n);
	}
}

void next_action_compute(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl, time_t now,
	struct next_action *n)
{
	compute(p, pr, c, dl, NULL, NULL, now, n);
}

void next_action_judge(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl,
	const struct checklist_summary *s, time_t now, struct next_action *n)
{
	compute(p, pr, c, dl, s, NULL, now, n);
}

void next_action_judge_input(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl,
	const struct checklist_input *in, time_t now, struct next_action *n)
{
	compute(p, pr, c, dl, NULL, in, now, n);
}
