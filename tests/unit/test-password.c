/* Unit tests of the password module: private files, variables, and the no-echo prompt on a pty. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "cot/password.h"
#include "helpers.h"

#define SECRET "Sup3r-secret_pw"

/* Writes text to a new file of mode in a temporary directory; the caller frees both. */
static char *password_file(const char *text, size_t len, mode_t mode, char **dir)
{
	char *path;
	int fd;

	*dir = test_tmpdir();
	path = test_path(*dir, "pw");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	cr_assert_eq(chmod(path, mode), 0);
	return path;
}

static int from_file(
	const char *text, mode_t mode, struct password *pw, bool *group, struct cot_err *err)
{
	char *dir, *path = password_file(text, strlen(text), mode, &dir);
	int rc = password_from_file(path, pw, group, err);

	test_rmtree(dir);
	free(path);
	free(dir);
	return rc;
}

Test(file, first_line_without_its_line_end)
{
	const char *texts[] = {
		SECRET, SECRET "\n", SECRET "\r\n", SECRET "\nsecond line\n", SECRET "\r\nmore"};
	struct password pw;
	struct cot_err err = COT_ERR_INIT;

	password_init(&pw);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		cr_assert_eq(from_file(texts[i], 0600, &pw, NULL, &err), COT_OK, "%s", err.msg);
		cr_expect_str_eq(pw.s, SECRET, "text %zu", i);
		cr_expect_eq(pw.len, strlen(SECRET));
		password_release(&pw);
		cr_expect_null(pw.s);
	}
	cr_assert_eq(from_file("", 0600, &pw, NULL, &err), COT_OK);
	cr_expect_str_eq(pw.s, "");
	cr_expect_eq(pw.len, 0);
	password_release(&pw);
	cr_assert_eq(from_file("\nnot this", 0600, &pw, NULL, &err), COT_OK);
	cr_expect_str_eq(pw.s, "", "an empty first line is an empty password");
	password_release(&pw);
}

Test(file, length_limit)
{
	char big[PASSWORD_MAX + 8];
	struct password pw;
	struct cot_err err = COT_ERR_INIT;

	password_init(&pw);
	memset(big, 'x', PASSWORD_MAX);
	strcpy(big + PASSWORD_MAX, "\r\n");
	cr_assert_eq(from_file(big, 0600, &pw, NULL, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(pw.len, PASSWORD_MAX);
	password_release(&pw);
	strcpy(big + PASSWORD_MAX, "y\n");
	cr_assert_eq(from_file(big, 0600, &pw, NULL, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "longer than 1024 bytes"), "%s", err.msg);
	cr_expect_null(pw.s);
}

Test(file, modes)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	bool group = true;

	password_init(&pw);
	cr_assert_eq(from_file(SECRET, 0600, &pw, &group, &err), COT_OK);
	cr_expect_not(group);
	password_release(&pw);
	cr_assert_eq(from_file(SECRET, 0640, &pw, &group, &err), COT_OK);
	cr_expect(group, "a group-readable file is reported");
	password_release(&pw);
	cr_assert_eq(from_file(SECRET, 0644, &pw, &group, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "can be read by every user"), "%s", err.msg);
	cr_expect(strstr(err.msg, "chmod 600"), "%s", err.msg);
	cr_expect_null(strstr(err.msg, SECRET), "the message holds the password");
	cr_expect_null(pw.s);
}

Test(file, unreadable)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir();

	password_init(&pw);
	cr_assert_eq(password_from_file("/nonexistent/pw", &pw, NULL, &err), COT_USAGE);
	cr_expect(
		strstr(err.msg, "cannot read the password file '/nonexistent/pw'"), "%s", err.msg);
	cr_assert_eq(password_from_file(dir, &pw, NULL, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "is a directory"), "%s", err.msg);
	cr_expect_null(pw.s);
	test_rmtree(dir);
	free(dir);
}

