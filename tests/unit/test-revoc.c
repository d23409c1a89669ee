/* Unit tests of revocation checking against real openssl OCSP responders and nginx CRLs
 * (with-revoc.sh). */
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <openssl/cms.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include "cot/fsutil.h"
#include "cot/revoc.h"
#include "helpers.h"

#define DAY 86400

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		cr_assert_fail(
			"%s is not set: run this test through tests/unit/with-revoc.sh", name);
	return v;
}

static char *pki(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", env("COT_TEST_REVOC_DIR"), name);
	return path;
}

/* A certificate of the test PKI; the caller frees it. */
static X509 *cert(const char *name)
{
	char file[64];
	FILE *f;
	X509 *x;

	snprintf(file, sizeof(file), "%s.pem", name);
	f = fopen(pki(file), "r");
	cr_assert_not_null(f, "no %s", file);
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	cr_assert_not_null(x, "cannot read %s", file);
	return x;
}

/* The bytes of a file of the test PKI (a static copy, at most 64 KiB). */
static unsigned char *der(const char *name, size_t *len)
{
	static unsigned char buf[1 << 16];
	FILE *f = fopen(pki(name), "rb");

	cr_assert_not_null(f, "no %s", name);
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	cr_assert_gt(*len, 0);
	return buf;
}

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* Checks name against issuer with opts; cache under a fresh directory unless opts says. */
static void check(
	const char *name, const char *issuer, struct revoc_opts *o, struct revoc_result *res)
{
	struct cot_err err = COT_ERR_INIT;
	X509 *c = cert(name), *i = cert(issuer);
	struct revoc rv;

	revoc_init(&rv, o);
	cr_assert_eq(revoc_check(&rv, c, i, res, &err), COT_OK, "%s", err.msg);
	if (res->status != REVOC_UNKNOWN)
		cr_expect_gt(rv.n_used, 0, "what decided is kept for B-LT");
	else
		cr_expect_eq(rv.n_used, 0);
	revoc_release(&rv);
	X509_free(c);
	X509_free(i);
}

static struct revoc_opts no_cache = {.cache_dir = "", .timeout = 5};

Test(revoc, good_leaf_by_ocsp_with_delegated_responder)
{
	struct revoc_result r;

	check("leaf", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strncmp(r.how, "OCSP http://127.0.0.1:", 22) == 0, "%s", r.how);
	cr_expect(strstr(r.how, "produced-at 20") && strstr(r.how, "this-update 20"), "%s", r.how);
	cr_expect(strstr(r.subject, "cot revoc test leaf"), "%s", r.subject);
	cr_expect_str_eq(r.why, "");
}

Test(revoc, revoked_signer_with_time_and_reason)
{
	struct revoc_result r;

	check("revoked", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_REVOKED, "%s", r.why);
	cr_expect_eq(r.reason, 1);
	cr_expect_str_eq(revoc_reason_name(r.reason), "keyCompromise");
	cr_expect(r.revoked_at > time(NULL) - DAY && r.revoked_at <= time(NULL));
	cr_expect(strncmp(r.how, "OCSP ", 5) == 0, "%s", r.how);
}

static void chain(const char *const *names, int n, struct revoc_result **res, size_t *count,
	enum revoc_status *worst)
{
	STACK_OF(X509) *path = sk_X509_new_null();
	struct cot_err err = COT_ERR_INIT;
	struct revoc rv;

	for (int i = 0; i < n; i++)
		sk_X509_push(path, cert(names[i]));
	revoc_init(&rv, &no_cache);
	cr_assert_eq(revoc_check_chain(&rv, path, res, count, worst, &err), COT_OK, "%s", err.msg);
	revoc_release(&rv);
	sk_X509_pop_free(path, X509_free);
}

Test(revoc, revoked_intermediate_fails_the_chain)
{
	static const char *const names[] = {"leaf2", "int2", "root"};
	enum revoc_status worst;
	struct revoc_result *r;
	size_t n;

	chain(names, 3, &r, &n, &worst);
	cr_assert_eq(n, 2);
	cr_expect_eq(worst, REVOC_REVOKED);
	cr_expect_eq(r[0].status, REVOC_GOOD, "%s", r[0].why);
	cr_expect(
		strstr(r[0].how, "CRL http://127.0.0.1:") && strstr(r[0].how, "/int2.crl, number "),
		"%s", r[0].how);
	cr_expect(strstr(r[0].why, "no OCSP responder"), "%s", r[0].why);
	cr_expect_eq(r[1].status, REVOC_REVOKED, "%s", r[1].why);
	cr_expect(strncmp(r[1].how, "OCSP ", 5) == 0, "%s", r[1].how);
	free(r);
}

