/* Helpers of the command layer: messages, option parsing, formats. */
#include <limits.h>
#include <unistd.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cot-config.h"
#include "cot/cli.h"
#include "cot/buf.h"
#include "cot/report.h"
#include "cot/i18n.h"
#include "cot/password.h"
#include "cot/escape.h"
#include "cot/fsutil.h"
#include "cot/mem.h"

static bool said_out_of_memory;
static char last_error[2048]; /* cli_last_error */

static void vmsg(const char *prefix, bool is_error, const char *fmt, va_list ap)
{
	char msg[2048];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fflush(stdout);
	/* messages name files and values from input: never a raw control on stderr */
	fprintf(stderr, "cot: %s%s\n", prefix, cli_shown(msg));
	if (is_error)
		memcpy(last_error, msg, strlen(msg) + 1);
}

const char *cli_last_error(void)
{
	return last_error;
}

bool cli_said_out_of_memory(void)
{
	return said_out_of_memory;
}

int cli_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(_("error: "), true, fmt, ap);
	va_end(ap);
	return code;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(_("warning: "), false, fmt, ap);
	va_end(ap);
}

void cli_info(const struct cot_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->verbosity < 0)
		return;
	fflush(stdout); /* after what was printed before it, also into one file */
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_err(const struct cot_err *err)
{
	if (err->nomem)
		said_out_of_memory = true;
	return cli_error(err->code, "%s", err->msg);
}

int cli_error_nomem(void)
{
	mem_note_failure();
	said_out_of_memory = true;
	return cli_error(COT_ENV, "%s", _("out of memory"));
}

int cli_usage_error(const struct cot_cmd *c, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	vmsg(_("error: "), true, fmt, ap);
	va_end(ap);
	if (c->parent)
		buf_addf(
			&b, _("usage: %s\nsee 'cot %s %s --help'\n"), c->usage, c->parent, c->name);
	else
		buf_addf(&b, _("usage: %s\nsee 'cot %s --help'\n"), c->usage, c->name);
	cli_print_wrapped(stderr, b.data ? b.data : "");
	buf_release(&b);
	return COT_USAGE;
}

int cli_getopt(const struct cot_cmd *c, int argc, char **argv)
{
	char shortopts[64];
	int opt;

	snprintf(shortopts, sizeof(shortopts), ":%s", c->shortopts ? c->shortopts : "");
	opterr = 0;
	opt = getopt_long(argc, argv, shortopts, c->longopts, NULL);
	if (opt == '?') {
		const char *bad = argv[optind - 1];
		if (optopt && !strchr(bad, '='))
			cli_usage_error(c, _("unknown option '-%c'"), optopt);
		else
			cli_usage_error(c, _("unknown option '%s'"), bad);
		return '?';
	}
	if (opt == ':') {
		cli_usage_error(c, _("option '%s' needs a value"), argv[optind - 1]);
		return '?';
	}
	return opt;
}

static const char *const format_names[] = {
	"text", "json", "junit", "sarif", "github", "html", "csv", "xml", "etsi"};

int cli_set_format(struct cot_ctx *ctx, const char *s)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(s, format_names[i]) == 0) {
			ctx->format = (enum out_format)i;
			ctx->format_set = true;
			return COT_OK;
		}
	return cli_error(COT_USAGE,
		_("unknown format '%s' (text, json, junit, sarif, github, "
		  "html, csv, xml, etsi)"),
		s);
}

const char *cli_format_name(enum out_format f)
{
	return (size_t)f < sizeof(format_names) / sizeof(format_names[0]) ? format_names[f] : "?";
}

int cli_check_format_in(const struct cot_ctx *ctx, const struct cot_cmd *c, unsigned formats)
{
	char list[128] = "", name[64];

	if (formats & FMT_BIT(ctx->format))
		return COT_OK;
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (!(formats & FMT_BIT(i)))
			continue;
		if (list[0])
			strcat(list, ", ");
		strcat(list, format_names[i]);
	}
	/* the command as typed: "whitelist list", not "list" */
	snprintf(name, sizeof(name), "%s%s%s", c->parent ? c->parent : "", c->parent ? " " : "",
		c->name);
	return cli_error(COT_USAGE, _("'cot %s' does not write %s (it writes %s)"), name,
		format_names[ctx->format], list);
}

