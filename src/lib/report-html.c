/* The HTML report of cot check: one self-contained, printable page with inline CSS and SVG. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot-config.h"
#include "cot/clock.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/timeline.h"
#include "report-xml.h"

/* Colours of the states, in enum req_state order: they also name the legend. */
static const char *const state_color[RS_COUNT] = {
	"#2e7d32", "#78909c", "#f9a825", "#c62828", "#cfd8dc"};
static const char *const state_class[RS_COUNT] = {"compliant", "na", "waived", "notok", "open"};

/* Trusted: cot's own style sheet, written raw (a child selector must stay '>'). */
static const char css[] =
	":root{--ink:#1c2733;--muted:#5b6b7a;--line:#dde3e8;--bg:#f5f7f9;--ok:#2e7d32;--ko:#c62828}"
	"*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{margin:0;background:var(--bg);color:var(--ink);"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica "
	"Neue',Arial,sans-serif}"
	"header.top{display:flex;gap:24px;align-items:center;justify-content:space-between;"
	"flex-wrap:wrap;padding:28px 40px;background:#fff;border-bottom:1px solid var(--line)}"
	".eyebrow{margin:0;color:var(--muted);font-size:13px;letter-spacing:.04em;"
	"text-transform:uppercase}"
	"h1{margin:4px 0;font-size:28px}h2{margin:0 0 14px;font-size:20px}"
	".meta{margin:0;color:var(--muted)}"
	".verdict{min-width:260px;max-width:460px;padding:16px 20px;border-radius:10px;color:#fff}"
	".verdict strong{display:block;font-size:26px;letter-spacing:.05em}"
	".verdict span{display:block;font-size:14px;opacity:.95}"
	".verdict.ok{background:var(--ok)}.verdict.ko{background:var(--ko)}"
	"main{max-width:1180px;margin:0 auto;padding:24px 40px 48px}"
	"section{background:#fff;border:1px solid var(--line);border-radius:10px;"
	"padding:22px 26px;margin:0 0 22px}"
	".overview{display:flex;gap:36px;align-items:center;flex-wrap:wrap;margin-bottom:18px}"
	".donut svg{width:190px;height:190px;display:block}"
	".kpis{display:grid;grid-template-columns:repeat(4,minmax(120px,1fr));gap:12px;margin:0;"
	"flex:1}"
	".kpis div{border:1px solid var(--line);border-radius:8px;padding:10px 14px}"
	".kpis dt{color:var(--muted);font-size:13px}.kpis "
	"dd{margin:0;font-size:26px;font-weight:600}"
	".sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:6px;"
	"vertical-align:baseline}"
	"table{width:100%;border-collapse:collapse;font-size:14px}"
	"th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;"
	"text-transform:uppercase;letter-spacing:.03em;border-bottom:2px solid var(--line);"
	"padding:6px 8px}"
	"td{border-bottom:1px solid var(--line);padding:7px 8px;vertical-align:top}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
	"td.bad{color:var(--ko);font-weight:700}"
	"td.bar{width:45%}td.bar svg{width:100%;height:16px;display:block}"
	".cathead{display:flex;justify-content:space-between;align-items:baseline;gap:12px}"
	".cathead .pct{font-size:20px;font-weight:600;color:var(--muted)}"
	".catbar svg{width:100%;height:12px;display:block;margin:0 0 14px}"
	".id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}"
	".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;"
	"font-weight:600;color:#fff;white-space:nowrap}"
	".b-compliant{background:#2e7d32}.b-na{background:#78909c}.b-waived{background:#f9a825;"
	"color:#3e2c00}.b-notok{background:#c62828}.b-open{background:#cfd8dc;color:#37474f}"
	"small{color:var(--muted)}ul{margin:0;padding-left:16px}"
	"ul.findings{list-style:none;padding:0;overflow-wrap:anywhere}"
	"table.reqs td:nth-child(2){width:26%}table.reqs td:last-child{width:30%}"
	"ul.findings li{margin:0 0 4px;padding-left:8px;border-left:3px solid var(--line)}"
	"li.error{border-color:var(--ko)!important}li.warning{border-color:#ef6c00!important}"
	"li.note{border-color:#0277bd!important}code{font-size:12px;color:var(--muted)}"
	".legend{color:var(--muted);font-size:13px;margin:10px 0 0}"
	".legend span.item{margin-right:16px;white-space:nowrap}"
	"footer{color:var(--muted);font-size:12px;padding:0 4px}"
	"a{color:inherit}"
	"@page{size:A4;margin:12mm}"
	"@media print{body{background:#fff;font-size:11px}main{padding:0;max-width:none}"
	"header.top{padding:0 0 12px}section{border:none;padding:0;margin:0 0 14px}"
	"section.category{break-inside:auto}tr{break-inside:avoid}"
	".cathead{break-after:avoid}a{text-decoration:none}}";

