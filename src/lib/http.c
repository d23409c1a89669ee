/* HTTPS GET and POST with libcurl: verified TLS, timeouts, bounded retries, a ceiling on every
 * body. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "cot/curl-load.h"
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/http.h"
#include "cot/i18n.h"
#include "cot/retry.h"

#define HTTP_HEADER_MAX 1024 /* the longest ETag or Last-Modified value kept */

void http_response_init(struct http_response *r)
{
	memset(r, 0, sizeof(*r));
}

void http_response_release(struct http_response *r)
{
	free(r->body);
	free(r->etag);
	free(r->last_modified);
	free(r->effective_url);
	http_response_init(r);
}

/* Checks url: https://, or http:// too when allow_http (for answers signed on their own). */
static bool url_ok(const char *url, bool allow_http, struct cot_err *err)
{
	CURLU *u = curl_api.url();
	bool http = allow_http && strncasecmp(url, "http://", 7) == 0 && url[7] != '/';
	char *scheme = NULL, *host = NULL, *user = NULL;
	bool ok = false;

	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f) {
			curl_api.url_cleanup(u);
			cot_err_set(err, COT_USAGE,
				_("the URL '%s' holds a space or control character"), url);
			return false;
		}
	/* "https:///x" is refused outright: libcurl would read it as host "x" */
	if (!u || (!http && (strncasecmp(url, "https://", 8) != 0 || url[8] == '/')) ||
		curl_api.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
		curl_api.url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
		strcasecmp(scheme, http ? "http" : "https") != 0 ||
		curl_api.url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0])
		cot_err_set(err, COT_USAGE,
			allow_http ? _("'%s' is not an http:// or https:// URL")
				   : _("'%s' is not an https:// URL: cot fetches only over HTTPS"),
			url);
	else if (curl_api.url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		/* a password in a URL would show in every message and record that names it */
		cot_err_set(err, COT_USAGE,
			_("the URL '%s' holds a user name or password: cot takes "
			  "none in URLs"),
			url);
	else
		ok = true;
	curl_api.free(scheme);
	curl_api.free(host);
	curl_api.free(user);
	curl_api.url_cleanup(u);
	return ok;
}

bool http_url_ok(const char *url, struct cot_err *err)
{
	return curl_load(err) == COT_OK && url_ok(url, false, err);
}

/* What is sent: a GET when data is NULL, else a POST of len bytes of content_type. */
struct request {
	const char *url;
	const char *content_type;
	const void *data;
	size_t len;
};

/* One attempt's state, filled by the callbacks. */
struct transfer {
	struct buf body;
	bool too_large;
	char *etag;
	char *last_modified;
};

static void transfer_release(struct transfer *t)
{
	buf_release(&t->body);
	free(t->etag);
	free(t->last_modified);
	memset(t, 0, sizeof(*t));
}

static size_t on_body(char *data, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;

	buf_add(&t->body, data, len);
	if (t->body.failed) {
		t->too_large = true;
		return 0; /* stops the transfer */
	}
	return len;
}

/* The value of header line "Name: value\r\n" when its name is name, else NULL. */
static char *header_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name), end;

	if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':')
		return NULL;
	line += n + 1;
	len -= n + 1;
	while (len && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	end = len;
	while (end && isspace((unsigned char)line[end - 1]))
		end--;
	if (end == 0 || end > HTTP_HEADER_MAX)
		return NULL;
	return strndup(line, end);
}

static size_t on_header(char *line, size_t size, size_t n, void *arg)
{
	struct transfer *t = arg;
	size_t len = size * n;
	char *v;

	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0) {
		/* a new response (after a redirect): forget the previous one's headers */
		free(t->etag);
		free(t->last_modified);
		t->etag = t->last_modified = NULL;
	} else if ((v = header_value(line, len, "ETag"))) {
		free(t->etag);
		t->etag = v;
	} else if ((v = header_value(line, len, "Last-Modified"))) {
		free(t->last_modified);
		t->last_modified = v;
	}
	return len;
}

