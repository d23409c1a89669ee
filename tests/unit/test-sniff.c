/* Unit tests of sniff: private key material, PDFs and their encryption, in chunks of every size. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/sniff.h"

/* Feeds data split at every position, and byte by byte; returns the secret of each way, which must
 * agree. */
static const char *secret_every_split(const void *data, size_t len, bool *pdf_encrypted)
{
	const unsigned char *p = data;
	struct sniff s;
	const char *first;

	sniff_buffer(&s, data, len);
	first = s.secret;
	*pdf_encrypted = s.pdf_encrypted;
	for (size_t cut = 0; cut <= len; cut++) {
		sniff_init(&s);
		sniff_feed(&s, p, cut);
		sniff_feed(&s, p + cut, len - cut);
		cr_assert_eq(
			s.secret != NULL, first != NULL, "split at %zu changes the verdict", cut);
		cr_assert_eq(s.pdf_encrypted, *pdf_encrypted, "split at %zu changes /Encrypt", cut);
	}
	sniff_init(&s);
	for (size_t i = 0; i < len; i++)
		sniff_feed(&s, p + i, 1);
	cr_assert_eq(s.secret != NULL, first != NULL, "byte by byte changes the verdict");
	cr_assert_eq(s.pdf_encrypted, *pdf_encrypted, "byte by byte changes /Encrypt");
	return first;
}

static const char *secret_of(const char *text)
{
	bool enc;

	return secret_every_split(text, strlen(text), &enc);
}

Test(sniff, pem_private_keys_anywhere)
{
	static const char *const labels[] = {"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
		"ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "DSA PRIVATE KEY"};
	char text[512];

	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
		snprintf(text, sizeof(text),
			"some notes\n-----BEGIN %s-----\nMIIEvQIBADANBgkqhkiG9w0B\n"
			"-----END %s-----\n",
			labels[i], labels[i]);
		cr_assert_not_null(secret_of(text), "%s not found", labels[i]);
		cr_assert_not_null(strstr(secret_of(text), "PEM private key"));
	}
}

Test(sniff, certificates_and_words_are_not_keys)
{
	cr_assert_null(secret_of("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"));
	cr_assert_null(secret_of("the PRIVATE KEY of the organisation stays with it\n"));
	cr_assert_null(secret_of("-----BEGIN PRIVATE KEY without the closing dashes\n"));
	cr_assert_null(secret_of("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"));
}

Test(sniff, java_keystores_by_magic)
{
	static const unsigned char jks[] = {0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0, 1};
	static const unsigned char jceks[] = {0xce, 0xce, 0xce, 0xce, 0, 0, 0, 2};
	bool enc;

	cr_assert_not_null(strstr(secret_every_split(jks, sizeof(jks), &enc), "JKS"));
	cr_assert_not_null(strstr(secret_every_split(jceks, sizeof(jceks), &enc), "JCEKS"));
	cr_assert_null(secret_every_split(jks + 1, sizeof(jks) - 1, &enc), "only at the start");
}

/* A PKCS#12 keystore made here, and a plain DER certificate that must not count as one. */
Test(sniff, pkcs12_by_structure)
{
	EVP_PKEY *key = EVP_RSA_gen(1024);
	X509 *x = X509_new();
	PKCS12 *p12;
	unsigned char *der = NULL, *cder = NULL;
	int n, cn;
	bool enc;

	cr_assert_not_null(key);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
		(const unsigned char *)"sniff", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	cr_assert(X509_sign(x, key, EVP_sha256()));
	p12 = PKCS12_create("pw", "authentication", key, x, NULL, 0, 0, 0, 0, 0);
	cr_assert_not_null(p12);
	n = i2d_PKCS12(p12, &der);
	cn = i2d_X509(x, &cder);
	cr_assert_gt(n, 0);
	cr_assert_not_null(
		strstr(secret_every_split(der, 64, &enc), "PKCS#12"), "the first 64 bytes suffice");
	cr_assert_null(
		secret_every_split(cder, (size_t)cn, &enc), "a DER certificate is no keystore");
	OPENSSL_free(der);
	OPENSSL_free(cder);
	PKCS12_free(p12);
	X509_free(x);
	EVP_PKEY_free(key);
}

