/* Reports of cot check and cot lint: text, JSON (jansson), JUnit (libxml2), SARIF, GitHub. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot-config.h"
#include "cot/clock.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/mem.h"
#include "cot/xml-load.h"
#include "report-xml.h"

/* --- words ----------------------------------------------------------------- */

/* Indexed by enum lang: en, nl, fr. */
static const struct report_words words[LANG_COUNT] = {
	{"Security checklist", "Summary", "category", "required", "done",
		{"compliant", "not applicable", "waived", "not compliant", "open"}, "errors",
		"total", "READY", "NOT READY",
		"READY for submission: $1 of $2 applicable requirements answered; $3 compliant, $4 "
		"not applicable, $5 with an accepted risk.",
		"NOT READY for submission: $1 to fix; $2 of $3 applicable requirements answered.",
		"requirement", "level", "mandatory", "recommended", "status", "owner", "reviewed",
		"evidence", "findings", "answered", "route", "kind", "date", "requirement set",
		"none", "made by", "not answered", "answers",
		{"compliant", "n/a", "waived", "failing", "open"}, "warnings", "error"},
	{"Veiligheidschecklist", "Overzicht", "categorie", "vereisten", "klaar",
		{"conform", "niet van toepassing", "risico aanvaard", "niet conform", "open"},
		"fouten", "totaal", "KLAAR", "NIET KLAAR",
		"KLAAR om in te dienen: $1 van $2 vereisten beantwoord; $3 conform, $4 niet van "
		"toepassing, $5 met een aanvaard risico.",
		"NIET KLAAR om in te dienen: $1 op te lossen; $2 van $3 vereisten beantwoord.",
		"vereiste", "niveau", "verplicht", "aanbevolen", "status", "verantwoordelijke",
		"herzien", "bewijs", "bevindingen", "beantwoord", "route", "soort", "datum",
		"vereistenset", "geen", "gemaakt door", "niet beantwoord", "antwoorden",
		{"conform", "n.v.t.", "aanvaard", "niet conf", "open"}, "waarschuwingen", "fout"},
	{"Check-list de sécurité", "Résumé", "catégorie", "exigences", "fait",
		{"conforme", "non applicable", "risque accepté", "non conforme", "ouvert"},
		"erreurs", "total", "PRÊT", "PAS PRÊT",
		"PRÊT pour l'envoi : $1 exigences sur $2 répondues ; $3 conformes, $4 non "
		"applicables, $5 avec un risque accepté.",
		"PAS PRÊT pour l'envoi : $1 à corriger ; $2 exigences sur $3 répondues.",
		"exigence", "niveau", "obligatoire", "recommandé", "statut", "responsable",
		"revu le", "preuves", "constats", "répondues", "route", "type", "date",
		"jeu d'exigences", "aucun", "produit par", "sans réponse", "réponses",
		{"conforme", "n/a", "accepté", "non conf.", "ouvert"}, "avertissements", "erreur"},
};

const struct report_words *report_words(enum lang l)
{
	return &words[l < LANG_COUNT ? l : LANG_EN];
}

/* --- rules ----------------------------------------------------------------- */

