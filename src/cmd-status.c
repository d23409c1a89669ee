/* cot status: where the procedure stands and what to do next, from the journal. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/bundle.h"
#include "cot/certstore.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/procedure.h"
#include "cot/submit.h"
#include "cot/whitelist.h"

#define TYPICAL_MAX_DAYS 183 /* the procedure typically takes 3 to 6 months */

enum { O_FORMAT = 256 };

static const struct option status_options[] = {
	{"format", required_argument, NULL, O_FORMAT},
	{NULL, 0, NULL, 0},
};

struct elapsed {
	bool started;
	long days;
	double months; /* to one decimal */
	bool overdue;
};

static void compute_elapsed(const struct procedure *pr, time_t now, struct elapsed *e)
{
	time_t t;

	memset(e, 0, sizeof(*e));
	if (!pr->started[0] || !date_parse(pr->started, &t))
		return;
	e->started = true;
	e->days = days_between(t, now);
	/* Rounded to a tenth once, so that the text and the JSON show the same number. */
	e->months = (double)((e->days * 1000 + (e->days < 0 ? -1522 : 1522)) / 3044) / 10;
	e->overdue = pr->next < pr->nsteps && e->days > TYPICAL_MAX_DAYS;
}

static json_t *status_json(
	const struct project *p, const struct procedure *pr, const struct elapsed *e, enum lang l)
{
	json_t *steps = json_array(), *o;

	for (int i = 0; i < pr->nsteps; i++) {
		const struct step_state *s = &pr->steps[i];
		json_t *js = json_pack("{s:s, s:s, s:b}", "id", s->def->id, "title",
			_(s->def->title), "done", s->done);
		if (s->done) {
			json_object_set_new(js, "date", json_string(s->date));
			if (s->ref)
				json_object_set_new(js, "ref", json_string(s->ref));
			if (s->file)
				json_object_set_new(js, "file", json_string(s->file));
		}
		json_array_append_new(steps, js);
	}
	o = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:s}, s:o}", "schema", "cot.status/1",
		"organisation", "name", p->cfg.name, "kbo", p->cfg.kbo, "nihii", p->cfg.nihii,
		"kind", kind_name(p->cfg.kind), "route", route_name(p->cfg.route), "lang",
		lang_name(l), "steps", steps);
	json_object_set_new(o, "complete", json_boolean(pr->next == pr->nsteps));
	if (pr->next < pr->nsteps)
		json_object_set_new(o, "next",
			json_pack("{s:s, s:s}", "step", pr->steps[pr->next].def->id, "action",
				_(pr->steps[pr->next].def->todo)));
	else
		json_object_set_new(o, "next", json_null());
	if (e->started)
		json_object_set_new(o, "elapsed",
			json_pack("{s:s, s:I, s:f, s:b}", "since", pr->started, "days",
				(json_int_t)e->days, "months", e->months, "overdue", e->overdue));
	else
		json_object_set_new(o, "elapsed", json_null());
	return o;
}

/* A label of the status ("Next:", "Certificate:"), in bold, and a space. */
static void label(const struct cot_ctx *ctx, const char *text)
{
	printf("%s%s%s ", cli_color(ctx, C_BOLD), text, cli_color(ctx, C_RESET));
}

static void print_steps(const struct cot_ctx *ctx, const struct procedure *pr)
{
	for (int i = 0; i < pr->nsteps; i++) {
		const struct step_state *s = &pr->steps[i];
		const char *mark = s->done ? "[x]" : i == pr->next ? "-->" : "[ ]";
		const char *color = s->done ? C_GREEN : i == pr->next ? C_BOLD : C_DIM;
		printf("  %s%s %-27s %-10s %s%s", cli_color(ctx, color), mark, s->def->id,
			s->done ? s->date : "", _(s->def->title), cli_color(ctx, C_RESET));
		/* TRANSLATORS: the reference recorded with a step (cot done --ref). */
		if (s->ref)
			printf(_(" (ref %s)"), cli_shown(s->ref));
		if (s->file)
			printf(" [%s]", cli_shown(s->file));
		putchar('\n');
	}
}

