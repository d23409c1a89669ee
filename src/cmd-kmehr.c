/* cot kmehr validate: check KMEHR sample messages against eHealth's XSD and the BelRAI rules. */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/kmehr.h"
#include "cot/mem.h"
#include "cot/report.h"
#include "cli-report.h"

enum { O_SCHEMAS = 256, O_JOBS = 'j' };

#define KMEHR_MAX_FINDINGS 10000 /* kept in the report; the counts go on */
#define KMEHR_MAX_JOBS 64

static const struct option validate_options[] = {
	{"schemas", required_argument, NULL, O_SCHEMAS},
	CLI_REPORT_OPTIONS,
	{"jobs", required_argument, NULL, O_JOBS},
	{NULL, 0, NULL, 0},
};

static const struct option kmehr_options[] = {
	{NULL, 0, NULL, 0},
};

extern const struct cot_cmd kmehr_validate_verb;

struct validate_args {
	const char *schemas;
	const char *output;
	unsigned jobs;
};

static int parse_jobs(const char *s, unsigned *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < 1 || v > KMEHR_MAX_JOBS)
		return cli_error(COT_USAGE,
			_("-j takes a number of threads from 1 to %d, not '%s'"), KMEHR_MAX_JOBS,
			s);
	*out = (unsigned)v;
	return COT_OK;
}

static int take_option(void *args, int opt, const char *arg)
{
	struct validate_args *a = args;

	if (opt == O_SCHEMAS)
		a->schemas = arg;
	else if (opt == O_JOBS)
		return parse_jobs(arg, &a->jobs);
	else
		return COT_USAGE;
	return COT_OK;
}

static int parse_args(struct cot_ctx *ctx, int argc, char **argv, struct validate_args *a)
{
	const struct cot_cmd *c = &kmehr_validate_verb;
	struct cli_report_args ra = {.take = take_option, .args = a};

	if (cli_report_getopt(ctx, c, argc, argv, &ra))
		return COT_USAGE;
	a->output = ra.output;
	if (optind >= argc)
		return cli_usage_error(c, "%s", _("which files? give KMEHR messages"));
	return cli_check_format(ctx, c);
}

/* The schema folder: --schemas, else cot.yaml's kmehr: schemas: (the project's language too). */
static int schema_dir(struct cot_ctx *ctx, const char *given, char **dir)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	bool open = project_open(NULL, &p, &d, &err) == COT_OK;

	if (open && !ctx->lang_set)
		i18n_set_lang(p.cfg.lang);
	*dir = given ? xstrdup(given) : open ? project_kmehr_schemas(&p) : NULL;
	diag_list_release(&d);
	project_release(&p);
	if (*dir)
		return COT_OK;
	return cli_error(COT_USAGE,
		/* TRANSLATORS: eHealth's address. */
		_("which KMEHR schemas? give their folder with --schemas DIR or 'kmehr: schemas:' "
		  "in cot.yaml (cot does not ship them: get them from %s)"),
		"https://www.ehealth.fgov.be/standards/kmehr/");
}

/* The files shared by the threads: each takes the next, its findings in its own list. */
struct pool {
	const struct kmehr_schema *s;
	char **names;
	size_t n, next;
	struct diag_list *lists;
	pthread_mutex_t mu;
	struct cot_err err; /* the first failure (out of memory) */
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	struct cot_err e = COT_ERR_INIT;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&p->mu);
		i = p->err.code ? p->n : p->next++;
		pthread_mutex_unlock(&p->mu);
		if (i >= p->n)
			return NULL;
		if (kmehr_check_file(p->s, p->names[i], &p->lists[i], &e)) {
			pthread_mutex_lock(&p->mu);
			if (!p->err.code)
				p->err = e;
			pthread_mutex_unlock(&p->mu);
		}
	}
}

/* Each list's findings into d, in the order of the files; files[i] readable or not. */
static void merge(struct diag_list *lists, size_t n, char **names, struct lint_file *files,
	struct diag_list *d)
{
	for (size_t i = 0; i < n; i++) {
		files[i] = (struct lint_file){names[i], CL_UNKNOWN, true};
		for (size_t k = 0; k < lists[i].n; k++) {
			const struct diag *x = &lists[i].v[k];
			files[i].readable &= strcmp(x->rule, "kmehr-unreadable") != 0;
			diag_add(d, x->sev, x->file, x->line, x->col, x->rule, "%s", x->msg);
		}
		/* beyond a list's max: counted, not kept (all but the schema note are errors) */
		d->dropped += lists[i].dropped;
		d->errors += (unsigned)lists[i].dropped;
		diag_list_release(&lists[i]);
	}
}

/* Checks the files on jobs threads (output in input order). */
static int check_all(const struct kmehr_schema *s, size_t n, char **names, unsigned jobs,
	struct lint_file *files, struct diag_list *d)
{
	struct pool p = {s, names, n, 0, xcalloc(n, sizeof(struct diag_list)),
		PTHREAD_MUTEX_INITIALIZER, COT_ERR_INIT};
	pthread_t th[KMEHR_MAX_JOBS];
	unsigned started = 0;

