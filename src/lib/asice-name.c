/* Entry names of an archive that may be hostile: judged character by character, folded to compare.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/asice.h"
#include "cot/i18n.h"
#include "cot/icu-load.h"

#define FLAG_UTF8 (1u << 11)

/* The code point at p, strict UTF-8 (its length in *len), or -1. */
static long utf8_next(const unsigned char *p, int *len)
{
	static const long least[] = {0, 0x80, 0x800, 0x10000};
	int n = p[0] < 0x80		? 0
		: (p[0] & 0xe0) == 0xc0 ? 1
		: (p[0] & 0xf0) == 0xe0 ? 2
		: (p[0] & 0xf8) == 0xf0 ? 3
					: -1;
	long c;

	if (n < 0)
		return -1;
	c = n == 0 ? p[0] : p[0] & (0x3f >> n);
	for (int k = 1; k <= n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (p[k] & 0x3f);
	}
	if (c < least[n] || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return -1;
	*len = n + 1;
	return c;
}

static const char *char_class(long c)
{
	if (c < 0x20 || c == 0x7f)
		return _("a control character");
	if (c >= 0x80 && c <= 0x9f)
		return _("a C1 control character");
	if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e ||
		c == 0x200f || c == 0x061c)
		return _("a bidirectional control character");
	if (c == 0x2028 || c == 0x2029)
		return _("a line or paragraph separator");
	return NULL;
}

bool asice_name_bad(const char *name, uint16_t flags, char *why, size_t len)
{
	const unsigned char *p = (const unsigned char *)name;
	bool ascii = true;

	for (const unsigned char *q = p; *q; q++)
		ascii &= *q < 0x80;
	if (!ascii && !(flags & FLAG_UTF8)) {
		snprintf(why, len, "%s",
			_("bytes above 0x7f without the UTF-8 flag (bit 11): "
			  "CP437 by the zip specification, another code page or UTF-8 to other "
			  "tools"));
		return true;
	}
	while (*p) {
		int n = 1;
		long c = utf8_next(p, &n);
		const char *what = c < 0 ? NULL : char_class(c);
		if (c < 0) {
			snprintf(why, len,
				_("invalid UTF-8 at byte %zu (a broken sequence, an "
				  "overlong form, a surrogate or beyond U+10FFFF)"),
				(size_t)(p - (const unsigned char *)name));
			return true;
		}
		if (what) {
			snprintf(why, len, "%s (U+%04lX)", what, (unsigned long)c);
			return true;
		}
		p += n;
	}
	return false;
}

static char *ascii_lower(const char *name)
{
	char *s = strdup(name);

	for (char *p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

static bool utf8_valid(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;

	while (*p) {
		int n = 1;
		if (utf8_next(p, &n) < 0)
			return false;
		p += n;
	}
	return true;
}

/* UTF-16 under NFKC_Casefold: a new string (its length in *out_len), or NULL. */
static UChar *nfkc_casefold(const UChar *u, int32_t n, int32_t *out_len)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nf = icu_api.nfkc_casefold_instance(&st);
	int32_t need;
	UChar *v;

	if (U_FAILURE(st))
		return NULL;
	need = icu_api.normalize(nf, u, n, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		return NULL;
	st = U_ZERO_ERROR;
	v = malloc(((size_t)need + 1) * sizeof(*v));
	if (v)
		icu_api.normalize(nf, u, n, v, need + 1, &st);
	if (v && U_FAILURE(st)) {
		free(v);
		return NULL;
	}
	*out_len = need;
	return v;
}

char *asice_name_fold(const char *name)
{
	size_t len = strlen(name);
	UErrorCode st = U_ZERO_ERROR;
	int32_t n16 = 0, nf = 0, n8 = 0;
	UChar *u = NULL, *f = NULL;
	char *out = NULL;

	if (len > 65535 || !utf8_valid(name))
		return ascii_lower(name);
	if (icu_load(NULL) != COT_OK)
		return NULL;
	u = malloc((len + 1) * sizeof(*u));
	if (u)
		icu_api.str_from_utf8(u, (int32_t)len + 1, &n16, name, (int32_t)len, &st);
	if (u && U_SUCCESS(st))
		f = nfkc_casefold(u, n16, &nf);
	if (f) {
		icu_api.str_to_utf8(NULL, 0, &n8, f, nf, &st);
		st = U_ZERO_ERROR;
		out = malloc((size_t)n8 + 1);
		if (out)
			icu_api.str_to_utf8(out, n8 + 1, &n8, f, nf, &st);
		if (out && U_FAILURE(st)) {
			free(out);
			out = NULL;
		}
	}
	free(u);
	free(f);
	return out;
}
