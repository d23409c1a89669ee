/* Unit tests for zip-load.c: the real libzip through zip_api, and its one macro over the table. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include "cot/zip-load.h"

Test(zip_load, fills_every_slot_once)
{
	struct cot_err err = COT_ERR_INIT;
	void *slots[sizeof(zip_api) / sizeof(void *)];

	cr_assert_eq(zip_load(&err), COT_OK, "%s", err.msg);
	memcpy(slots, &zip_api, sizeof(slots));
	for (size_t i = 0; i < sizeof(slots) / sizeof(slots[0]); i++)
		cr_assert_not_null(slots[i], "slot %zu of zip_api is empty", i);
	cr_assert_eq(zip_load(&err), COT_OK, "a second call loads nothing new and succeeds");
	cr_assert_eq(memcmp(slots, &zip_api, sizeof(slots)), 0, "the second call changes nothing");
}

Test(zip_load, the_functions_are_libzips)
{
	static const char junk[] = "PK\3\4 not a zip archive at all";
	struct cot_err err = COT_ERR_INIT;
	zip_error_t ze;
	zip_source_t *src;

	cr_assert_eq(zip_load(&err), COT_OK, "%s", err.msg);
	zip_api.error_init_with_code(&ze, ZIP_ER_NOZIP);
	cr_assert_str_eq(zip_api.error_strerror(&ze), "Not a zip archive");
	zip_api.error_fini(&ze);
	zip_api.error_init(&ze);
	src = zip_api.source_buffer_create(junk, sizeof(junk) - 1, 0, &ze);
	cr_assert_not_null(src);
	cr_assert_null(zip_api.open_from_source(src, ZIP_RDONLY, &ze));
	cr_assert_eq(zip_api.error_code_zip(&ze), ZIP_ER_NOZIP);
	zip_api.source_free(src);
	zip_api.error_fini(&ze);
}

Test(zip_load, source_get_args_sets_the_error_through_the_table)
{
	struct cot_err err = COT_ERR_INIT;
	zip_source_args_seek_t args = {0};
	zip_error_t ze;

	cr_assert_eq(zip_load(&err), COT_OK, "%s", err.msg);
	zip_api.error_init(&ze);
	cr_assert_eq(ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, &args, sizeof(args), &ze), &args);
	cr_assert_eq(zip_api.error_code_zip(&ze), ZIP_ER_OK);
	cr_assert_null(ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, &args, sizeof(args) - 1, &ze));
	cr_assert_eq(zip_api.error_code_zip(&ze), ZIP_ER_INVAL);
	zip_api.error_fini(&ze);
}
