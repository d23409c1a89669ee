/* Escaping for output: one function per kind of output, so that no input can subvert it. */
#ifndef COT_ESCAPE_H
#define COT_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>
#include "cot/buf.h"

/*
 * What every kind escapes, visibly and never dropped: C1 controls and DEL as \u0085 and
 * \x7f, the bidirectional controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) and the
 * line and paragraph separators (U+2028/9) as \u202e, each byte of invalid UTF-8 (bad
 * sequences, overlong forms, surrogates, beyond U+10FFFF) as \xff. C0 controls differ
 * by kind, as said below. A NUL byte inside the n bytes is a control like any other.
 */

/*
 * Text for a terminal or a log line: appends s (n bytes) to out with every C0 control,
 * tab, CR and newline included, escaped as \x1b, so that one value is one line and no
 * byte of it is a terminal sequence.
 */
void esc_text(struct buf *out, const char *s, size_t n);

/* The characters of s[0..n) (UTF-8 continuation bytes not counted): its width in aligned text. */
size_t esc_columns(const char *s, size_t n);

/* esc_text of the NUL-terminated s as a new string (the caller's; NULL stays "(null)"). */
char *esc_text_str(const char *s);

/*
 * A JSON string for s (n bytes): always valid UTF-8, so jansson never refuses it and no
 * value vanishes; C0 controls are kept (jansson writes them as \u001b, \n), the rest is
 * escaped as above. Returns a new reference; NULL only when out of memory.
 */
json_t *esc_json(const char *s, size_t n);

/*
 * XML 1.0 character data or an attribute value: markup escaped (&lt; &gt; &amp; &quot;
 * &apos;), tab and newline kept, every other character XML cannot hold or a reader
 * should not see raw (C0 controls, CR, U+FFFE/FFFF, and the above) escaped visibly.
 * The result goes into a document as it is (xmlTextWriterWriteRaw), never escaped again.
 */
void esc_xml(struct buf *out, const char *s, size_t n);

/* HTML text or a quoted attribute value: the same as XML (HTML holds what XML holds). */
void esc_html(struct buf *out, const char *s, size_t n);

/*
 * For readers of names and text: the offset in s (n bytes) of the first character no
 * such field may hold (a C0 control other than tab and newline, or any when multiline is
 * false; DEL; C1; a bidi control or line separator as above; invalid UTF-8), or -1.
 * *cp (when not NULL) is its code point, or minus the byte for invalid UTF-8.
 */
long esc_control_at(const char *s, size_t n, bool multiline, long *cp);

#endif