static const struct {
	const char *id, *text;
} rule_table[] = {
	{"yaml-syntax", N_("The file is not well-formed YAML.")},
	{"text-control", N_("A name or text holds a control, bidi or invalid character.")},
	{"yaml-size", N_("The file, or its number of nodes, is larger than cot reads.")},
	{"yaml-depth", N_("Mappings and lists are nested deeper than cot reads.")},
	{"yaml-alias", N_("YAML anchors and aliases are not allowed in cot files.")},
	{"yaml-tag", N_("Explicit YAML tags are not allowed in cot files.")},
	{"yaml-duplicate-key", N_("A mapping holds the same key twice.")},
	{"yaml-key", N_("A mapping key is not a plain string.")},
	{"yaml-documents", N_("A cot file holds exactly one YAML document.")},
	{"schema-type",
		N_("A value has the wrong type (string, number, boolean, list or mapping).")},
	{"schema-required", N_("A required key is missing.")},
	{"schema-unknown-key", N_("A key the format does not define.")},
	{"schema-enum", N_("A value is not one of those allowed.")},
	{"schema-pattern", N_("A value does not have the required form.")},
	{"schema-format", N_("A date is not a real calendar date written YYYY-MM-DD.")},
	{"schema-range", N_("A number, or the length of a list, is out of range.")},
	{"schema-unique", N_("A value is listed twice.")},
	{"text-empty", N_("A text that must not be empty is empty.")},
	{"translation-missing", N_("A text lacks its Dutch, French or English version.")},
	{"file-kind", N_("The file is neither a requirement set nor an answer file.")},
	{"file-unreadable", N_("The file cannot be read.")},
	{"req-duplicate-id", N_("Two requirements, categories or sources have the same id.")},
	{"req-unknown-category", N_("A requirement names a category the set does not list.")},
	{"req-unknown-source", N_("A requirement names a source the set does not list.")},
	{"req-empty-category", N_("A category has no requirement.")},
	{"req-unused-source", N_("A source is named by no requirement.")},
	{"req-id-prefix", N_("A requirement id does not share the prefix of its category.")},
	{"answers-unknown-set", N_("The requirement set the answers name cannot be found.")},
	{"answers-set-mismatch",
		N_("The answers name another set than the one they are checked against.")},
	{"answers-org-mismatch", N_("The answers are for another organisation than the project.")},
	{"kbo-invalid", N_("The KBO/CBE enterprise number fails its check digits.")},
	{"answer-unknown-id", N_("An answer to a requirement the set does not have.")},
	{"answer-missing", N_("An applicable requirement is not answered, or still open.")},
	{"nothing-answered", N_("No applicable requirement is answered at all.")},
	{"answer-not-compliant",
		N_("A requirement is not compliant and no waiver accepts the risk.")},
	{"answer-text-missing", N_("A requirement that asks for a text answer has none in note.")},
	{"answer-not-required",
		N_("An answer to a requirement that does not apply to the project.")},
	{"na-not-allowed", N_("A requirement answered not-applicable does not allow it.")},
	{"na-no-justification", N_("A not-applicable answer has no justification.")},
	{"evidence-missing",
		N_("Evidence is required but none is listed, or a listed file is missing.")},
	{"evidence-unreadable", N_("An evidence file cannot be read or is not a regular file.")},
	{"evidence-outside-project",
		N_("An evidence path is absolute, has '..' or leads out of the project.")},
	{"evidence-empty", N_("An evidence file is empty.")},
	{"evidence-private-key", N_("An evidence file holds private key material.")},
	{"review-stale", N_("The answer was last reviewed longer ago than the review period.")},
	{"review-future", N_("The review date lies in the future.")},
	{"review-missing", N_("A compliant answer has no review date.")},
	{"waiver-expired", N_("The waiver accepting a non-compliance has expired.")},
	{"waiver-active", N_("A non-compliance is accepted by a waiver in force.")},
	{"check-not-run",
		N_("The check did not run: its project, options or requirement set were refused.")},
	{"lint-not-run",
		N_("The lint did not run: no file could be read or an option was refused.")},
	{"kmehr-not-run",
		N_("The validation did not run: its options or the KMEHR schemas were refused.")},
};

const char *report_rule_text(const char *rule)
{
	for (size_t i = 0; rule && i < sizeof(rule_table) / sizeof(rule_table[0]); i++)
		if (strcmp(rule_table[i].id, rule) == 0)
			return _(rule_table[i].text);
	return "";
}

/* --- text helpers ---------------------------------------------------------- */

/* The code point at s (advancing *len bytes), or -1 for an invalid sequence. */
static long utf8_next(const unsigned char *s, size_t *len)
{
	long cp;
	int n;

	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	n = (s[0] & 0xe0) == 0xc0 ? 1 : (s[0] & 0xf0) == 0xe0 ? 2 : (s[0] & 0xf8) == 0xf0 ? 3 : -1;
	*len = 1;
	if (n < 0)
		return -1;
	cp = s[0] & (0x3f >> n);
	for (int k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (s[k] & 0x3f);
	}
	if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*len = (size_t)n + 1;
	return cp;
}

static size_t utf8_chars(const char *s)
{
	size_t chars = 0, n;

	for (; *s; s += n, chars++)
		utf8_next((const unsigned char *)s, &n);
	return chars;
}

/* Appends s, from a file, escaped for a terminal. */
static void tx(struct buf *b, const char *s)
{
	esc_text(b, s, strlen(s));
}

/* Appends s escaped, then padded to width characters, or cut to width - 1 and "~". */
static void add_padded(struct buf *b, const char *raw, size_t width, bool right)
{
	char *s = esc_text_str(raw);
	size_t chars = utf8_chars(s), bytes = 0, n;

	if (chars > width) {
		for (size_t i = 0; i + 1 < width; i++, bytes += n)
			utf8_next((const unsigned char *)s + bytes, &n);
		buf_add(b, s, bytes);
		buf_adds(b, "~");
		free(s);
		return;
	}
	for (size_t i = chars; right && i < width; i++)
		buf_adds(b, " ");
	buf_adds(b, s);
	for (size_t i = chars; !right && i < width; i++)
		buf_adds(b, " ");
	free(s);
}

/* Appends tmpl with $1 to $9 replaced by args. */
static void add_subst(struct buf *b, const char *tmpl, const char *const *args, int nargs)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] >= '1' && p[1] < '1' + nargs) {
			buf_adds(b, args[p[1] - '1']);
			p++;
		} else {
			buf_add(b, p, 1);
		}
	}
}

