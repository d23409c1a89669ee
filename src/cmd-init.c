/* cot init: create the project directory of an organisation or of a software vendor. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/procedure.h"

enum { O_NAME = 256, O_KBO, O_NIHII, O_ROUTE, O_KIND, O_LANG, O_EXAMPLE, O_PRODUCT, O_PVERSION };

static const struct option init_options[] = {
	{"name", required_argument, NULL, O_NAME},
	{"kbo", required_argument, NULL, O_KBO},
	{"nihii", required_argument, NULL, O_NIHII},
	{"route", required_argument, NULL, O_ROUTE},
	{"kind", required_argument, NULL, O_KIND},
	{"lang", required_argument, NULL, O_LANG},
	{"example", no_argument, NULL, O_EXAMPLE},
	{"product", required_argument, NULL, O_PRODUCT},
	{"product-version", required_argument, NULL, O_PVERSION},
	{NULL, 0, NULL, 0},
};

struct init_args {
	const char *dir, *name, *kbo, *nihii, *route, *kind, *lang, *product, *version;
	bool example;
};

/* The sample organisation of --example: a Flemish care home on route direct. */
static void example_config(struct cot_config *cfg)
{
	cfg->name = xstrdup("WZC Zonneweide");
	strcpy(cfg->kbo, "0566988259");
	strcpy(cfg->nihii, "71089815");
	cfg->route = ROUTE_DIRECT;
	cfg->lang = LANG_NL;
	cfg->security_officer.name = xstrdup("An Janssens");
	cfg->security_officer.email = xstrdup("informatieveiligheid@zonneweide.example");
	cfg->security_officer.phone = xstrdup("+32 9 123 45 67");
	cfg->legal_representative.name = xstrdup("Marc Peeters");
	cfg->legal_representative.email = xstrdup("directie@zonneweide.example");
	cfg->it_vendor.name = xstrdup("ZorgSoft NV");
	cfg->it_vendor.email = xstrdup("support@zorgsoft.example");
	cfg->submit_from = xstrdup("informatieveiligheid@zonneweide.example");
}

static int check_ids(const struct init_args *a, struct cot_config *cfg)
{
	char why[160];

	if (a->kbo && !kbo_parse(a->kbo, cfg->kbo, why, sizeof(why)))
		return cli_error(COT_USAGE, _("KBO number '%s' is not valid: %s"), a->kbo, why);
	if (a->nihii) {
		enum nihii_rule r = nihii_parse(a->nihii, cfg->nihii, why, sizeof(why));
		if (r == NIHII_BAD)
			return cli_error(
				COT_USAGE, _("NIHII number '%s' is not valid: %s"), a->nihii, why);
		if (r == NIHII_MOD89)
			cli_warn(_("NIHII number '%s' passes only the unconfirmed modulo-89 check"),
				a->nihii);
		if (strlen(cfg->nihii) != NIHII_ORG_LEN)
			return cli_error(COT_USAGE,
				_("NIHII number '%s' is a person's (11 digits); an "
				  "organisation has 8"),
				a->nihii);
	}
	return COT_OK;
}

static int missing_options(const struct init_args *a, enum org_kind kind)
{
	const char *need[3] = {a->name ? NULL : "--name", a->kbo ? NULL : "--kbo",
		kind == KIND_VENDOR || a->route ? NULL : "--route"};
	char missing[40] = "";

	for (int i = 0; i < 3; i++)
		if (need[i])
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				"%s%s", missing[0] ? ", " : "", need[i]);
	/* TRANSLATORS: %s lists the options missing, e.g. "--kbo, --route". */
	return cli_usage_error(&cmd_init_entry,
		_("'cot init' needs %s too (or --example "
		  "for a sample organisation)"),
		missing);
}

/* A vendor names its product and version and has no route; an organisation the reverse. */
static int check_kind(const struct init_args *a, struct cot_config *cfg)
{
	if (cfg->kind != KIND_VENDOR) {
		if (a->product || a->version)
			return cli_error(COT_USAGE,
				_("'%s' is for a software vendor's project (--kind vendor)"),
				a->product ? "--product" : "--product-version");
		return COT_OK;
	}
	if (a->route)
		return cli_error(COT_USAGE,
			_("a software vendor's project has no route: leave out '--route'"));
	if (a->example)
		return cli_error(
			COT_USAGE, _("'--example' is a sample organisation, not a vendor"));
	if (!a->product || !a->version)
		return cli_usage_error(&cmd_init_entry, _("a software vendor's project needs %s"),
			!a->product && !a->version ? "--product, --product-version"
			: a->product		   ? "--product-version"
						   : "--product");
	if (!a->product[0] || !a->version[0] || !cli_text_ok(a->product) ||
		!cli_text_ok(a->version))
		return cli_error(
			COT_USAGE, _("the product and its version must be non-empty UTF-8 text"));
	cfg->product = xstrdup(a->product);
	cfg->product_version = xstrdup(a->version);
	cfg->route = ROUTE_DIRECT;
	return COT_OK;
}

