/* Unit tests of asice and zipout: one-pass writing, reading with limits, the manifest. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <openssl/evp.h>
#include <zip.h>
#include "cot/asice.h"
#include "cot/fsutil.h"
#include "helpers.h"

static char *dir;

static void setup(void)
{
	dir = test_tmpdir();
}

static void teardown(void)
{
	test_rmtree(dir);
	free(dir);
}

TestSuite(asice, .init = setup, .fini = teardown);

static const char note_text[] = "a note, deflated\n";

/* A file of n bytes under dir: "%PDF-1.4\n" then a pattern. */
static char *make_file(const char *name, size_t n)
{
	char *p = test_path(dir, name);
	FILE *f = fopen(p, "w");

	cr_assert_not_null(f);
	fputs("%PDF-1.4\n", f);
	for (size_t i = 9; i < n; i++)
		fputc((int)('a' + (i * 7919) % 26), f);
	fclose(f);
	return p;
}

static void items3(struct asice_item *it, const char *big)
{
	memset(it, 0, 3 * sizeof(*it));
	it[0] = (struct asice_item){.name = "notes.txt",
		.data = note_text,
		.len = sizeof(note_text) - 1,
		.mime = "text/plain"};
	it[1] = (struct asice_item){
		.name = "documents/a.pdf", .path = big, .mime = "application/pdf", .store = true};
	it[2] = (struct asice_item){
		.name = "documents/b.txt", .data = "", .len = 0, .mime = "text/plain"};
	asice_sort_items(it, 3);
}

static void write_ok(const char *out, struct asice_item *it, size_t n, struct asice_written *w)
{
	struct asice_write_opts o = {.time = 1795300000};
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(asice_write(out, it, n, &o, w, &err), COT_OK, "%s", err.msg);
}

