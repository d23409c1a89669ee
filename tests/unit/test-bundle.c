/* Unit tests of bundle: the documents of a route, what may go in, submission.xml and its schema. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cot/bundle.h"
#include "cot/fsutil.h"
#include "cot/procedure.h"
#include "helpers.h"

static void sample(struct submission *s)
{
	submission_init(s);
	s->name = strdup("WZC Zonneweide & <Co>");
	strcpy(s->kbo, "0566988259");
	strcpy(s->nihii, "71089815");
	s->kind = KIND_ORGANISATION;
	s->route = ROUTE_DIRECT;
	s->has_checklist = true;
	s->set_id = strdup("belrai-security");
	s->set_version = strdup("1.0");
	s->ready = true;
	s->applicable = 87;
	s->compliant = 80;
	s->not_applicable = 7;
	s->warnings = 2;
	s->docs[0] = (struct submission_doc){ROLE_BELRAI_CONTRACT, "documents/belrai-contract.pdf"};
	s->docs[1] =
		(struct submission_doc){ROLE_PROOF_OF_MANDATE, "documents/proof-of-mandate.pdf"};
	s->ndocs = 2;
	s->is_signed = true;
	s->tool_version = strdup("0.1.0");
	strcpy(s->created, "2026-11-22T10:00:00Z");
}

Test(submission, renders_validates_and_reads_back)
{
	struct submission s, back;
	struct cot_err err = COT_ERR_INIT;
	size_t len;
	char *xml;

	sample(&s);
	xml = submission_render(&s, &len);
	cr_assert_not_null(xml);
	cr_assert_not_null(strstr(xml, "WZC Zonneweide &amp; &lt;Co&gt;"), "escaped");
	cr_assert_eq(submission_parse(xml, len, &back, &err), COT_OK, "%s\n%s", err.msg, xml);
	cr_assert_str_eq(back.name, s.name);
	cr_assert_str_eq(back.kbo, "0566988259");
	cr_assert_str_eq(back.nihii, "71089815");
	cr_assert_eq(back.route, ROUTE_DIRECT);
	cr_assert(back.has_checklist && back.ready && back.is_signed);
	cr_assert_eq(back.applicable, 87);
	cr_assert_eq(back.not_applicable, 7);
	cr_assert_eq(back.warnings, 2);
	cr_assert_str_eq(back.set_version, "1.0");
	cr_assert_eq(back.ndocs, 2);
	cr_assert_eq(back.docs[1].role, ROLE_PROOF_OF_MANDATE);
	cr_assert_str_eq(back.docs[1].entry, "documents/proof-of-mandate.pdf");
	cr_assert_str_eq(back.created, "2026-11-22T10:00:00Z");
	submission_release(&back);
	free(xml);
	/* vitalink: no checklist, no NIHII, unsigned */
	s.route = ROUTE_VITALINK;
	s.has_checklist = false;
	s.nihii[0] = '\0';
	s.is_signed = false;
	xml = submission_render(&s, &len);
	cr_assert_eq(submission_parse(xml, len, &back, &err), COT_OK, "%s", err.msg);
	cr_assert_not(back.has_checklist || back.is_signed);
	cr_assert_str_eq(back.nihii, "");
	cr_assert_not_null(strstr(xml, "UNSIGNED"));
	submission_release(&back);
	free(xml);
	submission_release(&s);
}

static int parse_edited(const char *from, const char *to, struct cot_err *err)
{
	struct submission s, back;
	size_t len;
	char *xml, *hit, *edited;
	int rc;

	sample(&s);
	xml = submission_render(&s, &len);
	hit = strstr(xml, from);
	cr_assert_not_null(hit, "'%s' not in the rendered XML", from);
	edited = malloc(len + strlen(to) + 1);
	memcpy(edited, xml, (size_t)(hit - xml));
	strcpy(edited + (hit - xml), to);
	strcat(edited, hit + strlen(from));
	rc = submission_parse(edited, strlen(edited), &back, err);
	if (!rc)
		submission_release(&back);
	free(edited);
	free(xml);
	submission_release(&s);
	return rc;
}

Test(submission, refused)
{
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(parse_edited("0566988259", "0566988258", &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "KBO number"), "%s", err.msg);
	cr_assert_eq(parse_edited("71089815", "71089816", &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "NIHII"), "%s", err.msg);
	cr_assert_eq(
		parse_edited("<route>direct</route>", "<route>sideways</route>", &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "schema"), "%s", err.msg);
	cr_assert_eq(parse_edited("<kind>organisation</kind>", "", &err), COT_USAGE);
	cr_assert_eq(parse_edited("role=\"belrai-contract\"", "role=\"evil\"", &err), COT_USAGE);
	cr_assert_eq(parse_edited("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
			     "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x \"y\">]>", &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "document type declaration"));
	cr_assert_eq(parse_edited("</submission>", "", &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "well-formed"));
	cr_assert_eq(parse_edited("urn:x-cot:submission:1", "urn:other", &err), COT_USAGE);
}

