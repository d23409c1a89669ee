/* cot help: the commands, their usage and options (also for completion tests). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/procedure.h"
#include "cot/project.h"

static const struct option help_options[] = {
	{"commands", no_argument, NULL, 'c'},
	{"verbs", no_argument, NULL, 'b'},
	{"options", no_argument, NULL, 'o'},
	{"complete", no_argument, NULL, 'x'},
	{"describe", no_argument, NULL, 'd'},
	{"steps", no_argument, NULL, 's'},
	{NULL, 0, NULL, 0},
};

static void list_options(const struct cot_cmd *c)
{
	for (const struct option *o = c->longopts; o && o->name; o++)
		printf("--%s\n", o->name);
}

/* The option spelt arg ("--lang", "-C"; no "=value") of opts/shortopts: its has_arg, or -1. */
static int option_arg(const struct option *opts, const char *shortopts, const char *arg)
{
	const char *p;

	if (arg[0] != '-' || !arg[1] || strchr(arg, '='))
		return -1;
	if (arg[1] != '-') {
		p = shortopts && !arg[2] && arg[1] != ':' ? strchr(shortopts, arg[1]) : NULL;
		return p ? (p[1] == ':' ? required_argument : no_argument) : -1;
	}
	for (const struct option *o = opts; o && o->name; o++)
		if (strcmp(o->name, arg + 2) == 0)
			return o->has_arg;
	return -1;
}

static bool describe; /* --describe: "word<TAB>description" lines for zsh and fish */

/* desc on one line: controls become spaces; dropped when not plain text (bidi …). */
static void print_description(const char *desc)
{
	char line[512];
	size_t n = 0;

	for (; *desc && n < sizeof(line) - 1; desc++)
		line[n++] = (unsigned char)*desc < 0x20 || *desc == 0x7f ? ' ' : *desc;
	while (n && line[n - 1] == ' ')
		n--;
	line[n] = '\0';
	if (n && cli_text_ok(line))
		printf("\t%s", line);
}

/* word (after prefix, "--format=") when it starts with cur; desc only with --describe. */
static void offer_as(const char *prefix, const char *word, const char *cur, const char *desc)
{
	if (strncmp(word, cur, strlen(cur)) != 0)
		return;
	printf("%s%s", prefix, word);
	if (describe && desc)
		print_description(desc);
	putchar('\n');
}

/* Where option name stands as a word in the option column of line [p, end), or NULL. */
static const char *option_in(const char *p, const char *end, const char *name)
{
	size_t len = strlen(name);

	for (const char *at = p; (at = strstr(at, name)) && at + len <= end; at++)
		if ((at == p || at[-1] == ' ') && strchr(" ,=\n", at[len]))
			return at;
	return NULL;
}

/*
 * The description of option name ("-o", "--output"; with_arg: it takes a value) in a
 * --help table: the text after it on its line, in out; NULL when help has no line for it.
 */
static const char *option_description(
	const char *help, const char *name, bool with_arg, char *out, size_t size)
{
	for (const char *l = help; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] == '\n')) {
		const char *end = l + strcspn(l, "\n"), *p;
		if (strncmp(l, "  -", 3) != 0 || !(p = option_in(l + 2, end, name)))
			continue;
		p += strlen(name);
		if (*p == ',') /* "-o, --output" */
			p += 1 + strspn(p + 1, " "), p += strcspn(p, " \n");
		if (with_arg && *p == ' ') /* its value: "FILE" */
			p += 1 + strcspn(p + 1, " \n");
		p += strspn(p, " ");
		if (p >= end)
			return NULL;
		snprintf(out, size, "%.*s", (int)(end - p), p);
		return out;
	}
	return NULL;
}

