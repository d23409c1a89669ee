/* Requirement sets and answer files: strict loading against their JSON Schemas, by hand. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot-config.h"
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/ytext.h"
#include "shipped-sets.h"

/* Where the loaders report: the file and the findings sink. */
struct lctx {
	const char *file;
	struct diag_list *d;
};

static struct loc loc_of(const struct ynode *n)
{
	struct loc l = {n ? n->line : 1, n ? n->col : 1};

	return l;
}

static void err_at(struct lctx *c, const struct ynode *n, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void err_at(struct lctx *c, const struct ynode *n, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->file, n ? n->line : 1, n ? n->col : 1, rule, fmt, ap);
	va_end(ap);
}

/* --- scalar types ---------------------------------------------------------- */

/*
 * What an unquoted scalar is to the YAML tools people use: YAML 1.2 editors
 * and PyYAML (YAML 1.1, dates excepted). A value either reads as a number,
 * boolean or null is not a string; cot asks for quotes rather than guess.
 */
enum stype { T_STR, T_NULL, T_BOOL, T_INT, T_FLOAT };

/* The first byte decides most comparisons: strcmp only when it matches (a fifth of loading). */
static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == s[0] && strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool all_in(const char *s, const char *set)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr(set, *s))
			return false;
	return true;
}

static bool int_like(const char *s)
{
	const char *p = s + (*s == '+' || *s == '-');

	if (strncmp(p, "0b", 2) == 0)
		return all_in(p + 2, "01_");
	if (strncmp(p, "0x", 2) == 0)
		return all_in(p + 2, "0123456789abcdefABCDEF_");
	if (strncmp(p, "0o", 2) == 0)
		return all_in(p + 2, "01234567");
	if (!all_in(p, "0123456789_:") || *p == '_' || *p == ':')
		return false;
	if (strchr(p, ':')) /* YAML 1.1 base 60: 1:30 */
		return *p != '0';
	return !strchr(p, '_') || *p != '0' || all_in(p, "01234567_");
}

static bool float_like(const char *s)
{
	static const char *const special[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN", NULL};
	const char *p = s + (*s == '+' || *s == '-');
	bool digits = false, dot = false;

	if (one_of(p, special))
		return true;
	for (; *p && *p != 'e' && *p != 'E'; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && !dot)
			dot = true;
		else if (*p == '_' && digits)
			continue;
		else if (*p == ':' && digits && !dot)
			continue; /* YAML 1.1 base 60: 1:30.5 */
		else
			return false;
	}
	if (!digits)
		return false;
	if (!*p)
		return dot;
	p++;
	p += *p == '+' || *p == '-';
	return all_in(p, "0123456789");
}

static enum stype scalar_type(const struct ynode *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
	static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE",
		"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", NULL};

	const char *s = n->str;

	/* Most values start with a letter no special form starts with: decide on it. */
	if (!n->plain)
		return T_STR;
	switch (s[0]) {
	case '\0':
		return T_NULL;
	case '~':
	case 'n':
	case 'N':
		if (one_of(s, nulls))
			return T_NULL;
	}
	switch (s[0]) {
	case 't':
	case 'T':
	case 'f':
	case 'F':
	case 'y':
	case 'Y':
	case 'n':
	case 'N':
	case 'o':
	case 'O':
		return one_of(s, bools) ? T_BOOL : T_STR;
	}
	if (!((s[0] >= '0' && s[0] <= '9') || s[0] == '+' || s[0] == '-' || s[0] == '.'))
		return T_STR;
	if (int_like(s))
		return T_INT;
	if (float_like(s))
		return T_FLOAT;
	return T_STR;
}

static const char *type_name(const struct ynode *n)
{
	if (n->kind == Y_MAP)
		return _("a mapping");
	if (n->kind == Y_SEQ)
		return _("a list");
	switch (scalar_type(n)) {
	case T_NULL:
		return _("empty (null)");
	case T_BOOL:
		return _("a boolean");
	case T_INT:
		return _("a number");
	case T_FLOAT:
		return _("a number");
	default:
		return _("a string");
	}
}

/* --- typed access ---------------------------------------------------------- */

static void unknown_keys(
	struct lctx *c, const struct ynode *map, const char *const *allowed, const char *what)
{
	for (size_t i = 0; i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		struct buf b = BUF_INIT;
		if (k->kind != Y_SCALAR || one_of(k->str, allowed))
			continue;
		for (const char *const *a = allowed; *a; a++)
			buf_addf(&b, "%s%s", a == allowed ? "" : ", ", *a);
		err_at(c, k, "schema-unknown-key", _("unknown key '%s' in %s (allowed: %s)"),
			k->str, what, b.data ? b.data : "");
		buf_release(&b);
	}
}

/* The value under key; reports schema-required when absent and required. */
static const struct ynode *field(
	struct lctx *c, const struct ynode *map, const char *key, bool required, const char *what)
{
	const struct ynode *v = ymap_get(map, key);

	if (!v && required)
		err_at(c, map, "schema-required", _("%s has no '%s'"), what, key);
	return v;
}

static bool want_kind(struct lctx *c, const struct ynode *v, enum ynode_kind kind, const char *key)
{
	if (v->kind == kind)
		return true;
	err_at(c, v, "schema-type", _("'%s' must be %s, not %s"), key,
		kind == Y_MAP ? _("a mapping") : _("a list"), type_name(v));
	return false;
}

/* A string value: quoted, or unquoted text no YAML tool reads as anything else. */
static const char *want_str(struct lctx *c, const struct ynode *v, const char *key, bool nonempty)
{
	if (v->kind != Y_SCALAR || scalar_type(v) != T_STR) {
		if (v->kind == Y_SCALAR && scalar_type(v) != T_NULL)
			err_at(c, v, "schema-type",
				_("'%s' must be a string, not %s: quote it (\"%s\")"), key,
				type_name(v), v->str);
		else
			err_at(c, v, "schema-type", _("'%s' must be a string, not %s"), key,
				type_name(v));
		return NULL;
	}
	if (strlen(v->str) != v->len) {
		err_at(c, v, "schema-type", _("'%s' holds a NUL character"), key);
		return NULL;
	}
	if (nonempty && !v->str[strspn(v->str, " \t\r\n")]) {
		err_at(c, v, "text-empty", _("'%s' is empty"), key);
		return NULL;
	}
	return v->str;
}

static const char *get_str(struct lctx *c, const struct ynode *map, const char *key, bool required,
	bool nonempty, const char *what)
{
	const struct ynode *v = field(c, map, key, required, what);

	return v ? want_str(c, v, key, nonempty) : NULL;
}

static const struct ynode *get_kind(struct lctx *c, const struct ynode *map, const char *key,
	enum ynode_kind kind, bool required, const char *what)
{
	const struct ynode *v = field(c, map, key, required, what);

