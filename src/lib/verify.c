/* cot verify: every check of a bundle, in order, each with its id, and the ETSI verdict. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <libxml/parser.h>
#include <zip.h>
#include "cot/asice.h"
#include "cot/cades.h"
#include "cot/cert.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/mem.h"
#include "cot/sniff.h"
#include "cot/verify.h"
#include "cot/ydoc.h"

#define FORMAT_FAILURE "FORMAT_FAILURE"
#define HASH_FAILURE "HASH_FAILURE"
#define SIG_CRYPTO_FAILURE "SIG_CRYPTO_FAILURE"
#define NO_SIGNING_CERT "NO_SIGNING_CERTIFICATE_FOUND"
#define NO_CHAIN "NO_CERTIFICATE_CHAIN_FOUND"
#define OUT_OF_BOUNDS "OUT_OF_BOUNDS_NO_POE"
#define CHAIN_GENERAL "CERTIFICATE_CHAIN_GENERAL_FAILURE"
#define SIG_CONSTRAINTS "SIG_CONSTRAINTS_FAILURE"

/* Where evidence is looked for when the answers are checked: never anything. */
#define NO_EVIDENCE_ROOT "/proc/self/cot-verify-has-no-evidence"

static const struct {
	const char *id, *title;
} checks[VC_COUNT] = {
	{"archive-format", "a zip archive that can be read"},
	{"archive-prepended", "nothing before the first entry; local and central headers agree"},
	{"archive-paths", "no absolute, '..', backslash, empty or control-character names"},
	{"archive-symlinks", "no symbolic links"},
	{"archive-duplicates", "no name twice"},
	{"archive-encrypted", "no encrypted entries"},
	{"archive-limits", "entry count, sizes and compression ratios within limits, sizes true"},
	{"container-mimetype", "'mimetype' first, stored, no extra field, the ASiC-E type"},
	{"container-manifest", "META-INF/ASiCManifest.xml present and well-formed"},
	{"container-references", "every referenced file present, every file referenced"},
	{"manifest-digests", "every file's SHA-256 equals the manifest's"},
	{"signature-present", "the signature the manifest names is in the container"},
	{"signature-format", "a detached CMS SignedData with one signer and its certificate"},
	{"signature-digest", "the signed message-digest is the manifest's digest"},
	{"signature-value", "the signature value verifies with the signer's key"},
	{"signature-signing-certificate", "the signing-certificate-v2 attribute names the signer"},
	{"signer-chain", "the signer's certificate chains to a trust anchor at signing time"},
	{"submission-xml", "submission.xml present and valid against its schema"},
	{"signer-identifier", "the signer's eHealth identifier is the KBO (or NIHII) declared"},
	{"route-documents", "the documents the route needs, as PDFs, not encrypted"},
	{"checklist-answers", "the answers valid against the included requirement set"},
	{"private-keys", "no private key material anywhere"},
};

const char *vcheck_id(enum vcheck c)
{
	return checks[c].id;
}

const char *vcheck_title(enum vcheck c)
{
	return checks[c].title;
}

const char *vstatus_name(enum vstatus s)
{
	static const char *const names[] = {"passed", "warning", "failed", "indeterminate",
		"skipped"};
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
	free(r->path);
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
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 :
			(*p & 0xf8) == 0xf0 ? 3 : -1;
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
		buf_adds(&k->lines, "(more not shown)\n");
	if (k->nlines++ >= VERIFY_MAX_LINES)
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	printable(line);
	buf_adds(&k->lines, line);
	buf_adds(&k->lines, "\n");
}

