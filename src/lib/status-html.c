/* The status page of cot status --format html: one self-contained, printable page. */
#include <string.h>
#include "cot-config.h"
#include "cot/checklist.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/nextstep.h"
#include "cot/statushtml.h"
#include "cot/timeline.h"
#include "report-xml.h"

/* Trusted: cot's own style sheet, written raw. */
static const char css[] =
	":root{--ink:#1c2733;--muted:#5b6b7a;--line:#dde3e8;--bg:#f5f7f9;--ok:#2e7d32;--ko:#c62828}"
	"*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{margin:0;background:var(--bg);color:var(--ink);"
	"font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}"
	"header.top{display:flex;gap:20px;align-items:center;justify-content:space-between;"
	"flex-wrap:wrap;padding:24px 32px;background:#fff;border-bottom:1px solid var(--line)}"
	"header.top>div{min-width:0;overflow-wrap:anywhere}"
	".eyebrow{margin:0;color:var(--muted);font-size:13px;letter-spacing:.04em;"
	"text-transform:uppercase}"
	"h1{margin:4px 0;font-size:26px}h2{margin:0 0 12px;font-size:19px}"
	".meta{margin:0;color:var(--muted)}"
	".nextbox{flex:0 1 420px;min-width:0;padding:14px 18px;border-radius:10px;color:#fff;"
	"background:#1565c0;overflow-wrap:anywhere}"
	".nextbox strong{display:block;font-size:13px;text-transform:uppercase;"
	"letter-spacing:.05em}"
	"main{max-width:1180px;margin:0 auto;padding:20px 32px 40px}"
	"section{background:#fff;border:1px solid var(--line);border-radius:10px;"
	"padding:18px 22px;margin:0 0 18px;min-width:0}"
	".broken{border-color:var(--ko);color:var(--ko);font-weight:700}"
	".ready{color:var(--ok);font-weight:700}.notready{color:var(--ko);font-weight:700}"
	"footer{color:var(--muted);font-size:12px;padding:0 4px}"
	"@page{size:A4;margin:12mm}"
	"@media (max-width:700px){header.top,main{padding-left:14px;padding-right:14px}}"
	"@media print{body{background:#fff;font-size:11px}main{padding:0;max-width:none}"
	"header.top{padding:0 0 10px}section{border:none;padding:0;margin:0 0 12px}}";

static void head(struct xw *x, const struct project *p)
{
	/* TRANSLATORS: the title of the HTML status page: "Procedure status — <organisation>". */
	xw_html_open(x, lang_name(i18n_lang()), _("Procedure status"), p->cfg.name);
	xw_start(x, "style");
	xw_raw(x, css);
	xw_raw(x, timeline_css);
	xw_full_end(x);
	xw_full_end(x);
}

static void banner(struct xw *x, const struct project *p, const struct timeline *t,
	const struct checklist_summary *s)
{
	char kbo[16] = "", today[64];
	struct next_action n;

	kbo_format(p->cfg.kbo, kbo, sizeof(kbo));
	i18n_date(today, sizeof(today), t->now);
	xw_start(x, "header");
	xw_attr(x, "class", "top");
	xw_start(x, "div");
	xw_start(x, "p");
	xw_attr(x, "class", "eyebrow");
	/* TRANSLATORS: "Procedure status · route direct": the route stays as in cot.yaml. */
	xw_textf(x, _("Procedure status \xc2\xb7 route %s"), route_name(p->cfg.route));
	xw_full_end(x);
	xw_elem(x, "h1", p->cfg.name);
	xw_start(x, "p");
	xw_attr(x, "class", "meta");
	xw_textf(x, _("KBO %s"), kbo);
	xw_textf(x, " \xc2\xb7 %s \xc2\xb7 %s", kind_name(p->cfg.kind), today);
	xw_full_end(x);
	xw_full_end(x);
	xw_start(x, "div");
	xw_attr(x, "class", "nextbox");
	xw_attr(x, "id", "next");
	xw_elem(x, "strong", C_("status", "Next:"));
	next_action_judge(p, &t->pr, &t->cert, &t->dl, s, t->now, &n);
	xw_elem(x, "span", n.action);
	xw_full_end(x);
	xw_full_end(x);
}

