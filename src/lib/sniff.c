/* Classifying streamed bytes: private key material, PDFs and their encryption, images. */
#include <string.h>
#include <strings.h>
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/sniff.h"

#define PEM_BEGIN "-----BEGIN "
#define PEM_LABEL_MAX 64

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
	static const unsigned char oid[] = {
		0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07};
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
		s->secret = _("it is a Java keystore (JKS), which holds private keys");
	else if (memcmp(s->head, jceks, 4) == 0)
		s->secret = _("it is a Java keystore (JCEKS), which holds private keys");
	else if (head_is_pkcs12(s->head, s->nhead))
		s->secret = _("it is a PKCS#12 keystore, which holds private keys");
}

/* Why a complete "-----BEGIN <label>-----" at p (n bytes) is private key material, or NULL. */
static const char *pem_private_at(const unsigned char *p, size_t n)
{
	size_t i = sizeof(PEM_BEGIN) - 1, start = i;
	static const char key[] = "PRIVATE KEY", pgp[] = "PGP PRIVATE KEY BLOCK";
	size_t klen = sizeof(key) - 1;

	while (i < n && i - start <= PEM_LABEL_MAX && p[i] != '-' && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	if (i + 5 > n || memcmp(p + i, "-----", 5) != 0)
		return NULL;
	if (i - start == sizeof(pgp) - 1 && memcmp(p + start, pgp, sizeof(pgp) - 1) == 0)
		return _(
			"it holds a PGP private key block (-----BEGIN PGP PRIVATE KEY BLOCK-----)");
	if (i - start >= klen && memcmp(p + i - klen, key, klen) == 0)
		return _("it holds a PEM private key (-----BEGIN ... PRIVATE KEY-----)");
	return NULL;
}

static void scan_pem(struct sniff *s, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;

	while (!s->secret && p < end) {
		const unsigned char *h =
			memmem(p, (size_t)(end - p), PEM_BEGIN, sizeof(PEM_BEGIN) - 1);
		if (!h)
			return;
		s->secret = pem_private_at(h, (size_t)(end - h));
		p = h + 1;
	}
}

/* ---- DER key structures at any offset: found by their leading bytes, confirmed by OpenSSL ---- */

enum der_kind { DER_PKCS8, DER_PFX, DER_EPKI };

/* A definite DER length at d[*i] (minimal, at most 3 length bytes); *i moves past it. */
static bool der_len(const unsigned char *d, size_t n, size_t *i, size_t *len)
{
	size_t k;

	if (*i >= n)
		return false;
	if (d[*i] < 0x80) {
		*len = d[(*i)++];
		return true;
	}
	k = d[*i] & 0x7f;
	if (k == 0 || k > 3 || *i + 1 + k > n || d[*i + 1] == 0)
		return false;
	*len = 0;
	for (size_t j = 1; j <= k; j++)
		*len = *len << 8 | d[*i + j];
	if (*len < 0x80)
		return false;
	*i += 1 + k;
	return true;
}

static bool known_alg(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj = NULL;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	return obj && OBJ_obj2nid(obj) != NID_undef;
}

/* The whole structure (n bytes) parses as a key of its kind, to its last byte. */
static bool der_full(const unsigned char *p, size_t n, enum der_kind kind)
{
	const unsigned char *q = p;
	bool ok = false;

	if (kind == DER_PKCS8) {
		PKCS8_PRIV_KEY_INFO *k = d2i_PKCS8_PRIV_KEY_INFO(NULL, &q, (long)n);
		const X509_ALGOR *alg = NULL;
		ok = k && PKCS8_pkey_get0(NULL, NULL, NULL, &alg, k) && known_alg(alg);
		PKCS8_PRIV_KEY_INFO_free(k);
	} else if (kind == DER_EPKI) {
		X509_SIG *sig = d2i_X509_SIG(NULL, &q, (long)n);
		const X509_ALGOR *alg = NULL;
		if (sig)
			X509_SIG_get0(sig, &alg, NULL);
		ok = sig && known_alg(alg);
		X509_SIG_free(sig);
	} else {
		PKCS12 *p12 = d2i_PKCS12(NULL, &q, (long)n);
		ok = p12 != NULL;
		PKCS12_free(p12);
	}
	return ok && q == p + n;
}

/* At p[i] (n bytes): an AlgorithmIdentifier OpenSSL parses and knows; i moves past it. */
static bool der_alg_at(const unsigned char *p, size_t n, size_t *i)
{
	const unsigned char *q = p + *i;
	X509_ALGOR *alg = *i < n ? d2i_X509_ALGOR(NULL, &q, (long)(n - *i)) : NULL;
	bool ok = alg && known_alg(alg);

	X509_ALGOR_free(alg);
	*i = (size_t)(q - p);
	return ok;
}

/* The first n bytes of a structure of total bytes, content from i: its leading fields parse. */
static bool der_prefix(const unsigned char *p, size_t n, size_t i, size_t total, enum der_kind kind)
{
	size_t len;

	if (kind == DER_PFX) {
		const unsigned char *q;
		ASN1_OBJECT *obj;
		int nid;
		i += 3; /* INTEGER 3 */
		if (i >= n || p[i++] != 0x30 || !der_len(p, n, &i, &len) || i + len > total)
			return false;
		q = p + i;
		obj = d2i_ASN1_OBJECT(NULL, &q, (long)(n - i));
		nid = obj ? OBJ_obj2nid(obj) : NID_undef;
		ASN1_OBJECT_free(obj);
		i = (size_t)(q - p);
		return (nid == NID_pkcs7_data || nid == NID_pkcs7_signed) && i < n && p[i] == 0xa0;
	}
	if (kind == DER_PKCS8)
		i += 3; /* INTEGER 0 or 1 */
	if (!der_alg_at(p, n, &i) || i >= n || p[i++] != 0x04 || !der_len(p, n, &i, &len))
		return false;
	return kind == DER_EPKI ? i + len == total : i + len <= total;
}

/* 1: a key of this kind starts at p (avail bytes there); 0: not one; -1: too few bytes to tell. */
static int der_judge(const unsigned char *p, size_t avail, enum der_kind kind)
{
	size_t i = 1, len;
	int r;

	if (!der_len(p, avail, &i, &len))
		return 0;
	ERR_set_mark();
	if (i + len <= avail)
		r = der_full(p, i + len, kind);
	else if (avail >= SNIFF_TAIL)
		r = der_prefix(p, avail, i, i + len, kind);
	else
		r = -1;
	ERR_pop_to_mark();
	return r;
}

/* The SEQUENCE header that ends exactly at h, at most 4 bytes before it, or NULL. */
static const unsigned char *der_seq_before(const unsigned char *b, const unsigned char *h)
{
	for (size_t hl = 2; hl <= 4; hl++) {
		size_t i = 1, len;
		if ((size_t)(h - b) < hl || h[-(ptrdiff_t)hl] != 0x30)
			continue;
		if (der_len(h - hl, hl, &i, &len) && i == hl)
			return h - hl;
	}
	return NULL;
}

static const char *der_why(enum der_kind kind)
{
	if (kind == DER_PFX)
		return _("it holds a PKCS#12 keystore (DER), which holds private keys");
	if (kind == DER_EPKI)
		return _("it holds an encrypted private key (DER PKCS#8 EncryptedPrivateKeyInfo)");
	return _("it holds a private key (DER PKCS#8 PrivateKeyInfo)");
}

static void der_candidate(
	struct sniff *s, const unsigned char *c, const unsigned char *end, enum der_kind kind)
{
	if (c && der_judge(c, (size_t)(end - c), kind) == 1)
		s->secret = der_why(kind);
}

/* PrivateKeyInfo and PFX: SEQUENCE { INTEGER 0, 1 or 3, SEQUENCE ... }. */
static void scan_der_version(struct sniff *s, const unsigned char *b, size_t n)
{
	const unsigned char *p = b, *end = b + n;

	while (!s->secret && p < end) {
		const unsigned char *h =
			memchr(p, 0x02, (size_t)(end - p)); /* memmem is slow at 2 bytes */
		if (!h || h + 4 > end)
			return;
		if (h[1] == 0x01 && (h[2] <= 1 || h[2] == 3) && h[3] == 0x30)
			der_candidate(
				s, der_seq_before(b, h), end, h[2] == 3 ? DER_PFX : DER_PKCS8);
		p = h + 1;
	}
}

/* EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID PKCS#5 or PKCS#12 PBE, ... }, OCTET STRING }.
 */
static void scan_der_epki(struct sniff *s, const unsigned char *b, size_t n)
{
	static const unsigned char pkcs[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01};
	const unsigned char *p = b, *end = b + n;

	while (!s->secret && p < end) {
		const unsigned char *h = memchr(p, pkcs[0], (size_t)(end - p)), *inner;
		if (!h || h + sizeof(pkcs) + 2 > end)
			return;
		p = h + 1;
		if (h - b < 2 || h[-2] != 0x06 || memcmp(h, pkcs, sizeof(pkcs)) != 0 ||
			(h[7] != 5 && !(h[7] == 0x0c && h[8] == 1)))
			continue;
		inner = der_seq_before(b, h - 2);
		if (inner)
			der_candidate(s, der_seq_before(b, inner), end, DER_EPKI);
	}
}

/* JKS and JCEKS: magic, version 1 or 2, an entry count, the first entry's tag (1 to 3). */
static void scan_java(struct sniff *s, const unsigned char *b, size_t n)
{
	static const unsigned char magic[2][4] = {
		{0xfe, 0xed, 0xfe, 0xed}, {0xce, 0xce, 0xce, 0xce}};

	for (int m = 0; m < 2 && !s->secret; m++) {
		const unsigned char *p = b, *end = b + n, *h;
		while ((h = memchr(p, magic[m][0], (size_t)(end - p))) && h + 16 <= end) {
			if (!memcmp(h, magic[m], 4) && !memcmp(h + 4, "\0\0\0", 3) &&
				(h[7] == 1 || h[7] == 2) && !memcmp(h + 8, "\0\0", 2) &&
				(h[10] | h[11]) && !memcmp(h + 12, "\0\0\0", 3) && h[15] >= 1 &&
				h[15] <= 3) {
				s->secret = m ? _("it holds a Java keystore (JCEKS), which holds "
						  "private keys")
					      : _("it holds a Java keystore (JKS), which holds "
						  "private keys");
				return;
			}
			p = h + 1;
		}
	}
}

static bool pdf_delimiter(unsigned char c)
{
	return strchr(" \t\r\n\f()<>[]{}/%", c) != NULL || c == 0;
}

static int hex_digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * 1: the name at p ('/' first) is /Encrypt, its '#xx' escapes decoded (PDF 32000-1 7.3.5);
 * 0: it is another; -1: it runs to the end of the n bytes.
 */
static int pdf_name_is_encrypt(const unsigned char *p, size_t n)
{
	static const char want[] = "Encrypt";
	size_t i = 1, k = 0;

	while (i < n && !pdf_delimiter(p[i])) {
		int c = p[i], hi, lo;
		if (c == '#' && i + 2 < n && (hi = hex_digit(p[i + 1])) >= 0 &&
			(lo = hex_digit(p[i + 2])) >= 0) {
			c = hi << 4 | lo;
			i += 2;
		} else if (c == '#' && i + 2 >= n) {
			return -1;
		}
		if (k >= sizeof(want) - 1 || c != want[k])
			return 0;
		k++;
		i++;
	}
	if (i >= n)
		return -1;
	return k == sizeof(want) - 1;
}

static void scan_pdf(struct sniff *s, const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;

	if (!s->pdf_streams && memmem(p, n, "stream", 6))
		s->pdf_streams = true;
	while (!s->pdf_encrypted && p < end) {
		const unsigned char *h = memchr(p, '/', (size_t)(end - p));
		if (!h)
			return;
		if (h + 1 < end && (h[1] == 'E' || h[1] == '#') &&
			pdf_name_is_encrypt(h, (size_t)(end - h)) == 1)
			s->pdf_encrypted = true;
		p = h + 1;
	}
}

static void scan(struct sniff *s, const unsigned char *p, size_t n)
{
	scan_pem(s, p, n);
	if (!s->secret)
		scan_der_version(s, p, n);
	if (!s->secret)
		scan_der_epki(s, p, n);
	if (!s->secret)
		scan_java(s, p, n);
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
	static const char *const ext[] = {
		".p12", ".acc-p12", ".pfx", ".jks", ".jceks", ".keystore", ".key", NULL};
	const char *base = strrchr(name, '/');
	size_t n;

	base = base ? base + 1 : name;
	n = strlen(base);
	for (size_t i = 0; ext[i]; i++) {
		size_t k = strlen(ext[i]);
		if (n >= k && strcasecmp(base + n - k, ext[i]) == 0)
			return _("its name says it is a keystore or a private key file");
	}
	return NULL;
}

void sniff_buffer(struct sniff *s, const void *data, size_t len)
{
	sniff_init(s);
	sniff_feed(s, data, len);
}
