/* The journal: records, the chain, and what verify catches. */
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "helpers.h"

static char *dir, *jpath, *hpath;

static void setup(void)
{
	dir = test_tmpdir();
	jpath = test_path(dir, "journal");
	hpath = test_path(dir, "journal.head");
	setenv("COT_ACTOR", "tester@unit", 1);
	setenv("COT_NOW", "2026-03-01T10:00:00Z", 1);
}

static void teardown(void)
{
	test_rmtree(dir);
	free(dir);
	free(jpath);
	free(hpath);
}

static void append_n(int n)
{
	struct cot_err err = COT_ERR_INIT;

	for (int i = 0; i < n; i++)
		cr_assert_eq(
			journal_append(jpath, hpath, "step", json_pack("{s:i}", "n", i + 1), &err),
			COT_OK, "%s", err.msg);
}

static int verify(struct cot_err *err)
{
	unsigned long n;

	return journal_verify(jpath, hpath, &n, err);
}

/* Rewrites the journal with line k (1-based) transformed by fn. */
static void rewrite(void (*fn)(char **lines, int *n))
{
	char *text = strdup(test_read(jpath)), *lines[64], *save = NULL;
	int n = 0;
	FILE *f;

	for (char *t = strtok_r(text, "\n", &save); t; t = strtok_r(NULL, "\n", &save))
		lines[n++] = t;
	fn(lines, &n);
	f = fopen(jpath, "w");
	for (int i = 0; i < n; i++)
		fprintf(f, "%s\n", lines[i]);
	fclose(f);
	free(text);
}

TestSuite(journal, .init = setup, .fini = teardown);

Test(journal, records_chain_and_load)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;

	append_n(3);
	cr_assert_eq(journal_load(jpath, &j, &err), COT_OK);
	cr_assert_eq(j.n, 3);
	cr_expect_eq(j.v[2].seq, 3);
	cr_expect_str_eq(j.v[0].actor, "tester@unit");
	cr_expect_str_eq(j.v[0].time, "2026-03-01T10:00:00Z");
	cr_expect_str_eq(json_string_value(json_object_get(j.v[0].obj, "prev")), JOURNAL_GENESIS);
	cr_expect_eq(verify(&err), COT_OK, "%s", err.msg);
	journal_release(&j);
}

static void edit_second(char **lines, int *n)
{
	static char copy[4096];
	char *p;

	snprintf(copy, sizeof(copy), "%s", lines[1]);
	p = strstr(copy, "\"n\":2");
	cr_assert_not_null(p);
	p[4] = '7';
	lines[1] = copy;
}

Test(journal, verify_catches_an_edit)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(4);
	rewrite(edit_second);
	cr_assert_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "record 3"), "%s", err.msg);
	cr_expect(strstr(err.msg, ":3:"), "%s", err.msg);
}

static void delete_second(char **lines, int *n)
{
	for (int i = 1; i + 1 < *n; i++)
		lines[i] = lines[i + 1];
	(*n)--;
}

Test(journal, verify_catches_a_deletion)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(4);
	rewrite(delete_second);
	cr_assert_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "record 2"), "%s", err.msg);
	cr_expect(strstr(err.msg, "sequence number 3"), "%s", err.msg);
}

static void swap_two(char **lines, int *n)
{
	char *t = lines[1];

	lines[1] = lines[2];
	lines[2] = t;
}

Test(journal, verify_catches_a_reorder)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(4);
	rewrite(swap_two);
	cr_assert_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "record 2"), "%s", err.msg);
}

static void drop_last(char **lines, int *n)
{
	(*n)--;
}

Test(journal, verify_catches_a_removed_tail)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(4);
	rewrite(drop_last);
	rewrite(drop_last);
	cr_assert_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "ends at record 2 but its head says record 4"), "%s", err.msg);
}

Test(journal, an_append_interrupted_before_the_head_verifies)
{
	struct cot_err err = COT_ERR_INIT;
	char head[1024];

	append_n(3);
	snprintf(head, sizeof(head), "%.200s", test_read(hpath));
	append_n(2);
	test_write(hpath, head); /* as if killed twice between the two renames */
	cr_expect_eq(verify(&err), COT_OK, "%s", err.msg);
	append_n(1);
	cr_expect_eq(verify(&err), COT_OK, "%s", err.msg);
	cr_expect_neq(strstr(test_read(hpath), "6 "), NULL, "the next write repairs the head");
}

Test(journal, a_head_that_names_another_record_is_caught)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(3);
	test_write(hpath, "2 0000000000000000000000000000000000000000000000000000000000000001\n");
	cr_expect_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "record 2 differs"), "%s", err.msg);
	test_write(hpath, "garbage\n");
	cr_expect_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "malformed"), "%s", err.msg);
}

