/* Unit tests of B-LT: RevocationValues round trips and the attribute, on openssl-made data. */
#include <limits.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include "cot/blt.h"
#include "helpers.h"

static const char *dir(void)
{
	const char *v = getenv("COT_TEST_REVOC_DIR");

	if (!v || !*v)
		cr_assert_fail(
			"COT_TEST_REVOC_DIR is not set: run this test through with-revoc.sh");
	return v;
}

/* The bytes of a file of the test PKI; the caller frees them. */
static unsigned char *file(const char *name, size_t *len)
{
	char path[PATH_MAX];
	unsigned char *buf = malloc(1 << 16);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir(), name);
	cr_assert_not_null(f = fopen(path, "rb"), "no %s", name);
	*len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	cr_assert_gt(*len, 0);
	return buf;
}

static X509 *cert(const char *name)
{
	char path[PATH_MAX];
	FILE *f;
	X509 *x;

	snprintf(path, sizeof(path), "%s/%s.pem", dir(), name);
	cr_assert_not_null(f = fopen(path, "r"), "no %s.pem", name);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	cr_assert_not_null(x);
	return x;
}

/* The BasicOCSPResponse inside a DER OCSPResponse, as DER; the caller frees it. */
static unsigned char *basic_der(const unsigned char *resp, size_t len, int *n)
{
	const unsigned char *p = resp;
	OCSP_RESPONSE *r = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	OCSP_BASICRESP *bs = r ? OCSP_response_get1_basic(r) : NULL;
	unsigned char *out = NULL;

	cr_assert_not_null(bs);
	*n = i2d_OCSP_BASICRESP(bs, &out);
	cr_assert_gt(*n, 0);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(r);
	return out;
}

Test(blt, round_trip_keeps_every_crl_and_response)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob in[3], *out = NULL;
	unsigned char *der = NULL, *basic;
	size_t len = 0, n = 0;
	int basic_len;

	in[0].kind = REVOC_OCSP;
	in[0].der = file("resp-good.der", &in[0].len);
	in[1].kind = REVOC_CRL;
	in[1].der = file("int.crl", &in[1].len);
	in[2].kind = REVOC_CRL;
	in[2].der = file("root.crl", &in[2].len);
	basic = basic_der(in[0].der, in[0].len, &basic_len);
	cr_assert_eq(blt_values_encode(in, 3, &der, &len, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(der[0], 0x30);
	cr_assert_eq(blt_values_decode(der, len, &out, &n, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(n, 3);
	/* CRLs first ([0] crlVals), in order, byte for byte; then the response as a
	 * BasicOCSPResponse */
	cr_assert_eq(out[0].kind, REVOC_CRL);
	cr_assert(out[0].len == in[1].len && !memcmp(out[0].der, in[1].der, in[1].len));
	cr_assert(out[1].len == in[2].len && !memcmp(out[1].der, in[2].der, in[2].len));
	cr_assert_eq(out[2].kind, REVOC_OCSP);
	cr_assert(out[2].len == (size_t)basic_len && !memcmp(out[2].der, basic, out[2].len));
	/* a BasicOCSPResponse given as such encodes to the same bytes */
	{
		struct revoc_blob again[3] = {{REVOC_OCSP, basic, (size_t)basic_len}, in[1], in[2]};
		unsigned char *der2 = NULL;
		size_t len2 = 0;
		cr_assert_eq(blt_values_encode(again, 3, &der2, &len2, &err), COT_OK);
		cr_assert(len2 == len && !memcmp(der, der2, len));
		OPENSSL_free(der2);
	}
	blt_blobs_free(out, n);
	OPENSSL_free(der);
	OPENSSL_free(basic);
	for (int i = 0; i < 3; i++)
		free(in[i].der);
}

Test(blt, empty_values_are_an_empty_sequence)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob *out = NULL;
	unsigned char *der = NULL;
	size_t len = 0, n = 7;

	cr_assert_eq(blt_values_encode(NULL, 0, &der, &len, &err), COT_OK);
	cr_assert(len == 2 && der[0] == 0x30 && der[1] == 0);
	cr_assert_eq(blt_values_decode(der, len, &out, &n, &err), COT_OK);
	cr_assert_eq(n, 0);
	blt_blobs_free(out, n);
	OPENSSL_free(der);
}

Test(blt, a_blob_of_the_wrong_kind_is_refused)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob b = {REVOC_OCSP, NULL, 0};
	unsigned char *der = NULL;
	size_t len = 0;

	b.der = file("int.crl", &b.len);
	cr_assert_eq(blt_values_encode(&b, 1, &der, &len, &err), COT_USAGE);
	cr_assert_null(der);
	cr_assert(strstr(err.msg, "is not a DER OCSP response"), "%s", err.msg);
	b.kind = REVOC_CRL;
	free(b.der);
	b.der = file("resp-good.der", &b.len);
	cr_assert_eq(blt_values_encode(&b, 1, &der, &len, &err), COT_USAGE);
	free(b.der);
}

/* Malformed values: each refused, nothing returned, no leak (ASan). */
Test(blt, malformed_values_are_refused)
{
	static const unsigned char other[] = {0x30, 0x04, 0xa2, 0x02, 0x30, 0x00};
	static const unsigned char trailing[] = {0x30, 0x00, 0x00};
	static const unsigned char wrong_tag[] = {0x31, 0x00};
	static const unsigned char bad_crl[] = {0x30, 0x06, 0xa0, 0x04, 0x30, 0x02, 0x30, 0x00};
	static const unsigned char long_len[] = {0x30, 0x84, 0x7f, 0xff, 0xff, 0xff};
	const struct {
		const unsigned char *d;
		size_t n;
	} cases[] = {
		{other, sizeof(other)},
		{trailing, sizeof(trailing)},
		{wrong_tag, sizeof(wrong_tag)},
		{bad_crl, sizeof(bad_crl)},
		{long_len, sizeof(long_len)},
		{other, 0},
		{other, (size_t)REVOC_CRL_MAX + 1},
	};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_blob in[2], *out;
	unsigned char *der = NULL;
	size_t len = 0, n;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out = (void *)1;
		n = 9;
		cr_assert_eq(blt_values_decode(cases[i].d, cases[i].n, &out, &n, &err), COT_USAGE,
			"case %zu", i);
		cr_assert(out == NULL && n == 0, "case %zu", i);
	}
	/* every truncation of a real one */
	in[0].kind = REVOC_OCSP;
	in[0].der = file("resp-good.der", &in[0].len);
	in[1].kind = REVOC_CRL;
	in[1].der = file("int.crl", &in[1].len);
	cr_assert_eq(blt_values_encode(in, 2, &der, &len, &err), COT_OK);
	for (size_t k = 0; k < len; k++) {
		cr_assert_eq(blt_values_decode(der, k, &out, &n, &err), COT_USAGE, "%zu bytes", k);
		cr_assert_null(out);
	}
	OPENSSL_free(der);
	free(in[0].der);
	free(in[1].der);
}

