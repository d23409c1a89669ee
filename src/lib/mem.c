/* Out of memory: allocator hooks for the libraries, and the x-allocators that end cot cleanly. */
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/exit.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"

_Thread_local int mem_in_library;
_Thread_local int mem_in_schema_compile;
static atomic_bool failed; /* cot verify -j runs OpenSSL in several threads */

/* NULL for a size of 0 is no failure: realloc(p, 0) frees p. */
static void *noted(void *p, size_t n)
{
	if (!p && n)
		failed = true;
	return p;
}

void *mem_lib_malloc(size_t n)
{
	void *p;

	mem_in_library++;
	p = noted(malloc(n), n);
	mem_in_library--;
	return p;
}

void *mem_lib_realloc(void *old, size_t n)
{
	void *p;

	mem_in_library++;
	p = noted(realloc(old, n), n);
	mem_in_library--;
	return p;
}

char *mem_lib_strdup(const char *s)
{
	char *p;

	mem_in_library++;
	p = noted(strdup(s), 1);
	mem_in_library--;
	return p;
}

static void *crypto_malloc(size_t n, const char *file, int line)
{
	return mem_lib_malloc(n);
}

static void *crypto_realloc(void *p, size_t n, const char *file, int line)
{
	return mem_lib_realloc(p, n);
}

static void crypto_free(void *p, const char *file, int line)
{
	free(p);
}

bool mem_in_openssl_init;
static uint64_t openssl_opts = OPENSSL_INIT_LOAD_CRYPTO_STRINGS;

/*
 * OpenSSL set up before it is used: OpenSSL 3.0 does not survive an allocation failed
 * inside its own lazy initialisation (a lock of its default context left NULL, used
 * later), so a failure here ends cot at once, removing its temporary files.
 */
static void openssl_init(void)
{
	EVP_MD *md;
	int ok;

	mem_in_openssl_init = true;
	ok = OPENSSL_init_crypto(openssl_opts, NULL);
	md = ok ? EVP_MD_fetch(NULL, "SHA256", NULL) : NULL;
	EVP_MD_free(md);
	mem_in_openssl_init = false;
	if (!md || failed)
		mem_die();
	ERR_clear_error();
}

void mem_hooks_install(void)
{
	CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free);
	json_set_alloc_funcs(mem_lib_malloc, free);
}

static pthread_once_t openssl_once = PTHREAD_ONCE_INIT;

void crypto_init(void)
{
	pthread_once(&openssl_once, openssl_init);
}

void crypto_init_digests(void)
{
	openssl_opts = OPENSSL_INIT_LOAD_CRYPTO_STRINGS | OPENSSL_INIT_NO_LOAD_CONFIG |
		       OPENSSL_INIT_NO_ADD_ALL_CIPHERS | OPENSSL_INIT_NO_ADD_ALL_DIGESTS;
	pthread_once(&openssl_once, openssl_init);
}

void mem_note_failure(void)
{
	failed = true;
}

bool mem_failed(void)
{
	return failed;
}

void mem_die(void)
{
	fs_temp_remove_all();
	fs_undo_run();
	/* gettext gives back the English when it has no memory itself */
	fprintf(stderr, "cot: %s%s\n", _("error: "), _("out of memory"));
	exit(COT_ENV);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		mem_die();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		mem_die();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		mem_die();
	return p;
}

char *xstrdup(const char *s)
{
	char *p;

	if (!s)
		return NULL;
	if (!(p = strdup(s)))
		mem_die();
	return p;
}
