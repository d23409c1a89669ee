/* cot lint: check requirement sets and answer files for CI, without a project. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot/checklist.h"
#include "cot/cli.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/ytext.h"
#include "cot/report.h"
#include "cli-report.h"

enum { O_STRICT = 256, O_REQUIREMENTS };

static const struct option lint_options[] = {
	{"strict", no_argument, NULL, O_STRICT},
	{"requirements", required_argument, NULL, O_REQUIREMENTS},
	CLI_REPORT_OPTIONS,
	{NULL, 0, NULL, 0},
};

/* What a run knows: the requirement sets met so far, answers waiting for theirs. */
struct lint {
	struct diag_list d;
	struct lint_file *files;
	size_t nfiles;
	struct reqset **sets;
	size_t nsets;
	struct answers **pending;
	size_t npending;
	char **shipped_tried; /* "id-version" names looked up among the shipped sets */
	size_t ntried;
};

static struct reqset *find_set(struct lint *l, const char *id, const char *version)
{
	for (size_t i = 0; i < l->nsets; i++)
		if (strcmp(l->sets[i]->id, id) == 0 && strcmp(l->sets[i]->version, version) == 0)
			return l->sets[i];
	return NULL;
}

static void keep_set(struct lint *l, struct reqset *rs)
{
	l->sets = xrealloc(l->sets, (l->nsets + 1) * sizeof(*l->sets));
	l->sets[l->nsets++] = rs;
}

/* The shipped set id-version, loaded once; NULL when there is none. */
static struct reqset *shipped_set(struct lint *l, const char *id, const char *version)
{
	struct cot_err err = COT_ERR_INIT;
	struct reqset *rs;
	char name[256], *path = NULL;

	snprintf(name, sizeof(name), "%s-%s", id, version);
	for (size_t i = 0; i < l->ntried; i++)
		if (strcmp(l->shipped_tried[i], name) == 0)
			return NULL;
	l->shipped_tried = xrealloc(l->shipped_tried, (l->ntried + 1) * sizeof(char *));
	l->shipped_tried[l->ntried] = strdup(name);
	if (!l->shipped_tried[l->ntried++])
		mem_die();
	if (reqset_find(name, &path, &err))
		return NULL;
	rs = calloc(1, sizeof(*rs));
	if (!rs)
		mem_die();
	if (reqset_load(path, NULL, rs, &l->d, &err)) {
		if (err.code)
			diag_add(&l->d, DIAG_ERROR, path, 0, 0, "file-unreadable", "%s", err.msg);
		reqset_release(rs);
		free(rs);
		free(path);
		return NULL;
	}
	free(path);
	reqset_lint(rs, &l->d);
	if (!rs->id || !rs->version || strcmp(rs->id, id) || strcmp(rs->version, version)) {
		reqset_release(rs);
		free(rs);
		return NULL;
	}
	keep_set(l, rs);
	return rs;
}

/* Checks answers against their set if it is known; false when it is not (yet). */
static bool lint_answers(struct lint *l, struct answers *a, bool last_chance)
{
	struct reqset *rs;

	if (!a->set_id || !a->set_version) {
		answers_lint(a, NULL, &l->d);
		return true;
	}
	rs = find_set(l, a->set_id, a->set_version);
	if (!rs)
		rs = shipped_set(l, a->set_id, a->set_version);
	if (!rs && !last_chance)
		return false;
	if (!rs)
		diag_add(&l->d, DIAG_WARNING, a->file, a->set_at.line, a->set_at.col,
			/* TRANSLATORS: the set's id and version. */
			"answers-unknown-set",
			_("requirement set %s %s is neither shipped with cot "
			  "nor given: answer ids are not checked (give it with --requirements "
			  "FILE)"),
			a->set_id, a->set_version);
	answers_lint(a, rs, &l->d);
	return true;
}

