/* HTTPS downloads and POSTs with libcurl: verification always on, timeouts, bounded retries and
 * bodies. */
#ifndef COT_HTTP_H
#define COT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"

#define HTTP_CONNECT_TIMEOUT 10	 /* seconds to connect, by default */
#define HTTP_TIMEOUT 60		 /* seconds for a whole transfer, by default */
#define HTTP_RETRIES 2		 /* extra attempts after a transient failure, by default */
#define HTTP_RETRY_DELAY_MS 1000 /* before the first retry; doubled before each next one */
#define HTTP_MAX_REDIRECTS 5

struct http_opts {
	const char *cacert;	   /* PEM file of the CA(s) to trust instead of the system's;
				      NULL: the system's store */
	long connect_timeout;	   /* seconds; 0: HTTP_CONNECT_TIMEOUT */
	long timeout;		   /* seconds; 0: HTTP_TIMEOUT */
	int retries;		   /* < 0: none; 0: HTTP_RETRIES */
	long retry_delay_ms;	   /* 0: HTTP_RETRY_DELAY_MS */
	size_t max_body;	   /* the largest body accepted, in bytes; required (> 0) */
	const char *etag;	   /* sent as If-None-Match when not NULL */
	const char *last_modified; /* sent as If-Modified-Since when not NULL */
	bool allow_http;	   /* http:// accepted too (only for answers that are signed
				      and checked on their own: timestamps, OCSP); false:
				      https only, also after redirects */
};

struct http_response {
	long status;	   /* the last HTTP status: 200, or 304 when not_modified */
	bool not_modified; /* 304: the caller's copy (etag / last_modified) is current */
	char *body;	   /* NUL-terminated (not counted in len); NULL on 304 */
	size_t len;
	char *etag;	     /* the response's ETag header as sent, or NULL */
	char *last_modified; /* its Last-Modified header, or NULL */
	char *effective_url; /* where the body came from, after redirects */
	int attempts;	     /* how many requests were made */
};

void http_response_init(struct http_response *r);
void http_response_release(struct http_response *r);

/*
 * True for an https:// URL with a host; otherwise COT_USAGE in err saying
 * that only https:// is fetched (http://, file://, ftp:// … are refused).
 * Like http_get and http_post it loads libcurl (curl-load.h) first: COT_ENV
 * in err when it cannot.
 */
bool http_url_ok(const char *url, struct cot_err *err);

/*
 * GETs url (https only, also after redirects, at most HTTP_MAX_REDIRECTS;
 * TLS 1.2 or later; the peer's certificate and name always verified) into r,
 * which must be initialised and empty. Proxies come from the environment as
 * libcurl reads them (https_proxy, no_proxy, …).
 *
 * A transient failure (cannot connect, timeout, connection reset, HTTP 5xx
 * or 429) is retried up to opts->retries times after a delay that doubles;
 * nothing else is retried.
 *
 * COT_OK with status 200 and the body, or status 304 and not_modified (only
 * when etag or last_modified was sent). COT_USAGE: a URL that is not https,
 * a cacert that cannot be read. COT_ENV, with libcurl's reason or the HTTP
 * status: the network, TLS (an untrusted certificate says so), any other
 * status, a body over opts->max_body ("larger than N bytes": the transfer is
 * stopped as soon as it passes the limit).
 */
int http_get(const char *url, const struct http_opts *opts, struct http_response *r,
	struct cot_err *err);

/*
 * POSTs len bytes of data (NULL with len 0: an empty body) with the header
 * "Content-Type: content_type" to url, and reads the answer into r, which
 * must be initialised and empty. The same rules as http_get: https only
 * unless opts->allow_http (then http:// too), TLS, timeouts, opts->max_body,
 * and retries on the same transient failures (cannot connect, timeout,
 * connection reset, HTTP 5xx or 429). A POST follows no redirect, and sends
 * no conditional header: anything but HTTP 200 is COT_ENV with the status.
 * COT_USAGE: a URL not accepted, no content type, a cacert that cannot be read.
 */
int http_post(const char *url, const char *content_type, const void *data, size_t len,
	const struct http_opts *opts, struct http_response *r, struct cot_err *err);

#endif
