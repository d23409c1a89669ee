/* A strict YAML reader on libyaml events: a tree with positions, and findings. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "cot/i18n.h"
#include "cot/mem.h"
#include "cot/ydoc.h"

/* What a node is, for people: "a mapping", "a list", "this scalar". */
static const char *found_text(enum ynode_kind k)
{
	/* TRANSLATORS: what a YAML value is, after "not" in "'KEY' must be a string, not a list".
	 */
	return k == Y_MAP   ? C_("yaml found", "a mapping")
	       : k == Y_SEQ ? C_("yaml found", "a list")
			    : C_("yaml found", "this scalar");
}

#define YDOC_MAX_BYTES ((size_t)4 << 20)
#define YDOC_MAX_DEPTH 32
#define YDOC_MAX_NODES 200000

struct builder {
	const char *file;
	const char *data; /* the input, to place reader errors */
	size_t len;
	struct diag_list *d;
	struct ynode *stack[YDOC_MAX_DEPTH + 2];
	struct ynode *pending_key[YDOC_MAX_DEPTH + 2];
	unsigned depth, max_depth;
	size_t nodes, max_nodes;
	struct ynode *root;
	bool fatal;
};

void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++) {
		ynode_free(n->kids[i]);
		if (n->keys)
			ynode_free(n->keys[i]);
	}
	free(n->kids);
	free(n->keys);
	free(n->str);
	free(n);
}

static struct ynode *node_new(struct builder *b, enum ynode_kind kind, yaml_mark_t mark)
{
	struct ynode *n;

	if (++b->nodes > b->max_nodes) {
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)mark.line + 1,
			(unsigned)mark.column + 1, "yaml-size", _("more than %zu nodes"),
			b->max_nodes);
		b->fatal = true;
		return NULL;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		mem_die();
	n->kind = kind;
	n->line = (unsigned)mark.line + 1;
	n->col = (unsigned)mark.column + 1;
	return n;
}

/* Children arrays grow by doubling: a mapping of n keys costs log n reallocations. */
static void push_child(struct ynode *parent, struct ynode *key, struct ynode *val)
{
	if (parent->n == parent->alloc) {
		size_t alloc = parent->alloc ? parent->alloc * 2 : 4;
		struct ynode **kids = realloc(parent->kids, alloc * sizeof(*kids));
		if (!kids)
			mem_die();
		parent->kids = kids;
		if (parent->kind == Y_MAP) {
			struct ynode **keys = realloc(parent->keys, alloc * sizeof(*keys));
			if (!keys)
				mem_die();
			parent->keys = keys;
		}
		parent->alloc = alloc;
	}
	if (parent->kind == Y_MAP)
		parent->keys[parent->n] = key;
	parent->kids[parent->n++] = val;
}

/* Hands a finished node to its parent (or makes it the root). */
static void attach(struct builder *b, struct ynode *n)
{
	struct ynode *parent;

	if (b->depth == 0) {
		b->root = n;
		return;
	}
	parent = b->stack[b->depth - 1];
	if (parent->kind == Y_SEQ) {
		push_child(parent, NULL, n);
	} else if (!b->pending_key[b->depth - 1]) {
		if (n->kind != Y_SCALAR)
			diag_add(b->d, DIAG_ERROR, b->file, n->line, n->col, "yaml-key",
				_("a mapping key must be a plain string, not %s"),
				found_text(n->kind));
		b->pending_key[b->depth - 1] = n;
	} else {
		push_child(parent, b->pending_key[b->depth - 1], n);
		b->pending_key[b->depth - 1] = NULL;
	}
}

static void check_props(struct builder *b, const yaml_char_t *anchor, const yaml_char_t *tag,
	int implicit, yaml_mark_t m)
{
	if (anchor)
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)m.line + 1, (unsigned)m.column + 1,
			"yaml-alias",
			_("anchors and aliases are not allowed in cot files (anchor '%s')"),
			(const char *)anchor);
	if (tag && !implicit)
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)m.line + 1, (unsigned)m.column + 1,
			"yaml-tag", _("explicit tags are not allowed in cot files ('%s')"),
			(const char *)tag);
}

