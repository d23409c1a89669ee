/* cot cert: the organisation's eHealth certificate: request, import, show, check. */
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/certshow.h"
#include "cot/certstore.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/escape.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/jsonout.h"
#include "cot/lock.h"
#include "cot/mem.h"
#include "cot/password.h"
#include "cot/procedure.h"
#include "cot/revoc.h"
#include "cot/trust.h"

#define WARN_DAYS_MAX 3650

enum { O_REF = 256, O_DATE, O_ENV, O_FORMAT, O_WARN_DAYS, O_NO_REVOCATION };

/* clang-format off */
#define OPT_REF {"ref", required_argument, NULL, O_REF}
#define OPT_DATE {"date", required_argument, NULL, O_DATE}
#define OPT_ENV {"env", required_argument, NULL, O_ENV}
#define OPT_FORMAT {"format", required_argument, NULL, O_FORMAT}
#define OPT_WARN {"warn-days", required_argument, NULL, O_WARN_DAYS}
#define OPT_NOREV {"no-revocation", no_argument, NULL, O_NO_REVOCATION}
#define OPT_END {NULL, 0, NULL, 0}
/* clang-format on */

static const struct option request_options[] = {OPT_REF, OPT_DATE, OPT_ENV, OPT_END};
static const struct option import_options[] = {CLI_PASSWORD_OPTIONS, OPT_DATE, OPT_END};
static const struct option show_options[] = {CLI_PASSWORD_OPTIONS, OPT_FORMAT, OPT_END};
static const struct option check_options[] = {
	OPT_WARN, OPT_NOREV, CLI_PASSWORD_OPTIONS, OPT_FORMAT, OPT_END};
/* Every verb's options, for 'cot help --options cert'. */
static const struct option cert_options[] = {
	OPT_REF, OPT_DATE, OPT_ENV, CLI_PASSWORD_OPTIONS, OPT_FORMAT, OPT_WARN, OPT_NOREV, OPT_END};

/* The verbs, defined at the end of the file. */
static const struct cot_cmd cert_request_verb, cert_import_verb, cert_show_verb, cert_check_verb;

struct cert_args {
	struct cli_key key; /* --password-file, --password-env; the keystore is the operand */
	const char *file, *ref, *date, *env;
	int warn_days;
	bool no_revocation;
};

static int parse_warn_days(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 0 || v > WARN_DAYS_MAX)
		return cli_error(COT_USAGE,
			_("--warn-days takes a number of days from 0 to %d, "
			  "not '%s'"),
			WARN_DAYS_MAX, s);
	*out = (int)v;
	return COT_OK;
}

static int parse_option(struct cot_ctx *ctx, int opt, struct cert_args *a)
{
	switch (opt) {
	case O_REF:
		a->ref = optarg;
		break;
	case O_DATE:
		a->date = optarg;
		break;
	case O_ENV:
		a->env = optarg;
		break;
	case O_FORMAT:
		return cli_set_format(ctx, optarg);
	case O_WARN_DAYS:
		return parse_warn_days(optarg, &a->warn_days);
	case O_NO_REVOCATION:
		a->no_revocation = true;
		break;
	default:
		return cli_key_option(&a->key, opt, optarg) ? COT_OK : COT_USAGE;
	}
	return COT_OK;
}

/* Options and at most max_files operands (at least min_files). */
static int parse_args(struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv,
	int min_files, int max_files, struct cert_args *a)
{
	int opt;

	a->warn_days = CERT_RENEWAL_DAYS;
	while ((opt = cli_getopt(c, argc, argv)) != -1)
		if (parse_option(ctx, opt, a))
			return COT_USAGE;
	if (argc - optind < min_files)
		return cli_usage_error(c, _("which file?"));
	if (argc - optind > max_files && max_files)
		return cli_usage_error(c, _("one file at a time"));
	if (argc - optind > max_files)
		return cli_usage_error(c, _("unexpected argument '%s'"), argv[optind]);
	a->file = optind < argc ? argv[optind] : NULL;
	if (a->ref && !cli_text_ok(a->ref))
		return cli_error(COT_USAGE, _("--ref takes UTF-8 text without control characters"));
	if (a->date && !date_parse(a->date, &(time_t){0}))
		return cli_error(COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), a->date);
	if (a->env && strcmp(a->env, "production") != 0 && strcmp(a->env, "acceptance") != 0)
		return cli_error(
			COT_USAGE, _("--env takes production or acceptance, not '%s'"), a->env);
	return COT_OK;
}

/* ---- reading a certificate ---- */