Test(asice, writes_reads_and_hashes_in_one_pass)
{
	char *big = make_file("big.pdf", (5 << 20) + 123); /* read ahead by a thread */
	char *out = test_path(dir, "c.asice"), hex[65], whex[65];
	struct asice_item it[3];
	struct asice_written w;
	struct asice_archive a;
	struct asice_manifest m;
	struct cot_err err = COT_ERR_INIT;
	unsigned char *data, md[32];
	size_t len;
	long i;

	items3(it, big);
	write_ok(out, it, 3, &w);
	cr_assert_str_eq(it[0].name, "documents/a.pdf", "sorted by name");
	cr_assert(it[0].done && it[1].done && it[2].done);
	cr_assert_eq(it[0].size, (5u << 20) + 123);
	cr_assert_eq(sniff_type(&it[0].sniff), SNIFF_PDF);
	fs_sha256(big, hex, &err);
	for (int k = 0; k < 32; k++)
		snprintf(whex + 2 * k, 3, "%02x", it[0].sha256[k]);
	cr_assert_str_eq(whex, hex, "the item digest is the file's SHA-256");
	fs_sha256(out, hex, &err);
	for (int k = 0; k < 32; k++)
		snprintf(whex + 2 * k, 3, "%02x", w.sha256[k]);
	cr_assert_str_eq(whex, hex, "the container digest is computed while writing");

	cr_assert_eq(asice_open_file(out, &a, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(a.n, 5, "mimetype, 3 items, manifest; no signature");
	cr_assert_str_eq(a.v[0].name, "mimetype");
	cr_assert_eq(a.v[0].method, ZIP_CM_STORE);
	cr_assert_eq(memcmp(a.head, "PK\3\4", 4), 0);
	cr_assert_eq(memcmp(a.head + 30, "mimetype" ASICE_MIMETYPE, 8 + 31), 0,
		"the mimetype's bytes at offset 38, as ASiC readers look for them");
	cr_assert_eq(a.head[28] | a.head[29], 0, "no extra field");
	cr_assert_eq(a.v[asice_find(&a, "documents/a.pdf")].method, ZIP_CM_STORE, "PDF stored");
	cr_assert_eq(a.v[asice_find(&a, "notes.txt")].method, ZIP_CM_DEFLATE, "text deflated");
	cr_assert_str_eq(a.incons, "");
	i = asice_find(&a, ASICE_MANIFEST);
	cr_assert_geq(i, 0);
	cr_assert_eq(asice_load(&a, (size_t)i, ASICE_MANIFEST_MAX, &data, &len, &err), COT_OK);
	cr_assert_eq(asice_manifest_parse(data, len, &m, &err), COT_OK, "%s", err.msg);
	cr_assert_str_eq(m.sig_uri, ASICE_SIGNATURE);
	cr_assert_eq(m.n, 3);
	cr_assert_str_eq(m.refs[2].uri, "notes.txt");
	cr_assert_str_eq(m.refs[2].mime, "text/plain");
	EVP_Digest(note_text, sizeof(note_text) - 1, md, NULL, EVP_sha256(), NULL);
	cr_assert_eq(memcmp(m.refs[2].digest, md, 32), 0);
	asice_manifest_release(&m);
	free(data);
	i = asice_find(&a, "notes.txt");
	cr_assert_eq(asice_load(&a, (size_t)i, 100, &data, &len, &err), COT_OK);
	cr_assert_str_eq((char *)data, note_text);
	free(data);
	cr_assert_eq(asice_load(&a, (size_t)i, 5, &data, &len, &err), COT_USAGE, "over max");
	cr_assert_eq(asice_find(&a, "nothing"), -1);
	asice_archive_release(&a);
	free(big);
	free(out);
}

Test(asice, equal_inputs_equal_bytes)
{
	char *big = make_file("d.pdf", 1000), *o1 = test_path(dir, "1.asice"),
	     *o2 = test_path(dir, "2.asice"), h1[65], h2[65];
	struct asice_item it[3];
	struct asice_written w;
	struct cot_err err = COT_ERR_INIT;

	items3(it, big);
	write_ok(o1, it, 3, &w);
	items3(it, big);
	write_ok(o2, it, 3, &w);
	fs_sha256(o1, h1, &err);
	fs_sha256(o2, h2, &err);
	cr_assert_str_eq(h1, h2);
	free(big);
	free(o1);
	free(o2);
}

static int refuse_pdf(const struct asice_item *it, void *arg, struct cot_err *err)
{
	(void)arg;
	if (sniff_type(&it->sniff) == SNIFF_PDF)
		return cot_err_set(err, COT_USAGE, "no PDFs here: %s", it->name);
	return COT_OK;
}

Test(asice, a_refusal_leaves_nothing)
{
	char *big = make_file("e.pdf", 6 << 20), *out = test_path(dir, "out.asice");
	struct asice_write_opts o = {.time = 1795300000, .check = refuse_pdf};
	struct asice_item it[3];
	struct asice_written w;
	struct cot_err err = COT_ERR_INIT;
	char cmd[600];

	test_write(out, "the old file");
	items3(it, big);
	cr_assert_eq(asice_write(out, it, 3, &o, &w, &err), COT_USAGE);
	cr_assert_str_eq(err.msg, "no PDFs here: documents/a.pdf");
	cr_assert_str_eq(test_read(out), "the old file", "the old container is untouched");
	snprintf(cmd, sizeof(cmd), "test $(ls '%s' | wc -l) = 2", dir);
	cr_assert_eq(system(cmd), 0, "no temporary file is left");
	free(big);
	free(out);
}

Test(asice, bad_names_and_missing_files)
{
	char *out = test_path(dir, "x.asice"), *gone = test_path(dir, "gone.pdf");
	struct asice_write_opts o = {.time = 0};
	struct asice_item it[2] = {
		{.name = "../up.txt", .data = "x", .len = 1, .mime = "text/plain"}};
	struct asice_written w;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(asice_write(out, it, 1, &o, &w, &err), COT_USAGE);
	it[0].name = "META-INF/x.xml";
	cr_assert_eq(asice_write(out, it, 1, &o, &w, &err), COT_USAGE);
	it[0].name = "a.txt";
	it[1] = it[0];
	cr_assert_eq(asice_write(out, it, 2, &o, &w, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "twice"));
	it[0] = (struct asice_item){.name = "gone.pdf", .path = gone, .mime = "application/pdf"};
	cr_assert_eq(asice_write(out, it, 1, &o, &w, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "gone.pdf"));
	cr_assert_not(fs_exists(out));
	free(out);
	free(gone);
}

/* Declared sizes that lie, found without reading past them. */
Test(asice, a_size_that_lies)
{
	char *big = make_file("f.pdf", 4000), *out = test_path(dir, "l.asice");
	struct asice_item it[3];
	struct asice_written w;
	struct asice_archive a;
	struct cot_err err = COT_ERR_INIT;
	unsigned char *data;
	size_t len;
	char *buf;
	long i;

	items3(it, big);
	write_ok(out, it, 3, &w);
	cr_assert_eq(fs_read(out, 1 << 20, &buf, &len, &err), COT_OK);
	/* the central directory entry of documents/a.pdf: uncompressed size at offset 24 */
	for (size_t p = 0; p + 46 < len; p++) {
		if (memcmp(buf + p, "PK\1\2", 4) == 0 &&
			memcmp(buf + p + 46, "documents/a.pdf", 15) == 0)
			memcpy(buf + p + 24, "\x10\0\0\0", 4);
	}
	cr_assert_eq(asice_open_mem(buf, len, &a, &err), COT_OK, "%s", err.msg);
	i = asice_find(&a, "documents/a.pdf");
	cr_assert_eq(a.v[i].size, 16);
	cr_assert_eq(asice_load(&a, (size_t)i, 1 << 20, &data, &len, &err), COT_FINDINGS);
	cr_assert_not_null(strstr(err.msg, "declares 16 bytes but holds more"), "%s", err.msg);
	asice_archive_release(&a);
	free(buf);
	free(big);
	free(out);
}

Test(asice, not_a_zip)
{
	struct asice_archive a;
	struct cot_err err = COT_ERR_INIT;
	char *p = test_path(dir, "t.txt");

	test_write(p, "this is not a zip archive at all");
	cr_assert_eq(asice_open_file(p, &a, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "not a readable zip archive"));
	cr_assert_eq(asice_open_mem("PK\3\4", 4, &a, &err), COT_USAGE);
	cr_assert_eq(asice_open_file("/nonexistent/x.asice", &a, &err), COT_USAGE);
	free(p);
}

static int parse(const char *text, struct asice_manifest *m, struct cot_err *err)
{
	return asice_manifest_parse(text, strlen(text), m, err);
}

#define HEAD                                                                                       \
	"<?xml version=\"1.0\"?><asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\" "                   \
	"xmlns:ds=\"" ASICE_DSIG_NS "\"><asic:SigReference URI=\"META-INF/s.p7s\"/>"
#define REF(alg, val)                                                                              \
	"<asic:DataObjectReference URI=\"a%20b.txt\"><ds:DigestMethod Algorithm=\"" alg            \
	"\"/><ds:DigestValue>" val "</ds:DigestValue></asic:DataObjectReference>"
#define SHA256_B64 "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

Test(asice, manifest_parser)
{
	struct asice_manifest m;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(
		parse(HEAD REF(ASICE_SHA256_URI, "\n  " SHA256_B64 "\n") "</asic:ASiCManifest>", &m,
			&err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(m.n, 1);
	cr_assert_str_eq(m.refs[0].uri, "a%20b.txt");
	cr_assert_null(m.refs[0].mime);
	cr_assert_eq(m.refs[0].digest_len, 32);
	asice_manifest_release(&m);
	cr_assert_eq(parse(HEAD REF("http://www.w3.org/2000/09/xmldsig#sha1",
				   "2jmj7l5rSw0yVb/vlWAYkK/YBwk=") "</asic:ASiCManifest>",
			     &m, &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "xmldsig#sha1"));
	cr_assert_eq(parse(HEAD REF(ASICE_SHA256_URI,
				   "2jmj7l5rSw0yVb/vlWAYkK/YBwk=") "</asic:ASiCManifest>",
			     &m, &err),
		COT_USAGE, "a digest of the wrong length");
	cr_assert_eq(parse(HEAD REF(ASICE_SHA256_URI, "!!!!") "</asic:ASiCManifest>", &m, &err),
		COT_USAGE);
	cr_assert_eq(parse("<?xml version=\"1.0\"?><ASiCManifest xmlns=\"urn:other\"/>", &m, &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "namespace"));
	cr_assert_eq(
		parse("<asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\"/>", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "no SigReference"));
	cr_assert_eq(parse("<asic:ASiCManifest", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "not well-formed"));
	cr_assert_eq(parse("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
			   "\"file:///etc/passwd\">]><x>&e;</x>",
			     &m, &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "document type declaration"));
	cr_assert_eq(asice_manifest_parse("<x>\0</x>", 8, &m, &err), COT_USAGE, "NUL bytes");
	cr_assert(asice_xml_has_dtd("a<!ENTITY", 9));
	cr_assert_not(asice_xml_has_dtd("<a/>", 4));
}

/* ---- the walk of the headers (zipwalk.h) ------------------------------------------------ */

static uint32_t test_crc32(const char *s)
{
	uint32_t c = 0xffffffff;

	for (; *s; s++) {
		c ^= (unsigned char)*s;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ 0xedb88320 : c >> 1;
	}
	return ~c;
}

/* A zip built byte by byte, free to lie. */
struct zb {
	unsigned char b[4096];
	size_t n;
	uint32_t offs[8];
	size_t nent;
};

static void put16(struct zb *z, unsigned v)
{
	z->b[z->n++] = (unsigned char)v;
	z->b[z->n++] = (unsigned char)(v >> 8);
}

static void put32(struct zb *z, uint32_t v)
{
	put16(z, v & 0xffff);
	put16(z, v >> 16);
}

static void put(struct zb *z, const void *p, size_t n)
{
	memcpy(z->b + z->n, p, n);
	z->n += n;
}

/* A stored entry called name holding data: with flags bit 3, its sizes come after it. */
static void zb_local(struct zb *z, const char *name, const char *data, unsigned flags, bool sig)
{
	uint32_t crc = test_crc32(data), n = (uint32_t)strlen(data);
	bool dd = flags & 8;

	z->offs[z->nent++] = (uint32_t)z->n;
	put32(z, 0x04034b50);
	put16(z, 20);
	put16(z, flags);
	put16(z, 0);
	put32(z, 0);
	put32(z, dd ? 0 : crc);
	put32(z, dd ? 0 : n);
	put32(z, dd ? 0 : n);
	put16(z, (unsigned)strlen(name));
	put16(z, 0);
	put(z, name, strlen(name));
	put(z, data, n);
	if (dd && sig)
		put32(z, 0x08074b50);
	if (dd) {
		put32(z, crc);
		put32(z, n);
		put32(z, n);
	}
}

static void zb_central(
	struct zb *z, const char *name, const char *data, unsigned flags, uint32_t off)
{
	put32(z, 0x02014b50);
	put16(z, 20);
	put16(z, 20);
	put16(z, flags);
	put16(z, 0);
	put32(z, 0);
	put32(z, test_crc32(data));
	put32(z, (uint32_t)strlen(data));
	put32(z, (uint32_t)strlen(data));
	put16(z, (unsigned)strlen(name));
	put16(z, 0);
	put16(z, 0);
	put16(z, 0);
	put16(z, 0);
	put32(z, 0);
	put32(z, off);
	put(z, name, strlen(name));
}

static void zb_end(struct zb *z, size_t count, size_t cd)
{
	uint32_t size = (uint32_t)(z->n - cd);

	put32(z, 0x06054b50);
	put16(z, 0);
	put16(z, 0);
	put16(z, (unsigned)count);
	put16(z, (unsigned)count);
	put32(z, size);
	put32(z, (uint32_t)cd);
	put16(z, 0);
}

/* Two honest entries, a and b, with flags fa and fb (8: a data descriptor). */
static void zb_two(struct zb *z, unsigned fa, unsigned fb, bool sig)
{
	size_t cd;

	memset(z, 0, sizeof(*z));
	zb_local(z, "a.txt", "alpha", fa, sig);
	zb_local(z, "b.txt", "beta", fb, sig);
	cd = z->n;
	zb_central(z, "a.txt", "alpha", fa, z->offs[0]);
	zb_central(z, "b.txt", "beta", fb, z->offs[1]);
	zb_end(z, 2, cd);
}

static bool has_issue(const struct zipwalk *w, const char *text)
{
	for (size_t i = 0; i < w->nissue; i++)
		if (strstr(w->issue[i], text))
			return true;
	return false;
}

Test(asice, walk_accepts_honest_archives_and_descriptors)
{
	struct cot_err err = COT_ERR_INIT;
	struct zipwalk w;
	struct zb z;

	zb_two(&z, 0, 0, false);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_OK, "%s", w.issue[0]);
	cr_assert_eq(w.nlocal, 2);
	cr_assert_eq(w.n, 2);
	cr_assert_str_eq(w.v[1].name, "b.txt");
	cr_assert_eq(w.cd_offset, z.offs[1] + 30 + 5 + 4);
	zipwalk_release(&w);
	zb_two(&z, 8, 8, true);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_OK, "with signatures: %s", w.issue[0]);
	zipwalk_release(&w);
	zb_two(&z, 8, 8 | (1u << 11), false);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_OK, "without: %s", w.issue[0]);
	cr_assert_eq(w.v[1].flags, 8 | (1u << 11));
	zipwalk_release(&w);
}

Test(asice, walk_finds_hidden_entries_gaps_and_lies)
{
	struct cot_err err = COT_ERR_INIT;
	struct zipwalk w;
	struct zb z;
	size_t cd;

	/* a hidden local entry before the real one */
	memset(&z, 0, sizeof(z));
	zb_local(&z, "c.pdf", "hidden", 0, false);
	zb_local(&z, "c.pdf", "real", 0, false);
	cd = z.n;
	zb_central(&z, "c.pdf", "real", 0, z.offs[1]);
	zb_end(&z, 1, cd);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	cr_assert(has_issue(&w, "offset 0: a local entry 'c.pdf' that the central directory does "
				"not list (a hidden entry)"),
		"%s", w.issue[0]);
	cr_assert_eq(w.total, 1, "%s / %s", w.issue[0], w.issue[1]);
	zipwalk_release(&w);

	/* a gap of 7 bytes between the entries */
	memset(&z, 0, sizeof(z));
	zb_local(&z, "a.txt", "alpha", 0, false);
	put(&z, "garbage", 7);
	zb_local(&z, "b.txt", "beta", 0, false);
	cd = z.n;
	zb_central(&z, "a.txt", "alpha", 0, z.offs[0]);
	zb_central(&z, "b.txt", "beta", 0, z.offs[1]);
	zb_end(&z, 2, cd);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	cr_assert(has_issue(&w, "offset 40: 7 bytes that belong to no entry"), "%s", w.issue[0]);
	zipwalk_release(&w);

	/* a data descriptor that lies about the CRC */
	zb_two(&z, 8, 8, true);
	z.b[z.offs[1] - 12] ^= 1;
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	cr_assert(has_issue(&w, "'a.txt': the data descriptor says CRC"), "%s", w.issue[0]);
	zipwalk_release(&w);

	/* each field of the local header in turn: flags, method, CRC, sizes, name */
	for (size_t at = 6; at <= 30; at++) {
		if ((at >= 10 && at < 14) || at == 27 ||
			at == 29) /* time, date; high length bytes */
			continue;
		zb_two(&z, 0, 0, false);
		z.b[z.offs[1] + (at == 30 ? 30 : at)] ^= at == 30 ? 0x20 : 1;
		cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS, "byte %zu", at);
		cr_assert(w.total >= 1);
		zipwalk_release(&w);
	}
	/* bytes after the end record; no end record at all */
	zb_two(&z, 0, 0, false);
	put(&z, "tail", 4);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	cr_assert(has_issue(&w, "4 bytes follow the end of central directory record"));
	zipwalk_release(&w);
	cr_assert_eq(zipwalk_mem(z.b, 40, &w, &err), COT_FINDINGS);
	cr_assert(has_issue(&w, "no end of central directory record"));
	zipwalk_release(&w);
}