static void on_scalar(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n;

	check_props(b, ev->data.scalar.anchor, ev->data.scalar.tag,
		ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit, ev->start_mark);
	n = node_new(b, Y_SCALAR, ev->start_mark);
	if (!n)
		return;
	n->len = ev->data.scalar.length;
	n->str = malloc(n->len + 1);
	if (!n->str)
		mem_die();
	memcpy(n->str, ev->data.scalar.value, n->len);
	n->str[n->len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	attach(b, n);
}

static void on_start(struct builder *b, yaml_event_t *ev, enum ynode_kind kind)
{
	struct ynode *n;

	if (kind == Y_MAP)
		check_props(b, ev->data.mapping_start.anchor, ev->data.mapping_start.tag,
			ev->data.mapping_start.implicit, ev->start_mark);
	else
		check_props(b, ev->data.sequence_start.anchor, ev->data.sequence_start.tag,
			ev->data.sequence_start.implicit, ev->start_mark);
	if (b->depth >= b->max_depth) {
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)ev->start_mark.line + 1,
			(unsigned)ev->start_mark.column + 1, "yaml-depth",
			_("nesting deeper than %u levels"), b->max_depth);
		b->fatal = true;
		return;
	}
	n = node_new(b, kind, ev->start_mark);
	if (!n)
		return;
	b->stack[b->depth] = n;
	b->pending_key[b->depth] = NULL;
	b->depth++;
}

static void on_end(struct builder *b)
{
	struct ynode *n = b->stack[--b->depth];

	/* A key without a value cannot happen in libyaml's event stream. */
	ynode_free(b->pending_key[b->depth]);
	b->pending_key[b->depth] = NULL;
	attach(b, n);
}

static void on_alias(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n;

	diag_add(b->d, DIAG_ERROR, b->file, (unsigned)ev->start_mark.line + 1,
		(unsigned)ev->start_mark.column + 1, "yaml-alias",
		_("anchors and aliases are not allowed in cot files (alias '%s')"),
		(const char *)ev->data.alias.anchor);
	n = node_new(b, Y_SCALAR, ev->start_mark);
	if (!n)
		return;
	n->str = strdup("");
	n->plain = true;
	attach(b, n);
}

/* Reader errors (bad encoding) carry a byte offset, not a mark: place it. */
static yaml_mark_t offset_mark(const struct builder *b, size_t offset)
{
	yaml_mark_t m = {0, 0, 0};

	for (size_t i = 0; i < offset && i < b->len; i++) {
		if (b->data[i] == '\n') {
			m.line++;
			m.column = 0;
		} else if (((unsigned char)b->data[i] & 0xc0) != 0x80) {
			m.column++;
		}
	}
	return m;
}

static void syntax_error(struct builder *b, const yaml_parser_t *p)
{
	yaml_mark_t reader = offset_mark(b, p->problem_offset);
	const yaml_mark_t *m = p->error == YAML_READER_ERROR ? &reader
			       : p->problem		     ? &p->problem_mark
							     : &p->mark;
	const char *what = p->problem ? p->problem : _("malformed YAML");

	if (p->error == YAML_MEMORY_ERROR) {
		mem_note_failure(); /* the command ends with exit 3 (mem.h) */
		what = _("out of memory");
	}
	if (p->context)
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)m->line + 1, (unsigned)m->column + 1,
			"yaml-syntax", "%s %s", what, p->context);
	else
		diag_add(b->d, DIAG_ERROR, b->file, (unsigned)m->line + 1, (unsigned)m->column + 1,
			"yaml-syntax", "%s", what);
	b->fatal = true;
}

