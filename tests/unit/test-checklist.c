/* Checklists: the loaders against the schemas, each lint and check rule at its exact place. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "helpers.h"

#define MINI COT_SRCDIR "/tests/fixtures/checklist/valid/mini-requirements.yaml"
#define SHIPPED COT_SRCDIR "/checklists/belrai-security-1.0.yaml"
#define HEAD                                                                                       \
	"format: cot.answers/1\nrequirements: {id: mini-security, version: \"0.1\"}\n"             \
	"organisation: {name: \"Test vzw\", kbo: \"0234567873\"}\n"

/* The first finding with rule, or fails the test. */
static const struct diag *find(const struct diag_list *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule && strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	cr_assert_fail("no finding [%s] among %zu", rule, d->n);
	return NULL;
}

static size_t count(const struct diag_list *d, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].rule && strcmp(d->v[i].rule, rule) == 0;
	return n;
}

static size_t count_at(const struct diag_list *d, const char *rule, unsigned line)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].rule && strcmp(d->v[i].rule, rule) == 0 && d->v[i].line == line;
	return n;
}

/* Asserts a finding rule at line:col. */
static void expect_at(const struct diag_list *d, const char *rule, unsigned line, unsigned col)
{
	const struct diag *x = find(d, rule);

	cr_expect_eq(x->line, line, "[%s] line %u, expected %u: %s", rule, x->line, line, x->msg);
	cr_expect_eq(x->col, col, "[%s] col %u, expected %u: %s", rule, x->col, col, x->msg);
}

/* text as the YAML file name, read into rs or a: the one not NULL, zeroed first. */
static int read_text(const char *name, const char *text, struct reqset *rs, struct answers *a,
	struct diag_list *d)
{
	struct ynode *root = NULL;
	int rc = ydoc_parse(name, text, strlen(text), NULL, &root, d);

	if (rs)
		memset(rs, 0, sizeof(*rs));
	else
		memset(a, 0, sizeof(*a));
	if (!rc)
		rc = rs ? reqset_from_tree(name, root, rs, d) : answers_from_tree(name, root, a, d);
	ynode_free(root);
	return rc;
}

static int answers_text(const char *text, struct answers *a, struct diag_list *d)
{
	return read_text("a.yaml", text, NULL, a, d);
}

static int reqset_text(const char *text, struct reqset *rs, struct diag_list *d)
{
	return read_text("r.yaml", text, rs, NULL, d);
}

static void load_mini(struct reqset *rs)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(reqset_load(MINI, "mini.yaml", rs, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(d.n, 0);
	diag_list_release(&d);
}

/* --- loading --------------------------------------------------------------- */

Test(load, mini_set_has_its_requirements)
{
	struct reqset rs;
	const struct requirement *q;

	load_mini(&rs);
	cr_expect_str_eq(rs.id, "mini-security");
	cr_expect_str_eq(rs.version, "0.1");
	cr_expect_eq(rs.nreqs, 3);
	cr_expect_eq(rs.ncats, 2);
	cr_expect_eq(rs.nsources, 2);
	cr_expect_str_eq(rs.title.s[LANG_FR], "Mini-liste de contrôle");
	q = reqset_get(&rs, "GOV-02");
	cr_assert_not_null(q);
	cr_expect_eq(q->level, LEVEL_RECOMMENDED);
	cr_expect_eq(q->answer, ANSWER_TEXT);
	cr_expect_eq(q->routes, 1u << ROUTE_DIRECT);
	cr_expect_eq(q->kinds, (1u << KIND_ORGANISATION) | (1u << KIND_VENDOR));
	cr_expect_eq(q->review_months, 24);
	cr_expect_not(q->evidence_required);
	cr_expect_eq(q->cat, 0);
	cr_expect_eq(reqset_get(&rs, "PHY-01")->cat, 1);
	cr_expect(reqset_get(&rs, "PHY-01")->na_allowed);
	cr_expect_str_eq(reqset_get(&rs, "PHY-01")->evidence_kinds, "procedure, record");
	cr_expect_eq(reqset_get(&rs, "GOV-01")->at.line, 33);
	cr_expect_eq(reqset_get(&rs, "GOV-01")->at.col, 9);
	cr_expect_null(reqset_get(&rs, "GOV-99"));
	cr_expect(req_applies(q, ROUTE_DIRECT, KIND_VENDOR));
	cr_expect_not(req_applies(q, ROUTE_VITALINK, KIND_ORGANISATION));
	reqset_release(&rs);
}

Test(load, shipped_set_is_clean)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct reqset rs;

	cr_assert_eq(reqset_load(SHIPPED, NULL, &rs, &d, &err), COT_OK);
	reqset_lint(&rs, &d);
	cr_expect_eq(d.n, 0, "first: %s", d.n ? d.v[0].msg : "");
	cr_expect_eq(rs.nreqs, 87);
	cr_expect_eq(rs.ncats, 15);
	cr_expect_eq(strlen(rs.sha256), 64);
	for (size_t i = 0; i < rs.nreqs; i++)
		cr_expect_geq(rs.reqs[i].cat, 0, "%s", rs.reqs[i].id);
	reqset_release(&rs);
	diag_list_release(&d);
}

