/* Unit tests for dl-load.c and the tables loaded with it (curl, qpdf, libxml2, ICU): real and
 * missing. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>
#include "cot/curl-load.h"
#include "cot/dl-load.h"
#include "cot/icu-load.h"
#include "cot/mem.h"
#include "cot/qpdf-load.h"
#include "cot/xml-load.h"

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

/* True when the process has libxml2 mapped (RTLD_NOLOAD opens nothing new). */
static bool xml_mapped(void)
{
	void *h = dlopen("libxml2.so.2", RTLD_LAZY | RTLD_NOLOAD);

	if (h)
		dlclose(h);
	return h != NULL;
}

Test(xml_load, loads_libxml2_only_when_asked_and_it_parses_and_writes)
{
	static const char doc_text[] = "<a x=\"1\"><b>hi</b></a>";
	struct cot_err err = COT_ERR_INIT;
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	xmlChar *text;
	xmlDoc *doc;

	cr_assert_not(xml_mapped(), "cot's library does not link libxml2");
	cr_assert_eq(xml_load(&err), COT_OK, "%s", err.msg);
	cr_assert(xml_mapped());
	doc = xml_api.read_memory(
		doc_text, (int)sizeof(doc_text) - 1, "t.xml", NULL, XML_PARSE_NONET);
	cr_assert_not_null(doc);
	text = xml_api.get_prop(xml_api.doc_get_root_element(doc), BAD_CAST "x");
	cr_assert_str_eq((const char *)text, "1");
	free(text); /* libxml2 allocates with cot's hooks: free is its xmlFree */
	xml_api.free_doc(doc);
	buf = xml_api.buffer_create();
	w = xml_api.new_text_writer_memory(buf, 0);
	cr_assert_not_null(w);
	xml_api.text_writer_start_element(w, BAD_CAST "c");
	xml_api.text_writer_write_attribute(w, BAD_CAST "k", BAD_CAST "<&>");
	xml_api.text_writer_end_element(w);
	xml_api.free_text_writer(w);
	cr_assert_str_eq((const char *)xml_api.buffer_content(buf), "<c k=\"&lt;&amp;&gt;\"/>");
	xml_api.buffer_free(buf);
	cr_assert_eq(xml_load(&err), COT_OK, "a second call loads nothing new and succeeds");
	cr_assert_eq(xml_load(NULL), COT_OK, "err may be NULL");
}

Test(xml_load, gives_libxml2_cots_allocators_before_it_allocates)
{
	int (*mem_get)(xmlFreeFunc *, xmlMallocFunc *, xmlReallocFunc *, xmlStrdupFunc *);
	xmlFreeFunc f = NULL;
	xmlMallocFunc m = NULL;
	xmlReallocFunc r = NULL;
	xmlStrdupFunc d = NULL;
	void *h;

	cr_assert_eq(xml_load(NULL), COT_OK);
	h = dlopen("libxml2.so.2", RTLD_LAZY | RTLD_NOLOAD);
	cr_assert_not_null(h);
	*(void **)&mem_get = dlsym(h, "xmlMemGet");
	cr_assert_not_null(mem_get);
	cr_assert_eq(mem_get(&f, &m, &r, &d), 0);
	cr_assert(f == free && m == mem_lib_malloc && r == mem_lib_realloc && d == mem_lib_strdup,
		"a failed allocation inside libxml2 is noted (mem.h)");
	dlclose(h);
}

static void *xml_load_in_thread(void *arg)
{
	return (void *)(intptr_t)xml_load(NULL);
}

Test(xml_load, loads_once_from_several_threads)
{
	pthread_t t[8];
	void *rc;

	for (int i = 0; i < 8; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, xml_load_in_thread, NULL), 0);
	for (int i = 0; i < 8; i++) {
		cr_assert_eq(pthread_join(t[i], &rc), 0);
		cr_assert_eq((intptr_t)rc, COT_OK);
	}
	cr_assert_not_null(xml_api.schema_validate_doc);
}

Test(icu_load, loads_the_versioned_names_of_the_icu_compiled_against)
{
	static const UChar in[] = {'S', 'T', 'R', 'A', 0xdf, 'E', 0};
	struct cot_err err = COT_ERR_INIT;
	const UNormalizer2 *nf;
	UErrorCode st = U_ZERO_ERROR;
	char want[32], out[32];
	UChar v[16];
	int32_t n, n8;
	void *h, *got;

	snprintf(want, sizeof(want), "libicuuc.so.%d", U_ICU_VERSION_MAJOR_NUM);
	cr_assert_str_eq(icu_soname, want);
	cr_assert_eq(icu_load(&err), COT_OK, "%s", err.msg);
	nf = icu_api.nfkc_casefold_instance(&st);
	cr_assert(U_SUCCESS(st));
	n = icu_api.normalize(nf, in, 6, v, 16, &st);
	cr_assert(U_SUCCESS(st));
	icu_api.str_to_utf8(out, sizeof(out), &n8, v, n, &st);
	cr_assert(U_SUCCESS(st));
	cr_assert_str_eq(out, "strasse");
	h = dlopen(icu_soname, RTLD_LAZY | RTLD_NOLOAD);
	cr_assert_not_null(h);
	snprintf(want, sizeof(want), "u_strToUTF8_%d", U_ICU_VERSION_MAJOR_NUM);
	memcpy(&got, &icu_api.str_to_utf8, sizeof(got));
	cr_assert(dlsym(h, want) == got, "ICU's name for the version");
	dlclose(h);
}
