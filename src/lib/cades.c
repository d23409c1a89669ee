/* Detached CAdES-BES signatures with OpenSSL's CMS: signing with a fixed time, and checking. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include "cot/cades.h"
#include "cot/algo.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/mem.h"

int cades_sign(const void *content, size_t len, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain,
	time_t signing_time, unsigned char **der, size_t *der_len, struct cot_err *err)
{
	const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ASN1_TIME *t = NULL;
	BIO *in = NULL;
	int n, rc = COT_ENV;

	*der = NULL;
	if (X509_check_private_key(cert, key) != 1) {
		rc = cot_err_set(
			err, COT_USAGE, _("the private key does not belong to the certificate"));
		goto out;
	}
	if (len > INT_MAX || !(in = BIO_new_mem_buf(content, (int)len)) ||
		!(cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) ||
		!(si = CMS_add1_signer(cms, cert, key, EVP_sha256(), flags)) ||
		!(t = ASN1_TIME_set(NULL, signing_time)) ||
		!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1)) {
		cot_err_set(err, COT_ENV, _("cannot prepare the signature"));
		goto out;
	}
	for (int i = 0; i < sk_X509_num(chain); i++) {
		if (CMS_add1_cert(cms, sk_X509_value(chain, i)) != 1) {
			cot_err_set(err, COT_ENV,
				_("cannot add the certificate chain to the signature"));
			goto out;
		}
	}
	if (!CMS_final(cms, in, NULL, CMS_DETACHED | CMS_BINARY) ||
		(n = i2d_CMS_ContentInfo(cms, der)) <= 0) {
		*der = NULL;
		cot_err_set(err, COT_ENV, _("cannot make the signature"));
		goto out;
	}
	*der_len = (size_t)n;
	rc = COT_OK;
out:
	ERR_clear_error();
	ASN1_TIME_free(t);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	return rc;
}

void cades_result_init(struct cades_result *r)
{
	memset(r, 0, sizeof(*r));
}

void cades_result_release(struct cades_result *r)
{
	X509_free(r->signer);
	sk_X509_pop_free(r->certs, X509_free);
	cades_result_init(r);
}

static int fail(struct cades_result *r, enum cades_fail f, const char *why)
{
	r->fail = f;
	snprintf(r->why, sizeof(r->why), "%s", why);
	return COT_OK;
}

/* The structure of a detached SignedData with one signer; fails into r. */
static CMS_SignerInfo *check_structure(CMS_ContentInfo *cms, struct cades_result *r)
{
	STACK_OF(CMS_SignerInfo) *sis;

	if (OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
		fail(r, CADES_FORMAT, _("it is CMS but not SignedData"));
		return NULL;
	}
	if (CMS_is_detached(cms) != 1) {
		fail(r, CADES_FORMAT, _("it is not detached: it carries content of its own"));
		return NULL;
	}
	if (OBJ_obj2nid(CMS_get0_eContentType(cms)) != NID_pkcs7_data) {
		fail(r, CADES_FORMAT, _("its content type is not id-data"));
		return NULL;
	}
	sis = CMS_get0_SignerInfos(cms);
	if (sk_CMS_SignerInfo_num(sis) != 1) {
		fail(r, CADES_FORMAT, _("it does not have exactly one signer"));
		return NULL;
	}
	return sk_CMS_SignerInfo_value(sis, 0);
}

