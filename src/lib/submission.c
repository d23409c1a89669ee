/* submission.xml: written with libxml2's writer, read back only after its schema accepts it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/asice.h"
#include "cot/bundle.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/mem.h"
#include "cot/xml-load.h"
/* The schema is longer than the 4095 characters C99 promises in a string literal; gcc and clang
 * take it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "submission-xsd.h"
#pragma GCC diagnostic pop

/* The documents of a submission, as submission.xml names them (bundle.h). */
#define BIT(r) (1u << (r))

static const struct bundle_role_def roles[ROLE_COUNT] = {
	{"belrai-contract", N_("the BelRAI contract signed by the organisation"),
		"documents/belrai-contract.pdf", "documents/belrai-contract.pdf", "contract-signed",
		BIT(ROUTE_VITALINK) | BIT(ROUTE_DIRECT)},
	{"vitalink-contract", N_("the Vitalink contract"), "documents/vitalink-contract.pdf",
		"documents/vitalink-contract.pdf", "vitalink-contract-received",
		BIT(ROUTE_VITALINK)},
	{"proof-of-mandate", N_("the proof of mandate (e.g. a Belgian Official Gazette extract)"),
		"documents/proof-of-mandate.pdf", "documents/proof-of-mandate.pdf", "registered",
		BIT(ROUTE_DIRECT)},
};

const struct bundle_role_def *bundle_role(enum bundle_role r)
{
	return &roles[r];
}

enum bundle_role bundle_role_find(const char *id)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (strcmp(roles[i].id, id) == 0)
			return (enum bundle_role)i;
	return ROLE_COUNT;
}

bool bundle_role_needed(enum bundle_role r, enum route route)
{
	return roles[r].routes & BIT(route);
}

