/* cot submit: send the signed bundle to the circle-of-trust address, or write the message for a
 * mail client. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cot/bundle.h"
#include "cot/cli.h"
#include "cot/crypto-load.h"
#include "cot/i18n.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/lock.h"
#include "cot/mem.h"
#include "cot/password.h"
#include "cot/procedure.h"
#include "cot/signer.h"
#include "cot/smtp.h"
#include "cot/submit.h"

#define ENV_USER "COT_SMTP_USER"
#define ENV_PASSWORD "COT_SMTP_PASSWORD"
#define ENV_HOST "COT_SMTP_HOST"
#define ENV_RETRY_BASE "COT_RETRY_BASE_MS"

enum { O_SMTP = 256, O_TO, O_EML, O_DRY_RUN, O_FORCE, O_CACERT, O_YES };

static const struct option submit_options[] = {
	{"smtp", required_argument, NULL, O_SMTP},
	{"to", required_argument, NULL, O_TO},
	{"eml", required_argument, NULL, O_EML},
	{"dry-run", no_argument, NULL, O_DRY_RUN},
	{"force", no_argument, NULL, O_FORCE},
	{"cacert", required_argument, NULL, O_CACERT},
	CLI_KEY_OPTIONS,
	{"yes", no_argument, NULL, O_YES},
	{NULL, 0, NULL, 0},
};

struct submit_args {
	struct cli_key key;
	const char *smtp, *to, *eml, *cacert;
	bool dry_run, force, yes;
};

/* True when the directory that would hold file exists. */
static bool dir_exists(const char *file)
{
	char *copy = xstrdup(file);
	struct stat st;
	bool ok = stat(dirname(copy), &st) == 0 && S_ISDIR(st.st_mode);

	free(copy);
	return ok;
}

static int check_args(const struct cot_cmd *c, const struct submit_args *a)
{
	if (a->smtp && a->eml)
		return cli_usage_error(c, _("--eml writes the message instead of sending it: give "
					    "--smtp or --eml, not both"));
	if (a->cacert && a->eml)
		return cli_usage_error(
			c, _("--cacert is for the SMTP server: --eml sends nothing"));
	if (a->eml && !a->eml[0])
		return cli_usage_error(c, _("the --eml file name is empty"));
	if (a->eml && strcmp(a->eml, "-") == 0)
		return cli_usage_error(c, _("--eml writes a file that the journal records and that "
					    "you send: give a file name, not '-'"));
	/* before anything is built or journalled: a bundle made for nothing stays otherwise */
	if (a->eml && fs_exists(a->eml))
		return cli_error(COT_USAGE,
			_("'%s' exists already: cot never overwrites it; remove it "
			  "or give another name"),
			a->eml);
	if (a->eml && !dir_exists(a->eml))
		return cli_error(
			COT_USAGE, _("cannot write '%s': its directory does not exist"), a->eml);
	if ((a->key.pw_file || a->key.pw_env) && !a->key.keystore)
		return cli_usage_error(
			c, _("--password-file and --password-env go with --keystore"));
	if (a->to && !mail_addr_ok(a->to))
		return cli_usage_error(c, _("--to '%s' is not an ASCII e-mail address"), a->to);
	return COT_OK;
}

