/* Escaping for each kind of output, fed hostile strings: controls, bidi, invalid UTF-8, markup. */
#include <libxml/parser.h>
#include "cot/escape.h"
#include "helpers.h"

static char *text(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	esc_text(&b, s, n);
	cr_assert(!b.failed);
	return buf_detach(&b, NULL);
}

static char *xml(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	esc_xml(&b, s, n);
	cr_assert(!b.failed);
	return buf_detach(&b, NULL);
}

/* True when s holds no byte a terminal acts on: C0, DEL, C1 (as UTF-8 or raw) or bidi. */
static bool terminal_safe(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p >= 0x80)
			return false;
	return true;
}

#define CHECK_TEXT(in, want)                                                                       \
	do {                                                                                       \
		char *got_ = text(in, sizeof(in) - 1);                                             \
		cr_expect_str_eq(got_, want);                                                      \
		free(got_);                                                                        \
	} while (0)

Test(escape, text_controls_are_visible)
{
	CHECK_TEXT("WZC\r\nx.zip: TOTAL-PASSED", "WZC\\x0d\\x0ax.zip: TOTAL-PASSED");
	CHECK_TEXT("a\x1b[2Jb\tc\x7f", "a\\x1b[2Jb\\x09c\\x7f");
	CHECK_TEXT("csi \xc2\x9b"
		   "31m",
		"csi \\u009b31m");
	CHECK_TEXT("evil\xe2\x80\xaegpj.exe", "evil\\u202egpj.exe");
	CHECK_TEXT("\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c",
		"\\u2066x\\u2069\\u200e\\u200f\\u061c");
	CHECK_TEXT("nul\0after", "nul\\x00after");
}

Test(escape, text_invalid_utf8_is_visible_not_dropped)
{
	CHECK_TEXT("\xff\xfe", "\\xff\\xfe");
	CHECK_TEXT("overlong \xc0\xaf", "overlong \\xc0\\xaf");
	CHECK_TEXT("surrogate \xed\xa0\x80", "surrogate \\xed\\xa0\\x80");
	CHECK_TEXT("cut \xe2\x80", "cut \\xe2\\x80");
	CHECK_TEXT("big \xf4\x90\x80\x80", "big \\xf4\\x90\\x80\\x80");
}

Test(escape, text_keeps_ordinary_unicode)
{
	CHECK_TEXT("WZC Sint-J\xc3\xb3zef \xe2\x82\xac \xf0\x9f\x8f\xa5 \xd8\xb3",
		"WZC Sint-J\xc3\xb3zef \xe2\x82\xac \xf0\x9f\x8f\xa5 \xd8\xb3");
	char *s = esc_text_str(NULL);
	cr_expect_str_eq(s, "(null)");
	free(s);
}

Test(escape, text_every_byte_pair_is_terminal_safe_or_unicode)
{
	/* every two-byte input: the output never holds a control byte, and an escape only */
	for (unsigned a = 0; a < 256; a++) {
		for (unsigned c = 0; c < 256; c++) {
			char in[2] = {(char)a, (char)c}, *out = text(in, 2);
			for (const unsigned char *p = (unsigned char *)out; *p; p++)
				cr_assert(
					*p >= 0x20 && *p != 0x7f && !(p[0] == 0xc2 && p[1] < 0xa0),
					"%02x %02x gave %s", a, c, out);
			free(out);
		}
	}
	cr_expect(terminal_safe("plain"));
}

Test(escape, json_keeps_a_non_utf8_value)
{
	const char in[] = "caf\xe9\x1b\xe2\x80\xae.pdf";
	json_t *j = esc_json(in, sizeof(in) - 1);
	char *dump;

	cr_assert_not_null(j);
	cr_expect_str_eq(json_string_value(j), "caf\\xe9\x1b\\u202e.pdf");
	dump = json_dumps(j, JSON_ENCODE_ANY);
	cr_assert_not_null(dump);
	cr_expect_str_eq(dump, "\"caf\\\\xe9\\u001B\\\\u202e.pdf\"");
	cr_expect(terminal_safe(dump), "%s", dump);
	free(dump);
	json_decref(j);
	j = esc_json("", 0);
	cr_expect_str_eq(json_string_value(j), "");
	json_decref(j);
}

Test(escape, xml_is_well_formed_with_any_bytes)
{
	char in[] = "<a href=\"x\">&'\x01\r\n\t\xef\xbf\xbe\xff\xc2\x85</a>";
	char *out = xml(in, sizeof(in) - 1), doc[512];
	xmlDocPtr d;

	cr_expect_str_eq(out, "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x01\\x0d\n\t\\ufffe\\xff"
			      "\\u0085&lt;/a&gt;");
	snprintf(doc, sizeof(doc), "<r a=\"%s\">%s</r>", out, out);
	d = xmlReadMemory(
		doc, (int)strlen(doc), NULL, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);
	cr_expect_not_null(d, "%s", doc);
	xmlFreeDoc(d);
	free(out);
}

Test(escape, html_escapes_markup_and_controls)
{
	const char in[] = "<script>alert('x')</script>\xe2\x80\xae\x1b";
	struct buf b = BUF_INIT;

	esc_html(&b, in, sizeof(in) - 1);
	cr_expect_str_eq(b.data, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;\\u202e\\x1b");
	buf_release(&b);
}

Test(escape, control_at_finds_what_names_may_not_hold)
{
	long cp = 0;

	cr_expect_eq(esc_control_at("WZC Sint-J\xc3\xb3zef", 15, false, &cp), -1);
	cr_expect_eq(esc_control_at("a\tb\nc", 5, true, NULL), -1);
	cr_expect_eq(esc_control_at("a\tb", 3, false, &cp), 1);
	cr_expect_eq(cp, '\t');
	cr_expect_eq(esc_control_at("ab\xe2\x80\xae", 5, true, &cp), 2);
	cr_expect_eq(cp, 0x202e);
	cr_expect_eq(esc_control_at("x\xc2\x9b", 3, true, &cp), 1);
	cr_expect_eq(cp, 0x9b);
	cr_expect_eq(esc_control_at("x\r", 2, true, &cp), 1);
	cr_expect_eq(esc_control_at("x\xff", 2, true, &cp), 1);
	cr_expect_eq(cp, -0xff);
	cr_expect_eq(esc_control_at("x\x7f", 2, true, &cp), 1);
}

Test(escape, columns_count_characters_not_bytes)
{
	cr_expect_eq(esc_columns("", 0), 0);
	cr_expect_eq(esc_columns("abc", 3), 3);
	cr_expect_eq(esc_columns("v\xc3\xa9rifier", 9), 8);
	cr_expect_eq(esc_columns("\xe2\x80\xae"
				 "x",
			     4),
		2);
	cr_expect_eq(
		esc_columns("v\xc3\xa9rifier", 2), 2, "a cut inside a character counts its start");
}
