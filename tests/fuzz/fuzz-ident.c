/* libFuzzer harness: the identifier and date parsers, with the properties their callers rely on. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/clock.h"
#include "cot/ident.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return s[n] == '\0';
}

/* A canonical KBO number reads back as itself in every written form. */
static void kbo_round_trip(const char *canon)
{
	char again[KBO_LEN + 1], dotted[16], be[16], why[160];
	unsigned long v = 0;

	if (!digits(canon, KBO_LEN) || (canon[0] != '0' && canon[0] != '1'))
		abort();
	for (int i = 0; i < 8; i++)
		v = v * 10 + (unsigned long)(canon[i] - '0');
	if ((unsigned long)((canon[8] - '0') * 10 + (canon[9] - '0')) != 97 - v % 97)
		abort(); /* accepted with wrong check digits */
	kbo_format(canon, dotted, sizeof(dotted));
	snprintf(be, sizeof(be), "BE%s", canon);
	if (!kbo_parse(dotted, again, why, sizeof(why)) || strcmp(again, canon) != 0 ||
		!kbo_parse(be, again, why, sizeof(why)) || strcmp(again, canon) != 0)
		abort();
}

static void kbo(const char *s)
{
	char out[KBO_LEN + 1], why[160];

	why[0] = '\0';
	if (kbo_parse(s, out, why, sizeof(why)))
		kbo_round_trip(out);
	else if (!why[0] || strlen(why) >= sizeof(why))
		abort(); /* a refusal always says why */
}

static void nihii(const char *s)
{
	char out[NIHII_PERSON_LEN + 1], again[NIHII_PERSON_LEN + 1], why[160];
	enum nihii_rule r;

	why[0] = '\0';
	r = nihii_parse(s, out, why, sizeof(why));
	if (r == NIHII_BAD) {
		if (!why[0])
			abort();
		return;
	}
	if (!(digits(out, NIHII_ORG_LEN) || digits(out, NIHII_PERSON_LEN)))
		abort();
	if (nihii_parse(out, again, why, sizeof(why)) != r || strcmp(again, out) != 0)
		abort();
}

static void email(const char *s)
{
	const char *at;

	if (!email_valid(s))
		return;
	at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@') || strlen(s) > 254 || strchr(s, ' ') ||
		strchr(s, '\n'))
		abort();
}

/* An accepted date or time is written back the same (but for a leap second). */
static void dates(const char *s)
{
	char d[11], t[21];
	time_t v;

	if (date_parse(s, &v)) {
		date_format(v, d);
		if (strcmp(d, s) != 0)
			abort();
	}
	if (time_parse(s, &v)) {
		time_format(v, t);
		if (strcmp(s + 17, "60Z") != 0 && strcmp(t, s) != 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	kbo(s);
	nihii(s);
	email(s);
	dates(s);
	free(s);
	return 0;
}
