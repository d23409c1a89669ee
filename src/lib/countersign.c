/* The FOD's countersignature of a bundle, and the organisation's check of the returned container.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>
#include "cot/asice.h"
#include "cot/cades.h"
#include "cot/cert.h"
#include "cot/countersign.h"
#include "cot/checklist.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/policy.h"
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "cot/mem.h"
#include "cot/procedure.h"
#include "cot/submit.h"
#include "cot/trust.h"
#include "cot/verify.h"
#include "cot/zip-load.h"
#include "cot/zipout.h"

#define MANIFEST_MIME "text/xml"
#define MAX_NUMBER 999

char *countersign_default_out(const char *bundle)
{
	size_t n = strlen(bundle), base = n;
	char *out;

	if (n > 6 && strcmp(bundle + n - 6, ".asice") == 0)
		base = n - 6;
	out = malloc(n + sizeof(COUNTERSIGN_SUFFIX) + 6);
	if (out)
		sprintf(out, "%.*s%s.asice", (int)base, bundle, COUNTERSIGN_SUFFIX);
	return out;
}

static void verdict_of(const struct vresult *v, char *out, size_t len)
{
	snprintf(out, len, "%s%s%s", indication_name(v->ind), v->sub ? "/" : "",
		v->sub ? v->sub : "");
}

/* The organisation's signature: the first that countersigns no other. */
static const struct vsig *primary_sig(const struct vresult *v)
{
	for (size_t k = 0; k < v->nsigs; k++)
		if (!v->sigs[k].countersignature && v->sigs[k].signature[0])
			return &v->sigs[k];
	return NULL;
}

/* Verifies path: COT_OK only for TOTAL-PASSED with an organisation's signature. */
static int verify_passed(const char *path, const struct verify_opts *vo, struct vresult *v,
	char *verdict, size_t len, struct cot_err *err)
{
	int rc = verify_load(err);

	if (rc)
		return rc;
	verify_file(path, vo, v);
	if (v->unreadable)
		return cot_err_set(err, COT_USAGE, _("cannot read '%s'"), path);
	verdict_of(v, verdict, len);
	if (v->ind != IND_TOTAL_PASSED)
		/* TRANSLATORS: a bundle, then its ETSI indication (TOTAL-FAILED, INDETERMINATE) */
		return cot_err_set(err, COT_FINDINGS, _("'%s' is %s"), path, verdict);
	if (!primary_sig(v))
		return cot_err_set(
			err, COT_FINDINGS, _("'%s' holds no organisation's signature"), path);
	return COT_OK;
}

static int hash_chunk(const void *data, size_t len, void *arg)
{
	return EVP_DigestUpdate(arg, data, len) == 1 ? 0 : COT_ENV;
}

/* SHA-256 of entry name's bytes. */
static int entry_sha256(
	struct asice_archive *a, const char *name, unsigned char out[32], struct cot_err *err)
{
	long i = asice_find(a, name);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc;

