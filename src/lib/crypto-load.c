/* libcrypto through dlopen: loaded, given cot's allocators and set up on its first use. */
#define CRYPTO_LOAD_TABLE_ONLY /* here the names stay OpenSSL's own (crypto-load.h) */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "cot/crypto-load.h"
#include "cot/dl-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"

struct crypto_api crypto_api;

#define CRYPTO_SYM(f) {#f, (void **)&crypto_api.f},
static const struct dl_sym syms[] = {CRYPTO_FUNCTIONS(CRYPTO_SYM)};
#undef CRYPTO_SYM

static struct dl_lib crypto_lib = {
	.soname = "libcrypto.so.3",
	.needed_for = N_("signatures, certificates and time-stamps"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

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

/* libcrypto cannot be loaded: like mem_die, the end of cot, its temporary files removed. */
__attribute__((noreturn)) static void die_unloaded(const struct cot_err *err)
{
	fs_temp_remove_all();
	fs_undo_run();
	fprintf(stderr, "cot: %s%s\n", _("error: "), err->msg);
	exit(COT_ENV);
}

/*
 * Loads libcrypto, installs cot's allocator hooks before it allocates anything, and sets
 * OpenSSL up (its default context, openssl.cnf, error strings, SHA-256): OpenSSL 3.0 does
 * not survive an allocation failed inside its own lazy initialisation (a lock of its
 * default context left NULL, used later), so a failure here ends cot at once (mem_die).
 */
static void load_and_set_up(void)
{
	struct cot_err err = {0};
	EVP_MD *md;
	int ok;

	mem_in_openssl_init = true;
	if (dl_load(&crypto_lib, &err))
		die_unloaded(&err);
	crypto_api.CRYPTO_set_mem_functions(crypto_malloc, crypto_realloc, crypto_free);
	ok = crypto_api.OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL);
	md = ok ? crypto_api.EVP_MD_fetch(NULL, "SHA256", NULL) : NULL;
	crypto_api.EVP_MD_free(md);
	mem_in_openssl_init = false;
	if (!md || mem_failed())
		mem_die();
	crypto_api.ERR_clear_error();
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

const struct crypto_api *crypto_api_get(void)
{
	pthread_once(&once, load_and_set_up);
	return &crypto_api;
}

void crypto_init(void)
{
	crypto_api_get();
}

const ASN1_ITEM *cot_OCSP_BASICRESP_it(void)
{
	return crypto_api_get()->OCSP_BASICRESP_it();
}

const ASN1_ITEM *cot_X509_CRL_it(void)
{
	return crypto_api_get()->X509_CRL_it();
}
