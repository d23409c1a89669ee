/* cot bundle: the signed ASiC-E container of the submission, built in one pass. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include "cot/bundle.h"
#include "cot/cert.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/password.h"
#include "cot/signer.h"
#include "cot/trust.h"
#include "cot/tsp.h"
#include "cot/xml-load.h"
#include "cot/zip-load.h"

enum { O_OUTPUT = 'o', O_UNSIGNED = 256, O_DATE, O_TSA, O_TSA_TIMEOUT };

#define TSA_TIMEOUT_MAX 600 /* seconds: --tsa-timeout's ceiling */

static const struct option bundle_options[] = {
	{"output", required_argument, NULL, O_OUTPUT},
	CLI_KEY_OPTIONS,
	{"unsigned", no_argument, NULL, O_UNSIGNED},
	{"date", required_argument, NULL, O_DATE},
	{"tsa", required_argument, NULL, O_TSA},
	{"tsa-timeout", required_argument, NULL, O_TSA_TIMEOUT},
	{NULL, 0, NULL, 0},
};

struct bundle_args {
	struct cli_key key;
	const char *output, *date, *tsa;
	long tsa_timeout; /* seconds; 0: HTTP_TIMEOUT */
	bool is_unsigned;
};

static int parse_timeout(const struct cot_cmd *c, const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > TSA_TIMEOUT_MAX)
		return cli_usage_error(c, _("--tsa-timeout takes seconds from 1 to %d, not '%s'"),
			TSA_TIMEOUT_MAX, s);
	*out = v;
	return COT_OK;
}

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct bundle_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_OUTPUT:
			a->output = optarg;
			break;
		case O_UNSIGNED:
			a->is_unsigned = true;
			break;
		case O_DATE:
			a->date = optarg;
			break;
		case O_TSA:
			a->tsa = optarg;
			break;
		case O_TSA_TIMEOUT:
			if (parse_timeout(c, optarg, &a->tsa_timeout))
				return COT_USAGE;
			break;
		default:
			if (!cli_key_option(&a->key, opt, optarg))
				return COT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(c, _("unexpected argument '%s'"), argv[optind]);
	if (a->is_unsigned && (a->key.keystore || a->key.pw_file || a->key.pw_env || a->tsa))
		return cli_usage_error(c, _("--unsigned takes no keystore, password or TSA"));
	if (a->tsa && !a->tsa[0])
		return cli_usage_error(c, _("the TSA's URL is empty"));
	if (!a->is_unsigned && !a->key.keystore)
		return cli_usage_error(c,
			_("give --keystore FILE (the organisation's eHealth "
			  "keystore, .p12 or .acc-p12) to sign, or --unsigned for a review copy"));
	if (a->output && !a->output[0])
		return cli_usage_error(c, _("the output file name is empty"));
	if (a->is_unsigned && a->output && !strcasestr(a->output, "unsigned"))
		/* TRANSLATORS: 'unsigned' is what the file name must contain: keep it */
		return cli_usage_error(c, _("an unsigned bundle's name must say so: put 'unsigned' "
					    "in it (e.g. 'review-unsigned.asice')"));
	return COT_OK;
}

/* The bundle's time: --date, else SOURCE_DATE_EPOCH, else now. */
static int bundle_time(const struct bundle_args *a, time_t *t)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (a->date) {
		if (time_parse(a->date, t) || date_parse(a->date, t))
			return COT_OK;
		return cli_error(COT_USAGE,
			_("--date takes YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not "
			  "'%s'"),
			a->date);
	}
	if (sde && *sde) {
		long long v = strtoll(sde, &end, 10);
		if (*end || v < 0 || v > 4102444799LL)
			return cli_error(COT_USAGE,
				_("SOURCE_DATE_EPOCH='%s' is not a time (seconds "
				  "since 1970 up to 2099)"),
				sde);
		*t = (time_t)v;
		return COT_OK;
	}
	*t = clock_now();
	return COT_OK;
}

/* The libraries the bundle needs, loaded before the password is asked: a machine without
 * one says so before anyone types a password for nothing. */
static int load_libraries(void)
{
	struct cot_err err = COT_ERR_INIT;

	if (zip_load(&err) || xml_load(&err))
		return cli_err(&err);
	return COT_OK;
}

/* The keystore's key, checked by signer_load; the password is asked for a keystore only. */
static int load_keystore(
	const struct project *p, const struct bundle_args *a, time_t t, struct cert_bundle *ks)
{
	struct cot_err err = COT_ERR_INIT;
	struct password pw;
	int rc;

	if (signer_check_file(a->key.keystore, &err))
		return cli_err(&err);
	password_init(&pw);
	if ((rc = cli_read_password(&a->key, &pw)))
		return rc;
	rc = signer_load(p, a->key.keystore, pw.s, t, ks, &err);
	password_release(&pw);
	return rc ? cli_err(&err) : COT_OK;
}

