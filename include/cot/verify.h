/*
 * cot verify: every check of a submitted bundle with a stable id, the
 * verdict in the terms of ETSI EN 319 102-1, many bundles in parallel, and
 * the reports (text, JSON, JUnit, HTML).
 */
#ifndef COT_VERIFY_H
#define COT_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/buf.h"
#include "cot/bundle.h"
#include "cot/exit.h"
#include "cot/kmehr.h"

#define VERIFY_MAX_TOTAL ((uint64_t)8 << 30) /* declared bytes of all entries */
#define VERIFY_MAX_ENTRY ((uint64_t)4 << 30) /* declared bytes of one entry */
#define VERIFY_MAX_RATIO 100		     /* size / compressed size, above 1 MiB */
#define VERIFY_RATIO_FROM ((uint64_t)1 << 20)
#define VERIFY_MAX_LINES 20   /* messages kept per check */
#define VERIFY_MAX_SIGS 16    /* signatures (manifests) in one container */
#define VERIFY_CLOCK_SKEW 300 /* seconds a claimed signing time may lead its proof */

/* The checks, in the order they run and are reported. */
enum vcheck {
	VC_ARCHIVE_FORMAT,    /* archive-format: a zip archive libzip can read */
	VC_ARCHIVE_PREPENDED, /* archive-prepended: no data before the first entry, consistent */
	VC_ARCHIVE_LAYOUT, /* archive-layout: local headers tile the archive, agree with the central
			      directory */
	VC_ARCHIVE_PATHS,  /* archive-paths: no absolute, "..", "\", empty or control-char names */
	VC_ARCHIVE_SYMLINKS,   /* archive-symlinks: no symbolic link entries */
	VC_ARCHIVE_DUPLICATES, /* archive-duplicates: no name twice */
	VC_ARCHIVE_ENCRYPTED,  /* archive-encrypted: no encrypted entry */
	VC_ARCHIVE_LIMITS,     /* archive-limits: entries, sizes, ratios; sizes that lie */
	VC_MIMETYPE,	       /* container-mimetype: "mimetype" first, stored, no extra field */
	VC_MANIFEST,	       /* container-manifest: ASiCManifest present and well-formed */
	VC_REFERENCES,	/* container-references: every reference there, every file referenced */
	VC_DIGESTS,	/* manifest-digests: every digest matches its entry */
	VC_SIG_PRESENT, /* signature-present: the signature the manifest names is there */
	VC_SIG_FORMAT,	/* signature-format: detached CMS SignedData, one signer, its certificate */
	VC_SIG_DIGEST,	/* signature-digest: the signed digest is the manifest's */
	VC_SIG_VALUE,	/* signature-value: the signature verifies with the signer's key */
	VC_SIG_CERT,	/* signature-signing-certificate: the ESS attribute names the signer */
	VC_TIMESTAMP,	/* signature-timestamp: the RFC 3161 token over the signature value */
	VC_SIGNER_CHAIN, /* signer-chain: to the trust anchors, at the proof of existence */
	VC_REVOCATION,	 /* signer-revocation: OCSP or CRLs, at the proof of existence */
	VC_SIG_POLICY,	 /* signature-policy: keys, key usage, subject, digests (policy.h) */
	VC_SIGNING_TIME, /* signing-time: the claimed time before the POE, within validity */
	VC_SUBMISSION,	 /* submission-xml: present, valid against its schema */
	VC_SIGNER_ID,	 /* signer-identifier: the certificate's KBO/NIHII is submission.xml's */
	VC_DOCUMENTS,	 /* route-documents: the route's documents, PDFs, not encrypted */
	VC_ANSWERS,	 /* checklist-answers: valid against the trusted requirement set */
	VC_REQSET,	 /* checklist-requirements: the included set is the trusted one */
	VC_REPORT,	 /* checklist-report: the included report is the one cot renders */
	VC_VENDOR,	 /* vendor-request: KMEHR samples valid, screenshots images (kind vendor) */
	VC_PRIVATE_KEYS, /* private-keys: no private key material in any entry */
	VC_COUNT
};

/* The stable id of a check, e.g. "manifest-digests". */
const char *vcheck_id(enum vcheck c);
/* What it checks, in one line. */
const char *vcheck_title(enum vcheck c);

