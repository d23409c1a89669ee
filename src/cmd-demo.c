/* cot demo: the whole procedure on sample data, every command shown; --vendor a vendor's. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cot/clock.h"
#include "cot/buf.h"
#include "cot/checklist.h"
#include "cot/cli.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/fsutil.h"
#include "cot/mem.h"
#include "cot/testpki.h"
#include "cot/ytext.h"

enum { O_VENDOR = 256 };

static const struct option demo_options[] = {
	{"vendor", no_argument, NULL, O_VENDOR},
	{NULL, 0, NULL, 0},
};

/* A one-page PDF standing in for a scanned Official Gazette extract. */
static const char sample_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
	"trailer << /Root 1 0 R >>\n"
	"%%EOF\n";

/* A vendor's KMEHR sample: a fictitious BelRAI report (the INSS fails its check digits). */
static const char sample_kmehr[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<kmehrmessage xmlns=\"http://www.ehealth.fgov.be/standards/kmehr/schema/v1\">\n"
	"  <header>\n"
	"    <standard>\n"
	"      <cd S=\"CD-STANDARD\" SV=\"1.32\">20200901</cd>\n"
	"    </standard>\n"
	"    <id S=\"ID-KMEHR\" SV=\"1.0\">0809394427.20260701.1</id>\n"
	"    <date>2026-07-01</date>\n"
	"    <time>10:00:00</time>\n"
	"    <sender>\n"
	"      <hcparty>\n"
	"        <id S=\"ID-HCPARTY\" SV=\"1.0\">0809394427</id>\n"
	"        <cd S=\"CD-HCPARTY\" SV=\"1.16\">application</cd>\n"
	"        <name>CareSoft 4.2</name>\n"
	"      </hcparty>\n"
	"    </sender>\n"
	"    <recipient>\n"
	"      <hcparty>\n"
	"        <cd S=\"CD-HCPARTY\" SV=\"1.16\">application</cd>\n"
	"        <name>BelRAI</name>\n"
	"      </hcparty>\n"
	"    </recipient>\n"
	"  </header>\n"
	"  <folder>\n"
	"    <id S=\"ID-KMEHR\" SV=\"1.0\">1</id>\n"
	"    <patient>\n"
	"      <id S=\"ID-PATIENT\" SV=\"1.0\">85073003300</id>\n"
	"      <firstname>Jan</firstname>\n"
	"      <familyname>Voorbeeld</familyname>\n"
	"      <birthdate>\n"
	"        <date>1985-07-30</date>\n"
	"      </birthdate>\n"
	"      <sex>\n"
	"        <cd S=\"CD-SEX\" SV=\"1.1\">male</cd>\n"
	"      </sex>\n"
	"    </patient>\n"
	"    <transaction>\n"
	"      <id S=\"ID-KMEHR\" SV=\"1.0\">1</id>\n"
	"      <cd S=\"CD-TRANSACTION\" SV=\"1.17\">belrai-report</cd>\n"
	"      <date>2026-07-01</date>\n"
	"      <time>10:00:00</time>\n"
	"      <author>\n"
	"        <hcparty>\n"
	"          <cd S=\"CD-HCPARTY\" SV=\"1.16\">persnurse</cd>\n"
	"          <firstname>Els</firstname>\n"
	"          <familyname>Voorbeeld</familyname>\n"
	"        </hcparty>\n"
	"      </author>\n"
	"      <iscomplete>true</iscomplete>\n"
	"      <isvalidated>true</isvalidated>\n"
	"      <item>\n"
	"        <id S=\"ID-KMEHR\" SV=\"1.0\">1</id>\n"
	"        <cd S=\"CD-ITEM\" SV=\"1.13\">belrai</cd>\n"
	"        <content>\n"
	"          <text L=\"nl\">Beoordeling thuiszorg (fictief)</text>\n"
	"        </content>\n"
	"      </item>\n"
	"    </transaction>\n"
	"  </folder>\n"
	"</kmehrmessage>\n";

/* A screenshot stand-in: a PNG of one pixel. */
static const char sample_png[] =
	"\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01"
	"\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0d\x49\x44\x41"
	"\x54\x78\xda\x63\x64\x60\xf8\x5f\x0f\x00\x02\x87\x01\x80\xeb\x47\xba\x92\x00\x00"
	"\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

/* s as one shell word: as it is when plain, else in single quotes (the caller frees it). */
static char *shell_word(const char *s)
{
	static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				    "0123456789@%+=:,./_-";
	struct buf b = BUF_INIT;

	if (*s && strspn(s, plain) == strlen(s))
		return xstrdup(s);
	buf_adds(&b, "'");
	for (; *s; s++)
		if (*s == '\'')
			buf_adds(&b, "'\\''");
		else
			buf_add(&b, s, 1);
	buf_adds(&b, "'");
	return buf_detach(&b, NULL);
}

static void print_word(const char *s)
{
	char *w = shell_word(s);

	fputs(w, stdout);
	free(w);
}

/*
 * Runs "cot" with the arguments up to NULL in-process, shown first as a command a user
 * can copy into a shell.
 */
static int run(const char *arg, ...) __attribute__((sentinel));

static int run(const char *arg, ...)
{
	char *argv[32], *own[32];
	struct i18n_state lang;
	int argc = 0, rc;
	va_list ap;

	own[argc++] = xstrdup("cot");
	fputs("\n$ cot", stdout);
	va_start(ap, arg);
	for (; arg; arg = va_arg(ap, const char *)) {
		if (argc == 31)
			abort(); /* a demo step with more arguments than this is a bug */
		own[argc++] = xstrdup(arg);
		putchar(' ');
		print_word(arg);
	}
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	memcpy(argv, own, argc * sizeof(*argv)); /* getopt permutes argv */
	argv[argc] = NULL;
	i18n_save(&lang);
	rc = cot_main(argc, argv);
	/* the demo goes on in its own language, not in the sample project's */
	i18n_restore(&lang);
	fflush(stdout);
	for (int i = 0; i < argc; i++)
		free(own[i]);
	return rc;
}

#define DEMO_PASSWORD_ENV "COT_DEMO_PASSWORD"
#define DEMO_TRUST "trust/cot-demo-ca.pem"

/* The demo's throwaway PKI: the keystore lies outside the project, its password in the environment.
 */
struct demo_pki {
	char keydir[32];
	char *keystore;
	char password[33];
	X509 *root, *issuing, *org;
	EVP_PKEY *root_key, *issuing_key, *org_key;
};

static void demo_pki_release(struct demo_pki *k)
{
	char *env = getenv(DEMO_PASSWORD_ENV);

	if (k->keystore)
		unlink(k->keystore);
	if (k->keydir[0])
		rmdir(k->keydir);
	if (env)
		OPENSSL_cleanse(env, strlen(env));
	unsetenv(DEMO_PASSWORD_ENV);
	OPENSSL_cleanse(k->password, sizeof(k->password));
	free(k->keystore);
	X509_free(k->root);
	X509_free(k->issuing);
	X509_free(k->org);
	EVP_PKEY_free(k->root_key);
	EVP_PKEY_free(k->issuing_key);
	EVP_PKEY_free(k->org_key);
	memset(k, 0, sizeof(*k));
}

#define YEAR (365 * 86400)

/* The sample organisation as its certificate, received on the day received, names it. */
static struct testpki_org demo_org(time_t received)
{
	return (struct testpki_org){"CBE", "0566988259", "WZC ZONNEWEIDE", NULL, received - 86400,
		received - 86400 + 3 * YEAR};
}

/* An eHealth-like root and issuing CA, and a certificate of org. */
static int demo_pki_certs(const struct testpki_org *org, struct demo_pki *k, struct cot_err *err)
{
	time_t now = clock_now(), year = YEAR;
	int rc;

	rc = testpki_make_ca("cot demo root CA", NULL, NULL, now - 5 * year, now + 20 * year,
		&k->root, &k->root_key, err);
	if (!rc)
		rc = testpki_make_ca("cot demo eHealth issuing CA", k->root, k->root_key,
			now - 4 * year, now + 10 * year, &k->issuing, &k->issuing_key, err);
	if (!rc)
		rc = testpki_make_org(org, k->issuing, k->issuing_key, &k->org, &k->org_key, err);
	return rc;
}

/*
 * The keystore name (friendly name "authentication", with the chain) in a new temporary
 * directory outside the project, its password in the environment, and the root CA in
 * dir/anchor_name (a file in trust/, made when missing).
 */
static int demo_pki_files(const char *dir, const char *anchor_name, const char *name,
	struct demo_pki *k, struct cot_err *err)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	char *trust = path_join(dir, "trust"), *anchor = path_join(dir, anchor_name);
	int rc = COT_OK;

	snprintf(k->keydir, sizeof(k->keydir), "/tmp/cot-demo-keys-XXXXXX");
	if (!chain || !sk_X509_push(chain, k->issuing) || !sk_X509_push(chain, k->root)) {
		rc = cot_err_nomem(err);
	} else if (!mkdtemp(k->keydir)) {
		k->keydir[0] = '\0';
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot create a temporary directory"));
	} else {
		k->keystore = path_join(k->keydir, name);
		rc = testpki_password(k->password, sizeof(k->password), err);
	}
	if (!rc)
		rc = testpki_write_p12(
			k->keystore, k->org, k->org_key, chain, "authentication", k->password, err);
	if (!rc && setenv(DEMO_PASSWORD_ENV, k->password, 1) < 0)
		rc = cot_err_sys(err, COT_ENV, errno, _("cannot set %s"), DEMO_PASSWORD_ENV);
	if (!rc)
		rc = fs_mkdir(trust, 0755, err);
	if (!rc)
		rc = testpki_write_pem(anchor, k->root, 0644, err);
	sk_X509_free(chain);
	free(trust);
	free(anchor);
	return rc;
}