	if (i < 0)
		rc = cot_err_set(err, COT_USAGE, _("'%s' is not in the container"), name);
	else if (!md || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
		rc = cot_err_nomem(err);
	else if (!(rc = asice_stream(a, (size_t)i, VERIFY_MAX_ENTRY, hash_chunk, md, err)) &&
		 EVP_DigestFinal_ex(md, out, NULL) != 1)
		rc = cot_err_set(err, COT_ENV, _("cannot compute a SHA-256"));
	EVP_MD_CTX_free(md);
	return rc;
}

/* Loads and parses the manifest entry name. */
static int load_manifest(
	struct asice_archive *a, const char *name, struct asice_manifest *m, struct cot_err *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	long i = asice_find(a, name);
	int rc;

	if (i < 0)
		return cot_err_set(err, COT_USAGE, _("'%s' is not in the container"), name);
	rc = asice_load(a, (size_t)i, ASICE_MANIFEST_MAX, &data, &len, err);
	if (!rc)
		rc = asice_manifest_parse(data, len, m, err);
	free(data);
	return rc;
}

/* The items of the countersignature's manifest: the organisation's, its manifest, its signature. */
static int cover_items(struct asice_archive *a, const struct vsig *org,
	const struct asice_manifest *m, struct asice_item *items, struct cot_err *err)
{
	int rc = COT_OK;

	for (size_t k = 0; k < m->n && !rc; k++) {
		items[k].name = m->refs[k].uri;
		items[k].mime = m->refs[k].mime ? m->refs[k].mime : "application/octet-stream";
		rc = entry_sha256(a, m->refs[k].uri, items[k].sha256, err);
	}
	items[m->n] = (struct asice_item){.name = org->manifest, .mime = MANIFEST_MIME};
	items[m->n + 1] = (struct asice_item){.name = org->signature, .mime = ASICE_SIG_MIME};
	if (!rc)
		rc = entry_sha256(a, org->manifest, items[m->n].sha256, err);
	if (!rc)
		rc = entry_sha256(a, org->signature, items[m->n + 1].sha256, err);
	return rc;
}

/* The first NNN from 002 whose manifest and signature names are both free. */
static int free_names(
	const struct asice_archive *a, struct countersign_result *r, struct cot_err *err)
{
	for (unsigned k = 2; k <= MAX_NUMBER; k++) {
		snprintf(r->manifest, sizeof(r->manifest), "META-INF/ASiCManifest%03u.xml", k);
		snprintf(r->signature, sizeof(r->signature), "META-INF/signature%03u.p7s", k);
		if (asice_find(a, r->manifest) < 0 && asice_find(a, r->signature) < 0)
			return COT_OK;
	}
	return cot_err_set(err, COT_USAGE, _("no free manifest number up to %d"), MAX_NUMBER);
}

/* The manifest and its signature (time-stamped with o->tsa). */
static int sign_manifest(const struct countersign_opts *o, const char *manifest, size_t len,
	unsigned char **sig, size_t *sig_len, struct cot_err *err)
{
	struct tsp_result tr;
	unsigned char *der = NULL;
	size_t der_len = 0;
	int rc;

	rc = cades_sign(manifest, len, o->key, o->cert, o->chain, o->now, &der, &der_len, err);
	if (rc || !o->tsa) {
		*sig = der;
		*sig_len = der_len;
		return rc;
	}
	tsp_result_init(&tr);
	rc = tsp_stamp_cades(o->tsa, der, der_len, o->now, sig, sig_len, &tr, err);
	OPENSSL_free(der);
	return rc;
}

static const char *zmsg(zip_t *za)
{
	return zip_api.error_strerror(zip_api.get_error(za));
}

/* Adds entry i of in to out, its compressed bytes as they are, with its attributes. */
static int copy_entry(zip_t *out, zip_t *in, zip_uint64_t i, struct cot_err *err)
{
	const char *name = zip_api.get_name(in, i, ZIP_FL_ENC_RAW);
	zip_source_t *src = name ? zip_api.source_zip(out, in, i, ZIP_FL_COMPRESSED, 0, -1) : NULL;
	zip_int64_t idx = src ? zip_api.file_add(out, name, src, ZIP_FL_ENC_RAW) : -1;
	zip_uint8_t opsys;
	zip_uint32_t attr;
	zip_stat_t st;

	if (idx < 0) {
		zip_api.source_free(src);
		return cot_err_set(err, COT_ENV, _("cannot copy entry %llu: %s"),
			(unsigned long long)i, zmsg(out));
	}
	/* the entry's own method: libzip would deflate a stored entry otherwise */
	if (zip_api.stat_index(in, i, 0, &st) < 0 || !(st.valid & ZIP_STAT_COMP_METHOD) ||
		zip_api.set_file_compression(
			out, (zip_uint64_t)idx, (zip_int32_t)st.comp_method, 0) < 0 ||
		zip_api.file_get_external_attributes(in, i, 0, &opsys, &attr) < 0 ||
		zip_api.file_set_external_attributes(out, (zip_uint64_t)idx, 0, opsys, attr) < 0)
		return cot_err_set(err, COT_ENV, _("cannot copy '%s': %s"), name, zmsg(out));
	return COT_OK;
}

/* Adds a new entry from memory (borrowed until zip_close). */
static int add_new(zip_t *out, const char *name, const void *data, size_t len, bool store, time_t t,
	struct cot_err *err)
{
	zip_source_t *src = zip_api.source_buffer(out, data, len, 0);
	zip_int64_t idx = src ? zip_api.file_add(out, name, src, ZIP_FL_ENC_UTF_8) : -1;

