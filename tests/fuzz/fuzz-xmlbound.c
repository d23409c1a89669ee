/* libFuzzer harness: xmlbound.h, whose verdict never depends on where the reads end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/xmlbound.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct xml_limits lim = {.attrs = 4, .ns = 2, .depth = 6, .nodes = 64};

/*
 * The first byte chooses the piece sizes (1 to 16 bytes); the rest is the markup. Fed in
 * pieces or whole, the same verdict with the same message; and a pass stays a pass for
 * every prefix (a bound passed is never undone by more bytes).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cot_err whole = COT_ERR_INIT, part = COT_ERR_INIT;
	struct xml_bound b;
	size_t piece, at;
	int rw, rp = COT_OK;

	if (size < 1)
		return 0;
	piece = (size_t)(data[0] % 16) + 1;
	data++;
	size--;
	rw = xml_bound_check(data, size, &lim, &whole);
	xml_bound_init(&b, &lim);
	for (at = 0; at < size && !rp; at += piece)
		rp = xml_bound_feed(&b, data + at, size - at < piece ? size - at : piece, &part);
	if (rw != rp || (rw && strcmp(whole.msg, part.msg) != 0))
		abort();
	if (rw == COT_OK && size > 1 && xml_bound_check(data, size / 2, &lim, &part) != COT_OK)
		abort();
	return 0;
}
