/* cot.yaml: the strict schema, with exact positions. */
#include <sys/stat.h>
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "cot/project.h"
#include "helpers.h"

static const char *good = "format: cot.project/1\n"
			  "organisation:\n"
			  "  name: \"WZC Zonneweide\"\n"
			  "  kbo: BE0566.988.259\n"
			  "  nihii: \"71089815\"\n"
			  "  route: direct\n"
			  "  lang: nl\n"
			  "contacts:\n"
			  "  security_officer: {name: An, email: an@example.be}\n"
			  "certificate:\n"
			  "  trust: [ehealth-production, extra.pem]\n";

static int parse(const char *text, struct cot_config *cfg, struct diag_list *d)
{
	return config_parse("cot.yaml", text, strlen(text), cfg, d);
}

static const struct diag *only(const struct diag_list *d, const char *rule)
{
	cr_assert_eq(d->n, 1, "expected one finding, got %zu (first: %s)", d->n,
		d->n ? d->v[0].msg : "-");
	cr_assert_str_eq(d->v[0].rule, rule, "%s", d->v[0].msg);
	return &d->v[0];
}

Test(config, good_file_and_defaults)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;

	cr_assert_eq(parse(good, &cfg, &d), COT_OK, "%s", d.n ? d.v[0].msg : "");
	cr_expect_str_eq(cfg.kbo, "0566988259");
	cr_expect_str_eq(cfg.nihii, "71089815");
	cr_expect_eq(cfg.route, ROUTE_DIRECT);
	cr_expect_eq(cfg.lang, LANG_NL);
	cr_expect_eq(cfg.kind, KIND_ORGANISATION);
	cr_expect_str_eq(cfg.security_officer.email, "an@example.be");
	cr_expect_eq(cfg.trust.n, 2);
	cr_expect_str_eq(cfg.submit_to, "circleoftrust@belrai.org");
	cr_expect_str_eq(cfg.requirements, "belrai-security-1.0");
	config_release(&cfg);
	diag_list_release(&d);
}

Test(config, render_round_trips)
{
	struct cot_config cfg, again;
	struct diag_list d = DIAG_LIST_INIT;
	char *text;

	cr_assert_eq(parse(good, &cfg, &d), COT_OK);
	free(cfg.name);
	cfg.name = strdup("Maison \"Sainte-Élisabeth\" \\ test");
	text = config_render(&cfg);
	cr_assert_eq(parse(text, &again, &d), COT_OK, "%s\n%s", d.n ? d.v[0].msg : "", text);
	cr_expect_str_eq(again.name, cfg.name);
	cr_expect_str_eq(again.kbo, cfg.kbo);
	cr_expect_eq(again.trust.n, 2);
	free(text);
	config_release(&cfg);
	config_release(&again);
	diag_list_release(&d);
}

static void expect_error(const char *text, const char *rule, unsigned line, unsigned col)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;
	const struct diag *x;

	cr_assert_eq(parse(text, &cfg, &d), COT_USAGE, "accepted:\n%s", text);
	x = only(&d, rule);
	cr_expect_eq(x->line, line, "%s: line %u", rule, x->line);
	cr_expect_eq(x->col, col, "%s: col %u", rule, x->col);
	config_release(&cfg);
	diag_list_release(&d);
}

Test(config, each_error_located)
{
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988258\"\n"
		     "  route: direct\n",
		"config-kbo", 4, 8);
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: sideways\n",
		"config-value", 5, 10);
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: direct\n  colour: blue\n",
		"schema-unknown-key", 6, 3);
	expect_error("format: cot.project/1\norganisation:\n  name: [X]\n  kbo: \"0566988259\"\n"
		     "  route: direct\n",
		"schema-type", 3, 9);
	expect_error("format: cot.project/1\norganisation:\n  kbo: \"0566988259\"\n"
		     "  route: direct\n",
		"schema-required", 3, 3);
	expect_error("format: cot.project/2\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: direct\n",
		"config-format", 1, 9);
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: direct\ncontacts:\n  it_vendor: {email: not-mail}\n",
		"config-email", 7, 22);
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: direct\n  name: Y\n",
		"yaml-duplicate-key", 6, 3);
	expect_error("- a\n- b\n", "schema-type", 1, 1);
}