	if (idx < 0) {
		zip_api.source_free(src);
		return cot_err_set(err, COT_ENV, _("cannot add '%s': %s"), name, zmsg(out));
	}
	if (zip_api.set_file_compression(out, (zip_uint64_t)idx,
		    store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 6) < 0 ||
		zip_api.file_set_mtime(out, (zip_uint64_t)idx, t, 0) < 0 ||
		zip_api.file_set_external_attributes(
			out, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0)
		return cot_err_set(err, COT_ENV, _("cannot set up '%s': %s"), name, zmsg(out));
	return COT_OK;
}

struct added {
	const char *manifest;
	size_t manifest_len;
	const unsigned char *sig;
	size_t sig_len;
};

/* Writes out: in's entries as they are, then the new manifest and signature. */
static int write_container(const char *out, struct asice_archive *a, const struct added *ad,
	const struct countersign_opts *o, struct countersign_result *r, struct cot_err *err)
{
	struct zipout *zo = NULL;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	zip_int64_t n = zip_api.get_num_entries(a->za, 0);
	unsigned char sha[32];
	int rc = COT_OK;

	zip_api.error_init(&ze);
	src = zipout_create(out, &zo, &ze);
	if (src && !(za = zip_api.open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &ze)))
		zip_api.source_free(src);
	if (!za) {
		rc = cot_err_set(
			err, COT_ENV, _("cannot write '%s': %s"), out, zip_api.error_strerror(&ze));
		goto out;
	}
	for (zip_int64_t i = 0; i < n && !rc; i++)
		rc = copy_entry(za, a->za, (zip_uint64_t)i, err);
	if (!rc)
		rc = add_new(za, r->manifest, ad->manifest, ad->manifest_len, false, o->now, err);
	if (!rc)
		rc = add_new(za, r->signature, ad->sig, ad->sig_len, true, o->now, err);
	if (rc) {
		zip_api.discard(za);
		goto out;
	}
	if (zip_api.close(za) < 0) {
		rc = cot_err_set(err, COT_ENV, _("cannot write '%s': %s"), out, zmsg(za));
		zip_api.discard(za);
		goto out;
	}
	zipout_result(zo, &r->size, sha);
	for (int k = 0; k < 32; k++)
		sprintf(r->sha256 + 2 * k, "%02x", sha[k]);
out:
	zip_api.error_fini(&ze);
	if (zo)
		zipout_free(zo);
	return rc;
}

/* out must not be in itself: the original stays as it was. */
static int check_out(const char *in, const char *out, struct cot_err *err)
{
	char *a = realpath(in, NULL), *b = realpath(out, NULL);
	bool same = a && b && strcmp(a, b) == 0;

	free(a);
	free(b);
	if (same)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is the bundle itself: write the returned "
			  "container to another file"),
			out);
	return fs_output_file_ok(out, err);
}

int countersign_bundle(const char *in, const char *out, const struct countersign_opts *o,
	struct countersign_result *r, struct cot_err *err)
{
	struct verify_opts vo = {.anchors = o->anchors,
		.tsa_anchors = o->tsa_anchors,
		.now = o->now,
		.policy = o->policy};
	struct asice_archive a;
	struct asice_manifest m;
	struct asice_item *items = NULL;
	struct added ad = {0};
	unsigned char *sig = NULL;
	char *manifest = NULL;
	struct vresult v;
	const struct vsig *org;
	int rc;

