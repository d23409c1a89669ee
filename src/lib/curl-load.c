/* libcurl through dlopen: its functions resolved once, when a command first uses the network. */
#include "cot/curl-load.h"
#include "cot/dl-load.h"
#include "cot/i18n.h"

struct curl_api curl_api;

#define SYM(f)                                                                                     \
	{                                                                                          \
		"curl_" #f, (void **)&curl_api.f                                                   \
	}

static const struct dl_sym syms[] = {
	SYM(easy_init),
	SYM(easy_cleanup),
	SYM(easy_reset),
	SYM(easy_setopt),
	SYM(easy_getinfo),
	SYM(easy_perform),
	SYM(easy_strerror),
	SYM(free),
	SYM(slist_append),
	SYM(slist_free_all),
	SYM(url),
	SYM(url_cleanup),
	SYM(url_get),
	SYM(url_set),
};

static struct dl_lib curl_lib = {
	.soname = "libcurl.so.4",
	.needed_for = N_("the network"),
	.syms = syms,
	.n_syms = sizeof(syms) / sizeof(syms[0]),
	.lock = PTHREAD_MUTEX_INITIALIZER,
};

int curl_load(struct cot_err *err)
{
	return dl_load(&curl_lib, err);
}
