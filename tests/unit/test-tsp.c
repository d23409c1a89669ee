/* Unit tests of tsp: tokens made by 'openssl ts -reply' (with-tsa.sh) checked step by step. */
#include <limits.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include "cot/cades.h"
#include "cot/testpki.h"
#include "cot/tsp.h"
#include "helpers.h"

struct blob {
	unsigned char *p;
	size_t n;
};

static struct blob load(const char *name)
{
	const char *dir = getenv("COT_TEST_TSA");
	static unsigned char buf[8][1 << 16];
	static int next;
	struct blob b = {buf[next++ % 8], 0};
	char path[PATH_MAX];
	FILE *f;

	cr_assert(dir && *dir, "COT_TEST_TSA is not set: run this test through with-tsa.sh");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "rb"), "cannot read %s", path);
	b.n = fread(b.p, 1, sizeof(buf[0]), f);
	fclose(f);
	return b;
}

static STACK_OF(X509) *anchors(const char *name)
{
	struct blob b = load(name);
	BIO *in = BIO_new_mem_buf(b.p, (int)b.n);
	STACK_OF(X509) *sk = sk_X509_new_null();

	sk_X509_push(sk, PEM_read_bio_X509(in, NULL, NULL, NULL));
	cr_assert_not_null(sk_X509_value(sk, 0));
	BIO_free(in);
	return sk;
}

/* tsp_verify of a token file over data.bin (or over other bytes), at time now. */
static enum tsp_fail check(const char *token, const struct blob *covered, const char *ca,
	time_t now, struct tsp_result *r)
{
	struct blob t = load(token), data = covered ? *covered : load("data.bin");
	STACK_OF(X509) *sk = ca ? anchors(ca) : NULL;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(tsp_verify(t.p, t.n, data.p, data.n, sk, now, r, &err), COT_OK, "%s", err.msg);
	sk_X509_pop_free(sk, X509_free);
	return r->fail;
}

Test(tsp, a_good_token_passes_every_check)
{
	struct tsp_result r;

	cr_assert_eq(check("good.tst", NULL, "ca.pem", time(NULL), &r), TSP_OK, "%s", r.why);
	cr_expect(r.chain_checked);
	cr_expect(r.has_time);
	cr_expect(r.gen_time > time(NULL) - 3600 && r.gen_time <= time(NULL), "%lld",
		(long long)r.gen_time);
	cr_expect_str_eq(r.digest, "SHA256");
	cr_expect_str_eq(r.policy, "1.3.6.1.4.1.99999.1");
	cr_expect(strstr(r.tsa, "CN=cot test tsa"), "%s", r.tsa);
	cr_expect_str_eq(tsp_fail_name(r.fail), "the timestamp is valid");
}

Test(tsp, without_anchors_the_chain_is_not_checked)
{
	struct tsp_result r;

	cr_expect_eq(check("good.tst", NULL, NULL, time(NULL), &r), TSP_OK, "%s", r.why);
	cr_expect_not(r.chain_checked);
	cr_expect_eq(check("other.tst", NULL, NULL, time(NULL), &r), TSP_OK, "%s", r.why);
	cr_expect_not(r.chain_checked);
}

Test(tsp, a_sha512_imprint_is_accepted)
{
	struct tsp_result r;

	cr_expect_eq(check("sha512.tst", NULL, "ca.pem", time(NULL), &r), TSP_OK, "%s", r.why);
	cr_expect_str_eq(r.digest, "SHA512");
}

Test(tsp, a_token_over_other_bytes_is_an_imprint_failure)
{
	struct blob data = load("data.bin");
	unsigned char copy[256];
	struct blob other = {copy, data.n};
	struct tsp_result r;

	memcpy(copy, data.p, data.n);
	copy[0] ^= 1;
	cr_expect_eq(check("good.tst", &other, "ca.pem", time(NULL), &r), TSP_IMPRINT);
	cr_expect(strstr(r.why, "timestamps something else"), "%s", r.why);
	other.n--;
	cr_expect_eq(check("good.tst", &other, "ca.pem", time(NULL), &r), TSP_IMPRINT);
}

Test(tsp, another_tsa_does_not_chain_to_the_anchors)
{
	struct tsp_result r;

	cr_expect_eq(check("other.tst", NULL, "ca.pem", time(NULL), &r), TSP_CHAIN);
	cr_expect(r.chain_checked);
	cr_expect(strstr(r.why, "unable to get local issuer"), "%s", r.why);
	cr_expect_eq(check("other.tst", NULL, "other-ca.pem", time(NULL), &r), TSP_OK, "%s", r.why);
}

Test(tsp, a_token_from_the_future_is_refused)
{
	struct tsp_result r;
	time_t now = time(NULL);

	cr_expect_eq(check("future.tst", NULL, "ca.pem", now, &r), TSP_FUTURE);
	cr_expect(r.gen_time > now + 86400, "%lld", (long long)r.gen_time);
	cr_expect(strstr(r.why, "future"), "%s", r.why);
	/* the same token is fine at its own time, and a little before (the tolerance) */
	cr_expect_eq(check("future.tst", NULL, "ca.pem", r.gen_time - TSP_FUTURE_SKEW, &r), TSP_OK,
		"%s", r.why);
	cr_expect_eq(check("good.tst", NULL, "ca.pem", now - 3 * 86400, &r), TSP_FUTURE);
}

