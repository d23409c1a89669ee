/* cot status --format html: the procedure of a project as one self-contained, printable page. */
#ifndef COT_STATUSHTML_H
#define COT_STATUSHTML_H

#include <time.h>
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/exit.h"
#include "cot/project.h"

/* What the page shows beside the project, and what it found there. */
struct status_html {
	const char *broken; /* why the journal fails verification, shown first; NULL: intact */
	size_t missed; /* out: the deadlines missed (deadline_missed: cot status --exit-code) */
};

/*
 * Appends to out the status page of p at time now, in the language spoken (i18n.h): the
 * organisation and the next step, the procedure as a timeline (timeline.h), the certificate's
 * validity with its renewal window and the checklist's readiness; the next step as cot
 * status says it (nextstep.h: blockers first) and h->broken, when set, at the top. Inline CSS and
 * SVG only: no script, nothing fetched; A4 when printed. Every value from the project is escaped.
 * An unreadable journal is its error (COT_USAGE or COT_ENV); COT_ENV when out of memory.
 */
int status_render_html(const struct project *p, time_t now, struct status_html *h, struct buf *out,
	struct cot_err *err);

/* status_render_html with p's set and answers already read (checklist_input_load): the page
 * reads neither again; in is borrowed. */
int status_render_html_input(const struct project *p, const struct checklist_input *in, time_t now,
	struct status_html *h, struct buf *out, struct cot_err *err);

#endif