/* The demo project trusts the demo's root CA rather than eHealth's. */
static int demo_trust(const char *dir, struct cot_err *err)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	char *text = NULL;
	int rc = project_open(dir, &p, &d, err);

	if (!rc) {
		for (size_t i = 0; i < p.cfg.trust.n; i++)
			free(p.cfg.trust.v[i]);
		p.cfg.trust.n = 0;
		p.cfg.trust.v = realloc(p.cfg.trust.v, 2 * sizeof(char *));
		if (!p.cfg.trust.v || !(p.cfg.trust.v[0] = strdup(DEMO_TRUST)))
			mem_die();
		p.cfg.trust.n = 1;
		text = config_render(&p.cfg);
		rc = fs_write_atomic(p.config_path, text, strlen(text), 0644, err);
	}
	free(text);
	diag_list_release(&d);
	project_release(&p);
	return rc;
}

/* cot cert request's certificate arrives: a throwaway PKI plays eHealth. */
static int demo_cert(const char *dir, const char *received)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org org;
	struct demo_pki k;
	time_t t = clock_now();
	int rc;

	memset(&k, 0, sizeof(k));
	date_parse(received, &t);
	org = demo_org(t);
	printf(_("\n# eHealth is played by a throwaway test PKI made now: its root CA goes to %s "
		 "(and cot.yaml trusts it instead of eHealth's CAs), the keystore to a temporary "
		 "directory outside the project, its random password to $%s\n"),
		DEMO_TRUST, DEMO_PASSWORD_ENV);
	rc = demo_pki_certs(&org, &k, &err);
	if (!rc)
		rc = demo_pki_files(dir, DEMO_TRUST, "zonneweide.p12", &k, &err);
	if (!rc)
		rc = demo_trust(dir, &err);
	if (rc)
		cli_err(&err);
	if (!rc)
		rc = run("-C", dir, "cert", "import", k.keystore, "--password-env",
			DEMO_PASSWORD_ENV, "--date", received, NULL);
	if (!rc)
		rc = run("-C", dir, "cert", "show", NULL);
	if (!rc)
		rc = run("-C", dir, "cert", "check", NULL);
	demo_pki_release(&k);
	return rc;
}

