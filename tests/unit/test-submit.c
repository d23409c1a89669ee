/* Unit tests of submit: readiness, whether the bundle is current, the message, the records, status.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/bundle.h"
#include "cot/fsutil.h"
#include "cot/lock.h"
#include "cot/procedure.h"
#include "cot/i18n.h"
#include "cot/submit.h"
#include "cot/testpki.h"
#include "helpers.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */

/* A route vitalink project on disk; extra is appended to its cot.yaml. */
static char *project(struct project *p, const char *name, const char *extra)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *f, text[1024];

	snprintf(text, sizeof(text),
		"format: cot.project/1\norganisation:\n  name: \"%s\"\n"
		"  kbo: \"0403019261\"\n  route: vitalink\n%s",
		name, extra);
	f = test_path(dir, "cot.yaml");
	test_write(f, text);
	free(f);
	f = test_path(dir, ".cot");
	cr_assert_eq(fs_mkdir(f, 0700, &err), COT_OK);
	free(f);
	f = test_path(dir, "documents");
	cr_assert_eq(fs_mkdir(f, 0755, &err), COT_OK);
	free(f);
	cr_assert_eq(project_open(dir, p, &d, &err), COT_OK, "%s", err.msg);
	diag_list_release(&d);
	return dir;
}

static void reopen(struct project *p, const char *dir)
{
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;

	project_release(p);
	cr_assert_eq(project_open(dir, p, &d, &err), COT_OK, "%s", err.msg);
	diag_list_release(&d);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *f = test_path(dir, name);

	test_write(f, text);
	free(f);
}

/* Sets the modification time of dir/name to t. */
static void set_mtime(const char *dir, const char *name, time_t t)
{
	char *f = test_path(dir, name);
	struct timespec ts[2] = {{t, 0}, {t, 0}};

	cr_assert_eq(utimensat(AT_FDCWD, f, ts, 0), 0);
	free(f);
}

static const char *const vitalink_steps[] = {"cert-requested", "cert-received",
	"vitalink-requested", "vitalink-contract-received", "contract-signed"};

static void record_steps(const struct project *p, int n)
{
	struct cot_err err = COT_ERR_INIT;

	for (int i = 0; i < n; i++)
		cr_assert_eq(procedure_record(p, vitalink_steps[i], "2026-11-01", NULL, &err),
			COT_OK, "%s", err.msg);
}

/* A signed bundle of the project, by a throwaway PKI for its KBO; time T0. */
static void build_signed(const struct project *p, bool is_signed)
{
	struct testpki_org org = {
		"CBE", "0403019261", "TEST ORG", NULL, T0 - 86400, T0 + 86400 * 900};
	struct cot_err err = COT_ERR_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct bundle_result r;
	X509 *ca = NULL, *cert = NULL;
	EVP_PKEY *ca_key = NULL, *key = NULL;
	struct asice_signer s;
	struct bundle_opts o = {.time = T0};

	if (is_signed) {
		cr_assert_eq(testpki_make_ca("test CA", NULL, NULL, T0 - 86400, T0 + 86400 * 1000,
				     &ca, &ca_key, &err),
			COT_OK, "%s", err.msg);
		cr_assert_eq(testpki_make_org(&org, ca, ca_key, &cert, &key, &err), COT_OK, "%s",
			err.msg);
		s = (struct asice_signer){key, cert, NULL};
		o.signer = &s;
	}
	cr_assert_eq(bundle_build(p, &o, &r, &d, &err), COT_OK, "%s", err.msg);
	bundle_result_release(&r);
	diag_list_release(&d);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
}

/* The project ready to submit: steps, documents dated before the bundle, the bundle. */
static char *ready(struct project *p, const char *extra)
{
	char *dir = project(p, "Maison Sainte-Élisabeth", extra);

	record_steps(p, 5);
	put(dir, "documents/belrai-contract.pdf", "%PDF-1.4\n% belrai\n%%EOF\n");
	put(dir, "documents/vitalink-contract.pdf", "%PDF-1.4\n% vitalink\n%%EOF\n");
	set_mtime(dir, "documents/belrai-contract.pdf", time(NULL) - 3600);
	set_mtime(dir, "documents/vitalink-contract.pdf", time(NULL) - 3600);
	build_signed(p, true);
	return dir;
}

