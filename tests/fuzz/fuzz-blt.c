/* libFuzzer harness: RevocationValues (B-LT), and a signature's given to a session. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include "cot/blt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What decodes encodes again, and decodes to the same blobs. */
static void round_trip(const struct revoc_blob *b, size_t n)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob *again = NULL;
	unsigned char *der = NULL;
	size_t len = 0, m = 0;

	if (blt_values_encode(b, n, &der, &len, &err) != COT_OK)
		abort();
	if (blt_values_decode(der, len, &again, &m, &err) != COT_OK || m != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if (again[i].kind != b[i].kind || again[i].len != b[i].len ||
			memcmp(again[i].der, b[i].der, b[i].len) != 0)
			abort();
	blt_blobs_free(again, m);
	OPENSSL_free(der);
}

static void values(const uint8_t *data, size_t size)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob *b = (void *)1;
	size_t n = 1;

	if (blt_values_decode(data, size, &b, &n, &err) == COT_OK)
		round_trip(b, n);
	else if (b || n || !err.msg[0])
		abort();
	blt_blobs_free(b, n);
}

/* The input as a signature: whatever revocation-values it has, given offline. */
static void signature(const uint8_t *data, size_t size)
{
	struct revoc_opts o = {.offline = true};
	struct cot_err err = COT_ERR_INIT;
	struct revoc rv;

	revoc_init(&rv, &o);
	if (blt_give(data, size, &rv, &err) != COT_OK && !err.msg[0])
		abort();
	revoc_release(&rv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > REVOC_OCSP_MAX)
		return 0;
	values(data, size);
	signature(data, size);
	ERR_clear_error();
	return 0;
}