/* The extra headers: conditional ones for a GET, the content type for a POST. */
static struct curl_slist *request_headers(
	const struct request *q, const struct http_opts *o, bool *failed)
{
	struct curl_slist *h = NULL, *next;
	struct buf b = BUF_INIT;

	*failed = false;
	if (q->data) {
		buf_addf(&b, "Content-Type: %s", q->content_type);
		next = b.failed ? NULL : curl_api.slist_append(h, b.data);
		/* no "Expect: 100-continue" round trip before the body */
		h = next ? curl_api.slist_append(next, "Expect:") : NULL;
		*failed = !h;
		if (!h)
			curl_api.slist_free_all(next);
		buf_release(&b);
		return h;
	}
	if (o->etag) {
		buf_addf(&b, "If-None-Match: %s", o->etag);
		next = b.failed ? NULL : curl_api.slist_append(h, b.data);
		*failed |= !next;
		h = next ? next : h;
		buf_release(&b);
	}
	if (o->last_modified) {
		buf_addf(&b, "If-Modified-Since: %s", o->last_modified);
		next = b.failed ? NULL : curl_api.slist_append(h, b.data);
		*failed |= !next;
		h = next ? next : h;
		buf_release(&b);
	}
	return h;
}

static void setup(CURL *c, const struct request *q, const struct http_opts *o, struct transfer *t,
	struct curl_slist *headers, char *errbuf)
{
	const char *protocols = o->allow_http ? "http,https" : "https";

	curl_api.easy_setopt(c, CURLOPT_URL, q->url);
	curl_api.easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
	curl_api.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
	if (q->data) {
		/* a POST is not redirected: libcurl would turn it into a GET */
		curl_api.easy_setopt(c, CURLOPT_POSTFIELDS, q->data);
		curl_api.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->len);
	} else {
		curl_api.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_api.easy_setopt(c, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRECTS);
	}
	curl_api.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_api.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_api.easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (o->cacert)
		curl_api.easy_setopt(c, CURLOPT_CAINFO, o->cacert);
	curl_api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
		o->connect_timeout > 0 ? o->connect_timeout : (long)HTTP_CONNECT_TIMEOUT);
	curl_api.easy_setopt(c, CURLOPT_TIMEOUT, o->timeout > 0 ? o->timeout : (long)HTTP_TIMEOUT);
	curl_api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_api.easy_setopt(c, CURLOPT_USERAGENT, "cot/" COT_VERSION);
	curl_api.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_api.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_api.easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_api.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_api.easy_setopt(c, CURLOPT_HEADERDATA, t);
	curl_api.easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_api.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

static bool transient(CURLcode cc, long status)
{
	switch (cc) {
	case CURLE_OK:
		return status >= 500 || status == 429;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;
	}
}

/* The variable libcurl takes an https:// URL's proxy from, when one is set (NULL: none). */
static const char *proxy_var(void)
{
	static const char *const names[] = {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *v = getenv(names[i]);
		if (v && v[0])
			return names[i];
	}
	return NULL;
}

/* A connection that failed may have been to a proxy: say which one the environment names. */
static int fail_connect(const char *url, const char *why, struct cot_err *err)
{
	const char *var = proxy_var();

	if (!var)
		return cot_err_set(err, COT_ENV, _("cannot fetch '%s': %s"), url, why);
	return cot_err_set(err, COT_ENV, _("cannot fetch '%s': %s (the proxy from %s is '%s')"),
		url, why, var, getenv(var));
}

static int fail(const char *url, CURLcode cc, const char *errbuf, const struct http_opts *o,
	const struct transfer *t, struct cot_err *err)
{
	const char *why = errbuf[0] ? errbuf : curl_api.easy_strerror(cc);

	if (t->too_large || cc == CURLE_FILESIZE_EXCEEDED)
		return cot_err_set(err, COT_ENV,
			_("cannot fetch '%s': the body is larger than %zu bytes"), url,
			o->max_body);
	if (cc == CURLE_SSL_CACERT_BADFILE)
		return cot_err_set(err, COT_USAGE, _("cannot read the CA file '%s': %s"),
			o->cacert ? o->cacert : _("(system)"), why);
	if (cc == CURLE_PEER_FAILED_VERIFICATION)
		return cot_err_set(err, COT_ENV,
			_("cannot fetch '%s': the server's certificate is not "
			  "trusted (%s); a private CA is given with --cacert"),
			url, why);
	if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_PROXY ||
		cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR)
		return fail_connect(url, why, err);
	return cot_err_set(err, COT_ENV, _("cannot fetch '%s': %s"), url, why);
}

