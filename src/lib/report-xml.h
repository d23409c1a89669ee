/* Shared by the JUnit and HTML writers: libxml2's xmlTextWriter with errors remembered. */
#ifndef COT_REPORT_XML_H
#define COT_REPORT_XML_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/escape.h"
#include "cot/report.h"
#include "cot/xml-load.h"

struct xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	bool failed;
};

static inline bool xw_open(struct xw *x)
{
	x->failed = false;
	x->buf = NULL;
	x->w = NULL;
	/* The writers' entry points loaded libxml2 (xml-load.h); this only makes a call
	 * without it impossible. */
	if (xml_load(NULL) != COT_OK)
		return false;
	x->buf = xml_api.buffer_create();
	x->w = x->buf ? xml_api.new_text_writer_memory(x->buf, 0) : NULL;
	return x->w != NULL;
}

/* Appends what was written to out and frees the writer; false when anything failed. */
static inline bool xw_close(struct xw *x, struct buf *out)
{
	if (x->w) {
		if (xml_api.text_writer_flush(x->w) < 0)
			x->failed = true;
		xml_api.free_text_writer(x->w);
	}
	if (x->buf && !x->failed)
		buf_add(out, xml_api.buffer_content(x->buf), (size_t)xml_api.buffer_length(x->buf));
	if (x->buf)
		xml_api.buffer_free(x->buf);
	x->w = NULL;
	x->buf = NULL;
	return !x->failed && !out->failed;
}

static inline void xw_check(struct xw *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

static inline void xw_start(struct xw *x, const char *el)
{
	xw_check(x, xml_api.text_writer_start_element(x->w, BAD_CAST el));
}

/* Ends an element as <e/> when empty: for XML and for SVG or void HTML elements. */
static inline void xw_end(struct xw *x)
{
	xw_check(x, xml_api.text_writer_end_element(x->w));
}

/* Ends an element always as <e></e>: what HTML needs for every non-void element. */
static inline void xw_full_end(struct xw *x)
{
	xw_check(x, xml_api.text_writer_full_end_element(x->w));
}

/* Writes value escaped by esc_xml (raw: the writer must not escape it again). */
static inline void xw_escaped(struct xw *x, const char *value)
{
	struct buf b = BUF_INIT;

	value = value ? value : "";
	esc_xml(&b, value, strlen(value));
	if (b.failed)
		x->failed = true;
	else
		xw_check(x, xml_api.text_writer_write_raw(x->w, BAD_CAST b.data));
	buf_release(&b);
}

static inline void xw_attr(struct xw *x, const char *name, const char *value)
{
	xw_check(x, xml_api.text_writer_start_attribute(x->w, BAD_CAST name));
	xw_escaped(x, value);
	xw_check(x, xml_api.text_writer_end_attribute(x->w));
}

static inline void xw_attrf(struct xw *x, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static inline void xw_attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	char v[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	xw_attr(x, name, v);
}

static inline void xw_text(struct xw *x, const char *text)
{
	xw_escaped(x, text);
}

static inline void xw_textf(struct xw *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline void xw_textf(struct xw *x, const char *fmt, ...)
{
	char v[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	xw_text(x, v);
}

/* An element holding only text. */
static inline void xw_elem(struct xw *x, const char *el, const char *text)
{
	xw_start(x, el);
	xw_text(x, text);
	xw_full_end(x);
}

/* Trusted markup cot itself holds (a style sheet), never data. */
static inline void xw_raw(struct xw *x, const char *markup)
{
	xw_check(x, xml_api.text_writer_write_raw(x->w, BAD_CAST markup));
}

/*
 * Opens an HTML5 page: the doctype, <html lang="lang">, and <head> with its charset,
 * viewport and <title>title — name</title>; <head> is left open for the caller's <style>.
 */
static inline void xw_html_open(struct xw *x, const char *lang, const char *title, const char *name)
{
	xw_check(x, xml_api.text_writer_write_dtd(x->w, BAD_CAST "html", NULL, NULL, NULL));
	xw_raw(x, "\n");
	xw_start(x, "html");
	xw_attr(x, "lang", lang);
	xw_start(x, "head");
	xw_start(x, "meta");
	xw_attr(x, "charset", "utf-8");
	xw_end(x);
	xw_start(x, "meta");
	xw_attr(x, "name", "viewport");
	xw_attr(x, "content", "width=device-width, initial-scale=1");
	xw_end(x);
	xw_start(x, "title");
	xw_textf(x, "%s \xe2\x80\x94 %s", title, name);
	xw_full_end(x);
}

#endif
