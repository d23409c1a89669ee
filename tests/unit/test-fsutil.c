/* Files: bounded reads, atomic replacement, paths that stay inside the project. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/fsutil.h"
#include "helpers.h"

Test(fsutil, read_bounded)
{
	char *dir = test_tmpdir(), *p = test_path(dir, "f"), *data;
	struct cot_err err = COT_ERR_INIT;
	size_t len;

	test_write(p, "hello");
	cr_assert_eq(fs_read(p, 5, &data, &len, &err), COT_OK);
	cr_expect_eq(len, 5);
	cr_expect_str_eq(data, "hello");
	free(data);
	cr_expect_eq(fs_read(p, 4, &data, &len, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "too large"), "%s", err.msg);
	cr_expect_eq(fs_read(dir, 100, &data, &len, &err), COT_USAGE);
	cr_expect_eq(fs_read("/nonexistent", 100, &data, &len, &err), COT_USAGE);
	test_rmtree(dir);
	free(p);
	free(dir);
}

Test(fsutil, atomic_write_replaces_or_keeps)
{
	char *dir = test_tmpdir(), *p = test_path(dir, "f"), *sub = test_path(dir, "ro");
	struct cot_err err = COT_ERR_INIT;
	struct stat st;

	test_write(p, "old");
	cr_assert_eq(fs_write_atomic(p, "new", 3, 0600, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(test_read(p), "new");
	cr_assert_eq(stat(p, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	cr_expect_eq(fs_write_new(p, "x", 1, 0600, &err), COT_USAGE);
	cr_expect_str_eq(test_read(p), "new");
	if (geteuid() != 0) { /* root writes anywhere: this check needs an ordinary user */
		mkdir(sub, 0500);
		char *q = test_path(sub, "f");
		cr_expect_eq(fs_write_atomic(q, "x", 1, 0600, &err), COT_ENV);
		free(q);
	}
	test_rmtree(dir);
	free(p);
	free(sub);
	free(dir);
}

Test(fsutil, write_to_a_full_disk_fails_cleanly)
{
	struct cot_err err = COT_ERR_INIT;

	/* /dev/full cannot take a temp file beside it, so use its failure on write. */
	cr_expect_neq(fs_write_atomic("/proc/cot-no-such/f", "x", 1, 0600, &err), COT_OK);
}