/* "Elapsed: 40 days (1.3 months) since 2026-01-05; typically 3 to 6 months". */
static void print_elapsed(
	const struct cot_ctx *ctx, const struct procedure *pr, const struct elapsed *e)
{
	char days[64], months[64], num[32];

	if (!e->started) {
		puts(_("Elapsed: not started (the procedure typically takes 3 to 6 months)"));
		return;
	}
	snprintf(days, sizeof(days), ngettext("%ld day", "%ld days", (unsigned long)labs(e->days)),
		e->days);
	/* TRANSLATORS: a number of months with one decimal ("4.3 months"), always plural. */
	snprintf(months, sizeof(months), _("%s months"),
		i18n_decimal(num, sizeof(num), e->months, 1));
	/* TRANSLATORS: "Elapsed: 40 days (1.3 months) since 2026-01-05; typically 3 to 6 months".
	 */
	printf(_("Elapsed: %s (%s) since %s; typically 3 to 6 months"), days, months, pr->started);
	if (e->overdue)
		printf("%s%s%s", cli_color(ctx, C_YELLOW), _(" - longer than usual"),
			cli_color(ctx, C_RESET));
	putchar('\n');
}

static void print_text(const struct cot_ctx *ctx, const struct project *p,
	const struct procedure *pr, const struct elapsed *e)
{
	char kbo[16];

	kbo_format(p->cfg.kbo, kbo, sizeof(kbo));
	printf("%s%s%s  ", cli_color(ctx, C_BOLD), cli_shown(p->cfg.name), cli_color(ctx, C_RESET));
	/* TRANSLATORS: the organisation's KBO number (BCE in French) */
	printf(_("KBO %s"), kbo);
	if (p->cfg.nihii[0]) {
		fputs("  ", stdout);
		/* TRANSLATORS: the organisation's NIHII number (RIZIV in Dutch, INAMI in French) */
		printf(_("NIHII %s"), p->cfg.nihii);
	}
	putchar('\n');
	/* TRANSLATORS: "route direct, organisation, language nl": the values stay as in cot.yaml.
	 */
	printf(_("route %s, %s, language %s"), route_name(p->cfg.route), kind_name(p->cfg.kind),
		lang_name(ctx->lang));
	fputs("\n\n", stdout);
	print_steps(ctx, pr);
	putchar('\n');
	label(ctx, C_("status", "Next:"));
	printf("%s\n",
		pr->next < pr->nsteps ? _(pr->steps[pr->next].def->todo) : procedure_done_text());
	print_elapsed(ctx, pr, e);
}

/* The certificate (cot cert): null until one is imported. */
static json_t *cert_json(const struct cert_summary *s, enum lang l)
{
	char advice[1024], *file;
	json_t *o;

	if (!s->cur.found)
		return json_null();
	certstore_advice(s, l, advice, sizeof(advice));
	file = certstore_relpath(s->cur.sha256);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "state", cert_state_name(s->state), "sha256",
		s->cur.sha256, "file", file ? file : "", "received", s->cur.date, "advice", advice);
	free(file);
	if (s->state == CERT_STATE_UNREADABLE)
		return o;
	json_object_set_new(o, "identifier", json_string(s->identifier));
	json_object_set_new(o, "organisation", json_string(s->name));
	json_object_set_new(o, "not_after", json_string(s->not_after_date));
	json_object_set_new(o, "days_left", json_integer(s->days_left));
	json_object_set_new(o, "renewal_opens", json_string(s->renewal_opens));
	json_object_set_new(o, "renewal_requested",
		s->cur.renewal_requested ? json_string(s->cur.renewal_date) : json_null());
	return o;
}

static void print_cert(const struct cot_ctx *ctx, const struct cert_summary *s, enum lang l)
{
	const char *color = s->state == CERT_STATE_VALID     ? ""
			    : s->state == CERT_STATE_RENEW   ? C_YELLOW
			    : s->state >= CERT_STATE_EXPIRED ? C_RED
							     : "";
	char advice[1024];

	certstore_advice(s, l, advice, sizeof(advice));
	/* TRANSLATORS: the labels of cot status end in a colon (French: " :"). */
	label(ctx, C_("status", "Certificate:"));
	if (s->identifier[0])
		printf("%s%s%s, ", cli_shown(s->identifier), s->name[0] ? " " : "",
			cli_shown(s->name));
	printf("%s%s%s\n", cli_color(ctx, color), advice, cli_color(ctx, *color ? C_RESET : ""));
}