static const char *ltext(const struct ltext *t, enum lang l)
{
	return t->s[l] ? t->s[l] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

void report_verdict(const struct report *r, struct buf *b)
{
	const struct report_words *w = report_words(r->lang);
	const struct check_result *res = r->res;
	char n1[16], n2[16], n3[16], n4[16], n5[16], cnt[64];

	snprintf(n1, sizeof(n1), "%u", res->answered);
	snprintf(n2, sizeof(n2), "%zu", res->nreqs);
	if (res->ready) {
		snprintf(n3, sizeof(n3), "%u", res->n[RS_COMPLIANT]);
		snprintf(n4, sizeof(n4), "%u", res->n[RS_NA]);
		snprintf(n5, sizeof(n5), "%u", res->n[RS_WAIVED]);
		add_subst(b, w->ready_text, (const char *const[]){n1, n2, n3, n4, n5}, 5);
	} else {
		snprintf(cnt, sizeof(cnt), "%u %s", res->errors,
			res->errors == 1 ? w->error : w->errors);
		add_subst(b, w->not_ready_text, (const char *const[]){cnt, n1, n2}, 3);
	}
}

/*
 * The verdict of the text report in the language of messages, its counts in the right
 * plural (report_verdict's words, for the signed page, stay as they are).
 */
static void text_verdict(const struct check_result *res, struct buf *b)
{
	char answered[160], n3[96], n4[96], n5[96];

	/* TRANSLATORS: answered requirements, then the applicable ones (the plural's count). */
	snprintf(answered, sizeof(answered),
		ngettext("%u of %zu applicable requirement answered",
			"%u of %zu applicable requirements answered", res->nreqs),
		res->answered, res->nreqs);
	if (!res->ready) {
		/* TRANSLATORS: the errors, then "0 of 80 applicable requirements answered". */
		buf_addf(b,
			ngettext("NOT READY for submission: %u error to fix; %s.",
				"NOT READY for submission: %u errors to fix; %s.", res->errors),
			res->errors, answered);
		return;
	}
	/* TRANSLATORS: requirements answered compliant (a part of the ready verdict). */
	snprintf(n3, sizeof(n3), ngettext("%u compliant", "%u compliant", res->n[RS_COMPLIANT]),
		res->n[RS_COMPLIANT]);
	/* TRANSLATORS: requirements answered not applicable (a part of the ready verdict). */
	snprintf(n4, sizeof(n4), ngettext("%u not applicable", "%u not applicable", res->n[RS_NA]),
		res->n[RS_NA]);
	/* TRANSLATORS: requirements not compliant whose risk a waiver accepts (a part of the
	   ready verdict). */
	snprintf(n5, sizeof(n5),
		ngettext("%u with an accepted risk", "%u with an accepted risk", res->n[RS_WAIVED]),
		res->n[RS_WAIVED]);
	/* TRANSLATORS: "80 of 80 applicable requirements answered", then "78 compliant",
	   "1 not applicable" and "1 with an accepted risk". */
	buf_addf(b, _("READY for submission: %s; %s, %s, %s."), answered, n3, n4, n5);
}

static void add_summary_row(struct buf *b, const char *title, const unsigned n[RS_COUNT],
	unsigned total, unsigned errors)
{
	add_padded(b, title, 30, false);
	buf_addf(b, " %9u %4u%%", total, check_percent(n[RS_COMPLIANT] + n[RS_NA], total));
	for (int s = 0; s < RS_COUNT; s++)
		buf_addf(b, " %9u", n[s]);
	buf_addf(b, " %7u\n", errors);
}

/* The head of the text report: who, which set, and the table per category. */
static void check_text_head(const struct report *r, struct buf *b)
{
	const struct report_words *w = report_words(r->lang);
	const struct check_result *res = r->res;
	char kbo[16] = "", today[11];

	/* French puts a space before ':' and ';', as the words do. */
	const char *colon = r->lang == LANG_FR ? " : " : ": ";
	const char *semi = r->lang == LANG_FR ? " ; " : "; ";

	date_format(r->opts->now, today);
	if (r->org_kbo && strlen(r->org_kbo) == KBO_LEN)
		kbo_format(r->org_kbo, kbo, sizeof(kbo));
	buf_addf(b, "%s%s%s", r->color ? "\033[1m" : "", w->title, colon);
	tx(b, r->org_name ? r->org_name : "?");
	buf_addf(b, "%s%s%s%s\n", kbo[0] ? (r->lang == LANG_FR ? " (BCE " : " (KBO ") : "", kbo,
		kbo[0] ? ")" : "", r->color ? "\033[0m" : "");
	buf_addf(b, "%s%s", w->set, colon);
	tx(b, r->rs->id);
	buf_adds(b, " ");
	tx(b, r->rs->version);
	buf_adds(b, ", ");
	tx(b, ltext(&r->rs->title, r->lang));
	buf_addf(b, "\n%s%s", w->file, colon);
	tx(b, r->a->file);
	buf_addf(b, "%s%s %s%s%s %s%s%s %s\n\n", semi, w->route, route_name(r->opts->route), semi,
		w->kind, kind_name(r->opts->kind), semi, w->date, today);
	add_padded(b, w->category, 30, false);
	buf_adds(b, " ");
	add_padded(b, w->reqs, 9, true);
	buf_adds(b, " ");
	add_padded(b, w->done, 5, true);
	for (int s = 0; s < RS_COUNT; s++) {
		buf_adds(b, " ");
		add_padded(b, w->column[s], 9, true);
	}
	buf_adds(b, " ");
	add_padded(b, w->errors, 7, true);
	buf_adds(b, "\n");
	for (size_t i = 0; i < res->ncats; i++) {
		const struct cat_result *c = &res->cats[i];
		add_summary_row(b, ltext(&c->cat->title, r->lang), c->n, c->total, c->errors);
	}
	/* The total counts every error, also those about no requirement (unknown ids). */
	add_summary_row(b, w->total, res->n, (unsigned)res->nreqs, res->errors);
	buf_adds(b, "\n");
}

static void render_check_text(const struct report *r, struct buf *b)
{
	const struct check_result *res = r->res;
	char counts[96];

	if (!r->brief)
		check_text_head(r, b);
	diag_text(b, r->d, r->color);
	diag_count_text(r->d, counts, sizeof(counts));
	buf_addf(b, "%s%s\n", r->d->n ? "\n" : "", counts);
	buf_adds(b, r->color ? (res->ready ? "\033[1;32m" : "\033[1;31m") : "");
	/* gettext's plurals when messages speak r->lang (cot check sees to it), else the words */
	if (i18n_lang() == r->lang)
		text_verdict(res, b);
	else
		report_verdict(r, b);
	buf_addf(b, "%s\n", r->color ? "\033[0m" : "");
}

static void render_lint_text(const struct report *r, struct buf *b)
{
	char counts[96];
	size_t readable = 0;

	for (size_t i = 0; i < r->nfiles; i++)
		readable += r->files[i].readable;
	diag_text(b, r->d, r->color);
	diag_count_text(r->d, counts, sizeof(counts));
	if (readable < r->nfiles)
		/* TRANSLATORS: files linted, those of them that could not be read, then the
		   count of findings ("2 errors, 1 warning" or "no findings"). */
		buf_addf(b,
			ngettext("%zu file checked (%zu unreadable): %s",
				"%zu files checked (%zu unreadable): %s", r->nfiles),
			r->nfiles, r->nfiles - readable, counts);
	else
		/* TRANSLATORS: files linted, then the count of findings ("2 errors, 1 warning"
		   or "no findings"). */
		buf_addf(b, ngettext("%zu file checked: %s", "%zu files checked: %s", r->nfiles),
			r->nfiles, counts);
	buf_adds(b, "\n");
}

/* --- JSON ------------------------------------------------------------------ */

static json_t *jstr(const char *s)
{
	json_t *j = s ? esc_json(s, strlen(s)) : NULL;

	return j ? j : json_null();
}

static void jset(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v ? v : json_null());
}