static void offer_options(const struct cot_cmd *c, const char *cur)
{
	const struct option *opts = c->longopts;
	const char *help = c->help && c->help[0] ? _(c->help) : "", *pw = cli_password_help();
	char name[64], desc[256];

	for (const char *s = c->shortopts; s && *s; s++)
		if (*s != ':' && snprintf(name, sizeof(name), "-%c", *s) > 0)
			offer_as("", name, cur,
				option_description(help, name, s[1] == ':', desc, sizeof(desc)));
	for (const struct option *o = opts; o && o->name; o++) {
		bool with_arg = o->has_arg != no_argument;
		const char *d;
		if (snprintf(name, sizeof(name), "--%s", o->name) >= (int)sizeof(name))
			continue;
		d = option_description(help, name, with_arg, desc, sizeof(desc));
		if (!d)
			d = option_description(pw, name, with_arg, desc, sizeof(desc));
		offer_as("", name, cur, d);
	}
	offer_as("", "--help", cur, _("show this help"));
}

/* The global options (before the command), described as in 'cot --help'. */
static void offer_global_options(const char *cur)
{
	const char *shortopts, *help = cot_global_options_help();
	const struct option *opts = cot_global_options(&shortopts);
	char name[64], desc[256];

	for (const char *s = shortopts; s && *s; s++)
		if (*s != ':' && snprintf(name, sizeof(name), "-%c", *s) > 0)
			offer_as("", name, cur,
				option_description(help, name, s[1] == ':', desc, sizeof(desc)));
	for (const struct option *o = opts; o && o->name; o++)
		if (snprintf(name, sizeof(name), "--%s", o->name) < (int)sizeof(name))
			offer_as("", name, cur,
				option_description(
					help, name, o->has_arg != no_argument, desc, sizeof(desc)));
}

/*
 * For completion of 'cot done': the steps of the project's route or, for a vendor's
 * project, of the vendor procedure (of the project around the current directory), else
 * of both routes and the vendor's; one per line, with its title when described.
 */
static void list_steps(const char *cur)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *root = NULL;
	bool in_project = !project_find(NULL, &root, &err) && !project_open(NULL, &p, &d, &err);
	const struct step_def *const *steps;
	int n;

	if (in_project && p.cfg.kind == KIND_VENDOR) {
		steps = procedure_steps(p.cfg.route, p.cfg.kind, &n);
		for (int i = 0; i < n; i++)
			offer_as("", steps[i]->id, cur, _(steps[i]->title));
		goto out;
	}
	for (int r = ROUTE_VITALINK; r <= ROUTE_DIRECT; r++) {
		if (in_project && r != (int)p.cfg.route)
			continue;
		steps = route_steps((enum route)r, &n);
		for (int i = 0; i < n; i++)
			if (in_project || r == ROUTE_VITALINK ||
				step_index(ROUTE_VITALINK, steps[i]->id) < 0)
				offer_as("", steps[i]->id, cur, _(steps[i]->title));
	}
	steps = procedure_steps(ROUTE_DIRECT, KIND_VENDOR, &n);
	for (int i = 0; !in_project && i < n; i++)
		if (step_index(ROUTE_VITALINK, steps[i]->id) < 0 &&
			step_index(ROUTE_DIRECT, steps[i]->id) < 0)
			offer_as("", steps[i]->id, cur, _(steps[i]->title));
out:
	free(root);
	diag_list_release(&d);
	project_release(&p);
}

/* The command or verb that the operands name ("cert" or "cert import"). */
static const struct cot_cmd *named(int argc, char **argv)
{
	const struct cot_cmd *c = cot_find_command(argv[0]);

	if (!c) {
		cli_error(COT_USAGE, _("unknown command '%s'; see 'cot --help'"), argv[0]);
		return NULL;
	}
	if (argc == 1)
		return c;
	if (argc == 2 && c->verbs && cot_find_verb(c, argv[1]))
		return cot_find_verb(c, argv[1]);
	cli_usage_error(&cmd_help_entry, _("'cot %s' has no verb '%s'"), argv[0], argv[1]);
	return NULL;
}