/* More than one end-entity certificate: which one is meant? */
static int one_leaf(struct cert_view *in, const char *file)
{
	int n = 0;

	for (int i = 0; i < sk_X509_num(in->b.chain);) {
		if (X509_check_ca(sk_X509_value(in->b.chain, i)) != 0) {
			i++;
		} else if (in->b.n_keys > 0) {
			/* a keystore's entry names its leaf: other leaves are not its chain */
			X509_free(sk_X509_delete(in->b.chain, i));
		} else {
			n++;
			i++;
		}
	}
	ERR_clear_error();
	if (n == 0)
		return COT_OK;
	return cli_error(COT_USAGE,
		ngettext("'%s' holds %d end-entity certificates: keep one per "
			 "file (and its CA certificates)",
			"'%s' holds %d "
			"end-entity certificates: keep one per file (and its CA "
			"certificates)",
			n + 1),
		file, n + 1);
}

static int describe(struct cert_view *in)
{
	struct cot_err err = COT_ERR_INIT;

	if (cert_view_describe(in, &err))
		/* TRANSLATORS: a file, then what is wrong with it */
		return cli_error(err.code, _("'%s': %s"), in->label, err.msg);
	return COT_OK;
}

static void say_what_was_read(const struct cot_ctx *ctx, const struct cert_view *in)
{
	int n = sk_X509_num(in->b.chain);
	char keys[64], cas[64];

	if (ctx->verbosity <= 0)
		return;
	snprintf(cas, sizeof(cas), ngettext("%d CA certificate", "%d CA certificates", n), n);
	if (!in->b.n_keys) {
		/* TRANSLATORS: a file, its format (PEM, DER, PKCS#12), "2 CA certificates" */
		fprintf(stderr, _("cot: read '%s': %s, %s\n"), in->label,
			cert_format_name(in->b.format), cas);
		return;
	}
	snprintf(keys, sizeof(keys), ngettext("%zu private key", "%zu private keys", in->b.n_keys),
		in->b.n_keys);
	/* TRANSLATORS: a file, its format, the keystore entry, "1 private key", "2 CA
	   certificates" */
	fprintf(stderr, _("cot: read '%s': %s, entry '%s' of %s (not kept), %s\n"), in->label,
		cert_format_name(in->b.format), in->b.entry ? in->b.entry : _("(unnamed)"), keys,
		cas);
}

static int load_file(const struct cot_ctx *ctx, const struct cert_args *a, const char *file,
	struct cert_view *in)
{
	struct cli_key key = {file, a->key.pw_file, a->key.pw_env};
	struct cot_err err = COT_ERR_INIT;
	struct password pw;
	enum cert_format f;
	int rc;

	password_init(&pw);
	if (cert_detect_file(file, &f, &err))
		return cli_err(&err);
	if (f == CERT_FORMAT_PKCS12 && (rc = cli_read_password(&key, &pw)))
		return rc;
	rc = cert_load_file(file, pw.s, 0, &in->b, &err);
	password_release(&pw);
	if (rc)
		return cli_err(&err);
	in->label = xstrdup(file);
	if ((rc = one_leaf(in, file)))
		return rc;
	say_what_was_read(ctx, in);
	return describe(in);
}

static int load_current(const struct project *p, struct cert_view *in)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	int rc = project_journal_load(p, &j, &err);

	if (rc)
		return cli_err(&err);
	certstore_current(&j, &in->cur);
	journal_release(&j);
	if (!in->cur.found && in->cur.received_only)
		return cli_error(
			COT_FINDINGS, _("the project has no certificate yet: import it with "
					"'cot cert import FILE' (cert-received is recorded, "
					"but no certificate was imported)"));
	if (!in->cur.found)
		return cli_error(
			COT_FINDINGS, _("the project has no certificate yet: import it with "
					"'cot cert import FILE'"));
	in->from_store = true;
	in->label = certstore_relpath(in->cur.sha256);
	if (!in->label)
		return cli_error_nomem();
	if (certstore_load(p, in->cur.sha256, &in->b, &err))
		return cli_err(&err);
	return describe(in);
}

/* The project of the current directory, when there is one: *have says. */
static int maybe_project(struct cot_ctx *ctx, struct project *p, bool *have)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *root = NULL;
	int rc;

	*have = project_find(NULL, &root, &err) == COT_OK;
	free(root);
	if (!*have)
		return COT_OK;
	rc = project_open(NULL, p, &d, &err);
	if (rc) {
		rc = cli_project_error(ctx, &d, &err);
	} else {
		diag_print_text(stderr, &d, ctx->color);
		/* show and check take no project, but speak its language in one (cot.c does the
		   same for the commands that need one) */
		if (!ctx->lang_set) {
			ctx->lang = p->cfg.lang;
			i18n_set_lang(ctx->lang);
		}
	}
	diag_list_release(&d);
	return rc;
}