/* An element of 5,000 attributes is refused before libxml2 compares them pairwise. */
Test(submission, bounded_before_parsing)
{
	struct cot_err err = COT_ERR_INIT;
	struct submission s;
	struct buf b = BUF_INIT;

	buf_adds(&b, "<?xml version=\"1.0\"?>\n<submission xmlns=\"urn:x-cot:submission:1\"");
	for (int i = 0; i < 5000; i++)
		buf_addf(&b, " a%d=\"\"", i);
	buf_adds(&b, "/>\n");
	cr_assert_eq(submission_parse(b.data, b.len, &s, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "attributes"), "%s", err.msg);
	buf_release(&b);
	for (int i = 0; i < 40; i++)
		buf_adds(&b, "<a>");
	cr_assert_eq(submission_parse(b.data, b.len, &s, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "nest"), "%s", err.msg);
	buf_release(&b);
}

Test(bundle, roles)
{
	cr_assert(bundle_role_needed(ROLE_BELRAI_CONTRACT, ROUTE_VITALINK));
	cr_assert(bundle_role_needed(ROLE_BELRAI_CONTRACT, ROUTE_DIRECT));
	cr_assert(bundle_role_needed(ROLE_VITALINK_CONTRACT, ROUTE_VITALINK));
	cr_assert_not(bundle_role_needed(ROLE_VITALINK_CONTRACT, ROUTE_DIRECT));
	cr_assert(bundle_role_needed(ROLE_PROOF_OF_MANDATE, ROUTE_DIRECT));
	cr_assert_not(bundle_role_needed(ROLE_PROOF_OF_MANDATE, ROUTE_VITALINK));
	cr_assert_eq(bundle_role_find("proof-of-mandate"), ROLE_PROOF_OF_MANDATE);
	cr_assert_eq(bundle_role_find("nothing"), ROLE_COUNT);
	for (int r = 0; r < ROLE_COUNT; r++)
		cr_assert_geq(step_index(ROUTE_VITALINK, bundle_role(r)->step) +
				      step_index(ROUTE_DIRECT, bundle_role(r)->step),
			0, "each role's step exists");
}

static int check_bytes(
	const char *name, const char *path, const void *data, size_t len, struct cot_err *err)
{
	struct asice_item it = {
		.name = name, .path = path, .mime = "application/pdf", .done = true};

	sniff_buffer(&it.sniff, data, len);
	return bundle_check_item(&it, NULL, err);
}

Test(bundle, what_may_go_in)
{
	struct cot_err err = COT_ERR_INIT;
	static const char pdf[] = "%PDF-1.4\ntrailer << /Root 1 0 R >>\n";
	static const char enc[] = "%PDF-1.4\ntrailer << /Root 1 0 R /Encrypt 2 0 R >>\n";
	static const char key[] = "%PDF-1.4\n-----BEGIN PRIVATE KEY-----\nMII\n";

	cr_assert_eq(check_bytes("documents/a.pdf", NULL, pdf, sizeof(pdf) - 1, &err), COT_OK);
	cr_assert_eq(check_bytes("documents/a.pdf", NULL, "text", 4, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "is not a PDF"));
	cr_assert_eq(check_bytes("documents/a.pdf", NULL, enc, sizeof(enc) - 1, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "encrypted PDF"));
	cr_assert_eq(check_bytes("documents/a.pdf", "/home/x/ks.p12", pdf, sizeof(pdf) - 1, &err),
		COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "'/home/x/ks.p12'"), "names the source file");
	cr_assert_eq(check_bytes("documents/a.pdf", NULL, key, sizeof(key) - 1, &err), COT_USAGE);
	cr_assert_not_null(strstr(err.msg, "never goes into a bundle"));
}

/* Before a file is read (done false) only what its first bytes say counts. */
Test(bundle, the_first_bytes_alone)
{
	static const char enc[] = "%PDF-1.4\ntrailer << /Root 1 0 R /Encrypt 2 0 R >>\n";
	struct asice_item head = {.name = "documents/a.pdf", .mime = "application/pdf"};
	struct cot_err err = COT_ERR_INIT;

	sniff_buffer(&head.sniff, enc, sizeof(enc) - 1);
	cr_assert_eq(bundle_check_item(&head, NULL, &err), COT_OK, "encryption: at the end");
	sniff_buffer(&head.sniff, "text", 4);
	cr_assert_eq(bundle_check_item(&head, NULL, &err), COT_USAGE, "not a PDF: at once");
}

