/*
 * ASiC-E containers (ETSI EN 319 162-1) on libzip: writing one in a single
 * streaming pass, and reading one that may be hostile without writing
 * anything to disk.
 */
#ifndef COT_ASICE_H
#define COT_ASICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/sniff.h"

#define ASICE_MIMETYPE "application/vnd.etsi.asic-e+zip"
#define ASICE_MANIFEST "META-INF/ASiCManifest.xml"
#define ASICE_SIGNATURE "META-INF/signature001.p7s"
#define ASICE_NS "http://uri.etsi.org/02918/v1.2.1#"
#define ASICE_DSIG_NS "http://www.w3.org/2000/09/xmldsig#"
#define ASICE_SHA256_URI "http://www.w3.org/2001/04/xmlenc#sha256"
#define ASICE_SIG_MIME "application/pkcs7-signature"

/* ---- Writing ------------------------------------------------------------- */

/*
 * A data object to put in the container. The strings and data are borrowed
 * for the duration of asice_write; the results are filled by it.
 */
struct asice_item {
	const char *name;     /* in the container: relative, '/'-separated, no "..", not META-INF/ */
	const char *path;     /* the file to read, or NULL to take data/len */
	const void *data;
	size_t len;
	const char *mime;     /* its MIME type, as the manifest states it */
	bool store;           /* stored as is (PDFs, images: compressed already) or deflated */
	/* results */
	uint64_t size;
	unsigned char sha256[32];
	struct sniff sniff;   /* what its bytes looked like */
	bool done;            /* every byte was read and hashed */
};

/* The signer: borrowed; chain may be NULL. */
struct asice_signer {
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;
};

/*
 * Called when an item's bytes have all been read (it->done), before the next
 * one, and for a file also once before it is read, with the sniff of its
 * first SNIFF_HEAD bytes only (it->done false), so that a wrong file fails
 * at once: a return other than COT_OK (with err set) stops the write, and
 * nothing is left behind. This is where content is refused (private key
 * material, a PDF that is not one).
 */
typedef int (*asice_check_fn)(const struct asice_item *it, void *arg, struct cot_err *err);

/*
 * Called with the fraction written so far (0 to 1), for containers whose items
 * total ASICE_PROGRESS_MIN bytes or more (smaller ones take no time to watch).
 */
typedef void (*asice_progress_fn)(double done, void *arg);

/*
 * Called with the signature just made (DER, OPENSSL_malloc'ed) before it is
 * written: may replace *sig (freeing the old one with OPENSSL_free), e.g. to
 * add a signature timestamp (B-T). A return other than COT_OK (with err
 * set) stops the write, and nothing is left behind.
 */
typedef int (*asice_seal_fn)(unsigned char **sig, size_t *len, void *arg, struct cot_err *err);
#define ASICE_PROGRESS_MIN ((uint64_t)64 << 20)

struct asice_write_opts {
	time_t time;                       /* entry timestamps and the signing time */
	const struct asice_signer *signer; /* NULL: no signature (an unsigned container) */
	asice_check_fn check;
	void *check_arg;
	asice_progress_fn progress;
	void *progress_arg;
	asice_seal_fn seal;                /* NULL: the signature as cades_sign made it */
	void *seal_arg;
};

/* What asice_write wrote. */
struct asice_written {
	uint64_t size;
	unsigned char sha256[32]; /* of the container file */
};

/*
 * Writes the container path from items (n of them, names unique and in the
 * order wanted; asice_sort_items gives cot's order) in one pass: each file
 * is read once, hashed (SHA-256) and sniffed as libzip writes it. The
 * entries are, in this order:
 *   mimetype                    stored, no extra field, first;
 *   the items                   stored or deflated as they ask;
 *   META-INF/ASiCManifest.xml   deflated: a SigReference to the signature
 *                               and a DataObjectReference (URI, MimeType,
 *                               ds:DigestMethod SHA-256, ds:DigestValue) per item;
 *   META-INF/signature001.p7s   stored: cades_sign over the manifest, when signed,
 *                               then opts->seal's, when given.
 * Every entry has the DOS time of opts->time in UTC, Unix attributes 0644
 * and no extra field, so equal inputs give byte-identical containers.
 * The file is written beside path, synced and renamed over it (zipout.h);
 * on any failure path is left as it was. res gets its size and SHA-256.
 * A file that changes size while read is an error (COT_USAGE).
 * Errors: COT_USAGE for unreadable or refused input (the message names the
 * item), COT_ENV for output failures.
 */
