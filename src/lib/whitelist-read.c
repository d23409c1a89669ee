/* Reads whitelists: one streaming SAX2 pass, the schema's rules checked as it goes, no DTD. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/ident.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/whitelist.h"
#include "cot/xmlbound.h"
#include "cot/xml-load.h"

/* The longest text of one element kept: a name of 256 characters is at most 1024 bytes. */
#define FIELD_MAX 4096

void whitelist_init(struct whitelist *wl)
{
	memset(wl, 0, sizeof(*wl));
}

void wl_software_release(struct wl_software *sw)
{
	free(sw->product);
	free(sw->version);
	memset(sw, 0, sizeof(*sw));
}

void whitelist_release(struct whitelist *wl)
{
	for (size_t i = 0; i < wl->n; i++)
		free(wl->v[i].name);
	free(wl->v);
	for (size_t i = 0; i < wl->nsw; i++)
		wl_software_release(&wl->sw[i]);
	free(wl->sw);
	whitelist_init(wl);
}

void wl_lookup_release(struct wl_lookup *l)
{
	free(l->org.name);
	wl_software_release(&l->sw);
	memset(l, 0, sizeof(*l));
}

/* ---- The scanner ------------------------------------------------------------------ */

/*
 * templates/whitelist.xsd checked by hand while libxml2's SAX2 parser streams the
 * document: its streaming schema validator costs five times the parse. Where the
 * schema leaves a choice to the validator, the scanner does what libxml2's does
 * (tests/cli/test-whitelist.sh runs both on the same documents): xs:unsignedLong
 * takes no white space and no sign; xs:date and xs:dateTime collapse it; a CDATA
 * section is not white space in element-only content; xsi:schemaLocation and
 * xsi:noNamespaceSchemaLocation are allowed and ignored (no other xsi: attribute is).
 */

enum field { F_NONE, F_NAME, F_NIHII, F_BUNDLE };

static const char *const field_names[] = {"", "name", "nihii", "bundle"};

/* The names met once per organisation, compared as the parser's dictionary holds them. */
enum name {
	N_ORGANISATION,
	N_NAME,
	N_NIHII,
	N_BUNDLE,
	N_KBO,
	N_SINCE,
	N_SOFTWARE,
	N_PRODUCT,
	N_VERSION,
	N_VENDOR,
	N_COUNT
};

static const char *const name_text[N_COUNT] = {"organisation", "name", "nihii", "bundle", "kbo",
	"since", "software", "product", "version", "vendor"};

/* Called with each organisation once it is complete and valid. org->name is lent. */
typedef bool (*org_fn)(void *arg, struct wl_org *org);

/* Called with each software package once complete and valid; its strings are lent. */
typedef bool (*sw_fn)(void *arg, struct wl_software *sw);

/* A whitelist streams: its nodes grow with its organisations, up to WHITELIST_MAX bytes. */
static const struct xml_limits whitelist_limits = {
	.attrs = 16, .ns = 8, .depth = 16, .nodes = WHITELIST_MAX / 4};

struct scan {
	xmlParserCtxtPtr ctxt;
	const char *name;
	struct cot_err *err;
	int rc;
	int depth;
	bool root_seen;
	const xmlChar *ns; /* WHITELIST_NS as the parser's dictionary holds it, once met */
	const xmlChar *names[N_COUNT]; /* name_text in the dictionary (NULL: not there) */
	unsigned long long sequence;
	char issued[21];
	char next_update[21];
	enum field field; /* the element open at depth 3 */
	enum field last;  /* the organisation's last child so far (F_NONE: none yet) */
	struct buf text;
	struct buf orgname; /* the current organisation's name, lent to fn as cur.name */
	struct wl_org cur;
	char prev[KBO_LEN + 1];
	size_t count;
	org_fn fn;
	void *arg;
	sw_fn swfn;	    /* NULL: software is checked, not handed out */
	bool in_software;   /* the element open at depth 2 is a software */
	bool software_seen; /* no organisation may follow */
	struct wl_software cursw;
	struct buf prevsw; /* the previous software's product NUL version NUL */
	size_t nsw;
	bool stopped; /* fn asked to stop (out of memory) */
	const struct wl_source *src;
	size_t total;		/* bytes read from src */
	bool eof;		/* src said it has no more */
	struct xml_bound bound; /* bounds on the markup, checked before the parser sees it */
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
 * inside a callback (xmlStopParser frees the input the parser may still read): the list
 * ends for the parser instead (pull), and every callback returns at once from then on.
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

/* A want of memory: no place in the file to name (cot_err_nomem). */
static void nomem(struct scan *s)
{
	if (!s->rc && !s->stopped)
		s->rc = cot_err_nomem(s->err);
}

/* A libxml2 message without its trailing newline. */
static void fail_xml(struct scan *s, const xmlError *e)
{
	char msg[400];
	size_t n;

	if (s->rc || s->stopped)
		return;
	snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : _("invalid document"));
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	s->rc = cot_err_set(s->err, COT_USAGE, "%s:%d:%d: %s", s->name,
		e && e->line > 0 ? e->line : line_of(s), e && e->line > 0 ? e->int2 : col_of(s),
		msg);
}