Test(journal, missing_head_and_garbage)
{
	struct cot_err err = COT_ERR_INIT;
	struct journal j = JOURNAL_INIT;

	append_n(2);
	remove(hpath);
	cr_expect_eq(verify(&err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "missing"), "%s", err.msg);
	test_write(jpath, "{\"seq\":1}\nnot json\n");
	cr_expect_eq(journal_load(jpath, &j, &err), COT_USAGE);
	cr_expect(strstr(err.msg, ":1:"), "%s", err.msg);
	cr_expect_eq(verify(&err), COT_FINDINGS);
}

Test(journal, empty_and_absent)
{
	struct cot_err err = COT_ERR_INIT;
	struct journal j = JOURNAL_INIT;

	cr_expect_eq(journal_load(jpath, &j, &err), COT_OK);
	cr_expect_eq(j.n, 0);
	cr_expect_eq(verify(&err), COT_OK);
}

Test(journal, duplicate_json_keys_refused)
{
	struct cot_err err = COT_ERR_INIT;
	struct journal j = JOURNAL_INIT;

	test_write(jpath, "{\"seq\":1,\"seq\":2,\"time\":\"t\",\"event\":\"e\",\"actor\":\"a\","
			  "\"prev\":\"p\"}\n");
	cr_expect_eq(journal_load(jpath, &j, &err), COT_USAGE);
}

/*
 * A failed append changes nothing: here the head's temp file cannot be created (a
 * directory has its name), after the journal's own temp file was written. cot once
 * renamed the journal into place first, and a command that said "error" had recorded.
 */
Test(journal, failed_append_changes_nothing)
{
	struct cot_err err = COT_ERR_INIT;
	char tmp[64], *blocker, *before;
	unsigned long n;

	append_n(2);
	before = strdup(test_read(jpath));
	snprintf(tmp, sizeof(tmp), "journal.head.tmp-%ld", (long)getpid());
	blocker = test_path(dir, tmp);
	cr_assert_eq(mkdir(blocker, 0700), 0);
	cr_assert_eq(
		journal_append(jpath, hpath, "step", json_pack("{s:i}", "n", 3), &err), COT_ENV);
	cr_expect(strstr(err.msg, "journal.head") && !strstr(err.msg, ".tmp-"), "%s", err.msg);
	cr_expect_str_eq(test_read(jpath), before);
	cr_expect_eq(journal_verify(jpath, hpath, &n, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(n, 2);
	cr_assert_eq(rmdir(blocker), 0);
	append_n(1);
	cr_expect_eq(journal_verify(jpath, hpath, &n, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(n, 3);
	free(blocker);
	free(before);
}

/* History is never extended on a broken chain: every append verifies first, and refuses. */
Test(journal, append_refuses_a_broken_journal)
{
	struct cot_err err = COT_ERR_INIT;
	char *before, *head;

	append_n(4);
	rewrite(edit_second);
	before = strdup(test_read(jpath));
	head = strdup(test_read(hpath));
	cr_assert_eq(journal_append(jpath, hpath, "step", json_pack("{s:i}", "n", 5), &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "nothing was recorded, the journal is broken: "), "%s", err.msg);
	cr_expect(strstr(err.msg, ":3: record 3:"), "names the first bad record: %s", err.msg);
	cr_expect(
		strstr(err.msg, "'cot log --verify'") && strstr(err.msg, "backup"), "%s", err.msg);
	cr_expect_str_eq(test_read(jpath), before);
	cr_expect_str_eq(test_read(hpath), head);
	free(before);
	free(head);
}

Test(journal, append_refuses_a_removed_tail_and_a_missing_head)
{
	struct cot_err err = COT_ERR_INIT;

	append_n(3);
	rewrite(delete_second);
	cr_expect_eq(journal_append(jpath, hpath, "step", NULL, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "sequence number 3, expected 2"), "%s", err.msg);
	remove(jpath);
	remove(hpath);
	append_n(2);
	remove(hpath);
	cr_expect_eq(journal_append(jpath, hpath, "step", NULL, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "is missing"), "%s", err.msg);
	cr_expect(!fs_exists(hpath), "no head was written");
}

Test(journal, intact_names_the_first_bad_record)
{
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(journal_intact(jpath, hpath, false, &err), COT_OK, "absent is intact");
	append_n(4);
	cr_expect_eq(journal_intact(jpath, hpath, false, &err), COT_OK, "%s", err.msg);
	rewrite(edit_second);
	cr_expect_eq(journal_intact(jpath, hpath, false, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "the journal is broken: ") && strstr(err.msg, "record 3"), "%s",
		err.msg);
}
