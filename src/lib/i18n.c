/* The user's language: gettext's catalogs, the project's lang, numbers and dates. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot-config.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/ydoc.h"

/* glibc's count of catalog changes: a translation cached under an older count is looked up
 * again (gettext caches by locale name, which a change of LANGUAGE does not change). */
extern int _nl_msg_cat_cntr;

static enum lang current = LANG_EN;

char *i18n_gettext(const char *s)
{
	return current == LANG_EN ? (char *)s : gettext(s);
}

const char *i18n_pgettext(const char *ctx_and_id, const char *id)
{
	const char *t;

	if (current == LANG_EN)
		return id;
	t = gettext(ctx_and_id);

	return t == ctx_and_id ? id : t;
}

/* The build tree's catalogs for a cot that runs from it, else the installed ones. */
static const char *locale_dir(void)
{
	const char *env = getenv("COT_LOCALEDIR");

	if (env && *env)
		return env;
	return fs_from_build_tree() ? COT_BUILDDIR "/po" : COT_LOCALEDIR;
}

/* nl_BE.UTF-8 → nl; fr → fr; anything else en. */
static enum lang lang_of(const char *s)
{
	if (!s)
		return LANG_EN;
	if (strncmp(s, "nl", 2) == 0 && (s[2] == 0 || s[2] == '_' || s[2] == '.' || s[2] == ':'))
		return LANG_NL;
	if (strncmp(s, "fr", 2) == 0 && (s[2] == 0 || s[2] == '_' || s[2] == '.' || s[2] == ':'))
		return LANG_FR;
	return LANG_EN;
}

static const char *first_set(const char *const *names)
{
	for (; *names; names++) {
		const char *v = getenv(*names);

		if (v && *v)
			return v;
	}
	return NULL;
}

enum lang i18n_env_lang(void)
{
	static const char *const locale_vars[] = {"LC_ALL", "LC_MESSAGES", "LANG", NULL};
	const char *loc = first_set(locale_vars);
	const char *language = getenv("LANGUAGE");

	/* As gettext: LANGUAGE counts only when the locale is not C or POSIX. */
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return LANG_EN;
	if (language && *language)
		return lang_of(language);
	return lang_of(loc);
}

static bool bound;

/*
 * Reads LC_MESSAGES and binds the catalogs, once, when cot first speaks Dutch or French.
 * English needs neither (i18n_gettext answers itself; ngettext's English forms are the
 * msgids), and glibc takes ≈ 0.5 ms to load a locale and the converters.
 */
static void bind_catalogs(void)
{
	if (bound)
		return;
	bound = true;
	setlocale(LC_MESSAGES, "");
	bindtextdomain(COT_TEXTDOMAIN, locale_dir());
	bind_textdomain_codeset(COT_TEXTDOMAIN, "UTF-8");
	textdomain(COT_TEXTDOMAIN);
}

void i18n_init(void)
{
	current = i18n_env_lang();
	if (current != LANG_EN)
		bind_catalogs();
}

/*
 * LANGUAGE chooses the catalog, but gettext ignores it in the C locale: there, messages
 * switch to C.UTF-8 (glibc's, always there), which reads LANGUAGE.
 */
void i18n_set_lang(enum lang l)
{
	const char *cur;

	if (l != LANG_EN)
		bind_catalogs();
	cur = setlocale(LC_MESSAGES, NULL);
	current = l;
	setenv("LANGUAGE", lang_name(l), 1);
	if (l != LANG_EN && (!cur || strcmp(cur, "C") == 0 || strcmp(cur, "POSIX") == 0))
		setlocale(LC_MESSAGES, "C.UTF-8");
	++_nl_msg_cat_cntr;
}

/* The whole of path when it is a regular file of at most max bytes; NULL otherwise. A FIFO
 * or a device is not waited for: O_NONBLOCK, then fstat. */
static char *read_small(const char *path, size_t max, size_t *len)
{
	struct stat st;
	char *data = NULL;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size > max)
		goto out;
	data = malloc((size_t)st.st_size + 1);
	while (data && n < (size_t)st.st_size) {
		ssize_t r = read(fd, data + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	if (data) {
		data[n] = 0;
		*len = n;
	}
out:
	close(fd);
	return data;
}

bool i18n_config_lang(const char *data, size_t len, enum lang *l)
{
	struct ydoc_limits lim = {.max_bytes = COT_CONFIG_MAX, .max_depth = 8, .max_nodes = 10000};
	struct diag_list d = DIAG_LIST_INIT;
	struct ynode *root = NULL;
	const struct ynode *v;
	bool ok = false;

	if (ydoc_parse(COT_CONFIG_NAME, data, len, &lim, &root, &d) == COT_OK) {
		v = ymap_get(ymap_get(root, "organisation"), "lang");
		ok = v && v->kind == Y_SCALAR && lang_parse(v->str, l);
	}
	ynode_free(root);
	diag_list_release(&d);
	return ok;
}

bool i18n_project_lang(enum lang *l)
{
	struct cot_err err = COT_ERR_INIT;
	char *root = NULL, *path = NULL, *data = NULL;
	size_t len = 0;
	bool ok = false;

	if (project_find(NULL, &root, &err) != COT_OK)
		return false;
	path = path_join(root, COT_CONFIG_NAME);
	data = read_small(path, COT_CONFIG_MAX, &len);
	ok = data && i18n_config_lang(data, len, l);
	free(data);
	free(path);
	free(root);
	return ok;
}

enum lang i18n_lang(void)
{
	return current;
}

void i18n_save(struct i18n_state *s)
{
	const char *language = getenv("LANGUAGE");
	const char *messages = setlocale(LC_MESSAGES, NULL);

	s->had_language = language != NULL;
	snprintf(s->language, sizeof(s->language), "%s", language ? language : "");
	snprintf(s->messages, sizeof(s->messages), "%s", messages ? messages : "C");
	s->lang = current;
}

void i18n_restore(const struct i18n_state *s)
{
	if (s->had_language)
		setenv("LANGUAGE", s->language, 1);
	else
		unsetenv("LANGUAGE");
	setlocale(LC_MESSAGES, s->messages);
	current = s->lang;
	++_nl_msg_cat_cntr;
}

void i18n_enter(struct i18n_state *s, enum lang l)
{
	s->switched = l != current;
	if (s->switched) {
		i18n_save(s);
		i18n_set_lang(l);
	}
}

void i18n_leave(const struct i18n_state *s)
{
	if (s->switched)
		i18n_restore(s);
}

char *i18n_decimal(char *out, size_t size, double v, int prec)
{
	/* TRANSLATORS: the decimal sign: "." in English, "," in Dutch and French. */
	const char *sign = C_("decimal sign", ".");
	char *dot;

	snprintf(out, size, "%.*f", prec, v);
	dot = strchr(out, '.');
	if (dot && strcmp(sign, ".") != 0 && strlen(sign) == 1)
		*dot = sign[0];
	return out;
}

char *i18n_date(char *out, size_t size, time_t t)
{
	static const char *const months[] = {
		N_("January"),
		N_("February"),
		N_("March"),
		N_("April"),
		N_("May"),
		N_("June"),
		N_("July"),
		N_("August"),
		N_("September"),
		N_("October"),
		N_("November"),
		N_("December"),
	};
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(out, size, "?");
		return out;
	}
	/* TRANSLATORS: a date: the month's name, the day, the year ("December 6, 2026").
	   Reorder with %2$d %1$s %3$d ("6 december 2026"). */
	snprintf(out, size, _("%s %d, %d"), _(months[tm.tm_mon]), tm.tm_mday, tm.tm_year + 1900);
	return out;
}
