/* A throwaway test PKI in memory: CAs, eHealth-style organisation certificates, keystores. */
#include <stdio.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/testpki.h"

#define EHEALTH_OU "eHealth-platform Belgium"

static int ossl_failed(struct cot_err *err, const char *what)
{
	unsigned long e = ERR_peek_last_error();
	char reason[256];

	if (e)
		ERR_error_string_n(e, reason, sizeof(reason));
	else
		snprintf(reason, sizeof(reason), "%s", _("unknown reason"));
	ERR_clear_error();
	return cot_err_set(err, COT_ENV, "%s: %s", what, reason);
}

static bool random_serial(X509 *x)
{
	unsigned char r[16];
	BIGNUM *bn;
	bool ok;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return false;
	r[0] &= 0x7f; /* positive, and 16 bytes at most in DER */
	r[0] |= 0x01;
	bn = BN_bin2bn(r, sizeof(r), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x));
	BN_free(bn);
	return ok;
}

static bool add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;
	bool ok;

	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	ok = ext && X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	return ok;
}

/* A v3 certificate for key with subject name, dates and a random serial; not signed yet. */
static X509 *new_cert(EVP_PKEY *key, X509_NAME *name, const X509_NAME *issuer, time_t nb, time_t na)
{
	X509 *x = X509_new();

	if (!x || !X509_set_version(x, 2) || !random_serial(x) || !X509_set_subject_name(x, name) ||
		!X509_set_issuer_name(x, issuer ? issuer : name) ||
		!ASN1_TIME_set(X509_getm_notBefore(x), nb) ||
		!ASN1_TIME_set(X509_getm_notAfter(x), na) || !X509_set_pubkey(x, key)) {
		X509_free(x);
		return NULL;
	}
	return x;
}

static bool add_entry(X509_NAME *n, const char *field, const char *value)
{
	return X509_NAME_add_entry_by_txt(
		       n, field, MBSTRING_UTF8, (const unsigned char *)value, -1, -1, 0) == 1;
}

struct ext_spec {
	int nid; /* 0 ends a list */
	const char *value;
};

/*
 * Signs a certificate for k and name, issued by issuer with issuer_key (self-signed when
 * issuer is NULL), with the extensions exts: *cert and *key. Takes k and name, freed or
 * handed over on every path; err says what (translated) failed.
 */
static int issue(X509_NAME *name, EVP_PKEY *k, X509 *issuer, EVP_PKEY *issuer_key, time_t nb,
	time_t na, const struct ext_spec *exts, const char *what, X509 **cert, EVP_PKEY **key,
	struct cot_err *err)
{
	X509 *x = new_cert(k, name, issuer ? X509_get_subject_name(issuer) : NULL, nb, na);
	bool ok = x != NULL;

	X509_NAME_free(name);
	for (; ok && exts->nid; exts++)
		ok = add_ext(x, issuer, exts->nid, exts->value);
	if (!ok || !X509_sign(x, issuer ? issuer_key : k, EVP_sha256())) {
		X509_free(x);
		EVP_PKEY_free(k);
		return ossl_failed(err, what);
	}
	*cert = x;
	*key = k;
	return COT_OK;
}

int testpki_make_ca(const char *cn, X509 *issuer, EVP_PKEY *issuer_key, time_t not_before,
	time_t not_after, X509 **cert, EVP_PKEY **key, struct cot_err *err)
{
	X509_NAME *name = X509_NAME_new();
	EVP_PKEY *k = EVP_RSA_gen(TESTPKI_KEY_BITS);
	const struct ext_spec exts[] = {
		{NID_basic_constraints, issuer ? "critical,CA:TRUE,pathlen:0" : "critical,CA:TRUE"},
		{NID_key_usage, "critical,keyCertSign,cRLSign"},
		{NID_subject_key_identifier, "hash"},
		{issuer ? NID_authority_key_identifier : 0, "keyid:always"},
		{0, NULL},
	};

	*cert = NULL;
	*key = NULL;
	if (!name || !k || !add_entry(name, "C", "BE") || !add_entry(name, "O", "cot test PKI") ||
		!add_entry(name, "CN", cn)) {
		X509_NAME_free(name);
		EVP_PKEY_free(k);
		return ossl_failed(err, _("test PKI: cannot make a CA key and name"));
	}
	return issue(name, k, issuer, issuer_key, not_before, not_after, exts,
		_("test PKI: cannot make a CA certificate"), cert, key, err);
}

