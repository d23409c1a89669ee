/* The command layer: global options, the command table, output helpers. */
#ifndef COT_CLI_H
#define COT_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "cot/diag.h"
#include "cot/project.h"
#include "cot/report.h"

enum out_format {
	FMT_TEXT,
	FMT_JSON,
	FMT_JUNIT,
	FMT_SARIF,
	FMT_GITHUB,
	FMT_HTML,
	FMT_CSV,
	FMT_XML,
	FMT_ETSI
};

struct cot_ctx {
	const char *dir; /* -C DIR (already changed to), or NULL */
	enum out_format format;
	bool format_set;
	bool color; /* resolved from --color, NO_COLOR and isatty */
	enum lang lang;
	bool lang_set;
	int verbosity; /* -1 quiet, 0 normal, 1+ verbose */
	const char *argv0;
};

/* What a command needs from the dispatcher. */
enum cmd_flags {
	CMD_NEEDS_PROJECT = 1 << 0, /* open the project before running */
	CMD_NO_CRYPTO = 1 << 2,	    /* OpenSSL not set up first: loaded on a first call, if any */
	CMD_OPERANDS_NO_PROJECT = 1 << 3, /* with operands, no project is opened (status DIR) */
};

struct option;

struct cot_cmd {
	const char *name;
	int (*fn)(struct cot_ctx *ctx, struct project *p, int argc, char **argv);
	unsigned flags;
	const char *shortopts;	       /* for getopt_long, without the leading '+' */
	const struct option *longopts; /* the command's options, NULL-terminated */
	const char *usage;	       /* one line: "cot NAME [options] ARGS" */
	const char *summary;	       /* one line for cot --help */
	const char *help;	       /* the options, one per line, for cot NAME --help */
	/*
	 * The --format values it writes, a set of FMT_BIT: the dispatcher refuses any
	 * other, and completion offers these after --format. FMT_TEXT_ONLY for most.
	 */
	unsigned formats;
	/*
	 * A command with verbs (cot cert import, cot whitelist add …) leaves fn NULL
	 * and lists its verbs here, NULL-terminated: each verb is a struct cot_cmd
	 * of its own (name "import", usage "cot cert import …", its own flags and
	 * options), with parent set to the command's name. The dispatcher picks
	 * the verb, handles --help for it, and calls its fn with argv[0] = verb.
	 */
	const struct cot_cmd *const *verbs;
	const char *parent;
};

/* The command table, NULL-terminated; each entry lives in its cmd-NAME.c. */
extern const struct cot_cmd *const cot_commands[];
extern const struct cot_cmd cmd_init_entry, cmd_status_entry, cmd_log_entry, cmd_done_entry,
	cmd_demo_entry, cmd_help_entry;
extern const struct cot_cmd cmd_check_entry, cmd_lint_entry;
extern const struct cot_cmd cmd_cert_entry;
extern const struct cot_cmd cmd_whitelist_entry;
extern const struct cot_cmd cmd_bundle_entry, cmd_verify_entry;
extern const struct cot_cmd cmd_submit_entry;
extern const struct cot_cmd cmd_countersign_entry;
extern const struct cot_cmd cmd_kmehr_entry;
extern const struct cot_cmd cmd_calendar_entry;

const struct cot_cmd *cot_find_command(const char *name);

/* The global options: getopt_long's table (NULL-terminated) and their letters ("C:qvh"). */
const struct option *cot_global_options(const char **shortopts);

/* The global options' table of 'cot --help' (translated): their descriptions for completion. */
const char *cot_global_options_help(void);

/* The program: global options, dispatch, stdout check. Returns the exit code. */
int cot_main(int argc, char **argv);

/*
 * Prints a command's (or verb's) usage and help to f. A command that takes
 * CLI_PASSWORD_OPTIONS gets their lines (cli_password_help) after its option table.
 */
void cmd_print_help(FILE *f, const struct cot_cmd *c);

/*
 * Prints text to f with every line longer than HELP_WIDTH columns broken at spaces: the
 * rest under the description of an option or verb line, under the first operand of a
 * usage line, else under the line's indentation. Translations may be longer than English:
 * help stays readable in an 80-column terminal in every language.
 */
#define HELP_WIDTH 80
#define HELP_COLUMN 20 /* where the descriptions of an option table start */
void cli_print_wrapped(FILE *f, const char *text);

/*
 * s as one word for a POSIX shell: itself when it holds only plain path characters,
 * else in single quotes (each ' as '\''). A new string, the caller's.
 */
char *cli_shell_word(const char *s);

/* The verb named name of command c, or NULL. */
const struct cot_cmd *cot_find_verb(const struct cot_cmd *c, const char *name);

