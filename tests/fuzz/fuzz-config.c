/* libFuzzer harness: cot.yaml through the strict loader, and what it accepts through the writer and
 * back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/i18n.h"
#include "cot/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_list(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

static bool same_contact(const struct contact *a, const struct contact *b)
{
	return same_str(a->name, b->name) && same_str(a->email, b->email) &&
	       same_str(a->phone, b->phone);
}

/* What cot writes for an accepted profile reads back as the same profile, without a finding. */
static void round_trip(const struct cot_config *cfg)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_config again;
	char *text = config_render(cfg);

	if (!text)
		abort();
	if (config_parse("render.yaml", text, strlen(text), &again, &d) != COT_OK || d.errors)
		abort();
	if (!same_str(again.name, cfg->name) || strcmp(again.kbo, cfg->kbo) != 0 ||
		strcmp(again.nihii, cfg->nihii) != 0 || again.route != cfg->route ||
		again.kind != cfg->kind || again.lang != cfg->lang ||
		!same_contact(&again.security_officer, &cfg->security_officer) ||
		!same_contact(&again.legal_representative, &cfg->legal_representative) ||
		!same_contact(&again.it_vendor, &cfg->it_vendor) ||
		!same_str(again.requirements, cfg->requirements) ||
		!same_str(again.answers, cfg->answers) ||
		!same_str(again.cert_env, cfg->cert_env) || !same_list(&again.trust, &cfg->trust) ||
		!same_str(again.submit_to, cfg->submit_to) ||
		!same_str(again.submit_from, cfg->submit_from) ||
		!same_str(again.smtp_url, cfg->smtp_url) ||
		!same_str(again.whitelist_url, cfg->whitelist_url) ||
		!same_str(again.whitelist_file, cfg->whitelist_file) ||
		!same_list(&again.whitelist_trust, &cfg->whitelist_trust))
		abort();
	config_release(&again);
	diag_list_release(&d);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_config cfg;
	enum lang l = LANG_EN;
	int rc = config_parse("cot.yaml", (const char *)data, size, &cfg, &d);

	if (rc == COT_OK && d.errors)
		abort(); /* accepted with an error finding */
	if (rc != COT_OK && !d.errors)
		abort(); /* refused without saying where */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].line == 0 || d.v[i].col == 0 || !d.v[i].rule || !d.v[i].msg)
			abort(); /* every finding is located, 1-based */
	if (rc == COT_OK)
		round_trip(&cfg);
	/* The lang --help reads cheaply is the one the strict loader reads, when it accepts
	   (absent: en for both). */
	i18n_config_lang((const char *)data, size, &l);
	if (rc == COT_OK && l != cfg.lang)
		abort();
	config_release(&cfg);
	diag_list_release(&d);
	return 0;
}