Test(sniff, pdf_types_and_encryption)
{
	static const char plain[] =
		"%PDF-1.7\n1 0 obj << /Type /Catalog /EncryptMetadata false >>\n"
		"trailer << /Root 1 0 R >>\n%%EOF\n";
	static const char encrypted[] =
		"%PDF-1.7\n1 0 obj << /Filter /Standard >> endobj\n"
		"trailer << /Root 2 0 R /Encrypt 1 0 R /ID [<00> <00>] >>\n%%EOF\n";
	static const char not_pdf[] = "a text that mentions /Encrypt 1 0 R\n";
	struct sniff s;
	bool enc;

	cr_assert_null(secret_every_split(plain, sizeof(plain) - 1, &enc));
	cr_assert_not(enc, "/EncryptMetadata is not /Encrypt");
	secret_every_split(encrypted, sizeof(encrypted) - 1, &enc);
	cr_assert(enc, "/Encrypt in the trailer");
	secret_every_split(not_pdf, sizeof(not_pdf) - 1, &enc);
	cr_assert_not(enc, "only PDFs are encrypted PDFs");
	sniff_buffer(&s, plain, sizeof(plain) - 1);
	cr_assert_eq(sniff_type(&s), SNIFF_PDF);
	cr_assert_str_eq(sniff_type_name(sniff_type(&s)), "PDF");
	sniff_buffer(&s, "\x89PNG\r\n\x1a\n....", 12);
	cr_assert_eq(sniff_type(&s), SNIFF_PNG);
	sniff_buffer(&s, "\xff\xd8\xff\xe0", 4);
	cr_assert_eq(sniff_type(&s), SNIFF_JPEG);
	sniff_buffer(&s, "%PD", 3);
	cr_assert_eq(sniff_type(&s), SNIFF_OTHER);
	sniff_buffer(&s, "", 0);
	cr_assert_eq(sniff_type(&s), SNIFF_OTHER);
	cr_assert_eq(s.total, 0);
}

Test(sniff, key_file_names)
{
	static const char *const bad[] = {"ks.p12", "documents/ORG.ACC-P12", "a.pfx", "b.jks",
		"c.jceks", "d.keystore", "server.key", "dir.p12/x.KEY"};
	static const char *const good[] = {
		"contract.pdf", "cert.pem", "key.txt", "p12", "keys/a.pdf", "a.p12.pdf"};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_assert_not_null(sniff_secret_name(bad[i]), "%s", bad[i]);
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_assert_null(sniff_secret_name(good[i]), "%s", good[i]);
}

Test(sniff, counts_every_byte)
{
	static char big[300000];
	struct sniff s;

	memset(big, 'a', sizeof(big));
	memcpy(big + 150000 - 5, "-----BEGIN RSA PRIVATE KEY-----", 31);
	sniff_init(&s);
	for (size_t off = 0; off < sizeof(big); off += 8192)
		sniff_feed(&s, big + off, sizeof(big) - off < 8192 ? sizeof(big) - off : 8192);
	cr_assert_eq(s.total, sizeof(big));
	cr_assert_not_null(s.secret, "a key across an 8 KiB boundary");
}

/* ---- key material anywhere: DER at odd offsets, across chunks ---------------------------- */

static EVP_PKEY *gen_key(const char *alg)
{
	EVP_PKEY *k = !strcmp(alg, "RSA")  ? EVP_RSA_gen(2048)
		      : !strcmp(alg, "EC") ? EVP_EC_gen("P-256")
					   : EVP_PKEY_Q_keygen(NULL, NULL, alg);

	cr_assert_not_null(k, "%s key", alg);
	return k;
}

static X509 *self_signed(EVP_PKEY *key)
{
	X509 *x = X509_new();

	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 7);
	X509_gmtime_adj(X509_getm_notBefore(x), 0);
	X509_gmtime_adj(X509_getm_notAfter(x), 3600);
	X509_set_pubkey(x, key);
	X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
		(const unsigned char *)"sniff", -1, -1, 0);
	X509_set_issuer_name(x, X509_get_subject_name(x));
	cr_assert(X509_sign(x, key, EVP_PKEY_is_a(key, "ED25519") ? NULL : EVP_sha256()));
	return x;
}

