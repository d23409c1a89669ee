/* Loading a shared library with dlopen and resolving its functions, once, from any thread. */
#include <dlfcn.h>
#include <stdio.h>
#include "cot/dl-load.h"
#include "cot/i18n.h"

/* Opens the library and fills every slot, or writes why it cannot into lib->why. */
static bool open_all(struct dl_lib *lib)
{
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (!h) {
		e = dlerror();
		snprintf(lib->why, sizeof(lib->why), "%s", e ? e : "?");
		return false;
	}
	for (size_t i = 0; i < lib->n_syms; i++) {
		dlerror();
		*lib->syms[i].slot = dlsym(h, lib->syms[i].name);
		if (!*lib->syms[i].slot) {
			snprintf(lib->why, sizeof(lib->why), _("it has no function '%s'"),
				lib->syms[i].name);
			for (size_t j = 0; j <= i; j++)
				*lib->syms[j].slot = NULL;
			dlclose(h);
			return false;
		}
	}
	return true;
}

int dl_load(struct dl_lib *lib, struct cot_err *err)
{
	int state;

	pthread_mutex_lock(&lib->lock);
	if (!lib->state)
		lib->state = open_all(lib) ? 1 : -1;
	state = lib->state;
	pthread_mutex_unlock(&lib->lock);
	if (state > 0)
		return COT_OK;
	return cot_err_set(err, COT_ENV, _("cannot load '%s', needed for %s: %s"), lib->soname,
		_(lib->needed_for), lib->why);
}
