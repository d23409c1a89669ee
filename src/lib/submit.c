/* cot submit's rules: readiness, the bundle's freshness, the message, and the journal's records. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "cot/crypto-load.h"
#include "cot/curl-load.h"
#include "cot/asice.h"
#include "cot/buf.h"
#include "cot/bundle.h"
#include "cot/checklist.h"
#include "cot/clock.h"
#include "cot/fsutil.h"
#include "cot/i18n.h"
#include "cot/lock.h"
#include "cot/procedure.h"
#include "cot/submit.h"
#include "cot/vendor.h"
#include "cot/zip-load.h"
#include "mail-submit-en.h"
#include "mail-submit-nl.h"
#include "mail-submit-fr.h"
#include "mail-submit-vendor-en.h"
#include "mail-submit-vendor-nl.h"
#include "mail-submit-vendor-fr.h"

/* ---- where it goes ---------------------------------------------------------------------- */

bool submit_to_authority(const char *to)
{
	return to && strcasecmp(to, PROJECT_SUBMIT_TO) == 0;
}

/* The host of url (or url itself, when it is a bare host name), lowercase-insensitive. */
static char *url_host(const char *url)
{
	CURLU *u = curl_api.url();
	char *host = NULL, *out = NULL;

	if (u && curl_api.url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
		curl_api.url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		out = strdup(host);
	else if (!strpbrk(url, ":/@"))
		out = strdup(url);
	curl_api.free(host);
	curl_api.url_cleanup(u);
	return out;
}

int submit_credentials_for(const char *server, const char *meant, struct cot_err *err)
{
	char *to = NULL, *for_host = NULL;
	int rc = curl_load(err);

	if (rc != COT_OK)
		return rc;
	to = url_host(server);
	for_host = meant ? url_host(meant) : NULL;
	if (!meant)
		rc = cot_err_set(err, COT_USAGE,
			_("the login from the environment is not said to be "
			  "for any server"));
	else if (!to || !for_host || strcasecmp(to, for_host) != 0)
		rc = cot_err_set(err, COT_USAGE,
			_("the login from the environment is for '%s', not for "
			  "'%s'"),
			for_host ? for_host : meant, to ? to : server);
	free(to);
	free(for_host);
	return rc;
}

/* ---- readiness ------------------------------------------------------------------------- */

static void missing(struct submit_missing *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void missing(struct submit_missing *m, const char *fmt, ...)
{
	va_list ap;

	if (m->n >= SUBMIT_MAX_MISSING)
		return;
	va_start(ap, fmt);
	vsnprintf(m->item[m->n++], sizeof(m->item[0]), fmt, ap);
	va_end(ap);
}

static void check_steps(const struct project *p, const struct journal *j, struct submit_missing *m)
{
	struct procedure pr;
	int until =
		procedure_step_index(p->cfg.route, p->cfg.kind, procedure_submit_step(p->cfg.kind));
	char list[400] = "";

	procedure_derive_kind(p->cfg.route, p->cfg.kind, j, &pr);
	for (int i = 0; i < until; i++) {
		if (pr.steps[i].done)
			continue;
		if (list[0])
			strncat(list, ", ", sizeof(list) - strlen(list) - 1);
		strncat(list, pr.steps[i].def->id, sizeof(list) - strlen(list) - 1);
	}
	if (list[0])
		missing(m, _("steps not recorded yet: %s ('cot status' says what to do next)"),
			list);
}

static void check_checklist(const struct project *p, time_t now, struct submit_missing *m)
{
	struct checklist_summary s;

	if (p->cfg.route != ROUTE_DIRECT)
		return;
	checklist_summarise(p, now, &s);
	if (s.problem[0])
		missing(m, _("the checklist cannot be judged: %s ('cot check')"), s.problem);
	else if (!s.ready)
		missing(m,
			ngettext("the checklist %s is not ready for submission: %u error ('cot "
				 "check' lists them)",
				"the checklist %s is not ready for submission: %u errors "
				"('cot check' lists them)",
				s.errors),
			s.file, s.errors);
}

/* A vendor's samples and screenshots, as cot check judges them: errors make verify reject it. */
static int check_vendor(const struct project *p, struct submit_missing *m, struct cot_err *err)
{
	struct diag_list d = DIAG_LIST_INIT;
	unsigned errors;
	int rc = vendor_check_project(p, &d, &errors, err);

	diag_list_release(&d);
	if (!rc && errors)
		missing(m,
			ngettext("the samples and screenshots are not ready: %u error ('cot check' "
				 "lists them)",
				"the samples and screenshots are not ready: %u errors ('cot check' "
				"lists them)",
				errors),
			errors);
	return rc;
}

int submit_check_ready(const struct project *p, const struct journal *j, time_t now,
	struct submit_missing *m, struct cot_err *err)
{
	struct bundle_docs docs;
	int rc;

	memset(m, 0, sizeof(*m));
	check_steps(p, j, m);
	check_checklist(p, now, m);
	if (p->cfg.kind == KIND_VENDOR) { /* its request holds samples and screenshots instead */
		if ((rc = check_vendor(p, m, err)))
			return rc;
		return m->n ? COT_FINDINGS : COT_OK;
	}
	rc = bundle_find_docs(p, j, &docs, err);
	if (!rc && docs.missing[0])
		missing(m, _("documents: %s"), docs.missing);
	bundle_docs_release(&docs);
	if (rc)
		return rc;
	return m->n ? COT_FINDINGS : COT_OK;
}

/* ---- the bundle ------------------------------------------------------------------------ */

void submit_bundle_init(struct submit_bundle *b)
{
	memset(b, 0, sizeof(*b));
}

void submit_bundle_release(struct submit_bundle *b)
{
	free(b->path);
	free(b->rel);
	for (size_t i = 0; i < b->nentries; i++)
		free(b->entries[i]);
	free(b->entries);
	submit_bundle_init(b);
}

static const char *data_str(const json_t *rec, const char *key)
{
	json_t *v = json_object_get(json_object_get(rec, "data"), key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void stale(struct submit_bundle *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Records the first reason the bundle must be built again. */
static void stale(struct submit_bundle *b, const char *fmt, ...)
{
	va_list ap;

	if (b->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(b->why, sizeof(b->why), fmt, ap);
	va_end(ap);
}

/* What the container holds: its manifest and submission.xml. */
struct contents {
	struct asice_archive a;
	struct asice_manifest man;
	struct submission sub;
};

static int read_contents(const char *path, struct contents *c, struct cot_err *err)
{
	unsigned char *data = NULL;
	size_t len;
	long i;
	int rc = asice_open_file(path, &c->a, err);

	if (!rc && (i = asice_find(&c->a, ASICE_MANIFEST)) < 0)
		rc = cot_err_set(err, COT_USAGE, _("it has no %s"), ASICE_MANIFEST);
	if (!rc && !(rc = asice_load(&c->a, (size_t)i, ASICE_MANIFEST_MAX, &data, &len, err)))
		rc = asice_manifest_parse(data, len, &c->man, err);
	free(data);
	data = NULL;
	if (!rc && (i = asice_find(&c->a, BUNDLE_SUBMISSION)) < 0)
		rc = cot_err_set(err, COT_USAGE, _("it has no %s"), BUNDLE_SUBMISSION);
	if (!rc && !(rc = asice_load(&c->a, (size_t)i, BUNDLE_SUBMISSION_MAX, &data, &len, err)))
		rc = submission_parse(data, len, &c->sub, err);
	free(data);
	return rc;
}

static const struct asice_ref *manifest_ref(const struct asice_manifest *m, const char *uri)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->refs[i].uri, uri) == 0)
			return &m->refs[i];
	return NULL;
}

/*
 * One input of the bundle: the file path (shown as shown) that went in as entry. Its
 * SHA-256 against the digest the bundle's manifest recorded when it was made: a file
 * touched, copied (cp -r) or checked out again with the same bytes is the same input.
 */
static void check_input(struct submit_bundle *b, const struct contents *c, const char *path,
	const char *shown, const char *entry)
{
	const struct asice_ref *ref = manifest_ref(&c->man, entry);
	struct cot_err ignored = COT_ERR_INIT;
	char hex[65], want[65];

	if (fs_sha256(path, hex, &ignored)) {
		stale(b, _("'%s' cannot be read"), shown);
		return;
	}
	if (!ref) {
		stale(b, _("it lacks '%s'"), shown);
		return;
	}
	for (size_t k = 0; k < 32 && k < ref->digest_len; k++)
		snprintf(want + 2 * k, 3, "%02x", ref->digest[k]);
	if (ref->md != EVP_sha256() || ref->digest_len != 32 || strcmp(hex, want) != 0)
		stale(b, _("'%s' differs from the copy in it"), shown);
}

static void check_checklist_inputs(
	const struct project *p, struct submit_bundle *b, const struct contents *c)
{
	struct cot_err ignored = COT_ERR_INIT;
	char *answers = path_join(p->root, p->cfg.answers), *set = NULL;

	check_input(b, c, answers, p->cfg.answers, BUNDLE_ANSWERS);
	if (!checklist_project_set(p, &set, &ignored))
		check_input(b, c, set, p->cfg.requirements, BUNDLE_REQUIREMENTS);
	free(answers);
	free(set);
}

/* The organisation as cot.yaml names it now against the bundle's submission.xml. */
static void check_organisation(
	const struct project *p, struct submit_bundle *b, const struct submission *s)
{
	const struct cot_config *cfg = &p->cfg;

	if (strcmp(s->name, cfg->name) != 0)
		stale(b, _("cot.yaml names the organisation '%s', the bundle '%s'"), cfg->name,
			s->name);
	else if (strcmp(s->kbo, cfg->kbo) != 0 || strcmp(s->nihii, cfg->nihii) != 0)
		stale(b, _("cot.yaml gives another KBO or NIHII number than the bundle"));
	else if (s->route != cfg->route || s->kind != cfg->kind)
		stale(b, _("cot.yaml gives another route or kind than the bundle"));
}

static int keep_entries(
	struct submit_bundle *b, const struct asice_manifest *m, struct cot_err *err)
{
	b->entries = calloc(m->n ? m->n : 1, sizeof(char *));
	if (!b->entries)
		return cot_err_nomem(err);
	for (size_t i = 0; i < m->n; i++) {
		if (!(b->entries[i] = strdup(m->refs[i].uri)))
			return cot_err_nomem(err);
		b->nentries++;
	}
	return COT_OK;
}

/* What went into the bundle against what the project holds now. */
static int check_inputs(const struct project *p, const struct journal *j, struct submit_bundle *b,
	struct cot_err *err)
{
	struct contents c;
	struct bundle_docs docs;
	struct cot_err why = COT_ERR_INIT;
	int rc;

	memset(&c, 0, sizeof(c));
	asice_archive_init(&c.a);
	asice_manifest_init(&c.man);
	submission_init(&c.sub);
	if ((rc = zip_load(err)))
		goto out;
	if (read_contents(b->path, &c, &why)) {
		stale(b, _("'%s' cannot be read (%s)"), b->rel, why.msg);
		rc = COT_OK;
		goto out;
	}
	if ((rc = keep_entries(b, &c.man, err)) || (rc = bundle_find_docs(p, j, &docs, err)))
		goto out;
	for (int r = 0; r < ROLE_COUNT; r++)
		if (docs.doc[r].present)
			check_input(b, &c, docs.doc[r].path, docs.doc[r].rel,
				bundle_role((enum bundle_role)r)->entry);
	bundle_docs_release(&docs);
	if (p->cfg.route == ROUTE_DIRECT)
		check_checklist_inputs(p, b, &c);
	check_organisation(p, b, &c.sub);
out:
	submission_release(&c.sub);
	asice_manifest_release(&c.man);
	asice_archive_release(&c.a);
	return rc;
}

const struct jrec *submit_bundle_record(const struct journal *j)
{
	for (size_t k = j->n; k-- > 0;)
		if (strcmp(j->v[k].event, BUNDLE_EVENT) == 0 &&
			json_is_true(
				json_object_get(json_object_get(j->v[k].obj, "data"), "signed")))
			return &j->v[k];
	return bundle_last(j);
}

int submit_bundle_check(const struct project *p, const struct journal *j, struct submit_bundle *b,
	struct cot_err *err)
{
	const struct jrec *rec = submit_bundle_record(j);
	const char *path, *sha, *route;
	struct cot_err ignored = COT_ERR_INIT;
	struct stat st;
	char hex[65];
	int rc;

	submit_bundle_init(b);
	path = rec ? data_str(rec->obj, "path") : NULL;
	sha = rec ? data_str(rec->obj, "sha256") : NULL;
	route = rec ? data_str(rec->obj, "route") : NULL;
	if (!rec || !path || !sha || strlen(sha) != 64) {
		stale(b, _("no bundle has been built yet"));
		return COT_OK;
	}
	b->found = true;
	b->seq = rec->seq;
	b->rel = strdup(path);
	b->path = path_join(p->root, path);
	if (!b->rel)
		return cot_err_nomem(err);
	memcpy(b->sha256, sha, sizeof(b->sha256));
	if (!json_is_true(json_object_get(json_object_get(rec->obj, "data"), "signed")))
		stale(b, _("the latest bundle, '%s', is an unsigned copy for review"), path);
	else if (!route || strcmp(route, route_name(p->cfg.route)) != 0)
		stale(b, _("'%s' was built for route %s"), path, route ? route : "?");
	else if (stat(b->path, &st) < 0 || !S_ISREG(st.st_mode))
		stale(b, _("'%s' no longer exists"), path);
	else if (fs_sha256(b->path, hex, &ignored) || strcmp(hex, sha) != 0)
		stale(b,
			_("'%s' is not the file cot built (its SHA-256 differs from the "
			  "journal's)"),
			path);
	if (b->why[0])
		return COT_OK;
	b->size = (uint64_t)st.st_size;
	if ((rc = check_inputs(p, j, b, err)))
		return rc;
	b->current = !b->why[0];
	return COT_OK;
}

/* ---- earlier submissions ----------------------------------------------------------------- */

static bool read_record(const struct jrec *rec, struct submit_record *r)
{
	const char *step = data_str(rec->obj, "step");

	memset(r, 0, sizeof(*r));
	if (strcmp(rec->event, "step") == 0 && step &&
		(strcmp(step, SUBMIT_STEP) == 0 ||
			strcmp(step, procedure_submit_step(KIND_VENDOR)) == 0))
		r->how = SUBMIT_HOW_SENT;
	else if (strcmp(rec->event, SUBMIT_RESENT) == 0)
		r->how = SUBMIT_HOW_RESENT;
	else if (strcmp(rec->event, SUBMIT_WRITTEN) == 0)
		r->how = SUBMIT_HOW_WRITTEN;
	else
		return false;
	r->seq = rec->seq;
	r->time = rec->time;
	r->date = data_str(rec->obj, "date");
	r->to = data_str(rec->obj, "to");
	r->message_id = data_str(rec->obj, "message_id");
	r->sha256 = data_str(rec->obj, "sha256");
	r->server = data_str(rec->obj, "server");
	r->reply = data_str(rec->obj, "reply");
	r->file = data_str(rec->obj, "file");
	r->ref = data_str(rec->obj, "ref");
	return true;
}

bool submit_last_sent(const struct journal *j, const char *sha256, struct submit_record *r)
{
	for (size_t k = j->n; k-- > 0;) {
		if (!read_record(&j->v[k], r) || r->how == SUBMIT_HOW_WRITTEN)
			continue;
		if (!sha256 || (r->sha256 && strcmp(r->sha256, sha256) == 0))
			return true;
	}
	return false;
}

bool submit_last(const struct journal *j, struct submit_record *r)
{
	for (size_t k = j->n; k-- > 0;)
		if (read_record(&j->v[k], r))
			return true;
	return false;
}

static const char *const how_names[] = {"sent", "resent", "written"};

/* The day of a submission: the step's date, else the day of its record. */
static void record_day(const struct submit_record *r, char out[11])
{
	snprintf(out, 11, "%s", r->date ? r->date : r->time ? r->time : "?");
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

json_t *submit_status_json(const struct journal *j)
{
	struct submit_record r;
	char day[11];
	json_t *o;

	if (!submit_last(j, &r))
		return json_null();
	record_day(&r, day);
	o = json_pack("{s:s, s:s}", "how", how_names[r.how], "date", day);
	set_str(o, "time", r.time);
	set_str(o, "to", r.to);
	set_str(o, "message_id", r.message_id);
	set_str(o, "sha256", r.sha256);
	set_str(o, "server", r.server);
	set_str(o, "reply", r.reply);
	set_str(o, "file", r.file);
	set_str(o, "ref", r.ref);
	return o;
}

/* "sent on DAY to ADDRESS" and its kin, whole, in the language of messages. */
static int status_sentence(const struct submit_record *r, const char *day, char *out, size_t len)
{
	switch (r->how) {
	case SUBMIT_HOW_SENT:
		return r->to ? snprintf(out, len, _("sent on %s to %s"), day, r->to)
			     : snprintf(out, len, _("sent on %s"), day);
	case SUBMIT_HOW_RESENT:
		return r->to ? snprintf(out, len, _("sent again on %s to %s"), day, r->to)
			     : snprintf(out, len, _("sent again on %s"), day);
	default:
		return r->to ? snprintf(out, len, _("written for a mail client on %s to %s"), day,
				       r->to)
			     : snprintf(out, len, _("written for a mail client on %s"), day);
	}
}

static void status_text(const struct journal *j, char *out, size_t len)
{
	struct submit_record r;
	char day[11];
	int n;

	if (!submit_last(j, &r)) {
		snprintf(out, len, "%s", _("not sent yet ('cot submit' sends it)"));
		return;
	}
	record_day(&r, day);
	n = status_sentence(&r, day, out, len);
	if (r.file && n >= 0 && (size_t)n < len)
		n += snprintf(out + n, len - (size_t)n, " (%s)", r.file);
	if ((r.message_id || r.ref) && n >= 0 && (size_t)n < len)
		n += snprintf(out + n, len - (size_t)n, ", %s %s%s%s",
			r.message_id ? "Message-ID" : "ref", r.message_id ? "<" : "",
			r.message_id ? r.message_id : r.ref, r.message_id ? ">" : "");
	if (r.how == SUBMIT_HOW_WRITTEN && n >= 0 && (size_t)n < len)
		/* TRANSLATORS: ends the line "Submission: written for a mail client on DATE ...".
		 */
		snprintf(out + n, len - (size_t)n, "%s",
			_("; not sent by cot: once you have sent it, 'cot done submitted'"));
}

void submit_status_text(const struct journal *j, enum lang l, char *out, size_t len)
{
	struct i18n_state was;

	if (len)
		out[0] = 0;
	i18n_enter(&was, l);
	status_text(j, out, len);
	i18n_leave(&was);
}

/* ---- the message --------------------------------------------------------------------------- */

void submit_msg_init(struct submit_msg *sm)
{
	memset(sm, 0, sizeof(*sm));
	mail_msg_init(&sm->msg);
}

void submit_msg_release(struct submit_msg *sm)
{
	free(sm->subject);
	free(sm->body);
	free(sm->message_id);
	mail_msg_release(&sm->msg);
	submit_msg_init(sm);
}

int submit_sender(const struct cot_config *cfg, const char **from, struct cot_err *err)
{
	*from = cfg->submit_from ? cfg->submit_from : cfg->security_officer.email;
	if (!*from)
		return cot_err_set(err, COT_USAGE,
			_("who sends the submission? Set 'submission: from:' "
			  "or the security officer's 'email' under 'contacts:' in cot.yaml"));
	if (!mail_addr_ok(*from))
		return cot_err_set(
			err, COT_USAGE, _("the sender '%s' is not an ASCII e-mail address"), *from);
	return COT_OK;
}

const char *submit_template(enum lang l)
{
	switch (l) {
	case LANG_NL:
		return mail_submit_nl;
	case LANG_FR:
		return mail_submit_fr;
	default:
		return mail_submit_en;
	}
}

const char *submit_vendor_template(enum lang l)
{
	switch (l) {
	case LANG_NL:
		return mail_submit_vendor_nl;
	case LANG_FR:
		return mail_submit_vendor_fr;
	default:
		return mail_submit_vendor_en;
	}
}

/* The route in words, in each language. */
static const char *route_words(enum route r, enum lang l)
{
	static const char *const words[LANG_COUNT][2] = {
		{"route A (already in the Vitalink circle of trust)",
			"route B (direct registration)"},
		{"route A (reeds lid van de Vitalink-vertrouwenscirkel)",
			"route B (rechtstreekse aanmelding)"},
		{"voie A (déjà membre du cercle de confiance Vitalink)",
			"voie B (inscription directe)"},
	};
	return words[l][r == ROUTE_DIRECT];
}

/* The attachment's name: the bundle's file name when it is plain, else KBO.asice. */
static void attach_name(const struct project *p, const struct submit_bundle *b, char out[64])
{
	const char *slash = strrchr(b->path, '/'), *name = slash ? slash + 1 : b->path;
	size_t n = strlen(name);

	if (n > 0 && n < 61 &&
		strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			     "0123456789._-") == n &&
		name[0] != '.')
		snprintf(out, 64, "%s", name);
	else
		snprintf(out, 64, "%s.asice", p->cfg.kbo);
}

static int fill_template(const struct project *p, enum lang l, const struct submit_bundle *b,
	struct submit_msg *sm, time_t now, struct cot_err *err)
{
	const char *names[] = {"organisation", "kbo", "route", "bundle", "size", "sha256",
		"contents", "sender", "date", "product", "version"};
	bool vendor = p->cfg.kind == KIND_VENDOR;
	const char *sender =
		p->cfg.security_officer.name ? p->cfg.security_officer.name : p->cfg.name;
	char kbo[16], size[32], date[11];
	struct buf contents = BUF_INIT;
	int rc;

	kbo_format(p->cfg.kbo, kbo, sizeof(kbo));
	snprintf(size, sizeof(size), "%llu", (unsigned long long)b->size);
	date_format(now, date);
	for (size_t i = 0; i < b->nentries; i++)
		buf_addf(&contents, "%s  - %s", i ? "\n" : "", b->entries[i]);
	if (contents.failed)
		return cot_err_nomem(err);
	{
		const char *values[] = {p->cfg.name, kbo, route_words(p->cfg.route, l),
			sm->attach_name, size, b->sha256, contents.data ? contents.data : "",
			sender, date, p->cfg.product ? p->cfg.product : "",
			p->cfg.product_version ? p->cfg.product_version : ""};
		/* a vendor asks for its software's recognition, in its own words */
		rc = mail_template(vendor ? submit_vendor_template(l) : submit_template(l), names,
			values, sizeof(names) / sizeof(*names), &sm->subject, &sm->body, err);
	}
	buf_release(&contents);
	return rc;
}

int submit_compose(const struct project *p, enum lang l, const struct submit_bundle *b,
	const char *to, time_t now, struct submit_msg *sm, struct cot_err *err)
{
	const struct contact *so = &p->cfg.security_officer;
	struct mail_spec s;
	int rc;

	submit_msg_init(sm);
	if ((rc = submit_sender(&p->cfg, &sm->from, err)))
		return rc;
	if (!mail_addr_ok(to))
		return cot_err_set(
			err, COT_USAGE, _("the recipient '%s' is not an ASCII e-mail address"), to);
	sm->to = to;
	sm->from_name =
		so->name && so->email && strcmp(so->email, sm->from) == 0 ? so->name : p->cfg.name;
	sm->reply_to = so->email && mail_addr_ok(so->email) ? so->email : sm->from;
	attach_name(p, b, sm->attach_name);
	if ((rc = mail_message_id(sm->from, &sm->message_id, err)) ||
		(rc = fill_template(p, l, b, sm, now, err)))
		return rc;
	s = (struct mail_spec){.from_name = sm->from_name,
		.from = sm->from,
		.reply_to = sm->reply_to,
		.to = to,
		.subject = sm->subject,
		.body = sm->body,
		.date = now,
		.message_id = sm->message_id,
		.attach_path = b->path,
		.attach_name = sm->attach_name,
		.attach_mime = ASICE_MIMETYPE,
		.attach_sha256 = b->sha256};
	return mail_build(&s, &sm->msg, err);
}

/* ---- the journal ---------------------------------------------------------------------------- */

bool submit_step_done(const struct project *p, const struct journal *j)
{
	struct procedure pr;
	int i = procedure_step_index(p->cfg.route, p->cfg.kind, procedure_submit_step(p->cfg.kind));

	procedure_derive_kind(p->cfg.route, p->cfg.kind, j, &pr);
	return i >= 0 && pr.steps[i].done;
}

int submit_can_record(
	const struct project *p, const struct journal *j, time_t now, struct cot_err *err)
{
	struct procedure pr;
	char today[11];

	if (submit_step_done(p, j))
		return COT_OK;
	procedure_derive_kind(p->cfg.route, p->cfg.kind, j, &pr);
	date_format(now, today);
	return procedure_can_mark(&pr, procedure_submit_step(p->cfg.kind), today, now, err);
}

static json_t *record_data(const struct submit_msg *sm, const struct submit_bundle *b)
{
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:s}", "bundle", b->rel, "sha256", b->sha256,
		"size", (json_int_t)b->size, "message_id", sm->message_id, "to", sm->to, "from",
		sm->from);
}

int submit_record_sent(const struct project *p, const struct lock *lk, const struct submit_msg *sm,
	const struct submit_bundle *b, const char *server, const struct smtp_result *res,
	time_t now, struct cot_err *err)
{
	struct journal j = JOURNAL_INIT;
	json_t *data = record_data(sm, b);
	char today[11];
	int rc;

	if (!lk || lk->fd < 0)
		abort(); /* the caller must hold the lock: a bug otherwise */
	if (!data)
		return cot_err_nomem(err);
	json_object_set_new(data, "server", json_string(server));
	json_object_set_new(data, "reply", json_string(res->reply));
	json_object_set_new(data, "attempts", json_integer(res->attempts));
	date_format(now, today);
	rc = project_journal_load(p, &j, err);
	if (!rc && submit_step_done(p, &j)) {
		rc = project_journal_append(p, SUBMIT_RESENT, data, err);
		data = NULL;
	} else if (!rc && !(rc = submit_can_record(p, &j, now, err))) {
		json_t *rec = json_pack(
			"{s:s, s:s}", "step", procedure_submit_step(p->cfg.kind), "date", today);
		if (rec && json_object_update(rec, data) == 0) {
			rc = project_journal_append(p, "step", rec, err); /* steals rec */
		} else {
			json_decref(rec);
			rc = cot_err_nomem(err);
		}
	}
	json_decref(data);
	journal_release(&j);
	return rc;
}

int submit_record_written(const struct project *p, const struct lock *lk,
	const struct submit_msg *sm, const struct submit_bundle *b, const char *file,
	struct cot_err *err)
{
	json_t *data = record_data(sm, b);

	if (!lk || lk->fd < 0)
		abort(); /* the caller must hold the lock: a bug otherwise */
	if (!data)
		return cot_err_nomem(err);
	json_object_set_new(data, "file", json_string(file));
	return project_journal_append(p, SUBMIT_WRITTEN, data, err);
}
