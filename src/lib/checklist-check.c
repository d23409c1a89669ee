/* Checklists: the rules a schema cannot express, the check of a project's answers, the skeleton. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/ident.h"
#include "cot/mem.h"
#include "cot/ytext.h"

/*
 * A finding's text in the language of messages, or in English (english) for the page a
 * bundle carries, which renders the same wherever cot runs, catalogs installed or not.
 */
static const char *tr(bool english, const char *s) __attribute__((format_arg(2)));

static const char *tr(bool english, const char *s)
{
	return english ? s : _(s); /* not gettext(): _() is free while cot speaks English */
}

/* --- requirement sets ------------------------------------------------------ */

struct named {
	const char *id;
	struct loc at;
	size_t index;
};

static int cmp_named(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int k = strcmp(x->id, y->id);

	if (k)
		return k;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts v and reports every repeat of an id, naming where it was first. */
enum named_kind { NK_REQUIREMENT, NK_CATEGORY, NK_SOURCE };

static void report_duplicates(
	struct named *v, size_t n, const char *file, enum named_kind k, struct diag_list *d)
{
	qsort(v, n, sizeof(*v), cmp_named);
	for (size_t i = 1, first = 0; i < n; i++) {
		if (strcmp(v[i].id, v[first].id) != 0) {
			first = i;
			continue;
		}
		diag_add(d, DIAG_ERROR, file, v[i].at.line, v[i].at.col, "req-duplicate-id",
			/* TRANSLATORS: an id, then the line where it first appears. */
			k == NK_REQUIREMENT ? _("duplicate requirement id '%s' (first at line %u)")
			: k == NK_CATEGORY  ? _("duplicate category id '%s' (first at line %u)")
					    : _("duplicate source id '%s' (first at line %u)"),
			v[i].id, v[first].at.line);
	}
}

/* The first entry of sorted v with id, or NULL. */
static const struct named *find_named(const struct named *v, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int k = strcmp(id, v[mid].id);
		if (!k) {
			while (mid > 0 && strcmp(id, v[mid - 1].id) == 0)
				mid--;
			return &v[mid];
		}
		if (k < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* The capital letters of a requirement id before its '-'. */
static size_t id_prefix_len(const char *id)
{
	const char *dash = strchr(id, '-');

	return dash ? (size_t)(dash - id) : strlen(id);
}

void reqset_lint(const struct reqset *rs, struct diag_list *d)
{
	struct named *reqs = xcalloc(rs->nreqs, sizeof(*reqs));
	struct named *cats = xcalloc(rs->ncats, sizeof(*cats));
	struct named *srcs = xcalloc(rs->nsources, sizeof(*srcs));
	size_t *per_cat = xcalloc(rs->ncats, sizeof(*per_cat));
	const struct requirement **first_of_cat = xcalloc(rs->ncats, sizeof(*first_of_cat));
	bool *src_used = xcalloc(rs->nsources, sizeof(*src_used));

	for (size_t i = 0; i < rs->nreqs; i++)
		reqs[i] = (struct named){rs->reqs[i].id, rs->reqs[i].at, i};
	for (size_t i = 0; i < rs->ncats; i++)
		cats[i] = (struct named){rs->cats[i].id, rs->cats[i].at, i};
	for (size_t i = 0; i < rs->nsources; i++)
		srcs[i] = (struct named){rs->sources[i].id, rs->sources[i].at, i};
	report_duplicates(reqs, rs->nreqs, rs->file, NK_REQUIREMENT, d);
	report_duplicates(cats, rs->ncats, rs->file, NK_CATEGORY, d);
	report_duplicates(srcs, rs->nsources, rs->file, NK_SOURCE, d);
	for (size_t i = 0; i < rs->nreqs; i++) {
		const struct requirement *r = &rs->reqs[i];
		const struct named *src;
		if (r->category && r->cat < 0)
			diag_add_about(d, r->id, DIAG_ERROR, rs->file, r->cat_at.line,
				r->cat_at.col,
				/* TRANSLATORS: a requirement id, then a category id. */
				"req-unknown-category",
				_("%s names category '%s', which the set does "
				  "not list under categories"),
				r->id, r->category);
		src = r->source_id ? find_named(srcs, rs->nsources, r->source_id) : NULL;
		if (r->source_id && !src)
			diag_add_about(d, r->id, DIAG_ERROR, rs->file, r->source_at.line,
				/* TRANSLATORS: a requirement id, then a source id. */
				r->source_at.col, "req-unknown-source",
				_("%s names source '%s', which "
				  "the set does not list under sources"),
				r->id, r->source_id);
		/* Every source of that id is used: a duplicate was reported already. */
		for (; src && src < srcs + rs->nsources && strcmp(src->id, r->source_id) == 0;
			src++)
			src_used[src->index] = true;
		if (r->cat < 0)
			continue;
		per_cat[r->cat]++;
		if (!first_of_cat[r->cat]) {
			first_of_cat[r->cat] = r;
		} else {
			const char *f = first_of_cat[r->cat]->id;
			size_t n = id_prefix_len(f);
			if (id_prefix_len(r->id) != n || strncmp(r->id, f, n) != 0)
				diag_add_about(d, r->id, DIAG_WARNING, rs->file, r->at.line,
					r->at.col,
					/* TRANSLATORS: a requirement id, its category, the prefix
					   of the category's ids ("GOV") and its first id. */
					"req-id-prefix",
					_("%s is in category '%s', whose ids start "
					  "with '%.*s-' (%s)"),
					r->id, r->category, (int)n, f, f);
		}
	}
	for (size_t i = 0; i < rs->ncats; i++)
		if (!per_cat[i])
			diag_add(d, DIAG_WARNING, rs->file, rs->cats[i].at.line, rs->cats[i].at.col,
				"req-empty-category", _("category '%s' has no requirement"),
				rs->cats[i].id);
	for (size_t i = 0; i < rs->nsources; i++)
		if (!src_used[i])
			diag_add(d, DIAG_WARNING, rs->file, rs->sources[i].at.line,
				rs->sources[i].at.col, "req-unused-source",
				_("source '%s' is not named by any requirement"),
				rs->sources[i].id);
	free(reqs);
	free(cats);
	free(srcs);
	free(per_cat);
	free((void *)first_of_cat);
	free(src_used);
}

/* --- answers without a project --------------------------------------------- */

static bool set_matches(const struct answers *a, const struct reqset *rs)
{
	return !a->set_id || !a->set_version || !rs->id || !rs->version ||
	       (strcmp(a->set_id, rs->id) == 0 && strcmp(a->set_version, rs->version) == 0);
}

static void outside_paths(
	const struct answers *a, const struct answer *x, bool en, struct diag_list *d)
{
	for (size_t k = 0; k < x->nevidence; k++) {
		const struct evidence *e = &x->evidence[k];
		if (!evidence_path_outside(e->path))
			continue;
		if (strstr(e->path, ".."))
			diag_add_about(d, x->id, DIAG_ERROR, a->file, e->at.line, e->at.col,
				/* TRANSLATORS: an evidence path, then a requirement id. */
				"evidence-outside-project",
				tr(en, N_("evidence path '%s' of %s is above "
					  "the project ('..'); evidence lies inside the project, "
					  "named relative "
					  "to it")),
				e->path, x->id);
		else
			diag_add_about(d, x->id, DIAG_ERROR, a->file, e->at.line, e->at.col,
				/* TRANSLATORS: an evidence path, then a requirement id. */
				"evidence-outside-project",
				tr(en, N_("evidence path '%s' of %s is "
					  "absolute; evidence lies inside the project, named "
					  "relative to it")),
				e->path, x->id);
	}
}

/* answers_lint, its findings in English when en (the page a bundle carries). */
static void lint_answers(
	const struct answers *a, const struct reqset *rs, bool en, struct diag_list *d)
{
	char kbo[KBO_LEN + 1], why[160];
	bool ids = rs && set_matches(a, rs);

	if (a->org_kbo && !kbo_parse(a->org_kbo, kbo, why, sizeof(why)))
		diag_add(d, DIAG_ERROR, a->file, a->kbo_at.line, a->kbo_at.col, "kbo-invalid",
			/* TRANSLATORS: the number as written, then why it is not valid. */
			tr(en, N_("KBO number '%s' is not valid: %s")), a->org_kbo, why);
	if (rs && !ids)
		diag_add(d, DIAG_ERROR, a->file, a->set_at.line, a->set_at.col,
			"answers-set-mismatch",
			/* TRANSLATORS: the id and version of the set the answers name, then of the
			   set they are checked against. */
			tr(en, N_("these answers are to %s %s, but are checked against %s %s")),
			a->set_id, a->set_version, rs->id, rs->version);
	for (size_t i = 0; i < a->n; i++) {
		const struct answer *x = &a->v[i];
		const struct requirement *r = ids ? reqset_get(rs, x->id) : NULL;
		outside_paths(a, x, en, d);
		if (ids && !r)
			diag_add_about(d, x->id, DIAG_ERROR, a->file, x->at.line, x->at.col,
				/* TRANSLATORS: the set's id and version, then a requirement id. */
				"answer-unknown-id", tr(en, N_("%s %s has no requirement %s")),
				rs->id, rs->version, x->id);
		if (x->status != ST_NOT_APPLICABLE)
			continue;
		if (r && !r->na_allowed)
			diag_add_about(d, x->id, DIAG_ERROR, a->file, x->status_at.line,
				/* TRANSLATORS: not-applicable is the status as written in the
				   answers. */
				x->status_at.col, "na-not-allowed",
				tr(en, N_("%s cannot be "
					  "not-applicable: it applies to every organisation it is "
					  "asked of")),
				x->id);
		else if (!x->justification)
			diag_add_about(d, x->id, DIAG_ERROR, a->file, x->status_at.line,
				/* TRANSLATORS: not-applicable and 'justification' are written in
				   the answers as they are here. */
				x->status_at.col, "na-no-justification",
				tr(en, N_("%s is "
					  "not-applicable without a justification: say why in "
					  "'justification'")),
				x->id);
	}
}

void answers_lint(const struct answers *a, const struct reqset *rs, struct diag_list *d)
{
	lint_answers(a, rs, false, d);
}

/* --- the check ------------------------------------------------------------- */

unsigned check_percent(unsigned part, unsigned total)
{
	return total ? (unsigned)((unsigned long long)part * 100 / total) : 0;
}

bool date_add_months(const char *date, int months, char out[11])
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	char tmp[32];
	int y, m, d, last;

	if (strlen(date) != 10 || strspn(date, "0123456789") != 4 || date[4] != '-' ||
		strspn(date + 5, "0123456789") != 2 || date[7] != '-' ||
		strspn(date + 8, "0123456789") != 2 || months < 0 || months > 1200)
		return false;
	y = atoi(date);
	m = atoi(date + 5);
	d = atoi(date + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	if (y > 9999)
		y = 9999;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y, m, d);
	memcpy(out, tmp, 11);
	return true;
}

/* State of a check run shared by the steps below. */
struct run {
	const struct reqset *rs;
	const struct answers *a;
	const struct check_opts *o;
	struct diag_list *d;
	char today[11];
	char *root; /* real path of o->root */
	bool en;    /* findings in English: o->english */
};

static void about(struct run *r, const struct answer *x, enum diag_sev sev, struct loc at,
	const char *rule, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void about(struct run *r, const struct answer *x, enum diag_sev sev, struct loc at,
	const char *rule, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	char text[512]; /* most fit: formatted once, not measured first (a finding per answer) */
	va_list ap, cp;
	int n;

	if (!diag_keeps(r->d, sev)) {
		/* counted, not kept: no text to make */
		diag_add_about(r->d, x->id, sev, r->a->file, at.line, at.col, rule, "%s", "");
		return;
	}
	va_start(ap, fmt);
	va_copy(cp, ap);
	n = vsnprintf(text, sizeof(text), fmt, cp);
	va_end(cp);
	if (n < 0 || (size_t)n >= sizeof(text))
		buf_vaddf(&b, fmt, ap);
	va_end(ap);
	diag_add_about(r->d, x->id, sev, r->a->file, at.line, at.col, rule, "%s",
		n >= 0 && (size_t)n < sizeof(text) ? text
		: b.data			   ? b.data
						   : "?");
	buf_release(&b);
}

static bool is_key_file(const char *path)
{
	static const char *const ext[] = {".p12", ".pfx", ".acc-p12", ".key", ".jks", NULL};
	size_t n = strlen(path);

	for (const char *const *e = ext; *e; e++) {
		size_t k = strlen(*e);
		if (n > k && strcasecmp(path + n - k, *e) == 0)
			return true;
	}
	return false;
}

/* True when the first bytes of fd hold a PEM private key. */
static bool holds_private_key(int fd)
{
	char head[4097];
	ssize_t n = pread(fd, head, sizeof(head) - 1, 0);

	if (n <= 0)
		return false;
	head[n] = '\0';
	return memmem(head, (size_t)n, "PRIVATE KEY-----", 16) != NULL;
}

/* One evidence file: inside the project, there, a readable regular file, not a key. */
static void check_evidence(struct run *r, const struct answer *x, const struct evidence *e)
{
	char *full = path_join(r->root, e->path), *real = NULL;
	size_t n = strlen(r->root);
	struct stat st;
	int fd = -1;

	if (lstat(full, &st) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			/* TRANSLATORS: in the messages about evidence: an evidence path, then a
			   requirement id (then why it cannot be read). */
			about(r, x, DIAG_ERROR, e->at, "evidence-missing",
				tr(r->en, N_("evidence "
					     "'%s' of %s does not exist")),
				e->path, x->id);
		else
			about(r, x, DIAG_ERROR, e->at, "evidence-unreadable",
				tr(r->en, N_("evidence '%s' of %s cannot be read: %s")), e->path,
				x->id, strerror(errno));
		goto out;
	}
	real = realpath(full, NULL);
	if (!real) {
		if (errno == ENOENT)
			about(r, x, DIAG_ERROR, e->at, "evidence-missing",
				tr(r->en, N_("evidence "
					     "'%s' of %s is a symbolic link to nothing")),
				e->path, x->id);
		else
			about(r, x, DIAG_ERROR, e->at, "evidence-unreadable",
				tr(r->en, N_("evidence '%s' of %s cannot be read: %s")), e->path,
				x->id, strerror(errno));
		goto out;
	}
	if (strncmp(real, r->root, n) != 0 || (real[n] != '/' && strcmp(r->root, "/") != 0)) {
		/* TRANSLATORS: an evidence path, a requirement id, then where the path leads. */
		about(r, x, DIAG_ERROR, e->at, "evidence-outside-project",
			tr(r->en, N_("evidence "
				     "'%s' of %s leads outside the project (to '%s')")),
			e->path, x->id, real);
		goto out;
	}
	if (stat(real, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			about(r, x, DIAG_ERROR, e->at, "evidence-unreadable",
				tr(r->en, N_("evidence '%s' of %s is not a regular file (a "
					     "directory)")),
				e->path, x->id);
		else
			about(r, x, DIAG_ERROR, e->at, "evidence-unreadable",
				tr(r->en, N_("evidence '%s' of %s is not a regular file")), e->path,
				x->id);
		goto out;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		about(r, x, DIAG_ERROR, e->at, "evidence-unreadable",
			tr(r->en, N_("evidence '%s' "
				     "of %s cannot be read: %s")),
			e->path, x->id, strerror(errno));
		goto out;
	}
	if (is_key_file(e->path) || holds_private_key(fd))
		about(r, x, DIAG_ERROR, e->at, "evidence-private-key",
			tr(r->en, N_("evidence '%s' "
				     "of %s holds or looks like private key material, which must "
				     "never be "
				     "submitted")),
			e->path, x->id);
	else if (st.st_size == 0)
		about(r, x, DIAG_WARNING, e->at, "evidence-empty",
			tr(r->en, N_("evidence '%s' of "
				     "%s is empty")),
			e->path, x->id);
out:
	if (fd >= 0)
		close(fd);
	free(real);
	free(full);
}

/* The requirement's title in the language of the findings (else English), or its id. */
static const char *text_or_id(const struct run *r, const struct requirement *q)
{
	enum lang l = r->en ? LANG_EN : i18n_lang();

	return q->title.s[l] ? q->title.s[l] : q->title.s[LANG_EN] ? q->title.s[LANG_EN] : q->id;
}

/* The state of a requirement that has an answer other than open, with its findings. */
static enum req_state judge_status(
	struct run *r, const struct requirement *q, const struct answer *x)
{
	enum diag_sev sev = q->level == LEVEL_MANDATORY ? DIAG_ERROR : DIAG_WARNING;
	const struct waiver *w = x->waiver;

	switch (x->status) {
	case ST_COMPLIANT:
		return RS_COMPLIANT;
	case ST_NOT_APPLICABLE:
		/* Refused ones were reported by answers_lint. */
		return q->na_allowed && x->justification ? RS_NA : RS_NOT_COMPLIANT;
	default:
		break;
	}
	if (w && w->expires[0] && strcmp(w->expires, r->today) < 0) {
		/* TRANSLATORS: a requirement id, the date YYYY-MM-DD, the id again. */
		about(r, x, DIAG_ERROR, w->expires_at, "waiver-expired",
			tr(r->en, N_("the waiver "
				     "of %s expired on %s: renew it or make %s compliant")),
			x->id, w->expires, x->id);
		return RS_NOT_COMPLIANT;
	}
	if (w && w->expires[0]) {
		/* TRANSLATORS: a requirement id, its status as written in the answers (partial,
		   planned, non-compliant), who accepted the risk, the date YYYY-MM-DD. */
		about(r, x, DIAG_NOTE, w->at, "waiver-active",
			tr(r->en, N_("%s is %s; the risk is "
				     "accepted by %s until %s")),
			x->id, ans_status_name(x->status), w->approver ? w->approver : "?",
			w->expires);
		return RS_WAIVED;
	}
	if (!w && q->level == LEVEL_MANDATORY)
		/* TRANSLATORS: a requirement id, its title, its status as written in the answers
		   (partial, planned, non-compliant). */
		about(r, x, sev, x->status_at, "answer-not-compliant",
			tr(r->en, N_("%s (%s) is "
				     "mandatory and %s: it must be compliant, or its risk accepted "
				     "with a "
				     "waiver")),
			x->id, text_or_id(r, q), ans_status_name(x->status));
	else if (!w)
		/* TRANSLATORS: a requirement id, its title, its status as written in the answers
		   (partial, planned, non-compliant). */
		about(r, x, sev, x->status_at, "answer-not-compliant",
			tr(r->en, N_("%s (%s) is "
				     "recommended and %s: it must be compliant to follow the "
				     "recommendation")),
			x->id, text_or_id(r, q), ans_status_name(x->status));
	return RS_NOT_COMPLIANT;
}

/* review-stale on the page a bundle carries: its words of old, for any count. */
#define REVIEW_STALE                                                                               \
	"%s was last reviewed on %s; it is reviewed every %d months, so it "                       \
	"was due by %s"

static void judge_review(struct run *r, const struct requirement *q, const struct answer *x)
{
	enum diag_sev sev = q->level == LEVEL_MANDATORY ? DIAG_ERROR : DIAG_WARNING;
	char due[11];

	if (x->reviewed[0]) {
		if (strcmp(x->reviewed, r->today) > 0)
			/* TRANSLATORS: a requirement id, then two dates YYYY-MM-DD; 'reviewed' is
			   the key in the answers, as written there. */
			about(r, x, DIAG_ERROR, x->reviewed_at, "review-future",
				tr(r->en, N_("%s: "
					     "'reviewed' %s is in the future (today is %s)")),
				x->id, x->reviewed, r->today);
		else if (date_add_months(x->reviewed, q->review_months, due) &&
			 strcmp(due, r->today) < 0)
			about(r, x, sev, x->reviewed_at, "review-stale",
				r->en ? REVIEW_STALE :
				      /* TRANSLATORS: a requirement id, a date YYYY-MM-DD, the
					 months between reviews (the plural's count), the date it
					 was due. */
					ngettext("%s was last reviewed on %s; it is reviewed every "
						 "%d month, "
						 "so it was due by %s",
						"%s was last reviewed on %s; it is reviewed "
						"every %d months, so it was due by %s",
						(unsigned long)q->review_months),
				x->id, x->reviewed, q->review_months, due);
		return;
	}
	if (x->status != ST_COMPLIANT)
		return;
	if (q->answer == ANSWER_STATUS_AND_DATE)
		/* TRANSLATORS: 'reviewed: YYYY-MM-DD' is written in the answers as it is here. */
		about(r, x, sev, x->status_at, "review-missing",
			tr(r->en, N_("%s asks for a date: "
				     "give it in 'reviewed: YYYY-MM-DD'")),
			x->id);
	else
		/* TRANSLATORS: 'reviewed: YYYY-MM-DD' is written in the answers as it is here. */
		about(r, x, DIAG_WARNING, x->status_at, "review-missing",
			tr(r->en, N_("%s has no "
				     "review date: say when it was last reviewed in 'reviewed: "
				     "YYYY-MM-DD'")),
			x->id);
}

/* answer-missing: q's answer x is open, or (x NULL) there is none. */
static void judge_open(struct run *r, const struct requirement *q, const struct answer *x)
{
	enum diag_sev sev = q->level == LEVEL_MANDATORY ? DIAG_ERROR : DIAG_WARNING;
	bool must = q->level == LEVEL_MANDATORY;

	if (x)
		about(r, x, sev, x->status_at, "answer-missing",
			must ? tr(r->en,
				       /* TRANSLATORS: in the four messages of an unanswered
					  requirement: its id, then its title. */
				       N_("%s (%s) is mandatory and still open"))
			     : tr(r->en, N_("%s (%s) is "
					    "recommended and still open")),
			q->id, text_or_id(r, q));
	else
		diag_add_about(r->d, q->id, sev, r->a->file, r->a->answers_at.line,
			r->a->answers_at.col, "answer-missing",
			must ? tr(r->en, N_("%s (%s) is "
					    "mandatory and not answered"))
			     : tr(r->en, N_("%s (%s) is recommended and "
					    "not answered")),
			q->id, text_or_id(r, q));
}

static void judge(struct run *r, struct req_result *rr)
{
	const struct requirement *q = rr->req;
	const struct answer *x = rr->ans;
	enum diag_sev sev = q->level == LEVEL_MANDATORY ? DIAG_ERROR : DIAG_WARNING;

	if (!x || x->status == ST_OPEN) {
		rr->state = RS_OPEN;
		judge_open(r, q, x);
		return;
	}
	rr->state = judge_status(r, q, x);
	/* Paths outside the project: answers_lint said why. */
	for (size_t i = 0; i < x->nevidence; i++)
		if (!r->o->no_files && !evidence_path_outside(x->evidence[i].path))
			check_evidence(r, x, &x->evidence[i]);
	if (x->status == ST_COMPLIANT && q->evidence_required && !x->nevidence)
		/* TRANSLATORS: a requirement id, then the kinds of evidence it asks for, as the
		   requirement set writes them; 'evidence' is the key in the answers. */
		about(r, x, sev, x->status_at, "evidence-missing",
			tr(r->en, N_("%s is compliant "
				     "but lists no evidence; it requires some (%s) under "
				     "'evidence'")),
			x->id, q->evidence_kinds ? q->evidence_kinds : tr(r->en, N_("any")));
	if (x->status == ST_COMPLIANT && q->answer == ANSWER_TEXT &&
		(!x->note || !x->note[strspn(x->note, " \t\r\n")]))
		/* TRANSLATORS: 'note' is the key in the answers, as written there. */
		about(r, x, sev, x->status_at, "answer-text-missing",
			tr(r->en, N_("%s asks for a "
				     "text answer: give it in 'note'")),
			x->id);
	judge_review(r, q, x);
}

static void check_organisation(struct run *r)
{
	const struct answers *a = r->a;
	const struct check_opts *o = r->o;
	char want[16], got[16];

	if (o->org_kbo && a->org_kbo && strcmp(o->org_kbo, a->org_kbo) != 0) {
		kbo_format(o->org_kbo, want, sizeof(want));
		kbo_format(a->org_kbo, got, sizeof(got));
		diag_add(r->d, DIAG_ERROR, a->file, a->kbo_at.line, a->kbo_at.col,
			/* TRANSLATORS: two KBO numbers, then the project's cot.yaml. */
			"answers-org-mismatch",
			tr(r->en, N_("these answers are for KBO %s, but the "
				     "project is KBO %s (%s)")),
			got, want, o->config_file ? o->config_file : "cot.yaml");
	}
	if (o->org_name && a->org_name && strcmp(o->org_name, a->org_name) != 0)
		diag_add(r->d, DIAG_WARNING, a->file, a->org_at.line, a->org_at.col,
			/* TRANSLATORS: two names of organisations. */
			"answers-org-mismatch",
			tr(r->en, N_("these answers are for '%s', but the "
				     "project is '%s'")),
			a->org_name, o->org_name);
}

/* Answers to each requirement (NULL: none), indexed like rs->reqs; reports those not needed. */
static const struct answer **answers_by_req(struct run *r)
{
	const struct answer **by = xcalloc(r->rs->nreqs, sizeof(*by));

	if (!set_matches(r->a, r->rs))
		return by;
	for (size_t i = 0; i < r->a->n; i++) {
		const struct answer *x = &r->a->v[i];
		const struct requirement *q = reqset_get(r->rs, x->id);
		if (!q)
			continue;
		by[q - r->rs->reqs] = x;
		if (!(q->routes & (1u << r->o->route)))
			/* TRANSLATORS: a requirement id, then the route id (direct, vitalink). */
			about(r, x, DIAG_WARNING, x->at, "answer-not-required",
				tr(r->en, N_("%s is "
					     "not asked on route %s; this answer is not needed")),
				x->id, route_name(r->o->route));
		else if (!(q->kinds & (1u << r->o->kind)))
			/* TRANSLATORS: a requirement id, then the kind id (organisation, vendor).
			 */
			about(r, x, DIAG_WARNING, x->at, "answer-not-required",
				tr(r->en, N_("%s is "
					     "not asked of kind %s; this answer is not needed")),
				x->id, kind_name(r->o->kind));
	}
	return by;
}

static void summarise(const struct reqset *rs, struct check_result *res)
{
	size_t *slot = xcalloc(rs->ncats, sizeof(*slot));

	res->cats = xcalloc(rs->ncats, sizeof(*res->cats));
	for (size_t i = 0; i < res->nreqs; i++) {
		const struct req_result *rr = &res->reqs[i];
		res->n[rr->state]++;
		if (rr->state != RS_OPEN)
			res->answered++;
		if (rr->req->cat >= 0)
			slot[rr->req->cat] = 1;
	}
	/* Categories in the set's order, those with applicable requirements only. */
	for (size_t k = 0; k < rs->ncats; k++)
		if (slot[k]) {
			slot[k] = res->ncats;
			res->cats[res->ncats++].cat = &rs->cats[k];
		}
	for (size_t i = 0; i < res->nreqs; i++) {
		const struct req_result *rr = &res->reqs[i];
		struct cat_result *cr;
		if (rr->req->cat < 0)
			continue;
		cr = &res->cats[slot[rr->req->cat]];
		cr->n[rr->state]++;
		cr->total++;
		cr->errors += rr->errors;
	}
	free(slot);
}

/* Counts each requirement's findings (those added since first). */
static void count_findings(const struct reqset *rs, struct check_result *res, size_t *rr_of,
	const struct diag_list *d, size_t first)
{
	for (size_t i = first; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		const struct requirement *q;
		struct req_result *rr;
		if (!x->subject || !(q = reqset_get(rs, x->subject)) ||
			rr_of[q - rs->reqs] == SIZE_MAX)
			continue;
		rr = &res->reqs[rr_of[q - rs->reqs]];
		if (x->sev == DIAG_ERROR)
			rr->errors++;
		else if (x->sev == DIAG_WARNING)
			rr->warnings++;
	}
}

/* nothing-answered on the page a bundle carries: its words of old, for any count. */
#define NOTHING_ANSWERED                                                                           \
	"none of the %zu applicable requirements is answered: answers "                            \
	"that answer nothing are never ready"

void checklist_check(const struct reqset *rs, const struct answers *a, const struct check_opts *o,
	struct check_result *res, struct diag_list *d)
{
	struct run r = {rs, a, o, d, "", NULL, o->english};
	const struct answer **by;
	size_t first = d->n, *rr_of;

	memset(res, 0, sizeof(*res));
	date_format(o->now, r.today);
	r.root = realpath(o->root ? o->root : ".", NULL);
	if (!r.root)
		r.root = strdup(o->root ? o->root : ".");
	if (!r.root)
		mem_die();
	lint_answers(a, rs, r.en, d);
	check_organisation(&r);
	by = answers_by_req(&r);
	rr_of = xcalloc(rs->nreqs, sizeof(*rr_of));
	res->reqs = xcalloc(rs->nreqs, sizeof(*res->reqs));
	for (size_t i = 0; i < rs->nreqs; i++) {
		const struct requirement *q = &rs->reqs[i];
		rr_of[i] = SIZE_MAX;
		/* A duplicate id is reported by reqset_lint; judge the first only. */
		if (!req_applies(q, o->route, o->kind) || reqset_get(rs, q->id) != q)
			continue;
		rr_of[i] = res->nreqs;
		res->reqs[res->nreqs].req = q;
		res->reqs[res->nreqs].ans = by[i];
		judge(&r, &res->reqs[res->nreqs]);
		res->nreqs++;
	}
	count_findings(rs, res, rr_of, d, first);
	summarise(rs, res);
	/* A run that judged no answer is an error, never a pass: recommended ones only warn. */
	if (res->nreqs && !res->answered)
		diag_add(d, DIAG_ERROR, a->file, a->answers_at.line, a->answers_at.col,
			"nothing-answered",
			r.en ? NOTHING_ANSWERED :
			     /* TRANSLATORS: the applicable requirements (the plural's count). */
				ngettext("none of the %zu applicable requirements is answered: "
					 "answers "
					 "that answer nothing are never ready",
					"none of the %zu applicable requirements "
					"is answered: answers that answer nothing are never ready",
					res->nreqs),
			res->nreqs);
	res->errors = d->errors;
	res->warnings = d->warnings;
	res->ready = res->nreqs > 0 && d->errors == 0;
	free(rr_of);
	free((void *)by);
	free(r.root);
}

void check_result_release(struct check_result *res)
{
	free(res->reqs);
	free(res->cats);
	memset(res, 0, sizeof(*res));
}

void check_opts_project(const struct project *p, time_t now, struct check_opts *o)
{
	*o = (struct check_opts){.root = p->root,
		.route = p->cfg.route,
		.kind = p->cfg.kind,
		.now = now,
		.org_kbo = p->cfg.kbo,
		.org_name = p->cfg.name,
		.config_file = p->config_path};
}

void checklist_input_load(const struct project *p, struct checklist_input *in)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	const char *name = p->cfg.answers ? p->cfg.answers : "checklist.yaml";
	char *answers = path_join(p->root, name), *set = NULL;

	*in = (struct checklist_input)CHECKLIST_INPUT_INIT;
	d.max = CHECKLIST_MAX_FINDINGS;
	snprintf(in->file, sizeof(in->file), "%s", name);
	if (checklist_project_set(p, &set, &err) || reqset_load(set, NULL, &in->rs, &d, &err)) {
		snprintf(in->problem, sizeof(in->problem), "%.900s",
			err.code ? err.msg : _("the requirement set has errors"));
		reqset_release(&in->rs);
		goto out;
	}
	in->set_ok = true;
	in->answers_rc = answers_load(answers, in->file, &in->a, &d, &err);
	if (in->answers_rc && err.code)
		snprintf(in->problem, sizeof(in->problem), "%.900s", err.msg);
	else if (in->answers_rc)
		/* TRANSLATORS: the answers file, then its errors (the plural's count). */
		snprintf(in->problem, sizeof(in->problem),
			ngettext("%s has %u format error", "%s has %u format errors", d.errors),
			in->file, d.errors);
out:
	in->errors = d.errors;
	in->warnings = d.warnings;
	free(set);
	free(answers);
	diag_list_release(&d);
}

void checklist_input_release(struct checklist_input *in)
{
	reqset_release(&in->rs);
	answers_release(&in->a);
	in->set_ok = false;
}

void checklist_summarise_input(const struct project *p, const struct checklist_input *in,
	time_t now, struct checklist_summary *s)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct check_result res;
	struct check_opts o;

	memset(s, 0, sizeof(*s));
	snprintf(s->file, sizeof(s->file), "%s", in->file);
	if (in->set_ok)
		snprintf(s->set, sizeof(s->set), "%s %s", in->rs.id, in->rs.version);
	if (in->problem[0]) {
		snprintf(s->problem, sizeof(s->problem), "%s", in->problem);
		return;
	}
	/* Reading both added no error, only these warnings: the check counts them too. The
	 * summary shows the first error and counts the rest: only it is kept (and formatted). */
	d.max = 1;
	d.keep_from = DIAG_ERROR;
	d.warnings = in->warnings;
	check_opts_project(p, now, &o);
	checklist_check(&in->rs, &in->a, &o, &res, &d);
	if (d.n)
		snprintf(s->first, sizeof(s->first), "%s:%u: %.600s",
			d.v[0].file ? d.v[0].file : s->file, d.v[0].line, d.v[0].msg);
	s->applicable = res.nreqs;
	s->answered = res.answered;
	memcpy(s->n, res.n, sizeof(s->n));
	s->errors = res.errors;
	s->warnings = res.warnings;
	s->ready = res.ready;
	if (!res.nreqs)
		/* TRANSLATORS: the set's id and version, then the route and kind ids. */
		snprintf(s->problem, sizeof(s->problem),
			_("no requirement of %s applies to route "
			  "%s, kind %s"),
			s->set, route_name(p->cfg.route), kind_name(p->cfg.kind));
	check_result_release(&res);
	diag_list_release(&d);
}

void checklist_summarise(const struct project *p, time_t now, struct checklist_summary *s)
{
	struct checklist_input in;

	checklist_input_load(p, &in);
	checklist_summarise_input(p, &in, now, s);
	checklist_input_release(&in);
}

/* --- the skeleton ---------------------------------------------------------- */

/* A comment's text on one line: line ends and control characters become spaces. */
static void add_comment_text(struct buf *b, const char *s)
{
	for (; s && *s; s++)
		buf_add(b, (unsigned char)*s < 0x20 || *s == 0x7f ? " " : s, 1);
}

struct skel_words {
	const char *header, *mandatory, *recommended, *evidence, *review, *na, *date, *text;
};

/* Indexed by enum lang: en, nl, fr. */
static const struct skel_words skel_words[LANG_COUNT] = {
	{"# Security checklist of $1: the answers to \"$2\" ($3 $4).\n"
	 "# For each requirement set 'status' to compliant, partial, planned,\n"
	 "# non-compliant, not-applicable (only where allowed, with a 'justification')\n"
	 "# or open (not answered yet), and add what it asks for:\n"
	 "#   owner: \"NAME\"             who is responsible for it\n"
	 "#   evidence: [evidence/FILE] files inside the project that show it\n"
	 "#   reviewed: YYYY-MM-DD      when it was last reviewed (or the date asked for)\n"
	 "#   note: \"TEXT\"              a remark, or the answer where a text is asked for\n"
	 "# A non-compliance can carry an accepted risk:\n"
	 "#   waiver: {justification: \"WHY\", approver: \"WHO\", expires: YYYY-MM-DD}\n"
	 "# Then run 'cot check': it says, requirement by requirement, what is missing.\n",
		"mandatory", "recommended", "evidence", "review every $1 months",
		"not-applicable allowed", "give the date in 'reviewed'", "give the text in 'note'"},
	{"# Veiligheidschecklist van $1: de antwoorden op \"$2\" ($3 $4).\n"
	 "# Zet bij elke vereiste 'status' op compliant, partial, planned,\n"
	 "# non-compliant, not-applicable (alleen waar toegestaan, met 'justification')\n"
	 "# of open (nog niet beantwoord), en voeg toe wat gevraagd wordt:\n"
	 "#   owner: \"NAAM\"             wie ervoor verantwoordelijk is\n"
	 "#   evidence: [evidence/BESTAND] bestanden in het project die het aantonen\n"
	 "#   reviewed: JJJJ-MM-DD      wanneer het laatst herzien is (of de gevraagde datum)\n"
	 "#   note: \"TEKST\"             een opmerking, of het antwoord waar tekst gevraagd "
	 "wordt\n"
	 "# Een niet-naleving kan een aanvaard risico dragen:\n"
	 "#   waiver: {justification: \"WAAROM\", approver: \"WIE\", expires: JJJJ-MM-DD}\n"
	 "# Voer daarna 'cot check' uit: het zegt per vereiste wat nog ontbreekt.\n",
		"verplicht", "aanbevolen", "bewijs", "herzien elke $1 maanden",
		"niet-van-toepassing toegestaan", "geef de datum in 'reviewed'",
		"geef de tekst in 'note'"},
	{"# Check-list de sécurité de $1 : les réponses à « $2 » ($3 $4).\n"
	 "# Pour chaque exigence, mettez 'status' à compliant, partial, planned,\n"
	 "# non-compliant, not-applicable (seulement si permis, avec 'justification')\n"
	 "# ou open (pas encore répondu), et ajoutez ce qui est demandé :\n"
	 "#   owner: \"NOM\"              qui en est responsable\n"
	 "#   evidence: [evidence/FICHIER] fichiers du projet qui le montrent\n"
	 "#   reviewed: AAAA-MM-JJ      date de la dernière revue (ou la date demandée)\n"
	 "#   note: \"TEXTE\"             une remarque, ou la réponse si un texte est demandé\n"
	 "# Une non-conformité peut porter un risque accepté :\n"
	 "#   waiver: {justification: \"POURQUOI\", approver: \"QUI\", expires: AAAA-MM-JJ}\n"
	 "# Lancez ensuite 'cot check' : il dit, exigence par exigence, ce qui manque.\n",
		"obligatoire", "recommandé", "preuve", "à revoir tous les $1 mois",
		"non applicable permis", "donnez la date dans 'reviewed'",
		"donnez le texte dans 'note'"},
};

/* Appends tmpl with $1 to $4 replaced by args[0] to args[3]. */
static void add_subst(struct buf *b, const char *tmpl, const char *const *args, int nargs)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '$' && p[1] >= '1' && p[1] < '1' + nargs) {
			buf_adds(b, args[p[1] - '1']);
			p++;
		} else {
			buf_add(b, p, 1);
		}
	}
}

