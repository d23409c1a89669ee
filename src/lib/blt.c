/* CAdES B-LT: RevocationValues (OpenSSL ASN.1 templates), embedded after the timestamp. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "cot/blt.h"
#include "cot/cades.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/mem.h"

/* OpenSSL's template macros name the type: the one typedef of this file. */
typedef struct {
	STACK_OF(X509_CRL) *crls;
	STACK_OF(OCSP_BASICRESP) *ocsps;
} BLT_REVVALS;

DEFINE_STACK_OF(OCSP_BASICRESP)

ASN1_SEQUENCE(BLT_REVVALS) =
	{
		ASN1_EXP_SEQUENCE_OF_OPT(BLT_REVVALS, crls, X509_CRL, 0),
		ASN1_EXP_SEQUENCE_OF_OPT(BLT_REVVALS, ocsps, OCSP_BASICRESP, 1),
} static_ASN1_SEQUENCE_END(BLT_REVVALS)

		IMPLEMENT_STATIC_ASN1_ALLOC_FUNCTIONS(BLT_REVVALS)
			IMPLEMENT_STATIC_ASN1_ENCODE_FUNCTIONS(BLT_REVVALS)

	/* ---- RevocationValues ---- */

	/* A successful OCSPResponse's BasicOCSPResponse, or der itself read as one; NULL otherwise.
	 */
	static OCSP_BASICRESP
	* basic_of(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs = NULL;

	if (len == 0 || len > REVOC_OCSP_MAX)
		return NULL;
	if ((resp = d2i_OCSP_RESPONSE(NULL, &p, (long)len)) && p == der + len) {
		if (OCSP_response_status(resp) == OCSP_RESPONSE_STATUS_SUCCESSFUL)
			bs = OCSP_response_get1_basic(resp);
		OCSP_RESPONSE_free(resp);
		return bs;
	}
	OCSP_RESPONSE_free(resp);
	p = der;
	bs = d2i_OCSP_BASICRESP(NULL, &p, (long)len);
	if (bs && p != der + len) {
		OCSP_BASICRESP_free(bs);
		bs = NULL;
	}
	return bs;
}

static X509_CRL *crl_of(const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	X509_CRL *crl;

	if (len == 0 || len > REVOC_CRL_MAX)
		return NULL;
	crl = d2i_X509_CRL(NULL, &p, (long)len);
	if (crl && p != der + len) {
		X509_CRL_free(crl);
		crl = NULL;
	}
	return crl;
}

/* Adds one blob to v; false when it is not what its kind says, or out of memory. */
static bool values_add(BLT_REVVALS *v, const struct revoc_blob *b)
{
	if (b->kind == REVOC_CRL) {
		X509_CRL *crl = crl_of(b->der, b->len);
		if (crl && (v->crls || (v->crls = sk_X509_CRL_new_null())) &&
			sk_X509_CRL_push(v->crls, crl) > 0)
			return true;
		X509_CRL_free(crl);
		return false;
	}
	OCSP_BASICRESP *bs = basic_of(b->der, b->len);
	if (bs && (v->ocsps || (v->ocsps = sk_OCSP_BASICRESP_new_null())) &&
		sk_OCSP_BASICRESP_push(v->ocsps, bs) > 0)
		return true;
	OCSP_BASICRESP_free(bs);
	return false;
}

int blt_values_encode(const struct revoc_blob *blobs, size_t n, unsigned char **der, size_t *len,
	struct cot_err *err)
{
	BLT_REVVALS *v = BLT_REVVALS_new();
	int k, rc = COT_OK;

	*der = NULL;
	*len = 0;
	if (!v)
		return cot_err_nomem(err);
	for (size_t i = 0; i < n && !rc; i++)
		if (!values_add(v, &blobs[i]))
			rc = cot_err_set(err, COT_USAGE,
				_("revocation data %zu of %zu is not a DER %s"), i + 1, n,
				blobs[i].kind == REVOC_CRL ? "CRL" : "OCSP response");
	if (!rc && (k = i2d_BLT_REVVALS(v, der)) <= 0) {
		*der = NULL;
		rc = cot_err_set(err, COT_ENV, _("cannot encode the revocation values"));
	} else if (!rc) {
		*len = (size_t)k;
	}
	BLT_REVVALS_free(v);
	ERR_clear_error();
	return rc;
}

void blt_blobs_free(struct revoc_blob *blobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(blobs[i].der);
	free(blobs);
}

static void blob_push(
	struct revoc_blob **blobs, size_t *n, enum revoc_kind kind, unsigned char *der, int len)
{
	*blobs = xrealloc(*blobs, (*n + 1) * sizeof(**blobs));
	(*blobs)[*n].kind = kind;
	(*blobs)[*n].der = xmalloc((size_t)len);
	memcpy((*blobs)[*n].der, der, (size_t)len);
	(*blobs)[*n].len = (size_t)len;
	(*n)++;
	OPENSSL_free(der);
}