static void check_bundle(const struct project *p, struct submit_bundle *b)
{
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;

	cr_assert_eq(project_journal_load(p, &j, &err), COT_OK);
	cr_assert_eq(submit_bundle_check(p, &j, b, &err), COT_OK, "%s", err.msg);
	journal_release(&j);
}

Test(submit, readiness_names_what_is_missing)
{
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct submit_missing m;
	struct cot_err err = COT_ERR_INIT;
	char *dir = project(&p, "T", "");

	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_FINDINGS);
	cr_assert_eq(m.n, 2, "steps and documents: %d", m.n);
	cr_expect(strstr(m.item[0], "cert-requested, cert-received, vitalink-requested, "
				    "vitalink-contract-received, contract-signed"),
		"%s", m.item[0]);
	cr_expect(strstr(m.item[1], "documents/belrai-contract.pdf"), "%s", m.item[1]);
	cr_expect(strstr(m.item[1], "documents/vitalink-contract.pdf"), "%s", m.item[1]);
	journal_release(&j);
	record_steps(&p, 4);
	put(dir, "documents/belrai-contract.pdf", "%PDF-1.4\n");
	put(dir, "documents/vitalink-contract.pdf", "%PDF-1.4\n");
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_FINDINGS);
	cr_assert_eq(m.n, 1);
	cr_expect(strstr(m.item[0], "steps not recorded yet: contract-signed "), "%s", m.item[0]);
	journal_release(&j);
	cr_assert_eq(procedure_record(&p, "contract-signed", "2026-11-02", NULL, &err), COT_OK);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_expect_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_OK);
	cr_expect_eq(m.n, 0);
	journal_release(&j);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, readiness_on_route_direct_asks_for_a_ready_checklist)
{
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct submit_missing m;
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *f = test_path(dir, "cot.yaml");
	struct diag_list d = DIAG_LIST_INIT;
	bool named = false;

	test_write(f, "format: cot.project/1\norganisation:\n  name: T\n  kbo: \"0403019261\"\n"
		      "  route: direct\n");
	cr_assert_eq(project_open(dir, &p, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_FINDINGS);
	for (int i = 0; i < m.n; i++)
		named |= strstr(m.item[i], "the checklist cannot be judged") != NULL;
	cr_expect(named, "the missing checklist is named");
	journal_release(&j);
	diag_list_release(&d);
	project_release(&p);
	test_rmtree(dir);
	free(f);
	free(dir);
}

Test(submit, a_signed_bundle_with_unchanged_inputs_is_current)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	char *dir = ready(&p, ""), hex[65], *path;
	struct cot_err err = COT_ERR_INIT;
	struct stat st;

	check_bundle(&p, &b);
	cr_assert(b.found);
	cr_assert(b.current, "%s", b.why);
	cr_expect_str_eq(b.rel, "out/0403019261-2026-11-22.asice");
	path = test_path(dir, b.rel);
	fs_sha256(path, hex, &err);
	stat(path, &st);
	cr_expect_str_eq(b.sha256, hex);
	cr_expect_eq(b.size, (uint64_t)st.st_size);
	cr_assert_eq(b.nentries, 3);
	cr_expect_str_eq(b.entries[0], "documents/belrai-contract.pdf");
	cr_expect_str_eq(b.entries[1], "documents/vitalink-contract.pdf");
	cr_expect_str_eq(b.entries[2], "submission.xml");
	submit_bundle_release(&b);
	free(path);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, stale_bundles_say_why)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	char *dir = project(&p, "T", ""), *path;

	check_bundle(&p, &b);
	cr_expect_not(b.found);
	cr_expect_not(b.current);
	cr_expect_str_eq(b.why, "no bundle has been built yet");
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);

	dir = ready(&p, "");
	/* newer than the bundle, the same bytes: the bundle stays current (touch, cp -r) */
	set_mtime(dir, "documents/vitalink-contract.pdf", time(NULL) + 60);
	check_bundle(&p, &b);
	cr_expect(b.current, "%s", b.why);
	submit_bundle_release(&b);
	/* other bytes, an old time */
	put(dir, "documents/vitalink-contract.pdf", "%PDF-1.4\n% another one\n%%EOF\n");
	set_mtime(dir, "documents/vitalink-contract.pdf", time(NULL) - 7200);
	check_bundle(&p, &b);
	cr_expect_str_eq(b.why, "'documents/vitalink-contract.pdf' differs from the copy in it");
	submit_bundle_release(&b);
	put(dir, "documents/vitalink-contract.pdf", "%PDF-1.4\n% vitalink\n%%EOF\n");
	set_mtime(dir, "documents/vitalink-contract.pdf", time(NULL) - 7200);
	check_bundle(&p, &b);
	cr_expect(b.current, "%s", b.why);
	/* the organisation renamed in cot.yaml */
	path = test_path(dir, "cot.yaml");
	test_write(path, "format: cot.project/1\norganisation:\n  name: \"Other\"\n"
			 "  kbo: \"0403019261\"\n  route: vitalink\n");
	reopen(&p, dir);
	submit_bundle_release(&b);
	check_bundle(&p, &b);
	cr_expect_str_eq(b.why, "cot.yaml names the organisation 'Other', the bundle "
				"'Maison Sainte-Élisabeth'");
	submit_bundle_release(&b);
	free(path);
	/* the file is not the one recorded */
	path = test_path(dir, "out/0403019261-2026-11-22.asice");
	{
		int fd = open(path, O_WRONLY | O_APPEND);
		cr_assert_geq(fd, 0);
		cr_assert_eq(write(fd, "x", 1), 1);
		close(fd);
	}
	check_bundle(&p, &b);
	cr_expect(strstr(b.why, "is not the file cot built"), "%s", b.why);
	submit_bundle_release(&b);
	unlink(path);
	check_bundle(&p, &b);
	cr_expect(strstr(b.why, "no longer exists"), "%s", b.why);
	submit_bundle_release(&b);
	free(path);
	/* an unsigned copy built last does not hide the signed bundle (gone here) */
	build_signed(&p, false);
	check_bundle(&p, &b);
	cr_expect(strstr(b.why, "no longer exists"), "%s", b.why);
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

