/* The authority's whitelist: whitelist.xml, its signature, its history, and the organisations'
 * check. */
#ifndef COT_WHITELIST_H
#define COT_WHITELIST_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <jansson.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/ident.h"

/*
 * whitelist.xml (schema templates/whitelist.xsd, whose rules the reader checks):
 *
 *   <whitelist xmlns="urn:be:belrai:cot:whitelist:1" version="1"
 *              sequence="12" issued="2026-11-22T10:00:00Z"
 *              next-update="2026-12-23T10:00:00Z">      optional, set by sign
 *     <organisation kbo="0809394427" since="2026-01-12">
 *       <name>eHealth-platform</name>
 *       <nihii>71089815</nihii>          optional
 *       <bundle>…64 hex…</bundle>         optional: SHA-256 of the bundle
 *     </organisation>
 *     <software product="CareSoft" version="4.2" vendor="0809394427"
 *               since="2026-02-01">           the recognised software, after
 *       <bundle>…64 hex…</bundle>         the organisations; optional bundle:
 *     </software>                         the vendor's verified request
 *   </whitelist>
 *
 * Beyond the schema: every KBO passes its check digits and the organisations
 * come in strictly ascending KBO order (so no KBO twice); the software comes
 * in strictly ascending (product, version) order, compared bytewise (so no
 * product and version twice). Beside the file:
 *   PATH.p7s            detached CMS signature (DER, SHA-256, signer + chain)
 *   PATH.history        its history: a journal (cot/journal.h), hash-chained
 *   PATH.history.head   the history's head
 *   PATH.lock           held during every change
 */
#define WHITELIST_NS "urn:be:belrai:cot:whitelist:1"
#define WHITELIST_MAX ((size_t)32 << 20)    /* the largest whitelist read or fetched */
#define WHITELIST_SIG_MAX ((size_t)1 << 20) /* the largest signature read or fetched */
#define WHITELIST_NAME_MAX 256		    /* characters of an organisation's name */
#define WHITELIST_VALID_DAYS 31		    /* sign: next-update this many days on, by default */
#define WHITELIST_VALID_MAX_DAYS 366
#define WHITELIST_PRODUCT_MAX 128 /* characters of a product's name or version */

struct wl_org {
	char kbo[KBO_LEN + 1];	       /* canonical digits */
	char since[11];		       /* YYYY-MM-DD: admitted on */
	char *name;		       /* UTF-8, the owner's */
	char nihii[NIHII_ORG_LEN + 1]; /* "" when none */
	char bundle[65];	       /* lowercase hex SHA-256, "" when none */
};

/* A recognised software package: a product's version, admitted on a vendor's request. */
struct wl_software {
	char *product;		  /* UTF-8, no markup or control characters */
	char *version;		  /* the same */
	char vendor[KBO_LEN + 1]; /* the vendor's KBO, canonical */
	char since[11];		  /* YYYY-MM-DD */
	char bundle[65];	  /* SHA-256 of the vendor's request, "" when none */
};

struct whitelist {
	unsigned long long sequence; /* 0: a new list never written */
	char issued[21];	     /* YYYY-MM-DDTHH:MM:SSZ; "" for a new list */
	struct wl_org *v;	     /* ascending by kbo */
	size_t n, alloc;
	struct wl_software *sw; /* ascending by product, then version */
	size_t nsw, swalloc;
	char next_update[21]; /* YYYY-MM-DDTHH:MM:SSZ: replaced by then; "" none */
};

void whitelist_init(struct whitelist *wl);
void whitelist_release(struct whitelist *wl);

/* ---- Reading (untrusted bytes) ------------------------------------------------ */

/*
 * Parses a whole whitelist and validates it against the schema and the rules
 * above, into wl (initialised, empty). The bytes are parsed with libxml2's
 * SAX2 parser, and the schema's rules checked by the reader itself as they
 * stream by (deciding every case as libxml2's schema validator does, at a
 * fraction of its cost): no tree, no network (XML_PARSE_NONET), no DTD
 * loading, no entity substitution; a document with a DOCTYPE (an internal or
 * external subset) is refused as soon as it is met.
 * name is used in messages: COT_USAGE "NAME:LINE:COL: reason" for anything
 * malformed or invalid (wl is then left empty); COT_ENV out of memory.
 */
int whitelist_parse(
	const char *name, const void *data, size_t len, struct whitelist *wl, struct cot_err *err);

struct wl_lookup {
	bool found;
	struct wl_org org; /* when found; release with wl_lookup_release */
	/* a software lookup (product not NULL): found when a version matched */
	struct wl_software sw;	     /* the match: the version asked, or the latest listed */
	size_t versions;	     /* versions of the product listed */
	unsigned long long sequence; /* of the list */
	char issued[21];
	size_t scanned;	      /* organisations in the list */
	char next_update[21]; /* "" when the list has none */
};

