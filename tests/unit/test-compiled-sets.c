/* The requirement sets compiled in: the same tree as parsing them, and only for their bytes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/checklist.h"
#include "cot/fsutil.h"
#include "cot/ydoc.h"

#define SHIPPED COT_SRCDIR "/checklists/belrai-security-1.0.yaml"

static char *read_set(size_t *len)
{
	struct cot_err err = COT_ERR_INIT;
	char *data = NULL;

	cr_assert_eq(
		fs_read(SHIPPED, CHECKLIST_MAX_BYTES, &data, len, &err), COT_OK, "%s", err.msg);
	return data;
}

/* Node for node, what the loaders read; returns the nodes compared. */
static size_t same_tree(const struct ynode *a, const struct ynode *b)
{
	size_t n = 1;

	cr_assert_eq(a->kind, b->kind);
	cr_assert_eq(a->line, b->line);
	cr_assert_eq(a->col, b->col, "line %u", a->line);
	cr_assert_eq(a->n, b->n, "line %u", a->line);
	if (a->kind == Y_SCALAR) {
		cr_assert_eq(a->len, b->len, "line %u", a->line);
		cr_assert_eq(memcmp(a->str, b->str, a->len + 1), 0, "line %u", a->line);
		cr_assert_eq(a->plain, b->plain, "line %u", a->line);
		return n;
	}
	cr_assert_null(a->str);
	cr_assert_null(b->str);
	cr_assert_eq(!a->keys, !b->keys, "line %u", a->line);
	for (size_t i = 0; i < a->n; i++) {
		if (a->keys)
			n += same_tree(a->keys[i], b->keys[i]);
		n += same_tree(a->kids[i], b->kids[i]);
	}
	return n;
}

Test(compiled_sets, tree_equals_ydoc_parse_node_for_node)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *parsed = NULL;
	const struct ynode *compiled;
	const char *sum = NULL;
	char hex[65];
	size_t len;
	char *data = read_set(&len);

	compiled = reqset_compiled(data, len, &sum);
	cr_assert_not_null(compiled, "the shipped set is not compiled in");
	sha256_hex(data, len, hex);
	cr_expect_str_eq(sum, hex);
	cr_assert_eq(ydoc_parse(SHIPPED, data, len, &lim, &parsed, &d), COT_OK);
	cr_assert_eq(d.n, 0);
	/* thousands of nodes: a comparison that stopped at the root would prove nothing */
	cr_expect_gt(same_tree(compiled, parsed), 1000);
	ynode_free(parsed);
	diag_list_release(&d);
	free(data);
}

Test(compiled_sets, other_bytes_are_not_matched)
{
	size_t len;
	char *data = read_set(&len);

	data[len / 2] ^= 1;
	cr_expect_null(reqset_compiled(data, len, NULL), "one byte changed");
	data[len / 2] ^= 1;
	cr_expect_null(reqset_compiled(data, len - 1, NULL), "one byte shorter");
	cr_expect_null(reqset_compiled("", 0, NULL));
	cr_expect_not_null(reqset_compiled(data, len, NULL));
	free(data);
}