static json_t *json_findings(const struct diag_list *d)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		json_t *o = json_object();
		jset(o, "rule", jstr(x->rule));
		jset(o, "severity", json_string(diag_sev_name(x->sev)));
		jset(o, "file", jstr(x->file));
		/* a finding about a whole file (one that cannot be read) has no position */
		jset(o, "line", x->line ? json_integer(x->line) : NULL);
		jset(o, "column", x->line ? json_integer(x->col ? x->col : 1) : NULL);
		jset(o, "message", jstr(x->msg));
		if (x->subject)
			jset(o, "requirement", jstr(x->subject));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *json_counts(const struct diag_list *d)
{
	return json_pack("{s:i, s:i, s:i, s:I}", "errors", (int)d->errors, "warnings",
		(int)d->warnings, "notes", (int)d->notes, "not_shown", (json_int_t)d->dropped);
}

static const char *const state_ids[RS_COUNT] = {
	"compliant", "not-applicable", "waived", "not-compliant", "open"};
/* The same states as keys of the counts: one key style (snake_case) in every JSON output. */
static const char *const state_keys[RS_COUNT] = {
	"compliant", "not_applicable", "waived", "not_compliant", "open"};

static json_t *json_states(const unsigned n[RS_COUNT], unsigned total, unsigned errors)
{
	json_t *o = json_object();

	jset(o, "total", json_integer(total));
	for (int s = 0; s < RS_COUNT; s++)
		jset(o, state_keys[s], json_integer(n[s]));
	jset(o, "percent_done", json_integer(check_percent(n[RS_COMPLIANT] + n[RS_NA], total)));
	jset(o, "errors", json_integer(errors));
	return o;
}

