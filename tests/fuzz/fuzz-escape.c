/* libFuzzer harness: escape.h, with the properties every output relies on. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "cot/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Text output: valid UTF-8 with no control, C1 or bidi at all (esc_control_at), where only
 * the noncharacters U+FFFE/FFFF, which XML refuses but a terminal shows, may remain.
 */
static void check_text(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t at = 0;
	long cp, k;

	esc_text(&b, s, n);
	if (b.failed)
		abort();
	while ((k = esc_control_at(b.data + at, b.len - at, false, &cp)) >= 0) {
		if (cp != 0xfffe && cp != 0xffff)
			abort();
		at += (size_t)k + 3;
	}
	buf_release(&b);
}

/* XML output: well-formed as an attribute value and as character data. */
static void check_xml(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	xmlDocPtr d;

	buf_adds(&b, "<r a=\"");
	esc_xml(&b, s, n);
	buf_adds(&b, "\">");
	esc_xml(&b, s, n);
	buf_adds(&b, "</r>");
	if (b.failed)
		abort();
	d = xmlReadMemory(b.data, (int)b.len, NULL, "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
	if (!d)
		abort();
	xmlFreeDoc(d);
	buf_release(&b);
}

/* JSON output: never refused, so no value vanishes. */
static void check_json(const char *s, size_t n)
{
	json_t *j = esc_json(s, n);
	char *dump = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;

	if (!dump)
		abort();
	free(dump);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (size > 65536)
		return 0;
	check_text(s, size);
	check_xml(s, size);
	check_json(s, size);
	return 0;
}