Test(file, a_pipe_is_read_up_to_its_first_line)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	char path[64];
	int fds[2];

	password_init(&pw);
	cr_assert_eq(pipe(fds), 0);
	cr_assert_eq(
		write(fds[1], SECRET "\nrest", strlen(SECRET) + 5), (ssize_t)strlen(SECRET) + 5);
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fds[0]);
	cr_assert_eq(password_from_file(path, &pw, NULL, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(pw.s, SECRET);
	password_release(&pw);
	close(fds[0]);
}

Test(env, variables)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	char big[PASSWORD_MAX + 2];
	struct rlimit lim;
	const char *old;

	password_init(&pw);
	setenv("COT_TEST_PW", SECRET, 1);
	old = getenv("COT_TEST_PW");
	cr_assert_eq(password_from_env("COT_TEST_PW", &pw, &err), COT_OK);
	cr_expect_str_eq(pw.s, SECRET);
	cr_expect_null(getenv("COT_TEST_PW"), "the variable is unset once read");
	/* setenv's copy belongs to the C library, which keeps it (glibc never frees it). */
	for (size_t i = 0; i < sizeof(SECRET) - 1; i++)
		cr_expect_eq(old[i], '\0', "the environment's string is wiped at byte %zu", i);
	cr_expect_eq(prctl(PR_GET_DUMPABLE), 0, "no core dump while a password is in memory");
	cr_expect_eq(getrlimit(RLIMIT_CORE, &lim), 0);
	cr_expect_eq(lim.rlim_cur, 0);
	password_release(&pw);
	setenv("COT_TEST_PW", "", 1);
	cr_assert_eq(password_from_env("COT_TEST_PW", &pw, &err), COT_OK);
	cr_expect_eq(pw.len, 0);
	password_release(&pw);
	unsetenv("COT_TEST_PW");
	cr_assert_eq(password_from_env("COT_TEST_PW", &pw, &err), COT_USAGE);
	cr_expect_str_eq(err.msg, "the environment variable 'COT_TEST_PW' is not set");
	cr_assert_eq(password_from_env("A=B", &pw, &err), COT_USAGE);
	cr_assert_eq(password_from_env("", &pw, &err), COT_USAGE);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	setenv("COT_TEST_PW", big, 1);
	cr_assert_eq(password_from_env("COT_TEST_PW", &pw, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "longer than 1024"), "%s", err.msg);
	cr_expect_null(pw.s);
}

/* ---- the prompt, on a pseudo-terminal ---- */

/*
 * The prompt runs in a grandchild, in the foreground process group of a new
 * session whose controlling terminal is a pty: its group is not orphaned
 * (its parent is in another group of the same session), so ^Z stops it.
 */
struct child {
	pid_t pid;   /* the session leader, our child */
	pid_t asker; /* the grandchild that asks */
	int master;
	int result; /* the asker writes its rc, then the password */
	int info;   /* the child writes the asker's pid, then the asker's wait status */
};

static void asker(int result)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	int rc;

	password_init(&pw);
	rc = password_prompt("Password for 'ks.p12': ", &pw, &err);
	if (write(result, &rc, sizeof(rc)) < 0 || (rc == 0 && write(result, pw.s, pw.len) < 0))
		_exit(98);
	password_release(&pw);
	_exit(0);
}

static void session_leader(const char *name, int result, int info)
{
	int slave, status;
	pid_t pid;

	setsid();
	slave = open(name, O_RDWR); /* the first terminal opened becomes the controlling one */
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		_exit(99);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		asker(result);
	}
	setpgid(pid, pid);
	tcsetpgrp(slave, pid);
	if (write(info, &pid, sizeof(pid)) < 0 || waitpid(pid, &status, 0) != pid ||
		write(info, &status, sizeof(status)) < 0)
		_exit(97);
	_exit(0);
}

static void start_prompt(struct child *c)
{
	int res[2], inf[2];
	char *name;

	c->master = posix_openpt(O_RDWR | O_NOCTTY);
	cr_assert_geq(c->master, 0);
	cr_assert_eq(grantpt(c->master), 0);
	cr_assert_eq(unlockpt(c->master), 0);
	name = ptsname(c->master);
	cr_assert_not_null(name);
	cr_assert_eq(pipe(res), 0);
	cr_assert_eq(pipe(inf), 0);
	c->pid = fork();
	cr_assert_geq(c->pid, 0);
	if (c->pid == 0)
		session_leader(name, res[1], inf[1]);
	close(res[1]);
	close(inf[1]);
	c->result = res[0];
	c->info = inf[0];
	cr_assert_eq(read(c->info, &c->asker, sizeof(c->asker)), (ssize_t)sizeof(c->asker));
}

/* Reads what the terminal shows until want appears (or 5 s pass), appending to seen. */
static bool wait_for(struct child *c, const char *want, char *seen, size_t size)
{
	size_t n = strlen(seen);
	struct pollfd p = {c->master, POLLIN, 0};

	for (int i = 0; i < 50 && !strstr(seen, want); i++) {
		if (poll(&p, 1, 100) > 0) {
			ssize_t r = read(c->master, seen + n, size - n - 1);
			if (r > 0)
				n += (size_t)r;
			seen[n] = '\0';
		}
	}
	return strstr(seen, want) != NULL;
}

static bool echo_on(int master)
{
	struct termios t;

	cr_assert_eq(tcgetattr(master, &t), 0);
	return (t.c_lflag & ECHO) != 0;
}

/* Echo is off once the prompt shows: the asker writes it after turning echo off. */
static void wait_prompt(struct child *c, char *seen, size_t size)
{
	if (!wait_for(c, "Password for 'ks.p12': ", seen, size))
		kill(c->asker, SIGKILL); /* leave no process behind */
	cr_assert(strstr(seen, "Password for 'ks.p12': "), "no prompt: '%s'", seen);
	cr_assert_not(echo_on(c->master), "echo is on while asking");
}

