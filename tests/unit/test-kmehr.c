/* KMEHR sample messages against eHealth's 1.32 XSD (COT_REFERENCE) and the BelRAI rules (kmehr.h).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cot/kmehr.h"

static struct kmehr_schema *schema;

static void load(void)
{
	struct cot_err err = COT_ERR_INIT;
	const char *ref = getenv("COT_REFERENCE");
	char dir[4096];

	cr_assert(ref, "COT_REFERENCE is not set (with-reference.sh sets it)");
	snprintf(dir, sizeof(dir), "%s/kmehr-1.32", ref);
	cr_assert_eq(kmehr_schema_load(dir, &schema, &err), COT_OK, "%s", err.msg);
}

static void unload(void)
{
	kmehr_schema_free(schema);
}

TestSuite(kmehr, .init = load, .fini = unload);

/* A fictitious belrai-report; the %s are the standard, the sender's cd, the transaction, the INSS.
 */
static const char fmt[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<kmehrmessage xmlns=\"http://www.ehealth.fgov.be/standards/kmehr/schema/v1\">\n"
	"<header><standard><cd S=\"CD-STANDARD\" SV=\"1.32\">%s</cd></standard>\n"
	"<id S=\"ID-KMEHR\" SV=\"1.0\">0809394427.1</id><date>2026-07-01</date>"
	"<time>10:00:00</time>\n"
	"<sender><hcparty><cd S=\"CD-HCPARTY\" SV=\"1.16\">%s</cd><name>CareSoft 4.2</name>"
	"</hcparty></sender>\n"
	"<recipient><hcparty><cd S=\"CD-HCPARTY\" SV=\"1.16\">application</cd><name>BelRAI</name>"
	"</hcparty></recipient></header>\n"
	"<folder><id S=\"ID-KMEHR\" SV=\"1.0\">1</id>\n"
	"<patient><id S=\"ID-PATIENT\" SV=\"1.0\">%s</id><firstname>Jan</firstname>"
	"<familyname>Voorbeeld</familyname><birthdate><date>1985-07-30</date></birthdate>"
	"<sex><cd S=\"CD-SEX\" SV=\"1.1\">male</cd></sex></patient>\n"
	"<transaction><id S=\"ID-KMEHR\" SV=\"1.0\">1</id>"
	"<cd S=\"CD-TRANSACTION\" SV=\"1.17\">%s</cd>\n"
	"<date>2026-07-01</date><time>10:00:00</time><author><hcparty>"
	"<cd S=\"CD-HCPARTY\" SV=\"1.16\">persnurse</cd><firstname>Els</firstname>"
	"<familyname>Voorbeeld</familyname></hcparty></author>"
	"<iscomplete>true</iscomplete><isvalidated>true</isvalidated>%s</transaction></folder>\n"
	"</kmehrmessage>\n";

static char *message(const char *standard, const char *sender, const char *inss,
	const char *transaction, const char *extra)
{
	size_t n = sizeof(fmt) + strlen(standard) + strlen(sender) + strlen(inss) +
		   strlen(transaction) + strlen(extra);
	char *s = malloc(n);

	cr_assert(s);
	snprintf(s, n, fmt, standard, sender, inss, transaction, extra);
	return s;
}

static char *good(void)
{
	return message("20200901", "application", "85073003300", "belrai-report", "");
}

static void check(const char *text, size_t len, struct diag_list *d)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(kmehr_check_mem(schema, "m.xml", (const unsigned char *)text, len, d, &err),
		COT_OK, "%s", err.msg);
}

/* The first finding of rule, or NULL. */
static const struct diag *rule(const struct diag_list *d, const char *id)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].rule, id) == 0)
			return &d->v[i];
	return NULL;
}

static void dump(const struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "  %u:%u %s %s\n", d->v[i].line, d->v[i].col, d->v[i].rule,
			d->v[i].msg);
}

/* text has exactly one error, of rule id, and no other finding. */
static const struct diag *only(const char *text, size_t len, const char *id, struct diag_list *d)
{
	check(text, len, d);
	if (d->n != 1 || strcmp(d->v[0].rule, id))
		dump(d);
	cr_assert_eq(d->n, 1, "%zu findings, not one %s", d->n, id);
	cr_assert_str_eq(d->v[0].rule, id);
	cr_assert_eq(d->v[0].sev, DIAG_ERROR);
	return &d->v[0];
}

