/* cot verify: every check of a bundle, in order, each with its id, and the ETSI verdict. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <zip.h>
#include "cot-config.h"
#include "cot/asice.h"
#include "cot/cades.h"
#include "cot/cert.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/kmehr.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/algo.h"
#include "cot/blt.h"
#include "cot/revoc.h"
#include "cot/tsp.h"
#include "cot/policy.h"
#include "cot/report.h"
#include "cot/sniff.h"
#include "cot/verify.h"
#include "cot/ydoc.h"
#include "cot/icu-load.h"
#include "cot/xml-load.h"
#include "cot/zip-load.h"

#define FORMAT_FAILURE "FORMAT_FAILURE"
#define HASH_FAILURE "HASH_FAILURE"
#define SIG_CRYPTO_FAILURE "SIG_CRYPTO_FAILURE"
#define NO_SIGNING_CERT "NO_SIGNING_CERTIFICATE_FOUND"
#define NO_CHAIN "NO_CERTIFICATE_CHAIN_FOUND"
#define OUT_OF_BOUNDS "OUT_OF_BOUNDS_NO_POE"
#define CHAIN_GENERAL "CERTIFICATE_CHAIN_GENERAL_FAILURE"
#define SIG_CONSTRAINTS "SIG_CONSTRAINTS_FAILURE"
#define SIGNED_DATA_NOT_FOUND "SIGNED_DATA_NOT_FOUND"
#define CRYPTO_NO_POE "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
#define NOT_YET_VALID "NOT_YET_VALID"
#define EXPIRED "EXPIRED"
#define REVOKED "REVOKED"
#define REVOKED_CA "REVOKED_CA_NO_POE"
#define TRY_LATER "TRY_LATER"
#define CHAIN_CONSTRAINTS "CHAIN_CONSTRAINTS_FAILURE"
#define TIMESTAMP_ORDER "TIMESTAMP_ORDER_FAILURE"

/* Where evidence is looked for when the answers are checked: never anything. */
#define NO_EVIDENCE_ROOT "/proc/self/cot-verify-has-no-evidence"

static const struct {
	const char *id, *title;
} checks[VC_COUNT] = {
	{"archive-format", N_("a zip archive that can be read")},
	{"archive-prepended",
		N_("nothing before the first entry; local and central headers agree")},
	{"archive-layout",
		N_("the local headers tile the archive and agree with the central directory")},
	{"archive-paths", N_("no absolute, '..', backslash, empty or control-character names")},
	{"archive-symlinks", N_("no symbolic links")},
	{"archive-duplicates", N_("no name twice")},
	{"archive-encrypted", N_("no encrypted entries")},
	{"archive-limits",
		N_("entry count, sizes and compression ratios within limits, sizes true")},
	{"container-mimetype", N_("'mimetype' first, stored, no extra field, the ASiC-E type")},
	{"container-manifest", N_("META-INF/ASiCManifest.xml present and well-formed")},
	{"container-references", N_("every referenced file present, every file referenced")},
	{"manifest-digests", N_("every file's SHA-256 equals the manifest's")},
	{"signature-present", N_("the signature the manifest names is in the container")},
	{"signature-format", N_("a detached CMS SignedData with one signer and its certificate")},
	{"signature-digest", N_("the signed message-digest is the manifest's digest")},
	{"signature-value", N_("the signature value verifies with the signer's key")},
	{"signature-signing-certificate",
		N_("the signing-certificate-v2 attribute names the signer")},
	{"signature-timestamp", N_("a signature time-stamp, when there is one, holds and proves "
				   "when the signature existed")},
	{"signer-chain", N_("the signer's certificate chains to a trust anchor at the proof of "
			    "existence")},
	{"signer-revocation", N_("no certificate of the chain was revoked at the proof of "
				 "existence")},
	{"signature-policy", N_("the signer's key, key usage and subject, and every digest, meet "
				"cot's policy")},
	{"signing-time", N_("the claimed signing time is before the proof of existence and within "
			    "the certificate's validity")},
	{"submission-xml", N_("submission.xml present and valid against its schema")},
	{"signer-identifier", N_("the signer's eHealth identifier is the KBO (or NIHII) declared")},
	{"route-documents", N_("the documents the route needs, as PDFs, not encrypted")},
	{"checklist-answers",
		N_("the answers valid against the requirement set the authority trusts")},
	{"checklist-requirements",
		N_("the included requirement set is the trusted set of its id and "
		   "version")},
	{"checklist-report", N_("the included report is the one cot renders from the answers")},
	{"vendor-request", N_("a vendor's KMEHR samples valid against the KMEHR schema, its "
			      "screenshots images")},
	{"private-keys", N_("no private key material anywhere")},
};

const char *vcheck_id(enum vcheck c)
{
	return checks[c].id;
}

const char *vcheck_title(enum vcheck c)
{
	return _(checks[c].title);
}

const char *vstatus_name(enum vstatus s)
{
	static const char *const names[] = {
		"passed", "warning", "failed", "indeterminate", "skipped"};
	return names[s];
}

const char *indication_name(enum indication i)
{
	static const char *const names[] = {"TOTAL-PASSED", "TOTAL-FAILED", "INDETERMINATE"};
	return names[i];
}

void vresult_init(struct vresult *r)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < VC_COUNT; i++)
		r->c[i].lines.max = 64 << 10;
}

void vresult_release(struct vresult *r)
{
	for (size_t i = 0; r->sigs && i < r->nsigs; i++) {
		for (size_t k = 0; k < r->sigs[i].nrefs; k++)
			free(r->sigs[i].refs[k].uri);
		free(r->sigs[i].refs);
		OPENSSL_free(r->sigs[i].cert_der);
	}
	free(r->path);
	free(r->sigs);
	for (int i = 0; i < VC_COUNT; i++)
		buf_release(&r->c[i].lines);
	submission_release(&r->sub_xml);
	vresult_init(r);
}

/* ---- recording what a check found --------------------------------------------------- */

static int rank(enum vstatus s)
{
	static const int ranks[] = {0, 2, 4, 3, 1};
	return ranks[s];
}

/*
 * Makes s printable in place: names in a hostile archive may hold terminal
 * escapes, newlines or invalid UTF-8; each such byte becomes '?'.
 */
static void printable(char *s)
{
	unsigned char *p = (unsigned char *)s;

	while (*p) {
		int n = *p < 0x80	      ? 0
			: (*p & 0xe0) == 0xc0 ? 1
			: (*p & 0xf0) == 0xe0 ? 2
			: (*p & 0xf8) == 0xf0 ? 3
					      : -1;
		bool good = n >= 0 && *p >= 0x20 && *p != 0x7f && !(n == 1 && *p < 0xc2);
		for (int k = 1; good && k <= n; k++)
			good = (p[k] & 0xc0) == 0x80;
		if (!good) {
			*p++ = '?';
			continue;
		}
		p += n + 1;
	}
}

static void vline(struct vresult *r, enum vcheck c, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void vline(struct vresult *r, enum vcheck c, const char *fmt, va_list ap)
{
	struct vresult_check *k = &r->c[c];
	char line[1024];

	if (k->nlines == VERIFY_MAX_LINES)
		buf_addf(&k->lines, "%s\n", _("(more not shown)"));
	if (k->nlines++ >= VERIFY_MAX_LINES)
		return;
	if (r->cur && r->nsigs > 1) {
		const char *who = r->cur->signature[0] ? r->cur->signature : r->cur->manifest;
		size_t n = (size_t)snprintf(line, sizeof(line), "%s: ", who);
		vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	} else {
		vsnprintf(line, sizeof(line), fmt, ap);
	}
	printable(line);
	buf_adds(&k->lines, line);
	buf_adds(&k->lines, "\n");
}

/* A signature's verdict: its first failed check, else its first indeterminate one. */
static void sig_verdict(struct vsig *v, enum vcheck c, enum vstatus s, const char *sub)
{
	if (s == VS_FAILED && v->ind != IND_TOTAL_FAILED) {
		v->ind = IND_TOTAL_FAILED;
		v->sub = sub;
		v->check = c;
	} else if (s == VS_INDETERMINATE && v->ind == IND_TOTAL_PASSED) {
		v->ind = IND_INDETERMINATE;
		v->sub = sub;
		v->check = c;
	}
}

/* Raises check c to status s (never lowers it) and adds a message. */
static void note(struct vresult *r, enum vcheck c, enum vstatus s, const char *sub, const char *fmt,
	...) __attribute__((format(printf, 5, 6)));

static void note(
	struct vresult *r, enum vcheck c, enum vstatus s, const char *sub, const char *fmt, ...)
{
	struct vresult_check *k = &r->c[c];
	va_list ap;

	if (rank(s) > rank(k->status)) {
		k->status = s;
		k->sub = sub;
	}
	if (r->cur)
		sig_verdict(r->cur, c, s, sub);
	va_start(ap, fmt);
	vline(r, c, fmt, ap);
	va_end(ap);
}

/* Marks checks from..to (inclusive) skipped, with why, unless they already say something. */
static void skip(struct vresult *r, enum vcheck from, enum vcheck to, const char *why)
{
	for (int c = from; c <= (int)to; c++)
		if (r->c[c].status == VS_PASSED && !r->c[c].nlines)
			note(r, (enum vcheck)c, VS_SKIPPED, NULL, "%s", why);
}

static bool ok(const struct vresult *r, enum vcheck c)
{
	return r->c[c].status == VS_PASSED || r->c[c].status == VS_WARNING;
}

/* ---- the run ------------------------------------------------------------------------------ */

/* One signature: its manifest, the entries it references, what cades_verify found. */
struct sig {
	long manifest_entry;
	long sig_entry;	   /* its .p7s, or -1 */
	bool xades;	   /* an XAdES signatures*.xml: named, not validated */
	bool loaded;	   /* the manifest was read and parsed */
	bool countersigns; /* the manifest covers another signature */
	unsigned char *manifest;
	size_t manifest_len;
	unsigned char *der; /* the signature, as read */
	size_t der_len;
	struct asice_manifest m;
	long *ref_entry; /* per manifest reference: its entry, or -1 */
	struct cades_result cr;
	struct vsig *out; /* its summary in the result */
};

struct run {
	const struct verify_opts *o;
	struct vresult *r;
	struct asice_archive a;
	struct sniff *sn; /* per entry, once streamed */
	bool *streamed;
	bool *referenced; /* by some manifest */
	bool may_read;	  /* the limits allow decompressing */
	struct sig *sigs;
	size_t nsigs;
	bool has_manifest;	/* some manifest was read */
	struct cades_result cr; /* the organisation's signature (pick_primary) */
	bool has_signer;
};

/* Why the characters of e's name are unsafe (into why), or false: strict UTF-8, no controls. */
static bool utf8_clean(const struct asice_entry *e, char *why, size_t len)
{
	return !asice_name_bad(e->name, e->flags, why, len);
}

/* Why e's name is unsafe (into why, len bytes), or false. */
static bool bad_name(const struct asice_entry *e, char *why, size_t len)
{
	const char *name = e->name, *s = name, *what = NULL;

	if (!name[0])
		what = _("an empty name");
	else if (name[0] == '/' || name[1] == ':')
		what = _("an absolute path");
	else if (strchr(name, '\\'))
		what = _("a backslash");
	else if (!utf8_clean(e, why, len))
		return true;
	while (!what && *s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if ((n == 2 && strncmp(s, "..", 2) == 0) || (n == 1 && s[0] == '.'))
			what = _("a '..' or '.' component");
		else if (n == 0)
			what = _("an empty component ('//')");
		if (!slash)
			break;
		s = slash + 1;
	}
	if (what)
		snprintf(why, len, "%s", what);
	return what != NULL;
}

/* An entry with its name folded (asice_name_fold), to sort names that are one. */
struct folded {
	char *key;
	const struct asice_entry *e;
};

static int by_name(const void *a, const void *b)
{
	const struct folded *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->e->name, y->e->name);
}