static void day(time_t now, int days_ago, char out[11])
{
	date_format(now - (time_t)days_ago * 86400, out);
}

/* The sample answer to one requirement: compliant, but for two that show the other states. */
static void add_sample_answer(struct buf *b, const struct requirement *q, const struct project *p,
	const char *reviewed, const char *expires)
{
	const char *owner =
		p->cfg.security_officer.name ? p->cfg.security_officer.name : "Security officer";
	const char *approver = p->cfg.legal_representative.name ? p->cfg.legal_representative.name
								: "General manager";

	buf_addf(b, "  %s:\n", q->id);
	if (q->na_allowed && strcmp(q->id, "PHY-01") == 0) {
		buf_addf(b,
			"    status: not-applicable\n    justification: \"The care software and "
			"its data are hosted by the supplier: there is no server room of our "
			"own.\"\n"
			"    reviewed: %s\n",
			reviewed);
		return;
	}
	buf_adds(b, "    owner: ");
	ytext_quote(b, owner);
	if (strcmp(q->id, "OPS-03") == 0) {
		buf_addf(b,
			"\n    status: partial\n    note: \"The nurse-call server runs an "
			"operating system out of support until its replacement.\"\n    reviewed: "
			"%s\n"
			"    waiver:\n      justification: \"The server is isolated in its own "
			"network "
			"segment without internet access until the supplier replaces it.\"\n"
			"      approver: ",
			reviewed);
		ytext_quote(b, approver);
		buf_addf(b, "\n      expires: %s\n", expires);
		return;
	}
	buf_addf(b, "\n    status: compliant\n    evidence: [evidence/%s.pdf]\n    reviewed: %s\n",
		q->category, reviewed);
	if (q->answer == ANSWER_TEXT)
		buf_adds(b, "    note: \"Sample answer: see the evidence for the figures.\"\n");
}

