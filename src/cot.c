/* cot's entry: global options, the command table, dispatch, the stdout check. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/i18n.h"
#include "cot/mem.h"

const struct cot_cmd *const cot_commands[] = {
	&cmd_init_entry,
	&cmd_status_entry,
	&cmd_done_entry,
	&cmd_check_entry,
	&cmd_lint_entry,
	&cmd_cert_entry,
	&cmd_bundle_entry,
	&cmd_verify_entry,
	&cmd_countersign_entry,
	&cmd_submit_entry,
	&cmd_whitelist_entry,
	&cmd_kmehr_entry,
	&cmd_log_entry,
	&cmd_calendar_entry,
	&cmd_demo_entry,
	&cmd_help_entry,
	NULL,
};

const struct cot_cmd *cot_find_command(const char *name)
{
	for (size_t i = 0; cot_commands[i]; i++)
		if (strcmp(cot_commands[i]->name, name) == 0)
			return cot_commands[i];
	return NULL;
}

const char *cot_global_options_help(void)
{
	/* TRANSLATORS: keep the options as they are and the descriptions in one column. */
	return _("\nGlobal options:\n"
		 "  -C DIR             run as if started in DIR\n"
		 "  --format F         output format: text, json, junit, sarif, github, html, "
		 "csv, xml, etsi\n"
		 "  --color WHEN       auto (default), always or never; NO_COLOR=1 means never\n"
		 "  --lang L           language of messages, help and reports: nl, fr or en\n"
		 "  -q, --quiet        only errors\n"
		 "  -v, --verbose      more detail\n"
		 "  --version          print the version\n"
		 "  -h, --help         this help; 'cot help COMMAND' for a command\n\n");
}

static void print_usage(FILE *f)
{
	struct buf b = {0};

	/* TRANSLATORS: the command line stays as it is; align the second line under "cot". */
	buf_adds(&b,
		_("usage: cot [-C DIR] [--format F] [--color auto|always|never] [--lang nl|fr|en]\n"
		  "           [-q | -v] COMMAND [ARGS]\n\n"));
	buf_adds(&b,
		_("Carries a care organisation through joining the BelRAI circle of trust.\n\n"));
	buf_adds(&b, _("Commands:\n"));
	for (size_t i = 0; cot_commands[i]; i++)
		buf_addf(&b, "  %-11s %s\n", cot_commands[i]->name, _(cot_commands[i]->summary));
	buf_adds(&b, cot_global_options_help());
	buf_adds(&b, _("Exit status: 0 success, 1 problems found, 2 usage or input error,\n"
		       "3 environment failure (network, I/O, lock held).\n"));
	cli_print_wrapped(f, b.data ? b.data : "");
	buf_release(&b);
}

/* The closest command name, for "did you mean" hints. */
static const char *closest_command(const char *name)
{
	const char *best = NULL;
	size_t bestlen = 0;

	for (size_t i = 0; cot_commands[i]; i++) {
		const char *c = cot_commands[i]->name;
		size_t k = 0;
		while (c[k] && c[k] == name[k])
			k++;
		if (k > bestlen) {
			best = c;
			bestlen = k;
		}
	}
	return bestlen >= 2 ? best : NULL;
}