static void check_duplicates(struct run *x)
{
	struct folded *v = calloc(x->a.n + 1, sizeof(*v));
	bool oom = !v;

	for (size_t i = 0; !oom && i < x->a.n; i++) {
		v[i].e = &x->a.v[i];
		oom = !(v[i].key = asice_name_fold(x->a.v[i].name));
	}
	if (!oom)
		qsort(v, x->a.n, sizeof(*v), by_name);
	for (size_t i = 1; !oom && i < x->a.n; i++) {
		const char *a = v[i - 1].e->name, *b = v[i].e->name;
		if (strcmp(v[i].key, v[i - 1].key) != 0)
			continue;
		if (strcmp(a, b) != 0)
			note(x->r, VC_ARCHIVE_DUPLICATES, VS_FAILED, FORMAT_FAILURE,
				_("'%s' and '%s' are "
				  "one name to a reader that ignores case or Unicode form"),
				a, b);
		else if (i < 2 || strcmp(v[i - 2].e->name, b) != 0)
			note(x->r, VC_ARCHIVE_DUPLICATES, VS_FAILED, FORMAT_FAILURE,
				_("'%s' is in the archive more than once"), b);
	}
	if (oom) {
		mem_note_failure(); /* the command ends with exit 3, not a finding */
		note(x->r, VC_ARCHIVE_DUPLICATES, VS_FAILED, FORMAT_FAILURE, _("out of memory"));
	}
	for (size_t i = 0; v && i < x->a.n; i++)
		free(v[i].key);
	free(v);
}

static void check_limits(struct run *x)
{
	uint64_t total = 0, size = x->a.file_size;

	for (size_t i = 0; i < x->a.n; i++) {
		const struct asice_entry *e = &x->a.v[i];
		total = total + e->size < total ? UINT64_MAX : total + e->size;
		if (e->size > VERIFY_MAX_ENTRY)
			note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE,
				_("'%s' declares %llu "
				  "bytes (at most %llu)"),
				e->name, (unsigned long long)e->size,
				(unsigned long long)VERIFY_MAX_ENTRY);
		else if (e->size > VERIFY_RATIO_FROM &&
			 e->size / (e->comp_size ? e->comp_size : 1) > VERIFY_MAX_RATIO)
			note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE,
				_("'%s' expands %llu "
				  "times (%llu to %llu bytes; at most %d times): a decompression "
				  "bomb?"),
				e->name,
				(unsigned long long)(e->size / (e->comp_size ? e->comp_size : 1)),
				(unsigned long long)e->comp_size, (unsigned long long)e->size,
				VERIFY_MAX_RATIO);
	}
	if (total > VERIFY_MAX_TOTAL)
		note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE,
			_("the entries declare %llu "
			  "bytes in all (at most %llu)"),
			(unsigned long long)total, (unsigned long long)VERIFY_MAX_TOTAL);
	/* many entries each under VERIFY_RATIO_FROM: the archive's ratio bounds them together */
	else if (total > VERIFY_RATIO_FROM && total / (size ? size : 1) > VERIFY_MAX_RATIO)
		note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE,
			_("the entries declare %llu "
			  "bytes in all from a file of %llu: %llu times (at most %d times): a "
			  "decompression bomb?"),
			(unsigned long long)total, (unsigned long long)size,
			(unsigned long long)(total / (size ? size : 1)), VERIFY_MAX_RATIO);
	x->may_read = ok(x->r, VC_ARCHIVE_LIMITS);
}

static void check_archive(struct run *x)
{
	struct vresult *r = x->r;
	static const unsigned char local[] = {'P', 'K', 3, 4};

	if (x->a.n && (x->a.nhead < 4 || memcmp(x->a.head, local, 4) != 0))
		note(r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE,
			_("the file does not start "
			  "with a zip entry: something (a stub?) comes before the archive"));
	if (x->a.incons[0])
		note(r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE,
			_("libzip finds the headers "
			  "inconsistent: %s"),
			x->a.incons);
	for (size_t i = 0; i < x->a.layout.nissue; i++)
		note(r, VC_ARCHIVE_LAYOUT, VS_FAILED, FORMAT_FAILURE, "%s", x->a.layout.issue[i]);
	if (x->a.layout.total > x->a.layout.nissue)
		note(r, VC_ARCHIVE_LAYOUT, VS_FAILED, FORMAT_FAILURE,
			ngettext("%zu more layout violation", "%zu more layout violations",
				x->a.layout.total - x->a.layout.nissue),
			x->a.layout.total - x->a.layout.nissue);
	if (!x->a.layout.total)
		note(r, VC_ARCHIVE_LAYOUT, VS_PASSED, NULL,
			ngettext("%zu local header tiles the archive up "
				 "to the central directory at %llu",
				"%zu local headers tile the archive up to the "
				"central directory at %llu",
				x->a.layout.nlocal),
			x->a.layout.nlocal, (unsigned long long)x->a.layout.cd_offset);
	for (size_t i = 0; i < x->a.n; i++) {
		const struct asice_entry *e = &x->a.v[i];
		char why[200];
		if (bad_name(e, why, sizeof(why)))
			/* TRANSLATORS: the entry's number, what its name has ("an absolute path",
			   "a backslash", …), its name. */
			note(r, VC_ARCHIVE_PATHS, VS_FAILED, FORMAT_FAILURE,
				_("entry %zu has %s: '%s'"), i + 1, why, e->name);
		if (e->symlink)
			note(r, VC_ARCHIVE_SYMLINKS, VS_FAILED, FORMAT_FAILURE,
				_("'%s' is a symbolic "
				  "link"),
				e->name);
		if (e->encrypted)
			note(r, VC_ARCHIVE_ENCRYPTED, VS_FAILED, FORMAT_FAILURE,
				_("'%s' is encrypted"), e->name);
	}
	check_duplicates(x);
	check_limits(x);
	note(r, VC_ARCHIVE_FORMAT, VS_PASSED, NULL,
		ngettext("%zu entry, %llu bytes", "%zu entries, %llu bytes", x->a.n), x->a.n,
		(unsigned long long)x->a.file_size);
}

/* ---- the container ----------------------------------------------------------------------- */

static void check_mimetype(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	long i = asice_find(&x->a, "mimetype");
	unsigned char *data = NULL;
	size_t len = 0;

	if (i < 0) {
		note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE,
			_("there is no 'mimetype' entry: "
			  "not an ASiC container"));
		return;
	}
	if (!x->may_read) {
		skip(x->r, VC_MIMETYPE, VC_MANIFEST,
			_("the archive is beyond the limits: not "
			  "decompressed"));
		return;
	}
	if (asice_load(&x->a, (size_t)i, 256, &data, &len, &err)) {
		if (err.msg[0])
			note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE,
				_("'mimetype' cannot be "
				  "read: %s"),
				err.msg);
		else
			note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE,
				_("'mimetype' cannot be "
				  "read"));
		return;
	}
	if (len != sizeof(ASICE_MIMETYPE) - 1 || memcmp(data, ASICE_MIMETYPE, len) != 0)
		note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE, _("'mimetype' is not '%s'"),
			ASICE_MIMETYPE);
	else if (i != 0)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL,
			_("'mimetype' is not the first entry (read "
			  "anyway, as other tools write it)"));
	else if (x->a.v[0].method != ZIP_CM_STORE)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL, _("'mimetype' is compressed"));
	else if (x->a.nhead >= 30 && (x->a.head[28] | x->a.head[29]) != 0)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL, _("'mimetype' has an extra field"));
	else
		note(x->r, VC_MIMETYPE, VS_PASSED, NULL, "%s", ASICE_MIMETYPE);
	free(data);
}

/* ---- the signatures -------------------------------------------------------------------- */

/* "META-INF/<prefix>*<suffix>", as EN 319 162-1 names manifests and signatures. */
static bool meta_named(const char *name, const char *prefix, const char *suffix)
{
	size_t n = strlen(name), p = strlen(prefix), s = strlen(suffix);

	return n >= 9 + p + s && strncmp(name, "META-INF/", 9) == 0 &&
	       strncmp(name + 9, prefix, p) == 0 && strcmp(name + n - s, suffix) == 0 &&
	       !strchr(name + 9, '/');
}

static bool is_manifest_name(const char *name)
{
	return meta_named(name, "ASiCManifest", ".xml");
}

/* XAdES signatures of ASiC-E: META-INF/ names holding "signatures", ending in .xml. */
static bool is_xades_name(const char *name)
{
	return strncmp(name, "META-INF/", 9) == 0 && strstr(name + 9, "signatures") &&
	       meta_named(name, "", ".xml");
}

static struct vsig *add_sig(struct run *x, const char *manifest)
{
	struct vresult *r = x->r;
	struct vsig *v = &r->sigs[r->nsigs++];

	memset(v, 0, sizeof(*v));
	snprintf(v->manifest, sizeof(v->manifest), "%s", manifest);
	printable(v->manifest);
	v->ind = IND_TOTAL_PASSED;
	return v;
}

/* Finds every manifest and XAdES signature; more than VERIFY_MAX_SIGS is refused. */
static bool find_signatures(struct run *x)
{
	size_t n = 0;

	for (size_t i = 0; i < x->a.n; i++)
		n += is_manifest_name(x->a.v[i].name) || is_xades_name(x->a.v[i].name);
	if (n > VERIFY_MAX_SIGS) {
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE,
			ngettext("%zu signature (at most %d)", "%zu signatures (at most %d)", n), n,
			VERIFY_MAX_SIGS);
		return false;
	}
	x->sigs = calloc(n + 1, sizeof(*x->sigs));
	x->r->sigs = calloc(n + 1, sizeof(*x->r->sigs));
	if (!x->sigs || !x->r->sigs)
		mem_die();
	for (size_t i = 0; i < x->a.n; i++) {
		struct sig *sg;
		if (!is_manifest_name(x->a.v[i].name) && !is_xades_name(x->a.v[i].name))
			continue;
		sg = &x->sigs[x->nsigs++];
		sg->manifest_entry = (long)i;
		sg->sig_entry = -1;
		sg->xades = is_xades_name(x->a.v[i].name);
		cades_result_init(&sg->cr);
		sg->out = add_sig(x, x->a.v[i].name);
	}
	if (!x->nsigs)
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, _("there is no %s"),
			ASICE_MANIFEST);
	return x->nsigs > 0;
}

