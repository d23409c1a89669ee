/* JSON documents to a stream: the one place the output of jansson is checked. */
#ifndef COT_JSONOUT_H
#define COT_JSONOUT_H

#include <jansson.h>
#include <stdio.h>
#include "cot/exit.h"

/*
 * Writes o and a newline to f, and releases o (its reference is taken, NULL too).
 * Nothing is written, and COT_ENV out of memory (cot_err_nomem) returned, when o is
 * NULL (jansson returns NULL when it cannot allocate), when an allocation failed while
 * o was built (mem_failed: json_object_set_new and json_array_append_new drop a member
 * then, and the document would be wrong without a word), or when jansson cannot
 * allocate for the dump. A write error is left to the stream (ferror).
 */
int json_print(FILE *f, json_t *o, size_t flags, struct cot_err *err);

#endif
