/* Shared by the checklist fuzz harnesses: a small requirement set, the check, every report. */
#ifndef COT_FUZZ_COMMON_H
#define COT_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include "cot/checklist.h"
#include "cot/report.h"

/* The set fuzzed answers are checked against: mini-requirements.yaml of the fixtures, trimmed. */
static const char fuzz_mini_text[] =
	"format: cot.requirements/1\nid: mini-security\nversion: \"0.1\"\n"
	"title: {nl: a, fr: b, en: c}\nsources: [{id: s, title: S}]\n"
	"categories: [{id: governance, title: {nl: a, fr: b, en: c}},"
	" {id: physical, title: {nl: a, fr: b, en: c}}]\n"
	"requirements:\n"
	"  - {id: GOV-01, category: governance, title: {nl: a, fr: b, en: c}, description: {nl: a,"
	" fr: b, en: c}, level: mandatory, applies_to: {routes: [vitalink, direct], kinds: "
	"[organisation]}, answer: status-and-date, evidence: {required: true, kinds: [policy]}, "
	"not_applicable: false, review_months: 12, source: {id: s, ref: r}}\n"
	"  - {id: GOV-02, category: governance, title: {nl: a, fr: b, en: c}, description: {nl: a,"
	" fr: b, en: c}, level: recommended, applies_to: {routes: [direct], kinds: "
	"[organisation, vendor]}, answer: text, evidence: {required: false, kinds: [record]}, "
	"not_applicable: false, review_months: 24, source: {id: s, ref: r}}\n"
	"  - {id: PHY-01, category: physical, title: {nl: a, fr: b, en: c}, description: {nl: a,"
	" fr: b, en: c}, level: mandatory, applies_to: {routes: [vitalink, direct], kinds: "
	"[organisation]}, answer: status, evidence: {required: true, kinds: [record]}, "
	"not_applicable: true, review_months: 12, source: {id: s, ref: r}}\n";

static inline void fuzz_mini_set(struct reqset *rs)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root = NULL;

	if (ydoc_parse("mini.yaml", fuzz_mini_text, sizeof(fuzz_mini_text) - 1, NULL, &root, &d) ||
		reqset_from_tree("mini.yaml", root, rs, &d) || d.n)
		abort();
	ynode_free(root);
	diag_list_release(&d);
}

/* Checks a against rs (evidence under a directory that does not exist) and renders every format. */
static inline void fuzz_check_and_report(
	const struct reqset *rs, const struct answers *a, struct diag_list *d)
{
	static const enum report_format formats[] = {
		REPORT_TEXT, REPORT_JSON, REPORT_JUNIT, REPORT_SARIF, REPORT_GITHUB, REPORT_HTML};
	struct check_opts o = {"/nonexistent-cot-fuzz", ROUTE_DIRECT, KIND_ORGANISATION,
		1782864000 /* 2026-07-01 */, "0809394427", "Fuzz", "cot.yaml", false, false};
	struct check_result res;
	struct report r;

	checklist_check(rs, a, &o, &res, d);
	diag_sort(d);
	r = (struct report){.command = "check",
		.d = d,
		.lang = LANG_NL,
		.rs = rs,
		.a = a,
		.res = &res,
		.opts = &o,
		.org_name = a->org_name,
		.org_kbo = a->org_kbo};
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct cot_err err = COT_ERR_INIT;
		struct buf b = BUF_INIT;
		if (report_render(&r, formats[i], &b, &err) != COT_OK)
			abort(); /* reports of a finished check never fail but for memory */
		buf_release(&b);
	}
	check_result_release(&res);
}

#endif