static const char *ltext_in(const struct ltext *t, enum lang l)
{
	return t->s[l] ? t->s[l] : t->s[LANG_EN] ? t->s[LANG_EN] : "";
}

static void add_requirement(struct buf *b, const struct requirement *q, enum lang l)
{
	const struct skel_words *w = &skel_words[l];
	char months[16];
	const char *args[] = {months};

	buf_addf(b, "\n  # %s ", q->id);
	add_comment_text(b, ltext_in(&q->title, l));
	buf_addf(b, "\n  # %s", q->level == LEVEL_MANDATORY ? w->mandatory : w->recommended);
	if (q->evidence_required) {
		buf_addf(b, "; %s: ", w->evidence);
		add_comment_text(b, q->evidence_kinds);
	}
	snprintf(months, sizeof(months), "%d", q->review_months);
	buf_adds(b, "; ");
	add_subst(b, w->review, args, 1);
	if (q->na_allowed)
		buf_addf(b, "; %s", w->na);
	if (q->answer == ANSWER_STATUS_AND_DATE)
		buf_addf(b, "; %s", w->date);
	else if (q->answer == ANSWER_TEXT)
		buf_addf(b, "; %s", w->text);
	buf_addf(b, "\n  %s:\n    status: open\n", q->id);
}

/* A copy of s fit for a comment line; the caller frees. */
static char *comment_dup(const char *s)
{
	struct buf b = BUF_INIT;
	char *p;

	buf_adds(&b, "");
	add_comment_text(&b, s);
	p = buf_detach(&b, NULL);
	if (!p)
		mem_die();
	return p;
}

