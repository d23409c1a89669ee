/* zlib through dlopen: its inflate functions resolved once, when a PDF is first checked. */
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/zlib-load.h"

struct zlib_api zlib_api;

static const struct dl_sym syms[] = {
	{"inflateInit_", (void **)&zlib_api.inflateInit_},
	{"inflate", (void **)&zlib_api.inflate},
	{"inflateEnd", (void **)&zlib_api.inflateEnd},
};

static struct dl_lib zlib_lib = {
	.soname = "libz.so.1",
	.needed_for = N_("the structural check of PDF files"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int zlib_load(struct cot_err *err)
{
	return dl_load(&zlib_lib, err);
}
