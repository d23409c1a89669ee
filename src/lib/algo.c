/* The algorithm and key policy: one table of digests, one rule for keys, one for signers. */
#include <stdio.h>
#include <string.h>
#include "cot/algo.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"

bool algo_digest_ok(int md_nid)
{
	static const int good[] = {NID_sha224, NID_sha256, NID_sha384, NID_sha512, NID_sha512_256,
		NID_sha3_256, NID_sha3_384, NID_sha3_512};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (good[i] == md_nid)
			return true;
	return false;
}

static const char *digest_name(int nid)
{
	const char *s = nid == NID_undef ? NULL : OBJ_nid2sn(nid);
	return s ? s : _("an unknown digest");
}

enum algo_fail algo_key(const EVP_PKEY *key, char *why, size_t len)
{
	int id = key ? EVP_PKEY_get_base_id(key) : NID_undef;
	int bits = key ? EVP_PKEY_get_bits(key) : 0;

	switch (id) {
	case EVP_PKEY_RSA:
	case EVP_PKEY_RSA_PSS:
	case EVP_PKEY_DSA:
		if (bits >= ALGO_RSA_MIN)
			return ALGO_OK;
		/* TRANSLATORS: the key's type (RSA, DSA), its bits, the minimum */
		snprintf(why, len, _("%s key of %d bits (at least %d are required)"),
			id == EVP_PKEY_DSA ? "DSA" : "RSA", bits, ALGO_RSA_MIN);
		return ALGO_WEAK_KEY;
	case EVP_PKEY_EC:
		if (bits >= ALGO_EC_MIN)
			return ALGO_OK;
		snprintf(why, len, _("EC key of %d bits (at least %d are required)"), bits,
			ALGO_EC_MIN);
		return ALGO_WEAK_KEY;
	case EVP_PKEY_ED25519:
	case EVP_PKEY_ED448:
		return ALGO_OK;
	default:
		snprintf(why, len, _("a key of a type cot does not accept (%s)"),
			id == NID_undef ? _("unknown") : OBJ_nid2sn(id));
		return ALGO_WEAK_KEY;
	}
}

enum algo_fail algo_cert_signature(const X509 *x, char *why, size_t len)
{
	int md = NID_undef, pk = NID_undef;

	if (!X509_get_signature_info((X509 *)x, &md, &pk, NULL, NULL))
		md = NID_undef;
	/* Ed25519 and Ed448 hash inside the algorithm: no separate digest. */
	if (md == NID_undef && (pk == NID_ED25519 || pk == NID_ED448))
		return ALGO_OK;
	if (algo_digest_ok(md))
		return ALGO_OK;
	snprintf(why, len, _("signed with %s: MD5 and SHA-1 signatures can be forged"),
		OBJ_nid2ln(X509_get_signature_nid(x)) ? OBJ_nid2ln(X509_get_signature_nid(x))
						      : digest_name(md));
	return ALGO_WEAK_DIGEST;
}

enum algo_fail algo_signer_usage(X509 *x, char *why, size_t len)
{
	uint32_t ku = X509_get_key_usage(x);

	if (ku == UINT32_MAX) {
		snprintf(why, len, "%s",
			_("no key usage: digitalSignature or nonRepudiation is "
			  "required"));
		return ALGO_KEY_USAGE;
	}
	if (ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))
		return ALGO_OK;
	snprintf(why, len, "%s",
		_("key usage lacks digitalSignature and nonRepudiation (one of "
		  "them is required to sign)"));
	return ALGO_KEY_USAGE;
}

static enum algo_fail one_cn(X509 *x, char *why, size_t len)
{
	const X509_NAME *name = X509_get_subject_name(x);
	int n = 0;

	for (int i = -1; (i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) >= 0;)
		n++;
	if (n == 1)
		return ALGO_OK;
	snprintf(why, len,
		ngettext("its subject has %d CN (exactly one is required)",
			"its subject has %d CNs (exactly one is required)", n),
		n);
	return ALGO_SUBJECT;
}

enum algo_fail algo_signer(X509 *x, char *why, size_t len)
{
	enum algo_fail f = algo_key(X509_get0_pubkey(x), why, len);

	if (!f)
		f = algo_cert_signature(x, why, len);
	if (!f)
		f = algo_signer_usage(x, why, len);
	if (!f)
		f = one_cn(x, why, len);
	return f;
}

enum algo_fail algo_ca(const X509 *x, char *why, size_t len)
{
	enum algo_fail f = algo_key(X509_get0_pubkey(x), why, len);

	return f ? f : algo_cert_signature(x, why, len);
}
