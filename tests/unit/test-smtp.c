/* Unit tests of the SMTP client against real aiosmtpd servers on 127.0.0.1 (with-smtpd.sh). */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/buf.h"
#include "cot/fsutil.h"
#include "cot/smtp.h"
#include "helpers.h"

static const char *env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v)
		cr_assert_fail(
			"%s is not set: run this test through tests/unit/with-smtpd.sh", name);
	return v;
}

static char *url(const char *scheme, const char *server)
{
	static char u[128];
	char var[64];

	snprintf(var, sizeof(var), "COT_TEST_SMTP_PORT_%s", server);
	snprintf(u, sizeof(u), "%s://127.0.0.1:%s", scheme, env(var));
	return u;
}

/* How many messages server delivered so far. */
static int delivered(const char *server)
{
	char path[512];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof(path), "%s/%s/Maildir/new", env("COT_TEST_SMTP_DIR"), server);
	d = opendir(path);
	cr_assert_not_null(d, "%s", path);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* The newest message server delivered, as a string. */
static char *last_delivered(const char *server)
{
	char path[512], best[256] = "", *data = NULL;
	struct cot_err err = COT_ERR_INIT;
	struct dirent *e;
	size_t len;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s/Maildir/new", env("COT_TEST_SMTP_DIR"), server);
	d = opendir(path);
	cr_assert_not_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, best) > 0)
			snprintf(best, sizeof(best), "%s", e->d_name);
	closedir(d);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", best);
	cr_assert_eq(fs_read(path, 1 << 24, &data, &len, &err), COT_OK, "%s", err.msg);
	return data;
}

/* A message with a 200 kB attachment in a temporary directory. */
struct fixture {
	char *dir, *path, hex[65];
	struct mail_msg m;
};

static void fixture_make(struct fixture *f)
{
	struct cot_err err = COT_ERR_INIT;
	struct mail_spec s;
	FILE *fp;

	f->dir = test_tmpdir();
	f->path = test_path(f->dir, "bundle.asice");
	fp = fopen(f->path, "wb");
	cr_assert_not_null(fp);
	for (int i = 0; i < 200000; i++)
		fputc(i % 253, fp);
	fclose(fp);
	cr_assert_eq(fs_sha256(f->path, f->hex, &err), COT_OK);
	s = (struct mail_spec){.from_name = "WZC Zonneweide",
		.from = "it@zonneweide.test",
		.to = "circleoftrust@belrai.test",
		.subject = "Aanvraag",
		.body = "Geachte,\n.\n..\nEen regel met een punt ervoor hierboven.\n",
		.date = 1795305600,
		.message_id = "42@zonneweide.test",
		.attach_path = f->path,
		.attach_name = "bundle.asice",
		.attach_mime = "application/vnd.etsi.asic-e+zip",
		.attach_sha256 = f->hex};
	mail_msg_init(&f->m);
	cr_assert_eq(mail_build(&s, &f->m, &err), COT_OK, "%s", err.msg);
}

static void fixture_release(struct fixture *f)
{
	mail_msg_release(&f->m);
	test_rmtree(f->dir);
	free(f->path);
	free(f->dir);
}

/* The message as a string, read through a reader. */
static char *message_bytes(const struct mail_msg *m, size_t *len)
{
	struct mail_reader *r = malloc(sizeof(*r));
	struct cot_err err = COT_ERR_INIT;
	char *out = malloc(m->total + 1);
	size_t n;

	cr_assert_eq(mail_reader_open(r, m, &err), COT_OK);
	cr_assert_eq(mail_reader_read(r, out, m->total + 1, &n, &err), COT_OK);
	mail_reader_close(r);
	free(r);
	out[n] = '\0';
	*len = n;
	return out;
}

static struct smtp_opts opts(const char *u)
{
	return (struct smtp_opts){.url = u,
		.cacert = env("COT_TEST_SMTP_CA"),
		.retry_delay_ms = 10,
		.connect_timeout = 5,
		.response_timeout = 10};
}

/* The fixture's message from the organisation to the FOD, with o: smtp_send's return. */
static int send_fixture(const struct smtp_opts *o, const struct fixture *f, struct smtp_result *r,
	struct cot_err *err)
{
	return smtp_send(o, "it@zonneweide.test", "circleoftrust@belrai.test", &f->m, r, err);
}