/* Prints msg to stdout unless -q was given: what a command did, for people. */
void cli_say(const struct cot_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * "cot: error: ..." on stderr. Returns code for tail calls.
 * cli_warn and cli_info likewise ("cot: warning: ", and plain to stderr unless -q).
 * The caller translates fmt (_("..."), i18n.h); "error: " and "warning: " are translated
 * here ("fout: ", "erreur : ").
 */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The message of the last cli_error, cli_err or cli_usage_error (translated), or "". */
const char *cli_last_error(void);
/*
 * "cot: error: out of memory" (translated), noted (mem_note_failure): the command ends
 * with exit 3. Returns COT_ENV. The command layer's cot_err_nomem.
 */
int cli_error_nomem(void);
/* True once cli_error_nomem, or cli_err of an error with nomem set, has spoken. */
bool cli_said_out_of_memory(void);
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_info(const struct cot_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints err->msg as cli_error does; returns err->code. */
int cli_err(const struct cot_err *err);

/*
 * The next option of command c (getopt_long over its table; the dispatcher
 * has reset optind and handled --help). Returns -1 at the end, the option's
 * value otherwise, or '?' after printing what is wrong (return COT_USAGE then).
 */
int cli_getopt(const struct cot_cmd *c, int argc, char **argv);

/* Parses a --format value into ctx; COT_USAGE with a message when unknown. */
int cli_set_format(struct cot_ctx *ctx, const char *s);

#define FMT_BIT(f) (1u << (f))
#define FMT_TEXT_ONLY FMT_BIT(FMT_TEXT)

/*
 * Checks the format is among c->formats (the dispatcher does this for every command);
 * prints why not and returns COT_USAGE.
 */
int cli_check_format(const struct cot_ctx *ctx, const struct cot_cmd *c);
/* The same against a subset of them: what one mode of c writes (cot status, one project). */
int cli_check_format_in(const struct cot_ctx *ctx, const struct cot_cmd *c, unsigned formats);
/* The name of a format ("json"). */
const char *cli_format_name(enum out_format f);

/* Complains about surplus or missing operands: COT_USAGE. */
int cli_usage_error(const struct cot_cmd *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when s is valid UTF-8 without control or bidi characters other than tab (escape.h). */
bool cli_text_ok(const char *s);

/*
 * s escaped for a terminal (esc_text) for a printf argument: a name, subject or message
 * from a file, certificate or the network. Valid until the fourth call after this one.
 */
const char *cli_shown(const char *s);

/* The project-wide diagnostics for a failed project_open: prints them and the error. */
int cli_project_error(
	const struct cot_ctx *ctx, const struct diag_list *d, const struct cot_err *err);

/* Notes the directory cot was started in, before -C changes it (cot_main). */
void cli_note_start_dir(void);

/*
 * path (relative to the current directory, or absolute) as it is shown in findings:
 * relative to the directory cot was started in when it lies below it, so that
 * 'cot -C org/x check' names org/x/checklist.yaml and CI annotations land on the right
 * file; else absolute. Unchanged when the current directory is still the start. A new
 * string, the caller's.
 */
char *cli_display_path(const char *path);

/* ANSI helpers: the code when color is on, "" otherwise. */
const char *cli_color(const struct cot_ctx *ctx, const char *code);
#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"

struct password;

/* The keystore and its password, from --keystore, --password-file and --password-env. */
struct cli_key {
	const char *keystore, *pw_file, *pw_env; /* borrowed from argv; NULL when not given */
};

/* Their option codes, shared by the commands: above every command's own (256 and on). */
enum { CLI_O_KEYSTORE = 0x1000, CLI_O_PASSWORD_FILE, CLI_O_PASSWORD_ENV };

/*
 * Their getopt_long entries, for a command's longopts: CLI_PASSWORD_OPTIONS where the
 * keystore is an operand (cot cert), CLI_KEY_OPTIONS where it is --keystore.
 */
/* clang-format off */
#define CLI_PASSWORD_OPTIONS \
	{"password-file", required_argument, NULL, CLI_O_PASSWORD_FILE}, \
	{"password-env", required_argument, NULL, CLI_O_PASSWORD_ENV}
#define CLI_KEY_OPTIONS \
	{"keystore", required_argument, NULL, CLI_O_KEYSTORE}, CLI_PASSWORD_OPTIONS
/* clang-format on */

/*
 * Takes option opt (a getopt_long value) with value arg into k when it is one of
 * CLI_KEY_OPTIONS; false for any other option, which the caller handles, and false
 * after saying (COT_USAGE) that --password-file and --password-env were both given.
 */
bool cli_key_option(struct cli_key *k, int opt, const char *arg);

/* The --help lines of --password-file and --password-env (translated), one wording for all. */
const char *cli_password_help(void);

/*
 * The password of k->keystore (a command whose keystore is an operand sets it):
 * the first line of k->pw_file, else the environment variable k->pw_env, else
 * asked on the terminal without echo. A password file its group can read is
 * warned about. On failure the error is said (cli_err) and its code returned.
 */
int cli_read_password(const struct cli_key *k, struct password *pw);

/* The report format (report.h) of an output format: check and lint render through report.c. */
enum report_format cli_report_format(enum out_format f);

/*
 * Writes a rendered report to stdout, or atomically to output (-o) when it is not NULL;
 * a failure is said (cli_err) and its code returned.
 */
struct buf;
int cli_write_output(const struct buf *b, const char *output);

#endif
