/* Revocation checking: OCSP responses and CRLs judged for one certificate, given, cached or
 * fetched. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/mem.h"
#include "cot/revoc.h"
#include "revoc-fetch.h"

/* gettext as cot/i18n.h spells it; that header brings project.h, whose kind_name clashes. */
#include <libintl.h>
#define _(s) gettext(s)

struct times {
	time_t now, when;
};

/* What judging one response or CRL came to; res is filled only when decided. */
struct answer {
	bool decided;
	bool other; /* about another certificate or CA: not worth a reason */
	bool has_next;
	time_t next;
	char reason[256];
};

static void answer_fail(struct answer *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void answer_fail(struct answer *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->reason, sizeof(a->reason), fmt, ap);
	va_end(ap);
	a->decided = false;
}

static void why_add(struct revoc_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void why_add(struct revoc_result *res, const char *fmt, ...)
{
	size_t n = strlen(res->why);
	va_list ap;

	if (n && n + 2 < sizeof(res->why)) {
		memcpy(res->why + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(res->why + n, sizeof(res->why) - n, fmt, ap);
	va_end(ap);
}

static bool asn1_time(const ASN1_TIME *a, time_t *out)
{
	struct tm tm;

	if (!a || !ASN1_TIME_to_tm(a, &tm))
		return false;
	*out = timegm(&tm);
	return true;
}

static void name_line(const X509_NAME *n, char *out, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long got;

	out[0] = '\0';
	if (!b)
		return;
	if (X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0) {
		got = BIO_get_mem_data(b, &p);
		snprintf(out, len, "%.*s", (int)(got < (long)len ? got : (long)len - 1), p);
	}
	BIO_free(b);
}

/* thisUpdate not ahead of the clock, nextUpdate (when present) not before the validation time. */
static bool times_ok(const ASN1_TIME *this_upd, const ASN1_TIME *next_upd, const struct times *t,
	time_t *tu, struct answer *a)
{
	char s[21];

	if (!asn1_time(this_upd, tu)) {
		answer_fail(a, _("malformed (no this-update)"));
		return false;
	}
	if (*tu > t->now + REVOC_SKEW) {
		time_format(*tu, s);
		answer_fail(a, _("its this-update %s is in the future"), s);
		return false;
	}
	a->has_next = next_upd != NULL;
	if (!next_upd)
		return true;
	if (!asn1_time(next_upd, &a->next)) {
		answer_fail(a, _("malformed (next-update)"));
		return false;
	}
	if (a->next < t->when) {
		time_format(a->next, s);
		answer_fail(a, _("stale: its next-update %s has passed"), s);
		return false;
	}
	return true;
}

/* REVOKED, or GOOD when the revocation came after the validation time. */
static void set_revoked(struct revoc_result *res, time_t at, int reason, const struct times *t)
{
	char s[21];

	res->revoked_at = at;
	res->reason = reason;
	if (at <= t->when) {
		res->status = REVOC_REVOKED;
		return;
	}
	res->status = REVOC_GOOD;
	time_format(at, s);
	why_add(res, _("revoked on %s (%s), after the validation time"), s,
		revoc_reason_name(reason));
}

/* ---- OCSP ---- */

/* The signer is the issuer, or a certificate the issuer issued for OCSP signing. */
static bool ocsp_signer_ok(OCSP_BASICRESP *bs, X509 *issuer, struct answer *a)
{
	STACK_OF(X509) *extra = sk_X509_new_null(), *one = sk_X509_new_null();
	X509 *signer = NULL;
	char name[256];
	bool ok = false;
	time_t pa;

	if (!extra || !one || !sk_X509_push(extra, issuer)) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		answer_fail(a, _("out of memory"));
		goto out;
	}
	if (!OCSP_resp_get0_signer(bs, &signer, extra) || !signer) {
		answer_fail(a, _("signed by an unknown key (neither the issuer nor a responder "
				 "certificate in the response)"));
		goto out;
	}
	name_line(X509_get_subject_name(signer), name, sizeof(name));
	if (X509_cmp(signer, issuer) != 0) {
		if (X509_check_issued(issuer, signer) != X509_V_OK ||
			X509_verify(signer, X509_get0_pubkey(issuer)) != 1) {
			answer_fail(a, _("signed by '%s', which the issuer did not certify"), name);
			goto out;
		}
		if (!(X509_get_extension_flags(signer) & EXFLAG_XKUSAGE) ||
			!(X509_get_extended_key_usage(signer) & XKU_OCSP_SIGN)) {
			answer_fail(a, _("signed by '%s', which lacks id-kp-OCSPSigning"), name);
			goto out;
		}
		if (!asn1_time(OCSP_resp_get0_produced_at(bs), &pa) ||
			X509_cmp_time(X509_get0_notBefore(signer), &pa) > 0 ||
			X509_cmp_time(X509_get0_notAfter(signer), &pa) < 0) {
			answer_fail(
				a, _("signed by '%s', which was not valid when it signed"), name);
			goto out;
		}
	}
	if (!sk_X509_push(one, signer)) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		answer_fail(a, _("out of memory"));
		goto out;
	}
	/* the signer was authorised above: only its signature is left to verify */
	if (OCSP_basic_verify(bs, one, NULL, OCSP_NOINTERN | OCSP_NOVERIFY | OCSP_NOCHECKS) != 1) {
		answer_fail(a, _("its signature does not verify with the key of '%s'"), name);
		goto out;
	}
	ok = true;
out:
	sk_X509_free(extra);
	sk_X509_free(one);
	return ok;
}

/* The single response whose CertID (in the hash the responder chose) names cert. */
static OCSP_SINGLERESP *ocsp_find(OCSP_BASICRESP *bs, X509 *cert, X509 *issuer)
{
	for (int i = 0; i < OCSP_resp_count(bs); i++) {
		OCSP_SINGLERESP *s = OCSP_resp_get0(bs, i);
		OCSP_CERTID *cid = (OCSP_CERTID *)OCSP_SINGLERESP_get0_id(s);
		ASN1_OBJECT *md = NULL;
		const EVP_MD *dg;
		OCSP_CERTID *mine;
		bool match;

		if (!cid || !OCSP_id_get0_info(NULL, &md, NULL, NULL, cid) || !md ||
			!(dg = EVP_get_digestbyobj(md)))
			continue;
		mine = OCSP_cert_to_id(dg, cert, issuer);
		match = mine && OCSP_id_cmp(mine, cid) == 0;
		OCSP_CERTID_free(mine);
		if (match)
			return s;
	}
	return NULL;
}

static void ocsp_status(OCSP_BASICRESP *bs, OCSP_SINGLERESP *single, const struct times *t,
	const char *src, struct answer *a, struct revoc_result *res)
{
	ASN1_GENERALIZEDTIME *rev = NULL, *thisu = NULL, *nextu = NULL;
	int reason = -1, st = OCSP_single_get0_status(single, &reason, &rev, &thisu, &nextu);
	time_t tu, pa = 0, ra = 0;
	char s1[21], s2[21];

	if (!times_ok(thisu, nextu, t, &tu, a))
		return;
	if (st == V_OCSP_CERTSTATUS_UNKNOWN) {
		answer_fail(a, _("the responder does not know the certificate"));
		return;
	}
	if (st != V_OCSP_CERTSTATUS_GOOD &&
		(st != V_OCSP_CERTSTATUS_REVOKED || !asn1_time(rev, &ra))) {
		answer_fail(a, _("malformed (certificate status)"));
		return;
	}
	asn1_time(OCSP_resp_get0_produced_at(bs), &pa);
	time_format(pa, s1);
	time_format(tu, s2);
	snprintf(
		res->how, sizeof(res->how), "OCSP %s, produced-at %s, this-update %s", src, s1, s2);
	if (st == V_OCSP_CERTSTATUS_REVOKED)
		set_revoked(res, ra, reason, t);
	else
		res->status = REVOC_GOOD;
	a->decided = true;
}

/* Judges an OCSP response for cert; req (may be NULL) is the request whose nonce it must echo. */
static void ocsp_judge(const unsigned char *der, size_t len, X509 *cert, X509 *issuer,
	OCSP_REQUEST *req, const struct times *t, const char *src, struct answer *a,
	struct revoc_result *res)
{
	const unsigned char *p = der;
	OCSP_RESPONSE *resp = NULL;
	OCSP_BASICRESP *bs = NULL;
	OCSP_SINGLERESP *single;
	int st;

	memset(a, 0, sizeof(*a));
	if (len > REVOC_OCSP_MAX) {
		answer_fail(a, _("larger than %zu bytes"), REVOC_OCSP_MAX);
		goto out;
	}
	resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len);
	if (!resp || p != der + len) {
		answer_fail(a, _("malformed (not a DER OCSP response)"));
		goto out;
	}
	st = OCSP_response_status(resp);
	if (st != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
		answer_fail(a, _("the responder answered '%s'"), OCSP_response_status_str(st));
		goto out;
	}
	if (!(bs = OCSP_response_get1_basic(resp))) {
		answer_fail(a, _("malformed (no basic response)"));
		goto out;
	}
	if (!ocsp_signer_ok(bs, issuer, a))
		goto out;
	if (!(single = ocsp_find(bs, cert, issuer))) {
		a->other = true;
		answer_fail(a, _("the response is for another certificate"));
		goto out;
	}
	if (req && OCSP_check_nonce(req, bs) != 1) {
		answer_fail(a, _("the nonce sent was not echoed"));
		goto out;
	}
	ocsp_status(bs, single, t, src, a, res);
out:
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	ERR_clear_error();
}

