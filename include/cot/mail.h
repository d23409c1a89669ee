/*
 * Internet messages (RFC 5322, MIME) built once and streamed: a text part and
 * one attachment read from its file, so that what is written to a file and
 * what SMTP sends are the same bytes, in memory independent of the file's size.
 */
#ifndef COT_MAIL_H
#define COT_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <openssl/evp.h>
#include "cot/buf.h"
#include "cot/exit.h"

#define MAIL_LINE_MAX 78 /* the longest line cot writes (RFC 5322 2.1.1's SHOULD) */
#define MAIL_B64_IN 57	 /* attachment bytes per base64 line ... */
#define MAIL_B64_LINE 76 /* ... and the characters they become */
#define MAIL_TEMPLATE_MAX ((size_t)64 << 10)
#define MAIL_BODY_MAX ((size_t)256 << 10)

/* What a message says. Every string is borrowed; all are UTF-8. */
struct mail_spec {
	const char *from_name; /* display name, may be NULL */
	const char *from;      /* the sender's address (ASCII) */
	const char *reply_to;  /* NULL: no Reply-To */
	const char *to;	       /* the recipient's address (ASCII) */
	const char *subject;
	const char *body; /* the text, "\n" or "\r\n" line ends */
	time_t date;
	const char *message_id;	   /* without the angle brackets */
	const char *attach_path;   /* the file attached, read when the message is streamed */
	const char *attach_name;   /* its name in the message: [A-Za-z0-9._-] only */
	const char *attach_mime;   /* its Content-Type */
	const char *attach_sha256; /* its SHA-256 (64 hex digits) as the body states it */
};

/*
 * A built message: the bytes before and after the attachment's base64, and
 * what the attachment is expected to be. The attachment itself is read only
 * while the message is streamed (mail_reader).
 */
struct mail_msg {
	char *head; /* headers, text part, attachment part headers */
	size_t head_len;
	char *tail; /* the closing delimiter */
	size_t tail_len;
	char *attach_path;
	char attach_sha256[65];
	uint64_t attach_size; /* as seen when built */
	uint64_t total;	      /* bytes of the whole message */
};

void mail_msg_init(struct mail_msg *m);
void mail_msg_release(struct mail_msg *m);

/*
 * Builds the message of s into m (initialised): Date, From, Reply-To, To,
 * Subject, Message-ID, MIME-Version and a multipart/mixed body of a
 * text/plain UTF-8 part in quoted-printable and the attachment in base64
 * (76-character lines). Lines end in CRLF and are at most MAIL_LINE_MAX
 * characters, but for a header word that cannot be folded (a Message-ID with
 * a very long domain). Non-ASCII display names and subjects are RFC 2047
 * encoded words. The attachment must be a regular file; its size is taken
 * now. COT_USAGE for a missing field, a non-ASCII or malformed address, an
 * attachment that cannot be read or a name outside [A-Za-z0-9._-]; COT_ENV
 * out of memory.
 */
int mail_build(const struct mail_spec *s, struct mail_msg *m, struct cot_err *err);

/* Streams a built message: one pass, restartable by closing and opening again. */
struct mail_reader {
	const struct mail_msg *m;
	int phase;  /* head, attachment, tail, done */
	size_t off; /* into head or tail, or into out */
	int fd;
	EVP_MD_CTX *md;
	uint64_t read; /* attachment bytes read so far */
	unsigned char in[MAIL_B64_IN * 256];
	char out[(MAIL_B64_LINE + 2) * 256 + 1];
	size_t out_len;
};

/* Opens the attachment and starts at the message's first byte. */
int mail_reader_open(struct mail_reader *r, const struct mail_msg *m, struct cot_err *err);

/*
 * Copies up to len next bytes of the message to buf and sets *n; *n is 0 at
 * the end. The attachment is hashed as it is read: a file whose size or
 * SHA-256 differs from what the message states is COT_USAGE before its last
 * line is given out, so a transfer stopped then never completes the message.
 */
int mail_reader_read(struct mail_reader *r, void *buf, size_t len, size_t *n, struct cot_err *err);

void mail_reader_close(struct mail_reader *r);

/*
 * Writes the whole message to a new file path: a temporary file beside it,
 * fsynced, then linked to path, which must not exist (COT_USAGE if it does:
 * never overwritten), and the directory fsynced. Nothing is left on failure.
 */
int mail_write_file(const struct mail_msg *m, const char *path, struct cot_err *err);

/* ---- the pieces, for the builder and its tests ----------------------------------- */

/* "Sun, 22 Nov 2026 14:36:17 +0000" (RFC 5322, always UTC, English names); out holds 40. */
void mail_date(time_t t, char out[40]);

/* A new Message-ID (without brackets): 32 random hex digits, "@", the domain of addr. */
int mail_message_id(const char *addr, char **out, struct cot_err *err);

/* True for an ASCII address cot can put in a header and an SMTP envelope. */
bool mail_addr_ok(const char *addr);

/*
 * Appends header "name: value\r\n" to b, folded at spaces so that lines stay
 * within MAIL_LINE_MAX; value is printable ASCII already (encoded if need be).
 */
void mail_add_header(struct buf *b, const char *name, const char *value);

/*
 * Appends text as header words: unchanged when it is printable ASCII (as a
 * quoted-string when phrase is set and it holds specials), else as RFC 2047
 * encoded words ("=?UTF-8?B?...?=", each at most 60 characters and whole
 * UTF-8 characters). COT_USAGE when text is not valid UTF-8 or holds a control.
 */
int mail_add_words(struct buf *b, const char *text, bool phrase, struct cot_err *err);

/* Appends text in quoted-printable (RFC 2045 6.7), lines ending in CRLF, at most 76 characters. */
void mail_add_qp(struct buf *b, const char *text);

/*
 * Fills template text: the first line is "Subject: ...", then an empty line,
 * then the body. "{name}" (a lowercase letter, then lowercase letters,
 * digits or "_") is replaced by the value of the variable name
 * (names[i] -> values[i], n of them); an unknown name is COT_USAGE, naming it.
 * *subject and *body are the caller's.
 */
int mail_template(const char *text, const char *const *names, const char *const *values, size_t n,
	char **subject, char **body, struct cot_err *err);

#endif