/* An edited copy of the shipped set is parsed: the edit shows in what is loaded. */
Test(compiled_sets, edited_copy_is_parsed)
{
	char dir[] = "/tmp/cot-compiled-XXXXXX", path[64], *at;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct reqset shipped = REQSET_INIT, edited = REQSET_INIT;
	size_t len;
	char *data = read_set(&len);
	FILE *f;

	cr_assert_eq(reqset_load(SHIPPED, NULL, &shipped, &d, &err), COT_OK);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/set.yaml", dir);
	at = strstr(data, "\nid: belrai-security\n");
	cr_assert_not_null(at);
	at[strlen("\nid: belrai-securit")] = 'x'; /* same length, other id */
	cr_assert_not_null(f = fopen(path, "wb"));
	cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(reqset_load(path, NULL, &edited, &d, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(shipped.id, "belrai-security");
	cr_expect_str_eq(edited.id, "belrai-securitx");
	cr_expect_eq(edited.nreqs, shipped.nreqs);
	cr_expect_str_neq(edited.sha256, shipped.sha256);
	cr_expect_eq(d.errors, 0);
	reqset_release(&shipped);
	reqset_release(&edited);
	diag_list_release(&d);
	unlink(path);
	rmdir(dir);
	free(data);
}

static void same_str(const char *a, const char *b, const char *what)
{
	cr_assert_eq(!a, !b, "%s: one is NULL", what);
	if (a)
		cr_assert_str_eq(a, b, "%s", what);
}

static void same_ltext(const struct ltext *a, const struct ltext *b, const char *what)
{
	for (int l = 0; l < LANG_COUNT; l++)
		same_str(a->s[l], b->s[l], what);
}

static void same_loc(struct loc a, struct loc b, const char *what)
{
	cr_assert_eq(a.line, b.line, "%s", what);
	cr_assert_eq(a.col, b.col, "%s at line %u", what, a.line);
}

static void same_requirement(const struct requirement *a, const struct requirement *b)
{
	same_str(a->id, b->id, "id");
	same_loc(a->at, b->at, a->id);
	same_str(a->category, b->category, a->id);
	cr_assert_eq(a->cat, b->cat, "%s", a->id);
	same_loc(a->cat_at, b->cat_at, a->id);
	same_ltext(&a->title, &b->title, a->id);
	same_ltext(&a->description, &b->description, a->id);
	cr_assert_eq(a->level, b->level, "%s", a->id);
	cr_assert_eq(a->routes, b->routes, "%s", a->id);
	cr_assert_eq(a->kinds, b->kinds, "%s", a->id);
	cr_assert_eq(a->answer, b->answer, "%s", a->id);
	cr_assert_eq(a->evidence_required, b->evidence_required, "%s", a->id);
	same_str(a->evidence_kinds, b->evidence_kinds, a->id);
	cr_assert_eq(a->na_allowed, b->na_allowed, "%s", a->id);
	cr_assert_eq(a->review_months, b->review_months, "%s", a->id);
	same_str(a->source_id, b->source_id, a->id);
	same_str(a->source_ref, b->source_ref, a->id);
	same_loc(a->source_at, b->source_at, a->id);
}

/*
 * reqset_load builds a compiled-in set without checking it again: only sound when checking
 * it finds nothing, and when what it builds is what reqset_from_tree builds from the YAML.
 */
Test(compiled_sets, set_built_unchecked_equals_set_checked_from_yaml)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct reqset fast = REQSET_INIT, slow = REQSET_INIT;
	struct ynode *parsed = NULL;
	size_t len;
	char *data = read_set(&len);

	cr_assert_eq(ydoc_parse(SHIPPED, data, len, &lim, &parsed, &d), COT_OK);
	cr_assert_eq(reqset_from_tree(SHIPPED, parsed, &slow, &d), COT_OK);
	cr_assert_eq(d.n, 0, "checking the shipped set finds something: %s", d.n ? d.v[0].msg : "");
	cr_assert_eq(reqset_load(SHIPPED, NULL, &fast, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(d.n, 0);
	same_str(fast.file, slow.file, "file");
	same_str(fast.id, slow.id, "id");
	same_str(fast.version, slow.version, "version");
	same_ltext(&fast.title, &slow.title, "title");
	same_ltext(&fast.notice, &slow.notice, "notice");
	cr_assert_eq(fast.nsources, slow.nsources);
	for (size_t i = 0; i < slow.nsources; i++) {
		same_str(fast.sources[i].id, slow.sources[i].id, "source");
		same_str(fast.sources[i].title, slow.sources[i].title, slow.sources[i].id);
		same_loc(fast.sources[i].at, slow.sources[i].at, slow.sources[i].id);
	}
	cr_assert_eq(fast.ncats, slow.ncats);
	for (size_t i = 0; i < slow.ncats; i++) {
		same_str(fast.cats[i].id, slow.cats[i].id, "category");
		same_ltext(&fast.cats[i].title, &slow.cats[i].title, slow.cats[i].id);
		same_loc(fast.cats[i].at, slow.cats[i].at, slow.cats[i].id);
	}
	/* dozens of requirements: a set cut short would prove nothing */
	cr_assert_gt(slow.nreqs, 50);
	cr_assert_eq(fast.nreqs, slow.nreqs);
	for (size_t i = 0; i < slow.nreqs; i++) {
		same_requirement(&fast.reqs[i], &slow.reqs[i]);
		cr_assert_eq(fast.by_id[i] - fast.reqs, slow.by_id[i] - slow.reqs);
	}
	reqset_release(&fast);
	reqset_release(&slow);
	ynode_free(parsed);
	diag_list_release(&d);
	free(data);
}
