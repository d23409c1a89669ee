/* Reports of cot verify: text lines, JSON, JUnit XML and a self-contained HTML page. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/verify.h"
#include "cot/xml-load.h"
#include "report-xml.h"

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_RESET "\033[0m"

/* Calls fn for each message line of check c. */
static void each_line(
	const struct vresult_check *c, void (*fn)(const char *line, size_t n, void *arg), void *arg)
{
	const char *p = c->lines.data;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fn(p, n, arg);
		p += n + (nl ? 1 : 0);
	}
}

static const char *verdict_color(enum indication i)
{
	return i == IND_TOTAL_PASSED ? ANSI_GREEN : i == IND_TOTAL_FAILED ? ANSI_RED : ANSI_YELLOW;
}

/* ---- text ------------------------------------------------------------------------------ */

struct text_line {
	struct buf *out;
	const char *path, *sev, *id;
};

/* Appends s, from a bundle or the command line, escaped for a terminal. */
static void tx(struct buf *out, const char *s)
{
	esc_text(out, s, strlen(s));
}

/* s escaped (for a terminal, or for HTML when html) into b, which must be empty: b's text. */
static const char *esc_in(struct buf *b, const char *s, bool html)
{
	if (html)
		esc_html(b, s, strlen(s));
	else
		esc_text(b, s, strlen(s));
	return b->data ? b->data : "";
}

/* The bundle's verdict, "TOTAL-FAILED/HASH_FAILURE" (sep "/"): ETSI's words, never translated. */
static const char *verdict_words(
	char *out, size_t len, enum indication i, const char *sub, const char *sep)
{
	snprintf(out, len, "%s%s%s", indication_name(i), sub ? sep : "", sub ? sub : "");
	return out;
}

/* "organisation NAME, KBO …, NIHII …, route …, created …", escaped for text or HTML. */
static void organisation_line(const struct vresult *r, struct buf *out, bool html)
{
	struct buf e[4] = {BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT};
	const struct submission *s = &r->sub_xml;

	/* TRANSLATORS: the organisation's name, its KBO number, (its NIHII number,) the route
	   ("direct", "vitalink"), when the bundle was made (an ISO 8601 time). */
	if (s->nihii[0])
		buf_addf(out, _("organisation %s, KBO %s, NIHII %s, route %s, created %s"),
			esc_in(&e[0], s->name, html), esc_in(&e[1], s->kbo, html),
			esc_in(&e[2], s->nihii, html), route_name(s->route),
			esc_in(&e[3], s->created, html));
	else
		buf_addf(out, _("organisation %s, KBO %s, route %s, created %s"),
			esc_in(&e[0], s->name, html), esc_in(&e[1], s->kbo, html),
			route_name(s->route), esc_in(&e[3], s->created, html));
	for (int i = 0; i < 4; i++)
		buf_release(&e[i]);
}

/* "signed by SUBJECT[, claimed at TIME]" (claimed: the signature's own claim) or "… at TIME". */
static void signed_by(
	struct buf *out, const char *signer, const char *when, bool claimed, bool html)
{
	struct buf e[2] = {BUF_INIT, BUF_INIT};

	if (!when[0])
		buf_addf(out, _("signed by %s"), esc_in(&e[0], signer, html));
	else if (claimed)
		/* TRANSLATORS: the signer's name, the signing time the signature claims. */
		buf_addf(out, _("signed by %s, claimed at %s"), esc_in(&e[0], signer, html),
			esc_in(&e[1], when, html));
	else
		buf_addf(out, _("signed by %s at %s"), esc_in(&e[0], signer, html),
			esc_in(&e[1], when, html));
	buf_release(&e[0]);
	buf_release(&e[1]);
}

static void text_line(const char *line, size_t n, void *arg)
{
	struct text_line *t = arg;

	tx(t->out, t->path);
	/* TRANSLATORS: between a bundle's name and a check's message: ": passed: ". */
	buf_addf(t->out, C_("verify line", ": %s: "), t->sev);
	esc_text(t->out, line, n);
	buf_addf(t->out, " [%s]\n", t->id);
}

/* The word of a check's line in the text report. */
static const char *severity(enum vstatus s)
{
	switch (s) {
	case VS_FAILED:
		return C_("verify line", "error");
	case VS_INDETERMINATE:
		return C_("verify line", "indeterminate");
	case VS_WARNING:
		return C_("verify line", "warning");
	case VS_SKIPPED:
		return C_("verify line", "skipped");
	default:
		return C_("verify line", "passed");
	}
}