/* What a check used, embedded in a signature and read back, decides the check offline. */
Test(blt, embedded_data_decides_offline)
{
	struct revoc_opts off = {.offline = true};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result res;
	struct revoc rv, back;
	X509 *leaf = cert("leaf"), *in = cert("int");
	unsigned char *resp, *crl, *sig, *out = NULL, *twice = NULL;
	size_t resp_len, crl_len, sig_len, out_len = 0, twice_len = 0;

	resp = file("resp-good.der", &resp_len);
	crl = file("root.crl", &crl_len);
	sig = file("cms.der", &sig_len);
	revoc_init(&rv, &off);
	cr_assert_eq(revoc_give(&rv, resp, resp_len, &err), COT_OK);
	cr_assert_eq(revoc_check(&rv, leaf, in, &res, &err), COT_OK);
	cr_assert_eq(res.status, REVOC_GOOD, "%s", res.why);
	cr_assert_eq(rv.n_used, 1);
	cr_assert_eq(blt_embed(sig, sig_len, &rv, &out, &out_len, &err), COT_OK, "%s", err.msg);
	cr_assert_gt(out_len, sig_len + 200);
	/* a second time: refused, the signature has revocation values */
	cr_assert_eq(blt_embed(out, out_len, &rv, &twice, &twice_len, &err), COT_USAGE);
	cr_assert_null(twice);
	revoc_init(&back, &off);
	cr_assert_eq(blt_give(out, out_len, &back, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(back.n_given, 1);
	cr_assert_eq(revoc_check(&back, leaf, in, &res, &err), COT_OK);
	cr_assert_eq(res.status, REVOC_GOOD, "%s", res.why);
	cr_assert(strstr(res.how, "given"), "%s", res.how);
	/* the signature without the attribute gives nothing, and says nothing is wrong */
	revoc_release(&back);
	revoc_init(&back, &off);
	cr_assert_eq(blt_give(sig, sig_len, &back, &err), COT_OK);
	cr_assert_eq(back.n_given, 0);
	/* not a signature */
	cr_assert_eq(blt_give(crl, crl_len, &back, &err), COT_USAGE);
	cr_assert_eq(blt_embed(crl, crl_len, &rv, &twice, &twice_len, &err), COT_USAGE);
	revoc_release(&back);
	revoc_release(&rv);
	OPENSSL_free(out);
	free(resp);
	free(crl);
	free(sig);
	X509_free(leaf);
	X509_free(in);
}

/* A response for another certificate, embedded, decides nothing for this one. */
Test(blt, another_certificates_response_decides_nothing)
{
	struct revoc_opts off = {.offline = true};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result res;
	struct revoc rv, back;
	X509 *leaf = cert("leaf"), *revoked = cert("revoked"), *in = cert("int");
	unsigned char *resp, *sig, *out = NULL;
	size_t resp_len, sig_len, out_len = 0;

	resp = file("resp-revoked.der", &resp_len);
	sig = file("cms.der", &sig_len);
	revoc_init(&rv, &off);
	cr_assert_eq(revoc_give(&rv, resp, resp_len, &err), COT_OK);
	cr_assert_eq(revoc_check(&rv, revoked, in, &res, &err), COT_OK);
	cr_assert_eq(res.status, REVOC_REVOKED);
	cr_assert_eq(blt_embed(sig, sig_len, &rv, &out, &out_len, &err), COT_OK, "%s", err.msg);
	revoc_init(&back, &off);
	cr_assert_eq(blt_give(out, out_len, &back, &err), COT_OK);
	cr_assert_eq(revoc_check(&back, leaf, in, &res, &err), COT_OK);
	cr_assert_eq(res.status, REVOC_UNKNOWN);
	revoc_release(&back);
	revoc_release(&rv);
	OPENSSL_free(out);
	free(resp);
	free(sig);
	X509_free(leaf);
	X509_free(revoked);
	X509_free(in);
}
