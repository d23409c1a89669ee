/* Unit tests of portfolio.h: many project folders, each read on its own, broken ones a line. */
#include <sys/stat.h>
#include <unistd.h>
#include "cot/clock.h"
#include "cot/portfolio.h"
#include "helpers.h"

static char *tmp;

static void setup(void)
{
	tmp = test_tmpdir();
	cr_assert_eq(chdir(tmp), 0);
}

static void teardown(void)
{
	cr_assert_eq(chdir("/"), 0);
	test_rmtree(tmp);
	free(tmp);
}

static struct portfolio collect(const char *const *dirs, size_t n, int want)
{
	struct portfolio pf = PORTFOLIO_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(portfolio_collect(dirs, n, clock_now(), &pf, &err), want, "%s", err.msg);
	return pf;
}

TestSuite(portfolio, .init = setup, .fini = teardown);

Test(portfolio, a_folder_of_projects_sorted_with_its_broken_ones)
{
	const char *dirs[] = {"org"};
	struct portfolio pf;

	cr_assert_eq(mkdir("org", 0755), 0);
	test_project_create("org/b", "Bravo");
	test_project_create("org/a", "Alpha");
	cr_assert_eq(symlink("/nonexistent/x", "org/c-link"), 0);
	cr_assert_eq(mkdir("org/d-plain", 0755), 0);
	cr_assert_eq(mkdir("org/.hidden", 0755), 0);
	test_write("org/e-file", "not a folder, left out");
	pf = collect(dirs, 1, COT_OK);
	cr_assert_eq(pf.n, 4);
	cr_expect_str_eq(pf.v[0].path, "org/a");
	cr_expect_str_eq(pf.v[0].name, "Alpha");
	cr_expect_eq(pf.v[0].rc, COT_OK);
	cr_expect_str_eq(pf.v[0].step, "cert-requested");
	cr_expect_eq(pf.v[0].days, 0);
	cr_expect_str_eq(pf.v[1].name, "Bravo");
	cr_expect_str_eq(pf.v[2].path, "org/c-link");
	cr_expect(strstr(pf.v[2].error, "symbolic link to nothing"), "%s", pf.v[2].error);
	cr_expect(strstr(pf.v[3].error, "not a cot project"), "%s", pf.v[3].error);
	cr_expect_eq(portfolio_failed(&pf), 2);
	portfolio_release(&pf);
}

Test(portfolio, operands_in_order_and_what_is_no_folder)
{
	const char *dirs[] = {"z", "missing", "file", "empty", "a"};
	struct portfolio pf;

	test_project_create("z", "Zulu");
	test_project_create("a", "Alpha");
	test_write("file", "x");
	cr_assert_eq(mkdir("empty", 0755), 0);
	pf = collect(dirs, 5, COT_OK);
	cr_assert_eq(pf.n, 5);
	cr_expect_str_eq(pf.v[0].name, "Zulu");
	cr_expect(strstr(pf.v[1].error, "cannot read 'missing'"), "%s", pf.v[1].error);
	cr_expect(strstr(pf.v[2].error, "is not a folder"), "%s", pf.v[2].error);
	cr_expect(strstr(pf.v[3].error, "neither a cot project nor a folder of projects"), "%s",
		pf.v[3].error);
	cr_expect_str_eq(pf.v[4].name, "Alpha");
	portfolio_release(&pf);
}

Test(portfolio, a_broken_config_and_a_broken_journal_are_lines)
{
	const char *dirs[] = {"y", "j"};
	struct portfolio pf;

	test_project_create("y", "Yankee");
	test_write("y/cot.yaml", "version: [\n");
	test_project_create("j", "Juliett");
	test_write("j/.cot/journal", "{\"seq\": 1}\n");
	pf = collect(dirs, 2, COT_OK);
	cr_assert_eq(pf.n, 2);
	cr_expect_neq(pf.v[0].rc, COT_OK);
	cr_expect(strstr(pf.v[0].error, "cot.yaml:"), "%s", pf.v[0].error);
	cr_expect_neq(pf.v[1].rc, COT_OK);
	cr_expect_str_eq(pf.v[1].name, "Juliett", "the organisation is known before the journal");
	cr_expect(pf.v[1].error && pf.v[1].error[0]);
	portfolio_release(&pf);
}
