/* The whitelist's detached CMS signature: made with the authority's key, verified to trust anchors.
 */
#include <limits.h>
#include <string.h>
#include "cot/cert.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/whitelist.h"

/* OpenSSL's reason for the last failure, or fallback; clears the error queue. */
static const char *ossl_reason(const char *fallback)
{
	static _Thread_local char why[256];
	unsigned long e = ERR_peek_last_error();

	if (e)
		ERR_error_string_n(e, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "%s", fallback);
	ERR_clear_error();
	return why;
}

int whitelist_sig_make(const void *data, size_t len, EVP_PKEY *key, X509 *cert,
	STACK_OF(X509) *chain, unsigned char **der, size_t *derlen, struct cot_err *err)
{
	unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	CMS_ContentInfo *cms = CMS_sign(NULL, NULL, NULL, NULL, flags);
	BIO *in = BIO_new_mem_buf(data, (int)len);
	CMS_SignerInfo *si = NULL;
	ASN1_TIME *t = NULL;
	int rc = COT_OK, n;

	*der = NULL;
	if (!cms || !in || !(si = CMS_add1_signer(cms, cert, key, EVP_sha256(), flags))) {
		rc = cot_err_set(err, COT_USAGE, _("cannot sign: %s"),
			ossl_reason(_("the key does not fit the certificate")));
		goto out;
	}
	/* The signing time is cot's clock (COT_NOW pins it), as every time cot records. */
	if (!(t = ASN1_TIME_set(NULL, clock_now())) ||
		!CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1)) {
		rc = cot_err_set(err, COT_ENV, _("cannot sign: %s"), ossl_reason("out of memory"));
		goto out;
	}
	for (int i = 0; chain && i < sk_X509_num(chain); i++)
		if (!CMS_add1_cert(cms, sk_X509_value(chain, i)) &&
			ERR_GET_REASON(ERR_peek_last_error()) !=
				CMS_R_CERTIFICATE_ALREADY_PRESENT) {
			rc = cot_err_set(
				err, COT_ENV, _("cannot sign: %s"), ossl_reason("out of memory"));
			goto out;
		}
	ERR_clear_error();
	if (!CMS_final(cms, in, NULL, flags) || (n = i2d_CMS_ContentInfo(cms, der)) <= 0) {
		rc = cot_err_set(err, COT_ENV, _("cannot sign: %s"), ossl_reason("out of memory"));
		goto out;
	}
	*derlen = (size_t)n;
out:
	ASN1_TIME_free(t);
	BIO_free(in);
	CMS_ContentInfo_free(cms);
	return rc;
}

static void describe(X509 *x, struct wl_signer *who)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0;

	memset(who, 0, sizeof(*who));
	if (b && X509_NAME_print_ex(b, X509_get_subject_name(x), 0,
			 XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) >= 0)
		n = BIO_read(b, who->subject, (int)sizeof(who->subject) - 1);
	who->subject[n > 0 ? n : 0] = '\0';
	BIO_free(b);
	if (X509_digest(x, EVP_sha256(), md, &mdlen))
		for (unsigned i = 0; i < mdlen && i < 32; i++)
			snprintf(who->fingerprint + 2 * i, 3, "%02x", md[i]);
}

/* The parsed signature, refusing anything but one DER SignedData with no content inside. */
static int parse_sig(const void *sig, size_t siglen, CMS_ContentInfo **cms, struct cot_err *err)
{
	const unsigned char *p = sig;
	ASN1_OCTET_STRING **content;

	*cms = d2i_CMS_ContentInfo(NULL, &p, (long)siglen);
	if (!*cms || p != (const unsigned char *)sig + siglen) {
		ERR_clear_error();
		return *cms ? cot_err_set(err, COT_USAGE,
				      _("the signature is not a DER CMS structure "
					"(bytes after its end)"))
			    : cot_err_set(err, COT_USAGE,
				      _("the signature is not a DER CMS structure"));
	}
	if (OBJ_obj2nid(CMS_get0_type(*cms)) != NID_pkcs7_signed)
		return cot_err_set(err, COT_USAGE, _("the signature is not a CMS SignedData"));
	content = CMS_get0_content(*cms);
	if (content && *content)
		return cot_err_set(err, COT_USAGE,
			_("the signature holds content of its own: it must "
			  "be detached"));
	return COT_OK;
}

