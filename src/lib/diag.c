/* The findings sink: collects located diagnostics and prints them gcc-style. */
#include <stdlib.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/diag.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/mem.h"

static void count(struct diag_list *d, enum diag_sev sev)
{
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
	else
		d->notes++;
}

bool diag_keeps(const struct diag_list *d, enum diag_sev sev)
{
	return sev >= d->keep_from && (!d->max || d->n < d->max);
}

static void vadd(struct diag_list *d, const char *subject, enum diag_sev sev, const char *file,
	unsigned line, unsigned col, const char *rule, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	struct diag *x;

	count(d, sev);
	if (!diag_keeps(d, sev)) {
		d->dropped++;
		return;
	}
	if (d->n == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 16;
		struct diag *v = realloc(d->v, alloc * sizeof(*v));
		if (!v)
			mem_die();
		d->v = v;
		d->alloc = alloc;
	}
	buf_vaddf(&msg, fmt, ap);
	x = &d->v[d->n++];
	x->sev = sev;
	x->file = xstrdup(file);
	x->line = line;
	x->col = col;
	x->rule = xstrdup(rule);
	x->subject = xstrdup(subject);
	x->msg = buf_detach(&msg, NULL);
	if (!x->msg)
		x->msg = xstrdup("(message too long)");
}

void diag_vadd(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, va_list ap)
{
	vadd(d, NULL, sev, file, line, col, rule, fmt, ap);
}

void diag_add(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line, unsigned col,
	const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, NULL, sev, file, line, col, rule, fmt, ap);
	va_end(ap);
}

void diag_add_about(struct diag_list *d, const char *subject, enum diag_sev sev, const char *file,
	unsigned line, unsigned col, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, subject, sev, file, line, col, rule, fmt, ap);
	va_end(ap);
}

const char *diag_sev_name(enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	abort();
}

/* The severity's word for people, in the language spoken (i18n.h). */
static const char *diag_sev_label(enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR:
		/* TRANSLATORS: the severity of a finding: "file:1:2: error: text [rule-id]". */
		return C_("severity", "error");
	case DIAG_WARNING:
		return C_("severity", "warning");
	case DIAG_NOTE:
		return C_("severity", "note");
	}
	abort();
}

/* A finding with the rank of its file and its place in the list, for a stable sort. */
struct ranked {
	size_t file_rank, index;
	struct diag x;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->file_rank != y->file_rank)
		return x->file_rank < y->file_rank ? -1 : 1;
	if (x->x.line != y->x.line)
		return x->x.line < y->x.line ? -1 : 1;
	if (x->x.col != y->x.col)
		return x->x.col < y->x.col ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static bool same_file(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

void diag_sort(struct diag_list *d)
{
	const char **files;
	struct ranked *r;
	size_t nfiles = 0;

	if (d->n < 2)
		return;
	r = malloc(d->n * sizeof(*r));
	files = malloc(d->n * sizeof(*files));
	if (!r || !files)
		mem_die();
	for (size_t i = 0; i < d->n; i++) {
		size_t k;
		/* Files are few: a linear search of those seen is enough. */
		for (k = 0; k < nfiles; k++)
			if (same_file(files[k], d->v[i].file))
				break;
		if (k == nfiles)
			files[nfiles++] = d->v[i].file;
		r[i].file_rank = k;
		r[i].index = i;
		r[i].x = d->v[i];
	}
	qsort(r, d->n, sizeof(*r), cmp_ranked);
	for (size_t i = 0; i < d->n; i++)
		d->v[i] = r[i].x;
	free(files);
	free(r);
}

void diag_count_text(const struct diag_list *d, char *out, size_t len)
{
	struct buf b = BUF_INIT;
	char *s;

	if (d->errors)
		buf_addf(&b, ngettext("%u error", "%u errors", d->errors), d->errors);
	if (d->warnings) {
		buf_adds(&b, b.len ? ", " : "");
		buf_addf(&b, ngettext("%u warning", "%u warnings", d->warnings), d->warnings);
	}
	if (d->notes) {
		buf_adds(&b, b.len ? ", " : "");
		buf_addf(&b, ngettext("%u note", "%u notes", d->notes), d->notes);
	}
	if (!b.len)
		buf_adds(&b, _("no findings"));
	s = buf_detach(&b, NULL);
	snprintf(out, len, "%s", s ? s : "?");
	free(s);
}

static const char *sev_color(enum diag_sev sev)
{
	return sev == DIAG_ERROR ? "\033[1;31m" : sev == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

/* Appends finding x as one line: file, message and rule escaped, for they come from files. */
static void text_one(struct buf *b, const struct diag *x, bool color)
{
	if (x->file) {
		esc_text(b, x->file, strlen(x->file));
		if (x->line)
			buf_addf(b, ":%u:%u", x->line, x->col ? x->col : 1);
		buf_adds(b, ": ");
	} else {
		buf_adds(b, "cot: ");
	}
	/* TRANSLATORS: the severity and its colon: "error:" (French "erreur :"). */
	buf_addf(b, _("%s%s:%s "), color ? sev_color(x->sev) : "", diag_sev_label(x->sev),
		color ? "\033[0m" : "");
	esc_text(b, x->msg, strlen(x->msg));
	if (x->rule) {
		buf_adds(b, " [");
		esc_text(b, x->rule, strlen(x->rule));
		buf_adds(b, "]");
	}
	buf_adds(b, "\n");
}

void diag_text(struct buf *b, const struct diag_list *d, bool color)
{
	for (size_t i = 0; i < d->n; i++)
		text_one(b, &d->v[i], color);
	if (d->dropped)
		buf_addf(b,
			ngettext("cot: note: %zu more finding not shown\n",
				"cot: note: %zu more findings not shown\n", d->dropped),
			d->dropped);
}

void diag_print_text(FILE *f, const struct diag_list *d, bool color)
{
	for (size_t i = 0; i < d->n; i++) {
		struct buf b = BUF_INIT;
		text_one(&b, &d->v[i], color);
		if (b.data)
			fputs(b.data, f);
		buf_release(&b);
	}
	if (d->dropped)
		fprintf(f,
			ngettext("cot: note: %zu more finding not shown\n",
				"cot: note: %zu more findings not shown\n", d->dropped),
			d->dropped);
}

void diag_list_release(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].rule);
		free(d->v[i].msg);
		free(d->v[i].subject);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
