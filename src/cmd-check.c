/* cot check: are the answers ready for submission? Requirement by requirement, and overall. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/checklist.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/timeline.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/procedure.h"
#include "cot/vendor.h"
#include "cot/report.h"

enum { O_REQUIREMENTS = 256, O_RECORD, O_FORMAT, O_LANG, O_ROUTE, O_KIND, O_OUTPUT = 'o' };

static const struct option check_options[] = {
	{"requirements", required_argument, NULL, O_REQUIREMENTS},
	{"record", no_argument, NULL, O_RECORD},
	{"format", required_argument, NULL, O_FORMAT},
	{"output", required_argument, NULL, O_OUTPUT},
	{"lang", required_argument, NULL, O_LANG},
	{"route", required_argument, NULL, O_ROUTE},
	{"kind", required_argument, NULL, O_KIND},
	{NULL, 0, NULL, 0},
};

#define STEP "checklist-complete"

struct check_args {
	const char *answers, *requirements, *output, *route, *kind;
	bool record;
};

/* Everything a run holds, released in one place. */
struct check_state {
	struct project p;
	bool in_project;
	char *answers_path, *answers_name; /* to open, to show */
	char *set_path, *set_name;
	char *root; /* evidence paths are relative to it */
	struct diag_list d;
	struct reqset rs;
	struct answers a;
	struct check_result res;
	struct check_opts opts;
};

static int parse_args(struct cot_ctx *ctx, int argc, char **argv, struct check_args *a)
{
	const struct cot_cmd *c = &cmd_check_entry;
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_REQUIREMENTS:
			a->requirements = optarg;
			break;
		case O_RECORD:
			a->record = true;
			break;
		case O_OUTPUT:
			a->output = optarg;
			break;
		case O_ROUTE:
			a->route = optarg;
			break;
		case O_KIND:
			a->kind = optarg;
			break;
		case O_FORMAT:
			if (cli_set_format(ctx, optarg))
				return COT_USAGE;
			break;
		case O_LANG:
			if (!lang_parse(optarg, &ctx->lang))
				return cli_error(COT_USAGE,
					_("unknown language '%s' (nl, fr or en)"), optarg);
			ctx->lang_set = true;
			i18n_set_lang(ctx->lang);
			break;
		default:
			return COT_USAGE;
		}
	}
	if (argc - optind > 1)
		return cli_usage_error(c, "%s", _("one answers file at a time"));
	a->answers = optind < argc ? argv[optind] : NULL;
	if (a->answers && !a->answers[0])
		return cli_usage_error(c, "%s", _("the answers file name is empty"));
	return cli_check_format(ctx, c);
}

/* The real path of the directory that holds file, or NULL (errno set). */
static char *dir_of(const char *file)
{
	char *real = realpath(file, NULL), *slash;

	if (!real)
		return NULL;
	slash = strrchr(real, '/');
	if (slash == real)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return real;
}

/* The project, if the current directory is in one; its errors end the run. */
static int open_project(struct cot_ctx *ctx, struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	char *root = NULL;
	int rc;

	if (project_find(NULL, &root, &err)) {
		free(root);
		return COT_OK;
	}
	free(root);
	rc = project_open(NULL, &s->p, &d, &err);
	if (rc)
		rc = cli_project_error(ctx, &d, &err);
	else
		diag_print_text(stderr, &d, ctx->color);
	diag_list_release(&d);
	if (rc)
		return rc;
	s->in_project = true;
	if (!ctx->lang_set) {
		ctx->lang = s->p.cfg.lang;
		i18n_set_lang(ctx->lang);
	}
	return COT_OK;
}

/* Route, kind, the evidence root and the answers file, from the project or the arguments. */
/* The project's own answers file, through symlinks too, lies inside the project. */
static int answers_inside(const struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	char *rel = NULL;

	if (!fs_exists(s->answers_path) || !path_inside(s->p.root, s->answers_path, &rel, &err)) {
		free(rel);
		return COT_OK;
	}
	return cli_error(COT_USAGE, _("the answers file '%s' is outside the project: %s"),
		s->p.cfg.answers, err.msg);
}