int blt_values_decode(const unsigned char *der, size_t len, struct revoc_blob **blobs, size_t *n,
	struct cot_err *err)
{
	const unsigned char *p = der;
	BLT_REVVALS *v = NULL;
	int rc = COT_OK;

	*blobs = NULL;
	*n = 0;
	if (len == 0 || len > REVOC_CRL_MAX || !(v = d2i_BLT_REVVALS(NULL, &p, (long)len)) ||
		p != der + len) {
		BLT_REVVALS_free(v);
		ERR_clear_error();
		return cot_err_set(err, COT_USAGE,
			_("the revocation values (%zu bytes) are not DER "
			  "RevocationValues"),
			len);
	}
	for (int i = 0; !rc && i < sk_X509_CRL_num(v->crls); i++) {
		unsigned char *out = NULL;
		int k = i2d_X509_CRL(sk_X509_CRL_value(v->crls, i), &out);
		if (k > 0)
			blob_push(blobs, n, REVOC_CRL, out, k);
		else
			rc = cot_err_set(
				err, COT_USAGE, _("a CRL of the revocation values is unreadable"));
	}
	for (int i = 0; !rc && i < sk_OCSP_BASICRESP_num(v->ocsps); i++) {
		unsigned char *out = NULL;
		int k = i2d_OCSP_BASICRESP(sk_OCSP_BASICRESP_value(v->ocsps, i), &out);
		if (k > 0)
			blob_push(blobs, n, REVOC_OCSP, out, k);
		else
			rc = cot_err_set(err, COT_USAGE,
				_("an OCSP response of the revocation values "
				  "is unreadable"));
	}
	if (rc) {
		blt_blobs_free(*blobs, *n);
		*blobs = NULL;
		*n = 0;
	}
	BLT_REVVALS_free(v);
	ERR_clear_error();
	return rc;
}

/* ---- the attribute in a signature ---- */

/* The OCSP responses of rv->used as DER RevocationValues; *der NULL when there are none. */
static int ocsp_values(
	const struct revoc *rv, unsigned char **der, size_t *len, struct cot_err *err)
{
	struct revoc_blob *ocsp = xcalloc(rv->n_used ? rv->n_used : 1, sizeof(*ocsp));
	size_t k = 0;
	int rc = COT_OK;

	*der = NULL;
	*len = 0;
	for (size_t i = 0; i < rv->n_used; i++)
		if (rv->used[i].kind == REVOC_OCSP)
			ocsp[k++] = rv->used[i];
	if (k)
		rc = blt_values_encode(ocsp, k, der, len, err);
	free(ocsp);
	return rc;
}

static int add_values(const unsigned char *sig, size_t len, const unsigned char *vals,
	size_t vals_len, unsigned char **out, size_t *out_len, struct cot_err *err)
{
	CMS_SignerInfo *si;
	CMS_ContentInfo *cms = cades_one_signer(sig, len, &si, err);
	int n, rc = COT_OK;

	if (!cms)
		return COT_USAGE;
	if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_ets_revocationValues, -1) >= 0) {
		rc = cot_err_set(err, COT_USAGE, _("the signature has revocation values already"));
	} else if (vals_len > INT_MAX ||
		   /* a SEQUENCE given as bytes is written as they are */
		   !CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_ets_revocationValues,
			   V_ASN1_SEQUENCE, vals, (int)vals_len) ||
		   (n = i2d_CMS_ContentInfo(cms, out)) <= 0) {
		*out = NULL;
		rc = cot_err_set(
			err, COT_ENV, _("cannot add the revocation values to the signature"));
	} else {
		*out_len = (size_t)n;
	}
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

int blt_embed(const unsigned char *sig, size_t sig_len, const struct revoc *rv, unsigned char **out,
	size_t *out_len, struct cot_err *err)
{
	unsigned char *crls = NULL, *vals = NULL;
	size_t crls_len = 0, vals_len = 0, skipped = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if ((rc = revoc_cms_add(sig, sig_len, rv, &crls, &crls_len, &skipped, err)))
		return rc;
	if (!skipped) {
		*out = crls;
		*out_len = crls_len;
		return COT_OK;
	}
	if (!(rc = ocsp_values(rv, &vals, &vals_len, err)))
		rc = add_values(crls, crls_len, vals, vals_len, out, out_len, err);
	OPENSSL_free(crls);
	OPENSSL_free(vals);
	return rc;
}

int blt_give(const unsigned char *sig, size_t sig_len, struct revoc *rv, struct cot_err *err)
{
	CMS_SignerInfo *si;
	CMS_ContentInfo *cms = cades_one_signer(sig, sig_len, &si, err);
	struct revoc_blob *blobs = NULL;
	const ASN1_TYPE *t;
	size_t n = 0;
	bool bad;
	int rc = COT_OK;

	if (!cms)
		return COT_USAGE;
	t = cades_unsigned_value(si, NID_id_smime_aa_ets_revocationValues, &bad);
	if (bad)
		rc = cot_err_set(err, COT_USAGE,
			_("the signature's revocation-values attribute is "
			  "not one value"));
	else if (t)
		rc = blt_values_decode(ASN1_STRING_get0_data(t->value.sequence),
			(size_t)ASN1_STRING_length(t->value.sequence), &blobs, &n, err);
	for (size_t i = 0; i < n; i++) {
		struct cot_err e = COT_ERR_INIT;
		if (revoc_give(rv, blobs[i].der, blobs[i].len, &e) && !rc) {
			*err = e; /* nomem with it */
			rc = e.code;
		}
	}
	blt_blobs_free(blobs, n);
	CMS_ContentInfo_free(cms);
	return rc;
}

