/* Unit tests of countersign: the FOD's second signature over a bundle that passes, and what it
 * refuses. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "cot/asice.h"
#include "cot/bundle.h"
#include "cot/countersign.h"
#include "cot/fsutil.h"
#include "cot/testpki.h"
#include "cot/verify.h"
#include "helpers.h"

static const time_t when = 1795300000;
static X509 *ca, *org, *fod_ca, *fod;
static EVP_PKEY *ca_key, *org_key, *fod_ca_key, *fod_key;
static STACK_OF(X509) *anchors, *both;
static char *dir, *bundle;

static void push(STACK_OF(X509) *s, X509 *x)
{
	X509_up_ref(x);
	sk_X509_push(s, x);
}

static const char pdf1[] = "%PDF-1.4\n% BelRAI contract\n%%EOF\n";
static const char pdf2[] = "%PDF-1.4\n% Vitalink contract\n%%EOF\n";

/* A route vitalink bundle signed by the organisation, at path. */
static void make(const char *path)
{
	struct submission s;
	struct asice_signer sg = {org_key, org, NULL};
	struct asice_write_opts o = {.time = when, .signer = &sg};
	struct asice_written w;
	struct asice_item it[3];
	struct cot_err err = COT_ERR_INIT;
	size_t xlen;
	char *xml;

	submission_init(&s);
	s.name = strdup("Maison");
	strcpy(s.kbo, "0403019261");
	s.route = ROUTE_VITALINK;
	s.docs[0] = (struct submission_doc){ROLE_BELRAI_CONTRACT, "documents/belrai-contract.pdf"};
	s.docs[1] =
		(struct submission_doc){ROLE_VITALINK_CONTRACT, "documents/vitalink-contract.pdf"};
	s.ndocs = 2;
	s.is_signed = true;
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
	cr_assert_eq(asice_write(path, it, 3, &o, &w, &err), COT_OK, "%s", err.msg);
	free(xml);
	submission_release(&s);
}

static void setup(void)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org o = {"CBE", "0403019261", "MAISON SAINTE-ELISABETH", NULL,
		when - 86400 * 30, when + 86400 * 365};
	struct testpki_org f = {"CBE", "0367302178", "FOD VOLKSGEZONDHEID", NULL, when - 86400 * 30,
		when + 86400 * 365};

	cr_assert_eq(testpki_make_ca("countersign org CA", NULL, NULL, when - 86400 * 365,
			     when + 86400 * 3650, &ca, &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &org, &org_key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_ca("countersign FOD CA", NULL, NULL, when - 86400 * 365,
			     when + 86400 * 3650, &fod_ca, &fod_ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&f, fod_ca, fod_ca_key, &fod, &fod_key, &err), COT_OK, "%s",
		err.msg);
	anchors = sk_X509_new_null();
	both = sk_X509_new_null();
	push(anchors, ca);
	push(both, ca);
	push(both, fod_ca);
	dir = test_tmpdir();
	bundle = test_path(dir, "b.asice");
	make(bundle);
}

static void teardown(void)
{
	X509_free(ca);
	X509_free(org);
	X509_free(fod_ca);
	X509_free(fod);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(org_key);
	EVP_PKEY_free(fod_ca_key);
	EVP_PKEY_free(fod_key);
	sk_X509_pop_free(anchors, X509_free);
	sk_X509_pop_free(both, X509_free);
	test_rmtree(dir);
	free(dir);
	free(bundle);
}

TestSuite(countersign, .init = setup, .fini = teardown);

static struct countersign_opts opts(void)
{
	return (struct countersign_opts){
		.anchors = anchors, .key = fod_key, .cert = fod, .now = when};
}

Test(countersign, default_out)
{
	char *a = countersign_default_out("out/x.asice"), *b = countersign_default_out("x.zip");

	cr_expect_str_eq(a, "out/x-countersigned.asice");
	cr_expect_str_eq(b, "x.zip-countersigned.asice");
	free(a);
	free(b);
}

Test(countersign, a_passing_bundle_gets_a_countersignature)
{
	struct countersign_opts o = opts();
	struct countersign_result r;
	struct cot_err err = COT_ERR_INIT;
	struct verify_opts vo = {.anchors = both, .now = when};
	struct vresult v;
	char *out = test_path(dir, "r.asice"), hex[65];

	cr_assert_eq(countersign_bundle(bundle, out, &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(r.verdict, "TOTAL-PASSED");
	cr_expect_str_eq(r.manifest, "META-INF/ASiCManifest002.xml");
	cr_expect_str_eq(r.signature, "META-INF/signature002.p7s");
	cr_expect_eq(r.covered, 5);
	cr_assert_eq(fs_sha256(out, hex, &err), COT_OK);
	cr_expect_str_eq(r.sha256, hex);
	vresult_init(&v);
	verify_file(out, &vo, &v);
	cr_expect_eq(v.ind, IND_TOTAL_PASSED, "%s", v.sub ? v.sub : "");
	cr_assert_eq(v.nsigs, 2);
	cr_expect(!v.sigs[0].countersignature);
	cr_expect(v.sigs[1].countersignature);
	cr_expect(strstr(v.sigs[1].signer, "FOD VOLKSGEZONDHEID"), "%s", v.sigs[1].signer);
	vresult_release(&v);
	free(out);
}

Test(countersign, a_bundle_that_does_not_pass_is_refused_and_nothing_written)
{
	struct countersign_opts o = opts();
	struct countersign_result r;
	struct cot_err err = COT_ERR_INIT;
	char *out = test_path(dir, "r.asice");

	o.anchors = NULL;
	cr_expect_eq(countersign_bundle(bundle, out, &o, &r, &err), COT_FINDINGS);
	cr_expect_str_eq(r.verdict, "INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND");
	cr_expect(strstr(err.msg, "INDETERMINATE"), "%s", err.msg);
	cr_expect(!fs_exists(out));
	free(out);
}

Test(countersign, refuses_itself_a_key_of_another_certificate_and_an_unreadable_file)
{
	struct countersign_opts o = opts();
	struct countersign_result r;
	struct cot_err err = COT_ERR_INIT;
	char *out = test_path(dir, "r.asice"), *missing = test_path(dir, "none.asice");

	cr_expect_eq(countersign_bundle(bundle, bundle, &o, &r, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "the bundle itself"), "%s", err.msg);
	o.key = org_key;
	cr_expect_eq(countersign_bundle(bundle, out, &o, &r, &err), COT_USAGE, "%s", err.msg);
	cr_expect(!fs_exists(out));
	o.key = fod_key;
	cr_expect_eq(countersign_bundle(missing, out, &o, &r, &err), COT_USAGE);
	cr_expect(!fs_exists(out));
	free(out);
	free(missing);
}

Test(countersign, the_next_free_number)
{
	struct countersign_opts o = opts();
	struct countersign_result r;
	struct cot_err err = COT_ERR_INIT;
	char *one = test_path(dir, "one.asice"), *two = test_path(dir, "two.asice");

	cr_assert_eq(countersign_bundle(bundle, one, &o, &r, &err), COT_OK, "%s", err.msg);
	o.anchors = both;
	cr_assert_eq(countersign_bundle(one, two, &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(r.manifest, "META-INF/ASiCManifest003.xml");
	cr_expect_str_eq(r.signature, "META-INF/signature003.p7s");
	free(one);
	free(two);
}
