/* What to do next in a project: the next step and the first thing that blocks it. */
#ifndef COT_NEXTSTEP_H
#define COT_NEXTSTEP_H

#include <stdbool.h>
#include <time.h>
#include "cot/certstore.h"
#include "cot/checklist.h"
#include "cot/deadline.h"
#include "cot/procedure.h"
#include "cot/project.h"

/* The next step and what it waits for: what cot status names under "Next:". */
struct next_action {
	const char *step; /* NULL once every step is done */
	char action[1536];
	const char *blocked_by; /* "certificate", "cert-request", "waiver", "checklist", or NULL */
};

/*
 * The next step of p (pr derived from its journal) at time now, and its action in the
 * language spoken: the step's todo, unless something blocks it: an expired certificate
 * (c), a certificate request overdue (dl), a lapsed waiver or a checklist not ready when
 * the step needs the checklist. One judgement for cot status and cot status DIR...
 */
void next_action_compute(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl, time_t now,
	struct next_action *n);

/* next_action_compute with the checklist already judged on now (checklist_summarise). */
void next_action_judge(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl,
	const struct checklist_summary *s, time_t now, struct next_action *n);

/* next_action_compute with p's set and answers already read (checklist_input_load): the
 * checklist is judged from in, and only when the next step needs it. */
void next_action_judge_input(const struct project *p, const struct procedure *pr,
	const struct cert_summary *c, const struct deadline_list *dl,
	const struct checklist_input *in, time_t now, struct next_action *n);

/* Whether the project's submission carries the checklist: route direct's, a vendor's request. */
bool next_checklist_submitted(const struct project *p);

/* The deadline of kind k in dl that is overdue, or NULL. */
const struct deadline *next_overdue_of(const struct deadline_list *dl, enum deadline_kind k);

#endif