	memset(r, 0, sizeof(*r));
	vresult_init(&v);
	asice_archive_init(&a);
	asice_manifest_init(&m);
	if ((rc = zip_load(err)) || (rc = check_out(in, out, err)) ||
		(rc = verify_passed(in, &vo, &v, r->verdict, sizeof(r->verdict), err)))
		goto out;
	org = primary_sig(&v);
	if ((rc = asice_open_file(in, &a, err)) ||
		(rc = load_manifest(&a, org->manifest, &m, err)) || (rc = free_names(&a, r, err)))
		goto out;
	items = xcalloc(m.n + 2, sizeof(*items));
	if ((rc = cover_items(&a, org, &m, items, err)))
		goto out;
	r->covered = m.n + 2;
	manifest = asice_manifest_render_sig(items, m.n + 2, r->signature, &ad.manifest_len);
	if (!manifest) {
		rc = cot_err_nomem(err);
		goto out;
	}
	ad.manifest = manifest;
	if ((rc = sign_manifest(o, manifest, ad.manifest_len, &sig, &ad.sig_len, err)))
		goto out;
	ad.sig = sig;
	rc = write_container(out, &a, &ad, o, r, err);
out:
	OPENSSL_free(sig);
	free(manifest);
	free(items);
	asice_manifest_release(&m);
	asice_archive_release(&a);
	vresult_release(&v);
	return rc;
}

/* ---- the organisation's side ---------------------------------------------------------- */

/* The bundle the journal says was submitted last: its path (as recorded) and SHA-256. */
static int submitted_bundle(
	const struct project *p, struct countersign_check *r, char sha[65], struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	struct procedure pr;
	int i = step_index(p->cfg.route, SUBMIT_STEP);
	const char *path = NULL, *hex = NULL;
	int rc = project_journal_load(p, &j, err);

	if (rc)
		return rc;
	procedure_derive(p->cfg.route, &j, &pr);
	for (size_t k = 0; i >= 0 && pr.steps[i].done && k < j.n; k++) {
		json_t *d = json_object_get(j.v[k].obj, "data");
		if (j.v[k].seq < pr.steps[i].seq ||
			(j.v[k].seq != pr.steps[i].seq && strcmp(j.v[k].event, SUBMIT_RESENT) != 0))
			continue;
		path = json_string_value(json_object_get(d, "bundle"));
		if (!path)
			path = json_string_value(json_object_get(d, "file"));
		hex = json_string_value(json_object_get(d, "sha256"));
	}
	if (i < 0 || !pr.steps[i].done)
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' is not recorded: there is no submitted bundle "
			  "to compare with"),
			SUBMIT_STEP);
	else if (!path || !hex || strlen(hex) != 64)
		rc = cot_err_set(err, COT_USAGE,
			_("the journal's '%s' record names no bundle (record "
			  "it with 'cot submit', or 'cot done %s --file BUNDLE')"),
			SUBMIT_STEP, SUBMIT_STEP);
	else if (snprintf(r->submitted, sizeof(r->submitted), "%s", path) >=
		 (int)sizeof(r->submitted))
		rc = cot_err_set(err, COT_USAGE, _("the submitted bundle's name is too long"));
	else
		memcpy(sha, hex, 65);
	journal_release(&j);
	return rc;
}

/* The project's anchors: certificate trust and authority trust in all, authority alone. */
static int load_anchors(
	const struct project *p, STACK_OF(X509) *all, STACK_OF(X509) *auth, struct cot_err *err)
{
	int rc;

	if (!p->cfg.authority_trust.n)
		return cot_err_set(err, COT_USAGE,
			_("cot.yaml names no authority trust anchors "
			  "(authority: trust:): cot cannot tell the FOD's countersignature"));
	if ((rc = trust_load(p->root, &p->cfg.authority_trust, auth, err)) ||
		(rc = trust_load(p->root, &p->cfg.trust, all, err)))
		return rc;
	for (int k = 0; k < sk_X509_num(auth); k++) {
		X509 *x = sk_X509_value(auth, k);
		if (!X509_up_ref(x) || !sk_X509_push(all, x)) {
			X509_free(x);
			return cot_err_nomem(err);
		}
	}
	return COT_OK;
}