	return v && want_kind(c, v, kind, key) ? v : NULL;
}

static bool get_bool(
	struct lctx *c, const struct ynode *map, const char *key, const char *what, bool *out)
{
	const struct ynode *v = field(c, map, key, true, what);

	if (!v)
		return false;
	if (v->kind == Y_SCALAR && v->plain &&
		(!strcmp(v->str, "true") || !strcmp(v->str, "false"))) {
		*out = strcmp(v->str, "true") == 0;
		return true;
	}
	if (v->kind == Y_SCALAR && scalar_type(v) != T_NULL)
		err_at(c, v, "schema-type", _("'%s' must be true or false, not '%s'"), key, v->str);
	else
		err_at(c, v, "schema-type", _("'%s' must be true or false, not %s"), key,
			type_name(v));
	return false;
}

static bool matches_slug(const char *s)
{
	const char *p = s;

	if (!*p)
		return false;
	for (; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && !(*p == '-' && p > s && p[-1] != '-' && p[1]))
			return false;
	}
	return true;
}

/* ^[A-Z]{2,5}-[0-9]{2}$ */
static bool matches_req_id(const char *s)
{
	size_t k = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

	return k >= 2 && k <= 5 && s[k] == '-' && s[k + 1] >= '0' && s[k + 1] <= '9' &&
	       s[k + 2] >= '0' && s[k + 2] <= '9' && !s[k + 3];
}

/* ^[0-9]+(\.[0-9]+){0,2}$ */
static bool matches_version(const char *s)
{
	int parts = 0;

	for (;;) {
		size_t k = strspn(s, "0123456789");
		if (!k)
			return false;
		parts++;
		s += k;
		if (!*s)
			return parts <= 3;
		if (*s++ != '.')
			return false;
	}
}

/* A real calendar date YYYY-MM-DD (the schema's pattern and format). */
static bool matches_date(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, dd;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789") != 4 ||
		strspn(s + 5, "0123456789") != 2 || strspn(s + 8, "0123456789") != 2)
		return false;
	y = atoi(s);
	m = atoi(s + 5);
	dd = atoi(s + 8);
	if (m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1])
		return false;
	return !(m == 2 && dd == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

static const char *get_slug(
	struct lctx *c, const struct ynode *map, const char *key, bool required, const char *what)
{
	const char *s = get_str(c, map, key, required, false, what);

	if (s && !matches_slug(s)) {
		err_at(c, ymap_get(map, key), "schema-pattern",
			_("'%s' is not a valid %s (lower-case letters, digits and single "
			  "hyphens)"),
			s, key);
		return NULL;
	}
	return s;
}

static bool get_date(struct lctx *c, const struct ynode *map, const char *key, bool required,
	const char *what, char out[11], struct loc *at)
{
	const struct ynode *v = field(c, map, key, required, what);
	const char *s;

	out[0] = '\0';
	if (!v)
		return !required;
	*at = loc_of(v);
	if (!(s = want_str(c, v, key, false)))
		return false;
	if (!matches_date(s)) {
		err_at(c, v, "schema-format", _("'%s' is not a date YYYY-MM-DD ('%s')"), key, s);
		return false;
	}
	memcpy(out, s, 11);
	return true;
}

/* Index of s in names (NULL-terminated), or -1. */
static int name_index(const char *s, const char *const *names)
{
	for (int i = 0; names[i]; i++)
		if (names[i][0] == s[0] && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* The text of a scalar that is not null and holds no NUL, whatever its YAML type; else NULL. */
static const char *scalar_word(const struct ynode *v)
{
	if (v->kind != Y_SCALAR || scalar_type(v) == T_NULL || strlen(v->str) != v->len)
		return NULL;
	return v->str;
}

static int get_enum(struct lctx *c, const struct ynode *map, const char *key, bool required,
	const char *what, const char *const *names)
{
	const struct ynode *v = field(c, map, key, required, what);
	const char *s;
	struct buf b = BUF_INIT;
	int i;

	if (!v)
		return -1;
	/* a word that is none of names (yes, 1.0) is told the names, not to quote it */
	s = scalar_word(v);
	if (!s || name_index(s, names) >= 0) {
		if (!(s = want_str(c, v, key, false)))
			return -1;
		if ((i = name_index(s, names)) >= 0)
			return i;
	}
	for (const char *const *n = names; *n; n++)
		buf_addf(&b, "%s%s", n == names ? "" : ", ", *n);
	err_at(c, v, "schema-enum", _("'%s' is not a valid %s (%s)"), s, key, b.data ? b.data : "");
	buf_release(&b);
	return -1;
}

/* A multilingual text: nl, fr and en required, de allowed, none empty. */
static bool get_ltext(struct lctx *c, const struct ynode *map, const char *key, bool required,
	const char *what, struct ltext *out)
{
	static const char *const keys[] = {"nl", "fr", "en", "de", NULL};
	static const enum lang langs[] = {LANG_NL, LANG_FR, LANG_EN};
	const struct ynode *t = get_kind(c, map, key, Y_MAP, required, what);
	unsigned errors = c->d->errors;

	if (!t)
		return !required && !ymap_get(map, key);
	unknown_keys(c, t, keys, key);
	for (int i = 0; i < 3; i++) {
		const struct ynode *v = ymap_get(t, keys[i]);
		const char *s;
		if (!v) {
			err_at(c, t, "translation-missing", _("%s of %s has no '%s' text"), key,
				what, keys[i]);
			continue;
		}
		s = want_str(c, v, keys[i], true);
		if (s)
			out->s[langs[i]] = xstrdup(s);
	}
	if (ymap_get(t, "de"))
		want_str(c, ymap_get(t, "de"), "de", true);
	return c->d->errors == errors;
}

/* A list of distinct names from names (minItems 1); their bits in *mask or text in *list. */
static void get_name_list(struct lctx *c, const struct ynode *map, const char *key,
	const char *what, const char *const *names, unsigned *mask, char **list)
{
	const struct ynode *seq = get_kind(c, map, key, Y_SEQ, true, what);
	struct buf b = BUF_INIT;

	*mask = 0;
	if (!seq)
		return;
	if (seq->n == 0)
		err_at(c, seq, "schema-range", _("'%s' must list at least one value"), key);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *v = seq->kids[i];
		const char *s = want_str(c, v, key, false);
		struct buf allowed = BUF_INIT;
		int k;
		if (!s)
			continue;
		if ((k = name_index(s, names)) < 0) {
			for (const char *const *n = names; *n; n++)
				buf_addf(&allowed, "%s%s", n == names ? "" : ", ", *n);
			err_at(c, v, "schema-enum", _("'%s' is not a valid value of %s (%s)"), s,
				key, allowed.data ? allowed.data : "");
			buf_release(&allowed);
			continue;
		}
		if (*mask & (1u << k)) {
			err_at(c, v, "schema-unique", _("'%s' is listed twice in %s"), s, key);
			continue;
		}
		*mask |= 1u << k;
		if (!list)
			continue;
		/* not buf_addf: formatting was a tenth of loading a set */
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, s);
	}
	if (list)
		*list = buf_detach(&b, NULL);
	buf_release(&b);
}

/* --- requirement sets ------------------------------------------------------ */

static const char *const route_names[] = {"vitalink", "direct", NULL};
static const char *const kind_names[] = {"organisation", "vendor", NULL};
static const char *const level_names[] = {"mandatory", "recommended", NULL};
static const char *const answer_kind_names[] = {"status", "status-and-date", "text", NULL};
static const char *const evidence_kind_names[] = {"policy", "procedure", "record", "contract",
	"report", "screenshot", "configuration", "training", "declaration", NULL};
static const char *const status_names[] = {
	"compliant", "partial", "planned", "non-compliant", "not-applicable", "open", NULL};

const char *ans_status_name(enum ans_status s)
{
	return s < ST_COUNT ? status_names[s] : "?";
}

const char *req_level_name(enum req_level l)
{
	return level_names[l];
}

static void load_sources(struct lctx *c, const struct ynode *root, struct reqset *rs)
{
	static const char *const keys[] = {"id", "title", "url", NULL};
	const struct ynode *seq =
		get_kind(c, root, "sources", Y_SEQ, true, _("the requirement set"));

	if (!seq)
		return;
	if (seq->n == 0)
		err_at(c, seq, "schema-range", _("'sources' must list at least one source"));
	rs->sources = xcalloc(seq->n, sizeof(*rs->sources));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i];
		struct req_source *s = &rs->sources[rs->nsources];
		const char *url;
		if (!want_kind(c, m, Y_MAP, "sources item"))
			continue;
		unknown_keys(c, m, keys, _("a source"));
		s->id = xstrdup(get_slug(c, m, "id", true, _("a source")));
		s->title = xstrdup(get_str(c, m, "title", true, true, _("a source")));
		s->at = loc_of(m);
		url = get_str(c, m, "url", false, false, _("a source"));
		if (url && strncmp(url, "http://", 7) && strncmp(url, "https://", 8))
			err_at(c, ymap_get(m, "url"), "schema-pattern",
				_("'url' must start with http:// or https://"));
		if (s->id)
			rs->nsources++;
		else
			free(s->title);
	}
}