/* ---- CRLs ---- */

/* A full CRL that covers cert: no delta, no partition by reasons or by kind of certificate. */
static bool crl_scope_ok(X509_CRL *crl, X509 *cert, struct answer *a)
{
	ISSUING_DIST_POINT *idp;
	int crit = -1;
	bool ok = true;

	if (X509_CRL_get_ext_by_NID(crl, NID_delta_crl, -1) >= 0) {
		answer_fail(a, _("a delta CRL (not supported)"));
		return false;
	}
	idp = X509_CRL_get_ext_d2i(crl, NID_issuing_distribution_point, &crit, NULL);
	if (!idp && crit != -1) {
		answer_fail(a, _("malformed (issuing distribution point)"));
		return false;
	}
	if (idp && (idp->onlysomereasons || idp->indirectCRL || idp->onlyattr ||
			   (idp->onlyuser && X509_check_ca(cert)) ||
			   (idp->onlyCA && !X509_check_ca(cert)))) {
		answer_fail(a, _("a partial CRL that does not cover the certificate"));
		ok = false;
	}
	ISSUING_DIST_POINT_free(idp);
	return ok;
}

static void crl_status(X509_CRL *crl, X509 *cert, time_t tu, const struct times *t, const char *src,
	struct answer *a, struct revoc_result *res)
{
	ASN1_INTEGER *num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	char *n = num ? i2s_ASN1_INTEGER(NULL, num) : NULL;
	X509_REVOKED *rev = NULL;
	char s[21];

