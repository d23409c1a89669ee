/* Many projects at once: one summary per project folder, for cot status DIR... */
#ifndef COT_PORTFOLIO_H
#define COT_PORTFOLIO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "cot/exit.h"
#include "cot/ident.h"
#include "cot/project.h"

#define PORTFOLIO_MAX 10000 /* projects in one run, all folders together */

/* One project folder: what it says, or why it cannot be read. */
struct portfolio_entry {
	char *path;  /* as named: an operand, or operand/subfolder */
	int rc;	     /* COT_OK, or the code of why it cannot be read */
	char *error; /* why it cannot be read (in the language spoken), or NULL */
	char *name;  /* organisation: name: of cot.yaml */
	char kbo[KBO_LEN + 1];
	enum route route;
	const char *step; /* the current step's id, NULL once every step is done */
	const char *todo; /* its todo in English (show _(todo)), NULL once done */
	char since[11];	  /* when the current step became current, "" when unknown */
	long days;	  /* whole days in the current step; -1 when since is "" */
	size_t overdue;	  /* deadlines overdue (deadline.h) */
	size_t missed;	  /* of them, those missed (deadline_missed): what the exit status counts */
	/* what to do next, blockers first, in the language spoken: cot status's "Next:"
	   (nextstep.h); NULL when the project cannot be read */
	char *next;
	const char *blocked_by; /* as struct next_action's, or NULL */
};

struct portfolio {
	struct portfolio_entry *v;
	size_t n;
};

/* clang-format off */
#define PORTFOLIO_INIT {NULL, 0}
/* clang-format on */

/*
 * Reads the projects of dirs (n of them, in order) at time now: a folder holding
 * cot.yaml is a project; any other folder is a folder of projects, whose subfolders
 * (not hidden ones; symbolic links too) are each one, sorted by name. A project that
 * cannot be read (a link to nothing, unreadable, no cot.yaml, cot.yaml with errors, a
 * journal that fails verification) is an entry with rc and error set, and the rest go
 * on. COT_USAGE (nothing kept) beyond PORTFOLIO_MAX projects; COT_ENV out of memory.
 */
int portfolio_collect(
	const char *const *dirs, size_t n, time_t now, struct portfolio *out, struct cot_err *err);

/* The number of entries that could not be read, and of those with a deadline missed. */
size_t portfolio_failed(const struct portfolio *pf);
size_t portfolio_missed(const struct portfolio *pf);

void portfolio_release(struct portfolio *pf);

#endif
