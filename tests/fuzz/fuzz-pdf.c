/* libFuzzer harness: the PDF structural pass (libqpdf, bounded inflate) and the streaming sniff. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/exit.h"
#include "cot/sniff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where the bytes are cut must not change the verdict of the streaming sniff. */
static void split_agrees(const uint8_t *data, size_t size)
{
	struct sniff whole, cut;
	size_t at = size ? data[0] * size / 256 : 0;

	sniff_buffer(&whole, data, size);
	sniff_init(&cut);
	sniff_feed(&cut, data, at);
	sniff_feed(&cut, data + at, size - at);
	if ((whole.secret != NULL) != (cut.secret != NULL) ||
		whole.pdf_encrypted != cut.pdf_encrypted || whole.total != size ||
		cut.total != size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sniff_pdf r;
	int rc;

	split_agrees(data, size);
	rc = sniff_pdf_buffer(data, size, &r);
	if (rc != COT_OK && rc != COT_FINDINGS)
		abort();
	if ((rc == COT_OK) != (!r.secret && !r.encrypted && !r.problem[0]))
		abort();
	if (memchr(r.problem, '\0', sizeof(r.problem)) == NULL)
		abort();
	if (r.decoded > SNIFF_PDF_DECODED_MAX + ((uint64_t)1 << 20))
		abort(); /* the bound holds, give or take the last chunk */
	return 0;
}