Test(kmehr, schema_version_and_a_good_message)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = good();

	cr_assert_str_eq(kmehr_schema_version(schema), "1.32");
	check(m, strlen(m), &d);
	if (d.n)
		dump(&d);
	cr_assert_eq(d.n, 0);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, missing_schemas_say_where_to_get_them)
{
	struct cot_err err = COT_ERR_INIT;
	struct kmehr_schema *s = (struct kmehr_schema *)1;

	cr_assert_eq(kmehr_schema_load("/nonexistent-cot", &s, &err), COT_USAGE);
	cr_assert_null(s);
	cr_assert(strstr(err.msg, "/nonexistent-cot"), "%s", err.msg);
	cr_assert(strstr(err.msg, "https://www.ehealth.fgov.be/standards/kmehr/"), "%s", err.msg);
}

Test(kmehr, a_schema_that_does_not_compile_is_usage)
{
	struct cot_err err = COT_ERR_INIT;
	struct kmehr_schema *s = NULL;
	char dir[] = "/tmp/cot-kmehr-XXXXXX", path[64];
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kmehr-1_32.xsd", dir);
	f = fopen(path, "w");
	cr_assert(f);
	/* an import from the network: refused, never fetched */
	fputs("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><xsd:import "
	      "namespace=\"urn:x\" schemaLocation=\"http://127.0.0.1:9/x.xsd\"/><xsd:element "
	      "name=\"a\" type=\"nope\"/></xsd:schema>",
		f);
	fclose(f);
	cr_assert_eq(kmehr_schema_load(dir, &s, &err), COT_USAGE);
	cr_assert_null(s);
	cr_assert(strstr(err.msg, path), "%s", err.msg);
	unlink(path);
	rmdir(dir);
}

/* While the schema compiles, only .xsd files under the folder given are read. */
Test(kmehr, the_schema_reads_nothing_outside_its_folder)
{
	struct cot_err err = COT_ERR_INIT;
	struct kmehr_schema *s = NULL;
	char top[] = "/tmp/cot-kmehr-XXXXXX", dir[64], in[96], out[96];
	FILE *f;

	cr_assert(mkdtemp(top));
	snprintf(dir, sizeof(dir), "%s/xsd", top);
	snprintf(in, sizeof(in), "%s/kmehr-1_32.xsd", dir);
	snprintf(out, sizeof(out), "%s/outside.xsd", top);
	cr_assert_eq(mkdir(dir, 0700), 0);
	f = fopen(out, "w");
	cr_assert(f);
	fputs("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
	      "targetNamespace=\"urn:o\">"
	      "<xsd:simpleType name=\"t\"><xsd:restriction base=\"xsd:string\"/></xsd:simpleType>"
	      "</xsd:schema>",
		f);
	fclose(f);
	f = fopen(in, "w");
	cr_assert(f);
	fputs("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:o=\"urn:o\">"
	      "<xsd:import namespace=\"urn:o\" schemaLocation=\"../outside.xsd\"/>"
	      "<xsd:element name=\"a\" type=\"o:t\"/></xsd:schema>",
		f);
	fclose(f);
	cr_assert_eq(kmehr_schema_load(dir, &s, &err), COT_USAGE, "the import outside was read");
	cr_assert_null(s);
	/* the same import inside the folder compiles: the refusal was the loader's */
	snprintf(out, sizeof(out), "%s/outside.xsd", dir);
	f = fopen(out, "w");
	cr_assert(f);
	fputs("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
	      "targetNamespace=\"urn:o\">"
	      "<xsd:simpleType name=\"t\"><xsd:restriction base=\"xsd:string\"/></xsd:simpleType>"
	      "</xsd:schema>",
		f);
	fclose(f);
	f = fopen(in, "w");
	cr_assert(f);
	fputs("<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:o=\"urn:o\">"
	      "<xsd:import namespace=\"urn:o\" schemaLocation=\"outside.xsd\"/>"
	      "<xsd:element name=\"a\" type=\"o:t\"/></xsd:schema>",
		f);
	fclose(f);
	cr_assert_eq(kmehr_schema_load(dir, &s, &err), COT_OK, "%s", err.msg);
	kmehr_schema_free(s);
	unlink(in);
	unlink(out);
	snprintf(out, sizeof(out), "%s/outside.xsd", top);
	unlink(out);
	rmdir(dir);
	rmdir(top);
}

