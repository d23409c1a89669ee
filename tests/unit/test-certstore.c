/* Unit tests of the certificate store: public PEM files, the current one from the journal, status.
 */
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "cot/certstore.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/procedure.h"
#include "cot/testpki.h"
#include "helpers.h"

#define DAY 86400L
#define KBO "0566988259"
#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/* A project directory with .cot/ (no certs/ yet) and the organisation's KBO. */
static void new_project(struct project *p)
{
	char *state;

	memset(p, 0, sizeof(*p));
	p->root = test_tmpdir();
	state = test_path(p->root, ".cot");
	cr_assert_eq(mkdir(state, 0700), 0);
	free(state);
	strcpy(p->cfg.kbo, KBO);
	p->cfg.route = ROUTE_DIRECT;
}

static void drop_project(struct project *p)
{
	test_rmtree(p->root);
	free(p->root);
}

struct pki {
	X509 *ca, *org;
	EVP_PKEY *ca_key, *org_key;
	STACK_OF(X509) *chain;
};

/* An organisation certificate valid from nb to na, issued by a fresh CA. */
static void make_pki(struct pki *k, const char *kbo, time_t nb, time_t na)
{
	struct testpki_org o = {"CBE", kbo, "WZC ZONNEWEIDE", NULL, nb, na};
	struct cot_err err = COT_ERR_INIT;
	time_t now = time(NULL);

	cr_assert_eq(testpki_make_ca("store test CA", NULL, NULL, now - 3650 * DAY,
			     now + 3650 * DAY, &k->ca, &k->ca_key, &err),
		COT_OK, "%s", err.msg);
	cr_assert_eq(testpki_make_org(&o, k->ca, k->ca_key, &k->org, &k->org_key, &err), COT_OK,
		"%s", err.msg);
	k->chain = sk_X509_new_null();
	sk_X509_push(k->chain, k->ca);
}

static void free_pki(struct pki *k)
{
	sk_X509_free(k->chain);
	X509_free(k->ca);
	X509_free(k->org);
	EVP_PKEY_free(k->ca_key);
	EVP_PKEY_free(k->org_key);
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p++)
		n++;
	return n;
}

