/* The command layer's helpers that need no command: shell quoting, the password options. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot/cli.h"
#include "helpers.h"

/* What /bin/sh makes of word: printf '%s' WORD, read back. */
static char *through_sh(const char *word)
{
	char cmd[4096], *out = calloc(1, 4096);
	FILE *f;
	size_t n;

	snprintf(cmd, sizeof(cmd), "printf '%%s' %s", word);
	f = popen(cmd, "r");
	cr_assert(f && out);
	n = fread(out, 1, 4095, f);
	out[n] = '\0';
	cr_assert_eq(pclose(f), 0);
	return out;
}

Test(cli, shell_word_plain_path_unchanged)
{
	char *w = cli_shell_word("/usr/src/cot-0.1/doc/cot-init.1");

	cr_assert_str_eq(w, "/usr/src/cot-0.1/doc/cot-init.1");
	free(w);
}

Test(cli, shell_word_quotes_what_the_shell_would_split_or_expand)
{
	static const char *const paths[] = {"/home/an de/src/cot/doc/cot-init.1",
		"/tmp/it's/$(touch pwned)/`id`/*;|&<>\"\\/x.1", "", "'", "a\tb\nc", "~x", "-n"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char *w = cli_shell_word(paths[i]), *back;
		cr_assert(i == 6 || w[0] == '\'', "'%s' quoted: %s", paths[i], w);
		back = through_sh(w);
		cr_assert_str_eq(back, paths[i], "the shell reads '%s' back", paths[i]);
		free(back);
		free(w);
	}
}

Test(cli, password_options_one_or_the_other)
{
	struct cli_key k = {0};

	cr_assert(cli_key_option(&k, CLI_O_KEYSTORE, "ks.p12"));
	cr_assert(cli_key_option(&k, CLI_O_PASSWORD_FILE, "pw"));
	cr_assert_not(cli_key_option(&k, CLI_O_PASSWORD_ENV, "PW"));
	cr_assert_null(k.pw_env);
	cr_assert_not(cli_key_option(&k, 'x', NULL), "another option is the caller's");
	cr_assert_str_eq(cli_last_error(),
		"give the password with --password-file or --password-env, not both");
}

Test(cli, password_help_names_both_options)
{
	const char *h = cli_password_help();

	cr_assert(strstr(h, "  --password-file F ") == h);
	cr_assert_not_null(strstr(h, "\n  --password-env V  "));
	cr_assert_eq(h[strlen(h) - 1], '\n');
}

/* What cli_print_wrapped prints of text. */
static char *wrapped(const char *text)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);

	cr_assert(f);
	cli_print_wrapped(f, text);
	cr_assert_eq(fclose(f), 0);
	return out;
}

static void assert_wrapped(const char *text, const char *want)
{
	char *got = wrapped(text);

	cr_assert_str_eq(got, want, "wrapped:\n%s\nwanted:\n%s", got, want);
	free(got);
}

Test(cli, wrap_leaves_short_lines_as_they_are)
{
	static const char text[] = "usage: cot x\n\n  -a      all\n  --bee B bee\n"
				   "Exit status: 0 success\n3 failure\n";

	assert_wrapped(text, text);
}

Test(cli, wrap_breaks_an_option_under_its_description_counting_characters_not_bytes)
{
	/* 80 characters, 83 bytes: not broken; one more word: broken under the description */
	assert_wrapped(
		"  -j, --jobs N      v\xc3\xa9rifier N paquets \xc3\xa0 la fois (threads ; sortie "
		"dans l'ordre\n",
		"  -j, --jobs N      v\xc3\xa9rifier N paquets \xc3\xa0 la fois (threads ; sortie "
		"dans l'ordre\n");
	assert_wrapped("  -o, --output FILE \xc3\xa9"
		       "crire le rapport dans FILE plut\xc3\xb4t que sur la sortie standard\n"
		       "  -q                quiet\n",
		"  -o, --output FILE \xc3\xa9"
		"crire le rapport dans FILE plut\xc3\xb4t que sur la sortie\n"
		"                    standard\n"
		"  -q                quiet\n");
}

Test(cli, wrap_reflows_the_lines_that_go_on_with_a_line_too_long)
{
	assert_wrapped(
		"  --tsa URL         horodater la signature aupr\xc3\xa8s de cette TSA (RFC 3161, "
		"http://\n"
		"                    ou https://) : B-T\n"
		"  --next N          next\n",
		"  --tsa URL         horodater la signature aupr\xc3\xa8s de cette TSA (RFC 3161,\n"
		"                    http:// ou https://) : B-T\n"
		"  --next N          next\n");
}

Test(cli, wrap_hangs_a_name_that_fills_its_column_under_the_others)
{
	/* the first line of a table takes its column from the next; a later one from those before
	 */
	assert_wrapped("  --password-file F the keystore password: the first line of F, which must "
		       "be chmod 600\n"
		       "  --password-env V  the environment variable V\n"
		       "  countersign-long words words words words words words words words words "
		       "words words\n",
		"  --password-file F the keystore password: the first line of F, which must be\n"
		"                    chmod 600\n"
		"  --password-env V  the environment variable V\n"
		"  countersign-long words words words words words words words words words words\n"
		"                    words\n");
}

Test(cli, wrap_puts_usage_under_the_first_operand_and_leaves_prose_lines_apart)
{
	assert_wrapped("utilisation : cot bundle [-o FILE] (--keystore FILE [--password-file F | "
		       "--password-env VAR])\n"
		       "Voir 'man cot-bundle' pour les d\xc3\xa9tails et 'cot --help' pour les "
		       "options globales.\n"
		       "Depuis l'arborescence : man -l /a/b\n",
		"utilisation : cot bundle [-o FILE] (--keystore FILE [--password-file F |\n"
		"                  --password-env VAR])\n"
		"Voir 'man cot-bundle' pour les d\xc3\xa9tails et 'cot --help' pour les options\n"
		"globales.\n"
		"Depuis l'arborescence : man -l /a/b\n");
}

Test(cli, wrap_never_breaks_inside_a_word)
{
	char word[120], want[140];

	memset(word, 'x', 100);
	word[100] = '\0';
	snprintf(want, sizeof(want), "  -x  %s\n      end\n", word);
	char text[140];
	snprintf(text, sizeof(text), "  -x  %s end\n", word);
	assert_wrapped(text, want);
}