/* A schema file with a DTD is refused before libxml2 (which reads schemas with NOENT) sees it. */
Test(kmehr, a_schema_with_entities_is_refused)
{
	struct cot_err err = COT_ERR_INIT;
	struct kmehr_schema *s = NULL;
	char dir[] = "/tmp/cot-kmehr-XXXXXX", path[64];
	FILE *f;
	clock_t t0 = clock();

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/kmehr-1_32.xsd", dir);
	f = fopen(path, "w");
	cr_assert(f);
	fputs("<?xml version=\"1.0\"?>\n<!-- a comment --><!DOCTYPE s [<!ENTITY a \"aaaaaaaaaa\">"
	      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;"
	      "&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
	      "<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\"><xsd:element name=\"a\" "
	      "type=\"xsd:string\" default=\"&d;&d;&d;&d;\"/></xsd:schema>",
		f);
	fclose(f);
	cr_assert_eq(kmehr_schema_load(dir, &s, &err), COT_USAGE);
	cr_assert_null(s);
	cr_assert_lt(clock() - t0, CLOCKS_PER_SEC);
	unlink(path);
	rmdir(dir);
}

Test(kmehr, wrong_transaction)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20200901", "application", "85073003300", "contactreport", "");

	cr_assert_eq(only(m, strlen(m), "kmehr-transaction", &d)->line, 9);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, older_standard)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20161201", "application", "85073003300", "belrai-report", "");
	const struct diag *x = only(m, strlen(m), "kmehr-standard", &d);

	cr_assert_eq(x->line, 3);
	cr_assert(strstr(x->msg, "20200901") && strstr(x->msg, "1.32"), "%s", x->msg);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, sender_not_the_software)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20200901", "persnurse", "85073003300", "belrai-report", "");

	cr_assert_eq(only(m, strlen(m), "kmehr-sender", &d)->line, 5);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, real_ssin_before_and_after_2000)
{
	const char *real[] = {"85073003328", "01010100126", "85.07.30-033.28"};

	for (size_t i = 0; i < 3; i++) {
		struct diag_list d = DIAG_LIST_INIT;
		char *m = message("20200901", "application", real[i], "belrai-report", "");
		const struct diag *x = only(m, strlen(m), "kmehr-real-ssin", &d);

		cr_assert_eq(x->line, 8);
		/* the number itself is not repeated in full: a report is no place for it */
		cr_assert_null(strstr(x->msg, "03328"), "%s", x->msg);
		free(m);
		diag_list_release(&d);
	}
}

Test(kmehr, real_ssin_in_free_text_and_attributes)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20200901", "application", "85073003300", "belrai-report",
		"<item><id S=\"ID-KMEHR\" SV=\"1.0\">1</id><cd S=\"CD-ITEM\" "
		"SV=\"1.13\">belrai</cd>"
		"<content><text L=\"nl\">rijksregister 85073003328; ref 123456789012</text>"
		"</content></item>");

	only(m, strlen(m), "kmehr-real-ssin", &d);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, schema_errors_are_located)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20200901", "application", "85073003300", "belrai-report", "<bogus/>");
	const struct diag *x;

	check(m, strlen(m), &d);
	x = rule(&d, "kmehr-schema");
	cr_assert(x);
	cr_assert_eq(x->line, 10);
	cr_assert(strstr(x->msg, "bogus"), "%s", x->msg);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, without_a_schema_the_rules_still_run)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *m = message("20200901", "application", "85073003328", "belrai-report", "<bogus/>");

	cr_assert_eq(
		kmehr_check_mem(NULL, "m.xml", (unsigned char *)m, strlen(m), &d, &err), COT_OK);
	cr_assert_eq(d.n, 1);
	cr_assert_str_eq(d.v[0].rule, "kmehr-real-ssin");
	free(m);
	diag_list_release(&d);
}

Test(kmehr, wrong_namespace_and_root)
{
	struct diag_list d = DIAG_LIST_INIT;
	const char *ns = "<kmehrmessage xmlns=\"urn:other\"><header/></kmehrmessage>";
	const char *root =
		"<message xmlns=\"http://www.ehealth.fgov.be/standards/kmehr/schema/v1\"/>";

	cr_assert_eq(only(ns, strlen(ns), "kmehr-namespace", &d)->line, 1);
	diag_list_release(&d);
	only(root, strlen(root), "kmehr-root", &d);
	diag_list_release(&d);
}