/* A check's status for people (vstatus_name is the machines'). */
static const char *status_label(enum vstatus s)
{
	switch (s) {
	case VS_FAILED:
		return C_("check status", "failed");
	case VS_INDETERMINATE:
		return C_("check status", "indeterminate");
	case VS_WARNING:
		return C_("check status", "warning");
	case VS_SKIPPED:
		return C_("check status", "skipped");
	default:
		return C_("check status", "passed");
	}
}

static void text_organisation(const struct vresult *r, struct buf *out)
{
	buf_adds(out, "  ");
	organisation_line(r, out, false);
	buf_adds(out, "\n");
}

static void text_sig(const struct vsig *v, struct buf *out)
{
	struct buf name = BUF_INIT;
	const char *n = esc_in(&name, v->signature[0] ? v->signature : v->manifest, false);
	char verdict[96];

	verdict_words(verdict, sizeof(verdict), v->ind, v->sub, "/");
	buf_adds(out, "  ");
	/* TRANSLATORS: the signature's file, its level (B-B, B-T, B-LT), its verdict
	   (TOTAL-PASSED, INDETERMINATE/…: not translated). */
	if (v->level[0] && v->countersignature)
		buf_addf(out, _("signature %s, %s: %s, a countersignature"), n, v->level, verdict);
	else if (v->level[0])
		buf_addf(out, _("signature %s, %s: %s"), n, v->level, verdict);
	else if (v->countersignature)
		buf_addf(out, _("signature %s: %s, a countersignature"), n, verdict);
	else
		buf_addf(out, _("signature %s: %s"), n, verdict);
	buf_adds(out, "\n");
	buf_release(&name);
	if (v->signer[0]) {
		buf_adds(out, "    ");
		signed_by(out, v->signer, v->signing_time, true, false);
		buf_adds(out, "\n");
	}
	if (v->poe[0] && v->poe_source) {
		buf_adds(out, "    ");
		/* TRANSLATORS: a time (ISO 8601), what proves it ("the validation time", …). */
		buf_addf(out, _("proof of existence %s (%s)"), v->poe, _(v->poe_source));
		buf_adds(out, "\n");
	}
}

