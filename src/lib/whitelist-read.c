/* Reads whitelists: a streaming SAX2 pass validated against the compiled-in schema, no DTD. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlschemas.h>
#include "cot/buf.h"
#include "cot/whitelist.h"
#include "whitelist-xsd.h"

/* The longest text of one element kept: a name of 256 characters is at most 1024 bytes. */
#define FIELD_MAX 4096

void whitelist_init(struct whitelist *wl)
{
	memset(wl, 0, sizeof(*wl));
}

void whitelist_release(struct whitelist *wl)
{
	for (size_t i = 0; i < wl->n; i++)
		free(wl->v[i].name);
	free(wl->v);
	whitelist_init(wl);
}

void wl_lookup_release(struct wl_lookup *l)
{
	free(l->org.name);
	memset(l, 0, sizeof(*l));
}

/* ---- The schema, compiled once per process ------------------------------------- */

static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlSchemaPtr schema;

static void quiet_structured(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void compile_schema(void)
{
	xmlSchemaParserCtxtPtr pc;

	xmlInitParser();
	pc = xmlSchemaNewMemParserCtxt(whitelist_xsd, (int)sizeof(whitelist_xsd) - 1);
	if (!pc)
		return;
	xmlSchemaSetParserStructuredErrors(pc, quiet_structured, NULL);
	schema = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
}

/* ---- The scanner ------------------------------------------------------------------ */

enum field { F_NONE, F_NAME, F_NIHII, F_BUNDLE };

/*
 * Called with each organisation once it is complete and validated; returns true to stop.
 * org->name is lent: fn copies what it keeps.
 */
typedef bool (*org_fn)(void *arg, struct wl_org *org);

struct scan {
	xmlParserCtxtPtr ctxt;
	const char *name;
	struct cot_err *err;
	int rc;
	int depth;
	bool root_seen;
	unsigned long long sequence;
	char issued[21];
	enum field field;
	struct buf text;
	struct buf orgname; /* the current organisation's name, lent to fn as cur.name */
	struct wl_org cur;
	bool pending;      /* cur is complete: hand it out at the next event */
	char prev[KBO_LEN + 1];
	size_t count;
	org_fn fn;
	void *arg;
	bool stopped;      /* fn asked to stop */
};

static int line_of(const struct scan *s)
{
	return s->ctxt && s->ctxt->input ? s->ctxt->input->line : 0;
}

static int col_of(const struct scan *s)
{
	return s->ctxt && s->ctxt->input ? s->ctxt->input->col : 0;
}

/*
 * Records the first error, located where the parser is. The parse is not stopped from
 * inside a callback (xmlStopParser frees the input that the schema validator's half of
 * the same event still reads): scan_run stops feeding the parser instead.
 */
static void fail(struct scan *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct scan *s, int code, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	if (s->rc || s->stopped)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	s->rc = cot_err_set(s->err, code, "%s:%d:%d: %s", s->name, line_of(s), col_of(s), why);
}

/* A libxml2 message without its trailing newline. */
static void fail_xml(struct scan *s, const xmlError *e)
{
	char msg[400];
	size_t n;

	if (s->rc || s->stopped)
		return; /* past the answer: what follows is not read */
	snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "invalid document");
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	s->rc = cot_err_set(s->err, COT_USAGE, "%s:%d:%d: %s", s->name,
		e && e->line > 0 ? e->line : line_of(s), e && e->line > 0 ? e->int2 : col_of(s), msg);
}

static void on_schema_error(void *arg, xmlErrorPtr e)
{
	fail_xml(arg, e);
}

/* Hands out the organisation completed before this event: by now the validator has seen its end. */
static void deliver(struct scan *s)
{
	if (!s->pending || s->rc)
		return;
	s->pending = false;
	s->count++;
	s->cur.name = s->orgname.data;
	if (s->fn(s->arg, &s->cur))
		s->stopped = true;
	memset(&s->cur, 0, sizeof(s->cur));
	s->orgname.len = 0;
}

