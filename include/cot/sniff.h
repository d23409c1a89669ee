/* What bytes are, told while they stream past: private key material, PDFs, images. */
#ifndef COT_SNIFF_H
#define COT_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNIFF_HEAD 64 /* leading bytes kept to classify a file */
#define SNIFF_TAIL 96 /* bytes carried from one chunk to the next for markers across them */

enum sniff_type {
	SNIFF_OTHER,
	SNIFF_PDF,  /* "%PDF-" at the start */
	SNIFF_PNG,
	SNIFF_JPEG,
};

/*
 * The state of one stream; holds no heap memory. Feed every byte in order,
 * in chunks of any size, then read the results:
 *  - secret: why the bytes hold private key material, or NULL: a PEM block
 *    "-----BEGIN <label>-----" whose label ends in "PRIVATE KEY" (anywhere
 *    in the stream), a JKS or JCEKS keystore (magic 0xFEEDFEED, 0xCECECECE),
 *    or a PKCS#12 PFX (DER: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data
 *    or pkcs7-signedData … } } at the start);
 *  - type: from the leading bytes;
 *  - pdf_encrypted: a PDF whose bytes hold an /Encrypt entry (the trailer or
 *    cross-reference stream of an encrypted PDF names its encryption
 *    dictionary so; "/EncryptMetadata" does not count).
 */
struct sniff {
	unsigned char head[SNIFF_HEAD];
	size_t nhead;
	unsigned char tail[SNIFF_TAIL];
	size_t ntail;
	uint64_t total;
	const char *secret; /* static text */
	bool pdf_encrypted;
};

void sniff_init(struct sniff *s);
void sniff_feed(struct sniff *s, const void *data, size_t len);

/* The type of what was fed so far (decided by the first bytes). */
enum sniff_type sniff_type(const struct sniff *s);

/* "PDF", "PNG", "JPEG" or "other". */
const char *sniff_type_name(enum sniff_type t);

/*
 * Why a file name says it holds private key material (".p12", ".acc-p12",
 * ".pfx", ".jks", ".jceks", ".keystore", ".key", ".pem" is not one), or NULL.
 * Case-insensitive, on the last path component.
 */
const char *sniff_secret_name(const char *name);

/* Runs a whole buffer through a fresh sniff. */
void sniff_buffer(struct sniff *s, const void *data, size_t len);

#endif
