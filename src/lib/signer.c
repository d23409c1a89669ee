/* Loading the organisation's signing key and certificate, and checking they may sign for the
 * project. */
#include "cot/algo.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/signer.h"
#include "cot/trust.h"

static int check_chain(const struct project *p, X509 *leaf, STACK_OF(X509) *chain, time_t t,
	const char *path, struct cot_err *err)
{
	STACK_OF(X509) *anchors;
	int rc;

	if (!p->cfg.trust.n)
		return COT_OK;
	anchors = sk_X509_new_null();
	if (!anchors)
		return cot_err_nomem(err);
	rc = trust_load(p->root, &p->cfg.trust, anchors, err);
	if (!rc && (rc = cert_verify_chain_anchors(leaf, chain, anchors, t, err))) {
		cot_err_prefix(err,
			_("the certificate in '%s' does not chain to the trust anchors of "
			  "cot.yaml"),
			path);
		err->code = rc = rc == COT_ENV ? COT_ENV : COT_USAGE;
	}
	sk_X509_pop_free(anchors, X509_free);
	return rc;
}

static int check_signer(const struct project *p, const struct cert_bundle *ks, time_t t,
	const char *path, struct cot_err *err)
{
	struct ehealth_subject s;
	char why[200];
	int rc;

	if (!ks->key)
		return cot_err_set(
			err, COT_USAGE, _("'%s' holds no private key to sign with"), path);
	if ((rc = cert_ehealth_subject(ks->leaf, &s, err)) ||
		(rc = cert_ehealth_match(
			 &s, p->cfg.kbo, p->cfg.nihii[0] ? p->cfg.nihii : NULL, err))) {
		cot_err_prefix(err, _("'%s' cannot sign for this organisation"), path);
		return err->code = COT_USAGE;
	}
	if (algo_signer(ks->leaf, why, sizeof(why)))
		return cot_err_set(
			err, COT_USAGE, _("the certificate in '%s' may not sign: %s"), path, why);
	if (X509_cmp_time(X509_get0_notBefore(ks->leaf), &t) > 0 ||
		X509_cmp_time(X509_get0_notAfter(ks->leaf), &t) < 0)
		return cot_err_set(err, COT_USAGE,
			_("the certificate in '%s' is not valid at the signing "
			  "time: cot verify would reject its signature"),
			path);
	return check_chain(p, ks->leaf, ks->chain, t, path, err);
}

int signer_check_file(const char *path, struct cot_err *err)
{
	enum cert_format f;
	int rc;

	if ((rc = cert_detect_file(path, &f, err)))
		return rc;
	if (f != CERT_FORMAT_PKCS12)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is not a PKCS#12 keystore (.p12, .acc-p12): "
			  "cot signs with the 'authentication' key of the eHealth keystore"),
			path);
	return COT_OK;
}

int signer_load(const struct project *p, const char *path, const char *password, time_t t,
	struct cert_bundle *ks, struct cot_err *err)
{
	int rc;

	if ((rc = signer_check_file(path, err)))
		return rc;
	rc = cert_load_file(path, password, CERT_LOAD_KEY, ks, err);
	if (!rc)
		rc = check_signer(p, ks, t, path, err);
	if (rc)
		cert_bundle_release(ks);
	ERR_clear_error();
	return rc;
}