Test(smtp, urls)
{
	struct cot_err err = COT_ERR_INIT;
	bool tls = true;

	cr_expect(smtp_url_ok("smtp://mail.example.org", &tls, &err));
	cr_expect_not(tls);
	cr_expect(smtp_url_ok("smtps://mail.example.org:465", &tls, &err));
	cr_expect(tls);
	cr_expect(smtp_url_ok("SMTP://mail.example.org:587/client.example.org", NULL, &err));
	cr_expect_not(smtp_url_ok("https://mail.example.org", NULL, &err));
	cr_expect_not(smtp_url_ok("smtp:///mail.example.org", NULL, &err));
	cr_expect_not(smtp_url_ok("smtp://", NULL, &err));
	cr_expect_not(smtp_url_ok("smtp://mail.example.org x", NULL, &err));
	cr_expect_not(smtp_url_ok("smtp://user@mail.example.org", NULL, &err));
	cr_expect_not(smtp_url_ok("smtps://user:secret@mail.example.org", NULL, &err));
	cr_expect(strstr(err.msg, "never in a URL"), "%s", err.msg);
	cr_expect_null(strstr(err.msg, "secret"), "the password is repeated: %s", err.msg);
}

Test(smtp, starttls_delivers_exactly_the_streamed_bytes)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "STARTTLS"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	int before = delivered("STARTTLS");
	char *want, *got;
	size_t len;

	fixture_make(&f);
	cr_assert_eq(send_fixture(&o, &f, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	cr_expect_eq(r.code, 250);
	cr_expect(strncmp(r.reply, "250 2.0.0 Ok: queued as COT", 27) == 0, "%s", r.reply);
	cr_assert_eq(delivered("STARTTLS"), before + 1);
	want = message_bytes(&f.m, &len);
	got = last_delivered("STARTTLS");
	cr_expect_str_eq(got, want);
	free(want);
	free(got);
	fixture_release(&f);
}

Test(smtp, smtps_is_tls_from_the_start)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtps", "SMTPS"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	int before = delivered("SMTPS");

	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(delivered("SMTPS"), before + 1);
	fixture_release(&f);
}

Test(smtp, a_server_without_starttls_gets_nothing)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "NONE"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;

	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "does not offer STARTTLS"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	cr_expect_eq(delivered("NONE"), 0);
	{
		char *log = test_path(env("COT_TEST_SMTP_DIR"), "NONE/log");
		cr_expect_null(strstr(test_read(log), "MAIL"));
		cr_expect_null(strstr(test_read(log), "RCPT"));
		free(log);
	}
	fixture_release(&f);
}

Test(smtp, an_untrusted_certificate_stops_at_once)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "STARTTLS"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	int before = delivered("STARTTLS");

	o.cacert = NULL;
	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "not trusted"), "%s", err.msg);
	cr_expect(strstr(err.msg, "--cacert"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	cr_expect_eq(delivered("STARTTLS"), before);
	o = opts(url("smtps", "SMTPS"));
	o.cacert = NULL;
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "not trusted"), "%s", err.msg);
	o.cacert = "/nonexistent/ca.pem";
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_USAGE);
	fixture_release(&f);
}

Test(smtp, a_5xx_reply_is_permanent_and_shown)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "R550"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;

	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 1);
	cr_expect_eq(r.code, 550);
	cr_expect(strstr(r.reply,
			  "550 5.1.1 <circleoftrust@belrai.test>: Recipient address rejected"),
		"%s", r.reply);
	cr_expect(strstr(err.msg, "refused the message: 550"), "%s", err.msg);
	fixture_release(&f);
}

struct retries {
	int n;
	long delays[8];
};

static void on_retry(int attempt, long delay_ms, const char *why, void *arg)
{
	struct retries *rt = arg;

	cr_expect_eq(attempt, rt->n + 1);
	cr_expect(strstr(why, "451"), "%s", why);
	if (rt->n < 8)
		rt->delays[rt->n++] = delay_ms;
}

