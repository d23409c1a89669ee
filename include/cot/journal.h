/*
 * The journal, .cot/journal: append-only, one JSON record per line, each
 * chaining the SHA-256 of the previous line; .cot/journal.head holds the
 * sequence number and hash of the last record written, so that a removed
 * tail shows. The head may lag (a writer killed between its two renames; the
 * next write repairs it) but must match the record it names.
 */
#ifndef COT_JOURNAL_H
#define COT_JOURNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "cot/exit.h"

#define JOURNAL_MAX ((size_t)64 << 20)
#define JOURNAL_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

struct jrec {
	unsigned long seq;
	unsigned lineno;
	const char *time;  /* "YYYY-MM-DDTHH:MM:SSZ"; borrowed from obj */
	const char *event; /* borrowed from obj */
	const char *actor; /* borrowed from obj */
	json_t *obj;	   /* the whole record */
};

struct journal {
	struct jrec *v;
	size_t n;
};

/* clang-format off */
#define JOURNAL_INIT {NULL, 0}
/* clang-format on */

/* Loads the journal at path (absent: empty). A malformed line is COT_USAGE naming it. */
int journal_load(const char *path, struct journal *j, struct cot_err *err);

/*
 * Recomputes the chain of the journal at path and compares the head file.
 * COT_OK when intact; COT_FINDINGS with the first bad record (line and why)
 * in err otherwise; COT_USAGE/COT_ENV when it cannot be read.
 */
int journal_verify(
	const char *path, const char *head_path, unsigned long *records, struct cot_err *err);

/*
 * Appends a record {seq, time, event, actor, data, prev} to the journal at
 * path, atomically (copy, append, fsync, rename, fsync dir), then the head.
 * Both are written in full before either is renamed; when the head cannot be
 * put in place the old journal is put back: on failure (COT_ENV, with the
 * cause) both files are as they were. data is stolen (may be NULL). The
 * caller holds the project lock. A journal that fails journal_verify is never
 * extended: COT_FINDINGS naming the first bad record and how to recover.
 */
int journal_append(const char *path, const char *head_path, const char *event, json_t *data,
	struct cot_err *err);

/*
 * journal_verify for cot status and for writers: COT_OK when intact; COT_FINDINGS with
 * one message naming the first bad record and how to recover ('cot log --verify', a
 * backup) otherwise, saying that nothing was recorded when writing; COT_USAGE/COT_ENV
 * when it cannot be read.
 */
int journal_intact(const char *path, const char *head_path, bool writing, struct cot_err *err);

void journal_release(struct journal *j);

#endif
