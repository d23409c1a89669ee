/* Bounded retries with a doubling delay, for the network clients (http.c, smtp.c). */
#ifndef COT_RETRY_H
#define COT_RETRY_H

#include <stdbool.h>
#include "cot/exit.h"

/* One attempt: a COT_* code; *again when its failure is worth another attempt. */
typedef int (*retry_attempt_fn)(void *arg, bool *again, struct cot_err *err);

/* Told before each retry: which attempt failed, how long cot waits, and why. */
typedef void (*retry_notice_fn)(int attempt, long delay_ms, const char *why, void *arg);

struct retry_policy {
	int retries;		/* extra attempts after a transient failure (>= 0) */
	long delay_ms;		/* before the first retry; doubled before each next one */
	retry_notice_fn notice; /* may be NULL */
	void *notice_arg;
};

/*
 * Calls fn(arg) until it succeeds, fails for good (*again false) or has been retried
 * p->retries times, pausing in between. The last attempt's code is returned; when it
 * failed after more than one attempt (*attempts, the caller's count), err->msg gains
 * " (N attempts)".
 */
int retry_run(const struct retry_policy *p, retry_attempt_fn fn, void *arg, const int *attempts,
	struct cot_err *err);

#endif
