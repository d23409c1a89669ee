/* Unit tests of cades: detached CAdES-BES signatures made and checked, step by step. */
#include <criterion/criterion.h>
#include <string.h>
#include <openssl/cms.h>
#include "cot/cades.h"
#include "cot/testpki.h"

static X509 *ca, *org;
static EVP_PKEY *ca_key, *org_key, *other_key;
static STACK_OF(X509) *chain;
static const char content[] = "<manifest>the bytes that are signed</manifest>\n";
static const time_t signing_time = 1795300000; /* 2026-11-22 */

static void pki(void)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org o = {"CBE", "0403019261", "MAISON SAINTE-ELISABETH", NULL,
		signing_time - 86400 * 30, signing_time + 86400 * 365};
	X509 *x;

	cr_assert_eq(testpki_make_ca("cades test CA", NULL, NULL, signing_time - 86400 * 365,
			     signing_time + 86400 * 3650, &ca, &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &org, &org_key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &x, &other_key, &err), COT_OK, "%s", err.msg);
	X509_free(x);
	chain = sk_X509_new_null();
	X509_up_ref(ca);
	sk_X509_push(chain, ca);
}

static void pki_free(void)
{
	X509_free(ca);
	X509_free(org);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(org_key);
	EVP_PKEY_free(other_key);
	sk_X509_pop_free(chain, X509_free);
}

TestSuite(cades, .init = pki, .fini = pki_free);

static void sign(unsigned char **der, size_t *len)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cades_sign(content, sizeof(content) - 1, org_key, org, chain, signing_time,
			     der, len, &err),
		COT_OK, "%s", err.msg);
}

static enum cades_fail check(
	const unsigned char *der, size_t len, const void *c, size_t clen, struct cades_result *r)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cades_verify(der, len, c, clen, r, &err), COT_OK, "%s", err.msg);
	return r->fail;
}

Test(cades, signs_and_verifies)
{
	struct cades_result r;
	unsigned char *der;
	size_t len;

	sign(&der, &len);
	cr_assert_eq(check(der, len, content, sizeof(content) - 1, &r), CADES_OK, "%s", r.why);
	cr_assert_eq(X509_cmp(r.signer, org), 0, "the signer's certificate is found");
	cr_assert_eq(sk_X509_num(r.certs), 2, "signer and chain included");
	cr_assert(r.has_signing_time);
	cr_assert_eq(r.signing_time, signing_time);
	cr_assert_str_eq(r.digest, "SHA256");
	cades_result_release(&r);
	OPENSSL_free(der);
}

Test(cades, same_input_same_bytes)
{
	unsigned char *a, *b;
	size_t la, lb;

	sign(&a, &la);
	sign(&b, &lb);
	cr_assert_eq(la, lb);
	cr_assert_eq(
		memcmp(a, b, la), 0, "RSA PKCS#1 v1.5 with a fixed signing time is deterministic");
	OPENSSL_free(a);
	OPENSSL_free(b);
}

Test(cades, other_content_is_a_hash_failure)
{
	struct cades_result r;
	unsigned char *der;
	size_t len;

	sign(&der, &len);
	cr_assert_eq(check(der, len, "other", 5, &r), CADES_HASH);
	cr_assert_not_null(strstr(r.why, "changed after signing"));
	cades_result_release(&r);
	OPENSSL_free(der);
}

Test(cades, a_changed_signature_value_is_a_crypto_failure)
{
	struct cades_result r;
	unsigned char *der;
	size_t len;

	sign(&der, &len);
	der[len - 10] ^= 0x01; /* inside the RSA signature value, which ends the structure */
	cr_assert_eq(check(der, len, content, sizeof(content) - 1, &r), CADES_CRYPTO);
	cades_result_release(&r);
	OPENSSL_free(der);
}

Test(cades, malformed_is_a_format_failure)
{
	struct cades_result r;
	unsigned char *der, *more;
	size_t len;

	cr_assert_eq(check((const unsigned char *)"garbage", 7, content, 3, &r), CADES_FORMAT);
	cades_result_release(&r);
	cr_assert_eq(check((const unsigned char *)"", 0, content, 3, &r), CADES_FORMAT);
	cades_result_release(&r);
	sign(&der, &len);
	cr_assert_eq(
		check(der, len / 2, content, sizeof(content) - 1, &r), CADES_FORMAT, "truncated");
	cades_result_release(&r);
	more = OPENSSL_malloc(len + 1);
	memcpy(more, der, len);
	more[len] = 0;
	cr_assert_eq(check(more, len + 1, content, sizeof(content) - 1, &r), CADES_FORMAT,
		"trailing bytes");
	cr_assert_not_null(strstr(r.why, "after the CMS structure"));
	cades_result_release(&r);
	OPENSSL_free(more);
	OPENSSL_free(der);
}

Test(cades, a_key_of_another_certificate_is_refused)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned char *der = NULL;
	size_t len;

	cr_assert_eq(cades_sign(content, 3, other_key, org, chain, signing_time, &der, &len, &err),
		COT_USAGE);
	cr_assert_null(der);
	cr_assert_not_null(strstr(err.msg, "does not belong"));
}

/* Plain CMS without the signing-certificate-v2 attribute is not CAdES-BES. */
Test(cades, without_signing_certificate_attribute)
{
	BIO *in = BIO_new_mem_buf(content, sizeof(content) - 1);
	CMS_ContentInfo *cms = CMS_sign(org, org_key, chain, in, CMS_DETACHED | CMS_BINARY);
	unsigned char *der = NULL;
	struct cades_result r;
	int n;

	cr_assert_not_null(cms);
	n = i2d_CMS_ContentInfo(cms, &der);
	cr_assert_eq(check(der, (size_t)n, content, sizeof(content) - 1, &r), CADES_SIGNING_CERT);
	cades_result_release(&r);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
}

/* Attached content (not detached) is refused: the manifest is the content. */
Test(cades, attached_is_refused)
{
	BIO *in = BIO_new_mem_buf(content, sizeof(content) - 1);
	CMS_ContentInfo *cms = CMS_sign(org, org_key, chain, in, CMS_BINARY | CMS_CADES);
	unsigned char *der = NULL;
	struct cades_result r;
	int n;

	cr_assert_not_null(cms);
	n = i2d_CMS_ContentInfo(cms, &der);
	cr_assert_eq(check(der, (size_t)n, content, sizeof(content) - 1, &r), CADES_FORMAT);
	cr_assert_not_null(strstr(r.why, "not detached"));
	cades_result_release(&r);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
}