/* Entry name of a, loaded (at most max bytes). */
static int load_entry(struct asice_archive *a, const char *file, const char *name, size_t max,
	unsigned char **data, size_t *len, struct cot_err *err)
{
	long i = asice_find(a, name);

	if (i < 0)
		return cot_err_set(err, COT_FINDINGS, _("'%s' holds no '%s'"), file, name);
	return asice_load(a, (size_t)i, max, data, len, err);
}

/* name is byte-identical in the returned container and in the submitted bundle. */
static int same_entry(struct asice_archive *ret, struct asice_archive *sub, const char *returned,
	const char *submitted, const char *name, size_t max, struct cot_err *err)
{
	unsigned char *x = NULL, *y = NULL;
	size_t nx = 0, ny = 0;
	int rc = load_entry(ret, returned, name, max, &x, &nx, err);

	if (!rc)
		rc = load_entry(sub, submitted, name, max, &y, &ny, err);
	if (!rc && (nx != ny || memcmp(x, y, nx) != 0))
		rc = cot_err_set(err, COT_FINDINGS,
			_("'%s' in '%s' is not the one of the submitted "
			  "bundle '%s': it countersigns another bundle"),
			name, returned, submitted);
	free(x);
	free(y);
	return rc;
}

static bool covers(const struct asice_manifest *m, const char *name)
{
	for (size_t k = 0; k < m->n; k++)
		if (strcmp(m->refs[k].uri, name) == 0)
			return true;
	return false;
}

/*
 * Countersignature s of the returned container: its manifest covers org's manifest and
 * signature, its signer chains to auth at now. COT_FINDINGS with why otherwise.
 */
static int check_counter(struct asice_archive *a, const char *file, const struct vsig *s,
	const struct vsig *org, STACK_OF(X509) *auth, time_t now, struct cot_err *err)
{
	struct asice_manifest m;
	struct cades_result cr;
	unsigned char *man = NULL, *der = NULL;
	size_t man_len = 0, der_len = 0;
	int rc;

	asice_manifest_init(&m);
	cades_result_init(&cr);
	rc = load_entry(a, file, s->manifest, ASICE_MANIFEST_MAX, &man, &man_len, err);
	if (!rc)
		rc = asice_manifest_parse(man, man_len, &m, err);
	if (!rc && (!covers(&m, org->manifest) || !covers(&m, org->signature)))
		rc = cot_err_set(err, COT_FINDINGS,
			_("the countersignature '%s' does not cover the "
			  "organisation's '%s' and '%s'"),
			s->manifest, org->manifest, org->signature);
	if (!rc)
		rc = load_entry(a, file, s->signature, CADES_MAX_DER, &der, &der_len, err);
	if (!rc)
		rc = cades_verify(der, der_len, man, man_len, &cr, err);
	if (!rc && (cr.fail || !cr.signer))
		rc = cot_err_set(err, COT_FINDINGS, _("the countersignature '%s': %s"),
			s->signature, cr.why);
	if (!rc && (rc = cert_verify_chain_anchors(cr.signer, cr.certs, auth, now, err)))
		cot_err_prefix(err,
			_("the countersignature '%s' is by '%s', which does not chain to "
			  "the authority's trust anchors"),
			s->signature, s->signer);
	if (rc == COT_USAGE)
		rc = COT_FINDINGS;
	cades_result_release(&cr);
	asice_manifest_release(&m);
	free(man);
	free(der);
	return rc;
}

