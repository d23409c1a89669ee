/* Unit tests of the authority's policy: the NIHII-to-KBO register, trusted sets, the bundle's
 * report. */
#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/bundle.h"
#include "cot/checklist.h"
#include "cot/fsutil.h"
#include "cot/policy.h"
#include "helpers.h"

#define MINI COT_SRCDIR "/tests/fixtures/checklist/valid/mini-requirements.yaml"
#define MINI_ANSWERS COT_SRCDIR "/tests/fixtures/checklist/valid/mini-answers.yaml"

static int load_bytes(const char *data, size_t len, struct verify_policy *p, struct cot_err *err)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "register.txt");
	FILE *f = fopen(path, "wb");
	int rc;

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	rc = policy_load_register(p, path, err);
	unlink(path);
	rmdir(dir);
	free(path);
	free(dir);
	return rc;
}

static int load_register(const char *text, struct verify_policy *p, struct cot_err *err)
{
	return load_bytes(text, strlen(text), p, err);
}

Test(policy, register_binds_what_it_lists)
{
	struct verify_policy p;
	struct cot_err err = COT_ERR_INIT;

	policy_init(&p);
	cr_assert_eq(load_register("# NIHII KBO name\n\n71089815 0566.988.259 Andere vzw\n"
				   "  71089815\tBE0403019261 # a second enterprise, a comment\n",
			     &p, &err),
		COT_OK, "%s", err.msg);
	cr_expect_eq(p.nreg, 2);
	cr_expect_eq(policy_binds(&p, "71089815", "0566988259"), 3);
	cr_expect_eq(policy_binds(&p, "71089815", "0403019261"), 4);
	cr_expect_eq(policy_binds(&p, "71089815", "0809394427"), 0);
	cr_expect_eq(policy_binds(&p, "71089834", "0566988259"), 0);
	cr_expect_eq(policy_binds(NULL, "71089815", "0566988259"), 0);
	policy_release(&p);
}

Test(policy, register_refuses_bad_lines_whole)
{
	static const struct {
		const char *text, *why;
	} cases[] = {
		{"71089815 0566988258\n", ":1: KBO '0566988258'"},
		{"ok\n", ":1: 'ok' has no KBO"},
		{"71089815 0566988259\n71089816 0566988259\n", ":2: NIHII '71089816'"},
		{"71089815001 0566988259\n", "not the NIHII of an institution"},
	};
	char longline[REGISTER_MAX_LINE + 40];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct verify_policy p;
		struct cot_err err = COT_ERR_INIT;
		policy_init(&p);
		cr_expect_eq(load_register(cases[i].text, &p, &err), COT_USAGE, "case %zu", i);
		cr_expect(strstr(err.msg, cases[i].why), "case %zu: %s", i, err.msg);
		cr_expect_eq(p.nreg, 0, "case %zu keeps nothing", i);
		cr_expect_null(p.reg_file);
		policy_release(&p);
	}
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	{
		struct verify_policy p;
		struct cot_err err = COT_ERR_INIT;
		policy_init(&p);
		cr_expect_eq(load_register(longline, &p, &err), COT_USAGE);
		cr_expect(strstr(err.msg, "longer than"), "%s", err.msg);
		cr_expect_eq(policy_load_register(&p, "/nonexistent/register", &err), COT_USAGE);
		cr_expect_eq(load_bytes("71089815 0566988259\n\0\n", 23, &p, &err), COT_USAGE);
		cr_expect(strstr(err.msg, "a NUL byte"), "%s", err.msg);
		policy_release(&p);
	}
}

Test(policy, register_is_bounded)
{
	struct verify_policy p;
	struct cot_err err = COT_ERR_INIT;
	size_t n = REGISTER_MAX + 2;
	char *big = malloc(n);

	memset(big, '\n', n - 1);
	big[n - 1] = '\0';
	policy_init(&p);
	cr_expect_eq(load_register(big, &p, &err), COT_USAGE);
	cr_expect_eq(p.nreg, 0);
	policy_release(&p);
	free(big);
}

