/* cot whitelist: the authority keeps the whitelist (add, remove, list, export, sign); organisations
 * check it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cot/cert.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/crypto-load.h"
#include "cot/escape.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/jsonout.h"
#include "cot/kmehr.h"
#include "cot/password.h"
#include "cot/procedure.h"
#include "cot/policy.h"
#include "cot/trust.h"
#include "cot/whitelist.h"

#define DEFAULT_FILE "whitelist.xml"
#define MAX_TRUST 16
#define WAIT_INTERVAL 600    /* seconds between checks with --wait, by default */
#define WAIT_MIN_INTERVAL 60 /* the least; COT_MIN_INTERVAL lowers it for tests */
#define WAIT_TIMEOUT 86400   /* how long --wait waits, by default */

enum {
	O_FILE = 256,
	O_KBO,
	O_NAME,
	O_NIHII,
	O_SINCE,
	O_REASON,
	O_FORMAT,
	O_URL,
	O_TRUST,
	O_CACERT,
	O_OFFLINE,
	O_WAIT,
	O_INTERVAL,
	O_TIMEOUT,
	O_BUNDLE,
	O_REQUIREMENTS,
	O_REGISTER,
	O_VALID_FOR,
	O_SOFTWARE_FLAG,
	O_SOFTWARE,
	O_VERSION,
	O_KMEHR,
};

/* clang-format off */
#define OPT_FILE {"file", required_argument, NULL, O_FILE}
#define OPT_KBO {"kbo", required_argument, NULL, O_KBO}
#define OPT_NAME {"name", required_argument, NULL, O_NAME}
#define OPT_NIHII {"nihii", required_argument, NULL, O_NIHII}
#define OPT_SINCE {"since", required_argument, NULL, O_SINCE}
#define OPT_REASON {"reason", required_argument, NULL, O_REASON}
#define OPT_FORMAT {"format", required_argument, NULL, O_FORMAT}
#define OPT_URL {"url", required_argument, NULL, O_URL}
#define OPT_TRUST {"trust", required_argument, NULL, O_TRUST}
#define OPT_CACERT {"cacert", required_argument, NULL, O_CACERT}
#define OPT_OFFLINE {"offline", no_argument, NULL, O_OFFLINE}
#define OPT_WAIT {"wait", no_argument, NULL, O_WAIT}
#define OPT_INTERVAL {"interval", required_argument, NULL, O_INTERVAL}
#define OPT_TIMEOUT {"timeout", required_argument, NULL, O_TIMEOUT}
#define OPT_BUNDLE {"bundle", required_argument, NULL, O_BUNDLE}
#define OPT_REQUIREMENTS {"requirements", required_argument, NULL, O_REQUIREMENTS}
#define OPT_REGISTER {"register", required_argument, NULL, O_REGISTER}
#define OPT_VALID_FOR {"valid-for", required_argument, NULL, O_VALID_FOR}
#define OPT_SOFTWARE_FLAG {"software", no_argument, NULL, O_SOFTWARE_FLAG}
#define OPT_SOFTWARE {"software", required_argument, NULL, O_SOFTWARE}
#define OPT_VERSION {"version", required_argument, NULL, O_VERSION}
#define OPT_KMEHR {"kmehr-schemas", required_argument, NULL, O_KMEHR}
#define OPT_END {NULL, 0, NULL, 0}
/* clang-format on */

static const struct option add_options[] = {OPT_FILE, OPT_KBO, OPT_NAME, OPT_NIHII, OPT_SINCE,
	OPT_BUNDLE, OPT_TRUST, OPT_REQUIREMENTS, OPT_REGISTER, OPT_SOFTWARE_FLAG, OPT_KMEHR,
	OPT_END};
static const struct option remove_options[] = {
	OPT_FILE, OPT_KBO, OPT_REASON, OPT_SOFTWARE, OPT_VERSION, OPT_END};
static const struct option list_options[] = {OPT_FILE, OPT_FORMAT, OPT_END};
static const struct option export_options[] = {OPT_FILE, OPT_FORMAT, OPT_END};
static const struct option sign_options[] = {OPT_FILE, CLI_KEY_OPTIONS, OPT_VALID_FOR, OPT_END};
static const struct option check_options[] = {OPT_URL, OPT_FILE, OPT_KBO, OPT_TRUST, OPT_CACERT,
	OPT_OFFLINE, OPT_WAIT, OPT_INTERVAL, OPT_TIMEOUT, OPT_FORMAT, OPT_SOFTWARE, OPT_VERSION,
	OPT_END};
/* Every verb's options, for 'cot help --options whitelist'. */
static const struct option whitelist_options[] = {OPT_FILE, OPT_KBO, OPT_NAME, OPT_NIHII, OPT_SINCE,
	OPT_REASON, OPT_FORMAT, CLI_KEY_OPTIONS, OPT_URL, OPT_TRUST, OPT_CACERT, OPT_OFFLINE,
	OPT_WAIT, OPT_INTERVAL, OPT_TIMEOUT, OPT_BUNDLE, OPT_REQUIREMENTS, OPT_REGISTER,
	OPT_VALID_FOR, OPT_SOFTWARE, OPT_VERSION, OPT_KMEHR, OPT_END};

/* The verbs, defined at the end of the file. */
static const struct cot_cmd wl_add_verb, wl_remove_verb, wl_list_verb, wl_export_verb, wl_sign_verb,
	wl_check_verb;

struct wl_args {
	struct cli_key key;
	const char *file, *kbo, *name, *nihii, *since, *reason;
	const char *url, *cacert, *bundle;
	bool software_flag;			/* add --software */
	const char *software, *version, *kmehr; /* check --software P --version V */
	const char *trust[MAX_TRUST];
	size_t n_trust;
	char *requirements[POLICY_MAX_SETS];
	size_t n_requirements;
	const char *reg;
	long valid_for; /* days; 0: WHITELIST_VALID_DAYS */
	bool offline, wait, interval_set, timeout_set;
	long interval, timeout;
};

static int parse_seconds(const char *opt, const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 0 || v > 10L * 365 * 86400)
		return cli_error(COT_USAGE, _("--%s takes a number of seconds, not '%s'"), opt, s);
	*out = v;
	return COT_OK;
}

static int parse_days(const char *s, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < 1 || v > WHITELIST_VALID_MAX_DAYS)
		return cli_error(COT_USAGE,
			_("--valid-for takes a number of days from 1 to %d, not '%s'"),
			WHITELIST_VALID_MAX_DAYS, s);
	*out = v;
	return COT_OK;
}

