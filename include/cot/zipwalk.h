/*
 * The byte layout of a zip archive, read without libzip: the local headers
 * must tile the file from offset 0 up to the central directory, and each must
 * agree with its central entry. This closes the class of archives that two
 * readers (one streaming the local headers, one trusting the central
 * directory) see differently: hidden entries, gaps, overlaps, lies.
 */
#ifndef COT_ZIPWALK_H
#define COT_ZIPWALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cot/exit.h"

#define ZIPWALK_MAX_ISSUES 20		    /* violations kept (all are counted) */
#define ZIPWALK_MAX_CD ((uint64_t)16 << 20) /* bytes of central directory read */
#define ZIPWALK_MAX_ENTRIES 10000	    /* central entries (asice.h's limit) */
#define ZIPWALK_FLAG_UTF8 (1u << 11)	    /* general purpose bit 11: the name is UTF-8 */

/* A central directory entry, as its bytes say (zip64 fields resolved). */
struct zipwalk_entry {
	char *name;	 /* the raw name bytes, NUL-terminated */
	size_t name_len; /* may differ from strlen(name): a NUL inside */
	uint64_t offset; /* of its local header */
	uint64_t comp_size, size;
	uint32_t crc;
	uint16_t flags, method;
	bool unicode_extra; /* carries an Info-ZIP Unicode Path field (0x7075): a second name */
	bool seen;	    /* its local header was reached by the walk */
};

struct zipwalk {
	struct zipwalk_entry *v; /* in central directory order (libzip's index order) */
	size_t n;
	uint64_t cd_offset;		     /* where the central directory begins */
	uint64_t size;			     /* of the archive */
	size_t nlocal;			     /* local headers walked */
	char issue[ZIPWALK_MAX_ISSUES][256]; /* "offset N: what", the first ones */
	size_t nissue;			     /* kept */
	size_t total;			     /* found */
};

void zipwalk_release(struct zipwalk *w);

/*
 * Walks the archive in data (len bytes) or in the regular file fd (len its
 * size), reading at most ZIPWALK_MAX_CD bytes of central directory and each
 * local header once: every read is bounded, all offset arithmetic checked
 * for overflow. Finds the end of central directory record (zip64 too) and
 * requires: exactly one candidate, nothing after it; the central directory
 * ending where the (zip64) end records begin; from offset 0, each local header
 * + name + extra + compressed data (+ data descriptor when flag bit 3 is set,
 * with or without its signature, with 8-byte sizes when the local header has
 * a zip64 field) followed at once by the next local header, the last ending
 * where the central directory begins; every local header listed in the
 * central directory and every central entry's local header where it says;
 * each local header agreeing with its entry on name, flags, method, CRC and
 * sizes (with bit 3: the descriptor agreeing, the local fields 0 or equal);
 * stored entries the same size both ways; well-formed extra fields; no
 * Unicode Path extra field. Each violation is noted in w with its offset.
 * COT_OK: none; COT_FINDINGS: some (w->total); COT_ENV: out of memory.
 * w is filled in every case (w->v as far as the central directory could be
 * read) and released by the caller.
 */
int zipwalk_mem(const void *data, size_t len, struct zipwalk *w, struct cot_err *err);
int zipwalk_fd(int fd, uint64_t len, struct zipwalk *w, struct cot_err *err);

/* Notes one more violation at offset off (for the checks a caller adds). */
void zipwalk_issue(struct zipwalk *w, uint64_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