	time_format(tu, s);
	snprintf(res->how, sizeof(res->how), "CRL %s, number %s, this-update %s", src,
		n ? n : "none", s);
	/* 2: an entry removeFromCRL, which a full CRL should not hold: not revoked */
	if (X509_CRL_get0_by_serial(crl, &rev, X509_get0_serialNumber(cert)) == 1) {
		ASN1_ENUMERATED *e = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, NULL, NULL);
		time_t ra = 0;
		asn1_time(X509_REVOKED_get0_revocationDate(rev), &ra);
		set_revoked(res, ra, e ? (int)ASN1_ENUMERATED_get(e) : -1, t);
		ASN1_ENUMERATED_free(e);
	} else {
		res->status = REVOC_GOOD;
	}
	a->decided = true;
	OPENSSL_free(n);
	ASN1_INTEGER_free(num);
}

static void crl_judge(const unsigned char *der, size_t len, X509 *cert, X509 *issuer,
	const struct times *t, const char *src, struct answer *a, struct revoc_result *res)
{
	const unsigned char *p = der;
	X509_CRL *crl = NULL;
	char name[256];
	time_t tu;

	memset(a, 0, sizeof(*a));
	if (len > REVOC_CRL_MAX) {
		answer_fail(a, _("larger than %zu bytes"), REVOC_CRL_MAX);
		goto out;
	}
	crl = d2i_X509_CRL(NULL, &p, (long)len);
	if (!crl || p != der + len) {
		answer_fail(a, _("malformed (not a DER CRL)"));
		goto out;
	}
	if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0) {
		name_line(X509_CRL_get_issuer(crl), name, sizeof(name));
		a->other = true;
		answer_fail(a, _("a CRL of another CA ('%s')"), name);
		goto out;
	}
	if ((X509_get_extension_flags(issuer) & EXFLAG_KUSAGE) &&
		!(X509_get_key_usage(issuer) & KU_CRL_SIGN)) {
		answer_fail(a, _("its issuer may not sign CRLs (no cRLSign)"));
		goto out;
	}
	if (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
		answer_fail(a, _("its signature does not verify with the issuer's key"));
		goto out;
	}
	if (crl_scope_ok(crl, cert, a) &&
		times_ok(X509_CRL_get0_lastUpdate(crl), X509_CRL_get0_nextUpdate(crl), t, &tu, a))
		crl_status(crl, cert, tu, t, src, a, res);
