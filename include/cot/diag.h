/* Located findings (file:line:col: severity: message [rule]) and their sink. */
#ifndef COT_DIAG_H
#define COT_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_sev { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_sev sev;
	char *file;        /* may be NULL for findings about no file */
	unsigned line, col; /* 1-based; 0 when unknown */
	char *rule;        /* stable rule id, e.g. "yaml-duplicate-key" */
	char *msg;
};

/* The sink: findings in order of arrival, counts by severity (mandoc-style). */
struct diag_list {
	struct diag *v;
	size_t n, alloc;
	unsigned errors, warnings, notes;
};

#define DIAG_LIST_INIT {NULL, 0, 0, 0, 0, 0}

void diag_add(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, ...) __attribute__((format(printf, 7, 8)));
void diag_vadd(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, va_list ap);

const char *diag_sev_name(enum diag_sev sev);

/* gcc style, one per line: "file:line:col: error: message [rule]". */
void diag_print_text(FILE *f, const struct diag_list *d, bool color);

void diag_list_release(struct diag_list *d);

#endif