Test(load, answers_with_every_field)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct answers a;
	const struct answer *x;

	cr_assert_eq(answers_text(HEAD
			     "answers:\n  GOV-01:\n    status: partial\n"
			     "    owner: \"An\"\n    evidence: [evidence/p.pdf, evidence/q.pdf]\n"
			     "    reviewed: 2026-01-15\n    note: \"n\"\n    waiver:\n"
			     "      justification: \"j\"\n      approver: \"Boss\"\n      expires: "
			     "2026-12-31\n",
			     &a, &d),
		COT_OK);
	cr_expect_eq(d.n, 0);
	cr_expect_str_eq(a.set_id, "mini-security");
	cr_expect_str_eq(a.set_version, "0.1");
	cr_expect_str_eq(a.org_kbo, "0234567873");
	cr_assert_eq(a.n, 1);
	x = &a.v[0];
	cr_expect_str_eq(x->id, "GOV-01");
	cr_expect_eq(x->at.line, 5);
	cr_expect_eq(x->at.col, 3);
	cr_expect_eq(x->status, ST_PARTIAL);
	cr_expect_eq(x->status_at.line, 6);
	cr_expect_eq(x->status_at.col, 13);
	cr_expect_eq(x->nevidence, 2);
	cr_expect_str_eq(x->evidence[1].path, "evidence/q.pdf");
	cr_expect_eq(x->evidence[1].at.col, 32);
	cr_expect_str_eq(x->reviewed, "2026-01-15");
	cr_assert_not_null(x->waiver);
	cr_expect_str_eq(x->waiver->expires, "2026-12-31");
	cr_expect_str_eq(x->waiver->approver, "Boss");
	cr_expect_eq(a.answers_at.line, 4);
	answers_release(&a);
	diag_list_release(&d);
}

Test(load, kind_told_by_format_then_keys)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root;
	static const struct {
		const char *text;
		enum cl_kind kind;
	} cases[] = {
		{"format: cot.answers/1\n", CL_ANSWERS},
		{"format: cot.requirements/1\n", CL_REQUIREMENTS},
		{"format: cot.answer/1\nanswers: {}\n", CL_ANSWERS},
		{"requirements: {id: x, version: \"1\"}\n", CL_ANSWERS},
		{"requirements: []\n", CL_REQUIREMENTS},
		{"categories: []\n", CL_REQUIREMENTS},
		{"format: cot.project/1\norganisation_x: 1\n", CL_UNKNOWN},
		{"- 1\n", CL_UNKNOWN},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cr_assert_eq(
			ydoc_parse("k.yaml", cases[i].text, strlen(cases[i].text), NULL, &root, &d),
			COT_OK);
		cr_expect_eq(checklist_kind(root), cases[i].kind, "%s", cases[i].text);
		ynode_free(root);
	}
	cr_expect_eq(checklist_kind(NULL), CL_UNKNOWN);
	diag_list_release(&d);
}

/* A value YAML tools read as a number, boolean or null is not a string. */
Test(load, unquoted_non_strings_are_type_errors)
{
	static const char *const bad[] = {"123456749", "0809394427", "1.0", "yes", "off", "~",
		"1e5", "0x1F", "12:30", ".inf"};
	static const char *const good[] = {
		"2026-05-01", "\"0809394427\"", "evidence", "1.0.0", "'yes'", "a:b", "1_a"};
	char text[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct answers a;
		snprintf(text, sizeof(text), HEAD "answers:\n  GOV-01: {status: open, owner: %s}\n",
			bad[i]);
		cr_expect_eq(answers_text(text, &a, &d), COT_USAGE, "%s", bad[i]);
		expect_at(&d, "schema-type", 5, 33);
		answers_release(&a);
		diag_list_release(&d);
	}
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct answers a;
		snprintf(text, sizeof(text), HEAD "answers:\n  GOV-01: {status: open, owner: %s}\n",
			good[i]);
		cr_expect_eq(answers_text(text, &a, &d), COT_OK, "%s: %s", good[i],
			d.n ? d.v[0].msg : "");
		answers_release(&a);
		diag_list_release(&d);
	}
}

Test(load, schema_rules_at_their_place)
{
	static const struct {
		const char *answers, *rule;
		unsigned line, col;
	} cases[] = {
		{"  GOV-01: {status: done}\n", "schema-enum", 5, 20},
		{"  GOV-01: {status: open, comment: x}\n", "schema-unknown-key", 5, 26},
		{"  GOV-01: {owner: x}\n", "schema-required", 5, 11},
		{"  GOV-01: {status: open, reviewed: 2026-02-30}\n", "schema-format", 5, 36},
		{"  GOV-01: {status: open, reviewed: 01-05-2026}\n", "schema-format", 5, 36},
		{"  GOV-01: {status: open, evidence: evidence/a.pdf}\n", "schema-type", 5, 36},
		{"  GOV-01: {status: open, evidence: [a, a]}\n", "schema-unique", 5, 40},
		{"  GOV-01: {status: open, evidence: [\"\"]}\n", "text-empty", 5, 37},
		{"  GOV-01: {status: open, evidence: ['a\\b']}\n", "schema-pattern", 5, 37},
		{"  GOV-01: {status: open, justification: \" \"}\n", "text-empty", 5, 41},
		{"  GOV-01: {status: partial, waiver: {justification: j, expires: 2027-01-01}}\n",
			"schema-required", 5, 37},
		{"  gov-01: {status: open}\n", "schema-pattern", 5, 3},
		{"  GOV-01: [status]\n", "schema-type", 5, 11},
	};
	char text[512];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct answers a;
		snprintf(text, sizeof(text), HEAD "answers:\n%s", cases[i].answers);
		cr_expect_eq(answers_text(text, &a, &d), COT_USAGE, "%s", cases[i].answers);
		cr_expect_eq(d.errors, 1, "%s: %zu findings", cases[i].answers, d.n);
		expect_at(&d, cases[i].rule, cases[i].line, cases[i].col);
		answers_release(&a);
		diag_list_release(&d);
	}
}