static int parse_args(const struct cot_cmd *c, int argc, char **argv, struct submit_args *a)
{
	int opt;

	while ((opt = cli_getopt(c, argc, argv)) != -1) {
		switch (opt) {
		case O_SMTP:
			a->smtp = optarg;
			break;
		case O_TO:
			a->to = optarg;
			break;
		case O_EML:
			a->eml = optarg;
			break;
		case O_DRY_RUN:
			a->dry_run = true;
			break;
		case O_FORCE:
			a->force = true;
			break;
		case O_CACERT:
			a->cacert = optarg;
			break;
		case O_YES:
			a->yes = true;
			break;
		default:
			if (!cli_key_option(&a->key, opt, optarg))
				return COT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage_error(c, _("unexpected argument '%s'"), argv[optind]);
	return check_args(c, a);
}

/* Everything one run holds until the end. */
struct run {
	time_t now;
	bool resend; /* the step is recorded already: a send records SUBMIT_RESENT */
	const char *to, *server;
	bool implicit_tls;
	long retry_base_ms;
	struct password user, pw; /* the SMTP credentials from the environment, if any */
	struct journal j;
	struct submit_bundle b;
	struct submit_msg sm;
};

static void run_release(struct run *r)
{
	password_release(&r->user);
	password_release(&r->pw);
	journal_release(&r->j);
	submit_bundle_release(&r->b);
	submit_msg_release(&r->sm);
}

/* ---- settings ------------------------------------------------------------------------------- */

static int retry_base(long *ms)
{
	const char *s = getenv(ENV_RETRY_BASE);
	char *end;
	long v;

	*ms = 0;
	if (!s || !*s)
		return COT_OK;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < 1 || v > 600000)
		return cli_error(COT_USAGE,
			_("%s='%s' is not a number of milliseconds (1 to 600000)"), ENV_RETRY_BASE,
			s);
	*ms = v;
	return COT_OK;
}

/*
 * COT_SMTP_USER and COT_SMTP_PASSWORD: both or neither, and only for the host they are
 * meant for: COT_SMTP_HOST, else the server of cot.yaml.
 */
static int credentials(const struct project *p, struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	bool user = getenv(ENV_USER) != NULL, pw = getenv(ENV_PASSWORD) != NULL;
	const char *meant =
		getenv(ENV_HOST) && *getenv(ENV_HOST) ? getenv(ENV_HOST) : p->cfg.smtp_url;

	if (user != pw)
		return cli_error(COT_USAGE,
			_("%s and %s go together: set both, or neither to use "
			  "~/.netrc"),
			ENV_USER, ENV_PASSWORD);
	if (user && submit_credentials_for(r->server, meant, &err))
		return cli_error(COT_USAGE,
			_("not sent: %s; set %s to the server's host if the login "
			  "is meant for it, or use ~/.netrc"),
			err.msg, ENV_HOST);
	if (user && (password_from_env(ENV_USER, &r->user, &err) ||
			    password_from_env(ENV_PASSWORD, &r->pw, &err)))
		return cli_err(&err);
	return COT_OK;
}

static int settings(const struct project *p, const struct submit_args *a, struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	const char *from;
	int rc;

	r->to = a->to ? a->to : p->cfg.submit_to;
	r->server = a->smtp ? a->smtp : p->cfg.smtp_url;
	if (!mail_addr_ok(r->to))
		return cli_error(COT_USAGE,
			_("the recipient '%s' (submission: to: in cot.yaml) is not an "
			  "ASCII e-mail address"),
			r->to);
	if (submit_sender(&p->cfg, &from, &err))
		return cli_err(&err);
	if (a->eml)
		return COT_OK;
	if (!r->server)
		return cli_error(
			COT_USAGE, _("which SMTP server? Give --smtp URL or set 'submission: "
				     "smtp:' in cot.yaml; or --eml FILE to write the message for a "
				     "mail client"));
	if (!smtp_url_ok(r->server, &r->implicit_tls, &err))
		return cli_err(&err);
	if ((rc = retry_base(&r->retry_base_ms)))
		return rc;
	return credentials(p, r);
}

/* ---- the bundle ------------------------------------------------------------------------------ */

/* Builds the bundle again with the keystore, as cot bundle does. */
static int build(const struct cot_ctx *ctx, const struct project *p, const struct submit_args *a,
	struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct diag_list d = DIAG_LIST_INIT;
	struct cert_bundle ks;
	struct asice_signer signer;
	struct bundle_opts o = {.time = r->now};
	struct bundle_result res;
	struct password pw;
	int rc;

	cert_bundle_init(&ks);
	bundle_result_init(&res);
	password_init(&pw);
	if ((rc = cli_read_password(&a->key, &pw)))
		return rc;
	rc = signer_load(p, a->key.keystore, pw.s, r->now, &ks, &err);
	password_release(&pw);
	if (rc)
		return cli_err(&err);
	signer = (struct asice_signer){ks.key, ks.leaf, ks.chain};
	o.signer = &signer;
	rc = bundle_build(p, &o, &res, &d, &err);
	if (d.n && (rc || d.errors))
		diag_print_text(stderr, &d, ctx->color);
	if (rc)
		cli_err(&err);
	else
		cli_say(ctx,
			ngettext("Built %s: %zu entry, %llu bytes, SHA-256 %s\n",
				"Built %s: %zu entries, %llu bytes, SHA-256 %s\n", res.entries),
			res.rel, res.entries, (unsigned long long)res.size, res.sha256);
	ERR_clear_error();
	cert_bundle_release(&ks);
	bundle_result_release(&res);
	diag_list_release(&d);
	return rc;
}

/* A current bundle: the last one, or one built now. */
static int current_bundle(const struct cot_ctx *ctx, const struct project *p,
	const struct submit_args *a, struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	int rc;

	if (submit_bundle_check(p, &r->j, &r->b, &err))
		return cli_err(&err);
	if (r->b.current || a->dry_run)
		return COT_OK;
	if (!a->key.keystore)
		return cli_error(COT_USAGE,
			_("the bundle must be built again: %s; give --keystore FILE "
			  "to build and sign it now, or run 'cot bundle' first"),
			r->b.why);
	cli_info(ctx, _("cot: building the bundle again: %s"), r->b.why);
	if ((rc = build(ctx, p, a, r)))
		return rc;
	journal_release(&r->j);
	submit_bundle_release(&r->b);
	if (project_journal_load(p, &r->j, &err) || submit_bundle_check(p, &r->j, &r->b, &err))
		return cli_err(&err);
	if (!r->b.current)
		return cli_error(COT_USAGE,
			_("the bundle just built is not current: %s (a file dated "
			  "in the future?)"),
			r->b.why);
	return COT_OK;
}

/* ---- earlier submissions -------------------------------------------------------------------- */

/*
 * "on DATE to ADDR (Message-ID <ID>)", or what a record made by hand holds: whole phrases,
 * each translated as one.
 */
static void describe(const struct submit_record *s, char *out, size_t len)
{
	const char *day = s->date ? s->date : s->time ? s->time : "?";

	/* TRANSLATORS: the phrases below complete "was sent %s": a day (YYYY-MM-DD), an
	   e-mail address, a Message-ID or the reference given to 'cot done --ref' */
	if (s->message_id && s->to)
		snprintf(out, len, _("on %s to %s (Message-ID <%s>)"), day, s->to, s->message_id);
	else if (s->message_id)
		snprintf(out, len, _("on %s (Message-ID <%s>)"), day, s->message_id);
	else if (s->ref)
		snprintf(out, len, _("on %s (recorded with 'cot done', ref %s)"), day, s->ref);
	else
		snprintf(out, len, _("on %s (recorded with 'cot done')"), day);
}

/* The same bundle sent before, or the step done with another: only with --force. */
static int check_resend(const struct submit_args *a, const struct journal *j, const char *sha256)
{
	struct submit_record s;
	char what[1024];

	if (a->force)
		return COT_OK;
	if (submit_last_sent(j, sha256, &s)) {
		describe(&s, what, sizeof(what));
		/* TRANSLATORS: the start of the bundle's SHA-256, then "on DAY to ADDR
		   (Message-ID <ID>)" */
		return cli_error(COT_FINDINGS,
			_("this bundle (SHA-256 %.16s...) was sent %s; give "
			  "--force to send it again"),
			sha256, what);
	}
	if (submit_last_sent(j, NULL, &s)) {
		describe(&s, what, sizeof(what));
		/* TRANSLATORS: %s is "on DAY to ADDR (Message-ID <ID>)" or "on DAY (recorded with
		   'cot done')" */
		return cli_error(COT_FINDINGS,
			_("the submission is recorded as sent %s; give --force to "
			  "send this bundle too"),
			what);
	}
	return COT_OK;
}

/* ---- showing (--dry-run) ----------------------------------------------------------------------
 */

static void show_target(const struct submit_args *a, const struct run *r)
{
	/* TRANSLATORS: the labels of cot submit --dry-run are padded to 12 columns: keep the
	   values of all its lines in one column */
	if (a->eml)
		printf(_("Write:      %s (for a mail client; cot sends nothing)\n"), a->eml);
	else if (r->implicit_tls)
		/* TRANSLATORS: the server's URL, then how cot logs in ("login from ...") */
		printf(_("Server:     %s (TLS from the start, certificate verified, %s)\n"),
			r->server,
			r->user.s ? _("login from COT_SMTP_USER")
				  : _("login from netrc if it has one"));
	else
		/* TRANSLATORS: the server's URL, then how cot logs in ("login from ...") */
		printf(_("Server:     %s (STARTTLS required, certificate verified, %s)\n"),
			r->server,
			r->user.s ? _("login from COT_SMTP_USER")
				  : _("login from netrc if it has one"));
	printf(_("To:         %s\n"), r->to);
}

/* The headers as they are sent, and the body as the recipient reads it. */
static void show_message(const struct submit_msg *sm)
{
	const char *h = sm->msg.head, *end = strstr(h, "\r\n\r\n");

	printf(_("From:       %s (Reply-To %s)\n"), sm->from, sm->reply_to);
	printf(ngettext("Attachment: %s, %llu byte, SHA-256 %s\n",
		       "Attachment: %s, %llu bytes, SHA-256 %s\n", sm->msg.attach_size),
		sm->attach_name, (unsigned long long)sm->msg.attach_size, sm->msg.attach_sha256);
	printf(ngettext("Message:    %llu byte\n\n", "Message:    %llu bytes\n\n", sm->msg.total),
		(unsigned long long)sm->msg.total);
	for (const char *p = h; end && p < end + 2; p++)
		if (*p != '\r')
			putchar(*p);
	printf("\n%s", sm->body);
	if (!*sm->body || sm->body[strlen(sm->body) - 1] != '\n')
		putchar('\n');
}

static int dry_run(const struct submit_args *a, const struct run *r)
{
	printf(_("Dry run: nothing is sent, written or recorded.\n"));
	show_target(a, r);
	if (!r->b.current) {
		printf(_("Bundle:     would be built again first: %s\n"), r->b.why);
		if (!a->key.keystore)
			printf(_("            (a real run needs --keystore FILE, or 'cot bundle' "
				 "first)\n"));
		return COT_OK;
	}
	printf(_("Bundle:     %s\n"), r->b.rel);
	show_message(&r->sm);
	return COT_OK;
}

/* ---- sending ------------------------------------------------------------------------------------
 */

static void trace(bool from_server, const char *line, void *arg)
{
	(void)arg;
	fprintf(stderr, "cot: smtp: %s %s\n", from_server ? "<" : ">", line);
}

static void retrying(int attempt, long delay_ms, const char *why, void *arg)
{
	const struct cot_ctx *ctx = arg;
	char secs[32];

	i18n_decimal(secs, sizeof(secs), (double)delay_ms / 1000, 1);
	/* TRANSLATORS: the attempt's number, why it failed, then seconds with one decimal */
	cli_info(ctx, _("cot: attempt %d failed: %s; trying again in %s s"), attempt, why, secs);
}

/* Under the lock: the journal may have moved since the checks. */
static int recheck(const struct project *p, const struct submit_args *a, struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	const struct jrec *rec;

	journal_release(&r->j);
	/* a message sent (or written) that a broken journal then refuses to record is worse
	 * than none: the journal is checked before anything leaves */
	if (procedure_journal_intact(p, true, &err) || project_journal_load(p, &r->j, &err))
		return cli_err(&err);
	rec = submit_bundle_record(&r->j);
	if (!rec || rec->seq != r->b.seq)
		return cli_error(
			COT_ENV, _("another cot built a bundle meanwhile; run 'cot submit' again"));
	if (check_resend(a, &r->j, r->b.sha256))
		return COT_FINDINGS;
	if (!a->eml && submit_can_record(p, &r->j, r->now, &err))
		return cli_err(&err);
	r->resend = submit_step_done(p, &r->j);
	return COT_OK;
}

static int write_eml(const struct cot_ctx *ctx, const struct project *p,
	const struct submit_args *a, struct run *r, const struct lock *lk)
{
	struct cot_err err = COT_ERR_INIT;

	if (mail_write_file(&r->sm.msg, a->eml, &err))
		return cli_err(&err);
	if (submit_record_written(p, lk, &r->sm, &r->b, a->eml, &err)) {
		/* A message the journal does not know: it goes, as it came (it did not exist). */
		if (unlink(a->eml) == 0)
			fs_sync_parent(a->eml, &(struct cot_err)COT_ERR_INIT);
		return cli_err(&err);
	}
	cli_say(ctx,
		_("Wrote %s (%llu bytes) for a mail client: nothing was sent.\n"
		  "Message-ID <%s>, to %s, with %s (SHA-256 %s)\n"
		  "Once you have sent it: cot done %s --ref '<%s>'\n"),
		a->eml, (unsigned long long)r->sm.msg.total, r->sm.message_id, r->to,
		r->sm.attach_name, r->b.sha256, procedure_submit_step(p->cfg.kind),
		r->sm.message_id);
	return COT_OK;
}

/* y or Y, or the language's own yes (j in Dutch, o in French). */
static bool said_yes(const char *line)
{
	/* TRANSLATORS: the one letter that answers yes to a [y/N] question */
	const char *y = C_("answer", "y");

	return line[0] == 'y' || line[0] == 'Y' || (y[0] && strncasecmp(line, y, 1) == 0);
}

/*
 * The recipient and the server are named before anything is sent; a recipient that is
 * not the authority's address is sent to only when the user says so (--yes, or y on the
 * terminal).
 */
static int confirm_target(
	const struct cot_ctx *ctx, const struct submit_args *a, const struct run *r)
{
	FILE *tty;
	char line[16] = "";
	bool yes;

	if (ctx->verbosity >= 0 || !submit_to_authority(r->to))
		/* TRANSLATORS: the recipient's address, then the SMTP server's URL */
		fprintf(stderr, _("cot: sending to %s through %s\n"), r->to, r->server);
	if (submit_to_authority(r->to) || a->yes)
		return COT_OK;
	if (!(tty = fopen("/dev/tty", "r+")))
		return cli_error(COT_USAGE,
			_("'%s' is not the authority's address (%s): give --yes to "
			  "send to it"),
			r->to, PROJECT_SUBMIT_TO);
	/* TRANSLATORS: a question on the terminal; the answer "y" is C_("answer", "y") */
	fprintf(tty, _("'%s' is not the authority's address (%s). Send it there? [y/N] "), r->to,
		PROJECT_SUBMIT_TO);
	fflush(tty);
	yes = fgets(line, sizeof(line), tty) && said_yes(line);
	fclose(tty);
	return yes ? COT_OK : cli_error(COT_USAGE, _("not sent: the recipient was not confirmed"));
}

static int send_mail(const struct cot_ctx *ctx, const struct project *p,
	const struct submit_args *a, struct run *r, const struct lock *lk)
{
	struct smtp_opts o = {.url = r->server,
		.cacert = a->cacert,
		.user = r->user.s,
		.password = r->pw.s,
		.netrc = getenv("NETRC"),
		.retry_delay_ms = r->retry_base_ms,
		.retrying = retrying,
		.retry_arg = (void *)ctx};
	struct smtp_result res;
	struct cot_err err = COT_ERR_INIT;
	char today[11];
	int rc;

	if (o.netrc && !*o.netrc)
		o.netrc = NULL;
	if (ctx->verbosity > 0)
		o.trace = trace;
	if ((rc = smtp_send(&o, r->sm.from, r->to, &r->sm.msg, &res, &err)))
		return cli_error(rc, _("not sent, nothing recorded: %s"), err.msg);
	if ((rc = submit_record_sent(p, lk, &r->sm, &r->b, r->server, &res, r->now, &err)))
		return cli_error(rc,
			_("the server accepted the message (Message-ID <%s>: %s) but it "
			  "could not be recorded: %s; record it with 'cot done %s --ref "
			  "\"<%s>\"'"),
			r->sm.message_id, res.reply, err.msg, procedure_submit_step(p->cfg.kind),
			r->sm.message_id);
	date_format(r->now, today);
	cli_say(ctx,
		_("Sent %s (%llu bytes, SHA-256 %s) to %s through %s\n"
		  "Server: %s\nMessage-ID <%s>\nRecorded '%s' on %s\n"),
		r->b.rel, (unsigned long long)r->b.size, r->b.sha256, r->to, r->server, res.reply,
		r->sm.message_id, r->resend ? SUBMIT_RESENT : procedure_submit_step(p->cfg.kind),
		today);
	return COT_OK;
}

/* Takes the lock, checks again, then writes or sends and records. */
static int deliver(const struct cot_ctx *ctx, const struct project *p, const struct submit_args *a,
	struct run *r)
{
	struct lock lk = LOCK_INIT;
	struct cot_err err = COT_ERR_INIT;
	int rc;

	if (!a->eml && (rc = confirm_target(ctx, a, r)))
		return rc;
	if ((rc = project_lock(p, &lk, &err)))
		return cli_err(&err);
	if (!(rc = recheck(p, a, r)))
		rc = a->eml ? write_eml(ctx, p, a, r, &lk) : send_mail(ctx, p, a, r, &lk);
	lock_release(&lk);
	return rc;
}

/* Everything before sending: complete, current, not sent before, the message built. */
static int prepare(const struct cot_ctx *ctx, const struct project *p, const struct submit_args *a,
	struct run *r)
{
	struct cot_err err = COT_ERR_INIT;
	struct submit_missing m;
	int rc;

	if (project_journal_load(p, &r->j, &err))
		return cli_err(&err);
	if ((rc = submit_check_ready(p, &r->j, r->now, &m, &err)) == COT_FINDINGS) {
		cli_error(rc, _("the project is not ready to submit:"));
		for (int i = 0; i < m.n; i++)
			fprintf(stderr, "  - %s\n", m.item[i]);
		return rc;
	}
	if (rc)
		return cli_err(&err);
	if ((rc = settings(p, a, r)) || (rc = current_bundle(ctx, p, a, r)))
		return rc;
	if (!r->b.current)
		return COT_OK; /* a dry run: it says so */
	if ((rc = check_resend(a, &r->j, r->b.sha256)))
		return rc;
	if (submit_compose(p, ctx->lang, &r->b, r->to, r->now, &r->sm, &err))
		return cli_err(&err);
	if (a->eml && fs_exists(a->eml))
		return cli_error(COT_USAGE,
			_("'%s' exists already: cot never overwrites it; remove it "
			  "or give another name"),
			a->eml);
	return COT_OK;
}

static int cmd_submit(struct cot_ctx *ctx, struct project *p, int argc, char **argv)
{
	struct submit_args a = {0};
	struct run r;
	int rc;

	memset(&r, 0, sizeof(r));
	password_init(&r.user);
	password_init(&r.pw);
	submit_msg_init(&r.sm);
	r.now = clock_now();
	if ((rc = parse_args(&cmd_submit_entry, argc, argv, &a)))
		return rc;
	rc = prepare(ctx, p, &a, &r);
	if (!rc)
		rc = a.dry_run ? dry_run(&a, &r) : deliver(ctx, p, &a, &r);
	run_release(&r);
	return rc;
}

const struct cot_cmd cmd_submit_entry = {
	.name = "submit",
	.fn = cmd_submit,
	.flags = CMD_NEEDS_PROJECT,
	.formats = FMT_TEXT_ONLY,
	.shortopts = "",
	.longopts = submit_options,
	.usage = "cot submit [--smtp URL [--cacert FILE] | --eml FILE] [--to ADDR] [--dry-run] "
		 "[--force] [--yes] [--keystore FILE [--password-file F | --password-env VAR]]",
	.summary = N_("Send the signed bundle to the circle-of-trust address."),
	.help = N_(
		"  --smtp URL        the server: smtp://HOST[:PORT] (STARTTLS required) or\n"
		"                    smtps://HOST[:PORT] (default: submission: smtp: in cot.yaml)\n"
		"  --cacert FILE     trust this CA (PEM) for the server's certificate; it is\n"
		"                    always verified\n"
		"  --to ADDR         the recipient (default: submission: to: in cot.yaml, else\n"
		"                    circleoftrust@belrai.org)\n"
		"  --eml FILE        write the message to FILE for a mail client instead of\n"
		"                    sending it (never overwrites a file)\n"
		"  --dry-run         show what would be sent; change nothing\n"
		"  --force           send even though this bundle, or another, was sent before\n"
		"  --yes             send to a recipient that is not the authority's address\n"
		"                    without asking (cot asks on the terminal otherwise)\n"
		"  --keystore FILE   the eHealth keystore, to build and sign the bundle first\n"
		"                    when it is missing or no longer current\n"
		"Login: COT_SMTP_USER and COT_SMTP_PASSWORD, sent only to the host they are for\n"
		"(COT_SMTP_HOST, else the server of cot.yaml), else ~/.netrc (or $NETRC).\n"
		"Retries: 3, after 1, 2 and 4 s (COT_RETRY_BASE_MS sets the first delay).\n"),
};
