/* Files: bounded reads, atomic replacement, directory sync, safe paths. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"

int fs_open_read(const char *path, size_t max, int *fd, size_t *size, struct cot_err *err)
{
	struct stat st;

	/* O_NONBLOCK: a FIFO in a file's place is refused below, never waited on */
	*fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (*fd < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), path);
	if (fstat(*fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(*fd);
		*fd = -1;
		return cot_err_set(err, COT_USAGE, _("cannot read '%s': not a regular file"), path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(*fd);
		*fd = -1;
		return cot_err_set(err, COT_USAGE, _("'%s' is too large (%lld bytes, at most %zu)"),
			path, (long long)st.st_size, max);
	}
	*size = (size_t)st.st_size;
	return COT_OK;
}

int fs_read(const char *path, size_t max, char **data, size_t *len, struct cot_err *err)
{
	char *p = NULL;
	size_t n = 0, size;
	int fd, rc;

	*data = NULL;
	if ((rc = fs_open_read(path, max, &fd, &size, err)))
		return rc;
	p = malloc(size + 1);
	if (!p) {
		rc = cot_err_nomem(err);
		cot_err_prefix(err, _("cannot read '%s'"), path);
		goto out;
	}
	/* The file may change while read: take at most the size seen, never more. */
	while (n < size) {
		ssize_t r = read(fd, p + n, size - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), path);
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	p = NULL;
out:
	free(p);
	close(fd);
	return rc;
}

bool fs_same_bytes(const char *path, const void *want, size_t len)
{
	struct cot_err err = COT_ERR_INIT;
	char chunk[16384];
	size_t size, at = 0;
	bool same;
	int fd;

	if (fs_open_read(path, len, &fd, &size, &err))
		return false;
	same = size == len;
	while (same) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			same = r == 0 && at == len;
			break;
		}
		same = (size_t)r <= len - at &&
		       memcmp(chunk, (const char *)want + at, (size_t)r) == 0;
		at += (size_t)r;
	}
	close(fd);
	return same;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* On the stack: it comes after a rename, where failing for want of memory would lie. */
int fs_sync_parent(const char *path, struct cot_err *err)
{
	char copy[PATH_MAX];
	int fd, rc = COT_OK;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return cot_err_set(err, COT_USAGE, _("path too long: '%s'"), path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) < 0)
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot sync the directory of '%s'"), path);
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Writes, fsyncs and closes fd; on failure unlinks tmp. */
/* Writes, fsyncs and closes fd, the file tmp; errors name shown, the file the user knows. */
static int finish_file(int fd, const char *tmp, const char *shown, const void *data, size_t len,
	struct cot_err *err)
{
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		return cot_err_sys(err, COT_ENV, e, _("cannot write '%s'"), shown);
	}
	if (close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		return cot_err_sys(err, COT_ENV, e, _("cannot write '%s'"), shown);
	}
	return COT_OK;
}

/*
 * Nothing is written once a library has failed an allocation: what it built (a JSON
 * record whose field could not be added, a document missing a node) may lack a part.
 */
static bool restoring; /* fs_restore puts old bytes back: nothing new in them */

static int out_of_memory(struct cot_err *err)
{
	cot_err_nomem(err);
	cot_err_prefix(err, "%s", _("nothing written"));
	return COT_ENV;
}

static bool may_write(void)
{
	return restoring || !mem_failed();
}

static const char *temps[16];