static void text_one(const struct vresult *r, bool verbose, bool color, struct buf *out)
{
	tx(out, r->path);
	buf_addf(out, ": %s%s%s%s%s\n", color ? verdict_color(r->ind) : "", indication_name(r->ind),
		r->sub ? "/" : "", r->sub ? r->sub : "", color ? ANSI_RESET : "");
	if (verbose) {
		if (r->sha256[0]) {
			buf_adds(out, "  ");
			/* TRANSLATORS: the file's SHA-256 (hex), its size in bytes, its entries. */
			buf_addf(out,
				ngettext("sha256 %s, %llu bytes, %zu entry",
					"sha256 %s, %llu bytes, %zu entries", r->entries),
				r->sha256, (unsigned long long)r->size, r->entries);
			buf_adds(out, "\n");
		}
		if (r->has_submission)
			text_organisation(r, out);
		if (r->signer[0]) {
			buf_adds(out, "  ");
			signed_by(out, r->signer, r->signing_time, false, false);
			buf_adds(out, "\n");
		}
		for (size_t i = 0; i < r->nsigs; i++)
			text_sig(&r->sigs[i], out);
	}
	for (int c = 0; c < VC_COUNT; c++) {
		struct text_line t = {out, r->path, severity(r->c[c].status), vcheck_id(c)};
		if (!verbose && (r->c[c].status == VS_PASSED || r->c[c].status == VS_SKIPPED))
			continue;
		each_line(&r->c[c], text_line, &t);
	}
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_line(const char *line, size_t n, void *arg)
{
	json_array_append_new(arg, esc_json(line, n));
}

/* A JSON string for s, from a bundle: escaped, so that no value vanishes. */
static json_t *js(const char *s)
{
	return esc_json(s, strlen(s));
}

static json_t *json_sig(const struct vsig *v)
{
	json_t *o = json_pack("{s:o, s:o?, s:o?, s:o?, s:s?, s:s?, s:s?, s:b, s:s, s:s?}",
		"manifest", js(v->manifest), "signature", v->signature[0] ? js(v->signature) : NULL,
		"signer", v->signer[0] ? js(v->signer) : NULL, "signing_time",
		v->signing_time[0] ? js(v->signing_time) : NULL, "level",
		v->level[0] ? v->level : NULL, "poe", v->poe[0] ? v->poe : NULL, "poe_source",
		v->poe_source, "countersignature", v->countersignature, "indication",
		indication_name(v->ind), "subindication", v->sub);

	if (o && v->ind != IND_TOTAL_PASSED)
		json_object_set_new(o, "check", json_string(vcheck_id(v->check)));
	return o;
}

static json_t *json_one(const struct vresult *r)
{
	json_t *sigs = json_array();
	json_t *checks = json_array(), *o;

	for (int c = 0; c < VC_COUNT; c++) {
		json_t *lines = json_array(), *jc;
		each_line(&r->c[c], json_line, lines);
		jc = json_pack("{s:s, s:s, s:o}", "id", vcheck_id(c), "status",
			vstatus_name(r->c[c].status), "messages", lines);
		if (r->c[c].status == VS_FAILED || r->c[c].status == VS_INDETERMINATE)
			json_object_set_new(jc, "subindication", json_string(r->c[c].sub));
		json_array_append_new(checks, jc);
	}
	o = json_pack("{s:o, s:s, s:o, s:I, s:I}", "path", js(r->path), "indication",
		indication_name(r->ind), "subindication",
		r->sub ? json_string(r->sub) : json_null(), "size", (json_int_t)r->size, "entries",
		(json_int_t)r->entries);
	json_object_set_new(o, "sha256", r->sha256[0] ? json_string(r->sha256) : json_null());
	if (r->has_submission)
		json_object_set_new(o, "organisation",
			json_pack("{s:o, s:o, s:o, s:s, s:o, s:b}", "name", js(r->sub_xml.name),
				"kbo", js(r->sub_xml.kbo), "nihii", js(r->sub_xml.nihii), "route",
				route_name(r->sub_xml.route), "created", js(r->sub_xml.created),
				"signed", r->sub_xml.is_signed));
	else
		json_object_set_new(o, "organisation", json_null());
	json_object_set_new(o, "signer",
		r->signer[0] ? json_pack("{s:o, s:o?}", "subject", js(r->signer), "signing_time",
				       r->signing_time[0] ? js(r->signing_time) : NULL)
			     : json_null());
	for (size_t i = 0; i < r->nsigs; i++)
		json_array_append_new(sigs, json_sig(&r->sigs[i]));
	json_object_set_new(o, "signatures", sigs);
	json_object_set_new(o, "checks", checks);
	return o;
}

static int render_json(const struct vresult *v, size_t n, struct buf *out, struct cot_err *err)
{
	json_t *bundles = json_array(), *o;
	size_t passed = 0;
	char *s;

	for (size_t i = 0; i < n; i++) {
		json_array_append_new(bundles, json_one(&v[i]));
		passed += v[i].ind == IND_TOTAL_PASSED;
	}
	o = json_pack("{s:s, s:I, s:I, s:o}", "schema", "cot.verify/1", "passed",
		(json_int_t)passed, "not_passed", (json_int_t)(n - passed), "bundles", bundles);
	s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!s)
		return cot_err_nomem(err);
	buf_adds(out, s);
	buf_adds(out, "\n");
	free(s);
	return COT_OK;
}

/* ---- JUnit ------------------------------------------------------------------------------- */

static bool junit_fails(const struct vresult_check *k)
{
	return k->status == VS_FAILED || k->status == VS_INDETERMINATE;
}

/* The failed checks of every bundle, for the counts of <testsuites>. */
static unsigned junit_failures(const struct vresult *v, size_t n)
{
	unsigned failures = 0;

	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < VC_COUNT; c++)
			failures += junit_fails(&v[i].c[c]);
	return failures;
}