Test(load, header_errors)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct answers a;

	cr_expect_eq(answers_text("format: cot.answer/1\nrequirements: {id: Bad_Id, version: 1.0}\n"
				  "organisation: {name: \"\", kbo: \"BE0123456749\"}\nanswers: "
				  "{}\nextra: 1\n",
			     &a, &d),
		COT_USAGE);
	expect_at(&d, "schema-enum", 1, 9);
	expect_at(&d, "schema-pattern", 2, 20);
	expect_at(&d, "schema-type", 2, 37);
	expect_at(&d, "text-empty", 3, 22);
	expect_at(&d, "schema-unknown-key", 5, 1);
	cr_expect_eq(count(&d, "schema-pattern"), 2); /* the set id and the KBO */
	answers_release(&a);
	diag_list_release(&d);
	cr_expect_eq(answers_text("- a\n", &a, &d), COT_USAGE);
	expect_at(&d, "schema-type", 1, 1);
	answers_release(&a);
	diag_list_release(&d);
}

Test(load, requirement_set_rules)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs;
	const char *text =
		"format: cot.requirements/1\n"					   /* 1 */
		"id: t\nversion: \"1\"\n"					   /* 2-3 */
		"title: {nl: a, fr: b, en: c}\n"				   /* 4 */
		"sources: [{id: s, title: S}]\n"				   /* 5 */
		"categories: [{id: c, title: {nl: a, en: \"\"}}]\n"		   /* 6 */
		"requirements:\n"						   /* 7 */
		"  - {id: GOV-1, category: c, title: {nl: a, fr: b, en: c},\n"	   /* 8 */
		"     description: {nl: a, fr: b, en: c}, level: must,\n"	   /* 9 */
		"     applies_to: {routes: [direct, direct], kinds: []},\n"	   /* 10 */
		"     answer: status, evidence: {required: yes, kinds: [memo]},\n" /* 11 */
		"     not_applicable: false, review_months: 61,\n"		   /* 12 */
		"     source: {id: s, ref: \"\"}}\n";				   /* 13 */

	cr_expect_eq(reqset_text(text, &rs, &d), COT_USAGE);
	expect_at(&d, "translation-missing", 6, 29);
	expect_at(&d, "text-empty", 6, 41);
	expect_at(&d, "schema-pattern", 8, 10);
	expect_at(&d, "schema-enum", 9, 49);
	expect_at(&d, "schema-unique", 10, 36);
	expect_at(&d, "schema-range", 10, 52);
	expect_at(&d, "schema-type", 11, 43);
	cr_expect_eq(count(&d, "schema-enum"), 2);  /* level, and memo */
	cr_expect_eq(count(&d, "schema-range"), 2); /* kinds: [], and review_months */
	cr_expect_eq(count(&d, "text-empty"), 2);   /* the category title en, the ref */
	cr_expect_eq(rs.nreqs, 1, "a requirement with a malformed id is kept");
	reqset_release(&rs);
	diag_list_release(&d);
}

Test(lint, requirement_set_references)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs;
	const char *text =
		"format: cot.requirements/1\nid: t\nversion: \"1\"\n"			/* 1-3 */
		"title: {nl: a, fr: b, en: c}\n"					/* 4 */
		"sources: [{id: s, title: S}, {id: u, title: U}, {id: s, title: S2}]\n" /* 5 */
		"categories: [{id: c, title: {nl: a, fr: b, en: c}},\n"			/* 6 */
		"  {id: e, title: {nl: a, fr: b, en: c}}]\n"				/* 7 */
		"requirements:\n"							/* 8 */
		"  - {id: GOV-01, category: c, title: {nl: a, fr: b, en: c}, description: {nl: a, "
		"fr: b,"
		" en: c}, level: mandatory, applies_to: {routes: [direct], kinds: [organisation]}, "
		"answer: status, evidence: {required: false, kinds: [record]}, not_applicable: "
		"false, "
		"review_months: 12, source: {id: s, ref: r}}\n" /* 9 */
		"  - {id: GOV-01, category: x, title: {nl: a, fr: b, en: c}, description: {nl: a, "
		"fr: b,"
		" en: c}, level: mandatory, applies_to: {routes: [direct], kinds: [organisation]}, "
		"answer: status, evidence: {required: false, kinds: [record]}, not_applicable: "
		"false, "
		"review_months: 12, source: {id: z, ref: r}}\n" /* 10 */
		"  - {id: PHY-01, category: c, title: {nl: a, fr: b, en: c}, description: {nl: a, "
		"fr: b,"
		" en: c}, level: mandatory, applies_to: {routes: [direct], kinds: [organisation]}, "
		"answer: status, evidence: {required: false, kinds: [record]}, not_applicable: "
		"false, "
		"review_months: 12, source: {id: s, ref: r}}\n"; /* 11 */
	const struct diag *x;

	cr_assert_eq(reqset_text(text, &rs, &d), COT_OK, "%s", d.n ? d.v[0].msg : "");
	reqset_lint(&rs, &d);
	x = find(&d, "req-duplicate-id");
	cr_expect_eq(x->line, 10);
	cr_expect_eq(x->col, 10);
	cr_expect(strstr(x->msg, "first at line 9"), "%s", x->msg);
	cr_expect_eq(count(&d, "req-duplicate-id"), 2); /* GOV-01 and the source s */
	expect_at(&d, "req-unknown-category", 10, 28);
	expect_at(&d, "req-unknown-source", 10, 287);
	expect_at(&d, "req-empty-category", 7, 3);
	expect_at(&d, "req-unused-source", 5, 30);
	expect_at(&d, "req-id-prefix", 11, 10);
	cr_expect_eq(d.errors, 4);
	cr_expect_eq(d.warnings, 3);
	reqset_release(&rs);
	diag_list_release(&d);
}

