/* cot countersign: the FOD returns the organisation's bundle with its own signature over it. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cert.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/countersign.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/policy.h"
#include "cot/password.h"
#include "cot/trust.h"

#define MAX_TRUST 64

enum { O_OUTPUT = 'o', O_TRUST = 256, O_TSA, O_REQUIREMENTS, O_REGISTER };

static const struct option countersign_options[] = {
	{"output", required_argument, NULL, O_OUTPUT},
	CLI_KEY_OPTIONS,
	{"trust", required_argument, NULL, O_TRUST},
	{"tsa", required_argument, NULL, O_TSA},
	{"requirements", required_argument, NULL, O_REQUIREMENTS},
	{"register", required_argument, NULL, O_REGISTER},
	{NULL, 0, NULL, 0},
};

struct countersign_args {
	struct cli_key key;
	const char *bundle, *output, *tsa, *reg;
	char *trust[MAX_TRUST];
	size_t ntrust;
	char *requirements[POLICY_MAX_SETS];
	size_t nrequirements;
};

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct countersign_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_OUTPUT:
			a->output = optarg;
			break;
		case O_TSA:
			a->tsa = optarg;
			break;
		case O_REGISTER:
			a->reg = optarg;
			break;
		case O_REQUIREMENTS:
			if (a->nrequirements == POLICY_MAX_SETS)
				return cli_usage_error(
					c, _("at most %d --requirements"), POLICY_MAX_SETS);
			a->requirements[a->nrequirements++] = optarg;
			break;
		case O_TRUST:
			if (a->ntrust == MAX_TRUST)
				return cli_usage_error(c, _("at most %d --trust"), MAX_TRUST);
			a->trust[a->ntrust++] = optarg;
			break;
		default:
			if (!cli_key_option(&a->key, opt, optarg))
				return COT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(
			c, "%s", argc == optind ? _("which bundle?") : _("one bundle at a time"));
	a->bundle = argv[optind];
	if (!a->key.keystore)
		return cli_usage_error(c, _("give --keystore FILE (the FOD's PKCS#12 keystore)"));
	if (a->output && !a->output[0])
		return cli_usage_error(c, _("the output file name is empty"));
	return COT_OK;
}

/* The FOD's key and certificate, valid at t; the password wiped at once. */
static int load_keystore(const struct countersign_args *a, time_t t, struct cert_bundle *ks)
{
	struct cot_err err = COT_ERR_INIT;
	struct password pw;
	enum cert_format f;
	int rc;

	if (cert_detect_file(a->key.keystore, &f, &err))
		return cli_err(&err);
	if (f != CERT_FORMAT_PKCS12)
		return cli_error(
			COT_USAGE, _("'%s' is not a PKCS#12 keystore (.p12)"), a->key.keystore);
	password_init(&pw);
	if ((rc = cli_read_password(&a->key, &pw)))
		return rc;
	rc = cert_load_file(a->key.keystore, pw.s, CERT_LOAD_KEY, ks, &err);
	password_release(&pw);
	if (rc)
		return cli_err(&err);
	if (!ks->key)
		return cli_error(
			COT_USAGE, _("'%s' holds no private key to sign with"), a->key.keystore);
	if (X509_cmp_time(X509_get0_notBefore(ks->leaf), &t) > 0 ||
		X509_cmp_time(X509_get0_notAfter(ks->leaf), &t) < 0)
		return cli_error(
			COT_USAGE, _("the certificate in '%s' is not valid now"), a->key.keystore);
	return COT_OK;
}

static int load_anchors(const struct countersign_args *a, STACK_OF(X509) *anchors)
{
	struct cot_err err = COT_ERR_INIT;
	struct strlist items = {a->ntrust ? (char **)a->trust : NULL, a->ntrust};

	if (a->ntrust && trust_load(".", &items, anchors, &err))
		return cli_err(&err);
	return COT_OK;
}

static int countersign(struct cot_ctx *ctx, const struct countersign_args *a,
	struct countersign_opts *o, const char *out)
{
	struct cot_err err = COT_ERR_INIT;
	struct countersign_result r;
	int rc = countersign_bundle(a->bundle, out, o, &r, &err);

