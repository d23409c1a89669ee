/* Reports of cot verify: text lines, JSON, JUnit XML and a self-contained HTML page. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include <libxml/xmlwriter.h>
#include "cot/escape.h"
#include "cot/verify.h"
#include "report-xml.h"

#define ANSI_RED "\033[31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"
#define ANSI_RESET "\033[0m"

/* Calls fn for each message line of check c. */
static void each_line(const struct vresult_check *c, void (*fn)(const char *line, size_t n,
	void *arg), void *arg)
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

static void text_line(const char *line, size_t n, void *arg)
{
	struct text_line *t = arg;

	tx(t->out, t->path);
	buf_addf(t->out, ": %s: ", t->sev);
	esc_text(t->out, line, n);
	buf_addf(t->out, " [%s]\n", t->id);
}

static const char *severity(enum vstatus s)
{
	switch (s) {
	case VS_FAILED:
		return "error";
	case VS_INDETERMINATE:
		return "indeterminate";
	case VS_WARNING:
		return "warning";
	case VS_SKIPPED:
		return "skipped";
	default:
		return "passed";
	}
}

static void text_organisation(const struct vresult *r, struct buf *out)
{
	buf_adds(out, "  organisation ");
	tx(out, r->sub_xml.name);
	buf_adds(out, ", KBO ");
	tx(out, r->sub_xml.kbo);
	buf_adds(out, r->sub_xml.nihii[0] ? ", NIHII " : "");
	tx(out, r->sub_xml.nihii);
	buf_addf(out, ", route %s, created ", route_name(r->sub_xml.route));
	tx(out, r->sub_xml.created);
	buf_adds(out, "\n");
}

static void text_sig(const struct vsig *v, struct buf *out)
{
	buf_adds(out, "  signature ");
	tx(out, v->signature[0] ? v->signature : v->manifest);
	buf_addf(out, "%s%s: %s%s%s", v->level[0] ? ", " : "", v->level, indication_name(v->ind),
		v->sub ? "/" : "", v->sub ? v->sub : "");
	if (v->countersignature)
		buf_adds(out, ", a countersignature");
	buf_adds(out, "\n");
	if (v->signer[0]) {
		buf_adds(out, "    signed by ");
		tx(out, v->signer);
		buf_adds(out, v->signing_time[0] ? ", claimed at " : "");
		tx(out, v->signing_time);
		buf_adds(out, "\n");
	}
	if (v->poe[0] && v->poe_source)
		buf_addf(out, "    proof of existence %s (%s)\n", v->poe, v->poe_source);
}

static void text_one(const struct vresult *r, bool verbose, bool color, struct buf *out)
{
	tx(out, r->path);
	buf_addf(out, ": %s%s%s%s%s\n", color ? verdict_color(r->ind) : "",
		indication_name(r->ind), r->sub ? "/" : "", r->sub ? r->sub : "",
		color ? ANSI_RESET : "");
	if (verbose) {
		if (r->sha256[0])
			buf_addf(out, "  sha256 %s, %llu bytes, %zu entries\n", r->sha256,
				(unsigned long long)r->size, r->entries);
		if (r->has_submission)
			text_organisation(r, out);
		if (r->signer[0]) {
			buf_adds(out, "  signed by ");
			tx(out, r->signer);
			buf_adds(out, r->signing_time[0] ? " at " : "");
			tx(out, r->signing_time);
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
		v->signing_time[0] ? js(v->signing_time) : NULL, "level", v->level[0] ? v->level : NULL,
		"poe", v->poe[0] ? v->poe : NULL, "poe_source", v->poe_source,
		"countersignature", v->countersignature, "indication", indication_name(v->ind),
		"subindication", v->sub);

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
		indication_name(r->ind), "subindication", r->sub ? json_string(r->sub) : json_null(),
		"size", (json_int_t)r->size, "entries", (json_int_t)r->entries);
	json_object_set_new(o, "sha256", r->sha256[0] ? json_string(r->sha256) : json_null());
	if (r->has_submission)
		json_object_set_new(o, "organisation", json_pack("{s:o, s:o, s:o, s:s, s:o, s:b}",
			"name", js(r->sub_xml.name), "kbo", js(r->sub_xml.kbo), "nihii",
			js(r->sub_xml.nihii), "route", route_name(r->sub_xml.route), "created",
			js(r->sub_xml.created), "signed", r->sub_xml.is_signed));
	else
		json_object_set_new(o, "organisation", json_null());
	json_object_set_new(o, "signer", r->signer[0] ? json_pack("{s:o, s:o?}", "subject",
		js(r->signer), "signing_time", r->signing_time[0] ? js(r->signing_time) : NULL) :
		json_null());
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
		return cot_err_set(err, COT_ENV, "out of memory");
	buf_adds(out, s);
	buf_adds(out, "\n");
	free(s);
	return COT_OK;
}

/* ---- JUnit ------------------------------------------------------------------------------- */