static bool xml_space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool all_space(const xmlChar *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!xml_space(p[i]))
			return false;
	return true;
}

static bool digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static int num(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* xs:date as the schema restricts it: YYYY-MM-DD, a day that exists, no year 0. */
static bool valid_day(const char *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, dd, dim;

	if (!digits(d, 4) || d[4] != '-' || !digits(d + 5, 2) || d[7] != '-' || !digits(d + 8, 2))
		return false;
	y = num(d, 4);
	m = num(d + 5, 2);
	dd = num(d + 8, 2);
	if (y == 0 || m < 1 || m > 12)
		return false;
	dim = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
	return dd >= 1 && dd <= dim;
}

/* xs:dateTime as the schema restricts it: YYYY-MM-DDTHH:MM:SSZ (24:00:00 allowed). */
static bool valid_time(const char *t)
{
	int h, m, sec;

	if (!valid_day(t) || t[10] != 'T' || !digits(t + 11, 2) || t[13] != ':' ||
		!digits(t + 14, 2) || t[16] != ':' || !digits(t + 17, 2) || t[19] != 'Z')
		return false;
	h = num(t + 11, 2);
	m = num(t + 14, 2);
	sec = num(t + 17, 2);
	return m <= 59 && sec <= 59 && (h <= 23 || (h == 24 && m == 0 && sec == 0));
}

/* xs:unsignedLong: digits only (leading zeros allowed), at most 2^64 - 1. */
static bool parse_ulong(const char *p, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;

	if (n == 0 || !digits(p, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned d = (unsigned)(p[i] - '0');
		if (v > (~0ULL - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*out = v;
	return true;
}

/* A value shown in a message: at most 64 bytes of it. */
#define SHOWN(p, n) (int)((n) < 64 ? (n) : 64), (const char *)(p)

/*
 * The value of an attribute (p, n) collapsed as the schema's date and time types do,
 * into out when it is exactly want bytes long.
 */
static bool collapsed(const xmlChar *p, size_t n, char *out, size_t want)
{
	while (n && xml_space(*p)) {
		p++;
		n--;
	}
	while (n && xml_space(p[n - 1]))
		n--;
	if (n != want)
		return false;
	memcpy(out, p, n);
	out[n] = '\0';
	return true;
}

static const char xsi_ns[] = "http://www.w3.org/2001/XMLSchema-instance";

/* An attribute in a namespace: only the two schema location hints are allowed. */
static bool allowed_foreign(const xmlChar **a)
{
	return strcmp((const char *)a[2], xsi_ns) == 0 &&
	       (strcmp((const char *)a[0], "schemaLocation") == 0 ||
		       strcmp((const char *)a[0], "noNamespaceSchemaLocation") == 0);
}

static void bad_attr(struct scan *s, const xmlChar **a, const char *elem)
{
	if (a[2])
		fail(s, COT_USAGE, _("attribute '{%s}%s' is not allowed on '%s'"),
			(const char *)a[2], (const char *)a[0], elem);
	else
		fail(s, COT_USAGE, _("attribute '%s' is not allowed on '%s'"), (const char *)a[0],
			elem);
}

/*
 * Whether a name from the parser is name_text[n]: libxml2 hands out names from its
 * dictionary, so the same pointer (the comparison stays right for any other string).
 */
static bool named(const struct scan *s, const xmlChar *got, enum name n)
{
	return got == s->names[n] || strcmp((const char *)got, name_text[n]) == 0;
}

/* Whether an element is {WHITELIST_NS}want (the parser hands out the same URI pointer). */
static bool in_ns(struct scan *s, const xmlChar *uri)
{
	if (!uri)
		return false;
	if (uri != s->ns) {
		if (strcmp((const char *)uri, WHITELIST_NS) != 0)
			return false;
		s->ns = uri;
	}
	return true;
}

static bool is(struct scan *s, const xmlChar *local, const xmlChar *uri, enum name n)
{
	return in_ns(s, uri) && named(s, local, n);
}

/* Where an element is not expected: one whole sentence for each place. */
enum place { AT_ROOT, IN_WHITELIST, IN_ORGANISATION, IN_SOFTWARE };

static void unexpected(struct scan *s, const xmlChar *local, const xmlChar *uri, enum place at,
	const char *expected)
{
	const char *n = (const char *)local;
	char name[300];

	if (uri && strcmp((const char *)uri, WHITELIST_NS) != 0) {
		snprintf(name, sizeof(name), "{%s}%s", (const char *)uri, n);
		n = name;
	}
	/* TRANSLATORS: an element's name, then the elements expected instead */
	if (at == AT_ROOT && uri)
		fail(s, COT_USAGE, _("element '%s' is not expected as the root (expected: %s)"), n,
			expected);
	else if (at == AT_ROOT)
		fail(s, COT_USAGE,
			_("element '%s' (no namespace) is not expected as the root "
			  "(expected: %s)"),
			n, expected);
	else if (at == IN_WHITELIST && uri)
		fail(s, COT_USAGE, _("element '%s' is not expected in 'whitelist' (expected: %s)"),
			n, expected);
	else if (at == IN_WHITELIST)
		fail(s, COT_USAGE,
			_("element '%s' (no namespace) is not expected in 'whitelist' "
			  "(expected: %s)"),
			n, expected);
	else if (at == IN_SOFTWARE)
		fail(s, COT_USAGE,
			_("element '%s' is not expected here in 'software' (expected: %s)"), n,
			expected);
	else if (uri)
		fail(s, COT_USAGE,
			_("element '%s' is not expected here in 'organisation' (expected: "
			  "%s)"),
			n, expected);
	else
		fail(s, COT_USAGE,
			_("element '%s' (no namespace) is not expected here in "
			  "'organisation' (expected: %s)"),
			n, expected);
}

static void start_root(
	struct scan *s, const xmlChar *local, const xmlChar *uri, const xmlChar **attrs, int n)
{
	bool version = false, sequence = false;

	if (!in_ns(s, uri) || strcmp((const char *)local, "whitelist") != 0) {
		unexpected(s, local, uri, AT_ROOT, "'whitelist' in " WHITELIST_NS);
		return;
	}
	s->root_seen = true;
	for (int i = 0; i < n && !s->rc; i++) {
		const xmlChar **a = attrs + 5 * i;
		const char *an = (const char *)a[0], *v = (const char *)a[3];
		size_t len = (size_t)(a[4] - a[3]);
		if (a[2]) {
			if (!allowed_foreign(a))
				bad_attr(s, a, "whitelist");
		} else if (strcmp(an, "version") == 0) {
			version = true;
			if (len != 1 || v[0] != '1')
				fail(s, COT_USAGE,
					_("attribute 'version' is '%.*s': the only "
					  "version is '1'"),
					SHOWN(v, len));
		} else if (strcmp(an, "sequence") == 0) {
			sequence = true;
			if (!parse_ulong(v, len, &s->sequence))
				fail(s, COT_USAGE,
					_("attribute 'sequence' is '%.*s': not a number "
					  "from 0 to 18446744073709551615"),
					SHOWN(v, len));
		} else if (strcmp(an, "issued") == 0) {
			if (!collapsed(a[3], len, s->issued, 20) || !valid_time(s->issued))
				fail(s, COT_USAGE,
					_("attribute 'issued' is '%.*s': not a UTC time "
					  "YYYY-MM-DDTHH:MM:SSZ"),
					SHOWN(v, len));
		} else if (strcmp(an, "next-update") == 0) {
			if (!collapsed(a[3], len, s->next_update, 20) ||
				!valid_time(s->next_update))
				fail(s, COT_USAGE,
					_("attribute 'next-update' is '%.*s': not a UTC time "
					  "YYYY-MM-DDTHH:MM:SSZ"),
					SHOWN(v, len));
		} else {
			bad_attr(s, a, "whitelist");
		}
	}
	if (!version)
		fail(s, COT_USAGE, _("attribute 'version' is missing on 'whitelist'"));
	else if (!sequence)
		fail(s, COT_USAGE, _("attribute 'sequence' is missing on 'whitelist'"));
	else if (!s->issued[0])
		fail(s, COT_USAGE, _("attribute 'issued' is missing on 'whitelist'"));
}

/* kbo: the schema's pattern [01][0-9]{9} on the value as it is (xs:string keeps spaces). */
static void org_kbo(struct scan *s, const char *v, size_t len)
{
	char kbo[KBO_LEN + 1], canon[KBO_LEN + 1], why[160] = "not in canonical form";

	if (len != KBO_LEN || (v[0] != '0' && v[0] != '1') || !digits(v, len)) {
		fail(s, COT_USAGE,
			_("attribute 'kbo' is '%.*s': not 10 digits starting with 0 or 1"),
			SHOWN(v, len));
		return;
	}
	memcpy(kbo, v, KBO_LEN);
	kbo[KBO_LEN] = '\0';
	/* the check digits, as kbo_parse has them: 97 - (the first eight mod 97) */
	if (97 - num(kbo, 8) % 97 != num(kbo + 8, 2)) {
		kbo_parse(kbo, canon, why, sizeof(why)); /* for its reason */
		fail(s, COT_USAGE, _("KBO '%s' is not valid: %s"), kbo, why);
		return;
	}
	if (s->prev[0] && strcmp(kbo, s->prev) <= 0) {
		fail(s, COT_USAGE,
			strcmp(kbo, s->prev)
				? _("KBO %s comes after a larger one: the "
				    "organisations must be in ascending KBO order, each once")
				: _("KBO %s is listed "
				    "twice: the organisations must be in ascending KBO order, each "
				    "once"),
			kbo);
		return;
	}
	memcpy(s->cur.kbo, kbo, sizeof(s->cur.kbo));
	memcpy(s->prev, kbo, sizeof(s->prev));
}

bool whitelist_product_ok(const char *p, char *why, size_t len)
{
	/* esc_columns counts code points, as the schema's maxLength does (not display width) */
	size_t n = strlen(p), chars = esc_columns(p, n);

	if (chars < 1 || chars > WHITELIST_PRODUCT_MAX)
		snprintf(why, len, _("%zu characters (1 to %d)"), chars, WHITELIST_PRODUCT_MAX);
	else if (esc_control_at(p, n, false, NULL) >= 0)
		snprintf(why, len, _("a control, bidi or invalid character"));
	else if (strpbrk(p, "<>&\""))
		snprintf(why, len, _("markup characters (< > & \")"));
	else if (p[0] == ' ' || p[n - 1] == ' ')
		snprintf(why, len, _("a space at either end"));
	else
		return true;
	return false;
}

/* product or version: kept in *out (a new string) when valid, else the scan fails. */
static void sw_text(struct scan *s, const char *attr, const char *v, size_t len, char **out)
{
	char why[160];

	free(*out);
	*out = strndup(v, len);
	if (!*out) {
		nomem(s);
	} else if (strlen(*out) != len || !whitelist_product_ok(*out, why, sizeof(why))) {
		fail(s, COT_USAGE, _("attribute '%s' is '%.*s': %s"), attr, SHOWN(v, len),
			strlen(*out) != len ? _("it holds a NUL") : why);
	}
}

/* vendor: a KBO with its check digits, as an organisation's. */
static void sw_vendor(struct scan *s, const char *v, size_t len)
{
	char kbo[KBO_LEN + 1], canon[KBO_LEN + 1], why[160];

	if (len != KBO_LEN || (v[0] != '0' && v[0] != '1') || !digits(v, len)) {
		fail(s, COT_USAGE,
			_("attribute 'vendor' is '%.*s': not 10 digits starting with 0 or 1"),
			SHOWN(v, len));
		return;
	}
	memcpy(kbo, v, KBO_LEN);
	kbo[KBO_LEN] = '\0';
	if (!kbo_parse(kbo, canon, why, sizeof(why)) || strcmp(kbo, canon) != 0)
		fail(s, COT_USAGE, _("KBO '%s' is not valid: %s"), kbo, why);
	else
		memcpy(s->cursw.vendor, kbo, sizeof(s->cursw.vendor));
}

static void sw_attr(struct scan *s, const xmlChar **a)
{
	const char *v = (const char *)a[3];
	size_t len = (size_t)(a[4] - a[3]);

	if (a[2]) {
		if (!allowed_foreign(a))
			bad_attr(s, a, "software");
	} else if (named(s, a[0], N_PRODUCT)) {
		sw_text(s, "product", v, len, &s->cursw.product);
	} else if (named(s, a[0], N_VERSION)) {
		sw_text(s, "version", v, len, &s->cursw.version);
	} else if (named(s, a[0], N_VENDOR)) {
		sw_vendor(s, v, len);
	} else if (named(s, a[0], N_SINCE)) {
		if (!collapsed(a[3], len, s->cursw.since, 10) || !valid_day(s->cursw.since))
			fail(s, COT_USAGE, _("attribute 'since' is '%.*s': not a day YYYY-MM-DD"),
				SHOWN(v, len));
	} else {
		bad_attr(s, a, "software");
	}
}

/* (product, version) strictly after the previous software's, bytewise. */
static void sw_order(struct scan *s)
{
	const struct wl_software *w = &s->cursw;
	int c = 0;

	if (s->prevsw.len) {
		c = strcmp(w->product, s->prevsw.data);
		if (!c)
			c = strcmp(w->version, s->prevsw.data + strlen(s->prevsw.data) + 1);
		if (c <= 0) {
			fail(s, COT_USAGE,
				c ? _("software '%s' %s comes after a larger one: the software "
				      "must be in ascending order of product and version, each "
				      "once")
				  : _("software '%s' %s is listed twice: the software must be in "
				      "ascending order of product and version, each once"),
				w->product, w->version);
			return;
		}
	}
	s->prevsw.len = 0;
	buf_add(&s->prevsw, w->product, strlen(w->product) + 1);
	buf_add(&s->prevsw, w->version, strlen(w->version) + 1);
	if (s->prevsw.failed)
		nomem(s);
}

static void start_software(struct scan *s, const xmlChar **attrs, int n)
{
	wl_software_release(&s->cursw);
	s->in_software = s->software_seen = true;
	s->last = F_NONE;
	for (int i = 0; i < n && !s->rc; i++)
		sw_attr(s, attrs + 5 * i);
	if (s->rc)
		return;
	if (!s->cursw.product)
		fail(s, COT_USAGE, _("attribute 'product' is missing on 'software'"));
	else if (!s->cursw.version)
		fail(s, COT_USAGE, _("attribute 'version' is missing on 'software'"));
	else if (!s->cursw.vendor[0])
		fail(s, COT_USAGE, _("attribute 'vendor' is missing on 'software'"));
	else if (!s->cursw.since[0])
		fail(s, COT_USAGE, _("attribute 'since' is missing on 'software'"));
	else
		sw_order(s);
}

static void start_org(
	struct scan *s, const xmlChar *local, const xmlChar *uri, const xmlChar **attrs, int n)
{
	if (is(s, local, uri, N_SOFTWARE)) {
		start_software(s, attrs, n);
		return;
	}
	if (!is(s, local, uri, N_ORGANISATION) || s->software_seen) {
		unexpected(s, local, uri, IN_WHITELIST,
			s->software_seen ? "'software'" : "'organisation' or 'software'");
		return;
	}
	s->in_software = false;
	memset(&s->cur, 0, sizeof(s->cur));
	s->orgname.len = 0;
	s->last = F_NONE;
	for (int i = 0; i < n && !s->rc; i++) {
		const xmlChar **a = attrs + 5 * i;
		const char *v = (const char *)a[3];
		size_t len = (size_t)(a[4] - a[3]);
		if (a[2]) {
			if (!allowed_foreign(a))
				bad_attr(s, a, "organisation");
		} else if (named(s, a[0], N_KBO)) {
			org_kbo(s, v, len);
		} else if (named(s, a[0], N_SINCE)) {
			if (!collapsed(a[3], len, s->cur.since, 10) || !valid_day(s->cur.since))
				fail(s, COT_USAGE,
					_("attribute 'since' is '%.*s': not a day "
					  "YYYY-MM-DD"),
					SHOWN(v, len));
		} else {
			bad_attr(s, a, "organisation");
		}
	}
	if (!s->cur.kbo[0])
		fail(s, COT_USAGE, _("attribute 'kbo' is missing on 'organisation'"));
	else if (!s->cur.since[0])
		fail(s, COT_USAGE, _("attribute 'since' is missing on 'organisation'"));
}

/* The children of organisation: name, then nihii (optional), then bundle (optional). */
static void start_field(
	struct scan *s, const xmlChar *local, const xmlChar *uri, const xmlChar **attrs, int n)
{
	enum field f = F_NONE;

	if (s->in_software) {
		if (s->last == F_NONE && is(s, local, uri, N_BUNDLE))
			f = F_BUNDLE;
		else
			unexpected(s, local, uri, IN_SOFTWARE,
				s->last == F_NONE ? _("'bundle' or the end of 'software'")
						  : _("the end of 'software'"));
		if (f == F_NONE)
			return;
	} else if (s->last == F_NONE && is(s, local, uri, N_NAME))
		f = F_NAME;
	else if (s->last == F_NAME && is(s, local, uri, N_NIHII))
		f = F_NIHII;
	else if ((s->last == F_NAME || s->last == F_NIHII) && is(s, local, uri, N_BUNDLE))
		f = F_BUNDLE;
	if (f == F_NONE) {
		unexpected(s, local, uri, IN_ORGANISATION,
			s->last == F_NONE    ? "'name'"
			: s->last == F_NAME  ? _("'nihii', 'bundle' or the end of 'organisation'")
			: s->last == F_NIHII ? _("'bundle' or the end of 'organisation'")
					     : _("the end of 'organisation'"));
		return;
	}
	for (int i = 0; i < n && !s->rc; i++)
		if (!attrs[5 * i + 2] || !allowed_foreign(attrs + 5 * i))
			bad_attr(s, attrs + 5 * i, field_names[f]);
	s->field = s->last = f;
	s->text.len = 0;
	s->text.failed = false;
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
	int nns, const xmlChar **ns, int nattrs, int ndefaulted, const xmlChar **attrs)
{
	struct scan *s = ctx;

	(void)prefix;
	(void)nns;
	(void)ns;
	(void)ndefaulted;
	if (s->rc || s->stopped)
		return;
	s->depth++;
	if (s->depth == 1)
		start_root(s, local, uri, attrs, nattrs);
	else if (s->depth == 2)
		start_org(s, local, uri, attrs, nattrs);
	else if (s->depth == 3)
		start_field(s, local, uri, attrs, nattrs);
	else
		fail(s, COT_USAGE, _("element '%s' is not allowed in '%s': it holds text only"),
			(const char *)local, field_names[s->field]);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
	struct scan *s = ctx;

	if (s->rc)
		return;
	if (s->depth == 3) {
		buf_add(&s->text, ch, (size_t)len);
		if (s->text.failed)
			fail(s, COT_USAGE, _("an element's text is longer than %d bytes"),
				FIELD_MAX);
	} else if (s->depth > 0 && !all_space(ch, (size_t)len)) {
		fail(s, COT_USAGE, _("text is not allowed in '%s', only elements"),
			s->depth == 1	 ? "whitelist"
			: s->in_software ? "software"
					 : "organisation");
	}
}

/* As the schema's validator has it: a CDATA section is text, even when it is white space. */
static void on_cdata(void *ctx, const xmlChar *ch, int len)
{
	struct scan *s = ctx;

	if (s->rc)
		return;
	if (s->depth == 3)
		on_text(ctx, ch, len);
	else if (s->depth > 0)
		fail(s, COT_USAGE, _("a CDATA section is not allowed in '%s', only elements"),
			s->depth == 1	 ? "whitelist"
			: s->in_software ? "software"
					 : "organisation");
}

static bool lower_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

static void end_field(struct scan *s)
{
	const char *t = s->text.data ? s->text.data : "";
	size_t n = s->text.len, chars;
	long cp;

	if (s->field == F_NAME) {
		chars = esc_columns(t, n); /* code points, as maxLength counts them */
		if (chars < 1 || chars > WHITELIST_NAME_MAX) {
			fail(s, COT_USAGE,
				ngettext("element 'name' has %zu character (1 to %d)",
					"element 'name' has %zu characters (1 to %d)", chars),
				chars, WHITELIST_NAME_MAX);
			return;
		}
		/* tab and newline are whitespace XML has always allowed here; outputs escape them
		 */
		if (esc_control_at(t, n, true, &cp) >= 0) {
			fail(s, COT_USAGE,
				_("element 'name' holds the control character %s%0*lx: control, "
				  "bidi and invalid characters are not allowed"),
				cp < 0x80 ? "\\x" : "\\u", cp < 0x80 ? 2 : 4, cp < 0 ? -cp : cp);
			return;
		}
		s->orgname.len = 0;
		buf_add(&s->orgname, t, n);
		if (s->orgname.failed)
			nomem(s);
	} else if (s->field == F_NIHII) {
		if (n != NIHII_ORG_LEN || !digits(t, n))
			fail(s, COT_USAGE, _("element 'nihii' is '%.*s': not 8 digits"),
				SHOWN(t, n));
		else
			memcpy(s->cur.nihii, t, n + 1);
	} else if (s->field == F_BUNDLE) {
		if (n != 64 || !lower_hex(t, n))
			fail(s, COT_USAGE,
				_("element 'bundle' is '%.*s': not 64 lowercase hex "
				  "digits (a SHA-256)"),
				SHOWN(t, n));
		else
			memcpy(s->in_software ? s->cursw.bundle : s->cur.bundle, t, n + 1);
	}
	s->field = F_NONE;
}

static void end_software(struct scan *s)
{
	s->nsw++;
	if (s->swfn && s->swfn(s->arg, &s->cursw))
		s->stopped = true;
	wl_software_release(&s->cursw);
}

/* The organisation is complete and valid: hand it out. */
static void end_org(struct scan *s)
{
	if (s->in_software) {
		end_software(s);
		return;
	}
	if (s->last == F_NONE) {
		fail(s, COT_USAGE, _("organisation %s has no element 'name'"), s->cur.kbo);
		return;
	}
	s->count++;
	s->cur.name = s->orgname.data;
	if (s->fn(s->arg, &s->cur))
		s->stopped = true;
	s->cur.name = NULL;
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
		end_org(s);
	s->depth--;
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext, const xmlChar *sys)
{
	(void)name;
	(void)ext;
	(void)sys;
	fail(ctx, COT_USAGE, _("a DOCTYPE is not allowed in a whitelist (no DTD, no entities)"));
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
	h->ignorableWhitespace = on_text;
	h->cdataBlock = on_cdata;
	h->internalSubset = on_doctype;
	h->externalSubset = on_doctype;
	/* well-formedness errors are read from the context afterwards, never printed */
	h->warning = quiet;
	h->error = quiet;
	h->fatalError = quiet;
}

/* The markup of the n bytes just read, within bounds; else the scan fails, before the
 * parser (quadratic in the attributes of an element) sees them. */
static bool bounded(struct scan *s, const char *p, size_t n)
{
	struct cot_err e = COT_ERR_INIT;

	if (!xml_bound_feed(&s->bound, p, n, &e))
		return false;
	if (e.nomem) {
		s->rc = cot_err_copy(s->err, &e);
		return true;
	}
	s->rc = cot_err_set(s->err, COT_USAGE, _("'%s' is refused: %s"), s->name, e.msg);
	return true;
}

/*
 * libxml2 pulls the bytes through this: it reads them into its own buffer, where nothing
 * else can change them, and parses them from there. Its lookahead takes a short read for
 * the end of what there is, so the buffer is filled as far as the source goes. Once an
 * error is recorded the list ends (0) for the parser: a broken list is read at most a
 * buffer's worth past its fault.
 */
static int pull(void *ctx, char *buf, int len)
{
	struct scan *s = ctx;
	int got = 0;

	while (got < len && !s->eof && !s->rc && !s->stopped) {
		int n = s->src->read(s->src->ctx, buf + got, len - got, s->err);
		if (n < 0) {
			s->rc = s->err->code ? s->err->code : COT_ENV;
			return -1;
		}
		s->total += (size_t)n;
		s->eof = n == 0;
		if (n > 0 && bounded(s, buf + got, (size_t)n))
			return -1;
		got += n;
		if (s->total > WHITELIST_MAX) {
			s->rc = cot_err_set(s->err, COT_USAGE,
				_("'%s' is too large (more than %zu "
				  "bytes)"),
				s->name, WHITELIST_MAX);
			return -1;
		}
	}
	return s->rc || s->stopped ? 0 : got;
}

/* Sets up a pull parser reading s->src; COT_ENV when out of memory. */
static int scan_open(struct scan *s)
{
	xml_api.init_parser();
	s->ctxt = xml_api.create_io_parser_ctxt(NULL, NULL, pull, NULL, s, XML_CHAR_ENCODING_NONE);
	if (!s->ctxt)
		return cot_err_nomem(s->err);
	handlers(s->ctxt->sax);
	s->ctxt->userData = s;
	xml_api.ctxt_use_options(s->ctxt, XML_PARSE_NONET);
	for (int i = 0; i < N_COUNT; i++)
		s->names[i] = xml_api.dict_lookup(s->ctxt->dict, (const xmlChar *)name_text[i], -1);
	return COT_OK;
}

/* The parser's own (well-formedness) error, if any, once it has stopped. */
static void parse_outcome(struct scan *s)
{
	if (s->rc || s->stopped)
		return;
	if (s->total == 0) {
		fail(s, COT_USAGE, _("the document is empty"));
	} else if (!s->ctxt->wellFormed && s->depth > 0 && s->eof &&
		   s->ctxt->errNo == XML_ERR_TAG_NOT_FINISHED) {
		/* what the parser says when the bytes end inside an element */
		fail(s, COT_USAGE, _("the document ends inside an element: truncated"));
	} else if (!s->ctxt->wellFormed) {
		fail_xml(s, xml_api.ctxt_get_last_error(s->ctxt));
		if (!s->rc)
			fail(s, COT_USAGE, _("not well-formed XML"));
	} else if (!s->root_seen) {
		fail(s, COT_USAGE, _("no whitelist element"));
	} else if (s->depth != 0) {
		fail(s, COT_USAGE, _("the document ends inside an element: truncated"));
	}
}

/* Runs the scan over the whole of s->src, calling s->fn for each organisation. */
static int scan_run(struct scan *s)
{
	xmlGenericErrorFunc generic = *xml_api.generic_error();
	void *generic_ctx = *xml_api.generic_error_context();
	int rc;

	xml_api.set_generic_error_func(NULL, quiet);
	s->text.max = FIELD_MAX;
	xml_bound_init(&s->bound, &whitelist_limits);
	rc = scan_open(s);
	if (!rc) {
		xml_api.parse_document(s->ctxt);
		parse_outcome(s);
		rc = s->rc;
	}
	xml_api.set_generic_error_func(generic_ctx, generic);
	if (s->ctxt) {
		s->ctxt->userData = s->ctxt;
		xml_api.free_doc(s->ctxt->myDoc);
		xml_api.free_parser_ctxt(s->ctxt);
	}
	buf_release(&s->text);
	buf_release(&s->orgname);
	buf_release(&s->prevsw);
	wl_software_release(&s->cursw);
	return rc;
}

/* ---- Sources ---------------------------------------------------------------------- */

struct mem_source {
	const char *p;
	size_t left;
};

static int mem_read(void *ctx, char *buf, int len, struct cot_err *err)
{
	struct mem_source *m = ctx;
	size_t n = m->left < (size_t)len ? m->left : (size_t)len;

	(void)err;
	memcpy(buf, m->p, n);
	m->p += n;
	m->left -= n;
	return (int)n;
}

/* The checks a list in memory gets before a byte is parsed. */
static int mem_open(const char *name, const void *data, size_t len, struct mem_source *m,
	struct wl_source *src, struct cot_err *err)
{
	if (len > WHITELIST_MAX)
		return cot_err_set(err, COT_USAGE, _("'%s' is too large (%zu bytes, at most %zu)"),
			name, len, WHITELIST_MAX);
	m->p = data;
	m->left = len;
	src->read = mem_read;
	src->ctx = m;
	return COT_OK;
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

static bool keep_software(void *arg, struct wl_software *sw)
{
	struct whitelist *wl = arg;

	if (wl->nsw == wl->swalloc) {
		size_t alloc = wl->swalloc ? wl->swalloc * 2 : 16;
		struct wl_software *v = realloc(wl->sw, alloc * sizeof(*v));
		if (!v)
			return true;
		wl->sw = v;
		wl->swalloc = alloc;
	}
	wl->sw[wl->nsw++] = *sw; /* taken: the scanner forgets it */
	memset(sw, 0, sizeof(*sw));
	return false;
}

/* Scans the whole of src with fn; a stop asked by fn (out of memory) is an error. */
static int scan_all(struct scan *s, const char *name, const struct wl_source *src, org_fn fn,
	sw_fn swfn, void *arg, struct cot_err *err)
{
	int rc;

	memset(s, 0, sizeof(*s));
	if ((rc = xml_load(err)))
		return rc;
	s->name = name;
	s->err = err;
	s->src = src;
	s->fn = fn;
	s->swfn = swfn;
	s->arg = arg;
	rc = scan_run(s);
	if (!rc && s->stopped) {
		rc = cot_err_nomem(err);
		cot_err_prefix(err, _("cannot read '%s'"), name);
	}
	return rc;
}

int whitelist_parse(
	const char *name, const void *data, size_t len, struct whitelist *wl, struct cot_err *err)
{
	struct mem_source m;
	struct wl_source src;
	struct scan s;
	int rc;

	if ((rc = mem_open(name, data, len, &m, &src, err)))
		return rc;
	if ((rc = scan_all(&s, name, &src, keep_org, keep_software, wl, err))) {
		whitelist_release(wl);
		return rc;
	}
	wl->sequence = s.sequence;
	memcpy(wl->issued, s.issued, sizeof(wl->issued));
	memcpy(wl->next_update, s.next_update, sizeof(wl->next_update));
	return COT_OK;
}

struct find {
	const struct wl_query *q;
	struct wl_lookup *out;
};

/* Notes the match and reads on: only a whole, valid list gives an answer. */
static bool find_org(void *arg, struct wl_org *org)
{
	struct find *f = arg;

	if (!f->q->kbo || strcmp(org->kbo, f->q->kbo) != 0)
		return false;
	f->out->found = true;
	f->out->org = *org;
	f->out->org.name = strdup(org->name);
	return !f->out->org.name; /* out of memory stops; the caller sees it */
}

/* A version of the product asked: the one asked, or (any version) the last listed. */
static bool find_software(void *arg, struct wl_software *sw)
{
	struct find *f = arg;

	if (!f->q->product || strcmp(sw->product, f->q->product) != 0)
		return false;
	f->out->versions++;
	if (f->q->version && strcmp(sw->version, f->q->version) != 0)
		return false;
	f->out->found = true;
	wl_software_release(&f->out->sw);
	f->out->sw = *sw; /* taken: the scanner forgets it */
	memset(sw, 0, sizeof(*sw));
	return false;
}

int whitelist_lookup_from(const char *name, const struct wl_source *src, const char *kbo,
	struct wl_lookup *out, struct cot_err *err)
{
	struct wl_query q = {.kbo = kbo};

	return whitelist_query_from(name, src, &q, out, err);
}

int whitelist_query_from(const char *name, const struct wl_source *src, const struct wl_query *q,
	struct wl_lookup *out, struct cot_err *err)
{
	struct find f = {q, out};
	struct scan s;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scan_all(&s, name, src, find_org, find_software, &f, err))) {
		wl_lookup_release(out);
		return rc;
	}
	out->sequence = s.sequence;
	out->scanned = s.count;
	memcpy(out->issued, s.issued, sizeof(out->issued));
	memcpy(out->next_update, s.next_update, sizeof(out->next_update));
	return COT_OK;
}

int whitelist_lookup(const char *name, const void *data, size_t len, const char *kbo,
	struct wl_lookup *out, struct cot_err *err)
{
	struct mem_source m;
	struct wl_source src;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = mem_open(name, data, len, &m, &src, err)))
		return rc;
	return whitelist_lookup_from(name, &src, kbo, out, err);
}
