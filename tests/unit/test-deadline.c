/* Unit tests of the deadlines: from the journal, the certificate store and the answers. */
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/certstore.h"
#include "cot/clock.h"
#include "cot/deadline.h"
#include "cot/procedure.h"
#include "cot/testpki.h"
#include "helpers.h"

#define KBO "0566988259"

#define SET                                                                                        \
	"format: cot.requirements/1\nid: t\nversion: \"1\"\n"                                      \
	"title: {nl: a, fr: b, en: c}\n"                                                           \
	"sources: [{id: s, title: S}]\n"                                                           \
	"categories: [{id: c, title: {nl: a, fr: b, en: c}}]\n"                                    \
	"requirements:\n" REQ("GOV-01", "direct", "12") REQ("GOV-02", "direct", "6")               \
		REQ("VIT-01", "vitalink", "12")
#define REQ(id, route, months)                                                                     \
	"  - {id: " id ", category: c, title: {nl: a, fr: b, en: c},\n"                            \
	"     description: {nl: a, fr: b, en: c}, level: mandatory,\n"                             \
	"     applies_to: {routes: [" route "], kinds: [organisation]},\n"                         \
	"     answer: status, evidence: {required: false, kinds: [policy]},\n"                     \
	"     not_applicable: false, review_months: " months ",\n"                                 \
	"     source: {id: s, ref: \"1\"}}\n"

#define HEAD                                                                                       \
	"format: cot.answers/1\nrequirements: {id: t, version: \"1\"}\n"                           \
	"organisation: {name: X, kbo: \"" KBO "\"}\n"

static struct journal j;
static struct project p;
static struct deadline_list l;

static void add(const char *event, const char *step, const char *date)
{
	json_t *data = json_pack("{s:s}", "step", step);
	json_t *o;

	if (date)
		json_object_set_new(data, "date", json_string(date));
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "seq", (json_int_t)j.n + 1, "time",
		"2026-12-06T10:00:00Z", "event", event, "actor", "t", "data", data, "prev", "x");
	j.v = realloc(j.v, (j.n + 1) * sizeof(*j.v));
	j.v[j.n] = (struct jrec){.seq = j.n + 1,
		.obj = o,
		.time = "2026-12-06T10:00:00Z",
		.event = json_string_value(json_object_get(o, "event"))};
	j.n++;
}

static void setup(void)
{
	char *f;

	memset(&p, 0, sizeof(p));
	p.root = test_tmpdir();
	strcpy(p.cfg.kbo, KBO);
	p.cfg.route = ROUTE_DIRECT;
	p.cfg.kind = KIND_ORGANISATION;
	p.cfg.requirements = strdup("set.yaml");
	p.cfg.answers = strdup("checklist.yaml");
	f = test_path(p.root, ".cot");
	cr_assert_eq(mkdir(f, 0700), 0);
	free(f);
	f = test_path(p.root, "set.yaml");
	test_write(f, SET);
	free(f);
}

static void teardown(void)
{
	deadline_list_release(&l);
	journal_release(&j);
	test_rmtree(p.root);
	free(p.root);
	free(p.cfg.requirements);
	free(p.cfg.answers);
}

TestSuite(deadline, .init = setup, .fini = teardown);

static void answers(const char *text)
{
	char *f = test_path(p.root, "checklist.yaml");

	test_write(f, text);
	free(f);
}

static time_t day(const char *s)
{
	time_t t;

	cr_assert(date_parse(s, &t), "%s", s);
	return t;
}

static const struct deadline *find(const char *uid)
{
	for (size_t i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].uid, uid))
			return &l.v[i];
	return NULL;
}

static void collect(const char *today)
{
	struct cot_err err = COT_ERR_INIT;

	deadline_list_release(&l);
	cr_assert_eq(deadline_collect(&p, &j, day(today), &l, &err), COT_OK, "%s", err.msg);
}

/* The issue's scenario: requested 2026-12-06, today 2027-01-10. */
Test(deadline, the_issue_scenario)
{
	const struct deadline *d;
	char text[512];

	add("step", "cert-requested", "2026-12-06");
	answers(HEAD "answers:\n"
		     "  GOV-01: {status: compliant, owner: Ann, reviewed: 2026-11-22}\n"
		     "  GOV-02:\n"
		     "    status: non-compliant\n"
		     "    owner: Bob\n"
		     "    waiver: {justification: j, approver: Eve, expires: 2027-06-04}\n");
	collect("2027-01-10");
	d = find("cert-request-2026-12-06@" KBO);
	cr_assert_not_null(d);
	cr_expect_eq(d->kind, DL_CERT_REQUEST);
	cr_expect_str_eq(d->date, "2026-12-16");
	cr_expect_eq(d->days, -25);
	cr_expect(deadline_overdue(d));
	deadline_text(d, text, sizeof(text));
	cr_expect(strstr(text, "contact eHealth"), "%s", text);

	d = find("review-GOV-01@" KBO);
	cr_assert_not_null(d);
	cr_expect_str_eq(d->date, "2027-11-22");
	cr_expect_str_eq(d->owner, "Ann");
	cr_expect_str_eq(d->file, "checklist.yaml");
	cr_expect_eq(d->at.line, 5);
	cr_expect_not(deadline_overdue(d));

	d = find("waiver-GOV-02@" KBO);
	cr_assert_not_null(d);
	cr_expect_str_eq(d->date, "2027-06-04");
	cr_expect_str_eq(d->owner, "Bob");
	cr_expect_str_eq(d->subject, "GOV-02");
	cr_expect_eq(d->days, 145);

	d = find("typical-end@" KBO);
	cr_assert_not_null(d);
	cr_expect_str_eq(d->opens, "2027-03-06");
	cr_expect_str_eq(d->date, "2027-06-06");
	cr_expect_eq(l.n, 4);
	for (size_t i = 1; i < l.n; i++)
		cr_expect_leq(strcmp(l.v[i - 1].date, l.v[i].date), 0, "sorted by date");
}

