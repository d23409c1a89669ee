/* libFuzzer harness: the KMEHR reader (kmehr.h), against the 1.32 XSD when COT_REFERENCE has it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "cot/kmehr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The schema, compiled once for the whole run (as cot does); NULL: the rules alone. */
static const struct kmehr_schema *fuzz_schema(void)
{
	static struct kmehr_schema *s;
	static int tried;
	struct cot_err err = COT_ERR_INIT;
	const char *ref = getenv("COT_REFERENCE");
	char dir[4096];

	if (!tried++ && ref) {
		snprintf(dir, sizeof(dir), "%s/kmehr-1.32", ref);
		if (kmehr_schema_load(dir, &s, &err))
			s = NULL;
	}
	return s;
}

/* Every message gives findings or none, never a crash, a leak or an error but out of memory. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct buf b = BUF_INIT;

	if (kmehr_check_mem(fuzz_schema(), "m.xml", data, size, &d, &err) && !err.nomem)
		abort();
	diag_sort(&d);
	diag_text(&b, &d, false);
	buf_release(&b);
	diag_list_release(&d);
	return 0;
}