/* ---- B-LT when bundling ---- */

/* signer and its issuers found in chain, up to a self-signed root (*rooted) or BLT_MAX_PATH. */
static STACK_OF(X509) *path_of(X509 *signer, STACK_OF(X509) *chain, bool *rooted)
{
	STACK_OF(X509) *path = sk_X509_new_null();
	X509 *cur = signer;

	*rooted = false;
	while (path && sk_X509_push(path, cur) > 0 && sk_X509_num(path) <= BLT_MAX_PATH) {
		X509 *up;
		if (X509_check_issued(cur, cur) == X509_V_OK) {
			*rooted = true;
			break;
		}
		up = revoc_find_issuer(cur, chain, NULL);
		if (!up || sk_X509_find(path, up) >= 0)
			break;
		cur = up;
	}
	ERR_clear_error();
	return path;
}

/* Revoked or unknown: the error; a certificate that names nothing: res->why. */
static int judge_path(STACK_OF(X509) *path, const struct revoc_result *r, size_t n,
	struct blt_result *res, struct cot_err *err)
{
	char when[21];

	for (size_t i = 0; i < n; i++) {
		if (!revoc_has_sources(sk_X509_value(path, (int)i))) {
			if (!res->why[0])
				snprintf(res->why, sizeof(res->why),
					_("'%s' names no OCSP responder or "
					  "CRL"),
					r[i].subject);
		} else if (r[i].status == REVOC_REVOKED) {
			time_format(r[i].revoked_at, when);
			return cot_err_set(err, COT_ENV, _("'%s' was revoked at %s (%s): %s"),
				r[i].subject, when, revoc_reason_name(r[i].reason), r[i].how);
		} else if (r[i].status != REVOC_GOOD) {
			return cot_err_set(err, COT_ENV,
				_("the revocation status of '%s' is unknown: "
				  "%s"),
				r[i].subject, r[i].why);
		}
	}
	return COT_OK;
}

static void count_used(const struct revoc *rv, struct blt_result *res)
{
	for (size_t i = 0; i < rv->n_used; i++)
		if (rv->used[i].kind == REVOC_OCSP)
			res->ocsp++;
		else
			res->crl++;
}

/* What rv decided, into a copy of sig; nothing when there is none or it would be too big. */
static int embed_used(const unsigned char *sig, size_t sig_len, const struct revoc *rv,
	unsigned char **out, size_t *out_len, struct blt_result *res, struct cot_err *err)
{
	int rc;

	if (rv->n_used) {
		if ((rc = blt_embed(sig, sig_len, rv, out, out_len, err)))
			return rc;
		if (*out_len <= CADES_MAX_DER) {
			count_used(rv, res);
			return COT_OK;
		}
		snprintf(res->why, sizeof(res->why),
			_("with its revocation data the signature "
			  "would be %zu bytes, over the %zu cot reads"),
			*out_len, CADES_MAX_DER);
		OPENSSL_free(*out);
	}
	*out = OPENSSL_memdup(sig, sig_len);
	*out_len = sig_len;
	return *out ? COT_OK : cot_err_nomem(err);
}

int blt_extend(const unsigned char *sig, size_t sig_len, X509 *signer, STACK_OF(X509) *chain,
	const struct revoc_opts *ro, unsigned char **out, size_t *out_len, struct blt_result *res,
	struct cot_err *err)
{
	bool rooted;
	STACK_OF(X509) *path = path_of(signer, chain, &rooted);
	struct revoc_result *r = NULL;
	enum revoc_status worst;
	struct revoc rv;
	size_t n = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	memset(res, 0, sizeof(*res));
	revoc_init(&rv, ro);
	if (!path) {
		rc = cot_err_nomem(err);
		goto out;
	}
	if (sk_X509_num(path) < 2) {
		snprintf(res->why, sizeof(res->why),
			_("the signer's issuer is not in the keystore"));
		rc = embed_used(sig, sig_len, &rv, out, out_len, res, err);
		goto out;
	}
	if ((rc = revoc_check_chain(&rv, path, &r, &n, &worst, err)) ||
		(rc = judge_path(path, r, n, res, err)))
		goto out;
	if (!rooted && !res->why[0])
		snprintf(res->why, sizeof(res->why),
			_("the keystore's chain does not reach a root: "
			  "its last certificate is not checked"));
	rc = embed_used(sig, sig_len, &rv, out, out_len, res, err);
	res->lt = !rc && !res->why[0];
out:
	free(r);
	revoc_release(&rv);
	sk_X509_free(path);
	return rc;
}
