/* Reading an ASiC-E container that may be hostile: entries listed, streamed with limits, never
 * extracted. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "cot/asice.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/xmlbound.h"
#include "cot/xml-load.h"
#include "cot/zip-load.h"

#define CHUNK 65536
#define EOCD_SPAN (65535 + 22) /* a comment of at most 64 KiB, then the record */

void asice_archive_init(struct asice_archive *a)
{
	memset(a, 0, sizeof(*a));
}

void asice_archive_release(struct asice_archive *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].name);
	free(a->v);
	zipwalk_release(&a->layout);
	if (a->za)
		zip_api.discard(a->za);
	asice_archive_init(a);
}

static int zip_reason(struct cot_err *err, int zerr, const char *what)
{
	zip_error_t ze;
	int rc;

	zip_api.error_init_with_code(&ze, zerr);
	rc = cot_err_set(err, COT_USAGE, _("%s is not a readable zip archive: %s"), what,
		zip_api.error_strerror(&ze));
	zip_api.error_fini(&ze);
	return rc;
}

static bool is_symlink(zip_uint8_t opsys, zip_uint32_t attr)
{
	return opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0120000;
}

static bool is_dir(const char *name, zip_uint8_t opsys, zip_uint32_t attr)
{
	size_t n = strlen(name);

	if (n && name[n - 1] == '/')
		return true;
	return opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & 0170000) == 0040000;
}

/*
 * The walk's central entries are libzip's, in the same order and with the same
 * names byte for byte; their flags go to the entries.
 */
static void compare_walk(struct asice_archive *a)
{
	struct zipwalk *w = &a->layout;

	if (w->n != a->n) {
		if (w->total == 0)
			zipwalk_issue(w, w->cd_offset,
				ngettext("libzip reads %zu entry, the central "
					 "directory holds %zu",
					"libzip reads %zu entries, the central directory "
					"holds %zu",
					a->n),
				a->n, w->n);
		return;
	}
	for (size_t i = 0; i < a->n; i++) {
		const struct zipwalk_entry *z = &w->v[i];
		a->v[i].flags = z->flags;
		if (z->name_len != strlen(z->name))
			zipwalk_issue(w, z->offset,
				_("libzip reads the name '%s' where the central "
				  "directory says '%.100s' (a NUL inside)"),
				a->v[i].name, z->name);
		else if (strcmp(z->name, a->v[i].name) != 0)
			zipwalk_issue(w, z->offset,
				_("libzip reads the name '%s' where the central "
				  "directory says '%.100s'"),
				a->v[i].name, z->name);
	}
}

static int list_entries(struct asice_archive *a, struct cot_err *err)
{
	zip_int64_t n = zip_api.get_num_entries(a->za, 0);

	if (n < 0)
		return cot_err_set(err, COT_USAGE, _("the archive's entries cannot be listed"));
	if ((uint64_t)n > ASICE_MAX_ENTRIES)
		return cot_err_set(err, COT_FINDINGS,
			_("the archive has %lld entries (at most %d)"), (long long)n,
			ASICE_MAX_ENTRIES);
	a->v = calloc((size_t)n + 1, sizeof(*a->v));
	if (!a->v)
		return cot_err_nomem(err);
	for (zip_int64_t i = 0; i < n; i++) {
		struct asice_entry *e = &a->v[a->n];
		zip_stat_t st;
		zip_uint8_t opsys = 0;
		zip_uint32_t attr = 0;
		if (zip_api.stat_index(a->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) < 0 || !st.name)
			return cot_err_set(err, COT_USAGE, _("entry %lld cannot be read: %s"),
				(long long)i, zip_api.strerror(a->za));
		zip_api.file_get_external_attributes(a->za, (zip_uint64_t)i, 0, &opsys, &attr);
		e->name = strdup(st.name);
		if (!e->name)
			return cot_err_nomem(err);
		e->index = (uint64_t)i;
		e->size = st.size;
		e->comp_size = st.comp_size;
		e->method = st.comp_method;
		e->encrypted = st.encryption_method != ZIP_EM_NONE;
		e->symlink = is_symlink(opsys, attr);
		e->dir = is_dir(e->name, opsys, attr);
		a->n++;
	}
	compare_walk(a);
	return COT_OK;
}