char *answers_skeleton(
	const struct reqset *rs, const struct cot_config *cfg, const char *schema_ref)
{
	struct buf b = BUF_INIT;
	enum lang l = cfg->lang;
	char *name = comment_dup(cfg->name), *title = comment_dup(ltext_in(&rs->title, l));
	char *id = comment_dup(rs->id), *version = comment_dup(rs->version);
	int last_cat = -2;
	size_t n = 0;

	if (schema_ref) {
		buf_adds(&b, "# yaml-language-server: $schema=");
		add_comment_text(&b, schema_ref);
		buf_adds(&b, "\n");
	}
	add_subst(&b, skel_words[l].header, (const char *const[]){name, title, id, version}, 4);
	buf_adds(&b, "format: " ANSWERS_FORMAT "\nrequirements: {id: ");
	ytext_quote(&b, rs->id);
	buf_adds(&b, ", version: ");
	ytext_quote(&b, rs->version);
	buf_adds(&b, "}\norganisation:\n  name: ");
	ytext_quote(&b, cfg->name);
	buf_adds(&b, "\n  kbo: ");
	ytext_quote(&b, cfg->kbo);
	buf_adds(&b, "\nanswers:");
	for (size_t i = 0; i < rs->nreqs; i++) {
		const struct requirement *q = &rs->reqs[i];
		if (!req_applies(q, cfg->route, cfg->kind))
			continue;
		if (!n++)
			buf_adds(&b, "\n");
		if (q->cat != last_cat) {
			last_cat = q->cat;
			buf_adds(&b, "\n  # ---- ");
			add_comment_text(
				&b, q->cat >= 0 ? ltext_in(&rs->cats[q->cat].title, l) : "");
			buf_adds(&b, " ----\n");
		}
		add_requirement(&b, q, l);
	}
	if (!n)
		buf_adds(&b, " {}\n");
	free(name);
	free(title);
	free(id);
	free(version);
	return buf_detach(&b, NULL);
}
