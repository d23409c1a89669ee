/*
 * The authority's countersignature (EN 319 162-1: a second ASiCManifest and
 * CAdES signature over the organisation's), and the organisation's check of
 * the countersigned container the FOD returns.
 */
#ifndef COT_COUNTERSIGN_H
#define COT_COUNTERSIGN_H

#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "cot/exit.h"
#include "cot/project.h"
#include "cot/tsp.h"

#define COUNTERSIGN_SUFFIX "-countersigned"

/* How to countersign; everything borrowed. */
struct countersign_opts {
	STACK_OF(X509) *anchors;     /* the organisation's trust anchors, for verify_file */
	STACK_OF(X509) *tsa_anchors; /* for the bundle's time-stamps (may be NULL) */
	EVP_PKEY *key;		     /* the FOD's signing key and certificate */
	X509 *cert;
	STACK_OF(X509) *chain;		    /* included after cert; may be NULL */
	const struct tsp_opts *tsa;	    /* a signature time-stamp from this TSA; NULL: none */
	time_t now;			    /* the validation and signing time */
	const struct verify_policy *policy; /* the authority's requirement sets and register,
					       as cot verify uses them (policy.h) */
};

/* What countersign_bundle did. */
struct countersign_result {
	char verdict[96];   /* the bundle's verdict: "TOTAL-PASSED", "INDETERMINATE/…" */
	char manifest[64];  /* the manifest added, "META-INF/ASiCManifest002.xml" */
	char signature[64]; /* its signature, "META-INF/signature002.p7s" */
	size_t covered;	    /* references of the new manifest */
	uint64_t size;	    /* of the container written */
	char sha256[65];
};

/*
 * The default output for bundle: its name with COUNTERSIGN_SUFFIX before a
 * final ".asice" (appended with ".asice" otherwise). A new string; NULL when
 * out of memory.
 */
char *countersign_default_out(const char *bundle);

/*
 * Verifies in (verify_file with o's anchors, at o->now) and, only when it is
 * TOTAL-PASSED, writes out: every entry of in, copied raw (compressed bytes,
 * names, times, attributes unchanged), then META-INF/ASiCManifestNNN.xml (the
 * first NNN from 002 whose manifest and signature names are free) with the
 * SigReference META-INF/signatureNNN.p7s and a SHA-256 DataObjectReference
 * for every data object of the organisation's manifest, for that manifest
 * and for its signature; then the CAdES signature of it by o->key/o->cert
 * (B-T with o->tsa). out is written beside itself, synced and renamed (zipout.h):
 * on failure nothing is left. The key is used, never written.
 * COT_FINDINGS: in is not TOTAL-PASSED (r->verdict, and err, name it);
 * COT_USAGE: in unreadable, out is in, key and cert differ, a TSA refused;
 * COT_ENV: writing failed, out of memory.
 */
int countersign_bundle(const char *in, const char *out, const struct countersign_opts *o,
	struct countersign_result *r, struct cot_err *err);

/* What countersign_check found in a returned container. */
struct countersign_check {
	char verdict[96];     /* verify_file's verdict of the returned container */
	char signer[512];     /* the countersigner's subject (RFC 2253) */
	char manifest[256];   /* the countersignature's manifest */
	char submitted[4096]; /* the submitted bundle it was compared with (as recorded) */
	char sha256[65];      /* of the returned container */
};

/*
 * Checks that returned is the FOD's countersignature of the bundle project
 * p submitted: every signature TOTAL-PASSED (verify_file at now, anchors:
 * cot.yaml's certificate and authority trust); the organisation's manifest
 * and signature byte-identical to those of the bundle the journal's
 * "submitted" record (or a later re-send) names, whose SHA-256 must still be
 * the one recorded; a countersignature whose manifest covers both, whose
 * signer chains at now to cot.yaml's "authority: trust:" anchors.
 * COT_FINDINGS with what differs; COT_USAGE: no authority anchors, nothing
 * submitted, files unreadable; COT_ENV out of memory.
 */
int countersign_check(const struct project *p, const char *returned, time_t now,
	struct countersign_check *r, struct cot_err *err);

#endif