/* One event; false when parsing is over. */
static bool on_event(struct builder *b, yaml_event_t *ev, int *docs)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return false;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			diag_add(b->d, DIAG_ERROR, b->file, (unsigned)ev->start_mark.line + 1,
				(unsigned)ev->start_mark.column + 1, "yaml-documents",
				_("a cot file holds one YAML document, this is a second"));
			b->fatal = true;
			return false;
		}
		return true;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		return true;
	case YAML_MAPPING_START_EVENT:
		on_start(b, ev, Y_MAP);
		return true;
	case YAML_SEQUENCE_START_EVENT:
		on_start(b, ev, Y_SEQ);
		return true;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		on_end(b);
		return true;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		return true;
	default:
		return true;
	}
}

static int cmp_key(const void *a, const void *b)
{
	const struct ynode *x = *(const struct ynode *const *)a;
	const struct ynode *y = *(const struct ynode *const *)b;
	int c = strcmp(x->str ? x->str : "", y->str ? y->str : "");

	if (c)
		return c;
	return x->line != y->line ? (x->line < y->line ? -1 : 1) : (x->col < y->col ? -1 : 1);
}

/* Duplicate keys, found by sorting each mapping's keys: n log n whatever the input. */
static void check_dups(struct builder *b, const struct ynode *n)
{
	if (n->kind == Y_MAP && n->n > 1) {
		const struct ynode **keys = malloc(n->n * sizeof(*keys));
		if (!keys)
			mem_die();
		memcpy(keys, n->keys, n->n * sizeof(*keys));
		qsort(keys, n->n, sizeof(*keys), cmp_key);
		for (size_t i = 1; i < n->n; i++)
			if (keys[i]->kind == Y_SCALAR && keys[i - 1]->kind == Y_SCALAR &&
				strcmp(keys[i]->str, keys[i - 1]->str) == 0)
				diag_add(b->d, DIAG_ERROR, b->file, keys[i]->line, keys[i]->col,
					"yaml-duplicate-key",
					_("duplicate key '%s' (first at line %u)"), keys[i]->str,
					keys[i - 1]->line);
		free(keys);
	}
	for (size_t i = 0; i < n->n; i++)
		check_dups(b, n->kids[i]);
}

static void builder_free(struct builder *b)
{
	while (b->depth > 0) {
		b->depth--;
		ynode_free(b->pending_key[b->depth]);
		ynode_free(b->stack[b->depth]);
	}
	ynode_free(b->root);
	b->root = NULL;
}

int ydoc_parse(const char *name, const char *data, size_t len, const struct ydoc_limits *lim,
	struct ynode **root, struct diag_list *d)
{
	struct builder b = {.file = name, .data = data, .len = len, .d = d};
	size_t max_bytes = lim && lim->max_bytes ? lim->max_bytes : YDOC_MAX_BYTES;
	unsigned errors = d->errors;
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0;

	*root = NULL;
	b.max_depth = lim && lim->max_depth && lim->max_depth < YDOC_MAX_DEPTH ? lim->max_depth
									       : YDOC_MAX_DEPTH;
	b.max_nodes = lim && lim->max_nodes ? lim->max_nodes : YDOC_MAX_NODES;
	if (len > max_bytes) {
		diag_add(d, DIAG_ERROR, name, 1, 1, "yaml-size",
			_("%zu bytes, more than %zu allowed"), len, max_bytes);
		return COT_USAGE;
	}
	if (!yaml_parser_initialize(&parser))
		mem_die();
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	for (;;) {
		bool more;
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser);
			break;
		}
		more = on_event(&b, &ev, &docs);
		yaml_event_delete(&ev);
		if (!more || b.fatal)
			break;
	}
	yaml_parser_delete(&parser);
	if (!b.fatal && b.root)
		check_dups(&b, b.root);
	if (b.fatal || d->errors > errors) {
		builder_free(&b);
		return COT_USAGE;
	}
	*root = b.root;
	return COT_OK;
}

/* Whether mapping key k is key; the first byte first: most keys differ there. */
static bool key_is(const struct ynode *k, const char *key)
{
	return k->str && k->str[0] == key[0] && strcmp(k->str, key) == 0;
}

