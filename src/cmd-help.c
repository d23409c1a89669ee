/* cot help: the commands, their usage and options (also for completion tests). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/i18n.h"

static const struct option help_options[] = {
	{"commands", no_argument, NULL, 'c'},
	{"verbs", no_argument, NULL, 'b'},
	{"options", no_argument, NULL, 'o'},
	{NULL, 0, NULL, 0},
};

static void list_options(const struct cot_cmd *c)
{
	for (const struct option *o = c->longopts; o && o->name; o++)
		printf("--%s\n", o->name);
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

static int cmd_help(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	const struct cot_cmd *self = &cmd_help_entry, *c;
	int opt, mode = 0;

	while ((opt = cli_getopt(self, argc, argv)) != -1) {
		if (opt != 'c' && opt != 'b' && opt != 'o')
			return COT_USAGE;
		if (mode && mode != opt)
			return cli_usage_error(self, _("one of --commands, --verbs, --options"));
		mode = opt;
	}
	argc -= optind;
	argv += optind;
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
	.flags = CMD_TEXT_ONLY | CMD_NO_CRYPTO,
	.usage = "cot help [COMMAND [VERB]] | cot help --commands | cot help --verbs COMMAND | "
		 "cot help --options COMMAND [VERB]",
	.summary = N_("Show the help of cot, of a command or of a verb."),
	.help = N_("  --commands    list the command names, one per line\n"
		   "  --verbs       list a command's verbs (cert, whitelist), one per line\n"
		   "  --options     list a command's or verb's long options, one per line\n"),
};
