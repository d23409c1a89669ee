/* Refuses control, bidi and invalid characters in the scalars of a YAML tree cot reads. */
#include <string.h>
#include "cot/escape.h"
#include "cot/ytext.h"

static unsigned check_scalar(const struct ynode *n, bool multiline, const char *file,
	struct diag_list *d)
{
	long cp, at = esc_control_at(n->str, n->len, multiline, &cp);

	if (at < 0)
		return 0;
	diag_add(d, DIAG_ERROR, file, n->line, n->col, "text-control", "the text holds the %s "
		"\\%s%0*lx: names and text may not hold control, bidi or invalid characters",
		cp < 0 ? "byte" : "character", cp < 0x80 ? "x" : "u", cp < 0x80 ? 2 : 4,
		cp < 0 ? -cp : cp);
	return 1;
}

unsigned ytext_check(const struct ynode *root, const char *file, struct diag_list *d)
{
	unsigned found = 0;

	if (!root)
		return 0;
	if (root->kind == Y_SCALAR)
		return check_scalar(root, true, file, d);
	for (size_t i = 0; i < root->n; i++) {
		const struct ynode *v = root->kids[i];
		if (root->kind == Y_MAP) {
			found += check_scalar(root->keys[i], false, file, d);
			if (v->kind == Y_SCALAR && strcmp(root->keys[i]->str, "name") == 0) {
				found += check_scalar(v, false, file, d);
				continue;
			}
		}
		found += ytext_check(v, file, d);
	}
	return found;
}
