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
