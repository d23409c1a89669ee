/* Writing an ASiC-E container in one pass: libzip reads each file once through a hashing source. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include "cot/asice.h"
#include "cot/cades.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/zipout.h"
#include "cot/mem.h"
#include "cot/xml-load.h"
#include "cot/zip-load.h"

enum src_kind { SRC_ITEM, SRC_MANIFEST, SRC_SIGNATURE };

#define RA_BLOCK ((size_t)1 << 20)
#define RA_BLOCKS 4
#define RA_MIN ((uint64_t)4 << 20) /* files at least this large are read ahead by a thread */

struct writer;

/*
 * Read-ahead of one large file: a thread reads, hashes and sniffs RA_BLOCKS
 * blocks ahead of libzip, which compresses (CRC-32) and writes meanwhile.
 */
struct readahead {
	pthread_t th;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	unsigned char *blk[RA_BLOCKS];
	size_t len[RA_BLOCKS];
	size_t head, count; /* the block being consumed; filled blocks from head on */
	size_t off;	    /* consumed bytes of the head block (consumer only) */
	int error;	    /* errno of a failed read, -1 when the file changed */
	bool eof, stop;
	int fd; /* the thread's own from here: */
	uint64_t size;
	EVP_MD_CTX *md;
	struct sniff *sniff;
};

/* One entry's libzip source: a file or buffer streamed and hashed, or generated content. */
struct wsrc {
	struct writer *w;
	enum src_kind kind;
	struct asice_item *it;
	int fd;
	uint64_t pos, size;
	EVP_MD_CTX *md;
	struct readahead *ra;
	zip_error_t error;
};

struct writer {
	struct asice_item *items;
	size_t n;
	const struct asice_write_opts *o;
	struct cot_err *err;
	unsigned char *manifest;
	size_t manifest_len;
	unsigned char *sig;
	size_t sig_len;
	bool failed;	   /* err holds why */
	struct wsrc *srcs; /* n + 2 */
};