/* Only on cot check's own page (report.h live): the signed page keeps its bytes (its
 * requirement tables are wider than an A4 page when evidence paths are long). */
static const char fix_css[] =
	"#tofix h3{font-size:15px;margin:12px 0 4px}#tofix ul{list-style:none;padding:0;"
	"overflow-wrap:anywhere}#tofix li{margin:0 0 4px;padding-left:8px;"
	"border-left:3px solid var(--ko)}"
	/* long evidence paths and rule ids wrap: the tables fit an A4 width */
	"table.reqs td,table.reqs th{overflow-wrap:anywhere}";

/* v with three decimals and a '.' whatever the locale (printf's %f follows LC_NUMERIC). */
static void attr_milli(struct xw *x, const char *name, double v)
{
	long long m = (long long)(v * 1000 + (v < 0 ? -0.5 : 0.5));
	const char *sign = m < 0 ? "-" : "";

	m = llabs(m);
	xw_attrf(x, name, "%s%lld.%03lld", sign, m / 1000, m % 1000);
}

static const char *ltext(const struct ltext *t, enum lang l)
{
	return t->s[l] ? t->s[l] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

/* A horizontal bar of the states' shares, in a 100 x 10 box stretched to its place. */
static void svg_bar(
	struct xw *x, const unsigned n[RS_COUNT], unsigned total, const struct report_words *w)
{
	struct buf title = BUF_INIT;
	double at = 0;

	xw_start(x, "svg");
	xw_attr(x, "xmlns", "http://www.w3.org/2000/svg");
	xw_attr(x, "viewBox", "0 0 100 10");
	xw_attr(x, "preserveAspectRatio", "none");
	xw_attr(x, "role", "img");
	for (int s = 0; s < RS_COUNT; s++)
		if (n[s])
			buf_addf(&title, "%s%u %s", title.len ? ", " : "", n[s], w->state[s]);
	xw_attr(x, "aria-label", title.data ? title.data : w->none);
	xw_elem(x, "title", title.data ? title.data : w->none);
	xw_start(x, "rect");
	xw_attr(x, "width", "100");
	xw_attr(x, "height", "10");
	xw_attr(x, "fill", "#eceff1");
	xw_end(x);
	for (int s = 0; s < RS_COUNT && total; s++) {
		double width = 100.0 * n[s] / total;
		if (!n[s])
			continue;
		xw_start(x, "rect");
		attr_milli(x, "x", at);
		attr_milli(x, "width", width);
		xw_attr(x, "height", "10");
		xw_attr(x, "fill", state_color[s]);
		xw_end(x);
		at += width;
	}
	xw_end(x);
	buf_release(&title);
}

static void dasharray(struct xw *x, double len)
{
	long long a = (long long)(len * 1000 + 0.5), b = 100000 - a;

	xw_attrf(x, "stroke-dasharray", "%lld.%03lld %lld.%03lld", a / 1000, a % 1000, b / 1000,
		b % 1000);
}

/* A ring of the states' shares with the share done in its middle. */
static void svg_donut(
	struct xw *x, const unsigned n[RS_COUNT], unsigned total, const struct report_words *w)
{
	/* r is 15.91549: circumference 100, so lengths are percentages */
	double offset = 25; /* start at twelve o'clock */

	xw_start(x, "svg");
	xw_attr(x, "xmlns", "http://www.w3.org/2000/svg");
	xw_attr(x, "viewBox", "0 0 42 42");
	xw_attr(x, "role", "img");
	xw_attrf(x, "aria-label", "%u%% %s", check_percent(n[RS_COMPLIANT] + n[RS_NA], total),
		w->done);
	xw_start(x, "circle");
	xw_attr(x, "cx", "21");
	xw_attr(x, "cy", "21");
	xw_attr(x, "r", "15.91549");
	xw_attr(x, "fill", "none");
	xw_attr(x, "stroke", "#eceff1");
	xw_attr(x, "stroke-width", "6");
	xw_end(x);
	for (int s = 0; s < RS_COUNT && total; s++) {
		double len = 100.0 * n[s] / total;
		if (!n[s])
			continue;
		xw_start(x, "circle");
		xw_attr(x, "cx", "21");
		xw_attr(x, "cy", "21");
		xw_attr(x, "r", "15.91549");
		xw_attr(x, "fill", "none");
		xw_attr(x, "stroke", state_color[s]);
		xw_attr(x, "stroke-width", "6");
		dasharray(x, len);
		attr_milli(x, "stroke-dashoffset", offset);
		xw_start(x, "title");
		xw_textf(x, "%u %s", n[s], w->state[s]);
		xw_full_end(x);
		xw_end(x);
		offset -= len;
	}
	xw_start(x, "text");
	xw_attr(x, "x", "21");
	xw_attr(x, "y", "22.5");
	xw_attr(x, "text-anchor", "middle");
	xw_attr(x, "font-size", "8");
	xw_attr(x, "font-weight", "600");
	xw_attr(x, "fill", "#1c2733");
	xw_textf(x, "%u%%", check_percent(n[RS_COMPLIANT] + n[RS_NA], total));
	xw_full_end(x);
	xw_start(x, "text");
	xw_attr(x, "x", "21");
	xw_attr(x, "y", "28");
	xw_attr(x, "text-anchor", "middle");
	xw_attr(x, "font-size", "3.2");
	xw_attr(x, "fill", "#5b6b7a");
	xw_text(x, w->done);
	xw_full_end(x);
	xw_end(x);
}

static void legend(struct xw *x, const struct report_words *w)
{
	xw_start(x, "p");
	xw_attr(x, "class", "legend");
	for (int s = 0; s < RS_COUNT; s++) {
		xw_start(x, "span");
		xw_attr(x, "class", "item");
		xw_start(x, "span");
		xw_attr(x, "class", "sw");
		xw_attrf(x, "style", "background:%s", state_color[s]);
		xw_full_end(x);
		xw_text(x, w->state[s]);
		xw_full_end(x);
	}
	xw_full_end(x);
}

static void head(struct xw *x, const struct report *r, const struct report_words *w)
{
	xw_html_open(x, lang_name(r->lang), w->title, r->org_name ? r->org_name : "");
	xw_start(x, "style");
	xw_raw(x, css);
	if (r->live) {
		xw_raw(x, fix_css);
		xw_raw(x, timeline_css);
	}
	xw_full_end(x);
	xw_full_end(x);
}

static void banner(struct xw *x, const struct report *r, const struct report_words *w)
{
	const struct check_result *res = r->res;
	char kbo[16] = "", today[11];
	struct buf verdict = BUF_INIT;

	date_format(r->opts->now, today);
	if (r->org_kbo && strlen(r->org_kbo) == KBO_LEN)
		kbo_format(r->org_kbo, kbo, sizeof(kbo));
	xw_start(x, "header");
	xw_attr(x, "class", "top");
	xw_start(x, "div");
	xw_start(x, "p");
	xw_attr(x, "class", "eyebrow");
	xw_textf(x, "%s \xc2\xb7 %s %s", w->title, r->rs->id, r->rs->version);
	xw_full_end(x);
	xw_elem(x, "h1", r->org_name ? r->org_name : "?");
	xw_start(x, "p");
	xw_attr(x, "class", "meta");
	/* The signed page (findings in English) keeps "KBO": cot verify compares its bytes. */
	xw_textf(x, "%s%s%s%s \xc2\xb7 %s %s \xc2\xb7 %s \xc2\xb7 %s",
		!kbo[0]					  ? ""
		: r->lang == LANG_FR && !r->opts->english ? "BCE "
							  : "KBO ",
		kbo, kbo[0] ? " \xc2\xb7 " : "", ltext(&r->rs->title, r->lang), w->route,
		route_name(r->opts->route), kind_name(r->opts->kind), today);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "div");
	xw_attr(x, "class", res->ready ? "verdict ok" : "verdict ko");
	xw_attr(x, "id", "verdict");
	xw_elem(x, "strong", res->ready ? w->ready : w->not_ready);
	report_verdict(r, &verdict);
	xw_elem(x, "span", verdict.data ? verdict.data : "");
	xw_full_end(x);
	xw_full_end(x);
	buf_release(&verdict);
}

