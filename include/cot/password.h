/* Keystore passwords: from a file, an environment variable or a no-echo prompt; wiped after use. */
#ifndef COT_PASSWORD_H
#define COT_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"

/* The longest password cot takes, in bytes. */
#define PASSWORD_MAX 1024

/*
 * From the first password read on, the process dumps no core and cannot be
 * attached to (prctl PR_SET_DUMPABLE 0, RLIMIT_CORE 0), until it exits.
 *
 * A password in memory of its own. s is NULL until one of the functions
 * below fills it; it is then NUL-terminated and len bytes long (possibly 0).
 * Passwords never appear in messages.
 */
struct password {
	char *s;
	size_t len;
};

void password_init(struct password *pw);
/* Wipes the password's memory, frees it and re-inits pw. */
void password_release(struct password *pw);

/*
 * The first line of path, without its "\n" or "\r\n"; nothing after it is
 * read. The file may be a pipe or a terminal (e.g. /dev/stdin). A regular
 * file that every user can read is refused (COT_USAGE, "chmod 600"); one
 * that its group can read sets *group_readable (may be NULL) so that the
 * caller can warn. A first line longer than PASSWORD_MAX is refused.
 * COT_USAGE when unreadable. Every buffer that held file bytes is wiped.
 */
int password_from_file(
	const char *path, struct password *pw, bool *group_readable, struct cot_err *err);

/*
 * The value of the environment variable var; unset is COT_USAGE. Its string in
 * the environment is then wiped in place and the variable unset, so a second
 * read finds nothing.
 */
int password_from_env(const char *var, struct password *pw, struct cot_err *err);

/*
 * Asks on the controlling terminal (/dev/tty) with prompt, echo off, and reads
 * one line. The terminal's settings are restored on every path: a signal
 * that arrives while asking (SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT,
 * SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU) is blocked except while waiting for
 * input, caught, and raised again once they are restored;
 * after a stop (^Z) and continue, the question is asked again. Only SIGKILL
 * cannot be caught.
 * COT_USAGE without a terminal ("use --password-file or --password-env"), on
 * end of input before a newline, or a line longer than PASSWORD_MAX.
 */
int password_prompt(const char *prompt, struct password *pw, struct cot_err *err);

#endif