/* The TSA (--tsa, else cot.yaml's signature: tsa:) and its anchors; none: B-B, said once. */
static int setup_tsa(const struct cot_ctx *ctx, const struct project *p,
	const struct bundle_args *a, struct tsp_opts *t, const struct tsp_opts **use)
{
	struct cot_err err = COT_ERR_INIT;

	*use = NULL;
	t->url = a->tsa ? a->tsa : p->cfg.tsa_url;
	t->http.timeout = a->tsa_timeout;
	if (!t->url) {
		cli_info(ctx, "%s",
			_("cot: no TSA configured (signature: tsa: in cot.yaml, or --tsa "
			  "URL): the signature is B-B, without a timestamp"));
		return COT_OK;
	}
	if (p->cfg.tsa_trust.n) {
		if (!(t->anchors = sk_X509_new_null()))
			return cli_error_nomem();
		if (trust_load(p->root, &p->cfg.tsa_trust, t->anchors, &err))
			return cli_err(&err);
	}
	*use = t;
	return COT_OK;
}

static void say_timestamp(
	const struct cot_ctx *ctx, const struct tsp_opts *t, const struct bundle_result *r)
{
	char when[21];

	if (!r->timestamped)
		return;
	time_format(r->tsa.gen_time, when);
	/* TRANSLATORS: a time (ISO 8601, UTC), then the TSA's name */
	cli_say(ctx, _("Timestamped %s by %s (B-T)\n"), when, r->tsa.tsa);
	if (ctx->verbosity <= 0)
		return;
	/* TRANSLATORS: the TSA's URL, the policy's OID, a digest algorithm (SHA-256) */
	cli_info(ctx, _("cot: timestamp from '%s': policy %s, imprint %s of the signature value"),
		t->url, r->tsa.policy, r->tsa.digest);
	if (r->tsa.chain_checked)
		cli_info(ctx,
			ngettext("cot: the TSA's certificate chains to the %d anchor of "
				 "signature: tsa-trust:",
				"cot: the TSA's certificate chains to "
				"the %d anchors of signature: tsa-trust:",
				sk_X509_num(t->anchors)),
			sk_X509_num(t->anchors));
	else
		cli_info(ctx, "%s",
			_("cot: the TSA's certificate chain was not checked (no "
			  "signature: tsa-trust: in cot.yaml); its signature, imprint, "
			  "usage and time were"));
}

/* B-LT, or why the timestamped signature stays B-T: one plain line. */
static void say_revocation(const struct cot_ctx *ctx, const struct bundle_result *r)
{
	if (!r->timestamped)
		return;
	if (r->lt.lt)
		/* TRANSLATORS: counts as "label: number", so that no plural is needed */
		cli_say(ctx, _("Revocation data embedded (B-LT): OCSP responses: %zu, CRLs: %zu\n"),
			r->lt.ocsp, r->lt.crl);
	else
		cli_info(ctx, _("cot: the signature is B-T, without all its revocation data: %s"),
			r->lt.why);
}

struct progress {
	struct timespec start;
	int shown;
};

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* On a terminal, for a large bundle (ASICE_PROGRESS_MIN): "cot: bundling 42%". */
static void show_progress(double done, void *arg)
{
	struct progress *pg = arg;
	int pct = (int)(done * 100);

	if (pct == pg->shown)
		return;
	pg->shown = pct;
	/* TRANSLATORS: a progress line; keep the width of the number (%3d) */
	fputc('\r', stderr);
	fprintf(stderr, _("cot: bundling %3d%%"), pct);
	if (pct >= 100)
		fputc('\n', stderr);
}

