/* The timeline (timeline.h): parsed back as XML, hostile values escaped, every mark inside the
 * picture. */
#include <criterion/criterion.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include "cot/clock.h"
#include "cot/timeline.h"
#include "../../src/lib/report-xml.h"
#include "helpers.h"

#define HOSTILE "<script>alert(\"x\")</script> & 'q'"

static time_t day(const char *d)
{
	time_t t = 0;

	cr_assert(date_parse(d, &t), "%s", d);
	return t;
}

/* A direct route with its first two steps done, and n deadlines from "from" every gap days. */
static void sample(struct timeline *t, struct deadline *v, size_t n, const char *from, long gap)
{
	struct journal none = JOURNAL_INIT;

	memset(t, 0, sizeof(*t));
	t->now = day("2026-09-01");
	procedure_derive(ROUTE_DIRECT, &none, &t->pr);
	t->pr.steps[0].done = t->pr.steps[1].done = true;
	strcpy(t->pr.steps[0].date, "2026-05-04");
	strcpy(t->pr.steps[1].date, "2026-05-14");
	strcpy(t->pr.started, "2026-05-04");
	t->pr.next = 2;
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].kind = DL_REVIEW;
		date_format(day(from) + (time_t)i * gap * 86400, v[i].date);
		v[i].days = days_between(t->now, day(v[i].date));
		v[i].subject = (char *)HOSTILE;
		v[i].owner = (char *)HOSTILE;
		snprintf(v[i].uid, sizeof(v[i].uid), "review-%zu", i);
	}
	t->dl.v = v;
	t->dl.n = n;
}

static xmlDocPtr render(const struct timeline *t, struct buf *out)
{
	struct xw x;
	xmlDocPtr doc;

	cr_assert(xw_open(&x));
	xw_start(&x, "body");
	timeline_write(&x, t);
	timeline_cert_write(&x, t);
	xw_full_end(&x);
	cr_assert(xw_close(&x, out));
	doc = xmlReadMemory(out->data, (int)out->len, "t.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc, "the timeline is not well-formed: %.200s", out->data);
	return doc;
}

static long count(xmlDocPtr doc, const char *xpath)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST xpath, c);
	long n = o && o->nodesetval ? o->nodesetval->nodeNr : -1;

	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return n;
}

/* Every x, x1, x2 and cx of the picture's marks lies within its 1000 units. */
static void assert_inside(xmlDocPtr doc)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST
		"//*[local-name()='svg']//@*[name()='x' or name()='x1' or name()='x2' or "
		"name()='cx']",
		c);

	cr_assert(o && o->nodesetval && o->nodesetval->nodeNr > 0);
	for (int i = 0; i < o->nodesetval->nodeNr; i++) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		long n = strtol((const char *)v, NULL, 10);
		cr_expect(n >= 0 && n <= 1000, "mark at %ld", n);
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
}