static void checklist(struct xw *x, const struct project *p, const struct checklist_summary *s)
{
	xw_start(x, "section");
	xw_attr(x, "id", "checklist");
	/* TRANSLATORS: a heading of the HTML status page. */
	xw_elem(x, "h2", _("Checklist"));
	xw_start(x, "p");
	if (s->problem[0]) {
		xw_text(x, s->problem);
		xw_text(x, _("; see 'cot check'"));
		xw_full_end(x);
		xw_full_end(x);
		return;
	}
	xw_textf(x, ngettext("%u of %zu answered", "%u of %zu answered", s->answered), s->answered,
		s->applicable);
	xw_text(x, ", ");
	xw_textf(x, ngettext("%u compliant", "%u compliant", s->n[RS_COMPLIANT]),
		s->n[RS_COMPLIANT]);
	xw_text(x, " \xc2\xb7 ");
	xw_start(x, "span");
	xw_attr(x, "id", "readiness");
	xw_attr(x, "class", s->ready ? "ready" : "notready");
	if (p->cfg.kind != KIND_VENDOR &&
		procedure_step_index(p->cfg.route, p->cfg.kind, "checklist-complete") < 0)
		xw_textf(x, _("route %s does not submit it"), route_name(p->cfg.route));
	else if (s->ready)
		/* TRANSLATORS: the checklist's readiness on the HTML status page. */
		xw_text(x, _("ready for submission"));
	else
		xw_textf(x,
			ngettext("not ready: %u error ('cot check' lists it)",
				"not ready: %u errors ('cot check' lists them)", s->errors),
			s->errors);
	xw_full_end(x);
	xw_full_end(x);
	xw_full_end(x);
}

/* A journal that fails verification: first, so that nothing below is taken on trust. */
static void broken(struct xw *x, const char *why)
{
	xw_start(x, "section");
	xw_attr(x, "id", "journal-broken");
	xw_attr(x, "class", "broken");
	/* TRANSLATORS: a heading of the HTML status page when the journal was tampered with. */
	xw_elem(x, "h2", _("The journal fails verification"));
	xw_elem(x, "p", why);
	xw_full_end(x);
}

static void footer(struct xw *x)
{
	xw_start(x, "footer");
	xw_start(x, "p");
	/* TRANSLATORS: the footer of the HTML status page: "made by cot 1.2.0". */
	xw_textf(x, _("made by cot %s"), COT_VERSION);
	xw_full_end(x);
	xw_full_end(x);
}

int status_render_html(const struct project *p, time_t now, struct status_html *h, struct buf *out,
	struct cot_err *err)
{
	struct checklist_input in;
	int rc;

	/* Read once: the timeline's deadlines, the next step and the checklist all judge them. */
	checklist_input_load(p, &in);
	rc = status_render_html_input(p, &in, now, h, out, err);
	checklist_input_release(&in);
	return rc;
}

int status_render_html_input(const struct project *p, const struct checklist_input *in, time_t now,
	struct status_html *h, struct buf *out, struct cot_err *err)
{
	struct timeline t = TIMELINE_INIT;
	struct checklist_summary s;
	struct xw x;
	int rc;

	if ((rc = xml_load(err)))
		return rc;
	rc = timeline_load_input(p, in, now, &t, err);
	if (rc)
		return rc;
	checklist_summarise_input(p, in, now, &s);
	h->missed = 0;
	for (size_t i = 0; i < t.dl.n; i++)
		h->missed += deadline_missed(&t.dl.v[i]);
	if (!xw_open(&x)) {
		xw_close(&x, out);
		timeline_release(&t);
		return cot_err_nomem(err);
	}
	head(&x, p);
	xw_start(&x, "body");
	banner(&x, p, &t, &s);
	xw_start(&x, "main");
	if (h->broken)
		broken(&x, h->broken);
	timeline_write(&x, &t);
	timeline_cert_write(&x, &t);
	checklist(&x, p, &s);
	footer(&x);
	xw_full_end(&x);
	xw_full_end(&x);
	xw_full_end(&x);
	timeline_release(&t);
	if (!xw_close(&x, out))
		return cot_err_set(err, COT_ENV, "%s", _("cannot write the HTML status page"));
	buf_adds(out, "\n");
	return COT_OK;
}
