/*
 * A strict YAML reader for cot's own files, on libyaml: one document, no
 * aliases or anchors, no duplicate mapping keys, bounded size, depth and node
 * count. Problems become located findings (1-based line and column).
 */
#ifndef COT_YDOC_H
#define COT_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include "cot/diag.h"
#include "cot/exit.h"

enum ynode_kind { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ynode_kind kind;
	unsigned line, col; /* 1-based start of the node */
	char *str;	    /* scalar: its text (NUL-terminated, may hold NUL? never: refused) */
	size_t len;
	bool plain;	     /* scalar was unquoted (so null/true/123 are typed) */
	struct ynode **kids; /* sequence items, or mapping values */
	struct ynode **keys; /* mapping keys (scalars), parallel to kids */
	size_t n;
	size_t alloc; /* room in kids (and keys) */
};

/*
 * A tree stored without pointers, as src/gen/gen-sets.c compiles the shipped requirement
 * sets in: a node names its text by offset and its children by the index, in an array of
 * node indices, of the first (a mapping's keys follow its n values). Read-only data with
 * nothing for the dynamic loader to relocate: a tree of pointers there made every cot
 * touch and copy 470 KB at start-up.
 */
struct ynode_flat {
	unsigned char kind; /* enum ynode_kind */
	bool plain;
	unsigned line, col;
	unsigned str, len; /* scalar: offset and length of its text */
	unsigned kids, n;  /* mapping, sequence: index of the first child, count */
};

struct ydoc_limits {
	size_t max_bytes;   /* 0: 4 MiB */
	unsigned max_depth; /* 0: 32 */
	size_t max_nodes;   /* 0: 200000 */
};

/*
 * Parses data as one YAML document. name is used in findings. On success
 * *root is the caller's (NULL for an empty document) and COT_OK is returned;
 * with any error finding, the tree is freed, *root is NULL and COT_USAGE is
 * returned. Duplicate keys and aliases are reported and parsing goes on so
 * that one run lists them all; a syntax error stops it.
 */
int ydoc_parse(const char *name, const char *data, size_t len, const struct ydoc_limits *lim,
	struct ynode **root, struct diag_list *d);

void ynode_free(struct ynode *n);

/* The value under key in a mapping, or NULL (also when map is not a mapping). */
const struct ynode *ymap_get(const struct ynode *map, const char *key);
/* The key node under which a value sits, for locating "unknown key" findings. */
const struct ynode *ymap_key(const struct ynode *map, const char *key);

/*
 * Checked accessors for strict schemas. Each reports a finding in d (rule
 * "schema-type", "schema-required", "schema-unknown-key") and returns false
 * when the node is absent (and required) or of the wrong type.
 */
bool ycheck_keys(
	const struct ynode *map, const char *const *allowed, const char *file, struct diag_list *d);
bool yget_str(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, const char **out);
bool yget_bool(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, bool *out);
bool yget_int(const struct ynode *map, const char *key, bool required, const char *file,
	struct diag_list *d, long *out);
/* A mapping or sequence child; *out NULL when absent and not required. */
const struct ynode *yget_kind(const struct ynode *map, const char *key, enum ynode_kind kind,
	bool required, const char *file, struct diag_list *d, bool *ok);

#endif