out:
	X509_CRL_free(crl);
	ERR_clear_error();
}

/* ---- the session ---- */

static struct times times_of(const struct revoc_opts *o)
{
	struct times t;

	t.now = o->now ? o->now : clock_now();
	t.when = o->when ? o->when : t.now;
	return t;
}

static void result_init(struct revoc_result *res, X509 *cert)
{
	memset(res, 0, sizeof(*res));
	res->reason = -1;
	if (cert)
		name_line(X509_get_subject_name(cert), res->subject, sizeof(res->subject));
}

void revoc_init(struct revoc *rv, const struct revoc_opts *opts)
{
	memset(rv, 0, sizeof(*rv));
	if (opts)
		rv->opts = *opts;
}

static void blobs_free(struct revoc_blob *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(b[i].der);
	free(b);
}

void revoc_release(struct revoc *rv)
{
	blobs_free(rv->given, rv->n_given);
	blobs_free(rv->used, rv->n_used);
	revoc_init(rv, NULL);
}

static void blob_add(
	struct revoc_blob **list, size_t *n, enum revoc_kind kind, const void *der, size_t len)
{
	for (size_t i = 0; i < *n; i++)
		if ((*list)[i].len == len && memcmp((*list)[i].der, der, len) == 0)
			return;
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[*n].kind = kind;
	(*list)[*n].der = xmalloc(len ? len : 1);
	memcpy((*list)[*n].der, der, len);
	(*list)[*n].len = len;
	(*n)++;
}

/* A BasicOCSPResponse (as CAdES revocationValues hold them) wrapped as a successful OCSPResponse.
 */
static bool give_basic(struct revoc *rv, const void *der, size_t len)
{
	const unsigned char *p = der;
	OCSP_BASICRESP *bs = d2i_OCSP_BASICRESP(NULL, &p, (long)len);
	OCSP_RESPONSE *resp = NULL;
	unsigned char *out = NULL;
	bool ok = false;
	int n;

	if (bs && p == (const unsigned char *)der + len &&
		(resp = OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs)) &&
		(n = i2d_OCSP_RESPONSE(resp, &out)) > 0) {
		blob_add(&rv->given, &rv->n_given, REVOC_OCSP, out, (size_t)n);
		ok = true;
	}
	OPENSSL_free(out);
	OCSP_RESPONSE_free(resp);
	OCSP_BASICRESP_free(bs);
	return ok;
}

int revoc_give(struct revoc *rv, const void *der, size_t len, struct cot_err *err)
{
	const unsigned char *p = der;
	OCSP_RESPONSE *o;
	X509_CRL *c;

	if (len <= REVOC_OCSP_MAX && (o = d2i_OCSP_RESPONSE(NULL, &p, (long)len))) {
		bool whole = p == (const unsigned char *)der + len;
		OCSP_RESPONSE_free(o);
		if (whole) {
			blob_add(&rv->given, &rv->n_given, REVOC_OCSP, der, len);
			return COT_OK;
		}
	}
	p = der;
	if (len <= REVOC_CRL_MAX && (c = d2i_X509_CRL(NULL, &p, (long)len))) {
		bool whole = p == (const unsigned char *)der + len;
		X509_CRL_free(c);
		if (whole) {
			blob_add(&rv->given, &rv->n_given, REVOC_CRL, der, len);
			return COT_OK;
		}
	}
	if (len <= REVOC_OCSP_MAX && give_basic(rv, der, len))
		return COT_OK;
	ERR_clear_error();
	return cot_err_set(err, COT_USAGE,
		_("revocation data of %zu bytes is neither a DER OCSP "
		  "response nor a DER CRL (at most %zu bytes)"),
		len, REVOC_CRL_MAX);
}

