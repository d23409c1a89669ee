/*
 * The user's language, with GNU gettext: messages, --help, findings and prompts.
 *
 *   _("text")                   a message, translated
 *   N_("text")                  marked for translation, translated where it is used: _(s)
 *   C_("context", "text")       one English word with two meanings (pgettext)
 *   ngettext("%d file", "%d files", n)   every count
 *
 * The language is the project's (cot.yaml lang:, or --lang); outside a project it
 * follows LANGUAGE, LC_ALL, LC_MESSAGES and LANG as gettext does. Rule ids, JSON keys,
 * step names and exit codes are not translated: machines read them.
 *
 * The signed checklist report (report.c's words) is not read from a catalog: it must
 * render byte for byte the same wherever cot runs, catalogs installed or not.
 */
#ifndef COT_I18N_H
#define COT_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include "cot/project.h"

#define COT_TEXTDOMAIN "cot"

#define _(s) i18n_gettext(s)
#define N_(s) (s)
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/*
 * gettext(s), or s itself at once while cot speaks English: the catalogs hold no English,
 * so gettext would only give s back, after ≈ 1,500 instructions (hundreds of calls when a
 * requirement set is read).
 */
char *i18n_gettext(const char *s) __attribute__((format_arg(1)));

/* pgettext: the translation of ctx\004s, or s when there is none. */
const char *i18n_pgettext(const char *ctx_and_id, const char *id) __attribute__((format_arg(2)));

/*
 * Takes the language from the environment. The catalogs (the build tree's when cot runs
 * from it, else the installed ones; COT_LOCALEDIR overrides) are bound and LC_MESSAGES is
 * read from the environment when cot first speaks Dutch or French, now or on i18n_set_lang:
 * English needs neither, and loading a locale costs ≈ 0.5 ms of every start. Every other
 * category stays "C": files, JSON and logs are written and read the same in every locale;
 * catalogs are read as UTF-8; i18n_decimal and i18n_date write numbers and dates for people.
 */
void i18n_init(void);

/* Speaks l from now on, whatever the locale says (the project's lang, or --lang). */
void i18n_set_lang(enum lang l);

/* The language the environment asks for (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): nl_* → nl,
 * fr_* → fr, anything else en. */
enum lang i18n_env_lang(void);

/*
 * The lang: of the project at or above the current directory, read for --help and the
 * messages printed before the project is opened: cot.yaml (a regular file of at most
 * COT_CONFIG_MAX bytes, opened without blocking) parsed by ydoc, nothing printed, nothing
 * locked. False when there is no project or its lang cannot be read (then *l is unchanged).
 */
bool i18n_project_lang(enum lang *l);

/* organisation: lang: of cot.yaml text (len bytes, at most COT_CONFIG_MAX), parsed with
 * cot.yaml's limits, nothing else checked. False when it cannot be read; *l unchanged. */
bool i18n_config_lang(const char *data, size_t len, enum lang *l);

/* The language messages are in now. */
enum lang i18n_lang(void);

/* What i18n_set_lang changes (LANGUAGE, LC_MESSAGES, the language spoken), kept by
 * i18n_save and put back by i18n_restore: a command run in-process (cot demo) does not
 * leave its project's language behind. */
struct i18n_state {
	char language[64], messages[64];
	bool had_language, switched;
	enum lang lang;
};
void i18n_save(struct i18n_state *s);
void i18n_restore(const struct i18n_state *s);
/* Speaks l until i18n_leave(s) (a sentence for another party, in its language); switches
 * only when l is not the language spoken. */
void i18n_enter(struct i18n_state *s, enum lang l);
void i18n_leave(const struct i18n_state *s);

/* v with prec decimals and the language's decimal sign: "4.3" in English, "4,3" in Dutch
 * and French. Returns out. */
char *i18n_decimal(char *out, size_t size, double v, int prec);

/* The calendar date of t (UTC) as people of the language write it: "6 December 2026",
 * "6 december 2026", "6 décembre 2026". Returns out. */
char *i18n_date(char *out, size_t size, time_t t);

#endif
