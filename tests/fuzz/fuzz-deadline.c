/* libFuzzer harness: the deadlines of a project whose answers and journal are the input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/clock.h"
#include "cot/deadline.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1799539200 /* 2027-01-10 */

static char root[64];

static void cleanup(void)
{
	static const char *const names[] = {"set.yaml", "checklist.yaml", ".cot/journal", ".cot", ""};
	char path[128];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, names[i]);
		if (remove(path) && i + 1 == sizeof(names) / sizeof(names[0]))
			rmdir(root);
	}
}

/* A project directory once per process: the mini set, the answers and the journal rewritten. */
static void setup(void)
{
	char path[128];
	FILE *f;

	if (root[0])
		return;
	snprintf(root, sizeof(root), "/tmp/cot-fuzz-deadline-%ld", (long)getpid());
	snprintf(path, sizeof(path), "%s/.cot", root);
	if ((mkdir(root, 0700) && access(root, W_OK)) || (mkdir(path, 0700) && access(path, W_OK)))
		abort();
	snprintf(path, sizeof(path), "%s/set.yaml", root);
	if (!(f = fopen(path, "w")) || fputs(fuzz_mini_text, f) < 0 || fclose(f))
		abort();
	atexit(cleanup);
}

static void put(const char *name, const uint8_t *data, size_t size)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	if (!(f = fopen(path, "w")) || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
}

/* What every deadline promises: a real date, its days from today, a uid of this KBO, sorted. */
static void check_list(const struct deadline_list *l)
{
	time_t today = NOW, t;
	char text[1024];

	for (size_t i = 0; i < l->n; i++) {
		const struct deadline *d = &l->v[i];
		const char *at = strchr(d->uid, '@');

		if (!date_parse(d->date, &t) || days_between(today, t) != d->days)
			abort();
		if (d->opens[0] && (!date_parse(d->opens, &t) || strcmp(d->opens, d->date) > 0))
			abort();
		if (!at || strcmp(at + 1, "0809394427") || deadline_overdue(d) != (d->days < 0))
			abort();
		if (i && strcmp(l->v[i - 1].date, d->date) > 0)
			abort();
		deadline_text(d, text, sizeof(text));
		if (!text[0] || !strcmp(deadline_kind_name(d->kind), "?"))
			abort();
	}
}

/* The input: the answers, a NUL byte, then the journal (one JSON record a line). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t na = nul ? (size_t)(nul - data) : size;
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct deadline_list l = DEADLINE_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char jpath[128];

	setup();
	put("checklist.yaml", data, na);
	put(".cot/journal", nul ? nul + 1 : data, nul ? size - na - 1 : 0);
	snprintf(jpath, sizeof(jpath), "%s/.cot/journal", root);
	p.root = root;
	strcpy(p.cfg.kbo, "0809394427");
	p.cfg.route = ROUTE_DIRECT;
	p.cfg.kind = KIND_ORGANISATION;
	p.cfg.requirements = "set.yaml";
	p.cfg.answers = "checklist.yaml";
	if (journal_load(jpath, &j, &err) == COT_OK) {
		if (deadline_collect(&p, &j, NOW, &l, &err) != COT_OK)
			abort(); /* only out of memory fails */
		check_list(&l);
		deadline_list_release(&l);
	}
	journal_release(&j);
	return 0;
}
