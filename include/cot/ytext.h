/* Text read from cot's YAML files (cot.yaml, answers, requirement sets) holds no control
 * characters. */
#ifndef COT_YTEXT_H
#define COT_YTEXT_H

#include "cot/diag.h"
#include "cot/ydoc.h"

/*
 * Reports every scalar of the tree at root that holds a character no name or text may
 * (escape.h, esc_control_at): an error "file:line:col: ... [text-control]" at the scalar,
 * the character named as an escape. Mapping keys and the values of 'name' keys are one
 * line (no tab, no newline); other values may be multi-line text. Returns the number of
 * findings added.
 */
unsigned ytext_check(const struct ynode *root, const char *file, struct diag_list *d);

/*
 * Appends s (NULL: "") to b as a YAML double-quoted scalar, safe whatever the text:
 * quote and backslash escaped, control characters as \xHH. For every YAML file cot writes.
 */
struct buf;
void ytext_quote(struct buf *b, const char *s);

#endif
