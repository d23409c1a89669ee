/* RFC 5322 / MIME messages with one streamed attachment: built once, written or sent byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/crypto-load.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/mail.h"
#include "cot/mem.h"

#define ENCODED_WORD_IN 36 /* bytes per "=?UTF-8?B?...?=": 48 base64 characters, 60 in all */

enum { PHASE_HEAD, PHASE_ATTACH, PHASE_TAIL, PHASE_DONE };

void mail_msg_init(struct mail_msg *m)
{
	memset(m, 0, sizeof(*m));
}

void mail_msg_release(struct mail_msg *m)
{
	free(m->head);
	free(m->tail);
	free(m->attach_path);
	mail_msg_init(m);
}

/* ---- pieces ------------------------------------------------------------------------ */

void mail_date(time_t t, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
		months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

bool mail_addr_ok(const char *addr)
{
	if (!addr || !email_valid(addr))
		return false;
	for (const char *p = addr; *p; p++)
		if ((unsigned char)*p >= 0x7f)
			return false;
	return true;
}

static void add_hex(struct buf *b, const unsigned char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_addf(b, "%02x", v[i]);
}

int mail_message_id(const char *addr, char **out, struct cot_err *err)
{
	unsigned char rnd[16];
	struct buf b = BUF_INIT;

	*out = NULL;
	if (!mail_addr_ok(addr))
		return cot_err_set(err, COT_USAGE, _("'%s' is not an ASCII e-mail address"), addr);
	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return cot_err_set(err, COT_ENV, _("no random bytes for a Message-ID"));
	add_hex(&b, rnd, sizeof(rnd));
	buf_addf(&b, "@%s", strchr(addr, '@') + 1);
	*out = buf_detach(&b, NULL);
	return *out ? COT_OK : cot_err_nomem(err);
}

void mail_add_header(struct buf *b, const char *name, const char *value)
{
	size_t col = strlen(name) + 1;
	const char *p = value;

	buf_addf(b, "%s:", name);
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (n) {
			/* a fold may come even right after the colon */
			if (col > 0 && col + 1 + n > MAIL_LINE_MAX) {
				buf_adds(b, "\r\n");
				col = 0;
			}
			buf_adds(b, " ");
			buf_add(b, p, n);
			col += 1 + n;
		}
		p += n + (sp != NULL);
	}
	buf_adds(b, "\r\n");
}