/* The DER forms of key: PKCS#8, encrypted PKCS#8 (PBES2), PKCS#12 (into der[0..2]). */
static void der_forms(EVP_PKEY *key, unsigned char *der[3], int len[3])
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	BIO *b = BIO_new(BIO_s_mem());
	X509 *x = self_signed(key);
	PKCS12 *p12 = PKCS12_create("pw", "auth", key, x, NULL, 0, 0, 0, 0, 0);
	char *mem;
	long n;

	der[0] = NULL;
	der[2] = NULL;
	len[0] = i2d_PKCS8_PRIV_KEY_INFO(p8, &der[0]);
	cr_assert(i2d_PKCS8PrivateKey_bio(b, key, EVP_aes_256_cbc(), "pw", 2, NULL, NULL));
	n = BIO_get_mem_data(b, &mem);
	der[1] = OPENSSL_memdup(mem, (size_t)n);
	len[1] = (int)n;
	len[2] = i2d_PKCS12(p12, &der[2]);
	cr_assert(len[0] > 0 && len[1] > 0 && len[2] > 0);
	PKCS8_PRIV_KEY_INFO_free(p8);
	BIO_free(b);
	X509_free(x);
	PKCS12_free(p12);
}

/* PDF-like text with binary bytes in it, the same each time. */
static void filler(unsigned char *p, size_t n, unsigned seed)
{
	static const char text[] = "1 0 obj << /Length 2 0 R /Filter /FlateDecode >> stream\n";

	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (i / 64) % 2 ? text[i % (sizeof(text) - 1)] : (unsigned char)(seed >> 16);
	}
}

/* key at offset off in filler; every split of the whole and byte by byte agree. */
static const char *secret_at(const unsigned char *key, size_t klen, size_t off, size_t after)
{
	size_t n = off + klen + after;
	unsigned char *buf = malloc(n);
	const char *why;
	bool enc;

	filler(buf, n, (unsigned)off);
	memcpy(buf + off, key, klen);
	why = secret_every_split(buf, n, &enc);
	free(buf);
	return why;
}

Test(sniff, der_keys_at_any_offset, .timeout = 120)
{
	static const char *const algs[] = {"ED25519", "EC", "RSA"};
	static const char *const want[] = {
		"PKCS#8 PrivateKeyInfo", "EncryptedPrivateKeyInfo", "PKCS#12"};

	for (size_t a = 0; a < 3; a++) {
		EVP_PKEY *key = gen_key(algs[a]);
		unsigned char *der[3];
		int len[3];
		der_forms(key, der, len);
		for (int f = 0; f < 3; f++) {
			const char *why = secret_at(der[f], (size_t)len[f], 1001, 3);
			cr_assert_not_null(
				why, "%s form %d (%d bytes) at 1001", algs[a], f, len[f]);
			cr_assert_not_null(strstr(why, want[f]), "%s form %d: %s", algs[a], f, why);
			cr_assert_not_null(secret_at(der[f], (size_t)len[f], 7, 0),
				"%s form %d at the end", algs[a], f);
			why = secret_at(der[f] + 1, (size_t)len[f] - 1, 7, 5);
			if (f < 2)
				cr_assert_null(
					why, "%s form %d without its first byte", algs[a], f);
			else /* the shrouded key bag inside is an EncryptedPrivateKeyInfo */
				cr_assert_not_null(why && strstr(why, "EncryptedPrivateKeyInfo"),
					"%s", algs[a]);
			OPENSSL_free(der[f]);
		}
		EVP_PKEY_free(key);
	}
}

/* An RSA key (longer than the window) across 64 KiB chunks at every offset near the cut. */
Test(sniff, der_key_across_chunk_boundaries, .timeout = 120)
{
	EVP_PKEY *key = gen_key("RSA");
	unsigned char *der[3], *big = malloc((size_t)1 << 18);
	int len[3];

	der_forms(key, der, len);
	for (int f = 0; f < 3; f++)
		for (size_t off = 65536 - (size_t)len[f] - 3; off < 65536 + 3; off += 37) {
			struct sniff s;
			filler(big, (size_t)1 << 18, 3);
			memcpy(big + off, der[f], (size_t)len[f]);
			sniff_init(&s);
			for (size_t at = 0; at < ((size_t)1 << 18); at += 65536)
				sniff_feed(&s, big + at, 65536);
			cr_assert_not_null(s.secret, "form %d at %zu", f, off);
		}
	for (int f = 0; f < 3; f++)
		OPENSSL_free(der[f]);
	free(big);
	EVP_PKEY_free(key);
}

