/* Many projects at once: each project folder read on its own, its failure a line of its own. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cot/certstore.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/deadline.h"
#include "cot/diag.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/journal.h"
#include "cot/mem.h"
#include "cot/nextstep.h"
#include "cot/portfolio.h"
#include "cot/procedure.h"

/* The names of a folder's subfolders, sorted. */
struct names {
	char **v;
	size_t n;
};

static void names_release(struct names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void entry_fail(struct portfolio_entry *e, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void entry_fail(struct portfolio_entry *e, int rc, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	e->rc = rc;
	free(e->error);
	e->error = xstrdup(msg);
}

/* True when dir holds a cot.yaml, even one that cannot be read: then it is a project. */
static bool holds_config(const char *dir)
{
	char *cfg = path_join(dir, COT_CONFIG_NAME);
	struct stat st;
	bool there;

	if (!cfg)
		mem_die();
	there = lstat(cfg, &st) == 0 || errno != ENOENT;
	free(cfg);
	return there;
}

/* Why the folder itself cannot be a project, or false when it can. */
static bool folder_unusable(struct portfolio_entry *e)
{
	struct stat st;

	if (stat(e->path, &st) < 0) {
		int why = errno;
		if (why == ENOENT && lstat(e->path, &st) == 0)
			entry_fail(e, COT_USAGE, _("'%s' is a symbolic link to nothing"), e->path);
		else
			entry_fail(e, COT_USAGE, _("cannot read '%s': %s"), e->path, strerror(why));
		return true;
	}
	if (!S_ISDIR(st.st_mode)) {
		entry_fail(e, COT_USAGE, _("'%s' is not a folder"), e->path);
		return true;
	}
	if (!holds_config(e->path)) {
		entry_fail(e, COT_USAGE, _("'%s' is not a cot project (no %s)"), e->path,
			COT_CONFIG_NAME);
		return true;
	}
	return false;
}

/* cot.yaml's first error, for the line of a project that cannot be opened. */
static void config_failed(
	struct portfolio_entry *e, const struct diag_list *d, const struct cot_err *err)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];
		if (g->sev != DIAG_ERROR)
			continue;
		entry_fail(e, err->code, "%s:%u:%u: %s", COT_CONFIG_NAME, g->line, g->col, g->msg);
		return;
	}
	entry_fail(e, err->code, "%s", err->msg);
}

/*
 * The chain of the journal intact, else the first bad record as the entry's error; a want
 * of memory is copied to run (an error of the run, not of the project).
 */
static bool journal_sound(struct portfolio_entry *e, const struct project *p, struct cot_err *run)
{
	char *path = project_state_path(p, "journal"),
	     *head = project_state_path(p, "journal.head");
	struct cot_err err = COT_ERR_INIT;
	unsigned long n = 0;
	int rc;

	if (!path || !head)
		mem_die();
	rc = journal_verify(path, head, &n, &err);
	free(path);
	free(head);
	if (rc == COT_FINDINGS)
		/* TRANSLATORS: %s says which record is bad and why (cot log --verify). */
		entry_fail(e, rc, _("the journal fails verification: %s"), err.msg);
	else if (rc)
		entry_fail(e, rc, "%s", err.msg);
	if (err.nomem)
		cot_err_copy(run, &err);
	return rc == COT_OK;
}

/* When the current step became current: the latest step done, else the project's start. */
static void current_since(
	struct portfolio_entry *e, const struct procedure *pr, const struct journal *j, time_t now)
{
	time_t t;

	e->since[0] = '\0';
	for (int i = 0; i < pr->nsteps; i++)
		if (pr->steps[i].done && strcmp(pr->steps[i].date, e->since) > 0)
			memcpy(e->since, pr->steps[i].date, sizeof(e->since));
	if (!e->since[0] && j->n && j->v[0].time && strlen(j->v[0].time) >= 10) {
		memcpy(e->since, j->v[0].time, 10);
		e->since[10] = '\0';
	}
	/* a date in the future (a clock set wrong) is no number of days */
	if (!e->since[0] || !date_parse(e->since, &t) || (e->days = days_between(t, now)) < 0)
		e->days = -1;
}

/* Deadlines overdue, and what to do next as cot status in the project says it (nextstep.h). */
static int judge(struct portfolio_entry *e, const struct project *p, const struct journal *j,
	const struct procedure *pr, time_t now, struct cot_err *err)
{
	struct deadline_list dl = DEADLINE_LIST_INIT;
	struct checklist_input in = CHECKLIST_INPUT_INIT;
	struct cert_summary c;
	struct next_action n;
	int rc = certstore_summary(p, j, now, &c, err);

	/* Read once: the deadlines and the next action both judge them. */
	if (!rc) {
		checklist_input_load(p, &in);
		rc = deadline_collect_input(p, j, &in, now, &dl, err);
	}
	for (size_t i = 0; !rc && i < dl.n; i++) {
		e->overdue += deadline_overdue(&dl.v[i]);
		e->missed += deadline_missed(&dl.v[i]);
	}
	if (!rc) {
		next_action_judge_input(p, pr, &c, &dl, &in, now, &n);
		e->next = xstrdup(n.action);
		e->blocked_by = n.blocked_by;
	}
	deadline_list_release(&dl);
	checklist_input_release(&in);
	return rc;
}