Test(revoc, good_chain_and_short_path)
{
	static const char *const names[] = {"leaf", "int", "root"};
	STACK_OF(X509) *one = sk_X509_new_null();
	struct cot_err err = COT_ERR_INIT;
	enum revoc_status worst;
	struct revoc_result *r;
	struct revoc rv;
	size_t n;

	chain(names, 3, &r, &n, &worst);
	cr_expect_eq(worst, REVOC_GOOD, "%s / %s", r[0].why, r[1].why);
	free(r);
	sk_X509_push(one, cert("leaf"));
	revoc_init(&rv, &no_cache);
	cr_expect_eq(revoc_check_chain(&rv, one, &r, &n, &worst, &err), COT_USAGE);
	cr_expect_null(r);
	revoc_release(&rv);
	sk_X509_pop_free(one, X509_free);
}

Test(revoc, responder_down_falls_back_to_the_crl)
{
	struct revoc_result r;

	check("down", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strncmp(r.how, "CRL http://", 11) == 0, "%s", r.how);
	cr_expect(strstr(r.how, "number 4096"), "%s", r.how);
	cr_expect(strstr(r.why, "OCSP http://127.0.0.1:"), "the failed responder is named: %s",
		r.why);
}

Test(revoc, stale_ocsp_is_unknown_then_the_crl_answers)
{
	struct revoc_opts o = no_cache;
	struct revoc_result r;

	o.now = time(NULL) + 2 * DAY; /* the responders' next-update is one day ahead */
	check("leaf", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strncmp(r.how, "CRL ", 4) == 0, "%s", r.how);
	cr_expect(strstr(r.why, "stale: its next-update"), "%s", r.why);
	o.now = time(NULL) + 8 * DAY; /* and the CRL's a week */
	check("leaf", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN);
	cr_expect(strstr(r.why, "CRL http") && strstr(r.why, "stale"), "%s", r.why);
}

/* Judges a file of the PKI (or the bytes given) for leaf/int. */
static void judge(enum revoc_kind kind, const void *data, size_t len, const char *name,
	struct revoc_opts *o, struct revoc_result *r)
{
	struct cot_err err = COT_ERR_INIT;
	X509 *c = cert(name), *i = cert("int");

	cr_assert_eq(revoc_judge(kind, data, len, c, i, o, r, &err), COT_OK, "%s", err.msg);
	X509_free(c);
	X509_free(i);
}

Test(revoc, ocsp_responses_judged_alone)
{
	struct revoc_opts o = {0};
	struct revoc_result r;
	unsigned char *d;
	size_t n;

	d = der("resp-delegated.der", &n);
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strncmp(r.how, "OCSP given, produced-at", 23) == 0, "%s", r.how);
	d = der("resp-good.der", &n);
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	judge(REVOC_OCSP, d, n, "revoked", &o, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN);
	cr_expect(strstr(r.why, "for another certificate"), "%s", r.why);
	o.now = time(NULL) - DAY;
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect(strstr(r.why, "is in the future"), "%s", r.why);
	o.now = time(NULL) + 2 * DAY;
	d = der("resp-stale.der", &n);
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect(strstr(r.why, "stale"), "%s", r.why);
	o.now = 0;
	d = der("resp-noeku.der", &n);
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect(strstr(r.why, "lacks id-kp-OCSPSigning"), "%s", r.why);
	d = der("resp-unrelated.der", &n);
	judge(REVOC_OCSP, d, n, "leaf", &o, &r);
	cr_expect(strstr(r.why, "'CN=cot revoc test other', which the issuer did not certify"),
		"%s", r.why);
	d = der("resp-good.der", &n);
	judge(REVOC_CRL, d, n, "leaf", &o, &r);
	cr_expect(strstr(r.why, "malformed (not a DER CRL)"), "%s", r.why);
}

