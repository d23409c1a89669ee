/* The organisation's signer: its eHealth keystore, checked against the project before it signs. */
#ifndef COT_SIGNER_H
#define COT_SIGNER_H

#include <time.h>
#include "cot/cert.h"
#include "cot/exit.h"
#include "cot/project.h"

/*
 * Loads the "authentication" key and certificate of the PKCS#12 keystore
 * path with password (borrowed; the caller wipes it) into ks (initialised,
 * empty), and checks that they may sign for project p at time t: the
 * certificate names the project's KBO (or NIHII), may sign (algo.h), is valid at t (the
 * signing time) and, when
 * cot.yaml lists trust anchors, chains to them at t. COT_USAGE with the
 * reason (a file that is no keystore, a wrong password, no key, another
 * organisation, expired, an unknown issuer); COT_ENV out of memory. On
 * failure ks is released.
 */
int signer_load(const struct project *p, const char *path, const char *password, time_t t,
	struct cert_bundle *ks, struct cot_err *err);

/*
 * Whether path is a PKCS#12 keystore, the first check of signer_load: for a caller that
 * asks for the password only once the file is known to be one. COT_USAGE saying why not.
 */
int signer_check_file(const char *path, struct cot_err *err);

#endif
