/* Out of memory: the one condition that ends cot from library code, and the libraries' hooks. */
#ifndef COT_MEM_H
#define COT_MEM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Installs cot's allocator hooks in jansson, before it allocates: the same malloc, realloc
 * and free, but an allocation it fails is noted, so that a command whose library call
 * failed for want of memory says so and exits 3 instead of reporting bad input or a failed
 * check. Call once, first thing. OpenSSL and libxml2, loaded later, get the same hooks
 * when they are loaded: crypto_init (below) and xml_load (xml-load.h).
 */
void mem_hooks_install(void);

/* The hooks themselves: malloc, realloc and strdup that note a failure (mem_failed). */
void *mem_lib_malloc(size_t n);
void *mem_lib_realloc(void *old, size_t n);
char *mem_lib_strdup(const char *s);

/*
 * Loads libcrypto (crypto-load.h), installs the hooks above in it and sets OpenSSL up (its
 * default context, openssl.cnf, error strings and SHA-256), once; later calls return at
 * once. The first OpenSSL call of a process does the same by itself, so nothing can call
 * OpenSSL unset; cot calls it before a command that signs, checks or connects starts
 * (commands without CMD_NO_CRYPTO, cli.h), so that its set-up comes before anything the
 * command could leave half-done: OpenSSL 3.0 does not survive an allocation failed inside
 * its own lazy initialisation, so one failed here ends cot at once (mem_die, which removes
 * cot's temporary files). Safe from any thread.
 */
void crypto_init(void);

/*
 * True while crypto_init sets OpenSSL up: the allocation-failure tests do not fail
 * allocations there, where OpenSSL 3.0 crashes on them itself (tests/fault/fail-alloc.c).
 */
extern bool mem_in_openssl_init;

/*
 * True once an allocation inside OpenSSL, libxml2 or jansson has failed, or an error
 * was a want of memory (cot_err_nomem, cli_error_nomem note it): from then on nothing is written
 * (fsutil.h) and the command ends with exit 3, whatever its callers made of it.
 */
bool mem_failed(void);
void mem_note_failure(void);

/* Non-zero inside a library's allocation (the allocation-failure tests tell the kinds apart). */
extern _Thread_local int mem_in_library;

/*
 * Non-zero while this thread compiles an XML Schema with libxml2 (xmlSchemaParse). libxml2
 * 2.9 does not survive a failed allocation there: its regular-expression compiler uses
 * the NULL it got (xmlRegexpCompile, seen by tests/fault on cot's submission schema), and
 * cot cannot catch that. Like mem_in_openssl_init, the allocation-failure tests do not
 * fail allocations there; every other allocation of libxml2 they do.
 */
extern _Thread_local int mem_in_schema_compile;

/*
 * Like git's xmalloc family: the allocation, or, when there is no memory, the end of
 * cot: temp files registered with fs_temp_track removed, "cot: error: out of memory"
 * on stderr, exit 3. What was committed stays; nothing is left half-written.
 */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* A copy of s, or NULL when s is NULL. */
char *xstrdup(const char *s);
__attribute__((noreturn)) void mem_die(void);

#endif
