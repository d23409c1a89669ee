/* Located findings (file:line:col: severity: message [rule]) and their sink. */
#ifndef COT_DIAG_H
#define COT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "cot/buf.h"

enum diag_sev { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_sev sev;
	char *file;	    /* may be NULL for findings about no file */
	unsigned line, col; /* 1-based; 0 when unknown */
	char *rule;	    /* stable rule id, e.g. "yaml-duplicate-key" */
	char *msg;
	char *subject; /* what the finding is about (a requirement id), or NULL */
};

/* The sink: findings in order of arrival, counts by severity (mandoc-style). */
struct diag_list {
	struct diag *v;
	size_t n, alloc;
	unsigned errors, warnings, notes;
	size_t max;		 /* keep at most this many (0: all); the counts go on */
	size_t dropped;		 /* findings counted but not kept, beyond max or below keep_from */
	enum diag_sev keep_from; /* keep only findings this severe or more (DIAG_NOTE: all) */
};

/* clang-format off */
#define DIAG_LIST_INIT {NULL, 0, 0, 0, 0, 0, 0, 0, DIAG_NOTE}
/* clang-format on */

/* True when a finding of sev would be kept, not only counted: skip formatting one that
 * would not. */
bool diag_keeps(const struct diag_list *d, enum diag_sev sev);

void diag_add(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line, unsigned col,
	const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void diag_vadd(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, va_list ap);

/* Like diag_add, for a finding about subject (e.g. the requirement "GOV-01"). */
void diag_add_about(struct diag_list *d, const char *subject, enum diag_sev sev, const char *file,
	unsigned line, unsigned col, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/* "error", "warning", "note": for machines (JSON, SARIF, CSS classes), never translated. */
const char *diag_sev_name(enum diag_sev sev);

/*
 * Orders the findings by file (files in the order they first appear), then
 * line and column; findings at the same place keep their order.
 */
void diag_sort(struct diag_list *d);

/* "2 errors, 1 warning" (or "no findings") into out, in the language spoken. */
void diag_count_text(const struct diag_list *d, char *out, size_t len);

/*
 * gcc style, one per line: "file:line:col: error: message [rule]"; then a
 * line saying how many were dropped beyond d->max, if any.
 */
void diag_print_text(FILE *f, const struct diag_list *d, bool color);

/*
 * Appends the findings as diag_print_text prints them: one line each, file, message and
 * rule escaped for a terminal (escape.h), since they hold names from files.
 */
void diag_text(struct buf *b, const struct diag_list *d, bool color);

void diag_list_release(struct diag_list *d);

#endif