static void kpi(struct xw *x, const char *label, unsigned value, const char *color)
{
	xw_start(x, "div");
	xw_start(x, "dt");
	if (color) {
		xw_start(x, "span");
		xw_attr(x, "class", "sw");
		xw_attrf(x, "style", "background:%s", color);
		xw_full_end(x);
	}
	xw_text(x, label);
	xw_full_end(x);
	xw_start(x, "dd");
	xw_textf(x, "%u", value);
	xw_full_end(x);
	xw_full_end(x);
}

static void summary(struct xw *x, const struct report *r, const struct report_words *w)
{
	const struct check_result *res = r->res;

	xw_start(x, "section");
	xw_attr(x, "id", "summary");
	xw_elem(x, "h2", w->summary);
	xw_start(x, "div");
	xw_attr(x, "class", "overview");
	xw_start(x, "figure");
	xw_attr(x, "class", "donut");
	svg_donut(x, res->n, (unsigned)res->nreqs, w);
	xw_full_end(x);
	xw_start(x, "dl");
	xw_attr(x, "class", "kpis");
	kpi(x, w->reqs, (unsigned)res->nreqs, NULL);
	kpi(x, w->errors, res->errors, NULL);
	kpi(x, w->warnings, res->warnings, NULL);
	for (int s = 0; s < RS_COUNT; s++)
		kpi(x, w->state[s], res->n[s], state_color[s]);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "table");
	xw_attr(x, "class", "cats");
	xw_start(x, "thead");
	xw_start(x, "tr");
	xw_elem(x, "th", w->category);
	xw_elem(x, "th", "");
	xw_elem(x, "th", w->reqs);
	xw_elem(x, "th", w->done);
	xw_elem(x, "th", w->errors);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "tbody");
	for (size_t i = 0; i < res->ncats; i++) {
		const struct cat_result *c = &res->cats[i];
		xw_start(x, "tr");
		xw_start(x, "td");
		xw_start(x, "a");
		xw_attrf(x, "href", "#cat-%s", c->cat->id);
		xw_text(x, ltext(&c->cat->title, r->lang));
		xw_full_end(x);
		xw_full_end(x);
		xw_start(x, "td");
		xw_attr(x, "class", "bar");
		svg_bar(x, c->n, c->total, w);
		xw_full_end(x);
		xw_start(x, "td");
		xw_attr(x, "class", "num");
		xw_textf(x, "%u", c->total);
		xw_full_end(x);
		xw_start(x, "td");
		xw_attr(x, "class", "num");
		xw_textf(x, "%u%%", check_percent(c->n[RS_COMPLIANT] + c->n[RS_NA], c->total));
		xw_full_end(x);
		xw_start(x, "td");
		xw_attr(x, "class", c->errors ? "num bad" : "num");
		xw_textf(x, "%u", c->errors);
		xw_full_end(x);
		xw_full_end(x);
	}
	xw_full_end(x);
	xw_full_end(x);
	legend(x, w);
	xw_full_end(x);
}

