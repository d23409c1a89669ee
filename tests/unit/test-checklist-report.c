/* Reports of check and lint: each format parsed back and its structure asserted. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot-config.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/report.h"
#include "helpers.h"

#define MINI COT_SRCDIR "/tests/fixtures/checklist/valid/mini-requirements.yaml"

/* A check of the mini set: GOV-01 fine, GOV-02 open (warning), PHY-01 not compliant (error). */
struct sample {
	char *dir;
	struct reqset rs;
	struct answers a;
	struct check_opts o;
	struct check_result res;
	struct diag_list d;
	struct report r;
};

static void sample_init(struct sample *s, enum lang l)
{
	struct cot_err err = COT_ERR_INIT;
	struct ynode *root = NULL;
	const char *text =
		"format: cot.answers/1\n"
		"requirements: {id: mini-security, version: \"0.1\"}\n"
		"organisation: {name: \"Test & <vzw>\", kbo: \"0234567873\"}\n"
		"answers:\n"
		"  GOV-01: {status: compliant, evidence: [evidence/p.pdf], reviewed: 2026-01-15}\n"
		"  PHY-01: {status: partial, note: \"100% \\\"done\\\", <soon>\"}\n"
		"  XYZ-01: {status: open}\n";
	char *p;

	memset(s, 0, sizeof(*s));
	s->dir = test_tmpdir();
	p = test_path(s->dir, "evidence");
	cr_assert_eq(mkdir(p, 0755), 0);
	free(p);
	p = test_path(s->dir, "evidence/p.pdf");
	test_write(p, "%PDF");
	free(p);
	cr_assert_eq(reqset_load(MINI, "mini.yaml", &s->rs, &s->d, &err), COT_OK);
	cr_assert_eq(ydoc_parse("check me.yaml", text, strlen(text), NULL, &root, &s->d), COT_OK);
	cr_assert_eq(answers_from_tree("check me.yaml", root, &s->a, &s->d), COT_OK);
	ynode_free(root);
	s->o.root = s->dir;
	s->o.route = ROUTE_DIRECT;
	s->o.kind = KIND_ORGANISATION;
	cr_assert(date_parse("2026-06-01", &s->o.now));
	checklist_check(&s->rs, &s->a, &s->o, &s->res, &s->d);
	diag_sort(&s->d);
	s->r = (struct report){.command = "check",
		.d = &s->d,
		.lang = l,
		.rs = &s->rs,
		.a = &s->a,
		.res = &s->res,
		.opts = &s->o,
		.org_name = s->a.org_name,
		.org_kbo = s->a.org_kbo};
}

static void sample_release(struct sample *s)
{
	test_rmtree(s->dir);
	free(s->dir);
	reqset_release(&s->rs);
	answers_release(&s->a);
	check_result_release(&s->res);
	diag_list_release(&s->d);
}

static char *render(const struct report *r, enum report_format f)
{
	struct cot_err err = COT_ERR_INIT;
	struct buf b = BUF_INIT;

	cr_assert_eq(report_render(r, f, &b, &err), COT_OK, "%s", err.msg);
	return buf_detach(&b, NULL);
}

Test(report, sample_has_the_expected_findings)
{
	struct sample s;

	sample_init(&s, LANG_EN);
	cr_expect_not(s.res.ready);
	cr_expect_eq(s.d.errors, 2, "PHY-01 not compliant, XYZ-01 unknown");
	cr_expect_eq(s.d.warnings, 1, "GOV-02 open");
	sample_release(&s);
}

