/* RFC 3161 timestamps with OpenSSL's TS and CMS: requests, responses, and checking tokens. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "cot/cades.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/tsp.h"

#define NONCE_LEN 8

void tsp_result_init(struct tsp_result *r)
{
	memset(r, 0, sizeof(*r));
}

const char *tsp_fail_name(enum tsp_fail f)
{
	switch (f) {
	case TSP_OK:
		return _("the timestamp is valid");
	case TSP_FORMAT:
		return _("the timestamp token is malformed");
	case TSP_NO_SIGNER:
		return _("the TSA's certificate is not in the timestamp token");
	case TSP_SIGNATURE:
		return _("the timestamp token's signature does not verify");
	case TSP_SIGNING_CERT:
		return _("the timestamp token does not name the TSA's certificate");
	case TSP_USAGE:
		return _("the TSA's certificate is not for timestamping only");
	case TSP_IMPRINT:
		return _("the timestamp is for other data than the signature");
	case TSP_FUTURE:
		return _("the timestamp is dated in the future");
	case TSP_CHAIN:
		return _("the TSA's certificate does not chain to the TSA trust anchors");
	}
	return _("unknown");
}

static int fail(struct tsp_result *r, enum tsp_fail f, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct tsp_result *r, enum tsp_fail f, const char *fmt, ...)
{
	va_list ap;

	r->fail = f;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return COT_OK;
}

/* ---- checking a token ----------------------------------------------------------- */

/* The token's single SignerInfo over a TSTInfo, or NULL with r failed. */
static CMS_SignerInfo *token_signer_info(CMS_ContentInfo *cms, struct tsp_result *r)
{
	STACK_OF(CMS_SignerInfo) *sis;

	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		fail(r, TSP_FORMAT, _("the token is CMS but not SignedData"));
		return NULL;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_id_smime_ct_TSTInfo ||
		CMS_is_detached(cms) == 1) {
		fail(r, TSP_FORMAT, _("the token does not carry a TSTInfo"));
		return NULL;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		fail(r, TSP_FORMAT, _("the token does not have exactly one signer"));
		return NULL;
	}
	return sk_CMS_SignerInfo_value(sis, 0);
}

static void subject(X509 *c, char *out, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *data;
	long n;

	out[0] = '\0';
	if (b && X509_NAME_print_ex(b, X509_get_subject_name(c), 0, XN_FLAG_RFC2253) >= 0) {
		n = BIO_get_mem_data(b, &data);
		snprintf(out, size, "%.*s", (int)(n < (long)size ? n : (long)size - 1), data);
	}
	BIO_free(b);
}

static X509 *token_signer(CMS_ContentInfo *cms, CMS_SignerInfo *si, struct tsp_result *r)
{
	X509 *signer = NULL;

	if (CMS_set1_signers_certs(cms, NULL, 0) < 0)
		ERR_clear_error();
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (!signer) {
		fail(r, TSP_NO_SIGNER,
			_("the TSA's certificate is not in the token (was certReq "
			  "ignored?)"));
		return NULL;
	}
	subject(signer, r->tsa, sizeof(r->tsa));
	return signer;
}

