/* SMTP with libcurl: STARTTLS or implicit TLS, verified; the message streamed; transient failures
 * retried. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "cot/curl-load.h"
#include "cot-config.h"
#include "cot/i18n.h"
#include "cot/retry.h"
#include "cot/smtp.h"

bool smtp_url_ok(const char *url, bool *implicit_tls, struct cot_err *err)
{
	CURLU *u = NULL;
	char *scheme = NULL, *host = NULL, *user = NULL;
	bool tls = strncasecmp(url, "smtps://", 8) == 0, ok = false;
	size_t skip = tls ? 8 : 7;

	if (curl_load(err) != COT_OK)
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return cot_err_set(err, COT_USAGE,
				       _("the URL '%s' holds a space or control "
					 "character"),
				       url),
			       false;
	/* "smtp:///x" is refused outright: libcurl would read it as host "x" */
	if ((!tls && strncasecmp(url, "smtp://", 7) != 0) || url[skip] == '/' ||
		!(u = curl_api.url()) || curl_api.url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
		curl_api.url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
		curl_api.url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host[0])
		cot_err_set(err, COT_USAGE,
			_("'%s' is not an smtp:// or smtps:// URL with a server"), url);
	else if (curl_api.url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK)
		/* a password in a URL would show in every message and in the journal */
		cot_err_set(err, COT_USAGE,
			_("the SMTP URL holds a user name or password (not "
			  "repeated here): put the credentials in ~/.netrc or in "
			  "COT_SMTP_USER and COT_SMTP_PASSWORD, never in a URL"));
	else
		ok = true;
	if (ok && implicit_tls)
		*implicit_tls = tls;
	curl_api.free(scheme);
	curl_api.free(host);
	curl_api.free(user);
	curl_api.url_cleanup(u);
	return ok;
}

/* One attempt's state, filled by the callbacks. */
struct attempt {
	const struct smtp_opts *o;
	struct mail_reader rd;
	bool read_failed;
	struct cot_err read_err;
	char cur[SMTP_REPLY_MAX]; /* the reply being received */
	bool cur_done;
	char last[SMTP_REPLY_MAX]; /* the last whole reply (not the answer to QUIT) */
	int last_code;
	char data_reply[SMTP_REPLY_MAX]; /* the answer to the message's data */
	bool after_354, in_auth, quitting;
};

static size_t on_read(char *buf, size_t size, size_t n, void *arg)
{
	struct attempt *a = arg;
	size_t got;

	if (mail_reader_read(&a->rd, buf, size * n, &got, &a->read_err)) {
		a->read_failed = true;
		return CURL_READFUNC_ABORT;
	}
	return got;
}

static void append(char *dst, const char *line, size_t len)
{
	size_t n = strlen(dst);

	if (n && n + 3 < SMTP_REPLY_MAX) {
		memcpy(dst + n, " / ", 3);
		n += 3;
	}
	if (len > SMTP_REPLY_MAX - 1 - n)
		len = SMTP_REPLY_MAX - 1 - n;
	memcpy(dst + n, line, len);
	dst[n + len] = '\0';
}

/* A reply line from the server: kept until the reply is whole. */
static void server_line(struct attempt *a, const char *line, size_t len)
{
	int code = len >= 3 && isdigit((unsigned char)line[0]) && isdigit((unsigned char)line[1]) &&
				   isdigit((unsigned char)line[2])
			   ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0')
			   : 0;

	if (a->cur_done) {
		a->cur[0] = '\0';
		a->cur_done = false;
	}
	append(a->cur, line, len);
	if (len > 3 && line[3] == '-')
		return;
	a->cur_done = true;
	if (a->after_354) {
		snprintf(a->data_reply, sizeof(a->data_reply), "%s", a->cur);
		a->after_354 = false;
	}
	if (code == 354)
		a->after_354 = true;
	if (a->in_auth && code != 334)
		a->in_auth = false;
	if (!a->quitting) {
		snprintf(a->last, sizeof(a->last), "%s", a->cur);
		a->last_code = code;
	}
}

/* What -v shows of a line cot sent: never the credentials. */
static void client_line(
	struct attempt *a, const char *line, size_t len, char *shown, size_t shownlen)
{
	if (len >= 5 && strncasecmp(line, "AUTH ", 5) == 0) {
		size_t mech = strcspn(line + 5, " ");
		a->in_auth = true;
		snprintf(shown, shownlen, "AUTH %.*s (credentials hidden)",
			(int)(mech < len - 5 ? mech : len - 5), line + 5);
	} else if (a->in_auth) {
		snprintf(shown, shownlen, "(credentials hidden)");
	} else {
		if (len == 4 && strncasecmp(line, "QUIT", 4) == 0)
			a->quitting = true;
		snprintf(shown, shownlen, "%.*s", (int)len, line);
	}
}

