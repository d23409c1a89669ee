/* KMEHR sample messages: eHealth's XSD compiled once, and the BelRAI rules (kmehr.h). */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot/asice.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/kmehr.h"
#include "cot/mem.h"
#include "cot/xmlbound.h"
#include "cot/xml-load.h"

#define KMEHR_XSD "kmehr-1_32.xsd"
#define KMEHR_CD_XSD "cd-1_32.xsd"
/* kmehr_elements declares kmehrmessage and includes KMEHR_XSD */
#define KMEHR_ELEMENTS_XSD "kmehr_elements-1_32.xsd"
#define KMEHR_WHERE "https://www.ehealth.fgov.be/standards/kmehr/"
#define KMEHR_SCHEMA_FINDINGS 50 /* schema errors kept per message; the rest counted in one */
#define KMEHR_SSIN_FINDINGS 20	 /* real SSINs kept per message; likewise */
#define KMEHR_XML_DEPTH 256
#define KMEHR_XML_ATTRS 256
#define KMEHR_XML_NS 64
#define KMEHR_XML_NODES 2000000

struct kmehr_schema {
	xmlSchemaPtr schema;
	char version[32];  /* the version attribute of kmehr-1_32.xsd: "1.32" */
	char standard[32]; /* the newest CD-STANDARD value the schema lists: "20200901" */
};

/* The folder the schema loader may read from (realpath), while kmehr_schema_load runs. */
static char load_root[PATH_MAX];

#define KMEHR_XSD_MAX ((size_t)8 << 20) /* one schema file: cd-1_32.xsd is 214 kB */

/* Whether the prolog (before the root element) has a DOCTYPE: comments and PIs skipped. */
static bool prolog_has_dtd(const char *p, size_t len)
{
	const char *end = p + len, *q;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	for (;;) {
		while (p < end && strchr(" \t\r\n", *p) && *p)
			p++;
		if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
			q = memmem(p + 4, (size_t)(end - p - 4), "-->", 3);
		else if (end - p >= 2 && memcmp(p, "<?", 2) == 0)
			q = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
		else
			return end - p >= 2 && memcmp(p, "<!", 2) == 0;
		if (!q)
			return false;
		p = q + 2;
	}
}

/* A schema file that is bounded in size and has no DTD, so that nothing is expanded. */
static bool xsd_plain(const char *path)
{
	struct cot_err e = COT_ERR_INIT;
	char *data = NULL;
	size_t len = 0;
	bool ok;

	if (fs_read(path, KMEHR_XSD_MAX, &data, &len, &e))
		return false;
	ok = !prolog_has_dtd(data, len);
	free(data);
	return ok;
}

/*
 * The only way libxml2 reaches a file while the schema compiles (libxml2 reads schemas
 * with XML_PARSE_NOENT): local .xsd files under the schema folder, bounded, without a
 * DTD. No network, no entity from anywhere.
 */
static xmlParserInputPtr local_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	char real[PATH_MAX];
	const char *path = url;
	size_t n = strlen(load_root), k;

	(void)id;
	if (!url)
		return NULL;
	if (strncmp(path, "file://", 7) == 0)
		path += 7;
	if (strstr(path, "://") || !realpath(path, real))
		return NULL;
	k = strlen(real);
	if (strncmp(real, load_root, n) || real[n] != '/' || k < 4 ||
		strcmp(real + k - 4, ".xsd") || !xsd_plain(real))
		return NULL;
	return xml_api.new_input_from_file(ctxt, real);
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/kmehr-1_32.xsd or dir/ehealth-kmehr/XSD/kmehr-1_32.xsd, into out. */
static bool find_xsd(const char *dir, char *out, size_t len)
{
	snprintf(out, len, "%s/%s", dir, KMEHR_XSD);
	if (is_file(out))
		return true;
	snprintf(out, len, "%s/ehealth-kmehr/XSD/%s", dir, KMEHR_XSD);
	return is_file(out);
}

