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
#include "cot/zipwalk.h"

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
	const char *name; /* in the container: relative, '/'-separated, no "..", not META-INF/ */
	const char *path; /* the file to read, or NULL to take data/len */
	const void *data;
	size_t len;
	const char *mime; /* its MIME type, as the manifest states it */
	bool store;	  /* stored as is (PDFs, images: compressed already) or deflated */
	/* results */
	uint64_t size;
	unsigned char sha256[32];
	struct sniff sniff; /* what its bytes looked like */
	bool done;	    /* every byte was read and hashed */
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
	time_t time;			   /* entry timestamps and the signing time */
	const struct asice_signer *signer; /* NULL: no signature (an unsigned container) */
	asice_check_fn check;
	void *check_arg;
	asice_progress_fn progress;
	void *progress_arg;
	asice_seal_fn seal; /* NULL: the signature as cades_sign made it */
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
 * item), COT_ENV for output failures or libxml2 missing (xml_load).
 */
int asice_write(const char *path, struct asice_item *items, size_t n,
	const struct asice_write_opts *opts, struct asice_written *res, struct cot_err *err);

/* Sorts items by name (bytewise): the order cot writes them in. */
void asice_sort_items(struct asice_item *items, size_t n);

/*
 * The manifest asice_write writes, with sig_uri as the SigReference (e.g. a countersignature's
 * signature002.p7s): a new string; NULL when out of memory or libxml2 cannot be loaded (call
 * xml_load first for its message).
 */
char *asice_manifest_render_sig(
	const struct asice_item *items, size_t n, const char *sig_uri, size_t *len);

/* ---- Reading ------------------------------------------------------------- */

#define ASICE_MAX_ENTRIES 10000
#define ASICE_HEAD 80 /* leading bytes of the archive kept for structure checks */

struct asice_entry {
	char *name;	/* as stored */
	uint64_t index; /* libzip's */
	uint64_t size;	/* declared uncompressed size */
	uint64_t comp_size;
	uint16_t method; /* ZIP_CM_* */
	uint16_t flags;	 /* general purpose flags of its central entry (0 when unread) */
	bool encrypted;
	bool symlink; /* Unix attributes say S_IFLNK */
	bool dir;     /* name ends in '/' or attributes say S_IFDIR */
};

struct asice_archive {
	void *za; /* zip_t */
	struct asice_entry *v;
	size_t n;
	unsigned char head[ASICE_HEAD];
	size_t nhead;
	uint64_t file_size;
	bool has_eocd;	       /* an end of central directory record is in the last 64 KiB */
	char incons[256];      /* why libzip's consistency check (ZIP_CHECKCONS) fails, or "" */
	struct zipwalk layout; /* the walk of its bytes (zipwalk.h); layout.total: violations */
};

void asice_archive_init(struct asice_archive *a);

/*
 * COT_USAGE ("cannot read 'path': a FIFO") unless path is, after following
 * symbolic links, a regular file. Opened with O_NONBLOCK, then fstat: a FIFO
 * cannot block it, and nothing is read.
 */
int asice_check_file(const char *path, struct cot_err *err);

/*
 * Opens a container from a file or from memory (data is borrowed and must
 * outlive a). A path that is not a regular file is refused first, as by
 * asice_check_file, and libzip reads the very file checked (not the path
 * again). Lists at most ASICE_MAX_ENTRIES entries (more is COT_FINDINGS).
 * Nothing is decompressed yet. COT_USAGE, with libzip's reason, when it is
 * not a readable zip (truncated, no end of central directory). Names may
 * repeat; local headers that disagree with the central directory are noted
 * in a->incons (duplicate names are not noted there). The bytes are walked
 * (zipwalk.h) into a->layout, whose violations include also a name libzip
 * reads otherwise than the central directory's bytes (a second name in an
 * extra field, a NUL inside) and a different number of entries.
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

/* ---- Entry names ---------------------------------------------------------- */

/*
 * Whether the characters of an entry name (flags: its general purpose flags)
 * are unsafe; if so, why (into why, len bytes, naming the code point). A
 * name with bytes above 0x7f must have the UTF-8 flag (bit 11): without it
 * the zip specification reads CP437 (APPNOTE 4.4.4, appendix D), Windows the
 * OEM code page (850 in Belgium), libzip and others guess UTF-8, so readers
 * disagree on the name and cot refuses it rather than decode it. A UTF-8 name
 * must be strict UTF-8 (no overlong form, surrogate or code point above
 * U+10FFFF) without C0, DEL, C1, bidirectional controls (U+061C, U+200E,
 * U+200F, U+202A-U+202E, U+2066-U+2069) or line and paragraph separators
 * (U+2028, U+2029).
 */
bool asice_name_bad(const char *name, uint16_t flags, char *why, size_t len);

/*
 * The key under which two names are one for a reader that ignores case or
 * Unicode form: the Unicode NFKC_Casefold of the name (ICU; full case folding,
 * compatibility normalisation, default ignorable characters removed), or its
 * ASCII lowercase when it is not UTF-8. A new string; NULL when out of memory
 * (or ICU fails otherwise, or libicuuc cannot be loaded: icu-load.h, whose
 * icu_load a caller calls first for the message): never a weaker key in place
 * of the folded one.
 */
char *asice_name_fold(const char *name);

/* ---- The manifest -------------------------------------------------------- */

#define ASICE_MANIFEST_MAX ((size_t)1 << 20)
#define ASICE_XML_MAX_ATTRS 32	   /* attributes of one element, namespace declarations too */
#define ASICE_XML_MAX_NS 8	   /* namespace declarations of one element */
#define ASICE_XML_MAX_DEPTH 32	   /* elements open at once */
#define ASICE_XML_MAX_NODES 100000 /* elements, comments, processing instructions */

struct asice_ref {
	char *uri;
	char *mime;	  /* NULL when absent */
	const EVP_MD *md; /* the digest algorithm named */
	unsigned char digest[EVP_MAX_MD_SIZE];
	size_t digest_len;
};

struct asice_manifest {
	char *sig_uri; /* the SigReference */
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
 * reason otherwise. Before libxml2 sees it, one linear pass over the markup
 * counts attributes and namespace declarations per element, depth and nodes
 * against the ASICE_XML_MAX_* bounds (libxml2 2.9 compares each attribute of
 * a start tag with every other before any callback could count them, so
 * 95,000 attributes took seconds): no manifest costs more than linear time.
 */
int asice_manifest_parse(
	const void *data, size_t len, struct asice_manifest *m, struct cot_err *err);

/* True when data holds "<!DOCTYPE" (or "<!ENTITY") anywhere. */
bool asice_xml_has_dtd(const void *data, size_t len);

/*
 * One linear pass over the markup of data: COT_USAGE, saying which bound and
 * where, when an element has more than ASICE_XML_MAX_ATTRS attributes or
 * ASICE_XML_MAX_NS namespace declarations, elements nest more than
 * ASICE_XML_MAX_DEPTH deep, or there are more than ASICE_XML_MAX_NODES nodes.
 * For the small XML files of a bundle (the manifest, submission.xml), before
 * libxml2 reads them.
 */
int asice_xml_bounds(const void *data, size_t len, struct cot_err *err);

#endif