static bool xml_space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The value of attribute name among SAX2's (localname, prefix, URI, value, end)
 * quintuples, without the white space around it: the schema's date, time and number
 * types collapse it, so " 2026-01-12" is valid and means "2026-01-12".
 */
static bool attr(const xmlChar **attrs, int n, const char *name, char *out, size_t outlen)
{
	for (int i = 0; i < n; i++) {
		const xmlChar **a = attrs + 5 * i;
		const xmlChar *v = a[3], *end = a[4];
		size_t len;
		if (a[2] || strcmp((const char *)a[0], name) != 0)
			continue;
		while (v < end && xml_space(*v))
			v++;
		while (end > v && xml_space(end[-1]))
			end--;
		len = (size_t)(end - v);
		if (len >= outlen)
			len = outlen - 1;
		memcpy(out, v, len);
		out[len] = '\0';
		return true;
	}
	return false;
}

static void start_root(struct scan *s, const xmlChar **attrs, int n)
{
	char seq[32] = "", *end;

	s->root_seen = true;
	/* the validator checks presence and types; these are what the reader keeps */
	attr(attrs, n, "sequence", seq, sizeof(seq));
	attr(attrs, n, "issued", s->issued, sizeof(s->issued));
	s->sequence = strtoull(seq, &end, 10);
}

/* Empties the text buffer without giving its memory back. */
static void text_reset(struct scan *s)
{
	s->text.len = 0;
	s->text.failed = false;
	if (s->text.data)
		s->text.data[0] = '\0';
}

static void start_org(struct scan *s, const xmlChar **attrs, int n)
{
	char kbo[KBO_LEN + 2] = "", canon[KBO_LEN + 1], why[160] = "not in canonical form";

	attr(attrs, n, "kbo", kbo, sizeof(kbo));
	attr(attrs, n, "since", s->cur.since, sizeof(s->cur.since));
	if (strlen(kbo) != KBO_LEN)
		return; /* the schema says what is wrong with it */
	if (!kbo_parse(kbo, canon, why, sizeof(why)) || strcmp(kbo, canon) != 0) {
		fail(s, COT_USAGE, "KBO '%s' is not valid: %s", kbo, why);
		return;
	}
	if (s->prev[0] && strcmp(kbo, s->prev) <= 0) {
		fail(s, COT_USAGE, "KBO %s %s: the organisations must be in ascending KBO order, "
				   "each once", kbo, strcmp(kbo, s->prev) ? "comes after a larger one" :
				   "is listed twice");
		return;
	}
	memcpy(s->cur.kbo, kbo, sizeof(s->cur.kbo));
	memcpy(s->prev, kbo, sizeof(s->prev));
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
	int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	struct scan *s = ctx;
	const char *l = (const char *)local;

	(void)prefix;
	(void)uri;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	deliver(s);
	if (s->rc || s->stopped)
		return;
	s->depth++;
	if (s->depth == 1)
		start_root(s, attrs, nattrs);
	else if (s->depth == 2 && strcmp(l, "organisation") == 0)
		start_org(s, attrs, nattrs);
	else if (s->depth == 3)
		s->field = strcmp(l, "name") == 0 ? F_NAME : strcmp(l, "nihii") == 0 ? F_NIHII
			: strcmp(l, "bundle") == 0 ? F_BUNDLE : F_NONE;
	text_reset(s);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct scan *s = ctx;

	if (s->rc || s->field == F_NONE)
		return;
	buf_add(&s->text, ch, (size_t)len);
	if (s->text.failed)
		fail(s, COT_USAGE, "an element's text is longer than %d bytes", FIELD_MAX);
}

