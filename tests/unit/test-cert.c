/* Unit tests of the cert module against a generated test PKI and real eHealth certificates. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>
#include "cot-config.h"
#include "cot/cert.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/testpki.h"

#define PASSWORD "Test_001"
#define ORG_KBO "0403019261"
#define ORG_NIHII "71089815"
#define ORG_NAME "MAISON DE REPOS SAINTE-ELISABETH"
/* Public certificates: real ones in tests/fixtures/certs/, the eHealth CAs cot ships in trust/. */
#define IAM_PEM "tests/fixtures/certs/example_org_cert_CBE0809394427_IAM_prod_2021.pem"
#define EHP_PEM "tests/fixtures/certs/example_org_cert_VITALINKGATEWAY_EHP1990001916_prod_2020.pem"
#define PROD_ROOT "trust/production/ZetesConfidens_PrivateTrustPKI_root_CA_001.pem"
#define PROD_ISSUING "trust/production/ZetesConfidens_PrivateTrustPKI_eHealth_issuing_CA_001.pem"
#define ACC_ROOT "trust/acceptance/TEST-ZetesConfidens-eHealth_acceptance_test-root_CA_001.pem"
#define ACC_ISSUING                                                                                \
	"trust/acceptance/TEST-ZetesConfidens-eHealth_acceptance_test-issuing_CA_001.pem"

static void path_in(char *out, const char *env, const char *name)
{
	const char *dir = getenv(env);

	if (!dir || !*dir)
		cr_assert_fail("set %s (a directory made by tests/pki/mkpki.sh)", env);
	snprintf(out, PATH_MAX, "%s/%s", dir, name);
}

/* A file of the generated PKI; each call returns a different one of 4 buffers. */
static const char *pki(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *p = bufs[next++ % 4];

	path_in(p, "COT_TEST_PKI", name);
	return p;
}

/* A file of the source tree: a fixture or a shipped anchor (4 buffers, as pki()). */
static const char *src(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	char *p = bufs[next++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", COT_SRCDIR, name);
	return p;
}

static void load_ok(const char *path, const char *password, unsigned flags, struct cert_bundle *b)
{
	struct cot_err err = COT_ERR_INIT;
	int rc;

	cert_bundle_init(b);
	rc = cert_load_file(path, password, flags, b, &err);
	cr_assert_eq(rc, COT_OK, "loading %s: %d %s", path, rc, err.msg);
	cr_assert_not_null(b->leaf);
	cr_assert_not_null(b->chain);
}

static X509 *load_leaf(const char *path)
{
	struct cert_bundle b;
	X509 *x;

	load_ok(path, NULL, 0, &b);
	x = b.leaf;
	b.leaf = NULL;
	cert_bundle_release(&b);
	return x;
}

static int load_fail(const char *path, const char *password, struct cot_err *err)
{
	struct cert_bundle b;
	int rc;

	cert_bundle_init(&b);
	rc = cert_load_file(path, password, 0, &b, err);
	cr_assert_null(b.leaf, "%s: failed load leaves a certificate", path);
	cr_assert_null(b.chain);
	cr_assert_null(b.key);
	cert_bundle_release(&b);
	return rc;
}

static char *subject_of(X509 *x)
{
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	char *s;

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK, "%s", err.msg);
	s = strdup(info.subject);
	cert_info_release(&info);
	return s;
}

/* ---- real eHealth certificates ---- */

Test(real, iam_subject)
{
	X509 *x = load_leaf(src(IAM_PEM));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(x, &s, &err), COT_OK, "%s", err.msg);
	cr_assert_not_null(s.type);
	cr_assert_str_eq(s.type->name, "CBE");
	cr_assert_eq(s.type->kind, EHEALTH_ID_CBE);
	cr_assert_str_eq(s.id, "0809394427");
	cr_assert_str_eq(s.app_id, "IAM");
	cr_assert_str_eq(s.name, "EHEALTH-PLATFORM");
	cr_assert_not(s.person);
	cr_assert_not(s.nihii_mod89);
	X509_free(x);
}

Test(real, ehp_subject)
{
	X509 *x = load_leaf(src(EHP_PEM));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(x, &s, &err), COT_OK, "%s", err.msg);
	cr_assert_str_eq(s.type->name, "EHP");
	cr_assert_eq(s.type->kind, EHEALTH_ID_EHP);
	cr_assert_str_eq(s.id, "1990001916");
	cr_assert_str_eq(s.app_id, "VITALINKGATEWAY");
	cr_assert_str_eq(s.name, "VLAAMS AGENTSCHAP ZORG EN GEZONDHEID");
	X509_free(x);
}