/* FILE when given (any project is used for the organisation), else the project's. */
static int load_input(struct cot_ctx *ctx, const struct cert_args *a, struct project *p,
	bool *have_project, struct cert_view *in)
{
	int rc = maybe_project(ctx, p, have_project);

	if (rc)
		return rc;
	if (a->file)
		return load_file(ctx, a, a->file, in);
	if (!*have_project) {
		struct cot_err err = COT_ERR_INIT;
		char *root = NULL;
		project_find(NULL, &root, &err);
		return cli_err(&err);
	}
	return load_current(p, in);
}

/* ---- checking ---- */

enum chain_result { CHAIN_SKIPPED, CHAIN_OK, CHAIN_FAILED };

struct verdict {
	struct cert_findings f;
	enum chain_result chain;
	char chain_msg[sizeof(((struct cot_err *)0)->msg)];
	int n_anchors;
	bool org_checked;
	int errors, warnings;
	bool rev_done; /* revocation asked (cot cert check); else rev_note says why not */
	struct revoc_result rev;
	char rev_note[160];
};

/* Within the leaf's validity, so that an expired leaf is not also a broken chain. */
static time_t chain_time(const struct cert_info *info, time_t now)
{
	if (now < info->not_before)
		return info->not_before;
	if (now >= info->not_after)
		return info->not_after - 1;
	return now;
}

/* The trust anchors of cot.yaml into *out (the caller's); an empty stack without a project. */
static int project_anchors(const struct project *p, STACK_OF(X509) **out)
{
	struct cot_err err = COT_ERR_INIT;
	int rc;

	if (!(*out = sk_X509_new_null()))
		return cli_error_nomem();
	if (!p || !p->cfg.trust.n)
		return COT_OK;
	rc = trust_load(p->root, &p->cfg.trust, *out, &err);
	if (rc) {
		sk_X509_pop_free(*out, X509_free);
		*out = NULL;
		/* TRANSLATORS: a file (cot.yaml), then what is wrong with it */
		return cli_error(rc, _("%s: %s"), p->config_path, err.msg);
	}
	return COT_OK;
}

static int check_chain(
	const struct project *p, const struct cert_view *in, time_t now, struct verdict *v)
{
	STACK_OF(X509) *anchors = NULL;
	struct cot_err err = COT_ERR_INIT;
	int rc = project_anchors(p, &anchors);

	if (rc)
		return rc;
	v->n_anchors = sk_X509_num(anchors);
	rc = cert_verify_chain_anchors(
		in->b.leaf, in->b.chain, anchors, chain_time(&in->info, now), &err);
	sk_X509_pop_free(anchors, X509_free);
	if (rc == COT_ENV)
		return cli_err(&err);
	v->chain = rc == COT_OK ? CHAIN_OK : CHAIN_FAILED;
	if (rc)
		snprintf(v->chain_msg, sizeof(v->chain_msg), "%s", err.msg);
	return COT_OK;
}

/* Every check; the project (may be NULL) gives the organisation and the anchors. */
static int judge(const struct project *p, const struct cert_view *in, int warn_days, time_t now,
	struct verdict *v)
{
	struct cert_check_opts o = {now, warn_days, NULL, NULL};

	memset(v, 0, sizeof(*v));
	if (p) {
		o.kbo = p->cfg.kbo;
		o.nihii = p->cfg.nihii[0] ? p->cfg.nihii : NULL;
		v->org_checked = true;
	}
	cert_check(in->b.leaf, &in->info, &o, &v->f);
	for (size_t i = 0; i < v->f.n; i++) {
		v->errors += v->f.item[i].severity == CERT_ERROR;
		v->warnings += v->f.item[i].severity == CERT_WARNING;
	}
	if (p && p->cfg.trust.n) {
		int rc = check_chain(p, in, now, v);
		if (rc)
			return rc;
		v->errors += v->chain == CHAIN_FAILED;
	}
	return COT_OK;
}

static const char *sev_name(enum cert_severity s)
{
	return s == CERT_ERROR ? "error" : "warning";
}

/* Revoked: an error; unknown: a warning even with -q (exit 3 needs a reason); not asked: a note. */
static void print_revocation(
	FILE *f, const struct cert_view *in, const struct verdict *v, bool errors_only)
{
	char at[21];

	if (v->rev_done && v->rev.status == REVOC_REVOKED) {
		time_format(v->rev.revoked_at, at);
		/* TRANSLATORS: the file, the time, the reason (keyCompromise...), who says so */
		fprintf(f, _("%s: error: revoked on %s (%s), says %s [%s]\n"), in->label, at,
			revoc_reason_name(v->rev.reason), v->rev.how, "cert-revoked");
	} else if (v->rev_done && v->rev.status == REVOC_UNKNOWN) {
		fprintf(f, _("%s: warning: revocation status unknown: %s [%s]\n"), in->label,
			v->rev.why, "cert-revocation");
	} else if (!v->rev_done && v->rev_note[0] && !errors_only) {
		fprintf(f, _("%s: note: revocation not checked: %s [%s]\n"), in->label, v->rev_note,
			"cert-revocation");
	}
}

