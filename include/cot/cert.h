/* Certificates: PEM, DER and PKCS#12 loading, eHealth subjects, inspection, checks, chains. */
#ifndef COT_CERT_H
#define COT_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"

/* The largest certificate, chain, anchor or keystore file cot reads. */
#define CERT_MAX_FILE ((size_t)1 << 20)

/* eHealth accepts a renewal only in the last 90 days before expiry. */
#define CERT_RENEWAL_DAYS 90

/* ---- Loading ------------------------------------------------------------- */

enum cert_format {
	CERT_FORMAT_UNKNOWN = 0,
	CERT_FORMAT_PEM,    /* one or several blocks; text around them is ignored */
	CERT_FORMAT_DER,    /* one certificate */
	CERT_FORMAT_PKCS12, /* .p12, .acc-p12, .pfx: detected by content, never by name */
};

/* Flags for cert_load_file and cert_load_mem. */
#define CERT_LOAD_KEY 0x1u /* keep the PKCS#12 entry's private key in bundle->key */

/*
 * What a file holds. After a successful load leaf is set and chain is a
 * (possibly empty) stack; both are the bundle's.
 *
 * PEM and DER, and PKCS#12 without a private key: leaf is the first
 * certificate that is not a CA (or the first certificate when all are CAs),
 * chain the others.
 *
 * PKCS#12 with private keys (eHealth keystores hold two: the authentication
 * key and the encryption "ETK" key):
 *  - the entry is the private key whose friendlyName is "authentication"
 *    (case-insensitive); without one, the only private key; several keys and
 *    none named "authentication" is an error that lists the names found;
 *  - leaf is the certificate bag with the entry's localKeyID, or else the
 *    certificate whose public key matches the entry's key;
 *  - chain is every other certificate (see below: the ETK certificate is
 *    dropped).
 * In all formats the chain leaves out copies of certificates already taken and
 * self-signed certificates with the leaf's subject (the ETK certificate), and
 * is ordered from the leaf's issuer upwards where the issuers are present,
 * then the rest in file order.
 */
struct cert_bundle {
	enum cert_format format;
	X509 *leaf;
	STACK_OF(X509) *chain;
	bool has_private_key; /* private key material seen (PEM key block, PKCS#12 key):
				 callers must never store or send such a file */
	EVP_PKEY *key;	      /* only with CERT_LOAD_KEY and a PKCS#12 entry, else NULL */
	char *entry;	      /* PKCS#12: the entry's friendlyName, NULL when unnamed */
	size_t n_keys;	      /* PKCS#12: private keys in the keystore */
};

void cert_bundle_init(struct cert_bundle *b);
/* Frees everything the bundle holds (the key is freed, which wipes it) and re-inits it. */
void cert_bundle_release(struct cert_bundle *b);

/* The format of data by its content; CERT_FORMAT_UNKNOWN for anything else. */
enum cert_format cert_detect(const void *data, size_t len);

/* Reads at most CERT_MAX_FILE bytes of path and detects their format (e.g. to ask
 * for a password only for a keystore). COT_USAGE when unreadable. */
int cert_detect_file(const char *path, enum cert_format *out, struct cot_err *err);

/* "PEM", "DER", "PKCS#12" or "unknown". */
const char *cert_format_name(enum cert_format f);

/*
 * Loads the certificates of path (at most CERT_MAX_FILE bytes) into out, which
 * must be initialised and empty. password (borrowed; the caller wipes it) is
 * used for PKCS#12 only; NULL and "" both mean an empty password, and both
 * encodings are tried as OpenSSL does. The private key is decrypted to find
 * the entry's certificate and freed at once unless flags has CERT_LOAD_KEY.
 *
 * PKCS#12 files written by Java with the legacy encryption (certificates under
 * pbeWithSHA1And40BitRC2-CBC, keys under 3DES, SHA-1 MAC) need OpenSSL 3's
 * legacy provider: when decrypting fails with the default provider, the loader
 * loads the "legacy" and "default" providers into the default library
 * context, once per process (thread-safe), and retries. They stay loaded.
 *
 * Errors (out is left empty):
 *   COT_USAGE  "wrong password for 'FILE'" (MAC verification failed; nothing else
 *              is said), "'FILE' is empty", "'FILE' is truncated (…)",
 *              "'FILE' is not a certificate or keystore (PEM, DER or PKCS#12)",
 *              no certificate, malformed blocks, several keys without an
 *              "authentication" one, unreadable file
 *   COT_ENV    out of memory; legacy provider needed but not installed
 * Key bytes and passwords never appear in messages; buffers that held them
 * are wiped.
 */
