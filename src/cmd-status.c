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
	double months;             /* to one decimal */
	bool overdue;
};

/*
 * The status's own words, indexed by enum lang: en, nl, fr (steps and advice have theirs);
 * pieces around the numbers, so that every format stays a literal.
 */
static const struct status_words {
	const char *route, *language, *next, *elapsed_none, *elapsed, *days, *months, *since,
		*typically, *overdue;
	const char *wl_none, *wl_listed, *wl_not, *wl_checked, *wl_from, *wl_cached, *wl_verified;
	const char *ck_of, *ck_answered, *ck_compliant, *ck_na, *ck_waived, *ck_route_pre,
		*ck_route_post, *ck_ready, *ck_not_ready, *ck_error, *ck_errors, *ck_see,
		*ck_problem;
	const char *unsigned_;
	const char *sep;           /* between two parts of a line */
} words[LANG_COUNT] = {
	{"route", "language", "Next",
		"Elapsed: not started (the procedure typically takes 3 to 6 months)",
		"Elapsed:", "days", "months", "since", "; typically 3 to 6 months",
		" - longer than usual",
		"not checked yet ('cot whitelist check' looks it up)", "listed since", "not listed",
		"checked", "from", ", the cached copy", ", signature verified",
		"of", "answered", "compliant", "not applicable", "with an accepted risk", "; route ",
		" does not submit it", "ready for submission", "not ready", "error", "errors",
		"'cot check' lists them", "; see 'cot check'", ", UNSIGNED", "; "},
	{"route", "taal", "Volgende stap",
		"Verstreken: nog niet begonnen (de procedure duurt doorgaans 3 tot 6 maanden)",
		"Verstreken:", "dagen", "maanden", "sinds", "; doorgaans 3 tot 6 maanden",
		" - langer dan gewoonlijk",
		"nog niet nagekeken ('cot whitelist check' zoekt het op)", "opgenomen sinds",
		"niet opgenomen", "nagekeken op", "via", ", de bewaarde kopie",
		", handtekening geverifieerd",
		"van", "beantwoord", "conform", "niet van toepassing", "met een aanvaard risico",
		"; route ", " dient ze niet in", "klaar om in te dienen", "niet klaar", "fout",
		"fouten", "'cot check' somt ze op", "; zie 'cot check'", ", NIET ONDERTEKEND", "; "},
	{"route", "langue", "Étape suivante",
		"Écoulé : pas commencé (la procédure prend en général 3 à 6 mois)",
		"Écoulé :", "jours", "mois", "depuis le", " ; en général 3 à 6 mois",
		" - plus long que d'habitude",
		"pas encore vérifiée ('cot whitelist check' la consulte)", "inscrite depuis le",
		"non inscrite", "vérifiée le", "depuis", ", la copie en cache", ", signature vérifiée",
		"sur", "répondues", "conformes", "non applicables", "avec un risque accepté",
		" ; la route ", " ne la soumet pas", "prête pour l'envoi", "pas prête", "erreur",
		"erreurs", "'cot check' les énumère", " ; voir 'cot check'", ", NON SIGNÉ", " ; "},
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

static json_t *status_json(const struct project *p, const struct procedure *pr,
	const struct elapsed *e, enum lang l)
{
	json_t *steps = json_array(), *o;

	for (int i = 0; i < pr->nsteps; i++) {
		const struct step_state *s = &pr->steps[i];
		json_t *js = json_pack("{s:s, s:s, s:b}", "id", s->def->id, "title",
			s->def->title[l], "done", s->done);
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
		json_object_set_new(o, "next", json_pack("{s:s, s:s}", "step",
			pr->steps[pr->next].def->id, "action", pr->steps[pr->next].def->todo[l]));
	else
		json_object_set_new(o, "next", json_null());
	if (e->started)
		json_object_set_new(o, "elapsed", json_pack("{s:s, s:I, s:f, s:b}", "since",
			pr->started, "days", (json_int_t)e->days, "months", e->months, "overdue",
			e->overdue));
	else
		json_object_set_new(o, "elapsed", json_null());
	return o;
}

static void print_steps(const struct cot_ctx *ctx, const struct procedure *pr, enum lang l)
{
	for (int i = 0; i < pr->nsteps; i++) {
		const struct step_state *s = &pr->steps[i];
		const char *mark = s->done ? "[x]" : i == pr->next ? "-->" : "[ ]";
		const char *color = s->done ? C_GREEN : i == pr->next ? C_BOLD : C_DIM;
		printf("  %s%s %-27s %-10s %s%s", cli_color(ctx, color), mark, s->def->id,
			s->done ? s->date : "", s->def->title[l], cli_color(ctx, C_RESET));
		if (s->ref)
			printf(" (ref %s)", cli_shown(s->ref));
		if (s->file)
			printf(" [%s]", cli_shown(s->file));
		putchar('\n');
	}
}

static void print_text(const struct cot_ctx *ctx, const struct project *p,
	const struct procedure *pr, const struct elapsed *e, enum lang l)
{
	char kbo[16];

	kbo_format(p->cfg.kbo, kbo, sizeof(kbo));
	printf("%s%s%s  KBO %s", cli_color(ctx, C_BOLD), cli_shown(p->cfg.name), cli_color(ctx, C_RESET),
		kbo);
	if (p->cfg.nihii[0])
		printf("  NIHII %s", p->cfg.nihii);
	putchar('\n');
	printf("%s %s, %s, %s %s\n\n", words[l].route, route_name(p->cfg.route),
		kind_name(p->cfg.kind), words[l].language, lang_name(l));
	print_steps(ctx, pr, l);
	putchar('\n');
	printf("%s%s:%s %s\n", cli_color(ctx, C_BOLD), words[l].next, cli_color(ctx, C_RESET),
		pr->next < pr->nsteps ? pr->steps[pr->next].def->todo[l] : procedure_done_text(l));
	if (!e->started) {
		printf("%s\n", words[l].elapsed_none);
		return;
	}
	printf("%s %ld %s (%.1f %s) %s %s%s", words[l].elapsed, e->days, words[l].days, e->months,
		words[l].months, words[l].since, pr->started, words[l].typically);
	printf("%s%s%s\n", cli_color(ctx, e->overdue ? C_YELLOW : ""),
		e->overdue ? words[l].overdue : "", cli_color(ctx, e->overdue ? C_RESET : ""));
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
	json_object_set_new(o, "renewal_requested", s->cur.renewal_requested ?
		json_string(s->cur.renewal_date) : json_null());
	return o;
}

static void print_cert(const struct cot_ctx *ctx, const struct cert_summary *s, enum lang l)
{
	static const char *const label[] = {"Certificate", "Certificaat", "Certificat"};
	const char *color = s->state == CERT_STATE_VALID ? "" : s->state == CERT_STATE_RENEW ?
		C_YELLOW : s->state >= CERT_STATE_EXPIRED ? C_RED : "";
	char advice[1024];

	certstore_advice(s, l, advice, sizeof(advice));
	printf("%s%s:%s ", cli_color(ctx, C_BOLD), label[l], cli_color(ctx, C_RESET));
	if (s->identifier[0])
		printf("%s%s%s, ", cli_shown(s->identifier), s->name[0] ? " " : "", cli_shown(s->name));
	printf("%s%s%s\n", cli_color(ctx, color), advice, cli_color(ctx, *color ? C_RESET : ""));
}

/* The last whitelist check (cot whitelist check), as it was kept: null until one was made. */
static void print_whitelist(const struct cot_ctx *ctx, json_t *last, enum lang l)
{
	static const char *const label[] = {"Whitelist", "Whitelist", "Liste blanche"};
	const char *since = json_string_value(json_object_get(last, "since"));
	const char *checked = json_string_value(json_object_get(last, "checked"));
	const char *source = json_string_value(json_object_get(last, "source"));
	bool listed = json_is_true(json_object_get(last, "listed"));

	printf("%s%s:%s ", cli_color(ctx, C_BOLD), label[l], cli_color(ctx, C_RESET));
	if (!last) {
		printf("%s\n", words[l].wl_none);
		return;
	}
	if (listed) {
		fputs(cli_color(ctx, C_GREEN), stdout);
		printf("%s %s", words[l].wl_listed, since ? since : "?");
		fputs(cli_color(ctx, C_RESET), stdout);
	} else {
		fputs(words[l].wl_not, stdout);
	}
	printf(" (%s %s %s %s%s%s)", words[l].wl_checked, checked ? checked : "?",
		words[l].wl_from, source ? source : "?",
		json_is_true(json_object_get(last, "from_cache")) ? words[l].wl_cached : "",
		json_is_true(json_object_get(last, "verified")) ? words[l].wl_verified : "");
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
	static const char *const label[] = {"Checklist", "Checklist", "Check-list"};
	const struct status_words *w = &words[ctx->lang];
	struct checklist_summary s;

	checklist_summarise(p, clock_now(), &s);
	printf("%s%s:%s ", cli_color(ctx, C_BOLD), label[ctx->lang], cli_color(ctx, C_RESET));
	if (s.problem[0]) {
		printf("%s%s%s%s\n", cli_color(ctx, C_YELLOW), cli_shown(s.problem), cli_color(ctx, C_RESET),
			w->ck_problem);
		return;
	}
	printf("%u %s %zu %s, %u %s", s.answered, w->ck_of, s.applicable, w->ck_answered,
		s.n[RS_COMPLIANT], w->ck_compliant);
	if (s.n[RS_NA])
		printf(", %u %s", s.n[RS_NA], w->ck_na);
	if (s.n[RS_WAIVED])
		printf(", %u %s", s.n[RS_WAIVED], w->ck_waived);
	if (step_index(p->cfg.route, "checklist-complete") < 0)
		printf("%s%s%s", w->ck_route_pre, route_name(p->cfg.route), w->ck_route_post);
	else if (s.ready)
		printf("%s%s%s%s", w->sep, cli_color(ctx, C_GREEN), w->ck_ready, cli_color(ctx, C_RESET));
	else
		printf("%s%s%s%s: %u %s (%s)", w->sep, cli_color(ctx, C_YELLOW), w->ck_not_ready,
			cli_color(ctx, C_RESET), s.errors, s.errors == 1 ? w->ck_error : w->ck_errors,
			w->ck_see);
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

static void print_bundle(const struct cot_ctx *ctx, const struct project *p,
	const struct journal *j)
{
	static const char *const label[] = {"Last bundle", "Laatste bundel", "Dernier dossier"};
	static const char *const built[] = {"built", "gemaakt", "créé"};
	const struct jrec *r = bundle_last(j);
	json_t *d = r ? json_object_get(r->obj, "data") : NULL;
	const char *path = json_string_value(json_object_get(d, "path"));
	const char *sha = json_string_value(json_object_get(d, "sha256"));
	char *full;

	if (!path || !sha)
		return;
	full = path_join(p->root, path);
	printf("%s%s:%s %s (SHA-256 %.16s...), %s %s%s%s\n", cli_color(ctx, C_BOLD),
		label[ctx->lang], cli_color(ctx, C_RESET), path, sha, built[ctx->lang], r->time,
		json_is_false(json_object_get(d, "signed")) ? words[ctx->lang].unsigned_ : "",
		full && !fs_exists(full) ? " (?)" : "");
	free(full);
}

/* The last submission (cot submit): when, to whom, its Message-ID; or that none was sent. */
static void print_submission(const struct cot_ctx *ctx, const struct journal *j)
{
	static const char *const label[] = {"Submission", "Aanvraag", "Demande"};
	char text[1024];

	submit_status_text(j, ctx->lang, text, sizeof(text));
	printf("%s%s:%s %s\n", cli_color(ctx, C_BOLD), label[ctx->lang], cli_color(ctx, C_RESET),
		text);
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
		return cli_usage_error(&cmd_status_entry, "unexpected argument '%s'", argv[optind]);
	if (cli_check_format(ctx, &cmd_status_entry, FMT_BIT(FMT_TEXT) | FMT_BIT(FMT_JSON)))
		return COT_USAGE;
	rc = project_journal_load(p, &j, &err);
	if (rc)
		return cli_err(&err);
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
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		putchar('\n');
		json_decref(o);
	} else {
		print_text(ctx, p, &pr, &e, ctx->lang);
		print_checklist(ctx, p);
		print_whitelist(ctx, wl, ctx->lang);
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
	.summary = "Show where the procedure stands and what to do next.",
	.help = "  --format F        text (default) or json (schema cot.status/1)\n",
};