Test(fsutil, path_inside_the_project)
{
	char *dir = test_tmpdir(), *doc = test_path(dir, "documents"), *f, *rel = NULL;
	struct cot_err err = COT_ERR_INIT;

	mkdir(doc, 0755);
	f = test_path(doc, "a.pdf");
	test_write(f, "%PDF");
	cr_assert_eq(path_inside(dir, "documents/a.pdf", &rel, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(rel, "documents/a.pdf");
	free(rel);
	cr_expect_eq(path_inside(dir, "documents/../../../etc/passwd", &rel, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "outside the project"), "%s", err.msg);
	cr_expect_eq(path_inside(dir, "/etc/passwd", &rel, &err), COT_USAGE);
	cr_expect_eq(path_inside(dir, ".", &rel, &err), COT_USAGE);
	char *link = test_path(doc, "link");
	cr_assert_eq(symlink("/etc/passwd", link), 0);
	cr_expect_eq(path_inside(dir, "documents/link", &rel, &err), COT_USAGE);
	cr_expect_eq(path_inside(dir, "documents/missing.pdf", &rel, &err), COT_USAGE);
	test_rmtree(dir);
	free(link);
	free(f);
	free(doc);
	free(dir);
}

Test(fsutil, sha256)
{
	char hex[65], *dir = test_tmpdir(), *p = test_path(dir, "f");
	struct cot_err err = COT_ERR_INIT;

	sha256_hex("abc", 3, hex);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	test_write(p, "abc");
	cr_assert_eq(fs_sha256(p, hex, &err), COT_OK);
	cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	test_rmtree(dir);
	free(p);
	free(dir);
}

/* The FIPS 180-2 vector of a million 'a': fs_sha256 streams it in 64 KiB pieces. */
Test(fsutil, sha256_of_a_million_a_streamed_and_whole)
{
	static const char want[] =
		"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
	char hex[65], *dir = test_tmpdir(), *p = test_path(dir, "f"), *a = malloc(1000001);
	struct cot_err err = COT_ERR_INIT;

	cr_assert(a);
	memset(a, 'a', 1000000);
	a[1000000] = '\0';
	sha256_hex(a, 1000000, hex);
	cr_expect_str_eq(hex, want);
	test_write(p, a);
	cr_assert_eq(fs_sha256(p, hex, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(hex, want);
	test_rmtree(dir);
	free(a);
	free(p);
	free(dir);
}

/* A file is the same as bytes only with every byte and the length equal, across pieces. */
Test(fsutil, same_bytes_only_when_every_byte_and_the_length_are)
{
	char *dir = test_tmpdir(), *p = test_path(dir, "f"), *want = malloc(40001), *other;
	size_t n = 40000;

	cr_assert(want);
	for (size_t i = 0; i < n; i++)
		want[i] = (char)('a' + i % 26);
	want[n] = '\0';
	test_write(p, want);
	cr_expect(fs_same_bytes(p, want, n));
	cr_expect(!fs_same_bytes(p, want, n - 1), "a file longer than the bytes");
	other = strdup(want);
	cr_assert(other);
	other[n - 1] = '#'; /* the last byte, in the third 16 KiB piece */
	cr_expect(!fs_same_bytes(p, other, n));
	other[n - 1] = want[n - 1];
	other[16384] = '#'; /* the first byte of the second piece */
	cr_expect(!fs_same_bytes(p, other, n));
	other[16384] = want[16384];
	other[n - 1] = '\0';
	test_write(p, other); /* a file shorter than the bytes */
	cr_expect(!fs_same_bytes(p, want, n));
	cr_expect(!fs_same_bytes(dir, want, n), "a directory");
	cr_expect(!fs_same_bytes("/nonexistent", want, n));
	test_rmtree(dir);
	free(other);
	free(want);
	free(p);
	free(dir);
}

/* What mem_die puts back: new files removed, new directories removed when empty, last first. */
Test(fsutil, undo_removes_new_files_then_new_empty_directories)
{
	char *dir = test_tmpdir(), *made = test_path(dir, "made"), *kept = test_path(dir, "kept");
	char *f = test_path(made, "f"), *g = test_path(kept, "g"), *old = test_path(dir, "old");

	test_write(old, "before");
	cr_assert_eq(mkdir(made, 0755), 0);
	fs_undo_track(made, NULL, 0, S_IFDIR | 0755);
	fs_undo_track(f, NULL, 0, 0644);
	test_write(f, "new");
	cr_assert_eq(mkdir(kept, 0755), 0);
	fs_undo_track(kept, NULL, 0, S_IFDIR | 0755);
	test_write(g, "not tracked: its directory stays");
	fs_undo_track(old, "before", 6, 0644);
	test_write(old, "after");
	fs_undo_run();
	cr_expect(!fs_exists(f));
	cr_expect(!fs_exists(made), "an empty new directory goes");
	cr_expect(fs_exists(g) && fs_exists(kept), "a directory with an untracked file stays");
	cr_expect_str_eq(test_read(old), "before");
	fs_undo_run(); /* nothing left to undo */
	cr_expect(fs_exists(kept));
	test_rmtree(dir);
	free(old);
	free(g);
	free(f);
	free(kept);
	free(made);
	free(dir);
}

/* A staged replacement changes nothing until it is committed, and leaves nothing when discarded. */
Test(fsutil, staged_replacement)
{
	char *dir = test_tmpdir(), *p = test_path(dir, "f");
	struct fs_staged s = FS_STAGED_INIT;
	struct cot_err err = COT_ERR_INIT;
	char cmd[600];

	test_write(p, "old");
	cr_assert_eq(fs_stage(&s, p, "new", 3, 0600, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(test_read(p), "old");
	cr_expect(access(s.tmp, F_OK) == 0);
	fs_discard(&s);
	cr_expect_str_eq(test_read(p), "old");
	cr_expect_null(s.tmp);
	cr_assert_eq(fs_stage(&s, p, "new", 3, 0600, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(fs_commit(&s, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(test_read(p), "new");
	fs_discard(&s); /* after a commit: only frees */
	cr_expect_str_eq(test_read(p), "new");
	snprintf(cmd, sizeof(cmd), "test $(ls -A '%s' | wc -l) -eq 1", dir);
	cr_expect_eq(system(cmd), 0, "a temp file was left in %s", dir);
	test_rmtree(dir);
	free(p);
	free(dir);
}

Test(temp, names_round_trip)
{
	char name[64];
	size_t blen;
	long pid;
	const char *tag;

	cr_assert_eq(fs_temp_name(name, sizeof(name), "dir/x.pem", NULL), 0);
	cr_assert(fs_temp_parse(strrchr(name, '/') + 1, &blen, &pid, &tag));
	cr_expect_eq(blen, strlen("x.pem"));
	cr_expect_eq(pid, (long)getpid());
	cr_expect_null(tag);
	cr_assert_eq(fs_temp_name(name, sizeof(name), "b.asice", "earlier"), 0);
	cr_assert(fs_temp_parse(name, &blen, &pid, &tag));
	cr_expect_str_eq(tag, "earlier");
	cr_expect_eq(fs_temp_name(name, 8, "a-long-name", NULL), -1, "too long is refused");
	/* a user's names that merely look alike */
	cr_expect_not(fs_temp_parse("notes.tmp-old", &blen, &pid, &tag));
	cr_expect_not(fs_temp_parse("x.tmp-", &blen, &pid, &tag));
	cr_expect_not(fs_temp_parse("x.tmp-12a", &blen, &pid, &tag));
	cr_expect_not(fs_temp_parse("x.tmp-012", &blen, &pid, &tag));
	cr_expect_not(fs_temp_parse(".tmp-12", &blen, &pid, &tag));
	cr_expect_not(fs_temp_parse("x.tmp-12-", &blen, &pid, &tag));
}

static void touch(const char *dir, const char *name)
{
	char *p = test_path(dir, name);

	test_write(p, "x");
	free(p);
}

static bool present(const char *dir, const char *name)
{
	char *p = test_path(dir, name);
	bool yes = fs_exists(p);

	free(p);
	return yes;
}

Test(temp, sweep_removes_only_cots_own)
{
	char *d = test_tmpdir(), mine[32], dead[32] = "journal.tmp-999999999";
	const char *const bases[] = {"list.xml", NULL};
	static const char *const users[] = {
		"notes.tmp-old", "x.tmp-", "x.tmp-12a", "x.tmp-1.txt", "report.tmp", "journal"};

	snprintf(mine, sizeof(mine), "journal.tmp-%ld", (long)getpid());
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		touch(d, users[i]);
	touch(d, mine);
	touch(d, dead);
	touch(d, "list.xml.tmp-999999999");
	touch(d, "b.asice.tmp-999999999-earlier");
	fs_sweep_temps(d, bases, 0);
	cr_expect_not(present(d, "list.xml.tmp-999999999"));
	cr_expect(present(d, dead), "another file's temp stays when bases are named");
	fs_sweep_temps(d, NULL, FS_SWEEP_DEAD_ONLY);
	cr_expect_not(present(d, dead), "a dead writer's temp goes");
	cr_expect(present(d, mine), "a live writer's temp stays");
	fs_sweep_temps(d, NULL, 0);
	cr_expect_not(present(d, mine), "under the lock every temp goes");
	cr_expect(present(d, "b.asice.tmp-999999999-earlier"), "a tagged temp is its owner's");
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		cr_expect(present(d, users[i]), "the user's '%s' survives", users[i]);
	test_rmtree(d);
	free(d);
}