static bool resolve_color(const char *when, bool *out)
{
	const char *no = getenv("NO_COLOR");

	if (!when || strcmp(when, "auto") == 0)
		*out = isatty(STDOUT_FILENO) && !(no && *no) && getenv("TERM") &&
		       strcmp(getenv("TERM"), "dumb") != 0;
	else if (strcmp(when, "always") == 0)
		*out = true;
	else if (strcmp(when, "never") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* The language before a global option or the project changed it: the environment's. */
static struct i18n_state env_lang;

/*
 * Unless --lang was given, messages speak the language of the project the current directory
 * is in (read cheaply, never locked), else the environment's: --help and what is printed
 * before the project is opened speak as the command will once it is.
 */
static void follow_project(const struct cot_ctx *ctx)
{
	enum lang l;

	if (ctx->lang_set)
		return;
	if (i18n_project_lang(&l))
		i18n_set_lang(l);
	else
		i18n_restore(&env_lang);
}

enum { OPT_COLOR = 256, OPT_FORMAT, OPT_LANG, OPT_VERSION };

static const struct option global_options[] = {
	{"color", required_argument, NULL, OPT_COLOR},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"lang", required_argument, NULL, OPT_LANG},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"version", no_argument, NULL, OPT_VERSION},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* One global option (getopt's value opt, its argument arg); -1 to go on, or an exit code. */
static int apply_global(struct cot_ctx *ctx, int opt, const char *arg, const char **color)
{
	switch (opt) {
	case 'C':
		if (chdir(arg) < 0)
			return cli_error(
				COT_USAGE, _("cannot change to '%s': %s"), arg, strerror(errno));
		ctx->dir = arg;
		follow_project(ctx);
		break;
	case OPT_COLOR:
		*color = arg;
		break;
	case OPT_FORMAT:
		if (cli_set_format(ctx, arg))
			return COT_USAGE;
		break;
	case OPT_LANG:
		if (!lang_parse(arg, &ctx->lang))
			return cli_error(COT_USAGE, _("unknown language '%s' (nl, fr or en)"), arg);
		ctx->lang_set = true;
		/* at once: --help after --lang speaks it */
		i18n_set_lang(ctx->lang);
		break;
	case 'q':
		ctx->verbosity = -1;
		break;
	case 'v':
		ctx->verbosity++;
		break;
	default:
		abort();
	}
	return -1;
}

const struct option *cot_global_options(const char **shortopts)
{
	*shortopts = "C:qvh";
	return global_options;
}

/* Parses the global options; returns -1 to go on, or an exit code. */
static int parse_globals(struct cot_ctx *ctx, int argc, char **argv)
{
	const char *color = NULL;
	int opt, rc;

	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:C:qvh", global_options, NULL)) != -1) {
		switch (opt) {
		case OPT_VERSION:
			printf("cot %s\n", COT_VERSION);
			return COT_OK;
		case 'h':
			print_usage(stdout);
			return COT_OK;
		case ':':
			return cli_error(
				COT_USAGE, _("option '%s' needs a value"), argv[optind - 1]);
		case '?':
			return cli_error(COT_USAGE, _("unknown option '%s'; see 'cot --help'"),
				argv[optind - 1]);
		default:
			rc = apply_global(ctx, opt, optarg, &color);
			if (rc >= 0)
				return rc;
		}
	}
	if (!resolve_color(color, &ctx->color))
		return cli_error(
			COT_USAGE, _("--color takes auto, always or never, not '%s'"), color);
	return -1;
}

/* True when option arg (without its value) takes the next argument as its value. */
static bool takes_value(const struct cot_cmd *c, const char *arg)
{
	if (arg[0] != '-' || strchr(arg, '='))
		return false;
	if (arg[1] == '-') {
		for (const struct option *o = c->longopts; o && o->name; o++)
			if (strcmp(o->name, arg + 2) == 0)
				return o->has_arg == required_argument;
		return false;
	}
	if (arg[1] && !arg[2] && c->shortopts) {
		const char *p = strchr(c->shortopts, arg[1]);
		return p && p[1] == ':';
	}
	return false;
}

/* True when command c has an option spelt arg (without "=value"). */
static bool own_option(const struct cot_cmd *c, const char *arg)
{
	size_t n;

	if (arg[1] != '-')
		return c->shortopts && arg[1] != ':' && strchr(c->shortopts, arg[1]);
	n = strcspn(arg + 2, "=");
	for (const struct option *o = c->longopts; o && o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, arg + 2, n) == 0)
			return true;
	return false;
}