int fs_temp_name(char *out, size_t size, const char *path, const char *tag)
{
	int n = tag ? snprintf(out, size, "%s" FS_TEMP_MARK "%ld-%s", path, (long)getpid(), tag)
		    : snprintf(out, size, "%s" FS_TEMP_MARK "%ld", path, (long)getpid());

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

bool fs_temp_parse(const char *name, size_t *base_len, long *pid, const char **tag)
{
	const char *mark = NULL, *num;
	char *end;
	long v;

	/* the last mark: the temp of a file named "a.tmp-1.pem" is "a.tmp-1.pem.tmp-9" */
	for (const char *p = name; (p = strstr(p, FS_TEMP_MARK)); p++)
		mark = p;
	if (!mark || mark == name)
		return false;
	num = mark + strlen(FS_TEMP_MARK);
	if (*num < '1' || *num > '9')
		return false;
	errno = 0;
	v = strtol(num, &end, 10);
	if (errno || v <= 0 || (*end && (*end != '-' || !end[1] || strchr(end + 1, '/'))))
		return false;
	*base_len = (size_t)(mark - name);
	*pid = v;
	*tag = *end ? end + 1 : NULL;
	return true;
}

/* Whether process pid runs (or runs as another user). */
static bool pid_alive(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* Whether name is a temp file fs_sweep_temps may remove. */
static bool sweepable(const char *name, const char *const *bases, unsigned flags)
{
	size_t blen;
	long pid;
	const char *tag;

	if (!fs_temp_parse(name, &blen, &pid, &tag) || tag)
		return false;
	if ((flags & FS_SWEEP_DEAD_ONLY) && pid_alive(pid))
		return false;
	if (!bases)
		return true;
	for (size_t i = 0; bases[i]; i++)
		if (strlen(bases[i]) == blen && strncmp(name, bases[i], blen) == 0)
			return true;
	return false;
}

void fs_sweep_temps(const char *dir, const char *const *bases, unsigned flags)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (sweepable(e->d_name, bases, flags))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
}

void fs_temp_track(const char *tmp)
{
	for (size_t i = 0; i < sizeof(temps) / sizeof(temps[0]); i++)
		if (!temps[i]) {
			temps[i] = tmp;
			return;
		}
	abort();
}

void fs_temp_untrack(const char *tmp)
{
	for (size_t i = 0; i < sizeof(temps) / sizeof(temps[0]); i++)
		if (temps[i] == tmp)
			temps[i] = NULL;
}

void fs_temp_remove_all(void)
{
	for (size_t i = 0; i < sizeof(temps) / sizeof(temps[0]); i++)
		if (temps[i]) {
			unlink(temps[i]);
			temps[i] = NULL;
		}
}

static struct undo {
	const char *path;
	const void *old;
	size_t len;
	mode_t mode;
} undos[16];
static size_t nundos;

void fs_undo_track(const char *path, const void *old, size_t len, mode_t mode)
{
	if (nundos == sizeof(undos) / sizeof(undos[0]))
		abort();
	undos[nundos++] = (struct undo){path, old, len, mode};
}

void fs_undo_clear(void)
{
	nundos = 0;
}

/* One file back as it was: its temp name on the stack, nothing allocated. */
static void undo_one(const struct undo *u)
{
	char tmp[PATH_MAX];
	int fd;

	if (!u->old && S_ISDIR(u->mode)) {
		rmdir(u->path); /* only when empty: what was put in it went first */
		return;
	}
	if (!u->old) {
		unlink(u->path);
		return;
	}
	if (fs_temp_name(tmp, sizeof(tmp), u->path, NULL))
		return;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, u->mode);
	if (fd < 0)
		return;
	if (write_all(fd, u->old, u->len) == 0 && fsync(fd) == 0 && close(fd) == 0)
		rename(tmp, u->path);
	else
		close(fd);
	unlink(tmp);
}

void fs_undo_run(void)
{
	while (nundos > 0)
		undo_one(&undos[--nundos]);
}

int fs_stage(struct fs_staged *s, const char *path, const void *data, size_t len, mode_t mode,
	struct cot_err *err)
{
	char tmp[PATH_MAX];
	int fd, rc;

	s->committed = false;
	s->path = s->tmp = NULL;
	if (!may_write())
		return out_of_memory(err);
	if (fs_temp_name(tmp, sizeof(tmp), path, NULL))
		return cot_err_set(err, COT_USAGE, _("path too long: '%s'"), path);
	s->path = strdup(path);
	s->tmp = strdup(tmp);
	if (!s->path || !s->tmp) {
		fs_discard(s);
		return cot_err_nomem(err);
	}
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0) {
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot create '%s'"), path);
		fs_discard(s);
		return rc;
	}
	fs_temp_track(s->tmp);
	rc = finish_file(fd, tmp, path, data, len, err);
	if (rc)
		fs_discard(s);
	return rc;
}