/* Opens src a second time with ZIP_CHECKCONS, to note what libzip finds inconsistent. */
static void check_consistency(struct asice_archive *a, zip_source_t *src)
{
	zip_error_t ze;
	zip_t *za;

	zip_api.error_init(&ze);
	za = zip_api.open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (za) {
		zip_api.discard(za);
	} else {
		if (zip_api.error_code_zip(&ze) != ZIP_ER_EXISTS)
			snprintf(a->incons, sizeof(a->incons), "%s", zip_api.error_strerror(&ze));
		zip_api.source_free(src);
	}
	zip_api.error_fini(&ze);
}

static int open_source(struct asice_archive *a, zip_source_t *src, zip_source_t *again,
	const char *what, struct cot_err *err)
{
	zip_error_t ze;
	int rc;

	zip_api.error_init(&ze);
	a->za = zip_api.open_from_source(src, ZIP_RDONLY, &ze);
	if (!a->za) {
		rc = zip_reason(err, zip_api.error_code_zip(&ze), what);
		zip_api.source_free(src);
		zip_api.source_free(again);
		zip_api.error_fini(&ze);
		return rc;
	}
	zip_api.error_fini(&ze);
	if (again)
		check_consistency(a, again);
	return list_entries(a, err);
}

static bool has_eocd(const unsigned char *tail, size_t n)
{
	return memmem(tail, n, "PK\5\6", 4) != NULL;
}

int asice_open_mem(const void *data, size_t len, struct asice_archive *a, struct cot_err *err)
{
	zip_error_t ze;
	zip_source_t *src, *again;
	size_t span = len < EOCD_SPAN ? len : EOCD_SPAN;

	asice_archive_init(a);
	if (zip_load(err))
		return COT_ENV;
	a->file_size = len;
	a->nhead = len < ASICE_HEAD ? len : ASICE_HEAD;
	memcpy(a->head, data, a->nhead);
	a->has_eocd = has_eocd((const unsigned char *)data + len - span, span);
	if (zipwalk_mem(data, len, &a->layout, err) == COT_ENV)
		return COT_ENV;
	zip_api.error_init(&ze);
	src = zip_api.source_buffer_create(data, len, 0, &ze);
	again = zip_api.source_buffer_create(data, len, 0, &ze);
	zip_api.error_fini(&ze);
	if (!src || !again) {
		zip_api.source_free(src);
		zip_api.source_free(again);
		return cot_err_nomem(err);
	}
	return open_source(a, src, again, _("the container"), err);
}

static const char *file_kind(mode_t m)
{
	return S_ISDIR(m)    ? _("a directory")
	       : S_ISFIFO(m) ? _("a FIFO")
	       : S_ISCHR(m)  ? _("a character device")
	       : S_ISBLK(m)  ? _("a block device")
	       : S_ISSOCK(m) ? _("a socket")
			     : _("not a regular file");
}

/* Opens path, without blocking, only when it is a regular file (its stat in st). */
static int open_regular(const char *path, int *fd, struct stat *st, struct cot_err *err)
{
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (*fd < 0) {
		int e = errno;
		if (stat(path, st) == 0 && !S_ISREG(st->st_mode))
			return cot_err_set(err, COT_USAGE, _("cannot read '%s': %s"), path,
				file_kind(st->st_mode));
		return cot_err_sys(err, COT_USAGE, e, _("cannot read '%s'"), path);
	}
	if (fstat(*fd, st) < 0 || !S_ISREG(st->st_mode)) {
		int rc = cot_err_set(
			err, COT_USAGE, _("cannot read '%s': %s"), path, file_kind(st->st_mode));
		close(*fd);
		*fd = -1;
		return rc;
	}
	return COT_OK;
}

int asice_check_file(const char *path, struct cot_err *err)
{
	struct stat st;
	int fd, rc = open_regular(path, &fd, &st, err);

	if (!rc)
		close(fd);
	return rc;
}

static int read_head(int fd, const char *path, struct asice_archive *a, struct cot_err *err)
{
	off_t size = (off_t)a->file_size;
	unsigned char *tail;
	ssize_t r;

	do
		r = pread(fd, a->head, ASICE_HEAD, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), path);
	a->nhead = (size_t)r;
	if ((tail = malloc(EOCD_SPAN))) {
		off_t at = size > (off_t)EOCD_SPAN ? size - (off_t)EOCD_SPAN : 0;
		ssize_t t = pread(fd, tail, EOCD_SPAN, at);
		a->has_eocd = t > 0 && has_eocd(tail, (size_t)t);
		free(tail);
	}
	return COT_OK;
}