/* Verifies the CMS signature (not the chain) and returns the TSTInfo it signs. */
static TS_TST_INFO *signed_tst_info(CMS_ContentInfo *cms, struct tsp_result *r, bool *oom)
{
	BIO *out = BIO_new(BIO_s_mem());
	TS_TST_INFO *tst = NULL;
	const unsigned char *p;
	char *data;
	long n;

	*oom = !out;
	if (!out)
		return NULL;
	if (CMS_verify(cms, NULL, NULL, NULL, out, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
		fail(r, TSP_SIGNATURE,
			_("the token's signature does not verify with the TSA "
			  "certificate's key"));
		goto out;
	}
	n = BIO_get_mem_data(out, &data);
	p = (const unsigned char *)data;
	tst = n > 0 ? d2i_TS_TST_INFO(NULL, &p, n) : NULL;
	if (!tst || p != (const unsigned char *)data + n) {
		TS_TST_INFO_free(tst);
		tst = NULL;
		fail(r, TSP_FORMAT, _("the token's TSTInfo is not DER"));
	}
out:
	BIO_free(out);
	return tst;
}

/* RFC 3161 2.3: extended key usage timeStamping, critical and alone; OpenSSL's purpose says so. */
static bool check_usage(X509 *tsa, struct tsp_result *r)
{
	int i = X509_get_ext_by_NID(tsa, NID_ext_key_usage, -1);

	if (i < 0)
		fail(r, TSP_USAGE,
			_("the TSA's certificate has no extended key usage timeStamping"));
	else if (!X509_EXTENSION_get_critical(X509_get_ext(tsa, i)))
		fail(r, TSP_USAGE, _("the TSA's extended key usage is not critical"));
	else if (X509_check_purpose(tsa, X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1)
		fail(r, TSP_USAGE,
			_("the TSA's certificate is not for timestamping alone (its key "
			  "usage or extended key usage allows more)"));
	else
		return true;
	return false;
}

static bool check_imprint(TS_TST_INFO *tst, const void *covered, size_t len, struct tsp_result *r)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	X509_ALGOR *alg = TS_MSG_IMPRINT_get_algo(mi);
	ASN1_OCTET_STRING *want = TS_MSG_IMPRINT_get_msg(mi);
	const ASN1_OBJECT *obj = NULL;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int nid;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	nid = obj ? OBJ_obj2nid(obj) : NID_undef;
	if (nid != NID_sha256 && nid != NID_sha384 && nid != NID_sha512) {
		fail(r, TSP_FORMAT, _("the token's imprint is not SHA-256, SHA-384 or SHA-512"));
		return false;
	}
	r->digest = OBJ_nid2sn(nid);
	if (!EVP_Digest(covered, len, md, &n, EVP_get_digestbynid(nid), NULL)) {
		fail(r, TSP_FORMAT, _("the imprint's digest cannot be computed"));
		return false;
	}
	if ((unsigned)ASN1_STRING_length(want) != n ||
		memcmp(ASN1_STRING_get0_data(want), md, n) != 0) {
		fail(r, TSP_IMPRINT,
			_("the token's imprint is not the %s of the signature value: it "
			  "timestamps something else"),
			r->digest);
		return false;
	}
	return true;
}

static bool read_tst(TS_TST_INFO *tst, struct tsp_result *r)
{
	const ASN1_GENERALIZEDTIME *t = TS_TST_INFO_get_time(tst);
	ASN1_OBJECT *policy = TS_TST_INFO_get_policy_id(tst);
	struct tm tm;

	if (policy)
		OBJ_obj2txt(r->policy, sizeof(r->policy), policy, 1);
	if (!t || ASN1_TIME_to_tm(t, &tm) != 1) {
		fail(r, TSP_FORMAT, _("the token's genTime cannot be read"));
		return false;
	}
	r->gen_time = timegm(&tm);
	r->has_time = true;
	return true;
}

static int check_chain(CMS_ContentInfo *cms, X509 *tsa, STACK_OF(X509) *anchors,
	struct tsp_result *r, struct cot_err *err)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *certs = CMS_get1_certs(cms);
	int rc = COT_OK, ok = 0;

	if (!store || !ctx) {
		rc = cot_err_nomem(err);
		goto out;
	}
	for (int i = 0; i < sk_X509_num(anchors); i++)
		if (!X509_STORE_add_cert(store, sk_X509_value(anchors, i))) {
			rc = cot_err_nomem(err);
			goto out;
		}
	if (!X509_STORE_CTX_init(ctx, store, tsa, certs)) {
		rc = cot_err_nomem(err);
		goto out;
	}
	X509_STORE_CTX_set_time(ctx, 0, r->gen_time);
	ok = X509_verify_cert(ctx);
	r->chain_checked = true;
	if (ok != 1)
		fail(r, TSP_CHAIN,
			_("the TSA's certificate does not chain to the TSA trust anchors "
			  "at the token's time: %s"),
			X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
out:
	sk_X509_pop_free(certs, X509_free);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return rc;
}

static int run_checks(CMS_ContentInfo *cms, const void *covered, size_t len,
	STACK_OF(X509) *anchors, time_t now, struct tsp_result *r, struct cot_err *err)
{
	CMS_SignerInfo *si = token_signer_info(cms, r);
	TS_TST_INFO *tst = NULL;
	const char *why = NULL;
	X509 *tsa;
	bool oom = false;
	int rc = COT_OK;

	if (!si || !(tsa = token_signer(cms, si, r)))
		return COT_OK;
	if (!(tst = signed_tst_info(cms, r, &oom))) {
		if (oom)
			rc = cot_err_nomem(err);
		goto out;
	}
	if (!cades_ess_names(si, tsa, &why)) {
		/* TRANSLATORS: what is wrong with the token's signing-certificate attribute */
		fail(r, TSP_SIGNING_CERT, _("the timestamp token: %s"), why);
		goto out;
	}
	if (!check_usage(tsa, r) || !read_tst(tst, r) || !check_imprint(tst, covered, len, r))
		goto out;
	if (r->gen_time > now + TSP_FUTURE_SKEW) {
		fail(r, TSP_FUTURE,
			_("the token is dated %lld s after now: a timestamp from the future"),
			(long long)(r->gen_time - now));
		goto out;
	}
	if (sk_X509_num(anchors) > 0)
		rc = check_chain(cms, tsa, anchors, r, err);
out:
	TS_TST_INFO_free(tst);
	return rc;
}

int tsp_verify(const void *token, size_t token_len, const void *covered, size_t covered_len,
	STACK_OF(X509) *anchors, time_t now, struct tsp_result *r, struct cot_err *err)
{
	const unsigned char *p = token;
	CMS_ContentInfo *cms = NULL;
	int rc = COT_OK;

	tsp_result_init(r);
	if (token_len == 0)
		return fail(r, TSP_FORMAT, _("the token is empty"));
	if (token_len > TSP_MAX_TOKEN)
		return fail(r, TSP_FORMAT, _("the token is larger than %zu bytes"), TSP_MAX_TOKEN);
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)token_len);
	if (!cms)
		fail(r, TSP_FORMAT, _("the token is not a CMS structure in DER"));
	else if (p != (const unsigned char *)token + token_len)
		fail(r, TSP_FORMAT, _("the token has bytes after its CMS structure"));
	else
		rc = run_checks(cms, covered, covered_len, anchors, now, r, err);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

