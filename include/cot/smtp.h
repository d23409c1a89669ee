/* Sending one message over SMTP with libcurl: TLS always, verified; transient failures retried. */
#ifndef COT_SMTP_H
#define COT_SMTP_H

#include <stdbool.h>
#include "cot/exit.h"
#include "cot/mail.h"

#define SMTP_CONNECT_TIMEOUT 30	  /* seconds to connect, by default */
#define SMTP_RESPONSE_TIMEOUT 120 /* seconds to wait for any reply, by default */
#define SMTP_STALL_TIME 120	  /* a transfer that moves no byte for this long is stopped */
#define SMTP_RETRIES 3		  /* extra attempts after a transient failure, by default */
#define SMTP_RETRY_DELAY_MS 1000  /* before the first retry; doubled before each next one */
#define SMTP_REPLY_MAX 512	  /* the longest server reply kept */

/* The dialogue, for -v: from_server or from cot; credentials never appear. */
typedef void (*smtp_trace_fn)(bool from_server, const char *line, void *arg);

/* Told before each retry: which attempt failed, why, and how long cot waits. */
typedef void (*smtp_retry_fn)(int attempt, long delay_ms, const char *why, void *arg);

struct smtp_opts {
	const char *url;    /* smtp://HOST[:PORT][/EHLO-NAME] (STARTTLS required) or smtps:// */
	const char *cacert; /* PEM file of the CA(s) to trust instead of the system's */
	const char *user;   /* with password: the credentials; both NULL: netrc, if any */
	const char *password;
	const char *netrc;     /* the netrc file to read; NULL: ~/.netrc */
	long connect_timeout;  /* seconds; 0: SMTP_CONNECT_TIMEOUT */
	long response_timeout; /* seconds; 0: SMTP_RESPONSE_TIMEOUT */
	int retries;	       /* < 0: none; 0: SMTP_RETRIES */
	long retry_delay_ms;   /* 0: SMTP_RETRY_DELAY_MS */
	smtp_trace_fn trace;   /* may be NULL */
	void *trace_arg;
	smtp_retry_fn retrying; /* may be NULL */
	void *retry_arg;
};

struct smtp_result {
	int code;		    /* the reply code of the server's last relevant reply */
	char reply[SMTP_REPLY_MAX]; /* that reply, lines joined by " / " ("250 2.0.0 Ok: queued") */
	int attempts;		    /* how many times cot connected */
};

/*
 * True for an smtp:// or smtps:// URL with a host and without user
 * information (credentials come from netrc or the environment, never a URL);
 * *implicit_tls (may be NULL) is set for smtps://. Otherwise COT_USAGE in err,
 * or COT_ENV when libcurl cannot be loaded (curl-load.h; smtp_send loads it too).
 */
bool smtp_url_ok(const char *url, bool *implicit_tls, struct cot_err *err);

/*
 * Sends m from from to to through o->url, streaming it with mail_reader
 * (memory independent of the attachment's size). smtp:// must upgrade with
 * STARTTLS and smtps:// is TLS from the start: TLS 1.2 or later, the
 * server's certificate and name always verified; nothing is ever sent in
 * clear text. Credentials: o->user and o->password, else the netrc file
 * (optional).
 *
 * A transient failure (cannot connect, timeout, the connection lost, an
 * SMTP 4xx reply) is retried up to o->retries times after a delay that
 * doubles, each time with a new connection and the whole message; anything
 * else (5xx, TLS or certificate failures, refused login, a changed
 * attachment) stops at once.
 *
 * COT_OK when the server accepted the message (res->reply is its answer to
 * the data, e.g. "250 2.0.0 Ok: queued as 4F2A"). COT_USAGE for a bad URL,
 * an unreadable cacert or an attachment that is not the one m describes;
 * COT_ENV for everything the network and the server did, with the server's
 * reply in err and res.
 */
int smtp_send(const struct smtp_opts *o, const char *from, const char *to, const struct mail_msg *m,
	struct smtp_result *res, struct cot_err *err);

#endif