static int settle_inputs(const struct check_args *a, struct check_state *s)
{
	struct check_opts *o = &s->opts;

	if (s->in_project) {
		if (a->route || a->kind)
			/* TRANSLATORS: route and kind are ids (direct, vitalink; organisation,
			   vendor); the last %s is the project's cot.yaml. */
			return cli_error(COT_USAGE,
				_("--route and --kind are for answers outside a "
				  "project; this one is route %s, kind %s (%s)"),
				route_name(s->p.cfg.route), kind_name(s->p.cfg.kind),
				s->p.config_path);
		/* the project's options; the date is set when the check runs */
		check_opts_project(&s->p, 0, o);
		s->root = xstrdup(s->p.root);
		s->answers_path =
			a->answers ? xstrdup(a->answers) : path_join(s->p.root, s->p.cfg.answers);
		s->answers_name = cli_display_path(s->answers_path);
		return a->answers ? COT_OK : answers_inside(s);
	}
	if (a->record)
		return cli_error(COT_USAGE, "%s",
			_("--record needs a project (run it in one, or use -C DIR)"));
	if (!a->answers)
		return cli_error(COT_USAGE, "%s",
			_("not in a cot project: give the answers file "
			  "('cot check ANSWERS'), or run it in a project (or with -C DIR)"));
	o->route = ROUTE_DIRECT;
	o->kind = KIND_ORGANISATION;
	if (a->route && !route_parse(a->route, &o->route))
		return cli_error(COT_USAGE, _("unknown route '%s' (vitalink or direct)"), a->route);
	if (a->kind && !kind_parse(a->kind, &o->kind))
		return cli_error(
			COT_USAGE, _("unknown kind '%s' (organisation or vendor)"), a->kind);
	s->answers_path = xstrdup(a->answers);
	s->answers_name = cli_display_path(a->answers);
	s->root = dir_of(a->answers);
	if (!s->root) {
		const char *why = strerror(errno);
		diag_add(&s->d, DIAG_ERROR, s->answers_name, 0, 0, "file-unreadable",
			_("cannot read '%s': %s"), a->answers, why);
		return cli_error(COT_USAGE, _("cannot read '%s': %s"), a->answers, why);
	}
	return COT_OK;
}

/* Which requirement set: --requirements, the project's, or the one the answers name. */
static int find_set(const struct check_args *a, struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	char name[256];

	if (a->requirements) {
		s->set_path = xstrdup(a->requirements);
		s->set_name = cli_display_path(a->requirements);
		return COT_OK;
	}
	if (s->in_project) {
		if (checklist_project_set(&s->p, &s->set_path, &err))
			return cli_err(&err);
		s->set_name = cli_display_path(s->set_path);
		return COT_OK;
	}
	if (s->a.set_id && s->a.set_version)
		snprintf(name, sizeof(name), "%s-%s", s->a.set_id, s->a.set_version);
	else
		return cli_error(COT_USAGE,
			_("cannot tell which requirement set '%s' answers: "
			  "give it with --requirements FILE"),
			s->answers_name);
	if (reqset_find(name, &s->set_path, &err))
		return cli_err(&err);
	s->set_name = cli_display_path(s->set_path);
	return COT_OK;
}

/* Loads both files; findings in s->d. COT_USAGE (after printing) when they cannot be checked. */
static int load_inputs(struct cot_ctx *ctx, const struct check_args *a, struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned before;
	int rc, arc;

	arc = answers_load(s->answers_path, s->answers_name, &s->a, &s->d, &err);
	if (arc && err.code) {
		/* a finding too, for the SARIF log of why nothing was checked */
		diag_add(
			&s->d, DIAG_ERROR, s->answers_name, 0, 0, "file-unreadable", "%s", err.msg);
		return cli_err(&err);
	}
	if ((rc = find_set(a, s))) {
		diag_print_text(stderr, &s->d, ctx->color);
		return rc;
	}
	before = s->d.errors;
	rc = reqset_load(s->set_path, s->set_name, &s->rs, &s->d, &err);
	if (rc && err.code)
		return cli_err(&err);
	reqset_lint(&s->rs, &s->d);
	if (arc || s->d.errors > before) {
		diag_sort(&s->d);
		diag_print_text(stderr, &s->d, ctx->color);
		/* TRANSLATORS: %s is a file name. */
		return cli_error(COT_USAGE, _("%s cannot be checked: fix the errors above first"),
			arc ? s->answers_name : s->set_name);
	}
	return COT_OK;
}

/* The file a check that did not run is about: the answers, else cot.yaml (the project's). */
static const char *unchecked_file(const struct check_args *a, const struct check_state *s)
{
	if (s->answers_name)
		return s->answers_name;
	if (a->answers)
		return a->answers;
	return s->in_project ? s->p.config_path : "cot.yaml";
}

/*
 * The report of a check that did not run, in the format asked for: the findings of why,
 * else one naming the error said (no project, a bad --route, an unknown set …): a CI
 * that uploads the report needs one (report_render_failure).
 */
