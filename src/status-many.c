/* cot status DIR...: one line per project, as aligned text, JSON Lines or CSV. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cot/clock.h"
#include "cot/escape.h"
#include "cot/i18n.h"
#include "cot/jsonout.h"
#include "cot/mem.h"
#include "cot/portfolio.h"
#include "cot/procedure.h"
#include "status-many.h"

#define NCOL 7

/* What to do next, in the language spoken. */
static const char *next_text(const struct portfolio_entry *e)
{
	if (e->next)
		return e->next;
	return e->todo ? _(e->todo) : procedure_done_text();
}

/* ---- text: aligned columns ---- */

/* Characters, not bytes, so that accented names keep the columns straight. */
static size_t width(const char *s)
{
	return esc_columns(s, strlen(s));
}

static void pad(const char *s, size_t w)
{
	fputs(s, stdout);
	for (size_t k = width(s); k < w; k++)
		putchar(' ');
}

/* The cells of e, escaped for a terminal: each a new string. */
static void text_cells(const struct portfolio_entry *e, char *cell[NCOL])
{
	char num[2][32];

	snprintf(num[0], sizeof(num[0]), "%ld", e->days);
	snprintf(num[1], sizeof(num[1]), "%zu", e->overdue);
	cell[0] = esc_text_str(e->path);
	cell[1] = esc_text_str(e->name ? e->name : "");
	cell[2] = xstrdup(e->rc ? "" : route_name(e->route));
	cell[3] = xstrdup(e->rc ? "" : e->step ? e->step : "-");
	cell[4] = xstrdup(e->rc || e->days < 0 ? "" : num[0]);
	cell[5] = xstrdup(e->rc ? "" : num[1]);
	cell[6] = e->rc ? esc_text_str(e->error) : xstrdup(next_text(e));
}

static void print_text(const struct cot_ctx *ctx, const struct portfolio *pf)
{
	/* TRANSLATORS: the column heads of 'cot status DIR...'; the columns line up by them. */
	const char *head[NCOL] = {_("FOLDER"), _("ORGANISATION"), _("ROUTE"), _("STEP"), _("DAYS"),
		_("OVERDUE"), _("NEXT")};
	char *(*cells)[NCOL] = xcalloc(pf->n ? pf->n : 1, sizeof(*cells));
	size_t w[NCOL];

	for (int c = 0; c < NCOL; c++)
		w[c] = width(head[c]);
	for (size_t i = 0; i < pf->n; i++) {
		text_cells(&pf->v[i], cells[i]);
		for (int c = 0; c < NCOL - 1; c++)
			if (width(cells[i][c]) > w[c])
				w[c] = width(cells[i][c]);
	}
	printf("%s", cli_color(ctx, C_BOLD));
	for (int c = 0; c < NCOL - 1; c++) {
		pad(head[c], w[c]);
		fputs("  ", stdout);
	}
	printf("%s%s\n", head[NCOL - 1], cli_color(ctx, C_RESET));
	for (size_t i = 0; i < pf->n; i++) {
		const struct portfolio_entry *e = &pf->v[i];
		for (int c = 0; c < NCOL - 1; c++) {
			pad(cells[i][c], w[c]);
			fputs("  ", stdout);
		}
		if (e->rc)
			printf("%s%s%s%s\n", cli_color(ctx, C_RED), _("error: "),
				cells[i][NCOL - 1], cli_color(ctx, C_RESET));
		else
			printf("%s\n", cells[i][NCOL - 1]);
		for (int c = 0; c < NCOL; c++)
			free(cells[i][c]);
	}
	free(cells);
}

/* ---- json: one object per line ---- */

static json_t *str(const char *s)
{
	return esc_json(s, strlen(s));
}