/* The signer's digest algorithm; NULL (and r failed) when not one cot accepts. */
static const EVP_MD *signer_digest(CMS_SignerInfo *si, struct cades_result *r)
{
	X509_ALGOR *alg = NULL, *sig = NULL;
	const ASN1_OBJECT *obj = NULL, *sobj = NULL;
	int nid, sig_md = NID_undef;
	char why[160];

	CMS_SignerInfo_get0_algs(si, NULL, NULL, &alg, &sig);
	if (alg)
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
	if (sig)
		X509_ALGOR_get0(&sobj, NULL, NULL, sig);
	nid = obj ? OBJ_obj2nid(obj) : NID_undef;
	/* A signature algorithm that names a digest of its own (sha1WithRSAEncryption) counts too.
	 */
	if (!sobj || !OBJ_find_sigid_algs(OBJ_obj2nid(sobj), &sig_md, NULL))
		sig_md = NID_undef;
	if (algo_digest_ok(nid) && (sig_md == NID_undef || algo_digest_ok(sig_md))) {
		r->digest = OBJ_nid2sn(nid);
		return EVP_get_digestbynid(nid);
	}
	if (!algo_digest_ok(nid) && !EVP_get_digestbynid(nid)) {
		fail(r, CADES_FORMAT, _("its digest algorithm is not one cot knows"));
		return NULL;
	}
	nid = algo_digest_ok(nid) ? sig_md : nid;
	r->digest = OBJ_nid2sn(nid);
	/* TRANSLATORS: a digest algorithm (SHA1, MD5) */
	snprintf(why, sizeof(why),
		_("it is made with %s, which cot's policy refuses (MD5 and SHA-1 "
		  "can be forged)"),
		OBJ_nid2sn(nid));
	fail(r, CADES_WEAK_DIGEST, why);
	return NULL;
}

static bool check_message_digest(CMS_SignerInfo *si, const EVP_MD *md, const void *content,
	size_t len, struct cades_result *r)
{
	unsigned char buf[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	ASN1_OCTET_STRING *want = CMS_signed_get0_data_by_OBJ(
		si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING);

	if (CMS_signed_get_attr_count(si) <= 0 || !want) {
		fail(r, CADES_FORMAT, _("it has no signed attributes with a message-digest"));
		return false;
	}
	if (!EVP_Digest(content, len, buf, &n, md, NULL)) {
		fail(r, CADES_FORMAT, _("the digest cannot be computed"));
		return false;
	}
	if ((unsigned)ASN1_STRING_length(want) != n ||
		memcmp(ASN1_STRING_get0_data(want), buf, n) != 0) {
		fail(r, CADES_HASH,
			_("the signed message-digest is not the digest of the signed file: "
			  "the file was changed after signing"));
		return false;
	}
	return true;
}

static void read_signing_time(CMS_SignerInfo *si, struct cades_result *r)
{
	int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	X509_ATTRIBUTE *a = idx >= 0 ? CMS_signed_get_attr(si, idx) : NULL;
	ASN1_TYPE *t = a ? X509_ATTRIBUTE_get0_type(a, 0) : NULL;
	struct tm tm;

	if (!t || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME))
		return;
	if (ASN1_TIME_to_tm((const ASN1_TIME *)t->value.asn1_string, &tm) != 1)
		return;
	r->signing_time = timegm(&tm);
	r->has_signing_time = true;
}

bool cades_ess_names(CMS_SignerInfo *si, X509 *cert, const char **why)
{
	ASN1_STRING *v2 = CMS_signed_get0_data_by_OBJ(
		si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE);
	ASN1_STRING *v1 = CMS_signed_get0_data_by_OBJ(
		si, OBJ_nid2obj(NID_id_smime_aa_signingCertificate), -3, V_ASN1_SEQUENCE);
	ESS_SIGNING_CERT_V2 *ss2 = NULL;
	ESS_SIGNING_CERT *ss1 = NULL;
	STACK_OF(X509) *chain = sk_X509_new_null();
	const unsigned char *p;
	bool ok = false;

	if (v2) {
		p = ASN1_STRING_get0_data(v2);
		ss2 = d2i_ESS_SIGNING_CERT_V2(NULL, &p, ASN1_STRING_length(v2));
	} else if (v1) {
		p = ASN1_STRING_get0_data(v1);
		ss1 = d2i_ESS_SIGNING_CERT(NULL, &p, ASN1_STRING_length(v1));
	}
	if (!ss2 && !ss1)
		*why = _("the signing-certificate-v2 attribute is missing or unreadable (CAdES-BES "
			 "and RFC 3161 need one)");
	else if (!chain || !sk_X509_push(chain, cert)) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		*why = _("the signing-certificate attribute cannot be checked: out of memory");
	} else if (OSSL_ESS_check_signing_certs(ss1, ss2, chain, 1) <= 0)
		*why = _("the signing-certificate attribute names another certificate than the "
			 "signer's");
	else
		ok = true;
	sk_X509_free(chain);
	ESS_SIGNING_CERT_V2_free(ss2);
	ESS_SIGNING_CERT_free(ss1);
	ERR_clear_error();
	return ok;
}