static const char *const no_anchors = N_("chain not checked: no trust anchors configured "
					 "(cot.yaml, certificate: trust:)");

/* "FILE: severity: message [id]" in the language; the id stays as it is. */
static void print_finding(
	FILE *f, const char *file, enum cert_severity sev, const char *msg, const char *id)
{
	if (sev == CERT_ERROR)
		/* TRANSLATORS: file: error: message [check id] */
		fprintf(f, _("%s: error: %s [%s]\n"), file, msg, id);
	else
		/* TRANSLATORS: file: warning: message [check id] */
		fprintf(f, _("%s: warning: %s [%s]\n"), file, msg, id);
}

/* "FILE: severity: message [id]", gcc style, to f; errors_only for -q. */
static void print_findings(FILE *f, const struct cert_view *in, const struct verdict *v,
	bool errors_only, bool ignore_renewal)
{
	for (size_t i = 0; i < v->f.n; i++) {
		const struct cert_finding *x = &v->f.item[i];
		enum cert_severity sev = x->severity;
		if (ignore_renewal && strcmp(x->id, "cert-renewal-window") == 0)
			sev = CERT_WARNING;
		if (errors_only && sev != CERT_ERROR)
			continue;
		print_finding(f, in->label, sev, x->msg, x->id);
	}
	if (v->chain == CHAIN_FAILED)
		print_finding(f, in->label, CERT_ERROR, v->chain_msg, "cert-chain");
	else if (v->chain == CHAIN_SKIPPED && !errors_only)
		/* TRANSLATORS: file: note: message [check id] */
		fprintf(f, _("%s: note: %s [%s]\n"), in->label,
			v->org_checked
				? _(no_anchors)
				: _("chain not checked: not in a cot project, so no trust anchors"),
			"cert-chain");
	print_revocation(f, in, v, errors_only);
}

/* ---- cot cert request ---- */

static int cert_request_renewal(const struct cot_ctx *ctx, const struct project *p,
	const struct cert_args *a, const char *date, const char *env)
{
	struct cot_err err = COT_ERR_INIT;
	struct lock lk = LOCK_INIT;
	json_t *data = json_pack("{s:s, s:s}", "date", date, "env", env);
	int rc = project_lock(p, &lk, &err);

	if (a->ref)
		json_object_set_new(data, "ref", json_string(a->ref));
	if (!rc)
		rc = project_journal_append(p, CERTSTORE_EVENT_RENEWAL, data, &err);
	else
		json_decref(data);
	lock_release(&lk);
	if (rc)
		return cli_err(&err);
	/* TRANSLATORS: a date YYYY-MM-DD, then production or acceptance (not translated) */
	cli_say(ctx,
		_("Recorded the renewal request on %s (%s certificate): import the new "
		  "certificate when it arrives ('cot cert import FILE')\n"),
		date, env);
	return COT_OK;
}

/* A renewal: the certificate is received already (and the date is no later than today). */
static bool is_renewal(const struct project *p, const char *date, int *rc)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct procedure pr;
	char today[11];
	bool received;

	*rc = project_journal_load(p, &j, &err);
	if (*rc) {
		cli_err(&err);
		return false;
	}
	procedure_derive(p->cfg.route, &j, &pr);
	received = pr.steps[step_index(p->cfg.route, "cert-received")].done;
	journal_release(&j);
	date_format(clock_now(), today);
	if (received && strcmp(date, today) > 0) {
		*rc = cli_error(
			COT_USAGE, _("the date %s is in the future (today is %s)"), date, today);
		return false;
	}
	return received;
}

static int cmd_cert_request(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct cert_args a = {0};
	struct cot_err err = COT_ERR_INIT;
	const char *env;
	char today[11];
	json_t *data;
	int rc;

	if ((rc = parse_args(ctx, &cert_request_verb, argc, argv, 0, 0, &a)))
		return rc;
	date_format(clock_now(), today);
	env = a.env ? a.env : p->cfg.cert_env ? p->cfg.cert_env : "production";
	if (is_renewal(p, a.date ? a.date : today, &rc))
		return cert_request_renewal(ctx, p, &a, a.date ? a.date : today, env);
	if (rc)
		return rc;
	data = json_pack("{s:s}", "env", env);
	if (a.ref)
		json_object_set_new(data, "ref", json_string(a.ref));
	rc = procedure_record(p, "cert-requested", a.date ? a.date : today, data, &err);
	if (rc)
		return cli_err(&err);
	/* TRANSLATORS: a date YYYY-MM-DD, then production or acceptance (not translated) */
	cli_say(ctx, _("Recorded 'cert-requested' on %s (%s certificate)\n"),
		a.date ? a.date : today, env);
	cli_say(ctx, _("Next: when eHealth delivers it (up to 10 days), 'cot cert import "
		       "FILE'\n"));
	return COT_OK;
}