int cert_load_file(const char *path, const char *password, unsigned flags, struct cert_bundle *out,
	struct cot_err *err);

/* Like cert_load_file on bytes in memory; name is used in messages only. */
int cert_load_mem(const char *name, const void *data, size_t len, const char *password,
	unsigned flags, struct cert_bundle *out, struct cot_err *err);

/*
 * Appends the certificates of a trust anchor file (PEM with one or several
 * certificates, or one DER certificate) to anchors, taking new references.
 * A file that holds no certificate, or any private key, is refused (COT_USAGE).
 */
int cert_load_anchors(const char *path, STACK_OF(X509) *anchors, struct cot_err *err);

/* ---- eHealth subjects ---------------------------------------------------- */

/*
 * eHealth builds the subject of an organisation certificate as
 *   CN=<TYPE>=<ID>[, <APPID>], OU=eHealth-platform Belgium, OU=<NAME>,
 *   OU=<TYPE>=<ID>[, OU=<APPID>], O=Federal Government, C=BE
 * (RFC 2253 order; DER order is the reverse).
 */
enum ehealth_id_kind {
	EHEALTH_ID_CBE,	  /* an enterprise number: CBE, CBE-TREAT_CENTER */
	EHEALTH_ID_NIHII, /* a NIHII number: NIHII, NIHII11, NIHII-* */
	EHEALTH_ID_EHP,	  /* an eHealth partner number: digits, no known check */
	EHEALTH_ID_SSIN,  /* a person's national number: digits (check not verified) */
};

struct ehealth_idtype {
	const char *name; /* as eHealth writes it: "NIHII-HOSPITAL" */
	size_t len;	  /* digits of the identifier */
	enum ehealth_id_kind kind;
};

/* The identifier type called name (exact case), or NULL when unknown. */
const struct ehealth_idtype *cert_ehealth_idtype(const char *name);

#define EHEALTH_APPID_MAX 30
#define EHEALTH_VALUE_MAX 256 /* bytes of one attribute value (UTF-8) */

struct ehealth_subject {
	const struct ehealth_idtype *type;     /* NULL when no known type was found */
	char type_name[EHEALTH_VALUE_MAX + 1]; /* as written, also when unknown */
	char id[EHEALTH_VALUE_MAX + 1];	       /* the identifier as written */
	char name[EHEALTH_VALUE_MAX + 1];      /* the organisation name OU; "" when absent */
	char app_id[EHEALTH_APPID_MAX + 1];    /* "" when none */
	bool person;			       /* SSIN, or a serialNumber attribute (eID) */
	bool nihii_mod89; /* the NIHII passes only the unconfirmed modulo-89 check: warn */
};

/*
 * Parses the subject of x as eHealth builds it. The identifier is the OU of
 * the form TYPE=ID with a known TYPE (exactly one); the CN must start with
 * the same TYPE=ID, optionally followed by ", APPID" ([0-9A-Z_-]{1,30}); the
 * name is the OU that is neither "eHealth-platform Belgium", nor the
 * identifier, nor the application id. Without an identifier OU, a
 * serialNumber of 11 digits (eID) gives an SSIN. The identifier must have
 * the type's length in digits; CBE types pass the KBO check, NIHII types the
 * NIHII check (mod 97, or mod 89 with nihii_mod89 set).
 * COT_OK, or COT_FINDINGS with the reason naming what was found (out is
 * filled as far as it was understood).
 */
int cert_ehealth_subject(X509 *x, struct ehealth_subject *out, struct cot_err *err);

/*
 * Matches a parsed subject with an organisation: kbo (any form kbo_parse
 * takes) and nihii (8 digits, or NULL). CBE types compare with the KBO, NIHII
 * types with the NIHII; other types cannot match. COT_OK, or COT_FINDINGS
 * with e.g. "the certificate is for CBE 0809394427, the project is KBO
 * 0566988259"; COT_USAGE when kbo or nihii is itself invalid.
 */
int cert_ehealth_match(
	const struct ehealth_subject *s, const char *kbo, const char *nihii, struct cot_err *err);

/* ---- Inspection ---------------------------------------------------------- */

#define CERT_MAX_EKU 16