/* Sample answers to every requirement that applies, and a sample evidence file per category. */
static int demo_answers(const char *dir)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cot_err err = COT_ERR_INIT;
	struct reqset rs = REQSET_INIT;
	struct buf b = BUF_INIT;
	char reviewed[11], expires[11], *set = NULL, *path = NULL;
	time_t now = clock_now();
	int rc;

	day(now, 14, reviewed);
	day(now, -180, expires);
	rc = project_open(dir, &p, &d, &err);
	if (!rc)
		rc = checklist_project_set(&p, &set, &err);
	if (!rc && (rc = reqset_load(set, NULL, &rs, &d, &err)) && !err.code)
		cot_err_set(&err, rc, _("the requirement set '%s' has errors"), set);
	if (rc)
		goto out;
	buf_adds(&b, "# Sample answers, written by 'cot demo'.\nformat: " ANSWERS_FORMAT
		     "\nrequirements: {id: ");
	ytext_quote(&b, rs.id);
	buf_adds(&b, ", version: ");
	ytext_quote(&b, rs.version);
	buf_adds(&b, "}\norganisation: {name: ");
	ytext_quote(&b, p.cfg.name);
	buf_addf(&b, ", kbo: \"%s\"}\nanswers:\n", p.cfg.kbo);
	for (size_t i = 0; i < rs.nreqs; i++)
		if (req_applies(&rs.reqs[i], p.cfg.route, p.cfg.kind))
			add_sample_answer(&b, &rs.reqs[i], &p, reviewed, expires);
	for (size_t i = 0; !rc && i < rs.ncats; i++) {
		char name[160];
		snprintf(name, sizeof(name), "evidence/%s.pdf", rs.cats[i].id);
		free(path);
		path = path_join(dir, name);
		rc = fs_write_atomic(path, sample_pdf, sizeof(sample_pdf) - 1, 0644, &err);
	}
	free(path);
	path = path_join(dir, p.cfg.answers ? p.cfg.answers : "checklist.yaml");
	if (!rc && b.failed)
		rc = cot_err_nomem(&err);
	if (!rc)
		rc = fs_write_atomic(path, b.data, b.len, 0644, &err);
	if (!rc)
		printf(_("\n(the demo answers every requirement in %s and puts a sample file per "
			 "category "
			 "in evidence/)\n"),
			p.cfg.answers ? p.cfg.answers : "checklist.yaml");
out:
	if (rc) {
		diag_print_text(stderr, &d, false);
		cli_err(&err);
	}
	free(path);
	free(set);
	buf_release(&b);
	reqset_release(&rs);
	diag_list_release(&d);
	project_release(&p);
	return rc;
}

