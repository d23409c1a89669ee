/* Locks: a second holder is refused and told who holds it; a dead holder never blocks. */
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cot/lock.h"
#include "helpers.h"

Test(lock, second_holder_refused_then_released)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "lock");
	struct lock a = LOCK_INIT, b = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	char pid[32];

	cr_assert_eq(lock_acquire(&a, path, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(lock_acquire(&b, path, &err), COT_ENV);
	snprintf(pid, sizeof(pid), "pid %ld", (long)getpid());
	cr_expect(strstr(err.msg, pid), "%s", err.msg);
	cr_expect(strstr(err.msg, path), "%s", err.msg);
	lock_release(&a);
	cr_expect_eq(lock_acquire(&b, path, &err), COT_OK, "%s", err.msg);
	lock_release(&b);
	lock_release(&b);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(lock, a_killed_holder_leaves_nothing_that_blocks)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "lock");
	struct lock a = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	int status;
	pid_t child = fork();

	if (child == 0) {
		struct lock c = LOCK_INIT;
		struct cot_err e = COT_ERR_INIT;
		if (lock_acquire(&c, path, &e))
			_exit(1);
		_exit(9); /* dies holding it */
	}
	waitpid(child, &status, 0);
	cr_assert_eq(WEXITSTATUS(status), 9);
	cr_assert_eq(access(path, F_OK), 0, "the lock file stays behind");
	cr_expect_eq(lock_acquire(&a, path, &err), COT_OK, "%s", err.msg);
	lock_release(&a);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(lock, unwritable_place_is_an_environment_error)
{
	struct lock a = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(lock_acquire(&a, "/nonexistent-dir/lock", &err), COT_ENV);
	cr_expect(strstr(err.msg, "/nonexistent-dir/lock"), "%s", err.msg);
}