/* Raises check c to status s (never lowers it) and adds a message. */
static void note(struct vresult *r, enum vcheck c, enum vstatus s, const char *sub,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void note(struct vresult *r, enum vcheck c, enum vstatus s, const char *sub,
	const char *fmt, ...)
{
	struct vresult_check *k = &r->c[c];
	va_list ap;

	if (rank(s) > rank(k->status)) {
		k->status = s;
		k->sub = sub;
	}
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

struct run {
	const struct verify_opts *o;
	struct vresult *r;
	struct asice_archive a;
	struct sniff *sn;       /* per entry, once streamed */
	bool *streamed;
	bool *referenced;
	long *ref_entry;        /* per manifest reference: its entry, or -1 */
	bool may_read;          /* the limits allow decompressing */
	unsigned char *manifest;
	size_t manifest_len;
	struct asice_manifest m;
	long manifest_entry;
	bool has_manifest;
	struct cades_result cr;
	bool has_signer;
};

static bool utf8_clean(const unsigned char *p)
{
	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 :
			(*p & 0xf8) == 0xf0 ? 3 : -1;
		if (n < 0 || *p < 0x20 || *p == 0x7f || (n == 1 && *p < 0xc2))
			return false;
		for (int k = 1; k <= n; k++)
			if ((p[k] & 0xc0) != 0x80)
				return false;
		p += n + 1;
	}
	return true;
}

/* Why a name is unsafe, or NULL. */
static const char *bad_name(const char *name)
{
	const char *s = name;

	if (!name[0])
		return "an empty name";
	if (name[0] == '/' || (name[0] && name[1] == ':'))
		return "an absolute path";
	if (strchr(name, '\\'))
		return "a backslash";
	if (!utf8_clean((const unsigned char *)name))
		return "control characters or invalid UTF-8";
	while (*s) {
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		if ((n == 2 && strncmp(s, "..", 2) == 0) || (n == 1 && s[0] == '.'))
			return "a '..' or '.' component";
		if (n == 0)
			return "an empty component ('//')";
		if (!slash)
			break;
		s = slash + 1;
	}
	return NULL;
}

static int by_name(const void *a, const void *b)
{
	const struct asice_entry *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

static void check_duplicates(struct run *x)
{
	const struct asice_entry **v = calloc(x->a.n + 1, sizeof(*v));

	if (!v) {
		note(x->r, VC_ARCHIVE_DUPLICATES, VS_FAILED, FORMAT_FAILURE, "out of memory");
		return;
	}
	for (size_t i = 0; i < x->a.n; i++)
		v[i] = &x->a.v[i];
	qsort(v, x->a.n, sizeof(*v), by_name);
	for (size_t i = 1; i < x->a.n; i++)
		if (strcmp(v[i]->name, v[i - 1]->name) == 0 &&
			(i < 2 || strcmp(v[i]->name, v[i - 2]->name) != 0))
			note(x->r, VC_ARCHIVE_DUPLICATES, VS_FAILED, FORMAT_FAILURE,
				"'%s' is in the archive more than once", v[i]->name);
	free(v);
}

static void check_limits(struct run *x)
{
	uint64_t total = 0;

	for (size_t i = 0; i < x->a.n; i++) {
		const struct asice_entry *e = &x->a.v[i];
		total = total + e->size < total ? UINT64_MAX : total + e->size;
		if (e->size > VERIFY_MAX_ENTRY)
			note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE, "'%s' declares %llu "
				"bytes (at most %llu)", e->name, (unsigned long long)e->size,
				(unsigned long long)VERIFY_MAX_ENTRY);
		else if (e->size > VERIFY_RATIO_FROM &&
			e->size / (e->comp_size ? e->comp_size : 1) > VERIFY_MAX_RATIO)
			note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE, "'%s' expands %llu "
				"times (%llu to %llu bytes; at most %d times): a decompression bomb?",
				e->name, (unsigned long long)(e->size / (e->comp_size ? e->comp_size : 1)),
				(unsigned long long)e->comp_size, (unsigned long long)e->size,
				VERIFY_MAX_RATIO);
	}
	if (total > VERIFY_MAX_TOTAL)
		note(x->r, VC_ARCHIVE_LIMITS, VS_FAILED, FORMAT_FAILURE, "the entries declare %llu "
			"bytes in all (at most %llu)", (unsigned long long)total,
			(unsigned long long)VERIFY_MAX_TOTAL);
	x->may_read = ok(x->r, VC_ARCHIVE_LIMITS);
}