/* The global option spelt arg ("--lang", "--lang=fr", "-C", "-Cdir", "-vq"), or 0. */
static int global_option(const char *arg, const char **inline_value)
{
	size_t n;

	*inline_value = NULL;
	if (arg[1] == 'C') {
		*inline_value = arg[2] ? arg + 2 : NULL;
		return 'C';
	}
	if (arg[1] != '-')
		return arg[1] && strspn(arg + 1, "qv") == strlen(arg + 1) ? 'q' : 0;
	n = strcspn(arg + 2, "=");
	for (const struct option *o = global_options; o->name; o++) {
		if (o->val == OPT_VERSION || o->val == 'h')
			continue;
		if (strlen(o->name) != n || strncmp(o->name, arg + 2, n) != 0)
			continue;
		if (arg[2 + n] == '=')
			*inline_value = arg + 3 + n;
		return o->val;
	}
	return 0;
}

/* Applies the global option at argv[*i] and says how many arguments it took; -1 to go on. */
static int take_global(struct cot_ctx *ctx, int opt, int argc, char **argv, int i,
	const char *value, const char **color, int *used)
{
	const char *arg = argv[i];

	*used = 1;
	if (opt == 'q' && arg[1] != '-') {
		for (const char *f = arg + 1; *f; f++)
			apply_global(ctx, *f, NULL, color);
		return -1;
	}
	if (opt == 'q' || opt == 'v')
		return apply_global(ctx, opt, NULL, color);
	if (!value) {
		if (i + 1 >= argc || strcmp(argv[i + 1], "--") == 0)
			return cli_error(COT_USAGE, _("option '%s' needs a value"), arg);
		value = argv[i + 1];
		*used = 2;
	}
	return apply_global(ctx, opt, value, color);
}

/*
 * The global options typed after the command (cot verify -v, cot status --lang fr) are
 * applied as if typed before it and taken out of argv; an option of the command's own
 * with the same name stays the command's. Returns -1 to go on, or an exit code.
 */
static int globals_after(struct cot_ctx *ctx, const struct cot_cmd *c, int *argc, char **argv)
{
	const char *color = NULL, *value;
	int i = 1, opt, used, rc;

	while (i < *argc && strcmp(argv[i], "--") != 0) {
		const char *arg = argv[i];
		if (arg[0] != '-' || !arg[1] || own_option(c, arg) ||
			!(opt = global_option(arg, &value))) {
			i += arg[0] == '-' && takes_value(c, arg) ? 2 : 1;
			continue;
		}
		rc = take_global(ctx, opt, *argc, argv, i, value, &color, &used);
		if (rc >= 0)
			return rc;
		memmove(argv + i, argv + i + used, (size_t)(*argc - i - used + 1) * sizeof(*argv));
		*argc -= used;
	}
	if (color && !resolve_color(color, &ctx->color))
		return cli_error(
			COT_USAGE, _("--color takes auto, always or never, not '%s'"), color);
	return -1;
}

/* --help or -h among the options, not as the value of another option. */
static bool wants_help(const struct cot_cmd *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return false;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
		if (takes_value(c, argv[i]))
			i++;
	}
	return false;
}

/* For a command with verbs: the verb argv[1] names; prints why not otherwise. */
static const struct cot_cmd *pick_verb(const struct cot_cmd *c, int argc, char **argv, int *rc)
{
	const struct cot_cmd *v;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cmd_print_help(argc < 2 ? stderr : stdout, c);
		*rc = argc < 2 ? COT_USAGE : COT_OK;
		return NULL;
	}
	v = cot_find_verb(c, argv[1]);
	if (!v)
		*rc = cli_error(COT_USAGE, _("'cot %s' has no verb '%s'; see 'cot %s --help'"),
			c->name, argv[1], c->name);
	return v;
}

/*
 * The options of a command that needs a project, read once before the project is looked
 * for: a misspelt option is what is said first, wherever it is typed. cli_getopt prints it;
 * the command reads them again (getopt's reordering of argv gives the same order twice).
 */
