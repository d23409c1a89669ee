/* Revocation data over the network: OCSP requests POSTed, CRLs fetched, over http or https. */
#include <stdlib.h>
#include <string.h>
#include "cot/http.h"
#include "cot/i18n.h"
#include "revoc-fetch.h"

int revoc_fetch(const char *url, const unsigned char *req, size_t req_len, size_t max,
	const struct revoc_opts *opts, unsigned char **body, size_t *len, struct cot_err *err)
{
	long timeout = opts->timeout > 0 ? opts->timeout : REVOC_TIMEOUT;
	/* revocation data is signed: plain http is its usual transport (RFC 5280, 6960) */
	struct http_opts h = {.cacert = opts->cacert,
		.connect_timeout = timeout,
		.timeout = timeout,
		.retries = -1,
		.max_body = max,
		.allow_http = true};
	struct http_response r;
	int rc;

	http_response_init(&r);
	if (req)
		rc = http_post(url, "application/ocsp-request", req, req_len, &h, &r, err);
	else
		rc = http_get(url, &h, &r, err);
	if (rc == COT_OK && !r.body)
		rc = cot_err_set(err, COT_ENV, _("no body"));
	if (rc == COT_OK) {
		*body = (unsigned char *)r.body;
		*len = r.len;
		r.body = NULL;
	}
	http_response_release(&r);
	return rc;
}