Test(report, text_has_summary_findings_counts_and_verdict)
{
	struct sample s;
	char *t;

	sample_init(&s, LANG_EN);
	t = render(&s.r, REPORT_TEXT);
	cr_expect(strstr(t, "Security checklist: Test & <vzw> (KBO 0234.567.873)\n"), "%s", t);
	cr_expect(strstr(t, "\nGovernance "), "%s", t);
	cr_expect(strstr(t, "\nPhysical security "), "%s", t);
	cr_expect(strstr(t, "\ntotal                                  3   33%"), "%s", t);
	cr_expect(strstr(t, "check me.yaml:6:20: error: PHY-01 (Server room locked) is mandatory "
			    "and partial"),
		"%s", t);
	cr_expect(strstr(t, "[answer-not-compliant]\n"), "%s", t);
	cr_expect(
		strstr(t, "\n2 errors, 1 warning\nNOT READY for submission: 2 errors to fix; 2 of "
			  "3 applicable requirements answered.\n"),
		"%s", t);
	cr_expect_null(strstr(t, "\033["), "no colour unless asked");
	free(t);
	s.r.lang = LANG_FR;
	t = render(&s.r, REPORT_TEXT);
	cr_expect(strstr(t, "PAS PRÊT pour l'envoi"), "%s", t);
	cr_expect(strstr(t, "Sécurité physique"), "%s", t);
	free(t);
	sample_release(&s);
}

Test(report, one_error_is_singular_in_every_language)
{
	static const char *const want[] = {
		"1 error to fix;", "1 fout op te lossen;", "1 erreur à corriger"};
	struct sample s;

	sample_init(&s, LANG_EN);
	s.res.errors = 1;
	for (int l = 0; l < LANG_COUNT; l++) {
		struct buf b = BUF_INIT;
		char *t;
		s.r.lang = (enum lang)l;
		report_verdict(&s.r, &b);
		t = buf_detach(&b, NULL);
		cr_expect(strstr(t, want[l]), "%s", t);
		free(t);
	}
	sample_release(&s);
}

Test(report, json_is_versioned_and_complete)
{
	struct sample s;
	json_error_t je;
	json_t *o, *f;
	char *t;

	sample_init(&s, LANG_NL);
	t = render(&s.r, REPORT_JSON);
	o = json_loads(t, 0, &je);
	cr_assert_not_null(o, "%s", je.text);
	cr_expect_str_eq(json_string_value(json_object_get(o, "schema")), "cot.check/1");
	cr_expect(json_is_false(json_object_get(o, "ready")));
	cr_expect_str_eq(json_string_value(json_object_get(o, "date")), "2026-06-01");
	cr_expect_eq(json_array_size(json_object_get(o, "categories")), 2);
	cr_expect_str_eq(json_string_value(json_object_get(
				 json_array_get(json_object_get(o, "categories"), 0), "title")),
		"Beleid en organisatie");
	cr_expect_eq(json_array_size(json_object_get(o, "results")), 3);
	cr_expect_eq(
		json_integer_value(json_object_get(json_object_get(o, "summary"), "compliant")), 1);
	cr_expect_eq(
		json_integer_value(json_object_get(json_object_get(o, "counts"), "errors")), 2);
	f = json_array_get(json_object_get(o, "findings"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(f, "file")), "check me.yaml");
	cr_expect_gt(json_integer_value(json_object_get(f, "line")), 0);
	cr_expect(json_is_string(json_object_get(f, "rule")));
	cr_expect_str_eq(
		json_string_value(json_object_get(json_object_get(o, "organisation"), "name")),
		"Test & <vzw>");
	json_decref(o);
	free(t);
	sample_release(&s);
}