static int parse_option(struct cot_ctx *ctx, int opt, struct wl_args *a)
{
	switch (opt) {
	case O_FILE:
		a->file = optarg;
		break;
	case O_KBO:
		a->kbo = optarg;
		break;
	case O_NAME:
		a->name = optarg;
		break;
	case O_NIHII:
		a->nihii = optarg;
		break;
	case O_SINCE:
		a->since = optarg;
		break;
	case O_REASON:
		a->reason = optarg;
		break;
	case O_FORMAT:
		return cli_set_format(ctx, optarg);
	case O_URL:
		a->url = optarg;
		break;
	case O_CACERT:
		a->cacert = optarg;
		break;
	case O_BUNDLE:
		a->bundle = optarg;
		break;
	case O_OFFLINE:
		a->offline = true;
		break;
	case O_WAIT:
		a->wait = true;
		break;
	case O_TRUST:
		if (a->n_trust == MAX_TRUST)
			return cli_error(COT_USAGE, _("at most %d --trust files"), MAX_TRUST);
		a->trust[a->n_trust++] = optarg;
		break;
	case O_REQUIREMENTS:
		if (a->n_requirements == POLICY_MAX_SETS)
			return cli_error(
				COT_USAGE, _("at most %d --requirements"), POLICY_MAX_SETS);
		a->requirements[a->n_requirements++] = optarg;
		break;
	case O_REGISTER:
		a->reg = optarg;
		break;
	case O_VALID_FOR:
		return parse_days(optarg, &a->valid_for);
	case O_SOFTWARE_FLAG:
		a->software_flag = true;
		break;
	case O_SOFTWARE:
		a->software = optarg;
		break;
	case O_VERSION:
		a->version = optarg;
		break;
	case O_KMEHR:
		a->kmehr = optarg;
		break;
	case O_INTERVAL:
		a->interval_set = true;
		return parse_seconds("interval", optarg, &a->interval);
	case O_TIMEOUT:
		a->timeout_set = true;
		return parse_seconds("timeout", optarg, &a->timeout);
	default:
		return cli_key_option(&a->key, opt, optarg) ? COT_OK : COT_USAGE;
	}
	return COT_OK;
}

/*
 * Inside a cot project the verbs speak its language, unless --lang says otherwise; outside
 * one, the locale's (the FOD's administrator). check opens the project itself.
 */
static void project_lang(struct cot_ctx *ctx)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct project p = PROJECT_INIT;
	char *root = NULL;

	if (ctx->lang_set || project_find(NULL, &root, &err) != COT_OK) {
		free(root);
		return;
	}
	if (project_open(root, &p, &d, &err) == COT_OK) {
		ctx->lang = p.cfg.lang;
		i18n_set_lang(ctx->lang);
	}
	free(root);
	diag_list_release(&d);
	project_release(&p);
}

/* The verb's options; no operands. */
static int parse_args(
	struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv, struct wl_args *a)
{
	int opt;

	if (c != &wl_check_verb)
		project_lang(ctx);
	while ((opt = cli_getopt(c, argc, argv)) != -1)
		if (parse_option(ctx, opt, a))
			return COT_USAGE;
	if (optind < argc)
		return cli_usage_error(c, _("unexpected argument '%s'"), argv[optind]);
	return COT_OK;
}

/* A KBO number from the command line, canonical in out. */
static int parse_kbo(const char *in, char out[KBO_LEN + 1])
{
	char why[160];

	if (!kbo_parse(in, out, why, sizeof(why)))
		return cli_error(COT_USAGE, _("KBO number '%s' is not valid: %s"), in, why);
	return COT_OK;
}

static const char *kbo_cli_shown(const char *canonical)
{
	static char out[4][16];
	static int next;
	char *p = out[next++ % 4];

	kbo_format(canonical, p, 16);
	return p;
}

/* ---- add, remove ------------------------------------------------------------------- */

static int add_since(const struct wl_args *a, struct wl_org *o)
{
	if (a->since && !date_parse(a->since, &(time_t){0}))
		return cli_error(COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), a->since);
	date_format(clock_now(), o->since);
	if (a->since)
		snprintf(o->since, sizeof(o->since), "%s", a->since);
	return COT_OK;
}

static int add_fields(const struct wl_args *a, struct wl_org *o)
{
	char nihii[NIHII_PERSON_LEN + 1], why[160];
	enum nihii_rule r;

	if (!a->kbo || !a->name)
		return cli_usage_error(&wl_add_verb, _("add needs --kbo and --name, or --bundle"));
	if (parse_kbo(a->kbo, o->kbo))
		return COT_USAGE;
	if (!cli_text_ok(a->name))
		return cli_error(
			COT_USAGE, _("--name takes UTF-8 text without control characters"));
	o->name = strdup(a->name);
	if (!o->name)
		return cli_error_nomem();
	if (!a->nihii)
		return COT_OK;
	r = nihii_parse(a->nihii, nihii, why, sizeof(why));
	if (r == NIHII_BAD)
		return cli_error(COT_USAGE, _("NIHII number '%s' is not valid: %s"), a->nihii, why);
	if (strlen(nihii) != NIHII_ORG_LEN)
		return cli_error(COT_USAGE,
			_("NIHII number '%s' is a person's (11 digits); an "
			  "organisation has 8"),
			a->nihii);
	if (r == NIHII_MOD89)
		cli_warn(_("NIHII number '%s' passes only the unconfirmed modulo-89 check"),
			a->nihii);
	memcpy(o->nihii, nihii, sizeof(o->nihii));
	return COT_OK;
}

/* The anchors of --trust: PEM or DER files, or the shipped trust sets by name. */
static int load_trust(const struct wl_args *a, STACK_OF(X509) *anchors)
{
	struct strlist items = {(char **)a->trust, a->n_trust};
	struct cot_err err = COT_ERR_INIT;

	if (trust_load(".", &items, anchors, &err))
		return cli_err(&err);
	return COT_OK;
}

/* add --bundle: the organisation of a bundle that passes every check of cot verify. */
static int bundle_fields(const struct wl_args *a, struct wl_org *o)
{
	struct cot_err err = COT_ERR_INIT;
	struct verify_policy pol;
	STACK_OF(X509) *anchors;
	int rc;

	if (a->kbo || a->name || a->nihii)
		return cli_usage_error(
			&wl_add_verb, _("--bundle takes the organisation from the bundle: "
					"no --kbo, --name or --nihii with it"));
	if (!a->n_trust)
		return cli_usage_error(
			&wl_add_verb, _("--bundle needs --trust: the anchors its signer "
					"must chain to (a PEM file, or ehealth-production)"));
	anchors = sk_X509_new_null();
	if (!anchors)
		return cli_error_nomem();
	policy_init(&pol);
	rc = load_trust(a, anchors);
	if (!rc && policy_load(&pol, a->requirements, a->n_requirements, a->reg, &err))
		rc = cli_err(&err);
	if (!rc && whitelist_org_from_bundle(a->bundle, anchors, &pol, clock_now(), o, &err))
		rc = cli_err(&err);
	policy_release(&pol);
	sk_X509_pop_free(anchors, X509_free);
	return rc;
}

/* Said whether the change then succeeds or not: the record is in the history either way. */
static void say_unrecorded(const char *file, const struct wl_change *ch)
{
	if (ch->unrecorded)
		cli_warn(_("'%s' had changed without a history record; that state was recorded "
			   "first"),
			file);
}