static int on_debug(CURL *c, curl_infotype type, char *data, size_t size, void *arg)
{
	struct attempt *a = arg;
	char shown[SMTP_REPLY_MAX];

	(void)c;
	if (type != CURLINFO_HEADER_IN && type != CURLINFO_HEADER_OUT)
		return 0;
	while (size) {
		char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) + 1 : size, len = n;
		while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
			len--;
		if (type == CURLINFO_HEADER_IN) {
			bool hide = a->in_auth && len >= 3 && strncmp(data, "334", 3) == 0;
			server_line(a, data, len);
			snprintf(shown, sizeof(shown), "%.*s", (int)(hide ? 3 : len), data);
			if (a->o->trace)
				a->o->trace(true, shown, a->o->trace_arg);
		} else {
			client_line(a, data, len, shown, sizeof(shown));
			if (a->o->trace)
				a->o->trace(false, shown, a->o->trace_arg);
		}
		data += n;
		size -= n;
	}
	return 0;
}

static void setup(CURL *c, const struct smtp_opts *o, const char *from, struct curl_slist *rcpt,
	const struct mail_msg *m, struct attempt *a, char *errbuf)
{
	curl_api.easy_setopt(c, CURLOPT_URL, o->url);
	curl_api.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_api.easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_api.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_api.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_api.easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (o->cacert)
		curl_api.easy_setopt(c, CURLOPT_CAINFO, o->cacert);
	if (o->user && o->password) {
		curl_api.easy_setopt(c, CURLOPT_USERNAME, o->user);
		curl_api.easy_setopt(c, CURLOPT_PASSWORD, o->password);
	} else {
		curl_api.easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
		if (o->netrc)
			curl_api.easy_setopt(c, CURLOPT_NETRC_FILE, o->netrc);
	}
	curl_api.easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_api.easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_api.easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_api.easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m->total);
	curl_api.easy_setopt(c, CURLOPT_READFUNCTION, on_read);
	curl_api.easy_setopt(c, CURLOPT_READDATA, a);
	curl_api.easy_setopt(c, CURLOPT_VERBOSE, 1L);
	curl_api.easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_api.easy_setopt(c, CURLOPT_DEBUGDATA, a);
	curl_api.easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
		o->connect_timeout > 0 ? o->connect_timeout : (long)SMTP_CONNECT_TIMEOUT);
	curl_api.easy_setopt(c, CURLOPT_SERVER_RESPONSE_TIMEOUT,
		o->response_timeout > 0 ? o->response_timeout : (long)SMTP_RESPONSE_TIMEOUT);
	curl_api.easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_api.easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)SMTP_STALL_TIME);
	curl_api.easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	curl_api.easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_api.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_api.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
}

static bool transient_curl(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
		return true;
	default:
		return false;
	}
}

/* Why an attempt failed, in err; *retry when another attempt may succeed. */
static int classify(const struct smtp_opts *o, CURLcode cc, const char *errbuf, struct attempt *a,
	bool *retry, struct cot_err *err)
{
	const char *why = errbuf[0] ? errbuf : curl_api.easy_strerror(cc);
	int code = a->last_code;

	*retry = false;
	if (a->read_failed) {
		*err = a->read_err;
		return err->code;
	}
	if (cc == CURLE_SSL_CACERT_BADFILE)
		return cot_err_set(err, COT_USAGE, _("cannot read the CA file '%s': %s"),
			o->cacert ? o->cacert : _("(system)"), why);
	if (cc == CURLE_PEER_FAILED_VERIFICATION)
		return cot_err_set(err, COT_ENV,
			_("the server's certificate is not trusted (%s); a "
			  "private CA is given with --cacert"),
			why);
	if (cc == CURLE_USE_SSL_FAILED)
		return cot_err_set(err, COT_ENV,
			_("the server does not offer STARTTLS, and cot never "
			  "sends in clear text; use smtps:// if it offers TLS from the start"));
	if (cc == CURLE_SSL_CONNECT_ERROR)
		return cot_err_set(err, COT_ENV, _("no TLS with the server: %s"), why);
	if (cc == CURLE_LOGIN_DENIED)
		return cot_err_set(err, COT_ENV,
			_("the server refused the login (%s); the credentials "
			  "come from ~/.netrc ($NETRC) or COT_SMTP_USER and "
			  "COT_SMTP_PASSWORD"),
			a->last[0] ? a->last : why);
	if (code >= 500)
		return cot_err_set(err, COT_ENV, _("the server refused the message: %s"), a->last);
	if (code >= 400) {
		*retry = true;
		return cot_err_set(err, COT_ENV, _("the server deferred the message: %s"), a->last);
	}
	*retry = transient_curl(cc);
	if (cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR || cc == CURLE_GOT_NOTHING)
		/* TRANSLATORS: libcurl's reason, then the server's last reply */
		return a->last[0] ? cot_err_set(err, COT_ENV,
					    _("the connection to the server was lost "
					      "(%s) after its reply '%s'"),
					    why, a->last)
				  : cot_err_set(err, COT_ENV,
					    _("the connection to the server was lost (%s)"), why);
	if (a->last[0] && code != 220)
		return cot_err_set(
			err, COT_ENV, _("%s (the server's last reply: %s)"), why, a->last);
	return cot_err_set(err, COT_ENV, "%s", why);
}

