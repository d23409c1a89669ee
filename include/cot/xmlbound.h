/*
 * Bounds on XML markup, checked in one linear pass while the bytes stream in, before
 * libxml2 parses them: libxml2 compares each attribute of an element with every other
 * (quadratic), so a tag of 95,000 attributes would cost seconds before any callback runs.
 * Every XML reader of cot feeds its bytes through one of these first.
 */
#ifndef COT_XMLBOUND_H
#define COT_XMLBOUND_H

#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"

struct xml_limits {
	size_t attrs; /* attributes of one element, namespace declarations too */
	size_t ns;    /* namespace declarations of one element */
	size_t depth; /* elements open at once */
	size_t nodes; /* elements, end tags, comments, processing instructions, declarations */
};

struct xml_bound {
	struct xml_limits max;
	int state;
	size_t pos;    /* bytes fed so far */
	size_t tag_at; /* offset of the '<' of the markup being read */
	size_t depth, nodes, attrs, ns;
	const char *want; /* after "<!": "--" or "[CDATA[", and how much of it was seen */
	size_t match;
	char quote, prev;
	int xmlns; /* -1 not at a name, else how much of "xmlns" was matched */
};

/* Starts a pass with the given limits. */
void xml_bound_init(struct xml_bound *b, const struct xml_limits *max);

/*
 * Feeds the next n bytes. COT_USAGE, saying which bound and at which byte, as soon as
 * one is passed; the caller stops reading then. Feeding after an error is not allowed.
 */
int xml_bound_feed(struct xml_bound *b, const void *data, size_t n, struct cot_err *err);

/* The whole of data in one pass. */
int xml_bound_check(
	const void *data, size_t len, const struct xml_limits *max, struct cot_err *err);

#endif