/* The last whitelist check (cot whitelist check), as it was kept: null until one was made. */
static void print_whitelist(const struct cot_ctx *ctx, json_t *last)
{
	const char *since = json_string_value(json_object_get(last, "since"));
	const char *checked = json_string_value(json_object_get(last, "checked"));
	const char *source = json_string_value(json_object_get(last, "source"));
	bool listed = json_is_true(json_object_get(last, "listed"));
	bool cached = json_is_true(json_object_get(last, "from_cache"));
	bool verified = json_is_true(json_object_get(last, "verified"));

	label(ctx, C_("status", "Whitelist:"));
	if (!last) {
		puts(_("not checked yet ('cot whitelist check' looks it up)"));
		return;
	}
	if (listed) {
		fputs(cli_color(ctx, C_GREEN), stdout);
		printf(_("listed since %s"), since ? since : "?");
		fputs(cli_color(ctx, C_RESET), stdout);
	} else {
		fputs(_("not listed"), stdout);
	}
	checked = checked ? checked : "?";
	source = source ? source : "?";
	/* TRANSLATORS: when the whitelist was checked and where it came from (a URL or file). */
	if (cached && verified)
		printf(_(" (checked %s from %s, the cached copy, signature verified)"), checked,
			source);
	else if (cached)
		printf(_(" (checked %s from %s, the cached copy)"), checked, source);
	else if (verified)
		printf(_(" (checked %s from %s, signature verified)"), checked, source);
	else
		printf(_(" (checked %s from %s)"), checked, source);
	putchar('\n');
}

/* The checklist as cot check judges it, without its findings; or why it cannot be judged. */
static json_t *checklist_json(const struct project *p)
{
	struct checklist_summary s;

	checklist_summarise(p, clock_now(), &s);
	if (s.problem[0])
		return json_pack("{s:s, s:s}", "file", s.file, "problem", s.problem);
	return json_pack("{s:s, s:s, s:I, s:i, s:i, s:i, s:i, s:i, s:i, s:b, s:b}", "file", s.file,
		"requirements", s.set, "applicable", (json_int_t)s.applicable, "answered",
		(int)s.answered, "compliant", (int)s.n[RS_COMPLIANT], "not_applicable",
		(int)s.n[RS_NA], "waived", (int)s.n[RS_WAIVED], "errors", (int)s.errors, "warnings",
		(int)s.warnings, "ready", s.ready, "required",
		step_index(p->cfg.route, "checklist-complete") >= 0);
}

static void print_checklist(const struct cot_ctx *ctx, const struct project *p)
{
	struct checklist_summary s;

	checklist_summarise(p, clock_now(), &s);
	label(ctx, C_("status", "Checklist:"));
	if (s.problem[0]) {
		printf("%s%s%s", cli_color(ctx, C_YELLOW), cli_shown(s.problem),
			cli_color(ctx, C_RESET));
		puts(_("; see 'cot check'"));
		return;
	}
	/* TRANSLATORS: requirements answered of those that apply: "3 of 40 answered". */
	printf(ngettext("%u of %zu answered", "%u of %zu answered", s.answered), s.answered,
		s.applicable);
	fputs(", ", stdout);
	printf(ngettext("%u compliant", "%u compliant", s.n[RS_COMPLIANT]), s.n[RS_COMPLIANT]);
	if (s.n[RS_NA]) {
		fputs(", ", stdout);
		printf(ngettext("%u not applicable", "%u not applicable", s.n[RS_NA]), s.n[RS_NA]);
	}
	if (s.n[RS_WAIVED]) {
		fputs(", ", stdout);
		printf(ngettext("%u with an accepted risk", "%u with an accepted risk",
			       s.n[RS_WAIVED]),
			s.n[RS_WAIVED]);
	}
	/* TRANSLATORS: the %s around the words switch a colour on and off. */
	if (step_index(p->cfg.route, "checklist-complete") < 0)
		printf(_("; route %s does not submit it"), route_name(p->cfg.route));
	else if (s.ready)
		printf(_("; %sready for submission%s"), cli_color(ctx, C_GREEN),
			cli_color(ctx, C_RESET));
	else
		printf(ngettext("; %snot ready%s: %u error ('cot check' lists it)",
			       "; %snot ready%s: %u errors ('cot check' lists them)", s.errors),
			cli_color(ctx, C_YELLOW), cli_color(ctx, C_RESET), s.errors);
	putchar('\n');
}

/* The last bundle (cot bundle): path, digest, when; null until one is built. */
static json_t *bundle_json(const struct journal *j)
{
	const struct jrec *r = bundle_last(j);
	json_t *data = r ? json_object_get(r->obj, "data") : NULL;

	if (!data)
		return json_null();
	data = json_deep_copy(data);
	json_object_set_new(data, "recorded", json_string(r->time));
	return data;
}