/* ---- cot cert import ---- */

static void add_str(json_t *o, const char *key, const char *value)
{
	if (value)
		json_object_set_new(o, key, esc_json(value, strlen(value)));
}

static json_t *import_data(const struct cert_view *in, const struct verdict *v, const char *file)
{
	json_t *o = json_object();
	char t[21], ident[2 * EHEALTH_VALUE_MAX + 2], *copy = xstrdup(file), *rel;

	add_str(o, "sha256", in->info.sha256);
	add_str(o, "subject", in->info.subject);
	add_str(o, "issuer", in->info.issuer);
	add_str(o, "serial", in->info.serial);
	time_format(in->info.not_before, t);
	add_str(o, "not_before", t);
	time_format(in->info.not_after, t);
	add_str(o, "not_after", t);
	snprintf(ident, sizeof(ident), "%s=%s", in->subj.type_name, in->subj.id);
	add_str(o, "identifier", ident);
	rel = certstore_relpath(in->info.sha256);
	add_str(o, "stored", rel);
	free(rel);
	json_object_set_new(o, "chain", json_integer(sk_X509_num(in->b.chain)));
	json_object_set_new(o, "chain_verified",
		v->chain == CHAIN_SKIPPED ? json_null() : json_boolean(v->chain == CHAIN_OK));
	add_str(o, "format", cert_format_name(in->b.format));
	add_str(o, "source", copy ? basename(copy) : NULL);
	free(copy);
	return o;
}

static void say_imported(const struct cot_ctx *ctx, const struct cert_view *in,
	const struct verdict *v, const struct certstore_import *r, const char *date)
{
	char nb[11], na[11], *rel = certstore_relpath(in->info.sha256);
	int n = sk_X509_num(in->b.chain);
	long left = days_between(clock_now(), in->info.not_after);

	date_format(in->info.not_before, nb);
	date_format(in->info.not_after, na);
	/* TRANSLATORS: the organisation, its identifier type (CBE, NIHII) and number */
	cli_say(ctx, _("Imported the certificate of %s (%s %s)\n"),
		in->subj.name[0] ? in->subj.name : in->info.subject, in->subj.type_name,
		in->subj.id);
	cli_say(ctx,
		ngettext("  valid from %s until %s (%ld day left)\n",
			"  valid from %s until %s (%ld days left)\n", (unsigned long)labs(left)),
		nb, na, left);
	if (v->chain == CHAIN_OK)
		cli_say(ctx, _("  its chain verifies to the trust anchors of cot.yaml\n"));
	else
		cli_say(ctx, "  %s\n", _(no_anchors));
	if (n == 0)
		cli_say(ctx,
			_("  stored: the public certificate in %s; no private key was stored\n"),
			rel ? rel : "?");
	else if (n == 1)
		cli_say(ctx,
			_("  stored: the public certificate and 1 CA certificate in %s; no "
			  "private key was stored\n"),
			rel ? rel : "?");
	else
		cli_say(ctx,
			_("  stored: the public certificate and its CA certificates in %s; no "
			  "private key was stored\n"),
			rel ? rel : "?");
	if (r->renewal)
		/* TRANSLATORS: a date YYYY-MM-DD, then the event's name (cert-imported) */
		cli_say(ctx,
			_("'cert-received' was recorded on %s already: recorded a '%s' event "
			  "instead; this certificate is now the project's current one\n"),
			r->received, CERTSTORE_EVENT_IMPORTED);
	else
		cli_say(ctx, _("Recorded 'cert-received' on %s\n"), date);
	if (in->b.has_private_key)
		cli_say(ctx,
			_("Keep '%s' and its password safe, and never send them unprotected "
			  "by e-mail\n"),
			in->label);
	free(rel);
}