/* The first countersignature that passes check_counter; its error when none does. */
static int find_counter(struct asice_archive *a, const char *file, const struct vresult *v,
	STACK_OF(X509) *auth, time_t now, struct countersign_check *r, struct cot_err *err)
{
	const struct vsig *org = primary_sig(v);
	int rc = cot_err_set(err, COT_FINDINGS, _("'%s' holds no countersignature"), file);

	for (size_t k = 0; k < v->nsigs; k++) {
		if (!v->sigs[k].countersignature)
			continue;
		rc = check_counter(a, file, &v->sigs[k], org, auth, now, err);
		if (rc == COT_OK) {
			snprintf(r->signer, sizeof(r->signer), "%s", v->sigs[k].signer);
			snprintf(r->manifest, sizeof(r->manifest), "%s", v->sigs[k].manifest);
			return COT_OK;
		}
		if (rc != COT_FINDINGS)
			return rc;
	}
	return rc;
}

/* The returned container against the submitted bundle and the authority's anchors. */
static int check_against(const char *returned, const char *subpath, const struct vresult *v,
	STACK_OF(X509) *auth, time_t now, struct countersign_check *r, struct cot_err *err)
{
	const struct vsig *org = primary_sig(v);
	struct asice_archive ra, sa;
	int rc;

	asice_archive_init(&ra);
	asice_archive_init(&sa);
	if (!(rc = asice_open_file(returned, &ra, err)) &&
		!(rc = asice_open_file(subpath, &sa, err)) &&
		!(rc = same_entry(&ra, &sa, returned, r->submitted, org->manifest,
			  ASICE_MANIFEST_MAX, err)) &&
		!(rc = same_entry(
			  &ra, &sa, returned, r->submitted, org->signature, CADES_MAX_DER, err)))
		rc = find_counter(&ra, returned, v, auth, now, r, err);
	asice_archive_release(&ra);
	asice_archive_release(&sa);
	return rc;
}

/* The sets the returned container is judged by: the shipped one and the project's own. */
static int project_policy(const struct project *p, struct verify_policy *pol, struct cot_err *err)
{
	struct cot_err none = COT_ERR_INIT;
	char *path = NULL;
	int rc = policy_add_shipped(pol, err);

	/* A project whose set cannot be found has answers no set judges: verify says so. */
	if (!rc && checklist_project_set(p, &path, &none) == COT_OK)
		rc = policy_add_set(pol, path, true, err);
	free(path);
	return rc;
}

int countersign_check(const struct project *p, const char *returned, time_t now,
	struct countersign_check *r, struct cot_err *err)
{
	STACK_OF(X509) *all = sk_X509_new_null(), *auth = sk_X509_new_null();
	struct verify_opts vo = {.now = now};
	struct verify_policy pol;
	struct vresult v;
	char sha[65], now_sha[65];
	char *subpath = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	vresult_init(&v);
	policy_init(&pol);
	if (!all || !auth) {
		rc = cot_err_nomem(err);
		goto out;
	}
	if ((rc = zip_load(err)) || (rc = load_anchors(p, all, auth, err)) ||
		(rc = submitted_bundle(p, r, sha, err)))
		goto out;
	subpath = path_join(p->root, r->submitted);
	if ((rc = fs_sha256(subpath, now_sha, err))) {
		/* TRANSLATORS: the reason follows after a colon */
		cot_err_prefix(err, _("the submitted bundle '%s'"), r->submitted);
		goto out;
	}
	if (strcmp(sha, now_sha) != 0) {
		rc = cot_err_set(err, COT_USAGE,
			_("the submitted bundle '%s' has changed since it was "
			  "submitted (SHA-256 %s, recorded %s)"),
			r->submitted, now_sha, sha);
		goto out;
	}
	vo.anchors = all;
	if ((rc = project_policy(p, &pol, err)))
		goto out;
	vo.policy = &pol;
	if ((rc = verify_passed(returned, &vo, &v, r->verdict, sizeof(r->verdict), err)))
		goto out;
	memcpy(r->sha256, v.sha256, sizeof(r->sha256));
	rc = check_against(returned, subpath, &v, auth, now, r, err);
out:
	free(subpath);
	vresult_release(&v);
	policy_release(&pol);
	sk_X509_pop_free(all, X509_free);
	sk_X509_pop_free(auth, X509_free);
	return rc;
}