static zip_int64_t src_fail(struct wsrc *s, int code, int zip_code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static zip_int64_t src_fail(struct wsrc *s, int code, int zip_code, const char *fmt, ...)
{
	va_list ap;

	if (!s->w->failed) {
		va_start(ap, fmt);
		vsnprintf(s->w->err->msg, sizeof(s->w->err->msg), fmt, ap);
		va_end(ap);
		s->w->err->code = code;
		s->w->failed = true;
	}
	zip_api.error_set(&s->error, zip_code, 0);
	return -1;
}

/* A want of memory while libzip reads the source (cot_err_nomem), unless an error came first. */
static zip_int64_t src_nomem(struct wsrc *s)
{
	if (!s->w->failed) {
		cot_err_nomem(s->w->err);
		s->w->failed = true;
	}
	zip_api.error_set(&s->error, ZIP_ER_MEMORY, 0);
	return -1;
}

static zip_int64_t src_sys(struct wsrc *s, int code, int e, const char *what)
{
	if (!s->w->failed) {
		cot_err_sys(s->w->err, code, e, _("cannot read '%s'"), what);
		s->w->failed = true;
	}
	zip_api.error_set(&s->error, ZIP_ER_READ, e);
	return -1;
}

/* ---- items: files or buffers ------------------------------------------------ */

static zip_int64_t item_stat(struct wsrc *s, zip_stat_t *st)
{
	struct stat sb;

	if (s->it->path) {
		if (stat(s->it->path, &sb) < 0)
			return src_sys(s, COT_USAGE, errno, s->it->path);
		if (!S_ISREG(sb.st_mode))
			return src_fail(s, COT_USAGE, ZIP_ER_READ, _("'%s' is not a regular file"),
				s->it->path);
		s->size = (uint64_t)sb.st_size;
	} else {
		s->size = s->it->len;
	}
	zip_api.stat_init(st);
	st->valid = ZIP_STAT_SIZE;
	st->size = s->size;
	return sizeof(*st);
}

/* Reads up to n bytes, retrying short reads; the count, or -1 with errno. */
static ssize_t read_full(int fd, unsigned char *p, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* The read-ahead thread: reads, hashes and sniffs blocks while libzip compresses and writes. */
static void *ra_main(void *arg)
{
	struct readahead *ra = arg;
	uint64_t total = 0;
	char extra;

	for (;;) {
		size_t slot, want;
		ssize_t n;
		pthread_mutex_lock(&ra->mu);
		while (ra->count == RA_BLOCKS && !ra->stop)
			pthread_cond_wait(&ra->cv, &ra->mu);
		slot = (ra->head + ra->count) % RA_BLOCKS;
		pthread_mutex_unlock(&ra->mu);
		if (ra->stop)
			return NULL;
		want = ra->size - total < RA_BLOCK ? (size_t)(ra->size - total) : RA_BLOCK;
		n = read_full(ra->fd, ra->blk[slot], want);
		pthread_mutex_lock(&ra->mu);
		if (n < 0 || (size_t)n < want)
			ra->error = n < 0 ? errno : -1;
		else if (total + (uint64_t)n == ra->size && read(ra->fd, &extra, 1) != 0)
			ra->error = -1;
		pthread_mutex_unlock(&ra->mu);
		if (!ra->error) {
			EVP_DigestUpdate(ra->md, ra->blk[slot], (size_t)n);
			sniff_feed(ra->sniff, ra->blk[slot], (size_t)n);
			total += (uint64_t)n;
		}
		pthread_mutex_lock(&ra->mu);
		if (!ra->error) {
			ra->len[slot] = (size_t)n;
			ra->count++;
			ra->eof = total == ra->size;
		}
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
		if (ra->error || ra->eof)
			return NULL;
	}
}

static void ra_stop(struct wsrc *s)
{
	struct readahead *ra = s->ra;

	if (!ra)
		return;
	if (ra->running) {
		pthread_mutex_lock(&ra->mu);
		ra->stop = true;
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
		pthread_join(ra->th, NULL);
	}
	pthread_mutex_destroy(&ra->mu);
	pthread_cond_destroy(&ra->cv);
	for (size_t i = 0; i < RA_BLOCKS; i++)
		free(ra->blk[i]);
	free(ra);
	s->ra = NULL;
}

static zip_int64_t ra_start(struct wsrc *s)
{
	struct readahead *ra = calloc(1, sizeof(*ra));

	if (!ra)
		return src_nomem(s);
	s->ra = ra;
	pthread_mutex_init(&ra->mu, NULL);
	pthread_cond_init(&ra->cv, NULL);
	for (size_t i = 0; i < RA_BLOCKS; i++)
		if (!(ra->blk[i] = malloc(RA_BLOCK)))
			return src_nomem(s);
	ra->fd = s->fd;
	ra->size = s->size;
	ra->md = s->md;
	ra->sniff = &s->it->sniff;
	if (pthread_create(&ra->th, NULL, ra_main, ra) != 0)
		return src_fail(s, COT_ENV, ZIP_ER_INTERNAL, _("cannot start a thread"));
	ra->running = true;
	return 0;
}

/* The check sees the first bytes before the rest is read: a wrong file fails at once. */
static int check_head(struct wsrc *s)
{
	struct asice_item early = *s->it;
	unsigned char head[SNIFF_HEAD];
	ssize_t n;

	if (!s->w->o->check)
		return 0;
	do
		n = pread(s->fd, head, sizeof(head), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return (int)src_sys(s, COT_USAGE, errno, s->it->path);
	sniff_buffer(&early.sniff, head, (size_t)n);
	early.done = false;
	if (s->w->o->check(&early, s->w->o->check_arg, s->w->err)) {
		s->w->failed = true;
		zip_api.error_set(&s->error, ZIP_ER_READ, 0);
		return -1;
	}
	return 0;
}

static zip_int64_t item_open(struct wsrc *s)
{
	struct stat sb;

	sniff_init(&s->it->sniff);
	s->pos = 0;
	s->md = EVP_MD_CTX_new();
	if (!s->md || !EVP_DigestInit_ex(s->md, EVP_sha256(), NULL))
		return src_fail(s, COT_ENV, ZIP_ER_MEMORY, _("cannot start SHA-256"));
	if (!s->it->path)
		return 0;
	s->fd = open(s->it->path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0)
		return src_sys(s, COT_USAGE, errno, s->it->path);
	if (fstat(s->fd, &sb) < 0 || (uint64_t)sb.st_size != s->size)
		return src_fail(s, COT_USAGE, ZIP_ER_READ, _("'%s' changed while it was bundled"),
			s->it->path);
	posix_fadvise(s->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	if (check_head(s))
		return -1;
	return s->size >= RA_MIN ? ra_start(s) : 0;
}

/* The last byte was delivered: the file must end here, then the item is checked. */
static zip_int64_t item_finish(struct wsrc *s)
{
	struct asice_item *it = s->it;
	unsigned int mdlen = 0;
	char extra;

	if (s->ra) {
		ra_stop(s);
	} else if (it->path && read(s->fd, &extra, 1) != 0) {
		return src_fail(s, COT_USAGE, ZIP_ER_READ, _("'%s' changed while it was bundled"),
			it->path);
	}
	EVP_DigestFinal_ex(s->md, it->sha256, &mdlen);
	it->size = s->size;
	it->done = true;
	if (s->w->o->check && s->w->o->check(it, s->w->o->check_arg, s->w->err)) {
		s->w->failed = true;
		zip_api.error_set(&s->error, ZIP_ER_READ, 0);
		return -1;
	}
	return 0;
}

/* Hands libzip the next bytes of the read-ahead blocks. */
static zip_int64_t ra_read(struct wsrc *s, void *data, size_t want)
{
	struct readahead *ra = s->ra;
	size_t slot, n;
	int e;

	pthread_mutex_lock(&ra->mu);
	while (ra->count == 0 && !ra->error)
		pthread_cond_wait(&ra->cv, &ra->mu);
	e = ra->count == 0 ? ra->error : 0;
	slot = ra->head;
	pthread_mutex_unlock(&ra->mu);
	if (e > 0)
		return src_sys(s, COT_USAGE, e, s->it->path);
	if (e < 0)
		return src_fail(s, COT_USAGE, ZIP_ER_READ, _("'%s' changed while it was bundled"),
			s->it->path);
	n = ra->len[slot] - ra->off < want ? ra->len[slot] - ra->off : want;
	memcpy(data, ra->blk[slot] + ra->off, n);
	ra->off += n;
	if (ra->off == ra->len[slot]) {
		pthread_mutex_lock(&ra->mu);
		ra->head = (ra->head + 1) % RA_BLOCKS;
		ra->count--;
		ra->off = 0;
		pthread_cond_broadcast(&ra->cv);
		pthread_mutex_unlock(&ra->mu);
	}
	return (zip_int64_t)n;
}

static zip_int64_t item_read(struct wsrc *s, void *data, zip_uint64_t len)
{
	uint64_t left = s->size - s->pos;
	size_t want = (size_t)(len < left ? len : left);
	zip_int64_t r = 0;

	if (s->it->done)
		return 0;
	if (want == 0)
		return item_finish(s);
	if (s->ra) {
		r = ra_read(s, data, want);
		if (r > 0)
			s->pos += (uint64_t)r;
		return r;
	}
	if (!s->it->path) {
		memcpy(data, (const char *)s->it->data + s->pos, want);
		r = (zip_int64_t)want;
	} else {
		ssize_t n = read_full(s->fd, data, want);
		if (n < 0)
			return src_sys(s, COT_USAGE, errno, s->it->path);
		if (n == 0)
			return src_fail(s, COT_USAGE, ZIP_ER_READ,
				_("'%s' changed while it was bundled"), s->it->path);
		r = n;
	}
	EVP_DigestUpdate(s->md, data, (size_t)r);
	sniff_feed(&s->it->sniff, data, (size_t)r);
	s->pos += (uint64_t)r;
	return r;
}

static void item_close(struct wsrc *s)
{
	ra_stop(s);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	EVP_MD_CTX_free(s->md);
	s->md = NULL;
}

/* ---- generated entries: the manifest and the signature ------------------------- */

static void add_ref(xmlTextWriterPtr x, const struct asice_item *it)
{
	char b64[4 * ((sizeof(it->sha256) + 2) / 3) + 1];

	EVP_EncodeBlock((unsigned char *)b64, it->sha256, sizeof(it->sha256));
	xml_api.text_writer_start_element(x, BAD_CAST "asic:DataObjectReference");
	xml_api.text_writer_write_attribute(x, BAD_CAST "URI", BAD_CAST it->name);
	xml_api.text_writer_write_attribute(x, BAD_CAST "MimeType", BAD_CAST it->mime);
	xml_api.text_writer_start_element(x, BAD_CAST "ds:DigestMethod");
	xml_api.text_writer_write_attribute(x, BAD_CAST "Algorithm", BAD_CAST ASICE_SHA256_URI);
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_write_element(x, BAD_CAST "ds:DigestValue", BAD_CAST b64);
	xml_api.text_writer_end_element(x);
}

/*
 * The manifest asice_write writes for these items (their sha256 filled), a new
 * NUL-terminated string; NULL when out of memory. It names the signature entry also for
 * an unsigned container (the schema requires a SigReference).
 */
static char *asice_manifest_render(const struct asice_item *items, size_t n, size_t *len)
{
	return asice_manifest_render_sig(items, n, ASICE_SIGNATURE, len);
}

char *asice_manifest_render_sig(
	const struct asice_item *items, size_t n, const char *sig_uri, size_t *len)
{
	xmlBufferPtr buf;
	xmlTextWriterPtr x;
	char *out = NULL;
	int rc = -1;

	if (xml_load(NULL))
		return NULL;
	buf = xml_api.buffer_create();
	x = buf ? xml_api.new_text_writer_memory(buf, 0) : NULL;
	if (!x)
		goto out;
	xml_api.text_writer_set_indent(x, 1);
	xml_api.text_writer_set_indent_string(x, BAD_CAST "  ");
	xml_api.text_writer_start_document(x, "1.0", "UTF-8", "yes");
	xml_api.text_writer_start_element(x, BAD_CAST "asic:ASiCManifest");
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns:asic", BAD_CAST ASICE_NS);
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns:ds", BAD_CAST ASICE_DSIG_NS);
	xml_api.text_writer_start_element(x, BAD_CAST "asic:SigReference");
	xml_api.text_writer_write_attribute(x, BAD_CAST "URI", BAD_CAST sig_uri);
	xml_api.text_writer_write_attribute(x, BAD_CAST "MimeType", BAD_CAST ASICE_SIG_MIME);
	xml_api.text_writer_end_element(x);
	for (size_t i = 0; i < n; i++)
		add_ref(x, &items[i]);
	rc = xml_api.text_writer_end_document(x);
	xml_api.free_text_writer(x);
	x = NULL;
	if (rc >= 0) {
		*len = (size_t)xml_api.buffer_length(buf);
		out = malloc(*len + 1);
		if (out) {
			memcpy(out, xml_api.buffer_content(buf), *len);
			out[*len] = '\0';
		}
	}
out:
	xml_api.free_text_writer(x);
	xml_api.buffer_free(buf);
	return out;
}

static zip_int64_t gen_stat(struct wsrc *s, zip_stat_t *st)
{
	struct writer *w = s->w;

	if (s->kind == SRC_MANIFEST && !w->manifest) {
		for (size_t i = 0; i < w->n; i++)
			if (!w->items[i].done)
				return src_fail(s, COT_ENV, ZIP_ER_INTERNAL,
					_("'%s' was not read before the manifest"),
					w->items[i].name);
		w->manifest =
			(unsigned char *)asice_manifest_render(w->items, w->n, &w->manifest_len);
		if (!w->manifest)
			return src_nomem(s);
	} else if (s->kind == SRC_SIGNATURE && !w->sig) {
		const struct asice_signer *sg = w->o->signer;
		if (!w->manifest)
			return src_fail(s, COT_ENV, ZIP_ER_INTERNAL, _("no manifest to sign"));
		if (cades_sign(w->manifest, w->manifest_len, sg->key, sg->cert, sg->chain,
			    w->o->time, &w->sig, &w->sig_len, w->err) ||
			(w->o->seal && w->o->seal(&w->sig, &w->sig_len, w->o->seal_arg, w->err))) {
			/* never a signature without the seal asked for */
			OPENSSL_free(w->sig);
			w->sig = NULL;
			w->failed = true;
			zip_api.error_set(&s->error, ZIP_ER_INTERNAL, 0);
			return -1;
		}
	}
	s->size = s->kind == SRC_MANIFEST ? w->manifest_len : w->sig_len;
	zip_api.stat_init(st);
	st->valid = ZIP_STAT_SIZE;
	st->size = s->size;
	return sizeof(*st);
}

static zip_int64_t gen_read(struct wsrc *s, void *data, zip_uint64_t len)
{
	const unsigned char *src = s->kind == SRC_MANIFEST ? s->w->manifest : s->w->sig;
	uint64_t left = s->size - s->pos;
	size_t n = (size_t)(len < left ? len : left);

	memcpy(data, src + s->pos, n);
	s->pos += n;
	return (zip_int64_t)n;
}

/* ---- the libzip source ----------------------------------------------------------- */

static zip_int64_t src_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct wsrc *s = ud;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->pos = 0;
		return s->kind == SRC_ITEM ? item_open(s) : 0;
	case ZIP_SOURCE_READ:
		return s->kind == SRC_ITEM ? item_read(s, data, len) : gen_read(s, data, len);
	case ZIP_SOURCE_CLOSE:
		item_close(s);
		return 0;
	case ZIP_SOURCE_STAT:
		if (len < sizeof(zip_stat_t))
			return src_fail(s, COT_ENV, ZIP_ER_INVAL,
				_("libzip asked for a stat without room for it"));
		return s->kind == SRC_ITEM ? item_stat(s, data) : gen_stat(s, data);
	case ZIP_SOURCE_ERROR:
		return zip_api.error_to_data(&s->error, data, len);
	case ZIP_SOURCE_FREE:
		item_close(s);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_api.source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
			ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_api.error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

/* ---- the container ------------------------------------------------------------------ */

static int cmp_items(const void *a, const void *b)
{
	return strcmp(((const struct asice_item *)a)->name, ((const struct asice_item *)b)->name);
}

void asice_sort_items(struct asice_item *items, size_t n)
{
	qsort(items, n, sizeof(*items), cmp_items);
}

static int check_names(const struct asice_item *items, size_t n, struct cot_err *err)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = items[i].name;
		if (!s[0] || s[0] == '/' || strstr(s, "..") || strchr(s, '\\') ||
			strcmp(s, "mimetype") == 0 || strncmp(s, "META-INF/", 9) == 0)
			return cot_err_set(
				err, COT_USAGE, _("'%s' cannot be a name in the container"), s);
		for (size_t k = 0; k < i; k++)
			if (strcmp(items[k].name, s) == 0)
				return cot_err_set(
					err, COT_USAGE, _("'%s' is in the container twice"), s);
	}
	return COT_OK;
}

/* DOS date and time of t in UTC (clamped to 1980..2107). */
static void dos_time(time_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	if (tm.tm_year < 80) {
		*ddate = (0 << 9) | (1 << 5) | 1;
		*dtime = 0;
		return;
	}
	if (tm.tm_year > 207)
		tm.tm_year = 207;
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
}

/* libzip's message, with a want of memory (its own, or a write refused for it) said plainly. */
static const char *zmsg(zip_error_t *ze)
{
	if (zip_api.error_code_zip(ze) == ZIP_ER_MEMORY ||
		(zip_api.error_system_type(ze) == ZIP_ET_SYS &&
			zip_api.error_code_system(ze) == ENOMEM)) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		return _("out of memory");
	}
	return zip_api.error_strerror(ze);
}

/* Adds one entry with cot's fixed metadata; src is freed on failure. */
static int add_entry(
	zip_t *za, const char *name, zip_source_t *src, bool store, time_t t, struct cot_err *err)
{
	zip_uint16_t dtime, ddate;
	zip_int64_t idx = src ? zip_api.file_add(za, name, src, ZIP_FL_ENC_UTF_8) : -1;

	if (idx < 0) {
		zip_api.source_free(src);
		return cot_err_set(err, COT_ENV, _("cannot add '%s' to the container: %s"), name,
			zmsg(zip_api.get_error(za)));
	}
	dos_time(t, &dtime, &ddate);
	if (zip_api.set_file_compression(za, (zip_uint64_t)idx,
		    store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6) < 0 ||
		zip_api.file_set_dostime(za, (zip_uint64_t)idx, dtime, ddate, 0) < 0 ||
		zip_api.file_set_external_attributes(
			za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0)
		return cot_err_set(err, COT_ENV, _("cannot set up '%s': %s"), name,
			zmsg(zip_api.get_error(za)));
	return COT_OK;
}

static zip_source_t *new_source(zip_t *za, struct wsrc *s)
{
	zip_api.error_init(&s->error);
	s->fd = -1;
	return zip_api.source_function(za, src_cb, s);
}

static void progress_cb(zip_t *za, double done, void *arg)
{
	const struct asice_write_opts *o = arg;

	(void)za;
	o->progress(done, o->progress_arg);
}

/* The items' total size as it is now (a file that cannot be stat'ed counts 0 here). */
static uint64_t items_size(const struct asice_item *items, size_t n)
{
	uint64_t total = 0;
	struct stat sb;

	for (size_t i = 0; i < n; i++)
		if (!items[i].path)
			total += items[i].len;
		else if (stat(items[i].path, &sb) == 0 && S_ISREG(sb.st_mode))
			total += (uint64_t)sb.st_size;
	return total;
}

static int add_all(zip_t *za, struct writer *w)
{
	const struct asice_write_opts *o = w->o;
	zip_source_t *mt = zip_api.source_buffer(za, ASICE_MIMETYPE, sizeof(ASICE_MIMETYPE) - 1, 0);
	int rc = add_entry(za, "mimetype", mt, true, o->time, w->err);

	for (size_t i = 0; !rc && i < w->n; i++) {
		struct wsrc *s = &w->srcs[i];
		s->w = w;
		s->kind = SRC_ITEM;
		s->it = &w->items[i];
		s->it->done = false;
		rc = add_entry(za, s->it->name, new_source(za, s), s->it->store, o->time, w->err);
	}
	if (!rc) {
		struct wsrc *s = &w->srcs[w->n];
		s->w = w;
		s->kind = SRC_MANIFEST;
		rc = add_entry(za, ASICE_MANIFEST, new_source(za, s), false, o->time, w->err);
	}
	if (!rc && o->signer) {
		struct wsrc *s = &w->srcs[w->n + 1];
		s->w = w;
		s->kind = SRC_SIGNATURE;
		rc = add_entry(za, ASICE_SIGNATURE, new_source(za, s), true, o->time, w->err);
	}
	if (!rc && o->progress && items_size(w->items, w->n) >= ASICE_PROGRESS_MIN)
		zip_api.register_progress_callback_with_state(
			za, 0.005, progress_cb, NULL, (void *)o);
	return rc;
}

int asice_write(const char *path, struct asice_item *items, size_t n,
	const struct asice_write_opts *opts, struct asice_written *res, struct cot_err *err)
{
	struct writer w = {.items = items, .n = n, .o = opts, .err = err};
	struct zipout *out = NULL;
	zip_source_t *osrc;
	zip_t *za = NULL;
	zip_error_t zerr;
	int rc;

	if ((rc = xml_load(err)) || (rc = zip_load(err)) || (rc = check_names(items, n, err)))
		return rc;
	w.srcs = calloc(n + 2, sizeof(*w.srcs));
	if (!w.srcs)
		return cot_err_nomem(err);
	zip_api.error_init(&zerr);
	osrc = zipout_create(path, &out, &zerr);
	if (!osrc || !(za = zip_api.open_from_source(osrc, ZIP_CREATE | ZIP_TRUNCATE, &zerr))) {
		rc = cot_err_set(err, COT_ENV, _("cannot create '%s': %s"), path, zmsg(&zerr));
		zip_api.source_free(osrc);
		goto out;
	}
	rc = add_all(za, &w);
	if (!rc && zip_api.close(za) < 0) {
		rc = w.failed ? err->code
			      : cot_err_set(err, COT_ENV, _("cannot write '%s': %s"), path,
					zmsg(zip_api.get_error(za)));
	} else if (!rc) {
		za = NULL;
		zipout_result(out, &res->size, res->sha256);
	}
out:
	if (za)
		zip_api.discard(za);
	zipout_free(out);
	zip_api.error_fini(&zerr);
	free(w.srcs);
	free(w.manifest);
	OPENSSL_free(w.sig);
	return rc;
}