/* Errors refuse the import; inside the renewal window the certificate is still good. */
static int import_refused(const struct cert_view *in, const struct verdict *v)
{
	int errors = v->errors;

	for (size_t i = 0; i < v->f.n; i++)
		if (v->f.item[i].severity == CERT_ERROR &&
			strcmp(v->f.item[i].id, "cert-renewal-window") == 0)
			errors--;
	print_findings(stderr, in, v, false, true);
	if (errors == 0)
		return COT_OK;
	return cli_error(COT_FINDINGS,
		ngettext("'%s' was not imported (%d problem above): nothing "
			 "was stored",
			"'%s' was not imported (%d problems "
			"above): nothing was stored",
			errors),
		in->label, errors);
}

static int cmd_cert_import(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct cert_args a = {0};
	struct cot_err err = COT_ERR_INIT;
	struct certstore_import r;
	struct cert_view in;
	struct verdict v;
	char date[11];
	int rc;

	if ((rc = parse_args(ctx, &cert_import_verb, argc, argv, 1, 1, &a)))
		return rc;
	memset(&r, 0, sizeof(r));
	cert_view_init(&in);
	if (a.date)
		snprintf(date, sizeof(date), "%s", a.date);
	else
		date_format(clock_now(), date);
	rc = load_file(ctx, &a, a.file, &in);
	if (!rc)
		rc = judge(p, &in, CERT_RENEWAL_DAYS, clock_now(), &v);
	if (!rc)
		rc = import_refused(&in, &v);
	if (!rc && (rc = certstore_import(p, in.b.leaf, in.b.chain, date,
			    import_data(&in, &v, a.file), &r, &err)))
		rc = cli_err(&err);
	if (!rc && r.same)
		cli_say(ctx,
			_("'%s' holds the project's current certificate already (received "
			  "on %s): nothing changed\n"),
			a.file, r.received[0] ? r.received : date);
	else if (!rc)
		say_imported(ctx, &in, &v, &r, date);
	cert_view_release(&in);
	return rc;
}

/* ---- cot cert show ---- */

static int print_json(json_t *o)
{
	struct cot_err err = COT_ERR_INIT;

	return json_print(stdout, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &err) ? cli_err(&err)
										 : COT_OK;
}

static int cmd_cert_show(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct cert_args a = {0};
	struct project p = PROJECT_INIT;
	struct cert_view in;
	bool have = false;
	int rc;

	if ((rc = parse_args(ctx, &cert_show_verb, argc, argv, 0, 1, &a)))
		return rc;
	if (cli_check_format(ctx, &cert_show_verb))
		return COT_USAGE;
	cert_view_init(&in);
	rc = load_input(ctx, &a, &p, &have, &in);
	if (!rc && ctx->format == FMT_JSON)
		rc = print_json(certshow_json(&in, clock_now()));
	else if (!rc)
		certshow_text(stdout, &in, clock_now());
	cert_view_release(&in);
	project_release(&p);
	return rc;
}

/* ---- cot cert check ---- */

/*
 * The leaf's revocation status, from its CA (the issuer found in the file, the store or
 * the anchors); not asked when there is nothing to ask or nobody to ask it of.
 */
static int check_revocation(
	const struct project *p, const struct cert_view *in, time_t now, struct verdict *v)
{
	struct revoc_opts o = {.now = now};
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *anchors = NULL;
	struct revoc rv;
	X509 *issuer;
	int rc;

	if (now < in->info.not_before || now >= in->info.not_after) {
		snprintf(v->rev_note, sizeof(v->rev_note), "%s",
			_("the certificate is not valid now"));
		return COT_OK;
	}
	if (!revoc_has_sources(in->b.leaf)) {
		snprintf(v->rev_note, sizeof(v->rev_note), "%s",
			_("the certificate names no OCSP "
			  "responder and no CRL distribution point"));
		return COT_OK;
	}
	if ((rc = project_anchors(p, &anchors)))
		return rc;
	issuer = revoc_find_issuer(in->b.leaf, in->b.chain, anchors);
	if (!issuer) {
		snprintf(v->rev_note, sizeof(v->rev_note), "%s",
			_("its issuer's certificate is "
			  "neither in the file nor among the trust anchors"));
		sk_X509_pop_free(anchors, X509_free);
		return COT_OK;
	}
	revoc_init(&rv, &o);
	rc = revoc_check(&rv, in->b.leaf, issuer, &v->rev, &err);
	revoc_release(&rv);
	sk_X509_pop_free(anchors, X509_free);
	if (rc)
		return cli_err(&err);
	v->rev_done = true;
	v->errors += v->rev.status == REVOC_REVOKED;
	return COT_OK;
}

static json_t *revocation_json(const struct verdict *v)
{
	char at[21];

	if (!v->rev_done)
		return json_pack("{s:s, s:s}", "status", "not-checked", "why", v->rev_note);
	time_format(v->rev.revoked_at, at);
	return json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "status",
		revoc_status_name(v->rev.status), "how", v->rev.how[0] ? v->rev.how : NULL, "why",
		v->rev.why[0] ? v->rev.why : NULL, "revoked_at", v->rev.revoked_at ? at : NULL,
		"reason", v->rev.status == REVOC_REVOKED ? revoc_reason_name(v->rev.reason) : NULL);
}

