/* Unit tests of asice and zipout: one-pass writing, reading with limits, the manifest. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
	it[0] = (struct asice_item){.name = "notes.txt", .data = note_text,
		.len = sizeof(note_text) - 1, .mime = "text/plain"};
	it[1] = (struct asice_item){.name = "documents/a.pdf", .path = big,
		.mime = "application/pdf", .store = true};
	it[2] = (struct asice_item){.name = "documents/b.txt", .data = "", .len = 0,
		.mime = "text/plain"};
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
	struct asice_item it[2] = {{.name = "../up.txt", .data = "x", .len = 1, .mime = "text/plain"}};
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
		if (memcmp(buf + p, "PK\1\2", 4) == 0 && memcmp(buf + p + 46, "documents/a.pdf", 15) == 0)
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

#define HEAD "<?xml version=\"1.0\"?><asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\" " \
	"xmlns:ds=\"" ASICE_DSIG_NS "\"><asic:SigReference URI=\"META-INF/s.p7s\"/>"
#define REF(alg, val) "<asic:DataObjectReference URI=\"a%20b.txt\"><ds:DigestMethod Algorithm=\"" \
	alg "\"/><ds:DigestValue>" val "</ds:DigestValue></asic:DataObjectReference>"
#define SHA256_B64 "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

Test(asice, manifest_parser)
{
	struct asice_manifest m;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(parse(HEAD REF(ASICE_SHA256_URI, "\n  " SHA256_B64 "\n") "</asic:ASiCManifest>",
		&m, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(m.n, 1);
	cr_assert_str_eq(m.refs[0].uri, "a%20b.txt");
	cr_assert_null(m.refs[0].mime);
	cr_assert_eq(m.refs[0].digest_len, 32);
	asice_manifest_release(&m);
	cr_assert_eq(parse(HEAD REF("http://www.w3.org/2000/09/xmldsig#sha1",
		"2jmj7l5rSw0yVb/vlWAYkK/YBwk=") "</asic:ASiCManifest>", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "xmldsig#sha1"));
	cr_assert_eq(parse(HEAD REF(ASICE_SHA256_URI, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")
		"</asic:ASiCManifest>", &m, &err), COT_USAGE, "a digest of the wrong length");
	cr_assert_eq(parse(HEAD REF(ASICE_SHA256_URI, "!!!!") "</asic:ASiCManifest>", &m, &err),
		COT_USAGE);
	cr_assert_eq(parse("<?xml version=\"1.0\"?><ASiCManifest xmlns=\"urn:other\"/>", &m, &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "namespace"));
	cr_assert_eq(parse("<asic:ASiCManifest xmlns:asic=\"" ASICE_NS "\"/>", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "no SigReference"));
	cr_assert_eq(parse("<asic:ASiCManifest", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "not well-formed"));
	cr_assert_eq(parse("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "
		"\"file:///etc/passwd\">]><x>&e;</x>", &m, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "document type declaration"));
	cr_assert_eq(asice_manifest_parse("<x>\0</x>", 8, &m, &err), COT_USAGE, "NUL bytes");
	cr_assert(asice_xml_has_dtd("a<!ENTITY", 9));
	cr_assert_not(asice_xml_has_dtd("<a/>", 4));
}