/* The checklist: not ready at first; answered, linted, then checked, recorded and reported. */
static int demo_checklist(const char *dir)
{
	int rc;

	rc = run("-C", dir, "check", NULL);
	if (rc != COT_FINDINGS)
		return rc ? rc : cli_error(COT_ENV, _("a fresh checklist should not be ready"));
	if ((rc = demo_answers(dir)))
		return rc;
	if ((rc = run("-C", dir, "lint", "checklist.yaml", NULL)))
		return rc;
	if ((rc = run("-C", dir, "check", "--record", NULL)))
		return rc;
	return run("-C", dir, "check", "--format", "html", "-o", "out/report.html", NULL);
}

#define DEMO_SIGNING_TRUST "trust/cot-demo-signing-ca.pem"

/*
 * Adds the anchor of the signing keystore to the project's trust anchors, and from (when
 * not NULL) as the sender of its submission.
 */
static int demo_trust_signing_from(const char *dir, const char *from, struct cot_err *err)
{
	struct project p = PROJECT_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	char *text = NULL, **v;
	int rc = project_open(dir, &p, &d, err);

	if (!rc) {
		v = realloc(p.cfg.trust.v, (p.cfg.trust.n + 2) * sizeof(char *));
		if (!v || !(v[p.cfg.trust.n] = strdup(DEMO_SIGNING_TRUST)))
			mem_die();
		p.cfg.trust.v = v;
		p.cfg.trust.n++;
		if (from) {
			free(p.cfg.submit_from);
			p.cfg.submit_from = xstrdup(from);
		}
		text = config_render(&p.cfg);
		rc = text ? fs_write_atomic(p.config_path, text, strlen(text), 0644, err)
			  : cot_err_nomem(err);
	}
	free(text);
	diag_list_release(&d);
	project_release(&p);
	return rc;
}

static int demo_trust_signing(const char *dir, struct cot_err *err)
{
	return demo_trust_signing_from(dir, NULL, err);
}

/*
 * A throwaway PKI for org: its keystore (name, in a temporary directory outside the
 * project, its password in the environment) and its root CA in dir/anchor.
 */
static int demo_keystore(const char *dir, const char *anchor_name, const struct testpki_org *org,
	const char *name, struct demo_pki *k, struct cot_err *err)
{
	int rc = demo_pki_certs(org, k, err);

	return rc ? rc : demo_pki_files(dir, anchor_name, name, k, err);
}

/*
 * cot cert import keeps no key, and the demo's first keystore is gone: a second throwaway
 * keystore of the organisation, under a CA the project is told to trust, signs the bundle.
 */
static int demo_signing_keystore(const char *dir, struct demo_pki *k, struct cot_err *err)
{
	struct testpki_org org = demo_org(clock_now());
	int rc = demo_keystore(dir, DEMO_SIGNING_TRUST, &org, "zonneweide.p12", k, err);

	return rc ? rc : demo_trust_signing(dir, err);
}

/* The day's bundle of the sample organisation, relative to the project. */
static void demo_bundle_name(char out[64])
{
	char today[11];

	date_format(clock_now(), today);
	snprintf(out, 64, "out/0566988259-%s.asice", today);
}

/* The contract signed, a review copy, the signed bundle, and the authority's verification. */
static int demo_bundle(const char *dir)
{
	struct cot_err err = COT_ERR_INIT;
	struct demo_pki k;
	char bundle[64], *pdf = path_join(dir, "documents/belrai-contract.pdf");
	char *trust = NULL, *path = NULL;
	int rc;

	memset(&k, 0, sizeof(k));
	demo_bundle_name(bundle);
	rc = fs_write_atomic(pdf, sample_pdf, sizeof(sample_pdf) - 1, 0644, &err);
	free(pdf);
	if (rc)
		return cli_err(&err);
	if ((rc = run("-C", dir, "done", "contract-signed", "--file",
		     "documents/belrai-contract.pdf", NULL)))
		return rc;
	if ((rc = run("-C", dir, "bundle", "--unsigned", NULL)))
		return rc;
	printf(_("\n# The keystore imported earlier is gone (cot keeps no key): a second throwaway "
		 "keystore of the organisation signs, under %s, which cot.yaml now trusts too\n"),
		DEMO_SIGNING_TRUST);
	if ((rc = demo_signing_keystore(dir, &k, &err))) {
		demo_pki_release(&k);
		return cli_err(&err);
	}
	rc = run("-C", dir, "bundle", "--keystore", k.keystore, "--password-env", DEMO_PASSWORD_ENV,
		NULL);
	demo_pki_release(&k);
	trust = path_join(dir, DEMO_SIGNING_TRUST);
	path = path_join(dir, bundle);
	if (!rc)
		rc = run("verify", "--trust", trust, path, NULL);
	free(trust);
	free(path);
	return rc ? rc : run("-C", dir, "status", NULL);
}