static void load_categories(struct lctx *c, const struct ynode *root, struct reqset *rs)
{
	static const char *const keys[] = {"id", "title", NULL};
	const struct ynode *seq =
		get_kind(c, root, "categories", Y_SEQ, true, _("the requirement set"));

	if (!seq)
		return;
	if (seq->n == 0)
		err_at(c, seq, "schema-range", _("'categories' must list at least one category"));
	rs->cats = xcalloc(seq->n, sizeof(*rs->cats));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i];
		struct req_category *cat = &rs->cats[rs->ncats];
		const char *id;
		char what[80];
		if (!want_kind(c, m, Y_MAP, "categories item"))
			continue;
		unknown_keys(c, m, keys, _("a category"));
		id = get_slug(c, m, "id", true, _("a category"));
		/* TRANSLATORS: a noun phrase, in messages about it: the category's id. */
		snprintf(what, sizeof(what), _("category '%s'"), id ? id : "?");
		get_ltext(c, m, "title", true, what, &cat->title);
		cat->at = loc_of(m);
		if (id) {
			cat->id = xstrdup(id);
			rs->ncats++;
		} else {
			for (int l = 0; l < LANG_COUNT; l++)
				free(cat->title.s[l]);
			memset(cat, 0, sizeof(*cat));
		}
	}
}

static void load_applies(
	struct lctx *c, const struct ynode *m, struct requirement *r, const char *what)
{
	static const char *const keys[] = {"routes", "kinds", NULL};
	const struct ynode *a = get_kind(c, m, "applies_to", Y_MAP, true, what);

	if (!a)
		return;
	unknown_keys(c, a, keys, "applies_to");
	get_name_list(c, a, "routes", "applies_to", route_names, &r->routes, NULL);
	get_name_list(c, a, "kinds", "applies_to", kind_names, &r->kinds, NULL);
}

static void load_evidence_rule(
	struct lctx *c, const struct ynode *m, struct requirement *r, const char *what)
{
	static const char *const keys[] = {"required", "kinds", NULL};
	const struct ynode *e = get_kind(c, m, "evidence", Y_MAP, true, what);
	unsigned mask;

	if (!e)
		return;
	unknown_keys(c, e, keys, "evidence");
	get_bool(c, e, "required", "evidence", &r->evidence_required);
	get_name_list(c, e, "kinds", "evidence", evidence_kind_names, &mask, &r->evidence_kinds);
}

static void load_requirement(struct lctx *c, const struct ynode *m, struct requirement *r)
{
	static const char *const keys[] = {"id", "category", "title", "description", "level",
		"applies_to", "answer", "evidence", "not_applicable", "review_months", "source",
		NULL};
	static const char *const skeys[] = {"id", "ref", NULL};
	const struct ynode *v, *src;
	const char *id = get_str(c, m, "id", true, false, _("a requirement"));
	char what[64];
	int k;

	/* An id of the wrong form is kept, so that its category and source count as used. */
	if (id && !matches_req_id(id))
		err_at(c, ymap_get(m, "id"), "schema-pattern",
			_("'%s' is not a requirement id "
			  "(2 to 5 capital letters, '-', 2 digits, e.g. GOV-01)"),
			id);
	/* TRANSLATORS: a noun phrase, in messages about it: the requirement's id. */
	snprintf(what, sizeof(what), _("requirement %s"), id ? id : "?");
	unknown_keys(c, m, keys, _("a requirement"));
	r->id = xstrdup(id);
	r->at = loc_of(id ? ymap_get(m, "id") : m);
	r->cat = -1;
	r->category = xstrdup(get_slug(c, m, "category", true, what));
	r->cat_at = loc_of(ymap_get(m, "category") ? ymap_get(m, "category") : m);
	get_ltext(c, m, "title", true, what, &r->title);
	get_ltext(c, m, "description", true, what, &r->description);
	if ((k = get_enum(c, m, "level", true, what, level_names)) >= 0)
		r->level = (enum req_level)k;
	load_applies(c, m, r, what);
	if ((k = get_enum(c, m, "answer", true, what, answer_kind_names)) >= 0)
		r->answer = (enum req_answer)k;
	load_evidence_rule(c, m, r, what);
	get_bool(c, m, "not_applicable", what, &r->na_allowed);
	r->review_months = 12;
	if ((v = field(c, m, "review_months", true, what))) {
		if (v->kind != Y_SCALAR || scalar_type(v) != T_INT || !all_in(v->str, "0123456789"))
			err_at(c, v, "schema-type",
				_("'review_months' must be a whole number, not %s"), type_name(v));
		else if ((k = strlen(v->str) > 3 ? 0 : atoi(v->str)) < 1 || k > 60)
			err_at(c, v, "schema-range", _("'review_months' must be 1 to 60, not %s"),
				v->str);
		else
			r->review_months = k;
	}
	if ((src = get_kind(c, m, "source", Y_MAP, true, what))) {
		unknown_keys(c, src, skeys, "source");
		r->source_id = xstrdup(get_slug(c, src, "id", true, "source"));
		r->source_ref = xstrdup(get_str(c, src, "ref", true, true, "source"));
		r->source_at = loc_of(ymap_get(src, "id") ? ymap_get(src, "id") : src);
	}
}

