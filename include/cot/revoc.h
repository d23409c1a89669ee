/* Certificate revocation: OCSP first, then CRLs, every answer verified; given data, a cache. */
#ifndef COT_REVOC_H
#define COT_REVOC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/x509.h>
#include "cot/exit.h"

#define REVOC_OCSP_MAX ((size_t)1 << 20) /* the largest OCSP response read or fetched */
#define REVOC_CRL_MAX ((size_t)16 << 20) /* the largest CRL read or fetched */
#define REVOC_TIMEOUT 10		 /* seconds per request, by default */
#define REVOC_SKEW 300			 /* seconds a thisUpdate may lie ahead of our clock */
#define REVOC_MAX_URLS 4		 /* OCSP or CRL URLs tried per certificate */

enum revoc_status { REVOC_UNKNOWN = 0, REVOC_GOOD, REVOC_REVOKED };

struct revoc_opts {
	bool offline;	       /* only the data given with revoc_give: no network, no cache */
	const char *cache_dir; /* NULL: $XDG_CACHE_HOME/cot/revocation, else
				  ~/.cache/cot/revocation; "": no cache */
	long timeout;	       /* seconds per request; 0: REVOC_TIMEOUT */
	const char *cacert;    /* CA file for https:// URLs; NULL: the system's store */
	time_t now;	       /* the clock for freshness; 0: clock_now() */
	time_t when;	       /* the validation time (POE): a revocation after it does not
				  count, and an answer must still be fresh at it; 0: now */
};

/* DER revocation data: given by the caller or used by a check. */
enum revoc_kind { REVOC_OCSP, REVOC_CRL };

struct revoc_blob {
	enum revoc_kind kind;
	unsigned char *der;
	size_t len;
};

/*
 * A revocation session: options, the data given for offline validation, and
 * every OCSP response and CRL that decided a check (for B-LT).
 */
struct revoc {
	struct revoc_opts opts;
	struct revoc_blob *given;
	size_t n_given;
	struct revoc_blob *used;
	size_t n_used;
};

struct revoc_result {
	enum revoc_status status;
	time_t revoked_at; /* REVOKED: the revocation time */
	int reason;	   /* REVOKED: the CRLReason code (RFC 5280), -1 when none given */
	char subject[256]; /* the certificate checked, one line */
	char how[512];	   /* GOOD, REVOKED: "OCSP URL, produced-at T, this-update T" or
			      "CRL URL, number N, this-update T" (URL "given" for given data,
			      followed by " (cached)" when read from the cache) */
	char why[1024];	   /* each source tried that did not answer and why, "; " between
			      them (all of them for UNKNOWN; those before the answer
			      otherwise), and a revocation after the validation time */
};

/* opts is copied (its strings are borrowed and must outlive rv); opts NULL: defaults. */
void revoc_init(struct revoc *rv, const struct revoc_opts *opts);
void revoc_release(struct revoc *rv);

/*
 * Adds one DER OCSP response (an OCSPResponse, or a BasicOCSPResponse as
 * CAdES revocationValues hold them, kept wrapped as a successful OCSPResponse)
 * or CRL to the data given for the checks (copied). Given data is tried before anything is fetched;
 * with opts.offline it is all that is used. COT_USAGE when der is neither, or over REVOC_OCSP_MAX /
 * REVOC_CRL_MAX.
 */
int revoc_give(struct revoc *rv, const void *der, size_t len, struct cot_err *err);

/*
 * The revocation status of cert, issued by issuer, into res. Tried in order,
 * until one answers: the given data; unless offline, the OCSP responders of the
 * AIA (a cached response fresh now, i.e. with a nextUpdate
 * still ahead, else a POST with a nonce and a SHA-1 CertID) and then the http/https CRL
 * distribution points (fresh cache, else a GET).
 *
 * An OCSP response counts only when its status is successful, it is signed by
 * the issuer or by a certificate the issuer issued with id-kp-OCSPSigning, it
 * holds a CertID for cert, its thisUpdate is not in the future (REVOC_SKEW),
 * its nextUpdate (if any) is not before when (now by default: data embedded
 * in an old signature need only have been fresh at its validation time), and a nonce sent is
 * echoed. A CRL counts only when its issuer is the issuer's subject, its
 * signature verifies with the issuer's key (cRLSign when the issuer has a
 * keyUsage), it is not a delta CRL, and its times hold as above. Anything else
 * is a reason for UNKNOWN. What decided a check is appended to rv->used (once).
 *
 * COT_OK with res filled whatever the status; COT_USAGE when cert or issuer is
 * NULL.
 */
int revoc_check(
	struct revoc *rv, X509 *cert, X509 *issuer, struct revoc_result *res, struct cot_err *err);

/*
 * Checks each certificate of path (path[0] the leaf, each next one its issuer,
 * the last the trust anchor, which is not checked) against its issuer.
 * *res (n = sk_X509_num(path) - 1 results, leaf first) is the caller's to free();
 * *worst is REVOKED if any is, else UNKNOWN if any is, else GOOD.
 * COT_USAGE for a path of fewer than two certificates.
 */
int revoc_check_chain(struct revoc *rv, STACK_OF(X509) *path, struct revoc_result **res, size_t *n,
	enum revoc_status *worst, struct cot_err *err);

/*
 * The issuer of cert: the first certificate of a, then of b (either may be
 * NULL), whose subject is cert's issuer and whose key verifies cert's
 * signature. Borrowed from the stack; NULL when none is.
 */
X509 *revoc_find_issuer(X509 *cert, STACK_OF(X509) *a, STACK_OF(X509) *b);

/* True when cert names somewhere to ask: an OCSP responder (AIA) or a CRL distribution point. */
bool revoc_has_sources(X509 *cert);

/* "good", "revoked" or "unknown". */
const char *revoc_status_name(enum revoc_status s);

/* The CRLReason name ("keyCompromise" …), or "unspecified" for -1. */
const char *revoc_reason_name(int reason);

/*
 * Adds the CRLs of rv->used to the DER CMS SignedData cms (CMS_add1_crl; a
 * CRL already present is not added twice) and writes the result to *out
 * (OPENSSL_malloc'ed: the caller's to OPENSSL_free). OCSP responses are NOT
 * added: OpenSSL 3.0 has no public API for a RevocationInfoChoice "other"
 * (id-ri-ocsp-response); *ocsp_skipped says how many were left out.
 * COT_USAGE for DER that is not a CMS SignedData.
 */
int revoc_cms_add(const void *cms, size_t len, const struct revoc *rv, unsigned char **out,
	size_t *out_len, size_t *ocsp_skipped, struct cot_err *err);

/*
 * The readers alone, for the fuzzers and for reports: parses der as an OCSP
 * response or a CRL and judges it for cert/issuer at the times of opts (no
 * nonce, no network). COT_OK with res filled.
 */
int revoc_judge(enum revoc_kind kind, const void *der, size_t len, X509 *cert, X509 *issuer,
	const struct revoc_opts *opts, struct revoc_result *res, struct cot_err *err);

#endif
