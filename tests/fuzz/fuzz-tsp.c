/* libFuzzer harness: RFC 3161 readers: a TimeStampResp, a token checked over fixed bytes, a
 * signature's timestamp. */
#include <stdint.h>
#include <stdlib.h>
#include <openssl/crypto.h>
#include "cot/cades.h"
#include "cot/tsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes the seeds' tokens cover (seeds.sh: data.bin is made of them) and "now". */
static const char covered[] = "the signature value of the fuzz seeds\n";
static const time_t now = 1795300000;

static void check_token(const unsigned char *tok, size_t len, const void *over, size_t over_len)
{
	struct cot_err err = COT_ERR_INIT;
	struct tsp_result r;

	if (tsp_verify(tok, len, over, over_len, NULL, now, &r, &err) == COT_OK &&
		r.fail == TSP_OK &&
		(!r.has_time || !r.digest || r.gen_time > now + TSP_FUTURE_SKEW))
		abort();
	if (r.fail != TSP_OK && !r.why[0])
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char nonce[8] = {0x80, 1, 2, 3, 4, 5, 6, 7};
	struct cot_err err = COT_ERR_INIT;
	unsigned char *tok = NULL, *value = NULL;
	size_t len = 0, value_len = 0;

	check_token(data, size, covered, sizeof(covered) - 1);
	if (tsp_read_response(data, size, nonce, sizeof(nonce), &tok, &len, &err) == COT_OK) {
		check_token(tok, len, covered, sizeof(covered) - 1);
		OPENSSL_free(tok);
	} else if (tok) {
		abort();
	}
	tok = NULL;
	if (cades_get_timestamp(data, size, &tok, &len, &value, &value_len, &err) == COT_OK && tok)
		check_token(tok, len, value, value_len);
	OPENSSL_free(tok);
	OPENSSL_free(value);
	return 0;
}