#define DEMO_FOD_TRUST "trust/cot-demo-fod-ca.pem"
#define DEMO_FOD_DIR "fod"

/*
 * The authority's round: the application sent and validated, the FOD admits the
 * organisation from its verified bundle to a whitelist of its own (in fod/) and signs it
 * with a throwaway keystore, and the organisation's check of that list records 'whitelisted'.
 */
static int demo_authority(const char *dir)
{
	struct cot_err err = COT_ERR_INIT;
	struct testpki_org fod = {"CBE", "0367302178", "FOD VOLKSGEZONDHEID", NULL,
		clock_now() - 86400, clock_now() + 3 * YEAR};
	struct demo_pki k;
	char bundle[64], from_fod[80];
	char *fod_dir = path_join(dir, DEMO_FOD_DIR), *whitelist = NULL;
	int rc;

	memset(&k, 0, sizeof(k));
	demo_bundle_name(bundle);
	snprintf(from_fod, sizeof(from_fod), "../%s", bundle);
	whitelist = path_join(DEMO_FOD_DIR, "whitelist.xml");
	if ((rc = run("-C", dir, "done", "submitted", "--file", "out/submission.eml", NULL)) ||
		(rc = run(
			 "-C", dir, "done", "fod-validated", "--ref", "FOD letter 2026/118", NULL)))
		goto out;
	printf(_("\n# The FOD admits the organisation to its whitelist, kept here in %s/, and "
		 "signs "
		 "it with a throwaway keystore of its own, under %s\n"),
		DEMO_FOD_DIR, DEMO_FOD_TRUST);
	if ((rc = fs_mkdir(fod_dir, 0755, &err)) ||
		(rc = demo_keystore(dir, DEMO_FOD_TRUST, &fod, "fod.p12", &k, &err))) {
		cli_err(&err);
		goto out;
	}
	if ((rc = run("-C", fod_dir, "whitelist", "add", "--bundle", from_fod, "--trust",
		     "../" DEMO_SIGNING_TRUST, NULL)))
		goto out;
	rc = run("-C", fod_dir, "whitelist", "sign", "--keystore", k.keystore, "--password-env",
		DEMO_PASSWORD_ENV, NULL);
	demo_pki_release(&k);
	if (!rc)
		rc = run("-C", dir, "whitelist", "check", "--file", whitelist, "--trust",
			DEMO_FOD_TRUST, NULL);
out:
	demo_pki_release(&k);
	free(fod_dir);
	free(whitelist);
	return rc;
}

/*
 * The submission: no mail server in the demo, so what would be sent, then the message for
 * a mail client; then the authority's round, and where it all stands.
 */
static int demo_submit(const char *dir)
{
	int rc;

	printf(_(
		"\n# The demo has no mail server: cot submit shows what it would send, then writes "
		"the same message for a mail client\n"));
	if ((rc = run("-C", dir, "submit", "--dry-run", "--smtp", "smtps://smtp.zonneweide.example",
		     NULL)) ||
		(rc = run("-C", dir, "submit", "--eml", "out/submission.eml", NULL)))
		return rc;
	if ((rc = demo_authority(dir)))
		return rc;
	return run("-C", dir, "status", NULL);
}