Test(store, write_private_files_with_certificates_only)
{
	struct project p;
	struct pki k;
	struct cot_err err = COT_ERR_INIT;
	char sha[65], *path, *dir, *rel, *text;
	bool created = false;
	struct stat st;
	time_t now = time(NULL);

	new_project(&p);
	make_pki(&k, KBO, now - DAY, now + 1000 * DAY);
	cr_assert_eq(
		certstore_write(&p, k.org, k.chain, sha, &created, &err), COT_OK, "%s", err.msg);
	cr_expect(created);
	cr_expect_eq(strlen(sha), 64);
	dir = test_path(p.root, ".cot/certs");
	cr_assert_eq(stat(dir, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0700);
	path = certstore_path(&p, sha);
	rel = certstore_relpath(sha);
	cr_expect(strstr(path, rel) && strncmp(rel, ".cot/certs/", 11) == 0, "%s", rel);
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_eq(st.st_mode & 0777, 0600);
	text = test_read(path);
	cr_expect_eq(count(text, "-----BEGIN CERTIFICATE-----"), 2);
	cr_expect_eq(count(text, "-----BEGIN "), 2, "something else than certificates");
	cr_expect_null(strstr(text, "PRIVATE"));
	cr_assert_eq(certstore_write(&p, k.org, k.chain, sha, &created, &err), COT_OK);
	cr_expect_not(created, "the same certificate again is no new file");
	certstore_remove(&p, sha);
	cr_expect_not(fs_exists(path));
	free(rel);
	free(path);
	free(dir);
	free_pki(&k);
	drop_project(&p);
}

Test(store, load_checks_what_it_reads)
{
	struct project p;
	struct pki k, other;
	struct cot_err err = COT_ERR_INIT;
	struct cert_bundle b;
	char sha[65], sha2[65], *path, *path2, *junk;
	const char *key = "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n";
	bool created;
	time_t now = time(NULL);

	new_project(&p);
	make_pki(&k, KBO, now - DAY, now + 1000 * DAY);
	make_pki(&other, KBO, now - DAY, now + 1000 * DAY);
	cr_assert_eq(certstore_write(&p, k.org, k.chain, sha, &created, &err), COT_OK);
	cert_bundle_init(&b);
	cr_assert_eq(certstore_load(&p, sha, &b, &err), COT_OK, "%s", err.msg);
	cr_expect_eq(X509_cmp(b.leaf, k.org), 0);
	cr_expect_eq(sk_X509_num(b.chain), 1);
	cert_bundle_release(&b);
	/* another certificate under this name */
	cr_assert_eq(certstore_write(&p, other.org, NULL, sha2, &created, &err), COT_OK);
	path = certstore_path(&p, sha);
	path2 = certstore_path(&p, sha2);
	cr_assert_eq(rename(path2, path), 0);
	cr_expect_eq(certstore_load(&p, sha, &b, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "does not hold the certificate its name says"), "%s", err.msg);
	cr_expect_null(b.leaf);
	/* a private key slipped in */
	cr_assert_eq(certstore_write(&p, k.org, NULL, sha, &created, &err), COT_OK);
	junk = malloc(strlen(test_read(path)) + strlen(key) + 1);
	strcpy(junk, test_read(path));
	strcat(junk, key);
	test_write(path, junk);
	free(junk);
	cr_expect_eq(certstore_load(&p, sha, &b, &err), COT_USAGE);
	cr_expect(strstr(err.msg, "private key"), "%s", err.msg);
	/* lost */
	unlink(path);
	cr_expect_eq(certstore_load(&p, sha, &b, &err), COT_ENV);
	cr_expect(strstr(err.msg, "lost"), "%s", err.msg);
	cr_expect_eq(certstore_load(&p, "../../etc/passwd", &b, &err), COT_USAGE);
	free(path);
	free(path2);
	free_pki(&k);
	free_pki(&other);
	drop_project(&p);
}

/* ---- the current certificate from the journal ---- */

struct fake {
	struct journal j;
	struct jrec v[16];
};

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->j.v = f->v;
}

static void rec(struct fake *f, const char *event, json_t *data)
{
	struct jrec *r = &f->v[f->j.n++];

	memset(r, 0, sizeof(*r));
	r->seq = f->j.n;
	r->time = "2026-05-01T10:00:00Z";
	r->event = event;
	r->actor = "t";
	r->obj = json_pack("{s:o}", "data", data);
	f->j.v = f->v;
}

static void fake_release(struct fake *f)
{
	for (size_t i = 0; i < f->j.n; i++)
		json_decref(f->v[i].obj);
}

static json_t *step(const char *id, const char *date, const char *sha)
{
	json_t *o = json_pack("{s:s, s:s}", "step", id, "date", date);

	if (sha)
		json_object_set_new(o, "sha256", json_string(sha));
	return o;
}

Test(current, replays_requests_imports_and_revokes)
{
	struct fake f;
	struct cert_current c;

	fake_init(&f);
	certstore_current(&f.j, &c);
	cr_expect_not(c.found);
	cr_expect_not(c.requested);
	rec(&f, "step", step("cert-requested", "2026-01-02", NULL));
	certstore_current(&f.j, &c);
	cr_expect(c.requested);
	cr_expect_str_eq(c.requested_date, "2026-01-02");
	rec(&f, "step", step("cert-received", "2026-01-10", SHA_A));
	certstore_current(&f.j, &c);
	cr_expect(c.found);
	cr_expect_str_eq(c.sha256, SHA_A);
	cr_expect_str_eq(c.date, "2026-01-10");
	cr_expect_eq(c.seq, 2);
	rec(&f, "cert-renewal-requested", json_pack("{s:s}", "date", "2028-11-01"));
	certstore_current(&f.j, &c);
	cr_expect(c.renewal_requested);
	cr_expect_str_eq(c.renewal_date, "2028-11-01");
	rec(&f, "cert-imported", json_pack("{s:s, s:s}", "sha256", SHA_B, "date", "2028-11-05"));
	certstore_current(&f.j, &c);
	cr_expect_str_eq(c.sha256, SHA_B);
	cr_expect_not(c.renewal_requested, "the new certificate ends the renewal");
	rec(&f, "revoke", json_pack("{s:s, s:s}", "step", "cert-received", "note", "wrong"));
	certstore_current(&f.j, &c);
	cr_expect_not(c.found);
	cr_expect(c.requested);
	rec(&f, "step", step("cert-received", "2028-11-06", NULL));
	certstore_current(&f.j, &c);
	cr_expect_not(c.found);
	cr_expect(c.received_only, "cot done cert-received without a certificate");
	rec(&f, "cert-imported", json_pack("{s:s, s:s}", "sha256", "not-a-hash", "date", "x"));
	certstore_current(&f.j, &c);
	cr_expect_not(c.found, "a malformed hash is no certificate");
	fake_release(&f);
}

