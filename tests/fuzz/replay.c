/* Runs a fuzz harness without libFuzzer: each file named on the command line (or in a directory
 * named there) once, as a regular test. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot/fsutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Larger than any input a harness is run with (libFuzzer's -max_len stays far below). */
#define REPLAY_MAX ((size_t)8 << 20)

static int replay_file(const char *path, unsigned *runs)
{
	struct cot_err err = COT_ERR_INIT;
	char *data = NULL;
	size_t len = 0;

	if (fs_read(path, REPLAY_MAX, &data, &len, &err)) {
		fprintf(stderr, "replay: %s\n", err.msg);
		return 1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data, len);
	free(data);
	(*runs)++;
	return 0;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order (hidden files and README.md excepted). */
static int replay_dir(const char *dir, unsigned *runs)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open '%s': %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		char **v;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "README.md") == 0)
			continue;
		v = realloc(names, (n + 1) * sizeof(*names));
		if (!v || !(v[n] = path_join(dir, e->d_name))) {
			free(v ? v : names);
			closedir(d);
			return 1;
		}
		names = v;
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (size_t i = 0; i < n; i++) {
		rc |= replay_file(names[i], runs);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned runs = 0;
	int rc = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "replay: cannot use '%s': %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= replay_dir(argv[i], &runs);
		} else {
			rc |= replay_file(argv[i], &runs);
		}
	}
	printf("%u inputs replayed\n", runs);
	return rc || runs == 0;
}