static int demo_steps(const char *dir)
{
	char d1[11], d2[11], d3[11];
	time_t now = clock_now();
	struct cot_err err = COT_ERR_INIT;
	char *pdf;
	int rc;

	day(now, 130, d1);
	day(now, 121, d2);
	day(now, 100, d3);
	if ((rc = run("init", dir, "--example", NULL)) || (rc = run("-C", dir, "status", NULL)) ||
		(rc = run("-C", dir, "cert", "request", "--date", d1, "--ref",
			 "eHealth request 2026/0412", NULL)))
		return rc;
	if ((rc = demo_cert(dir, d2)))
		return rc;
	pdf = path_join(dir, "documents/proof-of-mandate.pdf");
	rc = fs_write_atomic(pdf, sample_pdf, sizeof(sample_pdf) - 1, 0644, &err);
	free(pdf);
	if (rc)
		return cli_err(&err);
	if ((rc = run("-C", dir, "done", "registered", "--date", d3, "--file",
		     "documents/proof-of-mandate.pdf", NULL)))
		return rc;
	if ((rc = demo_checklist(dir)))
		return rc;
	if ((rc = run("-C", dir, "log", NULL)) || (rc = run("-C", dir, "log", "--verify", NULL)) ||
		(rc = run("-C", dir, "status", NULL)))
		return rc;
	if ((rc = demo_bundle(dir)))
		return rc;
	return demo_submit(dir);
}

/* The vendor's samples/ and screenshots/: one KMEHR message, one screenshot. */
static int demo_vendor_files(const char *dir)
{
	struct cot_err err = COT_ERR_INIT;
	char *xml = path_join(dir, "samples/belrai-report.xml");
	char *png = path_join(dir, "screenshots/assessment.png");
	int rc = fs_write_atomic(xml, sample_kmehr, sizeof(sample_kmehr) - 1, 0644, &err);

	if (!rc)
		rc = fs_write_atomic(png, sample_png, sizeof(sample_png) - 1, 0644, &err);
	free(xml);
	free(png);
	if (rc)
		return cli_err(&err);
	printf(_("\n(the demo puts a fictitious KMEHR message in samples/ and a screenshot in "
		 "screenshots/; cot does not ship eHealth's KMEHR schemas, so here the samples "
		 "are checked by the BelRAI rules only: 'kmehr: schemas:' in cot.yaml adds the "
		 "XSD)\n"));
	return COT_OK;
}

/*
 * The vendor's request: signed with a throwaway keystore of the vendor (trusted by cot.yaml,
 * as the care home's), then the message for a mail client. cot verify would need eHealth's
 * KMEHR schemas (--kmehr-schemas), which the demo does not have: it says so.
 */
static int demo_vendor_request(const char *dir)
{
	struct testpki_org org = {"CBE", "0809394427", "ZORGSOFT NV", NULL, clock_now() - 86400,
		clock_now() - 86400 + 3 * YEAR};
	struct cot_err err = COT_ERR_INIT;
	struct demo_pki k;
	char *trust;
	int rc;

	memset(&k, 0, sizeof(k));
	trust = path_join(dir, "trust");
	rc = fs_mkdir(trust, 0755, &err);
	free(trust);
	if (rc)
		return cli_err(&err);
	printf(_("\n# The request is signed with a throwaway keystore of the vendor, under %s, "
		 "which cot.yaml now trusts, and its address sends the request\n"),
		DEMO_SIGNING_TRUST);
	rc = demo_keystore(dir, DEMO_SIGNING_TRUST, &org, "zorgsoft.p12", &k, &err);
	if (!rc)
		rc = demo_trust_signing_from(dir, "recognition@zorgsoft.example", &err);
	if (rc) {
		demo_pki_release(&k);
		return cli_err(&err);
	}
	rc = run("-C", dir, "bundle", "--keystore", k.keystore, "--password-env", DEMO_PASSWORD_ENV,
		NULL);
	demo_pki_release(&k);
	if (rc)
		return rc;
	printf(_("\n# The FOD verifies it with 'cot verify --kmehr-schemas DIR': eHealth's KMEHR "
		 "schemas are not shipped, so the demo leaves that out\n"));
	return run("-C", dir, "submit", "--eml", "out/request.eml", NULL);
}

