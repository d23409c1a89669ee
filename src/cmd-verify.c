/* cot verify: the authority's check of submitted bundles, one verdict per bundle. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/policy.h"
#include "cot/project.h"
#include "cot/trust.h"
#include "cot/verify.h"

#define MAX_TRUST 64
#define MAX_JOBS 64

enum {
	O_TRUST = 256,
	O_FORMAT,
	O_AT,
	O_TSA_TRUST,
	O_OFFLINE,
	O_REQUIREMENTS,
	O_REGISTER,
	O_KMEHR,
	O_JOBS = 'j',
	O_OUTPUT = 'o'
};

static const struct option verify_options[] = {
	{"trust", required_argument, NULL, O_TRUST},
	{"format", required_argument, NULL, O_FORMAT},
	{"at", required_argument, NULL, O_AT},
	{"tsa-trust", required_argument, NULL, O_TSA_TRUST},
	{"offline", no_argument, NULL, O_OFFLINE},
	{"jobs", required_argument, NULL, O_JOBS},
	{"output", required_argument, NULL, O_OUTPUT},
	{"requirements", required_argument, NULL, O_REQUIREMENTS},
	{"register", required_argument, NULL, O_REGISTER},
	{"kmehr-schemas", required_argument, NULL, O_KMEHR},
	{NULL, 0, NULL, 0},
};

struct verify_args {
	char *trust[MAX_TRUST];
	size_t ntrust;
	char *tsa_trust[MAX_TRUST];
	size_t ntsa_trust;
	bool offline;
	unsigned jobs;
	const char *output;
	const char *at;
	char *requirements[POLICY_MAX_SETS];
	size_t nrequirements;
	const char *reg;
	const char *kmehr;
	char **files;
	size_t nfiles;
};

static int parse_jobs(const char *s, unsigned *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > MAX_JOBS)
		return cli_error(COT_USAGE,
			_("-j takes a number of threads from 1 to %d, not '%s'"), MAX_JOBS, s);
	*out = (unsigned)v;
	return COT_OK;
}

static int parse_args(
	struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv, struct verify_args *a)
{
	int opt;

	a->jobs = 1;
	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_TRUST:
			if (a->ntrust == MAX_TRUST)
				return cli_usage_error(c, _("at most %d --trust"), MAX_TRUST);
			a->trust[a->ntrust++] = optarg;
			break;
		case O_FORMAT:
			if (cli_set_format(ctx, optarg))
				return COT_USAGE;
			break;
		case O_JOBS:
			if (parse_jobs(optarg, &a->jobs))
				return COT_USAGE;
			break;
		case O_OUTPUT:
			a->output = optarg;
			break;
		case O_AT:
			a->at = optarg;
			break;
		case O_TSA_TRUST:
			if (a->ntsa_trust == MAX_TRUST)
				return cli_usage_error(c, _("at most %d --tsa-trust"), MAX_TRUST);
			a->tsa_trust[a->ntsa_trust++] = optarg;
			break;
		case O_OFFLINE:
			a->offline = true;
			break;
		case O_REQUIREMENTS:
			if (a->nrequirements == POLICY_MAX_SETS)
				return cli_usage_error(
					c, _("at most %d --requirements"), POLICY_MAX_SETS);
			a->requirements[a->nrequirements++] = optarg;
			break;
		case O_REGISTER:
			a->reg = optarg;
			break;
		case O_KMEHR:
			a->kmehr = optarg;
			break;
		default:
			return COT_USAGE;
		}
	}
	if (optind >= argc)
		return cli_usage_error(c, _("which bundles? give one or more files"));
	a->files = argv + optind;
	a->nfiles = (size_t)(argc - optind);
	return cli_check_format(ctx, c);
}

/* The anchors of --trust or --tsa-trust: PEM or DER files, or the shipped trust sets by name. */
static int load_anchors(char *const *names, size_t n, STACK_OF(X509) *anchors)
{
	struct cot_err err = COT_ERR_INIT;
	struct strlist items = {n ? (char **)names : NULL, n};

	if (!n)
		return COT_OK;
	if (trust_load(".", &items, anchors, &err))
		return cli_err(&err);
	return COT_OK;
}

static enum verify_format verify_format_of(enum out_format f)
{
	switch (f) {
	case FMT_JSON:
		return VERIFY_JSON;
	case FMT_JUNIT:
		return VERIFY_JUNIT;
	case FMT_HTML:
		return VERIFY_HTML;
	case FMT_ETSI:
		return VERIFY_ETSI;
	default:
		return VERIFY_TEXT;
	}
}

static int exit_code(const struct vresult *r, size_t n)
{
	int rc = COT_OK;

	for (size_t i = 0; i < n; i++) {
		if (r[i].unreadable)
			return COT_USAGE;
		if (r[i].ind != IND_TOTAL_PASSED)
			rc = COT_FINDINGS;
	}
	return rc;
}

static int report(struct cot_ctx *ctx, const struct verify_args *a, const struct vresult *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;
	int rc;

	out.max = (size_t)256 << 20;
	rc = verify_render(r, a->nfiles, verify_format_of(ctx->format), ctx->verbosity > 0,
		ctx->color && !a->output, &out, &err);
	if (!rc && a->output)
		rc = fs_write_output(a->output, out.data ? out.data : "", out.len, &err);
	else if (!rc)
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&out);
	if (rc)
		return cli_err(&err);
	if (a->output && strcmp(a->output, "-") != 0)
		cli_info(ctx, _("wrote %s"), a->output);
	return COT_OK;
}

