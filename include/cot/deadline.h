/* Dated obligations of a project: what falls due when, derived from the journal, the certificate
 * and the answers. */
#ifndef COT_DEADLINE_H
#define COT_DEADLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "cot/checklist.h"
#include "cot/exit.h"
#include "cot/journal.h"
#include "cot/project.h"

#define DEADLINE_WARN_DAYS 30 /* cot status --warn-days default */
#define CERT_REQUEST_DAYS 10  /* eHealth delivers a requested certificate within 10 days */

enum deadline_kind {
	DL_CERT_RENEWAL, /* the renewal window: opens notAfter - 90 days, closes at notAfter */
	DL_CERT_REQUEST, /* a certificate requested and not received: due request + 10 days */
	DL_WAIVER,	 /* a waiver (accepted risk) expires */
	DL_REVIEW,	 /* an answer's review falls due (reviewed + the requirement's frequency) */
	DL_TYPICAL_END,	 /* the end of the typical 3-6 months since the procedure started */
};

struct deadline {
	enum deadline_kind kind;
	char uid[96];	/* stable across runs ("review-GOV-01@KBO"): iCalendar UIDs, JSON ids */
	char date[11];	/* YYYY-MM-DD: when it falls due (for DL_CERT_RENEWAL: when it closes) */
	char opens[11]; /* YYYY-MM-DD when a window opens, "" for a single date */
	long days;	/* whole days from now to date: negative = overdue */
	char *subject;	/* the requirement id, the certificate's identifier, ...; or NULL */
	char *owner;	/* the owner the answers name, or NULL */
	char *file; /* where it comes from (the answers file, relative to the project), or NULL */
	struct loc at; /* in file */
};

struct deadline_list {
	struct deadline *v; /* sorted by date, then uid */
	size_t n;
};

/* clang-format off */
#define DEADLINE_LIST_INIT {NULL, 0}
/* clang-format on */

/*
 * Collects the project's dated obligations at time now from the journal j,
 * the certificate store and the answers. Unreadable answers or certificate
 * contribute nothing (cot check and cot cert say why). COT_ENV only on out of
 * memory.
 */
int deadline_collect(const struct project *p, const struct journal *j, time_t now,
	struct deadline_list *out, struct cot_err *err);

/* deadline_collect with the project's set and answers already read (checklist_input_load). */
int deadline_collect_input(const struct project *p, const struct journal *j,
	const struct checklist_input *in, time_t now, struct deadline_list *out,
	struct cot_err *err);

/* "cert-renewal", "cert-request", "waiver", "review", "typical-end": for machines. */
const char *deadline_kind_name(enum deadline_kind k);

/* One line saying what it is and what to do, in the language spoken (i18n.h). */
void deadline_text(const struct deadline *d, char *out, size_t len);

/* Overdue: its date passed (days < 0); for a window, once it closed. */
bool deadline_overdue(const struct deadline *d);

/*
 * Missed: overdue, and a deadline someone set. The procedure's typical 3 to 6 months
 * (DL_TYPICAL_END) is a yardstick: shown overdue once passed, but what the exit status of
 * cot status --exit-code and cot status DIR... counts is what was missed, which a cron job
 * can make right (renew, review, comply); a slow procedure it cannot.
 */
bool deadline_missed(const struct deadline *d);

void deadline_list_release(struct deadline_list *l);

#endif