static void requirement_release(struct requirement *r)
{
	free(r->id);
	free(r->category);
	for (int l = 0; l < LANG_COUNT; l++) {
		free(r->title.s[l]);
		free(r->description.s[l]);
	}
	free(r->evidence_kinds);
	free(r->source_id);
	free(r->source_ref);
}

static int cmp_req_ptr(const void *a, const void *b)
{
	const struct requirement *x = *(const struct requirement *const *)a;
	const struct requirement *y = *(const struct requirement *const *)b;
	int k = strcmp(x->id, y->id);

	if (k)
		return k;
	return x < y ? -1 : x > y; /* duplicates in file order: the first is found */
}

/* The sorted index of requirements, and each requirement's category index. */
static void index_set(struct reqset *rs)
{
	rs->by_id = xcalloc(rs->nreqs, sizeof(*rs->by_id));
	for (size_t i = 0; i < rs->nreqs; i++)
		rs->by_id[i] = &rs->reqs[i];
	qsort(rs->by_id, rs->nreqs, sizeof(*rs->by_id), cmp_req_ptr);
	/* Categories are few (one per domain): a linear search is enough. */
	for (size_t i = 0; i < rs->nreqs; i++) {
		struct requirement *r = &rs->reqs[i];
		for (size_t k = 0; r->category && k < rs->ncats; k++)
			if (strcmp(rs->cats[k].id, r->category) == 0) {
				r->cat = (int)k;
				break;
			}
	}
}

static void check_format(
	struct lctx *c, const struct ynode *root, const char *want, const char *what)
{
	const char *s = get_str(c, root, "format", true, false, what);

	if (s && strcmp(s, want) != 0)
		err_at(c, ymap_get(root, "format"), "schema-enum",
			_("format '%s' is not the marker of %s ('%s')"), s, what, want);
}

int reqset_from_tree(
	const char *file, const struct ynode *root, struct reqset *rs, struct diag_list *d)
{
	static const char *const keys[] = {"format", "id", "version", "title", "notice", "sources",
		"categories", "requirements", NULL};
	struct lctx c = {file, d};
	unsigned errors = d->errors;
	const struct ynode *seq;
	const char *s;

	memset(rs, 0, sizeof(*rs));
	rs->file = xstrdup(file);
	if (!root || root->kind != Y_MAP) {
		err_at(&c, root, "schema-type", _("a requirement set must be a mapping, not %s"),
			root ? type_name(root) : _("empty"));
		return COT_USAGE;
	}
	unknown_keys(&c, root, keys, "a requirement set");
	check_format(&c, root, REQSET_FORMAT, "a requirement set");
	rs->id = xstrdup(get_slug(&c, root, "id", true, _("the requirement set")));
	if ((s = get_str(&c, root, "version", true, false, _("the requirement set")))) {
		if (matches_version(s))
			rs->version = xstrdup(s);
		else
			err_at(&c, ymap_get(root, "version"), "schema-pattern",
				_("'%s' is not a version like \"1.0\""), s);
	}
	get_ltext(&c, root, "title", true, "the requirement set", &rs->title);
	get_ltext(&c, root, "notice", false, "the requirement set", &rs->notice);
	load_sources(&c, root, rs);
	load_categories(&c, root, rs);
	if ((seq = get_kind(&c, root, "requirements", Y_SEQ, true, _("the requirement set")))) {
		if (seq->n == 0)
			err_at(&c, seq, "schema-range", _("'requirements' must list at least one"));
		rs->reqs = xcalloc(seq->n, sizeof(*rs->reqs));
		for (size_t i = 0; i < seq->n; i++) {
			struct requirement *r = &rs->reqs[rs->nreqs];
			if (!want_kind(&c, seq->kids[i], Y_MAP, "requirements item"))
				continue;
			load_requirement(&c, seq->kids[i], r);
			if (r->id)
				rs->nreqs++;
			else
				requirement_release(r), memset(r, 0, sizeof(*r));
		}
	}
	index_set(rs);
	return d->errors > errors ? COT_USAGE : COT_OK;
}

/* The texts a set owns: none of a compiled-in set's (rs->static_text). */
static void release_texts(struct reqset *rs)
{
	free(rs->id);
	free(rs->version);
	for (int l = 0; l < LANG_COUNT; l++) {
		free(rs->title.s[l]);
		free(rs->notice.s[l]);
	}
	for (size_t i = 0; i < rs->nsources; i++) {
		free(rs->sources[i].id);
		free(rs->sources[i].title);
	}
	for (size_t i = 0; i < rs->ncats; i++) {
		free(rs->cats[i].id);
		for (int l = 0; l < LANG_COUNT; l++)
			free(rs->cats[i].title.s[l]);
	}
	for (size_t i = 0; i < rs->nreqs; i++)
		requirement_release(&rs->reqs[i]);
}

void reqset_release(struct reqset *rs)
{
	if (!rs->static_text)
		release_texts(rs);
	for (size_t i = 0; rs->static_text && i < rs->nreqs; i++)
		free(rs->reqs[i].evidence_kinds);
	free(rs->file);
	free(rs->sources);
	free(rs->cats);
	free(rs->reqs);
	free((void *)rs->by_id);
	memset(rs, 0, sizeof(*rs));
}

