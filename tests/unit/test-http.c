/* Unit tests of the HTTPS client against a real openssl s_server on 127.0.0.1 (with-https.sh). */
#include <limits.h>
#include <unistd.h>
#include "cot/http.h"
#include "helpers.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		cr_assert_fail(
			"%s is not set: run this test through tests/unit/with-https.sh", name);
	return v;
}

static char *url_of(const char *name)
{
	static char url[256];

	snprintf(url, sizeof(url), "https://127.0.0.1:%s/%s", env("COT_TEST_HTTPS_PORT"), name);
	return url;
}

/* Puts a file of n bytes (repeating text) in the server's document root. */
static void serve(const char *name, const char *text, size_t n)
{
	char path[PATH_MAX];
	size_t len = strlen(text);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", env("COT_TEST_HTTPS_ROOT"), name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	for (size_t i = 0; i < n; i++)
		fputc(text[i % len], f);
	fclose(f);
}

Test(http, only_https_urls_pass)
{
	struct cot_err err = COT_ERR_INIT;

	cr_expect(http_url_ok("https://whitelist.example/wl.xml", &err));
	cr_expect(http_url_ok("HTTPS://whitelist.example", &err));
	cr_expect_not(http_url_ok("http://whitelist.example/wl.xml", &err));
	cr_expect(strstr(err.msg, "only over HTTPS"), "%s", err.msg);
	cr_expect_not(http_url_ok("file:///etc/passwd", &err));
	cr_expect_not(http_url_ok("ftp://example.org/x", &err));
	cr_expect_not(http_url_ok("https://", &err));
	cr_expect_not(http_url_ok("https:///path", &err));
	cr_expect_not(http_url_ok("https://a.example/a b", &err));
	cr_expect_not(http_url_ok("https://a.example/\r\nX: y", &err));
	cr_expect_not(http_url_ok("https://user:secret@a.example/wl.xml", &err));
	cr_expect(strstr(err.msg, "user name or password"), "%s", err.msg);
	cr_expect_not(http_url_ok("https://:@/", &err));
	cr_expect_not(http_url_ok("httpsx://a.example/", &err));
	cr_expect(http_url_ok("https://127.0.0.1:8443/a/whitelist.xml?v=2", &err), "%s", err.msg);
}

Test(http, http_url_is_refused_before_any_request)
{
	struct http_opts o = {.max_body = 100};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	http_response_init(&r);
	cr_expect_eq(http_get("http://127.0.0.1:1/x", &o, &r, &err), COT_USAGE);
	cr_expect_eq(r.attempts, 0);
	http_response_release(&r);
}