Test(real, iam_info)
{
	X509 *x = load_leaf(src(IAM_PEM));
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	char t[21];

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK, "%s", err.msg);
	cr_assert_str_eq(info.subject,
		"CN=CBE=0809394427\\, IAM,OU=eHealth-platform Belgium,"
		"OU=EHEALTH-PLATFORM,OU=CBE=0809394427,OU=IAM,O=Federal Government,C=BE");
	cr_assert_str_eq(info.issuer, "CN=ZetesConfidens Private Trust PKI - eHealth issuing CA "
				      "001,serialNumber=001,O=ZETES SA,C=BE");
	cr_assert_str_eq(info.serial, "3C0310E8276B4A50");
	time_format(info.not_before, t);
	cr_assert_str_eq(t, "2021-01-11T10:43:37Z");
	time_format(info.not_after, t);
	cr_assert_str_eq(t, "2024-01-12T10:43:37Z");
	cr_assert_str_eq(info.key_type, "RSA");
	cr_assert_eq(info.key_bits, 2048);
	cr_assert_str_eq(info.sig_alg, "sha256WithRSAEncryption");
	cr_assert(info.has_key_usage);
	cr_assert_eq(info.n_key_usage, 3);
	cr_assert_str_eq(info.key_usage_names[0], "digitalSignature");
	cr_assert_str_eq(info.key_usage_names[1], "nonRepudiation");
	cr_assert_str_eq(info.key_usage_names[2], "keyEncipherment");
	cr_assert_eq(info.n_ext_key_usage, 2);
	cr_assert_str_eq(info.ext_key_usage[0], "clientAuth");
	cr_assert_str_eq(info.ext_key_usage[1], "emailProtection");
	cr_assert_str_eq(info.fingerprint, "4F:F5:16:BC:03:AC:96:60:AB:C3:BE:00:EB:22:DE:69:AE:AE:"
					   "07:39:BD:6E:0B:CF:47:15:82:53:B1:61:A3:A2");
	cr_assert_str_eq(
		info.sha256, "4ff516bc03ac9660abc3be00eb22de69aeae0739bd6e0bcf47158253b161a3a2");
	cr_assert_not(info.self_signed);
	cr_assert_not(info.ca);
	cert_info_release(&info);
	X509_free(x);
}

static void expect_expired(const char *path, const char *date)
{
	X509 *x = load_leaf(path);
	struct cert_info info;
	struct cert_findings f;
	struct cot_err err = COT_ERR_INIT;
	struct cert_check_opts o = {time(NULL), CERT_RENEWAL_DAYS, NULL, NULL};
	char want[128];

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK);
	cr_assert_eq(cert_check(x, &info, &o, &f), COT_FINDINGS);
	cr_assert_eq(f.n, 1, "findings: %zu, first %s", f.n, f.item[0].msg);
	cr_assert_str_eq(f.item[0].id, "cert-expired");
	cr_assert_eq(f.item[0].severity, CERT_ERROR);
	snprintf(want, sizeof(want),
		"expired on %s: it cannot be renewed, request a new certificate", date);
	cr_assert_str_eq(f.item[0].msg, want);
	cert_info_release(&info);
	X509_free(x);
}

Test(real, expired_now)
{
	expect_expired(src(IAM_PEM), "2024-01-12");
	expect_expired(src(EHP_PEM), "2023-06-24");
}