static bool rev_unknown(const struct verdict *v)
{
	return v->rev_done && v->rev.status == REVOC_UNKNOWN;
}

/* Monitoring asked for warn_days: a certificate expiring within them is a problem. */
static void promote_expiry(struct verdict *v)
{
	for (size_t i = 0; i < v->f.n; i++) {
		struct cert_finding *x = &v->f.item[i];
		if (strcmp(x->id, "cert-renewal-window") == 0 && x->severity == CERT_WARNING) {
			x->severity = CERT_ERROR;
			v->errors++;
			v->warnings--;
		}
	}
}

static json_t *check_json(
	const struct cert_view *in, const struct verdict *v, int warn_days, time_t now)
{
	json_t *o = certshow_json(in, now), *f = json_array();
	const char *chain = v->chain == CHAIN_OK       ? "verified"
			    : v->chain == CHAIN_FAILED ? "failed"
						       : "not-checked";

	for (size_t i = 0; i < v->f.n; i++)
		json_array_append_new(
			f, json_pack("{s:s, s:s, s:s}", "id", v->f.item[i].id, "severity",
				   sev_name(v->f.item[i].severity), "message", v->f.item[i].msg));
	if (v->chain == CHAIN_FAILED)
		json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "id", "cert-chain",
						 "severity", "error", "message", v->chain_msg));
	json_object_set_new(o, "check",
		json_pack("{s:b, s:i, s:b, s:{s:s, s:i}, s:o, s:o, s:i, "
			  "s:i}",
			"ok", v->errors == 0 && !rev_unknown(v), "warn_days", warn_days,
			"organisation_checked", v->org_checked, "chain", "result", chain, "anchors",
			v->n_anchors, "revocation", revocation_json(v), "findings", f, "errors",
			v->errors, "warnings", v->warnings));
	return o;
}

/* "CBE 0566988259 (WZC ZONNEWEIDE)", or the subject when it is no eHealth one. */
static void who(const struct cert_view *in, char *out, size_t len)
{
	if (in->subj_ok)
		snprintf(out, len, "%s %s (%s)", in->subj.type_name, in->subj.id,
			in->subj.name[0] ? in->subj.name : _("no name"));
	else
		snprintf(out, len, "%s", in->info.subject);
}

/* "not ok: NAME: 2 errors, 1 warning": one ngettext per count. */
static void say_not_ok(const char *name, const struct verdict *v)
{
	char errs[64], warns[64];

	snprintf(errs, sizeof(errs), ngettext("%d error", "%d errors", v->errors), v->errors);
	snprintf(warns, sizeof(warns), ngettext("%d warning", "%d warnings", v->warnings),
		v->warnings);
	/* TRANSLATORS: the holder, "2 errors", "1 warning" */
	printf(_("not ok: %s: %s, %s\n"), name, errs, warns);
}

static void print_verdict(const struct cert_view *in, const struct verdict *v, time_t now)
{
	char na[11], opens[11], name[4 * EHEALTH_VALUE_MAX + 16];
	long left = days_between(now, in->info.not_after);

	who(in, name, sizeof(name));
	date_format(in->info.not_after, na);
	date_format(in->info.not_after - (time_t)CERT_RENEWAL_DAYS * 86400, opens);
	if (!v->org_checked)
		printf(_("%s: note: organisation not checked: not in a cot project\n"), in->label);
	if (v->errors == 0 && rev_unknown(v))
		/* TRANSLATORS: the certificate's holder, then a date YYYY-MM-DD */
		printf(_("unknown: %s is valid until %s, but whether it is revoked is unknown\n"),
			name, na);
	else if (v->errors == 0)
		/* TRANSLATORS: the holder, a date, the days left, the date the window opens */
		printf(ngettext("ok: %s is valid until %s (%ld day left); the renewal window opens "
				"on %s\n",
			       "ok: %s is valid until %s (%ld days left); the renewal "
			       "window opens on %s\n",
			       (unsigned long)labs(left)),
			name, na, left, opens);
	else
		say_not_ok(name, v);
	if (v->rev_done && v->rev.status == REVOC_GOOD)
		/* TRANSLATORS: who says so: an OCSP responder's or a CRL's URL */
		printf(_("revocation: good, says %s\n"), v->rev.how);
}

