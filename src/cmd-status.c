/* cot status: where the procedure stands and what to do next, from the journal. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/bundle.h"
#include "cot/certstore.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/deadline.h"
#include "cot/fsutil.h"
#include "cot/cli.h"
#include "cot/i18n.h"
#include "cot/jsonout.h"
#include "cot/nextstep.h"
#include "cot/procedure.h"
#include "cot/statushtml.h"
#include "cot/submit.h"
#include "cot/whitelist.h"
#include "status-many.h"

#define TYPICAL_MAX_DAYS 183 /* the procedure typically takes 3 to 6 months */
#define WARN_DAYS_MAX 3650

enum { O_FORMAT = 256, O_WARN_DAYS, O_EXIT_CODE, O_OUTPUT = 'o' };

static const struct option status_options[] = {
	{"format", required_argument, NULL, O_FORMAT},
	{"warn-days", required_argument, NULL, O_WARN_DAYS},
	{"exit-code", no_argument, NULL, O_EXIT_CODE},
	{"output", required_argument, NULL, O_OUTPUT},
	{NULL, 0, NULL, 0},
};

struct status_args {
	int warn_days;
	bool exit_code;
	const char *output; /* -o: where the html page goes */
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

/* A vendor's product and version, into the status's "organisation" object. */
static void vendor_json(json_t *org, const struct cot_config *cfg)
{
	if (cfg->product)
		json_object_set_new(org, "product", json_string(cfg->product));
	if (cfg->product_version)
		json_object_set_new(org, "product_version", json_string(cfg->product_version));
}

static json_t *next_json(const struct next_action *n)
{
	if (!n->step)
		return json_null();
	return json_pack("{s:s, s:s, s:o}", "step", n->step, "action", n->action, "blocked_by",
		n->blocked_by ? json_string(n->blocked_by) : json_null());
}

static json_t *status_json(const struct project *p, const struct procedure *pr,
	const struct elapsed *e, const struct next_action *n, enum lang l)
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
	o = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s?, s:s}, s:o}", "schema", "cot.status/1",
		"organisation", "name", p->cfg.name, "kbo", p->cfg.kbo, "nihii", p->cfg.nihii,
		"kind", kind_name(p->cfg.kind), "route",
		p->cfg.kind == KIND_VENDOR ? NULL : route_name(p->cfg.route), "lang", lang_name(l),
		"steps", steps);
	if (p->cfg.kind == KIND_VENDOR)
		vendor_json(json_object_get(o, "organisation"), &p->cfg);
	json_object_set_new(o, "complete", json_boolean(pr->next == pr->nsteps));
	json_object_set_new(o, "next", next_json(n));
	if (e->started)
		json_object_set_new(o, "elapsed",
			json_pack("{s:s, s:I, s:f, s:b}", "since", pr->started, "days",
				(json_int_t)e->days, "months", e->months, "overdue", e->overdue));
	else
		json_object_set_new(o, "elapsed", json_null());
	return o;
}

/* The line under the name: route, kind and language, or a vendor's product. */
static void print_kind(const struct cot_ctx *ctx, const struct project *p)
{
	if (p->cfg.kind == KIND_VENDOR) {
		/* TRANSLATORS: "software vendor, product CareSoft 4.2, language nl". */
		printf(_("software vendor, product %s %s, language %s"),
			cli_shown(p->cfg.product ? p->cfg.product : "?"),
			cli_shown(p->cfg.product_version ? p->cfg.product_version : "?"),
			lang_name(ctx->lang));
		return;
	}
	/* TRANSLATORS: "route direct, organisation, language nl": the values stay as in cot.yaml.
	 */
	printf(_("route %s, %s, language %s"), route_name(p->cfg.route), kind_name(p->cfg.kind),
		lang_name(ctx->lang));
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
	const struct procedure *pr, const struct elapsed *e, const struct next_action *n)
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
	print_kind(ctx, p);
	fputs("\n\n", stdout);
	print_steps(ctx, pr);
	putchar('\n');
	label(ctx, C_("status", "Next:"));
	printf("%s%s%s\n", cli_color(ctx, n->blocked_by ? C_YELLOW : ""), cli_shown(n->action),
		cli_color(ctx, n->blocked_by ? C_RESET : ""));
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