/* A change that failed: its error, after the history record it may have left. */
static int change_failed(const char *file, const struct wl_change *ch, const struct cot_err *err)
{
	say_unrecorded(file, ch);
	return cli_err(err);
}

static void say_change(const struct cot_ctx *ctx, const char *file, const struct wl_change *ch)
{
	say_unrecorded(file, ch);
	/* TRANSLATORS: the whitelist's file, its sequence number, then the count */
	cli_say(ctx,
		ngettext("%s: sequence %llu, %zu organisation\n",
			"%s: sequence %llu, %zu organisations\n", ch->count),
		file, ch->sequence, ch->count);
	if (ch->signature_removed)
		cli_say(ctx,
			_("The signature '%s.p7s' no longer matched and was removed: sign again "
			  "with 'cot whitelist sign --keystore FILE'\n"),
			file);
}

/* add --software --bundle: the product of a vendor's request that passes every check. */
static int software_fields(const struct wl_args *a, struct wl_software *w)
{
	struct cot_err err = COT_ERR_INIT;
	struct verify_policy pol;
	struct kmehr_schema *k = NULL;
	STACK_OF(X509) *anchors;
	int rc;

	if (!a->bundle || a->kbo || a->name || a->nihii)
		return cli_usage_error(&wl_add_verb,
			_("--software takes the product from a vendor's request: give --bundle, "
			  "and no --kbo, --name or --nihii"));
	if (!a->n_trust)
		return cli_usage_error(
			&wl_add_verb, _("--bundle needs --trust: the anchors its signer "
					"must chain to (a PEM file, or ehealth-production)"));
	if (!a->kmehr)
		return cli_usage_error(&wl_add_verb,
			_("--software needs --kmehr-schemas DIR: the KMEHR schema the vendor's "
			  "samples are validated against"));
	if (kmehr_schema_load(a->kmehr, &k, &err))
		return cli_err(&err);
	anchors = sk_X509_new_null();
	policy_init(&pol);
	rc = anchors ? load_trust(a, anchors) : cli_error_nomem();
	if (!rc && policy_load(&pol, a->requirements, a->n_requirements, a->reg, &err))
		rc = cli_err(&err);
	if (!rc &&
		whitelist_software_from_bundle(a->bundle, anchors, &pol, k, clock_now(), w, &err))
		rc = cli_err(&err);
	policy_release(&pol);
	sk_X509_pop_free(anchors, X509_free);
	kmehr_schema_free(k);
	return rc;
}

static int add_software(struct cot_ctx *ctx, const struct wl_args *a)
{
	struct cot_err err = COT_ERR_INIT;
	struct wl_software w;
	struct wl_org day;
	struct wl_change ch;
	int rc;

	memset(&w, 0, sizeof(w));
	rc = software_fields(a, &w);
	if (!rc)
		rc = add_since(a, &day);
	if (!rc) {
		memcpy(w.since, day.since, sizeof(w.since));
		if (whitelist_add_software(a->file, &w, &ch, &err))
			rc = change_failed(a->file, &ch, &err);
	}
	if (!rc) {
		/* TRANSLATORS: the product, its version, the vendor's KBO, the day (YYYY-MM-DD) */
		cli_say(ctx, _("Added the software '%s' %s of vendor KBO %s, recognised on %s\n"),
			cli_shown(w.product), cli_shown(w.version), kbo_cli_shown(w.vendor),
			w.since);
		cli_say(ctx, _("from the bundle '%s', which passes verification (SHA-256 %s)\n"),
			a->bundle, w.bundle);
		say_change(ctx, a->file, &ch);
	}
	wl_software_release(&w);
	return rc;
}

static int cmd_whitelist_add(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {.file = DEFAULT_FILE};
	struct cot_err err = COT_ERR_INIT;
	struct wl_change ch;
	struct wl_org o;
	int rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse_args(ctx, &wl_add_verb, argc, argv, &a)))
		return rc;
	if (a.n_trust && !a.bundle)
		return cli_usage_error(&wl_add_verb, _("--trust goes with --bundle"));
	if ((a.n_requirements || a.reg) && !a.bundle)
		return cli_usage_error(
			&wl_add_verb, _("--requirements and --register go with --bundle"));
	if (a.kmehr && !a.software_flag)
		return cli_usage_error(&wl_add_verb, _("--kmehr-schemas goes with --software"));
	if (a.software_flag)
		return add_software(ctx, &a);
	rc = a.bundle ? bundle_fields(&a, &o) : add_fields(&a, &o);
	if (!rc)
		rc = add_since(&a, &o);
	if (!rc && whitelist_add(a.file, &o, &ch, &err))
		rc = change_failed(a.file, &ch, &err);
	if (!rc) {
		/* TRANSLATORS: the KBO number, the organisation's name, then the day (YYYY-MM-DD)
		 */
		cli_say(ctx,
			ch.created ? _("Added KBO %s (%s), admitted on %s, to a new whitelist\n")
				   : _("Added KBO %s (%s), admitted on %s\n"),
			kbo_cli_shown(o.kbo), o.name, o.since);
		if (a.bundle)
			cli_say(ctx,
				_("from the bundle '%s', which passes verification (SHA-256 %s)\n"),
				a.bundle, o.bundle);
		say_change(ctx, a.file, &ch);
	}
	free(o.name);
	return rc;
}

/* remove --software P --version V: one version of a package, saying why. */
static int remove_software(struct cot_ctx *ctx, const struct wl_args *a)
{
	struct cot_err err = COT_ERR_INIT;
	struct wl_change ch;

	if (a->kbo || !a->version)
		return cli_usage_error(
			&wl_remove_verb, _("remove --software needs --version, and no --kbo"));
	if (!cli_text_ok(a->software) || !cli_text_ok(a->version))
		return cli_error(COT_USAGE,
			_("--software and --version take UTF-8 text without control characters"));
	if (whitelist_remove_software(a->file, a->software, a->version, a->reason, &ch, &err))
		return change_failed(a->file, &ch, &err);
	/* TRANSLATORS: the product, its version, the vendor's KBO, then the reason given */
	cli_say(ctx, _("Removed the software '%s' %s of vendor KBO %s: %s\n"),
		cli_shown(ch.sw.product), cli_shown(ch.sw.version), kbo_cli_shown(ch.sw.vendor),
		a->reason);
	wl_software_release(&ch.sw);
	say_change(ctx, a->file, &ch);
	return COT_OK;
}

