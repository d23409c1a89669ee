/* Internal to revoc.c: the network side of revocation checking (OCSP POST, CRL GET). */
#ifndef COT_REVOC_FETCH_H
#define COT_REVOC_FETCH_H

#include <openssl/ocsp.h>
#include "cot/revoc.h"

/*
 * POSTs req (DER, application/ocsp-request) to url, or GETs url when req is
 * NULL; http:// and https:// both, no retries, opts' timeout and cacert, at
 * most max bytes. *body (malloc'ed, the caller's) and *len on COT_OK; otherwise
 * err says why (refused URL, network, status, "larger than N bytes").
 */
int revoc_fetch(const char *url, const unsigned char *req, size_t req_len, size_t max,
	const struct revoc_opts *opts, unsigned char **body, size_t *len, struct cot_err *err);

#endif
