/* Out of memory: allocator hooks for the libraries, and the x-allocators that end cot cleanly. */
#include <jansson.h>
#include <stdatomic.h>
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

bool mem_in_openssl_init;

void mem_hooks_install(void)
{
	json_set_alloc_funcs(mem_lib_malloc, free);
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
