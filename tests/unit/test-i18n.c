/* The user's language: the catalogs built into build/po, numbers and dates per language. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include "cot/diag.h"
#include "cot/i18n.h"
#include "cot/mem.h"

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

/* Findings: the severity and the counts in the language, the rule id and place as they are. */
Test(i18n, findings_per_language)
{
	static const char *const want[][2] = {
		{"f.yaml:2:3: error: m [rule-x]\nf.yaml:4:1: warning: w [rule-y]\n",
			"1 error, 2 warnings"},
		{"f.yaml:2:3: fout: m [rule-x]\nf.yaml:4:1: waarschuwing: w [rule-y]\n",
			"1 fout, 2 waarschuwingen"},
		{"f.yaml:2:3: erreur : m [rule-x]\nf.yaml:4:1: avertissement : w [rule-y]\n",
			"1 erreur, 2 avertissements"},
	};
	struct diag_list d = DIAG_LIST_INIT;
	char counts[96];

	d.max = 2;
	diag_add(&d, DIAG_ERROR, "f.yaml", 2, 3, "rule-x", "%s", "m");
	diag_add(&d, DIAG_WARNING, "f.yaml", 4, 0, "rule-y", "%s", "w");
	diag_add(&d, DIAG_WARNING, "f.yaml", 5, 0, "rule-y", "%s", "dropped");
	for (int l = LANG_EN; l <= LANG_FR; l++) {
		struct buf b = BUF_INIT;
		i18n_set_lang((enum lang)l);
		d.dropped = 0;
		diag_text(&b, &d, false);
		cr_expect_str_eq(b.data, want[l][0]);
		diag_count_text(&d, counts, sizeof(counts));
		cr_expect_str_eq(counts, want[l][1]);
		buf_release(&b);
		cr_expect_str_eq(diag_sev_name(DIAG_ERROR), "error", "machines read it");
	}
	i18n_set_lang(LANG_NL);
	d.dropped = 1;
	{
		struct buf b = BUF_INIT;
		diag_text(&b, &d, false);
		cr_expect(strstr(b.data, "cot: opmerking: nog 1 bevinding niet getoond\n"), "%s",
			b.data);
		buf_release(&b);
	}
	diag_list_release(&d);
}

/*
 * A want of memory is told by a flag, never by the words: cot_err_nomem says it in the
 * language spoken and notes it (exit 3); a message that merely says so is no want of memory.
 */
Test(i18n, out_of_memory_is_a_flag)
{
	struct cot_err e = COT_ERR_INIT;

	cr_assert(!mem_failed());
	cr_expect_eq(cot_err_set(&e, COT_ENV, "out of memory"), COT_ENV);
	cr_expect(!e.nomem);
	cr_expect(!mem_failed());
	i18n_set_lang(LANG_NL);
	cr_expect_eq(cot_err_nomem(&e), COT_ENV);
	cr_expect(e.nomem);
	cr_expect_eq(e.code, COT_ENV);
	cr_expect_str_eq(e.msg, "onvoldoende geheugen");
	cr_expect(mem_failed());
	cot_err_prefix(&e, "kan '%s' niet lezen", "x");
	cr_expect(e.nomem, "a context keeps the flag");
	cr_expect_str_eq(e.msg, "kan 'x' niet lezen: onvoldoende geheugen");
	i18n_set_lang(LANG_FR);
	cot_err_nomem(&e);
	cr_expect_str_eq(e.msg, "mémoire insuffisante");
	cot_err_set(&e, COT_USAGE, "%s", "anything");
	cr_expect(!e.nomem, "a new error clears the flag");
	i18n_set_lang(LANG_EN);
}
