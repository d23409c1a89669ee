/* cot init: create the project directory of an organisation. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "cot/lock.h"
#include "cot/mem.h"
#include "cot/procedure.h"

enum { O_NAME = 256, O_KBO, O_NIHII, O_ROUTE, O_KIND, O_LANG, O_EXAMPLE };

static const struct option init_options[] = {
	{"name", required_argument, NULL, O_NAME},
	{"kbo", required_argument, NULL, O_KBO},
	{"nihii", required_argument, NULL, O_NIHII},
	{"route", required_argument, NULL, O_ROUTE},
	{"kind", required_argument, NULL, O_KIND},
	{"lang", required_argument, NULL, O_LANG},
	{"example", no_argument, NULL, O_EXAMPLE},
	{NULL, 0, NULL, 0},
};

struct init_args {
	const char *dir, *name, *kbo, *nihii, *route, *kind, *lang;
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
	if (!a->example && (!a->name || !a->kbo || !a->route)) {
		char missing[32] = "";
		snprintf(missing, sizeof(missing), "%s%s%s%s%s", a->name ? "" : "--name",
			!a->name && !a->kbo ? ", " : "", a->kbo ? "" : "--kbo",
			(!a->name || !a->kbo) && !a->route ? ", " : "", a->route ? "" : "--route");
		/* TRANSLATORS: %s lists the options missing, e.g. "--kbo, --route". */
		return cli_usage_error(&cmd_init_entry, _("'cot init' needs %s too (or --example "
			"for a sample organisation)"), missing);
	}
	if (check_ids(a, cfg))
		return COT_USAGE;
	if (a->route && !route_parse(a->route, &cfg->route))
		return cli_error(COT_USAGE, _("unknown route '%s' (vitalink or direct)"), a->route);
	if (a->kind && !kind_parse(a->kind, &cfg->kind))
		return cli_error(
			COT_USAGE, _("unknown kind '%s' (organisation or vendor)"), a->kind);
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

static bool checklist_exists(const char *dir)
{
	char *path = path_join(dir, "checklist.yaml");
	bool there = path && fs_exists(path);

	free(path);
	return there;
}

/*
 * The answers skeleton checklist.yaml, from the requirement set cfg names:
 * made before anything is created, so that a missing set changes nothing.
 */
static int make_checklist(const struct cot_config *cfg, char **text)
{
	struct cot_err err = COT_ERR_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs = REQSET_INIT;
	char *path = NULL, *schema = NULL;
	int rc;

	*text = NULL;
	rc = reqset_find(cfg->requirements, &path, &err);
	if (!rc && (rc = reqset_load(path, NULL, &rs, &d, &err)) && !err.code)
		cot_err_set(&err, rc, _("the requirement set '%s' has errors"), path);
	if (rc) {
		diag_print_text(stderr, &d, false);
		rc = cli_error(COT_ENV, _("cannot write checklist.yaml: %s"), err.msg);
		goto out;
	}
	schema = reqset_answers_schema(path);
	*text = answers_skeleton(&rs, cfg, schema);
	if (!*text)
		rc = cli_error(COT_ENV, _("out of memory"));
out:
	free(schema);
	free(path);
	reqset_release(&rs);
	diag_list_release(&d);
	return rc;
}

/* The nearest directory at or above dir (which may not exist yet) that exists; caller frees. */
static char *nearest_existing(const char *dir)
{
	char *p = xstrdup(dir), *slash;
	struct stat st;

	while (stat(p, &st) < 0) {
		while ((slash = strrchr(p, '/')) && slash > p && !slash[1])
			*slash = '\0';
		slash = strrchr(p, '/');
		if (!slash) {
			free(p);
			return xstrdup(".");
		}
		slash[slash == p] = '\0';
	}
	return p;
}

/*
 * Refuses a directory that already holds a project or an interrupted one, or that lies
 * inside a project (its .cot, documents/, anywhere below its cot.yaml).
 */
static int check_target(const char *dir)
{
	char *cfg = path_join(dir, COT_CONFIG_NAME), *state = path_join(dir, COT_STATE_DIR);
	char *near = nearest_existing(dir), *root = NULL, *outer = NULL;
	struct cot_err err = COT_ERR_INIT;
	int rc = COT_OK;

	if (fs_exists(cfg))
		rc = cli_error(
			COT_USAGE, _("'%s' already holds a cot project; nothing was changed"), dir);
	else if (project_find(near, &root, &err) == COT_OK)
		rc = cli_error(COT_USAGE,
			_("'%s' lies inside the cot project of '%s'; a project "
			  "cannot hold another: choose a directory outside it"),
			dir, (outer = path_join(root, COT_CONFIG_NAME)) ? outer : root);
	else if (fs_exists(state))
		rc = cli_error(COT_USAGE,
			_("'%s' holds a '.cot' directory but no cot.yaml (an "
			  "interrupted 'cot init'?); remove '%s' and try again"),
			dir, state);
	else if (checklist_exists(dir))
		rc = cli_error(COT_USAGE,
			_("'%s' holds a checklist.yaml but no cot.yaml; move it "
			  "away and try again ('cot init' writes a new one)"),
			dir);
	free(cfg);
	free(state);
	free(near);
	free(root);
	free(outer);
	return rc;
}

static const struct {
	const char *name;
	mode_t mode;
} init_dirs[] = {{"", 0755}, {"documents", 0755}, {"evidence", 0755}, {"out", 0755},
	{".cot", 0700}, {".cot/certs", 0700}, {".cot/cache", 0700}};

#define INIT_NDIRS (sizeof(init_dirs) / sizeof(init_dirs[0]))

