/* Reading certificates and keystores: PEM, DER and PKCS#12, with the legacy provider on demand. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cot/buf.h"
#include "cot/cert.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"

#define MAX_CERTS 256	      /* certificates in one file */
#define MAX_KEYS 8	      /* private keys in one keystore */
#define MAX_BAG_DEPTH 3	      /* nested safeContents bags */
#define MAX_MAC_ITER 10000000 /* Java writes 100000; more only stalls cot */
#define ENTRY_NAME "authentication"

void cert_bundle_init(struct cert_bundle *b)
{
	memset(b, 0, sizeof(*b));
}

void cert_bundle_release(struct cert_bundle *b)
{
	X509_free(b->leaf);
	sk_X509_pop_free(b->chain, X509_free);
	EVP_PKEY_free(b->key);
	free(b->entry);
	cert_bundle_init(b);
}

const char *cert_format_name(enum cert_format f)
{
	switch (f) {
	case CERT_FORMAT_PEM:
		return "PEM";
	case CERT_FORMAT_DER:
		return "DER";
	case CERT_FORMAT_PKCS12:
		return "PKCS#12";
	default:
		return "unknown";
	}
}

enum cert_format cert_detect(const void *data, size_t len)
{
	const unsigned char *p = data;
	enum cert_format f = CERT_FORMAT_UNKNOWN;
	X509 *x;
	PKCS12 *p12;

	if (len == 0 || len > CERT_MAX_FILE)
		return CERT_FORMAT_UNKNOWN;
	x = d2i_X509(NULL, &p, (long)len);
	if (x) {
		f = CERT_FORMAT_DER;
		goto out;
	}
	p = data;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	if (p12)
		f = CERT_FORMAT_PKCS12;
	else if (memmem(data, len, "-----BEGIN ", 11))
		f = CERT_FORMAT_PEM;
	PKCS12_free(p12);
out:
	X509_free(x);
	ERR_clear_error();
	return f;
}

int cert_detect_file(const char *path, enum cert_format *out, struct cot_err *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	rc = fs_read(path, CERT_MAX_FILE, &data, &len, err);
	if (rc == COT_OK)
		*out = cert_detect(data, len);
	if (data)
		OPENSSL_cleanse(data, len);
	free(data);
	return rc;
}

/* The total length a DER SEQUENCE header at d declares, when it is readable. */
static bool der_declared(const unsigned char *d, size_t len, size_t *total)
{
	size_t n, v = 0;

	if (len < 2 || d[0] != 0x30)
		return false;
	if (d[1] < 0x80) {
		*total = 2 + (size_t)d[1];
		return true;
	}
	n = d[1] & 0x7f;
	if (n == 0 || n > 4 || len < 2 + n)
		return false;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | d[2 + i];
	*total = 2 + n + v;
	return true;
}

static int not_cert(const char *name, struct cot_err *err)
{
	return cot_err_set(err, COT_USAGE,
		_("'%s' is not a certificate or keystore (PEM, DER or "
		  "PKCS#12)"),
		name);
}

static int unrecognised(const char *name, const unsigned char *d, size_t len, struct cot_err *err)
{
	size_t total;

	if (len == 0)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is empty: it is not a certificate or "
			  "keystore (PEM, DER or PKCS#12)"),
			name);
	if (der_declared(d, len, &total) && total > len)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is truncated (%zu of %zu bytes): it is "
			  "not a certificate or keystore (PEM, DER or PKCS#12)"),
			name, len, total);
	return not_cert(name, err);
}