Test(revoc, revocation_after_the_validation_time_does_not_count)
{
	struct revoc_opts o = {.when = time(NULL) - DAY};
	struct revoc_result r;
	unsigned char *d;
	size_t n;

	d = der("resp-revoked.der", &n);
	judge(REVOC_OCSP, d, n, "revoked", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(r.revoked_at > 0);
	cr_expect(strstr(r.why, "(keyCompromise), after the validation time"), "%s", r.why);
	o.when = 0;
	judge(REVOC_OCSP, d, n, "revoked", &o, &r);
	cr_expect_eq(r.status, REVOC_REVOKED);
}

/* What the hostile responder's answer bytes make of evil.pem. */
static void evil(const void *data, size_t len, const char *expect)
{
	struct revoc_result r;

	put(env("COT_TEST_REVOC_WWW"), "evil.ocsp", data, len);
	check("evil", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN, "%s", r.how);
	cr_expect(strstr(r.why, expect), "expected '%s' in: %s", expect, r.why);
	cr_expect(strstr(r.why, "no CRL distribution point"), "%s", r.why);
}

/* The same response with one bit of its signature flipped, re-encoded in place. */
static void flip_signature(unsigned char *d, size_t *n)
{
	const unsigned char *p = d;
	OCSP_RESPONSE *resp = d2i_OCSP_RESPONSE(NULL, &p, (long)*n), *forged;
	OCSP_BASICRESP *bs = OCSP_response_get1_basic(resp);
	ASN1_BIT_STRING *sig = (ASN1_BIT_STRING *)OCSP_resp_get0_signature(bs);
	unsigned char *out = NULL;
	int len;

	cr_assert(sig && sig->length > 8);
	sig->data[sig->length / 2] ^= 0x01;
	forged = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs);
	len = i2d_OCSP_RESPONSE(forged, &out);
	cr_assert(len > 0 && (size_t)len <= 1 << 16);
	memcpy(d, out, (size_t)len);
	*n = (size_t)len;
	OPENSSL_free(out);
	OCSP_RESPONSE_free(forged);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
}

Test(revoc, hostile_ocsp_responses_are_unknown)
{
	static const unsigned char unauthorized[] = {0x30, 0x03, 0x0a, 0x01, 0x06};
	static const unsigned char trylater[] = {0x30, 0x03, 0x0a, 0x01, 0x03};
	unsigned char *big, *d;
	size_t n;

	evil(unauthorized, sizeof(unauthorized), "the responder answered 'unauthorized'");
	evil(trylater, sizeof(trylater), "'trylater'");
	evil("hello", 5, "malformed (not a DER OCSP response)");
	evil("", 0, "malformed");
	d = der("resp-evil.der", &n);
	evil(d, n, "the nonce sent was not echoed");
	evil(d, n / 2, "malformed");
	flip_signature(d, &n);
	evil(d, n, "its signature does not verify with the key of 'CN=cot revoc test int'");
	d = der("resp-good.der", &n);
	evil(d, n, "the response is for another certificate");
	d = der("resp-unrelated.der", &n);
	evil(d, n, "which the issuer did not certify");
	big = calloc(1, REVOC_OCSP_MAX + 4096);
	evil(big, REVOC_OCSP_MAX + 4096, "larger than");
	free(big);
}

/* What crlonly.pem's distribution point, serving these bytes, makes of it. */
static void crl(const void *data, size_t len, enum revoc_status st, const char *expect)
{
	struct revoc_result r;

	put(env("COT_TEST_REVOC_WWW"), "evil.crl", data, len);
	check("crlonly", "int", &no_cache, &r);
	cr_expect_eq(r.status, st, "%s %s", r.how, r.why);
	cr_expect(strstr(st == REVOC_UNKNOWN ? r.why : r.how, expect), "expected '%s' in: %s %s",
		expect, r.how, r.why);
}

Test(revoc, crls_of_other_cas_and_hostile_crls)
{
	unsigned char *big, *d;
	size_t n;

	d = der("int.crl", &n);
	crl(d, n, REVOC_GOOD, "/evil.crl, number 4096, this-update 20");
	crl(d, n - 1, REVOC_UNKNOWN, "malformed (not a DER CRL)");
	d = der("root.crl", &n);
	crl(d, n, REVOC_UNKNOWN, "a CRL of another CA ('CN=cot revoc test root')");
	d = der("other.crl", &n);
	crl(d, n, REVOC_UNKNOWN, "a CRL of another CA ('CN=cot revoc test other')");
	crl("garbage", 7, REVOC_UNKNOWN, "malformed");
	big = calloc(1, REVOC_CRL_MAX + 1);
	crl(big, REVOC_CRL_MAX + 1, REVOC_UNKNOWN, "larger than");
	free(big);
}

