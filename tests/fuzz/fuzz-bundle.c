/* libFuzzer harness: containers through cot verify (zip, manifest, signature, submission.xml), and
 * the parsers alone. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include "cot/asice.h"
#include "cot/bundle.h"
#include "cot/cades.h"
#include "cot/fsutil.h"
#include "cot/policy.h"
#include "cot/verify.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The authority trusts the mini set: route direct bundles reach the answers, set and report. */
static struct reqset mini;
static struct verify_policy policy = {.sets = &mini, .nsets = 1};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_mini_set(&mini);
	sha256_hex(fuzz_mini_text, sizeof(fuzz_mini_text) - 1, mini.sha256);
	return 0;
}

/* Whatever the bundle holds, the ETSI report stays well-formed XML. */
static void well_formed(const struct buf *b)
{
	xmlDocPtr doc = xmlReadMemory(b->data, (int)b->len, "etsi.xml", NULL,
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

	if (!doc)
		abort();
	xmlFreeDoc(doc);
}

static void render_all(const struct vresult *r)
{
	static const enum verify_format formats[] = {
		VERIFY_TEXT, VERIFY_JSON, VERIFY_JUNIT, VERIFY_HTML, VERIFY_ETSI};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct cot_err err = COT_ERR_INIT;
		struct buf b = BUF_INIT;
		if (verify_render(r, 1, formats[i], true, false, &b, &err) != COT_OK)
			abort(); /* rendering a finished result fails only when memory runs out */
		if (formats[i] == VERIFY_ETSI)
			well_formed(&b);
		buf_release(&b);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct verify_opts o = {.anchors = NULL, .now = 1795300000, .policy = &policy};
	struct cot_err err = COT_ERR_INIT;
	struct asice_manifest m;
	struct submission s;
	struct cades_result c;
	struct vresult r;

	vresult_init(&r);
	verify_mem("fuzz.asice", data, size, &o, &r);
	if (r.ind == IND_TOTAL_PASSED)
		abort(); /* without a trust anchor nothing can pass */
	render_all(&r);
	vresult_release(&r);
	if (asice_manifest_parse(data, size, &m, &err) == COT_OK)
		asice_manifest_release(&m);
	if (submission_parse(data, size, &s, &err) == COT_OK)
		submission_release(&s);
	cades_verify(data, size, "content", 7, &c, &err);
	cades_result_release(&c);
	return 0;
}
