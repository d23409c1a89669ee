/* Detached CAdES-BES signatures (CMS SignedData, DER, SHA-256): making and checking them. */
#ifndef COT_CADES_H
#define COT_CADES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"

#define CADES_MAX_DER ((size_t)1 << 20) /* the largest signature cot reads */

/*
 * Signs content (len bytes) with key, whose certificate is cert; chain (may
 * be NULL) is included after it. The result is a detached CMS SignedData in
 * DER with one SignerInfo: SHA-256, RSA PKCS#1 v1.5 (or the key's own
 * scheme), and the signed attributes content-type, message-digest,
 * signing-time (= signing_time, UTCTime up to 2049) and ESS
 * signing-certificate-v2 (SHA-256 of cert with its issuer and serial), as
 * CAdES-BES asks. Nothing else depends on the clock, so equal inputs give
 * equal bytes with RSA keys. *der is the caller's (OPENSSL_free).
 * COT_USAGE when key and cert do not belong together; COT_ENV otherwise.
 */
int cades_sign(const void *content, size_t len, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain,
	time_t signing_time, unsigned char **der, size_t *der_len, struct cot_err *err);

/* Each step of checking a signature, in order. */
enum cades_fail {
	CADES_OK = 0,
	CADES_FORMAT,	    /* not DER CMS SignedData, not detached, not one signer, no
			       signed attributes, a digest cot does not know */
	CADES_NO_SIGNER,    /* the signer's certificate is not in the signature */
	CADES_HASH,	    /* message-digest differs from the content's digest */
	CADES_CRYPTO,	    /* the signature value does not verify with the signer's key */
	CADES_SIGNING_CERT, /* signing-certificate(-v2) missing or not the signer's */
	CADES_WEAK_DIGEST, /* a digest (or signature algorithm) that policy.h refuses: SHA-1, MD5 */
};

/*
 * What cades_verify found. Certificates are the result's own references:
 * release with cades_result_release.
 */
struct cades_result {
	enum cades_fail fail;
	char why[512];	       /* the reason when fail is set */
	X509 *signer;	       /* the signer's certificate, when found */
	STACK_OF(X509) *certs; /* every certificate in the signature (signer included) */
	bool has_signing_time;
	time_t signing_time;
	const char *digest; /* "SHA256", … (static) */
};

void cades_result_init(struct cades_result *r);
void cades_result_release(struct cades_result *r);

/*
 * Checks der (a detached signature, at most CADES_MAX_DER bytes) over
 * content: structure, the signer's certificate, message-digest, the
 * signature value and the ESS signing-certificate-v2 (or v1) attribute; it
 * stops at the first step that fails and says which in r->fail. It does not
 * check the signer's chain or validity: the caller does, at r->signing_time.
 * Returns COT_OK when the checks ran (whatever they found), COT_ENV out of
 * memory.
 */
int cades_verify(const void *der, size_t der_len, const void *content, size_t len,
	struct cades_result *r, struct cot_err *err);

/* ---- B-T: the signature timestamp (id-aa-signatureTimeStampToken) ---------------- */

/*
 * The signature value of der's single SignerInfo (the bytes a signature
 * timestamp covers), a copy in *value (the caller's: OPENSSL_free).
 * COT_USAGE when der is not DER CMS SignedData with exactly one signer.
 */
int cades_signature_value(const unsigned char *der, size_t der_len, unsigned char **value,
	size_t *value_len, struct cot_err *err);

/*
 * A copy of der (a signature as cades_sign makes) with token (DER
 * TimeStampToken, taken as is) added to its SignerInfo as the unsigned
 * attribute id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14).
 * The signed part is untouched: the signature still verifies. *out is the
 * caller's (OPENSSL_free). COT_USAGE: der or token unreadable, der already
 * timestamped; COT_ENV out of memory.
 */
int cades_add_timestamp(const unsigned char *der, size_t der_len, const unsigned char *token,
	size_t token_len, unsigned char **out, size_t *out_len, struct cot_err *err);

/*
 * The signature timestamp of der's SignerInfo: *token its DER (NULL when
 * der has none: COT_OK all the same) and *value the signature value it
 * should cover; both the caller's (OPENSSL_free). COT_USAGE: der unreadable,
 * more than one such attribute or value, a value that is not a SEQUENCE.
 */
int cades_get_timestamp(const unsigned char *der, size_t der_len, unsigned char **token,
	size_t *token_len, unsigned char **value, size_t *value_len, struct cot_err *err);

/*
 * der (at most CADES_MAX_DER bytes) read as DER CMS SignedData with exactly one SignerInfo,
 * set in *si (owned by the result). Returns the CMS, for CMS_ContentInfo_free, or NULL with
 * err set (COT_USAGE) when der is anything else.
 */
CMS_ContentInfo *cades_one_signer(
	const unsigned char *der, size_t der_len, CMS_SignerInfo **si, struct cot_err *err);

/*
 * True when si's signed ESS signing-certificate-v2 (or v1) attribute names
 * cert; otherwise false and *why (static) says what is wrong.
 */
bool cades_ess_names(CMS_SignerInfo *si, X509 *cert, const char **why);

/*
 * The one value of the one unsigned attribute nid of si (the signature time-stamp, the
 * revocation values): NULL when there is none; NULL with *bad when the attribute is there
 * twice, holds other than one value, or the value is not a SEQUENCE.
 */
const ASN1_TYPE *cades_unsigned_value(CMS_SignerInfo *si, int nid, bool *bad);

#endif