static bool load_manifest(struct run *x, struct sig *sg)
{
	struct cot_err err = COT_ERR_INIT;
	const char *name = x->a.v[sg->manifest_entry].name;

	if (asice_load(&x->a, (size_t)sg->manifest_entry, ASICE_MANIFEST_MAX, &sg->manifest,
		    &sg->manifest_len, &err)) {
		if (err.msg[0])
			note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE,
				_("%s cannot be read: %s"), name, err.msg);
		else
			note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, _("%s cannot be read"),
				name);
		return false;
	}
	if (asice_manifest_parse(sg->manifest, sg->manifest_len, &sg->m, &err)) {
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, "%s: %s", name, err.msg);
		return false;
	}
	sg->ref_entry = calloc(sg->m.n + 1, sizeof(*sg->ref_entry));
	if (!sg->ref_entry)
		mem_die();
	note(x->r, VC_MANIFEST, VS_PASSED, NULL,
		ngettext("%s: %zu data object", "%s: %zu data objects", sg->m.n), name, sg->m.n);
	return true;
}

/* A URI of the manifest as an entry name: percent-escapes decoded; NULL when malformed. */
static char *uri_name(const char *uri)
{
	size_t n = strlen(uri);
	char *out = malloc(n + 1), *o = out;

	if (!out)
		return NULL;
	for (const char *p = uri; *p; p++) {
		unsigned v;
		if (*p != '%') {
			*o++ = *p;
			continue;
		}
		if (sscanf(p + 1, "%2x", &v) != 1 || !p[1] || !p[2] || v == 0) {
			free(out);
			return NULL;
		}
		*o++ = (char)v;
		p += 2;
	}
	*o = '\0';
	return out;
}

static long find_uri(const struct run *x, const char *uri)
{
	char *name = uri_name(uri);
	long i = name ? asice_find(&x->a, name) : -1;

	free(name);
	return i;
}

static bool is_meta(const char *name)
{
	return strncmp(name, "META-INF/", 9) == 0;
}

/* Another signature's manifest or signature: what a countersignature may cover. */
static bool other_signature_part(const struct run *x, const struct sig *sg, long i)
{
	for (size_t k = 0; k < x->nsigs; k++)
		if (&x->sigs[k] != sg &&
			(x->sigs[k].manifest_entry == i ||
				(x->sigs[k].m.sig_uri && find_uri(x, x->sigs[k].m.sig_uri) == i)))
			return true;
	return false;
}

static void check_references(struct run *x, struct sig *sg)
{
	struct vresult *r = x->r;

	for (size_t k = 0; k < sg->m.n; k++) {
		long i = find_uri(x, sg->m.refs[k].uri);
		bool seen = false;
		sg->ref_entry[k] = i;
		for (size_t j = 0; i >= 0 && j < k; j++)
			seen = seen || sg->ref_entry[j] == i;
		if (i < 0) {
			note(r, VC_REFERENCES, VS_INDETERMINATE, SIGNED_DATA_NOT_FOUND,
				_("'%s' is in the "
				  "manifest but not in the container"),
				sg->m.refs[k].uri);
		} else if (is_meta(x->a.v[i].name) && other_signature_part(x, sg, i)) {
			sg->countersigns = true;
		} else if (is_meta(x->a.v[i].name) || strcmp(x->a.v[i].name, "mimetype") == 0) {
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE,
				_("the manifest references "
				  "'%s', which is not a data object"),
				x->a.v[i].name);
			sg->ref_entry[k] = -1;
		} else if (seen) {
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE,
				_("'%s' is referenced twice"), x->a.v[i].name);
			sg->ref_entry[k] = -1;
		} else {
			x->referenced[i] = true;
		}
	}
}

/* Every data object is signed by some manifest; what is in META-INF/ and unsigned is said. */
static void check_unreferenced(struct run *x)
{
	struct vresult *r = x->r;

	for (size_t i = 0; i < x->a.n; i++) {
		const char *name = x->a.v[i].name;
		bool sig_part = false;
		for (size_t k = 0; k < x->nsigs; k++)
			sig_part = sig_part || x->sigs[k].manifest_entry == (long)i ||
				   x->sigs[k].sig_entry == (long)i;
		if (x->referenced[i] || x->a.v[i].dir || sig_part || strcmp(name, "mimetype") == 0)
			continue;
		if (is_meta(name))
			note(r, VC_REFERENCES, VS_WARNING, NULL,
				_("'%s' is not covered by a signature"), name);
		else
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE,
				_("'%s' is not in a manifest: "
				  "nothing signs it"),
				name);
	}
	if (!r->c[VC_REFERENCES].nlines)
		note(r, VC_REFERENCES, VS_PASSED, NULL, _("every file referenced"));
}

struct hashing {
	EVP_MD_CTX *md;
	struct sniff *sn;
	unsigned char *pdf; /* a PDF's bytes, kept for the structural pass */
	size_t npdf, cap;
	bool pdf_over; /* larger than SNIFF_PDF_MAX (or no memory): not kept */
	bool pdf_late; /* no "stream" in its first PDF_PROBE bytes: not kept */
};

/* A PDF with no stream keyword in its first MiB (a scan, random bytes) is not kept in memory. */
#define PDF_PROBE ((size_t)1 << 20)

/* Keeps the bytes of a PDF entry, up to SNIFF_PDF_MAX, for sniff_pdf_buffer. */
static void keep_pdf(struct hashing *h, const void *data, size_t len)
{
	if (!len || h->pdf_over || sniff_type(h->sn) != SNIFF_PDF)
		return;
	if (len > SNIFF_PDF_MAX - h->npdf) {
		h->pdf_over = true;
	} else if (h->npdf + len > PDF_PROBE && !h->sn->pdf_streams) {
		h->pdf_over = h->pdf_late = true;
	} else if (h->npdf + len > h->cap) {
		size_t cap = h->cap ? h->cap : (size_t)1 << 16;
		unsigned char *p;
		while (cap < h->npdf + len)
			cap = cap > SNIFF_PDF_MAX / 2 ? (size_t)SNIFF_PDF_MAX : cap * 2;
		if (!(p = realloc(h->pdf, cap)))
			h->pdf_over = true;
		else
			h->pdf = p, h->cap = cap;
	}
	if (h->pdf_over) {
		free(h->pdf);
		h->pdf = NULL;
		h->npdf = h->cap = 0;
		return;
	}
	memcpy(h->pdf + h->npdf, data, len);
	h->npdf += len;
}

static int hash_chunk(const void *data, size_t len, void *arg)
{
	struct hashing *h = arg;
	size_t head = h->sn->nhead;

	if (h->md)
		EVP_DigestUpdate(h->md, data, len);
	sniff_feed(h->sn, data, len);
	if (head < 5 && h->sn->nhead >= 5 && sniff_type(h->sn) == SNIFF_PDF) /* bytes fed before */
		keep_pdf(h, h->sn->head, head);
	keep_pdf(h, data, len);
	return 0;
}

/* The structural pass over a PDF entry: key material or encryption inside it, or why not looked at.
 */
static void look_into_pdf(struct run *x, size_t i, struct hashing *h)
{
	struct sniff_pdf pr;
	struct sniff *sn = &x->sn[i];

	if (sniff_type(sn) != SNIFF_PDF || !sn->pdf_streams)
		return; /* nothing in it but its raw bytes, which were sniffed */
	if (h->pdf_over) {
		note(x->r, VC_PRIVATE_KEYS, VS_WARNING, NULL,
			_("'%s': its streams were not looked into: "
			  "%s"),
			x->a.v[i].name,
			h->pdf_late ? _("the first starts after its first MiB")
				    : _("it is larger than 512 MiB, the bound of the structural "
					"check"));
		return;
	}
	sniff_pdf_buffer(h->pdf, h->npdf, &pr);
	if (pr.secret && !sn->secret)
		sn->secret = pr.secret;
	if (pr.encrypted)
		sn->pdf_encrypted = true;
	if (pr.problem[0])
		note(x->r, VC_PRIVATE_KEYS, VS_WARNING, NULL,
			_("'%s': its streams were not all looked "
			  "into: %s"),
			x->a.v[i].name, pr.problem);
}

