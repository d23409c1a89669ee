/* libFuzzer harness: requirement sets through the reader, schema, lint, the skeleton, reports. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/checklist.h"
#include "cot/report.h"
#include "fuzz-common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A clean set's skeleton must read back as answers without a single error. */
static void skeleton_reads_back(const struct reqset *rs)
{
	struct cot_config cfg = {0};
	struct diag_list d = DIAG_LIST_INIT;
	struct answers a = ANSWERS_INIT;
	struct ynode *root = NULL;
	char *text;

	cfg.name = "Zorg \"vzw\"\n# not: a key \\ \x01";
	strcpy(cfg.kbo, "0809394427");
	cfg.route = ROUTE_DIRECT;
	cfg.lang = LANG_FR;
	text = answers_skeleton(rs, &cfg, "/x/answers.schema.json\nformat: injected");
	if (!text)
		return;
	if (ydoc_parse("skeleton.yaml", text, strlen(text), NULL, &root, &d) != COT_OK ||
		answers_from_tree("skeleton.yaml", root, &a, &d) != COT_OK ||
		strcmp(a.org_name, cfg.name) != 0)
		abort(); /* the skeleton of a clean set is malformed: a bug */
	fuzz_check_and_report(rs, &a, &d);
	ynode_free(root);
	answers_release(&a);
	diag_list_release(&d);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct diag_list d = DIAG_LIST_INIT;
	struct reqset rs = REQSET_INIT;
	struct ynode *root = NULL;

	d.max = CHECKLIST_MAX_FINDINGS;
	if (ydoc_parse("fuzz.yaml", (const char *)data, size, &lim, &root, &d) == COT_OK) {
		int rc = reqset_from_tree("fuzz.yaml", root, &rs, &d);
		reqset_lint(&rs, &d);
		if (rc == COT_OK && d.errors == 0 && rs.id && rs.version)
			skeleton_reads_back(&rs);
	}
	ynode_free(root);
	reqset_release(&rs);
	diag_list_release(&d);
	return 0;
}
