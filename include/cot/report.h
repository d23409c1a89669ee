/* Findings and check results for people and machines: text, JSON, JUnit, SARIF, GitHub, HTML. */
#ifndef COT_REPORT_H
#define COT_REPORT_H

#include <stdbool.h>
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/diag.h"
#include "cot/exit.h"

enum report_format {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_JUNIT,
	REPORT_SARIF,
	REPORT_GITHUB,
	REPORT_HTML
};

#define REPORT_JSON_CHECK "cot.check/1"
#define REPORT_JSON_LINT "cot.lint/1"

/* A file cot lint looked at. */
struct lint_file {
	const char *name;
	enum cl_kind kind;
	bool readable;
};

/* What a report shows; everything is borrowed. */
struct report {
	const char *command;	   /* "check" or "lint" */
	const struct diag_list *d; /* sorted (diag_sort) */
	bool color;		   /* ANSI colours in text */
	enum lang lang;		   /* of labels, titles and verdicts */
	/* cot check */
	const struct reqset *rs;
	const struct answers *a;
	const struct check_result *res;
	const struct check_opts *opts;
	const char *org_name; /* the project's, else the answers' */
	const char *org_kbo;
	const char *tool_version; /* html footer: the cot that made it; NULL: this one */
	bool brief;		  /* text: the findings and the verdict only (cot -q) */
	/* html of cot check itself (never the signed page a bundle carries, whose bytes
	   cot verify compares): what to fix, grouped by owner, at the top, in the language
	   spoken (i18n.h); and the procedure as a timeline (timeline.h) when not NULL */
	bool live;
	const struct timeline *timeline;
	/* cot lint */
	const struct lint_file *files;
	size_t nfiles;
	bool strict; /* warnings count as failures */
};

/*
 * Appends r in fmt to out:
 *  - text: for check a per-category summary table, the findings
 *    "file:line:col: severity: message [rule]", a count line and the verdict;
 *    for lint the findings and a count line;
 *  - json: one object with "schema" REPORT_JSON_CHECK or REPORT_JSON_LINT, as
 *    doc/schemas/cot.check-1.schema.json and cot.lint-1.schema.json describe it;
 *  - junit: JUnit XML valid against Jenkins' junit-10.xsd, a test case per applicable
 *    requirement (check) or per file (lint), failed by its errors (and warnings, when strict);
 *  - sarif: SARIF 2.1.0 as GitHub code scanning takes it; its invocation is not
 *    executionSuccessful when r->files are given and none was readable (a log of why);
 *  - github: workflow commands "::error file=F,line=L,col=C,title=RULE::MSG";
 *  - html: a self-contained page (check only).
 * COT_ENV when out of memory or a library fails.
 */
int report_render(
	const struct report *r, enum report_format fmt, struct buf *out, struct cot_err *err);

/*
 * Appends in fmt the document of a run that did not complete (its input, project or
 * requirement set could not be read, an option was refused ...), so that a CI uploading
 * the report finds one: code is the run's exit code, why the error it said (in the
 * language spoken). r needs command, d (the findings so far, sorted: the command adds
 * one "<command>-not-run" error when there is none), lang, and for lint the files.
 *  - json: the REPORT_JSON_CHECK (findings, counts, "ready": false) or REPORT_JSON_LINT
 *    document (its files, "ok": false) with "error": {"message", "exit_code"};
 *  - junit: one test case "cot COMMAND" with an <error> (junit-10.xsd);
 *  - sarif: the log of d, its invocation not executionSuccessful;
 *  - github: the findings as workflow commands, then "cot COMMAND: did not complete: why";
 *  - html: a page saying what failed, with the findings;
 *  - text: nothing (the error was said on stderr).
 * COT_ENV when out of memory.
 */
int report_render_failure(const struct report *r, enum report_format fmt, int code, const char *why,
	struct buf *out, struct cot_err *err);

/* The HTML page of a run that did not complete (report_render_failure). */
int report_render_html_failure(
	const struct report *r, const char *why, struct buf *out, struct cot_err *err);

/* The HTML page of a check: inline CSS and SVG, no script, nothing external. */
int report_render_html(const struct report *r, struct buf *out, struct cot_err *err);

/*
 * Appends the verdict of a check in r->lang from the compiled-in words, as the HTML page has
 * it: "READY for submission: ..." or "NOT READY ...". The text report says it through gettext
 * (plurals right) when messages speak r->lang.
 */
void report_verdict(const struct report *r, struct buf *b);

/* What a rule id checks, in one line, in the language of messages ("" for an id cot does not
   know). */
const char *report_rule_text(const char *rule);

/*
 * Appends s escaped for a GitHub workflow command (a property value or the message): CR
 * and LF as %0D and %0A as GitHub wants, every other control, bidi and bad byte as escape.h.
 */
void report_github_escape(struct buf *b, const char *s, bool property);

/* Labels in a language, for the text and HTML reports. */
struct report_words {
	const char *title, *summary, *category, *reqs, *done, *state[RS_COUNT], *errors, *total,
		*ready, *not_ready, *ready_text, *not_ready_text, *requirement, *level, *mandatory,
		*recommended, *status, *owner, *reviewed, *evidence, *findings, *answered, *route,
		*kind, *date, *set, *none, *generated, *missing, *file,
		*column[RS_COUNT], /* short state names for the text table, 9 columns at most */
		*warnings, *error; /* one of errors */
};
const struct report_words *report_words(enum lang l);

#endif