/* The ESS signing-certificate-v2 (or v1) attribute must name the signer's certificate. */
static bool check_signing_cert(CMS_SignerInfo *si, X509 *signer, struct cades_result *r)
{
	const char *why = NULL;

	if (cades_ess_names(si, signer, &why))
		return true;
	snprintf(r->why, sizeof(r->why), "%s", why);
	r->fail = CADES_SIGNING_CERT;
	return false;
}

/* Finds the signer's certificate among those in the signature. */
static X509 *find_signer(CMS_ContentInfo *cms, CMS_SignerInfo *si, struct cades_result *r)
{
	X509 *signer = NULL;

	if (CMS_set1_signers_certs(cms, NULL, 0) < 0)
		ERR_clear_error();
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (!signer) {
		fail(r, CADES_NO_SIGNER, _("the signer's certificate is not in the signature"));
		return NULL;
	}
	X509_up_ref(signer);
	r->signer = signer;
	return signer;
}

static int run_checks(CMS_ContentInfo *cms, const void *content, size_t len, struct cades_result *r,
	struct cot_err *err)
{
	CMS_SignerInfo *si = check_structure(cms, r);
	const EVP_MD *md;
	X509 *signer;

	if (!si)
		return COT_OK;
	r->certs = CMS_get1_certs(cms);
	if (!r->certs && !(r->certs = sk_X509_new_null()))
		return cot_err_nomem(err);
	if (!(md = signer_digest(si, r)) || !(signer = find_signer(cms, si, r)))
		return COT_OK;
	read_signing_time(si, r);
	if (!check_message_digest(si, md, content, len, r))
		return COT_OK;
	if (CMS_SignerInfo_verify(si) != 1)
		return fail(r, CADES_CRYPTO,
			_("the signature value does not verify with the signer's key"));
	check_signing_cert(si, signer, r);
	return COT_OK;
}

int cades_verify(const void *der, size_t der_len, const void *content, size_t len,
	struct cades_result *r, struct cot_err *err)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	int rc = COT_OK;

	cades_result_init(r);
	if (der_len == 0 || der_len > CADES_MAX_DER)
		return fail(r, CADES_FORMAT, der_len ? _("it is too large") : _("it is empty"));
	cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len);
	if (!cms)
		fail(r, CADES_FORMAT, _("it is not a CMS structure in DER"));
	else if (p != (const unsigned char *)der + der_len)
		fail(r, CADES_FORMAT, _("it has bytes after the CMS structure"));
	else
		rc = run_checks(cms, content, len, r, err);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

/* ---- B-T: the signature timestamp ------------------------------------------------- */

CMS_ContentInfo *cades_one_signer(
	const unsigned char *der, size_t der_len, CMS_SignerInfo **si, struct cot_err *err)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) *sis;

	if (der_len == 0 || der_len > CADES_MAX_DER ||
		!(cms = d2i_CMS_ContentInfo(NULL, &p, (long)der_len)) || p != der + der_len ||
		OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
		sk_CMS_SignerInfo_num(sis = CMS_get0_SignerInfos(cms)) != 1) {
		CMS_ContentInfo_free(cms);
		ERR_clear_error();
		cot_err_set(err, COT_USAGE,
			_("the signature is not DER CMS SignedData with one signer"));
		return NULL;
	}
	*si = sk_CMS_SignerInfo_value(sis, 0);
	return cms;
}

static int copy_value(
	CMS_SignerInfo *si, unsigned char **value, size_t *value_len, struct cot_err *err)
{
	ASN1_OCTET_STRING *v = CMS_SignerInfo_get0_signature(si);

	*value_len = (size_t)ASN1_STRING_length(v);
	*value = OPENSSL_memdup(ASN1_STRING_get0_data(v), *value_len ? *value_len : 1);
	return *value ? COT_OK : cot_err_nomem(err);
}