enum vstatus { VS_PASSED, VS_WARNING, VS_FAILED, VS_INDETERMINATE, VS_SKIPPED };

const char *vstatus_name(enum vstatus s); /* "passed", "warning", ... */

/* ETSI EN 319 102-1 main indications. */
enum indication { IND_TOTAL_PASSED, IND_TOTAL_FAILED, IND_INDETERMINATE };

const char *indication_name(enum indication i); /* "TOTAL-PASSED", … */

struct vresult_check {
	enum vstatus status;
	const char *sub;  /* the sub-indication it gives when failed or indeterminate */
	struct buf lines; /* messages, '\n'-terminated each (at most VERIFY_MAX_LINES) */
	unsigned nlines;
};

/* A data object a signature's manifest references (for the ETSI report). */
struct vsig_ref {
	char *uri;  /* as the manifest says it, raw (escape it for output) */
	int md_nid; /* the digest algorithm (an OpenSSL NID) */
	unsigned char digest[EVP_MAX_MD_SIZE]; /* the digest the manifest gives */
	size_t digest_len;
};

/* One signature of a container (an ASiCManifest and its .p7s, or an XAdES file). */
struct vsig {
	char manifest[256];	/* its manifest entry (printable) */
	char signature[256];	/* its signature entry, "" when there is none */
	char signer[512];	/* the signer's subject, "" when not found */
	char signing_time[21];	/* claimed by the signer, "" when none */
	char level[8];		/* "B-B", "B-T", "B-LT"; "XAdES" (not validated); "" unsigned */
	char poe[21];		/* the proof of existence the chain was judged at */
	const char *poe_source; /* what gives it: "the validation time", … (static) */
	bool countersignature;	/* its manifest covers another signature */
	enum indication ind;	/* this signature's verdict */
	const char *sub;
	enum vcheck check; /* the check that gave it, when not TOTAL-PASSED */
	/* what the ETSI TS 119 102-2 report names; "", false, 0 or NULL when unknown */
	char validated_at[21]; /* the validation time (now, or --at) */
	bool has_manifest_digest;
	unsigned char manifest_sha256[32]; /* of the manifest: the document CAdES signs */
	bool has_sig_digest;
	unsigned char sig_sha256[32]; /* of the signature entry (.p7s) as read */
	unsigned char *cert_der;      /* the signer's certificate, DER (owned, freed with r) */
	size_t cert_der_len;
	bool has_ts;		     /* a signature time-stamp token is there */
	unsigned char ts_sha256[32]; /* of the token */
	char ts_time[21];	     /* its genTime, "" when the token did not verify */
	bool poe_from_ts;	     /* poe is the time-stamp's (B-T) */
	struct vsig_ref *refs;	     /* the manifest's data objects (owned, freed with r) */
	size_t nrefs;
};

struct vresult {
	char *path;
	bool unreadable; /* the file could not be read at all (exit 2) */
	char sha256[65]; /* of the file; "" when unreadable */
	uint64_t size;
	size_t entries;
	struct vresult_check c[VC_COUNT];
	enum indication ind;
	const char *sub; /* NULL with TOTAL-PASSED */
	/* what the bundle says, when it could be read */
	bool has_submission;
	struct submission sub_xml;
	char signer[512];      /* the organisation's signer's subject, "" when none */
	char signing_time[21]; /* "" when none */
	struct vsig *sigs;     /* every signature, in entry order; the verdict is the worst */
	size_t nsigs;
	struct vsig *cur; /* while a signature's checks run: the one notes go to */
};

void vresult_init(struct vresult *r);
void vresult_release(struct vresult *r);

struct verify_opts {
	STACK_OF(X509) *anchors; /* trust anchors (borrowed, read-only); NULL or empty: none */
	time_t now;		 /* the validation time: now, or --at */
	bool at;		 /* now was given (--at): a re-examination, said in the report */
	STACK_OF(X509) *tsa_anchors; /* trust anchors of time-stamping authorities (borrowed);
					NULL or empty: a time-stamp proves nothing */
	bool offline;		     /* revocation from the data a signature carries only */
	const char *cache_dir;	     /* revocation cache (revoc.h); NULL: the user's, "": none */
	/* the requirement sets the authority trusts and its register (cot/policy.h); NULL:
	   none, a checklist is then INDETERMINATE and a KBO only proven by a CBE certificate */
	const struct verify_policy *policy;
	/* the KMEHR schema a vendor's samples are validated against (cot/kmehr.h, borrowed,
	   read-only); NULL: a vendor's request is INDETERMINATE, its samples unchecked */
	const struct kmehr_schema *kmehr;
};

