/* Escaping of values from files, certificates and the network for each kind of output. */
#include <string.h>
#include "cot/escape.h"
#include "cot/mem.h"

enum esc_kind { ESC_TEXT, ESC_JSON, ESC_XML };

/* One UTF-8 sequence at p (left > 0 bytes): its code point, or -1 and *len 1 when invalid. */
static long utf8_decode(const unsigned char *p, size_t left, size_t *len)
{
	int more = p[0] < 0x80		   ? 0
		   : (p[0] & 0xe0) == 0xc0 ? 1
		   : (p[0] & 0xf0) == 0xe0 ? 2
		   : (p[0] & 0xf8) == 0xf0 ? 3
					   : -1;
	long cp;

	*len = 1;
	if (more == 0)
		return p[0];
	if (more < 0 || (size_t)more >= left)
		return -1;
	cp = p[0] & (0x7f >> (more + 1));
	for (int k = 1; k <= more; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (p[k] & 0x3f);
	}
	if ((more == 1 && cp < 0x80) || (more == 2 && cp < 0x800) || (more == 3 && cp < 0x10000) ||
		cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = (size_t)more + 1;
	return cp;
}

static bool is_bidi(long cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* True when code point cp (never -1) must be shown as an escape in this kind of output. */
static bool must_escape(long cp, enum esc_kind kind)
{
	if (cp < 0x20)
		return kind == ESC_TEXT || (kind == ESC_XML && cp != '\t' && cp != '\n');
	return cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || is_bidi(cp) ||
	       (kind == ESC_XML && (cp == 0xfffe || cp == 0xffff));
}

static void add_markup(struct buf *out, unsigned char c)
{
	static const char *const ent[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&apos;"};
	const char *p = strchr("<>&\"'", c);

	buf_adds(out, ent[p - "<>&\"'"]);
}

static void esc_any(struct buf *out, const char *s, size_t n, enum esc_kind kind)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	buf_add(out, "", 0);
	while (i < n) {
		long cp = utf8_decode(p + i, n - i, &len);
		if (cp < 0 || (cp < 0x80 && must_escape(cp, kind)))
			buf_addf(out, "\\x%02x", p[i]);
		else if (must_escape(cp, kind))
			buf_addf(out, "\\u%04lx", (unsigned long)cp);
		else if (kind == ESC_XML && cp < 0x80 && strchr("<>&\"'", (int)cp) && cp)
			add_markup(out, p[i]);
		else
			buf_add(out, p + i, len);
		i += len;
	}
}

long esc_control_at(const char *s, size_t n, bool multiline, long *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		long c = utf8_decode(p + i, n - i, &len);
		if (c < 0 ||
			(must_escape(c, ESC_XML) && !(multiline && (c == '\t' || c == '\n'))) ||
			(!multiline && (c == '\t' || c == '\n'))) {
			if (cp)
				*cp = c < 0 ? -(long)p[i] : c;
			return (long)i;
		}
		i += len;
	}
	return -1;
}

void esc_text(struct buf *out, const char *s, size_t n)
{
	esc_any(out, s, n, ESC_TEXT);
}

char *esc_text_str(const char *s)
{
	struct buf b = BUF_INIT;
	char *r;

	if (!s)
		s = "(null)";
	esc_text(&b, s, strlen(s));
	r = buf_detach(&b, NULL);
	if (!r)
		mem_die();
	return r;
}

json_t *esc_json(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	json_t *j;

	esc_any(&b, s, n, ESC_JSON);
	if (b.failed) {
		buf_release(&b);
		return NULL;
	}
	j = json_stringn(b.data, b.len);
	buf_release(&b);
	return j;
}

void esc_xml(struct buf *out, const char *s, size_t n)
{
	esc_any(out, s, n, ESC_XML);
}

void esc_html(struct buf *out, const char *s, size_t n)
{
	esc_any(out, s, n, ESC_XML);
}

size_t esc_columns(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}
