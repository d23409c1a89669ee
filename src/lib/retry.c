/* The retry loop of the network clients: bounded, a doubling pause, the count in the error. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cot/i18n.h"
#include "cot/retry.h"

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int retry_run(const struct retry_policy *p, retry_attempt_fn fn, void *arg, const int *attempts,
	struct cot_err *err)
{
	long delay = p->delay_ms;
	bool again = false;
	int rc;

	for (int i = 0;; i++) {
		rc = fn(arg, &again, err);
		if (rc == COT_OK || !again || i >= p->retries)
			break;
		if (p->notice)
			p->notice(i + 1, delay, err->msg, p->notice_arg);
		pause_ms(delay);
		delay *= 2;
	}
	if (rc && *attempts > 1) {
		size_t n = strlen(err->msg);
		/* TRANSLATORS: added to the error after the last of several attempts */
		snprintf(err->msg + n, sizeof(err->msg) - n,
			ngettext(" (%d attempt)", " (%d attempts)", (unsigned long)*attempts),
			*attempts);
	}
	return rc;
}