static void check_archive(struct run *x)
{
	struct vresult *r = x->r;
	static const unsigned char local[] = {'P', 'K', 3, 4};

	if (x->a.n && (x->a.nhead < 4 || memcmp(x->a.head, local, 4) != 0))
		note(r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE, "the file does not start "
			"with a zip entry: something (a stub?) comes before the archive");
	if (x->a.incons[0])
		note(r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE, "libzip finds the headers "
			"inconsistent: %s", x->a.incons);
	for (size_t i = 0; i < x->a.n; i++) {
		const struct asice_entry *e = &x->a.v[i];
		const char *why = bad_name(e->name);
		if (why)
			note(r, VC_ARCHIVE_PATHS, VS_FAILED, FORMAT_FAILURE, "entry %zu has %s: '%s'",
				i + 1, why, e->name);
		if (e->symlink)
			note(r, VC_ARCHIVE_SYMLINKS, VS_FAILED, FORMAT_FAILURE, "'%s' is a symbolic "
				"link", e->name);
		if (e->encrypted)
			note(r, VC_ARCHIVE_ENCRYPTED, VS_FAILED, FORMAT_FAILURE, "'%s' is encrypted",
				e->name);
	}
	check_duplicates(x);
	check_limits(x);
	note(r, VC_ARCHIVE_FORMAT, VS_PASSED, NULL, "%zu entries, %llu bytes", x->a.n,
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
		note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE, "there is no 'mimetype' entry: "
			"not an ASiC container");
		return;
	}
	if (!x->may_read) {
		skip(x->r, VC_MIMETYPE, VC_MANIFEST, "the archive is beyond the limits: not "
			"decompressed");
		return;
	}
	if (asice_load(&x->a, (size_t)i, 256, &data, &len, &err)) {
		note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE, "'mimetype' cannot be read%s%s",
			err.msg[0] ? ": " : "", err.msg);
		return;
	}
	if (len != sizeof(ASICE_MIMETYPE) - 1 || memcmp(data, ASICE_MIMETYPE, len) != 0)
		note(x->r, VC_MIMETYPE, VS_FAILED, FORMAT_FAILURE, "'mimetype' is not '%s'",
			ASICE_MIMETYPE);
	else if (i != 0)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL, "'mimetype' is not the first entry (read "
			"anyway, as other tools write it)");
	else if (x->a.v[0].method != ZIP_CM_STORE)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL, "'mimetype' is compressed");
	else if (x->a.nhead >= 30 && (x->a.head[28] | x->a.head[29]) != 0)
		note(x->r, VC_MIMETYPE, VS_WARNING, NULL, "'mimetype' has an extra field");
	else
		note(x->r, VC_MIMETYPE, VS_PASSED, NULL, "%s", ASICE_MIMETYPE);
	free(data);
}

/* META-INF/ASiCManifest.xml, or as other tools name it, META-INF/ASiCManifest*.xml. */
static long find_manifest(const struct run *x)
{
	long i = asice_find(&x->a, ASICE_MANIFEST);

	for (size_t k = 0; i < 0 && k < x->a.n; k++) {
		const char *n = x->a.v[k].name;
		size_t len = strlen(n);
		if (strncmp(n, "META-INF/ASiCManifest", 21) == 0 && len > 25 &&
			strcmp(n + len - 4, ".xml") == 0)
			i = (long)k;
	}
	return i;
}

