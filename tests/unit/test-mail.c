/* Unit tests of the message builder: headers, encodings, templates, streaming, the file written. */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "cot/fsutil.h"
#include "cot/mail.h"
#include "helpers.h"

/* Every line of s (len bytes) ends in CRLF and is at most max characters. */
static void expect_lines(const char *s, size_t len, size_t max)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			cr_assert(i > 0 && s[i - 1] == '\r', "a bare LF at byte %zu", i);
			cr_assert_leq(i - 1 - start, max, "line at byte %zu has %zu characters",
				start, i - 1 - start);
			start = i + 1;
		} else {
			cr_assert(s[i] != '\r' || (i + 1 < len && s[i + 1] == '\n'),
				"a bare CR at %zu", i);
		}
	}
	cr_assert_eq(start, len, "the text does not end in CRLF");
}

/* Undoes header folding: CRLF followed by a space becomes the space. */
static char *unfold(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s++;
			continue;
		}
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* Decodes base64 text of n characters into out; returns the bytes written. */
static size_t b64_decode(const char *in, size_t n, unsigned char *out)
{
	int k = EVP_DecodeBlock(out, (const unsigned char *)in, (int)n);

	cr_assert_geq(k, 0, "bad base64: %.*s", (int)n, in);
	/* EVP_DecodeBlock keeps a zero byte for each '=' of padding */
	if (n && in[n - 1] == '=')
		k -= n > 1 && in[n - 2] == '=' ? 2 : 1;
	return (size_t)k;
}