static int push_cert(STACK_OF(X509) *certs, X509 *x, const char *name, struct cot_err *err)
{
	if (sk_X509_num(certs) >= MAX_CERTS) {
		X509_free(x);
		return cot_err_set(
			err, COT_USAGE, _("'%s' holds more than %d certificates"), name, MAX_CERTS);
	}
	if (!sk_X509_push(certs, x)) {
		X509_free(x);
		return cot_err_nomem(err);
	}
	return COT_OK;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* One decoded PEM block: a certificate is added, a private key noted, the rest ignored. */
static int pem_block(const char *name, const char *type, const unsigned char *der, long n,
	STACK_OF(X509) *certs, bool *has_key, struct cot_err *err)
{
	const unsigned char *p = der;
	X509 *x = NULL;

	if (ends_with(type, "PRIVATE KEY")) {
		*has_key = true;
		return COT_OK;
	}
	if (strcmp(type, "CERTIFICATE") == 0 || strcmp(type, "X509 CERTIFICATE") == 0)
		x = d2i_X509(NULL, &p, n);
	else if (strcmp(type, "TRUSTED CERTIFICATE") == 0)
		x = d2i_X509_AUX(NULL, &p, n);
	else
		return COT_OK;
	if (!x)
		return cot_err_set(err, COT_USAGE, _("'%s': certificate %d is malformed"), name,
			sk_X509_num(certs) + 1);
	return push_cert(certs, x, name, err);
}

static bool pem_at_end(void)
{
	unsigned long e = ERR_peek_last_error();

	return ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE;
}

/* Reads every PEM block of d; the decoded bytes of each block are wiped after use. */
static int pem_parse(const char *name, const void *d, size_t len, STACK_OF(X509) *certs,
	bool *has_key, struct cot_err *err)
{
	BIO *bio = BIO_new_mem_buf(d, (int)len);
	char *type = NULL, *header = NULL;
	unsigned char *der = NULL;
	long n = 0;
	int rc = COT_OK, blocks = 0;

	if (!bio)
		return cot_err_nomem(err);
	ERR_clear_error();
	while (rc == COT_OK) {
		if (!PEM_read_bio(bio, &type, &header, &der, &n)) {
			if (!pem_at_end())
				rc = cot_err_set(err, COT_USAGE,
					_("'%s': PEM block %d is malformed"), name, blocks + 1);
			break;
		}
		blocks++;
		rc = pem_block(name, type, der, n, certs, has_key, err);
		OPENSSL_free(type);
		OPENSSL_free(header);
		OPENSSL_clear_free(der, (size_t)n);
		type = header = NULL;
		der = NULL;
	}
	ERR_clear_error();
	BIO_free(bio);
	return rc;
}

/* Moves the certificates of certs after leaf into a new chain: issuers first, no copies. */
static int build_chain(X509 *leaf, STACK_OF(X509) *certs, STACK_OF(X509) **out, struct cot_err *err)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *cur = leaf, *x;
	int rc = COT_OK;
	bool grew = true;

	if (!chain)
		return cot_err_nomem(err);
	while (grew) {
		grew = false;
		for (int i = 0; i < sk_X509_num(certs); i++) {
			x = sk_X509_value(certs, i);
			if (X509_cmp(x, cur) == 0 || X509_check_issued(x, cur) != X509_V_OK)
				continue;
			if (!sk_X509_push(chain, x))
				goto oom;
			(void)sk_X509_delete(certs, i);
			cur = x;
			grew = true;
			break;
		}
	}
	while (sk_X509_num(certs) > 0) {
		if (!sk_X509_push(chain, sk_X509_value(certs, 0)))
			goto oom;
		(void)sk_X509_delete(certs, 0);
	}
	*out = chain;
	return rc;
oom:
	sk_X509_free(chain);
	return cot_err_nomem(err);
}

/* Drops from certs the leaf itself, copies of certificates already seen, and, when
 * drop_self is set, self-signed certificates with the leaf's subject (the ETK). */
static void prune(X509 *leaf, STACK_OF(X509) *certs, bool drop_self)
{
	for (int i = 0; i < sk_X509_num(certs);) {
		X509 *x = sk_X509_value(certs, i);
		bool drop = X509_cmp(x, leaf) == 0;

		for (int j = 0; j < i && !drop; j++)
			drop = X509_cmp(x, sk_X509_value(certs, j)) == 0;
		if (!drop && drop_self)
			drop = X509_NAME_cmp(X509_get_subject_name(x),
				       X509_get_subject_name(leaf)) == 0 &&
			       X509_self_signed(x, 0) == 1;
		if (drop)
			X509_free(sk_X509_delete(certs, i));
		else
			i++;
	}
}

/* Takes leaf (a reference the caller gives) and the certificates left in certs. */
static int finish_bundle(
	X509 *leaf, STACK_OF(X509) *certs, struct cert_bundle *out, struct cot_err *err)
{
	int rc;

	prune(leaf, certs, true);
	rc = build_chain(leaf, certs, &out->chain, err);
	if (rc) {
		X509_free(leaf);
		return rc;
	}
	out->leaf = leaf;
	return COT_OK;
}

