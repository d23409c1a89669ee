/* Unit tests of verify: containers made here, checked in memory and on disk; the verdict and the
 * reports. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cot/asice.h"
#include "cot/bundle.h"
#include "cot/fsutil.h"
#include "cot/testpki.h"
#include "cot/verify.h"
#include "helpers.h"

static const time_t when = 1795300000;
static X509 *ca, *org, *other;
static EVP_PKEY *ca_key, *org_key, *other_key;
static STACK_OF(X509) *anchors;
static char *dir;

static void setup(void)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org o = {"CBE", "0403019261", "MAISON SAINTE-ELISABETH", NULL,
		when - 86400 * 30, when + 86400 * 365};
	struct testpki_org x = {"CBE", "0566988259", "ANDERE", NULL, when - 86400, when + 86400};

	cr_assert_eq(testpki_make_ca("verify test CA", NULL, NULL, when - 86400 * 365,
			     when + 86400 * 3650, &ca, &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &org, &org_key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&x, ca, ca_key, &other, &other_key, &err), COT_OK);
	anchors = sk_X509_new_null();
	X509_up_ref(ca);
	sk_X509_push(anchors, ca);
	dir = test_tmpdir();
}

static void teardown(void)
{
	X509_free(ca);
	X509_free(org);
	X509_free(other);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(org_key);
	EVP_PKEY_free(other_key);
	sk_X509_pop_free(anchors, X509_free);
	test_rmtree(dir);
	free(dir);
}

TestSuite(verify, .init = setup, .fini = teardown);

static const char pdf1[] = "%PDF-1.4\n% BelRAI contract\n%%EOF\n";
static const char pdf2[] = "%PDF-1.4\n% Vitalink contract\n%%EOF\n";

/* A route vitalink bundle for KBO kbo signed by cert/key (NULL: unsigned), in memory. */
static char *make(X509 *cert, EVP_PKEY *key, const char *kbo, size_t *len)
{
	struct submission s;
	struct asice_signer sg = {key, cert, NULL};
	struct asice_write_opts o = {.time = when, .signer = cert ? &sg : NULL};
	struct asice_written w;
	struct asice_item it[3];
	struct cot_err err = COT_ERR_INIT;
	char *out = test_path(dir, "b.asice"), *xml, *data;
	size_t xlen;

	submission_init(&s);
	s.name = strdup("Maison");
	strcpy(s.kbo, kbo);
	s.route = ROUTE_VITALINK;
	s.docs[0] = (struct submission_doc){ROLE_BELRAI_CONTRACT, "documents/belrai-contract.pdf"};
	s.docs[1] =
		(struct submission_doc){ROLE_VITALINK_CONTRACT, "documents/vitalink-contract.pdf"};
	s.ndocs = 2;
	s.is_signed = cert != NULL;
	s.tool_version = strdup("test");
	strcpy(s.created, "2026-11-22T10:00:00Z");
	xml = submission_render(&s, &xlen);
	it[0] = (struct asice_item){.name = "documents/belrai-contract.pdf",
		.data = pdf1,
		.len = sizeof(pdf1) - 1,
		.mime = "application/pdf",
		.store = true};
	it[1] = (struct asice_item){.name = "documents/vitalink-contract.pdf",
		.data = pdf2,
		.len = sizeof(pdf2) - 1,
		.mime = "application/pdf",
		.store = true};
	it[2] = (struct asice_item){
		.name = "submission.xml", .data = xml, .len = xlen, .mime = "application/xml"};
	cr_assert_eq(asice_write(out, it, 3, &o, &w, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(fs_read(out, 1 << 20, &data, len, &err), COT_OK);
	free(xml);
	free(out);
	submission_release(&s);
	return data;
}

static void check_mem(const char *data, size_t len, STACK_OF(X509) *a, struct vresult *r)
{
	struct verify_opts o = {.anchors = a, .now = when, .policy = NULL};

	vresult_init(r);
	verify_mem("b.asice", data, len, &o, r);
}

Test(verify, a_good_bundle_passes_every_check)
{
	struct vresult r;
	size_t len;
	char *data = make(org, org_key, "0403019261", &len);

	check_mem(data, len, anchors, &r);
	/* No time-stamp (B-B) and a test PKI that names no OCSP responder or CRL: each said. */
	for (int c = 0; c < VC_COUNT; c++)
		cr_assert_eq(r.c[c].status,
			c == VC_TIMESTAMP || c == VC_REVOCATION ? VS_WARNING : VS_PASSED, "%s: %s",
			vcheck_id(c), r.c[c].lines.data);
	cr_assert_eq(r.ind, IND_TOTAL_PASSED);
	cr_assert_eq(r.nsigs, 1);
	cr_assert_str_eq(r.sigs[0].level, "B-B");
	cr_assert_eq(r.sigs[0].ind, IND_TOTAL_PASSED);
	cr_assert_null(r.sub);
	cr_assert(r.has_submission);
	cr_assert_not_null(strstr(r.signer, "CBE=0403019261"));
	cr_assert_str_eq(r.signing_time, "2026-11-21T22:26:40Z");
	vresult_release(&r);
	free(data);
}

/* Bundles of 0403019261 that are INDETERMINATE, and why: sub-indication and checks. */
static const struct indeterminate {
	const char *what;
	X509 **cert; /* the signer, NULL: unsigned */
	EVP_PKEY **key;
	bool anchored; /* checked against the test CA, or without anchors */
	const char *sub;
	size_t n;
	struct {
		enum vcheck check;
		enum vstatus status;
	} c[4];
} indeterminate[] = {
	{"without an anchor", &org, &org_key, false, "NO_CERTIFICATE_CHAIN_FOUND", 1,
		{{VC_SIGNER_CHAIN, VS_INDETERMINATE}}},
	{"unsigned", NULL, NULL, true, "NO_SIGNING_CERTIFICATE_FOUND", 4,
		{{VC_SIG_PRESENT, VS_INDETERMINATE}, {VC_SIG_VALUE, VS_SKIPPED},
			{VC_SIGNER_ID, VS_SKIPPED}, {VC_DOCUMENTS, VS_PASSED}}},
	{"signed by another organisation", &other, &other_key, true, "SIG_CONSTRAINTS_FAILURE", 2,
		{{VC_SIGNER_ID, VS_INDETERMINATE}, {VC_SIGNER_CHAIN, VS_PASSED}}},
};

Test(verify, indeterminate_with_the_reason)
{
	for (size_t i = 0; i < sizeof(indeterminate) / sizeof(indeterminate[0]); i++) {
		const struct indeterminate *t = &indeterminate[i];
		struct vresult r;
		size_t len;
		char *data = make(
			t->cert ? *t->cert : NULL, t->key ? *t->key : NULL, "0403019261", &len);

		check_mem(data, len, t->anchored ? anchors : NULL, &r);
		cr_assert_eq(r.ind, IND_INDETERMINATE, "%s", t->what);
		cr_assert_str_eq(r.sub, t->sub, "%s", t->what);
		for (size_t k = 0; k < t->n; k++)
			cr_assert_eq(r.c[t->c[k].check].status, t->c[k].status, "%s: check %zu",
				t->what, k);
		vresult_release(&r);
		free(data);
	}
}

/* A raw byte flipped in a stored entry: libzip's CRC check says so before any digest. */
Test(verify, a_flipped_byte)
{
	struct vresult r;
	size_t len;
	char *data = make(org, org_key, "0403019261", &len), *hit;

	hit = memmem(data, len, "Vitalink contract", 17);
	cr_assert_not_null(hit);
	hit[0] = 'v';
	check_mem(data, len, anchors, &r);
	cr_assert_eq(r.ind, IND_TOTAL_FAILED);
	cr_assert_eq(r.c[VC_ARCHIVE_FORMAT].status, VS_FAILED);
	cr_assert_not_null(strstr(r.c[VC_ARCHIVE_FORMAT].lines.data, "CRC"), "%s",
		r.c[VC_ARCHIVE_FORMAT].lines.data);
	vresult_release(&r);
	free(data);
}

Test(verify, every_truncation_is_reported_without_crash)
{
	size_t len;
	char *data = make(org, org_key, "0403019261", &len);

	for (size_t n = 0; n < len; n += 97) {
		struct vresult r;
		check_mem(data, n, anchors, &r);
		cr_assert_neq(r.ind, IND_TOTAL_PASSED, "truncated to %zu bytes", n);
		vresult_release(&r);
	}
	free(data);
}

Test(verify, reports)
{
	struct vresult r[2];
	struct cot_err err = COT_ERR_INIT;
	struct buf b = BUF_INIT;
	json_error_t je;
	json_t *j;
	size_t len;
	char *good = make(org, org_key, "0403019261", &len);

	check_mem(good, len, anchors, &r[0]);
	free(good);
	good = make(NULL, NULL, "0403019261", &len);
	check_mem(good, len, anchors, &r[1]);
	free(good);
	cr_assert_eq(verify_render(r, 2, VERIFY_TEXT, false, false, &b, &err), COT_OK);
	cr_assert_not_null(strstr(b.data, "b.asice: TOTAL-PASSED\n"));
	cr_assert_not_null(strstr(b.data, "b.asice: INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND\n"));
	cr_assert_not_null(strstr(b.data, "[signature-present]"));
	buf_release(&b);
	cr_assert_eq(verify_render(r, 2, VERIFY_JSON, false, false, &b, &err), COT_OK);
	j = json_loads(b.data, 0, &je);
	cr_assert_not_null(j, "%s", je.text);
	cr_assert_eq(json_integer_value(json_object_get(j, "passed")), 1);
	cr_assert_eq(json_array_size(json_object_get(
			     json_array_get(json_object_get(j, "bundles"), 0), "checks")),
		VC_COUNT);
	json_decref(j);
	buf_release(&b);
	cr_assert_eq(verify_render(r, 2, VERIFY_JUNIT, false, false, &b, &err), COT_OK);
	cr_assert_not_null(strstr(b.data, "<testsuites"));
	cr_assert_not_null(strstr(b.data, "INDETERMINATE/NO_SIGNING_CERTIFICATE_FOUND"));
	buf_release(&b);
	cr_assert_eq(verify_render(r, 2, VERIFY_HTML, true, false, &b, &err), COT_OK);
	cr_assert_not_null(strstr(b.data, "1 of 2 bundles TOTAL-PASSED"));
	cr_assert_null(strstr(b.data, "<script"));
	buf_release(&b);
	vresult_release(&r[0]);
	vresult_release(&r[1]);
}

Test(verify, files_in_parallel_keep_their_order)
{
	struct verify_opts o = {.anchors = anchors, .now = when, .policy = NULL};
	struct vresult r[6];
	struct cot_err err = COT_ERR_INIT;
	char *paths[6], name[32];
	size_t glen, blen;
	char *good = make(org, org_key, "0403019261", &glen);
	char *bad = make(other, other_key, "0403019261", &blen);

	for (int i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "p%d.asice", i);
		paths[i] = test_path(dir, name);
		cr_assert_eq(fs_write_new(paths[i], i == 3 ? bad : good, i == 3 ? blen : glen, 0644,
				     &err),
			COT_OK);
	}
	cr_assert_eq(verify_files(paths, 6, &o, 3, r, &err), COT_OK);
	for (int i = 0; i < 6; i++) {
		cr_assert_str_eq(r[i].path, paths[i]);
		cr_assert_eq(r[i].ind, i == 3 ? IND_INDETERMINATE : IND_TOTAL_PASSED, "%d", i);
		vresult_release(&r[i]);
		free(paths[i]);
	}
	free(good);
	free(bad);
}
