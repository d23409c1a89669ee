/* Files: bounded reads, atomic writes, directories, paths. */
#ifndef COT_FSUTIL_H
#define COT_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "cot/exit.h"

/*
 * Reads the whole of path, refusing files over max bytes (COT_USAGE).
 * *data is the caller's, NUL-terminated (not counted in *len).
 */
int fs_read(const char *path, size_t max, char **data, size_t *len, struct cot_err *err);

/*
 * Replaces path with data atomically: writes "path.tmp-PID" with mode,
 * fsyncs it, renames it over path and fsyncs the directory. On any failure
 * the old file is untouched and the temp file removed (COT_ENV).
 */
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
	struct cot_err *err);

/*
 * A replacement written in two steps, for changes of several files that must all
 * happen or none: fs_stage writes and fsyncs "path.tmp-PID" (nothing visible changes);
 * fs_commit renames it over path (the caller fsyncs the directory, once for all);
 * fs_discard removes a temp file that was not committed, and is safe after a commit
 * or a failed stage. A write, fsync or close that fails is seen by fs_stage.
 */
struct fs_staged {
	char *path;
	char *tmp;
	bool committed;
};

#define FS_STAGED_INIT {NULL, NULL, false}

int fs_stage(struct fs_staged *s, const char *path, const void *data, size_t len, mode_t mode,
	struct cot_err *err);
int fs_commit(struct fs_staged *s, struct cot_err *err);
void fs_discard(struct fs_staged *s);

/* Writes a new file with O_EXCL (never overwrites), fsyncs file and directory. */
int fs_write_new(const char *path, const void *data, size_t len, mode_t mode,
	struct cot_err *err);

/* fsyncs the directory that holds path. */
int fs_sync_parent(const char *path, struct cot_err *err);

/* mkdir with mode; an existing directory is fine. */
int fs_mkdir(const char *path, mode_t mode, struct cot_err *err);

/* Returns a new string "a/b" (b absolute: a copy of b). */
char *path_join(const char *a, const char *b);

/* True when path names an existing file or directory. */
int fs_exists(const char *path);

/* SHA-256 of a file's bytes, streamed, as 64 lowercase hex digits + NUL. */
int fs_sha256(const char *path, char hex[65], struct cot_err *err);

/* SHA-256 of a buffer as 64 lowercase hex digits + NUL. */
void sha256_hex(const void *data, size_t len, char hex[65]);

/*
 * Resolves rel (relative to root, or absolute) and checks that the real path
 * lies inside root (no "..", no symlink leaving it). On success *out is the
 * caller's, relative to root. COT_USAGE with the reason otherwise.
 */
int path_inside(const char *root, const char *rel, char **out, struct cot_err *err);

#endif