	if (rc == COT_FINDINGS)
		/* TRANSLATORS: the bundle, then its ETSI indication (TOTAL-FAILED...) */
		return cli_error(rc,
			_("'%s' is %s: only a bundle that passes cot verify is "
			  "countersigned (see 'cot -v verify')"),
			a->bundle, r.verdict);
	if (rc)
		return cli_err(&err);
	/* TRANSLATORS: the bundle, then its ETSI indication (TOTAL-PASSED) */
	cli_say(ctx, _("Countersigned %s: %s\n"), a->bundle, r.verdict);
	if (o->tsa)
		/* TRANSLATORS: the file written, the manifest's and the signature's entries */
		cli_say(ctx,
			ngettext("Wrote %s: %s covers %zu entry, signed in %s (B-T)\n",
				"Wrote %s: %s covers %zu entries, signed in %s (B-T)\n", r.covered),
			out, r.manifest, r.covered, r.signature);
	else
		cli_say(ctx,
			ngettext("Wrote %s: %s covers %zu entry, signed in %s\n",
				"Wrote %s: %s covers %zu entries, signed in %s\n", r.covered),
			out, r.manifest, r.covered, r.signature);
	cli_say(ctx, "SHA-256 %s\n", r.sha256);
	return COT_OK;
}

static int cmd_countersign(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct countersign_args a = {0};
	struct countersign_opts o = {0};
	struct tsp_opts tsa = {0};
	struct verify_policy pol;
	struct cot_err err = COT_ERR_INIT;
	struct cert_bundle ks;
	char *out = NULL;
	int rc;

	(void)p;
	cert_bundle_init(&ks);
	policy_init(&pol);
	if ((rc = parse_args(&cmd_countersign_entry, argc, argv, &a)))
		return rc;
	o.now = clock_now();
	o.anchors = sk_X509_new_null();
	out = a.output ? strdup(a.output) : countersign_default_out(a.bundle);
	if (!o.anchors || !out) {
		rc = cli_error_nomem();
		goto out;
	}
	if (policy_load(&pol, a.requirements, a.nrequirements, a.reg, &err)) {
		rc = cli_err(&err);
		goto out;
	}
	o.policy = &pol;
	if ((rc = load_anchors(&a, o.anchors)) || (rc = load_keystore(&a, o.now, &ks)))
		goto out;
	o.key = ks.key;
	o.cert = ks.leaf;
	o.chain = ks.chain;
	if (a.tsa) {
		tsa.url = a.tsa;
		o.tsa = &tsa;
	}
	rc = countersign(ctx, &a, &o, out);
out:
	ERR_clear_error();
	free(out);
	cert_bundle_release(&ks);
	policy_release(&pol);
	sk_X509_pop_free(o.anchors, X509_free);
	return rc;
}

const struct cot_cmd cmd_countersign_entry = {
	.name = "countersign",
	.fn = cmd_countersign,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "o:",
	.longopts = countersign_options,
	.usage =
		"cot countersign BUNDLE --keystore FILE [--password-file F | --password-env VAR] "
		"[--trust PEM...] [--requirements FILE]... [--register FILE] [--tsa URL] [-o FILE]",
	.summary = N_("Countersign a bundle that passes (the FOD's): the returned container."),
	.help = N_(
		"  BUNDLE            the organisation's ASiC-E container; it must be TOTAL-PASSED\n"
		"  --keystore FILE   the FOD's PKCS#12 keystore; the key never leaves memory\n"
		"  --trust PEM       a trust anchor for the organisation's chain (PEM or DER, or\n"
		"                    a shipped set); repeat it for several\n"
		"  --requirements F  also trust this requirement set, as cot verify does\n"
		"  --register FILE   the authority's register of NIHII numbers bound to KBOs\n"
		"  --tsa URL         add a signature time-stamp from this RFC 3161 TSA (B-T)\n"
		"  -o, --output FILE the returned container (default BUNDLE with '-countersigned'\n"
		"                    before '.asice')\n"
		"Adds META-INF/ASiCManifest002.xml, covering every signed file and the\n"
		"organisation's manifest and signature, and its CAdES signature\n"
		"META-INF/signature002.p7s; every original entry is copied unchanged.\n"
		"Exit status: 0 written, 1 the bundle does not pass, 2 bad input or arguments.\n"),
};