/* Streams entry i once: sniffed always (a PDF also parsed), hashed with md when given. */
static bool stream(struct run *x, size_t i, const EVP_MD *md, unsigned char *out, unsigned *outlen)
{
	struct cot_err err = COT_ERR_INIT;
	const struct asice_entry *e = &x->a.v[i];
	struct hashing h = {NULL, &x->sn[i], NULL, 0, 0, false, false};
	int rc;

	if (e->dir || e->symlink || e->encrypted)
		return false;
	if (md && (!(h.md = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(h.md, md, NULL))) {
		EVP_MD_CTX_free(h.md);
		return false;
	}
	sniff_init(&x->sn[i]);
	rc = asice_stream(&x->a, i, VERIFY_MAX_ENTRY, hash_chunk, &h, &err);
	x->streamed[i] = rc == COT_OK;
	if (rc == COT_FINDINGS)
		note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
	else if (rc)
		note(x->r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
	if (!rc && md)
		EVP_DigestFinal_ex(h.md, out, outlen);
	if (!rc)
		look_into_pdf(x, i, &h);
	EVP_MD_CTX_free(h.md);
	free(h.pdf);
	return rc == COT_OK;
}

static void check_digests(struct run *x, struct sig *sg)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	unsigned bad = 0;

	for (size_t k = 0; k < sg->m.n; k++) {
		const struct asice_ref *ref = &sg->m.refs[k];
		long i = sg->ref_entry[k];
		if (i < 0)
			continue;
		if (!stream(x, (size_t)i, ref->md, md, &mdlen)) {
			note(x->r, VC_DIGESTS, VS_FAILED, HASH_FAILURE,
				_("'%s' cannot be read to check "
				  "its digest"),
				ref->uri);
			bad++;
		} else if (mdlen != ref->digest_len || memcmp(md, ref->digest, mdlen) != 0) {
			note(x->r, VC_DIGESTS, VS_FAILED, HASH_FAILURE,
				_("'%s' is not what was signed: "
				  "its digest differs from the manifest's"),
				x->a.v[i].name);
			bad++;
		}
	}
	if (!bad)
		note(x->r, VC_DIGESTS, VS_PASSED, NULL,
			ngettext("%zu digest matches", "%zu digests match", sg->m.n), sg->m.n);
}

/* The entries no manifest hashed are sniffed too: private key material hides anywhere. */
static void sniff_rest(struct run *x)
{
	for (size_t i = 0; i < x->a.n; i++)
		if (!x->streamed[i])
			stream(x, i, NULL, NULL, NULL);
}

static void subject_line(X509 *x, char *out, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	long n;
	char *p;

	out[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, X509_get_subject_name(x), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	n = BIO_get_mem_data(b, &p);
	snprintf(out, len, "%.*s", (int)(n > 0 ? n : 0), p);
	printable(out);
	BIO_free(b);
}

/* A digest as people write it: "SHA256" (OpenSSL's short name) becomes "SHA-256". */
static void digest_label(const char *sn, char *out, size_t len)
{
	if (!sn)
		snprintf(out, len, "?");
	else if (strncmp(sn, "SHA", 3) == 0 && sn[3] >= '1' && sn[3] <= '9' && sn[4] != '-')
		snprintf(out, len, "SHA-%s", sn + 3);
	else
		snprintf(out, len, "%s", sn);
}

/* A key's algorithm as people write it: "RSA", "EC", "Ed25519". */
static const char *key_label(const EVP_PKEY *k)
{
	switch (k ? EVP_PKEY_get_base_id(k) : NID_undef) {
	case EVP_PKEY_RSA:
		return "RSA";
	case EVP_PKEY_RSA_PSS:
		return "RSA-PSS";
	case EVP_PKEY_EC:
		return "EC";
	case EVP_PKEY_DSA:
		return "DSA";
	case EVP_PKEY_ED25519:
		return "Ed25519";
	case EVP_PKEY_ED448:
		return "Ed448";
	default:
		return k ? OBJ_nid2sn(EVP_PKEY_get_base_id(k)) : "?";
	}
}

/* The check where each cades_verify failure is reported. */
static enum vcheck cades_check(enum cades_fail f)
{
	switch (f) {
	case CADES_HASH:
		return VC_SIG_DIGEST;
	case CADES_CRYPTO:
		return VC_SIG_VALUE;
	case CADES_SIGNING_CERT:
		return VC_SIG_CERT;
	default:
		return VC_SIG_FORMAT;
	}
}

static void map_cades(struct run *x, const struct cades_result *c)
{
	static const char *const sub[] = {[CADES_FORMAT] = FORMAT_FAILURE,
		[CADES_WEAK_DIGEST] = CRYPTO_NO_POE,
		[CADES_NO_SIGNER] = NO_SIGNING_CERT,
		[CADES_HASH] = HASH_FAILURE,
		[CADES_CRYPTO] = SIG_CRYPTO_FAILURE,
		[CADES_SIGNING_CERT] = NO_SIGNING_CERT};
	static const char *const passed[] = {N_("a detached CMS SignedData with its signer"),
		N_("the manifest's digest is signed"), N_("the signature value verifies"),
		N_("the signer's certificate is the one named")};
	char md[32];
	enum vcheck at = c->fail ? cades_check(c->fail) : VC_SIG_CERT + 1;

	for (int k = VC_SIG_FORMAT; k <= VC_SIG_CERT; k++) {
		bool total =
			c->fail == CADES_FORMAT || c->fail == CADES_HASH || c->fail == CADES_CRYPTO;
		if ((int)at == k)
			note(x->r, at, total ? VS_FAILED : VS_INDETERMINATE, sub[c->fail], "%s",
				c->why);
		else if (k == VC_SIG_FORMAT && k < (int)at)
			/* TRANSLATORS: the digest and the key's algorithm: "SHA-256 with RSA". */
			note(x->r, VC_SIG_FORMAT, VS_PASSED, NULL,
				_("a detached CMS SignedData with "
				  "its signer, signature algorithm %s with %s"),
				(digest_label(c->digest, md, sizeof(md)), md),
				key_label(c->signer ? X509_get0_pubkey(c->signer) : NULL));
		else if (k < (int)at)
			note(x->r, (enum vcheck)k, VS_PASSED, NULL, "%s",
				_(passed[k - VC_SIG_FORMAT]));
		else
			note(x->r, (enum vcheck)k, VS_SKIPPED, NULL,
				_("not checked: a step before failed"));
	}
}

/* What the ETSI report names of a signature: its manifest's digest and data objects. */
static void record_manifest(struct sig *sg)
{
	struct vsig *v = sg->out;

	SHA256(sg->manifest, sg->manifest_len, v->manifest_sha256);
	v->has_manifest_digest = true;
	if (!(v->refs = calloc(sg->m.n + 1, sizeof(*v->refs))))
		mem_die();
	for (size_t k = 0; k < sg->m.n; k++) {
		const struct asice_ref *ref = &sg->m.refs[k];
		struct vsig_ref *o = &v->refs[v->nrefs++];
		if (!(o->uri = strdup(ref->uri ? ref->uri : "")))
			mem_die();
		o->md_nid = ref->md ? EVP_MD_get_type(ref->md) : NID_undef;
		o->digest_len = ref->digest_len;
		memcpy(o->digest, ref->digest, ref->digest_len);
	}
}

static bool check_signature(struct run *x, struct sig *sg)
{
	struct cot_err err = COT_ERR_INIT;
	long i = find_uri(x, sg->m.sig_uri);
	int n;

	record_manifest(sg);
	if (i < 0 || !meta_named(x->a.v[i].name, "signature", ".p7s")) {
		note(x->r, VC_SIG_PRESENT, VS_INDETERMINATE, NO_SIGNING_CERT,
			_("there is no signature "
			  "'%s': an unsigned container (for review, not a submission)"),
			sg->m.sig_uri);
		return false;
	}
	sg->sig_entry = i;
	snprintf(sg->out->signature, sizeof(sg->out->signature), "%s", x->a.v[i].name);
	printable(sg->out->signature);
	note(x->r, VC_SIG_PRESENT, VS_PASSED, NULL, "%s", x->a.v[i].name);
	if (asice_load(&x->a, (size_t)i, CADES_MAX_DER, &sg->der, &sg->der_len, &err)) {
		note(x->r, VC_SIG_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
		return false;
	}
	SHA256(sg->der, sg->der_len, sg->out->sig_sha256);
	sg->out->has_sig_digest = true;
	cades_verify(sg->der, sg->der_len, sg->manifest, sg->manifest_len, &sg->cr, &err);
	if (sg->cr.signer)
		subject_line(sg->cr.signer, sg->out->signer, sizeof(sg->out->signer));
	if (sg->cr.signer && (n = i2d_X509(sg->cr.signer, &sg->out->cert_der)) > 0)
		sg->out->cert_der_len = (size_t)n;
	if (sg->cr.has_signing_time)
		time_format(sg->cr.signing_time, sg->out->signing_time);
	snprintf(sg->out->level, sizeof(sg->out->level), "B-B");
	map_cades(x, &sg->cr);
	return sg->cr.signer != NULL;
}

/* The signer, its chain's CAs, the signature's digest: cot's policy (policy.h). */
static void check_policy(struct run *x, struct sig *sg, STACK_OF(X509) *chain)
{
	char why[200];
	enum algo_fail f = algo_signer(sg->cr.signer, why, sizeof(why));
	const char *sub =
		f == ALGO_KEY_USAGE || f == ALGO_SUBJECT ? SIG_CONSTRAINTS : CRYPTO_NO_POE;

	bool bad = f != ALGO_OK;
	char md[32];

	if (f)
		note(x->r, VC_SIG_POLICY, VS_INDETERMINATE, sub, _("the signer's certificate: %s"),
			why);
	for (int i = 1; chain && i < sk_X509_num(chain) - 1; i++) {
		char who[256];
		if (!algo_ca(sk_X509_value(chain, i), why, sizeof(why)))
			continue;
		bad = true;
		subject_line(sk_X509_value(chain, i), who, sizeof(who));
		note(x->r, VC_SIG_POLICY, VS_INDETERMINATE, CRYPTO_NO_POE,
			_("the CA certificate "
			  "'%s': %s"),
			who, why);
	}
	if (!bad)
		/* TRANSLATORS: the key's algorithm and size, the digest: "an RSA 3072-bit key
		   and SHA-256". */
		note(x->r, VC_SIG_POLICY, VS_PASSED, NULL,
			_("%s %d-bit key and %s digest, as cot's "
			  "policy requires; every CA signature uses an accepted digest"),
			key_label(X509_get0_pubkey(sg->cr.signer)),
			EVP_PKEY_get_bits(X509_get0_pubkey(sg->cr.signer)),
			(digest_label(sg->cr.digest, md, sizeof(md)), md));
}

/* The signing time the signer claims: before its proof of existence, within validity. */
static void check_signing_time(struct run *x, struct sig *sg, time_t poe)
{
	X509 *s = sg->cr.signer;
	time_t t = sg->cr.signing_time;
	char when[21], proof[21];

	if (!sg->cr.has_signing_time) {
		note(x->r, VC_SIGNING_TIME, VS_PASSED, NULL, _("no signing time is claimed"));
		return;
	}
	time_format(t, when);
	time_format(poe, proof);
	if (t > poe + VERIFY_CLOCK_SKEW)
		note(x->r, VC_SIGNING_TIME, VS_FAILED, FORMAT_FAILURE,
			_("the signature claims to be "
			  "made at %s, after %s, when it is proven to exist (%s): a false claim"),
			when, proof, _(sg->out->poe_source));
	else if (X509_cmp_time(X509_get0_notBefore(s), &t) > 0)
		note(x->r, VC_SIGNING_TIME, VS_FAILED, NOT_YET_VALID,
			_("the claimed signing time %s "
			  "is before the signer's certificate was valid"),
			when);
	else if (X509_cmp_time(X509_get0_notAfter(s), &t) < 0)
		note(x->r, VC_SIGNING_TIME, VS_FAILED, EXPIRED,
			_("the claimed signing time %s is "
			  "after the signer's certificate expired"),
			when);
	else
		note(x->r, VC_SIGNING_TIME, VS_PASSED, NULL,
			_("claimed %s: before %s, within the "
			  "certificate's validity"),
			when, proof);
}

/*
 * The chain, at the proof of existence: the validation time unless a time-stamp proves
 * more. Returns the chain built (leaf first, anchor last; the caller's), or NULL.
 */
static STACK_OF(X509) *check_chain(struct run *x, struct sig *sg, time_t poe)
{
	struct cot_err err = COT_ERR_INIT;
	X509 *s = sg->cr.signer;
	STACK_OF(X509) *chain = NULL;
	char when[21];
	int rc;

	time_format(poe, when);
	if (X509_cmp_time(X509_get0_notBefore(s), &poe) > 0 ||
		X509_cmp_time(X509_get0_notAfter(s), &poe) < 0) {
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, OUT_OF_BOUNDS,
			_("the signer's "
			  "certificate is not valid at %s (%s), and nothing proves the signature "
			  "existed "
			  "while it was"),
			when, _(sg->out->poe_source));
		check_policy(x, sg, NULL);
		return NULL;
	}
	if (!x->o->anchors || !sk_X509_num(x->o->anchors)) {
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, NO_CHAIN,
			_("no trust anchor to check "
			  "the chain with (give --trust)"));
		check_policy(x, sg, NULL);
		return NULL;
	}
	rc = cert_verify_chain_get(s, sg->cr.certs, x->o->anchors, poe, &chain, &err);
	if (rc == COT_FINDINGS || rc == COT_USAGE)
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, NO_CHAIN, "%s", err.msg);
	else if (rc)
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, CHAIN_GENERAL, "%s", err.msg);
	else
		note(x->r, VC_SIGNER_CHAIN, VS_PASSED, NULL,
			_("chains to a trust anchor at %s (%s)"), when, _(sg->out->poe_source));
	check_policy(x, sg, chain);
	return chain;
}

