/* A certificate as cot cert shows it: read from a file or the store, as text or cot.cert/1 JSON. */
#ifndef COT_CERTSHOW_H
#define COT_CERTSHOW_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <jansson.h>
#include "cot/cert.h"
#include "cot/certstore.h"

/* A certificate read from a file or the store, with what cot makes of it. */
struct cert_view {
	struct cert_bundle b;
	struct cert_info info;
	struct ehealth_subject subj;
	bool subj_ok;
	char subj_why[sizeof(((struct cot_err *)0)->msg)];
	char *label;		 /* the file as shown; owned */
	struct cert_current cur; /* for the project's certificate */
	bool from_store;
};

void cert_view_init(struct cert_view *v);
void cert_view_release(struct cert_view *v);

/*
 * Fills v->info and v->subj from v->b.leaf. An eHealth subject that cannot be read is no
 * error (subj_ok false, subj_why says why); COT_USAGE or COT_ENV when the certificate
 * cannot be described at all.
 */
int cert_view_describe(struct cert_view *v, struct cot_err *err);

/* The cot.cert/1 JSON object of v at time now; the caller's. */
json_t *certshow_json(const struct cert_view *v, time_t now);

/*
 * v for people, to f, in the current language: a line naming it, then one "key value"
 * row per property (identity, validity and renewal window at now, key, usages, chain,
 * keystore). Text from the certificate is escaped for a terminal.
 */
void certshow_text(FILE *f, const struct cert_view *v, time_t now);

#endif