Test(tsp, a_certificate_without_timestamping_usage_is_refused)
{
	struct tsp_result r;

	cr_expect_eq(check("noeku.tst", NULL, "ca.pem", time(NULL), &r), TSP_USAGE, "%s", r.why);
	cr_expect(strstr(r.why, "timeStamping"), "%s", r.why);
	cr_expect(strstr(r.tsa, "CN=cot test noeku"), "%s", r.tsa);
}

Test(tsp, a_token_without_the_tsa_certificate_has_no_signer)
{
	struct tsp_result r;

	cr_expect_eq(check("nocert.tst", NULL, "ca.pem", time(NULL), &r), TSP_NO_SIGNER);
}

Test(tsp, garbage_empty_huge_and_trailing_bytes_are_format_failures)
{
	struct blob t = load("good.tst"), data = load("data.bin");
	static unsigned char big[TSP_MAX_TOKEN + 1];
	struct cot_err err = COT_ERR_INIT;
	struct tsp_result r;

	cr_expect_eq(tsp_verify("", 0, data.p, data.n, NULL, time(NULL), &r, &err), COT_OK);
	cr_expect_eq(r.fail, TSP_FORMAT);
	cr_expect_eq(
		tsp_verify(big, sizeof(big), data.p, data.n, NULL, time(NULL), &r, &err), COT_OK);
	cr_expect_eq(r.fail, TSP_FORMAT);
	cr_expect_eq(
		tsp_verify("not a token at all", 18, data.p, data.n, NULL, time(NULL), &r, &err),
		COT_OK);
	cr_expect_eq(r.fail, TSP_FORMAT);
	t.p[t.n] = 0;
	cr_expect_eq(tsp_verify(t.p, t.n + 1, data.p, data.n, NULL, time(NULL), &r, &err), COT_OK);
	cr_expect_eq(r.fail, TSP_FORMAT);
	cr_expect(strstr(r.why, "bytes after"), "%s", r.why);
	/* the good token's DER is not a response, nor a response a token */
	cr_expect_eq(check("good.tsr", NULL, NULL, time(NULL), &r), TSP_FORMAT);
}

Test(tsp, every_truncation_and_flipped_byte_is_refused)
{
	struct blob t = load("good.tst"), data = load("data.bin");
	struct cot_err err = COT_ERR_INIT;
	struct tsp_result r;

	for (size_t n = 0; n < t.n; n++) {
		cr_assert_eq(
			tsp_verify(t.p, n, data.p, data.n, NULL, time(NULL), &r, &err), COT_OK);
		cr_assert_eq(r.fail, TSP_FORMAT, "truncated to %zu bytes: %d %s", n, r.fail, r.why);
	}
	for (size_t i = 0; i < t.n; i += 7) {
		t.p[i] ^= 0x20;
		cr_assert_eq(
			tsp_verify(t.p, t.n, data.p, data.n, NULL, time(NULL), &r, &err), COT_OK);
		/* a flip in the certificate or unsigned fields may leave it valid; never silently
		   a token for other data or time, which the signature covers */
		if (r.fail == TSP_OK)
			cr_expect(i > 60, "byte %zu", i);
		t.p[i] ^= 0x20;
	}
}

/* The nonce of q.tsq, big-endian. */
static size_t query_nonce(unsigned char *out, size_t size)
{
	struct blob q = load("q.tsq");
	const unsigned char *p = q.p;
	TS_REQ *req = d2i_TS_REQ(NULL, &p, (long)q.n);
	BIGNUM *bn;
	size_t n;

	cr_assert_not_null(req);
	bn = ASN1_INTEGER_to_BN(TS_REQ_get_nonce(req), NULL);
	cr_assert((size_t)BN_num_bytes(bn) <= size);
	n = (size_t)BN_bn2bin(bn, out);
	BN_free(bn);
	TS_REQ_free(req);
	return n;
}

Test(tsp, a_response_gives_its_token_only_for_the_request_nonce)
{
	struct blob resp = load("good.tsr"), tok = load("good.tst");
	unsigned char nonce[32], *token = NULL;
	size_t nlen = query_nonce(nonce, sizeof(nonce)), len = 0;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(tsp_read_response(resp.p, resp.n, nonce, nlen, &token, &len, &err), COT_OK,
		"%s", err.msg);
	cr_expect_eq(len, tok.n);
	cr_expect_eq(memcmp(token, tok.p, len), 0, "the token as the TSA sent it");
	OPENSSL_free(token);
	nonce[nlen - 1] ^= 1;
	cr_expect_eq(tsp_read_response(resp.p, resp.n, nonce, nlen, &token, &len, &err), COT_ENV);
	cr_expect(strstr(err.msg, "nonce"), "%s", err.msg);
	cr_expect_null(token);
}