Test(policy, shipped_and_given_sets)
{
	struct verify_policy p;
	struct cot_err err = COT_ERR_INIT;
	char *files[] = {(char *)MINI};
	const struct reqset *rs;

	setenv("COT_CHECKLISTS", COT_SRCDIR "/checklists", 1);
	policy_init(&p);
	cr_assert_eq(policy_load(&p, files, 1, NULL, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(p.nsets, 2);
	rs = policy_set(&p, "belrai-security", "1.0");
	cr_assert_not_null(rs);
	cr_expect_eq(strlen(rs->sha256), 64);
	cr_expect_not_null(policy_set(&p, "mini-security", "0.1"));
	cr_expect_null(policy_set(&p, "mini-security", "0.2"));
	cr_expect_null(policy_set(&p, NULL, "0.1"));
	/* The same set twice, not as a replacement: refused. */
	cr_expect_eq(policy_add_set(&p, MINI, false, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "trusted already"), "%s", err.msg);
	cr_expect_eq(policy_add_set(&p, MINI, true, &err), COT_OK);
	cr_expect_eq(p.nsets, 2);
	/* A file that is not a valid set. */
	cr_expect_eq(policy_add_set(&p, MINI_ANSWERS, true, &err), COT_USAGE);
	cr_expect_eq(policy_add_set(&p, "/nonexistent.yaml", true, &err), COT_USAGE);
	cr_expect_eq(p.nsets, 2);
	policy_release(&p);
	unsetenv("COT_CHECKLISTS");
}

/* The report a bundle carries depends on its input alone: not the locale, not the file. */
Test(policy, bundle_report_is_deterministic)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct reqset rs = REQSET_INIT;
	struct answers a = ANSWERS_INIT;
	struct buf one = BUF_INIT, two = BUF_INIT, three = BUF_INIT;
	struct bundle_report_in in;

	cr_assert_eq(reqset_load(MINI, "somewhere/mini.yaml", &rs, &d, &err), COT_OK);
	cr_assert_eq(answers_load(MINI_ANSWERS, "checklist.yaml", &a, &d, &err), COT_OK);
	in = (struct bundle_report_in){.rs = &rs,
		.a = &a,
		.name = "Test vzw",
		.kbo = "0234567873",
		.route = ROUTE_DIRECT,
		.kind = KIND_ORGANISATION,
		.created = 1764000000,
		.tool_version = "9.9.9",
		.lang = LANG_NL};
	cr_assert_eq(bundle_report_render(&in, &one, &err), COT_OK, "%s", err.msg);
	free(a.file);
	a.file = strdup("/elsewhere/answers.yaml");
	if (setlocale(LC_ALL, "de_DE.UTF-8") || setlocale(LC_ALL, "fr_FR.UTF-8") ||
		setlocale(LC_ALL, "nl_BE.UTF-8"))
		cr_log_info("rendering again with LC_NUMERIC %s", setlocale(LC_NUMERIC, NULL));
	cr_assert_eq(bundle_report_render(&in, &two, &err), COT_OK, "%s", err.msg);
	setlocale(LC_ALL, "C");
	cr_assert_eq(one.len, two.len);
	cr_expect_eq(memcmp(one.data, two.data, one.len), 0);
	cr_expect(strstr(one.data, "checklist/answers.yaml"), "the answers named as in a bundle");
	cr_expect(strstr(one.data, "cot 9.9.9"), "the tool version of submission.xml");
	cr_expect_null(strstr(one.data, "/elsewhere"));
	cr_expect_null(strstr(one.data, "evidence-missing"), "evidence files are not looked at");
	/* Another day, another language: another page. */
	in.created += 86400;
	cr_assert_eq(bundle_report_render(&in, &three, &err), COT_OK);
	cr_expect(three.len != one.len || memcmp(one.data, three.data, one.len) != 0);
	buf_release(&one);
	buf_release(&two);
	buf_release(&three);
	reqset_release(&rs);
	answers_release(&a);
	diag_list_release(&d);
}

/* An installed copy of the shipped set that was changed since cot was built is not trusted. */
Test(policy, changed_shipped_set_refused)
{
	struct verify_policy p;
	struct cot_err err = COT_ERR_INIT;
	char dir[] = "/tmp/cot-policy-XXXXXX", path[64], *data = NULL;
	size_t len = 0;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/belrai-security-1.0.yaml", dir);
	cr_assert_eq(fs_read(COT_SRCDIR "/checklists/belrai-security-1.0.yaml", 1 << 22, &data,
			     &len, &err),
		COT_OK);
	/* one more comment line: the set means the same, its bytes are not the shipped ones */
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fwrite(data, 1, len, f);
	fputs("# changed\n", f);
	fclose(f);
	setenv("COT_CHECKLISTS", dir, 1);
	policy_init(&p);
	cr_expect_eq(policy_add_shipped(&p, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "changed after cot was built"), "%s", err.msg);
	policy_release(&p);
	unsetenv("COT_CHECKLISTS");
	unlink(path);
	rmdir(dir);
	free(data);
}