/* Ends the page's last section, body and html, and hands the document to out. */
static int page_close(struct xw *x, struct buf *out, struct cot_err *err)
{
	xw_full_end(x);
	xw_full_end(x);
	xw_full_end(x);
	if (!xw_close(x, out))
		return cot_err_set(err, COT_ENV, "%s", _("cannot write the HTML report"));
	buf_adds(out, "\n");
	return COT_OK;
}

/* One finding as a list item: where (with_file), what, and its rule id. */
static void finding_item(struct xw *x, const struct diag *f, bool with_file)
{
	xw_start(x, "li");
	xw_attr(x, "class", diag_sev_name(f->sev));
	if (with_file && f->file) {
		xw_start(x, "code");
		if (f->line)
			xw_textf(x, "%s:%u:%u", f->file, f->line, f->col ? f->col : 1);
		else
			xw_text(x, f->file);
		xw_full_end(x);
		xw_text(x, " ");
	}
	xw_text(x, f->msg);
	xw_text(x, " ");
	xw_start(x, "code");
	xw_textf(x, "[%s]", f->rule ? f->rule : "");
	xw_full_end(x);
	xw_full_end(x);
}

/* The findings about one requirement, or (subject NULL) about none of those shown. */
static void findings_list(struct xw *x, const struct report *r, const char *subject)
{
	bool any = false;

	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *f = &r->d->v[i];
		if (subject ? !f->subject || strcmp(f->subject, subject) != 0
			    : f->subject && reqset_get(r->rs, f->subject) &&
					req_applies(reqset_get(r->rs, f->subject), r->opts->route,
						r->opts->kind))
			continue;
		if (!any) {
			xw_start(x, "ul");
			xw_attr(x, "class", "findings");
			any = true;
		}
		finding_item(x, f, !subject);
	}
	if (any)
		xw_full_end(x);
}

