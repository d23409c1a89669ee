/* Writes whitelists: the canonical XML with libxml2's xmlTextWriter, CSV and JSON exports. */
#include <stdlib.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/whitelist.h"
#include "cot/xml-load.h"

static int write_org(xmlTextWriterPtr w, const struct wl_org *o)
{
	int r = 0;

	r |= xml_api.text_writer_start_element(w, BAD_CAST "organisation") < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "kbo", BAD_CAST o->kbo) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "since", BAD_CAST o->since) < 0;
	r |= xml_api.text_writer_write_element(w, BAD_CAST "name", BAD_CAST o->name) < 0;
	if (o->nihii[0])
		r |= xml_api.text_writer_write_element(w, BAD_CAST "nihii", BAD_CAST o->nihii) < 0;
	if (o->bundle[0])
		r |= xml_api.text_writer_write_element(w, BAD_CAST "bundle", BAD_CAST o->bundle) <
		     0;
	r |= xml_api.text_writer_end_element(w) < 0;
	return r;
}

static int write_software(xmlTextWriterPtr w, const struct wl_software *sw)
{
	int r = 0;

	r |= xml_api.text_writer_start_element(w, BAD_CAST "software") < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "product", BAD_CAST sw->product) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "version", BAD_CAST sw->version) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "vendor", BAD_CAST sw->vendor) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "since", BAD_CAST sw->since) < 0;
	if (sw->bundle[0])
		r |= xml_api.text_writer_write_element(w, BAD_CAST "bundle", BAD_CAST sw->bundle) <
		     0;
	r |= xml_api.text_writer_end_element(w) < 0;
	return r;
}

static int write_doc(xmlTextWriterPtr w, const struct whitelist *wl)
{
	char seq[32];
	int r = 0;

	snprintf(seq, sizeof(seq), "%llu", wl->sequence);
	r |= xml_api.text_writer_set_indent(w, 1) < 0;
	r |= xml_api.text_writer_set_indent_string(w, BAD_CAST "  ") < 0;
	r |= xml_api.text_writer_start_document(w, "1.0", "UTF-8", NULL) < 0;
	r |= xml_api.text_writer_start_element(w, BAD_CAST "whitelist") < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "xmlns", BAD_CAST WHITELIST_NS) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "version", BAD_CAST "1") < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "sequence", BAD_CAST seq) < 0;
	r |= xml_api.text_writer_write_attribute(w, BAD_CAST "issued", BAD_CAST wl->issued) < 0;
	if (wl->next_update[0])
		r |= xml_api.text_writer_write_attribute(
			     w, BAD_CAST "next-update", BAD_CAST wl->next_update) < 0;
	for (size_t i = 0; i < wl->n && !r; i++)
		r |= write_org(w, &wl->v[i]);
	for (size_t i = 0; i < wl->nsw && !r; i++)
		r |= write_software(w, &wl->sw[i]);
	r |= xml_api.text_writer_end_document(w) < 0;
	return r;
}

int whitelist_render(const struct whitelist *wl, char **out, size_t *len, struct cot_err *err)
{
	xmlBufferPtr b;
	xmlTextWriterPtr w;
	int r;

	*out = NULL;
	if ((r = xml_load(err)))
		return r;
	b = xml_api.buffer_create();
	w = b ? xml_api.new_text_writer_memory(b, 0) : NULL;
	if (!w) {
		xml_api.buffer_free(b);
		return cot_err_nomem(err);
	}
	r = write_doc(w, wl);
	xml_api.free_text_writer(w); /* flushes into b */
	if (!r) {
		*len = (size_t)xml_api.buffer_length(b);
		*out = malloc(*len + 1);
		if (*out) {
			memcpy(*out, xml_api.buffer_content(b), *len);
			(*out)[*len] = '\0';
		}
	}
	xml_api.buffer_free(b);
	if (!*out)
		return cot_err_nomem(err);
	return COT_OK;
}

/* A CSV field: quoted when needed; a leading ' when a spreadsheet would run it as a formula. */
static void csv_field(struct buf *b, const char *s)
{
	bool formula = strchr("=+-@\t\r", s[0]) && s[0];
	bool quote = formula || strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		buf_adds(b, "\"");
	if (formula)
		buf_adds(b, "'");
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_adds(b, "\"");
		buf_add(b, p, 1);
	}
	if (quote)
		buf_adds(b, "\"");
}

/*
 * One table for both kinds, the organisations' columns first and in their old order (imports
 * by position or by name keep working), then kind and the software's own columns: a
 * software row leaves the organisation's columns empty but since and bundle (the
 * vendor's request), so that a filter on kind or on kbo tells them apart.
 */
static char *export_csv(const struct whitelist *wl, size_t *len)
{
	struct buf b = BUF_INIT;

	b.max = 4 * WHITELIST_MAX;
	buf_adds(&b, "kbo,name,nihii,since,bundle,kind,product,version,vendor\r\n");
	for (size_t i = 0; i < wl->n; i++) {
		const struct wl_org *o = &wl->v[i];
		buf_addf(&b, "%s,", o->kbo);
		csv_field(&b, o->name);
		buf_addf(&b, ",%s,%s,%s,organisation,,,\r\n", o->nihii, o->since, o->bundle);
	}
	for (size_t i = 0; i < wl->nsw; i++) {
		const struct wl_software *w = &wl->sw[i];
		buf_addf(&b, ",,,%s,%s,software,", w->since, w->bundle);
		csv_field(&b, w->product);
		buf_adds(&b, ",");
		csv_field(&b, w->version);
		buf_addf(&b, ",%s\r\n", w->vendor);
	}
	return buf_detach(&b, len);
}

static json_t *export_software(const struct whitelist *wl)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < wl->nsw; i++) {
		const struct wl_software *w = &wl->sw[i];
		json_t *j = json_pack("{s:s, s:s, s:s, s:s}", "product", w->product, "version",
			w->version, "vendor", w->vendor, "since", w->since);
		if (j && w->bundle[0])
			json_object_set_new(j, "bundle", json_string(w->bundle));
		json_array_append_new(a, j);
	}
	return a;
}

static char *export_json(const struct whitelist *wl, size_t *len)
{
	json_t *orgs = json_array(), *o;
	char *s;

	for (size_t i = 0; i < wl->n; i++) {
		const struct wl_org *g = &wl->v[i];
		json_t *j = json_pack(
			"{s:s, s:s, s:s}", "kbo", g->kbo, "name", g->name, "since", g->since);
		if (j && g->nihii[0])
			json_object_set_new(j, "nihii", json_string(g->nihii));
		if (j && g->bundle[0])
			json_object_set_new(j, "bundle", json_string(g->bundle));
		json_array_append_new(orgs, j);
	}
	o = json_pack("{s:s, s:I, s:s, s:o, s:o}", "schema", "cot.whitelist/1", "sequence",
		(json_int_t)wl->sequence, "issued", wl->issued, "organisations", orgs, "software",
		export_software(wl));
	s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	if (!s)
		return NULL;
	*len = strlen(s);
	return s;
}

int whitelist_export(
	const struct whitelist *wl, enum wl_export f, char **out, size_t *len, struct cot_err *err)
{
	if (f == WL_EXPORT_XML)
		return whitelist_render(wl, out, len, err);
	*out = f == WL_EXPORT_CSV ? export_csv(wl, len) : export_json(wl, len);
	if (!*out)
		return cot_err_nomem(err);
	return COT_OK;
}