static int cmd_whitelist_remove(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {.file = DEFAULT_FILE};
	struct cot_err err = COT_ERR_INIT;
	struct wl_change ch;
	char kbo[KBO_LEN + 1];
	int rc;

	if ((rc = parse_args(ctx, &wl_remove_verb, argc, argv, &a)))
		return rc;
	if ((!a.kbo && !a.software) || !a.reason)
		return cli_usage_error(&wl_remove_verb,
			_("remove needs --kbo (or --software and --version) and --reason"));
	if (!a.reason[0] || !cli_text_ok(a.reason))
		return cli_error(
			COT_USAGE, _("--reason takes UTF-8 text without control characters"));
	if (a.software)
		return remove_software(ctx, &a);
	if (a.version)
		return cli_usage_error(&wl_remove_verb, _("--version goes with --software"));
	if ((rc = parse_kbo(a.kbo, kbo)))
		return rc;
	rc = whitelist_remove(a.file, kbo, a.reason, &ch, &err);
	if (rc)
		return change_failed(a.file, &ch, &err);
	cli_say(ctx, _("Removed KBO %s (%s): %s\n"), kbo_cli_shown(kbo), ch.org.name, a.reason);
	free(ch.org.name);
	say_change(ctx, a.file, &ch);
	return COT_OK;
}

/* ---- list, export ------------------------------------------------------------------ */

/* Whether the list has a signature, and whether it still matches the list. */
enum sig_state { SIG_NONE, SIG_HOLDS, SIG_BROKEN };

struct sig_info {
	enum sig_state state;
	char path[4200];
	struct wl_signer who; /* SIG_HOLDS */
	struct cot_err err;   /* SIG_BROKEN: why */
};

static void read_signature(const char *file, struct sig_info *s)
{
	char *sig = NULL, *xml = NULL;
	size_t siglen = 0, xmllen = 0;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "%s.p7s", file);
	if (!fs_exists(s->path))
		return;
	s->state = SIG_BROKEN;
	if (!fs_read(s->path, WHITELIST_SIG_MAX, &sig, &siglen, &s->err) &&
		!fs_read(file, WHITELIST_MAX, &xml, &xmllen, &s->err) &&
		!whitelist_sig_verify(
			xml, xmllen, sig, siglen, NULL, clock_now(), &s->who, &s->err))
		s->state = SIG_HOLDS;
	free(sig);
	free(xml);
}

static void say_signature(const struct sig_info *s)
{
	if (s->state == SIG_NONE)
		printf(_("signature: none ('cot whitelist sign --keystore FILE' makes %s)\n"),
			s->path);
	else if (s->state == SIG_BROKEN)
		/* TRANSLATORS: the signature's file, then why it does not hold */
		printf(_("signature: %s does not hold: %s\n"), s->path, cli_shown(s->err.msg));
	else
		/* TRANSLATORS: the signature's file, the signer's subject, then a SHA-256 */
		printf(_("signature: %s, by %s (certificate SHA-256 %s); it matches this list\n"),
			s->path, cli_shown(s->who.subject), s->who.fingerprint);
}

static json_t *jesc(const char *s)
{
	return esc_json(s, strlen(s));
}

static json_t *signature_json(const struct sig_info *s)
{
	static const char *const states[] = {"none", "valid", "invalid"};
	json_t *o = json_pack("{s:o, s:s}", "file", jesc(s->path), "state", states[s->state]);

	if (o && s->state == SIG_HOLDS) {
		json_object_set_new(o, "signer", jesc(s->who.subject));
		json_object_set_new(o, "sha256", json_string(s->who.fingerprint));
	} else if (o && s->state == SIG_BROKEN) {
		json_object_set_new(o, "error", jesc(s->err.msg));
	}
	return o;
}

/* The recognised software: a heading with the count, then a line per product version. */
static void print_software_text(const struct whitelist *wl)
{
	if (!wl->nsw)
		return;
	printf(ngettext("\n%zu recognised software package\n",
		       "\n%zu recognised software packages\n", wl->nsw),
		wl->nsw);
	/* TRANSLATORS: column headings of 'cot whitelist list': at most 13 characters */
	printf("%-13s %-10s  %s\n", C_("column", "VENDOR"), C_("column", "SINCE"),
		C_("column", "PRODUCT VERSION"));
	for (size_t i = 0; i < wl->nsw; i++) {
		const struct wl_software *w = &wl->sw[i];
		printf("%-13s %-10s  %s", kbo_cli_shown(w->vendor), w->since,
			cli_shown(w->product));
		printf(" %s\n", cli_shown(w->version));
	}
}

static json_t *software_json(const struct whitelist *wl)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < wl->nsw; i++) {
		const struct wl_software *w = &wl->sw[i];
		json_array_append_new(a,
			json_pack("{s:o, s:o, s:s, s:s, s:o}", "product", jesc(w->product),
				"version", jesc(w->version), "vendor", w->vendor, "since", w->since,
				"bundle", w->bundle[0] ? json_string(w->bundle) : json_null()));
	}
	return a;
}

/* 'cot whitelist list --format json': schema cot.whitelist-list/1; COT_ENV out of memory. */
static int print_list_json(const char *file, const struct whitelist *wl, const struct sig_info *sig)
{
	json_t *orgs = json_array(), *o;

	for (size_t i = 0; i < wl->n; i++) {
		const struct wl_org *g = &wl->v[i];
		json_array_append_new(
			orgs, json_pack("{s:s, s:o, s:s, s:o, s:o}", "kbo", g->kbo, "name",
				      jesc(g->name), "since", g->since, "nihii",
				      g->nihii[0] ? json_string(g->nihii) : json_null(), "bundle",
				      g->bundle[0] ? json_string(g->bundle) : json_null()));
	}
	o = json_pack("{s:s, s:o, s:I, s:s, s:o, s:o, s:o, s:o}", "schema", "cot.whitelist-list/1",
		"file", jesc(file), "sequence", (json_int_t)wl->sequence, "issued", wl->issued,
		"next_update", wl->next_update[0] ? json_string(wl->next_update) : json_null(),
		"signature", signature_json(sig), "organisations", orgs, "software",
		software_json(wl));
	if (!o || json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
		json_decref(o);
		return cli_error_nomem();
	}
	putchar('\n');
	json_decref(o);
	return COT_OK;
}

static void print_list_text(
	const char *file, const struct whitelist *wl, const struct sig_info *sig)
{
	/* TRANSLATORS: the file, its sequence number, when it was issued (UTC), the count */
	printf(ngettext("%s: sequence %llu, issued %s, %zu organisation\n",
		       "%s: sequence %llu, issued %s, %zu organisations\n", wl->n),
		file, wl->sequence, wl->issued, wl->n);
	say_signature(sig);
	if (wl->next_update[0])
		/* TRANSLATORS: next-update is the whitelist's attribute: not translated */
		printf(_("next-update: %s (checks refuse the list after it: sign it again "
			 "before)\n"),
			wl->next_update);
	if (wl->n)
		/* TRANSLATORS: column headings of 'cot whitelist list': at most 10 characters */
		printf("\n%-13s %-10s  %-8s  %s\n", C_("column", "KBO"), C_("column", "SINCE"),
			C_("column", "NIHII"), C_("column", "NAME"));
	for (size_t i = 0; i < wl->n; i++)
		printf("%-13s %-10s  %-8s  %s\n", kbo_cli_shown(wl->v[i].kbo), wl->v[i].since,
			wl->v[i].nihii[0] ? wl->v[i].nihii : "-", cli_shown(wl->v[i].name));
	print_software_text(wl);
}