static void requirement_row(struct xw *x, const struct report *r, const struct req_result *rr,
	const struct report_words *w)
{
	const struct answer *a = rr->ans;

	xw_start(x, "tr");
	xw_attrf(x, "id", "req-%s", rr->req->id);
	xw_start(x, "td");
	xw_attr(x, "class", "id");
	xw_text(x, rr->req->id);
	xw_full_end(x);
	xw_start(x, "td");
	xw_text(x, ltext(&rr->req->title, r->lang));
	if (a && a->owner) {
		xw_start(x, "br");
		xw_end(x);
		xw_start(x, "small");
		xw_textf(x, "%s: %s", w->owner, a->owner);
		xw_full_end(x);
	}
	if (a && a->note) {
		xw_start(x, "br");
		xw_end(x);
		xw_elem(x, "small", a->note);
	}
	xw_full_end(x);
	xw_elem(x, "td", rr->req->level == LEVEL_MANDATORY ? w->mandatory : w->recommended);
	xw_start(x, "td");
	xw_start(x, "span");
	xw_attrf(x, "class", "badge b-%s", state_class[rr->state]);
	xw_text(x, a ? w->state[rr->state] : w->missing);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "td");
	xw_attr(x, "class", "num");
	xw_text(x, a && a->reviewed[0] ? a->reviewed : "");
	xw_full_end(x);
	xw_start(x, "td");
	if (a && a->nevidence) {
		xw_start(x, "ul");
		for (size_t i = 0; i < a->nevidence; i++)
			xw_elem(x, "li", a->evidence[i].path);
		xw_full_end(x);
	}
	xw_full_end(x);
	xw_start(x, "td");
	findings_list(x, r, rr->req->id);
	xw_full_end(x);
	xw_full_end(x);
}