int cli_check_format(const struct cot_ctx *ctx, const struct cot_cmd *c)
{
	return cli_check_format_in(ctx, c, c->formats);
}

bool cli_text_ok(const char *s)
{
	return esc_control_at(s, strlen(s), true, NULL) < 0 && !strchr(s, '\n');
}

const char *cli_shown(const char *s)
{
	static char *ring[4];
	static unsigned next;
	char **slot = &ring[next++ % 4];

	free(*slot);
	*slot = esc_text_str(s);
	return *slot;
}

int cli_project_error(
	const struct cot_ctx *ctx, const struct diag_list *d, const struct cot_err *err)
{
	diag_print_text(stderr, d, ctx->color);
	return cli_err(err);
}

const char *cli_color(const struct cot_ctx *ctx, const char *code)
{
	return ctx->color ? code : "";
}

const char *cli_password_help(void)
{
	return _("  --password-file F the keystore password: the first line of F (chmod 600)\n"
		 "  --password-env V  the keystore password: the environment variable V\n"
		 "                    (neither: asked on the terminal, without echo)\n");
}

static bool takes_password(const struct cot_cmd *c)
{
	for (const struct option *o = c->longopts; o && o->name; o++)
		if (o->val == CLI_O_PASSWORD_FILE)
			return true;
	return false;
}

/* The help, with the password lines after its option table (the lines that start with a space). */
static void print_options(struct buf *b, const struct cot_cmd *c)
{
	const char *help = c->help && c->help[0] ? _(c->help) : "";
	size_t n = 0;

	if (!takes_password(c)) {
		if (help[0])
			buf_addf(b, "\n%s", help);
		return;
	}
	while (help[n] == ' ')
		n += strcspn(help + n, "\n") + (help[n + strcspn(help + n, "\n")] == '\n');
	buf_addf(b, "\n%.*s%s%s", (int)n, help, cli_password_help(), help + n);
}

char *cli_shell_word(const char *s)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789/._-+,:@%=";
	size_t n = strlen(s);
	char *q, *o;

	if (n && strspn(s, plain) == n)
		return xstrdup(s);
	/* '...' with each ' as '\'': nothing inside single quotes is special */
	o = q = xmalloc(4 * n + 3);
	*o++ = '\'';
	for (; *s; s++)
		if (*s == '\'') {
			memcpy(o, "'\\''", 4);
			o += 4;
		} else {
			*o++ = *s;
		}
	*o++ = '\'';
	*o = '\0';
	return q;
}

/*
 * Where the rest of a line too long goes, in columns: under the description of an option
 * or verb line ("  --tsa URL   description"), under the first operand of a usage line
 * ("usage: cot bundle [...]"), else under the line's own indentation.
 */
static size_t hang_of(const char *line, size_t n)
{
	size_t lead = 0, i, hang;
	const char *cot;

	while (lead < n && line[lead] == ' ')
		lead++;
	if (lead == 0) {
		cot = memmem(line, n < 24 ? n : 24, " cot ", 5);
		hang = cot ? esc_columns(line, (size_t)(cot - line) + 5) : 0;
		return hang < HELP_WIDTH / 2 ? hang : HELP_WIDTH / 2;
	}
	/* the description: after the first gap of two spaces or more */
	for (i = lead; i + 1 < n && !(line[i] == ' ' && line[i + 1] == ' ');)
		i++;
	if (i + 1 < n) {
		while (i < n && line[i] == ' ')
			i++;
		if (i < n && esc_columns(line, i) <= HELP_WIDTH / 2)
			return esc_columns(line, i);
	}
	hang = esc_columns(line, lead);
	return hang < HELP_WIDTH / 2 ? hang : HELP_WIDTH / 2;
}

/* One line of n bytes, broken at spaces into lines of at most HELP_WIDTH columns. */
static void print_line_wrapped(FILE *f, const char *line, size_t n, size_t hang)
{
	size_t indent = 0;

	for (;;) {
		size_t room = HELP_WIDTH - indent, cut = 0;

		if (esc_columns(line, n) <= room)
			break;
		/* at the last space that keeps the piece within room, else at the first one;
		 * never before the column the rest hangs at (an option's name stays with its text)
		 */
		for (size_t i = 1; i < n; i++) {
			if (line[i] != ' ' || line[i - 1] == ' ' ||
				(!indent && esc_columns(line, i) < hang))
				continue;
			if (cut && esc_columns(line, i) > room)
				break;
			cut = i;
		}
		if (!cut)
			break;
		fprintf(f, "%*s%.*s\n", (int)indent, "", (int)cut, line);
		while (cut < n && line[cut] == ' ')
			cut++;
		line += cut;
		n -= cut;
		indent = hang;
	}
	fprintf(f, "%*s%.*s\n", (int)indent, "", (int)n, line);
}

