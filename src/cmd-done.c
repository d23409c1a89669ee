/* cot done: record a step of the procedure that happened outside cot, or revoke one. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/clock.h"
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/countersign.h"
#include "cot/fsutil.h"
#include "cot/procedure.h"

enum { O_DATE = 256, O_REF, O_FILE, O_NOTE, O_REVOKE };

static const struct option done_options[] = {
	{"date", required_argument, NULL, O_DATE},
	{"ref", required_argument, NULL, O_REF},
	{"file", required_argument, NULL, O_FILE},
	{"note", required_argument, NULL, O_NOTE},
	{"revoke", no_argument, NULL, O_REVOKE},
	{NULL, 0, NULL, 0},
};

struct done_args {
	const char *step, *date, *ref, *file, *note;
	bool revoke;
};

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct done_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_DATE:
			a->date = optarg;
			break;
		case O_REF:
			a->ref = optarg;
			break;
		case O_FILE:
			a->file = optarg;
			break;
		case O_NOTE:
			a->note = optarg;
			break;
		case O_REVOKE:
			a->revoke = true;
			break;
		default:
			return COT_USAGE;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(
			c, argc == optind ? _("which step?") : _("one step at a time"));
	a->step = argv[optind];
	if ((a->ref && !cli_text_ok(a->ref)) || (a->note && !cli_text_ok(a->note)))
		return cli_error(COT_USAGE,
			_("--ref and --note take UTF-8 text without control characters"));
	if (a->revoke && (!a->note || !a->note[0]))
		return cli_usage_error(c, _("--revoke needs --note WHY"));
	if (a->revoke && (a->date || a->ref || a->file))
		return cli_usage_error(c, _("--revoke takes only --note"));
	if (a->date && !date_parse(a->date, &(time_t){0}))
		return cli_error(COT_USAGE, _("'%s' is not a date (YYYY-MM-DD)"), a->date);
	return COT_OK;
}

/*
 * The command that records step after checking what it stands for, or NULL:
 * such a step is never recorded by hand, only revoked. (cert-received,
 * submitted and whitelisted may happen outside cot, so they stay allowed.)
 */
static const char *checked_by(const char *step)
{
	return strcmp(step, "checklist-complete") == 0 ? "cot check --record" : NULL;
}

/* Adds the file, inside the project, with its SHA-256, to data. */
static int add_file(const struct project *p, const char *file, json_t *data)
{
	struct cot_err err = COT_ERR_INIT;
	char *abs = NULL, *rel = NULL, *full = NULL, hex[65];
	int rc;

	abs = realpath(file, NULL);
	if (!abs)
		return cli_error(COT_USAGE, _("cannot use --file '%s': %s"), file,
			_("no such file (give a path to a file inside the project)"));
	rc = path_inside(p->root, abs, &rel, &err);
	if (!rc) {
		full = path_join(p->root, rel);
		rc = fs_sha256(full, hex, &err);
	}
	if (rc) {
		cli_error(rc, _("cannot use --file '%s': %s"), file, err.msg);
	} else {
		json_object_set_new(data, "file", json_string(rel));
		json_object_set_new(data, "sha256", json_string(hex));
	}
	free(abs);
	free(rel);
	free(full);
	return rc;
}

/* A zip archive by its first bytes: an ASiC-E container to check. */
static bool is_container(const char *file)
{
	unsigned char head[4] = {0};
	FILE *f = fopen(file, "rb");
	bool zip = f && fread(head, 1, sizeof(head), f) == sizeof(head) &&
		   memcmp(head, "PK\3\4", 4) == 0;

	if (f)
		fclose(f);
	return zip;
}

/*
 * contract-returned --file, and fod-validated with a container: the FOD's
 * countersignature of the submitted bundle, checked before anything is recorded.
 */
static bool needs_countersign(const char *step, const char *file)
{
	return strcmp(step, "contract-returned") == 0 ||
	       (strcmp(step, "fod-validated") == 0 && is_container(file));
}

static int check_returned(
	const struct cot_ctx *ctx, const struct project *p, const char *file, json_t *data)
{
	struct cot_err err = COT_ERR_INIT;
	struct countersign_check r;
	int rc = countersign_check(p, file, clock_now(), &r, &err);

	if (rc == COT_FINDINGS)
		return cli_error(rc,
			_("'%s' is not the FOD's countersignature of the submitted bundle: "
			  "%s"),
			file, err.msg);
	if (rc)
		return cli_err(&err);
	json_object_set_new(data, "signer", json_string(r.signer));
	json_object_set_new(data, "countersigns", json_string(r.submitted));
	cli_info(ctx, _("'%s': %s, countersigned by %s"), file, r.verdict, r.signer);
	return COT_OK;
}

static int cmd_done(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct done_args a = {0};
	struct cot_err err = COT_ERR_INIT;
	json_t *data = NULL;
	char today[11];
	int rc;

	if ((rc = parse_args(&cmd_done_entry, argc, argv, &a)))
		return rc;
	if (a.revoke) {
		rc = procedure_revoke(p, a.step, a.note, &err);
		if (rc)
			return cli_err(&err);
		cli_say(ctx, _("Revoked '%s': %s\n"), a.step, a.note);
		return COT_OK;
	}
	if (procedure_step_index(p->cfg.route, p->cfg.kind, a.step) >= 0 && checked_by(a.step))
		return cli_error(COT_USAGE,
			_("'%s' is recorded by '%s', which checks it first; "
			  "'cot done' can only revoke it (--revoke --note WHY)"),
			a.step, checked_by(a.step));
	date_format(clock_now(), today);
	data = json_object();
	if (a.ref)
		json_object_set_new(data, "ref", json_string(a.ref));
	if (a.note)
		json_object_set_new(data, "note", json_string(a.note));
	if (a.file && ((rc = add_file(p, a.file, data)) ||
			      (needs_countersign(a.step, a.file) &&
				      (rc = check_returned(ctx, p, a.file, data))))) {
		json_decref(data);
		return rc;
	}
	rc = procedure_record(p, a.step, a.date ? a.date : today, data, &err);
	if (rc)
		return cli_err(&err);
	cli_say(ctx, _("Recorded '%s' on %s\n"), a.step, a.date ? a.date : today);
	return COT_OK;
}

const struct cot_cmd cmd_done_entry = {
	.name = "done",
	.fn = cmd_done,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = done_options,
	.usage = "cot done STEP [--date YYYY-MM-DD] [--ref TEXT] [--file PATH] [--note TEXT] | "
		 "cot done STEP --revoke --note WHY",
	.summary = N_("Record a step of the procedure, or revoke a mistaken record."),
	.help = N_(
		"  STEP              a step of the project's route; checklist-complete is\n"
		"                    recorded by 'cot check --record' (here only revoked)\n"
		"  --date D          the day it happened (default today; not in the future,\n"
		"                    not before the step it follows)\n"
		"  --ref TEXT        a reference: mail subject, ticket, letter number\n"
		"  --file PATH       a document inside the project that proves it (its SHA-256\n"
		"                    is recorded); for contract-returned (and fod-validated with\n"
		"                    a container) the FOD's countersigned container, checked\n"
		"                    against the submitted bundle and cot.yaml's authority trust\n"
		"  --note TEXT       a remark\n"
		"  --revoke          record that the step is not done after all (needs --note);\n"
		"                    history is never edited\n"),
};