/* PEM, DER and certificate-only keystores: the first non-CA certificate is the leaf. */
static int pick_leaf(
	const char *name, STACK_OF(X509) *certs, struct cert_bundle *out, struct cot_err *err)
{
	int i, n = sk_X509_num(certs);

	if (n == 0)
		return cot_err_set(err, COT_USAGE,
			out->has_private_key ? _("'%s' holds a private key but no certificate")
					     : _("'%s' holds no certificate"),
			name);
	for (i = 0; i < n; i++)
		if (X509_check_ca(sk_X509_value(certs, i)) == 0)
			break;
	if (i == n)
		i = 0;
	return finish_bundle(sk_X509_delete(certs, i), certs, out, err);
}

static int load_pem(
	const char *name, const void *d, size_t len, struct cert_bundle *out, struct cot_err *err)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	int rc;

	if (!certs)
		return cot_err_nomem(err);
	rc = pem_parse(name, d, len, certs, &out->has_private_key, err);
	if (rc == COT_OK)
		rc = pick_leaf(name, certs, out, err);
	sk_X509_pop_free(certs, X509_free);
	return rc;
}

static int load_der(
	const char *name, const void *d, size_t len, struct cert_bundle *out, struct cot_err *err)
{
	const unsigned char *p = d;

	out->leaf = d2i_X509(NULL, &p, (long)len);
	if (!out->leaf)
		return not_cert(name, err);
	out->chain = sk_X509_new_null();
	if (!out->chain)
		return cot_err_nomem(err);
	return COT_OK;
}

/* ---- PKCS#12 ---- */

struct p12_key {
	EVP_PKEY *pkey;
	char *name;	   /* friendlyName, UTF-8, or NULL */
	unsigned char *id; /* localKeyID, or NULL */
	int idlen;
};

struct p12_read {
	const char *name;
	const char *pass;
	bool decrypt_failed;
	STACK_OF(X509) *certs;
	struct p12_key keys[MAX_KEYS];
	size_t n_keys;
};

static void p12_read_clear(struct p12_read *r)
{
	sk_X509_pop_free(r->certs, X509_free);
	r->certs = NULL;
	for (size_t i = 0; i < r->n_keys; i++) {
		EVP_PKEY_free(r->keys[i].pkey);
		OPENSSL_free(r->keys[i].name);
		OPENSSL_free(r->keys[i].id);
	}
	memset(r->keys, 0, sizeof(r->keys));
	r->n_keys = 0;
	r->decrypt_failed = false;
}

static CRYPTO_ONCE legacy_once = CRYPTO_ONCE_STATIC_INIT;
static OSSL_PROVIDER *legacy_provider, *default_provider;

static void legacy_init(void)
{
	/* Loading a provider explicitly stops the implicit default one: load both. */
	legacy_provider = OSSL_PROVIDER_load(NULL, "legacy");
	default_provider = OSSL_PROVIDER_load(NULL, "default");
}

static int legacy_load(const char *name, struct cot_err *err)
{
	if (!CRYPTO_THREAD_run_once(&legacy_once, legacy_init) || !legacy_provider ||
		!default_provider)
		return cot_err_set(err, COT_ENV,
			_("cannot read '%s': its legacy encryption needs the OpenSSL legacy "
			  "provider, which cannot be loaded"),
			name);
	return COT_OK;
}

/* Chooses the password the MAC accepts: NULL and "" are both tried, as OpenSSL does.
 * Any failure is "wrong password", with no hint of what else might be wrong. */
static int p12_mac(
	PKCS12 *p12, const char *name, const char *password, const char **pass, struct cot_err *err)
{
	const ASN1_INTEGER *iter = NULL;
	long n;

	*pass = password;
	if (!PKCS12_mac_present(p12))
		return COT_OK;
	PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
	n = iter ? ASN1_INTEGER_get(iter) : 1;
	if (n < 1 || n > MAX_MAC_ITER)
		return cot_err_set(err, COT_USAGE,
			_("'%s': MAC iteration count %ld out of range "
			  "(1 to %d)"),
			name, n, MAX_MAC_ITER);
	if (password && *password) {
		if (PKCS12_verify_mac(p12, password, -1))
			return COT_OK;
	} else if (PKCS12_verify_mac(p12, NULL, 0)) {
		*pass = NULL;
		return COT_OK;
	} else if (PKCS12_verify_mac(p12, "", 0)) {
		*pass = "";
		return COT_OK;
	}
	ERR_clear_error();
	return cot_err_set(err, COT_USAGE, _("wrong password for '%s'"), name);
}

