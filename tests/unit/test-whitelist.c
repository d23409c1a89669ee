/* Unit tests of the whitelist: the reader on hostile input, writing, changes, signatures, checks.
 */
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include "cot/bundle.h"
#include "cot/cert.h"
#include "cot/cli.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/journal.h"
#include "cot/lock.h"
#include "cot/whitelist.h"
#include "helpers.h"

#define HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ROOT                                                                                       \
	"<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" sequence=\"7\" "         \
	"issued=\"2026-11-20T09:30:00Z\">\n"
#define ORG(kbo, name)                                                                             \
	"<organisation kbo=\"" kbo "\" since=\"2026-01-12\"><name>" name "</name></"               \
	"organisation>\n"
#define END "</whitelist>\n"

/* 0403019261, 0566988259, 0809394427: valid KBO numbers in ascending order. */
static const char three[] = HEAD ROOT ORG("0403019261",
	"Sainte-Elisabeth") "<organisation kbo=\"0566988259\" since=\"2025-06-30\"><name>WZC "
			    "Zonneweide &amp; co"
			    "</name><nihii>71089815</nihii><bundle>"
			    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff</"
			    "bundle>"
			    "</organisation>\n" ORG("0809394427", "eHealth-platform") END;

static int parse(const char *doc, struct whitelist *wl, struct cot_err *err)
{
	whitelist_init(wl);
	return whitelist_parse("t.xml", doc, strlen(doc), wl, err);
}

/* Parses doc, expecting COT_USAGE with want in the message. */
static void refused(const char *doc, const char *want)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(parse(doc, &wl, &err), COT_USAGE, "accepted: %s", doc);
	cr_expect(strstr(err.msg, want), "message '%s' lacks '%s'", err.msg, want);
	cr_expect(strncmp(err.msg, "t.xml:", 6) == 0, "not located: %s", err.msg);
	cr_expect_eq(wl.n, 0);
	whitelist_release(&wl);
}

