/* The structural pass over a PDF with libqpdf: its encryption, and its streams decoded and sniffed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot/exit.h"
#include "cot/i18n.h"
#include "cot/qpdf-load.h"
#include "cot/sniff.h"
#include "cot/mem.h"
#include "cot/zlib-load.h"

#define CHUNK ((size_t)64 << 10)
#define MAX_FILTERS 8

struct pass {
	qpdf_data q;
	struct sniff_pdf *r;
	unsigned char *out; /* CHUNK bytes: inflated data, one buffer for every stream */
};

/* Keeps the first problem, one sentence; -1. */
static int problem(struct sniff_pdf *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int problem(struct sniff_pdf *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->problem[0]) {
		va_start(ap, fmt);
		vsnprintf(r->problem, sizeof(r->problem), fmt, ap);
		va_end(ap);
	}
	return -1;
}

enum qpdf_step { READ_STREAM, DECODE_STREAM, READ_OBJECT };

/* qpdf's last error as the problem (replacing any), while doing step; -1 if there was one. */
static int qpdf_failed(struct pass *p, enum qpdf_step step)
{
	char msg[160];
	qpdf_error e;

	if (!qpdf_api.has_error(p->q))
		return 0;
	e = qpdf_api.get_error(p->q);
	snprintf(msg, sizeof(msg), "%s", e ? qpdf_api.get_error_message_detail(p->q, e) : "?");
	p->r->problem[0] = '\0';
	/* TRANSLATORS: qpdf's reason, in English. */
	if (step == READ_STREAM)
		return problem(p->r, _("qpdf cannot read a stream of it: %s"), msg);
	if (step == DECODE_STREAM)
		return problem(p->r, _("qpdf cannot decode a stream of it: %s"), msg);
	return problem(p->r, _("qpdf cannot read an object of it: %s"), msg);
}

/* Counts decoded bytes against the bounds: -1 (a problem) when one is crossed. */
static int count(struct sniff_pdf *r, uint64_t *stream, size_t n, uint64_t raw)
{
	*stream += n;
	r->decoded += n;
	if (*stream > SNIFF_PDF_STREAM_MAX)
		return problem(r, "%s", _("a stream decodes to more than 256 MiB"));
	if (r->decoded > SNIFF_PDF_DECODED_MAX)
		return problem(r, "%s", _("its streams decode to more than 2 GiB"));
	if (*stream > SNIFF_PDF_RATIO_FROM && *stream / SNIFF_PDF_RATIO > raw)
		return problem(r, "%s", _("a stream decodes to more than 200 times its size"));
	return 0;
}

/* Inflates raw (zlib) into a sniff, CHUNK bytes at a time, within the bounds. */
static int inflate_sniffed(struct sniff_pdf *r, unsigned char *out, const unsigned char *raw,
	size_t len, struct sniff *s)
{
	uint64_t total = 0;
	z_stream z;
	int zr = Z_OK, rc = 0;

	memset(&z, 0, sizeof(z));
	if (zlib_api.inflateInit_(&z, ZLIB_VERSION, (int)sizeof(z)) != Z_OK) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		return problem(r, "%s", _("out of memory"));
	}
	z.next_in = (unsigned char *)raw;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	while (zr == Z_OK && !rc && !s->secret) {
		z.next_out = out;
		z.avail_out = (uInt)CHUNK;
		zr = zlib_api.inflate(&z, Z_NO_FLUSH);
		if (zr == Z_BUF_ERROR && z.avail_out == CHUNK)
			break; /* truncated: what came out was still sniffed */
		sniff_feed(s, out, CHUNK - z.avail_out);
		rc = count(r, &total, CHUNK - z.avail_out, len);
	}
	zlib_api.inflateEnd(&z);
	if (!rc && zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR)
		r->damaged++;
	return rc;
}

/* The filter names of a stream dictionary, in decoding order; -1 when unusual. */
static int filters(struct pass *p, qpdf_oh dict, const char *names[MAX_FILTERS])
{
	qpdf_oh f = qpdf_api.oh_get_key(p->q, dict, "/Filter");
	int n = 0;

	if (qpdf_api.oh_is_name(p->q, f)) {
		names[n++] = qpdf_api.oh_get_name(p->q, f);
	} else if (qpdf_api.oh_is_array(p->q, f)) {
		int k = qpdf_api.oh_get_array_n_items(p->q, f);
		if (k > MAX_FILTERS)
			return -1;
		for (int i = 0; i < k; i++) {
			qpdf_oh it = qpdf_api.oh_get_array_item(p->q, f, i);
			if (!qpdf_api.oh_is_name(p->q, it))
				return -1;
			names[n++] = qpdf_api.oh_get_name(p->q, it);
		}
	} else if (!qpdf_api.oh_is_null(p->q, f)) {
		return -1;
	}
	return n;
}

static bool image_filter(const char *name)
{
	return !strcmp(name, "/DCTDecode") || !strcmp(name, "/JPXDecode") ||
	       !strcmp(name, "/JBIG2Decode") || !strcmp(name, "/CCITTFaxDecode");
}