/* The asker's wait status, once it ended. */
static int asker_status(struct child *c)
{
	int status = -1, leader;

	cr_assert_eq(read(c->info, &status, sizeof(status)), (ssize_t)sizeof(status));
	cr_assert_eq(waitpid(c->pid, &leader, 0), c->pid);
	close(c->info);
	return status;
}

static void finish(struct child *c, char *seen, size_t size, int *rc, char *pw, size_t pwsize)
{
	int status;
	ssize_t n;

	wait_for(c, "\n", seen, size);
	status = asker_status(c);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "asker status %d", status);
	cr_assert_eq(read(c->result, rc, sizeof(*rc)), (ssize_t)sizeof(*rc));
	n = read(c->result, pw, pwsize - 1);
	pw[n > 0 ? n : 0] = '\0';
	close(c->result);
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return '?';
	p = fgets(buf, sizeof(buf), f);
	fclose(f);
	p = p ? strrchr(buf, ')') : NULL;
	return p && p[1] == ' ' ? p[2] : '?';
}

Test(prompt, typed_password_is_read_and_not_echoed, .timeout = 20)
{
	struct child c;
	char seen[4096] = "", pw[128];
	int rc = -1;

	start_prompt(&c);
	wait_prompt(&c, seen, sizeof(seen));
	cr_assert_eq(write(c.master, SECRET "\n", strlen(SECRET) + 1), (ssize_t)strlen(SECRET) + 1);
	finish(&c, seen, sizeof(seen), &rc, pw, sizeof(pw));
	cr_expect_eq(rc, COT_OK);
	cr_expect_str_eq(pw, SECRET);
	cr_expect_null(strstr(seen, SECRET), "the password was echoed: '%s'", seen);
	cr_expect(echo_on(c.master), "echo was not restored");
	close(c.master);
}

Test(prompt, interrupt_restores_the_terminal_and_kills, .timeout = 20)
{
	struct child c;
	char seen[4096] = "";
	int status;

	start_prompt(&c);
	wait_prompt(&c, seen, sizeof(seen));
	cr_assert_eq(write(c.master, "half", 4), 4);
	usleep(100000);
	kill(c.asker, SIGINT);
	status = asker_status(&c);
	cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
		"the interrupt was not raised again (status %d)", status);
	cr_expect(echo_on(c.master), "a ^C left the terminal without echo");
	cr_expect_null(strstr(seen, "half"), "typed text was echoed");
	close(c.master);
	close(c.result);
}

Test(prompt, stop_and_continue_asks_again, .timeout = 20)
{
	struct child c;
	char seen[4096] = "", pw[128];
	int rc = -1, i;

	start_prompt(&c);
	wait_prompt(&c, seen, sizeof(seen));
	kill(c.asker, SIGTSTP);
	for (i = 0; i < 50 && proc_state(c.asker) != 'T'; i++)
		usleep(100000);
	if (proc_state(c.asker) != 'T')
		kill(c.asker, SIGKILL);
	cr_assert_eq(proc_state(c.asker), 'T', "^Z did not stop the asker");
	cr_expect(echo_on(c.master), "a stopped prompt left the terminal without echo");
	seen[0] = '\0';
	kill(c.asker, SIGCONT);
	wait_prompt(&c, seen, sizeof(seen));
	cr_assert_eq(write(c.master, SECRET "\n", strlen(SECRET) + 1), (ssize_t)strlen(SECRET) + 1);
	finish(&c, seen, sizeof(seen), &rc, pw, sizeof(pw));
	cr_expect_eq(rc, COT_OK);
	cr_expect_str_eq(pw, SECRET);
	close(c.master);
}

Test(prompt, end_of_input_is_no_password, .timeout = 20)
{
	struct child c;
	char seen[4096] = "", pw[128];
	int rc = -1;

	start_prompt(&c);
	wait_prompt(&c, seen, sizeof(seen));
	cr_assert_eq(write(c.master, "\x04", 1), 1); /* ^D on an empty line */
	finish(&c, seen, sizeof(seen), &rc, pw, sizeof(pw));
	cr_expect_eq(rc, COT_USAGE);
	cr_expect_str_eq(pw, "");
	close(c.master);
}

Test(prompt, no_terminal)
{
	struct password pw;
	struct cot_err err = COT_ERR_INIT;
	pid_t pid = fork();
	int status;

	cr_assert_geq(pid, 0);
	if (pid == 0) {
		setsid(); /* a new session has no controlling terminal */
		password_init(&pw);
		_exit(password_prompt("x: ", &pw, &err) == COT_USAGE &&
					strstr(err.msg,
						"use --password-file FILE or --password-env VAR")
				? 0
				: 1);
	}
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
