/*
 * The algorithm and key policy of cot, in one place: what cot cert import,
 * cot bundle and cot verify accept in signatures and certificates.
 *   digests      SHA-224, SHA-256, SHA-384, SHA-512 (and SHA-3); never MD5 or SHA-1
 *   keys         RSA and DSA of 2048 bits or more, EC of 256 bits or more, Ed25519, Ed448
 *   signer       key usage with digitalSignature or nonRepudiation
 *   subject      exactly one CN
 */
#ifndef COT_ALGO_H
#define COT_ALGO_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>

#define ALGO_RSA_MIN 2048
#define ALGO_EC_MIN 256

enum algo_fail {
	ALGO_OK = 0,
	ALGO_WEAK_DIGEST, /* a digest that can be forged: MD5, SHA-1, or one cot does not know */
	ALGO_WEAK_KEY,	  /* a key too short for the algorithm */
	ALGO_KEY_USAGE,	  /* a signer's key usage allows no signing */
	ALGO_SUBJECT,	  /* no CN, or more than one */
};

/* True for a digest (by NID) that signatures may use. */
bool algo_digest_ok(int md_nid);

/*
 * Checks a key: ALGO_OK or ALGO_WEAK_KEY, with why (a line, NUL-terminated,
 * at most len bytes) naming the algorithm and size.
 */
enum algo_fail algo_key(const EVP_PKEY *key, char *why, size_t len);

/*
 * Checks the digest of the signature a CA made on x: ALGO_OK or
 * ALGO_WEAK_DIGEST with why.
 */
enum algo_fail algo_cert_signature(const X509 *x, char *why, size_t len);

/* The signer's key usage: digitalSignature or nonRepudiation (ALGO_KEY_USAGE). */
enum algo_fail algo_signer_usage(X509 *x, char *why, size_t len);

/*
 * Every rule for the certificate that signs a document: its key, its own
 * signature's digest, its key usage, its subject's CN. The first failure,
 * with why; ALGO_OK when none.
 */
enum algo_fail algo_signer(X509 *x, char *why, size_t len);

/*
 * The rules for a CA certificate of a chain (not the trust anchor itself,
 * whose own signature proves nothing): its key and its signature's digest.
 */
enum algo_fail algo_ca(const X509 *x, char *why, size_t len);

#endif