int fs_commit(struct fs_staged *s, struct cot_err *err)
{
	if (!may_write())
		return out_of_memory(err);
	if (rename(s->tmp, s->path) < 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot replace '%s'"), s->path);
	s->committed = true;
	fs_temp_untrack(s->tmp);
	return COT_OK;
}

void fs_discard(struct fs_staged *s)
{
	if (s->tmp && !s->committed) {
		fs_temp_untrack(s->tmp);
		unlink(s->tmp);
	}
	free(s->path);
	free(s->tmp);
	s->path = s->tmp = NULL;
}

int fs_write_atomic(
	const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err)
{
	struct fs_staged s = FS_STAGED_INIT;
	int rc = fs_stage(&s, path, data, len, mode, err);

	if (!rc)
		rc = fs_commit(&s, err);
	fs_discard(&s);
	if (!rc)
		rc = fs_sync_parent(path, err);
	return rc;
}

int fs_restore(const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err)
{
	int rc;

	restoring = true;
	rc = fs_write_atomic(path, data, len, mode, err);
	restoring = false;
	return rc;
}

int fs_write_new(const char *path, const void *data, size_t len, mode_t mode, struct cot_err *err)
{
	int fd, rc;

	if (!may_write())
		return out_of_memory(err);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);

	if (fd < 0)
		return cot_err_sys(err, errno == EEXIST ? COT_USAGE : COT_ENV, errno,
			_("cannot create '%s'"), path);
	rc = finish_file(fd, path, path, data, len, err);
	if (rc)
		return rc;
	return fs_sync_parent(path, err);
}

int fs_mkdir(const char *path, mode_t mode, struct cot_err *err)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return COT_OK;
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return COT_OK;
	return cot_err_sys(err, COT_ENV, errno, _("cannot create directory '%s'"), path);
}

char *path_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p;

	if (b[0] == '/' || la == 0)
		return xstrdup(b);
	p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	if (a[la - 1] != '/')
		p[la++] = '/';
	memcpy(p + la, b, lb + 1);
	return p;
}

int fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/*
 * cot's own fingerprints (files, answers, the journal's chain) with nettle, not OpenSSL: the
 * same SHA-256 (with the CPU's SHA instructions where there are some), and status, lint and
 * log then start without loading libcrypto (crypto-load.h). What goes into or is checked in
 * a signature stays OpenSSL's.
 */
static void hex_of(const uint8_t md[SHA256_DIGEST_SIZE], char hex[65])
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[64] = '\0';
}

void sha256_hex(const void *data, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t md[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(md), md);
	hex_of(md, hex);
}

int fs_sha256(const char *path, char hex[65], struct cot_err *err)
{
	uint8_t chunk[65536], md[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	int fd, rc = COT_OK;
	ssize_t r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), path);
	sha256_init(&ctx);
	while ((r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), path);
			goto out;
		}
		sha256_update(&ctx, (size_t)r, chunk);
	}
	sha256_digest(&ctx, sizeof(md), md);
	hex_of(md, hex);
out:
	close(fd);
	return rc;
}

int path_inside(const char *root, const char *rel, char **out, struct cot_err *err)
{
	char *joined = path_join(root, rel);
	char *real = NULL, *rroot = NULL;
	size_t n;
	int rc = COT_OK;

	*out = NULL;
	if (!joined)
		return cot_err_nomem(err);
	real = realpath(joined, NULL);
	if (!real) {
		rc = cot_err_sys(err, COT_USAGE, errno, "'%s'", rel);
		goto out;
	}
	rroot = realpath(root, NULL);
	if (!rroot) {
		rc = cot_err_sys(err, COT_ENV, errno, "'%s'", root);
		goto out;
	}
	n = strlen(rroot);
	if (strncmp(real, rroot, n) != 0 || (real[n] != '/' && real[n] != '\0') || !real[n]) {
		rc = cot_err_set(
			err, COT_USAGE, _("'%s' lies outside the project '%s'"), rel, rroot);
		goto out;
	}
	*out = strdup(real + n + 1);
	if (!*out)
		rc = cot_err_nomem(err);
out:
	free(joined);
	free(real);
	free(rroot);
	return rc;
}