/* ---- time-stamps and revocation ------------------------------------------------------------- */

static void map_tsp(struct run *x, const struct tsp_result *t)
{
	static const struct {
		enum vstatus status;
		const char *sub;
	} map[] = {
		[TSP_FORMAT] = {VS_FAILED, FORMAT_FAILURE},
		[TSP_NO_SIGNER] = {VS_INDETERMINATE, NO_SIGNING_CERT},
		[TSP_SIGNATURE] = {VS_FAILED, SIG_CRYPTO_FAILURE},
		[TSP_SIGNING_CERT] = {VS_INDETERMINATE, NO_SIGNING_CERT},
		[TSP_USAGE] = {VS_INDETERMINATE, CHAIN_CONSTRAINTS},
		[TSP_IMPRINT] = {VS_FAILED, HASH_FAILURE},
		[TSP_FUTURE] = {VS_INDETERMINATE, TIMESTAMP_ORDER},
		[TSP_CHAIN] = {VS_INDETERMINATE, NO_CHAIN},
	};

	if (t->tsa[0])
		note(x->r, VC_TIMESTAMP, map[t->fail].status, map[t->fail].sub,
			_("the signature "
			  "time-stamp of '%s': %s"),
			t->tsa, t->why);
	else
		note(x->r, VC_TIMESTAMP, map[t->fail].status, map[t->fail].sub,
			_("the signature "
			  "time-stamp: %s"),
			t->why);
}

/* What the ETSI report names of a time-stamp token that tsp_verify could read. */
static void record_timestamp(
	struct vsig *v, const unsigned char *token, size_t len, const struct tsp_result *t)
{
	v->has_ts = true;
	SHA256(token, len, v->ts_sha256);
	if (!t->fail && t->has_time)
		time_format(t->gen_time, v->ts_time);
}

/*
 * The signature time-stamp (B-T): when it holds and its TSA chains to a TSA anchor, its
 * time is the proof of existence; otherwise the validation time stays the proof.
 */
static time_t check_timestamp(struct run *x, struct sig *sg)
{
	struct cot_err err = COT_ERR_INIT;
	struct tsp_result t;
	unsigned char *token = NULL, *value = NULL;
	size_t tlen = 0, vlen = 0;
	time_t poe = x->o->now;
	char when[21];

	tsp_result_init(&t);
	if (cades_get_timestamp(sg->der, sg->der_len, &token, &tlen, &value, &vlen, &err))
		note(x->r, VC_TIMESTAMP, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
	else if (!token)
		note(x->r, VC_TIMESTAMP, VS_WARNING, NULL,
			_("no signature time-stamp (B-B): the proof "
			  "of existence is %s"),
			_(sg->out->poe_source));
	else if (tsp_verify(token, tlen, value, vlen, x->o->tsa_anchors, clock_now(), &t, &err))
		note(x->r, VC_TIMESTAMP, VS_INDETERMINATE, CHAIN_GENERAL, "%s", err.msg);
	else if (record_timestamp(sg->out, token, tlen, &t), t.fail)
		map_tsp(x, &t);
	else if (time_format(t.gen_time, when), !t.chain_checked)
		note(x->r, VC_TIMESTAMP, VS_WARNING, NULL,
			_("the time-stamp of '%s' at %s is not "
			  "proof: no TSA trust anchor to check it with (give --tsa-trust)"),
			t.tsa, when);
	else if (t.gen_time > x->o->now)
		note(x->r, VC_TIMESTAMP, VS_WARNING, NULL,
			_("the time-stamp of '%s' at %s is after "
			  "the validation time: it proves nothing then"),
			t.tsa, when);
	else {
		poe = t.gen_time;
		sg->out->poe_from_ts = true;
		sg->out->poe_source = N_("the signature time-stamp");
		snprintf(sg->out->level, sizeof(sg->out->level), "B-T");
		note(x->r, VC_TIMESTAMP, VS_PASSED, NULL, _("time-stamped at %s by '%s' (%s)"),
			when, t.tsa, t.digest ? t.digest : "?");
	}
	OPENSSL_free(token);
	OPENSSL_free(value);
	time_format(poe, sg->out->poe);
	return poe;
}

/* True when x names where its revocation status is published (OCSP in the AIA, or a CDP). */
static bool names_revocation(X509 *c)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(c, NID_info_access, NULL, NULL);
	CRL_DIST_POINTS *cdp = X509_get_ext_d2i(c, NID_crl_distribution_points, NULL, NULL);
	bool ocsp = false, any;

	for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia); i++)
		ocsp = ocsp ||
		       OBJ_obj2nid(sk_ACCESS_DESCRIPTION_value(aia, i)->method) == NID_ad_OCSP;
	any = ocsp || (cdp && sk_DIST_POINT_num(cdp) > 0);
	AUTHORITY_INFO_ACCESS_free(aia);
	CRL_DIST_POINTS_free(cdp);
	return any;
}

/* The CRLs a signature carries (B-LT), given to the revocation session. */
static void give_embedded(struct sig *sg, struct revoc *rv)
{
	const unsigned char *p = sg->der;
	CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, (long)sg->der_len);
	STACK_OF(X509_CRL) *crls = cms ? CMS_get1_crls(cms) : NULL;
	struct cot_err err = COT_ERR_INIT;

	for (int i = 0; crls && i < sk_X509_CRL_num(crls); i++) {
		unsigned char *der = NULL;
		int n = i2d_X509_CRL(sk_X509_CRL_value(crls, i), &der);
		if (n > 0)
			revoc_give(rv, der, (size_t)n, &err);
		OPENSSL_free(der);
	}
	sk_X509_CRL_pop_free(crls, X509_CRL_free);
	CMS_ContentInfo_free(cms);
	/* and the OCSP responses (and CRLs) of revocation-values: unreadable ones decide nothing */
	blt_give(sg->der, sg->der_len, rv, &err);
}

static void note_revocation(
	struct run *x, const struct revoc_result *res, bool leaf, time_t poe, bool *given)
{
	char when[21];

	if (res->status == REVOC_REVOKED && res->revoked_at <= poe) {
		time_format(res->revoked_at, when);
		note(x->r, VC_REVOCATION, leaf ? VS_FAILED : VS_INDETERMINATE,
			leaf ? REVOKED : REVOKED_CA,
			_("'%s' was revoked at %s (%s), before the proof of existence; %s"),
			res->subject, when, revoc_reason_name(res->reason), res->how);
	} else if (res->status == REVOC_UNKNOWN) {
		note(x->r, VC_REVOCATION, VS_INDETERMINATE, TRY_LATER,
			_("the status of '%s' is "
			  "unknown: %s"),
			res->subject, res->why);
	} else {
		note(x->r, VC_REVOCATION, VS_PASSED, NULL,
			_("'%s': not revoked at the proof of "
			  "existence: %s"),
			res->subject, res->how);
		*given = *given && strncmp(strchr(res->how, ' ') ? strchr(res->how, ' ') + 1 : "",
					   "given", 5) == 0;
	}
}

/* Every certificate of the chain but the anchor, against its issuer, at the POE. */
static void check_revocation(struct run *x, struct sig *sg, STACK_OF(X509) *chain, time_t poe)
{
	struct revoc_opts ro = {
		.offline = x->o->offline, .cache_dir = x->o->cache_dir, .when = poe};
	struct cot_err err = COT_ERR_INIT;
	struct revoc_result *res = NULL;
	enum revoc_status worst;
	struct revoc rv;
	bool given = true;
	size_t n = 0;

	if (!chain) {
		note(x->r, VC_REVOCATION, VS_SKIPPED, NULL, _("no chain to check"));
		return;
	}
	revoc_init(&rv, &ro);
	give_embedded(sg, &rv);
	if (revoc_check_chain(&rv, chain, &res, &n, &worst, &err))
		note(x->r, VC_REVOCATION, VS_INDETERMINATE, TRY_LATER, "%s", err.msg);
	for (size_t i = 0; i < n; i++) {
		if (names_revocation(sk_X509_value(chain, (int)i)))
			note_revocation(x, &res[i], i == 0, poe, &given);
		else
			note(x->r, VC_REVOCATION, VS_WARNING, NULL,
				_("'%s' names no OCSP responder or "
				  "CRL: its revocation cannot be checked"),
				res[i].subject);
		given = given && names_revocation(sk_X509_value(chain, (int)i)) &&
			res[i].status != REVOC_UNKNOWN;
	}
	if (given && n && !strcmp(sg->out->level, "B-T"))
		snprintf(sg->out->level, sizeof(sg->out->level), "B-LT");
	free(res);
	revoc_release(&rv);
}

static void start_signature(struct run *x, struct sig *sg)
{
	x->r->cur = sg->out;
	time_format(x->o->now, sg->out->poe);
	time_format(x->o->now, sg->out->validated_at);
	sg->out->poe_source = x->o->at ? N_("the time given with --at") : N_("the validation time");
	if (sg->xades) {
		snprintf(sg->out->level, sizeof(sg->out->level), "XAdES");
		note(x->r, VC_SIG_FORMAT, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("%s is an XAdES "
			  "signature: cot validates CAdES signatures (ASiCManifest and .p7s) only"),
			sg->out->manifest);
	} else {
		sg->loaded = load_manifest(x, sg);
	}
	x->r->cur = NULL;
}

static void run_signature(struct run *x, struct sig *sg)
{
	time_t poe = x->o->now;

	if (!sg->loaded)
		return;
	x->r->cur = sg->out;
	check_references(x, sg);
	check_digests(x, sg);
	if (check_signature(x, sg)) {
		STACK_OF(X509) *chain;
		poe = check_timestamp(x, sg);
		chain = check_chain(x, sg, poe);
		check_revocation(x, sg, chain, poe);
		check_signing_time(x, sg, poe);
		sk_X509_pop_free(chain, X509_free);
	}
	x->r->cur = NULL;
}

/*
 * The organisation's signature: the first that countersigns no other. Its result
 * moves to x->cr, where the checks of the bundle's contents read the signer.
 */