static int p12_add_key(
	struct p12_read *r, PKCS12_SAFEBAG *bag, const PKCS8_PRIV_KEY_INFO *p8, struct cot_err *err)
{
	const ASN1_TYPE *id = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
	struct p12_key *k;

	if (r->n_keys == MAX_KEYS)
		return cot_err_set(err, COT_USAGE, _("'%s' holds more than %d private keys"),
			r->name, MAX_KEYS);
	k = &r->keys[r->n_keys];
	k->pkey = EVP_PKCS82PKEY(p8);
	if (!k->pkey)
		return cot_err_set(err, COT_USAGE, _("'%s': private key %zu cannot be read"),
			r->name, r->n_keys + 1);
	r->n_keys++;
	k->name = PKCS12_get_friendlyname(bag);
	if (id && id->type == V_ASN1_OCTET_STRING && id->value.octet_string->length > 0) {
		k->idlen = id->value.octet_string->length;
		k->id = OPENSSL_memdup(id->value.octet_string->data, (size_t)k->idlen);
		if (!k->id)
			return cot_err_nomem(err);
	}
	return COT_OK;
}

static int p12_add_cert(struct p12_read *r, PKCS12_SAFEBAG *bag, struct cot_err *err)
{
	const ASN1_TYPE *id = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
	X509 *x;

	if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate)
		return COT_OK;
	x = PKCS12_SAFEBAG_get1_cert(bag);
	if (!x)
		return cot_err_set(err, COT_USAGE, _("'%s': certificate %d is malformed"), r->name,
			sk_X509_num(r->certs) + 1);
	if (id && id->type == V_ASN1_OCTET_STRING &&
		!X509_keyid_set1(x, id->value.octet_string->data, id->value.octet_string->length)) {
		X509_free(x);
		return cot_err_nomem(err);
	}
	return push_cert(r->certs, x, r->name, err);
}

static int p12_bags(
	struct p12_read *r, const STACK_OF(PKCS12_SAFEBAG) *bags, int depth, struct cot_err *err);

static int p12_bag(struct p12_read *r, PKCS12_SAFEBAG *bag, int depth, struct cot_err *err)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	int rc = COT_OK;

	switch (PKCS12_SAFEBAG_get_nid(bag)) {
	case NID_keyBag:
		rc = p12_add_key(r, bag, PKCS12_SAFEBAG_get0_p8inf(bag), err);
		break;
	case NID_pkcs8ShroudedKeyBag:
		p8 = PKCS12_decrypt_skey(bag, r->pass, -1);
		if (!p8) {
			r->decrypt_failed = true;
			return cot_err_set(
				err, COT_USAGE, _("cannot decrypt a private key of '%s'"), r->name);
		}
		rc = p12_add_key(r, bag, p8, err);
		PKCS8_PRIV_KEY_INFO_free(p8); /* frees with the key bytes wiped */
		break;
	case NID_certBag:
		rc = p12_add_cert(r, bag, err);
		break;
	case NID_safeContentsBag:
		if (depth >= MAX_BAG_DEPTH)
			return cot_err_set(
				err, COT_USAGE, _("'%s': bags nested too deeply"), r->name);
		rc = p12_bags(r, PKCS12_SAFEBAG_get0_safes(bag), depth + 1, err);
		break;
	default:
		break; /* CRLs, secrets: not ours */
	}
	return rc;
}

static int p12_bags(
	struct p12_read *r, const STACK_OF(PKCS12_SAFEBAG) *bags, int depth, struct cot_err *err)
{
	int rc = COT_OK;

	for (int i = 0; rc == COT_OK && i < sk_PKCS12_SAFEBAG_num(bags); i++)
		rc = p12_bag(r, sk_PKCS12_SAFEBAG_value(bags, i), depth, err);
	return rc;
}