static void write_unchecked(
	struct cot_ctx *ctx, const struct check_args *a, struct check_state *s, int code)
{
	const struct lint_file f = {.name = s->answers_name, .kind = CL_ANSWERS};
	const char *why = cli_last_error()[0] ? cli_last_error() : _("the check did not run");
	const struct report r = {.command = "check",
		.d = &s->d,
		.lang = ctx->lang,
		.files = &f,
		.nfiles = 1,
		.org_name = s->in_project ? s->p.cfg.name : NULL};
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;

	if (!s->d.errors)
		diag_add(&s->d, DIAG_ERROR, unchecked_file(a, s), 0, 0, "check-not-run", "%s", why);
	diag_sort(&s->d);
	if (!report_render_failure(&r, cli_report_format(ctx->format), code, why, &out, &err)) {
		if (a->output)
			fs_write_output(a->output, out.data ? out.data : "", out.len, &err);
		else
			fwrite(out.data ? out.data : "", 1, out.len, stdout);
	}
	buf_release(&out);
}

/*
 * The picture of cot check --format html in a project: from the set and answers the check
 * read when they are the project's (no --requirements, no ANSWERS), else read apart.
 * Whether it could be made; then release it.
 */
static bool load_timeline(
	const struct check_args *a, const struct check_state *s, struct timeline *tl)
{
	struct cot_err err = COT_ERR_INIT;
	struct checklist_input in = CHECKLIST_INPUT_INIT;

	if (a->answers || a->requirements)
		return !timeline_load(&s->p, s->opts.now, tl, &err);
	/* a view of what s owns, as checklist_input_load would have read it: not released */
	snprintf(in.file, sizeof(in.file), "%s",
		s->p.cfg.answers ? s->p.cfg.answers : "checklist.yaml");
	in.set_ok = true;
	in.rs = s->rs;
	in.a = s->a;
	return !timeline_load_input(&s->p, &in, s->opts.now, tl, &err);
}

static int write_report(struct cot_ctx *ctx, const struct check_args *a, struct check_state *s)
{
	const struct project *p = s->in_project ? &s->p : NULL;
	struct report r = {.command = "check",
		.d = &s->d,
		.color = ctx->color && !a->output,
		.lang = ctx->lang,
		.rs = &s->rs,
		.a = &s->a,
		.res = &s->res,
		.opts = &s->opts,
		.org_name = p ? p->cfg.name : s->a.org_name,
		.org_kbo = p ? p->cfg.kbo : s->a.org_kbo,
		.brief = ctx->verbosity < 0};
	struct cot_err err = COT_ERR_INIT;
	struct timeline tl = TIMELINE_INIT;
	struct buf out = BUF_INIT;
	int rc;

	r.live = true;
	/* A journal that cannot be read leaves the picture out; cot status says why. */
	if (ctx->format == FMT_HTML && p && load_timeline(a, s, &tl))
		r.timeline = &tl;
	rc = report_render(&r, cli_report_format(ctx->format), &out, &err);
	timeline_release(&tl);
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

/* Records checklist-complete for a ready checklist, unless it is recorded already. */
static int record(struct cot_ctx *ctx, struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	struct journal j = JOURNAL_INIT;
	struct procedure pr;
	char today[11], *rel = NULL;
	json_t *data;
	int i, rc;

	if (!s->res.ready)
		/* TRANSLATORS: %s is a step name (checklist-complete), not translated. */
		return cli_error(
			COT_FINDINGS, _("not recording '%s': the checklist is not ready"), STEP);
	if ((rc = project_journal_load(&s->p, &j, &err)))
		return cli_err(&err);
	procedure_derive(s->p.cfg.route, &j, &pr);
	i = step_index(s->p.cfg.route, STEP);
	if (i >= 0 && pr.steps[i].done) {
		/* TRANSLATORS: a step name, then its date YYYY-MM-DD. */
		cli_info(ctx, _("'%s' is recorded already (on %s); nothing recorded"), STEP,
			pr.steps[i].date);
		journal_release(&j);
		return COT_OK;
	}
	journal_release(&j);
	date_format(s->opts.now, today);
	if (path_inside(s->p.root, s->answers_path, &rel, &err))
		rel = xstrdup(s->answers_name);
	data = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:i, s:i, s:i}", "answers", rel, "sha256",
		s->a.sha256, "requirements", s->rs.id, "version", s->rs.version,
		"requirements_sha256", s->rs.sha256, "applicable", (int)s->res.nreqs, "compliant",
		(int)s->res.n[RS_COMPLIANT], "not_applicable", (int)s->res.n[RS_NA], "waived",
		(int)s->res.n[RS_WAIVED]);
	free(rel);
	rc = procedure_record(&s->p, STEP, today, data, &err);
	if (rc)
		return cli_error(rc, _("cannot record '%s': %s"), STEP, err.msg);
	fflush(stdout); /* after the report, also on a terminal */
	/* TRANSLATORS: a step name, then the date YYYY-MM-DD. */
	cli_info(ctx, _("Recorded '%s' on %s"), STEP, today);
	return COT_OK;
}

