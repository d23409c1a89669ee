/* RFC 3161 signature timestamps: asking a TSA for a token, and checking a token. */
#ifndef COT_TSP_H
#define COT_TSP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/http.h"

#define TSP_MAX_TOKEN ((size_t)64 << 10)    /* the largest token cot reads */
#define TSP_MAX_RESPONSE ((size_t)64 << 10) /* the largest TSA answer cot reads */
#define TSP_FUTURE_SKEW 120		    /* seconds a genTime may lie ahead of "now" */
#define TSP_CONTENT_TYPE "application/timestamp-query"

/*
 * Each check of a token, in the order tsp_verify runs them; it stops at the
 * first that fails. For cot verify's ETSI EN 319 102-1 verdicts:
 */
enum tsp_fail {
	TSP_OK = 0,
	TSP_FORMAT,    /* not a DER ContentInfo SignedData with one signer over a TSTInfo,
			  bytes after it, over TSP_MAX_TOKEN, an imprint digest other than
			  SHA-256/384/512 (FORMAT_FAILURE) */
	TSP_NO_SIGNER, /* the TSA's certificate is not in the token (NO_SIGNING_CERTIFICATE_FOUND)
			*/
	TSP_SIGNATURE, /* the CMS signature or its message-digest does not verify with
			  the TSA certificate's key (SIG_CRYPTO_FAILURE) */
	TSP_SIGNING_CERT, /* no ESSCertIDv2 (or v1) signed attribute, or it names another
			     certificate than the TSA's (NO_SIGNING_CERTIFICATE_FOUND) */
	TSP_USAGE,	  /* the TSA certificate lacks an extended key usage timeStamping that is
			     critical and its sole purpose, or its key usage allows more than
			     digitalSignature/nonRepudiation (RFC 3161 2.3; CHAIN_CONSTRAINTS_FAILURE) */
	TSP_IMPRINT,	  /* the message imprint is not the digest of the covered bytes: the
			     token is for something else (HASH_FAILURE) */
	TSP_FUTURE,	  /* genTime is more than TSP_FUTURE_SKEW seconds after "now"
			     (a token from the future: TIMESTAMP_ORDER_FAILURE or GENERIC) */
	TSP_CHAIN,	  /* the TSA certificate does not chain to the given anchors at genTime
			     (NO_CERTIFICATE_CHAIN_FOUND; OUT_OF_BOUNDS_* when expired) */
};

/* What tsp_verify found; no memory owned. */
struct tsp_result {
	enum tsp_fail fail;
	char why[512];	    /* the reason when fail is set, a plain sentence fragment */
	bool has_time;	    /* gen_time read (from TSP_IMPRINT on, and for TSP_OK) */
	time_t gen_time;    /* the token's genTime, in seconds (fractions dropped) */
	char tsa[512];	    /* the TSA certificate's subject (RFC 2253), "" if not found */
	char policy[128];   /* the TSA policy OID, dotted */
	const char *digest; /* the imprint's digest: "SHA256", "SHA384", "SHA512" (static) */
	bool chain_checked; /* anchors were given and the chain was checked */
};

void tsp_result_init(struct tsp_result *r);

/* A reason text for f ("the token's imprint is not …"), static. */
const char *tsp_fail_name(enum tsp_fail f);

/*
 * Checks token (DER ContentInfo, a TimeStampToken) against covered, the
 * bytes it should timestamp (for a CAdES signature timestamp: the
 * SignerInfo's signature value): every check of enum tsp_fail in its order.
 * anchors (may be NULL or empty: then the TSA certificate's chain is not
 * checked and r->chain_checked stays false) are trust anchors for the TSA
 * certificate; intermediates come from the token. The chain is checked at
 * genTime. now is the time a genTime may not exceed (+ TSP_FUTURE_SKEW).
 * COT_OK when the checks ran, whatever they found (r->fail); COT_ENV out
 * of memory.
 */
int tsp_verify(const void *token, size_t token_len, const void *covered, size_t covered_len,
	STACK_OF(X509) *anchors, time_t now, struct tsp_result *r, struct cot_err *err);

/* How to ask a TSA. */
struct tsp_opts {
	const char *url;	 /* http:// or https:// */
	STACK_OF(X509) *anchors; /* the TSA's trust anchors, or NULL (borrowed) */
	struct http_opts http;	 /* timeouts, retries, cacert; allow_http and max_body are set
				    by tsp_fetch (max_body: TSP_MAX_RESPONSE when 0) */
};

/*
 * Asks o->url for a timestamp over covered: a TimeStampReq with the SHA-256
 * imprint of covered, a random 64-bit nonce and certReq, POSTed as
 * TSP_CONTENT_TYPE. The answer must be a DER TimeStampResp of at most
 * max_body bytes, status granted (or grantedWithMods), with a token whose
 * nonce is the request's, and which tsp_verify accepts (with o->anchors, at
 * now). Only then *token (DER, the caller's: OPENSSL_free) is set; r says
 * what tsp_verify found (also on failure, when it ran).
 * COT_USAGE: a URL not accepted. COT_ENV: the network, an HTTP error, an
 * answer that is not a TimeStampResp, a rejection (with the TSA's status
 * text), a nonce that differs, a token tsp_verify refuses (with its reason).
 */
int tsp_fetch(const struct tsp_opts *o, const void *covered, size_t covered_len, time_t now,
	unsigned char **token, size_t *token_len, struct tsp_result *r, struct cot_err *err);

/*
 * Reads a TimeStampResp (DER, at most TSP_MAX_RESPONSE bytes) and checks it
 * answers a request with nonce (DER INTEGER content bytes, big-endian):
 * status granted, a token present, that nonce. *token is its DER (the
 * caller's: OPENSSL_free). COT_ENV with the reason otherwise. tsp_fetch's
 * reader, exposed for the fuzzer.
 */
int tsp_read_response(const void *data, size_t len, const unsigned char *nonce, size_t nonce_len,
	unsigned char **token, size_t *token_len, struct cot_err *err);

/*
 * B-T for a CAdES signature: takes the signature value of sig (DER CMS
 * SignedData, one SignerInfo), asks o for a token over it (tsp_fetch), and
 * embeds it (cades_add_timestamp). *out is the new signature (the caller's:
 * OPENSSL_free). Errors as tsp_fetch's; COT_USAGE for a sig that cades
 * cannot read.
 */
int tsp_stamp_cades(const struct tsp_opts *o, const unsigned char *sig, size_t sig_len, time_t now,
	unsigned char **out, size_t *out_len, struct tsp_result *r, struct cot_err *err);

#endif