static void check_manifest(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	long i = find_manifest(x);
	const char *name;

	if (i < 0) {
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, "there is no %s%s", ASICE_MANIFEST,
			asice_find(&x->a, "META-INF/signatures.xml") >= 0 ? " (an XAdES container: cot "
			"checks CAdES ones)" : "");
		return;
	}
	if (!x->may_read)
		return;
	x->manifest_entry = i;
	name = x->a.v[i].name;
	if (asice_load(&x->a, (size_t)i, ASICE_MANIFEST_MAX, &x->manifest,
		    &x->manifest_len, &err)) {
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, "%s cannot be read%s%s", name,
			err.msg[0] ? ": " : "", err.msg);
		return;
	}
	if (asice_manifest_parse(x->manifest, x->manifest_len, &x->m, &err)) {
		note(x->r, VC_MANIFEST, VS_FAILED, FORMAT_FAILURE, "%s: %s", name, err.msg);
		return;
	}
	x->has_manifest = true;
	note(x->r, VC_MANIFEST, VS_PASSED, NULL, "%zu data objects", x->m.n);
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

static void check_references(struct run *x)
{
	struct vresult *r = x->r;
	long sig = find_uri(x, x->m.sig_uri);

	for (size_t k = 0; k < x->m.n; k++) {
		long i = find_uri(x, x->m.refs[k].uri);
		x->ref_entry[k] = i;
		if (i < 0) {
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE, "'%s' is in the manifest but "
				"not in the container", x->m.refs[k].uri);
		} else if (is_meta(x->a.v[i].name) || strcmp(x->a.v[i].name, "mimetype") == 0) {
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE, "the manifest references "
				"'%s', which is not a data object", x->a.v[i].name);
			x->ref_entry[k] = -1;
		} else if (x->referenced[i]) {
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE, "'%s' is referenced twice",
				x->a.v[i].name);
		} else {
			x->referenced[i] = true;
		}
	}
	for (size_t i = 0; i < x->a.n; i++) {
		const char *name = x->a.v[i].name;
		if (x->referenced[i] || x->a.v[i].dir || (long)i == sig ||
			strcmp(name, "mimetype") == 0 || (long)i == x->manifest_entry)
			continue;
		if (is_meta(name))
			note(r, VC_REFERENCES, VS_WARNING, NULL, "'%s' is not covered by the signature",
				name);
		else
			note(r, VC_REFERENCES, VS_FAILED, FORMAT_FAILURE, "'%s' is not in the manifest: "
				"nothing signs it", name);
	}
	if (!r->c[VC_REFERENCES].nlines)
		note(r, VC_REFERENCES, VS_PASSED, NULL, "%zu files, each referenced once", x->m.n);
}