/*
 * Runs every check on the container at path into r (initialised). Nothing
 * is written to disk. Thread-safe: each call owns its objects; anchors are
 * only read. Every signature (ASiCManifest*.xml with its signature*.p7s) is
 * validated on its own into r->sigs; the signature checks of r->c hold the
 * worst of them. The proof of existence (POE) is the validation time
 * (o->now) unless a time-stamp proves an earlier one: a claimed signing time
 * proves nothing. The verdict: the first failed check that makes a bundle
 * TOTAL-FAILED (FORMAT_FAILURE, HASH_FAILURE, SIG_CRYPTO_FAILURE; NOT_YET_VALID
 * and EXPIRED for a claimed signing time outside the certificate's validity)
 * gives it, else the first indeterminate one (SIGNED_DATA_NOT_FOUND for a
 * signed file that is missing, NO_SIGNING_CERTIFICATE_FOUND for an unsigned
 * bundle, CRYPTO_CONSTRAINTS_FAILURE_NO_POE for SHA-1, MD5 or a weak key,
 * NO_CERTIFICATE_CHAIN_FOUND without a trust anchor, OUT_OF_BOUNDS_NO_POE for
 * a certificate not valid at the POE, SIG_CONSTRAINTS_FAILURE for a signer or
 * content that cot's policy refuses), else TOTAL-PASSED.
 */
void verify_file(const char *path, const struct verify_opts *o, struct vresult *r);

/*
 * Loads the libraries verify_file needs (libxml2, ICU, libzip: xml-load.h, icu-load.h,
 * zip-load.h): COT_OK, or
 * COT_ENV naming the one missing. verify_file loads them itself, but can only report a
 * missing one as the bundle's failure: a command calls this first so that it is its error
 * (exit 3). verify_files calls it.
 */
int verify_load(struct cot_err *err);

/* The same on a container in memory (for the fuzzer); name is used in messages. */
void verify_mem(const char *name, const void *data, size_t len, const struct verify_opts *o,
	struct vresult *r);

/*
 * Verifies n files with up to jobs threads; results in input order. COT_ENV when libzip
 * cannot be loaded (zip-load.h), before any file is read. verify_file and verify_mem load
 * it too, but report its absence as the archive-format check failed: call zip_load first.
 */
int verify_files(char *const *paths, size_t n, const struct verify_opts *o, unsigned jobs,
	struct vresult *results, struct cot_err *err);

enum verify_format { VERIFY_TEXT, VERIFY_JSON, VERIFY_JUNIT, VERIFY_HTML, VERIFY_ETSI };

/*
 * Appends the report of n results to out. text: a verdict line per bundle,
 * then (verbose, or for what did not pass) a line per check; json: schema
 * "cot.verify/1"; junit: a test suite per bundle, a test case per check;
 * html: a self-contained page (inline CSS, nothing external); etsi: one
 * ETSI TS 119 102-2 v1.4.1 ValidationReport for all results (verify_render_etsi).
 * COT_ENV when out of memory.
 */
int verify_render(const struct vresult *results, size_t n, enum verify_format fmt, bool verbose,
	bool color, struct buf *out, struct cot_err *err);

/*
 * Appends to out one ValidationReport (ETSI TS 119 102-2 v1.4.1, namespace
 * http://uri.etsi.org/19102/v1.4.1#) for the n results: a SignatureValidationReport
 * per signature, in input order (one for a result without any, with the bundle's
 * verdict), then the SignatureValidationObjects they refer to (signer's
 * certificates, time-stamps, signed data objects). Every value from a bundle is
 * written through esc_xml. No ValidationReportSignature. n must be at least 1 (the
 * XSD wants one SignatureValidationReport). COT_ENV when out of memory.
 */
int verify_render_etsi(
	const struct vresult *results, size_t n, struct buf *out, struct cot_err *err);

#endif