static void print_cert(const struct cot_ctx *ctx, const struct cert_summary *s,
	const struct deadline_list *dl, enum lang l)
{
	const char *color = s->state == CERT_STATE_VALID     ? ""
			    : s->state == CERT_STATE_RENEW   ? C_YELLOW
			    : s->state >= CERT_STATE_EXPIRED ? C_RED
							     : "";
	const struct deadline *late = next_overdue_of(dl, DL_CERT_REQUEST);
	char advice[1024];

	certstore_advice(s, l, advice, sizeof(advice));
	/* eHealth's 10 days are past: no longer promise them. */
	if (s->state == CERT_STATE_REQUESTED && late) {
		color = C_YELLOW;
		/* TRANSLATORS: a date YYYY-MM-DD, then the days since (the plural's count). */
		snprintf(advice, sizeof(advice),
			ngettext("requested on %s, not received after %ld day: contact eHealth; "
				 "when it arrives, 'cot cert import FILE'",
				"requested on %s, not received after %ld days: contact eHealth; "
				"when it arrives, 'cot cert import FILE'",
				(unsigned long)(CERT_REQUEST_DAYS - late->days)),
			s->cur.requested_date, (long)CERT_REQUEST_DAYS - late->days);
	}
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
static json_t *checklist_json(const struct project *p, const struct checklist_summary *s)
{
	if (s->problem[0])
		return json_pack("{s:s, s:s}", "file", s->file, "problem", s->problem);
	return json_pack("{s:s, s:s, s:I, s:i, s:i, s:i, s:i, s:i, s:i, s:b, s:b}", "file", s->file,
		"requirements", s->set, "applicable", (json_int_t)s->applicable, "answered",
		(int)s->answered, "compliant", (int)s->n[RS_COMPLIANT], "not_applicable",
		(int)s->n[RS_NA], "waived", (int)s->n[RS_WAIVED], "errors", (int)s->errors,
		"warnings", (int)s->warnings, "ready", s->ready, "required",
		next_checklist_submitted(p));
}

static void print_checklist(
	const struct cot_ctx *ctx, const struct project *p, const struct checklist_summary *s)
{
	label(ctx, C_("status", "Checklist:"));
	if (s->problem[0]) {
		printf("%s%s%s", cli_color(ctx, C_YELLOW), cli_shown(s->problem),
			cli_color(ctx, C_RESET));
		puts(_("; see 'cot check'"));
		return;
	}
	/* TRANSLATORS: requirements answered of those that apply: "3 of 40 answered". */
	printf(ngettext("%u of %zu answered", "%u of %zu answered", s->answered), s->answered,
		s->applicable);
	fputs(", ", stdout);
	printf(ngettext("%u compliant", "%u compliant", s->n[RS_COMPLIANT]), s->n[RS_COMPLIANT]);
	if (s->n[RS_NA]) {
		fputs(", ", stdout);
		printf(ngettext("%u not applicable", "%u not applicable", s->n[RS_NA]),
			s->n[RS_NA]);
	}
	if (s->n[RS_WAIVED]) {
		fputs(", ", stdout);
		printf(ngettext("%u with an accepted risk", "%u with an accepted risk",
			       s->n[RS_WAIVED]),
			s->n[RS_WAIVED]);
	}
	/* TRANSLATORS: the %s around the words switch a colour on and off. */
	if (!next_checklist_submitted(p))
		printf(_("; route %s does not submit it"), route_name(p->cfg.route));
	else if (s->ready)
		printf(_("; %sready for submission%s"), cli_color(ctx, C_GREEN),
			cli_color(ctx, C_RESET));
	else
		printf(ngettext("; %snot ready%s: %u error ('cot check' lists it)",
			       "; %snot ready%s: %u errors ('cot check' lists them)", s->errors),
			cli_color(ctx, C_YELLOW), cli_color(ctx, C_RESET), s->errors);
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

/*
 * The page of --format html, to -o FILE (atomically) or stdout, a broken journal at its
 * top; with --exit-code, 1 when a deadline is overdue or the journal is broken (as text).
 */
static int write_html(struct cot_ctx *ctx, const struct project *p, const struct status_args *a)
{
	const char *output = a->output;
	struct cot_err err = COT_ERR_INIT, jerr = COT_ERR_INIT;
	struct status_html h = {NULL, 0};
	struct buf out = BUF_INIT;
	int rc;

	if (procedure_journal_intact(p, false, &jerr) == COT_FINDINGS) {
		h.broken = jerr.msg;
		/* TRANSLATORS: why the journal fails verification. */
		cli_warn(_("journal verification failed: %s"), jerr.msg);
	}
	rc = status_render_html(p, clock_now(), &h, &out, &err);

	if (!rc && output)
		rc = fs_write_output(output, out.data ? out.data : "", out.len, &err);
	else if (!rc)
		fwrite(out.data ? out.data : "", 1, out.len, stdout);
	buf_release(&out);
	if (rc)
		return cli_err(&err);
	if (output && strcmp(output, "-") != 0)
		cli_info(ctx, _("wrote %s"), output);
	return a->exit_code && (h.broken || h.missed) ? COT_FINDINGS : COT_OK;
}

/* A broken journal comes first: red on stdout in text, a warning beside JSON. */
static void print_broken(const struct cot_ctx *ctx, const struct cot_err *err)
{
	if (ctx->format == FMT_JSON)
		cli_warn("%s", err->msg);
	else
		printf("%s%s%s\n", cli_color(ctx, C_RED), err->msg, cli_color(ctx, C_RESET));
}

/* --- deadlines --------------------------------------------------------------- */

/* Whole days until a window opens (its closing date less its length); d->days otherwise. */
static long days_to_open(const struct deadline *d)
{
	time_t o, c;

	if (!d->opens[0] || !date_parse(d->opens, &o) || !date_parse(d->date, &c))
		return d->days;
	return d->days - days_between(o, c);
}

/* Overdue, or due (or its window opening) within warn days. */
static bool deadline_shown(const struct deadline *d, int warn_days)
{
	return deadline_overdue(d) || days_to_open(d) <= warn_days;
}

static json_t *deadline_json(const struct deadline *d)
{
	char text[1024];

	deadline_text(d, text, sizeof(text));
	return json_pack("{s:s, s:s, s:s, s:o, s:I, s:b, s:o, s:o, s:o, s:o, s:s}", "kind",
		deadline_kind_name(d->kind), "uid", d->uid, "date", d->date, "opens",
		d->opens[0] ? json_string(d->opens) : json_null(), "days", (json_int_t)d->days,
		"overdue", deadline_overdue(d), "subject",
		d->subject ? json_string(d->subject) : json_null(), "owner",
		d->owner ? json_string(d->owner) : json_null(), "file",
		d->file ? json_string(d->file) : json_null(), "line",
		d->file && d->at.line ? json_integer(d->at.line) : json_null(), "text", text);
}

/* Every deadline, due or not: machines choose. */
static json_t *deadlines_json(const struct deadline_list *dl)
{
	json_t *a = json_array();

	for (size_t i = 0; i < dl->n; i++)
		json_array_append_new(a, deadline_json(&dl->v[i]));
	return a;
}

/* "25 days overdue", "today", "in 3 days". */
static void days_phrase(long days, char *out, size_t len)
{
	unsigned long n = (unsigned long)labs(days);

	if (days < 0)
		snprintf(out, len, ngettext("%ld day overdue", "%ld days overdue", n), -days);
	else if (days == 0)
		snprintf(out, len, "%s", _("today"));
	else
		snprintf(out, len, ngettext("in %ld day", "in %ld days", n), days);
}

static void print_deadline(const struct cot_ctx *ctx, const struct deadline *d)
{
	char when[64], text[1024];

	days_phrase(d->days, when, sizeof(when));
	deadline_text(d, text, sizeof(text));
	printf("  %s%s  %-17s%s %s", cli_color(ctx, deadline_overdue(d) ? C_RED : C_YELLOW),
		d->date, when, cli_color(ctx, C_RESET), cli_shown(text));
	/* TRANSLATORS: who is responsible, as the answers name them. */
	if (d->owner)
		printf(_(" (owner %s)"), cli_shown(d->owner));
	if (d->file && d->at.line)
		printf(" [%s:%u]", cli_shown(d->file), d->at.line);
	putchar('\n');
}

/* The "Upcoming and overdue" block: what is overdue or due within warn_days. */
static void print_deadlines(
	const struct cot_ctx *ctx, const struct deadline_list *dl, int warn_days)
{
	size_t shown = 0;

	for (size_t i = 0; i < dl->n; i++)
		shown += deadline_shown(&dl->v[i], warn_days);
	printf("%s%s%s", cli_color(ctx, C_BOLD), C_("status", "Upcoming and overdue:"),
		cli_color(ctx, C_RESET));
	if (!shown) {
		putchar(' ');
		/* TRANSLATORS: the --warn-days number (the plural's count). */
		printf(ngettext("nothing within %d day\n", "nothing within %d days\n",
			       (unsigned long)warn_days),
			warn_days);
		return;
	}
	putchar('\n');
	for (size_t i = 0; i < dl->n; i++)
		if (deadline_shown(&dl->v[i], warn_days))
			print_deadline(ctx, &dl->v[i]);
}

static size_t count_missed(const struct deadline_list *dl)
{
	size_t n = 0;

	for (size_t i = 0; i < dl->n; i++)
		n += deadline_missed(&dl->v[i]);
	return n;
}

/* Records dated after now (a wrong clock or an edited journal): one warning each. */
static void warn_future_records(const struct journal *j, time_t now)
{
	char today[11];
	time_t t;

	date_format(now, today);
	for (size_t i = 0; i < j->n; i++) {
		const char *date = json_string_value(
			json_object_get(json_object_get(j->v[i].obj, "data"), "date"));

		if ((j->v[i].time && time_parse(j->v[i].time, &t) && t > now) ||
			(date && strcmp(date, today) > 0))
			/* TRANSLATORS: a record's number and line, its time, then today's date. */
			cli_warn(_("journal record %lu (line %u) is dated %s, after today (%s): "
				   "check the clock or the journal ('cot log --verify')"),
				j->v[i].seq, j->v[i].lineno,
				cli_shown(date && strcmp(date, today) > 0 ? date : j->v[i].time),
				today);
	}
}

/* --- the next action --------------------------------------------------------- */

/* --exit-code: 1 when a deadline is missed (deadline.h) or the journal fails verification. */
static int status_exit(const struct project *p, const struct deadline_list *dl)
{
	struct cot_err err = COT_ERR_INIT;
	char *path = project_state_path(p, "journal"),
	     *head = project_state_path(p, "journal.head");
	unsigned long n = 0;
	int rc = journal_verify(path, head, &n, &err);

	free(path);
	free(head);
	if (rc)
		/* TRANSLATORS: why the journal fails verification. */
		cli_warn(_("journal verification failed: %s"), err.msg);
	return rc || count_missed(dl) ? COT_FINDINGS : COT_OK;
}

static int parse_args(int argc, char **argv, struct cot_ctx *ctx, struct status_args *a)
{
	char *end;
	long v;
	int opt;

	a->warn_days = DEADLINE_WARN_DAYS;
	a->exit_code = false;
	a->output = NULL;
	while ((opt = cli_getopt(&cmd_status_entry, argc, argv)) != -1) {
		if (opt == O_FORMAT) {
			if (cli_set_format(ctx, optarg))
				return COT_USAGE;
		} else if (opt == O_EXIT_CODE) {
			a->exit_code = true;
		} else if (opt == O_OUTPUT) {
			a->output = optarg;
		} else if (opt == O_WARN_DAYS) {
			v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 0 || v > WARN_DAYS_MAX)
				return cli_error(COT_USAGE,
					_("--warn-days takes a number of days from 0 to %d, "
					  "not '%s'"),
					WARN_DAYS_MAX, optarg);
			a->warn_days = (int)v;
		} else {
			return COT_USAGE;
		}
	}
	if (optind < argc)
		return COT_OK; /* cot status DIR...: status_many checks its formats */
	/* one project: no csv, which is a row per project */
	if (cli_check_format_in(
		    ctx, &cmd_status_entry, cmd_status_entry.formats & ~FMT_BIT(FMT_CSV)))
		return COT_USAGE;
	if (a->output && ctx->format != FMT_HTML)
		return cli_usage_error(&cmd_status_entry, _("-o needs --format html"));
	return COT_OK;
}

/* The JSON document: the blocks in the order the text shows them. */
static int print_json(const struct cot_ctx *ctx, const struct project *p, const struct journal *j,
	const struct procedure *pr, const struct elapsed *e, const struct next_action *n,
	const struct cert_summary *cert, json_t *wl, const struct deadline_list *dl,
	const struct checklist_summary *cl)
{
	json_t *o = status_json(p, pr, e, n, ctx->lang);
	struct cot_err err = COT_ERR_INIT;

	json_object_set_new(o, "checklist", checklist_json(p, cl));
	json_object_set_new(o, "whitelist", wl ? json_incref(wl) : json_null());
	json_object_set_new(o, "certificate", cert_json(cert, ctx->lang));
	json_object_set_new(o, "bundle", bundle_json(j));
	json_object_set_new(o, "submission", submit_status_json(j));
	json_object_set_new(o, "deadlines", deadlines_json(dl));
	/* 15 digits: "months": 6.9, not 6.9000000000000004. */
	if (json_print(stdout, o, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15),
		    &err))
		return cli_err(&err);
	return COT_OK;
}