static void print_bundle(
	const struct cot_ctx *ctx, const struct project *p, const struct journal *j)
{
	const struct jrec *r = bundle_last(j);
	json_t *d = r ? json_object_get(r->obj, "data") : NULL;
	const char *path = json_string_value(json_object_get(d, "path"));
	const char *sha = json_string_value(json_object_get(d, "sha256"));
	char *full;

	if (!path || !sha)
		return;
	full = path_join(p->root, path);
	label(ctx, C_("status", "Last bundle:"));
	/* TRANSLATORS: the bundle's path, the start of its SHA-256 and when it was built. */
	printf(_("%s (SHA-256 %.16s...), built %s"), path, sha, r->time);
	if (json_is_false(json_object_get(d, "signed")))
		fputs(_(", UNSIGNED"), stdout);
	puts(full && !fs_exists(full) ? " (?)" : "");
	free(full);
}

/* The last submission (cot submit): when, to whom, its Message-ID; or that none was sent. */
static void print_submission(const struct cot_ctx *ctx, const struct journal *j)
{
	char text[1024];

	submit_status_text(j, ctx->lang, text, sizeof(text));
	label(ctx, C_("status", "Submission:"));
	puts(text);
}

/* A broken journal comes first: red on stdout in text, a warning beside JSON. */
static void print_broken(const struct cot_ctx *ctx, const struct cot_err *err)
{
	if (ctx->format == FMT_JSON)
		cli_warn("%s", err->msg);
	else
		printf("%s%s%s\n", cli_color(ctx, C_RED), err->msg, cli_color(ctx, C_RESET));
}

static void warn_future(const struct journal *j)
{
	const struct jrec *r = journal_future(j, clock_now());

	if (r)
		cli_warn(_("journal record %lu is dated %s, in the future: the clock of the machine "
			   "that wrote it was wrong, or the record was forged"),
			r->seq, r->time);
}

static int cmd_status(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct procedure pr;
	struct elapsed e;
	json_t *wl = NULL;
	struct cert_summary cert;
	int opt, rc;

	while ((opt = cli_getopt(&cmd_status_entry, argc, argv)) != -1)
		if (opt != O_FORMAT || cli_set_format(ctx, optarg))
			return COT_USAGE;
	if (optind < argc)
		return cli_usage_error(
			&cmd_status_entry, _("unexpected argument '%s'"), argv[optind]);
	if (cli_check_format(ctx, &cmd_status_entry, FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON)))
		return COT_USAGE;
	if (procedure_journal_intact(p, false, &err) == COT_FINDINGS)
		print_broken(ctx, &err);
	rc = project_journal_load(p, &j, &err);
	if (rc)
		return cli_err(&err);
	warn_future(&j);
	procedure_derive(p->cfg.route, &j, &pr);
	compute_elapsed(&pr, clock_now(), &e);
	if (whitelist_check_load(p, &wl, &err)) {
		journal_release(&j);
		return cli_err(&err);
	}
	rc = certstore_summary(p, &j, clock_now(), &cert, &err);
	if (rc) {
		journal_release(&j);
		return cli_err(&err);
	}
	if (ctx->format == FMT_JSON) {
		json_t *o = status_json(p, &pr, &e, ctx->lang);
		json_object_set_new(o, "checklist", checklist_json(p));
		json_object_set_new(o, "whitelist", wl ? json_incref(wl) : json_null());
		json_object_set_new(o, "certificate", cert_json(&cert, ctx->lang));
		json_object_set_new(o, "bundle", bundle_json(&j));
		json_object_set_new(o, "submission", submit_status_json(&j));
		/* 15 digits: "months": 6.9, not 6.9000000000000004. */
		json_dumpf(
			o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		putchar('\n');
		json_decref(o);
	} else {
		print_text(ctx, p, &pr, &e);
		print_checklist(ctx, p);
		print_whitelist(ctx, wl);
		print_cert(ctx, &cert, ctx->lang);
		print_bundle(ctx, p, &j);
		print_submission(ctx, &j);
	}
	json_decref(wl);
	journal_release(&j);
	return COT_OK;
}

const struct cot_cmd cmd_status_entry = {
	.name = "status",
	.fn = cmd_status,
	.flags = CMD_NEEDS_PROJECT,
	.shortopts = "",
	.longopts = status_options,
	.usage = "cot status [--format text|json]",
	.summary = N_("Show where the procedure stands and what to do next."),
	.help = N_("  --format F        text (default) or json (schema cot.status/1)\n"),
};