static json_t *json_check(const struct report *r)
{
	const struct check_result *res = r->res;
	json_t *o = json_object(), *cats = json_array(), *reqs = json_array(), *summary;
	char today[11];

	date_format(r->opts->now, today);
	jset(o, "schema", json_string(REPORT_JSON_CHECK));
	jset(o, "tool", json_pack("{s:s, s:s}", "name", "cot", "version", COT_VERSION));
	jset(o, "ready", json_boolean(res->ready));
	jset(o, "date", json_string(today));
	jset(o, "answers",
		json_pack("{s:o, s:s}", "file", jstr(r->a->file), "sha256", r->a->sha256));
	jset(o, "requirements",
		json_pack("{s:o, s:o, s:o}", "id", jstr(r->rs->id), "version", jstr(r->rs->version),
			"file", jstr(r->rs->file)));
	jset(o, "organisation",
		json_pack("{s:o, s:o}", "name", jstr(r->org_name), "kbo", jstr(r->org_kbo)));
	jset(o, "route", json_string(route_name(r->opts->route)));
	jset(o, "kind", json_string(kind_name(r->opts->kind)));
	for (size_t i = 0; i < res->ncats; i++) {
		const struct cat_result *c = &res->cats[i];
		json_t *jc = json_states(c->n, c->total, c->errors);
		json_object_set_new(jc, "id", jstr(c->cat->id));
		json_object_set_new(jc, "title", jstr(ltext(&c->cat->title, r->lang)));
		json_array_append_new(cats, jc);
	}
	for (size_t i = 0; i < res->nreqs; i++) {
		const struct req_result *rr = &res->reqs[i];
		json_array_append_new(
			reqs, json_pack("{s:o, s:o, s:o, s:s, s:s, s:s, s:i, s:i}", "id",
				      jstr(rr->req->id), "category", jstr(rr->req->category),
				      "title", jstr(ltext(&rr->req->title, r->lang)), "level",
				      req_level_name(rr->req->level), "status",
				      rr->ans ? ans_status_name(rr->ans->status) : "missing",
				      "state", state_ids[rr->state], "errors", (int)rr->errors,
				      "warnings", (int)rr->warnings));
	}
	summary = json_states(res->n, (unsigned)res->nreqs, res->errors);
	json_object_set_new(summary, "answered", json_integer(res->answered));
	jset(o, "summary", summary);
	jset(o, "categories", cats);
	jset(o, "results", reqs);
	jset(o, "findings", json_findings(r->d));
	jset(o, "counts", json_counts(r->d));
	return o;
}

static const char *kind_id(enum cl_kind k)
{
	return k == CL_REQUIREMENTS ? "requirements" : k == CL_ANSWERS ? "answers" : "unknown";
}

static json_t *json_lint(const struct report *r)
{
	json_t *o = json_object(), *files = json_array();
	bool ok = r->d->errors == 0 && (!r->strict || r->d->warnings == 0);

	jset(o, "schema", json_string(REPORT_JSON_LINT));
	jset(o, "tool", json_pack("{s:s, s:s}", "name", "cot", "version", COT_VERSION));
	jset(o, "ok", json_boolean(ok));
	jset(o, "strict", json_boolean(r->strict));
	for (size_t i = 0; i < r->nfiles; i++) {
		const struct lint_file *f = &r->files[i];
		unsigned e = 0, w = 0;
		for (size_t k = 0; k < r->d->n; k++)
			if (r->d->v[k].file && strcmp(r->d->v[k].file, f->name) == 0) {
				e += r->d->v[k].sev == DIAG_ERROR;
				w += r->d->v[k].sev == DIAG_WARNING;
			}
		json_array_append_new(
			files, json_pack("{s:o, s:s, s:b, s:i, s:i}", "file", jstr(f->name), "kind",
				       kind_id(f->kind), "readable", f->readable, "errors", (int)e,
				       "warnings", (int)w));
	}
	jset(o, "files", files);
	jset(o, "findings", json_findings(r->d));
	jset(o, "counts", json_counts(r->d));
	return o;
}

static int add_json(struct buf *b, json_t *o, struct cot_err *err)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;

	json_decref(o);
	if (!s)
		return cot_err_nomem(err);
	buf_addf(b, "%s\n", s);
	free(s);
	return COT_OK;
}

/* --- SARIF ----------------------------------------------------------------- */

static const char *sarif_level(enum diag_sev s)
{
	return s == DIAG_ERROR ? "error" : s == DIAG_WARNING ? "warning" : "note";
}

/* A file name as a URI reference: relative stays relative, absolute becomes file://. */
static json_t *sarif_uri(const char *file)
{
	char *clean = esc_text_str(file ? file : "-");
	xmlChar *esc = xml_api.uri_escape_str(BAD_CAST clean, BAD_CAST "/");
	struct buf b = BUF_INIT;
	json_t *j;

	if (clean[0] == '/')
		buf_adds(&b, "file://");
	buf_adds(&b, esc ? (const char *)esc : "-");
	j = jstr(b.data);
	free(esc);
	free(clean);
	buf_release(&b);
	return j;
}

/* Whether the run read anything: a lint of which no file could be read did not. */
static bool sarif_ran(const struct report *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (r->files[i].readable)
			return true;
	return r->nfiles == 0;
}

