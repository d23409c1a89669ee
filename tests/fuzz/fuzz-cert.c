/* libFuzzer harness: certificates and keystores (PEM, DER, PKCS#12) through the loader, with and
 * without a password, then inspection and checks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cert.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The password of the test PKI's keystores (tests/pki/mkpki.sh): seeds made there open. */
static const char password[] = "Test_001";

/* What every loaded certificate goes through in cot cert show and cot cert check. */
static void inspect(X509 *x)
{
	struct cert_check_opts o = {
		1782864000 /* 2026-07-01 */, CERT_RENEWAL_DAYS, "0403019261", "71089815"};
	struct cot_err err = COT_ERR_INIT;
	struct ehealth_subject s;
	struct cert_findings f;
	struct cert_info info;

	cert_info_init(&info);
	if (cert_info_get(x, &info, &err) == COT_OK) {
		if (!info.subject || !info.issuer || !info.serial || strlen(info.sha256) != 64)
			abort();
		cert_check(x, &info, &o, &f);
		if (f.n > CERT_MAX_FINDINGS)
			abort();
	}
	cert_info_release(&info);
	if (cert_ehealth_subject(x, &s, &err) == COT_OK)
		cert_ehealth_match(&s, "0403019261", NULL, &err);
}

static void load(const uint8_t *data, size_t size, const char *pw, unsigned flags)
{
	struct cot_err err = COT_ERR_INIT;
	struct cert_bundle b;
	int rc;

	cert_bundle_init(&b);
	rc = cert_load_mem("fuzz", data, size, pw, flags, &b, &err);
	if (strstr(err.msg, password))
		abort(); /* a password never appears in a message */
	if (rc == COT_OK) {
		if (!b.leaf || !b.chain || (b.key && !(flags & CERT_LOAD_KEY)) ||
			b.format != cert_detect(data, size))
			abort();
		inspect(b.leaf);
		for (int i = 0; i < sk_X509_num(b.chain) && i < 8; i++)
			inspect(sk_X509_value(b.chain, i));
		cert_verify_chain_anchors(b.leaf, b.chain, b.chain, 1782864000, &err);
	} else if (b.leaf || b.key || (b.chain && sk_X509_num(b.chain))) {
		abort(); /* a failed load leaves the bundle empty */
	}
	cert_bundle_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > CERT_MAX_FILE)
		return 0;
	load(data, size, NULL, 0);
	if (cert_detect(data, size) == CERT_FORMAT_PKCS12) {
		load(data, size, password, 0);
		load(data, size, password, CERT_LOAD_KEY);
	}
	return 0;
}