/* Keeps the first schema compilation error in err. */
static void keep_first(void *ctx, xmlErrorPtr e)
{
	struct cot_err *err = ctx;
	size_t k;

	if (err->code || !e || e->level < XML_ERR_ERROR)
		return;
	cot_err_set(err, COT_USAGE, "%s", e->message ? e->message : "?");
	k = strlen(err->msg);
	while (k && (err->msg[k - 1] == '\n' || err->msg[k - 1] == ' '))
		err->msg[--k] = '\0';
}

/* The newest CD-STANDARD value of cd-1_32.xsd (the values are dates, YYYYMMDD). */
static void read_standard(const char *cd_path, char *out, size_t len)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlDoc *doc = xml_api.read_file(cd_path, NULL, opts);
	xmlNode *root = doc ? xml_api.doc_get_root_element(doc) : NULL;

	for (xmlNode *t = root ? root->children : NULL; t; t = t->next) {
		xmlChar *name =
			t->type == XML_ELEMENT_NODE ? xml_api.get_prop(t, BAD_CAST "name") : NULL;
		bool std = name && xml_api.str_equal(name, BAD_CAST "CD-STANDARDvalues");
		free(name);
		if (!std)
			continue;
		for (xmlNode *r = t->children; r; r = r->next)
			for (xmlNode *e = r->children; e; e = e->next) {
				xmlChar *v = e->type == XML_ELEMENT_NODE
						     ? xml_api.get_prop(e, BAD_CAST "value")
						     : NULL;
				if (v && strlen((char *)v) < len && strcmp((char *)v, out) > 0)
					snprintf(out, len, "%s", (char *)v);
				free(v);
			}
	}
	xml_api.free_doc(doc);
}

/* The version attribute of the top schema. */
static void read_version(const char *path, char *out, size_t len)
{
	const int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
	xmlDoc *doc = xml_api.read_file(path, NULL, opts);
	xmlNode *root = doc ? xml_api.doc_get_root_element(doc) : NULL;
	xmlChar *v = root ? xml_api.get_prop(root, BAD_CAST "version") : NULL;

	if (v)
		snprintf(out, len, "%s", (char *)v);
	free(v);
	xml_api.free_doc(doc);
}

static int compile(const char *path, struct kmehr_schema *s, struct cot_err *err)
{
	xmlExternalEntityLoader prev = xml_api.get_external_entity_loader();
	xmlSchemaParserCtxtPtr pc;

	xml_api.set_external_entity_loader(local_loader);
	pc = xml_api.schema_new_parser_ctxt(path);
	if (!pc) {
		xml_api.set_external_entity_loader(prev);
		return cot_err_nomem(err);
	}
	xml_api.schema_set_parser_structured_errors(pc, keep_first, err);
	mem_in_schema_compile++;
	s->schema = xml_api.schema_parse(pc);
	mem_in_schema_compile--;
	xml_api.schema_free_parser_ctxt(pc);
	xml_api.set_external_entity_loader(prev);
	if (s->schema)
		return COT_OK;
	if (!err->code)
		cot_err_set(err, COT_USAGE, _("it does not compile"));
	/* TRANSLATORS: the schema file, then libxml2's reason (in English). */
	cot_err_prefix(err, _("KMEHR schema '%s'"), path);
	return COT_USAGE;
}