static int cmd_cert_check(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct cert_args a = {0};
	struct project p = PROJECT_INIT;
	struct cert_view in;
	struct verdict v;
	bool have = false;
	time_t now = clock_now();
	int rc;

	if ((rc = parse_args(ctx, &cert_check_verb, argc, argv, 0, 1, &a)))
		return rc;
	if (cli_check_format(ctx, &cert_check_verb))
		return COT_USAGE;
	cert_view_init(&in);
	rc = load_input(ctx, &a, &p, &have, &in);
	if (!rc)
		rc = judge(have ? &p : NULL, &in, a.warn_days, now, &v);
	if (!rc && !a.no_revocation)
		rc = check_revocation(have ? &p : NULL, &in, now, &v);
	else if (!rc)
		snprintf(v.rev_note, sizeof(v.rev_note), "--no-revocation");
	if (rc)
		goto out;
	promote_expiry(&v);
	if (ctx->format == FMT_JSON) {
		if ((rc = print_json(check_json(&in, &v, a.warn_days, now))))
			goto out;
	} else if (ctx->verbosity < 0) {
		print_findings(stderr, &in, &v, true, false);
	} else {
		print_findings(stdout, &in, &v, false, false);
		print_verdict(&in, &v, now);
	}
	/* revoked is an error (1); unknown, with nothing else wrong, is 3: could not tell */
	rc = v.errors ? COT_FINDINGS : rev_unknown(&v) ? COT_ENV : COT_OK;
out:
	cert_view_release(&in);
	project_release(&p);
	return rc;
}

/* ---- the command and its verbs ---- */

static const struct cot_cmd cert_request_verb = {
	.name = "request",
	.parent = "cert",
	.fn = cmd_cert_request,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = request_options,
	.usage = "cot cert request [--date YYYY-MM-DD] [--ref TEXT] [--env production|acceptance]",
	.summary = N_("Record that the organisation certificate was requested from eHealth."),
	.help = N_(
		"  --date D          the day it was requested (default today)\n"
		"  --ref TEXT        the request's reference at eHealth\n"
		"  --env E           production (default: cot.yaml's environment) or acceptance\n"),
};

static const struct cot_cmd cert_import_verb = {
	.name = "import",
	.parent = "cert",
	.fn = cmd_cert_import,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = import_options,
	.usage =
		"cot cert import FILE [--password-file F | --password-env VAR] [--date YYYY-MM-DD]",
	.summary =
		N_("Check the certificate of a PEM, DER or PKCS#12 file and keep its public part."),
	.help = N_("  FILE              PEM or DER certificates, or a PKCS#12 keystore (.p12,\n"
		   "                    .acc-p12, .pfx); its 'authentication' entry is used\n"
		   "  --date D          the day the certificate was received (default today)\n"),
};

static const struct cot_cmd cert_show_verb = {
	.name = "show",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON),
	.parent = "cert",
	.fn = cmd_cert_show,
	.shortopts = "",
	.longopts = show_options,
	.usage = "cot cert show [FILE] [--password-file F | --password-env VAR] "
		 "[--format text|json]",
	.summary = N_("Show a certificate: eHealth subject, validity, key, usages, fingerprint."),
	.help = N_("  FILE              a certificate or keystore (default: the project's "
		   "certificate)\n"
		   "  --format F        text (default) or json (schema cot.cert/1)\n"),
};

static const struct cot_cmd cert_check_verb = {
	.name = "check",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON),
	.parent = "cert",
	.fn = cmd_cert_check,
	.shortopts = "",
	.longopts = check_options,
	.usage = "cot cert check [FILE] [--warn-days N] [--no-revocation] [--password-file F | "
		 "--password-env VAR] [--format text|json]",
	.summary = N_("Check the certificate for monitoring: exit 1 when it needs attention."),
	.help = N_(
		"  FILE              a certificate or keystore (default: the project's "
		"certificate)\n"
		"  --warn-days N     exit 1 when it expires within N days (default 90, eHealth's\n"
		"                    renewal window; 0: only when expired)\n"
		"  --no-revocation   do not ask its CA (OCSP, CRL) whether it is revoked; "
		"otherwise\n"
		"                    revoked exits 1, and unknown (no answer to trust) exits 3\n"
		"  --format F        text (default) or json (schema cot.cert/1)\n"),
};

static const struct cot_cmd *const cert_verbs[] = {
	&cert_request_verb, &cert_import_verb, &cert_show_verb, &cert_check_verb, NULL};

const struct cot_cmd cmd_cert_entry = {
	.name = "cert",
	.formats = FMT_TEXT_ONLY,
	.verbs = cert_verbs,
	.shortopts = "",
	.longopts = cert_options,
	.usage = "cot cert request|import|show|check [options] [FILE]",
	.summary = N_("Request, import, show and check the organisation's eHealth certificate."),
};