/* ---- summaries ---- */

/* The summary of a project whose current certificate is valid from nb to na, at now. */
static void summary_at(const char *kbo, time_t nb, time_t na, time_t now, struct cert_summary *s)
{
	struct project p;
	struct pki k;
	struct fake f;
	struct cot_err err = COT_ERR_INIT;
	char sha[65];
	bool created;

	fake_init(&f);
	new_project(&p);
	make_pki(&k, kbo, nb, na);
	cr_assert_eq(certstore_write(&p, k.org, k.chain, sha, &created, &err), COT_OK);
	rec(&f, "step", step("cert-requested", "2026-01-02", NULL));
	rec(&f, "step", step("cert-received", "2026-01-10", sha));
	cr_assert_eq(certstore_summary(&p, &f.j, now, s, &err), COT_OK, "%s", err.msg);
	fake_release(&f);
	free_pki(&k);
	drop_project(&p);
}

static const char *advice(const struct cert_summary *s, enum lang l)
{
	static char out[1024];

	certstore_advice(s, l, out, sizeof(out));
	return out;
}

Test(summary, states_by_date)
{
	time_t nb = 1800000000, na = nb + 1095 * DAY; /* 2027-01-15 to 2030-01-14 */
	struct cert_summary s;
	char want[256];

	summary_at(KBO, nb, na, nb + DAY, &s);
	cr_expect_eq(s.state, CERT_STATE_VALID);
	cr_expect_str_eq(cert_state_name(s.state), "valid");
	cr_expect_str_eq(s.identifier, "CBE=" KBO);
	cr_expect_str_eq(s.name, "WZC ZONNEWEIDE");
	cr_expect_eq(s.days_left, 1094);
	snprintf(want, sizeof(want),
		"valid until %s (1094 days left); the renewal window opens "
		"on %s",
		s.not_after_date, s.renewal_opens);
	cr_expect_str_eq(advice(&s, LANG_EN), want);
	summary_at(KBO, nb, na, na - 30 * DAY, &s);
	cr_expect_eq(s.state, CERT_STATE_RENEW);
	snprintf(want, sizeof(want),
		"renew now: the renewal window opened on %s, it closes on %s "
		"(30 days left)",
		s.renewal_opens, s.not_after_date);
	cr_expect_str_eq(advice(&s, LANG_EN), want);
	i18n_init(); /* the build's catalogs: the advice is gettext's */
	cr_expect(strstr(advice(&s, LANG_NL), "vernieuw nu"), "%s", advice(&s, LANG_NL));
	cr_expect(strstr(advice(&s, LANG_FR), "renouvelez maintenant"), "%s", advice(&s, LANG_FR));
	summary_at(KBO, nb, na, na, &s);
	cr_expect_eq(s.state, CERT_STATE_EXPIRED);
	cr_expect(strstr(advice(&s, LANG_EN), "it cannot be renewed, request a new certificate"));
	summary_at(KBO, nb, na, nb - 1, &s);
	cr_expect_eq(s.state, CERT_STATE_NOT_YET_VALID);
	summary_at("0403019261", nb, na, nb + DAY, &s);
	cr_expect_eq(s.state, CERT_STATE_MISMATCH);
	cr_expect(strstr(advice(&s, LANG_EN), "the certificate is for CBE 0403019261, the project "
					      "is KBO " KBO),
		"%s", advice(&s, LANG_EN));
}