int cades_signature_value(const unsigned char *der, size_t der_len, unsigned char **value,
	size_t *value_len, struct cot_err *err)
{
	CMS_SignerInfo *si;
	CMS_ContentInfo *cms = cades_one_signer(der, der_len, &si, err);
	int rc;

	*value = NULL;
	if (!cms)
		return COT_USAGE;
	rc = copy_value(si, value, value_len, err);
	CMS_ContentInfo_free(cms);
	return rc;
}

int cades_add_timestamp(const unsigned char *der, size_t der_len, const unsigned char *token,
	size_t token_len, unsigned char **out, size_t *out_len, struct cot_err *err)
{
	CMS_SignerInfo *si;
	CMS_ContentInfo *cms = cades_one_signer(der, der_len, &si, err);
	const unsigned char *p = token;
	CMS_ContentInfo *tok = NULL;
	int n, rc = COT_USAGE;

	*out = NULL;
	if (!cms)
		return COT_USAGE;
	if (token_len == 0 || token_len > CADES_MAX_DER || token_len > INT_MAX ||
		!(tok = d2i_CMS_ContentInfo(NULL, &p, (long)token_len)) || p != token + token_len) {
		cot_err_set(err, COT_USAGE, _("the timestamp token is not DER CMS"));
		goto out;
	}
	if (CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) >= 0) {
		cot_err_set(err, COT_USAGE, _("the signature has a timestamp already"));
		goto out;
	}
	rc = COT_ENV;
	/* a SEQUENCE given as bytes is written as they are: the token's own DER */
	if (!CMS_unsigned_add1_attr_by_NID(
		    si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, token, (int)token_len) ||
		(n = i2d_CMS_ContentInfo(cms, out)) <= 0) {
		*out = NULL;
		cot_err_set(err, COT_ENV, _("cannot add the timestamp to the signature"));
		goto out;
	}
	*out_len = (size_t)n;
	rc = COT_OK;
out:
	CMS_ContentInfo_free(tok);
	CMS_ContentInfo_free(cms);
	ERR_clear_error();
	return rc;
}

const ASN1_TYPE *cades_unsigned_value(CMS_SignerInfo *si, int nid, bool *bad)
{
	int i = CMS_unsigned_get_attr_by_NID(si, nid, -1);
	X509_ATTRIBUTE *a = i >= 0 ? CMS_unsigned_get_attr(si, i) : NULL;
	ASN1_TYPE *t;

	*bad = false;
	if (!a)
		return NULL;
	t = X509_ATTRIBUTE_get0_type(a, 0);
	*bad = CMS_unsigned_get_attr_by_NID(si, nid, i) >= 0 || X509_ATTRIBUTE_count(a) != 1 ||
	       !t || t->type != V_ASN1_SEQUENCE;
	return *bad ? NULL : t;
}

int cades_get_timestamp(const unsigned char *der, size_t der_len, unsigned char **token,
	size_t *token_len, unsigned char **value, size_t *value_len, struct cot_err *err)
{
	CMS_SignerInfo *si;
	CMS_ContentInfo *cms = cades_one_signer(der, der_len, &si, err);
	const ASN1_TYPE *t;
	bool bad;
	int rc = COT_OK;

	*token = *value = NULL;
	*token_len = *value_len = 0;
	if (!cms)
		return COT_USAGE;
	t = cades_unsigned_value(si, NID_id_smime_aa_timeStampToken, &bad);
	if (bad) {
		rc = cot_err_set(err, COT_USAGE,
			_("the signature's timestamp attribute is not one "
			  "timestamp token"));
	} else if (t) {
		*token_len = (size_t)ASN1_STRING_length(t->value.sequence);
		*token = OPENSSL_memdup(ASN1_STRING_get0_data(t->value.sequence), *token_len);
		if (!*token)
			rc = cot_err_nomem(err);
		else if ((rc = copy_value(si, value, value_len, err))) {
			OPENSSL_free(*token);
			*token = NULL;
		}
	}
	CMS_ContentInfo_free(cms);
	return rc;
}