static int p12_safe(struct p12_read *r, PKCS7 *p7, struct cot_err *err)
{
	STACK_OF(PKCS12_SAFEBAG) *bags = NULL;
	int rc;

	switch (OBJ_obj2nid(p7->type)) {
	case NID_pkcs7_data:
		bags = PKCS12_unpack_p7data(p7);
		if (!bags)
			return cot_err_set(
				err, COT_USAGE, _("'%s': malformed PKCS#12 contents"), r->name);
		break;
	case NID_pkcs7_encrypted:
		bags = PKCS12_unpack_p7encdata(p7, r->pass, -1);
		if (!bags) {
			r->decrypt_failed = true;
			return cot_err_set(err, COT_USAGE,
				_("cannot decrypt the certificates of '%s'"), r->name);
		}
		break;
	default:
		return COT_OK; /* public-key enveloped contents: not used by eHealth */
	}
	rc = p12_bags(r, bags, 0, err);
	sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
	return rc;
}

static int p12_read_all(PKCS12 *p12, struct p12_read *r, struct cot_err *err)
{
	STACK_OF(PKCS7) *safes = PKCS12_unpack_authsafes(p12);
	int rc = COT_OK;

	r->certs = sk_X509_new_null();
	if (!r->certs) {
		rc = cot_err_nomem(err);
		goto out;
	}
	if (!safes) {
		rc = cot_err_set(err, COT_USAGE, _("'%s': malformed PKCS#12 contents"), r->name);
		goto out;
	}
	for (int i = 0; rc == COT_OK && i < sk_PKCS7_num(safes); i++)
		rc = p12_safe(r, sk_PKCS7_value(safes, i), err);
out:
	sk_PKCS7_pop_free(safes, PKCS7_free);
	ERR_clear_error();
	return rc;
}

/* Reads the keystore; retries once with the legacy provider when decryption failed
 * and the provider was not there yet. */
static int p12_read_retry(PKCS12 *p12, struct p12_read *r, bool mac_ok, struct cot_err *err)
{
	bool had_legacy = OSSL_PROVIDER_available(NULL, "legacy");
	int rc = p12_read_all(p12, r, err);

	if (rc == COT_OK || !r->decrypt_failed || had_legacy)
		goto out;
	p12_read_clear(r);
	rc = legacy_load(r->name, err);
	if (rc == COT_OK)
		rc = p12_read_all(p12, r, err);
out:
	/* With a verified MAC the password is right; without one it may be wrong. */
	if (rc != COT_OK && r->decrypt_failed && !mac_ok)
		rc = cot_err_set(err, COT_USAGE, _("wrong password for '%s'"), r->name);
	return rc;
}

static struct p12_key *p12_entry(struct p12_read *r, struct cot_err *err)
{
	struct buf names = BUF_INIT;

	for (size_t i = 0; i < r->n_keys; i++)
		if (r->keys[i].name && strcasecmp(r->keys[i].name, ENTRY_NAME) == 0)
			return &r->keys[i];
	if (r->n_keys == 1)
		return &r->keys[0];
	names.max = 512;
	for (size_t i = 0; i < r->n_keys; i++)
		buf_addf(&names, "%s'%s'", i ? ", " : "",
			r->keys[i].name ? r->keys[i].name : _("(unnamed)"));
	/* TRANSLATORS: the keystore, the number of keys, the entry name cot looks for
	   (authentication), then the names found */
	cot_err_set(err, COT_USAGE,
		_("'%s' holds %zu private keys and none is named '%s' "
		  "(found: %s)"),
		r->name, r->n_keys, ENTRY_NAME, names.failed ? _("too many to list") : names.data);
	buf_release(&names);
	return NULL;
}

/* The certificate of key k: same localKeyID, else the one whose public key matches. */
static int p12_leaf_index(struct p12_read *r, const struct p12_key *k)
{
	int i, n = sk_X509_num(r->certs), len;
	const unsigned char *id;

	for (i = 0; k->id && i < n; i++) {
		id = X509_keyid_get0(sk_X509_value(r->certs, i), &len);
		if (id && len == k->idlen && memcmp(id, k->id, (size_t)len) == 0)
			return i;
	}
	for (i = 0; i < n; i++)
		if (X509_check_private_key(sk_X509_value(r->certs, i), k->pkey) == 1)
			return i;
	ERR_clear_error();
	return -1;
}

static int p12_choose(
	struct p12_read *r, unsigned flags, struct cert_bundle *out, struct cot_err *err)
{
	struct p12_key *k;
	int i, rc;