Test(summary, without_a_certificate)
{
	struct project p;
	struct fake f;
	struct cot_err err = COT_ERR_INIT;
	struct cert_summary s;

	fake_init(&f);
	new_project(&p);
	cr_assert_eq(certstore_summary(&p, &f.j, time(NULL), &s, &err), COT_OK);
	cr_expect_eq(s.state, CERT_STATE_NONE);
	rec(&f, "step", step("cert-requested", "2026-01-02", NULL));
	cr_assert_eq(certstore_summary(&p, &f.j, time(NULL), &s, &err), COT_OK);
	cr_expect_eq(s.state, CERT_STATE_REQUESTED);
	cr_expect(
		strstr(advice(&s, LANG_EN), "requested on 2026-01-02"), "%s", advice(&s, LANG_EN));
	rec(&f, "step", step("cert-received", "2026-01-10", NULL));
	cr_assert_eq(certstore_summary(&p, &f.j, time(NULL), &s, &err), COT_OK);
	cr_expect_eq(s.state, CERT_STATE_RECEIVED_ONLY);
	rec(&f, "cert-imported", json_pack("{s:s, s:s}", "sha256", SHA_A, "date", "2026-02-01"));
	cr_assert_eq(certstore_summary(&p, &f.j, time(NULL), &s, &err), COT_OK);
	cr_expect_eq(s.state, CERT_STATE_UNREADABLE, "the journal names a file the store lacks");
	cr_expect(strstr(advice(&s, LANG_EN), "cannot be read: the certificate store lost"), "%s",
		advice(&s, LANG_EN));
	fake_release(&f);
	drop_project(&p);
}

Test(summary, renewal_pending)
{
	time_t nb = 1800000000, na = nb + 1095 * DAY;
	struct cert_summary s;

	summary_at(KBO, nb, na, na - 10 * DAY, &s);
	s.cur.renewal_requested = true;
	strcpy(s.cur.renewal_date, "2029-12-01");
	cr_expect(strstr(advice(&s, LANG_EN), "renewal requested on 2029-12-01: import the new "
					      "certificate"),
		"%s", advice(&s, LANG_EN));
}

/* cot cert import's transaction: refused before cert-requested, stored once, a renewal after. */
Test(import, records_once_and_refuses_before_the_request)
{
	struct project p;
	struct pki k;
	struct cot_err err = COT_ERR_INIT;
	struct certstore_import r;
	struct journal j = JOURNAL_INIT;
	struct cert_current cur;
	char today[11], *dir;
	time_t now = time(NULL);

	new_project(&p);
	make_pki(&k, KBO, now - DAY, now + 365 * DAY);
	date_format(now, today);
	dir = test_path(p.root, ".cot/certs");
	cr_assert_eq(certstore_import(&p, k.org, k.chain, today, json_object(), &r, &err),
		COT_FINDINGS, "%s", err.msg);
	cr_expect(strstr(err.msg, "cert-requested is not recorded"), "%s", err.msg);
	cr_expect_not(fs_exists(dir), "nothing may be stored before the request");
	cr_assert_eq(
		procedure_record(&p, "cert-requested", today, NULL, &err), COT_OK, "%s", err.msg);
	cr_assert_eq(certstore_import(&p, k.org, k.chain, today, json_object(), &r, &err), COT_OK,
		"%s", err.msg);
	cr_expect(r.created && !r.renewal && !r.same);
	cr_assert_eq(project_journal_load(&p, &j, &err), COT_OK, "%s", err.msg);
	certstore_current(&j, &cur);
	journal_release(&j);
	cr_expect(cur.found && strcmp(cur.sha256, r.sha256) == 0);
	cr_assert_eq(certstore_import(&p, k.org, k.chain, today, json_object(), &r, &err), COT_OK,
		"%s", err.msg);
	cr_expect(r.renewal && r.same, "the current certificate again changes nothing");
	cr_expect_str_eq(r.received, today);
	cr_expect_eq(certstore_import(&p, k.org, k.chain, "2999-01-01", json_object(), &r, &err),
		COT_USAGE, "a renewal dated in the future is refused");
	free(dir);
	free_pki(&k);
	drop_project(&p);
}