static bool options_ok(const struct cot_cmd *c, int argc, char **argv)
{
	int opt;

	optind = 0;
	while ((opt = cli_getopt(c, argc, argv)) != -1)
		if (opt == '?')
			return false;
	return true;
}

static int run_command(struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	bool open_project;
	int rc;

	if (c->verbs) {
		c = pick_verb(c, argc, argv, &rc);
		if (!c)
			return rc;
		argc--;
		argv++;
	}
	rc = globals_after(ctx, c, &argc, argv);
	if (rc >= 0)
		return rc;
	if (wants_help(c, argc, argv)) {
		cmd_print_help(stdout, c);
		return COT_OK;
	}
	open_project = c->flags & CMD_NEEDS_PROJECT;
	/* a command whose own --format option sets it checks again after parsing it */
	if (ctx->format_set && cli_check_format(ctx, c))
		return COT_USAGE;
	if ((c->flags & CMD_NEEDS_PROJECT) && !options_ok(c, argc, argv))
		return COT_USAGE;
	/* cot status DIR...: the projects are the operands, wherever cot runs */
	if ((c->flags & CMD_OPERANDS_NO_PROJECT) && optind < argc)
		open_project = false;
	/* OpenSSL set up before a command that signs, checks or connects writes anything (mem.h) */
	if (!(c->flags & CMD_NO_CRYPTO))
		crypto_init();
	if (open_project) {
		rc = project_open(NULL, &p, &d, &err);
		if (rc) {
			rc = cli_project_error(ctx, &d, &err);
			goto out;
		}
		diag_print_text(stderr, &d, ctx->color);
		if (!ctx->lang_set) {
			ctx->lang = p.cfg.lang;
			i18n_set_lang(ctx->lang);
		}
	}
	optind = 0;
	rc = c->fn(ctx, &p, argc, argv);
out:
	diag_list_release(&d);
	project_release(&p);
	return rc;
}

/*
 * The end of every command: stdout flushed and checked (a full disk is an error, not
 * a silent success), and a want of memory anywhere called by its name with exit 3,
 * whatever the library or the caller made of it (a "wrong password", a failed check,
 * a line left out).
 */
static int check_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;
		cli_error(COT_ENV, _("cannot write to standard output: %s"), strerror(e ? e : EIO));
		return COT_ENV;
	}
	if (mem_failed()) {
		if (!cli_said_out_of_memory())
			cli_error(COT_ENV, _("out of memory: what was printed may be incomplete"));
		return COT_ENV;
	}
	return rc;
}

int cot_main(int argc, char **argv)
{
	struct cot_ctx ctx = {.format = FMT_TEXT, .argv0 = argv[0]};
	const struct cot_cmd *c;
	int rc;

	mem_hooks_install();
	i18n_init();
	ctx.lang = i18n_env_lang();
	i18n_save(&env_lang);
	follow_project(&ctx);
	cli_note_start_dir();
	rc = parse_globals(&ctx, argc, argv);
	if (ctx.lang_set)
		i18n_set_lang(ctx.lang);

	if (rc < 0 && !clock_env_ok())
		rc = cli_error(COT_USAGE,
			_("COT_NOW='%s' is not a time (seconds since the epoch, "
			  "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)"),
			getenv("COT_NOW"));
	if (rc >= 0)
		return check_stdout(rc);
	if (optind >= argc) {
		print_usage(stderr);
		return COT_USAGE;
	}
	c = cot_find_command(argv[optind]);
	if (!c) {
		const char *hint = closest_command(argv[optind]);
		if (hint)
			return cli_error(COT_USAGE,
				_("unknown command '%s'; did you mean '%s'? "
				  "See 'cot --help'"),
				argv[optind], hint);
		return cli_error(
			COT_USAGE, _("unknown command '%s'; see 'cot --help'"), argv[optind]);
	}
	rc = run_command(&ctx, c, argc - optind, argv + optind);
	return check_stdout(rc);
}