static void judge(enum revoc_kind kind, const unsigned char *der, size_t len, X509 *cert,
	X509 *issuer, OCSP_REQUEST *req, const struct times *t, const char *src, struct answer *a,
	struct revoc_result *res)
{
	if (kind == REVOC_OCSP)
		ocsp_judge(der, len, cert, issuer, req, t, src, a, res);
	else
		crl_judge(der, len, cert, issuer, t, src, a, res);
}

int revoc_judge(enum revoc_kind kind, const void *der, size_t len, X509 *cert, X509 *issuer,
	const struct revoc_opts *opts, struct revoc_result *res, struct cot_err *err)
{
	struct revoc_opts none = {0};
	struct times t = times_of(opts ? opts : &none);
	struct answer a;

	if (!cert || !issuer)
		return cot_err_set(err, COT_USAGE, _("no certificate or no issuer to check"));
	result_init(res, cert);
	judge(kind, der, len, cert, issuer, NULL, &t, "given", &a, res);
	if (!a.decided) {
		result_init(res, cert);
		/* TRANSLATORS: "OCSP response" or "CRL", then what is wrong with it */
		why_add(res, _("%s: %s"), kind == REVOC_OCSP ? _("OCSP response") : "CRL",
			a.reason);
	}
	return COT_OK;
}

static const char *kind_name(enum revoc_kind k)
{
	return k == REVOC_OCSP ? "OCSP" : "CRL";
}

static bool try_given(
	struct revoc *rv, X509 *cert, X509 *issuer, const struct times *t, struct revoc_result *res)
{
	for (size_t i = 0; i < rv->n_given; i++) {
		const struct revoc_blob *b = &rv->given[i];
		struct answer a;
		judge(b->kind, b->der, b->len, cert, issuer, NULL, t, "given", &a, res);
		if (a.decided) {
			blob_add(&rv->used, &rv->n_used, b->kind, b->der, b->len);
			return true;
		}
		if (!a.other)
			why_add(res, _("given %s: %s"), kind_name(b->kind), a.reason);
	}
	return false;
}

/* ---- the cache ---- */

/* The cache directory, created; NULL when there is none (""; no home; cannot create). */
static char *cache_dir(const struct revoc *rv)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct cot_err err = COT_ERR_INIT;
	char *base, *cot, *dir;

	if (rv->opts.cache_dir)
		return rv->opts.cache_dir[0] && !fs_mkdir(rv->opts.cache_dir, 0700, &err)
			       ? xstrdup(rv->opts.cache_dir)
			       : NULL;
	if (xdg && xdg[0] == '/')
		base = xstrdup(xdg);
	else if (home && home[0] == '/')
		base = path_join(home, ".cache");
	else
		return NULL;
	cot = path_join(base, "cot");
	dir = path_join(cot, "revocation");
	if (fs_mkdir(base, 0700, &err) || fs_mkdir(cot, 0700, &err) || fs_mkdir(dir, 0700, &err)) {
		free(dir);
		dir = NULL;
	}
	free(base);
	free(cot);
	return dir;
}

/* DIR/<sha256 of key>.<ext>, or NULL without a cache. */
static char *cache_path(const struct revoc *rv, const void *key, size_t len, const char *ext)
{
	char hex[65], name[80], *dir, *path;

	if (rv->opts.offline || !(dir = cache_dir(rv)))
		return NULL;
	sha256_hex(key, len, hex);
	snprintf(name, sizeof(name), "%s.%s", hex, ext);
	path = path_join(dir, name);
	free(dir);
	return path;
}

/*
 * The cached answer at path, when it still decides the check and is fresh now
 * (a nextUpdate not past): anything else is ignored, and replaced once fetched.
 */