/* A libzip source of path opened once more: the file st describes, or NULL. */
static zip_source_t *reopen(const char *path, const struct stat *st)
{
	struct stat again;
	zip_source_t *src;
	zip_error_t ze;
	FILE *f = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd >= 0 && fstat(fd, &again) == 0 && again.st_dev == st->st_dev &&
		again.st_ino == st->st_ino)
		f = fdopen(fd, "rb");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	zip_api.error_init(&ze);
	src = zip_api.source_filep_create(f, 0, -1, &ze);
	zip_api.error_fini(&ze);
	if (!src)
		fclose(f);
	return src;
}

int asice_open_file(const char *path, struct asice_archive *a, struct cot_err *err)
{
	zip_source_t *src = NULL, *again = NULL;
	struct stat st;
	char what[600];
	int fd, rc;

	asice_archive_init(a);
	if ((rc = zip_load(err)) || (rc = open_regular(path, &fd, &st, err)))
		return rc;
	a->file_size = (uint64_t)st.st_size;
	rc = read_head(fd, path, a, err);
	if (!rc && zipwalk_fd(fd, a->file_size, &a->layout, err) == COT_ENV)
		rc = COT_ENV;
	errno = 0;
	if (!rc && (!(src = reopen(path, &st)) || !(again = reopen(path, &st)))) {
		zip_api.source_free(src);
		if (errno == ENOMEM)
			rc = cot_err_nomem(err);
		else
			rc = cot_err_set(
				err, COT_USAGE, _("cannot read '%s' (changed while read?)"), path);
	}
	close(fd);
	if (rc)
		return rc;
	snprintf(what, sizeof(what), "'%s'", path);
	return open_source(a, src, again, what, err);
}

long asice_find(const struct asice_archive *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			return (long)i;
	return -1;
}

static int read_error(zip_file_t *zf, const struct asice_entry *e, struct cot_err *err)
{
	return cot_err_set(
		err, COT_USAGE, _("'%s' cannot be read: %s"), e->name, zip_api.file_strerror(zf));
}

/* Reads the entry, never more than declared + 1 bytes, through fn. */
static int stream_entry(zip_file_t *zf, const struct asice_entry *e,
	int (*fn)(const void *, size_t, void *), void *arg, struct cot_err *err)
{
	unsigned char *buf = malloc(CHUNK);
	uint64_t got = 0;
	int rc = COT_OK;

	if (!buf)
		return cot_err_nomem(err);
	for (;;) {
		uint64_t room = e->size + 1 - got;
		zip_int64_t r = zip_api.fread(zf, buf, room < CHUNK ? room : CHUNK);
		if (r < 0) {
			rc = read_error(zf, e, err);
			break;
		}
		if (r == 0)
			break;
		got += (uint64_t)r;
		if (got > e->size) {
			rc = cot_err_set(err, COT_FINDINGS,
				_("'%s' declares %llu bytes but holds more"), e->name,
				(unsigned long long)e->size);
			break;
		}
		if ((rc = fn(buf, (size_t)r, arg)))
			break;
	}
	if (!rc && got < e->size)
		rc = cot_err_set(err, COT_FINDINGS, _("'%s' declares %llu bytes but holds %llu"),
			e->name, (unsigned long long)e->size, (unsigned long long)got);
	free(buf);
	return rc;
}

int asice_stream(struct asice_archive *a, size_t i, uint64_t max,
	int (*fn)(const void *data, size_t len, void *arg), void *arg, struct cot_err *err)
{
	const struct asice_entry *e = &a->v[i];
	zip_file_t *zf;
	int rc;

	if (e->size > max)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is too large (%llu bytes, at most %llu)"), e->name,
			(unsigned long long)e->size, (unsigned long long)max);
	if (e->encrypted)
		return cot_err_set(err, COT_USAGE, _("'%s' is encrypted"), e->name);
	zf = zip_api.fopen_index(a->za, e->index, 0);
	if (!zf)
		return cot_err_set(err, COT_USAGE, _("'%s' cannot be read: %s"), e->name,
			zip_api.strerror(a->za));
	rc = stream_entry(zf, e, fn, arg, err);
	zip_api.fclose(zf);
	return rc;
}

