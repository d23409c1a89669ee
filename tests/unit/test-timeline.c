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
