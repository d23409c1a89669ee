/* The user's language: the catalogs built into build/po, numbers and dates per language. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include "cot/i18n.h"

static void setup(void)
{
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "C", 1);
	i18n_init();
}

TestSuite(i18n, .init = setup);

Test(i18n, decimal_sign_per_language)
{
	char b[32];

	i18n_set_lang(LANG_EN);
	cr_assert_str_eq(i18n_decimal(b, sizeof(b), 4.25, 1), "4.2");
	i18n_set_lang(LANG_NL);
	cr_assert_str_eq(i18n_decimal(b, sizeof(b), 4.3, 1), "4,3");
	i18n_set_lang(LANG_FR);
	cr_assert_str_eq(i18n_decimal(b, sizeof(b), 12.75, 2), "12,75");
	cr_assert_str_eq(i18n_decimal(b, sizeof(b), 3, 0), "3");
}

Test(i18n, dates_per_language)
{
	char b[64];
	time_t t = 1796544000; /* 2026-12-06 */

	i18n_set_lang(LANG_EN);
	cr_assert_str_eq(i18n_date(b, sizeof(b), t), "December 6, 2026");
	i18n_set_lang(LANG_NL);
	cr_assert_str_eq(i18n_date(b, sizeof(b), t), "6 december 2026");
	i18n_set_lang(LANG_FR);
	cr_assert_str_eq(i18n_date(b, sizeof(b), t), "6 décembre 2026");
	cr_assert_eq(i18n_lang(), LANG_FR);
}

/* Outside a project the environment decides, as gettext reads it. */
Test(i18n, language_from_the_environment)
{
	setenv("LC_ALL", "C", 1);
	setenv("LANGUAGE", "fr", 1);
	cr_assert_eq(i18n_env_lang(), LANG_EN, "LANGUAGE counts only outside the C locale");
	unsetenv("LC_ALL");
	unsetenv("LANGUAGE");
	setenv("LANG", "nl_BE.UTF-8", 1);
	setenv("LC_MESSAGES", "fr_BE.UTF-8", 1);
	cr_assert_eq(i18n_env_lang(), LANG_FR);
	unsetenv("LC_MESSAGES");
	cr_assert_eq(i18n_env_lang(), LANG_NL);
	setenv("LANGUAGE", "fr:nl", 1);
	cr_assert_eq(i18n_env_lang(), LANG_FR);
	setenv("LANG", "de_BE.UTF-8", 1);
	unsetenv("LANGUAGE");
	cr_assert_eq(i18n_env_lang(), LANG_EN);
}
