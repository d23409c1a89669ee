/* The strict YAML reader: trees, exact positions of findings, hostile documents. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "cot/ydoc.h"

static int parse(const char *text, struct ynode **root, struct diag_list *d)
{
	return ydoc_parse("t.yaml", text, strlen(text), NULL, root, d);
}

/* The first finding with rule, or fails the test. */
static const struct diag *find(const struct diag_list *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule && strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	cr_assert_fail("no finding [%s] among %zu", rule, d->n);
	return NULL;
}

Test(ydoc, builds_a_tree_with_positions)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;

	cr_assert_eq(parse("a: 1\nb:\n  - x\n  - 'y'\nc: {d: e}\n", &root, &d), COT_OK);
	cr_assert_eq(root->kind, Y_MAP);
	cr_expect_eq(root->n, 3);
	cr_expect_str_eq(ymap_get(root, "a")->str, "1");
	cr_expect(ymap_get(root, "a")->plain);
	cr_expect_eq(ymap_get(root, "b")->kind, Y_SEQ);
	cr_expect_eq(ymap_get(root, "b")->kids[1]->line, 4);
	cr_expect_eq(ymap_get(root, "b")->kids[1]->col, 5);
	cr_expect_not(ymap_get(root, "b")->kids[1]->plain);
	cr_expect_str_eq(ymap_get(ymap_get(root, "c"), "d")->str, "e");
	cr_expect_eq(ymap_key(root, "c")->line, 5);
	cr_expect_null(ymap_get(root, "zz"));
	ynode_free(root);
	diag_list_release(&d);
}

Test(ydoc, duplicate_keys_all_reported_at_the_repeat)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	const struct diag *x;

	cr_assert_eq(parse("a: 1\nb: 2\na: 3\nm:\n  k: 1\n  k: 2\n", &root, &d), COT_USAGE);
	cr_expect_null(root);
	cr_expect_eq(d.errors, 2);
	x = find(&d, "yaml-duplicate-key");
	cr_expect_eq(x->line, 3);
	cr_expect_eq(x->col, 1);
	cr_expect(strstr(x->msg, "first at line 1"), "%s", x->msg);
	cr_expect_eq(d.v[1].line, 6);
	cr_expect_eq(d.v[1].col, 3);
	diag_list_release(&d);
}

Test(ydoc, aliases_and_anchors_refused)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	const struct diag *x;

	cr_assert_eq(parse("a: &x [1, 2]\nb: *x\n", &root, &d), COT_USAGE);
	x = find(&d, "yaml-alias");
	cr_expect_eq(x->line, 1);
	cr_expect_eq(x->col, 4);
	cr_expect_eq(d.errors, 2);
	cr_expect_eq(d.v[1].line, 2);
	cr_expect_eq(d.v[1].col, 4);
	diag_list_release(&d);
}

Test(ydoc, alias_bomb_is_cheap_and_refused)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
			   "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
			   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
			   "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
			   "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
			   "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n";

	cr_assert_eq(parse(bomb, &root, &d), COT_USAGE);
	cr_expect_null(root);
	cr_expect_gt(d.errors, 5);
	diag_list_release(&d);
}

/* Documents refused (COT_USAGE) with a finding of rule at line:col (0: not checked). */
static const struct refusal {
	const char *what, *text, *rule;
	unsigned line, col;
} refusals[] = {
	{"an unclosed flow sequence", "a: 1\nb: [1, 2\nc: 3\n", "yaml-syntax", 3, 2},
	{"a tab as indentation", "a:\n\tb: 1\n", "yaml-syntax", 2, 0},
	{"invalid UTF-8", "a: caf\xc3\n", "yaml-syntax", 0, 0},
	{"a second document", "a: 1\n---\nb: 2\n", "yaml-documents", 2, 0},
	{"a tag", "a: !!binary aGk=\n", "yaml-tag", 0, 0},
	{"a complex key", "? [a, b]\n: 1\n", "yaml-key", 0, 0},
};