int kmehr_schema_load(const char *dir, struct kmehr_schema **out, struct cot_err *err)
{
	struct kmehr_schema *s;
	char path[PATH_MAX], cd[PATH_MAX + 32], top[PATH_MAX + 32];
	int dirlen, rc;

	*out = NULL;
	if ((rc = xml_load(err)))
		return rc;
	if (!find_xsd(dir, path, sizeof(path)))
		/* TRANSLATORS: the folder, the schema's file name, then eHealth's address. */
		return cot_err_set(err, COT_USAGE,
			_("no KMEHR schema in '%s' (%s, at its top or under ehealth-kmehr/XSD/): "
			  "cot does not ship eHealth's schemas; get them from %s and give "
			  "their folder with --schemas DIR or 'kmehr: schemas:' in cot.yaml"),
			dir, KMEHR_XSD, KMEHR_WHERE);
	if (!realpath(dir, load_root))
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), dir);
	s = calloc(1, sizeof(*s));
	if (!s)
		return cot_err_nomem(err);
	/* kmehr-1_32.xsd has the types; its sibling kmehr_elements the root element */
	dirlen = (int)(strrchr(path, '/') - path + 1);
	snprintf(top, sizeof(top), "%.*s%s", dirlen, path, KMEHR_ELEMENTS_XSD);
	snprintf(cd, sizeof(cd), "%.*s%s", dirlen, path, KMEHR_CD_XSD);
	xml_api.schema_init_types();
	if ((rc = compile(is_file(top) ? top : path, s, err))) {
		kmehr_schema_free(s);
		return rc;
	}
	read_version(path, s->version, sizeof(s->version));
	read_standard(cd, s->standard, sizeof(s->standard));
	*out = s;
	return COT_OK;
}

const char *kmehr_schema_version(const struct kmehr_schema *s)
{
	return s->version;
}

void kmehr_schema_free(struct kmehr_schema *s)
{
	if (!s)
		return;
	xml_api.schema_free(s->schema);
	free(s);
}

/* One message being checked. */
struct check {
	const char *name;
	struct diag_list *d;
	unsigned schema_errors;
	unsigned ssins;
};

static void trim(char *s)
{
	size_t k = strlen(s);

	while (k && (s[k - 1] == '\n' || s[k - 1] == ' '))
		s[--k] = '\0';
}

/* Each schema error a finding at its line (libxml2 gives no column for most). */
static void schema_error(void *ctx, xmlErrorPtr e)
{
	struct check *c = ctx;
	char msg[512];

	if (!e || e->level < XML_ERR_ERROR)
		return;
	if (++c->schema_errors > KMEHR_SCHEMA_FINDINGS)
		return;
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "?");
	trim(msg);
	/* TRANSLATORS: libxml2's reason, in English. */
	diag_add(c->d, DIAG_ERROR, c->name, (unsigned)(e->line > 0 ? e->line : 0),
		(unsigned)(e->int2 > 0 ? e->int2 : 0), "kmehr-schema",
		_("not valid against the KMEHR schema: %s"), msg);
}

/* COT_ENV when out of memory; the validation context is this call's own (threads). */
static int validate(const struct kmehr_schema *s, xmlDoc *doc, struct check *c, struct cot_err *err)
{
	xmlSchemaValidCtxtPtr vc = xml_api.schema_new_valid_ctxt(s->schema);

	if (!vc)
		return cot_err_nomem(err);
	xml_api.schema_set_valid_structured_errors(vc, schema_error, c);
	xml_api.schema_validate_doc(vc, doc);
	xml_api.schema_free_valid_ctxt(vc);
	if (c->schema_errors > KMEHR_SCHEMA_FINDINGS)
		diag_add(c->d, DIAG_NOTE, c->name, 0, 0, "kmehr-schema",
			ngettext("%u more schema error not shown",
				"%u more schema errors not shown",
				c->schema_errors - KMEHR_SCHEMA_FINDINGS),
			c->schema_errors - KMEHR_SCHEMA_FINDINGS);
	return COT_OK;
}

static unsigned line_of(const xmlNode *n)
{
	long l = n ? xml_api.get_line_no(n) : 0;

	return l > 0 && l < (long)UINT_MAX ? (unsigned)l : 0;
}

static bool is_k(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xml_api.str_equal(n->ns->href, BAD_CAST KMEHR_NS) &&
	       xml_api.str_equal(n->name, BAD_CAST name);
}

