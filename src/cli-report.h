/* The options of the commands that write a report of findings: --format F and -o FILE. */
#ifndef COT_CLI_REPORT_H
#define COT_CLI_REPORT_H

#include "cot/cli.h"

/* Their values in a command's getopt table (CLI_REPORT_OPTIONS); 'o' is also a short option. */
enum { CLI_O_FORMAT = 0x1000, CLI_O_OUTPUT = 'o' };

/* The two entries of struct option for a command's longopts (needs <getopt.h>). */
/* clang-format off */
#define CLI_REPORT_OPTIONS \
	{"format", required_argument, NULL, CLI_O_FORMAT}, \
	{"output", required_argument, NULL, CLI_O_OUTPUT}
/* clang-format on */

struct cli_report_args {
	const char *output; /* -o FILE (borrowed from argv), or NULL for stdout */
	/*
	 * The command's own option opt, with its value arg (NULL when it takes none), into
	 * args. Returns COT_OK, or COT_USAGE after saying why.
	 */
	int (*take)(void *args, int opt, const char *arg);
	void *args;
};

/*
 * Reads the options of command c: --format into ctx->format (cli_set_format), -o into
 * ra->output, every other option of c's table through ra->take. Returns COT_OK with optind
 * at the first operand, or COT_USAGE once a message has been printed. The operands and the
 * formats c writes (cli_check_format) are the caller's to check.
 */
int cli_report_getopt(struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv,
	struct cli_report_args *ra);

#endif