Test(timeline, steps_deadlines_and_hostile_values)
{
	struct deadline v[3];
	struct timeline t;
	struct buf out = BUF_INIT;
	xmlDocPtr doc;

	sample(&t, v, 3, "2026-08-01", 30);
	doc = render(&t, &out);
	cr_expect_eq(count(doc, "//ol[@class='tl-steps']/li"), t.pr.nsteps);
	cr_expect_eq(count(doc, "//li[@class='done']"), 2);
	cr_expect_eq(count(doc, "//li[@id='step-registered' and @class='next']"), 1);
	cr_expect_eq(count(doc, "//ul[@class='tl-dl']/li"), 3);
	cr_expect_eq(count(doc, "//li[@id='dl-1' and @class='overdue']"), 1, "%s", out.data);
	cr_expect_eq(count(doc, "//*[local-name()='g' and @id='tl-today']"), 1);
	cr_expect_eq(count(doc, "//*[local-name()='g' and @id='tl-band']"), 1);
	cr_expect_eq(count(doc, "//script"), 0);
	cr_expect(strstr(out.data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;"));
	cr_expect_null(strstr(out.data, "<script"));
	assert_inside(doc);
	xmlFreeDoc(doc);
	buf_release(&out);
}

/* Same-day deadlines share one mark; far ones are listed, not drawn; no deadline at all. */
Test(timeline, many_far_and_none)
{
	static struct deadline v[500];
	struct timeline t;
	struct buf out = BUF_INIT;
	xmlDocPtr doc;

	sample(&t, v, 500, "2026-10-01", 0);
	strcpy(v[499].date, "2099-12-31");
	strcpy(v[498].date, "not-a-date");
	doc = render(&t, &out);
	cr_expect_eq(count(doc, "//ul[@class='tl-dl']/li"), 500);
	cr_expect_eq(count(doc, "//*[local-name()='g' and starts-with(@id,'tl-dl-')]"), 1,
		"one mark for the 498 of one day, none for the far and the malformed");
	assert_inside(doc);
	xmlFreeDoc(doc);
	buf_release(&out);

	sample(&t, v, 0, "2026-10-01", 0);
	t.pr.started[0] = '\0';
	doc = render(&t, &out);
	cr_expect_eq(count(doc, "//ul[@class='tl-dl']"), 0);
	cr_expect_eq(
		count(doc, "//*[local-name()='g' and @id='tl-band']"), 0, "not started: no band");
	assert_inside(doc);
	xmlFreeDoc(doc);
	buf_release(&out);
}

/* A certificate: its bar with the renewal window and today; none: the advice alone. */
Test(timeline, certificate)
{
	struct timeline t;
	struct buf out = BUF_INIT;
	xmlDocPtr doc;

	sample(&t, NULL, 0, "2026-10-01", 0);
	t.cert.state = CERT_STATE_RENEW;
	t.cert.cur.found = true;
	t.cert.not_before = day("2024-01-06");
	t.cert.not_after = day("2027-01-05");
	strcpy(t.cert.renewal_opens, "2026-10-07");
	strcpy(t.cert.not_after_date, "2027-01-05");
	strcpy(t.cert.identifier, "CBE=0403019261");
	strcpy(t.cert.name, HOSTILE);
	doc = render(&t, &out);
	cr_expect_eq(count(doc, "//section[@id='certificate']/*[local-name()='svg']"), 1);
	cr_expect(strstr(out.data, "renewal window"));
	cr_expect(strstr(out.data, "CBE=0403019261 &lt;script&gt;"));
	assert_inside(doc);
	xmlFreeDoc(doc);
	buf_release(&out);

	t.cert.cur.found = false;
	t.cert.state = CERT_STATE_NONE;
	doc = render(&t, &out);
	cr_expect_eq(count(doc, "//section[@id='certificate']/*[local-name()='svg']"), 0);
	cr_expect_eq(count(doc, "//p[@id='cert-advice']"), 1);
	xmlFreeDoc(doc);
	buf_release(&out);
}

/* A journal that claims a start decades ago: yearly ticks, bounded, still inside the picture. */
Test(timeline, ancient_start)
{
	struct timeline t;
	struct buf out = BUF_INIT;
	xmlDocPtr doc;

	sample(&t, NULL, 0, "2026-10-01", 0);
	strcpy(t.pr.steps[0].date, "1971-01-01");
	strcpy(t.pr.started, "1971-01-01");
	doc = render(&t, &out);
	cr_expect_leq(count(doc, "//*[local-name()='line']"), 130, "ticks are bounded");
	cr_expect_gt(count(doc, "//*[local-name()='text' and starts-with(., '19') and substring(., "
				"5) = '-01']"),
		0, "yearly ticks");
	assert_inside(doc);
	xmlFreeDoc(doc);
	buf_release(&out);
}

/* A real project (project_create, as cot init makes it) in dir, with a waiver in its answers. */
static void make_project(const char *dir, struct project *p)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *answers;

	test_project_create(dir, "Alpha");
	answers = test_path(dir, "checklist.yaml");
	test_write(answers,
		"format: cot.answers/1\n"
		"requirements: {id: belrai-security, version: \"1.0\"}\n"
		"answers:\n"
		"  GOV-01:\n"
		"    status: non-compliant\n"
		"    waiver: {justification: budget, approver: Board, expires: 2026-09-20}\n");
	free(answers);
	cr_assert_eq(project_open(dir, p, &d, &err), COT_OK, "%s", err.msg);
	diag_list_release(&d);
}

static bool has_uid(const struct timeline *t, const char *prefix)
{
	for (size_t i = 0; i < t->dl.n; i++)
		if (!strncmp(t->dl.v[i].uid, prefix, strlen(prefix)))
			return true;
	return false;
}

/* timeline_load reads the answers itself; timeline_load_input takes them as given. */
Test(timeline, load_input_is_load_and_reads_nothing_itself)
{
	char *tmp = test_tmpdir(), *dir = test_path(tmp, "p");
	struct project p = PROJECT_INIT;
	struct timeline a = TIMELINE_INIT, b = TIMELINE_INIT, c = TIMELINE_INIT;
	struct checklist_input in, none = CHECKLIST_INPUT_INIT;
	struct cot_err err = COT_ERR_INIT;
	time_t now = day("2026-09-01");

	make_project(dir, &p);
	cr_assert_eq(timeline_load(&p, now, &a, &err), COT_OK, "%s", err.msg);
	checklist_input_load(&p, &in);
	cr_assert(in.set_ok, "%s", in.problem);
	cr_assert_eq(timeline_load_input(&p, &in, now, &b, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(a.dl.n, b.dl.n);
	for (size_t i = 0; i < a.dl.n; i++) {
		cr_expect_str_eq(a.dl.v[i].uid, b.dl.v[i].uid);
		cr_expect_str_eq(a.dl.v[i].date, b.dl.v[i].date);
	}
	cr_expect(has_uid(&b, "waiver-GOV-01"), "the answers' waiver is a deadline");
	/* nothing read: no set, so no waiver, though the file on disk has one */
	cr_assert_eq(timeline_load_input(&p, &none, now, &c, &err), COT_OK, "%s", err.msg);
	cr_expect(!has_uid(&c, "waiver-"), "the input given, not the file, is judged");
	cr_expect_eq(c.dl.n + 1, b.dl.n);
	timeline_release(&a);
	timeline_release(&b);
	timeline_release(&c);
	checklist_input_release(&in);
	project_release(&p);
	test_rmtree(tmp);
	free(dir);
	free(tmp);
}