static bool cache_try(struct revoc *rv, const char *path, enum revoc_kind kind, const char *url,
	X509 *cert, X509 *issuer, const struct times *t, struct revoc_result *res)
{
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result tmp = *res;
	struct answer a = {0};
	char *data = NULL, src[600];
	size_t len = 0;

	if (!path || fs_read(path, kind == REVOC_OCSP ? REVOC_OCSP_MAX : REVOC_CRL_MAX, &data, &len,
			     &err))
		return false;
	snprintf(src, sizeof(src), "%s (cached)", url);
	judge(kind, (unsigned char *)data, len, cert, issuer, NULL, t, src, &a, &tmp);
	if (a.decided && a.has_next && a.next > t->now) {
		blob_add(&rv->used, &rv->n_used, kind, data, len);
		*res = tmp;
	} else {
		a.decided = false;
	}
	free(data);
	return a.decided;
}

/* ---- fetching ---- */

static bool url_fetchable(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0;
}

/* An OCSP request for cert with a nonce, DER in *der (OPENSSL_malloc'ed). */
static OCSP_REQUEST *ocsp_request(X509 *cert, X509 *issuer, unsigned char **der, int *len)
{
	/* SHA-1 in a CertID only names the certificate (RFC 5019: every responder takes it) */
	OCSP_CERTID *id = OCSP_cert_to_id(EVP_sha1(), cert, issuer);
	OCSP_REQUEST *req = OCSP_REQUEST_new();

	*der = NULL;
	if (!id || !req || !OCSP_request_add0_id(req, id)) {
		OCSP_CERTID_free(id);
		OCSP_REQUEST_free(req);
		return NULL;
	}
	if (!OCSP_request_add1_nonce(req, NULL, -1) || (*len = i2d_OCSP_REQUEST(req, der)) <= 0) {
		OCSP_REQUEST_free(req);
		return NULL;
	}
	return req;
}

/* Fetches url (POST of an OCSP request for cert, or GET of a CRL) and judges the answer. */
static bool fetch_one(struct revoc *rv, enum revoc_kind kind, const char *url, const char *cpath,
	X509 *cert, X509 *issuer, const struct times *t, struct revoc_result *res)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char *req_der = NULL, *body = NULL;
	OCSP_REQUEST *req = NULL;
	struct answer a = {0};
	size_t len = 0;
	int req_len = 0;

	if (kind == REVOC_OCSP && !(req = ocsp_request(cert, issuer, &req_der, &req_len))) {
		why_add(res, _("OCSP %s: cannot build the request"), url);
		goto out;
	}
	if (revoc_fetch(url, req_der, (size_t)req_len,
		    kind == REVOC_OCSP ? REVOC_OCSP_MAX : REVOC_CRL_MAX, &rv->opts, &body, &len,
		    &err)) {
		why_add(res, "%s %s: %s", kind_name(kind), url, err.msg);
		goto out;
	}
	judge(kind, body, len, cert, issuer, req, t, url, &a, res);
	if (!a.decided) {
		why_add(res, "%s %s: %s", kind_name(kind), url, a.reason);
		goto out;
	}
	blob_add(&rv->used, &rv->n_used, kind, body, len);
	if (cpath && a.has_next)
		fs_write_atomic(cpath, body, len, 0600, &err); /* a cache that fails is no cache */
out:
	OCSP_REQUEST_free(req);
	OPENSSL_free(req_der);
	free(body);
	ERR_clear_error();
	return a.decided;
}

/* Tries each http(s) URL of urls: the cache, then the network. */
static bool try_urls(struct revoc *rv, enum revoc_kind kind, STACK_OF(OPENSSL_STRING) *urls,
	X509 *cert, X509 *issuer, const struct times *t, struct revoc_result *res)
{
	unsigned char *cder = NULL;
	int clen = i2d_X509(cert, &cder), tried = 0;
	bool done = false;

	for (int i = 0; !done && i < sk_OPENSSL_STRING_num(urls) && tried < REVOC_MAX_URLS; i++) {
		const char *url = sk_OPENSSL_STRING_value(urls, i);
		char *cpath;
		if (!url_fetchable(url)) {
			why_add(res, _("%s %s: not an http or https URL"), kind_name(kind), url);
			continue;
		}
		tried++;
		/* an OCSP response answers for the certificate, a CRL for its URL */
		cpath = kind == REVOC_OCSP
				? cache_path(rv, cder, clen > 0 ? (size_t)clen : 0, "ocsp")
				: cache_path(rv, url, strlen(url), "crl");
		done = cache_try(rv, cpath, kind, url, cert, issuer, t, res) ||
		       fetch_one(rv, kind, url, cpath, cert, issuer, t, res);
		free(cpath);
	}
	OPENSSL_free(cder);
	return done;
}