	for (size_t i = 0; i < n; i++)
		p.lists[i].max = KMEHR_MAX_FINDINGS;
	for (unsigned t = 1; t < jobs && t < n; t++)
		started += pthread_create(&th[started], NULL, worker, &p) == 0;
	worker(&p);
	for (unsigned t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	merge(p.lists, n, names, files, d);
	free(p.lists);
	return p.err.code ? cli_err(&p.err) : COT_OK;
}

/*
 * The report of a validation that did not run (no schemas, an option refused), in the
 * format asked for: a CI that uploads it needs one (report_render_failure).
 */
static void write_unvalidated(struct cot_ctx *ctx, const char *output, int code)
{
	const char *why = cli_last_error()[0] ? cli_last_error() : _("the validation did not run");
	struct diag_list d = DIAG_LIST_INIT;
	const struct report r = {.command = "kmehr validate", .d = &d, .lang = ctx->lang};
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;

	if (ctx->format == FMT_TEXT || !(FMT_BIT(ctx->format) & kmehr_validate_verb.formats))
		return;
	diag_add(&d, DIAG_ERROR, NULL, 0, 0, "kmehr-not-run", "%s", why);
	if (!report_render_failure(&r, cli_report_format(ctx->format), code, why, &out, &err))
		cli_write_output(&out, output);
	buf_release(&out);
	diag_list_release(&d);
}

static int cmd_kmehr_validate(struct cot_ctx *ctx, struct project *unused, int argc, char **argv)
{
	struct validate_args a = {.jobs = 1};
	struct diag_list d = DIAG_LIST_INIT;
	struct kmehr_schema *s = NULL;
	struct lint_file *files = NULL;
	struct cot_err err = COT_ERR_INIT;
	struct buf out = BUF_INIT;
	struct report r;
	char *dir = NULL;
	bool reported = false;
	size_t n;
	int rc;

	(void)unused;
	if ((rc = parse_args(ctx, argc, argv, &a)) || (rc = schema_dir(ctx, a.schemas, &dir)))
		goto out;
	if ((rc = kmehr_schema_load(dir, &s, &err))) {
		rc = cli_err(&err);
		goto out;
	}
	n = (size_t)(argc - optind);
	files = xcalloc(n, sizeof(*files));
	d.max = KMEHR_MAX_FINDINGS;
	if ((rc = check_all(s, n, argv + optind, a.jobs, files, &d)))
		goto out;
	diag_sort(&d);
	reported = true;
	r = (struct report){.command = "kmehr validate",
		.d = &d,
		.color = ctx->color && !a.output,
		.lang = ctx->lang,
		.files = files,
		.nfiles = n};
	rc = report_render(&r, cli_report_format(ctx->format), &out, &err);
	rc = rc ? cli_err(&err) : cli_write_output(&out, a.output);
	if (!rc && d.errors)
		rc = COT_FINDINGS;
out:
	if (rc && !reported)
		write_unvalidated(ctx, a.output, rc);
	buf_release(&out);
	diag_list_release(&d);
	kmehr_schema_free(s);
	free(files);
	free(dir);
	return rc;
}

const struct cot_cmd kmehr_validate_verb = {
	.name = "validate",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_JUNIT) | FMT_BIT(FMT_SARIF) |
		   FMT_BIT(FMT_GITHUB),
	.parent = "kmehr",
	.fn = cmd_kmehr_validate,
	.flags = CMD_NO_CRYPTO,
	.shortopts = "o:j:",
	.longopts = validate_options,
	.usage = "cot kmehr validate [--schemas DIR] [-j N] [--format F] [-o FILE] FILE...",
	.summary = N_("Check KMEHR sample messages: XML, the KMEHR schema, the BelRAI rules."),
	.help = N_("  FILE              a KMEHR message (at most 16 MiB)\n"
		   "  --schemas DIR     eHealth's KMEHR XSD folder (kmehr-1_32.xsd at its top or\n"
		   "                    under ehealth-kmehr/XSD/); default: cot.yaml's\n"
		   "                    'kmehr: schemas:', relative to the project\n"
		   "  -j, --jobs N      check N messages at a time (threads; output in input\n"
		   "                    order; default 1)\n"
		   "  --format F        text (default), json, junit, sarif or github\n"
		   "  -o, --output FILE write the report to FILE (atomically) instead of stdout\n"
		   "Exit status: 0 no errors, 1 errors, 2 usage or no schemas, 3 environment.\n"),
};

static const struct cot_cmd *const kmehr_verbs[] = {&kmehr_validate_verb, NULL};

const struct cot_cmd cmd_kmehr_entry = {
	.name = "kmehr",
	.formats = FMT_TEXT_ONLY,
	.verbs = kmehr_verbs,
	.shortopts = "",
	.longopts = kmehr_options,
	.usage = "cot kmehr validate [options] FILE...",
	.summary = N_("Check a vendor's KMEHR sample messages (schema and BelRAI rules)."),
};