static void pick_primary(struct run *x)
{
	for (size_t k = 0; k < x->nsigs; k++) {
		struct sig *sg = &x->sigs[k];
		sg->out->countersignature = sg->countersigns;
		if (x->has_signer || sg->countersigns || !sg->cr.signer)
			continue;
		x->cr = sg->cr;
		cades_result_init(&sg->cr);
		x->has_signer = true;
		x->has_manifest = true;
		snprintf(x->r->signer, sizeof(x->r->signer), "%s", sg->out->signer);
		snprintf(x->r->signing_time, sizeof(x->r->signing_time), "%s",
			sg->out->signing_time);
	}
	for (size_t k = 0; k < x->nsigs; k++)
		x->has_manifest = x->has_manifest || x->sigs[k].ref_entry != NULL;
}

static void check_signatures(struct run *x)
{
	if (!find_signatures(x)) {
		skip(x->r, VC_REFERENCES, VC_SIGNING_TIME, _("no readable manifest"));
		sniff_rest(x);
		return;
	}
	for (size_t k = 0; k < x->nsigs; k++)
		start_signature(x, &x->sigs[k]);
	for (size_t k = 0; k < x->nsigs; k++)
		run_signature(x, &x->sigs[k]);
	check_unreferenced(x);
	sniff_rest(x);
	pick_primary(x);
	skip(x->r, VC_REFERENCES, VC_SIGNING_TIME, _("no signature to check"));
}

static void release_signatures(struct run *x)
{
	for (size_t k = 0; k < x->nsigs; k++) {
		free(x->sigs[k].manifest);
		free(x->sigs[k].der);
		asice_manifest_release(&x->sigs[k].m);
		free(x->sigs[k].ref_entry);
		cades_result_release(&x->sigs[k].cr);
	}
	free(x->sigs);
}

/* ---- what the bundle holds ------------------------------------------------------------------ */

static void check_submission(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, BUNDLE_SUBMISSION);

	if (i < 0) {
		note(x->r, VC_SUBMISSION, VS_FAILED, FORMAT_FAILURE, _("there is no %s"),
			BUNDLE_SUBMISSION);
		return;
	}
	if (asice_load(&x->a, (size_t)i, BUNDLE_SUBMISSION_MAX, &data, &len, &err) ||
		submission_parse(data, len, &x->r->sub_xml, &err))
		note(x->r, VC_SUBMISSION, VS_FAILED, FORMAT_FAILURE, "%s: %s", BUNDLE_SUBMISSION,
			err.msg);
	else
		x->r->has_submission = true;
	free(data);
	/* TRANSLATORS: the vendor's name, its KBO number, its product and version. */
	if (x->r->has_submission && x->r->sub_xml.product)
		note(x->r, VC_SUBMISSION, VS_PASSED, NULL, _("%s, KBO %s, vendor of %s %s%s"),
			x->r->sub_xml.name, x->r->sub_xml.kbo, x->r->sub_xml.product,
			x->r->sub_xml.product_version,
			x->r->sub_xml.is_signed ? "" : _(", declared unsigned"));
	/* TRANSLATORS: the organisation's name, its KBO number, the route (direct, vitalink). */
	else if (x->r->has_submission && x->r->sub_xml.is_signed)
		note(x->r, VC_SUBMISSION, VS_PASSED, NULL, _("%s, KBO %s, route %s"),
			x->r->sub_xml.name, x->r->sub_xml.kbo, route_name(x->r->sub_xml.route));
	else if (x->r->has_submission)
		note(x->r, VC_SUBMISSION, VS_PASSED, NULL,
			_("%s, KBO %s, route %s, declared "
			  "unsigned"),
			x->r->sub_xml.name, x->r->sub_xml.kbo, route_name(x->r->sub_xml.route));
}

/* A NIHII certificate proves the NIHII only: the KBO must be bound to it by the register. */
static void nihii_signer(struct run *x, const struct ehealth_subject *subj)
{
	const struct submission *s = &x->r->sub_xml;
	const struct verify_policy *p = x->o->policy;
	unsigned line;

	/* TRANSLATORS: the certificate's kind of identifier (NIHII, CBE) and its number. */
	if (strcmp(subj->id, s->nihii) != 0 && s->nihii[0]) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate is for "
			  "%s %s, submission.xml declares NIHII %s"),
			subj->type_name, subj->id, s->nihii);
		return;
	}
	if (strcmp(subj->id, s->nihii) != 0) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate is for "
			  "%s %s, submission.xml declares no NIHII"),
			subj->type_name, subj->id);
		return;
	}
	line = policy_binds(p, subj->id, s->kbo);
	if (!line && p && p->reg_file) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate proves "
			  "%s %s, not the KBO %s submission.xml declares, and the register does "
			  "not say "
			  "that NIHII binds them (give --register FILE)"),
			subj->type_name, subj->id, s->kbo);
		return;
	}
	if (!line) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate proves "
			  "%s %s, not the KBO %s submission.xml declares, and no register binds "
			  "them (give "
			  "--register FILE)"),
			subj->type_name, subj->id, s->kbo);
		return;
	}
	note(x->r, VC_SIGNER_ID, VS_PASSED, NULL, _("%s=%s, bound to KBO %s by %s:%u"),
		subj->type_name, subj->id, s->kbo, p->reg_file, line);
}

/* A CBE certificate proves the KBO; a NIHII declared beside it only with the register. */
static void cbe_signer(struct run *x, const struct ehealth_subject *subj)
{
	const struct submission *s = &x->r->sub_xml;
	const struct verify_policy *p = x->o->policy;
	unsigned line = s->nihii[0] ? policy_binds(p, s->nihii, s->kbo) : 0;

	if (strcmp(subj->id, s->kbo) != 0)
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate is for "
			  "%s %s, submission.xml declares KBO %s"),
			subj->type_name, subj->id, s->kbo);
	else if (!s->nihii[0])
		note(x->r, VC_SIGNER_ID, VS_PASSED, NULL, _("%s=%s, as submission.xml declares"),
			subj->type_name, subj->id);
	else if (line)
		note(x->r, VC_SIGNER_ID, VS_PASSED, NULL,
			_("%s=%s, as submission.xml declares; NIHII "
			  "%s bound to it by %s:%u"),
			subj->type_name, subj->id, s->nihii, p->reg_file, line);
	else
		note(x->r, VC_SIGNER_ID, VS_WARNING, NULL,
			_("%s=%s, as submission.xml declares; its "
			  "NIHII %s is proven neither by the certificate nor by a register: not "
			  "taken onto "
			  "the whitelist"),
			subj->type_name, subj->id, s->nihii);
}

/*
 * The identity that goes on the whitelist is the one the signer's certificate proves: a CBE
 * certificate its KBO, a NIHII one its NIHII (and a KBO only through the authority's register).
 */
static void check_signer_id(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	struct ehealth_subject subj;

	if (!x->has_signer || !x->r->has_submission) {
		skip(x->r, VC_SIGNER_ID, VC_SIGNER_ID,
			!x->has_signer ? _("no signer's certificate")
				       : _("no valid submission.xml"));
		return;
	}
	if (cert_ehealth_subject(x->cr.signer, &subj, &err)) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the signer's certificate "
			  "is not an eHealth organisation certificate: %s"),
			err.msg);
		return;
	}
	if (subj.type && subj.type->kind == EHEALTH_ID_CBE)
		cbe_signer(x, &subj);
	else if (subj.type && subj.type->kind == EHEALTH_ID_NIHII &&
		 strlen(subj.id) == NIHII_ORG_LEN)
		nihii_signer(x, &subj);
	else
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the certificate is for "
			  "%s %s, which proves no organisation's KBO"),
			subj.type_name, subj.id);
}

static bool listed(const struct submission *s, enum bundle_role r)
{
	for (size_t i = 0; i < s->ndocs; i++)
		if (s->docs[i].role == r)
			return true;
	return false;
}

static void check_documents(struct run *x)
{
	const struct submission *s = &x->r->sub_xml;
	unsigned n = 0;

	if (!x->r->has_submission) {
		skip(x->r, VC_DOCUMENTS, VC_DOCUMENTS, _("no valid submission.xml says the route"));
		return;
	}
	if (s->kind == KIND_VENDOR) {
		note(x->r, VC_DOCUMENTS, VS_PASSED, NULL,
			_("a vendor's request carries no route documents"));
		return;
	}
	for (int k = 0; k < ROLE_COUNT; k++) {
		const struct bundle_role_def *d = bundle_role((enum bundle_role)k);
		long i;
		if (!bundle_role_needed((enum bundle_role)k, s->route))
			continue;
		i = asice_find(&x->a, d->entry);
		n++;
		if (i < 0) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("route %s needs %s "
				  "(%s) and it is not there"),
				route_name(s->route), _(d->what), d->entry);
		} else if (!x->streamed[i]) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("%s could not be read"), d->entry);
		} else if (sniff_type(&x->sn[i]) != SNIFF_PDF) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("%s is not a PDF"), d->entry);
		} else if (x->sn[i].pdf_encrypted) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("%s is an encrypted "
				  "PDF"),
				d->entry);
		} else if (!listed(s, (enum bundle_role)k)) {
			note(x->r, VC_DOCUMENTS, VS_WARNING, NULL,
				_("%s is not listed in submission.xml"), d->entry);
		}
	}
	if (!x->r->c[VC_DOCUMENTS].nlines)
		note(x->r, VC_DOCUMENTS, VS_PASSED, NULL,
			ngettext("%u document for route %s, a PDF",
				"%u documents for route %s, each a PDF", n),
			n, route_name(s->route));
}

/*
 * Loads a YAML entry of the bundle as a tree, noting under check c when it cannot be;
 * sha256 (may be NULL) gets the entry's digest.
 */
static struct ynode *load_yaml(
	struct run *x, const char *name, enum vcheck c, struct diag_list *d, char sha256[65])
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct cot_err err = COT_ERR_INIT;
	struct ynode *root = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, name);

	if (i < 0)
		note(x->r, c, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("route direct needs %s and it is not "
			  "there"),
			name);
	else if (asice_load(&x->a, (size_t)i, CHECKLIST_MAX_BYTES, &data, &len, &err))
		note(x->r, c, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s", err.msg);
	else
		ydoc_parse(name, (const char *)data, len, &lim, &root, d);
	if (data && sha256)
		sha256_hex(data, len, sha256);
	free(data);
	return root;
}

/* Findings about files the bundle does not carry: evidence stays with the organisation. */
static bool about_evidence_files(const struct diag *f)
{
	return f->rule && (strcmp(f->rule, "evidence-missing") == 0 ||
				  strcmp(f->rule, "evidence-unreadable") == 0 ||
				  strcmp(f->rule, "evidence-empty") == 0);
}