static STACK_OF(OPENSSL_STRING) *crl_urls(X509 *cert)
{
	STACK_OF(DIST_POINT) *dps = X509_get_ext_d2i(cert, NID_crl_distribution_points, NULL, NULL);
	STACK_OF(OPENSSL_STRING) *urls = sk_OPENSSL_STRING_new_null();

	for (int i = 0; urls && i < sk_DIST_POINT_num(dps); i++) {
		DIST_POINT *dp = sk_DIST_POINT_value(dps, i);
		if (!dp->distpoint || dp->distpoint->type != 0)
			continue;
		for (int j = 0; j < sk_GENERAL_NAME_num(dp->distpoint->name.fullname); j++) {
			GENERAL_NAME *g = sk_GENERAL_NAME_value(dp->distpoint->name.fullname, j);
			char *u;
			if (g->type != GEN_URI)
				continue;
			u = OPENSSL_strndup(
				(const char *)ASN1_STRING_get0_data(g->d.uniformResourceIdentifier),
				(size_t)ASN1_STRING_length(g->d.uniformResourceIdentifier));
			if (u && !sk_OPENSSL_STRING_push(urls, u))
				OPENSSL_free(u);
		}
	}
	sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	return urls;
}

static void str_free(char *s)
{
	OPENSSL_free(s);
}

static bool try_network(
	struct revoc *rv, X509 *cert, X509 *issuer, const struct times *t, struct revoc_result *res)
{
	STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(cert), *crl = crl_urls(cert);
	bool done = false;

	if (sk_OPENSSL_STRING_num(ocsp) <= 0)
		why_add(res, _("no OCSP responder in the certificate (AIA)"));
	else
		done = try_urls(rv, REVOC_OCSP, ocsp, cert, issuer, t, res);
	if (!done && sk_OPENSSL_STRING_num(crl) <= 0)
		why_add(res, _("no CRL distribution point in the certificate"));
	else if (!done)
		done = try_urls(rv, REVOC_CRL, crl, cert, issuer, t, res);
	X509_email_free(ocsp);
	sk_OPENSSL_STRING_pop_free(crl, str_free);
	return done;
}

int revoc_check(
	struct revoc *rv, X509 *cert, X509 *issuer, struct revoc_result *res, struct cot_err *err)
{
	struct times t = times_of(&rv->opts);

	result_init(res, cert);
	if (!cert || !issuer)
		return cot_err_set(err, COT_USAGE, _("no certificate or no issuer to check"));
	if (try_given(rv, cert, issuer, &t, res))
		return COT_OK;
	if (rv->opts.offline)
		why_add(res, _("offline: no given OCSP response or CRL answers for it"));
	else
		try_network(rv, cert, issuer, &t, res);
	return COT_OK;
}

int revoc_check_chain(struct revoc *rv, STACK_OF(X509) *path, struct revoc_result **res, size_t *n,
	enum revoc_status *worst, struct cot_err *err)
{
	int count = sk_X509_num(path);
	bool unknown = false, revoked = false;

	*res = NULL;
	*n = 0;
	*worst = REVOC_UNKNOWN;
	if (count < 2)
		return cot_err_set(err, COT_USAGE,
			_("a certificate path needs a certificate and "
			  "its issuer"));
	*res = xcalloc((size_t)count - 1, sizeof(**res));
	for (int i = 0; i + 1 < count; i++) {
		struct revoc_result *r = &(*res)[i];
		int rc =
			revoc_check(rv, sk_X509_value(path, i), sk_X509_value(path, i + 1), r, err);
		if (rc) {
			free(*res);
			*res = NULL;
			return rc;
		}
		revoked |= r->status == REVOC_REVOKED;
		unknown |= r->status == REVOC_UNKNOWN;
	}
	*n = (size_t)count - 1;
	*worst = revoked ? REVOC_REVOKED : unknown ? REVOC_UNKNOWN : REVOC_GOOD;
	return COT_OK;
}