static void lint_file(struct lint *l, const char *path)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct lint_file *f;
	struct cot_err err = COT_ERR_INIT;
	struct ynode *root = NULL;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc;

	l->files = xrealloc(l->files, (l->nfiles + 1) * sizeof(*l->files));
	f = &l->files[l->nfiles++];
	*f = (struct lint_file){path, CL_UNKNOWN, false};
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > lim.max_bytes) {
		f->readable = true;
		/* TRANSLATORS: the file's size, then the most cot reads, both in bytes. */
		diag_add(&l->d, DIAG_ERROR, path, 1, 1, "yaml-size",
			ngettext("%lld byte, more "
				 "than the %zu cot reads",
				"%lld bytes, more than the %zu cot reads",
				(unsigned long)st.st_size),
			(long long)st.st_size, lim.max_bytes);
		return;
	}
	rc = fs_read(path, lim.max_bytes, &data, &len, &err);
	if (rc) {
		diag_add(&l->d, DIAG_ERROR, path, 0, 0, "file-unreadable", "%s", err.msg);
		return;
	}
	f->readable = true;
	rc = ydoc_parse(path, data, len, &lim, &root, &l->d);
	free(data);
	if (rc)
		return;
	ytext_check(root, path, &l->d);
	f->kind = checklist_kind(root);
	if (f->kind == CL_REQUIREMENTS) {
		struct reqset *rs = calloc(1, sizeof(*rs));
		if (!rs)
			mem_die();
		reqset_from_tree(path, root, rs, &l->d);
		reqset_lint(rs, &l->d);
		if (rs->id && rs->version && !find_set(l, rs->id, rs->version)) {
			keep_set(l, rs);
		} else {
			reqset_release(rs);
			free(rs);
		}
	} else if (f->kind == CL_ANSWERS) {
		struct answers *a = calloc(1, sizeof(*a));
		if (!a)
			mem_die();
		answers_from_tree(path, root, a, &l->d);
		if (lint_answers(l, a, false)) {
			answers_release(a);
			free(a);
		} else {
			l->pending = xrealloc(l->pending, (l->npending + 1) * sizeof(*l->pending));
			l->pending[l->npending++] = a;
		}
	} else {
		diag_add(&l->d, DIAG_ERROR, path, root ? root->line : 1, root ? root->col : 1,
			/* TRANSLATORS: the %s are format markers (cot.requirements/1,
			   cot.answers/1). */
			"file-kind",
			_("neither a requirement set (format: %s) nor an answer file "
			  "(format: %s)"),
			REQSET_FORMAT, ANSWERS_FORMAT);
	}
	ynode_free(root);
}

static void lint_release(struct lint *l)
{
	for (size_t i = 0; i < l->nsets; i++) {
		reqset_release(l->sets[i]);
		free(l->sets[i]);
	}
	for (size_t i = 0; i < l->npending; i++) {
		answers_release(l->pending[i]);
		free(l->pending[i]);
	}
	for (size_t i = 0; i < l->ntried; i++)
		free(l->shipped_tried[i]);
	free(l->shipped_tried);
	free(l->sets);
	free(l->pending);
	free(l->files);
	diag_list_release(&l->d);
}

/*
 * Names the files linted, and the findings about them, as the user sees them: relative to
 * where cot started (-C moved it). Returns the names, for lint_forget_names.
 */
static char **lint_show_names(struct lint *l)
{
	char **shown = xcalloc(l->nfiles + 1, sizeof(*shown));

	for (size_t i = 0; i < l->nfiles; i++) {
		shown[i] = cli_display_path(l->files[i].name);
		for (size_t k = 0; k < l->d.n; k++) {
			struct diag *x = &l->d.v[k];
			if (x->file && strcmp(x->file, l->files[i].name) == 0 &&
				strcmp(x->file, shown[i]) != 0) {
				free(x->file);
				x->file = xstrdup(shown[i]);
			}
		}
		l->files[i].name = shown[i];
	}
	return shown;
}

static void lint_forget_names(char **shown)
{
	for (size_t i = 0; shown && shown[i]; i++)
		free(shown[i]);
	free(shown);
}

struct lint_args {
	const char **sets; /* --requirements, in order */
	size_t nsets;
	const char *output;
	bool strict;
};

static int take_option(void *args, int opt, const char *arg)
{
	struct lint_args *a = args;

	if (opt == O_STRICT) {
		a->strict = true;
	} else if (opt == O_REQUIREMENTS) {
		a->sets = xrealloc(a->sets, (a->nsets + 1) * sizeof(*a->sets));
		a->sets[a->nsets++] = arg;
	} else {
		return COT_USAGE;
	}
	return COT_OK;
}

