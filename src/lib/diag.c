/* The findings sink: collects located diagnostics and prints them gcc-style. */
#include <stdlib.h>
#include <string.h>
#include "cot/buf.h"
#include "cot/diag.h"

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void diag_vadd(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT;
	struct diag *x;

	if (d->n == d->alloc) {
		size_t alloc = d->alloc ? d->alloc * 2 : 16;
		struct diag *v = realloc(d->v, alloc * sizeof(*v));
		if (!v)
			abort(); /* a finding lost would be a lie: no way to go on */
		d->v = v;
		d->alloc = alloc;
	}
	buf_vaddf(&msg, fmt, ap);
	x = &d->v[d->n++];
	x->sev = sev;
	x->file = dup_or_null(file);
	x->line = line;
	x->col = col;
	x->rule = dup_or_null(rule);
	x->msg = buf_detach(&msg, NULL);
	if (!x->msg)
		x->msg = strdup("(message too long)");
	if (sev == DIAG_ERROR)
		d->errors++;
	else if (sev == DIAG_WARNING)
		d->warnings++;
	else
		d->notes++;
}

void diag_add(struct diag_list *d, enum diag_sev sev, const char *file, unsigned line,
	unsigned col, const char *rule, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, sev, file, line, col, rule, fmt, ap);
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

static const char *sev_color(enum diag_sev sev)
{
	return sev == DIAG_ERROR ? "\033[1;31m" : sev == DIAG_WARNING ? "\033[1;35m" : "\033[1;36m";
}

void diag_print_text(FILE *f, const struct diag_list *d, bool color)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *x = &d->v[i];
		if (x->file) {
			fputs(x->file, f);
			if (x->line)
				fprintf(f, ":%u:%u", x->line, x->col ? x->col : 1);
			fputs(": ", f);
		} else {
			fputs("cot: ", f);
		}
		fprintf(f, "%s%s:%s %s", color ? sev_color(x->sev) : "", diag_sev_name(x->sev),
			color ? "\033[0m" : "", x->msg);
		if (x->rule)
			fprintf(f, " [%s]", x->rule);
		fputc('\n', f);
	}
}

void diag_list_release(struct diag_list *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].rule);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}