static X509 *issuer_in(X509 *cert, STACK_OF(X509) *sk)
{
	for (int i = 0; i < sk_X509_num(sk); i++) {
		X509 *x = sk_X509_value(sk, i);
		if (X509_check_issued(x, cert) == X509_V_OK &&
			X509_verify(cert, X509_get0_pubkey(x)) == 1)
			return x;
	}
	return NULL;
}

X509 *revoc_find_issuer(X509 *cert, STACK_OF(X509) *a, STACK_OF(X509) *b)
{
	X509 *x = issuer_in(cert, a);

	if (!x)
		x = issuer_in(cert, b);
	ERR_clear_error();
	return x;
}

bool revoc_has_sources(X509 *cert)
{
	STACK_OF(OPENSSL_STRING) *ocsp = X509_get1_ocsp(cert), *crl = crl_urls(cert);
	bool any = sk_OPENSSL_STRING_num(ocsp) > 0 || sk_OPENSSL_STRING_num(crl) > 0;

	X509_email_free(ocsp);
	sk_OPENSSL_STRING_pop_free(crl, str_free);
	return any;
}

const char *revoc_status_name(enum revoc_status s)
{
	return s == REVOC_GOOD ? "good" : s == REVOC_REVOKED ? "revoked" : "unknown";
}

const char *revoc_reason_name(int reason)
{
	return reason < 0 ? "unspecified" : OCSP_crl_reason_str(reason);
}

/* ---- B-LT: revocation data into a CMS SignedData ---- */

static bool cms_has_crl(CMS_ContentInfo *cms, X509_CRL *crl)
{
	STACK_OF(X509_CRL) *have = CMS_get1_crls(cms);
	bool found = false;

	for (int i = 0; !found && i < sk_X509_CRL_num(have); i++)
		found = X509_CRL_cmp(sk_X509_CRL_value(have, i), crl) == 0 &&
			X509_CRL_match(sk_X509_CRL_value(have, i), crl) == 0;
	sk_X509_CRL_pop_free(have, X509_CRL_free);
	return found;
}

static int cms_add_crls(
	CMS_ContentInfo *cms, const struct revoc *rv, size_t *ocsp_skipped, struct cot_err *err)
{
	for (size_t i = 0; i < rv->n_used; i++) {
		const unsigned char *p = rv->used[i].der;
		X509_CRL *crl;
		bool ok;
		if (rv->used[i].kind == REVOC_OCSP) {
			(*ocsp_skipped)++;
			continue;
		}
		if (!(crl = d2i_X509_CRL(NULL, &p, (long)rv->used[i].len)))
			return cot_err_set(err, COT_USAGE, _("a CRL used cannot be read again"));
		ok = cms_has_crl(cms, crl) || CMS_add1_crl(cms, crl) == 1;
		X509_CRL_free(crl);
		if (!ok)
			return cot_err_set(err, COT_ENV, _("cannot add a CRL to the signature"));
	}
	return COT_OK;
}

int revoc_cms_add(const void *cms, size_t len, const struct revoc *rv, unsigned char **out,
	size_t *out_len, size_t *ocsp_skipped, struct cot_err *err)
{
	const unsigned char *p = cms;
	CMS_ContentInfo *ci = NULL;
	int rc, n;

	*out = NULL;
	*out_len = 0;
	*ocsp_skipped = 0;
	ci = len <= LONG_MAX ? d2i_CMS_ContentInfo(NULL, &p, (long)len) : NULL;
	if (!ci || p != (const unsigned char *)cms + len ||
		OBJ_obj2nid(CMS_get0_type(ci)) != NID_pkcs7_signed) {
		rc = cot_err_set(err, COT_USAGE, _("not a DER CMS SignedData"));
		goto out;
	}
	if ((rc = cms_add_crls(ci, rv, ocsp_skipped, err)))
		goto out;
	if ((n = i2d_CMS_ContentInfo(ci, out)) <= 0) {
		rc = cot_err_set(err, COT_ENV, _("cannot encode the signature"));
		goto out;
	}
	*out_len = (size_t)n;
out:
	CMS_ContentInfo_free(ci);
	ERR_clear_error();
	return rc;
}