/* A software vendor's recognition: its project, samples, screenshots and five steps. */
static int demo_vendor_steps(const char *dir)
{
	char d[5][11];
	time_t now = clock_now();
	int rc;

	for (int i = 0; i < 5; i++)
		day(now, 120 - 25 * i, d[i]);
	if ((rc = run("init", dir, "--kind", "vendor", "--name", "ZorgSoft NV", "--kbo",
		     "0809394427", "--product", "CareSoft", "--product-version", "4.2", NULL)) ||
		(rc = run("-C", dir, "status", NULL)))
		return rc;
	rc = run("-C", dir, "check", NULL);
	if (rc != COT_FINDINGS)
		return rc ? rc : cli_error(COT_ENV, _("a fresh checklist should not be ready"));
	if ((rc = demo_answers(dir)) || (rc = demo_vendor_files(dir)) ||
		(rc = run("-C", dir, "check", NULL)) || (rc = demo_vendor_request(dir)))
		return rc;
	printf(_("\n# The request goes to the FOD by mail; the demo records the steps that "
		 "follow with cot done\n"));
	if ((rc = run("-C", dir, "done", "request-sent", "--date", d[0], NULL)) ||
		(rc = run("-C", dir, "done", "fod-validated", "--date", d[1], "--ref",
			 "FOD mail 2026/031", NULL)) ||
		(rc = run("-C", dir, "status", NULL)) ||
		(rc = run("-C", dir, "done", "acceptance-tested", "--date", d[2], NULL)) ||
		(rc = run("-C", dir, "done", "demo-held", "--date", d[3], NULL)) ||
		(rc = run("-C", dir, "done", "production-access", "--date", d[4], "--ref",
			 "FOD mail 2026/077", NULL)))
		return rc;
	return run("-C", dir, "status", NULL);
}

/* The demo directory: the one given (it must not exist yet) or a new temporary one. */
static int demo_dir(const char *given, bool vendor, char **dir)
{
	char tmpl[] = "/tmp/cot-demo-XXXXXX";

	*dir = NULL;
	if (given) {
		if (fs_exists(given))
			return cli_error(
				COT_USAGE, _("'%s' exists already; give a new directory"), given);
		if (mkdir(given, 0755) < 0)
			return cli_error(
				COT_ENV, _("cannot create '%s': %s"), given, strerror(errno));
		*dir = realpath(given, NULL);
	} else {
		if (!mkdtemp(tmpl))
			return cli_error(COT_ENV, _("cannot create a temporary directory: %s"),
				strerror(errno));
		*dir = path_join(tmpl, vendor ? "zorgsoft" : "zonneweide");
	}
	return *dir ? COT_OK : cli_error_nomem();
}

static int cmd_demo(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	char *dir;
	bool vendor = false;
	int cwd, rc, opt, err_fd;

	while ((opt = cli_getopt(&cmd_demo_entry, argc, argv)) != -1) {
		if (opt != O_VENDOR)
			return COT_USAGE;
		vendor = true;
	}
	if (argc - optind > 1)
		return cli_usage_error(&cmd_demo_entry, _("one directory at a time"));
	if ((rc = demo_dir(optind < argc ? argv[optind] : NULL, vendor, &dir)))
		return rc;
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (vendor)
		printf(_("cot demo: a sample software vendor goes through the recognition of its "
			 "software in %s\n"),
			dir);
	else
		printf(_("cot demo: a sample care home goes through the procedure in %s\n"), dir);
	/* the commands' messages among their output, in order, as on a terminal */
	fflush(stdout);
	err_fd = dup(STDERR_FILENO);
	if (err_fd >= 0)
		dup2(STDOUT_FILENO, STDERR_FILENO);
	rc = vendor ? demo_vendor_steps(dir) : demo_steps(dir);
	if (cwd >= 0) {
		if (fchdir(cwd) < 0)
			rc = rc ? rc : COT_ENV;
		close(cwd);
	}
	if (rc)
		cli_error(rc, _("the demo stopped: the last command failed (exit %d)"), rc);
	fflush(stdout);
	if (err_fd >= 0) {
		dup2(err_fd, STDERR_FILENO);
		close(err_fd);
	}
	if (!rc) {
		/* a directory with a space in its name is quoted, so that the line can be run */
		char *word = shell_word(dir);
		printf(_("\nThe demo project is in %s: look around, or run 'cot -C %s status'.\n"),
			dir, word);
		free(word);
	}
	free(dir);
	return rc;
}

const struct cot_cmd cmd_demo_entry = {
	.name = "demo",
	.fn = cmd_demo,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = demo_options,
	.usage = "cot demo [--vendor] [DIR]",
	.summary = N_("Run the whole procedure on sample data, showing every command."),
	.help = N_("  --vendor          a software vendor's recognition instead of a care home's\n"
		   "  DIR               where to put the sample project (a new directory; default\n"
		   "                    a new one under /tmp)\n"),
};