struct hashing {
	EVP_MD_CTX *md;
	struct sniff *sn;
	unsigned char *pdf;     /* a PDF's bytes, kept for the structural pass */
	size_t npdf, cap;
	bool pdf_over;          /* larger than SNIFF_PDF_MAX (or no memory): not kept */
	bool pdf_late;          /* no "stream" in its first PDF_PROBE bytes: not kept */
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

/* The structural pass over a PDF entry: key material or encryption inside it, or why not looked at. */
static void look_into_pdf(struct run *x, size_t i, struct hashing *h)
{
	struct sniff_pdf pr;
	struct sniff *sn = &x->sn[i];

	if (sniff_type(sn) != SNIFF_PDF || !sn->pdf_streams)
		return; /* nothing in it but its raw bytes, which were sniffed */
	if (h->pdf_over) {
		note(x->r, VC_PRIVATE_KEYS, VS_WARNING, NULL, "'%s': its streams were not looked into: "
			"%s", x->a.v[i].name, h->pdf_late ? "the first starts after its first MiB" :
			"it is larger than 512 MiB, the bound of the structural check");
		return;
	}
	sniff_pdf_buffer(h->pdf, h->npdf, &pr);
	if (pr.secret && !sn->secret)
		sn->secret = pr.secret;
	if (pr.encrypted)
		sn->pdf_encrypted = true;
	if (pr.problem[0])
		note(x->r, VC_PRIVATE_KEYS, VS_WARNING, NULL, "'%s': its streams were not all looked "
			"into: %s", x->a.v[i].name, pr.problem);
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

static void check_digests(struct run *x)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	for (size_t k = 0; k < x->m.n; k++) {
		const struct asice_ref *ref = &x->m.refs[k];
		long i = x->ref_entry[k];
		if (i < 0)
			continue;
		if (!stream(x, (size_t)i, ref->md, md, &mdlen)) {
			note(x->r, VC_DIGESTS, VS_FAILED, HASH_FAILURE, "'%s' cannot be read to check "
				"its digest", ref->uri);
			continue;
		}
		if (mdlen != ref->digest_len || memcmp(md, ref->digest, mdlen) != 0)
			note(x->r, VC_DIGESTS, VS_FAILED, HASH_FAILURE, "'%s' is not what was signed: "
				"its digest differs from the manifest's", x->a.v[i].name);
	}
	for (size_t i = 0; i < x->a.n; i++) /* sniff the rest for private key material */
		if (!x->streamed[i])
			stream(x, i, NULL, NULL, NULL);
	if (!x->r->c[VC_DIGESTS].nlines)
		note(x->r, VC_DIGESTS, VS_PASSED, NULL, "%zu digests match", x->m.n);
}

/* ---- the signature --------------------------------------------------------------------- */

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

static void map_cades(struct run *x)
{
	struct vresult *r = x->r;
	const struct cades_result *c = &x->cr;

	switch (c->fail) {
	case CADES_FORMAT:
		note(r, VC_SIG_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", c->why);
		break;
	case CADES_NO_SIGNER:
		note(r, VC_SIG_FORMAT, VS_INDETERMINATE, NO_SIGNING_CERT, "%s", c->why);
		break;
	case CADES_HASH:
		note(r, VC_SIG_DIGEST, VS_FAILED, HASH_FAILURE, "%s", c->why);
		break;
	case CADES_CRYPTO:
		note(r, VC_SIG_VALUE, VS_FAILED, SIG_CRYPTO_FAILURE, "%s", c->why);
		break;
	case CADES_SIGNING_CERT:
		note(r, VC_SIG_CERT, VS_INDETERMINATE, NO_SIGNING_CERT, "%s", c->why);
		break;
	case CADES_OK:
		break;
	}
	if (!r->c[VC_SIG_FORMAT].nlines)
		note(r, VC_SIG_FORMAT, VS_PASSED, NULL, "detached CMS SignedData, %s, %d "
			"certificates", c->digest ? c->digest : "?", sk_X509_num(c->certs));
	for (int k = VC_SIG_DIGEST; k <= VC_SIG_CERT; k++) {
		static const char *const passed[] = {"the manifest's digest is signed",
			"the signature value verifies", "the signer's certificate is the one named"};
		if (!r->c[k].nlines)
			note(r, (enum vcheck)k, c->fail ? VS_SKIPPED : VS_PASSED, NULL, "%s",
				c->fail ? "not checked: a step before failed" : passed[k - VC_SIG_DIGEST]);
	}
}

static void check_signature(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char *der = NULL;
	size_t len = 0;
	long i = find_uri(x, x->m.sig_uri);

	if (i < 0) {
		note(x->r, VC_SIG_PRESENT, VS_INDETERMINATE, NO_SIGNING_CERT, "there is no signature "
			"'%s': an unsigned container (for review, not a submission)", x->m.sig_uri);
		skip(x->r, VC_SIG_FORMAT, VC_SIGNER_CHAIN, "no signature");
		return;
	}
	note(x->r, VC_SIG_PRESENT, VS_PASSED, NULL, "%s", x->a.v[i].name);
	if (asice_load(&x->a, (size_t)i, CADES_MAX_DER, &der, &len, &err)) {
		note(x->r, VC_SIG_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
		skip(x->r, VC_SIG_DIGEST, VC_SIGNER_CHAIN, "no readable signature");
		return;
	}
	cades_verify(der, len, x->manifest, x->manifest_len, &x->cr, &err);
	free(der);
	x->has_signer = x->cr.signer != NULL;
	if (x->cr.signer)
		subject_line(x->cr.signer, x->r->signer, sizeof(x->r->signer));
	if (x->cr.has_signing_time)
		time_format(x->cr.signing_time, x->r->signing_time);
	map_cades(x);
}

static void check_chain(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	X509 *s = x->cr.signer;
	time_t t = x->cr.has_signing_time ? x->cr.signing_time : x->o->now;
	char when[21];
	int rc;

	if (!s) {
		skip(x->r, VC_SIGNER_CHAIN, VC_SIGNER_CHAIN, "no signer's certificate");
		return;
	}
	time_format(t, when);
	if (X509_cmp_time(X509_get0_notBefore(s), &t) > 0 ||
		X509_cmp_time(X509_get0_notAfter(s), &t) < 0) {
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, OUT_OF_BOUNDS, "the signer's "
			"certificate was not valid at the signing time %s", when);
		return;
	}
	if (!x->o->anchors || !sk_X509_num(x->o->anchors)) {
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, NO_CHAIN, "no trust anchor to check "
			"the chain with (give --trust)");
		return;
	}
	rc = cert_verify_chain_anchors(s, x->cr.certs, x->o->anchors, t, &err);
	if (rc == COT_FINDINGS || rc == COT_USAGE)
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, NO_CHAIN, "%s", err.msg);
	else if (rc)
		note(x->r, VC_SIGNER_CHAIN, VS_INDETERMINATE, CHAIN_GENERAL, "%s", err.msg);
	else
		note(x->r, VC_SIGNER_CHAIN, VS_PASSED, NULL, "chains to a trust anchor at %s", when);
}

