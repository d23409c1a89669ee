/* libFuzzer harness: OCSP responses and CRLs through revoc's readers, as given and re-signed by the
 * issuer so the fuzzer reaches past the signature. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509v3.h>
#include "cot/revoc.h"
#include "cot/testpki.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1796472000 /* 2026-12-06 */

static X509 *ca, *leaf;
static EVP_PKEY *ca_key;

/* A CA and an organisation certificate it issued, made once. */
static void setup(void)
{
	struct testpki_org org = {
		"CBE", "0809394427", "FUZZ", NULL, NOW - 86400, NOW + 86400 * 365};
	struct cot_err err = COT_ERR_INIT;
	EVP_PKEY *k = NULL;

	if (ca)
		return;
	if (testpki_make_ca("cot fuzz CA", NULL, NULL, NOW - 86400, NOW + 86400 * 3650, &ca,
		    &ca_key, &err) ||
		testpki_make_org(&org, ca, ca_key, &leaf, &k, &err))
		abort();
	EVP_PKEY_free(k);
}

/* Every result is one of the three, and says how or why. */
static void judged(const struct revoc_result *r)
{
	if (r->status == REVOC_UNKNOWN ? !r->why[0] : !r->how[0])
		abort();
	if (r->status == REVOC_REVOKED && r->revoked_at > NOW)
		abort(); /* a revocation after the validation time is no revocation */
}

static void judge(enum revoc_kind kind, const void *der, size_t len)
{
	struct revoc_opts o = {.now = NOW};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result r;

	if (revoc_judge(kind, der, len, leaf, ca, &o, &r, &err) != COT_OK)
		abort();
	judged(&r);
}

/* The CRL, if it parses, with the CA's name and signature: its content is the fuzzer's. */
static void resigned_crl(const uint8_t *data, size_t size)
{
	const unsigned char *p = data;
	X509_CRL *crl = d2i_X509_CRL(NULL, &p, (long)size);
	unsigned char *der = NULL;
	int len;

	if (crl && X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) &&
		X509_CRL_sign(crl, ca_key, EVP_sha256()) > 0 && (len = i2d_X509_CRL(crl, &der)) > 0)
		judge(REVOC_CRL, der, (size_t)len);
	OPENSSL_free(der);
	X509_CRL_free(crl);
}

/* The OCSP response, if it has a basic response, signed again by the CA. */
static void resigned_ocsp(const uint8_t *data, size_t size)
{
	const unsigned char *p = data;
	OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)size), *again = NULL;
	OCSP_BASICRESP *bs = resp ? OCSP_response_get1_basic(resp) : NULL;
	unsigned char *der = NULL;
	int len;

	if (bs && OCSP_basic_sign(bs, ca, ca_key, EVP_sha256(), NULL, OCSP_NOCERTS) == 1 &&
		(again = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs)) &&
		(len = i2d_OCSP_RESPONSE(again, &der)) > 0)
		judge(REVOC_OCSP, der, (size_t)len);
	OPENSSL_free(der);
	OCSP_RESPONSE_free(again);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
}

/* Given data, offline: the session's own path through it. */
static void given(const uint8_t *data, size_t size)
{
	struct revoc_opts o = {.offline = true, .now = NOW};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result r;
	struct revoc rv;

	revoc_init(&rv, &o);
	if (revoc_give(&rv, data, size, &err) == COT_OK) {
		if (rv.n_given != 1 || revoc_check(&rv, leaf, ca, &r, &err) != COT_OK)
			abort();
		judged(&r);
		if (r.status != REVOC_UNKNOWN && rv.n_used != 1)
			abort();
	}
	revoc_release(&rv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > REVOC_OCSP_MAX)
		return 0;
	setup();
	judge(REVOC_OCSP, data, size);
	judge(REVOC_CRL, data, size);
	given(data, size);
	resigned_crl(data, size);
	resigned_ocsp(data, size);
	ERR_clear_error();
	return 0;
}
