/* libicuuc through dlopen, under the versioned names of the ICU cot was compiled with. */
#include <pthread.h>
#include <unicode/uvernum.h>
#include "cot/dl-load.h"
#include "cot/i18n.h"
#include "cot/icu-load.h"

struct icu_api icu_api;

/* The names expand first: unicode/urename.h makes u_strToUTF8 u_strToUTF8_72. */
#define NAME(f) NAME_(f)
#define NAME_(f) #f
#define SYM(f, member)                                                                             \
	{                                                                                          \
		NAME(f), (void **)&icu_api.member                                                  \
	}

const char icu_soname[] = "libicuuc.so." NAME(U_ICU_VERSION_MAJOR_NUM);

static const struct dl_sym syms[] = {
	SYM(unorm2_getNFKCCasefoldInstance, nfkc_casefold_instance),
	SYM(unorm2_normalize, normalize),
	SYM(u_strFromUTF8, str_from_utf8),
	SYM(u_strToUTF8, str_to_utf8),
};

static struct dl_lib icu_lib = {
	.soname = icu_soname,
	.needed_for = N_("comparing names under Unicode folding"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int icu_load(struct cot_err *err)
{
	struct cot_err local;

	return dl_load(&icu_lib, err ? err : &local);
}
