/* The output of a new zip archive: temporary file, big writes, SHA-256 alongside, sync and rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/crypto-load.h"
#include "cot/exit.h"
#include "cot/fsutil.h"
#include "cot/mem.h"
#include "cot/zip-load.h"
#include "cot/zipout.h"

#define OUT_BUF ((size_t)1 << 20)
#define OUT_KICK ((uint64_t)8 << 20) /* hand this much to writeback at a time */

struct zipout {
	const char *path;
	char *tmp;
	int fd;
	unsigned char *buf; /* bytes for [pos, pos + nbuf) */
	size_t nbuf;
	uint64_t pos, end; /* where the buffer goes; the largest offset written */
	uint64_t kicked;   /* bytes handed to writeback */
	zip_error_t error;
	/* the hashing thread */
	pthread_t th;
	bool running;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	uint64_t final; /* bytes [0, final) will not change any more */
	bool finish, stop;
	bool lost; /* a rewrite went below final: hash again at the end */
	int hash_error;
	uint64_t hashed; /* the thread's */
	EVP_MD_CTX *md;
	unsigned char *hbuf;
	/* the result */
	unsigned char sha256[32];
	uint64_t size;
};

static zip_int64_t fail_sys(struct zipout *o, int zip_code, int e)
{
	zip_api.error_set(&o->error, zip_code, e);
	return -1;
}

/* Hashes [hashed, upto) of the file. */
static int hash_upto(struct zipout *o, uint64_t upto)
{
	while (o->hashed < upto) {
		size_t want = upto - o->hashed < OUT_BUF ? (size_t)(upto - o->hashed) : OUT_BUF;
		ssize_t r = pread(o->fd, o->hbuf, want, (off_t)o->hashed);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? errno : EIO;
		EVP_DigestUpdate(o->md, o->hbuf, (size_t)r);
		o->hashed += (uint64_t)r;
	}
	return 0;
}

static void *hash_main(void *arg)
{
	struct zipout *o = arg;
	uint64_t upto;
	bool fin;
	int e;

	for (;;) {
		pthread_mutex_lock(&o->mu);
		while (o->hashed == o->final && !o->finish && !o->stop)
			pthread_cond_wait(&o->cv, &o->mu);
		upto = o->final;
		fin = o->finish;
		if (o->stop) {
			pthread_mutex_unlock(&o->mu);
			return NULL;
		}
		pthread_mutex_unlock(&o->mu);
		e = hash_upto(o, upto);
		if (e || (fin && o->hashed == upto)) {
			pthread_mutex_lock(&o->mu);
			o->hash_error = e;
			pthread_mutex_unlock(&o->mu);
			return NULL;
		}
	}
}

/* Lets the hashing thread go up to final. */
static void set_final(struct zipout *o, uint64_t final, bool finish)
{
	pthread_mutex_lock(&o->mu);
	if (final > o->final)
		o->final = final;
	o->finish = finish;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
}

static void stop_hashing(struct zipout *o)
{
	if (!o->running)
		return;
	pthread_mutex_lock(&o->mu);
	o->stop = true;
	pthread_cond_broadcast(&o->cv);
	pthread_mutex_unlock(&o->mu);
	pthread_join(o->th, NULL);
	o->running = false;
}