/* ---- what the bundle holds ------------------------------------------------------------------ */

static void check_submission(struct run *x)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, BUNDLE_SUBMISSION);

	if (i < 0) {
		note(x->r, VC_SUBMISSION, VS_FAILED, FORMAT_FAILURE, "there is no %s",
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
	if (x->r->has_submission)
		note(x->r, VC_SUBMISSION, VS_PASSED, NULL, "%s, KBO %s, route %s%s",
			x->r->sub_xml.name, x->r->sub_xml.kbo, route_name(x->r->sub_xml.route),
			x->r->sub_xml.is_signed ? "" : ", declared unsigned");
}

static void check_signer_id(struct run *x)
{
	const struct submission *s = &x->r->sub_xml;
	struct cot_err err = COT_ERR_INIT;
	struct ehealth_subject subj;

	if (!x->has_signer || !x->r->has_submission) {
		skip(x->r, VC_SIGNER_ID, VC_SIGNER_ID, !x->has_signer ? "no signer's certificate" :
			"no valid submission.xml");
		return;
	}
	if (cert_ehealth_subject(x->cr.signer, &subj, &err)) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS, "the signer's certificate "
			"is not an eHealth organisation certificate: %s", err.msg);
		return;
	}
	if (cert_ehealth_match(&subj, s->kbo, s->nihii[0] ? s->nihii : NULL, &err)) {
		note(x->r, VC_SIGNER_ID, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s", err.msg);
		return;
	}
	note(x->r, VC_SIGNER_ID, VS_PASSED, NULL, "%s=%s, as submission.xml declares", subj.type_name,
		subj.id);
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
		skip(x->r, VC_DOCUMENTS, VC_DOCUMENTS, "no valid submission.xml says the route");
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
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS, "route %s needs %s "
				"(%s) and it is not there", route_name(s->route), d->what, d->entry);
		} else if (!x->streamed[i]) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s could not be read",
				d->entry);
		} else if (sniff_type(&x->sn[i]) != SNIFF_PDF) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s is not a PDF",
				d->entry);
		} else if (x->sn[i].pdf_encrypted) {
			note(x->r, VC_DOCUMENTS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s is an encrypted "
				"PDF", d->entry);
		} else if (!listed(s, (enum bundle_role)k)) {
			note(x->r, VC_DOCUMENTS, VS_WARNING, NULL, "%s is not listed in submission.xml",
				d->entry);
		}
	}
	if (!x->r->c[VC_DOCUMENTS].nlines)
		note(x->r, VC_DOCUMENTS, VS_PASSED, NULL, "%u documents for route %s, each a PDF", n,
			route_name(s->route));
}