/*
 * Looks kbo (canonical) up with the same reader and checks, keeping only the
 * match: the whole list is always read, so that an answer, "listed" as much
 * as "not listed", only ever comes from a whole list that passed every check
 * (a truncated list, or one with a KBO twice, answers nothing, not even for
 * an organisation before the fault). Errors as whitelist_parse.
 */
int whitelist_lookup(const char *name, const void *data, size_t len, const char *kbo,
	struct wl_lookup *out, struct cot_err *err);

/*
 * What a software lookup asks: product (exact, bytewise) and version (NULL: any, then
 * found names the last version in the list's order).
 */
struct wl_query {
	const char *kbo;     /* an organisation, or */
	const char *product; /* a software package */
	const char *version;
};
void wl_lookup_release(struct wl_lookup *l);

/*
 * Where a list's bytes come from, for reading one without holding it whole:
 * read puts up to len bytes into buf and returns how many, 0 at the end, or
 * -1 with err set (its code is the lookup's).
 */
struct wl_source {
	int (*read)(void *ctx, char *buf, int len, struct cot_err *err);
	void *ctx;
};

/*
 * whitelist_lookup reading src to its end (or to the first fault): the
 * parser's own buffer is the only copy of the bytes, and what read handed
 * over is exactly what was parsed. More than WHITELIST_MAX bytes is
 * COT_USAGE.
 */
int whitelist_lookup_from(const char *name, const struct wl_source *src, const char *kbo,
	struct wl_lookup *out, struct cot_err *err);

/* The same for q: an organisation (q->kbo) or a software package (q->product). */
int whitelist_query_from(const char *name, const struct wl_source *src, const struct wl_query *q,
	struct wl_lookup *out, struct cot_err *err);

/* ---- Writing -------------------------------------------------------------------- */

/* The canonical XML of wl (UTF-8, two-space indent); *out is the caller's. */
int whitelist_render(const struct whitelist *wl, char **out, size_t *len, struct cot_err *err);

enum wl_export { WL_EXPORT_CSV, WL_EXPORT_JSON, WL_EXPORT_XML };

/*
 * wl as CSV (RFC 4180: header kbo,name,nihii,since,bundle,kind,product,version,vendor;
 * CRLF; the organisations first, kind "organisation", product, version and vendor empty;
 * then the software, kind "software", kbo, name and nihii empty, since and bundle its own;
 * a name, product or version that a spreadsheet would take for a formula, starting with
 * = + - @ tab or CR, gets a leading '), JSON (schema cot.whitelist/1) or the canonical XML.
 */
int whitelist_export(
	const struct whitelist *wl, enum wl_export f, char **out, size_t *len, struct cot_err *err);

/* ---- Signatures ---------------------------------------------------------------- */

/*
 * A detached CMS SignedData over data: DER, one signer (cert, key), SHA-256,
 * signed attributes (content type, signing time, digest), the signer's
 * certificate and chain included. *der is the caller's (OPENSSL_free).
 */
int whitelist_sig_make(const void *data, size_t len, EVP_PKEY *key, X509 *cert,
	STACK_OF(X509) *chain, unsigned char **der, size_t *derlen, struct cot_err *err);

struct wl_signer {
	char subject[512];    /* RFC 2253, one line */
	char fingerprint[65]; /* SHA-256 of the certificate, lowercase hex */
};

/*
 * Verifies a detached DER signature over data: exactly one signer, SHA-256,
 * the signature and the content digest, then the signer's certificate up to
 * one of anchors at time at (certificates in the signature serve as
 * intermediates; an anchor may be the signer's own certificate or a CA that
 * is not self-signed). anchors NULL skips the chain (the signature and the
 * digest only: whether a signature matches the list, for showing it). who
 * (may be NULL) is filled on success.
 * COT_OK; COT_FINDINGS: it does not verify (the reason: content changed,
 * wrong digest, not trusted …); COT_USAGE: not a DER CMS SignedData.
 */
int whitelist_sig_verify(const void *data, size_t len, const void *sig, size_t siglen,
	STACK_OF(X509) *anchors, time_t at, struct wl_signer *who, struct cot_err *err);

/*
 * The same verification, for content that streams by: begin checks the
 * signature's form, its signer and the signature over its signed attributes;
 * update takes the content's bytes, in order; end compares their digest and
 * verifies the chain as whitelist_sig_verify does. release in every case,
 * after begin whatever it returned.
 */
struct wl_sig_check {
	CMS_ContentInfo *cms;
	BIO *digest; /* the content's digest, written through to nowhere */
	bool failed; /* update could not take bytes (out of memory) */
};