/*
 * True when line (n bytes) goes on with the text of an indented line hanging at column
 * hang (a paragraph at column 0 is left as its lines are: each is a sentence of its own).
 */
static bool continues(const char *line, size_t n, size_t hang)
{
	size_t lead = 0;

	while (lead < n && line[lead] == ' ')
		lead++;
	return hang > 0 && lead == hang && lead < n && line[lead] != '-';
}

/* The description column of the line at text if it is an option line indented by lead. */
static size_t column_below(const char *text, size_t lead, size_t otherwise)
{
	size_t n = strcspn(text, "\n"), hang = hang_of(text, n);

	return strspn(text, " ") == lead && hang > lead ? hang : otherwise;
}

/*
 * The column the rest of a line too long hangs at, in the table it may be in: *table is
 * the description column of the option or verb lines before it (0: none).
 */
static size_t hang_in_table(const char *text, size_t n, size_t *table)
{
	size_t lead = 0, hang = hang_of(text, n);

	while (lead < n && text[lead] == ' ')
		lead++;
	if (lead == 0 || lead == n) {
		*table = 0; /* a heading, prose or a blank line ends a table */
		return hang;
	}
	if (hang > lead)
		return *table = hang; /* an option or verb line with its description */
	/* a name that fills its column ("  countersign text"): the column of the others */
	if (*table > lead)
		return *table;
	if (text[n] == '\n')
		hang = column_below(text + n + 1, lead, hang);
	if (hang == lead && lead < HELP_COLUMN && text[lead] == '-')
		hang = HELP_COLUMN;
	return hang;
}

void cli_print_wrapped(FILE *f, const char *text)
{
	size_t table = 0;

	while (*text) {
		size_t n = strcspn(text, "\n"), hang = hang_in_table(text, n, &table), next;
		struct buf b = {0};

		buf_add(&b, text, n);
		text += n + (text[n] == '\n');
		/* a line too long takes the lines that go on with it along, to break them anew */
		while (esc_columns(b.data, b.len) > HELP_WIDTH && *text &&
			continues(text, next = strcspn(text, "\n"), hang)) {
			buf_adds(&b, " ");
			buf_add(&b, text + hang, next - hang);
			text += next + (text[next] == '\n');
		}
		print_line_wrapped(f, b.data ? b.data : "", b.len, hang);
		buf_release(&b);
	}
}

/* The help of a command, as cmd_print_help prints it (but the build tree's line), into b. */
static void help_text(struct buf *b, const struct cot_cmd *c)
{
	const char *name = c->parent ? c->parent : c->name;

	/* The tables mark summary and help with N_(): they are translated here. */
	buf_addf(b, _("usage: %s\n\n%s\n"), c->usage, _(c->summary));
	print_options(b, c);
	if (c->verbs) {
		buf_adds(b, _("\nVerbs:\n"));
		for (size_t i = 0; c->verbs[i]; i++)
			buf_addf(b, "  %-10s %s\n", c->verbs[i]->name, _(c->verbs[i]->summary));
	}
	buf_addf(b,
		_("\nSee 'man cot-%s' for the details, and 'cot --help' for the global options.\n"),
		name);
}

void cmd_print_help(FILE *f, const struct cot_cmd *c)
{
	const char *name = c->parent ? c->parent : c->name;
	char page[PATH_MAX], *shown;
	struct buf b = {0};

	help_text(&b, c);
	cli_print_wrapped(f, b.data ? b.data : "");
	buf_release(&b);
	if (!fs_from_build_tree())
		return;
	/* a command to copy: never broken, however long the path */
	snprintf(page, sizeof(page), "%s/doc/cot-%s.1", COT_SRCDIR, name);
	shown = cli_shell_word(page);
	/* TRANSLATORS: %s is the man page in the source tree, quoted for the shell. */
	fprintf(f, _("From the build tree: man -l %s\n"), shown);
	free(shown);
}

