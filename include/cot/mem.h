/* Out of memory: the one condition that ends cot from library code, and the libraries' hooks. */
#ifndef COT_MEM_H
#define COT_MEM_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Installs cot's allocator hooks in OpenSSL and jansson, before either allocates: the same
 * malloc, realloc and free, but an allocation they fail is noted, so that a command whose
 * library call failed for want of memory says so and exits 3 instead of reporting bad
 * input or a failed check. Call once, first thing. libxml2, loaded later, gets the same
 * hooks from xml_load (xml-load.h), which also silences its generic messages.
 * OpenSSL itself it does not set up: crypto_init does, for the commands that use it.
 */
void mem_hooks_install(void);

/* The hooks themselves: malloc, realloc and strdup that note a failure (mem_failed). */
void *mem_lib_malloc(size_t n);
void *mem_lib_realloc(void *old, size_t n);
char *mem_lib_strdup(const char *s);

/*
 * Sets OpenSSL up (its default context, configuration, error strings and SHA-256), once;
 * later calls return at once. Call it before the first OpenSSL call, and before a
 * command writes anything it could leave half-done: OpenSSL 3.0 does not survive an
 * allocation failed inside its own lazy initialisation, so one failed here ends cot at
 * once (mem_die, which removes cot's temporary files). Safe from any thread, but call
 * it before starting threads: the flag below is common to all of them.
 */
void crypto_init(void);

/*
 * crypto_init for a command that only hashes (SHA-256 of the journal, the answers): the
 * same, without reading openssl.cnf and without the table of every legacy cipher and
 * digest name (5.4 M instructions down to 1.7 M). Only for a command that makes no TLS
 * connection and checks no signature: once set up so, EVP_get_digestbynid finds nothing
 * for the rest of the process (OpenSSL adds the legacy names once or never), and the CMS
 * and time-stamp checks need it (cot done --file checks the FOD's countersignature:
 * not such a command). Whichever of the two runs first sets OpenSSL up for the process.
 */
void crypto_init_digests(void);

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