Test(tsp, a_rejection_says_what_the_tsa_said)
{
	struct blob resp = load("rejected.tsr");
	unsigned char nonce[8] = {0}, *token = NULL;
	struct cot_err err = COT_ERR_INIT;
	size_t len;

	cr_expect_eq(tsp_read_response(resp.p, resp.n, nonce, 8, &token, &len, &err), COT_ENV);
	cr_expect(strstr(err.msg, "did not grant"), "%s", err.msg);
	cr_expect(strstr(err.msg, "rejection"), "%s", err.msg);
	cr_expect(strstr(err.msg, "unacceptedPolicy"), "%s", err.msg);
	cr_expect_null(token);
}

Test(tsp, truncated_and_garbage_responses_are_refused)
{
	struct blob resp = load("good.tsr");
	unsigned char nonce[32], *token = NULL;
	size_t nlen = query_nonce(nonce, sizeof(nonce)), len;
	struct cot_err err = COT_ERR_INIT;

	for (size_t n = 0; n < resp.n; n++) {
		cr_assert_eq(tsp_read_response(resp.p, n, nonce, nlen, &token, &len, &err), COT_ENV,
			"truncated to %zu", n);
		cr_assert_null(token);
	}
	cr_expect_eq(tsp_read_response("<html>busy</html>", 17, nonce, nlen, &token, &len, &err),
		COT_ENV);
	cr_expect(strstr(err.msg, "not a timestamp response"), "%s", err.msg);
	cr_expect_eq(
		tsp_read_response(resp.p, TSP_MAX_RESPONSE + 1, nonce, nlen, &token, &len, &err),
		COT_ENV);
	cr_expect(strstr(err.msg, "too large"), "%s", err.msg);
}

/* A CAdES signature of the test PKI, to carry a token. */
static void sign(unsigned char **der, size_t *len)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org o = {"CBE", "0403019261", "MAISON SAINTE-ELISABETH", NULL,
		1795300000 - 86400, 1795300000 + 86400 * 365};
	EVP_PKEY *ca_key, *key;
	X509 *ca, *cert;

	cr_assert_eq(testpki_make_ca("tsp test CA", NULL, NULL, 1795300000 - 86400 * 365,
			     1795300000 + 86400 * 3650, &ca, &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &cert, &key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cades_sign("content", 7, key, cert, NULL, 1795300000, der, len, &err), COT_OK,
		"%s", err.msg);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
}

Test(tsp, a_token_embedded_in_a_signature_comes_back_as_it_was)
{
	struct blob tok = load("good.tst");
	unsigned char *sig, *stamped, *got, *value, *value2;
	size_t sig_len, stamped_len, got_len, value_len, value2_len;
	struct cot_err err = COT_ERR_INIT;
	struct cades_result cr;
	struct tsp_result r;

	sign(&sig, &sig_len);
	cr_assert_eq(cades_get_timestamp(sig, sig_len, &got, &got_len, &value, &value_len, &err),
		COT_OK, "%s", err.msg);
	cr_expect_null(got, "a B-B signature has no timestamp");
	cr_assert_eq(cades_add_timestamp(sig, sig_len, tok.p, tok.n, &stamped, &stamped_len, &err),
		COT_OK, "%s", err.msg);
	cr_expect_gt(stamped_len, sig_len + tok.n);
	cr_assert_eq(cades_verify(stamped, stamped_len, "content", 7, &cr, &err), COT_OK);
	cr_expect_eq(cr.fail, CADES_OK, "the signature still verifies: %s", cr.why);
	cades_result_release(&cr);
	cr_assert_eq(
		cades_get_timestamp(stamped, stamped_len, &got, &got_len, &value, &value_len, &err),
		COT_OK, "%s", err.msg);
	cr_assert_not_null(got);
	cr_expect_eq(got_len, tok.n);
	cr_expect_eq(memcmp(got, tok.p, tok.n), 0);
	cr_assert_eq(cades_signature_value(sig, sig_len, &value2, &value2_len, &err), COT_OK);
	cr_expect_eq(value_len, value2_len);
	cr_expect_eq(memcmp(value, value2, value_len), 0, "the value it covers is the signer's");
	/* this token was made for data.bin, not for this signature value */
	cr_assert_eq(
		tsp_verify(got, got_len, value, value_len, NULL, time(NULL), &r, &err), COT_OK);
	cr_expect_eq(r.fail, TSP_IMPRINT);
	OPENSSL_free(got);
	cr_expect_eq(cades_add_timestamp(stamped, stamped_len, tok.p, tok.n, &got, &got_len, &err),
		COT_USAGE, "a second timestamp is refused");
	cr_expect(strstr(err.msg, "already"), "%s", err.msg);
	cr_expect_eq(cades_add_timestamp(sig, sig_len, tok.p, tok.n - 1, &got, &got_len, &err),
		COT_USAGE);
	OPENSSL_free(value);
	cr_expect_eq(
		cades_get_timestamp(tok.p, tok.n / 2, &got, &got_len, &value, &value_len, &err),
		COT_USAGE);
	OPENSSL_free(sig);
	OPENSSL_free(stamped);
	OPENSSL_free(value2);
}