/* Reads one project into e; only a want of memory is an error of the run. */
static int read_project(struct portfolio_entry *e, time_t now, struct cot_err *err)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct journal j = JOURNAL_INIT;
	struct cot_err perr = COT_ERR_INIT;
	struct procedure pr;
	int rc = COT_OK;

	if (folder_unusable(e))
		return COT_OK;
	if (project_open(e->path, &p, &d, &perr)) {
		config_failed(e, &d, &perr);
		goto out;
	}
	e->name = xstrdup(p.cfg.name);
	memcpy(e->kbo, p.cfg.kbo, sizeof(e->kbo));
	e->route = p.cfg.route;
	if (!journal_sound(e, &p, &perr))
		goto out;
	if (project_journal_load(&p, &j, &perr)) {
		entry_fail(e, perr.code, "%s", perr.msg);
		goto out;
	}
	procedure_derive_kind(p.cfg.route, p.cfg.kind, &j, &pr);
	if (pr.next < pr.nsteps) {
		e->step = pr.steps[pr.next].def->id;
		e->todo = pr.steps[pr.next].def->todo;
	}
	current_since(e, &pr, &j, now);
	rc = judge(e, &p, &j, &pr, now, err);
out:
	journal_release(&j);
	diag_list_release(&d);
	project_release(&p);
	return perr.nomem ? cot_err_nomem(err) : rc;
}

/*
 * The visible subfolders of the open folder dp (and links, which may lead to one), sorted
 * by name; COT_USAGE when there are more than room.
 */
static int list_folder(
	DIR *dp, const char *dir, struct names *out, size_t room, struct cot_err *err)
{
	struct dirent *de;

	while ((de = readdir(dp))) {
		struct stat st;
		char *full;
		bool keep;
		if (de->d_name[0] == '.')
			continue;
		full = path_join(dir, de->d_name);
		if (!full)
			mem_die();
		keep = lstat(full, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode));
		free(full);
		if (!keep)
			continue;
		if (out->n >= room)
			return cot_err_set(err, COT_USAGE,
				_("more than %d projects: give fewer folders"), PORTFOLIO_MAX);
		out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
		out->v[out->n++] = xstrdup(de->d_name);
	}
	if (out->n > 1) /* qsort with a NULL array, even of 0 items, is undefined */
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	return COT_OK;
}

static struct portfolio_entry *add_entry(struct portfolio *pf, char *path)
{
	struct portfolio_entry *e;

	pf->v = xrealloc(pf->v, (pf->n + 1) * sizeof(*pf->v));
	e = &pf->v[pf->n++];
	memset(e, 0, sizeof(*e));
	e->path = path;
	e->days = -1;
	return e;
}

/* The operand dir: one project, or each subfolder of a folder of projects. */
static int add_operand(struct portfolio *pf, const char *dir, struct cot_err *err)
{
	struct names s = {NULL, 0};
	struct stat st;
	DIR *dp;
	int rc;

	if (pf->n >= PORTFOLIO_MAX)
		return cot_err_set(err, COT_USAGE, _("more than %d projects: give fewer folders"),
			PORTFOLIO_MAX);
	if (holds_config(dir) || stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		add_entry(pf, xstrdup(dir));
		return COT_OK;
	}
	dp = opendir(dir);
	if (!dp) {
		/* the folder itself cannot be read: its line says why */
		entry_fail(add_entry(pf, xstrdup(dir)), COT_USAGE, _("cannot read '%s': %s"), dir,
			strerror(errno));
		return COT_OK;
	}
	rc = list_folder(dp, dir, &s, PORTFOLIO_MAX - pf->n, err);
	closedir(dp);
	if (!rc && !s.n)
		entry_fail(add_entry(pf, xstrdup(dir)), COT_USAGE,
			_("'%s' is neither a cot project nor a folder of projects"), dir);
	for (size_t i = 0; !rc && i < s.n; i++)
		add_entry(pf, path_join(dir, s.v[i]));
	names_release(&s);
	return rc;
}

int portfolio_collect(
	const char *const *dirs, size_t n, time_t now, struct portfolio *out, struct cot_err *err)
{
	int rc = COT_OK;

	for (size_t i = 0; !rc && i < n; i++)
		rc = add_operand(out, dirs[i], err);
	for (size_t i = 0; !rc && i < out->n; i++)
		if (!out->v[i].error)
			rc = read_project(&out->v[i], now, err);
	if (rc)
		portfolio_release(out);
	return rc;
}

size_t portfolio_failed(const struct portfolio *pf)
{
	size_t k = 0;

	for (size_t i = 0; i < pf->n; i++)
		k += pf->v[i].rc != COT_OK;
	return k;
}

size_t portfolio_missed(const struct portfolio *pf)
{
	size_t k = 0;

	for (size_t i = 0; i < pf->n; i++)
		k += pf->v[i].missed > 0;
	return k;
}

void portfolio_release(struct portfolio *pf)
{
	for (size_t i = 0; i < pf->n; i++) {
		free(pf->v[i].path);
		free(pf->v[i].error);
		free(pf->v[i].name);
		free(pf->v[i].next);
	}
	free(pf->v);
	pf->v = NULL;
	pf->n = 0;
}