/* Makes the project's directories; made[i] says which of init_dirs did not exist before. */
static int make_dirs(const char *dir, bool made[INIT_NDIRS], struct cot_err *err)
{
	int rc = COT_OK;

	for (size_t i = 0; !rc && i < INIT_NDIRS; i++) {
		char *p = path_join(dir, init_dirs[i].name);
		if (!p)
			return cot_err_set(err, COT_ENV, _("out of memory"));
		made[i] = !fs_exists(p);
		rc = fs_mkdir(p, init_dirs[i].mode, err);
		if (rc)
			made[i] = false;
		else if (init_dirs[i].mode == 0700)
			chmod(p, 0700);
		free(p);
	}
	return rc;
}

/*
 * After a failure: removes what this init wrote (check_target saw no cot.yaml, .cot or
 * checklist.yaml) and the directories it made, which rmdir removes only when empty.
 */
static void undo_init(const char *dir, const bool made[INIT_NDIRS], bool wrote_checklist)
{
	static const char *const files[] = {".cot/journal", ".cot/journal.head", ".cot/lock"};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = path_join(dir, files[i]);
		if (p)
			unlink(p);
		free(p);
	}
	if (wrote_checklist) {
		char *p = path_join(dir, "checklist.yaml");
		if (p)
			unlink(p);
		free(p);
	}
	for (size_t i = INIT_NDIRS; i-- > 0;) {
		char *p = path_join(dir, init_dirs[i].name);
		if (p && made[i])
			rmdir(p);
		free(p);
	}
}

/* The journal's first record and then cot.yaml, created exclusively: the commit point. */
static int write_project(const char *dir, const struct cot_config *cfg, struct cot_err *err)
{
	struct project p = {.root = (char *)dir};
	struct lock lk = LOCK_INIT;
	char *text = config_render(cfg), *path = path_join(dir, COT_CONFIG_NAME);
	json_t *data = json_object();
	int rc;

	json_object_set_new(data, "name", json_string(cfg->name));
	json_object_set_new(data, "kbo", json_string(cfg->kbo));
	json_object_set_new(data, "route", json_string(route_name(cfg->route)));
	json_object_set_new(data, "kind", json_string(kind_name(cfg->kind)));
	rc = project_lock(&p, &lk, err);
	if (!rc && fs_exists(path))
		rc = cot_err_set(err, COT_USAGE, _("'%s' already holds a cot project"), dir);
	if (!rc)
		rc = project_journal_append(&p, "init", data, err);
	else
		json_decref(data);
	if (!rc)
		rc = fs_write_new(path, text, strlen(text), 0644, err);
	lock_release(&lk);
	free(text);
	free(path);
	return rc;
}

/* checklist.yaml, created exclusively before cot.yaml: a project always has one. */
static int write_checklist(const char *dir, const char *text, struct cot_err *err)
{
	char *path = path_join(dir, "checklist.yaml");
	int rc;

	if (!path)
		return cot_err_set(err, COT_ENV, _("out of memory"));
	rc = fs_write_new(path, text, strlen(text), 0644, err);
	free(path);
	return rc;
}

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct init_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_NAME: a->name = optarg; break;
		case O_KBO: a->kbo = optarg; break;
		case O_NIHII: a->nihii = optarg; break;
		case O_ROUTE: a->route = optarg; break;
		case O_KIND: a->kind = optarg; break;
		case O_LANG: a->lang = optarg; break;
		case O_EXAMPLE: a->example = true; break;
		default: return COT_USAGE;
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
	char *dir = NULL, *checklist = NULL;
	bool made[INIT_NDIRS] = {false}, wrote_checklist = false;
	char kbo[16];
	int rc, n;

	rc = parse_args(&cmd_init_entry, argc, argv, &a);
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
	dir = xstrdup(a.dir);
	if ((rc = check_target(dir)) || (rc = make_checklist(&cfg, &checklist)))
		goto out;
	if ((rc = make_dirs(dir, made, &err)) || (rc = write_checklist(dir, checklist, &err)) ||
		(wrote_checklist = true, rc = write_project(dir, &cfg, &err))) {
		undo_init(dir, made, wrote_checklist);
		rc = cli_err(&err);
		goto out;
	}
	kbo_format(cfg.kbo, kbo, sizeof(kbo));
	cli_say(ctx, _("Created the cot project of %s (KBO %s, route %s) in %s\n"), cfg.name, kbo,
		route_name(cfg.route), dir);
	cli_say(ctx, _("Next: %s\n"), _(route_steps(cfg.route, &n)[0]->todo));
out:
	free(checklist);
	free(dir);
	config_release(&cfg);
	return rc;
}

const struct cot_cmd cmd_init_entry = {
	.name = "init",
	.fn = cmd_init,
	.flags = CMD_TEXT_ONLY,
	.shortopts = "",
	.longopts = init_options,
	.usage = "cot init [DIR] --name NAME --kbo NUMBER --route vitalink|direct [--nihii N] "
		 "[--kind organisation|vendor] [--lang nl|fr|en] [--example]",
	.summary = N_("Create the project directory of an organisation."),
	.help = N_(
		"  --name NAME       the organisation's name\n"
		"  --kbo NUMBER      its enterprise number (0123.456.749, 0123456749 or "
		"BE0123456749)\n"
		"  --route ROUTE     vitalink (already in the Vitalink circle of trust) or direct\n"
		"  --nihii N         its 8-digit NIHII/RIZIV number, if it has one\n"
		"  --kind KIND       organisation (default) or vendor (software recognition)\n"
		"  --lang L          nl, fr or en: the language of messages, reports and mail\n"
		"                    (default: the locale's)\n"
		"  --example         fill in a complete sample organisation (options override "
		"it)\n"),
};
