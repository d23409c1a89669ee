/* Keystore passwords: a private file's first line, an environment variable, or a no-echo prompt. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/password.h"

/* Room for PASSWORD_MAX bytes, a line end and a NUL: every password buffer has this size. */
#define BUF_SIZE (PASSWORD_MAX + 3)

void password_init(struct password *pw)
{
	pw->s = NULL;
	pw->len = 0;
}

void password_release(struct password *pw)
{
	if (pw->s) {
		OPENSSL_cleanse(pw->s, BUF_SIZE);
		free(pw->s);
	}
	password_init(pw);
}

/*
 * While a password (and so the keystore it opens) is in memory, the process may not dump
 * core, and no other process of the same user may attach to it (PR_SET_DUMPABLE also
 * guards ptrace and /proc/PID/mem). Once set, it stays for the rest of the command.
 */
static void no_core_dumps(void)
{
	struct rlimit none = {0, 0};

	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	setrlimit(RLIMIT_CORE, &none);
}

static int take_buffer(struct password *pw, struct cot_err *err)
{
	no_core_dumps();
	password_release(pw);
	pw->s = calloc(1, BUF_SIZE);
	return pw->s ? COT_OK : cot_err_nomem(err);
}

/* ---- from a file ---- */

static int check_mode(const char *path, int fd, bool *group_readable, struct cot_err *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot read the password file '%s'"), path);
	if (S_ISDIR(st.st_mode))
		return cot_err_set(
			err, COT_USAGE, _("the password file '%s' is a directory"), path);
	if (!S_ISREG(st.st_mode))
		return COT_OK; /* a pipe or a terminal: nothing to say about its mode */
	if (st.st_mode & S_IROTH)
		return cot_err_set(err, COT_USAGE,
			_("the password file '%s' can be read by every user; "
			  "make it private first: chmod 600 '%s'"),
			path, path);
	if (group_readable)
		*group_readable = (st.st_mode & S_IRGRP) != 0;
	return COT_OK;
}

/* Reads until a newline, the end, or more than PASSWORD_MAX bytes of line. */
static int read_first_line(const char *path, int fd, struct password *pw, struct cot_err *err)
{
	size_t n = 0;
	char *nl = NULL;

	while (!nl && n < BUF_SIZE - 1) {
		ssize_t r = read(fd, pw->s + n, BUF_SIZE - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return cot_err_sys(err, COT_USAGE, errno,
				_("cannot read the password file '%s'"), path);
		if (r == 0)
			break;
		nl = memchr(pw->s + n, '\n', (size_t)r);
		n += (size_t)r;
	}
	if (nl)
		n = (size_t)(nl - pw->s);
	if (nl && n > 0 && pw->s[n - 1] == '\r')
		n--;
	if (n > PASSWORD_MAX)
		return cot_err_set(err, COT_USAGE,
			_("the first line of the password file '%s' is "
			  "longer than %d bytes"),
			path, PASSWORD_MAX);
	OPENSSL_cleanse(pw->s + n, BUF_SIZE - n); /* the line end and what followed it */
	pw->len = n;
	return COT_OK;
}

int password_from_file(
	const char *path, struct password *pw, bool *group_readable, struct cot_err *err)
{
	int fd, rc;

	if (group_readable)
		*group_readable = false;
	if ((rc = take_buffer(pw, err)))
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		password_release(pw);
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot read the password file '%s'"), path);
	}
	rc = check_mode(path, fd, group_readable, err);
	if (!rc)
		rc = read_first_line(path, fd, pw, err);
	close(fd);
	if (rc)
		password_release(pw);
	return rc;
}

/* ---- from the environment ---- */

int password_from_env(const char *var, struct password *pw, struct cot_err *err)
{
	const char *v = var && *var ? getenv(var) : NULL;
	size_t n;
	int rc;

	if (!var || !*var || strchr(var, '='))
		return cot_err_set(err, COT_USAGE,
			_("'%s' is not the name of an environment variable"), var ? var : "");
	if (!v)
		return cot_err_set(
			err, COT_USAGE, _("the environment variable '%s' is not set"), var);
	n = strlen(v);
	if (n > PASSWORD_MAX)
		return cot_err_set(err, COT_USAGE,
			_("the environment variable '%s' is longer than %d "
			  "bytes"),
			var, PASSWORD_MAX);
	if ((rc = take_buffer(pw, err)))
		return rc;
	memcpy(pw->s, v, n);
	pw->len = n;
	/* The environment's copy is wiped in place (so /proc/PID/environ shows it no more). */
	OPENSSL_cleanse((char *)v, n);
	unsetenv(var);
	return COT_OK;
}

/* ---- from the terminal ---- */

static const int held_signals[] = {
	SIGALRM, SIGHUP, SIGINT, SIGPIPE, SIGQUIT, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU};
#define N_HELD (sizeof(held_signals) / sizeof(held_signals[0]))

static volatile sig_atomic_t caught[N_HELD];

static void on_signal(int s)
{
	for (size_t i = 0; i < N_HELD; i++)
		if (held_signals[i] == s)
			caught[i] = 1;
}