Test(whitelist_read, a_valid_list)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(parse(three, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(wl.sequence, 7);
	cr_expect_str_eq(wl.issued, "2026-11-20T09:30:00Z");
	cr_assert_eq(wl.n, 3);
	cr_expect_str_eq(wl.v[1].kbo, "0566988259");
	cr_expect_str_eq(wl.v[1].name, "WZC Zonneweide & co");
	cr_expect_str_eq(wl.v[1].nihii, "71089815");
	cr_expect_str_eq(wl.v[1].since, "2025-06-30");
	cr_expect_eq(strlen(wl.v[1].bundle), 64);
	cr_expect_str_eq(wl.v[2].nihii, "");
	whitelist_release(&wl);
}

Test(whitelist_read, next_update_is_read_and_checked)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;
	static const char with[] =
		HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" "
		     "version=\"1\" sequence=\"7\" issued=\"2026-11-20T09:30:00Z\" "
		     "next-update=\" 2026-12-21T09:30:00Z \">\n" ORG("0403019261", "X") END;

	cr_assert_eq(parse(with, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(wl.next_update, "2026-12-21T09:30:00Z");
	whitelist_release(&wl);
	cr_assert_eq(parse(three, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(wl.next_update, "", "an old list has none");
	whitelist_release(&wl);
	refused(HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" "
		     "sequence=\"1\" issued=\"2026-11-20T09:30:00Z\" next-update=\"tomorrow\"/>",
		"next-update");
	refused(HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" "
		     "sequence=\"1\" issued=\"2026-11-20T09:30:00Z\" "
		     "next-update=\"2026-12-21T09:30:00+01:00\"/>",
		"next-update");
}

Test(whitelist_read, an_empty_list)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(parse(HEAD ROOT END, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(wl.n, 0);
	cr_expect_eq(wl.sequence, 7);
	whitelist_release(&wl);
}

Test(whitelist_read, lookup_reads_the_whole_list_for_a_match_and_a_miss)
{
	struct wl_lookup l;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(whitelist_lookup("t.xml", three, strlen(three), "0566988259", &l, &err),
		COT_OK, "%s", err.msg);
	cr_expect(l.found);
	cr_expect_str_eq(l.org.name, "WZC Zonneweide & co");
	cr_expect_str_eq(l.org.nihii, "71089815");
	cr_expect_eq(l.scanned, 3, "a match is answered only once the whole list was read");
	cr_expect_eq(l.sequence, 7);
	wl_lookup_release(&l);
	cr_assert_eq(whitelist_lookup("t.xml", three, strlen(three), "0123456749", &l, &err),
		COT_OK, "%s", err.msg);
	cr_expect_not(l.found);
	cr_expect_eq(l.scanned, 3);
	cr_expect_null(l.org.name);
	wl_lookup_release(&l);
}

/* Looks kbo up in doc, expecting COT_USAGE with want in the message and no answer. */
static void no_answer(const char *doc, const char *kbo, const char *want)
{
	struct wl_lookup l;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(whitelist_lookup("t.xml", doc, strlen(doc), kbo, &l, &err), COT_USAGE,
		"answered from: %s", doc);
	cr_expect(strstr(err.msg, want), "message '%s' lacks '%s'", err.msg, want);
	cr_expect_not(l.found);
	cr_expect_null(l.org.name);
}

Test(whitelist_read, no_answer_from_a_broken_list_not_even_before_the_fault)
{
	static const char tail[] = HEAD ROOT ORG("0403019261", "A") "<organisation kbo=\"1\"/>" END;
	static const char dup[] = HEAD ROOT ORG("0403019261", "A") ORG("0809394427", "B")
		ORG("0809394427", "B again") END;
	static const char cut[] =
		HEAD ROOT ORG("0403019261", "A") ORG("0809394427", "B") "<organisation kbo=\"0850";

	no_answer(tail, "0809394427", "kbo");
	no_answer(tail, "0403019261", "kbo");
	no_answer(dup, "0403019261", "is listed twice");
	no_answer(dup, "0809394427", "is listed twice");
	no_answer(dup, "0566988259", "is listed twice");
	no_answer(cut, "0403019261", "t.xml:");
	no_answer(cut, "0566988259", "t.xml:");
	/* cut between two organisations: well-formed up to there, but the root is not closed */
	no_answer(HEAD ROOT ORG("0403019261", "A"), "0403019261", "truncated");
	/* cut at the very end: the list is whole but for its end tag */
	no_answer(HEAD ROOT ORG("0403019261", "A") "</whitelist", "0403019261", "t.xml:");
}

Test(whitelist_read, a_doctype_is_refused_whatever_it_holds)
{
	refused(HEAD "<!DOCTYPE whitelist>" ROOT END, "DOCTYPE is not allowed");
	refused(HEAD "<!DOCTYPE whitelist SYSTEM \"http://127.0.0.1:1/x.dtd\">" ROOT END,
		"DOCTYPE is not allowed");
	/* XXE: an external entity that would read a local file */
	refused(HEAD "<!DOCTYPE whitelist [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>" ROOT
		     "<organisation kbo=\"0403019261\" since=\"2026-01-12\"><name>&xxe;</name>"
		     "</organisation>" END,
		"DOCTYPE is not allowed");
	/* billion laughs */
	refused(HEAD "<!DOCTYPE whitelist [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
		     "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>" ROOT
		     "<organisation kbo=\"0403019261\" since=\"2026-01-12\"><name>&c;</name>"
		     "</organisation>" END,
		"DOCTYPE is not allowed");
}

Test(whitelist_read, entities_without_a_dtd_are_errors_not_lookups)
{
	refused(HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\"><name>&xxe;"
			  "</name></organisation>" END,
		"xxe");
}

Test(whitelist_read, schema_violations_are_located)
{
	refused(HEAD "<whitelist version=\"1\" sequence=\"1\" issued=\"2026-11-20T09:30:00Z\">"
		     "</whitelist>",
		"t.xml:2:");
	refused(HEAD ROOT
		"<organisation kbo=\"0403019261\" since=\"2026-01-12\"></organisation>" END,
		"name");
	refused(HEAD ROOT ORG("403019261", "short KBO") END, "kbo");
	refused(HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\"><name>A</name>"
			  "<nihii>7108981</nihii></organisation>" END,
		"nihii");
	refused(HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\" x=\"1\">"
			  "<name>A</name></organisation>" END,
		"x");
	refused(HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-02-30\"><name>A</name>"
			  "</organisation>" END,
		"since");
	refused(HEAD ROOT "<extra/>" END, "extra");
	refused(HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"2\" "
		     "sequence=\"1\" issued=\"2026-11-20T09:30:00Z\"/>",
		"version");
	refused(HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" "
		     "sequence=\"-1\" issued=\"2026-11-20T09:30:00Z\"/>",
		"sequence");
	refused(HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" version=\"1\" "
		     "sequence=\"1\" issued=\"2026-11-20T09:30:00+01:00\"/>",
		"issued");
}

/* Corner cases of the schema's types, each decided as libxml2's schema validator decides it. */
#define DOC(attrs, org)                                                                            \
	HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" " attrs ">" org "</whitelist>\n"
#define RA "version=\"1\" sequence=\"7\" issued=\"2026-11-20T09:30:00Z\""
#define OA(attrs, body)                                                                            \
	"<organisation kbo=\"0403019261\" since=\"2026-01-12\"" attrs ">" body "</organisation>"

static void accepted(const char *doc)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(parse(doc, &wl, &err), COT_OK, "refused (%s): %s", err.msg, doc);
	whitelist_release(&wl);
}

Test(whitelist_read, the_schema_types_as_the_validator_reads_them)
{
	accepted(DOC("version=\"1\" sequence=\"0007\" issued=\"2026-11-20T09:30:00Z\"",
		OA("", "<name>A</name>")));
	accepted(DOC("version=\"1\" sequence=\"18446744073709551615\" "
		     "issued=\"2000-02-29T24:00:00Z\"",
		OA("", "<name>A</name>")));
	refused(DOC("version=\"1\" sequence=\"18446744073709551616\" "
		    "issued=\"2026-11-20T09:30:00Z\"",
			""),
		"sequence");
	refused(DOC("version=\"1\" sequence=\" 7\" issued=\"2026-11-20T09:30:00Z\"", ""),
		"sequence");
	refused(DOC("version=\"1\" sequence=\"+7\" issued=\"2026-11-20T09:30:00Z\"", ""),
		"sequence");
	refused(DOC("version=\" 1\" sequence=\"7\" issued=\"2026-11-20T09:30:00Z\"", ""),
		"version");
	refused(DOC("version=\"1\" sequence=\"7\" issued=\"1900-02-29T09:30:00Z\"", ""), "issued");
	refused(DOC("version=\"1\" sequence=\"7\" issued=\"2026-11-20T24:00:01Z\"", ""), "issued");
	refused(DOC("version=\"1\" sequence=\"7\" issued=\"2026-11-20T23:59:60Z\"", ""), "issued");
	refused(DOC("version=\"1\" sequence=\"7\"", ""), "'issued' is missing");
	refused(DOC("version=\"1\" issued=\"2026-11-20T09:30:00Z\"", ""), "'sequence' is missing");
	refused(DOC(RA, "<organisation kbo=\"0403019261\" since=\"0000-01-01\"><name>A</name>"
			"</organisation>"),
		"since");
	refused(DOC(RA, "<organisation kbo=\"0403019261\"><name>A</name></organisation>"),
		"'since' is missing");
	refused(DOC(RA, "<organisation kbo=\" 0403019261\" since=\"2026-01-12\"><name>A</name>"
			"</organisation>"),
		"kbo");
	/* xs:string keeps white space and counts characters, not bytes */
	accepted(DOC(RA, OA("", "<name> </name>")));
	accepted(DOC(RA, OA("", "<name>A<!-- a comment -->B<?pi?><![CDATA[C]]></name>")));
	refused(DOC(RA, OA("", "<name>A</name><nihii> 71089815</nihii>")), "nihii");
	refused(DOC(RA, OA("", "<name>A</name><bundle>"
			       "00112233445566778899AABBCCDDEEFF"
			       "00112233445566778899aabbccddeeff</bundle>")),
		"bundle");
	refused(DOC(RA, OA("", "<name>A</name><bundle>"
			       "00112233445566778899aabbccddeeff"
			       "00112233445566778899aabbccddeeff</bundle><nihii>71089815</nihii>")),
		"nihii");
	refused(DOC(RA, OA("", "<name>A</name><name>B</name>")), "name");
	refused(DOC(RA, OA("", "<name>A<b/></name>")), "'b'");
	refused(DOC(RA, OA("", "<name a=\"1\">A</name>")), "'a'");
	refused(DOC(RA, OA("", "<name xmlns=\"urn:x\">A</name>")), "urn:x");
	refused(DOC(RA, OA("", "<name>A</name>text")), "text is not allowed");
	refused(DOC(RA, "<![CDATA[ ]]>" OA("", "<name>A</name>")), "CDATA");
	accepted(DOC(RA, "&#32;" OA("", "<name>A</name>")));
	/* schema location hints are allowed; other attributes in a namespace are not */
	accepted(DOC("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
		     "xsi:schemaLocation=\"a b\" " RA,
		OA("", "<name>A</name>")));
	refused(DOC(RA, OA(" xml:lang=\"nl\"", "<name>A</name>")), "lang");
	refused(DOC("xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\" " RA,
			""),
		"nil");
	/* a prefix is as good as a default namespace */
	accepted(HEAD "<w:whitelist xmlns:w=\"urn:be:belrai:cot:whitelist:1\" " RA ">"
		      "<w:organisation kbo=\"0403019261\" since=\"2026-01-12\"><w:name>A</w:name>"
		      "</w:organisation></w:whitelist>");
}

Test(whitelist_read, kbo_check_digits_order_and_duplicates)
{
	refused(HEAD ROOT ORG("0403019262", "A") END, "KBO '0403019262' is not valid");
	refused(HEAD ROOT ORG("0566988259", "B") ORG("0403019261", "A") END,
		"comes after a larger one");
	refused(HEAD ROOT ORG("0403019261", "A") ORG("0403019261", "A again") END,
		"is listed twice");
}

Test(whitelist_read, malformed_bytes)
{
	char big[WHITELIST_NAME_MAX * 20];

	refused("", "t.xml:");
	refused("not xml at all", "t.xml:1:");
	refused(HEAD ROOT ORG("0403019261", "A"), "t.xml:");
	refused(HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\"><name>A</nom>"
			  "</organisation>" END,
		"t.xml:3:");
	refused(HEAD ROOT END "<second/>", "t.xml:");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		char *doc = malloc(sizeof(big) + 400);
		snprintf(doc, sizeof(big) + 400,
			HEAD ROOT "<organisation kbo=\"0403019261\" "
				  "since=\"2026-01-12\"><name>%s</name></organisation>" END,
			big);
		refused(doc, "longer than");
		free(doc);
	}
	{
		char name[WHITELIST_NAME_MAX + 2], *doc = malloc(1000);
		memset(name, 'n', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		snprintf(doc, 1000,
			HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\">"
				  "<name>%s</name></organisation>" END,
			name);
		refused(doc, "name");
		free(doc);
	}
}

/* s: n copies of the UTF-8 character c, in a new string. */
static char *repeat(const char *c, size_t n)
{
	size_t k = strlen(c);
	char *s = malloc(n * k + 1);

	cr_assert(s);
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * k, c, k);
	s[n * k] = '\0';
	return s;
}

/* The limits count characters (code points, as the schema's maxLength), not bytes or columns. */
Test(whitelist_read, limits_count_characters)
{
	/* é: two bytes, one column; 漢: three bytes, two columns on a terminal */
	static const char *const chars[] = {"\xc3\xa9", "\xe6\xbc\xa2"};
	struct cot_err err = COT_ERR_INIT;
	struct whitelist wl;
	char why[160], *name, *doc = malloc(4096);

	cr_assert(doc);
	for (size_t c = 0; c < 2; c++) {
		for (size_t n = WHITELIST_NAME_MAX; n <= WHITELIST_NAME_MAX + 1; n++) {
			name = repeat(chars[c], n);
			snprintf(doc, 4096,
				HEAD ROOT "<organisation kbo=\"0403019261\" since=\"2026-01-12\">"
					  "<name>%s</name></organisation>" END,
				name);
			if (n == WHITELIST_NAME_MAX) {
				cr_expect_eq(parse(doc, &wl, &err), COT_OK, "%s", err.msg);
				whitelist_release(&wl);
			} else {
				refused(doc, "element 'name' has 257 characters (1 to 256)");
			}
			free(name);
		}
		name = repeat(chars[c], WHITELIST_PRODUCT_MAX);
		cr_expect(whitelist_product_ok(name, why, sizeof(why)), "%s", why);
		free(name);
		name = repeat(chars[c], WHITELIST_PRODUCT_MAX + 1);
		cr_expect_not(whitelist_product_ok(name, why, sizeof(why)));
		cr_expect_str_eq(why, "129 characters (1 to 128)");
		free(name);
	}
	free(doc);
}

/* Found by fuzzing: the schema collapses white space around dates and times; so must the reader. */
Test(whitelist_read, white_space_around_typed_attributes_is_collapsed)
{
	static const char doc[] =
		HEAD "<whitelist xmlns=\"urn:be:belrai:cot:whitelist:1\" "
		     "version=\"1\" sequence=\"7\" issued=\"\r2026-11-20T09:30:00Z\">"
		     "<organisation kbo=\"0403019261\" since=\"\t2026-01-12 \"><name>A</name>"
		     "</organisation>" END;
	struct whitelist wl, again;
	struct cot_err err = COT_ERR_INIT;
	char *xml = NULL;
	size_t len;

	cr_assert_eq(parse(doc, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(wl.sequence, 7);
	cr_expect_str_eq(wl.issued, "2026-11-20T09:30:00Z");
	cr_expect_str_eq(wl.v[0].since, "2026-01-12");
	cr_assert_eq(whitelist_render(&wl, &xml, &len, &err), COT_OK);
	whitelist_init(&again);
	cr_expect_eq(whitelist_parse("r.xml", xml, len, &again, &err), COT_OK, "%s", err.msg);
	whitelist_release(&again);
	whitelist_release(&wl);
	free(xml);
}

Test(whitelist_read, a_list_over_the_limit_is_refused_before_parsing)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;

	whitelist_init(&wl);
	/* the length is checked first: the bytes are never read */
	cr_expect_eq(whitelist_parse("big.xml", three, WHITELIST_MAX + 1, &wl, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "too large"), "%s", err.msg);
}

/* A source handing out a document a few bytes at a time, failing after fail_at bytes. */
struct trickle {
	const char *p;
	size_t left, step, given, fail_at;
	bool endless; /* white space for ever once p is spent */
};

static int trickle_read(void *ctx, char *buf, int len, struct cot_err *err)
{
	struct trickle *t = ctx;
	size_t n = t->step < (size_t)len ? t->step : (size_t)len;

	if (t->fail_at && t->given >= t->fail_at)
		return cot_err_set(err, COT_ENV, "the disk went away"), -1;
	if (!t->left && t->endless) {
		memset(buf, ' ', (size_t)len);
		t->given += (size_t)len;
		return len;
	}
	n = n < t->left ? n : t->left;
	memcpy(buf, t->p, n);
	t->p += n;
	t->left -= n;
	t->given += n;
	return (int)n;
}

static int trickle_lookup(
	struct trickle *t, const char *kbo, struct wl_lookup *l, struct cot_err *err)
{
	struct wl_source src = {trickle_read, t};

	return whitelist_lookup_from("t.xml", &src, kbo, l, err);
}

Test(whitelist_read, a_source_a_byte_at_a_time_answers_as_the_whole)
{
	struct trickle t = {three, sizeof(three) - 1, 1, 0, 0, false};
	struct wl_lookup l;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(trickle_lookup(&t, "0566988259", &l, &err), COT_OK, "%s", err.msg);
	cr_expect(l.found);
	cr_expect_str_eq(l.org.name, "WZC Zonneweide & co");
	cr_expect_eq(l.scanned, 3);
	cr_expect_eq(t.given, sizeof(three) - 1, "every byte was read");
	wl_lookup_release(&l);
}

Test(whitelist_read, a_source_that_fails_or_never_ends_gives_no_answer)
{
	struct trickle t = {three, sizeof(three) - 1, 7, 0, 150, false};
	struct wl_lookup l;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(trickle_lookup(&t, "0403019261", &l, &err), COT_ENV);
	cr_expect_str_eq(err.msg, "the disk went away");
	cr_expect_not(l.found);
	cr_expect_null(l.org.name);
	/* an open root element followed by white space for ever */
	t = (struct trickle){HEAD ROOT, strlen(HEAD ROOT), 65536, 0, 0, true};
	cr_expect_eq(trickle_lookup(&t, "0403019261", &l, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "too large"), "%s", err.msg);
	cr_expect(t.given <= WHITELIST_MAX + 65536, "read on past the limit: %zu", t.given);
	t = (struct trickle){"", 0, 1, 0, 0, false};
	cr_expect_eq(trickle_lookup(&t, "0403019261", &l, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "empty"), "%s", err.msg);
}

Test(whitelist_write, render_then_parse_gives_the_same_list)
{
	struct whitelist wl, again;
	struct cot_err err = COT_ERR_INIT;
	char *xml = NULL, *xml2 = NULL;
	size_t len, len2;

	cr_assert_eq(parse(three, &wl, &err), COT_OK, "%s", err.msg);
	free(wl.v[0].name);
	wl.v[0].name = strdup("Zorgcentrum \"Sint-Jozef\" – <Aalst> & 'co'");
	cr_assert_eq(whitelist_render(&wl, &xml, &len, &err), COT_OK, "%s", err.msg);
	cr_expect(strstr(xml, "xmlns=\"urn:be:belrai:cot:whitelist:1\""), "%s", xml);
	cr_expect(strstr(xml, "&lt;Aalst&gt; &amp;"), "%s", xml);
	whitelist_init(&again);
	cr_assert_eq(whitelist_parse("r.xml", xml, len, &again, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(again.n, 3);
	cr_expect_str_eq(again.v[0].name, wl.v[0].name);
	cr_expect_str_eq(again.v[1].bundle, wl.v[1].bundle);
	cr_expect_eq(again.sequence, 7);
	cr_assert_eq(whitelist_render(&again, &xml2, &len2, &err), COT_OK);
	cr_expect(len == len2 && memcmp(xml, xml2, len) == 0, "rendering is not canonical");
	free(xml);
	free(xml2);
	whitelist_release(&wl);
	whitelist_release(&again);
}

Test(whitelist_write, csv_quotes_and_defuses_formulas)
{
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;
	char *out = NULL;
	size_t len;

	cr_assert_eq(parse(three, &wl, &err), COT_OK, "%s", err.msg);
	free(wl.v[0].name);
	wl.v[0].name = strdup("=HYPERLINK(\"http://x\")");
	free(wl.v[2].name);
	wl.v[2].name = strdup("a, b");
	cr_assert_eq(whitelist_export(&wl, WL_EXPORT_CSV, &out, &len, &err), COT_OK);
	cr_expect_str_eq(out, "kbo,name,nihii,since,bundle,kind,product,version,vendor\r\n"
			      "0403019261,\"'=HYPERLINK(\"\"http://x\"\")\",,2026-01-12,,"
			      "organisation,,,\r\n"
			      "0566988259,WZC Zonneweide & co,71089815,2025-06-30,"
			      "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff,"
			      "organisation,,,\r\n"
			      "0809394427,\"a, b\",,2026-01-12,,organisation,,,\r\n");
	free(out);
	cr_assert_eq(whitelist_export(&wl, WL_EXPORT_JSON, &out, &len, &err), COT_OK);
	cr_expect(strstr(out, "\"schema\": \"cot.whitelist/1\""), "%s", out);
	cr_expect(strstr(out, "\"nihii\": \"71089815\""), "%s", out);
	cr_expect(strstr(out, "\"sequence\": 7"), "%s", out);
	free(out);
	whitelist_release(&wl);
}

/* The software rows: kind software, the organisation's columns empty, hostile names defused. */
Test(whitelist_write, csv_software_rows_told_apart_and_defused)
{
	static const char *const hostile[][2] = {
		{"=cmd|' /C calc'!A0", "4.2"},
		{"@SUM(1+1)", "+1"},
		{"Care\"Soft, \"Pro\"", "-2"},
		{"Zorg\nDossier", "1.0"},
	};
	struct whitelist wl;
	struct cot_err err = COT_ERR_INIT;
	char *out = NULL;
	size_t len;

	cr_assert_eq(parse(HEAD ROOT ORG("0403019261", "Sainte-Elisabeth") END, &wl, &err), COT_OK,
		"%s", err.msg);
	wl.sw = calloc(4, sizeof(*wl.sw));
	cr_assert(wl.sw);
	wl.nsw = wl.swalloc = 4;
	for (size_t i = 0; i < 4; i++) {
		wl.sw[i].product = strdup(hostile[i][0]);
		wl.sw[i].version = strdup(hostile[i][1]);
		strcpy(wl.sw[i].vendor, "0809394427");
		strcpy(wl.sw[i].since, "2026-02-01");
	}
	strcpy(wl.sw[0].bundle, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	cr_assert_eq(whitelist_export(&wl, WL_EXPORT_CSV, &out, &len, &err), COT_OK);
	cr_expect_eq(len, strlen(out));
	cr_expect_str_eq(out,
		"kbo,name,nihii,since,bundle,kind,product,version,vendor\r\n"
		"0403019261,Sainte-Elisabeth,,2026-01-12,,organisation,,,\r\n"
		",,,2026-02-01,00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff,"
		"software,\"'=cmd|' /C calc'!A0\",4.2,0809394427\r\n"
		",,,2026-02-01,,software,\"'@SUM(1+1)\",\"'+1\",0809394427\r\n"
		",,,2026-02-01,,software,\"Care\"\"Soft, \"\"Pro\"\"\",\"'-2\",0809394427\r\n"
		",,,2026-02-01,,software,\"Zorg\nDossier\",1.0,0809394427\r\n");
	free(out);
	whitelist_release(&wl);
}

/* ---- Changes ---------------------------------------------------------------------- */

static struct wl_org org(const char *kbo, const char *name)
{
	struct wl_org o;

	memset(&o, 0, sizeof(o));
	snprintf(o.kbo, sizeof(o.kbo), "%s", kbo);
	snprintf(o.since, sizeof(o.since), "2026-01-12");
	o.name = (char *)name;
	return o;
}

/* Adds the organisation kbo, name to the list at path (made when missing): must succeed. */
static void add_org(const char *path, const char *kbo, const char *name)
{
	struct wl_org o = org(kbo, name);
	struct wl_change ch;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(whitelist_add(path, &o, &ch, &err), COT_OK, "%s", err.msg);
}

/* The bytes of path, or "(absent)". */
static char *slurp(const char *path)
{
	char *data = NULL;
	size_t len;
	struct cot_err err = COT_ERR_INIT;

	if (!fs_exists(path))
		return strdup("(absent)");
	cr_assert_eq(fs_read(path, WHITELIST_MAX, &data, &len, &err), COT_OK, "%s", err.msg);
	return data;
}

struct state {
	char *xml, *sig, *history, *head;
};

static void state_take(struct state *s, const char *xml)
{
	char p[PATH_MAX];

	s->xml = slurp(xml);
	snprintf(p, sizeof(p), "%s.p7s", xml);
	s->sig = slurp(p);
	snprintf(p, sizeof(p), "%s.history", xml);
	s->history = slurp(p);
	snprintf(p, sizeof(p), "%s.history.head", xml);
	s->head = slurp(p);
}

/* Every file of the whitelist is byte for byte as it was. */
static void state_same(struct state *s, const char *xml)
{
	struct state now;

	state_take(&now, xml);
	cr_expect_str_eq(now.xml, s->xml, "whitelist.xml changed");
	cr_expect_str_eq(now.sig, s->sig, "the signature changed");
	cr_expect_str_eq(now.history, s->history, "the history changed");
	cr_expect_str_eq(now.head, s->head, "the history's head changed");
	free(now.xml);
	free(now.sig);
	free(now.history);
	free(now.head);
	free(s->xml);
	free(s->sig);
	free(s->history);
	free(s->head);
}

static void history_of(const char *xml, struct journal *j)
{
	char p[PATH_MAX], h[PATH_MAX];
	struct cot_err err = COT_ERR_INIT;
	unsigned long n;

	snprintf(p, sizeof(p), "%s.history", xml);
	snprintf(h, sizeof(h), "%s.history.head", xml);
	cr_assert_eq(journal_verify(p, h, &n, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(journal_load(p, j, &err), COT_OK, "%s", err.msg);
}

static const char *data_str(const struct jrec *r, const char *key)
{
	return json_string_value(json_object_get(json_object_get(r->obj, "data"), key));
}

Test(whitelist_edit, add_creates_then_keeps_order_and_history)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_org a = org("0809394427", "eHealth-platform"), b = org("0403019261", "B");
	struct wl_change ch;
	struct whitelist wl;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	char hex[65];
	struct stat st;

	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect(ch.created);
	cr_expect_eq(ch.sequence, 1);
	cr_expect_eq(ch.count, 1);
	cr_assert_eq(whitelist_add(path, &b, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect_not(ch.created);
	cr_expect_eq(ch.sequence, 2);
	whitelist_init(&wl);
	cr_assert_eq(whitelist_load(path, &wl, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(wl.n, 2);
	cr_expect_str_eq(wl.v[0].kbo, "0403019261");
	cr_expect_eq(wl.sequence, 2);
	whitelist_release(&wl);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0644);
	history_of(path, &j);
	cr_assert_eq(j.n, 2);
	cr_expect_str_eq(j.v[1].event, "add");
	cr_expect_str_eq(data_str(&j.v[1], "kbo"), "0403019261");
	cr_assert_eq(fs_sha256(path, hex, &err), COT_OK);
	cr_expect_str_eq(data_str(&j.v[1], "sha256"), hex);
	journal_release(&j);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(whitelist_edit, refusals_change_nothing)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_org a = org("0809394427", "eHealth-platform");
	struct wl_org bad = org("0809394428", "bad check digits");
	struct wl_org blank = org("0403019261", " ");
	struct wl_change ch;
	struct cot_err err = COT_ERR_INIT;
	struct state s;

	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	state_take(&s, path);
	cr_expect_eq(whitelist_add(path, &a, &ch, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "already on the whitelist"), "%s", err.msg);
	state_same(&s, path);
	state_take(&s, path);
	cr_expect_eq(whitelist_add(path, &bad, &ch, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "check digits"), "%s", err.msg);
	cr_expect_eq(whitelist_add(path, &blank, &ch, &err), COT_USAGE);
	cr_expect_eq(whitelist_remove(path, "0403019261", "why", &ch, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "not on the whitelist"), "%s", err.msg);
	state_same(&s, path);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(whitelist_edit, remove_needs_an_existing_list_and_records_the_reason)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_org a = org("0809394427", "eHealth-platform");
	struct wl_change ch;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(whitelist_remove(path, "0809394427", "gone", &ch, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "no whitelist at"), "%s", err.msg);
	cr_expect_not(fs_exists(path));
	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(whitelist_remove(path, "0809394427", "merged into another", &ch, &err), COT_OK,
		"%s", err.msg);
	cr_expect_str_eq(ch.org.name, "eHealth-platform");
	free(ch.org.name);
	cr_expect_eq(ch.count, 0);
	cr_expect_eq(ch.sequence, 2);
	history_of(path, &j);
	cr_assert_eq(j.n, 2);
	cr_expect_str_eq(j.v[1].event, "remove");
	cr_expect_str_eq(data_str(&j.v[1], "reason"), "merged into another");
	journal_release(&j);
	test_rmtree(dir);
	free(path);
	free(dir);
}

/* One version off, exactly as named; the others and the organisations stay. */
Test(whitelist_edit, remove_software_takes_one_version_off_and_records_why)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_org a = org("0809394427", "eHealth-platform");
	struct wl_software v1 = {.product = "CareSoft",
				   .version = "4.1",
				   .vendor = "0403019261",
				   .since = "2026-02-01"},
			   v2 = v1;
	struct wl_change ch;
	struct whitelist wl;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct state s;

	v2.version = "4.2";
	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(whitelist_add_software(path, &v1, &ch, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(whitelist_add_software(path, &v2, &ch, &err), COT_OK, "%s", err.msg);
	state_take(&s, path);
	cr_expect_eq(
		whitelist_remove_software(path, "CareSoft", "4.3", "why", &ch, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "'CareSoft' 4.3 is not on the whitelist"), "%s", err.msg);
	cr_expect_eq(whitelist_remove_software(path, "caresoft", "4.1", "why", &ch, &err),
		COT_FINDINGS, "the product is exact");
	state_same(&s, path);
	cr_assert_eq(whitelist_remove_software(path, "CareSoft", "4.1", "withdrawn", &ch, &err),
		COT_OK, "%s", err.msg);
	cr_expect_str_eq(ch.sw.product, "CareSoft");
	cr_expect_str_eq(ch.sw.version, "4.1");
	cr_expect_str_eq(ch.sw.vendor, "0403019261");
	wl_software_release(&ch.sw);
	cr_expect_eq(ch.sequence, 4);
	whitelist_init(&wl);
	cr_assert_eq(whitelist_load(path, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(wl.n, 1);
	cr_assert_eq(wl.nsw, 1);
	cr_expect_str_eq(wl.sw[0].version, "4.2");
	whitelist_release(&wl);
	history_of(path, &j);
	cr_assert_eq(j.n, 4);
	cr_expect_str_eq(j.v[3].event, "remove-software");
	cr_expect_str_eq(data_str(&j.v[3], "reason"), "withdrawn");
	cr_expect_str_eq(data_str(&j.v[3], "version"), "4.1");
	journal_release(&j);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(whitelist_edit, a_held_lock_is_an_environment_error)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *lockp = test_path(dir, "whitelist.xml.lock");
	struct wl_org a = org("0809394427", "eHealth-platform");
	struct wl_change ch;
	struct lock lk = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	pid_t child;
	int fds[2], status;
	char c;

	/* flock is per open file: hold it in another process */
	cr_assert_eq(pipe(fds), 0);
	child = fork();
	if (child == 0) {
		struct cot_err e = COT_ERR_INIT;
		if (lock_acquire(&lk, lockp, &e))
			_exit(1);
		if (write(fds[1], "l", 1) != 1)
			_exit(1);
		sleep(5);
		_exit(0);
	}
	cr_assert_eq(read(fds[0], &c, 1), 1);
	cr_expect_eq(whitelist_add(path, &a, &ch, &err), COT_ENV);
	cr_expect(strstr(err.msg, "locked"), "%s", err.msg);
	cr_expect_not(fs_exists(path));
	kill(child, SIGKILL);
	waitpid(child, &status, 0);
	test_rmtree(dir);
	free(lockp);
	free(path);
	free(dir);
}

Test(whitelist_edit, a_broken_history_stops_every_change)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *hist = test_path(dir, "whitelist.xml.history");
	struct wl_org a = org("0809394427", "eHealth-platform"), b = org("0403019261", "B");
	struct wl_change ch;
	struct cot_err err = COT_ERR_INIT;
	struct state s;
	char *text;

	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	text = slurp(hist);
	*strstr(text, "eHealth") = 'E';
	test_write(hist, text);
	free(text);
	state_take(&s, path);
	cr_expect_eq(whitelist_add(path, &b, &ch, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "not intact"), "%s", err.msg);
	state_same(&s, path);
	test_rmtree(dir);
	free(hist);
	free(path);
	free(dir);
}

Test(whitelist_edit, a_change_without_a_record_is_recorded_first)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_org a = org("0809394427", "eHealth-platform"), b = org("0403019261", "B");
	struct wl_change ch;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;

	/* a list the history never saw, as a crash between the write and the record leaves */
	test_write(path, HEAD ROOT ORG("0809394427", "eHealth-platform") END);
	cr_assert_eq(whitelist_add(path, &b, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect(ch.unrecorded);
	cr_expect_eq(ch.sequence, 8);
	history_of(path, &j);
	cr_assert_eq(j.n, 2);
	cr_expect_str_eq(j.v[0].event, "unrecorded");
	cr_expect_eq(json_integer_value(
			     json_object_get(json_object_get(j.v[0].obj, "data"), "sequence")),
		7);
	cr_expect_str_eq(j.v[1].event, "add");
	journal_release(&j);
	cr_expect_eq(whitelist_add(path, &a, &ch, &err), COT_FINDINGS);
	cr_expect_not(ch.unrecorded, "the history now matches");
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(whitelist_edit, a_failed_history_write_puts_list_and_signature_back)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *sig = test_path(dir, "whitelist.xml.p7s"), blocker[PATH_MAX];
	struct wl_org b = org("0403019261", "B");
	struct wl_change ch;
	struct cot_err err = COT_ERR_INIT;
	struct state s;

	add_org(path, "0809394427", "eHealth-platform");
	test_write(sig, "a signature standing in for the real one");
	/* the history's temp file cannot be created: the list is written, then the record fails */
	snprintf(blocker, sizeof(blocker), "%s.history.tmp-%ld", path, (long)getpid());
	cr_assert_eq(mkdir(blocker, 0700), 0);
	state_take(&s, path);
	cr_expect_eq(whitelist_add(path, &b, &ch, &err), COT_ENV);
	cr_expect(strstr(err.msg, "cannot create"), "%s", err.msg);
	cr_expect_not(strstr(err.msg, "could not be put back"), "%s", err.msg);
	state_same(&s, path);
	cr_assert_eq(rmdir(blocker), 0);
	cr_expect_eq(whitelist_add(path, &b, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect_not(ch.unrecorded, "the undo left the history matching the list");
	test_rmtree(dir);
	free(sig);
	free(path);
	free(dir);
}

Test(whitelist_edit, a_change_removes_the_stale_signature)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *sig = test_path(dir, "whitelist.xml.p7s");
	struct wl_org a = org("0809394427", "eHealth-platform"), b = org("0403019261", "B");
	struct wl_change ch;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect_not(ch.signature_removed);
	test_write(sig, "signature of sequence 1");
	cr_assert_eq(whitelist_add(path, &b, &ch, &err), COT_OK, "%s", err.msg);
	cr_expect(ch.signature_removed);
	cr_expect_not(fs_exists(sig));
	history_of(path, &j);
	cr_expect(json_is_true(
		json_object_get(json_object_get(j.v[1].obj, "data"), "signature_removed")));
	journal_release(&j);
	test_rmtree(dir);
	free(sig);
	free(path);
	free(dir);
}

/* ---- Signatures (a test PKI from with-pki.sh) ------------------------------------ */

static const char *pki(const char *name)
{
	static char bufs[4][PATH_MAX];
	static int next;
	const char *dir = getenv("COT_TEST_PKI");
	char *p = bufs[next++ % 4];

	if (!dir || !*dir)
		cr_assert_fail("COT_TEST_PKI is not set: run through tests/pki/with-pki.sh");
	snprintf(p, PATH_MAX, "%s/%s", dir, name);
	return p;
}

static void keystore(struct cert_bundle *b)
{
	struct cot_err err = COT_ERR_INIT;

	cert_bundle_init(b);
	cr_assert_eq(cert_load_file(pki("modern.p12"), "Test_001", CERT_LOAD_KEY, b, &err), COT_OK,
		"%s", err.msg);
	cr_assert_not_null(b->key);
}

static STACK_OF(X509) *anchors(const char *file)
{
	STACK_OF(X509) *a = sk_X509_new_null();
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(cert_load_anchors(pki(file), a, &err), COT_OK, "%s", err.msg);
	return a;
}

/* Signs the list at path with ks at now for days: must succeed; *who the signer. */
static void sign_list(
	const char *path, const struct cert_bundle *ks, time_t now, int days, struct wl_signer *who)
{
	struct cot_err err = COT_ERR_INIT;
	unsigned long long seq;

	cr_assert_eq(whitelist_sign(path, ks->key, ks->leaf, ks->chain, now, days, who, &seq, &err),
		COT_OK, "%s", err.msg);
}

static void sign_three(unsigned char **der, size_t *len)
{
	struct cert_bundle ks;
	struct cot_err err = COT_ERR_INIT;

	keystore(&ks);
	cr_assert_eq(
		whitelist_sig_make(three, strlen(three), ks.key, ks.leaf, ks.chain, der, len, &err),
		COT_OK, "%s", err.msg);
	cert_bundle_release(&ks);
}

Test(whitelist_sig, made_and_verified_to_the_root_or_the_issuing_ca)
{
	unsigned char *der;
	size_t len;
	struct wl_signer who;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem"), *issuing = anchors("issuing.pem");

	sign_three(&der, &len);
	cr_expect_eq(
		whitelist_sig_verify(three, strlen(three), der, len, root, clock_now(), &who, &err),
		COT_OK, "%s", err.msg);
	cr_expect(strstr(who.subject, "CBE=0403019261"), "%s", who.subject);
	cr_expect_eq(strlen(who.fingerprint), 64);
	cr_expect_eq(whitelist_sig_verify(
			     three, strlen(three), der, len, issuing, clock_now(), NULL, &err),
		COT_OK, "%s", err.msg);
	OPENSSL_free(der);
	sk_X509_pop_free(root, X509_free);
	sk_X509_pop_free(issuing, X509_free);
}

Test(whitelist_sig, changed_content_a_tampered_signature_or_another_anchor_fail)
{
	unsigned char *der;
	size_t len;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem"), *other = anchors("self.pem");
	char *changed = strdup(three);
	int rc;

	sign_three(&der, &len);
	*strstr(changed, "eHealth") = 'E';
	cr_expect_eq(whitelist_sig_verify(
			     changed, strlen(changed), der, len, root, clock_now(), NULL, &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "does not match"), "%s", err.msg);
	cr_expect_eq(whitelist_sig_verify(
			     three, strlen(three), der, len, other, clock_now(), NULL, &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "not trusted"), "%s", err.msg);
	der[len - 10] ^= 0x01; /* inside the signature value */
	rc = whitelist_sig_verify(three, strlen(three), der, len, root, clock_now(), NULL, &err);
	cr_expect(rc == COT_FINDINGS || rc == COT_USAGE, "a tampered signature gave %d", rc);
	cr_expect_eq(whitelist_sig_verify(
			     three, strlen(three), "garbage", 7, root, clock_now(), NULL, &err),
		COT_USAGE);
	cr_expect(strstr(err.msg, "not a DER CMS"), "%s", err.msg);
	cr_expect_eq(whitelist_sig_verify(
			     three, strlen(three), der, len - 1, root, clock_now(), NULL, &err),
		COT_USAGE);
	free(changed);
	OPENSSL_free(der);
	sk_X509_pop_free(root, X509_free);
	sk_X509_pop_free(other, X509_free);
}

Test(whitelist_sig, streamed_in_pieces_as_verified_whole)
{
	unsigned char *der;
	size_t len, n = strlen(three);
	struct wl_sig_check v;
	struct wl_signer who;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem");

	sign_three(&der, &len);
	cr_assert_eq(whitelist_sig_begin(der, len, &v, &err), COT_OK, "%s", err.msg);
	for (size_t off = 0; off < n; off += 5)
		cr_assert_eq(whitelist_sig_update(&v, three + off, n - off < 5 ? n - off : 5), 0);
	cr_expect_eq(whitelist_sig_end(&v, root, clock_now(), &who, &err), COT_OK, "%s", err.msg);
	cr_expect(strstr(who.subject, "CBE=0403019261"), "%s", who.subject);
	whitelist_sig_release(&v);
	/* one byte short */
	cr_assert_eq(whitelist_sig_begin(der, len, &v, &err), COT_OK, "%s", err.msg);
	whitelist_sig_update(&v, three, n - 1);
	cr_expect_eq(whitelist_sig_end(&v, root, clock_now(), NULL, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "does not match"), "%s", err.msg);
	whitelist_sig_release(&v);
	OPENSSL_free(der);
	sk_X509_pop_free(root, X509_free);
}

/* A signature with no signed attributes signs the content's digest itself. */
Test(whitelist_sig, without_signed_attributes)
{
	struct cert_bundle ks;
	unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOATTR;
	BIO *in = BIO_new_mem_buf(three, (int)strlen(three));
	CMS_ContentInfo *cms;
	unsigned char *der = NULL;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem");
	char *changed = strdup(three);
	int len;

	keystore(&ks);
	cms = CMS_sign(ks.leaf, ks.key, ks.chain, in, flags);
	cr_assert_not_null(cms);
	len = i2d_CMS_ContentInfo(cms, &der);
	cr_assert_gt(len, 0);
	cr_expect_eq(whitelist_sig_verify(
			     three, strlen(three), der, (size_t)len, root, clock_now(), NULL, &err),
		COT_OK, "%s", err.msg);
	*strstr(changed, "eHealth") = 'E';
	cr_expect_eq(whitelist_sig_verify(changed, strlen(changed), der, (size_t)len, root,
			     clock_now(), NULL, &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "does not match"), "%s", err.msg);
	free(changed);
	OPENSSL_free(der);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	cert_bundle_release(&ks);
	sk_X509_pop_free(root, X509_free);
}

Test(whitelist_sig, sign_writes_the_signature_and_records_it)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *sig = test_path(dir, "whitelist.xml.p7s");
	struct wl_org a = org("0809394427", "eHealth-platform");
	struct wl_change ch;
	struct wl_signer who;
	struct cert_bundle ks;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem");
	unsigned long long seq = 0;
	char *xml, *der;
	size_t xlen, dlen;

	keystore(&ks);
	cr_expect_eq(whitelist_sign(path, ks.key, ks.leaf, ks.chain, clock_now(),
			     WHITELIST_VALID_DAYS, &who, &seq, &err),
		COT_USAGE, "no list yet");
	cr_assert_eq(whitelist_add(path, &a, &ch, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(whitelist_sign(path, ks.key, ks.leaf, ks.chain, clock_now(),
			     WHITELIST_VALID_DAYS, &who, &seq, &err),
		COT_OK, "%s", err.msg);
	cr_expect_eq(seq, 1);
	cr_assert_eq(fs_read(path, WHITELIST_MAX, &xml, &xlen, &err), COT_OK);
	cr_assert_eq(fs_read(sig, WHITELIST_SIG_MAX, &der, &dlen, &err), COT_OK);
	cr_expect_eq(whitelist_sig_verify(xml, xlen, der, dlen, root, clock_now(), NULL, &err),
		COT_OK, "%s", err.msg);
	history_of(path, &j);
	cr_assert_eq(j.n, 2);
	cr_expect_str_eq(j.v[1].event, "sign");
	cr_expect_str_eq(data_str(&j.v[1], "fingerprint"), who.fingerprint);
	journal_release(&j);
	/* an expired certificate does not sign */
	{
		struct cert_bundle old;
		cert_bundle_init(&old);
		cr_assert_eq(cert_load_file(pki("expired.pem"), NULL, 0, &old, &err), COT_OK);
		cr_expect_eq(whitelist_sign(path, ks.key, old.leaf, NULL, clock_now(),
				     WHITELIST_VALID_DAYS, &who, &seq, &err),
			COT_USAGE);
		cr_expect(strstr(err.msg, "expired"), "%s", err.msg);
		cert_bundle_release(&old);
	}
	free(xml);
	free(der);
	cert_bundle_release(&ks);
	sk_X509_pop_free(root, X509_free);
	test_rmtree(dir);
	free(sig);
	free(path);
	free(dir);
}

/* ---- add --bundle: the organisation of a verified bundle ------------------------------- */

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
			  "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
			  "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
			  "trailer << /Root 1 0 R >>\n%%EOF\n";

/* A route-vitalink project of KBO 0403019261 (the test PKI's organisation) and its signed bundle.
 */
static char *make_bundle(const char *dir)
{
	char *proj = test_path(dir, "proj"),
	     *argv[] = {"cot", "init", proj, "--name", "Maison Sainte-Elisabeth", "--kbo",
		     "0403019261", "--route", "vitalink", NULL};
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct bundle_result r;
	struct cert_bundle ks;
	struct asice_signer signer;
	struct bundle_opts o;
	char *path;

	cr_assert_eq(cot_main(9, argv), COT_OK);
	for (int role = ROLE_BELRAI_CONTRACT; role <= ROLE_VITALINK_CONTRACT; role++) {
		char *f = test_path(proj, bundle_role((enum bundle_role)role)->file);
		test_write(f, pdf);
		free(f);
	}
	cr_assert_eq(project_open(proj, &p, &d, &err), COT_OK, "%s", err.msg);
	keystore(&ks);
	signer = (struct asice_signer){ks.key, ks.leaf, ks.chain};
	o = (struct bundle_opts){.time = clock_now(), .signer = &signer};
	bundle_result_init(&r);
	cr_assert_eq(bundle_build(&p, &o, &r, &d, &err), COT_OK, "%s", err.msg);
	path = strdup(r.path);
	bundle_result_release(&r);
	cert_bundle_release(&ks);
	diag_list_release(&d);
	project_release(&p);
	free(proj);
	return path;
}

Test(whitelist_bundle, only_a_bundle_that_passes_gives_its_organisation)
{
	char *dir = test_tmpdir(), *bundle = make_bundle(dir), hex[65];
	STACK_OF(X509) *root = anchors("root.pem"), *other = anchors("self.pem");
	struct cot_err err = COT_ERR_INIT;
	struct wl_org o;
	FILE *f;

	cr_assert_eq(whitelist_org_from_bundle(bundle, root, NULL, clock_now(), &o, &err), COT_OK,
		"%s", err.msg);
	cr_expect_str_eq(o.kbo, "0403019261");
	cr_expect_str_eq(o.name, "Maison Sainte-Elisabeth");
	cr_assert_eq(fs_sha256(bundle, hex, &err), COT_OK);
	cr_expect_str_eq(o.bundle, hex);
	free(o.name);
	/* a signer outside the anchors, and no anchors at all: not TOTAL-PASSED */
	cr_expect_eq(whitelist_org_from_bundle(bundle, other, NULL, clock_now(), &o, &err),
		COT_FINDINGS);
	cr_expect(strstr(err.msg, "does not pass verification"), "%s", err.msg);
	cr_expect(strstr(err.msg, "signer-chain"), "%s", err.msg);
	cr_expect_null(o.name);
	cr_expect_eq(
		whitelist_org_from_bundle(bundle, NULL, NULL, clock_now(), &o, &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "INDETERMINATE"), "%s", err.msg);
	/* one byte changed in the container */
	f = fopen(bundle, "r+b");
	cr_assert_not_null(f);
	fseek(f, 200, SEEK_SET);
	fputc(fgetc(f) ^ 0x20, f);
	fclose(f);
	cr_expect_eq(
		whitelist_org_from_bundle(bundle, root, NULL, clock_now(), &o, &err), COT_FINDINGS);
	cr_expect(
		strstr(err.msg, "TOTAL-FAILED") || strstr(err.msg, "INDETERMINATE"), "%s", err.msg);
	cr_expect_eq(
		whitelist_org_from_bundle("/nonexistent.asice", root, NULL, clock_now(), &o, &err),
		COT_USAGE);
	sk_X509_pop_free(root, X509_free);
	sk_X509_pop_free(other, X509_free);
	test_rmtree(dir);
	free(bundle);
	free(dir);
}

/* ---- The organisations' check on a file ------------------------------------------- */

Test(whitelist_sig, sign_sets_next_update_in_the_signed_list)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_change ch;
	struct wl_signer who;
	struct cert_bundle ks;
	struct whitelist wl;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	unsigned long long seq = 0;
	char *before, *after;
	size_t blen, alen;
	time_t now = 1795000000; /* 2026-11-18T11:06:40Z */

	keystore(&ks);
	add_org(path, "0809394427", "eHealth-platform");
	cr_assert_eq(fs_read(path, WHITELIST_MAX, &before, &blen, &err), COT_OK);
	cr_expect_eq(whitelist_sign(path, ks.key, ks.leaf, ks.chain, now, 0, &who, &seq, &err),
		COT_USAGE);
	cr_expect_eq(whitelist_sign(path, ks.key, ks.leaf, ks.chain, now,
			     WHITELIST_VALID_MAX_DAYS + 1, &who, &seq, &err),
		COT_USAGE);
	cr_assert_eq(fs_read(path, WHITELIST_MAX, &after, &alen, &err), COT_OK);
	cr_expect(alen == blen && memcmp(before, after, blen) == 0, "refusals changed the list");
	free(after);
	sign_list(path, &ks, now, 7, &who);
	whitelist_init(&wl);
	cr_assert_eq(whitelist_load(path, &wl, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(wl.next_update, "2026-11-25T11:06:40Z");
	cr_expect_eq(wl.sequence, 1, "the organisations did not change");
	whitelist_release(&wl);
	/* The sign record names the rewritten list: the next change finds nothing unrecorded. */
	cr_assert_eq(
		whitelist_add(path,
			&(struct wl_org){
				.kbo = "0403019261", .since = "2026-11-18", .name = (char *)"X"},
			&ch, &err),
		COT_OK, "%s", err.msg);
	cr_expect_not(ch.unrecorded);
	history_of(path, &j);
	cr_assert_eq(j.n, 3);
	cr_expect_str_eq(j.v[1].event, "sign");
	cr_expect_str_eq(data_str(&j.v[1], "next_update"), "2026-11-25T11:06:40Z");
	journal_release(&j);
	free(before);
	cert_bundle_release(&ks);
	free(path);
	free(dir);
}

Test(whitelist_check, a_list_past_its_next_update_gives_no_answer)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	struct wl_signer who;
	struct wl_check c;
	struct cert_bundle ks;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem");
	struct wl_check_opts o = {.kbo = "0809394427", .file = path, .anchors = root};
	char later[21];

	keystore(&ks);
	add_org(path, "0809394427", "eHealth-platform");
	sign_list(path, &ks, clock_now(), 1, &who);
	wl_check_init(&c);
	cr_assert_eq(whitelist_check(NULL, &o, &c, &err), COT_OK, "%s", err.msg);
	cr_expect(c.listed && c.verified);
	cr_expect_neq(c.hit.next_update[0], '\0');
	wl_check_release(&c);
	time_format(clock_now() + 3 * 86400, later);
	setenv("COT_NOW", later, 1);
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV);
	cr_expect(strstr(err.msg, "was due to be replaced by"), "%s", err.msg);
	wl_check_release(&c);
	o.anchors = NULL; /* unchecked, still refused: the list says it is out of date */
	o.kbo = "0403019261";
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV);
	wl_check_release(&c);
	unsetenv("COT_NOW");
	cert_bundle_release(&ks);
	sk_X509_pop_free(root, X509_free);
	free(path);
	free(dir);
}

Test(whitelist_check, a_file_with_and_without_its_signature)
{
	char *dir = test_tmpdir(), *path = test_path(dir, "whitelist.xml");
	char *sig = test_path(dir, "whitelist.xml.p7s");
	struct wl_signer who;
	struct wl_check c;
	struct cert_bundle ks;
	struct cot_err err = COT_ERR_INIT;
	STACK_OF(X509) *root = anchors("root.pem");
	struct wl_check_opts o = {.kbo = "0809394427", .file = path};

	add_org(path, "0809394427", "eHealth-platform");
	wl_check_init(&c);
	cr_assert_eq(whitelist_check(NULL, &o, &c, &err), COT_OK, "%s", err.msg);
	cr_expect(c.listed);
	cr_expect_not(c.verified);
	cr_expect_str_eq(c.source, path);
	wl_check_release(&c);
	o.kbo = "0403019261";
	cr_assert_eq(whitelist_check(NULL, &o, &c, &err), COT_OK, "%s", err.msg);
	cr_expect_not(c.listed);
	wl_check_release(&c);
	/* with a trust anchor the signature is required */
	o.anchors = root;
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV);
	cr_expect(strstr(err.msg, "not signed"), "%s", err.msg);
	wl_check_release(&c);
	keystore(&ks);
	sign_list(path, &ks, clock_now(), WHITELIST_VALID_DAYS, &who);
	o.kbo = "0809394427";
	cr_assert_eq(whitelist_check(NULL, &o, &c, &err), COT_OK, "%s", err.msg);
	cr_expect(c.listed && c.verified);
	cr_expect_str_eq(c.signer.fingerprint, who.fingerprint);
	wl_check_release(&c);
	/* changed after signing, and broken by the change: the signature is the answer */
	{
		char *xml;
		size_t xlen;
		unsigned char *der;
		size_t dlen;
		cr_assert_eq(fs_read(path, WHITELIST_MAX, &xml, &xlen, &err), COT_OK);
		cr_assert_eq(fs_write_atomic(path, xml, xlen - 20, 0644, &err), COT_OK);
		cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV);
		cr_expect(strstr(err.msg, "does not match"), "%s", err.msg);
		cr_expect_not(c.listed || c.verified);
		wl_check_release(&c);
		/* signed as it is, the broken list is the answer */
		cr_assert_eq(whitelist_sig_make(
				     xml, xlen - 20, ks.key, ks.leaf, ks.chain, &der, &dlen, &err),
			COT_OK, "%s", err.msg);
		cr_assert_eq(fs_write_atomic(sig, der, dlen, 0644, &err), COT_OK);
		cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV);
		cr_expect(strstr(err.msg, "truncated"), "%s", err.msg);
		cr_expect_not(c.listed || c.verified);
		wl_check_release(&c);
		OPENSSL_free(der);
		free(xml);
	}
	o.file = "/nonexistent/whitelist.xml";
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_ENV,
		"a missing source: could not "
		"find out");
	o.file = NULL;
	o.url = "http://example.org/whitelist.xml";
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "https"), "%s", err.msg);
	o.url = "https://example.org/whitelist.xml";
	o.offline = true;
	cr_expect_eq(whitelist_check(NULL, &o, &c, &err), COT_USAGE, "offline needs a project");
	cert_bundle_release(&ks);
	sk_X509_pop_free(root, X509_free);
	test_rmtree(dir);
	free(sig);
	free(path);
	free(dir);
}