Test(asice, walk_survives_offsets_that_overflow)
{
	struct cot_err err = COT_ERR_INIT;
	struct zipwalk w;
	struct zb z;

	zb_two(&z, 0, 0, false);
	memcpy(z.b + z.n - 6, "\xf0\xff\xff\xff", 4); /* the central directory at 4 GiB - 16 */
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	zipwalk_release(&w);
	zb_two(&z, 0, 0, false);
	memcpy(z.b + z.offs[0] + 18, "\xff\xff\xff\xfe", 4); /* a compressed size of 4 GiB */
	memcpy(z.b + z.n - 22 - 51 - 51 + 20, "\xff\xff\xff\xfe", 4);
	cr_assert_eq(zipwalk_mem(z.b, z.n, &w, &err), COT_FINDINGS);
	cr_assert(w.total >= 1);
	zipwalk_release(&w);
}

Test(asice, the_walk_reaches_the_archive)
{
	struct asice_archive a;
	struct cot_err err = COT_ERR_INIT;
	char *p = test_path(dir, "h.zip");
	struct zb z;
	size_t cd;
	FILE *f;

	memset(&z, 0, sizeof(z));
	zb_local(&z, "c.pdf", "hidden", 0, false);
	zb_local(&z, "c.pdf", "real", 0, false);
	cd = z.n;
	zb_central(&z, "c.pdf", "real", 0, z.offs[1]);
	zb_end(&z, 1, cd);
	f = fopen(p, "wb");
	cr_assert_not_null(f);
	fwrite(z.b, 1, z.n, f);
	fclose(f);
	cr_assert_eq(asice_open_file(p, &a, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(a.layout.total, 1);
	cr_assert_not_null(strstr(a.layout.issue[0], "hidden entry"));
	asice_archive_release(&a);
	free(p);
}

Test(asice, only_regular_files_are_opened)
{
	struct asice_archive a;
	struct cot_err err = COT_ERR_INIT;
	char *fifo = test_path(dir, "fifo");

	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(asice_check_file(fifo, &err), COT_USAGE, "a FIFO does not block");
	cr_assert_not_null(strstr(err.msg, "a FIFO"), "%s", err.msg);
	cr_assert_eq(asice_open_file(fifo, &a, &err), COT_USAGE);
	cr_assert_eq(asice_check_file("/dev/zero", &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "a character device"), "%s", err.msg);
	cr_assert_eq(asice_check_file(dir, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "a directory"), "%s", err.msg);
	free(fifo);
}

Test(asice, names_judged_and_folded)
{
	char why[200];
	char *x, *y;

	cr_assert_not(asice_name_bad("documents/contrat-sign\xc3\xa9.pdf", 1u << 11, why, 200));
	cr_assert(asice_name_bad("documents/contrat-sign\xc3\xa9.pdf", 0, why, 200), "no flag");
	cr_assert_not_null(strstr(why, "without the UTF-8 flag"));
	cr_assert(asice_name_bad("r\x82sum\x82.pdf", 0, why, 200), "CP437");
	cr_assert_not(asice_name_bad("plain.pdf", 0, why, 200), "ASCII needs no flag");
	cr_assert(asice_name_bad("a\xc0\xaf", 1u << 11, why, 200), "overlong");
	cr_assert(asice_name_bad("a\xe0\x80\xaf", 1u << 11, why, 200), "overlong, 3 bytes");
	cr_assert(asice_name_bad("a\xed\xa0\x80", 1u << 11, why, 200), "surrogate");
	cr_assert(asice_name_bad("a\xf4\x90\x80\x80", 1u << 11, why, 200), "above U+10FFFF");
	cr_assert(asice_name_bad("a\xe2\x82", 1u << 11, why, 200), "truncated");
	cr_assert(asice_name_bad("a\xc2\x9b", 1u << 11, why, 200), "C1 CSI");
	cr_assert_str_eq(why, "a C1 control character (U+009B)");
	cr_assert(asice_name_bad("a\x7f", 0, why, 200), "DEL");
	cr_assert(asice_name_bad("a\x1b[0m", 0, why, 200), "ESC");
	for (const char *const *b =
			(const char *const[]){"\xe2\x80\xaa", "\xe2\x80\xae", "\xe2\x81\xa6",
				"\xe2\x81\xa9", "\xe2\x80\x8e", "\xe2\x80\x8f", "\xd8\x9c", NULL};
		*b; b++) {
		char name[32];
		snprintf(name, sizeof(name), "x%s.pdf", *b);
		cr_assert(asice_name_bad(name, 1u << 11, why, 200), "bidi %s", name + 1);
		cr_assert_not_null(strstr(why, "bidirectional"));
	}
	x = asice_name_fold("Documents/STRASSE.PDF");
	y = asice_name_fold("documents/stra\xc3\x9f"
			    "e.pdf");
	cr_assert_str_eq(x, y, "full case folding: sharp s is ss");
	free(x);
	free(y);
	x = asice_name_fold("\xef\xbd\x93ubmission.xml"); /* fullwidth s */
	cr_assert_str_eq(x, "submission.xml");
	free(x);
	x = asice_name_fold("e\xcc\x81.pdf"); /* e + combining acute: NFC é */
	y = asice_name_fold("\xc3\x89.PDF");
	cr_assert_str_eq(x, y);
	free(x);
	free(y);
	x = asice_name_fold("R\x82SUM\x82.PDF");
	cr_assert_str_eq(x, "r\x82sum\x82.pdf", "not UTF-8: ASCII lowercase only");
	free(x);
}

Test(asice, manifest_bounds_before_libxml2)
{
	struct asice_manifest m;
	struct cot_err err = COT_ERR_INIT;
	char doc[8192];
	size_t n;

	n = (size_t)snprintf(doc, sizeof(doc), "<asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\"");
	for (int i = 0; i < ASICE_XML_MAX_ATTRS; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, " a%d=\"=>\"", i);
	snprintf(doc + n, sizeof(doc) - n, "><asic:SigReference URI=\"s\"/></asic:ASiCManifest>");
	cr_assert_eq(parse(doc, &m, &err), COT_USAGE, "33 attributes with the xmlns");
	cr_assert_not_null(strstr(err.msg, "more than 32 attributes"), "%s", err.msg);
	cr_assert_eq(parse(HEAD "<!-- a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=10 k=11 l=12 m=13 n=14 "
				"o=15 p=16 q=17 r=18 s=19 t=20 u=21 v=22 w=23 x=24 y=25 z=26 A=27 "
				"B=28 C=29 D=30 E=31 "
				"F=32 G=33 --></asic:ASiCManifest>",
			     &m, &err),
		COT_OK, "a comment is no element: %s", err.msg);
	asice_manifest_release(&m);
	n = (size_t)snprintf(doc, sizeof(doc), "<asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\"");
	for (int i = 0; i <= ASICE_XML_MAX_NS; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, " xmlns:p%d=\"u:%d\"", i, i);
	snprintf(doc + n, sizeof(doc) - n, "/>");
	cr_assert_eq(parse(doc, &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "namespaces"), "%s", err.msg);
	n = 0;
	for (int i = 0; i <= ASICE_XML_MAX_DEPTH; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "<d>");
	cr_assert_eq(parse(doc, &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "nest more than 32 deep"), "%s", err.msg);
	cr_assert_eq(asice_manifest_parse("<", 1, &m, &err), COT_USAGE, "a lone '<' at the end");
}