/* ---- asking a TSA -------------------------------------------------------------- */

/* A TimeStampReq in DER: SHA-256 imprint of covered, the nonce, certReq. */
static int make_request(const void *covered, size_t len, const unsigned char *nonce,
	unsigned char **der, size_t *der_len, struct cot_err *err)
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	BIGNUM *bn = BN_bin2bn(nonce, NONCE_LEN, NULL);
	ASN1_INTEGER *n = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	int rc = COT_ENV, k;

	*der = NULL;
	if (!req || !mi || !alg || !n || !SHA256(covered, len, md) ||
		!X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) ||
		!TS_MSG_IMPRINT_set_algo(mi, alg) || !TS_MSG_IMPRINT_set_msg(mi, md, sizeof(md)) ||
		!TS_REQ_set_version(req, 1) || !TS_REQ_set_msg_imprint(req, mi) ||
		!TS_REQ_set_nonce(req, n) || !TS_REQ_set_cert_req(req, 1) ||
		(k = i2d_TS_REQ(req, der)) <= 0) {
		*der = NULL;
		cot_err_nomem(err);
		cot_err_prefix(err, "%s", _("cannot make the timestamp request"));
		goto out;
	}
	*der_len = (size_t)k;
	rc = COT_OK;
out:
	ASN1_INTEGER_free(n);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	return rc;
}