/* Certificates, a CMS signature and a public key are DER too, and no key material. */
Test(sniff, der_certificates_and_signatures_are_not_keys)
{
	EVP_PKEY *key = gen_key("RSA");
	X509 *x = self_signed(key);
	BIO *in = BIO_new_mem_buf("signed text", -1);
	PKCS7 *p7 = PKCS7_sign(x, key, NULL, in, PKCS7_BINARY);
	unsigned char *d[3] = {NULL, NULL, NULL};
	int n[3];
	bool enc;

	n[0] = i2d_X509(x, &d[0]);
	n[1] = i2d_PKCS7(p7, &d[1]);
	n[2] = i2d_PUBKEY(key, &d[2]);
	for (int i = 0; i < 3; i++) {
		cr_assert_gt(n[i], 0);
		cr_assert_null(secret_every_split(d[i], (size_t)n[i], &enc), "DER %d", i);
		OPENSSL_free(d[i]);
	}
	PKCS7_free(p7);
	BIO_free(in);
	X509_free(x);
	EVP_PKEY_free(key);
}

Test(sniff, pgp_blocks_and_java_keystores_anywhere)
{
	static const unsigned char jks[] = {'x', 'y', 0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0, 0, 0,
		1, 0, 0, 0, 1, 0, 5, 'a', 'l', 'i', 'a', 's'};
	static const unsigned char jceks[] = {'%', 'P', 'D', 'F', 0xce, 0xce, 0xce, 0xce, 0, 0, 0,
		2, 0, 0, 0, 3, 0, 0, 0, 3, 0, 1, 'k'};
	static const unsigned char magic_only[] = {
		'x', 0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 'a'};
	bool enc;

	cr_assert_not_null(strstr(secret_of("%PDF-1.7\nstream\n-----BEGIN PGP PRIVATE KEY BLOCK---"
					    "--\n\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----\n"),
		"PGP"));
	cr_assert_null(secret_of("-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQIN\n"));
	cr_assert_null(secret_of("-----BEGIN PGP SIGNATURE-----\niQIz\n"));
	cr_assert_not_null(strstr(secret_every_split(jks, sizeof(jks), &enc), "JKS"));
	cr_assert_not_null(strstr(secret_every_split(jceks, sizeof(jceks), &enc), "JCEKS"));
	cr_assert_null(secret_every_split(magic_only, sizeof(magic_only), &enc), "version 9");
}

Test(sniff, pdf_names_with_escapes)
{
	static const char *const enc_yes[] = {"/Encr#79pt 5 0 R", "/#45ncrypt 5 0 R",
		"/#45#6e#63#72#79#70#74/x", "/Encrypt<<", "/Encr#79pt\n"};
	static const char *const enc_no[] = {"/Encr#79ptMetadata true", "/EncryptMetadata false",
		"/Encr#7 5", "/Encr#zzpt 1", "/Encrypted 1", "/#45ncryp 1"};
	char pdf[256];
	bool enc;

	for (size_t i = 0; i < sizeof(enc_yes) / sizeof(enc_yes[0]); i++) {
		snprintf(pdf, sizeof(pdf), "%%PDF-1.7\ntrailer << /Root 1 0 R %s >>\n", enc_yes[i]);
		secret_every_split(pdf, strlen(pdf), &enc);
		cr_assert(enc, "%s", enc_yes[i]);
	}
	for (size_t i = 0; i < sizeof(enc_no) / sizeof(enc_no[0]); i++) {
		snprintf(pdf, sizeof(pdf), "%%PDF-1.7\ntrailer << /Root 1 0 R %s >>\n", enc_no[i]);
		secret_every_split(pdf, strlen(pdf), &enc);
		cr_assert_not(enc, "%s", enc_no[i]);
	}
}

/* ---- inside PDFs: the structural pass with libqpdf ---------------------------------------- */

struct pdfbuf {
	unsigned char *p;
	size_t n;
	size_t off[16];
	int nobj;
};

static void put(struct pdfbuf *b, const void *data, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	cr_assert_not_null(b->p);
	memcpy(b->p + b->n, data, n);
	b->n += n;
}

