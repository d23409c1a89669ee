/*
 * Allocation failures for the fault tests, linked into cot-alloc (a cot like any other)
 * with -Wl,--wrap for malloc, calloc, realloc, strdup and strndup: every allocation of
 * cot's own code, and through cot's hooks (mem.c) every one of OpenSSL, libxml2 and
 * jansson, is counted, each kind on its own, and the one named is failed.
 *
 * Allocations inside OpenSSL's initialisation (crypto-load.c, when libcrypto is loaded) are
 * neither counted nor failed: OpenSSL 3.0 crashes on a failure there itself, before it
 * returns (a lock or hash table of its default context left NULL and used: seen with a
 * failed CRYPTO_THREAD_lock_new and a failed OPENSSL_LH_insert). cot initialises it
 * before it reads or writes anything, so such a crash can lose nothing.
 *
 * COT_FAIL_ALLOC=KIND:N    fail the Nth allocation of KIND (own or lib), and only that one
 * COT_FAIL_ALLOC_LOG=FILE  at exit, append "own N", "lib N" and, when it failed one,
 *                          "fired KIND N" (the counts tell how many runs a test needs)
 * COT_FAIL_ALLOC_TRACE=1   print the stack of the allocation it fails on stderr
 */
#include <execinfo.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/mem.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);

static atomic_long counts[2]; /* own, lib */
static atomic_bool fired;
static long target = -1;
static int target_kind = -1;
static atomic_bool ready;

static void setup(void)
{
	const char *v = getenv("COT_FAIL_ALLOC");
	char *end;

	if (v && strncmp(v, "own:", 4) == 0)
		target_kind = 0;
	else if (v && strncmp(v, "lib:", 4) == 0)
		target_kind = 1;
	if (target_kind >= 0) {
		target = strtol(v + 4, &end, 10);
		if (*end || target < 1) {
			fprintf(stderr, "cot-alloc: COT_FAIL_ALLOC='%s' is not own:N or lib:N\n",
				v);
			abort();
		}
	}
	ready = true;
}

static bool fail_now(void)
{
	int kind = mem_in_library > 0;
	long n;

	if (mem_in_openssl_init || mem_in_schema_compile)
		return false;
	n = ++counts[kind];

	if (!ready)
		setup();
	if (kind != target_kind || n != target)
		return false;
	fired = true;
	if (getenv("COT_FAIL_ALLOC_TRACE")) {
		void *frames[32];
		backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
	}
	return true;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fail_now() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

__attribute__((destructor)) static void report(void)
{
	const char *log = getenv("COT_FAIL_ALLOC_LOG");
	FILE *f;

	if (!log || !(f = fopen(log, "a")))
		return;
	fprintf(f, "own %ld\nlib %ld\n", (long)counts[0], (long)counts[1]);
	if (fired)
		fprintf(f, "fired %s %ld\n", target_kind ? "lib" : "own", target);
	fclose(f);
}