/* Length of the UTF-8 character at p (1-4), or 0 when it is not one or is a control. */
static size_t utf8_char(const unsigned char *p)
{
	size_t n = *p < 0x80		 ? 1
		   : (*p & 0xe0) == 0xc0 ? 2
		   : (*p & 0xf0) == 0xe0 ? 3
		   : (*p & 0xf8) == 0xf0 ? 4
					 : 0;

	if (n == 0 || *p < 0x20 || *p == 0x7f || (n == 2 && *p < 0xc2) || (n == 4 && *p > 0xf4))
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((p[k] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && ((*p == 0xe0 && p[1] < 0xa0) || (*p == 0xed && p[1] > 0x9f)))
		return 0;
	if (n == 4 && ((*p == 0xf0 && p[1] < 0x90) || (*p == 0xf4 && p[1] > 0x8f)))
		return 0;
	return n;
}

static void add_encoded_word(struct buf *b, const unsigned char *p, size_t n)
{
	char out[4 * ENCODED_WORD_IN / 3 + 4];

	EVP_EncodeBlock((unsigned char *)out, p, (int)n);
	buf_addf(b, "=?UTF-8?B?%s?=", out);
}

/* Encoded words of whole characters, separated by spaces (where headers fold). */
static void add_encoded(struct buf *b, const unsigned char *p)
{
	bool first = true;

	while (*p) {
		size_t n = 0, c;
		while (p[n] && (c = utf8_char(p + n)) && n + c <= ENCODED_WORD_IN)
			n += c;
		if (n == 0)
			break; /* not reached: the text was checked */
		if (!first)
			buf_adds(b, " ");
		add_encoded_word(b, p, n);
		first = false;
		p += n;
	}
}

static void add_quoted(struct buf *b, const char *s)
{
	buf_adds(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_adds(b, "\\");
		buf_add(b, s, 1);
	}
	buf_adds(b, "\"");
}

int mail_add_words(struct buf *b, const char *text, bool phrase, struct cot_err *err)
{
	const unsigned char *u = (const unsigned char *)text;
	bool ascii = true, special = false;

	for (size_t i = 0, c; u[i]; i += c) {
		if (!(c = utf8_char(u + i)))
			return cot_err_set(err, COT_USAGE,
				_("'%s' is not UTF-8 text without control "
				  "characters"),
				text);
		ascii &= c == 1;
		special |= strchr("()<>[]:;@\\,.\"", u[i]) != NULL;
	}
	special |= text[0] == ' ' || (text[0] && text[strlen(text) - 1] == ' ') ||
		   strstr(text, "  ") || strstr(text, "=?");
	if (!ascii || (!phrase && strstr(text, "=?")))
		add_encoded(b, u);
	else if (phrase && special)
		add_quoted(b, text);
	else
		buf_adds(b, text);
	return COT_OK;
}

/* Appends one line of text (without its end) in quoted-printable, with soft breaks. */
static void add_qp_line(struct buf *b, const unsigned char *p, size_t n)
{
	size_t col = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		bool last = i + 1 == n;
		bool lit = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
		size_t w = lit ? 1 : 3;
		/* 76 characters at most: a soft break "=" needs one of them unless this ends the
		 * line */
		if (col + w > 75 && !(last && col + w <= 76)) {
			buf_adds(b, "=\r\n");
			col = 0;
		}
		if (lit)
			buf_add(b, p + i, 1);
		else
			buf_addf(b, "=%02X", c);
		col += w;
	}
	buf_adds(b, "\r\n");
}

void mail_add_qp(struct buf *b, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = n && p[n - 1] == '\r' ? n - 1 : n;
		add_qp_line(b, (const unsigned char *)p, k);
		p += n + (nl != NULL);
	}
}

/* ---- templates ------------------------------------------------------------------------ */

static const char *lookup(
	const char *name, size_t len, const char *const *names, const char *const *values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
			return values[i];
	return NULL;
}

/* Length of "{name}" at p (name: a-z, then a-z, 0-9 and _), or 0 when p starts no placeholder. */
static size_t placeholder(const char *p)
{
	size_t n = 1;

	if (p[0] != '{' || p[1] < 'a' || p[1] > 'z')
		return 0;
	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_')
		n++;
	return p[n] == '}' ? n + 1 : 0;
}

static int fill(const char *p, size_t len, const char *const *names, const char *const *values,
	size_t n, char **out, struct cot_err *err)
{
	struct buf b = BUF_INIT;
	const char *end = p + len;

	b.max = MAIL_BODY_MAX;
	while (p < end) {
		size_t k = placeholder(p);
		const char *v = k ? lookup(p + 1, k - 2, names, values, n) : NULL;
		if (k && !v) {
			buf_release(&b);
			return cot_err_set(err, COT_USAGE,
				_("the mail template names an unknown "
				  "placeholder %.*s"),
				(int)k, p);
		}
		if (k) {
			buf_adds(&b, v);
			p += k;
		} else {
			buf_add(&b, p++, 1);
		}
	}
	*out = buf_detach(&b, NULL);
	return *out ? COT_OK
		    : cot_err_set(err, COT_USAGE,
			      _("the filled mail body is larger than "
				"%zu bytes"),
			      MAIL_BODY_MAX);
}