Test(revoc, crl_with_the_issuers_name_but_another_key)
{
	struct revoc_opts o = {0};
	struct revoc_result r;
	const unsigned char *p;
	unsigned char *d, *out = NULL;
	EVP_PKEY *other;
	X509_CRL *c;
	FILE *f;
	size_t n;
	int len;

	f = fopen(pki("other.key"), "r");
	cr_assert_not_null(f);
	other = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	cr_assert_not_null(other);
	d = der("int.crl", &n);
	p = d;
	c = d2i_X509_CRL(NULL, &p, (long)n);
	cr_assert_not_null(c);
	cr_assert_gt(X509_CRL_sign(c, other, EVP_sha256()), 0);
	len = i2d_X509_CRL(c, &out);
	cr_assert_gt(len, 0);
	judge(REVOC_CRL, out, (size_t)len, "revoked", &o, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN);
	cr_expect(
		strstr(r.why, "its signature does not verify with the issuer's key"), "%s", r.why);
	OPENSSL_free(out);
	X509_CRL_free(c);
	EVP_PKEY_free(other);
}

Test(revoc, no_aia_no_cdp)
{
	struct revoc_result r;

	check("noinfo", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN);
	cr_expect_str_eq(r.why, "no OCSP responder in the certificate (AIA); no CRL distribution "
				"point in the certificate");
}

/* The one .ocsp file of the cache directory. */
static char *cache_file(const char *dir)
{
	static char path[PATH_MAX];
	char pattern[PATH_MAX];
	glob_t g;

	snprintf(pattern, sizeof(pattern), "%s/*.ocsp", dir);
	cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "nothing cached in %s", dir);
	cr_assert_eq(g.gl_pathc, 1);
	snprintf(path, sizeof(path), "%s", g.gl_pathv[0]);
	globfree(&g);
	return path;
}