/* The same uid on every run: iCalendar re-imports update, not duplicate. */
Test(deadline, uids_are_stable)
{
	char first[96];

	add("step", "cert-requested", "2026-12-06");
	collect("2027-01-10");
	cr_assert_eq(l.n, 2);
	strcpy(first, l.v[0].uid);
	collect("2027-03-01");
	cr_expect_str_eq(l.v[0].uid, first);
	cr_expect_eq(l.v[0].days, -75);
}

/* Before its 10 days, a request is upcoming and says what comes next. */
Test(deadline, request_not_yet_due)
{
	const struct deadline *d;
	char text[512];

	add("step", "cert-requested", "2026-12-06");
	collect("2026-12-10");
	d = find("cert-request-2026-12-06@" KBO);
	cr_assert_not_null(d);
	cr_expect_eq(d->days, 6);
	deadline_text(d, text, sizeof(text));
	cr_expect(strstr(text, "cot cert import"), "%s", text);
	add("step", "cert-received", "2026-12-12");
	collect("2026-12-20");
	cr_expect_null(find("cert-request-2026-12-06@" KBO), "received: no request deadline");
}

/* Reviews in the past, malformed, and answers to requirements that do not apply. */
Test(deadline, hostile_answers)
{
	const struct deadline *d;

	answers(HEAD "answers:\n"
		     "  GOV-01: {status: compliant, reviewed: 2020-01-31}\n"
		     "  GOV-02: {status: compliant, reviewed: 2026-02-30,\n"
		     "    waiver: {justification: j, approver: a, expires: tomorrow}}\n"
		     "  VIT-01: {status: compliant, reviewed: 2026-01-01}\n"
		     "  NOPE-1: {status: compliant, reviewed: 2026-01-01}\n");
	collect("2027-01-10");
	d = find("review-GOV-01@" KBO);
	cr_assert_not_null(d);
	cr_expect_str_eq(d->date, "2021-01-31");
	cr_expect(deadline_overdue(d));
	cr_expect_null(d->owner);
	cr_expect_null(find("review-GOV-02@" KBO), "a malformed date is no deadline");
	cr_expect_null(find("waiver-GOV-02@" KBO));
	cr_expect_null(find("review-VIT-01@" KBO), "not on route direct");
	cr_expect_null(find("review-NOPE-1@" KBO));
	cr_expect_eq(l.n, 1);
}