/*
 * The values of option opt ("--lang") of command c (NULL: a global option), each after
 * prefix ("--lang=" for "--lang=VALUE", else ""), or a directive for the shell: @dirs, @files.
 */
static void offer_values(
	const struct cot_cmd *c, const char *opt, const char *prefix, const char *cur)
{
	static const char *const values[][2] = {{"--color", "auto always never"},
		{"--lang", "nl fr en"}, {"--route", "vitalink direct"},
		{"--kind", "organisation vendor"}};
	char words[128], *w, *save;

	if (strcmp(opt, "-C") == 0) {
		puts("@dirs");
		return;
	}
	if (strcmp(opt, "--format") == 0) {
		for (int f = FMT_TEXT; f <= FMT_ETSI; f++)
			if (!c || (c->formats & FMT_BIT(f)))
				offer_as(prefix, cli_format_name((enum out_format)f), cur, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		if (strcmp(opt, values[i][0]) != 0)
			continue;
		snprintf(words, sizeof(words), "%s", values[i][1]);
		for (w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
			offer_as(prefix, w, cur, NULL);
		return;
	}
	puts("@files");
}

/* cur is "--opt=VALUE" of an option of c (or a global one) that takes a value: offers them. */
static bool offer_inline_values(const struct cot_cmd *c, const char *cur)
{
	const char *gshort, *eq = strchr(cur, '=');
	const struct option *gopts = cot_global_options(&gshort);
	char opt[64], prefix[72];
	int arg;

	if (strncmp(cur, "--", 2) != 0 || !eq || (size_t)(eq - cur) >= sizeof(opt))
		return false;
	snprintf(opt, sizeof(opt), "%.*s", (int)(eq - cur), cur);
	arg = c ? option_arg(c->longopts, c->shortopts, opt) : -1;
	if (arg < 0) /* a global option, before or after the command (--format: c's) */
		arg = option_arg(gopts, gshort, opt);
	if (arg != required_argument)
		return false;
	snprintf(prefix, sizeof(prefix), "%s=", opt);
	offer_values(c, opt, prefix, eq + 1);
	return true;
}

/*
 * Shell completion: words are the words after "cot", the last one the word being
 * completed (maybe empty). Prints the candidates that start with it, one per line,
 * or @files / @dirs for the shell to complete paths.
 */
static int complete(int n, char **words)
{
	const struct cot_cmd *cmd = NULL, *verb = NULL, *c;
	const char *gshort, *cur = n ? words[n - 1] : "", *prev = n > 1 ? words[n - 2] : "";
	const struct option *gopts = cot_global_options(&gshort);
	const char *dir = NULL;
	int nops = 0, arg;

	for (int i = 0; i < n - 1; i++) {
		c = verb ? verb : cmd;
		arg = option_arg(c ? c->longopts : gopts, c ? c->shortopts : gshort, words[i]);
		if (arg < 0 && c)
			arg = option_arg(gopts, gshort, words[i]);
		if (arg == required_argument && strcmp(words[i], "-C") == 0 && i + 1 < n - 1)
			dir = words[i + 1];
		if (arg >= 0 || (words[i][0] == '-' && words[i][1])) {
			i += arg == required_argument;
			continue;
		}
		if (!cmd) {
			if (!(cmd = cot_find_command(words[i])))
				return COT_OK;
		} else if (cmd->verbs && !verb) {
			if (!(verb = cot_find_verb(cmd, words[i])))
				return COT_OK;
		} else {
			nops++;
		}
	}
	c = verb ? verb : cmd;
	arg = option_arg(c ? c->longopts : gopts, c ? c->shortopts : gshort, prev);
	if (arg < 0 && c)
		arg = option_arg(gopts, gshort, prev);
	if (arg == required_argument) {
		offer_values(c, prev, "", cur);
	} else if (offer_inline_values(c, cur)) {
		return COT_OK;
	} else if (cur[0] == '-') {
		if (c)
			offer_options(c, cur);
		else
			offer_global_options(cur);
	} else if (!cmd || cmd == &cmd_help_entry) {
		for (size_t i = 0; cot_commands[i]; i++)
			offer_as("", cot_commands[i]->name, cur, _(cot_commands[i]->summary));
	} else if (cmd->verbs && !verb) {
		for (size_t i = 0; cmd->verbs[i]; i++)
			offer_as("", cmd->verbs[i]->name, cur, _(cmd->verbs[i]->summary));
	} else if (cmd == &cmd_done_entry) {
		if (!nops && (!dir || chdir(dir) == 0))
			list_steps(cur);
	} else {
		puts(cmd == &cmd_init_entry || cmd == &cmd_demo_entry ? "@dirs" : "@files");
	}
	return COT_OK;
}

static int cmd_help(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	const struct cot_cmd *self = &cmd_help_entry, *c;
	int opt, mode = 0;

	while ((opt = cli_getopt(self, argc, argv)) != -1) {
		if (opt == 'd') {
			describe = true;
			continue;
		}
		if (!strchr("cboxs", opt))
			return COT_USAGE;
		if (mode && mode != opt)
			return cli_usage_error(self, _("one of --commands, --verbs, --options, "
						       "--complete, --steps"));
		mode = opt;
	}
	argc -= optind;
	argv += optind;
	if (describe && mode != 'x')
		return cli_usage_error(self, _("--describe goes with --complete"));
	if (mode == 's' && argc)
		return cli_usage_error(self, _("--steps takes no operand"));
	if (mode == 's') {
		list_steps("");
		return COT_OK;
	}
	if (mode == 'x')
		return complete(argc, argv);
	if (mode == 'c' || (!mode && argc == 0)) {
		if (argc)
			return cli_usage_error(self, _("--commands takes no operand"));
		if (!mode) {
			/* in the language spoken now, which cot_main would read again */
			char *args[] = {
				"cot", "--lang", (char *)lang_name(i18n_lang()), "--help", NULL};
			return cot_main(4, args);
		}
		for (size_t i = 0; cot_commands[i]; i++)
			printf("%s\n", cot_commands[i]->name);
		return COT_OK;
	}
	if (argc == 0 || argc > 2)
		return cli_usage_error(self, _("name a command (and a verb)"));
	if (!(c = named(argc, argv)))
		return COT_USAGE;
	if (mode == 'b') {
		for (size_t i = 0; c->verbs && c->verbs[i]; i++)
			printf("%s\n", c->verbs[i]->name);
	} else if (mode == 'o') {
		list_options(c);

	} else {
		cmd_print_help(stdout, c);
	}
	return COT_OK;
}

const struct cot_cmd cmd_help_entry = {
	.name = "help",
	.fn = cmd_help,
	.shortopts = "",
	.longopts = help_options,
	.flags = CMD_NO_CRYPTO,
	.formats = FMT_TEXT_ONLY,
	.usage =
		"cot help [COMMAND [VERB]] | cot help --commands | cot help --verbs COMMAND | "
		"cot help --options COMMAND [VERB] | cot help --complete [--describe] -- WORD... | "
		"cot help --steps",
	.summary = N_("Show the help of cot, of a command or of a verb."),
	.help = N_("  --commands    list the command names, one per line\n"
		   "  --verbs       list a command's verbs (cert, whitelist), one per line\n"
		   "  --options     list a command's or verb's long options, one per line\n"
		   "  --complete    for shell completion: what may follow the words after 'cot',\n"
		   "                the last one being completed ('@files', '@dirs': paths)\n"
		   "  --describe    with --complete: 'word<TAB>description' where there is one\n"
		   "  --steps       the steps of the project's route (of both routes outside a\n"
		   "                project), one per line\n"),
};