int mail_template(const char *text, const char *const *names, const char *const *values, size_t n,
	char **subject, char **body, struct cot_err *err)
{
	const char *nl = strchr(text, '\n'), *rest;
	size_t slen;
	int rc;

	*subject = *body = NULL;
	if (strlen(text) > MAIL_TEMPLATE_MAX || strncmp(text, "Subject: ", 9) != 0 || !nl)
		return cot_err_set(err, COT_USAGE,
			_("a mail template starts with a line "
			  "'Subject: ...' and an empty line"));
	slen = (size_t)(nl - text) - 9;
	if (slen && text[9 + slen - 1] == '\r')
		slen--;
	rest = nl + 1;
	if (*rest == '\r')
		rest++;
	if (*rest != '\n')
		return cot_err_set(err, COT_USAGE,
			_("a mail template's subject line is followed by an "
			  "empty line"));
	rest++;
	rc = fill(text + 9, slen, names, values, n, subject, err);
	if (!rc)
		rc = fill(rest, strlen(rest), names, values, n, body, err);
	if (!rc && (strchr(*subject, '\n') || strchr(*subject, '\r')))
		rc = cot_err_set(err, COT_USAGE, _("the mail subject would span lines"));
	if (rc) {
		free(*subject);
		free(*body);
		*subject = *body = NULL;
	}
	return rc;
}

/* ---- building ------------------------------------------------------------------------- */

static bool name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 60)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
			    *s))
			return false;
	return true;
}

static bool hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!strchr("0123456789abcdef", *s))
			return false;
	return true;
}

static bool mime_ok(const char *s)
{
	if (!s || !*s || !strchr(s, '/') || strlen(s) > 100)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789./+-", *s))
			return false;
	return true;
}

static bool id_ok(const char *s)
{
	if (!s || !*s || !strchr(s, '@') || strlen(s) > 300)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr("<>\"\\", *s))
			return false;
	return true;
}

static int check_spec(const struct mail_spec *s, struct cot_err *err)
{
	if (!mail_addr_ok(s->from))
		return cot_err_set(err, COT_USAGE,
			_("the sender '%s' is not an ASCII e-mail address"),
			s->from ? s->from : "");
	if (!mail_addr_ok(s->to))
		return cot_err_set(err, COT_USAGE,
			_("the recipient '%s' is not an ASCII e-mail address"), s->to ? s->to : "");
	if (s->reply_to && !mail_addr_ok(s->reply_to))
		return cot_err_set(err, COT_USAGE,
			_("the Reply-To '%s' is not an ASCII e-mail address"), s->reply_to);
	if (!s->subject || !s->body || !id_ok(s->message_id) || !s->attach_path ||
		!mime_ok(s->attach_mime))
		return cot_err_set(err, COT_USAGE,
			_("a message needs a subject, a body, a Message-ID "
			  "and an attachment"));
	if (!name_ok(s->attach_name))
		return cot_err_set(err, COT_USAGE,
			_("the attachment name '%s' is not made of "
			  "A-Z, a-z, 0-9, '.', '_' and '-'"),
			s->attach_name ? s->attach_name : "");
	if (!hex64(s->attach_sha256))
		return cot_err_set(
			err, COT_USAGE, _("the attachment's SHA-256 is not 64 hex digits"));
	return COT_OK;
}

/* mail_add_header with a printf-style value; a value that cannot be made fails b. */
static void add_headerf(struct buf *b, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_headerf(struct buf *b, const char *name, const char *fmt, ...)
{
	struct buf v = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&v, fmt, ap);
	va_end(ap);
	if (v.failed || !v.data)
		b->failed = true;
	else
		mail_add_header(b, name, v.data);
	buf_release(&v);
}

/* A header whose value is text in words (RFC 2047 when need be) followed by suffix. */
static int add_words_header(struct buf *b, const char *name, const char *text, bool phrase,
	const char *suffix, struct cot_err *err)
{
	struct buf v = BUF_INIT;
	int rc = mail_add_words(&v, text, phrase, err);

	if (!rc)
		add_headerf(b, name, "%s%s", v.data ? v.data : "", suffix);
	buf_release(&v);
	return rc;
}