int asice_write(const char *path, struct asice_item *items, size_t n,
	const struct asice_write_opts *opts, struct asice_written *res, struct cot_err *err);

/* Sorts items by name (bytewise): the order cot writes them in. */
void asice_sort_items(struct asice_item *items, size_t n);

/*
 * The manifest asice_write writes for these items (their sha256 filled), a
 * new NUL-terminated string; NULL when out of memory. It names the signature
 * entry also for an unsigned container (the schema requires a SigReference).
 */
char *asice_manifest_render(const struct asice_item *items, size_t n, size_t *len);

/* ---- Reading ------------------------------------------------------------- */

#define ASICE_MAX_ENTRIES 10000
#define ASICE_HEAD 80 /* leading bytes of the archive kept for structure checks */

struct asice_entry {
	char *name;          /* as stored */
	uint64_t index;      /* libzip's */
	uint64_t size;       /* declared uncompressed size */
	uint64_t comp_size;
	uint16_t method;     /* ZIP_CM_* */
	bool encrypted;
	bool symlink;        /* Unix attributes say S_IFLNK */
	bool dir;            /* name ends in '/' or attributes say S_IFDIR */
};

struct asice_archive {
	void *za;            /* zip_t */
	struct asice_entry *v;
	size_t n;
	unsigned char head[ASICE_HEAD];
	size_t nhead;
	uint64_t file_size;
	bool has_eocd;       /* an end of central directory record is in the last 64 KiB */
	char incons[256];    /* why libzip's consistency check (ZIP_CHECKCONS) fails, or "" */
};

void asice_archive_init(struct asice_archive *a);

/*
 * Opens a container from a file or from memory (data is borrowed and must
 * outlive a). Lists at most ASICE_MAX_ENTRIES entries (more is COT_FINDINGS).
 * Nothing is decompressed yet. COT_USAGE, with libzip's reason, when it is
 * not a readable zip (truncated, no end of central directory). Names may
 * repeat; local headers that disagree with the central directory are noted
 * in a->incons (duplicate names are not noted there).
 */
int asice_open_file(const char *path, struct asice_archive *a, struct cot_err *err);
int asice_open_mem(const void *data, size_t len, struct asice_archive *a, struct cot_err *err);
void asice_archive_release(struct asice_archive *a);

/*
 * Streams entry i, decompressed, through fn in chunks. Reads at most max
 * bytes and never more than the entry declares: an entry that yields more
 * than its declared size, or less, is COT_FINDINGS ("declares N bytes but
 * holds more"); one that cannot be read (bad CRC, bad deflate data,
 * encrypted) COT_USAGE. fn returning non-zero stops the read (its value is
 * returned). Nothing is written to disk.
 */
int asice_stream(struct asice_archive *a, size_t i, uint64_t max,
	int (*fn)(const void *data, size_t len, void *arg), void *arg, struct cot_err *err);

/* Reads entry i into memory (at most max bytes, NUL-terminated); *out is the caller's. */
int asice_load(struct asice_archive *a, size_t i, size_t max, unsigned char **out, size_t *len,
	struct cot_err *err);

/* The index of the entry called name, or -1 (the first when names repeat). */
long asice_find(const struct asice_archive *a, const char *name);

/* ---- The manifest -------------------------------------------------------- */

#define ASICE_MANIFEST_MAX ((size_t)1 << 20)

struct asice_ref {
	char *uri;
	char *mime;               /* NULL when absent */
	const EVP_MD *md;         /* the digest algorithm named */
	unsigned char digest[EVP_MAX_MD_SIZE];
	size_t digest_len;
};

struct asice_manifest {
	char *sig_uri;            /* the SigReference */
	struct asice_ref *refs;
	size_t n;
};

void asice_manifest_init(struct asice_manifest *m);
void asice_manifest_release(struct asice_manifest *m);

/*
 * Parses an ASiCManifest (at most ASICE_MANIFEST_MAX bytes). A document type
 * declaration is refused before parsing (so no entity is ever expanded or
 * loaded), and libxml2 never touches the network. Checks: the root
 * ASiCManifest in ASICE_NS, exactly one SigReference with a URI, each
 * DataObjectReference with a URI, a DigestMethod of SHA-256, SHA-384 or
 * SHA-512 and a DigestValue in base64 of that length. COT_USAGE with the
 * reason otherwise.
 */
int asice_manifest_parse(const void *data, size_t len, struct asice_manifest *m,
	struct cot_err *err);

/* True when data holds "<!DOCTYPE" (or "<!ENTITY") anywhere. */
bool asice_xml_has_dtd(const void *data, size_t len);

#endif