static void say_built(const struct cot_ctx *ctx, const struct bundle_result *r,
	const struct cert_bundle *ks, double secs)
{
	struct ehealth_subject s;
	struct cot_err err = COT_ERR_INIT;

	char entries[64], bytes[64], secs_s[32];
	bool named = ks && !cert_ehealth_subject(ks->leaf, &s, &err);

	snprintf(entries, sizeof(entries), ngettext("%zu entry", "%zu entries", r->entries),
		r->entries);
	snprintf(bytes, sizeof(bytes), ngettext("%llu byte", "%llu bytes", (unsigned long)r->size),
		(unsigned long long)r->size);
	/* TRANSLATORS: the container's file, "3 entries", "12345 bytes" */
	cli_say(ctx, _("Built %s: %s, %s\n"), r->rel, entries, bytes);
	if (named && s.name[0])
		/* TRANSLATORS: the identifier's type (CBE), number, the organisation's name */
		cli_say(ctx, _("Signed for %s=%s, %s (CAdES-BES, SHA-256)\n"), s.type_name, s.id,
			s.name);
	else if (named)
		cli_say(ctx, _("Signed for %s=%s (CAdES-BES, SHA-256)\n"), s.type_name, s.id);
	else
		cli_say(ctx, "%s", _("UNSIGNED: a copy for review, not a submission\n"));
	if (r->sub.has_checklist && r->sub.ready)
		/* TRANSLATORS: the requirement set's id and version */
		cli_say(ctx, _("Checklist %s %s: ready\n"), r->sub.set_id, r->sub.set_version);
	else if (r->sub.has_checklist)
		cli_say(ctx, _("Checklist %s %s: NOT ready\n"), r->sub.set_id, r->sub.set_version);
	cli_say(ctx, "SHA-256 %s\n", r->sha256);
	if (ctx->verbosity > 0)
		/* TRANSLATORS: bytes, then seconds with the language's decimal sign */
		cli_info(ctx,
			ngettext("cot: %llu byte of documents hashed and written in one pass "
				 "in %s s",
				"cot: %llu bytes of documents hashed and written in "
				"one pass in %s s",
				(unsigned long)r->content),
			(unsigned long long)r->content,
			i18n_decimal(secs_s, sizeof(secs_s), secs, 2));
}

static int cmd_bundle(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct bundle_args a = {0};
	struct cert_bundle ks;
	struct asice_signer signer;
	struct bundle_opts o = {0};
	struct bundle_result r;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct progress pg = {.shown = -1};
	struct tsp_opts tsa = {0};
	int rc;

	cert_bundle_init(&ks);
	bundle_result_init(&r);
	if ((rc = parse_args(&cmd_bundle_entry, argc, argv, &a)) || (rc = bundle_time(&a, &o.time)))
		return rc;
	if ((rc = load_libraries()))
		goto out;
	if (!a.is_unsigned && (rc = load_keystore(p, &a, o.time, &ks)))
		goto out;
	if (!a.is_unsigned) {
		signer = (struct asice_signer){ks.key, ks.leaf, ks.chain};
		o.signer = &signer;
		if ((rc = setup_tsa(ctx, p, &a, &tsa, &o.tsa)))
			goto out;
	}
	o.out = a.output;
	if (isatty(STDERR_FILENO) && ctx->verbosity >= 0) {
		o.progress = show_progress;
		o.progress_arg = &pg;
	}
	clock_gettime(CLOCK_MONOTONIC, &pg.start);
	rc = bundle_build(p, &o, &r, &d, &err);
	if (pg.shown >= 0 && pg.shown < 100)
		fputc('\n', stderr);
	if (d.n && (rc || ctx->verbosity > 0 || d.errors))
		diag_print_text(stderr, &d, ctx->color);
	if (r.changed[0])
		/* TRANSLATORS: a list of files */
		cli_warn(_("changed since recorded, and bundled as they are now: %s"), r.changed);
	if (rc) {
		cli_err(&err);
		goto out;
	}
	say_built(ctx, &r, a.is_unsigned ? NULL : &ks, since(&pg.start));
	say_timestamp(ctx, &tsa, &r);
	say_revocation(ctx, &r);
out:
	ERR_clear_error();
	sk_X509_pop_free(tsa.anchors, X509_free);
	cert_bundle_release(&ks);
	bundle_result_release(&r);
	diag_list_release(&d);
	return rc;
}

const struct cot_cmd cmd_bundle_entry = {
	.name = "bundle",
	.fn = cmd_bundle,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "o:",
	.longopts = bundle_options,
	.usage = "cot bundle [-o FILE] (--keystore FILE [--password-file F | --password-env VAR] "
		 "[--tsa URL] [--tsa-timeout S] | --unsigned) [--date D]",
	.summary = N_("Build the signed ASiC-E container of the submission."),
	.help = N_(
		"  -o, --output FILE the container to write (default out/KBO-DATE.asice)\n"
		"  --keystore FILE   the eHealth keystore (.p12, .acc-p12): signs with its\n"
		"                    'authentication' key; the key never enters the bundle\n"
		"  --tsa URL         timestamp the signature at this TSA (RFC 3161, http:// or\n"
		"                    https://): B-T; default: cot.yaml's signature: tsa:\n"
		"  --tsa-timeout S   seconds for each request to the TSA (default 60)\n"
		"  --unsigned        an unsigned copy for review (its name must say 'unsigned')\n"
		"  --date D          the bundle's time, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\n"
		"                    (default SOURCE_DATE_EPOCH, else now): same inputs, same "
		"bytes\n"
		"Documents: the file recorded with 'cot done STEP --file', else\n"
		"documents/belrai-contract.pdf, documents/vitalink-contract.pdf (vitalink),\n"
		"documents/proof-of-mandate.pdf (direct). Route direct adds the checklist.\n"),
};