/* Loads a YAML entry of the bundle as a tree; NULL (and noted) when it cannot be. */
static struct ynode *load_yaml(struct run *x, const char *name, struct diag_list *d)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct cot_err err = COT_ERR_INIT;
	struct ynode *root = NULL;
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(&x->a, name);

	if (i < 0)
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "route direct needs %s and "
			"it is not there", name);
	else if (asice_load(&x->a, (size_t)i, CHECKLIST_MAX_BYTES, &data, &len, &err))
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s", err.msg);
	else
		ydoc_parse(name, (const char *)data, len, &lim, &root, d);
	free(data);
	return root;
}

/* Findings about files the bundle does not carry: evidence stays with the organisation. */
static bool about_evidence_files(const struct diag *f)
{
	return f->rule && (strcmp(f->rule, "evidence-missing") == 0 ||
		strcmp(f->rule, "evidence-unreadable") == 0 || strcmp(f->rule, "evidence-empty") == 0);
}

static void judge_answers(struct run *x, const struct reqset *rs, const struct answers *a,
	struct diag_list *d)
{
	const struct submission *s = &x->r->sub_xml;
	struct check_result res;
	struct check_opts o = {.root = NO_EVIDENCE_ROOT, .route = s->route, .kind = s->kind,
		.now = x->o->now, .org_kbo = s->kbo, .org_name = s->name};
	unsigned errors = 0;
	time_t t;

	if (time_parse(s->created, &t))
		o.now = t;
	reqset_lint(rs, d);
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
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "no requirement applies");
	else if (!errors)
		note(x->r, VC_ANSWERS, VS_PASSED, NULL, "%zu requirements of %s %s, no error "
			"(evidence files stay with the organisation)", res.nreqs, rs->id, rs->version);
	check_result_release(&res);
}

static void check_answers(struct run *x)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs = REQSET_INIT;
	struct answers a = ANSWERS_INIT;
	struct ynode *rt = NULL, *at = NULL;

	if (!x->r->has_submission) {
		skip(x->r, VC_ANSWERS, VC_ANSWERS, "no valid submission.xml says the route");
		return;
	}
	if (x->r->sub_xml.route != ROUTE_DIRECT) {
		note(x->r, VC_ANSWERS, VS_PASSED, NULL, "route vitalink carries no checklist");
		return;
	}
	d.max = 100;
	rt = load_yaml(x, BUNDLE_REQUIREMENTS, &d);
	at = load_yaml(x, BUNDLE_ANSWERS, &d);
	if (rt && at && !reqset_from_tree(BUNDLE_REQUIREMENTS, rt, &rs, &d) &&
		!answers_from_tree(BUNDLE_ANSWERS, at, &a, &d))
		judge_answers(x, &rs, &a, &d);
	else
		for (size_t i = 0; i < d.n && i < VERIFY_MAX_LINES; i++)
			note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%s:%u:%u: %s [%s]",
				d.v[i].file ? d.v[i].file : "", d.v[i].line, d.v[i].col, d.v[i].msg,
				d.v[i].rule ? d.v[i].rule : "");
	if (!x->r->c[VC_ANSWERS].nlines)
		note(x->r, VC_ANSWERS, VS_INDETERMINATE, SIG_CONSTRAINTS, "the checklist files cannot "
			"be read");
	ynode_free(rt);
	ynode_free(at);
	reqset_release(&rs);
	answers_release(&a);
	diag_list_release(&d);
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
		note(x->r, VC_PRIVATE_KEYS, VS_INDETERMINATE, SIG_CONSTRAINTS, "%u entries could not "
			"be read to look for private keys", unread);
	else if (!x->r->c[VC_PRIVATE_KEYS].nlines)
		note(x->r, VC_PRIVATE_KEYS, VS_PASSED, NULL, "none in %zu entries", x->a.n);
}

