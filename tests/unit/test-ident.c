/* Identifier parsing against the published test vectors and hostile forms. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "cot-config.h"
#include "cot/ident.h"

/* The vectors of tests/fixtures/ident/check-digit-test-vectors.txt (read whole below). */
static const struct {
	const char *in;
	bool valid;
} kbo_vectors[] = {
	{"0566988259", true},
	{"0419618535", true},
	{"0809394427", true},
	{"0403019261", true},
	{"0428759497", true},
	{"0431150351", false},
	{"0839485926", false},
};

Test(kbo, vectors)
{
	for (size_t i = 0; i < sizeof(kbo_vectors) / sizeof(kbo_vectors[0]); i++) {
		char out[KBO_LEN + 1] = "", why[128] = "";
		bool ok = kbo_parse(kbo_vectors[i].in, out, why, sizeof(why));
		cr_expect_eq(ok, kbo_vectors[i].valid, "%s: %s", kbo_vectors[i].in, why);
		if (ok)
			cr_expect_str_eq(out, kbo_vectors[i].in);
	}
}

Test(kbo, forms_are_canonicalised)
{
	const char *forms[] = {"0566.988.259", "0566 988 259", "BE0566988259", "be 0566.988.259",
		"566988259", "  0566988259"};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char out[KBO_LEN + 1] = "", why[128] = "";
		cr_expect(kbo_parse(forms[i], out, why, sizeof(why)), "%s: %s", forms[i], why);
		cr_expect_str_eq(out, "0566988259", "%s", forms[i]);
	}
}

Test(kbo, says_why)
{
	char out[KBO_LEN + 1], why[128];

	cr_assert_not(kbo_parse("0431150351", out, why, sizeof(why)));
	cr_expect_str_eq(why, "check digits 51, expected 50");
	cr_assert_not(kbo_parse("2566988259", out, why, sizeof(why)));
	cr_expect(strstr(why, "starts with 0 or 1"), "%s", why);
	cr_assert_not(kbo_parse("05669882", out, why, sizeof(why)));
	cr_expect(strstr(why, "8 digits"), "%s", why);
	cr_assert_not(kbo_parse("0566-988-259", out, why, sizeof(why)));
	cr_expect(strstr(why, "'-'"), "%s", why);
	cr_assert_not(kbo_parse("05669882591234", out, why, sizeof(why)));
	cr_assert_not(kbo_parse("", out, why, sizeof(why)));
	cr_assert_not(kbo_parse("0566\xff"
				"988259",
		out, why, sizeof(why)));
	cr_expect(strstr(why, "0xff"), "%s", why);
}

Test(kbo, one_series)
{
	char out[KBO_LEN + 1], why[128], num[11];
	/* Build a valid 1-series number: check = 97 - (first8 mod 97). */
	unsigned long first8 = 10000001UL;
	unsigned check = 97 - (unsigned)(first8 % 97);

	snprintf(num, sizeof(num), "%08lu%02u", first8, check);
	cr_expect(kbo_parse(num, out, why, sizeof(why)), "%s: %s", num, why);
}

static const struct {
	const char *in;
	enum nihii_rule rule;
} nihii_vectors[] = {
	{"71089815", NIHII_MOD97},
	{"11478761004", NIHII_MOD97},
	{"19006951001", NIHII_MOD97},
	{"10050881001", NIHII_MOD97},
	{"84450277111", NIHII_MOD97},
	{"12345678111", NIHII_BAD},
};

Test(nihii, vectors)
{
	for (size_t i = 0; i < sizeof(nihii_vectors) / sizeof(nihii_vectors[0]); i++) {
		char out[NIHII_PERSON_LEN + 1] = "", why[128] = "";
		enum nihii_rule r = nihii_parse(nihii_vectors[i].in, out, why, sizeof(why));
		cr_expect_eq(r, nihii_vectors[i].rule, "%s: %s", nihii_vectors[i].in, why);
	}
}

/* Every vector of the fixture file: 10 digits a KBO number, else a NIHII number. */
Test(ident, every_vector_of_the_fixture_file)
{
	const char *path = COT_SRCDIR "/tests/fixtures/ident/check-digit-test-vectors.txt";
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0;

	cr_assert_not_null(f, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char num[32] = "", verdict[16] = "", out[NIHII_PERSON_LEN + 1] = "", why[128] = "";
		bool ok;

		if (line[0] == '#' || sscanf(line, "%31s %15s", num, verdict) != 2)
			continue;
		cr_assert(!strcmp(verdict, "VALID") || !strcmp(verdict, "INVALID"), "%s", line);
		if (strlen(num) == KBO_LEN)
			ok = kbo_parse(num, out, why, sizeof(why));
		else
			ok = nihii_parse(num, out, why, sizeof(why)) != NIHII_BAD;
		cr_expect_eq(ok, !strcmp(verdict, "VALID"), "%s %s: %s", num, verdict, why);
		n++;
	}
	fclose(f);
	cr_assert_eq(n, 13, "%s: %d vectors, 13 expected", path, n);
}

Test(nihii, says_why_and_formats)
{
	char out[NIHII_PERSON_LEN + 1], why[128];

	cr_assert_eq(nihii_parse("12345678111", out, why, sizeof(why)), NIHII_BAD);
	cr_expect_str_eq(why, "check digits 78, expected 25");
	cr_assert_eq(nihii_parse("7-10898-15", out, why, sizeof(why)), NIHII_MOD97);
	cr_expect_str_eq(out, "71089815");
	cr_assert_eq(nihii_parse("1234567", out, why, sizeof(why)), NIHII_BAD);
	cr_expect(strstr(why, "7 digits"), "%s", why);
}

Test(nihii, modulo_89_variant_is_flagged)
{
	char out[NIHII_PERSON_LEN + 1], why[128], num[9];
	unsigned long first6 = 123456;
	unsigned c89 = 89 - (unsigned)(first6 % 89);

	snprintf(num, sizeof(num), "%06lu%02u", first6, c89);
	cr_expect_eq(nihii_parse(num, out, why, sizeof(why)), NIHII_MOD89, "%s", num);
}

Test(kbo, format)
{
	char out[16];

	kbo_format("0566988259", out, sizeof(out));
	cr_expect_str_eq(out, "0566.988.259");
}

Test(email, valid_and_not)
{
	cr_expect(email_valid("circleoftrust@belrai.org"));
	cr_expect(email_valid("a.b+c@sub.example.be"));
	cr_expect_not(email_valid("no-at-sign"));
	cr_expect_not(email_valid("two@@example.org"));
	cr_expect_not(email_valid("space @example.org"));
	cr_expect_not(email_valid("a@nodot"));
	cr_expect_not(email_valid("a@example."));
	cr_expect_not(email_valid("@example.org"));
	cr_expect_not(email_valid("a@example.org\r\nBcc: x@y.z"));
}