/* Writes data into the device or FIFO path as it is: opened, never created or replaced. */
static int write_in_place(const char *path, const void *data, size_t len, struct cot_err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot write '%s'"), path);
	if (write_all(fd, data, len) < 0) {
		int e = errno;
		close(fd);
		return cot_err_sys(err, COT_ENV, e, _("cannot write '%s'"), path);
	}
	if (close(fd) < 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot write '%s'"), path);
	return COT_OK;
}

static int write_stdout(const void *data, size_t len, struct cot_err *err)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot write to standard output"));
	return COT_OK;
}

/* COT_USAGE naming shown unless the directory that would hold target is there and writable. */
static int check_parent(const char *shown, const char *target, struct cot_err *err)
{
	char *copy = xstrdup(target);
	const char *dir = dirname(copy);
	struct stat st;
	int rc = COT_OK;

	if (stat(dir, &st) < 0)
		rc = cot_err_sys(err, COT_USAGE, errno, _("cannot write '%s'"), shown);
	else if (!S_ISDIR(st.st_mode))
		rc = cot_err_set(err, COT_USAGE, _("cannot write '%s': Not a directory"), shown);
	else if (access(dir, W_OK) < 0)
		rc = cot_err_sys(err, COT_USAGE, errno, _("cannot write '%s'"), shown);
	free(copy);
	return rc;
}

/* Replaces the regular file target (path itself or where its symlinks lead) atomically. */
static int replace_regular(
	const char *path, const struct stat *st, const void *data, size_t len, struct cot_err *err)
{
	struct stat lst;
	char *target = NULL;
	int rc;

	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		target = realpath(path, NULL);
		if (!target)
			return cot_err_sys(err, COT_USAGE, errno, _("cannot write '%s'"), path);
	}
	rc = check_parent(path, target ? target : path, err);
	if (!rc)
		rc = fs_write_atomic(target ? target : path, data, len, st->st_mode & 07777, err);
	free(target);
	return rc;
}

int fs_write_output(const char *path, const void *data, size_t len, struct cot_err *err)
{
	struct stat st, lst;

	if (!may_write())
		return out_of_memory(err);
	if (strcmp(path, "-") == 0)
		return write_stdout(data, len, err);
	if (stat(path, &st) == 0) {
		if (S_ISREG(st.st_mode))
			return replace_regular(path, &st, data, len, err);
		if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
			return write_in_place(path, data, len, err);
		return cot_err_set(err, COT_USAGE, _("cannot write '%s': %s"), path,
			S_ISDIR(st.st_mode)   ? _("it is a directory")
			: S_ISBLK(st.st_mode) ? _("a block device is never written to")
					      : _("not a file, FIFO or character device"));
	}
	if (errno == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
		return cot_err_set(err, COT_USAGE,
			_("cannot write '%s': a symbolic link to nothing is "
			  "not followed"),
			path);
	if (errno != ENOENT)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot write '%s'"), path);
	if (check_parent(path, path, err))
		return COT_USAGE;
	return fs_write_atomic(path, data, len, 0644, err);
}

int fs_output_file_ok(const char *path, struct cot_err *err)
{
	struct stat st;

	if (strcmp(path, "-") == 0)
		return cot_err_set(err, COT_USAGE,
			_("cannot write '-': a container is a file cot "
			  "keeps and reads again, never standard output; give a file name"));
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return cot_err_set(err, COT_USAGE,
				_("cannot write '%s': it is a symbolic link, "
				  "which cot never replaces; give the file it leads to"),
				path);
		if (!S_ISREG(st.st_mode))
			return cot_err_set(err, COT_USAGE,
				_("cannot write '%s': it is not a regular "
				  "file (a container is written to files only)"),
				path);
		return check_parent(path, path, err);
	}
	if (errno != ENOENT)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot write '%s'"), path);
	return check_parent(path, path, err);
}

static bool from_build_tree;
static pthread_once_t from_build_tree_once = PTHREAD_ONCE_INIT;

static void find_build_tree(void)
{
	char exe[PATH_MAX], *build = realpath(COT_BUILDDIR, NULL);
	/* the kernel's path of the program is already free of links */
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t n = build ? strlen(build) : 0;

	if (len > 0)
		exe[len] = '\0';
	from_build_tree = len > 0 && build && strncmp(exe, build, n) == 0 && exe[n] == '/';
	free(build);
}

bool fs_from_build_tree(void)
{
	pthread_once(&from_build_tree_once, find_build_tree);
	return from_build_tree;
}