/* Decodes one stream (object id) and sniffs what comes out. */
static int one_stream(struct pass *p, qpdf_oh oh)
{
	qpdf_oh dict = qpdf_api.oh_get_dict(p->q, oh);
	const char *names[MAX_FILTERS];
	int n = filters(p, dict, names);
	bool flate = n == 1 && !strcmp(names[0], "/FlateDecode") &&
		     qpdf_api.oh_is_null(p->q, qpdf_api.oh_get_key(p->q, dict, "/DecodeParms"));
	bool images = n > 0;
	unsigned char *buf = NULL;
	size_t len = 0;
	struct sniff s;
	int rc = 0;

	for (int i = 0; i < n; i++)
		images = images && image_filter(names[i]);
	if (n == 0 || images || qpdf_api.oh_is_dictionary_of_type(p->q, dict, "/XRef", ""))
		return 0; /* the raw bytes, which the caller sniffs, are what a reader sees */
	if (n < 0)
		return problem(p->r, "%s",
			_("a stream has a /Filter that is not a name or array of "
			  "names"));
	sniff_init(&s);
	qpdf_api.oh_get_stream_data(p->q, oh, qpdf_dl_none, NULL, &buf, &len);
	if (qpdf_failed(p, READ_STREAM))
		return -1;
	if (flate) {
		rc = inflate_sniffed(p->r, p->out, buf, len, &s);
	} else if (len > SNIFF_PDF_OTHER_MAX) {
		rc = problem(
			p->r, _("a stream too large to decode here has the filter %s"), names[0]);
	} else {
		free(buf);
		buf = NULL;
		qpdf_api.oh_get_stream_data(p->q, oh, qpdf_dl_generalized, NULL, &buf, &len);
		if (qpdf_failed(p, DECODE_STREAM))
			return -1;
		sniff_feed(&s, buf, len);
		rc = count(p->r, &(uint64_t){0}, len, SNIFF_PDF_OTHER_MAX);
	}
	free(buf);
	p->r->streams++;
	if (s.secret && !p->r->secret)
		p->r->secret = s.secret;
	return rc;
}

static int all_streams(struct pass *p)
{
	qpdf_oh size = qpdf_api.oh_get_key(p->q, qpdf_api.get_trailer(p->q), "/Size");
	long long n =
		qpdf_api.oh_is_integer(p->q, size) ? qpdf_api.oh_get_int_value(p->q, size) : 0;

	if (n > SNIFF_PDF_OBJECTS)
		return problem(p->r, "%s", _("it has more objects than 4,000,000"));
	for (int id = 1; id < n && !p->r->secret; id++) {
		qpdf_oh oh = qpdf_api.get_object_by_id(p->q, id, 0);
		int rc = qpdf_api.oh_is_stream(p->q, oh) ? one_stream(p, oh) : 0;
		if (qpdf_failed(p, READ_OBJECT))
			return -1;
		qpdf_api.oh_release_all(p->q);
		if (rc)
			return rc;
	}
	return 0;
}

static int finish(struct pass *p, QPDF_ERROR_CODE read)
{
	if (read & QPDF_ERRORS) {
		qpdf_error e = qpdf_api.get_error(p->q);
		if (e && qpdf_api.get_error_code(p->q, e) == qpdf_e_password)
			p->r->encrypted = true;
		else
			/* TRANSLATORS: qpdf's reason, in English. */
			problem(p->r, _("qpdf cannot parse it: %s"),
				e ? qpdf_api.get_error_message_detail(p->q, e) : "?");
	} else if (qpdf_api.is_encrypted(p->q)) {
		p->r->encrypted = true;
	} else {
		all_streams(p);
	}
	qpdf_api.cleanup(&p->q);
	free(p->out);
	return p->r->secret || p->r->encrypted || p->r->problem[0] ? COT_FINDINGS : COT_OK;
}

static bool start(struct pass *p, struct sniff_pdf *r)
{
	struct cot_err err = COT_ERR_INIT;

	memset(r, 0, sizeof(*r));
	p->r = r;
	if (qpdf_load(&err) != COT_OK || zlib_load(&err) != COT_OK) {
		problem(r, "%s", err.msg);
		return false;
	}
	p->q = qpdf_api.init();
	p->out = malloc(CHUNK);
	if (!p->q || !p->out) {
		if (p->q)
			qpdf_api.cleanup(&p->q);
		free(p->out);
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		problem(r, "%s", _("out of memory"));
		return false;
	}
	qpdf_api.silence_errors(p->q);
	qpdf_api.set_suppress_warnings(p->q, QPDF_TRUE);
	return true;
}

/* The whole file when it is small enough to read, or NULL (qpdf then reads it itself). */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat sb;
	unsigned char *p = NULL;

	if (f && fstat(fileno(f), &sb) == 0 && sb.st_size >= 0 &&
		(uint64_t)sb.st_size <= SNIFF_PDF_READ_MAX &&
		(p = malloc((size_t)sb.st_size + 1))) {
		*len = fread(p, 1, (size_t)sb.st_size + 1, f);
		if (*len != (size_t)sb.st_size) {
			free(p);
			p = NULL;
		}
	}
	if (f)
		fclose(f);
	return p;
}

int sniff_pdf_path(const char *path, struct sniff_pdf *r)
{
	struct pass p;
	struct stat sb;
	unsigned char *data;
	size_t len = 0;
	int rc;

	if (stat(path, &sb) == 0 && (uint64_t)sb.st_size > SNIFF_PDF_MAX) {
		memset(r, 0, sizeof(*r));
		problem(r, "%s", _("it is larger than 512 MiB, the bound of the structural check"));
		return COT_FINDINGS;
	}
	if ((data = slurp(path, &len))) {
		rc = sniff_pdf_buffer(data, len, r);
		free(data);
		return rc;
	}
	if (!start(&p, r))
		return COT_FINDINGS;
	return finish(&p, qpdf_api.read(p.q, path, NULL));
}

int sniff_pdf_buffer(const void *data, size_t len, struct sniff_pdf *r)
{
	struct pass p;

	if (!start(&p, r))
		return COT_FINDINGS;
	if (len > SNIFF_PDF_MAX) {
		qpdf_api.cleanup(&p.q);
		free(p.out);
		problem(r, "%s", _("it is larger than 512 MiB, the bound of the structural check"));
		return COT_FINDINGS;
	}
	return finish(&p, qpdf_api.read_memory(p.q, "pdf", data, len, NULL));
}