Test(config, nihii_modulo_89_is_a_warning)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;
	const char *text = "format: cot.project/1\norganisation:\n  name: X\n"
			   "  kbo: \"0566988259\"\n  route: direct\n  nihii: \"12345676\"\n";

	cr_assert_eq(parse(text, &cfg, &d), COT_OK);
	cr_expect_eq(d.warnings, 1);
	cr_expect_str_eq(d.v[0].rule, "config-nihii");
	config_release(&cfg);
	diag_list_release(&d);
}

Test(config, authority_trust)
{
	static const char *text =
		"format: cot.project/1\norganisation:\n  name: X\n"
		"  kbo: \"0566988259\"\n  route: direct\nauthority:\n  trust: [fod-ca.pem]\n";
	struct cot_config cfg, again;
	struct diag_list d = DIAG_LIST_INIT;
	char *out;

	cr_assert_eq(parse(text, &cfg, &d), COT_OK, "%s", d.n ? d.v[0].msg : "");
	cr_assert_eq(cfg.authority_trust.n, 1);
	cr_expect_str_eq(cfg.authority_trust.v[0], "fod-ca.pem");
	out = config_render(&cfg);
	cr_assert_eq(parse(out, &again, &d), COT_OK, "%s", out);
	cr_expect_eq(again.authority_trust.n, 1, "%s", out);
	free(out);
	config_release(&cfg);
	config_release(&again);
	diag_list_release(&d);
	expect_error("format: cot.project/1\norganisation:\n  name: X\n  kbo: \"0566988259\"\n"
		     "  route: direct\nauthority:\n  trusted: [a.pem]\n",
		"schema-unknown-key", 7, 3);
}

/* A configuration as cot init builds it. */
static void init_config(struct cot_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = strdup("WZC Zonneweide");
	strcpy(cfg->kbo, "0566988259");
	cfg->route = ROUTE_DIRECT;
	cfg->requirements = strdup("belrai-security-1.0");
	cfg->answers = strdup("checklist.yaml");
	cfg->cert_env = strdup("production");
	cfg->submit_to = strdup(PROJECT_SUBMIT_TO);
}

static bool there(const char *dir, const char *name)
{
	char *p = test_path(dir, name);
	bool yes = fs_exists(p);

	free(p);
	return yes;
}

Test(create, makes_a_project_once_and_never_one_inside_another)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	char *tmp = test_tmpdir(), *dir = test_path(tmp, "zonneweide"), *inner;
	struct stat st;

	init_config(&cfg);
	cr_assert_eq(project_create(dir, &cfg, &d, &err), COT_OK, "%s", err.msg);
	cr_expect(there(dir, "cot.yaml") && there(dir, "checklist.yaml") &&
		  there(dir, "documents") && there(dir, ".cot/certs") && there(dir, ".cot/cache"));
	inner = test_path(dir, ".cot");
	cr_assert_eq(stat(inner, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700, ".cot is private");
	free(inner);
	cr_assert_eq(project_open(dir, &p, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(j.n, 1, "one record: init");
	journal_release(&j);
	project_release(&p);
	cr_expect_eq(project_create(dir, &cfg, &d, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "already holds a cot project"), "%s", err.msg);
	inner = test_path(dir, "documents/x");
	cr_expect_eq(project_create(inner, &cfg, &d, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "lies inside the cot project"), "%s", err.msg);
	cr_expect_not(fs_exists(inner), "a refused create makes nothing");
	free(inner);
	config_release(&cfg);
	diag_list_release(&d);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}

Test(create, a_missing_requirement_set_leaves_nothing)
{
	struct cot_config cfg;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *tmp = test_tmpdir(), *dir = test_path(tmp, "new");

	init_config(&cfg);
	free(cfg.requirements);
	cfg.requirements = strdup("no-such-set");
	cr_expect_eq(project_create(dir, &cfg, &d, &err), COT_ENV);
	cr_expect(strstr(err.msg, "cannot write checklist.yaml"), "%s", err.msg);
	cr_expect_not(fs_exists(dir), "nothing was made");
	config_release(&cfg);
	diag_list_release(&d);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}