static json_t *json_sarif(const struct report *r, bool ran)
{
	json_t *rules = json_array(), *results = json_array(), *run, *ids = json_object();

	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *x = &r->d->v[i];
		const char *rule = x->rule ? x->rule : "cot";
		json_t *index = json_object_get(ids, rule), *res, *loc;
		if (!index) {
			const char *text = report_rule_text(rule);
			index = json_integer((json_int_t)json_array_size(rules));
			json_object_set_new(ids, rule, index);
			json_array_append_new(
				rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}}", "id",
					       rule, "name", rule, "shortDescription", "text",
					       text[0] ? text : rule, "fullDescription", "text",
					       text[0] ? text : rule, "defaultConfiguration",
					       "level", sarif_level(x->sev)));
		}
		loc = json_pack("{s:{s:{s:o}, s:{s:i, s:i}}}", "physicalLocation",
			"artifactLocation", "uri", sarif_uri(x->file), "region", "startLine",
			x->line ? (int)x->line : 1, "startColumn", x->col ? (int)x->col : 1);
		res = json_pack("{s:s, s:I, s:s, s:{s:o}, s:[o]}", "ruleId", rule, "ruleIndex",
			json_integer_value(index), "level", sarif_level(x->sev), "message", "text",
			jstr(x->msg), "locations", loc);
		json_array_append_new(results, res);
	}
	json_decref(ids);
	run = json_pack("{s:{s:{s:s, s:s, s:o}}, s:[{s:b}], s:o, s:s}", "tool", "driver", "name",
		"cot", "version", COT_VERSION, "rules", rules, "invocations", "executionSuccessful",
		ran, "results", results, "columnKind", "unicodeCodePoints");
	return json_pack("{s:s, s:s, s:[o]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0", "runs", run);
}

/* --- JUnit ----------------------------------------------------------------- */

static bool fails(const struct report *r, enum diag_sev s)
{
	return s == DIAG_ERROR || (r->strict && s == DIAG_WARNING);
}

/* True when subject names a test case of the check: an applicable requirement. */
static bool is_case(const struct report *r, const char *subject)
{
	const struct requirement *q;

	if (!r->res || !subject || !(q = reqset_get(r->rs, subject)))
		return false;
	return req_applies(q, r->opts->route, r->opts->kind);
}

/*
 * Which findings a test case holds: those about its requirement (subject), or
 * those in its file that belong to no other case.
 */
static bool in_case(
	const struct report *r, const struct diag *f, const char *subject, const char *file)
{
	if (subject)
		return f->subject && strcmp(f->subject, subject) == 0;
	return file && f->file && strcmp(f->file, file) == 0 && !is_case(r, f->subject);
}

static bool case_fails(const struct report *r, const char *subject, const char *file)
{
	for (size_t i = 0; i < r->d->n; i++)
		if (fails(r, r->d->v[i].sev) && in_case(r, &r->d->v[i], subject, file))
			return true;
	return false;
}

/* The findings of a test case: a failure when any fails, the others as output. */
static void junit_findings(
	struct xw *x, const struct report *r, const char *subject, const char *file)
{
	struct buf fail = BUF_INIT, out = BUF_INIT;
	const char *first = NULL, *type = NULL;

	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *f = &r->d->v[i];
		struct buf *b;
		if (!in_case(r, f, subject, file))
			continue;
		b = fails(r, f->sev) ? &fail : &out;
		if (b == &fail && !first) {
			first = f->msg;
			type = f->rule;
		}
		buf_addf(b, "%s", f->file ? f->file : "-");
		if (f->line)
			buf_addf(b, ":%u:%u", f->line, f->col ? f->col : 1);
		buf_addf(b, ": %s: %s [%s]\n", diag_sev_name(f->sev), f->msg,
			f->rule ? f->rule : "");
	}
	if (first) {
		xw_start(x, "failure");
		xw_attr(x, "message", first);
		xw_attr(x, "type", type ? type : "cot");
		xw_text(x, fail.data);
		xw_full_end(x);
	}
	if (out.len)
		xw_elem(x, "system-out", out.data);
	buf_release(&fail);
	buf_release(&out);
}

/* The files of findings that belong to no requirement's case (check). */
static size_t junit_files(const struct report *r, const char **files, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *f = &r->d->v[i];
		size_t k;
		if (!f->file || is_case(r, f->subject))
			continue;
		for (k = 0; k < n; k++)
			if (strcmp(files[k], f->file) == 0)
				break;
		if (k == n && n < max)
			files[n++] = f->file;
	}
	return n;
}

/* A suite's counts; Jenkins' junit-10.xsd allows 'skipped' on <testsuite> only. */
static void junit_suite_attrs(
	struct xw *x, const char *name, size_t tests, size_t failures, bool suite)
{
	xw_attr(x, "name", name);
	xw_attrf(x, "tests", "%zu", tests);
	xw_attrf(x, "failures", "%zu", failures);
	xw_attr(x, "errors", "0");
	if (suite)
		xw_attr(x, "skipped", "0");
}

static void junit_check(struct xw *x, const struct report *r)
{
	const struct check_result *res = r->res;
	const char *files[64];
	size_t nfiles = junit_files(r, files, 64), failures = 0;
	char suite[256];

	for (size_t i = 0; i < res->nreqs; i++)
		failures += case_fails(r, res->reqs[i].req->id, NULL);
	for (size_t i = 0; i < nfiles; i++)
		failures += case_fails(r, NULL, files[i]);
	snprintf(suite, sizeof(suite), "cot check %s %s", r->rs->id, r->rs->version);
	xw_start(x, "testsuites");
	junit_suite_attrs(x, suite, res->nreqs + nfiles, failures, false);
	xw_start(x, "testsuite");
	junit_suite_attrs(x, r->a->file, res->nreqs + nfiles, failures, true);
	for (size_t i = 0; i < nfiles; i++) {
		xw_start(x, "testcase");
		xw_attr(x, "classname", "file");
		xw_attr(x, "name", files[i]);
		junit_findings(x, r, NULL, files[i]);
		xw_end(x);
	}
	for (size_t i = 0; i < res->nreqs; i++) {
		const struct requirement *q = res->reqs[i].req;
		char name[512];
		snprintf(name, sizeof(name), "%s %s", q->id, ltext(&q->title, r->lang));
		xw_start(x, "testcase");
		xw_attrf(x, "classname", "%s.%s", r->rs->id, q->category ? q->category : "-");
		xw_attr(x, "name", name);
		junit_findings(x, r, q->id, NULL);
		xw_end(x);
	}
	xw_full_end(x);
	xw_full_end(x);
}