	out->n_keys = r->n_keys;
	out->has_private_key = r->n_keys > 0;
	if (r->n_keys == 0)
		return pick_leaf(r->name, r->certs, out, err);
	k = p12_entry(r, err);
	if (!k)
		return COT_USAGE;
	i = p12_leaf_index(r, k);
	if (i < 0)
		return cot_err_set(err, COT_USAGE, _("'%s' holds no certificate for the key '%s'"),
			r->name, k->name ? k->name : _("(unnamed)"));
	if (k->name && !(out->entry = strdup(k->name)))
		return cot_err_nomem(err);
	rc = finish_bundle(sk_X509_delete(r->certs, i), r->certs, out, err);
	if (rc == COT_OK && (flags & CERT_LOAD_KEY)) {
		out->key = k->pkey;
		k->pkey = NULL;
	}
	return rc;
}

static int load_p12(const char *name, const void *d, size_t len, const char *password,
	unsigned flags, struct cert_bundle *out, struct cot_err *err)
{
	struct p12_read r = {.name = name};
	const unsigned char *p = d;
	PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
	int rc;

	if (!p12)
		return not_cert(name, err);
	rc = p12_mac(p12, name, password, &r.pass, err);
	if (rc == COT_OK)
		rc = p12_read_retry(p12, &r, PKCS12_mac_present(p12), err);
	if (rc == COT_OK)
		rc = p12_choose(&r, flags, out, err);
	p12_read_clear(&r);
	PKCS12_free(p12);
	return rc;
}

int cert_load_mem(const char *name, const void *data, size_t len, const char *password,
	unsigned flags, struct cert_bundle *out, struct cot_err *err)
{
	enum cert_format f = cert_detect(data, len);
	int rc;

	cert_bundle_release(out);
	switch (f) {
	case CERT_FORMAT_PEM:
		rc = load_pem(name, data, len, out, err);
		break;
	case CERT_FORMAT_DER:
		rc = load_der(name, data, len, out, err);
		break;
	case CERT_FORMAT_PKCS12:
		rc = load_p12(name, data, len, password, flags, out, err);
		break;
	default:
		rc = unrecognised(name, data, len, err);
		break;
	}
	out->format = f;
	if (rc != COT_OK)
		cert_bundle_release(out);
	ERR_clear_error();
	return rc;
}

int cert_load_file(const char *path, const char *password, unsigned flags, struct cert_bundle *out,
	struct cot_err *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	rc = fs_read(path, CERT_MAX_FILE, &data, &len, err);
	if (rc == COT_OK)
		rc = cert_load_mem(path, data, len, password, flags, out, err);
	if (data)
		OPENSSL_cleanse(data, len); /* it may hold private keys */
	free(data);
	return rc;
}

int cert_load_anchors(const char *path, STACK_OF(X509) *anchors, struct cot_err *err)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	const unsigned char *p;
	char *data = NULL;
	size_t len = 0;
	bool has_key = false;
	X509 *x;
	int rc;

	if (!certs)
		return cot_err_nomem(err);
	rc = fs_read(path, CERT_MAX_FILE, &data, &len, err);
	if (rc)
		goto out;
	switch (cert_detect(data, len)) {
	case CERT_FORMAT_PEM:
		rc = pem_parse(path, data, len, certs, &has_key, err);
		break;
	case CERT_FORMAT_DER:
		p = (const unsigned char *)data;
		x = d2i_X509(NULL, &p, (long)len);
		rc = x ? push_cert(certs, x, path, err)
		       : cot_err_set(err, COT_USAGE, _("'%s' is not a certificate"), path);
		break;
	default:
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' is not a trust anchor file (PEM or DER "
			  "certificates)"),
			path);
		break;
	}
	if (rc == COT_OK && has_key)
		rc = cot_err_set(err, COT_USAGE,
			_("'%s' holds a private key: a trust anchor file "
			  "holds certificates only"),
			path);
	else if (rc == COT_OK && sk_X509_num(certs) == 0)
		rc = cot_err_set(err, COT_USAGE, _("'%s' holds no certificate"), path);
	for (int i = 0; rc == COT_OK && i < sk_X509_num(certs); i++) {
		if (!sk_X509_push(anchors, sk_X509_value(certs, i)))
			rc = cot_err_nomem(err);
		else
			X509_up_ref(sk_X509_value(certs, i));
	}
out:
	if (data)
		OPENSSL_cleanse(data, len);
	free(data);
	sk_X509_pop_free(certs, X509_free);
	ERR_clear_error();
	return rc;
}