static bool any_caught(void)
{
	for (size_t i = 0; i < N_HELD; i++)
		if (caught[i])
			return true;
	return false;
}

/*
 * Catches the signals and blocks them: they are let in only while waiting
 * for input (ppoll), so that one arriving at any other moment is seen
 * before the next wait rather than lost in a read that blocks.
 */
static void hold_signals(struct sigaction *saved, sigset_t *old_mask)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	sa.sa_handler = on_signal;
	for (size_t i = 0; i < N_HELD; i++) {
		caught[i] = 0;
		sigaddset(&set, held_signals[i]);
		sigaction(held_signals[i], &sa, &saved[i]);
	}
	sigprocmask(SIG_BLOCK, &set, old_mask);
}

/* Puts the old handlers and mask back and raises what was caught; true when it was a stop. */
static bool release_signals(const struct sigaction *saved, const sigset_t *old_mask)
{
	bool stopped = false;

	for (size_t i = 0; i < N_HELD; i++)
		sigaction(held_signals[i], &saved[i], NULL);
	sigprocmask(SIG_SETMASK, old_mask, NULL);
	for (size_t i = 0; i < N_HELD; i++) {
		if (!caught[i])
			continue;
		kill(getpid(), held_signals[i]);
		if (held_signals[i] == SIGTSTP || held_signals[i] == SIGTTIN ||
			held_signals[i] == SIGTTOU)
			stopped = true;
	}
	return stopped;
}

enum line_end { LINE_OK, LINE_EOF, LINE_LONG, LINE_SIGNAL, LINE_ERROR };

/* Waits for input with the held signals let in: false when one was caught. */
static bool wait_input(int fd, const sigset_t *wait_mask, int *error)
{
	struct pollfd p = {fd, POLLIN, 0};

	while (!any_caught()) {
		if (ppoll(&p, 1, NULL, wait_mask) >= 0)
			return true;
		if (errno != EINTR) {
			*error = errno;
			return true; /* the read says what is wrong */
		}
	}
	return false;
}

static enum line_end read_tty_line(
	int fd, const sigset_t *wait_mask, struct password *pw, int *error)
{
	size_t n = 0;
	bool longer = false;
	char c = 0;
	enum line_end end = LINE_OK;

	for (;;) {
		ssize_t r;
		if (!wait_input(fd, wait_mask, error)) {
			end = LINE_SIGNAL;
			break;
		}
		r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*error = errno;
			end = LINE_ERROR;
			break;
		}
		if (r == 0) {
			end = LINE_EOF;
			break;
		}
		if (c == '\n' || c == '\r')
			break;
		if (n < PASSWORD_MAX)
			pw->s[n++] = c;
		else
			longer = true;
	}
	OPENSSL_cleanse(&c, sizeof(c));
	pw->len = n;
	return end == LINE_OK && longer ? LINE_LONG : end;
}

/* One question: echo off, ask, read, echo restored. */
static enum line_end ask_once(
	int fd, const char *prompt, struct password *pw, bool *stopped, int *error)
{
	struct sigaction saved[N_HELD];
	struct termios old, quiet;
	sigset_t old_mask, wait_mask;
	bool changed = false;
	enum line_end end;

	hold_signals(saved, &old_mask);
	wait_mask = old_mask;
	for (size_t i = 0; i < N_HELD; i++)
		sigdelset(&wait_mask, held_signals[i]);
	if (tcgetattr(fd, &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		changed = tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* asking anyway: the answer matters, not the prompt */
	}
	end = read_tty_line(fd, &wait_mask, pw, error);
	if (changed)
		tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the line end is cosmetic */
	}
	*stopped = release_signals(saved, &old_mask);
	return end;
}

int password_prompt(const char *prompt, struct password *pw, struct cot_err *err)
{
	enum line_end end;
	bool stopped;
	int fd, rc, error = 0;

	if ((rc = take_buffer(pw, err)))
		return rc;
	do {
		fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || !isatty(fd)) {
			if (fd >= 0)
				close(fd);
			password_release(pw);
			return cot_err_set(err, COT_USAGE,
				_("there is no terminal to ask for the "
				  "password on: use --password-file FILE or --password-env VAR"));
		}
		end = ask_once(fd, prompt, pw, &stopped, &error);
		close(fd);
	} while (end == LINE_SIGNAL && stopped);
	switch (end) {
	case LINE_OK:
		return COT_OK;
	case LINE_LONG:
		rc = cot_err_set(
			err, COT_USAGE, _("the password is longer than %d bytes"), PASSWORD_MAX);
		break;
	case LINE_SIGNAL:
		rc = cot_err_set(err, COT_USAGE, _("interrupted while asking for the password"));
		break;
	case LINE_ERROR:
		rc = cot_err_sys(
			err, COT_ENV, error, _("cannot read the password from the terminal"));
		break;
	default:
		rc = cot_err_set(err, COT_USAGE, _("no password was typed (end of input)"));
		break;
	}
	password_release(pw);
	return rc;
}
