/* libFuzzer harness: answer files through the reader, the schema, lint, the check, every report. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/checklist.h"
#include "cot/report.h"
#include "fuzz-common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct reqset set;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_mini_set(&set);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ydoc_limits lim = {CHECKLIST_MAX_BYTES, CHECKLIST_MAX_DEPTH, CHECKLIST_MAX_NODES};
	struct diag_list d = DIAG_LIST_INIT;
	struct answers a = ANSWERS_INIT;
	struct ynode *root = NULL;

	d.max = CHECKLIST_MAX_FINDINGS;
	if (ydoc_parse("fuzz.yaml", (const char *)data, size, &lim, &root, &d) == COT_OK) {
		(void)checklist_kind(root);
		answers_from_tree("fuzz.yaml", root, &a, &d);
		answers_lint(&a, NULL, &d);
		fuzz_check_and_report(&set, &a, &d);
	}
	ynode_free(root);
	answers_release(&a);
	diag_list_release(&d);
	return 0;
}