static int parse_args(struct cot_ctx *ctx, int argc, char **argv, struct lint_args *a)
{
	const struct cot_cmd *c = &cmd_lint_entry;
	struct cli_report_args ra = {.take = take_option, .args = a};

	if (cli_report_getopt(ctx, c, argc, argv, &ra))
		return COT_USAGE;
	a->output = ra.output;
	if (optind >= argc && !a->nsets)
		return cli_usage_error(
			c, "%s", _("which files? give requirement sets or answer files"));
	return cli_check_format(ctx, c);
}

/*
 * The report of a lint that did not complete (no file readable, an option refused), in
 * the format asked for: a CI that uploads it needs one (report_render_failure).
 */
static void write_unlinted(struct cot_ctx *ctx, const struct lint_args *a, struct lint *l, int code)
{
	const char *why = cli_last_error()[0] ? cli_last_error() : _("the lint did not run");
	const struct report r = {.command = "lint",
		.d = &l->d,
		.lang = ctx->lang,
		.files = l->files,
		.nfiles = l->nfiles,
		.strict = a->strict};
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;

	if (ctx->format == FMT_TEXT || !(FMT_BIT(ctx->format) & cmd_lint_entry.formats))
		return;
	if (!l->d.errors)
		diag_add(&l->d, DIAG_ERROR, NULL, 0, 0, "lint-not-run", "%s", why);
	diag_sort(&l->d);
	if (!report_render_failure(&r, cli_report_format(ctx->format), code, why, &out, &err))
		cli_write_output(&out, a->output);
	buf_release(&out);
}

static int cmd_lint(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct lint_args a = {0};
	struct lint l = {.d = DIAG_LIST_INIT};
	struct report r;
	struct buf out = BUF_INIT;
	struct cot_err err = COT_ERR_INIT;
	size_t readable = 0;
	char **shown = NULL;
	bool reported = false;
	int rc;

	if ((rc = parse_args(ctx, argc, argv, &a)))
		goto out;
	l.d.max = CHECKLIST_MAX_FINDINGS;
	for (size_t i = 0; i < a.nsets; i++)
		lint_file(&l, a.sets[i]);
	for (int i = optind; i < argc; i++)
		lint_file(&l, argv[i]);
	for (size_t i = 0; i < l.npending; i++)
		lint_answers(&l, l.pending[i], true);
	for (size_t i = 0; i < l.nfiles; i++)
		readable += l.files[i].readable;
	shown = lint_show_names(&l);
	diag_sort(&l.d);
	r = (struct report){.command = "lint",
		.d = &l.d,
		.color = ctx->color && !a.output,
		.lang = ctx->lang,
		.files = l.files,
		.nfiles = l.nfiles,
		.strict = a.strict};
	if (!readable) {
		/* Nothing was linted: only why, and the report saying so (below). */
		diag_print_text(stderr, &l.d, ctx->color);
		rc = cli_error(COT_USAGE, "%s", _("no file could be read"));
		goto out;
	}
	reported = true;
	rc = report_render(&r, cli_report_format(ctx->format), &out, &err);
	if (rc)
		rc = cli_err(&err);
	else
		rc = cli_write_output(&out, a.output);
	if (!rc && (l.d.errors || (a.strict && l.d.warnings)))
		rc = COT_FINDINGS;
out:
	if (rc && !reported)
		write_unlinted(ctx, &a, &l, rc);
	buf_release(&out);
	lint_release(&l);
	lint_forget_names(shown);
	free((void *)a.sets);
	return rc;
}

const struct cot_cmd cmd_lint_entry = {
	.name = "lint",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_JUNIT) | FMT_BIT(FMT_SARIF) |
		   FMT_BIT(FMT_GITHUB),
	.fn = cmd_lint,
	.flags = CMD_NO_CRYPTO,
	.shortopts = "o:",
	.longopts = lint_options,
	.usage = "cot lint [--strict] [--requirements FILE]... [--format F] [-o FILE] FILE...",
	.summary = N_("Check requirement sets and answer files: YAML, schema, ids, translations."),
	.help = N_(
		"  FILE              a requirement set (cot.requirements/1) or answer file\n"
		"                    (cot.answers/1); the kind is told from the file\n"
		"  --strict          warnings count too: exit 1 on any warning\n"
		"  --requirements FILE\n"
		"                    a requirement set answers may name (linted too); the sets\n"
		"                    given as FILE and those shipped with cot are known anyway\n"
		"  --format F        text (default), json, junit, sarif or github\n"
		"  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
		"Exit status: 0 no errors, 1 errors (or warnings with --strict), 2 no file given\n"
		"or none readable.\n"),
};
