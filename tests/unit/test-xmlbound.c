/* Bounds on XML markup, fed whole or in pieces (xmlbound.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/xmlbound.h"

static const struct xml_limits lim = {.attrs = 3, .ns = 2, .depth = 3, .nodes = 12};

static int whole(const char *s, struct cot_err *err)
{
	return xml_bound_check(s, strlen(s), &lim, err);
}

/* The same bytes fed one at a time: the verdict never depends on where reads end. */
static int bytewise(const char *s)
{
	struct cot_err err = COT_ERR_INIT;
	struct xml_bound b;
	int rc = COT_OK;

	xml_bound_init(&b, &lim);
	for (size_t i = 0; s[i] && !rc; i++)
		rc = xml_bound_feed(&b, s + i, 1, &err);
	return rc;
}

static void ok(const char *s)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(whole(s, &err), COT_OK, "%s: %s", s, err.msg);
	cr_assert_eq(bytewise(s), COT_OK, "%s, a byte at a time", s);
}

static void refused(const char *s, const char *why)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(whole(s, &err), COT_USAGE, "%s passed", s);
	cr_assert(strstr(err.msg, why), "%s: '%s' lacks '%s'", s, err.msg, why);
	cr_assert_eq(bytewise(s), COT_USAGE, "%s, a byte at a time, passed", s);
}

Test(xmlbound, attributes)
{
	ok("<a x='1' y=\"2\" z='3'/>");
	refused("<a w='1' x='1' y='2' z='3'/>", "more than 3 attributes");
	/* '=' and '>' inside values are not markup */
	ok("<a x='a=b=c=d>' y=\"=>=\"/>");
	refused("<?xml version='1.0'?><a w='1' x='1' y='2' z='3'/>", "element at byte 22");
}

Test(xmlbound, namespace_declarations)
{
	ok("<a xmlns='u' xmlns:b='v'/>");
	refused("<a xmlns='u' xmlns:b='v' xmlns:c='w'/>", "more than 2 namespaces");
	/* an attribute whose name begins like xmlns is not a declaration */
	ok("<a xmlnsx='1' xmlns='u' xmlns:b='v'/>");
}

Test(xmlbound, depth)
{
	ok("<a><b><c/></b></a>");
	ok("<a><b><c></c></b><b><c/></b></a>");
	ok("<a><b><c><d/></c></b></a>");
	refused("<a><b><c><d></d></c></b></a>", "nest more than 3 deep");
}

Test(xmlbound, nodes)
{
	ok("<a><b/><b/><b/><b/><b/></a>");
	refused("<a><b/><b/><b/><b/><b/><b/><b/><b/><b/><b/><b/><b/></a>", "more than 12 nodes");
}

/* Comments, CDATA, processing instructions and declarations hide what looks like markup. */
Test(xmlbound, opaque_sections)
{
	ok("<a><!-- <b w='' x='' y='' z=''> --></a>");
	ok("<a><![CDATA[<b w='' x='' y='' z=''>]]></a>");
	ok("<?pi w='' x='' y='' z=''?><a/>");
	ok("<!DOCTYPE a><a/>");
	/* the end of a comment needs two dashes; "->" alone does not end it */
	ok("<a><!-- -> <b w='' x='' y='' z=''> --></a>");
	refused("<a><!-- --><b w='' x='' y='' z=''/></a>", "attributes");
	refused("<a><![CDATA[]]]]><b w='' x='' y='' z=''/></a>", "attributes");
}

/* A tag of 200,000 attributes is refused at the fourth, in linear time. */
Test(xmlbound, huge_tag)
{
	size_t n = 200000, len = 0;
	char *s = malloc(n * 12 + 16);
	struct cot_err err = COT_ERR_INIT;

	cr_assert(s);
	len += (size_t)sprintf(s, "<a");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(s + len, " a%zu=''", i % 100000);
	strcpy(s + len, "/>");
	cr_assert_eq(xml_bound_check(s, strlen(s), &lim, &err), COT_USAGE);
	cr_assert(strstr(err.msg, "attributes"));
	free(s);
}