Test(lint, answers_against_their_set)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs;
	struct answers a;

	load_mini(&rs);
	cr_assert_eq(answers_text("format: cot.answers/1\n"
				  "requirements: {id: mini-security, version: \"0.1\"}\n"
				  "organisation: {name: \"T\", kbo: \"0234567872\"}\n"
				  "answers:\n"
				  "  GOV-09: {status: open}\n"
				  "  GOV-01: {status: not-applicable, justification: j}\n"
				  "  PHY-01: {status: not-applicable}\n",
			     &a, &d),
		COT_OK);
	answers_lint(&a, &rs, &d);
	expect_at(&d, "kbo-invalid", 3, 32);
	expect_at(&d, "answer-unknown-id", 5, 3);
	expect_at(&d, "na-not-allowed", 6, 20);
	expect_at(&d, "na-no-justification", 7, 20);
	cr_expect_str_eq(find(&d, "na-no-justification")->subject, "PHY-01");
	cr_expect_eq(d.errors, 4);
	answers_release(&a);
	diag_list_release(&d);
	/* Another set: one mismatch finding, and no unknown ids. */
	cr_assert_eq(answers_text("format: cot.answers/1\n"
				  "requirements: {id: belrai-security, version: \"1.0\"}\n"
				  "organisation: {name: \"T\", kbo: \"0234567873\"}\nanswers: "
				  "{GOV-99: {status: open}}\n",
			     &a, &d),
		COT_OK);
	answers_lint(&a, &rs, &d);
	expect_at(&d, "answers-set-mismatch", 2, 15);
	cr_expect_eq(d.n, 1);
	answers_release(&a);
	diag_list_release(&d);
	/* Evidence outside the project is refused whatever the set. */
	cr_assert_eq(answers_text(HEAD "answers:\n"
				       "  GOV-01: {status: open, evidence: [/etc/passwd, C:/x.pdf, "
				       "evidence/../../x, ok/..]}\n",
			     &a, &d),
		COT_OK);
	answers_lint(&a, NULL, &d);
	cr_expect_eq(count(&d, "evidence-outside-project"), 4);
	expect_at(&d, "evidence-outside-project", 5, 37);
	cr_expect_eq(d.v[3].col, 78);
	answers_release(&a);
	diag_list_release(&d);
	/* Without a set: only what needs none. */
	cr_assert_eq(
		answers_text(HEAD "answers: {GOV-99: {status: not-applicable}}\n", &a, &d), COT_OK);
	answers_lint(&a, NULL, &d);
	cr_expect_eq(d.n, 1);
	find(&d, "na-no-justification");
	answers_release(&a);
	diag_list_release(&d);
	reqset_release(&rs);
}

/* --- the check --------------------------------------------------------------- */

struct fixture {
	char *dir;
	struct reqset rs;
	struct check_opts o;
};

static void fx_init(struct fixture *f)
{
	char *p;

	f->dir = test_tmpdir();
	load_mini(&f->rs);
	memset(&f->o, 0, sizeof(f->o));
	f->o.root = f->dir;
	f->o.route = ROUTE_DIRECT;
	f->o.kind = KIND_ORGANISATION;
	cr_assert(date_parse("2026-06-01", &f->o.now));
	p = test_path(f->dir, "evidence");
	cr_assert_eq(mkdir(p, 0755), 0);
	free(p);
	p = test_path(f->dir, "evidence/policy.pdf");
	test_write(p, "%PDF-1.4\n");
	free(p);
}

static void fx_release(struct fixture *f)
{
	test_rmtree(f->dir);
	free(f->dir);
	reqset_release(&f->rs);
}

/* Checks answers (text after HEAD "answers:\n") and returns the result in res, findings in d. */
static void run_check(
	struct fixture *f, const char *answers, struct check_result *res, struct diag_list *d)
{
	struct answers a;
	char *text = malloc(strlen(HEAD) + strlen(answers) + 16);

	sprintf(text, HEAD "answers:%s", answers);
	cr_assert_eq(answers_text(text, &a, d), COT_OK, "%s", d->n ? d->v[0].msg : "");
	checklist_check(&f->rs, &a, &f->o, res, d);
	answers_release(&a);
	free(text);
}