Test(ydoc, refusals_are_located_under_their_rule)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *t = &refusals[i];
		struct diag_list d = DIAG_LIST_INIT;
		struct ynode *root;
		const struct diag *x;

		cr_assert_eq(parse(t->text, &root, &d), COT_USAGE, "%s", t->what);
		x = find(&d, t->rule);
		if (t->line)
			cr_expect_eq(x->line, t->line, "%s: line %u", t->what, x->line);
		if (t->col)
			cr_expect_eq(x->col, t->col, "%s: col %u", t->what, x->col);
		diag_list_release(&d);
	}
}

Test(ydoc, bom_and_crlf_accepted)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;

	cr_assert_eq(parse("\xef\xbb\xbf"
			   "a: 1\r\nb: two\r\n",
			     &root, &d),
		COT_OK);
	cr_expect_str_eq(ymap_get(root, "b")->str, "two");
	cr_expect_eq(ymap_key(root, "b")->line, 2);
	ynode_free(root);
	diag_list_release(&d);
}

Test(ydoc, depth_limit)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	char deep[200];

	memset(deep, '[', 100);
	deep[100] = '\0';
	cr_assert_eq(parse(deep, &root, &d), COT_USAGE);
	cr_expect_eq(find(&d, "yaml-depth")->col, 33);
	diag_list_release(&d);
}

Test(ydoc, size_and_node_limits)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ydoc_limits lim = {.max_bytes = 16, .max_nodes = 4};
	struct ynode *root;

	cr_assert_eq(ydoc_parse("t", "a: 1\nb: 2\nc: 3\nd: 4\n", 20, &lim, &root, &d), COT_USAGE);
	find(&d, "yaml-size");
	diag_list_release(&d);
	lim.max_bytes = 0;
	cr_assert_eq(ydoc_parse("t", "[1, 2, 3, 4, 5]", 15, &lim, &root, &d), COT_USAGE);
	cr_expect(strstr(find(&d, "yaml-size")->msg, "more than 4 nodes"));
	diag_list_release(&d);
}

Test(ydoc, empty_document_is_null_root)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root = (struct ynode *)1;

	cr_assert_eq(parse("", &root, &d), COT_OK);
	cr_expect_null(root);
	cr_assert_eq(parse("# only a comment\n", &root, &d), COT_OK);
	cr_expect_null(root);
	diag_list_release(&d);
}

Test(ydoc, typed_accessors)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	static const char *const keys[] = {"s", "b", "i", "m", NULL};
	const char *s;
	bool b = false, ok;
	long i = 0;

	cr_assert_eq(parse("s: text\nb: true\ni: 42\nm: {x: 1}\nq: 1\n", &root, &d), COT_OK);
	cr_expect(yget_str(root, "s", true, "t", &d, &s));
	cr_expect_str_eq(s, "text");
	cr_expect(yget_bool(root, "b", true, "t", &d, &b));
	cr_expect(b);
	cr_expect(yget_int(root, "i", true, "t", &d, &i));
	cr_expect_eq(i, 42);
	cr_expect_not_null(yget_kind(root, "m", Y_MAP, true, "t", &d, &ok));
	cr_expect_eq(d.errors, 0);
	cr_expect_not(yget_str(root, "m", true, "t", &d, &s));
	cr_expect_not(yget_bool(root, "s", true, "t", &d, &b));
	cr_expect_not(yget_int(root, "s", true, "t", &d, &i));
	cr_expect_not(yget_str(root, "absent", true, "t", &d, &s));
	cr_expect(yget_str(root, "absent", false, "t", &d, &s));
	cr_expect_not(ycheck_keys(root, keys, "t", &d));
	cr_expect_eq(d.errors, 5);
	cr_expect_str_eq(d.v[4].rule, "schema-unknown-key");
	cr_expect_eq(d.v[4].line, 5);
	ynode_free(root);
	diag_list_release(&d);
}
