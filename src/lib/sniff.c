/* Classifying streamed bytes: private key material, PDFs and their encryption, images. */
#include <string.h>
#include <strings.h>
#include "cot/sniff.h"

#define PEM_BEGIN "-----BEGIN "
#define PEM_LABEL_MAX 64
#define PDF_ENCRYPT "/Encrypt"

void sniff_init(struct sniff *s)
{
	memset(s, 0, sizeof(*s));
}

/* Skips a DER length at d[*i]; false when it does not fit in n bytes. */
static bool der_skip_len(const unsigned char *d, size_t n, size_t *i)
{
	size_t k;

	if (*i >= n)
		return false;
	if (d[*i] < 0x80 || d[*i] == 0x80) { /* short form, or BER indefinite */
		(*i)++;
		return true;
	}
	k = d[*i] & 0x7f;
	if (k > 4)
		return false;
	*i += 1 + k;
	return *i <= n;
}

/* PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo { OID data|signedData, … } } */
static bool head_is_pkcs12(const unsigned char *d, size_t n)
{
	static const unsigned char version[] = {0x02, 0x01, 0x03};
	static const unsigned char oid[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
		0x07};
	size_t i = 1;

	if (n < 1 || d[0] != 0x30 || !der_skip_len(d, n, &i))
		return false;
	if (n < i + sizeof(version) || memcmp(d + i, version, sizeof(version)) != 0)
		return false;
	i += sizeof(version);
	if (i >= n || d[i] != 0x30)
		return false;
	i++;
	if (!der_skip_len(d, n, &i) || n < i + sizeof(oid) + 1)
		return false;
	if (memcmp(d + i, oid, sizeof(oid)) != 0)
		return false;
	return d[i + sizeof(oid)] == 0x01 || d[i + sizeof(oid)] == 0x02;
}

static void check_head(struct sniff *s)
{
	static const unsigned char jks[] = {0xfe, 0xed, 0xfe, 0xed};
	static const unsigned char jceks[] = {0xce, 0xce, 0xce, 0xce};

	if (s->secret || s->nhead < 4)
		return;
	if (memcmp(s->head, jks, 4) == 0)
		s->secret = "it is a Java keystore (JKS), which holds private keys";
	else if (memcmp(s->head, jceks, 4) == 0)
		s->secret = "it is a Java keystore (JCEKS), which holds private keys";
	else if (head_is_pkcs12(s->head, s->nhead))
		s->secret = "it is a PKCS#12 keystore, which holds private keys";
}

/* True when a complete "-----BEGIN <label>-----" at p (n bytes) has a private key label. */
static bool pem_private_at(const unsigned char *p, size_t n)
{
	size_t i = sizeof(PEM_BEGIN) - 1, start = i;
	static const char key[] = "PRIVATE KEY";
	size_t klen = sizeof(key) - 1;

	while (i < n && i - start <= PEM_LABEL_MAX && p[i] != '-' && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i + 5 > n || memcmp(p + i, "-----", 5) != 0)
		return false;
	return i - start >= klen && memcmp(p + i - klen, key, klen) == 0;
}

static void scan_pem(struct sniff *s, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;

	while (!s->secret && p < end) {
		const unsigned char *h = memmem(p, (size_t)(end - p), PEM_BEGIN, sizeof(PEM_BEGIN) - 1);
		if (!h)
			return;
		if (pem_private_at(h, (size_t)(end - h)))
			s->secret = "it holds a PEM private key (-----BEGIN ... PRIVATE KEY-----)";
		p = h + 1;
	}
}

static bool pdf_delimiter(unsigned char c)
{
	return strchr(" \t\r\n\f()<>[]{}/%", c) != NULL || c == 0;
}

static void scan_pdf(struct sniff *s, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	size_t k = sizeof(PDF_ENCRYPT) - 1;

	while (!s->pdf_encrypted && p < end) {
		const unsigned char *h = memmem(p, (size_t)(end - p), PDF_ENCRYPT, k);
		if (!h || h + k >= end)
			return;
		if (pdf_delimiter(h[k]))
			s->pdf_encrypted = true;
		p = h + 1;
	}
}

static void scan(struct sniff *s, const unsigned char *p, size_t n)
{
	scan_pem(s, p, n);
	if (sniff_type(s) == SNIFF_PDF)
		scan_pdf(s, p, n);
}

/* Scans the bytes carried over from before together with the start of the new chunk. */
static void scan_junction(struct sniff *s, const unsigned char *p, size_t n)
{
	unsigned char buf[2 * SNIFF_TAIL];
	size_t take = n < SNIFF_TAIL ? n : SNIFF_TAIL;

	if (!s->ntail)
		return;
	memcpy(buf, s->tail, s->ntail);
	memcpy(buf + s->ntail, p, take);
	scan(s, buf, s->ntail + take);
}

static void keep_tail(struct sniff *s, const unsigned char *p, size_t n)
{
	if (n >= SNIFF_TAIL) {
		memcpy(s->tail, p + n - SNIFF_TAIL, SNIFF_TAIL);
		s->ntail = SNIFF_TAIL;
		return;
	}
	if (s->ntail + n > SNIFF_TAIL) {
		size_t drop = s->ntail + n - SNIFF_TAIL;
		memmove(s->tail, s->tail + drop, s->ntail - drop);
		s->ntail -= drop;
	}
	memcpy(s->tail + s->ntail, p, n);
	s->ntail += n;
}

void sniff_feed(struct sniff *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	if (!len)
		return;
	if (s->nhead < SNIFF_HEAD) {
		size_t take = SNIFF_HEAD - s->nhead < len ? SNIFF_HEAD - s->nhead : len;
		memcpy(s->head + s->nhead, p, take);
		s->nhead += take;
		check_head(s);
	}
	scan_junction(s, p, len);
	scan(s, p, len);
	keep_tail(s, p, len);
	s->total += len;
}

enum sniff_type sniff_type(const struct sniff *s)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

	if (s->nhead >= 5 && memcmp(s->head, "%PDF-", 5) == 0)
		return SNIFF_PDF;
	if (s->nhead >= sizeof(png) && memcmp(s->head, png, sizeof(png)) == 0)
		return SNIFF_PNG;
	if (s->nhead >= 3 && s->head[0] == 0xff && s->head[1] == 0xd8 && s->head[2] == 0xff)
		return SNIFF_JPEG;
	return SNIFF_OTHER;
}

const char *sniff_type_name(enum sniff_type t)
{
	switch (t) {
	case SNIFF_PDF:
		return "PDF";
	case SNIFF_PNG:
		return "PNG";
	case SNIFF_JPEG:
		return "JPEG";
	default:
		return "other";
	}
}

const char *sniff_secret_name(const char *name)
{
	static const char *const ext[] = {".p12", ".acc-p12", ".pfx", ".jks", ".jceks", ".keystore",
		".key", NULL};
	const char *base = strrchr(name, '/');
	size_t n;

	base = base ? base + 1 : name;
	n = strlen(base);
	for (size_t i = 0; ext[i]; i++) {
		size_t k = strlen(ext[i]);
		if (n >= k && strcasecmp(base + n - k, ext[i]) == 0)
			return "its name says it is a keystore or a private key file";
	}
	return NULL;
}

void sniff_buffer(struct sniff *s, const void *data, size_t len)
{
	sniff_init(s);
	sniff_feed(s, data, len);
}