#define READY_ANSWERS                                                                              \
	"\n"                                                                                       \
	"  GOV-01: {status: compliant, evidence: [evidence/policy.pdf], reviewed: 2026-01-15}\n"   \
	"  GOV-02: {status: compliant, note: \"dpo@example.org\", reviewed: 2025-01-15}\n"         \
	"  PHY-01: {status: not-applicable, justification: \"hosted\", reviewed: 2026-01-15}\n"

/* A sink that keeps only the first error (status's summary) counts as one that keeps all. */
Test(check, keeping_only_the_first_error_keeps_the_counts)
{
	static const char answers[] =
		"\n  GOV-01: {status: compliant, evidence: [evidence/policy.pdf], "
		"reviewed: 2026-01-15}\n"
		"  GOV-02: {status: planned}\n"
		"  PHY-01: {status: compliant, reviewed: 2026-06-02}\n";
	struct diag_list all = DIAG_LIST_INIT, first = DIAG_LIST_INIT;
	struct check_result ra, rf;
	struct fixture f;
	size_t e = 0;

	fx_init(&f);
	first.max = 1;
	first.keep_from = DIAG_ERROR;
	run_check(&f, answers, &ra, &all);
	run_check(&f, answers, &rf, &first);
	while (e < all.n && all.v[e].sev != DIAG_ERROR)
		e++;
	cr_assert(e > 0 && e < all.n, "a warning before the first error");
	cr_assert(all.errors > 1 && all.warnings > 0);
	cr_expect_eq(first.errors, all.errors);
	cr_expect_eq(first.warnings, all.warnings);
	cr_expect_eq(first.notes, all.notes);
	cr_expect_eq(first.dropped, all.n - 1);
	cr_assert_eq(first.n, 1);
	cr_expect_str_eq(first.v[0].rule, all.v[e].rule);
	cr_expect_str_eq(first.v[0].msg, all.v[e].msg);
	cr_expect_eq(first.v[0].line, all.v[e].line);
	cr_expect_eq(rf.errors, ra.errors);
	cr_expect_eq(rf.answered, ra.answered);
	cr_expect_eq(rf.ready, ra.ready);
	cr_expect_arr_eq(rf.n, ra.n, sizeof(ra.n));
	cr_expect(!diag_keeps(&first, DIAG_ERROR));
	check_result_release(&ra);
	check_result_release(&rf);
	diag_list_release(&all);
	diag_list_release(&first);
	fx_release(&f);
}

Test(check, ready_when_all_is_well)
{
	struct fixture f;
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;

	fx_init(&f);
	run_check(&f, READY_ANSWERS, &res, &d);
	cr_expect_eq(d.n, 0, "first: %s", d.n ? d.v[0].msg : "");
	cr_expect(res.ready);
	cr_expect_eq(res.nreqs, 3);
	cr_expect_eq(res.answered, 3);
	cr_expect_eq(res.n[RS_COMPLIANT], 2);
	cr_expect_eq(res.n[RS_NA], 1);
	cr_assert_eq(res.ncats, 2);
	cr_expect_str_eq(res.cats[0].cat->id, "governance");
	cr_expect_eq(res.cats[0].total, 2);
	cr_expect_eq(res.cats[1].n[RS_NA], 1);
	check_result_release(&res);
	diag_list_release(&d);
	fx_release(&f);
}

Test(check, nothing_answered_is_not_ready)
{
	struct fixture f;
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;
	const struct diag *x;

	fx_init(&f);
	run_check(&f, " {}\n", &res, &d);
	cr_expect_not(res.ready);
	cr_expect_eq(res.n[RS_OPEN], 3);
	cr_expect_eq(count(&d, "answer-missing"), 3);
	cr_expect_eq(count(&d, "nothing-answered"), 1);
	cr_expect_eq(d.errors, 3);   /* GOV-01 and PHY-01 are mandatory, and nothing answered */
	cr_expect_eq(d.warnings, 1); /* GOV-02 is recommended */
	x = find(&d, "answer-missing");
	cr_expect_eq(x->line, 4);
	cr_expect_eq(x->col, 1);
	cr_expect_str_eq(x->subject, "GOV-01");
	cr_expect_eq(res.reqs[0].errors, 1);
	cr_expect_eq(res.cats[0].errors, 1);
	check_result_release(&res);
	diag_list_release(&d);
	fx_release(&f);
}

/* Only recommended requirements apply: open ones only warn, but nothing answered never passes. */
Test(check, nothing_answered_of_recommended_ones_is_not_ready)
{
	struct fixture f;
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;
	const struct diag *x;

	fx_init(&f);
	f.o.kind = KIND_VENDOR; /* on route direct: GOV-02 only, recommended */
	run_check(&f, " {}\n", &res, &d);
	cr_expect_eq(res.nreqs, 1);
	cr_expect_eq(res.answered, 0);
	cr_expect_not(res.ready);
	cr_expect_eq(count(&d, "answer-missing"), 1);
	cr_expect_eq(d.errors, 1);
	x = find(&d, "nothing-answered");
	cr_expect_eq(x->sev, DIAG_ERROR);
	cr_expect_eq(x->line, 4);
	cr_expect_eq(x->col, 1);
	cr_expect_null(x->subject);
	cr_expect(
		strstr(x->msg, "none of the 1 applicable requirements is answered"), "%s", x->msg);
	check_result_release(&res);
	diag_list_release(&d);
	/* One answer, even a recommendation not followed, is something judged: no such error. */
	run_check(&f, "\n  GOV-02: {status: planned}\n", &res, &d);
	cr_expect_eq(res.answered, 1);
	cr_expect_eq(count(&d, "nothing-answered"), 0);
	cr_expect(res.ready, "a recommendation not followed only warns: %s", d.n ? d.v[0].msg : "");
	check_result_release(&res);
	diag_list_release(&d);
	fx_release(&f);
}

