/* The byte layout of a zip archive: local headers that tile it and agree with the central
 * directory. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/i18n.h"
#include "cot/zipwalk.h"

#define LOCAL_SIG 0x04034b50u
#define CENTRAL_SIG 0x02014b50u
#define EOCD_SIG 0x06054b50u
#define Z64_EOCD_SIG 0x06064b50u
#define Z64_LOC_SIG 0x07064b50u
#define DD_SIG 0x08074b50u
#define EOCD_LEN 22
#define EOCD_SPAN (EOCD_LEN + 65535)
#define LOCAL_LEN 30
#define CENTRAL_LEN 46
#define Z64_LOC_LEN 20
#define Z64_EOCD_LEN 56
#define FLAG_DD (1u << 3)
#define EF_ZIP64 0x0001
#define EF_UNICODE_PATH 0x7075
#define MAX16 0xffffu
#define MAX32 0xffffffffu
#define SHOWN 100 /* bytes of a name in a message */

/* The archive's bytes: in memory, or a file read with pread. */
struct src {
	const unsigned char *mem;
	int fd;
	uint64_t size;
};

/* Where the end records put the central directory. */
struct end {
	uint64_t cd_offset, cd_size, count;
	uint64_t cd_end; /* where the records after the central directory begin */
};

/* An extra field area: well-formed or not, and the fields cot looks at. */
struct extra {
	bool ok;
	bool unicode;
	const unsigned char *z64;
	size_t z64_len;
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* a + b, or UINT64_MAX (never an offset inside an archive) when it overflows. */
static uint64_t add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* Reads n bytes at off; false unless all are there. */
static bool get(const struct src *s, uint64_t off, void *buf, size_t n)
{
	unsigned char *p = buf;

	if (off > s->size || n > s->size - off)
		return false;
	if (s->mem) {
		memcpy(buf, s->mem + off, n);
		return true;
	}
	while (n) {
		ssize_t r = pread(s->fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		off += (uint64_t)r;
		n -= (size_t)r;
	}
	return true;
}

void zipwalk_issue(struct zipwalk *w, uint64_t off, const char *fmt, ...)
{
	char *b;
	va_list ap;
	int k;

	if (w->total++ >= ZIPWALK_MAX_ISSUES)
		return;
	b = w->issue[w->nissue++];
	/* TRANSLATORS: the start of a line about the archive: a byte offset in the file. */
	k = snprintf(b, sizeof(w->issue[0]), _("offset %llu: "), (unsigned long long)off);
	va_start(ap, fmt);
	vsnprintf(b + k, sizeof(w->issue[0]) - (size_t)k, fmt, ap);
	va_end(ap);
}

static int shown(size_t len)
{
	return len < SHOWN ? (int)len : SHOWN;
}

static struct extra parse_extra(const unsigned char *p, size_t n)
{
	struct extra x = {true, false, NULL, 0};

	while (n >= 4) {
		uint16_t id = le16(p), len = le16(p + 2);
		if (len > n - 4) {
			x.ok = false;
			return x;
		}
		if (id == EF_ZIP64 && !x.z64) {
			x.z64 = p + 4;
			x.z64_len = len;
		}
		x.unicode |= id == EF_UNICODE_PATH;
		p += 4 + len;
		n -= 4 + (size_t)len;
	}
	x.ok = n == 0;
	return x;
}

/* Replaces the fields at 0xffffffff by their zip64 values (APPNOTE 4.5.3); false when one is
 * missing. */
static bool zip64_fields(const struct extra *x, uint64_t *size, uint64_t *csize, uint64_t *offset)
{
	uint64_t *f[3] = {size, csize, offset};
	size_t at = 0;

	for (int i = 0; i < 3; i++) {
		if (!f[i] || *f[i] != MAX32)
			continue;
		if (!x->z64 || x->z64_len < at + 8)
			return false;
		*f[i] = le64(x->z64 + at);
		at += 8;
	}
	return true;
}

/* The zip64 end record the locator before at names; fills e from it. */
static int zip64_end(const struct src *s, struct zipwalk *w, uint64_t at, struct end *e)
{
	unsigned char loc[Z64_LOC_LEN], r[Z64_EOCD_LEN];
	uint64_t off, end;

	if (at < Z64_LOC_LEN || !get(s, at - Z64_LOC_LEN, loc, sizeof(loc)) ||
		le32(loc) != Z64_LOC_SIG)
		return COT_OK;
	off = le64(loc + 8);
	if (le32(loc + 4) != 0 || le32(loc + 16) > 1 || !get(s, off, r, sizeof(r)) ||
		le32(r) != Z64_EOCD_SIG) {
		zipwalk_issue(w, at - Z64_LOC_LEN,
			_("a zip64 locator without a zip64 end record at %llu"),
			(unsigned long long)off);
		return COT_FINDINGS;
	}
	end = add(add(off, 12), le64(r + 4));
	if (end != at - Z64_LOC_LEN)
		zipwalk_issue(w, off,
			_("the zip64 end record ends at %llu, its locator begins at %llu"),
			(unsigned long long)end, (unsigned long long)(at - Z64_LOC_LEN));
	if (le32(r + 16) || le32(r + 20) || le64(r + 24) != le64(r + 32))
		zipwalk_issue(w, off, _("a multi-disk archive"));
	if ((e->count != MAX16 && e->count != le64(r + 32)) ||
		(e->cd_size != MAX32 && e->cd_size != le64(r + 40)) ||
		(e->cd_offset != MAX32 && e->cd_offset != le64(r + 48)))
		zipwalk_issue(w, off, _("the zip64 end record and the end record disagree"));
	e->count = le64(r + 32);
	e->cd_size = le64(r + 40);
	e->cd_offset = le64(r + 48);
	e->cd_end = off;
	return COT_OK;
}

/* The one end of central directory record: the last 64 KiB + 22 bytes searched backwards. */
static int find_end(const struct src *s, struct zipwalk *w, struct end *e, struct cot_err *err)
{
	size_t span = s->size < EOCD_SPAN ? (size_t)s->size : EOCD_SPAN, found = 0, pick = 0;
	uint64_t base = s->size - span;
	unsigned char *t;
	bool any = false;

	if (span < EOCD_LEN) {
		zipwalk_issue(w, 0, _("no end of central directory record (%zu bytes)"), span);
		return COT_FINDINGS;
	}
	t = malloc(span);
	if (!t)
		return cot_err_nomem(err);
	if (!get(s, base, t, span)) {
		free(t);
		zipwalk_issue(w, base, _("the end of the archive cannot be read"));
		return COT_FINDINGS;
	}
	for (size_t i = span - EOCD_LEN + 1; i-- > 0;) {
		if (le32(t + i) != EOCD_SIG)
			continue;
		if (!any && !found)
			pick = i;
		any = true;
		if (i + EOCD_LEN + le16(t + i + 20) != span)
			continue;
		if (found++ == 0)
			pick = i;
		else
			zipwalk_issue(w, base + i,
				_("a second end of central directory record (the one used is at "
				  "%llu): readers may pick either"),
				(unsigned long long)(base + pick));
	}
	if (!any) {
		free(t);
		zipwalk_issue(w, base,
			_("no end of central directory record in the last %zu bytes"), span);
		return COT_FINDINGS;
	}
	if (!found)
		zipwalk_issue(w, base + pick,
			ngettext("%zu byte follows the end of central "
				 "directory record",
				"%zu bytes follow the end of central directory record",
				span - pick - EOCD_LEN - le16(t + pick + 20)),
			span - pick - EOCD_LEN - le16(t + pick + 20));
	if (le16(t + pick + 4) || le16(t + pick + 6) || le16(t + pick + 8) != le16(t + pick + 10))
		zipwalk_issue(w, base + pick, _("a multi-disk archive"));
	e->count = le16(t + pick + 10);
	e->cd_size = le32(t + pick + 12);
	e->cd_offset = le32(t + pick + 16);
	e->cd_end = base + pick;
	free(t);
	return zip64_end(s, w, base + pick, e);
}

/* One central entry at p of the directory (room bytes left); its length, or 0 when malformed. */
static size_t central_entry(const unsigned char *p, size_t room, uint64_t at, struct zipwalk *w,
	struct zipwalk_entry *z)
{
	size_t nlen, len;
	struct extra x;

	if (room < CENTRAL_LEN || le32(p) != CENTRAL_SIG) {
		zipwalk_issue(w, at, _("central entry %zu is not there"), w->n + 1);
		return 0;
	}
	nlen = le16(p + 28);
	len = CENTRAL_LEN + nlen + le16(p + 30) + le16(p + 32);
	if (len > room) {
		zipwalk_issue(
			w, at, _("central entry %zu runs past the central directory"), w->n + 1);
		return 0;
	}
	z->name = malloc(nlen + 1);
	if (!z->name)
		return SIZE_MAX;
	memcpy(z->name, p + CENTRAL_LEN, nlen);
	z->name[nlen] = '\0';
	z->name_len = nlen;
	z->flags = le16(p + 8);
	z->method = le16(p + 10);
	z->crc = le32(p + 16);
	z->comp_size = le32(p + 20);
	z->size = le32(p + 24);
	z->offset = le32(p + 42);
	x = parse_extra(p + CENTRAL_LEN + nlen, le16(p + 30));
	z->unicode_extra = x.unicode;
	if (!x.ok)
		zipwalk_issue(w, at, _("'%.*s': the central extra field is malformed"), shown(nlen),
			z->name);
	if (!zip64_fields(&x, &z->size, &z->comp_size, &z->offset))
		zipwalk_issue(w, at, _("'%.*s': a field of 0xffffffff without its zip64 value"),
			shown(nlen), z->name);
	if (le16(p + 34) != 0 && le16(p + 34) != MAX16)
		zipwalk_issue(w, at, _("'%.*s': on disk %u of a multi-disk archive"), shown(nlen),
			z->name, le16(p + 34));
	if (x.unicode)
		zipwalk_issue(w, at,
			_("'%.*s' has a second name (an Info-ZIP Unicode Path extra field): "
			  "readers disagree on which one counts"),
			shown(nlen), z->name);
	return len;
}

/* Reads the central directory into w->v. */
static int read_central(
	const struct src *s, struct zipwalk *w, const struct end *e, struct cot_err *err)
{
	unsigned char *cd;
	size_t at = 0;
	int rc = COT_OK;

	if (add(e->cd_offset, e->cd_size) != e->cd_end)
		zipwalk_issue(w, e->cd_offset,
			_("the central directory (%llu bytes) ends at %llu, the end records "
			  "begin at %llu"),
			(unsigned long long)e->cd_size,
			(unsigned long long)add(e->cd_offset, e->cd_size),
			(unsigned long long)e->cd_end);
	if (e->cd_size > ZIPWALK_MAX_CD || e->count > ZIPWALK_MAX_ENTRIES) {
		zipwalk_issue(w, e->cd_offset,
			_("a central directory of %llu bytes and %llu entries (at most "
			  "%llu and %d): not read"),
			(unsigned long long)e->cd_size, (unsigned long long)e->count,
			(unsigned long long)ZIPWALK_MAX_CD, ZIPWALK_MAX_ENTRIES);
		return COT_FINDINGS;
	}
	cd = malloc((size_t)e->cd_size + 1);
	w->v = calloc((size_t)e->count + 1, sizeof(*w->v));
	if (!cd || !w->v) {
		free(cd);
		return cot_err_nomem(err);
	}
	if (!get(s, e->cd_offset, cd, (size_t)e->cd_size)) {
		free(cd);
		zipwalk_issue(w, e->cd_offset,
			_("the central directory lies beyond the end of the file"));
		return COT_FINDINGS;
	}
	while (w->n < e->count) {
		size_t len = central_entry(
			cd + at, (size_t)e->cd_size - at, e->cd_offset + at, w, &w->v[w->n]);
		if (len == SIZE_MAX)
			rc = cot_err_nomem(err);
		if (len == 0 || len == SIZE_MAX)
			break;
		w->n++;
		at += len;
	}
	if (!rc && w->n == e->count && at != e->cd_size)
		zipwalk_issue(w, e->cd_offset + at,
			ngettext("%llu byte after the last central "
				 "entry",
				"%llu bytes after the last central entry", e->cd_size - at),
			(unsigned long long)(e->cd_size - at));
	free(cd);
	return rc ? rc : w->n == e->count ? COT_OK : COT_FINDINGS;
}

/* After the data of e at at: its data descriptor, with or without a signature; where it ends. */
static uint64_t descriptor(const struct src *s, struct zipwalk *w, uint64_t at,
	const struct zipwalk_entry *e, bool z64)
{
	size_t len = z64 ? 20 : 12;
	unsigned char d[20];
	bool sig = get(s, at, d, 4) && le32(d) == DD_SIG;
	uint32_t crc = 0;
	uint64_t cs = 0, us = 0;
	bool read = false;

	for (int pass = sig ? 0 : 1; pass < 2; pass++) {
		uint64_t p = add(at, pass ? 0 : 4);
		if (!get(s, p, d, len))
			continue;
		if (!read) {
			crc = le32(d);
			cs = z64 ? le64(d + 4) : le32(d + 4);
			us = z64 ? le64(d + 12) : le32(d + 8);
			read = true;
		}
		if (le32(d) == e->crc && (z64 ? le64(d + 4) : le32(d + 4)) == e->comp_size &&
			(z64 ? le64(d + 12) : le32(d + 8)) == e->size)
			return add(p, len);
	}
	if (!read)
		zipwalk_issue(w, at, _("'%.*s': its data descriptor runs past the end"),
			shown(e->name_len), e->name);
	else
		zipwalk_issue(w, at,
			_("'%.*s': the data descriptor says CRC %08x, %llu and %llu bytes; the "
			  "central directory CRC %08x, %llu and %llu bytes"),
			shown(e->name_len), e->name, crc, (unsigned long long)cs,
			(unsigned long long)us, e->crc, (unsigned long long)e->comp_size,
			(unsigned long long)e->size);
	return add(at, (sig ? 4 : 0) + len);
}

/* Compares the local header h at pos with its central entry e. */
static void agree(struct zipwalk *w, uint64_t pos, const unsigned char *h,
	const unsigned char *name, uint64_t lcs, uint64_t lus, const struct zipwalk_entry *e)
{
	uint16_t flags = le16(h + 6), method = le16(h + 8), nlen = le16(h + 26);
	uint32_t crc = le32(h + 14);
	int k = shown(e->name_len);

	if (nlen != e->name_len || memcmp(name, e->name, nlen) != 0)
		zipwalk_issue(w, pos,
			_("the local header names '%.*s', the central directory '%.*s'"),
			shown(nlen), (const char *)name, k, e->name);
	if (flags != e->flags)
		zipwalk_issue(w, pos, _("'%.*s': local flags 0x%04x, central 0x%04x"), k, e->name,
			flags, e->flags);
	if (method != e->method)
		zipwalk_issue(w, pos, _("'%.*s': local method %u, central %u"), k, e->name, method,
			e->method);
	if (flags & FLAG_DD) {
		if ((crc && crc != e->crc) || (lcs && lcs != e->comp_size) ||
			(lus && lus != e->size))
			zipwalk_issue(w, pos,
				_("'%.*s': the local header's CRC or sizes (with a data "
				  "descriptor) "
				  "are neither 0 nor the central directory's"),
				k, e->name);
	} else if (crc != e->crc || lcs != e->comp_size || lus != e->size) {
		zipwalk_issue(w, pos,
			_("'%.*s': the local header says CRC %08x, %llu and %llu bytes; the "
			  "central directory CRC %08x, %llu and %llu bytes"),
			k, e->name, crc, (unsigned long long)lcs, (unsigned long long)lus, e->crc,
			(unsigned long long)e->comp_size, (unsigned long long)e->size);
	}
	if (method == 0 && e->comp_size != e->size)
		zipwalk_issue(w, pos,
			_("'%.*s' is stored, but declares %llu bytes compressed and %llu "
			  "uncompressed"),
			k, e->name, (unsigned long long)e->comp_size, (unsigned long long)e->size);
}

/*
 * The local header at pos, of central entry e (NULL: none says it is here); where the
 * entry ends, 0 when no local header is there. buf holds a name and an extra field.
 */
static uint64_t local(const struct src *s, struct zipwalk *w, uint64_t pos, struct zipwalk_entry *e,
	unsigned char *buf)
{
	unsigned char h[LOCAL_LEN];
	uint64_t lcs, lus, data, end;
	size_t nlen, xlen;
	struct extra x;

	if (!get(s, pos, h, LOCAL_LEN) || le32(h) != LOCAL_SIG)
		return 0;
	w->nlocal++;
	nlen = le16(h + 26);
	xlen = le16(h + 28);
	data = add(pos, LOCAL_LEN + nlen + xlen);
	if (!get(s, pos + LOCAL_LEN, buf, nlen + xlen)) {
		zipwalk_issue(
			w, pos, _("a local header whose name and extra field run past the end"));
		return UINT64_MAX;
	}
	x = parse_extra(buf + nlen, xlen);
	lcs = le32(h + 18);
	lus = le32(h + 22);
	if (!x.ok)
		zipwalk_issue(w, pos, _("'%.*s': the local extra field is malformed"), shown(nlen),
			(char *)buf);
	if (x.unicode && !(e && e->unicode_extra))
		zipwalk_issue(w, pos,
			_("'%.*s' has a second name (an Info-ZIP Unicode Path extra field): "
			  "readers disagree on which one counts"),
			shown(nlen), (char *)buf);
	if (!zip64_fields(&x, &lus, &lcs, NULL))
		zipwalk_issue(w, pos, _("'%.*s': a size of 0xffffffff without its zip64 value"),
			shown(nlen), (char *)buf);
	if (!e) {
		zipwalk_issue(w, pos,
			_("a local entry '%.*s' that the central directory does not list (a "
			  "hidden entry)"),
			shown(nlen), (char *)buf);
		return add(data, lcs);
	}
	e->seen = true;
	agree(w, pos, h, buf, lcs, lus, e);
	end = add(data, e->comp_size);
	if (le16(h + 6) & FLAG_DD)
		end = descriptor(s, w, end, e, x.z64 != NULL);
	return end;
}

static int by_offset(const void *a, const void *b)
{
	const struct zipwalk_entry *const *x = a, *const *y = b;

	if ((*x)->offset != (*y)->offset)
		return (*x)->offset < (*y)->offset ? -1 : 1;
	return *x < *y ? -1 : *x > *y;
}

/* From offset 0 to the central directory, local header after local header. */
static void walk_locals(
	const struct src *s, struct zipwalk *w, struct zipwalk_entry **ord, unsigned char *buf)
{
	const size_t budget = 2 * ZIPWALK_MAX_ENTRIES + 16;
	uint64_t pos = 0;
	size_t k = 0;

	while (pos < w->cd_offset) {
		struct zipwalk_entry *e = NULL;
		uint64_t next, to;
		for (; k < w->n && ord[k]->offset < pos; k++) {
			if (ord[k]->seen)
				continue;
			ord[k]->seen = true;
			zipwalk_issue(w, ord[k]->offset,
				_("the entry before runs over the local header of "
				  "'%.*s' (an overlap)"),
				shown(ord[k]->name_len), ord[k]->name);
		}
		if (k < w->n && ord[k]->offset == pos)
			e = ord[k++];
		for (; e && k < w->n && ord[k]->offset == pos; k++) {
			ord[k]->seen = true;
			zipwalk_issue(w, pos, _("'%.*s' and '%.*s' share one local header"),
				shown(e->name_len), e->name, shown(ord[k]->name_len), ord[k]->name);
		}
		if (w->nlocal == budget) {
			zipwalk_issue(w, pos, _("more than %zu local headers: not walked further"),
				budget);
			return;
		}
		next = local(s, w, pos, e, buf);
		if (next) {
			pos = next;
			continue;
		}
		to = k < w->n && ord[k]->offset < w->cd_offset ? ord[k]->offset : w->cd_offset;
		if (e)
			zipwalk_issue(w, pos,
				ngettext("%llu byte that belongs to no entry (no local "
					 "header here)",
					"%llu bytes that belong to no entry (no local header "
					"here)",
					to - pos),
				(unsigned long long)(to - pos));
		else
			zipwalk_issue(w, pos,
				ngettext("%llu byte that belongs to no entry (no local "
					 "header here): a gap",
					"%llu bytes that belong to no entry (no local "
					"header here): a gap",
					to - pos),
				(unsigned long long)(to - pos));
		pos = to;
	}
	if (pos > w->cd_offset && pos != UINT64_MAX)
		zipwalk_issue(w, w->cd_offset,
			ngettext("the last entry runs %llu byte into the "
				 "central directory",
				"the last entry runs %llu bytes into the central directory",
				pos - w->cd_offset),
			(unsigned long long)(pos - w->cd_offset));
	else if (pos > w->cd_offset)
		zipwalk_issue(w, w->cd_offset, _("the last entry runs past the end of the file"));
}

static int walk(const struct src *s, struct zipwalk *w, struct cot_err *err)
{
	struct zipwalk_entry **ord = NULL;
	unsigned char *buf = NULL;
	struct end e = {0, 0, 0, 0};
	int rc;

	w->size = s->size;
	if ((rc = find_end(s, w, &e, err)))
		return rc;
	w->cd_offset = e.cd_offset;
	if ((rc = read_central(s, w, &e, err)))
		return rc;
	ord = calloc(w->n + 1, sizeof(*ord));
	buf = malloc(2 * 65535 + 1);
	if (!ord || !buf) {
		free(ord);
		free(buf);
		return cot_err_nomem(err);
	}
	for (size_t i = 0; i < w->n; i++)
		ord[i] = &w->v[i];
	qsort(ord, w->n, sizeof(*ord), by_offset);
	walk_locals(s, w, ord, buf);
	for (size_t i = 0; i < w->n; i++)
		if (!w->v[i].seen)
			zipwalk_issue(w, w->v[i].offset,
				_("the central directory puts the local header of '%.*s' "
				  "here; the walk finds none (an overlap, or beyond the entries)"),
				shown(w->v[i].name_len), w->v[i].name);
	free(ord);
	free(buf);
	return w->total ? COT_FINDINGS : COT_OK;
}

static void zipwalk_init(struct zipwalk *w)
{
	memset(w, 0, sizeof(*w));
}

void zipwalk_release(struct zipwalk *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i].name);
	free(w->v);
	zipwalk_init(w);
}

int zipwalk_mem(const void *data, size_t len, struct zipwalk *w, struct cot_err *err)
{
	struct src s = {data, -1, len};

	zipwalk_init(w);
	return walk(&s, w, err);
}

int zipwalk_fd(int fd, uint64_t len, struct zipwalk *w, struct cot_err *err)
{
	struct src s = {NULL, fd, len};

	zipwalk_init(w);
	return walk(&s, w, err);
}