struct cert_info {
	char *subject; /* one line, RFC 2253 order and escaping, UTF-8 kept */
	char *issuer;
	char *serial; /* uppercase hex */
	time_t not_before;
	time_t not_after;
	const char *key_type; /* "RSA", "EC", "DSA", "ED25519", … or "unknown" (static) */
	int key_bits;
	const char *sig_alg;		/* long name, e.g. "sha256WithRSAEncryption" (static) */
	bool has_key_usage;		/* the keyUsage extension is present */
	uint32_t key_usage;		/* KU_* bits of <openssl/x509v3.h>; 0 when absent */
	const char *key_usage_names[9]; /* "digitalSignature", "nonRepudiation", … (static) */
	size_t n_key_usage;
	char *ext_key_usage[CERT_MAX_EKU]; /* "clientAuth", "emailProtection", or a dotted OID */
	size_t n_ext_key_usage;
	char fingerprint[96]; /* SHA-256, "4F:F5:…", uppercase */
	char sha256[65];      /* SHA-256, lowercase hex without separators */
	bool self_signed;     /* issuer equals subject and the signature verifies with its key */
	bool ca;	      /* basicConstraints CA (or a v1 self-signed root) */
};

void cert_info_init(struct cert_info *info);
void cert_info_release(struct cert_info *info);

/* Fills info (initialised, empty) from x. COT_ENV on out of memory, COT_USAGE on
 * unreadable validity dates; release info in every case. */
int cert_info_get(X509 *x, struct cert_info *info, struct cot_err *err);

/* ---- Checks -------------------------------------------------------------- */

enum cert_severity {
	CERT_WARNING = 1,
	CERT_ERROR = 2,
};

#define CERT_MAX_FINDINGS 16

/*
 * A finding has a stable id:
 *   cert-expired         error    now >= notAfter
 *   cert-not-yet-valid   error    now < notBefore
 *   cert-renewal-window  error    inside eHealth's 90-day renewal window ("renew now")
 *                        warning  within warn_days of expiry, window not yet open
 *   cert-weak-key        error    RSA or DSA < 2048 bits, EC < 256 bits
 *   cert-weak-signature  error    signed with SHA-1 or MD2/MD4/MD5
 *   cert-key-usage       error    no keyUsage or no digitalSignature
 *                        warning  no nonRepudiation, no keyEncipherment, or an
 *                                 extendedKeyUsage without clientAuth
 *   cert-self-signed     error    the certificate is self-signed
 *   cert-identifier      error    the subject is not a valid eHealth subject
 *                        warning  its NIHII passes only the modulo-89 check
 *   cert-organisation    error    the identifier is not the organisation's
 */
struct cert_finding {
	const char *id; /* static */
	enum cert_severity severity;
	char msg[320];
};

/* Holds no heap memory: needs no release. */
struct cert_findings {
	struct cert_finding item[CERT_MAX_FINDINGS];
	size_t n;
};

struct cert_check_opts {
	time_t now;
	int warn_days;	   /* report expiry this many days ahead; CERT_RENEWAL_DAYS usually,
			      0 or less: no cert-renewal-window finding */
	const char *kbo;   /* the organisation's KBO; NULL: no cert-organisation check */
	const char *nihii; /* its NIHII (8 digits) or NULL */
};

/*
 * Runs every check on x (whose info the caller got from cert_info_get) and
 * replaces the contents of out with the findings, errors and warnings in the
 * order of the table above. Returns COT_FINDINGS when any finding is an error,
 * COT_OK otherwise (warnings only, or none): the command decides what to
 * print and exits 1 on COT_FINDINGS.
 */
int cert_check(X509 *x, const struct cert_info *info, const struct cert_check_opts *opts,
	struct cert_findings *out);

/* ---- Chains -------------------------------------------------------------- */

/*
 * Verifies leaf up to one of the anchors, with untrusted (may be NULL) as
 * intermediate candidates, at time at (e.g. a signing time) rather than now.
 * An anchor need not be self-signed (X509_V_FLAG_PARTIAL_CHAIN): an issuing
 * CA configured alone is trusted. No revocation check, no purpose check.
 * COT_OK; COT_FINDINGS with OpenSSL's reason, the depth and the subject at
 * that depth; COT_USAGE when there is no anchor; COT_ENV out of memory.
 */
int cert_verify_chain_anchors(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *anchors,
	time_t at, struct cot_err *err);

/* The same, and on success *chain (when not NULL) is the chain built, leaf first, anchor last. */
int cert_verify_chain_get(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *anchors, time_t at,
	STACK_OF(X509) **chain, struct cot_err *err);

/* The same with anchors read from files with cert_load_anchors. */
int cert_verify_chain(X509 *leaf, STACK_OF(X509) *untrusted, const char *const *anchor_paths,
	size_t n_anchor_paths, time_t at, struct cot_err *err);

#endif