static int cmd_whitelist_list(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {.file = DEFAULT_FILE};
	struct cot_err err = COT_ERR_INIT;
	struct whitelist wl;
	struct sig_info sig;
	int rc;

	if ((rc = parse_args(ctx, &wl_list_verb, argc, argv, &a)))
		return rc;
	if (cli_check_format(ctx, &wl_list_verb))
		return COT_USAGE;
	whitelist_init(&wl);
	if ((rc = whitelist_load(a.file, &wl, &err)))
		return cli_err(&err);
	read_signature(a.file, &sig);
	if (ctx->format == FMT_JSON)
		rc = print_list_json(a.file, &wl, &sig);
	else
		print_list_text(a.file, &wl, &sig);
	whitelist_release(&wl);
	return rc;
}

static int cmd_whitelist_export(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {.file = DEFAULT_FILE};
	struct cot_err err = COT_ERR_INIT;
	struct whitelist wl;
	enum wl_export f;
	char *out = NULL;
	size_t len = 0;
	int rc;

	if ((rc = parse_args(ctx, &wl_export_verb, argc, argv, &a)))
		return rc;
	if (!ctx->format_set)
		return cli_usage_error(
			&wl_export_verb, _("export needs --format csv, json or xml"));
	if (cli_check_format(ctx, &wl_export_verb))
		return COT_USAGE;
	f = ctx->format == FMT_CSV    ? WL_EXPORT_CSV
	    : ctx->format == FMT_JSON ? WL_EXPORT_JSON
				      : WL_EXPORT_XML;
	whitelist_init(&wl);
	rc = whitelist_load(a.file, &wl, &err);
	if (!rc)
		rc = whitelist_export(&wl, f, &out, &len, &err);
	if (rc) {
		whitelist_release(&wl);
		return cli_err(&err);
	}
	fwrite(out, 1, len, stdout);
	if (f == WL_EXPORT_JSON)
		putchar('\n');
	free(out);
	whitelist_release(&wl);
	return COT_OK;
}

/* ---- sign ------------------------------------------------------------------------- */

/* The keystore's authentication key, certificate and chain. */
static int load_keystore(const struct wl_args *a, struct cert_bundle *ks)
{
	struct cot_err err = COT_ERR_INIT;
	struct password pw;
	enum cert_format f;
	int rc;

	if (cert_detect_file(a->key.keystore, &f, &err))
		return cli_err(&err);
	if (f != CERT_FORMAT_PKCS12)
		return cli_error(COT_USAGE,
			_("'%s' is %s, not a PKCS#12 keystore with the signing key"),
			a->key.keystore, cert_format_name(f));
	password_init(&pw);
	rc = cli_read_password(&a->key, &pw);
	if (!rc && cert_load_file(a->key.keystore, pw.s, CERT_LOAD_KEY, ks, &err))
		rc = cli_err(&err);
	password_release(&pw);
	if (!rc && !ks->key)
		rc = cli_error(COT_USAGE, _("'%s' holds no private key"), a->key.keystore);
	return rc;
}

/* When the list must be signed again: checks refuse it after that. */
static void say_next_update(const struct cot_ctx *ctx, const char *file)
{
	struct cot_err err = COT_ERR_INIT;
	struct whitelist wl;

	whitelist_init(&wl);
	if (!whitelist_load(file, &wl, &err) && wl.next_update[0])
		cli_say(ctx,
			_("Valid until %s (next-update): sign it again before then, or checks "
			  "will refuse it\n"),
			wl.next_update);
	whitelist_release(&wl);
}

static int cmd_whitelist_sign(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {.file = DEFAULT_FILE};
	struct cot_err err = COT_ERR_INIT;
	struct cert_bundle ks;
	struct wl_signer who;
	unsigned long long seq = 0;
	int rc;

	if ((rc = parse_args(ctx, &wl_sign_verb, argc, argv, &a)))
		return rc;
	if (!a.key.keystore)
		return cli_usage_error(&wl_sign_verb, _("sign needs --keystore FILE"));
	if (!fs_exists(a.file))
		return cli_error(COT_USAGE, _("no whitelist at '%s'"), a.file);
	cert_bundle_init(&ks);
	rc = load_keystore(&a, &ks);
	if (!rc && whitelist_sign(a.file, ks.key, ks.leaf, ks.chain, clock_now(),
			   a.valid_for ? (int)a.valid_for : WHITELIST_VALID_DAYS, &who, &seq, &err))
		rc = cli_err(&err);
	cert_bundle_release(&ks);
	if (rc)
		return rc;
	cli_say(ctx, _("Signed %s (sequence %llu) as %s\nwrote %s.p7s (certificate SHA-256 %s)\n"),
		a.file, seq, who.subject, a.file, who.fingerprint);
	say_next_update(ctx, a.file);
	return COT_OK;
}

/* ---- check ------------------------------------------------------------------------ */

/* What a check runs with, resolved from the options, the project and cot.yaml. */
struct check_run {
	struct project p;
	bool have_project;
	char kbo[KBO_LEN + 1];
	char *file; /* a configured file, made absolute */
	struct wl_check_opts o;
	STACK_OF(X509) *anchors;
};

static void run_release(struct check_run *r)
{
	project_release(&r->p);
	free(r->file);
	sk_X509_pop_free(r->anchors, X509_free);
	memset(r, 0, sizeof(*r));
}

static int open_project(const struct cot_ctx *ctx, struct check_run *r)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *root = NULL;
	int rc = COT_OK;

	r->have_project = project_find(NULL, &root, &err) == COT_OK;
	free(root);
	if (!r->have_project)
		return COT_OK;
	if (project_open(NULL, &r->p, &d, &err)) {
		rc = cli_project_error(ctx, &d, &err);
	} else {
		if (!ctx->lang_set)
			i18n_set_lang(r->p.cfg.lang);
		diag_print_text(stderr, &d, ctx->color);
	}
	diag_list_release(&d);
	return rc;
}

static int resolve_source(const struct wl_args *a, struct check_run *r)
{
	const struct cot_config *cfg = &r->p.cfg;

	if (a->url && a->file)
		return cli_usage_error(&wl_check_verb, _("give --url or --file, not both"));
	if (a->url || a->file) {
		r->o.url = a->url;
		r->o.file = a->file;
	} else if (r->have_project && cfg->whitelist_url) {
		r->o.url = cfg->whitelist_url;
	} else if (r->have_project && cfg->whitelist_file) {
		r->file = path_join(r->p.root, cfg->whitelist_file);
		r->o.file = r->file;
	} else {
		return cli_usage_error(
			&wl_check_verb, _("where is the whitelist? give --url or --file "
					  "(or 'whitelist: url:' in cot.yaml)"));
	}
	if (a->offline && !r->o.url)
		return cli_usage_error(
			&wl_check_verb, _("--offline uses the cache of a URL; a file "
					  "is read directly"));
	return COT_OK;
}