static xmlNode *child_k(const xmlNode *n, const char *name)
{
	for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (is_k(k, name))
			return k;
	return NULL;
}

/* Whether element n's attribute S is scheme. */
static bool scheme_is(xmlNode *n, const char *scheme)
{
	char *v = xml_attr(n, "S");
	bool yes = v && strcmp(v, scheme) == 0;

	free(v);
	return yes;
}

/* Whether n has a child cd of scheme whose text is value (surrounding spaces ignored). */
static bool has_cd(const xmlNode *n, const char *scheme, const char *value)
{
	for (xmlNode *k = n ? n->children : NULL; k; k = k->next) {
		if (!is_k(k, "cd") || !scheme_is(k, scheme))
			continue;
		char *t = xml_text(k), *p = t;
		size_t len;
		bool yes;

		while (isspace((unsigned char)*p))
			p++;
		len = strlen(p);
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		yes = !value || (len == strlen(value) && memcmp(p, value, len) == 0);
		free(t);
		if (yes)
			return true;
	}
	return false;
}

/* The first child cd of scheme, or NULL. */
static xmlNode *cd_of(const xmlNode *n, const char *scheme)
{
	for (xmlNode *k = n ? n->children : NULL; k; k = k->next)
		if (is_k(k, "cd") && scheme_is(k, scheme))
			return k;
	return NULL;
}

/*
 * An INSS/SSIN: 11 digits whose last two are 97 - (first nine mod 97), or the same with
 * a 2 before the nine (births from 2000).
 */
static bool ssin_valid(const char *d)
{
	unsigned long long nine = 0;
	unsigned check = (unsigned)((d[9] - '0') * 10 + (d[10] - '0'));

	for (int i = 0; i < 9; i++)
		nine = nine * 10 + (unsigned)(d[i] - '0');
	return check == 97 - nine % 97 || check == 97 - (2000000000ULL + nine) % 97;
}

static void real_ssin(struct check *c, const xmlNode *at, const char *d)
{
	if (++c->ssins > KMEHR_SSIN_FINDINGS)
		return;
	/* TRANSLATORS: the number's first six digits (a birth date), the rest masked. */
	diag_add(c->d, DIAG_ERROR, c->name, line_of(at), 0, "kmehr-real-ssin",
		_("%.6s***** has the valid check digits of an INSS/SSIN (a national number): "
		  "sample messages must be fictitious"),
		d);
}

/* Every run of exactly 11 digits in text that passes the SSIN check. */
static void scan_text(struct check *c, const xmlNode *at, const char *t)
{
	for (const char *p = t; *p;) {
		size_t n = 0;

		while (p[n] >= '0' && p[n] <= '9')
			n++;
		if (n == 11 && ssin_valid(p))
			real_ssin(c, at, p);
		p += n ? n : 1;
	}
}

/* A patient id (ID-PATIENT, INSS): its digits, separators (. - / space) left out. */
static bool patient_id(struct check *c, xmlNode *n)
{
	char d[12], *t;
	size_t k = 0;
	bool bad = false;

	if (!is_k(n, "id") || !(scheme_is(n, "ID-PATIENT") || scheme_is(n, "INSS")))
		return false;
	t = xml_text(n);
	for (const char *p = t; *p && !bad; p++)
		if (*p >= '0' && *p <= '9')
			bad = k == 11 || (d[k++] = *p, false);
		else
			bad = !strchr(".-/ \t\r\n", *p);
	free(t);
	d[k] = '\0';
	if (!bad && k == 11 && ssin_valid(d))
		real_ssin(c, n, d);
	return true;
}

/* The SSIN rule and the transactions, over every node (depth bounded by the parse). */
static void walk(struct check *c, xmlNode *n, size_t *belrai, xmlNode **first_tr)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			scan_text(c, n->parent, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (xmlAttr *a = n->properties; a; a = a->next)
			if (a->children && a->children->content)
				scan_text(c, n, (const char *)a->children->content);
		if (is_k(n, "transaction")) {
			*first_tr = *first_tr ? *first_tr : n;
			*belrai += has_cd(n, "CD-TRANSACTION", "belrai-report");
		}
		if (!patient_id(c, n))
			walk(c, n->children, belrai, first_tr);
	}
}