Test(revoc, cache_answers_when_the_responder_is_gone)
{
	char *dir = test_tmpdir(), *sub = test_path(dir, "a/b"), *a = test_path(dir, "a"), *file;
	char *data = NULL;
	struct cot_err err = COT_ERR_INIT;
	struct revoc_opts o = {.cache_dir = sub, .timeout = 5};
	struct revoc_result r;
	size_t len;

	cr_assert_eq(fs_mkdir(a, 0700, &err), 0);
	free(a);
	check("cached", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect_null(strstr(r.how, "(cached)"), "%s", r.how);
	file = cache_file(sub);
	check("cached", "int", &o, &r);
	cr_expect(strstr(r.how, "(cached)"), "%s", r.how);
	test_write(file, "corrupt");
	check("cached", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect_null(strstr(r.how, "(cached)"), "a corrupt file is ignored: %s", r.how);
	cr_assert_eq(fs_read(file, 1 << 20, &data, &len, &err), 0);
	cr_expect(len > 100 && data[0] == 0x30, "and replaced");
	free(data);
	cr_assert_eq(kill((pid_t)atoi(env("COT_TEST_REVOC_CACHE_PID")), SIGTERM), 0);
	usleep(200000);
	check("cached", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strstr(r.how, "(cached)"), "%s", r.how);
	check("cached", "int", &no_cache, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN, "the responder is gone indeed");
	o.now = time(NULL) + 2 * DAY;
	check("cached", "int", &o, &r);
	cr_expect_eq(r.status, REVOC_UNKNOWN, "a cached answer past its next-update is not used");
	test_rmtree(dir);
	free(sub);
	free(dir);
}

/* Gives the BasicOCSPResponse inside a file's OCSPResponse, as CAdES revocationValues hold it. */
static void give_basic_of(const char *name, struct revoc *rv)
{
	struct cot_err err = COT_ERR_INIT;
	const unsigned char *p;
	unsigned char *d, *out = NULL;
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs;
	size_t n;
	int len;

	d = der(name, &n);
	p = d;
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)n);
	bs = OCSP_response_get1_basic(resp);
	cr_assert_not_null(bs);
	len = i2d_OCSP_BASICRESP(bs, &out);
	cr_assert_gt(len, 0);
	cr_assert_eq(revoc_give(rv, out, (size_t)len, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(rv->given[rv->n_given - 1].kind, REVOC_OCSP);
	OPENSSL_free(out);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
}

Test(revoc, offline_uses_only_given_data)
{
	struct revoc_opts o = {.offline = true};
	struct cot_err err = COT_ERR_INIT;
	X509 *leaf = cert("leaf"), *rev = cert("revoked"), *in = cert("int");
	struct revoc_result r;
	struct revoc rv;
	unsigned char *d;
	size_t n;

	revoc_init(&rv, &o);
	cr_expect_eq(revoc_give(&rv, "junk", 4, &err), COT_USAGE);
	cr_expect_eq(revoc_check(&rv, leaf, in, &r, &err), COT_OK);
	cr_expect_eq(r.status, REVOC_UNKNOWN);
	cr_expect(strstr(r.why, "offline"), "%s", r.why);
	d = der("other.crl", &n);
	cr_assert_eq(revoc_give(&rv, d, n, &err), COT_OK, "%s", err.msg);
	d = der("resp-good.der", &n);
	cr_assert_eq(revoc_give(&rv, d, n, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(revoc_check(&rv, leaf, in, &r, &err), COT_OK);
	cr_expect_eq(r.status, REVOC_GOOD, "%s", r.why);
	cr_expect(strncmp(r.how, "OCSP given", 10) == 0, "%s", r.how);
	cr_expect_eq(revoc_check(&rv, rev, in, &r, &err), COT_OK);
	cr_expect_eq(r.status, REVOC_UNKNOWN, "the response is leaf's, the CRL another CA's");
	d = der("int.crl", &n);
	cr_assert_eq(revoc_give(&rv, d, n, &err), COT_OK);
	cr_expect_eq(revoc_check(&rv, rev, in, &r, &err), COT_OK);
	cr_expect_eq(r.status, REVOC_REVOKED, "%s", r.why);
	cr_expect(strncmp(r.how, "CRL given, number 4096", 22) == 0, "%s", r.how);
	cr_expect_eq(rv.n_used, 2);
	cr_expect_eq(rv.used[0].kind, REVOC_OCSP);
	cr_expect_eq(rv.used[1].kind, REVOC_CRL);
	revoc_release(&rv);
	revoc_init(&rv, &o);
	give_basic_of("resp-revoked.der", &rv);
	cr_expect_eq(revoc_check(&rv, rev, in, &r, &err), COT_OK);
	cr_expect_eq(r.status, REVOC_REVOKED, "a BasicOCSPResponse given counts: %s", r.why);
	revoc_release(&rv);
	X509_free(leaf);
	X509_free(rev);
	X509_free(in);
}

Test(revoc, crls_go_into_the_cms_signature)
{
	struct revoc_opts o = {.offline = true};
	struct cot_err err = COT_ERR_INIT;
	X509 *leaf = cert("leaf"), *rev = cert("revoked"), *in = cert("int");
	unsigned char *cms = NULL, *out = NULL, *out2 = NULL, *d;
	size_t n, cms_len, out_len, out2_len, skipped;
	const unsigned char *p;
	STACK_OF(X509_CRL) *crls;
	CMS_ContentInfo *ci;
	struct revoc_result r;
	BIO *data;
	struct revoc rv;

	revoc_init(&rv, &o);
	d = der("resp-good.der", &n);
	cr_assert_eq(revoc_give(&rv, d, n, &err), COT_OK);
	d = der("int.crl", &n);
	cr_assert_eq(revoc_give(&rv, d, n, &err), COT_OK);
	cr_assert_eq(revoc_check(&rv, leaf, in, &r, &err), COT_OK); /* by the OCSP response */
	cr_assert_eq(revoc_check(&rv, rev, in, &r, &err), COT_OK);  /* by the CRL */
	cr_assert_eq(rv.n_used, 2);
	d = der("cms.der", &n);
	cms = malloc(n);
	memcpy(cms, d, n);
	cms_len = n;
	cr_expect_eq(revoc_cms_add("nope", 4, &rv, &out, &out_len, &skipped, &err), COT_USAGE);
	cr_assert_eq(revoc_cms_add(cms, cms_len, &rv, &out, &out_len, &skipped, &err), COT_OK, "%s",
		err.msg);
	cr_expect_eq(skipped, 1, "OpenSSL 3.0 cannot add the OCSP response");
	cr_assert_eq(revoc_cms_add(out, out_len, &rv, &out2, &out2_len, &skipped, &err), COT_OK);
	cr_expect_eq(out2_len, out_len, "a CRL present is not added twice");
	p = out2;
	ci = d2i_CMS_ContentInfo(NULL, &p, (long)out2_len);
	cr_assert_not_null(ci);
	crls = CMS_get1_crls(ci);
	cr_expect_eq(sk_X509_CRL_num(crls), 1);
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	data = BIO_new_file(pki("data.txt"), "rb");
	cr_expect_eq(CMS_verify(ci, NULL, NULL, data, NULL, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY),
		1, "the signature still verifies");
	BIO_free(data);
	CMS_ContentInfo_free(ci);
	OPENSSL_free(out);
	OPENSSL_free(out2);
	free(cms);
	revoc_release(&rv);
	X509_free(leaf);
	X509_free(rev);
	X509_free(in);
}