int whitelist_sig_begin(
	const void *sig, size_t siglen, struct wl_sig_check *v, struct cot_err *err);
int whitelist_sig_update(struct wl_sig_check *v, const void *data, size_t len);
int whitelist_sig_end(struct wl_sig_check *v, STACK_OF(X509) *anchors, time_t at,
	struct wl_signer *who, struct cot_err *err);
void whitelist_sig_release(struct wl_sig_check *v);

/* ---- The authority's changes ---------------------------------------------------- */

/* What a change did, for the command to tell. */
struct wl_change {
	unsigned long long sequence; /* the sequence written */
	size_t count;		     /* organisations after the change */
	bool created;		     /* the whitelist did not exist before */
	bool signature_removed;	     /* PATH.p7s was there and is gone (it no longer matches) */
	bool unrecorded;	     /* a change made without a history record was found and
					recorded first (see below); set when the change then
					fails too, for the record stays */
	struct wl_org org;	     /* remove: the organisation removed (the caller releases
					org.name with free) */
	struct wl_software sw;	     /* remove --software: the version removed (the caller
					releases it with wl_software_release) */
};

/*
 * Loads the whitelist at path (at most WHITELIST_MAX bytes). A missing file is
 * COT_USAGE "no whitelist at 'PATH'".
 */
int whitelist_load(const char *path, struct whitelist *wl, struct cot_err *err);

/*
 * Adds org (its name is copied) to the whitelist at path; a missing file is a
 * new, empty list. Every change runs the same way, under PATH.lock:
 *  1. load and validate the list; verify the history's chain (a broken one is
 *     COT_FINDINGS and nothing is changed); when the list's bytes are not the
 *     ones the history's last record names (a change whose record a crash
 *     lost, or a list edited by hand), append an "unrecorded" record first;
 *  2. apply the change in memory; sequence + 1; issued = now;
 *  3. remove PATH.p7s (a signature never outlives the bytes it signed);
 *  4. write the new list atomically (fs_write_atomic, mode 0644);
 *  5. append the history record (event "add" / "remove", with the
 *     organisation, sequence, the SHA-256 of the new list, the actor).
 * When 3, 4 or 5 fails, what was done is undone (the old list and signature
 * are written back) so that the list, its signature and its history are as
 * before; COT_ENV then. A kill -9 between 4 and 5 is caught by step 1 of the
 * next change.
 * COT_USAGE: invalid org (KBO, NIHII, name, date, digest); COT_FINDINGS: the
 * KBO is listed already; COT_ENV: lock held, I/O.
 */
int whitelist_add(
	const char *path, const struct wl_org *org, struct wl_change *out, struct cot_err *err);

struct verify_policy;

/*
 * The organisation a submitted bundle describes, for add --bundle: runs every
 * check of cot verify (verify_file) with anchors and policy (the trusted
 * requirement sets and the register, cot/policy.h; may be NULL) at now, and
 * takes kbo, name (the caller's, to free), nihii and bundle (the container's
 * SHA-256) from its submission.xml only when the verdict is TOTAL-PASSED: so
 * only a KBO the signer's certificate proves (a CBE certificate), or that the
 * register binds to the NIHII it proves. The NIHII is taken only when proven
 * too (signer-identifier passed without a warning). COT_FINDINGS with the
 * verdict and the checks that did not pass otherwise (no anchors gives
 * INDETERMINATE); COT_USAGE when the file cannot be read.
 */
int whitelist_org_from_bundle(const char *path, STACK_OF(X509) *anchors,
	const struct verify_policy *policy, time_t now, struct wl_org *out, struct cot_err *err);

/*
 * Adds a software package, as whitelist_add: COT_USAGE for an invalid one (product or
 * version empty, over WHITELIST_PRODUCT_MAX characters, or holding markup or control
 * characters; vendor KBO, date, digest), COT_FINDINGS when that product and version are
 * listed already.
 */
int whitelist_add_software(
	const char *path, const struct wl_software *sw, struct wl_change *out, struct cot_err *err);

/* Whether s (UTF-8) may be a product's name or version on the list; why (len bytes) if not. */
bool whitelist_product_ok(const char *s, char *why, size_t len);

struct kmehr_schema;

/*
 * The software a vendor's request describes, for add --software --bundle: as
 * whitelist_org_from_bundle, with kmehr the schema its samples are checked against, and only
 * from a vendor's request (kind vendor) that is TOTAL-PASSED: product, version (the caller's,
 * to free with wl_software_release), vendor KBO, bundle.
 */
int whitelist_software_from_bundle(const char *path, STACK_OF(X509) *anchors,
	const struct verify_policy *policy, const struct kmehr_schema *kmehr, time_t now,
	struct wl_software *out, struct cot_err *err);

