/*
 * A libzip output that writes a new archive safely and fast: a temporary
 * file beside the target, large writes, the SHA-256 of the final bytes
 * computed alongside, fsync, rename, fsync of the directory.
 */
#ifndef COT_ZIPOUT_H
#define COT_ZIPOUT_H

#include <stdint.h>
#include <zip.h>

struct zipout;

/*
 * A writable libzip source for a new archive at path (borrowed; it must
 * outlive the archive), to pass to zip_open_from_source with ZIP_CREATE |
 * ZIP_TRUNCATE. An existing file at path is replaced only when zip_close
 * succeeds; a failed or discarded archive leaves nothing behind. *out is the
 * caller's, to read the result from and to free with zipout_free after the
 * archive is closed or discarded (the source does not free it). NULL when
 * out of memory.
 *
 * The SHA-256 of the archive is computed by a thread that reads back what is
 * final (libzip rewrites each local header once its data is written: bytes
 * before the current entry are final) while later entries are written.
 * libzip must be loaded first (zip_load, zip-load.h): asice_write does it.
 */
zip_source_t *zipout_create(const char *path, struct zipout **out, zip_error_t *error);

/* After a successful zip_close: the archive's size and SHA-256. */
void zipout_result(const struct zipout *o, uint64_t *size, unsigned char sha256[32]);

void zipout_free(struct zipout *o);

#endif