/* The TSA's status text and failure bits, for a rejection's message. */
static void status_text(TS_STATUS_INFO *si, char *out, size_t size)
{
	const STACK_OF(ASN1_UTF8STRING) *text = TS_STATUS_INFO_get0_text(si);
	const ASN1_BIT_STRING *bits = TS_STATUS_INFO_get0_failure_info(si);
	static const char *const names[] = {"badAlg", NULL, "badRequest", NULL, NULL,
		"badDataFormat", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "timeNotAvailable",
		"unacceptedPolicy", "unacceptedExtension", "addInfoNotAvailable", NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, "systemFailure"};
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < sk_ASN1_UTF8STRING_num(text) && used < size; i++) {
		const ASN1_UTF8STRING *s = sk_ASN1_UTF8STRING_value(text, i);
		used += (size_t)snprintf(out + used, size - used, "%s'%.*s'", used ? ", " : "",
			ASN1_STRING_length(s) > 200 ? 200 : ASN1_STRING_length(s),
			(const char *)ASN1_STRING_get0_data(s));
	}
	for (size_t i = 0; bits && i < sizeof(names) / sizeof(names[0]) && used < size; i++)
		if (names[i] && ASN1_BIT_STRING_get_bit(bits, (int)i))
			used += (size_t)snprintf(
				out + used, size - used, "%s%s", used ? ", " : "", names[i]);
}

/* Granted, or COT_ENV naming the status the TSA gave. */
static int check_status(TS_RESP *resp, struct cot_err *err)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
	char text[512];

	if (status == TS_STATUS_GRANTED || status == TS_STATUS_GRANTED_WITH_MODS)
		return COT_OK;
	status_text(si, text, sizeof(text));
	/* TRANSLATORS: the PKIStatus number and name (rejection, waiting...), then the TSA's
	   own words, if any, after ": " */
	return cot_err_set(err, COT_ENV,
		_("the TSA did not grant the timestamp: status %ld (%s)%s%s"), status,
		status == TS_STATUS_REJECTION ? "rejection"
		: status == TS_STATUS_WAITING ? "waiting"
					      : "revoked or unknown",
		text[0] ? ": " : "", text);
}

static bool same_nonce(TS_TST_INFO *tst, const unsigned char *nonce, size_t len)
{
	const ASN1_INTEGER *got = TS_TST_INFO_get_nonce(tst);
	BIGNUM *a = got ? ASN1_INTEGER_to_BN(got, NULL) : NULL;
	BIGNUM *b = BN_bin2bn(nonce, (int)len, NULL);
	bool same = a && b && ASN1_STRING_type(got) == V_ASN1_INTEGER && BN_cmp(a, b) == 0;

	BN_free(a);
	BN_free(b);
	return same;
}

