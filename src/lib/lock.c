/* Exclusive locks with flock(): the kernel drops them when the holder dies. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include "cot/i18n.h"
#include "cot/lock.h"

static long lock_holder(int fd)
{
	char b[32];
	ssize_t n = pread(fd, b, sizeof(b) - 1, 0);

	if (n <= 0)
		return 0;
	b[n] = '\0';
	return strtol(b, NULL, 10);
}

int lock_acquire(struct lock *lk, const char *path, struct cot_err *err)
{
	char pid[32];
	int fd, n;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot open lock '%s'"), path);
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;
		long holder = lock_holder(fd);
		close(fd);
		if (e == EWOULDBLOCK)
			return cot_err_set(err, COT_ENV,
				_("'%s' is locked by another cot process (pid %ld); try again when "
				  "it ends"),
				path, holder);
		return cot_err_sys(err, COT_ENV, e, _("cannot lock '%s'"), path);
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		int e = errno;
		close(fd);
		return cot_err_sys(err, COT_ENV, e, _("cannot write lock '%s'"), path);
	}
	lk->fd = fd;
	lk->path = strdup(path);
	return COT_OK;
}

void lock_release(struct lock *lk)
{
	if (lk->fd >= 0) {
		flock(lk->fd, LOCK_UN);
		close(lk->fd);
	}
	free(lk->path);
	lk->fd = -1;
	lk->path = NULL;
}