static void state_release(struct check_state *s)
{
	project_release(&s->p);
	free(s->answers_path);
	free(s->answers_name);
	free(s->set_path);
	free(s->set_name);
	free(s->root);
	diag_list_release(&s->d);
	reqset_release(&s->rs);
	answers_release(&s->a);
	check_result_release(&s->res);
}

/* A vendor's samples/ and screenshots/ (vendor.h): an error among them makes it not ready. */
static int check_vendor(struct check_state *s)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned errors = 0;

	if (!s->in_project || s->p.cfg.kind != KIND_VENDOR)
		return COT_OK;
	if (vendor_check_project(&s->p, &s->d, &errors, &err))
		return cli_err(&err);
	if (errors)
		s->res.ready = false;
	return COT_OK;
}

static int cmd_check(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct check_args a = {0};
	struct check_state s = {.p = PROJECT_INIT, .d = DIAG_LIST_INIT};
	size_t applicable = 0;
	bool reported = false;
	int rc;

	s.d.max = CHECKLIST_MAX_FINDINGS;
	if ((rc = parse_args(ctx, argc, argv, &a)) || (rc = open_project(ctx, &s)) ||
		(rc = settle_inputs(&a, &s)) || (rc = load_inputs(ctx, &a, &s)))
		goto out;
	for (size_t i = 0; i < s.rs.nreqs; i++)
		applicable += req_applies(&s.rs.reqs[i], s.opts.route, s.opts.kind);
	if (!applicable) {
		/* TRANSLATORS: the set's id and version, then the route and kind ids. */
		rc = cli_error(COT_USAGE,
			_("no requirement of %s %s applies to route %s, kind %s: "
			  "nothing to check"),
			s.rs.id, s.rs.version, route_name(s.opts.route), kind_name(s.opts.kind));
		goto out;
	}
	s.opts.root = s.root;
	s.opts.now = clock_now();
	/* Findings in the language of messages, the HTML preview's too: the page a bundle
	   carries is rendered apart (bundle_report_render), with its findings in English. */
	s.opts.english = false;
	checklist_check(&s.rs, &s.a, &s.opts, &s.res, &s.d);
	if ((rc = check_vendor(&s)))
		goto out;
	diag_sort(&s.d);
	reported = true; /* a report that cannot be written is not tried twice */
	if ((rc = write_report(ctx, &a, &s)))
		goto out;
	if (a.record)
		rc = record(ctx, &s);
	else
		rc = s.res.ready ? COT_OK : COT_FINDINGS;
	if (!rc && !a.record && s.in_project && ctx->format == FMT_TEXT && !a.output &&
		procedure_step_index(s.p.cfg.route, s.p.cfg.kind, STEP) >= 0)
		cli_info(ctx, "%s", _("Record it with 'cot check --record'."));
out:
	if (rc && !reported && ctx->format != FMT_TEXT)
		write_unchecked(ctx, &a, &s, rc);
	state_release(&s);
	return rc;
}

const struct cot_cmd cmd_check_entry = {
	.name = "check",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_JUNIT) | FMT_BIT(FMT_SARIF) |
		   FMT_BIT(FMT_GITHUB) | FMT_BIT(FMT_HTML),
	.fn = cmd_check,
	.shortopts = "o:",
	.longopts = check_options,
	.usage = "cot check [ANSWERS] [--requirements FILE] [--record] [--format F] [-o FILE] "
		 "[--lang L] [--route R] [--kind K]",
	.summary = N_("Check the checklist answers: what is missing before submission."),
	.help = N_("  ANSWERS           the answers file (default: the project's checklist.yaml)\n"
		   "  --requirements FILE\n"
		   "                    the requirement set (default: the project's, or outside a\n"
		   "                    project the shipped set the answers name)\n"
		   "  --record          when ready, record the step checklist-complete\n"
		   "  --format F        text (default), json, junit, sarif, github or html\n"
		   "  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
		   "  --lang L          nl, fr or en: labels, titles and verdict\n"
		   "  --route R         outside a project: vitalink or direct (default direct)\n"
		   "  --kind K          outside a project: organisation (default) or vendor\n"
		   "Exit status: 0 ready, 1 not ready, 2 input error (unreadable or malformed "
		   "files).\n"),
};