/* Every line of text within width. */
static void expect_width(const char *text, size_t width)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p), chars = 0;
		for (size_t i = 0; i < n; i++)
			chars += ((unsigned char)p[i] & 0xc0) != 0x80;
		cr_expect_leq(chars, width, "a line of %zu characters: %.*s", chars, (int)n, p);
		p += n + (nl != NULL);
	}
}

Test(submit, every_template_fills_in_every_language)
{
	static const char *const greeting[] = {
		"Dear Sir or Madam,", "Geachte mevrouw, geachte heer,", "Madame, Monsieur,"};
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	struct submit_msg sm;
	struct cot_err err = COT_ERR_INIT;
	char *dir = ready(&p, "submission:\n  from: \"it@sainte-elisabeth.test\"\n");

	check_bundle(&p, &b);
	for (int l = 0; l < LANG_COUNT; l++) {
		expect_width(submit_template((enum lang)l), 78);
		cr_assert_eq(submit_compose(&p, (enum lang)l, &b, "circleoftrust@belrai.org", T0,
				     &sm, &err),
			COT_OK, "%s", err.msg);
		cr_expect(strstr(sm.body, greeting[l]), "%s", sm.body);
		cr_expect(strstr(sm.body, b.sha256), "the digest is in the body");
		cr_expect(strstr(sm.body, "0403.019.261"));
		cr_expect(strstr(sm.body, "  - documents/vitalink-contract.pdf\n"), "%s", sm.body);
		cr_expect(strstr(sm.subject, "Maison Sainte-Élisabeth"), "%s", sm.subject);
		cr_expect_null(strchr(sm.body, '{'), "a placeholder left: %s", sm.body);
		expect_width(sm.body, 78);
		submit_msg_release(&sm);
	}
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, the_sender_and_the_names)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	struct submit_msg sm;
	struct cot_err err = COT_ERR_INIT;
	const char *from;
	char *dir = ready(&p, "contacts:\n  security_officer: {name: \"Jan Peeters\"}\n");

	check_bundle(&p, &b);
	cr_expect_eq(submit_sender(&p.cfg, &from, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "submission: from:"), "%s", err.msg);
	cr_expect_eq(submit_compose(&p, LANG_EN, &b, "circleoftrust@belrai.org", T0, &sm, &err),
		COT_USAGE);
	submit_msg_release(&sm);
	project_release(&p);
	/* the officer's address: the officer's name */
	put(dir, "cot.yaml",
		"format: cot.project/1\norganisation:\n  name: \"Maison Sainte-Élisabeth\"\n"
		"  kbo: \"0403019261\"\n  route: vitalink\ncontacts:\n  security_officer: "
		"{name: \"Jan Peeters\", email: \"jan@sainte-elisabeth.test\"}\n");
	reopen(&p, dir);
	cr_assert_eq(submit_compose(&p, LANG_EN, &b, "circleoftrust@belrai.org", T0, &sm, &err),
		COT_OK, "%s", err.msg);
	cr_expect_str_eq(sm.from, "jan@sainte-elisabeth.test");
	cr_expect_str_eq(sm.from_name, "Jan Peeters");
	cr_expect_str_eq(sm.reply_to, "jan@sainte-elisabeth.test");
	cr_expect(strstr(sm.message_id, "@sainte-elisabeth.test"), "%s", sm.message_id);
	cr_expect_str_eq(sm.attach_name, "0403019261-2026-11-22.asice");
	cr_expect(strstr(sm.msg.head, "\r\nReply-To: <jan@sainte-elisabeth.test>\r\n"));
	cr_expect(strstr(sm.body, "\nJan Peeters\nMaison Sainte-Élisabeth\n"), "%s", sm.body);
	submit_msg_release(&sm);
	/* a recipient that is not ASCII */
	cr_expect_eq(submit_compose(&p, LANG_EN, &b, "cöt@belrai.org", T0, &sm, &err), COT_USAGE);
	submit_msg_release(&sm);
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, sends_are_recorded_as_the_step_then_as_resubmitted)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	struct submit_msg sm;
	struct submit_record r;
	struct journal j = JOURNAL_INIT;
	struct smtp_result res = {250, "250 2.0.0 Ok: queued as X1", 2};
	struct lock lk = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	char text[1024];
	char *dir = ready(&p, "submission:\n  from: \"it@sainte-elisabeth.test\"\n");
	json_t *js;

	check_bundle(&p, &b);
	cr_assert_eq(submit_compose(&p, LANG_NL, &b, "circleoftrust@belrai.org", T0, &sm, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_expect_not(submit_last(&j, &r));
	submit_status_text(&j, LANG_EN, text, sizeof(text));
	cr_expect_str_eq(text, "not sent yet ('cot submit' sends it)");
	cr_expect(json_is_null(submit_status_json(&j)));
	cr_expect_eq(submit_can_record(&p, &j, time(NULL), &err), COT_OK, "%s", err.msg);
	journal_release(&j);
	cr_assert_eq(project_lock(&p, &lk, &err), COT_OK);
	cr_assert_eq(submit_record_written(&p, &lk, &sm, &b, "out/x.eml", &err), COT_OK);
	cr_assert_eq(
		submit_record_sent(&p, &lk, &sm, &b, "smtp://mail.test", &res, time(NULL), &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert(submit_step_done(&p, &j));
	cr_assert(submit_last_sent(&j, b.sha256, &r));
	cr_expect_eq(r.how, SUBMIT_HOW_SENT);
	cr_expect_str_eq(r.message_id, sm.message_id);
	cr_expect_str_eq(r.to, "circleoftrust@belrai.org");
	cr_expect_str_eq(r.reply, "250 2.0.0 Ok: queued as X1");
	cr_expect_str_eq(r.server, "smtp://mail.test");
	cr_expect_not(submit_last_sent(
		&j, "0000000000000000000000000000000000000000000000000000000000000000", &r));
	journal_release(&j);
	cr_assert_eq(
		submit_record_sent(&p, &lk, &sm, &b, "smtp://mail.test", &res, time(NULL), &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_assert(submit_last(&j, &r));
	cr_expect_eq(r.how, SUBMIT_HOW_RESENT);
	cr_expect_eq(strcmp(j.v[j.n - 1].event, SUBMIT_RESENT), 0);
	i18n_init(); /* the build's catalogs: the status text is gettext's */
	submit_status_text(&j, LANG_FR, text, sizeof(text));
	cr_expect(strncmp(text, "renvoyé le ", 11) == 0, "%s", text);
	cr_expect(strstr(text, "à circleoftrust@belrai.org, Message-ID <"), "%s", text);
	js = submit_status_json(&j);
	cr_expect_str_eq(json_string_value(json_object_get(js, "how")), "resent");
	cr_expect_str_eq(json_string_value(json_object_get(js, "sha256")), b.sha256);
	json_decref(js);
	journal_release(&j);
	lock_release(&lk);
	submit_msg_release(&sm);
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, a_message_for_a_mail_client_is_not_a_send)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	struct submit_msg sm;
	struct submit_record r;
	struct journal j = JOURNAL_INIT;
	struct lock lk = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	char text[1024];
	char *dir = ready(&p, "submission:\n  from: \"it@sainte-elisabeth.test\"\n");

	check_bundle(&p, &b);
	cr_assert_eq(
		submit_compose(&p, LANG_NL, &b, "circleoftrust@belrai.org", T0, &sm, &err), COT_OK);
	cr_assert_eq(project_lock(&p, &lk, &err), COT_OK);
	cr_assert_eq(submit_record_written(&p, &lk, &sm, &b, "out/x.eml", &err), COT_OK);
	lock_release(&lk);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_expect_not(submit_last_sent(&j, NULL, &r));
	cr_expect_not(submit_step_done(&p, &j));
	cr_assert(submit_last(&j, &r));
	cr_expect_eq(r.how, SUBMIT_HOW_WRITTEN);
	cr_expect_str_eq(r.file, "out/x.eml");
	i18n_init(); /* the build's catalogs: the status text is gettext's */
	submit_status_text(&j, LANG_NL, text, sizeof(text));
	cr_expect(strstr(text, "voor een mailprogramma geschreven, gericht aan "), "%s", text);
	cr_expect(strstr(text, "(out/x.eml)"), "%s", text);
	cr_expect(strstr(text, "'cot done submitted'"), "%s", text);
	journal_release(&j);
	submit_msg_release(&sm);
	submit_bundle_release(&b);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, a_step_cannot_be_recorded_before_its_prerequisites)
{
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *dir = project(&p, "T", "");

	record_steps(&p, 3);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	cr_expect_eq(submit_can_record(&p, &j, time(NULL), &err), COT_FINDINGS);
	cr_expect(strstr(err.msg, "vitalink-contract-received, contract-signed"), "%s", err.msg);
	journal_release(&j);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}

Test(submit, recording_without_the_lock_is_a_bug, .signal = SIGABRT)
{
	struct project p = PROJECT_INIT;
	struct submit_bundle b;
	struct submit_msg sm;
	struct smtp_result res = {250, "250 ok", 1};
	struct lock lk = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;

	submit_bundle_init(&b);
	submit_msg_init(&sm);
	submit_record_sent(&p, &lk, &sm, &b, "smtp://x", &res, T0, &err);
}

/* A vendor's project: readiness counts the errors cot check finds in samples/ and screenshots/. */
Test(submit, readiness_of_a_vendor_counts_sample_errors_not_warnings)
{
	struct project p = PROJECT_INIT;
	struct journal j = JOURNAL_INIT;
	struct submit_missing m;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	char *dir = test_tmpdir(), *f;
	const char *item = NULL;

	put(dir, "cot.yaml",
		"format: cot.project/1\norganisation:\n  name: \"V\"\n  kbo: \"0403019261\"\n"
		"  kind: vendor\n  product: \"P\"\n  product-version: \"1\"\n");
	f = test_path(dir, ".cot");
	cr_assert_eq(fs_mkdir(f, 0700, &err), COT_OK);
	free(f);
	cr_assert_eq(project_open(dir, &p, &d, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK);
	/* neither folder: two errors */
	cr_assert_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_FINDINGS);
	for (int i = 0; i < m.n; i++)
		if (strstr(m.item[i], "samples and screenshots"))
			item = m.item[i];
	cr_assert_not_null(item);
	cr_expect(strstr(item, "not ready: 2 errors ('cot check' lists them)"), "%s", item);
	/* a screenshot, and in samples/ only a file that is a warning: one error left */
	f = test_path(dir, "samples");
	cr_assert_eq(fs_mkdir(f, 0755, &err), COT_OK);
	free(f);
	f = test_path(dir, "screenshots");
	cr_assert_eq(fs_mkdir(f, 0755, &err), COT_OK);
	free(f);
	put(dir, "samples/notes.txt", "not a sample");
	put(dir, "screenshots/a.png", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
	cr_assert_eq(submit_check_ready(&p, &j, T0, &m, &err), COT_FINDINGS);
	item = NULL;
	for (int i = 0; i < m.n; i++)
		if (strstr(m.item[i], "samples and screenshots"))
			item = m.item[i];
	cr_assert_not_null(item);
	cr_expect(strstr(item, "not ready: 1 error ('cot check' lists them)"), "%s", item);
	journal_release(&j);
	diag_list_release(&d);
	project_release(&p);
	test_rmtree(dir);
	free(dir);
}