static int add_head(
	struct buf *b, const struct mail_spec *s, const char *boundary, struct cot_err *err)
{
	char date[40];
	int rc;

	mail_date(s->date, date);
	mail_add_header(b, "Date", date);
	if (s->from_name && *s->from_name) {
		char addr[300];
		snprintf(addr, sizeof(addr), " <%s>", s->from);
		if ((rc = add_words_header(b, "From", s->from_name, true, addr, err)))
			return rc;
	} else {
		add_headerf(b, "From", "<%s>", s->from);
	}
	if (s->reply_to)
		add_headerf(b, "Reply-To", "<%s>", s->reply_to);
	add_headerf(b, "To", "<%s>", s->to);
	if ((rc = add_words_header(b, "Subject", s->subject, false, "", err)))
		return rc;
	add_headerf(b, "Message-ID", "<%s>", s->message_id);
	mail_add_header(b, "MIME-Version", "1.0");
	mail_add_header(b, "User-Agent", "cot/" COT_VERSION);
	add_headerf(b, "Content-Type", "multipart/mixed; boundary=\"%s\"", boundary);
	buf_addf(b, "\r\nThis is a message in MIME format.\r\n--%s\r\n", boundary);
	return COT_OK;
}

static int add_parts(
	struct buf *b, const struct mail_spec *s, const char *boundary, struct cot_err *err)
{
	for (const unsigned char *p = (const unsigned char *)s->body; *p;) {
		size_t c = *p == '\n' || *p == '\r' || *p == '\t' ? 1 : utf8_char(p);
		if (!c)
			return cot_err_set(err, COT_USAGE, _("the mail body is not UTF-8 text"));
		p += c;
	}
	mail_add_header(b, "Content-Type", "text/plain; charset=UTF-8");
	mail_add_header(b, "Content-Transfer-Encoding", "quoted-printable");
	buf_adds(b, "\r\n");
	mail_add_qp(b, s->body);
	buf_addf(b, "--%s\r\n", boundary);
	add_headerf(b, "Content-Type", "%s; name=\"%s\"", s->attach_mime, s->attach_name);
	add_headerf(b, "Content-Disposition", "attachment; filename=\"%s\"", s->attach_name);
	mail_add_header(b, "Content-Transfer-Encoding", "base64");
	buf_adds(b, "\r\n");
	return COT_OK;
}

/* Bytes of the base64 of n bytes in lines of MAIL_B64_LINE characters and CRLF. */
static uint64_t b64_size(uint64_t n)
{
	uint64_t full = n / MAIL_B64_IN, rest = n % MAIL_B64_IN;

	return full * (MAIL_B64_LINE + 2) + (rest ? (rest + 2) / 3 * 4 + 2 : 0);
}

static int make_boundary(char out[64], struct cot_err *err)
{
	unsigned char rnd[12];
	struct buf b = BUF_INIT;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return cot_err_set(err, COT_ENV, _("no random bytes for a MIME boundary"));
	/* "=_" never occurs in quoted-printable or base64 text: no part can hold the boundary */
	buf_adds(&b, "=_cot_");
	add_hex(&b, rnd, sizeof(rnd));
	if (b.failed)
		return cot_err_nomem(err);
	snprintf(out, 64, "%s", b.data);
	buf_release(&b);
	return COT_OK;
}

