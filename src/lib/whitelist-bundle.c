/* The organisation of a submitted bundle, taken only from one that passes every check of cot
 * verify. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/i18n.h"
#include "cot/verify.h"
#include "cot/whitelist.h"
#include "cot/zip-load.h"

/* "manifest-digests, signer-chain: first message" for the checks that did not pass. */
static void what_failed(const struct vresult *r, char *out, size_t len)
{
	const char *first = NULL;
	size_t n = 0;

	out[0] = '\0';
	for (int c = 0; c < VC_COUNT; c++) {
		if (r->c[c].status != VS_FAILED && r->c[c].status != VS_INDETERMINATE)
			continue;
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%s", n ? ", " : "",
			vcheck_id((enum vcheck)c));
		if (!first && r->c[c].lines.data)
			first = r->c[c].lines.data;
	}
	if (first && n < len)
		snprintf(out + n, len - n, ": %.*s", (int)strcspn(first, "\n"), first);
}

/* A bundle of the other kind: named as such before its verdict, which it cannot change. */
static int wrong_kind(
	const char *path, const struct vresult *r, enum org_kind want, struct cot_err *err)
{
	const struct submission *s = &r->sub_xml;

	if (want == KIND_ORGANISATION)
		return cot_err_set(err, COT_USAGE,
			_("the bundle '%s' is a vendor's request for '%s' %s: add it with "
			  "--software"),
			path, s->product, s->product_version);
	return cot_err_set(err, COT_USAGE,
		_("the bundle '%s' is an organisation's, not a vendor's request: add it "
		  "without --software"),
		path);
}

/*
 * Runs every check of cot verify on path into r: COT_OK only for a bundle of kind want that
 * is TOTAL-PASSED.
 */
static int verified(const char *path, const struct verify_opts *o, enum org_kind want,
	struct vresult *r, struct cot_err *err)
{
	char why[700];

	if (zip_load(err))
		return COT_ENV;
	verify_file(path, o, r);
	if (r->has_submission && r->sub_xml.kind != want)
		return wrong_kind(path, r, want, err);
	if (r->unreadable) {
		what_failed(r, why, sizeof(why));
		return why[0] ? cot_err_set(err, COT_USAGE, _("cannot read the bundle '%s': %s"),
					path, why)
			      : cot_err_set(err, COT_USAGE, _("cannot read the bundle '%s'"), path);
	}
	if (r->ind != IND_TOTAL_PASSED) {
		what_failed(r, why, sizeof(why));
		/* TRANSLATORS: the bundle, its ETSI indication (and sub-indication), then the
		   checks that failed: these are ids, not translated */
		return cot_err_set(err, COT_FINDINGS,
			_("the bundle '%s' does not pass verification "
			  "(%s%s%s): %s"),
			path, indication_name(r->ind), r->sub ? ", " : "", r->sub ? r->sub : "",
			why);
	}
	return r->has_submission ? COT_OK : cot_err_nomem(err);
}

int whitelist_org_from_bundle(const char *path, STACK_OF(X509) *anchors,
	const struct verify_policy *policy, time_t now, struct wl_org *out, struct cot_err *err)
{
	struct verify_opts o = {.anchors = anchors, .now = now, .policy = policy};
	struct vresult r;
	int rc;

	memset(out, 0, sizeof(*out));
	vresult_init(&r);
	rc = verified(path, &o, KIND_ORGANISATION, &r, err);
	if (!rc && !(out->name = strdup(r.sub_xml.name)))
		rc = cot_err_nomem(err);
	if (!rc) {
		memcpy(out->kbo, r.sub_xml.kbo, sizeof(out->kbo));
		/* A warning of signer-identifier: the NIHII is not proven, so not taken. */
		if (strlen(r.sub_xml.nihii) == NIHII_ORG_LEN &&
			r.c[VC_SIGNER_ID].status == VS_PASSED)
			memcpy(out->nihii, r.sub_xml.nihii, sizeof(out->nihii));
		memcpy(out->bundle, r.sha256, sizeof(out->bundle));
	}
	vresult_release(&r);
	return rc;
}

int whitelist_software_from_bundle(const char *path, STACK_OF(X509) *anchors,
	const struct verify_policy *policy, const struct kmehr_schema *kmehr, time_t now,
	struct wl_software *out, struct cot_err *err)
{
	struct verify_opts o = {.anchors = anchors, .now = now, .policy = policy, .kmehr = kmehr};
	struct vresult r;
	int rc;

	memset(out, 0, sizeof(*out));
	vresult_init(&r);
	rc = verified(path, &o, KIND_VENDOR, &r, err);
	if (!rc && (!(out->product = strdup(r.sub_xml.product)) ||
			   !(out->version = strdup(r.sub_xml.product_version))))
		rc = cot_err_nomem(err);
	if (!rc) {
		memcpy(out->vendor, r.sub_xml.kbo, sizeof(out->vendor));
		memcpy(out->bundle, r.sha256, sizeof(out->bundle));
	} else {
		wl_software_release(out);
	}
	vresult_release(&r);
	return rc;
}
