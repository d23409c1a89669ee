/* The authority's policy for cot verify: the requirement sets it trusts and its register of
 * NIHII-to-KBO bindings. */
#ifndef COT_POLICY_H
#define COT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"
#include "cot/ident.h"

#define POLICY_MAX_SETS 32	       /* trusted requirement sets */
#define REGISTER_MAX ((size_t)4 << 20) /* bytes of a register file */
#define REGISTER_MAX_LINE 1024

/* One line of the register: the organisation with NIHII nihii is the enterprise kbo. */
struct reg_binding {
	char nihii[NIHII_ORG_LEN + 1];
	char kbo[KBO_LEN + 1];
	unsigned line;
};

struct verify_policy {
	struct reqset *sets; /* trusted, each loaded and lint-clean */
	size_t nsets;
	char *reg_file; /* NULL: no register */
	struct reg_binding *reg;
	size_t nreg;
};

void policy_init(struct verify_policy *p);
void policy_release(struct verify_policy *p);

/*
 * The register: a text file the authority keeps, one binding per line,
 *   NIHII KBO [anything, e.g. the name]
 * the NIHII of an institution (8 digits, check digits verified) and the KBO
 * (any form kbo_parse takes); '#' starts a comment; blank lines are skipped;
 * at most REGISTER_MAX bytes, REGISTER_MAX_LINE per line. Loads it into p.
 * COT_USAGE "FILE:LINE: reason" for a malformed line (nothing is kept), or
 * when the file cannot be read.
 */
int policy_load_register(struct verify_policy *p, const char *path, struct cot_err *err);

/* The line of the register that binds nihii to kbo (both canonical), or 0. */
unsigned policy_binds(const struct verify_policy *p, const char *nihii, const char *kbo);

/*
 * Adds the trusted requirement set at path (a requirement set file; name,
 * if not NULL, is how findings name it). A set that cannot be read, does not
 * pass its schema or reqset_lint's errors is COT_USAGE; one with the id and
 * version of a set already trusted replaces it when added with replace (the
 * authority's --requirements over a shipped set), else COT_USAGE.
 */
int policy_add_set(struct verify_policy *p, const char *path, bool replace, struct cot_err *err);

/*
 * Adds the sets shipped with cot (reqset_find: belrai-security-1.0); one not
 * installed is left out (a bundle answering it is then INDETERMINATE). An installed
 * copy whose SHA-256 is not the one cot was built with is COT_USAGE: the authority
 * trusts the set it installed, not whatever a file there says since.
 */
int policy_add_shipped(struct verify_policy *p, struct cot_err *err);

/* The trusted set with id and version, or NULL. */
const struct reqset *policy_set(const struct verify_policy *p, const char *id, const char *version);

/*
 * The policy of cot verify and whitelist add --bundle: the shipped sets, then
 * each of files (they replace shipped ones of the same id and version), then
 * the register when reg is not NULL. Errors as above; p is released on error.
 */
int policy_load(struct verify_policy *p, char *const *files, size_t nfiles, const char *reg,
	struct cot_err *err);

#endif