const struct cot_cmd *cot_find_verb(const struct cot_cmd *c, const char *name)
{
	for (size_t i = 0; c->verbs && c->verbs[i]; i++)
		if (strcmp(c->verbs[i]->name, name) == 0)
			return c->verbs[i];
	return NULL;
}

void cli_say(const struct cot_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->verbosity < 0)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

bool cli_key_option(struct cli_key *k, int opt, const char *arg)
{
	switch (opt) {
	case CLI_O_KEYSTORE:
		k->keystore = arg;
		return true;
	case CLI_O_PASSWORD_FILE:
	case CLI_O_PASSWORD_ENV:
		if (opt == CLI_O_PASSWORD_FILE ? k->pw_env != NULL : k->pw_file != NULL) {
			cli_error(COT_USAGE, _("give the password with --password-file or "
					       "--password-env, not both"));
			return false;
		}
		*(opt == CLI_O_PASSWORD_FILE ? &k->pw_file : &k->pw_env) = arg;
		return true;
	default:
		return false;
	}
}

int cli_read_password(const struct cli_key *k, struct password *pw)
{
	struct cot_err err = COT_ERR_INIT;
	char prompt[PATH_MAX + 40];
	bool group = false;
	int rc;

	if (k->pw_file) {
		rc = password_from_file(k->pw_file, pw, &group, &err);
		if (!rc && group)
			cli_warn(_("the password file '%s' can be read by its group; chmod 600 "
				   "'%s'"),
				k->pw_file, k->pw_file);
	} else if (k->pw_env) {
		rc = password_from_env(k->pw_env, pw, &err);
	} else {
		/* TRANSLATORS: the prompt for the password of the keystore %s. */
		snprintf(prompt, sizeof(prompt), _("Password for '%s': "), k->keystore);
		rc = password_prompt(prompt, pw, &err);
	}
	return rc ? cli_err(&err) : COT_OK;
}

int cli_write_output(const struct buf *b, const char *output)
{
	struct cot_err err = COT_ERR_INIT;

	if (!output) {
		fwrite(b->data ? b->data : "", 1, b->len, stdout);
		return COT_OK;
	}
	if (fs_write_output(output, b->data ? b->data : "", b->len, &err))
		return cli_err(&err);
	return COT_OK;
}

enum report_format cli_report_format(enum out_format f)
{
	switch (f) {
	case FMT_JSON:
		return REPORT_JSON;
	case FMT_JUNIT:
		return REPORT_JUNIT;
	case FMT_SARIF:
		return REPORT_SARIF;
	case FMT_GITHUB:
		return REPORT_GITHUB;
	case FMT_HTML:
		return REPORT_HTML;
	default:
		return REPORT_TEXT;
	}
}

static char start_dir[PATH_MAX]; /* cli_note_start_dir; "" when unknown */

void cli_note_start_dir(void)
{
	if (!getcwd(start_dir, sizeof(start_dir)))
		start_dir[0] = '\0';
}

/* Removes "." and resolves ".." in the absolute path s, in place. */
static void path_tidy(char *s)
{
	char *out = s, *in = s;

	while (*in) {
		size_t n;
		while (*in == '/')
			in++;
		n = strcspn(in, "/");
		if (n == 2 && in[0] == '.' && in[1] == '.') {
			while (out > s && *--out != '/')
				;
		} else if (n && !(n == 1 && in[0] == '.')) {
			*out++ = '/';
			memmove(out, in, n);
			out += n;
		}
		in += n;
	}
	if (out == s)
		*out++ = '/';
	*out = '\0';
}

char *cli_display_path(const char *path)
{
	char cwd[PATH_MAX], *abs;
	size_t n = strlen(start_dir);

	if (!n || !getcwd(cwd, sizeof(cwd)))
		return xstrdup(path);
	if (path[0] != '/' && strcmp(cwd, start_dir) == 0)
		return xstrdup(path);
	abs = path[0] == '/' ? xstrdup(path) : path_join(cwd, path);
	if (!abs)
		mem_die();
	path_tidy(abs);
	if (n > 1 && strncmp(abs, start_dir, n) == 0 && abs[n] == '/')
		memmove(abs, abs + n + 1, strlen(abs + n + 1) + 1);
	return abs;
}
