/* Unit tests of trust anchors: the shipped eHealth sets and files named in cot.yaml. */
#include <time.h>
#include "cot-config.h"
#include "cot/cert.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/trust.h"
#include "helpers.h"

#define PROD_ROOT "ZetesConfidens Private Trust PKI - root CA 001"
#define PROD_ISSUING "ZetesConfidens Private Trust PKI - eHealth issuing CA 001"
#define IAM_PEM "tests/fixtures/certs/example_org_cert_CBE0809394427_IAM_prod_2021.pem"

/* A file of the source tree (a fixture or a shipped anchor); the caller frees it. */
static char *in_source(const char *name)
{
	return test_path(COT_SRCDIR, name);
}

/* The anchors of items; cr-asserts the return code. */
static STACK_OF(X509) *load(
	const char *root, const char *const *items, size_t n, int want, struct cot_err *err)
{
	struct strlist l = {(char **)items, n};
	STACK_OF(X509) *a = sk_X509_new_null();
	int rc = trust_load(root, &l, a, err);

	cr_assert_eq(rc, want, "trust_load: %d %s", rc, err->msg);
	return a;
}

static bool has_cn(STACK_OF(X509) *a, const char *cn)
{
	for (int i = 0; i < sk_X509_num(a); i++) {
		char buf[256];
		X509_NAME_get_text_by_NID(X509_get_subject_name(sk_X509_value(a, i)),
			NID_commonName, buf, sizeof(buf));
		if (strcmp(buf, cn) == 0)
			return true;
	}
	return false;
}

Test(sets, names)
{
	cr_expect_str_eq(trust_set_subdir("ehealth-production"), "production");
	cr_expect_str_eq(trust_set_subdir("ehealth-acceptance"), "acceptance");
	cr_expect_null(trust_set_subdir("ehealth-prod"));
	cr_expect_null(trust_set_subdir("production"));
	cr_expect_null(trust_set_subdir("ca.pem"));
}

Test(sets, data_dir_of_a_build_is_the_source_tree)
{
	char *dir = trust_data_dir(), *want = test_path(COT_SRCDIR, "trust");

	cr_expect_str_eq(dir, want, "the test runs from the build tree");
	free(dir);
	free(want);
}

Test(sets, shipped_sets)
{
	const char *prod[] = {"ehealth-production"},
		   *both[] = {"ehealth-production", "ehealth-acceptance"};
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *a = load("/nonexistent", prod, 1, COT_OK, &err);

	cr_expect_eq(sk_X509_num(a), 2);
	cr_expect(has_cn(a, PROD_ROOT));
	cr_expect(has_cn(a, PROD_ISSUING));
	sk_X509_pop_free(a, X509_free);
	a = load("/nonexistent", both, 2, COT_OK, &err);
	cr_expect_eq(sk_X509_num(a), 4);
	cr_expect(has_cn(a, "TEST-ZetesConfidens-eHealth acceptance test-root CA 001"));
	sk_X509_pop_free(a, X509_free);
}

Test(sets, nothing_configured)
{
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *a = load("/nonexistent", NULL, 0, COT_OK, &err);

	cr_expect_eq(sk_X509_num(a), 0);
	cr_expect_eq(trust_load("/", NULL, a, &err), COT_OK);
	cr_expect_eq(sk_X509_num(a), 0);
	sk_X509_free(a);
}

Test(files, relative_to_the_project_or_absolute)
{
	char *dir = test_tmpdir(),
	     *src = in_source("trust/production/"
			      "ZetesConfidens_PrivateTrustPKI_root_CA_001.pem"),
	     *dst = test_path(dir, "ca.pem");
	const char *rel[] = {"ca.pem"}, *abs[] = {dst};
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *a;

	test_write(dst, test_read(src));
	a = load(dir, rel, 1, COT_OK, &err);
	cr_expect_eq(sk_X509_num(a), 1);
	cr_expect(has_cn(a, PROD_ROOT));
	sk_X509_pop_free(a, X509_free);
	a = load("/elsewhere", abs, 1, COT_OK, &err);
	cr_expect_eq(sk_X509_num(a), 1);
	sk_X509_pop_free(a, X509_free);
	test_rmtree(dir);
	free(src);
	free(dst);
	free(dir);
}

Test(files, refused_with_the_item_named)
{
	char *dir = test_tmpdir(), *key = test_path(dir, "key.pem"),
	     *junk = test_path(dir, "j.pem");
	const char *missing[] = {"nope.pem"}, *typo[] = {"ehealth-prod"}, *keyfile[] = {"key.pem"},
		   *garbage[] = {"j.pem"};
	struct cot_err err = COT_ERR_INIT;

	test_write(key, "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
	test_write(junk, "not a certificate\n");
	sk_X509_pop_free(load(dir, missing, 1, COT_USAGE, &err), X509_free);
	cr_expect(strstr(err.msg, "trust anchor 'nope.pem'"), "%s", err.msg);
	cr_expect(strstr(err.msg, "cannot read"), "%s", err.msg);
	sk_X509_pop_free(load(dir, typo, 1, COT_USAGE, &err), X509_free);
	cr_expect(strstr(err.msg, "neither a trust set (ehealth-production, ehealth-acceptance) "
				  "nor a file"),
		"%s", err.msg);
	sk_X509_pop_free(load(dir, keyfile, 1, COT_USAGE, &err), X509_free);
	cr_expect(strstr(err.msg, "holds a private key"), "%s", err.msg);
	sk_X509_pop_free(load(dir, garbage, 1, COT_USAGE, &err), X509_free);
	cr_expect(strstr(err.msg, "trust anchor 'j.pem'"), "%s", err.msg);
	test_rmtree(dir);
	free(key);
	free(junk);
	free(dir);
}

Test(chain, a_real_certificate_verifies_to_the_production_set)
{
	const char *prod[] = {"ehealth-production"}, *acc[] = {"ehealth-acceptance"};
	struct cot_err err = COT_ERR_INIT;
	char *path = in_source(IAM_PEM);
	STACK_OF(X509) *a = load("/", prod, 1, COT_OK, &err);
	struct cert_bundle b;
	time_t then;

	cert_bundle_init(&b);
	cr_assert_eq(cert_load_file(path, NULL, 0, &b, &err), COT_OK, "%s", err.msg);
	cr_assert(date_parse("2022-06-01", &then));
	cr_expect_eq(
		cert_verify_chain_anchors(b.leaf, b.chain, a, then, &err), COT_OK, "%s", err.msg);
	sk_X509_pop_free(a, X509_free);
	a = load("/", acc, 1, COT_OK, &err);
	cr_expect_eq(cert_verify_chain_anchors(b.leaf, b.chain, a, then, &err), COT_FINDINGS);
	sk_X509_pop_free(a, X509_free);
	cert_bundle_release(&b);
	free(path);
}