Test(real, iam_organisation)
{
	X509 *x = load_leaf(src(IAM_PEM));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(x, &s, &err), COT_OK);
	cr_assert_eq(cert_ehealth_match(&s, "0809394427", NULL, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_ehealth_match(&s, "BE 0809.394.427", NULL, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_ehealth_match(&s, "0566988259", NULL, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the certificate is for CBE 0809394427, the project is KBO "
				  "0566988259");
	cr_assert_eq(cert_ehealth_match(&s, "0566988258", NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "invalid KBO number '0566988258'"), "%s", err.msg);
	X509_free(x);
}

Test(real, chain_at_signing_time)
{
	X509 *x = load_leaf(src(IAM_PEM));
	const char *prod[] = {src(PROD_ROOT), src(PROD_ISSUING)};
	const char *acc[] = {src(ACC_ROOT), src(ACC_ISSUING)};
	struct cot_err err = COT_ERR_INIT;
	time_t then, now = time(NULL);

	cr_assert(date_parse("2022-06-01", &then));
	cr_assert_eq(cert_verify_chain(x, NULL, prod, 2, then, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_verify_chain(x, NULL, prod, 2, now, &err), COT_FINDINGS);
	cr_assert(strstr(err.msg, "certificate has expired (depth 0"), "%s", err.msg);
	cr_assert_eq(cert_verify_chain(x, NULL, acc, 2, then, &err), COT_FINDINGS);
	cr_assert(strstr(err.msg, "unable to get local issuer certificate"), "%s", err.msg);
	X509_free(x);
}

/* ---- identifier types ---- */

Test(idtype, table)
{
	const struct ehealth_idtype *t;

	t = cert_ehealth_idtype("NIHII-BELRAI_SCREEN");
	cr_assert_not_null(t);
	cr_assert_eq(t->len, 8);
	cr_assert_eq(t->kind, EHEALTH_ID_NIHII);
	cr_assert_eq(cert_ehealth_idtype("NIHII11")->len, 11);
	cr_assert_eq(cert_ehealth_idtype("SSIN")->kind, EHEALTH_ID_SSIN);
	cr_assert_eq(cert_ehealth_idtype("CBE-TREAT_CENTER")->kind, EHEALTH_ID_CBE);
	cr_assert_eq(cert_ehealth_idtype("EHP")->len, 10);
	cr_assert_null(cert_ehealth_idtype("nihii"));
	cr_assert_null(cert_ehealth_idtype("FOO"));
	cr_assert_null(cert_ehealth_idtype(""));
}

/* ---- generated leaves: subjects ---- */

static void expect_subject(const char *file, int rc_want, const char *type, const char *id,
	const char *app, const char *name, bool person)
{
	X509 *x = load_leaf(pki(file));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;
	int rc = cert_ehealth_subject(x, &s, &err);

	cr_assert_eq(rc, rc_want, "%s: rc %d (%s)", file, rc, err.msg);
	cr_assert_str_eq(s.type_name, type, "%s", file);
	cr_assert_str_eq(s.id, id, "%s", file);
	cr_assert_str_eq(s.app_id, app, "%s", file);
	cr_assert_str_eq(s.name, name, "%s", file);
	cr_assert_eq(s.person, person, "%s", file);
	X509_free(x);
}

Test(subject, generated)
{
	expect_subject("good.pem", COT_OK, "CBE", ORG_KBO, "", ORG_NAME, false);
	expect_subject("app.pem", COT_OK, "CBE", ORG_KBO, "COT_TEST-1", ORG_NAME, false);
	expect_subject("nihii.pem", COT_OK, "NIHII-HOSPITAL", ORG_NIHII, "", ORG_NAME, false);
	expect_subject(
		"other.pem", COT_OK, "CBE", "0566988259", "", "ANDERE ORGANISATIE VZW", false);
	expect_subject("person.pem", COT_OK, "SSIN", "79021802145", "", "JANSSENS JAN", true);
	expect_subject("mod89.pem", COT_OK, "NIHII-HOSPITAL", "71089834", "", ORG_NAME, false);
	expect_subject("eid.pem", COT_OK, "SSIN", "79021802145", "", "", true);
	expect_subject("badcheck.pem", COT_FINDINGS, "CBE", "0403019262", "", ORG_NAME, false);
}

Test(subject, mod89_flag)
{
	X509 *x = load_leaf(pki("mod89.pem")), *y = load_leaf(pki("nihii.pem"));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(x, &s, &err), COT_OK);
	cr_assert(s.nihii_mod89);
	cr_assert_eq(cert_ehealth_subject(y, &s, &err), COT_OK);
	cr_assert_not(s.nihii_mod89);
	X509_free(x);
	X509_free(y);
}

Test(subject, errors_name_what_was_found)
{
	X509 *bad = load_leaf(pki("badcheck.pem")), *unk = load_leaf(pki("unknown.pem"));
	X509 *root = load_leaf(pki("root.pem"));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(bad, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "CBE=0403019262: check digits 62, expected 61");
	cr_assert_eq(cert_ehealth_subject(unk, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "unknown identifier type 'FOO' in OU=FOO=12345");
	cr_assert_null(s.type);
	cr_assert_str_eq(s.type_name, "FOO");
	X509_free(bad);
	bad = load_leaf(pki("cnmismatch.pem"));
	cr_assert_eq(cert_ehealth_subject(bad, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the CN 'CBE=0566988259' does not match the identifier "
				  "OU=CBE=0403019261");
	X509_free(bad);
	bad = load_leaf(pki("badapp.pem"));
	cr_assert_eq(cert_ehealth_subject(bad, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "invalid application id 'not an app id' in the CN "
				  "(expected [0-9A-Z_-]{1,30})");
	cr_assert_eq(cert_ehealth_subject(root, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the subject has no identifier OU (TYPE=ID); found no OU");
	X509_free(bad);
	X509_free(unk);
	X509_free(root);
}

/* A hostile subject must not reach a terminal: control characters are refused. */
Test(subject, control_characters_refused)
{
	time_t now = time(NULL);
	struct testpki_org org = {
		"CBE", "0566988259", "EVIL\x1b[2J\x1b[31mNAME", NULL, now, now + 86400 * 365};
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;
	X509 *ca, *x;
	EVP_PKEY *ca_key, *key;

	cr_assert_eq(testpki_make_ca(
			     "ca", NULL, NULL, now - 86400, now + 86400 * 900, &ca, &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&org, ca, ca_key, &x, &key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_ehealth_subject(x, &s, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the subject holds an attribute with a control character");
	cr_assert_null(strchr(s.name, '\x1b'));
	X509_free(x);
	X509_free(ca);
	EVP_PKEY_free(key);
	EVP_PKEY_free(ca_key);
}

Test(subject, organisation_match)
{
	X509 *other = load_leaf(pki("other.pem")), *nihii = load_leaf(pki("nihii.pem"));
	X509 *person = load_leaf(pki("person.pem"));
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_ehealth_subject(other, &s, &err), COT_OK);
	cr_assert_eq(cert_ehealth_match(&s, "0566.988.259", NULL, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_ehealth_match(&s, ORG_KBO, ORG_NIHII, &err), COT_FINDINGS);
	cr_assert_str_eq(
		err.msg, "the certificate is for CBE 0566988259, the project is KBO " ORG_KBO);
	cr_assert_eq(cert_ehealth_subject(nihii, &s, &err), COT_OK);
	cr_assert_eq(cert_ehealth_match(&s, ORG_KBO, ORG_NIHII, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_ehealth_match(&s, ORG_KBO, "11478761", &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the certificate is for NIHII-HOSPITAL 71089815, the project is "
				  "NIHII 11478761");
	cr_assert_eq(cert_ehealth_match(&s, ORG_KBO, NULL, &err), COT_FINDINGS);
	cr_assert_str_eq(err.msg, "the certificate is for NIHII-HOSPITAL 71089815, the project "
				  "has no NIHII number");
	cr_assert_eq(cert_ehealth_subject(person, &s, &err), COT_OK);
	cr_assert_eq(cert_ehealth_match(&s, ORG_KBO, NULL, &err), COT_FINDINGS);
	cr_assert(strstr(err.msg, "SSIN 79021802145, which cannot be matched"), "%s", err.msg);
	X509_free(other);
	X509_free(nihii);
	X509_free(person);
}

/* ---- generated leaves: checks ---- */

struct want {
	const char *id;
	enum cert_severity sev;
	const char *msg; /* a substring, or NULL */
};

static int run_check(const char *file, const struct cert_check_opts *o, struct cert_findings *f)
{
	X509 *x = load_leaf(pki(file));
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	int rc;

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK, "%s", err.msg);
	rc = cert_check(x, &info, o, f);
	cert_info_release(&info);
	X509_free(x);
	return rc;
}

/* Asserts exactly the findings in want, in order, and the matching return code. */
static void expect_findings(const char *file, const struct want *want, size_t n)
{
	struct cert_check_opts o = {time(NULL), CERT_RENEWAL_DAYS, ORG_KBO, ORG_NIHII};
	struct cert_findings f;
	int rc = run_check(file, &o, &f);
	bool errors = false;

	for (size_t i = 0; i < f.n && i < n; i++) {
		cr_assert_str_eq(f.item[i].id, want[i].id, "%s: finding %zu is %s: %s", file, i,
			f.item[i].id, f.item[i].msg);
		cr_assert_eq(f.item[i].severity, want[i].sev, "%s: %s", file, f.item[i].msg);
		if (want[i].msg)
			cr_assert(strstr(f.item[i].msg, want[i].msg), "%s: '%s' lacks '%s'", file,
				f.item[i].msg, want[i].msg);
		errors = errors || want[i].sev == CERT_ERROR;
	}
	cr_assert_eq(f.n, n, "%s: %zu findings, want %zu (first: %s)", file, f.n, n,
		f.n ? f.item[0].msg : "none");
	cr_assert_eq(rc, errors ? COT_FINDINGS : COT_OK, "%s", file);
}

#define EXPECT(file, ...)                                                                          \
	do {                                                                                       \
		const struct want w_[] = {__VA_ARGS__};                                            \
		expect_findings(file, w_, sizeof(w_) / sizeof(w_[0]));                             \
	} while (0)

Test(check, good_leaves_pass)
{
	expect_findings("good.pem", NULL, 0);
	expect_findings("app.pem", NULL, 0);
	expect_findings("nihii.pem", NULL, 0);
}

Test(check, validity)
{
	EXPECT("expired.pem", {"cert-expired", CERT_ERROR, "it cannot be renewed"});
	EXPECT("notyet.pem", {"cert-not-yet-valid", CERT_ERROR, "not valid before"});
	EXPECT("renew.pem", {"cert-renewal-window", CERT_ERROR, "renew now"});
}

Test(check, renewal_window_dates)
{
	X509 *x = load_leaf(pki("renew.pem"));
	struct cert_info info;
	struct cert_findings f;
	struct cot_err err = COT_ERR_INIT;
	struct cert_check_opts o = {time(NULL), CERT_RENEWAL_DAYS, NULL, NULL};
	char open[11], close[11], want[160];

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK);
	date_format(info.not_after - 90 * 86400, open);
	date_format(info.not_after, close);
	snprintf(want, sizeof(want), "renew now: the renewal window opened on %s, it closes on %s",
		open, close);
	cr_assert_eq(cert_check(x, &info, &o, &f), COT_FINDINGS);
	cr_assert_eq(f.n, 1);
	cr_assert_str_eq(f.item[0].msg, want);
	o.warn_days = 0;
	cr_assert_eq(cert_check(x, &info, &o, &f), COT_OK);
	cr_assert_eq(f.n, 0);
	cert_info_release(&info);
	X509_free(x);
}

/* The finding of good.pem at now, or "" when there is none. */
static const char *validity_at(
	X509 *x, const struct cert_info *info, time_t now, int warn, enum cert_severity *sev)
{
	static struct cert_findings f;
	struct cert_check_opts o = {now, warn, NULL, NULL};

	cert_check(x, info, &o, &f);
	cr_assert_leq(f.n, 1);
	*sev = f.n ? f.item[0].severity : 0;
	return f.n ? f.item[0].id : "";
}

Test(check, validity_boundaries)
{
	X509 *x = load_leaf(pki("good.pem"));
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	enum cert_severity sev;
	time_t open;

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK);
	open = info.not_after - 90 * 86400;
	cr_assert_str_eq(
		validity_at(x, &info, info.not_before - 1, 90, &sev), "cert-not-yet-valid");
	cr_assert_str_eq(validity_at(x, &info, info.not_before, 90, &sev), "");
	cr_assert_str_eq(validity_at(x, &info, open - 1, 90, &sev), "");
	cr_assert_str_eq(validity_at(x, &info, open - 1, 91, &sev), "cert-renewal-window");
	cr_assert_eq(sev, CERT_WARNING);
	cr_assert_str_eq(validity_at(x, &info, open, 90, &sev), "cert-renewal-window");
	cr_assert_eq(sev, CERT_ERROR);
	cr_assert_str_eq(validity_at(x, &info, open, 30, &sev), "");
	cr_assert_str_eq(
		validity_at(x, &info, info.not_after - 1, 90, &sev), "cert-renewal-window");
	cr_assert_str_eq(validity_at(x, &info, info.not_after, 90, &sev), "cert-expired");
	cert_info_release(&info);
	X509_free(x);
}

Test(check, early_warning_before_window)
{
	struct cert_check_opts o = {time(NULL), 2000, NULL, NULL};
	struct cert_findings f;

	cr_assert_eq(run_check("good.pem", &o, &f), COT_OK);
	cr_assert_eq(f.n, 1);
	cr_assert_str_eq(f.item[0].id, "cert-renewal-window");
	cr_assert_eq(f.item[0].severity, CERT_WARNING);
	cr_assert(strstr(f.item[0].msg, "the renewal window opens on"), "%s", f.item[0].msg);
}

Test(check, strength)
{
	EXPECT("weak.pem", {"cert-weak-key", CERT_ERROR, "RSA key of 1024 bits"});
	EXPECT("sha1.pem", {"cert-weak-signature", CERT_ERROR, "sha1WithRSAEncryption"});
}

Test(check, key_usage)
{
	EXPECT("noku.pem", {"cert-key-usage", CERT_ERROR, "lacks digitalSignature"},
		{"cert-key-usage", CERT_WARNING, "lacks nonRepudiation"});
}

Test(check, self_signed)
{
	EXPECT("self.pem", {"cert-self-signed", CERT_ERROR, "self-signed"});
}

Test(check, identifier_and_organisation)
{
	EXPECT("badcheck.pem", {"cert-identifier", CERT_ERROR, "check digits 62, expected 61"});
	EXPECT("unknown.pem", {"cert-identifier", CERT_ERROR, "unknown identifier type 'FOO'"});
	EXPECT("mod89.pem", {"cert-identifier", CERT_WARNING, "modulo-89"},
		{"cert-organisation", CERT_ERROR,
			"NIHII-HOSPITAL 71089834, the project is NIHII " ORG_NIHII});
	EXPECT("other.pem",
		{"cert-organisation", CERT_ERROR,
			"the certificate is for CBE 0566988259, the project is KBO " ORG_KBO});
	EXPECT("person.pem", {"cert-organisation", CERT_ERROR, "cannot be matched"});
}

Test(check, no_organisation_given)
{
	struct cert_check_opts o = {time(NULL), CERT_RENEWAL_DAYS, NULL, NULL};
	struct cert_findings f;

	cr_assert_eq(run_check("other.pem", &o, &f), COT_OK);
	cr_assert_eq(f.n, 0);
}

Test(info, generated_leaf)
{
	X509 *x = load_leaf(pki("good.pem"));
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;
	char hex[65], colon[96];

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK);
	cr_assert_str_eq(info.subject, "CN=CBE=" ORG_KBO ",OU=eHealth-platform Belgium,OU=" ORG_NAME
				       ",OU=CBE=" ORG_KBO ",O=Federal Government,C=BE");
	cr_assert_str_eq(info.issuer, "CN=cot test issuing CA,serialNumber=001,O=cot test,C=BE");
	cr_assert_eq(fs_sha256(pki("good.der"), hex, &err), COT_OK);
	cr_assert_str_eq(info.sha256, hex);
	for (int i = 0; i < 32; i++)
		snprintf(colon + 3 * i, 4, i < 31 ? "%c%c:" : "%c%c", toupper(hex[2 * i]),
			toupper(hex[2 * i + 1]));
	cr_assert_str_eq(info.fingerprint, colon);
	cr_assert_gt(info.not_after - info.not_before, 1000L * 86400);
	cr_assert_eq(info.key_bits, 2048);
	cr_assert_eq(info.n_ext_key_usage, 2);
	cr_assert_not(info.self_signed);
	cr_assert_not(info.ca);
	cert_info_release(&info);
	X509_free(x);
}

Test(info, ca_and_self_signed)
{
	X509 *root = load_leaf(pki("root.pem")), *weak = load_leaf(pki("weak.pem"));
	struct cert_info info;
	struct cot_err err = COT_ERR_INIT;

	cert_info_init(&info);
	cr_assert_eq(cert_info_get(root, &info, &err), COT_OK);
	cr_assert(info.self_signed);
	cr_assert(info.ca);
	cr_assert_eq(info.n_key_usage, 2);
	cr_assert_str_eq(info.key_usage_names[0], "keyCertSign");
	cr_assert_str_eq(info.key_usage_names[1], "cRLSign");
	cr_assert_eq(info.n_ext_key_usage, 0);
	cert_info_release(&info);
	cr_assert_eq(cert_info_get(weak, &info, &err), COT_OK);
	cr_assert_eq(info.key_bits, 1024);
	cert_info_release(&info);
	X509_free(root);
	X509_free(weak);
}

/* ---- loading: PEM and DER ---- */

static void assert_same(X509 *a, const char *path)
{
	X509 *b = load_leaf(path);

	cr_assert_eq(X509_cmp(a, b), 0, "not the certificate of %s", path);
	X509_free(b);
}

Test(load, der)
{
	struct cert_bundle b;

	load_ok(pki("good.der"), NULL, 0, &b);
	cr_assert_eq(b.format, CERT_FORMAT_DER);
	cr_assert_eq(sk_X509_num(b.chain), 0);
	cr_assert_not(b.has_private_key);
	assert_same(b.leaf, pki("good.pem"));
	cert_bundle_release(&b);
}

Test(load, pem_with_private_key_is_flagged)
{
	struct cert_bundle b;
	struct cot_err err = COT_ERR_INIT;

	load_ok(pki("good-with-key.pem"), NULL, 0, &b);
	cr_assert(b.has_private_key);
	cr_assert_null(b.key);
	assert_same(b.leaf, pki("good.pem"));
	cert_bundle_release(&b);
	load_ok(pki("good.pem"), NULL, 0, &b);
	cr_assert_not(b.has_private_key);
	cert_bundle_release(&b);
	cr_assert_eq(load_fail(pki("leaf.key"), NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "holds a private key but no certificate"), "%s", err.msg);
}

static void assert_chain_is_ca_path(const struct cert_bundle *b)
{
	char *s0, *s1;

	cr_assert_eq(sk_X509_num(b->chain), 2);
	s0 = subject_of(sk_X509_value(b->chain, 0));
	s1 = subject_of(sk_X509_value(b->chain, 1));
	cr_assert_str_eq(s0, "CN=cot test issuing CA,serialNumber=001,O=cot test,C=BE");
	cr_assert_str_eq(s1, "CN=cot test root CA,serialNumber=001,O=cot test,C=BE");
	free(s0);
	free(s1);
}

Test(load, pem_several_certificates)
{
	struct cert_bundle b;

	load_ok(pki("good-chain.pem"), NULL, 0, &b);
	cr_assert_eq(b.format, CERT_FORMAT_PEM);
	assert_same(b.leaf, pki("good.pem"));
	assert_chain_is_ca_path(&b);
	cert_bundle_release(&b);
}

static void write_tmp(char *path, const void *data, size_t len)
{
	int fd;

	snprintf(path, PATH_MAX, "/tmp/test-cert-XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

static char *slurp(const char *path, size_t *len)
{
	struct cot_err err = COT_ERR_INIT;
	char *d = NULL;

	cr_assert_eq(fs_read(path, CERT_MAX_FILE, &d, len, &err), COT_OK, "%s", err.msg);
	return d;
}

Test(load, pem_root_first_is_reordered)
{
	size_t n1, n2, n3;
	char *root = slurp(pki("root.pem"), &n1), *iss = slurp(pki("issuing.pem"), &n2);
	char *good = slurp(pki("good.pem"), &n3), *all = malloc(n1 + n2 + n3 + 8);
	char path[PATH_MAX];
	struct cert_bundle b;

	snprintf(all, n1 + n2 + n3 + 8, "junk\n%s%s%s", root, good, iss);
	write_tmp(path, all, strlen(all));
	load_ok(path, NULL, 0, &b);
	assert_same(b.leaf, pki("good.pem"));
	assert_chain_is_ca_path(&b);
	cert_bundle_release(&b);
	unlink(path);
	free(root);
	free(iss);
	free(good);
	free(all);
}

Test(load, detect)
{
	enum cert_format f;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_detect_file(pki("modern.p12"), &f, &err), COT_OK);
	cr_assert_eq(f, CERT_FORMAT_PKCS12);
	cr_assert_eq(cert_detect_file(pki("ehealth.acc-p12"), &f, &err), COT_OK);
	cr_assert_eq(f, CERT_FORMAT_PKCS12);
	cr_assert_eq(cert_detect_file(pki("good.der"), &f, &err), COT_OK);
	cr_assert_eq(f, CERT_FORMAT_DER);
	cr_assert_eq(cert_detect_file(pki("good.pem"), &f, &err), COT_OK);
	cr_assert_eq(f, CERT_FORMAT_PEM);
	cr_assert_eq(cert_detect_file(pki("garbage.bin"), &f, &err), COT_OK);
	cr_assert_eq(f, CERT_FORMAT_UNKNOWN);
	cr_assert_str_eq(cert_format_name(CERT_FORMAT_PKCS12), "PKCS#12");
	cr_assert_eq(cert_detect_file(pki("no-such-file"), &f, &err), COT_USAGE);
}

/* ---- loading: hostile input ---- */

Test(hostile, garbage_empty_truncated)
{
	struct cot_err err = COT_ERR_INIT;
	char want[PATH_MAX + 100];

	cr_assert_eq(load_fail(pki("garbage.bin"), NULL, &err), COT_USAGE);
	snprintf(want, sizeof(want), "'%s' is not a certificate or keystore (PEM, DER or PKCS#12)",
		pki("garbage.bin"));
	cr_assert_str_eq(err.msg, want);
	cr_assert_eq(load_fail(pki("empty.bin"), NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "is empty"), "%s", err.msg);
	cr_assert_eq(load_fail(pki("truncated.der"), NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "is truncated ("), "%s", err.msg);
	cr_assert_eq(load_fail(pki("truncated.p12"), PASSWORD, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "is truncated ("), "%s", err.msg);
	cr_assert_eq(load_fail(pki("no-such-file"), NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "cannot read"), "%s", err.msg);
}

Test(hostile, truncated_pem)
{
	size_t len;
	char *d = slurp(pki("good.pem"), &len);
	char path[PATH_MAX];
	struct cot_err err = COT_ERR_INIT;

	write_tmp(path, d, len / 2);
	cr_assert_eq(load_fail(path, NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "malformed"), "%s", err.msg);
	unlink(path);
	free(d);
}

Test(hostile, too_large)
{
	char path[PATH_MAX];
	char *big = calloc(1, CERT_MAX_FILE + 1);
	struct cot_err err = COT_ERR_INIT;

	write_tmp(path, big, CERT_MAX_FILE + 1);
	cr_assert_eq(load_fail(path, NULL, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "too large"), "%s", err.msg);
	unlink(path);
	free(big);
}

/* Every prefix and every single-byte change: loaded or refused, never a crash or leak. */
static void mangle_all(const char *file, const char *password, size_t step)
{
	size_t len, ok = 0;
	char *d = slurp(pki(file), &len);
	struct cert_bundle b;
	struct cot_err err = COT_ERR_INIT;
	int rc;

	cert_bundle_init(&b);
	for (size_t n = 0; n < len; n += step) {
		rc = cert_load_mem(file, d, n, password, 0, &b, &err);
		cr_assert_eq(rc, COT_USAGE, "%s: prefix of %zu bytes gives %d (%s)", file, n, rc,
			err.msg);
		cr_assert_null(b.leaf);
	}
	for (size_t i = 0; i < len; i += step) {
		d[i] ^= 0x5a;
		rc = cert_load_mem(file, d, len, password, 0, &b, &err);
		cr_assert(rc == COT_OK || rc == COT_USAGE, "%s: byte %zu changed gives %d", file, i,
			rc);
		ok += rc == COT_OK;
		cert_bundle_release(&b);
		d[i] ^= 0x5a;
	}
	cr_assert_lt(ok, len / step, "%s: damage is never noticed", file);
	free(d);
}

Test(hostile, der_prefixes_and_flips)
{
	mangle_all("good.der", NULL, 1);
}

Test(hostile, p12_prefixes_and_flips)
{
	mangle_all("legacy.p12", PASSWORD, 37);
}

/* ---- loading: PKCS#12 ---- */

static void expect_keystore(const char *file, size_t n_keys, bool legacy)
{
	struct cert_bundle b;

	load_ok(pki(file), PASSWORD, 0, &b);
	cr_assert_eq(b.format, CERT_FORMAT_PKCS12);
	cr_assert(b.has_private_key);
	cr_assert_null(b.key, "the key is kept without CERT_LOAD_KEY");
	cr_assert_eq(b.n_keys, n_keys);
	cr_assert_str_eq(b.entry, "authentication");
	assert_same(b.leaf, pki("good.pem"));
	assert_chain_is_ca_path(&b);
	cr_assert_eq(OSSL_PROVIDER_available(NULL, "legacy"), legacy, "%s: legacy provider %s",
		file, legacy ? "not loaded" : "loaded needlessly");
	cert_bundle_release(&b);
}

Test(p12, modern_needs_no_legacy_provider)
{
	expect_keystore("modern.p12", 1, false);
}

Test(p12, legacy_loads_legacy_provider)
{
	cr_assert_not(OSSL_PROVIDER_available(NULL, "legacy"));
	expect_keystore("legacy.p12", 1, true);
	/* Loaded once: a second legacy keystore works the same. */
	expect_keystore("legacy.p12", 1, true);
}

Test(p12, keytool_ehealth_layout_picks_authentication)
{
	struct cert_bundle b;
	X509 *etk = NULL;

	expect_keystore("ehealth.acc-p12", 2, true);
	load_ok(pki("ehealth.acc-p12"), PASSWORD, CERT_LOAD_KEY, &b);
	cr_assert_not_null(b.key);
	cr_assert_eq(X509_check_private_key(b.leaf, b.key), 1, "the key is not the leaf's");
	for (int i = 0; i < sk_X509_num(b.chain); i++)
		if (X509_self_signed(sk_X509_value(b.chain, i), 1) == 1 &&
			X509_NAME_cmp(X509_get_subject_name(sk_X509_value(b.chain, i)),
				X509_get_subject_name(b.leaf)) == 0)
			etk = sk_X509_value(b.chain, i);
	cr_assert_null(etk, "the ETK certificate is in the chain");
	cert_bundle_release(&b);
}

Test(p12, key_on_request)
{
	struct cert_bundle b;

	load_ok(pki("modern.p12"), PASSWORD, CERT_LOAD_KEY, &b);
	cr_assert_not_null(b.key);
	cr_assert_eq(X509_check_private_key(b.leaf, b.key), 1);
	cr_assert_eq(EVP_PKEY_get_bits(b.key), 2048);
	cert_bundle_release(&b);
	cr_assert_null(b.key);
	cr_assert_null(b.leaf);
}

Test(p12, single_unnamed_key)
{
	struct cert_bundle b;

	load_ok(pki("noname.p12"), PASSWORD, 0, &b);
	cr_assert_null(b.entry);
	cr_assert_eq(b.n_keys, 1);
	assert_same(b.leaf, pki("good.pem"));
	cr_assert_eq(sk_X509_num(b.chain), 0);
	cert_bundle_release(&b);
}

Test(p12, certificates_only)
{
	struct cert_bundle b;

	load_ok(pki("certsonly.p12"), PASSWORD, 0, &b);
	cr_assert_not(b.has_private_key);
	cr_assert_eq(b.n_keys, 0);
	assert_same(b.leaf, pki("good.pem"));
	assert_chain_is_ca_path(&b);
	cert_bundle_release(&b);
}

Test(p12, two_keys_without_authentication)
{
	struct cot_err err = COT_ERR_INIT;
	char want[PATH_MAX + 200];

	cr_assert_eq(load_fail(pki("twokeys.p12"), PASSWORD, &err), COT_USAGE);
	snprintf(want, sizeof(want),
		"'%s' holds 2 private keys and none is named "
		"'authentication' (found: ",
		pki("twokeys.p12"));
	cr_assert(strncmp(err.msg, want, strlen(want)) == 0, "%s", err.msg);
	cr_assert(strstr(err.msg, "'signing'"), "%s", err.msg);
	cr_assert(strstr(err.msg, "'encryption'"), "%s", err.msg);
}

Test(p12, wrong_and_empty_password)
{
	const char *files[] = {"modern.p12", "legacy.p12", "ehealth.acc-p12", "twokeys.p12"};
	const char *passwords[] = {"Test_002", "", NULL, "test_001"};
	struct cot_err err = COT_ERR_INIT;
	char want[PATH_MAX + 40];

	for (size_t i = 0; i < 4; i++) {
		snprintf(want, sizeof(want), "wrong password for '%s'", pki(files[i]));
		for (size_t j = 0; j < 4; j++) {
			cr_assert_eq(load_fail(pki(files[i]), passwords[j], &err), COT_USAGE);
			cr_assert_str_eq(err.msg, want);
		}
	}
}

Test(p12, empty_password_keystore)
{
	struct cert_bundle b;
	struct cot_err err = COT_ERR_INIT;
	size_t len;
	char *d = slurp(pki("modern.p12"), &len);

	/* NULL and "" both open a keystore written with an empty password. */
	cert_bundle_init(&b);
	cr_assert_eq(cert_load_mem("x", d, len, NULL, 0, &b, &err), COT_USAGE);
	free(d);
	d = slurp(pki("empty-password.p12"), &len);
	cr_assert_eq(cert_load_mem("e", d, len, NULL, 0, &b, &err), COT_OK, "%s", err.msg);
	cert_bundle_release(&b);
	cr_assert_eq(cert_load_mem("e", d, len, "", 0, &b, &err), COT_OK, "%s", err.msg);
	cert_bundle_release(&b);
	cr_assert_eq(cert_load_mem("e", d, len, "x", 0, &b, &err), COT_USAGE);
	free(d);
}

Test(p12, mac_iterations_bounded, .timeout = 10)
{
	size_t len;
	char *d = slurp(pki("modern.p12"), &len);
	const unsigned char *p = (const unsigned char *)d;
	unsigned char *der = NULL;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	struct cert_bundle b;
	struct cot_err err = COT_ERR_INIT;
	int n;

	/* A MAC of 20 million iterations would stall the loader: refused before computing. */
	cr_assert_not_null(p12);
	cr_assert(PKCS12_setup_mac(p12, 20000000, NULL, 8, EVP_sha256()));
	n = i2d_PKCS12(p12, &der);
	cr_assert_gt(n, 0);
	cert_bundle_init(&b);
	cr_assert_eq(
		cert_load_mem("big-iter.p12", der, (size_t)n, PASSWORD, 0, &b, &err), COT_USAGE);
	cr_assert_str_eq(err.msg, "'big-iter.p12': MAC iteration count 20000000 out of range "
				  "(1 to 10000000)");
	OPENSSL_free(der);
	PKCS12_free(p12);
	free(d);
}

/* ---- chains ---- */

Test(chain, generated_pki)
{
	X509 *good = load_leaf(pki("good.pem")), *iss = load_leaf(pki("issuing.pem"));
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	const char *root[] = {pki("root.pem")};
	const char *issuing[] = {pki("issuing.pem")};
	const char *ehealth[] = {src(PROD_ROOT), src(PROD_ISSUING)};
	struct cot_err err = COT_ERR_INIT;
	time_t now = time(NULL);

	sk_X509_push(untrusted, iss);
	cr_assert_eq(cert_verify_chain(good, untrusted, root, 1, now, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_verify_chain(good, NULL, root, 1, now, &err), COT_FINDINGS);
	cr_assert(
		strstr(err.msg, "unable to get local issuer certificate (depth 0"), "%s", err.msg);
	cr_assert_eq(cert_verify_chain(good, NULL, issuing, 1, now, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(cert_verify_chain(good, untrusted, ehealth, 2, now, &err), COT_FINDINGS);
	cr_assert(strstr(err.msg, "unable to get"), "%s", err.msg);
	cr_assert_eq(cert_verify_chain(good, untrusted, root, 0, now, &err), COT_USAGE);
	sk_X509_pop_free(untrusted, X509_free);
	X509_free(good);
}

Test(chain, expired_leaf_at_signing_time)
{
	X509 *x = load_leaf(pki("expired.pem"));
	struct cert_bundle chain;
	const char *root[] = {pki("root.pem")};
	struct cot_err err = COT_ERR_INIT;
	struct cert_info info;

	/* ca-chain.pem holds only CAs: the issuing CA is the "leaf", the root its chain. */
	load_ok(pki("ca-chain.pem"), NULL, 0, &chain);
	sk_X509_push(chain.chain, X509_dup(chain.leaf));
	cert_info_init(&info);
	cr_assert_eq(cert_info_get(x, &info, &err), COT_OK);
	cr_assert_eq(cert_verify_chain(x, chain.chain, root, 1, time(NULL), &err), COT_FINDINGS);
	cr_assert(strstr(err.msg, "certificate has expired (depth 0"), "%s", err.msg);
	cr_assert_eq(cert_verify_chain(x, chain.chain, root, 1, info.not_before + 86400, &err),
		COT_OK, "%s", err.msg);
	cert_info_release(&info);
	cert_bundle_release(&chain);
	X509_free(x);
}

Test(chain, anchors)
{
	STACK_OF(X509) *a = sk_X509_new_null();
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_load_anchors(pki("ca-chain.pem"), a, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(sk_X509_num(a), 2);
	cr_assert_eq(cert_load_anchors(src(PROD_ROOT), a, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(sk_X509_num(a), 3);
	cr_assert_eq(cert_load_anchors(pki("good-with-key.pem"), a, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "holds a private key"), "%s", err.msg);
	cr_assert_eq(cert_load_anchors(pki("garbage.bin"), a, &err), COT_USAGE);
	cr_assert_eq(cert_load_anchors(pki("leaf.key"), a, &err), COT_USAGE);
	cr_assert_eq(cert_load_anchors(pki("no-such-file"), a, &err), COT_USAGE);
	cr_assert_eq(sk_X509_num(a), 3, "a refused file added anchors");
	sk_X509_pop_free(a, X509_free);
}