static int resolve_trust(const struct wl_args *a, struct check_run *r)
{
	struct cot_err err = COT_ERR_INIT;
	int rc = COT_OK;

	r->anchors = sk_X509_new_null();
	if (!r->anchors)
		return cli_error_nomem();
	for (size_t i = 0; i < a->n_trust && !rc; i++)
		rc = cert_load_anchors(a->trust[i], r->anchors, &err);
	if (!a->n_trust && r->have_project)
		rc = trust_load(r->p.root, &r->p.cfg.whitelist_trust, r->anchors, &err);
	if (rc)
		return cli_err(&err);
	r->o.anchors = r->anchors;
	return COT_OK;
}

/* check --software: the organisation asks about its software, not itself. */
static int resolve_software(const struct wl_args *a, struct check_run *r)
{
	char why[160];
	int rc;

	if (!a->software)
		return cli_usage_error(&wl_check_verb, _("--version goes with --software"));
	if (a->kbo || a->wait)
		return cli_usage_error(
			&wl_check_verb, _("--software asks about a product: no --kbo or --wait"));
	if (!whitelist_product_ok(a->software, why, sizeof(why)))
		return cli_error(COT_USAGE, _("--software '%s': %s"), cli_shown(a->software), why);
	if (a->version && !whitelist_product_ok(a->version, why, sizeof(why)))
		return cli_error(COT_USAGE, _("--version '%s': %s"), cli_shown(a->version), why);
	if ((rc = resolve_source(a, r)) || (rc = resolve_trust(a, r)))
		return rc;
	r->o.product = a->software;
	r->o.version = a->version;
	r->o.cacert = a->cacert;
	r->o.offline = a->offline;
	return COT_OK;
}

static int resolve(const struct cot_ctx *ctx, const struct wl_args *a, struct check_run *r)
{
	int rc = open_project(ctx, r);

	if (rc)
		return rc;
	if (a->software || a->version)
		return resolve_software(a, r);
	if (a->kbo && parse_kbo(a->kbo, r->kbo))
		return COT_USAGE;
	if (!a->kbo && !r->have_project)
		return cli_usage_error(
			&wl_check_verb, _("which organisation? give --kbo (not in a cot "
					  "project)"));
	if (!a->kbo)
		memcpy(r->kbo, r->p.cfg.kbo, sizeof(r->kbo));
	if ((rc = resolve_source(a, r)) || (rc = resolve_trust(a, r)))
		return rc;
	r->o.kbo = r->kbo;
	r->o.cacert = a->cacert;
	r->o.offline = a->offline;
	if (!sk_X509_num(r->anchors))
		cli_info(ctx, _("cot: note: the signature is not checked: no --trust, and no "
				"'whitelist: trust:' in cot.yaml"));
	return COT_OK;
}

/* "5 minutes ago", "3 days ago". */
static void age(time_t then, time_t now, char *out, size_t len)
{
	long s = (long)(now - then);

	if (s < 120)
		snprintf(out, len, ngettext("%ld second ago", "%ld seconds ago", s), s);
	else if (s < 7200)
		snprintf(out, len, ngettext("%ld minute ago", "%ld minutes ago", s / 60), s / 60);
	else if (s < 2 * 86400)
		snprintf(out, len, ngettext("%ld hour ago", "%ld hours ago", s / 3600), s / 3600);
	else
		snprintf(out, len, ngettext("%ld day ago", "%ld days ago", s / 86400), s / 86400);
}

static void print_software(const struct wl_check_opts *o, const struct wl_check *c)
{
	const struct wl_software *w = &c->hit.sw;

	if (c->listed)
		/* TRANSLATORS: the product, its version, the vendor's KBO, the day (YYYY-MM-DD) */
		printf(_("listed: '%s' %s is recognised software (vendor KBO %s) since %s\n"),
			cli_shown(w->product), cli_shown(w->version), kbo_cli_shown(w->vendor),
			w->since);
	else if (o->version && c->hit.versions)
		printf(ngettext("not listed: '%s' %s is not recognised software (%zu other "
				"version of it is)\n",
			       "not listed: '%s' %s is not recognised software (%zu other "
			       "versions of it are)\n",
			       c->hit.versions),
			cli_shown(o->product), cli_shown(o->version), c->hit.versions);
	else
		printf(_("not listed: '%s'%s%s is not recognised software\n"),
			cli_shown(o->product), o->version ? " " : "",
			o->version ? cli_shown(o->version) : "");
}

static void print_answer(
	const struct wl_check_opts *o, const char *kbo, const struct wl_check *c, time_t now)
{
	char when[21], ago[64];

	if (o->product)
		print_software(o, c);
	else if (c->listed)
		/* TRANSLATORS: the KBO number, the organisation's name, the day (YYYY-MM-DD) */
		printf(_("listed: KBO %s (%s) is on the whitelist since %s\n"), kbo_cli_shown(kbo),
			cli_shown(c->hit.org.name), c->hit.org.since);
	else
		printf(ngettext("not listed: KBO %s is not on the whitelist (%zu organisation)\n",
			       "not listed: KBO %s is not on the whitelist (%zu organisations)\n",
			       c->hit.scanned),
			kbo_cli_shown(kbo), c->hit.scanned);
	/* TRANSLATORS: the sequence number, when it was issued (UTC), its URL or file */
	printf(_("whitelist: sequence %llu, issued %s, from %s"), c->hit.sequence, c->hit.issued,
		cli_shown(c->source));
	if (c->fetched) {
		time_format(c->fetched, when);
		age(c->fetched, now, ago, sizeof(ago));
		if (c->from_cache)
			/* TRANSLATORS: follows "whitelist: ..., from URL"; a UTC time, then "5
			   minutes ago" */
			printf(_(" (the cached copy, fetched %s, %s)"), when, ago);
		else if (c->revalidated)
			/* TRANSLATORS: follows "whitelist: ..., from URL" */
			printf(_(" (not modified: the cached copy is current)"));
	}
	putchar('\n');
	if (c->verified)
		printf(_("signature: verified, signed by %s\n"), cli_shown(c->signer.subject));
	else
		printf(_("signature: not checked\n"));
}