Test(report, sarif_has_what_code_scanning_requires)
{
	struct sample s;
	json_error_t je;
	json_t *o, *run, *rules, *results;
	char *t;

	sample_init(&s, LANG_EN);
	t = render(&s.r, REPORT_SARIF);
	o = json_loads(t, 0, &je);
	cr_assert_not_null(o, "%s", je.text);
	cr_expect_str_eq(json_string_value(json_object_get(o, "version")), "2.1.0");
	cr_expect(strstr(json_string_value(json_object_get(o, "$schema")), "sarif-2.1.0"));
	run = json_array_get(json_object_get(o, "runs"), 0);
	cr_assert_not_null(run);
	cr_expect_str_eq(json_string_value(json_object_get(
				 json_object_get(json_object_get(run, "tool"), "driver"), "name")),
		"cot");
	rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"), "rules");
	results = json_object_get(run, "results");
	cr_expect_eq(json_array_size(results), s.d.n);
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *r = json_array_get(results, i), *loc, *rule;
		const char *level = json_string_value(json_object_get(r, "level"));
		size_t k = (size_t)json_integer_value(json_object_get(r, "ruleIndex"));
		rule = json_array_get(rules, k);
		cr_assert_not_null(rule);
		cr_expect_str_eq(json_string_value(json_object_get(rule, "id")),
			json_string_value(json_object_get(r, "ruleId")));
		cr_expect(json_string_length(json_object_get(
				  json_object_get(rule, "shortDescription"), "text")) > 0);
		cr_expect(!strcmp(level, "error") || !strcmp(level, "warning") ||
			  !strcmp(level, "note"));
		cr_expect(json_is_string(json_object_get(json_object_get(r, "message"), "text")));
		loc = json_object_get(
			json_array_get(json_object_get(r, "locations"), 0), "physicalLocation");
		cr_expect_str_eq(json_string_value(json_object_get(
					 json_object_get(loc, "artifactLocation"), "uri")),
			"check%20me.yaml");
		cr_expect_geq(json_integer_value(
				      json_object_get(json_object_get(loc, "region"), "startLine")),
			1);
		cr_expect_geq(json_integer_value(json_object_get(
				      json_object_get(loc, "region"), "startColumn")),
			1);
	}
	json_decref(o);
	free(t);
	sample_release(&s);
}

static long xpath_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	long n;

	cr_assert_not_null(o, "%s", expr);
	n = o->type == XPATH_NUMBER ? (long)o->floatval : o->nodesetval ? o->nodesetval->nodeNr : 0;
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return n;
}