static void judge_answers(
	struct run *x, const struct reqset *rs, const struct answers *a, struct diag_list *d)
{
	const struct submission *s = &x->r->sub_xml;
	struct check_result res;
	struct check_opts o = {.root = NO_EVIDENCE_ROOT,
		.route = s->route,
		.kind = s->kind,
		.now = x->o->now,
		.org_kbo = s->kbo,
		.org_name = s->name,
		.no_files = true};
	unsigned errors = 0;
	time_t t;

	if (time_parse(s->created, &t))
		o.now = t;
	checklist_check(rs, a, &o, &res, d);
	diag_sort(d);
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *f = &d->v[i];
		if (f->sev != DIAG_ERROR || about_evidence_files(f))
			continue;
		errors++;
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s:%u:%u: %s [%s]",
			f->file ? f->file : "", f->line, f->col, f->msg, f->rule ? f->rule : "");
	}
	if (!errors && !res.nreqs)
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("no requirement applies"));
	else if (!errors)
		note(x->r, VC_ANSWERS, VS_PASSED, NULL,
			ngettext("%zu requirement of %s %s (sha256 %.16s), "
				 "no error (evidence files stay with the organisation)",
				"%zu requirements of %s "
				"%s (sha256 %.16s), no error (evidence files stay with the "
				"organisation)",
				res.nreqs),
			res.nreqs, rs->id, rs->version, rs->sha256);
	check_result_release(&res);
}

/* The set the authority trusts for the id and version the answers name, or NULL (noted). */
static const struct reqset *trusted_set(struct run *x, const struct answers *a)
{
	const struct verify_policy *p = x->o->policy;
	const struct reqset *rs = policy_set(p, a->set_id, a->set_version);
	char known[512] = "";
	size_t n = 0;

	if (rs)
		return rs;
	for (size_t i = 0; p && i < p->nsets && n < sizeof(known); i++)
		n += (size_t)snprintf(known + n, sizeof(known) - n, "%s%s %s", n ? ", " : "",
			p->sets[i].id, p->sets[i].version);
	/* TRANSLATORS: the set's id and version, then the trusted sets ("belrai-security 1.0"). */
	if (known[0])
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the answers are for "
			  "requirement set %s %s, which the authority does not trust (trusted: %s; "
			  "give "
			  "--requirements FILE)"),
			a->set_id ? a->set_id : "?", a->set_version ? a->set_version : "?", known);
	else
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the answers are for "
			  "requirement set %s %s, which the authority does not trust (trusted: "
			  "none; give "
			  "--requirements FILE)"),
			a->set_id ? a->set_id : "?", a->set_version ? a->set_version : "?");
	note(x->r, VC_REQSET, VS_INDETERMINATE, SIG_CONSTRAINTS,
		_("no trusted set %s %s to compare "
		  "%s with"),
		a->set_id ? a->set_id : "?", a->set_version ? a->set_version : "?",
		BUNDLE_REQUIREMENTS);
	return NULL;
}

/* The included requirement set: the trusted set's very bytes, or the bundle fails. */
static void check_reqset(struct run *x, const struct reqset *trusted)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset inc = REQSET_INIT;
	struct ynode *root;
	char sha[65] = "";

	d.max = 1;
	root = load_yaml(x, BUNDLE_REQUIREMENTS, VC_REQSET, &d, sha);
	if (!sha[0])
		goto out;
	if (strcmp(sha, trusted->sha256) == 0) {
		note(x->r, VC_REQSET, VS_PASSED, NULL, _("the trusted %s %s (sha256 %.16s)"),
			trusted->id, trusted->version, sha);
		goto out;
	}
	if (root)
		reqset_from_tree(BUNDLE_REQUIREMENTS, root, &inc, &d);
	/* TRANSLATORS: the file, the trusted set's id and version, two digests, two counts. */
	note(x->r, VC_REQSET, VS_FAILED, HASH_FAILURE,
		ngettext("%s is not the trusted set %s %s: "
			 "sha256 %.16s, trusted %.16s; it has %zu requirement, the trusted set %zu",
			"%s is not the trusted set %s %s: sha256 %.16s, trusted %.16s; it has %zu "
			"requirements, the trusted set %zu",
			inc.nreqs),
		BUNDLE_REQUIREMENTS, trusted->id, trusted->version, sha, trusted->sha256, inc.nreqs,
		trusted->nreqs);
out:
	ynode_free(root);
	reqset_release(&inc);
	diag_list_release(&d);
}

/* The language the included page says it is in (cot renders it in the organisation's). */
static enum lang page_lang(const unsigned char *data, size_t len)
{
	static const char tag[] = "<html lang=\"";
	const unsigned char *at = memmem(data, len < 256 ? len : 256, tag, sizeof(tag) - 1);
	char code[3] = "";
	enum lang l = LANG_EN;

	if (at && (size_t)(at - data) + sizeof(tag) + 2 <= len)
		memcpy(code, at + sizeof(tag) - 1, 2);
	if (!lang_parse(code, &l))
		l = LANG_EN;
	return l;
}

/* Why the included page is not cot's, for the authority who might open it. */
static void report_differs(struct run *x, const unsigned char *data, size_t len)
{
	const struct submission *s = &x->r->sub_xml;
	char sha[65];
	bool other = s->tool_version && strcmp(s->tool_version, COT_VERSION) != 0;
	bool script = memmem(data, len, "<script", 7) != NULL;

	sha256_hex(data, len, sha);
	/* TRANSLATORS: the file and its digest; "cot" is the program. */
	if (!script && !other)
		note(x->r, VC_REPORT, VS_FAILED, HASH_FAILURE,
			_("%s (sha256 %.16s) is not the "
			  "report cot renders from the included answers and the trusted set: do "
			  "not open "
			  "it"),
			BUNDLE_REPORT, sha);
	else if (!other)
		note(x->r, VC_REPORT, VS_FAILED, HASH_FAILURE,
			_("%s (sha256 %.16s) is not the "
			  "report cot renders from the included answers and the trusted set: do "
			  "not open "
			  "it; it holds a script"),
			BUNDLE_REPORT, sha);
	/* TRANSLATORS: the file, its digest, the version of cot that made it, this cot's. */
	else if (!script)
		note(x->r, VC_REPORT, VS_FAILED, HASH_FAILURE,
			_("%s (sha256 %.16s) is not the "
			  "report cot renders from the included answers and the trusted set: do "
			  "not open "
			  "it; made by cot %s, this is cot %s"),
			BUNDLE_REPORT, sha, s->tool_version, COT_VERSION);
	else
		note(x->r, VC_REPORT, VS_FAILED, HASH_FAILURE,
			_("%s (sha256 %.16s) is not the "
			  "report cot renders from the included answers and the trusted set: do "
			  "not open "
			  "it; it holds a script; made by cot %s, this is cot %s"),
			BUNDLE_REPORT, sha, s->tool_version, COT_VERSION);
}

/* The included report: byte for byte the page cot renders itself, or the bundle fails. */
static void check_report(struct run *x, const struct reqset *rs, const struct answers *a)
{
	const struct submission *s = &x->r->sub_xml;
	struct cot_err err = COT_ERR_INIT;
	struct buf mine = BUF_INIT;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, BUNDLE_REPORT);
	struct bundle_report_in in = {.rs = rs,
		.a = a,
		.name = s->name,
		.kbo = s->kbo,
		.route = s->route,
		.kind = s->kind,
		.created = x->o->now,
		.tool_version = s->tool_version};

	time_parse(s->created, &in.created);
	mine.max = BUNDLE_REPORT_MAX;
	if (i < 0) {
		note(x->r, VC_REPORT, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("route direct needs %s and "
			  "it is not there"),
			BUNDLE_REPORT);
	} else if (asice_load(&x->a, (size_t)i, BUNDLE_REPORT_MAX, &data, &len, &err)) {
		note(x->r, VC_REPORT, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s", err.msg);
	} else {
		in.lang = page_lang(data, len);
		if (bundle_report_render(&in, &mine, &err))
			note(x->r, VC_REPORT, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s", err.msg);
		else if (mine.len == len && memcmp(mine.data, data, len) == 0)
			note(x->r, VC_REPORT, VS_PASSED, NULL,
				_("the page cot renders (%s), byte for byte"), lang_name(in.lang));
		else
			report_differs(x, data, len);
	}
	free(data);
	buf_release(&mine);
}

static void note_findings(struct run *x, const struct diag_list *d)
{
	for (size_t i = 0; i < d->n && i < VERIFY_MAX_LINES; i++)
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s:%u:%u: %s [%s]",
			d->v[i].file ? d->v[i].file : "", d->v[i].line, d->v[i].col, d->v[i].msg,
			d->v[i].rule ? d->v[i].rule : "");
}

/*
 * Route direct: the answers are judged against the set the authority trusts for the id and
 * version they name, never against the copy in the bundle; that copy and the report must be
 * the trusted set's and cot's own bytes.
 */
static void check_answers(struct run *x)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct answers a = ANSWERS_INIT;
	const struct reqset *rs = NULL;
	struct ynode *at = NULL;
	char sha[65] = "";

	if (!x->r->has_submission) {
		skip(x->r, VC_ANSWERS, VC_REPORT, _("no valid submission.xml says the route"));
		return;
	}
	if (x->r->sub_xml.route != ROUTE_DIRECT && x->r->sub_xml.kind != KIND_VENDOR) {
		for (int c = VC_ANSWERS; c <= VC_REPORT; c++)
			note(x->r, (enum vcheck)c, VS_PASSED, NULL,
				_("route vitalink carries no checklist"));
		return;
	}
	d.max = 100;
	at = load_yaml(x, BUNDLE_ANSWERS, VC_ANSWERS, &d, sha);
	if (at && !answers_from_tree(BUNDLE_ANSWERS, at, &a, &d)) {
		memcpy(a.sha256, sha, sizeof(a.sha256));
		rs = trusted_set(x, &a);
	} else {
		note_findings(x, &d);
	}
	if (rs) {
		judge_answers(x, rs, &a, &d);
		check_reqset(x, rs);
		check_report(x, rs, &a);
	}
	if (!x->r->c[VC_ANSWERS].nlines)
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the checklist files cannot "
			  "be read"));
	skip(x->r, VC_REQSET, VC_REPORT, _("not checked: the answers cannot be judged"));
	ynode_free(at);
	answers_release(&a);
	diag_list_release(&d);
}

/* ---- a vendor's request ------------------------------------------------------------------- */

static bool under(const char *name, const char *dir)
{
	return strncmp(name, dir, strlen(dir)) == 0;
}

static bool in_list(char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return true;
	return false;
}

/* Entries under samples/ and screenshots/ that submission.xml does not list. */
static void check_unlisted(struct run *x)
{
	const struct submission *s = &x->r->sub_xml;

	for (size_t i = 0; i < x->a.n; i++) {
		const char *name = x->a.v[i].name;
		bool sample = under(name, BUNDLE_SAMPLES), shot = under(name, BUNDLE_SCREENSHOTS);
		if (x->a.v[i].dir || (!sample && !shot))
			continue;
		if (s->kind != KIND_VENDOR)
			note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("'%s' is a vendor's file, but submission.xml declares an "
				  "organisation"),
				name);
		else if (!in_list(sample ? s->samples : s->screenshots,
				 sample ? s->nsamples : s->nscreenshots, name))
			note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
				_("'%s' is not listed in submission.xml"), name);
	}
}