static void end_field(struct scan *s)
{
	const char *t = s->text.data ? s->text.data : "";

	size_t n = s->text.len;

	if (s->field == F_NAME) {
		s->orgname.len = 0;
		buf_add(&s->orgname, t, n);
		if (s->orgname.failed)
			fail(s, COT_ENV, "out of memory");
	} else if (s->field == F_NIHII && n < sizeof(s->cur.nihii)) {
		memcpy(s->cur.nihii, t, n + 1);
	} else if (s->field == F_BUNDLE && n < sizeof(s->cur.bundle)) {
		memcpy(s->cur.bundle, t, n + 1);
	}
	s->field = F_NONE;
	text_reset(s);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct scan *s = ctx;

	(void)local;
	(void)prefix;
	(void)uri;
	if (s->rc || s->stopped)
		return;
	if (s->depth == 3)
		end_field(s);
	else if (s->depth == 2)
		s->pending = s->cur.kbo[0] && s->orgname.len;
	else if (s->depth == 1)
		deliver(s);
	s->depth--;
}

static void on_end_document(void *ctx)
{
	deliver(ctx);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	fail(ctx, COT_USAGE, "a DOCTYPE is not allowed in a whitelist (no DTD, no entities)");
}

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void handlers(xmlSAXHandler *h)
{
	memset(h, 0, sizeof(*h));
	h->initialized = XML_SAX2_MAGIC;
	h->startElementNs = on_start;
	h->endElementNs = on_end;
	h->characters = on_text;
	h->cdataBlock = on_text;
	h->endDocument = on_end_document;
	h->internalSubset = on_doctype;
	h->externalSubset = on_doctype;
	/* well-formedness errors are read from the context afterwards, never printed */
	h->warning = quiet;
	h->error = quiet;
	h->fatalError = quiet;
}

/* The bytes fed to the parser at a time: the scan stops at most this far past its answer. */
#define CHUNK ((size_t)64 << 10)

/* Sets up a push parser for s with the schema plugged in; COT_ENV when out of memory. */
static int scan_open(struct scan *s, size_t len, xmlSchemaValidCtxtPtr *v,
	xmlSchemaSAXPlugPtr *plug)
{
	pthread_once(&schema_once, compile_schema);
	if (!schema)
		return cot_err_set(s->err, COT_ENV, "cannot compile the whitelist schema");
	if (len > WHITELIST_MAX)
		return cot_err_set(s->err, COT_USAGE, "'%s' is too large (%zu bytes, at most %zu)",
			s->name, len, WHITELIST_MAX);
	if (len == 0)
		return cot_err_set(s->err, COT_USAGE, "%s:1:1: the document is empty", s->name);
	s->ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, s->name);
	*v = xmlSchemaNewValidCtxt(schema);
	if (!s->ctxt || !*v)
		return cot_err_set(s->err, COT_ENV, "out of memory");
	handlers(s->ctxt->sax);
	s->ctxt->userData = s;
	xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET);
	xmlSchemaSetValidStructuredErrors(*v, on_schema_error, s);
	*plug = xmlSchemaSAXPlug(*v, &s->ctxt->sax, &s->ctxt->userData);
	if (!*plug)
		return cot_err_set(s->err, COT_ENV, "out of memory");
	return COT_OK;
}

/* The parser's own (well-formedness) error, if any, once every byte was fed. */
static void parse_outcome(struct scan *s, xmlSchemaValidCtxtPtr v)
{
	if (s->rc || s->stopped)
		return;
	if (!s->ctxt->wellFormed && s->depth > 0 && s->ctxt->errNo == XML_ERR_DOCUMENT_END) {
		/* what the push parser says of a document cut short */
		fail(s, COT_USAGE, "the document ends inside an element: truncated");
	} else if (!s->ctxt->wellFormed) {
		fail_xml(s, xmlCtxtGetLastError(s->ctxt));
		if (!s->rc)
			fail(s, COT_USAGE, "not well-formed XML");
	} else if (!s->root_seen) {
		fail(s, COT_USAGE, "no whitelist element");
	} else if (xmlSchemaIsValid(v) != 1) {
		fail(s, COT_USAGE, "not valid against the whitelist schema");
	}
}

