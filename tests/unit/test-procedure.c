/* The procedure: derivation from the journal and every refusal of a step. */
#include <jansson.h>
#include "cot/clock.h"
#include "cot/procedure.h"
#include "helpers.h"

static struct journal j;

static void add(const char *event, const char *step, const char *date)
{
	json_t *data = json_pack("{s:s}", "step", step);
	json_t *o;

	if (date)
		json_object_set_new(data, "date", json_string(date));
	o = json_pack("{s:I, s:s, s:s, s:s, s:o, s:s}", "seq", (json_int_t)j.n + 1, "time",
		"2026-01-01T00:00:00Z", "event", event, "actor", "t", "data", data, "prev", "x");
	j.v = realloc(j.v, (j.n + 1) * sizeof(*j.v));
	j.v[j.n] = (struct jrec){
		.seq = j.n + 1, .obj = o, .event = json_string_value(json_object_get(o, "event"))};
	j.n++;
}

static void reset(void)
{
	journal_release(&j);
}

TestSuite(procedure, .fini = reset);

static time_t day(const char *s)
{
	time_t t;

	cr_assert(date_parse(s, &t));
	return t;
}

Test(procedure, routes_have_their_steps)
{
	cr_expect_eq(step_index(ROUTE_VITALINK, "vitalink-requested"), 2);
	cr_expect_eq(step_index(ROUTE_DIRECT, "registered"), 2);
	cr_expect_eq(step_index(ROUTE_DIRECT, "vitalink-requested"), -1);
	cr_expect_eq(step_other_route(ROUTE_DIRECT, "vitalink-requested"), ROUTE_VITALINK);
	cr_expect_eq(step_other_route(ROUTE_DIRECT, "nonsense"), -1);
	cr_expect_eq(step_index(ROUTE_VITALINK, "contract-returned"), 8);
}

Test(procedure, derive_marks_revokes_and_next)
{
	struct procedure pr;

	add("step", "cert-requested", "2026-01-10");
	add("step", "cert-received", "2026-01-20");
	add("step", "registered", "2026-02-01");
	add("revoke", "registered", NULL);
	procedure_derive(ROUTE_DIRECT, &j, &pr);
	cr_expect(pr.steps[0].done);
	cr_expect_str_eq(pr.steps[1].date, "2026-01-20");
	cr_expect_not(pr.steps[2].done);
	cr_expect_eq(pr.next, 2);
	cr_expect_str_eq(pr.started, "2026-01-10");
}

Test(procedure, refusals)
{
	struct procedure pr;
	struct cot_err err = COT_ERR_INIT;
	time_t now = day("2026-03-01");

	add("step", "cert-requested", "2026-01-10");
	procedure_derive(ROUTE_VITALINK, &j, &pr);
	cr_expect_eq(procedure_can_mark(&pr, "bogus", "2026-02-01", now, &err), COT_USAGE);
	cr_expect(
		strstr(err.msg, "the steps of route vitalink are: cert-requested"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "registered", "2026-02-01", now, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "belongs to route direct"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "vitalink-requested", "2026-02-01", now, &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "cert-received is not done"), "%s", err.msg);
	cr_expect_eq(
		procedure_can_mark(&pr, "contract-signed", "2026-02-01", now, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "cert-received, vitalink-requested, vitalink-contract-received "
				  "are not done"),
		"%s", err.msg);
	cr_expect_eq(
		procedure_can_mark(&pr, "cert-requested", "2026-02-01", now, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "already recorded"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "cert-received", "2026-03-02", now, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "in the future"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "cert-received", "2026-01-09", now, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "before the previous step"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "cert-received", "2026-02-30", now, &err), COT_USAGE);
	cr_expect_eq(procedure_can_mark(&pr, "cert-received", "2026-01-10", now, &err), COT_OK,
		"%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "cert-received", "2026-03-01", now, &err), COT_OK,
		"%s", err.msg);
}

Test(procedure, revoke_rules)
{
	struct procedure pr;
	struct cot_err err = COT_ERR_INIT;

	add("step", "cert-requested", "2026-01-10");
	add("step", "cert-received", "2026-01-11");
	procedure_derive(ROUTE_DIRECT, &j, &pr);
	cr_expect_eq(procedure_can_revoke(&pr, "cert-requested", &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "while 'cert-received'"), "%s", err.msg);
	cr_expect_eq(procedure_can_revoke(&pr, "registered", &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "nothing to revoke"), "%s", err.msg);
	cr_expect_eq(procedure_can_revoke(&pr, "cert-received", &err), COT_OK);
}

/* The translations are gettext's (po/): here, every step has its English title and todo. */
Test(procedure, texts_exist)
{
	for (int r = 0; r < 2; r++) {
		int n;
		const struct step_def *const *s = route_steps((enum route)r, &n);
		cr_expect_eq(n, 9);
		for (int i = 0; i < n; i++) {
			cr_expect(s[i]->title && s[i]->title[0], "%s", s[i]->id);
			cr_expect(s[i]->todo && s[i]->todo[0], "%s", s[i]->id);
		}
	}
	cr_expect(procedure_done_text()[0]);
}

/* A vendor follows its own five steps whatever its route; organisation steps are refused. */
Test(procedure, vendor_steps)
{
	struct procedure pr;
	struct cot_err err = COT_ERR_INIT;
	int n;
	const struct step_def *const *s = procedure_steps(ROUTE_VITALINK, KIND_VENDOR, &n);

	cr_assert_eq(n, 5);
	cr_expect_str_eq(s[0]->id, "request-sent");
	cr_expect_str_eq(s[4]->id, "production-access");
	cr_expect_eq(procedure_step_index(ROUTE_DIRECT, KIND_VENDOR, "demo-held"), 3);
	cr_expect_eq(procedure_step_index(ROUTE_DIRECT, KIND_VENDOR, "cert-requested"), -1);
	cr_expect_eq(procedure_step_index(ROUTE_DIRECT, KIND_ORGANISATION, "registered"), 2);
	cr_expect_str_eq(procedure_submit_step(KIND_VENDOR), "request-sent");
	cr_expect_str_eq(procedure_submit_step(KIND_ORGANISATION), "submitted");
	add("step", "request-sent", "2026-01-10");
	add("step", "cert-requested", "2026-01-11"); /* not a vendor's: ignored */
	procedure_derive_kind(ROUTE_DIRECT, KIND_VENDOR, &j, &pr);
	cr_expect(pr.steps[0].done);
	cr_expect_eq(pr.next, 1);
	cr_expect_str_eq(pr.started, "2026-01-10");
	cr_expect_eq(procedure_can_mark(&pr, "acceptance-tested", "2026-01-12", day("2026-02-01"),
			     &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "fod-validated is not done"), "%s", err.msg);
	cr_expect_eq(procedure_can_mark(&pr, "fod-validated", "2026-01-12", day("2026-02-01"), &err),
		COT_OK);
	cr_expect_eq(procedure_can_mark(&pr, "whitelisted", "2026-01-12", day("2026-02-01"), &err),
		COT_USAGE);
	cr_expect(strstr(err.msg, "is an organisation's"), "%s", err.msg);
	cr_expect(strstr(procedure_finished_text(&pr), "production access"));
	procedure_derive(ROUTE_DIRECT, &j, &pr);
	cr_expect_eq(procedure_can_mark(&pr, "demo-held", "2026-01-12", day("2026-02-01"), &err),
		COT_USAGE);
	cr_expect(strstr(err.msg, "is a software vendor's"), "%s", err.msg);
}