int mail_build(const struct mail_spec *s, struct mail_msg *m, struct cot_err *err)
{
	struct buf head = BUF_INIT, tail = BUF_INIT;
	char boundary[64];
	struct stat st;
	int rc;

	if ((rc = check_spec(s, err)))
		return rc;
	if (stat(s->attach_path, &st) < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), s->attach_path);
	if (!S_ISREG(st.st_mode))
		return cot_err_set(err, COT_USAGE, _("'%s' is not a regular file"), s->attach_path);
	if ((rc = make_boundary(boundary, err)))
		return rc;
	if (!(rc = add_head(&head, s, boundary, err)))
		rc = add_parts(&head, s, boundary, err);
	buf_addf(&tail, "--%s--\r\n", boundary);
	if (!rc && (head.failed || tail.failed))
		rc = cot_err_nomem(err);
	if (!rc) {
		m->head = buf_detach(&head, &m->head_len);
		m->tail = buf_detach(&tail, &m->tail_len);
		m->attach_path = strdup(s->attach_path);
		memcpy(m->attach_sha256, s->attach_sha256, 65);
		m->attach_size = (uint64_t)st.st_size;
		m->total = m->head_len + b64_size(m->attach_size) + m->tail_len;
		if (!m->head || !m->tail || !m->attach_path)
			rc = cot_err_nomem(err);
	}
	buf_release(&head);
	buf_release(&tail);
	if (rc)
		mail_msg_release(m);
	return rc;
}

/* ---- streaming ------------------------------------------------------------------------- */

int mail_reader_open(struct mail_reader *r, const struct mail_msg *m, struct cot_err *err)
{
	struct stat st;

	memset(r, 0, offsetof(struct mail_reader, in));
	r->m = m;
	r->fd = open(m->attach_path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), m->attach_path);
	if (fstat(r->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
		(uint64_t)st.st_size != m->attach_size) {
		mail_reader_close(r);
		return cot_err_set(err, COT_USAGE, _("'%s' changed since the message was made"),
			m->attach_path);
	}
	r->md = EVP_MD_CTX_new();
	if (!r->md || EVP_DigestInit_ex(r->md, EVP_sha256(), NULL) != 1) {
		mail_reader_close(r);
		return cot_err_set(err, COT_ENV, _("cannot start SHA-256"));
	}
	return COT_OK;
}

void mail_reader_close(struct mail_reader *r)
{
	if (r->fd >= 0)
		close(r->fd);
	EVP_MD_CTX_free(r->md);
	r->fd = -1;
	r->md = NULL;
}

/* Reads until buf is full or the file ends. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t n = 0;

	while (n < len) {
		ssize_t k = read(fd, buf + n, len - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		n += (size_t)k;
	}
	return (ssize_t)n;
}

/* At the end of the attachment: its size and digest must be what the message states. */
static int attach_end(struct mail_reader *r, struct cot_err *err)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char hex[65];

	if (r->read != r->m->attach_size)
		return cot_err_set(err, COT_USAGE,
			_("'%s' changed while it was read (%llu bytes, "
			  "%llu expected)"),
			r->m->attach_path, (unsigned long long)r->read,
			(unsigned long long)r->m->attach_size);
	if (EVP_DigestFinal_ex(r->md, md, &mdlen) != 1 || mdlen != 32)
		return cot_err_set(err, COT_ENV, _("cannot finish SHA-256"));
	for (unsigned i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	if (strcmp(hex, r->m->attach_sha256) != 0)
		return cot_err_set(err, COT_USAGE,
			_("'%s' is not the file the message describes: its "
			  "SHA-256 is %s, the message states %s"),
			r->m->attach_path, hex, r->m->attach_sha256);
	r->phase = PHASE_TAIL;
	r->off = 0;
	return COT_OK;
}

/* Reads the next piece of the attachment and encodes it into r->out. */
static int refill(struct mail_reader *r, struct cot_err *err)
{
	ssize_t n = read_full(r->fd, r->in, sizeof(r->in));
	size_t pos = 0;

	if (n < 0)
		return cot_err_sys(err, COT_USAGE, errno, _("cannot read '%s'"), r->m->attach_path);
	if (n == 0)
		return attach_end(r, err);
	r->read += (uint64_t)n;
	if (r->read > r->m->attach_size)
		return cot_err_set(
			err, COT_USAGE, _("'%s' grew while it was read"), r->m->attach_path);
	if (EVP_DigestUpdate(r->md, r->in, (size_t)n) != 1)
		return cot_err_set(err, COT_ENV, _("SHA-256 failed"));
	for (size_t k = 0; k < (size_t)n; k += MAIL_B64_IN) {
		size_t len = (size_t)n - k < MAIL_B64_IN ? (size_t)n - k : MAIL_B64_IN;
		pos += (size_t)EVP_EncodeBlock((unsigned char *)r->out + pos, r->in + k, (int)len);
		r->out[pos++] = '\r';
		r->out[pos++] = '\n';
	}
	r->out_len = pos;
	r->off = 0;
	return COT_OK;
}