static void junit_one(struct xw *x, const struct vresult *r)
{
	unsigned failures = 0, skipped = 0;

	for (int c = 0; c < VC_COUNT; c++) {
		failures += junit_fails(&r->c[c]);
		skipped += r->c[c].status == VS_SKIPPED;
	}
	xw_start(x, "testsuite");
	xw_attr(x, "name", r->path);
	xw_attrf(x, "tests", "%d", VC_COUNT);
	xw_attrf(x, "failures", "%u", failures);
	xw_attr(x, "errors", "0");
	xw_attrf(x, "skipped", "%u", skipped);
	for (int c = 0; c < VC_COUNT; c++) {
		const struct vresult_check *k = &r->c[c];
		const char *msg = k->lines.data ? k->lines.data : "";
		xw_start(x, "testcase");
		xw_attr(x, "classname", "cot.verify");
		xw_attr(x, "name", vcheck_id(c));
		if (k->status == VS_FAILED || k->status == VS_INDETERMINATE) {
			xw_start(x, "failure");
			xw_attrf(x, "message", "%s/%s",
				k->status == VS_FAILED ? "TOTAL-FAILED" : "INDETERMINATE",
				k->sub ? k->sub : "");
			xw_text(x, msg);
		} else if (k->status == VS_SKIPPED) {
			xw_start(x, "skipped");
			xw_attr(x, "message", msg);
		} else {
			xw_start(x, "system-out");
			xw_text(x, msg);
		}
		xw_end(x);
		xw_end(x);
	}
	xw_end(x);
}

static int render_junit(const struct vresult *v, size_t n, struct buf *out, struct cot_err *err)
{
	struct xw x;
	int rc = xml_load(err);

	if (rc)
		return rc;
	if (!xw_open(&x)) {
		xw_close(&x, out);
		return cot_err_nomem(err);
	}
	xml_api.text_writer_set_indent(x.w, 1);
	xw_check(&x, xml_api.text_writer_start_document(x.w, "1.0", "UTF-8", NULL));
	xw_start(&x, "testsuites");
	xw_attr(&x, "name", "cot verify");
	xw_attrf(&x, "tests", "%zu", n * VC_COUNT);
	xw_attrf(&x, "failures", "%u", junit_failures(v, n));
	xw_attr(&x, "errors", "0");
	for (size_t i = 0; i < n; i++)
		junit_one(&x, &v[i]);
	xw_check(&x, xml_api.text_writer_end_document(x.w));
	return xw_close(&x, out) ? COT_OK : cot_err_nomem(err);
}

/* ---- HTML ------------------------------------------------------------------------------------ */

static void escs(struct buf *b, const char *s)
{
	esc_html(b, s, strlen(s));
}

static void html_line(const char *line, size_t n, void *arg)
{
	esc_html(arg, line, n);
	buf_adds(arg, "<br>");
}

static const char html_head[] =
	"<title>cot verify</title>\n<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}\n"
	"h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;word-break:break-all}\n"
	"table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em "
	".5em;text-align:left;vertical-align:top}\n"
	".v{display:inline-block;padding:.15em "
	".6em;border-radius:.3em;color:#fff;font-weight:bold}\n"
	".TOTAL-PASSED{background:#2e7d32}.TOTAL-FAILED{background:#c62828}"
	".INDETERMINATE{background:#ef6c00}\n"
	".passed{color:#2e7d32}.failed{color:#c62828;font-weight:bold}"
	".indeterminate{color:#ef6c00;font-weight:bold}.warning{color:#8d6e00}.skipped{color:#888}"
	"\n"
	"code{font-size:.92em}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
	"dt{color:#555}dd{margin:0;word-break:break-all}\n"
	"@media print{body{margin:0}}\n</style></head><body>\n";

static void html_facts(const struct vresult *r, struct buf *b)
{
	buf_adds(b, "<dl>");
	if (r->sha256[0]) {
		buf_addf(b, "<dt>SHA-256</dt><dd><code>%s</code> (", r->sha256);
		/* TRANSLATORS: the file's size in bytes, its number of entries. */
		buf_addf(b,
			ngettext("%llu bytes, %zu entry", "%llu bytes, %zu entries", r->entries),
			(unsigned long long)r->size, r->entries);
		buf_adds(b, ")</dd>");
	}
	if (r->has_submission) {
		buf_addf(b, "<dt>%s</dt><dd>", C_("verify column", "organisation"));
		organisation_line(r, b, true);
		buf_adds(b, "</dd>");
	}
	if (r->signer[0]) {
		buf_addf(b, "<dt>%s</dt><dd>", C_("verify column", "signer"));
		signed_by(b, r->signer, r->signing_time, false, true);
		buf_adds(b, "</dd>");
	}
	buf_adds(b, "</dl>\n");
}

