/* CAdES B-LT: a signer chain's revocation data, fetched, embedded in the signature, read back. */
#ifndef COT_BLT_H
#define COT_BLT_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/revoc.h"

#define BLT_MAX_PATH 8 /* certificates followed from the signer up to its root */

/*
 * RevocationValues (RFC 5126 6.3.4; the unsigned attribute id-aa-ets-revocationValues,
 * 1.2.840.113549.1.9.16.2.24): crlVals [0] SEQUENCE OF CertificateList, ocspVals [1]
 * SEQUENCE OF BasicOCSPResponse; otherRevVals is refused.
 *
 * blt_values_encode writes the n blobs (REVOC_CRL: a DER CRL; REVOC_OCSP: a DER
 * OCSPResponse, successful, or a BasicOCSPResponse) as one DER RevocationValues in
 * *der (the caller's: OPENSSL_free). An empty list leaves both fields out.
 * COT_USAGE for a blob that is not what its kind says.
 */
int blt_values_encode(const struct revoc_blob *blobs, size_t n, unsigned char **der, size_t *len,
	struct cot_err *err);

/*
 * Reads der (at most REVOC_CRL_MAX bytes, nothing after it) as RevocationValues:
 * *blobs (*n of them, release with blt_blobs_free) the DER of each CRL (REVOC_CRL)
 * and each BasicOCSPResponse (REVOC_OCSP), CRLs first. COT_USAGE for anything else.
 */
int blt_values_decode(const unsigned char *der, size_t len, struct revoc_blob **blobs, size_t *n,
	struct cot_err *err);

void blt_blobs_free(struct revoc_blob *blobs, size_t n);

/*
 * A copy of sig (DER CMS SignedData with one SignerInfo, at most CADES_MAX_DER bytes)
 * carrying rv->used: the CRLs in SignedData.crls (revoc_cms_add), the OCSP responses
 * as BasicOCSPResponses in the SignerInfo's unsigned attribute revocation-values
 * (none added when there are none). The signed part is untouched. *out is the
 * caller's (OPENSSL_free). COT_USAGE: sig unreadable, or with revocation-values already.
 */
int blt_embed(const unsigned char *sig, size_t sig_len, const struct revoc *rv, unsigned char **out,
	size_t *out_len, struct cot_err *err);

/*
 * Gives rv (revoc_give) every OCSP response and CRL of the revocation-values
 * attribute of sig's one SignerInfo (SignedData.crls are not read here). COT_OK when
 * sig has none. COT_USAGE: sig unreadable, more than one such attribute or value,
 * a value that is no RevocationValues, or data revoc_give refuses (what came
 * before it is given all the same).
 */
int blt_give(const unsigned char *sig, size_t sig_len, struct revoc *rv, struct cot_err *err);

/* What blt_extend did. */
struct blt_result {
	bool lt;	  /* every certificate under the root decided by what is embedded */
	size_t ocsp, crl; /* OCSP responses and CRLs embedded */
	char why[512];	  /* when !lt: why the signature stays B-T, one plain line */
};

/*
 * B-LT for a signature just timestamped: the path from signer up through chain
 * (revoc_find_issuer, at most BLT_MAX_PATH) is checked online (revoc_check_chain,
 * with ro; NULL: defaults) and what decided it embedded (blt_embed) into *out
 * (the caller's: OPENSSL_free; a copy of sig when nothing is embedded).
 * A certificate that names no OCSP responder or CRL is not checked and keeps the
 * signature B-T (res->why), as do a path that does not reach a self-signed root and
 * a result over CADES_MAX_DER (then nothing is embedded).
 * COT_ENV: a certificate revoked, or whose status nobody could tell (the reason in err).
 */
int blt_extend(const unsigned char *sig, size_t sig_len, X509 *signer, STACK_OF(X509) *chain,
	const struct revoc_opts *ro, unsigned char **out, size_t *out_len, struct blt_result *res,
	struct cot_err *err);

#endif
