/* cot log: list the journal, or verify its hash chain. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/jsonout.h"
#include "cot/journal.h"

enum { O_VERIFY = 256, O_FORMAT };

static const struct option log_options[] = {
	{"verify", no_argument, NULL, O_VERIFY},
	{"format", required_argument, NULL, O_FORMAT},
	{NULL, 0, NULL, 0},
};

static void print_data(json_t *data)
{
	const char *key;
	json_t *v;

	json_object_foreach(data, key, v)
	{
		if (json_is_string(v)) {
			printf("  %s=%s", key, json_string_value(v));
		} else {
			char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
			printf("  %s=%s", key, s ? s : "?");
			free(s);
		}
	}
}

static int print_log(const struct cot_ctx *ctx, const struct journal *j)
{
	if (ctx->format == FMT_JSON) {
		json_t *o = json_object(), *recs = json_array();
		struct cot_err err = COT_ERR_INIT;
		json_object_set_new(o, "schema", json_string("cot.log/1"));
		for (size_t i = 0; i < j->n; i++)
			json_array_append(recs, j->v[i].obj);
		json_object_set_new(o, "records", recs);
		return json_print(stdout, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &err)
			       ? cli_err(&err)
			       : COT_OK;
	}
	for (size_t i = 0; i < j->n; i++) {
		const struct jrec *r = &j->v[i];
		printf("%s%4lu%s  %s  %-8s %s", cli_color(ctx, C_DIM), r->seq,
			cli_color(ctx, C_RESET), r->time, r->event, r->actor);
		print_data(json_object_get(r->obj, "data"));
		putchar('\n');
	}
	if (j->n == 0)
		printf(_("the journal is empty\n"));
	return COT_OK;
}

static int verify(const struct cot_ctx *ctx, const struct project *p)
{
	struct cot_err err = COT_ERR_INIT;
	char *path = project_state_path(p, "journal"),
	     *head = project_state_path(p, "journal.head");
	unsigned long n = 0;
	int rc = journal_verify(path, head, &n, &err);

	if (rc && rc != COT_FINDINGS) {
		cli_err(&err);
	} else if (ctx->format == FMT_JSON) {
		json_t *o = json_pack("{s:s, s:b, s:I}", "schema", "cot.log-verify/1", "ok", !rc,
			"records", (json_int_t)n);
		struct cot_err perr = COT_ERR_INIT;
		if (rc)
			json_object_set_new(o, "error", json_string(err.msg));
		if (json_print(stdout, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER, &perr))
			rc = cli_err(&perr);
	} else if (rc) {
		printf(_("%sjournal verification failed:%s %s\n"), cli_color(ctx, C_RED),
			cli_color(ctx, C_RESET), err.msg);
	} else {
		cli_say(ctx,
			ngettext("journal intact: %lu record, chain and head verified\n",
				"journal intact: %lu records, chain and head verified\n", n),
			n);
	}
	free(path);
	free(head);
	return rc;
}

static int cmd_log(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	bool do_verify = false;
	int opt, rc;

	while ((opt = cli_getopt(&cmd_log_entry, argc, argv)) != -1) {
		if (opt == O_VERIFY)
			do_verify = true;
		else if (opt == O_FORMAT && !cli_set_format(ctx, optarg))
			continue;
		else
			return COT_USAGE;
	}
	if (optind < argc)
		return cli_usage_error(&cmd_log_entry, _("unexpected argument '%s'"), argv[optind]);
	if (cli_check_format(ctx, &cmd_log_entry))
		return COT_USAGE;
	if (do_verify)
		return verify(ctx, p);
	rc = project_journal_load(p, &j, &err);
	if (rc)
		return cli_err(&err);
	rc = print_log(ctx, &j);
	journal_release(&j);
	return rc;
}

const struct cot_cmd cmd_log_entry = {
	.name = "log",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON),
	.fn = cmd_log,
	.flags = CMD_NEEDS_PROJECT | CMD_NO_CRYPTO,
	.shortopts = "",
	.longopts = log_options,
	.usage = "cot log [--verify] [--format text|json]",
	.summary = N_("List the project's journal, or verify that nothing in it was changed."),
	.help = N_(
		"  --verify          recompute the hash chain; exit 1 naming the first bad record\n"
		"                    when a record was edited, removed or reordered\n"
		"  --format F        text (default) or json\n"),
};
