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