static void check_header(const struct kmehr_schema *s, xmlNode *root, struct check *c)
{
	xmlNode *h = child_k(root, "header"), *std = child_k(h, "standard");
	xmlNode *sender = child_k(h, "sender"), *cd = cd_of(std, "CD-STANDARD");
	bool app = false;

	if (s && s->standard[0] && !has_cd(std, "CD-STANDARD", s->standard))
		/* TRANSLATORS: the CD-STANDARD value the schema lists last, its version. */
		diag_add(c->d, DIAG_ERROR, c->name,
			line_of(cd    ? cd
				: std ? std
				: h   ? h
				      : root),
			0, "kmehr-standard",
			_("header/standard/cd S=\"CD-STANDARD\" is not %s, the standard of "
			  "KMEHR %s"),
			s->standard, s->version);
	for (xmlNode *p = sender ? sender->children : NULL; p && !app; p = p->next) {
		xmlNode *name = child_k(p, "name");
		char *t = name ? xml_text(name) : NULL;
		app = is_k(p, "hcparty") && has_cd(p, "CD-HCPARTY", "application") && t &&
		      strspn(t, " \t\r\n") < strlen(t);
		free(t);
	}
	if (!app)
		diag_add(c->d, DIAG_ERROR, c->name,
			line_of(sender ? sender
				: h    ? h
				       : root),
			0, "kmehr-sender",
			_("no header/sender/hcparty names the software: one needs cd "
			  "S=\"CD-HCPARTY\" application and a name"));
}

static void check_rules(const struct kmehr_schema *s, xmlNode *root, struct check *c)
{
	size_t belrai = 0;
	xmlNode *first_tr = NULL;

	check_header(s, root, c);
	walk(c, root, &belrai, &first_tr);
	if (c->ssins > KMEHR_SSIN_FINDINGS)
		diag_add(c->d, DIAG_ERROR, c->name, 0, 0, "kmehr-real-ssin",
			ngettext("%u more INSS/SSIN with valid check digits not shown",
				"%u more INSS/SSINs with valid check digits not shown",
				c->ssins - KMEHR_SSIN_FINDINGS),
			c->ssins - KMEHR_SSIN_FINDINGS);
	if (!belrai)
		diag_add(c->d, DIAG_ERROR, c->name, line_of(first_tr ? first_tr : root), 0,
			"kmehr-transaction",
			_("no transaction has cd S=\"CD-TRANSACTION\" belrai-report"));
}

/* Bounds, DTD: what is refused before libxml2 parses. False when the message stops here. */
static bool pre_parse(const unsigned char *data, size_t len, struct check *c)
{
	static const struct xml_limits max = {
		KMEHR_XML_ATTRS, KMEHR_XML_NS, KMEHR_XML_DEPTH, KMEHR_XML_NODES};
	struct cot_err e = COT_ERR_INIT;

	if (len == 0) {
		diag_add(c->d, DIAG_ERROR, c->name, 1, 1, "kmehr-not-well-formed",
			_("the file is empty"));
		return false;
	}
	if (len > KMEHR_MAX) {
		diag_add(c->d, DIAG_ERROR, c->name, 1, 1, "kmehr-size",
			_("%zu bytes, more than the %zu cot reads"), len, KMEHR_MAX);
		return false;
	}
	if (asice_xml_has_dtd(data, len)) {
		diag_add(c->d, DIAG_ERROR, c->name, 1, 1, "kmehr-dtd",
			_("it has a document type declaration (DTD), which cot never reads"));
		return false;
	}
	if (xml_bound_check(data, len, &max, &e)) {
		diag_add(c->d, DIAG_ERROR, c->name, 1, 1, "kmehr-limits", "%s", e.msg);
		return false;
	}
	return true;
}

