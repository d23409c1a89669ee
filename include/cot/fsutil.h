/* Files: bounded reads, atomic writes, directories, paths. */
#ifndef COT_FSUTIL_H
#define COT_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "cot/exit.h"

/*
 * Opens path for reading: a regular file of at most max bytes (its size now
 * in *size; *fd is the caller's to close). Errors as fs_read's.
 */
int fs_open_read(const char *path, size_t max, int *fd, size_t *size, struct cot_err *err);

/*
 * True when the file at path holds exactly the len bytes at want, no more and no fewer:
 * read in small pieces and compared as they come, so that knowing a file for one cot
 * carries (a shipped requirement set) copies none of it. False also when it cannot be read.
 */
bool fs_same_bytes(const char *path, const void *want, size_t len);

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
int fs_write_atomic(
	const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err);

/*
 * fs_write_atomic for the bytes a file held before this command, when a change is
 * undone: written even once a library has run out of memory (mem.h), which stops every
 * other write, since nothing in them was built by this command.
 */
int fs_restore(const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err);

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

/* clang-format off */
#define FS_STAGED_INIT {NULL, NULL, false}
/* clang-format on */

int fs_stage(struct fs_staged *s, const char *path, const void *data, size_t len, mode_t mode,
	struct cot_err *err);
int fs_commit(struct fs_staged *s, struct cot_err *err);
void fs_discard(struct fs_staged *s);

/*
 * The temp-file protocol, one for every writer (as git's tempfile.c): a file path is
 * written as "path.tmp-PID" (FS_TEMP_MARK, then the writer's process id, no leading
 * zero) and renamed over path; a temp with a purpose of its own carries a tag,
 * "path.tmp-PID-TAG" (cot bundle's "-earlier": the bundle it rebuilds, kept until the
 * journal records the new one). Nothing else is ever a cot temp file.
 *
 * fs_temp_name writes the temp name of path (tag NULL: none) into out: 0, or -1 when
 * it does not fit in size bytes. Allocates nothing (usable once memory ran out).
 */
#define FS_TEMP_MARK ".tmp-"
int fs_temp_name(char *out, size_t size, const char *path, const char *tag);

/*
 * Whether the file name name (no directory) is a cot temp name: then *base_len is the
 * length of the file name it replaces, *pid its writer and *tag its tag (NULL: none,
 * else a pointer into name).
 */
bool fs_temp_parse(const char *name, size_t *base_len, long *pid, const char **tag);

/*
 * Removes the temp files of killed writers in dir: untagged cot temp names (fs_temp_parse)
 * of the file names in bases (NULL-terminated; NULL: of any file). With
 * FS_SWEEP_DEAD_ONLY only those whose writer no longer runs (a directory that other
 * projects' cot may write in); without, the caller holds the lock under which nobody
 * else writes there. A user's file with a similar name ("notes.tmp-old", "a.tmp-") and
 * tagged temps stay.
 */
#define FS_SWEEP_DEAD_ONLY 1u
void fs_sweep_temps(const char *dir, const char *const *bases, unsigned flags);

/*
 * Temp files that must not outlive cot when it ends for want of memory (mem_die):
 * fs_stage and the other writers of "path.tmp-PID" files track theirs while they exist.
 * The path is borrowed and must stay valid until fs_temp_untrack; at most 16 at once
 * (more is a bug). fs_temp_remove_all unlinks every one tracked.
 */
void fs_temp_track(const char *tmp);
void fs_temp_untrack(const char *tmp);
void fs_temp_remove_all(void);

/*
 * A change of several files that cot must not leave half made if it ends for want of
 * memory between them: before replacing or removing path, fs_undo_track names what it
 * held (old, len; old NULL: nothing, the file is new); fs_undo_clear, once the change
 * is whole or undone. fs_undo_run (mem_die) puts every tracked file back, without
 * allocating, the last tracked first. A new directory (old NULL, mode S_IFDIR | perms) is
 * removed when empty. The path and bytes are borrowed until fs_undo_clear; at most 16.
 */
void fs_undo_track(const char *path, const void *old, size_t len, mode_t mode);
void fs_undo_clear(void);
void fs_undo_run(void);

/*
 * Writes what a command produces to the path its user gave with -o (or --eml):
 *  - "-": standard output;
 *  - a character device or a FIFO (/dev/null, /dev/stdout, a named pipe): written in
 *    place, never replaced (a write that fails, as on /dev/full, is COT_ENV);
 *  - a block device, socket or directory: refused (COT_USAGE);
 *  - a regular file, or a symbolic link to one: that file replaced atomically
 *    (fs_write_atomic) with its mode kept; the link itself stays;
 *  - a symbolic link to nothing: refused (COT_USAGE), never replaced by a file;
 *  - a new file: created 0644 (umask applies) by fs_write_atomic.
 * A missing, non-directory or unwritable parent is COT_USAGE naming path as given,
 * never a temp file.
 */
int fs_write_output(const char *path, const void *data, size_t len, struct cot_err *err);

/*
 * Whether a container (cot bundle -o, cot countersign -o) may be written to path: a new
 * file in a writable directory, or a regular file to replace. "-", a symbolic link, a
 * device, a FIFO, a socket or a directory are COT_USAGE, saying why: a container is a file
 * cot records and reads again, and a link is never silently replaced by a file.
 */
int fs_output_file_ok(const char *path, struct cot_err *err);

/* Writes a new file with O_EXCL (never overwrites), fsyncs file and directory. */
int fs_write_new(const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err);

/* fsyncs the directory that holds path. */
int fs_sync_parent(const char *path, struct cot_err *err);

/* mkdir with mode; an existing directory is fine. */
int fs_mkdir(const char *path, mode_t mode, struct cot_err *err);

/* Returns a new string "a/b" (b absolute: a copy of b); never NULL (mem.h). */
char *path_join(const char *a, const char *b);

/*
 * True when this program runs from its build tree: it then reads the source tree's shipped
 * files (requirement sets, trust lists, man pages) and the build's catalogs, not the
 * installed ones. Found once (a readlink and a realpath), then remembered.
 */
bool fs_from_build_tree(void);

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
