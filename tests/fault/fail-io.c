/* An LD_PRELOAD shim for tests: fails the Nth write, pwrite, fsync, fdatasync, close or rename of a
 * regular file with a chosen errno. */
/* Both pwrite and pwrite64 are defined below: neither may be renamed to the other. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/*
 * COT_FAIL_IO="OP:N:ERRNO" (e.g. "write:3:ENOSPC", "rename:1:EIO") makes the Nth call
 * of OP on a regular file fail with ERRNO; OP "any" counts all of them together.
 * Only regular files count: never fds 0 to 2 (a test's redirected output), never
 * directories (fsync of a directory), pipes or sockets; close counts only files open
 * for writing (a failed close of a file that was only read loses nothing).
 * COT_FAIL_IO_LOG names a file that gets "fired OP N ERRNO FILE" when the fault fires, and
 * "calls TOTAL" when the process exits, for the test to count what it injected.
 */

enum op { OP_WRITE, OP_PWRITE, OP_FSYNC, OP_FDATASYNC, OP_CLOSE, OP_RENAME, OP_RENAMEAT, OP_N };

static const char *const op_names[OP_N] = {
	"write", "pwrite", "fsync", "fdatasync", "close", "rename", "renameat"};

static struct {
	int on;
	int any;
	int op;
	long nth;
	int err;
	const char *log;
} cfg;

static atomic_long counts[OP_N];
static atomic_long total;

static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_renameat)(int, const char *, int, const char *);

/* The next definition of name (libc's), into the function pointer at fp. */
static void next(const char *name, void *fp)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f)
		abort();
	memcpy(fp, &f, sizeof(f));
}

static int errno_named(const char *s)
{
	if (strcmp(s, "ENOSPC") == 0)
		return ENOSPC;
	if (strcmp(s, "EIO") == 0)
		return EIO;
	if (strcmp(s, "EDQUOT") == 0)
		return EDQUOT;
	if (strcmp(s, "EROFS") == 0)
		return EROFS;
	return atoi(s);
}

static void log_line(const char *line)
{
	int fd;

	if (!cfg.log)
		return;
	fd = open(cfg.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	real_write(fd, line, strlen(line));
	real_close(fd);
}

__attribute__((constructor)) static void fail_io_init(void)
{
	const char *spec = getenv("COT_FAIL_IO");
	char op[32];
	char err[32];

	next("write", &real_write);
	next("pwrite", &real_pwrite);
	next("fsync", &real_fsync);
	next("fdatasync", &real_fdatasync);
	next("close", &real_close);
	next("rename", &real_rename);
	next("renameat", &real_renameat);
	cfg.log = getenv("COT_FAIL_IO_LOG");
	if (!spec || sscanf(spec, "%31[a-z]:%ld:%31[A-Z0-9]", op, &cfg.nth, err) != 3 ||
		cfg.nth < 1)
		return;
	cfg.err = errno_named(err);
	cfg.any = strcmp(op, "any") == 0;
	for (int i = 0; i < OP_N; i++)
		if (strcmp(op, op_names[i]) == 0)
			cfg.op = i;
	cfg.on = cfg.err > 0 && (cfg.any || strcmp(op, op_names[cfg.op]) == 0);
}

__attribute__((destructor)) static void fail_io_fini(void)
{
	char line[64];

	snprintf(line, sizeof(line), "calls %ld\n", atomic_load(&total));
	log_line(line);
}

/* Counts a call of op on fd or path; true when it is the one to fail (errno is set then). */
static int fire(enum op op, int fd, const char *path)
{
	long n = atomic_fetch_add(&counts[op], 1) + 1;
	long all = atomic_fetch_add(&total, 1) + 1;
	char line[PATH_MAX + 96], link[64], name[PATH_MAX] = "?";
	ssize_t k;

	if (!cfg.on || (cfg.any ? all : (cfg.op == (int)op ? n : 0)) != cfg.nth)
		return 0;
	if (path) {
		snprintf(name, sizeof(name), "%s", path);
	} else {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		k = readlink(link, name, sizeof(name) - 1);
		name[k > 0 ? k : 0] = '\0';
	}
	snprintf(line, sizeof(line), "fired %s %ld %d %s\n", op_names[op], cfg.nth, cfg.err, name);
	log_line(line);
	errno = cfg.err;
	return 1;
}

static int regular_fd(int fd)
{
	struct stat st;
	int e = errno, r = fd > 2 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);

	errno = e;
	return r;
}

static int regular_path(int dirfd, const char *path)
{
	struct stat st;
	int e = errno,
	    r = fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);

	errno = e;
	return r;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	if (regular_fd(fd) && fire(OP_WRITE, fd, NULL))
		return -1;
	return real_write(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (regular_fd(fd) && fire(OP_PWRITE, fd, NULL))
		return -1;
	return real_pwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off)
{
	return pwrite(fd, buf, n, off);
}

int fsync(int fd)
{
	if (regular_fd(fd) && fire(OP_FSYNC, fd, NULL))
		return -1;
	return real_fsync(fd);
}

int fdatasync(int fd)
{
	if (regular_fd(fd) && fire(OP_FDATASYNC, fd, NULL))
		return -1;
	return real_fdatasync(fd);
}

int close(int fd)
{
	int flags = regular_fd(fd) ? fcntl(fd, F_GETFL) : -1;

	if (flags >= 0 && (flags & O_ACCMODE) != O_RDONLY && fire(OP_CLOSE, fd, NULL)) {
		/* As on NFS: the descriptor is gone all the same, the error is reported. */
		int e = errno;
		real_close(fd);
		errno = e;
		return -1;
	}
	return real_close(fd);
}

int rename(const char *from, const char *to)
{
	if (regular_path(AT_FDCWD, from) && fire(OP_RENAME, -1, from))
		return -1;
	return real_rename(from, to);
}

int renameat(int fromdir, const char *from, int todir, const char *to)
{
	if (regular_path(fromdir, from) && fire(OP_RENAMEAT, -1, from))
		return -1;
	return real_renameat(fromdir, from, todir, to);
}