static int print_answer_json(
	const struct wl_check_opts *q, const char *kbo, const struct wl_check *c)
{
	struct cot_err err = COT_ERR_INIT;
	char when[21];
	json_t *o = json_pack("{s:s, s:s, s:b, s:s, s:I, s:s, s:b, s:b, s:b}", "schema",
		"cot.whitelist-check/1", "kbo", kbo, "listed", c->listed, "source", c->source,
		"sequence", (json_int_t)c->hit.sequence, "issued", c->hit.issued, "from_cache",
		c->from_cache, "revalidated", c->revalidated, "verified", c->verified);

	if (q->product) {
		json_object_del(o, "kbo");
		json_object_set_new(o, "product", jesc(q->product));
		json_object_set_new(o, "version", q->version ? jesc(q->version) : json_null());
	}
	if (c->listed && q->product) {
		json_object_set_new(o, "listed_version", jesc(c->hit.sw.version));
		json_object_set_new(o, "vendor", json_string(c->hit.sw.vendor));
		json_object_set_new(o, "since", json_string(c->hit.sw.since));
	} else if (c->listed) {
		json_object_set_new(o, "name", esc_json(c->hit.org.name, strlen(c->hit.org.name)));
		json_object_set_new(o, "since", json_string(c->hit.org.since));
	}
	if (c->fetched) {
		time_format(c->fetched, when);
		json_object_set_new(o, "fetched", json_string(when));
	}
	if (c->verified)
		json_object_set_new(
			o, "signer", esc_json(c->signer.subject, strlen(c->signer.subject)));
	return json_print(stdout, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &err) ? cli_err(&err)
										 : COT_OK;
}

/* The step 'whitelisted': recorded on the first positive answer; its state otherwise. */
static void record_step(
	const struct cot_ctx *ctx, const struct check_run *r, const struct wl_check *c, time_t now)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct procedure pr;
	int i = step_index(r->p.cfg.route, "whitelisted");
	char today[11];
	json_t *data;

	if (i < 0 || project_journal_load(&r->p, &j, &err)) {
		cli_warn(_("'whitelisted' could not be recorded: %s"), err.msg);
		return;
	}
	procedure_derive(r->p.cfg.route, &j, &pr);
	if (!c->listed && pr.steps[i].done)
		cli_warn(_("the journal records 'whitelisted' on %s, but KBO %s is not on the "
			   "whitelist "
			   "now"),
			pr.steps[i].date, kbo_cli_shown(r->kbo));
	journal_release(&j);
	if (!c->listed || pr.steps[i].done)
		return;
	date_format(now, today);
	data = json_pack("{s:s, s:I, s:s, s:b}", "source", c->source, "sequence",
		(json_int_t)c->hit.sequence, "since", c->hit.org.since, "verified", c->verified);
	if (procedure_record(&r->p, "whitelisted", today, data, &err))
		cli_warn(
			_("listed, but the step 'whitelisted' could not be recorded: %s"), err.msg);
	else
		cli_info(ctx, _("Recorded 'whitelisted' on %s"), today);
}

/* In the organisation's own project: keep the answer for cot status, and the step. */
static void remember(
	const struct cot_ctx *ctx, const struct check_run *r, const struct wl_check *c, time_t now)
{
	struct cot_err err = COT_ERR_INIT;

	if (c->warning[0])
		cli_warn("%s", c->warning);
	if (!r->have_project || r->o.product || strcmp(r->kbo, r->p.cfg.kbo) != 0)
		return;
	if (whitelist_check_save(&r->p, c, now, &err))
		cli_warn(_("the answer was not kept for 'cot status': %s"), err.msg);
	record_step(ctx, r, c, now);
}

/* One check: 0 listed, 1 not, 2 usage, 3 could not find out. */
static int check_once(const struct cot_ctx *ctx, const struct check_run *r, struct wl_check *c,
	struct cot_err *err)
{
	time_t now;
	int rc;

	wl_check_release(c);
	rc = whitelist_check(r->have_project ? &r->p : NULL, &r->o, c, err);
	if (rc)
		return rc;
	now = clock_now();
	remember(ctx, r, c, now);
	return c->listed ? COT_OK : COT_FINDINGS;
}

static long min_interval(void)
{
	const char *env = getenv("COT_MIN_INTERVAL");
	char *end;
	long v;

	if (!env || !*env)
		return WAIT_MIN_INTERVAL;
	v = strtol(env, &end, 10);
	return *end || v < 1 ? WAIT_MIN_INTERVAL : v;
}

