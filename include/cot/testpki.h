/*
 * A throwaway test PKI made in memory with OpenSSL, for cot demo and tests:
 * CAs, eHealth-style organisation certificates, PKCS#12 keystores. Its keys
 * are fresh each time and its CAs trusted by nothing: never for real use.
 */
#ifndef COT_TESTPKI_H
#define COT_TESTPKI_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"

#define TESTPKI_KEY_BITS 2048

/*
 * A new RSA key and a CA certificate for it with subject "CN=cn, O=cot test
 * PKI, C=BE", valid from not_before to not_after, signed with SHA-256 by
 * issuer_key (issuer its certificate) or, when issuer is NULL, by itself (a
 * root). basicConstraints CA:TRUE (pathlen 0 for an issued CA), keyUsage
 * keyCertSign and cRLSign, subject and authority key identifiers. *cert and
 * *key are the caller's. COT_ENV when OpenSSL fails.
 */
int testpki_make_ca(const char *cn, X509 *issuer, EVP_PKEY *issuer_key, time_t not_before,
	time_t not_after, X509 **cert, EVP_PKEY **key, struct cot_err *err);

/* An organisation as eHealth names it in a certificate. */
struct testpki_org {
	const char *id_type; /* "CBE", "NIHII-HOSPITAL", … */
	const char *id;	     /* "0566988259" */
	const char *name;    /* upper case, without diacritics: "WZC ZONNEWEIDE" */
	const char *app_id;  /* NULL or "" for none */
	time_t not_before;
	time_t not_after;
};

/*
 * A new RSA key (TESTPKI_KEY_BITS) and a certificate for org issued by ca
 * with ca_key, with the subject eHealth builds (DER order C, O, [OU=APPID,]
 * OU=TYPE=ID, OU=NAME, OU=eHealth-platform Belgium, CN=TYPE=ID[, APPID];
 * UTF8String attributes but C), SHA-256, keyUsage digitalSignature,
 * nonRepudiation and keyEncipherment, extendedKeyUsage clientAuth and
 * emailProtection. *cert and *key are the caller's. COT_USAGE when a field
 * is missing; COT_ENV when OpenSSL fails.
 */
int testpki_make_org(const struct testpki_org *org, X509 *ca, EVP_PKEY *ca_key, X509 **cert,
	EVP_PKEY **key, struct cot_err *err);

/*
 * Writes a new PKCS#12 keystore to path (created with O_EXCL, mode 0600,
 * fsynced: never overwrites) holding key and cert under the friendly name
 * name (e.g. "authentication") and the certificates of chain (may be NULL),
 * encrypted with password by OpenSSL 3's defaults (PBES2 with AES-256-CBC,
 * HMAC-SHA256 MAC). The DER bytes are wiped after writing.
 */
int testpki_write_p12(const char *path, X509 *cert, EVP_PKEY *key, STACK_OF(X509) *chain,
	const char *name, const char *password, struct cot_err *err);

/* Writes cert as a new PEM file (O_EXCL, mode). */
int testpki_write_pem(const char *path, X509 *cert, mode_t mode, struct cot_err *err);

/* Fills out (len >= 2) with len - 1 random lowercase hex digits and a NUL: a password. */
int testpki_password(char *out, size_t len, struct cot_err *err);

#endif