struct load_ctx {
	unsigned char *p;
	size_t len;
};

static int load_chunk(const void *data, size_t len, void *arg)
{
	struct load_ctx *c = arg;

	memcpy(c->p + c->len, data, len);
	c->len += len;
	return 0;
}

int asice_load(struct asice_archive *a, size_t i, size_t max, unsigned char **out, size_t *len,
	struct cot_err *err)
{
	struct load_ctx c = {NULL, 0};
	int rc;

	*out = NULL;
	if (a->v[i].size > max)
		return cot_err_set(err, COT_USAGE, _("'%s' is too large (%llu bytes, at most %zu)"),
			a->v[i].name, (unsigned long long)a->v[i].size, max);
	c.p = malloc((size_t)a->v[i].size + 1);
	if (!c.p)
		return cot_err_nomem(err);
	rc = asice_stream(a, i, a->v[i].size, load_chunk, &c, err);
	if (rc) {
		free(c.p);
		return rc;
	}
	c.p[c.len] = '\0';
	*out = c.p;
	*len = c.len;
	return COT_OK;
}

/* ---- the manifest ---------------------------------------------------------------- */

void asice_manifest_init(struct asice_manifest *m)
{
	memset(m, 0, sizeof(*m));
}

void asice_manifest_release(struct asice_manifest *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->refs[i].uri);
		free(m->refs[i].mime);
	}
	free(m->refs);
	free(m->sig_uri);
	asice_manifest_init(m);
}

bool asice_xml_has_dtd(const void *data, size_t len)
{
	return memmem(data, len, "<!DOCTYPE", 9) || memmem(data, len, "<!ENTITY", 8);
}

static bool is_el(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static const EVP_MD *digest_by_uri(const char *uri)
{
	if (!uri)
		return NULL;
	if (strcmp(uri, ASICE_SHA256_URI) == 0)
		return EVP_sha256();
	if (strcmp(uri, "http://www.w3.org/2001/04/xmldsig-more#sha384") == 0)
		return EVP_sha384();
	if (strcmp(uri, "http://www.w3.org/2001/04/xmlenc#sha512") == 0)
		return EVP_sha512();
	return NULL;
}

/* Decodes base64 text (whitespace allowed) of exactly want bytes into out. */
static bool decode_digest(const char *text, unsigned char *out, size_t want)
{
	char clean[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 8];
	unsigned char bin[sizeof(clean)];
	size_t n = 0, pad = 0;
	int r;

	for (const char *p = text; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			continue;
		if (n + 1 >= sizeof(clean))
			return false;
		clean[n++] = *p;
	}
	clean[n] = '\0';
	if (n == 0 || n % 4)
		return false;
	pad = (clean[n - 1] == '=') + (clean[n - 2] == '=');
	r = EVP_DecodeBlock(bin, (const unsigned char *)clean, (int)n);
	if (r < 0 || (size_t)r - pad != want)
		return false;
	memcpy(out, bin, want);
	return true;
}

static int parse_ref(const xmlNode *n, struct asice_ref *ref, struct cot_err *err)
{
	const xmlNode *method = NULL, *value = NULL;
	char *alg = NULL, *text;
	bool ok;

	ref->uri = xml_attr(n, "URI");
	ref->mime = xml_attr(n, "MimeType");
	if (!ref->uri || !ref->uri[0])
		return cot_err_set(err, COT_USAGE, _("a DataObjectReference has no URI"));
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (is_el(c, ASICE_DSIG_NS, "DigestMethod") && !method)
			method = c;
		else if (is_el(c, ASICE_DSIG_NS, "DigestValue") && !value)
			value = c;
	}
	if (!method || !value)
		return cot_err_set(err, COT_USAGE,
			_("the reference to '%s' has no DigestMethod and "
			  "DigestValue"),
			ref->uri);
	alg = xml_attr(method, "Algorithm");
	ref->md = digest_by_uri(alg);
	if (!ref->md) {
		cot_err_set(err, COT_USAGE,
			_("the reference to '%s' uses the digest '%s' (cot takes "
			  "SHA-256, SHA-384 or SHA-512)"),
			ref->uri, alg ? alg : "");
		free(alg);
		return COT_USAGE;
	}
	free(alg);
	ref->digest_len = (size_t)EVP_MD_get_size(ref->md);
	text = xml_text(value);
	ok = decode_digest(text, ref->digest, ref->digest_len);
	free(text);
	if (!ok)
		return cot_err_set(err, COT_USAGE,
			_("the digest of '%s' is not base64 of the right "
			  "length"),
			ref->uri);
	return COT_OK;
}

