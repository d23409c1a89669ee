/* The option loop of the commands that write a report (cot lint, cot kmehr validate). */
#include <getopt.h>
#include "cot/exit.h"
#include "cli-report.h"

int cli_report_getopt(struct cot_ctx *ctx, const struct cot_cmd *c, int argc, char **argv,
	struct cli_report_args *ra)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		if (opt == '?')
			return COT_USAGE;
		if (opt == CLI_O_FORMAT) {
			if (cli_set_format(ctx, optarg))
				return COT_USAGE;
		} else if (opt == CLI_O_OUTPUT) {
			ra->output = optarg;
		} else if (ra->take(ra->args, opt, optarg)) {
			return COT_USAGE;
		}
	}
	return COT_OK;
}