static int write_at(int fd, const unsigned char *p, size_t n, uint64_t off)
{
	while (n) {
		ssize_t w = pwrite(fd, p, n, (off_t)off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : ENOSPC;
		p += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/*
 * Writes the buffer out; every OUT_KICK bytes asks the kernel to start writing
 * them to disk, so that the final fsync has little left to wait for.
 */
static int flush(struct zipout *o)
{
	int e = o->nbuf ? write_at(o->fd, o->buf, o->nbuf, o->pos) : 0;

	if (e)
		return e;
	o->pos += o->nbuf;
	o->nbuf = 0;
	if (o->pos > o->end)
		o->end = o->pos;
	if (o->end - o->kicked >= OUT_KICK) {
		sync_file_range(o->fd, (off_t)o->kicked, (off_t)(o->end - o->kicked),
			SYNC_FILE_RANGE_WRITE);
		o->kicked = o->end;
	}
	return 0;
}

static zip_int64_t begin_write(struct zipout *o)
{
	size_t n = strlen(o->path) + 32;

	o->tmp = malloc(n);
	o->buf = malloc(OUT_BUF);
	o->hbuf = malloc(OUT_BUF);
	o->md = EVP_MD_CTX_new();
	if (!o->tmp || !o->buf || !o->hbuf || !o->md ||
		!EVP_DigestInit_ex(o->md, EVP_sha256(), NULL))
		return fail_sys(o, ZIP_ER_MEMORY, 0);
	if (fs_temp_name(o->tmp, n, o->path, NULL))
		return fail_sys(o, ZIP_ER_MEMORY, 0);
	unlink(o->tmp);
	o->fd = open(o->tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (o->fd < 0)
		return fail_sys(o, ZIP_ER_TMPOPEN, errno);
	fs_temp_track(o->tmp);
	if (pthread_create(&o->th, NULL, hash_main, o) != 0)
		return fail_sys(o, ZIP_ER_INTERNAL, 0);
	o->running = true;
	return 0;
}

/*
 * libzip seeks back only to rewrite the local header of the entry it has just
 * written, and then forward to the end again: when it returns to the end,
 * everything before is final.
 */
static zip_int64_t seek_write(struct zipout *o, void *data, zip_uint64_t len)
{
	zip_source_args_seek_t *a =
		ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &o->error);
	int64_t base, to;
	int e;

	if (!a)
		return -1;
	if ((e = flush(o)))
		return fail_sys(o, ZIP_ER_WRITE, e);
	base = a->whence == SEEK_SET   ? 0
	       : a->whence == SEEK_CUR ? (int64_t)o->pos
				       : (int64_t)o->end;
	to = base + a->offset;
	if (to < 0 || (a->whence != SEEK_SET && a->whence != SEEK_CUR && a->whence != SEEK_END))
		return fail_sys(o, ZIP_ER_SEEK, EINVAL);
	if ((uint64_t)to < o->final)
		o->lost = true;
	o->pos = (uint64_t)to;
	if (o->pos == o->end)
		set_final(o, o->end, false);
	return 0;
}

static zip_int64_t write_data(struct zipout *o, const void *data, zip_uint64_t len)
{
	int e;

	if (o->nbuf + len > OUT_BUF && (e = flush(o)))
		return fail_sys(o, ZIP_ER_WRITE, e);
	if (len > OUT_BUF) {
		if ((e = write_at(o->fd, data, (size_t)len, o->pos)))
			return fail_sys(o, ZIP_ER_WRITE, e);
		o->pos += len;
		if (o->pos > o->end)
			o->end = o->pos;
		return (zip_int64_t)len;
	}
	memcpy(o->buf + o->nbuf, data, (size_t)len);
	o->nbuf += (size_t)len;
	return (zip_int64_t)len;
}

static void drop(struct zipout *o)
{
	stop_hashing(o);
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp) {
		fs_temp_untrack(o->tmp);
		unlink(o->tmp);
	}
	free(o->tmp);
	o->tmp = NULL;
}

/* The digest of the whole file, from the thread (or again when a rewrite came too late). */
static int finish_hash(struct zipout *o)
{
	unsigned int n = 0;
	int e;

	set_final(o, o->end, true);
	pthread_join(o->th, NULL);
	o->running = false;
	e = o->hash_error;
	if (!e && o->lost) {
		o->hashed = 0;
		if (!EVP_DigestInit_ex(o->md, EVP_sha256(), NULL))
			return ENOMEM;
		e = hash_upto(o, o->end);
	}
	if (!e)
		EVP_DigestFinal_ex(o->md, o->sha256, &n);
	o->size = o->end;
	return e;
}

/* Flush, hash, sync, rename over the target, sync the directory. */
static zip_int64_t commit_write(struct zipout *o)
{
	struct cot_err err;
	int e = flush(o);

	if (!e)
		e = finish_hash(o);
	if (!e && fsync(o->fd) < 0)
		e = errno;
	if (!e && close(o->fd) < 0)
		e = errno;
	o->fd = -1;
	if (!e && mem_failed())
		e = ENOMEM; /* a library failed an allocation: the bundle may lack a part */
	if (!e && rename(o->tmp, o->path) < 0)
		e = errno;
	if (e) {
		drop(o);
		return fail_sys(o, ZIP_ER_WRITE, e);
	}
	fs_temp_untrack(o->tmp);
	free(o->tmp);
	o->tmp = NULL;
	if (fs_sync_parent(o->path, &err))
		return fail_sys(o, ZIP_ER_WRITE, EIO);
	return 0;
}

static zip_int64_t out_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zipout *o = ud;

	switch (cmd) {
	case ZIP_SOURCE_STAT: /* there is no archive to update: always a new one */
		return fail_sys(o, ZIP_ER_READ, ENOENT);
	case ZIP_SOURCE_BEGIN_WRITE:
		return begin_write(o);
	case ZIP_SOURCE_WRITE:
		return write_data(o, data, len);
	case ZIP_SOURCE_SEEK_WRITE:
		return seek_write(o, data, len);
	case ZIP_SOURCE_TELL_WRITE:
		return (zip_int64_t)(o->pos + o->nbuf);
	case ZIP_SOURCE_COMMIT_WRITE:
		return commit_write(o);
	case ZIP_SOURCE_ROLLBACK_WRITE:
		drop(o);
		return 0;
	case ZIP_SOURCE_REMOVE:
		if (unlink(o->path) < 0 && errno != ENOENT)
			return fail_sys(o, ZIP_ER_REMOVE, errno);
		return 0;
	case ZIP_SOURCE_ERROR:
		return zip_api.error_to_data(&o->error, data, len);
	case ZIP_SOURCE_FREE:
		drop(o);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return ZIP_SOURCE_SUPPORTS_WRITABLE;
	case ZIP_SOURCE_OPEN:
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_READ:
	case ZIP_SOURCE_SEEK:
	case ZIP_SOURCE_TELL:
		return 0;
	default:
		return fail_sys(o, ZIP_ER_OPNOTSUPP, 0);
	}
}

zip_source_t *zipout_create(const char *path, struct zipout **out, zip_error_t *error)
{
	struct zipout *o = calloc(1, sizeof(*o));
	zip_source_t *src;

	*out = NULL;
	if (!o) {
		zip_api.error_set(error, ZIP_ER_MEMORY, 0);
		return NULL;
	}
	o->path = path;
	o->fd = -1;
	zip_api.error_init(&o->error);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->cv, NULL);
	src = zip_api.source_function_create(out_cb, o, error);
	if (!src) {
		zipout_free(o);
		return NULL;
	}
	*out = o;
	return src;
}

void zipout_result(const struct zipout *o, uint64_t *size, unsigned char sha256[32])
{
	*size = o->size;
	memcpy(sha256, o->sha256, sizeof(o->sha256));
}

void zipout_free(struct zipout *o)
{
	if (!o)
		return;
	drop(o);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->cv);
	zip_api.error_fini(&o->error);
	EVP_MD_CTX_free(o->md);
	free(o->buf);
	free(o->hbuf);
	free(o);
}