Test(smtp, a_4xx_reply_is_retried_with_a_delay_that_doubles)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "D451"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	struct retries rt = {0};

	o.retrying = on_retry;
	o.retry_arg = &rt;
	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, SMTP_RETRIES + 1);
	cr_expect_eq(r.code, 451);
	cr_expect(strstr(err.msg, "deferred the message: 451 4.3.0"), "%s", err.msg);
	cr_expect(strstr(err.msg, "(4 attempts)"), "%s", err.msg);
	cr_assert_eq(rt.n, 3);
	cr_expect_eq(rt.delays[0], 10);
	cr_expect_eq(rt.delays[1], 20);
	cr_expect_eq(rt.delays[2], 40);
	cr_expect_eq(delivered("D451"), 0);
	fixture_release(&f);
}

Test(smtp, a_closed_port_is_retried_then_given_up)
{
	struct fixture f;
	char u[64];
	struct smtp_opts o;
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;

	snprintf(u, sizeof(u), "smtp://127.0.0.1:%s", env("COT_TEST_SMTP_CLOSED_PORT"));
	o = opts(u);
	o.retries = 2;
	fixture_make(&f);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 3);
	cr_expect(strstr(err.msg, "onnect"), "%s", err.msg);
	o.retries = -1;
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect_eq(r.attempts, 1);
	fixture_release(&f);
}

static void collect(bool from_server, const char *line, void *arg)
{
	buf_addf(arg, "%s %s\n", from_server ? "S:" : "C:", line);
}

Test(smtp, credentials_log_in_and_never_show_in_the_dialogue)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "AUTH"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	struct buf t = BUF_INIT;
	const char *pw = env("COT_TEST_SMTP_PASSWORD");
	char plain[256], b64[400];
	int n;

	fixture_make(&f);
	o.trace = collect;
	o.trace_arg = &t;
	o.user = "alice";
	o.password = pw;
	cr_assert_eq(send_fixture(&o, &f, &r, &err), COT_OK, "%s", err.msg);
	cr_expect(strstr(t.data, "C: AUTH PLAIN (credentials hidden)\n"), "%s", t.data);
	cr_expect(strstr(t.data, "S: 235 "), "%s", t.data);
	cr_expect(strstr(t.data, "C: RCPT TO:<circleoftrust@belrai.test>\n"), "%s", t.data);
	cr_expect_null(strstr(t.data, pw));
	n = snprintf(plain, sizeof(plain), "%c%s%c%s", 0, "alice", 0, pw);
	EVP_EncodeBlock((unsigned char *)b64, (unsigned char *)plain, n);
	cr_expect_null(strstr(t.data, b64), "the AUTH PLAIN response shows");
	cr_expect_null(strstr(t.data, "YWxpY2"), "the user name shows in base64");
	buf_release(&t);
	o.trace = NULL;
	o.password = "wrong";
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect(strstr(err.msg, "refused the login (535"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	fixture_release(&f);
}

Test(smtp, credentials_come_from_a_netrc_file)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "AUTH"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	char *netrc, text[256];
	int before = delivered("AUTH");

	fixture_make(&f);
	netrc = test_path(f.dir, "netrc");
	snprintf(text, sizeof(text), "machine 127.0.0.1 login alice password %s\n",
		env("COT_TEST_SMTP_PASSWORD"));
	test_write(netrc, text);
	chmod(netrc, 0600);
	o.netrc = netrc;
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(delivered("AUTH"), before + 1);
	/* without credentials the server refuses */
	o.netrc = "/nonexistent/netrc";
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_ENV);
	cr_expect_eq(r.code, 530);
	free(netrc);
	fixture_release(&f);
}

Test(smtp, an_attachment_changed_before_sending_is_never_delivered)
{
	struct fixture f;
	struct smtp_opts o = opts(url("smtp", "STARTTLS"));
	struct smtp_result r;
	struct cot_err err = COT_ERR_INIT;
	int before = delivered("STARTTLS"), fd;

	fixture_make(&f);
	fd = open(f.path, O_WRONLY);
	cr_assert_eq(pwrite(fd, "changed", 7, 150000), 7);
	close(fd);
	cr_expect_eq(send_fixture(&o, &f, &r, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "not the file the message describes"), "%s", err.msg);
	cr_expect_eq(r.attempts, 1);
	usleep(200000);
	cr_expect_eq(delivered("STARTTLS"), before);
	fixture_release(&f);
}
