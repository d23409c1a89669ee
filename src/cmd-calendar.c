/* cot calendar: the project's deadlines as an iCalendar file, for the calendar people read. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/deadline.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/ical.h"
#include "cot/journal.h"

enum { O_OUTPUT = 'o' };

static const struct option calendar_options[] = {
	{"output", required_argument, NULL, O_OUTPUT},
	{NULL, 0, NULL, 0},
};

/* The deadlines at now, as iCalendar text in *out (the caller's). */
static int build(const struct project *p, time_t now, char **out, size_t *len, struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	struct deadline_list l = DEADLINE_LIST_INIT;
	int rc = project_journal_load(p, &j, err);

	if (!rc)
		rc = deadline_collect(p, &j, now, &l, err);
	if (!rc)
		rc = ical_write(&l, now, out, len, err);
	deadline_list_release(&l);
	journal_release(&j);
	return rc;
}

static int cmd_calendar(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct cot_err err = COT_ERR_INIT;
	const char *output = NULL;
	char *text = NULL;
	size_t len = 0;
	int opt, rc;

	while ((opt = cli_getopt(&cmd_calendar_entry, argc, argv)) != -1) {
		if (opt != O_OUTPUT)
			return COT_USAGE;
		output = optarg;
	}
	if (optind < argc)
		return cli_usage_error(
			&cmd_calendar_entry, _("unexpected argument '%s'"), argv[optind]);
	rc = build(p, clock_now(), &text, &len, &err);
	if (!rc && output)
		rc = fs_write_output(output, text, len, &err);
	else if (!rc)
		fwrite(text, 1, len, stdout);
	free(text);
	return rc ? cli_err(&err) : COT_OK;
}

const struct cot_cmd cmd_calendar_entry = {
	.name = "calendar",
	.fn = cmd_calendar,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "o:",
	.longopts = calendar_options,
	.usage = "cot calendar [-o FILE]",
	.summary = N_("Write the project's deadlines as an iCalendar file (RFC 5545)."),
	.help = N_("  -o, --output FILE write the calendar to FILE (atomically) instead of stdout\n"
		   "Each deadline is an all-day event with an alarm two weeks before; its UID\n"
		   "stays the same, so importing a newer calendar updates the events.\n"),
};