Test(kmehr, not_well_formed_is_located)
{
	struct diag_list d = DIAG_LIST_INIT;
	const char *s = "<a>\n  <b></c>\n</a>";
	const struct diag *x = only(s, strlen(s), "kmehr-not-well-formed", &d);

	cr_assert_eq(x->line, 2);
	cr_assert_gt(x->col, 1);
	diag_list_release(&d);
	only("", 0, "kmehr-not-well-formed", &d);
	diag_list_release(&d);
}

Test(kmehr, invalid_utf8)
{
	struct diag_list d = DIAG_LIST_INIT;
	char *m = message("20200901", "application", "85073003300", "belrai-report", "");
	char *p = strstr(m, "Voorbeeld");

	p[1] = (char)0xff;
	p[2] = (char)0xfe;
	only(m, strlen(m), "kmehr-not-well-formed", &d);
	free(m);
	diag_list_release(&d);
}

Test(kmehr, external_entity_is_never_read)
{
	struct diag_list d = DIAG_LIST_INIT;
	const char *s =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE kmehrmessage [<!ENTITY x SYSTEM "
		"\"file:///etc/passwd\">]>\n<kmehrmessage xmlns=\"http://www.ehealth.fgov.be/"
		"standards/kmehr/schema/v1\">&x;</kmehrmessage>";
	const struct diag *x = only(s, strlen(s), "kmehr-dtd", &d);

	cr_assert_null(strstr(x->msg, "root:"), "%s", x->msg);
	diag_list_release(&d);
}

Test(kmehr, billion_laughs)
{
	struct diag_list d = DIAG_LIST_INIT;
	char s[4096] = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
	clock_t t0 = clock();

	for (int i = 1; i < 10; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s),
			"<!ENTITY lol%d \"&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;"
			"&lol%s;&lol%s;\">",
			i, "", "", "", "", "", "", "", "", "", "");
	strcat(s, "]><lolz>&lol9;</lolz>");
	only(s, strlen(s), "kmehr-dtd", &d);
	cr_assert_lt(clock() - t0, CLOCKS_PER_SEC);
	diag_list_release(&d);
}

Test(kmehr, hundred_thousand_attributes)
{
	struct diag_list d = DIAG_LIST_INIT;
	size_t n = 100000, cap = n * 16 + 64, len = 0;
	char *s = malloc(cap);
	clock_t t0 = clock();

	len += (size_t)snprintf(s, cap, "<kmehrmessage");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, " a%zu=\"1\"", i);
	len += (size_t)snprintf(s + len, cap - len, "/>");
	only(s, len, "kmehr-limits", &d);
	cr_assert_lt(clock() - t0, CLOCKS_PER_SEC);
	free(s);
	diag_list_release(&d);
}

Test(kmehr, deep_nesting_up_to_the_size_limit)
{
	struct diag_list d = DIAG_LIST_INIT;
	size_t len = KMEHR_MAX;
	char *s = malloc(len);
	clock_t t0 = clock();

	for (size_t i = 0; i + 3 <= len; i += 3)
		memcpy(s + i, "<a>", 3);
	len -= len % 3;
	only(s, len, "kmehr-limits", &d);
	cr_assert_lt(clock() - t0, 5 * CLOCKS_PER_SEC);
	diag_list_release(&d);
	only(s, KMEHR_MAX + 1, "kmehr-size", &d);
	free(s);
	diag_list_release(&d);
}

Test(kmehr, files_that_are_not_regular)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char dir[] = "/tmp/cot-kmehr-XXXXXX", fifo[64];

	cr_assert(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	cr_assert_eq(kmehr_check_file(schema, fifo, &d, &err), COT_OK);
	cr_assert_eq(kmehr_check_file(schema, dir, &d, &err), COT_OK);
	cr_assert_eq(kmehr_check_file(schema, "/nonexistent-cot/m.xml", &d, &err), COT_OK);
	cr_assert_eq(d.n, 3);
	for (size_t i = 0; i < 3; i++)
		cr_assert_str_eq(d.v[i].rule, "kmehr-unreadable");
	unlink(fifo);
	rmdir(dir);
	diag_list_release(&d);
}
