/* A growable byte buffer with a ceiling: every append is checked. */
#ifndef COT_BUF_H
#define COT_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data; /* always NUL-terminated when not NULL */
	size_t len;
	size_t alloc;
	size_t max;  /* 0: BUF_DEFAULT_MAX */
	bool failed; /* an append hit the ceiling (no memory ends cot: mem.h) */
};

#define BUF_DEFAULT_MAX ((size_t)64 << 20)
/* clang-format off */
#define BUF_INIT {NULL, 0, 0, 0, false}
/* clang-format on */

void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller (never NULL unless failed) and resets b. */
char *buf_detach(struct buf *b, size_t *len);
void buf_release(struct buf *b);

#endif