Test(http, fetches_a_body_with_the_test_ca)
{
	struct http_opts o = {.cacert = env("COT_TEST_HTTPS_CA"), .max_body = 1 << 20};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	serve("hello.txt", "hello, whitelist\n", 17);
	http_response_init(&r);
	cr_assert_eq(http_get(url_of("hello.txt"), &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(r.status, 200);
	cr_expect_not(r.not_modified);
	cr_expect_eq(r.len, 17);
	cr_expect_str_eq(r.body, "hello, whitelist\n");
	cr_expect_eq(r.attempts, 1);
	cr_expect_str_eq(r.effective_url, url_of("hello.txt"));
	http_response_release(&r);
}

Test(http, body_at_the_limit_passes_one_byte_more_is_refused)
{
	struct http_opts o = {.cacert = env("COT_TEST_HTTPS_CA"), .max_body = 10000};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	serve("exact.bin", "0123456789", 10000);
	serve("over.bin", "0123456789", 10001);
	http_response_init(&r);
	cr_assert_eq(http_get(url_of("exact.bin"), &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(r.len, 10000);
	http_response_release(&r);
	cr_expect_eq(http_get(url_of("over.bin"), &o, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "larger than 10000 bytes"), "%s", err.msg);
	cr_expect_null(r.body);
	cr_expect_eq(r.attempts, 1, "a body over the limit is not retried");
	http_response_release(&r);
}

Test(http, a_server_the_system_does_not_trust_is_refused)
{
	struct http_opts o = {.max_body = 1000};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	serve("hello.txt", "hello", 5);
	http_response_init(&r);
	cr_expect_eq(http_get(url_of("hello.txt"), &o, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "not trusted"), "%s", err.msg);
	cr_expect_null(r.body);
	cr_expect_eq(r.attempts, 1, "a certificate failure is not retried");
	http_response_release(&r);
}

Test(http, server_down_is_retried_a_bounded_number_of_times)
{
	struct http_opts o = {.cacert = env("COT_TEST_HTTPS_CA"),
		.max_body = 1000,
		.retries = 2,
		.retry_delay_ms = 10,
		.connect_timeout = 2};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;
	char url[128];

	snprintf(url, sizeof(url), "https://127.0.0.1:%s/x", env("COT_TEST_CLOSED_PORT"));
	http_response_init(&r);
	cr_expect_eq(http_get(url, &o, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 3);
	cr_expect(strstr(err.msg, "(3 attempts)"), "%s", err.msg);
	cr_expect(strstr(err.msg, url), "%s", err.msg);
	http_response_release(&r);
	o.retries = -1;
	cr_expect_eq(http_get(url, &o, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 1);
	http_response_release(&r);
}

Test(http, unreadable_cacert_is_a_usage_error)
{
	struct http_opts o = {.cacert = "/nonexistent/ca.pem", .max_body = 1000};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	http_response_init(&r);
	cr_expect_eq(http_get(url_of("hello.txt"), &o, &r, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "/nonexistent/ca.pem"), "%s", err.msg);
	cr_expect_eq(r.attempts, 0);
	http_response_release(&r);
}

Test(http, conditional_request_to_a_server_without_etags_gets_the_body)
{
	struct http_opts o = {.cacert = env("COT_TEST_HTTPS_CA"),
		.max_body = 1000,
		.etag = "\"abc\"",
		.last_modified = "Sun, 22 Nov 2026 10:00:00 GMT"};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	serve("cond.txt", "fresh", 5);
	http_response_init(&r);
	cr_assert_eq(http_get(url_of("cond.txt"), &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(r.status, 200);
	cr_expect_str_eq(r.body, "fresh");
	cr_expect_null(r.etag, "s_server sends no ETag");
	http_response_release(&r);
}

static char *plain_url(const char *path)
{
	static char url[256];

	snprintf(url, sizeof(url), "http://127.0.0.1:%s/%s", env("COT_TEST_HTTP_PORT"), path);
	return url;
}

Test(http, plain_http_only_when_allowed)
{
	struct http_opts o = {.max_body = 100, .retries = -1};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	http_response_init(&r);
	cr_expect_eq(http_get(plain_url("hello"), &o, &r, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "only over HTTPS"), "%s", err.msg);
	cr_expect_eq(http_post(plain_url("echo"), "text/plain", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(r.attempts, 0);
	o.allow_http = true;
	cr_assert_eq(http_get(plain_url("hello"), &o, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_str_eq(r.body, "hello");
	http_response_release(&r);
	cr_expect_eq(
		http_post("file:///etc/passwd", "text/plain", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(http_post("ftp://127.0.0.1/x", "text/plain", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(http_post("http:///x", "text/plain", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(
		http_post("http://u:p@127.0.0.1/x", "text/plain", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "user name or password"), "%s", err.msg);
	cr_expect_eq(r.attempts, 0);
}

Test(http, post_sends_the_body_and_its_content_type)
{
	struct http_opts o = {.max_body = 1000, .allow_http = true};
	static const unsigned char query[] = {0x30, 0x00, 0x0a, 0xff, 0x01};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;
	const char *ct = "application/timestamp-query";

	http_response_init(&r);
	cr_assert_eq(http_post(plain_url("echo"), ct, query, sizeof(query), &o, &r, &err), COT_OK,
		"%s", err.msg);
	cr_expect_eq(r.status, 200);
	cr_assert_eq(r.len, strlen(ct) + 1 + sizeof(query));
	cr_expect_eq(memcmp(r.body, ct, strlen(ct)), 0);
	cr_expect_eq(memcmp(r.body + strlen(ct) + 1, query, sizeof(query)), 0,
		"the body arrives byte for byte, NUL included");
	cr_expect_eq(r.attempts, 1);
	http_response_release(&r);
	cr_expect_eq(
		http_post(plain_url("echo"), "a\r\nX-Evil: 1", "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(http_post(plain_url("echo"), NULL, "x", 1, &o, &r, &err), COT_USAGE);
	cr_expect_eq(r.attempts, 0);
}

Test(http, post_is_retried_on_5xx_then_succeeds)
{
	struct http_opts o = {
		.max_body = 1000, .allow_http = true, .retries = 3, .retry_delay_ms = 10};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;
	char path[64];

	snprintf(path, sizeof(path), "flaky/%d", (int)getpid());
	http_response_init(&r);
	cr_assert_eq(http_post(plain_url(path), "text/plain", "q", 1, &o, &r, &err), COT_OK, "%s",
		err.msg);
	cr_expect_eq(r.attempts, 3, "two 503 answers, then 200");
	cr_expect_str_eq(r.body, "ok");
	http_response_release(&r);
	o.retries = 1;
	cr_expect_eq(http_post(plain_url("down"), "text/plain", "q", 1, &o, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 2);
	cr_expect(strstr(err.msg, "HTTP 503"), "%s", err.msg);
	http_response_release(&r);
}

Test(http, post_follows_no_redirect_and_is_bounded)
{
	struct http_opts o = {.max_body = 1000, .allow_http = true};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	http_response_init(&r);
	cr_expect_eq(http_post(plain_url("moved"), "text/plain", "q", 1, &o, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "HTTP 302"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1, "a redirect is not retried");
	http_response_release(&r);
	cr_expect_eq(http_post(plain_url("big"), "text/plain", "q", 1, &o, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "larger than 1000 bytes"), "%s", err.msg);
	cr_expect_null(r.body);
	http_response_release(&r);
}

Test(http, post_over_https_verifies_the_server)
{
	struct http_opts o = {.max_body = 1000, .allow_http = true};
	struct http_response r;
	struct cot_err err = COT_ERR_INIT;

	http_response_init(&r);
	cr_expect_eq(http_post(url_of("x"), "text/plain", "q", 1, &o, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "not trusted"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	http_response_release(&r);
}