Test(check, each_rule_at_its_place)
{
	static const struct {
		const char *answers, *rule;
		enum diag_sev sev;
		unsigned line, col;
	} cases[] = {
		{"  GOV-01: {status: open}\n", "answer-missing", DIAG_ERROR, 5, 20},
		{"  GOV-01: {status: partial, evidence: [evidence/policy.pdf], reviewed: "
		 "2026-01-01}\n",
			"answer-not-compliant", DIAG_ERROR, 5, 20},
		{"  GOV-02: {status: planned}\n", "answer-not-compliant", DIAG_WARNING, 5, 20},
		{"  GOV-01: {status: compliant, reviewed: 2026-01-01}\n", "evidence-missing",
			DIAG_ERROR, 5, 20},
		{"  GOV-01: {status: compliant, evidence: [evidence/nope.pdf], reviewed: "
		 "2026-01-01}\n",
			"evidence-missing", DIAG_ERROR, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence], reviewed: 2026-01-01}\n",
			"evidence-unreadable", DIAG_ERROR, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence/out], reviewed: 2026-01-01}\n",
			"evidence-outside-project", DIAG_ERROR, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence/dangling], reviewed: "
		 "2026-01-01}\n",
			"evidence-missing", DIAG_ERROR, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence/empty.pdf], reviewed: "
		 "2026-01-01}\n",
			"evidence-empty", DIAG_WARNING, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence/key.pem], reviewed: "
		 "2026-01-01}\n",
			"evidence-private-key", DIAG_ERROR, 5, 42},
		{"  GOV-01: {status: compliant, evidence: [evidence/policy.pdf], reviewed: "
		 "2025-05-31}\n",
			"review-stale", DIAG_ERROR, 5, 74},
		{"  GOV-02: {status: compliant, note: n, reviewed: 2024-05-31}\n", "review-stale",
			DIAG_WARNING, 5, 50},
		{"  GOV-01: {status: compliant, evidence: [evidence/policy.pdf], reviewed: "
		 "2026-06-02}\n",
			"review-future", DIAG_ERROR, 5, 74},
		{"  GOV-01: {status: compliant, evidence: [evidence/policy.pdf]}\n",
			"review-missing", DIAG_ERROR, 5, 20},
		{"  PHY-01: {status: compliant, evidence: [evidence/policy.pdf]}\n",
			"review-missing", DIAG_WARNING, 5, 20},
		{"  GOV-02: {status: compliant, reviewed: 2026-01-01}\n", "answer-text-missing",
			DIAG_WARNING, 5, 20},
		{"  PHY-01: {status: partial, waiver: {justification: j, approver: a, "
		 "expires: 2026-05-31}}\n",
			"waiver-expired", DIAG_ERROR, 5, 78},
		{"  PHY-01: {status: partial, waiver: {justification: j, approver: a, "
		 "expires: 2026-06-01}}\n",
			"waiver-active", DIAG_NOTE, 5, 37},
		{"  GOV-01: {status: not-applicable, justification: j}\n", "na-not-allowed",
			DIAG_ERROR, 5, 20},
		{"  GOV-07: {status: open}\n", "answer-unknown-id", DIAG_ERROR, 5, 3},
	};
	struct fixture f;
	char *p;

	fx_init(&f);
	p = test_path(f.dir, "evidence/empty.pdf");
	test_write(p, "");
	free(p);
	p = test_path(f.dir, "evidence/key.pem");
	test_write(p, "-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----\n");
	free(p);
	p = test_path(f.dir, "evidence/out");
	cr_assert_eq(symlink("/etc/hostname", p), 0);
	free(p);
	p = test_path(f.dir, "evidence/dangling");
	cr_assert_eq(symlink("nowhere", p), 0);
	free(p);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct check_result res;
		const struct diag *x;
		char text[512];
		snprintf(text, sizeof(text), "\n%s", cases[i].answers);
		run_check(&f, text, &res, &d);
		x = find(&d, cases[i].rule);
		cr_expect_eq(x->sev, cases[i].sev, "[%s] %s", cases[i].rule, x->msg);
		cr_expect_eq(
			x->line, cases[i].line, "[%s] line %u: %s", cases[i].rule, x->line, x->msg);
		cr_expect_eq(
			x->col, cases[i].col, "[%s] col %u: %s", cases[i].rule, x->col, x->msg);
		cr_expect_eq(count_at(&d, cases[i].rule, 5), 1, "[%s] once", cases[i].rule);
		check_result_release(&res);
		diag_list_release(&d);
	}
	fx_release(&f);
}