/* Builds the configuration from the arguments (over the example, with --example). */
static int make_config(const struct init_args *a, struct cot_config *cfg)
{
	if (a->example)
		example_config(cfg);
	if (a->name) {
		if (!a->name[0] || !cli_text_ok(a->name))
			return cli_error(COT_USAGE, _("the name must be non-empty UTF-8 text"));
		free(cfg->name);
		cfg->name = xstrdup(a->name);
	}
	if (a->kind && !kind_parse(a->kind, &cfg->kind))
		return cli_error(
			COT_USAGE, _("unknown kind '%s' (organisation or vendor)"), a->kind);
	if (!a->example && (!a->name || !a->kbo || (cfg->kind != KIND_VENDOR && !a->route)))
		return missing_options(a, cfg->kind);
	if (check_ids(a, cfg) || check_kind(a, cfg))
		return COT_USAGE;
	if (a->route && !route_parse(a->route, &cfg->route))
		return cli_error(COT_USAGE, _("unknown route '%s' (vitalink or direct)"), a->route);
	if (a->lang && !lang_parse(a->lang, &cfg->lang))
		return cli_error(COT_USAGE, _("unknown language '%s' (nl, fr or en)"), a->lang);
	cfg->requirements = xstrdup("belrai-security-1.0");
	cfg->answers = xstrdup("checklist.yaml");
	cfg->cert_env = xstrdup("production");
	cfg->submit_to = xstrdup("circleoftrust@belrai.org");
	/* The eHealth CAs ship with cot: a new project checks certificate chains from the start. */
	cfg->trust.v = calloc(2, sizeof(char *));
	if (!cfg->trust.v)
		mem_die();
	cfg->trust.v[cfg->trust.n++] = xstrdup("ehealth-production");
	return COT_OK;
}

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct init_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_NAME:
			a->name = optarg;
			break;
		case O_KBO:
			a->kbo = optarg;
			break;
		case O_NIHII:
			a->nihii = optarg;
			break;
		case O_ROUTE:
			a->route = optarg;
			break;
		case O_KIND:
			a->kind = optarg;
			break;
		case O_LANG:
			a->lang = optarg;
			break;
		case O_EXAMPLE:
			a->example = true;
			break;
		case O_PRODUCT:
			a->product = optarg;
			break;
		case O_PVERSION:
			a->version = optarg;
			break;
		default:
			return COT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(c, _("one directory at a time"));
	a->dir = optind < argc ? argv[optind] : ".";
	return COT_OK;
}

static int cmd_init(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct init_args a = {0};
	struct cot_config cfg = {0};
	struct cot_err err = COT_ERR_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	char kbo[16];
	int rc, n;

	rc = parse_args(&cmd_init_entry, argc, argv, &a);
	/* init's own --lang speaks at once: its refusals of the other options too */
	if (!rc && a.lang && lang_parse(a.lang, &cfg.lang))
		i18n_set_lang(cfg.lang);
	/* without --lang, the language of --lang before the command or of the locale */
	if (!rc && !a.lang && (ctx->lang_set || !a.example))
		a.lang = lang_name(ctx->lang);
	if (!rc)
		rc = make_config(&a, &cfg);
	if (rc)
		goto out;
	/* the language asked for (or the locale's) from here on; --example's Dutch is data */
	if (a.lang)
		i18n_set_lang(cfg.lang);
	if ((rc = project_create(a.dir, &cfg, &d, &err))) {
		diag_print_text(stderr, &d, false);
		rc = cli_err(&err);
		goto out;
	}
	kbo_format(cfg.kbo, kbo, sizeof(kbo));
	if (cfg.kind == KIND_VENDOR)
		cli_say(ctx,
			_("Created the cot project of software vendor %s (KBO %s, %s %s) in %s\n"),
			cfg.name, kbo, cfg.product, cfg.product_version, a.dir);
	else
		cli_say(ctx, _("Created the cot project of %s (KBO %s, route %s) in %s\n"),
			cfg.name, kbo, route_name(cfg.route), a.dir);
	cli_say(ctx, _("Next: %s\n"), _(procedure_steps(cfg.route, cfg.kind, &n)[0]->todo));
out:
	diag_list_release(&d);
	config_release(&cfg);
	return rc;
}

const struct cot_cmd cmd_init_entry = {
	.name = "init",
	.fn = cmd_init,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = init_options,
	.usage = "cot init [DIR] --name NAME --kbo NUMBER --route vitalink|direct [--nihii N] "
		 "[--lang nl|fr|en] [--example]; a vendor: --kind vendor --product NAME "
		 "--product-version V instead of --route",
	.summary = N_("Create the project directory of an organisation."),
	.help = N_(
		"  --name NAME       the organisation's name\n"
		"  --kbo NUMBER      its enterprise number (0123.456.749, 0123456749 or "
		"BE0123456749)\n"
		"  --route ROUTE     vitalink (already in the Vitalink circle of trust) or direct\n"
		"  --nihii N         its 8-digit NIHII/RIZIV number, if it has one\n"
		"  --kind KIND       organisation (default) or vendor (software recognition)\n"
		"  --product NAME    a vendor's software product\n"
		"  --product-version V\n"
		"                    the version of it to be recognised\n"
		"  --lang L          nl, fr or en: the language of messages, reports and mail\n"
		"                    (default: the locale's)\n"
		"  --example         fill in a complete sample organisation (options override "
		"it)\n"),
};
