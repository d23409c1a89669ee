/* cot help: the commands, their usage and options (also for completion tests). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "cot/cli.h"

static const struct option help_options[] = {
	{"commands", no_argument, NULL, 'c'},
	{"options", no_argument, NULL, 'o'},
	{NULL, 0, NULL, 0},
};

static void list_options(const struct cot_cmd *c)
{
	for (const struct option *o = c->longopts; o && o->name; o++)
		printf("--%s\n", o->name);
}

static int cmd_help(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	const struct cot_cmd *self = &cmd_help_entry, *c;
	bool commands = false, options = false;
	int opt;

	while ((opt = cli_getopt(self, argc, argv)) != -1) {
		switch (opt) {
		case 'c':
			commands = true;
			break;
		case 'o':
			options = true;
			break;
		default:
			return COT_USAGE;
		}
	}
	if (commands) {
		for (size_t i = 0; cot_commands[i]; i++)
			printf("%s\n", cot_commands[i]->name);
		return COT_OK;
	}
	if (optind >= argc) {
		char *args[] = {"cot", "--help", NULL};
		return cot_main(2, args);
	}
	if (optind + 1 < argc)
		return cli_usage_error(self, "one command at a time");
	c = cot_find_command(argv[optind]);
	if (!c)
		return cli_error(COT_USAGE, "unknown command '%s'; see 'cot --help'", argv[optind]);
	if (options)
		list_options(c);
	else
		cmd_print_help(stdout, c);
	return COT_OK;
}

const struct cot_cmd cmd_help_entry = {
	.name = "help",
	.fn = cmd_help,
	.shortopts = "",
	.longopts = help_options,
	.usage = "cot help [COMMAND] | cot help --commands | cot help --options COMMAND",
	.summary = "Show the help of cot or of a command.",
	.help = "  --commands    list the command names, one per line\n"
		"  --options     list a command's long options, one per line\n",
};
