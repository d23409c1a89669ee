/* Times process start-up for bench/startup.sh: runs each command in turn, prints medians. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One run of argv, its output to /dev/null: milliseconds, or -1 when it failed (exit > 1). */
static double run_once(char *const argv[])
{
	posix_spawn_file_actions_t fa;
	double t0 = now_ms();
	int st;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0 ||
		waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
		t0 = -1;
	posix_spawn_file_actions_destroy(&fa);
	return t0 < 0 ? -1 : now_ms() - t0;
}

/* startup-run RUNS CMD1 CMD2 ...: each CMD a string split at spaces. */
int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[1]) : 0, n = argc - 2;
	char **cmd[64];
	double *t;

	if (runs < 1 || n < 1 || n > 64) {
		fprintf(stderr, "usage: startup-run RUNS CMD...\n");
		return 2;
	}
	t = calloc((size_t)runs * n, sizeof(*t));
	for (int c = 0; c < n; c++) {
		char *s = argv[c + 2];
		int k = 0;

		cmd[c] = calloc(64, sizeof(char *));
		for (char *w = strtok(s, " "); w && k < 63; w = strtok(NULL, " "))
			cmd[c][k++] = w;
	}
	for (int r = 0; r < runs; r++)
		for (int c = 0; c < n; c++)
			if ((t[c * runs + r] = run_once(cmd[c])) < 0) {
				fprintf(stderr, "startup-run: '%s' failed\n", cmd[c][0]);
				return 1;
			}
	for (int c = 0; c < n; c++) {
		qsort(t + c * runs, runs, sizeof(*t), cmp);
		printf("%.3f\n", t[c * runs + runs / 2]);
	}
	return 0;
}
