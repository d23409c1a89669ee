/* Shared libraries loaded at run time (dlopen), for the libraries only some commands use. */
#ifndef COT_DL_LOAD_H
#define COT_DL_LOAD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"

/* One function of the library: its name and where its address goes. */
struct dl_sym {
	const char *name;
	void **slot;
};

/* A library to load once: its soname, its functions, and what came of the first try. */
struct dl_lib {
	const char *soname;	/* e.g. "libcurl.so.4" */
	const char *needed_for; /* what it is for, in messages, untranslated ("the network") */
	const struct dl_sym *syms;
	size_t n_syms;
	pthread_mutex_t lock; /* PTHREAD_MUTEX_INITIALIZER */
	int state;	      /* 0 not tried, 1 loaded, -1 failed */
	char why[512];	      /* the failure, when state is -1 */
};

/*
 * Loads lib->soname with dlopen and resolves every function of lib->syms into its slot,
 * once: later calls give back what the first gave, from any thread. COT_OK, or COT_ENV
 * with a message that names the library and what is missing ("cannot load 'libcurl.so.4',
 * needed for the network: ..."); then no slot is set and the library is not kept open.
 */
int dl_load(struct dl_lib *lib, struct cot_err *err);

#endif