int tsp_read_response(const void *data, size_t len, const unsigned char *nonce, size_t nonce_len,
	unsigned char **token, size_t *token_len, struct cot_err *err)
{
	const unsigned char *p = data;
	TS_RESP *resp = NULL;
	PKCS7 *tok;
	int rc = COT_ENV, n;

	*token = NULL;
	if (len == 0 || len > TSP_MAX_RESPONSE) {
		cot_err_set(err, COT_ENV, "%s",
			len ? _("the TSA's answer is too large") : _("the TSA's answer is empty"));
		goto out;
	}
	resp = d2i_TS_RESP(NULL, &p, (long)len);
	if (!resp || p != (const unsigned char *)data + len) {
		cot_err_set(err, COT_ENV, "%s",
			resp ? _("the TSA's answer is not a timestamp "
				 "response in DER (bytes follow it)")
			     : _("the TSA's answer is not a timestamp "
				 "response in DER"));
		goto out;
	}
	if ((rc = check_status(resp, err)))
		goto out;
	rc = COT_ENV;
	tok = TS_RESP_get_token(resp);
	if (!tok || !TS_RESP_get_tst_info(resp)) {
		cot_err_set(err, COT_ENV, _("the TSA granted the timestamp but sent no token"));
		goto out;
	}
	if (!same_nonce(TS_RESP_get_tst_info(resp), nonce, nonce_len)) {
		cot_err_set(err, COT_ENV,
			_("the TSA's token does not carry the request's nonce: it "
			  "answers another request"));
		goto out;
	}
	if ((n = i2d_PKCS7(tok, token)) <= 0) {
		*token = NULL;
		cot_err_set(err, COT_ENV, _("cannot encode the TSA's token"));
		goto out;
	}
	*token_len = (size_t)n;
	rc = COT_OK;
out:
	TS_RESP_free(resp);
	ERR_clear_error();
	return rc;
}

/* POSTs the request; the answer's body into r. */
static int post(const struct tsp_opts *o, const unsigned char *req, size_t req_len,
	struct http_response *r, struct cot_err *err)
{
	struct http_opts h = o->http;

	h.allow_http = true;
	if (!h.max_body)
		h.max_body = TSP_MAX_RESPONSE;
	return http_post(o->url, TSP_CONTENT_TYPE, req, req_len, &h, r, err);
}

int tsp_fetch(const struct tsp_opts *o, const void *covered, size_t covered_len, time_t now,
	unsigned char **token, size_t *token_len, struct tsp_result *r, struct cot_err *err)
{
	unsigned char nonce[NONCE_LEN], *req = NULL, *tok = NULL;
	struct http_response resp;
	size_t req_len = 0, tok_len = 0;
	int rc;

	*token = NULL;
	tsp_result_init(r);
	http_response_init(&resp);
	if (!o->url || !o->url[0])
		return cot_err_set(err, COT_USAGE, _("no TSA URL given"));
	if (RAND_bytes(nonce, sizeof(nonce)) != 1)
		return cot_err_set(err, COT_ENV, _("cannot draw a random nonce"));
	nonce[0] |= 0x80; /* always 8 bytes long: a leading zero would shorten it */
	if ((rc = make_request(covered, covered_len, nonce, &req, &req_len, err)) ||
		(rc = post(o, req, req_len, &resp, err)))
		goto out;
	if ((rc = tsp_read_response(
		     resp.body, resp.len, nonce, sizeof(nonce), &tok, &tok_len, err)))
		goto prefix;
	if ((rc = tsp_verify(tok, tok_len, covered, covered_len, o->anchors, now, r, err)))
		goto out;
	if (r->fail) {
		rc = cot_err_set(err, COT_ENV, "%s", r->why);
		goto prefix;
	}
	*token = tok;
	*token_len = tok_len;
	tok = NULL;
	goto out;
prefix:
	cot_err_prefix(err, _("the timestamp from '%s' is refused"), o->url);
out:
	OPENSSL_free(req);
	OPENSSL_free(tok);
	http_response_release(&resp);
	return rc;
}

int tsp_stamp_cades(const struct tsp_opts *o, const unsigned char *sig, size_t sig_len, time_t now,
	unsigned char **out, size_t *out_len, struct tsp_result *r, struct cot_err *err)
{
	unsigned char *value = NULL, *token = NULL;
	size_t value_len = 0, token_len = 0;
	int rc;

	*out = NULL;
	tsp_result_init(r);
	if ((rc = cades_signature_value(sig, sig_len, &value, &value_len, err)) ||
		(rc = tsp_fetch(o, value, value_len, now, &token, &token_len, r, err)))
		goto out;
	rc = cades_add_timestamp(sig, sig_len, token, token_len, out, out_len, err);
out:
	OPENSSL_free(value);
	OPENSSL_free(token);
	return rc;
}