/* A project on disk: cot.yaml and .cot/, written by hand. */
static char *project(struct project *p, const char *route)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *f, text[256];

	snprintf(text, sizeof(text),
		"format: cot.project/1\norganisation:\n  name: T\n  kbo: "
		"\"0403019261\"\n  route: %s\n",
		route);
	f = test_path(dir, "cot.yaml");
	test_write(f, text);
	free(f);
	f = test_path(dir, ".cot");
	cr_assert_eq(fs_mkdir(f, 0700, &err), COT_OK);
	free(f);
	f = test_path(dir, "documents");
	cr_assert_eq(fs_mkdir(f, 0755, &err), COT_OK);
	free(f);
	cr_assert_eq(project_open(dir, p, &d, &err), COT_OK, "%s", err.msg);
	diag_list_release(&d);
	return dir;
}

static void put(const char *dir, const char *name)
{
	char *f = test_path(dir, name);

	test_write(f, "%PDF-1.4\n");
	free(f);
}

Test(bundle, finds_the_documents)
{
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct bundle_docs docs;
	struct cot_err err = COT_ERR_INIT;
	char *dir = project(&p, "vitalink"), *scan, hex[65];
	json_t *data;

	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(bundle_find_docs(&p, &j, &docs, &err), COT_OK);
	cr_assert_not(docs.doc[ROLE_BELRAI_CONTRACT].present);
	cr_assert_not_null(strstr(docs.missing, "documents/belrai-contract.pdf"));
	cr_assert_not_null(strstr(docs.missing, "cot done vitalink-contract-received --file FILE"));
	cr_assert_null(strstr(docs.missing, "mandate"), "route vitalink needs no proof of mandate");
	bundle_docs_release(&docs);
	journal_release(&j);

	put(dir, "documents/belrai-contract.pdf");
	put(dir, "documents/vitalink-contract.pdf");
	put(dir, "documents/scan-42.pdf");
	scan = test_path(dir, "documents/scan-42.pdf");
	fs_sha256(scan, hex, &err);
	procedure_record(&p, "cert-requested", "2026-01-01", NULL, &err);
	procedure_record(&p, "cert-received", "2026-01-02", NULL, &err);
	procedure_record(&p, "vitalink-requested", "2026-01-03", NULL, &err);
	data = json_pack("{s:s, s:s}", "file", "documents/scan-42.pdf", "sha256", hex);
	cr_assert_eq(procedure_record(&p, "vitalink-contract-received", "2026-01-04", data, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(bundle_find_docs(&p, &j, &docs, &err), COT_OK);
	cr_assert_str_eq(docs.missing, "");
	cr_assert_str_eq(docs.doc[ROLE_VITALINK_CONTRACT].rel, "documents/scan-42.pdf",
		"the step's --file wins");
	cr_assert(docs.doc[ROLE_VITALINK_CONTRACT].from_journal);
	cr_assert_not(docs.doc[ROLE_VITALINK_CONTRACT].changed);
	cr_assert_str_eq(docs.doc[ROLE_BELRAI_CONTRACT].rel, "documents/belrai-contract.pdf");
	bundle_docs_release(&docs);
	journal_release(&j);
	test_write(scan, "%PDF-1.4 changed\n");
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(bundle_find_docs(&p, &j, &docs, &err), COT_OK);
	cr_assert(docs.doc[ROLE_VITALINK_CONTRACT].changed, "changed since it was recorded");
	bundle_docs_release(&docs);
	journal_release(&j);
	unlink(scan);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(bundle_find_docs(&p, &j, &docs, &err), COT_OK);
	cr_assert_str_eq(docs.doc[ROLE_VITALINK_CONTRACT].rel, "documents/vitalink-contract.pdf",
		"a recorded file that is gone falls back to the conventional name");
	bundle_docs_release(&docs);
	journal_release(&j);
	free(scan);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(bundle, builds_an_unsigned_container_and_records_it)
{
	struct project p = PROJECT_INIT;
	struct bundle_opts o = {.time = 1795300000};
	struct bundle_result r;
	struct diag_list d = DIAG_LIST_INIT;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *dir = project(&p, "vitalink"), hex[65];
	const struct jrec *last;

	cr_assert_eq(bundle_build(&p, &o, &r, &d, &err), COT_FINDINGS, "documents missing");
	bundle_result_release(&r);
	put(dir, "documents/belrai-contract.pdf");
	put(dir, "documents/vitalink-contract.pdf");
	cr_assert_eq(bundle_build(&p, &o, &r, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_str_eq(r.rel, "out/0403019261-2026-11-21-UNSIGNED.asice");
	fs_sha256(r.path, hex, &err);
	cr_assert_str_eq(r.sha256, hex);
	cr_assert_eq(r.entries, 5);
	cr_assert_not(r.sub.is_signed);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	last = bundle_last(&j);
	cr_assert_not_null(last);
	cr_assert_str_eq(
		json_string_value(json_object_get(json_object_get(last->obj, "data"), "sha256")),
		hex);
	cr_assert(json_is_false(json_object_get(json_object_get(last->obj, "data"), "signed")));
	journal_release(&j);
	bundle_result_release(&r);
	diag_list_release(&d);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}