static void puts_(struct pdfbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* Object number ++nobj: dict, and a stream of data (n bytes, deflated when flate) if data. */
static void obj(struct pdfbuf *b, const char *dict, const void *data, size_t n, bool flate)
{
	char head[512];
	unsigned char *z = NULL;
	uLongf zn = compressBound((uLong)n);

	b->off[++b->nobj] = b->n;
	if (flate) {
		z = malloc(zn);
		cr_assert_eq(compress2(z, &zn, data, (uLong)n, 9), Z_OK);
		data = z;
		n = zn;
	}
	if (data)
		snprintf(head, sizeof(head), "%d 0 obj\n<< %s /Length %zu %s>>\nstream\n", b->nobj,
			dict, n, flate ? "/Filter /FlateDecode " : "");
	else
		snprintf(head, sizeof(head), "%d 0 obj\n%s\n", b->nobj, dict);
	puts_(b, head);
	if (data) {
		put(b, data, n);
		puts_(b, "\nendstream\n");
	}
	puts_(b, "endobj\n");
	free(z);
}

/* The header, catalog (1) and pages (2) first; the xref and trailer (with extra) last. */
static void pdf_start(struct pdfbuf *b)
{
	memset(b, 0, sizeof(*b));
	puts_(b, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	obj(b, "<< /Type /Catalog /Pages 2 0 R >>", NULL, 0, false);
	obj(b, "<< /Type /Pages /Kids [] /Count 0 >>", NULL, 0, false);
}

static void pdf_end(struct pdfbuf *b, const char *extra)
{
	char line[256];
	size_t xref = b->n;

	snprintf(line, sizeof(line), "xref\n0 %d\n0000000000 65535 f \n", b->nobj + 1);
	puts_(b, line);
	for (int i = 1; i <= b->nobj; i++) {
		snprintf(line, sizeof(line), "%010zu 00000 n \n", b->off[i]);
		puts_(b, line);
	}
	snprintf(line, sizeof(line),
		"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%zu\n%%%%EOF\n", b->nobj + 1,
		extra, xref);
	puts_(b, line);
}

static int pdf_check(struct pdfbuf *b, struct sniff_pdf *r)
{
	int rc = sniff_pdf_buffer(b->p, b->n, r);

	free(b->p);
	b->p = NULL;
	return rc;
}

static unsigned char *pkcs8_der(int *n)
{
	EVP_PKEY *key = gen_key("EC");
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	unsigned char *der = NULL;

	*n = i2d_PKCS8_PRIV_KEY_INFO(p8, &der);
	PKCS8_PRIV_KEY_INFO_free(p8);
	EVP_PKEY_free(key);
	return der;
}

Test(sniff_pdf, clean_pdf_passes)
{
	static const char text[] = "BT /F1 12 Tf 72 712 Td (a contract, signed by both) Tj ET";
	struct pdfbuf b;
	struct sniff_pdf r;

	pdf_start(&b);
	obj(&b, "", text, sizeof(text) - 1, true);
	pdf_end(&b, "");
	cr_assert_eq(pdf_check(&b, &r), COT_OK, "%s", r.problem);
	cr_assert_eq(r.streams, 1);
	cr_assert_eq(r.decoded, sizeof(text) - 1);
}

Test(sniff_pdf, keys_in_flate_streams_and_embedded_files)
{
	static const char pem[] =
		"q 1 0 0 1 0 0 cm\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqG\n"
		"-----END PRIVATE KEY-----\nQ\n";
	struct pdfbuf b;
	struct sniff_pdf r;
	struct sniff raw;
	unsigned char *der, pad[3000];
	int n;

	pdf_start(&b);
	obj(&b, "", pem, sizeof(pem) - 1, true);
	pdf_end(&b, "");
	sniff_buffer(&raw, b.p, b.n);
	cr_assert_null(raw.secret, "deflated, the raw bytes show nothing");
	cr_assert_eq(pdf_check(&b, &r), COT_FINDINGS);
	cr_assert_not_null(r.secret);
	cr_assert_not_null(strstr(r.secret, "PEM private key"));

	der = pkcs8_der(&n);
	filler(pad, sizeof(pad), 9);
	memcpy(pad + 2001, der, (size_t)n);
	OPENSSL_free(der);
	pdf_start(&b);
	obj(&b, "/Type /EmbeddedFile /Subtype /application#2Foctet-stream", pad, sizeof(pad), true);
	obj(&b, "<< /Type /Filespec /F (notes.bin) /EF << /F 3 0 R >> >>", NULL, 0, false);
	pdf_end(&b, "");
	cr_assert_eq(pdf_check(&b, &r), COT_FINDINGS);
	cr_assert_not_null(r.secret, "%s", r.problem);
	cr_assert_not_null(strstr(r.secret, "PKCS#8"));
}

Test(sniff_pdf, a_bomb_costs_bounded_time)
{
	size_t n = (size_t)64 << 20;
	unsigned char *zeros = calloc(1, n);
	struct pdfbuf b;
	struct sniff_pdf r;

	pdf_start(&b);
	obj(&b, "", zeros, n, true); /* 64 MiB of zeros deflate to 64 KiB: 1000 times */
	pdf_end(&b, "");
	free(zeros);
	cr_assert_eq(pdf_check(&b, &r), COT_FINDINGS);
	cr_assert_null(r.secret);
	cr_assert_not_null(strstr(r.problem, "200 times"), "%s", r.problem);
	cr_assert_leq(r.decoded, SNIFF_PDF_RATIO_FROM + (64 << 10), "stopped early: %llu",
		(unsigned long long)r.decoded);
}

Test(sniff_pdf, encrypted_unparseable_and_too_large)
{
	struct pdfbuf b;
	struct sniff_pdf r;
	static const char junk[] = "%PDF-1.4\n\x01\x02 this is no PDF at all, only a header";

	pdf_start(&b);
	obj(&b, "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00> /U <00> >>", NULL, 0,
		false);
	pdf_end(&b, "/Encr#79pt 3 0 R /ID [<01> <01>] ");
	cr_assert_eq(pdf_check(&b, &r), COT_FINDINGS);
	cr_assert(r.encrypted, "an /Encr#79pt trailer is seen by qpdf too: %s", r.problem);
	cr_assert_eq(sniff_pdf_buffer(junk, sizeof(junk) - 1, &r), COT_FINDINGS);
	cr_assert_not_null(strstr(r.problem, "cannot parse"), "%s", r.problem);
	cr_assert_eq(sniff_pdf_buffer(junk, (size_t)SNIFF_PDF_MAX + 1, &r), COT_FINDINGS);
	cr_assert_not_null(strstr(r.problem, "larger than 512 MiB"), "%s", r.problem);
}

/* Reads a PDF (gzip-compressed or not) of at most 64 MiB; NULL if not one. */
static unsigned char *read_pdf(const char *path, size_t *n)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = (size_t)64 << 20;
	unsigned char *p = malloc(cap);
	int r;

	*n = 0;
	if (!f || !p) {
		if (f)
			gzclose(f);
		free(p);
		return NULL;
	}
	while (*n < cap &&
		(r = gzread(f, p + *n, (unsigned)(cap - *n < 65536 ? cap - *n : 65536))) > 0)
		*n += (size_t)r;
	gzclose(f);
	return p;
}

static unsigned real_pdfs(const char *dir, unsigned *found)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned checked = 0;

	while (d && (e = readdir(d))) {
		char path[1024];
		size_t n, k = strlen(e->d_name);
		unsigned char *p;
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			checked += real_pdfs(path, found);
			continue;
		}
		if (!(k > 4 && !strcmp(e->d_name + k - 4, ".pdf")) &&
			!(k > 7 && !strcmp(e->d_name + k - 7, ".pdf.gz")))
			continue;
		if (!(p = read_pdf(path, &n)))
			continue;
		if (n > 5 && !memcmp(p, "%PDF-", 5)) {
			struct sniff s;
			struct sniff_pdf r;
			sniff_buffer(&s, p, n);
			cr_expect_null(s.secret, "%s: %s", path, s.secret);
			cr_expect_not(s.pdf_encrypted, "%s", path);
			cr_expect_eq(sniff_pdf_buffer(p, n, &r), COT_OK, "%s: %s%s", path,
				r.problem, r.secret ? r.secret : "");
			checked++;
			*found += r.streams > 0;
		}
		free(p);
	}
	if (d)
		closedir(d);
	return checked;
}

/* The PDFs Debian ships: no key material, no problem (the false positive rate on real files). */
Test(sniff_pdf, real_pdfs_give_no_finding, .timeout = 300)
{
	unsigned with_streams = 0, n = real_pdfs("/usr/share/doc", &with_streams);

	if (!n)
		cr_skip_test("no PDF under /usr/share/doc");
	cr_log_info("%u real PDFs, %u with decoded streams, no finding", n, with_streams);
	cr_assert_gt(with_streams, 0);
}