static int cmd_status(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct deadline_list dl = DEADLINE_LIST_INIT;
	struct status_args a;
	struct procedure pr;
	struct next_action next;
	struct elapsed e;
	json_t *wl = NULL;
	struct cert_summary cert;
	struct checklist_input in = CHECKLIST_INPUT_INIT;
	struct checklist_summary cl;
	time_t now = clock_now();
	int rc;

	if ((rc = parse_args(argc, argv, ctx, &a)))
		return rc;
	if (optind < argc)
		return status_many(ctx, argc - optind, argv + optind);
	if (ctx->format == FMT_HTML)
		return write_html(ctx, p, &a);
	if (procedure_journal_intact(p, false, &err) == COT_FINDINGS)
		print_broken(ctx, &err);
	if ((rc = project_journal_load(p, &j, &err)))
		return cli_err(&err);
	procedure_derive_kind(p->cfg.route, p->cfg.kind, &j, &pr);
	compute_elapsed(&pr, now, &e);
	/* Read once: the deadlines, the next action and the checklist line all judge them. */
	checklist_input_load(p, &in);
	checklist_summarise_input(p, &in, now, &cl);
	if (whitelist_check_load(p, &wl, &err) || certstore_summary(p, &j, now, &cert, &err) ||
		deadline_collect_input(p, &j, &in, now, &dl, &err)) {
		rc = cli_err(&err);
		goto out;
	}
	warn_future_records(&j, now);
	next_action_judge(p, &pr, &cert, &dl, &cl, now, &next);
	if (ctx->format == FMT_JSON) {
		if ((rc = print_json(ctx, p, &j, &pr, &e, &next, &cert, wl, &dl, &cl)))
			goto out;
	} else {
		print_text(ctx, p, &pr, &e, &next);
		print_deadlines(ctx, &dl, a.warn_days);
		print_checklist(ctx, p, &cl);
		if (p->cfg.kind != KIND_VENDOR) /* the organisations' list: not a vendor's */
			print_whitelist(ctx, wl);
		if (p->cfg.kind != KIND_VENDOR) /* the organisation certificate's procedure */
			print_cert(ctx, &cert, &dl, ctx->lang);
		print_bundle(ctx, p, &j);
		print_submission(ctx, &j);
	}
	rc = a.exit_code ? status_exit(p, &dl) : COT_OK;
out:
	deadline_list_release(&dl);
	checklist_input_release(&in);
	json_decref(wl);
	journal_release(&j);
	return rc;
}

const struct cot_cmd cmd_status_entry = {
	.name = "status",
	.formats = FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON) | FMT_BIT(FMT_HTML) | FMT_BIT(FMT_CSV),
	.fn = cmd_status,
	.flags = CMD_NEEDS_PROJECT | CMD_OPERANDS_NO_PROJECT | CMD_NO_CRYPTO,
	.shortopts = "o:",
	.longopts = status_options,
	.usage = "cot status [--format text|json|html|csv] [-o FILE] [--warn-days N] [--exit-code] "
		 "[DIR...]",
	.summary = N_("Show where the procedure stands and what to do next."),
	.help = N_(
		"  --format F        text (default), json (schema cot.status/1) or html (a\n"
		"                    printable page with the procedure as a timeline); with\n"
		"                    DIR, json is one object per line and csv is allowed\n"
		"  -o, --output FILE write the html page to FILE (atomically) instead of stdout\n"
		"  --warn-days N     list the deadlines due within N days (default 30)\n"
		"  --exit-code       exit 1 when a deadline is overdue or the journal fails\n"
		"                    verification (for cron and CI)\n"
		"  DIR...            one line per project: each DIR a project or a folder\n"
		"                    of projects; exit 1 if any is overdue or unreadable\n"),
};