static void category(struct xw *x, const struct report *r, const struct cat_result *c,
	const struct report_words *w)
{
	xw_start(x, "section");
	xw_attr(x, "class", "category");
	xw_attrf(x, "id", "cat-%s", c->cat->id);
	xw_start(x, "div");
	xw_attr(x, "class", "cathead");
	xw_elem(x, "h2", ltext(&c->cat->title, r->lang));
	xw_start(x, "span");
	xw_attr(x, "class", "pct");
	xw_textf(x, "%u/%u \xc2\xb7 %u%%", c->n[RS_COMPLIANT] + c->n[RS_NA], c->total,
		check_percent(c->n[RS_COMPLIANT] + c->n[RS_NA], c->total));
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "div");
	xw_attr(x, "class", "catbar");
	svg_bar(x, c->n, c->total, w);
	xw_full_end(x);
	xw_start(x, "table");
	xw_attr(x, "class", "reqs");
	xw_start(x, "thead");
	xw_start(x, "tr");
	xw_elem(x, "th", "id");
	xw_elem(x, "th", w->requirement);
	xw_elem(x, "th", w->level);
	xw_elem(x, "th", w->status);
	xw_elem(x, "th", w->reviewed);
	xw_elem(x, "th", w->evidence);
	xw_elem(x, "th", w->findings);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "tbody");
	for (size_t i = 0; i < r->res->nreqs; i++)
		if (r->res->reqs[i].req->cat >= 0 &&
			&r->rs->cats[r->res->reqs[i].req->cat] == c->cat)
			requirement_row(x, r, &r->res->reqs[i], w);
	xw_full_end(x);
	xw_full_end(x);
	xw_full_end(x);
}

static void other_findings(struct xw *x, const struct report *r, const struct report_words *w)
{
	bool any = false;

	for (size_t i = 0; i < r->d->n && !any; i++) {
		const struct diag *f = &r->d->v[i];
		const struct requirement *q = f->subject ? reqset_get(r->rs, f->subject) : NULL;
		any = !q || !req_applies(q, r->opts->route, r->opts->kind);
	}
	if (!any)
		return;
	xw_start(x, "section");
	xw_attr(x, "id", "findings");
	xw_elem(x, "h2", w->findings);
	findings_list(x, r, NULL);
	xw_full_end(x);
}

static void footer(struct xw *x, const struct report *r, const struct report_words *w)
{
	xw_start(x, "footer");
	if (ltext(&r->rs->notice, r->lang)[0])
		xw_elem(x, "p", ltext(&r->rs->notice, r->lang));
	xw_start(x, "p");
	xw_textf(x, "%s cot %s \xc2\xb7 %s: %s (sha256 %.16s\xe2\x80\xa6)", w->generated,
		r->tool_version ? r->tool_version : COT_VERSION, w->file, r->a->file, r->a->sha256);
	xw_full_end(x);
	xw_full_end(x);
}

/* The first error found about requirement id, or NULL. */
static const char *first_error(const struct report *r, const char *id)
{
	for (size_t i = 0; i < r->d->n; i++) {
		const struct diag *f = &r->d->v[i];
		if (f->sev == DIAG_ERROR && f->subject && strcmp(f->subject, id) == 0)
			return f->msg;
	}
	return NULL;
}

static bool to_fix(const struct req_result *rr)
{
	return rr->errors > 0;
}

/* Whether rr falls under owner (NULL: the requirements whose answer names no owner). */
static bool owned_by(const struct req_result *rr, const char *owner)
{
	const char *o = rr->ans ? rr->ans->owner : NULL;

	return owner ? o && strcmp(o, owner) == 0 : !o;
}

/* Whether an earlier requirement to fix named owner already (it has its group). */
static bool owner_seen(const struct check_result *res, size_t before, const char *owner)
{
	for (size_t i = 0; i < before; i++)
		if (to_fix(&res->reqs[i]) && owned_by(&res->reqs[i], owner))
			return true;
	return false;
}