/* C, O, [OU=APPID,] OU=TYPE=ID, OU=NAME, OU=eHealth-platform Belgium, CN (DER order). */
static X509_NAME *ehealth_name(const struct testpki_org *org)
{
	X509_NAME *n = X509_NAME_new();
	bool app = org->app_id && org->app_id[0];
	struct buf ident = BUF_INIT, cn = BUF_INIT;
	bool ok;

	buf_addf(&ident, "%s=%s", org->id_type, org->id);
	buf_addf(&cn, "%s%s%s", ident.data ? ident.data : "", app ? ", " : "",
		app ? org->app_id : "");
	ok = n && !ident.failed && !cn.failed && add_entry(n, "C", "BE") &&
	     add_entry(n, "O", "Federal Government") && (!app || add_entry(n, "OU", org->app_id)) &&
	     add_entry(n, "OU", ident.data) && add_entry(n, "OU", org->name) &&
	     add_entry(n, "OU", EHEALTH_OU) && add_entry(n, "CN", cn.data);
	buf_release(&ident);
	buf_release(&cn);
	if (!ok) {
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

int testpki_make_org(const struct testpki_org *org, X509 *ca, EVP_PKEY *ca_key, X509 **cert,
	EVP_PKEY **key, struct cot_err *err)
{
	static const struct ext_spec exts[] = {
		{NID_basic_constraints, "critical,CA:FALSE"},
		{NID_key_usage, "critical,digitalSignature,nonRepudiation,keyEncipherment"},
		{NID_ext_key_usage, "clientAuth,emailProtection"},
		{NID_subject_key_identifier, "hash"},
		{NID_authority_key_identifier, "keyid:always"},
		{0, NULL},
	};
	X509_NAME *name;
	EVP_PKEY *k;

	*cert = NULL;
	*key = NULL;
	if (!org->id_type || !*org->id_type || !org->id || !*org->id || !org->name || !*org->name ||
		!ca || !ca_key)
		return cot_err_set(err, COT_USAGE,
			_("test PKI: an organisation needs an identifier "
			  "type, an identifier, a name and a CA"));
	name = ehealth_name(org);
	k = EVP_RSA_gen(TESTPKI_KEY_BITS);
	if (!name || !k) {
		X509_NAME_free(name);
		EVP_PKEY_free(k);
		return ossl_failed(err, _("test PKI: cannot make an organisation key and name"));
	}
	return issue(name, k, ca, ca_key, org->not_before, org->not_after, exts,
		_("test PKI: cannot make an organisation certificate"), cert, key, err);
}

int testpki_write_p12(const char *path, X509 *cert, EVP_PKEY *key, STACK_OF(X509) *chain,
	const char *name, const char *password, struct cot_err *err)
{
	PKCS12 *p12 = PKCS12_create(password, name, key, cert, chain, 0, 0, 0, 0, 0);
	unsigned char *der = NULL;
	int n, rc;

	if (!p12)
		return ossl_failed(err, _("test PKI: cannot make a keystore"));
	n = i2d_PKCS12(p12, &der);
	PKCS12_free(p12);
	if (n <= 0)
		return ossl_failed(err, _("test PKI: cannot encode a keystore"));
	rc = fs_write_new(path, der, (size_t)n, 0600, err);
	OPENSSL_clear_free(der, (size_t)n);
	return rc;
}

int testpki_write_pem(const char *path, X509 *cert, mode_t mode, struct cot_err *err)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *p = NULL;
	long n = 0;
	int rc;

	if (!bio || !PEM_write_bio_X509(bio, cert) || (n = BIO_get_mem_data(bio, &p)) <= 0) {
		BIO_free(bio);
		return ossl_failed(err, _("test PKI: cannot write a certificate"));
	}
	rc = fs_write_new(path, p, (size_t)n, mode, err);
	BIO_free(bio);
	return rc;
}

int testpki_password(char *out, size_t len, struct cot_err *err)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char r[64];
	size_t n;

	if (len < 2)
		return cot_err_set(err, COT_USAGE, _("test PKI: no room for a password"));
	for (size_t done = 0; done < len - 1; done += n) {
		n = len - 1 - done < sizeof(r) ? len - 1 - done : sizeof(r);
		if (RAND_bytes(r, (int)n) != 1)
			return ossl_failed(err, _("test PKI: cannot make a random password"));
		for (size_t i = 0; i < n; i++)
			out[done + i] = hex[r[i] & 0x0f];
	}
	out[len - 1] = '\0';
	OPENSSL_cleanse(r, sizeof(r));
	return COT_OK;
}