/* Moves a successful attempt's results into r. */
static int deliver(
	CURL *c, struct transfer *t, long status, struct http_response *r, struct cot_err *err)
{
	char *eff = NULL;

	r->status = status;
	r->not_modified = status == 304;
	if (!r->not_modified) {
		r->body = buf_detach(&t->body, &r->len);
		if (!r->body)
			return cot_err_nomem(err);
	}
	r->etag = t->etag;
	r->last_modified = t->last_modified;
	t->etag = t->last_modified = NULL;
	curl_api.easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
	r->effective_url = eff ? strdup(eff) : NULL;
	return COT_OK;
}

/* One request; sets *retry when a failure is worth another attempt. */
static int attempt(CURL *c, const struct request *q, const struct http_opts *o,
	struct curl_slist *h, struct http_response *r, bool *retry, struct cot_err *err)
{
	const char *url = q->url;
	struct transfer t = {BUF_INIT, false, NULL, NULL};
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	long status = 0;
	int rc;

	t.body.max = o->max_body;
	curl_api.easy_reset(c);
	setup(c, q, o, &t, h, errbuf);
	cc = curl_api.easy_perform(c);
	curl_api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	r->attempts++;
	*retry = transient(cc, status);
	if (cc != CURLE_OK)
		rc = fail(url, cc, errbuf, o, &t, err);
	else if (status == 200 || (status == 304 && h && !q->data))
		rc = deliver(c, &t, status, r, err);
	else
		rc = cot_err_set(err, COT_ENV, _("cannot fetch '%s': the server answered HTTP %ld"),
			url, status);
	transfer_release(&t);
	return rc;
}

/* attempt() for retry_run. */
struct attempt_args {
	CURL *c;
	const struct request *q;
	const struct http_opts *o;
	struct curl_slist *h;
	struct http_response *r;
};

static int attempt_fn(void *arg, bool *again, struct cot_err *err)
{
	struct attempt_args *a = arg;

	return attempt(a->c, a->q, a->o, a->h, a->r, again, err);
}

static int perform(const struct request *q, const struct http_opts *opts, struct http_response *r,
	struct cot_err *err)
{
	struct retry_policy rp = {opts->retries < 0 ? 0
				  : opts->retries   ? opts->retries
						    : HTTP_RETRIES,
		opts->retry_delay_ms > 0 ? opts->retry_delay_ms : HTTP_RETRY_DELAY_MS, NULL, NULL};
	struct curl_slist *h = NULL;
	bool failed;
	CURL *c = NULL;
	int rc;

	if ((rc = curl_load(err)) != COT_OK)
		return rc;
	if (!url_ok(q->url, opts->allow_http, err))
		return COT_USAGE;
	if (opts->max_body == 0)
		return cot_err_set(err, COT_USAGE, _("no size limit given for '%s'"), q->url);
	if (opts->cacert && access(opts->cacert, R_OK) < 0)
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot read the CA file '%s'"), opts->cacert);
	h = request_headers(q, opts, &failed);
	c = curl_api.easy_init();
	if (failed || !c) {
		rc = cot_err_nomem(err);
		goto out;
	}
	rc = retry_run(
		&rp, attempt_fn, &(struct attempt_args){c, q, opts, h, r}, &r->attempts, err);
out:
	curl_api.slist_free_all(h);
	curl_api.easy_cleanup(c);
	return rc;
}

int http_get(
	const char *url, const struct http_opts *opts, struct http_response *r, struct cot_err *err)
{
	struct request q = {url, NULL, NULL, 0};

	return perform(&q, opts, r, err);
}

int http_post(const char *url, const char *content_type, const void *data, size_t len,
	const struct http_opts *opts, struct http_response *r, struct cot_err *err)
{
	/* a zero-length body still makes a POST: data is never NULL below */
	struct request q = {url, content_type, data ? data : "", len};

	if (!content_type || !*content_type || strpbrk(content_type, "\r\n"))
		return cot_err_set(err, COT_USAGE, _("no valid content type given for '%s'"), url);
	return perform(&q, opts, r, err);
}
