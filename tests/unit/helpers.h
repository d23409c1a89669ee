/* Shared by the unit tests: temporary directories and small file helpers. */
#ifndef COT_TEST_HELPERS_H
#define COT_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/diag.h"
#include "cot/project.h"

/* A new temporary directory; the caller frees the string. */
static inline char *test_tmpdir(void)
{
	char *d = strdup("/tmp/cot-unit-XXXXXX");

	cr_assert_not_null(mkdtemp(d));
	return d;
}

static inline char *test_path(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

static inline void test_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

/* Reads a whole small file into a static buffer. */
static inline char *test_read(const char *path)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "r");
	size_t n;

	cr_assert_not_null(f, "cannot read %s", path);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static inline void test_rmtree(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
}

/* A real project in dir (project_create, as cot init makes it): name, a fixed KBO, route direct. */
static inline void test_project_create(const char *dir, const char *name)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;

	memset(&cfg, 0, sizeof(cfg));
	cfg.name = strdup(name);
	strcpy(cfg.kbo, "0566988259");
	cfg.route = ROUTE_DIRECT;
	cfg.requirements = strdup("belrai-security-1.0");
	cfg.answers = strdup("checklist.yaml");
	cfg.cert_env = strdup("production");
	cfg.submit_to = strdup(PROJECT_SUBMIT_TO);
	cr_assert_eq(project_create(dir, &cfg, &d, &err), COT_OK, "%s", err.msg);
	config_release(&cfg);
	diag_list_release(&d);
}

#endif
