/* Trust anchors: the shipped trust sets and the PEM files that cot.yaml names. */
#ifndef COT_TRUST_H
#define COT_TRUST_H

#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/project.h"

#define TRUST_MAX_SET_FILES 64 /* .pem files read from one trust-set directory */

/*
 * The directory that holds the shipped trust sets: SRCDIR/trust when the
 * running program lies under the build tree it was built in (tests, a
 * developer's build), DATADIR/trust otherwise (installed). A new string.
 */
char *trust_data_dir(void);

/*
 * The subdirectory of the trust set called name: "ehealth-production" is
 * "production", "ehealth-acceptance" is "acceptance"; NULL for any other
 * name (which cot.yaml then means as a file path).
 */
const char *trust_set_subdir(const char *name);

/*
 * Appends to anchors (new references) the anchors that items name, as in
 * cot.yaml's "certificate: trust:" (or "whitelist: trust:"): a trust-set name
 * gives every *.pem file of its directory, in name order; any other item is
 * a PEM or DER file, relative to root unless absolute. items may be NULL or
 * empty: nothing is added. COT_USAGE naming the item and the file when one
 * is missing, holds no certificate or holds a private key; COT_ENV when a
 * set's directory cannot be read (an incomplete installation).
 */
int trust_load(const char *root, const struct strlist *items, STACK_OF(X509) *anchors,
	struct cot_err *err);

#endif