/* ---- the verdict ------------------------------------------------------------------------------ */

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
		note(r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, "out of memory");
		return;
	}
	check_archive(x);
	check_mimetype(x);
	check_manifest(x);
	if (x->has_manifest && x->may_read) {
		x->ref_entry = calloc(x->m.n + 1, sizeof(*x->ref_entry));
		if (!x->ref_entry) {
			note(r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, "out of memory");
			return;
		}
		check_references(x);
		check_digests(x);
		check_signature(x);
		check_chain(x);
	} else {
		skip(r, VC_REFERENCES, VC_SIGNER_CHAIN, x->may_read ? "no readable manifest" :
			"the archive is beyond the limits: not decompressed");
	}
	if (x->may_read) {
		check_submission(x);
		check_signer_id(x);
		check_documents(x);
		check_answers(x);
	} else {
		skip(r, VC_SUBMISSION, VC_ANSWERS, "the archive is beyond the limits: not decompressed");
	}
	check_keys(x);
}

static void finish(struct run *x)
{
	for (int c = 0; c < VC_COUNT; c++)
		if (x->r->c[c].status == VS_PASSED && !x->r->c[c].nlines)
			note(x->r, (enum vcheck)c, VS_PASSED, NULL, "%s", vcheck_title((enum vcheck)c));
	verdict(x->r);
	asice_archive_release(&x->a);
	asice_manifest_release(&x->m);
	cades_result_release(&x->cr);
	free(x->manifest);
	free(x->sn);
	free(x->streamed);
	free(x->referenced);
	free(x->ref_entry);
	ERR_clear_error();
}

static void opened(struct run *x, int rc, const struct cot_err *err)
{
	static const unsigned char local[] = {'P', 'K', 3, 4};

	if (rc && x->a.has_eocd && (x->a.nhead < 4 || memcmp(x->a.head, local, 4) != 0)) {
		note(x->r, VC_ARCHIVE_PREPENDED, VS_FAILED, FORMAT_FAILURE, "something comes before "
			"the archive (a self-extracting stub?): %s", err->msg);
		skip(x->r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, "not a readable archive");
	} else if (rc) {
		note(x->r, rc == COT_FINDINGS ? VC_ARCHIVE_LIMITS : VC_ARCHIVE_FORMAT, VS_FAILED,
			FORMAT_FAILURE, "%s", err->msg);
		skip(x->r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, "not a readable archive");
	} else {
		run_checks(x);
	}
	finish(x);
}

void verify_file(const char *path, const struct verify_opts *o, struct vresult *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct run x = {.o = o, .r = r, .manifest_entry = -1};
	int rc;

	r->path = strdup(path);
	if (!r->path)
		mem_die();
	if (fs_sha256(path, r->sha256, &err)) {
		r->unreadable = true;
		r->sha256[0] = '\0';
		note(r, VC_ARCHIVE_FORMAT, VS_FAILED, FORMAT_FAILURE, "%s", err.msg);
		skip(r, VC_ARCHIVE_FORMAT, VC_PRIVATE_KEYS, "the file cannot be read");
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
	struct run x = {.o = o, .r = r, .manifest_entry = -1};
	int rc;

	r->path = strdup(name);
	if (!r->path)
		mem_die();
	sha256_hex(data, len, r->sha256);
	r->size = len;
	rc = asice_open_mem(data, len, &x.a, &err);
	opened(&x, rc, &err);
}

/* ---- many bundles at once ----------------------------------------------------------------------- */

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

	xmlInitParser();
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
	(void)err;
	return COT_OK;
}