const struct ynode *ymap_key(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (key_is(map->keys[i], key))
			return map->keys[i];
	return NULL;
}

const struct ynode *ymap_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (key_is(map->keys[i], key))
			return map->kids[i];
	return NULL;
}

/* A plain scalar "~", "null", "Null", "NULL" or empty. */
static bool yscalar_is_null(const struct ynode *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (!n || n->kind != Y_SCALAR || !n->plain)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->str, nulls[i]) == 0)
			return true;
	return false;
}

bool ycheck_keys(
	const struct ynode *map, const char *const *allowed, const char *file, struct diag_list *d)
{
	bool ok = true;

	for (size_t i = 0; map && map->kind == Y_MAP && i < map->n; i++) {
		const struct ynode *k = map->keys[i];
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (strcmp(k->str, allowed[j]) == 0)
				break;
		if (!allowed[j]) {
			diag_add(d, DIAG_ERROR, file, k->line, k->col, "schema-unknown-key",
				_("unknown key '%s'"), k->str);
			ok = false;
		}
	}
	return ok;
}

/* The node under key, reporting "required" when absent; *present tells which. */
static const struct ynode *lookup(const struct ynode *map, const char *key, bool required,
	const char *file, struct diag_list *d, bool *ok)
{
	const struct ynode *v = ymap_get(map, key);

	*ok = true;
	if (v && !yscalar_is_null(v))
		return v;
	if (required) {
		diag_add(d, DIAG_ERROR, file, map ? map->line : 1, map ? map->col : 1,
			"schema-required", _("missing required key '%s'"), key);
		*ok = false;
	}
	return NULL;
}

/* want: what key must be, for people, marked with N_(). */
static bool type_error(const struct ynode *v, const char *key, const char *want, const char *file,
	struct diag_list *d)
{
	/* TRANSLATORS: 'KEY' must be WHAT IT MUST BE (a string, a list...), not WHAT IT IS. */
	diag_add(d, DIAG_ERROR, file, v->line, v->col, "schema-type", _("'%s' must be %s, not %s"),
		key, _(want), found_text(v->kind));
	return false;
}

bool yget_str(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, const char **out)
{
	bool ok;
	const struct ynode *v = lookup(map, key, required, file, d, &ok);

	*out = NULL;
	if (!v)
		return ok;
	if (v->kind != Y_SCALAR)
		return type_error(v, key, N_("a string"), file, d);
	*out = v->str;
	return true;
}

bool yget_bool(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, bool *out)
{
	bool ok;
	const struct ynode *v = lookup(map, key, required, file, d, &ok);

	if (!v)
		return ok;
	if (v->kind == Y_SCALAR && v->plain && strcmp(v->str, "true") == 0)
		*out = true;
	else if (v->kind == Y_SCALAR && v->plain && strcmp(v->str, "false") == 0)
		*out = false;
	else
		return type_error(v, key, N_("true or false"), file, d);
	return true;
}

bool yget_int(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, long *out)
{
	bool ok;
	const struct ynode *v = lookup(map, key, required, file, d, &ok);
	char *end;
	long x;

	if (!v)
		return ok;
	if (v->kind != Y_SCALAR || !v->plain || !v->str[0])
		return type_error(v, key, N_("a whole number"), file, d);
	x = strtol(v->str, &end, 10);
	if (*end || x < -1000000000L || x > 1000000000L)
		return type_error(v, key, N_("a whole number"), file, d);
	*out = x;
	return true;
}

const struct ynode *yget_kind(const struct ynode *map, const char *key, enum ynode_kind kind,
	bool required, const char *file, struct diag_list *d, bool *ok)
{
	const struct ynode *v = lookup(map, key, required, file, d, ok);

	if (v && v->kind != kind) {
		*ok = type_error(v, key, kind == Y_MAP ? N_("a mapping") : N_("a list"), file, d);
		return NULL;
	}
	return v;
}
