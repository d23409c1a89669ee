/* libFuzzer harness: whitelists through the reader, the lookup, the writer and the exports;
 * signatures through the CMS check. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/whitelist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char content[] = "the bytes a fuzzed signature claims to sign";

/* One RFC 4180 field at *p (quoted or not); false when it is malformed or a spreadsheet
 * would take it for a formula (its first character =, +, -, @, tab or CR). */
static bool csv_field(const char **p, const char *end)
{
	const char *s = *p;
	bool quoted = s < end && *s == '"';

	if (quoted) {
		s++;
		if (s < end && strchr("=+-@\t\r", *s) && *s)
			return false;
		for (;; s++) {
			if (s >= end)
				return false;
			if (*s == '"' && (s + 1 >= end || s[1] != '"'))
				break;
			s += *s == '"';
		}
		s++;
	} else {
		/* unquoted, a CR is the end of the record: the field is empty */
		if (s < end && strchr("=+-@\t", *s) && *s)
			return false;
		while (s < end && *s != ',' && *s != '\r' && *s != '"' && *s != '\n')
			s++;
	}
	*p = s;
	return true;
}

/* The CSV export: rows records of 9 fields, each ending in CRLF, no formula. */
static bool csv_shape(const char *s, size_t len, size_t rows)
{
	const char *p = s, *end = s + len;
	size_t n = 0;

	while (p < end) {
		for (int f = 0; f < 9; f++) {
			if (!csv_field(&p, end))
				return false;
			if (f < 8 && (p >= end || *p++ != ','))
				return false;
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return false;
		p += 2;
		n++;
	}
	return n == rows;
}

/* The canonical form reads back as the same list: anything else is a bug. */
static void round_trip(const struct whitelist *wl)
{
	struct cot_err err = COT_ERR_INIT;
	struct whitelist again;
	char *xml = NULL, *out = NULL;
	size_t len = 0, olen = 0;

	if (whitelist_render(wl, &xml, &len, &err))
		abort();
	whitelist_init(&again);
	if (whitelist_parse("render.xml", xml, len, &again, &err) || again.n != wl->n ||
		again.sequence != wl->sequence)
		abort();
	for (size_t i = 0; i < wl->n; i++)
		if (strcmp(again.v[i].kbo, wl->v[i].kbo) ||
			strcmp(again.v[i].name, wl->v[i].name) ||
			strcmp(again.v[i].nihii, wl->v[i].nihii))
			abort();
	if (again.nsw != wl->nsw)
		abort();
	for (size_t i = 0; i < wl->nsw; i++)
		if (strcmp(again.sw[i].product, wl->sw[i].product) ||
			strcmp(again.sw[i].version, wl->sw[i].version) ||
			strcmp(again.sw[i].vendor, wl->sw[i].vendor) ||
			strcmp(again.sw[i].bundle, wl->sw[i].bundle))
			abort();
	for (int f = WL_EXPORT_CSV; f <= WL_EXPORT_JSON; f++) {
		if (whitelist_export(wl, (enum wl_export)f, &out, &olen, &err))
			abort();
		/* a header, then one row per organisation and per software version */
		if (f == WL_EXPORT_CSV && !csv_shape(out, olen, 1 + wl->n + wl->nsw))
			abort();
		free(out);
	}
	whitelist_release(&again);
	free(xml);
}

/* A lookup agrees with the whole parse: listed exactly when the parse lists it. */
static void agree(const uint8_t *data, size_t size, const struct whitelist *wl, const char *kbo)
{
	struct cot_err err = COT_ERR_INIT;
	struct wl_lookup l;
	bool listed = false;

	for (size_t i = 0; i < wl->n; i++)
		listed |= strcmp(wl->v[i].kbo, kbo) == 0;
	if (whitelist_lookup("fuzz.xml", data, size, kbo, &l, &err) || l.found != listed)
		abort();
	wl_lookup_release(&l);
}

/* A source handing the bytes out a few at a time, as a slow file or a pipe would. */
struct pieces {
	const uint8_t *p;
	size_t left, step;
};

static int pieces_read(void *ctx, char *buf, int len, struct cot_err *err)
{
	struct pieces *s = ctx;
	size_t n = s->step < s->left ? s->step : s->left;

	(void)err;
	n = n < (size_t)len ? n : (size_t)len;
	memcpy(buf, s->p, n);
	s->p += n;
	s->left -= n;
	return (int)n;
}

/* A software lookup, read in pieces, agrees with the whole parse for the first product listed. */
static void agree_software(const uint8_t *data, size_t size, const struct whitelist *wl)
{
	struct cot_err err = COT_ERR_INIT;
	struct pieces st = {data, size, 7};
	struct wl_source src = {pieces_read, &st};
	struct wl_query q;
	struct wl_lookup l;

	if (!wl->nsw)
		return;
	q = (struct wl_query){.product = wl->sw[0].product, .version = wl->sw[0].version};
	if (whitelist_query_from("fuzz.xml", &src, &q, &l, &err) || !l.found ||
		strcmp(l.sw.vendor, wl->sw[0].vendor) != 0)
		abort();
	wl_lookup_release(&l);
}

/* Read in pieces, a list gives the answer it gives whole. */
static void in_pieces(const uint8_t *data, size_t size, const char *kbo)
{
	struct cot_err err = COT_ERR_INIT;
	struct pieces p = {data, size, 1 + size % 13};
	struct wl_source src = {pieces_read, &p};
	struct wl_lookup whole, piecewise;
	int rc = whitelist_lookup("fuzz.xml", data, size, kbo, &whole, &err);

	if (size > WHITELIST_MAX)
		return;
	if (whitelist_lookup_from("fuzz.xml", &src, kbo, &piecewise, &err) != rc ||
		piecewise.found != whole.found)
		abort();
	wl_lookup_release(&whole);
	wl_lookup_release(&piecewise);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cot_err err = COT_ERR_INIT;
	struct whitelist wl;
	struct wl_lookup l;

	in_pieces(data, size, "0809394427");
	whitelist_init(&wl);
	if (whitelist_parse("fuzz.xml", data, size, &wl, &err) == COT_OK) {
		round_trip(&wl);
		agree(data, size, &wl, "0809394427");
		if (wl.n)
			agree(data, size, &wl, wl.v[wl.n / 2].kbo);
		agree_software(data, size, &wl);
	} else if (whitelist_lookup("fuzz.xml", data, size, "0809394427", &l, &err) == COT_OK) {
		/* an invalid list never answers a lookup, not even for an entry before the fault */
		abort();
	}
	whitelist_release(&wl);
	whitelist_sig_verify(
		content, sizeof(content) - 1, data, size, NULL, 1782864000, NULL, &err);
	return 0;
}