static void junit_one(struct xw *x, const struct vresult *r)
{
	unsigned failures = 0, skipped = 0;

	for (int c = 0; c < VC_COUNT; c++) {
		failures += r->c[c].status == VS_FAILED || r->c[c].status == VS_INDETERMINATE;
		skipped += r->c[c].status == VS_SKIPPED;
	}
	xw_start(x, "testsuite");
	xw_attr(x, "name", r->path);
	xw_attrf(x, "tests", "%d", VC_COUNT);
	xw_attrf(x, "failures", "%u", failures);
	xw_attrf(x, "skipped", "%u", skipped);
	for (int c = 0; c < VC_COUNT; c++) {
		const struct vresult_check *k = &r->c[c];
		const char *msg = k->lines.data ? k->lines.data : "";
		xw_start(x, "testcase");
		xw_attr(x, "classname", "cot.verify");
		xw_attr(x, "name", vcheck_id(c));
		if (k->status == VS_FAILED || k->status == VS_INDETERMINATE) {
			xw_start(x, "failure");
			xw_attrf(x, "message", "%s/%s", k->status == VS_FAILED ? "TOTAL-FAILED" :
				"INDETERMINATE", k->sub ? k->sub : "");
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

	if (!xw_open(&x)) {
		xw_close(&x, out);
		return cot_err_set(err, COT_ENV, "out of memory");
	}
	xmlTextWriterSetIndent(x.w, 1);
	xw_check(&x, xmlTextWriterStartDocument(x.w, "1.0", "UTF-8", NULL));
	xw_start(&x, "testsuites");
	xw_attr(&x, "name", "cot verify");
	for (size_t i = 0; i < n; i++)
		junit_one(&x, &v[i]);
	xw_check(&x, xmlTextWriterEndDocument(x.w));
	return xw_close(&x, out) ? COT_OK : cot_err_set(err, COT_ENV, "cannot write the JUnit "
		"report (out of memory)");
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
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<title>cot verify</title>\n<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222}\n"
	"h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;word-break:break-all}\n"
	"table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3em "
	".5em;text-align:left;vertical-align:top}\n"
	".v{display:inline-block;padding:.15em .6em;border-radius:.3em;color:#fff;font-weight:bold}\n"
	".TOTAL-PASSED{background:#2e7d32}.TOTAL-FAILED{background:#c62828}"
	".INDETERMINATE{background:#ef6c00}\n"
	".passed{color:#2e7d32}.failed{color:#c62828;font-weight:bold}"
	".indeterminate{color:#ef6c00;font-weight:bold}.warning{color:#8d6e00}.skipped{color:#888}\n"
	"code{font-size:.92em}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}"
	"dt{color:#555}dd{margin:0;word-break:break-all}\n"
	"@media print{body{margin:0}}\n</style></head><body>\n";

static void html_facts(const struct vresult *r, struct buf *b)
{
	buf_adds(b, "<dl>");
	if (r->sha256[0])
		buf_addf(b, "<dt>SHA-256</dt><dd><code>%s</code> (%llu bytes, %zu entries)</dd>",
			r->sha256, (unsigned long long)r->size, r->entries);
	if (r->has_submission) {
		buf_adds(b, "<dt>organisation</dt><dd>");
		escs(b, r->sub_xml.name);
		buf_adds(b, ", KBO ");
		escs(b, r->sub_xml.kbo);
		buf_adds(b, r->sub_xml.nihii[0] ? ", NIHII " : "");
		escs(b, r->sub_xml.nihii);
		buf_addf(b, ", route %s</dd><dt>created</dt><dd>", route_name(r->sub_xml.route));
		escs(b, r->sub_xml.created);
		buf_adds(b, "</dd>");
	}
	if (r->signer[0]) {
		buf_adds(b, "<dt>signer</dt><dd>");
		escs(b, r->signer);
		buf_adds(b, r->signing_time[0] ? ", at " : "");
		escs(b, r->signing_time);
		buf_adds(b, "</dd>");
	}
	buf_adds(b, "</dl>\n");
}

static void html_sigs(const struct vresult *r, struct buf *b)
{
	if (!r->nsigs)
		return;
	buf_adds(b, "<table><tr><th>signature</th><th>level</th><th>signer</th>"
		    "<th>proof of existence</th><th>verdict</th></tr>\n");
	for (size_t i = 0; i < r->nsigs; i++) {
		const struct vsig *v = &r->sigs[i];
		buf_adds(b, "<tr><td><code>");
		escs(b, v->signature[0] ? v->signature : v->manifest);
		buf_addf(b, "</code>%s</td><td>", v->countersignature ? " (countersignature)" : "");
		escs(b, v->level);
		buf_adds(b, "</td><td>");
		escs(b, v->signer);
		buf_adds(b, v->signing_time[0] ? ", claimed at " : "");
		escs(b, v->signing_time);
		buf_addf(b, "</td><td>%s%s%s%s</td><td><span class=\"v %s\">%s%s%s</span></td></tr>\n",
			v->poe, v->poe_source ? " (" : "", v->poe_source ? v->poe_source : "",
			v->poe_source ? ")" : "", indication_name(v->ind), indication_name(v->ind),
			v->sub ? " / " : "", v->sub ? v->sub : "");
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
	buf_adds(b, "<table><tr><th>check</th><th>result</th><th>details</th></tr>\n");
	for (int c = 0; c < VC_COUNT; c++) {
		buf_addf(b, "<tr><td><code>%s</code><br><small>", vcheck_id(c));
		escs(b, vcheck_title(c));
		buf_addf(b, "</small></td><td class=\"%s\">%s</td><td>", vstatus_name(r->c[c].status),
			vstatus_name(r->c[c].status));
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
	buf_adds(b, html_head);
	buf_addf(b, "<h1>cot verify: %zu of %zu bundle%s TOTAL-PASSED</h1>\n", passed, n,
		n == 1 ? "" : "s");
	buf_adds(b, "<p>Verdicts in the terms of ETSI EN 319 102-1. Each check has a stable "
		    "id.</p>\n");
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
	if (!rc && out->failed)
		rc = cot_err_set(err, COT_ENV, "out of memory (the report is too large)");
	return rc;
}