static void junit_lint(struct xw *x, const struct report *r)
{
	size_t failures = 0;
	char name[64];

	/* "cot lint", "cot kmehr validate": the command that wrote it */
	snprintf(name, sizeof(name), "cot %s", r->command);
	for (size_t i = 0; i < r->nfiles; i++)
		failures += case_fails(r, NULL, r->files[i].name);
	xw_start(x, "testsuites");
	junit_suite_attrs(x, name, r->nfiles, failures, false);
	xw_start(x, "testsuite");
	junit_suite_attrs(x, name, r->nfiles, failures, true);
	for (size_t i = 0; i < r->nfiles; i++) {
		xw_start(x, "testcase");
		xw_attr(x, "classname", kind_id(r->files[i].kind));
		xw_attr(x, "name", r->files[i].name);
		junit_findings(x, r, NULL, r->files[i].name);
		xw_end(x);
	}
	xw_full_end(x);
	xw_full_end(x);
}

static int render_junit(const struct report *r, struct buf *b, struct cot_err *err)
{
	struct xw x;
	int rc = xml_load(err);

	if (rc)
		return rc;
	if (!xw_open(&x)) {
		xw_close(&x, b);
		return cot_err_nomem(err);
	}
	xml_api.text_writer_set_indent(x.w, 1);
	xml_api.text_writer_set_indent_string(x.w, BAD_CAST "  ");
	xw_check(&x, xml_api.text_writer_start_document(x.w, NULL, "UTF-8", NULL));
	if (r->res)
		junit_check(&x, r);
	else
		junit_lint(&x, r);
	xw_check(&x, xml_api.text_writer_end_document(x.w));
	if (!xw_close(&x, b))
		return cot_err_set(err, COT_ENV, "%s", _("cannot write the JUnit report"));
	return COT_OK;
}

/* --- GitHub ---------------------------------------------------------------- */

void report_github_escape(struct buf *b, const char *s, bool property)
{
	static const char special[] = "%\r\n:,";

	while (*s) {
		size_t run = strcspn(s, special);
		esc_text(b, s, run);
		s += run;
		switch (*s) {
		case '%':
			buf_adds(b, "%25");
			break;
		case '\r':
			buf_adds(b, "%0D");
			break;
		case '\n':
			buf_adds(b, "%0A");
			break;
		case ':':
			buf_adds(b, property ? "%3A" : ":");
			break;
		case ',':
			buf_adds(b, property ? "%2C" : ",");
			break;
		default:
			return;
		}
		s++;
	}
}

static void render_github(const struct report *r, struct buf *b)
{
	static const char *const cmds[] = {"notice", "warning", "error"};
	char counts[96];

	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *x = &r->d->v[i];
		buf_addf(b, "::%s ", cmds[x->sev]);
		if (x->file) {
			buf_adds(b, "file=");
			report_github_escape(b, x->file, true);
			buf_addf(b, ",line=%u,col=%u,", x->line ? x->line : 1, x->col ? x->col : 1);
		}
		buf_adds(b, "title=");
		report_github_escape(b, x->rule ? x->rule : "cot", true);
		buf_adds(b, "::");
		report_github_escape(b, x->msg, false);
		buf_adds(b, "\n");
	}
	diag_count_text(r->d, counts, sizeof(counts));
	buf_addf(b, "cot %s: %s", r->command, counts);
	if (r->res)
		buf_addf(b, "; %s",
			r->res->ready ? _("ready for submission") : _("not ready for submission"));
	buf_adds(b, "\n");
}

/* --- dispatch -------------------------------------------------------------- */

int report_render(
	const struct report *r, enum report_format fmt, struct buf *out, struct cot_err *err)
{
	int rc = COT_OK;

	switch (fmt) {
	case REPORT_TEXT:
		if (r->res)
			render_check_text(r, out);
		else
			render_lint_text(r, out);
		break;
	case REPORT_JSON:
		rc = add_json(out, r->res ? json_check(r) : json_lint(r), err);
		break;
	case REPORT_SARIF:
		/* its URIs are escaped by libxml2 */
		if (!(rc = xml_load(err)))
			rc = add_json(out, json_sarif(r, sarif_ran(r)), err);
		break;
	case REPORT_JUNIT:
		rc = render_junit(r, out, err);
		break;
	case REPORT_GITHUB:
		render_github(r, out);
		break;
	case REPORT_HTML:
		if (!r->res)
			return cot_err_set(err, COT_USAGE, "%s",
				_("an HTML report is made by 'cot check' only"));
		rc = report_render_html(r, out, err);
		break;
	}
	if (!rc && out->failed) {
		rc = cot_err_nomem(err);
		cot_err_prefix(err, "%s", _("the report is too large"));
	}
	return rc;
}