static void note_kmehr(struct run *x, const struct diag_list *d)
{
	for (size_t k = 0; k < d->n; k++) {
		const struct diag *f = &d->v[k];
		note(x->r, VC_VENDOR, f->sev == DIAG_ERROR ? VS_INDETERMINATE : VS_WARNING,
			f->sev == DIAG_ERROR ? SIG_CONSTRAINTS : NULL, "%s:%u:%u: %s [%s]",
			f->file ? f->file : "", f->line, f->col, f->msg, f->rule ? f->rule : "");
	}
}

static void check_sample(struct run *x, const char *entry)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, entry);

	d.max = VERIFY_MAX_LINES;
	if (i < 0)
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIGNED_DATA_NOT_FOUND,
			_("submission.xml lists %s and it is not there"), entry);
	else if (asice_load(&x->a, (size_t)i, KMEHR_MAX, &data, &len, &err))
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s: %s", entry, err.msg);
	else if (kmehr_check_mem(x->o->kmehr, entry, data, len, &d, &err))
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s: %s", entry, err.msg);
	else
		note_kmehr(x, &d);
	free(data);
	diag_list_release(&d);
}

static void check_screenshot(struct run *x, const char *entry)
{
	long i = asice_find(&x->a, entry);
	enum sniff_type t;

	if (i < 0) {
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIGNED_DATA_NOT_FOUND,
			_("submission.xml lists %s and it is not there"), entry);
		return;
	}
	if (!x->streamed[i]) {
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS, _("%s could not be read"),
			entry);
		return;
	}
	t = sniff_type(&x->sn[i]);
	if (t != SNIFF_PNG && t != SNIFF_JPEG && t != SNIFF_PDF)
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("%s is not a screenshot: its content is no PNG, JPEG or PDF"), entry);
}

static const char *samples_valid(size_t n, const struct kmehr_schema *k, char *out, size_t len)
{
	snprintf(out, len,
		ngettext("%zu KMEHR sample valid against KMEHR %s",
			"%zu KMEHR samples valid against KMEHR %s", n),
		n, kmehr_schema_version(k));
	return out;
}

static const char *shots(size_t n, char *out, size_t len)
{
	snprintf(out, len, ngettext("%zu screenshot", "%zu screenshots", n), n);
	return out;
}

/*
 * A vendor's request: every sample valid against the KMEHR schema the authority gave and
 * the BelRAI rules, every screenshot an image by its bytes; no vendor's file in an
 * organisation's bundle.
 */
static void check_vendor(struct run *x)
{
	const struct submission *s = &x->r->sub_xml;
	char n1[160], n2[80];

	if (!x->r->has_submission) {
		skip(x->r, VC_VENDOR, VC_VENDOR, _("no valid submission.xml says who submits"));
		return;
	}
	check_unlisted(x);
	if (s->kind != KIND_VENDOR) {
		if (!x->r->c[VC_VENDOR].nlines)
			note(x->r, VC_VENDOR, VS_PASSED, NULL, _("an organisation's bundle"));
		return;
	}
	if (!s->nsamples)
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the request carries no KMEHR sample message"));
	if (!s->nscreenshots)
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("the request carries no screenshot or design"));
	if (!x->o->kmehr && s->nsamples)
		note(x->r, VC_VENDOR, VS_INDETERMINATE, SIG_CONSTRAINTS,
			_("no KMEHR schema was given (--kmehr-schemas DIR): the samples cannot be "
			  "validated"));
	for (size_t k = 0; x->o->kmehr && k < s->nsamples; k++)
		check_sample(x, s->samples[k]);
	for (size_t k = 0; k < s->nscreenshots; k++)
		check_screenshot(x, s->screenshots[k]);
	if (!x->r->c[VC_VENDOR].nlines || x->r->c[VC_VENDOR].status == VS_PASSED)
		/* TRANSLATORS: the product, its version, then "N KMEHR samples valid against
		   KMEHR 1.32" */
		note(x->r, VC_VENDOR, VS_PASSED, NULL, _("%s %s: %s, %s"), s->product,
			s->product_version, samples_valid(s->nsamples, x->o->kmehr, n1, sizeof(n1)),
			shots(s->nscreenshots, n2, sizeof(n2)));
}

static void check_keys(struct run *x)
{
	unsigned unread = 0;

	for (size_t i = 0; i < x->a.n; i++) {
		const char *why = sniff_secret_name(x->a.v[i].name);
		if (!why && x->streamed[i])
			why = x->sn[i].secret;
		if (why)
			note(x->r, VC_PRIVATE_KEYS, VS_INDETERMINATE, SIG_CONSTRAINTS, "'%s': %s",
				x->a.v[i].name, why);
		else if (!x->streamed[i] && !x->a.v[i].dir)
			unread++;
	}
	if (!x->r->c[VC_PRIVATE_KEYS].nlines && unread)
		note(x->r, VC_PRIVATE_KEYS, VS_INDETERMINATE, SIG_CONSTRAINTS,
			ngettext("%u entry could not "
				 "be read to look for private keys",
				"%u entries could not be read to look for "
				"private keys",
				unread),
			unread);
	else if (!x->r->c[VC_PRIVATE_KEYS].nlines)
		note(x->r, VC_PRIVATE_KEYS, VS_PASSED, NULL,
			ngettext("none in %zu entry", "none in %zu entries", x->a.n), x->a.n);
}

/* ---- the verdict ------------------------------------------------------------------------------
 */

static void verdict(struct vresult *r)
{
	r->ind = IND_TOTAL_PASSED;
	r->sub = NULL;
	for (int c = 0; c < VC_COUNT; c++)
		if (r->c[c].status == VS_FAILED) {
			r->ind = IND_TOTAL_FAILED;
			r->sub = r->c[c].sub;
			return;
		}
	for (int c = 0; c < VC_COUNT; c++)
		if (r->c[c].status == VS_INDETERMINATE) {
			r->ind = IND_INDETERMINATE;
			r->sub = r->c[c].sub;
			return;
		}
}

static void run_checks(struct run *x)
{
	struct vresult *r = x->r;

	r->entries = x->a.n;
	x->sn = calloc(x->a.n + 1, sizeof(*x->sn));
	x->streamed = calloc(x->a.n + 1, sizeof(*x->streamed));
	x->referenced = calloc(x->a.n + 1, sizeof(*x->referenced));
	if (!x->sn || !x->streamed || !x->referenced) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		note(r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, _("out of memory"));
		return;
	}
	check_archive(x);
	check_mimetype(x);
	if (x->may_read)
		check_signatures(x);
	else
		skip(r, VC_MANIFEST, VC_SIGNING_TIME,
			_("the archive is beyond the limits: not "
			  "decompressed"));
	if (x->may_read) {
		check_submission(x);
		check_signer_id(x);
		check_documents(x);
		check_answers(x);
		check_vendor(x);
	} else {
		skip(r, VC_SUBMISSION, VC_VENDOR,
			_("the archive is beyond the limits: not decompressed"));
	}
	check_keys(x);
}

static void finish(struct run *x)
{
	for (int c = 0; c < VC_COUNT; c++)
		if (x->r->c[c].status == VS_PASSED && !x->r->c[c].nlines)
			note(x->r, (enum vcheck)c, VS_PASSED, NULL, "%s",
				vcheck_title((enum vcheck)c));
	verdict(x->r);
	asice_archive_release(&x->a);
	release_signatures(x);
	cades_result_release(&x->cr);
	free(x->sn);
	free(x->streamed);
	free(x->referenced);
	ERR_clear_error();
}

static void opened(struct run *x, int rc, const struct cot_err *err)
{
	static const unsigned char local[] = {'P', 'K', 3, 4};

	if (rc && x->a.has_eocd && (x->a.nhead < 4 || memcmp(x->a.head, local, 4) != 0)) {
		note(x->r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE,
			_("something comes before "
			  "the archive (a self-extracting stub?): %s"),
			err->msg);
		skip(x->r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, _("not a readable archive"));
	} else if (rc) {
		note(x->r, rc == COT_FINDINGS ? VC_ARCHIVE_LIMITS : VC_ARCHIVE_FORMAT, VS_FAILED,
			FORMAT_FAILURE, "%s", err->msg);
		skip(x->r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, _("not a readable archive"));
	} else {
		run_checks(x);
	}
	finish(x);
}

int verify_load(struct cot_err *err)
{
	int rc = xml_load(err);

	if (!rc)
		rc = icu_load(err);
	return rc ? rc : zip_load(err);
}

void verify_file(const char *path, const struct verify_opts *o, struct vresult *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct run x = {.o = o, .r = r};
	int rc;

	r->path = strdup(path);
	if (!r->path)
		mem_die();
	if (asice_check_file(path, &err) || fs_sha256(path, r->sha256, &err)) {
		r->unreadable = true;
		r->sha256[0] = '\0';
		note(r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
		skip(r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, _("the file cannot be read"));
		verdict(r);
		return;
	}
	rc = asice_open_file(path, &x.a, &err);
	r->size = x.a.file_size;
	opened(&x, rc, &err);
}

void verify_mem(const char *name, const void *data, size_t len, const struct verify_opts *o,
	struct vresult *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct run x = {.o = o, .r = r};
	int rc;

	r->path = strdup(name);
	if (!r->path)
		mem_die();
	sha256_hex(data, len, r->sha256);
	r->size = len;
	rc = asice_open_mem(data, len, &x.a, &err);
	opened(&x, rc, &err);
}

/* ---- many bundles at once -----------------------------------------------------------------------
 */

struct pool {
	char *const *paths;
	size_t n, next;
	const struct verify_opts *o;
	struct vresult *results;
	pthread_mutex_t mu;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&p->mu);
		i = p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		verify_file(p->paths[i], p->o, &p->results[i]);
	}
}

int verify_files(char *const *paths, size_t n, const struct verify_opts *o, unsigned jobs,
	struct vresult *results, struct cot_err *err)
{
	struct pool p = {.paths = paths, .n = n, .o = o, .results = results};
	pthread_t th[64];
	unsigned started = 0;
	int rc;

	if ((rc = verify_load(err)) || (rc = submission_xml_init(err)))
		return rc;
	for (size_t i = 0; i < n; i++)
		vresult_init(&results[i]);
	if (jobs > 64)
		jobs = 64;
	if (jobs > n)
		jobs = (unsigned)n;
	pthread_mutex_init(&p.mu, NULL);
	for (unsigned t = 1; t < jobs; t++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	worker(&p);
	for (unsigned t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&p.mu);
	return COT_OK;
}
