/* Unit tests of the throwaway test PKI: CAs, eHealth-style organisation certificates, keystores. */
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>
#include "cot/cert.h"
#include "cot/testpki.h"
#include "helpers.h"

#define YEAR (365 * 86400L)
#define PASSWORD "demo-pw-0123"

struct pki {
	X509 *root, *issuing, *org;
	EVP_PKEY *root_key, *issuing_key, *org_key;
	time_t now;
};

static void make(struct pki *k, const struct testpki_org *org)
{
	struct cot_err err = COT_ERR_INIT;

	k->now = time(NULL);
	cr_assert_eq(testpki_make_ca("test root", NULL, NULL, k->now - YEAR, k->now + 10 * YEAR,
			     &k->root, &k->root_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_ca("test issuing", k->root, k->root_key, k->now - YEAR,
			     k->now + 5 * YEAR, &k->issuing, &k->issuing_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(org, k->issuing, k->issuing_key, &k->org, &k->org_key, &err),
		COT_OK, "%s", err.msg);
}

static void release(struct pki *k)
{
	X509_free(k->root);
	X509_free(k->issuing);
	X509_free(k->org);
	EVP_PKEY_free(k->root_key);
	EVP_PKEY_free(k->issuing_key);
	EVP_PKEY_free(k->org_key);
}

static struct testpki_org zonneweide(const char *app)
{
	time_t now = time(NULL);
	struct testpki_org o = {
		"CBE", "0566988259", "WZC ZONNEWEIDE", app, now - 86400, now + 3 * YEAR};

	return o;
}

static void info_of(X509 *x, struct cert_info *info)
{
	struct cot_err err = COT_ERR_INIT;

	cert_info_init(info);
	cr_assert_eq(cert_info_get(x, info, &err), COT_OK, "%s", err.msg);
}

Test(ca, root_and_issuing)
{
	struct testpki_org o = zonneweide(NULL);
	struct cert_info info;
	struct pki k;

	make(&k, &o);
	info_of(k.root, &info);
	cr_expect_str_eq(info.subject, "CN=test root,O=cot test PKI,C=BE");
	cr_expect(info.self_signed);
	cr_expect(info.ca);
	cr_expect_eq(info.key_bits, TESTPKI_KEY_BITS);
	cr_expect_str_eq(info.sig_alg, "sha256WithRSAEncryption");
	cr_expect_eq(info.n_key_usage, 2);
	cert_info_release(&info);
	info_of(k.issuing, &info);
	cr_expect_str_eq(info.issuer, "CN=test root,O=cot test PKI,C=BE");
	cr_expect_not(info.self_signed);
	cr_expect(info.ca);
	cr_expect_eq(X509_check_issued(k.root, k.issuing), X509_V_OK);
	cr_expect_eq(X509_get_pathlen(k.issuing), 0);
	cr_expect_eq(X509_get_pathlen(k.root), -1);
	cert_info_release(&info);
	release(&k);
}

Test(org, ehealth_subject_as_ehealth_writes_it)
{
	struct testpki_org o = zonneweide(NULL);
	struct ehealth_subject s;
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	struct pki k;

	make(&k, &o);
	info_of(k.org, &info);
	cr_expect_str_eq(info.subject,
		"CN=CBE=0566988259,OU=eHealth-platform Belgium,"
		"OU=WZC ZONNEWEIDE,OU=CBE=0566988259,O=Federal Government,C=BE");
	cr_expect_str_eq(info.issuer, "CN=test issuing,O=cot test PKI,C=BE");
	cr_expect_eq(info.not_before, o.not_before);
	cr_expect_eq(info.not_after, o.not_after);
	cr_expect_eq(info.n_key_usage, 3);
	cr_expect_eq(info.n_ext_key_usage, 2);
	cr_expect_str_eq(info.ext_key_usage[0], "clientAuth");
	cr_expect_not(info.ca);
	cr_assert_eq(cert_ehealth_subject(k.org, &s, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(s.type_name, "CBE");
	cr_expect_str_eq(s.id, "0566988259");
	cr_expect_str_eq(s.name, "WZC ZONNEWEIDE");
	cr_expect_str_eq(s.app_id, "");
	cert_info_release(&info);
	release(&k);
}

Test(org, attributes_are_utf8_but_the_country)
{
	struct testpki_org o = zonneweide(NULL);
	X509_NAME *n;
	struct pki k;

	make(&k, &o);
	n = X509_get_subject_name(k.org);
	for (int i = 0; i < X509_NAME_entry_count(n); i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(n, i);
		int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(e));
		int type = ASN1_STRING_type(X509_NAME_ENTRY_get_data(e));
		cr_expect_eq(type,
			nid == NID_countryName ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING,
			"attribute %d (%s) has type %d", i, OBJ_nid2sn(nid), type);
	}
	cr_expect_eq(OBJ_obj2nid(X509_NAME_ENTRY_get_object(X509_NAME_get_entry(n, 0))),
		NID_countryName, "DER order starts with C");
	release(&k);
}

Test(org, application_id)
{
	struct testpki_org o = zonneweide("COT_DEMO-1");
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;
	struct pki k;

	make(&k, &o);
	cr_assert_eq(cert_ehealth_subject(k.org, &s, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(s.app_id, "COT_DEMO-1");
	cr_expect_str_eq(s.name, "WZC ZONNEWEIDE");
	release(&k);
}

Test(org, passes_every_check_and_the_chain)
{
	struct testpki_org o = zonneweide(NULL);
	struct cert_check_opts opts = {time(NULL), CERT_RENEWAL_DAYS, "0566.988.259", NULL};
	STACK_OF(X509) *untrusted = sk_X509_new_null(), *anchors = sk_X509_new_null();
	struct cert_findings f;
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	struct pki k;

	make(&k, &o);
	info_of(k.org, &info);
	cr_expect_eq(cert_check(k.org, &info, &opts, &f), COT_OK);
	cr_expect_eq(f.n, 0, "first finding: %s", f.n ? f.item[0].msg : "");
	sk_X509_push(untrusted, k.issuing);
	sk_X509_push(anchors, k.root);
	cr_expect_eq(cert_verify_chain_anchors(k.org, untrusted, anchors, time(NULL), &err), COT_OK,
		"%s", err.msg);
	cr_expect_eq(cert_verify_chain_anchors(k.org, NULL, anchors, time(NULL), &err),
		COT_FINDINGS, "the chain verifies without its issuing CA");
	opts.kbo = "0403019261";
	cr_expect_eq(cert_check(k.org, &info, &opts, &f), COT_FINDINGS);
	sk_X509_free(untrusted);
	sk_X509_free(anchors);
	cert_info_release(&info);
	release(&k);
}

Test(org, nihii_and_refusals)
{
	time_t now = time(NULL);
	struct testpki_org o = {"NIHII-HOSPITAL", "71089815", "ZIEKENHUIS", NULL, now, now + YEAR};
	struct testpki_org bad = {"CBE", NULL, "X", NULL, now, now + YEAR};
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;
	X509 *x = NULL;
	EVP_PKEY *key = NULL;
	struct pki k;

	make(&k, &o);
	cr_assert_eq(cert_ehealth_subject(k.org, &s, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(cert_ehealth_match(&s, "0566988259", "71089815", &err), COT_OK, "%s", err.msg);
	cr_expect_eq(testpki_make_org(&bad, k.issuing, k.issuing_key, &x, &key, &err), COT_USAGE);
	cr_expect_null(x);
	cr_expect_null(key);
	cr_expect_eq(testpki_make_org(&o, NULL, NULL, &x, &key, &err), COT_USAGE);
	release(&k);
}

Test(p12, modern_keystore_with_the_authentication_entry)
{
	struct testpki_org o = zonneweide(NULL);
	STACK_OF(X509) *chain = sk_X509_new_null();
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *path = test_path(dir, "ks.p12");
	struct cert_bundle b;
	struct stat st;
	struct pki k;

	make(&k, &o);
	sk_X509_push(chain, k.issuing);
	sk_X509_push(chain, k.root);
	cr_assert_eq(
		testpki_write_p12(path, k.org, k.org_key, chain, "authentication", PASSWORD, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	cert_bundle_init(&b);
	cr_assert_eq(
		cert_load_file(path, PASSWORD, CERT_LOAD_KEY, &b, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(b.format, CERT_FORMAT_PKCS12);
	cr_expect_str_eq(b.entry, "authentication");
	cr_expect_eq(b.n_keys, 1);
	cr_expect_eq(X509_cmp(b.leaf, k.org), 0);
	cr_expect_eq(EVP_PKEY_eq(b.key, k.org_key), 1);
	cr_expect_eq(sk_X509_num(b.chain), 2);
	cr_expect_not(OSSL_PROVIDER_available(NULL, "legacy"), "a modern keystore needs no legacy");
	cert_bundle_release(&b);
	cr_expect_eq(cert_load_file(path, "wrong", 0, &b, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "wrong password"), "%s", err.msg);
	/* never overwritten */
	cr_expect_eq(testpki_write_p12(path, k.org, k.org_key, NULL, "x", "y", &err), COT_USAGE);
	cr_expect_eq(cert_load_file(path, PASSWORD, 0, &b, &err), COT_OK, "the file was changed");
	cert_bundle_release(&b);
	sk_X509_free(chain);
	release(&k);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(p12, mac_is_hmac_sha256)
{
	struct testpki_org o = zonneweide(NULL);
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *path = test_path(dir, "ks.p12");
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *obj = NULL;
	PKCS12 *p12;
	FILE *f;
	struct pki k;

	make(&k, &o);
	cr_assert_eq(
		testpki_write_p12(path, k.org, k.org_key, NULL, "authentication", PASSWORD, &err),
		COT_OK, "%s", err.msg);
	f = fopen(path, "rb");
	p12 = d2i_PKCS12_fp(f, NULL);
	fclose(f);
	cr_assert_not_null(p12);
	PKCS12_get0_mac(NULL, &alg, NULL, NULL, p12);
	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	cr_expect_eq(OBJ_obj2nid(obj), NID_sha256);
	PKCS12_free(p12);
	release(&k);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(pem, written_new_with_the_mode)
{
	struct testpki_org o = zonneweide(NULL);
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *path = test_path(dir, "ca.pem");
	struct cert_bundle b;
	struct stat st;
	struct pki k;

	make(&k, &o);
	cr_assert_eq(testpki_write_pem(path, k.root, 0644, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0644);
	cr_expect_null(strstr(test_read(path), "PRIVATE"));
	cert_bundle_init(&b);
	cr_assert_eq(cert_load_file(path, NULL, 0, &b, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(X509_cmp(b.leaf, k.root), 0);
	cert_bundle_release(&b);
	cr_expect_eq(testpki_write_pem(path, k.org, 0644, &err), COT_USAGE, "overwritten");
	release(&k);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(password, random_hex)
{
	struct cot_err err = COT_ERR_INIT;
	char a[33], b[33], tiny[1];

	cr_assert_eq(testpki_password(a, sizeof(a), &err), COT_OK);
	cr_assert_eq(testpki_password(b, sizeof(b), &err), COT_OK);
	cr_expect_eq(strlen(a), 32);
	cr_expect_eq(strspn(a, "0123456789abcdef"), 32);
	cr_expect_str_neq(a, b);
	cr_expect_eq(testpki_password(tiny, sizeof(tiny), &err), COT_USAGE);
}