static void html_sigs(const struct vresult *r, struct buf *b)
{
	if (!r->nsigs)
		return;
	buf_addf(b, "<table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		C_("verify column", "signature"), C_("verify column", "level"),
		C_("verify column", "signer"), C_("verify column", "proof of existence"),
		C_("verify column", "verdict"));
	for (size_t i = 0; i < r->nsigs; i++) {
		const struct vsig *v = &r->sigs[i];
		buf_adds(b, "<tr><td><code>");
		escs(b, v->signature[0] ? v->signature : v->manifest);
		buf_adds(b, "</code>");
		if (v->countersignature)
			buf_addf(b, " (%s)", C_("verify column", "countersignature"));
		buf_adds(b, "</td><td>");
		escs(b, v->level);
		buf_adds(b, "</td><td>");
		if (v->signer[0])
			signed_by(b, v->signer, v->signing_time, true, true);
		buf_addf(b, "</td><td>%s", v->poe);
		if (v->poe_source)
			buf_addf(b, " (%s)", _(v->poe_source));
		buf_addf(b, "</td><td><span class=\"v %s\">%s%s%s</span></td></tr>\n",
			indication_name(v->ind), indication_name(v->ind), v->sub ? " / " : "",
			v->sub ? v->sub : "");
	}
	buf_adds(b, "</table>\n");
}

static void html_one(const struct vresult *r, struct buf *b)
{
	buf_adds(b, "<h2>");
	escs(b, r->path);
	buf_addf(b, " <span class=\"v %s\">%s%s%s</span></h2>\n", indication_name(r->ind),
		indication_name(r->ind), r->sub ? " / " : "", r->sub ? r->sub : "");
	html_facts(r, b);
	html_sigs(r, b);
	buf_addf(b, "<table><tr><th>%s</th><th>%s</th><th>%s</th></tr>\n",
		C_("verify column", "check"), C_("verify column", "result"),
		C_("verify column", "details"));
	for (int c = 0; c < VC_COUNT; c++) {
		buf_addf(b, "<tr><td><code>%s</code><br><small>", vcheck_id(c));
		escs(b, vcheck_title(c));
		buf_addf(b, "</small></td><td class=\"%s\">%s</td><td>",
			vstatus_name(r->c[c].status), status_label(r->c[c].status));
		each_line(&r->c[c], html_line, b);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</table>\n");
}

static void render_html(const struct vresult *v, size_t n, struct buf *b)
{
	size_t passed = 0;

	for (size_t i = 0; i < n; i++)
		passed += v[i].ind == IND_TOTAL_PASSED;
	buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n",
		lang_name(i18n_lang()));
	buf_adds(b, html_head);
	buf_adds(b, "<h1>");
	/* TRANSLATORS: TOTAL-PASSED is ETSI's verdict: keep it as it is. */
	buf_addf(b,
		ngettext("cot verify: %zu of %zu bundle TOTAL-PASSED",
			"cot verify: %zu of %zu bundles TOTAL-PASSED", n),
		passed, n);
	buf_addf(b, "</h1>\n<p>%s</p>\n",
		_("Verdicts in the terms of ETSI EN 319 102-1. Each "
		  "check has a stable id."));
	for (size_t i = 0; i < n; i++)
		html_one(&v[i], b);
	buf_adds(b, "</body></html>\n");
}

int verify_render(const struct vresult *results, size_t n, enum verify_format fmt, bool verbose,
	bool color, struct buf *out, struct cot_err *err)
{
	int rc = COT_OK;

	switch (fmt) {
	case VERIFY_JSON:
		rc = render_json(results, n, out, err);
		break;
	case VERIFY_JUNIT:
		rc = render_junit(results, n, out, err);
		break;
	case VERIFY_HTML:
		render_html(results, n, out);
		break;
	case VERIFY_ETSI:
		rc = verify_render_etsi(results, n, out, err);
		break;
	default:
		for (size_t i = 0; i < n; i++)
			text_one(&results[i], verbose, color, out);
	}
	if (!rc && out->failed) {
		rc = cot_err_nomem(err);
		cot_err_prefix(err, "%s", _("the report is too large"));
	}
	return rc;
}
