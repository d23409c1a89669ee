/* libFuzzer harness: the walk of a zip's headers (zipwalk.h), then the archive opened and its names
 * judged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "cot/asice.h"
#include "cot/zipwalk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_walk(const uint8_t *data, size_t size)
{
	struct cot_err err = COT_ERR_INIT;
	struct zipwalk w;
	int rc = zipwalk_mem(data, size, &w, &err);

	if (rc != COT_OK && rc != COT_FINDINGS && rc != COT_ENV)
		abort();
	if ((rc == COT_OK) != (w.total == 0 && rc != COT_ENV) || w.nissue > ZIPWALK_MAX_ISSUES ||
		w.n > ZIPWALK_MAX_ENTRIES || (rc == COT_OK && w.cd_offset > size))
		abort(); /* the contract of zipwalk_mem */
	for (size_t i = 0; i < w.n; i++)
		if (w.v[i].name_len > 65535 || strlen(w.v[i].name) > w.v[i].name_len)
			abort();
	zipwalk_release(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cot_err err = COT_ERR_INIT;
	struct asice_archive a;
	char why[200];

	check_walk(data, size);
	if (asice_open_mem(data, size, &a, &err) == COT_OK) {
		for (size_t i = 0; i < a.n; i++) {
			char *key = asice_name_fold(a.v[i].name);
			asice_name_bad(a.v[i].name, a.v[i].flags, why, sizeof(why));
			free(key);
		}
	}
	asice_archive_release(&a);
	return 0;
}