/*
 * verify needs no project, but inside one it speaks the project's language, as every
 * command does (i18n.h); --lang wins. A cot.yaml that cannot be read changes nothing here.
 */
static void follow_project_lang(const struct cot_ctx *ctx)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;

	if (!ctx->lang_set && project_open(NULL, &p, &d, &err) == COT_OK)
		i18n_set_lang(p.cfg.lang);
	diag_list_release(&d);
	project_release(&p);
}

static int cmd_verify(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct verify_args a = {0};
	struct cot_err err = COT_ERR_INIT;
	struct verify_opts o = {0};
	struct verify_policy pol;
	struct kmehr_schema *kmehr = NULL;
	struct vresult *r = NULL;
	int rc;

	follow_project_lang(ctx);
	if ((rc = parse_args(ctx, &cmd_verify_entry, argc, argv, &a)))
		return rc;
	policy_init(&pol);
	o.anchors = sk_X509_new_null();
	o.tsa_anchors = sk_X509_new_null();
	r = calloc(a.nfiles, sizeof(*r));
	if (!o.anchors || !o.tsa_anchors || !r) {
		rc = cli_error_nomem();
		goto out;
	}
	if ((rc = load_anchors(a.trust, a.ntrust, o.anchors)) ||
		(rc = load_anchors(a.tsa_trust, a.ntsa_trust, o.tsa_anchors)))
		goto out;
	o.offline = a.offline;
	if (policy_load(&pol, a.requirements, a.nrequirements, a.reg, &err)) {
		rc = cli_err(&err);
		goto out;
	}
	o.policy = &pol;
	if (a.kmehr && kmehr_schema_load(a.kmehr, &kmehr, &err)) {
		rc = cli_err(&err);
		goto out;
	}
	o.kmehr = kmehr;
	o.now = clock_now();
	if (a.at && !time_parse(a.at, &o.now) && !date_parse(a.at, &o.now)) {
		rc = cli_usage_error(&cmd_verify_entry,
			_("--at takes a date (YYYY-MM-DD) or a UTC time "
			  "(YYYY-MM-DDTHH:MM:SSZ), not '%s'"),
			a.at);
		goto out;
	}
	o.at = a.at != NULL;
	if ((rc = verify_files(a.files, a.nfiles, &o, a.jobs, r, &err))) {
		cli_err(&err);
		goto out;
	}
	rc = report(ctx, &a, r);
	if (!rc)
		rc = exit_code(r, a.nfiles);
out:
	for (size_t i = 0; r && i < a.nfiles; i++)
		vresult_release(&r[i]);
	free(r);
	sk_X509_pop_free(o.anchors, X509_free);
	sk_X509_pop_free(o.tsa_anchors, X509_free);
	policy_release(&pol);
	kmehr_schema_free(kmehr);
	ERR_clear_error();
	return rc;
}

const struct cot_cmd cmd_verify_entry = {
	.name = "verify",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_JUNIT) | FMT_BIT(FMT_HTML) |
		   FMT_BIT(FMT_ETSI),
	.fn = cmd_verify,
	.shortopts = "j:o:",
	.longopts = verify_options,
	.usage = "cot verify BUNDLE... [--trust PEM...] [--tsa-trust PEM...] [--offline] "
		 "[--at TIME] [--requirements FILE]... [--register FILE] [--kmehr-schemas DIR] "
		 "[--format text|json|junit|html|etsi] [-j N] [-o FILE]",
	.summary = N_("Verify submitted bundles: structure, digests, signature, signer, contents."),
	.help = N_(
		"  BUNDLE            ASiC-E containers to verify (cot's or other tools')\n"
		"  --trust PEM       a trust anchor for the signer's chain: a PEM or DER file, or\n"
		"                    a shipped set (ehealth-production, ehealth-acceptance);\n"
		"                    repeat it for several. Without one a bundle is INDETERMINATE\n"
		"  --tsa-trust PEM   a trust anchor for time-stamping authorities (PEM or DER);\n"
		"                    without one a time-stamp proves nothing\n"
		"  --offline         check revocation only with the data a signature carries\n"
		"                    (no OCSP or CRL fetched, no cache)\n"
		"  --at TIME         validate as of TIME (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, "
		"UTC)\n"
		"                    instead of now, to re-examine an old file; the report says "
		"so\n"
		"  --format F        text (default), json, junit, html, or etsi (an ETSI TS\n"
		"                    119 102-2 validation report, XML, for all bundles)\n"
		"  -j, --jobs N      verify N bundles at a time (threads; output in input order)\n"
		"  -o, --output FILE write the report to FILE instead of standard output\n"
		"  --requirements F  also trust this requirement set (repeatable; the shipped\n"
		"                    belrai-security 1.0 is always trusted). Answers are judged\n"
		"                    against the trusted set they name, never the bundle's copy\n"
		"  --register FILE   the authority's register of NIHII numbers bound to KBOs\n"
		"                    (lines 'NIHII KBO [name]'): a NIHII certificate proves a KBO\n"
		"                    only through it\n"
		"  --kmehr-schemas DIR  eHealth's KMEHR schema folder: a vendor's sample\n"
		"                    messages are validated against it; without it a vendor's\n"
		"                    request is INDETERMINATE\n"
		"Verdicts as ETSI EN 319 102-1: TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE, with\n"
		"the sub-indication; every signature of a container is validated. Without a\n"
		"time-stamp the only proof of existence is the validation time: the signer's\n"
		"certificate must be valid now (or at --at); a claimed signing time proves "
		"nothing.\n"
		"-v shows every check. Exit status: 0 every bundle passed, 1 one did not,\n"
		"2 a file cannot be read or bad arguments.\n"),
};