static void fix_group(struct xw *x, const struct report *r, const char *owner)
{
	const struct check_result *res = r->res;
	unsigned n = 0;

	for (size_t i = 0; i < res->nreqs; i++)
		n += to_fix(&res->reqs[i]) && owned_by(&res->reqs[i], owner);
	xw_start(x, "h3");
	if (owner)
		/* TRANSLATORS: a group of requirements to fix: "J. Dupont (3)". */
		xw_textf(x, _("%s (%u)"), owner, n);
	else
		xw_textf(x, _("No owner named (%u)"), n);
	xw_full_end(x);
	xw_start(x, "ul");
	for (size_t i = 0; i < res->nreqs; i++) {
		const struct req_result *rr = &res->reqs[i];
		const char *why = first_error(r, rr->req->id);
		if (!to_fix(rr) || !owned_by(rr, owner))
			continue;
		xw_start(x, "li");
		xw_start(x, "a");
		xw_attrf(x, "href", "#req-%s", rr->req->id);
		xw_attr(x, "class", "id");
		xw_text(x, rr->req->id);
		xw_full_end(x);
		xw_textf(x, " %s", ltext(&rr->req->title, r->lang));
		if (why) {
			xw_start(x, "br");
			xw_end(x);
			xw_elem(x, "small", why);
		}
		xw_full_end(x);
	}
	xw_full_end(x);
}

/* What to fix, grouped by the owner the answers name, those with none last. */
static void fix_by_owner(struct xw *x, const struct report *r)
{
	const struct check_result *res = r->res;
	bool any = false;

	xw_start(x, "section");
	xw_attr(x, "id", "tofix");
	/* TRANSLATORS: a heading of the HTML check report. */
	xw_elem(x, "h2", _("What to fix, by owner"));
	for (size_t i = 0; i < res->nreqs; i++) {
		const char *owner = res->reqs[i].ans ? res->reqs[i].ans->owner : NULL;
		if (!to_fix(&res->reqs[i]))
			continue;
		any = true;
		if (owner && !owner_seen(res, i, owner))
			fix_group(x, r, owner);
	}
	for (size_t i = 0; i < res->nreqs; i++)
		if (to_fix(&res->reqs[i]) && owned_by(&res->reqs[i], NULL)) {
			fix_group(x, r, NULL);
			break;
		}
	if (!any)
		xw_elem(x, "p", _("Nothing: no requirement has an error."));
	xw_full_end(x);
}

int report_render_html(const struct report *r, struct buf *out, struct cot_err *err)
{
	const struct report_words *w = report_words(r->lang);
	struct xw x;
	int rc = xml_load(err);

	if (rc)
		return rc;
	if (!xw_open(&x)) {
		xw_close(&x, out);
		return cot_err_nomem(err);
	}
	head(&x, r, w);
	xw_start(&x, "body");
	banner(&x, r, w);
	xw_start(&x, "main");
	if (r->live)
		fix_by_owner(&x, r);
	if (r->timeline)
		timeline_write(&x, r->timeline);
	summary(&x, r, w);
	for (size_t i = 0; i < r->res->ncats; i++)
		category(&x, r, &r->res->cats[i], w);
	other_findings(&x, r, w);
	footer(&x, r, w);
	return page_close(&x, out, err);
}

/* The findings of a run that did not complete: every one, where it is and why. */
static void failed_findings(struct xw *x, const struct diag_list *d)
{
	if (!d->n)
		return;
	xw_start(x, "ul");
	xw_attr(x, "class", "findings");
	for (size_t i = 0; i < d->n; i++)
		finding_item(x, &d->v[i], true);
	xw_full_end(x);
}

int report_render_html_failure(
	const struct report *r, const char *why, struct buf *out, struct cot_err *err)
{
	const struct report_words *w = report_words(r->lang);
	struct xw x;

	if (!xw_open(&x)) {
		xw_close(&x, out);
		return cot_err_nomem(err);
	}
	xw_html_open(&x, lang_name(r->lang), w->title, r->org_name ? r->org_name : "");
	xw_start(&x, "style");
	xw_raw(&x, css);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_start(&x, "body");
	xw_start(&x, "header");
	xw_attr(&x, "class", "top");
	/* TRANSLATORS: the title of the HTML page of a cot check that could not run. */
	xw_elem(&x, "h1", _("The check did not complete"));
	xw_start(&x, "p");
	xw_attr(&x, "class", "verdict ko");
	xw_attr(&x, "id", "error");
	xw_text(&x, why);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_start(&x, "main");
	failed_findings(&x, r->d);
	return page_close(&x, out, err);
}
