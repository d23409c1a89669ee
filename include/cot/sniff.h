/* What bytes are, told while they stream past: private key material, PDFs, images. */
#ifndef COT_SNIFF_H
#define COT_SNIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNIFF_HEAD 64 /* leading bytes kept to classify a file */
#define SNIFF_TAIL                                                                                 \
	512 /* bytes carried from one chunk to the next: markers and DER key headers across them   \
	     */

enum sniff_type {
	SNIFF_OTHER,
	SNIFF_PDF, /* "%PDF-" at the start */
	SNIFF_PNG,
	SNIFF_JPEG,
};

/*
 * The state of one stream; holds no heap memory. Feed every byte in order,
 * in chunks of any size (the verdict does not depend on where they are cut),
 * then read the results:
 *  - secret: why the bytes hold private key material, or NULL. Anywhere in
 *    the stream:
 *      a PEM block "-----BEGIN <label>-----" whose label ends in "PRIVATE
 *      KEY" (PKCS#8, ENCRYPTED, RSA, EC, OPENSSH …) or is "PGP PRIVATE KEY
 *      BLOCK";
 *      DER PKCS#8 PrivateKeyInfo (SEQUENCE { INTEGER 0 or 1, SEQUENCE … }),
 *      EncryptedPrivateKeyInfo (SEQUENCE { SEQUENCE { OID of PKCS#5 or
 *      PKCS#12 PBE … } … }) and PKCS#12 PFX (SEQUENCE { INTEGER 3, … }):
 *      found by these leading bytes, then confirmed by OpenSSL: the whole
 *      structure must parse (d2i_PKCS8_PRIV_KEY_INFO, d2i_X509_SIG,
 *      d2i_PKCS12) to its last byte with an algorithm OpenSSL knows, or, when
 *      it is longer than SNIFF_TAIL bytes and does not lie whole in one fed
 *      chunk, its first SNIFF_TAIL bytes must parse as its leading fields;
 *      a JKS or JCEKS keystore (magic 0xFEEDFEED or 0xCECECECE, version 1 or
 *      2, a non-zero entry count, a first entry tag 1 to 3);
 *    and at the start, as before, a PFX whose length is BER-indefinite;
 *  - type: from the leading bytes;
 *  - pdf_encrypted: a PDF whose bytes hold the name /Encrypt, also written
 *    with '#xx' escapes (/Encr#79pt, PDF 32000-1 7.3.5); the trailer or
 *    cross-reference stream of an encrypted PDF names its encryption
 *    dictionary so; "/EncryptMetadata" does not count;
 *  - pdf_streams: a PDF whose bytes hold the keyword "stream": only then can
 *    it hide bytes that are not its raw bytes, and sniff_pdf_* is needed.
 * Only raw bytes are looked at: compressed PDF streams are sniff_pdf_*'s.
 */
struct sniff {
	unsigned char head[SNIFF_HEAD];
	size_t nhead;
	unsigned char tail[SNIFF_TAIL];
	size_t ntail;
	uint64_t total;
	const char *secret; /* static text */
	bool pdf_encrypted;
	bool pdf_streams;
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

/* ---- The structural pass over a PDF (libqpdf) ---------------------------- */

#define SNIFF_PDF_MAX ((uint64_t)512 << 20)	   /* larger PDFs are not parsed */
#define SNIFF_PDF_STREAM_MAX ((uint64_t)256 << 20) /* decoded bytes of one stream */
#define SNIFF_PDF_DECODED_MAX ((uint64_t)2 << 30)  /* decoded bytes of all streams */
#define SNIFF_PDF_RATIO 200			   /* decoded / raw of a stream, */
#define SNIFF_PDF_RATIO_FROM ((uint64_t)16 << 20)  /* once it decoded this much */
#define SNIFF_PDF_OTHER_MAX ((size_t)64 << 10)	   /* raw bytes of a non-Flate filtered stream */
#define SNIFF_PDF_OBJECTS 4000000		   /* the trailer's /Size */
#define SNIFF_PDF_READ_MAX ((uint64_t)64 << 20)	   /* sniff_pdf_path reads smaller files whole */

struct sniff_pdf {
	const char *secret; /* static text, as struct sniff's: key material in a decoded stream */
	bool encrypted;	    /* qpdf says so, or it wants a password */
	char problem[256];  /* non-empty: the PDF could not be checked whole, and why */
	uint64_t streams;   /* streams decoded and sniffed */
	uint64_t decoded;   /* their decoded bytes */
	unsigned damaged;   /* Flate streams that end in a zlib error (sniffed up to it) */
};

/*
 * Parses a PDF (a file, or len bytes in memory) with libqpdf and sniffs
 * every stream a reader would decode, embedded files (/EmbeddedFile) among
 * them: FlateDecode without /DecodeParms inflated here, streamed, within
 * SNIFF_PDF_STREAM_MAX, SNIFF_PDF_DECODED_MAX and SNIFF_PDF_RATIO, so that a
 * PDF bomb costs bounded time and memory; other general filters (LZW,
 * ASCII85, ASCIIHex, RunLength, chains, predictors) decoded by qpdf up to
 * SNIFF_PDF_OTHER_MAX raw bytes. Unfiltered and image-only (DCT, JPX,
 * JBIG2, CCITT) streams and cross-reference streams are skipped: their raw
 * bytes are what the caller has streamed through a struct sniff, which it
 * must do as well. Objects are looked up by number, 1 to the trailer's
 * /Size, generation 0. r is reset and filled: secret, encrypted, or a
 * problem when the PDF is larger than SNIFF_PDF_MAX, qpdf cannot parse it,
 * a bound is crossed, or libqpdf cannot be loaded (qpdf-load.h). sniff_pdf_path reads a file of up
 * to SNIFF_PDF_READ_MAX bytes into memory (qpdf seeks a file for every object: ten times slower), a
 * larger one it lets qpdf read. Returns COT_OK when none of the three, else COT_FINDINGS; never
 * prints.
 */
int sniff_pdf_path(const char *path, struct sniff_pdf *r);
int sniff_pdf_buffer(const void *data, size_t len, struct sniff_pdf *r);

#endif