void wl_software_release(struct wl_software *sw);

/* Removes kbo with reason (recorded); COT_FINDINGS when it is not listed. As add. */
int whitelist_remove(const char *path, const char *kbo, const char *reason, struct wl_change *out,
	struct cot_err *err);

/*
 * Removes one version of a software package (product and version exact, bytewise) with
 * reason (recorded, event "remove-software"); COT_FINDINGS when it is not listed. As add.
 */
int whitelist_remove_software(const char *path, const char *product, const char *version,
	const char *reason, struct wl_change *out, struct cot_err *err);

/*
 * Signs the list at path (which must be valid) with key and cert (chain: the
 * intermediates to include): first sets the list's next-update to now plus
 * valid_days (1 to WHITELIST_VALID_MAX_DAYS; the list is rewritten atomically
 * when that changes it), then writes PATH.p7s atomically (0644), verifies it
 * against cert itself, and appends a "sign" record (sequence, SHA-256 of the
 * list, next-update, signer subject and fingerprint). A certificate outside
 * its validity period at now is COT_USAGE. On failure the old list and
 * signature are put back.
 */
int whitelist_sign(const char *path, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *chain, time_t now,
	int valid_days, struct wl_signer *who, unsigned long long *sequence, struct cot_err *err);

/* ---- The organisations' check --------------------------------------------------- */

struct project;

struct wl_check_opts {
	const char *kbo;	 /* canonical */
	const char *product;	 /* instead of kbo: is this software recognised? */
	const char *version;	 /* with product: this version (NULL: any) */
	const char *url;	 /* https:// source, or */
	const char *file;	 /* a local file */
	const char *cacert;	 /* a private CA for the HTTPS server, or NULL */
	STACK_OF(X509) *anchors; /* NULL or empty: the signature is not checked */
	bool offline;		 /* url: the cached copy only */
	long connect_timeout;	 /* seconds; 0: the http module's default */
	long timeout;
};

struct wl_check {
	bool listed;
	struct wl_lookup hit;	 /* the list's sequence and issue time, the organisation */
	char source[2048];	 /* the URL or file the answer comes from */
	bool from_cache;	 /* --offline: the cached copy */
	bool revalidated;	 /* the server said 304: the cached copy is current */
	time_t fetched;		 /* when the copy used was downloaded (URL sources) */
	bool verified;		 /* the signature was checked and holds */
	struct wl_signer signer; /* when verified */
	char warning[1200];	 /* "" or why the cache could not be updated (the answer
				    stands) */
};

void wl_check_init(struct wl_check *c);
void wl_check_release(struct wl_check *c);

/*
 * Finds out whether o->kbo is on the whitelist.
 * A file is read (at most WHITELIST_MAX bytes), with PATH.p7s when anchors
 * are given. A URL is fetched with the http module (https only; WHITELIST_MAX;
 * URL + ".p7s" for the signature when anchors are given); in a project (p not
 * NULL) the copy is cached in .cot/cache/ (whitelist.xml, whitelist.xml.p7s,
 * whitelist.json with the URL, ETag, Last-Modified and fetch time) and
 * revalidated with If-None-Match / If-Modified-Since; the cache is written
 * atomically under the project lock and only with a copy that passed every
 * check (the metadata keeps its sequence too). A fetched list whose sequence
 * is lower than the cached copy's is refused (a rollback) and the cache kept.
 * offline uses that cache alone (a URL is then required only to match it).
 * With anchors, a missing or bad signature is a failure.
 *
 * COT_OK: the answer is in c (listed or not). COT_USAGE: an argument is wrong
 * (not https, unreadable cacert, both or neither of url and file, offline
 * outside a project). COT_ENV: it could not find out (network, a missing
 * file, an oversized, truncated, malformed or invalid list, a missing or bad
 * signature, a rollback, no cached copy, the lock, a list past its
 * next-update, a signature checked on a list without next-update); err says
 * why. Nothing is changed on failure (a copy past its next-update may have
 * been cached: every use checks it again).
 */
int whitelist_check(const struct project *p, const struct wl_check_opts *o, struct wl_check *c,
	struct cot_err *err);

/*
 * Records c as the project's last check (.cot/cache/whitelist-check.json,
 * atomically, under the project lock), for cot status.
 */
int whitelist_check_save(
	const struct project *p, const struct wl_check *c, time_t now, struct cot_err *err);

/*
 * The project's last check as a JSON object {kbo, listed, checked, source,
 * from_cache, fetched, sequence, issued, verified, since, name} (listed ones
 * only have since and name), or NULL when none was recorded. *out is the
 * caller's (json_decref). An unreadable record is COT_USAGE.
 */
int whitelist_check_load(const struct project *p, json_t **out, struct cot_err *err);

#endif
