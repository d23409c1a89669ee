/* Unit tests of sniff: private key material, PDFs and their encryption, in chunks of every size. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include "cot/sniff.h"

/* Feeds data split at every position, and byte by byte; returns the secret of each way, which must agree. */
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
		cr_assert_eq(s.secret != NULL, first != NULL, "split at %zu changes the verdict", cut);
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
		snprintf(text, sizeof(text), "some notes\n-----BEGIN %s-----\nMIIEvQIBADANBgkqhkiG9w0B\n"
			"-----END %s-----\n", labels[i], labels[i]);
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
	cr_assert_not_null(strstr(secret_every_split(der, 64, &enc), "PKCS#12"),
		"the first 64 bytes suffice");
	cr_assert_null(secret_every_split(cder, (size_t)cn, &enc), "a DER certificate is no keystore");
	OPENSSL_free(der);
	OPENSSL_free(cder);
	PKCS12_free(p12);
	X509_free(x);
	EVP_PKEY_free(key);
}

Test(sniff, pdf_types_and_encryption)
{
	static const char plain[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /EncryptMetadata false >>\n"
		"trailer << /Root 1 0 R >>\n%%EOF\n";
	static const char encrypted[] = "%PDF-1.7\n1 0 obj << /Filter /Standard >> endobj\n"
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
	static const char *const good[] = {"contract.pdf", "cert.pem", "key.txt", "p12", "keys/a.pdf",
		"a.p12.pdf"};

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
