/* KBO/CBE and NIHII numbers: parsing, check digits, canonical forms. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include "cot/i18n.h"
#include "cot/ident.h"

/* Copies the digits of in to out, skipping separators; false on anything else. */
static bool collect_digits(const char *in, char *out, size_t max, size_t *n, const char *seps,
	char *why, size_t whylen)
{
	size_t k = 0;

	for (const char *s = in; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isdigit(c)) {
			if (k == max) {
				snprintf(why, whylen, _("too many digits (more than %zu)"), max);
				return false;
			}
			out[k++] = (char)c;
		} else if (!strchr(seps, c)) {
			if (isprint(c))
				snprintf(why, whylen, _("unexpected character '%c'"), c);
			else
				snprintf(why, whylen, _("unexpected byte 0x%02x"), c);
			return false;
		}
	}
	out[k] = '\0';
	*n = k;
	return true;
}

static unsigned long digits_value(const char *d, size_t n)
{
	unsigned long v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned long)(d[i] - '0');
	return v;
}

static unsigned mod97_check(const char *d, size_t n)
{
	unsigned r = (unsigned)(digits_value(d, n) % 97);

	return 97 - r;
}

bool kbo_parse(const char *in, char out[KBO_LEN + 1], char *why, size_t whylen)
{
	char d[KBO_LEN + 1];
	size_t n;
	unsigned want, got;

	while (isspace((unsigned char)*in))
		in++;
	if ((in[0] == 'B' || in[0] == 'b') && (in[1] == 'E' || in[1] == 'e'))
		in += 2;
	if (!collect_digits(in, d, KBO_LEN, &n, ". ", why, whylen))
		return false;
	if (n == 9) {
		memmove(d + 1, d, 10);
		d[0] = '0';
		n = 10;
	}
	if (n != KBO_LEN) {
		snprintf(why, whylen,
			ngettext("%zu digit, an enterprise number has 10",
				"%zu digits, an enterprise number has 10", n),
			n);
		return false;
	}
	if (d[0] != '0' && d[0] != '1') {
		snprintf(why, whylen, _("first digit %c, an enterprise number starts with 0 or 1"),
			d[0]);
		return false;
	}
	want = mod97_check(d, 8);
	got = (unsigned)digits_value(d + 8, 2);
	if (got != want) {
		snprintf(why, whylen, _("check digits %02u, expected %02u"), got, want);
		return false;
	}
	memcpy(out, d, KBO_LEN + 1);
	return true;
}

/* The modulo-89 variant as commonly described: 89 - (first six mod 89). Unconfirmed. */
static unsigned mod89_check(const char *d)
{
	return 89 - (unsigned)(digits_value(d, 6) % 89);
}

enum nihii_rule nihii_parse(
	const char *in, char out[NIHII_PERSON_LEN + 1], char *why, size_t whylen)
{
	char d[NIHII_PERSON_LEN + 1];
	size_t n;
	unsigned got, want;

	while (isspace((unsigned char)*in))
		in++;
	if (!collect_digits(in, d, NIHII_PERSON_LEN, &n, ". /-", why, whylen))
		return NIHII_BAD;
	if (n != NIHII_ORG_LEN && n != NIHII_PERSON_LEN) {
		snprintf(why, whylen,
			ngettext("%zu digit, a NIHII number has 8 (institution) or 11 (person)",
				"%zu digits, a NIHII number has 8 (institution) or 11 (person)", n),
			n);
		return NIHII_BAD;
	}
	memcpy(out, d, n + 1);
	got = (unsigned)digits_value(d + 6, 2);
	want = mod97_check(d, 6);
	if (got == want)
		return NIHII_MOD97;
	if (got == mod89_check(d))
		return NIHII_MOD89;
	snprintf(why, whylen, _("check digits %02u, expected %02u"), got, want);
	out[0] = '\0';
	return NIHII_BAD;
}

void kbo_format(const char *c, char *out, size_t outlen)
{
	snprintf(out, outlen, "%.4s.%.3s.%.3s", c, c + 4, c + 7);
}

bool email_valid(const char *s)
{
	const char *at = strchr(s, '@');
	const char *dot;

	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254)
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("<>()[]\\,;:\"", *p))
			return false;
	dot = strrchr(at + 1, '.');
	return dot && dot > at + 1 && dot[1] != '\0';
}