/* Decodes a run of "=?UTF-8?B?...?=" words separated by spaces. */
static char *decode_words(const char *s)
{
	char *out = calloc(1, strlen(s) + 1);
	size_t n = 0;

	while (*s) {
		const char *end;
		while (*s == ' ')
			s++;
		cr_assert(strncmp(s, "=?UTF-8?B?", 10) == 0, "not an encoded word: %s", s);
		end = strstr(s + 10, "?=");
		cr_assert_not_null(end);
		cr_assert_leq(end + 2 - s, 60, "an encoded word longer than 60 characters");
		n += b64_decode(s + 10, (size_t)(end - s - 10), (unsigned char *)out + n);
		s = end + 2;
	}
	out[n] = '\0';
	return out;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes quoted-printable (CRLF line ends) into text with "\n" line ends. */
static char *decode_qp(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			cr_assert(hexval(s[1]) >= 0 && hexval(s[2]) >= 0, "bad escape '%.3s'", s);
			*o++ = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			s += 3;
		} else if (s[0] == '\r' && s[1] == '\n') {
			*o++ = '\n';
			s += 2;
		} else {
			cr_assert(*s != ' ' || (s[1] != '\r'), "a space ends an encoded line");
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

Test(mail, date_is_rfc5322_in_utc_with_english_names)
{
	char d[40];

	mail_date(0, d);
	cr_expect_str_eq(d, "Thu, 01 Jan 1970 00:00:00 +0000");
	mail_date(1795305600 + 3661, d);
	cr_expect_str_eq(d, "Sun, 22 Nov 2026 01:01:01 +0000");
}

Test(mail, addresses_must_be_ascii)
{
	cr_expect(mail_addr_ok("it@zonneweide.be"));
	cr_expect_not(mail_addr_ok("it@zonneweidé.be"));
	cr_expect_not(mail_addr_ok("it zonneweide.be"));
	cr_expect_not(mail_addr_ok("<it@zonneweide.be>"));
	cr_expect_not(mail_addr_ok(NULL));
}

Test(mail, message_ids_are_random_at_the_senders_domain)
{
	struct cot_err err = COT_ERR_INIT;
	char *a = NULL, *b = NULL;

	cr_assert_eq(mail_message_id("it@zonneweide.be", &a, &err), COT_OK);
	cr_assert_eq(mail_message_id("it@zonneweide.be", &b, &err), COT_OK);
	cr_expect_eq(strlen(a), 32 + strlen("@zonneweide.be"));
	cr_expect_str_eq(a + 32, "@zonneweide.be");
	cr_expect_eq(strspn(a, "0123456789abcdef"), 32);
	cr_expect_str_neq(a, b);
	free(a);
	free(b);
	cr_expect_eq(mail_message_id("it@zönneweide.be", &a, &err), COT_USAGE);
	cr_expect_null(a);
}

Test(mail, long_headers_fold_at_spaces_and_unfold_to_the_value)
{
	struct buf b = BUF_INIT;
	const char *v = "one two three four five six seven eight nine ten eleven twelve thirteen "
			"fourteen fifteen sixteen seventeen eighteen nineteen twenty";
	char *u;

	mail_add_header(&b, "Subject", v);
	expect_lines(b.data, b.len, MAIL_LINE_MAX);
	cr_expect(strstr(b.data, "\r\n "), "it was not folded: %s", b.data);
	u = unfold(b.data);
	cr_expect_eq(strncmp(u, "Subject: ", 9), 0);
	cr_expect_eq(strncmp(u + 9, v, strlen(v)), 0, "%s", u);
	free(u);
	buf_release(&b);
	/* a word too long for the first line goes to the next one */
	mail_add_header(&b, "Message-ID",
		"<0123456789abcdef0123456789abcdef@a-rather-long-domain."
		"example.org>");
	cr_expect_str_eq(b.data, "Message-ID:\r\n <0123456789abcdef0123456789abcdef@a-rather-long-"
				 "domain.example.org>\r\n");
	buf_release(&b);
}

Test(mail, ascii_words_stay_and_phrases_with_specials_are_quoted)
{
	struct buf b = BUF_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(mail_add_words(&b, "WZC Zonneweide", true, &err), COT_OK);
	cr_expect_str_eq(b.data, "WZC Zonneweide");
	buf_release(&b);
	cr_assert_eq(mail_add_words(&b, "Zonneweide, vzw \"de Zon\"", true, &err), COT_OK);
	cr_expect_str_eq(b.data, "\"Zonneweide, vzw \\\"de Zon\\\"\"");
	buf_release(&b);
	cr_assert_eq(mail_add_words(&b, "Request: KBO 0403.019.261", false, &err), COT_OK);
	cr_expect_str_eq(b.data, "Request: KBO 0403.019.261");
	buf_release(&b);
}

Test(mail, non_ascii_becomes_encoded_words_of_whole_characters)
{
	struct buf b = BUF_INIT;
	struct cot_err err = COT_ERR_INIT;
	const char *name = "Maison de repos Sainte-Élisabeth — résidence «Les Érables» à Liège, "
			   "établissement agréé";
	char *dec;

	cr_assert_eq(mail_add_words(&b, name, true, &err), COT_OK);
	cr_expect(strncmp(b.data, "=?UTF-8?B?", 10) == 0, "%s", b.data);
	dec = decode_words(b.data);
	cr_expect_str_eq(dec, name);
	free(dec);
	/* each word decodes on its own to valid UTF-8: no character is split */
	for (char *w = strtok(b.data, " "); w; w = strtok(NULL, " ")) {
		char *one = decode_words(w);
		struct buf t = BUF_INIT;
		cr_expect_eq(
			mail_add_words(&t, one, false, &err), COT_OK, "a split character in %s", w);
		buf_release(&t);
		free(one);
	}
	buf_release(&b);
}

Test(mail, words_refuse_controls_and_bad_utf8)
{
	struct buf b = BUF_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_expect_eq(mail_add_words(&b, "Evil\r\nBcc: x@y.z", false, &err), COT_USAGE);
	cr_expect_eq(mail_add_words(&b, "tab\there", false, &err), COT_USAGE);
	cr_expect_eq(mail_add_words(&b, "bad \xc3\x28 utf8", false, &err), COT_USAGE);
	cr_expect_eq(mail_add_words(&b, "overlong \xc0\xaf", false, &err), COT_USAGE);
	buf_release(&b);
}

Test(mail, quoted_printable_round_trips_within_76_characters)
{
	const char *text =
		"Geachte,\n\nHierbij onze aanvraag: dé bundel (SHA-256 = 0123456789abcdef"
		"0123456789abcdef0123456789abcdef0123456789abcdef) is bijgevoegd.\n"
		"A line that ends in spaces   \n\ttab first\n.\nFrom here on\n"
		"==========================================================================="
		"=======\nlast line without end";
	struct buf b = BUF_INIT;
	char *dec;

	mail_add_qp(&b, text);
	expect_lines(b.data, b.len, 76);
	cr_expect(strstr(b.data, "d=C3=A9"), "%s", b.data);
	cr_expect(strstr(b.data, "spaces  =20\r\n"), "%s", b.data);
	dec = decode_qp(b.data);
	cr_expect_eq(strncmp(dec, text, strlen(text)), 0, "%s", dec);
	cr_expect_str_eq(dec + strlen(text), "\n");
	free(dec);
	buf_release(&b);
}

Test(mail, quoted_printable_takes_crlf_text_too)
{
	struct buf b = BUF_INIT;

	mail_add_qp(&b, "a\r\nb\r\n");
	cr_expect_str_eq(b.data, "a\r\nb\r\n");
	buf_release(&b);
}

Test(mail, templates_fill_placeholders_and_refuse_unknown_ones)
{
	const char *names[] = {"organisation", "kbo"};
	const char *values[] = {"WZC {kbo} Zonneweide", "0403.019.261"};
	struct cot_err err = COT_ERR_INIT;
	char *subject, *body;

	cr_assert_eq(mail_template("Subject: Request: {organisation} (KBO {kbo})\n\n"
				   "Dear,\n{organisation} { kbo } {Kbo} {}\n",
			     names, values, 2, &subject, &body, &err),
		COT_OK, "%s", err.msg);
	/* a value is never read as a template itself */
	cr_expect_str_eq(subject, "Request: WZC {kbo} Zonneweide (KBO 0403.019.261)");
	cr_expect_str_eq(body, "Dear,\nWZC {kbo} Zonneweide { kbo } {Kbo} {}\n");
	free(subject);
	free(body);
	cr_expect_eq(mail_template("Subject: x\n\n{organisation} {nihii}\n", names, values, 2,
			     &subject, &body, &err),
		COT_USAGE);
	cr_expect(strstr(err.msg, "{nihii}"), "%s", err.msg);
	cr_expect_null(subject);
	cr_expect_null(body);
	cr_expect_eq(mail_template("Hello\n\nbody\n", names, values, 2, &subject, &body, &err),
		COT_USAGE);
	cr_expect_eq(mail_template("Subject: x\nbody\n", names, values, 2, &subject, &body, &err),
		COT_USAGE);
	cr_expect_eq(mail_template(
			     "Subject: x\r\n\r\nbody\r\n", names, values, 2, &subject, &body, &err),
		COT_OK);
	cr_expect_str_eq(subject, "x");
	free(subject);
	free(body);
}

/* A temporary attachment of n bytes of a pattern; its SHA-256 in hex. */
static char *attachment(const char *dir, size_t n, char hex[65])
{
	char *path = test_path(dir, "bundle.asice");
	FILE *f = fopen(path, "wb");
	struct cot_err err = COT_ERR_INIT;

	cr_assert_not_null(f);
	for (size_t i = 0; i < n; i++)
		fputc((int)((i * 7 + i / 251) & 0xff), f);
	fclose(f);
	cr_assert_eq(fs_sha256(path, hex, &err), COT_OK);
	return path;
}

static struct mail_spec spec(const char *path, const char *hex)
{
	return (struct mail_spec){.from_name = "Maison Sainte-Élisabeth",
		.from = "it@example.org",
		.reply_to = "security@example.org",
		.to = "circleoftrust@belrai.org",
		.subject = "Aanvraag BelRAI-vertrouwenscirkel: Maison Sainte-Élisabeth",
		.body = "Geachte,\n\nIn bijlage de bundel.\n.\n",
		.date = 1795305600,
		.message_id = "0123@example.org",
		.attach_path = path,
		.attach_name = "bundle.asice",
		.attach_mime = "application/vnd.etsi.asic-e+zip",
		.attach_sha256 = hex};
}

/* The whole message read through a reader in pieces of step bytes. */
static char *stream_all(
	const struct mail_msg *m, size_t step, size_t *len, int *rc, struct cot_err *why)
{
	struct mail_reader *r = malloc(sizeof(*r));
	struct cot_err err = COT_ERR_INIT;
	char *out = malloc(m->total + 1);
	size_t got = 0, n;

	cr_assert_eq(mail_reader_open(r, m, &err), COT_OK, "%s", err.msg);
	*rc = COT_OK;
	do {
		*rc = mail_reader_read(r, out + got, step, &n, &err);
		cr_assert_leq(got + n, m->total);
		got += n;
	} while (!*rc && n);
	mail_reader_close(r);
	free(r);
	if (why)
		*why = err;
	*len = got;
	out[got] = '\0';
	return out;
}

/* Decodes the base64 lines between the attachment's headers and the closing delimiter. */
static unsigned char *attachment_of(const char *msg, size_t *len)
{
	const char *p = strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n");
	unsigned char *out = malloc(strlen(msg) + 1);
	size_t n = 0;

	cr_assert_not_null(p);
	p += strlen("Content-Transfer-Encoding: base64\r\n\r\n");
	while (strncmp(p, "--", 2) != 0) {
		const char *e = strstr(p, "\r\n");
		cr_assert_eq(e - p, strncmp(e + 2, "--", 2) == 0 ? e - p : MAIL_B64_LINE,
			"a base64 line other than the last is not 76 characters");
		n += b64_decode(p, (size_t)(e - p), out + n);
		p = e + 2;
	}
	*len = n;
	return out;
}

static void check_message(size_t size)
{
	char *dir = test_tmpdir(), hex[65], *path = attachment(dir, size, hex), *a, *b;
	struct mail_spec s = spec(path, hex);
	struct mail_msg m;
	struct cot_err err = COT_ERR_INIT;
	size_t la, lb, ln;
	unsigned char *att;
	char *orig;
	int rc;

	mail_msg_init(&m);
	cr_assert_eq(mail_build(&s, &m, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(m.attach_size, size);
	a = stream_all(&m, 1 << 20, &la, &rc, NULL);
	cr_expect_eq(rc, COT_OK);
	b = stream_all(&m, 7, &lb, &rc, NULL);
	cr_expect_eq(rc, COT_OK);
	cr_expect_eq(
		la, m.total, "streamed %zu bytes, announced %llu", la, (unsigned long long)m.total);
	cr_expect_eq(lb, la);
	cr_expect_eq(memcmp(a, b, la), 0, "pieces of 7 bytes give other bytes");
	expect_lines(a, la, MAIL_LINE_MAX);
	att = attachment_of(a, &ln);
	cr_expect_eq(ln, size);
	orig = malloc(size + 1);
	for (size_t i = 0; i < size; i++)
		orig[i] = (char)((i * 7 + i / 251) & 0xff);
	cr_expect_eq(memcmp(att, orig, size), 0, "the attachment does not decode to the file");
	cr_expect(strstr(a, "\r\nTo: <circleoftrust@belrai.org>\r\n"));
	cr_expect(strstr(a, "\r\nReply-To: <security@example.org>\r\n"));
	cr_expect(strstr(a, "\r\nMessage-ID: <0123@example.org>\r\n"));
	cr_expect(strstr(a, "Date: Sun, 22 Nov 2026 00:00:00 +0000\r\n") == a);
	cr_expect(strstr(a, "\r\nContent-Type: application/vnd.etsi.asic-e+zip; "
			    "name=\"bundle.asice\"\r\n"));
	free(orig);
	free(att);
	free(a);
	free(b);
	mail_msg_release(&m);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(mail, the_streamed_message_is_the_same_in_any_pieces_and_decodes_to_the_file)
{
	check_message(0);
	check_message(1);
	check_message(MAIL_B64_IN);
	check_message(MAIL_B64_IN * 256); /* exactly one buffer */
	check_message(MAIL_B64_IN * 256 + 1);
	check_message(1000003);
}

Test(mail, a_file_changed_after_building_never_completes_the_message)
{
	char *dir = test_tmpdir(), hex[65], *path = attachment(dir, 5000, hex), *a;
	struct mail_spec s = spec(path, hex);
	struct mail_reader r;
	struct mail_msg m;
	struct cot_err err = COT_ERR_INIT;
	size_t len;
	int rc, fd;

	mail_msg_init(&m);
	cr_assert_eq(mail_build(&s, &m, &err), COT_OK, "%s", err.msg);
	/* same size, other bytes: the digest tells */
	fd = open(path, O_WRONLY);
	cr_assert_eq(pwrite(fd, "X", 1, 4000), 1);
	close(fd);
	a = stream_all(&m, 4096, &len, &rc, &err);
	cr_expect_eq(rc, COT_USAGE);
	cr_expect(strstr(err.msg, "not the file the message describes"), "%s", err.msg);
	cr_expect_lt(len, m.total - m.tail_len, "the closing delimiter was given out");
	cr_expect_null(
		strstr(strstr(a, "base64\r\n\r\n"), "--=_cot_"), "the closing delimiter was sent");
	free(a);
	/* another size: refused when the reader opens */
	fd = open(path, O_WRONLY | O_APPEND);
	cr_assert_eq(write(fd, "more", 4), 4);
	close(fd);
	cr_expect_eq(mail_reader_open(&r, &m, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "changed"), "%s", err.msg);
	/* a wrong digest from the start */
	mail_msg_release(&m);
	s.attach_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
	cr_assert_eq(mail_build(&s, &m, &err), COT_OK);
	a = stream_all(&m, 1 << 16, &len, &rc, &err);
	cr_expect_eq(rc, COT_USAGE);
	cr_expect(strstr(err.msg, "the message states 0000"), "%s", err.msg);
	free(a);
	mail_msg_release(&m);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(mail, bad_specs_are_refused)
{
	char *dir = test_tmpdir(), hex[65], *path = attachment(dir, 10, hex);
	struct mail_spec s;
	struct mail_msg m;
	struct cot_err err = COT_ERR_INIT;

	mail_msg_init(&m);
	s = spec(path, hex);
	s.to = "belrai@exämple.org";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.attach_name = "../bundle.asice";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.attach_name = "a b.asice";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.attach_sha256 = "abc";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.subject = "x\nBcc: spy@example.org";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.body = "not \xff utf-8";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(path, hex);
	s.message_id = "a b@example.org";
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	s = spec(dir, hex);
	cr_expect_eq(mail_build(&s, &m, &err), COT_USAGE);
	cr_expect_null(m.head);
	test_rmtree(dir);
	free(path);
	free(dir);
}

Test(mail, the_file_written_is_the_stream_and_never_replaces_a_file)
{
	char *dir = test_tmpdir(), hex[65], *path = attachment(dir, 123457, hex);
	char *eml = test_path(dir, "out.eml"), *data = NULL, *a;
	struct mail_spec s = spec(path, hex);
	struct mail_msg m;
	struct cot_err err = COT_ERR_INIT;
	size_t len, la;
	int rc;

	mail_msg_init(&m);
	cr_assert_eq(mail_build(&s, &m, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(mail_write_file(&m, eml, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(fs_read(eml, 1 << 24, &data, &len, &err), COT_OK);
	a = stream_all(&m, 1 << 16, &la, &rc, NULL);
	cr_expect_eq(len, la);
	cr_expect_eq(memcmp(data, a, la), 0);
	free(data);
	free(a);
	test_write(eml, "mine");
	cr_expect_eq(mail_write_file(&m, eml, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "exists already"), "%s", err.msg);
	cr_expect_str_eq(test_read(eml), "mine");
	unlink(eml);
	/* a failure leaves nothing behind */
	unlink(path);
	cr_expect_eq(mail_write_file(&m, eml, &err), COT_USAGE);
	cr_expect_not(fs_exists(eml));
	{
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "ls '%s' | grep -q tmp-", dir);
		cr_expect_neq(system(cmd), 0, "a temporary file was left");
	}
	mail_msg_release(&m);
	test_rmtree(dir);
	free(eml);
	free(path);
	free(dir);
}