static size_t take(char *dst, size_t room, const char *src, size_t len, size_t *off)
{
	size_t k = len - *off < room ? len - *off : room;

	memcpy(dst, src + *off, k);
	*off += k;
	return k;
}

int mail_reader_read(struct mail_reader *r, void *buf, size_t len, size_t *n, struct cot_err *err)
{
	char *dst = buf;
	size_t got = 0;
	int rc;

	while (got < len && r->phase != PHASE_DONE) {
		if (r->phase == PHASE_HEAD) {
			got += take(dst + got, len - got, r->m->head, r->m->head_len, &r->off);
			if (r->off == r->m->head_len) {
				r->phase = PHASE_ATTACH;
				r->off = r->out_len = 0;
			}
		} else if (r->phase == PHASE_ATTACH) {
			if (r->off == r->out_len && (rc = refill(r, err))) {
				*n = 0;
				return rc;
			}
			if (r->phase == PHASE_ATTACH)
				got += take(dst + got, len - got, r->out, r->out_len, &r->off);
		} else {
			got += take(dst + got, len - got, r->m->tail, r->m->tail_len, &r->off);
			if (r->off == r->m->tail_len)
				r->phase = PHASE_DONE;
		}
	}
	*n = got;
	return COT_OK;
}

/* ---- writing a file ----------------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

static int stream_to(const struct mail_msg *m, int fd, const char *tmp, struct cot_err *err)
{
	struct mail_reader r;
	char chunk[1 << 16];
	size_t n;
	int rc = mail_reader_open(&r, m, err);

	while (!rc && !(rc = mail_reader_read(&r, chunk, sizeof(chunk), &n, err)) && n)
		if (write_all(fd, chunk, n) < 0)
			rc = cot_err_sys(err, COT_ENV, errno, _("cannot write '%s'"), tmp);
	if (!rc && fsync(fd) < 0)
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot write '%s'"), tmp);
	if (r.m)
		mail_reader_close(&r);
	return rc;
}

int mail_write_file(const struct mail_msg *m, const char *path, struct cot_err *err)
{
	char tmp[PATH_MAX];
	int fd, rc;

	if (fs_exists(path))
		return cot_err_set(err, COT_USAGE,
			_("'%s' exists already: cot never overwrites it; "
			  "remove it or give another name"),
			path);
	if (fs_temp_name(tmp, sizeof(tmp), path, NULL))
		return cot_err_set(err, COT_USAGE, _("path too long: '%s'"), path);
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return cot_err_sys(err, COT_ENV, errno, _("cannot create '%s'"), tmp);
	fs_temp_track(tmp);
	rc = stream_to(m, fd, tmp, err);
	if (close(fd) < 0 && !rc)
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot write '%s'"), tmp);
	if (!rc && mem_failed()) {
		rc = cot_err_nomem(err);
		cot_err_prefix(err, "%s", _("nothing written"));
	}
	/* link() never replaces: a file that appeared meanwhile is kept */
	if (!rc && link(tmp, path) < 0)
		rc = errno == EEXIST
			     ? cot_err_set(err, COT_USAGE,
				       _("'%s' exists already: cot never "
					 "overwrites it"),
				       path)
			     : cot_err_sys(err, COT_ENV, errno, _("cannot create '%s'"), path);
	fs_temp_untrack(tmp);
	unlink(tmp);
	if (!rc)
		rc = fs_sync_parent(path, err);
	return rc;
}
