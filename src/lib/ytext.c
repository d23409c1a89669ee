/* YAML text: control characters refused in what cot reads, quoting for what it writes. */
#include <stdio.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/ytext.h"

static unsigned check_scalar(
	const struct ynode *n, bool multiline, const char *file, struct diag_list *d)
{
	long cp, at = esc_control_at(n->str, n->len, multiline, &cp);
	char esc[16];

	if (at < 0)
		return 0;
	snprintf(esc, sizeof(esc), cp < 0x80 ? "\\x%02lx" : "\\u%04lx", cp < 0 ? -cp : cp);
	/* TRANSLATORS: %s is the byte or character written as \x1b or \u202e. */
	diag_add(d, DIAG_ERROR, file, n->line, n->col, "text-control",
		cp < 0 ? _("the text holds the byte %s: names and text may not hold control, bidi "
			   "or "
			   "invalid characters")
		       : _("the text holds the character %s: names and text may not hold control, "
			   "bidi or "
			   "invalid characters"),
		esc);
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

void ytext_quote(struct buf *b, const char *s)
{
	buf_adds(b, "\"");
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_add(b, s, 1);
	}
	buf_adds(b, "\"");
}
