/* Unit tests for dl-load.c, curl-load.c and qpdf-load.c: the real libraries, and missing ones. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include "cot/curl-load.h"
#include "cot/dl-load.h"
#include "cot/qpdf-load.h"

Test(curl_load, resolves_every_function_and_they_work)
{
	struct cot_err err = COT_ERR_INIT;
	CURLU *u;
	char *host = NULL;

	cr_assert_eq(curl_load(&err), COT_OK, "%s", err.msg);
	cr_assert_not_null(curl_api.easy_init);
	cr_assert_not_null(curl_api.url_set);
	u = curl_api.url();
	cr_assert_not_null(u);
	cr_assert_eq(
		curl_api.url_set(u, CURLUPART_URL, "https://Example.org:8443/x", 0), CURLUE_OK);
	cr_assert_eq(curl_api.url_get(u, CURLUPART_HOST, &host, 0), CURLUE_OK);
	cr_assert_str_eq(host, "Example.org");
	curl_api.free(host);
	curl_api.url_cleanup(u);
	cr_assert_str_eq(curl_api.easy_strerror(CURLE_OK), "No error");
	cr_assert_eq(curl_load(&err), COT_OK, "a second call loads nothing new and succeeds");
}

Test(qpdf_load, resolves_every_function_and_they_work)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
				  "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
				  "trailer<</Root 1 0 R/Size 3>>\n%%EOF\n";
	struct cot_err err = COT_ERR_INIT;
	qpdf_data q;

	cr_assert_eq(qpdf_load(&err), COT_OK, "%s", err.msg);
	q = qpdf_api.init();
	cr_assert_not_null(q);
	qpdf_api.silence_errors(q);
	qpdf_api.set_suppress_warnings(q, QPDF_TRUE);
	cr_assert_eq(qpdf_api.read_memory(q, "t", pdf, sizeof(pdf) - 1, NULL) & QPDF_ERRORS, 0);
	cr_assert_not(qpdf_api.is_encrypted(q));
	cr_assert(qpdf_api.oh_is_dictionary_of_type(
		q, qpdf_api.get_object_by_id(q, 1, 0), "/Catalog", ""));
	qpdf_api.cleanup(&q);
	cr_assert_null(q);
}

static void (*fn_a)(void);
static int (*fn_b)(void);

Test(dl_load, missing_library_is_an_error_naming_it_every_time)
{
	const struct dl_sym syms[] = {{"zlibVersion", (void **)&fn_a}};
	struct dl_lib lib = {
		.soname = "libcot-no-such-library.so.7",
		.needed_for = "the tests",
		.syms = syms,
		.n_syms = 1,
		.lock = PTHREAD_MUTEX_INITIALIZER,
	};
	struct cot_err err = COT_ERR_INIT;

	for (int i = 0; i < 2; i++) {
		memset(&err, 0, sizeof(err));
		cr_assert_eq(dl_load(&lib, &err), COT_ENV);
		cr_assert_eq(err.code, COT_ENV);
		cr_assert(strstr(err.msg, "cannot load 'libcot-no-such-library.so.7', needed for "
					  "the tests: "),
			"%s", err.msg);
		cr_assert(
			strstr(err.msg, "libcot-no-such-library.so.7: cannot open"), "%s", err.msg);
		cr_assert_null(fn_a);
	}
}

Test(dl_load, missing_function_is_an_error_and_no_slot_is_set)
{
	const struct dl_sym syms[] = {
		{"zlibVersion", (void **)&fn_a}, {"cot_no_such_function", (void **)&fn_b}};
	struct dl_lib lib = {
		.soname = "libz.so.1",
		.needed_for = "the tests",
		.syms = syms,
		.n_syms = 2,
		.lock = PTHREAD_MUTEX_INITIALIZER,
	};
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(dl_load(&lib, &err), COT_ENV);
	cr_assert_str_eq(err.msg, "cannot load 'libz.so.1', needed for the tests: it has no "
				  "function 'cot_no_such_function'");
	cr_assert_null(fn_a, "a half-filled table is never left behind");
	cr_assert_null(fn_b);
}

static struct dl_lib shared_lib;
static const char *(*zversion)(void);

static void *load_in_thread(void *arg)
{
	struct cot_err err = COT_ERR_INIT;

	return (void *)(intptr_t)dl_load(&shared_lib, &err);
}

Test(dl_load, loads_once_from_several_threads)
{
	static const struct dl_sym syms[] = {{"zlibVersion", (void **)&zversion}};
	pthread_t t[8];
	void *rc;

	shared_lib = (struct dl_lib){.soname = "libz.so.1",
		.needed_for = "the tests",
		.syms = syms,
		.n_syms = 1,
		.lock = PTHREAD_MUTEX_INITIALIZER};
	for (int i = 0; i < 8; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, load_in_thread, NULL), 0);
	for (int i = 0; i < 8; i++) {
		cr_assert_eq(pthread_join(t[i], &rc), 0);
		cr_assert_eq((intptr_t)rc, COT_OK);
	}
	cr_assert_eq(shared_lib.state, 1);
	cr_assert_str_eq(zversion(), zlibVersion());
}