/* Unreadable or missing answers and set, a damaged store: nothing from them, no error. */
Test(deadline, unreadable_inputs_add_nothing)
{
	char *f = test_path(p.root, "checklist.yaml");

	answers("\x01\x02: [[[\n");
	add("step", "cert-requested", "2026-12-01");
	add("step", "cert-received", "2026-12-05");
	add("event", "x", NULL);
	json_object_set_new(json_object_get(j.v[1].obj, "data"), "sha256",
		json_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	collect("2027-01-10");
	cr_expect_eq(l.n, 1, "only the typical end");
	cr_expect_eq(l.v[0].kind, DL_TYPICAL_END);
	cr_expect_str_eq(l.v[0].date, "2027-06-01");
	cr_expect_null(l.v[0].subject);
	unlink(f);
	free(f);
	collect("2027-01-10");
	cr_expect_eq(l.n, 1);
}

/* A huge answers file is refused by its reader: no deadline, no crash. */
Test(deadline, huge_answers)
{
	size_t n = CHECKLIST_MAX_BYTES + 100;
	char *big = malloc(n + 1);

	memset(big, '#', n);
	big[n] = '\0';
	answers(big);
	free(big);
	collect("2027-01-10");
	cr_expect_eq(l.n, 0);
}

/* Once every step is done there is no typical end. */
Test(deadline, complete_procedure_has_no_typical_end)
{
	int n;
	const struct step_def *const *s = route_steps(ROUTE_DIRECT, &n);

	for (int i = 0; i < n; i++)
		add("step", s[i]->id, "2026-12-06");
	collect("2027-01-10");
	cr_expect_null(find("typical-end@" KBO));
}

Test(deadline, names_and_texts)
{
	struct deadline d = {.kind = DL_WAIVER, .subject = "GOV-02", .days = -1};
	char text[512];

	cr_expect_str_eq(deadline_kind_name(DL_CERT_RENEWAL), "cert-renewal");
	cr_expect_str_eq(deadline_kind_name(DL_CERT_REQUEST), "cert-request");
	cr_expect_str_eq(deadline_kind_name(DL_WAIVER), "waiver");
	cr_expect_str_eq(deadline_kind_name(DL_REVIEW), "review");
	cr_expect_str_eq(deadline_kind_name(DL_TYPICAL_END), "typical-end");
	deadline_text(&d, text, sizeof(text));
	cr_expect(strstr(text, "GOV-02") && strstr(text, "expired"), "%s", text);
	d.kind = DL_CERT_RENEWAL;
	strcpy(d.date, "2027-01-01");
	deadline_text(&d, text, sizeof(text));
	cr_expect(strstr(text, "new one"), "%s", text);
	d.days = 3;
	strcpy(d.opens, "2026-10-03");
	deadline_text(&d, text, sizeof(text));
	cr_expect(strstr(text, "2026-10-03") && strstr(text, "2027-01-01"), "%s", text);
}

/* A real certificate (test PKI) stored and recorded: its renewal window, then expired. */
Test(deadline, certificate_renewal_window)
{
	time_t nb = day("2026-12-01"), na = day("2027-12-01");
	struct testpki_org o = {"CBE", KBO, "WZC ZONNEWEIDE", NULL, nb, na};
	struct cot_err err = COT_ERR_INIT;
	X509 *ca, *org;
	EVP_PKEY *ca_key, *org_key;
	char sha[65], text[512];
	bool created;
	const struct deadline *d;

	cr_assert_eq(testpki_make_ca("deadline test CA", NULL, NULL, nb - 86400, na + 86400, &ca,
			     &ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, ca, ca_key, &org, &org_key, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(certstore_write(&p, org, NULL, sha, &created, &err), COT_OK, "%s", err.msg);
	add("step", "cert-requested", "2026-11-25");
	add("step", "cert-received", "2026-12-02");
	json_object_set_new(json_object_get(j.v[1].obj, "data"), "sha256", json_string(sha));
	collect("2027-01-10");
	cr_expect_null(find("cert-request-2026-11-25@" KBO), "received");
	cr_assert_eq(l.n, 2);
	d = &l.v[1];
	cr_expect_eq(d->kind, DL_CERT_RENEWAL);
	cr_expect_str_eq(d->date, "2027-12-01");
	cr_expect_str_eq(d->opens, "2027-09-02");
	cr_expect_str_eq(d->subject, "CBE=" KBO);
	cr_expect(!strncmp(d->uid, "cert-renewal-", 13) && strstr(d->uid, "@" KBO), "%s", d->uid);
	collect("2027-12-05");
	d = &l.v[l.n - 1];
	cr_expect_eq(d->kind, DL_CERT_RENEWAL);
	cr_expect_eq(d->days, -4);
	deadline_text(d, text, sizeof(text));
	cr_expect(strstr(text, "request a new one"), "%s", text);
	X509_free(org);
	X509_free(ca);
	EVP_PKEY_free(org_key);
	EVP_PKEY_free(ca_key);
}

/* Read once (cot status) or by each caller: the same deadlines and the same summary. */
static void expect_same_once(const char *today)
{
	struct checklist_input in;
	struct checklist_summary once, alone;
	struct deadline_list l2 = DEADLINE_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;

	collect(today);
	checklist_input_load(&p, &in);
	cr_assert_eq(
		deadline_collect_input(&p, &j, &in, day(today), &l2, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(l2.n, l.n);
	for (size_t i = 0; i < l.n; i++) {
		cr_expect_str_eq(l2.v[i].uid, l.v[i].uid);
		cr_expect_str_eq(l2.v[i].date, l.v[i].date);
		cr_expect_eq(l2.v[i].at.line, l.v[i].at.line);
	}
	checklist_summarise_input(&p, &in, day(today), &once);
	checklist_summarise(&p, day(today), &alone);
	cr_expect_eq(memcmp(&once, &alone, sizeof(once)), 0, "'%s' '%s' / '%s' '%s'", once.problem,
		once.first, alone.problem, alone.first);
	deadline_list_release(&l2);
	checklist_input_release(&in);
}

Test(deadline, read_once_gives_what_each_reader_gets)
{
	answers(HEAD "answers:\n"
		     "  GOV-01: {status: compliant, owner: Ann, reviewed: 2026-11-22}\n"
		     "  GOV-02: {status: open, unknown: 1}\n");
	expect_same_once("2027-01-10");
	answers(HEAD "answers:\n"
		     "  GOV-01: {status: compliant, reviewed: 2026-11-22}\n"
		     "  GOV-02: {status: partial, reviewed: 2026-11-22}\n");
	expect_same_once("2027-01-10");
	answers("answers: [not, a, mapping\n");
	expect_same_once("2027-01-10");
	free(p.cfg.requirements);
	p.cfg.requirements = strdup("missing.yaml");
	expect_same_once("2027-01-10");
}