/* Exactly one signer, with SHA-256. */
static int one_sha256_signer(CMS_ContentInfo *cms, struct cot_err *err)
{
	STACK_OF(CMS_SignerInfo) *infos = CMS_get0_SignerInfos(cms);
	X509_ALGOR *digest = NULL;

	if (sk_CMS_SignerInfo_num(infos) != 1)
		return cot_err_set(err, COT_FINDINGS,
			ngettext("the signature has %d signer; one is "
				 "expected",
				"the signature has %d signers; one is expected",
				(unsigned long)sk_CMS_SignerInfo_num(infos)),
			sk_CMS_SignerInfo_num(infos));
	CMS_SignerInfo_get0_algs(sk_CMS_SignerInfo_value(infos, 0), NULL, NULL, &digest, NULL);
	if (!digest || OBJ_obj2nid(digest->algorithm) != NID_sha256)
		return cot_err_set(err, COT_FINDINGS,
			_("the signature's digest is %s, not SHA-256"),
			digest ? OBJ_nid2sn(OBJ_obj2nid(digest->algorithm)) : "missing");
	return COT_OK;
}

/* The signer's certificate found in the signature, and the signature over the signed attributes. */
static int signed_attrs(CMS_ContentInfo *cms, struct cot_err *err)
{
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms), 0);

	if (CMS_set1_signers_certs(cms, NULL, 0) != 1)
		return cot_err_set(err, COT_FINDINGS,
			_("the signer's certificate is not in the "
			  "signature"));
	if (CMS_signed_get_attr_count(si) >= 0 && CMS_SignerInfo_verify(si) <= 0)
		return cot_err_set(err, COT_FINDINGS,
			_("the signature does not match the whitelist "
			  "(%s)"),
			ossl_reason(_("verification failed")));
	return COT_OK;
}

int whitelist_sig_begin(const void *sig, size_t siglen, struct wl_sig_check *v, struct cot_err *err)
{
	BIO *sink;
	int rc;

	memset(v, 0, sizeof(*v));
	rc = parse_sig(sig, siglen, &v->cms, err);
	if (!rc)
		rc = one_sha256_signer(v->cms, err);
	if (!rc)
		rc = signed_attrs(v->cms, err);
	if (rc)
		return rc;
	/* the digests of the content, written through to nowhere */
	if (!(sink = BIO_new(BIO_s_null())) || !(v->digest = CMS_dataInit(v->cms, sink))) {
		BIO_free(sink);
		return cot_err_nomem(err);
	}
	return COT_OK;
}

int whitelist_sig_update(struct wl_sig_check *v, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		int n = len > INT_MAX ? INT_MAX : (int)len;
		if (BIO_write(v->digest, p, n) != n) {
			v->failed = true;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int whitelist_sig_end(struct wl_sig_check *v, STACK_OF(X509) *anchors, time_t at,
	struct wl_signer *who, struct cot_err *err)
{
	CMS_SignerInfo *si = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(v->cms), 0);
	STACK_OF(X509) *signers = NULL, *certs = NULL;
	int rc = COT_OK;

	if (v->failed)
		rc = cot_err_nomem(err);
	else if (CMS_SignerInfo_verify_content(si, v->digest) <= 0)
		rc = cot_err_set(err, COT_FINDINGS,
			_("the signature does not match the whitelist (%s)"),
			ossl_reason(_("verification failed")));
	if (!rc && (!(signers = CMS_get0_signers(v->cms)) || sk_X509_num(signers) != 1))
		rc = cot_err_set(
			err, COT_FINDINGS, _("the signer's certificate is not in the signature"));
	if (!rc && anchors) {
		certs = CMS_get1_certs(v->cms);
		rc = cert_verify_chain_anchors(sk_X509_value(signers, 0), certs, anchors, at, err);
		if (rc)
			cot_err_prefix(err, _("the signer is not trusted"));
	}
	if (!rc && who)
		describe(sk_X509_value(signers, 0), who);
	sk_X509_free(signers);
	sk_X509_pop_free(certs, X509_free);
	ERR_clear_error();
	return rc;
}

void whitelist_sig_release(struct wl_sig_check *v)
{
	BIO_free_all(v->digest);
	CMS_ContentInfo_free(v->cms);
	memset(v, 0, sizeof(*v));
}

int whitelist_sig_verify(const void *data, size_t len, const void *sig, size_t siglen,
	STACK_OF(X509) *anchors, time_t at, struct wl_signer *who, struct cot_err *err)
{
	struct wl_sig_check v;
	int rc = whitelist_sig_begin(sig, siglen, &v, err);

	if (!rc) {
		whitelist_sig_update(&v, data, len);
		rc = whitelist_sig_end(&v, anchors, at, who, err);
	}
	whitelist_sig_release(&v);
	ERR_clear_error();
	return rc;
}