static json_t *entry_json(const struct portfolio_entry *e)
{
	json_t *o = json_object();

	json_object_set_new(o, "schema", json_string("cot.status-many/1"));
	json_object_set_new(o, "path", str(e->path));
	if (e->rc) {
		json_object_set_new(o, "error", str(e->error));
		json_object_set_new(o, "organisation",
			e->name ? json_pack("{s:o, s:s}", "name", str(e->name), "kbo", e->kbo)
				: json_null());
		return o;
	}
	json_object_set_new(o, "error", json_null());
	json_object_set_new(
		o, "organisation", json_pack("{s:o, s:s}", "name", str(e->name), "kbo", e->kbo));
	json_object_set_new(o, "route", json_string(route_name(e->route)));
	json_object_set_new(o, "step", e->step ? json_string(e->step) : json_null());
	json_object_set_new(o, "since", e->since[0] ? json_string(e->since) : json_null());
	json_object_set_new(o, "days", e->days >= 0 ? json_integer(e->days) : json_null());
	json_object_set_new(o, "next", str(next_text(e)));
	json_object_set_new(
		o, "blocked_by", e->blocked_by ? json_string(e->blocked_by) : json_null());
	json_object_set_new(o, "overdue", json_integer((json_int_t)e->overdue));
	return o;
}

static int print_json(const struct portfolio *pf)
{
	struct cot_err err = COT_ERR_INIT;

	for (size_t i = 0; i < pf->n; i++)
		if (json_print(stdout, entry_json(&pf->v[i]), JSON_COMPACT | JSON_PRESERVE_ORDER,
			    &err))
			return cli_err(&err);
	return COT_OK;
}

/* ---- csv: RFC 4180, CRLF ---- */

/*
 * One cell: one line (controls escaped), a leading = + - @ (or tab, CR) neutralised by a
 * quote so that a spreadsheet never runs it as a formula, and quoted when it must be.
 */
static void csv_cell(const char *s, bool last)
{
	char *t = esc_text_str(s);
	bool formula = strchr("=+-@\t\r", t[0]) && t[0];
	bool quote = formula || strpbrk(t, ",\"\r\n") || (t[0] == ' ');

	if (quote)
		putchar('"');
	if (formula)
		putchar('\'');
	for (const char *c = t; *c; c++) {
		if (*c == '"')
			putchar('"');
		putchar(*c);
	}
	if (quote)
		putchar('"');
	fputs(last ? "\r\n" : ",", stdout);
	free(t);
}

static void print_csv(const struct portfolio *pf)
{
	static const char *const head[] = {"path", "organisation", "kbo", "route", "step", "since",
		"days", "overdue", "next", "error"};
	const size_t nh = sizeof(head) / sizeof(head[0]);

	for (size_t c = 0; c < nh; c++)
		csv_cell(head[c], c == nh - 1);
	for (size_t i = 0; i < pf->n; i++) {
		const struct portfolio_entry *e = &pf->v[i];
		char days[32] = "", overdue[32] = "";
		if (!e->rc && e->days >= 0)
			snprintf(days, sizeof(days), "%ld", e->days);
		if (!e->rc)
			snprintf(overdue, sizeof(overdue), "%zu", e->overdue);
		csv_cell(e->path, false);
		csv_cell(e->name ? e->name : "", false);
		csv_cell(e->name ? e->kbo : "", false);
		csv_cell(e->rc ? "" : route_name(e->route), false);
		csv_cell(e->rc || !e->step ? "" : e->step, false);
		csv_cell(e->rc ? "" : e->since, false);
		csv_cell(days, false);
		csv_cell(overdue, false);
		csv_cell(e->rc ? "" : next_text(e), false);
		csv_cell(e->rc ? e->error : "", true);
	}
}

int status_many(struct cot_ctx *ctx, int n, char **dirs)
{
	struct portfolio pf = PORTFOLIO_INIT;
	struct cot_err err = COT_ERR_INIT;
	int rc;

	/* many projects: no html page */
	if (cli_check_format_in(
		    ctx, &cmd_status_entry, cmd_status_entry.formats & ~FMT_BIT(FMT_HTML)))
		return COT_USAGE;
	rc = portfolio_collect((const char *const *)dirs, (size_t)n, clock_now(), &pf, &err);
	if (rc)
		return cli_err(&err);
	if (ctx->format == FMT_JSON)
		rc = print_json(&pf);
	else if (ctx->format == FMT_CSV)
		print_csv(&pf);
	else
		print_text(ctx, &pf);
	if (!rc)
		rc = portfolio_failed(&pf) || portfolio_missed(&pf) ? COT_FINDINGS : COT_OK;
	portfolio_release(&pf);
	return rc;
}