static int attempt(CURL *c, const struct smtp_opts *o, const char *from, struct curl_slist *rcpt,
	const struct mail_msg *m, struct smtp_result *res, bool *retry, struct cot_err *err)
{
	struct attempt *a = calloc(1, sizeof(*a));
	char errbuf[CURL_ERROR_SIZE] = "";
	CURLcode cc;
	long status = 0;
	int rc;

	*retry = false;
	if (!a)
		return cot_err_nomem(err);
	a->o = o;
	if ((rc = mail_reader_open(&a->rd, m, err))) {
		free(a);
		return rc;
	}
	curl_api.easy_reset(c);
	setup(c, o, from, rcpt, m, a, errbuf);
	cc = curl_api.easy_perform(c);
	curl_api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	res->attempts++;
	if (!a->last_code && status)
		a->last_code = (int)status;
	if (cc == CURLE_OK) {
		rc = COT_OK;
		res->code = 250;
		snprintf(res->reply, sizeof(res->reply), "%s",
			a->data_reply[0] ? a->data_reply : a->last);
	} else {
		rc = classify(o, cc, errbuf, a, retry, err);
		res->code = a->last_code;
		snprintf(res->reply, sizeof(res->reply), "%s", a->last);
	}
	mail_reader_close(&a->rd);
	free(a);
	return rc;
}

/* attempt() for retry_run. */
struct attempt_args {
	CURL *c;
	const struct smtp_opts *o;
	const char *from;
	struct curl_slist *rcpt;
	const struct mail_msg *m;
	struct smtp_result *res;
};

static int attempt_fn(void *arg, bool *again, struct cot_err *err)
{
	struct attempt_args *a = arg;

	return attempt(a->c, a->o, a->from, a->rcpt, a->m, a->res, again, err);
}

int smtp_send(const struct smtp_opts *o, const char *from, const char *to, const struct mail_msg *m,
	struct smtp_result *res, struct cot_err *err)
{
	struct retry_policy rp = {o->retries < 0 ? 0
				  : o->retries	 ? o->retries
						 : SMTP_RETRIES,
		o->retry_delay_ms > 0 ? o->retry_delay_ms : SMTP_RETRY_DELAY_MS, o->retrying,
		o->retry_arg};
	struct curl_slist *rcpt = NULL;
	char addr[300];
	CURL *c = NULL;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((rc = curl_load(err)) != COT_OK)
		return rc;
	if (!smtp_url_ok(o->url, NULL, err))
		return COT_USAGE;
	if (o->cacert && access(o->cacert, R_OK) < 0)
		return cot_err_sys(
			err, COT_USAGE, errno, _("cannot read the CA file '%s'"), o->cacert);
	if (!mail_addr_ok(from) || !mail_addr_ok(to))
		return cot_err_set(
			err, COT_USAGE, _("'%s' to '%s': not ASCII e-mail addresses"), from, to);
	snprintf(addr, sizeof(addr), "<%s>", to);
	rcpt = curl_api.slist_append(NULL, addr);
	c = curl_api.easy_init();
	if (!rcpt || !c) {
		rc = cot_err_nomem(err);
		goto out;
	}
	snprintf(addr, sizeof(addr), "<%s>", from);
	rc = retry_run(&rp, attempt_fn, &(struct attempt_args){c, o, addr, rcpt, m, res},
		&res->attempts, err);
out:
	curl_api.slist_free_all(rcpt);
	curl_api.easy_cleanup(c);
	return rc;
}
