/*
 * The project's certificates: public PEM files in .cot/certs/, one per
 * certificate, named by its SHA-256; which one is current follows from the
 * journal, never from a pointer file.
 */
#ifndef COT_CERTSTORE_H
#define COT_CERTSTORE_H

#include <stdbool.h>
#include "cot/cert.h"
#include "cot/journal.h"
#include "cot/project.h"

#define CERTSTORE_DIR "certs" /* under .cot/ */
#define CERTSTORE_EVENT_IMPORTED "cert-imported"
#define CERTSTORE_EVENT_RENEWAL "cert-renewal-requested"

/*
 * What the journal says about the organisation certificate. Replaying the
 * records in order:
 *  - step cert-requested: requested (its date); revoked: not requested;
 *  - step cert-received, or event cert-imported, with a "sha256": that
 *    certificate becomes current (a later one replaces it); a cert-received
 *    step without one (recorded by 'cot done') sets received_only;
 *  - revoke of cert-received: no certificate is current;
 *  - event cert-renewal-requested: a renewal is pending until the next
 *    certificate becomes current.
 */
struct cert_current {
	bool requested;
	char requested_date[11];
	bool found;	    /* a certificate is current */
	bool received_only; /* cert-received is recorded without a certificate */
	char sha256[65];    /* the current leaf's SHA-256, lowercase hex */
	char date[11];	    /* the day it was received */
	char recorded[21];  /* when it was imported (journal time) */
	unsigned long seq;  /* the journal record */
	bool renewal_requested;
	char renewal_date[11];
};

void certstore_current(const struct journal *j, struct cert_current *cur);

/* ".cot/certs/<sha256>.pem" under the project root, a new string. */
char *certstore_path(const struct project *p, const char *sha256);

/* The same relative to the project root (for messages and the journal), a new string. */
char *certstore_relpath(const char *sha256);

/*
 * Stores leaf and then chain as PEM certificates in .cot/certs/<sha256 of
 * leaf>.pem: mode 0600, written atomically, the directory created 0700 if
 * needed. Nothing but certificates is written. *created says whether the
 * file is new (false: the same certificate was stored before and is
 * rewritten with this chain). The caller holds the project lock.
 */
int certstore_write(const struct project *p, X509 *leaf, STACK_OF(X509) *chain, char sha256[65],
	bool *created, struct cot_err *err);

/* What certstore_import did. */
struct certstore_import {
	char sha256[65];
	bool created;	   /* a new file in the store */
	bool same;	   /* it is the current certificate already: nothing was done */
	bool renewal;	   /* cert-received was recorded before: a cert-imported event */
	char received[11]; /* for a renewal (or same): when cert-received was recorded */
};

/*
 * cot cert import's transaction, under the project lock: the journal must allow
 * cert-received on date (cert-requested recorded, date not in the future), else
 * COT_FINDINGS or COT_USAGE; when cert-received is recorded already this is a renewal
 * (a date in the future is COT_USAGE). Unless leaf is the current certificate already
 * (r->same: nothing changes), it is stored (certstore_write) and then recorded: step
 * cert-received, or a cert-imported event with data's "date" set; data's "sha256" is
 * set to the leaf's. When the record
 * fails the new file is removed again. data (the record's data) is stolen.
 */
int certstore_import(const struct project *p, X509 *leaf, STACK_OF(X509) *chain, const char *date,
	json_t *data, struct certstore_import *r, struct cot_err *err);

/* Removes a file certstore_write created (to undo a store whose journal record failed). */
void certstore_remove(const struct project *p, const char *sha256);

/*
 * Loads the stored certificate sha256 into out (initialised, empty). A file
 * that is missing is COT_ENV (the store lost a file the journal names); one
 * whose leaf has another SHA-256, or that holds private key material, is
 * COT_USAGE. Messages name the file.
 */
int certstore_load(
	const struct project *p, const char *sha256, struct cert_bundle *out, struct cot_err *err);

/* Where the organisation certificate stands, for cot status and monitoring. */
enum cert_state {
	CERT_STATE_NONE,	  /* not requested */
	CERT_STATE_REQUESTED,	  /* requested, not received */
	CERT_STATE_RECEIVED_ONLY, /* cert-received recorded, no certificate imported */
	CERT_STATE_VALID,
	CERT_STATE_RENEW, /* inside eHealth's renewal window */
	CERT_STATE_EXPIRED,
	CERT_STATE_NOT_YET_VALID,
	CERT_STATE_MISMATCH,   /* its identifier is not the organisation's (cot.yaml) */
	CERT_STATE_UNREADABLE, /* the stored file is missing or damaged */
};

struct cert_summary {
	enum cert_state state;
	struct cert_current cur;
	char identifier[2 * EHEALTH_VALUE_MAX + 2]; /* "CBE=0566988259", "" when unknown */
	char name[EHEALTH_VALUE_MAX + 1];	    /* the organisation name OU */
	time_t not_before, not_after;
	long days_left;		/* whole days from now to notAfter (negative: expired) */
	char renewal_opens[11]; /* notAfter - CERT_RENEWAL_DAYS */
	char not_after_date[11];
	char why[1024]; /* for MISMATCH and UNREADABLE: the reason */
};

/* The state name used in JSON: "none", "requested", "received-only", "valid", "renew",
 * "expired", "not-yet-valid", "mismatch", "unreadable". */
const char *cert_state_name(enum cert_state s);

/*
 * Summarises the project's certificate from the journal j at time now: the
 * current certificate is loaded from the store and checked for validity,
 * the renewal window and the organisation (cot.yaml's KBO and NIHII). A
 * store problem is a state (UNREADABLE, with why), not an error. COT_ENV
 * only on out of memory.
 */
int certstore_summary(const struct project *p, const struct journal *j, time_t now,
	struct cert_summary *s, struct cot_err *err);

/* One sentence of advice for s in language l (en, nl, fr), into out. */
void certstore_advice(const struct cert_summary *s, enum lang l, char *out, size_t len);

#endif
