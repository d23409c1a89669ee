/* Linear bounds on XML markup, fed as the bytes arrive (xmlbound.h). */
#include <string.h>
#include "cot/i18n.h"
#include "cot/xmlbound.h"

enum { S_TEXT, S_LT, S_BANG, S_COMMENT, S_CDATA, S_PI, S_DECL, S_END, S_START };

void xml_bound_init(struct xml_bound *b, const struct xml_limits *max)
{
	memset(b, 0, sizeof(*b));
	b->max = *max;
	b->state = S_TEXT;
	b->xmlns = -1;
}

static bool space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* After "<!": a comment ("<!--"), a CDATA section ("<![CDATA[") or a declaration. */
static void bang(struct xml_bound *b, char c)
{
	if (!b->want)
		b->want = c == '-' ? "--" : c == '[' ? "[CDATA[" : NULL;
	if (b->want && c == b->want[b->match]) {
		if (b->want[++b->match] == '\0') {
			b->state = b->want[0] == '-' ? S_COMMENT : S_CDATA;
			b->match = 0;
		}
		return;
	}
	b->state = c == '>' ? S_TEXT : S_DECL;
}

/* Inside a start tag: attributes and namespace declarations counted as they come. */
static int start_tag(struct xml_bound *b, char c, struct cot_err *err)
{
	if (b->quote) {
		b->quote = c == b->quote ? 0 : b->quote;
		return COT_OK;
	}
	if (b->xmlns >= 0 && b->xmlns < 5 && c == "xmlns"[b->xmlns]) {
		b->xmlns++;
	} else if (b->xmlns == 5 && (c == '=' || c == ':' || space(c))) {
		b->xmlns = -1;
		if (++b->ns > b->max.ns)
			return cot_err_set(err, COT_USAGE,
				ngettext("an element at byte %zu declares "
					 "more than %zu namespace",
					"an element at byte %zu declares more than %zu "
					"namespaces",
					b->max.ns),
				b->tag_at + 1, b->max.ns);
	} else {
		b->xmlns = space(c) ? 0 : -1;
	}
	if (c == '"' || c == '\'') {
		b->quote = c;
	} else if (c == '=' && ++b->attrs > b->max.attrs) {
		return cot_err_set(err, COT_USAGE,
			ngettext("an element at byte %zu has more "
				 "than %zu attribute",
				"an element at byte %zu has more than %zu attributes",
				b->max.attrs),
			b->tag_at + 1, b->max.attrs);
	} else if (c == '>') {
		b->state = S_TEXT;
		if (b->prev != '/' && ++b->depth > b->max.depth)
			return cot_err_set(err, COT_USAGE,
				_("its elements nest more than %zu deep"), b->max.depth);
	}
	return COT_OK;
}

/* The first byte after '<' says what the markup is. */
static void markup(struct xml_bound *b, char c)
{
	b->want = NULL;
	b->match = 0;
	b->attrs = b->ns = 0;
	b->quote = 0;
	b->xmlns = -1;
	b->state = c == '!' ? S_BANG : c == '?' ? S_PI : c == '/' ? S_END : S_START;
}

static int step(struct xml_bound *b, char c, struct cot_err *err)
{
	switch (b->state) {
	case S_TEXT:
		if (c != '<')
			break;
		b->tag_at = b->pos;
		b->state = S_LT;
		if (++b->nodes > b->max.nodes)
			return cot_err_set(err, COT_USAGE,
				ngettext("it has more than %zu node", "it has more than %zu nodes",
					b->max.nodes),
				b->max.nodes);
		break;
	case S_LT:
		markup(b, c);
		if (b->state == S_START)
			return start_tag(b, c, err);
		break;
	case S_BANG:
		bang(b, c);
		break;
	case S_COMMENT:
	case S_CDATA:
		/* "-->" or "]]>": b->match counts the '-' or ']' just before */
		if (c == '>' && b->match >= 2)
			b->state = S_TEXT;
		b->match = c == (b->state == S_COMMENT ? '-' : ']') ? b->match + 1 : 0;
		break;
	case S_PI:
		if (c == '>' && b->prev == '?')
			b->state = S_TEXT;
		break;
	case S_END:
		if (c == '>') {
			b->state = S_TEXT;
			b->depth -= b->depth > 0;
		}
		break;
	case S_DECL:
		if (c == '>')
			b->state = S_TEXT;
		break;
	default:
		return start_tag(b, c, err);
	}
	return COT_OK;
}

int xml_bound_feed(struct xml_bound *b, const void *data, size_t n, struct cot_err *err)
{
	const char *p = data;

	for (size_t i = 0; i < n; i++, b->pos++) {
		int rc = step(b, p[i], err);
		if (rc)
			return rc;
		b->prev = p[i];
	}
	return COT_OK;
}

int xml_bound_check(const void *data, size_t len, const struct xml_limits *max, struct cot_err *err)
{
	struct xml_bound b;

	xml_bound_init(&b, max);
	return xml_bound_feed(&b, data, len, err);
}