Test(report, junit_counts_one_case_per_requirement)
{
	struct sample s;
	xmlDocPtr doc;
	char *t;

	sample_init(&s, LANG_EN);
	t = render(&s.r, REPORT_JUNIT);
	doc = xmlReadMemory(t, (int)strlen(t), "junit.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "%s", t);
	/* 3 applicable requirements and the answers file (for the unknown id). */
	cr_expect_eq(xpath_count(doc, "count(/testsuites/testsuite/testcase)"), 4);
	cr_expect_eq(xpath_count(doc, "number(/testsuites/@tests)"), 4);
	cr_expect_eq(xpath_count(doc, "count(//testcase[failure])"), 2);
	cr_expect_eq(xpath_count(doc, "number(/testsuites/testsuite/@failures)"), 2);
	cr_expect_eq(xpath_count(doc, "count(//testcase[starts-with(@name, 'PHY-01')]/failure"
				      "[@type='answer-not-compliant'])"),
		1);
	cr_expect_eq(xpath_count(doc, "count(//testcase[@classname='file']/failure"
				      "[@type='answer-unknown-id'])"),
		1);
	cr_expect_eq(xpath_count(doc, "count(//testcase[starts-with(@name, 'GOV-02')]/system-out)"),
		1, "a warning is output, not a failure");
	xmlFreeDoc(doc);
	free(t);
	sample_release(&s);
}

Test(report, github_escapes_data_and_properties)
{
	struct buf b = BUF_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct lint_file f = {"a,b:c%.yaml", CL_ANSWERS, true};
	struct report r = {.command = "lint", .d = &d, .files = &f, .nfiles = 1};
	char *t;

	report_github_escape(&b, "50%\r\nx:y,z", false);
	cr_expect_str_eq(b.data, "50%25%0D%0Ax:y,z");
	buf_release(&b);
	report_github_escape(&b, "a,b:c%", true);
	cr_expect_str_eq(b.data, "a%2Cb%3Ac%25");
	buf_release(&b);
	diag_add(&d, DIAG_ERROR, f.name, 3, 7, "schema-type", "100%% wrong\nreally, truly: yes");
	diag_add(&d, DIAG_WARNING, f.name, 0, 0, "answers-unknown-set", "w");
	t = render(&r, REPORT_GITHUB);
	cr_expect(strstr(t, "::error file=a%2Cb%3Ac%25.yaml,line=3,col=7,title=schema-type::100%25 "
			    "wrong%0Areally, truly: yes\n"),
		"%s", t);
	cr_expect(strstr(t, "::warning file=a%2Cb%3Ac%25.yaml,line=1,col=1,"
			    "title=answers-unknown-set::w\n"),
		"%s", t);
	free(t);
	diag_list_release(&d);
}

Test(report, html_is_self_contained_with_every_category)
{
	struct sample s;
	htmlDocPtr doc;
	char *t;

	sample_init(&s, LANG_EN);
	t = render(&s.r, REPORT_HTML);
	cr_expect(strncmp(t, "<!DOCTYPE html>", 15) == 0);
	cr_expect_null(strstr(t, "<script"));
	cr_expect_null(strstr(t, "src="));
	cr_expect_null(strstr(t, "<link"));
	cr_expect_null(strstr(t, "url("));
	cr_expect_null(strstr(t, "href=\"http"));
	cr_expect(strstr(t, "Test &amp; &lt;vzw&gt;"), "names are escaped");
	cr_expect_null(strstr(t, "<soon>"), "notes are escaped");
	doc = htmlReadMemory(t, (int)strlen(t), "r.html", "UTF-8",
		HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	cr_assert_not_null(doc);
	cr_expect_eq(xpath_count(doc, "count(//section[@id='cat-governance'])"), 1);
	cr_expect_eq(xpath_count(doc, "count(//section[@id='cat-physical'])"), 1);
	cr_expect_eq(xpath_count(doc, "count(//section[@class='category'])"), 2);
	cr_expect_eq(xpath_count(doc, "count(//tr[starts-with(@id, 'req-')])"), 3);
	cr_expect_eq(xpath_count(doc, "count(//div[@id='verdict' and contains(@class, 'ko')])"), 1);
	cr_expect_eq(xpath_count(doc, "count(//style)"), 1);
	cr_expect_eq(xpath_count(doc, "count(//div[@class]) + count(//section[@id='summary'])"),
		xpath_count(doc, "count(//div[@class])") + 1);
	cr_expect_geq(xpath_count(doc, "count(//*[local-name()='svg'])"), 5,
		"a ring and a bar per category in the summary and in each section");
	cr_expect_eq(xpath_count(doc, "count(//section[@id='findings']//li)"), 1,
		"the unknown id is listed apart");
	xmlFreeDoc(doc);
	free(t);
	sample_release(&s);
}

Test(report, html_only_for_check)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct report r = {.command = "lint", .d = &d};
	struct cot_err err = COT_ERR_INIT;
	struct buf b = BUF_INIT;

	cr_expect_eq(report_render(&r, REPORT_HTML, &b, &err), COT_USAGE);
	buf_release(&b);
}

Test(report, lint_formats_one_case_per_file)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct lint_file files[] = {{"a.yaml", CL_ANSWERS, true}, {"b.yaml", CL_REQUIREMENTS, true},
		{"c.yaml", CL_UNKNOWN, false}};
	struct report r = {.command = "lint", .d = &d, .files = files, .nfiles = 3};
	json_error_t je;
	xmlDocPtr doc;
	json_t *o;
	char *t;

	diag_add(&d, DIAG_WARNING, "a.yaml", 2, 1, "answers-unknown-set", "w");
	diag_add_about(&d, "GOV-01", DIAG_ERROR, "b.yaml", 9, 11, "req-duplicate-id", "dup");
	diag_add(&d, DIAG_ERROR, "c.yaml", 0, 0, "file-unreadable", "cannot read");
	t = render(&r, REPORT_TEXT);
	cr_expect(strstr(t, "b.yaml:9:11: error: dup [req-duplicate-id]\n"), "%s", t);
	cr_expect(strstr(t, "c.yaml: error: cannot read [file-unreadable]\n"), "%s", t);
	cr_expect(strstr(t, "3 files checked (1 unreadable): 2 errors, 1 warning\n"), "%s", t);
	free(t);
	t = render(&r, REPORT_JUNIT);
	doc = xmlReadMemory(t, (int)strlen(t), "j.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	cr_expect_eq(xpath_count(doc, "count(//testcase)"), 3);
	cr_expect_eq(xpath_count(doc, "count(//testcase[failure])"), 2);
	cr_expect_eq(xpath_count(doc, "count(//testcase[@name='b.yaml' and @classname="
				      "'requirements']/failure)"),
		1);
	xmlFreeDoc(doc);
	free(t);
	r.strict = true;
	t = render(&r, REPORT_JUNIT);
	doc = xmlReadMemory(t, (int)strlen(t), "j.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	cr_expect_eq(xpath_count(doc, "count(//testcase[failure])"), 3, "strict: warnings fail");
	xmlFreeDoc(doc);
	free(t);
	t = render(&r, REPORT_JSON);
	o = json_loads(t, 0, &je);
	cr_assert_not_null(o);
	cr_expect_str_eq(json_string_value(json_object_get(o, "schema")), "cot.lint/1");
	cr_expect(json_is_false(json_object_get(o, "ok")));
	cr_expect_eq(json_array_size(json_object_get(o, "files")), 3);
	cr_expect_eq(json_integer_value(json_object_get(
			     json_array_get(json_object_get(o, "files"), 1), "errors")),
		1);
	json_decref(o);
	free(t);
	diag_list_release(&d);
}

Test(report, hostile_text_stays_valid)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct lint_file f = {"bad\x01\xfe.yaml", CL_UNKNOWN, true};
	struct report r = {.command = "lint", .d = &d, .files = &f, .nfiles = 1};
	json_error_t je;
	xmlDocPtr doc;
	json_t *o;
	char *t;

	diag_add(&d, DIAG_ERROR, f.name, 1, 1, "yaml-syntax", "bad \x02 byte \xc0");
	t = render(&r, REPORT_JUNIT);
	doc = xmlReadMemory(t, (int)strlen(t), "j.xml", NULL, XML_PARSE_NONET);
	cr_expect_not_null(doc, "still well-formed XML: %s", t);
	cr_expect(strstr(t, "bad\\x01\\xfe.yaml"), "the name shown escaped, not dropped: %s", t);
	cr_expect(strstr(t, "bad \\x02 byte \\xc0"), "%s", t);
	xmlFreeDoc(doc);
	free(t);
	t = render(&r, REPORT_SARIF);
	o = json_loads(t, 0, &je);
	cr_expect_not_null(o, "still JSON: %s", je.text);
	cr_expect(strstr(t, "bad \\u0002 byte \\\\xc0"), "%s", t);
	cr_expect(strstr(t, "bad%5Cx01%5Cxfe.yaml"), "%s", t);
	json_decref(o);
	free(t);
	diag_list_release(&d);
}

Test(report, every_rule_is_described)
{
	static const char *const ids[] = {"yaml-syntax", "yaml-size", "yaml-depth", "yaml-alias",
		"yaml-duplicate-key", "schema-type", "schema-required", "schema-unknown-key",
		"schema-enum", "schema-pattern", "schema-format", "schema-range", "schema-unique",
		"text-empty", "text-control", "translation-missing", "file-kind", "file-unreadable",
		"req-duplicate-id", "req-unknown-category", "req-unknown-source",
		"req-empty-category", "req-unused-source", "req-id-prefix", "answers-unknown-set",
		"answers-set-mismatch", "answers-org-mismatch", "kbo-invalid", "answer-unknown-id",
		"answer-missing", "nothing-answered", "answer-not-compliant", "answer-text-missing",
		"answer-not-required", "na-not-allowed", "na-no-justification", "evidence-missing",
		"evidence-unreadable", "evidence-outside-project", "evidence-empty",
		"evidence-private-key", "review-stale", "review-future", "review-missing",
		"waiver-expired", "waiver-active"};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		cr_expect(report_rule_text(ids[i])[0], "%s has no description", ids[i]);
	cr_expect_str_eq(report_rule_text("no-such-rule"), "");
}