/* The tree in *out, or NULL after a finding; COT_ENV when out of memory. */
static int parse(
	const unsigned char *data, size_t len, struct check *c, xmlDoc **out, struct cot_err *err)
{
	const int opts =
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES;
	xmlParserCtxtPtr ctxt = xml_api.new_parser_ctxt();
	xmlDoc *doc;
	char msg[512];

	*out = NULL;
	if (!ctxt)
		return cot_err_nomem(err);
	doc = xml_api.ctxt_read_memory(ctxt, (const char *)data, (int)len, c->name, NULL, opts);
	if (!doc || !ctxt->wellFormed) {
		const xmlError *e = &ctxt->lastError;
		snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "?");
		trim(msg);
		/* TRANSLATORS: libxml2's reason, in English. */
		diag_add(c->d, DIAG_ERROR, c->name, (unsigned)(e->line > 0 ? e->line : 1),
			(unsigned)(e->int2 > 0 ? e->int2 : 1), "kmehr-not-well-formed",
			_("not well-formed XML: %s"), msg);
		xml_api.free_doc(doc);
		doc = NULL;
	}
	xml_api.free_parser_ctxt(ctxt);
	*out = doc;
	return COT_OK;
}

/* Namespace and root; false when the rest would only repeat it. */
static bool check_root(xmlNode *root, struct check *c)
{
	const char *ns = root && root->ns ? (const char *)root->ns->href : "";
	bool ok = true;

	if (!root)
		return false;
	if (strcmp(ns, KMEHR_NS)) {
		/* TRANSLATORS: the namespace found, then the one KMEHR has. */
		diag_add(c->d, DIAG_ERROR, c->name, line_of(root), 0, "kmehr-namespace",
			_("the root element's namespace is '%s', not %s"), ns, KMEHR_NS);
		ok = false;
	}
	if (!xml_api.str_equal(root->name, BAD_CAST "kmehrmessage")) {
		diag_add(c->d, DIAG_ERROR, c->name, line_of(root), 0, "kmehr-root",
			_("the root element is '%s', not kmehrmessage"), (const char *)root->name);
		ok = false;
	}
	return ok;
}

int kmehr_check_mem(const struct kmehr_schema *s, const char *name, const unsigned char *data,
	size_t len, struct diag_list *d, struct cot_err *err)
{
	struct check c = {name, d, 0, 0};
	xmlDoc *doc = NULL;
	xmlNode *root;
	int rc;

	if ((rc = xml_load(err)))
		return rc;
	if (!pre_parse(data, len, &c))
		return COT_OK;
	if ((rc = parse(data, len, &c, &doc, err)) || !doc)
		return rc;
	root = xml_api.doc_get_root_element(doc);
	if (check_root(root, &c)) {
		if (!s || !(rc = validate(s, doc, &c, err)))
			check_rules(s, root, &c);
	}
	xml_api.free_doc(doc);
	return rc;
}

int kmehr_check_file(
	const struct kmehr_schema *s, const char *path, struct diag_list *d, struct cot_err *err)
{
	struct cot_err e = COT_ERR_INIT;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		(unsigned long long)st.st_size > KMEHR_MAX) {
		diag_add(d, DIAG_ERROR, path, 1, 1, "kmehr-size",
			_("%zu bytes, more than the %zu cot reads"), (size_t)st.st_size, KMEHR_MAX);
		return COT_OK;
	}
	if (fs_read(path, KMEHR_MAX, &data, &len, &e)) {
		if (e.nomem)
			return cot_err_nomem(err);
		diag_add(d, DIAG_ERROR, path, 0, 0, "kmehr-unreadable", "%s", e.msg);
		return COT_OK;
	}
	rc = kmehr_check_mem(s, path, (unsigned char *)data, len, d, err);
	free(data);
	return rc;
}