/* Feeds data to the parser until the end, an error, or the answer. */
static void feed(struct scan *s, xmlSchemaValidCtxtPtr v, const char *data, size_t len)
{
	size_t off = 0;

	while (off < len && !s->rc && !s->stopped) {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		if (xmlParseChunk(s->ctxt, data + off, (int)n, 0) != 0 && !s->ctxt->wellFormed)
			break;
		off += n;
	}
	if (off == len && !s->rc && !s->stopped)
		xmlParseChunk(s->ctxt, NULL, 0, 1);
	parse_outcome(s, v);
}

/* Runs the scan over data, calling fn for each organisation until it asks to stop. */
static int scan_run(struct scan *s, const void *data, size_t len)
{
	xmlSchemaValidCtxtPtr v = NULL;
	xmlSchemaSAXPlugPtr plug = NULL;
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	int rc;

	/* libxml2 prints some conditions itself (an unfinished validation after a fatal error) */
	xmlSetGenericErrorFunc(NULL, quiet);
	s->text.max = FIELD_MAX;
	rc = scan_open(s, len, &v, &plug);
	if (!rc) {
		feed(s, v, data, len);
		rc = s->rc;
	}
	if (plug)
		xmlSchemaSAXUnplug(plug);
	xmlSchemaFreeValidCtxt(v);
	xmlSetGenericErrorFunc(generic_ctx, generic);
	if (s->ctxt) {
		s->ctxt->userData = s->ctxt;
		xmlFreeDoc(s->ctxt->myDoc);
		xmlFreeParserCtxt(s->ctxt);
	}
	buf_release(&s->text);
	buf_release(&s->orgname);
	return rc;
}

/* ---- Whole lists and lookups ------------------------------------------------------ */

static bool keep_org(void *arg, struct wl_org *org)
{
	struct whitelist *wl = arg;

	if (wl->n == wl->alloc) {
		size_t alloc = wl->alloc ? wl->alloc * 2 : 64;
		struct wl_org *v = realloc(wl->v, alloc * sizeof(*v));
		if (!v)
			return true; /* stops; the count shows it */
		wl->v = v;
		wl->alloc = alloc;
	}
	wl->v[wl->n] = *org;
	wl->v[wl->n].name = strdup(org->name);
	return !wl->v[wl->n++].name; /* out of memory stops; the caller sees it */
}

int whitelist_parse(const char *name, const void *data, size_t len, struct whitelist *wl,
	struct cot_err *err)
{
	struct scan s;
	int rc;

	memset(&s, 0, sizeof(s));
	s.name = name;
	s.err = err;
	s.fn = keep_org;
	s.arg = wl;
	rc = scan_run(&s, data, len);
	if (!rc && s.stopped)
		rc = cot_err_set(err, COT_ENV, "out of memory reading '%s'", name);
	if (rc) {
		whitelist_release(wl);
		return rc;
	}
	wl->sequence = s.sequence;
	memcpy(wl->issued, s.issued, sizeof(wl->issued));
	return COT_OK;
}

struct find {
	const char *kbo;
	struct wl_lookup *out;
};

static bool find_org(void *arg, struct wl_org *org)
{
	struct find *f = arg;

	if (strcmp(org->kbo, f->kbo) != 0)
		return false;
	f->out->found = true;
	f->out->org = *org;
	f->out->org.name = strdup(org->name);
	return true;
}

int whitelist_lookup(const char *name, const void *data, size_t len, const char *kbo,
	struct wl_lookup *out, struct cot_err *err)
{
	struct find f = {kbo, out};
	struct scan s;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	s.name = name;
	s.err = err;
	s.fn = find_org;
	s.arg = &f;
	rc = scan_run(&s, data, len);
	if (rc) {
		wl_lookup_release(out);
		return rc;
	}
	if (out->found && !out->org.name) {
		wl_lookup_release(out);
		return cot_err_set(err, COT_ENV, "out of memory");
	}
	out->sequence = s.sequence;
	out->scanned = s.count;
	memcpy(out->issued, s.issued, sizeof(out->issued));
	return COT_OK;
}