/* --- a run that did not complete ------------------------------------------- */

static json_t *json_error(int code, const char *why)
{
	return json_pack("{s:o, s:i}", "message", jstr(why), "exit_code", code);
}

/* cot.check/1 of a check that did not run: what is known is the error and its findings. */
static json_t *json_check_failed(const struct report *r, int code, const char *why)
{
	json_t *o = json_object();

	jset(o, "schema", json_string(REPORT_JSON_CHECK));
	jset(o, "tool", json_pack("{s:s, s:s}", "name", "cot", "version", COT_VERSION));
	jset(o, "ready", json_false());
	jset(o, "error", json_error(code, why));
	jset(o, "findings", json_findings(r->d));
	jset(o, "counts", json_counts(r->d));
	return o;
}

static json_t *json_lint_failed(const struct report *r, int code, const char *why)
{
	json_t *o = json_lint(r);

	jset(o, "ok", json_false());
	jset(o, "error", json_error(code, why));
	return o;
}

/* One test case, the run itself, in error: what CI shows as a broken build. */
static int junit_failed(const struct report *r, const char *why, struct buf *b, struct cot_err *err)
{
	struct buf text = BUF_INIT;
	char name[64], type[64];
	struct xw x;

	snprintf(name, sizeof(name), "cot %s", r->command);
	snprintf(type, sizeof(type), "%.*s-not-run", (int)strcspn(r->command, " "), r->command);
	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *f = &r->d->v[i];
		buf_addf(&text, "%s", f->file ? f->file : "-");
		if (f->line)
			buf_addf(&text, ":%u:%u", f->line, f->col ? f->col : 1);
		buf_addf(&text, ": %s: %s [%s]\n", diag_sev_name(f->sev), f->msg,
			f->rule ? f->rule : "");
	}
	if (!xw_open(&x)) {
		xw_close(&x, b);
		buf_release(&text);
		return cot_err_nomem(err);
	}
	xml_api.text_writer_set_indent(x.w, 1);
	xml_api.text_writer_set_indent_string(x.w, BAD_CAST "  ");
	xw_check(&x, xml_api.text_writer_start_document(x.w, NULL, "UTF-8", NULL));
	xw_start(&x, "testsuites");
	xw_attr(&x, "name", name);
	xw_attr(&x, "tests", "1");
	xw_attr(&x, "failures", "0");
	xw_attr(&x, "errors", "1");
	xw_start(&x, "testsuite");
	xw_attr(&x, "name", name);
	xw_attr(&x, "tests", "1");
	xw_attr(&x, "failures", "0");
	xw_attr(&x, "errors", "1");
	xw_attr(&x, "skipped", "0");
	xw_start(&x, "testcase");
	xw_attr(&x, "classname", "cot");
	xw_attr(&x, "name", name);
	xw_start(&x, "error");
	xw_attr(&x, "message", why);
	xw_attr(&x, "type", type);
	xw_text(&x, text.len ? text.data : why);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_check(&x, xml_api.text_writer_end_document(x.w));
	buf_release(&text);
	if (!xw_close(&x, b))
		return cot_err_set(err, COT_ENV, "%s", _("cannot write the JUnit report"));
	return COT_OK;
}

static void github_failed(const struct report *r, const char *why, struct buf *b)
{
	struct report shown = *r;

	shown.res = NULL; /* no verdict: there is none */
	render_github(&shown, b);
	/* TRANSLATORS: the command (check, lint), then the error that stopped it. */
	buf_addf(b, _("cot %s: did not complete: %s"), r->command, why);
	buf_adds(b, "\n");
}

int report_render_failure(const struct report *r, enum report_format fmt, int code, const char *why,
	struct buf *out, struct cot_err *err)
{
	int rc = COT_OK;

	/* SARIF's URIs, JUnit and HTML are written with libxml2 */
	if (fmt == REPORT_SARIF || fmt == REPORT_JUNIT || fmt == REPORT_HTML)
		if ((rc = xml_load(err)))
			return rc;
	switch (fmt) {
	case REPORT_TEXT:
		break;
	case REPORT_JSON:
		rc = add_json(out,
			strcmp(r->command, "check") == 0 ? json_check_failed(r, code, why)
							 : json_lint_failed(r, code, why),
			err);
		break;
	case REPORT_SARIF:
		rc = add_json(out, json_sarif(r, false), err);
		break;
	case REPORT_JUNIT:
		rc = junit_failed(r, why, out, err);
		break;
	case REPORT_GITHUB:
		github_failed(r, why, out);
		break;
	case REPORT_HTML:
		rc = report_render_html_failure(r, why, out, err);
		break;
	}
	if (!rc && out->failed)
		rc = cot_err_nomem(err);
	return rc;
}