Test(check, waivers_decide_the_state)
{
	struct fixture f;
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;

	fx_init(&f);
	run_check(&f, READY_ANSWERS "  PHY-02: {status: open}\n", &res, &d);
	check_result_release(&res);
	diag_list_release(&d);
	run_check(&f,
		"\n"
		"  GOV-01: {status: compliant, evidence: [evidence/policy.pdf], reviewed: "
		"2026-01-15}\n"
		"  GOV-02: {status: compliant, note: \"x\", reviewed: 2026-01-15}\n"
		"  PHY-01: {status: non-compliant, reviewed: 2026-01-15, waiver: {justification: j,"
		" approver: \"Boss\", expires: 2026-12-31}}\n",
		&res, &d);
	cr_expect(res.ready, "an accepted risk does not block: %s", d.n ? d.v[0].msg : "");
	cr_expect_eq(res.n[RS_WAIVED], 1);
	cr_expect_eq(d.notes, 1);
	check_result_release(&res);
	diag_list_release(&d);
	fx_release(&f);
}

Test(check, answers_that_do_not_apply_and_other_organisations)
{
	struct fixture f;
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;

	fx_init(&f);
	f.o.route = ROUTE_VITALINK; /* GOV-02 is for route direct only */
	f.o.org_kbo = "0809394427";
	f.o.org_name = "Other";
	f.o.config_file = "cot.yaml";
	run_check(&f, READY_ANSWERS, &res, &d);
	expect_at(&d, "answer-not-required", 6, 3);
	cr_expect_eq(res.nreqs, 2);
	cr_expect_eq(count(&d, "answers-org-mismatch"), 2);
	cr_expect(strstr(find(&d, "answers-org-mismatch")->msg, "0809.394.427"));
	cr_expect_not(res.ready); /* the KBO differs: an error */
	check_result_release(&res);
	diag_list_release(&d);
	/* No requirement for vendors on route vitalink: nothing evaluated, never ready. */
	f.o.kind = KIND_VENDOR;
	f.o.org_kbo = NULL;
	f.o.org_name = NULL;
	run_check(&f, " {}\n", &res, &d);
	cr_expect_eq(res.nreqs, 0);
	cr_expect_not(res.ready);
	check_result_release(&res);
	diag_list_release(&d);
	fx_release(&f);
}

Test(check, months_are_calendar_months)
{
	char out[11];

	cr_assert(date_add_months("2026-01-31", 1, out));
	cr_expect_str_eq(out, "2026-02-28");
	cr_assert(date_add_months("2027-11-30", 3, out));
	cr_expect_str_eq(out, "2028-02-29");
	cr_assert(date_add_months("2025-06-01", 12, out));
	cr_expect_str_eq(out, "2026-06-01");
	cr_assert(date_add_months("2025-12-15", 60, out));
	cr_expect_str_eq(out, "2030-12-15");
	cr_expect_not(date_add_months("2025-13-01", 1, out));
	cr_expect_not(date_add_months("20x5-01-01", 1, out));
	cr_expect_eq(check_percent(2, 3), 66);
	cr_expect_eq(check_percent(0, 0), 0);
}

/* --- the skeleton ----------------------------------------------------------- */

Test(skeleton, one_open_answer_per_applicable_requirement)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_config cfg = {0};
	struct reqset rs;
	struct answers a;
	char *text;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(reqset_load(SHIPPED, NULL, &rs, &d, &err), COT_OK);
	cfg.name = "Zorg \"&\" vzw\n# not: a key";
	strcpy(cfg.kbo, "0809394427");
	cfg.route = ROUTE_DIRECT;
	cfg.lang = LANG_FR;
	text = answers_skeleton(&rs, &cfg, "/x/answers.schema.json");
	cr_assert_not_null(text);
	cr_expect(
		strncmp(text, "# yaml-language-server: $schema=/x/answers.schema.json\n", 55) == 0);
	cr_expect(strstr(text, "# GOV-01 Politique de sécurité de l'information approuvée par la "
			       "direction\n"),
		"titles in the project's language");
	cr_expect(strstr(text, "  GOV-01:\n    status: open\n"));
	cr_assert_eq(answers_text(text, &a, &d), COT_OK, "%s", d.n ? d.v[0].msg : "");
	cr_expect_eq(a.n, 80);
	cr_expect_str_eq(a.org_name, cfg.name);
	cr_expect_str_eq(a.set_version, "1.0");
	for (size_t i = 0; i < a.n; i++)
		cr_expect_eq(a.v[i].status, ST_OPEN);
	answers_lint(&a, &rs, &d);
	cr_expect_eq(d.n, 0);
	answers_release(&a);
	free(text);
	cfg.kind = KIND_VENDOR;
	text = answers_skeleton(&rs, &cfg, NULL);
	cr_assert_eq(answers_text(text, &a, &d), COT_OK);
	cr_expect_eq(a.n, 8);
	cr_expect(strncmp(text, "# Check-list", 12) == 0);
	answers_release(&a);
	free(text);
	reqset_release(&rs);
	diag_list_release(&d);
}

/* --- hostile files ----------------------------------------------------------- */

static void write_bytes(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, len, f), len);
	fclose(f);
}

