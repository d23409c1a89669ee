/*
 * The onboarding procedure: the steps of each route and their state from the journal.
 * An organisation follows its route's steps; a vendor (kind vendor) its own procedure,
 * whatever its route: request-sent, fod-validated, acceptance-tested, demo-held,
 * production-access. The functions named route_* and step_* know the routes only; the
 * procedure_* ones know both.
 */
#ifndef COT_PROCEDURE_H
#define COT_PROCEDURE_H

#include <stdbool.h>
#include <time.h>
#include "cot/journal.h"
#include "cot/project.h"

#define STEP_MAX 9

struct step_def {
	const char *id;
	const char *title;	 /* in English: show _(title) (i18n.h) */
	const char *todo;	 /* what to do for it, in plain words; show _(todo) */
	const char *recorded_by; /* the command that records it, or NULL */
};

struct step_state {
	const struct step_def *def;
	bool done;
	char date[11];	 /* when it happened, if done */
	const char *ref; /* borrowed from the journal */
	const char *file;
	unsigned long seq; /* journal record that set it */
};

struct procedure {
	enum route route;
	enum org_kind kind; /* KIND_VENDOR: the vendor's steps, route ignored */
	struct step_state steps[STEP_MAX];
	int nsteps;
	int next;	  /* index of the first step not done, or nsteps */
	char started[11]; /* date of the first step done, "" if none */
};

/* The step definitions of a route, in order; *n set to their count. */
const struct step_def *const *route_steps(enum route r, int *n);

/* The steps a project of kind k on route r follows, in order; *n set to their count. */
const struct step_def *const *procedure_steps(enum route r, enum org_kind k, int *n);

/* Index of step id in what a project of kind k on route r follows, or -1. */
int procedure_step_index(enum route r, enum org_kind k, const char *id);

/* The step that cot submit records: "submitted" for an organisation, "request-sent" for a vendor.
 */
const char *procedure_submit_step(enum org_kind k);

/* The route other than r in which step id exists, or -1 if in none or in r. */
int step_other_route(enum route r, const char *id);

/* What to do once every step is done, in the language spoken (i18n.h). */
const char *procedure_done_text(void);

/* What to do once every step of pr is done (a vendor's or an organisation's), translated. */
const char *procedure_finished_text(const struct procedure *pr);

/* Index of step id in route r, or -1. */
int step_index(enum route r, const char *id);

/* Replays the journal's step and revoke records into the state of each step of route r. */
void procedure_derive(enum route r, const struct journal *j, struct procedure *pr);

/* The same for a project of kind k: a vendor's steps when k is KIND_VENDOR. */
void procedure_derive_kind(
	enum route r, enum org_kind k, const struct journal *j, struct procedure *pr);

/*
 * Checks that step id can be recorded done on date (YYYY-MM-DD) now:
 * known in pr's procedure (COT_USAGE, saying when it is a step of another route or of
 * the other kind), not done already and prerequisites done
 * (COT_FINDINGS, naming what is missing), date not in the future nor
 * before the prerequisite's date (COT_USAGE).
 */
int procedure_can_mark(const struct procedure *pr, const char *id, const char *date, time_t now,
	struct cot_err *err);

/* Checks that step id can be revoked: done, and no later step done. */
int procedure_can_revoke(const struct procedure *pr, const char *id, struct cot_err *err);

/* journal_intact for the project's journal (.cot/journal and its head). */
int procedure_journal_intact(const struct project *p, bool writing, struct cot_err *err);

/*
 * Records step id done, under the project lock: loads the journal, derives (by the
 * project's kind and route),
 * checks with procedure_can_mark and appends a "step" record with data
 * (stolen; may be NULL) plus "step" and "date". For commands that perform a
 * step (cert import, submit, …) and for cot done. A broken journal
 * (procedure_journal_intact) is COT_FINDINGS before anything else is checked.
 */
int procedure_record(const struct project *p, const char *id, const char *date, json_t *data,
	struct cot_err *err);

/*
 * The same for a caller that already holds the project lock (lk, from
 * project_lock) because the step's record must go with other changes under
 * one lock, e.g. cot cert import storing the certificate it records.
 */
struct lock;
int procedure_record_locked(const struct project *p, const struct lock *lk, const char *id,
	const char *date, json_t *data, struct cot_err *err);

/* Records a correction: step id is no longer done, with the reason. */
int procedure_revoke(
	const struct project *p, const char *id, const char *note, struct cot_err *err);

#endif
