/* Exclusive locks on cot's state, released by the kernel if the holder dies. */
#ifndef COT_LOCK_H
#define COT_LOCK_H

#include "cot/exit.h"

struct lock {
	int fd;
	char *path;
};

/* clang-format off */
#define LOCK_INIT {-1, NULL}
/* clang-format on */

/*
 * Takes an exclusive flock() on path (created 0600 if absent) without waiting,
 * and writes the holder's pid into it. A lock held by a live process is
 * COT_ENV, naming the file and that pid. A lock file left by a process that
 * died holds no flock and is simply taken over: it never blocks.
 */
int lock_acquire(struct lock *lk, const char *path, struct cot_err *err);

/* Releases the lock; safe on an unheld lock. */
void lock_release(struct lock *lk);

#endif