void submission_init(struct submission *s)
{
	memset(s, 0, sizeof(*s));
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void submission_release(struct submission *s)
{
	free(s->product);
	free(s->product_version);
	free_list(s->samples, s->nsamples);
	free_list(s->screenshots, s->nscreenshots);
	free(s->name);
	free(s->set_id);
	free(s->set_version);
	free(s->tool_version);
	submission_init(s);
}

int submission_add_file(
	struct submission *s, bool screenshot, const char *entry, struct cot_err *err)
{
	char ***v = screenshot ? &s->screenshots : &s->samples;
	size_t *n = screenshot ? &s->nscreenshots : &s->nsamples;
	char **grown;

	if (*n >= BUNDLE_MAX_FILES)
		return cot_err_set(err, COT_USAGE, _("more than %d files in '%s'"),
			BUNDLE_MAX_FILES, screenshot ? BUNDLE_SCREENSHOTS : BUNDLE_SAMPLES);
	grown = realloc(*v, (*n + 1) * sizeof(**v));
	if (!grown)
		return cot_err_nomem(err);
	*v = grown;
	if (!(grown[*n] = strdup(entry)))
		return cot_err_nomem(err);
	(*n)++;
	return COT_OK;
}

/* ---- writing ---------------------------------------------------------------- */

static void el(xmlTextWriterPtr x, const char *name, const char *text)
{
	xml_api.text_writer_write_element(x, BAD_CAST name, BAD_CAST text);
}

static void attr_uint(xmlTextWriterPtr x, const char *name, unsigned v)
{
	xml_api.text_writer_write_format_attribute(x, BAD_CAST name, "%u", v);
}

static void write_checklist(xmlTextWriterPtr x, const struct submission *s)
{
	xml_api.text_writer_start_element(x, BAD_CAST "checklist");
	xml_api.text_writer_start_element(x, BAD_CAST "requirements");
	xml_api.text_writer_write_attribute(x, BAD_CAST "id", BAD_CAST s->set_id);
	xml_api.text_writer_write_attribute(x, BAD_CAST "version", BAD_CAST s->set_version);
	xml_api.text_writer_write_string(x, BAD_CAST BUNDLE_REQUIREMENTS);
	xml_api.text_writer_end_element(x);
	el(x, "answers", BUNDLE_ANSWERS);
	el(x, "report", BUNDLE_REPORT);
	xml_api.text_writer_start_element(x, BAD_CAST "readiness");
	xml_api.text_writer_write_attribute(
		x, BAD_CAST "ready", BAD_CAST(s->ready ? "true" : "false"));
	attr_uint(x, "applicable", s->applicable);
	attr_uint(x, "compliant", s->compliant);
	attr_uint(x, "not-applicable", s->not_applicable);
	attr_uint(x, "waived", s->waived);
	attr_uint(x, "not-compliant", s->not_compliant);
	attr_uint(x, "open", s->open);
	attr_uint(x, "errors", s->errors);
	attr_uint(x, "warnings", s->warnings);
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_end_element(x);
}

static void write_list(
	xmlTextWriterPtr x, const char *outer, const char *inner, char *const *v, size_t n)
{
	if (!n)
		return;
	xml_api.text_writer_start_element(x, BAD_CAST outer);
	for (size_t i = 0; i < n; i++)
		el(x, inner, v[i]);
	xml_api.text_writer_end_element(x);
}

static void write_body(xmlTextWriterPtr x, const struct submission *s)
{
	xml_api.text_writer_start_element(x, BAD_CAST "organisation");
	el(x, "name", s->name);
	el(x, "kbo", s->kbo);
	if (s->nihii[0])
		el(x, "nihii", s->nihii);
	el(x, "kind", kind_name(s->kind));
	xml_api.text_writer_end_element(x);
	if (s->product) {
		xml_api.text_writer_start_element(x, BAD_CAST "product");
		el(x, "name", s->product);
		el(x, "version", s->product_version ? s->product_version : "");
		xml_api.text_writer_end_element(x);
	}
	el(x, "route", route_name(s->route));
	if (s->has_checklist)
		write_checklist(x, s);
	xml_api.text_writer_start_element(x, BAD_CAST "documents");
	for (size_t i = 0; i < s->ndocs; i++) {
		xml_api.text_writer_start_element(x, BAD_CAST "document");
		xml_api.text_writer_write_attribute(
			x, BAD_CAST "role", BAD_CAST bundle_role(s->docs[i].role)->id);
		xml_api.text_writer_write_string(x, BAD_CAST s->docs[i].entry);
		xml_api.text_writer_end_element(x);
	}
	xml_api.text_writer_end_element(x);
	write_list(x, "samples", "sample", s->samples, s->nsamples);
	write_list(x, "screenshots", "screenshot", s->screenshots, s->nscreenshots);
	xml_api.text_writer_start_element(x, BAD_CAST "signature");
	xml_api.text_writer_write_attribute(
		x, BAD_CAST "signed", BAD_CAST(s->is_signed ? "true" : "false"));
	xml_api.text_writer_write_string(
		x, BAD_CAST(s->is_signed ? "signed by the organisation in META-INF/signature001.p7s"
					 : "UNSIGNED: built with 'cot bundle --unsigned' for "
					   "review; this is not a submission"));
	xml_api.text_writer_end_element(x);
	xml_api.text_writer_start_element(x, BAD_CAST "tool");
	xml_api.text_writer_write_attribute(x, BAD_CAST "name", BAD_CAST "cot");
	xml_api.text_writer_write_attribute(x, BAD_CAST "version", BAD_CAST s->tool_version);
	xml_api.text_writer_end_element(x);
	el(x, "created", s->created);
}

char *submission_render(const struct submission *s, size_t *len)
{
	xmlBufferPtr buf;
	xmlTextWriterPtr x;
	char *out = NULL;
	int rc;

	if (xml_load(NULL))
		return NULL;
	buf = xml_api.buffer_create();
	x = buf ? xml_api.new_text_writer_memory(buf, 0) : NULL;
	if (!x) {
		xml_api.buffer_free(buf);
		return NULL;
	}
	xml_api.text_writer_set_indent(x, 1);
	xml_api.text_writer_set_indent_string(x, BAD_CAST "  ");
	xml_api.text_writer_start_document(x, "1.0", "UTF-8", NULL);
	xml_api.text_writer_start_element(x, BAD_CAST "submission");
	xml_api.text_writer_write_attribute(x, BAD_CAST "xmlns", BAD_CAST BUNDLE_NS);
	xml_api.text_writer_write_attribute(x, BAD_CAST "format", BAD_CAST BUNDLE_FORMAT);
	write_body(x, s);
	rc = xml_api.text_writer_end_document(x);
	xml_api.free_text_writer(x);
	if (rc >= 0 && (out = malloc((size_t)xml_api.buffer_length(buf) + 1))) {
		*len = (size_t)xml_api.buffer_length(buf);
		memcpy(out, xml_api.buffer_content(buf), *len);
		out[*len] = '\0';
	}
	xml_api.buffer_free(buf);
	return out;
}

/* ---- reading ------------------------------------------------------------------ */

static void keep_first(void *arg, xmlErrorPtr e)
{
	struct cot_err *err = arg;
	size_t k;

	if (err->code)
		return;
	cot_err_set(err, COT_USAGE, _("it does not follow its schema: line %d: %s"), e->line,
		e->message ? e->message : "invalid");
	k = strlen(err->msg);
	while (k && (err->msg[k - 1] == '\n' || err->msg[k - 1] == ' '))
		err->msg[--k] = '\0';
}

static void ignore(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

int submission_xml_init(struct cot_err *err)
{
	int rc = xml_load(err);

	if (rc)
		return rc;
	xml_api.init_parser();
	xml_api.schema_init_types();
	return COT_OK;
}

/* Validates doc against the compiled-in schema; COT_USAGE with the first complaint. */
static int validate(xmlDoc *doc, struct cot_err *err)
{
	xmlSchemaParserCtxtPtr pc =
		xml_api.schema_new_mem_parser_ctxt(submission_xsd, (int)sizeof(submission_xsd) - 1);
	xmlSchemaPtr schema = NULL;
	xmlSchemaValidCtxtPtr vc = NULL;
	int rc;

	if (pc) {
		xml_api.schema_set_parser_structured_errors(pc, ignore, NULL);
		mem_in_schema_compile++;
		schema = xml_api.schema_parse(pc);
		mem_in_schema_compile--;
	}
	if (schema)
		vc = xml_api.schema_new_valid_ctxt(schema);
	if (!vc) {
		rc = cot_err_set(err, COT_ENV, _("the submission schema cannot be loaded"));
		goto out;
	}
	err->code = 0;
	xml_api.schema_set_valid_structured_errors(vc, keep_first, err);
	rc = xml_api.schema_validate_doc(vc, doc);
	if (rc != 0 && !err->code)
		cot_err_set(err, COT_USAGE, _("it does not follow its schema"));
	rc = rc ? COT_USAGE : COT_OK;
out:
	xml_api.schema_free_valid_ctxt(vc);
	xml_api.schema_free(schema);
	xml_api.schema_free_parser_ctxt(pc);
	return rc;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The text of n's child name, a new string ("" when absent). */
static char *text_of(const xmlNode *n, const char *name)
{
	const xmlNode *c = child(n, name);

	return c ? xml_text(c) : xstrdup("");
}

static unsigned uattr(const xmlNode *n, const char *name)
{
	char *v = xml_attr(n, name);
	unsigned long u = v ? strtoul(v, NULL, 10) : 0;

	free(v);
	return u > 1000000 ? 1000000 : (unsigned)u;
}

static bool battr(const xmlNode *n, const char *name)
{
	char *v = xml_attr(n, name);
	bool b = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);

	free(v);
	return b;
}

static char *sattr(const xmlNode *n, const char *name)
{
	char *v = xml_attr(n, name);

	return v ? v : xstrdup("");
}

static void read_checklist(const xmlNode *c, struct submission *s)
{
	const xmlNode *r = child(c, "requirements"), *ready = child(c, "readiness");

	s->has_checklist = true;
	s->set_id = sattr(r, "id");
	s->set_version = sattr(r, "version");
	s->ready = battr(ready, "ready");
	s->applicable = uattr(ready, "applicable");
	s->compliant = uattr(ready, "compliant");
	s->not_applicable = uattr(ready, "not-applicable");
	s->waived = uattr(ready, "waived");
	s->not_compliant = uattr(ready, "not-compliant");
	s->open = uattr(ready, "open");
	s->errors = uattr(ready, "errors");
	s->warnings = uattr(ready, "warnings");
}

static int read_documents(const xmlNode *docs, struct submission *s, struct cot_err *err)
{
	for (const xmlNode *c = docs ? docs->children : NULL; c; c = c->next) {
		char *t;
		char *role;
		enum bundle_role r;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		role = sattr(c, "role");
		r = bundle_role_find(role);
		free(role);
		if (r == ROLE_COUNT || s->ndocs == ROLE_COUNT)
			return cot_err_set(
				err, COT_USAGE, _("it lists a document twice or of no known role"));
		for (size_t i = 0; i < s->ndocs; i++)
			if (s->docs[i].role == r)
				return cot_err_set(err, COT_USAGE, _("it lists the %s twice"),
					bundle_role(r)->id);
		s->docs[s->ndocs].role = r;
		t = xml_text(c);
		snprintf(s->docs[s->ndocs].entry, sizeof(s->docs[0].entry), "%s", t);
		free(t);
		s->ndocs++;
	}
	return COT_OK;
}

static int read_list(
	const xmlNode *list, bool screenshot, struct submission *s, struct cot_err *err)
{
	for (const xmlNode *c = list ? list->children : NULL; c; c = c->next) {
		char *t;
		int rc;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		t = xml_text(c);
		rc = submission_add_file(s, screenshot, t, err);
		free(t);
		if (rc)
			return rc;
	}
	return COT_OK;
}

/* The product goes with a vendor's request and only there: neither may pass as the other. */
static int read_product(const xmlNode *root, struct submission *s, struct cot_err *err)
{
	const xmlNode *p = child(root, "product");

	if (s->kind == KIND_VENDOR && !p)
		return cot_err_set(err, COT_USAGE, _("it declares a vendor but names no product"));
	if (s->kind != KIND_VENDOR && p)
		return cot_err_set(err, COT_USAGE,
			_("it declares an organisation but names a product, as a vendor's "
			  "request does"));
	if (s->kind != KIND_VENDOR && (child(root, "samples") || child(root, "screenshots")))
		return cot_err_set(err, COT_USAGE,
			_("it declares an organisation but lists samples or screenshots, as a "
			  "vendor's request does"));
	if (!p)
		return COT_OK;
	s->product = text_of(p, "name");
	s->product_version = text_of(p, "version");
	return COT_OK;
}

static int read_ids(const xmlNode *org, struct submission *s, struct cot_err *err)
{
	char *kbo = text_of(org, "kbo"), *nihii = text_of(org, "nihii"), why[160];
	char digits[NIHII_PERSON_LEN + 1];
	int rc = COT_OK;

	if (!kbo_parse(kbo, s->kbo, why, sizeof(why)))
		rc = cot_err_set(
			err, COT_USAGE, _("its KBO number '%s' is not valid: %s"), kbo, why);
	else if (nihii[0] && nihii_parse(nihii, digits, why, sizeof(why)) == NIHII_BAD)
		rc = cot_err_set(
			err, COT_USAGE, _("its NIHII number '%s' is not valid: %s"), nihii, why);
	else
		snprintf(s->nihii, sizeof(s->nihii), "%s", nihii);
	free(kbo);
	free(nihii);
	return rc;
}

static int read_doc(const xmlNode *root, struct submission *s, struct cot_err *err)
{
	const xmlNode *org = child(root, "organisation"), *c;
	char *t;
	int rc;

	s->name = text_of(org, "name");
	if ((rc = read_ids(org, s, err)))
		return rc;
	t = text_of(org, "kind");
	kind_parse(t, &s->kind);
	free(t);
	t = text_of(root, "route");
	route_parse(t, &s->route);
	free(t);
	if ((rc = read_product(root, s, err)) ||
		(rc = read_list(child(root, "samples"), false, s, err)) ||
		(rc = read_list(child(root, "screenshots"), true, s, err)))
		return rc;
	if ((c = child(root, "checklist")))
		read_checklist(c, s);
	if ((rc = read_documents(child(root, "documents"), s, err)))
		return rc;
	s->is_signed = battr(child(root, "signature"), "signed");
	s->tool_version = sattr(child(root, "tool"), "version");
	t = text_of(root, "created");
	snprintf(s->created, sizeof(s->created), "%s", t);
	free(t);
	return COT_OK;
}

int submission_parse(const void *data, size_t len, struct submission *s, struct cot_err *err)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlDoc *doc;
	int rc;

	submission_init(s);
	if ((rc = xml_load(err)))
		return rc;
	if (len > BUNDLE_SUBMISSION_MAX)
		return cot_err_set(err, COT_USAGE, _("it is too large (%zu bytes, at most %zu)"),
			len, BUNDLE_SUBMISSION_MAX);
	if (memchr(data, '\0', len))
		return cot_err_set(err, COT_USAGE, _("it is not UTF-8 text (it holds NUL bytes)"));
	if (asice_xml_has_dtd(data, len))
		return cot_err_set(err, COT_USAGE,
			_("it has a document type declaration (DTD), which "
			  "cot never reads"));
	if ((rc = asice_xml_bounds(data, len, err)))
		return rc;
	doc = xml_api.read_memory(data, (int)len, BUNDLE_SUBMISSION, "UTF-8", opts);
	if (!doc) {
		const xmlError *e = xml_api.get_last_error();
		rc = cot_err_set(
			err, COT_USAGE, _("it is not well-formed XML (line %d)"), e ? e->line : 0);
		xml_api.reset_last_error();
		return rc;
	}
	rc = validate(doc, err);
	if (!rc)
		rc = read_doc(xml_api.doc_get_root_element(doc), s, err);
	xml_api.free_doc(doc);
	if (rc)
		submission_release(s);
	return rc;
}