static double monotonic(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void pause_s(long s)
{
	struct timespec ts = {s, 0};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* --wait: checks until listed or the time is up; says what it waits for on stderr. */
static int check_wait(const struct cot_ctx *ctx, const struct wl_args *a, const struct check_run *r,
	struct wl_check *c, struct cot_err *err)
{
	long interval = a->interval_set ? a->interval : WAIT_INTERVAL;
	long timeout = a->timeout_set ? a->timeout : WAIT_TIMEOUT;
	double deadline = monotonic() + (double)timeout;
	int rc;

	if (interval < min_interval())
		return cli_error(COT_USAGE,
			ngettext("--interval is at least %ld second",
				"--interval is at least %ld seconds", min_interval()),
			min_interval());
	for (;;) {
		rc = check_once(ctx, r, c, err);
		if (rc == COT_OK || rc == COT_USAGE)
			return rc;
		if (monotonic() + (double)interval > deadline) {
			cli_info(ctx,
				ngettext("cot: gave up waiting after %ld second",
					"cot: gave up waiting after %ld seconds", timeout),
				timeout);
			return rc;
		}
		/* TRANSLATORS: %s is "not listed yet" or why the check failed */
		cli_info(ctx,
			ngettext("cot: %s; next check in %ld second",
				"cot: %s; next check in %ld seconds", interval),
			rc == COT_FINDINGS ? _("not listed yet") : err->msg, interval);
		pause_s(interval);
	}
}

static int cmd_whitelist_check(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct wl_args a = {0};
	struct cot_err err = COT_ERR_INIT;
	struct check_run r;
	struct wl_check c;
	int rc;

	memset(&r, 0, sizeof(r));
	wl_check_init(&c);
	if ((rc = parse_args(ctx, &wl_check_verb, argc, argv, &a)))
		return rc;
	if (cli_check_format(ctx, &wl_check_verb))
		return COT_USAGE;
	if (!a.wait && (a.interval_set || a.timeout_set))
		return cli_usage_error(
			&wl_check_verb, _("--interval and --timeout go with --wait"));
	rc = resolve(ctx, &a, &r);
	if (!rc)
		rc = a.wait ? check_wait(ctx, &a, &r, &c, &err) : check_once(ctx, &r, &c, &err);
	if (rc == COT_ENV && err.code && a.software)
		cli_error(COT_ENV, _("could not find out whether '%s' is listed: %s"),
			cli_shown(a.software), err.msg);
	else if (rc == COT_ENV && err.code)
		cli_error(COT_ENV, _("could not find out whether KBO %s is listed: %s"),
			kbo_cli_shown(r.kbo), err.msg);
	else if (rc == COT_USAGE && err.code)
		cli_err(&err);
	else if ((rc == COT_OK || rc == COT_FINDINGS) && ctx->format == FMT_JSON)
		rc = print_answer_json(&r.o, r.kbo, &c) ? COT_ENV : rc;
	else if (rc == COT_OK || rc == COT_FINDINGS)
		print_answer(&r.o, r.kbo, &c, clock_now());
	wl_check_release(&c);
	run_release(&r);
	return rc;
}

/* ---- the command and its verbs ---------------------------------------------------- */

static const struct cot_cmd wl_add_verb = {
	.name = "add",
	.parent = "whitelist",
	.fn = cmd_whitelist_add,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = add_options,
	.usage =
		"cot whitelist add --kbo K --name N [--nihii N] | --bundle B --trust PEM... "
		"[--requirements FILE]... [--register FILE] | --software --bundle B --trust PEM... "
		"--kmehr-schemas DIR [--since YYYY-MM-DD] [--file PATH]",
	.summary = N_("Admit an organisation to the whitelist (a missing file starts a new list)."),
	.help = N_(
		"  --kbo K           its KBO/CBE enterprise number (check digits checked)\n"
		"  --name N          its name (UTF-8, 1 to 256 characters)\n"
		"  --nihii N         its 8-digit NIHII/RIZIV number\n"
		"  --bundle B        take KBO, name and NIHII from a submitted bundle that passes\n"
		"                    every check of 'cot verify' (its SHA-256 is recorded)\n"
		"  --trust PEM       with --bundle: an anchor for its signer (a PEM or DER file,\n"
		"                    or ehealth-production; repeatable)\n"
		"  --requirements F  with --bundle: also trust this requirement set (repeatable)\n"
		"  --register F      with --bundle: the authority's NIHII-to-KBO register; a KBO\n"
		"                    is taken only when the signer's certificate proves it (CBE)\n"
		"                    or the register binds it to the NIHII the certificate proves\n"
		"  --software        with --bundle: a vendor's request; record its product,\n"
		"                    version and the vendor's KBO in the list's software section\n"
		"  --kmehr-schemas DIR  with --software: eHealth's KMEHR schema folder, which\n"
		"                    the request's sample messages must be valid against\n"
		"  --since D         the day it was admitted (default today)\n"
		"  --file PATH       the whitelist (default ./whitelist.xml)\n"),
};

static const struct cot_cmd wl_remove_verb = {
	.name = "remove",
	.parent = "whitelist",
	.fn = cmd_whitelist_remove,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = remove_options,
	.usage = "cot whitelist remove (--kbo K | --software P --version V) --reason TEXT "
		 "[--file PATH]",
	.summary = N_("Take an organisation or a software version off the whitelist, saying "
		      "why."),
	.help = N_("  --kbo K           its KBO/CBE enterprise number\n"
		   "  --software P      instead: the product of a software package, with\n"
		   "  --version V       the version to take off (exact, as listed)\n"
		   "  --reason TEXT     why (kept in the whitelist's history)\n"
		   "  --file PATH       the whitelist (default ./whitelist.xml)\n"),
};

static const struct cot_cmd wl_list_verb = {
	.name = "list",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON),
	.parent = "whitelist",
	.fn = cmd_whitelist_list,
	.shortopts = "",
	.longopts = list_options,
	.usage = "cot whitelist list [--format text|json] [--file PATH]",
	.summary = N_("Show the whitelist: sequence, signature, organisations."),
	.help = N_("  --format F        text (default) or json (schema cot.whitelist-list/1)\n"
		   "  --file PATH       the whitelist (default ./whitelist.xml)\n"),
};

static const struct cot_cmd wl_export_verb = {
	.name = "export",
	.formats = FMT_BIT(FMT_CSV) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_XML),
	.parent = "whitelist",
	.fn = cmd_whitelist_export,
	.shortopts = "",
	.longopts = export_options,
	.usage = "cot whitelist export --format csv|json|xml [--file PATH]",
	.summary = N_("Write the whitelist to standard output as CSV, JSON or XML."),
	.help = N_("  --format F        csv (RFC 4180; the organisations, then the software, told\n"
		   "                    apart by the column 'kind'), json (schema\n"
		   "                    cot.whitelist/1) or xml\n"
		   "  --file PATH       the whitelist (default ./whitelist.xml)\n"),
};

static const struct cot_cmd wl_sign_verb = {
	.name = "sign",
	.parent = "whitelist",
	.fn = cmd_whitelist_sign,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = sign_options,
	.usage = "cot whitelist sign --keystore FILE [--password-file F | --password-env VAR] "
		 "[--valid-for DAYS] [--file PATH]",
	.summary = N_("Sign the whitelist: a detached CMS signature PATH.p7s."),
	.help = N_(
		"  --keystore FILE   the authority's PKCS#12 keystore ('authentication' entry)\n"
		"  --valid-for DAYS  set the list's next-update DAYS days on (default 31, at most\n"
		"                    366); 'cot whitelist check' refuses the list after it\n"
		"  --file PATH       the whitelist (default ./whitelist.xml)\n"),
};

static const struct cot_cmd wl_check_verb = {
	.name = "check",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON),
	.parent = "whitelist",
	.fn = cmd_whitelist_check,
	.shortopts = "",
	.longopts = check_options,
	.usage = "cot whitelist check [--url URL | --file PATH] [--kbo K] [--trust PEM]... "
		 "[--cacert PEM] [--offline] [--wait [--interval S] [--timeout S]] "
		 "[--software PRODUCT [--version V]] [--format text|json]",
	.summary =
		N_("Find out whether the organisation is on the whitelist: exit 0 listed, 1 not."),
	.help = N_(
		"  --url URL         fetch the whitelist over HTTPS (and URL.p7s)\n"
		"  --file PATH       read it from a file (and PATH.p7s)\n"
		"                    (default: cot.yaml's 'whitelist: url:' or 'file:')\n"
		"  --kbo K           the organisation (default: the project's)\n"
		"  --software P      instead: is the software product P recognised (any version)\n"
		"  --version V       with --software: that version of it\n"
		"  --trust PEM       check the signature up to this anchor (repeatable; default:\n"
		"                    cot.yaml's 'whitelist: trust:'); a bad or missing signature\n"
		"                    is then exit 3, and so is a signed list without next-update\n"
		"  --cacert PEM      the CA of the HTTPS server, when it is a private one\n"
		"  --offline         use the project's cached copy; say how old it is\n"
		"  --wait            check again until listed or --timeout\n"
		"  --interval S      seconds between checks (default 600, at least 60)\n"
		"  --timeout S       seconds to wait in all (default 86400)\n"
		"  --format F        text (default) or json (schema cot.whitelist-check/1)\n"
		"A list past its next-update is refused (exit 3): it may be an old copy.\n"
		"Exit status: 0 listed, 1 not listed, 2 usage, 3 could not find out.\n"),
};

static const struct cot_cmd *const wl_verbs[] = {&wl_add_verb, &wl_remove_verb, &wl_list_verb,
	&wl_export_verb, &wl_sign_verb, &wl_check_verb, NULL};

const struct cot_cmd cmd_whitelist_entry = {
	.name = "whitelist",
	.formats = FMT_TEXT_ONLY,
	.verbs = wl_verbs,
	.shortopts = "",
	.longopts = whitelist_options,
	.usage = "cot whitelist add|remove|list|export|sign|check [options]",
	.summary = N_("Keep the authority's whitelist, or check an organisation on it."),
};
