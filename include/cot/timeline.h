/* The procedure as a picture: its steps, today, the typical 3-6 months and the deadlines, as inline
 * SVG. */
#ifndef COT_TIMELINE_H
#define COT_TIMELINE_H

#include <time.h>
#include "cot/buf.h"
#include "cot/certstore.h"
#include "cot/checklist.h"
#include "cot/deadline.h"
#include "cot/exit.h"
#include "cot/journal.h"
#include "cot/procedure.h"
#include "cot/project.h"

#define TIMELINE_TYPICAL_MIN_DAYS 91  /* the procedure typically takes 3 ... */
#define TIMELINE_TYPICAL_MAX_DAYS 183 /* ... to 6 months */

/* What the picture shows, read from a project; owns all it holds. */
struct timeline {
	struct journal j; /* the steps' refs point into it */
	struct procedure pr;
	struct deadline_list dl;
	struct cert_summary cert;
	time_t now;
};

/* clang-format off */
#define TIMELINE_INIT {JOURNAL_INIT, {0}, DEADLINE_LIST_INIT, {0}, 0}
/* clang-format on */

/*
 * Reads p's journal, the steps of its route, its deadlines and its certificate at time now
 * into t (TIMELINE_INIT). An unreadable journal is its error (COT_USAGE or COT_ENV); t is
 * then released. A certificate or answers that cannot be read contribute nothing.
 */
int timeline_load(const struct project *p, time_t now, struct timeline *t, struct cot_err *err);

/* timeline_load with p's set and answers already read (checklist_input_load): reads neither. */
int timeline_load_input(const struct project *p, const struct checklist_input *in, time_t now,
	struct timeline *t, struct cot_err *err);

void timeline_release(struct timeline *t);

/* The style rules the sections below need: trusted CSS for a <style> element. */
extern const char timeline_css[];

struct xw;
/*
 * Writes <section id="timeline">: an inline SVG of the procedure (each step at its date,
 * today, the typical 3-6 months band, the deadlines ahead) sized to its container, and
 * below it the same as text (each step and each deadline with its date), in the language
 * spoken (i18n.h). Every value is written escaped.
 */
void timeline_write(struct xw *x, const struct timeline *t);

/* Writes <section id="certificate">: the certificate's validity as a bar with its renewal
 * window and today, and a sentence of advice; "none yet" before one is imported. */
void timeline_cert_write(struct xw *x, const struct timeline *t);

#endif