Test(hostile, bom_and_crlf_read_normally)
{
	const char *plain = HEAD "answers:\n  GOV-01: {status: bogus}\n";
	char *dir = test_tmpdir(), *p1 = test_path(dir, "lf.yaml"),
	     *p2 = test_path(dir, "crlf.yaml");
	struct buf b = BUF_INIT;
	struct diag_list d1 = DIAG_LIST_INIT, d2 = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct answers a1, a2;

	buf_adds(&b, "\xef\xbb\xbf");
	for (const char *s = plain; *s; s++)
		buf_adds(&b, *s == '\n' ? "\r\n" : (char[2]){*s, 0});
	write_bytes(p1, plain, strlen(plain));
	write_bytes(p2, b.data, b.len);
	cr_expect_eq(answers_load(p1, "f", &a1, &d1, &err), COT_USAGE);
	cr_expect_eq(answers_load(p2, "f", &a2, &d2, &err), COT_USAGE);
	cr_assert_eq(d1.n, 1);
	cr_assert_eq(d2.n, 1);
	cr_expect_eq(d2.v[0].line, d1.v[0].line);
	cr_expect_eq(d2.v[0].col, d1.v[0].col);
	cr_expect_str_eq(d2.v[0].rule, "schema-enum");
	cr_expect_str_eq(a2.org_kbo, "0234567873");
	answers_release(&a1);
	answers_release(&a2);
	diag_list_release(&d1);
	diag_list_release(&d2);
	buf_release(&b);
	test_rmtree(dir);
	free(p1);
	free(p2);
	free(dir);
}

Test(hostile, each_is_a_located_finding)
{
	static const struct {
		const char *text;
		size_t len;
		const char *rule;
		unsigned line;
	} cases[] = {
		{HEAD "answers:\n\tGOV-01: {status: open}\n", 0, "yaml-syntax", 5},
		{HEAD "answers:\n  GOV-01: {status: \"op\xff\"}\n", 0, "yaml-syntax", 5},
		{HEAD "answers: {GOV-01: {status: open}, GOV-01: {status: open}}\n", 0,
			"yaml-duplicate-key", 4},
		{HEAD "answers: &a {GOV-01: {status: open}}\nx: *a\n", 0, "yaml-alias", 4},
		{HEAD "answers: "
		      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
			0, "yaml-depth", 4},
		{HEAD "answers: {GOV-01: {status: \"a\\0b\"}}\n", 0, "schema-type", 4},
		{"format: cot.answers/1\n---\nformat: cot.answers/1\n", 0, "yaml-documents", 2},
		{"", 0, "schema-type", 1},
		{"a: b\0c: d\n", 9, "yaml-syntax", 1},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list d = DIAG_LIST_INIT;
		struct ynode *root = NULL;
		struct answers a = ANSWERS_INIT;
		size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
		int rc = ydoc_parse("h.yaml", cases[i].text, len, NULL, &root, &d);
		if (!rc) {
			rc = answers_from_tree("h.yaml", root, &a, &d);
			answers_release(&a);
		}
		ynode_free(root);
		cr_expect_eq(rc, COT_USAGE, "case %zu", i);
		cr_expect_eq(find(&d, cases[i].rule)->line, cases[i].line, "case %zu: %s", i,
			find(&d, cases[i].rule)->msg);
		diag_list_release(&d);
	}
}

Test(hostile, huge_and_missing_files)
{
	char *dir = test_tmpdir(), *big = test_path(dir, "big.yaml");
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct answers a;
	FILE *f = fopen(big, "w");

	cr_assert_not_null(f);
	for (size_t i = 0; i < CHECKLIST_MAX_BYTES / 16 + 1; i++)
		fputs("# padding line.\n", f);
	fclose(f);
	cr_expect_eq(answers_load(big, "big.yaml", &a, &d, &err), COT_USAGE);
	expect_at(&d, "yaml-size", 1, 1);
	answers_release(&a);
	diag_list_release(&d);
	cr_expect_eq(answers_load("/nonexistent/x.yaml", NULL, &a, &d, &err), COT_USAGE);
	cr_expect_eq(d.n, 0);
	cr_expect(strstr(err.msg, "/nonexistent/x.yaml"), "%s", err.msg);
	answers_release(&a);
	test_rmtree(dir);
	free(big);
	free(dir);
}

Test(find, shipped_sets_by_name)
{
	struct cot_err err = COT_ERR_INIT;
	char *path = NULL, *schema;

	cr_assert_eq(reqset_find("belrai-security-1.0", &path, &err), COT_OK, "%s", err.msg);
	cr_expect(strstr(path, "/checklists/belrai-security-1.0.yaml"));
	schema = reqset_answers_schema(path);
	cr_expect(access(schema, R_OK) == 0, "%s", schema);
	free(schema);
	free(path);
	cr_expect_eq(reqset_find("belrai-security-9.9", &path, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "not found"), "%s", err.msg);
	cr_expect_eq(reqset_find("../etc/passwd", &path, &err), COT_USAGE);
	cr_expect_eq(reqset_find("a/b", &path, &err), COT_USAGE);
	setenv("COT_CHECKLISTS", COT_SRCDIR "/tests/fixtures/checklist/valid", 1);
	cr_expect_eq(reqset_find("mini-requirements", &path, &err), COT_OK);
	free(path);
	unsetenv("COT_CHECKLISTS");
}
