/* The exit codes of every cot command, and the error record library code fills. */
#ifndef COT_EXIT_H
#define COT_EXIT_H

#include <stdbool.h>
#include <stddef.h>

enum cot_exit {
	COT_OK = 0,	  /* success, pass, listed */
	COT_FINDINGS = 1, /* the command ran and found problems */
	COT_USAGE = 2,	  /* bad arguments, malformed or unreadable input */
	COT_ENV = 3,	  /* environment failure: network, I/O, lock held */
};

/*
 * Library functions return an enum cot_exit and, when it is not COT_OK,
 * describe the failure in a caller-provided struct cot_err. They never print.
 */
struct cot_err {
	int code;
	bool nomem; /* the failure is a want of memory (cot_err_nomem): the one test of it */
	char msg[1024];
};

/* clang-format off */
#define COT_ERR_INIT {0, false, {0}}
/* clang-format on */

/* Records code and a printf-style message (nomem cleared); returns code for tail calls. */
int cot_err_set(struct cot_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Out of memory, the one way: code COT_ENV, nomem set, the message "out of memory"
 * (translated), and mem_note_failure() so that the command ends with exit 3 whatever
 * its callers make of the error (mem.h). A context may be added with cot_err_prefix;
 * whether it is a want of memory is told by nomem, never by the words. Returns COT_ENV.
 */
int cot_err_nomem(struct cot_err *err);

/*
 * Copies src into dst whole: code, message and nomem, so that a want of memory passed on
 * stays one (exit 3, "out of memory") where a copy by cot_err_set("%s", msg) would lose
 * it. Add a context with cot_err_prefix. Returns src->code.
 */
int cot_err_copy(struct cot_err *dst, const struct cot_err *src);

/* Like cot_err_set, appending ": strerror(errno_value)". */
int cot_err_sys(struct cot_err *err, int code, int errno_value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Prefixes the existing message with "what: ". */
void cot_err_prefix(struct cot_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