const struct requirement *reqset_get(const struct reqset *rs, const char *id)
{
	size_t lo = 0, hi = rs->nreqs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(id, rs->by_id[mid]->id);
		if (k == 0) {
			while (mid > 0 && strcmp(id, rs->by_id[mid - 1]->id) == 0)
				mid--;
			return rs->by_id[mid];
		}
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

bool req_applies(const struct requirement *r, enum route route, enum org_kind kind)
{
	return (r->routes & (1u << route)) && (r->kinds & (1u << kind));
}

/* --- answers --------------------------------------------------------------- */

bool evidence_path_outside(const char *p)
{
	if (p[0] == '/' || p[0] == '\\' ||
		(((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z') && p[1] == ':'))
		return true;
	for (const char *s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/' || s[-1] == '\\') &&
			(s[2] == '/' || s[2] == '\\' || !s[2]))
			return true;
	return false;
}

static int cmp_evidence(const void *a, const void *b)
{
	const struct evidence *x = a, *y = b;
	int k = strcmp(x->path, y->path);

	if (k)
		return k;
	return x->at.line != y->at.line ? (x->at.line < y->at.line ? -1 : 1)
					: (x->at.col < y->at.col ? -1 : x->at.col > y->at.col);
}

static int cmp_evidence_place(const void *a, const void *b)
{
	const struct evidence *x = a, *y = b;

	return x->at.line != y->at.line ? (x->at.line < y->at.line ? -1 : 1)
					: (x->at.col < y->at.col ? -1 : x->at.col > y->at.col);
}

/* Drops repeated paths (reporting each), by sorting: lists can be long. */
static void drop_repeats(struct lctx *c, struct answer *a)
{
	size_t kept = 0;

	qsort(a->evidence, a->nevidence, sizeof(*a->evidence), cmp_evidence);
	for (size_t i = 0; i < a->nevidence; i++) {
		struct evidence *e = &a->evidence[i];
		if (kept && strcmp(a->evidence[kept - 1].path, e->path) == 0) {
			diag_add(c->d, DIAG_ERROR, c->file, e->at.line, e->at.col, "schema-unique",
				_("evidence '%s' is listed twice"), e->path);
			free(e->path);
			continue;
		}
		a->evidence[kept++] = *e;
	}
	a->nevidence = kept;
	qsort(a->evidence, a->nevidence, sizeof(*a->evidence), cmp_evidence_place);
}

static void load_evidence(struct lctx *c, const struct ynode *m, struct answer *a)
{
	const struct ynode *seq = get_kind(c, m, "evidence", Y_SEQ, false, _("an answer"));

	if (!seq)
		return;
	a->evidence_at = loc_of(seq);
	a->evidence = xcalloc(seq->n, sizeof(*a->evidence));
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *v = seq->kids[i];
		const char *p = want_str(c, v, "evidence", true);
		if (!p)
			continue;
		/* Absolute and ".." paths are kept: answers_lint reports them, the check skips
		 * them. */
		if (strchr(p, '\\') && !evidence_path_outside(p)) {
			err_at(c, v, "schema-pattern",
				_("evidence path '%s' has a backslash; use '/'"), p);
			continue;
		}
		a->evidence[a->nevidence].path = xstrdup(p);
		a->evidence[a->nevidence].at = loc_of(v);
		a->nevidence++;
	}
	drop_repeats(c, a);
}

static void load_waiver(struct lctx *c, const struct ynode *m, struct answer *a)
{
	static const char *const keys[] = {"justification", "approver", "expires", NULL};
	const struct ynode *w = get_kind(c, m, "waiver", Y_MAP, false, _("an answer"));
	struct waiver *x;

	if (!w)
		return;
	unknown_keys(c, w, keys, _("a waiver"));
	x = xcalloc(1, sizeof(*x));
	x->at = loc_of(w);
	x->justification = xstrdup(get_str(c, w, "justification", true, true, _("the waiver")));
	x->approver = xstrdup(get_str(c, w, "approver", true, true, _("the waiver")));
	get_date(c, w, "expires", true, "the waiver", x->expires, &x->expires_at);
	a->waiver = x;
}

static void answer_release(struct answer *a)
{
	free(a->id);
	free(a->owner);
	for (size_t i = 0; i < a->nevidence; i++)
		free(a->evidence[i].path);
	free(a->evidence);
	free(a->note);
	free(a->justification);
	if (a->waiver) {
		free(a->waiver->justification);
		free(a->waiver->approver);
		free(a->waiver);
	}
	memset(a, 0, sizeof(*a));
}

/* One answer; false when it is too broken to judge (no valid status). */
static bool load_answer(
	struct lctx *c, const struct ynode *key, const struct ynode *m, struct answer *a)
{
	static const char *const keys[] = {
		"status", "owner", "evidence", "reviewed", "note", "justification", "waiver", NULL};
	char what[64];
	int k;

	/* TRANSLATORS: a noun phrase, in messages about it: the requirement's id. */
	snprintf(what, sizeof(what), _("the answer %s"), key->str);
	a->id = xstrdup(key->str);
	a->at = loc_of(key);
	if (!want_kind(c, m, Y_MAP, key->str))
		return false;
	unknown_keys(c, m, keys, _("an answer"));
	k = get_enum(c, m, "status", true, what, status_names);
	a->status_at = loc_of(ymap_get(m, "status") ? ymap_get(m, "status") : m);
	a->owner = xstrdup(get_str(c, m, "owner", false, false, what));
	load_evidence(c, m, a);
	get_date(c, m, "reviewed", false, what, a->reviewed, &a->reviewed_at);
	a->note = xstrdup(get_str(c, m, "note", false, false, what));
	a->justification = xstrdup(get_str(c, m, "justification", false, true, what));
	if (!a->justification && ymap_get(m, "justification"))
		a->justification = xstrdup(""); /* given but malformed: reported once, above */
	load_waiver(c, m, a);
	if (k < 0)
		return false;
	a->status = (enum ans_status)k;
	return true;
}

static void load_header(struct lctx *c, const struct ynode *root, struct answers *a)
{
	static const char *const rkeys[] = {"id", "version", NULL};
	static const char *const okeys[] = {"name", "kbo", NULL};
	const struct ynode *m;
	const char *s;

	if ((m = get_kind(c, root, "requirements", Y_MAP, true, _("an answer file")))) {
		unknown_keys(c, m, rkeys, "requirements");
		a->set_at = loc_of(m);
		a->set_id = xstrdup(get_slug(c, m, "id", true, "requirements"));
		if ((s = get_str(c, m, "version", true, false, "requirements"))) {
			if (matches_version(s))
				a->set_version = xstrdup(s);
			else
				err_at(c, ymap_get(m, "version"), "schema-pattern",
					_("'%s' is not a version like \"1.0\""), s);
		}
	}
	if ((m = get_kind(c, root, "organisation", Y_MAP, true, _("an answer file")))) {
		unknown_keys(c, m, okeys, "organisation");
		a->org_at = loc_of(m);
		a->org_name = xstrdup(get_str(c, m, "name", true, true, "organisation"));
		if ((s = get_str(c, m, "kbo", true, false, "organisation"))) {
			a->kbo_at = loc_of(ymap_get(m, "kbo"));
			if (strlen(s) == 10 && (s[0] == '0' || s[0] == '1') &&
				strspn(s, "0123456789") == 10)
				a->org_kbo = xstrdup(s);
			else
				err_at(c, ymap_get(m, "kbo"), "schema-pattern",
					_("KBO number '%s' must "
					  "be written as its 10 digits, e.g. \"0123456749\""),
					s);
		}
	}
}

int answers_from_tree(
	const char *file, const struct ynode *root, struct answers *a, struct diag_list *d)
{
	static const char *const keys[] = {
		"format", "requirements", "organisation", "answers", NULL};
	struct lctx c = {file, d};
	unsigned errors = d->errors;
	const struct ynode *m;

	memset(a, 0, sizeof(*a));
	a->file = xstrdup(file);
	if (!root || root->kind != Y_MAP) {
		err_at(&c, root, "schema-type", _("an answer file must be a mapping, not %s"),
			root ? type_name(root) : _("empty"));
		return COT_USAGE;
	}
	unknown_keys(&c, root, keys, _("an answer file"));
	check_format(&c, root, ANSWERS_FORMAT, _("an answer file"));
	load_header(&c, root, a);
	a->answers_at = loc_of(ymap_key(root, "answers") ? ymap_key(root, "answers") : root);
	if ((m = get_kind(&c, root, "answers", Y_MAP, true, _("an answer file")))) {
		a->v = xcalloc(m->n, sizeof(*a->v));
		for (size_t i = 0; i < m->n; i++) {
			const struct ynode *key = m->keys[i];
			if (key->kind != Y_SCALAR || !matches_req_id(key->str)) {
				err_at(&c, key, "schema-pattern",
					_("'%s' is not a requirement id "
					  "(2 to 5 capital letters, '-', 2 digits, e.g. GOV-01)"),
					key->kind == Y_SCALAR ? key->str : "?");
				continue;
			}
			if (load_answer(&c, key, m->kids[i], &a->v[a->n]))
				a->n++;
			else
				answer_release(&a->v[a->n]);
		}
	}
	return d->errors > errors ? COT_USAGE : COT_OK;
}

void answers_release(struct answers *a)
{
	free(a->file);
	free(a->set_id);
	free(a->set_version);
	free(a->org_name);
	free(a->org_kbo);
	for (size_t i = 0; i < a->n; i++)
		answer_release(&a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

/* --- files ----------------------------------------------------------------- */

enum cl_kind checklist_kind(const struct ynode *root)
{
	const struct ynode *fmt = ymap_get(root, "format"), *reqs;

	if (!root || root->kind != Y_MAP)
		return CL_UNKNOWN;
	if (fmt && fmt->kind == Y_SCALAR && strcmp(fmt->str, REQSET_FORMAT) == 0)
		return CL_REQUIREMENTS;
	if (fmt && fmt->kind == Y_SCALAR && strcmp(fmt->str, ANSWERS_FORMAT) == 0)
		return CL_ANSWERS;
	reqs = ymap_get(root, "requirements");
	if (ymap_get(root, "answers") || ymap_get(root, "organisation") ||
		(reqs && reqs->kind == Y_MAP))
		return CL_ANSWERS;
	if (ymap_get(root, "categories") || ymap_get(root, "sources") ||
		(reqs && reqs->kind == Y_SEQ))
		return CL_REQUIREMENTS;
	return CL_UNKNOWN;
}

/*
 * A requirement set compiled in (src/gen/gen-sets.c): its bytes, their SHA-256, its tree
 * stored flat (ydoc.h: struct ynode_flat), which is built into nodes the first time the set
 * is used and kept for the rest of the process.
 */
struct compiled_set {
	const unsigned char *bytes;
	size_t len;
	const char *sha256;
	const struct ynode_flat *nodes;
	size_t nnodes;
	const unsigned *kids;
	size_t nkids;
	const unsigned char *text;
	size_t root;
};

static const struct compiled_set compiled_sets[] = SHIPPED_SETS;
#define NSETS (sizeof(compiled_sets) / sizeof(compiled_sets[0]))

/* The trees built, and their arrays, owned here for the rest of the process. */
static struct {
	struct ynode *nodes;
	struct ynode **kids;
} built[NSETS];
static pthread_mutex_t built_lock = PTHREAD_MUTEX_INITIALIZER;

/* Builds set c's nodes into *b; false when there is no memory (the caller parses instead). */
static bool build(const struct compiled_set *c, struct ynode **nodes, struct ynode ***kids)
{
	*nodes = calloc(c->nnodes, sizeof(**nodes));
	*kids = calloc(c->nkids ? c->nkids : 1, sizeof(**kids));
	if (!*nodes || !*kids) {
		free(*nodes);
		free(*kids);
		return false;
	}
	for (size_t i = 0; i < c->nkids; i++)
		(*kids)[i] = &(*nodes)[c->kids[i]];
	for (size_t i = 0; i < c->nnodes; i++) {
		const struct ynode_flat *f = &c->nodes[i];
		struct ynode *n = &(*nodes)[i];

		n->kind = (enum ynode_kind)f->kind;
		n->line = f->line;
		n->col = f->col;
		n->plain = f->plain;
		if (n->kind == Y_SCALAR) {
			n->str = (char *)c->text + f->str;
			n->len = f->len;
			continue;
		}
		n->n = n->alloc = f->n;
		n->kids = f->n ? *kids + f->kids : NULL;
		n->keys = f->n && n->kind == Y_MAP ? *kids + f->kids + f->n : NULL;
	}
	return true;
}

const struct ynode *reqset_compiled(const char *data, size_t len, const char **sha256)
{
	const struct ynode *root = NULL;

	for (size_t i = 0; i < NSETS; i++) {
		const struct compiled_set *c = &compiled_sets[i];
		if (c->len != len || memcmp(c->bytes, data, len) != 0)
			continue;
		pthread_mutex_lock(&built_lock);
		if (built[i].nodes || build(c, &built[i].nodes, &built[i].kids))
			root = &built[i].nodes[c->root];
		pthread_mutex_unlock(&built_lock);
		if (root && sha256)
			*sha256 = c->sha256;
		return root;
	}
	return NULL;
}

/*
 * A compiled-in set's tree holds no finding for reqset_from_tree (the compiled-sets unit
 * test proves it for each, and that what is built here equals what reqset_from_tree
 * builds), so its set is built without checking again, from the flat nodes in place (no
 * tree of pointers), its texts not copied but taken from them (rs->static_text): a fifth
 * of the instructions of checking it.
 */
static const struct ynode_flat *flat_kid(
	const struct compiled_set *c, const struct ynode_flat *f, size_t i)
{
	return &c->nodes[c->kids[f->kids + i]];
}

static char *flat_str(const struct compiled_set *c, const struct ynode_flat *f)
{
	return (char *)c->text + f->str;
}

/* The value under key in mapping map. */
static const struct ynode_flat *flat_get(
	const struct compiled_set *c, const struct ynode_flat *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++) {
		const char *k = flat_str(c, flat_kid(c, map, map->n + i));
		if (k[0] == key[0] && strcmp(k, key) == 0)
			return flat_kid(c, map, i);
	}
	abort(); /* the set is valid: what reqset_from_tree requires is there */
}

static char *flat_text(const struct compiled_set *c, const struct ynode_flat *map, const char *key)
{
	return flat_str(c, flat_get(c, map, key));
}

static struct loc flat_loc(const struct ynode_flat *f)
{
	return (struct loc){f->line, f->col};
}

static bool flat_has(const struct compiled_set *c, const struct ynode_flat *map, const char *key)
{
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(flat_str(c, flat_kid(c, map, map->n + i)), key) == 0)
			return true;
	return false;
}

static void flat_ltext(const struct compiled_set *c, const struct ynode_flat *t, struct ltext *out)
{
	out->s[LANG_NL] = flat_text(c, t, "nl");
	out->s[LANG_FR] = flat_text(c, t, "fr");
	out->s[LANG_EN] = flat_text(c, t, "en");
}

/* The bits of a list of names; its text joined by ", " in *list when list is not NULL. */
static unsigned flat_names(const struct compiled_set *c, const struct ynode_flat *seq,
	const char *const *names, char **list)
{
	struct buf b = BUF_INIT;
	unsigned mask = 0;

	for (size_t i = 0; i < seq->n; i++)
		mask |= 1u << name_index(flat_str(c, flat_kid(c, seq, i)), names);
	if (!list)
		return mask;
	for (size_t i = 0; i < seq->n; i++) {
		if (b.len)
			buf_adds(&b, ", ");
		buf_adds(&b, flat_str(c, flat_kid(c, seq, i)));
	}
	*list = buf_detach(&b, NULL);
	return mask;
}

static void flat_requirement(
	const struct compiled_set *c, const struct ynode_flat *m, struct requirement *r)
{
	const struct ynode_flat *applies = flat_get(c, m, "applies_to");
	const struct ynode_flat *ev = flat_get(c, m, "evidence"), *src = flat_get(c, m, "source");

	r->id = flat_text(c, m, "id");
	r->at = flat_loc(flat_get(c, m, "id"));
	r->cat = -1;
	r->category = flat_text(c, m, "category");
	r->cat_at = flat_loc(flat_get(c, m, "category"));
	flat_ltext(c, flat_get(c, m, "title"), &r->title);
	flat_ltext(c, flat_get(c, m, "description"), &r->description);
	r->level = (enum req_level)name_index(flat_text(c, m, "level"), level_names);
	r->routes = flat_names(c, flat_get(c, applies, "routes"), route_names, NULL);
	r->kinds = flat_names(c, flat_get(c, applies, "kinds"), kind_names, NULL);
	r->answer = (enum req_answer)name_index(flat_text(c, m, "answer"), answer_kind_names);
	r->evidence_required = !strcmp(flat_text(c, ev, "required"), "true");
	flat_names(c, flat_get(c, ev, "kinds"), evidence_kind_names, &r->evidence_kinds);
	r->na_allowed = !strcmp(flat_text(c, m, "not_applicable"), "true");
	r->review_months = atoi(flat_text(c, m, "review_months"));
	r->source_id = flat_text(c, src, "id");
	r->source_ref = flat_text(c, src, "ref");
	r->source_at = flat_loc(flat_get(c, src, "id"));
}

static void reqset_from_compiled(const char *file, const struct compiled_set *c, struct reqset *rs)
{
	const struct ynode_flat *root = &c->nodes[c->root];
	const struct ynode_flat *src = flat_get(c, root, "sources");
	const struct ynode_flat *cats = flat_get(c, root, "categories");
	const struct ynode_flat *reqs = flat_get(c, root, "requirements");

	memset(rs, 0, sizeof(*rs));
	rs->file = xstrdup(file);
	rs->static_text = true;
	rs->id = flat_text(c, root, "id");
	rs->version = flat_text(c, root, "version");
	flat_ltext(c, flat_get(c, root, "title"), &rs->title);
	if (flat_has(c, root, "notice"))
		flat_ltext(c, flat_get(c, root, "notice"), &rs->notice);
	rs->sources = xcalloc(src->n, sizeof(*rs->sources));
	for (; rs->nsources < src->n; rs->nsources++) {
		const struct ynode_flat *m = flat_kid(c, src, rs->nsources);
		rs->sources[rs->nsources].id = flat_text(c, m, "id");
		rs->sources[rs->nsources].title = flat_text(c, m, "title");
		rs->sources[rs->nsources].at = flat_loc(m);
	}
	rs->cats = xcalloc(cats->n, sizeof(*rs->cats));
	for (; rs->ncats < cats->n; rs->ncats++) {
		const struct ynode_flat *m = flat_kid(c, cats, rs->ncats);
		rs->cats[rs->ncats].id = flat_text(c, m, "id");
		flat_ltext(c, flat_get(c, m, "title"), &rs->cats[rs->ncats].title);
		rs->cats[rs->ncats].at = flat_loc(m);
	}
	rs->reqs = xcalloc(reqs->n, sizeof(*rs->reqs));
	for (; rs->nreqs < reqs->n; rs->nreqs++)
		flat_requirement(c, flat_kid(c, reqs, rs->nreqs), &rs->reqs[rs->nreqs]);
	index_set(rs);
}

/*
 * The compiled-in set whose bytes the file at path (size bytes a moment ago) holds
 * exactly, or NULL: compared as read, never copied (110 KB, 27 pages to touch, for a
 * command that needs none of them).
 */
static const struct compiled_set *compiled_find(const char *path, size_t size)
{
	for (size_t i = 0; i < NSETS; i++)
		if (compiled_sets[i].len == size &&
			fs_same_bytes(path, compiled_sets[i].bytes, compiled_sets[i].len))
			return &compiled_sets[i];
	return NULL;
}

/*
 * Trees parsed once per process: a command reads the same set and answers in several
 * places (cot status: its deadlines, its checklist line, its next action). The file is
 * read each time and its tree reused only when path and bytes are equal, and only when
 * parsing it gave no finding, so that a reused tree gives what parsing would. Entries are
 * never replaced nor freed: a tree handed out stays valid in any thread.
 */
#define TREE_CACHE_SLOTS 4
#define TREE_CACHE_MAX_BYTES ((size_t)1 << 20)

struct cached_tree {
	char *path, *data;
	size_t len;
	char hex[65];
	struct ynode *root;
};

static struct cached_tree tree_cache[TREE_CACHE_SLOTS];
static pthread_mutex_t tree_cache_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct ynode *cache_find(const char *path, const char *data, size_t len, char hex[65])
{
	const struct ynode *root = NULL;

	pthread_mutex_lock(&tree_cache_lock);
	for (int i = 0; i < TREE_CACHE_SLOTS && tree_cache[i].path && !root; i++) {
		const struct cached_tree *c = &tree_cache[i];
		if (c->len == len && !strcmp(c->path, path) && !memcmp(c->data, data, len)) {
			memcpy(hex, c->hex, 65);
			root = c->root;
		}
	}
	pthread_mutex_unlock(&tree_cache_lock);
	return root;
}

/* Keeps root (taking it) when there is room; false when the caller keeps it. */
static bool cache_add(
	const char *path, char *data, size_t len, const char hex[65], struct ynode *root)
{
	bool kept = false;

	if (len > TREE_CACHE_MAX_BYTES)
		return false;
	pthread_mutex_lock(&tree_cache_lock);
	for (int i = 0; i < TREE_CACHE_SLOTS && !kept; i++) {
		struct cached_tree *c = &tree_cache[i];
		if (c->path)
			continue;
		c->path = xstrdup(path);
		c->data = data;
		c->len = len;
		memcpy(c->hex, hex, 65);
		c->root = root;
		kept = true;
	}
	pthread_mutex_unlock(&tree_cache_lock);
	return kept;
}

/*
 * Reads and parses path; a file over the limit is a finding, not an error. *root is the
 * tree to read; *owned the caller's to free, NULL when *root is shared: a compiled-in
 * set's (the same bytes parsed at build time, static) or one parsed earlier (the cache).
 */
static int load_tree(const char *path, const char *name, const struct ynode **root,
	struct ynode **owned, const struct compiled_set **cset, char hex[65], struct diag_list *d,
	struct cot_err *err)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	const char *sum = NULL;
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	unsigned findings = d->errors + d->warnings + d->notes;
	bool regular;
	int rc;

	*root = NULL;
	*owned = NULL;
	regular = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	if (regular && (size_t)st.st_size > lim.max_bytes) {
		/* TRANSLATORS: the file's size, then the most cot reads, both in bytes. */
		diag_add(d, DIAG_ERROR, name, 1, 1, "yaml-size",
			ngettext("%lld byte, more than %zu "
				 "allowed",
				"%lld bytes, more than %zu allowed", (unsigned long)st.st_size),
			(long long)st.st_size, lim.max_bytes);
		return COT_USAGE;
	}
	if (cset && regular && (*cset = compiled_find(path, (size_t)st.st_size))) {
		memcpy(hex, (*cset)->sha256, 65);
		return COT_OK;
	}
	rc = fs_read(path, lim.max_bytes, &data, &len, err);
	if (rc)
		return rc;
	if ((*root = reqset_compiled(data, len, &sum)))
		memcpy(hex, sum, 65);
	else
		*root = cache_find(path, data, len, hex);
	if (*root) {
		free(data);
		return COT_OK;
	}
	sha256_hex(data, len, hex);
	rc = ydoc_parse(name, data, len, &lim, owned, d);
	if (!rc && ytext_check(*owned, name, d)) {
		ynode_free(*owned);
		*owned = NULL;
		rc = COT_USAGE;
	}
	*root = *owned;
	if (!rc && d->errors + d->warnings + d->notes == findings &&
		cache_add(path, data, len, hex, *owned)) {
		*owned = NULL; /* the cache's now, with data */
		data = NULL;
	}
	free(data);
	return rc;
}

int reqset_load(const char *path, const char *name, struct reqset *rs, struct diag_list *d,
	struct cot_err *err)
{
	const struct ynode *root = NULL;
	struct ynode *owned = NULL;
	const struct compiled_set *cset = NULL;
	char hex[65];
	int rc;

	memset(rs, 0, sizeof(*rs));
	name = name ? name : path;
	rc = load_tree(path, name, &root, &owned, &cset, hex, d, err);
	if (rc)
		return rc;
	if (cset)
		reqset_from_compiled(name, cset, rs);
	else
		rc = reqset_from_tree(name, root, rs, d);
	memcpy(rs->sha256, hex, sizeof(hex));
	ynode_free(owned);
	return rc;
}

int answers_load(const char *path, const char *name, struct answers *a, struct diag_list *d,
	struct cot_err *err)
{
	const struct ynode *root = NULL;
	struct ynode *owned = NULL;
	char hex[65];
	int rc;

	memset(a, 0, sizeof(*a));
	name = name ? name : path;
	rc = load_tree(path, name, &root, &owned, NULL, hex, d, err);
	if (rc)
		return rc;
	rc = answers_from_tree(name, root, a, d);
	memcpy(a->sha256, hex, sizeof(hex));
	ynode_free(owned);
	return rc;
}

/* --- shipped sets ---------------------------------------------------------- */

int reqset_find(const char *name, char **path, struct cot_err *err)
{
	const char *env = getenv("COT_CHECKLISTS");
	const char *dirs[2];
	char file[256];
	int n = 0;

	*path = NULL;
	if (!name[0] || strlen(name) > 200 || strchr(name, '/') || name[0] == '.')
		return cot_err_set(
			err, COT_USAGE, _("'%s' is not the name of a requirement set"), name);
	snprintf(file, sizeof(file), "%s.yaml", name);
	if (env && *env) {
		dirs[n++] = env;
	} else if (fs_from_build_tree()) {
		dirs[n++] = COT_SRCDIR "/checklists";
	} else {
		dirs[n++] = COT_DATADIR "/checklists";
		dirs[n++] = COT_SRCDIR "/checklists";
	}
	for (int i = 0; i < n; i++) {
		char *p = path_join(dirs[i], file);
		if (fs_exists(p)) {
			*path = p;
			return COT_OK;
		}
		free(p);
	}
	if (n > 1)
		/* TRANSLATORS: the set's name, its file name, then two directories. */
		return cot_err_set(err, COT_USAGE,
			_("requirement set '%s' not found (no %s in %s "
			  "or %s)"),
			name, file, dirs[0], dirs[1]);
	/* TRANSLATORS: the set's name, its file name, then a directory. */
	return cot_err_set(err, COT_USAGE, _("requirement set '%s' not found (no %s in %s)"), name,
		file, dirs[0]);
}

int checklist_project_set(const struct project *p, char **path, struct cot_err *err)
{
	const char *s = p->cfg.requirements ? p->cfg.requirements : "belrai-security-1.0";
	size_t n = strlen(s);

	*path = NULL;
	if (strchr(s, '/') || (n > 5 && strcmp(s + n - 5, ".yaml") == 0) ||
		(n > 4 && strcmp(s + n - 4, ".yml") == 0)) {
		*path = path_join(p->root, s);
		return COT_OK;
	}
	return reqset_find(s, path, err);
}

char *reqset_answers_schema(const char *set_path)
{
	char *dir = xstrdup(set_path), *slash = strrchr(dir, '/'), *schema;

	if (slash)
		*slash = '\0';
	schema = path_join(slash ? dir : ".", "schema/answers.schema.json");
	free(dir);
	return schema;
}