static int parse_root(const xmlNode *root, struct asice_manifest *m, struct cot_err *err)
{
	size_t count = 0;
	int rc;

	if (!root || !is_el(root, ASICE_NS, "ASiCManifest"))
		return cot_err_set(err, COT_USAGE,
			_("the root is not an ASiCManifest in the namespace "
			  "%s"),
			ASICE_NS);
	for (const xmlNode *c = root->children; c; c = c->next)
		count += is_el(c, ASICE_NS, "DataObjectReference");
	m->refs = calloc(count + 1, sizeof(*m->refs));
	if (!m->refs)
		return cot_err_nomem(err);
	for (const xmlNode *c = root->children; c; c = c->next) {
		if (is_el(c, ASICE_NS, "SigReference")) {
			if (m->sig_uri)
				return cot_err_set(
					err, COT_USAGE, _("it has more than one SigReference"));
			m->sig_uri = xml_attr(c, "URI");
			if (!m->sig_uri || !m->sig_uri[0])
				return cot_err_set(
					err, COT_USAGE, _("its SigReference has no URI"));
		} else if (is_el(c, ASICE_NS, "DataObjectReference")) {
			if ((rc = parse_ref(c, &m->refs[m->n++], err)))
				return rc;
		}
	}
	if (!m->sig_uri)
		return cot_err_set(err, COT_USAGE, _("it has no SigReference"));
	return COT_OK;
}

int asice_xml_bounds(const void *data, size_t len, struct cot_err *err)
{
	static const struct xml_limits max = {
		ASICE_XML_MAX_ATTRS, ASICE_XML_MAX_NS, ASICE_XML_MAX_DEPTH, ASICE_XML_MAX_NODES};

	return xml_bound_check(data, len, &max, err);
}

/* libxml2's last error of this thread as "not well-formed XML: why (line N)". */
static int xml_error(struct cot_err *err)
{
	const xmlError *e = xml_api.get_last_error();
	char why[256] = "";
	size_t k;

	if (e && e->message)
		snprintf(why, sizeof(why), "%s", e->message);
	k = strlen(why);
	while (k && (why[k - 1] == '\n' || why[k - 1] == ' '))
		why[--k] = '\0';
	/* TRANSLATORS: libxml2's reason (in English), the line. */
	if (why[0])
		cot_err_set(err, COT_USAGE, _("it is not well-formed XML: %s (line %d)"), why,
			e ? e->line : 0);
	else
		cot_err_set(
			err, COT_USAGE, _("it is not well-formed XML (line %d)"), e ? e->line : 0);
	xml_api.reset_last_error();
	return COT_USAGE;
}

int asice_manifest_parse(
	const void *data, size_t len, struct asice_manifest *m, struct cot_err *err)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlDoc *doc;
	int rc;

	asice_manifest_init(m);
	if ((rc = xml_load(err)))
		return rc;
	if (len > ASICE_MANIFEST_MAX)
		return cot_err_set(err, COT_USAGE, _("it is too large (%zu bytes, at most %zu)"),
			len, ASICE_MANIFEST_MAX);
	if (memchr(data, '\0', len))
		return cot_err_set(err, COT_USAGE, _("it is not UTF-8 text (it holds NUL bytes)"));
	if (asice_xml_has_dtd(data, len))
		return cot_err_set(err, COT_USAGE,
			_("it has a document type declaration (DTD), which "
			  "cot never reads"));
	if ((rc = asice_xml_bounds(data, len, err)))
		return rc;
	doc = xml_api.read_memory(data, (int)len, "ASiCManifest.xml", "UTF-8", opts);
	if (!doc)
		return xml_error(err);
	rc = parse_root(xml_api.doc_get_root_element(doc), m, err);
	xml_api.free_doc(doc);
	if (rc)
		asice_manifest_release(m);
	return rc;
}
